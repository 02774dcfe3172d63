"""Outputs people can act on: findings never hidden behind "đã ghi", exit codes by
--fail-on on every command, a closed pipe ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from kcbudget.cli.app import app

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(map(str, args)), env=env)


def with_a_wrong_total(book):
    return book({"TH 2021": [
        ["THỰC HIỆN NĂM 2021"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
        [1, "Bình Định", "KCQG", 1000],
        [2, "Gia Lai", "KCĐP", 2000],
        [None, "Tổng cộng", None, 3500],
    ]})


def test_summarize_xlsx_prints_the_findings_before_written_and_exits_1(book, tmp_path):
    path = with_a_wrong_total(book)
    out = tmp_path / "tong-hop.xlsx"
    result = run("summarize", path, "--format", "xlsx", "--out", out)
    assert result.exit_code == 1, result.output
    assert out.exists()
    err = result.stderr
    assert "KC305" in err and "'TH 2021'!D6" in err
    assert err.index("KC305") < err.index("đã ghi")
    assert result.stdout == ""


def test_summarize_fail_on_warning_and_error(book, tmp_path):
    path = book({"TH 2021": [
        ["THỰC HIỆN NĂM 2021"],
        ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],  # no unit: KC105, a warning
        [1, "Bình Định", "KCQG", 1000],
    ]})
    assert run("summarize", path, "--format", "json").exit_code == 0
    result = run("summarize", path, "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 1
    assert "KC105" in result.stderr


def test_summarize_of_a_workbook_without_a_table_exits_1(book):
    path = book({"Ghi chú": [["Báo cáo sẽ gửi sau"]]})
    result = run("summarize", path, "--format", "json")
    assert result.exit_code == 1
    assert "KC103" in result.stderr


def test_reconcile_xlsx_prints_the_swapped_warning_and_the_outcomes_exit(tmp_path):
    out = tmp_path / "doi-chieu.xlsx"
    plan = SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"
    actual = SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"
    result = run("reconcile", actual, plan, "--format", "xlsx", "--out", out,
                 "--fail-on", "warning")
    assert result.exit_code == 1
    err = result.stderr
    assert "KC405" in err and err.index("KC405") < err.index("đã ghi")
    assert out.exists()


def test_reconcile_json_to_stdout_keeps_stdout_json_and_findings_on_stderr(tmp_path):
    import json

    plan = SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"
    actual = SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"
    result = run("reconcile", actual, plan, "--format", "json")
    json.loads(result.stdout)
    assert "KC405" in result.stderr


def test_quiet_drops_the_written_line_not_the_findings(book, tmp_path):
    path = with_a_wrong_total(book)
    out = tmp_path / "t.csv"
    result = run("summarize", path, "--format", "csv", "--out", out, "--quiet")
    assert result.exit_code == 1
    assert "KC305" in result.stderr and "đã ghi" not in result.stderr


def _closed_pipe(*args) -> subprocess.CompletedProcess:
    """Run kcbudget with its stdout a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "kcbudget", *map(str, args)],
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    return proc


def test_a_closed_pipe_ends_quietly_with_the_shells_status():
    proc = _closed_pipe("validate", SAMPLES / "mien-trung-2021-bao-cao.xlsx", "--format", "json")
    assert proc.stderr == ""
    assert proc.returncode == 141
    proc = _closed_pipe("summarize", SAMPLES / "toan-quoc-2022.xlsx", "--by", "province")
    assert proc.stderr == ""
    assert proc.returncode == 141


# ---------------------------------------------------------------- numbers never cut

def _big_pair(tmp_path):
    """Amounts of millions of triệu (2.682.720,5 triệu đồng) and long names: what a
    national plan looks like, and what an 80-column terminal cut before."""
    from tests.conftest import write_book

    head = [["KẾ HOẠCH KHUYẾN CÔNG NĂM 2023"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"]]
    name = "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến nông sản xuất khẩu"
    plan = head + [[1, "QG-2023-0001", name, "KCQG", 2682720.5],
                   [2, "QG-2023-0002", name + " (giai đoạn 2)", "KCĐP", 1234567.8],
                   [3, "QG-2023-0003", "Đào tạo nghề", "KCĐP", 99.9]]
    actual = [["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2023"], ["Đơn vị tính: triệu đồng"],
              head[2]] + [[1, "QG-2023-0001", name, "KCĐP", 1682720.4],
                          [2, "QG-2023-0002", name, "KCĐP", 9234567.8],
                          [3, "QG-2023-0009", "Hội chợ", "KCĐP", 12.5]]
    return (write_book(tmp_path / "ke-hoach.xlsx", {"KH 2023": plan}),
            write_book(tmp_path / "thuc-hien.xlsx", {"TH 2023": actual}))


def _amounts(plan, actual) -> set[str]:
    """Every amount and percentage the view shows, formatted as the view formats them."""
    from kcbudget.engine.reconcile import reconcile
    from kcbudget.render.reconcile import _amount, _pct
    from kcbudget.model.units import Unit

    result = reconcile(plan, actual)
    shown = set()
    for tot in result.totals:
        shown |= {_amount(v, "vi", Unit.trieu) for v in (tot.planned, tot.executed, tot.variance)}
        shown |= {_pct(v, "vi") for v in (tot.attainment_pct, tot.share_planned_pct,
                                           tot.share_executed_pct)}
    for p in result.projects:
        if p.outcome != "matched":
            shown |= {_amount(p.variance, "vi", Unit.trieu)}
            if p.plan_row:
                shown.add(_amount(p.planned, "vi", Unit.trieu))
            if p.actual_row:
                shown.add(_amount(p.executed, "vi", Unit.trieu))
    return shown - {"—"}


def _whole(text: str, number: str) -> bool:
    import re

    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d,])", text) is not None


