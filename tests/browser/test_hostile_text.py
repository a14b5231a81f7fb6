"""A workbook built to be rendered as markup, in a real browser: nothing leaves for another host.

The catalogue of tests/app/test_hostile_text.py (its PMO name, mandate, services and a
sheet name carry Markdown, images and links to another host, colour directives, HTML and
bare addresses), uploaded under a file name that does the same. Each main page is opened
and checked, and a workshop saves a snapshot named the same way: no request goes to any
host but the app's, no <a> or <img> points at the payload's hosts, and the texts read
exactly as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from tests.app.test_hostile_text import (
    EVIL,
    FILE_NAME,
    OTHER,
    PMO_NAME,
    SHEET,
    SNAPSHOT,
    STATEMENT,
    STOPPED,
    XLSX,
    hostile_workbook,
    unreadable_workbook,
)
from tests.browser.streamlit_page import RUN_TIMEOUT_MS, App
from ui.literal import JOINER

PAGES = ("Findings", "Charts for sponsors", "Import", "Mandate", "Links",
         "Decisions and what-if", "Compare versions", "Export")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def outside_requests(page: Page) -> list[str]:
    """Every request the page's browser context (this tab and any it opens) makes to a host
    other than the app's, filled as they happen."""
    seen: list[str] = []

    def note(request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
            seen.append(request.url)

    page.context.on("request", note)
    return seen


def upload(app: App, name: str, data: bytes) -> None:
    with app.rerun():
        app.keyed("sidebar_upload").locator('[data-testid="stFileUploaderDropzoneInput"]') \
            .set_input_files({"name": name, "mimeType": XLSX, "buffer": data})


def read(locator) -> str:
    """A locator's text as a person reads it (the invisible joiners left out)."""
    return locator.inner_text().replace(JOINER, "")


def assert_nothing_points_away(app: App) -> None:
    for host in (EVIL, OTHER):
        expect(app.page.locator(f'a[href*="{host}"]')).to_have_count(0)
        expect(app.page.locator(f'img[src*="{host}"]')).to_have_count(0)
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_hostile_workbook_is_shown_literally_and_loads_nothing_from_elsewhere(
        page: Page, tmp_path: Path):
    away = outside_requests(page)
    app = App(page).open("/")
    upload(app, FILE_NAME, hostile_workbook(tmp_path))

    heading = app.main.locator("h1").first
    expect(heading).to_contain_text("PMO **B**")
    assert read(heading) == PMO_NAME
    assert STATEMENT in read(app.main.locator('[data-testid="stCaptionContainer"]').first)
    assert_nothing_points_away(app)

    for name in PAGES:
        app.go(name)
        assert_nothing_points_away(app)

    app.go("Charts for sponsors")
    with page.context.expect_page() as opened:  # the sponsor view opens in a new tab
        app.main.get_by_role("link", name="Open the sponsor view").click()
    sponsor = App(opened.value)
    sponsor.page.wait_for_load_state()
    sponsor.wait_idle()
    expect(sponsor.main.locator("h1").first).to_contain_text("PMO **B**")
    assert read(sponsor.main.locator("h1").first) == PMO_NAME
    text = read(sponsor.main)
    assert STOPPED in text, "the bare addresses in a service's name read as written"
    assert "\\" not in text, "no stray backslash in the sponsor view"
    assert_nothing_points_away(sponsor)
    assert away == []


def test_a_workshop_snapshot_named_with_markup_is_shown_as_written(page: Page, tmp_path: Path):
    away = outside_requests(page)
    app = App(page).open("/")
    upload(app, FILE_NAME, hostile_workbook(tmp_path))
    app.go("Decisions and what-if")
    app.click_button("Start a workshop")
    expect(app.page).to_have_url(re.compile(r"workshop="), timeout=RUN_TIMEOUT_MS)
    expect(app.metric_value("Effort freed")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    assert FILE_NAME in read(app.sidebar), "the sidebar names the workbook as written"
    box = app.keyed("workshop_snapshot_name").locator("input")
    box.fill(SNAPSHOT)
    with app.rerun():
        box.press("Enter")
    app.click_button("Save a snapshot")
    toast = app.page.locator('[data-testid="stToast"]').first
    expect(toast).to_contain_text("saved")
    assert f"Snapshot “{SNAPSHOT}” saved." in read(toast)
    assert_nothing_points_away(app)
    app.go("Compare versions")
    heading = app.main.locator("h3").first
    expect(heading).to_contain_text("**Snap**")
    assert read(heading).startswith(SNAPSHOT)
    assert_nothing_points_away(app)
    assert away == []


def test_an_import_error_names_the_file_and_sheet_as_written(page: Page, tmp_path: Path):
    away = outside_requests(page)
    app = App(page).open("/")
    upload(app, FILE_NAME, unreadable_workbook(tmp_path))
    alert = app.main.locator('[data-testid="stAlert"]').first
    expect(alert).to_contain_text("could not be imported")
    said = read(alert.locator('[data-testid="stMarkdownContainer"]'))
    assert said.startswith(f"{FILE_NAME} could not be imported")
    assert f"'{SHEET}'" in said
    assert_nothing_points_away(app)
    assert away == []
