"""Findings page (being built)."""

import streamlit as st


def page() -> None:
    """The findings page."""
    st.title("Findings")
