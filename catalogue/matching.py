"""Matching what a service's cells say to the mandate's customer groups and objectives.

"PMs", "project manager" and "Project Managers" are one group; "O2", "obj 2" and the
objective's own statement all name objective O2. Anything that matches nothing is kept
as written by the caller and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from catalogue.values import split_strong, split_weak
from catalogue.words import singular

# Abbreviations PMO people write for customer groups, folded before comparing.
_ABBREVIATIONS = {
    "pm": "project manager", "pms": "project manager", "pjm": "project manager",
    "pgm": "programme manager", "pgms": "programme manager",
    "prog": "programme", "proj": "project", "mgr": "manager", "mgrs": "manager",
    "mgmt": "management", "exec": "executive", "execs": "executive",
    "elt": "executive leadership team", "slt": "senior leadership team",
    "smt": "senior management team", "sro": "senior responsible owner",
    "sros": "senior responsible owner", "ba": "business analyst", "bas": "business analyst",
    "hr": "human resources", "it": "information technology", "ict": "information technology",
    "fin": "finance", "cfo": "chief financial officer", "cio": "chief information officer",
    "ceo": "chief executive", "coo": "chief operating officer", "pmo": "pmo",
    "bu": "business unit", "bus": "business unit", "lob": "line of business",
    "steerco": "steering committee", "steering": "steering committee",
    "board": "board", "pb": "portfolio board", "ic": "investment committee",
}
_SPELLINGS = {"program": "programme", "programs": "programme", "organization": "organisation",
              "center": "centre", "organizational": "organisational"}
_DROP = {"the", "all", "our", "of", "and", "team", "teams", "group", "groups", "staff"}


def _words_within(words: set[str], group: set[str]) -> bool:
    """Every word is in the group, allowing a slip in words of five letters or more."""
    return all(
        word in group or (len(word) >= 5 and any(
            len(other) >= 5 and fuzz.ratio(word, other) >= 80 for other in group))
        for word in words
    )


def customer_key(name: str) -> str:
    """Fold a customer group's name: case, plurals, spelling, usual abbreviations."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("&", " and "))
    expanded: list[str] = []
    for word in words:
        word = _SPELLINGS.get(word, word)
        expanded.extend(_ABBREVIATIONS.get(word, word).split())
    kept = [singular(w) for w in expanded if w not in _DROP]
    return " ".join(kept or [singular(w) for w in expanded])


@dataclass(frozen=True)
class Matched:
    """The names a list cell matched, and the pieces that matched nothing."""

    names: tuple[str, ...]
    unmatched: tuple[str, ...]
    in_order: tuple[str, ...] = ()  # matched names and unmatched text, as the cell orders them


@dataclass
class CustomerMatcher:
    """Matches service customer text to the mandate's customer group names."""

    names: Sequence[str]
    _exact: dict[str, str] = field(init=False)
    _keys: list[tuple[str, set[str]]] = field(init=False)
    _cache: dict[str, Matched] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._exact = {}
        for name in self.names:
            self._exact.setdefault(customer_key(name), name)
            self._exact.setdefault(name.strip().lower(), name)
        self._keys = [(name, set(customer_key(name).split())) for name in self.names]

    def match_one(self, text: str) -> str | None:
        """The mandate group this text names, or None."""
        if not self.names:
            return None
        key = customer_key(text)
        if key in self._exact:
            return self._exact[key]
        if text.strip().lower() in self._exact:
            return self._exact[text.strip().lower()]
        words = set(key.split())
        if not words:
            return None
        # "Sponsors" names "Project sponsors" when only one group has all its words.
        containing = [name for name, group in self._keys if words <= group]
        if len(containing) == 1:
            return containing[0]
        # The same with spelling slips: "sponsers" names "Project sponsors".
        containing = [name for name, group in self._keys if _words_within(words, group)]
        if len(containing) == 1:
            return containing[0]
        contained = [name for name, group in self._keys if group and group <= words]
        if len(contained) == 1:
            return contained[0]
        best = process.extractOne(key, list(self._exact), scorer=fuzz.ratio, score_cutoff=88)
        return self._exact[best[0]] if best else None

    def match_cell(self, text: str) -> Matched:
        """All groups a list cell names ('PMs; Sponsors', 'PMs, sponsors / exec', one per line)."""
        if text in self._cache:
            return self._cache[text]
        names: list[str] = []
        unmatched: list[str] = []
        in_order: list[str] = []
        for item in split_strong(text):
            pieces = split_weak(item) if "\n" not in text else [item]
            if len(pieces) > 1:
                # "Sponsors / exec" is two groups when each piece names one.
                each = [self.match_one(piece) for piece in pieces]
                if all(each):
                    names.extend(f for f in each if f)
                    in_order.extend(f for f in each if f)
                    continue
            whole = self.match_one(item)
            if whole is not None:
                names.append(whole)
                in_order.append(whole)
                continue
            for piece in pieces if len(pieces) > 1 else [item]:
                found = self.match_one(piece)
                if found is not None:
                    names.append(found)
                else:
                    unmatched.append(piece)
                in_order.append(found or piece)
        result = Matched(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(unmatched)),
                         tuple(dict.fromkeys(in_order)))
        self._cache[text] = result
        return result


