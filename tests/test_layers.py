"""The architecture holds: catalogue/, audit/, reports/ and workshop/ never import the UI;
the audit engine never imports an output format; the catalogue knows nothing above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["catalogue", "audit", "reports", "workshop"])
def test_logic_packages_never_import_streamlit_or_the_ui(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & {"streamlit", "ui", "app"})
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_audit_knows_nothing_of_workshops():
    users = [str(p.relative_to(ROOT)) for p in (ROOT / "audit").rglob("*.py")
             if "workshop" in imported_modules(p)]
    assert users == []


def test_the_catalogue_package_knows_nothing_of_the_audit():
    users = [str(p.relative_to(ROOT)) for p in (ROOT / "catalogue").rglob("*.py")
             if "audit" in imported_modules(p)]
    assert users == []


def test_the_reading_worker_imports_only_the_standard_library_and_calamine():
    # It runs in a fresh process for every upload: a heavy import would cost every user.
    allowed = {"__future__", "io", "json", "pickle", "re", "resource", "sys", "zipfile", "zlib",
               "xml", "python_calamine"}
    assert imported_modules(ROOT / "catalogue" / "_read_worker.py") <= allowed


# The command line (cli.py, __main__.py) is a front end like the app: it may write reports.
ENGINE_FRONT_ENDS = {"cli.py", "__main__.py"}


def test_the_audit_engine_never_imports_an_output_format():
    outputs = {"plotly", "xlsxwriter", "kaleido", "choreographer", "reports"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & outputs)
        for path in (ROOT / "audit").rglob("*.py") if path.name not in ENGINE_FRONT_ENDS
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_catalogue_package_knows_nothing_of_workshops_or_reports():
    users = [str(p.relative_to(ROOT)) for p in (ROOT / "catalogue").rglob("*.py")
             if imported_modules(p) & {"workshop", "reports"}]
    assert users == []


def test_the_editing_rules_of_the_ui_never_import_streamlit():
    # ui/editing.py promises pure functions that the pages and the tests share.
    assert "streamlit" not in imported_modules(ROOT / "ui" / "editing.py")
