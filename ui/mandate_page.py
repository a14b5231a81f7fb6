"""Mandate: the PMO's type, statement, objectives and customers, edited when the workbook lacks them.

What the page writes is `state.overrides()`'s `mandate`, `objectives` and `customers`, and
only when they differ from what the audit uses now; the workbook itself is never changed.
"Reset to the workbook's mandate" puts them back to None.

Session-state keys of this page (besides the contract's "overrides"):

- widgets, each named `mandate_<what>_<source key>_<generation>` so another workbook, or
  a reset, starts them afresh: `pmo_name`, `pmo_type`, `statement`, `sponsor`,
  `objectives` and `customers` (the two tables), and the button "mandate_reset";
- one-click answers for each customer name services use that the mandate does not
  (`<tag>` is a digest of the name): `mandate_add_customer_<tag>`, `mandate_map_to_<tag>`
  (the group chosen) and `mandate_map_customer_<tag>`;
- "mandate_generation": int, bumped by the reset button so every widget above starts again
  from the workbook;
- "mandate_pins": `ui.pinned.Pins`, {table: Pin}: the records each table editor was
  opened with. Each editor is opened on the mandate the audit uses at that moment and
  keeps that input while it is on screen (see `ui.pinned`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import streamlit as st

from audit.issues import unknown_customers
from audit.model import AuditOverrides, AuditResult, ConfirmedLinks, FindingCode
from catalogue.model import Catalogue, Customer, Mandate, PMOType
from catalogue.words import fold_name
from ui import current, state, workshop
from ui.editing import (
    HORIZON_WORDS,
    Checked,
    customers_from_table,
    customers_table,
    edited_mandate,
    has_mandate,
    objectives_from_table,
    objectives_table,
)
from ui.literal import md_escape
from ui.pinned import Pins
from workshop import model

GENERATION = "mandate_generation"
PINS = Pins("mandate_pins")


def widget_key(what: str) -> str:
    """This page's key for one widget, fresh for each workbook and after each reset."""
    return f"mandate_{what}_{state.source().key}_{st.session_state.get(GENERATION, 0)}"


def _pinned(table: str, records: tuple) -> tuple:
    """The records an editor was opened with; `records` when it is being opened now."""
    key = widget_key(table)
    return PINS.opened(table, key, lambda: records, editor=key)


def _edited(key: str) -> bool:
    """True when the person has changed anything in this table editor."""
    edits = st.session_state.get(key) or {}
    return bool(edits.get("edited_rows") or edits.get("added_rows") or edits.get("deleted_rows"))


def _reset() -> None:
    state.set_overrides(replace(state.overrides(), mandate=None, objectives=None, customers=None))
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    PINS.clear()


def mandate_fields(shown: Mandate) -> Mandate:
    """Draw the PMO name, type, sponsor and statement; return the mandate as typed."""
    types = list(PMOType)
    left, middle, right = st.columns([2, 1, 2])
    pmo_name = left.text_input("PMO name", value=shown.pmo_name or "",
                               key=widget_key("pmo_name"))
    pmo_type = middle.selectbox(
        "PMO type", types, index=types.index(shown.pmo_type) if shown.pmo_type else None,
        format_func=lambda t: t.value.capitalize(), placeholder="Not stated",
        key=widget_key("pmo_type"),
        help="Supportive: advises and provides templates. Controlling: requires compliance "
             "with standards and reviews. Directive: manages the projects itself. A service "
             "of a stronger nature than the PMO's type is a finding.",
    )
    sponsor = right.text_input("Sponsor", value=shown.sponsor or "", key=widget_key("sponsor"))
    statement = st.text_area(
        "Mandate statement", value=shown.statement or "", key=widget_key("statement"),
        placeholder="What the organisation set the PMO up to do, and for whom.",
    )
    return edited_mandate(shown, pmo_name=pmo_name, pmo_type=pmo_type, statement=statement,
                          sponsor=sponsor)


def objectives_editor(shown: tuple) -> tuple[Checked, bool]:
    """Draw the objectives table; return its valid objectives (and problems), and whether it was edited."""
    key = widget_key("objectives")
    base = objectives_table(_pinned("objectives", shown))
    edited = st.data_editor(
        base, key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "id": st.column_config.TextColumn("Id", required=True, width="small",
                                              help="Services link to an objective by its id."),
            "statement": st.column_config.TextColumn("Objective", width="large"),
            "priority": st.column_config.NumberColumn(
                "Priority", min_value=0, step=1, width="small",
                help="A weight: higher matters more. Used for alignment and effort balance."),
            "success_measure": st.column_config.TextColumn("Success measure", width="medium"),
            "horizon": st.column_config.SelectboxColumn("Horizon", options=HORIZON_WORDS,
                                                        width="small"),
        },
    )
    return objectives_from_table(edited), _edited(key)


