"""Service cells matched to the mandate's customer groups and objectives."""

import pytest

from catalogue.matching import CustomerMatcher, ObjectiveMatcher

GROUPS = ["Project Managers", "Project sponsors", "Executive leadership team", "Finance",
          "Portfolio board"]


@pytest.mark.parametrize(("text", "group"), [
    ("PMs", "Project Managers"), ("project manager", "Project Managers"),
    ("Project Managers", "Project Managers"), ("PM", "Project Managers"),
    ("sponsors", "Project sponsors"), ("Sponsers", "Project sponsors"),
    ("exec", "Executive leadership team"), ("ELT", "Executive leadership team"),
    ("finance team", "Finance"), ("the Portfolio Board", "Portfolio board"),
])
def test_a_group_is_recognised_however_it_is_written(text, group):
    assert CustomerMatcher(GROUPS).match_one(text) == group


def test_a_list_cell_names_several_groups_and_keeps_the_rest_as_written():
    matched = CustomerMatcher(GROUPS).match_cell("PMs, sponsors / exec; Legal")
    assert matched.names == ("Project Managers", "Project sponsors", "Executive leadership team")
    assert matched.unmatched == ("Legal",)


def test_without_mandate_groups_every_name_is_kept_as_written():
    matched = CustomerMatcher([]).match_cell("PMs; Sponsors")
    assert matched.names == () and matched.unmatched == ("PMs", "Sponsors")


OBJECTIVES = [("O1", "Prioritise, select and balance the portfolio"),
              ("O2", "Realise the benefits of change"), ("O3", "Build project management capability")]


@pytest.mark.parametrize(("text", "expected"), [
    ("O1", ("O1",)), ("o-2", ("O2",)), ("Obj 3", ("O3",)), ("O1; O3", ("O1", "O3")),
    ("O1, O2", ("O1", "O2")), ("O2 - Benefits", ("O2",)),
    ("Prioritise, select and balance the portfolio", ("O1",)),
    ("realise the benefits of change", ("O2",)),
    ("Build PM capability\nO1", ("O3", "O1")),
])
def test_objectives_are_named_by_id_or_statement(text, expected):
    assert ObjectiveMatcher(OBJECTIVES).match_cell(text).names == expected


def test_an_unknown_statement_is_kept_whole_not_cut_at_its_commas():
    matched = ObjectiveMatcher(OBJECTIVES).match_cell("Reduce cost, improve speed")
    assert matched.names == () and matched.unmatched == ("Reduce cost, improve speed",)


def test_unknown_ids_are_listed_one_by_one():
    matched = ObjectiveMatcher(OBJECTIVES).match_cell("O1, O7, O9")
    assert matched.names == ("O1",) and matched.unmatched == ("O7", "O9")
