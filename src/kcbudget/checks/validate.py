"""``validate``: read each file and run every check; the CI command's engine."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from kcbudget.checks.rows import check_rows_of, frame_ints
from kcbudget.checks.totals import check_program_totals, check_subtotals
from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic, Severity
from kcbudget.model.results import FileResult, ValidationResult
from kcbudget.read.headers import PHASE_KEYS
from kcbudget.read.layout import RowKind
from kcbudget.read.parallel import batches, input_bytes
from kcbudget.read.slices import project_columns_left_out
from kcbudget.read.table import ReadOptions, Table
from kcbudget.read.workbook import Workbook, read_workbooks


def check_table(table: Table) -> list[Diagnostic]:
    """Every check that looks at one table."""

    return check_tables([table])[0]


def check_tables(tables: Sequence[Table]) -> list[list[Diagnostic]]:
    """:func:`check_table` of each of ``tables``, in the same order and each the same
    diagnostics: the row checks run once over the rows of all of them
    (:func:`~kcbudget.checks.rows.check_rows_of`)."""
    return [_check_rest(table, diags) for table, diags in zip(tables, check_rows_of(tables))]


def _check_rest(table: Table, diags: list[Diagnostic]) -> list[Diagnostic]:
    """The checks of one table after its row checks (``diags``)."""
    diags.extend(check_subtotals(table, table.raw, table.numeric))
    diags.extend(check_program_totals(table))
    diags.extend(check_accounted(table))
    diags.extend(check_left_out(table))
    return diags


def check_left_out(table: Table) -> list[Diagnostic]:
    """KC118: a money column of a đề án list that holds figures in detail rows but that no
    record reads (a second support column of one slice and program, or a column of
    another year than the title's, whose phase the title does not give)."""
    if table.shape != "project":
        return []
    detail = table.kinds_are(RowKind.detail)
    out: list[Diagnostic] = []
    for column in project_columns_left_out(table):
        if column.id not in table.frame or not table.frame.loc[detail, column.id].notna().any():
            continue
        cell = column.path[-1] if column.path else None
        row = cell.row if cell is not None else table.header_rows[-1]
        out.append(diagnose("KC118", file=table.file, sheet=table.sheet,
                            cell=cell.ref if cell is not None else table.ref(row, column),
                            row=row, column=column.id, header=column.header))
    return out


def check_accounted(table: Table) -> list[Diagnostic]:
    """KC117: the money columns hold figures, but none of them counts as a phase's
    money in a detail row, so every total of the table would come out 0."""


    money = [c for c in table.columns if c.is_amount and c.id in table.frame]
    if not money:
        return []
    # each money column as exact integers (0 where missing), one column at a time: a
    # block of them all and its absolute values were two more copies of the money
    # (16 bytes a row for each money column; at the moment of a large validate's peak)
    detail = table.kinds_are(RowKind.detail)
    counted = [c for c in money if c.key in PHASE_KEYS or (
        c.key == "support" and table.phase is not None)]
    in_detail = {c.id: 0 for c in counted}
    given = 0  # Python ints: no overflow in the total
    for i in dict.fromkeys(c.id for c in money):
        values = np.abs(frame_ints(table.frame, i)[0])
        given += int(values.sum())
        if i in in_detail:
            in_detail[i] = int(values[detail].sum())
    if not given:
        return []
    if not counted and table.phase is None and any(c.key in ("support", "amount")
                                                   for c in money):
        return []  # KC106 says why: the phase is unknown
    if sum(in_detail[c.id] for c in counted):
        return []
    return [diagnose("KC117", file=table.file, sheet=table.sheet, amount=given)]


#: The most bytes on disk of the files whose tables are checked together: many small
#: submissions pay for the checks' kernels once, and a large file's tables (a large
#: file is a batch of its own) are checked as soon as they are read and let go.
CHECK_BYTES = 4 << 20


def read_in_batches(paths: Iterable[str | os.PathLike[str]], options: ReadOptions
                    ) -> Iterator[list[tuple[Any, Workbook | Exception]]]:
    """What :func:`~kcbudget.read.workbook.read_workbooks` gives, in order, as lists of
    files of at most :data:`CHECK_BYTES` on disk (a larger file alone), so that the
    tables of a list are checked together (:func:`check_books`)."""
    items = list(paths)
    read = read_workbooks(items, options)
    for batch in batches(items, input_bytes, CHECK_BYTES):
        yield [next(read) for _ in batch]


def check_books(books: Sequence[Workbook]) -> list[list[list[Diagnostic]]]:
    """:func:`check_tables` of each book's tables, all the tables of ``books`` checked
    together: for each book, each table's diagnostics."""
    found = iter(check_tables([t for book in books for t in book.tables]))
    return [[next(found) for _ in book.tables] for book in books]


def _checked(book: Workbook, checked: list[list[Diagnostic]],
             ) -> tuple[FileResult, list[Diagnostic]]:
    """A workbook's line of the result and its findings, read and checked, in order
    (``checked``: each table's, from :func:`check_books`).  In a frame of its own: the
    first :class:`FileResult` builds its model (``defer_build``), and pydantic then
    takes a snapshot of its caller's local names, which on Python before 3.13 stays on
    the frame; ``validate``'s would keep the first file's tables while the next is
    read."""
    found = list(book.diagnostics)
    rows = 0
    for table, diags in zip(book.tables, checked):
        found.extend(diags)
        rows += int(table.kinds_are(RowKind.detail).sum())
    found.sort(key=Diagnostic.sort_key)
    errors = sum(1 for d in found if d.severity == Severity.error)
    warnings = sum(1 for d in found if d.severity == Severity.warning)
    return FileResult(file=book.file, ok=errors == 0, rows=rows, sheets=book.sheets,
                      errors=errors, warnings=warnings), found


def _unread(path: Any) -> FileResult:
    """The line of a file that could not be read (in a frame of its own, as
    :func:`_checked`)."""
    return FileResult(file=str(path), ok=False, rows=0, errors=1)


def validate(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
             options: ReadOptions | None = None, keep_going: bool = False,
             on_file: Callable[[Any], None] | None = None) -> ValidationResult:
    """Validate workbooks.  A file that cannot be read raises ``KcbudgetError``, or
    with ``keep_going`` becomes a KC100 finding and a line in ``unreadable`` while
    the other files are still checked."""

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = options or ReadOptions()
    files: list[FileResult] = []
    diagnostics: list[Diagnostic] = []
    unreadable: list[str] = []

    for batch in read_in_batches(paths, opts):
        # the books of the batch checked together, up to a file whose failure is raised
        stop = next((i for i, (_, book) in enumerate(batch) if isinstance(book, Exception)
                     and (not isinstance(book, KcbudgetError) or not keep_going)), len(batch))
        read = [book for _, book in batch[:stop] if isinstance(book, Workbook)]
        checked = dict(zip(map(id, read), check_books(read)))
        for path, book in batch:
            if on_file is not None:
                on_file(path)
            if isinstance(book, Exception):
                if not isinstance(book, KcbudgetError) or not keep_going:
                    raise book
                unreadable.append(str(book))  # English; the renderer says it in the run's language
                files.append(_unread(path))
                diagnostics.append(diagnose("KC100", file=str(path), reason=book))
                continue
            result, found = _checked(book, checked.pop(id(book)))
            files.append(result)
            diagnostics.extend(found)
        del batch, read, book  # (a batch's tables go before the next batch is read)
    return ValidationResult(files=files, diagnostics=diagnostics, unreadable=unreadable)
