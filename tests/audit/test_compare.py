"""What changed between two audits: the sponsor's "what changed in six months?"."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

from audit.compare import Comparison, compare
from audit.config import AuditConfig
from audit.engine import run_audit
from audit.model import AuditResult, FindingCode, Recommendation
from catalogue.importer import import_catalogue
from catalogue.model import ServiceStatus
from reports.charts import comparison_chart

from .builders import CONFIG, catalogue, service, well_run, with_fields

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_AS_OF = dt.date(2026, 11, 22)


@cache
def sample(name: str) -> AuditResult:
    path = ROOT / "sample_catalogues" / f"{name}.xlsx"
    imported = import_catalogue(path.read_bytes(), filename=path.name)
    return run_audit(imported.catalogue, AuditConfig(as_of=SAMPLE_AS_OF))


@cache
def workshop() -> Comparison:
    return compare(sample("coaching_story"), sample("coaching_story_after_workshop"),
                   before_label="Before the workshop", after_label="Agreed 19 Nov 2026")


def ids(items) -> list[str]:
    return [item.service_id for item in items]


# --- The coaching story, before and after its workshop -------------------------------------------
# sample_catalogues/build_samples.py: _AFTER_WORKSHOP_CHANGES and _NEW_AFTER_WORKSHOP.


def test_the_workshop_retired_four_services_and_set_four_to_retire():
    comparison = workshop()
    assert ids(comparison.retired) == ["CPO-04", "CPO-08", "CPO-09", "CPO-12"]
    assert ids(comparison.retiring) == ["CPO-01", "CPO-02", "CPO-05", "CPO-06"]
    status = comparison.service("CPO-04").field("status")
    assert (status.label, status.before, status.after) == ("Status", "active", "retired")
    sentences = comparison.sentences()
    # The retired ones took 0.6 + 0.3 + 0.2 + 0.2 FTE; the retiring ones go from
    # 1.4 + 1.0 + 0.8 + 0.5 to 0.4 + 0.2 + 0.3 + 0.2 FTE.
    assert any(s.startswith("4 services were retired, freeing the 1.3 FTE they took: "
                            "“Monthly directorate performance pack” (CPO-04)")
               for s in sentences)
    assert any(s.startswith("4 services are now retiring, taking 1.1 FTE until they stop "
                            "(3.7 FTE before)") for s in sentences)


def test_the_workshop_added_three_planned_services_and_removed_none():
    comparison = workshop()
    assert ids(comparison.added) == ["CPO-18", "CPO-19", "CPO-20"]
    assert {s.status for s in comparison.added} == {ServiceStatus.PLANNED}
    assert comparison.removed == ()
    assert any(s.startswith("3 services were added, all planned (3.9 FTE): "
                            "“Benefits realisation tracking” (CPO-18)")
               for s in comparison.sentences())
    assert "Planned services would take a further 3.9 FTE (none before)." in (
        comparison.sentences())


def test_the_workshop_changed_exactly_the_entries_the_team_agreed():
    comparison = workshop()
    edited = {c.service_id for c in comparison.changed if c.fields}
    assert edited == {"CPO-01", "CPO-02", "CPO-03", "CPO-04", "CPO-05", "CPO-06", "CPO-08",
                      "CPO-09", "CPO-10", "CPO-11", "CPO-12", "CPO-14", "CPO-15", "CPO-16",
                      "CPO-17"}
    # CPO-07 and CPO-13 kept their entries, yet their value fell: value is judged against
    # the catalogue's median demand and demand per FTE, and retiring the low-demand admin
    # services raised both medians. So every one of the 17 shows as changed.
    untouched = {c.service_id: c for c in comparison.changed if not c.fields}
    assert set(untouched) == {"CPO-07", "CPO-13"}
    assert all(c.audit_only and c.value_after < c.value_before for c in untouched.values())
    assert comparison.unchanged == 0
    assert [f.field for f in comparison.service("CPO-11").fields] == [
        "effort_fte", "cost", "last_reviewed"]
    assert [(f.field, f.before, f.after) for f in comparison.service("CPO-17").fields] == [
        ("effort_fte", "0.1 FTE", "0.4 FTE"), ("cost", "5,000", "20,000"),
        ("frequency", "Quarterly", "Monthly"),
        ("last_reviewed", "13 October 2025", "19 November 2026")]
    customers = comparison.service("CPO-16").field("customers")
    assert (customers.before, customers.after) == (
        "University Executive Board", "University Executive Board; Directors")


def test_schedule_maintenance_became_a_clinic_inside_the_mandate():
    clinic = workshop().service("CPO-03")
    assert clinic.name == "Planning and scheduling clinic"
    assert clinic.renamed_from == "Project schedule maintenance"
    assert (clinic.field("objectives").before, clinic.field("objectives").after) == (
        "none", "OBJ-03")
    assert (clinic.field("effort_fte").before, clinic.field("effort_fte").after) == (
        "1.2 FTE", "0.6 FTE")
    assert clinic.field("frequency") is None  # weekly before and after
    assert (clinic.inside_before, clinic.inside_after) == (False, True)
    assert clinic.alignment_after > clinic.alignment_before
    assert (clinic.recommendation_before, clinic.recommendation_after) == (
        Recommendation.RETHINK, Recommendation.KEEP)
    sentences = workshop().sentences()
    assert ("“Project schedule maintenance” is now “Planning and scheduling clinic” (CPO-03)."
            in sentences)
    assert ("2 services now serve a mandate objective: “Planning and scheduling clinic” "
            "(CPO-03) and “PM methodology and templates” (CPO-10)." in sentences)


def test_benefits_realisation_is_planned_not_yet_covered():
    # The benefits services (CPO-18, CPO-19) are planned: a planned service delivers
    # nothing yet, so the audit still counts OBJ-02 and benefits owners as gaps, and the
    # comparison says they are planned rather than claiming them covered.
    comparison = workshop()
    after = sample("coaching_story_after_workshop")
    benefits = next(o for o in after.objectives if o.objective_id == "OBJ-02")
    assert not benefits.covered and benefits.planned_services == ("CPO-18", "CPO-19")
    assert comparison.objectives_newly_covered == ()
    assert comparison.objectives_no_longer_covered == ()
    assert comparison.objectives_planned == ("OBJ-02",)
    assert comparison.customers_planned == ("Benefits owners",)
    assert comparison.customers_newly_served == comparison.customers_no_longer_served == ()
    unresolved = {(f.code, f.subjects) for f in comparison.findings_resolved}
    assert (FindingCode.OBJECTIVE_NOT_COVERED, ("OBJ-02",)) not in unresolved
    assert ("Still delivered by no service in service, but planned services would deliver "
            "OBJ-02 “Track and report the realisation of benefits from approved initiatives”."
            in comparison.sentences())


def test_the_workshop_moved_effort_into_the_mandate():
    comparison = workshop()
    fit = comparison.headline("Mandate fit")
    inside = comparison.headline("Effort inside the mandate")
    assert fit.percent and inside.percent
    assert fit.after > fit.before
    # Mandate fit counts the balance of effort against priority: 80% of the effort outside
    # the mandate made the "before" fit 15% (it was 57% when only coverage counted).
    assert (round(fit.before, 2), round(fit.after, 2)) == (0.15, 0.50)
    assert (round(inside.before, 2), round(inside.after, 2)) == (0.20, 0.67)
    effort = comparison.headline("Effort in service")
    assert not effort.percent and (effort.before, round(effort.after, 2)) == (9.0, 5.1)
    count = comparison.headline("Services in service")
    assert not count.percent and (count.before, count.after) == (17, 13)
    sentences = comparison.sentences()
    assert sentences[0] == "Mandate fit rose from 15% to 50%."
    assert "Effort inside the mandate rose from 20% to 67%." in sentences
    assert "Services in service fell from 17 to 13." in sentences
    assert "Objectives covered (67%) and customers served (80%) did not change." in sentences


def test_the_workshop_resolved_findings_and_raised_one():
    comparison = workshop()
    new = [(f.code, f.subjects) for f in comparison.findings_new]
    # Monthly instead of quarterly at four times the effort, for the same demand of 4.
    assert new == [(FindingCode.LOW_VALUE, ("CPO-17",))]
    resolved = {(f.code, f.subjects) for f in comparison.findings_resolved}
    assert (FindingCode.SERVICE_OUTSIDE_MANDATE, ("CPO-03",)) in resolved
    assert (FindingCode.SERVICE_OUTSIDE_MANDATE, ("CPO-10",)) in resolved
    assert (FindingCode.STALE_SERVICE, ("CPO-09",)) in resolved  # delivered again
    # The overdue reviews are one finding before and after: the same finding, fewer services.
    assert not any(f.group == "review" for f in comparison.findings_resolved)
    # Still outside the mandate while it retires: the same finding, though its severity
    # and wording changed.
    assert (FindingCode.SERVICE_OUTSIDE_MANDATE, ("CPO-01",)) not in resolved
    assert "1 finding is new: low value for “Project management community of practice” " \
           "(CPO-17)." in comparison.sentences()


def test_comparing_an_audit_with_itself_shows_nothing_changed():
    result = sample("coaching_story")
    comparison = compare(result, result)
    assert comparison.nothing_changed
    assert comparison.changed == comparison.added == comparison.removed == ()
    assert comparison.unchanged == 17
    assert comparison.findings_new == comparison.findings_resolved == ()
    assert not any(h.moved for h in comparison.headlines)
    assert comparison.sentences() == (
        "Nothing changed between Before and After: the same services, figures and findings.",)


# --- Small catalogues -------------------------------------------------------------------------


def test_added_and_removed_services_with_the_effort_they_take():
    before = run_audit(catalogue(
        service("S1", "Portfolio dashboard", objectives=("O1",), effort_fte=1.0),
        service("X9", "Desk moves", effort_fte=0.7, demand=14.0),
    ), CONFIG)
    after = run_audit(catalogue(
        service("S1", "Portfolio dashboard", objectives=("O1",), effort_fte=1.0),
        service("S2", "Benefits tracking", objectives=("O2",), effort_fte=0.5, demand=10.0,
                customers=("Benefits owners",)),
    ), CONFIG)
    # Demand per FTE is 20 for every service in both versions, so the dashboard's value
    # (judged against the catalogue's medians) does not move either.
    comparison = compare(before, after)
    assert ids(comparison.added) == ["S2"]
    assert ids(comparison.removed) == ["X9"]
    assert comparison.unchanged == 1 and ids(comparison.changed) == []
    assert comparison.objectives_newly_covered == ("O2",)
    assert comparison.customers_newly_served == ("Benefits owners",)
    sentences = comparison.sentences()
    assert "1 service was added (0.5 FTE): “Benefits tracking” (S2)." in sentences
    assert ("1 service was removed from the catalogue (0.7 FTE before): “Desk moves” (X9)."
            in sentences)
    assert any(s.startswith("Now delivered by a service in service: O2 “Realise the benefits")
               for s in sentences)


def test_retiring_the_only_training_service_leaves_a_gap():
    training = service("S3", "PM training", objectives=("O3",), effort_fte=0.4,
                       customers=("Project managers",))
    before = run_audit(well_run(), CONFIG)
    after = run_audit(catalogue(*well_run().services[:2],
                                with_fields(training, status=ServiceStatus.RETIRED)), CONFIG)
    comparison = compare(before, after)
    assert ids(comparison.retired) == ["S3"]
    assert comparison.objectives_no_longer_covered == ("O3",)
    assert comparison.customers_no_longer_served == ("Project managers",)
    new = {(f.code, f.subjects) for f in comparison.findings_new}
    assert (FindingCode.OBJECTIVE_NOT_COVERED, ("O3",)) in new
    assert (FindingCode.CUSTOMER_NOT_SERVED, ("Project managers",)) in new
    assert comparison.headline("Objectives covered").after < (
        comparison.headline("Objectives covered").before)
    sentences = comparison.sentences()
    assert ("1 service was retired, freeing the 0.4 FTE they took: “PM training” (S3)."
            in sentences)
    assert any(s.startswith("No longer delivered by any service in service: O3 ")
               for s in sentences)
    assert "No longer served by any service in service: Project managers." in sentences


def test_a_finding_resolved_and_a_new_one():
    stale = dt.date(2024, 1, 1)
    before = run_audit(catalogue(
        service("S1", "Portfolio dashboard", objectives=("O1",)),
        service("S2", "Timesheet chasing", customers=("Project boards",)),  # outside
        service("S3", "PM training", objectives=("O3",), customers=("Project managers",)),
    ), CONFIG)
    after = run_audit(catalogue(
        service("S1", "Portfolio dashboard", objectives=("O1",)),
        service("S2", "Timesheet chasing", customers=("Project boards",),
                status=ServiceStatus.RETIRED),
        service("S3", "PM training", objectives=("O3",), customers=("Project managers",),
                last_reviewed=stale, last_delivered=stale),
    ), CONFIG)
    comparison = compare(before, after)
    resolved = {(f.code, f.subjects) for f in comparison.findings_resolved}
    new = {(f.code, f.subjects) for f in comparison.findings_new}
    assert (FindingCode.SERVICE_OUTSIDE_MANDATE, ("S2",)) in resolved
    assert (FindingCode.STALE_SERVICE, ("S3",)) in new
    assert not resolved & new
    stayed = {(f.code, f.subjects) for f in before.findings} - resolved
    assert (FindingCode.OBJECTIVE_NOT_COVERED, ("O2",)) in stayed
    assert (FindingCode.OBJECTIVE_NOT_COVERED, ("O2",)) not in new


def test_services_are_matched_by_name_when_their_ids_differ():
    # The same services, renumbered and in another order; one changed its effort.
    before = run_audit(catalogue(
        service("A1", "Portfolio dashboard", objectives=("O1",), effort_fte=1.0),
        service("A2", "Timesheet chasing", customers=("Project boards",)),
        service("A3", "PM training", objectives=("O3",), customers=("Project managers",)),
    ), CONFIG)
    after = run_audit(catalogue(
        service("B3", "PM  Training", objectives=("O3",), customers=("Project managers",)),
        service("B1", "Portfolio dashboard", objectives=("O1",), effort_fte=1.5),
        service("B2", "Timesheet chasing", customers=("Project boards",)),
    ), CONFIG)
    comparison = compare(before, after)
    assert comparison.added == comparison.removed == ()
    dashboard = next(c for c in comparison.changed if c.service_id == "B1")
    assert dashboard.service_id_before == "A1"
    assert [(f.field, f.before, f.after) for f in dashboard.fields] == [
        ("effort_fte", "1 FTE", "1.5 FTE")]
    # "PM training" and "PM  Training" read the same: no name change to report.
    assert all(c.field("name") is None for c in comparison.changed)
    # The timesheet service is outside the mandate in both: the same finding, not a new one.
    codes = {(f.code, f.subjects) for f in comparison.findings_new + comparison.findings_resolved}
    assert (FindingCode.SERVICE_OUTSIDE_MANDATE, ("A2",)) not in codes
    assert (FindingCode.SERVICE_OUTSIDE_MANDATE, ("B2",)) not in codes


def test_generated_ids_do_not_match_different_services():
    # A catalogue without an ID column gets S001, S002... in row order: a new first row
    # shifts every number, so the ids say nothing and the names decide.
    before = run_audit(catalogue(
        service("S001", "Portfolio dashboard", objectives=("O1",)),
        service("S002", "PM training", objectives=("O3",), customers=("Project managers",)),
    ), CONFIG)
    after = run_audit(catalogue(
        service("S001", "Benefits tracking", objectives=("O2",),
                customers=("Benefits owners",)),
        service("S002", "Portfolio dashboard", objectives=("O1",)),
        service("S003", "PM training", objectives=("O3",), customers=("Project managers",)),
    ), CONFIG)
    comparison = compare(before, after)
    assert [(s.service_id, s.name) for s in comparison.added] == [
        ("S001", "Benefits tracking")]
    assert comparison.removed == ()
    assert all(c.field("name") is None for c in comparison.changed)


def test_a_stated_id_keeps_a_renamed_service():
    before = run_audit(catalogue(service("PMO-7", "Template library", objectives=("O3",))),
                       CONFIG)
    after = run_audit(catalogue(service("PMO-7", "Method and templates", objectives=("O3",))),
                      CONFIG)
    comparison = compare(before, after)
    assert comparison.added == comparison.removed == ()
    assert comparison.changed[0].renamed_from == "Template library"


def test_fields_read_as_a_pmo_manager_writes_them():
    before = run_audit(catalogue(service(
        "S1", "Portfolio dashboard", objectives=("O1",), customers=("Executives",),
        effort_fte=0.5, mandatory=False, satisfaction=3.0, last_delivered=None)), CONFIG)
    after = run_audit(catalogue(service(
        "S1", "Portfolio dashboard", objectives=("O1",),
        customers=("Executives", "Project managers"), effort_fte=0.25, mandatory=True,
        satisfaction=4.5, last_delivered=dt.date(2026, 6, 1))), CONFIG)
    change = compare(before, after).service("S1")
    shown = {f.field: (f.label, f.before, f.after) for f in change.fields}
    assert shown == {
        "customers": ("Customers", "Executives", "Executives; Project managers"),
        "effort_fte": ("Effort", "0.5 FTE", "0.25 FTE"),
        "satisfaction": ("Satisfaction", "3/5", "4.5/5"),
        "last_delivered": ("Last delivered", "not given", "1 June 2026"),
        "mandatory": ("Mandatory", "no", "yes"),
    }


def test_the_order_of_customers_or_objectives_is_no_change():
    base = service("S1", "Portfolio dashboard", objectives=("O1", "O2"),
                   customers=("Executives", "Project managers"))
    before = run_audit(catalogue(base), CONFIG)
    after = run_audit(catalogue(with_fields(base, objectives=("O2", "O1"),
                                            customers=("Project managers", "Executives"))),
                      CONFIG)
    comparison = compare(before, after)
    assert comparison.changed == () and comparison.unchanged == 1


# --- The chart --------------------------------------------------------------------------------


def test_the_chart_sets_the_four_percentages_before_beside_after():
    comparison = workshop()
    chart = comparison_chart(comparison)
    figure = chart.figure
    assert chart.key == "comparison" and figure.layout.title.text == chart.title
    assert len(chart.how_to_read) > 60
    before, after = figure.data
    assert (before.name, after.name) == ("Before the workshop", "Agreed 19 Nov 2026")
    assert before.orientation == after.orientation == "h"
    assert figure.layout.barmode == "group"
    labels = ["Mandate fit", "Objectives covered", "Customers served",
              "Effort inside the mandate"]
    assert list(before.y) == list(after.y) == labels
    for i, label in enumerate(labels):
        headline = comparison.headline(label)
        assert before.x[i] == pytest.approx(headline.before)
        assert after.x[i] == pytest.approx(headline.after)
    assert list(before.text) == ["15%", "67%", "80%", "20%"]
    assert list(after.text) == ["50%", "67%", "80%", "67%"]
    notes = [a.text for a in figure.layout.annotations]
    assert "+35 points" in notes[0] and "no change" in notes[1] and "+47 points" in notes[3]
    assert after.marker.color != before.marker.color


def test_the_chart_escapes_the_version_labels():
    result = sample("coaching_story")
    comparison = compare(result, result, before_label="<b>x</b><script>alert(1)</script>",
                         after_label="Q3 & <i>later</i>")
    text = json.dumps(comparison_chart(comparison).figure.to_dict(), default=list)
    assert "<script>" not in text and "<b>x</b>" not in text and "<i>" not in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "Q3 &amp; &lt;i&gt;later&lt;/i&gt;" in text
