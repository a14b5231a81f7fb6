"""The app headless (Streamlit's AppTest): it opens on an audited sample and imports uploads."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_app(page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    if page:
        app.switch_page(page).run()
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_the_app_opens_on_an_audited_sample_with_headline_figures_and_findings():
    app = open_app()
    assert not app.exception
    assert {"Mandate fit", "Objectives covered", "Customers served",
            "Effort inside the mandate"} <= set(metrics(app))
    # The few that matter most by effort at stake: the benefits objective nobody delivers.
    assert any("Objective not covered" in m.value for m in app.markdown)
    assert any("more on the Findings page" in c.value for c in app.caption)


def test_the_import_page_lists_what_was_read(tmp_path):
    app = open_app("app_pages/import.py")
    assert not app.exception
    assert int(metrics(app)["Services"]) > 10
    assert app.dataframe, "the services table is shown"


def test_an_upload_goes_through_the_same_import():
    app = open_app("app_pages/import.py")
    data = (ROOT / "sample_catalogues" / "government_epmo.xlsx").read_bytes()
    app.file_uploader(key="sidebar_upload").set_value(("government_epmo.xlsx", data, XLSX)).run()
    assert not app.exception
    assert metrics(app)["Services"] == "26"


def test_a_bad_file_gives_a_clear_message_and_the_app_keeps_working():
    app = open_app()
    app.file_uploader(key="sidebar_upload").set_value(("budget.xlsx", b"a,b,c\n1,2,3\n", XLSX)).run()
    assert not app.exception
    assert "not an Excel or OpenDocument workbook" in app.error[0].value
    app.file_uploader(key="sidebar_upload").set_value(None).run()
    assert not app.exception and not app.error
    assert "Mandate fit" in metrics(app)
