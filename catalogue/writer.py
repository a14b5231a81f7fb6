"""Writing a catalogue into the template layout, so that it imports again unchanged.

The layout is the template's: an Instructions sheet, then Mandate (field/value pairs
under a "Field" / "Value" header), Objectives, Customers and Services, with the headers
of `columns.TEMPLATE_*`, drop-downs where a field has a fixed vocabulary, and date
formats on date columns. `template.build_template` is this layout filled with example
rows; `write_catalogue` fills it with a real catalogue (the app's "edited catalogue"
export).

How values are written, so that `import_catalogue` reads back the same catalogue:

- Text is always a text cell, whatever it looks like, written by `cells.write_text`:
  "=HYPERLINK(...)", "+44 20...", "@SUM(A1)", "#N/A", "'quoted" and "<r>Intake</r>"
  stay inert text, never a formula, link, number, error or lost cell. Formula-looking
  text also gets Excel's quote-prefix style, so that it stays text if someone retypes
  the cell. An empty text is an empty cell (reads back as nothing).
- Lists (a service's customers and objectives) are written one item per line, and the
  importer splits a cell that contains a line break on line breaks only, so an item may
  hold ";", ",", "/", "&" or "and". A list of one such item ends with a line break, so
  that its cell too contains one (an item the importer would not split is written
  alone). A line break inside an item cannot survive this rule: it is written as a space
  (with a warning); nor can a leading bullet ("- ", "• "), which marks an entry in such
  a list: it is left out (with a warning).
- Numbers are numbers (Excel keeps 15 to 16 significant digits); NaN and infinity,
  which Excel cannot hold, leave the cell empty (with a warning).
- Dates are real dates shown as yyyy-mm-dd; a date before 1900-01-01, which Excel cannot
  hold as a date, is written as text in the same form, which the importer parses.
- Yes/no fields are "yes" / "no"; fixed vocabularies are their values ("controlling").
- Control characters come back as written (see `catalogue.cells`). U+FFFE, U+FFFF and
  lone surrogates cannot be stored in a workbook: they become U+FFFD (with a warning).
- Excel holds at most 32,767 characters in a cell (`cells.EXCEL_CELL_LIMIT`, counted as
  Excel counts them, an emoji being two). Longer text is cut to the limit; a list keeps
  the whole items that fit. Either way with a warning.

`write_catalogue` never fails on content: it writes what Excel can hold. What it had to
change is listed, in a PMO manager's words, by `catalogue_write_warnings`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from catalogue.cells import (
    EXCEL_CELL_LIMIT,
    WORKBOOK_OPTIONS,
    QuotedFormats,
    cut_to_limit,
    is_storable,
    storable,
    utf16_length,
    write_text,
)
from catalogue.columns import (
    TEMPLATE_CUSTOMER_HEADERS,
    TEMPLATE_MANDATE_LABELS,
    TEMPLATE_OBJECTIVE_HEADERS,
    TEMPLATE_SERVICE_HEADERS,
    TEMPLATE_SHEETS,
)
from catalogue.model import (
    Catalogue,
    Customer,
    Horizon,
    Mandate,
    Objective,
    OfficeKind,
    PMOType,
    Service,
    ServiceStatus,
)
from catalogue.values import split_strong, split_weak, without_bullet

DROP_DOWN_LAST_ROW = 1000  # drop-downs reach at least this Excel row on every sheet
YES, NO = "yes", "no"

_EARLIEST_EXCEL_DATE = dt.date(1900, 1, 1)
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


# --- The layout --------------------------------------------------------------------------

INSTRUCTIONS_SHEET, MANDATE_SHEET, OBJECTIVES_SHEET, CUSTOMERS_SHEET, SERVICES_SHEET = (
    TEMPLATE_SHEETS
)
MANDATE_HEADERS = ("Field", "Value")


def _values(vocabulary: type[Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


# Field -> the values its drop-down offers.
DROP_DOWNS: dict[str, tuple[str, ...]] = {
    "pmo_type": _values(PMOType),
    "office_kind": _values(OfficeKind),
    "horizon": _values(Horizon),
    "status": _values(ServiceStatus),
    "mandatory": (YES, NO),
    "nature": _values(PMOType),
}


@dataclass(frozen=True)
class _Column:
    """How one field is shown: its kind of value, width and number format."""

    kind: str  # text, long-text, list, number, date, choice
    width: float
    number_format: str | None = None


_MANDATE_KINDS: dict[str, str] = {
    "pmo_name": "text", "pmo_type": "choice", "statement": "long-text", "sponsor": "text",
    "date": "date", "office_kind": "choice",
}
_OBJECTIVE_COLUMNS: dict[str, _Column] = {
    "id": _Column("text", 13),
    "statement": _Column("long-text", 55),
    "priority": _Column("number", 17, "General"),
    "success_measure": _Column("long-text", 50),
    "horizon": _Column("choice", 15),
}
_CUSTOMER_COLUMNS: dict[str, _Column] = {
    "name": _Column("text", 28),
    "importance": _Column("number", 20, "General"),
    "expectations": _Column("long-text", 60),
}
_SERVICE_COLUMNS: dict[str, _Column] = {
    "id": _Column("text", 11),
    "name": _Column("text", 34),
    "description": _Column("long-text", 50),
    "category": _Column("text", 22),
    "customers": _Column("list", 26),
    "objectives": _Column("list", 14),
    "owner": _Column("text", 18),
    "effort_fte": _Column("number", 12, "0.00"),
    "cost": _Column("number", 13, "#,##0"),
    "frequency": _Column("text", 15),
    "demand": _Column("number", 14, "General"),
    "satisfaction": _Column("number", 13, "0.0"),
    "last_reviewed": _Column("date", 14),
    "last_delivered": _Column("date", 14),
    "status": _Column("choice", 11),
    "mandatory": _Column("choice", 11),
    "nature": _Column("choice", 13),
    "value_measure": _Column("long-text", 40),
}


# What the Instructions sheet says about each sheet and column, in a PMO manager's words.
# (sheet, column, what it means, required, allowed values and format)
_LIST_HELP = "One per line (Alt+Enter in Excel), or separated by ;"
_WEIGHT_HELP = "A number; higher matters more (e.g. 1 to 5)"
COLUMN_HELP: tuple[tuple[str, str, str, str, str], ...] = (
    (MANDATE_SHEET, TEMPLATE_MANDATE_LABELS["pmo_name"],
     "The PMO's name as the organisation knows it.", "No", "Text"),
    (MANDATE_SHEET, TEMPLATE_MANDATE_LABELS["pmo_type"],
     "How much authority the PMO has. Supportive: advises and provides templates, "
     "training and information. Controlling: requires compliance with standards, "
     "reporting and reviews. Directive: manages the projects directly.",
     "No", "Drop-down: " + ", ".join(DROP_DOWNS["pmo_type"])),
    (MANDATE_SHEET, TEMPLATE_MANDATE_LABELS["statement"],
     "What the organisation set the PMO up to do, in a sentence or two.", "No", "Text"),
    (MANDATE_SHEET, TEMPLATE_MANDATE_LABELS["sponsor"],
     "The executive the PMO answers to.", "No", "Text"),
    (MANDATE_SHEET, TEMPLATE_MANDATE_LABELS["date"],
     "When the mandate was agreed or last confirmed.", "No", "A date, e.g. 2025-01-31"),
    (MANDATE_SHEET, TEMPLATE_MANDATE_LABELS["office_kind"],
     "What the office covers.", "No", "Drop-down: " + ", ".join(DROP_DOWNS["office_kind"])),
    (OBJECTIVES_SHEET, TEMPLATE_OBJECTIVE_HEADERS["id"],
     "A short, unique code for the objective, such as OBJ-1. Services refer to "
     "objectives by this code.", "Needed to link services", "Text, unique"),
    (OBJECTIVES_SHEET, TEMPLATE_OBJECTIVE_HEADERS["statement"],
     "What the mandate asks the PMO to achieve.", "No", "Text"),
    (OBJECTIVES_SHEET, TEMPLATE_OBJECTIVE_HEADERS["priority"],
     "How much this objective matters compared with the others.", "No", _WEIGHT_HELP),
    (OBJECTIVES_SHEET, TEMPLATE_OBJECTIVE_HEADERS["success_measure"],
     "How you will know the objective is met.", "No", "Text"),
    (OBJECTIVES_SHEET, TEMPLATE_OBJECTIVE_HEADERS["horizon"],
     "When the objective is meant to pay off.", "No",
     "Drop-down: " + ", ".join(DROP_DOWNS["horizon"])),
    (CUSTOMERS_SHEET, TEMPLATE_CUSTOMER_HEADERS["name"],
     "A group the PMO serves, such as Executive board or Project managers. Use these "
     "same names in the Services sheet.", "No", "Text, one group per row"),
    (CUSTOMERS_SHEET, TEMPLATE_CUSTOMER_HEADERS["importance"],
     "How much this group matters to the mandate.", "No", _WEIGHT_HELP),
    (CUSTOMERS_SHEET, TEMPLATE_CUSTOMER_HEADERS["expectations"],
     "What this group expects from the PMO.", "No", "Text"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["id"],
     "A short, unique code for the service, such as SVC-01.", "No", "Text, unique"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["name"],
     "The service as its customers would name it.", "Yes", "Text, unique"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["description"],
     "What the service provides, in a sentence or two.", "No", "Text"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["category"],
     "A grouping of your choice, such as Reporting or Governance.", "No", "Text"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["customers"],
     "Who the service is for: names from the Customers sheet.", "No", _LIST_HELP),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["objectives"],
     "Which mandate objectives the service helps to achieve: Objective IDs from the "
     "Objectives sheet.", "No", _LIST_HELP),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["owner"],
     "The person accountable for the service.", "No", "Text"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["effort_fte"],
     "The PMO staff time the service takes over a year, in full-time equivalents: "
     "0.5 is half of one person's working time.", "No", "A number, e.g. 0.5"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["cost"],
     "What the service costs per year, in your currency: staff time, tools, "
     "suppliers.", "No", "A number without the currency sign, e.g. 42000"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["frequency"],
     "How often the service is delivered.", "No", "Text, e.g. Monthly, On request"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["demand"],
     "How many times a year the service is used or requested.", "No",
     "A number, e.g. 12"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["satisfaction"],
     "How satisfied its customers are, from 1 (very dissatisfied) to 5 (very "
     "satisfied), e.g. the average of a survey.", "No", "A number from 1 to 5"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["last_reviewed"],
     "When the PMO last checked that the service is still needed.", "No",
     "A date, e.g. 2025-01-31"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["last_delivered"],
     "When the service was last delivered or used.", "No", "A date, e.g. 2025-01-31"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["status"],
     "Where the service is in its life: active, planned (not started), retiring "
     "(being wound down) or retired (stopped).", "No",
     "Drop-down: " + ", ".join(DROP_DOWNS["status"])),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["mandatory"],
     "Whether the PMO must provide the service whatever its value (regulation, a "
     "board decision). A mandatory service is never recommended for retirement.", "No",
     "Drop-down: yes, no"),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["nature"],
     "How the service works with its customers: supportive (helps), controlling "
     "(checks compliance) or directive (decides or manages directly).", "No",
     "Drop-down: " + ", ".join(DROP_DOWNS["nature"])),
    (SERVICES_SHEET, TEMPLATE_SERVICE_HEADERS["value_measure"],
     "How the service's value is measured (its KPI).", "No", "Text"),
)

INSTRUCTIONS_TITLE = "PMO service catalogue: how to fill in this workbook"
INSTRUCTIONS_INTRO: tuple[str, ...] = (
    "This workbook describes your PMO's mandate and the services it provides. The auditor "
    "compares the two: which services serve the mandate, which objectives and customers no "
    "service covers, which services no longer add value, and where the PMO's effort goes.",
    "Fill in the sheets in order: Mandate (what the PMO was set up to do), Objectives (what "
    "it must achieve), Customers (who it serves), then Services (what it does). The example "
    "rows show the kind of content expected: overwrite or delete them.",
    "Only the service name is required. Leave a cell empty when you do not know: the audit "
    "says plainly what it could not judge, and never drops a service.",
    "Lists: a service's Customers and Objectives cells can hold several entries. Put each on "
    "its own line (Alt+Enter in Excel), or separate them with a semicolon (;).",
    "Customers: in the Services sheet, use the group names from the Customers sheet, so that "
    "each service counts for the right group.",
    "Objectives: in the Services sheet, refer to objectives by their Objective ID from the "
    "Objectives sheet (for example OBJ-1), not by their wording.",
    "Drop-downs: cells with a fixed list of values offer a drop-down. Choose from it.",
    "Units: effort in FTE (full-time equivalents), cost per year, demand in uses or requests "
    "per year, satisfaction from 1 to 5, priority and importance as weights (higher matters "
    "more). Write plain numbers, without units or currency signs.",
    "Dates: enter real dates; they are shown as year-month-day (2025-01-31).",
    "Keep the sheet names and column headers as they are. You may add columns of your own: "
    "the auditor does not use them, and says so when it reads the workbook.",
)
INSTRUCTIONS_HEADERS = ("Sheet", "Column", "What it means", "Required", "What to write")


class _Formats:
    """The workbook's cell formats, created once each."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.quoted = QuotedFormats(workbook)
        self._cache: dict[tuple, Format] = {}
        self.header = workbook.add_format({
            "bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "border": 1,
            "text_wrap": True, "valign": "top",
        })
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.paragraph = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.label = workbook.add_format({"bold": True, "valign": "top"})

    def cell(self, column: _Column) -> Format:
        """The format of a cell in this column (its quote-prefixed twin: `quoted`)."""
        key = (column.kind, column.number_format)
        if key not in self._cache:
            props: dict = {"valign": "top"}
            if column.kind in ("long-text", "list"):
                props["text_wrap"] = True
            if column.kind == "date":
                props["num_format"] = "yyyy-mm-dd"
            elif column.number_format:
                props["num_format"] = column.number_format
            self._cache[key] = self.quoted.add(props)
        return self._cache[key]


