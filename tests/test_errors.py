"""One error tree: every error the packages raise derives from `PmoAuditorError`.

Each carries a stable `code` and a `message` a PMO manager can act on, so the app shows
any of them one way (`ui.errors.show_error`) and the command lines print one line.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from audit.config import ConfigError, config_from_mapping
from catalogue.errors import CatalogueError, NoServicesTable, PmoAuditorError
from reports.summary import SummaryError
from workshop.store import StoreError, WorkshopNotFound, WorkshopStore

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("catalogue", "audit", "reports", "workshop")


def exception_classes() -> list[type[BaseException]]:
    """Every exception class the packages may raise to a caller (found in the source).

    A private signal raised and caught inside its own module (a `_Name` that the module
    also catches with `except _Name`) never reaches a caller, so it is left out.
    """
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            source = path.read_text()
            for node in ast.parse(source).body:
                if isinstance(node, ast.ClassDef):
                    cls = getattr(importlib.import_module(module), node.name)
                    internal = node.name.startswith("_") and f"except {node.name}" in source \
                        and not issubclass(cls, PmoAuditorError)
                    if isinstance(cls, type) and issubclass(cls, BaseException) \
                            and not internal:
                        found.append(cls)
    return found


def test_every_error_of_the_packages_shares_one_root_and_has_its_own_code():
    classes = exception_classes()
    names = {cls.__name__ for cls in classes}
    assert {"CatalogueError", "ConfigError", "StoreError", "SummaryError", "_Refused",
            "TaxonomyError"} <= names
    assert [c.__name__ for c in classes if not issubclass(c, PmoAuditorError)] == []
    kinds = [c for c in classes if c is not PmoAuditorError]
    codes = [c.code for c in kinds]
    assert all(isinstance(code, str) and code for code in codes)
    assert len(set(codes)) == len(codes), "each kind of error has a code of its own"


@pytest.mark.parametrize("error", [
    CatalogueError("The workbook is empty.", sheet="Services"),
    NoServicesTable("No sheet in this workbook holds a list of services."),
    ConfigError("“Confidence that counts in full” must be at least the minimum"),
    StoreError("The workshop database could not be written."),
    WorkshopNotFound("No workshop has this link."),
    SummaryError("PDF export needs Chromium."),
])
def test_each_error_says_its_message_as_written(error):
    assert isinstance(error, PmoAuditorError)
    assert str(error) == error.message
    assert error.message and error.code


def test_errors_raised_by_the_packages_are_caught_by_the_root(tmp_path):
    with pytest.raises(PmoAuditorError) as config:
        config_from_mapping({"no_such_setting": 1})
    assert config.value.code == "config-error"
    with pytest.raises(PmoAuditorError) as missing:
        WorkshopStore(str(tmp_path / "w.sqlite3")).load("A" * 22)
    assert missing.value.code == "workshop-not-found"
    # the old bases still hold, so no caller's `except ValueError` is broken
    assert issubclass(ConfigError, ValueError)
