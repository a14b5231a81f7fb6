"""A one-page summary for sponsors, as self-contained HTML and as PDF.

The page holds the headline figures with how each is worked out, the alignment/value
quadrant, effort against priority per objective, what the PMO proposes to stop, and the
most severe findings. Every piece of user text (PMO name, mandate, service names,
finding messages) is escaped with `html.escape`, and chart text is escaped by
`reports.charts`.

Charts: static SVG drawn by kaleido, inline in the page (the default). The page then
needs no JavaScript at all: about 50 KB instead of 4.9 MB with plotly.js, it opens in a
mail client's preview, prints as it shows, and is exactly the document the PDF prints, so
the two never disagree. Its Content-Security-Policy forbids every script and every
external load, a second guard behind the escaping. The price is a browser: kaleido drives
Chromium, about 5 s. `interactive=True` gives the other trade-off: charts with hover and
zoom, plotly.js embedded once (4.9 MB), no browser needed, 0.2 s.

PDF: one Chromium session (kaleido's) draws every chart, then prints the same HTML page
through the DevTools protocol (`Page.printToPDF`) in a second tab: one browser start in
all. Measured on a 2-core machine: HTML and PDF together 7.3 s (best of 3), HTML alone
5.5 s; kaleido's one-shot calls start a browser per chart (6.6 s each), and printing with
a second `chromium --print-to-pdf` process would add 1.3 s. Everything runs under a time
limit in a thread of its own; a missing Chromium, or one that fails or hangs, raises
`SummaryError` (and the browser is killed), never a hang. `render_documents` offers the
same drawing and printing to other one-page documents (a workshop's outcome) with a page
of their own.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import html
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.findings import attention_first
from audit.model import AuditResult, Finding, FindingCode, Recommendation, ServiceAssessment
from audit.wording import fte, percent, shorten
from catalogue.errors import PmoAuditorError
from catalogue.model import ServiceStatus
from reports import charts

Progress = Callable[[float, str], None]
"""Told how far a long export has gone: a fraction from 0 to 1, and what it is doing."""

PageBuilder = Callable[[list[str]], str]
"""Builds a whole HTML page from its charts drawn as inline SVG, in the charts' order."""

CHROMIUM_MISSING = ("PDF export needs Chromium; install it with apt-get install chromium "
                    "(or set it on the PATH as chromium).")
TIMEOUT_SECONDS = 120.0
RENDER_TIMEOUT_SECONDS = 45.0
CLOSE_TIMEOUT_SECONDS = 15.0
STOPS_SHOWN = 6
FINDINGS_SHOWN = 3
FINDING_LENGTH = 160
PAGE_WIDTH_PX = 700  # A4 less 12 mm margins at 96 CSS pixels per inch, rounded down


class SummaryError(PmoAuditorError):
    """A summary could not be made: no Chromium, or Chromium failed or took too long."""

    code = "summary-failed"


@dataclass(frozen=True)
class SummaryDocuments:
    """The sponsor summary in both forms, drawn in one browser session."""

    html: str
    pdf: bytes


# --- What the page says ----------------------------------------------------------------------


def proposed_stops(result: AuditResult) -> tuple[ServiceAssessment, ...]:
    """Services recommended retire or rethink that still run: retire first, then by effort."""
    stops = [s for s in result.services
             if s.recommendation in (Recommendation.RETIRE, Recommendation.RETHINK)
             and s.status is not ServiceStatus.RETIRED]
    stops.sort(key=lambda s: (s.recommendation is not Recommendation.RETIRE,
                              -(s.effort_fte or 0.0)))
    return tuple(stops)


def freed_effort(result: AuditResult) -> float:
    """The FTE the proposed stops take now (what stopping or handing them over frees)."""
    return sum(s.effort_fte or 0.0 for s in proposed_stops(result))


