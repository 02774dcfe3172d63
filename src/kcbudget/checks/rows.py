"""Row rules of the contract, checked over whole columns.

Each rule is a vectorised mask over the table's frame; a located, worded
diagnostic is built only for the rows a mask flags.  Rules:

* amounts ≥ 0;
* ``total_cost ≥ support``; where all four are given,
  ``total_cost = support + counterpart + other_funds``;
* ``executed ≤ planned`` (a warning: overspending happens and must be shown);
* a reported percentage agrees with the one recomputed from the same row,
  within the precision of the row's own figures (see :mod:`kcbudget.checks.percent`);
* ``project_id`` unique within a file and year;
* program, province, region, activity and status known;
* support caps per beneficiary (warnings).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget import reference as ref
from kcbudget.checks.percent import check_percentages
from kcbudget.model.codes import diagnose, phrase
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode
from kcbudget.read.layout import Column, RowKind
from kcbudget.read.table import Table
from kcbudget.read.text import map_distinct
from kcbudget.text import to_arrow_strings

_ID_CLEAN = re.compile(r"[\s\-–_./]+")


def normalize_id(value: str) -> str:
    """``bdi - 2022 / 001`` and ``BDI-2022-001`` are the same đề án id."""
    return _ID_CLEAN.sub("", str(value)).upper()


def id_keys(series: pd.Series) -> pa.Array:
    """:func:`normalize_id` over a Series with Arrow kernels, as Arrow text; missing or
    empty → null."""

    arr = pc.utf8_upper(pc.replace_substring_regex(to_arrow_strings(series),
                                                   _ID_CLEAN.pattern, ""))
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def normalize_ids(series: pd.Series) -> pd.Series:
    """:func:`normalize_id` over a Series with Arrow kernels; missing or empty → None."""

    return pd.Series(id_keys(series).to_numpy(zero_copy_only=False), index=series.index,
                     dtype=object)


def check_rows(table: Table) -> list[Diagnostic]:
    diags: list[Diagnostic] = []

    def d(code: DiagnosticCode, row: int, col_id: str | None, **kw) -> None:
        column = table.column(col_id) if col_id else None
        where = table.at(row, column) if column else {"cell": None, "row": row}
        diags.append(diagnose(code, file=table.file, sheet=table.sheet,
                              **where, column=col_id,
                              header=column.header if column else None, **kw))

    frame = table.frame
    rows_mask = ((table.kind != RowKind.section) & (table.kind != RowKind.note)).to_numpy()
    data_mask = (table.kind == RowKind.detail).to_numpy()

    # amounts ≥ 0
    for column in table.columns:
        if column.is_amount:
            values = frame[column.id]
            # detail rows only: a subtotal is negative because a detail row is, and
            # the subtotal check covers a subtotal typed wrong
            neg = (values.to_numpy(dtype="int64", na_value=0) < 0) & data_mask
            for row in frame.index[neg]:
                raw = table.raw.at[row, column.index] if table.raw is not None else None
                d("KC202", row, column.id, value=_display(values[row], table, column), raw=raw)

    # total_cost vs support (+ counterpart + other), within each slice of the header
    for total_col, support_col, counterpart_col, other_col in cost_slices(table):
        total, support = frame[total_col.id], frame[support_col.id]
        both = total.notna().to_numpy() & support.notna().to_numpy() & data_mask
        over = both & (support.fillna(0) > total.fillna(0)).to_numpy()
        for row in frame.index[over]:
            d("KC301", row, support_col.id, support=int(support[row]), total=int(total[row]))
        parts_cols = [c for c in (counterpart_col, other_col) if c is not None]
        # the rule needs every part: all four columns, or a whole whose "Trong đó" parts
        # are exactly the others; a blank part beside a stated total and stated other
        # parts is 0 (the template asks for Nguồn khác to be left blank when there is none)
        if not parts_cols or (len(parts_cols) < 2 and not total_col.whole):
            continue
        stated = pd.concat([frame[c.id].notna() for c in parts_cols], axis=1).any(axis=1)
        parts = support.fillna(0)
        for c in parts_cols:
            parts = parts + frame[c.id].fillna(0)
        given = both & stated.to_numpy()
        off = given & (parts != total).fillna(False).to_numpy()
        for row in frame.index[off]:
            d("KC302", row, total_col.id, total=int(total[row]), parts=int(parts[row]),
              diff=int(total[row]) - int(parts[row]), hint="")

    # executed ≤ planned
    for planned, executed in phase_pairs(table):
        p, e = frame[planned.id], frame[executed.id]
        over = (p.notna() & e.notna()).to_numpy() & (e.fillna(0) > p.fillna(0)).to_numpy() \
            & rows_mask
        for row in frame.index[over]:
            d("KC303", row, executed.id, executed=int(e[row]), planned=int(p[row]))

    _check_vocabulary(table, d, data_mask)
    _check_duplicate_ids(table, d, data_mask)
    _check_caps(table, d, data_mask)

    diags.extend(check_percentages(table))
    return diags


def _same_slice(a: Column, b: Column) -> bool:
    return a.program == b.program and a.year == b.year and a.months == b.months and \
        a.period == b.period


def support_column(table: Table, like: Column | None = None) -> Column | None:
    """The khuyến công support column (of the slice of ``like``, where given)."""
    found = [c for c in table.columns if c.is_figure and c.measure == "support"
             and (like is None or (_same_slice(c, like) and (
                 like.phase is None or c.phase in (None, like.phase))))]
    if like is None:
        found = [c for c in found if c.program in (None, "ALL")] or found
    return found[0] if found else None


def cost_slices(table: Table):
    """(total cost, support, counterpart, other funds) columns that belong together."""
    out = []
    for total in table.figures("total_cost"):
        support = support_column(table, total)
        if support is None:
            continue

        def part(measure, total=total):
            found = [c for c in table.figures(measure) if _same_slice(c, total)
                     and c.phase in (None, total.phase)]
            return found[0] if found else None

        out.append((total, support, part("counterpart"), part("other_funds")))
    return out


def phase_pairs(table: Table):
    """(planned, executed) support columns of the same program and year."""
    out = []
    for planned in table.columns:
        if planned.key != "planned":
            continue
        for executed in table.columns:
            if executed.key == "executed" and executed.program == planned.program and \
                    executed.year == planned.year and executed.period == planned.period:
                out.append((planned, executed))
                break
    return out


def _display(value, table, column):

    return Decimal(int(value)) / (column.unit or table.unit).factor


def _check_vocabulary(table: Table, d, data_mask) -> None:

    frame = table.frame
    checks = (
        ("program", ref.match_program, "KC206", None),
        ("status", ref.match_status, "KC207", None),
        ("province", ref.match_province, "KC501", ref.suggest_province),
        ("category", ref.match_activity, "KC502", ref.suggest_activity),
        ("region", ref.match_region, "KC503", None),
    )
    for key, match, code, suggest in checks:
        if key not in frame:
            continue
        values = frame[key]
        rows_mask = data_mask if key != "province" else (table.kind == RowKind.detail).to_numpy()
        present = values.notna().to_numpy() & rows_mask
        distinct = values[present].unique()
        unknown = {v for v in distinct if match(str(v)) is None}
        if not unknown:
            continue
        for row in frame.index[present]:
            value = values[row]
            if value not in unknown:
                continue
            extra = {}
            if suggest is not None:
                guess = suggest(str(value))
                extra["suggestion"] = phrase("did_you_mean", guess=guess) if guess else ""
            d(code, row, key, value=value, **extra)
    # a given region that disagrees with the province
    if "region" in frame and "province" in frame:
        for row in frame.index[data_mask]:
            region_text, province_text = frame.at[row, "region"], frame.at[row, "province"]
            if region_text is None or province_text is None:
                continue
            region = ref.match_region(str(region_text))
            province = ref.match_province(str(province_text))
            if region and province and province.region != region:
                d("KC308", row, "region", value=region_text, province=province.name,
                  expected=province.region)


def _check_duplicate_ids(table: Table, d, data_mask) -> None:
    frame = table.frame
    if "project_id" not in frame:
        return
    ids = frame["project_id"]
    present = ids.notna().to_numpy() & data_mask
    sub = frame.loc[present]
    if sub.empty:
        return

    key = normalize_ids(sub["project_id"]).fillna("")
    year = sub["year"] if "year" in sub else None
    # each (id, year) as one integer code (a missing year is one value), its first row
    id_codes = pd.factorize(key)[0]
    year_codes = pd.factorize(year)[0] + 1 if year is not None else 0
    pair = id_codes * (int(np.max(year_codes, initial=0)) + 1) + year_codes
    _, first, group = np.unique(pair, return_index=True, return_inverse=True)
    dup = np.ones(len(pair), dtype=bool)
    dup[first] = False
    if not dup.any():
        return
    rows = sub.index
    for at in np.flatnonzero(dup):
        row = int(rows[at])
        y = year[row] if year is not None else table.year
        d("KC306", row, "project_id", value=ids[row], other_row=int(rows[first[group[at]]]),
          year=y if y is not None and str(y) != "<NA>" else "—")


def _check_caps(table: Table, d, data_mask) -> None:
    """Support per beneficiary above the cap of its activity (warnings).

    Vectorised: activities, programs and caps are looked up once per distinct
    value; the comparison runs over whole columns, per (activity, program, year)."""


    frame = table.frame
    support_col = support_column(table)
    if "category" not in frame or support_col is None:
        return
    support_values = frame[support_col.id]
    rows = data_mask & support_values.notna().to_numpy() & frame["category"].notna().to_numpy()
    if not rows.any():
        return
    sub = frame.loc[rows]
    activity = map_distinct(sub["category"],
                            lambda v: getattr(ref.match_activity(str(v)), "code", None))
    if "program" in sub:
        program = map_distinct(sub["program"],
                               lambda v: getattr(ref.match_program(str(v)), "value", None))
    else:
        program = pd.Series(None, index=sub.index, dtype=object)
    # a row's own program, else its section's, else the title's (over object arrays)
    given_program = program.to_numpy(dtype=object)
    if table.section_program is not None and pd.isna(given_program).any():
        given_program = np.where(pd.isna(given_program), table.section_program.reindex(
            sub.index).to_numpy(dtype=object), given_program)
    if table.program is not None:
        given_program = np.where(pd.isna(given_program), table.program, given_program)
    program = pd.Series(given_program, index=sub.index, dtype=object)
    if "year" in sub:
        year = sub["year"].astype("Int64").fillna(table.year if table.year else pd.NA)
    else:
        year = pd.Series(table.year, index=sub.index, dtype="Int64")
    # the beneficiaries of each row: its own count, else the count its text gives, else 1
    count = np.ones(len(sub), dtype="int64")
    given = np.zeros(len(sub), dtype=bool)
    for source in (sub["beneficiaries"] if "beneficiaries" in sub else None,
                   table.beneficiaries_per_row.reindex(sub.index)
                   if table.beneficiaries_per_row is not None else None):
        if source is None:
            continue
        source = source.astype("Int64")
        take = source.notna().to_numpy() & ~given
        count[take] = source.to_numpy(dtype="int64", na_value=1)[take]
        given |= take
    count = np.maximum(count, 1)
    # integer đồng per beneficiary (floor division, as Int64 // gives it)
    per_unit_values = sub[support_col.id].to_numpy(dtype="int64", na_value=0) // count
    per_unit = pd.Series(per_unit_values, index=sub.index)
    total_col = next((t for t, s_, _, _ in cost_slices(table) if s_.id == support_col.id), None)
    known = ~pd.isna(activity.to_numpy()) & ~pd.isna(given_program) & \
        ~year.isna().to_numpy()
    if not known.any():
        return
    province = table.title_province
    labels = sub.index[known]
    # positions of each (activity, program, year): one hashing pass per key, no frame
    groups = _group_positions(activity[known], program[known], year[known])
    amounts = per_unit_values[known]
    if total_col is not None:
        total_cells = sub[total_col.id].astype("Int64")
        total_given = total_cells.notna().to_numpy()[known]
        total_values = np.where(total_given, (total_cells.to_numpy(
            dtype="int64", na_value=0) // count)[known], -1)
    for code, prog, yr in sorted(groups):  # the order of groupby's groups
        caps = [c for c in ref.caps_for(code, prog, int(yr), province)
                if c.per != "production_line"]
        if not caps:
            continue
        at = groups[(code, prog, yr)]
        idx = labels[at]
        amount = amounts[at]
        for cap in caps:
            limit = np.full(len(idx), cap.max_amount if cap.max_amount is not None
                            else np.iinfo("int64").max, dtype="int64")
            if cap.max_share_pct is not None and total_col is not None:

                share = Fraction(cap.max_share_pct)
                share_limit = (total_values[at] * share.numerator
                               // (100 * share.denominator))
                limit = np.where(total_given[at], np.minimum(limit, share_limit), limit)
            over = amount > limit
            name = ref.activity_by_code(code)
            for row, lim in zip(idx[over], limit[over]):
                d("KC307", row, support_col.id, per_unit=int(per_unit[row]), cap=int(lim),
                  cap_name=name.name_vi if name else code, source=cap.source)
            amount = np.where(over, np.iinfo("int64").min, amount)  # one warning per row


_FEW_ROWS = 64


def _group_positions(*columns: pd.Series) -> dict[tuple, np.ndarray]:
    """Positions of the rows of each distinct tuple of ``columns`` (none missing), as
    ``DataFrame.groupby(...).indices`` gives them, from each column's factorization."""

    if len(columns[0]) <= _FEW_ROWS:  # a submission's few dozen rows: a dict is cheaper
        found: dict[tuple, list[int]] = {}
        for at, key in enumerate(zip(*(c.tolist() for c in columns))):
            found.setdefault(key, []).append(at)
        return {key: np.asarray(at, dtype=np.int64) for key, at in found.items()}
    codes = np.zeros(len(columns[0]), dtype="int64")
    each = []
    for column in columns:
        code, unique = pd.factorize(column)
        each.append((code, unique))
        # kept dense (below the row count) so that the product never overflows
        codes = pd.factorize(codes * max(len(unique), 1) + code)[0].astype("int64")
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    return {tuple(unique[code[part[0]]] for code, unique in each): part
            for part in np.split(order, starts[1:])}


def _na(value) -> bool:

    return value is None or bool(pd.isna(value))
