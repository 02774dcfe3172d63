"""Records made as columns and joined once (``engine/records.py``): the same frame, to
the dtype of each column and the kind of each missing value (``None``, ``NaN``,
``<NA>``), as the records made the old way, a frame per table, slice and program
joined by ``pd.concat``; every table's lookups made at once, as each table's alone."""

from __future__ import annotations

import dataclasses
import functools
import random
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.engine import records as engine
from kcbudget.engine.records import AMOUNTS, COUNTS, RECORD_COLUMNS, records
from kcbudget.read.layout import RowKind
from kcbudget.read.table import frame_of
from kcbudget.read.workbook import read_workbook
from tests.conftest import write_book
from tests.test_reconcile_memory import SLICES, SPLIT, SUBSETS, distinct_phases, sample_records

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_data").glob("*.xlsx")) + sorted(
    (ROOT / "sample_data").glob("*.csv"))


def _said(frame: pd.DataFrame) -> tuple:
    """A frame as it is: its columns, each column's dtype, and each value's repr (so
    that None, NaN and <NA> are told apart, and 1 from 1.0)."""
    return (list(frame.columns), [str(d) for d in frame.dtypes], len(frame),
            type(frame.index).__name__,
            {c: [repr(v) for v in frame[c].tolist()] for c in frame.columns})


def _in_frames(monkeypatch, tables, columns=None) -> pd.DataFrame:
    with monkeypatch.context() as m:
        m.setattr(engine, "_AS_COLUMNS", False)
        return records(tables, columns)


