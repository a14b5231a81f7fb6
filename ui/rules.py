"""The rules & thresholds panel: how the audit decides, and every weight and threshold to change.

`rules_panel(current)` draws the panel and returns the configuration the user applied
(or the defaults they restored), or None when nothing was applied; the page stores it
with `state.set_config`. The pure helpers beside it (`settings_to_config`,
`readable_error`, `changes_from_defaults`) are tested without a browser.

The inputs' keys end with a digest of the configuration they show, so that applying or
restoring a configuration (or choosing another workbook, which clears it) redraws them
with the new values, without callbacks writing into widget state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import streamlit as st

from audit.config import AuditConfig, ConfigError, config_from_mapping, config_keys
from audit.rules_text import config_explanations, rules_markdown
from ui.errors import show_error

RULES_FILE = Path(__file__).resolve().parent.parent / "RULES.md"
KEY_PREFIX = "findings_rules_"
FORM_KEY = "findings_rules_form"
APPLY_KEY = "findings_rules_apply"
RESTORE_KEY = "findings_rules_restore"
AS_OF = "as_of"

Kind = Literal["fraction", "whole", "number", "date"]


@dataclass(frozen=True)
class Setting:
    """One configuration key as the panel shows it."""

    key: str
    label: str
    kind: Kind = "fraction"  # fraction: 0 to 1; whole: an integer; number: low to high; date
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01


@dataclass(frozen=True)
class Topic:
    """A group of settings that decide one part of the audit."""

    title: str
    about: str
    settings: tuple[Setting, ...]


WHOLE: dict[str, Any] = {"kind": "whole", "step": 1}
RATIO: dict[str, Any] = {"kind": "number", "low": 0, "high": 100, "step": 0.05}
FIT_WEIGHT: dict[str, Any] = {"kind": "number", "low": 0, "high": 1000, "step": 0.5}

TOPICS: tuple[Topic, ...] = (
    Topic("Review period", "When a service counts as stale (finding: stale service).", (
        Setting(AS_OF, "Audit as of", kind="date"),
        Setting("review_period_months", "Review period (months)", low=1, high=600, **WHOLE),
    )),
    Topic("Suggestions", "When the audit suggests a link from the wording of a service and "
          "an objective or customer. Suggested links are never taken for explicit ones.", (
        Setting("suggestion_min_confidence", "Least confidence to suggest an objective"),
        Setting("suggestion_full_confidence", "Confidence that counts in full"),
        Setting("suggestions_per_service", "Most suggestions per service", low=1, high=50,
                **WHOLE),
        Setting("suggestion_runner_up_ratio", "Runner-up needs (share of the best)"),
        Setting("customer_suggestion_min_confidence", "Least confidence to suggest a customer"),
        Setting("link_other_function_factor", "Counts for a different kind of work"),
    )),
    Topic("Alignment", "The alignment score (0 to 1): how well a service's links serve the "
          "mandate's objectives and customers.", (
        Setting("suggested_link_weight", "Weight of a suggested link"),
        Setting("lowest_priority_weight", "Weight of the lowest priority"),
        Setting("alignment_objective_weight", "Share from objectives"),
        Setting("alignment_customer_weight", "Share from customers"),
        Setting("aligned_from", "Aligned from"),
    )),
    Topic("Value", "The value score (0 to 1): the weighted average of the evidence a service "
          "has; with none, its value is 'not enough evidence'.", (
        Setting("value_weight_demand", "Weight of demand"),
        Setting("value_weight_satisfaction", "Weight of satisfaction"),
        Setting("value_weight_demand_per_fte", "Weight of demand per FTE"),
        Setting("value_weight_recency", "Weight of recent delivery"),
        Setting("valuable_from", "Valuable from"),
        Setting("expected_demand_on_request", "Full demand a year on request (0: median)",
                kind="number", low=0, high=1e12, step=1.0),
    )),
    Topic("Low value", "When a service is found to give little (finding: low value). Any one "
          "of these is enough.", (
        Setting("low_value_below", "Value score below"),
        Setting("low_demand_ratio", "Demand below (× expected)", **RATIO),
        Setting("low_satisfaction", "Satisfaction at or below (1 to 5)", kind="number",
                low=1, high=5, step=0.1),
        Setting("low_demand_per_fte_ratio", "Demand per FTE below (× the median)", **RATIO),
        Setting("high_cost_per_use", "Cost per use above (0: use the multiple)",
                kind="number", low=0, high=1e15, step=10.0),
        Setting("high_cost_per_use_ratio", "Cost per use above (× the median)",
                kind="number", low=0, high=1000, step=0.5),
        Setting("dead_value_below", "Dead (retire or relaunch) below"),
    )),
    Topic("Effort", "Where the PMO's effort goes (finding: effort misaligned), and when a "
          "service's effort makes its findings more severe.", (
        Setting("high_effort_share", "High share of effort"),
        Setting("effort_gap", "Effort gap"),
    )),
    Topic("Overlaps", "When two services do the same thing (finding: overlapping services).", (
        Setting("overlap_similarity", "Overlap from similarity"),
        Setting("overlap_exact_limit", "Compare every pair up to (services)", low=0,
                high=1_000_000, kind="whole", step=100),
        Setting("overlap_window", "Neighbours compared in blocks", low=1, high=200, **WHOLE),
        Setting("overlap_function_min_confidence", "Same function: least confidence"),
        Setting("overlap_function_similarity", "Same function: overlap from similarity"),
    )),
    Topic("PMO functions", "What kind of PMO work each service is (the function taxonomy): "
          "the nature it implies when the Nature column is blank (finding: PMO type "
          "mismatch), and when a PMO under-uses its authority (finding: PMO type "
          "underreach).", (
        Setting("function_nature_min_confidence", "Infer nature from this confidence"),
        Setting("underreach_share", "Under-reach below (share of effort)"),
    )),
    Topic("Mandate fit", "The single mandate-fit figure: what the services cover (objectives, "
          "customers) times how well the effort follows the mandate (inside it, balanced "
          "against priority).", (
        Setting("mandate_fit_weight_objectives", "Weight of objective coverage", **FIT_WEIGHT),
        Setting("mandate_fit_weight_customers", "Weight of customer coverage", **FIT_WEIGHT),
        Setting("mandate_fit_weight_effort", "Weight of effort inside the mandate",
                **FIT_WEIGHT),
        Setting("mandate_fit_weight_balance", "Weight of effort balanced against priority",
                **FIT_WEIGHT),
    )),
)

SETTINGS: dict[str, Setting] = {s.key: s for topic in TOPICS for s in topic.settings}


# --- Pure helpers ------------------------------------------------------------------------

def rules_text() -> str:
    """RULES.md as it is now (read at run time), or the same text from the audit when missing."""
    try:
        text = RULES_FILE.read_text(encoding="utf-8")
    except OSError:
        text = rules_markdown()
    return re.sub(r"<!--.*?-->\n?", "", text, flags=re.DOTALL)


def setting_help(key: str) -> str:
    """What a setting does, in the audit's words, and its name in RULES.md and config files."""
    explanation = readable(config_explanations().get(key, ""), but=key)
    return f"{explanation}\n\nIn RULES.md and config files: `{key}`.".strip()


