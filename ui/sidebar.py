"""The sidebar on every editing page: which catalogue is audited, and the template."""

from __future__ import annotations

import streamlit as st

from catalogue.template import build_template
from ui import state
from ui.data import Upload, sample_mandate, sample_names, sample_upload

WORKBOOK_TYPES = ["xlsx", "xlsm", "xls", "ods"]


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    return build_template()


def source_picker() -> state.Source:
    """Draw the sample and upload widgets; return the workbook (and mandate) to audit."""
    current = state.source()
    samples = sample_names()
    with st.sidebar:
        st.markdown("### Catalogue")
        uploaded = st.file_uploader(
            "Upload your catalogue", type=WORKBOOK_TYPES, key="sidebar_upload",
            help="Excel (.xlsx, .xlsm, .xls) or OpenDocument (.ods). Every problem the "
                 "importer meets is listed on the Import page.",
        )
        mandate_file = st.file_uploader(
            "Mandate in a separate workbook (optional)", type=WORKBOOK_TYPES,
            key="sidebar_mandate_upload",
        )
        if uploaded is None:
            default = current.workbook.name if current.is_sample else samples[0]
            sample = st.selectbox(
                "…or explore a sample", samples,
                index=samples.index(default) if default in samples else 0,
                key="sidebar_sample",
            )
            chosen = state.Source(sample_upload(sample), sample_mandate(sample), is_sample=True)
        else:
            mandate = (Upload(mandate_file.name, mandate_file.getvalue())
                       if mandate_file is not None else None)
            chosen = state.Source(Upload(uploaded.name, uploaded.getvalue()), mandate,
                                  is_sample=False)
        st.download_button(
            "Download the template", _template(), file_name="pmo_service_catalogue_template.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="sidebar_template", width="stretch",
        )
    state.set_source(chosen)
    return chosen
