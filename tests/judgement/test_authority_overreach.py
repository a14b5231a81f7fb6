"""A supportive PMO that stops projects and audits compliance, with no Nature column.

The story: the mandate sets up a supportive PMO (advice, templates, coaching). Over time
it started issuing stop orders to projects over tolerance, auditing compliance with the
method and requiring its method by decree. The catalogue has no Nature column, so only
the wording says what kind of work each service is.
"""

from __future__ import annotations

import functools

from .consultant import (
    Customer,
    Objective,
    PMOType,
    as_json,
    audit,
    build,
    findings,
    svc,
)

OBJECTIVES = [
    Objective("A1", "Support project managers with tools, templates and coaching",
              priority=5),
    Objective("A2", "Share lessons learned across projects", priority=3),
]
CUSTOMERS = [Customer("Project managers", 5)]
PMS = ("Project managers",)


def catalogue():
    common = dict(customers=PMS, nature=None)
    return build([
        svc("X1", "Stop orders for failing projects",
            description="Issue stop orders that halt projects breaching tolerance until "
                        "the PMO approves a recovery plan.", effort_fte=0.6,
            frequency="On request", demand=5, satisfaction=3.0, **common),
        svc("X2", "Compliance audits of project governance",
            description="Audit projects for compliance with the governance standard and "
                        "report breaches.", effort_fte=0.8, frequency="Quarterly", demand=12,
            satisfaction=2.8, **common),
        svc("X3", "Mandated method enforcement",
            description="Enforce mandatory use of the standard method; escalate "
                        "non-compliant projects.", effort_fte=0.4, frequency="On request",
            demand=10, satisfaction=2.9, **common),
        svc("X4", "Template library",
            description="Templates and tools for project managers.", objectives=("A1",),
            effort_fte=0.3, frequency="On request", demand=120, satisfaction=4.2, **common),
        svc("X5", "Project manager coaching",
            description="Coaching for project managers on planning and risk.",
            objectives=("A1",), effort_fte=0.7, frequency="On request", demand=40,
            satisfaction=4.5, **common),
        svc("X6", "Lessons learned workshops",
            description="Run lessons learned workshops at project close and share them.",
            objectives=("A2",), effort_fte=0.4, frequency="Monthly", demand=14,
            satisfaction=4.0, **common),
    ], objectives=OBJECTIVES, customers=CUSTOMERS, pmo_type=PMOType.SUPPORTIVE,
        name="Project support office")


@functools.cache
def result():
    return audit(catalogue())


def test_the_stop_orders_are_not_kept():
    """A supportive PMO issuing stop orders is not something to keep as it is."""
    assert result().service("X1").recommendation.value != "keep"


def test_templates_coaching_and_lessons_are_kept():
    """The work a supportive PMO is for is kept."""
    for service_id in ("X4", "X5", "X6"):
        assert result().service(service_id).recommendation.value == "keep", service_id


def test_the_supportive_services_are_not_called_overreach():
    """Templates, coaching and lessons are within a supportive PMO's authority."""
    for service_id in ("X4", "X5", "X6"):
        assert not findings(result(), "pmo-type-mismatch", service_id), service_id


def test_the_overreaching_services_are_the_proposed_stops_or_rethinks():
    """The three services outside the mandate are the ones the sponsor must decide on."""
    outside = {s for f in findings(result(), "service-outside-mandate") for s in f.services}
    assert outside == {"X1", "X2", "X3"}


def test_mandate_fit_reflects_that_a_third_of_the_effort_sits_outside_it():
    """Half the effort goes to work the mandate never asked for: fit is well below 100%."""
    fit = result().summary.mandate_fit.value
    assert fit is not None and fit < 0.8


def test_stop_orders_without_a_nature_column_are_still_overreach():
    """Stop orders are directive work: two steps beyond a supportive PMO, a high finding."""
    mismatch = findings(result(), "pmo-type-mismatch", "X1")
    assert mismatch and mismatch[0].severity.value == "high"


def test_compliance_audits_without_a_nature_column_are_still_overreach():
    """Compliance audits are controlling work, beyond a supportive PMO's authority."""
    assert findings(result(), "pmo-type-mismatch", "X2")


def test_every_service_gets_a_function_from_its_wording():
    """With no Nature column, every service still gets a PMO function from its wording."""
    services = as_json(result())["services"]
    assert all(s["function"] and s["function_group"] for s in services)
