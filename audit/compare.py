"""What changed between two audits of one PMO: for a sponsor asking "what changed since?".

`compare(before, after)` sets two audit results side by side: services added, removed and
changed (catalogue fields as a PMO manager reads them, and the audit's view: alignment,
value, recommendation), the headline figures, findings resolved and new, objectives and
customers newly covered or lost. `Comparison.sentences()` tells the story in plain
language; `reports.charts.comparison_chart` draws the four headline percentages before and after.

Services are matched by id. An id the importer generated (`S001`, `S002`... for a
catalogue without an ID column) says nothing about which service it is, so services
whose ids are generated, or whose id the other version lacks, are matched by name
(case, spacing and punctuation ignored). A catalogue that itself numbers its services
`S001`... is matched by name too: a renamed service there shows as removed and added.

A finding is the same in both versions when its code and its subjects (services, matched
as above; objectives; customers, with the importer's name folding) are the same; its
wording and severity may differ.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from catalogue.matching import customer_key
from catalogue.model import Service, ServiceStatus
from catalogue.words import fold_name

from .model import AuditResult, Finding, FindingSeverity, Recommendation, ServiceAssessment
from .wording import fte, join_names, number, objective_label, percent, plural, service_label

# Scores are shown with two decimals: a smaller move is noise (a suggestion's confidence
# shifts a little whenever any other service's wording changes).
SCORE_TOLERANCE = 0.005
_GENERATED_ID = re.compile(r"S\d{3,}")
NOT_GIVEN = "not given"
NAMES_IN_A_SENTENCE = 4


@dataclass(frozen=True)
class FieldChange:
    """One catalogue field of a service that changed, both values as a PMO manager reads them."""

    field: str  # the attribute of catalogue.model.Service
    label: str  # "Effort", "Last reviewed"
    before: str  # "1.4 FTE", "active", "Project managers; Project boards", "not given"
    after: str


@dataclass(frozen=True)
class ServiceChange:
    """A service in both versions, with what changed in its entry and in the audit's view."""

    service_id: str  # as the later version names it
    name: str  # as the later version names it
    fields: tuple[FieldChange, ...]
    alignment_before: float
    alignment_after: float
    value_before: float | None
    value_after: float | None
    recommendation_before: Recommendation
    recommendation_after: Recommendation
    inside_before: bool
    inside_after: bool
    status_before: ServiceStatus | None = None
    status_after: ServiceStatus | None = None
    effort_before: float | None = None
    effort_after: float | None = None
    service_id_before: str = ""  # differs from service_id when matched by name

    def field(self, name: str) -> FieldChange | None:
        """The change to one field (by attribute name), if it changed."""
        return next((f for f in self.fields if f.field == name), None)

    @property
    def retired(self) -> bool:
        """True when the service was retired between the two versions."""
        return (self.status_after is ServiceStatus.RETIRED
                and self.status_before is not ServiceStatus.RETIRED)

    @property
    def now_retiring(self) -> bool:
        """True when the service was set to retire between the two versions."""
        return (self.status_after is ServiceStatus.RETIRING
                and self.status_before is not ServiceStatus.RETIRING)

    @property
    def renamed_from(self) -> str | None:
        """The earlier name, when the service was renamed."""
        change = self.field("name")
        return change.before if change else None

    @property
    def alignment_changed(self) -> bool:
        """True when alignment moved by more than the two decimals it is shown with."""
        return abs(self.alignment_after - self.alignment_before) > SCORE_TOLERANCE

    @property
    def value_changed(self) -> bool:
        """True when value moved, or became judged or unjudged."""
        if self.value_before is None or self.value_after is None:
            return (self.value_before is None) != (self.value_after is None)
        return abs(self.value_after - self.value_before) > SCORE_TOLERANCE

    @property
    def recommendation_changed(self) -> bool:
        """True when the audit recommends something else now."""
        return self.recommendation_before is not self.recommendation_after

    @property
    def audit_only(self) -> bool:
        """True when the entry is unchanged but the audit's view of it moved.

        Value is judged against the catalogue's median demand and demand per FTE, so a
        service can score differently because the rest of the catalogue changed.
        """
        return not self.fields

    @property
    def changed(self) -> bool:
        """True when anything changed: a field, alignment, value, inside the mandate or not."""
        return bool(self.fields or self.alignment_changed or self.value_changed
                    or self.recommendation_changed or self.inside_before != self.inside_after)


