"""Export: take the audit away, as the Excel report, the sponsors' summary and the edited catalogue.

Each file is made from the current audit (the workbook with people's decisions and the
user's weights and thresholds). The report and the catalogue are cached per audit. The
summary (HTML and PDF) takes seconds, since a headless browser draws its charts: it is
made when the user asks, with a progress bar, and kept for this browser tab under
"export_summary" (a `MadeSummary` naming the audit it was made for) until the audit
changes. The pure helpers (`file_stem`, `with_confirmed_links`, `excel_report`,
`with_progress`) are tested without a browser. Widget keys start with "export_".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import queue
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from audit.model import AuditResult, ConfirmedLinks
from catalogue.model import Catalogue, Issue
from catalogue.writer import catalogue_write_warnings, write_catalogue
from reports.excel import write_report
from ui import current, state
from ui.errors import show_error
from ui.literal import md_escape

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STEM_LENGTH = 60
# The page's own state: the summary last made in this browser tab, for one audit.
SUMMARY_STATE = "export_summary"

T = TypeVar("T")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class MadeSummary:
    """The sponsor summary made for one audit (named by `audit_key`)."""

    key: str
    html: str
    pdf: bytes
    made_at: dt.datetime


# --- Pure helpers ------------------------------------------------------------------------

def file_stem(pmo_name: str | None, fallback: str = "pmo") -> str:
    """A file name stem from the PMO's name, safe on every file system ("Change_Portfolio_Office").

    Letters and digits only (accents dropped), words joined by "_", at most 60 characters;
    `fallback` (made safe the same way) when nothing is left, and "pmo" after that.
    """
    for text in (pmo_name, fallback, "pmo"):
        ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
        stem = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")[:STEM_LENGTH].rstrip("_")
        if stem:
            return stem
    return "pmo"


def with_confirmed_links(catalogue: Catalogue,
                         links: Mapping[str, ConfirmedLinks]) -> Catalogue:
    """The catalogue with the links people confirmed written into its services.

    A person's objectives (ids) or customers (names) replace the service's own when they
    are not None, as the audit reads them; services nobody decided about are unchanged.
    """
    services = []
    for service in catalogue.services:
        decided = links.get(service.id)
        if decided is not None and decided.objectives is not None:
            service = dataclasses.replace(service, objectives=tuple(decided.objectives))
        if decided is not None and decided.customers is not None:
            service = dataclasses.replace(service, customers=tuple(decided.customers))
        services.append(service)
    return dataclasses.replace(catalogue, services=tuple(services))


def decisions_a_workbook_cannot_hold(links: Mapping[str, ConfirmedLinks]) -> list[str]:
    """People's decisions that a catalogue workbook has no place for, in sentences."""
    rejected = sorted(sid for sid, d in links.items()
                      if d.rejected_objectives or d.rejected_customers)
    none_decided = sorted(sid for sid, d in links.items()
                          if d.objectives == () or d.customers == ())
    notes = []
    if rejected:
        notes.append(f"Suggestions rejected for {len(rejected)} service(s) "
                     f"({', '.join(rejected[:5])}{'…' if len(rejected) > 5 else ''}) are not "
                     "kept: a workbook holds links, not rejected suggestions, so they may be "
                     "suggested again when it is imported.")
    if none_decided:
        notes.append(f"For {len(none_decided)} service(s) a person decided \"no link\"; the "
                     "workbook leaves the cell empty, and the audit may suggest links again "
                     "when it is imported.")
    return notes


def excel_report(result: AuditResult, issues: Sequence[Issue] = ()) -> bytes:
    """The Excel audit report of this audit (and the import's issues), as bytes."""
    buffer = io.BytesIO()
    write_report(result, buffer, issues=issues)
    return buffer.getvalue()