# --- From the catalogue to cell values ----------------------------------------------------

Cell = str | float | int | dt.date | None  # None is an empty cell


@dataclass(frozen=True)
class _Where:
    """Where a value goes, put into words only when a warning needs them."""

    describe: Callable[[Any, int], str]  # (record, row) -> its place in words
    record: Any
    row: int
    header: str

    def __str__(self) -> str:
        return f"{self.describe(self.record, self.row)}, {self.header}"


class _Cells:
    """Turns model values into what a cell can hold, noting every change it has to make."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def value(self, value: object, column: _Column, where: _Where) -> Cell:
        """The cell for a field value of this column's kind."""
        if value is None:
            return None
        if column.kind == "list":
            return self.items(value, where)  # type: ignore[arg-type]
        if column.kind == "date":
            return self.date(value, where)  # type: ignore[arg-type]
        if column.kind == "number":
            return self.number(value, where)  # type: ignore[arg-type]
        if isinstance(value, bool):
            return YES if value else NO
        if isinstance(value, Enum):
            return value.value
        return self.text(str(value), where)

    def text(self, text: str, where: _Where) -> str | None:
        """Text Excel can hold: storable characters, within the cell limit."""
        text = self._storable(text, where)
        if utf16_length(text) > EXCEL_CELL_LIMIT:
            self.warnings.append(
                f"{where}: the text is longer than the {EXCEL_CELL_LIMIT:,} characters "
                f"an Excel cell can hold; it was cut to that length.")
            text = cut_to_limit(text)
        return text or None

    def items(self, items: Iterable[str], where: _Where) -> str | None:
        """A list cell: one item per line, readable back item by item (see module notes)."""
        kept: list[str] = []
        for item in items:
            item = self._storable(str(item), where)
            if _LINE_BREAK.search(item):
                self.warnings.append(
                    f"{where}: the entry {_quoted(item)} contains a line break, which "
                    "separates entries in a list; it was written as a space.")
                item = _LINE_BREAK.sub(" ", item)
            if item.strip():
                kept.append(item)
        cell = _list_cell(kept)
        if "\n" in cell and any(without_bullet(item) != item for item in kept):
            kept = self._without_bullets(kept, where)
            cell = _list_cell(kept)
        if utf16_length(cell) > EXCEL_CELL_LIMIT:
            fitting = _fitting_items(kept)
            self.warnings.append(
                f"{where}: the list is longer than the {EXCEL_CELL_LIMIT:,} characters "
                f"an Excel cell can hold; {len(kept) - len(fitting)} of its {len(kept)} "
                "entries were left out.")
            cell = _list_cell(fitting)
        return cell or None

    def _without_bullets(self, items: list[str], where: _Where) -> list[str]:
        """Items without leading bullets, which one-per-line lists cannot keep."""
        kept = []
        for item in items:
            plain = item
            while without_bullet(plain) != plain:
                plain = without_bullet(plain)
            if plain != item:
                self.warnings.append(
                    f"{where}: the entry {_quoted(item)} starts with a bullet, which marks "
                    "an entry in a list written one entry per line; it was written without "
                    "it.")
            if plain.strip():
                kept.append(plain.strip())
        return kept

    def number(self, number: float, where: _Where) -> float | None:
        """A number Excel can hold; NaN and infinity cannot be."""
        if isinstance(number, bool) or not math.isfinite(number):
            self.warnings.append(
                f"{where}: {number!r} is not a number Excel can hold; the cell was left "
                "empty.")
            return None
        return number

    def date(self, date: dt.date, where: _Where) -> dt.date | str:
        """A date, or its yyyy-mm-dd text before 1900, where Excel has no dates."""
        if isinstance(date, dt.datetime):
            date = date.date()
        if date < _EARLIEST_EXCEL_DATE:
            return date.isoformat()
        return date

    def _storable(self, text: str, where: _Where) -> str:
        if not is_storable(text):
            self.warnings.append(
                f"{where}: the text holds characters a workbook cannot store; each was "
                "replaced with \ufffd.")
            text = storable(text)
        return text


