"""The figures of every service as arrays, cleaned once so the rules never meet a bad number.

A figure that is missing, not a finite number, negative, or beyond any real catalogue
(an effort of a billion FTE) counts as missing; a satisfaction outside 1 to 5 too. Dates
become day numbers (-1 when missing) so the rules can compare them all at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from catalogue.model import Catalogue, PMOType, ServiceStatus

from .config import AuditConfig

MAX_EFFORT_FTE = 1e6
MAX_DEMAND = 1e12
MAX_COST = 1e15
NO_DATE = -1

# How many times a year a service on a schedule is delivered, by the words catalogues use.
# Checked in this order, so "bi-weekly" is read before "weekly". On request, as required,
# ad hoc and continuous services have no schedule (NaN).
_SCHEDULES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("fortnight", "bi-weekly", "biweekly", "every two weeks", "every 2 weeks"), 26.0),
    (("bi-monthly", "bimonthly", "every two months", "every 2 months"), 6.0),
    (("half-year", "half year", "six-month", "six month", "6-month", "6 month",
      "semi-annual", "biannual", "twice a year"), 2.0),
    (("daily", "every day", "each day", "every working day"), 250.0),
    (("weekly", "every week", "each week", "per week", "a week"), 52.0),
    (("monthly", "every month", "each month", "per month", "a month"), 12.0),
    (("quarter",), 4.0),
    (("annual", "yearly", "every year", "each year", "per year", "a year", "once a year"),
     1.0),
)


def deliveries_per_year(frequency: object) -> float:
    """How often a year a service with this frequency text is delivered; NaN without a schedule."""
    if not isinstance(frequency, str):
        return math.nan
    text = " ".join(frequency.casefold().split())
    for words, per_year in _SCHEDULES:
        if any(word in text for word in words):
            return per_year
    return math.nan


def usable_number(value: object, low: float = 0.0, high: float = math.inf) -> float:
    """The value as a float when it is a finite number within [low, high], else NaN."""
    if value is None or isinstance(value, bool):
        return math.nan
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return math.nan
    if not math.isfinite(number) or number < low or number > high:
        return math.nan
    return number


def usable_numbers(values: list[object], low: float = 0.0, high: float = math.inf) -> np.ndarray:
    """`usable_number` over a list at once: NaN for anything missing, odd or out of range."""
    if not values:
        return np.zeros(0)
    # Text and yes/no are not figures, even when they look like one.
    kinds_ok = [None if isinstance(v, str | bytes | bool) else v for v in values]
    try:  # NumPy reads None as NaN; anything it cannot read is read one value at a time
        array = np.array(kinds_ok, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        array = np.array([usable_number(v, low, high) for v in kinds_ok], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(array) | (array < low) | (array > high)
    array[bad] = np.nan
    return array


def _day(value: object) -> int:
    if isinstance(value, dt.datetime):
        return value.date().toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    return NO_DATE


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    year = max(year, 1)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class ServiceFacts:
    """Per-service figures, one array entry per service in catalogue order."""

    ids: list[str]
    names: list[str]
    in_service: np.ndarray  # active, retiring or without a status: delivering now
    planned: np.ndarray
    retiring: np.ndarray
    retired: np.ndarray
    mandatory: np.ndarray
    has_owner: np.ndarray
    effort: np.ndarray  # FTE, NaN when missing
    demand: np.ndarray  # NaN when missing
    cost: np.ndarray  # annual cost, NaN when missing
    deliveries_per_year: np.ndarray  # from the frequency; NaN: on request or not stated
    customer_groups: np.ndarray  # how many customer groups the catalogue names (0: none)
    satisfaction: np.ndarray  # 1 to 5, NaN when missing or out of range
    satisfaction_out_of_range: np.ndarray
    last_reviewed: np.ndarray  # day numbers, NO_DATE when missing
    last_delivered: np.ndarray
    nature_strength: np.ndarray  # 1 supportive .. 3 directive, 0 unknown
    as_of: dt.date
    stale_before: dt.date  # a date before this is older than the review period

    @property
    def count(self) -> int:
        """How many services there are."""
        return len(self.ids)


def _status(value: object) -> ServiceStatus | None:
    if isinstance(value, ServiceStatus) or value is None:
        return value
    try:
        return ServiceStatus(str(value).strip().lower())
    except ValueError:
        return None


def _nature_strength(value: object) -> int:
    if isinstance(value, PMOType):
        return value.strength
    try:
        return PMOType(str(value).strip().lower()).strength if value is not None else 0
    except ValueError:
        return 0


def _schedules(frequencies: list[object]) -> np.ndarray:
    """`deliveries_per_year` of each frequency, each distinct text read once."""
    seen: dict[object, float] = {}
    out = np.empty(len(frequencies))
    for i, text in enumerate(frequencies):
        key = text if isinstance(text, str) else None
        value = seen.get(key)
        if value is None:
            value = seen[key] = deliveries_per_year(key)
        out[i] = value
    return out


def _group_count(customers: str | Iterable[object] | None) -> int:
    if isinstance(customers, str):
        return 1 if customers.strip() else 0
    return sum(1 for c in customers or () if c is not None and str(c).strip())


def service_facts(catalogue: Catalogue, config: AuditConfig) -> ServiceFacts:
    """Collect and clean every service's figures."""
    services = catalogue.services
    status = [_status(s.status) for s in services]
    planned = np.array([st is ServiceStatus.PLANNED for st in status], dtype=bool)
    retired = np.array([st is ServiceStatus.RETIRED for st in status], dtype=bool)
    retiring = np.array([st is ServiceStatus.RETIRING for st in status], dtype=bool)
    raw_satisfaction = usable_numbers([s.satisfaction for s in services], -math.inf)
    in_range = (raw_satisfaction >= 1.0) & (raw_satisfaction <= 5.0)
    satisfaction = np.where(in_range, raw_satisfaction, np.nan)
    as_of = config.as_of_date()
    return ServiceFacts(
        ids=[str(s.id) for s in services],
        names=[str(s.name) for s in services],
        in_service=~(planned | retired),
        planned=planned,
        retiring=retiring,
        retired=retired,
        mandatory=np.array([s.mandatory is True for s in services], dtype=bool),
        has_owner=np.array([bool(s.owner and str(s.owner).strip()) for s in services],
                           dtype=bool),
        effort=usable_numbers([s.effort_fte for s in services], 0.0, MAX_EFFORT_FTE),
        demand=usable_numbers([s.demand for s in services], 0.0, MAX_DEMAND),
        cost=usable_numbers([s.cost for s in services], 0.0, MAX_COST),
        deliveries_per_year=_schedules([s.frequency for s in services]),
        customer_groups=np.array([_group_count(s.customers) for s in services],
                                 dtype=np.float64),
        satisfaction=satisfaction,
        satisfaction_out_of_range=~np.isnan(raw_satisfaction) & ~in_range,
        last_reviewed=np.array([_day(s.last_reviewed) for s in services], dtype=np.int64),
        last_delivered=np.array([_day(s.last_delivered) for s in services], dtype=np.int64),
        nature_strength=np.array([_nature_strength(s.nature) for s in services],
                                 dtype=np.int64),
        as_of=as_of,
        stale_before=months_before(as_of, config.review_period_months),
    )
