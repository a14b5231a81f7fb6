"""A directive PMO that became a reporting factory and tagged all its reports to one objective.

The story: the executive set up a directive enterprise PMO to steer investment and stop
failing projects. Five years on, four reporting products and a RAID log administration
take almost everyone; the team linked every one of them to "keep executives informed",
the objective the mandate ranks last. Every link is stated in the workbook.
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
    Objective("E1", "Direct investment to the initiatives that deliver the strategy",
              priority=5),
    Objective("E2", "Stop or recover failing projects early", priority=4),
    Objective("E3", "Keep executives informed of portfolio status", priority=1),
]
CUSTOMERS = [Customer("Executive committee", 5), Customer("Sponsors", 3)]
REPORTS = ("R1", "R2", "R3", "R4")


def catalogue():
    report = dict(customers=("Executive committee",), objectives=("E3",), satisfaction=3.6)
    return build([
        svc("R1", "Weekly status pack", description="Weekly pack of project RAG statuses.",
            effort_fte=2.0, frequency="Weekly", demand=52, **report),
        svc("R2", "Monthly portfolio pack",
            description="Monthly pack of portfolio status, RAG and milestones.",
            effort_fte=1.5, frequency="Monthly", demand=12, **report),
        svc("R3", "Quarterly executive status deck",
            description="Quarterly deck of portfolio status for the executive committee.",
            effort_fte=1.0, frequency="Quarterly", demand=4, **report),
        svc("R4", "Executive portfolio dashboard",
            description="Dashboard of project status and RAG for executives.",
            effort_fte=1.5, frequency="Monthly", demand=30, **report),
        svc("R5", "RAID log administration",
            description="Keep the projects' RAID logs up to date.", effort_fte=1.0,
            frequency="Weekly", demand=52, **report),
        svc("R6", "Stage-gate decisions",
            description="Run the stage gates where failing projects are stopped or "
                        "recovered.", customers=("Sponsors",), objectives=("E2",),
            effort_fte=0.3, frequency="Monthly", demand=14, satisfaction=4.1),
        svc("R7", "Investment prioritisation",
            description="Rank proposals against the strategy and decide the funding line.",
            customers=("Executive committee",), objectives=("E1",), effort_fte=0.2,
            frequency="Quarterly", demand=6, satisfaction=4.4),
    ], objectives=OBJECTIVES, customers=CUSTOMERS, pmo_type=PMOType.DIRECTIVE,
        name="Enterprise PMO")


@functools.cache
def result():
    return audit(catalogue())


def test_mandate_fit_is_not_100_percent_under_a_finding_that_effort_sits_on_the_last_priority():
    """Every link is stated, but 93% of the effort on the last priority is not a good fit."""
    assert result().summary.objective_coverage.value == 1.0
    fit = result().summary.mandate_fit.value
    assert fit is not None and fit <= 0.6


def test_the_mandate_fit_explanation_names_the_balance_of_effort_against_priority():
    """The headline says where the shortfall comes from: effort against priority."""
    explanation = result().summary.mandate_fit.explanation
    assert "effort" in explanation and "priority" in explanation


def test_informing_executives_getting_nine_tenths_of_the_effort_is_high():
    """The last-priority objective taking nine tenths of the effort is a high finding."""
    gap = [f for f in findings(result(), "effort-misaligned") if f.objectives == ("E3",)]
    assert gap and gap[0].severity.value == "high"


def test_the_first_finding_is_about_where_effort_goes():
    """The sponsor's first line is where effort goes, not a data gap."""
    assert result().findings[0].code.value in {"effort-misaligned", "pmo-type-underreach",
                                               "overlapping-services"}


def test_the_stage_gates_and_prioritisation_are_kept():
    """The two services doing what the PMO was set up to do are kept."""
    assert result().service("R6").recommendation.value == "keep"
    assert result().service("R7").recommendation.value == "keep"


def test_the_json_headline_is_a_number_below_the_coverage():
    """Scripts reading --json see a fit figure below the 100% coverage, not equal to it."""
    summary = as_json(result())["summary"]
    assert summary["objective_coverage"] == 1.0
    assert summary["mandate_fit"] < summary["objective_coverage"]


def test_the_four_reporting_products_are_one_overlap_family():
    """Weekly pack, monthly pack, quarterly deck and dashboard are one family of reports."""
    families = [set(f.services) for f in findings(result(), "overlapping-services")]
    assert any(set(REPORTS) <= family for family in families)


def test_a_directive_pmo_doing_almost_no_directive_work_is_flagged():
    """A directive PMO spending 7% of its effort on directing is under-reaching its mandate."""
    under = findings(result(), "pmo-type-underreach")
    assert under and under[0].severity.value in {"high", "medium"}


def test_the_function_mix_shows_reporting_dominating():
    """What the catalogue says the PMO does: mostly reporting, by effort."""
    groups = as_json(result())["function_groups"]
    biggest = max(groups, key=lambda g: g["effort_share"])
    assert biggest["effort_share"] >= 0.6
    assert "monitor" in biggest["name"].lower() or "report" in biggest["name"].lower()
