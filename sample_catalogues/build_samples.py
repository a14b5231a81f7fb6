"""Build the sample catalogues: realistic PMO workbooks, each telling one story.

Run from the repository root:

    .venv/bin/python sample_catalogues/build_samples.py            # rewrite the samples here
    .venv/bin/python sample_catalogues/build_samples.py --out DIR  # write them elsewhere

The output is deterministic. Every date is hard-coded, chosen relative to AS_OF (the day
the stories are told), never taken from the clock; document properties and zip
timestamps are pinned, so a rebuild changes nothing unless this script changed.
`tests/test_samples.py` checks that the committed workbooks match what this script makes.

The stories (see README.md next to this script):

- coaching_story.xlsx: a supportive university PMO set up for portfolio prioritisation,
  benefits realisation and PM capability, that mostly compiles reports and administers
  RAID logs, schedules and templates.
- coaching_story_after_workshop.xlsx: the same catalogue after the coaching workshop.
- well_run_epmo.xlsx: an insurer's enterprise PMO whose services match its mandate.
- pmo_of_one.xlsx + pmo_of_one_mandate.xlsx: a one-person PMO's hand-made catalogue, and
  its mandate in a second workbook.
- government_epmo.xlsx: a controlling government portfolio office with mandatory central
  returns, stale services, services that overreach its authority, a retiring service and
  its 2019 catalogue still in a hidden sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

# The day the stories are told. "Stale", "recent" and "two years ago" are judged from here.
AS_OF = dt.date(2026, 11, 22)

HERE = Path(__file__).resolve().parent
d = dt.date  # dates read better in the tables below as d(2026, 3, 9)

# ---------------------------------------------------------------------------------------
# Look and feel shared by the workbooks
# ---------------------------------------------------------------------------------------

NAVY = "1F4E79"
GREEN = "2E7D32"
GREY = "595959"
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UK_DATE = "dd/mm/yyyy"
POUNDS = '"£"#,##0'

# The template's headers, as a PMO manager sees them in the template workbook.
SERVICE_HEADERS = (
    "Service ID", "Service name", "Description", "Category", "Customers", "Objectives",
    "Owner", "Effort (FTE)", "Annual cost", "Frequency", "Demand (uses per year)",
    "Satisfaction (1-5)", "Last reviewed", "Last delivered", "Status", "Mandatory",
    "Nature", "Value measure",
)
SERVICE_WIDTHS = (10, 38, 60, 20, 36, 14, 18, 12, 12, 13, 13, 13, 13, 13, 10, 11, 12, 40)
OBJECTIVE_HEADERS = ("Objective ID", "Objective", "Priority (weight)", "Success measure",
                     "Horizon")
CUSTOMER_HEADERS = ("Customer", "Importance (weight)", "Expectations")

STATUSES = ("Active", "Planned", "Retiring", "Retired")
NATURES = ("Supportive", "Controlling", "Directive")
HORIZONS = ("Short term", "Medium term", "Long term")
OFFICE_KINDS = ("Portfolio office", "Programme office", "Project office",
                "Centre of excellence", "Hub")


@dataclass(frozen=True)
class Svc:
    """One service row as the template lays it out (fields in SERVICE_HEADERS order)."""

    id: str
    name: str
    description: str
    category: str
    customers: str
    objectives: str
    owner: str
    fte: float | None
    cost: float | None
    frequency: str
    demand: float | None
    satisfaction: float | None
    reviewed: dt.date | None
    delivered: dt.date | None
    status: str = "Active"
    mandatory: str = "No"
    nature: str = "Supportive"
    measure: str = ""

    def cells(self) -> list[object]:
        """The row's cells, blanks as None so that Excel shows empty cells."""
        values = (self.id, self.name, self.description, self.category, self.customers,
                  self.objectives, self.owner, self.fte, self.cost, self.frequency,
                  self.demand, self.satisfaction, self.reviewed, self.delivered,
                  self.status, self.mandatory, self.nature, self.measure)
        return [None if v == "" else v for v in values]


@dataclass(frozen=True)
class Properties:
    """Document properties, pinned so that rebuilding gives the same file."""

    author: str
    title: str
    created: dt.datetime
    modified: dt.datetime


@dataclass
class Built:
    """A workbook ready to save, with formula results Excel would have cached."""

    workbook: Workbook
    properties: Properties
    # (sheet title, cell) -> the value Excel shows for a formula in that cell
    cached: dict[tuple[str, str], float] = field(default_factory=dict)


def _header_row(ws: Worksheet, row: int, headers: Sequence[str], fill: str = NAVY) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = HEADER_FONT
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BOX


