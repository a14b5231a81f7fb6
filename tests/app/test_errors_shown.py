"""The app shows every error one way (`ui.errors.show_error`), and "Use mine" never loses one.

Any error of the tree (catalogue, config, workshop store, summary) is shown with the same
icon, its headline bold and its message as written. No page calls `st.error` itself.
"Use mine instead" on a conflict either saves, or says why it could not: someone changed
the field again (a new conflict), or the database could not be written.
"""

from __future__ import annotations

import ast
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.markdown import shown
from tests.app.test_workshop_page import decide, open_app, started
from ui import errors, workshop
from ui.literal import md_escape
from workshop.store import StoreError, WorkshopStore

ROOT = Path(__file__).resolve().parents[2]


def _every_kind_of_error() -> None:
    from audit.config import ConfigError
    from catalogue.errors import NoServicesTable
    from reports.summary import SummaryError
    from ui.errors import Problem, show_error
    from workshop.store import StoreError

    show_error(NoServicesTable("No sheet holds services (sheets found: '**S** <b>x</b>')."),
               "**F** [f](http://evil.example).xlsx could not be imported.")
    show_error(ConfigError("the minimum must be below the full confidence"),
               "These settings cannot be used.")
    show_error(StoreError("The workshop database could not be written."))
    show_error(SummaryError("PDF export needs Chromium."), "The one-pager could not be made.",
               advice="The interactive HTML needs no browser.")
    show_error(Problem("before.xlsx could not be imported.", "The file is empty."))
    show_error("No workshop has this link.")


def test_every_error_is_shown_the_same_way_with_its_text_as_written():
    app = AppTest.from_function(_every_kind_of_error, default_timeout=30)
    app.run()
    assert not app.exception
    assert len(app.error) == 6
    assert {e.icon for e in app.error} == {errors.ICON}
    headline = "**F** [f](http://evil.example).xlsx could not be imported."
    message = "No sheet holds services (sheets found: '**S** <b>x</b>')."
    assert app.error[0].value == f"**{md_escape(headline)}** {md_escape(message)}"
    assert "The interactive HTML needs no browser." in app.error[3].value
    assert shown(app.error[5].value) == "No workshop has this link."


def test_no_page_shows_an_error_except_through_show_error():
    offenders = []
    for path in [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py"))]:
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("error", "exception") \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "st":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def _conflict_in_second_tab() -> tuple[AppTest, AppTest, str]:
    """Two tabs; the first saved an owner the second did not see, so its own was refused."""
    first, workshop_id = started()
    second = open_app(workshop_id)
    second.selectbox(key="workshop_service").set_value("CPO-01").run()
    decide(first, "CPO-01", "keep", owner="Ann")
    second.text_input(key="workshop_owner_CPO-01").set_value("Bo").run()
    assert any("Not saved" in w.value for w in second.warning)
    return first, second, workshop_id


def _use_mine(app: AppTest) -> None:
    next(b for b in app.button if b.label == "Use mine instead").click().run()
    assert not app.exception, [e.value for e in app.exception]


def test_use_mine_after_a_third_change_says_so_and_overwrites_nothing():
    first, second, workshop_id = _conflict_in_second_tab()
    first.text_input(key="workshop_owner_CPO-01").set_value("Cy").run()  # changed again
    _use_mine(second)
    assert workshop.store().load(workshop_id).state.decisions["CPO-01"].owner == "Cy"
    warnings = [shown(w.value) for w in second.warning]
    assert len(warnings) == 1, warnings
    assert "Theirs: “Cy”. Yours: “Bo”." in warnings[0]
    _use_mine(second)  # now against the latest: it is saved
    assert workshop.store().load(workshop_id).state.decisions["CPO-01"].owner == "Bo"
    assert not second.warning


def test_use_mine_when_the_database_cannot_be_written_says_so(monkeypatch):
    _first, second, workshop_id = _conflict_in_second_tab()

    def locked(*args, **kwargs):
        raise StoreError("The workshop database is locked by another program; try again.")

    monkeypatch.setattr(WorkshopStore, "save_many", locked)
    _use_mine(second)
    assert [shown(e.value) for e in second.error] == [
        "The workshop database is locked by another program; try again."]
    assert {e.icon for e in second.error} == {errors.ICON}
    monkeypatch.undo()
    assert workshop.store().load(workshop_id).state.decisions["CPO-01"].owner == "Ann"
