"""Every sample catalogue imports and shows its story; the committed files match the script.

The stories are told in sample_catalogues/README.md. These tests stop at the import: what
a PMO manager would see on the import page before any audit runs.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from catalogue import import_catalogue
from catalogue.model import (
    Catalogue,
    Horizon,
    ImportResult,
    IssueCode,
    OfficeKind,
    PMOType,
    Service,
    ServiceStatus,
)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_catalogues"


@functools.cache
def builder() -> ModuleType:
    """sample_catalogues/build_samples.py, loaded as a module (the folder is no package)."""
    spec = importlib.util.spec_from_file_location("build_samples", SAMPLES / "build_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@functools.cache
def imported(filename: str, mandate_filename: str | None = None) -> ImportResult:
    mandate = (SAMPLES / mandate_filename).read_bytes() if mandate_filename else None
    return import_catalogue((SAMPLES / filename).read_bytes(), filename=filename,
                            mandate=mandate, mandate_filename=mandate_filename or "")


def by_id(catalogue: Catalogue) -> dict[str, Service]:
    return {s.id: s for s in catalogue.services}


def mandate_ids(catalogue: Catalogue) -> set[str]:
    return {o.id for o in catalogue.objectives}


def in_mandate(service: Service, catalogue: Catalogue) -> bool:
    """Explicitly linked, in the workbook, to at least one of the mandate's objectives."""
    return bool(set(service.objectives) & mandate_ids(catalogue))


def fte(services) -> float:
    return round(sum(s.effort_fte or 0 for s in services), 6)


@dataclass(frozen=True)
class Story:
    catalogue: str
    mandate: str | None
    services: int
    objectives: int
    customers: int
    pmo_type: PMOType
    pmo_name: str  # a phrase the PMO name contains
    clean: bool  # a tidy file: nothing in it should be lost or misread


STORIES = (
    Story("coaching_story.xlsx", None, 17, 3, 5, PMOType.SUPPORTIVE,
          "Change Portfolio Office", clean=True),
    Story("coaching_story_after_workshop.xlsx", None, 20, 3, 5, PMOType.SUPPORTIVE,
          "Change Portfolio Office", clean=True),
    Story("well_run_epmo.xlsx", None, 21, 6, 6, PMOType.CONTROLLING,
          "Enterprise Portfolio Management Office", clean=True),
    Story("pmo_of_one.xlsx", "pmo_of_one_mandate.xlsx", 11, 3, 5, PMOType.SUPPORTIVE,
          "Greenfield Homes", clean=False),
    Story("government_epmo.xlsx", None, 26, 5, 6, PMOType.CONTROLLING,
          "Portfolio and Assurance Office", clean=True),
)


def story_id(story: Story) -> str:
    return story.catalogue.removesuffix(".xlsx")


# ---------------------------------------------------------------------------------------
# What every sample shows
# ---------------------------------------------------------------------------------------


def test_every_sample_workbook_has_a_story():
    told = {s.catalogue for s in STORIES} | {s.mandate for s in STORIES if s.mandate}
    assert {p.name for p in SAMPLES.glob("*.xlsx")} == told
    assert set(builder().SAMPLES) == told


@pytest.mark.parametrize("story", STORIES, ids=story_id)
def test_sample_imports_with_its_mandate(story: Story):
    result = imported(story.catalogue, story.mandate)
    catalogue = result.catalogue
    assert len(catalogue.services) == story.services
    assert len(catalogue.objectives) == story.objectives
    assert len(catalogue.customers) == story.customers
    assert catalogue.mandate.pmo_type is story.pmo_type
    assert story.pmo_name in (catalogue.mandate.pmo_name or "")
    assert catalogue.mandate.statement
    assert IssueCode.MANDATE_NOT_FOUND not in {i.code for i in result.issues}
    ids = [s.id for s in catalogue.services]
    assert len(set(ids)) == len(ids), "every service keeps its own id"
    assert all(s.name.strip() for s in catalogue.services)


