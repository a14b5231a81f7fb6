"""Importing real-looking catalogues: where things are found, what is kept, what is reported."""

import datetime as dt

import pytest

from catalogue import import_catalogue
from catalogue.errors import NoServicesTable
from catalogue.model import IssueCode, PMOType, Severity
from tests.catalogue.workbooks import (
    CUSTOMER_ROWS,
    MANDATE_ROWS,
    OBJECTIVE_ROWS,
    SERVICE_HEADER,
    build,
    template_like,
)

GOOD_SERVICE = ["S1", "Portfolio prioritisation support", "Score and rank proposals",
                "Portfolio board; Project sponsors", "O1", "Jo Smith", 0.5, 12000, 4,
                dt.datetime(2026, 3, 1)]


def codes(result):
    return [issue.code for issue in result.issues]


def test_a_template_shaped_workbook_imports_whole_and_clean(tmp_path):
    result = import_catalogue(template_like(tmp_path, [GOOD_SERVICE]), filename="t.xlsx")
    catalogue = result.catalogue
    assert result.issues == ()
    assert catalogue.mandate.pmo_name == "Northshire Council PMO"
    assert catalogue.mandate.pmo_type is PMOType.SUPPORTIVE
    assert [o.id for o in catalogue.objectives] == ["O1", "O2", "O3"]
    assert [c.name for c in catalogue.customers] == ["Project managers", "Project sponsors",
                                                     "Portfolio board"]
    (service,) = catalogue.services
    assert service.customers == ("Portfolio board", "Project sponsors")
    assert service.objectives == ("O1",)
    assert (service.effort_fte, service.cost, service.satisfaction) == (0.5, 12000, 4)
    assert service.last_reviewed == dt.date(2026, 3, 1)
    assert (service.sheet, service.row) == ("Services", 2)


def test_the_services_table_is_found_below_titles_on_any_sheet(tmp_path):
    data = build(tmp_path, {
        "Cover": [["Northshire PMO"], ["Version 3"]],
        "Catalogue 2025": [
            ["Northshire PMO - Service Catalogue 2025"], ["[logo]"], [],
            ["PMO Service", "What we provide", "Who for", "FTE"],
            ["Gate reviews", "Stage gate assurance", "PMs, sponsors / exec", "0.5 FTE"],
            [],
            ["Lessons learned", "Workshops", "PMs", "0.2"],
            [],
            ["Notes: figures are estimates from the 2024 time survey."],
        ],
    }, merges={"Catalogue 2025": ["A1:D1"]})
    result = import_catalogue(data)
    names = [s.name for s in result.catalogue.services]
    assert names == ["Gate reviews", "Lessons learned"]
    first = result.catalogue.services[0]
    assert (first.sheet, first.row) == ("Catalogue 2025", 5)
    assert first.customers == ("PMs", "sponsors", "exec")
    assert first.effort_fte == 0.5
    assert IssueCode.ROW_SKIPPED not in codes(result)


def test_the_mandate_may_come_from_a_second_workbook(tmp_path):
    catalogue_bytes = build(tmp_path, {"Services": [
        ["Service", "Customers", "Supports objective"],
        ["Benefits tracking", "PMs; sponsors", "Realise the benefits of change"],
    ]}, name="catalogue.xlsx")
    mandate_bytes = build(tmp_path, {
        "Mandate": MANDATE_ROWS, "Objectives": OBJECTIVE_ROWS, "Customers": CUSTOMER_ROWS,
    }, name="mandate.xlsx")
    result = import_catalogue(catalogue_bytes, mandate=mandate_bytes)
    (service,) = result.catalogue.services
    assert result.catalogue.mandate.pmo_name == "Northshire Council PMO"
    assert service.objectives == ("O2",)
    assert service.customers == ("Project managers", "Project sponsors")
    assert result.issues == ()


def test_without_a_mandate_the_import_says_so(tmp_path):
    data = build(tmp_path, {"Services": [["Service"], ["Gate reviews"]]})
    result = import_catalogue(data)
    assert codes(result) == [IssueCode.MANDATE_NOT_FOUND]
    assert "objectives" in result.issues[0].message


def test_unknown_customers_and_objectives_are_kept_as_written_and_reported(tmp_path):
    row = ["S1", "Finance returns", "", "Finance team; PMs", "O1, O9", "", "", "", "", ""]
    result = import_catalogue(template_like(tmp_path, [row]))
    (service,) = result.catalogue.services
    assert service.customers == ("Finance team", "Project managers")
    assert service.objectives == ("O1", "O9")
    unknown = {i.code: i for i in result.issues}
    assert unknown[IssueCode.UNKNOWN_CUSTOMER].row == 2
    assert unknown[IssueCode.UNKNOWN_CUSTOMER].column == "Customers"
    assert "'Finance team'" in unknown[IssueCode.UNKNOWN_CUSTOMER].message
    assert "'O9'" in unknown[IssueCode.UNKNOWN_OBJECTIVE].message


