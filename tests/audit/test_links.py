"""Links: explicit ones resolved against the mandate, suggestions from wording, people's decisions."""

from __future__ import annotations

import numpy as np
import pytest

from audit import AuditOverrides, ConfirmedLinks, LinkKind, LinkSource, run_audit
from audit.links import best_matches, fold_word, word_profiles
from catalogue.model import Objective, Service

from .builders import CONFIG, catalogue, service


def folded(text: str) -> set[str]:
    return {stem for word in text.lower().split() for stem in fold_word(word)}


def test_word_forms_meet():
    """"benefits", "benefit realisation" and "realised" share their folded words."""
    assert folded("benefits") == folded("benefit")
    assert folded("realisation") == folded("realised") == folded("realise")
    assert folded("benefits realised") == folded("benefit realisation")
    assert folded("prioritize") == folded("prioritise")
    assert folded("budget") == folded("cost")  # PMO words for the same idea
    assert folded("strategic") == folded("strategy")


def test_abbreviations_and_common_words():
    assert folded("RAID") == folded("risks assumptions issues dependencies")
    assert folded("PMs") == folded("project managers") - folded("project")
    assert folded("the project service for the PMO") == set()
    assert fold_word("2024") == []


def test_service_wording_suggests_the_right_objective():
    cat = catalogue(
        service("S1", "Benefits realisation tracking",
                description="Track realised benefits against the business case forecast",
                customers=()),
        service("S2", "PM training programme",
                description="Courses in project management for new project managers",
                customers=()),
    )
    result = run_audit(cat, CONFIG)
    first, second = result.services
    assert first.objective_link_kind == "suggested"
    assert first.objective_ids[0] == "O2"
    assert second.objective_ids[0] == "O3"
    for link in first.objective_links + second.objective_links:
        assert link.kind is LinkKind.SUGGESTED
        assert link.source is LinkSource.WORDING
        assert 0.15 <= link.confidence <= 1.0


def test_no_suggestion_below_the_threshold():
    cat = catalogue(service("S1", "Office move coordination",
                            description="Organise desks and crates for the office move"))
    result = run_audit(cat, CONFIG)
    s = result.services[0]
    assert s.objective_links == ()
    assert s.objective_link_kind == "none"
    assert not s.inside_mandate


def test_explicit_links_are_never_mixed_with_suggestions():
    """A service with an explicit link gets no suggestion, even when wording points elsewhere."""
    cat = catalogue(service("S1", "Benefits realisation tracking",
                            description="Track realised benefits", objectives=("O3",)))
    s = run_audit(cat, CONFIG).services[0]
    assert s.objective_ids == ("O3",)
    assert [link.kind for link in s.objective_links] == [LinkKind.EXPLICIT]
    assert s.objective_links[0].source is LinkSource.WORKBOOK
    assert s.objective_links[0].confidence == 1.0
    assert s.objective_link_kind == "explicit"


def test_explicit_objectives_match_by_id_case_or_statement():
    cat = catalogue(
        service("S1", "A", objectives=("o2",)),
        service("S2", "B", objectives=("  realise the benefits promised in approved "
                                       "business CASES ",)),
        service("S3", "C", objectives=("Governance",)),
    )
    a, b, c = run_audit(cat, CONFIG).services
    assert a.objective_ids == ("O2",)
    assert b.objective_ids == ("O2",)
    assert c.unmatched_objectives == ("Governance",)
    assert c.objective_link_kind in {"none", "suggested"}


def test_unmatched_objective_text_feeds_the_suggestion():
    """What the owner wrote in the objectives column says what the service is for."""
    cat = catalogue(service("S1", "Monthly pack", objectives=("benefits realisation",),
                            customers=()))
    s = run_audit(cat, CONFIG).services[0]
    assert s.unmatched_objectives == ("benefits realisation",)
    assert s.objective_ids[:1] == ("O2",)
    assert s.objective_link_kind == "suggested"


