"""Alignment and value scores, and the recommendation that follows from them.

All rules work on arrays (one entry per service) so a large catalogue costs little more
than a small one. RULES.md states the same rules in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .config import AuditConfig
from .facts import NO_DATE, ServiceFacts, usable_number
from .model import Recommendation

DAYS_PER_MONTH = 365.25 / 12
MAX_RATIO = 1e6  # a figure a million times the median is reported as that
MAX_WEIGHT = 1e12  # a priority or importance beyond this is not a usable figure


def effective_weights(stated: Sequence[object]) -> tuple[np.ndarray, int]:
    """Priorities (or importances) to use: a missing one counts as the mean of those stated.

    Returns the weights and how many were stated. When none is stated (or all are 0),
    every one counts the same (1.0).
    """
    values = np.array([usable_number(v, 0.0, MAX_WEIGHT) for v in stated], dtype=np.float64)
    known = ~np.isnan(values)
    if not known.any() or values[known].sum() <= 0:
        return np.ones(values.size), int(known.sum())
    values[~known] = values[known].mean()
    return values, int(known.sum())


def link_factors(weights: np.ndarray, lowest_weight: float) -> np.ndarray:
    """How much a link to each objective (or customer) counts: 1 for the top one, less for lower ones.

    factor = lowest_weight + (1 - lowest_weight) x weight / top weight.
    """
    if weights.size == 0:
        return weights
    top = weights.max()
    if top <= 0:
        return np.ones(weights.size)
    return lowest_weight + (1.0 - lowest_weight) * weights / top


def suggested_strength(confidence: np.ndarray, config: AuditConfig) -> np.ndarray:
    """How much a suggested link counts next to an explicit one (1.0), by its confidence."""
    full = max(config.suggestion_full_confidence, 1e-9)
    return config.suggested_link_weight * np.minimum(1.0, np.asarray(confidence) / full)


def strongest_link(strength: sp.csr_matrix, factors: np.ndarray) -> np.ndarray:
    """Per service, the best of (link strength x target factor) over its links; 0 with none."""
    n = strength.shape[0]
    if strength.shape[1] == 0 or strength.nnz == 0:
        return np.zeros(n)
    weighted = strength.multiply(factors[np.newaxis, :]).tocsr()
    return np.asarray(weighted.max(axis=1).toarray()).ravel()


@dataclass(frozen=True)
class Alignment:
    """Alignment per service, and the two parts it is made of."""

    score: np.ndarray
    objective_part: np.ndarray
    customer_part: np.ndarray
    objective_weight: float  # as used: 0 when the mandate states no objectives
    customer_weight: float  # as used: 0 when the mandate names no customers
    judged: bool  # False when the mandate states neither objectives nor customers


def alignment_scores(objective_strength: sp.csr_matrix, objective_factors: np.ndarray,
                     customer_strength: sp.csr_matrix, customer_factors: np.ndarray,
                     config: AuditConfig) -> Alignment:
    """alignment = (wo x objective part + wc x customer part) / (wo + wc), over what the mandate states."""
    objective_part = strongest_link(objective_strength, objective_factors)
    customer_part = strongest_link(customer_strength, customer_factors)
    wo = config.alignment_objective_weight if objective_factors.size else 0.0
    wc = config.alignment_customer_weight if customer_factors.size else 0.0
    if wo + wc <= 0:
        zeros = np.zeros(objective_strength.shape[0])
        return Alignment(zeros, objective_part, customer_part, wo, wc,
                         judged=bool(objective_factors.size or customer_factors.size))
    score = np.clip((wo * objective_part + wc * customer_part) / (wo + wc), 0.0, 1.0)
    return Alignment(score, objective_part, customer_part, wo, wc, judged=True)


@dataclass(frozen=True)
class ValueScores:
    """Value per service (NaN: not enough evidence), the evidence, and the signals of low value."""

    value: np.ndarray
    expected_demand: np.ndarray  # what its frequency and customers make plausible, or the fallback
    expected_from_schedule: np.ndarray  # True where expected_demand comes from the frequency
    demand_ratio: np.ndarray  # demand / expected demand
    demand_score: np.ndarray
    satisfaction_score: np.ndarray
    satisfaction_capped: np.ndarray  # value held at the satisfaction score (low satisfaction)
    demand_per_fte: np.ndarray
    demand_per_fte_ratio: np.ndarray  # demand per FTE / catalogue median
    demand_per_fte_score: np.ndarray
    cost_per_use: np.ndarray  # annual cost / demand, NaN without both (or no demand)
    cost_per_use_limit: float | None  # above this, a cost per use is a signal of low value
    months_since_delivered: np.ndarray
    recency_score: np.ndarray
    median_demand: float | None  # of services on request: the fallback expected demand
    median_demand_per_fte: float | None
    judged: np.ndarray  # in service and with demand or satisfaction figures
    signals: ValueSignals
    dead: np.ndarray  # no demand for twice the review period, or value near zero, two signals


@dataclass(frozen=True)
class ValueSignals:
    """Per service, each kind of evidence that it gives little (services in service, not retiring)."""

    no_demand: np.ndarray
    low_demand: np.ndarray
    low_satisfaction: np.ndarray
    low_demand_per_fte: np.ndarray
    high_cost_per_use: np.ndarray
    low_score: np.ndarray

    @property
    def count(self) -> np.ndarray:
        """How many signals (not counting the low score) each service shows."""
        return (self.no_demand.astype(np.int64) + self.low_demand + self.low_satisfaction
                + self.low_demand_per_fte + self.high_cost_per_use)

    @property
    def any(self) -> np.ndarray:
        """True where a service shows at least one signal or a low score."""
        return (self.no_demand | self.low_demand | self.low_satisfaction
                | self.low_demand_per_fte | self.high_cost_per_use | self.low_score)


def _median(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return float(np.median(values)) if values.size else None


def _ratio_score(values: np.ndarray, median: float | None) -> tuple[np.ndarray, np.ndarray]:
    """values / median, and the score min(1, ratio); when the median is 0, any use scores 1."""
    ratio = np.full(values.size, np.nan)
    score = np.full(values.size, np.nan)
    known = ~np.isnan(values)
    if median is None:
        return ratio, score
    if median > 0:
        with np.errstate(over="ignore"):  # a tiny median: the ratio is capped below
            ratio[known] = np.minimum(values[known] / median, MAX_RATIO)
        score[known] = np.minimum(1.0, ratio[known])
    else:
        score[known] = (values[known] > 0).astype(np.float64)
    return ratio, score


def months_since(days: np.ndarray, as_of_day: int) -> np.ndarray:
    """Months from each day number to the as-of day (NaN where there is no date; 0 if later)."""
    out = np.full(days.size, np.nan)
    known = days != NO_DATE
    out[known] = np.maximum(0, as_of_day - days[known]) / DAYS_PER_MONTH
    return out


def expected_demand(facts: ServiceFacts, demand: np.ndarray, config: AuditConfig
                    ) -> tuple[np.ndarray, np.ndarray, float | None]:
    """What demand a year each service's frequency and customers make plausible.

    A service on a schedule: one use per delivery per customer group it names (at least
    one). A service on request (or whose frequency is not stated): the configured
    `expected_demand_on_request`, or else the median demand of such services in the
    catalogue. Returns the expectation, where it came from a schedule, and that median.
    """
    scheduled = ~np.isnan(facts.deliveries_per_year)
    expected = np.where(scheduled,
                        facts.deliveries_per_year * np.maximum(facts.customer_groups, 1.0),
                        np.nan)
    median = _median(demand[~scheduled])
    if median is None:
        median = _median(demand)
    on_request = (config.expected_demand_on_request if config.expected_demand_on_request > 0
                  else median)
    if on_request is not None:
        expected[~scheduled] = on_request
    return expected, scheduled, median


def value_scores(facts: ServiceFacts, config: AuditConfig) -> ValueScores:
    """Value from demand (against what is plausible), satisfaction, demand per FTE and recency.

    Low satisfaction caps value: a service rated at or below `low_satisfaction` scores at
    most its satisfaction score, and below `valuable_from`, whatever its demand.
    """
    judged_base = facts.in_service
    demand = np.where(judged_base, facts.demand, np.nan)
    expected, scheduled, median_demand = expected_demand(facts, demand, config)
    demand_ratio = np.full(facts.count, np.nan)
    demand_score = np.full(facts.count, np.nan)
    known = ~np.isnan(demand) & ~np.isnan(expected)
    positive = known & (expected > 0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        demand_ratio[positive] = np.minimum(demand[positive] / expected[positive], MAX_RATIO)
    demand_score[positive] = np.minimum(1.0, demand_ratio[positive])
    zero_expected = known & ~positive  # nothing is expected: any use is full use
    demand_score[zero_expected] = (demand[zero_expected] > 0).astype(np.float64)

    satisfaction_score = (np.where(judged_base, facts.satisfaction, np.nan) - 1.0) / 4.0

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        per_fte = np.where(judged_base & (facts.effort > 0), demand / facts.effort, np.nan)
        cost_per_use = np.where(judged_base & (demand > 0), facts.cost / demand, np.nan)
    per_fte[~np.isfinite(per_fte)] = np.nan
    cost_per_use[~np.isfinite(cost_per_use)] = np.nan
    median_per_fte = _median(per_fte)
    per_fte_ratio, per_fte_score = _ratio_score(per_fte, median_per_fte)
    if config.high_cost_per_use > 0:
        cost_limit: float | None = config.high_cost_per_use
    else:
        median_cost = _median(cost_per_use)
        cost_limit = (median_cost * config.high_cost_per_use_ratio
                      if median_cost is not None and median_cost > 0 else None)

    months = months_since(facts.last_delivered, facts.as_of.toordinal())
    period = float(config.review_period_months)
    recency = np.clip(2.0 - months / period, 0.0, 1.0)  # 1 within the period, 0 at twice it
    recency = np.where(judged_base, recency, np.nan)

    parts = (
        (demand_score, config.value_weight_demand),
        (satisfaction_score, config.value_weight_satisfaction),
        (per_fte_score, config.value_weight_demand_per_fte),
        (recency, config.value_weight_recency),
    )
    weighted = np.zeros(facts.count)
    weights = np.zeros(facts.count)
    for score, weight in parts:
        present = ~np.isnan(score)
        weighted[present] += weight * score[present]
        weights[present] += weight
    judged = judged_base & (~np.isnan(demand_score) | ~np.isnan(satisfaction_score)) & (weights > 0)
    value = np.full(facts.count, np.nan)
    value[judged] = np.clip(weighted[judged] / weights[judged], 0.0, 1.0)
    with np.errstate(invalid="ignore"):
        capped = judged & (facts.satisfaction <= config.low_satisfaction)
    ceiling = np.minimum(satisfaction_score, np.nextafter(config.valuable_from, -1.0))
    value[capped] = np.minimum(value[capped], np.maximum(ceiling[capped], 0.0))

    signals = _signals(facts, value, demand_ratio, per_fte_ratio, cost_per_use, cost_limit,
                       config)
    with np.errstate(invalid="ignore"):
        long_unused = signals.no_demand & (months > 2 * period)
        near_zero = (value < config.dead_value_below) & (signals.count >= 2)
    return ValueScores(
        value=value, expected_demand=expected, expected_from_schedule=scheduled,
        demand_ratio=demand_ratio, demand_score=demand_score,
        satisfaction_score=satisfaction_score, satisfaction_capped=capped,
        demand_per_fte=per_fte, demand_per_fte_ratio=per_fte_ratio,
        demand_per_fte_score=per_fte_score, cost_per_use=cost_per_use,
        cost_per_use_limit=cost_limit, months_since_delivered=months, recency_score=recency,
        median_demand=median_demand, median_demand_per_fte=median_per_fte, judged=judged,
        signals=signals, dead=(long_unused | near_zero) & ~facts.retiring,
    )


def _signals(facts: ServiceFacts, value: np.ndarray, demand_ratio: np.ndarray,
             per_fte_ratio: np.ndarray, cost_per_use: np.ndarray, cost_limit: float | None,
             config: AuditConfig) -> ValueSignals:
    judged = facts.in_service & ~facts.retiring
    with np.errstate(invalid="ignore"):
        no_demand = judged & (facts.demand == 0)
        return ValueSignals(
            no_demand=no_demand,
            low_demand=judged & ~no_demand & (demand_ratio < config.low_demand_ratio),
            low_satisfaction=judged & (facts.satisfaction <= config.low_satisfaction),
            low_demand_per_fte=(judged & (facts.demand > 0)
                                & (per_fte_ratio < config.low_demand_per_fte_ratio)),
            high_cost_per_use=(judged & (cost_per_use > cost_limit) if cost_limit is not None
                               else np.zeros(facts.count, dtype=bool)),
            low_score=judged & (value < config.low_value_below),
        )


def recommendations(facts: ServiceFacts, aligned: np.ndarray, value: np.ndarray,
                    alignment_judged: bool, config: AuditConfig,
                    dead: np.ndarray | None = None) -> np.ndarray:
    """keep / improve / rethink / retire per service (as an array of Recommendation).

    keep: aligned and valuable. improve: aligned, value weak or not evidenced.
    rethink: not aligned but valued, or its value not evidenced. retire: not aligned and
    weak value. An aligned service that is dead (`ValueScores.dead`) is "retire" too:
    retire it or relaunch it deliberately. A retired service stays "retire", and so does a retiring one that is not
    aligned. A mandatory service is never "retire":
    it becomes "rethink". Without a mandate (no objectives, no customers) alignment is
    not judged, so only keep or improve are given. A planned service is "keep" when
    aligned, else "rethink".
    """
    known = ~np.isnan(value)
    valuable = known & (value >= config.valuable_from)
    out = np.empty(facts.count, dtype=object)
    if not alignment_judged:
        out[:] = Recommendation.IMPROVE
        out[valuable] = Recommendation.KEEP
    else:
        out[aligned & valuable] = Recommendation.KEEP
        out[aligned & ~valuable] = Recommendation.IMPROVE
        out[~aligned & (valuable | ~known)] = Recommendation.RETHINK
        out[~aligned & known & ~valuable] = Recommendation.RETIRE
        if dead is not None:
            out[aligned & dead & facts.in_service & ~facts.mandatory] = Recommendation.RETIRE
        out[facts.planned & aligned] = Recommendation.KEEP
        out[facts.planned & ~aligned] = Recommendation.RETHINK
        out[facts.retiring & ~aligned] = Recommendation.RETIRE  # already on its way out
    out[facts.retired] = Recommendation.RETIRE
    never_retire = facts.mandatory & (out == Recommendation.RETIRE)
    out[never_retire] = Recommendation.RETHINK
    return out
