"""The reader on workbooks built in code: every layout of the contract, exact cells."""

from __future__ import annotations

import unicodedata

import pytest

from kcbudget import validate
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import read_workbook

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

TITLE = ["SỞ CÔNG THƯƠNG TỈNH BÌNH ĐỊNH", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def findings(result, levels=("error", "warning")):
    return sorted((d.code, d.sheet, d.cell) for d in result.diagnostics
                  if d.severity.value in levels)


def only_table(path, **kw):
    book = read_workbook(path, ReadOptions(**kw))
    assert len(book.tables) == 1, book.diagnostics
    return book.tables[0], book


def test_title_block_units_phase_year_and_vietnamese_numbers(book):
    path = book({"KH 2022": [
        TITLE,
        ["TRUNG TÂM KHUYẾN CÔNG"],
        [],
        ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí",
         "Kinh phí khuyến công", "Vốn đối ứng"],
        [1, "BD-01", "Máy cán tôn", "KCĐP", 541.9, 260, 281.9],
        [2, "BD-02", "Đào tạo nghề", "KCQG", "1.200", "600,5", "599,5"],
    ]})
    table, _book = only_table(path)
    assert table.header_rows == (6,)
    assert (table.unit.value, table.unit_source) == ("trieu", "title")
    assert (table.phase, table.phase_source) == ("planned", "title")
    assert table.year == 2022
    assert table.title_province == "Bình Định"
    assert table.locale == "vi"
    assert table.shape == "project"
    frame = table.frame
    assert list(frame.index) == [7, 8]
    assert frame.at[7, "total_cost"] == 541_900_000
    assert frame.at[7, "support"] == 260_000_000
    assert frame.at[8, "total_cost"] == 1_200_000_000
    assert frame.at[8, "support"] == 600_500_000
    assert findings(validate(path)) == []


def test_header_unit_in_brackets_and_english_headers(book):
    path = book([
        ["Project ID", "Province", "Program", "Support (million VND)", "Year"],
        ["P1", "Ninh Binh", "national", "1,234.5", 2022],
    ], )
    table, _ = only_table(path, phase="planned")
    assert table.unit.value == "trieu" and table.unit_source == "header"
    assert table.locale == "en"
    assert table.frame.at[2, "support"] == 1_234_500_000


@pytest.mark.parametrize("top,sub", [
    (["Khuyến công quốc gia", None, "Khuyến công địa phương", None],
     ["Kế hoạch", "Thực hiện", "Kế hoạch", "Thực hiện"]),
    (["Kế hoạch", None, "Thực hiện", None], ["KCQG", "KCĐP", "KCQG", "KCĐP"]),
])
def test_two_level_headers_in_either_order(book, top, sub):
    path = book([
        ["TỔNG HỢP KINH PHÍ KHUYẾN CÔNG NĂM 2022"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tỉnh/Thành phố", *top],
        [None, None, *sub],
        [1, "Ninh Bình", 1000, 900, 2000, 1800],
    ], merges={"Sheet1": ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]})
    table, _ = only_table(path)
    assert table.header_rows == (3, 4)
    ids = {c.id: c.letter for c in table.columns}
    if top[0] == "Kế hoạch":
        expected = {"planned.KCQG": "C", "planned.KCDP": "D", "executed.KCQG": "E",
                    "executed.KCDP": "F"}
    else:
        expected = {"planned.KCQG": "C", "executed.KCQG": "D", "planned.KCDP": "E",
                    "executed.KCDP": "F"}
    for col_id, letter in expected.items():
        assert ids[col_id] == letter
    assert table.shape == "summary"
    assert table.frame.at[5, "executed.KCDP"] == 1_800_000_000


def test_nfd_text_is_read_as_nfc(book):
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    path = book([
        [nfd("Đơn vị tính: triệu đồng")],
        [nfd("Tỉnh"), nfd("Nguồn kinh phí"), nfd("Kinh phí thực hiện"), "Năm"],
        [nfd("Bình Định"), "KCQG", 1000, 2021],
    ])
    table, _ = only_table(path)
    assert table.frame.at[3, "province"] == "Bình Định"
    assert findings(validate(path)) == []


