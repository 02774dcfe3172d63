"""The row checks of many tables at once (``check_rows_of``, ``check_tables``): each
table's diagnostics are what checking it alone finds, in the same order and words,
whatever the other tables hold (repeated ids, unknown words, caps, values of other
types than text)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.checks.rows import check_rows, check_rows_of
from kcbudget.checks.validate import check_table, check_tables, validate
from kcbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"

HEADER = ["STT", "Mã đề án", "Tên đề án", "Tỉnh/Thành phố", "Nội dung", "Nguồn kinh phí",
          "Năm", "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng"]
IDS = ["BDI-2022-001", "bdi - 2022 / 001", "BDI-2022-002", "X.1", "x_1", "", "Đ-1"]
PROVINCES = ["Bình Định", "Kiên Giang", "Ha Noi", "Tỉnh Xyz", "Huế", "Yên Bái", ""]
ACTIVITIES = ["Ứng dụng máy móc thiết bị tiên tiến", "Xây dựng mô hình trình diễn",
              "Chuyển giao công nghệ", "Đào tạo nghề", "Nội dung lạ", ""]
PROGRAMS = ["KCQG", "KCĐP", "kcqg", "KCXX", ""]
YEARS = ["2022", "2023", "", "1999"]
REGIONS = ["Phía Bắc", "Phía Nam", "Miền Trung - Tây Nguyên", "Tây Bắc", ""]
AMOUNTS = ["946,7", "270,5", "-5", "5.000", "1.500", "3000", "", "abc"]

row = st.tuples(st.sampled_from(IDS), st.sampled_from(PROVINCES), st.sampled_from(ACTIVITIES),
                st.sampled_from(PROGRAMS), st.sampled_from(YEARS), st.sampled_from(AMOUNTS),
                st.sampled_from(AMOUNTS), st.sampled_from(AMOUNTS), st.sampled_from(REGIONS),
                st.sampled_from(["1", "2", "0", ""]))
sheet = st.tuples(st.lists(row, min_size=1, max_size=12), st.booleans(), st.booleans())


def _csv(path: Path, rows: list[tuple], region: bool, beneficiaries: bool) -> None:
    header = HEADER + (["Vùng"] if region else []) + (
        ["Số cơ sở thụ hưởng"] if beneficiaries else [])
    lines = ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022", "Đơn vị tính: triệu đồng", ";".join(header)]
    for n, (pid, province, activity, program, year, total, support, counterpart, reg,
            count) in enumerate(rows, 1):
        cells = [str(n), pid, f"Đề án {n}", province, activity, program, year, total, support,
                 counterpart] + ([reg] if region else []) + ([count] if beneficiaries else [])
        lines.append(";".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _dumped(found: list) -> list[dict]:
    return [d.model_dump() for d in found]


def _tables(paths: list[Path]) -> list:
    return [t for p in paths for t in read_workbook(p).tables]


@settings(max_examples=40, deadline=None)
@given(st.lists(sheet, min_size=1, max_size=4))
def test_tables_checked_together_find_what_each_finds_alone(sheets):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, (rows, region, beneficiaries) in enumerate(sheets):
            path = Path(folder) / f"ke-hoach-{i}.csv"
            _csv(path, rows, region, beneficiaries)
            paths.append(path)
        tables = _tables(paths)
        together = check_rows_of(tables)
        assert [_dumped(d) for d in together] == [_dumped(check_rows(t)) for t in tables]
        assert [_dumped(d) for d in check_tables(tables)] == [
            _dumped(check_table(t)) for t in tables]


def test_every_sample_checked_together_as_alone():
    paths = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))
    tables = _tables(paths)
    assert len(tables) > 20
    together = check_tables(tables)
    alone = [check_table(t) for t in tables]
    assert [_dumped(d) for d in together] == [_dumped(d) for d in alone]
    assert sum(map(len, alone)) > 10  # (the samples do hold findings)


def test_an_id_repeated_in_another_file_is_no_repeat(tmp_path):
    rows = [("A-1", "Bình Định", ACTIVITIES[0], "KCQG", "2022", "100", "10", "90", "", ""),
            ("A-1", "Bình Định", ACTIVITIES[0], "KCQG", "2022", "100", "10", "90", "", ""),
            ("A-2", "Bình Định", ACTIVITIES[0], "KCQG", "2022", "100", "10", "90", "", "")]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    _csv(first, rows, False, False)
    _csv(second, rows[1:], False, False)  # again, once each
    found = check_rows_of(_tables([first, second]))
    assert [d.code for d in found[0]].count("KC306") == 1
    assert "KC306" not in [d.code for d in found[1]]
    result = validate([first, second])
    assert [(d.file, d.row) for d in result.diagnostics if d.code == "KC306"] == [
        (str(first), 5)]


def test_values_that_are_no_text_are_judged_per_table(tmp_path):
    """Numbers and booleans in the text columns (``1`` and ``True`` are one value to a
    hash table): each table is judged by its own values, as alone."""
    paths = []
    for i, odd in enumerate([1, True, 1.0, "1"]):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"])
        sheet.append(["Đơn vị tính: triệu đồng"])
        sheet.append(HEADER + ["Vùng"])
        sheet.append([1, odd, "Đề án", odd, ACTIVITIES[0], odd, 2022, 100, 60, 40, odd])
        sheet.append([2, odd, "Đề án", "Bình Định", odd, "KCQG", 2022, 100, 60, 40, "Phía Nam"])
        sheet.append([3, "B-1", "Đề án", "Bình Định", ACTIVITIES[0], "KCQG", 2022, 100, 60, 40,
                      "Phía Bắc"])
        path = tmp_path / f"k{i}.xlsx"
        book.save(path)
        paths.append(path)
    tables = _tables(paths)
    assert len(tables) == 4
    found = check_tables(tables)
    assert [_dumped(d) for d in found] == [_dumped(check_table(t)) for t in tables]
    assert all(found)


def test_validate_of_many_files_is_each_alone(tmp_path):
    rows = [("A-1", "Bình Định", ACTIVITIES[0], "KCQG", "2022", "1000", "900", "100", "Phía Bắc",
             "1"),
            ("A-1", "Kiên Giang", ACTIVITIES[1], "KCĐP", "", "100", "-5", "90", "Tây Bắc", "2"),
            ("a 1", "Tỉnh Xyz", "Nội dung lạ", "KCXX", "2022", "abc", "10", "", "", "")]
    paths = []
    for i in range(5):
        path = tmp_path / f"f{i}.csv"
        _csv(path, rows[i % 3:] + rows[:i % 3], i % 2 == 0, i % 3 == 1)
        paths.append(path)
    together = validate(paths).diagnostics
    alone = [d for p in paths for d in validate([p]).diagnostics]
    assert _dumped(together) == _dumped(alone)
    assert {"KC202", "KC306", "KC307", "KC501", "KC502", "KC206"} <= {d.code for d in together}


def test_vocabulary_and_ids_of_values_that_are_no_text_batch_as_alone():
    """The reader gives text in these columns; a frame that holds other values (``1``,
    ``True``, ``1.0`` are one key to a hash table) is judged table by table."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from kcbudget.checks.rows import _check_duplicate_ids_of, _check_vocabulary_of, _Rows

    cells = [[1, "KCQG", None], [True, "x"], [1.0, "1", float("nan")], ["True", 1]]

    def tables(sink):
        out = []
        for i, values in enumerate(cells):
            frame = pd.DataFrame({key: pd.Series(values, dtype=object) for key in (
                "program", "province", "region", "project_id")},
                index=range(10 * i, 10 * i + len(values)))
            out.append(_Rows(SimpleNamespace(frame=frame, year=2024),
                             lambda code, row, col, _i=i, **kw: sink.append(
                                 (_i, code, row, col, repr(kw))),
                             np.ones(len(values), dtype=bool)))
        return out

    together: list = []
    every = tables(together)
    _check_vocabulary_of(every)
    _check_duplicate_ids_of(every)
    alone: list = []
    for one in tables(alone):
        _check_vocabulary_of([one])
        _check_duplicate_ids_of([one])
    assert sorted(together, key=lambda f: f[0]) == sorted(alone, key=lambda f: f[0])
    assert {code for _, code, *_ in together} >= {"KC206", "KC501", "KC503"}
