"""The sponsor summary: escaped, offline, and a one- or two-page PDF that Chromium prints.

Drawing a summary starts Chromium (seconds), so the static documents are made once per
module and every check reads them.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import time
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

import audit
from audit.model import AuditResult, FindingCode, Recommendation
from catalogue import import_catalogue
from catalogue.model import Catalogue, Mandate, Objective, Service, ServiceStatus
from reports import summary

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
HOSTILE_PMO = '"><img src=x onerror=alert(1)> Change Office'
HOSTILE_SERVICE = "<script>alert('stop')</script> Timesheets"


def coaching_story(pmo_name: str | None = None, renamed: dict[str, str] | None = None
                   ) -> AuditResult:
    catalogue = import_catalogue(
        (ROOT / "sample_catalogues" / "coaching_story.xlsx").read_bytes()).catalogue
    if pmo_name is not None:
        catalogue = replace(catalogue, mandate=replace(catalogue.mandate, pmo_name=pmo_name))
    if renamed:
        catalogue = replace(catalogue, services=tuple(
            replace(s, name=renamed.get(s.id, s.name)) for s in catalogue.services))
    return audit.run_audit(catalogue, audit.AuditConfig(as_of=AS_OF))


@pytest.fixture(scope="module")
def hostile() -> AuditResult:
    # CPO-08 (timesheet chasing) is recommended for retirement: it is in the stops table.
    return coaching_story(HOSTILE_PMO, {"CPO-08": HOSTILE_SERVICE})


@pytest.fixture(scope="module")
def documents(hostile) -> tuple[summary.SummaryDocuments, list[tuple[float, str]], float]:
    told: list[tuple[float, str]] = []
    started = time.perf_counter()
    made = summary.summary_documents(hostile, progress=lambda f, w: told.append((f, w)))
    return made, told, time.perf_counter() - started


def html_escaped(text: str) -> str:
    return html.escape(text, quote=True)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def external_loads(page: str) -> list[str]:
    """Anything the page would fetch from the network: scripts, styles, fonts, images."""
    return (re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]+""", page, re.I)
            + re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
            + re.findall(r"@import", page, re.I)
            + re.findall(r"<link\b", page, re.I))


# --- What the page says (no browser) -------------------------------------------------------


def test_proposed_stops_are_retire_then_rethink_largest_first():
    result = coaching_story()
    stops = summary.proposed_stops(result)
    kinds = [s.recommendation for s in stops]
    assert set(kinds) == {Recommendation.RETIRE, Recommendation.RETHINK}
    assert kinds == sorted(kinds, key=lambda k: k is not Recommendation.RETIRE)
    rethink = [s.effort_fte for s in stops if s.recommendation is Recommendation.RETHINK]
    assert rethink == sorted(rethink, reverse=True)
    # The story: most of the 9 FTE serves no mandate objective.
    assert summary.freed_effort(result) == pytest.approx(
        sum(s.effort_fte for s in stops))
    assert summary.freed_effort(result) > 0.6 * result.summary.total_effort_fte


def test_retired_services_are_not_proposed_again():
    result = audit.run_audit(import_catalogue(
        (ROOT / "sample_catalogues" / "coaching_story_after_workshop.xlsx").read_bytes()
    ).catalogue, audit.AuditConfig(as_of=AS_OF))
    stops = summary.proposed_stops(result)
    assert stops and all(s.status is not ServiceStatus.RETIRED for s in stops)


def test_top_findings_do_not_repeat_the_stops_table():
    result = coaching_story()
    stopped = {s.service_id for s in summary.proposed_stops(result)}
    findings = summary.top_findings(result)
    assert len(findings) == summary.FINDINGS_SHOWN
    assert not any(f.code is FindingCode.SERVICE_OUTSIDE_MANDATE
                   and set(f.services) <= stopped for f in findings)
    # What a sponsor must hear in the coaching story: an objective no service delivers.
    assert findings[0].severity.value == "high"


def test_interactive_html_embeds_plotly_once_and_escapes_user_text(hostile):
    page = summary.summary_html(hostile, interactive=True)
    assert page.count("<script") >= 2  # plotly.js, then one script per chart
    assert page.count("Plotly.newPlot") == len(summary.summary_charts(hostile))
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)
    # plotly.js holds URLs in its strings (its logo's link, map tiles); none is loaded.
    outside_scripts = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
    assert external_loads(outside_scripts) == []
    assert "<img src=x" not in page and "<script>alert" not in page
    assert html_escaped(HOSTILE_PMO) in page
    assert 2_000_000 < len(page) < 8_000_000  # plotly.js inside: works offline


