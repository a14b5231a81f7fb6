"""What the room's decisions achieve: the audit before, and after the decisions take effect.

"After" is the same catalogue, mandate, links and thresholds, with every service the room
decided to retire or hand over marked retired: the audit then leaves it out of coverage
and effort, exactly as it treats a service the workbook itself says is retired. Keep,
improve and rethink leave a service in place (a rethink is a conversation still to have,
not a change yet), so only retire and hand over free capacity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from audit.engine import run_audit
from audit.model import AuditOverrides, AuditResult, Finding, ServiceAssessment
from audit.wording import join_names, plural, service_label
from catalogue.model import ServiceStatus

from .model import Decision, DecisionKind


@dataclass(frozen=True)
class Figure:
    """One headline figure before and after the decisions."""

    label: str
    before: float | None
    after: float | None
    percent: bool = True  # a fraction shown as a percentage; else a number of FTE


@dataclass(frozen=True)
class WhatIf:
    before: AuditResult
    after: AuditResult
    leaving: tuple[ServiceAssessment, ...]  # decided retire or hand over, still in service
    effort_freed_fte: float  # known effort of the leaving services
    effort_unknown: int  # leaving services whose effort the catalogue does not give
    cost_freed: float | None  # None when no leaving service states a cost
    figures: tuple[Figure, ...]
    findings_resolved: tuple[Finding, ...]
    findings_new: tuple[Finding, ...]
    decided: int  # services with a decision
    kinds: Mapping[str, int]  # decision value -> number of services

    @property
    def changes_anything(self) -> bool:
        return bool(self.leaving)


def finding_key(finding: Finding) -> tuple:
    """A finding's identity across two audits: its code and what it concerns (for a grouped
    finding, what its services lack)."""
    if finding.group is not None:
        return (finding.code, finding.group)
    return (finding.code, tuple(sorted(finding.services)), tuple(sorted(finding.objectives)),
            tuple(sorted(finding.customers)))


def what_if(before: AuditResult, decisions: Mapping[str, Decision],
            overrides: AuditOverrides | None = None) -> WhatIf:
    """The audit after the decisions take effect, and what changed."""
    catalogue = before.catalogue
    ids = {s.id for s in catalogue.services}
    decided = {sid: d.kind for sid, d in decisions.items() if d.kind is not None and sid in ids}
    leaving_ids = {sid for sid, kind in decided.items() if kind.frees_capacity}
    leaving = tuple(a for a in before.services
                    if a.service_id in leaving_ids and a.status is not ServiceStatus.RETIRED)
    if leaving:
        moved = {a.service_id for a in leaving}
        services = tuple(dataclasses.replace(s, status=ServiceStatus.RETIRED)
                         if s.id in moved else s for s in catalogue.services)
        after = run_audit(dataclasses.replace(catalogue, services=services), before.config,
                          overrides)
    else:
        after = before
    costs = [s.cost for s in catalogue.services
             if s.id in {a.service_id for a in leaving} and s.cost is not None]
    old = {finding_key(f): f for f in before.findings}
    new = {finding_key(f): f for f in after.findings}
    kinds: dict[str, int] = {kind.value: 0 for kind in DecisionKind}
    for kind in decided.values():
        kinds[kind.value] += 1
    return WhatIf(
        before=before, after=after, leaving=leaving,
        effort_freed_fte=sum(a.effort_fte for a in leaving if a.effort_fte is not None),
        effort_unknown=sum(1 for a in leaving if a.effort_fte is None),
        cost_freed=sum(costs) if costs else None,
        figures=_figures(before, after),
        findings_resolved=tuple(f for k, f in old.items() if k not in new),
        findings_new=tuple(f for k, f in new.items() if k not in old),
        decided=len(decided), kinds=kinds,
    )


def _figures(before: AuditResult, after: AuditResult) -> tuple[Figure, ...]:
    b, a = before.summary, after.summary
    return (
        Figure("Mandate fit", b.mandate_fit.value, a.mandate_fit.value),
        Figure("Objectives covered", b.objective_coverage.value, a.objective_coverage.value),
        Figure("Customers served", b.customer_coverage.value, a.customer_coverage.value),
        Figure("Effort inside the mandate", b.effort_in_mandate.value,
               a.effort_in_mandate.value),
        Figure("PMO effort (FTE)", b.total_effort_fte, a.total_effort_fte, percent=False),
    )


@dataclass(frozen=True)
class DecisionChange:
    """A service whose decision differs between two moments of a workshop."""

    service_id: str
    name: str
    before: DecisionKind | None
    after: DecisionKind | None


def decisions_between(earlier: Mapping[str, Decision], later: Mapping[str, Decision],
                      result: AuditResult) -> tuple[DecisionChange, ...]:
    """The services of `result` whose decided kind differs, in the catalogue's order."""
    out = []
    for service in result.services:
        old = earlier.get(service.service_id, Decision()).kind
        new = later.get(service.service_id, Decision()).kind
        if old is not new:
            out.append(DecisionChange(service.service_id, service.name, old, new))
    return tuple(out)


def _word(kind: DecisionKind | None) -> str:
    return kind.value if kind is not None else "undecided"


def decision_sentences(changes: tuple[DecisionChange, ...]) -> tuple[str, ...]:
    """What the room decided between two moments, in plain language, kind by kind."""
    if not changes:
        return ()
    made = [c for c in changes if c.before is None and c.after is not None]
    changed = [c for c in changes if c.before is not None and c.after is not None]
    undone = [c for c in changes if c.before is not None and c.after is None]
    out = []
    if made:
        parts = []
        for kind in DecisionKind:
            named = [service_label(c.name, c.service_id) for c in made if c.after is kind]
            if named:
                parts.append(f"{kind.value} {join_names(named, 4)}")
        out.append(f"The room decided {plural(len(made), 'service')}: {'; '.join(parts)}.")
    if changed:
        parts = [f"{service_label(c.name, c.service_id)} from {_word(c.before)} to "
                 f"{_word(c.after)}" for c in changed]
        out.append(f"The room changed its decision on {plural(len(changed), 'service')}: "
                   f"{join_names(parts, 4)}.")
    if undone:
        named = [service_label(c.name, c.service_id) for c in undone]
        out.append(f"Decisions withdrawn (not decided any more): {join_names(named, 4)}.")
    return tuple(out)


def leaving_words(decisions: Mapping[str, Decision]) -> dict[str, str]:
    """Services that leave the PMO by decision, with the decision's word, for `compare`."""
    return {sid: d.kind.value for sid, d in decisions.items()
            if d.kind is not None and d.kind.frees_capacity}
