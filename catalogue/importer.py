"""From workbook bytes to a Catalogue and every issue met on the way.

The services table may sit on any sheet, below titles and logos; the mandate, objectives
and customers may sit in the same workbook or in a second one. Nothing is dropped
silently: a row that cannot become a service is kept or reported with its sheet, row
and column, and text that matches no mandate customer or objective is kept as written.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from catalogue import columns as vocab
from catalogue import errors
from catalogue.cells import column_letter
from catalogue.matching import CustomerMatcher, ObjectiveMatcher, customer_key
from catalogue.model import (
    Catalogue,
    Customer,
    ImportResult,
    Issue,
    IssueCode,
    Mandate,
    Objective,
    Service,
    Severity,
)
from catalogue.reader import RawSheet, RawWorkbook, ReadLimits, read_workbook
from catalogue.tables import Column, Table, find_table, sheet_looks_like
from catalogue.values import (
    Parsed,
    cell_text,
    clean_text,
    is_blank,
    parse_count,
    parse_date,
    parse_effort,
    parse_horizon,
    parse_money,
    parse_nature,
    parse_office_kind,
    parse_satisfaction,
    parse_status,
    parse_weight,
    parse_yes_no,
    tidy_workbook,
)

_NOTHING = Parsed(None)
MAX_ISSUES_PER_KIND = 100  # per code and column; the rest are summed up in one issue
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


@dataclass(frozen=True)
class ImportOptions:
    """How to read a workbook: limits, header assignments, date convention."""

    limits: ReadLimits = field(default_factory=ReadLimits)
    # A header as the workbook writes it -> the field it feeds ("" to ignore the column).
    column_overrides: dict[str, str] = field(default_factory=dict)
    dayfirst: bool = True  # 03/04/2024 is 3 April (UK and most of the world)


def import_catalogue(
    data: bytes | BinaryIO,
    *,
    filename: str = "",
    mandate: bytes | BinaryIO | None = None,
    mandate_filename: str = "",
    limits: ReadLimits | None = None,
    column_overrides: dict[str, str] | None = None,
    dayfirst: bool = True,
) -> ImportResult:
    """Read a service catalogue (and optionally its mandate from a second workbook).

    Raises a `catalogue.errors.CatalogueError` when no catalogue can be built at all
    (not a workbook, hostile, too large, no services table); every lesser problem is an
    `Issue` in the result.
    """
    options = ImportOptions(
        limits=limits or ReadLimits(),
        column_overrides=dict(column_overrides or {}),
        dayfirst=dayfirst,
    )
    workbook, tidied = tidy_workbook(read_workbook(data, options.limits))
    mandate_book, mandate_tidied = None, []
    label = f"The mandate workbook{f' ({mandate_filename})' if mandate_filename else ''}"
    if mandate is not None:
        try:
            mandate_book, mandate_tidied = tidy_workbook(read_workbook(mandate, options.limits),
                                                         where=f"{label}: ")
        except errors.CatalogueError as exc:  # say which of the two files is at fault
            raise type(exc)(f"{label}: {exc.message}", sheet=exc.sheet) from exc
    importer = _Importer(options, workbook, filename, mandate_book, mandate_filename)
    result = importer.run()
    # What the tidy pass did to the sheets the catalogue was read from.
    cell_issues = [issue for book, issues in ((workbook, tidied), (mandate_book, mandate_tidied))
                   for issue in issues if (id(book), issue.sheet) in importer.used_sheets]
    return dataclasses.replace(result, issues=result.issues + tuple(cell_issues))


class _IssueLog:
    """Collects issues, summing up long runs of the same problem in one column."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self._counts: dict[tuple, int] = defaultdict(int)
        self._first_rows: dict[tuple, int | None] = {}

    def add(self, severity: Severity, code: IssueCode, message: str, *, sheet: str | None = None,
            row: int | None = None, column: str | None = None) -> None:
        key = (code, sheet, column)
        self._counts[key] += 1
        if self._counts[key] <= MAX_ISSUES_PER_KIND:
            self.issues.append(Issue(severity, code, message, sheet, row, column))
        else:
            self._first_rows.setdefault(key, row)

    def finish(self) -> tuple[Issue, ...]:
        for key, count in self._counts.items():
            if count > MAX_ISSUES_PER_KIND:
                code, sheet, column = key
                severity = next(i.severity for i in self.issues if i.code == code)
                self.issues.append(Issue(
                    severity, code,
                    f"{count - MAX_ISSUES_PER_KIND:,} more rows have the same problem "
                    f"({code.value}) in this column, from row {self._first_rows[key]} on; "
                    "only the first 100 are listed.",
                    sheet, self._first_rows[key], column,
                ))
        return tuple(self.issues)


