"""Columns from a header of any depth: the header band, each column's path, its meaning.

A table's header is a *band* of rows: the row found first (≥ 3 known headers, one of
them money, with evidence of a khuyến công table), the group rows above it
(``Khuyến công quốc gia`` merged over ``Kế hoạch | Thực hiện``), and the rows below
that continue it (``Kinh phí thực hiện`` over ``Tổng kinh phí | Trong đó`` over
``Kinh phí khuyến công hỗ trợ | Vốn đối ứng | Nguồn khác``).  Each column's *path* is
the cells above it, top to bottom, merged cells resolved to their top-left cell.
The meaning of a column combines its path: a group word gives a program, a phase,
a year, months to date or a unit to the columns under it; the deepest level that
names a measure gives the measure; ``Trong đó`` marks the columns after it as parts
of the column before it, which is the whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from kcbudget.model.diagnostic import a1
from kcbudget.model.units import Unit
from kcbudget.read.headers import (
    AMOUNT_KEYS,
    COUNT_KEYS,
    PERCENT_KEYS,
    PHASE_KEYS,
    HeaderMeaning,
    read_header,
)
from kcbudget.read.layout import Column, HeaderCell, Reason, Role, make_id
from kcbudget.read.units import unit_from_phrase
from kcbudget.text import fold

if TYPE_CHECKING:
    from kcbudget.model.units import Unit
    from kcbudget.read.sources import Grid
    from kcbudget.read.xlsxmeta import Merge

HEADER_SCAN_ROWS = 30
MAX_LEVELS = 5
_FIGURE = re.compile(r"^[-+(]?\d[\d.,\s]*\)?%?$")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
_ATTRIBUTES = frozenset({"stt", "project_id", "year", "province", "region", "program",
                         "category", "project_name", "beneficiary", "status",
                         "implementing_unit", "item", "unit"})
# evidence that a header belongs to a khuyến công table (rule: not one generic word)
_EVIDENCE_KEYS = frozenset({"province", "project_id", "project_name", "support", "total_cost",
                            "counterpart", "other_funds", "projects", "beneficiaries",
                            "planned", "executed", "accepted", "program", "item",
                            "beneficiary", "implementing_unit", "category"})


@dataclass(frozen=True)
class Unknown:
    """A header cell that names nothing kcbudget knows."""

    index: int
    header: str
    ref: str
    blank: bool = False  # no header text at all: reported only when it holds figures


@lru_cache(maxsize=8192)
def _meaning(text: str) -> HeaderMeaning:
    return read_header(text)


def meanings(grid: Grid, row: int) -> dict[int, HeaderMeaning]:
    return {col: _meaning(str(value)) for col, value in grid.row_values(row)}


def _known(m: HeaderMeaning) -> bool:
    return m.known or m.timed


def qualifies(found: dict[int, HeaderMeaning]) -> bool:
    """≥ 3 known cells, one of them money (or a program or phase word); or a years-as-
    columns header (a ``Chỉ tiêu`` or ``ĐVT`` column and ≥ 2 year or period columns)."""
    known = [m for m in found.values() if _known(m)]
    amount = any(m.key in AMOUNT_KEYS or m.program or m.phase for m in known)
    if len(known) >= 3 and amount:
        return True
    timed = sum(1 for m in known if m.timed and m.key is None)
    rows_say = any(m.key in ("item", "unit") for m in known)
    return timed >= 2 and rows_say


def has_evidence(found: list[HeaderMeaning]) -> bool:
    """A khuyến công table's header carries the contract's own evidence: a program, a
    khuyến công measure, a province or đề án column, not only generic English words."""
    for m in found:
        if m.weak:
            continue
        if m.program in ("KCQG", "KCDP"):
            return True
        if m.key in _EVIDENCE_KEYS:
            return True
    return False


def years_label(columns: list[Column]) -> list[Column]:
    """A years-as-columns sheet (≥ 2 year or period columns, a ``ĐVT`` column) whose label
    column is headed ``Nội dung`` rather than ``Chỉ tiêu``: that column holds the
    indicators.  Other sheets are returned as they are."""
    if any(c.key == "item" for c in columns) or not any(c.key == "unit" for c in columns) \
            or sum(1 for c in columns if c.key == "by_row") < 2:
        return columns
    label = next((c for c in columns if c.key == "category"), None)
    if label is None:
        return columns
    return [replace(c, key="item", role=Role.indicator,
                    reasons=c.reasons + (Reason(c.path[-1].ref if c.path else "", c.header,
                                                "key=item (years as columns)"),))
            if c is label else c for c in columns]


def find_header(grid: Grid, merges: Sequence[Merge] = ()) -> int | None:
    """The first row (1-based) within the first 30 that qualifies as a header."""
    last = min(grid.first_row + grid.height - 1, HEADER_SCAN_ROWS)
    for row in range(grid.first_row, last + 1):
        if qualifies(meanings(grid, row)):
            return row
    return None


class _Cells:
    """Header cells with merges resolved: (row, col) → the HeaderCell covering it."""

    def __init__(self, grid: Grid, merges: Sequence[Merge], top: int, bottom: int) -> None:
        self.grid = grid
        self.merges = [m for m in merges if m.max_row >= top and m.min_row <= bottom]
        self.by_cell: dict[tuple[int, int], Merge] = {}
        for m in self.merges:
            if (m.max_row - m.min_row + 1) * (m.max_col - m.min_col + 1) > 4096:
                continue
            for r in range(max(m.min_row, top), min(m.max_row, bottom) + 1):
                for c in range(m.min_col, m.max_col + 1):
                    self.by_cell.setdefault((r, c), m)

    def merge(self, row: int, col: int) -> Merge | None:
        return self.by_cell.get((row, col))

    def origin(self, row: int, col: int) -> HeaderCell | None:
        m = self.by_cell.get((row, col))
        if m is not None:
            row, col = m.min_row, m.min_col
        value = self.grid.cell(row, col)
        text = str(value).strip() if value is not None else ""
        return HeaderCell(row, col, text) if text else None

    def span(self, row: int, col: int) -> int:
        m = self.by_cell.get((row, col))
        return (m.max_col - m.min_col + 1) if m is not None else 1


def _is_figure_row(grid: Grid, row: int) -> bool:
    for _, value in grid.row_values(row):
        text = str(value).strip()
        if _FIGURE.match(text) and not _YEAR_ONLY.match(text):
            return True
    return False


def _group_like(m: HeaderMeaning) -> bool:
    """A cell that can stand over other header cells."""
    return (m.program is not None or m.phase is not None or m.timed or m.of_which
            or m.key in AMOUNT_KEYS or m.key in COUNT_KEYS or m.key == "program"
            or m.unit is not None)


def band(grid: Grid, header_row: int, merges: Sequence[Merge]) -> tuple[int, int]:
    """The rows of the header: from the group rows above ``header_row`` to the last row
    that continues it below."""
    last_row = grid.first_row + grid.height - 1
    top = header_row
    while top - 1 >= grid.first_row and header_row - top < MAX_LEVELS - 1:
        if _groups_over(grid, top - 1, top, merges):
            top -= 1
        else:
            break
    bottom = header_row
    # header cells merged down (STT over three rows) say how deep the header is
    for m in merges:
        if top <= m.min_row <= header_row and m.max_row > m.min_row and \
                m.max_row - header_row < MAX_LEVELS:
            text = grid.cell(m.min_row, m.min_col)
            if text is not None and _known(_meaning(str(text))):
                bottom = max(bottom, m.max_row)
    bottom = min(bottom, last_row)
    while bottom + 1 <= last_row and bottom - top < MAX_LEVELS - 1:
        if _continues(grid, top, bottom, bottom + 1, merges):
            bottom += 1
        else:
            break
    # a row of units under the header (Triệu đồng | Triệu đồng | Đề án) is its last level
    if bottom + 1 <= last_row and _units_row(grid, top, bottom, bottom + 1, merges):
        bottom += 1
    return top, bottom


# units written in a row of their own under the header (money units are read by
# read/units.py); the count units say what a count column counts, and add nothing
_COUNT_UNIT_WORDS = frozenset({"đề án", "dự án", "nhiệm vụ", "cơ sở", "người", "lượt",
                               "doanh nghiệp", "sản phẩm", "học viên", "lớp", "mô hình",
                               "hộ", "lao động", "%"})


def unit_cell(text: object) -> object:
    """The unit a header cell *is*, as a whole: a money :class:`Unit`, a count word
    (``Đề án``, ``Người``), or None."""
    raw = str(text).strip().strip("()[]").strip()
    if not raw:
        return None
    unit = unit_from_phrase(raw)
    if unit is not None:
        return unit
    folded = fold(raw)
    return folded if folded in _COUNT_UNIT_WORDS else None


def _units_row(grid: Grid, top: int, bottom: int, row: int, merges: Sequence[Merge]) -> bool:
    """Is ``row`` a row of units only, each under a header cell, one at least a money
    unit?"""
    values = grid.row_values(row)
    if not values or _is_figure_row(grid, row):
        return False
    cells = _Cells(grid, merges, top, row)
    money = False
    for col, value in values:
        if not str(value).strip():
            continue
        unit = unit_cell(value)
        if unit is None:
            return False
        money = money or isinstance(unit, Unit)
        if not any(cells.origin(r, col) for r in range(top, bottom + 1)):
            return False
    return money


def _groups_over(grid: Grid, top: int, sub: int, merges: Sequence[Merge]) -> bool:
    """Does row ``top`` hold group cells with ≥ 2 known sub-headers under them in ``sub``?"""
    if _is_figure_row(grid, top) or _is_figure_row(grid, sub):
        return False
    top_m = meanings(grid, top)
    sub_m = meanings(grid, sub)
    cells = _Cells(grid, merges, top, sub)
    groups = []
    for col, m in top_m.items():
        if not _group_like(m):
            continue
        span = cells.span(top, col)
        covered = [c for c in range(col, col + max(span, 1)) if c in sub_m]
        # a group stands over figures; a title line over the STT or name columns is not one
        if any(sub_m[c].key in _ATTRIBUTES for c in covered):
            continue
        under = [c for c in covered if _known(sub_m[c])]
        if span > 1 and len(under) >= 2:
            groups.append(col)
        elif span == 1 and not merges and col in sub_m and _known(sub_m[col]):
            groups.append(col)  # a sheet without merges: a group word over its first child
    if not groups:
        return False
    under = [c for c, m in sub_m.items() if _known(m) and c >= min(groups)]
    # a title line merged over the whole table is not a group: it covers the STT/name
    # columns, which have their own headers
    return len(under) >= 2


def _continues(grid: Grid, top: int, bottom: int, row: int, merges: Sequence[Merge]) -> bool:
    """Is ``row`` one more level of the header band ``top..bottom``?"""
    values = grid.row_values(row)
    if not values:
        return False
    if _is_figure_row(grid, row):
        return False
    cells = _Cells(grid, merges, top, row)
    known = 0
    for col, value in values:
        m = _meaning(str(value))
        if _known(m) or m.of_which:
            known += 1
        merged = cells.merge(row, col)
        if merged is not None and merged.min_row < row:
            continue  # covered by a cell merged down from above
        parent = cells.origin(bottom, col)
        if parent is None:
            return False
        pm = _meaning(parent.text)
        spans = cells.span(bottom, col) > 1
        if not (spans or pm.of_which or (_group_like(pm) and not merges)):
            return False
    return known >= 1


def paths(grid: Grid, top: int, bottom: int, merges: Sequence[Merge]) -> dict[int, tuple[HeaderCell, ...]]:
    """Every column's header path within the band, top to bottom."""
    cells = _Cells(grid, merges, top, bottom)
    cols = set(grid.columns)
    for m in cells.merges:
        cols.update(range(m.min_col, m.max_col + 1))
    out: dict[int, tuple[HeaderCell, ...]] = {}
    carry: dict[int, HeaderCell | None] = {}
    for col in sorted(cols):
        path: list[HeaderCell] = []
        for row in range(top, bottom + 1):
            cell = cells.origin(row, col)
            if cell is None and not merges and row < bottom:
                # a sheet without merges: a group cell stands over the columns to its
                # right until the next cell of its row
                held = carry.get(row)
                if held is not None and any(cells.origin(r, col) for r in range(row + 1,
                                                                               bottom + 1)):
                    cell = held
            elif cell is not None and not merges:
                below = any(cells.origin(r, col) for r in range(row + 1, bottom + 1))
                carry[row] = cell if below and _group_like(_meaning(cell.text)) else None
            if cell is None:
                continue
            if not path or path[-1] != cell:
                path.append(cell)
        if path:
            out[col] = tuple(path)
    return out


