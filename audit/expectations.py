"""What mandate customers expect, and whether a service in service meets each expectation.

A customer's expectations (free text: "Early warning of failing projects; a monthly
portfolio view") are split into separate expectations at ";", ".", line breaks, and at
" and " where it joins two clauses of three words or more each ("risks and issues log"
stays whole, and so does "... and to show ...", "... and are ready ...": a part starting
with "to" or a verb such as "are" continues the clause before it). Each expectation is
then compared, by the same word profiles as the link suggestions (audit/links.py: folded
words of the catalogue's language, TF-IDF, cosine), with the services in service that
serve the customer (explicit or suggested link), and failing that with every service in
service. It is met by a service
- whose wording is at least EXPECTATION_MIN_SIMILARITY alike, or
- of the same PMO function (audit/functions.py) as the expectation: the expectation's
  words are that function's signal words ("early warning" and a health check service are
  both "Monitor and control project performance"), or
- of the same PMO function group, with wording at least SAME_GROUP_FRACTION of
  EXPECTATION_MIN_SIMILARITY alike.
The service's function counts when it is confidently known (function_nature_min_confidence);
an expectation, a few words long, counts when any signal word of a function is in it.
Only mandate customers' expectations are compared: a handful of short texts against the
services, one sparse product.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from catalogue.model import Customer

from .functions import UNRECOGNISED, FunctionMatches, taxonomy

# Wording similarity (cosine of the TF-IDF profiles) at which a service meets an expectation.
EXPECTATION_MIN_SIMILARITY = 0.15
# With both texts of the same PMO function group, this fraction of it is enough.
SAME_GROUP_FRACTION = 0.5
# Services a finding lists as the closest ones considered.
CLOSEST_SHOWN = 3

_SPLIT = re.compile(r"[;.\n\r]+")
_AND = re.compile(r",?\s+and\s+", re.IGNORECASE)
_CLAUSE_WORDS = 3
# A part after "and" starting with one of these words continues the clause before it.
_CONTINUES_TEXT = """to are is be been being was were will would can could should may might
must have has had do does did that which who whose whom so then"""
_CONTINUES = frozenset(_CONTINUES_TEXT.split())


def split_expectations(text: str | None) -> list[str]:
    """The separate expectations in a customer's expectations text, in order, without repeats."""
    if not text or not str(text).strip():
        return []
    out: list[str] = []
    for sentence in _SPLIT.split(str(text)):
        parts = [sentence]
        pieces = _AND.split(sentence)
        if (len(pieces) > 1 and all(len(p.split()) >= _CLAUSE_WORDS for p in pieces)
                and not any(p.split()[0].lower() in _CONTINUES for p in pieces[1:])):
            parts = pieces
        for part in parts:
            part = " ".join(part.split()).strip(" ,:-")
            if part and any(ch.isalnum() for ch in part) and part not in out:
                out.append(part)
    return out


@dataclass(frozen=True, slots=True)
class Expectation:
    """One expectation of one mandate customer, and how the services meet it.

    `closest`: (service position, similarity) of the best services considered, best first;
    `met_by`: the service that meets it (None when none does); `among_customers_services`:
    True when that service serves the customer.
    """

    customer: int  # position in the mandate's customers
    text: str
    met_by: int | None
    closest: tuple[tuple[int, float], ...]
    among_customers_services: bool

    @property
    def met(self) -> bool:
        """True when a service in service meets it."""
        return self.met_by is not None


def customer_expectations(customers: Sequence[Customer]) -> list[tuple[int, str]]:
    """(customer position, expectation) for every mandate customer's expectations."""
    return [(c, text) for c, customer in enumerate(customers)
            for text in split_expectations(customer.expectations)]


def _known(matches: FunctionMatches, min_confidence: float) -> np.ndarray:
    """Per text, True when its function is recognised with at least this confidence."""
    unrecognised = taxonomy().group_index[UNRECOGNISED]
    return ((matches.function >= 0) & (matches.group != unrecognised)
            & (matches.confidence > 0) & (matches.confidence >= min_confidence - 1e-12))


def match_expectations(expectations: Sequence[tuple[int, str]], vectors: sp.csr_matrix | None,
                       service_vectors: sp.csr_matrix, in_service: np.ndarray,
                       customer_services: Sequence[Sequence[int]],
                       expectation_functions: FunctionMatches,
                       service_functions: FunctionMatches,
                       min_function_confidence: float) -> tuple[Expectation, ...]:
    """Judge each expectation against the services in service (see the module's text)."""
    if not expectations or vectors is None:
        return ()
    candidates = np.flatnonzero(in_service)
    if candidates.size == 0:
        similarity = np.zeros((len(expectations), 0))
    else:
        similarity = (vectors @ service_vectors[candidates].T).toarray()
    known = (_known(expectation_functions, 0.0)[:, None]
             & _known(service_functions, min_function_confidence)[candidates][None, :])
    same_function = known & (expectation_functions.function[:, None]
                             == service_functions.function[candidates][None, :])
    same_group = known & (expectation_functions.group[:, None]
                          == service_functions.group[candidates][None, :])
    threshold = np.where(same_group, SAME_GROUP_FRACTION * EXPECTATION_MIN_SIMILARITY,
                         EXPECTATION_MIN_SIMILARITY)
    meets = same_function | ((similarity >= threshold - 1e-12) & (similarity > 0))
    column_of = {int(s): k for k, s in enumerate(candidates.tolist())}
    out = []
    for e, (c, text) in enumerate(expectations):
        serving = [column_of[s] for s in customer_services[c] if s in column_of]
        met_by: int | None = None
        own = False
        for pool, is_own in ((serving, True), (range(candidates.size), False)):
            pool = list(pool)
            hits = [k for k in pool if meets[e, k]]
            if hits:
                best = max(hits, key=lambda k: (bool(same_function[e, k]), similarity[e, k]))
                met_by, own = int(candidates[best]), is_own
                break
        scores = similarity[e]
        order = np.argsort(-scores, kind="stable")[:CLOSEST_SHOWN]
        closest = tuple((int(candidates[k]), round(float(scores[k]), 4))
                        for k in order.tolist() if scores[k] > 0)
        out.append(Expectation(customer=c, text=text, met_by=met_by, closest=closest,
                               among_customers_services=own))
    return tuple(out)
