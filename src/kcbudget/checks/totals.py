"""Subtotal and total rows checked against the detail rows they cover.

A letter row (``A``, ``B``) covers the detail rows under it up to the next
letter; a Roman-numeral row (``I``, ``II``) up to the next Roman numeral or
letter; a numbered group (``1`` over ``1.1``, ``a``, ``-``) up to the next row
numbered at its depth or above; a row without STT over numbered rows up to the next
such row; a ``Cộng …``/``Subtotal`` row closes the rows above it back to the
previous subtotal or section (numbered groups inside it included); a ``Tổng cộng``
row covers the whole table wherever it stands.  A difference within the precision the
subtotal is written to is accepted; a larger one is a diagnostic at the subtotal's cell, and when a
number that reads differently in the other locale explains the difference,
the hint says which cell and how it fits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kcbudget.dtypes import BOOL, OBJECT
from kcbudget.figures import other_locale
from kcbudget.model.codes import diagnose, phrase
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode
from kcbudget.read.layout import STAGES, Column, RowKind
from kcbudget.read.text import map_distinct
from kcbudget.reference import match_program
from kcbudget.read.rowkinds import BREAKDOWN, CLOSING, NUMBERED, program_item
from kcbudget.read.table import Table


def program_triples(table: Table):
    """(ALL, KCQG, KCDP) figure columns of one measure, phase, year and period."""
    out = []
    for total in table.columns:
        if total.program != "ALL" or not (total.is_amount or total.is_count):
            continue
        parts: dict[str, Column] = {}
        for c in table.columns:
            if c.program in ("KCQG", "KCDP") and c.key == total.key and c.phase == total.phase \
                    and c.year == total.year and c.months == total.months and \
                    c.period == total.period:
                parts.setdefault(c.program, c)
        if len(parts) == 2:
            out.append((total, parts["KCQG"], parts["KCDP"]))
    return out


def covered_rows(table: Table) -> dict[int, list[int]]:
    """Subtotal/total sheet row → the detail (data) rows it covers."""
    if not (table.kind.isin((RowKind.subtotal, RowKind.total))).any():
        return {}
    rows = list(table.frame.index)
    kinds = table.kind.to_dict()
    levels = table.level.to_dict()
    data = [r for r in rows if kinds[r] == RowKind.detail]
    out: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        kind = kinds[row]
        if kind == RowKind.total:
            out[row] = data
        elif kind == RowKind.subtotal and levels[row] == BREAKDOWN:
            out[row] = data  # the split of the total: by program, see _breakdown
        elif kind == RowKind.subtotal and levels[row] != CLOSING:
            lvl = levels[row]
            covered = []
            for nxt in rows[i + 1:]:
                # the next row at this level or above (a numbered đề án too) ends it
                if kinds[nxt] == RowKind.total or 0 < levels[nxt] <= lvl:
                    break
                if kinds[nxt] == RowKind.detail:
                    covered.append(nxt)
            out[row] = covered
        elif kind == RowKind.subtotal:
            covered = []
            for prev in reversed(rows[:i]):
                if kinds[prev] == RowKind.detail:
                    covered.append(prev)
                elif kinds[prev] == RowKind.total or levels[prev] < NUMBERED:
                    # (a numbered group is inside what it closes)
                    break
            out[row] = list(reversed(covered))
    return out


def precision_dong(raw: str | None, factor: int, locale: str, numeric: bool = False) -> int:
    """Half a unit of the last digit written, in đồng (``48.793`` triệu → 500 000)."""
    if raw is None:
        return 0
    text = str(raw).strip()
    mark = "." if (numeric or locale == "en") else ","
    decimals = 0
    if "e" in text.lower() and numeric:
        return 0
    if mark in text:
        decimals = len(text.rsplit(mark, 1)[1].rstrip("%").strip())
    return (factor * 5) // (10 ** (decimals + 1))


def check_subtotals(table: Table, raw, numeric) -> list[Diagnostic]:
    """``raw``: text frame keyed by column index (as read); ``numeric``: numeric-cell mask."""

    diags: list[Diagnostic] = []
    cover = covered_rows(table)
    if not cover:
        return diags
    split = _breakdown(table, cover)
    index = table.frame.index
    # the covered rows by position (one sorted search per subtotal, no reindexing)
    sheet_rows = index.to_numpy() if index.is_monotonic_increasing else None
    for column in table.columns:
        if not (column.is_amount or column.is_count) or column.id not in table.frame:
            continue
        values = table.frame[column.id]
        marked = table.bad.get(column.id)
        bad = marked if marked is not None else pd.Series(False, index=index)
        other = table.other.get(column.id)
        factor = (column.unit or table.unit).factor if column.is_amount else 1
        amounts = values.array
        bad_at = bad.reindex(index).fillna(False).astype(BOOL).to_numpy() \
            if marked is not None else np.zeros(len(index), dtype=BOOL)
        for row, rows in cover.items():
            stated = values.get(row)
            if stated is None or pd.isna(stated) or bool(bad.get(row, False)):
                continue
            if row in split:  # a program's split of the total
                found = split[row](column)
                if found is None or not found[0]:
                    continue
                rows, source = found
                source_bad = table.bad.get(source.id)
                if source_bad is not None and bool(source_bad.reindex(rows).fillna(False).any()):
                    continue
                detail = table.frame[source.id].reindex(rows)
            else:
                if not rows:
                    continue
                at = _positions(sheet_rows, rows)
                if at is None:  # a covered row outside the table: by label
                    if bool(bad.reindex(rows).fillna(False).any()):
                        continue
                    detail = values.reindex(rows)
                else:
                    if bad_at[at].any():
                        continue
                    detail = amounts.take(at)
            if detail.isna().all():
                continue
            computed = int(detail.fillna(0).sum())
            stated = int(stated)
            if stated == computed:  # within any tolerance: no need to find it
                continue
            raw_text = raw.at[row, column.index] if (raw is not None and column.index in raw
                                                     and row in raw.index) else None
            is_num = bool(numeric.at[row, column.index]) if (
                numeric is not None and column.index in numeric and row in numeric.index) \
                else False
            tolerance = precision_dong(raw_text, factor, table.locale, is_num)
            if abs(stated - computed) <= tolerance:
                continue
            first: str | int
            last: str | int
            code: DiagnosticCode
            if table.transposed is not None:
                code = "KC313" if column.is_amount else "KC314"
                first, last = table.ref(rows[0], column), table.ref(rows[-1], column)
            else:
                code = "KC305" if column.is_amount else "KC311"
                first, last = rows[0], rows[-1]
            extra = {}
            if code == "KC305":
                extra["hint"] = _other_reading_hint(table, column, row, rows, stated,
                                                    computed, other, tolerance)
            diags.append(diagnose(
                code, file=table.file, sheet=table.sheet,
                **table.at(row, column), column=column.id, header=column.header,
                label=_row_label(table, row), stated=stated,
                computed=computed, diff=stated - computed, first=first, last=last, **extra))
    return diags


def _breakdown(table: Table, cover):
    """For each ``- KCQG`` row splitting the total (``Trong đó:``): a function of a
    column giving (the detail rows of that program, the column to add them in), or
    None where the sheet cannot tell.  The đề án carry their program (a program column,
    a section): the same column over that program's rows.  The programs stand in the
    columns instead (``KCQG | KCĐP | Tổng số``): the split's figure in the total column
    against that program's column over every detail row."""

    rows = [r for r in cover if table.kind.get(r) == RowKind.subtotal
            and int(table.level.get(r, 0)) == BREAKDOWN]
    if not rows:
        return {}

    data = cover[rows[0]]
    index = pd.Index(data)
    if "program" in table.frame:
        own = map_distinct(table.frame["program"].reindex(index),
                           lambda v: getattr(match_program(str(v)), "value", None))
    else:
        own = pd.Series(None, index=index, dtype=OBJECT)
    if table.section_program is not None:
        own = own.where(own.notna(), table.section_program.reindex(index))
    if table.program is not None:
        own = own.fillna(table.program)
    known = bool(len(own)) and bool(own.notna().all())
    out = {}
    for row in rows:
        program = program_item(table.label.get(row))

        def resolve(column, program=program):
            if program is None:
                return None
            if known:
                return [r for r in data if own[r] == program], column
            if column.program not in (None, "ALL"):
                return None
            for other in table.columns:
                if other.program == program and other.key == column.key and \
                        other.phase == column.phase and other.year == column.year and \
                        other.months == column.months and other.period == column.period \
                        and other.id in table.frame:
                    return list(data), other
            return None

        out[row] = resolve
    return out


