"""A portfolio office set up to prioritise investment and track benefits, now busy with admin.

The story: three years ago the executive set up a controlling portfolio office to rank
investment against strategy and make benefits visible. Today a tools helpdesk, status
report compilation, minutes and room bookings, and timesheet chasing take most of its
people; the team tagged the helpdesk and the status reports to its objectives itself.
"""

from __future__ import annotations

import functools

from .consultant import (
    Customer,
    Objective,
    PMOType,
    audit,
    build,
    findings,
    months_ago,
    svc,
)

OBJECTIVES = [
    Objective("O1", "Rank and approve investment in projects against the corporate strategy",
              priority=5, success_measure="Every proposal scored before the investment board"),
    Objective("O2", "Track benefits realisation for approved business cases", priority=4,
              success_measure="Benefits realised against forecast reported each quarter"),
    Objective("O3", "Build project management capability in the business units", priority=2,
              success_measure="Project managers trained and accredited"),
]
CUSTOMERS = [Customer("Executive board", 5), Customer("Investment board", 4),
             Customer("Project managers", 2)]


def catalogue():
    return build([
        svc("D1", "Project tools helpdesk",
            description="Answer project managers' questions about the planning tool and "
                        "SharePoint sites; reset access.",
            customers=("Project managers",), objectives=("O3",), effort_fte=2.5,
            cost=110_000, frequency="On request", demand=900, satisfaction=2.3),
        svc("D2", "Weekly status report compilation",
            description="Chase project managers for updates and compile the weekly status "
                        "report.", customers=("Executive board",), objectives=("O1",),
            effort_fte=2.0, cost=90_000, frequency="Weekly", demand=52, satisfaction=2.4),
        svc("D3", "Meeting minutes and room bookings",
            description="Take minutes at project meetings and book rooms for workshops.",
            customers=("Project managers",), effort_fte=1.5, cost=55_000,
            frequency="On request", demand=300, satisfaction=4.2),
        svc("D4", "Timesheet chasing",
            description="Remind staff to submit timesheets and report who has not.",
            customers=("Project managers",), effort_fte=1.0, cost=40_000,
            frequency="Weekly", demand=40, satisfaction=2.0),
        svc("D5", "Investment prioritisation scoring",
            description="Score proposals against the strategy criteria and present the "
                        "ranked list to the investment board.",
            customers=("Investment board",), objectives=("O1",), effort_fte=0.5,
            cost=30_000, frequency="Quarterly", demand=8, satisfaction=4.5),
        svc("D6", "Benefits tracking",
            description="Track forecast and realised benefits of approved business cases.",
            customers=("Investment board", "Executive board"), objectives=("O2",),
            effort_fte=0.4, cost=25_000, frequency="Quarterly", demand=8, satisfaction=3.9),
        svc("D7", "Project management training course",
            description="Two-day course in the PMO's method for new project managers.",
            customers=("Project managers",), objectives=("O3",), effort_fte=0.2,
            cost=8_000, frequency="On request", demand=0, satisfaction=None,
            last_delivered=months_ago(30), last_reviewed=months_ago(30)),
    ], objectives=OBJECTIVES, customers=CUSTOMERS, pmo_type=PMOType.CONTROLLING,
        name="Corporate portfolio office")


@functools.cache
def result():
    return audit(catalogue())


def test_the_helpdesk_at_a_quarter_of_the_effort_and_rated_2_3_is_not_kept():
    """The helpdesk taking a quarter of the effort at 2.3/5 is not kept, however busy it is."""
    helpdesk = result().service("D1")
    assert 0.25 <= helpdesk.effort_share <= 1 / 3
    assert helpdesk.value < result().config.valuable_from
    assert helpdesk.recommendation.value != "keep"


def test_the_helpdesks_low_value_is_a_high_finding_not_a_footnote():
    """A quarter of the PMO's effort going to a service its users rate 2.3/5 is a high finding."""
    low = findings(result(), "low-value", "D1")
    assert low and low[0].severity.value == "high"


def test_the_weekly_status_report_rated_2_4_is_not_valued():
    """Fifty-two weekly reports that executives rate 2.4/5 are not a valued service."""
    report = result().service("D2")
    assert report.value < result().config.valuable_from
    assert report.recommendation.value in {"improve", "retire"}


def test_quarterly_prioritisation_is_not_called_low_demand_beside_a_busy_helpdesk():
    """Eight scorings a year for a quarterly board is full use, not low demand."""
    scoring = result().service("D5")
    assert not findings(result(), "low-value", "D5")
    assert scoring.recommendation.value == "keep"


def test_the_training_course_nobody_attended_for_two_years_is_retired_or_relaunched():
    """An aligned course with no demand, last run 30 months ago, is dead: retire or relaunch."""
    course = result().service("D7")
    assert course.recommendation.value == "retire"
    assert "relaunch" in course.recommendation_reason


def test_mandate_fit_does_not_flatter_a_pmo_whose_effort_sits_on_its_lowest_priority():
    """Most effort on the lowest-priority objective: mandate fit is well short of good."""
    fit = result().summary.mandate_fit
    assert fit.value is not None and fit.value < 0.7
    assert "priority" in fit.explanation


def test_benefits_second_in_priority_but_starved_of_effort_is_a_high_finding():
    """Benefits carry a third of the priority and get a twentieth of the effort: high finding."""
    starved = [f for f in findings(result(), "effort-misaligned") if f.objectives == ("O2",)]
    assert starved and starved[0].severity.value == "high"


def test_the_first_things_to_read_are_about_effort_and_value_not_hygiene():
    """The three findings the sponsor reads first are about effort and value, not data gaps."""
    first = [f.code.value for f in result().findings[:3]]
    assert not {"missing-data", "stale-service"} & set(first)


def test_timesheet_chasing_outside_the_mandate_rated_2_is_retired():
    """Timesheet chasing, outside the mandate and rated 2/5, should stop."""
    assert result().service("D4").recommendation.value == "retire"


def test_the_status_report_is_judged_on_its_cost_too():
    """£90k a year for 52 reports nobody likes: the audit says what one costs to deliver."""
    low = findings(result(), "low-value", "D2")
    assert low and "cost" in low[0].message
    assert low[0].evidence.get("cost_per_use") is not None


def test_minutes_and_bookings_is_admin_to_hand_over_not_a_reason_to_widen_the_mandate():
    """Minutes and room bookings are admin: hand them over; do not widen the mandate for them."""
    minutes = result().service("D3")
    assert minutes.recommendation.value == "rethink"
    assert "renegotiate the mandate to include it" not in minutes.recommendation_reason
