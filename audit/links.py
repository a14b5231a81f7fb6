"""Links from services to objectives and customers: explicit ones, and suggestions from wording.

Suggestions compare word profiles: each text becomes a TF-IDF vector (audit/tfidf.py) over
folded words, and the confidence of a suggestion is the cosine similarity of the two
vectors, from 0 (no word in common) to 1 (the same words in the same proportions).

Words are folded so that different forms of one idea meet:
- word endings, by the Snowball stemmer of the catalogue's language: "benefits",
  "benefit" -> "benefit"; "realisation", "realised" -> "realis"; "licencias",
  "licencia" -> "licenci". The language (English, French, German, Spanish, Portuguese,
  Italian or Dutch) is told per catalogue from its commonest words (`text_language`),
  and that language's common words are ignored too;
- American spellings to British: "prioritize" -> "prioritise";
- PMO abbreviations spelled out: "RAID" -> risks, assumptions, issues, dependencies;
- a short PMO word list of words used for the same idea: "budget", "spend", "actuals"
  count as "cost";
- words every PMO text uses ("project", "service", "PMO") and common English words are
  ignored.

Nothing is downloaded: the word lists are below and the stemmer is a pure-Python package.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import snowballstemmer

from catalogue.model import Catalogue, Customer, Objective, Service
from catalogue.words import fold_name

from .tfidf import ENGLISH_STOP_WORDS, tfidf
from .tokens import SEPARATOR, factorize, word_codes
from .wordlists import PMO_ABBREVIATIONS, PMO_COMMON_WORDS, PMO_SAME_IDEA

_FOLD_TO = {word: head for head, words in PMO_SAME_IDEA.items() for word in words.split()}
_STOP = frozenset(ENGLISH_STOP_WORDS) | PMO_COMMON_WORDS
_AMERICAN = re.compile(r"(?<=[a-z])(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$")
_STEMMERS = {language: snowballstemmer.stemmer(language) for language in (
    "english", "french", "german", "spanish", "portuguese", "italian", "dutch")}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The commonest words of each language (articles, prepositions, conjunctions), which
# tell a text's language by counting and are ignored when comparing.
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "english": _words("the and of to for with on by from is are this that"),
    "french": _words("le la les des du de et en pour avec sur par un une au aux est "
                     "dans qui que ou"),
    "german": _words("der die das und den dem des zu mit für von auf ist ein eine im "
                     "nicht bei oder"),
    "spanish": _words("el la los las del de y en para con por un una al es que se "
                      "o su sus"),
    "portuguese": _words("o a os as do da dos das de e em para com por um uma ao no na "
                         "nos nas é que"),
    "italian": _words("il lo la gli le del della dei delle di e in per con un una al "
                      "è che alla nel"),
    "dutch": _words("de het een en van voor met op door is in te bij aan of die dat "
                    "naar"),
}
_SERVICE_WORDS = _words("servicio servicios serviço serviços service services servizio "
                        "servizi dienst diensten dienstleistung dienstleistungen")


def text_language(counts: dict[str, int]) -> str:
    """The language whose common words a text's words hold most of (English on a tie)."""
    best, best_count = "english", 0
    for language, words in LANGUAGE_WORDS.items():
        found = sum(counts.get(word, 0) for word in words)
        if found > best_count:
            best, best_count = language, found
    return best


def fold_word(word: str, language: str = "english") -> list[str]:
    """The folded forms of one lower-case word: none for a common word, several for an abbreviation."""
    expanded = PMO_ABBREVIATIONS.get(word)
    parts = expanded.split() if expanded else [word]
    folded = []
    common = LANGUAGE_WORDS[language] if language != "english" else frozenset()
    for part in parts:
        if (part in _STOP or len(part) < 2 or part.isdigit() or part in common
                or part in _SERVICE_WORDS):
            continue
        folded.append(_stem(part, language))
    return folded


