"""The downloadable template: its sheets, drop-downs and instructions, and that it imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from catalogue import import_catalogue
from catalogue.columns import (
    TEMPLATE_CUSTOMER_HEADERS,
    TEMPLATE_MANDATE_LABELS,
    TEMPLATE_OBJECTIVE_HEADERS,
    TEMPLATE_SERVICE_HEADERS,
    TEMPLATE_SHEETS,
)
from catalogue.model import Horizon, OfficeKind, PMOType, ServiceStatus
from catalogue.template import EXAMPLE_CATALOGUE, build_template


@pytest.fixture(scope="module")
def template_bytes() -> bytes:
    return build_template()


@pytest.fixture(scope="module")
def workbook(template_bytes: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes))


def drop_downs(sheet) -> dict[str, list[str]]:
    """Each list validation's cell range -> the values it offers."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        values = validation.formula1.strip('"').split(",")
        for cell_range in str(validation.sqref).split():
            found[cell_range] = values
    return found


def header_row(sheet) -> list[str]:
    return [cell.value for cell in sheet[1] if cell.value is not None]


def test_sheets_in_template_order(workbook):
    assert tuple(workbook.sheetnames) == TEMPLATE_SHEETS
    assert workbook.active.title == "Instructions"


def test_headers_are_the_templates(workbook):
    assert header_row(workbook["Mandate"]) == ["Field", "Value"]
    labels = [workbook["Mandate"].cell(row, 1).value for row in range(2, 8)]
    assert labels == list(TEMPLATE_MANDATE_LABELS.values())
    assert header_row(workbook["Objectives"]) == list(TEMPLATE_OBJECTIVE_HEADERS.values())
    assert header_row(workbook["Customers"]) == list(TEMPLATE_CUSTOMER_HEADERS.values())
    assert header_row(workbook["Services"]) == list(TEMPLATE_SERVICE_HEADERS.values())
    for name in TEMPLATE_SHEETS[1:]:
        assert workbook[name].freeze_panes in ("A2", "C2"), name
        assert workbook[name]["A1"].font.bold, name


def column_letter(headers: dict[str, str], field: str) -> str:
    return get_column_letter(list(headers).index(field) + 1)


@pytest.mark.parametrize(("sheet", "headers", "field", "values"), [
    ("Services", TEMPLATE_SERVICE_HEADERS, "status", [s.value for s in ServiceStatus]),
    ("Services", TEMPLATE_SERVICE_HEADERS, "mandatory", ["yes", "no"]),
    ("Services", TEMPLATE_SERVICE_HEADERS, "nature", ["supportive", "controlling", "directive"]),
    ("Objectives", TEMPLATE_OBJECTIVE_HEADERS, "horizon",
     ["short term", "medium term", "long term"]),
])
def test_drop_downs_cover_the_column_to_row_1000(workbook, sheet, headers, field, values):
    letter = column_letter(headers, field)
    assert drop_downs(workbook[sheet])[f"{letter}2:{letter}1000"] == values


def test_only_fixed_vocabularies_have_drop_downs(workbook):
    services = drop_downs(workbook["Services"])
    letters = {cell_range[0] for cell_range in services}
    assert letters == {column_letter(TEMPLATE_SERVICE_HEADERS, f)
                       for f in ("status", "mandatory", "nature")}
    assert drop_downs(workbook["Customers"]) == {}


def test_mandate_drop_downs_sit_on_their_value_cells(workbook):
    found = drop_downs(workbook["Mandate"])
    labels = list(TEMPLATE_MANDATE_LABELS)
    pmo_type_row = labels.index("pmo_type") + 2
    office_row = labels.index("office_kind") + 2
    assert found == {
        f"B{pmo_type_row}": [t.value for t in PMOType],
        f"B{office_row}": [k.value for k in OfficeKind],
    }


