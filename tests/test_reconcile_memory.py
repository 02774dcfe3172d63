"""What a side of ``reconcile`` holds while the other side is read: the records of the
columns it reads only (the same rows and values as the whole records), file and sheet
as categories, the id keys in Arrow, references made only where reported, and nothing
of the tables as read once the records exist."""

from __future__ import annotations

import functools
import gc
import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kcbudget.checks.rows import normalize_ids
from kcbudget.engine import reconcile as engine
from kcbudget.engine.records import COUNTS, RECORD_COLUMNS, records
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import read_workbook
from tests.conftest import write_book
from tests.test_reconcile import ACTUAL, PLAN

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
BOOKS = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))
SUBSETS = [
    ["row", "source", "province", "year", "program", "status", "project_id", "project_name",
     "planned"],
    ["row", "source", "province", "year", "program", "project_id", "project_name",
     "executed"],
    ["file", "sheet", "months", "period"],
    ["category", "category_group", "region", "beneficiaries", "support"],
    COUNTS,
    ["accepted"],
]


def _tables(path: Path, phase: str | None):
    return read_workbook(path, ReadOptions(phase=phase)).tables


@functools.cache
def distinct_phases(path: Path) -> tuple[tuple[str | None, list], ...]:
    """``(phase, tables)`` of the file as its title says, as a plan and as an actual,
    leaving out a phase whose tables are, pickled byte for byte, those of a phase
    already given (a file whose title says neither reads alike all three ways): the
    records are made of the tables alone, so the same tables give the same records
    and are checked once.  At least one phase of every file.  Read once per session
    (this module and test_records_columns.py ask for the same samples); nothing
    changes tables that records are made of."""
    import pickle

    seen: set[bytes] = set()
    found = []
    for phase in (None, "planned", "executed"):
        tables = _tables(path, phase)
        key = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
        if key not in seen:
            seen.add(key)
            found.append((phase, tables))
    return tuple(found)


@functools.cache
def sample_records(path: Path, phase: str | None, columns: tuple[str, ...] | None
                   ) -> pd.DataFrame:
    """``records`` of a sample's tables of ``distinct_phases`` (all columns, or
    ``columns``), made once per session: this module holds them to the whole records'
    columns, test_records_columns.py to the records made in frames.  Callers only read
    the frame."""
    tables = dict(distinct_phases(path))[phase]
    return records(tables, None if columns is None else list(columns))


@pytest.mark.parametrize("path", BOOKS, ids=[p.name for p in BOOKS])
def test_records_of_some_columns_are_those_columns_of_the_whole_records(path):
    """Every sample, as plan, actual and as its title says: the columns asked for are
    made with the same rows, values and dtypes as the whole records' columns."""
    for phase, _tables in distinct_phases(path):
        whole = sample_records(path, phase, None)
        assert list(whole.columns) == RECORD_COLUMNS
        for columns in SUBSETS:
            some = sample_records(path, phase, tuple(columns))
            assert list(some.columns) == [c for c in RECORD_COLUMNS if c in columns]
            pd.testing.assert_frame_equal(some, whole[list(some.columns)], check_exact=True)


SLICES = [["DANH SÁCH ĐỀ ÁN KHUYẾN CÔNG TỈNH NGHỆ AN"], ["Đơn vị tính: triệu đồng"],
          ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí thực hiện năm 2022",
           "Kinh phí thực hiện năm 2023"],
          [1, "NA-01", "Máy chế biến gỗ", "KCĐP", 100, 50],
          [2, "NA-02", "Lò sấy chè", "KCQG", None, 80],
          [3, "NA-03", "Đào tạo nghề", "KCĐP", 60, None]]
SPLIT = [["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024 TỈNH NGHỆ AN"], ["Đơn vị tính: triệu đồng"],
         ["STT", "Mã đề án", "Tên đề án", "Tổng kinh phí", "Kinh phí KCQG", "Kinh phí KCĐP",
          "Vốn đối ứng"],
         [1, "NA-11", "Máy chế biến gỗ", 500, 100, 50, 350],
         [2, "NA-12", "Lò sấy chè", 200, None, 80, 120],
         [3, "NA-13", "Đào tạo nghề", 90, None, None, None]]


@pytest.mark.parametrize("rows", [SLICES, SPLIT], ids=["two-years", "both-programs"])
def test_records_of_some_columns_where_the_records_are_made_whole_first(tmp_path, rows):
    """A đề án list of two years' columns (a đề án counts in its first year) and one of
    both programs' columns (a shared part of no program): the paths that make every
    column and drop the others at the end."""
    tables = _tables(write_book(tmp_path / "ds.xlsx", {"DS": rows}), None)
    whole = records(tables)
    assert len(whole) == 6
    if rows is SLICES:
        assert whole["year"].tolist() == [2022] * 3 + [2023] * 3
        assert whole["projects_executed"].tolist() == [1, 0, 1, 0, 1, 0]
    else:
        assert "project-shared" in set(whole["source"])
    for columns in SUBSETS:
        some = records(tables, columns)
        pd.testing.assert_frame_equal(some, whole[list(some.columns)], check_exact=True)


def test_records_refuse_a_column_they_do_not_have():
    with pytest.raises(ValueError, match="ref"):
        records([], ["row", "ref"])
    assert list(records([], ["planned", "row"]).columns) == ["row", "planned"]


