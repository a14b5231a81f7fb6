"""The import page's script: Streamlit runs this file; the page lives in ui/import_page.py."""

from ui.import_page import page

page()
