"""The ten kinds of finding, each written for a sponsor: what, about whom, how serious, and the figures.

Each rule takes the audit's `Workings` and returns its findings, each paired with the
positions of the services it names (so services can be flagged without looking ids up).
Retired services are never the subject of a finding: they are gone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Sequence

import numpy as np

from catalogue.model import PMOType
from catalogue.words import fold_name

from . import function_findings
from .functions import taxonomy
from .model import Finding, FindingCode, FindingSeverity
from .wording import fte, join_names, months, number, percent, plural, shorten
from .workings import Workings

Found = list[tuple[Finding, tuple[int, ...]]]

HIGH, MEDIUM, LOW = FindingSeverity.HIGH, FindingSeverity.MEDIUM, FindingSeverity.LOW


def _round(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def _rounded_at(values: np.ndarray, positions: list[int]) -> list[float | None]:
    """The values at these positions rounded to 4 decimals (None where not finite), in one
    pass: NumPy's rounding, which may differ from `round` in the last digit at a tie."""
    picked = np.asarray(values, dtype=np.float64)[positions]
    finite = np.isfinite(picked)
    return [x if ok else None
            for x, ok in zip(np.round(picked, 4).tolist(), finite.tolist(), strict=True)]


def _effort_phrase(w: Workings, i: int) -> str:
    """'takes 1.5 FTE (22% of the PMO's effort)', or '' when the effort is unknown."""
    lists = w.lists
    effort = lists.effort[i]
    if math.isnan(effort):
        return ""
    if lists.planned[i]:
        return f"is planned at {fte(effort)}"
    share = lists.effort_share[i]
    if math.isnan(share):
        return f"takes {fte(effort)}"
    return f"takes {fte(effort)} ({percent(share)} of the PMO's effort)"


def service_outside_mandate(w: Workings) -> Found:
    """Services linked to no mandate objective (when the mandate states objectives)."""
    if not w.has_objectives:
        return []
    cfg, facts, lists = w.config, w.facts, w.lists
    closest_objective = w.closest_objective.tolist()
    closest_score = w.closest_objective_score.tolist()
    decided = w.objectives_decided.tolist()
    services = w.catalogue.services
    found: Found = []
    subjects = np.flatnonzero(~w.inside & ~facts.retired)
    for i in subjects.tolist():
        share = lists.effort_share[i]
        if lists.planned[i] or lists.retiring[i]:
            severity = LOW
        elif not math.isnan(share) and share >= cfg.high_effort_share:
            severity = HIGH
        else:
            severity = MEDIUM
        effort = _effort_phrase(w, i)
        label = w.service_label(i)
        message = (f"{label} {effort} but is linked to no mandate objective." if effort
                   else f"{label} is linked to no mandate objective.")
        if lists.retiring[i]:
            message += " It is already being retired."
        closest = closest_objective[i]
        score = closest_score[i]
        if decided[i]:
            message += " A person confirmed it serves none of the objectives."
        elif w.unmatched_objectives[i]:
            named = join_names([f"“{shorten(t)}”" for t in w.unmatched_objectives[i]])
            message += (f" The catalogue says it serves {named}, which the mandate does not "
                        f"list as an objective.")
        elif closest >= 0 and score > 0:
            shown = (f"{score:.2f}" if round(score, 2) < cfg.suggestion_min_confidence
                     else f"{score:.3f}")
            message += (f" Its wording is closest to {w.objective_label(closest)}, but not close "
                        f"enough to suggest a link (confidence {shown}, "
                        f"{cfg.suggestion_min_confidence:.2f} needed).")
        else:
            message += " Its wording has nothing in common with any objective."
        message += " Link it to an objective, renegotiate the mandate, or stop it."
        status = services[i].status
        evidence = {
            "effort_fte": _round(lists.effort[i]),
            "effort_share": _round(share),
            "closest_objective": (w.catalogue.objectives[closest].id if closest >= 0 else None),
            "closest_confidence": _round(score),
            "suggestion_min_confidence": cfg.suggestion_min_confidence,
            "unmatched_objectives": list(w.unmatched_objectives[i]),
            "status": getattr(status, "value", None),
        }
        found.append((Finding(FindingCode.SERVICE_OUTSIDE_MANDATE, severity, message,
                              services=(facts.ids[i],), evidence=evidence), (i,)))
    return found


