"""Export page (being built)."""

import streamlit as st


def page() -> None:
    """The export page."""
    st.title("Export")
