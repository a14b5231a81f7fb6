"""Import: what was read from the workbook, every problem, and unrecognised columns."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalogue.cli import service_to_json
from catalogue.columns import SERVICE_COLUMNS
from catalogue.model import ImportResult, Issue, IssueCode
from ui import current, state
from ui.literal import md_escape

IGNORE = "(ignore this column)"
FIELD_LABELS = {field: headers[0] for field, headers in SERVICE_COLUMNS.items()}


def issues_table(issues: tuple[Issue, ...]) -> None:
    """Every import issue with its sheet, row and column."""
    if not issues:
        st.success("The workbook imported without a single issue.")
        return
    frame = pd.DataFrame([
        {"Severity": i.severity.value, "Sheet": i.sheet, "Row": i.row, "Column": i.column,
         "Problem": i.code.value, "What to do": i.message}
        for i in issues
    ])
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"What to do": st.column_config.TextColumn(width="large")})


def column_assignment(result: ImportResult) -> dict[str, str] | None:
    """A choice per unrecognised column; returns the new assignments when applied."""
    unknown = sorted({i.column for i in result.issues
                      if i.code is IssueCode.UNKNOWN_COLUMN and i.column})
    chosen = state.column_overrides()
    if not unknown and not chosen:
        return None
    st.markdown("#### Columns the importer did not recognise")
    st.caption("Say which catalogue field each column holds, then re-import.")
    options = [IGNORE, *FIELD_LABELS.values()]
    by_label = {label: field for field, label in FIELD_LABELS.items()}
    with st.form("import_columns"):
        answers = {}
        for header in sorted(set(unknown) | set(chosen)):
            current_field = chosen.get(header)
            index = options.index(FIELD_LABELS[current_field]) if current_field else 0
            answers[header] = st.selectbox(f"Column '{md_escape(header)}'", options, index=index,
                                           key=f"import_column_{header}")
        if st.form_submit_button("Re-import with these columns"):
            return {h: ("" if a == IGNORE else by_label[a]) for h, a in answers.items()}
    return None


def page() -> None:
    """The import page."""
    st.title("Import")
    if current.show_import_error():
        return
    result, _error = current.imported()
    assert result is not None
    catalogue = result.catalogue
    cols = st.columns(4)
    cols[0].metric("Services", len(catalogue.services))
    cols[1].metric("Objectives", len(catalogue.objectives))
    cols[2].metric("Customers", len(catalogue.customers))
    issues = current.import_issues()
    cols[3].metric("Import issues", len(issues))
    st.markdown("#### Import issues")
    issues_table(issues)
    assigned = column_assignment(result)
    if assigned is not None:
        state.set_column_overrides(assigned)
        st.rerun()
    st.markdown("#### Services as read")
    services = pd.DataFrame([service_to_json(s) for s in catalogue.services])
    if not services.empty:
        services["customers"] = services["customers"].map("; ".join)
        services["objectives"] = services["objectives"].map("; ".join)
    st.dataframe(services, hide_index=True, width="stretch")