@dataclass(frozen=True)
class HeadlineChange:
    """One catalogue-wide figure before and after; `percent` when it is a fraction 0..1."""

    label: str
    before: float | None
    after: float | None
    percent: bool = True
    unit: str = ""  # "FTE" for effort; "" for a count or a percentage

    def shown(self, value: float | None) -> str:
        """A value of this figure as text: '68%', '5.1 FTE', '13', 'not known'."""
        if value is None:
            return "not known"
        if self.percent:
            return percent(value)
        if self.unit == "FTE":
            return fte(value)
        return number(value)

    @property
    def change(self) -> float | None:
        """After minus before, or None when either is not known."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def moved(self) -> bool:
        """True when the figure reads differently, as shown (41% to 41% has not moved)."""
        return self.shown(self.before) != self.shown(self.after)


@dataclass(frozen=True)
class Comparison:
    """What changed between two audits of one PMO's catalogue."""

    before_label: str
    after_label: str
    added: tuple[ServiceAssessment, ...]  # in the later version only, in its order
    removed: tuple[ServiceAssessment, ...]  # in the earlier version only, in its order
    changed: tuple[ServiceChange, ...]  # in both, something changed; in the later order
    unchanged: int  # in both, nothing changed
    headlines: tuple[HeadlineChange, ...]
    findings_resolved: tuple[Finding, ...]  # as the earlier audit wrote them
    findings_new: tuple[Finding, ...]  # as the later audit wrote them
    objectives_newly_covered: tuple[str, ...]  # objective ids
    objectives_no_longer_covered: tuple[str, ...]
    customers_newly_served: tuple[str, ...]  # customer names as the later mandate writes them
    customers_no_longer_served: tuple[str, ...]
    # In the later version, delivered (served) by no service in service but by a planned
    # one, where the earlier version planned none
    objectives_planned: tuple[str, ...] = ()
    customers_planned: tuple[str, ...] = ()
    # The mandate itself changed
    objectives_added: tuple[str, ...] = ()
    objectives_removed: tuple[str, ...] = ()
    customers_added: tuple[str, ...] = ()
    customers_removed: tuple[str, ...] = ()
    planned_effort_before: float = 0.0  # FTE of planned services, not in the totals
    planned_effort_after: float = 0.0
    objective_statements: tuple[tuple[str, str], ...] = ()  # id -> statement, for sentences
    service_names: tuple[tuple[str, str], ...] = ()  # later id -> name, for sentences
    # later id -> the decision ("retire", "hand over") by which a service leaves the PMO
    decided_leaving: tuple[tuple[str, str], ...] = ()

    def headline(self, label: str) -> HeadlineChange | None:
        """One headline figure by its label ("Mandate fit")."""
        return next((h for h in self.headlines if h.label == label), None)

    def service(self, service_id: str) -> ServiceChange | None:
        """The change to one service, by its id in the later version."""
        return next((c for c in self.changed if c.service_id == service_id), None)

    @property
    def retired(self) -> tuple[ServiceChange, ...]:
        """Services retired between the two versions (by the catalogue or by a decision)."""
        return tuple(c for c in self.changed if c.retired)

    @property
    def leaving_by_decision(self) -> tuple[tuple[ServiceChange, str], ...]:
        """Services retired between the two versions because people decided so."""
        decided = dict(self.decided_leaving)
        return tuple((c, decided[c.service_id]) for c in self.retired
                     if c.service_id in decided)

    @property
    def retiring(self) -> tuple[ServiceChange, ...]:
        """Services set to retire between the two versions."""
        return tuple(c for c in self.changed if c.now_retiring)

    @property
    def nothing_changed(self) -> bool:
        """True when the two audits show no difference at all."""
        return not (self.added or self.removed or self.changed or self.findings_resolved
                    or self.findings_new or any(h.moved for h in self.headlines)
                    or self.objectives_added or self.objectives_removed
                    or self.customers_added or self.customers_removed)

    def sentences(self) -> tuple[str, ...]:
        """The story in plain language, one sentence per point, the headline figures first."""
        if self.nothing_changed:
            return (f"Nothing changed between {self.before_label} and {self.after_label}: "
                    f"the same services, figures and findings.",)
        statements = dict(self.objective_statements)

        def objectives(ids: Sequence[str]) -> str:
            return join_names([objective_label(i, statements.get(i)) for i in ids],
                              NAMES_IN_A_SENTENCE)

        out: list[str] = []
        out += _headline_sentences(self.headlines)
        if self.planned_effort_after or self.planned_effort_before:
            if _same_fte(self.planned_effort_before, self.planned_effort_after):
                out.append(f"Planned services would take a further "
                           f"{fte(self.planned_effort_after)}, as before.")
            else:
                earlier = (fte(self.planned_effort_before) if self.planned_effort_before
                           else "none")
                out.append(f"Planned services would take a further "
                           f"{fte(self.planned_effort_after)} ({earlier} before).")
        out += _service_sentences(self)
        if self.objectives_added or self.objectives_removed:
            parts = []
            if self.objectives_added:
                parts.append(f"gained {objectives(self.objectives_added)}")
            if self.objectives_removed:
                parts.append(f"dropped {objectives(self.objectives_removed)}")
            out.append(f"The mandate {' and '.join(parts)}.")
        if self.customers_added or self.customers_removed:
            parts = []
            if self.customers_added:
                parts.append(f"gained the customers {_names(self.customers_added)}")
            if self.customers_removed:
                parts.append(f"dropped the customers {_names(self.customers_removed)}")
            out.append(f"The mandate {' and '.join(parts)}.")
        if self.objectives_newly_covered:
            out.append(f"Now delivered by a service in service: "
                       f"{objectives(self.objectives_newly_covered)}.")
        if self.objectives_no_longer_covered:
            out.append(f"No longer delivered by any service in service: "
                       f"{objectives(self.objectives_no_longer_covered)}.")
        if self.objectives_planned:
            out.append(f"Still delivered by no service in service, but planned services "
                       f"would deliver {objectives(self.objectives_planned)}.")
        if self.customers_newly_served:
            out.append(f"Now served: {_names(self.customers_newly_served)}.")
        if self.customers_no_longer_served:
            out.append(f"No longer served by any service in service: "
                       f"{_names(self.customers_no_longer_served)}.")
        if self.customers_planned:
            out.append(f"Still served by no service in service, but planned services would "
                       f"serve {_names(self.customers_planned)}.")
        names = dict(self.service_names)

        def describe(finding: Finding) -> str:  # a new finding, so in later ids
            subjects = ([service_label(names.get(i, i), i) for i in finding.services]
                        + [objective_label(i, statements.get(i)) for i in finding.objectives]
                        + list(finding.customers))
            title = finding.code.title
            title = title[0].lower() + title[1:] if not title.startswith("PMO") else title
            return f"{title} for {join_names(subjects, 3)}" if subjects else title

        out += _finding_sentences(self.findings_resolved, self.findings_new, describe)
        return tuple(out)