def _share_is_high(share: float, count: int) -> bool:
    return count > 0 and share >= 1.0 / count - 1e-9


def objective_not_covered(w: Workings) -> Found:
    """Objectives that no service in service delivers."""
    found: Found = []
    count = len(w.catalogue.objectives)
    for o, objective in enumerate(w.catalogue.objectives):
        if w.objective_services[o]:
            continue
        share = float(w.priority_share[o])
        severity = HIGH if _share_is_high(share, count) else MEDIUM
        message = f"No service delivers objective {w.objective_label(o)}"
        if w.priorities_stated and objective.priority is not None:
            message += (f" (priority {number(float(w.priorities[o]))}, {percent(share)} of the "
                        f"mandate's priority)")
        message += "."
        planned = w.objective_planned[o]
        if planned:
            names = join_names([w.service_label(i) for i in planned])
            message += (f" {names} {'is' if len(planned) == 1 else 'are'} planned for it but "
                        f"not delivered yet.")
        message += (" Decide which service will deliver it, or agree with the sponsor that it "
                    "is no longer wanted.")
        evidence = {
            "priority": _round(objective.priority if w.priorities_stated else None),
            "priority_share": _round(share),
            "planned_services": [w.facts.ids[i] for i in planned],
        }
        found.append((Finding(FindingCode.OBJECTIVE_NOT_COVERED, severity, message,
                              objectives=(objective.id,), evidence=evidence), planned))
    return found


def customer_not_served(w: Workings) -> Found:
    """Mandate customers that no service in service serves."""
    found: Found = []
    customers = w.catalogue.customers
    total = float(w.importances.sum()) if w.importances.size else 0.0
    for c, customer in enumerate(customers):
        if w.customer_services[c]:
            continue
        share = float(w.importances[c]) / total if total > 0 else 0.0
        severity = HIGH if _share_is_high(share, len(customers)) else MEDIUM
        message = f"No service serves {shorten(customer.name)}, a customer the mandate names"
        if w.importances_stated and customer.importance is not None:
            message += f" (importance {number(float(w.importances[c]))})"
        message += (". Agree what this group should get from the PMO, or take it out of the "
                    "mandate.")
        evidence = {"importance": _round(customer.importance if w.importances_stated else None),
                    "importance_share": _round(share)}
        found.append((Finding(FindingCode.CUSTOMER_NOT_SERVED, severity, message,
                              customers=(customer.name,), evidence=evidence), ()))
    return found


def expectation_not_met(w: Workings) -> Found:
    """Expectations of mandate customers that no service in service meets."""
    found: Found = []
    customers = w.catalogue.customers
    average = float(w.importances.mean()) if w.importances.size else 0.0
    for expectation in w.expectations:
        if expectation.met:
            continue
        c = expectation.customer
        customer = customers[c]
        severity = MEDIUM if float(w.importances[c]) >= average - 1e-9 else LOW
        message = (f"{shorten(customer.name)} expects “{shorten(expectation.text)}”, "
                   f"and no service in service meets it")
        closest = expectation.closest
        if closest:
            names = join_names([w.service_label(i) for i, _ in closest])
            message += f" (closest by wording: {names})"
        message += (". Agree with them whether a service should provide it, or record that "
                    "the PMO does not offer it.")
        evidence = {
            "expectation": expectation.text,
            "importance": _round(customer.importance if w.importances_stated else None),
            "closest_services": [{"id": w.facts.ids[i], "similarity": score}
                                 for i, score in closest],
        }
        found.append((Finding(FindingCode.EXPECTATION_NOT_MET, severity, message,
                              customers=(customer.name,), evidence=evidence), ()))
    return found


def customer_outside_mandate(w: Workings) -> Found:
    """Services whose customers are all outside the mandate's customers."""
    if not w.has_customers:
        return []
    found: Found = []
    mandate_names = join_names([shorten(c.name) for c in w.catalogue.customers])
    lists = w.lists
    for i, outside in enumerate(w.outside_customers):
        if not outside or w.customer_positions[i] or lists.retired[i]:
            continue
        severity = LOW if lists.inside[i] or lists.retiring[i] else MEDIUM
        message = (f"{w.service_label(i)} serves only {join_names([shorten(n) for n in outside])}, none of whom "
                   f"the mandate names as a customer (its customers: "
                   f"{mandate_names}). Check who it is really for, or whether the "
                   f"mandate should include them.")
        found.append((Finding(FindingCode.CUSTOMER_OUTSIDE_MANDATE, severity, message,
                              services=(w.facts.ids[i],), customers=outside,
                              evidence={"customers": list(outside)}), (i,)))
    return found


