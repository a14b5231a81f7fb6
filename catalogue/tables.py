"""Finding a table in a sheet: the header row below titles and logos, and its columns.

Every row near the top is a candidate header, scored as a person looks at it: how
surely its cells name catalogue fields, whether its cells read as headers (short,
distinct text) rather than data (numbers, dates, long sentences, values the column
repeats below), whether rows that look like data follow it. A title block above the
header scores low (one cell per row, or drop-down value lists), and so does a data row
whose value happens to be a header word ("Service" in a Type column). When names repeat
under a group row ("Public Service | Event" above "ID | Name | ID | Name"), the group
tells them apart. Rows of instructions or examples right under the header are set
aside.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from catalogue.columns import SERVICE_WORDS, ColumnVocabulary, header_key
from catalogue.reader import RawSheet
from catalogue.values import cell_text, is_blank

HEADER_SEARCH_ROWS = 60  # a header further down than this is not a header
_LOOK_BELOW = 30  # data rows looked at to judge a candidate header
_DATA_LIKE = re.compile(r"^\s*([-+]?[\d.,]+\s*%?|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}.*|"
                        r"https?://\S+|\S+@\S+\.\w+)\s*$")
# "Ex: Project status reports", "The name of your resource. Please ...", "e.g. 0.5".
_INSTRUCTION = re.compile(
    r"^\s*(ex\b|ex\.|ex:|examples?\b|e\.\s?g\.?|eg\b|for example|for instance|please\b|"
    r"enter\b|type\b|write\b|insert\b|select\b|choose\b|pick\b|describe\b|list\b|give\b|"
    r"state\b|the name of\b|name of (the|your)\b|a short\b|short description\b|"
    r"(optional|required|mandatory)\s*[:.\-–]|free text\b|yes\s*/\s*no\b|"
    r"ejemplo|ej\.|p\.\s?ej|por ejemplo|indique|escriba|introduzca|exemple|par exemple|"
    r"p\.\s?ex|saisi|indiquez|beispiel|z\.\s?b\.|bitte\b|geben sie|esempio|ad esempio|"
    r"es\.|inserire|indicare|voorbeeld|bijv\.|bijvoorbeeld|vul\b|geef\b|exemplo|"
    r"por exemplo|informe|preencha)",
    re.IGNORECASE,
)
_YOUR = re.compile(r"\b(your|you|votre|vous|su|sus|usted|ihr|ihre|sie|seu|sua|você|"
                   r"vostro|vostra|uw|je)\b", re.IGNORECASE)


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
    instruction_rows: tuple[int, ...] = ()  # 0-based rows of instructions under the header
    # Columns that name a field less surely than the one chosen, or whose values did not
    # confirm it: column index -> (field, why); reported once each by the importer.
    set_aside: tuple[tuple[int, str, str], ...] = ()
    field_scores: tuple[tuple[int, float], ...] = ()  # column index -> how surely it names its field

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


def _looks_like_data(value: object) -> bool:
    """A cell that reads as a value, not a header: a number, a date, a sentence, a link.

    A year (2019, "2024") is not one: volumes per year sit under year headers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return not (float(value).is_integer() and 1900 <= value <= 2100)
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100:
        return False
    return len(text) > 60 or bool(_DATA_LIKE.match(text))


def _below(sheet: RawSheet, row_index: int) -> list[list]:
    """The first non-blank rows under a row (blank spacer rows skipped)."""
    found = []
    for row in sheet.rows[row_index + 1:row_index + 1 + 3 * _LOOK_BELOW]:
        if any(not is_blank(v) for v in row):
            found.append(row)
            if len(found) >= _LOOK_BELOW:
                break
    return found


def _begins_table(sheet: RawSheet, row_index: int, row: list,
                  cells: list[tuple[int, str]]) -> bool:
    """Three or more short text cells with rows filling the same columns below: a header,
    whatever it names, so the rows under it are data."""
    if len(cells) < 3 or any(_looks_like_data(row[i]) for i, _t in cells):
        return False
    below = _below(sheet, row_index)[:3]
    columns = {i for i, _t in cells}
    return len(below) >= 2 and all(
        2 * sum(1 for i in columns if i < len(r) and not is_blank(r[i])) >= len(columns)
        for r in below)