def _list_cell(items: Sequence[str]) -> str:
    """Items one per line; a lone item the importer would split is followed by a line break."""
    cell = "\n".join(items)
    if len(items) == 1 and (split_strong(cell) != [cell] or split_weak(cell) != [cell]):
        cell += "\n"  # a cell with a line break is split on line breaks only
    return cell


def _fitting_items(items: Sequence[str]) -> list[str]:
    """The leading items whose one-per-line cell stays within Excel's limit."""
    fitting: list[str] = []
    length = 1  # room for a trailing line break after a single item
    for item in items:
        length += utf16_length(item) + (1 if fitting else 0)
        if length > EXCEL_CELL_LIMIT:
            break
        fitting.append(item)
    return fitting


def _quoted(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return '"' + shown.replace("\n", " ").replace("\r", " ") + '"'


@dataclass(frozen=True)
class _Table:
    """One sheet's header and rows of cell values, ready to write."""

    name: str
    headers: tuple[str, ...]
    columns: tuple[_Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    drop_downs: dict[int, tuple[str, ...]]  # column index -> values
    frozen_columns: int = 0


_Record = TypeVar("_Record")


def _record_rows(
    records: Sequence[_Record],
    headers: dict[str, str],
    columns: dict[str, _Column],
    cells: _Cells,
    describe: Callable[[_Record, int], str],
) -> tuple[tuple[Cell, ...], ...]:
    rows = []
    for excel_row, record in enumerate(records, start=2):
        rows.append(tuple(
            cells.value(getattr(record, field), columns[field],
                        _Where(describe, record, excel_row, header))
            for field, header in headers.items()
        ))
    return tuple(rows)


def _mandate_place(_mandate: object, _row: int) -> str:
    return f"{MANDATE_SHEET} sheet"


def _tables(catalogue: Catalogue, cells: _Cells) -> tuple[list[tuple[str, Cell]], list[_Table]]:
    """The Mandate sheet's field/value pairs and the three record sheets, as cell values."""
    mandate: Mandate = catalogue.mandate
    mandate_pairs = [
        (label, cells.value(getattr(mandate, field), _Column(_MANDATE_KINDS[field], 0),
                            _Where(_mandate_place, mandate, 0, label)))
        for field, label in TEMPLATE_MANDATE_LABELS.items()
    ]

    def objective_place(objective: Objective, row: int) -> str:
        return f"{OBJECTIVES_SHEET} row {row} ({_quoted(objective.id or objective.statement)})"

    def customer_place(customer: Customer, row: int) -> str:
        return f"{CUSTOMERS_SHEET} row {row} ({_quoted(customer.name)})"

    def service_place(service: Service, row: int) -> str:
        return f"{SERVICES_SHEET} row {row} ({_quoted(service.name)})"

    def drop_downs(headers: dict[str, str]) -> dict[int, tuple[str, ...]]:
        return {i: DROP_DOWNS[f] for i, f in enumerate(headers) if f in DROP_DOWNS}

    tables = [
        _Table(OBJECTIVES_SHEET, tuple(TEMPLATE_OBJECTIVE_HEADERS.values()),
               tuple(_OBJECTIVE_COLUMNS[f] for f in TEMPLATE_OBJECTIVE_HEADERS),
               _record_rows(catalogue.objectives, TEMPLATE_OBJECTIVE_HEADERS,
                            _OBJECTIVE_COLUMNS, cells, objective_place),
               drop_downs(TEMPLATE_OBJECTIVE_HEADERS)),
        _Table(CUSTOMERS_SHEET, tuple(TEMPLATE_CUSTOMER_HEADERS.values()),
               tuple(_CUSTOMER_COLUMNS[f] for f in TEMPLATE_CUSTOMER_HEADERS),
               _record_rows(catalogue.customers, TEMPLATE_CUSTOMER_HEADERS,
                            _CUSTOMER_COLUMNS, cells, customer_place),
               drop_downs(TEMPLATE_CUSTOMER_HEADERS)),
        _Table(SERVICES_SHEET, tuple(TEMPLATE_SERVICE_HEADERS.values()),
               tuple(_SERVICE_COLUMNS[f] for f in TEMPLATE_SERVICE_HEADERS),
               _record_rows(catalogue.services, TEMPLATE_SERVICE_HEADERS,
                            _SERVICE_COLUMNS, cells, service_place),
               drop_downs(TEMPLATE_SERVICE_HEADERS), frozen_columns=2),
    ]
    return mandate_pairs, tables


# --- Writing the workbook -----------------------------------------------------------------

def _write_cell(sheet: Worksheet, row: int, col: int, value: Cell, column: _Column,
                formats: _Formats) -> None:
    if value is None:
        return
    if isinstance(value, str):
        text_column = column if column.kind != "date" else _Column("text", column.width)
        write_text(sheet, row, col, value, formats.cell(text_column), formats.quoted)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats.cell(column))
    else:
        sheet.write_number(row, col, value, formats.cell(column))


def _drop_down(sheet: Worksheet, first_row: int, last_row: int, col: int,
               values: Sequence[str]) -> None:
    sheet.data_validation(first_row, col, last_row, col, {
        "validate": "list",
        "source": list(values),
        "error_title": "Choose from the list",
        "error_message": "Allowed values: " + ", ".join(values) + ".",
    })


def _write_instructions(sheet: Worksheet, formats: _Formats) -> None:
    widths = (14, 24, 70, 14, 42)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width, formats.paragraph)
    sheet.write_string(0, 0, INSTRUCTIONS_TITLE, formats.title)
    row = 2
    line_chars = int(sum(widths) * 1.1)
    for paragraph in INSTRUCTIONS_INTRO:
        sheet.merge_range(row, 0, row, len(widths) - 1, "", formats.paragraph)
        sheet.write_string(row, 0, paragraph, formats.paragraph)
        # Excel does not grow merged rows to fit wrapped text: size them here.
        sheet.set_row(row, 15 * max(1, math.ceil(len(paragraph) / line_chars)))
        row += 1
    row += 1
    for col, header in enumerate(INSTRUCTIONS_HEADERS):
        sheet.write_string(row, col, header, formats.header)
    sheet.freeze_panes(row + 1, 0)
    for entry in COLUMN_HELP:
        row += 1
        for col, text in enumerate(entry):
            sheet.write_string(row, col, text, formats.label if col < 2 else formats.paragraph)


