"""One text module: every place that makes text comparable folds it the same way.

``kcbudget.text.fold`` is the one definition (NFC, case fold, invisible characters
out, white space collapsed, the tone mark of ``oa``/``oe``/``uy`` on the first
vowel).  Its column form, and every caller that folds on its own account (row
labels, unit words, header cells, đề án names, reference lookups), must agree with
it cell for cell, on text Hypothesis makes up.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget import reference as ref
from kcbudget.engine.reconcile import normalize_name
from kcbudget.read.headers import read_header
from kcbudget.read.numbers import parse_amount_column
from kcbudget.read.rowkinds import fold_series
from kcbudget.read.text import normalize_series
from kcbudget.read.units import unit_from_phrase
from kcbudget.text import (
    fold,
    fold_arrow,
    match_key,
    name_key,
    safe_str,
    strip_diacritics,
    to_arrow_strings,
)

# what the cells of these workbooks hold: Vietnamese in both cases and both tone
# placements, both normal forms, odd spaces and invisible characters, a few letters
# whose case fold is not their lower case, digits and punctuation
_PIECES = [
    *"aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY",
    "hoà", "Hoà", "HOÀ", "thuỷ", "Thuỷ", "quý", "khoẻ", "oà", "uỷ", "ÒA", "Ủy",
    "Bình Định", "Bi\u0300nh \u0110i\u0323nh", "Đắk Lắk", "tỉnh ", "TP. ", "Thành phố ",
    " ", "  ", "\u00a0", "\u202f", "\t", "\n", "\u200b", "\u00ad", "\ufeff", "\u2060",
    "ß", "ẞ", "İ", "ﬁ", "Σ", "ς", "ǅ", "0", "7", "2022", ".", ",", "-", "–", "/", "(", ")",
    "%", "'", "triệu", "Tỷ", "đồng", "Tổng cộng", "Cộng", "KCĐP", "kcqg",
]
cell_text = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join) | st.text(max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), cell_text), max_size=30))
def test_the_column_fold_is_the_fold(values):
    got = fold_arrow(pd.Series(values, dtype=object)).to_pylist()
    assert got == ["" if v is None else fold(safe_str(v)) for v in values]
    series = pd.Series(values, dtype=object, index=range(10, 10 + len(values)))
    assert fold_series(series).tolist() == got
    assert list(fold_series(series).index) == list(series.index)


@settings(max_examples=300, deadline=None)
@given(cell_text)
def test_fold_is_idempotent_and_its_keys_agree(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert match_key(text) == match_key(folded)
    assert name_key(text) == name_key(folded) == normalize_name(text)
    assert name_key(text) == " ".join(
        "".join(c if c.isalnum() or c == "_" else " " for c in strip_diacritics(folded)).split())


@settings(max_examples=200, deadline=None)
@given(cell_text)
def test_every_caller_reads_the_folded_text_as_the_text(text):
    """A caller that folds must not care whether its input was folded already."""
    assert unit_from_phrase(text) == unit_from_phrase(fold(text))
    assert ref.match_province(text) == ref.match_province(fold(text))
    assert ref.match_program(text) == ref.match_program(fold(text))
    assert ref.match_activity(text) == ref.match_activity(fold(text))
    mine, folded = read_header(text), read_header(fold(text))
    assert (mine.key, mine.program, mine.phase, mine.unit, mine.year, mine.months,
            mine.period) == (folded.key, folded.program, folded.phase, folded.unit,
                             folded.year, folded.months, folded.period)


def test_one_arrow_conversion_takes_what_the_other_refused():
    """A lone surrogate (text from a damaged file) once raised UnicodeEncodeError in
    one of the two converters; there is one now, and it replaces the character."""
    values = ["ab\ud800c", None, float("nan"), 12, "Bình Định"]
    arr = to_arrow_strings(pd.Series(values, dtype=object))
    assert isinstance(arr, pa.Array) and arr.type == pa.string()
    assert arr.to_pylist() == ["ab?c", None, None, "12", "Bình Định"]
    assert normalize_series(pd.Series(values, dtype=object)).tolist()[0] == "ab?c"
    parsed = parse_amount_column(pd.Series(["1.000", "x\ud800"], dtype=object), locale="vi",
                                 factor=1)
    assert parsed.dong.tolist()[0] == 1000 and parsed.error.tolist()[1] is not None


# the definitions as first written, without their fast paths: the oracle of the ones in use
def _fold_as_defined(text: str) -> str:
    import re
    import unicodedata

    from kcbudget.text import _INVISIBLE, _TONE_FIX, _TONE_RE

    s = unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE)
    s = unicodedata.normalize("NFC", s.casefold())
    s = _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], s)
    return re.sub(r"\s+", " ", s).strip()


def _strip_as_defined(text: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFD", str(text))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", s.replace("đ", "d").replace("Đ", "D"))


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(_PIECES)).map("".join)))
def test_fast_paths_of_fold_and_strip_diacritics_change_nothing(text):
    assert fold(text) == _fold_as_defined(text)
    assert strip_diacritics(text) == _strip_as_defined(text)
