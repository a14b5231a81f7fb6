"""The rules for Excel-safe cells, shared by every workbook the app writes and reads."""

from __future__ import annotations

import io

import openpyxl
import pytest
import xlsxwriter

from catalogue import cells
from catalogue.cells import EXCEL_CELL_LIMIT


def test_length_is_counted_as_excel_counts_it():
    assert cells.utf16_length("abc") == 3
    assert cells.utf16_length("😀é") == 3  # the emoji is two UTF-16 units
    emoji = "😀" * (EXCEL_CELL_LIMIT // 2 + 1)
    assert not cells.fits(emoji) and cells.fits(emoji[:-1])
    assert cells.cut_to_limit(emoji) == emoji[:-1]  # never half an emoji
    assert cells.cut_to_limit("x" * 40_000) == "x" * EXCEL_CELL_LIMIT
    assert cells.at_the_limit("x" * EXCEL_CELL_LIMIT)
    assert cells.at_the_limit("😀" * (EXCEL_CELL_LIMIT // 2))  # the next emoji did not fit
    assert not cells.at_the_limit("x" * (EXCEL_CELL_LIMIT - 2))


def test_unstorable_characters_become_replacement_characters():
    assert cells.storable("a\ud800b\ufffe\uffffc") == "a\ufffdb\ufffd\ufffdc"
    assert cells.is_storable("plain 😀") and not cells.is_storable("\udc00")


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx", "\nx",
                                  "#N/A", "#ref!", "#DIV/0!"])
def test_formula_looking_text_needs_the_quote_prefix(text):
    assert cells.needs_quote_prefix(text)


@pytest.mark.parametrize("text", ["Intake", "'quoted", "a=b", "#hashtag", "<r>x</r>", " =1"])
def test_other_text_does_not(text):
    assert not cells.needs_quote_prefix(text)


def test_bidirectional_controls_are_found_and_named():
    text, removed = cells.without_bidi_controls("abc\u202edcba\u202c \u2066x\u2069\u200f")
    assert text == "abcdcba x"
    assert removed == "\u202e\u202c\u2066\u2069\u200f"
    assert cells.character_names("\u202e\u202e\u200e") == (
        "RIGHT-TO-LEFT OVERRIDE (U+202E) x2, LEFT-TO-RIGHT MARK (U+200E)")
    assert cells.without_bidi_controls("plain") == ("plain", "")


def written(*texts: str) -> openpyxl.worksheet.worksheet.Worksheet:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, cells.WORKBOOK_OPTIONS)
    formats = cells.QuotedFormats(book)
    bold = formats.add({"bold": True})
    sheet = book.add_worksheet("Cells")
    for row, text in enumerate(texts):
        cells.write_text(sheet, row, 0, text, bold, formats)
        cells.write_text(sheet, row, 1, text)
    book.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Cells"]


def test_written_text_is_stored_as_written_and_quoted_where_needed():
    texts = ["<r>Intake</r>", "=HYPERLINK(\"http://x\")", "#N/A", "plain", "<r>=1</r>"]
    sheet = written(*texts)
    for row, text in enumerate(texts, start=1):
        with_formats, without = sheet.cell(row, 1), sheet.cell(row, 2)
        assert (with_formats.value, without.value) == (text, text)
        assert with_formats.data_type == without.data_type == "s"
        assert bool(with_formats.quotePrefix) == cells.needs_quote_prefix(text)
        assert with_formats.font.b and not without.quotePrefix


def test_a_format_made_elsewhere_has_no_twin():
    book = xlsxwriter.Workbook(io.BytesIO(), cells.WORKBOOK_OPTIONS)
    with pytest.raises(ValueError):
        cells.QuotedFormats(book).quoted(book.add_format({"bold": True}))
    book.close()