def top_findings(result: AuditResult, how_many: int = FINDINGS_SHOWN) -> tuple[Finding, ...]:
    """The most severe findings a sponsor has not already read in the proposed stops.

    A finding only about services already proposed for a stop (outside the mandate, low
    value) repeats the stops table; gaps in the mandate's coverage, effort against
    priority, and the rest come first; upkeep (missing data, overdue reviews) last; within
    that, most severe first, then the most effort at stake.
    """
    stopped = {s.service_id for s in proposed_stops(result)}
    repeats = (FindingCode.SERVICE_OUTSIDE_MANDATE, FindingCode.LOW_VALUE,
               FindingCode.CUSTOMER_OUTSIDE_MANDATE)
    fresh = [f for f in result.findings
             if not (f.code in repeats and f.services and set(f.services) <= stopped)]
    return attention_first(fresh, how_many)


def summary_charts(result: AuditResult) -> tuple[charts.Chart, ...]:
    """The charts on the page, sized for an A4 page."""
    # Small enough for one page with a catalogue of 40 or so; a crowded one gets room.
    crowded = len(result.services) > 40
    return (
        charts.alignment_value_quadrant(result, width=PAGE_WIDTH_PX,
                                        height=420 if crowded else 305),
        charts.effort_against_priority(result, row_height=28),
    )


# --- HTML ------------------------------------------------------------------------------------


def summary_html(result: AuditResult, *, interactive: bool = False,
                 progress: Progress | None = None) -> str:
    """The sponsor summary as one self-contained HTML page that works offline.

    Static SVG charts by default (needs Chromium, a few seconds); `interactive=True` embeds
    plotly.js once instead (no browser, about 4.7 MB, hover and zoom).
    """
    if interactive:
        figures = summary_charts(result)
        blocks = [chart.figure.to_html(
            full_html=False, include_plotlyjs=(i == 0), default_width="100%",
            config={"displaylogo": False, "responsive": True})
            for i, chart in enumerate(figures)]
        return _page(result, figures, blocks, interactive=True)
    return _render(result, want_pdf=False, progress=progress).html


def summary_pdf(result: AuditResult, *, progress: Progress | None = None) -> bytes:
    """The sponsor summary as an A4 PDF with static charts (Chromium, a few seconds)."""
    return _render(result, want_pdf=True, progress=progress).pdf


def summary_documents(result: AuditResult, *,
                      progress: Progress | None = None) -> SummaryDocuments:
    """The static HTML and the PDF together, for the price of one browser session."""
    return _render(result, want_pdf=True, progress=progress)


STYLE = """
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #1f2933;
       font-size: 8pt; line-height: 1.22; margin: 0; }
@media screen { body { max-width: 186mm; margin: 8mm auto; } }
h1 { font-size: 14pt; margin: 0 0 1mm; }
h2 { font-size: 10.5pt; margin: 1.5mm 0 1mm; }
p { margin: 0 0 1mm; }
.muted { color: #4b5563; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 2mm 0; }
.figure { border: 1px solid #d1d5db; border-radius: 1.5mm; padding: 1.5mm 2.5mm; }
.figure .value { font-size: 16pt; font-weight: bold; }
.figure .label { font-weight: bold; }
.figure .why { font-size: 6.5pt; color: #4b5563; margin-top: 0.5mm; }
.chart, section { break-inside: avoid; }
.chart { margin: 1mm 0; }
h2 { break-after: avoid; }
.chart svg { display: block; width: 100%; height: auto; }
.how { font-size: 7pt; color: #4b5563; margin: 0 0 1mm; }
.mix { font-weight: 600; color: #1f2933; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.6mm 1mm;
         border-bottom: 1px solid #e5e7eb; }
th { font-size: 7.5pt; color: #4b5563; }
td.n { text-align: right; white-space: nowrap; }
.tag { font-weight: bold; }
.retire { color: #b34700; } .rethink { color: #9a6700; }
ul.findings { margin: 0; padding-left: 4mm; }
ul.findings li { margin-bottom: 1mm; }
.sev { font-weight: bold; text-transform: uppercase; font-size: 6.8pt; }
footer { margin-top: 1.5mm; font-size: 6.5pt; color: #6b7280; }
"""

STATIC_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
INTERACTIVE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; "
                      "style-src 'unsafe-inline'; img-src data: blob:; font-src data:")