def _write_mandate(workbook: xlsxwriter.Workbook, pairs: list[tuple[str, Cell]],
                   formats: _Formats) -> None:
    sheet = workbook.add_worksheet(MANDATE_SHEET)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 70, formats.cell(_Column("long-text", 70)))
    for col, header in enumerate(MANDATE_HEADERS):
        sheet.write_string(0, col, header, formats.header)
    sheet.freeze_panes(1, 0)
    for row, (field, (label, value)) in enumerate(zip(TEMPLATE_MANDATE_LABELS, pairs,
                                                      strict=True), start=1):
        sheet.write_string(row, 0, label, formats.label)
        kind = _MANDATE_KINDS[field]
        column = _Column("long-text" if kind == "text" else kind, 70)
        if kind == "date":
            sheet.write_blank(row, 1, None, formats.cell(column))
        _write_cell(sheet, row, 1, value, column, formats)
        if field in DROP_DOWNS:
            _drop_down(sheet, row, row, 1, DROP_DOWNS[field])


def _write_table(workbook: xlsxwriter.Workbook, table: _Table, formats: _Formats) -> None:
    sheet = workbook.add_worksheet(table.name)
    for col, (header, column) in enumerate(zip(table.headers, table.columns, strict=True)):
        sheet.set_column(col, col, column.width, formats.cell(column))
        sheet.write_string(0, col, header, formats.header)
    sheet.freeze_panes(1, table.frozen_columns)
    for row, values in enumerate(table.rows, start=1):
        for col, (value, column) in enumerate(zip(values, table.columns, strict=True)):
            _write_cell(sheet, row, col, value, column, formats)
    last_row = max(DROP_DOWN_LAST_ROW - 1, len(table.rows) + 200)
    for col, values in table.drop_downs.items():
        _drop_down(sheet, 1, last_row, col, values)