def config_digest(config: AuditConfig) -> str:
    """A short name for exactly these settings, for the inputs' keys."""
    return hashlib.sha256(repr(config).encode()).hexdigest()[:10]


def widget_key(key: str, config: AuditConfig) -> str:
    """The key of the input for config `key` while the panel shows `config`."""
    return f"{KEY_PREFIX}{key}_{config_digest(config)}"


def settings_to_config(values: dict[str, Any], current: AuditConfig,
                       today: dt.date | None = None) -> AuditConfig:
    """The configuration from the panel's values; raises ConfigError when it cannot be used.

    The as-of date stays "today" (None) when the user left it on today's date, so that an
    audit left open overnight moves on with the calendar.
    """
    changes = dict(values)
    if AS_OF in changes and current.as_of is None and changes[AS_OF] == (today or dt.date.today()):
        changes[AS_OF] = None
    try:
        return config_from_mapping(changes, current)
    except TypeError as exc:  # a value of a type the dataclass cannot take
        raise ConfigError(str(exc)) from None


def readable(text: str, but: str = "") -> str:
    """The text with each config key (except `but`) written as the label the panel shows."""
    for key, setting in SETTINGS.items():
        if key != but:
            text = re.sub(rf"\b{re.escape(key)}\b", f"“{setting.label}”", text)
    return text


