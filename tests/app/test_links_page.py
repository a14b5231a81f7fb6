"""The links page: the decision helpers alone, then the page headless (AppTest).

AppTest cannot tick a box in a `st.data_editor`, so the matrix is edited the way the
browser reports an edit: by setting the editor's state (edited rows, by position).
"""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from audit import AuditOverrides, ConfirmedLinks, run_audit
from audit.model import Recommendation
from catalogue.model import Catalogue, Customer, Objective, Service
from ui.editing import (
    EXPLICIT_MARK,
    LinkRow,
    Show,
    Side,
    accept_suggestions,
    decisions_from_matrix,
    link_row,
    matching_services,
    matrix_table,
    presentation_table,
    suggestions_at_or_above,
    target_column,
)

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ("O1", "O2", "O3")


def row(service_id="S1", stated=(), suggested=(), extra=(), decided=None, rejected=(),
        by_person=False) -> LinkRow:
    return LinkRow(service_id=service_id, name=f"Service {service_id}",
                   recommendation=Recommendation.KEEP, stated=stated,
                   stated_by_person=by_person, suggested=suggested, extra=extra,
                   decided=decided, rejected=rejected)


def edited(rows, **cells):
    """The matrix of `rows` with cells changed: {(row, column): value}."""
    table = matrix_table(rows, TARGETS)
    for (i, column), value in cells.get("cells", {}).items():
        table.loc[i, column] = value
    return table


# ---------------------------------------------------------------- decisions, pure

def test_ticking_makes_the_ticked_set_a_persons_decision_keeping_what_the_workbook_adds():
    rows = [row("S1", stated=("O1",), extra=("Governance",)), row("S2")]
    table = edited(rows, cells={(0, target_column("O3")): True})
    overrides = decisions_from_matrix(rows, table, TARGETS, Side.OBJECTIVES, AuditOverrides())
    assert overrides.links == {"S1": ConfirmedLinks(objectives=("O1", "O3", "Governance"))}


def test_unticking_everything_is_a_decision_that_the_service_serves_none():
    rows = [row("S1", stated=("O1",))]
    table = edited(rows, cells={(0, target_column("O1")): False})
    overrides = decisions_from_matrix(rows, table, TARGETS, Side.OBJECTIVES, AuditOverrides())
    assert overrides.links["S1"].objectives == ()


def test_a_row_put_back_as_it_was_restores_the_decision_it_had_when_opened():
    rows = [row("S1", stated=("O1",))]
    ticked = decisions_from_matrix(rows, edited(rows, cells={(0, target_column("O2")): True}),
                                   TARGETS, Side.OBJECTIVES, AuditOverrides())
    assert "S1" in ticked.links
    untouched = decisions_from_matrix(rows, edited(rows), TARGETS, Side.OBJECTIVES, ticked)
    assert untouched.links == {}  # the workbook's links stand again


def test_accept_adds_the_rows_suggestions_and_reject_dismisses_them():
    rows = [row("S1", suggested=(("O2", 0.4), ("O3", 0.2))),
            row("S2", suggested=(("O1", 0.3),), rejected=("O3",))]
    table = edited(rows, cells={(0, "accept"): True, (1, "reject"): True})
    overrides = decisions_from_matrix(rows, table, TARGETS, Side.OBJECTIVES, AuditOverrides())
    assert overrides.links["S1"] == ConfirmedLinks(objectives=("O2", "O3"))
    assert overrides.links["S2"] == ConfirmedLinks(rejected_objectives=("O3", "O1"))


def test_deciding_customers_keeps_the_objective_decision_and_the_customers_outside():
    before = AuditOverrides(links={"S1": ConfirmedLinks(objectives=("O1",))})
    rows = [row("S1", extra=("Directors",))]
    targets = ("Board", "PMs")
    table = matrix_table(rows, targets)
    table.loc[0, target_column("PMs")] = True
    after = decisions_from_matrix(rows, table, targets, Side.CUSTOMERS, before)
    assert after.links["S1"] == ConfirmedLinks(objectives=("O1",), customers=("PMs", "Directors"))


def test_the_presentation_matrix_marks_explicit_and_suggested_links_apart():
    rows = [row("S1", stated=("O1",)), row("S2", suggested=(("O2", 0.42),))]
    table = presentation_table(rows, TARGETS)
    assert list(table["O1"]) == [EXPLICIT_MARK, ""]
    assert list(table["O2"]) == ["", "≈0.42"]


