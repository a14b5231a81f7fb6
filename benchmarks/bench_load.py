"""Many people opening the app at once: time to the first chart and server CPU per session.

Run by hand, not in CI:

    .venv/bin/python benchmarks/bench_load.py [--sessions 8] [--repo DIR ...]

For a one-line hello-world page (the floor: what Streamlit itself costs per session),
then for each checkout (default: this one; give several --repo for before and after in
one run), one `streamlit run` on 127.0.0.1 and one headless Chromium (/usr/bin/chromium):

1. cold: one browser context opens the app on the fresh server; seconds from navigation
   to the overview's chart (hello: its text) drawn with the script idle, and the server's
   CPU for it;
2. load: --sessions browser contexts open the app at the same moment; for each, seconds
   from navigation to its chart (text) drawn; the server's CPU for them all, divided by the
   sessions (user + system time of the server process and its children, from
   /proc/PID/stat, read once the last page is idle).

Every wait has a timeout and the loops are bounded: the script stops by itself, and stops
its server and browser in any case. The browsers share the machine's cores with the
server, so the times are upper bounds; the CPU per session is the server's alone. The
machine is shared: compare checkouts measured in the same run. Target (issue 13): a new
session costs the server under 0.3 CPU-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, free_port  # noqa: E402
from tests.browser.streamlit_page import IDLE  # noqa: E402

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
HELLO = 'import streamlit as st\nst.write("Hello, world")\n'
TIMEOUT_MS = 300_000
CPU_TARGET = 0.3
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu(pid: int) -> float:
    """CPU-seconds (user + system) of a process and the children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return (utime + stime + cutime + cstime) / CLOCK_TICKS


def start_server(repo: Path, script: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` in `repo` on a free port, once it answers its health check."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],  # the rest from the checkout's config
        cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"the server in {repo} did not answer within 120 s")


async def open_app(browser, url: str, drawn: str) -> float:
    """Seconds from navigation to the first chart drawn and the script idle, in a new context."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = await context.new_page()
        started = time.perf_counter()
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_selector(drawn, timeout=TIMEOUT_MS)
        await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        return time.perf_counter() - started
    finally:
        await context.close()


async def measure(browser, repo: Path, sessions: int, script: str = "app.py",
                  drawn: str = CHART, name: str = "") -> dict:
    """The cold first session, then `sessions` at once, on one fresh server."""
    server, url = start_server(repo, script)
    try:
        before = server_cpu(server.pid)
        cold = await open_app(browser, url, drawn)
        after_cold = server_cpu(server.pid)
        times = await asyncio.gather(*(open_app(browser, url, drawn) for _ in range(sessions)))
        await asyncio.sleep(1)  # let the server finish closing the sessions' scripts
        after = server_cpu(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"repo": name or repo.name, "cold": cold, "cold_cpu": after_cold - before,
            "median": statistics.median(times), "max": max(times),
            "cpu_per_session": (after - after_cold) / sessions}


async def run(repos: list[Path], sessions: int) -> list[dict]:
    """Measure every checkout with one browser."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   args=list(CHROMIUM_FLAGS))
        try:
            with tempfile.TemporaryDirectory(prefix="pmo-bench-load-") as work:
                (Path(work) / "hello.py").write_text(HELLO)
                rows = [await measure(browser, Path(work), sessions, "hello.py",
                                      "text=Hello, world", "hello-world page")]
            return rows + [await measure(browser, repo, sessions) for repo in repos]
        finally:
            await browser.close()


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--repo", action="append", type=Path,
                        help="a checkout whose app to measure (default: this one)")
    args = parser.parse_args()
    repos = [r.resolve() for r in (args.repo or [ROOT])]
    rows = asyncio.run(run(repos, args.sessions))
    print(f"\n{args.sessions} sessions at once after one cold session, one server each\n")
    print("| checkout | cold first chart | its server CPU | first chart, median | slowest "
          "| server CPU per session |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        if row["repo"] == "hello-world page":
            print(f"| {row['repo']} | {row['cold']:.2f} s | {row['cold_cpu']:.2f} s "
                  f"| {row['median']:.2f} s | {row['max']:.2f} s "
                  f"| {row['cpu_per_session']:.2f} s (Streamlit's own floor) |")
            continue
        verdict = "MET" if row["cpu_per_session"] < CPU_TARGET else "NOT MET"
        print(f"| {row['repo']} | {row['cold']:.2f} s | {row['cold_cpu']:.2f} s "
              f"| {row['median']:.2f} s | {row['max']:.2f} s "
              f"| {row['cpu_per_session']:.2f} s (target < {CPU_TARGET:g} s: {verdict}) |")


if __name__ == "__main__":
    main()
