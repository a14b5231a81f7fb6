"""What keeping a workshop durable costs: a save, a load, and the what-if.

Run by hand (not in CI):

    .venv/bin/python benchmarks/bench_workshop.py                # 50 / 500 / 5,000 services
    .venv/bin/python benchmarks/bench_workshop.py --sizes 500

Each size builds a workshop whose every service has a decision (kind, rationale, owner)
and confirmed links, in a scratch database. Baselines, measured in the same run on the
same disk:

- a save: one field through `WorkshopStore.save` (version check, write, change log, one
  durable transaction) against a bare sqlite3 `INSERT OR REPLACE` of one row in its own
  transaction with the same settings (WAL, synchronous=FULL). Both pay the disk flush;
  the ratio is what our bookkeeping adds.
- a load: `WorkshopStore.load` (every field, decoded into the workshop's state) against a
  bare `SELECT` of the same rows with `json.loads` of each value. A page run after a save
  loads; a run when nothing was saved only checks the workshop's revision ("unchanged
  check") and keeps what the tab holds.
- the what-if: `what_if` (an audit of the catalogue with the leaving services retired)
  against one `run_audit` of the catalogue, on the synthetic catalogues of bench_audit.py
  with 10% of services decided retire.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_audit import synthetic_catalogue

from audit.config import AuditConfig
from audit.engine import run_audit
from audit.model import AuditOverrides, ConfirmedLinks
from catalogue.model import Upload
from workshop.model import Decision, DecisionKind, WorkshopState, decision_key
from workshop.store import WorkshopStore
from workshop.whatif import what_if


def median_time(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def workshop_state(service_ids: list[str]) -> WorkshopState:
    kinds = list(DecisionKind)
    return WorkshopState(
        title="Benchmark workshop",
        overrides=AuditOverrides(links={sid: ConfirmedLinks(objectives=("O1", "O3"))
                                        for sid in service_ids}),
        decisions={sid: Decision(kinds[i % len(kinds)], f"Rationale for {sid}", "Owner")
                   for i, sid in enumerate(service_ids)},
    )


def bare_sqlite(path: Path, rows: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE f (k TEXT PRIMARY KEY, v TEXT)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO f VALUES (?, ?)",
                   [(f"key{i}", json.dumps({"value": i})) for i in range(rows)])
    db.execute("COMMIT")
    return db


def measure(size: int, folder: Path) -> dict:
    catalogue = synthetic_catalogue(size)
    ids = [s.id for s in catalogue.services]
    store = WorkshopStore(folder / f"workshops-{size}.sqlite3")
    workshop = store.create(workshop_state(ids), Upload("bench.xlsx", b"x" * 1000))
    rows = len(store.load(workshop).fields)
    key = decision_key(ids[0], "owner")
    counter = iter(range(10**9))

    def our_save() -> None:
        version = our_save.version
        our_save.version = store.save(workshop, key, f"Owner {next(counter)}",
                                      base_version=version).version
    our_save.version = store.load(workshop).version(key)

    bare = bare_sqlite(folder / f"bare-{size}.sqlite3", rows)

    def bare_save() -> None:
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("INSERT OR REPLACE INTO f VALUES (?, ?)",
                     ("key0", json.dumps({"value": next(counter)})))
        bare.execute("COMMIT")

    def bare_load() -> None:
        [json.loads(v) for _k, v in bare.execute("SELECT k, v FROM f").fetchall()]

    save, save_base = median_time(our_save, 100), median_time(bare_save, 100)
    check = median_time(lambda: store.revision(workshop), 100)
    load, load_base = median_time(lambda: store.load(workshop), 10), median_time(bare_load, 10)

    config = AuditConfig()
    before = run_audit(catalogue, config)
    rng = random.Random(3)
    leaving = {sid: Decision(DecisionKind.RETIRE) for sid in rng.sample(ids, max(1, size // 10))}
    audit_time = median_time(lambda: run_audit(catalogue, config), 3)
    whatif_time = median_time(lambda: what_if(before, leaving), 3)
    return {"size": size, "fields": rows, "save": save, "save_base": save_base,
            "load": load, "load_base": load_base, "check": check, "audit": audit_time, "whatif": whatif_time}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    args = parser.parse_args()
    print("| services | fields | save | bare save | ratio | load | bare load | ratio "
          "| unchanged check | what-if | one audit | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            r = measure(size, Path(folder))
            print(f"| {r['size']:,} | {r['fields']:,} | {r['save'] * 1000:.1f} ms "
                  f"| {r['save_base'] * 1000:.1f} ms | {r['save'] / r['save_base']:.1f}x "
                  f"| {r['load'] * 1000:.1f} ms | {r['load_base'] * 1000:.1f} ms "
                  f"| {r['load'] / r['load_base']:.1f}x | {r['check'] * 1000:.1f} ms "
                  f"| {r['whatif']:.2f} s "
                  f"| {r['audit']:.2f} s | {r['whatif'] / r['audit']:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
