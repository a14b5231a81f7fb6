"""The Excel audit report: its sheets, its formatting, and user text kept inert."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from audit import run_audit
from catalogue.cells import EXCEL_CELL_LIMIT
from catalogue.model import Issue, IssueCode, PMOType, ServiceStatus, Severity
from reports.excel import inert_text, report_bytes, write_report
from tests.audit.builders import CONFIG, catalogue, service

SHEETS = ["Summary", "Findings", "Services", "Objectives", "Customers", "Function mix", "Links",
          "Rules"]


def reopen(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def varied_report() -> tuple[openpyxl.Workbook, object]:
    cat = catalogue(
        service("S1", "Portfolio dashboard", objectives=("O1",), effort_fte=2.0),
        service("S2", "Benefits realisation tracking", description="Track realised benefits",
                customers=()),
        service("S3", "Office move", customers=("Facilities",), demand=0, satisfaction=1,
                nature=PMOType.DIRECTIVE),
        service("S4", "Old", status=ServiceStatus.RETIRED),
    )
    result = run_audit(cat, CONFIG)
    issues = [Issue(Severity.WARNING, IssueCode.UNKNOWN_CUSTOMER, "Facilities is unknown",
                    sheet="Services", row=4, column="Customers")]
    return reopen(report_bytes(result, issues)), result


def test_the_report_has_the_sheets_a_pmo_manager_hands_on(varied_report):
    book, _ = varied_report
    assert book.sheetnames == [*SHEETS, "Import issues"]


def test_summary_states_the_headline_figures_in_words(varied_report):
    book, result = varied_report
    rows = {row[0]: row for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert rows["Objective coverage"][1] == pytest.approx(result.summary.objective_coverage.value)
    assert rows["Objective coverage"][2] == result.summary.objective_coverage.explanation
    assert rows["Mandate fit"][2].startswith("Mandate fit = coverage")
    assert book["Summary"]["B2"].value is None and book["Summary"]["A2"].value == "Test PMO"


def test_tables_have_headers_filters_frozen_panes_and_colours(varied_report):
    book, result = varied_report
    services = book["Services"]
    assert [c.value for c in services[1]][:2] == ["Service ID", "Service"]
    assert services.freeze_panes == "C2"
    assert services.auto_filter.ref == "A1:U5"
    formulas = {(str(cf.sqref), tuple(r.formula)) for cf in services.conditional_formatting
                for r in cf.rules}
    assert ("L2:L5", ('"keep"',)) in formulas
    assert ("L2:L5", ('"retire"',)) in formulas
    findings = book["Findings"]
    assert findings.auto_filter.ref.startswith("A1:G")
    assert {row[0] for row in findings.iter_rows(min_row=2, values_only=True)} <= {
        "high", "medium", "low"}
    assert len(list(findings.iter_rows(min_row=2))) == len(result.findings)
    recommendations = {row[0]: row[11] for row in services.iter_rows(min_row=2, values_only=True)}
    assert recommendations == {s.service_id: s.recommendation.value for s in result.services}


def test_services_and_the_function_mix_say_what_kind_of_pmo_work_each_is(varied_report):
    book, result = varied_report
    services = book["Services"]
    header = [c.value for c in services[1]]
    rows = {row[0]: dict(zip(header, row, strict=True))
            for row in services.iter_rows(min_row=2, values_only=True)}
    assert rows["S2"]["PMO function"] == "Benefits management"
    assert rows["S2"]["Function group"] == "Strategic management"
    assert "“benefit" in rows["S2"]["Function: why"]
    assert rows["S3"]["Nature"] == "directive"  # stated, not inferred
    mix = book["Function mix"]
    table = {row[0]: row for row in mix.iter_rows(min_row=5, values_only=True) if row[0]}
    monitoring = table["Monitoring and controlling project performance"]
    groups = {g.id: g for g in result.function_groups}
    assert monitoring[1] == pytest.approx(groups["monitoring"].effort_share)
    assert monitoring[3] == pytest.approx(groups["monitoring"].priority_share)
    assert "S1" in monitoring[6]


def test_the_function_mix_sheet_holds_a_native_chart():
    import zipfile
    cat = catalogue(service("S1", "Weekly status pack", effort_fte=1.0))
    data = report_bytes(run_audit(cat, CONFIG))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        assert b"Share of effort" in archive.read(charts[0])


def test_the_link_matrix_marks_explicit_and_suggested_links_differently(varied_report):
    book, _ = varied_report
    links = book["Links"]
    header = [c.value for c in links[5]]
    assert header[:2] == ["Service ID", "Service"]
    assert header[2].startswith("O1: Give the executive team")
    cells = {(row[0].value, header[c.column - 1].split(":")[0]): c for row in
             links.iter_rows(min_row=6) for c in row[2:] if c.value}
    explicit, suggested = cells[("S1", "O1")], cells[("S2", "O2")]
    assert explicit.value == "explicit"
    assert suggested.value.startswith("suggested 0.")
    assert explicit.fill.fgColor.rgb != suggested.fill.fgColor.rgb
    assert explicit.font.b and suggested.font.i


HOSTILE = {
    "formula": '=HYPERLINK("http://x","click")',
    "plus": "+1",
    "at": "@SUM(A1)",
    "error": "#N/A",
    "minus": "-1",
    "number": "1e5",
    "boolean": "TRUE",
    "equals": "=1+1",
    "rich-marker": "<r><t>x</t></r>",
    "broken-rich-marker": "<r>=1+1 & <b></r>",
    "escape-lookalike": "Budget _x0041_ line",
    "tab": "\tindented =1+1",
    "cr": "\r=1+1",
    "ref-error": "#REF!",
}


@pytest.fixture(scope="module")
def hostile_report() -> openpyxl.Workbook:
    names = {**HOSTILE,
             "controls": "a\x01b\x1fc\td\ne\x00f",
             "crlf": "line one\r\nline two\rline three",
             "surrogate": "bad \ud800 half",
             "long": "x" * 40_000}
    cat = catalogue(*[service(key, name, objectives=("O1",), owner=name,
                              customers=(name,)) for key, name in names.items()])
    return reopen(report_bytes(run_audit(cat, CONFIG)))


def as_stored(text: str) -> str:
    """A carriage return is stored as Excel's line break, a line feed."""
    return text.replace("\r", "\n")


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_user_text_comes_back_as_the_same_text(hostile_report, key):
    services = hostile_report["Services"]
    row = next(r for r in services.iter_rows(min_row=2) if r[0].value == key)
    name = row[1]
    assert name.value == as_stored(HOSTILE[key])
    assert name.data_type == "s"  # text, never a formula, a number or an error
    customers = row[8]
    assert customers.value == as_stored(HOSTILE[key])
    assert customers.data_type == "s"
    links_row = next(r for r in hostile_report["Links"].iter_rows(min_row=6)
                     if r[0].value == key)
    assert links_row[1].value == as_stored(HOSTILE[key]) and links_row[1].data_type == "s"


