"""The workshop behind the pages: what this tab works on, loaded from and saved to the store.

A tab is in a workshop when its address carries `?workshop=<id>`. Then the shared state
(`ui.state`) is read from the workshop store at the start of every run and every change is
saved to it at once; session state holds only the pointer and the bookkeeping below, never
work. Another tab, another browser, or the same link after a server restart, shows the
same workshop.

Session-state keys of this module:

- "workshop_id": the workshop this tab works in (mirrors the address's `?workshop=`, which
  Streamlit drops when the person changes page, so it is put back on every run);
- "workshop_loaded": `Workshop`, as loaded at the start of this run (and after each save);
- "workshop_basis": {field: version}, the versions the person saw when making a change in
  the page (the previous run's); a save from a widget's callback uses "workshop_loaded"'s,
  which were loaded for the draw the person acted on;
- "workshop_elsewhere": set of fields someone else changed since this tab's previous run;
- "workshop_conflicts": [Conflict], changes refused because someone else got there first,
  shown at the top of the page until the person chooses;
- "workshop_files": {digest: bytes}, the workbooks this tab read from the store;
- "workshop_author": the name the person gave, saved beside each change;
- "workshop_read_only": the sponsor token when the tab opened the workshop through its
  sponsor link (`?sponsor=<token>`): the sponsor view only, nothing saved;
- "workshop_problem": why the link did not open (shown once);
- "workshop_refresh_asked": set by the periodic check (`watch`) when someone else saved a
  change, for the run it asks for; "workshop_refresh_run": True during that run (see
  `refresh_run`).
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from audit.config import AuditConfig
from audit.model import AuditOverrides
from catalogue.model import Upload
from ui import signin
from ui.errors import show_error
from ui.literal import md_escape
from workshop import model
from workshop.model import Decision, WorkshopState
from workshop.store import (
    ENV_VAR,
    Conflict,
    Saved,
    StoreError,
    Workshop,
    WorkshopNotFound,
    WorkshopStore,
    default_location,
    default_path,
    parse_time,
)

ID = "workshop_id"
LOADED = "workshop_loaded"
BASIS = "workshop_basis"
ELSEWHERE = "workshop_elsewhere"
CONFLICTS = "workshop_conflicts"
FILES = "workshop_files"
AUTHOR = "workshop_author"
PROBLEM = "workshop_problem"
QUERY = "workshop"
SPONSOR_QUERY = "sponsor"
READ_ONLY = "workshop_read_only"
SECRET_KEY = "workshop_db"  # in .streamlit/secrets.toml: where workshops live
REFRESH_SECONDS = 3  # how often a tab checks whether someone else saved a change
REFRESH_ASKED = "workshop_refresh_asked"
REFRESH_RUN = "workshop_refresh_run"


@st.cache_resource(show_spinner=False)
def _store(path: str) -> WorkshopStore:
    return WorkshopStore(path)


def store() -> WorkshopStore:
    """The store every tab of this server shares: `PMO_AUDITOR_DB` (a file, or a
    `postgresql://` address), else `workshop_db` in .streamlit/secrets.toml, else the file
    `default_path()` names."""
    return _store(str(_location()))


def _location() -> str | Path:
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return default_location()
    try:
        secret = st.secrets.get(SECRET_KEY)
    except Exception:  # no secrets file, or one Streamlit cannot read
        secret = None
    return str(secret).strip() if secret else default_path()


def _asked() -> tuple[str | None, str | None]:
    """The workshop the address asks for, and the sponsor token if it asks read-only."""
    token = st.query_params.get(SPONSOR_QUERY)
    if not token:
        return st.query_params.get(QUERY), None
    try:
        return store().workshop_for_sponsor(token), token
    except WorkshopNotFound as error:
        st.query_params.pop(SPONSOR_QUERY, None)
        st.session_state[PROBLEM] = str(error)
        return None, None
    except StoreError as error:
        show_error(error)
        st.stop()


def begin_run() -> None:
    """Load this tab's workshop, if it has one; called first on every run."""
    st.session_state[REFRESH_RUN] = bool(st.session_state.pop(REFRESH_ASKED, False))
    asked, token = _asked()
    if asked and (asked != st.session_state.get(ID)
                  or token != st.session_state.get(READ_ONLY)):
        if st.session_state.get(ID):
            # another workshop in this tab: start clean, so that no widget, pinned editor
            # or memo from the first can show (or save) its values in the second
            for key in [k for k in st.session_state if k != AUTHOR]:
                del st.session_state[key]
        _forget()
        st.session_state[ID] = asked
        st.session_state[READ_ONLY] = token
    workshop_id = st.session_state.get(ID)
    if not workshop_id:
        return
    previous: Workshop | None = st.session_state.get(LOADED)
    try:
        if previous is not None and previous.id == workshop_id \
                and store().revision(workshop_id) == previous.revision:
            fresh = previous  # nobody saved anything since: no need to read it all again
        else:
            fresh = store().load(workshop_id)
    except WorkshopNotFound as error:
        _forget()
        st.query_params.pop(QUERY, None)
        st.session_state[PROBLEM] = str(error)
        return
    except StoreError as error:
        show_error(error)
        st.stop()
    if previous is not None and previous.id == fresh.id:
        st.session_state[BASIS] = previous.versions
        st.session_state[ELSEWHERE] = {k for k, v in fresh.versions.items()
                                       if previous.version(k) != v}
    else:
        st.session_state[BASIS] = fresh.versions
        st.session_state[ELSEWHERE] = set()
    st.session_state[LOADED] = fresh
    # the address always says what the tab shows; a sponsor's never holds the edit link
    sponsor_token = st.session_state.get(READ_ONLY)
    if sponsor_token:
        if st.query_params.get(SPONSOR_QUERY) != sponsor_token:
            st.query_params[SPONSOR_QUERY] = sponsor_token
    elif st.query_params.get(QUERY) != workshop_id:
        st.query_params[QUERY] = workshop_id


