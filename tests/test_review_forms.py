"""Forms a reviewer built to fool the reader (each one an ordinary shape of a real
provincial report): the totals in đồng through the CLI's JSON, and no false finding."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

runner = CliRunner()
M = 1_000_000


def cli(*args):
    result = runner.invoke(app, list(map(str, args)))
    assert "Traceback" not in result.output and "internal error" not in result.output, \
        result.output
    return result


def cli_json(*args):
    result = cli(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_a_list_of_more_than_5000_rows_is_read(tmp_path):
    """Above 5 000 rows the row spans are found column-wise; pandas 3 hands back a
    read-only array there, and every command failed with an internal error."""
    import xlsxwriter

    path = tmp_path / "ke-hoach-lon.xlsx"
    n = 5_003
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("KH")
    ws.write(0, 0, "KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2024")
    ws.write(1, 0, "Đơn vị tính: triệu đồng")
    ws.write_row(2, 0, ["STT", "Tên đề án", "Tỉnh", "Nguồn kinh phí",
                        "Kinh phí khuyến công hỗ trợ"])
    total = {"KCQG": 0, "KCDP": 0}
    for i in range(n):
        program = "KCQG" if i % 3 == 0 else "KCĐP"
        total["KCQG" if i % 3 == 0 else "KCDP"] += i % 100 + 1
        ws.write_row(3 + i, 0, [i + 1, f"Đề án {i + 1}", "Nghệ An", program, i % 100 + 1])
    ws.write_row(3 + n, 0, [None, "Tổng cộng", None, None, sum(total.values())])
    wb.close()
    assert cli("validate", path).exit_code == 0
    data = cli_json("summarize", path)
    got = {r["program"]: r["planned"] for r in data["totals"]}
    assert got == {"KCQG": total["KCQG"] * M, "KCDP": total["KCDP"] * M,
                   "ALL": sum(total.values()) * M}
    assert cli("inspect", path).exit_code == 0


# --------------------------------------------------------------------------------------
# fix-r3: headers, columns, years-as-columns, ods/xls merges (second review)

def _codes(data):
    return [(d["code"], d.get("cell")) for d in data["diagnostics"]]


def _totals(path, *extra):
    data = cli_json("summarize", path, *extra)
    return {r["program"]: r for r in data["totals"]}


def test_a_numeric_column_with_a_blank_header_is_reported(book):
    """Column E holds 300 M with no header text: it was dropped in silence (valid)."""
    path = book([["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], [],
                 ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công hỗ trợ", None],
                 [1, "Hỗ trợ máy cơ khí", "KCQG", 400, 100],
                 [2, "Đào tạo nghề may", "KCĐP", 500, 200],
                 [None, "Tổng cộng", None, 900, 300]])
    data = cli_json("validate", path)
    assert ("KC115", "E4") in _codes(data), data
    assert [c for c, _ in _codes(data)] == ["KC115"], data
    got = _totals(path)
    assert (got["KCQG"]["planned"], got["KCDP"]["planned"], got["ALL"]["planned"]) == \
        (400 * M, 500 * M, 900 * M)


def test_a_blank_header_column_of_text_or_nothing_is_not_reported(book):
    """A column without a header that holds no figure (notes, or nothing) stays quiet."""
    path = book([["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], [],
                 ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công hỗ trợ", None],
                 [1, "Hỗ trợ máy cơ khí", "KCQG", 400, "đã ký"],
                 [2, "Đào tạo nghề may", "KCĐP", 500, None],
                 [None, "Tổng cộng", None, 900, None]])
    data = cli_json("validate", path)
    assert _codes(data) == [], data


_YEARS_TITLE = [["UBND TỈNH THANH HÓA"], ["SỞ CÔNG THƯƠNG"], [],
                ["KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH KHUYẾN CÔNG GIAI ĐOẠN 2021-2023"], []]


def _years_rows(total_word, support_total=3300, local_total=2400):
    return _YEARS_TITLE + [
        ["STT", "Chỉ tiêu", "ĐVT", "Năm 2021", "Năm 2022", "Năm 2023", total_word],
        ["I", "Số đề án", "đề án", 10, 11, 12, 33],
        ["II", "Kinh phí", None, None, None, None, None],
        [1, "Tổng kinh phí", "triệu đồng", 3000, 3000, 3000, 9000],
        [2, "Kinh phí khuyến công hỗ trợ", "triệu đồng", 1000, 1100, 1200, support_total],
        [None, "- KCQG", "triệu đồng", 200, 300, 400, 900],
        [None, "- KCĐP", "triệu đồng", 800, 800, 800, local_total],
        ["III", "Số lao động được đào tạo", "người", 100, 120, 150, 370]]


def _years_totals(path):
    got = _totals(path)
    return (got["KCQG"]["executed"], got["KCDP"]["executed"], got["ALL"]["executed"],
            got["ALL"]["total_cost"], got["ALL"]["projects_executed"])


def test_a_cong_column_beside_year_columns_is_checked_as_their_total(book):
    """``Tổng cộng`` / ``Cộng`` beside Năm 2021…2023 is the sum of the years: a wrong
    figure there is KC313 at its cell, as under ``Giai đoạn 2021-2023``."""
    for word in ("Tổng cộng", "Cộng", "Giai đoạn 2021-2023"):
        wrong = book(_years_rows(word, support_total=3500, local_total=2600))
        data = cli_json("validate", wrong)
        assert sorted(_codes(data)) == [("KC313", "G10"), ("KC313", "G12")], (word, data)
        assert _years_totals(wrong) == (900 * M, 2400 * M, 3300 * M, 9000 * M, 33), word
        right = book(_years_rows(word))
        assert _codes(cli_json("validate", right)) == [], word
        assert _years_totals(right) == (900 * M, 2400 * M, 3300 * M, 9000 * M, 33), word


def test_a_rate_headed_ty_le_th_kh_is_checked(book):
    """``Tỷ lệ TH/KH (%)`` and ``Tỷ lệ TH/KH`` are the attainment rate: 90 stated where
    1.200 / 1.500 = 80 is a finding at its cell (it was KC115 only, and valid)."""
    for header in ("Tỷ lệ TH/KH (%)", "Tỷ lệ TH/KH", "Tỷ lệ TH so với KH (%)", "% TH/KH"):
        def rows(first, header=header):
            return [["BÁO CÁO KẾT QUẢ KHUYẾN CÔNG NĂM 2023"], ["Đơn vị tính: triệu đồng"], [],
                    ["STT", "Tỉnh", "Kế hoạch", "Thực hiện", header],
                    [1, "Thanh Hóa", 1500, 1200, first],
                    [2, "Nghệ An", 2500, 2400, 96],
                    [None, "Tổng cộng", 4000, 3600, 90]]
        data = cli_json("validate", book(rows(90)))
        assert _codes(data) == [("KC304", "E5")], (header, data)
        right = book(rows(80))
        assert _codes(cli_json("validate", right)) == [], header
        got = _totals(right)
        assert (got["ALL"]["planned"], got["ALL"]["executed"]) == (4000 * M, 3600 * M)


def _inspect_columns(path):
    data = cli_json("inspect", path)
    sheet = data["files"][0]["sheets"][0]
    return {c["column"]: (c.get("key"), c.get("program"), c.get("months"))
            for c in sheet["columns"]}


def test_stage_words_offices_write_are_understood(book):
    """``Dự toán giao (đầu năm)``, ``Kế hoạch giao đầu năm``, ``(Ước) thực hiện cả năm``,
    ``Giải ngân đến 30/9/2024`` (to date: 9 months), ``Lũy kế giải ngân đến …``."""
    headers = {"C": ("Dự toán giao", "planned", None),
               "D": ("Dự toán giao đầu năm", "planned", None),
               "E": ("Kế hoạch giao đầu năm", "planned", None),
               "F": ("Thực hiện cả năm", "executed", None),
               "G": ("Ước thực hiện cả năm 2024", "executed", None),
               "H": ("Giải ngân đến 30/9/2024", "disbursed", 9),
               "I": ("Lũy kế giải ngân đến 30/9/2024", "disbursed", 9),
               "J": ("Lũy kế giải ngân", "disbursed", None),
               "K": ("Kinh phí đã giải ngân tính đến ngày 30/6/2024", "disbursed", 6)}
    for letter, (header, key, months) in headers.items():
        path = book([["BÁO CÁO KINH PHÍ KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"],
                     [], ["STT", "Tỉnh", "Kinh phí đã phân bổ", header],
                     [1, "Đồng Nai", 900, 1000], [2, "Bình Dương", 1800, 2000],
                     [None, "Tổng cộng", 2700, 3000]])
        assert _inspect_columns(path).get("D") == (key, None, months), (letter, header)
        data = cli_json("validate", path)
        assert [c for c, _ in _codes(data) if c in ("KC115", "KC118")] == [], (header, data)


def test_long_headers_with_a_date_to_date_per_program(book):
    """``Kinh phí KCQG đã giải ngân đến 30/9/2024 (triệu đồng)``: disbursed, KCQG, 9
    months to date (it was not understood)."""
    path = book([["BÁO CÁO TIẾN ĐỘ GIẢI NGÂN KINH PHÍ KHUYẾN CÔNG NĂM 2024"], [],
                 ["STT", "Tỉnh, thành phố",
                  "Kinh phí KCQG được giao năm 2024 (triệu đồng)",
                  "Kinh phí KCQG đã giải ngân đến 30/9/2024 (triệu đồng)",
                  "Kinh phí KCĐP được giao năm 2024 (triệu đồng)",
                  "Kinh phí KCĐP đã giải ngân đến 30/9/2024 (triệu đồng)"],
                 [1, "Quảng Trị", 600, 250, 1200, 900],
                 [2, "Quảng Bình", 400, 150, 800, 600],
                 [None, "Tổng cộng", 1000, 400, 2000, 1500]])
    cols = _inspect_columns(path)
    assert cols["D"] == ("disbursed", "KCQG", 9) and cols["F"] == ("disbursed", "KCDP", 9)
    assert _codes(cli_json("validate", path)) == []
    got = _totals(path)
    assert (got["KCQG"]["planned"], got["KCQG"]["disbursed"], got["KCDP"]["planned"],
            got["KCDP"]["disbursed"]) == (1000 * M, 400 * M, 2000 * M, 1500 * M)


def test_a_to_date_column_of_the_title_year_is_the_same_slice(book):
    """``Giải ngân 9 tháng`` and ``Lũy kế giải ngân đến 30/9/2024`` in a 2024 report say
    the same: the second is a duplicate (KC108), never added to the first."""
    path = book([["BÁO CÁO KINH PHÍ KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], [],
                 ["STT", "Tỉnh", "Dự toán giao đầu năm", "Ước thực hiện cả năm",
                  "Giải ngân 9 tháng", "Lũy kế giải ngân đến 30/9/2024"],
                 [1, "Đồng Nai", 1000, 950, 600, 600],
                 [2, "Bình Dương", 2000, 1900, 1200, 1200],
                 [None, "Tổng cộng", 3000, 2850, 1800, 1800]])
    assert _codes(cli_json("validate", path)) == [("KC108", "F4")]
    data = cli_json("summarize", path)
    rows = [r for r in data["totals"] if r["program"] == "ALL"]
    assert sorted((r["planned"] or 0, r["executed"] or 0, r["disbursed"] or 0, r["months"])
                  for r in rows) == sorted([(3000 * M, 2850 * M, 0, None),
                                            (0, 0, 1800 * M, 9)]), rows


def test_a_units_row_under_the_header_belongs_to_the_header(book):
    """``Triệu đồng`` / ``Đề án`` under each column, then ``(1) (2) … (4)=(5)+(6)``: the
    units row is part of the header (it gives the unit) and the numbering row is not data
    (it was KC201 on the units, KC105, and (5)/(6) read as −5/−6)."""
    path = book([["UBND TỈNH HÀ TĨNH"], ["SỞ CÔNG THƯƠNG"], [],
                 ["KẾ HOẠCH KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2024"], [],
                 ["STT", "Tên đề án", "Đơn vị thụ hưởng", "Số đề án", "Tổng kinh phí",
                  "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng"],
                 [None, None, None, "Đề án", "Triệu đồng", "Triệu đồng", "Triệu đồng"],
                 ["(1)", "(2)", "(3)", "(4)", "(5)=(6)+(7)", "(6)", "(7)"],
                 [1, "Hỗ trợ máy cơ khí", "Công ty TNHH Cơ khí Hồng Lĩnh", 1, 1000, 400, 600],
                 [2, "Đào tạo nghề may", "HTX May Kỳ Anh", 1, 500, 500, 0],
                 [None, "Tổng cộng", None, 2, 1500, 900, 600]])
    assert _codes(cli_json("validate", path)) == []
    got = _totals(path)["ALL"]
    assert (got["planned"], got["total_cost"], got["counterpart"], got["projects_planned"]) \
        == (900 * M, 1500 * M, 600 * M, 2)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_ods_and_xls_keep_their_merged_header_cells(tmp_path):
    """LibreOffice's .ods and .xls of multi-level headers read as the .xlsx: the merged
    cells are read (.xls through python-calamine, .ods from content.xml), so the header
    does not collapse (KCQG and KCĐP were 0, and the total cost was read as executed)."""
    from tests.conftest import write_book

    trong_do = [["UBND TỈNH QUẢNG NGÃI"], [],
                ["KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2023"],
                ["Đơn vị tính: triệu đồng"], [],
                ["STT", "Tên đề án", "Kinh phí thực hiện", None, None, None],
                [None, None, "Tổng kinh phí", "Trong đó", None, None],
                [None, None, None, "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng của cơ sở",
                 "Nguồn khác"],
                [1, "Hỗ trợ máy cơ khí", 1250, 300, 950, None],
                [2, "Hỗ trợ máy sấy", 750, 500, 250, None],
                [None, "Tổng cộng", 2000, 800, 1200, None]]
    programs = [[], ["BÁO CÁO KINH PHÍ KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], [],
                ["STT", "Tỉnh", "Kế hoạch", None, "Thực hiện", None],
                [None, None, "KCQG", "KCĐP", "KCQG", "KCĐP"],
                [1, "Đồng Nai", 300, 700, 200, 600],
                [2, "Bình Dương", 400, 500, 400, 500],
                [None, "Tổng cộng", 700, 1200, 600, 1100]]
    books = {
        "trong-do": write_book(tmp_path / "trong-do.xlsx", {"TH": trong_do}, merges={"TH": [
            "A6:A8", "B6:B8", "C6:F6", "C7:C8", "D7:F7"]}),
        "chuong-trinh": write_book(tmp_path / "chuong-trinh.xlsx", {"KP": programs},
                                   merges={"KP": ["A5:A6", "B5:B6", "C5:D5", "E5:F5"]}),
    }
    expected = {
        "trong-do": {"ALL": (0, 800 * M, 2000 * M, 1200 * M)},
        "chuong-trinh": {"KCQG": (700 * M, 600 * M, None, None),
                         "KCDP": (1200 * M, 1100 * M, None, None),
                         "ALL": (1900 * M, 1700 * M, None, None)},
    }

    def read(path):
        got = {p: (r["planned"], r["executed"], r["total_cost"], r["counterpart"])
               for p, r in _totals(path).items()}
        return got, _codes(cli_json("validate", path))

    for fmt in ("ods", "xls"):  # one LibreOffice run converts both books
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", fmt, "--outdir", str(tmp_path / fmt),
                        *map(str, books.values())],
                       check=True, capture_output=True, timeout=180)
    for stem, source in books.items():
        got, codes = read(source)
        assert {p: got[p] for p in expected[stem]} == expected[stem], (stem, got)
        for fmt in ("ods", "xls"):
            other = tmp_path / fmt / f"{stem}.{fmt}"
            assert read(other) == (got, codes), (stem, fmt)


def test_years_as_columns_with_the_label_column_headed_noi_dung(book):
    """``Nội dung | ĐVT | 2021 | 2022 | 2023 | …`` reads as ``Chỉ tiêu`` does (the sheet
    was skipped: KC116 + KC103)."""
    title = [["UBND TỈNH QUẢNG BÌNH"], ["SỞ CÔNG THƯƠNG"], [],
             ["KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH KHUYẾN CÔNG GIAI ĐOẠN 2021-2023"], []]
    e09 = title + [["STT", "Nội dung", "ĐVT", 2021, 2022, 2023, "Giai đoạn 2021-2023"],
                   [1, "Số đề án", "đề án", 10, 11, 12, 33],
                   [2, "Kinh phí khuyến công hỗ trợ", "triệu đồng", 1000, 1100, 1200, 3300],
                   [None, "- KCQG", "triệu đồng", 200, 300, 400, 900],
                   [None, "- KCĐP", "triệu đồng", 800, 800, 800, 2400]]
    d05 = title + [["STT", "Nội dung", "Đơn vị tính", 2021, 2022, 2023, "Cộng"],
                   [1, "Số đề án thực hiện", "Đề án", 10, 11, 12, 33],
                   [2, "Kinh phí khuyến công hỗ trợ", "Triệu đồng", 1000, 1100, 1200, 3300],
                   [None, "Trong đó:", None, None, None, None, None],
                   [None, "+ Ngân sách Trung ương", "Triệu đồng", 200, 300, 400, 900],
                   [None, "+ Ngân sách địa phương", "Triệu đồng", 800, 800, 800, 2400]]
    for rows in (e09, d05):
        path = book(rows)
        assert _codes(cli_json("validate", path)) == [], rows[5]
        got = _totals(path)
        assert (got["KCQG"]["executed"], got["KCDP"]["executed"], got["ALL"]["executed"],
                got["ALL"]["projects_executed"]) == (900 * M, 2400 * M, 3300 * M, 33), rows[5]
        wrong = [list(r) for r in rows]
        wrong[7][6] = 3500
        # the years and the programs both expose it
        assert sorted(_codes(cli_json("validate", book(wrong)))) == [("KC309", "G8"),
                                                                     ("KC313", "G8")], rows[5]


def test_inspect_json_of_a_turned_sheet_names_its_rows(book):
    """A years-as-columns sheet's indicator columns are its rows: inspect --format json
    gives each its label cell and row (it gave internal indices: BDWGN, BDWGV…)."""
    path = book(_years_rows("Tổng cộng"))
    data = cli_json("inspect", path)
    sheet = data["files"][0]["sheets"][0]
    assert sheet["orientation"] == "columns"
    where = [(c["column"], c.get("row")) for c in sheet["columns"]]
    assert where == [(None, None), ("B7", 7), ("B8", 8), ("B9", 9), ("B10", 10), ("B11", 11),
                     ("B12", 12), ("B13", 13)], where

# --- fix-r1: the đề án list path of engine/records.py (support columns split by program,
# several support columns, a Tổng số without its split, a months-to-date title) ---------

HEAD_2024 = [["UBND TỈNH NGHỆ AN"], ["SỞ CÔNG THƯƠNG"], [],
             ["KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], []]


def _r1_totals(data):
    return {r["program"]: r for r in data["totals"]}


def _r1_codes(data):
    return {d["code"] for d in data["diagnostics"] if d["severity"] != "info"}


def test_project_list_split_by_program_counts_each_amount_once(book):
    """`Kinh phí khuyến công hỗ trợ` over `Tổng số | KCQG | KCĐP`, one `Vốn đối ứng` for
    both: each program has its own column (the Tổng số is their whole, not a part of
    either), the counterpart counts once, and a đề án with money of both programs is one
    đề án."""
    path = book({"KH": HEAD_2024 + [
        ["STT", "Tên đề án", "Kinh phí khuyến công hỗ trợ", None, None, "Vốn đối ứng"],
        [None, None, "Tổng số", "KCQG", "KCĐP", None],
        [1, "Hỗ trợ máy cơ khí", 600, 300, 300, 600],
        [2, "Đào tạo nghề may", 200, 200, None, 0],
        [3, "Hội chợ", 400, None, 400, 300],
        [None, "Tổng cộng", 1200, 500, 700, 900]]},
        merges={"KH": ["A7:A8", "B7:B8", "C7:E7", "F7:F8"]})
    assert cli("validate", path).exit_code == 0
    data = cli_json("summarize", path)
    assert not _r1_codes(data), data["diagnostics"]
    got = _r1_totals(data)
    assert (got["KCQG"]["planned"], got["KCDP"]["planned"], got["ALL"]["planned"]) == \
        (500 * M, 700 * M, 1200 * M)
    assert got["ALL"]["counterpart"] == 900 * M
    assert (got["KCQG"]["projects_planned"], got["KCDP"]["projects_planned"],
            got["ALL"]["projects_planned"]) == (2, 2, 3)


def test_project_list_with_support_per_year_reads_each_year(book):
    """`Kinh phí khuyến công hỗ trợ` over `Năm 2024 | Năm 2025` in a 2024–2025 plan: each
    year is a figure of its own (the second year was dropped without a word); a đề án
    counts once."""
    path = book({"KH": [["UBND TỈNH NGHỆ AN"], ["SỞ CÔNG THƯƠNG"], [],
                        ["KẾ HOẠCH KHUYẾN CÔNG ĐỊA PHƯƠNG GIAI ĐOẠN 2024-2025"],
                        ["Đơn vị tính: triệu đồng"], [],
                        ["STT", "Tên đề án", "Tổng kinh phí", "Kinh phí khuyến công hỗ trợ",
                         None],
                        [None, None, None, "Năm 2024", "Năm 2025"],
                        [1, "Hỗ trợ máy cơ khí", 1000, 300, 200],
                        [2, "Đào tạo nghề may", 500, 300, 200],
                        [None, "Tổng cộng", 1500, 600, 400]]},
                merges={"KH": ["A7:A8", "B7:B8", "C7:C8", "D7:E7"]})
    assert cli("validate", path).exit_code == 0
    data = cli_json("summarize", path)
    assert not _r1_codes(data), data["diagnostics"]
    got = _r1_totals(data)
    assert (got["KCDP"]["planned"], got["ALL"]["planned"]) == (1000 * M, 1000 * M)
    assert got["ALL"]["total_cost"] == 1500 * M
    assert got["ALL"]["projects_planned"] == 2
    by_year = {r["year"]: r["planned"] for r in cli_json("summarize", path, "--by", "year")["rows"]
               if r["program"] == "ALL" and r["planned"]}
    assert by_year == {2024: 600 * M, 2025: 400 * M}


def test_project_list_column_of_another_year_is_an_error_not_the_plan(book):
    """A 2024 plan that keeps `Kinh phí năm 2023` beside this year's support: the title
    gives the phase of 2024's figures only, so the 2023 column is not read as the plan
    (it was, 1 998 M instead of 900 M) and the file is not called valid (KC118 at the
    column's header)."""
    path = book({"KH": HEAD_2024 + [
        ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí năm 2023",
         "Kinh phí khuyến công hỗ trợ"],
        [1, "Hỗ trợ máy cơ khí", "KCQG", 999, 400],
        [2, "Đào tạo nghề may", "KCĐP", 999, 500]]})
    assert cli("validate", path).exit_code == 1
    data = cli_json("summarize", path)
    got = _r1_totals(data)
    assert (got["KCQG"]["planned"], got["KCDP"]["planned"], got["ALL"]["planned"]) == \
        (400 * M, 500 * M, 900 * M)
    found = [(d["code"], d["cell"]) for d in data["diagnostics"] if d["severity"] == "error"]
    assert found == [("KC118", "D7")]