@functools.lru_cache(maxsize=65_536)
def _stem(word: str, language: str) -> str:
    """One word's stem (British spelling, PMO synonyms folded first). Cached: the stemmer is
    pure Python, and the same words come back in every audit of a catalogue; bounded, so
    that a server reading many catalogues keeps at most a few MB of it."""
    word = _AMERICAN.sub(lambda m: ("is" if m.group(1) == "iz" else "ys") + m.group(2), word)
    return _STEMMERS[language].stemWord(_FOLD_TO.get(word, word))


# How much each field of a service counts in its word profile: the name says most.
SERVICE_FIELD_WEIGHTS: dict[str, float] = {
    "name": 2.0, "description": 1.0, "category": 1.0, "value_measure": 1.0,
    "unmatched_objectives": 1.0,
}


def service_fields(service: Service, unmatched_objectives: Sequence[str] = ()) -> list[str | None]:
    """The texts a service is judged by, in SERVICE_FIELD_WEIGHTS order.

    Objective text the catalogue gives for a service but which matches no mandate
    objective counts too: it says what the service owner thinks it is for.
    """
    return [service.name, service.description, service.category, service.value_measure,
            " ".join(str(t) for t in unmatched_objectives) or None]


def objective_text(objective: Objective) -> str:
    """The words an objective is judged by: its statement and success measure."""
    return " ".join(str(p) for p in (objective.statement, objective.success_measure) if p)


def customer_text(customer: Customer) -> str:
    """The words a customer group is judged by: its name and expectations."""
    return " ".join(str(p) for p in (customer.name, customer.expectations) if p)


@dataclass(frozen=True)
class WordProfiles:
    """TF-IDF vectors (rows, L2-normalised) of the services, objectives and customers.

    `expectations`: the customers' separate expectations (audit/expectations.py), weighed
    by the words of the others without changing them.
    """

    services: sp.csr_matrix
    objectives: sp.csr_matrix
    customers: sp.csr_matrix
    expectations: sp.csr_matrix | None = None


def word_profiles(service_field_texts: Sequence[Sequence[str | None]],
                  objective_texts: Sequence[str],
                  customer_texts: Sequence[str],
                  expectation_texts: Sequence[str] = ()) -> WordProfiles:
    """Fit TF-IDF on all the texts together and return each group's vectors.

    `expectation_texts` are vectorised in the same pass but do not count in the fit, so
    the other vectors are the same with or without them.

    `service_field_texts` holds, per service, the texts of `service_fields`; each field
    counts with its SERVICE_FIELD_WEIGHTS weight.
    """
    weights = list(SERVICE_FIELD_WEIGHTS.values())
    n_s, n_o, n_c = len(service_field_texts), len(objective_texts), len(customer_texts)
    # Every text once: repeated categories, value measures and names are read only once.
    rows, texts, weight_of = [], [], []
    for i, fields in enumerate(service_field_texts):
        for text, weight in zip(fields, weights, strict=False):
            if text:
                rows.append(i)
                texts.append(str(text))
                weight_of.append(weight)
    n_fit = n_s + n_o + n_c
    fit_texts = 0
    for j, text in enumerate([*objective_texts, *customer_texts, *expectation_texts]):
        if n_s + j == n_fit:
            fit_texts = len(texts)
        if text:
            rows.append(n_s + j)
            texts.append(str(text))
            weight_of.append(1.0)
    if not expectation_texts:
        fit_texts = len(texts)
    n_rows = n_fit + len(expectation_texts)
    codes, unique_texts = factorize(texts)
    # Distinct texts first seen among the fitted ones come first: only they tell the language.
    fit_unique = int(codes[:fit_texts].max()) + 1 if fit_texts else 0
    unique_counts = _folded_counts(list(unique_texts), fit_unique)
    which = sp.csr_matrix((np.asarray(weight_of, dtype=np.float64), (rows, codes)),
                          shape=(n_rows, len(unique_texts)))
    counts = (which @ unique_counts).tocsr()
    if counts.shape[1] == 0 or counts.nnz == 0:
        vectors = sp.csr_matrix((n_rows, counts.shape[1]), dtype=np.float64)
    else:
        vectors = tfidf(counts, fit_rows=n_fit)
    return WordProfiles(services=vectors[:n_s], objectives=vectors[n_s:n_s + n_o],
                        customers=vectors[n_s + n_o:n_fit], expectations=vectors[n_fit:])


