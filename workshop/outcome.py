"""A workshop's outcome for the PMO and its sponsor: a workbook and a one-page summary.

`outcome_workbook` writes an .xlsx the PMO keeps working from: every service with what
the audit recommends beside the room's decision, rationale and action owner (a drop-down
on the decision); the headline figures before and after the decisions; the findings the
decisions resolve and the ones they raise; the workshop's notes. It is written in the
audit report's house style (`reports.excel`), and user text is always stored as inert
text (`Formats.put_text`, after `catalogue.cells`): a rationale that starts with "="
stays text, never a formula, and keeps Excel's quote prefix so that re-editing it in
Excel keeps it text.

`outcome_html` and `outcome_pdf` give the sponsor one page: what the room decided, the
figures before and after with one chart, the capacity freed, the services leaving with
their owners, and the most important findings resolved. They draw and print through the
sponsor summary's machinery (`reports.summary.render_documents`: kaleido's SVG charts
inline, Chromium printing to PDF, time limits, `SummaryError`), with the same
Content-Security-Policy and every piece of user text escaped with `html.escape`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from audit.compare import compare
from audit.model import AuditResult, Finding, Recommendation, ServiceAssessment
from audit.wording import fte, fte_change, number, percent, plural, points_change, shorten
from catalogue.cells import WORKBOOK_OPTIONS
from catalogue.model import Service
from reports import charts
from reports.charts import comparison_chart
from reports.excel import Formats, lay_out_table, put_number
from reports.summary import (
    PAGE_WIDTH_PX,
    STATIC_POLICY,
    STYLE,
    Progress,
    SummaryDocuments,
    clip,
    esc,
    finding_list,
    render_documents,
)

from .model import Decision, DecisionKind, WorkshopState
from .whatif import Figure, WhatIf

SHEETS = ("Decisions", "Before and after", "Findings resolved", "Findings new", "Notes")
DECISION_WORDS = tuple(kind.value for kind in DecisionKind)
RECOMMENDATION_WORDS = tuple(r.value for r in Recommendation)
BEFORE_LABEL = "Today"
AFTER_LABEL = "After the decisions"
NO_DECISIONS = ("No decisions recorded yet: the figures after the decisions are today's "
                "figures.")
NO_ONE_LEAVING = "No service is leaving: the room decided to retire or hand over none."
LEAVING_SHOWN = 8
RESOLVED_SHOWN = 4
CHART_HEIGHT_PX = 250


# --- What the outcome says -------------------------------------------------------------------


def services_in_order(result: AuditResult) -> list[tuple[Service, ServiceAssessment]]:
    """Each service of the catalogue with its assessment, in catalogue order."""
    return list(zip(result.catalogue.services, result.services, strict=True))


def leaving_services(state: WorkshopState, whatif: WhatIf
                     ) -> list[tuple[ServiceAssessment, Decision, float | None]]:
    """The services leaving (retire or hand over): assessment, decision and cost, by effort."""
    costs = {s.id: s.cost for s in whatif.before.catalogue.services}
    leaving = [(a, state.decision(a.service_id), costs.get(a.service_id))
               for a in whatif.leaving]
    leaving.sort(key=lambda item: -(item[0].effort_fte or 0.0))
    return leaving


def by_severity(findings: Sequence[Finding]) -> list[Finding]:
    """The findings most severe first, in the audit's order within a severity."""
    return sorted(findings, key=lambda f: f.severity.rank)


def decisions_in_words(whatif: WhatIf) -> str:
    """'5 of 17 services decided: 2 keep, 1 retire, 2 hand over.' or that none is."""
    total = len(whatif.before.services)
    if not whatif.decided:
        return f"No decisions recorded yet ({plural(total, 'service')} to decide)."
    counts = [f"{count:,} {word}" for word, count in whatif.kinds.items() if count]
    return (f"{whatif.decided:,} of {plural(total, 'service')} decided: "
            f"{', '.join(counts)}.")


