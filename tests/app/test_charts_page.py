"""The charts page and the sponsor view, headless (Streamlit's AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
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


def test_the_charts_page_opens_the_sponsor_view_on_the_same_catalogue():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.selectbox(key="sidebar_sample").select("government_epmo.xlsx").run()
    app.switch_page("app_pages/charts.py").run()
    app.button(key="charts_sponsor_view").click().run()
    assert not app.exception
    assert app.query_params["view"] in ("sponsor", ["sponsor"])
    assert app.title[0].value.startswith("Portfolio and Assurance Office")
    assert not app.get("file_uploader") and not app.get("button")
    assert len(figures(app)) >= 5


def test_the_overview_shows_the_quadrant_on_first_visit():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert any(title.startswith("Alignment against value") for title in titles(app))