def test_reconcile_at_80_columns_and_piped_keeps_every_amount_whole(tmp_path, kcbudget_server):
    """The view in-process at narrow widths, then the command in a process of its own
    (tests/forked_cli.py) at COLUMNS=80 and into a pipe, as a terminal and a CI log
    show it."""
    plan, actual = _big_pair(tmp_path)
    shown = _amounts(plan, actual)
    assert "2.682.720,5" in shown
    from rich.console import Console

    from kcbudget.engine.reconcile import reconcile
    from kcbudget.render.reconcile import print_view

    result = reconcile(plan, actual)
    for width in (40, 60, 72):  # narrower still, in-process
        console = Console(width=width, record=True, color_system=None)
        print_view(result, "vi", console=console)
        text = console.export_text()
        assert max(len(line) for line in text.splitlines()) <= width
        assert not [n for n in shown if not _whole(text, n)], width
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    for columns in ("80", None):  # the command at COLUMNS=80, and piped as in a CI log
        run_env = dict(env, **({"COLUMNS": columns} if columns else {}))
        proc = subprocess.run([str(kcbudget_server.bin / "kcbudget"), "reconcile", str(plan),
                               str(actual)], capture_output=True, text=True, env=run_env,
                              timeout=120)
        assert proc.returncode == 1, proc.stderr  # an over-execution and a conflict
        out = proc.stdout
        assert "…" not in out, columns
        missing = [n for n in shown if not _whole(out, n)]
        assert not missing, (columns, missing, out)
        if columns:  # the findings under the view wrap too
            assert max(len(line) for line in out.splitlines()) <= int(columns), columns
        # names are read a word at a time, not four letters a line
        assert "Hỗ trợ ứng dụng máy móc" in out.replace("\n", " ") or "Hỗ trợ ứng dụng" in out


def test_reconcile_sample_view_fits_every_width():
    from rich.console import Console

    from kcbudget.engine.reconcile import reconcile
    from kcbudget.render.reconcile import print_view

    plan = SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"
    actual = SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"
    result = reconcile(plan, actual)
    shown = _amounts(plan, actual)
    for width in range(40, 131, 9):
        console = Console(width=width, record=True, color_system=None)
        print_view(result, "vi", console=console)
        text = console.export_text()
        assert max(len(line) for line in text.splitlines()) <= width, width
        assert not [n for n in shown if not _whole(text, n)], width


def test_out_without_format_writes_what_the_file_name_says(book, tmp_path):
    """A user who writes --out tong-hop.xlsx gets a workbook, not Markdown in a .xlsx
    name; .docx a Word file, .json JSON, .sarif SARIF."""
    import json
    import zipfile

    path = with_a_wrong_total(book)
    cases = {"tong-hop.xlsx": "xl/workbook.xml", "bao-cao.docx": "word/document.xml"}
    for name, member in cases.items():
        out = tmp_path / name
        result = run("summarize", path, "--out", out, "-q")
        assert result.exit_code == 1, result.output  # the planted KC305
        assert member in zipfile.ZipFile(out).namelist()
    out = tmp_path / "tong-hop.json"
    assert run("summarize", path, "--out", out, "-q").exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["rows"]
    out = tmp_path / "ket-qua.sarif"
    assert run("validate", path, "--out", out, "-q").exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    out = tmp_path / "doi-chieu.xlsx"
    result = run("reconcile", SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                 SAMPLES / "binh-dinh-2022-thuc-hien.xlsx", "--out", out, "-q")
    assert result.exit_code in (0, 1) and zipfile.is_zipfile(out)
    # a name that names no format keeps the command's own (Markdown for a table)
    out = tmp_path / "tong-hop.bang"
    assert run("summarize", path, "--out", out, "-q").exit_code == 1
    assert "\n| Nguồn | Kế hoạch |" in out.read_text(encoding="utf-8")


def test_a_format_that_contradicts_the_file_name_is_refused(book, tmp_path):
    path = with_a_wrong_total(book)
    for fmt, name in (("csv", "a.xlsx"), ("xlsx", "a.csv"), ("markdown", "a.docx"),
                      ("docx", "a.json")):
        out = tmp_path / name
        result = run("summarize", path, "--format", fmt, "--out", out)
        assert result.exit_code == 2, result.output
        assert f"--format {fmt}" in result.stderr and name in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not out.exists()
    # text formats into a text name of another kind are the user's choice
    out = tmp_path / "a.txt"
    assert run("summarize", path, "--format", "json", "--out", out, "-q").exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("{")


def test_a_help_page_into_a_closed_pipe_ends_quietly_with_the_shells_status():
    """The root page (Rich alone) and a command's page (typer's Rich console) end as the
    commands do when the reader of the pipe has gone: nothing on stderr, status 141,
    not Rich's exit status 1."""
    for args in (["--help"], ["validate", "--help"], ["summarize", "-h"]):
        proc = _closed_pipe(*args)
        assert (proc.returncode, proc.stderr) == (141, ""), args
