"""The Excel audit report: a workbook a PMO manager can hand to a sponsor.

Sheets: Summary (headline figures in words), Findings, Services, Objectives, Customers,
Function mix (effort by kind of PMO work against what the mandate asks, with a chart), Links (a service by objective matrix, explicit and suggested links marked differently),
Rules (the rules and thresholds used) and, when there were any, Import issues.

Every piece of user text is written as inert text by `Formats.put_text`, following the
rules of `catalogue.cells` (one module for every workbook the app writes): never a
formula, a link, a number or an error value, whatever it looks like ("=HYPERLINK(...)",
"+1", "@SUM(A1)", "#N/A", "<r>...</r>"); formula-looking text carries Excel's quote
prefix, so re-editing the cell in Excel keeps it text; control characters are stored
with Excel's `_xHHHH_` escape (openpyxl shows the escape, Excel the character). Before
that, `inert_text` makes it fit: a carriage return, alone or before a line feed,
becomes a line feed (Excel's line break in a cell); characters a workbook cannot store
become U+FFFD; text longer than Excel's limit of 32,767 characters is cut, ending with
"… [cut: N characters]".
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from audit.config import config_keys
from audit.model import AuditResult, LinkKind
from audit.rules_text import RULE_LINES, config_explanations
from audit.taxonomy import taxonomy
from catalogue.cells import (
    EXCEL_CELL_LIMIT,
    WORKBOOK_OPTIONS,
    QuotedFormats,
    cut_to_limit,
    fits,
    storable,
    write_text,
)
from catalogue.model import Issue
from reports.charts import FUNCTION_MIX_HOW

SHEETS = ("Summary", "Findings", "Services", "Objectives", "Customers", "Function mix", "Links",
          "Rules")


def inert_text(value: object) -> str:
    """User text as it will be stored: line breaks normalised, unstorable characters
    replaced, cut to Excel's limit with a note saying how much was cut."""
    text = storable("" if value is None else str(value))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not fits(text):
        kept = cut_to_limit(text, EXCEL_CELL_LIMIT - 40)  # room for the note
        text = kept + f"… [cut: {len(text) - len(kept):,} characters]"
    return text


def put_number(sheet: Worksheet, row: int, col: int, value: float | None,
               cell_format: Format | None = None) -> None:
    if value is None or value != value or value in (float("inf"), float("-inf")):
        sheet.write_blank(row, col, None, cell_format)
    else:
        sheet.write_number(row, col, float(value), cell_format)


