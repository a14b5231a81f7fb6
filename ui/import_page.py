"""Import: pick a sample or upload a workbook; see what was read and every problem."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalogue.cli import service_to_json
from catalogue.model import ImportResult
from ui.data import DEFAULT_SAMPLE, Upload, load, sample_mandate, sample_names, sample_upload


def source_picker() -> tuple[Upload, Upload | None]:
    """Draw the sample and upload widgets; return the workbook (and mandate) to import."""
    samples = sample_names()
    default = samples.index(DEFAULT_SAMPLE) if DEFAULT_SAMPLE in samples else 0
    sample = st.selectbox("Sample catalogue", samples, index=default, key="sample")
    uploaded = st.file_uploader(
        "Or upload your catalogue", type=["xlsx", "xlsm", "xls", "ods"], key="upload",
        help="Excel (.xlsx, .xlsm, .xls) or OpenDocument (.ods). Problems are listed below.",
    )
    mandate_file = st.file_uploader(
        "Mandate in a separate workbook (optional)", type=["xlsx", "xlsm", "xls", "ods"],
        key="mandate_upload",
    )
    if uploaded is not None:
        workbook = Upload(uploaded.name, uploaded.getvalue())
        mandate = Upload(mandate_file.name, mandate_file.getvalue()) if mandate_file else None
        return workbook, mandate
    return sample_upload(sample), sample_mandate(sample)


def show_result(result: ImportResult) -> None:
    """The imported mandate, services and issues."""
    catalogue = result.catalogue
    mandate = catalogue.mandate
    st.subheader(mandate.pmo_name or catalogue.source)
    cols = st.columns(4)
    cols[0].metric("Services", len(catalogue.services))
    cols[1].metric("Objectives", len(catalogue.objectives))
    cols[2].metric("Customers", len(catalogue.customers))
    cols[3].metric("Import issues", len(result.issues))
    if mandate.statement:
        st.markdown(f"**Mandate** ({mandate.pmo_type.value if mandate.pmo_type else 'type not stated'}): "
                    f"{mandate.statement}")
    st.markdown("#### Import issues")
    if result.issues:
        st.dataframe(
            pd.DataFrame([i.to_json() for i in result.issues]),
            hide_index=True, width="stretch",
        )
    else:
        st.success("The workbook imported without a single issue.")
    st.markdown("#### Services")
    services = pd.DataFrame([service_to_json(s) for s in catalogue.services])
    if not services.empty:
        services["customers"] = services["customers"].map("; ".join)
        services["objectives"] = services["objectives"].map("; ".join)
    st.dataframe(services, hide_index=True, width="stretch")


def page() -> None:
    """The import page."""
    st.title("Import a service catalogue")
    workbook, mandate = source_picker()
    loaded = load(workbook.data, workbook.name, mandate.data if mandate else None,
                  mandate.name if mandate else "")
    if loaded.error:
        st.error(f"**{workbook.name}** could not be imported. {loaded.error}")
        return
    assert loaded.result is not None
    show_result(loaded.result)
