"""The workshop store loses nothing: across reloads, restarts, kills and two editors."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from catalogue.model import Upload
from workshop.databases import _debian_tool
from workshop.model import (
    Decision,
    DecisionKind,
    WorkshopState,
    config_key,
    decision_key,
    links_key,
)
from workshop.store import Conflict, Saved, StoreError, WorkshopNotFound, WorkshopStore

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = Upload("catalogue.xlsx", b"PK\x03\x04 not really a workbook, the store keeps bytes")
SERVICES = [f"S{i}" for i in range(1, 7)]


def new_workshop(store: WorkshopStore, **state) -> str:
    return store.create(WorkshopState(**state), WORKBOOK)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str | Path:
    """Where a test's store lives: an SQLite file, or a new database on the tests' own
    PostgreSQL server. Every test taking `store` or `location` runs on both."""
    if request.param == "sqlite":
        return tmp_path / "workshops.sqlite3"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def store(location) -> Iterator[WorkshopStore]:
    opened = WorkshopStore(location)
    yield opened
    opened.close()


# -- every edit survives reloads and restarts -------------------------------------------

KEYS = st.one_of(
    st.builds(decision_key, st.sampled_from(SERVICES), st.just("kind")),
    st.builds(decision_key, st.sampled_from(SERVICES), st.sampled_from(["rationale", "owner"])),
    st.builds(links_key, st.sampled_from(SERVICES)),
    st.builds(config_key, st.sampled_from(["review_period_months", "low_satisfaction"])),
    st.sampled_from(["title", "notes"]),
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def value_for(key: str, data: st.DataObject):
    """A value of the kind the app saves under this key."""
    if key.endswith("/kind"):
        return data.draw(st.sampled_from([k.value for k in DecisionKind]))
    if key.startswith("links/"):
        ids = st.lists(st.sampled_from(["OBJ-1", "OBJ-2", "OBJ-3"]), unique=True)
        return {"objectives": data.draw(ids), "customers": None,
                "rejected_objectives": data.draw(ids), "rejected_customers": []}
    if key == "config/review_period_months":
        return data.draw(st.integers(1, 600))
    if key == "config/low_satisfaction":
        return data.draw(st.floats(1, 5, allow_nan=False))
    return data.draw(TEXT)


class EditsAcrossRestarts(RuleBasedStateMachine):
    """Random edits from two editors, interleaved with reloads and restarts.

    The model is a plain dict of what was saved; after every step the store, read
    afresh, must hold exactly that. A "restart" throws the store object away and opens
    the file again, as a restarted server does.
    """

    location: Callable[[], str | Path]  # a new database for each run

    def __init__(self) -> None:
        super().__init__()
        self.where = self.location()
        self.store = WorkshopStore(self.where)
        self.id = new_workshop(self.store, title="Baseline")
        self.expected: dict[str, object] = {"title": "Baseline"}
        self.seen = [self.store.load(self.id).versions, self.store.load(self.id).versions]
        self.edits = 0

    @rule(editor=st.integers(0, 1), key=KEYS, data=st.data())
    def edit(self, editor: int, key: str, data: st.DataObject) -> None:
        value = value_for(key, data)
        result = self.store.save(self.id, key, value, base_version=self.seen[editor].get(key, 0))
        current = self.store.load(self.id)
        if isinstance(result, Saved):
            self.expected[key] = value
        else:
            # the other editor changed the field since this one looked: nothing overwritten
            assert result.theirs == self.expected[key]
            assert result.yours == value
        self.seen[editor] = current.versions
        self.edits += 1

    @rule(editor=st.integers(0, 1))
    def reload(self, editor: int) -> None:
        self.seen[editor] = self.store.load(self.id).versions

    @rule()
    def restart(self) -> None:
        self.store.close()
        self.store = WorkshopStore(self.where)

    @precondition(lambda self: self.edits > 0)
    # a name with something to show: control characters are dropped from names
    @rule(name=st.text(min_size=1, max_size=20).filter(
        lambda n: any(c.isprintable() and not c.isspace() for c in n)))
    def snapshot(self, name: str) -> None:
        info = self.store.snapshot(self.id, name)
        frozen = self.store.load_snapshot(self.id, info.id)
        assert {k: f.value for k, f in frozen.fields.items() if k != "workbook"} == self.expected

    @invariant()
    def nothing_lost(self) -> None:
        stored = self.store.load(self.id).fields
        assert {k: f.value for k, f in stored.items() if k != "workbook"} == self.expected


TMP_FACTORY: pytest.TempPathFactory


@pytest.fixture(autouse=True)
def _tmp_factory(tmp_path_factory):
    global TMP_FACTORY
    TMP_FACTORY = tmp_path_factory


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_thousand_random_edits_with_reloads_and_restarts_lose_nothing(database, request):
    steps = []

    def location() -> str | Path:
        if database == "sqlite":
            return Path(TMP_FACTORY.mktemp("store")) / "workshops.sqlite3"
        return request.getfixturevalue("postgres_server").new_database()

    class Counted(EditsAcrossRestarts):
        def teardown(self) -> None:
            steps.append(self.edits)
            self.store.close()

    Counted.location = staticmethod(location)

    runner = settings(max_examples=50, stateful_step_count=50, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))(Counted)
    # Hypothesis chooses how long each run is; go on until a thousand edits were checked
    for _round in range(40):
        runner.TestCase().runTest()
        if sum(steps) >= 1_000:
            break
    print(f"{sum(steps)} edits in {len(steps)} runs")
    assert sum(steps) >= 1_000, steps


# -- two editors -------------------------------------------------------------------------

def test_two_people_deciding_about_different_services_both_keep_their_decisions(store):
    workshop = new_workshop(store)
    seen = store.load(workshop).versions  # both opened the page at the same moment
    errors: list[BaseException] = []

    def editor(services: list[str], who: str) -> None:
        try:
            for round_ in range(25):
                for sid in services:
                    key = decision_key(sid, "rationale")
                    base = seen.get(key, 0) + round_
                    assert isinstance(store.save(workshop, key, f"{who} {round_}",
                                                 base_version=base, author=who), Saved)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=editor, args=(["S1", "S2", "S3"], "Ann")),
               threading.Thread(target=editor, args=(["S4", "S5", "S6"], "Bo"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    decisions = store.load(workshop).state.decisions
    assert {sid: d.rationale for sid, d in decisions.items()} == {
        "S1": "Ann 24", "S2": "Ann 24", "S3": "Ann 24", "S4": "Bo 24", "S5": "Bo 24", "S6": "Bo 24"}


def test_a_conflicting_change_to_the_same_field_is_reported_not_overwritten(store):
    workshop = new_workshop(store, decisions={"S1": Decision(DecisionKind.KEEP)})
    key = decision_key("S1", "kind")
    seen = store.load(workshop).version(key)
    first = store.save(workshop, key, "retire", base_version=seen, author="Ann")
    second = store.save(workshop, key, "improve", base_version=seen, author="Bo")
    assert isinstance(first, Saved)
    assert isinstance(second, Conflict)
    assert (second.theirs, second.yours, second.saved_by) == ("retire", "improve", "Ann")
    assert store.load(workshop).state.decisions["S1"].kind is DecisionKind.RETIRE
    # having seen Ann's change, Bo may still decide otherwise
    again = store.save(workshop, key, "improve", base_version=second.their_version)
    assert isinstance(again, Saved)
    assert store.load(workshop).state.decisions["S1"].kind is DecisionKind.IMPROVE


def test_the_same_change_made_by_two_people_is_not_a_conflict(store):
    workshop = new_workshop(store)
    key = decision_key("S2", "owner")
    assert isinstance(store.save(workshop, key, "Dana", base_version=0), Saved)
    assert isinstance(store.save(workshop, key, "Dana", base_version=0), Saved)
    assert store.load(workshop).version(key) == 1


def test_the_change_log_says_who_saved_what_and_when(store):
    workshop = new_workshop(store)
    store.save(workshop, "notes", "Park the PMO tool question", base_version=0, author="Ann")
    latest = store.history(workshop)[0]
    assert (latest.key, latest.value, latest.saved_by) == (
        "notes", "Park the PMO tool question", "Ann")
    assert store.load(workshop).saved_at == latest.saved_at


def test_two_servers_saving_the_same_field_at_once_never_overwrite_each_other(location):
    # Two app servers behind a load balancer: each has a store of its own on one database.
    first, second = WorkshopStore(location), WorkshopStore(location)
    try:
        workshop = new_workshop(first)
        key = decision_key("S1", "owner")
        for round_ in range(30):
            base = first.load(workshop).version(key)
            start = threading.Barrier(2)
            results: dict[str, Saved | Conflict] = {}

            def save(store: WorkshopStore, who: str, value: str, base: int,
                     start: threading.Barrier, results: dict) -> None:
                start.wait()
                results[who] = store.save(workshop, key, value, base_version=base, author=who)

            threads = [threading.Thread(target=save, args=(store, who, f"{who} {round_}", base,
                                                           start, results))
                       for store, who in ((first, "Ann"), (second, "Bo"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            saved = [who for who, r in results.items() if isinstance(r, Saved)]
            assert len(saved) == 1, results  # one wins, the other is told, never both
            winner = saved[0]
            loser = "Bo" if winner == "Ann" else "Ann"
            assert isinstance(results[loser], Conflict)
            assert results[loser].theirs == f"{winner} {round_}"
            assert second.load(workshop).state.decisions["S1"].owner == f"{winner} {round_}"
        assert first.load(workshop).version(key) == 30
    finally:
        first.close()
        second.close()


# -- a server killed mid-write -----------------------------------------------------------

WRITER = """
import sys
from workshop.store import WorkshopStore
store = WorkshopStore(sys.argv[1])  # a file, or a postgresql:// address
workshop = sys.argv[2]
round_ = 0
print("ready", flush=True)
while True:
    round_ += 1
    values = {f"decision/S{i}/rationale": f"round {round_}" for i in range(40)}
    store.save_many(workshop, values, store.load(workshop).versions)