def test_unreadable_cells_are_reported_where_they_are_and_left_empty(tmp_path):
    row = ["S1", "Gate reviews", "", "", "", "", "lots", "about a grand", 9, "someday"]
    result = import_catalogue(template_like(tmp_path, [row]))
    (service,) = result.catalogue.services
    assert (service.effort_fte, service.cost, service.satisfaction, service.last_reviewed) == (
        None, None, None, None)
    located = {(i.code, i.column) for i in result.issues if i.row == 2}
    assert located == {
        (IssueCode.UNPARSEABLE_NUMBER, "Effort (FTE)"), (IssueCode.UNPARSEABLE_NUMBER, "Annual cost"),
        (IssueCode.OUT_OF_RANGE, "Satisfaction (1-5)"), (IssueCode.UNPARSEABLE_DATE, "Last reviewed"),
    }
    assert all(i.severity is Severity.ERROR for i in result.issues if i.row == 2)


def test_a_row_without_a_name_is_kept_and_flagged_not_dropped(tmp_path):
    rows = [GOOD_SERVICE, ["S2", None, "Keeps the RAID logs", "PMs", "", "", 1, "", "", ""],
            ["S3", "Lessons learned", "", "", "", "", "", "", "", ""]]
    result = import_catalogue(template_like(tmp_path, rows))
    names = [s.name for s in result.catalogue.services]
    assert names == ["Portfolio prioritisation support", "Unnamed service (row 3)", "Lessons learned"]
    (missing,) = [i for i in result.issues if i.code is IssueCode.MISSING_NAME]
    assert (missing.severity, missing.row, missing.column) == (Severity.ERROR, 3, "Service name")


def test_duplicate_names_and_ids_are_both_kept_and_reported(tmp_path):
    rows = [GOOD_SERVICE, GOOD_SERVICE]
    result = import_catalogue(template_like(tmp_path, rows))
    assert [s.id for s in result.catalogue.services] == ["S1", "S1-3"]
    assert IssueCode.DUPLICATE_SERVICE in codes(result)
    assert IssueCode.DUPLICATE_ID in codes(result)


def test_headings_totals_and_notes_are_not_services(tmp_path):
    data = build(tmp_path, {"Services": [
        ["Ref", "Service", "FTE"],
        ["Governance"],
        ["S1", "Gate reviews", 0.5],
        ["S2", "Total", 0.5],
        [],
        ["* Effort is an estimate"],
        ["Last updated", "Jan 2025"],
    ]})
    result = import_catalogue(data)
    assert [s.name for s in result.catalogue.services] == ["Gate reviews"]
    (skipped,) = [i for i in result.issues if i.code is IssueCode.ROW_SKIPPED]  # one, counting
    assert skipped.rows == (2, 4)  # the notes below the table are not data: skipped quietly
    assert "heading" in skipped.message and "totals" in skipped.message


def test_formulas_without_saved_results_are_reported(tmp_path):
    # openpyxl saves formulas without calculating them, as many scripts do.
    row = ["S1", "Gate reviews", "", "", "", "", "=0.2+0.3", "", "", ""]
    result = import_catalogue(template_like(tmp_path, [row]))
    (issue,) = [i for i in result.issues if i.code is IssueCode.FORMULA_WITHOUT_VALUE]
    assert (issue.row, issue.column) == (2, "Effort (FTE)")


def test_error_cells_are_reported(tmp_path):
    row = ["S1", "Gate reviews", "", "", "", "", "#N/A", "", "", ""]
    result = import_catalogue(template_like(tmp_path, [row]))
    (issue,) = [i for i in result.issues if i.code is IssueCode.ERROR_CELL]
    assert (issue.row, issue.column) == (2, "Effort (FTE)") and "#N/A" in issue.message


def test_hidden_sheets_holding_data_are_reported(tmp_path):
    data = build(tmp_path, {"Services": [["Service"], ["Gate reviews"]],
                            "Old catalogue 2019": [["Service"], ["Fax bureau"]]},
                 hidden=("Old catalogue 2019",))
    result = import_catalogue(data)
    assert [s.name for s in result.catalogue.services] == ["Gate reviews"]
    (hidden,) = [i for i in result.issues if i.code is IssueCode.HIDDEN_SHEET_WITH_DATA]
    assert hidden.sheet == "Old catalogue 2019"


