"""Compare versions: what changed between two audits, on one page a sponsor can read.

Each side is one of: what is audited now, a snapshot of this workshop, a shipped sample,
or an uploaded workbook. Both are audited with the thresholds in use now (a snapshot with
its own), and `audit.compare.compare` sets them side by side. A side from a workshop (now,
or a snapshot) counts the room's decisions: it is the audit after them (`workshop.whatif`),
so services the room retired or handed over have left, and the page says what the room
decided between the two.

Session-state keys of this page: the widgets `compare_before`, `compare_after` (the
choice per side) and `compare_upload_before`, `compare_upload_after`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from audit.compare import Comparison, HeadlineChange, compare
from audit.model import AuditOverrides, AuditResult
from audit.wording import fte_change, points_change
from reports.charts import comparison_chart
from ui import current, data, state, workshop
from ui.errors import Problem, show_error
from ui.literal import md_escape
from ui.sidebar import WORKBOOK_TYPES
from workshop.model import Decision
from workshop.whatif import decision_sentences, decisions_between, leaving_words, what_if

NOW = "now"
UPLOAD = "upload"
SAMPLE = "sample:"
SNAPSHOT = "snapshot:"
BEFORE_SAMPLE = "coaching_story.xlsx"
AFTER_SAMPLE = "coaching_story_after_workshop.xlsx"


@dataclass(frozen=True)
class Side:
    label: str
    result: AuditResult | None  # after the room's decisions, for a side from a workshop
    problem: Problem | None = None
    decisions: Mapping[str, Decision] = field(default_factory=dict)


def decided(label: str, result: AuditResult | None, decisions: Mapping[str, Decision],
            overrides: AuditOverrides) -> Side:
    """A side from a workshop: the audit after its decisions take effect."""
    if result is None:
        return Side(label, None, decisions=decisions)
    return Side(label, what_if(result, decisions, overrides).after, decisions=decisions)


def choices() -> dict[str, str]:
    """Each comparable version: its key, and how the picker shows it."""
    out = {NOW: f"Now: {state.source().workbook.name}"
                + (" (this workshop)" if workshop.active() else "")}
    found = workshop.active()
    if found is not None:
        for snap in workshop.store().snapshots(found.id):
            out[SNAPSHOT + snap.id] = f"Snapshot: {snap.name} ({workshop.when(snap.created_at)})"
    for name in data.sample_names():
        out[SAMPLE + name] = f"Sample: {name}"
    out[UPLOAD] = "Upload a workbook…"
    return out


def _audit(workbook: data.Upload, mandate: data.Upload | None, columns: dict[str, str],
           overrides: AuditOverrides, config) -> tuple[AuditResult | None, Problem | None]:
    loaded = data.load(workbook.data, workbook.name, mandate.data if mandate else None,
                       mandate.name if mandate else "", tuple(sorted(columns.items())))
    if loaded.result is None:
        return None, Problem(f"{workbook.name} could not be imported.", loaded.error or "")
    key = f"compare:{data_key(workbook, mandate)}:{sorted(columns.items())}"
    return data.audit(loaded.result, key, overrides, config), None


def data_key(workbook: data.Upload, mandate: data.Upload | None) -> str:
    return state.Source(workbook, mandate).key


def side(choice: str, label: str, which: str) -> Side:
    """Audit one side of the comparison."""
    if choice == NOW:
        result = current.audited()
        if result is None:
            return Side(label, None, Problem(f"{state.source().workbook.name} could not be "
                                             "imported.", "See the Import page."))
        if workshop.active() is not None:
            from ui.workshop_page import whatif_for  # its what-if, already worked out
            return Side(label, whatif_for(result).after, decisions=workshop.decisions())
        return Side(label, result)
    if choice.startswith(SAMPLE):
        name = choice[len(SAMPLE):]
        result, problem = _audit(data.sample_upload(name), data.sample_mandate(name), {},
                                 AuditOverrides(), state.config())
        return Side(label, result, problem)
    if choice.startswith(SNAPSHOT):
        return snapshot_side(choice[len(SNAPSHOT):], label)
    uploaded = st.file_uploader(f"The {which} workbook", type=WORKBOOK_TYPES,
                                key=f"compare_upload_{which}")
    if uploaded is None:
        return Side(label, None)  # the uploader asks for it
    result, problem = _audit(data.Upload(uploaded.name, uploaded.getvalue()), None, {},
                             AuditOverrides(), state.config())
    return Side(uploaded.name, result, problem)


def snapshot_side(snapshot_id: str, label: str) -> Side:
    """The audit of this workshop's snapshot, as it was when the snapshot was taken."""
    found = workshop.active()
    assert found is not None
    snap = workshop.store().load_snapshot(found.id, snapshot_id).state
    assert snap.workbook is not None
    book = data.Upload(snap.workbook.name, workshop.store().workbook_bytes(
        found.id, snap.workbook.digest))
    mandate = (data.Upload(snap.mandate_workbook.name, workshop.store().workbook_bytes(
        found.id, snap.mandate_workbook.digest)) if snap.mandate_workbook else None)
    result, problem = _audit(book, mandate, dict(snap.column_overrides), snap.overrides,
                             snap.config)
    if problem:
        return Side(label, None, problem)
    return decided(label, result, snap.decisions, snap.overrides)


