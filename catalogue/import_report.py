"""Reporting what an import met: one issue per sheet, column and kind, counting its rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from catalogue.cells import column_letter
from catalogue.import_state import _DATE_FIELDS, _LIST_FIELDS, _ImportState
from catalogue.model import (
    IssueCode,
    Severity,
)
from catalogue.reader import RawSheet
from catalogue.tables import Column, Table
from catalogue.values import (
    Parsed,
    cell_text,
    is_blank,
)

_NOTE_START = re.compile(
    r"^\s*(\*|†|‡|nb\b[:.]?|n\.b\.|notes?\s*[:\-–]|notes?$|sources?\s*:|key\s*:|legend\s*:|"
    r"last\s+(updated|revised|modified)\b|updated\s*(on\b|:)|prepared\s+by\b|owner\s*:|"
    r"contact\s*:|version\s*[:\d]|v\d+(\.\d+)*$|confidential\b|printed\b|page\s+\d|©|"
    r"copyright\b|see\s+(also|the)\b|for\s+(more|further)\b)",
    re.IGNORECASE,
)


# "Total", "Grand total:", "Sub-total (FTE)", "Totals", "Sum", "Overall": a line of sums.
_TOTAL_ROW = re.compile(
    r"^\s*((grand|sub)[\s-]*)?(totals?|sum|overall)\s*[:.]?\s*"
    r"(\(.*\)|fte|effort|costs?|for\b.*|of\s+(all|services)\b.*)?\s*$",
    re.IGNORECASE,
)


# A name that needs a closer look: a possible note or totals line.
_SPECIAL_NAME = re.compile(f"(?:{_NOTE_START.pattern})|(?:{_TOTAL_ROW.pattern})", re.I)


def _row_getter(row: list, fields: dict[str, list[Column]]) -> Callable[[str], Any]:
    def get(field_name: str) -> Any:
        _column, value = _first_filled(row, fields.get(field_name, []))
        return value
    return get


def _first_filled(row: list, cols: list[Column]) -> tuple[Column | None, Any]:
    for column in cols:
        if column.index < len(row):
            value = row[column.index]
            if not is_blank(value):
                return column, value
    return None, None


def _row_has_data(row: list, table: Table) -> bool:
    return any(c.index < len(row) and not is_blank(row[c.index]) for c in table.columns)


def _header(fields: dict[str, list[Column]], field_name: str) -> str | None:
    cols = fields.get(field_name)
    return cols[0].header if cols else None


def _and_list(items: list[str], more: int = 0) -> str:
    items = list(items)
    if more > 0:
        items.append(f"{more} more")
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class _Reporting(_ImportState):
    """Reporting issues: cells, columns, instruction rows, special cells."""

    def _report_cell(self, parsed: Parsed, sheet: str, row: int, column: str,
                     field_name: str) -> None:
        if field_name in _LIST_FIELDS:
            code = (IssueCode.UNKNOWN_CUSTOMER if field_name == "customers"
                    else IssueCode.UNKNOWN_OBJECTIVE)
            self.log.add(Severity.WARNING, code, parsed.problem or "", sheet=sheet, row=row,
                         column=column)
        else:
            self._report(parsed, sheet, row, column, field_name)

    def _report(self, parsed: Parsed, sheet: str, row: int, column: str | None,
                field_name: str) -> None:
        if not parsed.problem:
            return
        if parsed.value is not None:
            code = IssueCode.TEXT_TRUNCATED if "characters long" in parsed.problem else (
                IssueCode.UNPARSEABLE_DATE if field_name in _DATE_FIELDS | {"date"}
                else IssueCode.UNPARSEABLE_NUMBER)
            severity = Severity.WARNING
        elif field_name in _DATE_FIELDS | {"date"}:
            code, severity = IssueCode.UNPARSEABLE_DATE, Severity.ERROR
        elif field_name in {"status", "nature", "mandatory", "pmo_type", "office_kind", "horizon"}:
            code, severity = IssueCode.UNKNOWN_VALUE, Severity.ERROR
        elif "outside" in parsed.problem or "negative" in parsed.problem:
            code, severity = IssueCode.OUT_OF_RANGE, Severity.ERROR
        else:
            code, severity = IssueCode.UNPARSEABLE_NUMBER, Severity.ERROR
        suffix = "" if parsed.value is not None else " The cell was left empty in the catalogue."
        self.log.add(severity, code, parsed.problem + suffix, sheet=sheet, row=row, column=column)

    def _report_columns(self, table: Table) -> None:
        sheet = table.sheet
        data_rows = sheet.rows[table.header_row + 1:]
        reasons = {index: why for index, _field, why in table.set_aside}
        for column in table.columns:
            if column.field is not None:
                continue
            if not any(column.index < len(r) and not is_blank(r[column.index]) for r in data_rows):
                continue
            if column.header in self.options.column_overrides:
                continue  # the user chose to ignore it
            if column.index in reasons:
                self.log.add(
                    Severity.WARNING, IssueCode.UNKNOWN_COLUMN,
                    f"Column {column_letter(column.index)} ('{column.header}') was not imported: "
                    f"{reasons[column.index]}. If it does hold that field, assign it in the app "
                    "(or --column on the command line).",
                    sheet=sheet.name, row=table.excel_header_row, column=column.header,
                )
                continue
            self.log.add(
                Severity.WARNING, IssueCode.UNKNOWN_COLUMN,
                f"Column {column_letter(column.index)} ('{column.header}') is not a column the "
                "importer knows, so its values were not imported. If it holds a catalogue field, "
                "rename its header (for example to 'Owner' or 'Annual cost') or assign it in the app.",
                sheet=sheet.name, row=table.excel_header_row, column=column.header,
            )
        known = {c.index for c in table.columns}
        for offset in sorted({i for r in data_rows for i, v in enumerate(r)
                              if i not in known and not is_blank(v)})[:20]:
            self.log.add(
                Severity.WARNING, IssueCode.UNKNOWN_COLUMN,
                f"Column {column_letter(offset)} has values but no header, so they were not "
                "imported. Give the column a header such as 'Owner' or 'Notes'.",
                sheet=sheet.name, row=table.excel_header_row, column=column_letter(offset),
            )
        for field_name, cols in table.fields.items():
            if len(cols) > 1 and field_name not in _LIST_FIELDS:
                headers = _and_list([f"'{c.header}'" for c in cols])
                self.log.add(
                    Severity.WARNING, IssueCode.DUPLICATE_COLUMN,
                    f"Columns {headers} all give the {field_name.replace('_', ' ')}; in each row "
                    f"the first filled one ('{cols[0].header}' when filled) was used.",
                    sheet=sheet.name, row=table.excel_header_row, column=cols[1].header,
                )

    def _report_instruction_rows(self, table: Table) -> None:
        rows = table.instruction_rows
        shown = _and_list([str(r + 1) for r in rows])
        first = next(v for v in table.sheet.rows[rows[0]] if not is_blank(v))
        self.log.add(
            Severity.WARNING, IssueCode.INSTRUCTION_ROW,
            f"Row{'s' if len(rows) > 1 else ''} {shown}, right under the header, "
            f"{'explain' if len(rows) > 1 else 'explains'} the columns or give examples "
            f"('{cell_text(first).strip()[:50]}'), so {'they were' if len(rows) > 1 else 'it was'} "
            "set aside, not imported as services. Delete such rows once the catalogue is filled in.",
            sheet=table.sheet.name, row=rows[0] + 1,
        )

    def _report_special_cells(self, sheet: RawSheet, table: Table) -> None:
        """Formula cells without a saved result, and error cells, inside the table."""
        headers = {c.index: c.header for c in table.columns}
        first_row = table.excel_header_row + 1
        cells = sorted(
            [(r, c, None) for r, c in sheet.formulas_without_value]
            + [(r, c, code) for r, c, code in sheet.error_cells]
        )
        for excel_row, column_index, code in cells:
            if excel_row < first_row or column_index not in headers:
                continue
            header = headers[column_index]
            if code is None:
                self.log.add(
                    Severity.WARNING, IssueCode.FORMULA_WITHOUT_VALUE,
                    "This cell holds a formula with no saved result (the file was saved by a "
                    "program that does not calculate), so it was read as empty. Open the file "
                    "in Excel, save it, and upload again.",
                    sheet=sheet.name, row=excel_row, column=header,
                )
            else:
                self.log.add(
                    Severity.WARNING, IssueCode.ERROR_CELL,
                    f"This cell shows the error {code}, so it was read as empty. Fix the formula "
                    "or type the value.",
                    sheet=sheet.name, row=excel_row, column=header,
                )

    @staticmethod
    def _is_note(row: list) -> bool:
        first = next((v for v in row if not is_blank(v)), None)
        return isinstance(first, str) and bool(_NOTE_START.match(first))
