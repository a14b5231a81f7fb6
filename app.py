"""PMO Service Catalogue Value Auditor: the Streamlit entry point, a router over the pages."""

import streamlit as st

from ui import import_page

st.set_page_config(page_title="PMO Service Catalogue Value Auditor", layout="wide")
st.navigation([st.Page(import_page.page, title="Import", url_path="import", default=True)]).run()
