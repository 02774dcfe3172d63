"""The paths a large table takes cost per column, not per cell: each test holds a
column function to its plain per-cell definition (on data with the awkward cases)
and counts the Python work it does on a long body of ordinary đề án rows, so that a
per-cell loop that comes back fails here rather than in a benchmark nobody runs."""

from __future__ import annotations

import json
import random
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget import text as text_module
from kcbudget.engine import records as records_module
from kcbudget.read import rowkinds
from kcbudget.text import fold

# --- rows that repeat the header ---------------------------------------------------------

HEADER = {0: {"stt"}, 1: {"tên đề án"}, 2: {"tỉnh"}, 3: {"kinh phí", "kinh phí (triệu đồng)"}}


def _repeated_header_by_cell(text: pd.DataFrame, header_text: dict) -> np.ndarray:
    """The definition: ≥ 2 non-blank cells and every non-blank cell of the row one of
    its column's header texts (a cell in a column without header text never is)."""
    out = []
    for _, row in text.iterrows():
        cells = [(c, v) for c, v in row.items() if v is not None and v == v]
        matched = [c for c, v in cells if fold(str(v)) in header_text.get(c, set())]
        out.append(len(matched) >= 2 and len(matched) == len(cells))
    return np.array(out, dtype=bool)


_CELL = st.one_of(
    st.none(),
    st.sampled_from(["STT", " stt ", "Stt\u200b", "Tên đề án", "TÊN  ĐỀ ÁN", "Tên đề a\u0301n",
                     "Tỉnh", "tỉnh", "TỈNH\t", "Kinh phí", "kinh phí (triệu đồng)", "1", "2.1",
                     "Hoà Bình", "Kiên Giang", "Máy sấy tại Yên Bái", "Ghi chú", "ß", ""]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL, _CELL), max_size=12),
       st.booleans())
def test_repeated_header_is_its_definition(rows, note_column):
    frame = pd.DataFrame([list(r) for r in rows], columns=[0, 1, 2, 3, 4], dtype=object) \
        if rows else pd.DataFrame(columns=[0, 1, 2, 3, 4], dtype=object)
    frame.index = range(7, 7 + len(frame))
    header = dict(HEADER)
    if note_column:
        header[4] = {"ghi chú"}
    got = rowkinds.repeated_header(frame, header)
    assert got.tolist() == _repeated_header_by_cell(frame, header).tolist()


def _body(n: int, seed: int = 3) -> pd.DataFrame:
    """A long body of đề án rows, every name distinct and written with the old tone
    placement (``hoà``), which Arrow cannot fold: the worst case for a Python fold."""
    rng = random.Random(seed)
    provinces = ["Hoà Bình", "Kiên Giang", "Bình Định", "Thừa Thiên Huế", "Yên Bái"]
    return pd.DataFrame({
        0: [str(i + 1) for i in range(n)],
        1: [f"Hỗ trợ máy móc hoà {i} tại {rng.choice(provinces)}" for i in range(n)],
        2: [rng.choice(provinces) for _ in range(n)],
        3: [str(rng.randint(1, 900)) for _ in range(n)],
    }, index=range(8, 8 + n), dtype=object)


@pytest.mark.parametrize("with_stt", [True, False])
def test_repeated_header_folds_next_to_nothing_in_python(monkeypatch, with_stt):
    body = _body(20_000)
    body.loc[body.index[500]] = ["STT", "Tên đề án", "Tỉnh", "Kinh phí"]  # the header again
    if not with_stt:
        body = body.drop(columns=[0])
    calls = []
    real = text_module.fold
    counting = lambda value: calls.append(value) or real(value)  # noqa: E731
    monkeypatch.setattr(text_module, "fold", counting)
    monkeypatch.setattr(rowkinds, "fold", counting)
    found = rowkinds.repeated_header(body, HEADER)
    assert np.flatnonzero(found).tolist() == [500]
    assert len(calls) <= 10, len(calls)


# --- how many đề án and beneficiaries a row stands for -----------------------------------

def _multiplicity_by_cell(names: pd.Series) -> tuple[list, list]:
    count, found = [], []
    for v in names:
        if v is None or v != v:
            count.append(1)
            found.append(None)
            continue
        m = rowkinds._MULTIPLE.search(str(v))
        count.append(int(m.group(1)) if m and int(m.group(1)) > 0 else 1)
        m = rowkinds._FACILITIES.search(str(v))
        found.append(int(m.group(1)) if m else None)
    return count, found


_NAME = st.one_of(st.none(), st.lists(st.sampled_from(
    ["03 đề án", "2 DỰ ÁN", "1 Dự Án", "05 nhiệm vụ", "4 NHIỆM VỤ", "0 đề án", "12 đề án/năm",
     "(7 cơ sở)", "( 02 HỘ gia đình)", "(3 htx", "3 htx)", "(1 Doanh nghiệp)", "máy sấy",
     " tại Hoà Bình", "đề an", "de an", "12", " ", "(", ")", "án", "vụ"]), max_size=4)
    .map("".join))


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAME, max_size=15))
def test_multiplicity_is_its_definition(names):
    series = pd.Series(names, index=range(3, 3 + len(names)), dtype=object)
    count, beneficiaries = rowkinds.multiplicity(series)
    want_count, want_found = _multiplicity_by_cell(series)
    assert count.tolist() == want_count
    assert count.index.equals(series.index) and beneficiaries.index.equals(series.index)
    assert [None if pd.isna(v) else int(v) for v in beneficiaries] == want_found