def readable_error(error: ConfigError) -> str:
    """The error with each config key written as the label the panel shows for it."""
    return readable(str(error))


def _shown(value: Any) -> str:
    if value is None:
        return "today"
    if isinstance(value, dt.date):
        return f"{value:%d %B %Y}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def changes_from_defaults(config: AuditConfig) -> list[str]:
    """Each setting that differs from its default, as "Label: default → now"."""
    defaults = AuditConfig()
    changed = []
    for key in config_keys():
        now, default = getattr(config, key), getattr(defaults, key)
        if now != default:
            label = SETTINGS[key].label if key in SETTINGS else key
            changed.append(f"{label}: {_shown(default)} → {_shown(now)}")
    return changed


# --- Widgets -----------------------------------------------------------------------------

def _setting_input(setting: Setting, config: AuditConfig) -> Any:
    key = widget_key(setting.key, config)
    value = getattr(config, setting.key)
    help_text = setting_help(setting.key)
    if setting.kind == "date":
        return st.date_input(setting.label, value=value or dt.date.today(),
                             min_value=dt.date(1900, 1, 1),
                             max_value=dt.date.today() + dt.timedelta(days=3660),
                             format="YYYY-MM-DD", help=help_text, key=key)
    if setting.kind == "whole":
        return st.number_input(setting.label, min_value=int(setting.low),
                               max_value=int(setting.high), value=int(value),
                               step=int(setting.step), help=help_text, key=key)
    return st.number_input(setting.label, min_value=float(setting.low),
                           max_value=float(setting.high), value=float(value),
                           step=setting.step, format="%.2f", help=help_text, key=key)


def _settings_form(current: AuditConfig) -> AuditConfig | None:
    values: dict[str, Any] = {}
    with st.form(FORM_KEY, border=False, enter_to_submit=False):
        for tab, topic in zip(st.tabs([t.title for t in TOPICS]), TOPICS, strict=True):
            with tab:
                st.caption(topic.about)
                columns = st.columns(3)
                for i, setting in enumerate(topic.settings):
                    with columns[i % 3]:
                        values[setting.key] = _setting_input(setting, current)
        apply_column, restore_column, _ = st.columns([1, 1, 4])
        with apply_column:
            applied = st.form_submit_button("Apply", type="primary", key=APPLY_KEY,
                                            width="stretch")
        with restore_column:
            restored = st.form_submit_button("Restore defaults", key=RESTORE_KEY,
                                             width="stretch")
    if restored:
        return AuditConfig()
    if applied:
        try:
            return settings_to_config(values, current)
        except ConfigError as exc:
            show_error(f"{readable_error(exc)}.",
                       "These settings cannot be used, so nothing changed.")
    return None


def rules_panel(current: AuditConfig) -> AuditConfig | None:
    """The rules, weights and thresholds behind the audit, one click away.

    Returns the configuration the user applied or restored, or None when nothing changed.
    """
    with st.expander("How the audit decides: rules, weights and thresholds",
                     icon=":material/tune:"):
        settings_tab, rules_tab = st.tabs(["Weights and thresholds", "The rules in full"])
        with rules_tab, st.container(height=520, border=False):
            st.markdown(rules_text())
        with settings_tab:
            changed = changes_from_defaults(current)
            if changed:
                st.markdown("**Changed from the defaults:** " + "; ".join(changed) + ".")
            else:
                st.caption("The audit uses the default weights and thresholds, as of today.")
            return _settings_form(current)
