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


ROOM = {"width": 1280, "height": 720}
PHONE_USER_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")

# Every piece of text plotly drew in one chart, as boxes in the page; and the chart's own box.
_TEXT_BOXES = """(chart) => {
    const boxes = [];
    for (const el of chart.querySelectorAll('text')) {
        const text = (el.textContent || '').trim();
        const r = el.getBoundingClientRect();
        if (!text || r.width === 0 || r.height === 0) continue;
        const style = window.getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none'
            || Number(style.opacity) === 0) continue;
        boxes.push({text, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                    size: parseFloat(style.fontSize)});
    }
    const c = chart.getBoundingClientRect();
    return {boxes, chart: {left: c.left, right: c.right, top: c.top, bottom: c.bottom}};
}"""


def overlapping(boxes: list[dict], slack: float = 1.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than `slack` pixels each way."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
                    and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack):
                found.append((a["text"], b["text"]))
    return found


def test_in_the_room_the_panel_and_the_live_figures_fit_one_laptop_screen(
        browser: Browser, base_url: str, screenshots: Path):
    context = browser.new_context(base_url=base_url, viewport=ROOM)
    try:
        app = App(context.new_page())
        start_workshop(app)
        decide(app, FIRST, "Retire")
        strip = app.keyed("workshop_strip")
        expect(strip).to_contain_text("Effort freed 1.4 FTE")
        app.page.screenshot(path=str(screenshots / "room_1280x720.png"))  # what the room sees
        for part in (strip, app.keyed(f"workshop_kind_{FIRST}"),
                     app.keyed(f"workshop_rationale_{FIRST}"),
                     app.keyed(f"workshop_owner_{FIRST}")):
            box = part.bounding_box()
            assert box is not None
            assert box["y"] >= 0 and box["y"] + box["height"] <= ROOM["height"], box
        scrolled = app.page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
        assert scrolled == 0
        # the what-if's chart labels are readable from the back of the room
        chart = app.main.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        drawn = chart.evaluate(_TEXT_BOXES)
        assert drawn["boxes"] and min(b["size"] for b in drawn["boxes"]) >= 12
        expect_no_error(app)
    finally:
        context.close()


def test_on_a_phone_the_sponsor_view_lists_what_stops_first_and_no_label_overlaps(
        browser: Browser, base_url: str, screenshots: Path):
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844},
                                  user_agent=PHONE_USER_AGENT, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    try:
        app = App(context.new_page()).open("/?view=sponsor")
        charts = app.charts()
        expect(charts).to_have_count(6, timeout=30_000)
        app.page.wait_for_timeout(1_000)  # let plotly finish laying out
        app.screenshot(screenshots / "sponsor_phone_390x844.png")
        stops = app.main.get_by_text("What the PMO proposes to stop")
        expect(stops).to_be_visible()
        assert stops.bounding_box()["y"] < charts.first.bounding_box()["y"]
        # nothing runs off the side of the screen
        widths = app.page.evaluate("""() => [document.documentElement.scrollWidth,
            document.querySelector('[data-testid="stMain"]').scrollWidth]""")
        assert max(widths) <= 390, widths
        # no toolbar over a title
        expect(app.main.locator(".modebar-container .modebar")).to_have_count(0)
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.scroll_into_view_if_needed()
            drawn = chart.evaluate(_TEXT_BOXES)
            name = drawn["boxes"][0]["text"] if drawn["boxes"] else f"chart {index}"
            assert not overlapping(drawn["boxes"]), (name, overlapping(drawn["boxes"]))
            edge = drawn["chart"]
            clipped = [b["text"] for b in drawn["boxes"]
                       if b["left"] < edge["left"] - 1 or b["right"] > edge["right"] + 1]
            assert not clipped, (name, clipped)
            assert min(b["size"] for b in drawn["boxes"]) >= 12, name
        expect_no_error(app)
    finally:
        context.close()