def test_multiplicity_searches_only_the_names_that_could_match(monkeypatch):
    body = _body(20_000)
    names = body[1].copy()
    names.iloc[7] = "03 đề án hỗ trợ máy móc (7 cơ sở)"
    searched = []

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def search(self, value):
            searched.append(value)
            return self.pattern.search(value)

    monkeypatch.setattr(rowkinds, "_MULTIPLE", Counting(rowkinds._MULTIPLE))
    monkeypatch.setattr(rowkinds, "_FACILITIES", Counting(rowkinds._FACILITIES))
    count, beneficiaries = rowkinds.multiplicity(names)
    assert count.iloc[7] == 3 and beneficiaries.iloc[7] == 7
    assert int(count.sum()) == len(names) + 2
    assert int(beneficiaries.notna().sum()) == 1
    assert len(searched) <= 2


# --- programme periods --------------------------------------------------------------------

def test_periods_are_computed_once_per_distinct_year(monkeypatch):
    years = pd.array([2016, 2022, None, 2030, 2022, 2009, 2016] * 3000, dtype="Int64")
    want = [records_module.period_of(y) for y in years.tolist()]
    calls = []
    real = records_module.period_of
    monkeypatch.setattr(records_module, "period_of", lambda y: calls.append(y) or real(y))
    assert records_module.periods_of(years.tolist()) == want
    assert len(calls) <= 5
    assert records_module.periods_of([2022, None], (2021, 2025)) == ["2021-2025"] * 2
    assert records_module.periods_of([]) == []


# --- the JSON guard over a long document -----------------------------------------------

@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9f", "\u061c", "\u200e", "\u200f",
                                  "\u202a", "\u202e", "\u2028", "\u2029", "\u2066", "\u2069",
                                  "\ud800", "\udfff", "\u00a0", "\u2030", "ư", "\U0001f600"])
def test_a_long_json_document_is_guarded_as_a_short_one(char):
    from kcbudget.render import untrusted

    short = '{"name":"Kiên Giang ' + char + '","x":1}'
    long = '{"pad":"' + "đề án " * 200_000 + '",' + short[1:]
    assert len(long) > untrusted._LONG_DOCUMENT
    for document in (short, long):
        want = untrusted._JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
        assert untrusted.json_safe(document) == want


# --- text cells of a long column -----------------------------------------------------------

def test_a_repeated_text_column_holds_one_string_per_distinct_text():
    import pyarrow as pa
    import pyarrow.compute as pc

    from kcbudget.read.sources import clean_text

    rng = random.Random(5)
    cells = [rng.choice(["Kiên Giang", " Huế ", "", None, "Hà Nội  ", "\u00a0KCĐP\t", "2024"])
             for _ in range(30_000)]
    for array in (pa.array(cells, pa.string()),
                  pa.chunked_array([pa.array(cells[:7], pa.string()),
                                    pa.array(cells[7:], pa.string())]),
                  pa.array([f"đề án {i}" for i in range(30_000)], pa.string())):
        trimmed = pc.utf8_trim_whitespace(array)
        want = [None if v in (None, "") else v for v in trimmed.to_pylist()]
        got = clean_text(array)
        assert got.dtype == object and got.tolist() == want
    shared = clean_text(pa.array(cells, pa.string()))
    assert len({id(v) for v in shared if v is not None}) == 5


# --- folding a column by Arrow -----------------------------------------------------------

