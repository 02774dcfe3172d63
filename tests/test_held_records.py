"""What ``summarize`` holds of a file while it reads the next: large parts' text packed
(:class:`~kcbudget.engine.records._PackedText`) and given back equal; the sums read
the amounts' own values; "accepted of planned" by codes, as the sets of old said."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kcbudget.engine.records as records_module
import kcbudget.engine.summarize as engine
from kcbudget.engine.records import RECORD_COLUMNS, _PackedText, join_records, record_parts
from kcbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
BOOKS = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))

_missing_value = st.sampled_from([None, math.nan, np.nan, pd.NA])
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


def _same(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == object and len(a) == len(b)
    for x, y in zip(a.tolist(), b.tolist()):
        if isinstance(y, str):
            assert type(x) is str and x == y
        else:  # a missing value: the same kind of missing value
            assert type(x) is type(y) and (x is y or (x != x and y != y))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_text, _missing_value), min_size=1, max_size=60),
       st.integers(min_value=1, max_value=200))
def test_packed_text_gives_back_equal_values(values, repeat):
    # few distinct values (codes) and many (UTF-8 bytes and offsets) alike
    array = np.array(values * (repeat if repeat < 50 else 1), dtype=object)
    packed = _PackedText(array, np.asarray(pd.isna(array), dtype=bool))
    _same(packed.array(), array)


def test_both_forms_of_packed_text_are_reached():
    few = np.array(["Kiên Giang", None, "Huế"] * 100, dtype=object)
    many = np.array([f"KC-{i:06d}" for i in range(300)] + [np.nan], dtype=object)
    for array, coded in ((few, True), (many, False)):
        packed = _PackedText(array, np.asarray(pd.isna(array), dtype=bool))
        assert (packed.codes is not None) is coded and (packed.data is not None) is not coded
        _same(packed.array(), array)


def test_text_arrow_cannot_hold_is_kept_as_it_is():
    ids = np.array([f"a\ud800{i}" for i in range(5000)], dtype=object)
    part = records_module._Part(5000, {"project_id": ids,
                                       "province": np.array(["Huế"] * 5000, dtype=object),
                                       "row": np.arange(5000)})
    records_module._pack(part)
    assert isinstance(part.columns["project_id"], np.ndarray)  # (a lone surrogate)
    assert isinstance(part.columns["province"], _PackedText)
    assert isinstance(part.columns["row"], np.ndarray)


def test_packed_parts_join_to_the_records_of_old(monkeypatch):
    monkeypatch.setattr(records_module, "_PACK_ROWS", 0)  # every part packed
    tables = [t for p in BOOKS for t in read_workbook(p).tables]
    for columns in (None, engine.SUMMARY_COLUMNS):
        plain = join_records(record_parts(tables, columns), columns)
        made = record_parts(tables, columns, pack=True)
        assert any(isinstance(v, _PackedText) for p in made.parts for v in p.columns.values())
        pd.testing.assert_frame_equal(join_records(made, columns), plain, check_exact=True)
    assert set(RECORD_COLUMNS) >= set(engine.SUMMARY_COLUMNS)


def test_summaries_of_packed_parts_are_the_summaries_of_old(monkeypatch):
    def summary(pack_rows):
        monkeypatch.setattr(records_module, "_PACK_ROWS", pack_rows)
        return engine.summarize(BOOKS, by="province,year").model_dump_json()
    assert summary(0) == summary(10 ** 9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3),
                          st.one_of(st.none(), st.sampled_from(["A1", "A2", "B1", "1"]),
                                    st.integers(0, 2)),
                          st.sampled_from(["KCQG", "KCDP", None]),
                          st.sampled_from(["plan.xlsx", "actual.xlsx"])),
                min_size=1, max_size=25))
def test_accepted_of_planned_by_codes_is_the_sets_of_old(rows):
    recs = pd.DataFrame({
        "projects_planned": np.array([r[0] for r in rows], dtype=np.int64),
        "projects_accepted": np.array([r[1] for r in rows], dtype=np.int64),
        "project_id": pd.Series([r[2] for r in rows], dtype=object),
        "program": pd.Series([r[3] for r in rows], dtype=object),
        "file": [r[4] for r in rows]})

    def old(recs):  # the sets of tuples this replaced
        rows = recs[["file", "project_id", "program"]]
        planned = rows[(recs["projects_planned"] > 0).to_numpy()]
        accepted = rows[(recs["projects_accepted"] > 0).to_numpy()]
        if not len(planned) or not len(accepted):
            return True
        if set(accepted["file"]) <= set(planned["file"]):
            return True
        if accepted["project_id"].isna().any():
            return False
        keys = set(zip(planned["project_id"].astype(str), planned["program"].astype(str)))
        return set(zip(accepted["project_id"].astype(str),
                       accepted["program"].astype(str))) <= keys

    assert engine._accepted_of_planned(recs) is old(recs)


@pytest.mark.parametrize("book", BOOKS[:6], ids=lambda p: p.name)
def test_sums_read_the_amounts_own_values(book, monkeypatch):
    """The values under a missing amount's mask are never read: the sums of the
    columns' own values are the sums of copies with 0 where missing."""
    from kcbudget.read.table import int_values
    recs = records_module.records(read_workbook(book).tables)
    if not len(recs):
        pytest.skip("no records")
    # poison the values under every mask: a sum that read one would change
    for name in recs.columns:
        array = recs[name].array
        if isinstance(array, pd.arrays.IntegerArray):
            array._data[array._mask] = 7 << 40
    fast = engine.summarize_records(recs, ["province"])
    monkeypatch.setattr(engine, "_values", lambda frame, name: int_values(frame[name]))
    assert fast == engine.summarize_records(recs, ["province"])


def test_accepted_of_planned_tells_codes_with_lone_surrogates_apart():
    recs = pd.DataFrame({"projects_planned": np.array([1, 0], dtype=np.int64),
                         "projects_accepted": np.array([0, 1], dtype=np.int64),
                         "project_id": pd.Series(["a\ud800x", "a\ud800y"], dtype=object),
                         "program": ["KCQG", "KCQG"], "file": ["plan.xlsx", "actual.xlsx"]})
    assert engine._accepted_of_planned(recs) is False
    recs.loc[1, "project_id"] = "a\ud800x"
    assert engine._accepted_of_planned(recs) is True
