"""A PMO that has never had a mandate: a catalogue of services and nothing to judge them against.

The story: a project office grew out of a programme that closed. Nobody wrote down what
it is for or whom it serves; its catalogue lists what it does, with effort, demand and
satisfaction figures. A consultant would not score its "fit": there is nothing to fit.
"""

from __future__ import annotations

import functools

from .consultant import as_json, audit, build, findings, svc


def catalogue():
    return build([
        svc("N1", "Status reporting", description="Weekly status report for the directors.",
            customers=("Directors",), effort_fte=1.0, frequency="Weekly", demand=52,
            satisfaction=3.9),
        svc("N2", "Project helpdesk",
            description="Answer project managers' questions about tools and templates.",
            customers=("Project managers",), effort_fte=1.5, frequency="On request",
            demand=700, satisfaction=2.0),
        svc("N3", "Resource scheduling",
            description="Schedule shared specialists across projects.",
            customers=("Project managers",), effort_fte=0.8, frequency="Weekly", demand=50,
            satisfaction=4.1),
        svc("N4", "Risk workshops", description="Facilitate risk workshops for projects.",
            customers=("Project managers",), effort_fte=0.3, frequency="On request",
            demand=9, satisfaction=4.3),
        svc("N5", "Project closure reviews",
            description="Review closed projects and record lessons.",
            customers=("Sponsors",), effort_fte=0.4, frequency="On request", demand=6,
            satisfaction=3.5),
        svc("N6", "Template upkeep", description="Keep the project templates up to date.",
            customers=("Project managers",), effort_fte=0.2, frequency="Quarterly",
            demand=4, satisfaction=3.8),
    ], name="Change delivery office")


@functools.cache
def result():
    return audit(catalogue())


def test_objective_coverage_is_not_known_rather_than_zero():
    """With no objectives, coverage is not known: nobody failed to cover anything."""
    assert result().summary.objective_coverage.value is None
    assert "no objectives" in result().summary.objective_coverage.explanation


def test_customer_coverage_is_not_known_rather_than_zero():
    """With no customers named, customer coverage is not known."""
    assert result().summary.customer_coverage.value is None


def test_mandate_fit_is_not_known_rather_than_zero():
    """There is nothing to fit: mandate fit is not known, not 0%."""
    assert result().summary.mandate_fit.value is None


def test_the_json_says_null_for_what_the_mandate_does_not_state():
    """Scripts read null, not 0, for the three figures a missing mandate leaves unknown."""
    summary = as_json(result())["summary"]
    assert summary["objective_coverage"] is None
    assert summary["customer_coverage"] is None
    assert summary["mandate_fit"] is None


def test_the_first_finding_says_agree_a_mandate_with_the_sponsor():
    """The first thing the PMO manager reads: agree a mandate with the sponsor."""
    first = result().findings[0]
    assert first.code.value == "no-mandate"
    assert first.severity.value == "high"
    assert "sponsor" in first.message


def test_only_one_no_mandate_finding():
    """One finding about the missing mandate, not one per service."""
    assert len(findings(result(), "no-mandate")) == 1


def test_the_helpdesk_rated_2_is_not_kept_even_without_a_mandate():
    """A helpdesk rated 2/5 is not kept, however many tickets it answers."""
    helpdesk = result().service("N2")
    assert helpdesk.recommendation.value != "keep"
    assert helpdesk.value < result().config.valuable_from


def test_well_rated_risk_workshops_are_kept():
    """Nine workshops a year rated 4.3/5 are worth keeping, mandate or not."""
    assert result().service("N4").recommendation.value == "keep"


def test_the_function_mix_stands_in_as_what_the_catalogue_says_the_pmo_does():
    """Without a mandate, the function mix is what the catalogue says the PMO does."""
    groups = as_json(result())["function_groups"]
    assert groups
    assert abs(sum(g["effort_share"] for g in groups) - 1.0) < 1e-3  # shares rounded to 4 places
