"""The what-if, Compare versions, the sponsor view and the one-pager say the same figures and
the same changes, by one rounding rule (audit.wording): never "+9 points" beside "+8"."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from audit.compare import compare
from audit.config import AuditConfig
from audit.engine import run_audit
from audit.wording import percent, points_change
from catalogue.importer import import_catalogue
from ui.compare_page import headline_delta
from ui.workshop_page import figure_delta, figure_value
from workshop import outcome
from workshop.model import Decision, DecisionKind
from workshop.whatif import what_if

SAMPLE = Path(__file__).resolve().parents[2] / "sample_catalogues" / "coaching_story.xlsx"


@pytest.fixture(scope="module")
def before():
    imported = import_catalogue(SAMPLE.read_bytes(), filename=SAMPLE.name)
    return run_audit(imported.catalogue, AuditConfig(as_of=dt.date(2026, 11, 22)))


def shown_points(before_text: str, after_text: str) -> int:
    return int(after_text.rstrip("%")) - int(before_text.rstrip("%"))


@pytest.mark.parametrize("retired", [("CPO-17",), ("CPO-04",), ("CPO-01", "CPO-02"),
                                     ("CPO-13",), ("CPO-09",)])
def test_every_place_shows_the_same_change_as_the_figures_beside_it(before, retired):
    found = what_if(before, {sid: Decision(DecisionKind.RETIRE) for sid in retired})
    comparison = compare(found.before, found.after, before_label="Today",
                         after_label="After the decisions")
    chart = outcome.outcome_chart(found).figure
    chart_notes = [a.text for a in chart.layout.annotations if "point" in a.text
                   or "no change" in a.text]
    moved = 0
    for figure in found.figures:
        if not figure.percent:
            continue
        headline = comparison.headline(figure.label)
        texts = {figure_value(figure.before, True), outcome.figure_text(figure, figure.before),
                 headline.shown(headline.before)}
        assert len(texts) == 1, texts  # what-if, one-pager and compare show one figure
        then = texts.pop()
        now = figure_value(figure.after, True)
        assert now == outcome.figure_text(figure, figure.after) == headline.shown(
            headline.after)
        difference = shown_points(then, now)
        words = points_change(figure.before, figure.after)
        # what-if and sponsor metrics, compare page metric, one-pager, compare chart
        assert (figure_delta(figure.before, figure.after, True) or "no change") == words
        assert (headline_delta(headline) or "no change") == words
        assert outcome.change_text(figure).replace("−", "-") == words
        assert any(words in re.sub("<[^>]+>", "", note).replace("−", "-")
                   for note in chart_notes), (words, chart_notes)
        expected = "no change" if not difference else (
            f"{difference:+d} point{'s' if abs(difference) != 1 else ''}")
        assert words == expected, (figure.label, then, now, words)
        moved += bool(difference)
    assert moved  # each case moves at least one figure


def test_the_outcome_chart_labels_use_the_same_percentages(before):
    found = what_if(before, {"CPO-17": Decision(DecisionKind.RETIRE)})
    chart = outcome.outcome_chart(found).figure
    labels = {t for trace in chart.data for t in (trace.text or ())}
    assert any(figure.percent for figure in found.figures)  # else the loop checks nothing
    for figure in found.figures:
        if figure.percent:
            assert percent(figure.before) in labels and percent(figure.after) in labels
