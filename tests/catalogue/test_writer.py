"""Writing a catalogue back to a workbook: it imports again as the same catalogue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import import_catalogue
from catalogue.cells import EXCEL_CELL_LIMIT
from catalogue.columns import TEMPLATE_SERVICE_HEADERS, TEMPLATE_SHEETS
from catalogue.matching import CustomerMatcher, ObjectiveMatcher
from catalogue.model import (
    Catalogue,
    Customer,
    Horizon,
    IssueCode,
    Mandate,
    Objective,
    OfficeKind,
    PMOType,
    Service,
    ServiceStatus,
)
from catalogue.writer import catalogue_write_warnings, write_catalogue

FORMULA_LIKE = ('=HYPERLINK("http://x","click")', "+1", "@SUM(A1)", "-2+3", "#N/A", "#REF!",
                "'Quoted", "=1+1")
LONG_TEXT = ("Benefit " * 4096)[:EXCEL_CELL_LIMIT]  # exactly Excel's limit

CUSTOMERS = (
    Customer("Executive board", 5, "A monthly picture\nand early warnings"),
    Customer("Sponsors / exec", 4.5, "Names with separators stay whole"),
    Customer("Finance, risk & audit", 3, None),
    Customer("PMs; programme managers", 2, "Semicolon inside a name"),
    Customer('=HYPERLINK("http://x","click")', None, "=looks like a formula"),
    Customer("+1", 0, "+plus"),
    Customer("@SUM(A1)", 1, "@at"),
    Customer("#N/A", 1, "#N/A"),
    Customer("'Quoted group", 1, "'apostrophe"),
    Customer("-Minus group", 1, "-minus"),
    Customer("Équipe projets 効果 🚀", 2.25, "Unicode, emoji and all"),
)
OBJECTIVES = (
    Objective("OBJ-1", "Give the board one reliable view of the portfolio", 5,
              "Board pack by working day 5", Horizon.SHORT),
    Objective("O;2", "Fund projects by strategic value; stop the rest", 0, None, Horizon.MEDIUM),
    Objective("Ω-3", "Réaliser les bénéfices 🚀", 2.5, "80% des bénéfices\nconfirmés",
              Horizon.LONG),
    Objective("=A1", "=SUM(B1:B9) as a statement", None, "@measure", None),
)
MANDATE = Mandate(
    pmo_name="Bureau des projets — Ørsted 🚀",
    pmo_type=PMOType.DIRECTIVE,
    statement="=Run the portfolio\nand keep the board informed; no exceptions.",
    sponsor="+44 20 7946 0000",
    date=dt.date(2024, 2, 29),
    office_kind=OfficeKind.CENTRE_OF_EXCELLENCE,
)


def full_service(number: int, **changes) -> Service:
    values = dict(
        id=f"S-{number:02d}", name=f"Service {number}",
        description="Line one of the description\nLine two, with ; and , and /",
        category="Governance", customers=("Executive board", "Sponsors / exec"),
        objectives=("OBJ-1", "O;2"), owner="Priya Shah", effort_fte=0.25,
        cost=1234567.89, frequency="Monthly", demand=12, satisfaction=3.75,
        last_reviewed=dt.date(2025, 1, 31), last_delivered=dt.date(2025, 3, 1),
        status=ServiceStatus.ACTIVE, mandatory=True, nature=PMOType.SUPPORTIVE,
        value_measure="Decisions taken from the pack",
    )
    values.update(changes)
    return Service(**values)


SERVICES = (
    full_service(1),
    full_service(2, name='=HYPERLINK("http://x","click")', id="=ID()", owner="+1",
                 category="@SUM(A1)", frequency="#N/A", value_measure="-2+3",
                 description="'Leading apostrophe", status=ServiceStatus.PLANNED,
                 mandatory=False, nature=PMOType.CONTROLLING),
    full_service(3, name="#N/A", id="007", customers=("Sponsors / exec",),
                 objectives=("O;2",), status=ServiceStatus.RETIRING, mandatory=None,
                 nature=PMOType.DIRECTIVE),
    full_service(4, name="Évaluation des bénéfices — 効果測定 🚀",
                 customers=("Finance, risk & audit", "PMs; programme managers", "+1",
                            "@SUM(A1)", "#N/A", "'Quoted group", "-Minus group",
                            '=HYPERLINK("http://x","click")', "Équipe projets 効果 🚀"),
                 objectives=("Ω-3", "=A1"), status=ServiceStatus.RETIRED,
                 description=LONG_TEXT),
    full_service(5, customers=("PMs; programme managers",), objectives=("=A1",),
                 description="Control characters \x01 bell \x07 escape \x1b delete \x7f "
                             "and a literal _x0041_ and _x005F_ escape",
                 last_reviewed=dt.date(1899, 12, 31), last_delivered=dt.date(1900, 1, 1),
                 effort_fte=0, cost=0, demand=0, satisfaction=1),
    full_service(6, customers=("Finance, risk & audit",), last_reviewed=dt.date(1900, 2, 28),
                 last_delivered=dt.date(1900, 3, 1), satisfaction=5, cost=1e9),
    full_service(7, customers=("Executive board", "Ops / facilities"),
                 objectives=("OBJ-1", "Grow revenue; cut cost"),
                 last_reviewed=dt.date(9999, 12, 31)),
    Service(id="S-08", name="Name only"),
    full_service(9, customers=("Sales & marketing",), objectives=("Grow revenue, cut cost",)),
)
RICH = Catalogue(mandate=MANDATE, objectives=OBJECTIVES, customers=CUSTOMERS,
                 services=SERVICES, source="rich.xlsx")


def comparable(catalogue: Catalogue) -> Catalogue:
    """The catalogue without where it came from (source, each service's sheet and row)."""
    services = tuple(dataclasses.replace(s, sheet=None, row=None) for s in catalogue.services)
    return dataclasses.replace(catalogue, services=services, source="")


def round_trip(catalogue: Catalogue):
    return import_catalogue(write_catalogue(catalogue), filename="written.xlsx")


@pytest.fixture(scope="module")
def rich_bytes() -> bytes:
    return write_catalogue(RICH)


@pytest.fixture(scope="module")
def rich_import(rich_bytes):
    return import_catalogue(rich_bytes, filename="written.xlsx")


def test_rich_catalogue_round_trips_field_by_field(rich_import):
    imported = comparable(rich_import.catalogue)
    expected = comparable(RICH)
    assert imported.mandate == expected.mandate
    assert imported.objectives == expected.objectives
    assert imported.customers == expected.customers
    for got, want in zip(imported.services, expected.services, strict=True):
        for field in dataclasses.fields(Service):
            assert getattr(got, field.name) == getattr(want, field.name), (want.id, field.name)
    assert imported == expected


def test_services_come_back_from_the_services_sheet_in_order(rich_import):
    places = [(s.sheet, s.row) for s in rich_import.catalogue.services]
    assert places == [("Services", row) for row in range(2, 2 + len(SERVICES))]


def test_only_the_deliberately_unknown_links_and_the_full_cell_are_reported(rich_import):
    reported = {(i.code, row) for i in rich_import.issues for row in i.rows}
    assert reported == {(IssueCode.UNKNOWN_CUSTOMER, 8), (IssueCode.UNKNOWN_OBJECTIVE, 8),
                        (IssueCode.UNKNOWN_CUSTOMER, 10), (IssueCode.UNKNOWN_OBJECTIVE, 10),
                        # a description of exactly 32,767 characters may have been cut
                        (IssueCode.TEXT_TRUNCATED, 5)}


def test_a_clean_catalogue_needs_no_changes():
    assert catalogue_write_warnings(RICH) == []


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("xl/worksheets/sheet"))


