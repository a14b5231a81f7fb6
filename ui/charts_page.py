"""Charts for sponsors: the page in the editing app, and the sponsor view (`?view=sponsor`).

Both draw the same figures from `reports.charts`, each with its one-line "how to read this".
The sponsor view has no editing widget at all: no uploader, no editor, no text input.
"""

from __future__ import annotations

import streamlit as st

from audit.model import AuditResult, Recommendation
from audit.wording import percent
from catalogue.model import ServiceStatus
from reports import charts, summary
from ui import current, handoff, state, workshop
from ui.literal import md_escape as _md
from ui.overview_page import headline_metrics

# Plotly's own look (white, our fonts and colours), so the app shows what the PDF prints.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def on_a_phone() -> bool:
    """True when the browser says it is a phone's ("Mobile" in its user agent)."""
    headers = st.context.headers
    return "Mobi" in (headers.get("User-Agent", "") if headers else "")


def show_charts(result: AuditResult, key_prefix: str) -> None:
    """Every sponsor chart, interactive, each followed by how to read it.

    On a phone the charts are laid out for its width (`reports.charts.for_phone`) and have
    no toolbar, which would sit over their titles.
    """
    phone = on_a_phone()
    config = {**PLOTLY_CONFIG, "displayModeBar": False} if phone else PLOTLY_CONFIG
    for chart in charts.sponsor_charts(result, compact=phone):
        st.plotly_chart(chart.figure, key=f"{key_prefix}_{chart.key}", width="stretch",
                        theme=None, config=config)
        st.caption(f"**How to read this:** {chart.how_to_read}")


def proposed_stops(result: AuditResult, title: str = "What the PMO proposes to stop") -> None:
    """What the audit proposes to stop or rethink, largest effort first within each."""
    stops = summary.proposed_stops(result)
    st.subheader(title)
    if not stops:
        st.success("Nothing: every service in service is inside the mandate or valued.")
        return
    total = result.summary.total_effort_fte
    freed = summary.freed_effort(result)
    share = f" ({percent(freed / total)} of the PMO's effort)" if total else ""
    retire, rethink = Recommendation.RETIRE, Recommendation.RETHINK
    st.markdown(f"{len(stops)} service{'s' if len(stops) != 1 else ''} taking "
                f"**{freed:g} FTE**{share}. *{retire.label}*: {retire.meaning}. "
                f"*{rethink.label}*: {rethink.meaning}: hand it over, or renegotiate the "
                f"mandate to include it.")
    lines = []
    for service in stops:
        word = service.recommendation.label
        effort = ("effort not known" if service.effort_fte is None
                  else f"{service.effort_fte:g} FTE")
        retiring = ", already retiring" if service.status is ServiceStatus.RETIRING else ""
        retiring += ", mandatory" if service.mandatory else ""
        lines.append(f"- **{word}** · {_md(service.name)} ({effort}{retiring})")
    st.markdown("\n".join(lines))


def page() -> None:
    """The charts page of the editing app."""
    st.title("Charts for sponsors")
    if current.show_import_error():
        return
    result = current.audited()
    assert result is not None
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption("What a sponsor sees: the same charts without any editing controls, in a "
                 "new tab; this tab keeps everything as it is. The sponsor view's address "
                 "ends in `?view=sponsor`.")
    right.link_button("Open the sponsor view", sponsor_view_address(), key="charts_sponsor_view",
                      width="stretch",
                      help="Opens in a new tab, on this catalogue as edited here.")
    headline_metrics(result)
    show_charts(result, "charts")


def sponsor_view_address() -> str:
    """Where "Open the sponsor view" leads: this workshop's sponsor link, or outside a
    workshop the sponsor view of what this tab audits, handed over to the new tab."""
    found = workshop.active()
    if found is not None:
        return workshop.sponsor_link(found.id)
    return (f"{workshop.app_address()}?view=sponsor&{handoff.QUERY}="
            f"{handoff.offer_current()}")


