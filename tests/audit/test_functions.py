"""The PMO function taxonomy and the classifier (audit/functions.py, audit/pmo_functions.toml)."""

from __future__ import annotations

import re

import pytest

from audit.functions import (
    UNRECOGNISED,
    TaxonomyError,
    classify,
    classify_texts,
    load_taxonomy,
    taxonomy,
)
from catalogue.model import PMOType
from tests.audit.function_labels import DEVELOPMENT, HOLDOUT

HOBBS_AUBRY_GROUPS = {"monitoring", "competencies", "multiproject", "strategic", "learning"}


def _accuracy(labelled: list[tuple[str, str, str]]) -> tuple[float, list[str]]:
    matches = classify([(name, description, None, None) for name, description, _ in labelled])
    wrong = [f"{name!r}: expected {group}, got {matches.group_ids[i]} ({matches.reason(i)})"
             for i, (name, _, group) in enumerate(labelled) if matches.group_ids[i] != group]
    return 1 - len(wrong) / len(labelled), wrong


def test_classifier_gives_the_group_a_person_would_give(capsys: pytest.CaptureFixture) -> None:
    """Top-1 group accuracy on the labelled set (tests/audit/function_labels.py).

    How the set was made: 113 service names and descriptions written by hand in PMO
    wording, with the group a PMO consultant would give, committed before the taxonomy
    and the classifier existed (git history: "Labelled set of 113 ..."). When the signal
    words were first written, some idiosyncratic phrases of the labelled texts had slipped
    into them; those were removed before any tuning. Tuning then looked only at the 74
    DEVELOPMENT entries' failures (one changed signal); the 39 HOLDOUT entries were run
    once, at the end, and are reported apart.
    """
    development, dev_wrong = _accuracy(DEVELOPMENT)
    holdout, holdout_wrong = _accuracy(HOLDOUT)
    overall, _ = _accuracy(DEVELOPMENT + HOLDOUT)
    with capsys.disabled():
        print(f"\nfunction group top-1 accuracy: {overall:.1%} of "
              f"{len(DEVELOPMENT) + len(HOLDOUT)} (development {development:.1%} of "
              f"{len(DEVELOPMENT)}, held out {holdout:.1%} of {len(HOLDOUT)})")
        for line in dev_wrong + holdout_wrong:
            print("  wrong:", line)
    assert len(DEVELOPMENT) + len(HOLDOUT) >= 100
    assert overall >= 0.9
    assert holdout >= 0.85, holdout_wrong


def test_taxonomy_holds_hobbs_and_aubrys_27_functions_in_their_groups() -> None:
    tax = taxonomy()
    numbers = []
    for function in tax.functions:
        found = re.findall(r"hobbs-aubry (\d+)", function.source)
        numbers += [int(n) for n in found]
        if found and int(found[0]) <= 24:
            assert function.group in HOBBS_AUBRY_GROUPS, function.id
        elif found:
            assert function.group == "other", function.id
    assert sorted(numbers) == list(range(1, 28))
    group_ids = [g.id for g in tax.groups]
    assert HOBBS_AUBRY_GROUPS | {"other", "admin", UNRECOGNISED} == set(group_ids)
    admin = {f.id for f in tax.functions if f.group == "admin"}
    assert {"admin-minutes", "admin-bookings", "admin-timesheets", "admin-invoices",
            "admin-events", "admin-formatting"} <= admin


def test_every_function_has_pmo_words_signals_and_a_nature() -> None:
    functions = taxonomy().functions
    assert len(functions) > 1  # else the loop checks nothing
    for function in functions:
        if function.id == UNRECOGNISED:
            continue
        assert function.name and len(function.description) > 20, function.id
        assert len(function.signals) >= 5, function.id
        assert isinstance(function.nature, PMOType)
        assert function.source


def test_directive_work_is_told_apart_from_support() -> None:
    matches = classify([("Stop orders", "Issue stop orders to failing projects", None, None),
                        ("Template library", "Keep the templates current", None, None)])
    assert matches.function_ids == ["directive-intervention", "toolset"]
    tax = taxonomy()
    assert tax.function("directive-intervention").nature is PMOType.DIRECTIVE
    assert tax.function("toolset").nature is PMOType.SUPPORTIVE


def test_a_service_is_classified_the_same_whatever_else_the_catalogue_holds() -> None:
    alone = classify([("Board minutes", "Take the minutes at the board", None, None)])
    among = classify([("Benefits tracking", "Track benefits", None, None),
                      ("Board minutes", "Take the minutes at the board", None, None),
                      ("Portfolio dashboard", None, None, None)])
    assert alone.function_ids[0] == among.function_ids[1] == "admin-minutes"
    assert alone.confidence[0] == among.confidence[1]
    assert alone.reason(0) == among.reason(1)


def test_reason_names_the_words_and_the_function() -> None:
    matches = classify([("Board minutes", "Take the minutes and keep the action log", None,
                         None)])
    reason = matches.reason(0)
    assert "“minutes”" in reason and "Meeting minutes and secretariat" in reason
    assert "Administrative work" in reason
    assert 0 < matches.confidence[0] <= 1


def test_no_text_has_no_function_and_unknown_words_are_not_recognised() -> None:
    matches = classify([(None, None, None, None), ("Zorblax", "Quuxing the frobs", None, None),
                        ("   ", "", None, None)])
    assert matches.function_ids == [None, UNRECOGNISED, None]
    assert matches.group_ids == [None, UNRECOGNISED, None]
    assert matches.confidence.tolist() == [0.0, 0.0, 0.0]
    assert "not recognised" in matches.reason(1)
    assert "No name" in matches.reason(0)


def test_the_name_counts_more_than_the_category() -> None:
    matches = classify([("Benefits realisation tracking", None, "Reporting", None)])
    assert matches.group_ids == ["strategic"]


def test_objectives_are_classified_too() -> None:
    matches = classify_texts(["Realise the benefits in approved business cases",
                              "Build project management capability",
                              "Give the board a reliable view of the portfolio's status", None])
    assert matches.group_ids == ["strategic", "competencies", "monitoring", None]


def test_a_malformed_taxonomy_is_refused() -> None:
    with pytest.raises(TaxonomyError, match="unknown group"):
        load_taxonomy('[[group]]\nid = "a"\nname = "A"\n[[function]]\nid = "f"\ngroup = "b"\n'
                      'name = "F"\ndescription = "d"\nnature = "supportive"\n')
    with pytest.raises(TaxonomyError, match="unknown nature"):
        load_taxonomy('[[group]]\nid = "a"\nname = "A"\n[[function]]\nid = "f"\ngroup = "a"\n'
                      'name = "F"\ndescription = "d"\nnature = "bossy"\n')