def _folded_counts(texts: Sequence[str], language_texts: int | None = None) -> sp.csr_matrix:
    """Word counts per text over folded words; each distinct raw word is folded only once.

    The language is told from the first `language_texts` texts (all when None).

    The texts are read in one pass (audit/tokens.py), so the per-word work in Python is
    only the folding of each distinct word.
    """
    n = len(texts)
    if n == 0:
        return sp.csr_matrix((0, 0), dtype=np.float64)
    codes, words = word_codes(texts)
    separator_code = words.index(SEPARATOR) if SEPARATOR in words else -1
    is_separator = codes == separator_code
    text_of = np.cumsum(is_separator)
    keep = ~is_separator
    raw_counts = sp.csr_matrix((np.ones(int(keep.sum())), (text_of[keep], codes[keep])),
                               shape=(n, len(words)))
    telling = keep if language_texts is None else keep & (text_of < language_texts)
    per_word = np.bincount(codes[telling], minlength=len(words))
    language = text_language({w: int(c) for w, c in zip(words, per_word, strict=True)
                              if c and any(w in common for common in LANGUAGE_WORDS.values())})
    # Fold each distinct raw word to its folded words: a (raw word x folded word) matrix.
    folded_index: dict[str, int] = {}
    fold_rows, fold_cols = [], []
    for raw_col, raw_word in enumerate(words):
        if raw_col == separator_code:
            continue
        for folded in fold_word(raw_word, language):
            fold_rows.append(raw_col)
            fold_cols.append(folded_index.setdefault(folded, len(folded_index)))
    folding = sp.csr_matrix((np.ones(len(fold_rows)), (fold_rows, fold_cols)),
                            shape=(len(words), len(folded_index)))
    counts = (raw_counts @ folding).tocsr()
    counts.sum_duplicates()
    return counts


@dataclass(frozen=True)
class FunctionAgreement:
    """How much a link between two texts counts given their PMO function groups.

    `source_groups` / `target_groups`: each text's function group (-1 when unknown or not
    confidently known). Same group: 1. Different groups: `other_factor`. Unknown on either
    side: 1 (no evidence either way). A source of `admin_group` (administrative work)
    linked to a target not known to be administrative: other_factor squared.
    """

    source_groups: np.ndarray
    target_groups: np.ndarray
    other_factor: float
    admin_group: int = -1

    def factors(self, start: int, stop: int) -> np.ndarray:
        """The (rows start..stop) x targets matrix of factors."""
        source = self.source_groups[start:stop][:, None]
        target = self.target_groups[None, :]
        out = np.where(source == target, 1.0, self.other_factor)
        out = np.where((source < 0) | (target < 0), 1.0, out)
        if self.admin_group >= 0:
            # Administrative work is discounted against any objective that is not itself
            # administrative, even one whose kind of work is not clear.
            out = np.where((source == self.admin_group) & (target != self.admin_group),
                           self.other_factor ** 2, out)
        return out


@dataclass(frozen=True)
class Suggestions:
    """Suggested links as parallel arrays: for row `source[k]`, target `target[k]` with `confidence[k]`."""

    source: np.ndarray
    target: np.ndarray
    confidence: np.ndarray