def compare(before: AuditResult, after: AuditResult, *, before_label: str = "Before",
            after_label: str = "After",
            decided: Mapping[str, str] | None = None) -> Comparison:
    """What changed from one audit to the other: services, figures, findings and coverage.

    `decided`: services (by id in `after`) that leave the PMO because people decided so,
    with the decision's word ("retire", "hand over"); the audit `after` shows them retired
    (see `workshop.whatif`), and the sentences say it was a decision.
    """
    pairs, removed, added = _match_services(before.services, after.services)
    before_services = {s.id: s for s in before.catalogue.services}
    after_services = {s.id: s for s in after.catalogue.services}
    changes = []
    for old, new in pairs:
        change = _service_change(old, new, before_services.get(old.service_id),
                                 after_services.get(new.service_id))
        if change.changed:
            changes.append(change)

    same_service = {old.service_id: new.service_id for old, new in pairs}
    after_keys = {_finding_key(f, None) for f in after.findings}
    before_keys = {_finding_key(f, same_service) for f in before.findings}
    resolved = tuple(f for f in before.findings
                     if _finding_key(f, same_service) not in after_keys)
    new_findings = tuple(f for f in after.findings if _finding_key(f, None) not in before_keys)

    covered_before = {o.objective_id for o in before.objectives if o.covered}
    before_objectives = {o.objective_id for o in before.objectives}
    after_objectives = {o.objective_id for o in after.objectives}
    served_before = {customer_key(c.name) for c in before.customers if c.served}
    before_customers = {customer_key(c.name) for c in before.customers}
    after_customers = {customer_key(c.name) for c in after.customers}
    planned_customers_before = _planned_customers(before)
    planned_customers_after = _planned_customers(after)
    planned_objectives_before = {o.objective_id for o in before.objectives
                                 if not o.covered and o.planned_services}

    statements = {o.objective_id: o.statement for o in before.objectives}
    statements.update({o.objective_id: o.statement for o in after.objectives})
    return Comparison(
        before_label=before_label,
        after_label=after_label,
        added=added,
        removed=removed,
        changed=tuple(changes),
        unchanged=len(pairs) - len(changes),
        headlines=_headlines(before, after),
        decided_leaving=tuple((decided or {}).items()),
        findings_resolved=resolved,
        findings_new=new_findings,
        objectives_newly_covered=tuple(
            o.objective_id for o in after.objectives
            if o.covered and o.objective_id not in covered_before),
        objectives_no_longer_covered=tuple(
            o.objective_id for o in after.objectives
            if not o.covered and o.objective_id in covered_before),
        customers_newly_served=tuple(
            c.name for c in after.customers
            if c.served and customer_key(c.name) not in served_before),
        customers_no_longer_served=tuple(
            c.name for c in after.customers
            if not c.served and customer_key(c.name) in served_before),
        objectives_planned=tuple(
            o.objective_id for o in after.objectives
            if not o.covered and o.planned_services
            and o.objective_id not in planned_objectives_before),
        customers_planned=tuple(
            c.name for c in after.customers
            if not c.served and customer_key(c.name) in planned_customers_after
            and customer_key(c.name) not in planned_customers_before),
        objectives_added=tuple(o.objective_id for o in after.objectives
                               if o.objective_id not in before_objectives),
        objectives_removed=tuple(o.objective_id for o in before.objectives
                                 if o.objective_id not in after_objectives),
        customers_added=tuple(c.name for c in after.customers
                              if customer_key(c.name) not in before_customers),
        customers_removed=tuple(c.name for c in before.customers
                                if customer_key(c.name) not in after_customers),
        planned_effort_before=_planned_effort(before),
        planned_effort_after=_planned_effort(after),
        objective_statements=tuple(statements.items()),
        service_names=tuple((s.service_id, s.name) for s in after.services),
    )


