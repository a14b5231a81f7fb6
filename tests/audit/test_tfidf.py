"""Our TF-IDF gives scikit-learn's weights, so link suggestions are unchanged without it."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from audit.tfidf import ENGLISH_STOP_WORDS, tfidf

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")


def test_the_english_common_words_are_scikit_learns():
    assert sklearn_text.ENGLISH_STOP_WORDS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("seed", range(20))
def test_weights_equal_scikit_learns_sublinear_tfidf(seed):
    rng = np.random.default_rng(seed)
    n_texts, n_words = int(rng.integers(1, 60)), int(rng.integers(1, 200))
    dense = rng.integers(0, 4, size=(n_texts, n_words)) * (rng.random((n_texts, n_words)) < 0.1)
    dense = dense * rng.choice([1.0, 1.5, 3.0], size=dense.shape)  # field weights
    dense[rng.integers(0, n_texts)] = 0  # a text with no word left
    counts = sp.csr_matrix(dense)
    ours = tfidf(counts)
    theirs = sklearn_text.TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours.toarray(), theirs.toarray(), rtol=1e-13, atol=1e-15)


def test_an_empty_text_stays_zero_and_others_have_unit_length():
    counts = sp.csr_matrix(np.array([[2.0, 0, 1], [0, 0, 0], [0, 3.0, 0]]))
    vectors = tfidf(counts).toarray()
    assert not vectors[1].any()
    np.testing.assert_allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0)
