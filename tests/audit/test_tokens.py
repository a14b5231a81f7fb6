"""Words are read alike whatever the text: the fast ASCII path gives the regular expression's words."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.tokens import SEPARATOR, WORD, factorize, word_codes


def words_by_expression(texts: list[str]) -> list[str]:
    joined = SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts).lower()
    return WORD.findall(joined)


def words_read(texts: list[str]) -> list[str]:
    codes, distinct = word_codes(texts)
    return [distinct[c] for c in codes.tolist()]


ascii_texts = st.lists(st.text(alphabet=st.characters(max_codepoint=127)), max_size=8)
any_texts = st.lists(st.text(), max_size=8)


@settings(max_examples=300)
@given(ascii_texts)
def test_ascii_text_is_split_into_the_same_words_as_by_the_expression(texts):
    assert words_read(texts) == words_by_expression(texts)


@settings(max_examples=300)
@given(any_texts)
def test_any_text_is_split_into_the_same_words_as_by_the_expression(texts):
    assert words_read(texts) == words_by_expression(texts)


def test_punctuation_underscores_and_a_stray_separator_split_words():
    texts = ["Weekly status_report: RAID-log (v2)", "a\x00b", "", "Café crème"]
    assert words_read(texts) == ["weekly", "status", "report", "raid", "log", "v2", SEPARATOR,
                                 "a", "b", SEPARATOR, SEPARATOR, "café", "crème"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["report", "Report", "", "risk", "raid", "\x00", "é"]) | st.text(),
                max_size=30))
def test_factorize_numbers_values_as_pandas_does(values):
    codes, distinct = factorize(values)
    expected_codes, expected = pd.factorize(pd.Series(values, dtype=object), sort=False)
    assert codes.tolist() == expected_codes.tolist()
    assert distinct == list(expected)


def test_the_audit_does_not_load_pandas():
    """pandas costs the command line a sixth of its time on a small catalogue; the audit
    and the importer do without it."""
    code = ("import sys, audit.engine, audit.cli, catalogue; "
            "print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_the_word_caches_stay_bounded_however_many_words_arrive():
    """A server audits catalogues without end: the stem caches forget the oldest words."""
    from audit import functions, links

    for fold in (functions._fold, lambda w: links._stem(w, "english")):
        for n in range(70_000):
            fold(f"zq{n}word")
    assert functions._fold.cache_info().currsize <= 65_536
    assert links._stem.cache_info().currsize <= 65_536