@pytest.mark.parametrize("story", [s for s in STORIES if s.clean], ids=story_id)
def test_tidy_samples_import_without_errors(story: Story):
    errors = imported(story.catalogue, story.mandate).errors
    assert errors == (), [e.to_json() for e in errors]


@pytest.mark.parametrize("story", STORIES, ids=story_id)
def test_no_service_was_reviewed_or_delivered_after_the_day_the_story_is_told(story: Story):
    as_of = builder().AS_OF
    services = imported(story.catalogue, story.mandate).catalogue.services
    assert services  # else the loop checks nothing
    for service in services:
        for day in (service.last_reviewed, service.last_delivered):
            assert day is None or day <= as_of, (service.id, day)


TEMPLATE_LAYOUT_SAMPLES = (
    ("coaching_story.xlsx", "COACHING_SERVICES"),
    ("coaching_story_after_workshop.xlsx", "COACHING_SERVICES_AFTER_WORKSHOP"),
    ("well_run_epmo.xlsx", "EPMO_SERVICES"),
    ("government_epmo.xlsx", "GOV_SERVICES"),
)


@pytest.mark.parametrize(("filename", "rows"), TEMPLATE_LAYOUT_SAMPLES,
                         ids=[f for f, _ in TEMPLATE_LAYOUT_SAMPLES])
def test_template_layout_samples_arrive_field_for_field(filename: str, rows: str):
    written = getattr(builder(), rows)
    services = imported(filename).catalogue.services

    def listed(text: str) -> tuple[str, ...]:
        return tuple(text.split("; ")) if text else ()

    assert [s.id for s in services] == [w.id for w in written]
    for service, row in zip(services, written, strict=True):
        assert service == Service(
            id=row.id, name=row.name, description=row.description or None,
            category=row.category or None, customers=listed(row.customers),
            objectives=listed(row.objectives), owner=row.owner or None,
            effort_fte=row.fte, cost=row.cost, frequency=row.frequency or None,
            demand=row.demand, satisfaction=row.satisfaction, last_reviewed=row.reviewed,
            last_delivered=row.delivered, status=ServiceStatus(row.status.lower()),
            mandatory=row.mandatory.startswith("Yes"), nature=PMOType(row.nature.lower()),
            value_measure=row.measure or None, sheet=service.sheet, row=service.row)


# ---------------------------------------------------------------------------------------
# 1. The coaching story: busy, but not with the mandate
# ---------------------------------------------------------------------------------------


def test_coaching_story_spends_most_effort_outside_the_mandate():
    catalogue = imported("coaching_story.xlsx").catalogue
    outside = [s for s in catalogue.services if not in_mandate(s, catalogue)]
    assert fte(catalogue.services) == pytest.approx(9.0)
    assert fte(outside) == pytest.approx(7.4)
    assert len(outside) == 12
    assert fte(outside) / fte(catalogue.services) > 0.75


def test_coaching_story_leaves_benefits_uncovered_and_capability_nearly_so():
    catalogue = imported("coaching_story.xlsx").catalogue
    delivering = {o.id: [s for s in catalogue.services if o.id in s.objectives]
                  for o in catalogue.objectives}
    assert delivering["OBJ-02"] == []
    assert [s.name for s in delivering["OBJ-03"]] == ["Project management community of practice"]
    assert fte(delivering["OBJ-03"]) <= 0.1
    assert fte(delivering["OBJ-01"]) == pytest.approx(1.5)
    assert [o.priority for o in catalogue.objectives] == [5, 4, 3]


def test_coaching_story_serves_no_benefits_owner_and_many_groups_outside_the_mandate():
    catalogue = imported("coaching_story.xlsx").catalogue
    served = {c for s in catalogue.services for c in s.customers}
    assert "Benefits owners" not in served
    assert {"Project boards", "Directors", "Finance business partners"} <= served
    services = by_id(catalogue)
    assert set(services["CPO-13"].customers) == {"Investment Board", "University Executive Board"}


