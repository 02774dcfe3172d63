"""``inspect``: what kcbudget understood of each sheet, before anyone trusts a total.

For every file, the layout of every table (:class:`~kcbudget.read.layout.Layout`),
the sheets that were not read and why (hidden, no table, figures but no khuyến
công table), and the diagnostics found while reading.  Nothing is checked beyond
reading; ``validate`` does that.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kcbudget.errors import KcbudgetError
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.read.layout import Layout
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import read_workbook

# the reading codes that say a sheet was not read
SKIP_CODES = {"KC101": "hidden", "KC102": "no_table", "KC116": "figures_without_table"}


@dataclass(frozen=True)
class Skipped:
    sheet: str
    reason: str  # hidden | no_table | figures_without_table
    code: str


@dataclass
class FileLayout:
    file: str
    layouts: list[Layout] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    declared: str | None = None  # the layout file used, if any

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "declared": self.declared,
                "sheets": [layout.to_dict() for layout in self.layouts],
                "skipped": [{"sheet": s.sheet, "reason": s.reason, "code": s.code}
                            for s in self.skipped]}


@dataclass
class InspectResult:
    files: list[FileLayout] = field(default_factory=list)
    unreadable: list[tuple[str, KcbudgetError]] = field(default_factory=list)  # (file, error)

    @property
    def ok(self) -> bool:
        return not self.unreadable

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]


def inspect(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
            options: ReadOptions | None = None, keep_going: bool = True) -> InspectResult:
    """The layout of every sheet of every file.

    >>> result = inspect(["sample_data/mien-trung-2021.xlsx"])  # doctest: +SKIP
    >>> [c.id for c in result.files[0].layouts[0].columns][:3]  # doctest: +SKIP
    ['stt', 'province', 'executed.KCQG']
    """

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = options or ReadOptions()
    result = InspectResult()
    for path in paths:
        try:
            book = read_workbook(path, opts)
        except KcbudgetError as exc:
            if not keep_going:
                raise
            result.unreadable.append((str(path), exc))
            continue
        item = FileLayout(file=book.file, diagnostics=list(book.diagnostics),
                          declared=book.declared)
        item.layouts = [t.layout for t in book.tables if t.layout is not None]
        for d in book.diagnostics:
            if d.code in SKIP_CODES and d.sheet:
                item.skipped.append(Skipped(d.sheet, SKIP_CODES[d.code], d.code))
        result.files.append(item)
    return result
