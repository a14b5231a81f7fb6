"""Alignment, value and recommendation rules, on small catalogues built by hand."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from audit import AuditConfig, FindingCode, Recommendation, run_audit
from audit.scores import effective_weights, link_factors, suggested_strength
from catalogue.model import Catalogue, Mandate, PMOType, Service, ServiceStatus

from .builders import AS_OF, CONFIG, catalogue, service


def test_explicit_link_to_the_top_objective_serving_a_top_customer_is_fully_aligned():
    s = run_audit(catalogue(service("S1", "Dashboard", objectives=("O1",))), CONFIG).services[0]
    assert s.alignment == pytest.approx(1.0)
    assert s.alignment_reason.startswith("Explicit objective link to O1")


def test_alignment_weighs_priority_and_customers():
    cat = catalogue(
        service("S1", "Training", objectives=("O3",), customers=("Facilities",)),
        service("S2", "Canteen menu", customers=("Executives",)),
        service("S3", "Training", objectives=("O3",), customers=("Project managers",)),
    )
    low_priority, customers_only, both = run_audit(cat, CONFIG).services
    # O3 has priority 2 of 5: factor 0.7 + 0.3 x 2/5 = 0.82, objective part weighs 0.75.
    assert low_priority.alignment == pytest.approx(0.75 * 0.82)
    assert customers_only.alignment == pytest.approx(0.25)
    # Project managers: importance 3 of 5 -> 0.7 + 0.3 x 0.6 = 0.88.
    assert both.alignment == pytest.approx(0.75 * 0.82 + 0.25 * 0.88)
    assert low_priority.alignment >= CONFIG.aligned_from > customers_only.alignment


def test_a_suggested_link_weighs_by_its_confidence():
    config = AuditConfig()
    strengths = suggested_strength(np.array([0.15, 0.3, 0.9]), config)
    assert strengths == pytest.approx([0.35, 0.7, 0.7])
    cat = catalogue(service("S1", "Benefits realisation tracking", customers=(),
                            description="Track realised benefits against forecasts"))
    s = run_audit(cat, CONFIG).services[0]
    link = s.objective_links[0]
    assert link.target == "O2"
    objective_part = 0.7 * min(1.0, link.confidence / 0.3) * (0.7 + 0.3 * 3 / 5)  # priority 3/5
    customer = s.customer_links[0]  # suggested too: the service names no customer
    assert (customer.target, customer.kind.value) == ("Benefits owners", "suggested")
    customer_part = 0.7 * min(1.0, customer.confidence / 0.3) * (0.7 + 0.3 * 2 / 5)
    assert s.alignment == pytest.approx(0.75 * objective_part + 0.25 * customer_part, abs=1e-4)


def test_without_mandate_customers_alignment_is_the_objective_part():
    cat = catalogue(service("S1", "Dashboard", objectives=("O1",), customers=("Anyone",)),
                    customers=())
    assert run_audit(cat, CONFIG).services[0].alignment == pytest.approx(1.0)


def test_without_a_mandate_alignment_is_not_judged_and_nothing_is_retired():
    cat = Catalogue(services=(
        service("S1", "Good", demand=50, satisfaction=5),
        service("S2", "Poor", demand=0, satisfaction=1),
        service("S3", "Unknown", demand=None, satisfaction=None),
    ))
    result = run_audit(cat, CONFIG)
    poor = result.services[1]
    assert [s.recommendation for s in result.services] == [
        Recommendation.KEEP, Recommendation.IMPROVE, Recommendation.IMPROVE]
    assert all(s.alignment == 0.0 for s in result.services)
    assert "not judged" in poor.recommendation_reason
    # Nothing to fit: not known, never 0%.
    assert result.summary.mandate_fit.value is None
    assert result.summary.effort_in_mandate.value is None
    assert not result.findings_with(FindingCode.SERVICE_OUTSIDE_MANDATE)
    assert not result.findings_with(FindingCode.OBJECTIVE_NOT_COVERED)
    assert any("states no objectives" in note for note in result.summary.notes)


def test_value_from_demand_satisfaction_effort_and_recency():
    cat = catalogue(
        service("S1", "Busy", demand=40, satisfaction=5, effort_fte=1.0),
        service("S2", "Median", demand=20, satisfaction=3, effort_fte=1.0),
        service("S3", "Quiet", demand=5, satisfaction=3, effort_fte=2.0,
                last_delivered=dt.date(2024, 1, 1)),
        service("S4", "Busy but disliked", demand=40, satisfaction=2, effort_fte=1.0),
    )
    busy, median, quiet, disliked = run_audit(cat, CONFIG).services
    assert busy.value == pytest.approx(1.0)
    # demand 20/30, satisfaction 0.5, demand per FTE 20/30 (median of 40, 20, 2.5, 40),
    # recency 1.0.
    assert median.value == pytest.approx(0.35 * 20 / 30 + 0.35 * 0.5 + 0.2 * 20 / 30 + 0.1)
    # The median demand of services on request (no frequency): 5, 20, 40, 40 -> 30.
    # demand 5/30, satisfaction 0.5, per FTE 2.5/30, not delivered for 30 months: recency 0.
    assert quiet.value == pytest.approx(0.35 * 5 / 30 + 0.35 * 0.5 + 0.2 * 2.5 / 30)
    assert "0.2× the demand expected on request (30)" in quiet.value_reason
    # Satisfaction 2/5 (at or below 2.5) caps value at the satisfaction score, 0.25,
    # however high the demand.
    assert disliked.value == pytest.approx(0.25)
    assert "caps value" in disliked.value_reason


@pytest.mark.parametrize("fields, reason", [
    ({"demand": None, "satisfaction": None}, "Not enough evidence"),
    ({"status": ServiceStatus.PLANNED}, "Planned"),
    ({"status": ServiceStatus.RETIRED}, "Retired"),
])
def test_value_is_null_with_a_reason(fields, reason):
    cat = catalogue(service("S1", "Dashboard", objectives=("O1",), **fields),
                    service("S2", "Other", objectives=("O1",)))
    s = run_audit(cat, CONFIG).services[0]
    assert s.value is None
    assert s.value_reason.startswith(reason)


def test_satisfaction_alone_is_enough_evidence_and_odd_figures_are_ignored():
    cat = catalogue(service("S1", "A", demand=None, satisfaction=5, effort_fte=-3,
                            last_delivered=None),
                    service("S2", "B", demand=float("nan"), satisfaction=9))
    first, second = run_audit(cat, CONFIG).services
    assert first.value == pytest.approx(1.0)
    assert first.effort_fte is None  # a negative effort is not a figure
    assert second.value is None


def _recommend(objectives: tuple[str, ...], demand, satisfaction, **fields) -> Recommendation:
    cat = catalogue(service("S1", "Office move coordination", objectives=objectives,
                            customers=("Facilities",), demand=demand,
                            satisfaction=satisfaction, **fields),
                    service("S2", "Reference", objectives=("O1",), demand=20))
    return run_audit(cat, CONFIG).services[0].recommendation


@pytest.mark.parametrize("objectives, demand, satisfaction, fields, expected", [
    (("O1",), 20, 5, {}, Recommendation.KEEP),
    # Aligned, but value near zero with two signals (low demand, satisfaction 1): dead.
    (("O1",), 1, 1, {}, Recommendation.RETIRE),
    (("O1",), 1, 1, {"mandatory": True}, Recommendation.IMPROVE),
    (("O1",), 1, 2.8, {}, Recommendation.IMPROVE),
    (("O1",), None, None, {}, Recommendation.IMPROVE),
    ((), 20, 5, {}, Recommendation.RETHINK),
    ((), None, None, {}, Recommendation.RETHINK),
    ((), 1, 1, {}, Recommendation.RETIRE),
    ((), 1, 1, {"mandatory": True}, Recommendation.RETHINK),
    ((), 1, 1, {"status": ServiceStatus.RETIRING}, Recommendation.RETIRE),
    ((), 20, 5, {"status": ServiceStatus.RETIRING}, Recommendation.RETIRE),
    ((), 20, 5, {"status": ServiceStatus.RETIRING, "mandatory": True}, Recommendation.RETHINK),
    (("O1",), 20, 5, {"status": ServiceStatus.RETIRING}, Recommendation.KEEP),
    (("O1",), None, None, {"status": ServiceStatus.PLANNED}, Recommendation.KEEP),
    ((), None, None, {"status": ServiceStatus.PLANNED}, Recommendation.RETHINK),
    (("O1",), 20, 5, {"status": ServiceStatus.RETIRED}, Recommendation.RETIRE),
    (("O1",), 20, 5, {"status": ServiceStatus.RETIRED, "mandatory": True},
     Recommendation.RETHINK),
])
def test_recommendations(objectives, demand, satisfaction, fields, expected):
    assert _recommend(objectives, demand, satisfaction, **fields) is expected


def test_a_mandatory_service_is_never_retired_and_the_reason_says_why():
    cat = catalogue(service("S1", "Statutory return", customers=("Regulator",), demand=0,
                            satisfaction=1, mandatory=True),
                    service("S2", "Reference", objectives=("O1",)))
    s = run_audit(cat, CONFIG).services[0]
    assert s.recommendation is Recommendation.RETHINK
    assert "mandatory" in s.recommendation_reason


def test_a_retiring_service_outside_the_mandate_is_retired_and_an_aligned_one_questioned():
    cat = catalogue(
        service("S1", "Timesheet chasing", customers=("HR",), demand=50, satisfaction=5,
                status=ServiceStatus.RETIRING, effort_fte=0.3),
        service("S2", "Dashboard", objectives=("O1",), status=ServiceStatus.RETIRING),
    )
    outside, aligned = run_audit(cat, CONFIG).services
    assert outside.recommendation_reason == ("Linked to no mandate objective and already "
                                             "being retired: finish retiring it and free its "
                                             "0.3 FTE.")
    assert aligned.recommendation_reason.endswith("It is marked as retiring: reconsider, "
                                                  "since it serves the mandate.")


def test_retire_reason_names_the_effort_freed():
    cat = catalogue(service("S1", "Office move coordination", customers=("Facilities",),
                            demand=0, satisfaction=1, effort_fte=1.5),
                    service("S2", "Reference", objectives=("O1",)))
    s = run_audit(cat, CONFIG).services[0]
    assert s.recommendation is Recommendation.RETIRE
    assert "free its 1.5 FTE" in s.recommendation_reason


def test_effective_weights_and_factors():
    weights, stated = effective_weights([5, None, 1, float("nan"), -2])
    assert stated == 2
    assert weights.tolist() == [5, 3, 1, 3, 3]
    weights, stated = effective_weights([None, 0, 0])
    assert stated == 2 and weights.tolist() == [1, 1, 1]
    assert link_factors(np.array([5.0, 2.5]), 0.7).tolist() == pytest.approx([1.0, 0.85])
    assert link_factors(np.zeros(0), 0.7).size == 0


def test_scores_stay_between_0_and_1_on_extreme_figures():
    cat = catalogue(
        service("S1", "A", objectives=("O1", "O2", "O3"), demand=1e11, satisfaction=5,
                effort_fte=1e-9),
        service("S2", "B", demand=0, satisfaction=1, effort_fte=0.0),
        service("S3", "C", demand=float("inf"), effort_fte=float("inf")),
        Service("S4", "Bare"),
    )
    result = run_audit(cat, CONFIG)
    for s in result.services:
        assert 0.0 <= s.alignment <= 1.0
        assert s.value is None or 0.0 <= s.value <= 1.0
        assert s.effort_share is None or 0.0 <= s.effort_share <= 1.0
    assert math.isfinite(result.summary.mandate_fit.value)


def test_the_mandate_and_as_of_come_from_the_config():
    cat = Catalogue(mandate=Mandate(pmo_type=PMOType.DIRECTIVE),
                    services=(service("S1", "A"),))
    assert run_audit(cat, AuditConfig(as_of=AS_OF)).as_of == AS_OF
    assert run_audit(cat).as_of == dt.date.today()
