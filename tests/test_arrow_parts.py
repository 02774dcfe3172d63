"""The row kernels that look at every cell of a sheet turn its text into Arrow a part at
a time (``rowkinds._ARROW_CELLS``), so that a large sheet's text is not held twice:
whatever the part's size, they find what they found over the whole body at once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.read import rowkinds
from kcbudget.read.workbook import read_workbook
from tests.test_large_paths import _CELL, HEADER, _repeated_header_by_cell

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
BOOKS = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL, _CELL), max_size=14),
       st.integers(1, 5))
def test_repeated_header_in_parts_is_its_definition(rows, part):
    frame = pd.DataFrame([list(r) for r in rows], columns=[0, 1, 2, 3, 4], dtype=object) \
        if rows else pd.DataFrame(columns=[0, 1, 2, 3, 4], dtype=object)
    frame.index = range(7, 7 + len(frame))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rowkinds, "_ARROW_CELLS", part)
        mp.setattr(rowkinds, "_FOLD_IN_PYTHON", 0)  # every column by the Arrow kernels
        got = rowkinds.repeated_header(frame, HEADER)
    assert got.tolist() == _repeated_header_by_cell(frame, HEADER).tolist()


_LABEL = st.sampled_from(["Tổng cộng", "TỔNG CỘNG:", "Cộng", " cộng .", "Tổng", "Cộng KCQG",
                          "Hỗ trợ máy móc", "Kiên Giang", "Grand total", "Sub-total", "to",
                          "Tô\u0309ng số", "1", "12.5", None, ""])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_LABEL, _LABEL, _LABEL), min_size=1, max_size=12),
       st.integers(1, 7))
def test_totals_found_in_parts_are_those_found_at_once(rows, part):
    def kinds(cells):
        frame = pd.DataFrame([list(r) for r in rows], columns=[0, 1, 2], dtype=object)
        frame.index = range(5, 5 + len(frame))
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(rowkinds, "_ARROW_CELLS", cells)
            kind, level = rowkinds.classify(frame, frame[1], frame[0], [2])
        return kind.tolist(), level.tolist(), frame.to_numpy().tolist()

    assert kinds(part) == kinds(1 << 18)


@cache
def _read_all(cells: int):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rowkinds, "_ARROW_CELLS", cells)
        mp.setattr(rowkinds, "_FOLD_IN_PYTHON", 0)
        return [read_workbook(book) for book in BOOKS]


@pytest.mark.parametrize("cells", [1, 5])
def test_every_sample_reads_the_same_in_parts(cells):
    for whole, parts in zip(_read_all(1 << 18), _read_all(cells)):
        assert [d.model_dump() for d in parts.diagnostics] == \
            [d.model_dump() for d in whole.diagnostics]
        assert len(parts.tables) == len(whole.tables)
        for a, b in zip(whole.tables, parts.tables):
            assert a.kind.tolist() == b.kind.tolist() and a.level.tolist() == b.level.tolist()
            pd.testing.assert_frame_equal(a.frame, b.frame)
            pd.testing.assert_frame_equal(a.raw, b.raw)


def _maybe_totals_of_old(body, positions):
    """As it was: every cell of the columns in one Arrow array, column after column."""
    cells = rowkinds.to_arrow_strings(body[:, positions].ravel(order="F"))
    maybe = np.flatnonzero(rowkinds._may_be_total(cells))
    return maybe, cells.take(rowkinds.pa.array(maybe))


_ANY = st.one_of(_LABEL, st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_ANY, min_size=4, max_size=4), max_size=12),
       st.lists(st.integers(0, 3), unique=True), st.integers(1, 9))
def test_cells_that_may_be_totals_are_those_found_at_once(rows, positions, part):
    body = np.array(rows, dtype=object).reshape(len(rows), 4)
    expected, expected_text = _maybe_totals_of_old(body, positions)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rowkinds, "_ARROW_CELLS", part)
        got, text = rowkinds.total_cells([(body, positions)])[0]
    assert got.tolist() == expected.tolist()
    assert text == _folded(expected_text)


def _folded(cells):
    """The fold the total test makes of the cells found (NFC, lower case, trimmed)."""
    pc = rowkinds.pc
    return pc.utf8_trim_whitespace(pc.utf8_lower(pc.utf8_normalize(
        cells, form="NFC"))).to_pylist() if len(cells) else []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.lists(st.lists(_ANY, min_size=4, max_size=4), max_size=8),
                          st.lists(st.integers(0, 3), unique=True)), min_size=1, max_size=5),
       st.integers(1, 9))
def test_cells_that_may_be_totals_of_many_bodies_are_each_ones_own(bodies, part):
    """The bodies of a batch's sheets asked about together (one regex call per part of
    all their cells): each body's places and folded texts are those it gets alone."""
    asked = [(np.array(rows, dtype=object).reshape(len(rows), 4), positions)
             for rows, positions in bodies]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rowkinds, "_ARROW_CELLS", part)
        together = rowkinds.total_cells(asked)
        alone = [rowkinds.total_cells([one])[0] for one in asked]
    assert len(together) == len(asked)
    for (got, text), (want, want_text) in zip(together, alone, strict=True):
        assert got.tolist() == want.tolist() and text == want_text


@pytest.mark.parametrize("cells, calls", [(1 << 18, 1), (7, 3)])
def test_a_small_sheet_runs_the_total_regex_once(cells, calls):
    """The label cells are cut into parts of ``_ARROW_CELLS`` over all the label
    columns together, not column by column: pyarrow compiles the regex at each call,
    and a region's small sheets would pay for it once per label column."""
    body = np.array([["Tổng cộng", "a", "b"], ["x", "Cộng", None], ["1", "2", "3"],
                     ["Hỗ trợ", None, "c"], ["y", "z", "Tổng"], [None, None, None],
                     ["u", "v", "w"]], dtype=object)
    seen = []
    original = rowkinds._may_be_total

    def counted(part):
        seen.append(len(part))
        return original(part)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rowkinds, "_ARROW_CELLS", cells)
        mp.setattr(rowkinds, "_may_be_total", counted)
        got, text = rowkinds.total_cells([(body, [0, 1, 2])])[0]
    assert len(seen) == calls and sum(seen) == body.size
    assert text == ["tổng cộng", "cộng", "tổng"]
    assert got.tolist() == [0, 8, 18]


def test_a_body_of_other_objects_reads_as_alone_among_others():
    """Each body's cells are made Arrow text as they would be alone: a body whose cells
    Arrow takes as they are (``b"Tong"``) is not read through ``str`` because another
    body of the batch holds a number."""
    texts = np.array([[b"Tong"], ["x"]], dtype=object)
    numbers = np.array([[1], ["Tổng cộng"]], dtype=object)
    alone = [rowkinds.total_cells([(texts, [0])])[0], rowkinds.total_cells([(numbers, [0])])[0]]
    together = rowkinds.total_cells([(texts, [0]), (numbers, [0])])
    for (got, text), (want, want_text) in zip(together, alone, strict=True):
        assert got.tolist() == want.tolist() and text == want_text
    assert together[1][1] == ["tổng cộng"]
