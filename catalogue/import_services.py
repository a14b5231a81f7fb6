"""Reading the services: columns confirmed by their values, rows kept or set aside, every cell parsed once."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from catalogue import columns as vocab
from catalogue.cells import column_letter
from catalogue.import_mandate import _MandateReading
from catalogue.import_report import (
    _NOTE_START,
    _SPECIAL_NAME,
    _TOTAL_ROW,
    _and_list,
    _first_filled,
    _header,
)
from catalogue.import_state import (
    _DATE_FIELDS,
    _LIST_FIELDS,
    _NOTHING,
    _NUMBER_PARSERS,
    _TEXT_FIELDS,
    _WHAT_VALUES,
    _WORD_PARSERS,
    _WORDING_FIELDS,
)
from catalogue.matching import CustomerMatcher, ObjectiveMatcher
from catalogue.model import (
    Customer,
    IssueCode,
    Objective,
    Service,
    Severity,
)
from catalogue.reader import RawSheet
from catalogue.tables import Column, Table
from catalogue.values import (
    Parsed,
    cell_text,
    clean_text,
    is_blank,
    is_missing,
    parse_date,
)

_SERVICE_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Service)}


def _new_service(values: dict[str, Any]) -> Service:
    """Service(**values), without the frozen dataclass's per-field cost (the import's hot path).

    Every value has already been parsed to its field's type; the defaults fill the rest.
    """
    service = object.__new__(Service)
    fields = dict(_SERVICE_DEFAULTS)
    fields.update(values)
    service.__dict__.update(fields)
    return service


def _list_cell(raw: Any, matcher: CustomerMatcher | ObjectiveMatcher, field_name: str,
               mandate_has_them: bool) -> Parsed:
    """A customers or objectives cell: names in cell order, and what matched nothing."""
    matched = matcher.match_cell(cell_text(raw))
    names = tuple(dict.fromkeys(n for n in (clean_text(i).value for i in matched.in_order) if n))
    if not matched.unmatched or not mandate_has_them:
        return Parsed(names)
    shown = _and_list([f"'{u}'" for u in matched.unmatched])
    one = len(matched.unmatched) == 1
    if isinstance(matcher, CustomerMatcher):
        groups = _and_list(list(matcher.names[:6]), more=len(matcher.names) - 6)
        message = (f"{shown} {'is' if one else 'are'} not among the mandate's customers, so "
                   f"{'it was' if one else 'they were'} kept as written. Add the group to the "
                   f"Customers sheet, or write it as the mandate names it ({groups}).")
    else:
        message = (f"{shown} {'matches' if one else 'match'} no objective of the mandate by ID "
                   f"or statement, so {'it was' if one else 'they were'} kept as written. Refer "
                   f"to objectives by their ID (such as {matcher.objectives[0][0]}).")
    return Parsed(names, message)


def _text_or_none(raw: Any) -> Parsed:
    """Text, where a marker such as '-', 'n/a' or 'TBC' says there is none."""
    return _NOTHING if is_missing(raw) else clean_text(raw)


_FISCAL = re.compile(r"(?:fy|fiscal|financial|ejercicio|exercice|exercicio|boekjaar|"
                     r"geschaftsjahr|esercizio)?\s*'?(\d{4}|\d{2})(?:\s*[-/–]\s*(\d{4}|\d{2}))?",
                     re.IGNORECASE)


_QUARTER = re.compile(r"\b(?:q|t|quarter|trimestre|quartal|kwartaal)\s*([1-4])\b|\b([1-4])\s*(?:q|t)\b",
                      re.IGNORECASE)


def _period_key(period: Any) -> tuple:
    """A period's place in time: 'FY2023/24', '2023-24', 'Q3 2024', '2024 T1', 2023."""
    if period is None:
        return (-1, 0, "")
    text = cell_text(period)
    year, quarter = -1, 0
    found = _QUARTER.search(text)
    if found:
        quarter = int(found.group(1) or found.group(2))
        text_without = text[:found.start()] + " " + text[found.end():]
    else:
        text_without = text
    years = _FISCAL.search(text_without)
    if years:
        first = int(years.group(1)) if len(years.group(1)) == 4 else 2000 + int(years.group(1))
        second = years.group(2)
        year = first if second is None else max(
            first, int(second) if len(second) == 4 else first // 100 * 100 + int(second))
    return (year, quarter, text)


def _inside_merged_name(sheet: RawSheet, header_row: int, name_index: int) -> dict[int, int]:
    """Rows under the first row of a name cell merged down over them -> that first row."""
    inside: dict[int, int] = {}
    for (top, left), (bottom, right) in sheet.merged:
        if left <= name_index <= right and bottom > top > header_row and bottom - top < 10_000:
            for index in range(top + 1, bottom + 1):
                inside[index] = top
    return inside


def _fill_vertical_merges(sheet: RawSheet, header_row: int) -> list[list]:
    """Rows with each single-column merged range below the header filled from its top cell."""
    rows = sheet.rows
    spans = [((top, left), (bottom, right)) for (top, left), (bottom, right) in sheet.merged
             if left == right and bottom > top and top > header_row and bottom - top < 10_000]
    if not spans:
        return rows
    rows = list(rows)
    for (top, column), (bottom, _right) in spans:
        if top >= len(rows) or column >= len(rows[top]):
            continue
        value = rows[top][column]
        for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = list(rows[index])
            if column >= len(row):
                row.extend([""] * (column + 1 - len(row)))
            if is_blank(row[column]):
                row[column] = value
            rows[index] = row
    return rows


class _ServiceReading(_MandateReading):
    """Reading the services: columns confirmed, rows kept or set aside, values parsed."""

    def _settle_columns(self, table: Table) -> Table:
        """Confirm typed columns by their values and settle columns competing for a field.

        A column whose header reads as a typed field (a score, a number, a date, yes/no,
        a status) is kept for it only when most of its values read as that field;
        otherwise it is set aside with one issue saying why. Of columns competing for one
        field, the one whose header names it more surely wins; the others are set aside
        and said. Columns the user assigned are kept as assigned.
        """
        scores = dict(table.field_scores)
        first_data = table.header_row + 1 + len(table.instruction_rows)
        rows = table.sheet.rows[first_data:]
        set_aside: list[tuple[int, str, str]] = []
        kept: dict[int, Column] = {}
        for column in table.columns:
            if column.field is None or scores.get(column.index, 0) >= 2:
                kept[column.index] = column
                continue
            why = self._values_refute(column, rows)
            if why:
                set_aside.append((column.index, column.field, why))
                kept[column.index] = Column(column.index, column.header, None)
            else:
                kept[column.index] = column
        by_field: dict[str, list[Column]] = defaultdict(list)
        for column in kept.values():
            if column.field and column.field not in _LIST_FIELDS:
                by_field[column.field].append(column)
        for field_name, cols in by_field.items():
            if len(cols) < 2:
                continue
            best = max(scores.get(c.index, 0) for c in cols)
            winners = [c for c in cols if scores.get(c.index, 0) >= best - 0.01]
            if len({vocab.header_language(c.header) for c in winners} - {None}) > 0:
                winners = winners[:1]  # "Name (English)" and "Name (French)": one language
            for column in cols:
                if column in winners:
                    continue
                label = field_name.replace("_", " ")
                set_aside.append((column.index, field_name, (
                    f"its header also reads as the {label}, but '{winners[0].header}' names "
                    f"the {label} more surely, so that column was used")))
                kept[column.index] = Column(column.index, column.header, None)
        if not set_aside:
            return table
        return dataclasses.replace(table, columns=tuple(kept[c.index] for c in table.columns),
                                   set_aside=tuple(set_aside))

    def _values_refute(self, column: Column, rows: list[list]) -> str | None:
        """Why a column's values do not confirm its field, or None when they do."""
        field_name = column.field
        parser = None if field_name == "name" else self._typed_parser(field_name or "")
        if field_name != "name" and parser is None:
            return None  # text fields take any text
        at = column.index
        if parser is None:
            rows = rows[:3000]  # names: a sample tells text from numbers and flags
        counts = Counter(row[at] for row in rows if at < len(row))
        values = {v: n for v, n in counts.items() if not is_missing(v)}
        total = sum(values.values())
        if total < 3:
            return None
        if parser is None:  # the name: text, not numbers or flags
            names = sum(n for v, n in values.items()
                        if isinstance(v, str) and not v.strip().isdigit())
            if 2 * names < total:
                return (f"its header reads as the service name, but only {names:,} of its "
                        f"{total:,} values are names (such as '{cell_text(next(iter(values)))}')")
            return None
        cache = self.value_caches.setdefault((field_name or "", at), {})
        good = 0
        for value, n in values.items():
            parsed = cache.get(value)
            if parsed is None:
                parsed = cache[value] = parser(value)
            if parsed.value is not None:
                good += n
        if 2 * good >= total:
            return None
        what = _WHAT_VALUES[field_name or ""]
        example = next((v for v in values if cache[v].value is None), next(iter(values)))
        return (f"its header reads as the {(field_name or '').replace('_', ' ')}, but only "
                f"{good:,} of its {total:,} values are {what} (others read like "
                f"'{cell_text(example)[:40]}')")

    def _typed_parser(self, field_name: str) -> Callable[[Any], Parsed] | None:
        if field_name in _DATE_FIELDS:
            dayfirst = self.options.dayfirst
            return lambda raw: parse_date(raw, dayfirst=dayfirst)
        return _NUMBER_PARSERS.get(field_name) or _WORD_PARSERS.get(field_name)

    def _read_services(self, table: Table, objectives: list[Objective],
                       customers: list[Customer]) -> list[Service]:
        table = self._settle_columns(table)
        sheet = table.sheet
        self._report_columns(table)
        fields = table.fields
        rows = _fill_vertical_merges(sheet, table.header_row)
        parsers = self._service_parsers(fields, customers, objectives)
        special = bool(sheet.formulas_without_value or sheet.error_cells)
        header_row = rows[table.header_row]
        name_index = fields["name"][0].index

        last_named = table.header_row
        for index in range(len(rows) - 1, table.header_row, -1):
            row = rows[index]
            if name_index < len(row) and not is_blank(row[name_index]):
                last_named = index
                break

        if special:
            self._report_special_cells(sheet, table)
        header_name = header_row[name_index]
        first_column = min(c.index for c in table.columns)
        kept: list[tuple[int, list]] = []  # (0-based row index, row) of the rows that are services
        inside = _inside_merged_name(sheet, table.header_row, name_index)
        instructions = set(table.instruction_rows)
        if instructions:
            self._report_instruction_rows(table)
        for index in range(table.header_row + 1, len(rows)):
            row = rows[index]
            if index in inside or index in instructions:
                if index in inside:
                    top = inside[index]
                    self.log.add(
                        Severity.WARNING, IssueCode.ROW_SKIPPED,
                        f"Row {index + 1} lies inside the merged name cell of "
                        f"'{cell_text(rows[top][name_index]).strip()[:60]}' (row {top + 1}), so "
                        "it was read as a detail of that service (a sub-category, a second "
                        "line), not as a service of its own.",
                        sheet=sheet.name, row=index + 1, column=fields["name"][0].header, reason="merged",
                    )
                continue
            name_cell = row[name_index] if name_index < len(row) else None
            first_cell = row[first_column] if first_column < len(row) else None
            if (name_cell.__class__ is str and name_cell and name_cell != header_name
                    and not name_cell[0].isspace() and not _SPECIAL_NAME.match(name_cell)
                    and (first_cell.__class__ is not str or not _NOTE_START.match(first_cell))):
                kept.append((index, row))  # the usual row: a plain name; decided at once
            elif self._keep_unusual_row(sheet, table, row, index, last_named, header_row):
                kept.append((index, row))

        # Field by field over the kept rows: each distinct cell value is parsed once.
        columns_read: dict[str, list] = {}
        for field_name, cols, parse, cache in parsers:
            if len(cols) == 1:
                at = cols[0].index
                raws = [row[at] if at < len(row) else None for _index, row in kept]
            else:
                raws = [_first_filled(row, cols)[1] for _index, row in kept]
            cache.setdefault("", _NOTHING)
            cache.setdefault(None, _NOTHING)
            for raw in set(raws).difference(cache):
                cache[raw] = parse(raw)
            parsed = [cache[raw] for raw in raws]
            if any(cache[raw].problem for raw in set(raws)):
                for (index, row), result in zip(kept, parsed, strict=True):
                    if result.problem:
                        column = (cols[0] if len(cols) == 1
                                  else _first_filled(row, cols)[0] or cols[0])
                        self._report_cell(result, sheet.name, index + 1, column.header, field_name)
            read = [result.value for result in parsed]
            if field_name in columns_read:  # a second column of a list field adds to the first
                read = [tuple(dict.fromkeys((a or ()) + (b or ()))) or None
                        for a, b in zip(columns_read[field_name], read, strict=True)]
            columns_read[field_name] = read

        names = list(columns_read)
        records = []
        for (index, _row), cells in zip(kept, zip(*columns_read.values(), strict=True), strict=True):
            record = {name: value for name, value in zip(names, cells, strict=True)
                      if value is not None}
            record["sheet"] = sheet.name
            record["row"] = index + 1
            if "name" not in record:
                record["name"] = f"Unnamed service (row {index + 1})"
            records.append(record)
        if "period" in fields and not self.options.all_periods:
            records = self._latest_periods(sheet, fields, records)
        return self._finish_services(sheet, fields, records)

    def _latest_periods(self, sheet: RawSheet, fields: dict[str, list[Column]],
                        records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Of a service listed once per period (fiscal year, quarter), its latest row."""
        latest: dict[str, dict[str, Any]] = {}
        for record in records:
            key = record.get("id") or " ".join(record["name"].lower().split())
            held = latest.get(key)
            if held is None or _period_key(record.get("period")) >= _period_key(held.get("period")):
                latest[key] = record
        if len(latest) == len(records):
            return records
        kept_rows = {id(r) for r in latest.values()}
        earlier = [r for r in records if id(r) not in kept_rows]
        periods = sorted({r["period"] for r in latest.values() if r.get("period")},
                         key=_period_key)
        shown = _and_list([f"'{p}'" for p in periods[-3:]])
        header = _header(fields, "period")
        self.log.add(
            Severity.WARNING, IssueCode.EARLIER_PERIODS,
            f"{len(earlier):,} rows are earlier periods of services listed again for a later "
            f"one (column '{header}'): only each service's latest period ({shown}) was "
            "imported, so each service is counted once. To import every period, use the "
            "all-periods option (--all-periods on the command line).",
            sheet=sheet.name, row=earlier[0]["row"], column=header,
        )
        return [r for r in records if id(r) in kept_rows]

    def _keep_unusual_row(self, sheet: RawSheet, table: Table, row: list, index: int,
                          last_named: int, header_row: list) -> bool:
        """Whether a row whose name cell is blank, a number, or note- or total-like is a service."""
        filled = [(i, v) for i, v in enumerate(row) if not is_blank(v)]
        if not filled:
            return False  # a spacer row
        if row == header_row:
            return False  # the header repeated (a table pasted twice, or print titles)
        if len(filled) <= 2 and self._is_note(row):
            return False  # "Notes: ...", "Last updated | Jan 2025", "* estimates": not data
        name_column = table.fields["name"][0]
        name_cell = row[name_column.index] if name_column.index < len(row) else None
        if is_blank(name_cell):
            return self._row_without_name(sheet, table, row, filled, index, last_named)
        if isinstance(name_cell, str) and _TOTAL_ROW.match(name_cell) and len(filled) > 1:
            self.log.add(
                Severity.WARNING, IssueCode.ROW_SKIPPED,
                f"Row {index + 1} ('{name_cell.strip()}') reads as a totals line, not a service, "
                "so it was not imported.",
                sheet=sheet.name, row=index + 1, column=name_column.header, reason="totals",
            )
            return False
        return True

    def _service_parsers(self, fields: dict[str, list[Column]], customers: list[Customer],
                         objectives: list[Objective]) -> list[tuple[str, list[Column], Callable, dict]]:
        """For each field in the table: its columns, its cell parser and a cache of results."""
        customer_matcher = CustomerMatcher([c.name for c in customers])
        objective_matcher = ObjectiveMatcher([(o.id, o.statement) for o in objectives])
        dayfirst = self.options.dayfirst

        def date(raw: Any) -> Parsed:
            return parse_date(raw, dayfirst=dayfirst)

        def customer_list(raw: Any) -> Parsed:
            return _list_cell(raw, customer_matcher, "customers", bool(customers))

        def objective_list(raw: Any) -> Parsed:
            return _list_cell(raw, objective_matcher, "objectives", bool(objectives))

        def description(raw: Any) -> Parsed:
            return clean_text(raw, keep_lines=True)

        chosen: dict[str, Callable[[Any], Parsed]] = {
            **dict.fromkeys(_TEXT_FIELDS, clean_text), "description": description,
            **dict.fromkeys(_WORDING_FIELDS, _text_or_none),
            **_NUMBER_PARSERS, **_WORD_PARSERS, **dict.fromkeys(_DATE_FIELDS, date),
            "customers": customer_list, "objectives": objective_list,
        }
        parsers: list[tuple[str, list[Column], Callable, dict]] = []
        for field_name, cols in fields.items():
            if field_name in _LIST_FIELDS:
                for column in cols:  # every column of a list field contributes
                    parsers.append((field_name, [column], chosen[field_name], {}))
            else:
                seen = self.value_caches.get((field_name, cols[0].index), {}) if len(cols) == 1 else {}
                parsers.append((field_name, cols, chosen[field_name], dict(seen)))
        return parsers

    def _row_without_name(self, sheet: RawSheet, table: Table, row: list,
                          filled: list[tuple[int, Any]], index: int, last_named: int) -> bool:
        """Decide what a row without a service name is; True to import it anyway."""
        excel_row = index + 1
        only_text = len(filled) == 1 and isinstance(filled[0][1], str)
        if only_text and (index > last_named or self._is_note(row)):
            return False  # a note below or inside the table: not data
        name_header = table.fields["name"][0].header
        if only_text:
            self.log.add(
                Severity.WARNING, IssueCode.ROW_SKIPPED,
                f"Row {excel_row} holds only '{cell_text(filled[0][1]).strip()[:60]}' (column "
                f"{column_letter(filled[0][0])}), which reads as a heading, not a service, so "
                "it was not imported. If it is a service, put its name in the "
                f"'{name_header}' column.",
                sheet=sheet.name, row=excel_row, column=name_header, reason="heading",
            )
            return False
        if index > last_named:
            shown = "; ".join(cell_text(v).strip()[:30] for _, v in filled[:4])
            self.log.add(
                Severity.WARNING, IssueCode.ROW_SKIPPED,
                f"Row {excel_row}, below the last service, holds values ({shown}) but no "
                f"service name, so it was not imported. If it is a service, give it a name in "
                f"the '{name_header}' column.",
                sheet=sheet.name, row=excel_row, column=name_header, reason="below",
            )
            return False
        id_columns = table.fields.get("id", [])
        if id_columns and _first_filled(row, id_columns)[0] is None:
            shown = "; ".join(cell_text(v).strip()[:30] for _, v in filled[:3])
            self.log.add(
                Severity.WARNING, IssueCode.ROW_SKIPPED,
                f"Row {excel_row} holds details ({shown}) but neither a service name nor an "
                f"ID, so it was read as a detail of the service above it (a sub-category, a "
                f"step, a second line), not as a service. If it is a service, give it a name "
                f"in the '{name_header}' column.",
                sheet=sheet.name, row=excel_row, column=name_header, reason="detail",
            )
            return False
        self.log.add(
            Severity.ERROR, IssueCode.MISSING_NAME,
            f"Row {excel_row} has service details but no service name. It was imported as "
            f"'Unnamed service (row {excel_row})'; write the service's name in the "
            f"'{name_header}' column.",
            sheet=sheet.name, row=excel_row, column=name_header,
        )
        return True

    def _finish_services(self, sheet: RawSheet, fields: dict[str, list[Column]],
                         built: list[dict[str, Any]]) -> list[Service]:
        given_ids = {v["id"] for v in built if "id" in v}
        used_ids: dict[str, int] = {}
        names_seen: dict[str, int] = {}
        services = []
        counter = 0
        id_header = _header(fields, "id")
        for values in built:
            service_id = values.get("id")
            if service_id is None:
                counter += 1
                service_id = f"S{counter:03d}"
                while service_id in given_ids or service_id in used_ids:
                    counter += 1
                    service_id = f"S{counter:03d}"
            elif service_id in used_ids:
                new_id = f"{service_id}-{values['row']}"
                self.log.add(
                    Severity.WARNING, IssueCode.DUPLICATE_ID,
                    f"Service ID '{service_id}' is also used on row {used_ids[service_id]}; this "
                    f"service was given '{new_id}'. Give each service its own ID.",
                    sheet=sheet.name, row=values["row"], column=id_header,
                )
                service_id = new_id
            used_ids[service_id] = values["row"]
            values["id"] = service_id
            name_key = " ".join(values["name"].lower().split())
            if name_key in names_seen:
                self.log.add(
                    Severity.WARNING, IssueCode.DUPLICATE_SERVICE,
                    f"'{values['name']}' appears twice (rows {names_seen[name_key]} and "
                    f"{values['row']}). Both were imported; if they are one service, merge "
                    "the rows, otherwise give them names that tell them apart.",
                    sheet=sheet.name, row=values["row"], column=fields["name"][0].header,
                )
            else:
                names_seen[name_key] = values["row"]
            services.append(_new_service(values))
        return services
