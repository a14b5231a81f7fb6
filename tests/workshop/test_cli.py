"""`python -m workshop`: the consultant lists the workshops on the laptop and backs them up."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from catalogue.model import Upload
from workshop.cli import main
from workshop.model import Decision, DecisionKind, WorkshopState
from workshop.store import WorkshopStore

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workshop", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_list_names_each_workshop_with_its_link(tmp_path):
    store = WorkshopStore(tmp_path / "w.sqlite3")
    first = store.create(WorkshopState(title="Northbridge CPO"), Upload("a.xlsx", b"a"))
    store.snapshot(first, "FY26 baseline")
    second = store.create(WorkshopState(title="Calder EPMO"), Upload("b.xlsx", b"b"))
    done = run("--db", str(store.path), "list")
    assert done.returncode == 0, done.stderr
    assert "2 workshop(s)" in done.stdout
    assert f"?workshop={first}  Northbridge CPO  [1 snapshot(s)]" in done.stdout
    assert f"?workshop={second}  Calder EPMO" in done.stdout


def test_a_backup_holds_every_workshop_and_never_overwrites(tmp_path):
    store = WorkshopStore(tmp_path / "w.sqlite3")
    workshop = store.create(WorkshopState(decisions={"S1": Decision(DecisionKind.RETIRE)}),
                            Upload("a.xlsx", b"the workbook"))
    target = tmp_path / "backup.sqlite3"
    done = run("--db", str(store.path), "backup", str(target))
    assert done.returncode == 0, done.stderr
    copy = WorkshopStore(target)
    assert copy.load(workshop).state.decisions["S1"].kind is DecisionKind.RETIRE
    book = copy.load(workshop).state.workbook
    assert copy.workbook_bytes(workshop, book.digest) == b"the workbook"
    again = run("--db", str(store.path), "backup", str(target))
    assert again.returncode == 2
    assert again.stderr.startswith("error:") and "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_delete_removes_a_workshop_and_only_its_own_workbooks(tmp_path):
    store = WorkshopStore(tmp_path / "w.sqlite3")
    gone = store.create(WorkshopState(title="Client A"), Upload("a.xlsx", b"client A's catalogue"))
    store.snapshot(gone, "baseline")
    store.sponsor_token(gone)
    kept = store.create(WorkshopState(title="Client B"), Upload("b.xlsx", b"client B's catalogue"))
    done = run("--db", str(store.path), "delete", gone)
    assert done.returncode == 0, done.stderr
    assert "Client A" in done.stdout
    assert not store.exists(gone)
    assert store.load(kept).state.title == "Client B"
    book = store.load(kept).state.workbook
    assert store.workbook_bytes(kept, book.digest) == b"client B's catalogue"
    with sqlite3.connect(store.path) as db:
        blobs = [bytes(row[0]) for row in db.execute("SELECT data FROM workbooks")]
        leftovers = sum(db.execute(f"SELECT COUNT(*) FROM {table} WHERE workshop_id = ?",
                                   (gone,)).fetchone()[0]
                        for table in ("fields", "changes", "snapshots", "sponsor_links"))
    assert blobs == [b"client B's catalogue"] and leftovers == 0
    again = run("--db", str(store.path), "delete", gone)
    assert again.returncode == 2 and again.stderr.startswith("error: No workshop")


def test_list_backup_and_delete_work_on_postgresql(postgres_server, tmp_path, capsys):
    address = postgres_server.new_real_database()
    store = WorkshopStore(address)
    kept = store.create(WorkshopState(title="Kept"), Upload("c.xlsx", b"PK kept"))
    gone = store.create(WorkshopState(title="Client X"), Upload("x.xlsx", b"PK gone"))
    store.close()
    assert main(["--db", address, "list"]) == 0
    listed = capsys.readouterr().out
    assert "2 workshop(s) in postgresql://postgres@127.0.0.1" in listed
    assert kept in listed and gone in listed
    assert main(["--db", address, "delete", gone]) == 0
    assert "Client X" in capsys.readouterr().out
    assert main(["--db", address, "backup", str(tmp_path / "w.dump")]) == 0
    assert "Backed up 1 workshop(s)" in capsys.readouterr().out
    assert (tmp_path / "w.dump").stat().st_size > 0
