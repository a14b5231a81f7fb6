"""Reading one cell as a PMO manager meant it: numbers with units, dates typed as text,
yes/no, lists of names, the fixed vocabularies.

Each parser takes the raw cell value and returns `Parsed(value, problem)`: the value
(or None) and, when the cell held something that could not be read, a sentence saying
what was expected. Blank cells and "n/a"-like markers are simply missing, not problems.

Before any parser sees them, `tidy_workbook` goes once over every text cell for what a
cell can hide (see `catalogue.cells`): characters that reorder how text is displayed
are removed, and text that reaches Excel's 32,767-character limit (where Excel cuts
longer text without a word) is flagged, and cut there if longer. Each is reported
once per column, with its rows.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from dateutil import parser as dateparser

from catalogue import cells
from catalogue.cells import EXCEL_CELL_LIMIT
from catalogue.model import Horizon, Issue, IssueCode, OfficeKind, PMOType, ServiceStatus, Severity
from catalogue.reader import RawSheet, RawWorkbook

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_MISSING_MARKERS = {
    "", "-", "--", "—", "–", "n/a", "na", "n.a.", "none", "nil", "tbc", "tbd", "tba", "?",
    "unknown", "not known", "not applicable", "null", "various", "varies", "n/k", "nk",
    "not set", "not recorded", ".",
}


@dataclass(frozen=True)
class Parsed:
    """A cell's value as read, and what was wrong with it if anything."""

    value: Any
    problem: str | None = None


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_missing(value: object) -> bool:
    """True for a blank cell or a marker such as 'n/a', 'TBC', '-'."""
    return is_blank(value) or (isinstance(value, str) and value.strip().lower() in _MISSING_MARKERS)