@dataclass
class _Combined:
    key: str | None = None
    measure: str | None = None  # None | "money" (generic) | a specific figure key
    program: str | None = None
    phase: str | None = None
    unit: Unit | None = None
    percent: bool = False
    year: int | None = None
    months: int | None = None
    period: tuple[int, int] | None = None
    of_which_level: int | None = None
    attribute: str | None = None
    reasons: tuple[Reason, ...] = ()
    program_level: int | None = None


def combine(path: tuple[HeaderCell, ...]) -> _Combined:
    """The meaning of a column from its path (see the module docstring)."""
    out = _Combined()
    reasons: list[Reason] = []
    for level, cell in enumerate(path):
        m = _meaning(cell.text)
        if not m.evidence and level == len(path) - 1 and level > 0:
            unit = unit_cell(cell.text)  # a units row under the header
            if isinstance(unit, Unit):
                m = HeaderMeaning(unit=unit, evidence=((cell.text, f"unit={unit.value}"),))
        reasons.extend(Reason(cell.ref, words, means) for words, means in m.evidence)
        if m.of_which and out.of_which_level is None:
            out.of_which_level = level
        key = m.key
        if key is not None:
            if key in PHASE_KEYS:
                out.phase = key
                if out.measure is None:
                    out.measure = "money"
                out.attribute = None
            elif key in _ATTRIBUTES and key != "program":
                if key == "year" and level < len(path) - 1:
                    pass  # "Năm" over the year columns
                else:
                    out.attribute = key
                    out.measure = None
            elif key == "program":
                out.attribute = "program"
            else:
                if key == "support" and out.measure not in (None, "money"):
                    pass  # "Kinh phí" under a specific measure adds nothing
                else:
                    out.measure = key
                out.attribute = None
        if m.program is not None:
            out.program = m.program
            out.program_level = level
            if out.attribute == "program":
                out.attribute = None
        if m.phase is not None:
            out.phase = m.phase
        if m.unit is not None:
            out.unit = m.unit
        if m.percent:
            out.percent = True
            if out.measure is None or out.measure == "money":
                out.measure = "attainment_pct"
        if m.year is not None:
            out.year = m.year
        if m.months is not None:
            out.months = m.months
        if m.period is not None:
            out.period = m.period
    out.reasons = tuple(reasons)
    if out.attribute is not None:
        out.key = out.attribute
    elif out.measure == "money" or (out.measure is None and out.phase is not None):
        out.key = out.phase or ("amount" if out.program else "support")
    elif out.measure == "support" and out.phase is not None:
        out.key = out.phase
    elif out.measure is not None:
        out.key = out.measure
    elif out.program is not None:
        out.key = "amount"  # a program alone over no phase: a summary's amount
    elif out.year is not None or out.period is not None:
        out.key = "by_row"  # a year column whose rows give the measure
    return out


