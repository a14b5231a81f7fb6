"""Links: which objectives and mandate customers each service serves, confirmed by people.

Two matrices, services × objectives and services × customers. A tick is an explicit link.
Suggested links (from wording) are never ticked: they are listed beside the service with
their confidence, and a person accepts them (tick the target, or "Accept" for all of the
row's), rejects them ("Reject"), or accepts every suggestion at or above a confidence at
once. What the page writes is `state.overrides().links`: per service id, a
`ConfirmedLinks` whose `objectives` / `customers` are exactly the ticked targets (plus
what the workbook names beyond the mandate). A service nobody touches keeps the
workbook's links.

Large catalogues: the matrix lists the services a filter selects, a page at a time
(25 to 250 rows); the rows of a page stay put while people tick, so a service never
jumps away mid-edit. They are read again when the filter or page changes, after a bulk
action, or when the page is opened again.

Session-state keys of this page (besides the contract's "overrides"), per side
("objectives" or "customers"):

- widgets: `links_<side>_search`, `links_<side>_show`, `links_<side>_per_page`,
  `links_<side>_threshold` (slider), `links_<side>_accept_all` (button),
  `links_<side>_presentation` (toggle), `links_<side>_page_<view>` (pagination) and
  `links_<side>_matrix_<view>_<page>` (the editor), where <view> names the workbook,
  filters and generation; and `links_reset` (button);
- "links_generation": int, bumped by the bulk actions so every matrix is read again from
  the audit;
- "links_pins": `ui.pinned.Pins`, {"<side>/view": Pin, "<side>/rows": Pin}: the services
  a view selected, kept while one of its editors is on screen, and the rows the editor
  on screen was opened with (its input must stay put: see `ui.pinned`).
"""

from __future__ import annotations

import math

import streamlit as st

from audit.config import AuditConfig
from audit.model import AuditResult
from ui import current, state, workshop
from ui.editing import (
    MATRIX_EDITABLE_COLUMNS,
    MATRIX_LEFT_COLUMNS,
    MATRIX_RIGHT_COLUMNS,
    LinkRow,
    Show,
    Side,
    accept_suggestions,
    cell_colour,
    count_links,
    decided_services,
    decisions_from_matrix,
    digest,
    forget_links,
    link_row,
    matching_services,
    matrix_table,
    presentation_table,
    suggestion_confidences,
    suggestions_at_or_above,
    target_column,
)
from ui.literal import md_escape
from ui.pinned import Pins
from workshop import model

GENERATION = "links_generation"
PINS = Pins("links_pins")
PAGE_SIZES = (25, 50, 100, 250)
ROW_HEIGHT = 35

SIDE_TITLES = {Side.OBJECTIVES: "Services × objectives", Side.CUSTOMERS: "Services × customers"}
SHOW_WORDS = {
    Side.OBJECTIVES: {Show.OUTSIDE: "Outside the mandate (no objective)"},
    Side.CUSTOMERS: {Show.OUTSIDE: "Serving no mandate customer"},
}


def _generation() -> int:
    return st.session_state.get(GENERATION, 0)


def _read_again() -> None:
    st.session_state[GENERATION] = _generation() + 1
    PINS.clear()


def _accept_all(side: Side, threshold: float) -> None:
    result = current.audited()
    if result is not None:
        state.set_overrides(accept_suggestions(result, side, threshold, state.overrides()))
    _read_again()


def _forget_all() -> None:
    state.set_overrides(forget_links(state.overrides()))
    _read_again()


def filters(side: Side) -> tuple[str, Show, int]:
    """Draw the search, the "show" choice and the page size; return them."""
    search_column, show_column, size_column = st.columns([3, 2, 1])
    search = search_column.text_input(
        "Find a service", key=f"links_{side.value}_search", placeholder="Name or id",
    )
    show = show_column.selectbox(
        "Show", list(Show), key=f"links_{side.value}_show",
        format_func=lambda s: SHOW_WORDS[side].get(s, s.value),
    )
    per_page = size_column.selectbox("Rows per page", PAGE_SIZES, index=1,
                                     key=f"links_{side.value}_per_page")
    return search, show or Show.ALL, per_page or PAGE_SIZES[1]


def starting_threshold(config: AuditConfig, side: Side) -> float:
    """Where the accept slider starts: the audit's own threshold for suggesting a link.

    Every waiting suggestion is at or above it, so the button first offers them all (the
    person raises the slider to be choosier), never a threshold above every suggestion.
    """
    least = (config.suggestion_min_confidence if side is Side.OBJECTIVES
             else config.customer_suggestion_min_confidence)
    return min(max(math.floor(least * 100 + 1e-9) / 100, 0.0), 1.0)


