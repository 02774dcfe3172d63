"""Forms a reviewer built to fool the reader (each one an ordinary shape of a real
provincial report): the totals in đồng through the CLI's JSON, and no false finding."""

from __future__ import annotations

import json

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