def _page(result: AuditResult, chart_list: tuple[charts.Chart, ...], blocks: list[str], *,
          interactive: bool = False) -> str:
    """The whole page; `blocks` are the charts already drawn (SVG, or plotly divs)."""
    e = esc
    mandate = result.catalogue.mandate
    name = mandate.pmo_name or result.catalogue.source or "Service catalogue audit"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="'
        f'{INTERACTIVE_POLICY if interactive else STATIC_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(shorten(name, 120))}: mandate alignment summary</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(name)}</h1>",
    ]
    parts.append(f'<p class="muted">{e(_mandate_line(result))}</p>')
    if mandate.statement:
        parts.append(f"<p><b>Mandate:</b> {e(shorten(mandate.statement, 260))}</p>")
    parts.append(_figures(result))
    for chart, block in zip(chart_list, blocks, strict=True):
        how = e(chart.how_to_read)
        if chart.key == "effort_priority":
            how += _function_mix(result)
        parts.append(f'<div class="chart">{block}<p class="how">{how}</p></div>')
    parts.append('<div class="columns">')
    parts.append(_stops(result))
    parts.append(_findings(result))
    parts.append("</div>")
    notes = " ".join(result.summary.notes)
    source = f"{e(result.catalogue.source)}, audited" if result.catalogue.source else "Audited"
    parts.append(
        f"<footer>{source} as of {result.as_of:%d %B %Y} by the PMO Service Catalogue Value "
        f"Auditor. {e(notes)}</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _mandate_line(result: AuditResult) -> str:
    mandate, summary = result.catalogue.mandate, result.summary
    bits = []
    if mandate.pmo_type:
        bits.append(f"{mandate.pmo_type.value.capitalize()} PMO")
    if mandate.sponsor:
        bits.append(f"sponsor {mandate.sponsor}")
    if mandate.date:
        bits.append(f"mandate of {mandate.date:%d %B %Y}")
    services = f"{summary.services_in_service} of {summary.services} services in service"
    if summary.total_effort_fte:
        services += f", {fte(summary.total_effort_fte)}"
    bits.append(services)
    bits.append(f"audited as of {result.as_of:%d %B %Y}")
    return " · ".join(bits)


def _figures(result: AuditResult) -> str:
    summary = result.summary
    boxes = []
    for label, headline in (("Mandate fit", summary.mandate_fit),
                            ("Objectives covered", summary.objective_coverage),
                            ("Customers served", summary.customer_coverage),
                            ("Effort inside the mandate", summary.effort_in_mandate)):
        shown = "not known" if headline.value is None else percent(headline.value)
        boxes.append(f'<div class="figure"><div class="label">{label}</div>'
                     f'<div class="value">{shown}</div>'
                     f'<div class="why">{esc(headline.explanation)}</div></div>')
    return f'<div class="figures">{"".join(boxes)}</div>'


def function_mix_line(result: AuditResult, how_many: int = 6) -> str:
    """The function mix in one line of plain text: effort, and what the mandate asks, per kind of work."""
    groups = [g for g in result.function_groups
              if (g.effort_share or 0) >= 0.005 or (g.priority_share or 0) >= 0.005]
    if not groups:
        return ""
    groups.sort(key=lambda g: (-(g.effort_share or 0), -(g.priority_share or 0)))
    asks = any(g.priority_share is not None for g in groups)
    parts = []
    for g in groups[:how_many]:
        effort = "not known" if g.effort_share is None else percent(g.effort_share)
        part = f"{g.name} {effort}"
        if asks:
            part += f" (asked {percent(g.priority_share or 0.0)})"
        parts.append(part)
    head = ("Kinds of PMO work, share of effort (and of the mandate's priority asking for "
            "it): " if asks else "Kinds of PMO work, share of effort (the mandate states no "
            "objectives, so this is what the catalogue says the PMO does): ")
    return head + " · ".join(parts) + "."


def _function_mix(result: AuditResult) -> str:
    line = function_mix_line(result)
    return f' <b class="mix">{esc(line)}</b>' if line else ""


def _stops(result: AuditResult) -> str:
    stops = proposed_stops(result)
    out = ["<section><h2>What the PMO proposes to stop</h2>"]
    if not stops:
        out.append("<p>Nothing: every service in service is inside the mandate or valued.</p>")
        return "".join(out) + "</section>"
    total = result.summary.total_effort_fte
    freed = freed_effort(result)
    share = f" ({percent(freed / total)} of the PMO's effort)" if total else ""
    retire, rethink = Recommendation.RETIRE, Recommendation.RETHINK
    out.append(f"<p>{len(stops)} service{'s' if len(stops) != 1 else ''}, {fte(freed)}"
               f"{share}. <b class=\"retire\">{retire.label}</b>: {retire.meaning}. "
               f"<b class=\"rethink\">{rethink.label}</b>: {rethink.meaning}: hand "
               f"over, or add to the mandate.</p>")
    out.append('<table><tr><th>Service</th><th class="n">FTE</th><th>Proposal</th></tr>')
    for s in stops[:STOPS_SHOWN]:
        word = s.recommendation.label
        status = " (already retiring)" if s.status is ServiceStatus.RETIRING else ""
        status += " (mandatory)" if s.mandatory else ""
        effort = "not known" if s.effort_fte is None else f"{s.effort_fte:g}"
        out.append(
            f"<tr><td>{esc(shorten(s.name, 48))}{status}</td><td class=\"n\">{effort}</td>"
            f'<td class="tag {s.recommendation.value}">{word}</td></tr>')
    out.append("</table>")
    if len(stops) > STOPS_SHOWN:
        out.append(f'<p class="muted">and {len(stops) - STOPS_SHOWN} more, in the app and '
                   f"the Excel report.</p>")
    return "".join(out) + "</section>"


def _findings(result: AuditResult) -> str:
    findings = top_findings(result)
    out = ["<section><h2>What else needs attention first</h2>"]
    if not findings:
        return "".join(out) + "<p>The audit found nothing to raise.</p></section>"
    out.append(finding_list(findings))
    counts = result.summary.findings_by_severity
    out.append(f'<p class="muted">{len(result.findings)} findings in all: '
               f"{counts.get('high', 0)} high, {counts.get('medium', 0)} medium, "
               f"{counts.get('low', 0)} low.</p>")
    return "".join(out) + "</section>"


def finding_list(findings: Sequence[Finding]) -> str:
    """Findings as the page lists them: severity, kind, the message clipped (escaped)."""
    items = "".join(f'<li><span class="sev">{f.severity.value}</span> '
                    f"<b>{esc(f.code.title)}</b>: {esc(clip(f.message, FINDING_LENGTH))}</li>"
                    for f in findings)
    return f'<ul class="findings">{items}</ul>'


def clip(text: object, limit: int) -> str:
    """Text on one line cut at a word to at most `limit` characters, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# --- Drawing and printing --------------------------------------------------------------------


def chromium_path() -> str | None:
    """Chromium's executable, or None when it is not installed."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def _render(result: AuditResult, *, want_pdf: bool,
            progress: Progress | None) -> SummaryDocuments:
    """The sponsor summary's page drawn (and printed) in one Chromium session."""
    chart_list = summary_charts(result)
    return render_documents(chart_list, lambda svgs: _page(result, chart_list, svgs),
                            want_pdf=want_pdf, progress=progress)


