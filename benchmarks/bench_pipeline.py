"""The whole pipeline (import + audit) against the bare calamine read, and the issue's targets.

Run by hand, not in CI:

    .venv/bin/python benchmarks/bench_pipeline.py                 # 1k, 10k, 100k services
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000,10000
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 10000 --runs 7 --repo /tmp/before --repo .

(with --repo, each checkout's pipeline is timed in the same rounds, alternating, and the
table adds each one's ratio to the first: before and after on a shared machine.)

The workbooks are bench_import.py's (same generator, same cache folder). Every measurement
runs in a fresh Python process that imports its libraries and reads the file's bytes
first, then times only the call:

- pipeline: `audit.run_audit(catalogue.import_catalogue(data).catalogue,
  AuditConfig(as_of=2025-06-30))`;
- calamine: `CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_name("Services")
  .to_python()`.

Wall time by `time.perf_counter`; CPU = user + system of the process and of the processes
it waited for (the isolated reader). Peak memory = the larger `ru_maxrss` of the process
and of its reading child (interpreter and libraries included), the largest over the runs.
Times are medians of 3 runs below 100,000 services, 1 run from 100,000; the two cases
alternate run by run. The targets are judged on wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_import

ROOT = bench_import.ROOT
MAX_RATIO_AT_10K, MAX_GROWTH, MAX_PEAK_BYTES = 5.0, 15.0, 1.5e9  # the targets

CHILD = r"""
import datetime as dt, io, json, resource, sys, time
path, case = sys.argv[1], sys.argv[2]
if case == "pipeline":
    import audit, audit.engine, catalogue  # load the libraries before the clock starts, as for calamine
    config = audit.AuditConfig(as_of=dt.date(2025, 6, 30))
    def run(data):
        imported = catalogue.import_catalogue(data, filename="catalogue.xlsx")
        return len(audit.run_audit(imported.catalogue, config).services)
else:
    from python_calamine import CalamineWorkbook
    def run(data):
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return len(book.get_sheet_by_name("Services").to_python()) - 1
with open(path, "rb") as f:
    data = f.read()
def cpu():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
cpu_before, started = cpu(), time.perf_counter()
rows = run(data)
seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_before
print(json.dumps({"seconds": seconds, "cpu": cpu_seconds, "rows": rows, "peak_kb": max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)}))
"""


def measure(path: Path, case: str, expected_rows: int, repo: Path = ROOT) -> dict:
    """One timed run of `case` on `path` in a fresh process, with `repo`'s code."""
    env = dict(os.environ, PYTHONPATH=str(repo))
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), case], capture_output=True,
                          text=True, env=env, cwd=repo, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{case} on {path.name} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["rows"] != expected_rows:
        raise RuntimeError(f"{case} gave {result['rows']} services, expected {expected_rows}")
    return result


def measure_size(size: int, cache: Path, runs: int | None = None,
                 repos: list[Path] | None = None) -> dict:
    """Median wall and CPU time, and largest peak, of both cases at one size (and of the
    pipeline of each of `repos`, when given, under "pipeline <repo>")."""
    path = bench_import.cached_catalogue(size, cache)
    runs = runs or (3 if size < 100_000 else 1)
    raw: dict[str, list[dict]] = {"pipeline": [], "calamine": []}
    for repo in repos or []:
        raw[f"pipeline {repo}"] = []
    for _ in range(runs):
        for case, results in raw.items():
            repo = Path(case.split(" ", 1)[1]) if " " in case else ROOT
            results.append(measure(path, case.split(" ", 1)[0], size, repo))
    row = {"size": size, "runs": runs, "mb": path.stat().st_size / 1e6}
    for case, results in raw.items():
        row[case] = {"seconds": statistics.median(r["seconds"] for r in results),
                     "cpu": statistics.median(r["cpu"] for r in results),
                     "peak_kb": max(r["peak_kb"] for r in results)}
    print(f"{size:,} services: pipeline {row['pipeline']['seconds']:.2f} s, calamine "
          f"{row['calamine']['seconds']:.2f} s", file=sys.stderr)
    return row


