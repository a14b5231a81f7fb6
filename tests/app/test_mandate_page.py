"""The mandate page: the tables' helpers alone, then the page headless (AppTest).

AppTest cannot type into a `st.data_editor`, so the tables are edited the way the browser
reports an edit: by setting the editor's state (edited, added and deleted rows).
"""

from io import BytesIO
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from catalogue.model import Catalogue, Customer, Horizon, Mandate, Objective, PMOType
from tests.app.markdown import shown
from ui.editing import (
    customers_from_table,
    customers_table,
    edited_mandate,
    has_mandate,
    objectives_from_table,
    objectives_table,
)

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

OBJECTIVES = (
    Objective("O1", "Prioritise the portfolio", 5.0, "Every proposal scored", Horizon.SHORT),
    Objective("O2", "Realise benefits", None, None, None),
)
CUSTOMERS = (Customer("Executive board", 5.0, "One view of the portfolio"),
             Customer("Project managers", None, None))


# ---------------------------------------------------------------- tables <-> records

def test_objectives_and_customers_come_back_from_their_tables_unchanged():
    assert objectives_from_table(objectives_table(OBJECTIVES)).records == OBJECTIVES
    assert customers_from_table(customers_table(CUSTOMERS)).records == CUSTOMERS
    assert objectives_from_table(objectives_table(())).records == ()


def test_rows_with_a_problem_are_named_and_left_out_blank_rows_ignored():
    table = pd.DataFrame({
        "id": ["O1", None, "o1 ", "O3", "O4", None],
        "statement": ["Prioritise", "No id here", "Same id", "Bad priority", "Bad horizon", None],
        "priority": [5, 1, 2, -1, 3, None],
        "success_measure": [None] * 6,
        "horizon": [None, None, None, None, "next year", None],
    })
    checked = objectives_from_table(table)
    assert [o.id for o in checked.records] == ["O1"]
    problems = "\n".join(checked.problems)
    assert len(checked.problems) == 4, problems
    assert "Objectives row 2: it has no id" in problems
    assert "Objectives row 3 (o1): the id o1 is already used by row 1" in problems
    assert "Objectives row 4 (O3): the priority must be 0 or more" in problems
    assert "Objectives row 5 (O4): the horizon \"next year\"" in problems
    assert all(p.endswith("left out of the audit until it is fixed.") for p in checked.problems)


def test_customer_names_must_be_given_and_unique_ignoring_case_and_spacing():
    table = pd.DataFrame({"name": ["Project managers", "project  managers", None, "Sponsors"],
                          "importance": [3, 2, 1, "lots"], "expectations": [None] * 4})
    checked = customers_from_table(table)
    assert checked.records == (Customer("Project managers", 3.0),)
    assert [p.split(":")[0] for p in checked.problems] == [
        "Customers row 2 (project  managers)", "Customers row 3", "Customers row 4 (Sponsors)"]


def test_a_mandate_changes_only_in_the_fields_a_person_changed():
    base = Mandate(pmo_name="CPO ", pmo_type=PMOType.SUPPORTIVE, statement="Help.\n",
                   sponsor=None)
    same = edited_mandate(base, pmo_name="CPO ", pmo_type=PMOType.SUPPORTIVE,
                          statement="Help.\n", sponsor="")
    assert same is base  # the workbook's own spacing is not an edit
    changed = edited_mandate(base, pmo_name="CPO ", pmo_type=PMOType.DIRECTIVE,
                             statement="  ", sponsor=" COO ")
    assert changed == Mandate(pmo_name="CPO ", pmo_type=PMOType.DIRECTIVE, statement=None,
                              sponsor="COO")


def test_a_catalogue_has_a_mandate_when_any_part_of_one_is_stated():
    assert not has_mandate(Catalogue())
    assert has_mandate(Catalogue(objectives=OBJECTIVES[:1]))
    assert has_mandate(Catalogue(mandate=Mandate(pmo_type=PMOType.CONTROLLING)))


# ---------------------------------------------------------------- the page, headless

def open_app(page: str | None = "app_pages/mandate.py") -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception
    return app


def labelled(widgets, label):
    return next(w for w in widgets if w.label == label)


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def edit_table(app: AppTest, table: str, **edits) -> None:
    """Edit one of the page's tables as the browser would, then rerun."""
    key = app.session_state["mandate_pins"][table].editor
    app.session_state[key] = {"edited_rows": edits.get("edited_rows", {}),
                              "added_rows": edits.get("added_rows", []),
                              "deleted_rows": edits.get("deleted_rows", [])}
    app.run()
    assert not app.exception


