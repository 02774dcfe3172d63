"""The program and phase words of a compound header are found without a regular
expression per word: the search must give the span the bounded pattern gave."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.read.headers import _find_word, _word_patterns, read_header

WORDS = [alias for _, aliases in _word_patterns() for alias, _ in aliases]
PIECES = [*WORDS, " ", "-", "–", "/", ":", ",", ";", "(", ")", "\t", "\u00a0", "a", "kinh phí",
          "tổng", "năm 2022", "x"]


def _pattern_span(text: str, word: str):
    match = re.search(rf"(^|[\s\-–/:,;()]){re.escape(word)}($|[\s\-–/:,;()])", text)
    return (match.start(), match.end()) if match else None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8), st.sampled_from(WORDS + ["a", "tổng"]))
def test_find_word_is_the_bounded_pattern(pieces, word):
    text = "".join(pieces)
    assert _find_word(text, word) == _pattern_span(text, word)


def test_compound_headers_still_read():
    meaning = read_header("Kế hoạch KCQG năm 2022")
    assert (meaning.program, meaning.phase, meaning.year) == ("KCQG", "planned", 2022)
    meaning = read_header("Kinh phí KCĐP thực hiện")
    assert (meaning.program, meaning.phase) == ("KCDP", "executed")
    # a word inside another word is no word: "kh" in "khác" names no phase
    assert _find_word("nguồn khác", "kh") is None
