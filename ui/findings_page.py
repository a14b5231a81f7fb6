"""Findings: every finding grouped by kind, filterable, with its evidence; and every service.

The page draws the rules & thresholds panel first (so an applied change is audited in
the same draw), then two tabs: the findings, filtered by severity, kind and a search over
whom they concern; and a table of every service with its scores and recommendation.
The filters and tables are pure functions of the audit result, tested without a browser.
Widget keys start with "findings_".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import streamlit as st

from audit.model import (
    AuditResult,
    Finding,
    FindingCode,
    FindingSeverity,
    Recommendation,
    ServiceAssessment,
)
from audit.taxonomy import taxonomy
from catalogue.words import fold_name
from ui import current, state
from ui.literal import md_escape
from ui.rules import rules_panel

SEVERITIES = tuple(FindingSeverity)
SEVERITY_COLOURS: dict[str, Literal["red", "orange", "yellow"]] = {
    "high": "red", "medium": "orange", "low": "yellow"}
FINDINGS_PER_GROUP = 20
TABLE_ROW_PX, TABLE_MAX_PX = 35, 740  # st.dataframe's row height; the tallest table shown

CODE_MEANINGS = {
    FindingCode.SERVICE_OUTSIDE_MANDATE: "A service linked to no mandate objective.",
    FindingCode.OBJECTIVE_NOT_COVERED: "An objective that no service delivers.",
    FindingCode.CUSTOMER_NOT_SERVED: "A mandate customer that no service serves.",
    FindingCode.EXPECTATION_NOT_MET:
        "Something a mandate customer expects that no service provides.",
    FindingCode.CUSTOMER_OUTSIDE_MANDATE:
        "A service whose customers are all outside the mandate's customers.",
    FindingCode.PMO_TYPE_MISMATCH:
        "A service of a stronger nature than the PMO's type allows.",
    FindingCode.LOW_VALUE:
        "Evidence that a service gives little: low demand, low satisfaction, or high "
        "effort for what it gives.",
    FindingCode.STALE_SERVICE:
        "A service not delivered for longer than the review period; services whose review "
        "is overdue, in one finding.",
    FindingCode.OVERLAPPING_SERVICES:
        "Two or more services that do the same thing for the same customers.",
    FindingCode.EFFORT_MISALIGNED:
        "An objective whose share of the PMO's effort is far from its share of priority.",
    FindingCode.MISSING_DATA:
        "Services lacking what is needed to judge them: one finding per missing field "
        "(owner, effort, any value evidence).",
    FindingCode.NO_MANDATE:
        "The mandate states no objectives: agree a mandate with the sponsor.",
    FindingCode.PMO_TYPE_UNDERREACH:
        "A directive or controlling PMO spending little of its effort on work of its own "
        "nature.",
    FindingCode.FUNCTION_NOT_PROVIDED:
        "A mandate objective asks for a PMO function that no service provides.",
}

# Evidence keys as a PMO manager reads them, and how their figures are written.
EVIDENCE_LABELS: dict[str, tuple[str, str]] = {
    "effort_fte": ("Effort", "fte"),
    "effort_share": ("Share of the PMO's effort", "percent"),
    "combined_effort_fte": ("Combined effort", "fte"),
    "combined_effort_share": ("Combined share of effort", "percent"),
    "total_effort_fte": ("The PMO's total effort", "fte"),
    "priority": ("Priority", "number"),
    "priority_share": ("Share of the mandate's priority", "percent"),
    "gap": ("Effort share minus priority share", "gap"),
    "effort_gap_threshold": ("Gap that raises a finding", "points"),
    "importance": ("Importance", "number"),
    "importance_share": ("Share of customers' importance", "percent"),
    "value": ("Value score", "score"),
    "demand": ("Demand", "number"),
    "median_demand": ("Catalogue's median demand on request", "number"),
    "expected_demand": ("Expected demand a year", "number"),
    "expected_from_frequency": ("Expected from its frequency", "text"),
    "demand_ratio_to_expected": ("Demand against expected", "times"),
    "annual_cost": ("Annual cost", "number"),
    "cost_per_use": ("Cost per use", "number"),
    "overdue": ("Overdue", "text"),
    "oldest_review": ("Oldest review", "text"),
    "services": ("Services", "number"),
    "services_in_service": ("Services in service", "number"),
    "objectives": ("Objectives", "number"),
    "demand_per_fte_ratio_to_median": ("Demand per FTE against the median", "times"),
    "satisfaction": ("Satisfaction (1 to 5)", "number"),
    "closest_objective": ("Closest objective", "text"),
    "closest_confidence": ("Its confidence", "score"),
    "suggestion_min_confidence": ("Confidence needed to suggest", "score"),
    "similarity_highest": ("Highest wording similarity", "score"),
    "similarity_lowest": ("Lowest wording similarity", "score"),
    "unmatched_objectives": ("Objectives named but not in the mandate", "text"),
    "customers": ("Customers", "text"),
    "shared_customers": ("Customers in common", "text"),
    "planned_services": ("Planned services", "text"),
    "missing": ("Missing", "text"),
    "status": ("Status", "text"),
    "pmo_type": ("PMO type", "text"),
    "service_nature": ("Service's nature", "text"),
    "review_period_months": ("Review period (months)", "number"),
    "as_of": ("As of", "text"),
    "last_reviewed": ("Last reviewed", "text"),
    "last_delivered": ("Last delivered", "text"),
}



# --- Pure helpers ------------------------------------------------------------------------



@dataclass(frozen=True)
class Names:
    """What the findings' ids stand for: service names and objective statements."""

    services: dict[str, str]
    objectives: dict[str, str]

    @classmethod
    def of(cls, result: AuditResult) -> Names:
        """The names in this audit (the first service of a repeated id names it)."""
        services: dict[str, str] = {}
        for service in result.services:
            services.setdefault(service.service_id, service.name)
        objectives = {o.id: o.statement for o in result.catalogue.objectives}
        return cls(services, objectives)

    def service(self, service_id: str) -> str:
        """“Name” (ID), or the id alone when the audit does not know it."""
        name = self.services.get(service_id)
        return f"“{name}” ({service_id})" if name and name != service_id else service_id

    def objective(self, objective_id: str) -> str:
        """ID “statement”, or the id alone."""
        statement = self.objectives.get(objective_id)
        return f"{objective_id} “{statement}”" if statement else objective_id

    def searchable(self, finding: Finding) -> str:
        """Every id and name the finding concerns, folded for a search."""
        words = [*finding.subjects]
        words += [self.services.get(s, "") for s in finding.services]
        words += [self.objectives.get(o, "") for o in finding.objectives]
        return fold_name(" ".join(words))


