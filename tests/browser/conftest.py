"""The app in a real browser: Streamlit on a free port, driven by Playwright on Debian's Chromium.

One server serves the whole session (`app_url`, also given to pytest-playwright as
`base_url`, so `page.goto("/import")` works). Chromium is Debian's package at
/usr/bin/chromium (`playwright install` cannot download browsers here); `./run-tests`
installs it when missing. A missing browser fails these tests, it never skips them:
CI must not pass without having driven a browser.

Every test in this folder is marked `browser` (`pytest -m "not browser"` leaves them out).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import streamlit_page

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
CHROMIUM_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")
SERVER_START_TIMEOUT = 60


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as `browser`."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def chromium_executable() -> str | None:
    """Debian's Chromium (or $CHROMIUM), if it is installed."""
    wanted = os.environ.get("CHROMIUM")
    if wanted:
        return shutil.which(wanted)
    return shutil.which("chromium") or shutil.which("/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable; fails (never skips) when there is none."""
    found = chromium_executable()
    if found is None:
        pytest.fail(
            "Chromium is not installed, so the browser tests cannot run. Install Debian's "
            "package (`apt-get install -y chromium`; ./run-tests does this when it runs as "
            "root) or point $CHROMIUM at a Chromium executable.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium: str) -> dict:
    """pytest-playwright's launch options, on Debian's Chromium with the flags it needs."""
    args = [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS]
    return {**browser_type_launch_args, "executable_path": chromium, "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Every page the size of a laptop screen, downloads allowed."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900},
            "accept_downloads": True}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    """Return once Streamlit answers /_stcore/health; fail with its log if it never does."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The app's server exited with code {server.returncode}:\n"
                        f"{log.read_text(errors='replace')[-3000:]}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"The app did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT} s:"
                f"\n{log.read_text(errors='replace')[-3000:]}", pytrace=False)


def stop(server: subprocess.Popen) -> None:
    """Stop the server's own process group (and nothing else), politely then firmly."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def start_server(log: Path, port: int | None = None,
                 env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """The app as ./run-app serves it (`python -m ui.serve`: `streamlit run app.py` with the
    warm-up) on a free port (in its own process group), once healthy.

    The server inherits this process's environment, so $PMO_AUDITOR_DB (set for the whole
    test session by tests/conftest.py) names its workshop database, unless `env` says
    otherwise. Stop it with `stop`.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "ui.serve",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # the code under test stays as it was at start: no reloads mid-session
               "--server.fileWatcherType", "none"]
    with log.open("ab") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True,
                                  env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, log)
    except BaseException:
        stop(server)
        raise
    return server, url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served as ./run-app serves it, on a free port, for the whole session."""
    server, url = start_server(tmp_path_factory.mktemp("server") / "streamlit.log")
    try:
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """pytest-playwright opens pages relative to the app."""
    return app_url


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The (git-ignored) folder the tests save full-page screenshots into."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def app(page) -> streamlit_page.App:
    """A fresh browser tab on the app's first page, its first run finished."""
    app = streamlit_page.App(page)
    app.open("/")
    return app