def _row_quality(row: list, cells: list[tuple[int, str]], below: list[list]) -> float:
    """How much a row reads as a header (above 0) or as data (below 0)."""
    quality = 0.0
    texts = [header_key(t) for _i, t in cells]
    quality -= 0.5 * (len(texts) - len(set(texts)))  # a header names each column once
    for index, _text in cells:
        value = row[index]
        if _looks_like_data(value):
            quality -= 0.6
            continue
        # A value the column repeats below is data ("Service" in a Type column, "Live").
        repeats = sum(1 for r in below if index < len(r) and r[index] == value)
        if repeats >= 2:
            quality -= 0.8
    if below:
        # Data follows a header: cells filled under its cells, some of them data-like.
        filled = sum(1 for r in below[:10] for i, _t in cells if i < len(r) and not is_blank(r[i]))
        quality += min(1.0, filled / max(1, len(cells) * min(10, len(below))))
    else:
        quality -= 0.5
    return quality


def _group_labels(sheet: RawSheet, header_row: int, cells: list[tuple[int, str]]) -> dict[int, str]:
    """Column -> the group named in the row above the header (merged or not), if any."""
    if header_row == 0:
        return {}
    above = sheet.rows[header_row - 1]
    starts = [(i, cell_text(v).strip()) for i, v in enumerate(above) if not is_blank(v)]
    if len(starts) < 2 or len(starts) >= len(cells):
        return {}
    # A merged group cell holds its value top-left, as an unmerged group row writes it
    # once above its first column: either way a group runs to the next one.
    labels: dict[int, str] = {}
    for index, _text in cells:
        group = [t for i, t in starts if i <= index]
        if group:
            labels[index] = group[-1]
    return labels


def _columns(cells: list[tuple[int, str]], vocabulary: ColumnVocabulary,
             overrides: dict[str, str]) -> list[tuple[Column, float]]:
    found = []
    for index, text in cells:
        key = header_key(text)
        if key in overrides:
            field_name, score = (overrides[key] or None), 2.0
        else:
            ranked = vocabulary.scores(re.sub(r"\.\d+$", "", text))  # "Service.1": a copy
            field_name, score = ranked[0] if ranked else (None, 0.0)
        found.append((Column(index, text, field_name), score))
    return found


def _tell_groups_apart(columns: list[tuple[Column, float]],
                       groups: dict[int, str]) -> tuple[list[tuple[Column, float]], bool]:
    """Under a group row, a repeated field counts only in the group that names the service."""
    by_field: dict[str, list[int]] = {}
    for position, (column, _score) in enumerate(columns):
        if column.field:
            by_field.setdefault(column.field, []).append(position)
    if not groups or all(len(p) == 1 for p in by_field.values()):
        return columns, False
    names = list(dict.fromkeys(groups[c.index] for c, _s in columns if c.index in groups))
    service_group = next((g for g in names if SERVICE_WORDS & set(header_key(g).split())),
                         names[0] if names else None)
    settled = []
    for column, score in columns:
        group = groups.get(column.index)
        header = f"{group}: {column.header}" if group else column.header
        if group and group != service_group and len(by_field.get(column.field or "", ())) > 1:
            settled.append((Column(column.index, header, None), 0.0))
        else:
            settled.append((Column(column.index, header, column.field), score))
    return settled, True


def _fallback_name(sheet: RawSheet, row_index: int,
                   columns: list[tuple[Column, float]]) -> list[tuple[Column, float]]:
    """No column names the service: the one whose header says 'service' and whose values
    are short, distinct names takes it ('CATEGORIA DEL SERVICIO' in an ITIL catalogue)."""
    best, best_position = 0.0, None
    rows = sheet.rows[row_index + 1:row_index + 1 + 2000]
    for position, (column, _score) in enumerate(columns):
        if column.field in {"id", "description", "owner", "customers"}:
            continue
        if not SERVICE_WORDS & set(header_key(column.header).split()) or len(column.header) > 40:
            continue
        values = [r[column.index] for r in rows
                  if column.index < len(r) and isinstance(r[column.index], str)
                  and r[column.index].strip()]
        if len(values) < 2:
            continue
        distinct = len(set(values)) / len(values)
        short = sum(len(v) <= 80 for v in values) / len(values)
        quality = distinct * short
        if quality > best and quality >= 0.5:
            best, best_position = quality, position
    if best_position is None:
        return columns
    column, _score = columns[best_position]
    columns = list(columns)
    columns[best_position] = (Column(column.index, column.header, "name"), 0.5)
    return columns