def _forget() -> None:
    for key in (ID, LOADED, BASIS, ELSEWHERE, CONFLICTS, FILES, READ_ONLY):
        st.session_state.pop(key, None)


def refresh_run() -> bool:
    """True when this run was asked for by `watch` (someone else saved), not by the person.

    The person may be typing or clicking during such a run: the page must not set a widget
    that is already drawn (see `ui.workshop_page._sync`).
    """
    return bool(st.session_state.get(REFRESH_RUN))


@st.fragment(run_every=REFRESH_SECONDS)
def watch() -> None:
    """Every REFRESH_SECONDS, rerun the page if someone else saved a change meanwhile.

    The check is one small query (the workshop's revision, an index lookup); only when it
    moved does the page run again and load the workshop. Draws nothing.
    """
    found = active()
    if found is None:
        return
    try:
        now = store().revision(found.id)
    except StoreError:
        return  # the next run the person makes reports it
    if now != found.revision:
        st.session_state[REFRESH_ASKED] = True
        st.rerun()


def read_only() -> bool:
    """True when this tab opened a workshop through its sponsor link: it may only look."""
    return bool(st.session_state.get(READ_ONLY)) and active() is not None


def sponsor_link(workshop_id: str) -> str:
    """The read-only address a sponsor is given: the sponsor view, no way to edit."""
    return f"{app_address()}?{SPONSOR_QUERY}={store().sponsor_token(workshop_id)}"


def active() -> Workshop | None:
    """This tab's workshop as last loaded, or None outside a workshop."""
    if not st.session_state.get(ID):
        return None
    return st.session_state.get(LOADED)


def current_state() -> WorkshopState:
    found = active()
    assert found is not None, "not in a workshop"
    return found.state


def problem() -> str | None:
    """Why a workshop link did not open (once), or None."""
    return st.session_state.pop(PROBLEM, None)