def _positions(sheet_rows, rows):
    """Where ``rows`` stand in the sorted row numbers ``sheet_rows`` (an int array), or
    None when one of them is not there (or the rows are not sorted)."""

    if sheet_rows is None or not len(sheet_rows):
        return None
    wanted = np.asarray(rows)
    at = np.searchsorted(sheet_rows, wanted)
    if (at >= len(sheet_rows)).any() or (sheet_rows[at] != wanted).any():
        return None
    return at


def _row_label(table: Table, row: int) -> str:
    """``II Bình Định`` for a Roman-numeral row, ``Tổng cộng`` for a total."""
    label = str(table.label.get(row) or "")
    stt_col = next((c.index for c in table.columns if c.key == "stt"), None)
    stt = table.raw.at[row, stt_col] if (stt_col is not None and table.raw is not None) else None
    if stt is not None and int(table.level.get(row, 0)) in (1, 2):
        label = f"{stt} {label}".strip()
    return label or str(row)


def _other_reading_hint(table, column, row, rows, stated, computed, other, tolerance):
    """Does a number read in the other locale explain the difference?  A phrase."""

    other_way = other_locale(table.locale)
    if other is None:
        return phrase("check_rows")
    # the stated subtotal itself, read the other way
    alt = other.get(row)
    if alt is not None and not _isna(alt) and abs(int(alt) - computed) <= max(tolerance, 1):
        return phrase("subtotal_other_way", ref=table.ref(row, column),
                      other_locale=other_way, alt=int(alt))
    # one detail cell read the other way
    values = table.frame[column.id]
    for detail in rows:
        alt = other.get(detail)
        value = values.get(detail)
        if alt is None or _isna(alt) or value is None or _isna(value):
            continue
        if abs(computed - int(value) + int(alt) - stated) <= max(tolerance, 1):
            return phrase("detail_other_way", ref=table.ref(detail, column),
                          other_locale=other_way, alt=int(alt))
    return phrase("check_rows")


