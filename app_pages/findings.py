"""The findings page's script: Streamlit runs this file; the page lives in ui/findings_page.py."""

from ui.findings_page import page

page()
