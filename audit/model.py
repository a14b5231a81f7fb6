"""What an audit produces, and what a person may decide on top of a workbook.

Records are frozen dataclasses; a fixed vocabulary is an Enum whose values are the words
the app, the report and the JSON use. Explicit and suggested links are distinct types of
`Link` everywhere (`LinkKind`), so nothing downstream can confuse them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from catalogue.model import Catalogue, Customer, Mandate, Objective, ServiceStatus

from .config import AuditConfig


class FindingCode(enum.Enum):
    """The kinds of finding (DESIGN.md, "The audit"; RULES.md). Values are stable: scripts match on them."""

    SERVICE_OUTSIDE_MANDATE = "service-outside-mandate"
    OBJECTIVE_NOT_COVERED = "objective-not-covered"
    CUSTOMER_NOT_SERVED = "customer-not-served"
    EXPECTATION_NOT_MET = "expectation-not-met"
    CUSTOMER_OUTSIDE_MANDATE = "customer-outside-mandate"
    PMO_TYPE_MISMATCH = "pmo-type-mismatch"
    LOW_VALUE = "low-value"
    STALE_SERVICE = "stale-service"
    OVERLAPPING_SERVICES = "overlapping-services"
    EFFORT_MISALIGNED = "effort-misaligned"
    MISSING_DATA = "missing-data"
    PMO_TYPE_UNDERREACH = "pmo-type-underreach"
    FUNCTION_NOT_PROVIDED = "function-not-provided"
    NO_MANDATE = "no-mandate"

    @property
    def title(self) -> str:
        """The code as a short heading ("Service outside mandate")."""
        return self.value.replace("-", " ").capitalize().replace("Pmo", "PMO")


class FindingSeverity(enum.Enum):
    """How much a finding matters to the sponsor."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low: sorts the most severe first."""
        return {"high": 0, "medium": 1, "low": 2}[self.value]


class Recommendation(enum.Enum):
    """What the audit proposes to do with a service. Values are the words exported."""

    KEEP = "keep"
    IMPROVE = "improve"  # weak value, or no evidence of value
    RETHINK = "rethink"  # renegotiate the mandate, or hand the service over
    RETIRE = "retire"

    @property
    def label(self) -> str:
        """The word shown: "Keep"."""
        return self.value.capitalize()

    @property
    def meaning(self) -> str:
        """Why the audit proposes it, in a PMO manager's words: "serves the mandate, valued"."""
        return _RECOMMENDATION_MEANINGS[self]

    @property
    def title(self) -> str:
        """Label and meaning: "Keep: serves the mandate, valued"."""
        return f"{self.label}: {self.meaning}"


_RECOMMENDATION_MEANINGS = {
    Recommendation.KEEP: "serves the mandate, valued",
    Recommendation.IMPROVE: "serves the mandate, weak value",
    Recommendation.RETHINK: "valued, outside the mandate",
    Recommendation.RETIRE: "outside the mandate, weak value",
}


class LinkKind(enum.Enum):
    """Whether a link was stated (by the workbook or a person) or suggested by the audit."""

    EXPLICIT = "explicit"
    SUGGESTED = "suggested"


class LinkSource(enum.Enum):
    """Where a link came from."""

    WORKBOOK = "workbook"  # explicit: the catalogue's objectives or customers column
    PERSON = "person"  # explicit: confirmed or set by a person (AuditOverrides)
    WORDING = "wording"  # suggested: text similarity between the two