def best_matches(sources: sp.csr_matrix, targets: sp.csr_matrix, *, per_source: int,
                 min_confidence: float, runner_up_ratio: float = 0.0,
                 allowed: np.ndarray | None = None,
                 excluded: Sequence[frozenset[int]] | None = None,
                 agreement: FunctionAgreement | None = None,
                 chunk_cells: int = 4_000_000) -> tuple[Suggestions, np.ndarray, np.ndarray]:
    """Up to `per_source` targets per source row with cosine >= min_confidence, best first.

    With `agreement`, each cosine is first multiplied by how far the two texts' PMO
    functions agree (FunctionAgreement.factors), so a shared word between two kinds of
    work counts less.

    A target after the first must also reach `runner_up_ratio` x the best one's cosine.

    Also returns, for every source row, its best target and that target's similarity
    (-1 and 0.0 when there is none), whether or not it reached the threshold. Rows where
    `allowed` is False get no suggestion; `excluded[row]` holds targets never to match
    that row. Works in row chunks, so memory stays bounded.
    """
    excluded_rows: np.ndarray = np.zeros(0, np.int64)
    excluded_cols: np.ndarray = np.zeros(0, np.int64)
    if excluded is not None and any(excluded):
        pairs = [(row, col) for row, cols in enumerate(excluded) for col in cols]
        excluded_rows = np.array([r for r, _ in pairs], dtype=np.int64)
        excluded_cols = np.array([c for _, c in pairs], dtype=np.int64)
    n_sources, n_targets = sources.shape[0], targets.shape[0]
    best_target = np.full(n_sources, -1, dtype=np.int64)
    best_score = np.zeros(n_sources, dtype=np.float64)
    empty = Suggestions(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if n_sources == 0 or n_targets == 0 or sources.shape[1] == 0:
        return empty, best_target, best_score
    k = min(per_source, n_targets)
    chunk = max(1, chunk_cells // n_targets)
    targets_t = targets.T.tocsc()
    found_source, found_target, found_conf = [], [], []
    for start in range(0, n_sources, chunk):
        stop = min(start + chunk, n_sources)
        block = (sources[start:stop] @ targets_t).toarray()
        if agreement is not None:
            block *= agreement.factors(start, stop)
        if excluded_rows.size:
            here = (excluded_rows >= start) & (excluded_rows < stop)
            block[excluded_rows[here] - start, excluded_cols[here]] = 0.0
        top = np.argmax(block, axis=1)
        top_score = block[np.arange(stop - start), top]
        has = top_score > 0
        best_target[start:stop][has] = top[has]
        best_score[start:stop] = top_score
        if allowed is not None:
            block[~allowed[start:stop]] = 0.0
        if k < n_targets:
            candidates = np.argpartition(-block, k - 1, axis=1)[:, :k]
        else:
            candidates = np.broadcast_to(np.arange(n_targets), (stop - start, n_targets))
        scores = np.take_along_axis(block, candidates, axis=1)
        order = np.argsort(-scores, axis=1, kind="stable")
        candidates = np.take_along_axis(candidates, order, axis=1)
        scores = np.take_along_axis(scores, order, axis=1)
        keep = (scores >= max(min_confidence, 1e-12)) & (scores >= runner_up_ratio * scores[:, :1])
        rows = np.broadcast_to(np.arange(start, stop)[:, None], candidates.shape)
        found_source.append(rows[keep])
        found_target.append(candidates[keep])
        found_conf.append(scores[keep])
    suggestions = Suggestions(np.concatenate(found_source).astype(np.int64),
                              np.concatenate(found_target).astype(np.int64),
                              np.clip(np.concatenate(found_conf), 0.0, 1.0))
    return suggestions, best_target, best_score


@dataclass(frozen=True)
class ExplicitLinks:
    """The explicit links of every service, as lists per service (positions in the catalogue).

    objectives[i]: objective positions; objective_source[i]: who stated them;
    unmatched_objectives[i]: objective text that is no mandate objective;
    customers[i]: mandate customer positions; customer_source[i]: who stated them;
    outside_customers[i]: customer names that are not mandate customers;
    objectives_decided[i] / customers_decided[i]: a person set the links (even to none),
    so nothing may be suggested; rejected_*[i]: suggestions a person dismissed.
    """

    objectives: list[list[int]]
    objective_source: list[str]
    unmatched_objectives: list[tuple[str, ...]]
    objectives_decided: np.ndarray
    rejected_objectives: list[frozenset[int]]
    customers: list[list[int]]
    customer_source: list[str]
    outside_customers: list[tuple[str, ...]]
    customers_decided: np.ndarray
    rejected_customers: list[frozenset[int]]


def explicit_links(catalogue: Catalogue, decided: dict | None = None) -> ExplicitLinks:
    """Resolve each service's stated objectives and customers against the mandate.

    Objectives match by id, then by id or statement ignoring case and spacing; customers
    by name ignoring case and spacing. `decided` maps service id -> ConfirmedLinks.
    """
    decided = decided or {}
    objective_by_key: dict[str, int] = {}
    for position, objective in enumerate(catalogue.objectives):
        objective_by_key.setdefault(str(objective.id), position)
    for position, objective in enumerate(catalogue.objectives):
        objective_by_key.setdefault(fold_name(objective.id), position)
        if objective.statement:
            objective_by_key.setdefault(fold_name(objective.statement), position)
    customer_by_key: dict[str, int] = {}
    for position, customer in enumerate(catalogue.customers):
        customer_by_key.setdefault(fold_name(customer.name), position)

    # The same few texts recur across services: resolve each distinct one once.
    objective_memo: dict[str, int | None] = {}
    customer_memo: dict[str, int | None] = {}

    def objective_position(text: str) -> int | None:
        if text not in objective_memo:
            found = objective_by_key.get(text)
            objective_memo[text] = (found if found is not None
                                    else objective_by_key.get(fold_name(text)))
        return objective_memo[text]

    def customer_position(name: str) -> int | None:
        if name not in customer_memo:
            customer_memo[name] = customer_by_key.get(fold_name(name))
        return customer_memo[name]

    n = len(catalogue.services)
    links = ExplicitLinks(
        objectives=[], objective_source=[], unmatched_objectives=[],
        objectives_decided=np.zeros(n, dtype=bool), rejected_objectives=[],
        customers=[], customer_source=[], outside_customers=[],
        customers_decided=np.zeros(n, dtype=bool), rejected_customers=[],
    )
    no_rejections: frozenset[int] = frozenset()
    for i, service in enumerate(catalogue.services):
        person = decided.get(service.id) if decided else None
        stated_objectives = service.objectives
        objective_source = "workbook"
        if person is not None and person.objectives is not None:
            stated_objectives, objective_source = person.objectives, "person"
            links.objectives_decided[i] = True
        matched: list[int] = []
        unmatched: list[str] = []
        if isinstance(stated_objectives, str):
            stated_objectives = (stated_objectives,)
        for text in stated_objectives or ():
            text = str(text) if text is not None else ""
            if not text.strip():
                continue
            target = objective_position(text)
            if target is None:
                unmatched.append(text)
            elif target not in matched:
                matched.append(target)
        links.objectives.append(matched)
        links.objective_source.append(objective_source)
        links.unmatched_objectives.append(tuple(unmatched))

        stated_customers = service.customers
        customer_source = "workbook"
        if person is not None and person.customers is not None:
            stated_customers, customer_source = person.customers, "person"
            links.customers_decided[i] = True
        in_mandate: list[int] = []
        outside: list[str] = []
        if isinstance(stated_customers, str):
            stated_customers = (stated_customers,)
        for name in stated_customers or ():
            name = str(name) if name is not None else ""
            if not name.strip():
                continue
            target = customer_position(name)
            if target is None:
                if name not in outside:
                    outside.append(name)
            elif target not in in_mandate:
                in_mandate.append(target)
        links.customers.append(in_mandate)
        links.customer_source.append(customer_source)
        links.outside_customers.append(tuple(outside))

        if person is None:
            links.rejected_objectives.append(no_rejections)
            links.rejected_customers.append(no_rejections)
        else:
            links.rejected_objectives.append(frozenset(
                p for t in person.rejected_objectives
                if (p := objective_position(str(t))) is not None))
            links.rejected_customers.append(frozenset(
                p for t in person.rejected_customers
                if (p := customer_position(str(t))) is not None))
    return links
