"""How words and names are folded before they are compared, in one place.

`fold_name` is the one rule by which two names are the same name: an objective's id, a
customer group, a service's name, a search. `singular` is the plural rule the importer's
looser matching (headers, customer groups' abbreviations) builds on.
"""

from __future__ import annotations


def fold_name(name: str) -> str:
    """A name folded for comparison: case and spacing ignored ("Project  Managers" ->
    "project managers")."""
    return " ".join(str(name).split()).casefold()


def singular(word: str) -> str:
    """A lower-case English word without its plural ending: "activities" -> "activity"."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
