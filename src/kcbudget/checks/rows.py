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

from kcbudget.dtypes import BOOL, INT64, NULLABLE_INT, OBJECT
from kcbudget import reference as ref
from kcbudget.checks.percent import check_percentages
from kcbudget.model.codes import diagnose, phrase
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode
from kcbudget.read.layout import Column, RowKind, kind_is
from kcbudget.read.table import Table, int_values
from kcbudget.read.text import map_distinct_values
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
                     dtype=OBJECT)


def check_rows(table: Table) -> list[Diagnostic]:
    diags: list[Diagnostic] = []

    def d(code: DiagnosticCode, row: int, col_id: str | None, **kw) -> None:
        column = table.column(col_id) if col_id else None
        where = table.at(row, column) if column else {"cell": None, "row": row}
        diags.append(diagnose(code, file=table.file, sheet=table.sheet,
                              **where, column=col_id,
                              header=column.header if column else None, **kw))

    # masks over numpy arrays (a pandas operation costs more than a sheet of a few
    # dozen rows); rows are reported by their labels
    frame = table.frame
    labels = frame.index.to_numpy()
    kinds = table.kind.to_numpy(dtype=OBJECT)
    rows_mask = ~kind_is(kinds, RowKind.section) & ~kind_is(kinds, RowKind.note)
    data_mask = kind_is(kinds, RowKind.detail)

    # amounts ≥ 0
    for column in table.columns:
        if column.is_amount:
            values = frame[column.id].to_numpy(dtype=INT64, na_value=0)
            # detail rows only: a subtotal is negative because a detail row is, and
            # the subtotal check covers a subtotal typed wrong
            for at in np.flatnonzero((values < 0) & data_mask):
                row = int(labels[at])
                raw = table.raw.at[row, column.index] if table.raw is not None else None
                d("KC202", row, column.id, value=_display(values[at], table, column), raw=raw)

    # total_cost vs support (+ counterpart + other), within each slice of the header
    for total_col, support_col, counterpart_col, other_col in cost_slices(table):
        (total, has_total), (support, has_support) = int_values(frame[total_col.id]), \
            int_values(frame[support_col.id])
        both = has_total & has_support & data_mask
        for at in np.flatnonzero(both & (support > total)):
            d("KC301", int(labels[at]), support_col.id, support=int(support[at]),
              total=int(total[at]))
        parts_cols = [c for c in (counterpart_col, other_col) if c is not None]
        # the rule needs every part: all four columns, or a whole whose "Trong đó" parts
        # are exactly the others; a blank part beside a stated total and stated other
        # parts is 0 (the template asks for Nguồn khác to be left blank when there is none)
        if not parts_cols or (len(parts_cols) < 2 and not total_col.whole):
            continue
        stated = np.zeros(len(labels), dtype=BOOL)
        parts = support.copy()
        for c in parts_cols:
            values, given_part = int_values(frame[c.id])
            stated |= given_part
            parts = parts + values
        for at in np.flatnonzero(both & stated & (parts != total)):
            d("KC302", int(labels[at]), total_col.id, total=int(total[at]), parts=int(parts[at]),
              diff=int(total[at]) - int(parts[at]), hint="")

    # executed ≤ planned
    for planned, executed in phase_pairs(table):
        (p, has_p), (e, has_e) = int_values(frame[planned.id]), int_values(frame[executed.id])
        for at in np.flatnonzero(has_p & has_e & (e > p) & rows_mask):
            d("KC303", int(labels[at]), executed.id, executed=int(e[at]), planned=int(p[at]))

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
    labels = frame.index.to_numpy()
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
        values = frame[key].to_numpy(dtype=OBJECT)
        present = ~np.asarray(pd.isna(values), dtype=BOOL) & data_mask
        unknown = {v for v in pd.unique(values[present]) if match(str(v)) is None}
        if not unknown:
            continue
        hit = present & pd.Index(values).isin(list(unknown))
        for at in np.flatnonzero(hit):
            value = values[at]
            extra = {}
            if suggest is not None:
                guess = suggest(str(value))
                extra["suggestion"] = phrase("did_you_mean", guess=guess) if guess else ""
            d(code, int(labels[at]), key, value=value, **extra)
    # a given region that disagrees with the province (each distinct pair once)
    if "region" in frame and "province" in frame:
        region_text = frame["region"].to_numpy(dtype=OBJECT)
        province_text = frame["province"].to_numpy(dtype=OBJECT)
        look = np.flatnonzero(data_mask & (region_text != None)  # noqa: E711 (element-wise)
                              & (province_text != None))  # noqa: E711
        if not look.size:
            return
        region_codes, region_values = pd.factorize(region_text[look])
        province_codes, province_values = pd.factorize(province_text[look])
        regions = [ref.match_region(str(v)) for v in region_values]
        provinces = [ref.match_province(str(v)) for v in province_values]
        # (a NaN cell is no region: factorized to -1, it is left out as None would be)
        valid = (region_codes >= 0) & (province_codes >= 0)
        width = max(len(provinces), 1)
        pairs, back = np.unique(region_codes[valid] * width + province_codes[valid],
                                return_inverse=True)
        pair_off = np.array([bool((r := regions[int(pair) // width]) and
                                  (q := provinces[int(pair) % width]) and q.region != r)
                             for pair in pairs], dtype=BOOL)
        off = np.zeros(look.size, dtype=BOOL)
        off[valid] = pair_off[back] if pairs.size else False
        for k in np.flatnonzero(off):
            at, province = look[k], provinces[province_codes[k]]
            assert province is not None
            d("KC308", int(labels[at]), "region", value=region_text[at],
              province=province.name, expected=province.region)


def _check_duplicate_ids(table: Table, d, data_mask) -> None:
    frame = table.frame
    if "project_id" not in frame:
        return
    ids = frame["project_id"].to_numpy(dtype=OBJECT)
    rows = np.flatnonzero(~np.asarray(pd.isna(ids), dtype=BOOL) & data_mask)
    if not rows.size:
        return

    key = normalize_ids(pd.Series(ids[rows], dtype=OBJECT)).fillna("").to_numpy(dtype=OBJECT)
    year = frame["year"].array[rows] if "year" in frame else None
    # each (id, year) as one integer code (a missing year is one value), its first row
    id_codes = pd.factorize(key)[0]
    year_codes = pd.factorize(year)[0] + 1 if year is not None else 0
    pair = id_codes * (int(np.max(year_codes, initial=0)) + 1) + year_codes
    _, first, group = np.unique(pair, return_index=True, return_inverse=True)
    dup = np.ones(len(pair), dtype=BOOL)
    dup[first] = False
    if not dup.any():
        return
    labels = frame.index.to_numpy()
    for at in np.flatnonzero(dup):
        y = year[at] if year is not None else table.year
        d("KC306", int(labels[rows[at]]), "project_id", value=ids[rows[at]],
          other_row=int(labels[rows[first[group[at]]]]),
          year=y if y is not None and str(y) != "<NA>" else "—")


def _check_caps(table: Table, d, data_mask) -> None:
    """Support per beneficiary above the cap of its activity (warnings).

    Vectorised: activities, programs and caps are looked up once per distinct
    value; the comparison runs over whole columns, per (activity, program, year)."""


    frame = table.frame
    support_col = support_column(table)
    if "category" not in frame or support_col is None:
        return
    support, has_support = int_values(frame[support_col.id])
    category = frame["category"].to_numpy(dtype=OBJECT)
    rows = np.flatnonzero(data_mask & has_support &
                          ~np.asarray(pd.isna(category), dtype=BOOL))
    if not rows.size:
        return
    row_labels = frame.index[rows]
    activity = map_distinct_values(category[rows],
                                   lambda v: getattr(ref.match_activity(str(v)), "code", None))
    if "program" in frame:
        program = map_distinct_values(frame["program"].to_numpy(dtype=OBJECT)[rows],
                                      lambda v: getattr(ref.match_program(str(v)), "value",
                                                        None))
    else:
        program = np.full(rows.size, None, dtype=OBJECT)
    # a row's own program, else its section's, else the title's (over object arrays)
    if table.section_program is not None and pd.isna(program).any():
        program = np.where(pd.isna(program), table.section_program.reindex(
            row_labels).to_numpy(dtype=OBJECT), program)
    if table.program is not None:
        program = np.where(pd.isna(program), table.program, program)
    if "year" in frame:
        year_cells = pd.array(frame["year"].array[rows], dtype=NULLABLE_INT)
        if table.year:
            year_cells = year_cells.fillna(table.year)
        year = year_cells.to_numpy(dtype=INT64, na_value=0)
        has_year = ~np.asarray(year_cells.isna(), dtype=BOOL)
    else:
        year = np.full(rows.size, table.year or 0, dtype=INT64)
        has_year = np.full(rows.size, table.year is not None, dtype=BOOL)
    # the beneficiaries of each row: its own count, else the count its text gives, else 1
    count = np.ones(rows.size, dtype=INT64)
    given = np.zeros(rows.size, dtype=BOOL)
    for source in (frame["beneficiaries"].array[rows] if "beneficiaries" in frame else None,
                   table.beneficiaries_per_row.reindex(row_labels).array
                   if table.beneficiaries_per_row is not None else None):
        if source is None:
            continue
        source = pd.array(source, dtype=NULLABLE_INT)
        take = ~np.asarray(source.isna(), dtype=BOOL) & ~given
        count[take] = source.to_numpy(dtype=INT64, na_value=1)[take]
        given |= take
    count = np.maximum(count, 1)
    # integer đồng per beneficiary (floor division, as Int64 // gives it)
    per_unit = support[rows] // count
    total_col = next((t for t, s_, _, _ in cost_slices(table) if s_.id == support_col.id), None)
    known = ~pd.isna(activity) & ~pd.isna(program) & has_year
    if not known.any():
        return
    province = table.title_province
    labels = row_labels[known]
    # positions of each (activity, program, year): one hashing pass per key, no frame
    groups = _group_positions(activity[known], program[known], year[known])
    amounts = per_unit[known]
    per_unit_known = amounts.copy()
    if total_col is not None:
        total_cells, total_given = int_values(frame[total_col.id])
        total_given = total_given[rows][known]
        total_values = np.where(total_given, (total_cells[rows] // count)[known], -1)
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
                            else np.iinfo("int64").max, dtype=INT64)
            if cap.max_share_pct is not None and total_col is not None:

                share = Fraction(cap.max_share_pct)
                share_limit = (total_values[at] * share.numerator
                               // (100 * share.denominator))
                limit = np.where(total_given[at], np.minimum(limit, share_limit), limit)
            over = amount > limit
            name = ref.activity_by_code(code)
            for row, lim, value in zip(idx[over], limit[over], per_unit_known[at][over]):
                d("KC307", row, support_col.id, per_unit=int(value), cap=int(lim),
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
    codes = np.zeros(len(columns[0]), dtype=INT64)
    each = []
    for column in columns:
        code, unique = pd.factorize(column)
        each.append((code, unique))
        # kept dense (below the row count) so that the product never overflows
        codes = pd.factorize(codes * max(len(unique), 1) + code)[0].astype(INT64)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    return {tuple(unique[code[part[0]]] for code, unique in each): part
            for part in np.split(order, starts[1:])}


def _na(value) -> bool:

    return value is None or bool(pd.isna(value))
