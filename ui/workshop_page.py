"""Workshop: the room's decision per service, what the decisions achieve, snapshots, the outcome.

Outside a workshop the page offers to start one from what is audited now. In a workshop
every widget here saves at once through its callback (`ui.workshop.save`), and is set
from the workshop as saved whenever that changes (another person's change, a conflict
resolved), so what a tab shows is what the store holds. Every few seconds the page checks
whether someone else saved (`ui.workshop.watch`) and runs again if so; in that run a widget
already drawn is not set but says who changed it to what (see `_sync`).

The decision panel is keyed by service id only: the picker's options are ids and its
labels never change with a decision, every widget of the panel carries the id in its key,
and the panel stays on its service until the person moves (picker, Previous, Next).

Session-state keys of this page: the widgets `workshop_title_new`, `workshop_start`,
`workshop_service` (the service being discussed), `workshop_show`, `workshop_prev`,
`workshop_next`, `workshop_kind_<id>`, `workshop_rationale_<id>`, `workshop_owner_<id>`,
`workshop_notes`, `workshop_snapshot_name`, `workshop_snapshot_save`, `workshop_make_pdf`;
"workshop_refilter": set when the "Show" choice changed, so the panel leaves a service that
does not fit it (otherwise the panel stays on its service until the person moves);
"workshop_synced": {widget key: (workshop id, field version)} (what each widget was
last set from); "workshop_memo": (key, WhatIf), the last what-if; "workshop_documents":
(key, pdf), the one-pager last made in this tab; "workshop_workbook": (key, bytes), the
outcome workbook for the workshop as last saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from audit import wording
from audit.model import AuditResult, ServiceAssessment
from audit.wording import fte, number
from reports.summary import SummaryError
from ui import current, state, workshop
from ui.errors import show_error
from ui.export_page import file_stem
from ui.literal import md_escape
from workshop import model, outcome
from workshop.model import Decision, DecisionKind
from workshop.store import StoreError
from workshop.whatif import WhatIf, what_if

NOT_DECIDED = "not decided"
KIND_CHOICES = (NOT_DECIDED, *(k.value for k in DecisionKind))
SYNCED = "workshop_synced"
MEMO = "workshop_memo"
DOCUMENTS = "workshop_documents"
WORKBOOK_MEMO = "workshop_workbook"
SERVICE = "workshop_service"
REFILTER = "workshop_refilter"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOW_CHOICES = ("Every service", "Not decided yet", "Decided")


# --- Pure helpers ------------------------------------------------------------------------

def default_title(result: AuditResult, today: dt.date) -> str:
    name = result.catalogue.mandate.pmo_name or Path(result.catalogue.source).stem or "PMO"
    return f"{name}: service catalogue workshop, {today:%d %B %Y}"


def service_label(service: ServiceAssessment) -> str:
    """The picker's words for a service: its name and id, nothing that a decision changes.

    Streamlit's selectbox sends back the label of the chosen option, not the option: a label
    that changed with the decision (as "room: not decided" did) matched no option on the
    next run, and the picker fell back to the first service, taking the panel with it.
    """
    return f"{service.name} ({service.service_id})"


def decisions_table(result: AuditResult, decisions: dict[str, Decision]) -> pd.DataFrame:
    rows = []
    for s in result.services:
        d = decisions.get(s.service_id, Decision())
        rows.append({
            "ID": s.service_id, "Service": s.name,
            "Audit recommends": s.recommendation.label,
            "Room decided": d.kind.value if d.kind else "",
            "Rationale": d.rationale, "Action owner": d.owner,
            "Effort (FTE)": s.effort_fte,
        })
    return pd.DataFrame(rows)


def figure_value(value: float | None, percent: bool) -> str:
    """A figure as every page shows it: '57%' or '1.4 FTE' (audit.wording's rounding)."""
    if value is None:
        return "not known"
    return wording.percent(value) if percent else fte(value)


def figure_delta(before: float | None, after: float | None, percent: bool) -> str | None:
    """The change beside a figure: '+9 points', '-1.4 FTE', or None when it reads the same."""
    if before is None or after is None:
        return None
    change = wording.points_change(before, after) if percent else wording.fte_change(before,
                                                                                      after)
    return None if change == "no change" else change


# --- Keeping widgets in step with the store ---------------------------------------------

def _sync(widget_key: str, field_key: str, value: object) -> None:
    """Set the widget from the workshop when the field changed since it was last set.

    In a run the periodic check asked for (someone else saved, while this person may be
    typing or clicking), a widget already on the page is left as it is, with a line above
    it saying who changed it to what. Setting it would replace what the person is typing,
    and a click sent before the browser drew the new value would come back as a change of
    it, undoing the other person's. It shows the saved value at the person's next click;
    a change made over it first is checked against the version it shows, so it is refused
    and shown as a conflict, never lost.
    """
    found = workshop.active()
    assert found is not None
    version = (found.id, found.version(field_key))
    synced = st.session_state.setdefault(SYNCED, {})
    shown = synced.get(widget_key)
    if shown == version and widget_key in st.session_state:
        return
    if workshop.refresh_run() and widget_key in st.session_state \
            and shown is not None and shown[0] == found.id:
        saved = found.fields.get(field_key)
        who = md_escape(saved.saved_by) if saved and saved.saved_by else "Someone else"
        when = f" at {workshop.when(saved.saved_at)}" if saved else ""
        now = md_escape(workshop.shown_value(field_key, value))
        st.caption(f"✏️ {who} changed this{when} to “{now}”. It shows here at your next "
                   "click; if you change it first, you will be asked which to keep.")
        return
    st.session_state[widget_key] = value
    synced[widget_key] = version


def _saved(widget_key: str, field_key: str, value: object) -> None:
    """Save a widget's new value (from its callback).

    Saved: the widget is in step at the new version. Refused (a conflict, or the database
    could not be written): the page says why, and the widget shows what is saved again.
    """
    synced = st.session_state.setdefault(SYNCED, {})
    found = workshop.active()
    shown = synced.get(widget_key)
    seen = {field_key: shown[1]} if found is not None and shown and shown[0] == found.id else {}
    ok = workshop.save({field_key: value if value not in ("", None) else None},
                       from_widget=True, seen=seen)
    found = workshop.active()
    if ok and found is not None:
        synced[widget_key] = (found.id, found.version(field_key))
    else:
        synced.pop(widget_key, None)


def _save_kind(service_id: str) -> None:
    widget = f"workshop_kind_{service_id}"
    chosen = st.session_state.get(widget)
    _saved(widget, model.decision_key(service_id, "kind"),
           None if chosen in (None, NOT_DECIDED) else chosen)


def _save_text(service_id: str, part: str) -> None:
    widget = f"workshop_{part}_{service_id}"
    text = str(st.session_state.get(widget) or "").strip()
    _saved(widget, model.decision_key(service_id, part), text)


def _save_notes() -> None:
    _saved("workshop_notes", model.NOTES, str(st.session_state.get("workshop_notes") or ""))


def _step(ids: list[str], fitting: list[str], by: int) -> None:
    """Move the panel by one service (Next, Previous).

    `ids`: the services the picker offers, in catalogue order: those that fit the "Show"
    choice, and the one being discussed even if it no longer fits (just decided in "Not
    decided yet"). The panel lands on the next one that fits; if none is left, on nothing.
    """
    now = st.session_state.get(SERVICE)
    position = ids.index(now) if now in ids else 0
    for step in range(1, len(ids) + 1):
        candidate = ids[(position + by * step) % len(ids)]
        if candidate in fitting:
            st.session_state[SERVICE] = candidate
            return
    st.session_state.pop(SERVICE, None)


def _show_changed() -> None:
    """A new "Show" choice: the panel leaves a service that does not fit it."""
    st.session_state[REFILTER] = True


# --- Sections ---------------------------------------------------------------------------

def start_section(result: AuditResult) -> None:
    st.markdown(
        "A workshop keeps the room's work: a decision per service (keep, improve, rethink, "
        "retire or hand over) with its rationale and action owner, the links and mandate "
        "as edited, the thresholds, and notes. Every change is saved at once to the "
        "workshop database; the workshop's link opens it again after a refresh, in "
        "another browser, or after the laptop restarts.")
    st.text_input("Workshop title", value=default_title(result, dt.date.today()),
                  key="workshop_title_new", max_chars=200)
    if st.button("Start a workshop", type="primary", key="workshop_start"):
        title = str(st.session_state.get("workshop_title_new") or "").strip()
        try:
            state.start_workshop(title or default_title(result, dt.date.today()))
        except StoreError as error:
            show_error(error, "The workshop could not be started.")
            return
        st.rerun()
    st.caption("It starts from what is audited now: this workbook, the mandate, links and "
               "thresholds as they are on the other pages.")


def whatif_for(result: AuditResult) -> WhatIf:
    """The what-if of the decisions so far, remembered while neither changes."""
    decisions = workshop.decisions()
    leaving = sorted(sid for sid, d in decisions.items() if d.kind and d.kind.frees_capacity)
    key = (id(result), tuple(leaving), tuple(sorted(
        (sid, d.kind.value) for sid, d in decisions.items() if d.kind)))
    memo = st.session_state.get(MEMO)
    if memo is not None and memo[0] == key:
        return memo[1]
    found = what_if(result, decisions, state.overrides())
    st.session_state[MEMO] = (key, found)
    return found


def strip_parts(found: WhatIf) -> list[str]:
    """The live figures in a few words each: 'Mandate fit **60%** (+3 points)'."""
    total = found.before.summary.total_effort_fte
    freed = f"Effort freed **{fte(found.effort_freed_fte)}**"
    if total and found.effort_freed_fte:
        freed += f" ({wording.percent(found.effort_freed_fte / total)})"
    parts = [freed]
    for figure in found.figures:
        if not figure.percent:
            continue
        change = figure_delta(figure.before, figure.after, figure.percent)
        parts.append(f"{figure.label} **{figure_value(figure.after, figure.percent)}**"
                     + (f" ({change})" if change else ""))
    parts.append(f"Findings resolved **{len(found.findings_resolved)}**, new "
                 f"**{len(found.findings_new)}**")
    return parts


def figures_strip(found: WhatIf) -> None:
    """One compact line of the live figures, above the decision panel, so that the room
    sees a decision move them without scrolling (the full what-if is further down)."""
    with st.container(key="workshop_strip"):
        st.markdown("**After the decisions:** " + " · ".join(strip_parts(found)))


def whatif_section(found: WhatIf) -> None:
    st.subheader("What the decisions achieve")
    if not found.changes_anything:
        st.caption("Nothing changes yet: no service has been decided retire or hand over. "
                   "Keep, improve and rethink leave a service in place.")
    for col, figure in zip(st.columns(len(found.figures)), found.figures, strict=True):
        col.metric(figure.label, figure_value(figure.after, figure.percent),
                   delta=figure_delta(figure.before, figure.after, figure.percent),
                   delta_color="off" if not figure.percent else "normal",
                   help=f"Today: {figure_value(figure.before, figure.percent)}.")
    cols = st.columns(4)
    total = found.before.summary.total_effort_fte
    cols[0].metric("Effort freed", fte(found.effort_freed_fte),
                   delta=(f"{wording.percent(found.effort_freed_fte / total)} of the PMO's effort"
                          if total and found.effort_freed_fte else None),
                   delta_color="off", help=outcome.effort_freed_text(found))
    cols[1].metric("Cost freed", "0" if not found.leaving else "not known"
                   if found.cost_freed is None else number(round(found.cost_freed, 2)),
                   help=outcome.cost_freed_text(found))
    cols[2].metric("Findings resolved", len(found.findings_resolved))
    cols[3].metric("New findings", len(found.findings_new))
    st.plotly_chart(outcome.outcome_chart(found).figure, key="workshop_chart",
                    config={"displayModeBar": False})
    if found.findings_resolved:
        with st.expander(f"Findings the decisions resolve ({len(found.findings_resolved)})"):
            for f in outcome.by_severity(found.findings_resolved):
                st.markdown(f"- **{f.severity.value}** · {md_escape(f.message)}")


def fits(show: str, decision: Decision) -> bool:
    """Whether a service with this decision is listed under this "Show" choice."""
    if show == SHOW_CHOICES[1]:
        return decision.kind is None
    if show == SHOW_CHOICES[2]:
        return decision.kind is not None
    return True


def panel_services(result: AuditResult, decisions: Mapping[str, Decision], show: str,
                   current: str | None) -> tuple[list[ServiceAssessment], list[str]]:
    """The services the picker offers, and the ids of those that fit the "Show" choice.

    The service being discussed stays in the list whatever its decision becomes (by this
    person or another), so the panel never leaves it until the person moves.
    """
    fitting = [s.service_id for s in result.services
               if fits(show, decisions.get(s.service_id, Decision()))]
    offered = [s for s in result.services if s.service_id in fitting or s.service_id == current]
    return offered, fitting


def decide_section(result: AuditResult) -> None:
    # no heading: the panel fits under the figures strip on a laptop's screen
    decisions = workshop.decisions()
    show = st.radio("Show", SHOW_CHOICES, horizontal=True, key="workshop_show",
                    label_visibility="collapsed", on_change=_show_changed)
    current = st.session_state.get(SERVICE)
    if st.session_state.pop(REFILTER, False) and current is not None \
            and not fits(show, decisions.get(current, Decision())):
        current = None
    services, fitting = panel_services(result, decisions, show, current)
    if not services:
        st.info("No service fits this choice." if show != SHOW_CHOICES[1]
                else "Every service has a decision. ✅")
        return
    ids = [s.service_id for s in services]
    if current not in ids:
        st.session_state[SERVICE] = ids[0]
    by_id = {s.service_id: s for s in services}
    pick, back, forward = st.columns([6, 1, 1], vertical_alignment="bottom")
    pick.selectbox("Service", ids, key=SERVICE,
                   format_func=lambda sid: service_label(by_id[sid]))
    back.button("◀ Previous", key="workshop_prev", on_click=_step, args=(ids, fitting, -1),
                width="stretch")
    forward.button("Next ▶", key="workshop_next", on_click=_step, args=(ids, fitting, 1),
                   width="stretch")
    service = by_id[st.session_state[SERVICE]]
    decision_form(service, decisions.get(service.service_id, Decision()))
    st.markdown("#### Every decision so far")
    st.dataframe(decisions_table(result, dict(decisions)), hide_index=True, width="stretch",
                 column_config={"Effort (FTE)": st.column_config.NumberColumn(format="%.1f")})


def decision_form(service: ServiceAssessment, decision: Decision) -> None:
    sid = service.service_id
    facts, decide = st.columns([1, 1], gap="large")
    with facts:
        st.markdown(f"**{md_escape(service.name)}** ({md_escape(sid)})")
        st.markdown(f"**The audit recommends: {service.recommendation.value}.** "
                    f"{md_escape(service.recommendation_reason)}")
        value = "not enough evidence" if service.value is None else f"{service.value:.2f}"
        st.caption(f"Alignment {service.alignment:.2f} · value {value} · effort "
                   f"{fte(service.effort_fte) if service.effort_fte is not None else 'not given'}"
                   + (" · mandatory" if service.mandatory else ""))
        st.caption(md_escape(service.alignment_reason))
    with decide:
        kind_key, rationale_key, owner_key = (f"workshop_kind_{sid}",
                                              f"workshop_rationale_{sid}",
                                              f"workshop_owner_{sid}")
        _sync(kind_key, model.decision_key(sid, "kind"),
              decision.kind.value if decision.kind else NOT_DECIDED)
        st.radio("The room's decision", KIND_CHOICES, key=kind_key, horizontal=True,
                 format_func=lambda k: k.capitalize(), on_change=_save_kind, args=(sid,))
        if decision.kind and decision.kind.frees_capacity and service.mandatory:
            st.warning("This service is mandatory: retiring it or handing it over needs the "
                       "agreement of whoever mandates it. Name them in the rationale.",
                       icon="⚖️")
        if decision.kind and service.recommendation.value != decision.kind.value:
            st.caption(f"The room differs from the audit ({service.recommendation.value}): "
                       "say why in the rationale.")
        _sync(rationale_key, model.decision_key(sid, "rationale"), decision.rationale)
        st.text_area("Rationale", key=rationale_key, height=90, max_chars=2000,
                     on_change=_save_text, args=(sid, "rationale"),
                     placeholder="Why the room decided this")
        _sync(owner_key, model.decision_key(sid, "owner"), decision.owner)
        st.text_input("Action owner", key=owner_key, max_chars=200,
                      on_change=_save_text, args=(sid, "owner"),
                      placeholder="Who makes it happen")


def notes_section() -> None:
    st.subheader("Notes")
    _sync("workshop_notes", model.NOTES, workshop.current_state().notes)
    st.text_area("The room's notes (parking lot, actions, open questions)",
                 key="workshop_notes", height=120, max_chars=20_000, on_change=_save_notes)


def snapshot_section() -> None:
    st.subheader("Snapshots")
    found = workshop.active()
    assert found is not None
    st.caption("Keep the workshop as it is now under a name (“FY26 baseline”), then compare "
               "it with a later state on the Compare versions page.")
    name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    name_col.text_input("Snapshot name", key="workshop_snapshot_name", max_chars=200,
                        placeholder="FY26 baseline")
    if button_col.button("Save a snapshot", key="workshop_snapshot_save", width="stretch"):
        name = str(st.session_state.get("workshop_snapshot_name") or "").strip()
        if not name:
            st.warning("Give the snapshot a name first.")
        else:
            try:
                workshop.store().snapshot(found.id, name)
                st.toast(f"Snapshot “{md_escape(name)}” saved.")
            except StoreError as error:
                show_error(error, "The snapshot could not be saved.")
    kept = workshop.store().snapshots(found.id)
    if kept:
        st.dataframe(pd.DataFrame([{"Snapshot": s.name, "Taken": workshop.when(s.created_at)}
                                   for s in kept]), hide_index=True)


def history_section() -> None:
    found = workshop.active()
    assert found is not None
    with st.expander("Change log: the latest changes, who made them and when"):
        changes = workshop.store().history(found.id, limit=50)
        st.dataframe(pd.DataFrame([{
            "When": workshop.when(c.saved_at), "Who": c.saved_by or "(no name given)",
            "What": model.describe_key(c.key),
            "Now": workshop.shown_value(c.key, c.value)} for c in changes]),
            hide_index=True, width="stretch")


def outcome_section(found: WhatIf) -> None:
    st.subheader("Take the outcome away")
    current_workshop = workshop.active()
    assert current_workshop is not None
    ws_state = current_workshop.state
    stem = file_stem(ws_state.title, "workshop")
    left, right = st.columns(2)
    # made once per saved state and audit, not on every draw (it grows with the catalogue)
    book_key = (current_workshop.id, current_workshop.revision, id(found))
    book = st.session_state.get(WORKBOOK_MEMO)
    if book is None or book[0] != book_key:
        book = (book_key, outcome.outcome_workbook(ws_state, found,
                                                   saved_at=current_workshop.saved_at))
        st.session_state[WORKBOOK_MEMO] = book
    left.download_button(
        "Outcome workbook (decisions, before and after)", book[1],
        file_name=f"{stem}_outcome.xlsx", mime=XLSX, key="workshop_download_xlsx",
        width="stretch")
    key = (current_workshop.id, current_workshop.saved_at)
    made = st.session_state.get(DOCUMENTS)
    if made is None or made[0] != key:
        if right.button("Make the sponsor one-pager (PDF)", key="workshop_make_pdf",
                        width="stretch"):
            with st.spinner("Drawing the one-pager (a few seconds)…"):
                try:
                    documents = outcome.outcome_documents(ws_state, found,
                                                          saved_at=current_workshop.saved_at)
                except SummaryError as error:
                    show_error(error, "The one-pager could not be made.")
                    return
            st.session_state[DOCUMENTS] = (key, documents.pdf)
            st.rerun()
    else:
        right.download_button("Sponsor one-pager (PDF)", made[1],
                              file_name=f"{stem}_one_pager.pdf", mime="application/pdf",
                              key="workshop_download_pdf", width="stretch")


def page() -> None:
    """The workshop page."""
    st.title("Workshop: decisions and what-if")
    if current.show_import_error():
        return
    result = current.audited()
    assert result is not None
    if workshop.active() is None:
        start_section(result)
        return
    found = whatif_for(result)
    figures_strip(found)  # the live figures and the panel fit one laptop screen together
    decide_section(result)
    whatif_section(found)
    notes_section()
    snapshot_section()
    history_section()
    outcome_section(found)
    workshop.watch()  # another person's change appears here without a click