def build_columns(grid: Grid, header_row: int, merges: Sequence[Merge]
                  ) -> tuple[tuple[int, ...], list[Column], list[Unknown]]:
    """Columns of the header band around ``header_row``."""
    top, bottom = band(grid, header_row, merges)
    found = paths(grid, top, bottom, merges)
    columns: list[Column] = []
    unknown: list[Unknown] = []
    combined: dict[int, _Combined] = {}
    for col, path in found.items():
        c = combine(path)
        if c.of_which_level is not None:
            c = _inherit_whole(c, col, path, found, combined)
        combined[col] = c
        written = " / ".join(h.text for h in path)
        if c.key is None:
            unknown.append(Unknown(col, written, path[-1].ref))
            continue
        role = Role.figure
        if c.key in _ATTRIBUTES:
            role = {"stt": Role.order, "item": Role.indicator, "unit": Role.unit}.get(
                c.key, Role.attribute)
        columns.append(Column(
            id="", key=c.key, index=col, header=written, program=c.program, phase=c.phase,
            unit=c.unit, percent=c.percent, year=c.year, months=c.months, period=c.period,
            path=path, reasons=c.reasons, role=role))
    columns = years_label(_wholes_and_totals(columns, found))
    # a column with no header text at all is still accounted for: it is reported when
    # its body holds figures (read/table.py), never dropped in silence
    for col in sorted(set(grid.columns) - set(found)):
        unknown.append(Unknown(col, "", a1(bottom, col), blank=True))
    rows = tuple(range(top, bottom + 1))
    return rows, columns, unknown