def _tcvn3(text: str, encoding: str = "tcvn3") -> str:
    from viparse.normalize.encodings import get_charmap

    inverse = {}
    for legacy, uni in sorted(get_charmap(encoding).pairs, key=lambda p: len(p[0])):
        inverse.setdefault(unicodedata.normalize("NFC", uni), legacy)
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def test_tcvn3_cells_are_converted_by_font(book):
    assert _tcvn3("Bình Định") == "B×nh §Þnh"
    path = book([
        ["Đơn vị tính: triệu đồng"],
        ["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện", "Tên đề án"],
        [_tcvn3("Bình Định"), "KCQG", 1000, _tcvn3("Máy cán tôn")],
        [_tcvn3("Đắk Lắk"), "KCĐP", 500, "Unicode đã đúng"],
    ], fonts={"Sheet1": {"A3": ".VnTime", "D3": ".VnTime", "A4": ".VnTime"}})
    table, book_ = only_table(path)
    assert table.frame.at[3, "province"] == "Bình Định"
    assert table.frame.at[3, "project_name"] == "Máy cán tôn"
    assert table.frame.at[4, "province"] == "Đắk Lắk"
    assert table.frame.at[4, "project_name"] == "Unicode đã đúng"
    infos = [d for d in book_.diagnostics if d.code == "KC107"]
    assert len(infos) == 1 and infos[0].params["count"] == 3
    assert findings(validate(path)) == []


def _mien_trung(total_kcqg, shares=False):
    header = ["STT", "Tỉnh/Thành phố", "KCQG", "KCĐP", "Tổng số"]
    rows = [
        ["TỔNG HỢP KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2021"],
        ["Đơn vị tính: triệu đồng"],
        header,
        [1, "Bình Định", 1000, 3500, 4500],
        [2, "Quảng Nam", 6000, 20000, 26000],
        [3, "Gia Lai", 4065, 14228, 18293],
        [None, "Tổng cộng", total_kcqg, "37.728", "48.793"],
    ]
    return rows


def test_11_065_in_a_vietnamese_sheet_breaks_the_total_and_the_hint_shows_the_other_reading(book):
    path = book({"TH 2021": _mien_trung("11,065")})
    result = validate(path)
    # the subtotal column and the Tổng số column both break, and both hints say why
    assert findings(result) == [("KC305", "TH 2021", "C7"), ("KC309", "TH 2021", "E7")]
    assert "C7" in next(d.hint for d in result.diagnostics if d.code == "KC309")
    diag = next(d for d in result.diagnostics if d.code == "KC305")
    assert diag.row == 7 and diag.column == "executed.KCQG"
    assert "11.065" in diag.hint and "C7" in diag.hint
    assert "11,065" in diag.message  # stated, read the Vietnamese way: eleven point…
    en = validate(path, lang="en").diagnostics
    assert any("English way" in (d.hint or "") for d in en if d.code == "KC305")


def test_the_correct_total_passes(book):
    path = book({"TH 2021": _mien_trung("11.065")})
    assert findings(validate(path)) == []


def test_27_7_percent_against_the_wrong_base_is_caught_and_the_base_named(book):
    path = book({"Phía Nam 2024": [
        ["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG 9 THÁNG NĂM 2024 - PHÍA NAM"],
        ["Đơn vị tính: tỷ đồng"],
        ["Khu vực", "Khuyến công quốc gia", None, None, "Khuyến công địa phương", None, None,
         "Tổng số", None],
        [None, "Kế hoạch", "Thực hiện", "Tỷ lệ (%)", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)",
         "Kế hoạch", "Thực hiện"],
        ["Phía Nam", "32,3", "13", "40", "59", "25,3", "27,7", "91,3", "38,3"],
    ]}, merges={"Phía Nam 2024": ["A3:A4", "B3:D3", "E3:G3", "H3:I3"]})
    result = validate(path)
    assert findings(result) == [("KC304", "Phía Nam 2024", "G5")]
    diag = next(d for d in result.diagnostics if d.code == "KC304")
    assert diag.params["base"] == "whole_plan"
    assert "91,3" in diag.hint and "27,71%" in diag.hint
    assert "42,88%" in diag.message or "42,8" in diag.message


def test_formula_without_cached_value_is_an_error_never_zero(book):
    path = book([
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện"],
        [1, "Bình Định", "KCQG", 1000],
        [2, "Gia Lai", "KCQG", 2000],
        [None, "Tổng cộng", None, "=SUM(D3:D4)"],
    ])
    result = validate(path)
    assert findings(result) == [("KC204", "Sheet1", "D5")]
    assert "SUM(D3:D4)" in result.diagnostics[0].message or any(
        "SUM(D3:D4)" in d.message for d in result.diagnostics)


def test_merged_province_cells_fill_down(book):
    path = book([
        ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2023", None, None, None],
        ["Đơn vị tính: triệu đồng"],
        ["Tỉnh", "Mã đề án", "Nguồn kinh phí", "Kinh phí hỗ trợ"],
        ["Hòa Bình", "HB-1", "KCĐP", 290],
        [None, "HB-2", "KCĐP", 260],
        [None, "HB-3", "KCĐP", 80],
    ], merges={"Sheet1": ["A4:A6"]})
    table, _ = only_table(path)
    assert list(table.frame["province"]) == ["Hòa Bình"] * 3
    assert findings(validate(path)) == []