def test_coaching_story_keeps_its_governance_claims_as_written_and_reports_them():
    result = imported("coaching_story.xlsx")
    services = by_id(result.catalogue)
    claimed = ["CPO-02", "CPO-06", "CPO-09"]
    for service_id in claimed:
        assert services[service_id].objectives == ("Governance",)
    flagged = {(i.sheet, row) for i in result.issues if i.code is IssueCode.UNKNOWN_OBJECTIVE
               for row in i.rows}
    assert flagged == {("Services", services[s].row) for s in claimed}


def test_coaching_story_reporting_and_admin_services_are_rated_below_the_aligned_ones():
    catalogue = imported("coaching_story.xlsx").catalogue

    def mean_satisfaction(services):
        ratings = [s.satisfaction for s in services if s.satisfaction is not None]
        return sum(ratings) / len(ratings)

    inside = [s for s in catalogue.services if in_mandate(s, catalogue)]
    outside = [s for s in catalogue.services if not in_mandate(s, catalogue)]
    assert mean_satisfaction(outside) < 3.0 < 3.7 < mean_satisfaction(inside)


def test_coaching_story_fields_are_read_as_the_template_writes_them():
    services = by_id(imported("coaching_story.xlsx").catalogue)
    status_report = services["CPO-01"]
    assert status_report.row == 2 and status_report.sheet == "Services"
    assert status_report.effort_fte == 1.4
    assert status_report.cost == 67000
    assert status_report.demand == 18
    assert status_report.satisfaction == 2.2
    assert status_report.last_reviewed == dt.date(2023, 5, 16)
    assert status_report.last_delivered == dt.date(2026, 11, 20)
    assert status_report.status is ServiceStatus.ACTIVE
    assert status_report.mandatory is False
    assert status_report.nature is PMOType.SUPPORTIVE
    assert services["CPO-13"].mandatory is True
    assert services["CPO-11"].last_reviewed is None


def test_coaching_story_after_the_workshop_moves_the_same_team_onto_the_mandate():
    before = imported("coaching_story.xlsx").catalogue
    after = imported("coaching_story_after_workshop.xlsx").catalogue
    assert set(by_id(after)) == set(by_id(before)) | {"CPO-18", "CPO-19", "CPO-20"}
    assert fte(after.services) == pytest.approx(fte(before.services))
    inside = [s for s in after.services if in_mandate(s, after)]
    assert fte(inside) / fte(after.services) > 0.75
    for objective in after.objectives:
        assert any(objective.id in s.objectives for s in after.services), objective.id
    statuses = {s.id: s.status for s in after.services}
    assert {k for k, v in statuses.items() if v is ServiceStatus.RETIRED} == {
        "CPO-04", "CPO-08", "CPO-09", "CPO-12"}
    assert {k for k, v in statuses.items() if v is ServiceStatus.PLANNED} == {
        "CPO-18", "CPO-19", "CPO-20"}
    assert by_id(after)["CPO-03"].name == "Planning and scheduling clinic"


# ---------------------------------------------------------------------------------------
# 2. A well-run enterprise PMO
# ---------------------------------------------------------------------------------------


def test_well_run_epmo_finds_the_header_below_its_title_rows():
    services = imported("well_run_epmo.xlsx").catalogue.services
    assert services[0].id == "ES-01" and services[0].row == 5


def test_well_run_epmo_links_every_service_and_covers_every_objective_and_customer():
    catalogue = imported("well_run_epmo.xlsx").catalogue
    assert all(in_mandate(s, catalogue) for s in catalogue.services)
    assert all(set(s.objectives) <= mandate_ids(catalogue) for s in catalogue.services)
    for objective in catalogue.objectives:
        assert any(objective.id in s.objectives for s in catalogue.services), objective.id
    mandate_customers = {c.name for c in catalogue.customers}
    served = {c for s in catalogue.services for c in s.customers}
    assert served == mandate_customers