def test_summary_split_by_program_counts_a_row_that_states_only_its_tong_so(book):
    """`Kế hoạch năm 2023` / `Thực hiện năm 2023` over `Tổng số | Trong đó {KCQG | KCĐP}`,
    one province stating only its Tổng số: it counts in ALL (it was dropped), and the
    finding is at that row (its split is not given), not a KC309 at the Tổng cộng."""
    rows = [["BỘ CÔNG THƯƠNG"], [],
            ["TỔNG HỢP KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2023 KHU VỰC PHÍA NAM"],
            ["ĐVT: triệu đồng"], [],
            ["STT", "Tỉnh/Thành phố", "Kế hoạch năm 2023", None, None, "Thực hiện năm 2023",
             None, None],
            [None, None, "Tổng số", "Trong đó", None, "Tổng số", "Trong đó", None],
            [None, None, None, "KCQG", "KCĐP", None, "KCQG", "KCĐP"],
            [1, "Long An", 1800, 600, 1200, 1600, 500, 1100],
            [2, "Tiền Giang", 2200, 900, 1300, 2000, 700, 1300],
            [3, "Bến Tre", 700, None, None, 650, None, None],
            [None, "Tổng cộng", 4700, 1500, 2500, 4250, 1200, 2400]]
    path = book({"TH 2023": rows}, merges={"TH 2023": [
        "A6:A8", "B6:B8", "C6:E6", "F6:H6", "C7:C8", "D7:E7", "F7:F8", "G7:H7"]})
    data = cli_json("summarize", path)
    got = _r1_totals(data)
    assert (got["ALL"]["planned"], got["ALL"]["executed"]) == (4700 * M, 4250 * M)
    assert (got["KCQG"]["planned"], got["KCDP"]["planned"]) == (1500 * M, 2500 * M)
    assert (got["KCQG"]["executed"], got["KCDP"]["executed"]) == (1200 * M, 2400 * M)
    found = sorted((d["code"], d["cell"]) for d in data["diagnostics"]
                   if d["severity"] != "info")
    assert found == [("KC315", "C11"), ("KC315", "F11")], data["diagnostics"]


