"""An executive that asked for two things and gets one of them.

The story: a controlling PMO's executive board asked for early warning of failing
projects and a quarterly benefits realisation report. The PMO runs health checks, a
monthly status pack and a training course; nobody reports benefits. A consultant would
tell the board its first wish is met and its second is not, in its own words.
"""

from __future__ import annotations

import functools

from .consultant import Customer, Objective, PMOType, audit, build, findings, svc

OBJECTIVES = [
    Objective("O1", "Spot failing projects early and get them back on track", priority=5),
    Objective("O2", "Build project management capability", priority=2),
]
CUSTOMERS = [
    Customer("Executive board", 5, "Early warning of failing projects; a quarterly benefits "
                                   "realisation report"),
    Customer("Project managers", 2, "Training in the method"),
]


def catalogue():
    return build([
        svc("E1", "Project health checks",
            description="Independent reviews of troubled projects, with recovery actions "
                        "agreed with the sponsor.", customers=("Executive board",),
            objectives=("O1",), effort_fte=1.0, demand=24, satisfaction=4.2),
        svc("E2", "Monthly status pack",
            description="Collate RAG status for the board each month.",
            customers=("Executive board",), objectives=("O1",), effort_fte=0.8, demand=12,
            satisfaction=3.8),
        svc("E3", "PM method course", description="Two-day course in the PMO's method.",
            customers=("Project managers",), objectives=("O2",), effort_fte=0.3, demand=6,
            satisfaction=4.4),
    ], objectives=OBJECTIVES, customers=CUSTOMERS, pmo_type=PMOType.CONTROLLING,
        name="Delivery assurance office")


@functools.cache
def result():
    return audit(catalogue())


def test_the_board_is_told_which_of_its_expectations_no_service_meets():
    """One finding, quoting the benefits report; early warning is met by the health checks."""
    unmet = findings(result(), "expectation-not-met")
    assert [f.evidence["expectation"] for f in unmet] == [
        "a quarterly benefits realisation report"]
    assert unmet[0].customers == ("Executive board",)
    assert unmet[0].severity.value == "medium"
    assert "Executive board expects “a quarterly benefits realisation report”" in unmet[0].message
