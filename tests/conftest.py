"""Fixtures that build workbooks in code, so each test shows the sheet it reads."""

from __future__ import annotations

from pathlib import Path

import pytest


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
