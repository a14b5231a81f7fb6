"""The catalogue-wide headline figures: worked out first (`headline_figures`), worded after.

Mandate fit is what the services cover of the mandate (objectives by priority, customers
by importance) times how well the PMO's effort follows it (the share inside the mandate,
and the balance of effort against priority over the objectives). A link that is only
suggested counts at its strength (at most suggested_link_weight), never as a stated one.
A figure the mandate does not state what to measure against is None: "not known", never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .config import AuditConfig
from .model import Headline
from .wording import fte, join_names, percent, plural
from .workings import Workings


@dataclass(frozen=True)
class HeadlineFigures:
    """The headline figures of one set of services (those in service, or after the plan)."""

    objectives: int
    customers: int
    services: int  # services counted
    covered: int  # objectives with at least one counted service linked
    covered_by_suggestion_only: int
    objective_coverage: float | None  # share of objectives covered; None without objectives
    objective_part: float | None  # priority-weighted, suggested links at their strength
    served: int
    served_by_suggestion_only: int
    customer_coverage: float | None
    customer_part: float | None  # importance-weighted, suggested links at their strength
    total_effort: float | None  # FTE of counted services with an effort figure
    effort_known: int
    inside_effort: float | None  # FTE of counted services inside the mandate
    inside_effort_suggested: float | None  # ... inside it only by suggested links
    effort_in_mandate: float | None  # inside_effort / total_effort
    inside_part: float | None  # effort inside at link strength (or share of services)
    inside_part_from_services: bool  # True when no effort is known: a share of services
    balance: float | None  # 1 - distance between effort and priority over objectives
    coverage_factor: float | None
    effort_factor: float | None
    mandate_fit: float | None


def _weighted(parts: list[tuple[float | None, float]]) -> float | None:
    used = [(v, wt) for v, wt in parts if v is not None and wt > 0]
    total = sum(wt for _, wt in used)
    return sum(v * wt for v, wt in used) / total if used and total > 0 else None


def _strongest(strength: sp.csr_matrix, rows: np.ndarray, axis: int) -> np.ndarray:
    """Per target (axis 0) or per service (axis 1), the strongest link among `rows`."""
    chosen = strength[rows]
    size = strength.shape[1] if axis == 0 else rows.size
    if chosen.shape[0] == 0 or chosen.shape[1] == 0 or chosen.nnz == 0:
        return np.zeros(size)
    return np.asarray(chosen.max(axis=axis).toarray()).ravel()


def headline_figures(w: Workings, counted: np.ndarray) -> HeadlineFigures:
    """The headline figures over the services marked in `counted` (a boolean array)."""
    cfg: AuditConfig = w.config
    rows = np.flatnonzero(counted)
    n_objectives, n_customers = len(w.catalogue.objectives), len(w.catalogue.customers)

    objective_best = _strongest(w.objective_strength, rows, axis=0)
    customer_best = _strongest(w.customer_strength, rows, axis=0)
    covered_mask, served_mask = objective_best > 0, customer_best > 0
    if n_objectives:
        objective_coverage: float | None = float(covered_mask.mean())
        objective_part: float | None = float((w.priority_share * objective_best).sum())
    else:
        objective_coverage = objective_part = None
    if n_customers:
        customer_coverage: float | None = float(served_mask.mean())
        total_importance = float(w.importances.sum())
        shares = (w.importances / total_importance if total_importance > 0
                  else np.full(n_customers, 1.0 / n_customers))
        customer_part: float | None = float((shares * customer_best).sum())
    else:
        customer_coverage = customer_part = None

    # Per counted service: how strongly it is inside the mandate (1 explicit, less suggested).
    strength = (w.objective_strength if w.has_objectives else w.customer_strength)
    service_best = (_strongest(strength, rows, axis=1) if (w.has_objectives or w.has_customers)
                    else np.zeros(rows.size))
    effort = w.facts.effort[rows]
    known = ~np.isnan(effort)
    total = float(effort[known].sum()) if known.any() else 0.0
    total_effort = total if total > 0 and np.isfinite(total) else None
    judged = w.has_objectives or w.has_customers
    inside_effort = inside_suggested = effort_in_mandate = inside_part = None
    from_services = False
    if judged and total_effort:
        counted_effort = np.where(known, effort, 0.0)
        inside = service_best > 0
        inside_effort = float(counted_effort[inside].sum())
        inside_suggested = float(counted_effort[inside & (service_best < 1.0)].sum())
        effort_in_mandate = inside_effort / total_effort
        inside_part = float((counted_effort * service_best).sum()) / total_effort
    elif judged and rows.size:
        inside_part = float(service_best.mean())
        from_services = True

    balance = None
    if w.has_objectives and total_effort:
        counted_effort = np.where(counted & ~np.isnan(w.facts.effort), w.facts.effort, 0.0)
        objective_effort = np.asarray(w.objective_split.T @ counted_effort).ravel()
        balance = float(np.minimum(objective_effort / total_effort, w.priority_share).sum())

    coverage_factor = _weighted([(objective_part, cfg.mandate_fit_weight_objectives),
                                 (customer_part, cfg.mandate_fit_weight_customers)])
    effort_factor = _weighted([(inside_part, cfg.mandate_fit_weight_effort),
                               (balance, cfg.mandate_fit_weight_balance)])
    if not judged:
        fit = None
    else:
        factors = [f for f in (coverage_factor, effort_factor) if f is not None]
        fit = float(np.clip(np.prod(factors), 0.0, 1.0)) if factors else None
    return HeadlineFigures(
        objectives=n_objectives, customers=n_customers, services=int(rows.size),
        covered=int(covered_mask.sum()),
        covered_by_suggestion_only=int((covered_mask & (objective_best < 1.0)).sum()),
        objective_coverage=objective_coverage, objective_part=objective_part,
        served=int(served_mask.sum()),
        served_by_suggestion_only=int((served_mask & (customer_best < 1.0)).sum()),
        customer_coverage=customer_coverage, customer_part=customer_part,
        total_effort=total_effort, effort_known=int(known.sum()),
        inside_effort=inside_effort, inside_effort_suggested=inside_suggested,
        effort_in_mandate=effort_in_mandate, inside_part=inside_part,
        inside_part_from_services=from_services, balance=balance,
        coverage_factor=coverage_factor, effort_factor=effort_factor, mandate_fit=fit,
    )


# --- Words -----------------------------------------------------------------------------------


def objective_headline(f: HeadlineFigures) -> Headline:
    """Objective coverage and how it was worked out."""
    if f.objective_coverage is None:
        return Headline(None, "The mandate states no objectives, so objective coverage is not "
                              "known.")
    text = (f"{f.covered:,} of {plural(f.objectives, 'objective')} "
            f"{'has' if f.covered == 1 else 'have'} at least one service in service "
            f"delivering it (explicit or suggested links)")
    if f.covered_by_suggestion_only:
        text += (f"; {f.covered_by_suggestion_only:,} of them only by suggested links, not yet "
                 f"confirmed")
    return Headline(f.objective_coverage, text + ".")


def customer_headline(f: HeadlineFigures) -> Headline:
    """Customer coverage and how it was worked out."""
    if f.customer_coverage is None:
        return Headline(None, "The mandate names no customers, so customer coverage is not "
                              "known.")
    text = (f"{f.served:,} of {plural(f.customers, 'mandate customer')} "
            f"{'is' if f.served == 1 else 'are'} served by at least one service in service "
            f"(explicit or suggested links)")
    if f.served_by_suggestion_only:
        text += f"; {f.served_by_suggestion_only:,} of them only by suggested links"
    return Headline(f.customer_coverage, text + ".")


def effort_headline(f: HeadlineFigures, inside_word: str) -> Headline:
    """The share of effort inside the mandate and how it was worked out."""
    if f.objectives == 0 and f.customers == 0:
        return Headline(None, "The mandate states no objectives or customers, so effort inside "
                              "it cannot be measured.")
    if f.effort_in_mandate is None or f.inside_effort is None or f.total_effort is None:
        return Headline(None, "No service in service has an effort figure, so the share of "
                              "effort inside the mandate is unknown.")
    text = (f"{fte(f.inside_effort)} of the {fte(f.total_effort)} the services in service take "
            f"({percent(f.effort_in_mandate)}) goes to services {inside_word}")
    text += ("." if f.effort_known == f.services else
             f"; effort is known for {f.effort_known:,} of {plural(f.services, 'service')}.")
    if f.inside_effort_suggested:
        text += f" {fte(f.inside_effort_suggested)} of it rests on suggested links only."
    return Headline(f.effort_in_mandate, text)


def fit_headline(f: HeadlineFigures, config: AuditConfig) -> Headline:
    """Mandate fit and how it was worked out, including how much rests on suggestions."""
    if f.mandate_fit is None:
        return Headline(None, "The mandate states no objectives or customers, so mandate fit "
                              "is not known: agree a mandate with the sponsor first.")
    cover = [(label, value) for label, value, weight in (
        ("objectives", f.objective_part, config.mandate_fit_weight_objectives),
        ("customers", f.customer_part, config.mandate_fit_weight_customers))
        if value is not None and weight > 0]
    inside_label = ("services inside the mandate" if f.inside_part_from_services
                    else "inside the mandate")
    follow = [(label, value) for label, value, weight in (
        (inside_label, f.inside_part, config.mandate_fit_weight_effort),
        ("balance with priority", f.balance, config.mandate_fit_weight_balance))
        if value is not None and weight > 0]
    pieces = []
    if f.coverage_factor is not None:
        pieces.append(f"coverage {percent(f.coverage_factor)} ("
                      + ", ".join(f"{label} {percent(v)}" for label, v in cover) + ")")
    if f.effort_factor is not None:
        pieces.append(f"effort {percent(f.effort_factor)} ("
                      + ", ".join(f"{label} {percent(v)}" for label, v in follow) + ")")
    text = "Mandate fit = " + " × ".join(pieces) + "."
    suggested = []
    if f.covered_by_suggestion_only:
        suggested.append(f"{plural(f.covered_by_suggestion_only, 'objective')}")
    if f.served_by_suggestion_only:
        suggested.append(f"{plural(f.served_by_suggestion_only, 'customer')}")
    if f.inside_effort_suggested and f.total_effort:
        suggested.append(f"{percent(f.inside_effort_suggested / f.total_effort)} of the effort")
    if suggested:
        text += " On suggested links only: " + join_names(suggested) + "."
    else:
        text += " Nothing in it rests on suggested links."
    return Headline(f.mandate_fit, text)


def plan_sentence(now: HeadlineFigures, after: HeadlineFigures, planned: int,
                  retiring: int) -> str:
    """What the plan (planned services in, retiring ones out) does to the headline figures."""
    moves = []
    for label, before, later in (("mandate fit", now.mandate_fit, after.mandate_fit),
                                 ("objective coverage", now.objective_coverage,
                                  after.objective_coverage),
                                 ("effort inside the mandate", now.effort_in_mandate,
                                  after.effort_in_mandate)):
        if before is not None and later is not None:
            moves.append(f"{label} {percent(before)} -> {percent(later)}")
    what = []
    if planned:
        what.append(f"{plural(planned, 'planned service')} delivering")
    if retiring:
        what.append(f"{plural(retiring, 'retiring service')} gone")
    text = "After the plan (" + " and ".join(what) + ")"
    return text + (": " + "; ".join(moves) + "." if moves else ": the figures are not known.")


def horizon_sentence(w: Workings) -> str | None:
    """Short against long term: each horizon's share of the effort and of the priority.

    None when no objective states a horizon or no effort is known.
    """
    objectives = w.catalogue.objectives
    horizons = [getattr(o.horizon, "value", None) for o in objectives]
    if not any(horizons) or not w.total_effort:
        return None
    parts = []
    for name in ("short term", "medium term", "long term"):
        chosen = [i for i, h in enumerate(horizons) if h == name]
        if not chosen:
            continue
        effort = float(w.objective_effort[chosen].sum()) / w.total_effort
        priority = float(w.priority_share[chosen].sum())
        parts.append(f"{name} objectives take {percent(effort)} of the effort for "
                     f"{percent(priority)} of the priority")
    unstated = sum(1 for h in horizons if not h)
    text = "Short against long term: " + "; ".join(parts) + "."
    if unstated:
        text += f" ({plural(unstated, 'objective')} state no horizon.)"
    return text
