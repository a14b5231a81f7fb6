"""PMO Service Catalogue Value Auditor: the Streamlit entry point, a router over the pages.

Each page is a two-line script in app_pages/ calling its module in ui/. `?view=sponsor`
opens the charts for sponsors alone: no sidebar, no editing widgets.
"""

import streamlit as st

from ui import sidebar

st.set_page_config(page_title="PMO Service Catalogue Value Auditor", layout="wide")

if st.query_params.get("view") == "sponsor":
    sponsor = st.Page("app_pages/sponsor.py", title="Sponsor view", url_path="sponsor")
    st.navigation([sponsor], position="hidden").run()
else:
    sidebar.source_picker()
    st.navigation({
        "Audit": [
            st.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True),
            st.Page("app_pages/findings.py", title="Findings", url_path="findings"),
            st.Page("app_pages/charts.py", title="Charts for sponsors", url_path="charts"),
        ],
        "Catalogue": [
            st.Page("app_pages/import.py", title="Import", url_path="import"),
            st.Page("app_pages/mandate.py", title="Mandate", url_path="mandate"),
            st.Page("app_pages/links.py", title="Links", url_path="links"),
        ],
        "Take away": [
            st.Page("app_pages/export.py", title="Export", url_path="export"),
        ],
    }).run()