def _isna(value) -> bool:

    return bool(pd.isna(value))


def check_program_totals(table: Table) -> list[Diagnostic]:

    """A ``Tổng số`` column must equal KCQG + KCĐP in each row, within the precision
    the three figures are written to."""

    diags: list[Diagnostic] = []
    for total_col, qg_col, dp_col in program_triples(table):
        ids = [total_col.id, qg_col.id, dp_col.id]
        phase = total_col.phase or "executed"
        total, qg, dp = (table.frame[i] for i in ids)
        given = (total.notna() & qg.notna() & dp.notna()).to_numpy() & \
            ~table.kinds_are(RowKind.section, RowKind.note)
        for i in ids:
            if i in table.bad:
                given &= ~table.bad[i].reindex(table.frame.index).fillna(False).to_numpy()
        diff = (total - qg - dp)
        rows = table.frame.index[given & (diff != 0).fillna(False).to_numpy()]
        columns = [c for c in (table.column(i) for i in ids) if c is not None]
        # a detail row that states its Tổng số and no split counts in ALL only: said at
        # the row, and the table's total may differ from KCQG + KCĐP by exactly that
        unsplit = table.kinds_are(RowKind.detail) & (
            total.notna() & qg.isna() & dp.isna()).to_numpy()
        unsplit_sum = int(total[unsplit].sum()) if unsplit.any() else 0
        for row in table.frame.index[unsplit]:
            if not total_col.is_amount or not int(total[row]):
                continue
            diags.append(diagnose(
                "KC315", file=table.file, sheet=table.sheet,
                **table.at(row, total_col), column=total_col.id, header=total_col.header,
                phase=phase, stated=int(total[row])))
        for row in rows:
            tolerance = 0
            for column in columns:
                raw = table.raw.at[row, column.index] if table.raw is not None else None
                numeric = bool(table.numeric.at[row, column.index]) if (
                    table.numeric is not None and column.index in table.numeric) else False
                # half a unit of the coarsest figure: independent roundings of the
                # parts are allowed for, a whole unit off is not
                factor = (column.unit or table.unit).factor if column.is_amount else 1
                tolerance = max(tolerance, precision_dong(raw, factor, table.locale, numeric))
            if abs(int(diff[row])) <= tolerance:
                continue
            if unsplit_sum and table.kind.at[row] == RowKind.total and \
                    abs(int(diff[row]) - unsplit_sum) <= tolerance:
                continue
            column = columns[0]
            hint = phrase("check_total_column")
            for other_col, sign in zip(columns, (1, -1, -1)):
                alt = table.other.get(other_col.id)
                value = alt.get(row) if alt is not None else None
                if value is None or _isna(value):
                    continue
                changed = int(diff[row]) + sign * (int(value) - int(table.frame.at[row, other_col.id]))
                if abs(changed) <= tolerance:
                    hint = phrase("part_other_way", ref=table.ref(row, other_col),
                                  other_locale=other_locale(table.locale),
                                  alt=int(value))
                    break
            if not total_col.is_amount:
                diags.append(diagnose(
                    "KC312", file=table.file, sheet=table.sheet,
                    **table.at(row, column), column=column.id, header=column.header,
                    stated=int(total[row]), computed=int(qg[row] + dp[row]),
                    diff=int(diff[row])))
                continue
            diags.append(diagnose(
                "KC309", file=table.file, sheet=table.sheet,
                **table.at(row, column), column=column.id, header=column.header,
                phase=phase if phase in STAGES else "executed", stated=int(total[row]),
                computed=int(qg[row] + dp[row]), diff=int(diff[row]), hint=hint))
    return diags
