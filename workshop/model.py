"""A workshop's records and their plain-JSON form.

A workshop's state is a set of fields, each saved and versioned on its own (see
`workshop.store`): the title, the column assignments, the mandate, objectives and
customers as edited, each service's links, each service's decision (kind, rationale and
owner are three fields, so two people can fill in one service's owner and rationale at
once), the thresholds one by one, and the room's notes. The keys below name them;
`state_from_fields` and `fields_from_state` convert between the fields and a
`WorkshopState`, and `changed_fields` names the fields that differ between two states
(what a change must save).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from audit.config import AuditConfig, config_from_mapping
from audit.model import AuditOverrides, ConfirmedLinks
from catalogue.model import Customer, Horizon, Mandate, Objective, OfficeKind, PMOType


class DecisionKind(enum.Enum):
    """What the room decided for a service. Values are the words shown and exported."""

    KEEP = "keep"
    IMPROVE = "improve"
    RETHINK = "rethink"
    RETIRE = "retire"
    HAND_OVER = "hand over"

    @property
    def frees_capacity(self) -> bool:
        """The PMO stops delivering the service: its effort and cost are freed."""
        return self in (DecisionKind.RETIRE, DecisionKind.HAND_OVER)

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Decision:
    """The room's decision about one service: no kind means not decided yet."""

    kind: DecisionKind | None = None
    rationale: str = ""
    owner: str = ""

    @property
    def empty(self) -> bool:
        return self.kind is None and not self.rationale and not self.owner


@dataclass(frozen=True)
class SourceFile:
    """A workbook as uploaded: its name and the digest naming its bytes in the store."""

    name: str
    digest: str


@dataclass(frozen=True)
class WorkshopState:
    """Everything a workshop holds apart from the workbooks' bytes."""

    title: str = ""
    workbook: SourceFile | None = None
    mandate_workbook: SourceFile | None = None
    is_sample: bool = False
    column_overrides: Mapping[str, str] = field(default_factory=dict)
    overrides: AuditOverrides = field(default_factory=AuditOverrides)
    config: AuditConfig = field(default_factory=AuditConfig)
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    notes: str = ""

    def decision(self, service_id: str) -> Decision:
        return self.decisions.get(service_id, Decision())


# -- field keys -------------------------------------------------------------------------

TITLE = "title"
NOTES = "notes"
COLUMNS = "columns"
MANDATE = "mandate"
OBJECTIVES = "objectives"
CUSTOMERS = "customers"
LINKS = "links/"  # + service id
CONFIG = "config/"  # + config key
DECISION = "decision/"  # + service id + "/" + one of DECISION_PARTS
DECISION_PARTS = ("kind", "rationale", "owner")


def links_key(service_id: str) -> str:
    return LINKS + service_id


def config_key(name: str) -> str:
    return CONFIG + name


def decision_key(service_id: str, part: str) -> str:
    if part not in DECISION_PARTS:
        raise ValueError(f"a decision has no part {part!r}")
    return f"{DECISION}{service_id}/{part}"


def describe_key(key: str) -> str:
    """The field in words, for a PMO manager reading a conflict or the change log."""
    if key.startswith(DECISION):
        service_id, _, part = key[len(DECISION):].rpartition("/")
        words = {"kind": "decision", "rationale": "rationale", "owner": "action owner"}
        return f"the {words.get(part, part)} for service {service_id}"
    if key.startswith(LINKS):
        return f"the links of service {key[len(LINKS):]}"
    if key.startswith(CONFIG):
        return f"the threshold {key[len(CONFIG):].replace('_', ' ')}"
    return {TITLE: "the workshop's title", NOTES: "the workshop notes",
            COLUMNS: "the column assignments", MANDATE: "the mandate",
            OBJECTIVES: "the mandate's objectives",
            CUSTOMERS: "the mandate's customers"}.get(key, key)


# -- JSON for the domain records ---------------------------------------------------------

def _enum(kind: type[enum.Enum], value: Any) -> Any:
    return None if value is None else kind(value)


def mandate_to_json(mandate: Mandate) -> dict[str, Any]:
    return {
        "pmo_name": mandate.pmo_name,
        "pmo_type": mandate.pmo_type.value if mandate.pmo_type else None,
        "statement": mandate.statement,
        "sponsor": mandate.sponsor,
        "date": mandate.date.isoformat() if mandate.date else None,
        "office_kind": mandate.office_kind.value if mandate.office_kind else None,
    }


def mandate_from_json(data: Mapping[str, Any]) -> Mandate:
    date = data.get("date")
    return Mandate(pmo_name=data.get("pmo_name"),
                   pmo_type=_enum(PMOType, data.get("pmo_type")),
                   statement=data.get("statement"), sponsor=data.get("sponsor"),
                   date=dt.date.fromisoformat(date) if date else None,
                   office_kind=_enum(OfficeKind, data.get("office_kind")))


