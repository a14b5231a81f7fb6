"""Excel-safe cells: the one place that knows what a workbook cell can hold.

Every workbook the app writes (the catalogue export in `catalogue.writer`, the audit
report in `reports.excel`, the workshop outcome in `workshop.outcome`) writes text through
`write_text`, and the importer checks what it reads against the same rules:

- **Length.** A cell holds at most `EXCEL_CELL_LIMIT` (32,767) characters, counted as
  Excel counts them, in UTF-16 units: an emoji counts two (`utf16_length`, `cut_to_limit`).
  Excel cuts longer pasted text there without a word, so text that reaches the limit
  exactly may have lost its end (`at_the_limit`).
- **Unstorable characters.** A lone surrogate, U+FFFE and U+FFFF cannot be saved in a
  workbook's XML: `storable` replaces each with U+FFFD.
- **Control characters.** xlsxwriter stores C0 control characters (other than tab and
  line feed) as Excel's own `_xHHHH_` escape, and literal "_xHHHH_" text as
  "_x005F_xHHHH_": Excel and python-calamine read the original back; openpyxl shows the
  escape.
- **The rich-string quirk.** xlsxwriter copies a string that starts with "<r>" and ends
  with "</r>" into the file as raw XML (its own marker for rich text), so
  "<r>Intake</r>" would become an empty cell. `write_text` writes such text as plain
  runs of a rich string, which store it as written.
- **Formula-looking text.** Workbooks are opened with `WORKBOOK_OPTIONS`, which turn off
  xlsxwriter's conversions, and text is written with `write_string`, so "=SUM(A1)",
  "+44 20", "@x", "#N/A" and "http://..." stay text. Text that Excel would turn into a
  formula or an error if someone retyped the cell (it starts with = + - @, tab, CR or
  LF, the OWASP list, or it is an error code such as "#N/A") also gets Excel's quote
  prefix (`needs_quote_prefix`): the cell shows the text, and editing it keeps it text.
- **Bidirectional controls.** Characters that reorder how text is displayed (U+202E
  RIGHT-TO-LEFT OVERRIDE and the rest of `BIDI_CONTROLS`) can make a cell read
  differently from what it holds; the importer removes them and says so
  (`without_bidi_controls`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the importer uses this module too: it need not load xlsxwriter
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

EXCEL_CELL_LIMIT = 32_767  # characters in a cell, in UTF-16 units as Excel counts them

# xlsxwriter options: never turn a string into a formula, a link or a number.
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

# What makes Excel (or a CSV reader) treat typed text as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The error values Excel shows, and turns typed text into.
ERROR_CODES = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    "#EXTERNAL!", "#PYTHON!",
})
# Left-to-right and right-to-left marks, embeddings, overrides and isolates, and the
# Arabic letter mark: they change the order in which text is displayed.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_UNSTORABLE = re.compile("[\ufffe\uffff\ud800-\udfff]")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_RICH_MARKER_START, _RICH_MARKER_END = "<r>", "</r>"


# --- Length -------------------------------------------------------------------------------

def utf16_length(text: str) -> int:
    """The length of text as Excel counts it: characters beyond U+FFFF count two."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def fits(text: str) -> bool:
    """Whether text fits in one cell."""
    return len(text) <= EXCEL_CELL_LIMIT // 2 or (
        len(text) <= EXCEL_CELL_LIMIT and utf16_length(text) <= EXCEL_CELL_LIMIT)


def at_the_limit(text: str) -> bool:
    """Whether text fills a cell (or one unit short of it, where an emoji that did not fit
    would have been cut), or more: Excel may have cut what followed."""
    return len(text) >= EXCEL_CELL_LIMIT - 1 or (
        len(text) * 2 >= EXCEL_CELL_LIMIT - 1 and utf16_length(text) >= EXCEL_CELL_LIMIT - 1)


def cut_to_limit(text: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """The longest start of text (whole characters) whose UTF-16 length is within limit."""
    if len(text) <= limit // 2:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


# --- Addresses ----------------------------------------------------------------------------

def column_letter(index: int) -> str:
    """A column as Excel names it: 0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Characters ---------------------------------------------------------------------------

def storable(text: str) -> str:
    """Text with each character a workbook cannot store (lone surrogates, U+FFFE, U+FFFF)
    replaced with U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text) if _UNSTORABLE.search(text) else text


