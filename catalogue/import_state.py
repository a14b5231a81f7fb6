"""What one import knows as it goes: its options, the workbooks, the issue log and what it has used.

The import is split by what it does, each part a class over the one before:
catalogue/import_report.py (reporting issues), import_tables.py (finding tables),
import_mandate.py (mandate, objectives, customers), import_services.py (services);
catalogue/importer.py runs them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from catalogue.model import (
    Issue,
    IssueCode,
    Severity,
)
from catalogue.reader import RawWorkbook, ReadLimits
from catalogue.tables import Table
from catalogue.values import (
    ROWS_NAMED,
    Parsed,
    parse_count,
    parse_effort,
    parse_money,
    parse_nature,
    parse_satisfaction,
    parse_status,
    parse_yes_no,
)

_NOTHING = Parsed(None)


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


@dataclass(frozen=True)
class ImportOptions:
    """How to read a workbook: limits, header assignments, date convention."""

    limits: ReadLimits = field(default_factory=ReadLimits)
    # A header as the workbook writes it -> the field it feeds ("" to ignore the column).
    column_overrides: dict[str, str] = field(default_factory=dict)
    dayfirst: bool = True  # 03/04/2024 is 3 April (UK and most of the world)
    sheet: str | None = None  # the sheet holding the services; None to find it
    all_periods: bool = False  # every period's row of a service, not only the latest


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


class _ImportState:
    """The state every part of one import shares."""

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
