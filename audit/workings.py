"""The audit's intermediate figures, shared by the rules that turn them into findings and reasons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from catalogue.model import Catalogue

from .config import AuditConfig
from .expectations import Expectation
from .facts import ServiceFacts
from .functions import FunctionMatches
from .model import Link
from .overlaps import OverlapGroup
from .scores import Alignment, ValueScores
from .wording import objective_label, service_label


@dataclass(frozen=True)
class ServiceLists:
    """Per-service figures as Python lists (NaN where unknown)."""

    effort: list[float]
    effort_share: list[float]
    demand: list[float]
    satisfaction: list[float]
    planned: list[bool]
    retiring: list[bool]
    retired: list[bool]
    inside: list[bool]


@dataclass(frozen=True)
class Workings:
    """Everything worked out about a catalogue before findings are written.

    Per-service arrays and lists follow the catalogue's service order; per-objective and
    per-customer ones follow the mandate's order.
    """

    catalogue: Catalogue
    config: AuditConfig
    facts: ServiceFacts
    # Links used, per service: explicit ones, or else suggested ones.
    objective_links: list[tuple[Link, ...]]
    customer_links: list[tuple[Link, ...]]
    objective_positions: list[tuple[int, ...]]  # objective positions, matching objective_links
    customer_positions: list[tuple[int, ...]]
    outside_customers: list[tuple[str, ...]]
    unmatched_objectives: list[tuple[str, ...]]
    objectives_decided: np.ndarray  # a person set this service's objectives (maybe to none)
    objective_strength: sp.csr_matrix  # service x objective, how much each link counts
    objective_split: sp.csr_matrix  # service x objective, how its effort divides (rows sum to 1)
    customer_strength: sp.csr_matrix  # service x mandate customer
    closest_objective: np.ndarray  # per service, best-matching objective by wording (-1: none)
    closest_objective_score: np.ndarray
    # The mandate.
    has_objectives: bool
    has_customers: bool
    priorities: np.ndarray  # effective priority per objective
    priorities_stated: int
    priority_share: np.ndarray
    importances: np.ndarray
    importances_stated: int
    # Effort.
    total_effort: float | None  # FTE of services in service with a known effort
    effort_known: int  # services in service with a known effort
    effort_share: np.ndarray  # per service, NaN when unknown
    objective_effort: np.ndarray  # per objective, FTE
    # Judgements.
    inside: np.ndarray  # linked to a mandate objective (or, without objectives, a customer)
    alignment: Alignment
    aligned: np.ndarray
    value: ValueScores
    recommendation: np.ndarray  # Recommendation per service
    # Coverage, services in service only (positions), and planned ones.
    objective_services: list[tuple[int, ...]]
    objective_planned: list[tuple[int, ...]]
    customer_services: list[tuple[int, ...]]
    overlap_groups: list[OverlapGroup]
    # PMO functions (audit/functions.py), per service and per objective.
    functions: FunctionMatches
    objective_functions: FunctionMatches
    nature_strength: np.ndarray  # per service, 1 supportive .. 3 directive, 0 unknown
    nature_inferred: np.ndarray  # True where the nature comes from the service's wording
    # Mandate customers' expectations and the services meeting them (audit/expectations.py).
    expectations: tuple[Expectation, ...] = ()

    @cached_property
    def lists(self) -> ServiceLists:
        """The per-service arrays as plain lists, for rules that loop over services."""
        f = self.facts
        return ServiceLists(
            effort=f.effort.tolist(), effort_share=self.effort_share.tolist(),
            demand=f.demand.tolist(), satisfaction=f.satisfaction.tolist(),
            planned=f.planned.tolist(), retiring=f.retiring.tolist(),
            retired=f.retired.tolist(), inside=self.inside.tolist(),
        )

    @cached_property
    def _service_labels(self) -> dict[int, str]:
        return {}

    @cached_property
    def _objective_labels(self) -> list[str]:
        return [objective_label(o.id, o.statement) for o in self.catalogue.objectives]

    def service_label(self, position: int) -> str:
        """The service at this position as messages name it."""
        labels = self._service_labels
        label = labels.get(position)
        if label is None:
            label = labels[position] = service_label(self.facts.names[position],
                                                     self.facts.ids[position])
        return label

    def objective_label(self, position: int) -> str:
        """The objective at this position as messages name it."""
        return self._objective_labels[position]
