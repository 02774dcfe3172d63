"""Reading one sheet: its layout (title block, header band, columns, row kinds) and its
body parsed column by column.

The result is a :class:`Table`: the sheet's :class:`~kcbudget.read.layout.Layout`
(what was understood, and why), the parsed columns as a pandas frame indexed by the
sheet's own row numbers (amounts as nullable ``Int64`` đồng), the row kinds, and the
diagnostics found while reading.  A sheet whose years stand in the columns
(``Chỉ tiêu | ĐVT | Năm 2016 | … | Giai đoạn 2016–2020``) is read *transposed*: one
row per year, one column per indicator row, with every figure still located at its
own cell.  Nothing here prints.

The parts live in modules of their own: :mod:`~kcbudget.read.headers` (the header
grammar), :mod:`~kcbudget.read.title` (the title block), :mod:`~kcbudget.read.columns`
(header band, paths and meanings), :mod:`~kcbudget.read.rowkinds` (row kinds and
sections), :mod:`~kcbudget.read.layout` (the layout as data) and
:mod:`~kcbudget.read.declared` (layouts declared in a ``kcbudget.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kcbudget.dtypes import BOOL, INT64, NULLABLE_INT, OBJECT
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode, a1, column_letter
from kcbudget.model.units import Unit
from kcbudget.read.columns import (
    Unknown,
    assign_ids,
    build_columns,
    find_header,
    has_evidence,
    meanings,
)
from kcbudget.read.headers import (
    AMOUNT_KEYS,
    COUNT_KEYS,
    PERCENT_KEYS,
    PHASE_KEYS,
    read_header,
)
from kcbudget.read.layout import (
    Column,
    Fact,
    HeaderCell,
    Ignored,
    Layout,
    Reason,
    Role,
    RowKind,
    kind_is,
    make_id,
    row_spans,
)
from kcbudget.read.numbers import (
    AmountColumn,
    LocaleDecision,
    detect_locales,
    number_locale_hint,
    parse_amount_columns,
    percent_values,
    read_percent_columns,
)
from kcbudget.read.rowkinds import (
    RowFeatures,
    classify,
    groups,
    inherit,
    multiplicities,
    label_positions,
    multiplicity,
    row_features,
    sections,
    total_cells,
)
from kcbudget.read.text import (
    columns_sample,
    convert_legacy,
    detect_legacy,
    fix_legacy_frame,
    legacy_sample,
    legacy_suspects,
    is_capitals_font,
    normalize_columns,
)
from kcbudget.read.sources import plain_number_flags
from kcbudget.read.title import VI_LETTERS, TitleFacts, read_title
from kcbudget.read.units import find_unit
from kcbudget.reference import match_province
from kcbudget.text import fold, to_arrow_strings

if TYPE_CHECKING:

    from kcbudget.read.declared import DeclaredSheet
    from kcbudget.read.sources import Grid, SheetSource
    from kcbudget.read.xlsxmeta import SheetMeta

Report = Callable[..., None]  # d(code, cell=…, row=…, **params): adds a diagnostic

HEAD_ROWS = 40
VIRTUAL = 1_000_000  # column indices of a transposed table's indicator columns start here

FILL_DOWN_KEYS = ("province", "region", "program", "year", "category", "status")

_COL_TOKEN = r"\(?\s*(?:\d{1,2}|[A-Z])\s*\)?"
_COLUMN_NUMBERS = re.compile(rf"^{_COL_TOKEN}(?:\s*[=+\-x\*/:]\s*{_COL_TOKEN})*$")
_MONEY_WORDS = re.compile(r"(kinh phí|ngân sách|vốn|tiền|đồng|chi phí|giải ngân|tạm ứng|"
                          r"quyết toán|phân bổ|dự toán|budget|cost|amount|funds?\b|vnd|vnđ)")
_FREE_TEXT = ("project_name", "beneficiary", "implementing_unit", "item")
NUMERIC_KEYS = AMOUNT_KEYS | PERCENT_KEYS | COUNT_KEYS | {"year", "by_row"}
# units of physical indicators (ĐVT of a years-as-columns sheet)
_COUNT_UNITS = {
    "đề án": "projects", "dự án": "projects", "nhiệm vụ": "projects",
    "cơ sở": "beneficiaries", "doanh nghiệp": "indicator", "người": "indicator",
    "lao động": "indicator", "học viên": "indicator", "lượt người": "indicator",
    "mô hình": "indicator", "sản phẩm": "indicator", "lượt": "indicator", "gian hàng": "indicator",
    "hộ": "indicator", "cụm": "indicator", "hội chợ": "indicator", "chương trình": "indicator",
    "cuộc": "indicator", "lớp": "indicator", "máy": "indicator", "thiết bị": "indicator",
    "bộ": "indicator", "tin, bài": "indicator", "tin bài": "indicator", "số": "indicator",
}


@dataclass
class ReadOptions:
    locale: str | None = None
    unit: Unit | None = None
    phase: str | None = None
    year: int | None = None
    sheets: tuple[str, ...] = ()
    limits: Any = None  # kcbudget.read.limits.Limits; None: the defaults
    layout: Any = None  # kcbudget.read.declared.DeclaredLayout; None: found beside the file


@dataclass
class Table:
    file: str
    sheet: str
    header_rows: tuple[int, ...]
    columns: list[Column]
    frame: Any  # pandas DataFrame, index = sheet row numbers (transposed: 1, 2, … per year)
    kind: Any  # pandas Series of RowKind
    level: Any  # pandas Series: subtotal level (1 letters, 2 Roman, 3 "Cộng", 9 total)
    label: Any  # pandas Series: first text cell of the row
    title: list[str] = field(default_factory=list)
    unit: Unit = Unit.trieu
    unit_source: str = "assumed"
    locale: str = "vi"
    locale_source: str = "default"
    phase: str | None = None
    phase_source: str | None = None
    year: int | None = None
    year_source: str | None = None
    months: int | None = None  # the title says the figures cover the first N months
    program: str | None = None  # the title names the one program of every row
    title_province: str | None = None
    title_phase: str | None = None  # what the title says (kế hoạch / thực hiện), if anything
    # col id → Int64 other-locale reading (each made when first asked for: few are)
    other: Mapping[str, Any] = field(default_factory=dict)
    bad: dict[str, Any] = field(default_factory=dict)  # col id → bool Series: unreadable cell
    raw: Any = None  # text as read, keyed by column index (same index as frame)
    numeric: Any = None  # bool frame: the cell was a number in the workbook
    diagnostics: list[Diagnostic] = field(default_factory=list)
    section_program: Any = None  # pandas Series: the program named by the sections above
    section_row: Any = None  # pandas Series: the section/subtotal row above
    projects_per_row: Any = None  # pandas Series (int64): đề án a detail row stands for
    beneficiaries_per_row: Any = None  # pandas Series (Int64): as its text says, or missing
    layout: Layout | None = None
    transposed: dict[str, Any] | None = None  # {"rows": {row: sheet col}, "cols": {col: sheet row}}
    shape_override: str | None = None

    @property
    def shape(self) -> str:
        """``project`` (one row per đề án) or ``summary`` (one row per province/region)."""
        if self.shape_override:
            return self.shape_override
        keys = {c.key for c in self.columns}
        if "project_id" in keys or "project_name" in keys:
            return "project"
        if any(c.program for c in self.columns):
            return "summary"
        if "province" in keys or "region" in keys or "program" in keys:
            return "summary" if not ({"support", "total_cost"} & keys) or ("program" in keys \
                and not ({"project_id", "project_name", "beneficiary"} & keys) and \
                "support" not in keys) else "project"
        return "project" if "support" in keys or "total_cost" in keys else "summary"

    def drop_cells(self) -> None:
        """Let go of the cells as read (text, number flags, other readings, bad marks)
        once the checks have run: the records need the frame only, and at a million
        rows the text of every cell is the largest thing held."""
        self.raw, self.numeric, self.other, self.bad = None, None, {}, {}

    def column(self, col_id: str) -> Column | None:
        return self._by_id().get(col_id)

    def _by_id(self) -> dict[str, Column]:
        cache = self.__dict__.get("_id_cache")
        if cache is None or cache[0] is not self.columns or len(cache[1]) != len(self.columns):
            cache = (self.columns, {c.id: c for c in self.columns})
            self.__dict__["_id_cache"] = cache
        return cache[1]

    def by_key(self, key: str) -> list[Column]:
        return [c for c in self.columns if c.key == key]

    def figures(self, measure: str | None = None, **where: object) -> list[Column]:
        """Figure columns of ``measure`` whose attributes equal ``where`` (``program``,
        ``phase``, ``year``, ``months``, ``period``); a ``where`` value of ``...`` matches
        anything."""
        out = []
        for c in self.columns:
            if c.role != Role.figure or (measure is not None and c.measure != measure):
                continue
            if all(value is ... or getattr(c, name) == value for name, value in where.items()):
                out.append(c)
        return out

    def ref(self, row: int, column: Column | int) -> str:
        """The A1 reference of a cell of the table (transposed tables included)."""
        sheet_row, sheet_col = self.origin(row, column)
        return a1(sheet_row, sheet_col)

    def origin(self, row: int, column: Column | int) -> tuple[int, int]:
        """(sheet row, sheet column index) of a cell of the table."""
        index = column.index if isinstance(column, Column) else int(column)
        if self.transposed is None:
            return int(row), index
        sheet_col = self.transposed["rows"].get(int(row), 0)
        sheet_row = self.transposed["cols"].get(index, 0)
        return sheet_row, sheet_col

    def sheet_row(self, row: int, column: Column | int | None = None) -> int:
        if self.transposed is None or column is None:
            return int(row)
        return self.origin(row, column)[0]

    def at(self, row: int, column: Column | None) -> dict[str, Any]:
        """``cell`` and ``row`` of a diagnostic about ``row`` in ``column``."""
        if column is None:
            return {"cell": None, "row": int(row) if self.transposed is None else None}
        sheet_row, sheet_col = self.origin(row, column)
        return {"cell": a1(sheet_row, sheet_col), "row": sheet_row}

    def cell(self, row: int, col_id: str) -> str:
        column = self.column(col_id)
        return self.ref(row, column) if column else f"?{row}"

    @property
    def data_rows(self) -> pd.Index:
        return self.frame.index[self.kinds_are(RowKind.detail)]

    def kinds_are(self, *kinds: RowKind) -> np.ndarray:
        """Which rows are of one of ``kinds`` (a numpy mask over the rows, in order)."""
        given = self.kind.to_numpy(dtype=OBJECT)
        mask = np.zeros(len(given), dtype=BOOL)
        for kind in kinds:
            mask |= kind_is(given, kind)
        return mask


# ------------------------------------------------------------------ helpers

def _first_valid(text: pd.DataFrame, cols: Sequence[int]) -> pd.Series:
    """Per row, the first cell with text among ``cols`` (Arrow ``coalesce``)."""


    if not cols:
        return pd.Series(None, index=text.index, dtype=OBJECT)
    arrays = [to_arrow_strings(_object_cells(text, c)) for c in cols]
    first = pc.coalesce(*arrays) if len(arrays) > 1 else arrays[0]
    return pd.Series(first.to_numpy(zero_copy_only=False), index=text.index, dtype=OBJECT)


def _object_cells(frame: pd.DataFrame, key: Any) -> Any:
    """A column of text cells as the numpy object array ``frame``'s block holds (a
    Series of it costs more than the kernels over a few dozen rows); ``frame[key]``
    where the column is not one such array (a name given twice, another dtype)."""
    if isinstance(frame.columns.get_loc(key), (int, np.integer)):
        got = frame_array(frame, key)
        if isinstance(got, np.ndarray) and got.dtype == OBJECT:
            return got
    return frame[key]


def _is_column_numbers(cells: list[str]) -> bool:
    """``(1) (2) (3) (4)=(2)+(3)`` or ``A B 1 2 3``: the numbering row under a header.
    Plain numbers must run 1, 2, 3, … so that a real first row (``2016 1000 900``) is
    never taken for one."""
    if not all(_COLUMN_NUMBERS.match(c.strip()) for c in cells):
        return False
    if any("(" in c or "=" in c for c in cells):
        return True
    numbers = [int(c) for c in (x.strip() for x in cells) if c.isdigit()]
    if not numbers:  # letters alone: A B C D …
        letters = [c.strip() for c in cells]
        return letters == [chr(ord("A") + i) for i in range(len(letters))]
    return bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers))) \
        and numbers[0] <= 2


def _convert_head_legacy(source: SheetSource, grid: Grid, suspect: bool
                         ) -> tuple[list[tuple[int, int]], str | None, str | None]:
    """Convert TCVN3/VNI cells of the title block and header in place; ``suspect``:
    whether any of its cells looks legacy (:func:`~kcbudget.read.text.columns_sample`
    of its columns, answered with the batch's other sheets)."""

    if not suspect:
        return [], None, None
    cells = [(grid.first_row + i, col) for col, values in grid.columns.items()
             for i, value in enumerate(values) if value is not None]
    return _convert_cells(source, cells, lambda r, c: grid.cell(r, c),
                          lambda r, c, v: grid.columns[c].__setitem__(r - grid.first_row, v))


def _convert_cells(source: SheetSource, cells: list[tuple[int, int]],
                   get: Callable[[int, int], Any], put: Callable[[int, int, str], None]
                   ) -> tuple[list[tuple[int, int]], str | None, str | None]:
    """Decide cell by cell: the cell's font first (``.Vn*`` → TCVN3, ``VNI*`` → VNI),
    its content otherwise; text that is already Unicode is never touched.  Called
    only for sheets where some cell looks legacy, so the font scan is rare."""

    meta = source.meta(style_cells=set(cells))
    styles = source.styles()
    converted_cells: list[tuple[int, int]] = []
    example: str | None = None
    encoding_seen: str | None = None
    for row, col in cells:
        text = get(row, col)
        if text is None:
            continue
        font = styles.font_of(meta.styles.get((row, col), 0)) if styles is not None else None
        encoding = detect_legacy(str(text), font)
        if encoding is None:
            continue
        converted = convert_legacy(str(text), encoding, capitals=is_capitals_font(font))
        if converted != text:
            put(row, col, converted)
            converted_cells.append((row, col))
            example = example or f"'{text}' → '{converted}'"
            encoding_seen = encoding_seen or encoding
    return converted_cells, example, encoding_seen


def _meta_and_head(source: SheetSource) -> tuple[SheetMeta, Grid]:
    """The sheet's metadata (one stream of its XML: rows counted, merges, formulas)
    and its first rows (calamine loads the whole sheet).  The two run side by side
    where the sheet allows it and is large enough for a thread to pay (see
    ``overlap_pays``); the scan's refusal, if any,
    is the one raised."""
    if not source.overlap_pays():
        meta = source.meta()
        return meta, source.head(HEAD_ROWS)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kcbudget-scan") as pool:
        scan = pool.submit(source.meta)
        try:
            grid = source.head(HEAD_ROWS)
        except BaseException:
            scan.result()  # a refusal of the scan comes first
            raise
        return scan.result(), grid


def _figures_below(text: pd.DataFrame, end_mask: pd.Series, signature: Any, cut: int,
                   figure_cols: set[int], d: Report) -> None:
    """Warn when the table ended at two blank rows but figures follow below."""

    below = text.iloc[cut:]
    if not len(below):
        return
    signature = pd.Series(signature[cut:], index=below.index)
    # once a signature block starts, everything below it belongs to it
    after_signature = signature.cumsum() > 0
    cols = [c for c in below.columns if c in figure_cols]
    if not cols or bool(end_mask.iloc[cut] and signature.iloc[0]):
        return
    has_figure = below[cols].apply(
        lambda col: col.astype(str).str.contains(r"\d", regex=True) & col.notna()).any(axis=1)
    found = has_figure & ~after_signature
    if found.any():
        end = int(text.index[cut - 1]) if cut else int(text.index[0])
        row = int(found[found].index[0])
        d("KC113", row=row, end=end)


# ------------------------------------------------------------------ reading a sheet

def read_sheet(source: SheetSource, file: str, opts: ReadOptions
               ) -> tuple[Table | None, list[Diagnostic]]:
    """Read one sheet: its layout and its body; (None, diagnostics) when it holds no
    table (the diagnostics then say so, as a warning when the sheet holds figures)."""
    begun = begin_sheet(source, file, opts)
    if not isinstance(begun, PendingSheet):
        return begun
    parse_pending([begun])
    return begun.finish()


@dataclass
class PendingSheet:
    """A sheet read up to its numbers: its layout, facts and cells, and the columns
    whose cells the number grammar and the text normalisation still have to read.
    Those two passes cost per call of their kernels far more than per cell on a sheet
    of a few dozen rows, so :func:`parse_pending` runs them once over the columns of
    every pending sheet together (of every file of a region); :meth:`finish` then
    builds the table from what they read."""
    table: Table
    text: pd.DataFrame
    numeric: pd.DataFrame
    source: SheetSource
    uncached: dict[int, set[int]]
    opts: ReadOptions
    report: Report
    diags: list[Diagnostic]
    rest: dict[str, Any]
    locale: _Locale | None = None
    read: dict[str, Any] | None = None
    normalized: dict[str, pd.Series] | None = None
    # (đề án, beneficiaries) per row from the cells as read (:func:`multiplicities`)
    counts: tuple[pd.Series, pd.Series] | None = None
    _cells: dict[int, tuple[pd.Series, pd.Series]] = field(default_factory=dict)

    def cells(self, column: Column) -> tuple[pd.Series, pd.Series]:
        """A column's text cells and their numeric flags (all missing where the sheet
        has no such column), taken from the frames once."""
        got = self._cells.get(column.index)
        if got is None:
            text, numeric = self.text, self.numeric
            series = frame_column(text, column.index)
            if series is None:
                series = pd.Series(None, index=text.index, dtype=OBJECT)
            is_num = frame_column(numeric, column.index)
            if is_num is None:
                is_num = pd.Series(False, index=text.index)
            got = self._cells[column.index] = (series, is_num)
        return got

    def number_columns(self) -> list[Column]:
        """The amount, count and year columns (one pass of the number grammar)."""
        return [c for c in self.table.columns if c.key in AMOUNT_KEYS or c.key in COUNT_KEYS
                or c.key == "year"]

    def key_columns(self) -> list[Column]:
        """The text columns compared after normalizing."""
        return [c for c in self.table.columns if c.key not in AMOUNT_KEYS
                and c.key not in PERCENT_KEYS and c.key not in COUNT_KEYS and c.key != "year"
                and c.key not in _FREE_TEXT]

    def finish(self) -> tuple[Table | None, list[Diagnostic]]:
        """The table, from the cells :func:`parse_pending` read."""
        return _finish_sheet(self)


def parse_pending(pending: list[PendingSheet]) -> None:
    """The number grammar over the number columns of every sheet of ``pending`` (one
    call per locale), and over their percentage columns (one call per locale; the
    cells' formats are applied at :meth:`PendingSheet.finish`), and the text
    normalisation over their key columns (one call):
    cell for cell what one call per sheet reads.  First each sheet's number locale,
    from the texts of all their number columns together."""
    deciding = [p for p in pending if p.locale is not None]
    for p, decision in zip(deciding, detect_locales(
            [p.locale.samples for p in deciding if p.locale is not None])):
        _decide_locale(p, decision)
    by_locale: dict[str, list[tuple[PendingSheet, Column]]] = {}
    for p in pending:
        p.read, p.normalized = {}, {}
        for column in p.number_columns():
            by_locale.setdefault(p.table.locale, []).append((p, column))
    for locale, jobs in by_locale.items():
        parsed = parse_amount_columns(
            [(*p.cells(c), (c.unit or p.table.unit).factor if c.key in AMOUNT_KEYS else 1)
             for p, c in jobs], locale=locale)
        for (p, column), result in zip(jobs, parsed):
            assert p.read is not None
            p.read[column.id] = result
    percents: dict[str, list[tuple[PendingSheet, Column]]] = {}
    for p in pending:
        for column in p.table.columns:
            if column.key in PERCENT_KEYS:
                percents.setdefault(p.table.locale, []).append((p, column))
    for locale, jobs in percents.items():
        for (p, column), got in zip(jobs, read_percent_columns(
                [p.cells(c) for p, c in jobs], locale=locale)):
            assert p.read is not None
            p.read[column.id] = got
    keys = [(p, c) for p in pending for c in p.key_columns()]
    for (p, column), result in zip(keys, normalize_columns([p.cells(c)[0] for p, c in keys])):
        assert p.normalized is not None
        p.normalized[column.id] = result
    asked = []
    for p in pending:
        cells = _counted_cells(p)
        if cells is not None:
            asked.append((p, cells))
    for (p, _), counts in zip(asked, multiplicities([cells for _, cells in asked])):
        p.counts = counts


def _counted_cells(p: PendingSheet) -> tuple[pd.Series, pd.Series | None] | None:
    """What :func:`multiplicity` reads of a sheet when no cell of its table changes
    after reading (the names: the đề án names as read, else the rows' labels; the
    beneficiaries as read); None where the frame's column would not be the cells."""
    names, beneficiary = p.table.column("project_name"), p.table.column("beneficiary")
    if any(c is not None and c.key not in _FREE_TEXT for c in (names, beneficiary)):
        return None
    return (p.cells(names)[0] if names is not None else p.table.label,
            p.cells(beneficiary)[0] if beneficiary is not None else None)


Begun = PendingSheet | tuple[None, list[Diagnostic]]


def begin_sheet(source: SheetSource, file: str, opts: ReadOptions) -> Begun:
    """:func:`read_sheet` up to the number grammar: the sheet's :class:`PendingSheet`,
    or (None, diagnostics) when it holds no table."""
    started = start_sheet(source, file, opts)
    while isinstance(started, SuspendedSheet):
        started = started.resume(answer([started.asked])[0])
    return started


# What a sheet's steps ask of the cells of many sheets at once: the kind of question,
# and the function that answers a list of them (one pass of its kernels over them all).
# "rows": the (label, STT) of the body's rows → their RowFeatures; "legacy": a sample
# of text cells (the title block and header first, then the body's) → whether they
# are suspect of a legacy encoding; "plain": the cells of a small sheet's figure
# columns → which read as numbers (kcbudget.read.sources.plain_number_flags);
# "totals": the body's cells and its label columns → the cells that could be a
# total's label (kcbudget.read.rowkinds.total_cells).
Asked = tuple[str, Any]
_ANSWERS: dict[str, Callable[[list[Any]], list[Any]]] = {
    "rows": row_features, "legacy": legacy_suspects, "plain": plain_number_flags,
    "totals": total_cells}
# a sheet asks "totals" (the cells that could be a total's label) below this many
# label cells; a larger one tests its own, so that a batch holds no large sheet's
# references to its cells while the others get there
_ASK_TOTALS = 1 << 18


def answer(asked: list[Asked]) -> list[Any]:
    """The answer to each of ``asked``, each kind of question in one pass over all of
    its askers: cell for cell what each would get asking alone."""
    out: list[Any] = [None] * len(asked)
    by_kind: dict[str, list[int]] = {}
    for i, (kind, _) in enumerate(asked):
        by_kind.setdefault(kind, []).append(i)
    for kind, at in by_kind.items():
        for i, got in zip(at, _ANSWERS[kind]([asked[i][1] for i in at]), strict=True):
            out[i] = got
    return out


@dataclass
class SuspendedSheet:
    """A sheet whose steps (:func:`sheet_steps`) wait for the answer to what they ask
    (``asked``: the row features of its body, whether it is suspect of a legacy
    encoding), which a batch of files answers once for all its sheets
    (:func:`answer`)."""
    steps: Generator[Asked, Any, Begun]
    asked: Asked

    def resume(self, answer: Any) -> SuspendedSheet | Begun:
        """The sheet's steps on with ``answer``: up to their next question (this sheet,
        waiting again), or to their end (what :func:`begin_sheet` returns)."""
        try:
            self.asked = self.steps.send(answer)
        except StopIteration as done:
            self.asked = ("", None)  # (what it asked last is let go: cells of the sheet)
            result: Begun = done.value
            return result
        return self


def start_sheet(source: SheetSource, file: str, opts: ReadOptions) -> SuspendedSheet | Begun:
    """A sheet's steps up to their first question (:class:`SuspendedSheet`), or what
    :func:`begin_sheet` returns when they end before it (no table)."""
    steps = sheet_steps(source, file, opts)
    try:
        asked = next(steps)
    except StopIteration as done:
        result: Begun = done.value
        return result
    return SuspendedSheet(steps, asked)


def sheet_steps(source: SheetSource, file: str, opts: ReadOptions
                ) -> Generator[Asked, Any, Begun]:
    """:func:`begin_sheet` as steps: they yield what they need of the sheet's cells
    that many sheets answer at once (:data:`_ANSWERS`), take the answer back, and
    return what :func:`begin_sheet` returns."""
    diags: list[Diagnostic] = []
    sheet = source.name

    def d(code: DiagnosticCode, **kw: Any) -> None:
        diags.append(diagnose(code, file=file, sheet=sheet, **kw))

    meta, grid = _meta_and_head(source)
    head_sample = columns_sample(list(grid.columns.values()))
    head_suspect: bool = bool(len(head_sample)) and (yield "legacy", head_sample)
    head_cells, head_example, head_encoding = _convert_head_legacy(source, grid, head_suspect)
    declared = opts.layout.for_sheet(sheet) if opts.layout is not None else None
    if declared is not None:
        header = declared.header_row or declared.find_header(grid)
    else:
        header = find_header(grid, meta.merges)
    if header is not None:
        header_rows, columns, unknown = build_columns(grid, header, meta.merges)
        if declared is not None:
            header_rows, columns, unknown = declared.apply(grid, header_rows, columns, unknown)
        evidence = has_evidence([read_header(h.text) for c in columns for h in c.path]) or \
            _years_as_columns(columns)
        if declared is None and not evidence:
            header = None
    if header is None:
        if source.holds_figures():
            d("KC116")
        else:
            d("KC102")
        return None, diags

    head_count = sum(1 for row, _ in head_cells if row <= header_rows[-1])
    title = read_title(grid, header_rows[0])
    columns, duplicates = assign_ids(columns, year=title.year if opts.year is None else
                                     opts.year)
    for dup, first in duplicates:
        d("KC108", cell=a1(header_rows[-1], dup.index), row=header_rows[-1], column=dup.id,
          header=dup.header, other=first.letter)

    first_data = header_rows[-1] + 1
    known_cols = {c.index for c in columns}
    all_cols = sorted(set(grid.columns) | known_cols)
    figure_cols = [c.index for c in columns if c.key in NUMERIC_KEYS]
    unknown_cols = [u.index for u in unknown if u.index not in known_cols]
    # (which cells of the figure columns read as numbers: asked of every sheet at once)
    call = source.data_begin(first_data, all_cols, figure_cols + unknown_cols)
    flags = (yield "plain", call.asks) if call.asks is not None else None
    text, numeric = source.data_end(call, flags)
    del call

    by_index = {c.index: c for c in columns}
    stt_col = next((c.index for c in columns if c.key == "stt"), None)
    # a column without header text may hold the labels (or notes): it stays a label
    # column, and is reported below only if it holds figures
    named_unknown = [u.index for u in unknown if u.index not in known_cols and not u.blank]
    label_cols = [c for c in all_cols if c != stt_col and
                  (c not in by_index or by_index[c].key not in NUMERIC_KEYS)
                  and c not in named_unknown]
    label = _first_valid(text, label_cols)

    stt = text[stt_col] if stt_col is not None else pd.Series(None, index=text.index,
                                                              dtype=OBJECT)
    # a row of column numbers under the header: (1) (2) (3) or 1 2 3=1+2 (masks over the
    # body's cells as one numpy array: a pandas call costs more than a small sheet's rows)
    missing = np.asarray(pd.isna(text.to_numpy(dtype=OBJECT)), dtype=BOOL)
    if len(text):
        heading = [str(v) for v in text.iloc[0].to_numpy(dtype=OBJECT)[~missing[0]]]
        if len(heading) >= 3 and _is_column_numbers(heading):
            text, numeric = text.iloc[1:], numeric.iloc[1:]
            label, stt = label.iloc[1:], stt.iloc[1:]
            missing = missing[1:]

    features: RowFeatures = yield "rows", (label, stt)

    # end of table
    blank: np.ndarray = np.asarray(missing.all(axis=1), dtype=BOOL)
    end_words, date_line = features.end, features.date_line
    short = features.short
    signature = end_words | date_line
    blank_below = np.ones(len(blank), dtype=BOOL)  # (below the last row: blank)
    blank_below[:-1] = blank[1:]
    end_mask = end_words | (date_line & short) | (blank & blank_below)
    cut = len(blank)
    if end_mask.any():
        cut = int(end_mask.argmax())
        _figures_below(text, pd.Series(end_mask, index=text.index), signature, cut,
                       set(figure_cols) | set(named_unknown), d)
    keep = np.flatnonzero(~blank[:cut])
    if len(keep) < len(blank):  # (every row kept: the frames as they are, no copies)
        text, numeric, label, stt = (x.iloc[keep] for x in (text, numeric, label, stt))
        features = features.take(keep)  # the kept rows'

    # merged data cells fill down (text columns only: amounts are never copied)
    rows_index = text.index
    if len(rows_index):
        lo, hi = rows_index.min(), rows_index.max()
        for m in meta.merges:
            if m.max_row <= m.min_row or m.min_row < lo or m.min_row > hi:
                continue
            column = by_index.get(m.min_col)
            if column is None or column.key not in FILL_DOWN_KEYS:
                continue
            value = text.at[m.min_row, m.min_col] if m.min_row in text.index else None
            covered = text.index[(text.index > m.min_row) & (text.index <= m.max_row)]
            if value is not None and len(covered):
                text.loc[covered, m.min_col] = value

    # legacy encodings in data cells: each distinct (text, font) once (read/text.py)

    text_cols = [c for c in all_cols if c not in by_index or by_index[c].key not in NUMERIC_KEYS]
    suspect: bool = head_count > 0 or (yield "legacy", legacy_sample(text, text_cols))
    count, example, encoding = fix_legacy_frame(text, text_cols, source, suspect=suspect)
    if count:
        label = _first_valid(text, label_cols)
        features = row_features([(label, stt)])[0]
    if count or head_count:
        d("KC107", count=count + head_count, example=example or head_example,
          encoding=(encoding or head_encoding or "").upper())

    # unknown columns: info, or a warning when they hold figures (an error when the
    # header speaks of money): a number kcbudget does not place is never silent
    ignored = _report_unknown(unknown, unknown_cols, text, numeric, header_rows, d)
    ignored += [Ignored(dup.index, dup.header, "duplicate", ref=a1(header_rows[-1], dup.index))
                for dup, _ in duplicates]

    header_text = {c.index: {fold(h.text) for h in c.path} for c in columns}
    for u in unknown:
        header_text.setdefault(u.index, {fold(u.header)})
    label_set = {c for c in (stt_col, *label_cols, *figure_cols) if c is not None}
    # the cells that could be a total's label: asked of every small sheet at once
    positions = label_positions(text, label_set)
    totals = None
    if len(text.index) and positions and len(text.index) * len(positions) < _ASK_TOTALS:
        totals = yield "totals", (text.to_numpy(dtype=OBJECT), positions)
    kind, level = classify(text, label, stt, set(figure_cols), label_set, header_text,
                           features=features, totals=totals)

    if declared is not None:
        _declared_over_title(title, declared)
    table = Table(file=file, sheet=sheet, header_rows=header_rows, columns=columns,
                  frame=None, kind=kind, level=level, label=label, title=title.lines,
                  title_province=title.province, title_phase=title.phase)
    table.diagnostics = diags

    # uncached formulas and error values are errors at their cells, never 0 or blank
    uncached: dict[int, set[int]] = {}
    for (row, col), formula in meta.uncached_formulas.items():
        if row in text.index and col in by_index:
            column = by_index[col]
            uncached.setdefault(column.index, set()).add(row)
            d("KC204", cell=a1(row, col), row=row, column=column.id, header=column.header,
              formula=formula)
    for (row, col), value in meta.error_cells.items():
        if row in text.index and col in by_index and (row, col) not in \
                meta.uncached_formulas:
            column = by_index[col]
            uncached.setdefault(column.index, set()).add(row)
            text.at[row, col] = None
            d("KC213", cell=a1(row, col), row=row, column=column.id, header=column.header,
              value=value)

    facts: dict[str, Fact] = {}
    transposed = any(c.key == "by_row" for c in columns) and any(
        c.key == "item" for c in columns)
    if transposed:
        parts = _transpose(table, text, numeric, title, opts, d, uncached)
        if parts is None:
            return None, diags
        table, text, numeric, uncached = parts
        columns = table.columns
    locale = _decide_facts(table, title, text, numeric, opts, d, facts, diags)
    return PendingSheet(table=table, text=text, numeric=numeric, source=source,
                        uncached=uncached, opts=opts, report=d, diags=diags, locale=locale,
                        rest={"stt": stt, "header_rows": header_rows, "ignored": ignored,
                              "facts": facts, "declared": declared, "features": features})


def _finish_sheet(p: PendingSheet) -> tuple[Table | None, list[Diagnostic]]:
    """The rest of :func:`read_sheet`, once :func:`parse_pending` has read the cells."""
    table, text, numeric, diags = p.table, p.text, p.numeric, p.diags
    stt, header_rows, ignored, facts, declared = (p.rest[k] for k in (
        "stt", "header_rows", "ignored", "facts", "declared"))
    table.frame = _parse_columns(p)
    table.raw, table.numeric = text, numeric

    # rows with nothing to read (section headings without numbers) are sections
    value_cols = [c.id for c in table.columns if c.key in AMOUNT_KEYS or c.key in PERCENT_KEYS
                  or c.key in COUNT_KEYS]
    if value_cols:
        frame = table.frame
        missing = [np.asarray(pd.isna(frame_array(frame, c)), dtype=BOOL) for c in dict.fromkeys(
            value_cols + [c.id for c in table.columns if c.key == "project_id"])]
        no_values = np.logical_and.reduce(missing)
        kinds = table.kind.to_numpy(dtype=OBJECT).copy()
        kinds[no_values & ~kind_is(kinds, RowKind.total)] = RowKind.section
        table.kind = pd.Series(kinds, index=table.kind.index, dtype=OBJECT)
    parent, changed = None, False
    if value_cols and table.transposed is None:
        features = p.rest["features"] if stt.index.equals(table.kind.index) and \
            table.label.index.equals(table.kind.index) else None
        table.kind, table.level, parent = groups(table.kind, table.level,
                                                 stt.reindex(table.kind.index), table.label,
                                                 ~no_values, features)
        changed = inherit(table.frame, table.label, parent)
    table.section_program, table.section_row = sections(table.kind, table.level, table.label,
                                                        parent)
    if p.counts is not None and not changed:  # (read with every sheet of the batch)
        table.projects_per_row, table.beneficiaries_per_row = p.counts
    else:
        names = table.frame["project_name"] if "project_name" in table.frame else table.label
        beneficiary = table.frame["beneficiary"] if "beneficiary" in table.frame else None
        table.projects_per_row, table.beneficiaries_per_row = multiplicity(names, beneficiary)
    table.layout = _layout(table, header_rows, ignored, facts, declared)
    return table, diags


def _years_as_columns(columns: list[Column]) -> bool:
    """An indicator column, a ``ĐVT`` column and ≥ 2 year or period columns: the shape of a
    khuyến công programme report (whatever the label column's header word)."""
    keys = [c.key for c in columns]
    return "item" in keys and "unit" in keys and keys.count("by_row") >= 2


def _declared_over_title(title: TitleFacts, declared: DeclaredSheet) -> None:
    """A declared layout's sheet facts stand where the title would have spoken."""
    for name, value in declared.facts().items():
        if name == "province":

            found = match_province(str(value))
            value = found.name if found is not None else None
            if value is None:
                continue
        setattr(title, name, value)
        title.words[name] = f"{declared.source}"
        title.sources[name] = "layout"


def _report_unknown(unknown: list[Unknown], unknown_cols: list[int], text: pd.DataFrame,
                    numeric: pd.DataFrame, header_rows: tuple[int, ...], d: Report) -> list[Ignored]:
    """KC104 (info) for an unknown text column; KC115 (warning) when it holds numbers;
    KC118 (error) when its header speaks of money and it holds numbers.  A column with
    no header text at all is reported only when it holds numbers (KC115 at the cell
    where its header should be)."""
    out = []
    for u in unknown:
        if u.blank:
            values = text[u.index] if u.index in text else None
            holds = values is not None and u.index in numeric and bool(
                (numeric[u.index] & values.notna()).any())
            if holds:
                letter = column_letter(u.index)
                header = letter  # no words in the core: the column is named by its letter
                d("KC115", cell=u.ref, row=int(re.sub(r"\D", "", u.ref)), header=header)
                out.append(Ignored(u.index, header, "unknown", numeric=True, ref=u.ref))
            continue
        holds = False
        if u.index in numeric and u.index in text:
            values = text[u.index]
            holds = bool((numeric[u.index] & values.notna()).any())
            if not holds:

                sample = values.dropna().head(200).astype(str)
                holds = bool(len(sample)) and sum(
                    1 for v in sample if number_locale_hint(v) is not None) >= max(1, len(sample)
                                                                                  // 2)
        money = bool(_MONEY_WORDS.search(fold(u.header)))
        if holds and money:
            d("KC118", cell=u.ref, row=int(re.sub(r"\D", "", u.ref) or header_rows[0]),
              header=u.header)
        elif holds:
            d("KC115", cell=u.ref, row=int(re.sub(r"\D", "", u.ref) or header_rows[0]),
              header=u.header)
        else:
            d("KC104", cell=a1(header_rows[0], u.index), row=header_rows[0], header=u.header)
        out.append(Ignored(u.index, u.header, "unknown", numeric=holds, ref=u.ref))
    return out


TO_DATE_STAGES = ("advanced", "executed", "accepted", "disbursed", "settled")


def _decide_facts(table: Table, title: TitleFacts, text: pd.DataFrame, numeric: pd.DataFrame,
                  opts: ReadOptions, d: Report, facts: dict[str, Fact],
                  diags: list[Diagnostic]) -> _Locale | None:
    """The sheet's unit, year, months, phase and program, with the findings about them;
    what its number locale will be decided from (:func:`_decide_locale`), unless an
    option gives it."""
    pending_locale = None

    # unit
    header_units = list(dict.fromkeys(c.unit for c in table.columns if c.unit is not None
                                      and c.is_money))
    money_columns = [c for c in table.columns if c.key in AMOUNT_KEYS]
    if title.unit is not None:
        table.unit, table.unit_source = title.unit, title.sources.get("unit", "title")
    elif len(header_units) == 1:
        table.unit, table.unit_source = header_units[0], "header"
    elif opts.unit is not None:
        table.unit, table.unit_source = opts.unit, "option"
    else:
        # no unit line, and the headers name none or several: columns without their
        # own bracket get the reporting convention, and the user is told
        table.unit, table.unit_source = Unit.trieu, "assumed"
        if any(c.unit is None for c in money_columns):
            d("KC105")
    facts["unit"] = Fact(table.unit, table.unit_source, title.words.get("unit", ""))
    if title.unit is not None:
        for column in table.columns:
            if column.unit is not None and column.unit != title.unit and column.is_money:
                ref = column.path[-1] if (column.path and table.transposed) else None
                d("KC110", cell=ref.ref if ref else a1(table.header_rows[-1], column.index),
                  row=ref.row if ref else table.header_rows[-1], column=column.id,
                  header=column.header,
                  header_unit=column.unit, title_unit=title.unit)
                break

    # locale
    if opts.locale:
        table.locale, table.locale_source = opts.locale, "option"
    else:
        samples = []
        for column in table.columns:
            if column.key in NUMERIC_KEYS and column.index in text:
                cells = np.asarray(_object_cells(text, column.index), dtype=OBJECT)
                keep = pd.notna(cells)
                if column.index in numeric:
                    keep &= ~np.asarray(frame_array(numeric, column.index), dtype=BOOL)
                # (the text frame holds str: an object array, never numpy's own str
                # array, which is as wide as its longest cell)
                samples.append(cells[keep][:5000])
        # decided with the other sheets' (parse_pending); its place kept meanwhile
        pending_locale = _Locale(np.concatenate(samples) if samples else
                                 np.empty(0, dtype=OBJECT), title, len(diags))
    facts["locale"] = Fact(table.locale, table.locale_source)

    # year: --year, else the title (a year column, where there is one, wins per row)
    if opts.year is not None:
        table.year, table.year_source = opts.year, "option"
    elif title.year is not None:
        table.year, table.year_source = title.year, title.sources.get("year", "title")
    if table.year is not None:
        facts["year"] = Fact(table.year, table.year_source or "", title.words.get("year", ""))
    if title.years is not None:
        facts["period"] = Fact(f"{title.years[0]}-{title.years[1]}", "title",
                               title.words.get("years", ""))
    timed_columns = any(c.year is not None or c.months is not None or c.period is not None
                        for c in table.columns if c.is_figure)
    if title.months is not None and not timed_columns:
        # "… 7 tháng đầu năm 2022" in a title covers the figures, unless the columns
        # say which year and months each group of figures covers
        table.months = title.months
        facts["months"] = Fact(title.months, title.sources.get("months", "title"),
                               title.words.get("months", ""))
    elif title.months is not None:
        # … and still covers the columns of a later stage that name no time of their
        # own (`Thực hiện` beside `Kế hoạch năm 2024`): never the plan, nor what is
        # allocated for the year
        reason = Reason("title", title.words.get("months", ""), f"months={title.months}")
        table.columns = [
            replace(c, months=title.months, reasons=c.reasons + (reason,),
                    id=make_id(c.key, c.program, c.phase, c.year, title.months, c.period))
            if c.is_figure and c.phase in TO_DATE_STAGES and c.year is None and
            c.months is None and c.period is None else c for c in table.columns]

    # phase: phase columns, else --phase, else the title
    col_phases = {c.phase for c in table.columns if c.phase and c.is_money}
    if len(col_phases) == 1:
        table.phase, table.phase_source = next(iter(col_phases)), "columns"
    elif opts.phase is not None:
        table.phase, table.phase_source = opts.phase, "option"
    elif not col_phases and title.phase is not None:
        table.phase, table.phase_source = title.phase, title.sources.get("phase", "title")
    if table.phase is not None:
        facts["phase"] = Fact(table.phase, table.phase_source or "",
                              title.words.get("phase", "") if table.phase_source in
                              ("title", "layout") else "")
    needs_phase = any(c.key in ("support", "amount") for c in table.columns) and not col_phases
    if needs_phase and table.phase is None:
        d("KC106")
    if table.year is None and not any(c.key == "year" for c in table.columns):
        d("KC211")
    if table.phase is not None:
        changed = []
        for column in table.columns:
            if column.key == "amount" or (column.key == "support" and column.program):
                reason = Reason(table.phase_source or "", title.words.get("phase", "")
                                if table.phase_source == "title" else "",
                                f"phase={table.phase}")
                column = replace(column, key=table.phase, phase=table.phase,
                                 reasons=column.reasons + (reason,))
                column = replace(column, id=make_id(column.key, column.program, column.phase,
                                                    column.year, column.months, column.period))
            changed.append(column)
        table.columns = changed

    # program: the title names the one program of every row, where rows name none
    if title.program is not None and not any(c.program in ("KCQG", "KCDP")
                                             for c in table.columns) \
            and not any(c.key == "program" for c in table.columns):
        table.program = title.program
        facts["program"] = Fact(title.program, title.sources.get("program", "title"),
                                title.words.get("program", ""))
    if table.title_province:
        facts["province"] = Fact(table.title_province, "title", title.words.get("province", ""))

    return pending_locale


@dataclass
class _Locale:
    """What a sheet's number locale is decided from, once its cells are read: the texts
    of its number columns, its title, and where its KC109 goes among its findings."""
    samples: np.ndarray  # object: str
    title: TitleFacts
    at: int


def _decide_locale(p: PendingSheet, decision: LocaleDecision) -> None:
    """The sheet's locale from its numbers, else from its headers' language."""
    locale = p.locale
    assert locale is not None
    table, title, facts = p.table, locale.title, p.rest["facts"]
    if decision.locale is not None:
        table.locale, table.locale_source = decision.locale, "numbers"
    else:
        vietnamese_headers = title.vietnamese or any(
            VI_LETTERS.search(fold(c.header)) for c in table.columns)
        table.locale = "vi" if vietnamese_headers else "en"
        table.locale_source = "headers"
    if decision.vi_example and decision.en_example:
        p.diags.insert(locale.at, diagnose(
            "KC109", file=table.file, sheet=table.sheet, vi_example=decision.vi_example,
            en_example=decision.en_example, locale=table.locale))
    facts["locale"] = Fact(table.locale, table.locale_source)
    p.locale = None


def _parse_columns(p: PendingSheet) -> pd.DataFrame:
    """The table's frame: each column's cells as :func:`parse_pending` read them, with
    a diagnostic at every cell that does not read."""
    table, text, source, uncached, d = p.table, p.text, p.source, p.uncached, p.report
    read, normalized = p.read, p.normalized
    assert read is not None and normalized is not None
    column_cells = p.cells
    out = {}
    others: dict[str, AmountColumn] = {}
    table.other = OtherReadings(others)
    for column in table.columns:
        series, is_num = column_cells(column)
        bad_rows = uncached.get(column.index, set())
        if column.key in AMOUNT_KEYS:
            unit = column.unit or table.unit
            parsed = read[column.id]
            # over the parsed arrays (a Series operation costs more than a small column)
            index, cells = series.index, series.to_numpy(dtype=OBJECT)
            bad = np.asarray(pd.notna(parsed.errors), dtype=BOOL)
            for at in np.flatnonzero(bad):
                code = {"not_whole_dong": "KC203", "unit_mismatch": "KC212"}.get(
                    parsed.errors[at], "KC201")
                d(code, **table.at(int(index[at]), column), column=column.id,
                  header=column.header, value=cells[at], unit=unit)
            if bad_rows:
                bad = bad | np.asarray(index.isin(list(bad_rows)))
            others[column.id] = parsed
            table.bad[column.id] = pd.Series(bad, index=index, dtype=BOOL)
            # (an array: the frame takes it on its index as it is, no Series to align)
            out[column.id] = pd.arrays.IntegerArray(parsed.values.copy(), ~parsed.valid | bad)
        elif column.key in PERCENT_KEYS:
            formatted = None
            if is_num.any() and table.transposed is None:
                cells = {(row, column.index) for row in is_num[is_num].index}
                styled = source.meta(style_cells=cells)
                styles = source.styles()
                if styles is not None:
                    formatted = pd.Series(
                        [styles.is_percent(styled.styles.get((row, column.index), -1))
                         for row in series.index], index=series.index)
            values, errors = percent_values(read[column.id], numeric=is_num,
                                            percent_formatted=formatted)
            bad = errors.notna()
            for row in errors[bad].index:
                d("KC209", **table.at(row, column), column=column.id,
                  header=column.header, value=series[row])
            values = values.where(~bad, None)
            table.bad[column.id] = bad
            out[column.id] = values
        elif column.key in COUNT_KEYS or column.key == "year":
            parsed = read[column.id]
            index, cells = series.index, series.to_numpy(dtype=OBJECT)
            bad = np.asarray(pd.notna(parsed.errors), dtype=BOOL)
            code = "KC205" if column.key == "year" else "KC208"
            # over the integers, a missing cell read as a value that passes
            if column.key == "year":
                year = np.where(parsed.valid, parsed.values, 2000)
                bad = bad | (year < 2000) | (year > 2100)
            else:
                bad = bad | (np.where(parsed.valid, parsed.values, 0) < 0)
            for at in np.flatnonzero(bad):
                d(code, **table.at(int(index[at]), column), column=column.id,
                  header=column.header, value=cells[at])
            table.bad[column.id] = pd.Series(bad, index=index, dtype=BOOL)
            if bad_rows:
                bad = bad | np.asarray(index.isin(list(bad_rows)))
            out[column.id] = pd.arrays.IntegerArray(parsed.values.copy(), ~parsed.valid | bad)
        else:
            # free text (names) is only compared after normalizing; keys are NFC now
            out[column.id] = series if column.key in _FREE_TEXT else normalized[column.id]
    return frame_of(out, text.index)


class OtherReadings(Mapping[str, Any]):
    """Each amount column's other-locale reading (``AmountColumn.other_dong``, an
    Int64 Series) by column id, made when first asked for: only a hint at a total
    that does not add up asks, and a Series per column costs more than a small
    sheet's column does to read."""

    def __init__(self, columns: dict[str, AmountColumn]) -> None:
        self._columns = columns

    def __getitem__(self, col_id: str) -> Any:
        return self._columns[col_id].other_dong

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)


def int_values(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column of whole numbers (an amount, a count, a year) as numpy arrays: (int64
    values with 0 where missing, the mask of the given cells)."""
    array = series.array
    return (np.asarray(array.to_numpy(dtype=np.int64, na_value=0)),
            ~np.asarray(pd.isna(array), dtype=BOOL))


def frame_column(frame: pd.DataFrame, key: Any) -> pd.Series | None:
    """``frame[key]`` (None where there is no such column), the Series taken by its
    position: ``DataFrame.__getitem__`` costs about twice as much for its checks."""
    try:
        at = frame.columns.get_loc(key)
    except KeyError:
        return None
    by_position = getattr(frame, "_ixs", None)
    if isinstance(at, (int, np.integer)) and by_position is not None:
        return by_position(int(at), axis=1)
    return frame[key]


def frame_array(frame: pd.DataFrame, key: Any) -> Any:
    """A column's array (numpy or pandas' own) as ``frame`` holds it, taken from its
    blocks (a Series of one column costs some 20–60 µs, more than a pass over a few
    dozen rows)."""
    at = frame.columns.get_loc(key)
    values = getattr(frame._mgr, "iget_values", None)
    if isinstance(at, (int, np.integer)) and values is not None:
        return values(int(at))
    return frame[key].array  # (a name given twice; a pandas without the blocks' API)


def frame_ints(frame: pd.DataFrame, key: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`int_values` of a column of ``frame``: (int64 values, 0
    where missing; the mask of the given cells)."""
    array = frame_array(frame, key)
    data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if array.dtype == NULLABLE_INT and isinstance(data, np.ndarray) and \
            isinstance(mask, np.ndarray):
        return np.where(mask, 0, data), ~mask
    return int_values(frame[key])


def frame_of(columns: dict[Any, Any], index: pd.Index) -> pd.DataFrame:
    """A frame of ``columns`` on ``index``: a typed Series already on ``index`` goes in
    as its array, so there is no alignment to make (an object Series stays a Series:
    as a bare array pandas would infer it as ``str``); anything else as pandas takes it.

    When every column is already what a frame stores (:func:`_stored_arrays`: a
    Series on ``index``, a pandas array, a typed numpy array, each of its length),
    the frame is made from those arrays with nothing to check or infer, as
    ``pd.DataFrame`` would have stored them (each pandas array copied, the numpy
    ones joined into blocks): about a third of what the constructor costs on a
    sheet's ten columns, which every sheet pays (``docs/performance.md``)."""
    arrays = _stored_arrays(columns, index)
    if arrays is not None:
        return _FROM_ARRAYS(arrays, columns=pd.Index(list(columns)), index=index,
                            verify_integrity=False)
    return pd.DataFrame({k: v.array if isinstance(v, pd.Series) and v.dtype != object
                         and v.index.equals(index) else v for k, v in columns.items()},
                        index=index)


# pandas' constructor from arrays already stored as a frame stores them (a classmethod
# pandas itself uses, ``verify_integrity=False``); without it, every frame the old way
_FROM_ARRAYS: Any = getattr(pd.DataFrame, "_from_arrays", None)
# numpy dtypes a frame keeps as they are: booleans, integers and floats of the usual
# widths (an object or a text array is inferred by pandas, a date's unit may be changed,
# a half float refused: not here)
_STORED_KINDS = frozenset("biuf")


def _stored_arrays(columns: dict[Any, Any], index: pd.Index) -> list[Any] | None:
    """The arrays a frame of ``columns`` on ``index`` stores, as ``pd.DataFrame``
    would have made them (its copy of every pandas array; an object Series' own
    values, with no inference), or ``None`` when some column is anything else (a
    scalar, a list, an object numpy array, a numpy subclass such as a masked array, a
    ``NumpyExtensionArray``, a Series on another index) or a name is not text: those
    are pandas' to take."""
    if _FROM_ARRAYS is None or not isinstance(index, pd.Index) or not columns:
        return None
    n = len(index)
    out: list[Any] = []
    for key, value in columns.items():
        if not isinstance(key, str):
            return None
        if isinstance(value, pd.Series):
            if len(value) != n or not value.index.equals(index):
                return None
            value = value._values
        if isinstance(value, pd.arrays.NumpyExtensionArray):
            return None  # a numpy array in a pandas wrapper: the constructor infers it
        if isinstance(value, pd.api.extensions.ExtensionArray):
            if value.ndim != 1 or len(value) != n:
                return None
            out.append(value.copy())
        elif type(value) is np.ndarray and value.ndim == 1 and len(value) == n and (
                (value.dtype.kind in _STORED_KINDS and value.dtype.itemsize >= 4)
                or value.dtype == BOOL or value.dtype == OBJECT):
            if value.dtype == OBJECT and not isinstance(columns[key], pd.Series):
                return None  # a bare object array: pandas infers it (``str``)
            out.append(value)  # (joined into a new block, as the constructor joins it)
        else:
            return None
    return out


# ------------------------------------------------------------------ years as columns

def _row_unit(text: str | None) -> tuple[Unit | None, str | None]:
    """The ĐVT of an indicator row: a money unit, or a count unit (``đề án``, ``người``)."""

    if text is None:
        return None, None
    folded = fold(str(text)).strip(" ()[].")
    if folded in _COUNT_UNITS:
        return None, folded
    unit = find_unit(str(text))
    if unit is not None:
        return unit, None
    for word in sorted(_COUNT_UNITS, key=len, reverse=True):
        if folded.startswith(word):
            return None, word
    return None, None


def _with_phase(column: Column, phase: str | None) -> Column:
    """An indicator column of a years-as-columns sheet with the phase of its time column:
    support becomes that stage's money, the other measures carry it."""
    if phase is None:
        return column
    key = phase if column.key in ("support", "amount") or column.key in PHASE_KEYS \
        else column.key
    return replace(column, key=key, phase=phase)


def _total_of_years(columns: list[Column], time_cols: list[Column]) -> list[Column]:
    """A ``Tổng cộng`` / ``Cộng`` / ``Tổng số`` column beside the year columns names no
    period, but it is the sum of the years: read as the period they cover, so that it
    is checked like ``Giai đoạn 2016–2020`` (KC313), never ignored."""
    years = [c.year for c in time_cols if c.year is not None]
    if len(years) < 2 or len({c.phase for c in time_cols if c.year is not None}) > 1:
        return []
    out = []
    for c in columns:
        if c.role != Role.figure or c.program != "ALL" or c.year is not None or \
                c.period is not None or c.months is not None or not c.path:
            continue
        last = read_header(c.path[-1].text)
        if last.program != "ALL" or last.key is not None or len(c.path) > 1:
            continue
        period = (min(years), max(years))
        out.append(replace(c, key="by_row", program=None, period=period,
                           reasons=c.reasons + (Reason(c.path[-1].ref, c.path[-1].text,
                                                       f"period={period[0]}-{period[1]}"),)))
    return out


def _period(column: Column) -> str:
    """``2021-2025``: the period of a period column."""
    first, last = column.period or (None, None)
    return f"{first}-{last}"


def _covers(period: tuple[int, int] | None, years: list[Column]) -> bool:
    """Whether a period column covers every year column (and there are some)."""
    return period is not None and bool(years) and all(
        y.year is not None and period[0] <= y.year <= period[1] for y in years)


def _transpose(table: Table, text: pd.DataFrame, numeric: pd.DataFrame, title: TitleFacts,
               opts: ReadOptions, d: Report, uncached: dict[int, set[int]]
               ) -> tuple[Table, pd.DataFrame, pd.DataFrame, dict[int, set[int]]] | None:
    """A years-as-columns sheet as a table with one row per year (and one per period
    total), one column per indicator row; every cell keeps its own reference."""

    item_col = next(c for c in table.columns if c.key == "item")
    unit_col = next((c for c in table.columns if c.key == "unit"), None)
    # the time columns: years and periods, with or without a phase word (Kế hoạch giai
    # đoạn 2021–2025 is a period of the plan, its measure given by each row)
    time_cols = [c for c in table.columns if c.key == "by_row" or (
        c.role == Role.figure and (c.year is not None or c.period is not None)
        and c.measure == "support")]
    time_cols += _total_of_years(table.columns, time_cols)
    kinds = table.kind
    # indicator rows: each row's label gives its measure, its ĐVT the unit
    indicators: list[Column] = []
    parent: Column | None = None
    children: dict[str, list[Column]] = {}
    unknown_rows = []
    for row in text.index:
        if kinds.get(row) == RowKind.total:
            continue
        label = text.at[row, item_col.index]
        if label is None:
            continue
        unit_text = text.at[row, unit_col.index] if unit_col is not None else None
        money_unit, count_unit = _row_unit(unit_text)
        meaning = read_header(str(label))
        key = meaning.key
        program = meaning.program
        phase = meaning.phase
        reasons = [Reason(a1(row, item_col.index), w, m) for w, m in meaning.evidence]
        if unit_col is not None and unit_text is not None and (money_unit or count_unit):
            reasons.append(Reason(a1(row, unit_col.index), str(unit_text),
                                  f"unit={money_unit.value if money_unit else count_unit}"))
        if key in PHASE_KEYS:
            phase, key = key, "support"
        if key is None and program in ("KCQG", "KCDP") and parent is not None:
            key = parent.measure if parent.measure != "support" else "support"
            phase = phase or parent.phase
            money_unit = money_unit or parent.unit
            count_unit = count_unit or None
        if key is None and count_unit is not None:
            key = _COUNT_UNITS[count_unit]
        if key in ("attainment_pct", "share_pct") or key is None or (
                key not in AMOUNT_KEYS and key not in COUNT_KEYS and key != "support"):
            has = any(text.at[row, c.index] is not None for c in time_cols)
            if has:
                unknown_rows.append((row, str(label)))
            continue
        if key in AMOUNT_KEYS and count_unit is not None and money_unit is None:
            key = _COUNT_UNITS[count_unit]
        column = Column(id="", key=key, index=VIRTUAL + int(row), header=str(label),
                        program=program, phase=phase, unit=money_unit, role=Role.figure,
                        path=(HeaderCell(int(row), item_col.index, str(label)),),
                        reasons=tuple(reasons))
        if program in ("KCQG", "KCDP") and parent is not None and parent.measure == \
                column.measure:
            children.setdefault(parent.id or str(parent.index), []).append(column)
        else:
            parent = column
        if count_unit is not None:
            column = replace(column, count_unit=fold(str(unit_text)).strip(" ()[]."))
        column = replace(column, id=str(column.index))
        if program is None or program not in ("KCQG", "KCDP"):
            parent = column
        indicators.append(column)
    for row, label in unknown_rows:
        cell = a1(row, item_col.index)
        money = bool(_MONEY_WORDS.search(fold(label)))
        d("KC118" if money else "KC115", cell=cell, row=row, header=label)
    if not indicators:
        return None
    # a measure with program parts: the whole row is the total of both programs
    final = []
    for column in indicators:
        if any(c.index == column.index for c in indicators) and column.program is None and \
                any(k == column.id for k in children):
            column = replace(column, program="ALL", whole=True)
        final.append(column)
    # the time columns: years are rows; a period of the years' own phase that covers them
    # is their total; a period of another phase (Kế hoạch / Mục tiêu giai đoạn 2021–2025
    # beside the years done) is a target: a row of its own, read into columns of its phase
    years = [c for c in time_cols if c.year is not None]
    year_phases = {c.phase for c in years if c.phase}
    year_phase = next(iter(year_phases)) if len(year_phases) == 1 else title.phase
    if len(year_phases) > 1:
        chosen = title.phase if title.phase in year_phases else sorted(year_phases)[0]
        years = [c for c in years if c.phase in (chosen, None)]
        year_phase = chosen
    periods, targets = [], []
    for c in time_cols:
        if c.year is not None or c.period is None:
            continue
        covers = _covers(c.period, years)
        if (c.phase or year_phase) == year_phase and covers:
            periods.append(c)
        elif c.phase is not None and c.phase != year_phase:
            targets.append(c)
        else:
            periods.append(c)  # a period that covers other years: noted, not summed
    final = [_with_phase(ind, year_phase) for ind in final]
    target_columns: list[tuple[Column, list[Column]]] = []
    for k, c in enumerate(targets, start=2):
        mine = [replace(_with_phase(ind, c.phase), index=VIRTUAL * k + (ind.index - VIRTUAL),
                        period=c.period,
                        reasons=ind.reasons + tuple(Reason(h.ref, h.text, means) for h in c.path
                                                    for means in (f"phase={c.phase}",
                                                                  f"period={_period(c)}")))
                for ind in final]
        target_columns.append((c, mine))
    every = final + [m for _, mine in target_columns for m in mine]
    virtual_rows = {}
    rows_text: dict[int, dict[int, Any]] = {}
    rows_num: dict[int, dict[int, bool]] = {}
    kind = []
    level = []
    year_values: list[str | None] = []
    labels = []
    n = 0
    for c in years + periods + targets:
        n += 1
        virtual_rows[n] = c.index
        rows_text[n] = {ind.index: None for ind in every}
        rows_num[n] = {ind.index: False for ind in every}
        into = next((mine for t, mine in target_columns if t is c), final)
        for ind in into:
            sheet_row = (ind.index % VIRTUAL)
            rows_text[n][ind.index] = text.at[sheet_row, c.index] if sheet_row in text.index \
                else None
            rows_num[n][ind.index] = bool(numeric.at[sheet_row, c.index]) if (
                c.index in numeric and sheet_row in numeric.index) else False
        labels.append(c.header)
        if c.year is not None:
            kind.append(RowKind.detail)
            level.append(0)
            year_values.append(str(c.year))
        elif c in targets:
            kind.append(RowKind.detail)
            level.append(0)
            year_values.append(None)
        else:
            covered = _covers(c.period, years)
            kind.append(RowKind.total if covered else RowKind.note)
            level.append(9 if covered else 0)
            year_values.append(None)
    index = pd.RangeIndex(1, n + 1)
    year_col = Column(id="year", key="year", index=VIRTUAL - 1, header="Năm",
                      role=Role.attribute,
                      reasons=tuple(Reason(c.path[-1].ref if c.path else "", c.header,
                                           f"year={c.year}") for c in years))
    cols = [year_col] + every
    new_text = pd.DataFrame({ind.index: [rows_text[i][ind.index] for i in index] for ind in every},
                            index=index)
    new_text[year_col.index] = year_values
    new_numeric = pd.DataFrame({ind.index: [rows_num[i][ind.index] for i in index]
                                for ind in every}, index=index)
    new_uncached: dict[int, set[int]] = {}
    for ind in every:
        sheet_row = ind.index % VIRTUAL
        for i, sheet_col in virtual_rows.items():
            if sheet_row in uncached.get(sheet_col, set()) and new_text.at[i, ind.index] is not None:
                new_uncached.setdefault(ind.index, set()).add(i)
    out = Table(file=table.file, sheet=table.sheet, header_rows=table.header_rows,
                columns=cols, frame=None,
                kind=pd.Series(kind, index=index, dtype=OBJECT),
                level=pd.Series(level, index=index, dtype=INT64),
                label=pd.Series(labels, index=index, dtype=OBJECT), title=table.title,
                title_province=table.title_province, title_phase=table.title_phase,
                diagnostics=table.diagnostics)
    out.transposed = {"rows": virtual_rows,
                      "cols": {ind.index: ind.index % VIRTUAL for ind in every},
                      "years": [c.index for c in years], "periods": [c.index for c in periods],
                      "item": item_col.index, "unit": unit_col.index if unit_col else None}
    out.transposed["cols"][year_col.index] = table.header_rows[-1]
    out.shape_override = "summary"
    # every indicator row keeps its own column: a second row of the same meaning (two
    # physical indicators, or a measure written twice) is named by its row
    named, seen = [], set()
    for column in cols:
        col_id = column.id if column.key == "year" else make_id(
            column.key, column.program, column.phase, column.year, column.months, column.period)
        if col_id in seen or column.key == "indicator":
            col_id = f"{col_id}@row{column.index % VIRTUAL}"
        seen.add(col_id)
        named.append(replace(column, id=col_id))
    out.columns = named
    return out, new_text, new_numeric, new_uncached


# ------------------------------------------------------------------ the layout as data

def _layout(table: Table, header_rows: tuple[int, ...], ignored: list[Ignored],
            facts: dict[str, Fact], declared: DeclaredSheet | None) -> Layout:
    kinds = table.kind
    if table.transposed is not None:
        spans = row_spans(kinds, table.section_program, table.section_row)
        # the row numbers of a transposed table are its year columns
        spans = tuple(replace(s, first=s.first, last=s.last) for s in spans)
    else:
        spans = row_spans(kinds, table.section_program, table.section_row)
    first = int(table.frame.index.min()) if len(table.frame) and table.transposed is None else 0
    last = int(table.frame.index.max()) if len(table.frame) and table.transposed is None else 0
    return Layout(sheet=table.sheet, header_rows=tuple(header_rows),
                  columns=tuple(table.columns), ignored=tuple(ignored), rows=spans,
                  facts=dict(facts), orientation="columns" if table.transposed else "rows",
                  declared=declared.source if declared is not None else None,
                  first_row=first, last_row=last)


__all__ = ["NUMERIC_KEYS", "ReadOptions", "Table", "meanings", "read_sheet"]
