"""How figures and names are written in messages: one place, so every message reads alike."""

from __future__ import annotations

import math
from collections.abc import Sequence

NAME_LENGTH = 80


def shorten(text: str, limit: int = NAME_LENGTH) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis."""
    text = str(text)
    if len(text) <= limit and text.isprintable() and "  " not in text:
        return text.strip()
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def service_label(name: str, service_id: str) -> str:
    """A service as messages name it: its name in quotes, then its id."""
    name = shorten(name) or "(no name)"
    return f"“{name}” ({shorten(service_id, 30)})" if service_id else f"“{name}”"


def objective_label(objective_id: str, statement: str | None) -> str:
    """An objective as messages name it: its id, then its statement in quotes."""
    if statement:
        return f"{shorten(objective_id, 30)} “{shorten(statement)}”"
    return shorten(objective_id, 30)


def fte(value: float) -> str:
    """An effort in FTE: '1.5 FTE', '0.25 FTE', '12 FTE'."""
    if not math.isfinite(value):
        return "an unknown effort"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} FTE"


def percent(share: float) -> str:
    """A fraction as a percentage: 0.223 -> '22%'; small non-zero shares keep a decimal."""
    if not math.isfinite(share):
        return "an unknown share"
    if 0 < abs(share) < 0.01:
        return f"{share * 100:.1f}%"
    return f"{share * 100:.0f}%"


def number(value: float) -> str:
    """A count or figure without needless decimals: 12, 3.5, 1,200."""
    if not math.isfinite(value):
        return "unknown"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def months(value: float) -> str:
    """A duration in months, rounded: '14 months', '1 month'."""
    rounded = round(value)
    return "1 month" if rounded == 1 else f"{rounded} months"


def join_names(names: Sequence[str], limit: int = 5) -> str:
    """'A', 'A and B', 'A, B and C', or the first few 'and 12 more'."""
    names = list(names)
    if not names:
        return ""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit:,} more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 service', '3 services'."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
