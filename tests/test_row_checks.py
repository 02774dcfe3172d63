"""The row checks' grouping, against pandas' own over the same keys (an oracle)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.checks.rows import _check_duplicate_ids, _group_positions, normalize_ids

IDS = ["BDI-2022-001", "bdi - 2022 / 001", "BDI-2022-002", "-", "", None, "x_1", "X.1", "Đ-1"]


def _oracle(ids: list, years: list | None, data: np.ndarray) -> list[tuple[int, int]]:
    """(row, its first row) of each repeated (id, year), as DataFrame.duplicated says."""
    frame = pd.DataFrame({"id": ids, "year": pd.array(years, dtype="Int64")
                          if years is not None else 0})
    present = frame["id"].notna().to_numpy() & data
    sub = frame[present].assign(id=lambda f: normalize_ids(f["id"]).fillna(""))
    dup = sub.duplicated(keep="first")
    keys = dict(zip(sub.index, zip(sub["id"], sub["year"].astype(str))))
    first: dict = {}
    for row, key in keys.items():
        first.setdefault(key, row)
    return [(row, first[keys[row]]) for row in sub.index[dup.to_numpy()]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from([2022, 2023, None]),
                          st.booleans()), max_size=30), st.booleans())
def test_repeated_ids_are_found_as_pandas_finds_them(rows, with_years):
    ids = [r[0] for r in rows]
    years = [r[1] for r in rows] if with_years else None
    data = np.asarray([r[2] for r in rows], dtype=bool)
    columns = {"project_id": pd.Series(ids, dtype=object)}
    if years is not None:
        columns["year"] = pd.Series(pd.array(years, dtype="Int64"))
    table = SimpleNamespace(frame=pd.DataFrame(columns), year=2024)
    found = []
    _check_duplicate_ids(table, lambda code, row, col, **kw: found.append(
        (row, kw["other_row"], kw["year"])), data)
    want = _oracle(ids, years, data)
    assert [(r, o) for r, o, _ in found] == want
    for row, _, year in found:
        expected = years[row] if years is not None else 2024
        assert year == (expected if expected is not None else "—")
        assert type(row) is int


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["KCQG", "KCDP"]),
                          st.sampled_from([2022, 2023])), max_size=200))
def test_groups_are_pandas_groups(rows):
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=["a", "p", "y"]).astype({"y": "Int64"})
    got = _group_positions(frame["a"], frame["p"], frame["y"])
    want = frame.groupby(["a", "p", "y"]).indices
    assert sorted(got) == sorted(want)
    for key, at in want.items():
        assert got[key].tolist() == list(at)


REGIONS = ["Phía Bắc", "Phía Nam", "Miền Trung - Tây Nguyên", "miền trung – tây nguyên",
           "Tây Bắc", None, float("nan")]
PROVINCES = ["Kiên Giang", "Yên Bái", "Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Gia Lai",
             "Không rõ", None, float("nan")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(REGIONS), st.sampled_from(PROVINCES),
                          st.booleans()), max_size=40))
def test_region_against_province_as_row_by_row(rows):
    """KC308 (a region that is not the province's), each distinct pair judged once, is
    what judging row by row gives: the same rows, values and expected regions."""
    from kcbudget import reference as ref
    from kcbudget.checks.rows import _check_vocabulary

    index = range(7, 7 + len(rows))
    frame = pd.DataFrame({"region": pd.Series([r[0] for r in rows], index=index, dtype=object),
                          "province": pd.Series([r[1] for r in rows], index=index,
                                                dtype=object)})
    data = np.asarray([r[2] for r in rows], dtype=bool)
    found = []
    _check_vocabulary(SimpleNamespace(frame=frame), lambda code, row, col, **kw: found.append(
        (row, kw["value"], kw["province"], kw["expected"])) if code == "KC308" else None,
        data)
    want = []
    for at, (region_text, province_text, is_data) in enumerate(rows):
        if not is_data or region_text is None or province_text is None:
            continue
        region, province = ref.match_region(str(region_text)), \
            ref.match_province(str(province_text))
        if region and province and province.region != region:
            want.append((7 + at, region_text, province.name, province.region))
    assert found == want
    assert all(type(row) is int for row, *_ in found)