def figure_text(figure: Figure, value: float | None) -> str:
    """A figure as shown: '57%', or a number of FTE (the label says FTE), or 'not known'."""
    if value is None:
        return "not known"
    return percent(value) if figure.percent else number(round(value, 2))


def change_text(figure: Figure) -> str:
    """'+5 points', '−1.7 FTE', 'no change', or 'not known'."""
    if figure.before is None or figure.after is None:
        return "not known"
    if figure.percent:
        return points_change(figure.before, figure.after).replace("-", "−")
    return fte_change(figure.before, figure.after).replace("-", "−")


def effort_freed_text(whatif: WhatIf) -> str:
    """The effort freed in words, with its share of today's effort and any gap."""
    total = whatif.before.summary.total_effort_fte
    text = fte(whatif.effort_freed_fte)
    if total and whatif.effort_freed_fte:
        text += f" ({percent(whatif.effort_freed_fte / total)} of the PMO's effort)"
    if whatif.effort_unknown:
        text += (f" known, and {plural(whatif.effort_unknown, 'leaving service')} "
                 f"whose effort the catalogue does not give")
    return text


def cost_freed_text(whatif: WhatIf) -> str:
    if whatif.cost_freed is None:
        return "not known (no leaving service states a cost)" if whatif.leaving else "none"
    return f"{number(round(whatif.cost_freed, 2))} (in the catalogue's currency)"


def saved_text(saved_at: str | None) -> str:
    """When the workshop was last saved, for a reader: '22 November 2026, 14:05 UTC'."""
    if not saved_at:
        return "not saved"
    try:
        when = dt.datetime.fromisoformat(saved_at)
    except ValueError:
        return saved_at
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
        return f"{when:%d %B %Y, %H:%M} UTC"
    return f"{when:%d %B %Y, %H:%M}"


def workshop_title(state: WorkshopState, result: AuditResult) -> str:
    return state.title.strip() or f"{pmo_name(result)}: service catalogue workshop"


def pmo_name(result: AuditResult) -> str:
    return (result.catalogue.mandate.pmo_name or result.catalogue.source
            or "The PMO (no name given)")


def outcome_chart(whatif: WhatIf) -> charts.Chart:
    """The headline figures today and after the decisions, as grouped bars."""
    chart = comparison_chart(compare(whatif.before, whatif.after, before_label=BEFORE_LABEL,
                                     after_label=AFTER_LABEL))
    chart.figure.update_layout(width=PAGE_WIDTH_PX, height=CHART_HEIGHT_PX)
    return chart


# --- The workbook ----------------------------------------------------------------------------


