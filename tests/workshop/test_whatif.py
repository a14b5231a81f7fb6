"""What the room's decisions achieve, on the coaching story (Northbridge's 9 FTE office)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.engine import run_audit
from audit.model import FindingCode
from catalogue.importer import import_catalogue
from workshop.model import Decision, DecisionKind
from workshop.whatif import what_if

SAMPLE = Path(__file__).resolve().parents[2] / "sample_catalogues" / "coaching_story.xlsx"


@pytest.fixture(scope="module")
def before():
    imported = import_catalogue(SAMPLE.read_bytes(), filename=SAMPLE.name)
    return run_audit(imported.catalogue, AuditConfig(as_of=dt.date(2026, 11, 22)))


def figure(found, label):
    return next(f for f in found.figures if f.label == label)


def test_retiring_a_service_outside_the_mandate_frees_its_effort_and_resolves_its_finding(
        before):
    found = what_if(before, {"CPO-01": Decision(DecisionKind.RETIRE, "Dashboard instead")})
    assert found.effort_freed_fte == pytest.approx(1.4)
    assert [a.service_id for a in found.leaving] == ["CPO-01"]
    inside = figure(found, "Effort inside the mandate")
    assert inside.after > inside.before
    assert figure(found, "PMO effort (FTE)").after == pytest.approx(9.0 - 1.4)
    resolved = [f for f in found.findings_resolved
                if f.code is FindingCode.SERVICE_OUTSIDE_MANDATE]
    assert [f.services for f in resolved] == [("CPO-01",)]
    assert found.findings_new == ()


def test_handing_over_frees_capacity_like_retiring(before):
    retire = what_if(before, {"CPO-02": Decision(DecisionKind.RETIRE)})
    hand_over = what_if(before, {"CPO-02": Decision(DecisionKind.HAND_OVER, owner="Finance")})
    assert hand_over.effort_freed_fte == retire.effort_freed_fte == pytest.approx(1.0)
    assert hand_over.figures == retire.figures


@pytest.mark.parametrize("kind", [DecisionKind.KEEP, DecisionKind.IMPROVE, DecisionKind.RETHINK])
def test_keep_improve_and_rethink_leave_every_figure_as_it_is(before, kind):
    found = what_if(before, {"CPO-01": Decision(kind), "CPO-03": Decision(kind)})
    assert not found.changes_anything
    assert found.effort_freed_fte == 0
    assert all(f.before == f.after for f in found.figures)
    assert found.findings_resolved == found.findings_new == ()
    assert found.kinds[kind.value] == 2 and found.decided == 2


def test_decisions_about_services_the_catalogue_lacks_are_ignored(before):
    found = what_if(before, {"NOT-A-SERVICE": Decision(DecisionKind.RETIRE),
                             "CPO-05": Decision()})  # an owner noted, no decision yet
    assert found.decided == 0
    assert not found.changes_anything


def test_cost_freed_adds_the_costs_the_catalogue_states(before):
    costs = {s.id: s.cost for s in before.catalogue.services}
    found = what_if(before, {"CPO-01": Decision(DecisionKind.RETIRE),
                             "CPO-02": Decision(DecisionKind.HAND_OVER)})
    assert found.cost_freed == pytest.approx(costs["CPO-01"] + costs["CPO-02"])
