"""What a user does in a real browser: first visit, upload, fix a column, download, share.

Table contents are drawn on a canvas (st.dataframe), so these tests read headings,
metrics, markdown and charts; the tables themselves are checked headless (tests/app).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.streamlit_page import IDLE, RUN_TIMEOUT_MS, App

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_catalogues"
FIRST_SAMPLE = "Change Portfolio Office, Northbridge University"
GOVERNMENT = "Portfolio and Assurance Office (PAO)"
WELL_RUN = "Enterprise Portfolio Management Office (EPMO), Calder Mutual"
HEADLINES = ("Mandate fit", "Objectives covered", "Customers served", "Effort inside the mandate")


def test_the_first_visit_shows_the_sample_audit_with_its_headline_figures(app: App):
    expect(app.main.locator("h1").first).to_have_text(FIRST_SAMPLE)
    expect(app.main.locator('[data-testid="stMetric"]')).to_have_count(len(HEADLINES))
    for label in HEADLINES:
        assert re.fullmatch(r"\d{1,3}%", app.metric(label)), label
    expect(app.main.get_by_text("What needs attention first")).to_be_visible()
    expect(app.main.get_by_text("Objective not covered").first).to_be_visible()
    expect(app.page.locator('[data-testid="stException"]')).to_have_count(0)


def test_the_first_visit_shows_a_chart(app: App):
    expect(app.charts().first).to_be_visible(timeout=15_000)
    # plotly has drawn it: the figure holds SVG with at least one trace
    expect(app.charts().first.locator(".main-svg").first).to_be_attached()


def test_the_sponsor_view_shows_charts_and_nothing_to_edit(page):
    app = App(page).open("/?view=sponsor")
    expect(app.charts().first).to_be_visible(timeout=15_000)
    assert app.charts().count() >= 2, "the sponsor view shows several charts"
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_an_uploaded_workbook_is_audited_in_place_of_the_sample(app: App):
    app.upload(SAMPLES / "government_epmo.xlsx")
    expect(app.main.locator("h1").first).to_contain_text(GOVERNMENT)
    expect(app.main.get_by_text(re.compile(r"\(PAO-\d+\)")).first).to_be_visible()
    expect(app.main.get_by_text("Northbridge")).to_have_count(0)
    assert re.fullmatch(r"\d{1,3}%", app.metric("Mandate fit"))
    app.go("Import")
    assert app.metric("Services") == "26"


def unknown_column_workbook(path: Path) -> Path:
    """A Services sheet whose owners sit under a header the importer does not know."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Services"
    sheet.append(["Service name", "Description", "Customers", "Accountable exec", "FTE"])
    sheet.append(["Weekly status report", "Compile the status pack", "Executives",
                  "Dana Whitfield", 0.5])
    sheet.append(["Gate reviews", "Run stage gates", "Portfolio board", "Sam Okoro", 1.0])
    sheet.append(["PM training", "Train project managers", "Project managers", "Lee Marsh",
                  0.3])
    book.save(path)
    return path


def test_an_unrecognised_column_can_be_assigned_and_the_workbook_reimported(
        app: App, tmp_path: Path):
    app.upload(unknown_column_workbook(tmp_path / "owners_unknown.xlsx"))
    no_owner = app.main.get_by_text(re.compile(r"ha(s|ve) no owner"))
    expect(no_owner.first).to_be_visible()
    app.go("Import")
    before = int(app.metric("Import issues"))
    expect(app.main.get_by_text("Columns the importer did not recognise")).to_be_visible()
    app.choose("Column 'Accountable exec'", "Owner")
    app.click_button("Re-import with these columns")
    expect(app.metric_value("Import issues")).to_have_text(str(before - 1))
    # the choice is kept, so it can be changed again
    expect(app.page.get_by_role("combobox", name="Column 'Accountable exec'")) \
        .to_have_value("Owner")
    # the owners now count: the audit no longer says the services have none
    app.go("Overview")
    expect(app.main.get_by_text("Missing data").first).to_be_visible()
    expect(no_owner).to_have_count(0)


def test_the_template_download_is_a_workbook_that_opens(app: App, tmp_path: Path):
    with app.page.expect_download() as download:
        app.keyed("sidebar_template").get_by_role("button").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    book = openpyxl.load_workbook(saved, read_only=True)
    assert {"Mandate", "Objectives", "Customers", "Services"} <= set(book.sheetnames)


def test_two_people_uploading_at_once_each_see_only_their_own_catalogue(browser: Browser,
                                                                        base_url: str):
    contexts = [browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
                for _ in range(2)]
    try:
        first, second = (App(context.new_page()).open("/") for context in contexts)
        uploads = ((first, SAMPLES / "well_run_epmo.xlsx"),
                   (second, SAMPLES / "government_epmo.xlsx"))
        # both uploads are sent before either page is waited on, so the server runs them together
        for app, path in uploads:
            app.keyed("sidebar_upload").locator('[data-testid="stFileUploaderDropzoneInput"]') \
                .set_input_files(str(path))
        for app, expected, other in ((first, WELL_RUN, GOVERNMENT),
                                     (second, GOVERNMENT, WELL_RUN)):
            heading = app.main.locator("h1").first
            expect(heading).to_contain_text(expected, timeout=RUN_TIMEOUT_MS)
            app.page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
            expect(app.page.get_by_text(other)).to_have_count(0)
            expect(app.page.get_by_text(FIRST_SAMPLE)).to_have_count(0)
        # and each keeps its own on the next page too
        first.go("Import")
        second.go("Import")
        assert first.metric("Services") == "21"
        assert second.metric("Services") == "26"
    finally:
        for context in contexts:
            context.close()


PAGES = {
    "overview": "/",
    "findings": "/findings",
    "charts": "/charts",
    "import": "/import",
    "mandate": "/mandate",
    "links": "/links",
    "export": "/export",
    "sponsor": "/?view=sponsor",
}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_without_an_error_on_a_first_visit(page, name: str, screenshots: Path):
    app = App(page).open(PAGES[name])
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(app.main.locator("h1").first).to_be_visible()
    app.screenshot(screenshots / f"{name}.png")
