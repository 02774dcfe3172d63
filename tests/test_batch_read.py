"""Many files read together (``read_workbooks``): the number grammar, the locale
decision and the text normalisation run once over the cells of a whole batch of
files, and every file comes out as ``read_workbook`` reads it alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kcbudget.read.workbook as workbook
from kcbudget.read.numbers import detect_locale, detect_locales
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import read_workbook, read_workbooks

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
BOOKS = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))

# number texts of both locales, ambiguous ones, words, units, dashes, damaged ones
TEXTS = ["48.793", "1.234.567", "12,5", "1,234.5", "12.5", "4,5", "7.25", "11,065",
         "12", "Hà Nội", "-", "—", "1.234,5 đ", "22,68%", "3,5 tỷ", "1,2,3", "", " 7 ",
         "(1.500)", "1e5", "0,001", "100.000.000", "Kiên Giang", "abc", "12.345,678"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TEXTS), max_size=8), max_size=6))
def test_locales_of_many_sheets_are_each_sheets_own(groups):
    got = detect_locales(groups)
    assert got == [detect_locale(group) for group in groups]


def _same(got, want) -> None:
    assert got.file == want.file and got.sheets == want.sheets
    assert [d.model_dump() for d in got.diagnostics] == [d.model_dump() for d in
                                                         want.diagnostics]
    assert len(got.tables) == len(want.tables)
    for a, b in zip(got.tables, want.tables):
        assert a.frame.equals(b.frame) and list(a.frame.dtypes) == list(b.frame.dtypes)
        assert a.kind.equals(b.kind) and a.columns == b.columns
        assert (a.locale, a.locale_source, a.unit, a.year, a.phase) == \
            (b.locale, b.locale_source, b.unit, b.year, b.phase)
        assert a.layout == b.layout
        assert a.bad.keys() == b.bad.keys() and all(a.bad[k].equals(b.bad[k]) for k in a.bad)


def test_every_sample_read_together_is_read_as_alone():
    alone = [read_workbook(p) for p in BOOKS]
    together = list(read_workbooks(BOOKS))
    assert [p for p, _ in together] == BOOKS
    for (_, got), want in zip(together, alone):
        _same(got, want)


def test_a_file_that_cannot_be_read_stays_at_its_place(tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    paths = [BOOKS[0], broken, tmp_path / "khong-co.xlsx", BOOKS[1]]
    got = list(read_workbooks(paths))
    assert [p for p, _ in got] == paths
    assert isinstance(got[1][1], Exception) and isinstance(got[2][1], Exception)
    _same(got[0][1], read_workbook(BOOKS[0]))
    _same(got[3][1], read_workbook(BOOKS[1]))


def test_batches_are_cut_by_size_and_read_the_same(monkeypatch):
    seen = []
    real = workbook.parse_pending

    def counting(pending):
        seen.append(len({p.table.file for p in pending}))
        return real(pending)

    monkeypatch.setattr(workbook, "parse_pending", counting)
    monkeypatch.setattr(workbook, "PARALLEL_BYTES", max(p.stat().st_size for p in BOOKS[:4]) + 1)
    together = list(read_workbooks(BOOKS[:4]))
    assert len(seen) >= 2 and max(seen) < 4  # several batches, none of all four
    for (_, got), path in zip(together, BOOKS[:4]):
        _same(got, read_workbook(path))


def test_one_batch_holds_every_small_file(monkeypatch, tmp_path):
    """A region's files: the grammar runs once for the batch, not once per file."""
    seen = []
    real = workbook.parse_pending

    def counting(pending):
        seen.append(len(pending))
        return real(pending)

    paths = []
    for n in range(5):  # the same submission under five names: five files of a batch
        paths.append(tmp_path / f"nop-{n}.xlsx")
        shutil.copy(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx", paths[-1])
    monkeypatch.setattr(workbook, "parse_pending", counting)
    books = [b for _, b in read_workbooks(paths)]
    assert seen == [sum(len(b.tables) for b in books)]
    assert len({len(b.tables[0].frame) for b in books}) == 1


def test_a_batch_mixes_locales_and_options(tmp_path, book):
    head = [["Đơn vị tính: triệu đồng"], ["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện"]]
    vi = book(head + [["Bình Định", "KCQG", "1.234,5"], ["Bình Định", "KCĐP", "2.000,25"]])
    en = book(head + [["Bình Định", "KCQG", "1,234.5"], ["Bình Định", "KCĐP", "2,000.25"]])
    paths = [vi, en, vi]
    for options in (None, ReadOptions(locale="en"), ReadOptions(locale="vi")):
        together = list(read_workbooks(paths, options))
        for (_, got), path in zip(together, paths):
            if isinstance(got, Exception):
                with pytest.raises(type(got)):
                    read_workbook(path, options)
                continue
            _same(got, read_workbook(path, options))
    first = [b for _, b in read_workbooks([vi, en])]
    assert [t.locale for b in first for t in b.tables] == ["vi", "en"]


def test_a_failure_in_the_batch_pass_is_the_failing_files_own(monkeypatch):
    """Should the grammar fail on a batch, each file is read again on its own and the
    failure is yielded at the file it belongs to; the others come out whole."""
    real = workbook.parse_pending
    bad = str(BOOKS[1])

    def failing(pending):
        if any(p.table.file == bad for p in pending):
            raise RuntimeError("grammar failed")
        return real(pending)

    monkeypatch.setattr(workbook, "parse_pending", failing)
    got = list(read_workbooks(BOOKS[:3]))
    assert isinstance(got[1][1], RuntimeError)
    _same(got[0][1], read_workbook(BOOKS[0]))
    _same(got[2][1], read_workbook(BOOKS[2]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["ghi chú: x", "note:", "notes", "a.b",
                                                       "(x) y", "người lập biểu", "Ghi chú"]),
                          st.text(max_size=12)), max_size=30),
       st.lists(st.sampled_from(["ghi chú", "note:", "a.b", "(x)", "[", "|", "người lập"]),
                min_size=1, max_size=4))
