"""How fast, and in how much memory, a catalogue imports, against two baselines.

Run by hand, not in CI:

    .venv/bin/python benchmarks/bench_import.py                  # 1k, 10k, 100k services
    .venv/bin/python benchmarks/bench_import.py --sizes 1000,10000 --skip-openpyxl-above 10000

For each size it generates (once, cached in a temp folder) a template workbook with
that many services and twelve realistic columns, then measures three ways of reading it:

- ours: `catalogue.import_catalogue(data)`, the whole import: checks on the bytes, the
  isolated reading process, finding tables, parsing every value, matching links;
- openpyxl: `pandas.read_excel(BytesIO(data), sheet_name="Services", engine="openpyxl")`;
- calamine: `CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_name("Services")
  .to_python()`, the bare parse our reader is built on.

How it measures: every measurement runs in a fresh Python process (`python -c`), which
imports its libraries and reads the file's bytes first, then times only the call with
`time.perf_counter`, and CPU time (user + system, of the process and of the processes it
waited for) across the same call, which a busy machine disturbs less. Peak memory is that process's `ru_maxrss` (RUSAGE_SELF) and, for
ours, also `ru_maxrss` of RUSAGE_CHILDREN, the largest reading process it started and
waited for; the table shows the larger of the two as the peak, and both in the notes.
The two processes overlap in time, so the true combined peak lies between the larger
and their sum. Peaks include the interpreter and imported libraries (the "idle" figure
in the notes is the process's RSS just before the timed call). Times are medians of
`--runs` fresh processes (1 for sizes of 100,000 and more unless `--runs-large`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue.columns import (  # noqa: E402 - the repo root is on the path only now
    TEMPLATE_CUSTOMER_HEADERS,
    TEMPLATE_MANDATE_LABELS,
    TEMPLATE_OBJECTIVE_HEADERS,
    TEMPLATE_SERVICE_HEADERS,
)

GENERATOR_VERSION = 1  # bump when the generated workbook changes, to refresh the cache
SERVICE_FIELDS = ("id", "name", "description", "category", "customers", "objectives",
                  "owner", "effort_fte", "cost", "demand", "satisfaction", "last_reviewed")

# ---------------------------------------------------------------- a PMO's vocabulary

AREAS = ("Portfolio", "Programme", "Project", "Benefits", "Risk", "Resource", "Change",
         "Governance", "Assurance", "Finance", "Capability", "Delivery", "Dependency",
         "Stakeholder", "Quality", "Schedule", "Vendor", "Investment", "Lessons learned",
         "Methodology")
ACTIVITIES = ("status reporting", "dashboard upkeep", "gate reviews", "health checks",
              "RAID log administration", "tracking", "forecasting", "training",
              "coaching", "template library", "audit", "planning support", "prioritisation",
              "board secretariat", "capacity planning", "maturity assessment",
              "tool administration", "onboarding", "documentation", "clinic",
              "escalation handling", "data quality checks", "post-project reviews",
              "monthly pack", "handover support")
UNITS = ("Group", "Operations", "Digital", "HR", "Finance", "Estates", "Customer",
         "Regulatory", "Sales", "Manufacturing", "Retail", "Logistics", "Legal",
         "Marketing", "Research", "North region", "South region", "EMEA", "APAC",
         "Americas", "Shared services", "Data", "Security", "Infrastructure", "Product",
         "Procurement", "Compliance", "Transformation", "IT", "Corporate")
CATEGORIES = ("Reporting", "Assurance", "Governance", "Capability building", "Planning",
              "Tools and methods", "Financial control", "Resource management",
              "Benefits management", "Secretariat")
CUSTOMERS = ("Portfolio board", "Executive committee", "Sponsors", "Project managers",
             "Programme managers", "Finance", "Delivery teams", "Business change managers")
OBJECTIVES = (
    ("O1", "Give the board a reliable view of the portfolio", 3, "Board pack on time",
     "short term"),
    ("O2", "Improve delivery confidence on major projects", 3, "Fewer red projects",
     "medium term"),
    ("O3", "Control delivery risk across the portfolio", 2, "Risks with owners and actions",
     "short term"),
    ("O4", "Build project management capability", 2, "Accredited PMs", "long term"),
    ("O5", "Realise the benefits in approved business cases", 2, "Benefits tracked",
     "long term"),
    ("O6", "Keep spend within the approved portfolio budget", 1, "Forecast accuracy",
     "medium term"),
)
VERBS = ("Compiles", "Maintains", "Runs", "Reviews", "Coordinates", "Prepares", "Tracks",
         "Publishes", "Facilitates", "Checks")
OBJECTS = ("the weekly status pack", "stage-gate evidence", "the risk and issue logs",
           "resource forecasts", "benefit realisation plans", "the project register",
           "dependency maps", "lessons learned", "the change control log",
           "budget forecasts", "the methodology templates", "quality reviews")
PURPOSES = ("so the board sees trends early", "to flag red projects before gates",
            "to keep sponsors informed", "so that decisions are evidence-based",
            "to meet the audit committee's requirements", "to free PMs for delivery",
            "so funding follows priorities", "to reduce rework")
FIRST = ("Priya", "Tom", "Ana", "James", "Aisha", "Liam", "Sofia", "Chen", "Olu", "Marta",
         "David", "Grace", "Ravi", "Emma", "Noah", "Fatima")
LAST = ("Shah", "Evans", "Lopez", "Okafor", "Brown", "Nguyen", "Kowalski", "Murphy",
        "Patel", "Schmidt", "Rossi", "Ali", "Jones", "Tanaka")


def _service_rows(count: int, seed: int = 42):
    """Yield one row of the twelve benchmark columns per service."""
    rng = random.Random(seed)
    today = dt.date(2025, 6, 30)
    for i in range(count):
        area = AREAS[i % len(AREAS)]
        activity = ACTIVITIES[(i // len(AREAS)) % len(ACTIVITIES)]
        unit_index = i // (len(AREAS) * len(ACTIVITIES))
        unit = UNITS[unit_index % len(UNITS)]
        round_ = unit_index // len(UNITS)
        name = f"{area} {activity} ({unit})" + (f" {round_ + 1}" if round_ else "")
        description = (f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} for "
                       f"{rng.choice(CUSTOMERS).lower()} {rng.choice(PURPOSES)}.")
        customers = "; ".join(rng.sample(CUSTOMERS, rng.randint(1, 3)))
        objectives = "; ".join(sorted(o[0] for o in rng.sample(OBJECTIVES, rng.randint(1, 2))))
        owner = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        satisfaction = round(rng.uniform(1.5, 5.0), 1) if rng.random() > 0.1 else None
        reviewed = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        yield (f"S{i + 1:06d}", name, description, rng.choice(CATEGORIES), customers,
               objectives, owner, round(rng.uniform(0.1, 3.0), 1),
               rng.randrange(5_000, 250_000, 500), rng.randint(0, 500), satisfaction,
               dt.datetime.combine(reviewed, dt.time()))


def generate_catalogue(count: int, path: Path) -> None:
    """Write a template-layout workbook with `count` services (xlsxwriter, constant memory)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "£#,##0"})

    instructions = book.add_worksheet("Instructions")
    instructions.write(0, 0, "PMO service catalogue", bold)
    instructions.write(1, 0, "Fill in the Mandate, Objectives, Customers and Services sheets.")

    mandate = book.add_worksheet("Mandate")
    values = {"pmo_name": "Group Portfolio Office", "pmo_type": "controlling",
              "statement": "Give the board a reliable view of the portfolio and raise "
                           "delivery confidence.", "sponsor": "Chief Operating Officer",
              "date": dt.datetime(2025, 1, 15), "office_kind": "portfolio office"}
    for row, (key, label) in enumerate(TEMPLATE_MANDATE_LABELS.items()):
        mandate.write(row, 0, label, bold)
        if isinstance(values[key], dt.datetime):
            mandate.write_datetime(row, 1, values[key], date)
        else:
            mandate.write(row, 1, values[key])

    objectives = book.add_worksheet("Objectives")
    objectives.write_row(0, 0, list(TEMPLATE_OBJECTIVE_HEADERS.values()), bold)
    for row, objective in enumerate(OBJECTIVES, start=1):
        objectives.write_row(row, 0, objective)

    customers = book.add_worksheet("Customers")
    customers.write_row(0, 0, list(TEMPLATE_CUSTOMER_HEADERS.values()), bold)
    for row, name in enumerate(CUSTOMERS, start=1):
        customers.write_row(row, 0, [name, 1 + row % 3, f"What {name.lower()} expect"])

    services = book.add_worksheet("Services")
    services.write_row(0, 0, [TEMPLATE_SERVICE_HEADERS[f] for f in SERVICE_FIELDS], bold)
    for row, values_ in enumerate(_service_rows(count), start=1):
        services.write_row(row, 0, values_[:8])
        services.write_number(row, 8, values_[8], money)
        services.write_number(row, 9, values_[9])
        if values_[10] is not None:
            services.write_number(row, 10, values_[10])
        services.write_datetime(row, 11, values_[11], date)
    book.close()


