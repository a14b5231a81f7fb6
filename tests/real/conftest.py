"""Where the real catalogues live: `<repo root>/../shared/real_catalogues` (see its README)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from catalogue import import_catalogue
from catalogue.model import ImportResult

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real_catalogues"


def real_bytes(name: str) -> bytes:
    """The workbook's bytes; the test is skipped when the shared folder is absent."""
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the repository's ../shared folder is missing)")
    return path.read_bytes()


@cache
def _imported(name: str, sheet: str | None) -> ImportResult:
    kwargs = {"sheet": sheet} if sheet else {}
    return import_catalogue(real_bytes(name), filename=name, **kwargs)


def imported(name: str, sheet: str | None = None) -> ImportResult:
    """The import of one real workbook, done once per test session."""
    return _imported(name, sheet)
