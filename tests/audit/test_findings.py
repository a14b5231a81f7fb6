"""Each of the ten finding codes: when it is raised, how severe, about whom, and what it says."""

from __future__ import annotations

import datetime as dt

import pytest

from audit import AuditConfig, Finding, FindingCode, FindingSeverity, run_audit
from audit.findings import is_hygiene
from catalogue.model import Customer, Objective, PMOType, Service, ServiceStatus

from .builders import AS_OF, CONFIG, catalogue, service, well_run

HIGH, MEDIUM, LOW = FindingSeverity.HIGH, FindingSeverity.MEDIUM, FindingSeverity.LOW


def only(findings: tuple[Finding, ...], code: FindingCode) -> list[Finding]:
    return [f for f in findings if f.code is code]


def test_a_well_run_catalogue_has_no_findings():
    assert run_audit(well_run(), CONFIG).findings == ()


def test_service_outside_mandate_names_its_effort_share():
    cat = catalogue(
        service("S1", "Timesheet chasing", customers=("Project boards",),
                description="Chase staff for missing timesheets every Friday", effort_fte=1.5),
        service("S2", "Dashboard", objectives=("O1",), effort_fte=5.3),
        service("S3", "Printing", customers=("Facilities",), effort_fte=0.2),
        service("S4", "Desk moves", status=ServiceStatus.PLANNED),
        service("S5", "Old thing", status=ServiceStatus.RETIRED),
    )
    result = run_audit(cat, CONFIG)
    found = {f.services[0]: f for f in only(result.findings,
                                            FindingCode.SERVICE_OUTSIDE_MANDATE)}
    assert set(found) == {"S1", "S3", "S4"}
    first = found["S1"]
    assert first.severity is HIGH  # 1.5 of 7 FTE is over the 10% line
    assert first.message.startswith("“Timesheet chasing” (S1) takes 1.5 FTE (21% of the PMO's "
                                    "effort) but is linked to no mandate objective.")
    assert first.evidence["effort_share"] == pytest.approx(1.5 / 7, abs=1e-4)
    assert found["S3"].severity is MEDIUM
    assert found["S4"].severity is LOW
    assert "S5" not in found and result.service("S5").flags == ()
    assert FindingCode.SERVICE_OUTSIDE_MANDATE in result.service("S1").flags


def test_objective_not_covered_by_priority_and_planned_services():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",)),
        service("S2", "PM academy", objectives=("O3",), status=ServiceStatus.PLANNED),
    )
    result = run_audit(cat, CONFIG)
    found = {f.objectives[0]: f for f in only(result.findings,
                                              FindingCode.OBJECTIVE_NOT_COVERED)}
    assert set(found) == {"O2", "O3"}
    assert found["O2"].severity is MEDIUM  # priority 3 of 10: below the average of 1/3
    assert "(priority 3, 30% of the mandate's priority)" in found["O2"].message
    assert "“PM academy” (S2) is planned for it but not delivered yet" in found["O3"].message
    assert found["O3"].evidence["planned_services"] == ["S2"]
    cat = catalogue(service("S1", "Training", objectives=("O3",)))
    high = only(run_audit(cat, CONFIG).findings, FindingCode.OBJECTIVE_NOT_COVERED)
    assert {f.objectives[0]: f.severity for f in high}["O1"] is HIGH


