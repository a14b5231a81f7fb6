"""The sponsor's paths in a real browser: the sponsor link exactly as the sidebar shows it,
the sponsor view opened from the charts page, and the room's layout at a laptop's and a
phone's size.

Every workshop lives in the test session's scratch database ($PMO_AUDITOR_DB).
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.streamlit_page import RUN_TIMEOUT_MS, App
from tests.browser.test_workshop import (
    FIRST,
    decide,
    expect_effort_freed,
    expect_no_error,
    new_tab,
    start_workshop,
    write_owner,
)

SAMPLES = Path(__file__).resolve().parents[2] / "sample_catalogues"
GOVERNMENT = "Portfolio and Assurance Office (PAO)"
SPONSOR_LINK = re.compile(r"\?sponsor=[A-Za-z0-9_-]{22}\s*$")


def expect_no_page_not_found(app: App) -> None:
    """Streamlit's "Page not found" dialog is not shown."""
    expect(app.page.get_by_text("Page not found")).to_have_count(0)
    expect(app.page.locator('[role="dialog"]')).to_have_count(0)


def test_the_sponsor_link_as_the_sidebar_shows_it_opens_the_sponsor_view(
        page: Page, browser: Browser, base_url: str):
    app = App(page)
    workshop_id = start_workshop(app)
    decide(app, FIRST, "Retire")
    write_owner(app, FIRST, "Dana Whitfield")
    expect_effort_freed(app, "1.4")
    link = app.sidebar.locator('[data-testid="stCode"]').filter(has_text=SPONSOR_LINK) \
        .inner_text().strip()
    assert link.startswith(base_url), link

    with new_tab(browser, base_url) as sponsor:
        sponsor.open(link)  # the exact address, as the facilitator would paste it
        expect(sponsor.main.get_by_text("What the workshop decided", exact=False)) \
            .to_be_visible(timeout=RUN_TIMEOUT_MS)
        expect(sponsor.main.get_by_text("Weekly status report compilation · 1.4 FTE · "
                                        "owner Dana Whitfield")).to_be_visible()
        sponsor.page.wait_for_timeout(1_000)  # the dialog appears after the first run
        expect_no_page_not_found(sponsor)
        assert workshop_id not in sponsor.page.url
        expect_no_error(sponsor)

        # a link given out from a page's address (as the sidebar did before) opens it too
        token = link.rsplit("?sponsor=", 1)[1]
        sponsor.open(f"{base_url}/workshop?sponsor={token}")
        expect(sponsor.main.get_by_text("What the workshop decided", exact=False)) \
            .to_be_visible(timeout=RUN_TIMEOUT_MS)
        sponsor.page.wait_for_timeout(1_000)
        expect_no_page_not_found(sponsor)


def test_open_the_sponsor_view_opens_a_new_tab_on_the_upload_and_this_tab_keeps_it(app: App):
    app.upload(SAMPLES / "government_epmo.xlsx")
    expect(app.main.locator("h1").first).to_contain_text(GOVERNMENT)
    app.go("Charts for sponsors")
    button = app.main.get_by_role("link", name="Open the sponsor view")
    expect(button).to_be_visible()
    with app.page.context.expect_page() as opened:
        button.click()
    sponsor = App(opened.value)
    sponsor.page.wait_for_load_state()
    sponsor.wait_idle()
    expect(sponsor.main.locator("h1").first).to_contain_text(GOVERNMENT)
    expect(sponsor.charts().first).to_be_visible(timeout=15_000)
    expect(sponsor.page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    expect(sponsor.main.get_by_text("sample catalogue", exact=False)).to_have_count(0)
    sponsor.page.wait_for_timeout(1_000)
    expect_no_page_not_found(sponsor)
    expect_no_error(sponsor)
    sponsor.page.close()

    # the editing tab is where it was, with its upload
    assert app.title() == "Charts for sponsors"
    expect(app.keyed("sidebar_upload").locator('[data-testid="stFileChipName"]')) \
        .to_have_text("government_epmo.xlsx")
    app.go("Overview")
    expect(app.main.locator("h1").first).to_contain_text(GOVERNMENT)
