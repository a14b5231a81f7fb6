"""Choosing how a workbook is read from the command line: --sheet, --column, --all-periods,
and a --json that shows every field the importer read."""

from __future__ import annotations

import json

import pytest

from audit.cli import main as audit_main
from catalogue.cli import main as catalogue_main

from .workbooks import build

PERIODS = [["Service", "Fiscal year", "Owner", "Volume"],
           ["Licensing", "FY2022/23", "Ana", 120],
           ["Licensing", "FY2023/24", "Ana", 150],
           ["Inspections", "FY2023/24", "Ben", 40]]
TWO_SHEETS = {
    "Current": [["Service", "Lead", "Category", "How often"],
                ["Gate reviews", "Ana", "Assurance", "Monthly"]],
    "Old services": [["Service", "Owner"], ["Status reports", "Ben"], ["Templates", "Ben"]],
}


def _run(main, argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_holds_every_field_read(tmp_path, capsys):
    path = tmp_path / "periods.xlsx"
    path.write_bytes(build(tmp_path, {"Services": PERIODS}))
    code, out, _err = _run(catalogue_main, [str(path), "--json"], capsys)
    assert code == 0
    licensing = json.loads(out)["services"][0]
    assert (licensing["owner"], licensing["period"], licensing["demand"]) == ("Ana", "FY2023/24", 150)
    for field in ("category", "frequency", "value_measure", "last_delivered", "owner", "period"):
        assert field in licensing


def test_all_periods_imports_every_row(tmp_path, capsys):
    path = tmp_path / "periods.xlsx"
    path.write_bytes(build(tmp_path, {"Services": PERIODS}))
    _code, latest, _err = _run(catalogue_main, [str(path), "--json"], capsys)
    _code, every, _err = _run(catalogue_main, [str(path), "--json", "--all-periods"], capsys)
    assert len(json.loads(latest)["services"]) == 2
    assert [s["period"] for s in json.loads(every)["services"]] == ["FY2022/23", "FY2023/24", "FY2023/24"]


def test_sheet_and_column_choose_what_is_read(tmp_path, capsys):
    path = tmp_path / "two.xlsx"
    path.write_bytes(build(tmp_path, TWO_SHEETS))
    _code, out, _err = _run(catalogue_main, [str(path), "--json"], capsys)
    document = json.loads(out)
    assert [s["name"] for s in document["services"]] == ["Gate reviews"]
    assert "Old services" in {i["sheet"] for i in document["issues"] if i["code"] == "sheet-ignored"}
    _code, out, _err = _run(catalogue_main, [str(path), "--json", "--sheet", "Old services"], capsys)
    assert [s["name"] for s in json.loads(out)["services"]] == ["Status reports", "Templates"]
    _code, out, _err = _run(catalogue_main, [str(path), "--json", "--column", "Category=ignore",
                                             "--column", "How often=frequency"], capsys)
    (service,) = json.loads(out)["services"]
    assert (service["category"], service["frequency"], service["owner"]) == (None, "Monthly", "Ana")


def test_the_audit_takes_the_same_options(tmp_path, capsys):
    path = tmp_path / "two.xlsx"
    path.write_bytes(build(tmp_path, TWO_SHEETS))
    code, out, _err = _run(audit_main, [str(path), "--json", "--sheet", "Old services",
                                        "--as-of", "2026-06-30"], capsys)
    assert code == 0
    services = json.loads(out)["services"]
    assert [(s["name"], s["owner"]) for s in services] == [("Status reports", "Ben"), ("Templates", "Ben")]


@pytest.mark.parametrize(("argv", "said"), [
    (["--sheet", "Nowhere"], "no sheet named 'Nowhere'"),
    (["--column", "Lead"], "write the header, '=' and the field"),
    (["--column", "Lead=boss"], "'boss' is not a service field"),
])
@pytest.mark.parametrize("main", [catalogue_main, audit_main])
def test_a_bad_choice_is_one_clear_line(tmp_path, capsys, main, argv, said):
    path = tmp_path / "two.xlsx"
    path.write_bytes(build(tmp_path, TWO_SHEETS))
    code, _out, err = _run(main, [str(path), *argv], capsys)
    assert code == 2 and err.startswith("error:") and said in err and len(err.splitlines()) == 1