@dataclass(frozen=True, slots=True)
class Link:
    """A link from a service to an objective (target: its id) or a customer (target: its name).

    `confidence` is 1.0 for explicit links; for suggested ones it is the similarity of the
    two wordings, from 0 to 1.
    """

    service_id: str
    target: str
    kind: LinkKind
    confidence: float
    source: LinkSource

    @property
    def explicit(self) -> bool:
        """True when the workbook or a person stated the link."""
        return self.kind is LinkKind.EXPLICIT


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the audit found, with whom it concerns, why it matters, and the figures behind it."""

    code: FindingCode
    severity: FindingSeverity
    message: str
    services: tuple[str, ...] = ()  # service ids
    objectives: tuple[str, ...] = ()  # objective ids
    customers: tuple[str, ...] = ()  # customer names
    evidence: dict[str, Any] = field(default_factory=dict)
    # The FTE the finding puts in question (its services' effort, or an objective's share
    # of the effort); None when no effort is known. Ranks findings of one severity.
    effort_at_stake: float | None = None

    @property
    def subjects(self) -> tuple[str, ...]:
        """Everything the finding concerns: service ids, then objective ids, then customer names."""
        return self.services + self.objectives + self.customers

    @property
    def group(self) -> str | None:
        """For a finding that groups services by what they lack (a missing field, an overdue
        review), that thing; its identity across audits. None for other findings."""
        if self.code is FindingCode.MISSING_DATA:
            missing = self.evidence.get("missing") or [None]
            return str(missing[0]) if missing[0] else None
        if self.code is FindingCode.STALE_SERVICE and self.evidence.get("overdue") == "review":
            return "review"
        return None


@dataclass(frozen=True, slots=True)
class ServiceAssessment:
    """The audit's view of one service: its links, scores, recommendation and findings."""

    service_id: str
    name: str
    status: ServiceStatus | None
    mandatory: bool
    effort_fte: float | None  # None when the catalogue gives no usable figure
    effort_share: float | None  # of the PMO's known effort; None when there is none
    objective_links: tuple[Link, ...]  # explicit ones, or else suggested ones
    customer_links: tuple[Link, ...]  # mandate customers: explicit ones, or else suggested
    customers_outside_mandate: tuple[str, ...]  # named by the catalogue, not in the mandate
    unmatched_objectives: tuple[str, ...]  # objective text in the catalogue the mandate lacks
    inside_mandate: bool  # linked to at least one mandate objective
    alignment: float
    alignment_reason: str
    value: float | None  # None: not enough evidence, see value_reason
    value_reason: str
    recommendation: Recommendation
    recommendation_reason: str
    flags: tuple[FindingCode, ...] = ()
    # The PMO function its wording says it is (audit/pmo_functions.toml): None only when the
    # service has no text at all.
    function: str | None = None
    function_group: str | None = None
    function_confidence: float = 0.0
    nature: str | None = None  # supportive / controlling / directive: stated, or inferred
    nature_inferred: bool = False  # True when the nature comes from the wording, not the catalogue

    @property
    def objective_ids(self) -> tuple[str, ...]:
        """The objectives the audit used for this service (explicit, or else suggested)."""
        return tuple(link.target for link in self.objective_links)

    @property
    def customer_names(self) -> tuple[str, ...]:
        """Every customer the audit used: mandate customers linked, then others named."""
        return tuple(link.target for link in self.customer_links) + self.customers_outside_mandate

    @property
    def objective_link_kind(self) -> str:
        """"explicit", "suggested" or "none": which kind of objective link the audit used."""
        return _kind_of(self.objective_links)

    @property
    def customer_link_kind(self) -> str:
        """"explicit", "suggested" or "none": which kind of mandate-customer link was used."""
        if self.customers_outside_mandate and not self.customer_links:
            return LinkKind.EXPLICIT.value
        return _kind_of(self.customer_links)


def _kind_of(links: tuple[Link, ...]) -> str:
    if not links:
        return "none"
    return links[0].kind.value


@dataclass(frozen=True, slots=True)
class ObjectiveCoverage:
    """One mandate objective: the services delivering it and its share of effort and priority."""

    objective_id: str
    statement: str
    priority: float | None
    services: tuple[str, ...]  # in service and linked (explicit or suggested)
    explicit_services: tuple[str, ...]
    suggested_services: tuple[str, ...]
    planned_services: tuple[str, ...]  # linked, but not delivered yet
    effort_fte: float | None
    effort_share: float | None  # of the PMO's known effort; None when there is none
    priority_share: float | None  # of the mandate's total priority

    @property
    def covered(self) -> bool:
        """True when at least one service in service delivers it."""
        return bool(self.services)


@dataclass(frozen=True, slots=True)
class CustomerCoverage:
    """One mandate customer and the services serving it."""

    name: str
    importance: float | None
    services: tuple[str, ...]
    explicit_services: tuple[str, ...]
    suggested_services: tuple[str, ...]

    @property
    def served(self) -> bool:
        """True when at least one service in service serves it."""
        return bool(self.services)


@dataclass(frozen=True, slots=True)
class Headline:
    """One catalogue-wide figure and how it was worked out, in a sentence."""

    value: float | None
    explanation: str


@dataclass(frozen=True, slots=True)
class FunctionGroupShare:
    """One group of PMO functions: the services doing its work, their effort, the priority asking for it."""

    id: str
    name: str
    services: tuple[str, ...]  # in service (active, retiring or no status), by wording
    effort_fte: float | None  # None when no effort is known
    effort_share: float | None  # of the PMO's known effort in service; None when none is known
    priority_share: float | None  # of the mandate's priority, by the objectives' functions;
    # None when the mandate states no objectives
    objectives: tuple[str, ...] = ()  # objective ids whose wording is this group's work