def test_a_missing_chromium_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(summary, "chromium_path", lambda: None)
    with pytest.raises(summary.SummaryError, match="apt-get install chromium"):
        summary.summary_pdf(coaching_story())


def test_a_browser_that_does_not_start_is_an_error_not_a_hang(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setattr(summary, "chromium_path", lambda: str(fake))
    monkeypatch.setattr(summary, "TIMEOUT_SECONDS", 3.0)
    started = time.perf_counter()
    with pytest.raises(summary.SummaryError, match="Chromium"):
        summary.summary_pdf(coaching_story())
    assert time.perf_counter() - started < 30


# --- The static documents (one Chromium session for the module) ----------------------------


def test_static_html_escapes_every_piece_of_user_text(documents):
    page = documents[0].html
    assert "<img src=x" not in page and "<script>alert" not in page
    assert html_escaped(HOSTILE_PMO) in page  # the title, and the heading
    assert "&lt;script&gt;alert(&#x27;stop&#x27;)&lt;/script&gt; Timesheets" in page


def test_static_html_needs_no_script_and_nothing_from_the_network(documents):
    page = documents[0].html
    assert "<script" not in page.lower()
    assert external_loads(page) == []
    assert "default-src 'none'" in page  # and the browser is told to refuse any
    assert page.count("<svg") >= 2 and len(page) < 1_000_000


def test_static_html_holds_the_headline_figures_and_how_they_are_worked_out(documents,
                                                                              hostile):
    page = documents[0].html
    for headline in (hostile.summary.mandate_fit, hostile.summary.objective_coverage,
                     hostile.summary.customer_coverage, hostile.summary.effort_in_mandate):
        assert f"{headline.value:.0%}" in page
        assert html_escaped(headline.explanation) in page
    assert "What the PMO proposes to stop" in page


def test_the_pdf_is_one_a4_page_with_the_pmo_and_its_figures(documents, hostile):
    made = documents[0]
    assert made.pdf.startswith(b"%PDF")
    pages, text = pdf_text(made.pdf)
    assert pages == 1, "the coaching story fits on one page"
    page = pypdf.PdfReader(io.BytesIO(made.pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) in {
        (595, 842), (596, 842)}  # A4 in points
    flat = " ".join(text.split())
    assert "Change Office" in flat and "onerror=alert(1)" in flat  # shown, as typed
    assert f"{hostile.summary.mandate_fit.value:.0%}" in flat
    assert "Mandate fit" in flat and "Timesheets" in flat


def test_making_the_summary_reports_progress_to_the_end(documents):
    _made, told, _seconds = documents
    fractions = [fraction for fraction, _words in told]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("Printing" in words for _fraction, words in told)


def test_a_large_catalogue_fits_on_two_pages_at_most():
    objectives = tuple(Objective(f"O{i}", f"Objective number {i} about portfolio work",
                                 priority=i) for i in range(1, 11))
    services = tuple(Service(id=f"S{i:03d}", name=f"Service {i} for portfolio work",
                             objectives=(f"O{i % 10 + 1}",) if i % 4 else (),
                             effort_fte=0.2 + i % 5 * 0.3, demand=10.0 + i % 7,
                             satisfaction=1.5 + i % 4, status=ServiceStatus.ACTIVE)
                     for i in range(1, 151))
    result = audit.run_audit(Catalogue(Mandate(pmo_name="Big PMO"), objectives, (), services),
                             audit.AuditConfig(as_of=AS_OF))
    pages, text = pdf_text(summary.summary_pdf(result))
    assert 1 <= pages <= 2 and "Big PMO" in text


def test_the_page_says_where_the_effort_goes_by_kind_of_pmo_work(documents, hostile):
    page = documents[0].html
    line = summary.function_mix_line(hostile)
    assert line.startswith("Kinds of PMO work") and "(asked" in line
    assert html_escaped(line) in page
    biggest = max(hostile.function_groups, key=lambda g: g.effort_share or 0)
    assert biggest.name in line