# --- Matching services -----------------------------------------------------------------------


def _generated(service_id: str) -> bool:
    """True for an id like the importer gives a service the workbook gave none."""
    return bool(_GENERATED_ID.fullmatch(service_id))


def _match_services(before: Sequence[ServiceAssessment], after: Sequence[ServiceAssessment]
                    ) -> tuple[list[tuple[ServiceAssessment, ServiceAssessment]],
                               tuple[ServiceAssessment, ...], tuple[ServiceAssessment, ...]]:
    """Pairs of the same service (in the later order), then those removed, then those added."""
    matched: dict[int, int] = {}  # after position -> before position
    after_by_id: dict[str, int] = {}
    for j, service in enumerate(after):
        after_by_id.setdefault(service.service_id, j)
    for i, service in enumerate(before):
        same_id = after_by_id.get(service.service_id)
        if not _generated(service.service_id) and same_id is not None \
                and same_id not in matched:
            matched[same_id] = i
    taken = set(matched.values())
    waiting: dict[str, list[int]] = {}
    for i, service in enumerate(before):
        if i not in taken:
            waiting.setdefault(fold_name(service.name), []).append(i)
    for j, service in enumerate(after):
        if j in matched:
            continue
        candidates = waiting.get(fold_name(service.name))
        if candidates:
            matched[j] = candidates.pop(0)
    taken = set(matched.values())
    pairs = [(before[matched[j]], after[j]) for j in sorted(matched)]
    removed = tuple(s for i, s in enumerate(before) if i not in taken)
    added = tuple(s for j, s in enumerate(after) if j not in matched)
    return pairs, removed, added


