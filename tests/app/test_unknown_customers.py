"""Unknown customers follow the mandate as edited in the app: the Import page re-checks them,
and the Mandate page offers to add each one or map it to a mandate group (headless).

The coaching story's services name 'Project boards' and 'Directors', which its mandate does
not list.
"""

from __future__ import annotations

import hashlib

from streamlit.testing.v1 import AppTest

from tests.app.markdown import shown
from tests.app.test_mandate_page import edit_table, open_app


def tag(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def import_problems(app: AppTest) -> list[str]:
    """The "What to do" of every unknown-customer issue on the Import page."""
    app.switch_page("app_pages/import.py").run()
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    return list(table[table["Problem"] == "unknown-customer"]["What to do"])


def test_a_customer_added_in_the_mandate_table_is_no_longer_unknown_on_the_import_page():
    app = open_app()
    before = import_problems(app)
    assert any("'Directors'" in p for p in before)
    app.switch_page("app_pages/mandate.py").run()
    edit_table(app, "customers", added_rows=[{"name": "Directors", "importance": 2}])
    after = import_problems(app)
    assert not any("'Directors'" in p for p in after), after
    assert any("'Project boards'" in p for p in after)  # still unknown, still reported


def test_the_mandate_page_lists_unmatched_names_and_adds_one_with_a_click():
    app = open_app()
    listed = [shown(m.value) for m in app.markdown]
    assert any(line.startswith("**Directors**") for line in listed), listed
    assert any(line.startswith("**Project boards**") for line in listed), listed
    app.button(key=f"mandate_add_customer_{tag('Directors')}").click().run()
    assert not app.exception, [e.value for e in app.exception]
    customers = [c.name for c in app.session_state["overrides"].customers]
    assert customers[-1] == "Directors"
    assert not any(b.key == f"mandate_add_customer_{tag('Directors')}" for b in app.button)
    # the customers table opens again on the mandate as it now is
    app.run()
    assert not app.exception
    assert [c.name for c in app.session_state["overrides"].customers] == customers
    assert not any("'Directors'" in p for p in import_problems(app))


def test_an_unmatched_name_mapped_to_a_mandate_group_links_its_services_there():
    app = open_app()
    app.selectbox(key=f"mandate_map_to_{tag('Project boards')}").set_value("Investment Board")
    app.button(key=f"mandate_map_customer_{tag('Project boards')}").click().run()
    assert not app.exception, [e.value for e in app.exception]
    links = app.session_state["overrides"].links
    assert links, "the services naming it became a person's decision"
    for decided in links.values():
        assert "Investment Board" in decided.customers
        assert "Project boards" not in decided.customers
    assert app.session_state["overrides"].customers is None  # the mandate itself unchanged
    assert not any(shown(m.value).startswith("**Project boards**") for m in app.markdown)
    problems = import_problems(app)
    assert not any("'Project boards'" in p for p in problems), problems
    assert any("'Directors'" in p for p in problems)
