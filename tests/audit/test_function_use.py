"""What the audit does with PMO functions: nature, under-reach, overlaps, links, the function mix."""

from __future__ import annotations

import dataclasses

import pytest

from audit import FindingCode, run_audit
from catalogue.model import Objective, PMOType

from .builders import CONFIG, catalogue, service


def only(result, code: FindingCode):
    return [f for f in result.findings if f.code is code]


def test_a_blank_nature_is_inferred_from_the_wording_and_the_finding_quotes_it():
    cat = catalogue(
        service("S1", "Stop orders", description="Issue stop orders to failing projects and "
                "take over the worst ones", nature=None),
        service("S2", "Template library", description="Keep the project templates current",
                nature=None),
        pmo_type=PMOType.SUPPORTIVE)
    result = run_audit(cat, CONFIG)
    mismatch = only(result, FindingCode.PMO_TYPE_MISMATCH)
    assert [f.services for f in mismatch] == [("S1",)]
    assert mismatch[0].severity.value == "high"
    assert "the catalogue states no nature; its wording shows it: “stop order”" in mismatch[0].message
    assert mismatch[0].evidence["nature_inferred"] is True
    assert mismatch[0].evidence["authority_wording"] == ["stop order"]
    assert result.service("S1").nature == "directive" and result.service("S1").nature_inferred
    assert result.service("S2").nature == "supportive"


def test_a_topic_alone_does_not_make_a_service_directive():
    """Services about programmes, capacity or priorities may only plan or report on them:
    without wording of authority, their nature is not known and nobody is accused of
    overreach (they were, by the hundred, on a generated catalogue)."""
    cat = catalogue(
        service("S1", "Programme documentation", description="Keep the programme's "
                "documents filed and current", nature=None),
        service("S2", "Capacity planning", description="A quarterly view of capacity and "
                "resource demand across projects", nature=None),
        service("S3", "Benefits prioritisation", description="Prioritisation of the "
                "benefits to track", nature=None),
        service("S4", "Resource allocation", description="Allocate resources between "
                "projects each month", nature=None),
        pmo_type=PMOType.CONTROLLING)
    result = run_audit(cat, CONFIG)
    mismatch = only(result, FindingCode.PMO_TYPE_MISMATCH)
    assert [f.services for f in mismatch] == [("S4",)]
    assert mismatch[0].evidence["authority_wording"] == ["allocate resources"]
    for service_id in ("S1", "S2", "S3"):
        assert result.service(service_id).nature is None, service_id
        assert not result.service(service_id).nature_inferred, service_id


def test_everyday_words_are_no_authority():
    """'Take the minutes' is not 'take over a project', nor 'terminally ill' 'terminate'
    (both fold to the same stem; a real council catalogue had it)."""
    cat = catalogue(
        service("S1", "Board minutes", description="Take the minutes and keep the action log",
                nature=None),
        service("S2", "Hospice information", description="Information about hospices for "
                "terminally ill people and their carers", nature=None),
        pmo_type=PMOType.SUPPORTIVE)
    result = run_audit(cat, CONFIG)
    assert not only(result, FindingCode.PMO_TYPE_MISMATCH)
    assert result.service("S1").nature == "supportive"


def test_a_stated_nature_wins_over_the_function():
    cat = catalogue(service("S1", "Stop orders", description="Issue stop orders",
                            nature=PMOType.SUPPORTIVE), pmo_type=PMOType.SUPPORTIVE)
    result = run_audit(cat, CONFIG)
    assert not only(result, FindingCode.PMO_TYPE_MISMATCH)
    assert result.service("S1").nature_inferred is False


def _reporting_factory(pmo_type=PMOType.DIRECTIVE):
    return catalogue(
        service("S1", "Weekly status pack", description="Weekly pack of RAG statuses",
                effort_fte=2.0, nature=None),
        service("S2", "Monthly portfolio pack", description="Monthly portfolio status pack",
                effort_fte=1.5, nature=None),
        service("S3", "Quarterly board deck", description="Slides for the quarterly board",
                effort_fte=1.0, nature=None),
        service("S4", "Executive dashboard", description="Power BI dashboard of the portfolio",
                effort_fte=1.0, nature=None),
        service("S5", "Investment prioritisation", description="Rank proposals and decide "
                "which projects are funded", effort_fte=0.3, nature=None),
        pmo_type=pmo_type)