def _widths(ws: Worksheet, widths: Iterable[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _body_cell(ws: Worksheet, row: int, col: int, value: object,
               *, wrap: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.border = BOX
    cell.alignment = WRAP if wrap else TOP
    if isinstance(value, dt.date):
        cell.number_format = UK_DATE


def _list_validation(ws: Worksheet, options: Sequence[str] | str, cells: str,
                     prompt: str | None = None) -> None:
    """A drop-down, as the template offers for a fixed vocabulary."""
    formula = options if isinstance(options, str) else '"' + ",".join(options) + '"'
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    if prompt:
        validation.promptTitle = "Choose from the list"
        validation.prompt = prompt
        validation.showInputMessage = True
    validation.add(cells)
    ws.add_data_validation(validation)


def _mandate_sheet(ws: Worksheet, pairs: Sequence[tuple[str, object]],
                   *, header: tuple[str, str] | None = ("Field", "Value"),
                   title: str | None = None) -> None:
    """Field/value pairs, the way a mandate or charter summary is usually kept."""
    row = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(size=14, bold=True, color=NAVY)
        row = 3
    if header:
        _header_row(ws, row, header)
        row += 1
    for label, value in pairs:
        label_cell = ws.cell(row=row, column=1, value=label)
        label_cell.font = Font(bold=True)
        label_cell.alignment = TOP
        label_cell.border = BOX
        _body_cell(ws, row, 2, value, wrap=True)
        row += 1
    _widths(ws, (24, 90))


def _table(ws: Worksheet, header_row: int, headers: Sequence[str],
           rows: Iterable[Sequence[object]], *, wrap_cols: Sequence[int] = (),
           money_cols: Sequence[int] = ()) -> int:
    """Write a header and its rows; returns the last row written."""
    _header_row(ws, header_row, headers)
    row = header_row
    for row_values in rows:
        row += 1
        for col, value in enumerate(row_values, start=1):
            _body_cell(ws, row, col, value, wrap=col in wrap_cols)
            if col in money_cols and isinstance(value, int | float):
                ws.cell(row=row, column=col).number_format = POUNDS
    return row


def _template_sheets(wb: Workbook, *, mandate: Sequence[tuple[str, object]],
                     objectives: Sequence[Sequence[object]],
                     customers: Sequence[Sequence[object]]) -> None:
    """The template's Mandate, Objectives and Customers sheets, with its drop-downs."""
    ws = wb.create_sheet("Mandate")
    _mandate_sheet(ws, mandate)
    labels = [label for label, _ in mandate]
    type_row = labels.index("PMO type") + 2
    _list_validation(ws, NATURES, f"B{type_row}", "Supportive, controlling or directive")
    if "Office kind" in labels:
        _list_validation(ws, OFFICE_KINDS, f"B{labels.index('Office kind') + 2}")

    ws = wb.create_sheet("Objectives")
    last = _table(ws, 1, OBJECTIVE_HEADERS, objectives, wrap_cols=(2, 4))
    _widths(ws, (13, 70, 12, 60, 14))
    _list_validation(ws, HORIZONS, f"E2:E{max(last, 30)}")
    ws.freeze_panes = "A2"

    ws = wb.create_sheet("Customers")
    last = _table(ws, 1, CUSTOMER_HEADERS, customers, wrap_cols=(3,))
    _widths(ws, (32, 14, 80))
    ws.freeze_panes = "A2"


def _template_services(ws: Worksheet, services: Sequence[Svc], *, header_row: int = 1) -> int:
    """The template's Services sheet body and drop-downs; returns the last row."""
    last = _table(ws, header_row, SERVICE_HEADERS, (s.cells() for s in services),
                  wrap_cols=(2, 3, 5, 18), money_cols=(9,))
    _widths(ws, SERVICE_WIDTHS)
    first, end = header_row + 1, max(last, header_row + 100)
    _list_validation(ws, STATUSES, f"O{first}:O{end}")
    _list_validation(ws, ("Yes", "No"), f"P{first}:P{end}")
    _list_validation(ws, NATURES, f"Q{first}:Q{end}",
                     "How much authority the service exercises over projects")
    ws.freeze_panes = ws.cell(row=first, column=3)
    return last


def _instructions(wb: Workbook, organisation: str) -> None:
    ws = wb.active
    ws.title = "Instructions"
    lines = [
        (f"{organisation}: PMO service catalogue", Font(size=16, bold=True, color=NAVY)),
        ("", None),
        ("How to fill in this workbook", Font(bold=True, size=12)),
        ("1. Mandate: what the organisation set the PMO up to do, for whom, and with what "
         "authority (supportive, controlling or directive).", None),
        ("2. Objectives: one row per mandate objective. Priority is a weight: higher "
         "matters more.", None),
        ("3. Customers: the groups the mandate says the PMO serves, with a weight for how "
         "much each matters.", None),
        ("4. Services: one row per service the PMO provides today, including the ones "
         "nobody asked for.", None),
        ("", None),
        ("Services columns", Font(bold=True, size=12)),
        ("Customers: one or more customer groups, separated by semicolons.", None),
        ("Objectives: the Objective IDs the service contributes to, separated by "
         "semicolons. Leave blank if it contributes to none.", None),
        ("Effort (FTE): full-time equivalents spent on the service across the team.", None),
        ("Annual cost: staff and non-staff cost per year, in pounds.", None),
        ("Demand: how many times customers asked for or used the service in the last 12 "
         "months.", None),
        ("Satisfaction: average customer rating, 1 (poor) to 5 (excellent), from the "
         "latest survey.", None),
        ("Last reviewed: when the service was last reviewed with its customers. Last "
         "delivered: when it was last provided.", None),
        ("Nature: supportive (advice, templates, help), controlling (compliance, gates, "
         "assurance) or directive (the PMO directs or manages the work).", None),
        ("", None),
        ("Do not rename the sheets or the column headings.", Font(italic=True, color=GREY)),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        if font:
            cell.font = font
    ws.column_dimensions["A"].width = 110


# ---------------------------------------------------------------------------------------
# 1. The coaching story
# ---------------------------------------------------------------------------------------

COACHING_MANDATE = (
    ("PMO name", "Change Portfolio Office, Northbridge University"),
    ("PMO type", "Supportive"),
    ("Mandate statement",
     "The Change Portfolio Office helps the University Executive Board choose, fund and "
     "sequence the change initiatives that best deliver Strategy 2030; makes sure approved "
     "initiatives realise the benefits set out in their business cases; and builds "
     "project management capability across faculties and professional services, so that "
     "projects are run well wherever they sit."),
    ("Sponsor", "Chief Operating Officer (Dr Anita Rao)"),
    ("Date", d(2025, 12, 10)),
    ("Office kind", "Portfolio office"),
)
COACHING_OBJECTIVES = (
    ("OBJ-01", "Prioritise the change portfolio and support the Investment Board's funding "
               "decisions", 5,
     "Every proposal over £100k scored against the strategic criteria before it reaches "
     "the Investment Board; decisions made within one board cycle", "Short term"),
    ("OBJ-02", "Track and report the realisation of benefits from approved initiatives", 4,
     "Benefits realisation plans for all initiatives over £250k; realised benefits "
     "reported to the Executive Board every quarter", "Medium term"),
    ("OBJ-03", "Build project management capability across faculties and professional "
               "services", 3,
     "60 staff through PM training each year; project management maturity up one level "
     "by 2028", "Long term"),
)
COACHING_CUSTOMERS = (
    ("University Executive Board", 5,
     "A portfolio that delivers Strategy 2030; evidence to stop or reshape initiatives"),
    ("Investment Board", 5,
     "Scored, comparable proposals with clear recommendations; a view of committed funds"),
    ("Project sponsors", 4,
     "Help to build business cases and to show that benefits are being realised"),
    ("Benefits owners", 3, "Support to define, measure and evidence benefits"),
    ("Project managers", 3,
     "Training, coaching and a light-touch method that fits university projects"),
)

# The catalogue the PMO brought to the workshop: twelve reporting and administration
# services that the mandate never asked for, five that serve it.
COACHING_SERVICES = (
    Svc("CPO-01", "Weekly status report compilation",
        "Chase project managers for weekly RAG updates, compile them into the consolidated "
        "status report and circulate it to project boards and directors.",
        "Reporting", "Project boards; Directors", "", "Priya Shah",
        1.4, 67000, "Weekly", 18, 2.2, d(2023, 5, 16), d(2026, 11, 20),
        measure="Report issued by Friday 12:00"),
    Svc("CPO-02", "RAID log administration",
        "Set up and maintain risk, assumption, issue and dependency logs for every project; "
        "chase owners for updates before project boards.",
        "Governance support", "Project managers; Project boards", "Governance",
        "Mark Ellison", 1.0, 46000, "Weekly", 22, 2.5, d(2023, 9, 4), d(2026, 11, 19),
        measure="RAID logs updated weekly"),
    Svc("CPO-03", "Project schedule maintenance",
        "Build and update project schedules in MS Project on behalf of project managers, "
        "and produce Gantt charts for project boards.",
        "Planning", "Project managers", "", "Joanne Fry",
        1.2, 56000, "Weekly", 64, 3.4, d(2024, 2, 12), d(2026, 11, 18),
        measure="Schedules no more than one week out of date"),
    Svc("CPO-04", "Monthly directorate performance pack",
        "Assemble the monthly performance pack of project RAG ratings, milestones and "
        "spend for each professional services directorate.",
        "Reporting", "Directors", "", "Priya Shah",
        0.6, 29000, "Monthly", 9, 2.6, d(2023, 5, 16), d(2026, 10, 31),
        measure="Pack issued by working day 5"),
    Svc("CPO-05", "Project accounting and financial tracking",
        "Reconcile project cost centres with the finance ledger each month, track accruals "
        "and prepare spend forecasts for finance business partners.",
        "Finance", "Finance business partners", "", "Ruth Adeyemi",
        0.8, 41000, "Monthly", 36, 3.8, d(2025, 6, 30), d(2026, 10, 31),
        measure="Month-end reconciliation complete by working day 3"),
    Svc("CPO-06", "Project board minutes and action tracking",
        "Take minutes at project boards and chase actions between meetings.",
        "Governance support", "Project boards", "Governance", "Kevin Osei",
        0.5, 21000, "As required", 40, 2.9, d(2024, 1, 22), d(2026, 11, 17),
        measure="Minutes issued within 3 working days"),
    Svc("CPO-07", "Project SharePoint site set-up and administration",
        "Create SharePoint sites for new projects, manage permissions and archive sites "
        "at closure.",
        "Administration", "Project managers", "", "Kevin Osei",
        0.4, 17000, "As required", 14, 3.2, d(2024, 1, 22), d(2026, 10, 6),
        measure="Site live within 5 working days of request"),
    Svc("CPO-08", "Timesheet chasing and effort returns",
        "Chase project staff for weekly timesheets and compile effort returns for finance.",
        "Administration", "Project managers; Finance business partners", "", "Kevin Osei",
        0.3, 13000, "Weekly", 4, 1.8, d(2022, 11, 7), d(2026, 11, 20),
        measure="Timesheet compliance"),
    Svc("CPO-09", "Change request logging",
        "Log change requests raised at project boards and keep the change register.",
        "Governance support", "Project boards", "Governance", "Mark Ellison",
        0.2, 9000, "As required", 5, 2.4, d(2022, 11, 7), d(2025, 8, 14)),
    Svc("CPO-10", "PM template library upkeep",
        "Maintain the project initiation document, highlight report, RAID and closure "
        "templates on the intranet.",
        "Methods", "Project managers", "", "Mark Ellison",
        0.4, 19000, "Quarterly", 11, 2.5, d(2022, 10, 3), d(2026, 6, 30),
        measure="Templates reviewed every year"),
    Svc("CPO-11", "Ad hoc reporting and data extracts",
        "One-off reports and data extracts from the project register on request.",
        "Reporting", "Directors; Finance business partners", "", "Tom Baird",
        0.4, 22000, "As required", 31, 3.0, None, d(2026, 11, 12)),
    Svc("CPO-12", "Project closure archiving",
        "Collect closure reports and archive project documents to the records system.",
        "Administration", "Project managers", "", "Kevin Osei",
        0.2, 8000, "As required", 7, 2.7, d(2023, 3, 13), d(2026, 9, 29),
        measure="Closed projects archived within one month"),
    Svc("CPO-13", "Investment Board secretariat and paper preparation",
        "Run the Investment Board's agenda, check proposals are complete, write the cover "
        "papers and record decisions.",
        "Portfolio governance", "Investment Board; University Executive Board", "OBJ-01",
        "Sarah Lindqvist", 0.5, 31000, "Monthly", 11, 4.2, d(2026, 3, 9), d(2026, 11, 4),
        mandatory="Yes", measure="Papers issued 5 working days before the Board"),
    Svc("CPO-14", "Portfolio prioritisation scoring",
        "Score new proposals against the Strategy 2030 criteria and present the ranked "
        "portfolio to the Investment Board each quarter.",
        "Portfolio management", "Investment Board; Project sponsors", "OBJ-01", "Tom Baird",
        0.4, 24000, "Quarterly", 26, 4.0, d(2026, 3, 9), d(2026, 10, 20),
        measure="Proposals scored before the Board"),
    Svc("CPO-15", "Project intake and demand management",
        "Triage new project ideas, help sponsors through the intake form and route them to "
        "the right approval.",
        "Portfolio management", "Project sponsors; Investment Board", "OBJ-01", "Tom Baird",
        0.3, 18000, "As required", 42, 3.7, d(2026, 3, 9), d(2026, 11, 16),
        measure="Working days from idea to triage decision"),
    Svc("CPO-16", "Portfolio dashboard for the Executive Board",
        "A one-page view of the strategic portfolio: progress, spend against funding and "
        "decisions needed.",
        "Reporting", "University Executive Board", "OBJ-01", "Sarah Lindqvist",
        0.3, 18000, "Monthly", 12, 3.9, d(2026, 1, 19), d(2026, 11, 3),
        measure="Used at every Executive Board meeting"),
    Svc("CPO-17", "Project management community of practice",
        "A quarterly lunchtime session where project managers share practice.",
        "Capability", "Project managers", "OBJ-03", "Sarah Lindqvist",
        0.1, 5000, "Quarterly", 4, 4.1, d(2025, 10, 13), d(2026, 9, 24),
        measure="Attendance; members' confidence survey"),
)


def _coaching_workbook(title: str, services: Sequence[Svc], properties: Properties) -> Built:
    wb = Workbook()
    _instructions(wb, "Northbridge University Change Portfolio Office")
    _template_sheets(wb, mandate=COACHING_MANDATE, objectives=COACHING_OBJECTIVES,
                     customers=COACHING_CUSTOMERS)
    ws = wb.create_sheet("Services")
    last = _template_services(ws, services)
    ws.auto_filter.ref = f"A1:R{last}"
    wb.properties.title = title
    return Built(wb, properties)


def coaching_story() -> Built:
    """The PMO as it came to the workshop: busy, but not with its mandate."""
    return _coaching_workbook(
        "Change Portfolio Office service catalogue", COACHING_SERVICES,
        Properties("Sarah Lindqvist", "Change Portfolio Office service catalogue",
                   dt.datetime(2024, 1, 22, 9, 12), dt.datetime(2026, 11, 6, 16, 40)))


# What the team agreed at the workshop on 19 November 2026: the same nine FTE, moved.
_WORKSHOP_DAY = d(2026, 11, 19)
_AFTER_WORKSHOP_CHANGES: dict[str, dict[str, object]] = {
    "CPO-01": {"status": "Retiring", "fte": 0.4, "cost": 19000, "reviewed": _WORKSHOP_DAY,
               "description": "Retiring by March 2027: project managers will update status "
                              "directly in the portfolio tool; until then a slimmed-down "
                              "fortnightly compilation."},
    "CPO-02": {"status": "Retiring", "fte": 0.2, "cost": 9000, "reviewed": _WORKSHOP_DAY,
               "description": "Retiring: project managers own their RAID logs from January "
                              "2027; the PMO coaches them through the first two months."},
    "CPO-03": {"name": "Planning and scheduling clinic", "objectives": "OBJ-03",
               "fte": 0.6, "cost": 28000, "frequency": "Weekly", "reviewed": _WORKSHOP_DAY,
               "description": "Weekly clinic where project managers build and update their "
                              "own schedules with the planner's help, replacing schedule "
                              "maintenance on their behalf.",
               "measure": "Project managers maintaining their own schedules"},
    "CPO-04": {"status": "Retired", "fte": 0.0, "cost": 0, "reviewed": _WORKSHOP_DAY,
               "description": "Retired: directors use the portfolio dashboard instead."},
    "CPO-05": {"status": "Retiring", "fte": 0.3, "cost": 15000, "reviewed": _WORKSHOP_DAY,
               "description": "Handing over to Finance by March 2027: reconciliations move "
                              "to the finance business partners."},
    "CPO-06": {"status": "Retiring", "fte": 0.2, "cost": 8000, "reviewed": _WORKSHOP_DAY,
               "description": "Retiring: project boards take their own minutes from "
                              "January 2027."},
    "CPO-08": {"status": "Retired", "fte": 0.0, "cost": 0, "reviewed": _WORKSHOP_DAY,
               "description": "Retired: nobody used the effort returns."},
    "CPO-09": {"status": "Retired", "fte": 0.0, "cost": 0, "reviewed": _WORKSHOP_DAY,
               "description": "Retired: change requests are recorded in the RAID log."},
    "CPO-10": {"name": "PM methodology and templates", "objectives": "OBJ-03", "fte": 0.3,
               "cost": 14000, "reviewed": _WORKSHOP_DAY,
               "description": "A light-touch Northbridge project method with its templates, "
                              "rewritten with project managers and taught in the PM "
                              "training.",
               "measure": "Method used by new projects; PM survey"},
    "CPO-11": {"fte": 0.2, "cost": 11000, "reviewed": _WORKSHOP_DAY},
    "CPO-12": {"status": "Retired", "fte": 0.0, "cost": 0, "reviewed": _WORKSHOP_DAY,
               "description": "Retired: project managers archive with the records team's "
                              "checklist."},
    "CPO-14": {"fte": 0.6, "cost": 36000, "reviewed": _WORKSHOP_DAY},
    "CPO-15": {"fte": 0.5, "cost": 30000, "reviewed": _WORKSHOP_DAY},
    "CPO-16": {"fte": 0.5, "cost": 30000, "reviewed": _WORKSHOP_DAY,
               "customers": "University Executive Board; Directors",
               "description": "A one-page view of the strategic portfolio: progress, spend "
                              "against funding and decisions needed; from 2027 also the "
                              "directors' view, replacing the performance pack."},
    "CPO-17": {"fte": 0.4, "cost": 20000, "reviewed": _WORKSHOP_DAY, "frequency": "Monthly"},
}
_NEW_AFTER_WORKSHOP = (
    Svc("CPO-18", "Benefits realisation tracking",
        "Agree a benefits realisation plan for each initiative over £250k, track realised "
        "benefits with their owners and report them to the Executive Board every quarter.",
        "Benefits", "Benefits owners; University Executive Board", "OBJ-02",
        "Tom Baird", 1.6, 80000, "Quarterly", None, None, _WORKSHOP_DAY, None,
        status="Planned", measure="Realised benefits against plan"),
    Svc("CPO-19", "Benefits mapping workshops",
        "Help sponsors and benefits owners map benefits and choose measures while the "
        "business case is written.",
        "Benefits", "Project sponsors; Benefits owners", "OBJ-02; OBJ-01", "Priya Shah",
        0.8, 38000, "As required", None, None, _WORKSHOP_DAY, None,
        status="Planned", measure="Business cases with a benefits map"),
    Svc("CPO-20", "PM training and coaching",
        "A two-day foundation course each term and one-to-one coaching for project "
        "managers running their first project.",
        "Capability", "Project managers", "OBJ-03", "Mark Ellison",
        1.5, 72000, "Monthly", None, None, _WORKSHOP_DAY, None,
        status="Planned", measure="Staff trained; coached PMs' project health"),
)


COACHING_SERVICES_AFTER_WORKSHOP = (
    *(replace(s, **_AFTER_WORKSHOP_CHANGES.get(s.id, {})) for s in COACHING_SERVICES),
    *_NEW_AFTER_WORKSHOP,
)


def coaching_story_after_workshop() -> Built:
    """The same PMO's catalogue as agreed at the workshop, a version to compare."""
    return _coaching_workbook(
        "Change Portfolio Office service catalogue (agreed 19 Nov 2026)",
        COACHING_SERVICES_AFTER_WORKSHOP,
        Properties("Sarah Lindqvist",
                   "Change Portfolio Office service catalogue (agreed 19 Nov 2026)",
                   dt.datetime(2024, 1, 22, 9, 12), dt.datetime(2026, 11, 20, 11, 5)))


# ---------------------------------------------------------------------------------------
# 2. A well-run enterprise PMO
# ---------------------------------------------------------------------------------------

EPMO_MANDATE = (
    ("PMO name", "Enterprise Portfolio Management Office (EPMO), Calder Mutual"),
    ("PMO type", "Controlling"),
    ("Mandate statement",
     "The EPMO makes sure Calder Mutual invests in the change that best delivers its "
     "2025-2028 strategy, that every initiative runs under proportionate governance, and "
     "that the benefits promised in business cases are realised and reported. It sets "
     "portfolio standards, controls entry to and progress through the portfolio, balances "
     "delivery capacity against demand and builds delivery capability."),
    ("Sponsor", "Chief Transformation Officer (Executive Committee)"),
    ("Date", d(2026, 2, 2)),
    ("Office kind", "Portfolio office"),
)
EPMO_OBJECTIVES = (
    ("EO1", "Keep the change portfolio aligned to the 2025-2028 strategy through annual "
            "and quarterly prioritisation", 5,
     "Every funded initiative mapped to a strategic pillar; quarterly re-prioritisation "
     "completed", "Short term"),
    ("EO2", "Give the Executive Committee an accurate, timely view of portfolio delivery, "
            "risk and spend", 4,
     "Monthly portfolio report issued by working day 8; data quality score of 95% or more",
     "Short term"),
    ("EO3", "Realise and evidence the benefits promised in approved business cases", 4,
     "Benefits tracked for every initiative over £500k; 85% of forecast benefits realised",
     "Long term"),
    ("EO4", "Match delivery capacity to demand across the change portfolio", 3,
     "No critical role over-allocated for more than a month; capacity plan refreshed "
     "monthly", "Medium term"),
    ("EO5", "Raise project and programme delivery capability", 3,
     "P3M maturity level 3 by 2028; 90% of project managers trained in the Calder "
     "Delivery Framework", "Long term"),
    ("EO6", "Provide proportionate assurance on high-risk initiatives", 3,
     "Every Tier 1 initiative through its gate reviews; no Tier 1 initiative red for two "
     "quarters without an agreed recovery plan", "Medium term"),
)
EPMO_CUSTOMERS = (
    ("Executive Committee", 5, "A single, trusted view of the portfolio; early warning of "
                               "initiatives in trouble"),
    ("Portfolio Investment Committee", 5, "Decision-ready business cases and "
                                          "prioritisation options"),
    ("Sponsors", 4, "Clear governance; help with business cases and benefits"),
    ("Programme and project managers", 4, "A proportionate method, tools, training and "
                                          "coaching; people when they need them"),
    ("Benefits owners", 3, "Support to measure and evidence benefits"),
    ("Finance business partners", 3, "Reliable forecasts of change spend"),
)
_PIC, _EXCO, _PPM = "Portfolio Investment Committee", "Executive Committee", \
    "Programme and project managers"
EPMO_SERVICES = (
    Svc("ES-01", "Strategic portfolio prioritisation",
        "Run the annual planning round and the quarterly re-prioritisation: score "
        "initiatives against the strategic pillars and present options to the committee.",
        "Portfolio management", f"{_PIC}; {_EXCO}", "EO1", "Head of Portfolio Planning",
        1.0, 95000, "Quarterly", 46, 4.4, d(2026, 9, 15), d(2026, 10, 8),
        nature="Controlling", measure="Share of change spend on strategic pillars"),
    Svc("ES-02", "Project intake and demand management",
        "One front door for new change requests: triage, sizing and routing to the right "
        "approval path.",
        "Portfolio management", f"Sponsors; {_PIC}", "EO1; EO4", "Portfolio Analyst Lead",
        1.0, 72000, "As required", 118, 4.1, d(2026, 6, 22), d(2026, 11, 18),
        mandatory="Yes", nature="Controlling",
        measure="Median working days from idea to intake decision"),
    Svc("ES-03", "Investment committee secretariat and business case review",
        "Review business cases against the investment standard before they reach the "
        "Portfolio Investment Committee, run its agenda and record decisions.",
        "Governance", f"{_PIC}; Sponsors", "EO1", "Governance Manager",
        0.8, 64000, "Monthly", 52, 4.3, d(2026, 4, 14), d(2026, 11, 10),
        mandatory="Yes", nature="Controlling",
        measure="Business cases returned for rework"),
    Svc("ES-04", "Stage gate reviews",
        "Run gate reviews at the end of each lifecycle stage for Tier 1 and Tier 2 "
        "initiatives and record the gate decision.",
        "Governance", f"Sponsors; {_PIC}", "EO6; EO1", "Governance Manager",
        1.2, 96000, "As required", 61, 3.9, d(2026, 4, 14), d(2026, 11, 19),
        mandatory="Yes", nature="Controlling", measure="Gate decisions taken on schedule"),
    Svc("ES-05", "Portfolio dashboard and executive reporting",
        "The monthly portfolio report and live dashboard for the Executive Committee: "
        "delivery, risk, spend and benefits.",
        "Reporting", f"{_EXCO}; {_PIC}", "EO2", "Portfolio Reporting Lead",
        1.0, 70000, "Monthly", 24, 4.5, d(2026, 7, 6), d(2026, 11, 9),
        measure="Report issued by working day 8"),
    Svc("ES-06", "Portfolio financial tracking and forecasting",
        "Track actual and forecast change spend against approved budgets with finance "
        "business partners.",
        "Finance", f"Finance business partners; {_PIC}", "EO2", "Portfolio Finance Analyst",
        0.8, 62000, "Monthly", 36, 4.0, d(2026, 5, 18), d(2026, 10, 30),
        nature="Controlling", measure="Forecast accuracy within 5%"),
    Svc("ES-07", "Portfolio risk and issue escalation",
        "Maintain the portfolio RAID view and escalate cross-initiative risks and issues "
        "to the Executive Committee.",
        "Governance", f"{_EXCO}; Sponsors", "EO2; EO6", "Portfolio Risk Lead",
        0.6, 48000, "Monthly", 29, 3.8, d(2026, 5, 18), d(2026, 11, 12),
        nature="Controlling", measure="Escalations resolved within 30 days"),
    Svc("ES-08", "Benefits realisation tracking",
        "Track benefits against the business case with benefits owners and report realised "
        "benefits every quarter.",
        "Benefits", f"Benefits owners; {_EXCO}", "EO3", "Benefits Manager",
        1.2, 88000, "Quarterly", 38, 4.0, d(2026, 8, 3), d(2026, 10, 15),
        nature="Controlling", measure="Share of forecast benefits realised"),
    Svc("ES-09", "Benefits mapping workshops",
        "Facilitate benefits mapping with sponsors and benefits owners while the business "
        "case is written.",
        "Benefits", "Sponsors; Benefits owners", "EO3", "Benefits Manager",
        0.6, 41000, "As required", 22, 4.4, d(2026, 8, 3), d(2026, 11, 5),
        measure="Tier 1 and 2 business cases with a benefits map"),
    Svc("ES-10", "Post-implementation benefits reviews",
        "Review benefits six and twelve months after go-live and feed lessons back to "
        "the investment standard.",
        "Benefits", f"{_EXCO}; Benefits owners", "EO3", "Benefits Manager",
        0.5, 37000, "As required", 9, 3.9, d(2026, 8, 3), d(2026, 9, 25),
        nature="Controlling", measure="Reviews completed on time"),
    Svc("ES-11", "Resource capacity planning",
        "Monthly capacity plan of delivery roles against the portfolio's demand, with "
        "options when critical roles are over-allocated.",
        "Resourcing", f"{_PIC}; {_PPM}", "EO4", "Resource Manager",
        1.0, 74000, "Monthly", 30, 3.9, d(2026, 6, 1), d(2026, 11, 2),
        nature="Controlling", measure="Critical roles over-allocated"),
    Svc("ES-12", "Delivery resource pool management",
        "Match project managers, analysts and planners from the delivery pool to "
        "initiatives.",
        "Resourcing", f"{_PPM}; Sponsors", "EO4", "Resource Manager",
        0.5, 36000, "As required", 44, 4.1, d(2026, 6, 1), d(2026, 11, 14),
        measure="Working days to fill a request"),
    Svc("ES-13", "Calder Delivery Framework (PM methodology and templates)",
        "The lifecycle, governance tiers and templates every initiative uses, kept current "
        "with the community of practice.",
        "Methods", _PPM, "EO5", "Capability Lead",
        0.6, 44000, "Quarterly", 260, 4.0, d(2026, 2, 23), d(2026, 10, 1),
        measure="Framework adherence found by health checks"),
    Svc("ES-14", "PM training and coaching",
        "Framework training for new project managers and sponsors, and coaching for those "
        "leading Tier 1 initiatives.",
        "Capability", f"{_PPM}; Sponsors", "EO5", "Capability Lead",
        1.0, 82000, "Monthly", 140, 4.6, d(2026, 2, 23), d(2026, 11, 17),
        measure="People trained; course feedback"),
    Svc("ES-15", "Project management community of practice",
        "Monthly sessions and an online forum for programme and project managers.",
        "Capability", _PPM, "EO5", "Capability Lead",
        0.3, 19000, "Monthly", 11, 4.3, d(2026, 2, 23), d(2026, 11, 6),
        measure="Attendance; members' survey"),
    Svc("ES-16", "Lessons learned facilitation",
        "Facilitate lessons learned reviews at stage ends and closure, and publish themes "
        "across the portfolio.",
        "Capability", f"{_PPM}; Sponsors", "EO5; EO6", "Capability Lead",
        0.4, 28000, "As required", 17, 4.0, d(2026, 2, 23), d(2026, 10, 22),
        measure="Lessons applied by new initiatives"),
    Svc("ES-17", "Project health checks",
        "A two-day health check of an initiative's governance, plan, risks and benefits, "
        "with actions for the sponsor.",
        "Assurance", f"Sponsors; {_PPM}", "EO6", "Assurance Lead",
        0.8, 61000, "As required", 24, 4.2, d(2026, 3, 30), d(2026, 11, 11),
        nature="Controlling", measure="Actions closed within 60 days"),
    Svc("ES-18", "Independent assurance reviews for Tier 1 programmes",
        "Independent reviews before each major gate of a Tier 1 programme, as the board's "
        "risk policy requires.",
        "Assurance", f"{_EXCO}; Sponsors", "EO6", "Assurance Lead",
        0.6, 58000, "Quarterly", 8, 4.1, d(2026, 3, 30), d(2026, 10, 19),
        mandatory="Yes", nature="Controlling",
        measure="Every Tier 1 programme reviewed before each major gate"),
    Svc("ES-19", "Integrated master schedule for Tier 1 programmes",
        "Maintain the integrated schedule and cross-programme dependencies for Tier 1 "
        "programmes.",
        "Planning", f"{_PPM}; {_EXCO}", "EO2; EO4", "Planning Lead",
        0.6, 43000, "Weekly", 6, 3.1, d(2026, 7, 20), d(2026, 11, 20),
        measure="Critical-path dates forecast within two weeks"),
    Svc("ES-20", "Portfolio management tool administration",
        "Configure and support the portfolio management tool, its users and its data "
        "quality checks (licences included in cost).",
        "Tools", f"{_PPM}; {_PIC}", "EO2", "Portfolio Reporting Lead",
        0.7, 118000, "As required", 75, 3.4, d(2026, 7, 6), d(2026, 11, 20),
        measure="Data quality score"),
    Svc("ES-21", "Portfolio scenario modelling",
        "What-if scenarios of funding and capacity for the quarterly re-prioritisation "
        "(piloting from January 2027).",
        "Portfolio management", f"{_PIC}; {_EXCO}", "EO1; EO4", "Head of Portfolio Planning",
        0.2, 15000, "Quarterly", None, None, d(2026, 9, 15), None,
        status="Planned", measure="Scenarios used in each re-prioritisation"),
)


def well_run_epmo() -> Built:
    """An enterprise PMO whose catalogue matches its mandate."""
    wb = Workbook()
    _instructions(wb, "Calder Mutual EPMO")
    _template_sheets(wb, mandate=EPMO_MANDATE, objectives=EPMO_OBJECTIVES,
                     customers=EPMO_CUSTOMERS)
    ws = wb.create_sheet("Services")
    ws["A1"] = "Calder Mutual: EPMO service catalogue"
    ws["A1"].font = Font(size=16, bold=True, color=NAVY)
    ws["A2"] = ("Version 4.2, approved by the Portfolio Investment Committee on 8 October "
                "2026. Owner: Head of EPMO. Next review: April 2027.")
    ws["A2"].font = Font(italic=True, color=GREY)
    last = _template_services(ws, EPMO_SERVICES, header_row=4)
    table = Table(displayName="EPMOServices", ref=f"A4:R{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    wb.properties.title = "EPMO service catalogue v4.2"
    return Built(wb, Properties("EPMO Governance Manager", "EPMO service catalogue v4.2",
                                dt.datetime(2022, 5, 9, 8, 30),
                                dt.datetime(2026, 10, 8, 17, 2)))


# ---------------------------------------------------------------------------------------
# 3. A PMO of one: a hand-made catalogue, and its mandate in a second workbook
# ---------------------------------------------------------------------------------------


def _logo_png() -> bytes:
    """A small house-shaped logo, drawn rather than shipped, as a PNG."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    logo = PILImage.new("RGB", (150, 48), "#2E7D32")
    draw = ImageDraw.Draw(logo)
    draw.polygon([(10, 24), (26, 9), (42, 24)], fill="white")
    draw.rectangle([15, 24, 37, 40], fill="white")
    draw.rectangle([23, 30, 29, 40], fill="#2E7D32")
    for x in range(52, 140, 12):  # stylised "lettering"
        draw.rectangle([x, 18, x + 8, 30], fill="white")
    out = io.BytesIO()
    logo.save(out, format="PNG")
    return out.getvalue()


def pmo_of_one_mandate() -> Built:
    """The one-person PMO's mandate, agreed with the Executive Team, in its own workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Mandate"
    _mandate_sheet(ws, (
        ("PMO", "Greenfield Homes Project Management Office"),
        ("Type of PMO", "Supportive"),
        ("Remit",
         "A one-person PMO that gives the Executive Team a single view of all change "
         "projects, helps sponsors and project managers run projects consistently with a "
         "light-touch method, and supports the Asset Investment Programme to deliver the "
         "home improvements promised to residents."),
        ("Sponsored by", "Director of Resources"),
        ("Agreed", d(2024, 4, 17)),
        ("Kind of office", "Project office"),
    ), header=None, title="PMO mandate, as agreed at the Executive Team on 17 April 2024")

    ws = wb.create_sheet("Objectives")
    _table(ws, 1, ("No", "Objective", "Priority", "How measured", "Timeframe"), (
        ("O1", "Give the Executive Team a single, reliable view of all change projects",
         "High", "Portfolio summary at every Exec meeting; no surprises", "Short"),
        ("O2", "Help sponsors and project managers run projects consistently with a "
               "light-touch method", "Medium",
         "Every new project uses the start-up checklist; PM survey 3.5/5 or better",
         "Medium"),
        ("O3", "Support the Asset Investment Programme to deliver the improvements "
               "promised to residents", "Medium",
         "Programme milestones met; residents' satisfaction with works", "Long"),
    ), wrap_cols=(2, 4))
    _widths(ws, (6, 70, 10, 55, 12))

    ws = wb.create_sheet("Customers")
    _table(ws, 1, ("Who", "Importance", "What they need"), (
        ("Executive Team", 5, "One page on every project each month; early warning"),
        ("Project sponsors", 4, "Help to set projects up well and to keep them on track"),
        ("Project managers", 3, "Templates, advice and someone to ask"),
        ("Asset Investment Programme Board", 3, "Reliable programme reporting"),
        ("Heads of service", 2, "To know what is changing in their service and when"),
    ), wrap_cols=(3,))
    _widths(ws, (36, 12, 60))
    return Built(wb, Properties("Jo Okafor", "PMO mandate", dt.datetime(2024, 4, 18, 10, 0),
                                dt.datetime(2024, 4, 18, 10, 20)))


# The catalogue as its author keeps it: numbers with units, dates as typed, customers in
# whatever form came to mind, some objectives quoted rather than numbered.
PMO_OF_ONE_HEADERS = ("Ref", "PMO Service", "What we provide", "Who for",
                      "Supports objective", "FTE", "Cost", "How often", "Uptake", "Rating",
                      "Review date", "Last run", "Comments")
_O1_TEXT = "Give the Executive Team a single, reliable view of all change projects"
_O2_TEXT_AS_TYPED = ("help sponsors and project managers run projects consistently with a "
                     "light-touch method.")
PMO_OF_ONE_ROWS: tuple[tuple[object, ...] | None, ...] = (
    (1, "Monthly project status report to Exec",
     "I collate RAG updates from each PM into one summary for the Exec Team meeting",
     "Exec team", "O1", "0.2 FTE", "£9k", "Monthly", 12, "4/5",
     d(2026, 3, 2), d(2026, 10, 28), None),
    (2, "Project portfolio tracker",
     "Master spreadsheet of every project: stage, budget, RAG, sponsor",
     "Exec team; Heads of service", _O1_TEXT, 0.1, "£4.5k", "Weekly", "n/a", 3.5,
     "Mar 2023", d(2026, 11, 13), "Moving it to MS Lists?"),
    (3, "Project start-up checklist and templates",
     "Business case, PID, RAID and closure templates on the intranet, with a one-page "
     "start-up checklist",
     "PMs; Sponsors", _O2_TEXT_AS_TYPED, "0.05 FTE", "£2k", "Updated yearly", 26, "3/5",
     "15/01/2024", "Jan 2026", "Templates need a refresh"),
    (4, "Project surgeries",
     "Fortnightly drop-in for anyone running a project",
     "Project managers\nProject sponsors\nHeads of service", "O2", "10%", "£4.5k",
     "Fortnightly", 30, "4/5", d(2025, 9, 8), d(2026, 11, 18), None),
    (5, "RAID log set-up and admin",
     "Set up RAID logs for new projects and chase updates before Exec",
     "PMs", None, 0.15, "£7k", "Weekly", 8, "2/5", "Sep 2024", "ongoing",
     "PMs say they'd rather own it"),
    None,
    (6, "Asset Investment Programme reporting",
     "Monthly programme report for the AIP Board: milestones, spend, resident complaints",
     "Asset Investment Programme Board, Exec team", "O3", "0.2 FTE", "£12k", "Monthly",
     12, 4, d(2025, 11, 20), d(2026, 10, 30), "Includes contractor data fees"),
    (7, "Board paper quality check",
     "Read and comment on project papers before they go to Exec or the Board",
     "Sponsors / exec", "O1", "5%", "£2k", "As needed", 15, 3, d(2025, 2, 10),
     d(2026, 11, 3), None),
    (8, "Lessons learned sessions",
     "Facilitate a lessons learned session when a project closes",
     "PMs, sponsors / exec", "O2", 0.05, "£2k", "End of each project", 3, "4/5",
     "Mar 2023", "Feb 2025", "Few projects ask for this"),
    (9, "MS Project support",
     "Help PMs build and update their plans in MS Project",
     "PMs", None, "0.1 FTE", "£3,500", "As needed", 6, "3/5", None, "Aug 2026", None),
    None,
    (10, "Contractor timesheet reconciliation",
     "Check capital works contractors' timesheets against the programme plan for Finance",
     "Finance", None, 0.1, "£4.5k", "Monthly", 12, "2/5", "15/01/2024", d(2026, 10, 31),
     "Finance asked for this in 2022 - should sit with them"),
    (11, "Managing projects at Greenfield (intro course)",
     "Half-day course for new PMs and sponsors, twice a year",
     "PMs", "O2", "-", "-", "Twice a year", 18, "4/5", d(2026, 1, 12), d(2026, 10, 7),
     "Delivered with HR L&D, their budget"),
)
PMO_OF_ONE_NOTES = (
    "Notes: figures are estimates from my diary for Jan-Feb 2025, not timesheets.",
    "Cost = my time at salary plus on-costs, plus Karen's admin day (0.2 FTE) where she "
    "helps, plus any licences.",
    "Ratings are from the PM survey (Sept 2025, 14 replies) or my best guess.",
)


def pmo_of_one() -> Built:
    """A one-person PMO's catalogue: one sheet, laid out by hand over two years."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Catalogue 2025"
    last_col = get_column_letter(len(PMO_OF_ONE_HEADERS))

    # Row 1: the logo and the organisation's name, as pasted from the letterhead.
    ws.row_dimensions[1].height = 40
    logo = Image(io.BytesIO(_logo_png()))
    logo.anchor = "A1"
    ws.add_image(logo)
    ws["C1"] = "GREENFIELD HOMES"
    ws["C1"].font = Font(size=18, bold=True, color=GREEN)
    ws["C1"].alignment = Alignment(vertical="center")
    # Row 2: the title, merged across the table.
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = "PMO Service Catalogue"
    ws["A2"].font = Font(size=16, bold=True, color=GREEN)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A3:{last_col}3")
    ws["A3"] = "Jo Okafor, PMO Manager. Last updated 3 November 2026."
    ws["A3"].font = Font(italic=True, color=GREY)
    ws["A3"].alignment = Alignment(horizontal="center")
    # Row 4 left blank; the header is on row 5.
    header_row = 5
    _header_row(ws, header_row, PMO_OF_ONE_HEADERS, fill=GREEN)
    row = header_row
    for values in PMO_OF_ONE_ROWS:
        row += 1
        if values is None:  # a spacer row between groups of services
            continue
        for col, value in enumerate(values, start=1):
            _body_cell(ws, row, col, value, wrap=col in (2, 3, 4, 13))
        if isinstance(values[6], int | float):
            ws.cell(row=row, column=7).number_format = POUNDS
    row += 1  # one blank row, then the notes
    for note in PMO_OF_ONE_NOTES:
        row += 1
        ws.cell(row=row, column=1, value=note).font = Font(italic=True, color=GREY)
    _widths(ws, (6, 34, 50, 28, 34, 10, 9, 14, 9, 8, 12, 12, 36))
    ws.freeze_panes = f"C{header_row + 1}"
    return Built(wb, Properties("Jo Okafor", "PMO Service Catalogue",
                                dt.datetime(2025, 2, 14, 13, 45),
                                dt.datetime(2026, 11, 3, 15, 20)))


# ---------------------------------------------------------------------------------------
# 4. A controlling government portfolio office
# ---------------------------------------------------------------------------------------

GOV_SERVICE_HEADERS = (
    "Ref", "Service", "Description", "Service type", "Customer(s)", "Objective(s)",
    "Service owner", "FTE", "Cost (£)", "Frequency", "Demand (requests p.a.)",
    "Satisfaction (1-5)", "Date of last review", "Last delivered", "Status", "Mandatory",
    "Control level", "KPI",
)
_SRO, _IC, _EXC = "Senior Responsible Owners", "Investment Committee", "Executive Committee"
_PDP = "Project delivery professionals"
GOV_SERVICES = (
    # Central returns and approvals the department must make.
    Svc("PAO-01", "GMPP quarterly data return",
        "Collect, assure and submit the quarterly Government Major Projects Portfolio "
        "return for the department's GMPP projects, with SRO sign-off.",
        "Central reporting", f"NISTA; {_EXC}", "PAO-O4; PAO-O1", "Head of Portfolio Reporting",
        1.5, 98000, "Quarterly", 56, 3.6, d(2026, 5, 12), d(2026, 10, 17),
        mandatory="Yes", nature="Controlling", measure="Return submitted by the deadline"),
    Svc("PAO-02", "Digital and technology spend control submissions",
        "Prepare and track spend control submissions to the Government Digital Service for "
        "digital and technology spend above the department's delegated limit.",
        "Spend control", f"{_SRO}; Government Digital Service", "PAO-O4; PAO-O2",
        "Spend Control Lead", 1.0, 64000, "As required", 38, 3.2, d(2026, 2, 2),
        d(2026, 11, 13), mandatory="Yes", nature="Controlling",
        measure="Submissions approved first time"),
    Svc("PAO-03", "Gateway review coordination",
        "Commission NISTA Gateway reviews, brief review teams, and track recommendations "
        "to closure.",
        "Assurance", f"NISTA; {_SRO}", "PAO-O3", "Assurance Manager",
        0.8, 52000, "As required", 11, 3.9, d(2026, 4, 20), d(2026, 11, 6),
        mandatory="Yes", nature="Controlling", measure="Recommendations closed on time"),
    Svc("PAO-04", "Business case assurance for HM Treasury approval",
        "Review business cases above delegated limits against the Five Case Model and the "
        "Green Book before they go to HM Treasury.",
        "Approvals", f"{_IC}; HM Treasury; {_SRO}", "PAO-O2", "Head of Investment Approvals",
        1.2, 84000, "As required", 27, 4.0, d(2026, 3, 16), d(2026, 11, 11),
        mandatory="Yes", nature="Controlling", measure="Cases approved without resubmission"),
    Svc("PAO-05", "Integrated Assurance and Approval Plans (IAAP)",
        "Agree and maintain an IAAP with NISTA and HM Treasury for each GMPP project.",
        "Assurance", f"NISTA; HM Treasury; {_SRO}", "PAO-O3", "Assurance Manager",
        0.5, 33000, "Annually", 14, 3.5, d(2025, 9, 29), d(2026, 6, 30),
        mandatory="Yes", nature="Controlling", measure="IAAPs agreed for every GMPP project"),
    Svc("PAO-06", "Risk potential assessments",
        "Complete the risk potential assessment for each new project to set its assurance "
        "tier and decide whether it joins the GMPP.",
        "Assurance", f"{_SRO}; NISTA", "PAO-O3", "Assurance Manager",
        0.3, 19000, "As required", 16, 3.7, d(2025, 9, 29), d(2026, 10, 24),
        mandatory="Yes", nature="Controlling",
        measure="Assessment done before the Strategic Outline Case"),
    Svc("PAO-07", "Parliamentary questions and FOI responses on major projects",
        "Draft answers to parliamentary questions and Freedom of Information requests "
        "about the department's major projects.",
        "Briefing", "Ministers' private offices; FOI team", "", "Portfolio Reporting Lead",
        0.7, 45000, "As required", 63, 3.3, d(2024, 3, 18), d(2026, 11, 19),
        mandatory="Yes (FOI Act 2000)", measure="Answered by the deadline"),
    # The portfolio view, approvals and assurance the mandate asks for.
    Svc("PAO-08", "Departmental portfolio dashboard",
        "Monthly dashboard of the department's major projects for the Executive "
        "Committee: delivery confidence, cost, schedule and benefits.",
        "Portfolio reporting", f"{_EXC}; {_IC}", "PAO-O1", "Head of Portfolio Reporting",
        1.0, 66000, "Monthly", 24, 4.1, d(2026, 6, 8), d(2026, 11, 9),
        measure="Used at every ExCo performance meeting"),
    Svc("PAO-09", "Investment Committee secretariat",
        "Run the Investment Committee's forward plan, papers and decision log.",
        "Approvals", _IC, "PAO-O2", "Head of Investment Approvals",
        0.6, 38000, "Monthly", 12, 4.3, d(2026, 3, 16), d(2026, 11, 12),
        measure="Papers issued 5 working days before the meeting"),
    Svc("PAO-10", "Departmental stage gate reviews",
        "Gate reviews at each business case stage for Tier 2 projects, below the NISTA "
        "Gateway threshold.",
        "Assurance", f"{_SRO}; {_IC}", "PAO-O3; PAO-O2", "Assurance Manager",
        1.0, 66000, "As required", 22, 3.8, d(2026, 4, 20), d(2026, 11, 16),
        nature="Controlling", measure="Gate decisions taken on schedule"),
    Svc("PAO-11", "Project health checks",
        "A short review of a project's governance, plan and risks at the SRO's request.",
        "Assurance", _SRO, "PAO-O3", "Assurance Manager",
        0.6, 39000, "As required", 9, 4.0, d(2026, 4, 20), d(2026, 10, 9),
        nature="Controlling", measure="Actions closed within 60 days"),
    Svc("PAO-12", "Portfolio data quality assurance",
        "Check project data in the portfolio system every month and chase corrections "
        "before the dashboard and the GMPP return.",
        "Portfolio reporting", f"{_EXC}; NISTA", "PAO-O1", "Portfolio Data Analyst",
        0.8, 47000, "Monthly", 150, 3.4, d(2026, 6, 8), d(2026, 11, 14),
        nature="Controlling", measure="Data quality score of 95% or more"),
    Svc("PAO-13", "Benefits realisation tracking",
        "Track the benefits of approved business cases with SROs and report them to the "
        "Executive Committee every quarter.",
        "Benefits", f"{_EXC}; {_SRO}", "PAO-O2; PAO-O1", "Benefits Lead",
        0.8, 51000, "Quarterly", 21, 3.6, d(2025, 12, 1), d(2026, 10, 30),
        nature="Controlling", measure="Approved cases with tracked benefits"),
    Svc("PAO-14", "Portfolio financial forecasting",
        "Monthly forecast of major project spend against budget, feeding the department's "
        "returns to HM Treasury.",
        "Finance", f"{_IC}; HM Treasury", "PAO-O1; PAO-O4", "Portfolio Finance Lead",
        0.8, 54000, "Monthly", 24, 3.9, d(2026, 1, 26), d(2026, 11, 5),
        nature="Controlling", measure="Forecast variance within 5%"),
    Svc("PAO-15", "Portfolio risk escalation to the Executive Committee",
        "Escalate cross-portfolio risks and red-rated projects to the Executive Committee.",
        "Portfolio reporting", _EXC, "PAO-O1", "Head of Portfolio Reporting",
        0.4, 26000, "Monthly", 10, 3.8, d(2026, 6, 8), d(2026, 11, 9),
        nature="Controlling", measure="Escalations with an agreed owner and action"),
    Svc("PAO-16", "Project delivery accreditation support",
        "Support SROs and project leaders through Government Project Delivery Profession "
        "accreditation.",
        "Capability", f"{_PDP}; {_SRO}", "PAO-O5", "Capability Lead",
        0.4, 27000, "As required", 19, 4.2, d(2026, 1, 12), d(2026, 10, 21),
        measure="Accreditations achieved each year"),
    Svc("PAO-17", "PM training and coaching",
        "Courses mapped to the Project Delivery Capability Framework, and coaching for "
        "new project leaders.",
        "Capability", _PDP, "PAO-O5", "Capability Lead",
        0.6, 41000, "Monthly", 85, 4.0, d(2026, 1, 12), d(2026, 11, 18),
        measure="People trained; course feedback"),
    Svc("PAO-18", "Project delivery community of practice",
        "Monthly community of practice for the department's project delivery "
        "professionals.",
        "Capability", _PDP, "PAO-O5", "Capability Lead",
        0.2, 12000, "Monthly", 10, 4.1, d(2026, 1, 12), d(2026, 11, 4),
        measure="Attendance"),
    # Services nobody has looked at for years.
    Svc("PAO-19", "Departmental project management method",
        "The department's tailoring of PRINCE2, with its templates and guidance.",
        "Methods", _PDP, "PAO-O5", "Capability Lead",
        0.3, 19000, "Annually", 5, 2.6, d(2021, 6, 14), d(2023, 2, 27),
        nature="Controlling", measure="Method adopted by every project"),
    Svc("PAO-20", "Earned value reporting for capital projects",
        "Monthly cost and schedule performance indices for capital projects.",
        "Portfolio reporting", f"{_SRO}; {_IC}", "PAO-O1", "Portfolio Finance Lead",
        0.4, 28000, "Monthly", 3, 2.9, d(2022, 3, 7), d(2024, 1, 31),
        nature="Controlling", measure="CPI and SPI reported for every capital project"),
    Svc("PAO-21", "Quarterly lessons learned digest",
        "A digest of lessons from project closures and reviews, circulated each quarter.",
        "Capability", f"{_PDP}; {_SRO}", "PAO-O5", "Capability Lead",
        0.1, 6000, "Quarterly", 2, 3.0, d(2022, 9, 19), d(2023, 11, 30)),
    Svc("PAO-22", "Weekly programme status report compilation",
        "Compile the weekly status reports of the department's programmes for directors.",
        "Portfolio reporting", "Directors; Programme boards", "", "PMO Officer",
        0.8, 38000, "Weekly", 14, 2.4, d(2023, 1, 16), d(2026, 11, 20)),
    Svc("PAO-23", "Project Server administration",
        "Administer the legacy Project Server portfolio tool until the new portfolio "
        "platform replaces it in March 2027 (licences included in cost).",
        "Tools", _PDP, "PAO-O1", "Portfolio Systems Officer",
        0.5, 71000, "As required", 40, 2.2, d(2020, 9, 21), d(2026, 11, 17),
        status="Retiring", measure="Users migrated to the new platform"),
    # Services that exercise more authority than a controlling office holds.
    Svc("PAO-24", "Project intervention and recovery / stop decisions",
        "Step in on red-rated projects: direct recovery actions, replace project "
        "leadership where needed, and stop or pause projects that cannot recover.",
        "Assurance", f"{_EXC}; {_SRO}", "PAO-O3", "Head of Portfolio and Assurance",
        0.5, 42000, "As required", 3, 3.1, d(2025, 3, 10), d(2026, 8, 14),
        nature="Directive", measure="Red projects recovered or stopped within two quarters"),
    Svc("PAO-25", "Mandatory compliance audits of project documentation",
        "Audit every project's documentation against the departmental method each quarter "
        "and report non-compliant projects to Directors General.",
        "Assurance", _EXC, "PAO-O3; PAO-O5", "Assurance Manager",
        0.6, 37000, "Quarterly", 4, 2.3, d(2024, 5, 20), d(2026, 9, 30),
        nature="Directive", measure="Projects compliant with the method"),
    Svc("PAO-26", "Resource reallocation between programmes",
        "Direct the movement of project delivery staff between programmes to meet "
        "portfolio priorities.",
        "Resourcing", _EXC, "PAO-O1", "Head of Portfolio and Assurance",
        0.3, 24000, "Quarterly", 2, 2.8, d(2025, 3, 10), d(2026, 7, 1),
        nature="Directive", measure="Priority programmes fully staffed"),
)
GOV_OLD_CATALOGUE = (
    ("Ref", "Service", "Owner", "FTE", "Customers", "Comments"),
    ("P3O-01", "Portfolio reporting to the Management Board", "Portfolio Office Manager",
     2.0, "Management Board", "Monthly pack"),
    ("P3O-02", "Major Projects Review Group returns", "Portfolio Office Manager", 1.0,
     "Cabinet Office", "Quarterly, MPRG"),
    ("P3O-03", "OGC Gateway review coordination", "Assurance Officer", 0.8, "SROs", None),
    ("P3O-04", "Business case clinic", "Investment Officer", 0.5, "SROs; Finance", None),
    ("P3O-05", "PRINCE2 method and templates", "Methods Officer", 0.6, "Project managers",
     "PRINCE2 2009 edition"),
    ("P3O-06", "PRINCE2 Foundation training", "Methods Officer", 0.4, "Project managers",
     None),
    ("P3O-07", "Project Server administration", "Systems Officer", 1.0, "All projects",
     "Upgrade to 2016 planned"),
    ("P3O-08", "Earned value reporting", "Finance Analyst", 0.5, "Capital projects board",
     None),
    ("P3O-09", "Weekly programme status reports", "PMO Officer", 1.0, "Directors", None),
    ("P3O-10", "Lessons learned log", "Methods Officer", 0.2, "Project managers", None),
    ("P3O-11", "Risk management workshops", "Risk Officer", 0.4, "Project teams", None),
    ("P3O-12", "Programme office support for the Estates programme", "PMO Officer", 1.5,
     "Estates programme", "Ends March 2020"),
)


def government_epmo() -> Built:
    """A controlling government portfolio office: mandatory, stale and overreaching."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Mandate"
    _mandate_sheet(ws, (
        ("Office name", "Portfolio and Assurance Office (PAO), Department for Regional "
                        "Growth and Infrastructure"),
        ("PMO model", "Controlling"),
        ("Mandate",
         "The Portfolio and Assurance Office maintains the department's portfolio of major "
         "projects and programmes, runs the investment approvals and assurance framework "
         "agreed by the Executive Committee, and meets the department's reporting and "
         "spend control obligations to HM Treasury, the Cabinet Office and the National "
         "Infrastructure and Service Transformation Authority (NISTA). Decisions to stop, "
         "pause or re-scope projects rest with the Investment Committee and the "
         "Accounting Officer."),
        ("Executive sponsor", "Director General, Finance and Corporate Services"),
        ("Date approved", d(2025, 4, 1)),
        ("Office type", "Portfolio office"),
        ("Next review", d(2026, 4, 1)),
    ), title="OFFICIAL")
    ws["A1"].font = Font(bold=True, color="C00000")

    ws = wb.create_sheet("Objectives")
    _table(ws, 1, ("Ref", "Strategic objective", "Weighting", "Measure of success",
                   "Timescale"), (
        ("PAO-O1", "Maintain an accurate, assured view of the departmental portfolio for "
                   "the Executive Committee", 5,
         "Portfolio data refreshed monthly; data quality of 95% or more", "Short term"),
        ("PAO-O2", "Run the investment approvals framework so that decisions follow HM "
                   "Treasury Green Book and business case guidance, and approved "
                   "investments deliver their benefits", 4,
         "Every business case above delegated limits reviewed against the Five Case Model "
         "before approval", "Short term"),
        ("PAO-O3", "Provide proportionate, integrated assurance of major projects through "
                   "the Integrated Assurance and Approval Plans", 4,
         "IAAPs in place for all GMPP and Tier 1 projects; Gateway recommendations "
         "tracked to closure", "Medium term"),
        ("PAO-O4", "Meet central government reporting and spend control obligations on "
                   "time", 3,
         "GMPP returns and spend control submissions on time every quarter", "Short term"),
        ("PAO-O5", "Develop project delivery capability in line with the Government "
                   "Project Delivery Framework", 2,
         "SROs and project leaders of GMPP projects accredited", "Long term"),
    ), wrap_cols=(2, 4))
    _widths(ws, (10, 70, 11, 60, 12))

    ws = wb.create_sheet("Customers")
    _table(ws, 1, ("Stakeholder group", "Weighting", "What they need"), (
        (_EXC, 5, "An assured view of the portfolio and early warning of failing projects"),
        (_IC, 5, "Business cases that meet the Green Book and are ready for decision"),
        (_SRO, 4, "Proportionate assurance and help through central approvals"),
        ("HM Treasury", 3, "Business cases and spend forecasts on time and to standard"),
        ("NISTA", 3, "Accurate GMPP returns; Gateway reviews and IAAPs in place"),
        (_PDP, 2, "A route to accreditation, training and a community of practice"),
    ), wrap_cols=(3,))
    _widths(ws, (32, 11, 70))

    ws = wb.create_sheet("PMO Services")
    ws["A1"] = "OFFICIAL"
    ws["A1"].font = Font(bold=True, color="C00000")
    ws["A2"] = ("Portfolio and Assurance Office: service catalogue. Catalogue refreshed "
                "October 2026; see 'Date of last review' for each service.")
    ws["A2"].font = Font(bold=True, size=13, color=NAVY)
    header_row = 4
    last = _table(ws, header_row, GOV_SERVICE_HEADERS, (s.cells() for s in GOV_SERVICES),
                  wrap_cols=(2, 3, 5, 18), money_cols=(9,))
    total_row = last + 1
    ws.cell(row=total_row, column=2, value="Total").font = Font(bold=True)
    sums = {}
    for col, attr in ((8, "fte"), (9, "cost")):
        letter = get_column_letter(col)
        cell = ws.cell(row=total_row, column=col,
                       value=f"=SUM({letter}{header_row + 1}:{letter}{last})")
        cell.font = Font(bold=True)
        cell.border = Border(top=Side(style="double"))
        if attr == "cost":
            cell.number_format = POUNDS
        total = sum(getattr(s, attr) or 0 for s in GOV_SERVICES)
        sums[("PMO Services", f"{letter}{total_row}")] = round(total, 6)
    _widths(ws, SERVICE_WIDTHS)
    first, end = header_row + 1, header_row + 200
    _list_validation(ws, "=Lookups!$A$2:$A$5", f"O{first}:O{end}")
    _list_validation(ws, "=Lookups!$B$2:$B$3", f"P{first}:P{end}")
    _list_validation(ws, "=Lookups!$C$2:$C$4", f"Q{first}:Q{end}")
    ws.freeze_panes = f"C{first}"

    ws = wb.create_sheet("Old catalogue 2019")
    for row_values in GOV_OLD_CATALOGUE:
        ws.append(row_values)
    ws.sheet_state = "hidden"

    ws = wb.create_sheet("Lookups")
    ws.append(("Status", "Mandatory", "Control level"))
    for status, yes_no, nature in zip(STATUSES, ("Yes", "No", None, None),
                                      (*NATURES, None), strict=True):
        ws.append((status, yes_no, nature))
    ws.sheet_state = "hidden"
    return Built(wb, Properties("PAO Business Manager", "PAO service catalogue",
                                dt.datetime(2019, 6, 3, 9, 0),
                                dt.datetime(2026, 10, 27, 14, 48)), sums)


# ---------------------------------------------------------------------------------------
# Writing: pinned properties and timestamps, formula results cached as Excel does
# ---------------------------------------------------------------------------------------

SAMPLES: dict[str, Callable[[], Built]] = {
    "coaching_story.xlsx": coaching_story,
    "coaching_story_after_workshop.xlsx": coaching_story_after_workshop,
    "well_run_epmo.xlsx": well_run_epmo,
    "pmo_of_one.xlsx": pmo_of_one,
    "pmo_of_one_mandate.xlsx": pmo_of_one_mandate,
    "government_epmo.xlsx": government_epmo,
}
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _w3cdtf(moment: dt.datetime) -> bytes:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def to_bytes(built: Built) -> bytes:
    """The workbook as .xlsx bytes, identical on every run."""
    wb, props = built.workbook, built.properties
    wb.properties.creator = props.author
    wb.properties.lastModifiedBy = props.author
    wb.properties.title = props.title
    wb.properties.created = props.created
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the save time into core.xml and every zip entry; pin both. It also
    # writes no result for formulas, where Excel would cache one: add what Excel shows.
    cached_by_part: dict[str, dict[str, float]] = {}
    for (sheet, ref), value in built.cached.items():
        part = f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"
        cached_by_part.setdefault(part, {})[ref] = value
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*",
                              lambda m: m.group(1) + _w3cdtf(props.modified), data)
            for ref, value in cached_by_part.get(info.filename, {}).items():
                data, count = re.subn(
                    rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>\s*)<v\s*/>',
                    lambda m, v=value: m.group(1) + b"<v>" + repr(v).encode() + b"</v>",
                    data)
                if count != 1:
                    raise RuntimeError(f"no formula at {ref} in {info.filename}")
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            zout.writestr(entry, data)
    return out.getvalue()


def build_all(out_dir: Path) -> list[Path]:
    """Write every sample into out_dir; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, build in SAMPLES.items():
        path = out_dir / filename
        path.write_bytes(to_bytes(build()))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the workbooks to (default: next to this script)")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