FORMULA_LOOKING = ("formula", "plus", "at", "error", "minus", "equals", "tab", "cr",
                   "ref-error")


def test_formula_looking_text_keeps_the_quote_prefix_everywhere(hostile_report):
    # Re-editing such a cell in Excel would turn it into a formula without the prefix.
    checked = []
    for sheet in hostile_report.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                looks = cell.value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) or (
                    cell.value in ("#N/A", "#REF!"))
                assert cell.data_type == "s", (sheet.title, cell.coordinate)
                assert bool(cell.quotePrefix) == looks, (sheet.title, cell.coordinate,
                                                         cell.value)
                checked.append((sheet.title, cell.value))
    assert FORMULA_LOOKING  # else nothing shows the prefix is kept where it matters
    for key in FORMULA_LOOKING:  # as the name, the owner's list and the link matrix show it
        text = as_stored(HOSTILE[key])
        assert ("Services", text) in checked and ("Links", text) in checked, key


def test_a_quoted_cell_keeps_its_formatting(hostile_report):
    services = hostile_report["Services"]
    row = next(r for r in services.iter_rows(min_row=2) if r[0].value == "formula")
    plain = next(r for r in services.iter_rows(min_row=2) if r[0].value == "number")
    assert row[1].quotePrefix and not plain[1].quotePrefix
    assert row[1].alignment.wrap_text and row[1].font.sz == plain[1].font.sz == 10


def test_control_characters_use_excels_escape(hostile_report):
    """Excel stores U+0001 as _x0001_; openpyxl shows the escape, tab and line feed stay."""
    services = hostile_report["Services"]
    values = {r[0].value: r[1].value for r in services.iter_rows(min_row=2)}
    assert values["controls"] == "a_x0001_b_x001F_c\td\ne_x0000_f"
    assert values["crlf"] == "line one\nline two\nline three"
    assert values["surrogate"] == "bad \ufffd half"
    long = values["long"]
    assert len(long) <= EXCEL_CELL_LIMIT
    assert long.startswith("xxxx") and long.endswith("characters]")
    assert "[cut: " in long


def test_no_cell_anywhere_is_a_formula_or_an_error(hostile_report):
    cells = [(sheet.title, cell) for sheet in hostile_report.worksheets
             for row in sheet.iter_rows() for cell in row]
    assert len(cells) > 100  # the report's sheets were read: else this checks nothing
    for title, cell in cells:
        assert cell.data_type in {"s", "n"}, (title, cell.coordinate)


def test_the_file_itself_holds_escaped_text():
    cat = catalogue(service("S1", "a\x01b <r>c</r>", objectives=("O1",)))
    data = report_bytes(run_audit(cat, CONFIG))
    shared = zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml").decode()
    assert "a_x0001_b &lt;r&gt;c&lt;/r&gt;" in shared


def test_inert_text_rules():
    assert inert_text(None) == ""
    assert inert_text(12) == "12"
    assert inert_text("a\r\nb") == "a\nb"
    assert inert_text("\udfff") == "\ufffd"
    wide = "😀" * 20_000  # 40,000 UTF-16 units
    cut = inert_text(wide)
    assert len(cut.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT


def test_write_report_to_a_path_and_a_file(tmp_path):
    result = run_audit(catalogue(service("S1", "Dashboard", objectives=("O1",))), CONFIG)
    path = tmp_path / "audit.xlsx"
    write_report(result, path)
    buffer = io.BytesIO()
    write_report(result, buffer)
    assert reopen(path.read_bytes()).sheetnames == SHEETS
    assert reopen(buffer.getvalue()).sheetnames == SHEETS


def test_an_empty_catalogue_still_makes_a_report():
    from catalogue.model import Catalogue

    book = reopen(report_bytes(run_audit(Catalogue(), CONFIG)))
    assert book.sheetnames == SHEETS