def filter_findings(findings: Iterable[Finding], names: Names,
                    severities: Sequence[FindingSeverity] = SEVERITIES,
                    codes: Sequence[FindingCode] = (), search: str = "") -> list[Finding]:
    """The findings of these severities and kinds (none: every kind) that concern `search`."""
    wanted = fold_name(search)
    return [f for f in findings
            if f.severity in severities
            and (not codes or f.code in codes)
            and (not wanted or wanted in names.searchable(f))]


def group_by_code(findings: Iterable[Finding]) -> list[tuple[FindingCode, list[Finding]]]:
    """Findings by kind: the kinds with the most severe findings first, then the most findings.

    Within a kind, the most severe first, otherwise in the audit's order.
    """
    groups: dict[FindingCode, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.code, []).append(finding)
    for members in groups.values():
        members.sort(key=lambda f: f.severity.rank)
    order = list(FindingCode)
    return sorted(groups.items(),
                  key=lambda item: (item[1][0].severity.rank, -len(item[1]), order.index(item[0])))


def severity_counts(findings: Iterable[Finding]) -> dict[FindingSeverity, int]:
    """How many findings of each severity, most severe first, only those present."""
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity] += 1
    return {severity: n for severity, n in counts.items() if n}


def format_figure(value: object, kind: str = "") -> str:
    """An evidence figure as a sentence would write it."""
    if value is None:
        return "not known"
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value) if value else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return "not known"
        if kind == "percent":
            return f"{number:.0%}"
        if kind == "points":
            return f"{abs(number) * 100:.0f} points"
        if kind == "gap":
            return f"{number * 100:+.0f} points".replace("-", "−")
        if kind == "fte":
            return f"{number:.2f}".rstrip("0").rstrip(".") + " FTE"
        if kind == "times":
            return f"{number:.2f}×"
        if kind == "score":
            return f"{number:.2f}"
        return f"{number:.2f}".rstrip("0").rstrip(".") if not number.is_integer() else f"{number:.0f}"
    return str(value)


def evidence_table(evidence: dict[str, object]) -> pd.DataFrame:
    """The figures behind a finding as rows of (figure, value), both as text."""
    rows = []
    for key, value in evidence.items():
        label, kind = EVIDENCE_LABELS.get(key, (key.replace("_", " ").capitalize(), ""))
        rows.append((label, format_figure(value, kind)))
    return pd.DataFrame(rows, columns=["Figure", "Value"], dtype="str")