@dataclass(frozen=True)
class PlanView:
    """The headline figures after the plan: planned services delivering, retiring ones gone."""

    planned: int  # planned services counted in
    retiring: int  # retiring services left out
    objective_coverage: float | None
    customer_coverage: float | None
    effort_in_mandate: float | None
    mandate_fit: float | None
    total_effort_fte: float | None
    explanation: str


@dataclass(frozen=True)
class Summary:
    """The catalogue as a whole against its mandate."""

    services: int  # every service in the catalogue
    services_in_service: int  # active, retiring or without a status
    objective_coverage: Headline
    customer_coverage: Headline
    effort_in_mandate: Headline  # value None when no effort is known
    mandate_fit: Headline
    total_effort_fte: float | None
    recommendations: dict[str, int]  # recommendation value -> number of services
    findings_by_severity: dict[str, int]
    notes: tuple[str, ...] = ()  # what the audit could not judge, in sentences
    after_plan: PlanView | None = None  # None when nothing is planned or retiring


@dataclass(frozen=True)
class AuditResult:
    """Everything one audit found. `catalogue` is the one audited (after any overrides)."""

    catalogue: Catalogue
    config: AuditConfig
    as_of: dt.date
    summary: Summary
    services: tuple[ServiceAssessment, ...]
    objectives: tuple[ObjectiveCoverage, ...]
    customers: tuple[CustomerCoverage, ...]
    findings: tuple[Finding, ...]
    # The function mix: every group of the taxonomy, in its order (audit/functions.py).
    function_groups: tuple[FunctionGroupShare, ...] = ()
    # Per service and per objective (catalogue order): the classification, with reasons.
    service_functions: Any = None  # audit.functions.FunctionMatches
    objective_functions: Any = None

    def function_reason(self, service_id: str) -> str:
        """Why the service has its PMO function, in a sentence ("" when unknown)."""
        if self.service_functions is None:
            return ""
        for i, s in enumerate(self.services):
            if s.service_id == service_id:
                return self.service_functions.reason(i)
        return ""

    def findings_with(self, code: FindingCode) -> tuple[Finding, ...]:
        """The findings of one kind."""
        return tuple(f for f in self.findings if f.code is code)

    def service(self, service_id: str) -> ServiceAssessment | None:
        """The assessment of the (first) service with this id."""
        return next((s for s in self.services if s.service_id == service_id), None)


@dataclass(frozen=True)
class ConfirmedLinks:
    """What a person decided about one service's links. None keeps the catalogue's links.

    `objectives` (objective ids) and `customers` (names) replace the catalogue's explicit
    links; an empty tuple means "a person decided: none", and then nothing is suggested
    either. `rejected_objectives` / `rejected_customers` are suggestions a person
    dismissed: they are never suggested again for this service.
    """

    objectives: tuple[str, ...] | None = None
    customers: tuple[str, ...] | None = None
    rejected_objectives: tuple[str, ...] = ()
    rejected_customers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """As plain JSON values, for saving a workshop's work."""
        return {
            "objectives": None if self.objectives is None else list(self.objectives),
            "customers": None if self.customers is None else list(self.customers),
            "rejected_objectives": list(self.rejected_objectives),
            "rejected_customers": list(self.rejected_customers),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConfirmedLinks:
        """Read back what `to_json` wrote."""

        def names(key: str) -> tuple[str, ...] | None:
            value = data.get(key)
            return None if value is None else tuple(str(v) for v in value)

        return cls(objectives=names("objectives"), customers=names("customers"),
                   rejected_objectives=names("rejected_objectives") or (),
                   rejected_customers=names("rejected_customers") or ())


@dataclass(frozen=True)
class AuditOverrides:
    """What people decided on top of the workbook: links per service id, and the mandate.

    `mandate`, `objectives` and `customers`, when given, replace the catalogue's own (a
    person set or edited the mandate in the app).
    """

    links: Mapping[str, ConfirmedLinks] = field(default_factory=dict)
    mandate: Mandate | None = None
    objectives: tuple[Objective, ...] | None = None
    customers: tuple[Customer, ...] | None = None

    def with_links(self, service_id: str, links: ConfirmedLinks) -> AuditOverrides:
        """A copy with one service's decided links set (replacing any earlier decision)."""
        new_links = dict(self.links)
        new_links[service_id] = links
        return AuditOverrides(links=new_links, mandate=self.mandate,
                              objectives=self.objectives, customers=self.customers)

    def apply_to(self, catalogue: Catalogue) -> Catalogue:
        """The catalogue with this mandate, objectives and customers in place of its own."""
        return Catalogue(
            mandate=self.mandate if self.mandate is not None else catalogue.mandate,
            objectives=self.objectives if self.objectives is not None else catalogue.objectives,
            customers=self.customers if self.customers is not None else catalogue.customers,
            services=catalogue.services,
            source=catalogue.source,
        )
