"""Mandate customers' expectations: each one is met by a service in service, or is a finding."""

from __future__ import annotations

import numpy as np

from audit import FindingCode, FindingSeverity, run_audit
from audit.expectations import split_expectations
from audit.links import word_profiles
from catalogue.model import Customer

from .builders import CONFIG, catalogue, service


def expectation_findings(*customers: Customer, services=None):
    services = services or (
        service("S1", "Project health checks",
                description="Independent reviews of troubled projects, with recovery "
                            "actions agreed with the sponsor.", customers=("Executives",)),
        service("S2", "PM training", description="A two-day course in the PMO's method.",
                customers=("Project managers",)),
    )
    result = run_audit(catalogue(*services, customers=customers), CONFIG)
    return result.findings_with(FindingCode.EXPECTATION_NOT_MET)


def test_expectations_are_split_into_separate_ones():
    assert split_expectations("Early warning of failing projects; a monthly portfolio view") == [
        "Early warning of failing projects", "a monthly portfolio view"]
    assert split_expectations("A clear view of which projects are late and a simple way to "
                              "ask for help.\nTraining") == [
        "A clear view of which projects are late", "a simple way to ask for help", "Training"]
    # "and" inside a short phrase, or continuing a clause, does not split it.
    assert split_expectations("Risks and issues log") == ["Risks and issues log"]
    assert split_expectations("Business cases that meet the Green Book and are ready for "
                              "decision") == [
        "Business cases that meet the Green Book and are ready for decision"]
    assert split_expectations("  ") == [] and split_expectations(None) == []


def test_early_warning_is_met_by_a_health_check_service():
    """No word in common, but both are the work of monitoring project performance."""
    found = expectation_findings(
        Customer("Executives", 5, "Early warning of failing projects"),
        Customer("Project managers", 3, "Training in the method"))
    assert found == ()


def test_a_quarterly_benefits_report_nobody_provides_is_a_finding():
    found = expectation_findings(
        Customer("Executives", 5, "Early warning of failing projects; a quarterly benefits "
                                  "realisation report"),
        Customer("Project managers", 3, "Training in the method"))
    assert len(found) == 1
    finding = found[0]
    assert finding.customers == ("Executives",)
    assert "“a quarterly benefits realisation report”" in finding.message
    assert finding.message.startswith("Executives expects")
    assert finding.evidence["expectation"] == "a quarterly benefits realisation report"
    # Executives are at least as important as the average customer: medium.
    assert finding.severity is FindingSeverity.MEDIUM


def test_a_less_important_customer_s_unmet_expectation_is_low():
    found = expectation_findings(
        Customer("Executives", 5, "Early warning of failing projects"),
        Customer("Project managers", 1, "Help to write benefits profiles"))
    assert [(f.customers, f.severity) for f in found] == [
        (("Project managers",), FindingSeverity.LOW)]


def test_the_finding_names_the_closest_services_it_considered():
    found = expectation_findings(
        Customer("Executives", 5, "Benefits mapping workshops for each sponsor"))
    assert len(found) == 1
    assert [c["id"] for c in found[0].evidence["closest_services"]] == ["S1"]
    assert "“Project health checks” (S1)" in found[0].message


def test_an_empty_expectations_field_raises_nothing():
    assert expectation_findings(Customer("Executives", 5, ""), Customer("Project managers", 3),
                                Customer("Sponsors", 2, " ; \n ")) == ()


def test_a_service_serving_another_customer_still_meets_an_expectation():
    """Failing the customer's own services, any service in service counts."""
    found = expectation_findings(
        Customer("Executives", 5, "Early warning of failing projects"),
        Customer("Sponsors", 3, "Health checks of troubled projects"))
    assert found == ()


def test_expectations_do_not_change_the_link_suggestions():
    """Expectations are weighed by the catalogue's words without changing anyone's profile."""
    fields = [["Portfolio dashboard", "Monthly report", None, None, None],
              ["Benefits tracking", "Track realised benefits", None, None, None]]
    without = word_profiles(fields, ["Benefits realised"], ["Dashboard readers"])
    with_them = word_profiles(fields, ["Benefits realised"], ["Dashboard readers"],
                              ["a quarterly benefits realisation report", "dashboards"])
    for kind in ("objectives", "customers"):
        before = (without.services @ getattr(without, kind).T).toarray()
        after = (with_them.services @ getattr(with_them, kind).T).toarray()
        assert before.max() > 0 and np.allclose(before, after)
    assert with_them.expectations is not None and with_them.expectations.shape[0] == 2
