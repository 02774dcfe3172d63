"""``read_workbook``: every table of a file, with the diagnostics found reading it."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field, replace

from defusedxml import ElementTree

from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.read.declared import LayoutCache, layout_beside
from kcbudget.read.sources import open_sources
from kcbudget.read.table import ReadOptions, Table, read_sheet


@dataclass
class Workbook:
    file: str
    tables: list[Table] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    declared: str | None = None  # the layout file that declared part of the layout


_LAYOUTS: LayoutCache = {}  # folder's kcbudget.toml → its loaded layout (or None), per process


def read_workbook(path: str | os.PathLike[str], options: ReadOptions | None = None,
) -> Workbook:
    """Read every table of the workbook at ``path``.

    Raises :class:`KcbudgetError` when the file cannot be read at all; every
    problem with its *data* comes back in ``Workbook.diagnostics``.
    """

    opts = options or ReadOptions()
    file = str(path)
    if opts.layout is None:


        beside = layout_beside(path, _LAYOUTS)
        if beside is not None:
            opts = replace(opts, layout=beside)
    sources = open_sources(path, opts.limits)
    book = Workbook(file=file, sheets=[s.name for s in sources],
                    declared=getattr(opts.layout, "path", None))
    wanted = set(opts.sheets)
    missing = wanted - set(book.sheets)
    if missing:
        raise KcbudgetError("no_such_sheet", path=file, names=", ".join(sorted(missing)),
                            sheets=", ".join(book.sheets))
    own = set() if wanted else template_sheets(path, book.sheets)
    for source in sources:
        if wanted and source.name not in wanted:
            continue
        if source.name in own:  # the template's drop-down lists and its instructions
            continue
        if not wanted and not source.visible:
            book.diagnostics.append(diagnose("KC101", file=file,
                                             sheet=source.name))
            continue
        table, diags = read_sheet(source, file, opts)
        book.diagnostics.extend(diags)
        if table is not None:
            book.tables.append(table)
    if not book.tables:
        book.diagnostics.append(diagnose("KC103", file=file))
    return book


TEMPLATE_MARK = "kcbudget template"  # the description `kcbudget template` gives its workbooks
TEMPLATE_OWN_SHEETS = ("Danh mục", "Hướng dẫn", "Instructions")
_CORE_MAX = 1 << 20


REPORT_MARK = "kcbudget report"  # the description of the xlsx reports kcbudget writes


def _description(path: str | os.PathLike[str]) -> set[str]:
    """The description (comments) of a workbook's document properties, or nothing."""


    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _CORE_MAX:
                return set()
            root = ElementTree.fromstring(archive.read(info))
    except Exception:  # no properties part, not a zip, a DTD: no description then
        return set()
    return {(el.text or "").strip() for el in root.iter()
            if el.tag.rsplit("}", 1)[-1] in ("description", "comments")}


def is_kcbudget_report(path: str | os.PathLike[str]) -> bool:
    """Whether a workbook is a report that kcbudget wrote (``--format xlsx``), not a
    submission: a folder scan leaves it out."""
    return REPORT_MARK in _description(path)


def template_sheets(path: str | os.PathLike[str], sheets: list[str]) -> set[str]:
    """The sheets of a workbook made by ``kcbudget template`` that hold no figures: the
    hidden drop-down lists and the instructions.  A template is known by the description
    it writes into the document properties (Excel and LibreOffice keep it when the file
    is filled in and saved), so these sheets are neither read nor reported."""
    candidates = set(TEMPLATE_OWN_SHEETS) & set(sheets)
    if not candidates:
        return set()
    return candidates if TEMPLATE_MARK in _description(path) else set()
