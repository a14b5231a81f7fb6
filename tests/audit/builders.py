"""Small catalogues built directly in the domain model, for the audit's unit tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from audit import AuditConfig
from catalogue.model import (
    Catalogue,
    Customer,
    Mandate,
    Objective,
    PMOType,
    Service,
    ServiceStatus,
)

AS_OF = dt.date(2026, 6, 30)
CONFIG = AuditConfig(as_of=AS_OF)

OBJECTIVES = (
    Objective("O1", "Give the executive team a single, reliable view of portfolio status",
              priority=5, success_measure="Monthly portfolio report accepted by the board"),
    Objective("O2", "Realise the benefits promised in approved business cases", priority=3,
              success_measure="75% of forecast benefits realised"),
    Objective("O3", "Build project management capability across the organisation",
              priority=2, success_measure="Accredited project managers"),
)
CUSTOMERS = (
    Customer("Executives", 5, "A clear view of the portfolio"),
    Customer("Project managers", 3, "Practical help, templates and training"),
    Customer("Benefits owners", 2, "Help to track and report benefits"),
)


def service(service_id: str, name: str, **fields) -> Service:
    """A service with sensible evidence unless the test says otherwise."""
    defaults = dict(owner="Ana", effort_fte=1.0, demand=20.0, satisfaction=4.0,
                    last_reviewed=dt.date(2026, 3, 1), last_delivered=dt.date(2026, 6, 1),
                    status=ServiceStatus.ACTIVE, nature=PMOType.SUPPORTIVE,
                    customers=("Executives",))
    defaults.update(fields)
    return Service(id=service_id, name=name, **defaults)


def catalogue(*services: Service, objectives=OBJECTIVES, customers=CUSTOMERS,
              pmo_type: PMOType | None = PMOType.SUPPORTIVE) -> Catalogue:
    """A catalogue with the standard mandate and the given services."""
    return Catalogue(mandate=Mandate(pmo_name="Test PMO", pmo_type=pmo_type),
                     objectives=tuple(objectives), customers=tuple(customers),
                     services=tuple(services), source="test")


def well_run() -> Catalogue:
    """Every objective and customer served by an explicit link; nothing wrong."""
    return catalogue(
        service("S1", "Portfolio dashboard", objectives=("O1",), effort_fte=1.0,
                customers=("Executives",)),
        service("S2", "Benefits tracking", objectives=("O2",), effort_fte=0.6,
                customers=("Benefits owners",)),
        service("S3", "PM training", objectives=("O3",), effort_fte=0.4,
                customers=("Project managers",)),
    )


def with_fields(svc: Service, **fields) -> Service:
    """A copy of a service with some fields changed."""
    return replace(svc, **fields)
