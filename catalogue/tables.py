"""Finding a table in a sheet: the header row below titles and logos, and its columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogue.columns import ColumnVocabulary, header_key
from catalogue.reader import RawSheet
from catalogue.values import cell_text, is_blank

HEADER_SEARCH_ROWS = 40  # a header further down than this is not a header


@dataclass(frozen=True)
class Column:
    """One column of a table: where it is, what its header says, which field it feeds."""

    index: int  # 0 for column A
    header: str  # as the workbook writes it
    field: str | None  # None when the vocabulary does not know the header


@dataclass(frozen=True)
class Table:
    """A table found on a sheet: its header row and columns; data starts the row below."""

    sheet: RawSheet
    header_row: int  # 0-based index into sheet.rows
    columns: tuple[Column, ...]
    score: float

    @property
    def fields(self) -> dict[str, list[Column]]:
        """Field -> the columns feeding it, in sheet order."""
        found: dict[str, list[Column]] = {}
        for column in self.columns:
            if column.field:
                found.setdefault(column.field, []).append(column)
        return found

    @property
    def excel_header_row(self) -> int:
        """The header's row number as Excel shows it."""
        return self.header_row + 1


def _header_cells(row: list) -> list[tuple[int, str]]:
    cells = []
    for index, value in enumerate(row):
        if is_blank(value) or not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        text = cell_text(value).strip()
        if text and len(text) <= 80:
            cells.append((index, text))
    return cells


def find_table(
    sheet: RawSheet,
    vocabulary: ColumnVocabulary,
    required: str,
    overrides: dict[str, str] | None = None,
) -> Table | None:
    """The most header-like row in the sheet's top rows that names the required field."""
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    best: Table | None = None
    for row_index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        cells = _header_cells(row)
        if len(cells) < 1:
            continue
        columns = []
        for index, text in cells:
            key = header_key(text)
            field_name = overrides.get(key) if key in overrides else vocabulary.field_for(text)
            if field_name == "":
                field_name = None
            columns.append(Column(index, text, field_name))
        known = {c.field for c in columns if c.field}
        if required not in known:
            continue
        # Distinct fields count; unknown headers in a header-like row cost a little;
        # numbers and dates in the row say it is data rather than headers.
        numeric = sum(1 for v in row if isinstance(v, int | float) and not isinstance(v, bool))
        score = len(known) - 0.1 * (len(columns) - len(known)) - 0.5 * numeric
        if len(known) == 1 and len(cells) == 1 and len(row) > 1:
            score -= 0.5  # a lone "Service" title above the table is not its header
        if best is None or score > best.score:
            best = Table(sheet, row_index, tuple(columns), score)
    return best


_SHEET_HINTS = {
    "services": re.compile(r"servic|catalog|offering|pmo|portfolio of", re.I),
    "objectives": re.compile(r"objective|goal|outcome|aim", re.I),
    "customers": re.compile(r"customer|stakeholder|audience|client|user", re.I),
    "mandate": re.compile(r"mandate|charter|remit|purpose|about", re.I),
    "instructions": re.compile(r"instruction|read ?me|help|guide|notes?$|lookup|list|cover|"
                               r"contents|key|legend|change ?log|version", re.I),
}


def sheet_looks_like(sheet_name: str, kind: str) -> bool:
    """Whether a sheet's name suggests it holds this kind of table."""
    return bool(_SHEET_HINTS[kind].search(sheet_name))