def overview(app: AppTest) -> list[str]:
    app.switch_page("app_pages/overview.py").run()
    assert not app.exception
    return [f"{m.label}={m.value}" for m in app.metric] + [m.value for m in app.markdown] + \
        [c.value for c in app.caption]


def test_the_page_shows_the_workbook_mandate_without_changing_the_audit():
    app = open_app()
    assert labelled(app.selectbox, "PMO type").value is PMOType.SUPPORTIVE
    assert "Strategy 2030" in labelled(app.text_area, "Mandate statement").value
    assert list(app.dataframe[0].value["id"]) == ["OBJ-01", "OBJ-02", "OBJ-03"]
    assert len(app.dataframe[1].value) == 5
    assert not app.warning and not app.info
    assert "overrides" not in app.session_state  # looking is not editing
    assert {"Mandate fit", "Findings"} <= set(metrics(app))


def test_a_stronger_pmo_type_clears_type_mismatch_findings():
    app = open_app(None)
    labelled(app.selectbox, "…or explore a sample").set_value("government_epmo.xlsx").run()
    app.switch_page("app_pages/mandate.py").run()
    assert labelled(app.selectbox, "PMO type").value is PMOType.CONTROLLING
    findings_before = int(metrics(app)["Findings"])
    labelled(app.selectbox, "PMO type").set_value(PMOType.DIRECTIVE).run()
    assert not app.exception
    assert app.session_state["overrides"].mandate.pmo_type is PMOType.DIRECTIVE
    assert int(metrics(app)["Findings"]) < findings_before


def test_editing_the_objectives_moves_the_overview_and_survives_leaving_the_page():
    app = open_app()
    before = overview(app)
    app.switch_page("app_pages/mandate.py").run()
    edit_table(app, "objectives", deleted_rows=[0],
               added_rows=[{"id": "OBJ-04", "statement": "Run stage-gate reviews",
                            "priority": 2}])
    objectives = app.session_state["overrides"].objectives
    assert [o.id for o in objectives] == ["OBJ-02", "OBJ-03", "OBJ-04"]
    assert objectives[-1].priority == 2.0
    assert overview(app) != before
    app.switch_page("app_pages/mandate.py").run()  # the table opens on the edited objectives
    assert list(app.dataframe[0].value["id"]) == ["OBJ-02", "OBJ-03", "OBJ-04"]
    assert app.session_state["overrides"].objectives == objectives


def test_the_statement_is_edited_and_the_reset_puts_the_workbook_back():
    app = open_app()
    labelled(app.text_area, "Mandate statement").set_value("Run gate reviews for the board.")
    app.run()
    assert app.session_state["overrides"].mandate.statement == "Run gate reviews for the board."
    assert "Run gate reviews for the board." in shown("".join(overview(app)))
    app.switch_page("app_pages/mandate.py").run()
    app.button(key="mandate_reset").click().run()
    assert not app.exception
    overrides = app.session_state["overrides"]
    assert (overrides.mandate, overrides.objectives, overrides.customers) == (None, None, None)
    assert "Strategy 2030" in labelled(app.text_area, "Mandate statement").value


def test_an_invalid_row_is_named_and_not_applied():
    app = open_app()
    edit_table(app, "objectives", added_rows=[{"statement": "Coach sponsors"}],
               edited_rows={1: {"id": "obj-01"}})
    warning = shown(app.warning[0].value)
    assert "Objectives row 2 (obj-01): the id obj-01 is already used by row 1" in warning
    assert "Objectives row 4: it has no id" in warning
    assert [o.id for o in app.session_state["overrides"].objectives] == ["OBJ-01", "OBJ-03"]


def workbook_without_mandate() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Services"
    sheet.append(["Service", "Description", "Owner"])
    sheet.append(["Weekly status report", "Compile project status for the board", "Ann"])
    sheet.append(["Gate reviews", "Stage-gate assurance of projects", "Bob"])
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def test_a_workbook_without_a_mandate_invites_one_to_be_entered():
    app = open_app()
    app.file_uploader(key="sidebar_upload").set_value(
        ("services_only.xlsx", workbook_without_mandate(), XLSX)).run()
    assert not app.exception
    assert "has no mandate" in app.info[0].value
    assert app.dataframe[0].value.empty
    edit_table(app, "objectives", added_rows=[{"id": "G1", "statement": "Assure projects"}])
    assert [o.id for o in app.session_state["overrides"].objectives] == ["G1"]