def _inherit_whole(c: _Combined, col: int, path: tuple[HeaderCell, ...],
                   found: dict[int, tuple[HeaderCell, ...]], combined: dict[int, _Combined]
                   ) -> _Combined:
    """A part under ``Trong đó`` takes what it does not say itself from the whole: the
    nearest column to its left at the level of the ``Trong đó`` cell."""
    level = c.of_which_level
    if level is None:
        return c
    prefix = path[:level]
    whole = None
    for other in sorted(k for k in combined if k < col):
        other_path = found[other]
        if tuple(other_path[:level]) == tuple(prefix) and (
                len(other_path) <= level or other_path[level] != path[level]):
            whole = combined[other]
    if whole is None:
        return c
    out = replace(c)
    if out.measure is None and out.attribute is None:
        out.measure = whole.measure
        out.key = None
    for name in ("phase", "year", "months", "period", "unit"):
        if getattr(out, name) is None:
            setattr(out, name, getattr(whole, name))
    if out.key is None or out.measure == whole.measure:
        # recompute the key from the inherited parts
        tmp = _Combined(measure=out.measure, program=out.program, phase=out.phase,
                        attribute=out.attribute)
        if tmp.attribute is None and tmp.measure is not None:
            if tmp.measure == "money" or (tmp.measure == "support" and tmp.phase):
                out.key = tmp.phase or "support"
            else:
                out.key = tmp.measure
    return out