def test_starts_any_is_startswith_of_any_word(cells, words):
    """The end words of a table are found with one regex: what str.startswith finds."""
    import pyarrow as pa

    from kcbudget.read.rowkinds import starts_any as _starts_any

    got = _starts_any(pa.array(cells, pa.string()), words).tolist()
    assert got == [c is not None and any(c.startswith(w) for w in words) for c in cells]


# labels and STT cells as sheets write them: numbers, letters, Roman numerals, bullets,
# closing words, dates, subtotals, TCVN3-looking and decomposed text, blanks, None
LABELS = ["Tổng cộng", "TỔNG SỐ", "Cộng", "Cộng:", "Cộng đồng dân cư", "Subtotal", "A. KCQG",
          "II - Đào tạo nghề", "I. Khuyến công", "- KCQG", "+ Ngân sách tỉnh", "• x",
          "Ghi chú: đề án chuyển tiếp", "Người lập biểu", "Hà Nội, ngày 12 tháng 3 năm 2022",
          "ngày ... tháng ... năm", "Đề án 1", "Kiên Giang", "Tie\u0302\u0301n Giang",
          "  Cộng   ", "Tæng céng", "x" * 90, "", " ", "\t", "Ｔổng"]
STTS = ["1", "2.1", "1,2", "A", "B.", "I", "IV", "XII", "a", "b)", "đ", "-", "+", "*",
        "1.", "II -", "", " ", "Ghi chú", "3a", "Tổng"]


# what a cell may hold beside text, should a reader hand one on: each is converted by the
# careful path of to_arrow_strings, which must not change the other sheets of a batch
ODD = [float("nan"), 1.5, 3, b"x", "\ud800", __import__("pandas").NA]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(LABELS),
                                             st.text(max_size=6), st.sampled_from(ODD)),
                                   st.one_of(st.none(), st.sampled_from(STTS),
                                             st.text(max_size=3), st.sampled_from(ODD))),
                         max_size=12), max_size=5))