def default_choices(options: list[str]) -> tuple[str, str]:
    snapshots = [o for o in options if o.startswith(SNAPSHOT)]
    if snapshots:
        return snapshots[0], NOW
    return SAMPLE + BEFORE_SAMPLE, SAMPLE + AFTER_SAMPLE


def changes_table(comparison: Comparison) -> pd.DataFrame:
    rows = []
    for c in comparison.changed:
        rows.append({
            "ID": c.service_id, "Service": c.name,
            "What changed": "; ".join(f"{f.label}: {f.before} → {f.after}" for f in c.fields)
                            or "the audit's view only",
            "Alignment": f"{c.alignment_before:.2f} → {c.alignment_after:.2f}",
            "Value": f"{_score(c.value_before)} → {_score(c.value_after)}",
            "Recommendation": (f"{c.recommendation_before.value} → "
                               f"{c.recommendation_after.value}"),
        })
    return pd.DataFrame(rows)


def _score(value: float | None) -> str:
    return "not judged" if value is None else f"{value:.2f}"


def services_table(services) -> pd.DataFrame:
    return pd.DataFrame([{"ID": s.service_id, "Service": s.name,
                          "Status": s.status.value if s.status else "",
                          "Effort (FTE)": s.effort_fte,
                          "Recommendation": s.recommendation.label} for s in services])


def findings_table(findings) -> pd.DataFrame:
    return pd.DataFrame([{"Severity": f.severity.value, "Finding": f.code.title,
                          "Message": f.message} for f in findings])


def headline_delta(h: HeadlineChange) -> str | None:
    """The change beside a headline figure ('+9 points'), by audit.wording's one rule."""
    if not h.moved or h.before is None or h.after is None:
        return None
    if h.percent:
        return points_change(h.before, h.after)
    if h.unit == "FTE":
        return fte_change(h.before, h.after)
    return f"{h.after - h.before:+,.0f}"


def story(comparison: Comparison, before: Side, after: Side) -> tuple[str, ...]:
    """What the room decided between the two sides, then what changed in the audit."""
    audited = after.result or before.result
    assert audited is not None, "a story is told only of two audited versions"
    decided_now = decision_sentences(decisions_between(before.decisions, after.decisions,
                                                       audited))
    told = comparison.sentences()
    if decided_now and comparison.nothing_changed:
        told = ("None of these decisions takes a service out of the PMO (keep, improve and "
                "rethink leave it in place), so the services, figures and findings are the "
                "same.",)
    return (*decided_now, *told)


def compare_sides(before: Side, after: Side) -> Comparison:
    """The comparison of two audited sides, knowing which services leave by decision."""
    assert before.result is not None and after.result is not None
    return compare(before.result, after.result, before_label=_short(before.label),
                   after_label=_short(after.label),
                   decided=leaving_words(after.decisions))


def show(comparison: Comparison, sentences: tuple[str, ...] | None = None) -> None:
    st.subheader(f"{md_escape(comparison.before_label)} → {md_escape(comparison.after_label)}")
    for sentence in comparison.sentences() if sentences is None else sentences:
        st.markdown(f"- {md_escape(sentence)}")
    cols = st.columns(len(comparison.headlines))
    for col, h in zip(cols, comparison.headlines, strict=True):
        col.metric(h.label, h.shown(h.after), delta=headline_delta(h),
                   delta_color="normal" if h.percent else "off",
                   help=f"{md_escape(comparison.before_label)}: {h.shown(h.before)}")
    st.plotly_chart(comparison_chart(comparison).figure, key="compare_chart",
                    config={"displayModeBar": False})
    tabs = st.tabs([f"Changed ({len(comparison.changed)})", f"Added ({len(comparison.added)})",
                    f"Removed ({len(comparison.removed)})",
                    f"Findings resolved ({len(comparison.findings_resolved)})",
                    f"New findings ({len(comparison.findings_new)})"])
    tables = (changes_table(comparison), services_table(comparison.added),
              services_table(comparison.removed), findings_table(comparison.findings_resolved),
              findings_table(comparison.findings_new))
    for tab, table in zip(tabs, tables, strict=True):
        with tab:
            if table.empty:
                st.caption("None.")
            else:
                st.dataframe(table, hide_index=True, width="stretch")


def page() -> None:
    """The compare page."""
    st.title("Compare versions")
    st.caption("What changed between two versions of the catalogue, or two snapshots of a "
               "workshop: services added, removed and changed, the headline figures then and "
               "now, findings resolved and new.")
    options = choices()
    keys = list(options)
    first, second = default_choices(keys)
    left, right = st.columns(2)
    with left:
        before_choice = st.selectbox("Before", keys, index=keys.index(first),
                                     format_func=lambda key: options.get(key, key),
                                     key="compare_before") or first
        before = side(before_choice, options[before_choice], "earlier")
    with right:
        after_choice = st.selectbox("After", keys, index=keys.index(second),
                                    format_func=lambda key: options.get(key, key),
                                    key="compare_after") or second
        after = side(after_choice, options[after_choice], "later")
    for s in (before, after):
        if s.problem:
            show_error(s.problem)
    if before.result is None or after.result is None:
        return
    comparison = compare_sides(before, after)
    show(comparison, story(comparison, before, after))


def _short(label: str) -> str:
    return label.removeprefix("Sample: ").removeprefix("Snapshot: ")
