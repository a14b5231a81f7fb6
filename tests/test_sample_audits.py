"""Each sample catalogue, imported and audited, tells the story its README tells."""

import datetime as dt
from pathlib import Path

import pytest

from audit import AuditConfig, FindingCode, Recommendation, run_audit
from catalogue import import_catalogue

SAMPLES = Path(__file__).resolve().parent.parent / "sample_catalogues"
AS_OF = dt.date(2026, 11, 22)


def audited(name: str, mandate: str | None = None):
    mandate_bytes = (SAMPLES / mandate).read_bytes() if mandate else None
    result = import_catalogue((SAMPLES / name).read_bytes(), filename=name, mandate=mandate_bytes)
    return run_audit(result.catalogue, AuditConfig(as_of=AS_OF))


def flagged(result, code: FindingCode) -> set[str]:
    return {s for f in result.findings_with(code) for s in f.services}


def recommended(result, *recommendations: Recommendation) -> set[str]:
    return {s.service_id for s in result.services if s.recommendation in recommendations}


def test_the_coaching_story_pmo_is_busy_outside_its_mandate():
    result = audited("coaching_story.xlsx")
    summary = result.summary
    assert summary.effort_in_mandate.value < 0.5, "most of its effort is outside the mandate"
    uncovered = [o.objective_id for o in result.objectives if not o.covered]
    assert uncovered == ["OBJ-02"], "benefits realisation has no service"
    assert flagged(result, FindingCode.CUSTOMER_NOT_SERVED) == set()
    assert {f.customers for f in result.findings_with(FindingCode.CUSTOMER_NOT_SERVED)} == {
        ("Benefits owners",)}
    admin = {f"CPO-{n:02d}" for n in range(1, 13)}  # reporting and administration services
    assert admin <= recommended(result, Recommendation.RETIRE, Recommendation.RETHINK)
    assert admin <= flagged(result, FindingCode.SERVICE_OUTSIDE_MANDATE) | {"CPO-09"}
    assert recommended(result, Recommendation.KEEP) == {f"CPO-{n}" for n in range(13, 18)}
    assert len(result.findings_with(FindingCode.EFFORT_MISALIGNED)) >= 2


def test_after_the_workshop_more_of_the_effort_serves_the_mandate():
    before = audited("coaching_story.xlsx").summary
    after = audited("coaching_story_after_workshop.xlsx").summary
    assert after.effort_in_mandate.value > before.effort_in_mandate.value + 0.3
    assert after.mandate_fit.value > before.mandate_fit.value


def test_the_well_run_epmo_is_mostly_keep_with_no_gaps():
    result = audited("well_run_epmo.xlsx")
    keep = recommended(result, Recommendation.KEEP)
    assert len(keep) >= 0.8 * len(result.services)
    assert all(o.covered for o in result.objectives)
    assert all(c.served for c in result.customers)
    assert result.summary.mandate_fit.value > 0.9
    for code in (FindingCode.SERVICE_OUTSIDE_MANDATE, FindingCode.STALE_SERVICE,
                 FindingCode.PMO_TYPE_MISMATCH, FindingCode.EFFORT_MISALIGNED):
        assert result.findings_with(code) == (), code


def test_the_government_epmo_has_stale_and_overreaching_services():
    result = audited("government_epmo.xlsx")
    assert flagged(result, FindingCode.PMO_TYPE_MISMATCH) == {"PAO-24", "PAO-25", "PAO-26"}
    stale = flagged(result, FindingCode.STALE_SERVICE)
    assert {"PAO-07", "PAO-19", "PAO-20", "PAO-21", "PAO-22", "PAO-25"} <= stale
    assert "PAO-23" not in stale, "a service already being retired is not nagged about"
    mandatory = {s.service_id for s in result.services if s.mandatory}
    assert mandatory and not mandatory & recommended(result, Recommendation.RETIRE)
    assert result.service("PAO-07").recommendation is Recommendation.RETHINK


@pytest.mark.parametrize("with_mandate", [True, False])
def test_the_pmo_of_one_audits_with_or_without_its_mandate(with_mandate):
    mandate = "pmo_of_one_mandate.xlsx" if with_mandate else None
    result = audited("pmo_of_one.xlsx", mandate)
    assert len(result.services) == 11
    if with_mandate:
        assert len(result.objectives) == 3
        assert flagged(result, FindingCode.SERVICE_OUTSIDE_MANDATE)
    else:
        assert result.objectives == () and result.summary.notes


def test_customers_expectations_nobody_meets_are_the_story_s_gaps():
    """The well-run EPMO meets every expectation; the coaching story's PMO leaves its
    benefits owners' expectation unmet (no service does benefits), even after the workshop
    (its benefits services are only planned)."""
    assert audited("well_run_epmo.xlsx").findings_with(FindingCode.EXPECTATION_NOT_MET) == ()
    assert audited("government_epmo.xlsx").findings_with(FindingCode.EXPECTATION_NOT_MET) == ()
    for name in ("coaching_story.xlsx", "coaching_story_after_workshop.xlsx"):
        unmet = {(f.customers, f.evidence["expectation"])
                 for f in audited(name).findings_with(FindingCode.EXPECTATION_NOT_MET)}
        assert (("Benefits owners",), "Support to define, measure and evidence benefits") in unmet
