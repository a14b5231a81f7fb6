"""Import issues as they stand after people's decisions about the mandate and the links.

The importer judges a service's customer names against the mandate in the workbook. When
people edit the customers in the app, or say which group a service serves, the audit
follows; so must the import's list of unknown customers: a group added in the app is no
longer unknown, and a group removed there makes the names that used it unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from catalogue.model import Issue, IssueCode, Severity

from .model import AuditOverrides, AuditResult
from .wording import join_names, shorten

ROWS_NAMED = 10  # rows named in a message; the rest are counted


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

    The importer gives one unknown-customer issue per sheet and column, with the rows it
    concerns. When the mandate's customers were changed in the app (`overrides.customers`),
    every service is checked again, not only those the importer flagged; a service a person
    linked to the mandate's groups leaves the issue. An issue none of whose rows is still
    unknown is gone; the others name what is unknown now, and on which rows.
    """
    customers_edited = overrides.customers is not None
    decided = {sid for sid, links in overrides.links.items() if links.customers is not None}
    catalogue = result.catalogue
    by_place = {(s.sheet, s.row): s.id for s in catalogue.services}
    outside = {a.service_id: a.customers_outside_mandate for a in result.services}
    groups = tuple(c.name for c in catalogue.customers)

    def unknown_rows(sheet: str | None, rows: Iterable[int]) -> list[int]:
        return [r for r in rows if outside.get(by_place.get((sheet, r), ""), ())]

    kept: list[Issue] = []
    sheets_told: set[str | None] = set()
    for issue in issues:
        if issue.code is not IssueCode.UNKNOWN_CUSTOMER:
            kept.append(issue)
            continue
        sheets_told.add(issue.sheet)
        rows = issue.rows or ((issue.row,) if issue.row is not None else ())
        concerned = {by_place.get((issue.sheet, r)) for r in rows}
        if not customers_edited and not concerned & decided:
            kept.append(issue)  # nothing people decided touches it: the importer's words
            continue
        if customers_edited:
            rows = tuple(sorted({*rows, *(s.row for s in catalogue.services
                                          if s.sheet == issue.sheet and s.row is not None)}))
        now = unknown_rows(issue.sheet, rows) if groups else []
        if now:
            kept.append(_issue(issue.sheet, issue.column, now, by_place, outside, groups))
    if customers_edited and groups:
        for sheet in dict.fromkeys(s.sheet for s in catalogue.services):
            if sheet in sheets_told:
                continue
            now = unknown_rows(sheet, [s.row for s in catalogue.services
                                       if s.sheet == sheet and s.row is not None])
            if now:
                kept.append(_issue(sheet, None, now, by_place, outside, groups))
    return tuple(kept)


def _issue(sheet: str | None, column: str | None, rows: Sequence[int],
           by_place: dict, outside: dict, groups: Sequence[str]) -> Issue:
    names = list(dict.fromkeys(n for r in rows for n in outside[by_place[(sheet, r)]]))
    shown = join_names([f"'{shorten(n)}'" for n in names], 8)
    one = len(names) == 1
    where = (f" (row {rows[0]})" if len(rows) == 1 else
             f" (rows {', '.join(str(r) for r in rows[:ROWS_NAMED])}"
             + (f" and {len(rows) - ROWS_NAMED:,} more)" if len(rows) > ROWS_NAMED else ")"))
    message = (f"{shown} {'is' if one else 'are'} not among the mandate's customers{where}, "
               f"so {'it was' if one else 'they were'} kept as written. On the Mandate page, "
               f"add {'it' if one else 'them'} as a customer group or map "
               f"{'it' if one else 'them'} to one of the mandate's groups "
               f"({join_names([shorten(g) for g in groups], 6)}).")
    return Issue(Severity.WARNING, IssueCode.UNKNOWN_CUSTOMER, message, sheet=sheet,
                 row=rows[0], column=column, rows=tuple(rows))