def verdict(met: bool) -> str:
    """MET or NOT MET."""
    return "MET" if met else "NOT MET"


def main(argv: list[str] | None = None) -> None:
    """Measure every size, print the table and the verdict on each target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of services (default 1000,10000,100000)")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per case (default 3, or 1 from 100,000 services)")
    parser.add_argument("--repo", action="append", type=Path, default=[],
                        help="also time this checkout's pipeline (repeatable)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    cache = Path(tempfile.gettempdir()) / "pmo-bench-catalogues"
    repos = [repo.resolve() for repo in args.repo]
    rows = {size: measure_size(size, cache, args.runs, repos) for size in sizes}

    print(f"\nPipeline benchmark, {time.strftime('%Y-%m-%d')}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores.\n")
    print("| services | file | runs | pipeline | pipeline CPU | pipeline peak | bare calamine "
          "| calamine CPU | calamine peak | pipeline / calamine (wall) | (CPU) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows.values():
        p, c = row["pipeline"], row["calamine"]
        print(f"| {row['size']:,} | {row['mb']:.1f} MB | {row['runs']} | {p['seconds']:.2f} s "
              f"| {p['cpu']:.2f} s | {p['peak_kb'] / 1024:,.0f} MB | {c['seconds']:.2f} s "
              f"| {c['cpu']:.2f} s | {c['peak_kb'] / 1024:,.0f} MB "
              f"| {p['seconds'] / c['seconds']:.1f}x | {p['cpu'] / c['cpu']:.1f}x |")

    if repos:
        print("\n| services | checkout | pipeline (median) | pipeline CPU | to the first checkout "
              "| to bare calamine |")
        print("| ---: | --- | ---: | ---: | ---: | ---: |")
        for row in rows.values():
            first = row[f"pipeline {repos[0]}"]["seconds"]
            for repo in repos:
                p = row[f"pipeline {repo}"]
                print(f"| {row['size']:,} | {repo} | {p['seconds']:.3f} s | {p['cpu']:.3f} s "
                      f"| {p['seconds'] / first:.3f}x "
                      f"| {p['seconds'] / row['calamine']['seconds']:.1f}x |")

    small, large = rows.get(10_000), rows.get(100_000)
    print("\nTargets (on wall time):")
    if small:
        ratio = small["pipeline"]["seconds"] / small["calamine"]["seconds"]
        print(f"- at 10,000 services the pipeline within {MAX_RATIO_AT_10K:g}x the bare "
              f"calamine read: {ratio:.1f}x - {verdict(ratio <= MAX_RATIO_AT_10K)}")
    else:
        print("- pipeline within 5x calamine at 10,000: not measured (needs 10000 in --sizes)")
    if small and large:
        growth = large["pipeline"]["seconds"] / small["pipeline"]["seconds"]
        cpu_growth = large["pipeline"]["cpu"] / small["pipeline"]["cpu"]
        print(f"- pipeline time from 10,000 to 100,000 grows at most {MAX_GROWTH:g}x: "
              f"{growth:.1f}x (CPU {cpu_growth:.1f}x) - {verdict(growth <= MAX_GROWTH)}")
    else:
        print("- growth from 10,000 to 100,000: not measured (needs both in --sizes)")
    if large:
        peak = large["pipeline"]["peak_kb"] * 1024
        print(f"- peak memory at 100,000 within 1.5 GB (1.5e9 bytes): {peak / 1e9:.2f} GB "
              f"({peak / 2**20:,.0f} MB) - {verdict(peak <= MAX_PEAK_BYTES)}")
    else:
        print("- peak memory at 100,000: not measured (needs 100000 in --sizes)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nLoad average at the end: {load:.1f} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