@pytest.fixture(scope="module")
def submissions(tmp_path_factory) -> list[Path]:
    """Four of the benchmarks' submissions (40 đề án of one province each)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate_submissions
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate_submissions(4, 40, tmp_path_factory.mktemp("bench"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_records_as_columns_are_the_records_made_in_frames(monkeypatch, path):
    """Every sample, as its title says, as a plan and as an actual: the records, and
    those of the columns reconcile and the subsets ask for."""
    for phase, tables in distinct_phases(path):
        assert _said(sample_records(path, phase, None)) == _said(_in_frames(monkeypatch, tables))
        for columns in SUBSETS:
            assert _said(sample_records(path, phase, tuple(columns))) == \
                _said(_in_frames(monkeypatch, tables, columns))


def test_records_of_the_benchmarks_submissions_as_columns(monkeypatch, submissions):
    tables = [t for p in submissions for t in read_workbook(p).tables]
    made = records(tables)
    assert len(made) == 160 and made["province"].nunique() == 4
    assert _said(made) == _said(_in_frames(monkeypatch, tables))


def test_records_of_tables_together_are_each_tables_records_joined(monkeypatch, tmp_path,
                                                                    submissions):
    """Every sample's tables and the submissions read together: one call's records
    (each distinct text looked up once for all of them) are each table's own records
    joined, in the order of the tables."""
    books = [*SAMPLES, *submissions, write_book(tmp_path / "ds.xlsx", {"DS": SLICES}),
             write_book(tmp_path / "split.xlsx", {"KH": SPLIT})]
    # a sample as its title says is distinct_phases' first reading (phase None)
    tables = [t for p in books for t in (distinct_phases(p)[0][1] if p in SAMPLES
                                         else read_workbook(p).tables)]
    random.Random(16).shuffle(tables)
    alone = [records([t]) for t in tables]
    joined = pd.concat([r for r in alone if len(r)], ignore_index=True)
    together = records(tables)
    assert len(together) == sum(len(r) for r in alone) > 300
    assert _said(together) == _said(joined)
    assert _said(together) == _said(_in_frames(monkeypatch, tables))


# --- one column of several parts, joined as pandas joined the frames of old -----------

TEXT = st.sampled_from(["Hà Nội", "KCQG", "2021-2025", "", "Huế"])
MISSING = st.sampled_from([None, np.nan])


@st.composite
def _part_column(draw, n: int, numeric: bool):
    """One part's column as the record code hands it to its frame: an object array of
    text and missing values, a string for every row, numbers, or a typed array."""
    if numeric:
        kind = draw(st.sampled_from(["int", "float", "int-scalar", "Int64"]))
        values = draw(st.lists(st.integers(-5, 10**12), min_size=n, max_size=n))
        if kind == "int":
            return np.array(values, dtype=np.int64)
        if kind == "int-scalar":
            return values[0] if n else 0
        gaps = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        if kind == "float":
            return np.array([np.nan if g else float(v) for v, g in zip(values, gaps)])
        return pd.array([None if g else v for v, g in zip(values, gaps)], dtype="Int64")
    kind = draw(st.sampled_from(["objects", "objects", "string", "none"]))
    if kind == "string":
        return draw(TEXT)
    if kind == "none":
        return None
    cells = draw(st.lists(st.one_of(TEXT, MISSING, st.integers(0, 3)), min_size=n,
                          max_size=n))
    array = np.empty(n, dtype=object)
    array[:] = cells
    return array


def _as_part(value):
    if isinstance(value, pd.arrays.IntegerArray):
        values = np.asarray(value.to_numpy(dtype=np.int64, na_value=0))
        return engine._Ints(values, np.asarray(value.isna(), dtype=bool))
    return value


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_column_joined_as_pandas_joined_the_frames(data):
    """Random parts of text, numbers and whole numbers that may be missing: each record
    column joined is what ``frame_of`` and ``pd.concat`` made of the same parts (and
    what :func:`records` cast the amounts and counts to)."""
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    names = {"region": False, "category_group": True, "planned": True,
             "projects_planned": True}
    old, new = [], []
    for n in sizes:
        columns = {}
        for name, numeric in names.items():
            if name == "projects_planned":  # a count is never missing
                counts = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
                columns[name] = data.draw(st.sampled_from(
                    [np.array(counts, dtype=np.int64), counts[0]]))
            else:
                columns[name] = data.draw(_part_column(n, numeric))
        old.append(frame_of(dict(columns), pd.RangeIndex(n)))
        new.append(engine._Part(n, {k: _as_part(v) for k, v in columns.items()}))
    want = pd.concat(old, ignore_index=True)
    want["planned"] = want["planned"].astype("Int64")
    want["projects_planned"] = want["projects_planned"].astype("int64")
    joined = {name: engine._joined(name, new) for name in names}
    got = pd.DataFrame({name: pd.Series(a, dtype=a.dtype, copy=False)
                        for name, a in joined.items()})
    assert _said(got) == _said(want)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXT, MISSING, st.just(pd.NA), st.integers(0, 3),
                          st.floats(allow_nan=False, width=32)), max_size=6))
def test_text_is_inferred_as_pandas_infers_it(cells):
    array = np.empty(len(cells), dtype=object)
    array[:] = cells
    inferred = pd.DataFrame({"a": array})["a"].dtype
    assert engine._infers_text(array) == (inferred == engine._TEXT
                                          and inferred != np.dtype(object))


def test_the_joined_frame_has_the_record_columns_and_types(submissions):
    made = records([t for p in submissions for t in read_workbook(p).tables])
    assert list(made.columns) == RECORD_COLUMNS
    assert isinstance(made.index, pd.RangeIndex)
    for name in [*AMOUNTS, "beneficiaries", "months", "year"]:
        assert str(made[name].dtype) == "Int64", name
    for name in COUNTS:
        assert made[name].dtype == np.int64, name
    # money is whole đồng, never a float
    assert int(made["planned"].sum()) == sum(int(v) for v in made["planned"].dropna())


# --- a summary sheet's records as columns, over sheets the samples do not hold --------

_FIGURE_KEYS = [*engine.STAGES, "support", "amount", "total_cost", "counterpart",
                "other_funds", "projects", "beneficiaries"]
_PROGRAMS = [None, "ALL", "KCQG", "KCDP"]


@functools.cache
def _summary_tables() -> tuple:
    """The samples' summary tables (as their titles say, as plans and as actuals)."""
    return tuple(t for p in SAMPLES for _, tables in distinct_phases(p) for t in tables
                 if t.shape != "project")


