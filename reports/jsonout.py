"""The audit as one JSON document, the shape the command line's --json prints.

The keys of the issue's shape are always present; extra keys add the evidence, the
reasons and the link details, and each service carries every field the catalogue read
for it (description, category, owner, frequency, cost, demand, satisfaction, dates,
nature, value measure, period, sheet and row). Every number is finite (a figure that could not be worked
out is null), shares and coverages are fractions from 0 to 1, rounded to 4 places.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from audit.model import AuditResult, Finding, Link, PlanView, ServiceAssessment
from catalogue.model import Issue, Service

# What the audit says of a service itself (the links it used, its effort as judged);
# every other field the catalogue read is printed as read.
_ASSESSED = {"id", "name", "objectives", "customers", "status", "mandatory", "effort_fte"}


def _num(value: float | None, digits: int = 4) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, digits) if math.isfinite(number) else None


def _clean(value: Any) -> Any:
    """Make any evidence value JSON-safe: finite numbers, lists, dicts of strings."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # an Enum
        return _clean(value.value)
    try:
        return _num(float(value))
    except (TypeError, ValueError):
        return str(value)


def _link(link: Link, what: str) -> dict[str, Any]:
    return {what: link.target, "kind": link.kind.value, "confidence": _num(link.confidence),
            "source": link.source.value}


def service_to_json(s: ServiceAssessment, read: Service | None = None) -> dict[str, Any]:
    """One service's assessment as JSON, with every field the catalogue read for it."""
    fields = {k: _num(v) if isinstance(v, float) else v
              for k, v in read.to_json().items() if k not in _ASSESSED} if read else {}
    return {
        **fields,
        "id": s.service_id,
        "name": s.name,
        "objectives": list(s.objective_ids),
        "customers": list(s.customer_names),
        "links": s.objective_link_kind,
        "alignment": _num(s.alignment) or 0.0,
        "value": _num(s.value),
        "recommendation": s.recommendation.value,
        "flags": [code.value for code in s.flags],
        "customer_links": s.customer_link_kind,
        "objective_link_details": [_link(link, "objective") for link in s.objective_links],
        "customer_link_details": [_link(link, "customer") for link in s.customer_links],
        "customers_outside_mandate": list(s.customers_outside_mandate),
        "unmatched_objectives": list(s.unmatched_objectives),
        "inside_mandate": s.inside_mandate,
        "status": s.status.value if s.status is not None else None,
        "mandatory": s.mandatory,
        "effort_fte": _num(s.effort_fte),
        "effort_share": _num(s.effort_share),
        "alignment_reason": s.alignment_reason,
        "value_reason": s.value_reason,
        "recommendation_reason": s.recommendation_reason,
        "function": s.function,
        "function_group": s.function_group,
        "function_confidence": _num(s.function_confidence) if s.function else None,
        "nature": s.nature,
        "nature_inferred": s.nature_inferred,
    }


def finding_to_json(f: Finding) -> dict[str, Any]:
    """One finding as JSON."""
    return {
        "code": f.code.value,
        "severity": f.severity.value,
        "subjects": list(f.subjects),
        "message": f.message,
        "services": list(f.services),
        "objectives": list(f.objectives),
        "customers": list(f.customers),
        "evidence": _clean(f.evidence),
    }


def _objective_function(result: AuditResult, position: int) -> tuple[str | None, str | None]:
    """The PMO function and group an objective's wording asks for (None when unknown)."""
    matches = result.objective_functions
    if matches is None or position >= len(matches):
        return None, None
    return matches.function_id(position), matches.group_id(position)


def _after_plan(view: PlanView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {
        "planned": view.planned,
        "retiring": view.retiring,
        "objective_coverage": _num(view.objective_coverage),
        "customer_coverage": _num(view.customer_coverage),
        "effort_in_mandate": _num(view.effort_in_mandate),
        "mandate_fit": _num(view.mandate_fit),
        "total_effort_fte": _num(view.total_effort_fte),
        "explanation": view.explanation,
    }


def audit_to_json(result: AuditResult, issues: Iterable[Issue] = ()) -> dict[str, Any]:
    """The whole audit (and the import's issues) as a JSON-ready dict."""
    summary = result.summary
    mandate = result.catalogue.mandate
    read = {service.id: service for service in result.catalogue.services}
    return {
        "summary": {
            "services": summary.services,
            "objective_coverage": _num(summary.objective_coverage.value),
            "customer_coverage": _num(summary.customer_coverage.value),
            "effort_in_mandate": _num(summary.effort_in_mandate.value),
            "mandate_fit": _num(summary.mandate_fit.value),
            "explanations": {
                "objective_coverage": summary.objective_coverage.explanation,
                "customer_coverage": summary.customer_coverage.explanation,
                "effort_in_mandate": summary.effort_in_mandate.explanation,
                "mandate_fit": summary.mandate_fit.explanation,
            },
            "services_in_service": summary.services_in_service,
            "total_effort_fte": _num(summary.total_effort_fte),
            "recommendations": dict(summary.recommendations),
            "findings_by_severity": dict(summary.findings_by_severity),
            "notes": list(summary.notes),
            "after_plan": _after_plan(summary.after_plan),
        },
        "services": [service_to_json(s, read.get(s.service_id)) for s in result.services],
        "objectives": [
            {
                "id": o.objective_id,
                "statement": o.statement,
                "priority": _num(o.priority),
                "services": list(o.services),
                "effort_share": _num(o.effort_share),
                "priority_share": _num(o.priority_share),
                "explicit_services": list(o.explicit_services),
                "suggested_services": list(o.suggested_services),
                "planned_services": list(o.planned_services),
                "effort_fte": _num(o.effort_fte),
                "covered": o.covered,
                "function": _objective_function(result, n)[0],
                "function_group": _objective_function(result, n)[1],
            }
            for n, o in enumerate(result.objectives)
        ],
        "customers": [
            {
                "name": c.name,
                "services": list(c.services),
                "importance": _num(c.importance),
                "explicit_services": list(c.explicit_services),
                "suggested_services": list(c.suggested_services),
                "served": c.served,
            }
            for c in result.customers
        ],
        "function_groups": [
            {
                "id": g.id,
                "name": g.name,
                "services": list(g.services),
                "effort_share": _num(g.effort_share),
                "priority_share": _num(g.priority_share),
                "effort_fte": _num(g.effort_fte),
                "objectives": list(g.objectives),
            }
            for g in result.function_groups
        ],
        "findings": [finding_to_json(f) for f in result.findings],
        "issues": [issue.to_json() for issue in issues],
        "audit": {
            "as_of": result.as_of.isoformat(),
            "source": result.catalogue.source,
            "pmo_name": mandate.pmo_name,
            "pmo_type": mandate.pmo_type.value if mandate.pmo_type is not None else None,
            "config": _clean(result.config.to_json()),
        },
    }


def dumps(document: dict[str, Any], *, indent: int | None = 2) -> str:
    """JSON text for a document; refuses NaN or infinity rather than writing invalid JSON."""
    return json.dumps(document, indent=indent, ensure_ascii=True, allow_nan=False)
