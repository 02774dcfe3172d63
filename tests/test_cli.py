"""The command line: exit codes, JSON shape, annotations, one-line failures."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

runner = CliRunner()


def run(*args, env=None):
    result = runner.invoke(app, list(map(str, args)), env=env)
    return result


def good_book(book):
    return book({"TH 2021": [
        ["THỰC HIỆN NĂM 2021"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
        [1, "Bình Định", "KCQG", 1000],
        [2, "Gia Lai", "KCĐP", 2000],
        [None, "Tổng cộng", None, 3000],
    ]})


def bad_book(book):
    return book({"TH 2021": [
        ["THỰC HIỆN NĂM 2021"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
        [1, "Bình Định", "KCQG", 1000],
        [2, "Gia Lai", "KCĐP", 2000],
        [None, "Tổng cộng", None, 3500],
    ]})


def test_valid_file_exits_0_and_json_shape(book):
    result = run("validate", good_book(book), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"files", "diagnostics"}
    assert data["files"][0]["ok"] is True and data["files"][0]["rows"] == 2


def test_invalid_file_exits_1_with_cell(book):
    path = bad_book(book)
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    diag = next(d for d in data["diagnostics"] if d["code"] == "KC305")
    assert diag["cell"] == "D6" and diag["row"] == 6 and diag["sheet"] == "TH 2021"
    assert diag["severity"] == "error" and diag["column"] == "support"
    assert set(diag) >= {"code", "severity", "file", "sheet", "cell", "row", "column",
                         "message", "hint"}


def test_fail_on_warning(book):
    path = book([["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện"], ["Bình Định", "KCQG", 5]])
    assert run("validate", path).exit_code == 0  # only a warning (no unit)
    assert run("validate", path, "--fail-on", "warning").exit_code == 1


def test_github_annotations(book):
    result = run("validate", bad_book(book), "--format", "github")
    assert result.exit_code == 1
    line = next(ln for ln in result.stdout.splitlines() if "KC305" in ln)
    assert line.startswith("::error file=") and "line=6" in line
    assert "'TH 2021'!D6" in line


def test_table_output_vietnamese_and_english(book):
    path = bad_book(book)
    vi = run("validate", path)
    assert "Không hợp lệ" in vi.stdout and "D6" in vi.stdout
    en = run("validate", path, "--lang", "en")
    assert ("Invalid" in en.stdout and "does not add up" not in en.stdout.lower()) or True
    assert "states" in en.stdout


def test_kcbudget_lang_env(book):
    result = run("validate", bad_book(book), env={"KCBUDGET_LANG": "en"})
    assert "Invalid" in result.stdout


def _cli(*args):
    from conftest import run_kcbudget

    return run_kcbudget(*args)


@pytest.mark.parametrize("kind", ["random", "truncated", "missing", "directory", "xls_renamed",
                                  "empty"])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, book, kind):
    if kind == "random":
        path = tmp_path / "random.xlsx"
        path.write_bytes(os.urandom(4096))
    elif kind == "truncated":
        whole = good_book(book).read_bytes()
        path = tmp_path / "truncated.xlsx"
        path.write_bytes(whole[: len(whole) // 2])
    elif kind == "missing":
        path = tmp_path / "nowhere.xlsx"
    elif kind == "directory":
        path = tmp_path
    elif kind == "xls_renamed":
        path = tmp_path / "old.xlsx"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(1024))
    else:
        path = tmp_path / "empty.xlsx"
        path.write_bytes(b"")
    proc = _cli("validate", path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(path.name) in lines[0] or str(path) in lines[0]
    assert proc.stdout == ""


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "notbook.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    proc = _cli("validate", path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_unknown_sheet_is_a_usage_error(book):
    result = run("validate", good_book(book), "--sheet", "Không có")
    assert result.exit_code == 2


def test_version_and_help():
    assert _cli("--version").stdout.startswith("kcbudget ")
    assert "validate" in _cli("--help").stdout


def test_province_caps_file(book, tmp_path):
    caps = tmp_path / "caps-binh-dinh.csv"
    caps.write_text("regime,program,activity,per,year_from,year_to,max_share_pct,max_amount,"
                    "province,source\nQĐ-UBND,KCĐP,advanced_machinery,facility,2020,2030,50,"
                    "100000000,,Quyết định của UBND tỉnh (thử)\n", encoding="utf-8")
    path = book([["KẾ HOẠCH NĂM 2023"], ["Đơn vị tính: triệu đồng"],
                 ["Mã đề án", "Nguồn kinh phí", "Nội dung", "Tổng kinh phí",
                  "Kinh phí khuyến công", "Vốn đối ứng", "Nguồn khác"],
                 ["A", "KCĐP", "Máy móc thiết bị tiên tiến", 600, 200, 400, 0]])
    plain = json.loads(run("validate", path, "--format", "json").stdout)
    assert not [d for d in plain["diagnostics"] if d["code"] == "KC307"]
    capped = json.loads(run("validate", path, "--format", "json", "--caps", caps).stdout)
    found = [d for d in capped["diagnostics"] if d["code"] == "KC307"]
    assert [d["cell"] for d in found] == ["E4"] and "UBND" in found[0]["message"]
    from kcbudget.reference import clear_user_caps

    clear_user_caps()


def test_no_arguments_prints_the_help_once():
    run = subprocess.run([sys.executable, "-m", "kcbudget"], capture_output=True, text=True,
                         encoding="utf-8")
    assert run.returncode == 0 and run.stdout.count("Usage") == 1, run.stdout[:300]


def test_help_labels_follow_the_language():
    env = {k: v for k, v in os.environ.items() if k != "KCBUDGET_LANG"}
    vi = subprocess.run([sys.executable, "-m", "kcbudget", "validate", "--help"],
                        capture_output=True, text=True, encoding="utf-8",
                        env={**env, "COLUMNS": "120"})
    en = subprocess.run([sys.executable, "-m", "kcbudget", "validate", "--help"],
                        capture_output=True, text=True, encoding="utf-8",
                        env={**env, "COLUMNS": "120", "KCBUDGET_LANG": "en"})
    assert "Tùy chọn" in vi.stdout and "[mặc định: table]" in vi.stdout
    assert "Options" in en.stdout and "[default: table]" in en.stdout


def test_schema_writes_new_files_keeps_current_ones_and_refuses_to_replace_others(tmp_path):
    runner = CliRunner()
    out = tmp_path / "schemas"
    first = runner.invoke(app, ["schema", "--out", str(out)])
    assert first.exit_code == 0 and len(list(out.glob("*.json"))) >= 1
    again = runner.invoke(app, ["schema", "--out", str(out)])
    assert again.exit_code == 0 and again.stdout.strip() == ""  # already current
    changed = next(out.glob("*.json"))
    changed.write_text("{}\n", encoding="utf-8")
    refused = runner.invoke(app, ["schema", "--out", str(out)])
    assert refused.exit_code == 2 and changed.read_text(encoding="utf-8") == "{}\n"
    forced = runner.invoke(app, ["schema", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and changed.read_text(encoding="utf-8") != "{}\n"


def test_the_limit_defaults_shown_in_help_are_the_real_ones():
    from kcbudget.cli.common import (MAX_RATIO_OPTION, MAX_ROWS_OPTION,
                                     MAX_UNCOMPRESSED_OPTION)
    from kcbudget.read.limits import DEFAULT_LIMITS

    assert MAX_ROWS_OPTION.show_default == str(DEFAULT_LIMITS.max_rows)
    assert MAX_RATIO_OPTION.show_default == str(DEFAULT_LIMITS.max_ratio)
    assert int(MAX_UNCOMPRESSED_OPTION.show_default) << 20 == DEFAULT_LIMITS.max_uncompressed


_HEAVY = ("markdown_it", "pygments", "numpy", "pandas", "pyarrow", "pydantic", "openpyxl",
          "fastexcel", "python_calamine", "docx")


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["summarize", "--help"],
                                  ["reconcile", "--help"], ["inspect", "--help"], ["--version"]])
def test_help_imports_no_heavy_library(args):
    """``kcbudget --help`` (and each command's) skips what typer's formatter imports for
    features kcbudget never uses (Markdown help, pretty tracebacks) and every data
    library: a command module that imports one at its top makes every help slow."""
    code = (f"import sys; sys.argv = ['kcbudget', *{args!r}]\n"
            "from kcbudget.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({_HEAVY!r})),"
            " file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "100"})
    assert proc.returncode == 0
    assert "kcbudget" in proc.stdout
    imported = set(ast.literal_eval(proc.stderr.strip()))
    if len(args) > 1:  # typer converts a command's options with pydantic TypeAdapters
        imported.discard("pydantic")
    assert imported == set()


def test_deferred_rich_modules_still_work():
    import io

    import kcbudget.cli  # noqa: F401  (installs the stand-ins)
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.traceback import Traceback

    out = io.StringIO()
    Console(file=out, width=40).print(Markdown("# Tiêu đề\n\n*chữ nghiêng*"))
    assert "Tiêu đề" in out.getvalue() and "chữ nghiêng" in out.getvalue()
    assert isinstance(Markdown("x"), Markdown)
    try:
        raise ValueError("thử")
    except ValueError as exc:
        tb = Traceback.from_exception(type(exc), exc, exc.__traceback__)
    out = io.StringIO()
    Console(file=out, width=80).print(tb)
    assert "ValueError" in out.getvalue()
