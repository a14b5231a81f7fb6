"""What a cell can hide from a reader: characters that reorder text, and text that Excel
cut at its 32,767-character limit. Both are taken care of on import and reported once
per column, with the rows."""

from __future__ import annotations

from catalogue import import_catalogue
from catalogue.cells import EXCEL_CELL_LIMIT
from catalogue.model import IssueCode
from catalogue.reader import RawSheet, RawWorkbook
from catalogue.values import tidy_workbook
from tests.catalogue.workbooks import (
    CUSTOMER_ROWS,
    MANDATE_ROWS,
    OBJECTIVE_ROWS,
    SERVICE_HEADER,
    build,
    template_like,
)

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def service_row(number: int, name: str, description: str = "", owner: str = "Jo Smith"):
    return [f"S{number}", name, description, "Project managers", "O1", owner, 0.5, 1000, 4,
            None]


def of_code(result, code):
    return [issue for issue in result.issues if issue.code is code]


def test_right_to_left_overrides_are_removed_and_reported_once_per_column(tmp_path):
    # "Invoice approval" shown reversed from the override on: a sponsor would read
    # something the cell does not say.
    rows = [service_row(1, f"Invoice {RLO}lavorppa{PDF}"),
            service_row(2, "Gate reviews", description=f"Checks {LRI}each stage{PDI}"),
            service_row(3, "Benefits tracking"),
            service_row(4, f"Risk {RLO}reviews", owner=f"\u200fAmira{RLO}")]
    result = import_catalogue(template_like(tmp_path, rows), filename="bidi.xlsx")
    services = result.catalogue.services
    assert [s.name for s in services] == ["Invoice lavorppa", "Gate reviews",
                                          "Benefits tracking", "Risk reviews"]
    assert services[1].description == "Checks each stage"
    assert services[3].owner == "Amira"
    issues = of_code(result, IssueCode.BIDI_CONTROL_REMOVED)
    assert [(i.sheet, i.column, i.row) for i in issues] == [
        ("Services", "B", 2), ("Services", "C", 3), ("Services", "F", 5)]
    names = issues[0].message
    assert "rows 2 and 5" in names and "RIGHT-TO-LEFT OVERRIDE (U+202E) x2" in names
    assert "POP DIRECTIONAL FORMATTING (U+202C)" in names and "removed" in names
    assert "LEFT-TO-RIGHT ISOLATE (U+2066)" in issues[1].message
    assert "RIGHT-TO-LEFT MARK (U+200F)" in issues[2].message


def test_many_rows_make_one_issue_that_counts_them(tmp_path):
    rows = [service_row(n, f"Service {n}{RLO}") for n in range(1, 151)]
    result = import_catalogue(template_like(tmp_path, rows), filename="many.xlsx")
    (issue,) = of_code(result, IssueCode.BIDI_CONTROL_REMOVED)
    assert "rows 2, 3, 4, 5, 6, 7, 8, 9 and 142 more" in issue.message
    assert "x150" in issue.message
    assert all(RLO not in s.name for s in result.catalogue.services)
    assert len(result.catalogue.services) == 150


def test_controls_in_the_mandate_sheets_and_headers_are_removed_too(tmp_path):
    objectives = [row[:] for row in OBJECTIVE_ROWS]
    objectives[1][1] = f"{RLO}Prioritise the portfolio"
    header = SERVICE_HEADER[:]
    header[1] = f"Service name{RLO}"
    data = build(tmp_path, {"Mandate": MANDATE_ROWS, "Objectives": objectives,
                            "Customers": CUSTOMER_ROWS,
                            "Services": [header, service_row(1, "Gate reviews")]})
    result = import_catalogue(data, filename="mandate.xlsx")
    assert result.catalogue.objectives[0].statement == "Prioritise the portfolio"
    assert [s.name for s in result.catalogue.services] == ["Gate reviews"]
    places = {(i.sheet, i.row, i.column)
              for i in of_code(result, IssueCode.BIDI_CONTROL_REMOVED)}
    assert places == {("Objectives", 2, "B"), ("Services", 1, "B")}


def test_sheets_that_were_not_imported_are_not_reported(tmp_path):
    data = build(tmp_path, {"Services": [SERVICE_HEADER, service_row(1, "Gate reviews")],
                            "Scratch": [["Not a table"], [f"{RLO}anything"]]})
    result = import_catalogue(data, filename="scratch.xlsx")
    assert of_code(result, IssueCode.BIDI_CONTROL_REMOVED) == []


def test_text_that_fills_excels_limit_is_reported_not_silently_kept(tmp_path):
    full = ("Benefit review notes " * 2000)[:EXCEL_CELL_LIMIT]
    rows = [service_row(1, "Gate reviews", description=full),
            service_row(2, "Benefits tracking", description=full[:-2])]
    result = import_catalogue(template_like(tmp_path, rows), filename="long.xlsx")
    assert result.catalogue.services[0].description == full.strip()
    (issue,) = of_code(result, IssueCode.TEXT_TRUNCATED)
    assert (issue.sheet, issue.row, issue.column) == ("Services", 2, "C")
    assert "row 2:" in issue.message and "32,767" in issue.message
    assert "may be missing" in issue.message


def raw(*rows: list) -> RawWorkbook:
    return RawWorkbook("xlsx", (RawSheet("Services", True, [list(r) for r in rows]),))


def test_text_beyond_the_limit_is_cut_there_and_counted_as_excel_counts():
    emoji = "😀" * 20_000  # 40,000 UTF-16 units
    book, issues = tidy_workbook(raw(["Service", "Notes"], ["A", "x" * 50_000],
                                     ["B", emoji], ["C", "short"]))
    cells = [row[1] for row in book.sheets[0].rows]
    assert cells[1] == "x" * EXCEL_CELL_LIMIT
    assert cells[2] == "😀" * (EXCEL_CELL_LIMIT // 2)  # never half an emoji
    assert cells[3] == "short"
    (issue,) = issues
    assert issue.code is IssueCode.TEXT_TRUNCATED and issue.row == 2
    assert "rows 2 and 3" in issue.message
    assert "2 cells held more (up to 50,000 characters) and were cut" in issue.message


def test_a_clean_workbook_is_passed_through_untouched():
    book = raw(["Service", "Notes"], ["A", "plain"], ["B", 3.5])
    assert tidy_workbook(book) == (book, [])
    assert tidy_workbook(book)[0] is book


def test_the_mandate_workbook_is_named_in_its_issues(tmp_path):
    objectives = [row[:] for row in OBJECTIVE_ROWS]
    objectives[2][1] = f"Realise the {RLO}benefits"
    mandate = build(tmp_path, {"Mandate": MANDATE_ROWS, "Objectives": objectives,
                               "Customers": CUSTOMER_ROWS}, name="mandate.xlsx")
    services = build(tmp_path, {"Services": [SERVICE_HEADER, service_row(1, "Gate reviews")]})
    result = import_catalogue(services, filename="services.xlsx", mandate=mandate,
                              mandate_filename="mandate.xlsx")
    (issue,) = of_code(result, IssueCode.BIDI_CONTROL_REMOVED)
    assert issue.message.startswith("The mandate workbook (mandate.xlsx): Column B, row 3")
    assert result.catalogue.objectives[1].statement == "Realise the benefits"