def cell_text(value: object) -> str:
    """A cell as the text Excel would show for it (whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def clean_text(value: object, *, keep_lines: bool = False) -> Parsed:
    """Text with outer spaces trimmed and runs of spaces folded; None when blank."""
    if value.__class__ is str and value and cells.fits(value) and (
        value.isprintable() and "  " not in value and value[0] != " " and value[-1] != " "
    ):
        return Parsed(value)  # the usual case, already clean: no work
    if is_blank(value):
        return Parsed(None)
    raw = cell_text(value)
    original_length = len(raw)
    text = raw[: 2 * EXCEL_CELL_LIMIT].replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if keep_lines:
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return Parsed(None)
    if original_length > 2 * EXCEL_CELL_LIMIT or not cells.fits(text):
        return Parsed(
            cells.cut_to_limit(text),
            f"The text is {original_length:,} characters long; only the first "
            f"{EXCEL_CELL_LIMIT:,} (Excel's own limit) were kept.",
        )
    return Parsed(text)


# ---------------------------------------------------------------- what a cell can hide

ROWS_NAMED = 8  # rows listed by number in an issue that counts many; the rest are counted


@dataclass
class _ColumnFindings:
    """What the tidy pass found in one column of one sheet."""

    bidi_rows: list[int] = field(default_factory=list)
    bidi_removed: list[str] = field(default_factory=list)
    limit_rows: list[int] = field(default_factory=list)
    cut_lengths: list[int] = field(default_factory=list)  # in UTF-16 units, before the cut


def tidy_workbook(workbook: RawWorkbook, where: str = "") -> tuple[RawWorkbook, list[Issue]]:
    """The workbook with bidirectional controls removed from its text and text cut to
    Excel's limit, and one issue per sheet, column and kind saying what was done.

    `where` starts each message ("The mandate workbook: ") when two workbooks are read.
    """
    sheets, issues = [], []
    for sheet in workbook.sheets:
        tidied, found = _tidy_sheet(sheet)
        sheets.append(tidied)
        for column, findings in sorted(found.items()):
            issues.extend(_column_issues(sheet.name, column, findings, where))
    if not issues:
        return workbook, []
    return replace(workbook, sheets=tuple(sheets)), issues


def _tidy_sheet(sheet: RawSheet) -> tuple[RawSheet, dict[int, _ColumnFindings]]:
    texts = [value for row in sheet.rows for value in row if value.__class__ is str]
    if not texts:
        return sheet, {}
    hides = cells.has_bidi_controls("\x00".join(texts))
    long = max(map(len, texts)) * 2 >= EXCEL_CELL_LIMIT - 1
    if not (hides or long):
        return sheet, {}  # the usual sheet: nothing hidden, nothing long
    found: dict[int, _ColumnFindings] = {}
    rows = list(sheet.rows)
    for index, row in enumerate(rows):
        row_text = "\x00".join([value for value in row if value.__class__ is str])
        if not ((hides and cells.has_bidi_controls(row_text))
                or (long and len(row_text) * 2 >= EXCEL_CELL_LIMIT - 1)):
            continue
        changed = None
        for column, value in enumerate(row):
            if value.__class__ is not str or not (
                    (hides and cells.has_bidi_controls(value))
                    or (long and cells.at_the_limit(value))):
                continue
            notes = found.setdefault(column, _ColumnFindings())
            text, removed = cells.without_bidi_controls(value)
            if removed:
                notes.bidi_rows.append(index + 1)
                notes.bidi_removed.append(removed)
            if cells.at_the_limit(text):
                notes.limit_rows.append(index + 1)
                if not cells.fits(text):
                    notes.cut_lengths.append(cells.utf16_length(text))
                    text = cells.cut_to_limit(text)
            if text is not value:
                changed = changed or list(row)
                changed[column] = text
        if changed is not None:
            rows[index] = changed
    return replace(sheet, rows=rows), found


def _column_issues(sheet: str, column: int, found: _ColumnFindings, where: str) -> list[Issue]:
    letter = cells.column_letter(column)
    issues = []
    if found.bidi_rows:
        issues.append(Issue(
            Severity.WARNING, IssueCode.BIDI_CONTROL_REMOVED,
            f"{where}Column {letter}, {_rows_text(found.bidi_rows)}: the text held characters "
            "that change the order in which it is displayed, so that it can read differently "
            f"from what it says ({cells.character_names(''.join(found.bidi_removed))}). "
            "They were removed. Check these cells in the workbook.",
            sheet, found.bidi_rows[0], letter, tuple(found.bidi_rows)))
    if found.limit_rows:
        cut = ""
        if found.cut_lengths:
            cut = (f" {_count(len(found.cut_lengths), 'cell')} held more (up to "
                   f"{max(found.cut_lengths):,} characters) and {'was' if len(found.cut_lengths) == 1 else 'were'} cut to "
                   "the limit.")
        issues.append(Issue(
            Severity.WARNING, IssueCode.TEXT_TRUNCATED,
            f"{where}Column {letter}, {_rows_text(found.limit_rows)}: the text reaches "
            f"Excel's limit of {EXCEL_CELL_LIMIT:,} characters for one cell, where Excel "
            f"cuts longer text without a warning, so its end may be missing.{cut} Check "
            "these cells against where the text came from.",
            sheet, found.limit_rows[0], letter, tuple(found.limit_rows)))
    return issues


def _rows_text(rows: list[int]) -> str:
    """'row 4', 'rows 4, 7 and 12', 'rows 4, 5, ... and 3 more'."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    named = ", ".join(str(r) for r in rows[:ROWS_NAMED])
    if len(rows) > ROWS_NAMED:
        return f"rows {named} and {len(rows) - ROWS_NAMED:,} more"
    head, last = named.rsplit(", ", 1)
    return f"rows {head} and {last}"


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


# ---------------------------------------------------------------- numbers