def changed_elsewhere(prefixes: Iterable[str]) -> bool:
    """True when someone else changed a field starting with one of these since last run."""
    keys = st.session_state.get(ELSEWHERE, set())
    return any(k.startswith(p) for k in keys for p in tuple(prefixes))


def author() -> str:
    """Who makes this tab's changes: the signed-in person when the server asks for
    sign-in (ui/signin.py), else the name the person typed."""
    return signin.signed_in_as() or str(st.session_state.get(AUTHOR, "")).strip()


def workbook_bytes(digest: str) -> bytes:
    """A workbook of this workshop, read from the store once per tab."""
    files: dict[str, bytes] = st.session_state.setdefault(FILES, {})
    if digest not in files:
        found = active()
        assert found is not None
        files[digest] = store().workbook_bytes(found.id, digest)
        while len(files) > 2:  # the workbook and its mandate, not every version seen
            files.pop(next(iter(files)))
    return files[digest]


# -- saving ------------------------------------------------------------------------------

def save(values: Mapping[str, Any], *, from_widget: bool = False,
         seen: Mapping[str, int] | None = None) -> bool:
    """Save these fields now; False (and the conflict is shown) if any was refused.

    `from_widget`: the change comes from a widget's callback, which runs before this run
    loads the workshop again, so the versions the person saw are the loaded ones.
    `seen`: the versions the person saw, where the caller knows them better (a widget a
    refresh left showing an older version).
    """
    found = active()
    if found is None or not values:
        return True
    if read_only():
        return False  # the sponsor view has no widget that saves; never let one through
    basis = dict(found.versions if from_widget else st.session_state.get(BASIS, found.versions))
    basis.update(seen or {})
    try:
        results = store().save_many(found.id, values, {k: basis.get(k, 0) for k in values},
                                    author=author())
    except StoreError as error:
        st.session_state.setdefault(CONFLICTS, []).append(error)
        return False
    _reload(results)
    conflicts = [r for r in results if isinstance(r, Conflict)]
    if conflicts:
        waiting = st.session_state.setdefault(CONFLICTS, [])
        waiting.extend(c for c in conflicts if c not in waiting)
    return not conflicts


def _reload(results: list[Saved | Conflict]) -> None:
    found = active()
    assert found is not None
    fresh = store().load(found.id)
    basis = dict(st.session_state.get(BASIS, {}))
    for r in results:
        if isinstance(r, Saved):
            basis[r.key] = r.version
    st.session_state[BASIS] = basis
    st.session_state[LOADED] = fresh


def save_overrides(new: AuditOverrides) -> None:
    """Save what changed between the workshop's overrides and `new`, field by field."""
    save(model.changed_fields(WorkshopState(overrides=current_state().overrides),
                              WorkshopState(overrides=new)))


def save_config(new: AuditConfig) -> None:
    save(model.changed_fields(WorkshopState(config=current_state().config),
                              WorkshopState(config=new)))


def save_columns(assigned: Mapping[str, str]) -> None:
    save({model.COLUMNS: dict(assigned) or None})


def decisions() -> Mapping[str, Decision]:
    return current_state().decisions


def replace_workbook(workbook: Upload, mandate: Upload | None, *, is_sample: bool) -> None:
    """Audit a new version of the catalogue in this workshop, keeping its work."""
    found = active()
    assert found is not None
    try:
        saved = store().replace_workbook(found.id, workbook, mandate, is_sample=is_sample,
                                         author=author())
    except StoreError as error:
        st.session_state.setdefault(CONFLICTS, []).append(error)
        return
    _reload([saved])


# -- starting and leaving ----------------------------------------------------------------

def start(state: WorkshopState, workbook: Upload, mandate: Upload | None, *,
          is_sample: bool) -> str:
    """Save a new workshop and work in it from now on; its id."""
    workshop_id = store().create(state, workbook, mandate, is_sample=is_sample, author=author())
    _forget()
    st.session_state[ID] = workshop_id
    st.query_params[QUERY] = workshop_id
    begin_run()
    return workshop_id