_AUTHORITY = {
    PMOType.SUPPORTIVE: "a supportive PMO advises and helps project teams; it has no authority "
                        "to check or enforce compliance",
    PMOType.CONTROLLING: "a controlling PMO sets standards and checks them, but does not direct "
                         "projects or decide for them",
}
_NATURE_WORD = {1: "supportive", 2: "controlling", 3: "directive"}


def pmo_type_mismatch(w: Workings) -> Found:
    """Services of a stronger nature than the PMO's type gives it authority for."""
    pmo_type = w.catalogue.mandate.pmo_type
    if not isinstance(pmo_type, PMOType):
        return []
    found: Found = []
    strength = pmo_type.strength
    subjects = np.flatnonzero((w.nature_strength > strength) & ~w.facts.retired)
    for i in subjects.tolist():
        nature = int(w.nature_strength[i])
        inferred = bool(w.nature_inferred[i])
        severity = HIGH if nature - strength >= 2 else MEDIUM
        if inferred:
            words = join_names([f"“{p}”" for p in w.functions.authority_words(i)])
            how = (f" (the catalogue states no nature; its wording shows it: {words})")
        else:
            how = ""
        message = (f"{w.service_label(i)} is {_NATURE_WORD[nature]} in nature{how}, but the "
                   f"mandate sets up a {pmo_type.value} PMO: {_AUTHORITY[pmo_type]}. Agree that "
                   f"authority with the sponsor, or reshape the service to fit the PMO's role.")
        evidence: dict[str, object] = {"service_nature": _NATURE_WORD[nature],
                                       "pmo_type": pmo_type.value, "nature_inferred": inferred}
        if inferred:
            evidence["authority_wording"] = w.functions.authority_words(i)
        found.append((Finding(FindingCode.PMO_TYPE_MISMATCH, severity, message,
                              services=(w.facts.ids[i],), evidence=evidence), (i,)))
    return found