_NUMBER = re.compile(
    r"""^(?P<currency>[£$€¥]|gbp|usd|eur|aud|cad)?\s*
        (?P<sign>[-+])?\s*
        (?P<currency2>[£$€¥])?\s*
        (?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
        \s*(?:-|–|to)?\s*(?P<upper>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?
        \s*(?:(?P<scale>k|m|mn|bn|thousand|million)\b\.?)?
        \s*(?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_PERIODS_PER_YEAR = {
    "year": 1, "yr": 1, "annum": 1, "annual": 1, "annually": 1, "pa": 1, "p.a": 1, "p.a.": 1,
    "month": 12, "mth": 12, "monthly": 12, "quarter": 4, "qtr": 4, "quarterly": 4,
    "week": 52, "wk": 52, "weekly": 52, "day": 230, "daily": 230, "fortnight": 26,
}
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9}
_WORKING_DAYS_PER_WEEK = 5.0
_HOURS_PER_WEEK = 37.5


def _period(rest: str) -> tuple[int | None, str]:
    """'per month' -> (12, rest without it); no period -> (None, rest)."""
    match = re.search(
        r"(?:/|\bper\b|\ba\b|\beach\b|\bevery\b)\s*(year|yr|annum|month|mth|quarter|qtr|week|wk|day|fortnight)s?\b"
        r"|\b(annually|annual|monthly|quarterly|weekly|daily|p\.?a\.?)(?=\W|$)",
        rest,
        re.IGNORECASE,
    )
    if not match:
        return None, rest
    word = (match.group(1) or match.group(2)).lower().rstrip(".")
    word = "pa" if word in {"p.a", "pa"} else word
    return _PERIODS_PER_YEAR.get(word, 1), (rest[: match.start()] + rest[match.end():]).strip()


@dataclass(frozen=True)
class _Number:
    value: float
    percent: bool
    unit: str  # what followed the number, lowercased, periods removed
    per_year: int | None
    ranged: bool
    currency: bool


@lru_cache(maxsize=65536)
def _read_number_text(text: str) -> _Number | None:
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    low = float(match.group("number").replace(",", ""))
    upper = match.group("upper")
    value = (low + float(upper.replace(",", ""))) / 2 if upper else low
    if match.group("sign") == "-":
        value = -value
    scale = (match.group("scale") or "").lower()
    rest = match.group("rest").strip()
    per_year, rest = _period(rest)
    # "12 m" might be months ("12 months"); only take m as million after a currency.
    currency = bool(match.group("currency") or match.group("currency2"))
    if scale in {"m", "mn"} and not currency and re.match(r"^(onth|th)", rest, re.IGNORECASE):
        return None
    value *= _SCALES.get(scale, 1.0)
    percent = rest.startswith("%")
    if percent:
        rest = rest[1:].strip()
    return _Number(value, percent, rest.lower().strip(" .()"), per_year, bool(upper), currency)


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    return None


def parse_effort(value: object) -> Parsed:
    """Effort in FTE: 0.5, '0.5 FTE', '50%', '2 days a week', '4 hours/week'."""
    number = _as_float(value)
    if number is not None:
        return _non_negative(number, "effort")
    if is_missing(value) or not isinstance(value, str):
        return _not_number(value, "an effort in FTE, such as 0.5 or '0.5 FTE'")
    parsed = _read_number_text(value)
    if parsed is None:
        return _not_number(value, "an effort in FTE, such as 0.5 or '0.5 FTE'")
    amount, unit = parsed.value, parsed.unit
    if parsed.percent:
        amount /= 100
    elif re.match(r"^(days?|d)\b", unit):
        per_week = {1: 1 / 52, 12: 12 / 52, 4: 4 / 52, 52: 1.0, 230: 5.0}.get(parsed.per_year or 52, 1.0)
        amount = amount * per_week / _WORKING_DAYS_PER_WEEK
    elif re.match(r"^(hours?|hrs?|h)\b", unit):
        per_week = {1: 1 / 52, 12: 12 / 52, 4: 4 / 52, 52: 1.0, 230: 5.0}.get(parsed.per_year or 52, 1.0)
        amount = amount * per_week / _HOURS_PER_WEEK
    elif unit and not re.match(r"^(fte|wte|people|person|staff|heads?|headcount)\b", unit):
        return _not_number(value, "an effort in FTE, such as 0.5 or '0.5 FTE'")
    return _non_negative(amount, "effort", ranged=parsed.ranged)


def parse_money(value: object) -> Parsed:
    """Annual cost: 12000, '£12k', '$1,200', '€1.2m', '£500 per month' (x12)."""
    number = _as_float(value)
    if number is not None:
        return _non_negative(number, "cost")
    if is_missing(value) or not isinstance(value, str):
        return _not_number(value, "an annual cost, such as 12000 or '£12k'")
    parsed = _read_number_text(value)
    if parsed is None or parsed.percent:
        return _not_number(value, "an annual cost, such as 12000 or '£12k'")
    unit = parsed.unit
    if unit and not re.match(r"^(gbp|usd|eur|aud|cad|pounds?|dollars?|euros?|k|cost)?\b", unit):
        return _not_number(value, "an annual cost, such as 12000 or '£12k'")
    amount = parsed.value * (parsed.per_year or 1)
    return _non_negative(amount, "cost", ranged=parsed.ranged)


def parse_count(value: object) -> Parsed:
    """Demand as uses or requests per year: 40, '40 requests', '3 per month' (x12)."""
    number = _as_float(value)
    if number is not None:
        return _non_negative(number, "demand")
    if is_missing(value) or not isinstance(value, str):
        return _not_number(value, "a number of uses or requests per year, such as 40")
    parsed = _read_number_text(value)
    if parsed is None or parsed.percent or parsed.currency:
        return _not_number(value, "a number of uses or requests per year, such as 40")
    return _non_negative(parsed.value * (parsed.per_year or 1), "demand", ranged=parsed.ranged)


def parse_satisfaction(value: object) -> Parsed:
    """Satisfaction on a 1-5 scale: 4, '4/5', '8/10', '80%', 0.8 (a percentage cell)."""
    number = _as_float(value)
    if number is None:
        if is_missing(value) or not isinstance(value, str):
            return _not_number(value, "a satisfaction score from 1 to 5, such as 4 or '4/5'")
        text = value.strip()
        out_of = re.match(r"^(\d+(?:\.\d+)?)\s*(?:/|out of|of)\s*(\d+(?:\.\d+)?)$", text, re.I)
        if out_of:
            scale = float(out_of.group(2))
            if scale <= 0:
                return _not_number(value, "a satisfaction score from 1 to 5")
            return _satisfaction_in_range(float(out_of.group(1)) / scale * 5, value)
        parsed = _read_number_text(text)
        if parsed is None or parsed.currency or (parsed.unit and parsed.unit not in {"stars", "star"}):
            return _not_number(value, "a satisfaction score from 1 to 5, such as 4 or '4/5'")
        if parsed.percent:
            return _satisfaction_in_range(parsed.value / 100 * 5, value)
        number = parsed.value
    if 0 < number < 1:  # a cell formatted as a percentage: 0.8 is 80%
        return _satisfaction_in_range(number * 5, value)
    return _satisfaction_in_range(number, value)


def _satisfaction_in_range(score: float, raw: object) -> Parsed:
    # The scale starts at 1: a score below it (a percentage under 20%, "0/10") is not on
    # it, and kept would come back from the exported workbook as a percentage (0.6 -> 3).
    if 1 <= score <= 5:
        return Parsed(round(score, 4))
    return Parsed(
        None,
        f"'{cell_text(raw)}' is outside the 1 to 5 satisfaction scale. Write a score from 1 "
        "to 5, or as 'x/10' or a percentage.",
    )


def parse_weight(value: object) -> Parsed:
    """A priority or importance weight: a number, or High/Medium/Low, MoSCoW, H/M/L."""
    number = _as_float(value)
    if number is not None:
        return _non_negative(number, "weight")
    if is_missing(value) or not isinstance(value, str):
        return _not_number(value, "a weight such as 3, or High / Medium / Low")
    word = value.strip().lower()
    named = _NAMED_WEIGHTS.get(re.sub(r"[^a-z ]", "", word).strip())
    if named is not None:
        return Parsed(named)
    parsed = _read_number_text(word)
    if parsed is None or parsed.currency or parsed.unit:
        return _not_number(value, "a weight such as 3, or High / Medium / Low")
    amount = parsed.value / 100 if parsed.percent else parsed.value
    return _non_negative(amount, "weight")


_NAMED_WEIGHTS = {
    "critical": 4.0, "very high": 4.0, "high": 3.0, "h": 3.0, "medium": 2.0, "med": 2.0,
    "m": 2.0, "moderate": 2.0, "low": 1.0, "l": 1.0, "very low": 0.5,
    "must": 3.0, "must have": 3.0, "should": 2.0, "should have": 2.0, "could": 1.0,
    "could have": 1.0, "top": 3.0, "key": 3.0, "primary": 3.0, "secondary": 2.0,
}


def _non_negative(number: float, what: str, ranged: bool = False) -> Parsed:
    if number < 0:
        return Parsed(None, f"A negative {what} ({number:g}) cannot be right; write 0 or more.")
    if ranged:
        return Parsed(number, f"A range was given; its midpoint ({number:g}) was used.")
    return Parsed(number)


def _not_number(value: object, expected: str) -> Parsed:
    if is_missing(value):
        return Parsed(None)
    return Parsed(None, f"'{cell_text(value)}' could not be read as {expected}.")


# ---------------------------------------------------------------- dates


def parse_date(value: object, *, dayfirst: bool = True) -> Parsed:
    """A date cell, an Excel serial number, or text: '15/01/2024', 'Mar 2023', '2024-03-01'."""
    if isinstance(value, dt.datetime):
        return Parsed(value.date())
    if isinstance(value, dt.date):
        return Parsed(value)
    number = _as_float(value)
    if number is not None:
        if 20_000 <= number <= 80_000:  # an Excel date serial shown as a number
            return Parsed((_EXCEL_EPOCH + dt.timedelta(days=int(number))).date())
        if 1990 <= number <= 2100 and number.is_integer():
            return Parsed(dt.date(int(number), 1, 1), f"Only a year ({int(number)}) was given; "
                          "1 January was assumed.")
        return _not_date(value)
    if is_missing(value) or not isinstance(value, str):
        return _not_date(value)
    return _parse_date_text(value.strip(), dayfirst)


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


@lru_cache(maxsize=65536)
def _parse_date_text(text: str, dayfirst: bool) -> Parsed:
    lowered = text.lower()
    if lowered in {"never", "not reviewed", "not yet", "no", "n/a"}:
        return Parsed(None)
    quarter = re.match(r"^q([1-4])\s*[-/ ]?\s*(?:fy)?\s*(\d{2}|\d{4})$", lowered)
    if quarter:
        year = int(quarter.group(2))
        year = year + 2000 if year < 100 else year
        return Parsed(dt.date(year, 3 * int(quarter.group(1)) - 2, 1))
    month_year = re.fullmatch(r"([a-z]{3,9})\.?[-/ ']\s*'?(\d{2})", lowered)
    if month_year and month_year.group(1)[:3] in _MONTHS:
        return Parsed(dt.date(2000 + int(month_year.group(2)), _MONTHS[month_year.group(1)[:3]], 1))
    if re.fullmatch(r"(19|20)\d\d", lowered):
        return Parsed(dt.date(int(lowered), 1, 1),
                      f"Only a year ({lowered}) was given; 1 January was assumed.")
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", lowered)
    try:
        if iso:
            return Parsed(dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
        if not re.search(r"\d", lowered):
            return _not_date(text)
        parsed = dateparser.parse(text, dayfirst=dayfirst, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError, dateparser.ParserError):
        return _not_date(text)
    if not 1900 <= parsed.year <= 2200:
        return _not_date(text)
    return Parsed(parsed.date())


def _not_date(value: object) -> Parsed:
    if is_missing(value):
        return Parsed(None)
    return Parsed(None, f"'{cell_text(value)}' could not be read as a date. Write a date such "
                        "as 15/01/2024, 2024-01-15 or Jan 2024.")


# ---------------------------------------------------------------- yes/no and vocabularies

_YES = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "mandatory", "required", "compulsory",
        "statutory", "regulatory", "must", "mandated", "obligatory",
        # French, German, Spanish, Portuguese, Italian, Dutch
        "oui", "obligatoire", "ja", "pflicht", "sí", "si", "obligatorio", "sim", "obrigatório",
        "sì", "obbligatorio", "verplicht"}
_NO = {"no", "n", "false", "f", "0", "optional", "discretionary", "not mandatory",
       "non-mandatory", "voluntary",
       "non", "facultatif", "nein", "freiwillig", "opcional", "não", "nao", "facoltativo",
       "nee", "optioneel"}


def parse_yes_no(value: object) -> Parsed:
    """Yes/no in its usual forms: Yes, Y, TRUE, x, ✓, Mandatory / No, N, Optional."""
    if isinstance(value, bool):
        return Parsed(value)
    number = _as_float(value)
    if number is not None and number in (0.0, 1.0):
        return Parsed(number == 1.0)
    if is_missing(value):
        return Parsed(None)
    word = cell_text(value).strip().lower()
    first = re.split(r"[\s,;:(–-]+", word, maxsplit=1)[0]
    if word in _YES or first in _YES:
        return Parsed(True)
    if word in _NO or first in _NO:
        return Parsed(False)
    return Parsed(None, f"'{cell_text(value)}' is not a yes or a no. Write Yes or No.")


_STATUS_WORDS: dict[str, ServiceStatus] = {
    **dict.fromkeys(["active", "live", "current", "in service", "operational", "running",
                     "ongoing", "bau", "in use", "available", "established", "open",
                     "approved", "in production", "production",
                     # French, German, Spanish, Portuguese, Italian, Dutch
                     "actif", "active", "en service", "aktiv", "in betrieb", "activo", "vigente",
                     "en operación", "ativo", "em operação", "attivo", "in esercizio",
                     "actief", "in gebruik"],
                    ServiceStatus.ACTIVE),
    **dict.fromkeys(["planned", "proposed", "new", "pipeline", "draft", "future", "pilot",
                     "in development", "development", "under development", "piloting",
                     "not started"], ServiceStatus.PLANNED),
    **dict.fromkeys(["retiring", "sunset", "sunsetting", "phasing out", "being retired",
                     "decommissioning", "to be retired", "winding down", "under review"],
                    ServiceStatus.RETIRING),
    **dict.fromkeys(["retired", "stopped", "discontinued", "closed", "ceased",
                     "decommissioned", "inactive", "withdrawn", "dormant", "suspended",
                     "inactif", "supprimé", "inaktiv", "eingestellt", "inactivo", "dado de baja",
                     "inativo", "descontinuado", "inattivo", "dismesso", "inactief",
                     "beëindigd"],
                    ServiceStatus.RETIRED),
}
_NATURE_WORDS: dict[str, PMOType] = {
    **dict.fromkeys(["supportive", "support", "supporting", "advisory", "advice", "service",
                     "enabling", "facilitative", "consultative", "coaching"], PMOType.SUPPORTIVE),
    **dict.fromkeys(["controlling", "control", "compliance", "assurance", "governance",
                     "oversight", "controlled", "monitoring"], PMOType.CONTROLLING),
    **dict.fromkeys(["directive", "direct", "directing", "managing", "command", "mandating",
                     "delivery", "executive"], PMOType.DIRECTIVE),
}
_OFFICE_WORDS: dict[str, OfficeKind] = {
    **dict.fromkeys(["portfolio", "portfolio office", "portfolio management office", "epmo",
                     "enterprise pmo", "enterprise", "enterprise portfolio", "p3o", "ppmo"],
                    OfficeKind.PORTFOLIO),
    **dict.fromkeys(["programme", "program", "programme office", "program office",
                     "programme management office", "program management office"],
                    OfficeKind.PROGRAMME),
    **dict.fromkeys(["project", "project office", "project management office", "pmo",
                     "project support office"], OfficeKind.PROJECT),
    **dict.fromkeys(["centre of excellence", "center of excellence", "coe", "coe pmo"],
                    OfficeKind.CENTRE_OF_EXCELLENCE),
    **dict.fromkeys(["hub", "hub and spoke", "hub office"], OfficeKind.HUB),
}
_HORIZON_WORDS: dict[str, Horizon] = {
    **dict.fromkeys(["short", "short term", "short-term", "st", "0-12 months", "this year",
                     "immediate", "quick win", "year 1", "now"], Horizon.SHORT),
    **dict.fromkeys(["medium", "medium term", "medium-term", "mid", "mid term", "mt",
                     "1-3 years", "12-36 months", "next", "year 2"], Horizon.MEDIUM),
    **dict.fromkeys(["long", "long term", "long-term", "lt", "3+ years", "3-5 years",
                     "later", "strategic", "future"], Horizon.LONG),
}


def _parse_word(value: object, words: Mapping[str, enum.Enum], what: str) -> Parsed:
    if is_missing(value):
        return Parsed(None)
    text = cell_text(value).strip().lower()
    key = re.sub(r"\s+", " ", re.sub(r"[_]", " ", text))
    if key in words:
        return Parsed(words[key])
    first = re.split(r"[\s,;:(/–-]+", key, maxsplit=1)[0]
    if first in words:
        return Parsed(words[first])
    for word, member in words.items():
        if len(word) > 3 and re.search(rf"\b{re.escape(word)}\b", key):
            return Parsed(member)
    allowed = ", ".join(sorted({m.value for m in words.values()}))
    return Parsed(None, f"'{cell_text(value)}' is not a known {what}. Use one of: {allowed}.")


def parse_status(value: object) -> Parsed:
    """Service status: active, planned, retiring or retired (and their usual synonyms)."""
    return _parse_word(value, _STATUS_WORDS, "status")


def parse_nature(value: object) -> Parsed:
    """Supportive, controlling or directive (the PMO type, or a service's nature)."""
    return _parse_word(value, _NATURE_WORDS, "PMO type or service nature")


def parse_office_kind(value: object) -> Parsed:
    """Portfolio, programme or project office, centre of excellence, hub."""
    return _parse_word(value, _OFFICE_WORDS, "office kind")


def parse_horizon(value: object) -> Parsed:
    """Short, medium or long term."""
    return _parse_word(value, _HORIZON_WORDS, "horizon")


# ---------------------------------------------------------------- lists

# ";", "|", bullets, and what exports write between items: "<>" (government service
# inventories), "¦", tabs.
_STRONG_SEPARATORS = re.compile(r"\s*(?:<>|[;|•\u2022¦\t])\s*")
_WEAK_SEPARATORS = re.compile(r"\s*(?:,|/|\\|\+|&|\band\b)\s*", re.IGNORECASE)


_BULLET = re.compile(r"^\s*[-*•·–]\s+")  # "- PMs", "• Sponsors": a bullet and a space


def split_strong(text: str) -> list[str]:
    """Split a list cell into its items on line breaks, or else on ';', '|', '<>' and tabs.

    A cell written one item per line is split only on line breaks, so an item may
    itself hold ';', ',' or '/'. Items are trimmed; empty ones dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        parts = text.split("\n")
        items = [without_bullet(p).strip() for p in parts]
        return [item for item in items if item]
    return [p.strip() for p in _STRONG_SEPARATORS.split(text) if p.strip()]


def without_bullet(line: str) -> str:
    """A line of a list cell without its bullet: '- PMs' -> 'PMs', '• Sponsors' -> 'Sponsors'."""
    return _BULLET.sub("", line, count=1)


def split_weak(text: str) -> list[str]:
    """Split one item further on ',', '/', '&' and 'and' (used when the whole does not match)."""
    return [p.strip() for p in _WEAK_SEPARATORS.split(text) if p and p.strip()]
