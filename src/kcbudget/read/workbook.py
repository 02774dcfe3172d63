"""``read_workbook``: every table of a file, with the diagnostics found reading it."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from defusedxml import ElementTree

from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.read.declared import LayoutCache, layout_beside
from kcbudget.read.sources import open_sources
from kcbudget.read.parallel import PARALLEL_BYTES, batches, input_bytes, ordered_map
from kcbudget.read.table import (
    PendingSheet,
    ReadOptions,
    SuspendedSheet,
    Table,
    answer,
    parse_pending,
    start_sheet,
)


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
    begun = begin_workbook(path, options)
    while begun.suspended():
        begun.resume()
    parse_pending(begun.pending())
    return begun.finish()


def read_workbooks(paths: Iterable[str | os.PathLike[str]], options: ReadOptions | None = None,
                   ) -> Iterator[tuple[Any, Workbook | Exception]]:
    """(path, its :class:`Workbook`, or the exception reading it raised) for each path,
    in order, as :func:`read_workbook` reads each.  The files are read in batches of at
    most :data:`~kcbudget.read.parallel.PARALLEL_BYTES` on disk (a large file is a batch
    of its own): each file of a batch up to its numbers (side by side, see
    :func:`~kcbudget.read.parallel.ordered_map`), then the number grammar and the text
    normalisation once over the cells of the whole batch, then each file's tables.  A
    region's few dozen small submissions pay for those kernels once, not once each; what
    the sheets' steps ask of their cells before (the row tests of their labels and STT
    cells, the legacy-encoding sample: :func:`~kcbudget.read.table.answer`) likewise."""
    items = list(paths)
    for batch in _batches(items):
        begun: list[tuple[Any, _PendingBook | Exception | None]] = list(
            ordered_map(lambda p: begin_workbook(p, options), batch))
        failed: dict[int, Exception] = {}
        started = [b for _, b in begun if isinstance(b, _PendingBook)]
        while True:  # each round: what every waiting sheet asks, answered at once
            waiting = [b for b in started if id(b) not in failed and b.suspended()]
            if not waiting:
                break
            answers = _answers(waiting)
            for book, done in ordered_map(partial(_PendingBook.resume, answers=answers),
                                          waiting, size=_book_bytes):
                if isinstance(done, Exception):
                    failed[id(book)] = done
            del book, done  # (waiting is not empty: both are bound)
        books = [b for b in started if id(b) not in failed]
        try:
            parse_pending([sheet for b in books for sheet in b.pending()])
        except Exception:  # each file again on its own, to say whose it is
            for b in books:
                try:
                    parse_pending(b.pending())
                except Exception as exc:  # handed to the caller, as ordered_map does
                    failed[id(b)] = exc
        waiting, answers, started, books = [], {}, [], []
        for i, (path, pending) in enumerate(begun):
            result: Workbook | Exception | None
            assert pending is not None
            if not isinstance(pending, _PendingBook):
                result = pending
            elif id(pending) in failed:
                result = failed[id(pending)]
            else:
                try:
                    result = pending.finish()
                except Exception as exc:  # handed to the caller, who decides
                    result = exc
            # what is handed on is the caller's alone: a large file's tables and cells
            # are not held here while the next file is read
            begun[i], pending = (path, None), None
            yield path, result
            result = None


def _book_bytes(book: object) -> int:
    """The size on disk of a :class:`_PendingBook`'s file (0 if unknown)."""
    return input_bytes(book.book.file) if isinstance(book, _PendingBook) else 0


def _answers(books: list[_PendingBook]) -> dict[int, Any]:
    """The answers to what every waiting sheet of ``books`` asks, by the sheet's ``id``:
    one :func:`~kcbudget.read.table.answer` for them all (each book then answers its
    own if that fails, so that an error is the file's whose it is)."""
    waiting = [s for b in books for s in b.suspended()]
    try:
        return {id(s): got for s, got in zip(waiting, answer([s.asked for s in waiting]))}
    except Exception:
        return {}