def test_a_directive_pmo_doing_little_directive_work_under_reaches():
    result = run_audit(_reporting_factory(), CONFIG)
    under = only(result, FindingCode.PMO_TYPE_UNDERREACH)
    assert len(under) == 1 and under[0].severity.value == "high"
    assert "directive PMO" in under[0].message and "5%" in under[0].message
    assert under[0].evidence["services_of_own_nature"] == ["S5"]
    assert under[0].services[0] == "S1"  # the largest service of a lighter nature


def test_the_under_reach_threshold_is_a_setting():
    lenient = dataclasses.replace(CONFIG, underreach_share=0.05)
    assert not only(run_audit(_reporting_factory(), lenient), FindingCode.PMO_TYPE_UNDERREACH)
    assert not only(run_audit(_reporting_factory(PMOType.SUPPORTIVE), CONFIG),
                    FindingCode.PMO_TYPE_UNDERREACH)


def test_reporting_products_for_the_same_customers_are_one_overlap_family():
    result = run_audit(_reporting_factory(), CONFIG)
    families = [set(f.services) for f in only(result, FindingCode.OVERLAPPING_SERVICES)]
    assert {"S1", "S2", "S3", "S4"} in families
    finding = only(result, FindingCode.OVERLAPPING_SERVICES)[0]
    assert "reporting products" in finding.message
    # Wording alone (the family switched off by an impossible confidence) does not see it.
    wording_only = dataclasses.replace(CONFIG, overlap_function_min_confidence=1.0)
    families = [set(f.services) for f in only(run_audit(_reporting_factory(), wording_only),
                                              FindingCode.OVERLAPPING_SERVICES)]
    assert {"S1", "S2", "S3", "S4"} not in families


def test_reporting_products_for_different_customers_do_not_overlap():
    cat = catalogue(
        service("S1", "Weekly status pack", description="Weekly pack of RAG statuses",
                customers=("Executives",)),
        service("S2", "Quarterly board deck", description="Slides for the quarterly board",
                customers=("Benefits owners",)))
    assert not only(run_audit(cat, CONFIG), FindingCode.OVERLAPPING_SERVICES)


RISK = Objective("R1", "Reduce executive risk exposure across the board's portfolio",
                 priority=5, success_measure="Top risks owned at executive board level")


def test_a_shared_generic_word_does_not_link_board_minutes_to_an_executive_risk_objective():
    minutes = service("S1", "Project board minutes", description="Take the minutes and "
                      "action log at project boards", customers=(), objectives=())
    risk_work = service("S2", "Risk register", description="Keep the central risk register",
                        customers=(), objectives=())
    cat = catalogue(minutes, risk_work, objectives=(RISK,))
    result = run_audit(cat, CONFIG)
    assert result.service("S1").objective_ids == ()
    assert result.service("S2").objective_ids == ("R1",)
    # Judged on wording alone, the shared words would have made the link.
    wording_only = dataclasses.replace(CONFIG, link_other_function_factor=1.0)
    assert run_audit(cat, wording_only).service("S1").objective_ids == ("R1",)


def test_an_objective_asking_for_work_no_service_does_is_a_finding():
    select = Objective("P1", "Select and prioritise the right investment proposals",
                       priority=5, success_measure="Every proposal scored before funding")
    cat = catalogue(
        service("S1", "Weekly status pack", description="Weekly pack of RAG statuses",
                objectives=("P1",)),
        objectives=(select,))
    found = only(run_audit(cat, CONFIG), FindingCode.FUNCTION_NOT_PROVIDED)
    assert len(found) == 1 and found[0].objectives == ("P1",)
    assert "multi-project management" in found[0].message
    assert found[0].evidence["linked_services"] == ["S1"]
    cat_with_work = catalogue(
        service("S1", "Weekly status pack", objectives=("P1",)),
        service("S2", "Portfolio prioritisation", description="Score and rank proposals",
                objectives=("P1",)),
        objectives=(select,))
    assert not only(run_audit(cat_with_work, CONFIG), FindingCode.FUNCTION_NOT_PROVIDED)


def test_the_function_mix_sets_effort_against_priority():
    result = run_audit(_reporting_factory(), CONFIG)
    groups = {g.id: g for g in result.function_groups}
    assert groups["monitoring"].effort_share == pytest.approx(5.5 / 5.8)
    assert groups["multiproject"].effort_share == pytest.approx(0.3 / 5.8)
    assert sum(g.priority_share for g in groups.values()) == pytest.approx(1.0)
    assert groups["strategic"].priority_share == pytest.approx(0.3)  # O2, priority 3 of 10
    assert groups["strategic"].objectives == ("O2",)
    assert "“dashboard”" in result.function_reason("S4")