def is_storable(text: str) -> bool:
    """Whether every character of text can be stored in a workbook."""
    return _UNSTORABLE.search(text) is None


def without_bidi_controls(text: str) -> tuple[str, str]:
    """Text without its bidirectional controls, and the controls removed (in order)."""
    removed = _BIDI.findall(text)
    if not removed:
        return text, ""
    return _BIDI.sub("", text), "".join(removed)


def has_bidi_controls(text: str) -> bool:
    """Whether text holds a character that reorders how it is displayed."""
    # A handful of substring searches beats one regex on long text (a whole sheet's).
    return not text.isascii() and any(control in text for control in BIDI_CONTROLS)


def character_names(characters: str) -> str:
    """'RIGHT-TO-LEFT OVERRIDE (U+202E) x2, LEFT-TO-RIGHT MARK (U+200E)': for messages."""
    counts: dict[str, int] = {}
    for char in characters:
        counts[char] = counts.get(char, 0) + 1
    named = []
    for char, count in counts.items():
        name = unicodedata.name(char, "UNNAMED CHARACTER")
        named.append(f"{name} (U+{ord(char):04X})" + (f" x{count:,}" if count > 1 else ""))
    return ", ".join(named)


# --- Formula-looking text -----------------------------------------------------------------

def needs_quote_prefix(text: str) -> bool:
    """Whether retyping this text in Excel would make it a formula or an error value."""
    return text.startswith(FORMULA_STARTS) or text.strip().upper() in ERROR_CODES


def is_rich_string_marker(text: str) -> bool:
    """Whether xlsxwriter would take this text for raw rich-string XML."""
    return text.startswith(_RICH_MARKER_START) and text.endswith(_RICH_MARKER_END)


# --- Writing ------------------------------------------------------------------------------

class QuotedFormats:
    """The quote-prefixed twin of each cell format of one workbook, made when first needed.

    xlsxwriter keeps the quote prefix in the cell format, and a format cannot be copied,
    so formats that may hold formula-looking text are made through `add`, which keeps
    their properties.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._properties: dict[int, dict] = {}
        self._twins: dict[int | None, Format] = {}

    def add(self, properties: dict) -> Format:
        """A new cell format, as `Workbook.add_format`, whose twin can be made."""
        cell_format = self._workbook.add_format(properties)
        self._properties[id(cell_format)] = dict(properties)
        return cell_format

    def quoted(self, cell_format: Format | None) -> Format:
        """The same format with Excel's quote prefix."""
        key = None if cell_format is None else id(cell_format)
        if key not in self._twins:
            if key is not None and key not in self._properties:
                raise ValueError("this format was not made through QuotedFormats.add")
            properties = {} if key is None else self._properties[key]
            self._twins[key] = self._workbook.add_format({**properties, "quote_prefix": True})
        return self._twins[key]


def write_text(sheet: Worksheet, row: int, col: int, text: str,
               cell_format: Format | None = None,
               formats: QuotedFormats | None = None) -> None:
    """Write text as an inert string cell, exactly as given.

    The caller makes text fit first (`storable`, `cut_to_limit`) and says so where it
    matters. Formula-looking text gets the quote prefix when `formats` is given (see
    `QuotedFormats`); text shaped like xlsxwriter's rich-text marker is written as plain
    runs, so it is stored as written. Empty text is a blank cell.
    """
    if not text:
        sheet.write_blank(row, col, None, cell_format)
        return
    if formats is not None and needs_quote_prefix(text):
        cell_format = formats.quoted(cell_format)
    if is_rich_string_marker(text):
        # Runs without a format of their own take the cell's font.
        if cell_format is None:
            sheet.write_rich_string(row, col, text[:1], text[1:2], text[2:])
        else:
            sheet.write_rich_string(row, col, text[:1], cell_format, text[1:], cell_format)
    else:
        sheet.write_string(row, col, text, cell_format)
