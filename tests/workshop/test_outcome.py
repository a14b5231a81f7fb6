"""A workshop's outcome: the workbook a PMO keeps, and the one page its sponsor reads.

The workbook is read back with openpyxl, as a PMO manager would read it in Excel. Drawing
the page starts Chromium (seconds), so the HTML and the PDF are made once, together, for
the module.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import time
from pathlib import Path

import openpyxl
import pypdf
import pytest

from audit.config import AuditConfig
from audit.engine import run_audit
from audit.model import AuditResult
from catalogue.importer import import_catalogue
from reports import summary
from workshop import outcome
from workshop.model import Decision, DecisionKind, SourceFile, WorkshopState
from workshop.whatif import WhatIf, what_if

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
SAVED_AT = "2026-11-22T15:42:07.120000+00:00"
HOSTILE_TITLE = "<script>alert('room')</script> Northbridge coaching day"
HOSTILE_RATIONALE = "<script>alert('why')</script> Nobody reads the effort returns"
FORMULA_RATIONALE = '=HYPERLINK("http://evil.example","Finance asked for it")'
DECISIONS = {
    # The coaching story: status reports go back to the project boards they serve...
    "CPO-01": Decision(DecisionKind.HAND_OVER, FORMULA_RATIONALE, "Finance business partner"),
    # ...timesheet chasing stops...
    "CPO-08": Decision(DecisionKind.RETIRE, HOSTILE_RATIONALE, "Head of PMO"),
    # ...and the portfolio work the mandate asks for stays.
    "CPO-13": Decision(DecisionKind.KEEP, "The Investment Board depends on it", ""),
    "CPO-05": Decision(DecisionKind.RETHINK, "", "COO office"),
    "CPO-12": Decision(rationale="Ask the records team first"),  # not decided yet
}


@pytest.fixture(scope="module")
def before() -> AuditResult:
    data = (ROOT / "sample_catalogues" / "coaching_story.xlsx").read_bytes()
    catalogue = import_catalogue(data, filename="coaching_story.xlsx").catalogue
    return run_audit(catalogue, AuditConfig(as_of=AS_OF))


@pytest.fixture(scope="module")
def state() -> WorkshopState:
    return WorkshopState(title=HOSTILE_TITLE, decisions=DECISIONS,
                         workbook=SourceFile("coaching_story.xlsx", "0" * 64),
                         notes="=1+1 was the sponsor's joke\nFollow up in March.")


@pytest.fixture(scope="module")
def whatif(before, state) -> WhatIf:
    return what_if(before, state.decisions)


@pytest.fixture(scope="module")
def workbook(state, whatif) -> openpyxl.Workbook:
    return read(outcome.outcome_workbook(state, whatif, saved_at=SAVED_AT))


@pytest.fixture(scope="module")
def undecided(before) -> tuple[WorkshopState, WhatIf, openpyxl.Workbook]:
    state = WorkshopState()
    whatif = what_if(before, {})
    return state, whatif, read(outcome.outcome_workbook(state, whatif))


def read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def table(sheet, header_row: int = 1) -> list[dict[str, object]]:
    """The rows under a header row, as header -> value."""
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def labelled(sheet) -> dict[str, tuple]:
    """Rows keyed by the label in their first cell."""
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}


# --- The workbook ----------------------------------------------------------------------------


def test_the_workbook_has_the_sheets_a_pmo_expects(workbook):
    assert workbook.sheetnames == list(outcome.SHEETS)


def test_each_decision_sits_on_its_service_row_beside_the_recommendation(workbook, before):
    rows = table(workbook["Decisions"])
    assert [r["Service ID"] for r in rows] == [s.id for s in before.catalogue.services]
    by_id = {r["Service ID"]: r for r in rows}
    for service_id, decision in DECISIONS.items():
        row = by_id[service_id]
        assert row["Decision"] == (decision.kind.value if decision.kind else None)
        assert row["Rationale"] == (decision.rationale or None)
        assert row["Action owner"] == (decision.owner or None)
    for assessment in before.services:
        row = by_id[assessment.service_id]
        assert row["Service"] == assessment.name
        assert row["Audit recommends"] == assessment.recommendation.value
        assert row["Why the audit recommends it"] == assessment.recommendation_reason
        assert row["Effort (FTE)"] == pytest.approx(assessment.effort_fte)
    # The catalogue's own figures are there to weigh the decision against.
    assert by_id["CPO-01"]["Cost"] == 67000
    assert by_id["CPO-08"]["Audit recommends"] == "retire"
    undecided = [r for r in rows if r["Service ID"] not in DECISIONS]
    assert undecided and all(r["Decision"] is None and r["Rationale"] is None for r in undecided)


def test_the_decision_column_offers_the_five_decisions(workbook):
    sheet = workbook["Decisions"]
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    rule = validations[0]
    assert rule.type == "list"
    assert rule.formula1 == '"keep,improve,rethink,retire,hand over"'
    decision_column = next(c.column_letter for c in sheet[1] if c.value == "Decision")
    assert str(rule.sqref) == f"{decision_column}2:{decision_column}{sheet.max_row}"
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref


def test_the_figures_before_and_after_match_the_what_if(workbook, whatif):
    rows = labelled(workbook["Before and after"])
    assert rows["Figure"][:3] == (outcome.BEFORE_LABEL, outcome.AFTER_LABEL, "Change")
    for figure in whatif.figures:
        shown_before, shown_after, change = rows[figure.label][:3]
        assert shown_before == pytest.approx(figure.before)
        assert shown_after == pytest.approx(figure.after)
        assert change == pytest.approx(figure.after - figure.before, abs=1e-9)
    # Handing over status reports and stopping timesheet chasing frees 1.4 + 0.3 FTE.
    assert rows["Effort freed (FTE)"][0] == pytest.approx(1.7)
    assert whatif.effort_freed_fte == pytest.approx(1.7)
    assert rows["Cost freed"][0] == pytest.approx(67000 + 13000)
    assert rows["Findings resolved"][0] == len(whatif.findings_resolved) > 0
    assert rows["Findings new"][0] == len(whatif.findings_new)
    assert rows["Decided: hand over"][0] == 1 and rows["Decided: retire"][0] == 1
    assert rows["Services decided"][0] == 4  # the fifth has a rationale, no decision yet


def test_the_services_leaving_are_listed_with_their_owners(workbook):
    sheet = workbook["Before and after"]
    header = next(c.row for c in sheet["A"] if c.value == "Services leaving") + 1
    leaving = {r["Service ID"]: r for r in table(sheet, header)}
    assert set(leaving) == {"CPO-01", "CPO-08"}
    assert leaving["CPO-01"]["Decision"] == "hand over"
    assert leaving["CPO-01"]["Action owner"] == "Finance business partner"
    assert leaving["CPO-08"]["Action owner"] == "Head of PMO"
    assert leaving["CPO-08"]["Rationale"] == HOSTILE_RATIONALE


def test_a_rationale_starting_with_equals_stays_text(workbook):
    cell = next(c for c in workbook["Decisions"]["F"] if c.value == FORMULA_RATIONALE)
    assert cell.data_type == "s"
    assert cell.quotePrefix  # re-editing it in Excel keeps it text
    assert cell.alignment.wrap_text
    notes = labelled(workbook["Notes"])["Notes"][0]
    assert notes.startswith("=1+1")
    quoted = {(sheet.title, c.value) for sheet in workbook for row in sheet.iter_rows()
              for c in row if c.quotePrefix}
    assert quoted == {("Decisions", FORMULA_RATIONALE), ("Before and after", FORMULA_RATIONALE),
                      ("Notes", notes)}
    formulas = [c.coordinate for sheet in workbook for row in sheet.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []


def test_the_findings_resolved_and_new_are_listed(workbook, whatif):
    resolved = table(workbook["Findings resolved"])
    assert sorted((r["Code"], r["Severity"], r["Message"]) for r in resolved) == sorted(
        (f.code.value, f.severity.value, f.message) for f in whatif.findings_resolved)
    assert resolved[0]["Severity"] == "high"  # most severe first
    assert {"service-outside-mandate", "low-value"} <= {r["Code"] for r in resolved}
    new = table(workbook["Findings new"])
    if whatif.findings_new:
        assert len(new) == len(whatif.findings_new)
    else:
        assert new == [{"Code": None, "Severity": None,
                        "Message": "The decisions raise no new finding.", "Concerns": None}]


def test_the_notes_sheet_says_which_workshop_and_when(workbook, before):
    notes = labelled(workbook["Notes"])
    assert notes["Workshop"][0] == HOSTILE_TITLE
    assert notes["Mandate (PMO)"][0] == before.catalogue.mandate.pmo_name
    assert notes["Last saved"][0] == "22 November 2026, 15:42 UTC"
    assert notes["Notes"][0] == "=1+1 was the sponsor's joke\nFollow up in March."
    assert notes["Catalogue"][0] == "coaching_story.xlsx"


def test_a_workshop_with_no_decisions_exports_and_says_so(undecided, before):
    _state, whatif, workbook = undecided
    rows = table(workbook["Decisions"])
    assert len(rows) == len(before.services)
    assert all(r["Decision"] is None and r["Action owner"] is None for r in rows)
    figures = labelled(workbook["Before and after"])
    assert outcome.NO_DECISIONS in figures
    for figure in whatif.figures:
        assert figures[figure.label][0] == pytest.approx(figures[figure.label][1])
        assert figures[figure.label][2] == 0
    assert figures["Effort freed (FTE)"][0] == 0
    assert outcome.NO_ONE_LEAVING in figures
    assert table(workbook["Findings resolved"])[0]["Message"] == (
        "No finding is resolved by the decisions.")
    notes = labelled(workbook["Notes"])
    assert notes["Last saved"][0] == "not saved"
    assert notes["Notes"][0] == "No notes were taken."
    assert notes["Decisions"][0].startswith("No decisions recorded yet")


# --- The sponsor's page, without a browser ---------------------------------------------------


def test_the_page_without_decisions_says_nothing_changes(undecided):
    state, whatif, _workbook = undecided
    page = outcome.outcome_page(state, whatif, "<svg></svg>")
    assert html.escape(outcome.NO_DECISIONS, quote=True) in page
    assert html.escape(outcome.NO_ONE_LEAVING, quote=True) in page
    assert "Change Portfolio Office, Northbridge University" in page  # title from the PMO


def test_a_missing_chromium_is_a_clear_error(monkeypatch, state, whatif):
    monkeypatch.setattr(summary, "chromium_path", lambda: None)
    with pytest.raises(summary.SummaryError, match="apt-get install chromium"):
        outcome.outcome_pdf(state, whatif)


# --- The sponsor's page (one Chromium session for the module) --------------------------------


@pytest.fixture(scope="module")
def documents(state, whatif) -> tuple[summary.SummaryDocuments, float]:
    started = time.perf_counter()
    made = outcome.outcome_documents(state, whatif, saved_at=SAVED_AT)
    return made, time.perf_counter() - started


def test_the_page_escapes_the_room_s_text(documents):
    page = documents[0].html
    assert "<script" not in page.lower()
    assert html.escape(HOSTILE_TITLE, quote=True) in page
    assert html.escape(HOSTILE_RATIONALE, quote=True) in page
    assert "default-src 'none'" in page and page.count("<svg") >= 1


def test_the_page_names_the_services_leaving_and_the_figures(documents, whatif):
    page = documents[0].html
    for name, owner in (("Weekly status report compilation", "Finance business partner"),
                        ("Timesheet chasing and effort returns", "Head of PMO")):
        assert name in page and owner in page
    for figure in whatif.figures:
        assert html.escape(figure.label) in page
        shown = (f"{figure.before:.0%} → {figure.after:.0%}" if figure.percent
                 else f"{figure.before:g} → {figure.after:g}")
        assert shown in page
    assert "1.7 FTE" in page and "80,000" in page
    assert "Hand over</b> 1" in page and "Retire</b> 1" in page


def test_the_pdf_is_one_page_with_the_title_and_the_effort_freed(documents):
    made, _seconds = documents
    assert made.pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(made.pdf))
    assert len(reader.pages) == 1
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Northbridge coaching day" in text and "alert('room')" in text  # shown as typed
    assert "Effort freed: 1.7 FTE" in text