# ---------------------------------------------------------------- on a real audit

def small_audit():
    catalogue = Catalogue(
        objectives=(Objective("B", "Realise the benefits of approved projects"),
                    Objective("C", "Build project management capability and training")),
        customers=(Customer("Sponsors"), Customer("Project managers")),
        services=(
            Service("S1", "Gate reviews", objectives=("B",), customers=("Sponsors",)),
            Service("S2", "Benefits realisation tracking", customers=("Sponsors",),
                    description="Track the benefits approved projects realise"),
            Service("S3", "PM training courses", description="Capability building for PMs",
                    objectives=("Not a mandate objective",)),
            Service("S4", "Car park permits"),
        ),
    )
    return run_audit(catalogue)


def test_accepting_suggestions_above_a_confidence_makes_exactly_those_explicit():
    result = small_audit()
    waiting = suggestions_at_or_above(result, Side.OBJECTIVES, 0.0)
    assert waiting, "the small catalogue has suggestions to accept"
    threshold = min(max(result.service(s).objective_links[0].confidence for s in waiting), 1.0)
    chosen = suggestions_at_or_above(result, Side.OBJECTIVES, threshold)
    overrides = accept_suggestions(result, Side.OBJECTIVES, threshold, AuditOverrides())
    assert set(overrides.links) == set(chosen)
    after = run_audit(result.catalogue, explicit_overrides=overrides)
    for service_id, targets in chosen.items():
        links = after.service(service_id).objective_links
        assert {link.target for link in links} == set(targets)
        assert all(link.explicit for link in links)
        # what the workbook named beyond the mandate is kept
        extra = result.service(service_id).unmatched_objectives
        assert overrides.links[service_id].objectives[len(targets):] == extra


def test_the_filters_pick_services_by_name_link_state_and_decision():
    result = small_audit()
    overrides = AuditOverrides(links={"S4": ConfirmedLinks(objectives=())})
    ids = [s.service_id for s in result.services]

    def picked(show, search=""):
        return [ids[p] for p in matching_services(result, Side.OBJECTIVES, show, search,
                                                  overrides)]

    assert picked(Show.ALL) == ids
    assert picked(Show.ALL, "  benefits ") == ["S2"]
    assert picked(Show.DECIDED) == ["S4"]
    assert "S1" not in picked(Show.UNSTATED)
    outside = picked(Show.OUTSIDE)
    assert "S4" in outside and "S1" not in outside
    assert picked(Show.SUGGESTED) == [s.service_id for s in result.services
                                      if link_row(s, Side.OBJECTIVES, overrides).suggested]


# ---------------------------------------------------------------- the page, headless

def open_links() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/links.py").run()
    assert not app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def pinned(app: AppTest, side: Side = Side.OBJECTIVES):
    """The rows the matrix on screen was opened with, and its editor's key."""
    return app.session_state["links_pins"][f"{side.value}/rows"]


def tick(app: AppTest, edits: dict, side: Side = Side.OBJECTIVES) -> None:
    """Edit the matrix on screen as the browser would: {row: {column: value}}."""
    app.session_state[pinned(app, side).editor] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}
    app.run()
    assert not app.exception


def overview(app: AppTest) -> list[str]:
    app.switch_page("app_pages/overview.py").run()
    assert not app.exception
    return [f"{m.label}={m.value}" for m in app.metric] + [m.value for m in app.markdown]


def test_the_page_opens_on_the_sample_with_both_matrices_and_changes_nothing():
    app = open_links()
    assert len(app.dataframe) == 2  # services x objectives, services x customers
    objectives = app.dataframe[0].value
    assert len(objectives) == 17
    assert {target_column(t) for t in ("OBJ-01", "OBJ-02", "OBJ-03")} <= set(objectives)
    assert "overrides" not in app.session_state
    assert metrics(app)["Services decided in the app"] == "0"


