"""``frame_of`` (``read/table.py``): a frame made from arrays already stored as a frame
stores them is the frame ``pd.DataFrame`` makes of the same columns, to the dtype of
each column, the kind of each missing value, the blocks and the copies; anything
else is still pandas' to take."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.read import table as reader
from kcbudget.read.table import frame_of


def _old(columns: dict, index: pd.Index) -> pd.DataFrame:
    """What ``frame_of`` made before: every column through the constructor."""
    return pd.DataFrame({k: v.array if isinstance(v, pd.Series) and v.dtype != object
                         and v.index.equals(index) else v for k, v in columns.items()},
                        index=index)


def _said(frame: pd.DataFrame) -> tuple:
    return (list(frame.columns), str(frame.columns.dtype), type(frame.columns).__name__,
            [str(d) for d in frame.dtypes], list(frame.index), type(frame.index).__name__,
            {c: [repr(v) for v in frame[c].tolist()] for c in frame.columns},
            [(type(b).__name__, str(b.dtype), list(b.mgr_locs)) for b in frame._mgr.blocks])


TEXT = st.one_of(st.none(), st.just(np.nan), st.just(pd.NA), st.sampled_from(
    ["Kiên Giang", "KCQG", "", "2021", "Đề án"]), st.integers(-3, 3))


@st.composite
def _column(draw, n: int, index: pd.Index):
    kind = draw(st.sampled_from(["object-series", "int-array", "bool-series", "Int64-series",
                                 "int64", "bool", "float64", "int8", "object-array",
                                 "str-series", "scalar", "list", "other-index"]))
    ints = draw(st.lists(st.integers(-10**12, 10**12), min_size=n, max_size=n))
    gaps = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    if kind == "object-series":
        cells = np.empty(n, dtype=object)
        cells[:] = draw(st.lists(TEXT, min_size=n, max_size=n))
        return pd.Series(cells, index=index, dtype=object)
    if kind == "int-array":
        return pd.arrays.IntegerArray(np.asarray(ints, dtype=np.int64), np.asarray(gaps, bool))
    if kind == "bool-series":
        return pd.Series(np.asarray(gaps, dtype=bool), index=index)
    if kind == "Int64-series":
        return pd.Series(pd.arrays.IntegerArray(np.asarray(ints, dtype=np.int64),
                                                np.asarray(gaps, bool)), index=index)
    if kind == "str-series":
        return pd.Series([None if g else "x" for g in gaps], index=index, dtype="str")
    if kind == "bool":
        return np.asarray(gaps, dtype=bool)
    if kind in ("int64", "float64", "int8"):
        return (np.asarray(ints, dtype=np.int64) % 100).astype(kind)
    if kind == "object-array":
        cells = np.empty(n, dtype=object)
        cells[:] = draw(st.lists(TEXT, min_size=n, max_size=n))
        return cells
    if kind == "scalar":
        return draw(st.sampled_from([0, "KCQG", None, 2.5]))
    if kind == "list":
        return draw(st.lists(TEXT, min_size=n, max_size=n))
    other = pd.RangeIndex(1, n + 1)
    return pd.Series(np.asarray(ints, dtype=np.int64), index=other)


@st.composite
def _columns(draw):
    n = draw(st.integers(0, 6))
    index = draw(st.sampled_from([pd.RangeIndex(3, 3 + n), pd.Index(list(range(10, 10 + n)))]))
    names = draw(st.lists(st.sampled_from(["stt", "province", "planned", "year", "a", "b"]),
                          unique=True, max_size=6))
    return {name: draw(_column(n, index)) for name in names}, index


@settings(max_examples=200, deadline=None)
@given(_columns())
def test_frame_of_is_the_frame_pandas_makes(drawn):
    columns, index = drawn
    try:
        want = _said(_old(columns, index))
    except Exception as error:  # (a Series on another index, say: the same error)
        want = type(error).__name__
    try:
        got = _said(frame_of(columns, index))
    except Exception as error:
        got = type(error).__name__
    assert got == want


def test_the_frame_holds_its_own_copy_of_every_column():
    """Nothing written into the arrays or Series given reaches the frame, as with the
    constructor's copy."""
    index = pd.RangeIndex(4)
    ints = pd.arrays.IntegerArray(np.arange(4, dtype=np.int64), np.zeros(4, dtype=bool))
    flags = np.array([True, False, True, False])
    names = pd.Series(np.array(["a", "b", None, "d"], dtype=object), index=index,
                      dtype=object)
    columns = {"planned": ints, "ok": flags, "name": names}
    assert reader._stored_arrays(columns, index) is not None  # the fast way, here
    frame = frame_of(columns, index)
    ints[0] = 99
    flags[1] = True
    names.iloc[0] = "changed"
    assert frame["planned"].tolist() == [0, 1, 2, 3]
    assert frame["ok"].tolist() == [True, False, True, False]
    assert frame["name"].tolist() == ["a", "b", None, "d"]


def test_what_pandas_would_infer_is_left_to_pandas():
    index = pd.RangeIndex(2)
    for value in (np.array(["x", "y"], dtype=object), ["x", "y"], "x", np.array(["x", "y"]),
                  np.array(["2021-01-01", "2022-01-01"], dtype="datetime64[D]"),
                  pd.Series([1, 2], index=pd.RangeIndex(1, 3))):
        assert reader._stored_arrays({"a": value}, index) is None
    assert reader._stored_arrays({}, index) is None
    assert reader._stored_arrays({0: np.zeros(2)}, index) is None  # a name not text


def test_a_numpy_subclass_or_wrapper_is_left_to_pandas():
    """A second reader's cases: a masked array (pandas reads its mask) and a numpy array
    in pandas' wrapper (pandas infers it) are the constructor's, and give its frame."""
    index = pd.RangeIndex(2)
    for value in (np.ma.array([1, 2], mask=[False, True]),
                  np.ma.array([True, False], mask=[True, False]),
                  pd.array(["a", None], dtype=object),
                  pd.arrays.NumpyExtensionArray(np.array(["a", "b"]))):
        assert reader._stored_arrays({"a": value}, index) is None
        assert _said(frame_of({"a": value}, index)) == _said(_old({"a": value}, index))
