"""KC316 (a summary sheet and the file's other sheets give the same figures) looks for
the groups only where a summary row shares its keys with another row: what it finds is
what the groupby over every stage found."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kcbudget
from kcbudget.engine import summarize as engine

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"


@cache
def _records() -> tuple[pd.DataFrame, ...]:
    """The records sheet_overlaps is given when each sample is summarized."""
    seen: list[pd.DataFrame] = []
    original = engine.sheet_overlaps
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "sheet_overlaps",
                      lambda recs, limit=20: seen.append(recs.copy()) or original(recs, limit))
        for book in sorted(SAMPLES.glob("*.xlsx")):
            kcbudget.summarize([book])
    # (a file's records can repeat themselves only with a summary sheet among them)
    return tuple(r for r in seen if len(r) and (r["source"] == "summary").any())


def _of_old(recs: pd.DataFrame, limit: int = 20):
    """sheet_overlaps without the look for shared keys: the groupby of every stage."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_summary_shares_keys", lambda frame, keys: True)
        return engine.sheet_overlaps(recs, limit)


def _key(diags):
    return [(d.code, d.file, d.sheet, sorted(d.params.items(), key=str)) for d in diags]


def test_the_samples_overlaps_are_those_of_old():
    recs = _records()
    assert len(recs) >= 8
    found = 0
    for r in recs:
        assert _key(engine.sheet_overlaps(r)) == _key(_of_old(r))
        found += len(engine.sheet_overlaps(r))
    assert found  # a sample's summary sheet repeats its lists


def test_stages_without_a_shared_key_are_passed_over(monkeypatch):
    """The look for shared keys passes over most stages of the samples (the reason for
    it), and never one that has a finding."""
    asked = []
    original = engine._summary_shares_keys
    monkeypatch.setattr(engine, "_summary_shares_keys",
                        lambda frame, keys: asked.append(original(frame, keys)) or asked[-1])
    for r in _records():
        engine.sheet_overlaps(r)
    assert asked.count(False) > asked.count(True) > 0


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_drawn_sheets_and_sources_give_the_overlaps_of_old(data):
    """Records of a sample with their sheets and sources redrawn (a summary row beside
    another sheet's, two summary sheets, none) and some rows left out."""
    recs = data.draw(st.sampled_from(_records())).copy()
    n = len(recs)
    sheets = data.draw(st.lists(st.sampled_from(["Tổng hợp", "KH", "TH 2021"]),
                                min_size=n, max_size=n))
    sources = data.draw(st.lists(st.sampled_from(["summary", "project"]), min_size=n,
                                 max_size=n))
    kept = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    recs["sheet"] = sheets
    recs["source"] = sources
    recs = recs[kept | (np.arange(n) == 0)]
    limit = data.draw(st.sampled_from([1, 3, 20]))
    assert _key(engine.sheet_overlaps(recs, limit)) == _key(_of_old(recs, limit))


def test_a_missing_source_of_pandas_string_type_is_no_summary():
    """Records whose ``source`` is pandas' ``string`` type with a missing value (found
    by a second reader: the look for shared keys raised where the groupby did not)."""
    recs = _records()[0].copy()
    recs["source"] = recs["source"].astype("string")
    recs.loc[recs.index[-1], "source"] = pd.NA
    assert _key(engine.sheet_overlaps(recs)) == _key(_of_old(recs))
