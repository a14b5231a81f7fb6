"""The charts page and the sponsor view, headless (Streamlit's AppTest)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITING_WIDGETS = ("file_uploader", "data_editor", "text_input", "text_area", "number_input",
                   "selectbox", "multiselect", "checkbox", "toggle", "radio", "slider")


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def titles(app: AppTest) -> list[str]:
    return [f["layout"]["title"]["text"] for f in figures(app)]


def sponsor_view() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["view"] = "sponsor"
    app.run()
    return app


def test_the_charts_page_shows_every_sponsor_chart_with_how_to_read_it():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/charts.py").run()
    assert not app.exception
    shown = titles(app)
    assert len(shown) >= 5
    for words in ("How much of the PMO serves its mandate", "Alignment against value",
                  "Effort against priority", "Which services deliver which objectives",
                  "Who the effort is for"):
        assert any(title.startswith(words) for title in shown), words
    captions = [c.value for c in app.caption if c.value.startswith("**How to read this:**")]
    assert len(captions) == len(shown)
    assert "Mandate fit" in [m.label for m in app.metric]
    assert any("?view=sponsor" in c.value for c in app.caption)


def test_the_sponsor_view_shows_the_charts_and_no_editing_widget():
    app = sponsor_view()
    assert not app.exception
    assert len(figures(app)) >= 5
    for widget in EDITING_WIDGETS:  # in the page and in the (hidden) sidebar alike
        assert not app.get(widget), widget
    assert app.title[0].value.startswith("Change Portfolio Office")
    markdown = " ".join(m.value for m in app.markdown)
    assert "**Mandate**" in markdown  # the mandate statement
    assert "What the PMO proposes to stop" in [h.value for h in app.subheader]
    assert "**Retire** · Timesheet chasing and effort returns" in markdown


def open_sponsor_link(url: str) -> AppTest:
    """A new tab on the address of "Open the sponsor view" (an AppTest is a new session)."""
    query = parse_qs(urlsplit(url).query)
    tab = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, values in query.items():
        tab.query_params[name] = values[0]
    tab.run()
    assert not tab.exception, [e.value for e in tab.exception]
    return tab


def sponsor_link(app: AppTest) -> str:
    return app.link_button(key="charts_sponsor_view").proto.url


def test_the_sponsor_view_opens_in_a_new_tab_on_the_upload_as_edited_and_this_tab_keeps_it():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    data = (ROOT / "sample_catalogues" / "government_epmo.xlsx").read_bytes()
    app.file_uploader(key="sidebar_upload").set_value(("our_catalogue.xlsx", data, XLSX)).run()
    app.switch_page("app_pages/mandate.py").run()
    next(t for t in app.text_input if t.label == "PMO name").set_value("Renamed Office").run()
    app.switch_page("app_pages/charts.py").run()
    assert not app.exception
    url = sponsor_link(app)
    assert "view=sponsor" in url and "from=" in url
    assert sponsor_link(app) == url  # the same content keeps one link

    sponsor = open_sponsor_link(url)
    assert sponsor.title[0].value == "Renamed Office"  # the upload, with the edit made here
    assert not [i for i in sponsor.info if "sample" in i.value]
    for widget in EDITING_WIDGETS:
        assert not sponsor.get(widget), widget
    assert len(figures(sponsor)) >= 5

    # the editing tab never left: its upload and its edit are all there
    assert app.file_uploader(key="sidebar_upload").value is not None
    app.switch_page("app_pages/overview.py").run()
    assert app.title[0].value == "Renamed Office"
    assert "Portfolio and Assurance Office" not in app.title[0].value


def test_a_sponsor_view_of_a_sample_says_it_is_a_sample():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.selectbox(key="sidebar_sample").select("government_epmo.xlsx").run()
    app.switch_page("app_pages/charts.py").run()
    sponsor = open_sponsor_link(sponsor_link(app))
    assert sponsor.title[0].value.startswith("Portfolio and Assurance Office")
    notice = [i.value for i in sponsor.info if "sample catalogue" in i.value]
    assert notice and "government" in notice[0] and "not your PMO's own" in notice[0]


def test_an_expired_sponsor_view_link_says_so_and_shows_the_sample_as_a_sample():
    sponsor = open_sponsor_link("?view=sponsor&from=" + "A" * 22)
    assert any("has expired" in w.value for w in sponsor.warning)
    assert "from" not in sponsor.query_params
    assert any("sample catalogue" in i.value for i in sponsor.info)


def test_the_overview_shows_the_quadrant_on_first_visit():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert any(title.startswith("Alignment against value") for title in titles(app))
