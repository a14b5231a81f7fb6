"""`python -m catalogue`: what a consultant's script sees."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_catalogues"

NUMBER_OR_NULL = {"type": ["number", "null"]}
STRING_OR_NULL = {"type": ["string", "null"]}
SCHEMA = {
    "type": "object",
    "required": ["source", "mandate", "objectives", "customers", "services", "issues"],
    "properties": {
        "source": {"type": "string"},
        "mandate": {
            "type": "object", "required": ["pmo_name", "pmo_type", "statement"],
            "properties": {
                "pmo_name": STRING_OR_NULL, "statement": STRING_OR_NULL,
                "pmo_type": {"enum": ["supportive", "controlling", "directive", None]},
            },
        },
        "objectives": {"type": "array", "items": {
            "type": "object", "required": ["id", "statement", "priority"],
            "properties": {"id": {"type": "string"}, "statement": {"type": "string"},
                           "priority": NUMBER_OR_NULL}}},
        "customers": {"type": "array", "items": {
            "type": "object", "required": ["name", "importance"],
            "properties": {"name": {"type": "string"}, "importance": NUMBER_OR_NULL}}},
        "services": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "name", "description", "customers", "objectives", "effort_fte",
                         "cost", "demand", "satisfaction", "last_reviewed", "status",
                         "mandatory", "nature", "sheet", "row"],
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "description": STRING_OR_NULL,
                "customers": {"type": "array", "items": {"type": "string"}},
                "objectives": {"type": "array", "items": {"type": "string"}},
                "effort_fte": NUMBER_OR_NULL, "cost": NUMBER_OR_NULL, "demand": NUMBER_OR_NULL,
                "satisfaction": NUMBER_OR_NULL,
                "last_reviewed": {"type": ["string", "null"],
                                  "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "status": STRING_OR_NULL, "mandatory": {"type": ["boolean", "null"]},
                "nature": STRING_OR_NULL, "sheet": {"type": "string"}, "row": {"type": "integer"},
            }}},
        "issues": {"type": "array", "items": {
            "type": "object", "required": ["severity", "code", "sheet", "row", "column", "message"],
            "properties": {"severity": {"enum": ["error", "warning"]}, "code": {"type": "string"},
                           "sheet": STRING_OR_NULL, "row": {"type": ["integer", "null"]},
                           "column": STRING_OR_NULL, "message": {"type": "string"}}}},
    },
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalogue", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_json_output_has_the_documented_shape():
    done = run(str(SAMPLES / "pmo_of_one.xlsx"), "--mandate",
               str(SAMPLES / "pmo_of_one_mandate.xlsx"), "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["source"] == "pmo_of_one.xlsx"
    assert document["mandate"]["pmo_type"] == "supportive"
    assert len(document["services"]) == 11


def test_the_readable_summary_names_services_and_issues():
    done = run(str(SAMPLES / "government_epmo.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "26 services" in done.stdout
    assert "hidden-sheet-with-data" in done.stdout


def test_an_unreadable_file_exits_2_with_one_error_line(tmp_path):
    bad = tmp_path / "catalogue.xlsx"
    bad.write_text("Service,Owner\nGate reviews,Jo\n")
    done = run(str(bad), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "CSV" in lines[0]


def test_a_missing_file_exits_2_without_a_traceback(tmp_path):
    done = run(str(tmp_path / "nowhere.xlsx"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
