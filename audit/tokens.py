"""The words of many texts at once, as link suggestions and the function classifier read them.

A word is a run of letters and digits (Unicode `[^\\W_]+`), lower-cased. The texts are
read in one pass: joined with a separator word, split, and the distinct words numbered
once, so that the per-word work of the callers is done once per distinct word.
Text that is all ASCII (the common case) is split by a byte table rather than the
regular expression: the same words, about four times as fast at 10,000 services.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T", bound=Hashable)
SEPARATOR = "\x00"  # the word between two texts
WORD = re.compile(r"[^\W_]+|\x00")
# Every ASCII byte that is not a letter, a digit or the separator becomes a space.
_ASCII_SPACES = bytes(b if chr(b).isalnum() or b == 0 else 32 for b in range(256))


def factorize(values: Sequence[T]) -> tuple[np.ndarray, list[T]]:
    """Each value's number among the distinct values (numbered in order of first
    appearance), and the distinct values: `pandas.factorize`, without loading pandas (a
    sixth of the command line's time on a small catalogue)."""
    index: dict[T, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64,
                        count=len(values))
    return codes, list(index)


def word_codes(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Every word of the texts in order, with SEPARATOR between texts, as codes into the
    list of distinct words (in order of first appearance)."""
    joined = f" {SEPARATOR} ".join(t.replace(SEPARATOR, " ") for t in texts).lower()
    if joined.isascii():
        codes, distinct = factorize(joined.encode("ascii").translate(_ASCII_SPACES).split())
        return codes, [w.decode("ascii") for w in distinct]
    return factorize(WORD.findall(joined))
