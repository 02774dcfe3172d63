"""Injection from workbook text (issue 13): cells, sheet names and file names that hold
Rich markup, terminal escapes, CI workflow commands, formula starts, line breaks,
pipes, HTML and characters XML forbids, run through every command and every format.

Each output (stdout, stderr, the file written) is checked for what the attack tried:
no markup rendered and no internal error, no raw escape or control character, no line
that a CI log would run as a command (only ``--format github``'s own annotations start
with ``::``), no live formula in CSV and xlsx, CSV records and Markdown rows intact,
JUnit well-formed XML, JSON that parses.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import rewrite_members, write_book

ATTACKS = ["[/]", "[bold red]ĐÃ DUYỆT[/]", "[link=http://evil.example]bấm[/link]",
           "a\x1b[2J\x1b[Hb", "\x1b]0;title\x07", "\x1b]8;;http://evil.example\x1b\\x",
           "c\x9b31md", "x\n::add-mask::x", "y\n::stop-commands::pwn", "n\r=cmd|' /C calc'!A0",
           "p|q\nr|s", "<script>alert(1)</script>", "e\x01\x02f", "##vso[task.setvariable]x",
           "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1)", "\u202eevil"]
SHEET_NAME = "[bold red]OK[/] \n::add-mask::s \x9b2J"  # XML 1.0 allows no ESC here
FILE_NAME = "[bold red]ĐÃ DUYỆT \x1b]0;t\x07 x\n::stop-commands::pwn"  # no "/" in a name
HEADER = ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Tỉnh",
          "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng", "Trạng thái"]
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
ANNOTATION = re.compile(r"^::(error|warning|notice) file=[^\n]*::")


def _rows(title: str, extra: int) -> list[list]:
    rows = [["SỞ CÔNG THƯƠNG TỈNH BÌNH ĐỊNH"], [title], ["Đơn vị tính: triệu đồng"], HEADER]
    for i, text in enumerate(ATTACKS, 1):
        rows.append([i, f"ID{i} {text}", f"{text} (đề án)", text,
                     "KCĐP" if i % 2 else "KCQG", text, 100 + extra * i, 50 + extra * i, 50,
                     "Kế hoạch" if i % 3 else text])
    rows.append([None, None, "Tổng cộng"])
    return rows


def _xml_escape(text: str) -> bytes:
    out = []
    for ch in text:
        if ch in "&<>\"":
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"&#{ord(ch)};")  # calamine reads these, as a hostile file has them
        else:
            out.append(ch)
    return "".join(out).encode()


def attack_xlsx(folder: Path, title: str, extra: int, name: str) -> Path:
    """A project sheet whose cells and sheet name hold the attacks: written by openpyxl
    with placeholders, then the placeholders replaced by the raw characters (openpyxl
    refuses control characters; a crafted file has them)."""
    rows = _rows(title, extra)
    texts: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value not in HEADER and r > 2:
                key = f"PLACEHOLDER{len(texts):03d}Z"
                texts[key] = value
                row[c] = key
    base = write_book(folder / "base.xlsx", {"KH 2022": rows})

    def edit(member: str, data: bytes) -> bytes:
        if member == "xl/workbook.xml":
            return data.replace(b'name="KH 2022"', b'name="' + _xml_escape(SHEET_NAME) + b'"')
        if member.startswith("xl/worksheets/"):
            for key, value in texts.items():
                data = data.replace(key.encode(), _xml_escape(value))
        return data

    out = rewrite_members(base, name, edit)
    base.unlink()
    return out


def attack_csv(path: Path, title: str, extra: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(_rows(title, extra))
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacks")
    plan = attack_xlsx(folder, "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022", 0, FILE_NAME + " plan.xlsx")
    actual = attack_xlsx(folder, "THỰC HIỆN KHUYẾN CÔNG NĂM 2022", 1, FILE_NAME + " th.xlsx")
    plan_csv = attack_csv(folder / (FILE_NAME + " plan.csv"), "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022", 0)
    actual_csv = attack_csv(folder / (FILE_NAME + " th.csv"), "THỰC HIỆN KHUYẾN CÔNG NĂM 2022", 1)
    import fastexcel

    assert fastexcel.read_excel(str(plan)).sheet_names == [SHEET_NAME]
    return {"xlsx": (plan, actual), "csv": (plan_csv, actual_csv)}


def invoke(*args):
    from typer.testing import CliRunner

    from kcbudget.cli.app import app

    result = CliRunner().invoke(app, [str(a) for a in args],
                                env={"KCBUDGET_LANG": "en", "COLUMNS": "160"})
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return result


def assert_no_command_lines(text: str, annotations: bool = False) -> None:
    for line in text.splitlines():
        if annotations and ANNOTATION.match(line):
            continue
        assert not line.lstrip(" \t").startswith("::"), line
        assert "##[" not in line and "##vso[" not in line.lower(), line


def assert_clean_text(text: str, annotations: bool = False) -> None:
    assert "Traceback" not in text and "internal error" not in text.lower(), text[-2000:]
    found = RAW_CONTROL.search(text.replace("\t", " "))
    assert found is None, (found.group(0), text[max(0, found.start() - 80):found.end() + 80])
    assert "\r" not in text
    assert_no_command_lines(text, annotations)


def assert_csv_intact(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) > 1
    width = len(rows[0])
    for row in rows:
        assert len(row) == width, row
        for cell in row:
            for line in cell.split("\n"):
                if line[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    float(line)  # only a number may start so (a negative amount)


def assert_markdown_intact(text: str) -> None:
    table_lines = [line for line in text.splitlines() if line.startswith("|")]
    assert table_lines
    widths = set()
    for line in table_lines:
        if set(line) <= set("|-: "):
            widths.add("sep")
            continue
        widths.add(None)
        assert line.endswith(" |"), line
        assert "<" not in line.replace("<br>", ""), line
    blocks = re.split(r"\n(?!\|)", text)
    for block in blocks:
        rows = [line for line in block.splitlines() if line.startswith("|")]
        counts = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
        assert len(counts) <= 1, rows  # every row of a table has its header's cells


def assert_xlsx_safe(path: Path) -> None:
    from openpyxl import load_workbook

    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@", "\t", "\r") \
                        or cell.value == "-", (ws.title, cell.coordinate, cell.value)


def assert_docx_safe(path: Path) -> None:
    """Opens with python-docx; every paragraph and cell is clean text, none a command."""
    import docx

    document = docx.Document(str(path))
    found = [p.text for p in document.paragraphs]
    found += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("ĐÃ DUYỆT" in text for text in found)  # the file names, shown
    for text in found:
        assert_clean_text(text)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_validate_every_format(books, kind):
    plan, _ = books[kind]
    table = invoke("validate", plan)
    assert_clean_text(table.stdout + table.stderr)
    assert "[/]" in table.stdout  # shown as text: never taken as markup
    if kind == "xlsx":
        assert "[bold red]OK[/]" in table.stdout  # the sheet name, as its characters
    report = invoke("validate", plan, "--format", "json")
    assert_clean_text(report.stdout + report.stderr)
    data = json.loads(report.stdout)
    assert data["diagnostics"] and data["files"][0]["file"] == str(plan)
    github = invoke("validate", plan, "--format", "github")
    assert_clean_text(github.stdout + github.stderr, annotations=True)
    assert github.stdout.startswith("::")
    junit = invoke("validate", plan, "--format", "junit")
    assert_clean_text(junit.stdout + junit.stderr)
    root = ET.fromstring(junit.stdout.split("\n", 1)[1])  # well-formed XML 1.0
    assert root.find("testsuite") is not None
    sarif = invoke("validate", plan, "--format", "sarif")
    assert_clean_text(sarif.stdout + sarif.stderr)
    assert json.loads(sarif.stdout)["runs"][0]["results"]
    markdown = invoke("validate", plan, "--format", "markdown")
    assert_clean_text(markdown.stdout + markdown.stderr)
    assert_markdown_intact(markdown.stdout)
    layout = invoke("inspect", plan)
    assert_clean_text(layout.stdout + layout.stderr)
    assert "[/]" in layout.stdout or kind == "csv"
    layout_json = invoke("inspect", plan, "--format", "json")
    assert_clean_text(layout_json.stdout + layout_json.stderr)
    json.loads(layout_json.stdout)


@pytest.mark.parametrize("kind", ["xlsx"])  # the CSV input path: validate and reconcile
def test_summarize_every_format(books, kind, tmp_path):
    plan, actual = books[kind]
    for by in ("province,category",):
        for fmt in ("table", "json", "csv", "markdown", "text"):
            result = invoke("summarize", plan, actual, "--by", by, "--format", fmt)
            assert_clean_text(result.stdout + result.stderr)
            if fmt == "json":
                json.loads(result.stdout)
            elif fmt == "csv":
                assert_csv_intact(result.stdout)
            elif fmt == "markdown":
                assert_markdown_intact(result.stdout)
            elif fmt == "text":  # the findings quote the cells, the file and sheet names
                assert "[bold red]OK[/]" in result.stdout and "::stop-commands" in result.stdout
        out = tmp_path / f"s-{by}.xlsx"
        result = invoke("summarize", plan, actual, "--by", by, "--format", "xlsx", "--out", out)
        assert_clean_text(result.stderr)
        assert_xlsx_safe(out)
        out = tmp_path / f"s-{by}.docx"
        result = invoke("summarize", plan, actual, "--by", by, "--format", "docx", "--out", out)
        assert_clean_text(result.stderr)
        assert_docx_safe(out)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_reconcile_every_format(books, kind, tmp_path):
    plan, actual = books[kind]
    seen_markup = False
    for fmt in ("table", "json", "csv", "markdown"):
        result = invoke("reconcile", plan, actual, "--format", fmt)
        assert_clean_text(result.stdout + result.stderr)
        if fmt == "table":
            seen_markup = "[bold red]" in result.stdout or "[/]" in result.stdout
        elif fmt == "json":
            data = json.loads(result.stdout)
            assert any("ĐÃ DUYỆT" in (p["project_name"] or "") for p in data["projects"])
        elif fmt == "csv":
            assert_csv_intact(result.stdout)
            assert "'=cmd|" in result.stdout  # after the CR that became a line break
        else:
            assert_markdown_intact(result.stdout)
    assert seen_markup
    out = tmp_path / "r.xlsx"
    result = invoke("reconcile", plan, actual, "--format", "xlsx", "--out", out)
    assert_clean_text(result.stderr)
    assert_xlsx_safe(out)


def test_unreadable_files_with_hostile_names_are_one_line_each(tmp_path):
    empty = tmp_path / (FILE_NAME + ".xlsx")
    empty.write_bytes(b"")
    other = tmp_path / "x\r\n::error::spoof.xlsx"
    other.write_bytes(b"not a zip")
    from typer.testing import CliRunner

    from kcbudget.cli.app import app

    for args in (["validate", empty, other], ["validate", empty], ["summarize", other],
                 ["validate", tmp_path, "--format", "github"]):
        result = CliRunner().invoke(app, [str(a) for a in args], env={"KCBUDGET_LANG": "en"})
        assert result.exit_code == 2, result.stderr
        assert_clean_text(result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == len([a for a in args[1:] if isinstance(a, Path)
                                  and a != tmp_path]) or args[1] == tmp_path, lines
        assert all(line.startswith("kcbudget: ") for line in lines), lines
        assert_no_command_lines(result.stdout, annotations=True)
