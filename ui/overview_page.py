"""Overview: the audit at a glance, the first thing a first-time user sees."""

from __future__ import annotations

import streamlit as st

from audit.config import AuditConfig
from audit.findings import attention_first
from audit.model import AuditOverrides, AuditResult, Headline, Recommendation
from audit.wording import percent
from reports.charts import Chart, alignment_value_quadrant
from ui import current, data, state
from ui.literal import md_escape


def headline_metrics(result: AuditResult) -> None:
    """The four catalogue-wide figures, each with how it is computed."""
    summary = result.summary
    figures: list[tuple[str, Headline]] = [
        ("Mandate fit", summary.mandate_fit),
        ("Objectives covered", summary.objective_coverage),
        ("Customers served", summary.customer_coverage),
        ("Effort inside the mandate", summary.effort_in_mandate),
    ]
    for column, (label, headline) in zip(st.columns(len(figures)), figures, strict=True):
        shown = "not known" if headline.value is None else percent(headline.value)
        column.metric(label, shown, help=headline.explanation, border=True)


def worst_findings(result: AuditResult, how_many: int = 3) -> None:
    """The few findings that matter most: severity first, then the effort at stake."""
    ranked = attention_first(result.findings, how_many)
    if not ranked:
        st.success("The audit found nothing to raise.")
        return
    for finding in ranked:
        # Coloured badges rather than emoji: emoji fonts are missing on many office machines.
        colour = {"high": "red", "medium": "orange", "low": "gray"}[finding.severity.value]
        st.markdown(f":{colour}-badge[{finding.severity.value}] **{finding.code.title}**  \n"
                    f"{md_escape(finding.message)}")
    rest = len(result.findings) - len(ranked)
    if rest > 0:
        st.caption(f"{rest} more on the Findings page, upkeep (missing data, overdue "
                   f"reviews) last.")


def plan_line(result: AuditResult) -> None:
    """The headline figures after the plan (planned services in, retiring ones out)."""
    view = result.summary.after_plan
    if view is not None:
        st.caption(md_escape(view.explanation))


@st.cache_resource(show_spinner=False, max_entries=data.CACHE_ENTRIES, ttl=data.CACHE_SECONDS)
def _quadrant(_result: AuditResult, audit_key: str) -> Chart:
    """The overview's chart, built once per audit for every session (plotly's figure checks
    cost about 0.08 s a time, a quarter of a new session's server time). Shared read-only:
    st.plotly_chart copies the figure, nothing changes it."""
    return alignment_value_quadrant(_result, width=520, height=480)


def warm_sample() -> None:
    """Import and audit the default sample, and draw its chart, into the caches every
    session shares: what a first visitor's overview needs (see ui/serve.py)."""
    source = state.Source(data.sample_upload(data.DEFAULT_SAMPLE),
                          data.sample_mandate(data.DEFAULT_SAMPLE))
    loaded = data.load_cached(source.workbook.data, source.workbook.name,
                              source.mandate.data if source.mandate else None,
                              source.mandate.name if source.mandate else "", ())
    if loaded.result is None:
        return
    overrides, config = AuditOverrides(), AuditConfig()
    result = data.audit(loaded.result, current.import_key(source, {}), overrides, config)
    _quadrant(result, current.audit_key_of(source, {}, overrides, config))


def page() -> None:
    """The overview page."""
    if current.show_import_error():
        return
    result = current.audited()
    assert result is not None
    mandate = result.catalogue.mandate
    st.title(md_escape(mandate.pmo_name or result.catalogue.source or "Service catalogue audit"))
    if mandate.statement:
        kind = mandate.pmo_type.value if mandate.pmo_type else "type not stated"
        st.caption(f"Mandate ({kind} PMO): {md_escape(mandate.statement)}")
    # Laid out top to bottom, but the chart is sent first: a browser fetches and starts
    # plotly's JavaScript (the page's heaviest part) when the first chart arrives, so it
    # does that while the figures and findings follow.
    figures, plan = st.container(), st.container()
    left, right = st.columns([3, 2])
    with right:
        st.subheader("Recommendations")
        counts = result.summary.recommendations
        for recommendation in Recommendation:
            st.markdown(f"**{counts.get(recommendation.value, 0)}** · {recommendation.title}")
        st.caption(f"{result.summary.services} services audited as of {result.as_of:%d %B %Y}.")
        quadrant = _quadrant(result, current.audit_key())
        st.plotly_chart(quadrant.figure, key="overview_quadrant", width="stretch", theme=None,
                        config={"displaylogo": False})
        st.caption(f"**How to read this:** {quadrant.how_to_read}")
    with figures:
        headline_metrics(result)
    with plan:
        plan_line(result)
    with left:
        st.subheader("What needs attention first")
        worst_findings(result)
