"""The one rounding rule of every percentage and every change in points."""

from __future__ import annotations

import pytest

from audit.wording import fte_change, percent, points, points_change, whole_percent


@pytest.mark.parametrize(("share", "whole"), [
    (0.574, 57), (0.575, 58), (0.125, 13), (0.225, 23), (0.5722, 57), (0.5770, 58),
    (1.0, 100), (0.0, 0), (0.995, 100),
])
def test_a_share_rounds_to_whole_percent_halves_up(share, whole):
    assert whole_percent(share) == whole
    assert percent(share) == f"{whole}%"


@pytest.mark.parametrize(("before", "after", "words"), [
    (0.5722, 0.5770, "+1 point"),  # 57% to 58%: +1, though the change is 0.48 points
    (0.5722, 0.4859, "-8 points"),  # 57% to 49%: -8, though the change is 8.6 points
    (0.6667, 0.3333, "-34 points"),  # 67% to 33%
    (0.41, 0.412, "no change"),  # 41% to 41%
])
def test_a_change_in_points_is_the_difference_of_the_two_figures_shown(before, after, words):
    assert points_change(before, after) == words
    assert points(before, after) == int(percent(after)[:-1]) - int(percent(before)[:-1])


def test_a_change_in_effort_is_the_difference_of_the_two_efforts_shown():
    assert fte_change(9.0, 7.6) == "-1.4 FTE"
    assert fte_change(1.0, 1.5) == "+0.5 FTE"
    assert fte_change(2.001, 2.0) == "no change"