def with_progress(work: Callable[[Progress], T], show: Progress) -> T:
    """Run `work` in a thread of its own, passing on the progress it reports to `show`.

    `show` is called from the calling thread only (Streamlit elements can be updated from
    the script's thread, not from others). `work`'s error is raised here.
    """
    events: queue.SimpleQueue[tuple[float, str]] = queue.SimpleQueue()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
    try:
        future = pool.submit(work, lambda fraction, words: events.put((fraction, words)))
        while True:
            try:
                show(*events.get(timeout=0.1))
            except queue.Empty:
                if future.done():
                    break
        return future.result()
    finally:
        pool.shutdown(wait=False)  # a user leaving the page must not wait for the browser


def summary_module() -> tuple[ModuleType | None, str | None]:
    """`reports.summary` (the sponsors' one-page summary), or why it cannot be used."""
    try:
        from reports import summary
    except ImportError as exc:
        return None, str(exc)
    return summary, None


# --- Cached per audit --------------------------------------------------------------------

def audit_key(result: AuditResult) -> str:
    """A digest naming the current audit: the workbook, people's decisions and the settings."""
    source = state.source()
    text = (f"{source.key}|{sorted(state.column_overrides().items())}|"
            f"{state.overrides()!r}|{state.config()!r}|{result.as_of}")
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@st.cache_data(show_spinner="Writing the audit report…", max_entries=16)
def _report(_result: AuditResult, _issues: tuple[Issue, ...], key: str) -> bytes:
    return excel_report(_result, _issues)


@st.cache_data(show_spinner="Writing the catalogue…", max_entries=16)
def _catalogue(_catalogue: Catalogue, key: str) -> tuple[bytes, list[str]]:
    return write_catalogue(_catalogue), catalogue_write_warnings(_catalogue)


# --- Sections ----------------------------------------------------------------------------

def report_section(result: AuditResult, issues: tuple[Issue, ...], key: str, stem: str) -> None:
    """The Excel audit report."""
    st.subheader("Excel audit report")
    st.caption("The whole audit in a workbook: the summary, every finding with its evidence, "
               "every service with its scores and recommendation, coverage, the import's "
               "issues and the rules with the weights and thresholds used.")
    try:
        report = _report(result, issues, key)
    except Exception as exc:  # the page must say what failed, never show a traceback
        show_error(exc, "The audit report could not be written.")
        return
    st.download_button("Download the audit report (.xlsx)", report,
                       file_name=f"{stem}_audit_report_{result.as_of:%Y-%m-%d}.xlsx",
                       mime=XLSX, key="export_report", on_click="ignore", type="primary",
                       icon=":material/download:")


def summary_section(result: AuditResult, key: str, stem: str) -> None:
    """The one-page summary for sponsors: HTML and PDF made on request, with progress."""
    st.subheader("One-page summary for sponsors")
    st.caption("The mandate, the headline figures, the charts, what the PMO proposes to stop "
               "and the most severe findings, on one A4 page. The HTML file works offline in "
               "any browser; the PDF is the same page for e-mail and print.")
    summary, why_not = summary_module()
    if summary is None:
        st.info("The summary for sponsors is not available in this version yet.",
                icon=":material/construction:")
        st.caption(f"({why_not})")
        return
    made = st.session_state.get(SUMMARY_STATE)
    if made is not None and made.key != key:
        st.caption("The audit has changed since the summary was last made: make it again.")
        made = None
    asked = made is None and st.button(
        "Make the summary (HTML and PDF)", key="export_summary_make", type="primary",
        icon=":material/picture_as_pdf:",
        help="Takes a few seconds: a headless browser draws the charts and prints the page.")
    if asked:
        made = make_summary(summary, result, key)
    if made is not None:
        html_column, pdf_column, _ = st.columns([1, 1, 1])
        html_column.download_button(
            "Download the summary (.html)", made.html.encode("utf-8"),
            file_name=f"{stem}_sponsor_summary_{result.as_of:%Y-%m-%d}.html", mime="text/html",
            key="export_summary_html", on_click="ignore", icon=":material/download:",
            width="stretch")
        pdf_column.download_button(
            "Download the summary (.pdf)", made.pdf,
            file_name=f"{stem}_sponsor_summary_{result.as_of:%Y-%m-%d}.pdf",
            mime="application/pdf", key="export_summary_pdf", on_click="ignore",
            icon=":material/download:", width="stretch")
        st.caption(f"Made at {made.made_at:%H:%M} for the audit as it stands.")
    st.download_button(
        "Interactive HTML (charts with hover and zoom, about 5 MB)",
        lambda: summary.summary_html(result, interactive=True).encode("utf-8"),
        file_name=f"{stem}_sponsor_summary_interactive_{result.as_of:%Y-%m-%d}.html",
        mime="text/html", key="export_summary_interactive", on_click="ignore",
        type="tertiary", icon=":material/download:",
        help="Needs no browser on the server to make: use it if the summary above cannot be "
             "made. It embeds plotly.js, so it is larger, and it prints less neatly.")


