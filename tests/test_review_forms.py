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


# --- fix-r1: the đề án list path of engine/records.py (support columns split by program,
# several support columns, a Tổng số without its split, a months-to-date title) ---------

HEAD_2024 = [["UBND TỈNH NGHỆ AN"], ["SỞ CÔNG THƯƠNG"], [],
             ["KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], []]


def _totals(data):
    return {r["program"]: r for r in data["totals"]}


def _codes(data):
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
    assert not _codes(data), data["diagnostics"]
    got = _totals(data)
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
    assert not _codes(data), data["diagnostics"]
    got = _totals(data)
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
    got = _totals(data)
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
    got = _totals(data)
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
    assert not _codes(data), data["diagnostics"]
    got = _totals(data)["ALL"]
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
    got = _totals(cli_json("summarize", path))
    assert (got["ALL"]["planned"], got["ALL"]["executed"], got["ALL"]["months"]) == \
        (4000 * M, 2000 * M, 9)
    assert got["KCQG"]["months"] is None and got["KCDP"]["months"] is None
