"""Mandate page (being built)."""

import streamlit as st


def page() -> None:
    """The mandate page."""
    st.title("Mandate")
