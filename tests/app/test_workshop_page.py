"""Workshops in the app, headless: started, restored from the link, shared, never overwritten.

Each test drives the real app with AppTest against the session's scratch database
(tests/conftest.py). A second AppTest on the same `?workshop=` link is a second browser
tab (or the same link after a restart: nothing is kept but the store).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from audit.config import AuditConfig
from tests.app.markdown import shown
from ui import rules, workshop
from workshop.model import DecisionKind
from workshop.store import StoreError, WorkshopStore

WORKSHOP_PAGE = "app_pages/workshop.py"
ROOT = Path(__file__).resolve().parents[2]


def open_app(workshop_id: str | None = None, page: str = WORKSHOP_PAGE) -> AppTest:
    app = AppTest.from_file("../../app.py", default_timeout=60)
    if workshop_id:
        app.query_params["workshop"] = workshop_id
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def started() -> tuple[AppTest, str]:
    app = open_app()
    app.text_input(key="workshop_title_new").set_value("Northbridge CPO workshop")
    app.button(key="workshop_start").click().run()
    assert not app.exception, [e.value for e in app.exception]
    found = app.query_params["workshop"]
    return app, found[0] if isinstance(found, list) else found


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def decide(app: AppTest, service_id: str, kind: str, owner: str = "",
           rationale: str = "") -> None:
    app.selectbox(key="workshop_service").set_value(service_id).run()
    app.radio(key=f"workshop_kind_{service_id}").set_value(kind).run()
    if owner:
        app.text_input(key=f"workshop_owner_{service_id}").set_value(owner).run()
    if rationale:
        app.text_area(key=f"workshop_rationale_{service_id}").set_value(rationale).run()
    assert not app.exception, [e.value for e in app.exception]


def test_outside_a_workshop_the_page_offers_to_start_one():
    app = open_app()
    assert [b.label for b in app.button if b.key == "workshop_start"] == ["Start a workshop"]
    assert not app.radio  # no decisions without a workshop to keep them


def test_a_started_workshop_has_an_unguessable_link_and_says_when_it_was_saved():
    app, workshop_id = started()
    assert len(workshop_id) == 22
    assert any(workshop_id in c.value for c in app.sidebar.code)
    assert any("Saved at" in c.value for c in app.sidebar.caption)
    assert workshop.store().load(workshop_id).state.title == "Northbridge CPO workshop"


def test_decisions_move_the_what_if_and_come_back_from_the_link():
    app, workshop_id = started()
    assert metric(app, "Effort freed") == "0 FTE"
    decide(app, "CPO-01", "retire", owner="Priya", rationale="Boards read the dashboard now")
    decide(app, "CPO-02", "hand over", owner="Delivery leads")
    assert metric(app, "Effort freed").startswith("2.4 FTE")
    assert int(metric(app, "Findings resolved")) > 0

    again = open_app(workshop_id)  # a new tab, another browser, or after a restart
    again.selectbox(key="workshop_service").set_value("CPO-01").run()
    assert again.radio(key="workshop_kind_CPO-01").value == "retire"
    assert again.text_input(key="workshop_owner_CPO-01").value == "Priya"
    assert again.text_area(key="workshop_rationale_CPO-01").value == \
        "Boards read the dashboard now"
    assert metric(again, "Effort freed").startswith("2.4 FTE")
    decisions = workshop.store().load(workshop_id).state.decisions
    assert decisions["CPO-02"].kind is DecisionKind.HAND_OVER


def test_two_tabs_deciding_about_different_services_both_keep_their_decisions():
    first, workshop_id = started()
    second = open_app(workshop_id)
    decide(first, "CPO-01", "retire", owner="Ann")
    decide(second, "CPO-02", "improve", owner="Bo")
    third = open_app(workshop_id)
    for sid, kind, owner in (("CPO-01", "retire", "Ann"), ("CPO-02", "improve", "Bo")):
        third.selectbox(key="workshop_service").set_value(sid).run()
        assert third.radio(key=f"workshop_kind_{sid}").value == kind
        assert third.text_input(key=f"workshop_owner_{sid}").value == owner
    assert not first.warning and not second.warning


def test_a_conflicting_change_is_shown_and_the_person_chooses():
    first, workshop_id = started()
    second = open_app(workshop_id)
    second.selectbox(key="workshop_service").set_value("CPO-01").run()
    decide(first, "CPO-01", "keep", owner="Ann")
    # the second tab still shows the owner empty and types another name
    second.text_input(key="workshop_owner_CPO-01").set_value("Bo").run()
    warnings = [w.value for w in second.warning]
    assert any("Not saved" in w and "Ann" in w and "Bo" in w for w in warnings), warnings
    # nothing was overwritten, and the field now shows what is saved
    assert workshop.store().load(workshop_id).state.decisions["CPO-01"].owner == "Ann"
    assert second.text_input(key="workshop_owner_CPO-01").value == "Ann"
    next(b for b in second.button if b.label == "Use mine instead").click().run()
    assert workshop.store().load(workshop_id).state.decisions["CPO-01"].owner == "Bo"
    assert second.text_input(key="workshop_owner_CPO-01").value == "Bo"
    assert not second.warning


def test_thresholds_are_saved_in_the_workshop():
    app, workshop_id = started()
    app.switch_page("app_pages/findings.py").run()
    app.number_input(key=rules.widget_key("review_period_months", AuditConfig())).set_value(6)
    app.button(key=rules.APPLY_KEY).click().run()
    assert not app.exception
    found = workshop.store().load(workshop_id).state.config
    assert found.review_period_months == 6
    again = open_app(workshop_id, "app_pages/findings.py")
    assert again.number_input(key=rules.widget_key("review_period_months", found)).value == 6


def test_a_mandate_edit_is_saved_in_the_workshop_and_seen_by_another_tab():
    app, workshop_id = started()
    other = open_app(workshop_id, "app_pages/mandate.py")
    app.switch_page("app_pages/mandate.py").run()
    name = next(t for t in app.text_input if t.label == "PMO name")
    name.set_value("Northbridge Portfolio Office").run()
    assert not app.exception
    saved = workshop.store().load(workshop_id).state.overrides.mandate
    assert saved is not None and saved.pmo_name == "Northbridge Portfolio Office"
    other.run()  # the other tab's next interaction shows the new name, not its stale one
    assert next(t for t in other.text_input if t.label == "PMO name").value == \
        "Northbridge Portfolio Office"
    assert not other.warning


def test_a_snapshot_is_offered_for_comparison_with_now():
    app, workshop_id = started()
    app.text_input(key="workshop_snapshot_name").set_value("FY26 baseline")
    app.button(key="workshop_snapshot_save").click().run()
    decide(app, "CPO-01", "retire")
    compare = open_app(workshop_id, "app_pages/compare.py")
    assert "FY26 baseline" in compare.selectbox(key="compare_before").format_func(
        compare.selectbox(key="compare_before").value)
    assert compare.selectbox(key="compare_after").value == "now"


def test_a_link_to_no_workshop_says_so_and_shows_the_sample():
    app = AppTest.from_file("../../app.py", default_timeout=60)
    app.query_params["workshop"] = "AAAAAAAAAAAAAAAAAAAAAA"
    app.run()
    assert any("No workshop has this link" in e.value for e in app.error)
    assert "workshop" not in app.query_params


def test_the_compare_page_tells_the_coaching_story_on_a_first_visit():
    app = open_app(page="app_pages/compare.py")
    # After the workshop; mandate fit counts effort against priority (it was 73% when only
    # coverage and effort inside the mandate counted).
    assert metric(app, "Mandate fit") == "50%"
    text = " ".join(m.value for m in app.markdown)
    assert "4 services were retired" in text
    assert "Changed (17)" in [t.label for t in app.tabs]


def sponsor_token(app: AppTest) -> str:
    link = next(c.value for c in app.sidebar.code if "?sponsor=" in c.value)
    return link.rsplit("?sponsor=", 1)[1]


def open_sponsor(token: str) -> AppTest:
    sponsor = AppTest.from_file("../../app.py", default_timeout=60)
    sponsor.query_params["sponsor"] = token
    sponsor.run()
    assert not sponsor.exception, [e.value for e in sponsor.exception]
    return sponsor


def test_the_sponsor_link_shows_the_rooms_decisions_and_cannot_edit():
    app, workshop_id = started()
    decide(app, "CPO-01", "retire", owner="Priya")
    token = sponsor_token(app)
    assert len(token) == 22 and token != workshop_id
    sponsor = open_sponsor(token)
    assert any(h.value.startswith("What the workshop decided") for h in sponsor.subheader)
    text = " ".join(m.value for m in sponsor.markdown)
    assert "Weekly status report compilation · 1.4 FTE · owner Priya" in text
    assert not (sponsor.text_input or sponsor.radio or sponsor.text_area or sponsor.button)
    # the sponsor's address never holds the workshop's own (editing) link
    assert "workshop" not in sponsor.query_params
    assert dict(sponsor.query_params) == {"sponsor": [token]} or \
        dict(sponsor.query_params) == {"sponsor": token}
    assert workshop_id not in " ".join(m.value for m in sponsor.markdown)


def test_a_sponsor_link_that_names_no_workshop_says_so():
    sponsor = open_sponsor("B" * 22)
    assert any("No workshop has this sponsor link" in e.value for e in sponsor.error)
    assert "sponsor" not in sponsor.query_params


def test_the_change_log_says_who_changed_what():
    app, _workshop_id = started()
    app.sidebar.text_input(key=workshop.AUTHOR).set_value("Priya").run()
    decide(app, "CPO-01", "retire", owner="Ann")
    log = next(d for d in app.dataframe if "Who" in d.value.columns).value
    latest = log.iloc[0]
    assert (latest["Who"], latest["What"], latest["Now"]) == (
        "Priya", "the action owner for service CPO-01", "Ann")


def test_a_database_that_cannot_be_written_is_reported_plainly(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    monkeypatch.setenv("PMO_AUDITOR_DB", str(blocker / "workshops.sqlite3"))
    app = open_app()
    app.button(key="workshop_start").click().run()
    assert not app.exception
    errors = [shown(e.value) for e in app.error]
    assert any("could not be created" in e and "PMO_AUDITOR_DB" in e for e in errors), errors
    assert "workshop" not in app.query_params


def test_a_save_that_fails_midway_is_reported_and_nothing_is_half_saved(monkeypatch):
    app, workshop_id = started()
    decide(app, "CPO-01", "retire")

    def full_disk(self, *args, **kwargs):
        raise StoreError(f"The workshop database {self.path} could not be written "
                         "(database or disk is full). Nothing from this change was saved.")

    monkeypatch.setattr(WorkshopStore, "save_many", full_disk)
    app.radio(key="workshop_kind_CPO-01").set_value("keep").run()
    assert not app.exception
    assert any("could not be written" in e.value for e in app.error)
    monkeypatch.undo()
    app.run()
    # the page shows what is saved, not the change that was lost
    assert app.radio(key="workshop_kind_CPO-01").value == "retire"
    assert workshop.store().load(workshop_id).state.decisions["CPO-01"].kind \
        is DecisionKind.RETIRE


def test_one_workshops_decisions_never_show_in_anothers_page():
    first, _first_id = started()
    decide(first, "CPO-01", "retire", owner="Ann of the first workshop")
    second, second_id = started()
    second.selectbox(key="workshop_service").set_value("CPO-01").run()
    assert second.radio(key="workshop_kind_CPO-01").value == "not decided"
    assert second.text_input(key="workshop_owner_CPO-01").value == ""
    assert metric(second, "Effort freed") == "0 FTE"
    # the same tab following a link to another workshop shows only that one
    first.query_params["workshop"] = second_id
    first.run()
    first.selectbox(key="workshop_service").set_value("CPO-01").run()
    assert first.text_input(key="workshop_owner_CPO-01").value == ""
    assert workshop.store().load(second_id).state.decisions == {}


def test_the_sponsor_one_pager_is_made_on_request():
    app, _workshop_id = started()
    decide(app, "CPO-01", "retire", owner="Priya")
    before = [b.proto.label for b in app.get("download_button")]
    assert "Outcome workbook (decisions, before and after)" in before
    assert "Sponsor one-pager (PDF)" not in before  # made only when asked: it takes seconds
    app.button(key="workshop_make_pdf").click().run(timeout=120)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Sponsor one-pager (PDF)" in labels
    assert "Outcome workbook (decisions, before and after)" in labels


def test_the_sponsor_sees_what_changed_since_the_first_snapshot():
    app, workshop_id = started()
    app.text_input(key="workshop_snapshot_name").set_value("FY26 baseline")
    app.button(key="workshop_snapshot_save").click().run()
    # six months on: the team's new catalogue, audited in the same workshop
    after = (ROOT / "sample_catalogues" / "coaching_story_after_workshop.xlsx").read_bytes()
    decide(app, "CPO-07", "keep", owner="Priya")
    app.file_uploader(key="sidebar_new_version").set_value(
        ("catalogue_h1.xlsx", after,
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    app.button(key="sidebar_use_version").click().run()
    assert not app.exception
    kept = workshop.store().load(workshop_id).state
    assert kept.workbook.name == "catalogue_h1.xlsx"
    assert kept.decisions["CPO-07"].owner == "Priya"  # the workshop's work stays
    sponsor = open_sponsor(sponsor_token(app))
    assert any(h.value.startswith("What changed since “FY26 baseline”")
               for h in sponsor.subheader)
    text = " ".join(m.value for m in sponsor.markdown)
    assert "Mandate fit rose from 15% to 50%" in text.replace("\\", "")


def test_links_accepted_in_a_workshop_are_saved_there_and_reset_there():
    app, workshop_id = started()
    app.switch_page("app_pages/links.py").run()
    app.slider(key="links_objectives_threshold").set_value(0.0).run()
    app.button(key="links_objectives_accept_all").click().run()
    assert not app.exception
    assert "overrides" not in app.session_state  # nothing held only in the tab
    links = workshop.store().load(workshop_id).state.overrides.links
    assert links and all(decision.objectives for decision in links.values())
    again = open_app(workshop_id, "app_pages/links.py")
    assert next(m.value for m in again.metric
                if m.label == "Suggested links to objectives") == "0"
    app.button(key="links_reset").click().run()
    assert workshop.store().load(workshop_id).state.overrides.links == {}


def test_retiring_a_mandatory_service_asks_for_whoever_mandates_it():
    app, _workshop_id = started()
    decide(app, "CPO-13", "keep")
    assert not [w for w in app.warning if "mandatory" in w.value]
    decide(app, "CPO-13", "retire")
    assert any("This service is mandatory" in w.value for w in app.warning)


def test_the_panel_stays_on_its_service_until_the_person_moves():
    app, workshop_id = started()
    app.selectbox(key="workshop_service").set_value("CPO-05").run()
    for step in (lambda: app.radio(key="workshop_kind_CPO-05").set_value("retire"),
                 lambda: app.text_area(key="workshop_rationale_CPO-05").set_value("Why"),
                 lambda: app.text_input(key="workshop_owner_CPO-05").set_value("Dana")):
        step().run()
        assert app.selectbox(key="workshop_service").value == "CPO-05"
    # the picker's words are the service's, whatever the room decided
    assert "retire" not in app.selectbox(key="workshop_service").format_func("CPO-05")

    # "Not decided yet": deciding keeps the panel on the service; Next moves on
    app.radio(key="workshop_show").set_value("Not decided yet").run()
    assert app.selectbox(key="workshop_service").value == "CPO-01"
    app.radio(key="workshop_kind_CPO-01").set_value("keep").run()
    assert app.selectbox(key="workshop_service").value == "CPO-01"
    app.text_input(key="workshop_owner_CPO-01").set_value("Ann").run()
    assert app.selectbox(key="workshop_service").value == "CPO-01"
    app.button(key="workshop_next").click().run()
    assert app.selectbox(key="workshop_service").value == "CPO-02"
    app.button(key="workshop_prev").click().run()  # CPO-01 is decided now: not offered
    assert app.selectbox(key="workshop_service").value == "CPO-17"
    assert not app.exception, [e.value for e in app.exception]

    decisions = WorkshopStore().load(workshop_id).state.decisions
    assert (decisions["CPO-05"].kind, decisions["CPO-05"].rationale,
            decisions["CPO-05"].owner) == (DecisionKind.RETIRE, "Why", "Dana")
    assert (decisions["CPO-01"].kind, decisions["CPO-01"].owner) == (DecisionKind.KEEP, "Ann")
    assert set(decisions) == {"CPO-01", "CPO-05"}
