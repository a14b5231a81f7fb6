"""The blank catalogue template a PMO manager downloads and fills in.

It is the writer's layout (Instructions, Mandate, Objectives, Customers, Services, with
drop-downs and date formats; see `catalogue.writer`) holding a small example PMO, so
that every sheet shows the kind of content expected. The example imports with no issues.
"""

from __future__ import annotations

import datetime as dt

from catalogue.model import (
    Catalogue,
    Customer,
    Horizon,
    Mandate,
    Objective,
    OfficeKind,
    PMOType,
    Service,
    ServiceStatus,
)
from catalogue.writer import INSTRUCTIONS_SHEET, write_catalogue

EXAMPLE_MANDATE = Mandate(
    pmo_name="Group Portfolio Office",
    pmo_type=PMOType.CONTROLLING,
    statement=(
        "Give the executive board a single, reliable view of the change portfolio, make "
        "sure money goes to the projects that matter most, and see that the benefits "
        "promised in business cases are delivered."
    ),
    sponsor="Chief Operating Officer",
    date=dt.date(2025, 1, 15),
    office_kind=OfficeKind.PORTFOLIO,
)

EXAMPLE_OBJECTIVES = (
    Objective("OBJ-1", "Give the executive board one reliable view of portfolio status "
              "and risk", 5, "Board pack issued by working day 5 every month",
              Horizon.SHORT),
    Objective("OBJ-2", "Fund and prioritise projects by strategic value", 4,
              "Every new project scored and ranked before its funding decision",
              Horizon.MEDIUM),
    Objective("OBJ-3", "Realise the benefits promised in business cases", 4,
              "80% of forecast benefits confirmed by Finance", Horizon.LONG),
    Objective("OBJ-4", "Raise project delivery capability", 2,
              "Project managers rate PMO training 4 out of 5 or better", Horizon.LONG),
)

EXAMPLE_CUSTOMERS = (
    Customer("Executive board", 5, "A short, trustworthy monthly picture and early "
             "warning of trouble"),
    Customer("Portfolio board", 4, "Evidence to decide which projects start, continue "
             "or stop"),
    Customer("Project sponsors", 3, "Help to keep their projects on track and to "
             "show the benefits"),
    Customer("Project managers", 3, "Practical templates, advice and training, and "
             "little admin"),
    Customer("Finance", 2, "Forecasts and benefits they can reconcile with the ledger"),
)

EXAMPLE_SERVICES = (
    Service(
        id="SVC-01", name="Portfolio prioritisation support",
        description="Score new project proposals against strategic criteria and rank "
                    "them for the portfolio board's funding decisions.",
        category="Portfolio management",
        customers=("Portfolio board", "Executive board"), objectives=("OBJ-2",),
        owner="Priya Shah", effort_fte=0.5, cost=42000, frequency="Quarterly",
        demand=4, satisfaction=4.2, last_reviewed=dt.date(2025, 1, 20),
        last_delivered=dt.date(2025, 3, 31), status=ServiceStatus.ACTIVE,
        mandatory=True, nature=PMOType.CONTROLLING,
        value_measure="Share of funding going to the top-ranked projects",
    ),
    Service(
        id="SVC-02", name="Benefits realisation tracking",
        description="Keep the benefits register, collect actuals from benefit owners "
                    "and report realised against forecast benefits.",
        category="Benefits",
        customers=("Project sponsors", "Finance", "Executive board"),
        objectives=("OBJ-3",), owner="Tom Okafor", effort_fte=0.8, cost=61000,
        frequency="Monthly", demand=12, satisfaction=3.6,
        last_reviewed=dt.date(2024, 11, 5), last_delivered=dt.date(2025, 4, 30),
        status=ServiceStatus.ACTIVE, mandatory=False, nature=PMOType.CONTROLLING,
        value_measure="Benefits confirmed by Finance (£ per year)",
    ),
    Service(
        id="SVC-03", name="Monthly portfolio status report",
        description="Compile project status returns into the board pack: RAG status, "
                    "key risks and issues, decisions needed.",
        category="Reporting",
        customers=("Executive board", "Portfolio board"), objectives=("OBJ-1",),
        owner="Priya Shah", effort_fte=1.2, cost=78000, frequency="Monthly", demand=12,
        satisfaction=3.1, last_reviewed=dt.date(2024, 6, 12),
        last_delivered=dt.date(2025, 4, 5), status=ServiceStatus.ACTIVE, mandatory=True,
        nature=PMOType.CONTROLLING,
        value_measure="Board pack issued on time; decisions taken from it",
    ),
    Service(
        id="SVC-04", name="Stage gate reviews",
        description="Run go/no-go reviews at each project stage gate and record the "
                    "board's decision.",
        category="Governance",
        customers=("Portfolio board", "Project sponsors"), objectives=("OBJ-1", "OBJ-2"),
        owner="Dana Whitfield", effort_fte=0.6, cost=39000, frequency="On request",
        demand=18, satisfaction=3.4, last_reviewed=dt.date(2025, 2, 3),
        last_delivered=dt.date(2025, 4, 22), status=ServiceStatus.ACTIVE,
        mandatory=False, nature=PMOType.DIRECTIVE,
        value_measure="Projects stopped or re-scoped at a gate",
    ),
    Service(
        id="SVC-05", name="Project management training",
        description="Run introductory and refresher courses in the organisation's "
                    "project method.",
        category="Capability",
        customers=("Project managers",), objectives=("OBJ-4",), owner="Sam Lee",
        effort_fte=0.3, cost=25000, frequency="Twice a year", demand=40,
        satisfaction=4.5, last_reviewed=dt.date(2024, 9, 30),
        last_delivered=dt.date(2025, 3, 14), status=ServiceStatus.ACTIVE,
        mandatory=False, nature=PMOType.SUPPORTIVE,
        value_measure="Course rating and share of PMs trained",
    ),
    Service(
        id="SVC-06", name="Template library upkeep",
        description="Maintain the project templates on the intranet.",
        category="Capability",
        customers=("Project managers",), objectives=("OBJ-4",), owner="Sam Lee",
        effort_fte=0.2, cost=9000, frequency="On request", demand=6, satisfaction=2.8,
        last_reviewed=dt.date(2023, 5, 18), last_delivered=dt.date(2024, 2, 1),
        status=ServiceStatus.RETIRING, mandatory=False, nature=PMOType.SUPPORTIVE,
        value_measure="Template downloads per month",
    ),
    Service(
        id="SVC-07", name="Resource capacity planning",
        description="Match the portfolio's demand for specialist staff with the people "
                    "available, quarter by quarter.",
        category="Portfolio management",
        customers=("Portfolio board", "Project managers"), objectives=("OBJ-2",),
        owner="Dana Whitfield", effort_fte=0.4, frequency="Quarterly",
        status=ServiceStatus.PLANNED, mandatory=False, nature=PMOType.CONTROLLING,
        value_measure="Projects delayed for lack of staff",
    ),
)

EXAMPLE_CATALOGUE = Catalogue(
    mandate=EXAMPLE_MANDATE,
    objectives=EXAMPLE_OBJECTIVES,
    customers=EXAMPLE_CUSTOMERS,
    services=EXAMPLE_SERVICES,
)


def build_template() -> bytes:
    """The template workbook, with example rows, opening on its Instructions sheet."""
    return write_catalogue(EXAMPLE_CATALOGUE, active_sheet=INSTRUCTIONS_SHEET)