class Formats:
    """The report's cell formats (also used by the workshop's outcome workbook), and how
    user text is written with them."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.quoted = QuotedFormats(book)
        add = self.quoted.add  # every cell format gets a quote-prefixed twin when needed
        base = {"valign": "top", "font_size": 10}
        self.title = add({"bold": True, "font_size": 16, "font_color": "#1F4E78"})
        self.subtitle = add({"italic": True, "font_size": 10,
                                         "font_color": "#595959"})
        self.header = add({**base, "bold": True, "font_color": "#FFFFFF",
                                       "bg_color": "#1F4E78", "text_wrap": True,
                                       "border": 1, "border_color": "#BFBFBF"})
        self.label = add({**base, "bold": True})
        self.text = add(base)
        self.wrap = add({**base, "text_wrap": True})
        self.percent = add({**base, "num_format": "0%"})
        self.big_percent = add({**base, "num_format": "0%", "bold": True,
                                            "font_size": 14})
        self.score = add({**base, "num_format": "0.00"})
        self.fte = add({**base, "num_format": "0.0#"})
        self.count = add({**base, "num_format": "#,##0"})
        self.explicit = add({**base, "bold": True, "font_color": "#FFFFFF",
                                         "bg_color": "#375623", "align": "center"})
        self.suggested = add({**base, "italic": True, "font_color": "#7F6000",
                                          "bg_color": "#FFF2CC", "align": "center",
                                          "border": 1, "border_color": "#BF9000"})
        self.colours = {
            "keep": book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "improve": book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
            "rethink": book.add_format({"bg_color": "#DDEBF7", "font_color": "#1F4E78"}),
            "retire": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
            "high": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                     "bold": True}),
            "medium": book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
            "low": book.add_format({"bg_color": "#EDEDED", "font_color": "#404040"}),
            "no": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
            "yes": book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
        }

    def put_text(self, sheet: Worksheet, row: int, col: int, value: object,
                 cell_format: Format | None = None) -> None:
        """Write user text as an inert string cell (`inert_text`, then `cells.write_text`);
        `cell_format` is one of these formats."""
        write_text(sheet, row, col, inert_text(value), cell_format, self.quoted)


def lay_out_table(sheet: Worksheet, f: Formats, header_row: int,
                  headers: list[tuple[str, int]], rows: int, freeze_cols: int = 0) -> None:
    """Header row, column widths, frozen panes and an autofilter over `rows` data rows."""
    for col, (title, width) in enumerate(headers):
        sheet.write_string(header_row, col, title, f.header)
        sheet.set_column(col, col, width)
    sheet.set_row(header_row, 30)
    sheet.freeze_panes(header_row + 1, freeze_cols)
    sheet.autofilter(header_row, 0, header_row + max(rows, 1), len(headers) - 1)


def _colour_words(sheet: Worksheet, f: Formats, first_row: int, last_row: int, col: int,
                  words: Iterable[str]) -> None:
    for word in words:
        sheet.conditional_format(first_row, col, max(last_row, first_row), col, {
            "type": "cell", "criteria": "==", "value": f'"{word}"', "format": f.colours[word]})


def _evidence_text(evidence: dict[str, Any]) -> str:
    parts = []
    for key, value in evidence.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, float):
            value = round(value, 4)
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def _summary_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Summary")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 100)
    mandate, summary = result.catalogue.mandate, result.summary
    sheet.write_string(0, 0, "PMO service catalogue audit", f.title)
    f.put_text(sheet, 1, 0, mandate.pmo_name or "PMO (no name given)", f.subtitle)
    row = 3

    def line(label: str, value: Any = None, explanation: object = None,
             value_format: Format | None = None, number: bool = False) -> None:
        nonlocal row
        sheet.write_string(row, 0, label, f.label)
        if number:
            put_number(sheet, row, 1, value, value_format)
        elif value is not None:
            f.put_text(sheet, row, 1, value, value_format or f.text)
        if explanation is not None:
            f.put_text(sheet, row, 2, explanation, f.wrap)
        row += 1

    line("Catalogue", None, result.catalogue.source or "(not named)")
    line("Audited as of", result.as_of.isoformat())
    line("PMO type", mandate.pmo_type.value if mandate.pmo_type is not None else "not stated")
    if mandate.sponsor:
        line("Sponsor", None, mandate.sponsor)
    if mandate.statement:
        line("Mandate statement", None, mandate.statement)
    line("Services", summary.services, f"{summary.services_in_service:,} in service (active, "
         f"retiring or without a status); the rest planned or retired.", f.count, number=True)
    if summary.total_effort_fte is not None:
        line("Effort (FTE)", summary.total_effort_fte, "The effort of the services in service "
             "with an effort figure.", f.fte, number=True)
    row += 1
    sheet.write_string(row, 0, "Headline figures", f.title)
    row += 1
    for label, headline in (("Objective coverage", summary.objective_coverage),
                            ("Customer coverage", summary.customer_coverage),
                            ("Effort inside the mandate", summary.effort_in_mandate),
                            ("Mandate fit", summary.mandate_fit)):
        line(label, headline.value, headline.explanation, f.big_percent, number=True)
    if summary.after_plan is not None:
        line("Mandate fit after the plan", summary.after_plan.mandate_fit,
             summary.after_plan.explanation, f.big_percent, number=True)
    row += 1
    counts = summary.recommendations
    line("Recommendations", None, ", ".join(f"{name}: {counts.get(name, 0):,}"
                                            for name in ("keep", "improve", "rethink", "retire")))
    severities = summary.findings_by_severity
    line("Findings", len(result.findings), ", ".join(
        f"{name}: {severities.get(name, 0):,}" for name in ("high", "medium", "low")),
        f.count, number=True)
    for note in summary.notes:
        line("Note", None, note)
    row += 1
    line("How to read this", None, "Findings lists what the audit found, the most severe "
         "first. Services gives each service's scores and recommendation with the reason. "
         "Links shows each service's links to objectives: explicit links (from the catalogue "
         "or confirmed by a person) are solid green; suggested links (from wording, with a "
         "confidence) are pale yellow. Rules states how every figure is worked out.")


def _findings_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Findings")
    headers = [("Severity", 10), ("Finding", 24), ("Services", 18), ("Objectives", 12),
               ("Customers", 18), ("What the audit found", 90), ("Evidence", 60)]
    lay_out_table(sheet, f, 0, headers, len(result.findings))
    for r, finding in enumerate(result.findings, start=1):
        sheet.write_string(r, 0, finding.severity.value, f.text)
        sheet.write_string(r, 1, finding.code.value, f.text)
        f.put_text(sheet, r, 2, ", ".join(finding.services), f.wrap)
        f.put_text(sheet, r, 3, ", ".join(finding.objectives), f.wrap)
        f.put_text(sheet, r, 4, ", ".join(finding.customers), f.wrap)
        f.put_text(sheet, r, 5, finding.message, f.wrap)
        f.put_text(sheet, r, 6, _evidence_text(finding.evidence), f.wrap)
    _colour_words(sheet, f, 1, len(result.findings), 0, ("high", "medium", "low"))


def _services_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Services")
    headers = [("Service ID", 12), ("Service", 32), ("Status", 10), ("Mandatory", 10),
               ("Effort (FTE)", 10), ("Share of effort", 10), ("Objectives", 14),
               ("Objective links", 11), ("Customers", 24), ("Alignment", 10), ("Value", 8),
               ("Recommendation", 14), ("Why", 70), ("Findings", 30),
               ("Alignment: why", 60), ("Value: why", 60), ("PMO function", 30),
               ("Function group", 26), ("Function confidence", 11), ("Function: why", 60),
               ("Nature", 12)]
    lay_out_table(sheet, f, 0, headers, len(result.services), freeze_cols=2)
    functions = result.service_functions
    names = {fn.id: fn.name for fn in taxonomy().functions}
    groups = {g.id: g.name for g in taxonomy().groups}
    for r, s in enumerate(result.services, start=1):
        f.put_text(sheet, r, 0, s.service_id, f.text)
        f.put_text(sheet, r, 1, s.name, f.wrap)
        sheet.write_string(r, 2, s.status.value if s.status is not None else "", f.text)
        sheet.write_string(r, 3, "yes" if s.mandatory else "no", f.text)
        put_number(sheet, r, 4, s.effort_fte, f.fte)
        put_number(sheet, r, 5, s.effort_share, f.percent)
        f.put_text(sheet, r, 6, ", ".join(s.objective_ids), f.wrap)
        sheet.write_string(r, 7, s.objective_link_kind, f.text)
        f.put_text(sheet, r, 8, ", ".join(s.customer_names), f.wrap)
        put_number(sheet, r, 9, s.alignment, f.score)
        put_number(sheet, r, 10, s.value, f.score)
        sheet.write_string(r, 11, s.recommendation.value, f.text)
        f.put_text(sheet, r, 12, s.recommendation_reason, f.wrap)
        sheet.write_string(r, 13, ", ".join(code.value for code in s.flags), f.wrap)
        f.put_text(sheet, r, 14, s.alignment_reason, f.wrap)
        f.put_text(sheet, r, 15, s.value_reason, f.wrap)
        sheet.write_string(r, 16, names.get(s.function or "", ""), f.wrap)
        sheet.write_string(r, 17, groups.get(s.function_group or "", ""), f.wrap)
        put_number(sheet, r, 18, s.function_confidence if s.function else None, f.score)
        f.put_text(sheet, r, 19, functions.reason(r - 1) if functions is not None else "",
                   f.wrap)
        sheet.write_string(r, 20, (s.nature or "") + (" (inferred)" if s.nature_inferred
                                                      else ""), f.text)
    _colour_words(sheet, f, 1, len(result.services), 11,
                  ("keep", "improve", "rethink", "retire"))


def _objectives_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Objectives")
    headers = [("Objective ID", 12), ("Objective", 50), ("Priority", 9),
               ("Share of priority", 10), ("Effort (FTE)", 10), ("Share of effort", 10),
               ("Covered", 9), ("Services", 9), ("Delivered by", 40),
               ("Explicit links", 30), ("Suggested links", 30), ("Planned", 24)]
    lay_out_table(sheet, f, 0, headers, len(result.objectives), freeze_cols=2)
    for r, o in enumerate(result.objectives, start=1):
        f.put_text(sheet, r, 0, o.objective_id, f.text)
        f.put_text(sheet, r, 1, o.statement, f.wrap)
        put_number(sheet, r, 2, o.priority, f.text)
        put_number(sheet, r, 3, o.priority_share, f.percent)
        put_number(sheet, r, 4, o.effort_fte, f.fte)
        put_number(sheet, r, 5, o.effort_share, f.percent)
        sheet.write_string(r, 6, "yes" if o.covered else "no", f.text)
        sheet.write_number(r, 7, len(o.services), f.count)
        f.put_text(sheet, r, 8, ", ".join(o.services), f.wrap)
        f.put_text(sheet, r, 9, ", ".join(o.explicit_services), f.wrap)
        f.put_text(sheet, r, 10, ", ".join(o.suggested_services), f.wrap)
        f.put_text(sheet, r, 11, ", ".join(o.planned_services), f.wrap)
    _colour_words(sheet, f, 1, len(result.objectives), 6, ("yes", "no"))


def _customers_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Customers")
    headers = [("Customer", 28), ("Importance", 10), ("Served", 9), ("Services", 9),
               ("Served by", 40), ("Explicit links", 30), ("Suggested links", 30)]
    lay_out_table(sheet, f, 0, headers, len(result.customers), freeze_cols=1)
    for r, c in enumerate(result.customers, start=1):
        f.put_text(sheet, r, 0, c.name, f.wrap)
        put_number(sheet, r, 1, c.importance, f.text)
        sheet.write_string(r, 2, "yes" if c.served else "no", f.text)
        sheet.write_number(r, 3, len(c.services), f.count)
        f.put_text(sheet, r, 4, ", ".join(c.services), f.wrap)
        f.put_text(sheet, r, 5, ", ".join(c.explicit_services), f.wrap)
        f.put_text(sheet, r, 6, ", ".join(c.suggested_services), f.wrap)
    _colour_words(sheet, f, 1, len(result.customers), 2, ("yes", "no"))


def _function_mix_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Function mix")
    sheet.write_string(0, 0, "Kinds of PMO work: effort against what the mandate asks for",
                       f.title)
    sheet.write_string(1, 0, FUNCTION_MIX_HOW, f.subtitle)
    headers = [("Kind of PMO work", 40), ("Share of effort", 12), ("Effort (FTE)", 11),
               ("Share of priority", 12), ("Services", 9), ("Objectives asking for it", 30),
               ("Service IDs", 50)]
    groups = list(result.function_groups)
    lay_out_table(sheet, f, 3, headers, len(groups), freeze_cols=1)
    for r, g in enumerate(groups, start=4):
        sheet.write_string(r, 0, g.name, f.wrap)
        put_number(sheet, r, 1, g.effort_share, f.percent)
        put_number(sheet, r, 2, g.effort_fte, f.fte)
        put_number(sheet, r, 3, g.priority_share, f.percent)
        sheet.write_number(r, 4, len(g.services), f.count)
        f.put_text(sheet, r, 5, ", ".join(g.objectives), f.wrap)
        f.put_text(sheet, r, 6, ", ".join(g.services), f.wrap)
    if not groups:
        return
    chart = book.add_chart({"type": "bar"})
    last = 3 + len(groups)
    for col, name, colour in ((3, "Share of priority", "#1F4E79"),
                              (1, "Share of effort", "#2A9D8F")):
        chart.add_series({"name": name, "categories": ["Function mix", 4, 0, last, 0],
                          "values": ["Function mix", 4, col, last, col],
                          "fill": {"color": colour}})
    chart.set_title({"name": "Effort against priority, by kind of PMO work"})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 760, "height": 420})
    sheet.insert_chart(last + 2, 0, chart)


def _links_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Links")
    objectives = result.catalogue.objectives
    sheet.write_string(0, 0, "Service by objective links", f.title)
    sheet.write_string(1, 0, "explicit", f.explicit)
    sheet.write_string(1, 1, "stated in the catalogue or confirmed by a person", f.text)
    sheet.write_string(2, 0, "suggested 0.32", f.suggested)
    sheet.write_string(2, 1, "suggested by the audit from wording, with its confidence "
                             "(0 to 1); not yet confirmed", f.text)
    header_row = 4
    headers = [("Service ID", 12), ("Service", 32)]
    headers += [(o.id, 14) for o in objectives]
    for col, (title, width) in enumerate(headers):
        if col < 2:
            sheet.write_string(header_row, col, title, f.header)
        else:
            statement = objectives[col - 2].statement
            f.put_text(sheet, header_row, col,
                        f"{title}: {statement}" if statement else title, f.header)
        sheet.set_column(col, col, width)
    sheet.set_row(header_row, 75)
    sheet.freeze_panes(header_row + 1, 2)
    sheet.autofilter(header_row, 0, header_row + max(len(result.services), 1),
                     len(headers) - 1)
    column_of: dict[str, int] = {}
    for n, o in enumerate(objectives):
        column_of.setdefault(o.id, n + 2)
    for r, s in enumerate(result.services, start=header_row + 1):
        f.put_text(sheet, r, 0, s.service_id, f.text)
        f.put_text(sheet, r, 1, s.name, f.text)
        for link in s.objective_links:
            col = column_of.get(link.target, -1)
            if col < 0:
                continue
            if link.kind is LinkKind.EXPLICIT:
                sheet.write_string(r, col, "explicit", f.explicit)
            else:
                sheet.write_string(r, col, f"suggested {link.confidence:.2f}", f.suggested)


def _rules_sheet(book: xlsxwriter.Workbook, f: Formats, result: AuditResult) -> None:
    sheet = book.add_worksheet("Rules")
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 110)
    sheet.write_string(0, 0, "How the audit works", f.title)
    row = 2
    for heading, text in RULE_LINES:
        sheet.write_string(row, 0, heading, f.label)
        sheet.write_string(row, 2, text, f.wrap)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Settings used", f.title)
    row += 1
    for col, title in enumerate(("Setting", "Value", "What it does")):
        sheet.write_string(row, col, title, f.header)
    row += 1
    values = result.config.to_json()
    explanations = config_explanations()
    for key in config_keys():
        value = values[key]
        sheet.write_string(row, 0, key, f.text)
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, 1, value, f.text)
        else:
            sheet.write_string(row, 1, str(value) if value is not None
                               else f"today ({result.as_of.isoformat()})", f.text)
        sheet.write_string(row, 2, explanations.get(key, ""), f.wrap)
        row += 1


def _issues_sheet(book: xlsxwriter.Workbook, f: Formats, issues: list[Issue]) -> None:
    sheet = book.add_worksheet("Import issues")
    headers = [("Severity", 10), ("Issue", 22), ("Sheet", 16), ("Row", 7), ("Column", 20),
               ("What happened", 100)]
    lay_out_table(sheet, f, 0, headers, len(issues))
    for r, issue in enumerate(issues, start=1):
        sheet.write_string(r, 0, issue.severity.value, f.text)
        sheet.write_string(r, 1, issue.code.value, f.text)
        f.put_text(sheet, r, 2, issue.sheet, f.text)
        put_number(sheet, r, 3, issue.row, f.text)
        f.put_text(sheet, r, 4, issue.column, f.text)
        f.put_text(sheet, r, 5, issue.message, f.wrap)


def report_bytes(result: AuditResult, issues: Iterable[Issue] = ()) -> bytes:
    """The audit report as the bytes of an .xlsx workbook."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    book.set_properties({"title": "PMO service catalogue audit",
                         "comments": "Written by the PMO Service Catalogue Value Auditor"})
    formats = Formats(book)
    _summary_sheet(book, formats, result)
    _findings_sheet(book, formats, result)
    _services_sheet(book, formats, result)
    _objectives_sheet(book, formats, result)
    _customers_sheet(book, formats, result)
    _function_mix_sheet(book, formats, result)
    _links_sheet(book, formats, result)
    _rules_sheet(book, formats, result)
    issues = list(issues)
    if issues:
        _issues_sheet(book, formats, issues)
    book.close()
    return buffer.getvalue()


def write_report(result: AuditResult, target: str | Path | BinaryIO,
                 issues: Iterable[Issue] = ()) -> None:
    """Write the audit report to a path or a binary file object."""
    data = report_bytes(result, issues)
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)