# --- One service -----------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else NOT_GIVEN


def _date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else NOT_GIVEN


def _figure(show: Callable[[float], str]) -> Callable[[float | None], str]:
    return lambda value: NOT_GIVEN if value is None else show(value)


def _names_list(values: tuple[str, ...]) -> str:
    return "; ".join(values) if values else "none"


def _word(value) -> str:
    if value is None:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value.value)


def _same_text(a: str | None, b: str | None) -> bool:
    return _text(a) == _text(b)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _same_set(fold: Callable[[str], str]) -> Callable[[tuple[str, ...], tuple[str, ...]], bool]:
    return lambda a, b: {fold(x) for x in a} == {fold(x) for x in b}


def _same(a, b) -> bool:
    return a == b


# (attribute, label, how to show it, when two values are the same)
_FIELDS: tuple[tuple[str, str, Callable, Callable], ...] = (
    # Names that differ only in case, spacing or punctuation are the same name (as matched).
    ("name", "Name", _text, lambda a, b: fold_name(a) == fold_name(b)),
    ("description", "Description", _text, _same_text),
    ("category", "Category", _text, _same_text),
    ("customers", "Customers", _names_list, _same_set(customer_key)),
    ("objectives", "Objectives", _names_list, _same_set(fold_name)),
    ("owner", "Owner", _text, _same_text),
    ("effort_fte", "Effort", _figure(fte), _same_number),
    ("cost", "Cost", _figure(number), _same_number),
    ("frequency", "Frequency", _text, _same_text),
    ("demand", "Demand", _figure(number), _same_number),
    ("satisfaction", "Satisfaction", _figure(lambda v: f"{number(v)}/5"), _same_number),
    ("last_reviewed", "Last reviewed", _date, _same),
    ("last_delivered", "Last delivered", _date, _same),
    ("status", "Status", _word, _same),
    ("mandatory", "Mandatory", _word, _same),
    ("nature", "Nature", _word, _same),
    ("value_measure", "Value measure", _text, _same_text),
)


def _field_changes(old: Service | None, new: Service | None) -> tuple[FieldChange, ...]:
    if old is None or new is None:
        return ()
    changes = []
    for name, label, show, same in _FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if not same(a, b):
            changes.append(FieldChange(name, label, show(a), show(b)))
    return tuple(changes)


def _service_change(old: ServiceAssessment, new: ServiceAssessment, old_entry: Service | None,
                    new_entry: Service | None) -> ServiceChange:
    return ServiceChange(
        service_id=new.service_id, name=new.name,
        fields=_field_changes(old_entry, new_entry),
        alignment_before=old.alignment, alignment_after=new.alignment,
        value_before=old.value, value_after=new.value,
        recommendation_before=old.recommendation, recommendation_after=new.recommendation,
        inside_before=old.inside_mandate, inside_after=new.inside_mandate,
        status_before=old.status, status_after=new.status,
        effort_before=old.effort_fte, effort_after=new.effort_fte,
        service_id_before=old.service_id,
    )


# --- Figures, findings, coverage -------------------------------------------------------------