def test_months_to_date_title_covers_the_columns_that_name_no_year(book):
    """Title `… 6 THÁNG ĐẦU NĂM 2024`, columns `Kế hoạch năm 2024 | Thực hiện`: the plan
    is the year's, the `Thực hiện` column (no year of its own) covers 6 months (it was read
    as the whole year because another column names a year)."""
    path = book({"6T": [["BỘ CÔNG THƯƠNG"], [],
                        ["BÁO CÁO KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG 6 THÁNG ĐẦU NĂM 2024"],
                        ["Đơn vị tính: triệu đồng"], [],
                        ["STT", "Tỉnh", "Kế hoạch năm 2024", "Thực hiện"],
                        [1, "Thanh Hóa", 1500, 700], [2, "Nghệ An", 2500, 1100],
                        [None, "Tổng cộng", 4000, 1800]]})
    assert cli("validate", path).exit_code == 0
    data = cli_json("summarize", path)
    assert not _r1_codes(data), data["diagnostics"]
    got = _r1_totals(data)["ALL"]
    assert (got["planned"], got["executed"], got["months"]) == (4000 * M, 1800 * M, 6)
    assert got["attainment_pct"] == 45
    columns = {c["id"]: c for f in cli_json("inspect", path)["files"] for s in f["sheets"]
               for c in s["columns"]}
    assert [c.get("months") for c in columns.values() if c["key"] == "executed"] == [6]
    assert [c.get("months") for c in columns.values() if c["key"] == "planned"] == [None]


