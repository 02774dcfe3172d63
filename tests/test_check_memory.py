"""Checks that hold no more copies of a large table's money than one column at a
time, and say what they said when they held them all at once."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.checks.validate import check_accounted
from kcbudget.model.codes import diagnose
from kcbudget.read.headers import PHASE_KEYS
from kcbudget.read.layout import RowKind
from kcbudget.read.table import frame_ints
from kcbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
BOOKS = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))


def _accounted_of_old(table):
    """check_accounted as it was: every money column in one 2-D block, then its
    absolute values (two copies of all the money at once)."""
    money = [c for c in table.columns if c.is_amount and c.id in table.frame]
    if not money:
        return []
    ids = list(dict.fromkeys(c.id for c in money))
    block = np.abs(np.column_stack([frame_ints(table.frame, i)[0] for i in ids]))
    given = sum(int(v) for v in block.sum(axis=0))
    if not given:
        return []
    detail = table.kinds_are(RowKind.detail)
    counted = [c for c in money if c.key in PHASE_KEYS or (
        c.key == "support" and table.phase is not None)]
    if not counted and table.phase is None and any(c.key in ("support", "amount")
                                                   for c in money):
        return []
    where = {i: n for n, i in enumerate(ids)}
    value = sum(int(block[detail, where[c.id]].sum()) for c in counted)
    if value:
        return []
    return [diagnose("KC117", file=table.file, sheet=table.sheet, amount=given)]


@cache
def _tables():
    return tuple(t for book in BOOKS for t in read_workbook(book).tables
                 if any(c.is_amount and c.id in t.frame for c in t.columns))


def _key(diags):
    return [(d.code, d.file, d.sheet, d.params.get("amount")) for d in diags]


def test_every_sample_table_is_checked_as_of_old():
    tables = _tables()
    assert len(tables) >= 20
    # both outcomes are reached when the detail rows' money is taken away
    found = 0
    for table in tables:
        emptied = copy.copy(table)
        emptied.frame = table.frame.copy()
        detail = table.kinds_are(RowKind.detail)
        for c in table.columns:
            if c.is_amount and c.id in emptied.frame:
                column = emptied.frame[c.id].copy()
                column[detail & column.notna().to_numpy()] = 0
                emptied.frame[c.id] = column
        assert _key(check_accounted(emptied)) == _key(_accounted_of_old(emptied))
        found += bool(check_accounted(emptied))
    assert found
    for table in tables:
        assert _key(check_accounted(table)) == _key(_accounted_of_old(table))


_amount = st.one_of(st.none(), st.integers(-(1 << 62), 1 << 62),
                    st.sampled_from([0, 0, 1, -1, (1 << 63) - 1, -(1 << 63) + 1]))


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_drawn_money_is_checked_as_of_old(data):
    """Any figures in a sample table's money columns (missing, zero, negative, near
    the int64 edges; detail rows or not) give the finding of old, with its amount."""
    table = copy.copy(data.draw(st.sampled_from(_tables())))
    frame = table.frame.copy()
    n = len(frame)
    # figures anywhere; all zero; or only outside the detail rows (KC117's case)
    mode = data.draw(st.sampled_from(["any", "zero", "outside"]))
    detail = table.kinds_are(RowKind.detail)
    for c in table.columns:
        if c.is_amount and c.id in frame:
            values = [0 if v is not None and (mode == "zero" or (mode == "outside" and d))
                      else v for v, d in zip(
                          data.draw(st.lists(_amount, min_size=n, max_size=n)), detail)]
            frame[c.id] = pd.array(values, dtype="Int64")
    table.frame = frame
    assert _key(check_accounted(table)) == _key(_accounted_of_old(table))
