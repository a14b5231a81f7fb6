"""One rule folds names everywhere: the audit's links, the comparison, the page searches."""

from __future__ import annotations

from catalogue.words import fold_name, singular


def test_two_names_are_one_name_whatever_their_case_and_spacing():
    assert fold_name("  Project   Managers ") == fold_name("project managers")
    assert fold_name("Straße") == fold_name("STRASSE")  # casefold, not lower
    assert fold_name("R&D") != fold_name("R D")  # punctuation is part of a name


def test_plural_endings_come_off_but_not_from_words_that_end_in_s():
    assert [singular(w) for w in ("activities", "managers", "process", "status", "basis",
                                  "bus")] == ["activity", "manager", "process", "status",
                                              "basis", "bus"]
