"""From workbook bytes to a Catalogue and every issue met on the way.

The services table may sit on any sheet, below titles and logos; the mandate, objectives
and customers may sit in the same workbook or in a second one. Nothing is dropped
silently: a row that cannot become a service is kept or reported with its sheet, row
and column, and text that matches no mandate customer or objective is kept as written.
"""

from __future__ import annotations

import dataclasses
from typing import BinaryIO

from catalogue import errors
from catalogue.import_services import _ServiceReading
from catalogue.import_state import ImportOptions
from catalogue.model import (
    Catalogue,
    ImportResult,
    Issue,
)
from catalogue.reader import ReadLimits, read_workbook
from catalogue.values import tidy_workbook

__all__ = ["ImportOptions", "import_catalogue"]


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


class _Importer(_ServiceReading):
    """One import: finds the tables, reads the mandate and the services, reports (see
    catalogue/import_state.py for how the parts are split)."""

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