def _book(tmp_path: Path) -> tuple[Path, Path]:
    """A plan of two project sheets (one name with a quote and diacritics) and an
    actual with a repeated id."""
    second = [PLAN[3], [1, "HB-07", "Lò sấy chè", "KCĐP", 120],
              [2, "HB-08", "Máy sấy nông sản", "KCQG", 90]]
    plan = write_book(tmp_path / "ke-hoach.xlsx", {"KH 2023": PLAN, "Bổ sung 'đợt 2'": second})
    actual = write_book(tmp_path / "thuc-hien.xlsx",
                        {"TH": [*ACTUAL, ["Máy chế biến cá", "KCĐP", 1_000_000, "HB-01",
                                          "Đang thực hiện"]]})
    return plan, actual


def _old_side(path: Path, phase: str) -> pd.DataFrame:
    """The side as reconcile held it before: the whole records, filtered, with every
    row's reference as text."""
    tables = [t for t in _tables(path, phase) if t.shape == "project"]
    recs = records(tables)
    recs = recs[recs["source"] != "project-shared"].reset_index(drop=True)
    recs["ref"] = "'" + recs["sheet"].astype(str) + "'!" + recs["row"].astype(str)
    return recs


@pytest.mark.parametrize("side", ["plan", "actual"])
def test_a_side_holds_only_what_reconcile_reads(tmp_path, side):
    plan, actual = _book(tmp_path)
    path, phase = (plan, "planned") if side == "plan" else (actual, "executed")
    recs, _diags, _name, _titles = engine._side_records(path, phase, ReadOptions(), side)
    amount = "planned" if side == "plan" else "executed"
    held = ["file", "sheet", "row", "province", "year", "program",
            *(["status"] if side == "actual" else []), "project_id", "project_name",
            "amount", "key"]
    assert list(recs.columns) == held
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    assert recs["key"].dtype == text
    old = _old_side(path, phase)
    for name in ("file", "sheet", "province", "program"):
        # repeated text is held as categories (an object column, mixed with None, as is)
        if name in ("file", "sheet") or old[name].dtype == text:
            assert isinstance(recs[name].dtype, pd.CategoricalDtype), name
        else:
            assert recs[name].dtype == old[name].dtype, name

    assert len(recs) == len(old) and len(recs)
    for name in ("file", "sheet", "province", "program"):
        assert recs[name].astype(object).tolist() == old[name].astype(object).tolist()
    for name in ("row", "year", "project_id", "project_name",
                 *(["status"] if side == "actual" else [])):
        pd.testing.assert_series_equal(recs[name], old[name], check_exact=True)
    assert recs["amount"].tolist() == old[amount].fillna(0).astype("int64").tolist()
    # the keys are the ids as normalize_ids makes them, missing where it gives None
    want = normalize_ids(old["project_id"])
    assert recs["key"].isna().tolist() == want.isna().tolist()
    assert recs["key"].dropna().tolist() == want.dropna().tolist()
    # a reference made for any rows, in any order, is the one once held for every row
    every = np.arange(len(recs))
    assert engine._refs(recs, every).to_pylist() == old["ref"].tolist()
    some = every[::-2]
    assert engine._refs(recs, some).to_pylist() == old["ref"].iloc[some].tolist()
    if side == "plan":
        assert {"'Bổ sung 'đợt 2''!2", "'KH 2023'!6"} <= set(old["ref"])


def test_a_side_keeps_nothing_of_its_tables(tmp_path, monkeypatch):
    """Once a side's records exist, its tables (frames, cells as read) can go: nothing
    the side returns refers to them."""
    plan, _ = _book(tmp_path)
    seen: list[weakref.ref] = []
    read = engine.read_workbook

    def watched(*args, **kwargs):
        book = read(*args, **kwargs)
        for table in book.tables:
            seen.extend([weakref.ref(table), weakref.ref(table.frame)])
        return book

    monkeypatch.setattr(engine, "read_workbook", watched)
    side = engine._side_records(plan, "planned", ReadOptions(), "plan")
    gc.collect()
    assert seen and all(ref() is None for ref in seen)
    assert len(side[0]) == 8


def test_duplicate_ids_and_outcomes_name_their_rows_as_before(tmp_path):
    """KC401 lists the references of the repeated rows, and every outcome names its
    rows, from the records' sheet and row."""
    plan, actual = _book(tmp_path)
    result = engine.reconcile(plan, actual)
    dup = [d for d in result.diagnostics if d.code == "KC401"]
    assert [d.params["rows"] for d in dup] == ["'TH'!4, 'TH'!10"]
    table = result.table
    refs = dict(zip(table["project_id"] + " " + table["outcome"],
                    zip(table["plan_row"].fillna("-"), table["actual_row"].fillna("-"))))
    assert refs["HB-07 not_executed"] == ("'Bổ sung 'đợt 2''!2", "-")
    assert refs["HB-99 unplanned"] == ("-", "'TH'!9")
    assert refs["HB-01 matched"] == ("'KH 2023'!6", "'TH'!4")
    assert refs["HB-01 unplanned"] == ("-", "'TH'!10")
    old = {side: _old_side(path, phase)["ref"].tolist()
           for side, path, phase in (("plan", plan, "planned"), ("actual", actual, "executed"))}
    assert sorted(table["plan_row"].dropna()) == sorted(old["plan"])
    assert sorted(table["actual_row"].dropna()) == sorted(old["actual"])