def render_documents(chart_list: tuple[charts.Chart, ...], build_page: PageBuilder, *,
                     want_pdf: bool, progress: Progress | None = None,
                     what: str = "the summary",
                     fallback: str = "use the interactive HTML summary, which needs no "
                                     "browser") -> SummaryDocuments:
    """Draw the charts as SVG, build the page from them (and print it to PDF).

    One Chromium session, in a thread of its own, under `TIMEOUT_SECONDS`. `what` names
    the document in error messages; `fallback` is what to suggest when Chromium is too
    slow (empty: nothing but trying again). Raises `SummaryError`.
    """
    tell = progress or (lambda _fraction, _words: None)
    browser = chromium_path()
    if browser is None:
        raise SummaryError(CHROMIUM_MISSING)
    tell(0.05, "Starting Chromium…")
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = asyncio.run(asyncio.wait_for(
                _draw(chart_list, build_page, browser, want_pdf, tell), TIMEOUT_SECONDS))
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    # Its own thread and event loop: callers (Streamlit, a notebook) may run one already.
    started = time.monotonic()
    thread = threading.Thread(target=work, name="sponsor-summary", daemon=True)
    thread.start()
    thread.join(TIMEOUT_SECONDS + CLOSE_TIMEOUT_SECONDS + 5)
    too_long = (f"Chromium took longer than {TIMEOUT_SECONDS:.0f} s to draw {what}; "
                f"try again{', or ' + fallback if fallback else ''}.")
    if thread.is_alive():
        raise SummaryError(too_long)
    error = outcome.get("error")
    if isinstance(error, SummaryError):
        raise error
    # A time-out while Chromium starts comes back as choreographer's "closed" error.
    if error is not None and (isinstance(error, TimeoutError)
                              or time.monotonic() - started >= TIMEOUT_SECONDS):
        raise SummaryError(too_long) from error
    if error is not None:
        reason = str(error.args[0]) if error.args else ""
        raise SummaryError(f"Chromium could not draw {what} ({type(error).__name__}"
                           f"{': ' + reason if reason else ''}).") from error
    tell(1.0, "Done")
    documents = outcome["value"]
    assert isinstance(documents, SummaryDocuments)
    return documents


