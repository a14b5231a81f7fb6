"""PMO functions: the reference taxonomy (audit/pmo_functions.toml) and the classifier.

Every service and every objective is classified to one function of the taxonomy, and so
to its group, with a confidence from 0 to 1 and a reason a person can read ("“minutes”
and “action log” are the words of Meeting minutes and secretariat").

How: each function lists signal words and phrases. A text's words are folded (lower case,
British spelling, Snowball word endings, common words such as "the" dropped), and every
signal found in it counts for its functions. A phrase of n words counts n times a single
word, and a signal listed by several functions counts less for each (divided by how many
list it), so "report" says less than "highlight report". A service's name counts twice its
description and category, its value measure half. The function with the highest score
wins; its confidence grows with its score and with its lead over the best function of
another group. A text in which no signal appears is "not recognised" (group
"unrecognised", confidence 0); only a service without any text has no function at all.

Pure, deterministic and offline: the same text always gets the same function, whatever
else the catalogue holds, and nothing is downloaded. Texts are read in one pass and each
distinct word is folded once, so 10,000 services take a few hundredths of a second.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import snowballstemmer

from .taxonomy import (
    UNRECOGNISED,
    FunctionGroup,
    PMOFunction,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    taxonomy,
)
from .tokens import SEPARATOR, WORD, factorize, word_codes

__all__ = ["UNRECOGNISED", "FunctionGroup", "FunctionMatches", "PMOFunction", "Taxonomy",
           "TaxonomyError", "classify", "classify_texts", "load_taxonomy", "taxonomy"]

# Words that carry no meaning on their own; they may stand inside a signal phrase.
_STOP_WORDS = """a an the and or of for to in on at by with from into onto per via as is are
be been being was were it its this that these those we our us you your they their them he she
his her i me my so than then there here which who whom whose what when where how all any each
every some such no not only own same very can will would should could may might must do does
did done has have had also just about over under up down out off again once both few more most
other"""
_STOP = frozenset(_STOP_WORDS.split())
_AMERICAN = re.compile(r"(?<=[a-z])(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$")
_STEMMER = snowballstemmer.stemmer("english")
_MAX_PHRASE = 4
_PHRASE_BASE = 1 << 15  # n-gram keys pack up to four stem ids below this in one int64

# How much each field of a service counts (name, description, category, value measure).
SERVICE_FIELD_WEIGHTS = (2.0, 1.0, 1.0, 0.5)
# Confidence: a score of this much or more counts as strong evidence.
_STRONG_SCORE = 3.0


# Bounded: the stemmer is pure Python and words repeat across audits, but a server reads
# catalogues without end (an unbounded cache would grow with every new word uploaded).
@functools.lru_cache(maxsize=65_536)
def _fold(word: str) -> str | None:
    """One lower-case word folded to its stem; None for a common word."""
    if word in _STOP or word.isdigit():
        return None
    word = _AMERICAN.sub(lambda m: ("is" if m.group(1) == "iz" else "ys") + m.group(2), word)
    return _STEMMER.stemWord(word)


def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(s for s in (_fold(w) for w in WORD.findall(phrase.lower())) if s)


@dataclass(frozen=True)
class _SignalModel:
    """The signals as folded n-grams: stem ids, n-gram keys, and a (signal x function) weight matrix."""

    stem_ids: dict[str, int]
    keys: tuple[np.ndarray, ...]  # per phrase length n (index n-1): sorted keys
    signal_of_key: tuple[np.ndarray, ...]  # per n: signal number of each sorted key
    weights: sp.csr_matrix  # signal x function
    labels: tuple[str, ...]  # per signal, the phrase as first written
    authority: np.ndarray  # per signal, the nature its wording shows (2, 3), else 0


@functools.cache
def _model() -> _SignalModel:
    tax = taxonomy()
    stem_ids: dict[str, int] = {}
    signal_number: dict[tuple[str, ...], int] = {}
    labels: list[str] = []
    owners: list[set[int]] = []

    def signal(phrase: str) -> int | None:
        """The number of the signal this phrase folds to (added when new); None if empty."""
        stems = _phrase_stems(phrase)[:_MAX_PHRASE]
        if not stems:
            return None
        for s in stems:
            stem_ids.setdefault(s, len(stem_ids))
        number = signal_number.setdefault(stems, len(signal_number))
        if number == len(labels):
            labels.append(phrase)
            owners.append(set())
        return number

    for f_pos, function in enumerate(tax.functions):
        for phrase in function.signals:
            number = signal(phrase)
            if number is not None:
                owners[number].add(f_pos)
    # Authority wording (tax.authority) is a signal of no function of its own.
    authority: dict[int, int] = {}
    for nature, phrases in tax.authority:
        for phrase in phrases:
            number = signal(phrase)
            if number is not None:
                authority[number] = max(authority.get(number, 0), nature.strength)
    if len(stem_ids) >= _PHRASE_BASE:
        raise TaxonomyError("too many distinct signal words")
    rows, cols, data = [], [], []
    keys_by_n: list[list[tuple[int, int]]] = [[] for _ in range(_MAX_PHRASE)]
    for stems, number in signal_number.items():
        for f_pos in owners[number]:
            rows.append(number)
            cols.append(f_pos)
            data.append(len(stems) / len(owners[number]))
        keys_by_n[len(stems) - 1].append((_key([stem_ids[s] for s in stems]), number))
    weights = sp.csr_matrix((data, (rows, cols)), shape=(len(labels), len(tax.functions)))
    keys, signal_of_key = [], []
    for pairs in keys_by_n:
        pairs.sort()
        keys.append(np.array([k for k, _ in pairs], dtype=np.int64))
        signal_of_key.append(np.array([s for _, s in pairs], dtype=np.int64))
    shown = np.zeros(len(labels), dtype=np.int64)
    for number, strength in authority.items():
        shown[number] = strength
    return _SignalModel(stem_ids, tuple(keys), tuple(signal_of_key), weights, tuple(labels),
                        shown)


def _key(ids: Sequence[int]) -> int:
    key = 0
    for i in ids:
        key = key * _PHRASE_BASE + (i + 1)
    return key


def _signals_found(texts: Sequence[str]) -> sp.csr_matrix:
    """(text x signal) matrix: 1 where the signal appears in the text."""
    model = _model()
    n_signals = model.weights.shape[0]
    if not texts:
        return sp.csr_matrix((0, n_signals))
    codes, words = word_codes(texts)
    # Per distinct word: -2 a text boundary, -3 a common word, -1 a word no signal uses.
    word_ids = np.empty(len(words), dtype=np.int64)
    for position, word in enumerate(words):
        if word == SEPARATOR:
            word_ids[position] = -2
            continue
        stem = _fold(word)
        word_ids[position] = -3 if stem is None else model.stem_ids.get(stem, -1)
    ids = word_ids[codes]
    text_of = np.cumsum(ids == -2)
    keep = ids != -3
    ids, text_of = ids[keep], text_of[keep]
    found_text, found_signal = [], []
    for n in range(1, _MAX_PHRASE + 1):
        if ids.size < n or model.keys[n - 1].size == 0:
            continue
        span = ids.size - n + 1
        key = np.zeros(span, dtype=np.int64)
        valid = np.ones(span, dtype=bool)
        for offset in range(n):
            part = ids[offset:offset + span]
            valid &= part >= 0
            key = key * _PHRASE_BASE + (part + 1)
        key = key[valid]
        where = np.searchsorted(model.keys[n - 1], key)
        where = np.minimum(where, model.keys[n - 1].size - 1)
        hit = model.keys[n - 1][where] == key
        found_text.append(text_of[:span][valid][hit])
        found_signal.append(model.signal_of_key[n - 1][where[hit]])
    rows = np.concatenate(found_text) if found_text else np.zeros(0, np.int64)
    cols = np.concatenate(found_signal) if found_signal else np.zeros(0, np.int64)
    matrix = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(len(texts), n_signals))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


@dataclass(frozen=True)
class FunctionMatches:
    """The classification of a list of texts (services or objectives), in their order.

    `function[i]` is the position in the taxonomy (-1: no text at all), `group[i]` its
    group's; `scores` holds every function's score per text (rows, functions). Reasons
    are written when asked for (`reason(i)`, `reasons`).
    """

    function: np.ndarray
    group: np.ndarray
    confidence: np.ndarray
    scores: sp.csr_matrix
    evidence: sp.csr_matrix  # text x signal, weighted by field
    best_score: np.ndarray
    runner_up: np.ndarray  # the best score of a function of another group
    # The authority the text's own wording shows (taxonomy's authority wording): 2
    # controlling, 3 directive, 0 none.
    authority: np.ndarray

    def __len__(self) -> int:
        return int(self.function.size)

    def function_id(self, i: int) -> str | None:
        """The taxonomy id of text i's function, or None when it has no text."""
        f = int(self.function[i])
        return taxonomy().functions[f].id if f >= 0 else None

    def group_id(self, i: int) -> str | None:
        """The id of text i's function group, or None when it has no text."""
        g = int(self.group[i])
        return taxonomy().groups[g].id if g >= 0 else None

    @functools.cached_property
    def function_ids(self) -> list[str | None]:
        """Every text's function id (None without text)."""
        names = [f.id for f in taxonomy().functions]
        return [names[f] if f >= 0 else None for f in self.function.tolist()]

    @functools.cached_property
    def group_ids(self) -> list[str | None]:
        """Every text's group id (None without text)."""
        names = [g.id for g in taxonomy().groups]
        return [names[g] if g >= 0 else None for g in self.group.tolist()]

    def signals(self, i: int, how_many: int = 3) -> list[str]:
        """The signal phrases that made text i's function, strongest first."""
        f = int(self.function[i])
        if f < 0:
            return []
        model = _model()
        start, stop = int(self.evidence.indptr[i]), int(self.evidence.indptr[i + 1])
        cols = self.evidence.indices[start:stop].tolist()
        weights = (self.evidence.data[start:stop] * _dense_weights()[
            self.evidence.indices[start:stop], f]).tolist()
        ranked = sorted((-w, c) for c, w in zip(cols, weights, strict=True) if w > 0)
        return [model.labels[c] for _, c in ranked[:how_many]]

    def authority_words(self, i: int, how_many: int = 3) -> list[str]:
        """The phrases of text i that show its authority (`authority[i]`), in the taxonomy's order."""
        shown = int(self.authority[i])
        if shown <= 0:
            return []
        model = _model()
        start, stop = int(self.evidence.indptr[i]), int(self.evidence.indptr[i + 1])
        found = sorted(c for c in self.evidence.indices[start:stop].tolist()
                       if model.authority[c] == shown)
        return [model.labels[c] for c in found[:how_many]]

    def reason(self, i: int) -> str:
        """Why text i has its function, in a sentence."""
        f = int(self.function[i])
        if f < 0:
            return "No name, description or category to classify."
        words = self.signals(i)
        if not words:
            return ("None of the taxonomy's signal words appear in its wording, so its "
                    "function is not recognised.")
        tax = taxonomy()
        function = tax.functions[f]
        quoted = _join([f"“{w}”" for w in words])
        sentence = (f"{quoted} {'is' if len(words) == 1 else 'are'} the wording of "
                    f"{function.name} ({tax.group(function.group).name})")
        if self.runner_up[i] > 0 and self.runner_up[i] >= 0.6 * self.best_score[i]:
            sentence += "; a close call with another group"
        return sentence + "."

    @functools.cached_property
    def reasons(self) -> tuple[str, ...]:
        """Every text's reason."""
        return tuple(self.reason(i) for i in range(len(self)))


