"""The app headless (Streamlit's AppTest): it opens on a sample and imports uploads."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_app() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return app.run()


def test_the_app_opens_on_a_sample_catalogue_with_its_services_and_issues():
    app = open_app()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Services"]) > 10
    assert app.dataframe, "the services table is shown"


def test_an_upload_goes_through_the_same_import(tmp_path):
    app = open_app()
    data = (ROOT / "sample_catalogues" / "government_epmo.xlsx").read_bytes()
    app.file_uploader(key="upload").set_value(("government_epmo.xlsx", data, XLSX)).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Services"] == "26"


def test_a_bad_file_gives_a_clear_message_and_the_app_keeps_working():
    app = open_app()
    app.file_uploader(key="upload").set_value(("budget.xlsx", b"a,b,c\n1,2,3\n", XLSX)).run()
    assert not app.exception
    assert "not an Excel or OpenDocument workbook" in app.error[0].value
    app.file_uploader(key="upload").set_value(None).run()
    assert not app.exception and not app.error