@st.composite
def _summary_variant(draw):
    """A sample's summary table with its figure columns given other measures, programs,
    phases and slices, other figures (missing, 0, negative, large), some of its detail
    rows made totals, and another title (phase, year, months, program) and sections:
    the space ``_summary_records`` decides over."""
    table = draw(st.sampled_from(_summary_tables()))
    frame = table.frame.copy()
    n = len(frame)
    figure = st.one_of(st.none(), st.none(), st.just(0), st.integers(-10**6, 10**12))
    columns = []
    for c in table.columns:
        if c.is_figure and not c.is_percent and c.id in frame and draw(st.booleans()):
            c = dataclasses.replace(
                c, key=draw(st.sampled_from(_FIGURE_KEYS)),
                program=draw(st.sampled_from([c.program, c.program, *_PROGRAMS])),
                phase=draw(st.sampled_from([None, *engine.STAGES])),
                year=draw(st.sampled_from([c.year, None, 2022])),
                months=draw(st.sampled_from([c.months, None, 7])))
            if draw(st.booleans()):
                frame[c.id] = pd.array(draw(st.lists(figure, min_size=n, max_size=n)),
                                       dtype="Int64")
        columns.append(c)
    if "program" in frame and draw(st.booleans()):
        cells = st.sampled_from(["KCQG", "KCĐP", "Khuyến công quốc gia", "", "x", None])
        frame["program"] = pd.Series(draw(st.lists(cells, min_size=n, max_size=n)),
                                     index=frame.index, dtype=object)
    kinds = table.kind.to_numpy().copy()
    for i in draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=3)) if n else []:
        kinds[i] = RowKind.total
    section = draw(st.sampled_from([table.section_program, None, "drawn"]))
    if isinstance(section, str):
        section = pd.Series(draw(st.lists(st.sampled_from([None, "KCQG", "KCDP"]),
                                          min_size=n, max_size=n)),
                            index=frame.index, dtype=object)
    return dataclasses.replace(
        table, frame=frame, columns=columns, kind=pd.Series(kinds, index=table.kind.index),
        section_program=section,
        phase=draw(st.sampled_from([table.phase, None, *engine.STAGES])),
        year=draw(st.sampled_from([table.year, None, 2021])),
        months=draw(st.sampled_from([table.months, None, 9])),
        program=draw(st.sampled_from([table.program, None, "KCQG", "KCDP"])))


@settings(max_examples=100, deadline=None)
@given(st.lists(_summary_variant(), min_size=1, max_size=3),
       st.sampled_from([None, *SUBSETS]))
def test_summary_records_as_columns_are_those_made_in_frames(tables, columns):
    """Summary sheets of every shape the records tell apart: made as columns, the same
    records, to each value's type, as ``_summary_records`` made in frames (or the same
    error)."""
    def made(as_columns: bool):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(engine, "_AS_COLUMNS", as_columns)
            try:
                return _said(records(tables, columns))
            except Exception as error:  # (the same error both ways)
                return type(error).__name__
    assert made(True) == made(False)


@pytest.mark.parametrize("title", [{"section_program": None, "program": None},
                                   {"section_program": None, "phase": "planned"}],
                         ids=["no-section-no-program", "no-section-a-plan"])
def test_summary_records_of_every_sample_sheet_under_another_title(title):
    """Every summary table of the samples with no sections (and no program in the
    title, or a plan's title): made as columns, the records made in frames."""
    tables = [dataclasses.replace(t, **title) for t in _summary_tables()]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(engine, "_AS_COLUMNS", False)
        old = [_said(records([t])) for t in tables]
    assert [_said(records([t])) for t in tables] == old
