"""docs/huong-dan.md shows what the tool prints: every output block marked
``<!-- guide: COMMAND -->`` is the output of COMMAND, run on the guide's own workbooks
(made from the template and filled in as its tables say) in a 100-column terminal.
A line ``…`` in a block stands for lines left out; everything else is exact."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "huong-dan.md").read_text(encoding="utf-8")
MARK = re.compile(r"^( *)<!-- guide(?: \(([^)]*)\))?: (.+?) -->\n\1```\w*\n(.*?)\n\1```",
                  re.M | re.S)


def blocks() -> list[tuple[int, str, str, list[str]]]:
    """(position, when, command, expected lines) of every marked block, in order."""
    out = []
    for m in MARK.finditer(GUIDE):
        indent = len(m.group(1))
        lines = [line[indent:].rstrip() for line in m.group(4).split("\n")]
        out.append((m.start(), m.group(2) or "", m.group(3), lines))
    return out


def shown_in(expected: list[str], actual: list[str]) -> bool:
    """The runs of ``expected`` between ``…`` lines appear in ``actual`` whole, in order."""
    runs, run = [], []
    for line in expected:
        if line.strip() == "…":
            runs.append(run)
            run = []
        else:
            run.append(line)
    runs.append(run)
    start = 0
    for run in (r for r in runs if r):
        for i in range(start, len(actual) - len(run) + 1):
            if actual[i:i + len(run)] == run:
                start = i + len(run)
                break
        else:
            return False
    return True


def kcbudget(command: str, cwd: Path) -> list[str]:
    """The command's stdout then stderr lines, run in-process in ``cwd`` at 100 columns
    (what a subprocess prints: the console is not a terminal, COLUMNS says 100)."""
    from typer.testing import CliRunner

    from kcbudget.cli.app import app

    args = shlex.split(command)
    assert args[0] == "kcbudget", command
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, args[1:], env={"COLUMNS": "100",
                                                         "KCBUDGET_LANG": None})
    finally:
        os.chdir(here)
    assert "Traceback" not in result.output, result.output
    return [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]


def test_every_output_in_the_guide_is_what_the_tool_prints(tmp_path):
    import openpyxl

    from tests.guide_books import make_guide_books
    from tests.test_failures import compound_file, docx

    folder = tmp_path / "khuyen-cong-2025"
    folder.mkdir()
    found = blocks()
    assert len(found) >= 15
    fix_at = GUIDE.index("<!-- guide-step: fix-I14 -->")
    template = next(b for b in found if b[2] == "template")
    scratch = tmp_path / "mau"
    scratch.mkdir()
    printed = []
    for kind, name in (("plan", "ke-hoach.xlsx"), ("actual", "thuc-hien.xlsx")):
        printed += kcbudget(f'kcbudget template {name} --kind {kind} --year 2025 '
                            f'--province "Bình Định"', scratch)
    assert printed == template[3], printed
    make_guide_books(folder)
    # the broken plan of section 7 and the unreadable files of its last example, in a
    # folder of their own (the guide's `validate .` is of the folder of steps 1-6)
    other = tmp_path / "muc-7"
    other.mkdir()
    SECTION_7 = ("ke-hoach-loi.xlsx", "khong-co.xlsx", "cong-van.xlsx", "mat-khau.xlsx")
    broken = other / "ke-hoach-loi.xlsx"
    book = openpyxl.load_workbook(folder / "ke-hoach.xlsx")
    sheet = book["KH 2025"]
    sheet["A5"] = None  # the unit line deleted
    sheet["J9"], sheet["D10"], sheet["J14"] = "năm trăm", "Bình Đinh", "=SUM(J8:J13)"
    book.save(broken)
    shutil.copy(folder / "ke-hoach.xlsx", other / "ke-hoach.xlsx")
    docx(other / "cong-van.xlsx")
    (other / "mat-khau.xlsx").write_bytes(compound_file({
        "EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x01" * 600}))
    fixed = False
    deferred = []
    failures = []
    for position, when, command, expected in found:
        if command == "template":
            continue
        if position > fix_at and not fixed:
            book = openpyxl.load_workbook(folder / "thuc-hien.xlsx")
            book["TH 2025"]["I14"] = 3091.4  # "Sửa ô I14 thành 3.091,4, lưu"
            book.save(folder / "thuc-hien.xlsx")
            fixed = True
        if when == "after step 6":
            deferred.append((command, expected))
            continue
        cwd = ROOT if when == "source folder" else (
            other if any(name in command for name in SECTION_7) else folder)
        actual = kcbudget(command, cwd)
        if not shown_in(expected, actual):
            failures.append((command, "\n".join(actual)))
    for command, expected in deferred:
        actual = kcbudget(command, folder)
        if not shown_in(expected, actual):
            failures.append((command, "\n".join(actual)))
    assert not failures, "\n\n".join(f"$ {c}\n{out}" for c, out in failures)


def test_the_matcher_is_strict():
    assert shown_in(["a", "b"], ["x", "a", "b"])
    assert not shown_in(["a", "b"], ["a", "x", "b"])
    assert shown_in(["a", "…", "b"], ["a", "x", "b"])
    assert not shown_in(["b", "…", "a"], ["a", "x", "b"])
