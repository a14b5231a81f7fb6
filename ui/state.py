"""The session-state contract: the only keys pages share, and the functions that use them.

Widgets keep their own values under their own keys (prefixed by page: "links_",
"mandate_", ...); no page reads another page's widget keys, and no value is mirrored under
a second key. What pages share lives under these keys, each written only through the
functions below:

- "source": `Source`, the workbook being audited (and its mandate workbook). Absent until
  the user picks a sample or uploads; then the default sample is used.
- "column_overrides": dict, header as the workbook writes it -> field ("" to ignore);
  the user's answer for columns the importer did not recognise.
- "overrides": `AuditOverrides`, what people decided on top of the workbook: the mandate,
  objectives and customers as edited, and links confirmed or rejected per service.
- "config": `AuditConfig`, the audit's weights and thresholds as the user set them.

- "audit_memo": (key, AuditResult), the last audit, so that a page asking twice in a draw
  does not pay twice; written only by `ui.current.audited`.

Pages may keep private helper keys of their own, prefixed by the page's name and
documented in the page's module.

Choosing another workbook clears the three decision keys: decisions about one catalogue never
leak onto another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from audit.config import AuditConfig
from audit.model import AuditOverrides
from ui.data import DEFAULT_SAMPLE, Upload, sample_mandate, sample_upload


@dataclass(frozen=True)
class Source:
    """What is being audited: a workbook, and optionally a separate mandate workbook."""

    workbook: Upload
    mandate: Upload | None = None
    is_sample: bool = True

    @property
    def key(self) -> str:
        """A short digest naming exactly these bytes, for caches and download names."""
        digest = hashlib.sha256(self.workbook.data)
        if self.mandate is not None:
            digest.update(b"\0mandate\0" + self.mandate.data)
        return digest.hexdigest()[:16]


def source() -> Source:
    """The workbook being audited (the default sample until the user chooses)."""
    if "source" not in st.session_state:
        st.session_state["source"] = Source(sample_upload(DEFAULT_SAMPLE),
                                            sample_mandate(DEFAULT_SAMPLE))
    return st.session_state["source"]


def set_source(new: Source) -> None:
    """Audit another workbook; the decisions about the previous one are cleared."""
    old = st.session_state.get("source")
    if old is not None and old.key == new.key:
        return
    st.session_state["source"] = new
    for key in ("column_overrides", "overrides", "config"):
        st.session_state.pop(key, None)


def column_overrides() -> dict[str, str]:
    """The user's field for each unrecognised column header ("" to ignore it)."""
    return dict(st.session_state.get("column_overrides", {}))


def set_column_overrides(overrides: dict[str, str]) -> None:
    """Re-import with these column assignments."""
    st.session_state["column_overrides"] = dict(overrides)


def overrides() -> AuditOverrides:
    """What people decided on top of the workbook."""
    return st.session_state.get("overrides", AuditOverrides())


def set_overrides(new: AuditOverrides) -> None:
    """Record a decision (links, mandate); the audit reruns on the next draw."""
    st.session_state["overrides"] = new


def config() -> AuditConfig:
    """The audit's weights and thresholds as the user set them."""
    return st.session_state.get("config", AuditConfig())


def set_config(new: AuditConfig) -> None:
    """Change weights or thresholds; the audit reruns on the next draw."""
    st.session_state["config"] = new