def customers_editor(shown: tuple) -> tuple[Checked, bool]:
    """Draw the customers table; return its valid customers (and problems), and whether it was edited."""
    key = widget_key("customers")
    base = customers_table(_pinned("customers", shown))
    edited = st.data_editor(
        base, key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "name": st.column_config.TextColumn(
                "Customer group", required=True, width="medium",
                help="Services' customer names match this ignoring case and spacing."),
            "importance": st.column_config.NumberColumn(
                "Importance", min_value=0, step=1, width="small",
                help="A weight: higher matters more to the mandate."),
            "expectations": st.column_config.TextColumn("What they expect", width="large"),
        },
    )
    return customers_from_table(edited), _edited(key)


def show_problems(checked: Checked) -> None:
    """One warning listing every row left out of the audit."""
    if checked.problems:
        st.warning("\n".join(f"- {md_escape(p)}" for p in checked.problems))


def effect_of(result: AuditResult) -> None:
    """The figures a mandate change moves, so the room sees the effect at once."""
    summary = result.summary
    inside = sum(1 for s in result.services if s.inside_mandate)
    uncovered = len(result.findings_with(FindingCode.OBJECTIVE_NOT_COVERED))
    fit = summary.mandate_fit.value
    columns = st.columns(4)
    columns[0].metric("Mandate fit", "not known" if fit is None else f"{fit:.0%}",
                      help=summary.mandate_fit.explanation, border=True)
    columns[1].metric("Services inside the mandate", f"{inside} of {summary.services}",
                      border=True)
    columns[2].metric("Objectives no service delivers", uncovered, border=True)
    columns[3].metric("Findings", len(result.findings), border=True,
                      help="Every finding of the audit with this mandate; see the Findings page.")


def _start_editors_again() -> None:
    """Open the editors afresh on the mandate as it is now saved (after a one-click change)."""
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    PINS.clear()


def with_customer(workbook: Catalogue, overrides: AuditOverrides, name: str) -> AuditOverrides:
    """The overrides with `name` added to the mandate's customers (as edited, or the workbook's)."""
    now = overrides.customers if overrides.customers is not None else workbook.customers
    if any(fold_name(c.name) == fold_name(name) for c in now):
        return overrides
    return replace(overrides, customers=(*now, Customer(name=name.strip())))


def mapped(workbook: Catalogue, overrides: AuditOverrides, name: str,
           group: str) -> AuditOverrides:
    """The overrides with every service naming `name` linked to the mandate's `group` instead.

    Each such service's customers become a person's decision: what it stated (or what a
    person already decided), with `name` replaced by `group`.
    """
    new = overrides
    for service in workbook.services:
        decided = overrides.links.get(service.id)
        stated = (decided.customers if decided is not None and decided.customers is not None
                  else service.customers)
        if not any(fold_name(c) == fold_name(name) for c in stated):
            continue
        customers = tuple(dict.fromkeys(group if fold_name(c) == fold_name(name) else c
                                        for c in stated))
        new = new.with_links(service.id, replace(decided or ConfirmedLinks(),
                                                 customers=customers))
    return new


def _add_customer(name: str) -> None:
    imported, _error = current.imported()
    if imported is not None:
        state.set_overrides(with_customer(imported.catalogue, state.overrides(), name))
        _start_editors_again()


def _map_customer(name: str, widget: str) -> None:
    group = st.session_state.get(widget)
    imported, _error = current.imported()
    if imported is not None and group:
        state.set_overrides(mapped(imported.catalogue, state.overrides(), name, group))