def _fold_arrow_simple_plain(values):
    """The Arrow fold as it was written first: every kernel over every cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.utf8_normalize(pc.fill_null(pa.array(values, pa.string()), ""), form="NFC")
    lowered = pc.utf8_lower(arr)
    simple = pc.and_(pc.match_substring_regex(arr, text_module._SIMPLE),
                     pc.invert(pc.match_substring_regex(lowered,
                                                        text_module._TONE_CANDIDATES)))
    out = pc.utf8_trim(pc.replace_substring_regex(lowered, text_module._ARROW_WS, " "), " ")
    return arr.to_pylist(), out.to_pylist(), simple.to_pylist()


_TEXT = st.one_of(st.none(), st.lists(st.one_of(
    st.sampled_from(list("aAeEoOuUyY đĐ  \t\n\r\x0b\x0c\u00a0\u200b") +
                    ["e\u0301", "a\u0323", "\u0300", "\u0306", "\u212b", "\u2126", "ế", "Ằ",
                     "oà", "uỷ", "ß", "İ", "\uac00", "\u1100\u1161"]),
    st.characters(codec="utf-8")), max_size=12).map("".join))


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=40))
def test_fold_arrow_simple_is_every_kernel_over_every_cell(values):
    arr, out, simple = text_module.fold_arrow_simple(pd.Series(values, dtype=object))
    want_arr, want_out, want_simple = _fold_arrow_simple_plain(values)
    assert arr.to_pylist() == want_arr
    assert out.to_pylist() == want_out
    assert simple.tolist() == want_simple
    assert text_module.fold_arrow(pd.Series(values, dtype=object)).to_pylist() == \
        [fold(v) for v in (v if v is not None else "" for v in values)]


def test_a_plain_column_is_neither_normalised_nor_respaced(monkeypatch):
    import pyarrow.compute as pc

    names = _body(20_000)[1]
    called = []
    real_normalize, real_replace = pc.utf8_normalize, pc.replace_substring_regex
    monkeypatch.setattr(text_module.pc, "utf8_normalize",
                        lambda *a, **k: called.append("nfc") or real_normalize(*a, **k))
    monkeypatch.setattr(text_module.pc, "replace_substring_regex",
                        lambda arr, *a, **k: called.append(len(arr)) or
                        real_replace(arr, *a, **k))
    text_module.fold_arrow_simple(names)
    assert called == []
    names.iloc[3] = "Kie\u0302n  Giang"
    arr, out, _ = text_module.fold_arrow_simple(names)
    assert called == ["nfc", 1]
    assert arr[3].as_py() == "Kiên  Giang" and out[3].as_py() == "kiên giang"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TEXT, st.sampled_from(["a\u3000 b", "x\u0085", "\u200bHuế ",
                                                   "a  b", " Kiên\u00a0Giang "])), max_size=40))
def test_normalize_series_is_normalize_text(values):
    from kcbudget.read.text import normalize_series, normalize_text

    got = normalize_series(pd.Series(values, dtype=object)).tolist()
    assert got == [None if v is None else normalize_text(v) for v in values]


# --- a large reconciliation is written in pieces ------------------------------------------

SAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "sample_data"
HOSTILE = ["##[error]x", "::warning::y", "a\u202eb", "c\u2028d", "#", "##vso[task]", "\x85", "]"]


def _hostile_result():
    from kcbudget import reconcile

    result = reconcile(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                       SAMPLES / "binh-dinh-2022-thuc-hien.xlsx")
    table = result.table
    names = table["project_name"].astype(object).tolist()
    for i in range(len(names)):
        names[i] = f"{names[i] or ''}{HOSTILE[i % len(HOSTILE)]}"
    table["project_name"] = names
    return result


def test_the_pieces_of_a_large_json_are_the_whole_document(monkeypatch):
    from kcbudget.render import reconcile as render

    result = _hostile_result()
    monkeypatch.setattr(render, "LARGE", 0)
    whole = render.to_json(result)  # one piece of every outcome
    assert json.loads(whole) == json.loads(json.dumps(render.to_dict(result)))
    assert "##[" not in whole and "\u202e" not in whole and "\u2028" not in whole
    for size in (1, 2, 3, len(result.table) - 1, len(result.table)):
        monkeypatch.setattr(render, "PIECE", size)
        pieces = list(render.json_pieces(result))
        assert len(pieces) == 2 + -(-len(result.table) // size)
        assert "".join(pieces) == whole


def test_the_cli_streams_a_large_json_to_stdout_and_to_a_file(monkeypatch, tmp_path, capsys):
    from kcbudget.cli.app import main
    from kcbudget.render import reconcile as render

    monkeypatch.setattr(render, "LARGE", 0)
    monkeypatch.setattr(render, "PIECE", 2)
    plan, actual = (str(SAMPLES / f"binh-dinh-2022-{s}.xlsx") for s in ("ke-hoach", "thuc-hien"))
    args = ["reconcile", plan, actual, "--format", "json"]
    for argv in (args, args + ["--out", str(tmp_path / "r.json")]):
        monkeypatch.setattr(sys, "argv", ["kcbudget", *argv])
        with pytest.raises(SystemExit):
            main()
    out = capsys.readouterr().out
    from kcbudget import reconcile

    whole = render.to_json(reconcile(plan, actual))
    assert out == whole + "\n"
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == whole


def test_one_long_text_cell_does_not_widen_the_locale_samples(tmp_path):
    """The locale's samples stay Python strings: as a numpy str array, one cell of
    32 000 characters among 5 000 text amounts made 5 000 × 32 000 × 4 bytes (650 MB)."""
    import tracemalloc

    import xlsxwriter

    from kcbudget.read.workbook import read_workbook

    path = tmp_path / "dai.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("KH 2024")
    sheet.write_row(0, 0, ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"])
    sheet.write_row(2, 0, ["STT", "Tên đề án", "Kinh phí khuyến công"])
    sheet.write_row(3, 0, [1, "Đề án 1", "ghi chú " * 4000])
    for i in range(1, 6000):
        sheet.write_row(3 + i, 0, [i + 1, f"Đề án {i + 1}", f"{i}.000"])
    book.close()
    tracemalloc.start()
    try:
        read_workbook(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 << 20, f"{peak / 2**20:.0f} MiB traced"