_TEXT_FIELDS = {"id", "name", "category", "owner", "frequency", "value_measure"}
_NUMBER_PARSERS: dict[str, Callable[[Any], Parsed]] = {
    "effort_fte": parse_effort, "cost": parse_money, "demand": parse_count,
    "satisfaction": parse_satisfaction,
}
_WORD_PARSERS: dict[str, Callable[[Any], Parsed]] = {
    "status": parse_status, "nature": parse_nature, "mandatory": parse_yes_no,
}
_DATE_FIELDS = {"last_reviewed", "last_delivered"}
_LIST_FIELDS = {"customers", "objectives"}


class _Importer:
    def __init__(self, options: ImportOptions, workbook: RawWorkbook, filename: str,
                 mandate_book: RawWorkbook | None, mandate_filename: str) -> None:
        self.options = options
        self.workbook = workbook
        self.filename = filename
        self.mandate_book = mandate_book
        self.mandate_filename = mandate_filename
        self.log = _IssueLog()
        self.used_sheets: set[tuple[int, str]] = set()  # (id(workbook), sheet name)

    # ------------------------------------------------------------ the whole import

    def run(self) -> ImportResult:
        services_table = self._find_services_table()
        self.used_sheets.add((id(self.workbook), services_table.sheet.name))
        mandate, objectives, customers = self._read_mandate_parts()
        services = self._read_services(services_table, objectives, customers)
        self._report_unused_sheets()
        catalogue = Catalogue(
            mandate=mandate,
            objectives=tuple(objectives),
            customers=tuple(customers),
            services=tuple(services),
            source=self.filename,
        )
        return ImportResult(catalogue, self.log.finish())

    # ------------------------------------------------------------ finding tables

    def _find_services_table(self) -> Table:
        candidates: list[tuple[float, Table]] = []
        overrides = self.options.column_overrides
        for sheet in self.workbook.sheets:
            if sheet_looks_like(sheet.name, "instructions") and not sheet_looks_like(
                sheet.name, "services"
            ):
                continue
            table = find_table(sheet, vocab.SERVICES, "name", overrides)
            if table is None:
                continue
            rank = table.score
            if not self._has_data_below(table):
                if not sheet_looks_like(sheet.name, "services"):
                    continue
                rank -= 50  # a services sheet with headers but no services yet: a last resort
            if sheet_looks_like(sheet.name, "services"):
                rank += 3
            for other in ("objectives", "customers", "mandate"):
                if sheet_looks_like(sheet.name, other) and not sheet_looks_like(sheet.name, "services"):
                    rank -= 4
            if not sheet.visible:
                rank -= 10
            candidates.append((rank, table))
        if not candidates:
            names = ", ".join(f"'{s.name}'" for s in self.workbook.sheets) or "none"
            raise errors.NoServicesTable(
                "No sheet in this workbook holds a list of services (sheets found: "
                f"{names}). The importer looks for a header row with a service name column "
                "such as 'Service', 'Service name' or 'PMO service'. Add such a header above "
                "your list of services, or start from the template."
            )
        candidates.sort(key=lambda c: c[0], reverse=True)
        best = candidates[0][1]
        if not self._has_data_below(best):
            self.log.add(
                Severity.WARNING, IssueCode.MISSING_NAME,
                f"Sheet '{best.sheet.name}' has the catalogue's headers but no services yet. "
                "Add one row per service under the headers.",
                sheet=best.sheet.name, row=best.excel_header_row,
            )
        for _rank, other in candidates[1:]:
            if other.sheet.visible and sheet_looks_like(other.sheet.name, "services"):
                self.log.add(
                    Severity.WARNING, IssueCode.SHEET_IGNORED,
                    f"Sheet '{other.sheet.name}' also looks like a list of services, but the "
                    f"services were taken from sheet '{best.sheet.name}'. If '{other.sheet.name}' "
                    "is the current catalogue, move or delete the other sheet.",
                    sheet=other.sheet.name,
                )
        return best

    @staticmethod
    def _has_data_below(table: Table) -> bool:
        name_columns = [c.index for c in table.fields.get("name", [])]
        for row in table.sheet.rows[table.header_row + 1:]:
            if any(i < len(row) and not is_blank(row[i]) for i in name_columns):
                return True
        return False

    def _mandate_books(self) -> list[tuple[RawWorkbook, str]]:
        books = []
        if self.mandate_book is not None:
            books.append((self.mandate_book, self.mandate_filename or "mandate workbook"))
        books.append((self.workbook, self.filename or "catalogue workbook"))
        return books

    def _find_part_table(self, kind: str, vocabulary: vocab.ColumnVocabulary,
                         required: str) -> Table | None:
        for book, _name in self._mandate_books():
            named, others = [], []
            for sheet in book.sheets:
                if (id(book), sheet.name) in self.used_sheets:
                    continue
                (named if sheet_looks_like(sheet.name, kind) else others).append(sheet)
            for sheet in named:
                table = find_table(sheet, vocabulary, required)
                if table is not None:
                    self.used_sheets.add((id(book), sheet.name))
                    return table
            for sheet in others:
                if sheet_looks_like(sheet.name, "instructions"):
                    continue
                table = find_table(sheet, vocabulary, required)
                if table is None:
                    continue
                header = next(c.header for c in table.columns if c.field == required)
                if sheet_looks_like(header, kind) and len(table.fields) >= 2:
                    self.used_sheets.add((id(book), sheet.name))
                    return table
        return None

    # ------------------------------------------------------------ mandate, objectives, customers

    def _read_mandate_parts(self) -> tuple[Mandate, list[Objective], list[Customer]]:
        mandate = self._read_mandate()
        objectives_table = self._find_part_table("objectives", vocab.OBJECTIVES, "statement")
        objectives = self._read_objectives(objectives_table) if objectives_table else []
        customers_table = self._find_part_table("customers", vocab.CUSTOMERS, "name")
        customers = self._read_customers(customers_table) if customers_table else []
        missing = [what for what, found in (
            ("the mandate statement and PMO type", mandate != Mandate()),
            ("objectives", bool(objectives)),
            ("customers", bool(customers)),
        ) if not found]
        if missing:
            where = ("the mandate workbook or the catalogue" if self.mandate_book is not None
                     else "this workbook")
            self.log.add(
                Severity.WARNING, IssueCode.MANDATE_NOT_FOUND,
                f"Not found in {where}: {_and_list(missing)}. The audit needs them to judge "
                "alignment: add Mandate, Objectives and Customers sheets (see the template), "
                "upload a separate mandate workbook, or enter them in the app.",
            )
        return mandate, objectives, customers

    def _read_mandate(self) -> Mandate:
        for book, _name in self._mandate_books():
            for sheet in book.sheets:
                if (id(book), sheet.name) in self.used_sheets:
                    continue
                if not sheet_looks_like(sheet.name, "mandate"):
                    continue
                values = self._field_value_pairs(sheet)
                if values:
                    self.used_sheets.add((id(book), sheet.name))
                    return self._mandate_from_pairs(sheet, values)
        return Mandate()

    def _field_value_pairs(self, sheet: RawSheet) -> dict[str, tuple[int, str, Any]]:
        """Field -> (Excel row, label, value) for rows reading 'label | value'."""
        found: dict[str, tuple[int, str, Any]] = {}
        for index, row in enumerate(sheet.rows[:200]):
            cells = [(i, v) for i, v in enumerate(row) if not is_blank(v)]
            if len(cells) < 2:
                continue
            label = cell_text(cells[0][1]).strip()
            field_name = vocab.MANDATE.field_for(label)
            if field_name is None:
                if vocab.header_key(label) not in {"field", "item", "attribute", "property"}:
                    self.log.add(
                        Severity.WARNING, IssueCode.UNKNOWN_MANDATE_FIELD,
                        f"'{label}' is not a mandate field the importer knows, so its value was "
                        "not imported. Known fields: PMO name, PMO type, Mandate statement, "
                        "Sponsor, Date, Office kind.",
                        sheet=sheet.name, row=index + 1, column=column_letter(cells[0][0]),
                    )
                continue
            if field_name not in found:
                found[field_name] = (index + 1, label, cells[1][1])
        return found

    def _mandate_from_pairs(self, sheet: RawSheet, pairs: dict[str, tuple[int, str, Any]]) -> Mandate:
        values: dict[str, Any] = {}
        for field_name, (row, label, raw) in pairs.items():
            if field_name == "pmo_type":
                parsed = parse_nature(raw)
            elif field_name == "office_kind":
                parsed = parse_office_kind(raw)
            elif field_name == "date":
                parsed = parse_date(raw, dayfirst=self.options.dayfirst)
            else:
                parsed = clean_text(raw, keep_lines=field_name == "statement")
            self._report(parsed, sheet.name, row, label, field_name)
            values[field_name] = parsed.value
        return Mandate(**values)

    def _read_objectives(self, table: Table) -> list[Objective]:
        sheet = table.sheet
        self._report_columns(table)
        fields = table.fields
        objectives: list[Objective] = []
        seen_ids: dict[str, int] = {}
        generated_ids = "id" not in fields
        for index in range(table.header_row + 1, len(sheet.rows)):
            row = sheet.rows[index]
            get = _row_getter(row, fields)
            statement = clean_text(get("statement"), keep_lines=False)
            excel_row = index + 1
            if statement.value is None:
                if _row_has_data(row, table) and not self._is_note(row):
                    self.log.add(
                        Severity.ERROR, IssueCode.ROW_SKIPPED,
                        "This row has values but no objective statement, so it was not read as "
                        "an objective. Write the objective in the statement column.",
                        sheet=sheet.name, row=excel_row, column=_header(fields, "statement"),
                    )
                continue
            raw_id = clean_text(get("id")).value
            if raw_id is None:
                raw_id = f"O{len(objectives) + 1}"
                while raw_id in seen_ids:
                    raw_id += "'"
                if not generated_ids:
                    self.log.add(
                        Severity.WARNING, IssueCode.MISSING_OBJECTIVE_ID,
                        f"This objective has no ID; it was given '{raw_id}'. Services refer to "
                        "objectives by ID, so give it one.",
                        sheet=sheet.name, row=excel_row, column=_header(fields, "id"),
                    )
            if raw_id in seen_ids:
                new_id = f"{raw_id}-{excel_row}"
                self.log.add(
                    Severity.WARNING, IssueCode.DUPLICATE_OBJECTIVE,
                    f"Objective ID '{raw_id}' is also used on row {seen_ids[raw_id]}; this one "
                    f"was renamed '{new_id}'. Give each objective its own ID.",
                    sheet=sheet.name, row=excel_row, column=_header(fields, "id"),
                )
                raw_id = new_id
            seen_ids[raw_id] = excel_row
            priority = parse_weight(get("priority"))
            self._report(priority, sheet.name, excel_row, _header(fields, "priority"), "priority")
            horizon = parse_horizon(get("horizon"))
            self._report(horizon, sheet.name, excel_row, _header(fields, "horizon"), "horizon")
            objectives.append(Objective(
                id=raw_id,
                statement=statement.value,
                priority=priority.value,
                success_measure=clean_text(get("success_measure"), keep_lines=True).value,
                horizon=horizon.value,
            ))
        return objectives

    def _read_customers(self, table: Table) -> list[Customer]:
        sheet = table.sheet
        self._report_columns(table)
        fields = table.fields
        customers: list[Customer] = []
        seen: dict[str, int] = {}
        for index in range(table.header_row + 1, len(sheet.rows)):
            row = sheet.rows[index]
            get = _row_getter(row, fields)
            name = clean_text(get("name"))
            excel_row = index + 1
            if name.value is None:
                if _row_has_data(row, table) and not self._is_note(row):
                    self.log.add(
                        Severity.ERROR, IssueCode.ROW_SKIPPED,
                        "This row has values but no customer name, so it was not read as a "
                        "customer. Write the customer group's name.",
                        sheet=sheet.name, row=excel_row, column=_header(fields, "name"),
                    )
                continue
            if self._is_note(row) and len([v for v in row if not is_blank(v)]) == 1 and customers:
                continue
            key = customer_key(name.value)
            if key in seen:
                self.log.add(
                    Severity.WARNING, IssueCode.DUPLICATE_CUSTOMER,
                    f"'{name.value}' is the same customer group as the one on row {seen[key]}; "
                    "only the first was kept. Merge the two rows.",
                    sheet=sheet.name, row=excel_row, column=_header(fields, "name"),
                )
                continue
            seen[key] = excel_row
            importance = parse_weight(get("importance"))
            self._report(importance, sheet.name, excel_row, _header(fields, "importance"),
                         "importance")
            customers.append(Customer(
                name=name.value,
                importance=importance.value,
                expectations=clean_text(get("expectations"), keep_lines=True).value,
            ))
        return customers

    # ------------------------------------------------------------ services

    def _read_services(self, table: Table, objectives: list[Objective],
                       customers: list[Customer]) -> list[Service]:
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
        for index in range(table.header_row + 1, len(rows)):
            row = rows[index]
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
                        column = cols[0] if len(cols) == 1 else _first_filled(row, cols)[0]
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
        return self._finish_services(sheet, fields, records)

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
                sheet=sheet.name, row=index + 1, column=name_column.header,
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
            **_NUMBER_PARSERS, **_WORD_PARSERS, **dict.fromkeys(_DATE_FIELDS, date),
            "customers": customer_list, "objectives": objective_list,
        }
        parsers = []
        for field_name, cols in fields.items():
            if field_name in _LIST_FIELDS:
                for column in cols:  # every column of a list field contributes
                    parsers.append((field_name, [column], chosen[field_name], {}))
            else:
                parsers.append((field_name, cols, chosen[field_name], {}))
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
                sheet=sheet.name, row=excel_row, column=name_header,
            )
            return False
        if index > last_named:
            shown = "; ".join(cell_text(v).strip()[:30] for _, v in filled[:4])
            self.log.add(
                Severity.WARNING, IssueCode.ROW_SKIPPED,
                f"Row {excel_row}, below the last service, holds values ({shown}) but no "
                f"service name, so it was not imported. If it is a service, give it a name in "
                f"the '{name_header}' column.",
                sheet=sheet.name, row=excel_row, column=name_header,
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

    # ------------------------------------------------------------ reporting helpers

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
        for column in table.columns:
            if column.field is not None:
                continue
            if not any(column.index < len(r) and not is_blank(r[column.index]) for r in data_rows):
                continue
            if column.header in self.options.column_overrides:
                continue  # the user chose to ignore it
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

    def _report_unused_sheets(self) -> None:
        for book, _name in self._mandate_books():
            for sheet in book.sheets:
                if (id(book), sheet.name) in self.used_sheets or sheet.visible:
                    continue
                if sheet_looks_like(sheet.name, "instructions"):
                    continue  # a hidden list of drop-down values or notes: part of the template
                if any(not is_blank(v) for row in sheet.rows[:1000] for v in row):
                    self.log.add(
                        Severity.WARNING, IssueCode.HIDDEN_SHEET_WITH_DATA,
                        f"Sheet '{sheet.name}' is hidden and holds data; it was not imported. "
                        "If it belongs in the catalogue, unhide it (right-click a sheet tab > "
                        "Unhide) and move its rows to the services sheet.",
                        sheet=sheet.name,
                    )

    @staticmethod
    def _is_note(row: list) -> bool:
        first = next((v for v in row if not is_blank(v)), None)
        return isinstance(first, str) and bool(_NOTE_START.match(first))


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