def test_row_features_of_many_sheets_are_each_sheets_own(sheets):
    """The row tests run once over the rows of every sheet of a batch: each sheet's
    features are exactly those it has alone (a cell that is no text in one sheet
    changes nothing in the others), and a sheet's kept rows (``take``) are those of
    its rows read alone."""
    import numpy as np
    import pandas as pd

    from kcbudget.read.rowkinds import RowFeatures, row_features

    def columns(rows):
        return (pd.Series([r[0] for r in rows], dtype=object),
                pd.Series([r[1] for r in rows], dtype=object))

    def plain(f: RowFeatures) -> dict:
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v.to_pylist())
                for k, v in vars(f).items()}

    together = row_features([columns(rows) for rows in sheets])
    assert len(together) == len(sheets)
    for rows, got in zip(sheets, together):
        assert plain(got) == plain(row_features([columns(rows)])[0])
        if all(v is None or isinstance(v, str) for row in rows for v in row):
            # (a sheet's cells as a reader gives them; a cell that is no text may
            # change how the rest of its own column is converted)
            keep = np.arange(len(rows))[::2]
            assert plain(got.take(keep)) == plain(row_features([columns(rows[::2])])[0])


@pytest.mark.parametrize("kind", ["rows", "legacy"])
def test_a_failure_in_a_batch_answer_is_the_failing_files_own(monkeypatch, kind):
    """Should the pass that answers what the sheets ask (their rows' features, their
    legacy sample) fail on a batch, each file answers its own; a file whose own fails
    is yielded as its failure, and the others come out whole."""
    import kcbudget.read.table as table

    real = table._ANSWERS[kind]
    bad = str(BOOKS[1])
    asked_by_bad: list = []

    def failing(questions):
        if any(q is asked_by_bad[0] for q in questions):
            raise RuntimeError("the batch pass failed")
        return real(questions)

    real_send = table.SuspendedSheet.resume
    real_start = workbook.start_sheet

    def note(sheet, file):
        if file == bad and not asked_by_bad and isinstance(sheet, table.SuspendedSheet) \
                and sheet.asked[0] == kind:
            asked_by_bad.append(sheet.asked[1])

    def start(source, file, opts):
        got = real_start(source, file, opts)
        note(got, file)
        return got

    def resume(self, answer):
        got = real_send(self, answer)
        note(got, self.steps.gi_frame.f_locals.get("file") if self.steps.gi_frame else None)
        return got

    monkeypatch.setattr(workbook, "start_sheet", start)
    monkeypatch.setattr(table.SuspendedSheet, "resume", resume)
    monkeypatch.setitem(table._ANSWERS, kind, failing)
    got = list(read_workbooks(BOOKS[:3]))
    assert asked_by_bad and isinstance(got[1][1], RuntimeError)
    _same(got[0][1], read_workbook(BOOKS[0]))
    _same(got[2][1], read_workbook(BOOKS[2]))


def test_a_file_reports_the_failure_of_its_first_failing_sheet(monkeypatch, tmp_path):
    """Sheets wait for their batch's answers, but a file still fails as when its sheets
    were read one after the other: the first sheet's failure, not a later one's that
    came sooner."""
    from conftest import write_book

    import kcbudget.read.table as table

    rows = [["STT", "Tên đề án", "Kinh phí (triệu đồng)"], [1, "Đề án A", 100],
            [2, "Đề án B", 200]]
    path = write_book(tmp_path / "two.xlsx", {"Một": rows, "Hai": rows})
    real_classify, real_head = table.classify, table._meta_and_head

    def classify(text, *args, **kw):  # the first sheet fails after its first question
        if "Một" in calls:
            raise RuntimeError("sheet Một")
        return real_classify(text, *args, **kw)

    calls: list = []

    def head(source):  # the second fails before its first
        calls.append(source.name)
        if source.name == "Hai":
            raise RuntimeError("sheet Hai")
        return real_head(source)

    monkeypatch.setattr(table, "classify", classify)
    monkeypatch.setattr(table, "_meta_and_head", head)
    with pytest.raises(RuntimeError, match="sheet Một"):
        read_workbook(path)
    calls.clear()
    (got,) = list(read_workbooks([path]))
    assert isinstance(got[1], RuntimeError) and str(got[1]) == "sheet Một"


