"""A workshop's state survives being split into fields and read back, whatever it holds."""

from __future__ import annotations

import datetime as dt
import json

from audit.config import AuditConfig
from audit.model import AuditOverrides, ConfirmedLinks
from catalogue.model import Customer, Horizon, Mandate, Objective, OfficeKind, PMOType
from workshop.model import (
    Decision,
    DecisionKind,
    WorkshopState,
    changed_fields,
    describe_key,
    fields_from_state,
    state_from_fields,
)


def full_state() -> WorkshopState:
    return WorkshopState(
        title="Northbridge CPO workshop",
        column_overrides={"Accountable exec": "owner", "Notes": ""},
        overrides=AuditOverrides(
            links={"CPO-01": ConfirmedLinks(objectives=(), rejected_objectives=("OBJ-01",)),
                   "CPO-03": ConfirmedLinks(objectives=("OBJ-03",), customers=("Sponsors",))},
            mandate=Mandate(pmo_name="CPO", pmo_type=PMOType.SUPPORTIVE,
                            statement="Prioritise the change portfolio", sponsor="COO",
                            date=dt.date(2026, 1, 5), office_kind=OfficeKind.PORTFOLIO),
            objectives=(Objective("OBJ-01", "Prioritise", 5.0, "Board decisions",
                                  Horizon.SHORT),),
            customers=(Customer("Investment Board", 3.0, "A ranked list"),),
        ),
        config=AuditConfig(review_period_months=6, as_of=dt.date(2026, 11, 22)),
        decisions={"CPO-01": Decision(DecisionKind.RETIRE, "Nobody reads it", "Priya"),
                   "CPO-02": Decision(DecisionKind.HAND_OVER, "", "Finance")},
        notes="Park: PPM tool choice",
    )


def test_every_part_of_a_state_comes_back_from_its_fields():
    state = full_state()
    fields = json.loads(json.dumps(fields_from_state(state)))  # as the store keeps them
    assert state_from_fields(fields) == state


def test_a_fresh_state_has_no_fields_and_a_cleared_field_reads_as_absent():
    assert fields_from_state(WorkshopState()) == {}
    fields = fields_from_state(full_state())
    fields["decision/CPO-01/owner"] = None  # the owner was cleared
    assert state_from_fields(fields).decisions["CPO-01"].owner == ""


def test_fields_are_named_in_words_for_a_pmo_manager():
    assert describe_key("decision/CPO-01/owner") == "the action owner for service CPO-01"
    assert describe_key("decision/CPO-01/kind") == "the decision for service CPO-01"
    assert describe_key("links/CPO-07") == "the links of service CPO-07"
    assert describe_key("config/review_period_months") == "the threshold review period months"
    assert describe_key("objectives") == "the mandate's objectives"


def test_changed_fields_are_exactly_what_turns_one_state_into_the_other():
    old = full_state()
    new = WorkshopState(
        title=old.title, column_overrides=old.column_overrides,
        overrides=AuditOverrides(
            links={"CPO-03": ConfirmedLinks(objectives=("OBJ-01",))},  # CPO-01's links gone
            mandate=old.overrides.mandate, objectives=old.overrides.objectives,
            customers=None),  # the customers as edited were dropped: back to the workbook's
        config=AuditConfig(review_period_months=12),  # back to the default, as_of set anew
        decisions={"CPO-01": Decision(DecisionKind.KEEP, "Nobody reads it", "Priya"),
                   "CPO-02": old.decisions["CPO-02"]},
        notes=old.notes)
    changed = changed_fields(old, new)
    assert changed == {
        "links/CPO-01": None,
        "links/CPO-03": {"objectives": ["OBJ-01"], "customers": None,
                         "rejected_objectives": [], "rejected_customers": []},
        "customers": None,
        "config/review_period_months": None, "config/as_of": None,
        "decision/CPO-01/kind": "keep",
    }
    applied = {**fields_from_state(old), **changed}
    assert state_from_fields(applied) == new
    assert changed_fields(new, new) == {}
