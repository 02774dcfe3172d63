"""The percentage check looks its figures up in arrays taken from the frames once, and
looks at the other bases only where the intended one does not give the stated
percentage: what it finds is what it found looking every figure up in the frames and
every base up for every cell."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.checks import percent
from kcbudget.checks.percent import (
    Figure,
    _Cells,
    _candidates,
    _describe,
    _expr,
    _interval,
    _Row,
    check_percentages,
    overlaps,
    pct_delta,
    ratio_interval,
)
from kcbudget.checks.totals import precision_dong
from kcbudget.figures import other_locale
from kcbudget.model.codes import diagnose, phrase
from kcbudget.read.layout import RowKind
from kcbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"


@cache
def _tables():
    return tuple(t for book in sorted(SAMPLES.glob("*.xlsx")) for t in read_workbook(book).tables
                 if any(c.is_percent for c in t.columns))


class _OldRow(_Row):
    """A row's figures as the check looked them up before: in the frames, cell by cell."""

    def figure(self, column, use_other=False):
        table = self.table
        if isinstance(column, str):
            column = table.column(column)
        if column is None or column.id not in table.frame:
            return None
        bad = table.bad.get(column.id)
        if bad is not None and bool(bad.get(self.row, False)):
            return None
        value = table.frame.at[self.row, column.id]
        if use_other:
            other = table.other.get(column.id)
            value = other.get(self.row) if other is not None else None
        if value is None or pd.isna(value):
            return None
        raw = table.raw.at[self.row, column.index] if table.raw is not None else None
        numeric = bool(table.numeric.at[self.row, column.index]) if (
            table.numeric is not None and column.index in table.numeric) else False
        delta = 0 if use_other else precision_dong(raw, (column.unit or table.unit).factor,
                                                   table.locale, numeric)
        return Figure(int(value), delta, table.ref(self.row, column), _describe(column))


def _check_of_old(table):
    """check_percentages as it was: every base of every cell, figures from the frames."""
    diags = []
    pct_columns = [c for c in table.columns if c.is_percent]
    rows = table.frame.index[~table.kinds_are(RowKind.section, RowKind.note)]
    totals = table.frame.index[table.kinds_are(RowKind.total)]
    total = _OldRow(table, totals[0]) if len(totals) and ("program" in table.frame or any(
        c.program is None for c in pct_columns)) else None
    for column in pct_columns:
        values = table.frame[column.id]
        for row_number in rows:
            reported = values.get(row_number)
            if reported is None or pd.isna(reported):
                continue
            row = _OldRow(table, row_number)
            candidates = _candidates(row, column, total)
            if not candidates or candidates[0][0] != "own":
                continue
            raw = table.raw.at[row_number, column.index] if table.raw is not None else None
            numeric = bool(table.numeric.at[row_number, column.index]) if (
                table.numeric is not None and column.index in table.numeric) else False
            delta = pct_delta(raw, numeric, table.locale)
            stated = (Decimal(reported) - delta, Decimal(reported) + delta)
            _, num, den = candidates[0]
            own = ratio_interval(num, den)
            if own is None or overlaps(stated, own):
                continue
            hint, base = None, None
            unit = column.unit or table.unit
            for name, alt_num, alt_den in candidates[1:]:
                alt = ratio_interval(alt_num, alt_den)
                if alt is None or not overlaps(stated, alt):
                    continue
                cell = alt_num.cell if name == "other_locale_num" else alt_den.cell
                key = "base_other_locale" if name.startswith("other_locale") else f"base_{name}"
                hint = phrase(key, num=alt_num.label, expr=_expr(alt_num, alt_den, unit),
                              phase="planned" if column.phase == "executed" else "executed",
                              cell=cell, locale=other_locale(table.locale))
                base = name
                break
            params = {"reported": reported, "computed": _interval(own),
                      "formula": _expr(num, den, unit),
                      "hint": hint if hint is not None else phrase("recompute_pct")}
            if base:
                params["base"] = base
            diags.append(diagnose("KC304", file=table.file, sheet=table.sheet,
                                  **table.at(row_number, column), column=column.id,
                                  header=column.header, **params))
    return diags


def _key(diags):
    return [(d.code, d.cell, d.params.get("base"), repr(d.params.get("hint")),
             repr(d.params.get("computed"))) for d in diags]


def test_every_figure_of_every_sample_table_is_the_frames():
    tables = _tables()
    assert len(tables) >= 10
    looked = 0
    for table in tables:
        cells = _Cells(table)
        for row in table.frame.index:
            new, old = _Row(table, row, cells), _OldRow(table, row)
            for column in table.columns:
                if not column.is_amount:  # (the check's figures are money)
                    continue
                for other in (False, True):
                    assert new.figure(column, other) == old.figure(column, other), \
                        (table.file, table.sheet, row, column.id)
                    looked += 1
    assert looked > 1000


def test_every_sample_table_is_checked_as_of_old():
    found = 0
    for table in _tables():
        assert _key(check_percentages(table)) == _key(_check_of_old(table))
        found += len(check_percentages(table))
    assert found  # the samples' wrong percentages are found


def test_frames_on_other_rows_are_looked_up_in_the_frames():
    """A frame whose rows are not the table's (the raw text of fewer rows) is read
    cell by cell, as before."""
    for table in _tables()[:4]:
        other = copy.copy(table)
        other.raw = table.raw.iloc[::-1] if table.raw is not None else None
        other.numeric = table.numeric.iloc[1:] if table.numeric is not None else None
        for row in other.frame.index:
            new, old = _Row(other, row), _OldRow(other, row)
            for column in other.columns:
                if not column.is_amount:
                    continue
                if other.numeric is not None and row not in other.numeric.index:
                    continue
                assert new.figure(column) == old.figure(column)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_drawn_percentages_are_checked_as_of_old(data):
    """Any stated percentages in a sample table (near the right one, far from it, on
    another base) give the findings and the hints of old."""
    table = copy.copy(data.draw(st.sampled_from(_tables())))
    table.frame = table.frame.copy()
    for column in table.columns:
        if column.is_percent and column.id in table.frame:
            drawn = data.draw(st.lists(
                st.one_of(st.none(), st.decimals(0, 300, places=2),
                          st.sampled_from([Decimal("0"), Decimal("100"), Decimal("22.68")])),
                min_size=len(table.frame), max_size=len(table.frame)))
            table.frame[column.id] = pd.Series(drawn, index=table.frame.index, dtype=object)
    assert _key(check_percentages(table)) == _key(_check_of_old(table))


def test_the_other_bases_are_looked_at_only_where_the_intended_one_fails(monkeypatch):
    calls = []
    original = percent._candidates

    def counted(row, column, total=None, own_only=False):
        calls.append(own_only)
        return original(row, column, total, own_only)

    monkeypatch.setattr(percent, "_candidates", counted)
    found = sum(len(check_percentages(t)) for t in _tables())
    assert calls.count(False) == found < calls.count(True)
