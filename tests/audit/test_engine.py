"""The audit never crashes, never divides by zero and never produces NaN, whatever the catalogue."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import AuditConfig, FindingCode, Recommendation, run_audit
from catalogue.model import (
    Catalogue,
    Customer,
    Mandate,
    Objective,
    PMOType,
    Service,
    ServiceStatus,
)
from reports.jsonout import audit_to_json, dumps

from .builders import AS_OF, CONFIG, catalogue, service, well_run


def assert_clean(result) -> dict:
    """The JSON of a result parses back and holds no NaN or infinity anywhere."""
    text = dumps(audit_to_json(result))
    document = json.loads(text)

    def walk(value):
        if isinstance(value, float):
            assert math.isfinite(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(document)
    return document


@pytest.mark.parametrize("cat", [
    Catalogue(),
    Catalogue(services=(Service("S1", "Only a name"),)),
    Catalogue(objectives=(Objective("O1", "An objective"),)),
    Catalogue(customers=(Customer("Executives"),)),
    catalogue(),
    catalogue(Service("S1", "Bare"), Service("S2", "Bare")),
    catalogue(service("S1", "Zero effort", effort_fte=0.0, demand=0.0, objectives=("O1",)),
              service("S2", "Zero too", effort_fte=0.0, demand=0.0)),
    catalogue(*[service(f"S{i}", "All retired", status=ServiceStatus.RETIRED)
                for i in range(3)]),
    catalogue(*[service(f"S{i}", "All planned", status=ServiceStatus.PLANNED)
                for i in range(3)]),
    catalogue(service("S1", "Same id"), service("S1", "Same id")),
    catalogue(service("S1", "", description=None)),
    catalogue(service("S1", "A"), objectives=(Objective("O1", "", priority=0),
                                              Objective("O1", "Duplicate id", priority=-1))),
], ids=["empty", "no-mandate", "objectives-only", "customers-only", "no-services",
        "bare-services", "zero-effort", "all-retired", "all-planned", "duplicate-ids",
        "empty-name", "odd-objectives"])
def test_odd_catalogues_audit_cleanly(cat):
    result = run_audit(cat, CONFIG)
    document = assert_clean(result)
    assert document["summary"]["services"] == len(cat.services)
    assert len(result.services) == len(cat.services)  # never drops a service
    for s in result.services:
        assert 0.0 <= s.alignment <= 1.0
        assert s.recommendation_reason and s.value_reason and s.alignment_reason


def test_odd_field_values_are_treated_as_missing():
    weird = Service(
        "S1", "Weird", effort_fte=float("nan"), demand=float("inf"), satisfaction=-4,
        cost=float("nan"), last_reviewed=dt.datetime(2020, 1, 1, 12, 0),
        last_delivered=dt.date(2099, 1, 1), customers=("", "  ", "Executives"),
        objectives=("", "O1"), status=None, mandatory=None, nature=None)
    result = run_audit(catalogue(weird), CONFIG)
    s = result.services[0]
    assert s.effort_fte is None and s.value is None
    assert s.objective_ids == ("O1",)
    assert s.customer_names == ("Executives",)
    assert "stale-service" in [c.value for c in s.flags]  # reviewed in 2020
    assert_clean(result)


def test_values_of_the_wrong_type_do_not_crash():
    odd = Service("S1", "Odd", effort_fte="1.5 FTE", demand=True, satisfaction="4",  # type: ignore[arg-type]
                  objectives="O1", customers="Executives",  # type: ignore[arg-type]
                  status="retired", nature="directive")  # type: ignore[arg-type]
    s = run_audit(catalogue(odd), CONFIG).services[0]
    assert s.effort_fte is None
    assert s.objective_ids == ("O1",)
    assert s.recommendation is Recommendation.RETIRE


def test_huge_figures_stay_finite():
    cat = catalogue(*[service(f"S{i}", "Big", effort_fte=9e5, demand=9e11) for i in range(5)])
    result = run_audit(cat, CONFIG)
    assert result.summary.total_effort_fte == pytest.approx(4.5e6)
    assert_clean(result)


def test_summary_figures_and_explanations():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",), effort_fte=3.0),
        service("S2", "Office move coordination", customers=("Facilities",), effort_fte=1.0),
    )
    summary = run_audit(cat, CONFIG).summary
    assert summary.objective_coverage.value == pytest.approx(1 / 3)
    assert summary.objective_coverage.explanation.startswith("1 of 3 objectives has")
    assert summary.customer_coverage.value == pytest.approx(1 / 3)
    assert summary.effort_in_mandate.value == pytest.approx(0.75)
    assert "3 FTE of the 4 FTE" in summary.effort_in_mandate.explanation
    # Mandate fit = coverage x effort. Coverage: priority-weighted 0.5, importance-weighted
    # 0.5. Effort: 0.75 inside the mandate; balance: O1 has 75% of the effort and 50% of
    # the priority, the others none, so 0.5.
    assert summary.mandate_fit.value == pytest.approx(0.5 * (0.75 + 0.5) / 2)
    assert summary.mandate_fit.explanation.startswith("Mandate fit = coverage 50% (")
    assert "Nothing in it rests on suggested links." in summary.mandate_fit.explanation
    assert summary.recommendations["keep"] == 1


def test_without_effort_figures_mandate_fit_uses_the_share_of_services():
    cat = catalogue(service("S1", "Dashboard", objectives=("O1",), effort_fte=None),
                    service("S2", "Office move", customers=("HR",), effort_fte=None))
    summary = run_audit(cat, CONFIG).summary
    assert summary.effort_in_mandate.value is None
    assert summary.total_effort_fte is None
    assert any("share of services" in note for note in summary.notes)


def test_the_mandate_fit_weights_come_from_the_config():
    cat = catalogue(service("S1", "Dashboard", objectives=("O1",), effort_fte=3.0))
    only_effort = AuditConfig(as_of=AS_OF, mandate_fit_weight_objectives=0,
                              mandate_fit_weight_customers=0, mandate_fit_weight_balance=0)
    assert run_audit(cat, only_effort).summary.mandate_fit.value == pytest.approx(1.0)
    # With the balance: all the effort on O1, which has half the priority.
    with_balance = AuditConfig(as_of=AS_OF, mandate_fit_weight_objectives=0,
                               mandate_fit_weight_customers=0)
    assert run_audit(cat, with_balance).summary.mandate_fit.value == pytest.approx(0.75)


def test_a_fit_resting_on_suggestions_counts_them_at_their_strength_and_says_so():
    stated = catalogue(service("S1", "Portfolio status report", objectives=("O1",),
                               customers=("Executives",)))
    suggested = catalogue(service("S1", "Portfolio status report for the executive team",
                                  description="A single reliable view of portfolio status",
                                  customers=("Executives",)))
    fit_stated = run_audit(stated, CONFIG).summary.mandate_fit
    fit_suggested = run_audit(suggested, CONFIG).summary.mandate_fit
    assert run_audit(suggested, CONFIG).services[0].objective_link_kind == "suggested"
    assert fit_suggested.value < fit_stated.value
    assert "On suggested links only: " in fit_suggested.explanation


def test_coverage_lists_explicit_suggested_and_planned_services():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",)),
        service("S2", "Benefits realisation tracking", description="Track realised benefits"),
        service("S3", "Benefits workshops", objectives=("O2",), status=ServiceStatus.PLANNED),
    )
    result = run_audit(cat, CONFIG)
    o1, o2, o3 = result.objectives
    assert o1.explicit_services == ("S1",) and o1.suggested_services == ()
    assert o2.services == ("S2",) and o2.suggested_services == ("S2",)
    assert o2.planned_services == ("S3",)
    assert not o3.covered
    executives = result.customers[0]
    assert "S1" in executives.explicit_services


def test_a_large_catalogue_takes_no_quadratic_path():
    """2,500 services, above the pairwise overlap limit of the config used here."""
    services = [service(f"S{i}", f"Service {i % 50} reporting", objectives=("O1",),
                        description=f"Collect reports {i % 7}") for i in range(2500)]
    config = AuditConfig(as_of=AS_OF, overlap_exact_limit=500)
    result = run_audit(catalogue(*services), config)
    assert len(result.services) == 2500
    overlaps = result.findings_with(FindingCode.OVERLAPPING_SERVICES)
    assert overlaps  # services 0, 350, 700... are word for word the same
    copies = next(f for f in overlaps if "S0" in f.services)
    assert "S350" in copies.services


def test_config_is_recorded_and_defaults_apply():
    result = run_audit(well_run())
    assert result.config == AuditConfig()
    assert result.as_of == dt.date.today()


_text = st.one_of(st.none(), st.text(max_size=40))
_number = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(-10, 10**6))
_date = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1),
                                       max_value=dt.date(2100, 1, 1)))
_services = st.lists(st.builds(
    Service, id=st.text(max_size=6), name=st.text(max_size=30), description=_text,
    category=_text, customers=st.lists(st.sampled_from(
        ["Executives", "executives", "HR", "", "Project managers"]), max_size=3).map(tuple),
    objectives=st.lists(st.sampled_from(["O1", "O2", "o3", "Nope", ""]), max_size=3).map(tuple),
    owner=_text, effort_fte=_number, demand=_number, satisfaction=_number,
    last_reviewed=_date, last_delivered=_date,
    status=st.one_of(st.none(), st.sampled_from(ServiceStatus)),
    mandatory=st.one_of(st.none(), st.booleans()),
    nature=st.one_of(st.none(), st.sampled_from(PMOType)), value_measure=_text,
), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services=_services, with_mandate=st.booleans(),
       pmo_type=st.one_of(st.none(), st.sampled_from(PMOType)),
       weights=st.lists(_number, min_size=6, max_size=6))
def test_any_catalogue_audits_cleanly(services, with_mandate, pmo_type, weights):
    objectives = tuple(replace(o, priority=w) for o, w in zip(catalogue().objectives, weights,
                                                              strict=False))
    customers = tuple(replace(c, importance=w) for c, w in zip(catalogue().customers,
                                                               weights[3:], strict=False))
    cat = Catalogue(
        mandate=Mandate(pmo_type=pmo_type),
        objectives=objectives if with_mandate else (),
        customers=customers if with_mandate else (),
        services=tuple(services),
    )
    result = run_audit(cat, CONFIG)
    document = assert_clean(result)
    assert len(document["services"]) == len(services)
    for s, original in zip(result.services, services, strict=True):
        if original.mandatory is True:
            assert s.recommendation is not Recommendation.RETIRE
        assert s.value is None or 0.0 <= s.value <= 1.0
    for key in ("objective_coverage", "customer_coverage", "mandate_fit"):
        figure = document["summary"][key]
        assert figure is None or 0.0 <= figure <= 1.0
    if with_mandate:
        assert document["summary"]["objective_coverage"] is not None


def test_a_balance_line_sets_short_against_long_term_effort_and_priority():
    from catalogue.model import Horizon
    objectives = (Objective("O1", "Report portfolio status", priority=1, horizon=Horizon.SHORT),
                  Objective("O2", "Build capability", priority=3, horizon=Horizon.LONG))
    cat = catalogue(service("S1", "Status report", objectives=("O1",), effort_fte=3.0),
                    service("S2", "Training", objectives=("O2",), effort_fte=1.0),
                    objectives=objectives)
    notes = run_audit(cat, CONFIG).summary.notes
    line = next(n for n in notes if n.startswith("Short against long term"))
    assert ("short term objectives take 75% of the effort for 25% of the priority; long term "
            "objectives take 25% of the effort for 75% of the priority.") in line
