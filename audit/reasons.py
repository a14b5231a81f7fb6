"""Each service's alignment, value and recommendation explained in a sentence or two.

Each function returns the reasons of every service at once (the arrays are read into
plain lists once, which keeps a large catalogue quick).
"""

from __future__ import annotations

import math

from .model import Link, LinkKind, LinkSource, Recommendation
from .taxonomy import taxonomy
from .wording import fte, join_names, months, number, shorten
from .workings import Workings


def _link_words(w: Workings, links: tuple[Link, ...], positions: tuple[int, ...],
                what: str) -> str:
    if what == "objective":
        names = join_names([w.objective_label(o) for o in positions], limit=3)
    else:
        names = join_names([shorten(link.target) for link in links], limit=3)
    plural = "s" if len(links) > 1 else ""
    if links[0].kind is LinkKind.EXPLICIT:
        who = " (confirmed by a person)" if links[0].source is LinkSource.PERSON else ""
        return f"explicit {what} link{plural} to {names}{who}"
    confidences = ", ".join(f"{link.confidence:.2f}" for link in links[:3])
    return (f"suggested {what} link{plural} from wording to {names} "
            f"(confidence {confidences})")


def alignment_reasons(w: Workings) -> list[str]:
    """Why each service has its alignment score."""
    n = w.facts.count
    if not w.alignment.judged:
        return ["The mandate states no objectives or customers, so alignment is not judged."] * n
    scores = w.alignment.score.tolist()
    aligned = w.aligned.tolist()
    aligned_from = w.config.aligned_from
    # Explicit links read the same for every service with the same targets: word them once.
    explicit_words: dict[tuple, str] = {}

    def words(links: tuple[Link, ...], positions: tuple[int, ...], what: str) -> str:
        if links[0].kind is not LinkKind.EXPLICIT:
            return _link_words(w, links, positions, what)
        key = (what, positions, links[0].source)
        text = explicit_words.get(key)
        if text is None:
            text = explicit_words[key] = _link_words(w, links, positions, what)
        return text

    out = []
    for i in range(n):
        parts = []
        if w.has_objectives:
            links = w.objective_links[i]
            parts.append(words(links, w.objective_positions[i], "objective") if links
                         else "linked to no mandate objective")
        if w.has_customers:
            links = w.customer_links[i]
            if links:
                parts.append(words(links, w.customer_positions[i], "customer"))
            elif w.outside_customers[i]:
                named = join_names([shorten(n) for n in w.outside_customers[i]], 3)
                parts.append(f"its customers ({named}) are not customers the mandate names")
            else:
                parts.append("no mandate customer")
        text = "; ".join(parts)
        verdict = "aligned" if aligned[i] else "not aligned"
        out.append(f"{text[:1].upper()}{text[1:]}. Alignment {scores[i]:.2f}: {verdict} "
                   f"(aligned from {aligned_from:.2f}).")
    return out


def value_reasons(w: Workings) -> list[str]:
    """Why each service has its value score, or why it has none."""
    facts, v = w.facts, w.value
    retired, planned, judged = facts.retired.tolist(), facts.planned.tolist(), v.judged.tolist()
    demand, satisfaction = facts.demand.tolist(), facts.satisfaction.tolist()
    demand_ratio, demand_score = v.demand_ratio.tolist(), v.demand_score.tolist()
    expected, scheduled = v.expected_demand.tolist(), v.expected_from_schedule.tolist()
    capped = v.satisfaction_capped.tolist()
    satisfaction_score = v.satisfaction_score.tolist()
    per_fte_ratio, per_fte_score = v.demand_per_fte_ratio.tolist(), v.demand_per_fte_score.tolist()
    months_since, recency = v.months_since_delivered.tolist(), v.recency_score.tolist()
    values = v.value.tolist()
    valuable_from = w.config.valuable_from
    isnan = math.isnan
    out = []
    for i in range(facts.count):
        if retired[i]:
            out.append("Retired: its value is not judged.")
            continue
        if planned[i]:
            out.append("Planned: not delivered yet, so its value cannot be judged.")
            continue
        if not judged[i]:
            out.append("Not enough evidence: the catalogue gives no demand or satisfaction "
                       "figure.")
            continue
        parts = []
        if not isnan(demand_score[i]):
            ratio = demand_ratio[i]
            basis = "what its frequency and customers make plausible" if scheduled[i] else \
                "the demand expected on request"
            against = (f", {ratio:.1f}× {basis} ({number(expected[i])})"
                       if not isnan(ratio) else "")
            parts.append(f"demand {number(demand[i])}{against} (scores {demand_score[i]:.2f})")
        if not isnan(satisfaction_score[i]):
            parts.append(f"satisfaction {number(round(satisfaction[i], 2))}/5 (scores "
                         f"{satisfaction_score[i]:.2f})")
        if not isnan(per_fte_score[i]):
            ratio = per_fte_ratio[i]
            against = f"{ratio:.1f}× the median" if not isnan(ratio) else "any"
            parts.append(f"demand per FTE {against} (scores {per_fte_score[i]:.2f})")
        if not isnan(recency[i]):
            parts.append(f"last delivered {months(months_since[i])} ago (scores "
                         f"{recency[i]:.2f})")
        value = values[i]
        verdict = ("valuable" if value >= valuable_from else
                   f"weak (valuable from {valuable_from:.2f})")
        text = f"Value {value:.2f}, {verdict}: from {join_names(parts, limit=4)}."
        if capped[i]:
            text += (f" Satisfaction at or below {number(w.config.low_satisfaction)} caps "
                     f"value at the satisfaction score: users who rate it this low do not "
                     f"value it, however much they use it.")
        out.append(text)
    return out


