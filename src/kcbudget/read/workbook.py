"""``read_workbook``: every table of a file, with the diagnostics found reading it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.read.table import ReadOptions, Table, read_sheet


@dataclass
class Workbook:
    file: str
    tables: list[Table] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    declared: str | None = None  # the layout file that declared part of the layout


_LAYOUTS: dict = {}  # folder's kcbudget.toml → its loaded layout (or None), per process


def read_workbook(path: str | os.PathLike, options: ReadOptions | None = None,
                  **kwargs) -> Workbook:
    """Read every table of the workbook at ``path``.

    Raises :class:`KcbudgetError` when the file cannot be read at all; every
    problem with its *data* comes back in ``Workbook.diagnostics``.
    """
    from kcbudget.read.sources import open_sources

    opts = options or ReadOptions(**kwargs)
    file = str(path)
    if opts.layout is None:
        from dataclasses import replace

        from kcbudget.read.declared import layout_beside

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
    for source in sources:
        if wanted and source.name not in wanted:
            continue
        if not wanted and not source.visible:
            book.diagnostics.append(diagnose("KC101", lang=opts.lang, file=file,
                                             sheet=source.name))
            continue
        table, diags = read_sheet(source, file, opts)
        book.diagnostics.extend(diags)
        if table is not None:
            book.tables.append(table)
    if not book.tables:
        book.diagnostics.append(diagnose("KC103", lang=opts.lang, file=file))
    return book
