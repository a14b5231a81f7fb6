"""The workshop page's script: Streamlit runs this file; the page lives in ui/workshop_page.py."""

from ui.workshop_page import page

page()
