"""Pure helpers for the mandate and links pages: tables to records and back, and link decisions.

Nothing here imports Streamlit: the pages draw widgets and call these, and the tests call
them directly. Tables are what `st.data_editor` shows and returns; records are the domain's
frozen dataclasses; decisions are `AuditOverrides`.
"""

from __future__ import annotations

import enum
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from audit.model import (
    AuditOverrides,
    AuditResult,
    ConfirmedLinks,
    Link,
    Recommendation,
    ServiceAssessment,
)
from catalogue.model import Catalogue, Customer, Horizon, Mandate, Objective, PMOType
from catalogue.words import fold_name

# ------------------------------------------------------------------ the mandate

OBJECTIVE_COLUMNS = ("id", "statement", "priority", "success_measure", "horizon")
CUSTOMER_COLUMNS = ("name", "importance", "expectations")
HORIZON_WORDS = tuple(h.value for h in Horizon)


@dataclass(frozen=True)
class Checked:
    """The valid records of an edited table, and a sentence for every row left out."""

    records: tuple[Any, ...]
    problems: tuple[str, ...] = ()


def has_mandate(catalogue: Catalogue) -> bool:
    """True when the workbook stated any part of a mandate (fields, objectives or customers)."""
    return catalogue.mandate != Mandate() or bool(catalogue.objectives or catalogue.customers)


