"""The decision panel in a real browser: every decision lands on the service it was typed for.

A person decides service after service, typing the kind, then the rationale, then the action
owner, moving with Next, with the "Service" picker and in "Not decided yet" mode; two people
do so at once on different services. After each step the panel must still be on the service
being decided, and at the end the workshop store must hold each field on its service and
nothing else changed. Another person's change must appear without a click, and without
disturbing what someone is typing.

Services of the first sample (coaching_story.xlsx) are CPO-01 to CPO-17, in that order.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.streamlit_page import App
from tests.browser.test_workshop import (
    decide,
    kind_radio,
    new_tab,
    open_workshop,
    owner_box,
    pick_service,
    rationale_box,
    start_workshop,
    write_owner,
    write_rationale,
)
from ui.workshop import REFRESH_SECONDS
from workshop.model import decision_key
from workshop.store import WorkshopStore

# how long another person's change may take to appear: one refresh, a run, and some slack
APPEARS_WITHIN_MS = (REFRESH_SECONDS + 15) * 1000


def picker(app: App):
    return app.page.get_by_role("combobox", name="Service", exact=True)


def expect_panel_on(app: App, service_id: str) -> None:
    """The picker names this service and the panel's widgets are this service's."""
    expect(picker(app)).to_have_value(re.compile(rf"\({re.escape(service_id)}\)"))
    expect(app.keyed(f"workshop_kind_{service_id}")).to_be_visible()
    expect(app.main.locator('[class*="st-key-workshop_kind_"]')).to_have_count(1)


def decide_fully(app: App, service_id: str, kind: str, rationale: str, owner: str) -> None:
    """Kind, rationale, owner, in that order, checking the panel stays on the service."""
    expect_panel_on(app, service_id)
    decide(app, service_id, kind)
    expect_panel_on(app, service_id)
    write_rationale(app, service_id, rationale)
    expect_panel_on(app, service_id)
    expect(kind_radio(app, service_id, kind)).to_be_checked()
    write_owner(app, service_id, owner)
    expect_panel_on(app, service_id)
    expect(kind_radio(app, service_id, kind)).to_be_checked()
    expect(rationale_box(app, service_id)).to_have_value(rationale)
    expect(owner_box(app, service_id)).to_have_value(owner)


def show(app: App, choice: str) -> None:
    with app.rerun():
        app.keyed("workshop_show").get_by_text(choice, exact=True).click()


def stored(workshop_id: str) -> dict[str, tuple[Any, int]]:
    """Every field of the workshop as the store holds it: value and version."""
    found = WorkshopStore().load(workshop_id)
    return {key: (f.value, f.version) for key, f in found.fields.items()}


def expect_stored(before: dict[str, tuple[Any, int]], after: dict[str, tuple[Any, int]],
                  typed: dict[str, tuple[str, str, str]]) -> None:
    """Each typed decision is on its service, saved once per part; nothing else changed."""
    wanted = dict(before)
    for service_id, (kind, rationale, owner) in typed.items():
        for part, value in (("kind", kind.lower()), ("rationale", rationale),
                            ("owner", owner)):
            wanted[decision_key(service_id, part)] = (value, 1)
    assert after == wanted


def test_five_services_decided_in_a_row_keep_each_field_on_its_service(page: Page):
    app = App(page)
    workshop_id = start_workshop(app)
    before = stored(workshop_id)
    typed: dict[str, tuple[str, str, str]] = {}

    def decide_here(service_id: str, kind: str) -> None:
        typed[service_id] = (kind, f"Why {service_id} is {kind.lower()}",
                             f"Owner of {service_id}")
        decide_fully(app, service_id, *typed[service_id])

    # with Next, from the first service
    decide_here("CPO-01", "Retire")
    app.click_button("Next ▶")
    decide_here("CPO-02", "Hand over")
    app.click_button("Next ▶")
    decide_here("CPO-03", "Keep")
    # with the picker
    pick_service(app, "CPO-07")
    decide_here("CPO-07", "Improve")
    pick_service(app, "CPO-05")
    decide_here("CPO-05", "Rethink")
    app.click_button("◀ Previous")
    expect_panel_on(app, "CPO-04")
    # "Not decided yet": the panel stays on its service once decided, until Next
    show(app, "Not decided yet")
    expect_panel_on(app, "CPO-04")
    decide_here("CPO-04", "Retire")
    app.click_button("Next ▶")
    expect_panel_on(app, "CPO-06")  # CPO-05 and CPO-07 are decided already
    decide_here("CPO-06", "Keep")
    app.click_button("Next ▶")
    expect_panel_on(app, "CPO-08")

    expect_stored(before, stored(workshop_id), typed)


def test_two_people_deciding_services_at_once_keep_each_field_on_its_service(
        browser: Browser, base_url: str):
    with new_tab(browser, base_url) as ann, new_tab(browser, base_url) as bo:
        workshop_id = start_workshop(ann)
        open_workshop(bo, workshop_id)
        before = stored(workshop_id)
        pick_service(bo, "CPO-10")
        typed: dict[str, tuple[str, str, str]] = {}
        plan = [(ann, ["CPO-01", "CPO-02", "CPO-03"], ["Retire", "Keep", "Hand over"]),
                (bo, ["CPO-10", "CPO-11", "CPO-12"], ["Improve", "Retire", "Rethink"])]
        for _, ids, kinds in plan:
            for service_id, kind in zip(ids, kinds, strict=True):
                typed[service_id] = (kind, f"Why {service_id} is {kind.lower()}",
                                     f"Owner of {service_id}")
        for step in range(3):
            # the two interleave every action: kind, kind, rationale, rationale, ...
            for app, ids, _ in plan:
                expect_panel_on(app, ids[step])
            for app, ids, _ in plan:
                decide(app, ids[step], typed[ids[step]][0])
            for app, ids, _ in plan:
                expect_panel_on(app, ids[step])
                write_rationale(app, ids[step], typed[ids[step]][1])
            for app, ids, _ in plan:
                expect_panel_on(app, ids[step])
                write_owner(app, ids[step], typed[ids[step]][2])
            for app, ids, _ in plan:
                expect_panel_on(app, ids[step])
                app.click_button("Next ▶")
        for app in (ann, bo):
            expect(app.main.locator('[data-testid="stAlert"]').filter(has_text="Not saved")) \
                .to_have_count(0)
        expect_stored(before, stored(workshop_id), typed)


def test_another_persons_decision_appears_without_a_click_and_typing_is_left_alone(
        browser: Browser, base_url: str):
    with new_tab(browser, base_url) as ann, new_tab(browser, base_url) as bo:
        workshop_id = start_workshop(ann)
        open_workshop(bo, workshop_id)
        expect_panel_on(bo, "CPO-01")
        bo.page.wait_for_timeout(300)  # let the first run's fragment start its timer

        # while nothing changes, the periodic check runs but never reruns the page
        whole, checks = bo.whole_runs(), bo.fragment_runs()
        bo.page.wait_for_timeout(int(REFRESH_SECONDS * 2.5 * 1000))
        assert bo.fragment_runs() >= checks + 2
        assert bo.whole_runs() == whole

        # Ann decides the service Bo is looking at: Bo sees it without touching anything:
        # the figures move, and each widget (which Bo might be using) says what Ann saved
        decide_fully(ann, "CPO-01", "Retire", "Nobody reads it", "Ann")
        expect(bo.metric_value("Effort freed")).to_have_text(re.compile(r"^1\.4 FTE\b"),
                                                             timeout=APPEARS_WITHIN_MS)
        for value in ("retire", "Nobody reads it", "Ann"):
            expect(bo.main.get_by_text(re.compile(rf"changed this at .* to “{value}”"))) \
                .to_be_visible(timeout=APPEARS_WITHIN_MS)
        expect_panel_on(bo, "CPO-01")
        # and Bo's next click shows them in the fields
        bo.click_button("Next ▶")
        bo.click_button("◀ Previous")
        expect_panel_on(bo, "CPO-01")
        expect(kind_radio(bo, "CPO-01", "Retire")).to_be_checked()
        expect(rationale_box(bo, "CPO-01")).to_have_value("Nobody reads it")
        expect(owner_box(bo, "CPO-01")).to_have_value("Ann")
        expect(bo.main.get_by_text("changed this at")).to_have_count(0)

        # Bo is typing an owner for CPO-02 (not yet Enter) when Ann decides CPO-03: Bo's
        # page shows Ann's decision, and what Bo typed stays, in focus, and saves on Enter
        pick_service(bo, "CPO-02")
        box = owner_box(bo, "CPO-02")
        box.click()
        box.type("Bo Lind")
        whole = bo.whole_runs()
        pick_service(ann, "CPO-03")
        decide(ann, "CPO-03", "Retire")
        expect(bo.metric_value("Effort freed")).to_have_text(re.compile(r"^2\.6 FTE\b"),
                                                             timeout=APPEARS_WITHIN_MS)
        assert bo.whole_runs() > whole  # the refresh did run Bo's page again
        expect(box).to_have_value("Bo Lind")
        expect(box).to_be_focused()
        box.type(" (PMO)")
        with bo.rerun():
            box.press("Enter")
        expect_panel_on(bo, "CPO-02")
        expect(box).to_have_value("Bo Lind (PMO)")

        # both type into the same field: a refresh leaves Bo's text, says what Ann saved,
        # and Bo's Enter is refused as a conflict with both values, never a silent overwrite
        bo_rationale = rationale_box(bo, "CPO-02")
        bo_rationale.click()
        bo_rationale.type("Bo's reason")
        pick_service(ann, "CPO-02")
        write_rationale(ann, "CPO-02", "Ann's reason")
        notice = bo.main.get_by_text(re.compile(r"changed this at .* to “Ann's reason”"))
        expect(notice).to_be_visible(timeout=APPEARS_WITHIN_MS)
        expect(bo_rationale).to_have_value("Bo's reason")
        with bo.rerun():
            bo_rationale.blur()
        clash = bo.main.locator('[data-testid="stAlert"]').filter(has_text="Not saved")
        expect(clash).to_have_count(1)
        expect(clash).to_contain_text("Ann's reason")
        expect(clash).to_contain_text("Bo's reason")

        found = WorkshopStore().load(workshop_id).state.decisions
        assert (found["CPO-01"].owner, found["CPO-02"].owner) == ("Ann", "Bo Lind (PMO)")
        assert found["CPO-02"].rationale == "Ann's reason"
        assert found["CPO-03"].kind is not None and found["CPO-03"].owner == ""
