"""How often the suggested objective is the one a PMO manager would link: measured, printed, asserted.

Two figures per test set, both required to reach 80%:
- precision: of the services that get a suggestion at the default threshold, the share
  whose top suggestion is the right objective;
- top-1 accuracy: over all pairs, ignoring the threshold, the share whose best-matching
  objective is the right one.
Recall (the share of all pairs that get the right suggestion at the threshold) is printed
too. Run with `pytest -s` to see the figures.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from audit import AuditConfig, run_audit
from catalogue.model import Catalogue, Objective, Service

from . import suggestion_pairs, suggestion_pairs_holdout
from .builders import AS_OF


def measure(pairs: ModuleType) -> dict[str, float]:
    objectives = tuple(Objective(id=i, statement=s, success_measure=m, priority=p)
                       for i, s, m, p in pairs.OBJECTIVES)
    services = tuple(Service(id=f"S{k:02d}", name=n, description=d, category=c,
                             value_measure=v)
                     for k, (n, d, c, v, _) in enumerate(pairs.SERVICES))
    expected = [row[-1] for row in pairs.SERVICES]
    config = AuditConfig(as_of=AS_OF)
    result = run_audit(Catalogue(objectives=objectives, services=services), config)
    anywhere = run_audit(Catalogue(objectives=objectives, services=services),
                         AuditConfig(as_of=AS_OF, suggestion_min_confidence=0.0))
    suggested = [s.objective_ids[0] if s.objective_ids else None for s in result.services]
    best = [s.objective_ids[0] if s.objective_ids else None for s in anywhere.services]
    made = [(got, want) for got, want in zip(suggested, expected, strict=True) if got]
    right = sum(got == want for got, want in made)
    return {
        "pairs": len(expected),
        "suggested": len(made),
        "precision": right / len(made) if made else 0.0,
        "recall": right / len(expected),
        "top1": sum(got == want for got, want in zip(best, expected, strict=True))
        / len(expected),
        "threshold": config.suggestion_min_confidence,
    }


@pytest.mark.parametrize("pairs", [suggestion_pairs, suggestion_pairs_holdout],
                         ids=["pmo-pairs", "held-out-pairs"])
def test_top_suggestion_is_right_for_at_least_80_percent(pairs):
    figures = measure(pairs)
    print(f"\n{pairs.__name__.rsplit('.', 1)[-1]}: {figures['pairs']} service/objective pairs; "
          f"at the default threshold {figures['threshold']:.2f}, "
          f"{figures['suggested']} get a suggestion, precision {figures['precision']:.1%}, "
          f"recall {figures['recall']:.1%}; top-1 accuracy ignoring the threshold "
          f"{figures['top1']:.1%}")
    assert figures["pairs"] >= 30
    assert figures["precision"] >= 0.8
    assert figures["top1"] >= 0.8


def test_the_pairs_are_distinct_and_use_known_objectives():
    for pairs in (suggestion_pairs, suggestion_pairs_holdout):
        ids = {o[0] for o in pairs.OBJECTIVES}
        names = [s[0] for s in pairs.SERVICES]
        assert len(names) == len(set(names))
        assert {s[-1] for s in pairs.SERVICES} <= ids
        assert {s[-1] for s in pairs.SERVICES} == ids  # every objective is someone's answer
