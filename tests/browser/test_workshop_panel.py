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
