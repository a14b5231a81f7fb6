"""PMO Service Catalogue Value Auditor: the Streamlit entry point, a router over the pages.

Each page is a two-line script in app_pages/ calling its module in ui/. `?view=sponsor`
opens the charts for sponsors alone: no sidebar, no editing widgets (with `&from=<token>`,
on what the editing tab that opened it audits: see ui/handoff.py). `?workshop=<id>`
works in a saved workshop (see ui/workshop.py): loaded first, on every run;
`?sponsor=<token>` opens a workshop's sponsor view, read-only.
"""

import streamlit as st

from ui import handoff, sidebar, signin, state, workshop
from ui.errors import show_error

st.set_page_config(page_title="PMO Service Catalogue Value Auditor", layout="wide")
signin.require()  # only when .streamlit/secrets.toml configures a sign-in
workshop.begin_run()
state.begin_run()

missing = workshop.problem()
if missing:
    show_error(missing)

EDITING_PAGES = {
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
    "Workshop": [
        st.Page("app_pages/workshop.py", title="Decisions and what-if", url_path="workshop"),
        st.Page("app_pages/compare.py", title="Compare versions", url_path="compare"),
    ],
    "Take away": [
        st.Page("app_pages/export.py", title="Export", url_path="export"),
    ],
}

if st.query_params.get("view") == "sponsor" or workshop.read_only():
    expired = None if workshop.active() is not None else handoff.receive()
    if expired:
        st.warning(expired, icon="⌛")
    # the sponsor view answers on every page's address too, so that a link copied from
    # any page (or given out before links pointed at the app's root) opens it, never
    # Streamlit's "Page not found"
    sponsor = [st.Page("app_pages/sponsor.py", title="Sponsor view", url_path="sponsor",
                       default=True)]
    sponsor += [st.Page("app_pages/sponsor.py", title="Sponsor view", url_path=path)
                for path in ("overview", "findings", "charts", "import", "mandate", "links",
                             "workshop", "compare", "export")]
    st.navigation(sponsor, position="hidden").run()
else:
    sidebar.source_picker()
    workshop.show_conflicts()
    st.navigation(EDITING_PAGES).run()
