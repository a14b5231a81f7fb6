"""Loading catalogues for the pages, cached on the file's bytes.

`st.cache_data` keys on the bytes, so every user uploading the same file shares one
import, and nothing mutable is shared between users.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from audit.config import AuditConfig
from audit.engine import run_audit
from audit.model import AuditOverrides, AuditResult
from catalogue import CatalogueError, ImportResult, import_catalogue
from catalogue.model import Upload
from catalogue.reader import readers_busy

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_catalogues"
DEFAULT_SAMPLE = "coaching_story.xlsx"


@dataclass(frozen=True)
class Loaded:
    """An import's outcome: a result, or the reason no catalogue could be built."""

    result: ImportResult | None
    error: str | None = None


def sample_names() -> list[str]:
    """The sample workbooks shipped with the app (mandate-only workbooks excluded)."""
    return sorted(p.name for p in SAMPLES_DIR.glob("*.xlsx") if "mandate" not in p.stem)


def sample_upload(name: str) -> Upload:
    """A shipped sample as if it had been uploaded."""
    return Upload(name, (SAMPLES_DIR / name).read_bytes())


def sample_mandate(name: str) -> Upload | None:
    """The separate mandate workbook that goes with a sample, if it has one."""
    path = SAMPLES_DIR / f"{Path(name).stem}_mandate.xlsx"
    return Upload(path.name, path.read_bytes()) if path.exists() else None


# Bounded: an entry holds an import (or an audit) of up to 100,000 services, so these keep
# at most a few hundred MB however many people upload, and let go of an entry an hour
# after it was made (README "Hosting for many teams").
CACHE_ENTRIES = 16
CACHE_SECONDS = 3600


def load(data: bytes, name: str, mandate: bytes | None = None, mandate_name: str = "",
         overrides: tuple[tuple[str, str], ...] = ()) -> Loaded:
    """Import a workbook (and mandate), saying so while it waits for other uploads."""
    notice = st.empty()
    if readers_busy():
        notice.info("Other people's workbooks are being read first; yours is next in line. "
                    "This page carries on by itself.", icon="⏳")
    try:
        return load_cached(data, name, mandate, mandate_name, overrides)
    finally:
        notice.empty()


@st.cache_data(show_spinner="Reading the workbook…", max_entries=CACHE_ENTRIES,
               ttl=CACHE_SECONDS)
def load_cached(data: bytes, name: str, mandate: bytes | None = None, mandate_name: str = "",
                overrides: tuple[tuple[str, str], ...] = ()) -> Loaded:
    """Import a workbook (and mandate), turning a failure into a message (shared by every
    session; `load` is what pages call)."""
    try:
        result = import_catalogue(
            data, filename=name, mandate=mandate, mandate_filename=mandate_name,
            column_overrides=dict(overrides),
        )
    except CatalogueError as exc:
        return Loaded(None, exc.message)
    return Loaded(result)


@st.cache_data(show_spinner="Auditing the catalogue…", max_entries=CACHE_ENTRIES,
               ttl=CACHE_SECONDS)
def audit(_result: ImportResult, source_key: str, overrides: AuditOverrides,
          config: AuditConfig) -> AuditResult:
    """The audit of an import (named by `source_key`) with people's decisions applied."""
    return run_audit(_result.catalogue, config, overrides)
