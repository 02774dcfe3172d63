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
