"""From workbook bytes to a Catalogue and every issue met on the way.

The services table may sit on any sheet, below titles and logos; the mandate, objectives
and customers may sit in the same workbook or in a second one. Nothing is dropped
silently: a row that cannot become a service is kept or reported with its sheet, row
and column, and text that matches no mandate customer or objective is kept as written.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
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
    ROWS_NAMED,
    Parsed,
    cell_text,
    clean_text,
    is_blank,
    is_missing,
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
    sheet: str | None = None  # the sheet holding the services; None to find it
    all_periods: bool = False  # every period's row of a service, not only the latest


def import_catalogue(
    data: bytes | BinaryIO,
    *,
    filename: str = "",
    mandate: bytes | BinaryIO | None = None,
    mandate_filename: str = "",
    limits: ReadLimits | None = None,
    column_overrides: dict[str, str] | None = None,
    dayfirst: bool = True,
    sheet: str | None = None,
    all_periods: bool = False,
) -> ImportResult:
    """Read a service catalogue (and optionally its mandate from a second workbook).

    `sheet` names the sheet holding the services (otherwise the most service-like
    table is taken and the other service-like sheets are named in issues);
    `column_overrides` maps a header as written to the field it feeds ("" to ignore it);
    `all_periods` imports every period's row of a service listed once per fiscal year
    or quarter (by default only its latest period).

    Raises a `catalogue.errors.CatalogueError` when no catalogue can be built at all
    (not a workbook, hostile, too large, no services table); every lesser problem is an
    `Issue` in the result.
    """
    options = ImportOptions(
        limits=limits or ReadLimits(),
        column_overrides=dict(column_overrides or {}),
        dayfirst=dayfirst,
        sheet=sheet,
        all_periods=all_periods,
    )
    workbook, tidied = tidy_workbook(read_workbook(data, options.limits))
    mandate_book, mandate_tidied = None, list[Issue]()
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
    """Collects issues: one per sheet, column and kind, counting the rows it concerns.

    A problem met on many rows of one column (hundreds of unreadable scores) is one
    issue saying how many rows and which, never a flood. Where the rows share the kind
    but not the reason (a heading row, a totals row), the first message of each reason
    is kept in the one issue.
    """

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self._first: dict[tuple, int] = {}  # (code, sheet, column) -> index in issues
        self._rows: dict[tuple, list[int | None]] = defaultdict(list)
        self._reasons: dict[tuple, dict[str, str]] = defaultdict(dict)

    def add(self, severity: Severity, code: IssueCode, message: str, *, sheet: str | None = None,
            row: int | None = None, column: str | None = None, reason: str = "") -> None:
        key = (code, sheet, column)
        self._rows[key].append(row)
        self._reasons[key].setdefault(reason, message)
        if key not in self._first:
            self._first[key] = len(self.issues)
            self.issues.append(Issue(severity, code, message, sheet, row, column))
        elif severity is Severity.ERROR:  # the issue is as serious as its worst row
            first = self.issues[self._first[key]]
            self.issues[self._first[key]] = dataclasses.replace(first, severity=severity)

    def finish(self) -> tuple[Issue, ...]:
        issues = list(self.issues)
        for key, position in self._first.items():
            rows = self._rows[key]
            numbered = tuple(r for r in dict.fromkeys(rows) if r is not None)
            issue = dataclasses.replace(issues[position], rows=numbered)
            if len(rows) > 1:
                messages = " ".join(list(self._reasons[key].values())[:3])
                more = len(rows) - 1
                later = numbered[1:]
                where = ""
                if later:
                    shown = ", ".join(str(r) for r in later[:ROWS_NAMED])
                    rest = len(later) - ROWS_NAMED
                    where = f" (row{'s' if len(later) > 1 else ''} {shown}" + (
                        f" and {rest:,} more)" if rest > 0 else ")")
                issue = dataclasses.replace(issue, message=(
                    f"{messages} The same kind of problem is on {more:,} more "
                    f"row{'s' if more > 1 else ''}{where}; {len(rows):,} in all."))
            issues[position] = issue
        return tuple(issues)


_TEXT_FIELDS = {"id", "name", "frequency", "value_measure"}
_WORDING_FIELDS = {"category", "owner", "period"}  # text, where "-" or "n/a" says none
_NUMBER_PARSERS: dict[str, Callable[[Any], Parsed]] = {
    "effort_fte": parse_effort, "cost": parse_money, "demand": parse_count,
    "satisfaction": parse_satisfaction,
}
_WORD_PARSERS: dict[str, Callable[[Any], Parsed]] = {
    "status": parse_status, "nature": parse_nature, "mandatory": parse_yes_no,
}
_DATE_FIELDS = {"last_reviewed", "last_delivered"}
_LIST_FIELDS = {"customers", "objectives"}
_WHAT_VALUES = {
    "effort_fte": "efforts (such as 0.5 or '2 FTE')", "cost": "amounts of money",
    "demand": "counts of uses or requests", "satisfaction": "satisfaction scores from 1 to 5",
    "last_reviewed": "dates", "last_delivered": "dates", "status": "service statuses",
    "nature": "natures (supportive, controlling, directive)", "mandatory": "yes or no",
}


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
        self.other_service_tables: list[Table] = []  # service-like tables not imported
        # (field, column index) -> cell value -> parsed, filled while confirming a column
        # by its values and reused while reading it: each distinct value is parsed once.
        self.value_caches: dict[tuple[str, int], dict] = {}

    # ------------------------------------------------------------ the whole import

    def run(self) -> ImportResult:
        services_table = self._find_services_table()
        self.used_sheets.add((id(self.workbook), services_table.sheet.name))
        mandate, objectives, customers = self._read_mandate_parts()
        self._report_other_service_tables(services_table)
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
        chosen = self.options.sheet
        if chosen is not None and chosen not in {s.name for s in self.workbook.sheets}:
            names = ", ".join(f"'{s.name}'" for s in self.workbook.sheets) or "none"
            raise errors.NoServicesTable(
                f"This workbook has no sheet named '{chosen}' (sheets found: {names}). "
                "Name one of these sheets, exactly as its tab is written.", sheet=chosen)
        for sheet in self.workbook.sheets:
            if chosen is not None and sheet.name != chosen:
                continue
            if chosen is None and sheet_looks_like(sheet.name, "instructions") and not (
                    sheet_looks_like(sheet.name, "services")):
                continue
            table = find_table(sheet, vocab.SERVICES, "name", overrides)
            if table is None:
                continue
            # A table whose header the importer reads column for column, with many
            # services under it, is a catalogue more surely than a wide working list.
            named = self._named_rows(table)
            recognised = sum(1 for c in table.columns if c.field) / len(table.columns)
            rank = table.score + 2 * recognised + 0.3 * math.log10(1 + named)
            if sheet_looks_like(sheet.name, "scratch"):
                rank -= 3
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
        if not candidates and chosen is not None:
            raise errors.NoServicesTable(
                f"Sheet '{chosen}' holds no list of services the importer can read: no row "
                "near its top names a service column such as 'Service', 'Service name' or "
                "'Name'. Choose another sheet, or name the column (--column 'HEADER=name').",
                sheet=chosen)
        if not candidates:
            names = ", ".join(f"'{s.name}'" for s in self.workbook.sheets) or "none"
            raise errors.NoServicesTable(
                "No sheet in this workbook holds a list of services (sheets found: "
                f"{names}). The importer looks for a header row with a service name column "
                "such as 'Service', 'Service name' or 'PMO service'. Add such a header above "
                "your list of services, or start from the template."
            )
        candidates.sort(key=lambda c: c[0], reverse=True)
        # Sheets with the same header are versions of one table (a tab per month): the
        # one a reader meets first, in tab order, is taken; the others are named below.
        order = {sheet.name: position for position, sheet in enumerate(self.workbook.sheets)}
        best_signature = _signature(candidates[0][1])
        versions = [c for c in candidates if _signature(c[1]) == best_signature
                    and c[0] > candidates[0][0] - 3]
        first = min(versions, key=lambda c: order[c[1].sheet.name])
        candidates.remove(first)
        candidates.insert(0, first)
        best = candidates[0][1]
        if not self._has_data_below(best):
            self.log.add(
                Severity.WARNING, IssueCode.MISSING_NAME,
                f"Sheet '{best.sheet.name}' has the catalogue's headers but no services yet. "
                "Add one row per service under the headers.",
                sheet=best.sheet.name, row=best.excel_header_row,
            )
        self.other_service_tables = [
            other for _rank, other in candidates[1:]
            if other.sheet.visible and self._has_data_below(other)]
        return best

    def _report_other_service_tables(self, best: Table) -> None:
        """Name every other sheet that looks like a list of services: none is ignored silently."""
        for other in self.other_service_tables:
            if (id(self.workbook), other.sheet.name) in self.used_sheets:
                continue  # read as the mandate, objectives or customers
            self.log.add(
                Severity.WARNING, IssueCode.SHEET_IGNORED,
                f"Sheet '{other.sheet.name}' also looks like a list of services "
                f"({self._named_rows(other):,} rows under '{_header(other.fields, 'name')}'), but "
                f"the services were taken from sheet '{best.sheet.name}'. To import "
                f"'{other.sheet.name}' instead, choose it (--sheet on the command line), or "
                "move or delete the other sheet.",
                sheet=other.sheet.name,
            )

    @staticmethod
    def _named_rows(table: Table) -> int:
        name_columns = [c.index for c in table.fields.get("name", [])]
        return sum(1 for row in table.sheet.rows[table.header_row + 1:]
                   if any(i < len(row) and not is_blank(row[i]) for i in name_columns))

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
            named, others = list[RawSheet](), list[RawSheet]()
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


def _signature(table: Table) -> tuple[str, ...]:
    """A table's header folded, to tell versions of one table across sheets."""
    return tuple(sorted(vocab.header_key(c.header) for c in table.columns if c.field))


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

