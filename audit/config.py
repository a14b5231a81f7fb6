"""Every weight and threshold the audit uses, with its default, and the loader for a config file.

A config file is TOML (or JSON) holding `key = value` lines for the keys a user wants to
change; every other key keeps its default. Unknown keys and values out of range are
refused with a message that names them. RULES.md explains each key in the words the
app uses; `audit_config.example.toml` at the repo root lists them all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.errors import PmoAuditorError


class ConfigError(PmoAuditorError, ValueError):
    """A config file or value the audit cannot use."""

    code = "config-error"


@dataclass(frozen=True)
class AuditConfig:
    """The audit's weights and thresholds. Every field has a documented default (RULES.md)."""

    # When the audit is run "as of": staleness is measured back from this date (None: today).
    as_of: dt.date | None = None
    # A service not reviewed, or not delivered, for longer than this is stale.
    review_period_months: int = 12

    # Suggested links: a suggestion needs at least this confidence (0 to 1) ...
    suggestion_min_confidence: float = 0.15
    # ... and counts fully (as `suggested_link_weight` of an explicit link) from this one.
    suggestion_full_confidence: float = 0.3
    # At most this many objectives are suggested for one service ...
    suggestions_per_service: int = 3
    # ... and a second or third one only when its confidence is at least this fraction of
    # the best one's.
    suggestion_runner_up_ratio: float = 0.5
    # Customer suggestions (from customers' names and expectations) need this confidence.
    customer_suggestion_min_confidence: float = 0.15

    # Alignment (0 to 1): how much a confident suggested link counts against an explicit one.
    suggested_link_weight: float = 0.7
    # How much a link to the lowest-priority objective (or least important customer)
    # counts against the top one; priorities in between count in proportion.
    lowest_priority_weight: float = 0.7
    # The share of alignment that comes from objectives, and from customers.
    alignment_objective_weight: float = 0.75
    alignment_customer_weight: float = 0.25
    # A service is aligned (inside the mandate for the recommendation) from this score.
    aligned_from: float = 0.35

    # Value (0 to 1): the weight of each kind of evidence, over the kinds a service has.
    value_weight_demand: float = 0.35
    value_weight_satisfaction: float = 0.35
    value_weight_demand_per_fte: float = 0.2
    value_weight_recency: float = 0.1
    # A service is valuable from this value score; below it, its value is weak.
    valuable_from: float = 0.5
    # Demand counts in full when it reaches what the service's frequency and customers make
    # plausible (a delivery a year per customer group: a weekly report for two groups, 104).
    # For a service on request, this demand a year counts in full; 0: the catalogue's median
    # demand of services on request.
    expected_demand_on_request: float = 0.0
    # low-value: a value score below this ...
    low_value_below: float = 0.35
    # ... or demand below this fraction of its expected demand (see above) ...
    low_demand_ratio: float = 0.25
    # ... or satisfaction at or below this (on 1 to 5); such a service is never valuable:
    # its value is at most its satisfaction score ((satisfaction - 1) / 4) ...
    low_satisfaction: float = 2.5
    # ... or demand per FTE below this fraction of the catalogue's median demand per FTE.
    low_demand_per_fte_ratio: float = 0.25
    # ... or an annual cost per use above this (in the catalogue's currency; 0: above
    # high_cost_per_use_ratio times the catalogue's median cost per use).
    high_cost_per_use: float = 0.0
    high_cost_per_use_ratio: float = 4.0
    # An aligned service is dead, and recommended retire (or a deliberate relaunch), when it
    # has no demand and was last delivered more than twice the review period ago, or when
    # its value is below this with at least two signals of low value. Never a mandatory one.
    dead_value_below: float = 0.15

    # A service taking at least this share of the PMO's effort makes its findings more severe.
    high_effort_share: float = 0.1
    # effort-misaligned: an objective's effort share and priority share differ by this much.
    effort_gap: float = 0.15

    # overlapping-services: two services whose wording is at least this similar (0 to 1).
    overlap_similarity: float = 0.6
    # Up to this many services are compared pair by pair; larger catalogues in blocks.
    overlap_exact_limit: int = 2000
    # In blocks, each service is compared with this many neighbours in each ordering.
    overlap_window: int = 8

    # PMO functions (audit/pmo_functions.toml). A service with a blank Nature column takes
    # its function's nature when the classification is at least this confident.
    function_nature_min_confidence: float = 0.4
    # pmo-type-underreach: a directive (or controlling) PMO spending less than this share
    # of its effort on work of its own nature (or stronger).
    underreach_share: float = 0.25
    # Overlap by function: two services of the same function, for a shared customer, whose
    # classification is at least this confident and whose wording is at least
    # `overlap_function_similarity` alike, overlap.
    overlap_function_min_confidence: float = 0.5
    overlap_function_similarity: float = 0.1
    # Link suggestions: a suggestion whose objective is work of another function group
    # counts this fraction of its wording similarity (1: function ignored).
    link_other_function_factor: float = 0.5

    # Mandate fit = coverage x effort. Coverage: the weights of objective and customer
    # coverage. Effort: the weights of effort inside the mandate and of the balance of effort
    # against priority over the objectives.
    mandate_fit_weight_objectives: float = 1.0
    mandate_fit_weight_customers: float = 1.0
    mandate_fit_weight_effort: float = 1.0
    mandate_fit_weight_balance: float = 1.0

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ConfigError("; ".join(problems))

    def as_of_date(self) -> dt.date:
        """The date the audit is run as of: `as_of`, or today when it is not set."""
        return self.as_of if self.as_of is not None else dt.date.today()

    def to_json(self) -> dict[str, Any]:
        """The configuration as plain JSON values (dates as ISO text)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
        return out


# Allowed range per key; keys not listed are fractions from 0 to 1.
_RANGES: dict[str, tuple[float, float]] = {
    "review_period_months": (1, 600),
    "suggestions_per_service": (1, 50),
    "low_satisfaction": (1, 5),
    "overlap_exact_limit": (0, 1_000_000),
    "overlap_window": (1, 200),
    "mandate_fit_weight_objectives": (0, 1_000),
    "mandate_fit_weight_customers": (0, 1_000),
    "mandate_fit_weight_effort": (0, 1_000),
    "mandate_fit_weight_balance": (0, 1_000),
    "low_demand_ratio": (0, 100),
    "low_demand_per_fte_ratio": (0, 100),
    "expected_demand_on_request": (0, 1e12),
    "high_cost_per_use": (0, 1e15),
    "high_cost_per_use_ratio": (0, 1_000),
}
_INT_KEYS = {"review_period_months", "suggestions_per_service", "overlap_exact_limit",
             "overlap_window"}


def _problems(config: AuditConfig) -> list[str]:
    problems = []
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.name == "as_of":
            if value is not None and not isinstance(value, dt.date):
                problems.append("as_of must be a date (YYYY-MM-DD)")
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{f.name} must be a number, not {value!r}")
            continue
        if f.name in _INT_KEYS and value != int(value):
            problems.append(f"{f.name} must be a whole number, not {value!r}")
            continue
        low, high = _RANGES.get(f.name, (0, 1))
        if not (math.isfinite(value) and low <= value <= high):
            problems.append(f"{f.name} must be between {low:g} and {high:g}, not {value!r}")
    if not problems:
        if config.suggestion_full_confidence < config.suggestion_min_confidence:
            problems.append("suggestion_full_confidence must be at least "
                            "suggestion_min_confidence")
        if config.alignment_objective_weight + config.alignment_customer_weight <= 0:
            problems.append("alignment_objective_weight and alignment_customer_weight "
                            "cannot both be 0")
        value_weights = (config.value_weight_demand, config.value_weight_satisfaction,
                         config.value_weight_demand_per_fte, config.value_weight_recency)
        if sum(value_weights) <= 0:
            problems.append("the value weights cannot all be 0")
    return problems


def config_keys() -> tuple[str, ...]:
    """The names of every configuration key, in the order RULES.md explains them."""
    return tuple(f.name for f in dataclasses.fields(AuditConfig))


def config_from_mapping(values: dict[str, Any], base: AuditConfig | None = None) -> AuditConfig:
    """A config from a mapping of key -> value; keys not given keep `base`'s (or the default)."""
    if not isinstance(values, dict):
        raise ConfigError("a config must be a table of key = value pairs")
    known = set(config_keys())
    unknown = sorted(str(k) for k in values if k not in known)
    if unknown:
        raise ConfigError(f"unknown config key(s): {', '.join(unknown)}. "
                          f"Known keys: {', '.join(config_keys())}")
    changes = dict(values)
    if "as_of" in changes:
        changes["as_of"] = _parse_as_of(changes["as_of"])
    for key in _INT_KEYS & changes.keys():
        value = changes[key]
        if isinstance(value, float) and value.is_integer():
            changes[key] = int(value)
    return dataclasses.replace(base or AuditConfig(), **changes)


def _parse_as_of(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in {"", "today"}):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"as_of must be a date written YYYY-MM-DD or \"today\", not {value!r}")


def load_config(path: str | Path) -> AuditConfig:
    """Read a config file (TOML, or JSON when it ends in .json); unknown keys are refused."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    if path.suffix.lower() == ".json":
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid JSON: {exc}") from None
    else:
        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    try:
        return config_from_mapping(values)
    except ConfigError as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    except TypeError as exc:  # a value of a type dataclasses.replace cannot take
        raise ConfigError(f"config file {path}: {exc}") from None