def _batches(items: list[Any]) -> Iterator[list[Any]]:
    """``items`` in order, cut where the next would take a batch above
    :data:`~kcbudget.read.parallel.PARALLEL_BYTES` on disk."""
    return batches(items, input_bytes, PARALLEL_BYTES)


def _part(begun: SuspendedSheet | PendingSheet | tuple[None, list[Diagnostic]],
          ) -> SuspendedSheet | PendingSheet | list[Diagnostic]:
    """A sheet as a book holds it: still to finish, or the diagnostics of one done."""
    return begun[1] if isinstance(begun, tuple) else begun


@dataclass
class _PendingBook:
    """A workbook whose sheets are read up to their numbers (:func:`begin_workbook`)."""
    book: Workbook
    # in sheet order: a sheet still to finish (waiting for its row features, or for its
    # numbers), or the diagnostics of one already done
    parts: list[SuspendedSheet | PendingSheet | list[Diagnostic]] = field(default_factory=list)

    def suspended(self) -> list[SuspendedSheet]:
        return [p for p in self.parts if isinstance(p, SuspendedSheet)]

    def pending(self) -> list[PendingSheet]:
        return [p for p in self.parts if isinstance(p, PendingSheet)]

    def resume(self, answers: dict[int, Any] | None = None) -> None:
        """Each waiting sheet one step on, with the answer to what it asked
        (``answers``: by the sheet's ``id``, from one pass over many books; else the
        book's own, in one)."""
        waiting = self.suspended()
        if not waiting:
            return
        answers = answers or {}
        missing = [s for s in waiting if id(s) not in answers]
        if missing:
            answers = {**answers, **{id(s): got for s, got in zip(
                missing, answer([s.asked for s in missing]))}}
        for i, part in enumerate(self.parts):
            if isinstance(part, SuspendedSheet):
                try:
                    done = part.resume(answers[id(part)])
                except Exception:
                    self.settle(i)
                    raise
                self.parts[i] = _part(done)

    def settle(self, stop: int) -> None:
        """Every sheet before position ``stop`` that still waits, read to its end alone
        and in sheet order: when a later sheet fails, an earlier sheet's failure is
        raised first, as when the sheets were read one after the other."""
        for k in range(min(stop, len(self.parts))):
            waiting = self.parts[k]
            while isinstance(waiting, SuspendedSheet):
                done = waiting.resume(answer([waiting.asked])[0])
                self.parts[k] = waiting = _part(done)

    def finish(self) -> Workbook:
        book = self.book
        for part in self.parts:
            if isinstance(part, PendingSheet):
                table, diags = part.finish()
                book.diagnostics.extend(diags)
                if table is not None:
                    book.tables.append(table)
            elif isinstance(part, SuspendedSheet):
                raise RuntimeError("a sheet finished before its row features")
            else:
                book.diagnostics.extend(part)
        if not book.tables:
            book.diagnostics.append(diagnose("KC103", file=book.file))
        return book


def begin_workbook(path: str | os.PathLike[str], options: ReadOptions | None = None,
                   ) -> _PendingBook:
    """:func:`read_workbook` up to the first question of its sheets' steps
    (:meth:`_PendingBook.resume` takes them on to the number grammar)."""
    opts = options or ReadOptions()
    file = str(path)
    if opts.layout is None:


        beside = layout_beside(path, _LAYOUTS)
        if beside is not None:
            opts = replace(opts, layout=beside)
    sources = open_sources(path, opts.limits)
    begun = _PendingBook(Workbook(file=file, sheets=[s.name for s in sources],
                                  declared=getattr(opts.layout, "path", None)))
    book = begun.book
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
            begun.parts.append([diagnose("KC101", file=file, sheet=source.name)])
            continue
        try:
            sheet = start_sheet(source, file, opts)
        except Exception:
            begun.settle(len(begun.parts))
            raise
        begun.parts.append(_part(sheet))
    return begun


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