def test_well_run_epmo_puts_effort_roughly_where_the_priorities_are():
    catalogue = imported("well_run_epmo.xlsx").catalogue
    total_priority = sum(o.priority for o in catalogue.objectives)
    effort = dict.fromkeys(mandate_ids(catalogue), 0.0)
    for service in catalogue.services:
        for objective_id in service.objectives:
            effort[objective_id] += service.effort_fte / len(service.objectives)
    total_effort = sum(effort.values())
    assert catalogue.objectives  # else the loop checks nothing
    for objective in catalogue.objectives:
        effort_share = effort[objective.id] / total_effort
        priority_share = objective.priority / total_priority
        assert abs(effort_share - priority_share) < 0.05, objective.id


def test_well_run_epmo_services_are_recent_valued_and_within_its_authority():
    catalogue = imported("well_run_epmo.xlsx").catalogue
    as_of = builder().AS_OF
    for service in catalogue.services:
        assert (as_of - service.last_reviewed).days < 365, service.id
        assert service.nature in {PMOType.SUPPORTIVE, PMOType.CONTROLLING}, service.id
        if service.status is ServiceStatus.ACTIVE:
            assert service.satisfaction >= 3.0, service.id
    planned = [s.id for s in catalogue.services if s.status is ServiceStatus.PLANNED]
    assert planned == ["ES-21"]


# ---------------------------------------------------------------------------------------
# 3. A PMO of one: a hand-made sheet, the mandate in a second workbook
# ---------------------------------------------------------------------------------------


def pmo_of_one() -> ImportResult:
    return imported("pmo_of_one.xlsx", "pmo_of_one_mandate.xlsx")


def test_pmo_of_one_mandate_comes_from_the_second_workbook():
    catalogue = pmo_of_one().catalogue
    assert catalogue.mandate.office_kind is OfficeKind.PROJECT
    assert catalogue.mandate.date == dt.date(2024, 4, 17)
    assert catalogue.mandate.sponsor == "Director of Resources"
    objectives = {o.id: o for o in catalogue.objectives}
    assert set(objectives) == {"O1", "O2", "O3"}
    # Priorities written as words still say which objective matters most.
    assert objectives["O1"].priority is not None and objectives["O2"].priority is not None
    assert objectives["O1"].priority > objectives["O2"].priority
    assert objectives["O2"].priority == objectives["O3"].priority
    assert [o.horizon for o in catalogue.objectives] == [Horizon.SHORT, Horizon.MEDIUM,
                                                         Horizon.LONG]
    assert [c.name for c in catalogue.customers][:3] == [
        "Executive Team", "Project sponsors", "Project managers"]


def test_pmo_of_one_without_its_mandate_still_imports_and_says_the_mandate_is_missing():
    result = imported("pmo_of_one.xlsx")
    assert len(result.catalogue.services) == 11
    assert IssueCode.MANDATE_NOT_FOUND in {i.code for i in result.issues}


def test_pmo_of_one_reads_every_service_row_and_no_title_spacer_or_note():
    services = pmo_of_one().catalogue.services
    assert [s.id for s in services] == [str(n) for n in range(1, 12)]
    assert [s.row for s in services] == [6, 7, 8, 9, 10, 12, 13, 14, 15, 17, 18]
    assert all(s.sheet == "Catalogue 2025" for s in services)
    for service in services:
        assert "note" not in service.name.lower()
        assert "estimate" not in service.name.lower()


