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


def whole_percent(share: float) -> int:
    """A fraction in whole percent, halves rounded up: 0.225 -> 23, 0.574 -> 57.

    The one rounding rule of every percentage and every change in points the product shows
    (metrics, charts, sentences, workbooks, the one-pager), so that a change always equals
    the difference of the two figures shown beside it.
    """
    # round away float noise first (0.575 * 100 is 57.49999999999999)
    return math.floor(round(share * 100, 6) + 0.5)


def percent(share: float) -> str:
    """A fraction as a percentage: 0.223 -> '22%'; small non-zero shares keep a decimal."""
    if not math.isfinite(share):
        return "an unknown share"
    if 0 < abs(share) < 0.01:
        return f"{share * 100:.1f}%"
    return f"{whole_percent(share)}%"


def points(before: float, after: float) -> int:
    """The change between two fractions in whole percentage points, as they are shown."""
    return whole_percent(after) - whole_percent(before)


def points_change(before: float, after: float) -> str:
    """The change between two fractions in words: '+9 points', '-1 point', 'no change'.

    The sign is ASCII, which `st.metric` reads to colour its delta; a page or chart may
    print it as a typographic minus.
    """
    change = points(before, after)
    if not change:
        return "no change"
    return f"{change:+d} point{'s' if abs(change) != 1 else ''}"


def fte_change(before: float, after: float) -> str:
    """The change between two efforts: '+0.5 FTE', '-1.4 FTE', 'no change' (as `fte` rounds)."""
    change = round(after, 2) - round(before, 2)
    if abs(change) < 0.005:
        return "no change"
    return ("+" if change > 0 else "-") + fte(abs(change))


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
