"""Every download on the Export page gives a file that opens in the program it is meant for.

One tab stays on the Export page for the module (each file is made from the same audit);
each test presses one button and opens what the browser saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Download, expect
from pypdf import PdfReader

from catalogue import import_catalogue
from tests.browser.streamlit_page import RUN_TIMEOUT_MS, App

PMO = "Change Portfolio Office, Northbridge University"
PMO_WORDS = "Northbridge University"
SAMPLE_SERVICES = 17


@pytest.fixture(scope="module")
def export(browser: Browser, base_url: str) -> Iterator[App]:
    """A tab that opened the app on the sample and went to the Export page."""
    context = browser.new_context(base_url=base_url, accept_downloads=True,
                                  viewport={"width": 1400, "height": 900})
    try:
        app = App(context.new_page()).open("/")
        app.go("Export")
        yield app
    finally:
        context.close()


def download(app: App, button: str, folder: Path, timeout: float = 30_000) -> Path:
    """Press a download button and return the file the browser saved."""
    target = app.main.get_by_role("button", name=button)
    expect(target).to_be_enabled(timeout=timeout)
    with app.page.expect_download(timeout=timeout) as started:
        target.click()
    got: Download = started.value
    assert got.failure() is None, got.failure()
    saved = folder / got.suggested_filename
    got.save_as(saved)
    assert saved.stat().st_size > 0
    return saved


def all_text(book: openpyxl.Workbook) -> str:
    """Every cell's text in a workbook, for looking things up."""
    return "\n".join(str(value) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for value in row
                     if value is not None)


def test_the_audit_report_is_a_workbook_that_opens(export: App, tmp_path: Path):
    saved = download(export, "Download the audit report (.xlsx)", tmp_path)
    assert saved.suffix == ".xlsx"
    book = openpyxl.load_workbook(saved, read_only=True)
    assert len(book.sheetnames) >= 2
    text = all_text(book)
    assert PMO_WORDS in text
    assert "Weekly status report compilation" in text


def test_the_sponsor_summary_is_made_once_as_html_and_as_a_pdf_that_opens(
        export: App, tmp_path: Path):
    # Making the summary draws its charts in Chromium: seconds, with a progress bar.
    with export.rerun(timeout=RUN_TIMEOUT_MS * 3):
        export.main.get_by_role("button", name="Make the summary (HTML and PDF)").click()
    saved = download(export, "Download the summary (.html)", tmp_path)
    assert saved.suffix == ".html"
    html = saved.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert PMO_WORDS in html
    saved = download(export, "Download the summary (.pdf)", tmp_path)
    assert saved.suffix == ".pdf"
    reader = PdfReader(saved)
    assert len(reader.pages) >= 1
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert PMO_WORDS in " ".join(text.split())


def test_the_edited_catalogue_is_a_workbook_that_imports_again(export: App, tmp_path: Path):
    saved = download(export, "Download the catalogue (.xlsx)", tmp_path)
    assert saved.suffix == ".xlsx"
    assert openpyxl.load_workbook(saved, read_only=True).sheetnames
    again = import_catalogue(saved.read_bytes(), filename=saved.name)
    assert again.catalogue.mandate.pmo_name == PMO
    assert len(again.catalogue.services) == SAMPLE_SERVICES