def test_program_lines_with_no_figures_show_no_months(book):
    """`Thực hiện 9 tháng năm 2024` with the program in no column or row: the KCQG and
    KCĐP lines have no figures, so no months either (they showed `months: 9`)."""
    path = book({"TH": [["BỘ CÔNG THƯƠNG"], [],
                        ["BÁO CÁO TÌNH HÌNH THỰC HIỆN KHUYẾN CÔNG NĂM 2024"],
                        ["Đơn vị tính: triệu đồng"], [],
                        ["STT", "Tỉnh", "Kế hoạch năm 2024", "Thực hiện 9 tháng năm 2024"],
                        [1, "Thanh Hóa", 1500, 700], [2, "Nghệ An", 2500, 1300],
                        [None, "Tổng cộng", 4000, 2000]]})
    got = _r1_totals(cli_json("summarize", path))
    assert (got["ALL"]["planned"], got["ALL"]["executed"], got["ALL"]["months"]) == \
        (4000 * M, 2000 * M, 9)
    assert got["KCQG"]["months"] is None and got["KCDP"]["months"] is None

# ------------------------------------------------------------------ fix-r2: row kinds
# Rows that carry the sum of the rows under them (a numbered group over 1.1/a/-
# items, a section or region row without STT, a province over its program rows, the
# ``Trong đó`` split of a total, a bare ``Cộng`` closing a section) are subtotals,
# checked against those rows and never counted as đề án themselves.

