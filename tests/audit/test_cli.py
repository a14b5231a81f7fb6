"""`python -m audit`: exit codes, one error line, the JSON document, the table and the report."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import openpyxl
import pytest

import catalogue
from audit import cli
from tests.reports.test_jsonout import SCHEMA

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_catalogues"
COACHING = SAMPLES / "coaching_story.xlsx"


def run_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_json_for_a_sample_catalogue():
    done = run_module(str(COACHING), "--json", "--as-of", "2026-11-22")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["summary"]["services"] == 17
    assert document["issues"]  # the sample has unknown customers and objectives
    assert {f["code"] for f in document["findings"]} >= {
        "service-outside-mandate", "objective-not-covered", "effort-misaligned"}
    assert document["audit"]["as_of"] == "2026-11-22"


def test_an_unreadable_file_exits_2_with_one_error_line(tmp_path):
    junk = tmp_path / "catalogue.xlsx"
    junk.write_bytes(b"Service,Owner\nStatus reports,Ana\n")
    done = run_module(str(junk), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in done.stderr


def test_a_missing_file_exits_2_in_a_fresh_process(tmp_path):
    done = run_module(str(tmp_path / "nowhere.xlsx"))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [f"error: catalogue file not found: "
                                        f"{tmp_path / 'nowhere.xlsx'}"]


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args, message", [
    (["{tmp}"], "error: catalogue file is a folder, not a file"),
    ([str(COACHING), "--mandate", "{tmp}/none.xlsx"], "error: mandate file not found"),
    ([str(COACHING), "--config", "{tmp}/none.toml"], "error: config file not found"),
    ([str(COACHING), "--as-of", "yesterday"], "error: --as-of must be a date"),
    ([str(COACHING), "--config", "{tmp}/bad.toml"], "error: config file"),
])
def test_refusals_exit_2_with_one_line(capsys, tmp_path, args, message):
    (tmp_path / "bad.toml").write_text("no_such_setting = 1\n")
    code, out, err = run_main(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(message)


def test_an_importer_failure_is_one_line_too(capsys, monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(catalogue, "import_catalogue", broken)
    code, out, err = run_main(capsys, str(COACHING))
    assert code == 2 and out == ""
    assert err == (f"error: {COACHING} could not be read (RuntimeError: something "
                   f"unexpected)\n")


def test_the_readable_summary(capsys):
    code, out, err = run_main(capsys, str(COACHING), "--as-of", "2026-11-22")
    assert code == 0, err
    assert out.startswith("PMO service catalogue audit: ")
    assert "Objective coverage" in out and "Mandate fit" in out
    assert "SEVERITY  FINDING" in out
    assert "service-outside-mandate" in out
    assert "RECOMMENDATION" in out


def test_report_and_config(capsys, tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text("review_period_months = 3\n")
    report = tmp_path / "out.xlsx"
    code, out, err = run_main(capsys, str(COACHING), "--config", str(config), "--report",
                              str(report), "--json", "--as-of", "2026-11-22")
    assert code == 0, err
    document = json.loads(out)
    assert document["audit"]["config"]["review_period_months"] == 3
    book = openpyxl.load_workbook(io.BytesIO(report.read_bytes()))
    assert book.sheetnames[:8] == ["Summary", "Findings", "Services", "Objectives",
                                   "Customers", "Function mix", "Links", "Rules"]
    assert "Import issues" in book.sheetnames


def test_a_report_that_cannot_be_written_exits_1(capsys, tmp_path):
    code, out, err = run_main(capsys, str(COACHING), "--report",
                              str(tmp_path / "missing" / "out.xlsx"))
    assert code == 1 and out == ""
    assert err.startswith("error: cannot write the report") and len(err.splitlines()) == 1


def test_a_mandate_from_a_second_workbook(capsys):
    code, out, err = run_main(capsys, str(SAMPLES / "pmo_of_one.xlsx"), "--mandate",
                              str(SAMPLES / "pmo_of_one_mandate.xlsx"), "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["objectives"] and document["customers"]
    jsonschema.validate(document, SCHEMA)


def test_rules_and_example_config_need_no_file(capsys):
    code, out, _ = run_main(capsys, "--rules")
    assert code == 0 and out.startswith("# How the audit works")
    code, out, _ = run_main(capsys, "--example-config")
    assert code == 0 and "review_period_months = 12" in out


def test_terminal_output_escapes_control_characters():
    assert cli._safe("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"
    assert cli._safe("plain text") == "plain text"
