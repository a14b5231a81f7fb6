"""The server's warm-up (ui/serve.py) leaves the first visitor nothing to read, audit or draw."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from ui import data, overview_page, serve

ROOT = Path(__file__).resolve().parents[2]


def counting(monkeypatch, module, name: str, calls: Counter) -> None:
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls[name] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def test_the_first_visitor_finds_the_sample_read_audited_and_drawn(monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    calls: Counter = Counter()
    counting(monkeypatch, data, "import_catalogue", calls)
    counting(monkeypatch, data, "run_audit", calls)
    counting(monkeypatch, overview_page, "alignment_value_quadrant", calls)

    overview_page.warm_sample()
    assert calls == {"import_catalogue": 1, "run_audit": 1, "alignment_value_quadrant": 1}

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [m.label for m in at.metric][:2] == ["Mandate fit", "Objectives covered"]
    assert len(at.get("plotly_chart")) == 1
    # nothing was read, audited or drawn again for the visitor
    assert calls == {"import_catalogue": 1, "run_audit": 1, "alignment_value_quadrant": 1}


def test_a_warm_up_that_fails_is_logged_and_harms_nothing(monkeypatch, caplog):
    def broken() -> None:
        raise OSError("the sample folder is not readable")

    monkeypatch.setattr(overview_page, "warm_sample", broken)
    monkeypatch.setattr("streamlit.runtime.Runtime.exists", staticmethod(lambda: True))
    monkeypatch.setattr(st_config, "get_option", lambda name: name == "server.headless")
    assert serve.warm_up(wait_seconds=1) is False
    assert "The warm-up failed" in caplog.text


def test_a_server_that_opens_a_browser_at_once_does_not_warm_up(monkeypatch):
    """On a laptop the browser opens with the server: the warm-up would only compete."""
    warmed = []
    monkeypatch.setattr(overview_page, "warm_sample", lambda: warmed.append(True))
    monkeypatch.setattr("streamlit.runtime.Runtime.exists", staticmethod(lambda: True))
    monkeypatch.setattr(st_config, "get_option", lambda name: False)
    assert serve.warm_up(wait_seconds=1) is False
    assert not warmed


def test_a_headless_server_warms_up(monkeypatch):
    warmed = []
    monkeypatch.setattr(overview_page, "warm_sample", lambda: warmed.append(True))
    monkeypatch.setattr("streamlit.runtime.Runtime.exists", staticmethod(lambda: True))
    monkeypatch.setattr(st_config, "get_option", lambda name: name == "server.headless")
    assert serve.warm_up(wait_seconds=1) is True
    assert warmed == [True]


def test_without_a_server_the_warm_up_gives_up_quietly(monkeypatch):
    monkeypatch.setattr("streamlit.runtime.Runtime.exists", staticmethod(lambda: False))
    assert serve.warm_up(wait_seconds=0.05) is False