async def _draw(chart_list: tuple[charts.Chart, ...], build_page: PageBuilder, browser: str,
                want_pdf: bool, tell: Progress) -> SummaryDocuments:
    import kaleido  # here, not at the top: only a summary needs it and its browser layer
    steps = len(chart_list) + (2 if want_pdf else 1)
    # mathjax=False: kaleido would otherwise fetch MathJax from a CDN. plotly.js comes
    # from the plotly package, on disk.
    k = kaleido.Kaleido(n=1, path=browser, mathjax=False, timeout=RENDER_TIMEOUT_SECONDS)
    try:
        await k.open()
        svgs = []
        for number, chart in enumerate(chart_list, start=1):
            tell(number / steps, f"Drawing chart {number} of {len(chart_list)}…")
            svg = await k.calc_fig(chart.figure, opts={
                "format": "svg", "width": PAGE_WIDTH_PX,
                "height": int(chart.figure.layout.height or 400)})
            svgs.append(_unique_ids(svg.decode("utf-8"), number))
        page = build_page(svgs)
        if not want_pdf:
            return SummaryDocuments(page, b"")
        tell((steps - 1) / steps, "Printing the PDF…")
        return SummaryDocuments(page, await _print_pdf(k, page))
    except BaseException:
        # A browser that failed or hangs would never answer close()'s "Browser.close".
        _kill(k)
        raise
    finally:
        # Also after a failed start (`async with` skips closing then): close() removes
        # the browser's profile folder and kaleido's page.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(k.close(), CLOSE_TIMEOUT_SECONDS)


def _kill(browser) -> None:
    """Kill a browser we started, and its children (its wrapper leads a process group)."""
    process = getattr(browser, "subprocess", None)
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        process.wait(timeout=5)


async def _print_pdf(browser, page: str) -> bytes:
    """Print an HTML page to A4 PDF in a new tab of a running Chromium (DevTools protocol)."""
    with tempfile.TemporaryDirectory(prefix="sponsor-summary-") as folder:
        path = Path(folder) / "summary.html"
        path.write_text(page, encoding="utf-8")
        tab = await browser.create_tab("")
        await tab.send_command("Page.enable")
        loaded = tab.subscribe_once("Page.loadEventFired")
        answer = await tab.send_command("Page.navigate", params={"url": path.as_uri()})
        if "error" in answer or answer.get("result", {}).get("errorText"):
            raise SummaryError(f"Chromium could not open the summary page: {answer}")
        await loaded
        answer = await tab.send_command("Page.printToPDF", params={
            "printBackground": True, "preferCSSPageSize": True,
            "displayHeaderFooter": False, "generateTaggedPDF": True,
        })
    if "error" in answer:
        raise SummaryError(f"Chromium could not print the summary: {answer['error']}")
    return base64.b64decode(answer["result"]["data"])


def _unique_ids(svg: str, number: int) -> str:
    """Give one chart's SVG ids of its own: several inline SVGs share the page's id space."""
    match = re.search(r'id="defs-([0-9a-f]+)"', svg)
    if not match:
        return svg
    return svg.replace(match.group(1), f"{match.group(1)}c{number}")