def write_catalogue(catalogue: Catalogue, *, active_sheet: str = SERVICES_SHEET) -> bytes:
    """The catalogue as a workbook in the template layout, which imports back unchanged.

    Never fails on content: what Excel cannot hold is adjusted as the module notes say
    and listed by `catalogue_write_warnings`. `active_sheet` is the sheet Excel opens on.
    """
    cells = _Cells()
    mandate_pairs, tables = _tables(catalogue, cells)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, WORKBOOK_OPTIONS)
    workbook.set_properties({
        "title": "PMO service catalogue",
        "subject": catalogue.mandate.pmo_name or "",
        "comments": "Written by the PMO Service Catalogue Value Auditor",
    })
    formats = _Formats(workbook)
    _write_instructions(workbook.add_worksheet(INSTRUCTIONS_SHEET), formats)
    _write_mandate(workbook, mandate_pairs, formats)
    for table in tables:
        _write_table(workbook, table, formats)
    workbook.get_worksheet_by_name(active_sheet).activate()
    workbook.close()
    return output.getvalue()


def catalogue_write_warnings(catalogue: Catalogue) -> list[str]:
    """What `write_catalogue` must change for Excel to hold this catalogue, each with where."""
    cells = _Cells()
    _tables(catalogue, cells)
    return cells.warnings