def outcome_workbook(state: WorkshopState, whatif: WhatIf, *,
                     saved_at: str | None = None) -> bytes:
    """The workshop's outcome as the bytes of an .xlsx workbook."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    book.set_properties({"title": "PMO service catalogue workshop outcome",
                         "comments": "Written by the PMO Service Catalogue Value Auditor"})
    f = Formats(book)
    f.colours["hand over"] = book.add_format({"bg_color": "#E4DFEC", "font_color": "#5B3F86"})
    signed = {
        True: book.add_format({"valign": "top", "font_size": 10,
                               "num_format": '+0%;-0%;0%'}),
        False: book.add_format({"valign": "top", "font_size": 10,
                                "num_format": '+0.0#;-0.0#;0'}),
    }
    money = book.add_format({"valign": "top", "font_size": 10, "num_format": "#,##0"})
    _decisions_sheet(book, f, state, whatif, money)
    _before_after_sheet(book, f, state, whatif, signed, money)
    _findings_sheet(book, f, "Findings resolved", by_severity(whatif.findings_resolved),
                    "No finding is resolved by the decisions.")
    _findings_sheet(book, f, "Findings new", by_severity(whatif.findings_new),
                    "The decisions raise no new finding.")
    _notes_sheet(book, f, state, whatif, saved_at)
    book.close()
    return buffer.getvalue()


def _colour(sheet: Worksheet, f: Formats, first: int, last: int, col: int,
            words: Sequence[str]) -> None:
    for word in words:
        sheet.conditional_format(first, col, max(last, first), col, {
            "type": "cell", "criteria": "==", "value": f'"{word}"', "format": f.colours[word]})


def _decisions_sheet(book: xlsxwriter.Workbook, f: Formats, state: WorkshopState,
                     whatif: WhatIf, money) -> None:
    sheet = book.add_worksheet("Decisions")
    rows = services_in_order(whatif.before)
    headers = [("Service ID", 12), ("Service", 32), ("Audit recommends", 12),
               ("Why the audit recommends it", 60), ("Decision", 12), ("Rationale", 50),
               ("Action owner", 20), ("Effort (FTE)", 10), ("Cost", 11), ("Alignment", 10),
               ("Value", 8)]
    lay_out_table(sheet, f, 0, headers, len(rows), freeze_cols=2)
    for r, (service, a) in enumerate(rows, start=1):
        decision = state.decision(a.service_id)
        f.put_text(sheet, r, 0, a.service_id, f.text)
        f.put_text(sheet, r, 1, a.name, f.wrap)
        sheet.write_string(r, 2, a.recommendation.value, f.text)
        f.put_text(sheet, r, 3, a.recommendation_reason, f.wrap)
        f.put_text(sheet, r, 4, decision.kind.value if decision.kind else "", f.text)
        f.put_text(sheet, r, 5, decision.rationale, f.wrap)
        f.put_text(sheet, r, 6, decision.owner, f.wrap)
        put_number(sheet, r, 7, a.effort_fte, f.fte)
        put_number(sheet, r, 8, service.cost, money)
        put_number(sheet, r, 9, a.alignment, f.score)
        put_number(sheet, r, 10, a.value, f.score)
    last = max(len(rows), 1)
    sheet.data_validation(1, 4, last, 4, {
        "validate": "list", "source": list(DECISION_WORDS),
        "input_title": "The room's decision",
        "input_message": "keep, improve, rethink, retire or hand over; blank: not decided",
        "error_title": "Not a decision",
        "error_message": "Choose keep, improve, rethink, retire or hand over.",
    })
    _colour(sheet, f, 1, last, 2, RECOMMENDATION_WORDS)
    _colour(sheet, f, 1, last, 4, DECISION_WORDS)


def _before_after_sheet(book: xlsxwriter.Workbook, f: Formats, state: WorkshopState,
                        whatif: WhatIf, signed, money) -> None:
    sheet = book.add_worksheet("Before and after")
    for col, width in enumerate((34, 14, 14, 14, 12, 24, 60)):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, "Before and after the decisions", f.title)
    f.put_text(sheet, 1, 0, decisions_in_words(whatif) if whatif.decided else NO_DECISIONS,
                f.subtitle)
    row = 3
    for col, title in enumerate(("Figure", BEFORE_LABEL, AFTER_LABEL, "Change")):
        sheet.write_string(row, col, title, f.header)
    sheet.set_row(row, 30)
    row += 1
    for figure in whatif.figures:
        shown = f.percent if figure.percent else f.fte
        sheet.write_string(row, 0, figure.label, f.label)
        for col, value in ((1, figure.before), (2, figure.after)):
            if value is None:
                sheet.write_string(row, col, "not known", f.text)
            else:
                put_number(sheet, row, col, value, shown)
        if figure.before is None or figure.after is None:
            sheet.write_string(row, 3, "not known", f.text)
        else:
            put_number(sheet, row, 3, figure.after - figure.before, signed[figure.percent])
        row += 1
    row += 1

    def line(label: str, value: float | None, explanation: str, value_format) -> None:
        nonlocal row
        sheet.write_string(row, 0, label, f.label)
        if value is None:
            sheet.write_string(row, 1, "not known", f.text)
        else:
            put_number(sheet, row, 1, value, value_format)
        f.put_text(sheet, row, 2, explanation, f.text)
        row += 1

    unknown = ""
    if whatif.effort_unknown:
        verb = "gives" if whatif.effort_unknown == 1 else "give"
        unknown = f"; {plural(whatif.effort_unknown, 'leaving service')} {verb} no effort"
    line("Effort freed (FTE)", whatif.effort_freed_fte,
         f"The effort the services leaving take today{unknown}.", f.fte)
    line("Cost freed", whatif.cost_freed if whatif.leaving else 0.0,
         "The cost the catalogue states for the services leaving, in its currency.", money)
    line("Findings resolved", len(whatif.findings_resolved),
         "Findings of today's audit that the decisions clear (see Findings resolved).", f.count)
    line("Findings new", len(whatif.findings_new),
         "Findings the audit raises only after the decisions (see Findings new).", f.count)
    line("Services decided", whatif.decided,
         f"Of {plural(len(whatif.before.services), 'service')} in the catalogue.", f.count)
    for word, count in whatif.kinds.items():
        line(f"Decided: {word}", count, "", f.count)
    row += 1
    sheet.write_string(row, 0, "Services leaving", f.title)
    row += 1
    leaving = leaving_services(state, whatif)
    if not leaving:
        sheet.write_string(row, 0, NO_ONE_LEAVING, f.text)
        return
    for col, title in enumerate(("Service", "Service ID", "Decision", "Effort (FTE)", "Cost",
                                 "Action owner", "Rationale")):
        sheet.write_string(row, col, title, f.header)
    row += 1
    for a, decision, cost in leaving:
        f.put_text(sheet, row, 0, a.name, f.wrap)
        f.put_text(sheet, row, 1, a.service_id, f.text)
        f.put_text(sheet, row, 2, decision.kind.value if decision.kind else "", f.text)
        put_number(sheet, row, 3, a.effort_fte, f.fte)
        put_number(sheet, row, 4, cost, money)
        f.put_text(sheet, row, 5, decision.owner, f.wrap)
        f.put_text(sheet, row, 6, decision.rationale, f.wrap)
        row += 1


def _findings_sheet(book: xlsxwriter.Workbook, f: Formats, name: str,
                    findings: Sequence[Finding], none: str) -> None:
    sheet = book.add_worksheet(name)
    headers = [("Code", 24), ("Severity", 10), ("Message", 100), ("Concerns", 30)]
    lay_out_table(sheet, f, 0, headers, len(findings))
    for r, finding in enumerate(findings, start=1):
        sheet.write_string(r, 0, finding.code.value, f.text)
        sheet.write_string(r, 1, finding.severity.value, f.text)
        f.put_text(sheet, r, 2, finding.message, f.wrap)
        f.put_text(sheet, r, 3, ", ".join(finding.subjects), f.wrap)
    if not findings:
        sheet.write_string(1, 2, none, f.text)
    _colour(sheet, f, 1, len(findings), 1, ("high", "medium", "low"))


def _notes_sheet(book: xlsxwriter.Workbook, f: Formats, state: WorkshopState,
                 whatif: WhatIf, saved_at: str | None) -> None:
    sheet = book.add_worksheet("Notes")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100)
    result = whatif.before
    mandate = result.catalogue.mandate
    sheet.write_string(0, 0, "Workshop outcome", f.title)
    f.put_text(sheet, 1, 0, workshop_title(state, result), f.subtitle)
    row = 3

    def line(label: str, text: object) -> None:
        nonlocal row
        sheet.write_string(row, 0, label, f.label)
        f.put_text(sheet, row, 1, text, f.wrap)
        row += 1

    line("Workshop", state.title or "(no title given)")
    line("Mandate (PMO)", mandate.pmo_name or "(no name given)")
    if mandate.sponsor:
        line("Sponsor", mandate.sponsor)
    catalogue = (state.workbook.name if state.workbook else None) or result.catalogue.source
    line("Catalogue", catalogue or "(not named)")
    line("Audited as of", result.as_of.isoformat())
    line("Last saved", saved_text(saved_at))
    line("Decisions", decisions_in_words(whatif))
    line("Notes", state.notes or "No notes were taken.")
    known = {s.id for s in result.catalogue.services}
    orphans = sorted(sid for sid, d in state.decisions.items()
                     if sid not in known and not d.empty)
    if orphans:
        line("Not in the catalogue", "Decisions recorded for services the catalogue no "
             f"longer holds, left out of the figures: {', '.join(orphans)}.")
    line("How to read this", "Decisions lists every service in catalogue order: what the "
         "audit recommends and why, beside the room's decision, its rationale and who acts "
         "on it (the decision column has a drop-down). Before and after gives the headline "
         "figures today and once the services decided retire or hand over have left; keep, "
         "improve and rethink leave a service in place. Findings resolved and Findings new "
         "compare the two audits.")


# --- The sponsor's page ----------------------------------------------------------------------

OUTCOME_STYLE = STYLE + """
.figures { grid-template-columns: repeat(5, 1fr); }
.figure .value { font-size: 13pt; }
.figure .change { font-weight: bold; color: #1f4e78; }
.decided { display: flex; flex-wrap: wrap; gap: 1.5mm; margin: 1mm 0 2mm; }
.decided span { border: 1px solid #d1d5db; border-radius: 1.5mm; padding: 0.8mm 2mm; }
.freed { font-size: 10pt; margin: 1mm 0 2mm; }
.keep { color: #006100; } .improve { color: #9c5700; } .hand-over { color: #5b3f86; }
td.why { font-size: 7pt; color: #4b5563; }
"""


def outcome_html(state: WorkshopState, whatif: WhatIf, *, saved_at: str | None = None,
                 progress: Progress | None = None) -> str:
    """The sponsor's one-page summary of the workshop as self-contained HTML (Chromium)."""
    return outcome_documents(state, whatif, saved_at=saved_at, progress=progress,
                             want_pdf=False).html


def outcome_pdf(state: WorkshopState, whatif: WhatIf, *, saved_at: str | None = None,
                progress: Progress | None = None) -> bytes:
    """The sponsor's one-page summary of the workshop as an A4 PDF (Chromium)."""
    return outcome_documents(state, whatif, saved_at=saved_at, progress=progress).pdf


def outcome_documents(state: WorkshopState, whatif: WhatIf, *, saved_at: str | None = None,
                      progress: Progress | None = None,
                      want_pdf: bool = True) -> SummaryDocuments:
    """The page as HTML and (unless `want_pdf` is false) PDF, in one browser session."""
    chart = outcome_chart(whatif)
    return render_documents(
        (chart,), lambda svgs: outcome_page(state, whatif, svgs[0], chart, saved_at=saved_at),
        want_pdf=want_pdf, progress=progress, what="the workshop outcome", fallback="")


def outcome_page(state: WorkshopState, whatif: WhatIf, chart_svg: str,
                 chart: charts.Chart | None = None, *, saved_at: str | None = None) -> str:
    """The whole page, with its chart already drawn (inline SVG)."""
    e = esc
    result = whatif.before
    title = workshop_title(state, result)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{STATIC_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(shorten(title, 120))}: workshop outcome</title>",
        f"<style>{OUTCOME_STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="muted">{e(_context_line(state, result, saved_at))}</p>',
        "<h2>What the room decided</h2>",
        _decided(whatif),
        "<h2>The headline figures, today and after the decisions</h2>",
        _figure_boxes(whatif),
        f'<p class="freed"><b>Effort freed:</b> {e(effort_freed_text(whatif))}. '
        f"<b>Cost freed:</b> {e(cost_freed_text(whatif))}.</p>",
    ]
    how = f'<p class="how">{e(chart.how_to_read)}</p>' if chart is not None else ""
    parts.append(f'<div class="chart">{chart_svg}{how}</div>')
    parts.append('<div class="columns">')
    parts.append(_leaving(state, whatif))
    parts.append(_resolved(whatif))
    parts.append("</div>")
    source = f"{e(result.catalogue.source)}, audited" if result.catalogue.source else "Audited"
    parts.append(
        f"<footer>{source} as of {result.as_of:%d %B %Y} by the PMO Service Catalogue Value "
        f"Auditor. “After the decisions” is the same catalogue, mandate and links with the "
        f"services decided retire or hand over taken out; keep, improve and rethink leave a "
        f"service in place.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _context_line(state: WorkshopState, result: AuditResult, saved_at: str | None) -> str:
    mandate = result.catalogue.mandate
    bits = [pmo_name(result)] if state.title.strip() else []
    if mandate.pmo_type:
        bits.append(f"{mandate.pmo_type.value.capitalize()} PMO")
    if mandate.sponsor:
        bits.append(f"sponsor {mandate.sponsor}")
    if saved_at:
        bits.append(f"workshop last saved {saved_text(saved_at)}")
    bits.append(f"audited as of {result.as_of:%d %B %Y}")
    return " · ".join(bits)


def _decided(whatif: WhatIf) -> str:
    if not whatif.decided:
        return f"<p>{esc(NO_DECISIONS)}</p>"
    undecided = len(whatif.before.services) - whatif.decided
    tags = [f'<span><b class="{word.replace(" ", "-")}">{word.capitalize()}</b> {count:,}'
            f"</span>" for word, count in whatif.kinds.items()]
    if undecided:
        tags.append(f"<span><b>Not decided yet</b> {undecided:,}</span>")
    return (f"<p>{esc(decisions_in_words(whatif))}</p>"
            f'<div class="decided">{"".join(tags)}</div>')


def _figure_boxes(whatif: WhatIf) -> str:
    boxes = []
    for figure in whatif.figures:
        boxes.append(
            f'<div class="figure"><div class="label">{esc(figure.label)}</div>'
            f'<div class="value">{figure_text(figure, figure.before)} → '
            f"{figure_text(figure, figure.after)}</div>"
            f'<div class="change">{change_text(figure)}</div></div>')
    return f'<div class="figures">{"".join(boxes)}</div>'


def _leaving(state: WorkshopState, whatif: WhatIf) -> str:
    out = ["<section><h2>Services leaving</h2>"]
    leaving = leaving_services(state, whatif)
    if not leaving:
        return "".join(out) + f"<p>{esc(NO_ONE_LEAVING)}</p></section>"
    out.append('<table><tr><th>Service</th><th class="n">FTE</th><th>Decision</th>'
               "<th>Action owner</th></tr>")
    for a, decision, _cost in leaving[:LEAVING_SHOWN]:
        word = decision.kind.value if decision.kind else ""
        effort = "not known" if a.effort_fte is None else f"{a.effort_fte:g}"
        why = (f'<tr><td colspan="4" class="why">{esc(clip(decision.rationale, 140))}'
               f"</td></tr>" if decision.rationale.strip() else "")
        out.append(
            f"<tr><td>{esc(shorten(a.name, 48))}</td><td class=\"n\">{effort}</td>"
            f'<td class="tag {word.replace(" ", "-")}">{esc(word.capitalize())}</td>'
            f"<td>{esc(shorten(decision.owner, 40)) or 'no owner yet'}</td></tr>{why}")
    out.append("</table>")
    if len(leaving) > LEAVING_SHOWN:
        out.append(f'<p class="muted">and {len(leaving) - LEAVING_SHOWN} more, in the '
                   f"workshop workbook.</p>")
    return "".join(out) + "</section>"


def _resolved(whatif: WhatIf) -> str:
    out = ["<section><h2>What the decisions resolve</h2>"]
    resolved = by_severity(whatif.findings_resolved)
    if not resolved:
        out.append("<p>No finding is resolved yet: nothing leaves the catalogue.</p>"
                   if not whatif.leaving else "<p>No finding is resolved by the decisions.</p>")
    else:
        out.append(finding_list(resolved[:RESOLVED_SHOWN]))
    new = len(whatif.findings_new)
    out.append(f'<p class="muted">{plural(len(resolved), "finding")} resolved, '
               f"{plural(new, 'new finding')} after the decisions, of "
               f"{plural(len(whatif.before.findings), 'finding')} today.</p>")
    return "".join(out) + "</section>"