def test_formula_like_text_is_stored_as_inert_text(rich_bytes):
    xml = sheet_xml(rich_bytes)
    assert "<f>" not in xml and 't="e"' not in xml and "hyperlink" not in xml.lower()
    services = openpyxl.load_workbook(io.BytesIO(rich_bytes))["Services"]
    name = services.cell(3, 2)
    assert name.value == '=HYPERLINK("http://x","click")' and name.data_type == "s"
    assert name.quotePrefix  # stays text if someone retypes it in Excel
    identifier = services.cell(4, 1)
    assert identifier.value == "007" and identifier.data_type == "s"


def cell_of(data: bytes, sheet: str, row: int, field: str):
    column = list(TEMPLATE_SERVICE_HEADERS).index(field) + 1
    return openpyxl.load_workbook(io.BytesIO(data))[sheet].cell(row, column).value


def test_lists_are_one_item_per_line(rich_bytes):
    assert cell_of(rich_bytes, "Services", 2, "customers") == "Executive board\nSponsors / exec"
    # A single item holding a separator ends with a line break, so it is not split.
    assert cell_of(rich_bytes, "Services", 4, "customers") == "Sponsors / exec\n"
    assert cell_of(rich_bytes, "Services", 4, "objectives") == "O;2\n"
    assert cell_of(rich_bytes, "Services", 10, "customers") == "Sales & marketing\n"
    # A single plain item is written alone.
    assert cell_of(rich_bytes, "Services", 6, "objectives") == "=A1"


