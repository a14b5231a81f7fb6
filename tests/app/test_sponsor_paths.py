"""The sponsor's paths, headless: Compare versions and the sponsor view count the room's
decisions, and their figures are the what-if's."""

from __future__ import annotations

from tests.app.test_workshop_page import (
    decide,
    metric,
    open_app,
    open_sponsor,
    sponsor_token,
    started,
)
from ui import workshop
from ui.compare_page import SNAPSHOT

HEADLINES = ("Mandate fit", "Objectives covered", "Customers served",
             "Effort inside the mandate")


def snapshot(app, name: str) -> None:
    app.text_input(key="workshop_snapshot_name").set_value(name)
    app.button(key="workshop_snapshot_save").click().run()
    assert not app.exception, [e.value for e in app.exception]


def text_of(app) -> str:
    return " ".join(m.value for m in app.markdown).replace("\\", "")


def test_comparing_snapshots_before_and_after_decisions_shows_what_was_decided():
    app, workshop_id = started()
    snapshot(app, "Before the workshop")
    decide(app, "CPO-01", "retire")
    decide(app, "CPO-02", "hand over")
    decide(app, "CPO-07", "keep")
    snapshot(app, "After the room")
    after_decisions = {label: metric(app, label) for label in HEADLINES}

    compare = open_app(workshop_id, "app_pages/compare.py")
    first, second = workshop.store().snapshots(workshop_id)
    compare.selectbox(key="compare_before").set_value(SNAPSHOT + first.id).run()
    compare.selectbox(key="compare_after").set_value(SNAPSHOT + second.id).run()
    assert not compare.exception, [e.value for e in compare.exception]
    text = text_of(compare)
    assert "Nothing changed" not in text
    assert ("The room decided 3 services: keep “Project SharePoint site set-up and "
            "administration” (CPO-07); retire “Weekly status report compilation” (CPO-01); "
            "hand over “RAID log administration” (CPO-02).") in text, text
    assert ("2 services leave the PMO by the room's decisions, freeing the 2.4 FTE they "
            "took: hand over “RAID log administration” (CPO-02); retire “Weekly status "
            "report compilation” (CPO-01).") in text, text
    # a decided service is not counted again as a change of the audit's recommendation
    assert "now retire" not in text
    # the figures after the decisions, as the what-if showed them in the room
    for label in HEADLINES:
        assert metric(compare, label) == after_decisions[label], label
    assert metric(compare, "Effort in service") == "6.6 FTE"


def test_decisions_that_take_no_service_away_are_told_not_nothing_changed():
    app, workshop_id = started()
    snapshot(app, "Before")
    decide(app, "CPO-07", "keep")
    compare = open_app(workshop_id, "app_pages/compare.py")  # the snapshot against now
    text = text_of(compare)
    assert "Nothing changed" not in text
    assert "The room decided 1 service: keep" in text
    assert "None of these decisions takes a service out of the PMO" in text


def test_the_sponsor_view_counts_the_decisions_since_the_first_snapshot():
    app, _workshop_id = started()
    snapshot(app, "FY26 baseline")
    decide(app, "CPO-01", "retire", owner="Priya")
    after_decisions = metric(app, "Effort inside the mandate")
    sponsor = open_sponsor(sponsor_token(app))
    text = text_of(sponsor)
    assert "Nothing changed" not in text
    assert "The room decided 1 service: retire “Weekly status report compilation” " \
           "(CPO-01)." in text
    assert "1 service leaves the PMO by the room's decisions, freeing the 1.4 FTE" in text
    # the figure after the decisions, as the what-if showed it in the room
    assert "Effort inside the mandate rose from" in text
    assert text.split("Effort inside the mandate rose from", 1)[1].split(".")[0] \
        .endswith(f"to {after_decisions}")
