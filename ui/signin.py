"""Optional sign-in, for an app hosted for many teams (README "Hosting for many teams").

When `.streamlit/secrets.toml` has an `[auth]` section (Streamlit's OpenID Connect support:
`redirect_uri`, `cookie_secret`, and the identity provider's `client_id`,
`client_secret` and `server_metadata_url`), every page asks the person to sign in first,
and the name the provider gives is saved as the "who" of each workshop change. Without
it, the app behaves as on a consultant's laptop: no sign-in, and the change log's "who"
is the name the person typed.
"""

from __future__ import annotations

import streamlit as st

from ui.literal import md_escape


def configured() -> bool:
    """Whether the server's secrets configure a sign-in."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all, or one Streamlit cannot read
        return False


def signed_in_as() -> str:
    """Who signed in (name, else e-mail), or "" when nobody did or sign-in is off."""
    if not configured():
        return ""
    try:
        if not st.user.is_logged_in:
            return ""
        return str(st.user.get("name") or st.user.get("email") or "").strip()
    except Exception:
        return ""


def require() -> None:
    """Stop the page here until the person has signed in, when sign-in is configured."""
    if not configured():
        return
    try:
        logged_in = bool(st.user.is_logged_in)
    except Exception:
        logged_in = False
    if logged_in:
        with st.sidebar:
            st.caption(f"Signed in as {md_escape(signed_in_as() or 'you')}")
            st.button("Sign out", key="sign_out", on_click=st.logout)
        return
    st.title("PMO Service Catalogue Value Auditor")
    st.write("This server asks everyone to sign in before they see a catalogue or a "
             "workshop.")
    st.button("Sign in", key="sign_in", type="primary", on_click=st.login)
    st.stop()