def test_dates_are_dates_and_dates_before_1900_are_text(rich_bytes):
    assert cell_of(rich_bytes, "Services", 2, "last_reviewed") == dt.datetime(2025, 1, 31)
    assert cell_of(rich_bytes, "Services", 6, "last_reviewed") == "1899-12-31"
    assert cell_of(rich_bytes, "Services", 6, "last_delivered") == dt.datetime(1900, 1, 1)


def test_the_layout_is_the_templates(rich_bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(rich_bytes))
    assert tuple(workbook.sheetnames) == TEMPLATE_SHEETS
    assert workbook.active.title == "Services"
    services = workbook["Services"]
    assert [c.value for c in services[1]] == list(TEMPLATE_SERVICE_HEADERS.values())
    assert len(services.data_validations.dataValidation) == 3


def test_an_empty_catalogue_writes_the_bare_layout():
    data = write_catalogue(Catalogue())
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert tuple(workbook.sheetnames) == TEMPLATE_SHEETS
    assert workbook["Services"].max_row == 1


def test_text_beyond_excels_limit_is_cut_with_a_warning():
    too_long = ("Benefit " * 5000)[:40_000].strip()
    catalogue = Catalogue(services=(Service("S1", "Long", description=too_long),
                                    Service("S2", "Emoji", value_measure="😀" * 20_000)))
    warnings = catalogue_write_warnings(catalogue)
    assert len(warnings) == 2
    assert "Services row 2" in warnings[0] and "Description" in warnings[0]
    assert "32,767" in warnings[0]
    result = round_trip(catalogue)
    imported = result.catalogue.services
    assert imported[0].description == too_long[:EXCEL_CELL_LIMIT]
    assert imported[1].value_measure == "😀" * (EXCEL_CELL_LIMIT // 2)
    # ...and the import says the text may have been cut, as it would for Excel's own cut.
    cut = {(i.row, i.column) for i in result.issues if i.code is IssueCode.TEXT_TRUNCATED}
    assert cut == {(2, "C"), (3, "R")}


def test_a_list_beyond_excels_limit_keeps_the_whole_items_that_fit():
    names = tuple(f"Customer group {i:05d} " + "x" * 980 for i in range(40))
    catalogue = Catalogue(services=(Service("S1", "Many customers", customers=names),))
    [warning] = catalogue_write_warnings(catalogue)
    assert "8 of its 40 entries were left out" in warning
    imported = round_trip(catalogue).catalogue.services[0]
    assert imported.customers == names[:32]


def test_unstorable_characters_become_replacement_characters():
    catalogue = Catalogue(services=(Service("S1", "Odd \ufffe\uffff", owner="lone \ud800"),))
    assert len(catalogue_write_warnings(catalogue)) == 2
    imported = round_trip(catalogue).catalogue.services[0]
    assert (imported.name, imported.owner) == ("Odd \ufffd\ufffd", "lone \ufffd")


def test_numbers_excel_cannot_hold_leave_the_cell_empty():
    catalogue = Catalogue(services=(Service("S1", "NaN", effort_fte=math.nan, cost=math.inf),))
    warnings = catalogue_write_warnings(catalogue)
    assert len(warnings) == 2 and "Effort (FTE)" in warnings[0]
    imported = round_trip(catalogue).catalogue.services[0]
    assert (imported.effort_fte, imported.cost) == (None, None)


def test_a_line_break_inside_a_list_item_becomes_a_space():
    catalogue = Catalogue(customers=(Customer("Project managers"),),
                          services=(Service("S1", "Split", customers=("Two\nlines",)),))
    [warning] = catalogue_write_warnings(catalogue)
    assert "line break" in warning
    assert round_trip(catalogue).catalogue.services[0].customers == ("Two lines",)


# ---------------------------------------------------------------- property-based round trip

# Text as the importer keeps it: not blank, single spaces between words (descriptions
# may have several lines); any other character, control characters included, must come
# back as written.
_CHARACTER = st.characters(codec="utf-8", exclude_characters="\ufffe\uffff").filter(
    lambda c: not c.isspace())
_WORD = st.text(_CHARACTER, min_size=1, max_size=8)
TEXT = st.lists(_WORD, min_size=1, max_size=5).map(" ".join) | st.sampled_from(FORMULA_LIKE)
LINES = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
NUMBER = st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2))
SCORE = st.floats(min_value=1, max_value=5).map(lambda x: round(x, 2))
CUSTOMER_NAMES = tuple(c.name for c in CUSTOMERS)
OBJECTIVE_IDS = tuple(o.id for o in OBJECTIVES)
_CUSTOMER_MATCHER = CustomerMatcher(CUSTOMER_NAMES)
_OBJECTIVE_MATCHER = ObjectiveMatcher([(o.id, o.statement) for o in OBJECTIVES])
# Names the mandate does not know are kept as written; "- x" would read as a bullet.
OTHER_CUSTOMER = TEXT.filter(
    lambda t: _CUSTOMER_MATCHER.match_one(t) is None and not re.match(r"[-*•·–] ", t))