def _wholes_and_totals(columns: list[Column], found: dict[int, tuple[HeaderCell, ...]]
                       ) -> list[Column]:
    """``Tổng số`` among siblings that are not programs is the whole, not a program; the
    column before a ``Trong đó`` group is marked as the whole of its parts."""
    by_index = {c.index: c for c in columns}
    out = []
    for column in columns:
        path = found[column.index]
        if column.program == "ALL" and column.role == Role.figure:
            level = next((i for i, h in enumerate(path) if read_header(h.text).program == "ALL"),
                         None)
            if level is not None:
                prefix = path[:level]
                siblings = [by_index[i] for i, p in found.items()
                            if i in by_index and i != column.index and tuple(p[:level]) ==
                            tuple(prefix) and len(p) > level]
                parts = any(read_header(h.text).of_which for i, p in found.items()
                            if tuple(p[:level]) == tuple(prefix) for h in p[level:])
                if parts and not any(s.program in ("KCQG", "KCDP") for s in siblings) and \
                        column.key not in ("amount",):
                    column = replace(column, program=None, whole=True,
                                     reasons=column.reasons + (Reason(path[level].ref,
                                                                      path[level].text,
                                                                      "whole"),))
        out.append(column)
    # the whole before a "Trong đó" group
    for i, column in enumerate(out):
        path = found[column.index]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is None:
            continue
        npath = found[nxt.index]
        for level, cell in enumerate(npath):
            if read_header(cell.text).of_which and tuple(path[:level]) == tuple(npath[:level]) \
                    and (len(path) <= level or path[level] != cell) and not column.whole:
                out[i] = replace(column, whole=True)
                break
    return out


def assign_ids(columns: list[Column], year: int | None = None
               ) -> tuple[list[Column], list[tuple[Column, Column]]]:
    """Every column with its id; (duplicate, first) pairs of columns that mean the same.
    ``year`` is the year the title gives the sheet: a column of that year (``Lũy kế giải
    ngân đến 30/9/2024`` in a 2024 report) means the same as one that names no year
    (``Giải ngân 9 tháng``)."""
    seen: dict[str, Column] = {}
    duplicates = []
    kept = []
    for column in columns:
        col_id = make_id(column.key, column.program, column.phase, column.year, column.months,
                         column.period)
        same = col_id if year is None or column.year != year else make_id(
            column.key, column.program, column.phase, None, column.months, column.period)
        column = replace(column, id=col_id)
        if same in seen or col_id in seen:
            duplicates.append((column, seen.get(same) or seen[col_id]))
            continue
        seen[col_id] = column
        seen.setdefault(same, column)
        kept.append(column)
    return kept, duplicates


def percent_or_count(key: str) -> bool:
    return key in PERCENT_KEYS or key in COUNT_KEYS
