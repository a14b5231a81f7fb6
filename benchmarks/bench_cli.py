"""`python -m audit` on a small catalogue against a pandas-calamine read of it, whole process.

Run by hand, not in CI:

    .venv/bin/python benchmarks/bench_cli.py [--runs 7] [--repo DIR ...] [WORKBOOK]

Each run starts a fresh Python process, so interpreter start-up and every library import
count, as they do for a person typing the command:

- audit: `python -m audit WORKBOOK --as-of 2025-06-30` (the readable summary, to a pipe);
- calamine: `python -c "import pandas; pandas.read_excel(WORKBOOK, sheet_name=None,
  engine='calamine')"` (every sheet, as the audit reads every sheet).

The two alternate run by run (the machine is shared: only ratios measured in the same run
mean anything); medians of --runs. With several --repo, each checkout's `python -m audit`
is timed in the same rounds (for before and after). The target is the issue's: the audit
within 2x the calamine read.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one whole process."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=300)
    return time.perf_counter() - started


def main() -> None:
    """Time every case, print the table and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?",
                        default=str(ROOT / "sample_catalogues" / "pmo_of_one.xlsx"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", action="append", type=Path,
                        help="a checkout whose `python -m audit` to time (default: this one)")
    args = parser.parse_args()
    workbook = str(Path(args.workbook).resolve())
    repos = [r.resolve() for r in (args.repo or [ROOT])]
    read = [sys.executable, "-c", "import sys, pandas; pandas.read_excel(sys.argv[1], "
            "sheet_name=None, engine='calamine')", workbook]
    times: dict[str, list[float]] = {"calamine": []} | {str(r): [] for r in repos}
    for _ in range(args.runs):
        times["calamine"].append(timed(read, ROOT))
        for repo in repos:
            times[str(repo)].append(timed(
                [sys.executable, "-m", "audit", workbook, "--as-of", "2025-06-30"], repo))
    base = statistics.median(times["calamine"])
    print(f"\n{Path(workbook).name}, {args.runs} runs each, alternating\n")
    print("| process | median | ratio to the calamine read |\n| --- | ---: | ---: |")
    print(f"| pandas read_excel, calamine | {base:.2f} s | 1.0x |")
    for repo in repos:
        ours = statistics.median(times[str(repo)])
        verdict = "MET" if ours / base <= TARGET else "NOT MET"
        print(f"| python -m audit ({repo.name}) | {ours:.2f} s | {ours / base:.1f}x "
              f"(target {TARGET:g}x: {verdict}) |")


if __name__ == "__main__":
    main()