def value_shown(service: ServiceAssessment) -> str:
    """The value score with two decimals, or "not enough evidence"."""
    return "not enough evidence" if service.value is None else f"{service.value:.2f}"


def services_table(services: Iterable[ServiceAssessment]) -> pd.DataFrame:
    """One row per service: scores, recommendation and why, and the kinds of finding it has."""
    rows = [{
        "ID": s.service_id,
        "Service": s.name,
        "Alignment": round(s.alignment, 4),
        "Value": value_shown(s),
        "Recommendation": s.recommendation.label,
        "Reason": s.recommendation_reason,
        "Flags": [code.title for code in s.flags],
        "Effort (FTE)": s.effort_fte,
        "Mandatory": "yes" if s.mandatory else "",
        "Kind of work": _kind_of_work(s),
    } for s in services]
    columns = ["ID", "Service", "Alignment", "Value", "Recommendation", "Effort (FTE)",
               "Flags", "Reason", "Kind of work", "Mandatory"]
    return pd.DataFrame(rows, columns=columns)


def _kind_of_work(service: ServiceAssessment) -> str:
    """The service's PMO function and group, as the taxonomy names them ("" without text)."""
    if service.function is None:
        return ""
    tax = taxonomy()
    function = tax.function(service.function)
    return f"{function.name} ({tax.group(function.group).name})"


def filter_services(services: Iterable[ServiceAssessment], search: str = "",
                    recommendations: Sequence[str] = ()) -> list[ServiceAssessment]:
    """The services whose id or name contains `search`, with one of these recommendations."""
    wanted = fold_name(search)
    return [s for s in services
            if (not recommendations or s.recommendation.value in recommendations)
            and (not wanted or wanted in fold_name(f"{s.service_id} {s.name}"))]


# --- Widgets -----------------------------------------------------------------------------

def finding_filters(result: AuditResult) -> tuple[list[FindingSeverity], list[FindingCode], str]:
    """Draw the severity, kind and search filters; return what the user chose."""
    by_code: dict[FindingCode, int] = {}
    for finding in result.findings:
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
    by_severity = severity_counts(result.findings)
    severity_column, kind_column, search_column = st.columns([2, 3, 2])
    severities = severity_column.pills(
        "Severity", SEVERITIES, selection_mode="multi", default=SEVERITIES,
        key="findings_severity", format_func=lambda s: f"{s.value} · {by_severity.get(s, 0)}",
    )
    codes = kind_column.multiselect(
        "Kind of finding", [code for code in FindingCode if code in by_code],
        key="findings_kinds", placeholder="Every kind",
        format_func=lambda c: f"{c.title} ({by_code.get(c, 0)})",
    )
    search = search_column.text_input(
        "Search", key="findings_search", placeholder="Service, objective or customer",
        help="Shows the findings about a service (by name or id), an objective (by id or "
             "statement) or a customer.",
    )
    return severities, codes, search


def _concerns(finding: Finding, names: Names) -> str:
    parts = []
    if finding.services:
        label = "Service" if len(finding.services) == 1 else "Services"
        parts.append(f"**{label}:** " + "; ".join(md_escape(names.service(s))
                                                for s in finding.services))
    if finding.objectives:
        label = "Objective" if len(finding.objectives) == 1 else "Objectives"
        parts.append(f"**{label}:** " + "; ".join(md_escape(names.objective(o))
                                                for o in finding.objectives))
    if finding.customers:
        label = "Customer" if len(finding.customers) == 1 else "Customers"
        parts.append(f"**{label}:** " + "; ".join(md_escape(c) for c in finding.customers))
    return "  \n".join(parts)


def show_finding(finding: Finding, names: Names) -> None:
    """One finding: its severity, message, whom it concerns, and the figures behind it."""
    with st.container(border=True):
        words, figures = st.columns([3, 2])
        with words:
            severity = finding.severity.value
            st.badge(severity, color=SEVERITY_COLOURS[severity])
            st.markdown(md_escape(finding.message))
            concerns = _concerns(finding, names)
            if concerns:
                st.markdown(concerns)
        with figures:
            if finding.evidence:
                st.table(evidence_table(finding.evidence), hide_index=True, hide_header=True,
                         border="horizontal")
            else:
                st.caption("No figures behind this finding.")


