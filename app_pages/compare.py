"""The compare page's script: Streamlit runs this file; the page lives in ui/compare_page.py."""

from ui.compare_page import page

page()
