"""The finishing of many sheets' tables at once: the đề án and beneficiaries a row
stands for (``multiplicities``) of many sheets are each sheet's own, and a table read
with a batch is the table read alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.read.rowkinds import multiplicities, multiplicity
from kcbudget.read.workbook import read_workbook, read_workbooks

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"

NAMES = ["03 đề án hỗ trợ máy móc (7 cơ sở)", "Đề án (2 doanh nghiệp)", "1 nhiệm vụ", "(x)",
         "02 dự án", "Nhiệm vụ 0 đề án", None, float("nan"), "", "5 đề án/năm", 12, True]
BENEFICIARIES = ["02 cơ sở cơ khí (…)", "Hợp tác xã", "3 hộ", None, "", 1]

part = st.tuples(st.lists(st.sampled_from(NAMES), max_size=8),
                 st.one_of(st.none(), st.lists(st.sampled_from(BENEFICIARIES), min_size=8,
                                               max_size=8)),
                 st.integers(0, 30))


def _series(values, start):
    return pd.Series(values, index=range(start, start + len(values)), dtype=object)


@settings(max_examples=150, deadline=None)
@given(st.lists(part, max_size=5))
def test_multiplicities_are_each_alone(parts):
    items = []
    for names, beneficiary, start in parts:
        series = _series(names, start)
        items.append((series, None if beneficiary is None
                      else _series(beneficiary[:len(names)], start)))
    together = multiplicities(items)
    assert len(together) == len(items)
    for (count, beneficiaries), (names, beneficiary) in zip(together, items):
        want_count, want_beneficiaries = multiplicity(names, beneficiary)
        pd.testing.assert_series_equal(count, want_count)
        pd.testing.assert_series_equal(beneficiaries, want_beneficiaries)


def test_counts_are_read_from_the_text():
    (count, beneficiaries), = multiplicities([(_series(NAMES[:3], 1), None)])
    assert count.tolist() == [3, 1, 1]
    assert beneficiaries.tolist()[:2] == [7, 2]
    assert pd.isna(beneficiaries.iloc[2])


def _frames(book):
    return [(t.sheet, t.frame, t.projects_per_row, t.beneficiaries_per_row, t.kind)
            for t in book.tables]


def test_every_sample_read_in_one_batch_is_read_alone():
    paths = sorted(SAMPLES.glob("*.xlsx"))
    together = dict(read_workbooks(paths))
    for path in paths:
        alone, batch = read_workbook(path), together[path]
        assert not isinstance(batch, Exception)
        assert len(alone.tables) == len(batch.tables)
        for a, b in zip(_frames(alone), _frames(batch)):
            assert a[0] == b[0]
            for x, y in zip(a[1:], b[1:]):
                if isinstance(x, pd.DataFrame):
                    pd.testing.assert_frame_equal(x, y)
                else:
                    pd.testing.assert_series_equal(x, y)
        assert [d.model_dump() for d in alone.diagnostics] == [
            d.model_dump() for d in batch.diagnostics]
    assert any(np.any(t.projects_per_row.to_numpy() > 1) for b in together.values()
               for t in b.tables)