def test_pmo_of_one_matches_customers_written_in_every_form_to_mandate_groups():
    result = pmo_of_one()
    services = by_id(result.catalogue)
    expected = {
        "1": {"Executive Team"},                                          # "Exec team"
        "2": {"Executive Team", "Heads of service"},                      # "; "
        "3": {"Project managers", "Project sponsors"},                    # "PMs; Sponsors"
        "4": {"Project managers", "Project sponsors", "Heads of service"},  # one per line
        "5": {"Project managers"},                                        # "PMs"
        "6": {"Asset Investment Programme Board", "Executive Team"},      # ", "
        "7": {"Project sponsors", "Executive Team"},                      # "Sponsors / exec"
        "8": {"Project managers", "Project sponsors", "Executive Team"},  # "PMs, sponsors / exec"
        "10": {"Finance"},                                                # not in the mandate
    }
    for service_id, customers in expected.items():
        assert set(services[service_id].customers) == customers, service_id
    unknown = [i for i in result.issues if i.code is IssueCode.UNKNOWN_CUSTOMER]
    assert [i.row for i in unknown] == [services["10"].row]


def test_pmo_of_one_resolves_objectives_quoted_as_statements_to_their_ids():
    services = by_id(pmo_of_one().catalogue)
    assert services["1"].objectives == ("O1",)
    assert services["2"].objectives == ("O1",)  # the statement, word for word
    assert services["3"].objectives == ("O2",)  # the statement, lower case, full stop
    assert services["6"].objectives == ("O3",)
    assert services["5"].objectives == ()
    issues = pmo_of_one().issues
    assert IssueCode.UNKNOWN_OBJECTIVE not in {i.code for i in issues}


def test_pmo_of_one_parses_numbers_written_with_units():
    services = by_id(pmo_of_one().catalogue)
    assert services["1"].effort_fte == pytest.approx(0.2)     # "0.2 FTE"
    assert services["3"].effort_fte == pytest.approx(0.05)    # "0.05 FTE"
    assert services["4"].effort_fte == pytest.approx(0.1)     # "10%"
    assert services["5"].effort_fte == pytest.approx(0.15)    # 0.15
    assert services["7"].effort_fte == pytest.approx(0.05)    # "5%"
    assert services["11"].effort_fte is None                   # "-"
    assert services["6"].cost == 12000                         # "£12k"
    assert services["2"].cost == 4500                          # "£4.5k"
    assert services["9"].cost == 3500                          # "£3,500"
    assert services["11"].cost is None                         # "-"
    assert services["1"].satisfaction == 4                     # "4/5"
    assert services["2"].satisfaction == 3.5                   # 3.5
    assert services["6"].satisfaction == 4                     # 4
    assert services["2"].demand is None                        # "n/a"
    assert services["4"].demand == 30


def test_pmo_of_one_parses_dates_typed_as_text():
    services = by_id(pmo_of_one().catalogue)
    assert services["1"].last_reviewed == dt.date(2026, 3, 2)   # a real date
    assert services["2"].last_reviewed == dt.date(2023, 3, 1)   # "Mar 2023"
    assert services["3"].last_reviewed == dt.date(2024, 1, 15)  # "15/01/2024"
    assert services["3"].last_delivered == dt.date(2026, 1, 1)  # "Jan 2026"
    assert services["5"].last_reviewed == dt.date(2024, 9, 1)   # "Sep 2024"
    assert services["9"].last_reviewed is None                  # blank


def test_pmo_of_one_reports_the_one_date_it_cannot_read_where_it_is():
    result = pmo_of_one()
    raid = by_id(result.catalogue)["5"]
    assert raid.last_delivered is None  # "ongoing"
    ongoing = [i for i in result.issues if i.code is IssueCode.UNPARSEABLE_DATE]
    assert [(i.sheet, i.row, i.column) for i in ongoing] == [("Catalogue 2025", 10, "Last run")]
    # Nothing else in this file is lost or misread.
    assert all(i in ongoing for i in result.errors), [e.to_json() for e in result.errors]


# ---------------------------------------------------------------------------------------
# 4. A controlling government portfolio office
# ---------------------------------------------------------------------------------------


def government() -> ImportResult:
    return imported("government_epmo.xlsx")


def test_government_epmo_reads_the_visible_services_sheet_and_not_its_total_row():
    services = government().catalogue.services
    assert {s.sheet for s in services} == {"PMO Services"}
    assert services[0].row == 5 and services[-1].row == 30
    assert "Total" not in {s.name for s in services}
    assert fte(services) == pytest.approx(16.7)  # the sheet's own total