def show_group(code: FindingCode, findings: list[Finding], names: Names) -> None:
    """One kind of finding in an expander: its meaning, then each finding."""
    counts = severity_counts(findings)
    badges = " ".join(f":{SEVERITY_COLOURS[s.value]}-badge[{n} {s.value}]"
                      for s, n in counts.items())
    worst = next(iter(counts))
    label = f"**{code.title}** · {len(findings)} {badges}"
    with st.expander(label, expanded=worst is FindingSeverity.HIGH):
        st.caption(CODE_MEANINGS.get(code, ""))
        shown = findings
        if len(findings) > FINDINGS_PER_GROUP and not st.toggle(
                f"Show all {len(findings)}", key=f"findings_all_{code.value}"):
            shown = findings[:FINDINGS_PER_GROUP]
            st.caption(f"Showing the {FINDINGS_PER_GROUP} most severe of {len(findings)}. "
                       "Narrow the filters, or show all.")
        for finding in shown:
            show_finding(finding, names)


def findings_tab(result: AuditResult) -> None:
    """The filters, then the findings grouped by kind."""
    if not result.findings:
        st.success("The audit found nothing to raise: every service serves the mandate "
                   "with evidence of value.", icon=":material/check_circle:")
        return
    names = Names.of(result)
    severities, codes, search = finding_filters(result)
    shown = filter_findings(result.findings, names, severities, codes, search)
    if not shown:
        st.info("No finding matches these filters. Choose more severities or kinds, or "
                "clear the search.", icon=":material/filter_alt_off:")
        return
    st.caption(f"Showing {len(shown)} of {len(result.findings)} findings.")
    for code, findings in group_by_code(shown):
        show_group(code, findings, names)


def services_tab(result: AuditResult) -> None:
    """Every service with its scores, recommendation and flags; a selected row explains itself."""
    if not result.services:
        st.info("The catalogue has no services to audit.")
        return
    search_column, recommendation_column = st.columns(2)
    search = search_column.text_input("Search services", key="findings_service_search",
                                      placeholder="Name or id")
    recommendations = recommendation_column.multiselect(
        "Recommendation", [r.value for r in Recommendation], key="findings_recommendation",
        format_func=lambda value: Recommendation(value).label, placeholder="Every recommendation",
    )
    services = filter_services(result.services, search, recommendations)
    if not services:
        st.info("No service matches. Clear the search or choose other recommendations.")
        return
    st.caption(f"{len(services)} of {len(result.services)} services. Click a column to "
               "sort; select a row to see why.")
    selection = st.dataframe(
        services_table(services), hide_index=True, key="findings_services_table",
        height=min(TABLE_ROW_PX * (len(services) + 1) + 3, TABLE_MAX_PX),
        on_select="rerun", selection_mode="single-row", placeholder="not known",
        column_config={
            "Alignment": st.column_config.ProgressColumn(
                "Alignment", min_value=0.0, max_value=1.0, format="%.2f",
                help="How well the service's links serve the mandate (0 to 1)."),
            "Value": st.column_config.TextColumn(
                "Value", help="What the evidence says the service gives (0 to 1), or "
                              "not enough evidence to judge."),
            "Reason": st.column_config.TextColumn("Reason", width="large"),
            "Flags": st.column_config.ListColumn("Findings"),
            "Effort (FTE)": st.column_config.NumberColumn("Effort (FTE)", format="%.2f"),
        },
    )
    rows = selection.selection.rows if selection is not None else []
    if rows and rows[0] < len(services):
        chosen = services[rows[0]]
        with st.container(border=True):
            st.markdown(f"**{md_escape(chosen.name)}** ({md_escape(chosen.service_id)})")
            st.markdown(f"**Alignment {chosen.alignment:.2f}.** "
                        f"{md_escape(chosen.alignment_reason)}")
            st.markdown(f"**Value: {value_shown(chosen)}.** {md_escape(chosen.value_reason)}")
            st.markdown(f"**{chosen.recommendation.label}.** "
                        f"{md_escape(chosen.recommendation_reason)}")
            if chosen.function is not None:
                nature = (f" Its nature, {chosen.nature}, is inferred from its wording."
                          if chosen.nature_inferred else "")
                st.markdown(f"**Kind of work: {md_escape(_kind_of_work(chosen))}.** "
                            f"{md_escape(result.function_reason(chosen.service_id))}"
                            f"{nature}")


def page() -> None:
    """The findings page."""
    if current.show_import_error():
        return
    st.title("Findings")
    applied = rules_panel(state.config())
    if applied is not None and applied != state.config():
        state.set_config(applied)
        st.rerun()
    result = current.audited()
    assert result is not None
    st.caption(f"{len(result.findings)} findings on {result.summary.services} services, "
               f"audited as of {result.as_of:%d %B %Y}.")
    findings, services = st.tabs(["Findings", "Every service"])
    with findings:
        findings_tab(result)
    with services:
        services_tab(result)