def low_value(w: Workings) -> Found:
    """Services in service with evidence that they give little.

    Severity follows effort: a service taking high_effort_share of the PMO's effort or
    more with any signal is at least medium, and high with a low score, two signals, or a
    clear signal (no demand, low satisfaction) at twice that share.
    """
    cfg, facts, v, lists = w.config, w.facts, w.value, w.lists
    sig = v.signals
    # Plain lists: indexing NumPy arrays one element at a time is slow at thousands of findings.
    no_demand, low_demand = sig.no_demand.tolist(), sig.low_demand.tolist()
    low_satisfaction, low_score = sig.low_satisfaction.tolist(), sig.low_score.tolist()
    low_per_fte, high_cost_per_use = sig.low_demand_per_fte.tolist(), sig.high_cost_per_use.tolist()
    signal_count = sig.count.tolist()
    ratio_list, per_fte_list = v.demand_ratio.tolist(), v.demand_per_fte_ratio.tolist()
    expected_list, scheduled = v.expected_demand.tolist(), v.expected_from_schedule.tolist()
    cost_per_use, costs = v.cost_per_use.tolist(), facts.cost.tolist()
    values = v.value.tolist()
    subjects = np.flatnonzero(sig.any).tolist()
    # The evidence's figures, rounded a column at a time (thousands of findings at 10,000 services).
    figures = list(zip(*(_rounded_at(column, subjects) for column in (
        v.value, facts.demand, v.expected_demand, v.demand_ratio, facts.satisfaction,
        v.demand_per_fte_ratio, facts.cost, v.cost_per_use, facts.effort, w.effort_share)), strict=True))
    median_demand = _round(v.median_demand)
    found: Found = []
    for k, i in enumerate(subjects):
        demand, satisfaction = lists.demand[i], lists.satisfaction[i]
        ratio, per_fte_ratio, value = ratio_list[i], per_fte_list[i], values[i]
        signals: list[str] = []
        if no_demand[i]:
            signals.append("no recorded demand")
        elif low_demand[i]:
            against = ("what its frequency and customers make plausible" if scheduled[i]
                       else "the demand expected of a service on request")
            signals.append(f"demand of {number(demand)} is {percent(ratio)} of {against} "
                           f"({number(expected_list[i])} a year)")
        if low_satisfaction[i]:
            signals.append(f"satisfaction is {number(round(satisfaction, 2))} out of 5")
        if low_per_fte[i]:
            signals.append(f"it takes {fte(lists.effort[i])} for a demand of {number(demand)}, "
                           f"{percent(per_fte_ratio)} of the catalogue's median demand per FTE")
        if high_cost_per_use[i]:
            signals.append(f"each use costs {number(round(cost_per_use[i]))}, above "
                           f"{number(round(v.cost_per_use_limit or 0))}")
        share = lists.effort_share[i]
        big = not math.isnan(share) and share >= cfg.high_effort_share
        major = not math.isnan(share) and share >= 2 * cfg.high_effort_share
        clear = bool(no_demand[i] or low_satisfaction[i])
        count = signal_count[i]
        is_low_score = low_score[i]
        if (is_low_score and (count >= 2 or big)) or (major and clear) or (big and count >= 2):
            severity = HIGH
        elif is_low_score or count >= 2 or big:
            severity = MEDIUM
        else:
            severity = LOW
        message = f"{w.service_label(i)} shows little value"
        message += (": " + "; ".join(signals) + "." if signals else ".")
        if is_low_score:
            message += f" Its value score is {value:.2f} (below {cfg.low_value_below:.2f})."
        effort = _effort_phrase(w, i)
        if effort:
            message += f" It {effort}."
        cost = costs[i]
        if not math.isnan(cost):
            message += f" It costs {number(round(cost))} a year"
            message += (f", {number(round(cost_per_use[i]))} per use." if
                        not math.isnan(cost_per_use[i]) else ".")
        message += " Find out why, improve it, or stop it."
        (r_value, r_demand, r_expected, r_ratio, r_satisfaction, r_per_fte, r_cost,
         r_cost_per_use, r_effort, r_share) = figures[k]
        evidence = {
            "value": r_value,
            "demand": r_demand,
            "expected_demand": r_expected,
            "expected_from_frequency": bool(scheduled[i]),
            "demand_ratio_to_expected": r_ratio,
            "median_demand": median_demand,
            "satisfaction": r_satisfaction,
            "demand_per_fte_ratio_to_median": r_per_fte,
            "annual_cost": r_cost,
            "cost_per_use": r_cost_per_use,
            "effort_fte": r_effort,
            "effort_share": r_share,
        }
        found.append((Finding(FindingCode.LOW_VALUE, severity, message,
                              services=(facts.ids[i],), evidence=evidence,
                              effort_at_stake=r_effort), (i,)))
    return found


def _named(w: Workings, positions: tuple[int, ...]) -> str:
    """The services at these positions as a message lists them: the first few, then a count."""
    shown = [w.service_label(i) for i in positions[:NAMES_SHOWN]]
    if len(positions) > NAMES_SHOWN:
        return ", ".join(shown) + f" and {len(positions) - NAMES_SHOWN:,} more"
    return join_names(shown, limit=NAMES_SHOWN)