def bulk_accept(result: AuditResult, side: Side) -> None:
    """Draw the confidence slider and the button accepting every suggestion at or above it."""
    slider_column, button_column = st.columns([3, 2], vertical_alignment="bottom")
    threshold = slider_column.slider(
        "Accept suggestions with a confidence of at least", 0.0, 1.0,
        starting_threshold(result.config, side),
        step=0.01, format="%.2f", key=f"links_{side.value}_threshold",
        help="Confidence is how alike the service's wording and the target's are, from 0 "
             "(no word in common) to 1.",
    )
    found = suggestions_at_or_above(result, side, threshold)
    count = sum(len(targets) for targets in found.values())
    label = (f"Accept {count} suggestion{'s' if count != 1 else ''} at or above "
             f"{threshold:.2f}")
    button_column.button(
        label, key=f"links_{side.value}_accept_all", disabled=count == 0, type="primary",
        on_click=_accept_all, args=(side, threshold), width="stretch",
        help=f"Across all {len(found)} services concerned, not only those listed below. Each "
             "becomes linked to exactly its suggestions at or above this confidence.",
    )
    confidences = suggestion_confidences(result, side)
    if confidences:
        st.caption(f"{len(confidences)} suggestion{'s' if len(confidences) != 1 else ''} "
                   f"waiting, with confidences from {min(confidences):.2f} to "
                   f"{max(confidences):.2f}. Accepting makes them explicit links; you can "
                   "untick any of them afterwards.")
    else:
        st.caption("No suggestion is waiting: every service is linked explicitly, or has "
                   "nothing in its wording that matches.")


def _view_positions(result: AuditResult, side: Side, view: str, show: Show,
                    search: str) -> tuple[int, ...]:
    """The services the view selected while one of its editors is on screen, else afresh."""
    return PINS.opened(
        f"{side.value}/view", view,
        lambda: tuple(matching_services(result, side, show, search, state.overrides())),
        editor=None)


def _column_config(result: AuditResult, side: Side, targets: tuple[str, ...]) -> dict:
    columns = st.column_config
    if side is Side.OBJECTIVES:
        helps = [f"{o.statement} (priority {o.priority:g})" if o.priority is not None
                 else o.statement for o in result.catalogue.objectives]
        extra = "Objectives named, not in the mandate"
    else:
        helps = [f"{c.name}: {c.expectations or 'no expectations stated'}"
                 + (f" (importance {c.importance:g})" if c.importance is not None else "")
                 for c in result.catalogue.customers]
        extra = "Other customers named"
    config = {
        "service": columns.TextColumn("Service", pinned=True, width="medium"),
        "id": columns.TextColumn("Id", width="small"),
        "recommendation": columns.TextColumn(
            "Recommended (when opened)", width="small",
            help="The audit's recommendation when this table was opened. The figures at the "
                 "top of the page follow every tick; the table is read again when the filter "
                 "or page changes."),
        "status": columns.TextColumn(
            "Linked (when opened)", width=120,
            help="How the service was linked when this table was opened. ✓ workbook: "
                 "explicit links stated in the workbook. ✓ decided: links a person set in the "
                 "app. ≈ suggested: only suggested from wording. — none: no link. ✗ decided: "
                 "none: a person decided it serves none."),
        "extra": columns.TextColumn(extra, width="medium"),
        "suggested": columns.TextColumn(
            "≈ Suggested (confidence)", width=170, pinned=True,
            help="Links suggested from wording, not yet decided, with their confidence from "
                 "0 to 1. Tick a target to accept one, or use Accept / Reject."),
        "confidence": columns.ProgressColumn(
            "Confidence", min_value=0.0, max_value=1.0, format="%.2f", width=95,
            color="orange", help="The best suggestion's confidence, from 0 to 1."),
        "accept": columns.CheckboxColumn(
            "Accept", width=70, help="Make all of this service's suggestions links."),
        "reject": columns.CheckboxColumn(
            "Reject", width=70,
            help="Dismiss this service's suggestions: they are not suggested again."),
    }
    for target, words in zip(targets, helps, strict=True):
        config[target_column(target)] = columns.CheckboxColumn(target, help=md_escape(words),
                                                                width=_header_width(target))
    return config


def _header_width(label: str) -> int:
    """Pixels for a tick column so that its header (an id or a customer group) can be read."""
    return max(70, min(170, 8 * len(label) + 34))


def _show_presentation(rows: tuple[LinkRow, ...], targets: tuple[str, ...]) -> None:
    table = presentation_table(rows, targets)
    styled = table.style.map(cell_colour, subset=list(targets))
    st.dataframe(styled, hide_index=True, width="stretch",
                 height=min(36 + ROW_HEIGHT * len(rows), 900),
                 column_config={t: st.column_config.TextColumn(t, width=_header_width(t))
                                for t in targets})


