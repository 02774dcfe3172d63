"""The head's rows and a sheet's label cells, taken without a Series per cell or column,
hold what the per-cell and per-Series readings give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.read.sources import Grid
from kcbudget.read.table import _first_valid, _object_cells
from kcbudget.text import to_arrow_strings

_CELL = st.one_of(st.none(), st.sampled_from(["", "  ", "Tổng cộng", "I", "1", " a "]),
                  st.text(max_size=4))


def _row_values_by_cell(grid: Grid, row: int) -> list[tuple[int, str]]:
    """The definition: each column's cell, in column order, kept when it holds text."""
    out = []
    for col in sorted(grid.columns):
        value = grid.cell(row, col)
        if value is not None and str(value).strip():
            out.append((col, value))
    return out


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.integers(0, 12), st.lists(_CELL, max_size=6), max_size=6),
       st.integers(1, 4))
def test_row_values_are_each_cells_in_column_order(columns, first_row):
    # columns of unequal length: a short column has no cell in the later rows
    grid = Grid(first_row=first_row, height=6, columns=columns)
    for row in range(first_row - 2, first_row + 8):
        assert grid.row_values(row) == _row_values_by_cell(grid, row)


def _first_valid_by_series(text: pd.DataFrame, cols: list[int]) -> pd.Series:
    arrays = [to_arrow_strings(text[c]) for c in cols]
    first = pc.coalesce(*arrays) if len(arrays) > 1 else arrays[0]
    return pd.Series(first.to_numpy(zero_copy_only=False), index=text.index, dtype=object)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=0, max_size=8),
       st.permutations([0, 1, 2]), st.integers(1, 3))
def test_first_valid_from_the_block_is_the_series_reading(rows, order, take):
    cells = np.empty((len(rows), 3), dtype=object)
    for i, row in enumerate(rows):
        cells[i] = row
    text = pd.DataFrame(cells, index=pd.RangeIndex(5, 5 + len(rows)),
                        columns=pd.Index([4, 7, 9], dtype="int64"), dtype=object)
    cols = [[4, 7, 9][i] for i in order[:take]]
    pd.testing.assert_series_equal(_first_valid(text, cols), _first_valid_by_series(text, cols))


def test_object_cells_is_the_block_or_the_column():
    text = pd.DataFrame({3: pd.Series(["a", None], dtype=object), 5: [1.5, 2.0],
                         6: pd.Series(["b", None], dtype="str")})
    block = _object_cells(text, 3)
    assert isinstance(block, np.ndarray) and block.tolist() == ["a", None]
    other = _object_cells(text, 5)  # not text cells: the column as pandas gives it
    assert isinstance(other, pd.Series) and other.tolist() == [1.5, 2.0]
    assert isinstance(_object_cells(text, 6), pd.Series)  # pandas' own text dtype
    twice = pd.DataFrame([["a", "b"]], columns=[3, 3], dtype=object)
    assert isinstance(_object_cells(twice, 3), pd.DataFrame)  # a name given twice


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=12), st.integers(0, 6), st.data())
def test_numeric_flags_in_one_block_are_the_frame_of_a_dict(columns, rows, data):
    """The numeric flags of a sheet's columns as one bool block (``_flags_frame``): the
    frame a dict of them made, column for column and dtype for dtype, a column named
    twice once, all False where no flags were read."""
    from kcbudget.read.sources import _flags_frame

    index = pd.RangeIndex(5, 5 + rows)
    flags = {c: np.asarray(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)),
                           dtype=bool) for c in columns if data.draw(st.booleans())}
    want = pd.DataFrame({c: flags.get(c, np.zeros(rows, dtype=bool)) for c in columns},
                        index=index)
    got = _flags_frame(columns, flags, index)
    pd.testing.assert_frame_equal(got, want)
    for c in dict.fromkeys(columns):
        assert got[c].to_numpy().tolist() == want[c].to_numpy().tolist()