def test_dates_are_real_dates_shown_year_month_day(workbook):
    services = workbook["Services"]
    letter = column_letter(TEMPLATE_SERVICE_HEADERS, "last_reviewed")
    cell = services[f"{letter}2"]
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert cell.value == dt.datetime(2025, 1, 20)
    # An empty cell further down is formatted as a date too, for the next entry.
    assert services.column_dimensions[letter].number_format == "yyyy-mm-dd"
    mandate_date = workbook["Mandate"].cell(list(TEMPLATE_MANDATE_LABELS).index("date") + 2, 2)
    assert mandate_date.is_date and mandate_date.value == dt.datetime(2025, 1, 15)


def test_numbers_are_numbers(workbook):
    services = workbook["Services"]
    effort = services[f"{column_letter(TEMPLATE_SERVICE_HEADERS, 'effort_fte')}2"].value
    cost = services[f"{column_letter(TEMPLATE_SERVICE_HEADERS, 'cost')}2"].value
    assert (effort, cost) == (0.5, 42000)


def instructions_text(workbook) -> str:
    sheet = workbook["Instructions"]
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_instructions_explain_every_column(workbook):
    sheet = workbook["Instructions"]
    explained = {(row[0], row[1]) for row in sheet.iter_rows(values_only=True) if row[1]}
    assert all((TEMPLATE_SERVICE_HEADERS, TEMPLATE_OBJECTIVE_HEADERS, TEMPLATE_CUSTOMER_HEADERS,
                TEMPLATE_MANDATE_LABELS))  # else the loops check nothing
    for header in TEMPLATE_SERVICE_HEADERS.values():
        assert ("Services", header) in explained
    for header in TEMPLATE_OBJECTIVE_HEADERS.values():
        assert ("Objectives", header) in explained
    for header in TEMPLATE_CUSTOMER_HEADERS.values():
        assert ("Customers", header) in explained
    for label in TEMPLATE_MANDATE_LABELS.values():
        assert ("Mandate", label) in explained


def test_instructions_say_only_the_service_name_is_required(workbook):
    rows = list(workbook["Instructions"].iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Sheet")
    required = [(row[0], row[1]) for row in rows[header_index + 1:] if row[3] == "Yes"]
    assert required == [("Services", "Service name")]
    text = instructions_text(workbook)
    assert "Only the service name is required" in text


def test_instructions_explain_lists_links_units_and_vocabularies(workbook):
    text = instructions_text(workbook)
    for phrase in ("own line", "semicolon (;)", "Objective ID", "Customers sheet", "FTE",
                   "per year", "1 to 5", "2025-01-31", "drop-down"):
        assert phrase in text, phrase
    for vocabulary in (PMOType, OfficeKind, Horizon, ServiceStatus):
        for member in vocabulary:
            assert member.value in text, member


def test_template_imports_with_no_issues(template_bytes):
    result = import_catalogue(template_bytes, filename="template.xlsx")
    assert result.issues == ()
    catalogue = result.catalogue
    assert len(catalogue.objectives) == len(EXAMPLE_CATALOGUE.objectives) == 4
    assert len(catalogue.customers) == len(EXAMPLE_CATALOGUE.customers) == 5
    assert len(catalogue.services) == len(EXAMPLE_CATALOGUE.services) == 7
    assert catalogue.mandate == EXAMPLE_CATALOGUE.mandate
    benefits = next(s for s in catalogue.services if s.name == "Benefits realisation tracking")
    assert (benefits.sheet, benefits.row) == ("Services", 3)
    assert benefits.customers == ("Project sponsors", "Finance", "Executive board")
    assert benefits.objectives == ("OBJ-3",)
    assert (benefits.effort_fte, benefits.cost, benefits.demand) == (0.8, 61000, 12)
    assert benefits.last_reviewed == dt.date(2024, 11, 5)
    assert benefits.status is ServiceStatus.ACTIVE and benefits.mandatory is False
    assert benefits.nature is PMOType.CONTROLLING
    expected = tuple(dataclasses.replace(s, sheet="Services", row=row)
                     for row, s in enumerate(EXAMPLE_CATALOGUE.services, start=2))
    assert catalogue.services == expected
    assert catalogue.objectives == EXAMPLE_CATALOGUE.objectives
    assert catalogue.customers == EXAMPLE_CATALOGUE.customers
