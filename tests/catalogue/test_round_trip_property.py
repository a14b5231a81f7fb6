"""Whatever the importer can produce, the catalogue export gives back: write -> import
returns every service unchanged, or says what it changed (a warning from the writer or
an issue from the import, on that service's row). Never a silent loss.

"What the importer can produce" is taken literally: each example builds a raw workbook
from hostile cell text (formula and error look-alikes, xlsxwriter's "<r>...</r>"
marker, Excel's "_xHHHH_" escapes, control and bidirectional characters, bullets,
separators, note and total words, header names, spaces and line breaks of every kind),
imports it, and the catalogue that comes out is what goes round.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import xlsxwriter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogue import cells, import_catalogue
from catalogue.columns import TEMPLATE_SERVICE_HEADERS
from catalogue.model import Catalogue, IssueCode
from catalogue.writer import catalogue_write_warnings, write_catalogue
from tests.catalogue.workbooks import CUSTOMER_ROWS, MANDATE_ROWS, OBJECTIVE_ROWS

PIECES = (
    "<r>", "</r>", "<t>", "=", "=SUM(A1)", "+", "-", "@", "#N/A", "#REF!", "'", "\t", "\n",
    "\r\n", "\r", " ", "  ", "\u00a0", "\u2028", "_x0041_", "_x005F_", "_x000D_", "\x01",
    "\x1b", "\x7f", "\u202e", "\u2066", "\u2069", "\u200f", "\u061c", "Notes:", "Total",
    "Sum", "* ", "- ", "• ", "·", ";", ",", "/", "\\", " and ", "&", "|", "n/a", "TBC",
    "Service name", "Service ID", "Customers", "😀", "é", "効", "PMs", "Project managers",
    "Portfolio board", "O1", "O2", "Intake", "x",
)
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), min_size=1, max_size=6).map(
    "".join)
NUMBER = st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda x: round(x, 2))
DATE = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1))
TEXT_FIELDS = ("id", "name", "description", "category", "customers", "objectives", "owner",
               "frequency", "status", "mandatory", "nature", "value_measure")


@st.composite
def raw_service(draw) -> dict[str, object]:
    """One row of raw cells: hostile text in the text fields, numbers or text elsewhere."""
    row: dict[str, object] = {}
    for field in TEMPLATE_SERVICE_HEADERS:
        if field in TEXT_FIELDS:
            row[field] = draw(st.none() | TEXT)
        elif field in ("last_reviewed", "last_delivered"):
            row[field] = draw(st.none() | DATE | TEXT)
        else:
            row[field] = draw(st.none() | NUMBER | TEXT)
    if row["name"] is None or not row["name"].strip():
        row["name"] = draw(TEXT.filter(str.strip))
    return row


def raw_workbook(services: list[dict[str, object]]) -> bytes:
    """A template-shaped workbook holding exactly these cells (xlsxwriter, no conversions)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, cells.WORKBOOK_OPTIONS)
    for name, rows in (("Mandate", MANDATE_ROWS), ("Objectives", OBJECTIVE_ROWS),
                       ("Customers", CUSTOMER_ROWS)):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    cells.write_text(sheet, r, c, value)
                else:
                    sheet.write_number(r, c, value)
    sheet = book.add_worksheet("Services")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for c, header in enumerate(TEMPLATE_SERVICE_HEADERS.values()):
        sheet.write_string(0, c, header)
    for r, service in enumerate(services, start=1):
        for c, value in enumerate(service.values()):
            if isinstance(value, str):
                cells.write_text(sheet, r, c, cells.cut_to_limit(cells.storable(value)))
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, date_format)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


def without_place(catalogue: Catalogue) -> Catalogue:
    services = tuple(dataclasses.replace(s, sheet=None, row=None) for s in catalogue.services)
    return dataclasses.replace(catalogue, services=services, source="")


# Issues that say the import changed or left out something it read.
CHANGES = {IssueCode.TEXT_TRUNCATED, IssueCode.BIDI_CONTROL_REMOVED, IssueCode.ROW_SKIPPED,
           IssueCode.MISSING_NAME, IssueCode.DUPLICATE_ID, IssueCode.UNPARSEABLE_NUMBER,
           IssueCode.UNPARSEABLE_DATE, IssueCode.UNKNOWN_VALUE, IssueCode.OUT_OF_RANGE}


def assert_round_trips_or_says_so(first: Catalogue) -> None:
    warnings = catalogue_write_warnings(first)
    again = import_catalogue(write_catalogue(first), filename="again.xlsx")
    changed_rows = {i.row for i in again.issues if i.code in CHANGES}
    warned_rows = {int(m) for w in warnings for m in re.findall(r"Services row (\d+)", w)}
    explained = changed_rows | warned_rows
    before, after = without_place(first), without_place(again.catalogue)
    assert after.mandate == before.mandate
    assert after.objectives == before.objectives
    assert after.customers == before.customers
    if len(after.services) != len(before.services):
        assert explained, f"services lost without a word: {before.services} -> {after.services}"
        return
    for excel_row, (was, now) in enumerate(zip(before.services, after.services, strict=True),
                                           start=2):
        if now != was:
            assert excel_row in explained, (excel_row, was, now, again.issues, warnings)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(services=st.lists(raw_service(), min_size=1, max_size=5))
@example(services=[{**dict.fromkeys(TEMPLATE_SERVICE_HEADERS), "name": "<r>Intake</r>"}])
@example(services=[{**dict.fromkeys(TEMPLATE_SERVICE_HEADERS), "name": "Gate reviews",
                    "customers": "Portfolio board\n- Sponsors; x", "owner": "=1+1"}])
def test_whatever_the_importer_produces_goes_round_or_is_reported(services):
    first = import_catalogue(raw_workbook(services), filename="raw.xlsx").catalogue
    assert_round_trips_or_says_so(first)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, padding=st.sampled_from([cells.EXCEL_CELL_LIMIT - 2,
                                           cells.EXCEL_CELL_LIMIT - 1,
                                           cells.EXCEL_CELL_LIMIT, 40_000]))
def test_text_at_excels_limit_goes_round_or_is_reported(text, padding):
    # Long text ending in hostile text: it is cut (whole characters) or kept, never lost.
    long = ("Benefits review " * 2600)[: padding - len(text)] + text
    services = [{**dict.fromkeys(TEMPLATE_SERVICE_HEADERS), "name": "Long notes",
                 "description": long, "value_measure": text + long}]
    first = import_catalogue(raw_workbook(services), filename="raw.xlsx").catalogue
    assert_round_trips_or_says_so(first)