def test_unknown_columns_are_reported_and_can_be_assigned(tmp_path):
    data = build(tmp_path, {"Services": [["Service", "Exec lead", "RAG"],
                                         ["Gate reviews", "Jo Smith", "Green"]]})
    result = import_catalogue(data)
    unknown = [i.column for i in result.issues if i.code is IssueCode.UNKNOWN_COLUMN]
    assert unknown == ["Exec lead", "RAG"]
    assigned = import_catalogue(data, column_overrides={"Exec lead": "owner", "RAG": ""})
    assert assigned.catalogue.services[0].owner == "Jo Smith"
    assert IssueCode.UNKNOWN_COLUMN not in codes(assigned)


def test_a_merged_category_applies_to_every_row_it_spans(tmp_path):
    data = build(tmp_path, {"Services": [["Category", "Service"], ["Governance", "Gate reviews"],
                                         [None, "Health checks"]]},
                 merges={"Services": ["A2:A3"]})
    services = import_catalogue(data).catalogue.services
    assert [s.category for s in services] == ["Governance", "Governance"]


def test_a_workbook_without_a_services_table_is_refused_with_the_sheets_named(tmp_path):
    data = build(tmp_path, {"Budget": [["Month", "Spend"], ["Jan", 100]]})
    with pytest.raises(NoServicesTable, match="'Budget'"):
        import_catalogue(data)


def test_the_current_sheet_wins_over_a_visible_older_copy_and_is_reported(tmp_path):
    data = build(tmp_path, {
        "Services": [["Service", "Owner"], ["Gate reviews", "Jo"], ["Health checks", "Al"]],
        "Services (old)": [["Service"], ["Fax bureau"]],
    })
    result = import_catalogue(data)
    assert [s.name for s in result.catalogue.services] == ["Gate reviews", "Health checks"]
    assert IssueCode.SHEET_IGNORED in codes(result)


def test_long_runs_of_one_problem_are_summed_up(tmp_path):
    rows = [[f"S{i}", f"Service {i}", "", "Nobody", "", "", "", "", "", ""] for i in range(150)]
    result = import_catalogue(template_like(tmp_path, rows))
    (unknown,) = [i for i in result.issues if i.code is IssueCode.UNKNOWN_CUSTOMER]
    assert unknown.rows == tuple(range(2, 152)) and unknown.row == 2
    assert "149 more rows" in unknown.message and "150 in all" in unknown.message
    assert len(result.catalogue.services) == 150


def test_a_file_like_object_reads_like_bytes(tmp_path):
    import io

    data = template_like(tmp_path, [GOOD_SERVICE])
    assert import_catalogue(io.BytesIO(data)) == import_catalogue(data)


def test_service_header_synonyms_header_row(tmp_path):
    header = ["Ref", "Name", "Service description", "Target users", "Mandate objective",
              "Service owner", "FTE", "Cost (£)", "CSAT", "Review date", "Status", "Mandatory?",
              "Nature", "KPI", "Category", "Frequency", "Requests per year", "Last delivered"]
    row = ["A1", "Health checks", "Independent reviews", "Sponsors", "O2", "Sam", "0.3 FTE", "£8k",
           "80%", "Mar 2023", "Live", "No", "Assurance", "Reviews done", "Assurance", "Monthly",
           "24", "2026-10-01"]
    data = build(tmp_path, {"Services": [header, row], "Objectives": OBJECTIVE_ROWS,
                            "Customers": CUSTOMER_ROWS, "Mandate": MANDATE_ROWS})
    result = import_catalogue(data)
    assert result.issues == ()
    service = result.catalogue.services[0]
    assert service.customers == ("Project sponsors",)
    assert (service.cost, service.satisfaction, service.demand) == (8000, 4, 24)
    assert service.status.value == "active" and service.nature is PMOType.CONTROLLING
    assert service.last_reviewed == dt.date(2023, 3, 1)
    assert service.last_delivered == dt.date(2026, 10, 1)
    assert service.mandatory is False and service.value_measure == "Reviews done"


def test_services_header_is_exported_for_other_tests():
    assert SERVICE_HEADER[1] == "Service name"


def test_a_services_sheet_with_headers_but_no_services_yet_is_an_empty_catalogue(tmp_path):
    data = build(tmp_path, {"Mandate": MANDATE_ROWS, "Objectives": OBJECTIVE_ROWS,
                            "Services": [SERVICE_HEADER]})
    result = import_catalogue(data)
    assert result.catalogue.services == ()
    assert [o.id for o in result.catalogue.objectives] == ["O1", "O2", "O3"]
    assert "no services yet" in result.issues[0].message