def test_accepting_all_suggestions_above_a_confidence_makes_them_explicit():
    app = open_links()
    before = overview(app)
    app.switch_page("app_pages/links.py").run()
    app.slider(key="links_objectives_threshold").set_value(0.0).run()
    button = app.button(key="links_objectives_accept_all")
    assert button.label.startswith("Accept ") and "at or above 0.00" in button.label
    suggested = int(metrics(app)["Suggested links to objectives"])
    assert suggested > 0
    button.click().run()
    assert not app.exception
    links = app.session_state["overrides"].links
    assert links and all(decision.objectives for decision in links.values())
    assert metrics(app)["Suggested links to objectives"] == "0"
    assert overview(app) != before


def test_a_tick_becomes_a_decision_an_untick_undoes_it_and_leaving_keeps_it():
    app = open_links()
    rows = pinned(app).value
    first = next(i for i, r in enumerate(rows) if not r.stated and not r.suggested)
    second = next(i for i, r in enumerate(rows) if i > first and not r.stated)
    column = target_column("OBJ-03")
    tick(app, {first: {column: True}})
    assert app.session_state["overrides"].links[rows[first].service_id].objectives[0] == "OBJ-03"
    tick(app, {first: {column: True}, second: {column: True}})  # a second edit is kept too
    assert {rows[first].service_id, rows[second].service_id} <= set(
        app.session_state["overrides"].links)
    tick(app, {first: {column: False}, second: {column: True}})  # untick: back as it was
    assert set(app.session_state["overrides"].links) == {rows[second].service_id}
    assert metrics(app)["Services decided in the app"] == "1"
    app.switch_page("app_pages/overview.py").run()
    app.switch_page("app_pages/links.py").run()
    reopened = pinned(app).value[second]
    assert reopened.stated == ("OBJ-03",) and reopened.stated_by_person
    app.button(key="links_reset").click().run()
    assert app.session_state["overrides"].links == {}


def test_rejecting_a_suggestion_stops_it_being_suggested():
    app = open_links()
    rows = pinned(app).value
    i = next(i for i, r in enumerate(rows) if r.suggested)
    target = rows[i].suggested[0][0]
    tick(app, {i: {"reject": True}})
    assert target in app.session_state["overrides"].links[rows[i].service_id].rejected_objectives
    app.switch_page("app_pages/overview.py").run()
    app.switch_page("app_pages/links.py").run()
    assert target not in dict(pinned(app).value[i].suggested)


def test_filters_and_search_narrow_the_matrix():
    app = open_links()
    app.text_input(key="links_objectives_search").set_value("RAID").run()
    assert [r.name for r in pinned(app).value] == ["RAID log administration"]
    app.text_input(key="links_objectives_search").set_value("").run()
    app.selectbox(key="links_objectives_show").set_value(Show.OUTSIDE).run()
    assert not app.exception
    outside = pinned(app).value
    assert outside and all(not r.stated and not r.suggested for r in outside)
    assert any(f"the filter selects {len(outside)} of 17" in c.value for c in app.caption)


def test_a_customer_tick_keeps_the_customers_outside_the_mandate():
    app = open_links()
    rows = pinned(app, Side.CUSTOMERS).value
    i = next(i for i, r in enumerate(rows) if r.extra and not r.stated)
    tick(app, {i: {target_column("Project managers"): True}}, Side.CUSTOMERS)
    decided = app.session_state["overrides"].links[rows[i].service_id].customers
    assert decided == ("Project managers", *rows[i].extra)


def test_the_accept_slider_starts_at_the_suggestion_threshold_offering_every_suggestion():
    app = open_links()
    told = [c.value for c in app.caption if "waiting, with confidences from" in c.value
            or c.value.startswith("No suggestion is waiting")]
    assert len(told) == 2  # objectives, then customers
    offered = 0
    for side, caption in zip(("objectives", "customers"), told, strict=True):
        slider = app.slider(key=f"links_{side}_threshold")
        assert slider.value == 0.15  # the audit's own threshold for suggesting a link
        waiting = re.match(r"(\d+) suggestions? waiting, with confidences from ([\d.]+)",
                           caption)
        if waiting is None:
            continue
        count, lowest = waiting.groups()
        assert slider.value <= float(lowest)  # never above every waiting suggestion
        label = app.button(key=f"links_{side}_accept_all").label
        assert label.startswith(f"Accept {count} suggestion"), label
        assert label.endswith("at or above 0.15"), label
        offered += int(count)
    assert offered