def _not_aligned_words(w: Workings, i: int, inside: bool, score: float) -> str:
    if not inside:
        return ("linked to no mandate objective" if w.has_objectives
                else "serves no mandate customer")
    return (f"only weakly aligned with the mandate (alignment {score:.2f}, "
            f"below {w.config.aligned_from:.2f})")


def _dead_words(w: Workings, i: int) -> str:
    """Why an aligned service counts as dead, in a phrase."""
    v = w.value
    months_since = float(v.months_since_delivered[i])
    if v.signals.no_demand[i] and not math.isnan(months_since):
        return f"nobody uses it and it was last delivered {months(months_since)} ago"
    return (f"its value is close to nothing ({float(v.value[i]):.2f}, with "
            f"{int(v.signals.count[i])} signals of low value)")


def recommendation_reasons(w: Workings) -> list[str]:
    """Why each service gets its recommendation, in the words a sponsor would use."""
    facts, cfg = w.facts, w.config
    retired, planned, retiring = (facts.retired.tolist(), facts.planned.tolist(),
                                  facts.retiring.tolist())
    values, efforts = w.value.value.tolist(), facts.effort.tolist()
    dead = w.value.dead.tolist()
    aligned = w.aligned.tolist()
    inside, scores = w.inside.tolist(), w.alignment.score.tolist()
    judged = w.alignment.judged
    admin = taxonomy().group_index["admin"]
    admin_work = (w.functions.group == admin).tolist()
    out = []
    for i in range(facts.count):
        recommendation = w.recommendation[i]
        value = values[i]
        has_value = not math.isnan(value)
        effort = efforts[i]
        frees = f" and free its {fte(effort)}" if not math.isnan(effort) and effort > 0 else ""
        if retired[i]:
            out.append("Marked retired but also mandatory: check which is right."
                       if recommendation is Recommendation.RETHINK else "Already retired.")
            continue
        if not judged:
            if recommendation is Recommendation.KEEP:
                out.append(f"Valuable (value {value:.2f}); the mandate states no objectives or "
                           f"customers, so alignment is not judged.")
            else:
                weak = (f"its value is weak ({value:.2f})" if has_value
                        else "there is no evidence of its value")
                out.append(f"The mandate states no objectives or customers, so alignment is "
                           f"not judged; {weak}.")
            continue
        if planned[i]:
            out.append("Planned and aligned with the mandate: go ahead."
                       if recommendation is Recommendation.KEEP else
                       f"Planned but {_not_aligned_words(w, i, inside[i], scores[i])}: agree "
                       f"its place in the mandate before starting it.")
            continue
        if recommendation is Recommendation.KEEP:
            text = f"Aligned with the mandate and valuable (value {value:.2f})."
        elif recommendation is Recommendation.IMPROVE and dead[i] and facts.mandatory[i]:
            text = (f"Aligned with the mandate, but {_dead_words(w, i)}; it is mandatory, so "
                    f"it cannot simply stop: relaunch it deliberately, or agree with the "
                    f"sponsor whether it is still required.")
        elif recommendation is Recommendation.IMPROVE:
            text = (f"Aligned with the mandate, but its value is weak ({value:.2f}): find out "
                    f"why demand or satisfaction is low and fix it." if has_value else
                    "Aligned with the mandate, but there is no evidence of its value: start "
                    "measuring its demand and satisfaction.")
        else:
            why = _not_aligned_words(w, i, inside[i], scores[i])
            if recommendation is Recommendation.RETIRE and aligned[i] and dead[i]:
                text = (f"Aligned with the mandate on paper, but {_dead_words(w, i)}: retire "
                        f"it{frees}, or relaunch it deliberately with an owner and a target.")
            elif recommendation is Recommendation.RETIRE and retiring[i]:
                text = f"{why.capitalize()} and already being retired: finish retiring it{frees}."
            elif recommendation is Recommendation.RETIRE:
                text = f"{why.capitalize()} and its value is weak ({value:.2f}): stop it{frees}."
            elif has_value and value < cfg.valuable_from:  # mandatory, so not retire
                text = (f"{why.capitalize()} and its value is weak ({value:.2f}), but it is "
                        f"mandatory so it cannot simply stop: agree with the sponsor who "
                        f"should run it, or how to make it worthwhile.")
            elif has_value and admin_work[i]:
                text = (f"Valued ({value:.2f}) but {why}, and it is administrative work no "
                        f"PMO function covers: hand it over to an administrative team or "
                        f"the people it serves, rather than widen the mandate for it.")
            elif has_value:
                text = (f"Valued ({value:.2f}) but {why}: renegotiate the mandate to include "
                        f"it, or hand it over to whoever it really serves.")
            else:
                text = (f"{why.capitalize()}, and there is no evidence of its value either "
                        f"way: decide whether the mandate should include it or someone else "
                        f"should run it.")
        if retiring[i] and recommendation in (Recommendation.KEEP, Recommendation.IMPROVE):
            text += " It is marked as retiring: reconsider, since it serves the mandate."
        out.append(text)
    return out
