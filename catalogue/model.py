"""The domain: a PMO's mandate, objectives, customers and services, and import issues.

Records are frozen dataclasses; a fixed vocabulary is an Enum whose values are the
words a PMO manager writes (and the words the JSON output uses).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class PMOType(enum.Enum):
    """How much authority a PMO has; also the nature of a service."""

    SUPPORTIVE = "supportive"
    CONTROLLING = "controlling"
    DIRECTIVE = "directive"

    @property
    def strength(self) -> int:
        """1 for supportive, 2 for controlling, 3 for directive."""
        return {"supportive": 1, "controlling": 2, "directive": 3}[self.value]


class OfficeKind(enum.Enum):
    """What the office covers."""

    PORTFOLIO = "portfolio office"
    PROGRAMME = "programme office"
    PROJECT = "project office"
    CENTRE_OF_EXCELLENCE = "centre of excellence"
    HUB = "hub"


class Horizon(enum.Enum):
    """When an objective is meant to pay off."""

    SHORT = "short term"
    MEDIUM = "medium term"
    LONG = "long term"


class ServiceStatus(enum.Enum):
    """Where a service is in its life."""

    ACTIVE = "active"
    PLANNED = "planned"
    RETIRING = "retiring"
    RETIRED = "retired"


class Severity(enum.Enum):
    """How much an import issue matters: an error lost information, a warning did not."""

    ERROR = "error"
    WARNING = "warning"


class IssueCode(enum.Enum):
    """Why the importer raised an issue. Values are stable: scripts match on them."""

    # The workbook as a whole
    HIDDEN_SHEET_WITH_DATA = "hidden-sheet-with-data"
    SHEET_IGNORED = "sheet-ignored"
    MANDATE_NOT_FOUND = "mandate-not-found"
    # Columns
    UNKNOWN_COLUMN = "unknown-column"
    DUPLICATE_COLUMN = "duplicate-column"
    MISSING_COLUMN = "missing-column"
    # Rows and cells
    MISSING_NAME = "missing-name"
    DUPLICATE_SERVICE = "duplicate-service"
    DUPLICATE_ID = "duplicate-id"
    ROW_SKIPPED = "row-skipped"
    UNPARSEABLE_NUMBER = "unparseable-number"
    UNPARSEABLE_DATE = "unparseable-date"
    UNKNOWN_VALUE = "unknown-value"
    OUT_OF_RANGE = "out-of-range"
    FORMULA_WITHOUT_VALUE = "formula-without-value"
    ERROR_CELL = "error-cell"
    TEXT_TRUNCATED = "text-truncated"
    BIDI_CONTROL_REMOVED = "bidi-control-removed"
    # Links to the mandate
    UNKNOWN_CUSTOMER = "unknown-customer"
    UNKNOWN_OBJECTIVE = "unknown-objective"
    # Mandate sheets
    MISSING_OBJECTIVE_ID = "missing-objective-id"
    DUPLICATE_OBJECTIVE = "duplicate-objective"
    DUPLICATE_CUSTOMER = "duplicate-customer"
    UNKNOWN_MANDATE_FIELD = "unknown-mandate-field"
    # Reading real tables
    INSTRUCTION_ROW = "instruction-row"
    EARLIER_PERIODS = "earlier-periods"


@dataclass(frozen=True)
class Issue:
    """One problem found while importing, located as Excel shows it."""

    severity: Severity
    code: IssueCode
    message: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel numbers rows
    column: str | None = None  # the header as the workbook writes it
    # Every row the issue concerns, first `row`: one issue per sheet, column and kind
    # counts the rows that share a problem rather than repeating it.
    rows: tuple[int, ...] = ()

    def to_json(self) -> dict:
        """The issue as the command line's JSON prints it."""
        return {
            "severity": self.severity.value,
            "code": self.code.value,
            "sheet": self.sheet,
            "row": self.row,
            "rows": list(self.rows) if self.rows else ([self.row] if self.row else []),
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Mandate:
    """What the organisation set the PMO up to do, and with how much authority."""

    pmo_name: str | None = None
    pmo_type: PMOType | None = None
    statement: str | None = None
    sponsor: str | None = None
    date: dt.date | None = None
    office_kind: OfficeKind | None = None


@dataclass(frozen=True)
class Objective:
    """Something the mandate asks the PMO to achieve."""

    id: str
    statement: str
    priority: float | None = None
    success_measure: str | None = None
    horizon: Horizon | None = None


@dataclass(frozen=True)
class Customer:
    """A group the PMO serves, with how much it matters to the mandate."""

    name: str
    importance: float | None = None
    expectations: str | None = None


@dataclass(frozen=True)
class Service:
    """One service in the catalogue. Only the name is required.

    `customers` holds mandate customer names where the workbook's text matched one,
    otherwise the cleaned text as written; `objectives` holds objective ids where
    matched, otherwise the text as written. `sheet` and `row` say where it came from.
    """

    id: str
    name: str
    description: str | None = None
    category: str | None = None
    customers: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    owner: str | None = None
    effort_fte: float | None = None
    cost: float | None = None
    frequency: str | None = None
    demand: float | None = None
    satisfaction: float | None = None  # 1 to 5
    last_reviewed: dt.date | None = None
    last_delivered: dt.date | None = None
    status: ServiceStatus | None = None
    mandatory: bool | None = None
    nature: PMOType | None = None
    value_measure: str | None = None
    period: str | None = None  # the fiscal year, year or quarter the row is for, where read
    sheet: str | None = None
    row: int | None = None

    def to_json(self) -> dict:
        """Every field the service holds, as the command line's JSON prints it."""
        def day(value: object) -> str | None:
            return value.isoformat() if isinstance(value, dt.date) else None

        def word(value: object) -> object:
            return value.value if isinstance(value, enum.Enum) else value

        return {
            "id": self.id, "name": self.name, "description": self.description,
            "category": self.category, "customers": list(self.customers),
            "objectives": list(self.objectives), "owner": self.owner,
            "effort_fte": self.effort_fte, "cost": self.cost, "frequency": self.frequency,
            "demand": self.demand, "satisfaction": self.satisfaction,
            "last_reviewed": day(self.last_reviewed), "last_delivered": day(self.last_delivered),
            "status": word(self.status), "mandatory": self.mandatory, "nature": word(self.nature),
            "value_measure": self.value_measure, "period": self.period,
            "sheet": self.sheet or "", "row": self.row or 0,
        }


@dataclass(frozen=True)
class Upload:
    """A workbook as someone gave it: its file name and its bytes (read once)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Catalogue:
    """A PMO's mandate and service catalogue, as imported or edited."""

    mandate: Mandate = field(default_factory=Mandate)
    objectives: tuple[Objective, ...] = ()
    customers: tuple[Customer, ...] = ()
    services: tuple[Service, ...] = ()
    source: str = ""

    def objective(self, objective_id: str) -> Objective | None:
        """The objective with this id, if the mandate has it."""
        return next((o for o in self.objectives if o.id == objective_id), None)


@dataclass(frozen=True)
class ImportResult:
    """What an import produced: the catalogue and every issue met on the way."""

    catalogue: Catalogue
    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues that lost or could not interpret information."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)
