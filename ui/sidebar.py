"""The sidebar on every editing page: which catalogue is audited, and the template."""

from __future__ import annotations

import streamlit as st

from ui import state, workshop
from ui.data import Upload, sample_mandate, sample_names, sample_upload
from ui.literal import md_escape

WORKBOOK_TYPES = ["xlsx", "xlsm", "xls", "ods"]


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    # imported here: the template's writer (xlsxwriter) is off the first page's path
    from catalogue.template import build_template

    return build_template()


def source_picker() -> state.Source:
    """Draw the sample and upload widgets; return the workbook (and mandate) to audit.

    In a workshop, the workshop's panel instead: its workbook is the workshop's.
    """
    if workshop.active() is not None:
        return workshop_panel()
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
        _template_button()
    state.set_source(chosen)
    return chosen


def _template_button() -> None:
    # the workbook is built only when someone clicks (a callable), off the first page's path
    st.download_button(
        "Download the template", _template, file_name="pmo_service_catalogue_template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sidebar_template", width="stretch",
    )


def workshop_panel() -> state.Source:
    """The workshop this tab works in: its name, when it was saved, its link, a new version."""
    found = workshop.active()
    assert found is not None
    current = state.source()
    with st.sidebar:
        st.markdown("### Workshop")
        st.markdown(f"**{md_escape(found.state.title or 'Untitled workshop')}**")
        st.caption(f"✅ Saved at {workshop.when(found.saved_at)}. Every change is saved as "
                   "it is made; reopen the link below at any time, from any browser.")
        st.code(workshop.link(found.id), language=None, wrap_lines=True)
        st.caption("For the sponsor (charts and the room's decisions, nothing to edit):")
        st.code(workshop.sponsor_link(found.id), language=None, wrap_lines=True)
        st.text_input("Your name (shown beside your changes)", key=workshop.AUTHOR,
                      placeholder="e.g. Priya, facilitator")
        st.caption(f"Auditing **{md_escape(current.workbook.name)}**"
                   + (f" with **{md_escape(current.mandate.name)}**" if current.mandate else ""))
        version = st.file_uploader(
            "Audit a new version of the catalogue", type=WORKBOOK_TYPES,
            key="sidebar_new_version",
            help="The workshop keeps its decisions, links and mandate; services are matched "
                 "by their ID. Save a snapshot first to compare the two versions later.")
        if version is not None and st.button("Use this version", key="sidebar_use_version",
                                             width="stretch"):
            state.set_source(state.Source(Upload(version.name, version.getvalue()),
                                          current.mandate, is_sample=False))
            st.rerun()
        if st.button("Leave the workshop", key="sidebar_leave", width="stretch",
                     help="Work on other catalogues. The workshop stays saved; its link "
                          "opens it again."):
            state.leave_workshop()
            st.rerun()
        _template_button()
    return state.source()