def _instruction_rows(sheet: RawSheet, header_row: int,
                      columns: list[tuple[Column, float]]) -> tuple[int, ...]:
    """The rows right under the header that explain or exemplify the columns."""
    found: list[int] = []
    for index in range(header_row + 1, min(len(sheet.rows), header_row + 4)):
        row = sheet.rows[index]
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if not texts:
            if found or index == header_row + 1:
                continue
            break
        telling = sum(1 for t in texts if _INSTRUCTION.match(t)
                      or (len(t) > 25 and _YOUR.search(t)) or t.strip().endswith("..."))
        if telling * 2 >= len([v for v in row if not is_blank(v)]) and telling:
            found.append(index)
        else:
            break
    return tuple(found)


def find_table(
    sheet: RawSheet,
    vocabulary: ColumnVocabulary,
    required: str,
    overrides: dict[str, str] | None = None,
) -> Table | None:
    """The most header-like row in the sheet's top rows that names the required field."""
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    best: Table | None = None
    table_columns: set[int] | None = None  # the columns of the first header-like row
    for row_index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        cells = _header_cells(row)
        if not cells:
            continue
        footprint = {i for i, v in enumerate(row) if not is_blank(v)}
        if table_columns is not None and footprint <= table_columns:
            continue  # a row inside a table already begun above: data, never its header
        if table_columns is None and _begins_table(sheet, row_index, row, cells):
            table_columns = footprint
        scored = _columns(cells, vocabulary, overrides)
        known = {c.field for c, _s in scored if c.field}
        if required not in known and (required != "name" or not any(
                SERVICE_WORDS & set(header_key(t).split()) for _i, t in cells)):
            continue
        below = _below(sheet, row_index)
        quality = _row_quality(row, cells, below)
        if quality < -0.3 * len(cells):
            continue  # mostly numbers, dates, sentences and repeated values: a data row
        grouped = False
        keys = [header_key(t) for _i, t in cells]
        if len(set(keys)) < len(keys):  # names repeat: a group row above may tell them apart
            scored, grouped = _tell_groups_apart(scored, _group_labels(sheet, row_index, cells))
        if required == "name" and "name" not in {c.field for c, _s in scored}:
            scored = _fallback_name(sheet, row_index, scored)
            if "name" not in {c.field for c, _s in scored}:
                continue
        best_per_field: dict[str, float] = {}
        for column, score in scored:
            if column.field:
                best_per_field[column.field] = max(best_per_field.get(column.field, 0), score)
        score = (sum(min(s, 1.0) for s in best_per_field.values())
                 - 0.1 * (len(scored) - sum(1 for c, _s in scored if c.field))
                 + quality + (0.5 if grouped else 0.0))
        if len(best_per_field) == 1 and len(cells) == 1 and len(row) > 1:
            score -= 0.5  # a lone "Service" title above the table is not its header
        if best is None or score > best.score:
            columns = tuple(c for c, _s in scored)
            best = Table(sheet, row_index, columns, score,
                         _instruction_rows(sheet, row_index, scored),
                         field_scores=tuple((c.index, s) for c, s in scored))
    return best


_SHEET_HINTS = {
    "services": re.compile(r"servic|catalog|offering|pmo|portfolio of", re.I),
    "objectives": re.compile(r"objective|goal|outcome|aim", re.I),
    "customers": re.compile(r"customer|stakeholder|audience|client|user", re.I),
    "mandate": re.compile(r"mandate|charter|remit|purpose|about", re.I),
    # "Sheet2", "Hoja1", "Test", "Copy of...": scratch sheets beside the real one.
    "scratch": re.compile(r"^\s*(sheet|hoja|feuil|tabelle|blad|foglio|folha|planilha)\s*\d*\s*$|"
                          r"\b(test|testing|prueba|pruebas|essai|teste|prova|old|backup|copy|"
                          r"copia|kopie|copie|draft|borrador|brouillon|entwurf|temp|tmp)\b", re.I),
    "instructions": re.compile(r"instruction|read ?me|help|guide|notes?$|lookup|list|cover|"
                               r"contents|key|legend|change ?log|version", re.I),
}


def sheet_looks_like(sheet_name: str, kind: str) -> bool:
    """Whether a sheet's name suggests it holds this kind of table."""
    return bool(_SHEET_HINTS[kind].search(sheet_name))
