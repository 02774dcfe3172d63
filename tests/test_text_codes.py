"""The codes a summary compares texts by: those of an Arrow-backed text column, made
from its own Arrow array, are the codes of the same values held as Python objects."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.engine.summarize import _text_codes

# Vietnamese names, their decomposed forms, blanks and look-alikes: equal only when the
# texts are
_TEXTS = st.sampled_from(["Kiên Giang", "Kie\u0302n Giang", "KCQG", "KCĐP", "", " ",
                          "1", "1.0", "Đắk Lắk", "đắk lắk", "ke-hoach-01.xlsx"])
_VALUES = st.lists(st.one_of(_TEXTS, st.text(max_size=6), st.none()), max_size=40)


@settings(max_examples=150, deadline=None)
@given(_VALUES)
def test_arrow_text_is_coded_as_its_values_are(values):
    arrow = pd.Series(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    held = pd.Series(values, dtype=object)
    got, expected = _text_codes(arrow), _text_codes(held)
    assert got.dtype == np.int64 and len(got) == len(values)
    assert np.array_equal(got, expected)
    # equal codes exactly where the texts are equal, 0 exactly where one is missing
    for i, a in enumerate(values):
        assert (got[i] == 0) == (a is None)
        for j, b in enumerate(values):
            assert (got[i] == got[j]) == (a == b)


def test_a_column_of_several_chunks_is_coded_as_one():
    parts = [pd.Series(["An Giang", None, "Bạc Liêu"], dtype="str"),
             pd.Series(["Bạc Liêu", "An Giang"], dtype="str")]
    joined = pd.concat(parts, ignore_index=True)
    assert joined.array.__arrow_array__().num_chunks == 2
    assert _text_codes(joined).tolist() == [1, 0, 2, 2, 1]