def test_government_epmo_reports_its_old_catalogue_hidden_in_the_workbook():
    hidden = [i for i in government().issues if i.code is IssueCode.HIDDEN_SHEET_WITH_DATA]
    assert "Old catalogue 2019" in {i.sheet for i in hidden}
    assert not any(s.id.startswith("P3O-") for s in government().catalogue.services)


def test_government_epmo_mandate_is_controlling_portfolio_office():
    mandate = government().catalogue.mandate
    assert mandate.office_kind is OfficeKind.PORTFOLIO
    assert mandate.date == dt.date(2025, 4, 1)
    assert "stop, pause or re-scope" in mandate.statement


def test_government_epmo_has_mandatory_central_services_and_one_retiring():
    services = by_id(government().catalogue)
    mandatory = {k for k, s in services.items() if s.mandatory}
    assert mandatory == {"PAO-01", "PAO-02", "PAO-03", "PAO-04", "PAO-05", "PAO-06", "PAO-07"}
    assert all(s.mandatory is False for k, s in services.items() if k not in mandatory)
    retiring = {k for k, s in services.items() if s.status is ServiceStatus.RETIRING}
    assert retiring == {"PAO-23"}


def test_government_epmo_has_services_beyond_a_controlling_office():
    services = government().catalogue.services
    directive = {s.id for s in services if s.nature is PMOType.DIRECTIVE}
    assert directive == {"PAO-24", "PAO-25", "PAO-26"}
    assert all(s.nature is not None for s in services)


def test_government_epmo_has_services_untouched_for_two_years():
    as_of = builder().AS_OF
    services = government().catalogue.services

    def older_than_two_years(day: dt.date | None) -> bool:
        return day is not None and (as_of - day).days > 730

    assert {s.id for s in services if older_than_two_years(s.last_reviewed)} == {
        "PAO-07", "PAO-19", "PAO-20", "PAO-21", "PAO-22", "PAO-23", "PAO-25"}
    assert {s.id for s in services if older_than_two_years(s.last_delivered)} == {
        "PAO-19", "PAO-20", "PAO-21"}


def test_government_epmo_customers_outside_the_mandate_are_kept_as_written():
    catalogue = government().catalogue
    mandate_customers = {c.name for c in catalogue.customers}
    services = by_id(catalogue)
    assert set(services["PAO-07"].customers) == {"Ministers' private offices", "FOI team"}
    assert set(services["PAO-01"].customers) == {"NISTA", "Executive Committee"}
    assert set(services["PAO-04"].customers) <= mandate_customers


# ---------------------------------------------------------------------------------------
# The committed workbooks are what the script makes
# ---------------------------------------------------------------------------------------


def workbook_content(path: Path) -> dict:
    """What a reader sees: sheets, their visibility, merged ranges and every cell value."""
    wb = openpyxl.load_workbook(path)
    try:
        return {
            ws.title: {
                "state": ws.sheet_state,
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "cells": [list(row) for row in ws.iter_rows(values_only=True)],
                "validations": sorted(
                    (str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation),
            }
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def test_build_script_regenerates_the_committed_workbooks(tmp_path: Path):
    written = builder().build_all(tmp_path)
    assert {p.name for p in written} == {p.name for p in SAMPLES.glob("*.xlsx")}
    for path in written:
        assert workbook_content(path) == workbook_content(SAMPLES / path.name), (
            f"{path.name} differs from what build_samples.py makes: "
            "run .venv/bin/python sample_catalogues/build_samples.py")


def test_formula_totals_carry_the_result_excel_would_show():
    wb = openpyxl.load_workbook(SAMPLES / "government_epmo.xlsx", data_only=True)
    try:
        services = wb["PMO Services"]
        assert services["B31"].value == "Total"
        assert services["H31"].value == pytest.approx(16.7)
        assert services["I31"].value == 1127000
    finally:
        wb.close()
