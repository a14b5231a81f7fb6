"""What a consultant reads off an audit: a service's verdict, findings by kind, the JSON.

The catalogues in this folder are built in code, each from a situation a PMO consultant
meets (a drifted PMO, a reporting factory, unused services, no mandate, authority
overreach). Each test is one claim the consultant wrote down before running the audit.
"""

from __future__ import annotations

import datetime as dt

from audit import AuditConfig, AuditResult, Finding, run_audit
from catalogue.model import Catalogue, Customer, Mandate, Objective, PMOType, Service
from reports.jsonout import audit_to_json

AS_OF = dt.date(2026, 6, 30)
CONFIG = AuditConfig(as_of=AS_OF)

def months_ago(months: float) -> dt.date:
    """The date this many months before the audit's as-of date."""
    return AS_OF - dt.timedelta(days=round(months * 30.44))


def svc(service_id: str, name: str, **fields) -> Service:
    """A service as a consultant would find it in a catalogue: owned, reviewed, delivered."""
    defaults: dict = dict(owner="PMO lead", last_reviewed=months_ago(3),
                          last_delivered=months_ago(0.5), status=None)
    defaults.update(fields)
    return Service(id=service_id, name=name, **defaults)


def build(services: list[Service], *, objectives=(), customers=(), pmo_type=None,
          name="PMO", statement=None) -> Catalogue:
    """A catalogue with this mandate and these services."""
    return Catalogue(mandate=Mandate(pmo_name=name, pmo_type=pmo_type, statement=statement),
                     objectives=tuple(objectives), customers=tuple(customers),
                     services=tuple(services), source=name)


def audit(catalogue: Catalogue) -> AuditResult:
    """The audit as of the fixed date."""
    return run_audit(catalogue, CONFIG)


def findings(result: AuditResult, code: str, service_id: str | None = None
             ) -> list[Finding]:
    """The findings of one kind (by its code word), optionally about one service."""
    return [f for f in result.findings if f.code.value == code
            and (service_id is None or service_id in f.services)]


def as_json(result: AuditResult) -> dict:
    """The audit as `python -m audit --json` prints it."""
    return audit_to_json(result)


__all__ = ["AS_OF", "CONFIG", "Customer", "Objective", "PMOType",
           "as_json", "audit", "build", "findings", "months_ago", "svc"]