UNIT = ["Đơn vị tính: triệu đồng"]


def _summary(path):
    """(validate exit code, diagnostic codes of summarize, totals by program)."""
    code = cli("validate", path).exit_code
    data = cli_json("summarize", path)
    codes = sorted({d["code"] for d in data["diagnostics"]})
    return code, codes, {r["program"]: r for r in data["totals"]}


def _form(*body, header=("STT", "Tên đề án", "Đơn vị thụ hưởng", "Tổng kinh phí",
                         "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng"),
          title="KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG ĐỊA PHƯƠNG NĂM 2024"):
    return [["UBND TỈNH NGHỆ AN"], ["SỞ CÔNG THƯƠNG"], [], [title], UNIT, [],
            list(header), *[list(r) for r in body]]


HIER = [
    ["1", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", None, 2000, 800, 1200],
    ["1.1", "Hỗ trợ máy chế biến gỗ", "Công ty TNHH Gỗ Vinh", 1200, 500, 700],
    ["1.2", "Hỗ trợ máy sấy nông sản", "HTX Nam Đàn", 800, 300, 500],
    ["2", "Đào tạo nghề", None, 400, 400, 0],
    ["2.1", "Đào tạo nghề mây tre đan", "Xã Thanh Chương", 400, 400, 0],
]


def test_a_numbered_group_over_its_items_is_a_subtotal_not_a_de_an(book):
    """``1`` over ``1.1``, ``1.2``: the group row carries their sum; read as a đề án it
    doubled the totals and the file was called valid."""
    code, codes, totals = _summary(book(_form(*HIER)))
    assert code == 0 and "KC305" not in codes
    assert totals["ALL"]["planned"] == 1_200 * M
    assert totals["ALL"]["total_cost"] == 2_400 * M
    assert totals["ALL"]["counterpart"] == 1_200 * M
    assert totals["ALL"]["projects_planned"] == 3
    # with its Tổng cộng row the right total is not a finding
    code, codes, totals = _summary(book(_form(*HIER, [None, "Tổng cộng", None, 2400, 1200,
                                                       1200])))
    assert code == 0 and codes == [], codes
    assert totals["KCDP"]["planned"] == 1_200 * M and totals["KCDP"]["projects_planned"] == 3


def test_a_group_row_whose_items_do_not_add_up_is_a_finding(book):
    rows = [list(r) for r in HIER]
    rows[1][4] = 600  # 600 + 300 ≠ 800
    code, codes, _ = _summary(book(_form(*rows)))
    assert code == 1 and "KC305" in codes


def test_numbered_rows_over_letter_and_dash_items(book):
    """``1`` over ``a``, ``b``; ``2`` over ``-``: 300 + 200 + 400, three đề án."""
    header = ("STT", "Nội dung", "Đơn vị thụ hưởng", "Kinh phí khuyến công hỗ trợ")
    body = [[1, "Hỗ trợ máy móc thiết bị", None, 500],
            ["a", "Máy chế biến gỗ", "Công ty Gỗ Vinh", 300],
            ["b", "Máy sấy", "HTX Nam Đàn", 200],
            [2, "Đào tạo nghề", None, 400],
            ["-", "Đào tạo nghề mây tre", "Xã Thanh Chương", 400],
            [3, "Hội chợ hàng thủ công", "Sở Công Thương", 100]]
    code, codes, totals = _summary(book(_form(*body, header=header)))
    assert code == 0 and "KC305" not in codes
    assert totals["ALL"]["planned"] == 1_000 * M and totals["ALL"]["projects_planned"] == 4


D01 = [[None, "Khuyến công quốc gia", None, 1700, 700, 1000],
       [1, "Hỗ trợ máy cơ khí", "KCQG", 1000, 400, 600],
       [2, "Hỗ trợ máy sấy", "KCQG", 700, 300, 400],
       [None, "Khuyến công địa phương", None, 600, 500, 100],
       [1, "Đào tạo nghề may", "KCĐP", 200, 200, 0],
       [2, "Hội chợ", "KCĐP", 400, 300, 100]]


def test_a_section_row_without_stt_in_a_numbered_list_is_a_subtotal(book):
    header = ("STT", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí",
              "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng")
    code, codes, totals = _summary(book(_form(*D01, header=header,
                                              title="KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2024")))
    assert code == 0 and "KC305" not in codes
    assert (totals["ALL"]["planned"], totals["ALL"]["projects_planned"]) == (1_200 * M, 4)
    assert (totals["KCQG"]["planned"], totals["KCDP"]["planned"]) == (700 * M, 500 * M)
    code, codes, totals = _summary(book(_form(
        *D01, [None, "Tổng cộng", None, 2300, 1200, 1100], header=header,
        title="KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2024")))
    assert code == 0 and codes == [], codes
    assert totals["ALL"]["total_cost"] == 2_300 * M


def test_region_rows_over_their_provinces_are_subtotals(book):
    rows = [["BỘ CÔNG THƯƠNG"], [], ["KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2023"], UNIT, [],
            ["STT", "Tỉnh, thành phố", "KCQG", "KCĐP", "Tổng số"],
            [None, "Vùng Bắc Trung Bộ và Duyên hải miền Trung", 500, 1500, 2000],
            [1, "Thanh Hóa", 300, 1000, 1300],
            [2, "Nghệ An", 200, 500, 700],
            [None, "Vùng Tây Nguyên", 400, 800, 1200],
            [3, "Đắk Lắk", 400, 800, 1200]]
    code, codes, totals = _summary(book(rows))
    assert code == 0 and codes == [], codes
    assert {p: totals[p]["executed"] for p in totals} == {
        "KCQG": 900 * M, "KCDP": 2_300 * M, "ALL": 3_200 * M}


H04 = [["STT", "Tên đề án", "Kinh phí khuyến công hỗ trợ"],
       ["I", "KHUYẾN CÔNG QUỐC GIA", None],
       [1, "Hỗ trợ máy cơ khí", 400], [2, "Hỗ trợ máy sấy", 300], [None, "Cộng", 700],
       ["II", "KHUYẾN CÔNG ĐỊA PHƯƠNG", None],
       [1, "Đào tạo nghề", 200], [2, "Hội chợ", 300], [None, "Cộng", 500]]


def _plan(rows):
    return [["UBND TỈNH HÀ TĨNH"], ["SỞ CÔNG THƯƠNG"], [], ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"],
            UNIT, [], *rows]


def test_a_bare_cong_closing_each_section_is_a_subtotal(book):
    """``Cộng`` alone under each section closes it; read as the grand total, each was a
    false KC305 on a correct sheet."""
    for rows in (H04 + [[None, "Tổng cộng", 1200]], H04):
        code, codes, totals = _summary(book(_plan(rows)))
        assert code == 0 and codes == [], codes
        assert {p: totals[p]["planned"] for p in totals} == {
            "KCQG": 700 * M, "KCDP": 500 * M, "ALL": 1_200 * M}
    # a wrong section sum is still found
    rows = [list(r) for r in H04]
    rows[4][2] = 600
    code, codes, _ = _summary(book(_plan(rows + [[None, "Tổng cộng", 1100]])))
    assert code == 1 and "KC305" in codes


def test_a_single_bare_cong_at_the_end_is_the_total(book):
    """One ``Cộng`` under sections that have none of their own is the grand total."""
    rows = [r for r in H04 if r[1] != "Cộng"] + [[None, "Cộng", 1200]]
    code, codes, totals = _summary(book(_plan(rows)))
    assert code == 0 and codes == [], codes
    assert totals["ALL"]["planned"] == 1_200 * M
    rows[-1][2] = 1300
    code, codes, _ = _summary(book(_plan(rows)))
    assert code == 1 and "KC305" in codes


def test_a_note_saying_tong_so_does_not_make_a_total_row(book):
    """A ``Ghi chú`` cell "Tổng số 3 đề án chuyển tiếp" beside Thanh Hóa: the row is a
    province, not the total (it was dropped, and six KC305 followed)."""
    rows = [["BỘ CÔNG THƯƠNG"], [], ["KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2023"], UNIT, [],
            ["Tỉnh/Thành phố", "Kinh phí thực hiện", None, None, "Ghi chú"],
            [None, "KCQG", "KCĐP", "Tổng số", None],
            ["Thanh Hóa", 500, 1000, 1500, "Tổng số 3 đề án chuyển tiếp"],
            ["Nghệ An", 800, 1700, 2500, "Tổng cộng các đề án đã nghiệm thu"],
            ["Tổng cộng", 1300, 2700, 4000, None]]
    path = book({"TH 2023": rows}, merges={"TH 2023": ["A6:A7", "B6:D6", "E6:E7"]})
    code, codes, totals = _summary(path)
    assert code == 0 and "KC305" not in codes, codes
    assert {p: totals[p]["executed"] for p in totals} == {
        "KCQG": 1_300 * M, "KCDP": 2_700 * M, "ALL": 4_000 * M}


C03B = [["STT", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí", "Kinh phí khuyến công hỗ trợ",
         "Vốn đối ứng"],
        [1, "Hỗ trợ máy cơ khí", "KCQG", 1500, 700, 800],
        [2, "Đào tạo nghề may", "KCĐP", 200, 200, 0],
        [3, "Hội chợ hàng thủ công", "KCĐP", 300, 300, 0],
        [None, "Tổng cộng", None, 2000, 1200, 800],
        [None, "Trong đó:", None, None, None, None],
        [None, "- Khuyến công quốc gia", None, 1500, 700, 800],
        [None, "- Khuyến công địa phương", None, 500, 500, 0]]


def test_trong_do_rows_under_the_total_split_it_they_are_no_de_an(book):
    """``Trong đó:`` and one row per program under the total: the split of the total,
    checked against the đề án of each program, never counted again."""
    code, codes, totals = _summary(book(_plan(C03B)))
    assert code == 0 and codes == [], codes
    assert {p: (totals[p]["planned"], totals[p]["projects_planned"]) for p in totals} == {
        "KCQG": (700 * M, 1), "KCDP": (500 * M, 2), "ALL": (1_200 * M, 3)}
    assert totals["ALL"]["total_cost"] == 2_000 * M
    rows = [list(r) for r in C03B]
    rows[-1][4] = 400  # the KCĐP split says 400 where its đề án add up to 500
    code, codes, totals = _summary(book(_plan(rows)))
    assert code == 1 and "KC305" in codes and totals["ALL"]["planned"] == 1_200 * M


def test_trong_do_rows_in_the_total_column_of_a_province_summary(book):
    rows = [["BỘ CÔNG THƯƠNG"], [], ["KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2023"], UNIT, [],
            ["STT", "Tỉnh/Thành phố", "Kinh phí thực hiện", None, None],
            [None, None, "KCQG", "KCĐP", "Tổng số"],
            [1, "Thanh Hóa", 500, 1000, 1500],
            [2, "Nghệ An", 800, 1700, 2500],
            [None, "Tổng cộng", 1300, 2700, 4000],
            [None, "Trong đó:", None, None, None],
            [None, "- Khuyến công quốc gia", None, None, 1300],
            [None, "- Khuyến công địa phương", None, None, 2700]]
    merges = {"TH 2023": ["A6:A7", "B6:B7", "C6:E6"]}
    code, codes, totals = _summary(book({"TH 2023": rows}, merges=merges))
    assert code == 0 and codes == [], codes
    assert {p: totals[p]["executed"] for p in totals} == {
        "KCQG": 1_300 * M, "KCDP": 2_700 * M, "ALL": 4_000 * M}
    rows[-2][4] = 1200
    code, codes, _ = _summary(book({"TH 2023": rows}, merges=merges))
    assert code == 1 and "KC305" in codes


def test_program_rows_under_each_province(book):
    """``- KCQG`` / ``- KCĐP`` under each province in one column: the province row is
    their sum, the program rows are the figures (of that province)."""
    rows = [["BỘ CÔNG THƯƠNG"], [], ["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2023"], UNIT, [],
            ["STT", "Tỉnh, thành phố", "Kinh phí thực hiện"],
            [1, "Thanh Hóa", 1500], [None, "- KCQG", 500], [None, "- KCĐP", 1000],
            [2, "Nghệ An", 2500], [None, "- KCQG", 800], [None, "- KCĐP", 1700],
            [None, "Tổng cộng", 4000]]
    code, codes, totals = _summary(book(rows))
    assert code == 0 and codes == [], codes
    assert {p: totals[p]["executed"] for p in totals} == {
        "KCQG": 1_300 * M, "KCDP": 2_700 * M, "ALL": 4_000 * M}
    data = cli_json("summarize", book(rows), "--by", "province")
    got = {(r["province"], r["program"]): r["executed"] for r in data["rows"]
           if r["program"] != "ALL"}
    assert got == {("Thanh Hóa", "KCQG"): 500 * M, ("Thanh Hóa", "KCDP"): 1_000 * M,
                   ("Nghệ An", "KCQG"): 800 * M, ("Nghệ An", "KCDP"): 1_700 * M}, got


def test_two_tables_stacked_on_one_sheet(book):
    """A KCQG table, a blank row, then the KCĐP table with its header repeated: the
    repeated header is no data (it was a KC201) and each ``Cộng`` closes its table."""
    hdr = ["STT", "Tên đề án", "Kinh phí khuyến công hỗ trợ"]
    rows = _plan([[None, "I. KẾ HOẠCH KHUYẾN CÔNG QUỐC GIA"], hdr,
                  [1, "Hỗ trợ máy cơ khí", 400], [2, "Hỗ trợ máy sấy", 300], [None, "Cộng", 700],
                  [], [None, "II. KẾ HOẠCH KHUYẾN CÔNG ĐỊA PHƯƠNG"], hdr,
                  [1, "Đào tạo nghề", 200], [2, "Hội chợ", 300], [None, "Cộng", 500]])
    code, codes, totals = _summary(book(rows))
    assert code == 0 and codes == [], codes
    assert {p: (totals[p]["planned"], totals[p]["projects_planned"]) for p in totals} == {
        "KCQG": (700 * M, 2), "KCDP": (500 * M, 2), "ALL": (1_200 * M, 4)}
    rows[-1][2] = 600
    code, codes, _ = _summary(book(rows))
    assert code == 1 and "KC305" in codes and "KC201" not in codes


def test_a_table_without_any_figure_is_read(book):
    """No row with a figure: nothing is a group (the search for the next row with
    figures found none and the reader crashed)."""
    rows = _plan([["STT", "Tên đề án", "Kinh phí khuyến công hỗ trợ"],
                  [1, "Hỗ trợ máy cơ khí", None], ["a", "Máy sấy", None]])
    assert cli("validate", book(rows)).exit_code in (0, 1)
    assert cli_json("summarize", book(rows))["totals"] == []


# ---- a summary sheet over the file's own đề án lists -----------------------------------

def _d16_codes(data):
    return [d for d in data["diagnostics"] if d["code"] == "KC316"]


def test_a_summary_sheet_repeating_the_files_lists_is_said(book):
    """``Tổng hợp`` (by province) sums the two đề án lists of the same file: the totals
    add both, and that is said for each province with both sides' amounts (it was
    added in silence); lists of distinct đề án in two sheets are not."""
    head = [["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], []]
    lists = {
        "Bình Định": head + [["STT", "Tên đề án", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
                             [1, "Hỗ trợ máy sấy", "Bình Định", "KCĐP", 300],
                             [2, "Hỗ trợ máy cơ khí", "Bình Định", "KCĐP", 200]],
        "Phú Yên": head + [["STT", "Tên đề án", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
                           [1, "Hỗ trợ máy dệt", "Phú Yên", "KCĐP", 400]],
    }
    summary = head + [["STT", "Tỉnh", "KCĐP"], [1, "Bình Định", 500], [2, "Phú Yên", 400],
                      [None, "Tổng cộng", 900]]
    path = book({"Tổng hợp": summary, **lists})
    data = cli_json("summarize", path)
    assert _r1_totals(data)["KCDP"]["planned"] == 1800 * M  # what the sheets add up to
    found = {(d["params"]["place"], d["params"]["summary"], d["params"]["others"],
              d["params"]["summary_sheet"]) for d in _d16_codes(data)}
    assert found == {("Bình Định", 500 * M, 500 * M, "Tổng hợp"),
                     ("Phú Yên", 400 * M, 400 * M, "Tổng hợp")}
    assert all(d["severity"] == "warning" and d["params"]["phase"] == "planned"
               for d in _d16_codes(data))
    english = cli_json("summarize", path, "--lang", "en")
    assert any("summary sheet 'Tổng hợp'" in d["message"] for d in _d16_codes(english))
    # the hint's way out: one side only
    assert all("--sheet 'Tổng hợp'" in d["hint"] for d in _d16_codes(data))
    alone = cli_json("summarize", path, "--sheet", "Tổng hợp")
    assert not _d16_codes(alone) and _r1_totals(alone)["KCDP"]["planned"] == 900 * M
    lists_only = cli_json("summarize", path, "--sheet", "Bình Định", "--sheet", "Phú Yên")
    assert not _d16_codes(lists_only) and _r1_totals(lists_only)["KCDP"]["planned"] == 900 * M

    # the same lists without the summary sheet: no finding; one province split over two
    # list sheets (first and second half of the year's đề án) adds up as it should
    split = book({"Đợt 1": lists["Bình Định"][:4] + [lists["Bình Định"][4]],
                  "Đợt 2": lists["Bình Định"][:4] + [lists["Bình Định"][5]]})
    data = cli_json("summarize", split)
    assert not _d16_codes(data)
    assert _r1_totals(data)["KCDP"]["planned"] == 500 * M


def test_sheets_of_different_months_are_no_repeat_but_a_plan_beside_them_is(book):
    """6 and 9 months of the same year are two lines, never added together: no KC316.
    A plan sheet beside the 9-month sheet that states the plan too is added to it."""
    def months(n):
        return [[f"BÁO CÁO KẾT QUẢ KHUYẾN CÔNG {n} THÁNG ĐẦU NĂM 2022"],
                ["Đơn vị tính: triệu đồng"], [], ["STT", "Tỉnh", "Kế hoạch", "Thực hiện"],
                [1, "Bình Định", 1000, 100 * n], [2, "Phú Yên", 800, 50 * n]]

    two = book({"6 tháng": months(6), "9 tháng": months(9)})
    data = cli_json("summarize", two)
    assert not _d16_codes(data)
    plan = [["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"], ["Đơn vị tính: triệu đồng"], [],
            ["STT", "Tỉnh", "Kế hoạch"], [1, "Bình Định", 1000], [2, "Phú Yên", 800]]
    beside = book({"Tổng hợp": plan, "9 tháng": months(9)})
    found = {(d["params"]["place"], d["params"]["phase"]) for d in _d16_codes(
        cli_json("summarize", beside))}
    assert found == {("Bình Định", "planned"), ("Phú Yên", "planned")}
