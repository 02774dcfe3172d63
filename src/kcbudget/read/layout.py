"""The layout of a sheet: what kcbudget understood of it, as typed, frozen data.

The reader's whole answer about a sheet's *shape* is a :class:`Layout`: for every
column its header path (every level, merged cells resolved), its meaning (an
attribute such as the province, or a figure: a measure with its program, phase,
year or period, months to date and unit) and *why* (which words of which header
cell decided each part); for the rows, their kinds (:class:`RowKind`) and the
program or section they sit under; and the sheet-wide facts (unit, locale,
phase, year, program, province) with where each came from.  Checks and engines
look at a sheet only through its layout; ``kcbudget inspect`` prints it.

Nothing here reads a file: :mod:`kcbudget.read.columns`, :mod:`kcbudget.read.title`
and :mod:`kcbudget.read.rowkinds` build the parts, :mod:`kcbudget.read.table` puts
them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from kcbudget.dtypes import BOOL, OBJECT
from kcbudget.model.diagnostic import a1, column_letter
from kcbudget.model.units import Unit


class RowKind(str, Enum):
    """What a row of a table body is."""

    detail = "detail"  # one đề án, or one place/program of a summary: the figures that count
    section = "section"  # a heading (``A. KHUYẾN CÔNG ĐỊA PHƯƠNG``) without figures of its own
    subtotal = "subtotal"  # ``I``, ``A``, ``Cộng …``: checked against the rows it covers
    total = "total"  # ``Tổng cộng``: checked against every detail row
    note = "note"  # text below or inside the table that is not data


def kind_is(kinds: np.ndarray, kind: RowKind) -> np.ndarray:
    """``kinds == kind`` element-wise over an object array of row kinds (compared with
    the bare member, numpy would compare with its ``str()``, ``RowKind.detail``)."""
    return np.asarray(kinds == np.array(kind, dtype=OBJECT), dtype=BOOL)


class Role(str, Enum):
    """What a column holds."""

    attribute = "attribute"  # text or a number that describes the row (province, id, year)
    figure = "figure"  # money, a count or a percentage
    order = "order"  # STT, the row number of the form
    unit = "unit"  # ĐVT: the unit of each row's figures (years-as-columns sheets)
    indicator = "indicator"  # Chỉ tiêu: the measure of each row (years-as-columns sheets)


# the measures of figure columns
MONEY_MEASURES = frozenset({"support", "total_cost", "counterpart", "other_funds"})
COUNT_MEASURES = frozenset({"projects", "beneficiaries", "indicator"})
PERCENT_MEASURES = frozenset({"attainment_pct", "share_pct"})
# the stages of a đề án's money (its phases), in the order the money moves
STAGES = ("planned", "allocated", "advanced", "executed", "accepted", "disbursed", "settled")
PHASES = STAGES
# the stages measured against the plan (every stage but the plan itself)
LATER_STAGES = STAGES[1:]


@dataclass(frozen=True)
class HeaderCell:
    """One level of a column's header: a cell (the top-left one of its merge)."""

    row: int
    col: int
    text: str

    @property
    def ref(self) -> str:
        return a1(self.row, self.col)


@dataclass(frozen=True)
class Reason:
    """Why a part of a meaning was decided: ``words`` of ``source`` gave ``means``.

    ``source`` is a cell reference (``D7``), ``title`` (a title-block line),
    ``rows`` (the row labels), ``option`` (a command-line option), ``layout``
    (a declared layout file) or ``default``; ``means`` is ``slot=value``
    (``measure=support``, ``phase=executed``, ``year=2021``, ``unit=trieu``,
    ``program=KCQG``) or a marker (``of_which``, ``whole``).
    """

    source: str
    words: str
    means: str


