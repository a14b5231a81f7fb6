"""How fast the app appears and answers an edit, in headless Chromium, beside a hello world.

Run by hand, not in CI:

    .venv/bin/python benchmarks/bench_app.py [--sizes 50,500,5000] [--runs 3] [--repo DIR ...]

(`--sizes ""` skips the edits; several --repo time each checkout's first render in the same
rounds, for before and after on a shared machine.)

1. First render: from starting the server to the sample audit fully drawn (headline
   figures and the overview's chart, script idle), beside the same for a one-line
   hello-world page; median of --runs fresh servers each. Each checkout is started with
   `streamlit run app.py`, and also as ./run-app starts it (`python -m ui.serve`, the
   warm-up beside it) where it has that launcher. The browser opens the page as soon as
   the server answers, so the warm-up and the browser's loading share this machine's cores.
2. First visit: the same, timed from opening the page on a server that has been up for
   five seconds (a hosted server's first visitor, the case the warm-up is for).
3. Update after an edit, for generated catalogues of each size: upload it, open the Mandate
   page, change the PMO type, and time until the rerun with the new audit is drawn. (A
   tick in the Links page's grid is drawn on a canvas and cannot be clicked reliably by a
   script; the PMO type change reruns the same audit.)
"""

from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_import  # noqa: E402

from tests.browser.conftest import CHROMIUM_FLAGS, free_port  # noqa: E402
from tests.browser.streamlit_page import IDLE, App  # noqa: E402

HELLO = 'import streamlit as st\nst.write("Hello, world")\n'


def launcher(repo: Path) -> list[str]:
    """How ./run-app starts a checkout's app: `python -m ui.serve` (the warm-up beside
    `streamlit run app.py`) where the checkout has it, else `streamlit run app.py`."""
    if (repo / "ui" / "serve.py").exists():
        return ["-m", "ui.serve"]
    return ["-m", "streamlit", "run", str(repo / "app.py")]


def start_server(script: Path, cwd: Path = ROOT,
                 command: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` (or `python <command>`) on a free port; returns the process
    and its url."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, *(command or ["-m", "streamlit", "run", str(script)]),
         "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return server, f"http://127.0.0.1:{port}"


def first_render(browser, script: Path, drawn: str, cwd: Path = ROOT,
                 command: list[str] | None = None, settle: float | None = None) -> float:
    """Seconds to `drawn` visible with the script idle: from the server's start, the page
    opened as soon as the server answers (`settle` None); or, on a server that has been up
    for `settle` seconds, from opening the page (a hosted server's first visitor)."""
    started = time.perf_counter()
    server, url = start_server(script, cwd, command)
    try:
        page = browser.new_page()
        while True:
            try:
                if settle is not None:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        time.sleep(settle)
                        started = time.perf_counter()
                page.goto(url, timeout=60_000 if settle is not None else 2_000)
                break
            except Exception:  # the server is not listening yet
                if time.perf_counter() - started > 60:
                    raise
                time.sleep(0.05)
        page.wait_for_selector(drawn, timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        seconds = time.perf_counter() - started
        page.close()
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=20)


first_visit = functools.partial(first_render, settle=5.0)


def update_after_edit(browser, url: str, workbook: Path) -> list[float]:
    """Seconds for the audit to redraw after the PMO type is changed on the Mandate page:
    twice, each time to a type not audited yet in this server (an audit the caches do
    not hold)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        app = App(page).open(f"{url}/")
        app.upload(workbook)
        app.page.wait_for_selector(IDLE, timeout=300_000)
        app.go("Mandate")
        box = page.get_by_role("combobox", name="PMO type", exact=True)
        seen = {box.input_value()}
        times = []
        for target in [t for t in ("Supportive", "Controlling", "Directive") if t not in seen][:2]:
            box.click()
            started = time.perf_counter()
            with app.rerun(timeout=300_000):
                page.get_by_role("option", name=target, exact=True).click()
            times.append(time.perf_counter() - started)
        return times
    finally:
        page.close()


def compare(browser, title: str, measure, hello: Path, ways: list, drawn: str, runs: int,
            target: str = "") -> None:
    """Time `measure` for the hello-world page and each (checkout, command), alternating
    run by run, and print the medians and their ratios to the hello-world page."""
    ours: dict[tuple[Path, tuple[str, ...]], list[float]] = {way: [] for way in ways}
    baseline: list[float] = []
    for _ in range(runs):
        baseline.append(measure(browser, hello, "text=Hello, world"))
        for repo, command in ways:
            ours[(repo, command)].append(measure(browser, repo / "app.py", drawn, repo,
                                                 list(command)))
    base = statistics.median(baseline)
    print(f"\n| {title} | median | runs | ratio to hello world |\n"
          "| --- | ---: | ---: | ---: |")
    print(f"| hello-world page | {base:.2f} s | {runs} | 1.00x |")
    for (repo, command), times in ours.items():
        how = "streamlit run app.py" if command[1] == "streamlit" else "python -m ui.serve"
        print(f"| the sample audit (figures and chart), {repo.name}, `{how}` | "
              f"{statistics.median(times):.2f} s | {runs} | "
              f"{statistics.median(times) / base:.2f}x{target} |")


def main() -> None:
    """Measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", action="append", type=Path,
                        help="a checkout whose first render to time (default: this one)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    repos = [r.resolve() for r in (args.repo or [ROOT])]
    work = Path(tempfile.mkdtemp(prefix="pmo-bench-app-"))
    hello = work / "hello.py"
    hello.write_text(HELLO)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=list(CHROMIUM_FLAGS))
        drawn = '[data-testid="stPlotlyChart"] .js-plotly-plot'
        # Per checkout: `streamlit run app.py`, and ./run-app's launcher where it differs.
        ways = [(repo, command) for repo in repos
                for command in {tuple(["-m", "streamlit", "run", str(repo / "app.py")]),
                                tuple(launcher(repo))}]
        ways.sort(key=lambda way: (str(way[0]), way[1][1] != "streamlit"))
        compare(browser, "first render", first_render, hello, ways, drawn, args.runs,
                " (target: within 1.5x)")
        compare(browser, "first visitor of a server up for 5 s", first_visit, hello, ways,
                drawn, args.runs)

        if not sizes:
            browser.close()
            return
        server, url = start_server(ROOT / "app.py", ROOT, launcher(ROOT))
        try:
            time.sleep(3)
            print("\n| services | update after an edit (mean of two) | each |\n"
                  "| ---: | ---: | --- |")
            for size in sizes:
                workbook = work / f"s{size}.xlsx"  # a short name: the upload chip cuts long ones
                workbook.write_bytes(bench_import.cached_catalogue(size, work).read_bytes())
                times = update_after_edit(browser, url, workbook)
                print(f"| {size:,} | {statistics.mean(times):.2f} s | "
                      f"{', '.join(f'{t:.2f} s' for t in times)} |", flush=True)
            print("\n(target: under 0.3 s at 500 services)")
        finally:
            server.terminate()
            server.wait(timeout=20)
        browser.close()


if __name__ == "__main__":
    main()
