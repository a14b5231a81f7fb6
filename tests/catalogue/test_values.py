"""Cells read as a PMO manager meant them."""

import datetime as dt

import pytest

from catalogue import values
from catalogue.cells import EXCEL_CELL_LIMIT
from catalogue.model import PMOType, ServiceStatus


@pytest.mark.parametrize(("raw", "expected"), [
    (0.5, 0.5), ("0.5 FTE", 0.5), ("0.5FTE", 0.5), ("1 fte", 1.0), ("50%", 0.5),
    ("2 days a week", 0.4), ("1 day per week", 0.2), ("4 days/month", pytest.approx(4 * 12 / 52 / 5)),
    ("7.5 hours/week", 0.2), ("0.5-1 FTE", 0.75), (3, 3.0),
])
def test_effort_is_read_in_fte(raw, expected):
    assert values.parse_effort(raw).value == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("£12k", 12000.0), ("$1,200", 1200.0), ("€1.2m", 1_200_000.0), ("12,000", 12000.0),
    ("£500 per month", 6000.0), ("GBP 3000", 3000.0), (2500, 2500.0), ("£ 12K p.a.", 12000.0),
])
def test_cost_is_read_as_an_annual_amount(raw, expected):
    assert values.parse_money(raw).value == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (4, 4.0), ("4/5", 4.0), ("8/10", 4.0), ("80%", 4.0), (0.8, 4.0), ("4 out of 5", 4.0),
    ("3.5", 3.5),
])
def test_satisfaction_is_on_a_one_to_five_scale(raw, expected):
    assert values.parse_satisfaction(raw).value == pytest.approx(expected)


@pytest.mark.parametrize("raw", [9, 0, "0/10", "10%", 0.12])
def test_satisfaction_outside_the_scale_is_reported_not_guessed(raw):
    parsed = values.parse_satisfaction(raw)
    assert parsed.value is None and "1 to 5" in parsed.problem


def test_every_satisfaction_read_comes_back_the_same_from_its_own_export():
    # a score is written back as a number; read again it must be the same score
    for raw in (0.2, 0.5, 0.99, 1, 2.5, 5, "3/5", "45%", "7 out of 10"):
        first = values.parse_satisfaction(raw).value
        assert first is not None and 1 <= first <= 5, raw
        assert values.parse_satisfaction(first).value == pytest.approx(first), raw


@pytest.mark.parametrize(("raw", "expected"), [
    ("40 requests", 40.0), ("3 per month", 36.0), ("weekly", None), (12, 12.0),
])
def test_demand_is_per_year(raw, expected):
    assert values.parse_count(raw).value == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Mar 2023", dt.date(2023, 3, 1)), ("15/01/2024", dt.date(2024, 1, 15)),
    ("2024-03-01", dt.date(2024, 3, 1)), ("03/04/2024", dt.date(2024, 4, 3)),
    (dt.datetime(2025, 2, 3, 0, 0), dt.date(2025, 2, 3)), (45292.0, dt.date(2024, 1, 1)),
    ("March 2023", dt.date(2023, 3, 1)), ("Q2 2024", dt.date(2024, 4, 1)),
    ("1 Feb 2022", dt.date(2022, 2, 1)), ("Jan-24", dt.date(2024, 1, 1)),
])
def test_dates_in_the_usual_forms(raw, expected):
    assert values.parse_date(raw).value == expected


def test_an_unreadable_date_says_what_to_write():
    parsed = values.parse_date("someday soon")
    assert parsed.value is None and "15/01/2024" in parsed.problem


@pytest.mark.parametrize("raw", ["", None, "n/a", "TBC", "-", "  "])
def test_missing_markers_are_missing_not_problems(raw):
    for parse in (values.parse_effort, values.parse_money, values.parse_date,
                  values.parse_satisfaction, values.parse_yes_no, values.parse_status):
        assert parse(raw) == values.Parsed(None)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Yes", True), ("y", True), (True, True), ("x", True), ("Mandatory", True),
    ("Yes - statutory", True), ("No", False), ("optional", False), (0, False), ("N", False),
])
def test_yes_no(raw, expected):
    assert values.parse_yes_no(raw).value is expected


def test_vocabularies_accept_synonyms():
    assert values.parse_status("Live").value is ServiceStatus.ACTIVE
    assert values.parse_status("Being retired").value is ServiceStatus.RETIRING
    assert values.parse_nature("Assurance").value is PMOType.CONTROLLING
    assert values.parse_nature("Directive").value is PMOType.DIRECTIVE
    unknown = values.parse_status("purple")
    assert unknown.value is None and "active" in unknown.problem


@pytest.mark.parametrize(("raw", "expected"), [
    ("PMs; Sponsors", ["PMs", "Sponsors"]),
    ("PMs | Sponsors", ["PMs", "Sponsors"]),
    ("PMs, sponsors / exec", ["PMs, sponsors / exec"]),
    ("Project managers\nFinance, HR", ["Project managers", "Finance, HR"]),
    ("- PMs\n- Sponsors\n", ["PMs", "Sponsors"]),
])
def test_strong_split_keeps_items_written_one_per_line_whole(raw, expected):
    assert values.split_strong(raw) == expected


def test_weak_split():
    assert values.split_weak("PMs, sponsors / exec") == ["PMs", "sponsors", "exec"]


def test_whole_numbers_read_as_text_have_no_decimal_point():
    assert values.clean_text(12.0).value == "12"


def test_very_long_text_is_cut_at_excels_limit_and_said_so():
    parsed = values.clean_text("x" * 40_000)
    assert len(parsed.value) == EXCEL_CELL_LIMIT and "32,767" in parsed.problem
    emoji = values.clean_text("😀" * 20_000)  # 40,000 units as Excel counts them
    assert emoji.value == "😀" * (EXCEL_CELL_LIMIT // 2) and "32,767" in emoji.problem
