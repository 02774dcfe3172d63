"""Reported percentages, recomputed within the precision of the figures they rest on.

An amount written ``25,3`` (tỷ) stands for anything in [25,25; 25,35), so a
percentage computed from it is an interval, not a point.  A reported
percentage agrees when its own interval (``27,7`` → [27,65; 27,75]) meets the
interval of the recomputed one.

When it does not, the check tries the bases a hurried clerk might have used
instead (the whole plan of both programs instead of the program's own plan,
the executed total instead of the plan, a figure read with the other
thousands convention) and names the one that fits in the hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from kcbudget.checks.totals import precision_dong
from kcbudget.model.codes import diagnose, phrase
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.figures import other_locale, round_pct
from kcbudget.model.units import Unit
from kcbudget.read.layout import LATER_STAGES, Column, RowKind
from kcbudget.read.table import Table, frame_column

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """An amount with the half-width of its written precision, in đồng."""

    value: int
    delta: int
    cell: str
    label: dict[str, Any]  # what it is: a phrase of the catalogue


def ratio_interval(num: Figure, den: Figure) -> tuple[Decimal, Decimal] | None:
    lo_den = den.value - den.delta
    hi_den = den.value + den.delta
    if hi_den <= 0:
        return None
    lo = Decimal(max(num.value - num.delta, 0)) * HUNDRED / Decimal(hi_den)
    hi = (Decimal(num.value + num.delta) * HUNDRED / Decimal(lo_den)) if lo_den > 0 else \
        Decimal("Infinity")
    return lo, hi


def pct_delta(raw: str | None, numeric: bool, locale: str) -> Decimal:
    """Half a unit of the last digit of a reported percentage (``27,7`` → 0,05)."""
    if raw is None:
        return Decimal("0.005")
    text = str(raw).strip().rstrip("%").strip()
    if numeric:
        # a fraction formatted as percent (0.2268) or a plain number (22.68)
        digits = len(text.split(".", 1)[1]) if "." in text else 0
        value = Decimal(text) if text else Decimal(0)
        if value <= Decimal("1.5") and digits >= 2:
            digits -= 2
        return Decimal(5).scaleb(-(digits + 1))
    mark = "," if locale == "vi" else "."
    digits = len(text.rsplit(mark, 1)[1]) if mark in text else 0
    return Decimal(5).scaleb(-(digits + 1))


def overlaps(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _interval(iv: tuple[Decimal, Decimal]) -> dict[str, Any]:
    """The percentages the figures allow, as a phrase: one value, a range, or a floor."""
    lo, hi = iv
    if hi == Decimal("Infinity"):
        return phrase("pct_at_least", value=_q(lo))
    if hi - lo < Decimal("0.01"):
        return phrase("pct", value=_q((lo + hi) / 2))
    return phrase("pct_range", lo=_q(lo), hi=_q(hi))


class _Cells:
    """A table's cells as arrays, each column taken from its frame once (a lookup by
    row and column in a frame costs some 20 µs, far more than the check of a cell):
    what ``frame.at``, ``bad.get``, ``raw.at`` and ``numeric.at`` give."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.index = table.frame.index
        self._columns: dict[Any, Any] = {}

    def position(self, row: int) -> int | None:
        """The row's position in the frame (None where it has none, or several)."""
        try:
            at = self.index.get_loc(row)
        except KeyError:
            return None
        return int(at) if isinstance(at, (int, np.integer)) else None

    def _array(self, key: tuple[str, Any], series: Callable[[], Any]) -> np.ndarray | None:
        """The Series ``series()`` gives as an array on the frame's rows, or None where
        its rows differ (or there is none)."""
        got = self._columns.get(key, False)
        if got is False:
            got = None
            found = series()
            if isinstance(found, pd.Series) and found.index.equals(self.index):
                got = found.to_numpy(dtype=object)
            self._columns[key] = got
        return got

    def value(self, col_id: str, row: int, at: int | None) -> Any:
        frame = self.table.frame
        array = self._array(("value", col_id), lambda: frame_column(frame, col_id))
        return array[at] if array is not None and at is not None else frame.at[row, col_id]

    def bad(self, col_id: str, row: int, at: int | None) -> bool:
        bad = self.table.bad.get(col_id)
        if bad is None:
            return False
        array = self._array(("bad", col_id), lambda: bad)
        return bool(array[at]) if array is not None and at is not None else \
            bool(bad.get(row, False))

    def raw(self, index: int, row: int, at: int | None) -> Any:
        raw = self.table.raw
        if raw is None:
            return None
        array = self._array(("raw", index), lambda: frame_column(raw, index))
        return array[at] if array is not None and at is not None else raw.at[row, index]

    def numeric(self, index: int, row: int, at: int | None) -> bool:
        numeric = self.table.numeric
        if numeric is None:
            return False
        array = self._array(("numeric", index), lambda: frame_column(numeric, index))
        if array is not None and at is not None:
            return bool(array[at])
        return bool(numeric.at[row, index]) if index in numeric else False