def stale_service(w: Workings) -> Found:
    """Services not delivered for longer than the review period (one finding each), and
    services whose review is overdue (one finding naming them all)."""
    facts, cfg = w.facts, w.config
    cutoff = facts.stale_before.toordinal()
    as_of = facts.as_of.toordinal()
    judged = facts.in_service & ~facts.retiring
    reviewed_stale = judged & (facts.last_reviewed >= 0) & (facts.last_reviewed < cutoff)
    delivered_stale = judged & (facts.last_delivered >= 0) & (facts.last_delivered < cutoff)
    twice = as_of - 2 * (as_of - cutoff)
    delivered_days = facts.last_delivered.tolist()
    as_of_text = facts.as_of.isoformat()
    found: Found = []
    for i in np.flatnonzero(delivered_stale).tolist():
        day = delivered_days[i]
        text = dt.date.fromordinal(day).isoformat()
        severity = HIGH if day < twice else MEDIUM
        message = (f"{w.service_label(i)} was last delivered on {text} "
                   f"({months((as_of - day) / (365.25 / 12))} before {as_of_text}): longer "
                   f"than the {cfg.review_period_months}-month review period. Check whether "
                   f"anyone still needs it.")
        evidence = {"overdue": "delivery", "last_delivered": text,
                    "review_period_months": cfg.review_period_months, "as_of": as_of_text}
        found.append((Finding(FindingCode.STALE_SERVICE, severity, message,
                              services=(facts.ids[i],), evidence=evidence), (i,)))
    overdue = tuple(np.flatnonzero(reviewed_stale).tolist())
    if overdue:
        oldest = int(facts.last_reviewed[list(overdue)].min())
        oldest_text = dt.date.fromordinal(oldest).isoformat()
        names = _named(w, overdue)
        count = len(overdue)
        message = (f"{plural(count, 'service')} {'has' if count == 1 else 'have'} not been "
                   f"reviewed for longer than the {cfg.review_period_months}-month review "
                   f"period (the oldest review on {oldest_text}, "
                   f"{months((as_of - oldest) / (365.25 / 12))} before {as_of_text}): "
                   f"{names}. Review {'it' if count == 1 else 'them'} with "
                   f"{'its' if count == 1 else 'their'} customers.")
        evidence = {"overdue": "review", "services": count, "oldest_review": oldest_text,
                    "review_period_months": cfg.review_period_months, "as_of": as_of_text}
        found.append((Finding(FindingCode.STALE_SERVICE, LOW, message,
                              services=tuple(facts.ids[i] for i in overdue),
                              evidence=evidence), overdue))
    return found


def overlapping_services(w: Workings) -> Found:
    """Groups of services that do the same thing for the same customers."""
    found: Found = []
    services = w.catalogue.services
    folded: dict[str, str] = {}
    for group in w.overlap_groups:
        members = tuple(group.members.tolist())
        counts: dict[str, int] = {}
        shown: dict[str, str] = {}
        for i in members:
            names = services[i].customers
            keys = set()
            for name in (names,) if isinstance(names, str) else names or ():
                name = str(name) if name is not None else ""
                key = folded.get(name)
                if key is None:
                    key = folded[name] = fold_name(name)
                if key and key not in keys:
                    keys.add(key)
                    counts[key] = counts.get(key, 0) + 1
                    shown.setdefault(key, name)
        shared = [shown[k] for k, c in counts.items() if c >= 2]
        effort = w.facts.effort[list(members)]
        in_service = w.facts.in_service[list(members)]
        known = ~np.isnan(effort) & in_service
        combined = float(effort[known].sum()) if known.any() else None
        share = (combined / w.total_effort if combined is not None and w.total_effort
                 else None)
        severity = HIGH if share is not None and share >= w.config.high_effort_share else MEDIUM
        labels = join_names([w.service_label(i) for i in members])
        alike = (f"{percent(group.lowest_similarity)}" if
                 abs(group.highest_similarity - group.lowest_similarity) < 0.005 else
                 f"{percent(group.lowest_similarity)} to {percent(group.highest_similarity)}")
        message = (f"{labels} look like the same service"
                   f"{' for the same customers (' + join_names([shorten(n) for n in shared]) + ')' if shared else ''}"
                   f": their wording is {alike} alike.")
        if group.family >= 0:
            message += (f" They do the same kind of work for them "
                        f"({taxonomy().family_names[group.family].lower()}).")
        if combined is not None and combined > 0:
            message += f" Together they take {fte(combined)}"
            message += f" ({percent(share)} of the PMO's effort)." if share is not None else "."
        message += " Consider merging them, or make the difference clear to customers."
        evidence = {"similarity_lowest": _round(group.lowest_similarity),
                    "similarity_highest": _round(group.highest_similarity),
                    "shared_customers": shared,
                    "function_family": (taxonomy().family_names[group.family]
                                        if group.family >= 0 else None),
                    "combined_effort_fte": _round(combined),
                    "combined_effort_share": _round(share)}
        found.append((Finding(FindingCode.OVERLAPPING_SERVICES, severity, message,
                              services=tuple(w.facts.ids[i] for i in members),
                              customers=tuple(shared), evidence=evidence), members))
    return found


