"""The import and the audit every page shows, computed once per draw from the shared state."""

from __future__ import annotations

import streamlit as st

from audit.config import AuditConfig
from audit.issues import issues_now
from audit.model import AuditOverrides, AuditResult
from catalogue.model import ImportResult, Issue
from ui import data, state
from ui.errors import show_error


def imported() -> tuple[ImportResult | None, str | None]:
    """The current workbook's import, or the message saying why there is none."""
    source = state.source()
    overrides = tuple(sorted(state.column_overrides().items()))
    loaded = data.load(
        source.workbook.data, source.workbook.name,
        source.mandate.data if source.mandate else None,
        source.mandate.name if source.mandate else "",
        overrides,
    )
    return loaded.result, loaded.error


def audited() -> AuditResult | None:
    """The audit of the current import with people's decisions applied (None if no import).

    The last audit is also remembered in the session ("audit_memo"): `st.cache_data` hands
    back an unpickled copy on every call, which costs a second at 5,000 services, and a
    page may ask several times per draw.
    """
    key = audit_key()
    memo = st.session_state.get("audit_memo")
    if memo is not None and memo[0] == key:
        return memo[1]
    result, _error = imported()
    if result is None:
        return None
    audit = data.audit(result, import_key(state.source(), state.column_overrides()),
                       state.overrides(), state.config())
    st.session_state["audit_memo"] = (key, audit)
    return audit


def audit_key() -> str:
    """What the current audit depends on: the workbook, column choices, decisions, settings."""
    return audit_key_of(state.source(), state.column_overrides(), state.overrides(),
                        state.config())


def import_key(source: state.Source, column_overrides: dict[str, str]) -> str:
    """The name of an import in the audit cache: the workbook and the column choices."""
    return f"{source.key}:{sorted(column_overrides.items())}"


def audit_key_of(source: state.Source, column_overrides: dict[str, str],
                 overrides: AuditOverrides, config: AuditConfig) -> str:
    """What an audit depends on: the workbook, column choices, decisions and settings."""
    return f"{import_key(source, column_overrides)}:{overrides!r}:{config!r}"


def import_issues() -> tuple[Issue, ...]:
    """The import's issues as they stand now: unknown customers checked against the mandate
    as edited in the app and the links people decided (empty when nothing was imported)."""
    result, _error = imported()
    if result is None:
        return ()
    audit = audited()
    if audit is None:
        return tuple(result.issues)
    return issues_now(result.issues, audit, state.overrides())


def show_import_error() -> bool:
    """Show why the workbook could not be imported; True if it could not."""
    result, error = imported()
    if result is None:
        show_error(error or "", f"{state.source().workbook.name} could not be imported.")
        st.info("Choose a sample in the sidebar, or upload another workbook.")
        return True
    return False
