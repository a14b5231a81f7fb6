"""Charts page (being built)."""

import streamlit as st


def page() -> None:
    """The charts page."""
    st.title("Charts")


def sponsor_page() -> None:
    """The sponsor view."""
    st.title("Sponsor view")