def test_customer_not_served_and_customer_outside_mandate():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",), customers=("Executives",)),
        service("S2", "Staff newsletter", objectives=("O3",), customers=("HR", "Comms")),
        service("S3", "Canteen rota", customers=("Facilities",)),
    )
    result = run_audit(cat, CONFIG)
    not_served = {f.customers[0]: f for f in only(result.findings,
                                                  FindingCode.CUSTOMER_NOT_SERVED)}
    assert set(not_served) == {"Project managers", "Benefits owners"}
    # Importance 3 and 2 of 10: below the average share (1/3), so medium.
    assert {f.severity for f in not_served.values()} == {MEDIUM}
    outside = {f.services[0]: f for f in only(result.findings,
                                              FindingCode.CUSTOMER_OUTSIDE_MANDATE)}
    assert set(outside) == {"S2", "S3"}
    assert outside["S2"].severity is LOW  # still linked to an objective
    assert outside["S3"].severity is MEDIUM
    assert outside["S2"].customers == ("HR", "Comms")
    assert "serves only HR and Comms" in outside["S2"].message
    cat = catalogue(service("S1", "Training", objectives=("O3",), customers=("Project managers",)))
    severity = {f.customers[0]: f.severity for f in run_audit(cat, CONFIG).findings
                if f.code is FindingCode.CUSTOMER_NOT_SERVED}
    assert severity == {"Executives": HIGH, "Benefits owners": MEDIUM}


def test_customer_outside_mandate_needs_mandate_customers():
    cat = catalogue(service("S1", "Dashboard", objectives=("O1",), customers=("HR",)),
                    customers=())
    result = run_audit(cat, CONFIG)
    assert not only(result.findings, FindingCode.CUSTOMER_OUTSIDE_MANDATE)
    assert not only(result.findings, FindingCode.CUSTOMER_NOT_SERVED)


@pytest.mark.parametrize("pmo_type, nature, severity", [
    (PMOType.SUPPORTIVE, PMOType.DIRECTIVE, HIGH),
    (PMOType.SUPPORTIVE, PMOType.CONTROLLING, MEDIUM),
    (PMOType.CONTROLLING, PMOType.DIRECTIVE, MEDIUM),
    (PMOType.CONTROLLING, PMOType.CONTROLLING, None),
    (PMOType.DIRECTIVE, PMOType.DIRECTIVE, None),
    (None, PMOType.DIRECTIVE, None),
])
def test_pmo_type_mismatch(pmo_type, nature, severity):
    cat = catalogue(service("S1", "Compliance audit", objectives=("O1",), nature=nature),
                    pmo_type=pmo_type)
    found = only(run_audit(cat, CONFIG).findings, FindingCode.PMO_TYPE_MISMATCH)
    if severity is None:
        assert not found
    else:
        assert [f.severity for f in found] == [severity]
        assert f"is {nature.value} in nature, but the mandate sets up a {pmo_type.value} PMO" \
            in found[0].message


def test_low_value_signals_and_severity():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",), demand=40, satisfaction=4.5),
        service("S2", "Template upkeep", objectives=("O3",), demand=2, satisfaction=2.0,
                effort_fte=1.0),
        service("S3", "Newsletter", objectives=("O1",), demand=40, satisfaction=2.4),
        service("S4", "Register", objectives=("O2",), demand=0, satisfaction=None),
        service("S5", "Old report", objectives=("O1",), demand=0, satisfaction=1,
                status=ServiceStatus.RETIRED),
    )
    result = run_audit(cat, CONFIG)
    found = {f.services[0]: f for f in only(result.findings, FindingCode.LOW_VALUE)}
    assert set(found) == {"S2", "S3", "S4"}
    assert found["S2"].severity is HIGH  # low score and several signals
    # No frequency: demand is judged against the median of services on request in service
    # (S5 is retired): 0, 2, 40, 40 -> 21.
    assert ("demand of 2 is 10% of the demand expected of a service on request (21 a year)"
            in found["S2"].message)
    assert "satisfaction is 2 out of 5" in found["S2"].message
    # One signal and its value still fine, but a quarter of the effort rated 2.4/5:
    # severity follows effort, so it is high, not low.
    assert found["S3"].severity is HIGH
    assert "no recorded demand" in found["S4"].message
    assert found["S2"].evidence["median_demand"] == 21