@functools.cache
def _dense_weights() -> np.ndarray:
    return _model().weights.toarray()


def classify(field_texts: Sequence[Sequence[str | None]],
             field_weights: Sequence[float] = SERVICE_FIELD_WEIGHTS) -> FunctionMatches:
    """Classify texts made of fields (a service: name, description, category, value measure).

    Each field counts with its weight. A row whose fields are all empty gets no function.
    """
    tax, model = taxonomy(), _model()
    n = len(field_texts)
    rows: list[int] = []
    texts: list[str] = []
    weight_of: list[float] = []
    for column, weight in enumerate(field_weights):
        for i, fields in enumerate(field_texts):
            text = fields[column] if column < len(fields) else None
            if text:
                rows.append(i)
                texts.append(text if isinstance(text, str) else str(text))
                weight_of.append(weight)
    codes, unique_texts = factorize(texts)
    blank = np.array([not t.strip() for t in unique_texts], dtype=bool)
    row_array = np.asarray(rows, dtype=np.int64)
    has_text = np.zeros(n, dtype=bool)
    has_text[row_array[~blank[codes]] if codes.size else row_array] = True
    found = _signals_found(list(unique_texts))
    which = sp.csr_matrix((np.asarray(weight_of, dtype=np.float64), (row_array, codes)),
                          shape=(n, len(unique_texts)))
    evidence = (which @ found).tocsr()
    scores = (evidence @ model.weights).tocsr()
    dense = scores.toarray() if n else np.zeros((0, len(tax.functions)))
    unrecognised = tax.function_index[UNRECOGNISED]
    best = np.argmax(dense, axis=1) if n else np.zeros(0, np.int64)
    best_score = dense[np.arange(n), best] if n else np.zeros(0)
    best = np.where(best_score > 0, best, unrecognised)
    group_of = tax.group_of_function
    # The runner-up: the best function of another group.
    other_group = group_of[None, :] != group_of[best][:, None]
    runner_up = np.where(other_group, dense, 0.0).max(axis=1) if n else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lead = np.where(best_score > 0, (best_score - runner_up) / best_score, 0.0)
    strength = np.minimum(best_score / _STRONG_SCORE, 1.0)
    confidence = np.where(has_text, np.round(strength * (0.5 + 0.5 * lead), 4), 0.0)
    # The strongest authority any of the text's signals shows.
    # (copies of the index arrays: scipy may sort a matrix's indices in place)
    shown = sp.csr_matrix((model.authority[evidence.indices].astype(np.float64),
                           evidence.indices.copy(), evidence.indptr.copy()),
                          shape=evidence.shape)
    authority = (np.asarray(shown.max(axis=1).todense()).ravel().astype(np.int64) if n
                 else np.zeros(0, np.int64))
    return FunctionMatches(function=np.where(has_text, best, -1),
                           group=np.where(has_text, group_of[best], -1),
                           confidence=confidence, scores=scores, evidence=evidence,
                           best_score=best_score, runner_up=runner_up, authority=authority)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def classify_texts(texts: Sequence[str | None]) -> FunctionMatches:
    """Classify single texts (objectives: statement and success measure joined)."""
    return classify([(t,) for t in texts], (1.0,))