def _headlines(before: AuditResult, after: AuditResult) -> tuple[HeadlineChange, ...]:
    b, a = before.summary, after.summary
    return (
        HeadlineChange("Mandate fit", b.mandate_fit.value, a.mandate_fit.value),
        HeadlineChange("Objectives covered", b.objective_coverage.value,
                       a.objective_coverage.value),
        HeadlineChange("Customers served", b.customer_coverage.value, a.customer_coverage.value),
        HeadlineChange("Effort inside the mandate", b.effort_in_mandate.value,
                       a.effort_in_mandate.value),
        HeadlineChange("Effort in service", b.total_effort_fte, a.total_effort_fte,
                       percent=False, unit="FTE"),
        HeadlineChange("Services in service", b.services_in_service, a.services_in_service,
                       percent=False),
    )


def _finding_key(finding: Finding, same_service: dict[str, str] | None) -> tuple:
    """What makes two findings the same: code and subjects, services matched across versions.

    A grouped finding (a missing field, overdue reviews) is the same while its group is.
    """
    if finding.group is not None:
        return (finding.code, finding.group)
    if same_service is None:
        services = frozenset(finding.services)
    else:  # an earlier service no later one matches can equal no later service
        services = frozenset(same_service.get(s, "\0before:" + s) for s in finding.services)
    return (finding.code, services, frozenset(finding.objectives),
            frozenset(customer_key(c) for c in finding.customers))


def _planned(service: ServiceAssessment) -> bool:
    return service.status is ServiceStatus.PLANNED


def _planned_customers(result: AuditResult) -> set[str]:
    return {customer_key(link.target) for s in result.services if _planned(s)
            for link in s.customer_links}


def _planned_effort(result: AuditResult) -> float:
    return sum(s.effort_fte or 0.0 for s in result.services if _planned(s))


# --- Sentences -------------------------------------------------------------------------------


def _same_fte(a: float, b: float) -> bool:
    return fte(a) == fte(b)


def _names(names: Sequence[str]) -> str:
    return join_names(list(names), NAMES_IN_A_SENTENCE)


def _services(items: Iterable[ServiceAssessment | ServiceChange]) -> str:
    return join_names([service_label(s.name, s.service_id) for s in items], NAMES_IN_A_SENTENCE)


def _effort(efforts: Iterable[float | None]) -> float:
    return sum(e or 0.0 for e in efforts)


def _effort_words(efforts: Sequence[float | None]) -> str:
    """'1.5 FTE', '1 FTE where known' or 'effort not known'."""
    known = [e for e in efforts if e is not None]
    if not known:
        return "effort not known"
    return fte(sum(known)) + (" where known" if len(known) < len(efforts) else "")


def _headline_sentences(headlines: Sequence[HeadlineChange]) -> list[str]:
    out = []
    steady = []
    for h in headlines:
        if h.before is None and h.after is None:
            continue
        if h.before is None or h.after is None:
            out.append(f"{h.label} was {h.shown(h.before)} and is now {h.shown(h.after)}.")
        elif not h.moved:
            steady.append(h)
        else:
            verb = "rose" if h.after > h.before else "fell"
            out.append(f"{h.label} {verb} from {h.shown(h.before)} to {h.shown(h.after)}.")
    if steady:
        words = [f"{h.label.lower()} ({h.shown(h.after)})" for h in steady]
        words[0] = words[0][0].upper() + words[0][1:]
        out.append(f"{join_names(words, len(words))} did not change.")
    return out


