"""The reference taxonomy of PMO functions (audit/pmo_functions.toml), read into records.

Kept apart from the classifier (audit/functions.py) so the rules can be printed without
loading the text libraries.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from catalogue.errors import PmoAuditorError
from catalogue.model import PMOType

TAXONOMY_FILE = Path(__file__).with_name("pmo_functions.toml")
UNRECOGNISED = "unrecognised"  # the function and group of a text no signal appears in


@dataclass(frozen=True)
class FunctionGroup:
    """A group of PMO functions (Hobbs and Aubry's five, "other", "admin", "unrecognised")."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class PMOFunction:
    """One PMO function: what it is in PMO words, the authority it needs, the words that signal it."""

    id: str
    group: str
    name: str
    description: str
    nature: PMOType
    source: str
    signals: tuple[str, ...]
    family: str = ""  # functions whose products stand in for one another share a family


@dataclass(frozen=True)
class Taxonomy:
    """The groups and functions, in the file's order, with lookups by id."""

    groups: tuple[FunctionGroup, ...]
    functions: tuple[PMOFunction, ...]
    # Wording that shows the authority a service exercises over projects, whatever its
    # topic: per nature above supportive (controlling, directive), its phrases.
    authority: tuple[tuple[PMOType, tuple[str, ...]], ...] = ()

    @functools.cached_property
    def function_index(self) -> dict[str, int]:
        """Function id -> position."""
        return {f.id: i for i, f in enumerate(self.functions)}

    @functools.cached_property
    def group_index(self) -> dict[str, int]:
        """Group id -> position."""
        return {g.id: i for i, g in enumerate(self.groups)}

    @functools.cached_property
    def group_of_function(self) -> np.ndarray:
        """Per function, the position of its group."""
        return np.array([self.group_index[f.group] for f in self.functions], dtype=np.int64)

    @functools.cached_property
    def nature_strength(self) -> np.ndarray:
        """Per function, the authority it needs: 1 supportive, 2 controlling, 3 directive."""
        return np.array([f.nature.strength for f in self.functions], dtype=np.int64)

    @functools.cached_property
    def family_of_function(self) -> np.ndarray:
        """Per function, the number of its family; -1 for a function without one."""
        numbers: dict[str, int] = {}
        return np.array([numbers.setdefault(f.family, len(numbers)) if f.family else -1
                         for f in self.functions], dtype=np.int64)

    @functools.cached_property
    def family_names(self) -> list[str]:
        """Per family number, its name."""
        names: dict[str, None] = {}
        for f in self.functions:
            if f.family:
                names.setdefault(f.family, None)
        return list(names)

    def function(self, function_id: str) -> PMOFunction:
        """The function with this id."""
        return self.functions[self.function_index[function_id]]

    def group(self, group_id: str) -> FunctionGroup:
        """The group with this id."""
        return self.groups[self.group_index[group_id]]


class TaxonomyError(PmoAuditorError, ValueError):
    """The taxonomy file is not well formed."""

    code = "taxonomy-error"


def load_taxonomy(text: str) -> Taxonomy:
    """Read a taxonomy from TOML text; refuses duplicate ids, unknown groups and natures."""
    data = tomllib.loads(text)
    groups = [FunctionGroup(str(g["id"]), str(g["name"]), str(g.get("description", "")))
              for g in data.get("group", [])]
    group_ids = [g.id for g in groups]
    if len(set(group_ids)) != len(group_ids):
        raise TaxonomyError("a group id is used twice")
    if UNRECOGNISED not in group_ids:
        groups.append(FunctionGroup(UNRECOGNISED, "Not recognised",
                                    "Services whose wording holds none of the taxonomy's "
                                    "signal words."))
    functions = []
    for f in data.get("function", []):
        if f.get("group") not in group_ids:
            raise TaxonomyError(f"function {f.get('id')!r} names an unknown group "
                                f"{f.get('group')!r}")
        try:
            nature = PMOType(str(f["nature"]))
        except ValueError:
            raise TaxonomyError(f"function {f['id']!r} has an unknown nature "
                                f"{f['nature']!r}") from None
        functions.append(PMOFunction(str(f["id"]), str(f["group"]), str(f["name"]),
                                     str(f["description"]), nature, str(f.get("source", "")),
                                     tuple(str(s) for s in f.get("signals", ())),
                                     str(f.get("family", ""))))
    if UNRECOGNISED not in {f.id for f in functions}:
        functions.append(PMOFunction(UNRECOGNISED, UNRECOGNISED, "Not recognised",
                                     "Wording the taxonomy does not recognise.",
                                     PMOType.SUPPORTIVE, "this product", ()))
    ids = [f.id for f in functions]
    if len(set(ids)) != len(ids):
        raise TaxonomyError("a function id is used twice")
    authority = []
    for name, phrases in data.get("authority", {}).items():
        try:
            nature = PMOType(str(name))
        except ValueError:
            raise TaxonomyError(f"authority names an unknown nature {name!r}") from None
        if nature is PMOType.SUPPORTIVE:
            raise TaxonomyError("authority wording is for controlling and directive work only")
        authority.append((nature, tuple(str(p) for p in phrases)))
    return Taxonomy(tuple(groups), tuple(functions), tuple(authority))


@functools.cache
def taxonomy() -> Taxonomy:
    """The shipped taxonomy (audit/pmo_functions.toml), read once."""
    return load_taxonomy(TAXONOMY_FILE.read_text(encoding="utf-8"))