def _show(bar: DeltaGenerator, fraction: float, words: str) -> None:
    bar.progress(min(max(fraction, 0.0), 1.0), text=words)


def make_summary(summary: ModuleType, result: AuditResult, key: str) -> MadeSummary | None:
    """Make the HTML and PDF summary with a progress bar; remember it for this audit."""
    with st.status("Making the summary…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting…")
        try:
            documents = with_progress(
                lambda progress: summary.summary_documents(result, progress=progress),
                lambda fraction, words: _show(bar, fraction, words))
        except Exception as exc:  # the page must say what failed, never show a traceback
            status.update(label="The summary could not be made", state="error")
            show_error(exc, "The summary could not be made.",
                       advice="The interactive HTML below needs no browser on the server; it "
                              "holds the same page.")
            return None
        status.update(label="The summary is ready", state="complete", expanded=False)
    made = MadeSummary(key, documents.html, documents.pdf, dt.datetime.now())
    st.session_state[SUMMARY_STATE] = made
    return made


def catalogue_section(result: AuditResult, key: str, stem: str) -> None:
    """The catalogue as edited in the app, as a workbook that imports again."""
    st.subheader("The catalogue as edited")
    links = state.overrides().links
    confirmed = sum(1 for d in links.values()
                    if d.objectives is not None or d.customers is not None)
    so_far = f"{confirmed} service(s) so far" if confirmed else "none so far"
    st.caption("The mandate, objectives and customers as edited in the app, and every "
               f"service with the links people confirmed ({so_far}), in the template's "
               "layout. Import it again to carry on where you left off.")
    edited = with_confirmed_links(result.catalogue, links)
    data, warnings = _catalogue(edited, key)
    st.download_button("Download the catalogue (.xlsx)", data,
                       file_name=f"{stem}_catalogue_edited.xlsx", mime=XLSX,
                       key="export_catalogue", on_click="ignore", icon=":material/download:")
    for note in decisions_a_workbook_cannot_hold(links):
        st.caption(md_escape(note))
    if warnings:
        with st.expander(f"{len(warnings)} value(s) had to be changed for Excel"):
            for warning in warnings:
                st.text(warning)


def page() -> None:
    """The export page."""
    if current.show_import_error():
        return
    imported, _error = current.imported()
    result = current.audited()
    assert imported is not None and result is not None
    st.title("Take it away")
    st.caption(f"Everything below is the audit as it stands now, as of {result.as_of:%d %B %Y}, "
               "with the decisions and the weights and thresholds set in the app.")
    key = audit_key(result)
    stem = file_stem(result.catalogue.mandate.pmo_name, Path(state.source().workbook.name).stem)
    report_section(result, current.import_issues(), key, stem)
    st.divider()
    summary_section(result, key, stem)
    st.divider()
    catalogue_section(result, key, stem)
