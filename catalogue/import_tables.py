"""Finding the tables an import reads: the services table, the mandate's, and the sheets it leaves."""

from __future__ import annotations

import math

from catalogue import columns as vocab
from catalogue import errors
from catalogue.import_report import _header, _Reporting
from catalogue.model import (
    IssueCode,
    Severity,
)
from catalogue.reader import RawSheet, RawWorkbook
from catalogue.tables import Table, find_table, sheet_looks_like
from catalogue.values import is_blank


def _signature(table: Table) -> tuple[str, ...]:
    """A table's header folded, to tell versions of one table across sheets."""
    return tuple(sorted(vocab.header_key(c.header) for c in table.columns if c.field))


class _TableFinding(_Reporting):
    """Finding the services table and the mandate's tables among the sheets."""

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