class _Row:
    """Figures of one row, looked up by column."""

    def __init__(self, table: Table, row: int, cells: _Cells | None = None) -> None:
        self.table = table
        self.row = row
        self.cells = cells if cells is not None else _Cells(table)
        self.at = self.cells.position(row)

    def figure(self, column: Column | str | None, use_other: bool = False) -> Figure | None:


        table, cells, row, at = self.table, self.cells, self.row, self.at
        if isinstance(column, str):
            column = table.column(column)
        if column is None or column.id not in table.frame:
            return None
        col_id = column.id
        if cells.bad(col_id, row, at):
            return None
        value = cells.value(col_id, row, at)
        if use_other:
            other = table.other.get(col_id)
            value = other.get(self.row) if other is not None else None
        if value is None or pd.isna(value):
            return None
        raw = cells.raw(column.index, row, at)
        numeric = cells.numeric(column.index, row, at)
        factor = (column.unit or table.unit).factor
        delta = precision_dong(raw, factor, table.locale, numeric)
        if use_other:
            delta = 0
        label = _describe(column)
        return Figure(int(value), delta, table.ref(self.row, column), label)

    def sum_programs(self, like: Column | None) -> Figure | None:
        if like is None:
            return None
        found = [_sibling(self.table, like, program) for program in ("KCQG", "KCDP")]
        figures = [self.figure(c) for c in found]
        parts = [p for p in figures if p is not None]
        if len(parts) < len(figures):
            return None
        phase = like.phase or like.key
        label = phrase("programs_sum", phase=phase)
        return Figure(sum(p.value for p in parts), sum(p.delta for p in parts), parts[0].cell,
                      label)

    def total(self, like: Column | None) -> Figure | None:
        if like is None:
            return None
        return self.figure(_sibling(self.table, like, "ALL")) or self.sum_programs(like)


def _sibling(table: Table, like: Column, program: str | None) -> Column | None:
    """The money column of ``like``'s measure, phase, year and months, of ``program``."""
    for c in table.columns:
        if c.is_amount and c.key == like.key and c.phase == like.phase and \
                c.year == like.year and c.months == like.months and c.period == like.period \
                and c.program == program:
            return c
    return None


def _money(table: Table, phase: str, program: str | None, year, months,
           any_months: bool = False) -> Column | None:
    """The support column of ``phase`` (a phase key) for a percentage column's slice."""
    best = None
    for c in table.columns:
        if not c.is_amount or c.key != phase or c.program != program:
            continue
        if c.year == year and (c.months == months or any_months):
            return c
        if year is not None and c.year is None and best is None:
            best = c
    if best is None and year is None:
        for c in table.columns:
            if c.is_amount and c.key == phase and c.program == program:
                return c
    return best


def _describe(column: Column) -> dict[str, Any]:
    return phrase("figure", phase=column.key, program=column.program or "")


