"""Services that do the same thing for the same customers.

Two services overlap when their wording (TF-IDF word profiles, as for link suggestions)
is at least `overlap_similarity` alike, and they share a customer or at least one of them
names none. They also overlap when they do the same kind of work for the same customers:
both are confidently classified to one PMO function family (audit/functions.py: a weekly
status pack, a monthly pack, a quarterly deck and a dashboard are all reporting
products), both name customers and share one, and their wording is at least
`overlap_function_similarity` alike. Overlapping pairs are joined into groups (if A
overlaps B and B overlaps C, the three form one group).

Up to `overlap_exact_limit` services are compared pair by pair, with a sparse matrix
product done in chunks and thresholded. Beyond that, comparing all pairs grows with the
square of the catalogue, so services are compared in blocks: the services are sorted
into blocks (one per pair of distinctive words a service holds; one per customer), and
each is compared with its `overlap_window` neighbours in every block. Near-copies share
distinctive words, so they meet; the work grows in proportion to the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

_PAIR_CHUNK = 50_000
_BLOCK_WORDS = 3  # blocks by each pair among a service's three heaviest words


@dataclass(frozen=True)
class OverlapGroup:
    """Services (positions in the catalogue) that overlap, with the similarity of their pairs."""

    members: np.ndarray
    lowest_similarity: float
    highest_similarity: float
    family: int = -1  # the function family that joined some of its pairs; -1: wording only


def overlapping_groups(vectors: sp.csr_matrix, customers: sp.csr_matrix, eligible: np.ndarray,
                       *, threshold: float, exact_limit: int, window: int,
                       families: np.ndarray | None = None,
                       family_threshold: float = 1.0) -> list[OverlapGroup]:
    """Groups of eligible services that do the same thing for the same customers.

    `vectors` holds one L2-normalised word profile per service; `customers` one row per
    service marking the customer groups it names; `families` (optional) each service's
    function family, -1 when not confidently known. Pairs at least `threshold` alike in
    wording overlap; pairs of one family sharing a customer need only `family_threshold`.
    """
    candidates = np.flatnonzero(eligible & (np.diff(vectors.indptr) > 0))
    if candidates.size < 2:
        return []
    profiles = vectors[candidates]
    family = (families[candidates] if families is not None
              else np.full(candidates.size, -1, dtype=np.int64))
    lowest = min(threshold, family_threshold) if (family >= 0).any() else threshold
    if candidates.size <= exact_limit:
        left, right, similarity = _all_pairs(profiles, lowest)
    else:
        left, right, similarity = _neighbour_pairs(profiles, customers[candidates], window,
                                                   threshold, family, family_threshold)
    by_family = np.zeros(left.size, dtype=bool)
    if left.size:
        candidate_customers = customers[candidates]
        same_family = (family[left] >= 0) & (family[left] == family[right])
        by_wording = similarity >= threshold
        keep = (by_wording & _compatible_customers(candidate_customers, left, right))
        maybe = ~keep & same_family & (similarity >= family_threshold)
        if maybe.any():
            part = np.flatnonzero(maybe)
            shared = _shared_customers(candidate_customers, left[part], right[part])
            by_family[part[shared]] = True
        keep |= by_family
        left, right = left[keep], right[keep]
        similarity, by_family = similarity[keep], by_family[keep]
    if left.size == 0:
        return []
    n = candidates.size
    graph = sp.coo_matrix((np.ones(left.size), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    in_group = sizes[labels] >= 2
    members_by_label: dict[int, list[int]] = {}
    for position in np.flatnonzero(in_group).tolist():
        members_by_label.setdefault(int(labels[position]), []).append(position)
    pair_label = labels[left]
    lowest_of = np.full(sizes.size, np.inf)
    highest = np.zeros(sizes.size)
    np.minimum.at(lowest_of, pair_label, similarity)
    np.maximum.at(highest, pair_label, similarity)
    joined_by = np.full(sizes.size, -1, dtype=np.int64)
    joined_by[pair_label[by_family]] = family[left[by_family]]
    groups = [
        OverlapGroup(members=candidates[np.array(members)],
                     lowest_similarity=float(min(lowest_of[label], 1.0)),
                     highest_similarity=float(min(highest[label], 1.0)),
                     family=int(joined_by[label]))
        for label, members in members_by_label.items()
    ]
    groups.sort(key=lambda g: int(g.members[0]))
    return groups


def _all_pairs(profiles: sp.csr_matrix, threshold: float,
               chunk_cells: int = 4_000_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i < j) with cosine >= threshold, by a chunked sparse product."""
    n = profiles.shape[0]
    transposed = profiles.T.tocsc()
    chunk = max(1, chunk_cells // max(n, 1))
    lefts, rights, sims = [], [], []
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        block = (profiles[start:stop] @ transposed).tocoo()
        rows = block.row + start
        keep = (block.col > rows) & (block.data >= threshold)
        lefts.append(rows[keep])
        rights.append(block.col[keep])
        sims.append(block.data[keep])
    return (np.concatenate(lefts).astype(np.int64), np.concatenate(rights).astype(np.int64),
            np.concatenate(sims))


def _top_terms(profiles: sp.csr_matrix, how_many: int) -> np.ndarray:
    """Per row, the columns of its `how_many` heaviest terms (heaviest first), -1 padded."""
    n = profiles.shape[0]
    lengths = np.diff(profiles.indptr)
    row_of = np.repeat(np.arange(n), lengths)
    # Weights are in (0, 1]: row + (1 - weight) / 2 sorts by row, then heaviest first.
    order = np.argsort(row_of + (1.0 - profiles.data) * 0.5, kind="stable")
    rank = np.arange(order.size) - profiles.indptr[row_of[order]]
    top = np.full((n, how_many), -1, dtype=np.int64)
    chosen = rank < how_many
    top[row_of[order][chosen], rank[chosen]] = profiles.indices[order][chosen]
    return top


def _orderings(profiles: sp.csr_matrix, customers: sp.csr_matrix,
               family: np.ndarray | None = None) -> list[np.ndarray]:
    """Sequences of services in which near-copies stand close together.

    First, one block per pair of distinctive words: every service appears in the blocks
    of each pair among its three heaviest words. Two services that share two of their
    distinctive words meet in that pair's block, even when a word was added or changed;
    blocks are small, because few services share the same two distinctive words. Second,
    blocks by customer, sorted by the services' heaviest words.
    """
    n = profiles.shape[0]
    top = _top_terms(profiles, _BLOCK_WORDS)
    services, first_words, second_words = [], [], []
    for i in range(_BLOCK_WORDS):
        for j in range(i + 1, _BLOCK_WORDS):
            both = (top[:, i] >= 0) & (top[:, j] >= 0)
            services.append(np.flatnonzero(both))
            first_words.append(np.minimum(top[both, i], top[both, j]))
            second_words.append(np.maximum(top[both, i], top[both, j]))
    member = np.concatenate(services)
    first, second = np.concatenate(first_words), np.concatenate(second_words)
    by_word_pair = member[np.lexsort((top[member, 1], top[member, 0], second, first))]
    first_customer = np.full(n, -1, dtype=np.int64)
    has_customer = np.diff(customers.indptr) > 0
    first_customer[has_customer] = customers.indices[customers.indptr[:-1][has_customer]]
    by_customer = np.lexsort((top[:, 2], top[:, 1], top[:, 0], first_customer))
    orders = [by_word_pair, by_customer]
    if family is not None and (family >= 0).any():
        known = np.flatnonzero(family >= 0)
        orders.append(known[np.lexsort((top[known, 1], top[known, 0], first_customer[known],
                                        family[known]))])
    return orders


def _neighbour_pairs(profiles: sp.csr_matrix, customers: sp.csr_matrix, window: int,
                     threshold: float, family: np.ndarray | None = None,
                     family_threshold: float = 1.0,
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs at least `threshold` alike among services within `window` of each other in a
    block, and pairs of one function family (`family`, -1 none) at least
    `family_threshold` alike.

    The candidate pairs of every order and distance are gathered (index arithmetic only),
    each distinct pair once, and then measured together by `_pair_similarity`.
    """
    n = profiles.shape[0]
    keys = []
    for order in _orderings(profiles, customers, family):
        for offset in range(1, min(window, order.size - 1) + 1):
            a, b = order[:-offset], order[offset:]
            keys.append(np.minimum(a, b) * n + np.maximum(a, b))
    key = np.sort(np.concatenate(keys)) if keys else np.zeros(0, np.int64)
    key = key[np.r_[True, key[1:] != key[:-1]]] if key.size else key
    left, right = key // n, key % n
    distinct = left != right
    left, right = left[distinct], right[distinct]
    similarity = _pair_similarity(profiles, left, right)
    close = similarity >= threshold
    if family is not None:
        close |= ((family[left] >= 0) & (family[left] == family[right])
                  & (similarity >= family_threshold))
    return left[close], right[close], similarity[close]


def _pair_similarity(profiles: sp.csr_matrix, left: np.ndarray,
                     right: np.ndarray) -> np.ndarray:
    """The cosine of each (left[k], right[k]) pair of unit rows, in chunks: the rows of
    each side gathered, multiplied element by element and summed."""
    out = np.empty(left.size, dtype=np.float64)
    for start in range(0, left.size, _PAIR_CHUNK):
        stop = min(start + _PAIR_CHUNK, left.size)
        both = profiles[left[start:stop]].multiply(profiles[right[start:stop]])
        out[start:stop] = np.asarray(both.sum(axis=1)).ravel()
    return np.clip(out, 0.0, 1.0)


def _compatible_customers(customers: sp.csr_matrix, left: np.ndarray,
                          right: np.ndarray) -> np.ndarray:
    """True where the two services share a customer, or one of them names none."""
    named = np.diff(customers.indptr) > 0
    out = ~(named[left] & named[right])
    both = np.flatnonzero(~out)
    for start in range(0, both.size, _PAIR_CHUNK):
        part = both[start:start + _PAIR_CHUNK]
        shared = customers[left[part]].multiply(customers[right[part]])
        out[part] = np.asarray(shared.sum(axis=1)).ravel() > 0
    return out


def _shared_customers(customers: sp.csr_matrix, left: np.ndarray,
                      right: np.ndarray) -> np.ndarray:
    """True where both services name customers and share at least one."""
    out = np.zeros(left.size, dtype=bool)
    for start in range(0, left.size, _PAIR_CHUNK):
        stop = min(start + _PAIR_CHUNK, left.size)
        shared = customers[left[start:stop]].multiply(customers[right[start:stop]])
        out[start:stop] = np.asarray(shared.sum(axis=1)).ravel() > 0
    return out
