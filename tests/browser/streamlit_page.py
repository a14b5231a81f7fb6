"""Driving a Streamlit 1.67 page with Playwright: opening, waiting for reruns, widgets.

Streamlit tells the browser whether its script is running through
`[data-testid="stApp"][data-test-script-state]` ("initial", "running", "notRunning"...),
but that attribute also flips for the runs of a fragment (the workshop page checks every
few seconds whether someone else saved a change), and after a click it may still read
"notRunning" for a moment before the rerun starts. So `App` reads the messages themselves
on the page's websocket (Streamlit's protobufs): the browser asking for a run of the
whole script, the server starting one (`new_session` without fragment ids) and finishing
it (`script_finished`). `App.rerun()` waits, after an action, for a whole run that
started after the browser asked for it to finish; fragment runs are counted apart.

A full reload (`page.goto`) opens a new Streamlit session and loses the upload and
every decision, as it would for a user pressing F5: pages are changed by clicking the
sidebar's links, as a user does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Locator, Page, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUN_TIMEOUT_MS = 90_000
PLOTLY = '[data-testid="stPlotlyChart"] .js-plotly-plot'

STREAM = "/_stcore/stream"
# what the tab's websocket carried, in order: the events `App.runs` records
ASKED, STARTED, FINISHED = "asked", "started", "finished"  # whole-script runs
FRAGMENT_STARTED, FRAGMENT_FINISHED = "fragment started", "fragment finished"
_WHOLE_RUN_ENDS = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


class App:
    """One browser tab on the app."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.runs: list[str] = []  # ASKED, STARTED, FINISHED, FRAGMENT_... as they happen
        page.on("websocket", self._watch)

    # ------------------------------------------------------------------ the websocket

    def _watch(self, socket: WebSocket) -> None:
        if socket.url.endswith(STREAM):
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = BackMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") == "rerun_script" \
                and not message.rerun_script.fragment_id:
            self.runs.append(ASKED)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        fragment = bool(message.metadata.run.fragment_ids)
        if kind == "new_session":
            self.runs.append(FRAGMENT_STARTED if fragment else STARTED)
        elif kind == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.runs.append(FRAGMENT_FINISHED)
            elif message.script_finished in _WHOLE_RUN_ENDS and not fragment:
                self.runs.append(FINISHED)

    def whole_runs(self) -> int:
        """How many runs of the whole script this tab has seen start."""
        return self.runs.count(STARTED)

    def fragment_runs(self) -> int:
        """How many fragment runs this tab has seen finish."""
        return self.runs.count(FRAGMENT_FINISHED)

    def _ran_since(self, mark: int) -> bool:
        """Since `mark`, the browser asked for a whole run, and one started and finished."""
        wanted = [ASKED, STARTED, FINISHED]
        for event in self.runs[mark:]:
            if event == wanted[0]:
                wanted.pop(0)
                if not wanted:
                    return True
        return False

    # ------------------------------------------------------------------ waiting

    def open(self, path: str = "/") -> App:
        """Load a url path in a new session and wait for its first run to finish."""
        self.page.goto(path)
        self.wait_idle()
        return self

    def wait_idle(self, timeout: float = RUN_TIMEOUT_MS) -> None:
        """Wait until the script has drawn the page's title (or an error) and stopped."""
        self.page.wait_for_selector(IDLE, timeout=timeout)
        drawn = self.main.locator('h1, [data-testid="stException"], [data-testid="stAlert"]')
        expect(drawn.first).to_be_attached(timeout=timeout)
        self.page.wait_for_selector(IDLE, timeout=timeout)

    @contextmanager
    def rerun(self, timeout: float = RUN_TIMEOUT_MS) -> Iterator[None]:
        """Wrap an action: on leaving, wait for the whole run it asked for to finish.

        Exact with fragment runs going on: those are neither asked for by the action nor
        runs of the whole script, so they neither end the wait early nor count.
        """
        mark = len(self.runs)
        yield
        deadline = time.monotonic() + timeout / 1000
        while not self._ran_since(mark):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"The action's rerun did not finish within {timeout / 1000:.0f} s; the "
                    f"page's websocket carried {self.runs[mark:]}")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the websocket's events
        self.page.wait_for_selector(IDLE, timeout=timeout)

    # ------------------------------------------------------------------ where things are

    @property
    def main(self) -> Locator:
        """The page's own content (not the sidebar)."""
        return self.page.locator('[data-testid="stMain"]')

    @property
    def sidebar(self) -> Locator:
        """The sidebar: navigation, upload, samples, template."""
        return self.page.locator('[data-testid="stSidebar"]')

    def keyed(self, key: str) -> Locator:
        """The widget created with `key=...` (Streamlit gives its container a st-key- class)."""
        return self.page.locator(f".st-key-{key}")

    def title(self) -> str:
        """The page's h1."""
        return self.main.locator("h1").first.inner_text().strip()

    def metric_value(self, label: str) -> Locator:
        """Where the st.metric with this label shows its value."""
        metric = self.main.locator('[data-testid="stMetric"]').filter(
            has=self.page.locator('[data-testid="stMetricLabel"]', has_text=label))
        return metric.first.locator('[data-testid="stMetricValue"]')

    def metric(self, label: str, timeout: float = 10_000) -> str:
        """The value an st.metric with this label shows (waiting for it to be drawn).

        Streamlit loads each kind of element's code on first use, so an element may appear
        a moment after the script has finished: read through locators that wait.
        """
        value = self.metric_value(label)
        expect(value).to_be_visible(timeout=timeout)
        return value.inner_text().strip()

    def charts(self) -> Locator:
        """The plotly charts drawn on the page."""
        return self.main.locator(PLOTLY)

    # ------------------------------------------------------------------ doing things

    def go(self, link: str) -> None:
        """Change page by clicking the sidebar link, keeping the session."""
        nav = self.sidebar.locator('[data-testid="stSidebarNavLink"]')
        with self.rerun():
            nav.filter(has_text=link).first.click()

    def upload(self, path: Path, key: str = "sidebar_upload") -> None:
        """Give a workbook to a file uploader, as dropping it on the widget would."""
        with self.rerun():
            self.keyed(key).locator('[data-testid="stFileUploaderDropzoneInput"]') \
                .set_input_files(str(path))
        expect(self.keyed(key).locator('[data-testid="stFileChipName"]')) \
            .to_have_text(path.name)

    def choose(self, label: str, option: str) -> None:
        """Pick an option in the selectbox with this label (a react-aria combobox in 1.67)."""
        box = self.page.get_by_role("combobox", name=label, exact=True)
        box.click()
        self.page.get_by_role("option", name=option, exact=True).click()
        expect(box).to_have_value(option)

    def click_button(self, name: str) -> None:
        """Press a button and wait for the rerun it causes.

        First wait for any run in progress (another person's change being shown) to end:
        during a run, an element that moved is on the page twice, the old one greyed out.
        """
        self.page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
        with self.rerun():
            self.main.get_by_role("button", name=name).click()

    def screenshot(self, path: Path) -> Path:
        """The whole page (Streamlit scrolls inside its own container, so grow the window)."""
        size = self.page.viewport_size or {"width": 1400, "height": 900}
        height = self.page.evaluate("""() => Math.max(...[
            '[data-testid="stMain"]', '[data-testid="stSidebarContent"]'
        ].map(s => document.querySelector(s)?.scrollHeight || 0), window.innerHeight)""")
        self.page.set_viewport_size({"width": size["width"], "height": min(height, 12_000)})
        try:
            self.page.wait_for_timeout(300)  # let charts re-layout to the new size
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(size)
        return path