def leave() -> None:
    """Work outside the workshop again (the workshop stays saved; its link still opens it)."""
    _forget()
    st.query_params.pop(QUERY, None)


# -- showing -----------------------------------------------------------------------------

def when(saved_at: str) -> str:
    """A saved time as the person's clock shows it: "10:42:05", or a date if not today."""
    moment = parse_time(saved_at)
    zone = st.context.timezone
    if zone:
        try:
            from zoneinfo import ZoneInfo
            moment = moment.astimezone(ZoneInfo(zone))
        except (KeyError, ValueError, OSError):
            moment = moment.astimezone()
    else:
        moment = moment.astimezone()
    today = dt.datetime.now(moment.tzinfo).date()
    return f"{moment:%H:%M:%S}" if moment.date() == today else f"{moment:%d %b %Y %H:%M}"


def link(workshop_id: str, **extra: str) -> str:
    """The address that opens this workshop (on this page's server)."""
    query = "&".join(f"{k}={v}" for k, v in {**extra, QUERY: workshop_id}.items())
    return f"{_page_address()}?{query}"


def _page_address() -> str:
    """This page's address without its query (empty where Streamlit does not know it)."""
    return (st.context.url or "").split("?")[0]


def app_address() -> str:
    """The app's own address, with no page in it: "http://host:8501/" (empty if not known).

    A link to the sponsor view must not name an editing page: the sponsor view has none of
    them, and Streamlit would answer "Page not found".
    """
    url = st.context.url
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}/" + (f"{base}/" if base else "")


def shown_value(key: str, value: Any) -> str:
    """A field's value in words, for a conflict message."""
    if value is None or value == "":
        return "(empty)"
    if key.startswith(model.LINKS) and isinstance(value, dict):
        parts = []
        for side in ("objectives", "customers"):
            names = value.get(side)
            if names is not None:
                parts.append(f"{side}: {', '.join(names) or 'none'}")
        return "; ".join(parts) or "the workbook's links"
    if isinstance(value, list):
        return f"{len(value)} entries"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _use_mine(conflict: Conflict) -> None:
    """Save the person's value over theirs (the conflict's button), unless it moved again.

    Someone may have changed the field once more since the warning was drawn: that save
    comes back as a new conflict, shown in place of this one. A database that cannot be
    written is said, never a traceback.
    """
    _dismiss(conflict)
    found = active()
    if found is None:
        return
    waiting = st.session_state.setdefault(CONFLICTS, [])
    try:
        result = store().save(found.id, conflict.key, conflict.yours,
                              base_version=conflict.their_version, author=author())
        _reload([result])
    except StoreError as error:
        waiting.append(error)
        return
    if isinstance(result, Conflict):
        waiting.append(result)


def _dismiss(item: Conflict | StoreError) -> None:
    waiting = st.session_state.get(CONFLICTS, [])
    st.session_state[CONFLICTS] = [c for c in waiting if c is not item]


def show_conflicts() -> None:
    """Changes that were refused, each with the choice to keep theirs or use mine."""
    for number, item in enumerate(list(st.session_state.get(CONFLICTS, []))):
        if isinstance(item, StoreError):
            show_error(item)
            st.button("Dismiss", key=f"workshop_dismiss_{number}", on_click=_dismiss,
                      args=(item,))
            continue
        who = item.saved_by or "Someone else"
        st.warning(
            f"**Not saved: {md_escape(model.describe_key(item.key))}.** {md_escape(who)} "
            f"changed it at {when(item.saved_at)} while you were editing. Theirs: "
            f"“{md_escape(shown_value(item.key, item.theirs))}”. Yours: "
            f"“{md_escape(shown_value(item.key, item.yours))}”.", icon="⚠️")
        keep, mine = st.columns(2)
        keep.button("Keep theirs", key=f"workshop_keep_{number}", on_click=_dismiss,
                    args=(item,))
        mine.button("Use mine instead", key=f"workshop_mine_{number}", on_click=_use_mine,
                    args=(item,))