def sample_notice() -> None:
    """Say plainly when the catalogue shown is one of the app's samples, not the PMO's own."""
    if state.source().is_sample:
        st.info(f"This is a sample catalogue that comes with the app "
                f"({_md(state.source().workbook.name)}), not your PMO's own: it shows what "
                f"the audit gives.", icon="🧪")


def sponsor_page() -> None:
    """The sponsor view: the PMO, its mandate, the figures, the charts, the proposed stops."""
    if current.show_import_error():
        return
    result = current.audited()
    assert result is not None
    mandate = result.catalogue.mandate
    st.title(_md(mandate.pmo_name or result.catalogue.source or "Service catalogue audit"))
    sample_notice()
    if mandate.statement:
        kind = f"{mandate.pmo_type.value} PMO" if mandate.pmo_type else "PMO"
        st.markdown(f"**Mandate** ({kind}): {_md(mandate.statement)}")
    details = [f"{result.summary.services} services audited as of {result.as_of:%d %B %Y}"]
    if mandate.sponsor:
        details.insert(0, f"Sponsor: {mandate.sponsor}")
    st.caption(" · ".join(_md(d) for d in details))
    headline_metrics(result)
    if workshop.active() is not None:
        workshop_decisions(result)
        proposed_stops(result, "What the audit recommends, service by service")
        since_first_snapshot(result)
    else:
        proposed_stops(result)
    show_charts(result, "sponsor")


def since_first_snapshot(result: AuditResult) -> None:
    """What changed since the workshop's first snapshot ("FY26 baseline"), if it has one.

    Both sides count the room's decisions: the snapshot as decided then, now as decided now.
    """
    from reports.charts import comparison_chart
    from ui.compare_page import Side, compare_sides, snapshot_side, story
    from ui.workshop_page import whatif_for

    found = workshop.active()
    assert found is not None
    kept = workshop.store().snapshots(found.id)
    if not kept:
        return
    first = kept[0]
    then = snapshot_side(first.id, first.name)
    if then.result is None:
        return
    now = Side("Now", whatif_for(result).after, decisions=workshop.decisions())
    comparison = compare_sides(then, now)
    st.subheader(f"What changed since “{_md(first.name)}” ({workshop.when(first.created_at)})")
    st.markdown("\n".join(f"- {_md(line)}" for line in story(comparison, then, now)))
    st.plotly_chart(comparison_chart(comparison).figure, key="sponsor_since", width="stretch",
                    theme=None, config=PLOTLY_CONFIG)


def workshop_decisions(result: AuditResult) -> None:
    """What the workshop's room decided, and what it achieves, for the sponsor."""
    from ui.workshop_page import figure_delta, figure_value, whatif_for
    from workshop import outcome

    found = whatif_for(result)
    title = workshop.current_state().title
    st.subheader("What the workshop decided" + (f": {_md(title)}" if title else ""))
    st.markdown(_md(outcome.decisions_in_words(found)))
    cols = st.columns(len(found.figures))
    for col, figure in zip(cols, found.figures, strict=True):
        col.metric(f"{figure.label} after", figure_value(figure.after, figure.percent),
                   delta=figure_delta(figure.before, figure.after, figure.percent),
                   delta_color="normal" if figure.percent else "off",
                   help=f"Today: {figure_value(figure.before, figure.percent)}.")
    leaving = outcome.leaving_services(workshop.current_state(), found)
    if leaving:
        st.markdown(f"**Leaving the PMO** ({_md(outcome.effort_freed_text(found))} freed):")
        st.markdown("\n".join(
            f"- **{_md(decision.kind.label if decision.kind else '')}** · {_md(service.name)}"
            + (f" · {service.effort_fte:g} FTE" if service.effort_fte is not None else "")
            + (f" · owner {_md(decision.owner)}" if decision.owner else "")
            for service, decision, _cost in leaving))
