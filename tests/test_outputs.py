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
