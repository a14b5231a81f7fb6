"""Reading the mandate, its objectives and its customers, from this workbook or a second one."""

from __future__ import annotations

from typing import Any

from catalogue import columns as vocab
from catalogue.cells import column_letter
from catalogue.import_report import _and_list, _header, _row_getter, _row_has_data
from catalogue.import_tables import _TableFinding
from catalogue.matching import customer_key
from catalogue.model import (
    Customer,
    IssueCode,
    Mandate,
    Objective,
    Severity,
)
from catalogue.reader import RawSheet
from catalogue.tables import Table, sheet_looks_like
from catalogue.values import (
    cell_text,
    clean_text,
    is_blank,
    parse_date,
    parse_horizon,
    parse_nature,
    parse_office_kind,
    parse_weight,
)


class _MandateReading(_TableFinding):
    """Reading the mandate, its objectives and its customers."""

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