def _samples_read_counting(monkeypatch, kind: str) -> tuple[dict, list[int]]:
    """The xlsx samples read together, with the calls of the answer to the question
    ``kind`` of a sheet's steps counted: (the books by path, the askers of each call)."""
    import kcbudget.read.table as table

    calls: list[int] = []
    answer = table._ANSWERS[kind]

    def counted(asked):
        calls.append(len(asked))
        return answer(asked)

    monkeypatch.setitem(table._ANSWERS, kind, counted)
    return dict(read_workbooks(sorted(SAMPLES.glob("*.xlsx")))), calls


def test_the_title_blocks_legacy_test_is_one_pass_over_the_batch(monkeypatch):
    """The TCVN3/VNI test of each sheet's title block and header is a question the
    sheet's steps ask first, answered for every sheet of a batch in one call of
    ``legacy_suspects`` (with the bodies' samples, two calls in all); the TCVN3
    sample's header is still converted, and found, when read among the others."""
    books, calls = _samples_read_counting(monkeypatch, "legacy")
    sheets = sum(len(b.tables) for b in books.values())
    assert len(calls) == 2 and calls[0] >= sheets > 10
    tcvn3 = books[SAMPLES / "tcvn3.xlsx"]
    assert tcvn3.tables and any(d.code == "KC107" for d in tcvn3.diagnostics)
    alone = read_workbook(SAMPLES / "tcvn3.xlsx")
    assert [c.id for c in alone.tables[0].columns] == [c.id for c in tcvn3.tables[0].columns]


def test_which_figure_cells_read_as_numbers_is_one_pass_over_the_batch(monkeypatch):
    """Which cells of a small sheet's figure columns read as numbers (calamine's number
    text, and the ambiguous ``48.793``) is a question its steps ask, answered for every
    sheet of a batch by one call of ``plain_number_flags``: one call for the samples
    read together, each sheet's flags as when it is read alone."""
    books, calls = _samples_read_counting(monkeypatch, "plain")
    paths = sorted(books)
    assert len(calls) == 1 and calls[0] > 10
    for path in paths[:6]:
        alone = read_workbook(path)
        for got, want in zip(books[path].tables, alone.tables, strict=True):
            assert got.numeric.equals(want.numeric) and got.frame.equals(want.frame)


_TEXT_CELLS = st.lists(st.one_of(st.none(), st.sampled_from(
    ["0", "-12", "48.793", "1.5", "01", "1.50", "12,5", "", " 7", "1e5", "123.456", "x"]),
    st.text(max_size=6)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT_CELLS, min_size=1, max_size=5))
def test_plain_number_flags_of_many_are_each_ones_own(columns):
    """The flags of many arrays answered in one pass are each array's own."""
    import numpy as np
    import pyarrow as pa

    from kcbudget.read.sources import _plain_flags, plain_number_flags

    arrays = [pa.array(cells, pa.string()) for cells in columns]
    for got, array in zip(plain_number_flags(arrays), arrays, strict=True):
        want = _plain_flags(array)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
        assert len(got[0]) == len(array)


def test_the_cells_that_may_be_totals_are_one_pass_over_the_batch(monkeypatch):
    """Which body cells could be a total's label (``Tổng cộng``, ``Cộng``) is a question
    a small sheet's steps ask before its row kinds, answered for every sheet of a batch
    by one call of ``total_cells``; the row kinds are each sheet's own."""
    books, calls = _samples_read_counting(monkeypatch, "totals")
    paths = sorted(books)
    # (a sheet that asks one question fewer before it, as the TCVN3 sample, whose
    # legacy text is found in its header, asks this one a round earlier)
    assert len(calls) <= 2 and max(calls) > 10
    for path in paths:
        alone = read_workbook(path)
        for got, want in zip(books[path].tables, alone.tables, strict=True):
            assert got.kind.tolist() == want.kind.tolist()
            assert got.level.tolist() == want.level.tolist()