@dataclass(frozen=True)
class Column:
    """One column of a table as kcbudget reads it.

    ``key`` is the canonical key: an attribute (``province``, ``project_id``, …) or a
    figure: ``planned``/``executed``/``accepted`` (khuyến công support of that phase),
    ``support`` (support whose phase the sheet decides), ``total_cost``,
    ``counterpart``, ``other_funds``, ``projects``, ``beneficiaries``, ``indicator``,
    ``attainment_pct``, ``share_pct``, ``amount`` (money of a program whose phase the
    sheet decides), or ``by_row`` (a year column of a sheet whose rows give the measure).
    ``id`` names the column's series in :attr:`Table.frame`.
    """

    id: str
    key: str
    index: int  # absolute 0-based column index
    header: str  # the header path as written, levels joined by " / "
    program: str | None = None  # KCQG | KCDP | ALL
    phase: str | None = None  # planned | executed | accepted
    unit: Unit | None = None
    percent: bool = False
    year: int | None = None
    months: int | None = None  # the figures cover the first ``months`` months of the year
    period: tuple[int, int] | None = None  # a programme period (2016, 2020)
    whole: bool = False  # the whole of which the following "Trong đó" columns are parts
    count_unit: str | None = None  # the unit of a count (đề án, người, mô hình, cơ sở, …)
    path: tuple[HeaderCell, ...] = ()
    reasons: tuple[Reason, ...] = ()
    role: Role = Role.figure

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def measure(self) -> str:
        """``support`` for the phase keys and ``amount``; the key otherwise."""
        return "support" if self.key in PHASES or self.key == "amount" else self.key

    @property
    def is_money(self) -> bool:
        return self.role == Role.figure and (self.measure in MONEY_MEASURES)

    # kept for the checks that speak of amounts
    is_amount = is_money

    @property
    def is_percent(self) -> bool:
        return self.role == Role.figure and self.key in PERCENT_MEASURES

    @property
    def is_count(self) -> bool:
        return self.role == Role.figure and self.key in COUNT_MEASURES

    @property
    def is_figure(self) -> bool:
        return self.role == Role.figure

    def meaning(self) -> dict[str, Any]:
        """The meaning as plain data (JSON, inspect)."""
        out: dict[str, Any] = {"role": self.role.value, "key": self.key}
        if self.role == Role.figure:
            out["measure"] = self.measure
        for name in ("program", "phase", "year", "months"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.period is not None:
            out["period"] = f"{self.period[0]}-{self.period[1]}"
        if self.unit is not None:
            out["unit"] = self.unit.value
        if self.count_unit is not None:
            out["count_unit"] = self.count_unit
        if self.percent:
            out["percent"] = True
        if self.whole:
            out["whole"] = True
        return out


def make_id(key: str, program: str | None = None, phase: str | None = None,
            year: int | None = None, months: int | None = None,
            period: tuple[int, int] | None = None) -> str:
    """A column id: ``executed.KCQG``, ``total_cost@executed``, ``projects.KCDP#2021~7``."""
    col_id = key + (f".{program}" if program else "")
    if phase and key not in PHASES:
        col_id += "@" + phase
    if year is not None:
        col_id += f"#{year}"
    elif period is not None:
        col_id += f"#{period[0]}-{period[1]}"
    if months is not None:
        col_id += f"~{months}"
    return col_id


def with_id(column: Column) -> Column:
    return replace(column, id=make_id(column.key, column.program, column.phase, column.year,
                                      column.months, column.period))


@dataclass(frozen=True)
class Ignored:
    """A column that is not read, and why (``unknown``, ``duplicate``, ``declared``)."""

    index: int
    header: str
    reason: str
    numeric: bool = False  # its body holds numbers
    ref: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class RowSpan:
    """Consecutive rows of one kind under one section (for ``inspect``)."""

    first: int
    last: int
    kind: RowKind
    count: int
    program: str | None = None  # the program the rows sit under, where one is given
    section: int | None = None  # the sheet row of the section or subtotal row above them


@dataclass(frozen=True)
class Fact:
    """A sheet-wide fact (unit, locale, phase, …) and where it came from."""

    value: object
    source: str  # title | header | columns | option | layout | numbers | headers | assumed
    words: str = ""


@dataclass(frozen=True)
class Layout:
    """Everything kcbudget understood of one sheet's table."""

    sheet: str
    header_rows: tuple[int, ...]
    columns: tuple[Column, ...]
    ignored: tuple[Ignored, ...] = ()
    rows: tuple[RowSpan, ...] = ()
    facts: dict[str, Fact] = field(default_factory=dict)
    orientation: str = "rows"  # rows: one row per đề án/place; columns: years as columns
    declared: str | None = None  # the layout file that declared part of it
    first_row: int = 0  # the first row of the table body
    last_row: int = 0

    def fact(self, name: str) -> Any:
        found = self.facts.get(name)
        return found.value if found is not None else None

    def _where(self, column: Column) -> dict[str, Any]:
        """Where a column is on the sheet: its letter; on a years-as-columns sheet (read
        turned) the cell of its indicator row's label and that row (the year column,
        made of the year headers, has none)."""
        if self.orientation != "columns":
            return {"column": column.letter}
        if column.key == "year" or not column.path:
            return {"column": None, "row": None}
        return {"column": column.path[0].ref, "row": column.path[0].row}

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "orientation": self.orientation,
            "header_rows": list(self.header_rows),
            "body": [self.first_row, self.last_row] if self.last_row else None,
            "declared": self.declared,
            "facts": {name: {"value": _plain(f.value), "source": f.source,
                             **({"words": f.words} if f.words else {})}
                      for name, f in self.facts.items()},
            "columns": [{
                **self._where(c), "id": c.id, "header": [h.text for h in c.path] or [c.header],
                "cells": [h.ref for h in c.path], **c.meaning(),
                "why": [{"source": r.source, "words": r.words, "means": r.means}
                        for r in c.reasons],
            } for c in self.columns],
            "ignored": [{"column": i.letter, "header": i.header, "reason": i.reason,
                         "numeric": i.numeric} for i in self.ignored],
            "rows": [{"first": s.first, "last": s.last, "kind": s.kind.value, "count": s.count,
                      "program": s.program, "section": s.section} for s in self.rows],
        }


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def row_spans(kinds: pd.Series | None, programs: pd.Series | None,
              sections: pd.Series | None) -> tuple[RowSpan, ...]:
    """Compress per-row kinds (a pandas Series indexed by sheet row) into spans."""
    spans: list[RowSpan] = []
    if kinds is None or not len(kinds):
        return ()

    rows = kinds.index.to_numpy()
    kind_values = kinds.to_numpy()
    program_values = programs.reindex(kinds.index).to_numpy() if programs is not None \
        else np.full(len(rows), None, dtype=OBJECT)
    section_values = sections.reindex(kinds.index).to_numpy() if sections is not None \
        else np.full(len(rows), None, dtype=OBJECT)
    # a new span wherever the kind, program or section changes, or rows are not consecutive
    keys = [(kind_values[i], _none(program_values[i]), _none(section_values[i]))
            for i in range(len(rows))] if len(rows) <= 5000 else None
    if keys is None:  # large tables: compare columns without building tuples per row

        # each column as codes (a missing value is one code of its own, as None is in
        # the tuples above; text through astype(str) would make every None a NaN that
        # equals nothing, a span per row)
        change = np.ones(len(rows), dtype=BOOL)
        change[1:] = np.diff(rows) != 1
        for values in (kind_values, program_values, section_values):
            codes = pd.factorize(np.asarray(values, dtype=OBJECT))[0]
            change[1:] |= codes[1:] != codes[:-1]
        starts = np.flatnonzero(change)
        ends = np.concatenate([starts[1:], [len(rows)]]) - 1
        for s, e in zip(starts, ends):
            spans.append(RowSpan(int(rows[s]), int(rows[e]), RowKind(kind_values[s]),
                                 int(e - s + 1), _none(program_values[s]),
                                 _int_or_none(section_values[s])))
        return tuple(spans)
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or keys[i] != keys[start] or rows[i] != rows[i - 1] + 1:
            kind, program, section = keys[start]
            spans.append(RowSpan(int(rows[start]), int(rows[i - 1]), RowKind(kind),
                                 i - start, program, _int_or_none(section)))
            start = i
    return tuple(spans)


def _none(value: Any) -> Any:
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):
        pass
    return value


def _int_or_none(value: Any) -> int | None:
    value = _none(value)
    return int(value) if value is not None else None