def _candidates(row: _Row, column, total: _Row | None = None,
                own_only: bool = False) -> list[tuple[str, Figure, Figure]]:
    """(base name, numerator, denominator): the intended base first, then the
    bases a wrong percentage is often computed on.  ``total`` is the table's
    ``Tổng cộng`` row, for long tables with one row per program.  With
    ``own_only``, the intended base alone (what the list begins with)."""
    table = row.table
    program = column.program
    out: list[tuple[str, Figure | None, Figure | None]] = []
    if column.key == "attainment_pct":
        done = column.phase if column.phase in LATER_STAGES else "executed"
        executed_col = _money(table, done, program, column.year, column.months)
        if executed_col is None and done != "executed":
            executed_col = _money(table, "executed", program, column.year, column.months)
        planned_col = _money(table, "planned", program, column.year, None, any_months=True)
        executed, planned = row.figure(executed_col), row.figure(planned_col)
        out.append(("own", executed, planned))
        if own_only:
            return _given(out)
        if program in ("KCQG", "KCDP"):
            out.append(("whole_plan", executed, row.total(planned_col)))
            out.append(("share_executed", executed, row.total(executed_col)))
        if total is not None and total.row != row.row and program is None:
            out.append(("whole_plan", executed, total.figure(planned_col)))
            out.append(("share_executed", executed, total.figure(executed_col)))
        out.append(("other_locale_num", row.figure(executed_col, True), planned))
        out.append(("other_locale_den", executed, row.figure(planned_col, True)))
    elif column.key == "share_pct":
        phases = [column.phase] if column.phase else ["executed", "planned"]
        for phase in phases:
            part_col = _money(table, phase, program, column.year, column.months)
            if row.figure(part_col) is not None:
                break
        else:
            return []
        part = row.figure(part_col)
        whole = row.total(part_col) if program is not None else None
        if whole is None and total is not None and program is None:
            whole = total.figure(part_col)  # one row per program: the share of the total row
        out.append(("own", part, whole))
        if own_only:
            return _given(out)
        other_phase = "planned" if phase == "executed" else "executed"
        other_col = _money(table, other_phase, program, column.year, None, any_months=True)
        if program is not None:
            out.append(("other_phase", row.figure(other_col), row.total(other_col)))
        elif total is not None:
            out.append(("other_phase", row.figure(other_col), total.figure(other_col)))
        out.append(("other_locale_num", row.figure(part_col, True), whole))
    return _given(out)


def _given(out: list[tuple[str, Figure | None, Figure | None]]) -> list[tuple[str, Figure, Figure]]:
    """The candidates whose numerator and denominator are both given."""
    return [(n, a, b) for n, a, b in out if a is not None and b is not None]


def _expr(num: Figure, den: Figure, unit: Unit) -> dict[str, Any]:
    pct = round_pct(num.value, den.value)
    return phrase("ratio", num=num.value, den=den.value, unit=unit,
                  pct=phrase("pct", value=pct) if pct is not None else phrase("no_pct"))


def check_percentages(table: Table) -> list[Diagnostic]:

    diags: list[Diagnostic] = []
    pct_columns = [c for c in table.columns if c.is_percent]
    if not pct_columns:
        return diags
    rows = table.frame.index[~table.kinds_are(RowKind.section, RowKind.note)]
    totals = table.frame.index[table.kinds_are(RowKind.total)]
    cells = _Cells(table)
    total = _Row(table, totals[0], cells) if len(totals) and ("program" in table.frame or any(
        c.program is None for c in pct_columns)) else None
    for column in pct_columns:
        values = table.frame[column.id]
        for row_number in rows:
            reported = values.get(row_number)
            if reported is None or pd.isna(reported):
                continue
            row = _Row(table, row_number, cells)
            # the intended base first: the other bases are looked at only where it
            # does not give the stated percentage
            candidates = _candidates(row, column, total, own_only=True)
            if not candidates:
                continue
            raw = cells.raw(column.index, row_number, row.at)
            numeric = cells.numeric(column.index, row_number, row.at)
            delta = pct_delta(raw, numeric, table.locale)
            stated = (Decimal(reported) - delta, Decimal(reported) + delta)
            _, num, den = candidates[0]
            own = ratio_interval(num, den)
            if own is None or overlaps(stated, own):
                continue
            candidates = _candidates(row, column, total)
            hint: dict[str, Any] | None = None
            base = None
            unit = column.unit or table.unit
            for name, alt_num, alt_den in candidates[1:]:
                alt = ratio_interval(alt_num, alt_den)
                if alt is None or not overlaps(stated, alt):
                    continue
                other_way = other_locale(table.locale)
                cell = alt_num.cell if name == "other_locale_num" else alt_den.cell
                key = "base_other_locale" if name.startswith("other_locale") else f"base_{name}"
                hint = phrase(key, num=alt_num.label, expr=_expr(alt_num, alt_den, unit),
                              phase="planned" if column.phase == "executed" else "executed",
                              cell=cell, locale=other_way)
                base = name
                break
            params: dict[str, Any] = {
                "reported": reported, "computed": _interval(own),
                "formula": _expr(num, den, unit),
                "hint": hint if hint is not None else phrase("recompute_pct")}
            if base:  # the base that fits, where one does
                params["base"] = base
            diag = diagnose("KC304", file=table.file, sheet=table.sheet,
                            **table.at(row_number, column),
                            column=column.id, header=column.header, **params)
            diags.append(diag)
    return diags