OTHER_OBJECTIVE = TEXT.filter(
    lambda t: _OBJECTIVE_MATCHER.match_one(t) is None and not re.match(r"[-*•·–] ", t))


def optional(strategy):
    return st.none() | strategy


def links(known: tuple[str, ...], others) -> st.SearchStrategy[tuple[str, ...]]:
    """Known names and unknown ones, in any order, each once."""
    return st.tuples(st.lists(st.sampled_from(known), unique=True, max_size=3),
                     st.lists(others, unique=True, max_size=2)).flatmap(
        lambda parts: st.permutations(parts[0] + parts[1])).map(tuple)


@st.composite
def services(draw) -> tuple[Service, ...]:
    names = draw(st.lists(TEXT, min_size=1, max_size=4,
                          unique_by=lambda n: n.casefold()))
    ids = draw(st.lists(TEXT, min_size=len(names), max_size=len(names), unique=True))
    made = []
    for service_id, name in zip(ids, names, strict=True):
        made.append(Service(
            id=service_id, name=name,
            description=draw(optional(LINES)),
            category=draw(optional(TEXT)),
            customers=draw(links(CUSTOMER_NAMES, OTHER_CUSTOMER)),
            objectives=draw(links(OBJECTIVE_IDS, OTHER_OBJECTIVE)),
            owner=draw(optional(TEXT)),
            effort_fte=draw(optional(NUMBER)),
            cost=draw(optional(NUMBER)),
            frequency=draw(optional(TEXT)),
            demand=draw(optional(NUMBER)),
            satisfaction=draw(optional(SCORE)),
            last_reviewed=draw(optional(st.dates())),
            last_delivered=draw(optional(st.dates())),
            status=draw(optional(st.sampled_from(ServiceStatus))),
            mandatory=draw(st.sampled_from([True, False, None])),
            nature=draw(optional(st.sampled_from(PMOType))),
            value_measure=draw(optional(TEXT)),
        ))
    return tuple(made)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services=services(), mandate_name=TEXT, statement=LINES)
