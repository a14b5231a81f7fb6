"""Hosted for many teams: two app servers on one PostgreSQL keep everybody's work.

Two app servers (as ./run-app starts them) share a database of the tests' own PostgreSQL server
(tests/postgres.py), as two servers behind a load balancer do (README "Hosting for many
teams"). Ann works on server A, Bo on server B, in the same workshop; then server A is
killed while Ann is typing. Every change either page confirmed is in the database, and
Ann's link, opened again on server B, shows the room's work.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import start_server, stop
from tests.browser.test_workshop import (
    FIRST,
    decide,
    expect_decision,
    new_tab,
    open_workshop,
    owner_box,
    start_workshop,
    write_owner,
    write_rationale,
)
from workshop.model import DecisionKind
from workshop.store import ENV_VAR, WorkshopStore

BO_REASON = "The board reads the dashboard; the pack duplicates it."


def test_two_servers_on_one_postgresql_keep_both_peoples_work_when_one_is_killed(
        browser: Browser, postgres_server, tmp_path: Path):
    address = postgres_server.new_database()
    server_a, url_a = start_server(tmp_path / "a.log", env={ENV_VAR: address})
    server_b, url_b = start_server(tmp_path / "b.log", env={ENV_VAR: address})
    try:
        with new_tab(browser, url_a) as ann, new_tab(browser, url_b) as bo:
            workshop_id = start_workshop(ann)
            open_workshop(bo, workshop_id)
            decide(ann, FIRST, "Retire")          # saved through server A
            write_rationale(bo, FIRST, BO_REASON)  # saved through server B
            write_owner(ann, FIRST, "Dana Whitfield")
            # Ann starts typing a new owner and server A dies before she presses Enter
            owner_box(ann, FIRST).fill("Never confirmed")
            os.kill(server_a.pid, signal.SIGKILL)
            server_a.wait(timeout=10)

            store = WorkshopStore(address)
            try:
                decision = store.load(workshop_id).state.decisions[FIRST]
                changes = {(c.key, c.saved_by) for c in store.history(workshop_id)}
            finally:
                store.close()
            assert decision.kind is DecisionKind.RETIRE
            assert decision.rationale == BO_REASON
            assert decision.owner == "Dana Whitfield"
            assert any(key.endswith("/kind") for key, _ in changes)

            # Ann's link, opened again on the surviving server, shows everybody's work
            open_workshop(ann, workshop_id, base=url_b)
            expect_decision(ann, FIRST, "Retire", "Dana Whitfield", BO_REASON)
            bo.page.reload()  # Bo's tab was on server B all along
            bo.wait_idle()
            expect(owner_box(bo, FIRST)).to_have_value("Dana Whitfield")
    finally:
        stop(server_a)
        stop(server_b)
