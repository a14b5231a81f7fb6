"""The charts page's script: Streamlit runs this file; the page lives in ui/charts_page.py."""

from ui.charts_page import page

page()