def test_subtotal_rows_are_not_data_and_are_checked(book):
    path = book([
        ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Mã đề án", "Tên đề án", "Kinh phí khuyến công"],
        [None, None, "Tổng cộng", 1900],
        ["I", None, "KHUYẾN CÔNG QUỐC GIA", 1000],
        [1, "A1", "Đề án 1", 400],
        [2, "A2", "Đề án 2", 600],
        ["II", None, "KHUYẾN CÔNG ĐỊA PHƯƠNG", 800],
        [1, "B1", "Đề án 3", 500],
        [2, "B2", "Đề án 4", 400],
    ])
    table, _ = only_table(path)
    assert list(table.data_rows) == [6, 7, 9, 10]
    result = validate(path)
    codes = findings(result)
    assert ("KC305", "Sheet1", "D8") in codes  # II states 800, rows 9–10 are 900
    assert ("KC305", "Sheet1", "D4") not in codes  # Tổng cộng 1 900 = 400+600+500+400
    assert not any(cell == "D5" for _, _, cell in codes)
    assert result.files[0].rows == 4


def test_signature_block_ends_the_table(book):
    path = book([
        ["THỰC HIỆN NĂM 2021"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
        [1, "Bình Định", "KCQG", 1000],
        [2, "Gia Lai", "KCĐP", 2000],
        [],
        ["Ghi chú: số liệu ước thực hiện", None, None, 12],
        [None, "Bình Định, ngày 18 tháng 8 năm 2022"],
        [None, "Người lập biểu", None, "Giám đốc"],
    ])
    table, _ = only_table(path)
    assert list(table.frame.index) == [4, 5]
    assert findings(validate(path)) == []


def test_row_rules_at_their_cells(book):
    path = book([
        ["KẾ HOẠCH NĂM 2022"],
        ["Đơn vị tính: triệu đồng"],
        ["Mã đề án", "Tỉnh", "Nguồn kinh phí", "Tổng kinh phí", "Kinh phí hỗ trợ", "Vốn đối ứng",
         "Nguồn khác", "Nội dung"],
        ["X-1", "Bình Định", "KCQG", 100, 200, 0, 0, "Đào tạo nghề"],
        ["X-2", "Bình Đinh", "KCQG", 1000, 500, 400, 0, "Đào tạo nghề"],
        ["x 1", "Gia Lai", "Quốc tế", 100, -5, 105, 0, "Đào tạo nghề"],
        ["X-4", "Gia Lai", "KCĐP", 100, 50, 50, 0, "Nấu ăn"],
    ])
    result = validate(path)
    got = findings(result)
    assert ("KC301", "Sheet1", "E4") in got  # support > total cost
    assert ("KC302", "Sheet1", "D4") in got  # 100 ≠ 200 + 0 + 0
    assert ("KC302", "Sheet1", "D5") in got  # 1000 ≠ 900
    assert ("KC501", "Sheet1", "B5") in got  # Bình Đinh
    assert ("KC206", "Sheet1", "C6") in got  # Quốc tế
    assert ("KC202", "Sheet1", "E6") in got  # negative
    assert ("KC306", "Sheet1", "A6") in got  # x 1 == X-1
    assert ("KC502", "Sheet1", "H7") in got  # unknown activity: a warning
    hint = next(d.hint for d in result.diagnostics if d.code == "KC501")
    assert "Bình Định" in hint


def test_structure_findings(book):
    path = book({"Ẩn": [["Tỉnh", "Nguồn", "Kinh phí"]],
                 "Ghi chú": [["Chỉ là ghi chú"]],
                 "TH": [["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện", "Cột lạ"],
                        ["Bình Định", "KCQG", 5, "x"]]},
                hidden=("Ẩn",))
    result = validate(path)
    by_code = {d.code: d for d in result.diagnostics}
    assert by_code["KC101"].sheet == "Ẩn"
    assert by_code["KC102"].sheet == "Ghi chú"
    assert by_code["KC104"].cell == "D1"
    assert by_code["KC105"].severity.value == "warning"
    assert result.files[0].ok


def test_phase_unknown_is_an_error_that_says_how(book):
    path = book([["Mã đề án", "Tỉnh", "Nguồn kinh phí", "Kinh phí hỗ trợ"],
                 ["A", "Bình Định", "KCQG", 5]])
    result = validate(path, unit=None)
    assert ("KC106", "Sheet1", None) in findings(result)
    assert "--phase" in next(d.hint for d in result.diagnostics if d.code == "KC106")
    assert ("KC106", "Sheet1", None) not in findings(validate(path, phase="planned"))


def test_percent_formatted_cells(book):
    path = book([
        ["THỰC HIỆN NĂM 2021"],
        ["Đơn vị tính: triệu đồng"],
        ["Tỉnh", "KCQG", "KCĐP", "Tổng số", "Tỷ trọng KCQG (%)"],
        ["Miền Trung", 11065, 37728, 48793, 0.2268],
    ], formats={"Sheet1": {"E4": "0.00%"}})
    table, _ = only_table(path)
    from decimal import Decimal

    col = next(c for c in table.columns if c.key == "share_pct")
    assert table.frame.at[4, col.id] == Decimal("22.68")


def test_csv_windows_1258_and_bom(tmp_path):
    text = "Tỉnh,Nguồn kinh phí,Kinh phí thực hiện (triệu đồng)\nBình Định,KCQG,\"1.234,5\"\n"
    bom = tmp_path / "a.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    win = tmp_path / "b.csv"
    win.write_bytes(unicodedata.normalize("NFD", text).encode("cp1258", errors="strict")
                    if False else _cp1258(text))
    for path in (bom, win):
        table, _ = only_table(path)
        assert table.frame.iloc[0]["province"] == "Bình Định"
        assert table.frame.iloc[0]["executed"] == 1_234_500_000


def _cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            composed = unicodedata.normalize("NFC", base + "".join(
                m for m in marks if m in "\u0306\u0302\u031b"))
            out += composed.encode("cp1258")
            out += "".join(m for m in marks if m not in "\u0306\u0302\u031b").encode("cp1258")
    return bytes(out)


def test_vni_cells_are_converted_by_font(book):
    vni = _tcvn3("Quảng Ngãi", "vni")
    assert vni != "Quảng Ngãi"
    path = book([
        ["Đơn vị tính: triệu đồng"],
        ["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện"],
        [vni, "KCQG", 1000],
    ], fonts={"Sheet1": {"A3": "VNI-Times"}})
    table, book_ = only_table(path)
    assert table.frame.at[3, "province"] == "Quảng Ngãi"
    assert any(d.code == "KC107" and "VNI" in d.message for d in book_.diagnostics)


def test_support_cap_and_year_range(book):
    path = book([
        ["Đơn vị tính: triệu đồng"],
        ["Mã đề án", "Năm", "Tỉnh", "Nguồn kinh phí", "Nội dung", "Số cơ sở thụ hưởng",
         "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng", "Nguồn khác"],
        ["A", 2023, "Hòa Bình", "KCQG", "Máy móc thiết bị tiên tiến", 2, 1750, 500, 1250, 0],
        ["B", 2023, "Hòa Bình", "KCQG", "Máy móc thiết bị tiên tiến", 1, 1000, 400, 600, 0],
        ["C", 1999, "Hòa Bình", "KCQG", "Đào tạo nghề", 1, 100, 50, 50, 0],
    ])
    result = validate(path, phase="planned")
    got = findings(result)
    assert ("KC307", "Sheet1", "H4") in got  # 400 triệu > 300 triệu per facility
    assert ("KC307", "Sheet1", "H3") not in got  # 250 per facility, under 50 % of 875
    assert ("KC205", "Sheet1", "B5") in got
    cap = next(d for d in result.diagnostics if d.code == "KC307")
    assert cap.severity.value == "warning" and "28/2018" in cap.message


def test_xlsm_and_locale_option(book, tmp_path):
    import shutil

    src = book([["Đơn vị tính: triệu đồng"], ["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện"],
                ["Bình Định", "KCQG", "1.500"]])
    path = tmp_path / "macro.xlsm"
    shutil.copy(src, path)
    table, _ = only_table(path)
    assert table.frame.at[3, "executed"] == 1_500_000_000
    table, _ = only_table(path, locale="en")
    assert table.frame.at[3, "executed"] == 1_500_000


@pytest.mark.parametrize("name", ["binh-dinh-2022-ke-hoach.xlsx", "dang-nam-theo-cot.xlsx",
                                  "tcvn3.xlsx", "windows-1258.csv"])
def test_repeated_reads_in_one_process_agree(name):
    """A second read of the same file in the same process is the first, cell for cell
    and finding for finding, and what the first read returned is not changed by what
    is done with it afterwards: the suite's other modules rely on it (tests/conftest.py
    gives them a copy of the first read)."""
    import copy
    from pathlib import Path

    from kcbudget import summarize
    from kcbudget.render.diagnostics import to_json

    path = Path(__file__).resolve().parents[1] / "sample_data" / name
    first = read_workbook(path)
    kept = copy.deepcopy(first)
    summarize([path])  # checks, records and a summary of the same file in between
    second = read_workbook(path)
    for book_ in (first, second):
        assert [d.model_dump() for d in book_.diagnostics] == [d.model_dump() for d in
                                                               kept.diagnostics]
        assert len(book_.tables) == len(kept.tables) > 0
        for got, want in zip(book_.tables, kept.tables):
            assert got.frame.equals(want.frame) and got.kind.equals(want.kind)
            assert got.columns == want.columns and got.title == want.title
    assert to_json(validate(path)) == to_json(validate(path))
