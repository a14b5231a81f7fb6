"""Links page (being built)."""

import streamlit as st


def page() -> None:
    """The links page."""
    st.title("Links")
