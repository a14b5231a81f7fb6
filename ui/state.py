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

In a workshop (`?workshop=<id>`, see `ui.workshop`) none of these keys is used: every
function below reads the workshop as loaded at the start of the run and saves each change
to the workshop store at once. Choosing another workbook there audits a new version of the
catalogue and keeps the workshop's work.

Which of the two (a `Backend`) serves the functions below is chosen once per run, by
`begin_run`, and kept under "state_backend"; starting or leaving a workshop switches it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import streamlit as st

from audit.config import AuditConfig
from audit.model import AuditOverrides
from ui import workshop
from ui.data import DEFAULT_SAMPLE, Upload, sample_mandate, sample_upload
from workshop.model import WorkshopState


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


class Backend(Protocol):
    """Where the shared state lives: this tab's session, or a workshop's store."""

    def source(self) -> Source: ...
    def set_source(self, new: Source) -> None: ...
    def column_overrides(self) -> dict[str, str]: ...
    def set_column_overrides(self, overrides: dict[str, str]) -> None: ...
    def overrides(self) -> AuditOverrides: ...
    def set_overrides(self, new: AuditOverrides) -> None: ...
    def config(self) -> AuditConfig: ...
    def set_config(self, new: AuditConfig) -> None: ...


class _Session:
    """Outside a workshop: the keys of this module's contract, in this tab alone."""

    def source(self) -> Source:
        if "source" not in st.session_state:
            st.session_state["source"] = Source(sample_upload(DEFAULT_SAMPLE),
                                                sample_mandate(DEFAULT_SAMPLE))
        return st.session_state["source"]

    def set_source(self, new: Source) -> None:
        old = st.session_state.get("source")
        if old is not None and old.key == new.key:
            return
        st.session_state["source"] = new
        for key in ("column_overrides", "overrides", "config"):
            st.session_state.pop(key, None)

    def column_overrides(self) -> dict[str, str]:
        return dict(st.session_state.get("column_overrides", {}))

    def set_column_overrides(self, overrides: dict[str, str]) -> None:
        st.session_state["column_overrides"] = dict(overrides)

    def overrides(self) -> AuditOverrides:
        return st.session_state.get("overrides", AuditOverrides())

    def set_overrides(self, new: AuditOverrides) -> None:
        st.session_state["overrides"] = new

    def config(self) -> AuditConfig:
        return st.session_state.get("config", AuditConfig())

    def set_config(self, new: AuditConfig) -> None:
        st.session_state["config"] = new


class _Workshop:
    """In a workshop: read from the workshop as loaded this run, every change saved at once."""

    def source(self) -> Source:
        found = workshop.current_state()
        assert found.workbook is not None
        book = Upload(found.workbook.name, workshop.workbook_bytes(found.workbook.digest))
        mandate = (Upload(found.mandate_workbook.name,
                          workshop.workbook_bytes(found.mandate_workbook.digest))
                   if found.mandate_workbook else None)
        return Source(book, mandate, is_sample=found.is_sample)

    def set_source(self, new: Source) -> None:
        if self.source().key != new.key:
            workshop.replace_workbook(new.workbook, new.mandate, is_sample=new.is_sample)

    def column_overrides(self) -> dict[str, str]:
        return dict(workshop.current_state().column_overrides)

    def set_column_overrides(self, overrides: dict[str, str]) -> None:
        workshop.save_columns(overrides)

    def overrides(self) -> AuditOverrides:
        return workshop.current_state().overrides

    def set_overrides(self, new: AuditOverrides) -> None:
        workshop.save_overrides(new)

    def config(self) -> AuditConfig:
        return workshop.current_state().config

    def set_config(self, new: AuditConfig) -> None:
        workshop.save_config(new)


_SESSION = _Session()
_WORKSHOP = _Workshop()
BACKEND = "state_backend"


def begin_run() -> None:
    """Choose where this run's shared state lives; called once, after `workshop.begin_run`."""
    st.session_state[BACKEND] = _WORKSHOP if workshop.active() is not None else _SESSION


def _backend() -> Backend:
    # a widget's callback runs before the run begins: it uses the previous run's choice,
    # the one the person saw when acting
    if BACKEND not in st.session_state:
        begin_run()
    return st.session_state[BACKEND]


def source() -> Source:
    """The workbook being audited (the default sample until the user chooses)."""
    return _backend().source()


def set_source(new: Source) -> None:
    """Audit another workbook; the decisions about the previous one are cleared.

    In a workshop, the new workbook is a new version of the catalogue: the workshop keeps
    its decisions, links and mandate.
    """
    _backend().set_source(new)


def column_overrides() -> dict[str, str]:
    """The user's field for each unrecognised column header ("" to ignore it)."""
    return _backend().column_overrides()


def set_column_overrides(overrides: dict[str, str]) -> None:
    """Re-import with these column assignments."""
    _backend().set_column_overrides(overrides)


def overrides() -> AuditOverrides:
    """What people decided on top of the workbook."""
    return _backend().overrides()


def set_overrides(new: AuditOverrides) -> None:
    """Record a decision (links, mandate); the audit reruns on the next draw."""
    _backend().set_overrides(new)


def config() -> AuditConfig:
    """The audit's weights and thresholds as the user set them."""
    return _backend().config()


def set_config(new: AuditConfig) -> None:
    """Change weights or thresholds; the audit reruns on the next draw."""
    _backend().set_config(new)


def start_workshop(title: str) -> str:
    """Start a workshop from what this tab audits now (workbook, mandate, links, thresholds)."""
    now = source()
    begun = WorkshopState(title=title, column_overrides=column_overrides(),
                          overrides=overrides(), config=config())
    started = workshop.start(begun, now.workbook, now.mandate, is_sample=now.is_sample)
    st.session_state[BACKEND] = _WORKSHOP
    return started


def leave_workshop() -> None:
    """Go on outside the workshop, auditing what it audits now (it stays saved)."""
    now, columns, decided, thresholds = source(), column_overrides(), overrides(), config()
    workshop.leave()
    st.session_state[BACKEND] = _SESSION
    st.session_state["source"] = now
    st.session_state["column_overrides"] = columns
    st.session_state["overrides"] = decided
    st.session_state["config"] = thresholds