def cached_catalogue(count: int, cache: Path) -> Path:
    """The generated workbook for `count` services, generated only if not cached."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"catalogue-{count}-v{GENERATOR_VERSION}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial.xlsx")
        generate_catalogue(count, partial)
        partial.replace(path)
        print(f"generated {path.name} ({path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


# ---------------------------------------------------------------- measuring in a fresh process

CHILD = r"""
import io, json, resource, sys, time
path, case = sys.argv[1], sys.argv[2]
if case == "ours":
    import catalogue
    def run(data):
        return len(catalogue.import_catalogue(data, filename="catalogue.xlsx").catalogue.services)
elif case == "openpyxl":
    import pandas as pd
    def run(data):
        return len(pd.read_excel(io.BytesIO(data), sheet_name="Services", engine="openpyxl"))
elif case == "calamine":
    from python_calamine import CalamineWorkbook
    def run(data):
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return len(book.get_sheet_by_name("Services").to_python()) - 1
with open(path, "rb") as f:
    data = f.read()
with open("/proc/self/statm") as f:
    idle_kb = int(f.read().split()[1]) * resource.getpagesize() // 1024
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
cpu_before = cpu()
started = time.perf_counter()
rows = run(data)
seconds = time.perf_counter() - started
print(json.dumps({
    "seconds": seconds, "cpu_seconds": cpu() - cpu_before, "rows": rows, "idle_kb": idle_kb,
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def measure(path: Path, case: str) -> dict:
    """One timed read of `path` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), case], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{case} on {path.name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_median(path: Path, case: str, runs: int, expected_rows: int) -> dict:
    """Median time over `runs` fresh processes; memory from the median run."""
    results = []
    for _ in range(runs):
        result = measure(path, case)
        if result["rows"] != expected_rows:
            raise RuntimeError(f"{case} read {result['rows']} rows, expected {expected_rows}")
        results.append(result)
    results.sort(key=lambda r: r["seconds"])
    median = dict(results[len(results) // 2])
    median["seconds"] = statistics.median(r["seconds"] for r in results)
    median["cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in results)
    median["peak_kb"] = max(median["self_kb"], median["children_kb"])
    median["runs"] = runs
    return median


# ---------------------------------------------------------------- the report


def _mb(kb: float) -> str:
    return f"{kb / 1024:,.0f}"


def _versions() -> str:
    names = ("python-calamine", "openpyxl", "pandas", "xlsxwriter")
    return ", ".join(f"{n} {metadata.version(n)}" for n in names)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of services (default 1000,10000,100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per case below 100,000")
    parser.add_argument("--runs-large", type=int, default=1, help="runs per case at 100,000+")
    parser.add_argument("--skip-openpyxl-above", type=int, default=None, metavar="N",
                        help="do not run the openpyxl baseline for sizes above N services")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "pmo-bench-catalogues",
                        help="where generated workbooks are kept between runs")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    rows = []
    for size in sizes:
        path = cached_catalogue(size, args.cache_dir)
        runs = args.runs if size < 100_000 else args.runs_large
        ours = measure_median(path, "ours", runs, size)
        calamine = measure_median(path, "calamine", runs, size)
        skip = args.skip_openpyxl_above is not None and size > args.skip_openpyxl_above
        openpyxl = None if skip else measure_median(path, "openpyxl", runs, size)
        rows.append((size, path, runs, ours, openpyxl, calamine))
        print(f"{size:,} services: ours {ours['seconds']:.2f} s, calamine "
              f"{calamine['seconds']:.2f} s" + ("" if openpyxl is None else
                                               f", openpyxl {openpyxl['seconds']:.2f} s"),
              file=sys.stderr)

    print(f"\nImport benchmark, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; {_versions()}.\n")
    print("| services | file | runs | ours | ours CPU | ours peak | openpyxl (pandas) "
          "| openpyxl peak | bare calamine | calamine CPU | calamine peak "
          "| ours / calamine (wall) | ours / calamine (CPU) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: |")
    for size, path, runs, ours, openpyxl, calamine in rows:
        opx_time = "skipped" if openpyxl is None else f"{openpyxl['seconds']:.2f} s"
        opx_mem = "" if openpyxl is None else f"{_mb(openpyxl['peak_kb'])} MB"
        print(f"| {size:,} | {path.stat().st_size / 1e6:.1f} MB | {runs} "
              f"| {ours['seconds']:.2f} s | {ours['cpu_seconds']:.2f} s "
              f"| {_mb(ours['peak_kb'])} MB | {opx_time} | {opx_mem} "
              f"| {calamine['seconds']:.2f} s | {calamine['cpu_seconds']:.2f} s "
              f"| {_mb(calamine['peak_kb'])} MB "
              f"| {ours['seconds'] / calamine['seconds']:.1f}x "
              f"| {ours['cpu_seconds'] / calamine['cpu_seconds']:.1f}x |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nCPU = user + system time of the measuring process and the processes it "
          f"waited for, during the call: steadier than wall time on a busy machine (load "
          f"average at the end of this run: {load:.1f} on {os.cpu_count()} cores).")
    print("Peak = the larger ru_maxrss of the measuring process and of the largest process "
          "it waited for, interpreter and libraries included. Ours, app process / reading "
          "process (idle before the call):")
    for size, _, _, ours, openpyxl, calamine in rows:
        idle = [f"calamine {_mb(calamine['idle_kb'])} MB", f"ours {_mb(ours['idle_kb'])} MB"]
        if openpyxl is not None:
            idle.append(f"pandas+openpyxl {_mb(openpyxl['idle_kb'])} MB")
        print(f"- {size:,}: ours {_mb(ours['self_kb'])} MB / {_mb(ours['children_kb'])} MB; "
              f"idle: {', '.join(idle)}")


if __name__ == "__main__":
    main()