def test_customers_compare_names_ignoring_case_and_suggest_when_none_named():
    cat = catalogue(
        service("S1", "Dashboard", objectives=("O1",), customers=("EXECUTIVES", "Facilities")),
        service("S2", "Benefits register upkeep", objectives=("O2",), customers=(),
                description="Help benefits owners track and report their benefits"),
    )
    first, second = run_audit(cat, CONFIG).services
    assert [link.target for link in first.customer_links] == ["Executives"]
    assert first.customer_links[0].kind is LinkKind.EXPLICIT
    assert first.customers_outside_mandate == ("Facilities",)
    assert first.customer_names == ("Executives", "Facilities")
    assert second.customer_link_kind == "suggested"
    assert second.customer_names[0] == "Benefits owners"


def test_a_person_confirms_removes_and_rejects_links():
    cat = catalogue(
        service("S1", "Benefits realisation tracking", description="Track realised benefits",
                customers=()),
        service("S2", "Office move coordination", objectives=("O1",)),
        service("S3", "Benefits realisation tracking (copy)",
                description="Track realised benefits", customers=()),
    )
    before = run_audit(cat, CONFIG)
    assert before.service("S1").objective_link_kind == "suggested"
    overrides = (AuditOverrides()
                 .with_links("S1", ConfirmedLinks(objectives=("O2",)))
                 .with_links("S2", ConfirmedLinks(objectives=()))
                 .with_links("S3", ConfirmedLinks(rejected_objectives=("O2",))))
    after = run_audit(cat, CONFIG, overrides)
    s1, s2, s3 = after.services
    assert s1.objective_ids == ("O2",)
    assert s1.objective_links[0].kind is LinkKind.EXPLICIT
    assert s1.objective_links[0].source is LinkSource.PERSON
    assert s2.objective_links == ()  # a person said: none, and nothing is suggested
    assert "A person confirmed it serves none" in next(
        f.message for f in after.findings if f.services == ("S2",)
        and f.code.value == "service-outside-mandate")
    assert "O2" not in s3.objective_ids


def test_a_person_sets_the_mandate():
    cat = catalogue(service("S1", "Dashboard", objectives=("N1",)))
    assert run_audit(cat, CONFIG).services[0].unmatched_objectives == ("N1",)
    overrides = AuditOverrides(objectives=(Objective("N1", "A new objective"),))
    result = run_audit(cat, CONFIG, overrides)
    assert result.services[0].objective_ids == ("N1",)
    assert [o.objective_id for o in result.objectives] == ["N1"]


def test_confirmed_links_round_trip_as_json():
    links = ConfirmedLinks(objectives=("O1",), customers=None, rejected_objectives=("O2",))
    assert ConfirmedLinks.from_json(links.to_json()) == links


def test_best_matches_keeps_at_most_k_best_first_and_the_runner_up_rule():
    profiles = word_profiles(
        [["risk review", None, None, None, None], ["", None, None, None, None]],
        ["manage risks", "review risks and issues", "train people"], [])
    found, best, score = best_matches(profiles.services, profiles.objectives, per_source=2,
                                      min_confidence=0.01, runner_up_ratio=0.0)
    rows = found.source.tolist()
    assert rows.count(0) <= 2 and 1 not in rows  # the empty service gets nothing
    confidences = found.confidence[found.source == 0]
    assert list(confidences) == sorted(confidences, reverse=True)
    assert best[1] == -1 and score[1] == 0.0
    strict, _, _ = best_matches(profiles.services, profiles.objectives, per_source=3,
                                min_confidence=0.01, runner_up_ratio=1.0)
    assert strict.source.tolist().count(0) == 1


def test_best_matches_in_chunks_equals_one_block():
    texts = [[f"risk review {i % 7} benefits", None, None, None, None] for i in range(50)]
    profiles = word_profiles(texts, ["manage risks", "benefits realised", "risk"], [])
    one, _, _ = best_matches(profiles.services, profiles.objectives, per_source=2,
                             min_confidence=0.0)
    chunked, _, _ = best_matches(profiles.services, profiles.objectives, per_source=2,
                                 min_confidence=0.0, chunk_cells=3)
    assert np.array_equal(one.source, chunked.source)
    assert np.array_equal(one.target, chunked.target)


@pytest.mark.parametrize("objectives", [(), (Objective("O1", ""),)])
def test_nothing_to_suggest_from(objectives):
    cat = catalogue(Service("S1", "Anything"), objectives=objectives)
    s = run_audit(cat, CONFIG).services[0]
    assert s.objective_links == ()