def unmatched_customers(result: AuditResult) -> None:
    """The customer names services use that the mandate does not: add one, or map it."""
    unknown = unknown_customers(result)
    if not unknown:
        return
    groups = [c.name for c in result.catalogue.customers]
    st.subheader("Customers the catalogue names but the mandate does not")
    st.caption("Each is kept as the workbook writes it and counts as outside the mandate. "
               "Add it as a customer group, or map it to the group it means: the services "
               "naming it are then linked to that group (a person's decision, shown on the "
               "Links page).")
    for name, services in unknown.items():
        tag = hashlib.sha256(name.encode()).hexdigest()[:12]
        label, add, choose, map_button = st.columns([3, 2, 3, 1], vertical_alignment="bottom")
        label.markdown(f"**{md_escape(name)}**  \n"
                       f"{len(services)} service{'s' if len(services) != 1 else ''}: "
                       f"{md_escape(', '.join(services[:6]))}"
                       + (f" and {len(services) - 6} more" if len(services) > 6 else ""))
        add.button("Add as a customer group", key=f"mandate_add_customer_{tag}",
                   on_click=_add_customer, args=(name,), width="stretch")
        widget = f"mandate_map_to_{tag}"
        choose.selectbox("Map to", groups, index=None, key=widget,
                         placeholder="Choose a mandate group", disabled=not groups)
        map_button.button("Map", key=f"mandate_map_customer_{tag}", on_click=_map_customer,
                          args=(name, widget), disabled=not groups, width="stretch")


def apply(workbook: Catalogue, overrides: AuditOverrides, mandate: Mandate,
          objectives: tuple[Checked, bool], customers: tuple[Checked, bool]) -> AuditOverrides:
    """The overrides with the page's edits in place; unchanged parts are left as they were."""
    new = overrides
    if mandate != (overrides.mandate or workbook.mandate):
        new = replace(new, mandate=mandate)
    (found, edited), objectives_now = objectives, overrides.objectives
    if (edited or objectives_now is not None) and found.records != (
            objectives_now if objectives_now is not None else workbook.objectives):
        new = replace(new, objectives=found.records)
    (found, edited), customers_now = customers, overrides.customers
    if (edited or customers_now is not None) and found.records != (
            customers_now if customers_now is not None else workbook.customers):
        new = replace(new, customers=found.records)
    return new


def reset_button(overrides: AuditOverrides) -> bool:
    """Say whether the mandate was edited in the app and offer to go back; True if it was."""
    edited = any(part is not None for part in
                 (overrides.mandate, overrides.objectives, overrides.customers))
    if edited:
        note, button = st.columns([4, 1], vertical_alignment="center")
        note.caption("The mandate below has been edited in the app; the audit uses it in "
                     "place of the workbook's.")
        button.button("Reset to the workbook's mandate", key="mandate_reset", on_click=_reset,
                      help="Forget the edits on this page; the link decisions are kept.")
    return edited


def page() -> None:
    """The mandate page: the mandate's fields and two tables, and the audit's response."""
    if current.show_import_error():
        return
    if workshop.changed_elsewhere((model.MANDATE, model.OBJECTIVES, model.CUSTOMERS)):
        # someone else in the workshop changed the mandate: open the editors on theirs
        st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
        PINS.clear()
    imported, _error = current.imported()
    assert imported is not None
    workbook = imported.catalogue
    overrides = state.overrides()

    st.title("Mandate")
    st.caption("What the organisation set the PMO up to do, for whom, and with how much "
               "authority. The audit judges every service against it: change it here and "
               "the audit follows at once. The workbook itself is never changed.")
    if not has_mandate(workbook):
        st.info(f"**{md_escape(state.source().workbook.name)}** has no mandate: no PMO type, statement, "
                "objectives or customers were found in it. Enter the mandate below (at least "
                "the objectives) and the audit will judge each service against it. You can "
                "also upload the mandate as a separate workbook in the sidebar.", icon="✍️")
    top = st.container()

    shown_mandate = overrides.mandate or workbook.mandate
    mandate = mandate_fields(shown_mandate)

    st.subheader("Objectives")
    st.caption("One row per objective. Add a row at the bottom; select rows to delete them. "
               "A row with a problem is left out of the audit until it is fixed.")
    objectives = objectives_editor(overrides.objectives if overrides.objectives is not None
                                   else workbook.objectives)
    show_problems(objectives[0])

    st.subheader("Customers")
    st.caption("The groups the mandate says the PMO serves, with how much each matters.")
    customers = customers_editor(overrides.customers if overrides.customers is not None
                                 else workbook.customers)
    show_problems(customers[0])

    new = apply(workbook, overrides, mandate, objectives, customers)
    if new != overrides:
        state.set_overrides(new)
    result = current.audited()
    assert result is not None
    with top:
        reset_button(new)
        effect_of(result)
    unmatched_customers(result)