def effort_misaligned(w: Workings) -> Found:
    """Objectives whose share of the PMO's effort is far from their share of priority."""
    if not w.has_objectives or not w.total_effort:
        return []
    cfg = w.config
    found: Found = []
    in_service = int(w.facts.in_service.sum())
    for o, objective in enumerate(w.catalogue.objectives):
        effort_share = float(w.objective_effort[o]) / w.total_effort
        priority_share = float(w.priority_share[o])
        gap = effort_share - priority_share
        if abs(gap) < cfg.effort_gap - 1e-12:
            continue
        severity = HIGH if abs(gap) >= 2 * cfg.effort_gap else MEDIUM
        label = w.objective_label(o)
        effort_words = f"{percent(effort_share)} of the PMO's effort ({fte(w.objective_effort[o])} of {fte(w.total_effort)})"
        if gap > 0:
            message = (f"Objective {label} gets {effort_words} but carries only "
                       f"{percent(priority_share)} of the mandate's priority.")
        else:
            message = (f"Objective {label} carries {percent(priority_share)} of the mandate's "
                       f"priority but gets only {effort_words}.")
        if not w.priorities_stated:
            message += " The mandate gives no priorities, so each objective counts the same."
        if w.effort_known < in_service:
            message += (f" Effort is known for {w.effort_known:,} of "
                        f"{plural(in_service, 'service')} in service.")
        message += (" Move effort towards it, or agree new priorities with the sponsor."
                    if gap < 0 else
                    " Check whether that effort would serve the mandate better elsewhere.")
        evidence = {"effort_share": _round(effort_share),
                    "priority_share": _round(priority_share),
                    "gap": _round(gap),
                    "effort_fte": _round(float(w.objective_effort[o])),
                    "total_effort_fte": _round(w.total_effort),
                    "effort_gap_threshold": cfg.effort_gap}
        found.append((Finding(FindingCode.EFFORT_MISALIGNED, severity, message,
                              objectives=(objective.id,), evidence=evidence), ()))
    return found


_MISSING = (
    # field, what is missing, what follows (for one service, for several), severity
    ("owner", "no owner", ("nobody answers for it", "nobody answers for them"), LOW),
    ("effort", "no effort figure", ("its share of the PMO's effort is unknown",
                                    "their share of the PMO's effort is unknown"), LOW),
    ("value evidence", "no demand or satisfaction figure",
     ("its value cannot be judged", "their value cannot be judged"), MEDIUM),
)


def missing_data(w: Workings) -> Found:
    """One finding per missing field (owner, effort, value evidence), naming every service."""
    facts = w.facts
    judged = (facts.in_service & ~facts.retiring) | facts.planned
    lacking = {
        "owner": judged & ~facts.has_owner,
        "effort": judged & np.isnan(facts.effort),
        "value evidence": (facts.in_service & ~facts.retiring & np.isnan(facts.demand)
                           & np.isnan(facts.satisfaction)),
    }
    out_of_range = facts.satisfaction_out_of_range
    found: Found = []
    for key, what, (one, several), severity in _MISSING:
        positions = tuple(np.flatnonzero(lacking[key]).tolist())
        if not positions:
            continue
        count = len(positions)
        names = _named(w, positions)
        if count == 1:
            message = f"{names} has {what}, so {one}. Ask its team to fill the gap."
        else:
            message = (f"{plural(count, 'service')} have {what}, so {several}: {names}. Ask "
                       f"their teams to fill the gaps.")
        ignored = [i for i in positions if out_of_range[i]] if key == "value evidence" else []
        if ignored:
            message += (f" (The satisfaction figure of "
                        f"{join_names([w.service_label(i) for i in ignored], limit=3)} is not "
                        f"on the 1 to 5 scale and was ignored.)")
        found.append((Finding(FindingCode.MISSING_DATA, severity, message,
                              services=tuple(facts.ids[i] for i in positions),
                              evidence={"missing": [key], "services": count}), positions))
    return found