def objective_key(text: str) -> str:
    """Fold an objective id or statement for comparison."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _id_key(text: str) -> str:
    """'O-1', 'o1', 'Obj 1', 'Objective 1' -> 'o1'; ids compare on letters and digits."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    return re.sub(r"^(objective|obj)(?=\d)", "o", key)


@dataclass
class ObjectiveMatcher:
    """Matches service objective references (ids or statements) to objective ids."""

    objectives: Sequence[tuple[str, str]]  # (id, statement)
    _ids: dict[str, str] = field(init=False)
    _statements: dict[str, str] = field(init=False)
    _cache: dict[str, Matched] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = {}
        self._statements = {}
        for objective_id, statement in self.objectives:
            self._ids.setdefault(_id_key(objective_id), objective_id)
            if statement:
                self._statements.setdefault(objective_key(statement), objective_id)

    def match_one(self, text: str) -> str | None:
        """The objective id this reference names, or None."""
        key = _id_key(text)
        if key in self._ids:
            return self._ids[key]
        # "O2 - Benefits realisation", "O2: ...", "(O2)"
        leading = re.match(r"^\(?\s*([A-Za-z]{0,9}[ -]?\d+[a-z]?)\s*\)?\s*[-–:.)]\s*\S", text)
        if leading and _id_key(leading.group(1)) in self._ids:
            return self._ids[_id_key(leading.group(1))]
        statement = objective_key(text)
        if not statement:
            return None
        if statement in self._statements:
            return self._statements[statement]
        if len(statement) < 8 or not self._statements:
            return None
        best = process.extractOne(
            statement, list(self._statements), scorer=fuzz.token_set_ratio, score_cutoff=90
        )
        if best is None:
            best = process.extractOne(
                statement, list(self._statements), scorer=fuzz.WRatio, score_cutoff=90
            )
        return self._statements[best[0]] if best else None

    def match_cell(self, text: str) -> Matched:
        """All objectives a list cell names: ids ('O1; O3', 'O1, O3') or statements."""
        if text in self._cache:
            return self._cache[text]
        ids: list[str] = []
        unmatched: list[str] = []
        in_order: list[str] = []
        for item in split_strong(text):
            whole = self.match_one(item)
            if whole is not None:
                ids.append(whole)
                in_order.append(whole)
                continue
            pieces = split_weak(item) if "\n" not in text else [item]
            found = [self.match_one(p) for p in pieces] if len(pieces) > 1 else [None]
            if len(pieces) > 1 and any(found):
                for piece, objective_id in zip(pieces, found, strict=True):
                    if objective_id is not None:
                        ids.append(objective_id)
                    else:
                        unmatched.append(piece)
                    in_order.append(objective_id or piece)
            elif len(pieces) > 1 and all(re.fullmatch(r"[A-Za-z]{0,9}[ -]?\d+", p) for p in pieces):
                unmatched.extend(pieces)  # a list of ids none of which exist
                in_order.extend(pieces)
            else:
                unmatched.append(item)  # a statement that matches nothing: keep it whole
                in_order.append(item)
        result = Matched(tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(unmatched)),
                         tuple(dict.fromkeys(in_order)))
        self._cache[text] = result
        return result


def unique_names(names: Iterable[str]) -> list[str]:
    """Names in first-seen order without repeats."""
    return list(dict.fromkeys(names))