def link_matrix(result: AuditResult, side: Side) -> st.delta_generator.DeltaGenerator | None:
    """Draw one side's matrix and apply its edits; return the place for its bulk action."""
    targets = side.targets(result.catalogue)
    if not targets:
        missing = "objectives" if side is Side.OBJECTIVES else "customers"
        st.info(f"The mandate has no {missing} yet, so there is nothing to link services to. "
                f"Add them on the Mandate page.", icon="ℹ️")
        st.page_link("app_pages/mandate.py", label="Open the Mandate page", icon="✍️")
        return None
    bulk = st.container(border=True)
    search, show, per_page = filters(side)
    view = f"{state.source().key}_{_generation()}_" + digest(
        {"search": search, "show": show.value, "per_page": per_page, "targets": targets})
    positions = _view_positions(result, side, view, show, search)
    pages = max(1, math.ceil(len(positions) / per_page))
    page_number = 1
    if pages > 1:
        page_number = st.pagination(pages, key=f"links_{side.value}_page_{view}",
                                    max_visible_pages=9)
    first = (page_number - 1) * per_page
    shown = positions[first:first + per_page]
    editor = f"links_{side.value}_matrix_{view}_{page_number}"
    overrides = state.overrides()
    rows: tuple[LinkRow, ...] = PINS.opened(
        f"{side.value}/rows", editor,
        lambda: tuple(link_row(result.services[p], side, overrides) for p in shown),
        editor=editor)
    PINS.hold(f"{side.value}/view", editor)

    total = len(result.services)
    if not shown:
        st.info("No service matches this filter.")
        return bulk
    matched = ("" if len(positions) == total
               else f" (the filter selects {len(positions)} of {total})")
    st.caption(f"Services {first + 1}–{first + len(shown)} of {len(positions)}{matched}, "
               f"{per_page} a page. Rows stay put while you tick; they are read again when "
               "the filter or page changes.")
    if st.toggle("Presentation view: ✓ linked, ≈ suggested with its confidence",
                 key=f"links_{side.value}_presentation",
                 help="A read-only colour matrix for showing a room; turn it off to edit."):
        _show_presentation(rows, targets)
        return bulk
    edited = st.data_editor(
        matrix_table(rows, targets), key=editor, hide_index=True, num_rows="fixed",
        width="stretch", height=min(36 + ROW_HEIGHT * len(rows), 900),
        disabled=["service", *(c for c in (*MATRIX_LEFT_COLUMNS, *MATRIX_RIGHT_COLUMNS)
                               if c not in MATRIX_EDITABLE_COLUMNS)],
        column_config=_column_config(result, side, targets),
    )
    before = state.overrides()
    after = decisions_from_matrix(rows, edited, targets, side, before)
    if after != before:
        state.set_overrides(after)
    return bulk


def summary(result: AuditResult) -> None:
    """The link figures the room watches move."""
    explicit, suggested = count_links(result, Side.OBJECTIVES)
    inside = sum(1 for s in result.services if s.inside_mandate)
    columns = st.columns(4)
    columns[0].metric("Explicit links to objectives", explicit, border=True,
                      help="Stated in the workbook or decided in the app.")
    columns[1].metric("Suggested links to objectives", suggested, border=True,
                      help="From wording alone, waiting for a person's decision.")
    columns[2].metric("Services inside the mandate", f"{inside} of {len(result.services)}",
                      border=True, help="Linked, explicitly or by suggestion, to an objective.")
    columns[3].metric("Services decided in the app", decided_services(state.overrides()),
                      border=True)


def page() -> None:
    """The links page: the two matrices, the bulk accept, and the figures they move."""
    if current.show_import_error():
        return
    if workshop.changed_elsewhere((model.LINKS,)):
        _read_again()  # someone else in the workshop changed links: show theirs
    result = current.audited()
    assert result is not None
    st.title("Links")
    st.caption("Which objectives and customers each service serves. A tick is an explicit "
               "link; **≈ suggested** links come from wording, with a confidence from 0 to 1, "
               "and count only until a person decides. Tick a box to link, untick to unlink: "
               "the row becomes a person's decision. Untouched services keep the workbook's "
               "links.")
    top = st.container()
    before = state.overrides()
    bulk_places = {}
    for side, tab in zip(Side, st.tabs([SIDE_TITLES[s] for s in Side]), strict=True):
        with tab:
            bulk_places[side] = link_matrix(result, side)
    # A cached audit comes back as a fresh copy, which costs about a second at 5,000
    # services: ask again only when a tick changed the decisions.
    latest = current.audited() if state.overrides() != before else result
    assert latest is not None
    with top:
        summary(latest)
    for side, place in bulk_places.items():
        if place is not None:
            with place:
                bulk_accept(latest, side)
    with st.popover("Forget link decisions…"):
        st.write(f"{decided_services(state.overrides())} services have links decided in the "
                 "app. Forgetting them puts back the workbook's links and the suggestions; "
                 "the mandate as edited is kept.")
        st.button("Forget every link decision", key="links_reset", on_click=_forget_all,
                  disabled=not state.overrides().links)