def clean_text(value: Any) -> str | None:
    """A cell's text, stripped; None for an empty or missing cell."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def edited_mandate(base: Mandate, *, pmo_name: str | None, pmo_type: PMOType | None,
                   statement: str | None, sponsor: str | None) -> Mandate:
    """The mandate with the fields a person changed (as the widgets give them) replaced.

    A text equal to what the form showed (the base's value, or "" for none) is not a
    change, so a workbook's own spacing never counts as an edit. Date and office kind
    are kept.
    """
    changes: dict[str, Any] = {}
    for field, typed in (("pmo_name", pmo_name), ("statement", statement),
                         ("sponsor", sponsor)):
        if (typed or "") != (getattr(base, field) or ""):
            changes[field] = clean_text(typed)
    if pmo_type != base.pmo_type:
        changes["pmo_type"] = pmo_type
    return replace(base, **changes) if changes else base


def objectives_table(objectives: Iterable[Objective]) -> pd.DataFrame:
    """The objectives as the editor shows them, one row each."""
    objectives = list(objectives)
    return pd.DataFrame({
        "id": pd.Series([o.id for o in objectives], dtype="str"),
        "statement": pd.Series([o.statement for o in objectives], dtype="str"),
        "priority": pd.Series([o.priority for o in objectives], dtype="Float64"),
        "success_measure": pd.Series([o.success_measure for o in objectives], dtype="str"),
        "horizon": pd.Series([o.horizon.value if o.horizon else None for o in objectives],
                             dtype="str"),
    })


def customers_table(customers: Iterable[Customer]) -> pd.DataFrame:
    """The mandate's customers as the editor shows them, one row each."""
    customers = list(customers)
    return pd.DataFrame({
        "name": pd.Series([c.name for c in customers], dtype="str"),
        "importance": pd.Series([c.importance for c in customers], dtype="Float64"),
        "expectations": pd.Series([c.expectations for c in customers], dtype="str"),
    })


def _weight(value: Any, what: str, row: str, problems: list[str]) -> tuple[bool, float | None]:
    """(valid, number) for a priority or importance cell; an invalid one adds a problem."""
    if clean_text(value) is None:
        return True, None
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.append(f"{row}: the {what} \"{value}\" is not a number.")
        return False, None
    if not math.isfinite(number) or number < 0:
        problems.append(f"{row}: the {what} must be 0 or more, not {value}.")
        return False, None
    return True, number


def _rows(table: pd.DataFrame, columns: Sequence[str]) -> Iterable[tuple[int, dict[str, Any]]]:
    """(1-based row number, cells) for each row that is not entirely blank."""
    present = [c for c in columns if c in table.columns]
    for number, values in enumerate(table[present].itertuples(index=False, name=None), start=1):
        cells = dict(zip(present, values, strict=True))
        if any(clean_text(v) is not None for v in cells.values()):
            yield number, cells


LEFT_OUT = "left out of the audit until it is fixed"


def objectives_from_table(table: pd.DataFrame) -> Checked:
    """The objectives in an edited table; rows with a problem are left out and named.

    An id is required and must be unique (ignoring case and spacing, as links match
    them); a priority, when given, must be a number of 0 or more. Blank rows are ignored.
    """
    records: list[Objective] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in _rows(table, OBJECTIVE_COLUMNS):
        objective_id = clean_text(cells.get("id"))
        row = f"Objectives row {number}" + (f" ({objective_id})" if objective_id else "")
        row_problems: list[str] = []
        if objective_id is None:
            row_problems.append(f"{row}: it has no id.")
        elif fold_name(objective_id) in seen:
            row_problems.append(f"{row}: the id {objective_id} is already used by row "
                                f"{seen[fold_name(objective_id)]}.")
        valid, priority = _weight(cells.get("priority"), "priority", row, row_problems)
        horizon_text = clean_text(cells.get("horizon"))
        horizon = next((h for h in Horizon if horizon_text and h.value == horizon_text.lower()),
                       None)
        if horizon_text and horizon is None:
            row_problems.append(f"{row}: the horizon \"{horizon_text}\" is not one of "
                                f"{', '.join(HORIZON_WORDS)}.")
        if row_problems:
            problems.extend(f"{p[:-1]}; {LEFT_OUT}." for p in row_problems)
            continue
        assert objective_id is not None and valid
        seen[fold_name(objective_id)] = number
        records.append(Objective(
            id=objective_id, statement=clean_text(cells.get("statement")) or "",
            priority=priority, success_measure=clean_text(cells.get("success_measure")),
            horizon=horizon))
    return Checked(tuple(records), tuple(problems))


def customers_from_table(table: pd.DataFrame) -> Checked:
    """The customers in an edited table; rows with a problem are left out and named.

    A name is required and must be unique (ignoring case and spacing, as services' customer
    names match them); an importance, when given, must be a number of 0 or more.
    """
    records: list[Customer] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in _rows(table, CUSTOMER_COLUMNS):
        name = clean_text(cells.get("name"))
        row = f"Customers row {number}" + (f" ({name})" if name else "")
        row_problems: list[str] = []
        if name is None:
            row_problems.append(f"{row}: it has no name.")
        elif fold_name(name) in seen:
            row_problems.append(f"{row}: the name {name} is already used by row "
                                f"{seen[fold_name(name)]}.")
        valid, importance = _weight(cells.get("importance"), "importance", row, row_problems)
        if row_problems:
            problems.extend(f"{p[:-1]}; {LEFT_OUT}." for p in row_problems)
            continue
        assert name is not None and valid
        seen[fold_name(name)] = number
        records.append(Customer(name=name, importance=importance,
                                expectations=clean_text(cells.get("expectations"))))
    return Checked(tuple(records), tuple(problems))


# ------------------------------------------------------------------ links


class Side(enum.Enum):
    """Which links a matrix edits: services to objectives, or to the mandate's customers."""

    OBJECTIVES = "objectives"
    CUSTOMERS = "customers"

    @property
    def rejected_field(self) -> str:
        """The ConfirmedLinks field holding dismissed suggestions on this side."""
        return f"rejected_{self.value}"

    def targets(self, catalogue: Catalogue) -> tuple[str, ...]:
        """The matrix's columns: objective ids, or mandate customer names."""
        if self is Side.OBJECTIVES:
            return tuple(o.id for o in catalogue.objectives)
        return tuple(c.name for c in catalogue.customers)

    def links(self, service: ServiceAssessment) -> tuple[Link, ...]:
        """The links the audit used on this side (explicit ones, or else suggested ones)."""
        return service.objective_links if self is Side.OBJECTIVES else service.customer_links

    def extra(self, service: ServiceAssessment) -> tuple[str, ...]:
        """What the workbook names beyond the mandate; kept when a person decides the links."""
        if self is Side.OBJECTIVES:
            return service.unmatched_objectives
        return service.customers_outside_mandate

    def inside(self, service: ServiceAssessment) -> bool:
        """True when the service is linked (explicitly or by suggestion) to the mandate here."""
        if self is Side.OBJECTIVES:
            return service.inside_mandate
        return bool(service.customer_links)


@dataclass(frozen=True)
class LinkRow:
    """One service in a link matrix, as it was when the table was opened.

    `decided` and `rejected` are what a person had already decided on this side (None:
    the workbook's links stand); edits in the table are judged against this row.
    """

    service_id: str
    name: str
    recommendation: Recommendation
    stated: tuple[str, ...]  # explicit links the audit used
    stated_by_person: bool
    suggested: tuple[tuple[str, float], ...]  # (target, confidence), best first
    extra: tuple[str, ...]
    decided: tuple[str, ...] | None
    rejected: tuple[str, ...]


def link_row(service: ServiceAssessment, side: Side, overrides: AuditOverrides) -> LinkRow:
    """The matrix row of one service."""
    links = side.links(service)
    person = overrides.links.get(service.service_id)
    return LinkRow(
        service_id=service.service_id,
        name=service.name,
        recommendation=service.recommendation,
        stated=tuple(link.target for link in links if link.explicit),
        stated_by_person=bool(person is not None and getattr(person, side.value) is not None),
        suggested=tuple((link.target, link.confidence) for link in links if not link.explicit),
        extra=side.extra(service),
        decided=getattr(person, side.value) if person is not None else None,
        rejected=getattr(person, side.rejected_field) if person is not None else (),
    )


class Show(enum.Enum):
    """Which services a link matrix lists."""

    ALL = "All services"
    OUTSIDE = "Outside the mandate"
    SUGGESTED = "With suggestions"
    UNSTATED = "Without a stated link"
    DECIDED = "Decided in the app"


def matching_services(result: AuditResult, side: Side, show: Show, search: str,
                      overrides: AuditOverrides) -> list[int]:
    """Positions of the services to list: those `show` selects whose name or id holds `search`."""
    needle = search.strip().casefold()
    picked = []
    for position, service in enumerate(result.services):
        if needle and needle not in service.name.casefold() \
                and needle not in service.service_id.casefold():
            continue
        links = side.links(service)
        if show is Show.OUTSIDE and side.inside(service):
            continue
        if show is Show.SUGGESTED and not any(not link.explicit for link in links):
            continue
        if show is Show.UNSTATED and any(link.explicit for link in links):
            continue
        if show is Show.DECIDED:
            person = overrides.links.get(service.service_id)
            if person is None or (getattr(person, side.value) is None
                                  and not getattr(person, side.rejected_field)):
                continue
        picked.append(position)
    return picked


def target_column(target: str) -> str:
    """The matrix's column name for one objective or customer (kept apart from other columns)."""
    return f"→ {target}"


def status_words(row: LinkRow) -> str:
    """How the service is linked, in a few words with a sign a room can read."""
    if row.stated:
        return "✓ decided" if row.stated_by_person else "✓ workbook"
    if row.suggested:
        return "≈ suggested"
    if row.stated_by_person:
        return "✗ decided: none"
    return "— none"


def suggestion_words(row: LinkRow) -> str:
    """The suggestions of one service with their confidence: "OBJ-02 (0.42) · OBJ-03 (0.18)"."""
    return " · ".join(f"{target} ({confidence:.2f})" for target, confidence in row.suggested)


# The matrix's columns besides the service and the targets: those shown before the ticks
# (the suggestions and what to do with them), then those after.
MATRIX_LEFT_COLUMNS = ("suggested", "accept", "reject")
MATRIX_RIGHT_COLUMNS = ("status", "confidence", "recommendation", "id", "extra")
MATRIX_EDITABLE_COLUMNS = ("accept", "reject")


def matrix_table(rows: Sequence[LinkRow], targets: Sequence[str]) -> pd.DataFrame:
    """The link matrix the editor shows: one row per service, one tick column per target.

    The service and its suggestions come first, with the boxes to accept or reject them,
    then one tick column per target, so a room reads the decision to make on one line;
    then how the service is linked, its best confidence, and what else it names.
    """
    columns: dict[str, pd.Series] = {
        "service": pd.Series([r.name for r in rows], dtype="str"),
        "suggested": pd.Series([suggestion_words(r) for r in rows], dtype="str"),
        "accept": pd.Series([False] * len(rows), dtype="bool"),
        "reject": pd.Series([False] * len(rows), dtype="bool"),
    }
    for target in targets:
        columns[target_column(target)] = pd.Series([target in r.stated for r in rows],
                                                   dtype="bool")
    columns.update({
        "status": pd.Series([status_words(r) for r in rows], dtype="str"),
        "confidence": pd.Series([r.suggested[0][1] if r.suggested else None for r in rows],
                                dtype="float64"),
        "recommendation": pd.Series([r.recommendation.label for r in rows], dtype="str"),
        "id": pd.Series([r.service_id for r in rows], dtype="str"),
        "extra": pd.Series([" · ".join(r.extra) for r in rows], dtype="str"),
    })
    return pd.DataFrame(columns)


def _wanted(row: LinkRow, ticked: set[str], accept: bool, reject: bool,
            targets: Sequence[str]) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """(decided, rejected) on this side for one row as the person left it in the table."""
    suggested = [target for target, _ in row.suggested]
    accept = accept and bool(suggested)
    reject = reject and bool(suggested) and not accept
    chosen = ticked | (set(suggested) if accept else set())
    decided = row.decided
    if chosen != set(row.stated) or accept:
        decided = tuple(t for t in targets if t in chosen) + row.extra
    rejected = row.rejected
    if reject:
        rejected = rejected + tuple(t for t in suggested if t not in rejected)
    return decided, rejected


def set_side(overrides: AuditOverrides, service_id: str, side: Side,
             decided: tuple[str, ...] | None, rejected: tuple[str, ...]) -> AuditOverrides:
    """The overrides with one service's decision on one side set (the other side kept).

    A service left with nothing decided on either side is dropped from the overrides, so
    the workbook's links stand again.
    """
    current = overrides.links.get(service_id)
    changes: dict[str, Any] = {side.value: decided, side.rejected_field: tuple(rejected)}
    new: ConfirmedLinks | None = replace(current or ConfirmedLinks(), **changes)
    if new == ConfirmedLinks():
        new = None
    if new == current:
        return overrides
    if new is None:
        return replace(overrides, links={k: v for k, v in overrides.links.items()
                                         if k != service_id})
    return overrides.with_links(service_id, new)


def decisions_from_matrix(rows: Sequence[LinkRow], table: pd.DataFrame,
                          targets: Sequence[str], side: Side,
                          overrides: AuditOverrides) -> AuditOverrides:
    """The overrides with every row of an edited matrix applied.

    Each row is judged against the service as it was when the table was opened: ticks
    that differ from the links stated then become a person's decision (exactly the ticked
    targets); "accept" adds the row's suggestions to them; "reject" dismisses the row's
    suggestions; a row put back as it was restores the decision it had then.
    """
    tick_columns = [target_column(t) for t in targets]
    ticks = table[tick_columns].fillna(False).astype(bool).to_numpy() if targets else None
    accepts = table["accept"].fillna(False).astype(bool).tolist()
    rejects = table["reject"].fillna(False).astype(bool).tolist()
    for i, row in enumerate(rows):
        ticked = ({t for t, on in zip(targets, ticks[i], strict=True) if on}
                  if ticks is not None else set())
        decided, rejected = _wanted(row, ticked, accepts[i], rejects[i], targets)
        current = overrides.links.get(row.service_id)
        now_decided = getattr(current, side.value) if current is not None else None
        now_rejected = getattr(current, side.rejected_field) if current is not None else ()
        if (decided, tuple(rejected)) != (now_decided, tuple(now_rejected)):
            overrides = set_side(overrides, row.service_id, side, decided, rejected)
    return overrides


def suggestions_at_or_above(result: AuditResult, side: Side, threshold: float
                            ) -> dict[str, tuple[str, ...]]:
    """Service id -> the suggested targets with at least this confidence, best first."""
    found: dict[str, tuple[str, ...]] = {}
    for service in result.services:
        targets = tuple(link.target for link in side.links(service)
                        if not link.explicit and link.confidence >= threshold - 1e-9)
        if targets:
            found[service.service_id] = found.get(service.service_id, ()) + targets
    return found


def suggestion_confidences(result: AuditResult, side: Side) -> list[float]:
    """The confidence of every suggested link on this side."""
    return [link.confidence for service in result.services for link in side.links(service)
            if not link.explicit]


def accept_suggestions(result: AuditResult, side: Side, threshold: float,
                       overrides: AuditOverrides) -> AuditOverrides:
    """The overrides with every suggestion at or above `threshold` made explicit.

    For each service with such suggestions, its links on this side become exactly those
    suggestions (a service with suggestions has no explicit links on that side); weaker
    suggestions of the same service are dropped, as the audit uses explicit links alone
    once a service has any.
    """
    order = {target: i for i, target in enumerate(side.targets(result.catalogue))}
    by_id = {s.service_id: s for s in result.services}
    for service_id, targets in suggestions_at_or_above(result, side, threshold).items():
        person = overrides.links.get(service_id)
        rejected = getattr(person, side.rejected_field) if person is not None else ()
        chosen = tuple(sorted(dict.fromkeys(targets), key=lambda t: order.get(t, len(order))))
        decided = chosen + side.extra(by_id[service_id])
        overrides = set_side(overrides, service_id, side, decided, rejected)
    return overrides


def forget_links(overrides: AuditOverrides) -> AuditOverrides:
    """The overrides with every link decision dropped (the mandate as edited is kept)."""
    return replace(overrides, links={})


# ------------------------------------------------------------------ presentation view

EXPLICIT_MARK = "✓"


def presentation_table(rows: Sequence[LinkRow], targets: Sequence[str]) -> pd.DataFrame:
    """A read-only matrix: "✓" for an explicit link, "≈0.42" for a suggestion, "" for none."""
    cells: dict[str, list[str]] = {"Service": [f"{r.name} ({r.service_id})" for r in rows]}
    for target in targets:
        column = []
        for r in rows:
            confidence = dict(r.suggested).get(target)
            if target in r.stated:
                column.append(EXPLICIT_MARK)
            elif confidence is not None:
                column.append(f"≈{confidence:.2f}")
            else:
                column.append("")
        cells[target] = column
    return pd.DataFrame(cells, dtype="str")


def cell_colour(value: Any) -> str:
    """CSS for one presentation cell: green for explicit, amber for suggested."""
    text = str(value)
    if text == EXPLICIT_MARK:
        return "background-color: #2e7d32; color: white; font-weight: bold; text-align: center"
    if text.startswith("≈"):
        return "background-color: #ffb300; color: black; text-align: center"
    return ""


def count_links(result: AuditResult, side: Side) -> tuple[int, int]:
    """(explicit links, suggested links) on this side across the catalogue."""
    explicit = suggested = 0
    for service in result.services:
        for link in side.links(service):
            if link.explicit:
                explicit += 1
            else:
                suggested += 1
    return explicit, suggested


def decided_services(overrides: AuditOverrides) -> int:
    """How many services have links decided in the app."""
    return sum(1 for links in overrides.links.values() if links != ConfirmedLinks())


def digest(parts: Mapping[str, Any]) -> str:
    """A short stable name for a view (filters and page), for widget keys."""
    text = "\x1f".join(f"{k}={parts[k]!r}" for k in sorted(parts))
    return hashlib.sha1(text.encode()).hexdigest()[:10]