def test_stale_service_against_the_as_of_date():
    cat = catalogue(
        service("S1", "Fresh", objectives=("O1",)),
        service("S2", "Unreviewed", objectives=("O1",), last_reviewed=dt.date(2025, 6, 29)),
        service("S3", "Undelivered", objectives=("O1",), last_delivered=dt.date(2025, 3, 1)),
        service("S4", "Forgotten", objectives=("O1",), last_delivered=dt.date(2024, 1, 1),
                last_reviewed=dt.date(2023, 1, 1)),
        service("S5", "Exactly a year", objectives=("O1",), last_reviewed=dt.date(2025, 6, 30)),
        service("S6", "Retiring", objectives=("O1",), last_delivered=dt.date(2020, 1, 1),
                status=ServiceStatus.RETIRING),
    )
    result = run_audit(cat, CONFIG)
    stale = only(result.findings, FindingCode.STALE_SERVICE)
    delivery = {f.services[0]: f for f in stale if f.evidence["overdue"] == "delivery"}
    reviews = [f for f in stale if f.evidence["overdue"] == "review"]
    assert set(delivery) == {"S3", "S4"}
    assert delivery["S3"].severity is MEDIUM
    assert delivery["S4"].severity is HIGH
    # Overdue reviews are one low finding naming every service concerned.
    assert len(reviews) == 1 and set(reviews[0].services) == {"S2", "S4"}
    assert reviews[0].severity is LOW
    assert ("2 services have not been reviewed for longer than the 12-month review period "
            "(the oldest review on 2023-01-01") in reviews[0].message
    six_months = run_audit(cat, AuditConfig(as_of=AS_OF, review_period_months=6))
    named = {s for f in six_months.findings_with(FindingCode.STALE_SERVICE) for s in f.services}
    assert "S1" not in named
    assert "S5" in named


def test_overlapping_services_for_the_same_customers():
    cat = catalogue(
        service("S1", "Weekly status report compilation",
                description="Collect highlight reports and compile the portfolio status report",
                objectives=("O1",), customers=("Executives",), effort_fte=1.0),
        service("S2", "Status report compilation (weekly)",
                description="Compile the portfolio status report from highlight reports",
                objectives=("O1",), customers=("Executives", "Project managers"),
                effort_fte=0.5),
        service("S3", "Weekly status report compilation",
                description="Collect highlight reports and compile the portfolio status report",
                objectives=("O1",), customers=("Benefits owners",)),
        service("S4", "PM training", objectives=("O3",), customers=("Project managers",)),
    )
    result = run_audit(cat, CONFIG)
    found = only(result.findings, FindingCode.OVERLAPPING_SERVICES)
    assert len(found) == 1
    group = found[0]
    assert group.services == ("S1", "S2")  # S3 serves other customers
    assert group.customers == ("Executives",)
    assert group.severity is HIGH  # 1.5 of 3.5 FTE
    assert "look like the same service for the same customers (Executives)" in group.message
    assert group.evidence["similarity_lowest"] >= CONFIG.overlap_similarity
    assert FindingCode.OVERLAPPING_SERVICES in result.service("S2").flags


def test_effort_misaligned_both_ways():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",), effort_fte=1.0),
        service("S2", "Benefits tracking", objectives=("O2",), effort_fte=1.0),
        service("S3", "PM training", objectives=("O3",), effort_fte=8.0),
    )
    result = run_audit(cat, CONFIG)
    found = {f.objectives[0]: f for f in only(result.findings, FindingCode.EFFORT_MISALIGNED)}
    assert set(found) == {"O1", "O2", "O3"}
    assert found["O3"].severity is HIGH  # 80% of effort against 20% of priority
    assert found["O3"].message.startswith(
        "Objective O3 “Build project management capability across the organisation” gets 80% "
        "of the PMO's effort (8 FTE of 10 FTE) but carries only 20% of the mandate's priority.")
    assert found["O1"].message.startswith("Objective O1")
    assert "carries 50% of the mandate's priority but gets only 10%" in found["O1"].message
    assert found["O2"].severity is MEDIUM  # 30% against 10%: a gap of 0.2
    objective = next(o for o in result.objectives if o.objective_id == "O3")
    assert objective.effort_share == pytest.approx(0.8)
    assert objective.priority_share == pytest.approx(0.2)


