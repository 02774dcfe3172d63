"""Fixtures that build workbooks in code, so each test shows the sheet it reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# every finding made while the tests run has only the params PARAMS declares for its
# code, each of its kind (kcbudget.model.codes.diagnose checks; CLI subprocesses too)
os.environ["KCBUDGET_CHECK_PARAMS"] = "1"


def write_book(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
               fonts: dict[str, dict[str, str]] | None = None,
               hidden: tuple[str, ...] = (), formats: dict[str, dict[str, str]] | None = None) -> Path:
    """``sheets``: name → rows (lists of cell values, from A1).  ``merges``: name → ranges.
    ``fonts``: name → {cell: font name}.  ``formats``: name → {cell: number format}."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for cell, font in (fonts or {}).get(name, {}).items():
            ws[cell].font = Font(name=font)
        for cell, fmt in (formats or {}).get(name, {}).items():
            ws[cell].number_format = fmt
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def rewrite_members(path: Path, name: str, edit) -> Path:
    """A copy of the workbook beside it, named ``name``, with
    ``edit(member name, bytes) -> bytes`` applied to each zip member."""
    import zipfile

    out = path.with_name(name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, edit(item.filename, src.read(item.filename)))
    return out


@pytest.fixture
def book(tmp_path):
    counter = {"n": 0}

    def make(sheets, **kw) -> Path:
        counter["n"] += 1
        if isinstance(sheets, list):
            sheets = {"Sheet1": sheets}
        return write_book(tmp_path / f"book{counter['n']}.xlsx", sheets, **kw)

    return make


def run_kcbudget(*args, env: dict[str, str | None] | None = None):
    """``python -m kcbudget ARGS`` in this process: the same ``main()`` (usage errors,
    exit codes, one-line failures), with stdout and stderr captured and ``env``
    applied for the run (a value of None removes the variable).  Far cheaper than a new
    Python per call; an exception that escapes is printed as the interpreter would, so
    a "no traceback" assertion still sees it.  What is decided when the CLI is first
    imported (the language of --help) still needs a real process."""
    import contextlib
    import io
    import os
    import subprocess
    import sys
    import traceback

    from kcbudget.cli.app import main

    argv = ["kcbudget", *map(str, args)]
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    out, err = io.StringIO(), io.StringIO()
    old_argv = sys.argv
    code = 0
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        sys.argv = argv
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                traceback.print_exc()
                code = 1
    finally:
        sys.argv = old_argv
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())
