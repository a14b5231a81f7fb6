"""The overview page's script: Streamlit runs this file; the page lives in ui/overview_page.py."""

from ui.overview_page import page

page()