def test_any_catalogue_round_trips(services, mandate_name, statement):
    catalogue = Catalogue(
        mandate=dataclasses.replace(MANDATE, pmo_name=mandate_name, statement=statement),
        objectives=OBJECTIVES, customers=CUSTOMERS, services=services,
    )
    assert catalogue_write_warnings(catalogue) == []
    assert comparable(round_trip(catalogue).catalogue) == catalogue


# ---------------------------------------------------------------- importer behaviours that
# once broke the round trip: list order, bullets, totals and note lines.

def only_services(*services: Service) -> Catalogue:
    return Catalogue(customers=(Customer("Executive board"), Customer("Project managers")),
                     objectives=(Objective("OBJ-1", "Give the board one view"),),
                     services=services)


def test_list_order_survives_when_an_unknown_customer_comes_first():
    catalogue = only_services(Service("S1", "Order", customers=("Ops team", "Executive board")))
    assert round_trip(catalogue).catalogue.services[0].customers == ("Ops team",
                                                                     "Executive board")


def test_unknown_customers_starting_with_bullet_characters_survive():
    # A bullet followed by a space ("- PMs") is a list marker; without the space it is text.
    customers = ("Executive board", "-Minus group", "*starred", "•dot")
    catalogue = only_services(Service("S1", "Bullets", customers=customers))
    assert round_trip(catalogue).catalogue.services[0].customers == customers


def test_services_whose_names_start_like_a_totals_line_are_kept():
    names = ("Overall portfolio health check", "Total cost of ownership review",
             "Sum insured checks")
    catalogue = only_services(*(Service(f"S{i}", name, owner="Sam Lee")
                                for i, name in enumerate(names)))
    assert [s.name for s in round_trip(catalogue).catalogue.services] == list(names)


def test_customers_whose_names_start_like_a_note_are_kept():
    names = ("Executive board", "Contact centre", "Version control team", "Notes readers")
    catalogue = Catalogue(customers=tuple(Customer(n) for n in names),
                          services=(Service("S1", "Any"),))
    assert [c.name for c in round_trip(catalogue).catalogue.customers] == list(names)


def test_text_shaped_like_xlsxwriters_rich_string_marker_survives():
    # xlsxwriter copies a string that starts with "<r>" and ends with "</r>" into the file
    # as raw XML: "<r>Intake</r>" became an empty cell and the service vanished, unreported.
    names = ("<r>Intake</r>", "<r><t>bold</t></r>", "Triage")
    catalogue = only_services(*(Service(f"S{i}", name, owner=name, customers=(name,))
                                for i, name in enumerate(names)))
    imported = round_trip(catalogue).catalogue.services
    assert [(s.name, s.owner) for s in imported] == [(n, n) for n in names]
    assert [s.customers for s in imported] == [(n,) for n in names]
    alone = round_trip(only_services(Service("S1", "<r>Intake</r>")))
    assert [s.name for s in alone.catalogue.services] == ["<r>Intake</r>"]


def test_a_leading_bullet_in_a_list_entry_is_left_out_with_a_warning():
    # The importer keeps "- Sponsors" from "Board; - Sponsors", but one entry per line
    # reads "- " as a bullet: the writer says so rather than change it silently.
    catalogue = only_services(Service("S1", "Bullets", customers=("Executive board",
                                                                  "- - Sponsors", "•x")))
    [warning] = catalogue_write_warnings(catalogue)
    assert "Services row 2" in warning and '"- - Sponsors"' in warning and "bullet" in warning
    assert round_trip(catalogue).catalogue.services[0].customers == ("Executive board",
                                                                     "Sponsors", "•x")
    alone = only_services(Service("S1", "Alone", customers=("- Sponsors",)))
    assert catalogue_write_warnings(alone) == []
    assert round_trip(alone).catalogue.services[0].customers == ("- Sponsors",)