def no_mandate(w: Workings) -> Found:
    """The mandate states no objectives: nothing says what the PMO is for."""
    if w.has_objectives:
        return []
    count = int(w.facts.in_service.sum())
    effort = f", {fte(w.total_effort)}" if w.total_effort else ""
    if w.has_customers:
        severity = MEDIUM
        lacks = "states no objectives (it names customers, but not what they should get)"
    else:
        severity = HIGH
        lacks = "states no objectives and names no customers"
    message = (f"The PMO's mandate {lacks}, so nobody can say whether its "
               f"{plural(count, 'service')} in service{effort} do what the organisation "
               f"wants: coverage and mandate fit are not known. Agree a mandate with the "
               f"sponsor: what the PMO is for (objectives with priorities), for whom "
               f"(customers) and with how much authority.")
    # It concerns every service in service (none can be judged against a mandate), but
    # flags none of them: positions are empty.
    subjects = tuple(w.facts.ids[i] for i in np.flatnonzero(~w.facts.retired).tolist())
    if not subjects:  # an empty catalogue: nothing to judge, mandate or not
        return []
    return [(Finding(FindingCode.NO_MANDATE, severity, message, services=subjects,
                     evidence={"objectives": 0, "customers": len(w.catalogue.customers),
                               "services_in_service": count,
                               "total_effort_fte": _round(w.total_effort)}), ())]


RULES: tuple[Callable[[Workings], Found], ...] = (
    no_mandate, service_outside_mandate, objective_not_covered, customer_not_served,
    expectation_not_met, customer_outside_mandate, pmo_type_mismatch, low_value, stale_service,
    overlapping_services, effort_misaligned, missing_data,
    function_findings.pmo_type_underreach, function_findings.function_not_provided,
)

_CODE_ORDER = {code: n for n, code in enumerate(FindingCode)}
_CODE_ORDER[FindingCode.NO_MANDATE] = -1
# Names listed in a grouped finding's message; every service is in its `services`.
NAMES_SHOWN = 12


def is_hygiene(finding: Finding) -> bool:
    """Findings about the catalogue's upkeep (missing data, overdue reviews), not its value."""
    return (finding.code is FindingCode.MISSING_DATA
            or (finding.code is FindingCode.STALE_SERVICE
                and finding.evidence.get("overdue") == "review"))


def _effort_at_stake(w: Workings, finding: Finding, positions: tuple[int, ...]) -> float | None:
    """The FTE a finding puts in question (see `Finding.effort_at_stake`)."""
    total = w.total_effort
    code = finding.code
    if code is FindingCode.NO_MANDATE:
        return total
    if code is FindingCode.EFFORT_MISALIGNED:
        gap = finding.evidence.get("gap")
        return abs(gap) * total if total and gap is not None else None
    if code is FindingCode.OBJECTIVE_NOT_COVERED:
        share = finding.evidence.get("priority_share")
        return share * total if total and share is not None else None
    if code is FindingCode.CUSTOMER_NOT_SERVED:
        share = finding.evidence.get("importance_share")
        return share * total if total and share is not None else None
    if not finding.services:
        return None
    efforts = [w.lists.effort[i] for i in positions]
    known = [e for e in efforts if not math.isnan(e)]
    return round(float(sum(known)), 4) if known else None


def attention_first(findings: Sequence[Finding], how_many: int = 3) -> tuple[Finding, ...]:
    """The few findings that matter most: about the mandate, effort and value before upkeep,
    the most severe first and, within a severity, the most effort at stake first (the order
    the audit lists them in)."""
    weighty = [f for f in findings if not is_hygiene(f)]
    upkeep = [f for f in findings if is_hygiene(f)]
    return tuple((weighty + upkeep)[:how_many])


def all_findings(w: Workings) -> Found:
    """Every finding: those about effort, value and the mandate before upkeep ones; then the
    most severe first, and within a severity the most effort at stake first."""
    found: Found = []
    for rule in RULES:
        for finding, positions in rule(w):
            # A rule may give the stake itself (one service's effort, for thousands of findings).
            stake = finding.effort_at_stake
            if stake is None:
                stake = _effort_at_stake(w, finding, positions)
                if stake is not None:
                    finding = dataclasses.replace(finding, effort_at_stake=stake)
            found.append((finding, positions))
    objective_order = {o.id: n for n, o in enumerate(w.catalogue.objectives)}

    def order(item: tuple[Finding, tuple[int, ...]]) -> tuple:
        finding, positions = item
        first_service = positions[0] if positions and finding.services else -1
        first_objective = objective_order.get(finding.objectives[0], -1) if finding.objectives else -1
        return (is_hygiene(finding), finding.severity.rank, -(finding.effort_at_stake or 0.0),
                _CODE_ORDER[finding.code], first_service, first_objective)

    found.sort(key=order)
    return found
