"""The export page's script: Streamlit runs this file; the page lives in ui/export_page.py."""

from ui.export_page import page

page()
