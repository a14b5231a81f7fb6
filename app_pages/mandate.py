"""The mandate page's script: Streamlit runs this file; the page lives in ui/mandate_page.py."""

from ui.mandate_page import page

page()
