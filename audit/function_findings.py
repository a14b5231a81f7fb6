"""Findings that rest on the PMO function taxonomy: authority under-reach, functions no service provides.

Each rule takes the audit's `Workings` and returns findings paired with the positions of
the services they name, as audit/findings.py's rules do.
"""

from __future__ import annotations

import math

import numpy as np

from catalogue.model import PMOType

from .functions import UNRECOGNISED, taxonomy
from .model import Finding, FindingCode, FindingSeverity
from .wording import fte, join_names, percent, plural, shorten
from .workings import Workings

Found = list[tuple[Finding, tuple[int, ...]]]

_OWN_WORK = {
    PMOType.DIRECTIVE: "directive work (deciding for projects: selecting and prioritising them, "
                       "running portfolios and programmes, allocating resources, stopping or "
                       "taking over projects)",
    PMOType.CONTROLLING: "controlling or directive work (setting standards and checking them: "
                         "the method, gate reviews, audits, performance control, change "
                         "control, benefits)",
}


def service_nature_for_mix(w: Workings) -> np.ndarray:
    """Per service, its nature for the function mix: stated, or else its function's (0: no text)."""
    functions = w.functions
    from_function = np.where(functions.function >= 0,
                             taxonomy().nature_strength[np.maximum(functions.function, 0)], 0)
    return np.where(w.facts.nature_strength > 0, w.facts.nature_strength, from_function)


def pmo_type_underreach(w: Workings) -> list[tuple[Finding, tuple[int, ...]]]:
    """A directive or controlling PMO spending little of its effort on work of its own nature."""
    pmo_type = w.catalogue.mandate.pmo_type
    if pmo_type not in _OWN_WORK or not w.total_effort:
        return []
    cfg, facts = w.config, w.facts
    nature = service_nature_for_mix(w)
    counted = facts.in_service & ~np.isnan(facts.effort)
    own = counted & (nature >= pmo_type.strength)
    own_effort = float(facts.effort[own].sum())
    share = own_effort / w.total_effort
    if share >= cfg.underreach_share:
        return []
    severity = (FindingSeverity.HIGH if share < cfg.underreach_share / 2
                else FindingSeverity.MEDIUM)
    own_rows = np.flatnonzero(own).tolist()
    tax = taxonomy()
    groups = w.functions.group
    by_group = np.bincount(groups[counted & (groups >= 0)],
                           weights=facts.effort[counted & (groups >= 0)],
                           minlength=len(tax.groups))
    biggest = int(np.argmax(by_group))
    biggest_share = float(by_group[biggest]) / w.total_effort
    message = (f"The mandate sets up a {pmo_type.value} PMO, but only {percent(share)} of its "
               f"effort ({fte(own_effort)} of {fte(w.total_effort)}) goes to "
               f"{_OWN_WORK[pmo_type]}")
    if own_rows:
        names = [w.service_label(i) for i in own_rows[:5]]
        more = len(own_rows) - len(names)
        message += (f": {join_names(names)}"
                    + (f" and {plural(more, 'other service')}" if more else ""))
    message += (f". The largest share, {percent(biggest_share)}, goes to "
                f"{tax.groups[biggest].name.lower()}. Either take up the authority the "
                f"mandate gives, or agree with the sponsor that the PMO's role is lighter.")
    evidence = {
        "pmo_type": pmo_type.value,
        "own_nature_share": round(share, 4),
        "own_nature_effort_fte": round(own_effort, 4),
        "underreach_share": cfg.underreach_share,
        "services_of_own_nature": [facts.ids[i] for i in own_rows],
        "largest_group": tax.groups[biggest].id,
        "largest_group_share": round(biggest_share, 4),
    }
    # The finding concerns where the effort goes instead: the largest services of a lighter
    # nature (at most five).
    lighter = np.flatnonzero(counted & ~own)
    heaviest = lighter[np.argsort(-facts.effort[lighter], kind="stable")][:5].tolist()
    evidence["largest_services_of_lighter_nature"] = [facts.ids[i] for i in heaviest]
    return [(Finding(FindingCode.PMO_TYPE_UNDERREACH, severity, message,
                     services=tuple(facts.ids[i] for i in heaviest), evidence=evidence),
             tuple(heaviest))]


def function_not_provided(w: Workings) -> Found:
    """Objectives whose wording asks for a PMO function whose group no service in service works in.

    Only objectives some service is linked to: an objective no service delivers at all is
    already `objective-not-covered`. The linked services claim the objective, but none of
    the services does the work the objective describes.
    """
    if not w.has_objectives:
        return []
    tax = taxonomy()
    unrecognised = tax.function_index[UNRECOGNISED]
    objective_functions = w.objective_functions
    provided = set(w.functions.group[w.facts.in_service].tolist())
    count = len(w.catalogue.objectives)
    found: Found = []
    for o, objective in enumerate(w.catalogue.objectives):
        f = int(objective_functions.function[o])
        group = int(objective_functions.group[o])
        if f < 0 or f == unrecognised or group in provided or not w.objective_services[o]:
            continue
        function = tax.functions[f]
        share = float(w.priority_share[o])
        severity = (FindingSeverity.HIGH if count and share >= 1.0 / count - 1e-9
                    else FindingSeverity.MEDIUM)
        linked = w.objective_services[o]
        names = [w.service_label(i) for i in linked[:4]]
        more = len(linked) - len(names)
        groups = sorted({tax.groups[int(w.functions.group[i])].name.lower() for i in linked
                         if w.functions.group[i] >= 0})
        message = (f"Objective {w.objective_label(o)} asks for "
                   f"{function.name.lower()}, work of {tax.group(function.group).name.lower()}, but no "
                   f"service does work of that kind. The services linked to it "
                   f"({join_names(names)}{f' and {more} more' if more else ''}) do "
                   f"{join_names(groups) or 'other work'}. Decide which service will do "
                   f"{shorten(function.name.lower(), 60)}, or agree with the sponsor how the "
                   f"objective is met.")
        evidence = {
            "function": function.id,
            "function_group": function.group,
            "objective_function_confidence": round(float(objective_functions.confidence[o]), 4),
            "objective_function_reason": objective_functions.reason(o),
            "linked_services": [w.facts.ids[i] for i in linked],
            "priority_share": round(share, 4) if math.isfinite(share) else None,
        }
        found.append((Finding(FindingCode.FUNCTION_NOT_PROVIDED, severity, message,
                              objectives=(objective.id,), evidence=evidence), ()))
    return found