"""


def test_a_server_killed_mid_write_leaves_every_save_whole(store, location):
    workshop = new_workshop(store)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(location), workshop],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(1.0)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    reopened = WorkshopStore(location)
    fields = reopened.load(workshop).fields
    reopened.close()
    rounds = {f.value for key, f in fields.items() if key.startswith("decision/")}
    assert len(rounds) == 1, "a save was half written"
    assert len([k for k in fields if k.startswith("decision/")]) == 40
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- what cannot be written says so -------------------------------------------------------

def test_a_database_that_cannot_be_created_says_where_and_what_to_do(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    store = WorkshopStore(blocker / "workshops.sqlite3")
    with pytest.raises(StoreError) as raised:
        store.create(WorkshopState(), WORKBOOK)
    message = str(raised.value)
    assert str(blocker / "workshops.sqlite3") in message
    assert "PMO_AUDITOR_DB" in message
    assert "Nothing from this change was saved" in message


def test_a_file_that_is_not_a_database_is_refused_plainly(tmp_path):
    path = tmp_path / "workshops.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(StoreError, match="could not be created"):
        WorkshopStore(path).create(WorkshopState(), WORKBOOK)


def test_a_read_only_database_refuses_the_save_and_keeps_the_workshop(tmp_path):
    store = WorkshopStore(tmp_path / "workshops.sqlite3")
    workshop = new_workshop(store, title="Kept")
    read_only = WorkshopStore(store.path)
    read_only.load(workshop)  # opened (and its tables made) before the file turns read-only
    original = sqlite3.connect

    def connect_read_only(path, *args, **kwargs):
        return original(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect_read_only)
        with pytest.raises(StoreError, match="Nothing from this change was saved"):
            read_only.save(workshop, "title", "Lost?", base_version=1)
    assert store.load(workshop).state.title == "Kept"


def test_a_postgresql_server_that_cannot_be_reached_says_so_without_its_password():
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    free = port.getsockname()[1]
    port.close()  # nothing listens there now
    store = WorkshopStore(f"postgresql://pmo:s3cret-pass@127.0.0.1:{free}/workshops")
    with pytest.raises(StoreError) as raised:
        store.create(WorkshopState(), WORKBOOK)
    message = str(raised.value)
    assert "s3cret-pass" not in message
    assert f"postgresql://pmo:***@127.0.0.1:{free}/workshops" in message
    assert "PostgreSQL server is running" in message and "PMO_AUDITOR_DB" in message
    assert "Nothing from this change was saved" in message


def test_a_postgresql_backup_restores_every_workshop(postgres_server, tmp_path):
    source = WorkshopStore(postgres_server.new_real_database())
    workshop = new_workshop(source, title="Kept safe")
    source.save(workshop, decision_key("S1", "kind"), "retire", base_version=0, author="Ann")
    copy = source.backup(tmp_path / "workshops.dump")
    source.close()
    target = postgres_server.new_real_database()
    restored = subprocess.run([_debian_tool("pg_restore") or "pg_restore", "--no-owner",
                               f"--dbname={target}", str(copy)], capture_output=True, text=True)
    assert restored.returncode == 0, restored.stderr
    again = WorkshopStore(target)
    state = again.load(workshop).state
    again.close()
    assert state.title == "Kept safe"
    assert state.decisions["S1"].kind is DecisionKind.RETIRE


# -- ids ----------------------------------------------------------------------------------

def test_workshop_ids_are_long_random_and_never_repeat(store):
    ids = {store.create(WorkshopState(), WORKBOOK) for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) == 22 and i.replace("-", "").replace("_", "").isalnum() for i in ids)


@pytest.mark.parametrize("guess", ["", "1", "workshop", "' OR 1=1 --", "../../etc/passwd",
                                   "AAAAAAAAAAAAAAAAAAAAAA"])
def test_a_guessed_id_finds_nothing(store, guess):
    new_workshop(store, title="Secret")
    assert not store.exists(guess)
    with pytest.raises(WorkshopNotFound):
        store.load(guess)
    with pytest.raises(WorkshopNotFound):
        store.save(guess, "title", "x", base_version=0)


def test_one_workshops_work_never_appears_in_anothers(store):
    first = new_workshop(store, title="First")
    second = new_workshop(store, title="Second")
    store.save(first, decision_key("S1", "kind"), "retire", base_version=0)
    snap = store.snapshot(first, "baseline")
    assert store.load(second).state.decisions == {}
    assert store.load(second).state.title == "Second"
    assert store.snapshots(second) == []
    with pytest.raises(WorkshopNotFound):
        store.load_snapshot(second, snap.id)


def test_values_that_are_not_plain_json_are_refused_before_anything_is_written(store):
    workshop = new_workshop(store)
    with pytest.raises(ValueError, match="plain JSON"):
        store.save_many(workshop, {"notes": "fine", "title": float("nan")}, {})
    assert store.load(workshop).state.notes == ""
    json.dumps(store.load(workshop).versions)


def test_a_sponsor_token_opens_its_workshop_and_is_no_key_to_editing(store):
    first = new_workshop(store, title="First")
    second = new_workshop(store, title="Second")
    token = store.sponsor_token(first)
    assert store.sponsor_token(first) == token  # one link per workshop, stable
    assert token != first and len(token) == 22
    assert store.workshop_for_sponsor(token) == first
    assert store.workshop_for_sponsor(store.sponsor_token(second)) == second
    with pytest.raises(WorkshopNotFound):
        store.load(token)  # the sponsor's token is not the workshop's id
    with pytest.raises(WorkshopNotFound):
        store.save(token, "title", "Changed by a sponsor", base_version=1)
    with pytest.raises(WorkshopNotFound):
        store.workshop_for_sponsor(first)  # nor is the id a sponsor token
