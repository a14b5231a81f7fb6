"""TF-IDF word profiles in numpy and scipy alone, and the English common words ignored.

The link suggestions (audit/links.py) weigh words as scikit-learn's
`TfidfTransformer(sublinear_tf=True)` does with its defaults, computed here so that the
command line and the app do not load scikit-learn (about 0.7 s of every `python -m audit`):

- term frequency 1 + ln(count) for every stored count (sublinear);
- inverse document frequency ln((1 + n) / (1 + df)) + 1, df counting the texts that hold
  the word (smoothed: as if one more text held every word once);
- each text's vector scaled to unit length (L2), empty texts left at zero.

`ENGLISH_STOP_WORDS` is scikit-learn's list of 318 common English words (BSD licence),
copied so that it needs no import. tests/audit/test_tfidf.py checks both against
scikit-learn itself, which stays a test-only dependency for that purpose.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

_STOP_TEXT = (
    "a about above across after afterwards again against all almost alone along "
    "already also although always am among amongst amoungst amount an and another "
    "any anyhow anyone anything anyway anywhere are around as at back be became "
    "because become becomes becoming been before beforehand behind being below "
    "beside besides between beyond bill both bottom but by call can cannot cant co "
    "con could couldnt cry de describe detail do done down due during each eg "
    "eight either eleven else elsewhere empty enough etc even ever every everyone "
    "everything everywhere except few fifteen fifty fill find fire first five for "
    "former formerly forty found four from front full further get give go had has "
    "hasnt have he hence her here hereafter hereby herein hereupon hers herself "
    "him himself his how however hundred i ie if in inc indeed interest into is it "
    "its itself keep last latter latterly least less ltd made many may me "
    "meanwhile might mill mine more moreover most mostly move much must my myself "
    "name namely neither never nevertheless next nine no nobody none noone nor not "
    "nothing now nowhere of off often on once one only onto or other others "
    "otherwise our ours ourselves out over own part per perhaps please put rather "
    "re same see seem seemed seeming seems serious several she should show side "
    "since sincere six sixty so some somehow someone something sometime sometimes "
    "somewhere still such system take ten than that the their them themselves then "
    "thence there thereafter thereby therefore therein thereupon these they thick "
    "thin third this those though three through throughout thru thus to together "
    "too top toward towards twelve twenty two un under until up upon us very via "
    "was we well were what whatever when whence whenever where whereafter whereas "
    "whereby wherein whereupon wherever whether which while whither who whoever "
    "whole whom whose why will with within without would yet you your yours "
    "yourself yourselves"
)
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())


def tfidf(counts: sp.spmatrix, fit_rows: int | None = None) -> sp.csr_matrix:
    """Sublinear, smoothed, L2-normalised TF-IDF of a (texts x words) count matrix.

    With `fit_rows`, the document frequencies come from the first `fit_rows` texts only;
    the rest are weighed by them without changing them (texts compared against a fitted
    collection, as scikit-learn's `transform`).
    """
    x = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    n_texts = x.shape[0]
    n_fit = n_texts if fit_rows is None else fit_rows
    fit_indices = x.indices[:x.indptr[n_fit]]
    df = np.bincount(fit_indices, minlength=x.shape[1]).astype(np.float64)
    idf = np.log((n_fit + 1.0) / (df + 1.0)) + 1.0
    np.log(x.data, out=x.data)
    x.data += 1.0
    x.data *= idf[x.indices]
    lengths = np.zeros(n_texts)
    nonempty = np.diff(x.indptr) > 0
    if x.nnz:
        sums = np.add.reduceat(x.data * x.data, x.indptr[:-1][nonempty])
        lengths[nonempty] = np.sqrt(sums)
    scale = np.where(lengths > 0, lengths, 1.0)
    x.data /= np.repeat(scale, np.diff(x.indptr))
    return x
