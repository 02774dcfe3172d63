"""``validate``: read each file and run every check; the CI command's engine."""

from __future__ import annotations

import os
from collections.abc import Iterable

from kcbudget.model.diagnostic import Diagnostic, Severity
from kcbudget.model.results import FileResult, ValidationResult
from kcbudget.read.table import ReadOptions, Table


def check_table(table: Table, lang: str = "vi") -> list[Diagnostic]:
    """Every check that looks at one table."""
    from kcbudget.checks.rows import check_rows
    from kcbudget.checks.totals import check_program_totals, check_subtotals

    diags = check_rows(table, lang)
    diags.extend(check_subtotals(table, table.raw, table.numeric, lang))
    diags.extend(check_program_totals(table, lang))
    return diags


def validate(paths: Iterable[str | os.PathLike] | str | os.PathLike,
             options: ReadOptions | None = None, keep_going: bool = False,
             on_file=None, **kwargs) -> ValidationResult:
    """Validate workbooks.  A file that cannot be read raises ``KcbudgetError``, or
    with ``keep_going`` becomes a KC100 finding and a line in ``unreadable`` while
    the other files are still checked."""
    from kcbudget.errors import KcbudgetError
    from kcbudget.model.codes import diagnose
    from kcbudget.read.workbook import read_workbook

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = options or ReadOptions(**kwargs)
    files: list[FileResult] = []
    diagnostics: list[Diagnostic] = []
    unreadable: list[str] = []
    from kcbudget.engine.parallel import ordered_map

    for path, book, exc in ordered_map(lambda p: read_workbook(p, opts), paths):
        if on_file is not None:
            on_file(path)
        if exc is not None:
            if not isinstance(exc, KcbudgetError) or not keep_going:
                raise exc
            reason = exc.render(opts.lang)  # the one line, in the language of the run
            unreadable.append(reason)
            files.append(FileResult(file=str(path), ok=False, rows=0, errors=1))
            diagnostics.append(diagnose("KC100", lang=opts.lang, file=str(path),
                                        reason=reason))
            continue
        found = list(book.diagnostics)
        rows = 0
        for table in book.tables:
            found.extend(check_table(table, opts.lang))
            rows += int((table.kind == "data").sum())
        found.sort(key=Diagnostic.sort_key)
        errors = sum(1 for d in found if d.severity == Severity.error)
        warnings = sum(1 for d in found if d.severity == Severity.warning)
        files.append(FileResult(file=book.file, ok=errors == 0, rows=rows, sheets=book.sheets,
                                errors=errors, warnings=warnings))
        diagnostics.extend(found)
    return ValidationResult(files=files, diagnostics=diagnostics, unreadable=unreadable)