def test_effort_splits_between_explicit_links():
    cat = catalogue(service("S1", "Pack", objectives=("O1", "O2"), effort_fte=2.0),
                    service("S2", "PM training", objectives=("O3",), effort_fte=2.0))
    result = run_audit(cat, CONFIG)
    shares = {o.objective_id: o.effort_fte for o in result.objectives}
    assert shares == {"O1": 1.0, "O2": 1.0, "O3": 2.0}


def test_missing_data_names_what_is_missing():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",)),
        Service("S2", "Bare service", objectives=("O1",), customers=("Executives",)),
        service("S3", "No owner", objectives=("O1",), owner="  "),
        service("S4", "Planned one", objectives=("O1",), status=ServiceStatus.PLANNED,
                demand=None, satisfaction=None),
    )
    result = run_audit(cat, CONFIG)
    # One finding per missing field, naming every service it concerns.
    found = {f.evidence["missing"][0]: f for f in only(result.findings, FindingCode.MISSING_DATA)}
    assert set(found) == {"owner", "effort", "value evidence"}
    assert found["owner"].services == ("S2", "S3")
    assert found["owner"].message == (
        "2 services have no owner, so nobody answers for them: “Bare service” (S2) and “No "
        "owner” (S3). Ask their teams to fill the gaps.")
    assert found["owner"].severity is LOW
    assert found["effort"].services == ("S2",)
    assert found["effort"].message == (
        "“Bare service” (S2) has no effort figure, so its share of the PMO's effort is "
        "unknown. Ask its team to fill the gap.")
    assert found["value evidence"].services == ("S2",)
    assert found["value evidence"].severity is MEDIUM


def test_upkeep_findings_come_after_those_about_value_and_effort():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",), owner=None),
        service("S2", "Newsletter", objectives=("O1",), demand=1, satisfaction=3.0,
                effort_fte=0.1, last_reviewed=dt.date(2020, 1, 1)),
    )
    codes = [f.code for f in run_audit(cat, CONFIG).findings]
    assert codes.index(FindingCode.LOW_VALUE) < codes.index(FindingCode.MISSING_DATA)
    assert codes.index(FindingCode.LOW_VALUE) < codes.index(FindingCode.STALE_SERVICE)


def test_findings_come_most_severe_first():
    cat = catalogue(
        service("S1", "Office move", customers=("Facilities",), effort_fte=5,
                nature=PMOType.DIRECTIVE),
        Service("S2", "Bare"),
    )
    findings = run_audit(cat, CONFIG).findings
    assert findings
    severities = [f.severity.rank for f in findings if not is_hygiene(f)]
    assert severities == sorted(severities)
    stakes = [f.effort_at_stake or 0.0 for f in findings
              if not is_hygiene(f) and f.severity is findings[0].severity]
    assert stakes == sorted(stakes, reverse=True)


def test_every_finding_has_a_code_severity_subjects_and_a_message():
    cat = catalogue(
        service("S1", "Office move", customers=("Facilities",), effort_fte=5,
                nature=PMOType.DIRECTIVE, last_reviewed=dt.date(2020, 1, 1), demand=0),
        service("S2", "Office move", customers=(), effort_fte=1),
        Service("S3", "Bare"),
        objectives=(*catalogue().objectives, Objective("O4", "Something nobody does")),
        customers=(*catalogue().customers, Customer("Regulator")),
    )
    result = run_audit(cat, CONFIG)
    assert {f.code for f in result.findings} >= {
        FindingCode.SERVICE_OUTSIDE_MANDATE, FindingCode.OBJECTIVE_NOT_COVERED,
        FindingCode.CUSTOMER_NOT_SERVED, FindingCode.CUSTOMER_OUTSIDE_MANDATE,
        FindingCode.PMO_TYPE_MISMATCH, FindingCode.LOW_VALUE, FindingCode.STALE_SERVICE,
        FindingCode.OVERLAPPING_SERVICES, FindingCode.MISSING_DATA}
    for f in result.findings:
        assert f.subjects and f.message.endswith((".", ")"))
        assert isinstance(f.evidence, dict)
