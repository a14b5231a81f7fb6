"""The links page's script: Streamlit runs this file; the page lives in ui/links_page.py."""

from ui.links_page import page

page()
