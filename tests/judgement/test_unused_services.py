"""A supportive PMO whose catalogue still lists services nobody has used for years.

The story: a supportive PMO of five people helps project managers with methods and
capability. A template library and a lessons-learned repository have not been touched
for over two years (the repository is mandatory under the audit committee's rules); a
coaching service is barely used and poorly rated; two services have no owner, and
three have not been reviewed for over a year.
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
    Objective("S1", "Help project managers deliver with one consistent method", priority=4),
    Objective("S2", "Grow project management capability", priority=3),
]
CUSTOMERS = [Customer("Project managers", 5), Customer("Sponsors", 2)]
PMS = ("Project managers",)


def catalogue():
    old = dict(last_reviewed=months_ago(20))
    return build([
        svc("U1", "Template library", description="Templates for the project method.",
            customers=PMS, objectives=("S1",), effort_fte=0.3, frequency="On request",
            demand=0, satisfaction=None, last_delivered=months_ago(30), **old),
        svc("U2", "Methodology coaching",
            description="One-to-one coaching in the project method.", customers=PMS,
            objectives=("S1",), effort_fte=1.2, frequency="On request", demand=2,
            satisfaction=2.0),
        svc("U3", "Project management community of practice",
            description="Monthly meeting where project managers share practice.",
            customers=PMS, objectives=("S2",), effort_fte=0.5, frequency="Monthly",
            demand=60, satisfaction=4.4),
        svc("U4", "Lessons learned repository",
            description="Store of lessons from closed projects.", customers=PMS,
            objectives=("S2",), effort_fte=0.2, frequency="On request", demand=0,
            satisfaction=None, mandatory=True, last_delivered=months_ago(28), **old),
        svc("U5", "Project management training",
            description="Course in the project method, run each quarter.", customers=PMS,
            objectives=("S2",), effort_fte=0.6, frequency="Quarterly", demand=10,
            satisfaction=4.2),
        svc("U6", "Schedule health checks",
            description="Review a project's schedule and suggest fixes.", customers=PMS,
            objectives=("S1",), effort_fte=0.8, frequency="On request", demand=12,
            satisfaction=2.5),
        svc("U7", "Project onboarding", description="Set up new projects in the method.",
            customers=PMS, objectives=("S1",), owner=None, effort_fte=0.5,
            frequency="On request", demand=None, satisfaction=None, **old),
        svc("U8", "Planning tool support",
            description="Help with the planning tool.", customers=PMS, objectives=("S1",),
            owner=None, effort_fte=0.4, frequency="On request", demand=25,
            satisfaction=3.8),
    ], objectives=OBJECTIVES, customers=CUSTOMERS, pmo_type=PMOType.SUPPORTIVE,
        name="Delivery support office")


@functools.cache
def result():
    return audit(catalogue())


def test_the_template_library_untouched_for_two_and_a_half_years_is_retired_or_relaunched():
    """Aligned on paper, unused and undelivered for 30 months: retire or relaunch deliberately."""
    library = result().service("U1")
    assert library.recommendation.value == "retire"
    assert "relaunch" in library.recommendation_reason
    assert "deliberately" in library.recommendation_reason


def test_the_mandatory_repository_is_not_retired_however_dead():
    """The lessons repository is just as dead, but the audit committee requires it."""
    repository = result().service("U4")
    assert repository.recommendation.value != "retire"
    assert "mandatory" in repository.recommendation_reason


def test_health_checks_rated_2_5_are_never_valued():
    """A service its users rate 2.5/5 (the threshold) is not valued, however much it is used."""
    checks = result().service("U6")
    assert checks.value < result().config.valuable_from
    assert checks.recommendation.value != "keep"


def test_the_community_of_practice_is_kept():
    """Sixty attendances a year rated 4.4/5: keep it."""
    assert result().service("U3").recommendation.value == "keep"


def test_quarterly_training_for_ten_people_is_not_low_demand():
    """Ten people a year on a quarterly course is what a small PMO should expect."""
    assert not findings(result(), "low-value", "U5")
    assert result().service("U5").recommendation.value == "keep"


def test_coaching_at_a_quarter_of_the_effort_and_rated_2_is_a_high_finding():
    """Coaching takes over a fifth of the effort for two requests at 2/5: high, not low."""
    low = findings(result(), "low-value", "U2")
    assert low and low[0].severity.value == "high"


def test_missing_owners_are_one_finding_naming_both_services():
    """Two services without an owner are one line for the PMO manager, naming both."""
    owners = [f for f in findings(result(), "missing-data")
              if "owner" in f.evidence.get("missing", [])]
    assert len(owners) == 1
    assert set(owners[0].services) == {"U7", "U8"}


def test_overdue_reviews_are_one_finding_not_one_per_service():
    """Reviews overdue on three services are one finding, naming the three."""
    reviews = [f for f in findings(result(), "stale-service")
               if f.evidence.get("overdue") == "review"]
    assert len(reviews) == 1
    assert set(reviews[0].services) == {"U1", "U4", "U7"}


def test_data_gaps_come_after_every_finding_about_value_and_effort():
    """Missing data is listed after every finding about value and effort."""
    codes = [f.code.value for f in result().findings]
    last_value = max(i for i, c in enumerate(codes) if c in {"low-value", "effort-misaligned"})
    first_gap = min(i for i, c in enumerate(codes) if c == "missing-data")
    assert last_value < first_gap
