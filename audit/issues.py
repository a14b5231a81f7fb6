"""Import issues as they stand after people's decisions about the mandate and the links.

The importer judges a service's customer names against the mandate in the workbook. When
people edit the customers in the app, or say which group a service serves, the audit
follows; so must the import's list of unknown customers: a group added in the app is no
longer unknown, and a group removed there makes the names that used it unknown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from catalogue.model import Issue, IssueCode, Severity

from .model import AuditOverrides, AuditResult
from .wording import join_names, shorten


def unknown_customers(result: AuditResult) -> dict[str, tuple[str, ...]]:
    """Each customer name the catalogue uses that the mandate (as edited) does not name,
    with the ids of the services that use it, in the catalogue's order."""
    out: dict[str, list[str]] = {}
    for service in result.services:
        for name in service.customers_outside_mandate:
            out.setdefault(name, []).append(service.service_id)
    return {name: tuple(ids) for name, ids in out.items()}


def issues_now(issues: Sequence[Issue], result: AuditResult,
               overrides: AuditOverrides) -> tuple[Issue, ...]:
    """The import's issues, with unknown customers checked again against `result`'s mandate.

    When the mandate's customers were changed in the app (`overrides.customers`), every
    service is checked again, not only those the importer flagged. A service a person
    linked to the mandate's groups loses its issue, or keeps one naming what is still
    unknown.
    """
    customers_edited = overrides.customers is not None
    decided = {sid for sid, links in overrides.links.items() if links.customers is not None}
    catalogue = result.catalogue
    by_place = {(s.sheet, s.row): s.id for s in catalogue.services}
    outside = {a.service_id: a.customers_outside_mandate for a in result.services}
    groups = tuple(c.name for c in catalogue.customers)
    column_of_sheet = {i.sheet: i.column for i in issues if i.code is IssueCode.UNKNOWN_CUSTOMER}
    kept: list[Issue] = []
    checked: set[str] = set()
    for issue in issues:
        service_id = by_place.get((issue.sheet, issue.row))
        if issue.code is not IssueCode.UNKNOWN_CUSTOMER or service_id is None:
            kept.append(issue)
            continue
        checked.add(service_id)
        names = outside.get(service_id, ())
        if not names or not groups:
            continue  # a group added in the app, or a person linked the service
        kept.append(dataclasses.replace(issue, message=_message(names, groups))
                    if customers_edited or service_id in decided else issue)
    if customers_edited and groups:
        for service in catalogue.services:
            names = outside.get(service.id, ())
            if names and service.id not in checked:
                kept.append(Issue(Severity.WARNING, IssueCode.UNKNOWN_CUSTOMER,
                                  _message(names, groups), sheet=service.sheet,
                                  row=service.row, column=column_of_sheet.get(service.sheet)))
    return tuple(kept)


def _message(names: Sequence[str], groups: Sequence[str]) -> str:
    shown = join_names([f"'{shorten(n)}'" for n in names], len(names))
    one = len(names) == 1
    return (f"{shown} {'is' if one else 'are'} not among the mandate's customers, so "
            f"{'it was' if one else 'they were'} kept as written. On the Mandate page, add "
            f"{'it' if one else 'them'} as a customer group or map {'it' if one else 'them'} "
            f"to one of the mandate's groups ({join_names([shorten(g) for g in groups], 6)}).")