def objective_to_json(o: Objective) -> dict[str, Any]:
    return {"id": o.id, "statement": o.statement, "priority": o.priority,
            "success_measure": o.success_measure,
            "horizon": o.horizon.value if o.horizon else None}


def objective_from_json(data: Mapping[str, Any]) -> Objective:
    return Objective(id=str(data["id"]), statement=str(data["statement"]),
                     priority=data.get("priority"), success_measure=data.get("success_measure"),
                     horizon=_enum(Horizon, data.get("horizon")))


def customer_to_json(c: Customer) -> dict[str, Any]:
    return {"name": c.name, "importance": c.importance, "expectations": c.expectations}


def customer_from_json(data: Mapping[str, Any]) -> Customer:
    return Customer(name=str(data["name"]), importance=data.get("importance"),
                    expectations=data.get("expectations"))


# -- state <-> fields --------------------------------------------------------------------

def fields_from_state(state: WorkshopState) -> dict[str, Any]:
    """The state as field key -> JSON value. Fields at their default are left out."""
    out: dict[str, Any] = {}
    if state.title:
        out[TITLE] = state.title
    if state.notes:
        out[NOTES] = state.notes
    if state.column_overrides:
        out[COLUMNS] = dict(state.column_overrides)
    o = state.overrides
    if o.mandate is not None:
        out[MANDATE] = mandate_to_json(o.mandate)
    if o.objectives is not None:
        out[OBJECTIVES] = [objective_to_json(x) for x in o.objectives]
    if o.customers is not None:
        out[CUSTOMERS] = [customer_to_json(x) for x in o.customers]
    for service_id, links in o.links.items():
        out[links_key(service_id)] = links.to_json()
    default = AuditConfig().to_json()
    for name, value in state.config.to_json().items():
        if value != default[name]:
            out[config_key(name)] = value
    for service_id, decision in state.decisions.items():
        if decision.kind is not None:
            out[decision_key(service_id, "kind")] = decision.kind.value
        if decision.rationale:
            out[decision_key(service_id, "rationale")] = decision.rationale
        if decision.owner:
            out[decision_key(service_id, "owner")] = decision.owner
    return out


def changed_fields(old: WorkshopState, new: WorkshopState) -> dict[str, Any]:
    """The fields whose values differ between two states, at their new value.

    A field `new` no longer holds (cleared, or back at its default) maps to None, which
    the store saves as "absent". Saving exactly these turns `old` into `new`.
    """
    before, after = fields_from_state(old), fields_from_state(new)
    return {key: after.get(key) for key in sorted(before.keys() | after.keys())
            if before.get(key) != after.get(key)}


def state_from_fields(fields: Mapping[str, Any], *, workbook: SourceFile | None = None,
                      mandate_workbook: SourceFile | None = None,
                      is_sample: bool = False) -> WorkshopState:
    """The state the fields describe (a field holding None is as if absent)."""
    present = {k: v for k, v in fields.items() if v is not None}
    links: dict[str, ConfirmedLinks] = {}
    config_values: dict[str, Any] = {}
    decisions: dict[str, dict[str, Any]] = {}
    for key, value in present.items():
        if key.startswith(LINKS):
            links[key[len(LINKS):]] = ConfirmedLinks.from_json(value)
        elif key.startswith(CONFIG):
            config_values[key[len(CONFIG):]] = value
        elif key.startswith(DECISION):
            service_id, _, part = key[len(DECISION):].rpartition("/")
            decisions.setdefault(service_id, {})[part] = value
    mandate = present.get(MANDATE)
    objectives = present.get(OBJECTIVES)
    customers = present.get(CUSTOMERS)
    overrides = AuditOverrides(
        links=dict(sorted(links.items())),
        mandate=mandate_from_json(mandate) if mandate is not None else None,
        objectives=(tuple(objective_from_json(x) for x in objectives)
                    if objectives is not None else None),
        customers=(tuple(customer_from_json(x) for x in customers)
                   if customers is not None else None),
    )
    return WorkshopState(
        title=str(present.get(TITLE, "")),
        workbook=workbook, mandate_workbook=mandate_workbook, is_sample=is_sample,
        column_overrides=dict(present.get(COLUMNS, {})),
        overrides=overrides,
        config=config_from_mapping(config_values) if config_values else AuditConfig(),
        decisions={
            sid: Decision(kind=_enum(DecisionKind, parts.get("kind")),
                          rationale=str(parts.get("rationale", "")),
                          owner=str(parts.get("owner", "")))
            for sid, parts in sorted(decisions.items())
        },
        notes=str(present.get(NOTES, "")),
    )
