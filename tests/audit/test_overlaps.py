"""Overlap detection: pair by pair for small catalogues, in blocks for large ones."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from audit.links import word_profiles
from audit.overlaps import _top_terms, overlapping_groups


def profiles(names: list[str]) -> sp.csr_matrix:
    return word_profiles([[n, None, None, None, None] for n in names], [], []).services


def customers(rows: list[tuple[int, ...]], width: int = 4) -> sp.csr_matrix:
    data = [(r, c) for r, cols in enumerate(rows) for c in cols]
    return sp.csr_matrix((np.ones(len(data)), ([r for r, _ in data], [c for _, c in data])),
                         shape=(len(rows), width))


NAMES = ["weekly status report compilation", "status report compilation weekly",
         "benefits realisation tracking", "stage gate reviews", "benefits tracking realisation"]


def groups(names, customer_rows, *, exact_limit=1000, window=8, eligible=None):
    found = overlapping_groups(profiles(names), customers(customer_rows),
                               np.ones(len(names), bool) if eligible is None else eligible,
                               threshold=0.6, exact_limit=exact_limit, window=window)
    return [sorted(g.members.tolist()) for g in found]


def test_same_wording_same_customers_overlap():
    assert groups(NAMES, [(0,), (0, 1), (1,), (1,), (1,)]) == [[0, 1], [2, 4]]


def test_different_customers_do_not_overlap_but_no_customer_is_compatible():
    assert groups(NAMES, [(0,), (2,), (1,), (1,), (3,)]) == []
    assert groups(NAMES, [(0,), (), (1,), (1,), ()]) == [[0, 1], [2, 4]]


def test_ineligible_services_are_left_out():
    eligible = np.array([True, False, True, True, True])
    assert groups(NAMES, [()] * 5, eligible=eligible) == [[2, 4]]


def test_chains_join_into_one_group_with_the_similarity_range():
    names = ["alpha beta gamma delta", "alpha beta gamma delta epsilon",
             "alpha beta gamma delta epsilon zeta", "other words here"]
    found = overlapping_groups(profiles(names), customers([()] * 4), np.ones(4, bool),
                               threshold=0.6, exact_limit=100, window=4)
    assert len(found) == 1
    assert found[0].members.tolist() == [0, 1, 2]
    assert 0.6 <= found[0].lowest_similarity <= found[0].highest_similarity <= 1.0


def test_blocked_comparison_finds_near_copies_in_a_large_catalogue():
    """Beyond the exact limit, near-copies are still found: they sort next to each other."""
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(400)]
    names = [" ".join(rng.choice(words, 6, replace=False)) for _ in range(3000)]
    copies = {k: len(names) + n for n, k in enumerate(range(0, 3000, 100))}
    names += [names[k] + " extra" for k in copies]
    exact = groups(names, [()] * len(names), exact_limit=10_000)
    blocked = groups(names, [()] * len(names), exact_limit=10)
    expected = sorted([k, copy] for k, copy in copies.items())
    assert all(pair in exact for pair in expected)
    assert all(pair in blocked for pair in expected)


def test_top_terms_are_the_heaviest_first():
    matrix = sp.csr_matrix(np.array([[0.1, 0.9, 0.0, 0.4], [0.0, 0.0, 0.0, 0.0],
                                     [0.5, 0.0, 0.5, 0.0]]))
    top = _top_terms(matrix, 3)
    assert top[0].tolist() == [1, 3, 0]
    assert top[1].tolist() == [-1, -1, -1]
    assert top[2].tolist() == [0, 2, -1]


def test_nothing_to_compare():
    assert groups([], []) == []
    assert groups(["only one"], [()]) == []
    assert groups(["", ""], [(), ()]) == []  # no words: nothing alike