def _service_sentences(c: Comparison) -> list[str]:
    out = []
    by_decision = c.leaving_by_decision
    if by_decision:
        held = _effort_words([s.effort_before for s, _word in by_decision])
        freeing = (f"freeing the {held} they took" if "not known" not in held
                   else "their effort not known")
        words = sorted({word for _s, word in by_decision})
        parts = [f"{word} {_services([s for s, w in by_decision if w == word])}"
                 for word in words]
        out.append(f"{plural(len(by_decision), 'service leaves', 'services leave')} the PMO "
                   f"by the room's decisions, {freeing}: {'; '.join(parts)}.")
    decided_ids = {s.service_id for s, _word in by_decision}
    retired = tuple(s for s in c.retired if s.service_id not in decided_ids)
    retiring = c.retiring
    if retired:
        held = _effort_words([s.effort_before for s in retired])
        freeing = (f"freeing the {held} they took" if "not known" not in held
                   else "their effort not known")
        out.append(f"{plural(len(retired), 'service was', 'services were')} retired, "
                   f"{freeing}: {_services(retired)}.")
    if retiring:
        now = _effort(s.effort_after for s in retiring)
        was = _effort(s.effort_before for s in retiring)
        effort = (f"taking {fte(now)} until they stop ({fte(was)} before)"
                  if not _same_fte(now, was) else f"taking {fte(now)} until they stop")
        out.append(f"{plural(len(retiring), 'service is', 'services are')} now retiring, "
                   f"{effort}: {_services(retiring)}.")
    if c.added:
        planned = sum(1 for s in c.added if _planned(s))
        effort = _effort_words([s.effort_fte for s in c.added])
        kind = ""
        if planned == len(c.added):
            kind = ", all planned" if planned > 1 else ", planned"
        elif planned:
            kind = f", {planned} of them planned"
        out.append(f"{plural(len(c.added), 'service was', 'services were')} added{kind} "
                   f"({effort}): {_services(c.added)}.")
    if c.removed:
        effort = _effort_words([s.effort_fte for s in c.removed])
        out.append(f"{plural(len(c.removed), 'service was', 'services were')} removed from "
                   f"the catalogue ({effort} before): {_services(c.removed)}.")
    for change in c.changed:
        old_name = change.renamed_from
        if old_name:
            out.append(f"“{old_name}” is now {service_label(change.name, change.service_id)}.")
    joined = [s for s in c.changed if s.inside_after and not s.inside_before]
    left = [s for s in c.changed if s.inside_before and not s.inside_after]
    if joined:
        out.append(f"{plural(len(joined), 'service')} now serve{'s' if len(joined) == 1 else ''}"
                   f" a mandate objective: {_services(joined)}.")
    if left:
        out.append(f"{plural(len(left), 'service')} no longer serve{'s' if len(left) == 1 else ''}"
                   f" any mandate objective: {_services(left)}.")
    moved = [s for s in c.changed
             if s.recommendation_changed and s.service_id not in decided_ids]
    if moved:
        counts = Counter(s.recommendation_after for s in moved)
        parts = [f"{counts[r]} now {r.value}" for r in Recommendation if counts[r]]
        out.append(f"The audit's recommendation changed for {plural(len(moved), 'service')}: "
                   f"{join_names(parts, len(parts))}.")
    audit_only = [s for s in c.changed if s.audit_only and (s.value_changed
                                                            or s.alignment_changed)]
    if audit_only:
        out.append(f"{plural(len(audit_only), 'service')} whose catalogue entry did not change "
                   f"scored differently, because the rest of the catalogue changed (value is "
                   f"judged against the catalogue's median demand and demand per FTE): "
                   f"{_services(audit_only)}.")
    return out


def _finding_sentences(resolved: Sequence[Finding], new: Sequence[Finding],
                       describe: Callable[[Finding], str]) -> list[str]:
    if not resolved and not new:
        return ["The findings are the same as before."]

    def high(findings: Sequence[Finding]) -> str:
        count = sum(1 for f in findings if f.severity is FindingSeverity.HIGH)
        return f" ({count} of high severity)" if count else ""

    out = []
    if resolved:
        out.append(f"{plural(len(resolved), 'earlier finding')} no longer "
                   f"appl{'ies' if len(resolved) == 1 else 'y'}{high(resolved)}.")
    if new:
        out.append(f"{plural(len(new), 'finding is', 'findings are')} new{high(new)}: "
                   f"{join_names([describe(f) for f in new], NAMES_IN_A_SENTENCE)}.")
    return out


# --- Chart -----------------------------------------------------------------------------------
