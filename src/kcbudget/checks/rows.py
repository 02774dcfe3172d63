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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

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
from kcbudget.read.table import Table, frame_array, frame_ints
from kcbudget.read.text import map_distinct_values
from kcbudget.text import joined_arrow_strings, to_arrow_strings

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


class _Rows:
    """A table as the row checks read it: its rows' labels and kinds as numpy arrays,
    its columns taken from the frame's blocks (:func:`frame_array`), and the diagnostics found in it, in the
    order the checks find them.  ``d`` reports one (``d(code, row, col_id, **params)``);
    by default it locates it at the table's cell."""

    def __init__(self, table: Any, d: Callable[..., None] | None = None,
                 data_mask: np.ndarray | None = None) -> None:
        self.table = table
        self.frame = frame = table.frame
        self.labels = frame.index.to_numpy()
        if data_mask is None:
            kinds = table.kind.to_numpy(dtype=OBJECT)
            self.rows_mask = ~kind_is(kinds, RowKind.section) & ~kind_is(kinds, RowKind.note)
            data_mask = kind_is(kinds, RowKind.detail)
        self.data_mask = data_mask
        self.diags: list[Diagnostic] = []
        # (not ``self.d = self._located``: a bound method of itself held by the object is
        # a reference cycle, and the table would live on until the garbage collector ran,
        # a large file's cells while the next file is read)
        self._report = d

    def d(self, code: DiagnosticCode, row: int, col_id: str | None, **kw: Any) -> None:
        """Report a diagnostic: to the ``d`` given, else located at the table's cell."""
        if self._report is not None:
            self._report(code, row, col_id, **kw)
            return
        table = self.table
        column = table.column(col_id) if col_id else None
        where = table.at(row, column) if column else {"cell": None, "row": row}
        self.diags.append(diagnose(code, file=table.file, sheet=table.sheet,
                                   **where, column=col_id,
                                   header=column.header if column else None, **kw))

    def __contains__(self, key: str) -> bool:
        return key in self.frame

    def array(self, key: str) -> Any:
        """A column's array (numpy or pandas' own) as the frame holds it."""
        return frame_array(self.frame, key)

    def objects(self, key: str) -> np.ndarray:
        """``frame[key].to_numpy(dtype=object)``."""
        array = self.array(key)
        if isinstance(array, np.ndarray):
            return np.asarray(array, dtype=OBJECT)
        return np.asarray(array.to_numpy(dtype=OBJECT))

    def ints(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """:func:`frame_ints` of a column."""
        return frame_ints(self.frame, key)


def check_rows(table: Table) -> list[Diagnostic]:
    """The row rules over one table (:func:`check_rows_of` of it alone)."""
    return check_rows_of([table])[0]


def check_rows_of(tables: Sequence[Table]) -> list[list[Diagnostic]]:
    """The row rules over each of ``tables``: each table's diagnostics as checking it
    alone finds them, in the same order.  The vocabulary, the repeated ids and the caps
    each run once over the rows of all the tables together (a region's submissions pay
    for their kernels once, not once per sheet); every finding stays the table's own (a
    repeated id is one repeated within its table)."""
    every = [_Rows(table) for table in tables]
    for rows in every:
        _check_amounts(rows)
    _check_vocabulary_of(every)
    _check_duplicate_ids_of(every)
    _check_caps_of(every)
    for rows in every:
        rows.diags.extend(check_percentages(rows.table))
    return [rows.diags for rows in every]


def _check_amounts(rows: _Rows) -> None:
    """Amounts ≥ 0, total cost against its parts, executed ≤ planned: numpy over the
    table's own columns."""
    table, d, labels, data_mask = rows.table, rows.d, rows.labels, rows.data_mask

    # amounts ≥ 0
    for column in table.columns:
        if column.is_amount:
            values = rows.ints(column.id)[0]
            # detail rows only: a subtotal is negative because a detail row is, and
            # the subtotal check covers a subtotal typed wrong
            for at in np.flatnonzero((values < 0) & data_mask):
                row = int(labels[at])
                raw = table.raw.at[row, column.index] if table.raw is not None else None
                d("KC202", row, column.id, value=_display(values[at], table, column), raw=raw)

    # total_cost vs support (+ counterpart + other), within each slice of the header
    for total_col, support_col, counterpart_col, other_col in cost_slices(table):
        (total, has_total), (support, has_support) = rows.ints(total_col.id), \
            rows.ints(support_col.id)
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
            values, given_part = rows.ints(c.id)
            stated |= given_part
            parts = parts + values
        for at in np.flatnonzero(both & stated & (parts != total)):
            d("KC302", int(labels[at]), total_col.id, total=int(total[at]), parts=int(parts[at]),
              diff=int(total[at]) - int(parts[at]), hint="")

    # executed ≤ planned
    for planned, executed in phase_pairs(table):
        (p, has_p), (e, has_e) = rows.ints(planned.id), rows.ints(executed.id)
        for at in np.flatnonzero(has_p & has_e & (e > p) & rows.rows_mask):
            d("KC303", int(labels[at]), executed.id, executed=int(e[at]), planned=int(p[at]))


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


_VOCABULARY: tuple[tuple[str, Callable[[str], Any], DiagnosticCode,
                         Callable[[str], Any] | None], ...] = (
    ("program", ref.match_program, "KC206", None),
    ("status", ref.match_status, "KC207", None),
    ("province", ref.match_province, "KC501", ref.suggest_province),
    ("category", ref.match_activity, "KC502", ref.suggest_activity),
    ("region", ref.match_region, "KC503", None),
)


def _spread(values: Sequence[Any], codes: np.ndarray) -> np.ndarray:
    """``values[codes]`` as an object array, ``None`` where the code is -1."""
    table = np.empty(len(values) + 1, dtype=OBJECT)
    for i, v in enumerate(values):
        table[i] = v
    table[-1] = None
    return np.asarray(table[codes])


def _joined(parts: list[np.ndarray], dtype: Any = OBJECT) -> np.ndarray:
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


def _cuts(parts: list[Any]) -> np.ndarray:
    """Where each of ``parts`` starts in their concatenation (and the end)."""
    return np.cumsum([0] + [len(p) for p in parts])


def _text_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``pd.factorize`` of an object array (missing: -1), or None when a distinct value
    is not text: then equal values of other types (``1``, ``1.0``, ``True``) would be
    one value here, and each table must be judged by its own values alone."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not all(type(u) is str for u in uniques):
        return None
    return codes, uniques


def _check_vocabulary(table: Table, d, data_mask) -> None:
    """The vocabulary rules over one table's rows (``data_mask``), reported by ``d``."""
    _check_vocabulary_of([_Rows(table, d, data_mask)])


def _check_vocabulary_of(every: list[_Rows]) -> None:
    """Program, status, province, activity and region known, and a region that agrees
    with the province: each distinct value of all the tables looked up once."""
    for key, match, code, suggest in _VOCABULARY:
        having = [r for r in every if key in r]
        if not having:
            continue
        values = [r.objects(key) for r in having]
        joined = _joined(values)
        present = ~np.asarray(pd.isna(joined), dtype=BOOL) & _joined(
            [r.data_mask for r in having], BOOL)
        cuts = _cuts(values)
        coded = _text_codes(joined[present])
        if coded is not None:
            codes, uniques = coded
            hit = np.zeros(len(joined), dtype=BOOL)
            hit[present] = np.array([match(u) is None for u in uniques], dtype=BOOL)[codes] \
                if len(uniques) else False
            hits = [hit[cuts[i]:cuts[i + 1]] for i in range(len(having))]
        else:
            hits = [_unknown_alone(v, present[cuts[i]:cuts[i + 1]], match)
                    for i, v in enumerate(values)]
        for rows, cells, hit in zip(having, values, hits):
            for at in np.flatnonzero(hit):
                value = cells[at]
                extra = {}
                if suggest is not None:
                    guess = suggest(str(value))
                    extra["suggestion"] = phrase("did_you_mean", guess=guess) if guess else ""
                rows.d(code, int(rows.labels[at]), key, value=value, **extra)
    _check_regions([r for r in every if "region" in r and "province" in r])


def _unknown_alone(values: np.ndarray, present: np.ndarray, match) -> np.ndarray:
    """The rows of one table whose value ``match`` does not know."""
    unknown = {v for v in pd.unique(values[present]) if match(str(v)) is None}
    if not unknown:
        return np.zeros(len(values), dtype=BOOL)
    return present & pd.Index(values).isin(list(unknown))


def _check_regions(having: list[_Rows]) -> None:
    """KC308: a given region that disagrees with the province (each distinct pair of
    all the tables judged once)."""
    if not having:
        return
    region_cells, province_cells, looks = [], [], []
    for rows in having:
        region_text, province_text = rows.objects("region"), rows.objects("province")
        region_cells.append(region_text)
        province_cells.append(province_text)
        looks.append(np.flatnonzero(rows.data_mask & (region_text != None)  # noqa: E711
                                    & (province_text != None)))  # noqa: E711 (element-wise)
    looked = [(r[at], p[at]) for r, p, at in zip(region_cells, province_cells, looks)]
    cuts = _cuts(looks)
    region_coded = _text_codes(_joined([r for r, _ in looked]))
    province_coded = _text_codes(_joined([p for _, p in looked]))
    if region_coded is None or province_coded is None:
        offs = [_regions_off(*_factorized(r), *_factorized(p)) for r, p in looked]
    else:
        off = _regions_off(*region_coded, *province_coded)
        offs = [off[cuts[i]:cuts[i + 1]] for i in range(len(having))]
    for rows, look, region_text, off, (_, province_text) in zip(
            having, looks, region_cells, offs, looked):
        for k in np.flatnonzero(off):
            province = ref.match_province(str(province_text[k]))
            assert province is not None
            rows.d("KC308", int(rows.labels[look[k]]), "region", value=region_text[look[k]],
                   province=province.name, expected=province.region)


def _factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return pd.factorize(values)


def _regions_off(region_codes: np.ndarray, region_values: Any, province_codes: np.ndarray,
                 province_values: Any) -> np.ndarray:
    """Which (region, province) rows name a region that is not the province's."""
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
    off = np.zeros(len(region_codes), dtype=BOOL)
    off[valid] = pair_off[back] if pairs.size else False
    return off


def _check_duplicate_ids(table: Table, d, data_mask) -> None:
    """KC306 over one table's rows (``data_mask``), reported by ``d``."""
    _check_duplicate_ids_of([_Rows(table, d, data_mask)])


def _dense(codes: list[np.ndarray], n: int) -> np.ndarray:
    """One code for each distinct tuple of ``codes`` (each ≥ 0), kept dense (below
    ``n``) so that the products never overflow."""
    out = np.zeros(n, dtype=INT64)
    for code in codes:
        out = pd.factorize(out * (int(np.max(code, initial=0)) + 1) + code)[0].astype(INT64)
    return out


def _year_codes(rows: _Rows, at: np.ndarray) -> np.ndarray | None:
    """A code for each year of the rows ``at`` (a missing year is one value: 0), from
    the year column's integers; None when the column holds no whole numbers as such."""
    if "year" not in rows:
        return np.zeros(len(at), dtype=INT64)
    array = rows.array("year")
    if array.dtype != NULLABLE_INT:
        return None
    values, given = rows.ints("year")
    values, given = values[at], given[at]
    out = np.zeros(len(at), dtype=INT64)
    out[given] = pd.factorize(values[given])[0] + 1
    return out


def _check_duplicate_ids_of(every: list[_Rows]) -> None:
    """KC306: a project id given twice for the same year within a table; the ids of all
    the tables normalized in one pass."""
    having = [r for r in every if "project_id" in r]
    if not having:
        return
    ids = [r.objects("project_id") for r in having]
    joined = _joined(ids)
    present = ~np.asarray(pd.isna(joined), dtype=BOOL) & _joined(
        [r.data_mask for r in having], BOOL)
    cuts = _cuts(ids)
    at = [np.flatnonzero(present[cuts[i]:cuts[i + 1]]) for i in range(len(having))]
    years = [_year_codes(rows, rows_at) for rows, rows_at in zip(having, at)]
    if any(y is None for y in years):  # each table alone, as pandas factorizes its years
        for rows, cells, rows_at in zip(having, ids, at):
            _duplicates_alone(rows, cells, rows_at)
        return
    year_codes = [y for y in years if y is not None]
    kept = [cells[rows_at] for cells, rows_at in zip(ids, at)]
    n = sum(len(k) for k in kept)
    if not n:
        return
    key = id_keys_of(kept).to_numpy(zero_copy_only=False)
    key = np.where(pd.isna(key), "", key).astype(OBJECT) if len(key) else key
    tables = np.repeat(np.arange(len(having)), [len(k) for k in kept])
    pair = _dense([tables, pd.factorize(key)[0].astype(INT64), _joined(year_codes, INT64)], n)
    _, first, group = np.unique(pair, return_index=True, return_inverse=True)
    dup = np.ones(n, dtype=BOOL)
    dup[first] = False
    if not dup.any():
        return
    starts = _cuts(kept)
    for i in np.unique(tables[dup]):
        rows, rows_at, start = having[i], at[i], starts[i]
        local = np.flatnonzero(dup[start:starts[i + 1]])
        _report_duplicates(rows, ids[i], rows_at, local, first[group[start + local]] - start)


def _duplicates_alone(rows: _Rows, ids: np.ndarray, at: np.ndarray) -> None:
    """KC306 over one table, its years factorized as pandas factorizes them."""
    if not at.size:
        return
    frame = rows.frame
    key = normalize_ids(pd.Series(ids[at], dtype=OBJECT)).fillna("").to_numpy(dtype=OBJECT)
    year = frame["year"].array[at] if "year" in frame else None
    # each (id, year) as one integer code (a missing year is one value), its first row
    id_codes = pd.factorize(key)[0]
    year_codes = pd.factorize(year)[0] + 1 if year is not None else 0
    pair = id_codes * (int(np.max(year_codes, initial=0)) + 1) + year_codes
    _, first, group = np.unique(pair, return_index=True, return_inverse=True)
    dup = np.ones(len(pair), dtype=BOOL)
    dup[first] = False
    local = np.flatnonzero(dup)
    if local.size:
        _report_duplicates(rows, ids, at, local, first[group[local]])


def _report_duplicates(rows: _Rows, ids: np.ndarray, at: np.ndarray, dup: np.ndarray,
                       first: np.ndarray) -> None:
    """KC306 at each row ``at[dup]``, whose first is ``at[first]``."""
    frame, labels = rows.frame, rows.labels
    year = frame["year"].array[at] if "year" in frame else None
    for k, f in zip(dup, first):
        y = year[k] if year is not None else rows.table.year
        rows.d("KC306", int(labels[at[k]]), "project_id", value=ids[at[k]],
               other_row=int(labels[at[f]]),
               year=y if y is not None and str(y) != "<NA>" else "—")


def id_keys_of(parts: list[np.ndarray]) -> pa.Array:
    """:func:`id_keys` of each of ``parts``, end to end, in one pass of the kernels."""
    arr = pc.utf8_upper(pc.replace_substring_regex(joined_arrow_strings(parts),
                                                   _ID_CLEAN.pattern, ""))
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _map_of(parts: list[np.ndarray], fn: Callable[[Any], Any]) -> list[np.ndarray]:
    """:func:`~kcbudget.read.text.map_distinct_values` of each of ``parts``: ``fn``
    once per distinct value of them all (each part alone where a value is no text)."""
    joined = _joined(parts)
    coded = _text_codes(joined)
    if coded is None:
        return [map_distinct_values(p, fn) for p in parts]
    codes, uniques = coded
    mapped = _spread([fn(u) for u in uniques], codes)
    cuts = _cuts(parts)
    return [mapped[cuts[i]:cuts[i + 1]] for i in range(len(parts))]


def _activity_code(value: Any) -> Any:
    return getattr(ref.match_activity(str(value)), "code", None)


def _program_value(value: Any) -> Any:
    return getattr(ref.match_program(str(value)), "value", None)


@dataclass
class _CapRows:
    """The rows of one table that a cap may apply to, before the lookups."""
    rows: _Rows
    support_col: Column
    total_col: Column | None
    at: np.ndarray  # positions of the rows in the frame
    support: np.ndarray  # the support column's integers (all rows)
    category: np.ndarray  # the category cells of the rows ``at``
    program: np.ndarray | None  # the program cells of the rows ``at``, if a column


def _cap_rows(rows: _Rows) -> _CapRows | None:
    table = rows.table
    support_col = support_column(table)
    if "category" not in rows or support_col is None:
        return None
    support, has_support = rows.ints(support_col.id)
    category = rows.objects("category")
    at = np.flatnonzero(rows.data_mask & has_support &
                        ~np.asarray(pd.isna(category), dtype=BOOL))
    if not at.size:
        return None
    total_col = next((t for t, s_, _, _ in cost_slices(table) if s_.id == support_col.id),
                     None)
    return _CapRows(rows, support_col, total_col, at, support, category[at],
                    rows.objects("program")[at] if "program" in rows else None)


def _check_caps(table: Table, d, data_mask) -> None:
    """KC307 over one table's rows (``data_mask``), reported by ``d``."""
    _check_caps_of([_Rows(table, d, data_mask)])


def _check_caps_of(every: list[_Rows]) -> None:
    """Support per beneficiary above the cap of its activity (warnings).

    Vectorised over the rows of all the tables: activities, programs and caps are
    looked up once per distinct value; the comparison runs over whole columns."""
    found = [c for c in map(_cap_rows, every) if c is not None]
    if not found:
        return
    activities = _map_of([c.category for c in found], _activity_code)
    with_program = [c for c in found if c.program is not None]
    programs = iter(_map_of([c.program for c in with_program if c.program is not None],
                            _program_value)
                    if with_program else [])
    parts = []
    for c, activity in zip(found, activities):
        program = next(programs) if c.program is not None else \
            np.full(c.at.size, None, dtype=OBJECT)
        part = _cap_part(c, activity, program)
        if part is not None:
            parts.append(part)
    if not parts:
        return
    # the distinct (province, activity, program, year) of all the rows: their caps
    n = sum(len(p["amount"]) for p in parts)
    column = {k: _joined([p[k] for p in parts], parts[0][k].dtype)
              for k in ("activity", "program", "year", "amount", "total", "total_given",
                        "labels")}
    table_of = np.repeat(np.arange(len(parts)), [len(p["amount"]) for p in parts])
    # each table's province as the title gives it (None too: a value of its own)
    places: dict[Any, int] = {}
    place_of = np.array([places.setdefault(p["cap_rows"].rows.table.title_province,
                                           len(places)) for p in parts], dtype=INT64)
    keys = [pd.factorize(column[k]) for k in ("activity", "program", "year")] + [
        (place_of[table_of], list(places))]
    combo = _dense([k[0].astype(INT64) for k in keys], n)
    first = np.unique(combo, return_index=True)[1]
    caps_of = [[cap for cap in ref.caps_for(keys[0][1][keys[0][0][i]],
                                            keys[1][1][keys[1][0][i]],
                                            int(keys[2][1][keys[2][0][i]]),
                                            keys[3][1][keys[3][0][i]])
                if cap.per != "production_line"] for i in first]
    # (np.unique's codes are sorted as the dense codes are: map each code to its caps)
    slot = np.empty(int(combo.max()) + 1, dtype=INT64)
    slot[combo[first]] = np.arange(len(first))
    where = slot[combo]
    has_total = _spread([p["cap_rows"].total_col is not None for p in parts], table_of)
    has_total = np.asarray(has_total, dtype=BOOL)
    amount = column["amount"].copy()
    flagged = np.full(n, -1, dtype=INT64)
    limits = np.zeros(n, dtype=INT64)
    biggest = np.iinfo("int64").max
    for j in range(max((len(c) for c in caps_of), default=0)):
        exists = np.array([len(c) > j for c in caps_of], dtype=BOOL)[where]
        if not exists.any():
            continue
        cap_j = [c[j] if len(c) > j else None for c in caps_of]
        limit = np.array([cap.max_amount if cap is not None and cap.max_amount is not None
                          else biggest for cap in cap_j], dtype=INT64)[where]
        shares = [Fraction(cap.max_share_pct) if cap is not None and
                  cap.max_share_pct is not None else None for cap in cap_j]
        by_share = np.array([s is not None for s in shares], dtype=BOOL)[where] & has_total
        if by_share.any():
            num = np.array([s.numerator if s is not None else 0 for s in shares],
                           dtype=INT64)[where]
            den = np.array([s.denominator if s is not None else 1 for s in shares],
                           dtype=INT64)[where]
            share_limit = column["total"] * num // (100 * den)
            limit = np.where(by_share & column["total_given"],
                             np.minimum(limit, share_limit), limit)
        over = exists & (amount > limit)
        flagged[over] = j
        limits[over] = limit[over]
        amount = np.where(over, np.iinfo("int64").min, amount)  # one warning per row
    hit = np.flatnonzero(flagged >= 0)
    if not hit.size:
        return
    # each table's warnings in the order of its groups (activity, program, year), then
    # of the caps, then of the rows
    order = sorted(hit.tolist(), key=lambda k: (
        int(table_of[k]), column["activity"][k], column["program"][k], int(column["year"][k]),
        int(flagged[k]), k))
    for k in order:
        c = parts[int(table_of[k])]["cap_rows"]
        cap = caps_of[where[k]][int(flagged[k])]
        code = column["activity"][k]
        name = ref.activity_by_code(code)
        c.rows.d("KC307", int(column["labels"][k]), c.support_col.id,
                 per_unit=int(column["amount"][k]), cap=int(limits[k]),
                 cap_name=name.name_vi if name else code, source=cap.source)


def _masked_ints(array: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(values, given) of a pandas ``Int64`` array, None for any other."""
    data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if getattr(array, "dtype", None) == NULLABLE_INT and isinstance(data, np.ndarray) and \
            isinstance(mask, np.ndarray):
        return data, ~mask
    return None


def _cap_part(c: _CapRows, activity: np.ndarray, program: np.ndarray
              ) -> dict[str, Any] | None:
    """The rows of one table with an activity, a program and a year, as the caps read
    them: the support per beneficiary, the total cost per beneficiary (-1: none)."""
    rows, table, at = c.rows, c.rows.table, c.at
    frame = rows.frame
    row_labels = frame.index[at]
    # a row's own program, else its section's, else the title's (over object arrays)
    if table.section_program is not None and pd.isna(program).any():
        program = np.where(pd.isna(program), table.section_program.reindex(
            row_labels).to_numpy(dtype=OBJECT), program)
    if table.program is not None:
        program = np.where(pd.isna(program), table.program, program)
    ints = _masked_ints(rows.array("year")) if "year" in rows else None
    if ints is not None:
        values, given = ints[0][at], ints[1][at]
        if table.year:
            year = np.where(given, values, table.year).astype(INT64)
            has_year = np.ones(at.size, dtype=BOOL)
        else:
            year, has_year = np.where(given, values, 0).astype(INT64), given
    elif "year" in rows:
        year_cells = pd.array(frame["year"].array[at], dtype=NULLABLE_INT)
        if table.year:
            year_cells = year_cells.fillna(table.year)
        year = year_cells.to_numpy(dtype=INT64, na_value=0)
        has_year = ~np.asarray(year_cells.isna(), dtype=BOOL)
    else:
        year = np.full(at.size, table.year or 0, dtype=INT64)
        has_year = np.full(at.size, table.year is not None, dtype=BOOL)
    # the beneficiaries of each row: its own count, else the count its text gives, else 1
    count = np.ones(at.size, dtype=INT64)
    given = np.zeros(at.size, dtype=BOOL)
    per_row = table.beneficiaries_per_row
    sources = [(rows.array("beneficiaries"), True)] if "beneficiaries" in rows else []
    if per_row is not None:
        sources.append((per_row.array, True) if per_row.index.equals(frame.index)
                       else (per_row.reindex(row_labels).array, False))
    for source, on_frame in sources:
        ints = _masked_ints(source) if on_frame else None
        if ints is not None:
            values, there = ints[0][at], ints[1][at]
        else:
            part = pd.array(source[at] if on_frame else source, dtype=NULLABLE_INT)
            values = part.to_numpy(dtype=INT64, na_value=1)
            there = ~np.asarray(part.isna(), dtype=BOOL)
        take = there & ~given
        count[take] = values[take]
        given |= take
    count = np.maximum(count, 1)
    # integer đồng per beneficiary (floor division, as Int64 // gives it)
    per_unit = c.support[at] // count
    known = ~pd.isna(activity) & ~pd.isna(program) & has_year
    if not known.any():
        return None
    if c.total_col is not None:
        total_cells, total_given = rows.ints(c.total_col.id)
        total_given = total_given[at][known]
        total = np.where(total_given, (total_cells[at] // count)[known], -1)
    else:
        total = np.full(int(known.sum()), -1, dtype=INT64)
        total_given = np.zeros(total.size, dtype=BOOL)
    return {"cap_rows": c, "activity": activity[known], "program": program[known],
            "year": year[known], "amount": per_unit[known], "total": total.astype(INT64),
            "total_given": total_given, "labels": np.asarray(row_labels[known], dtype=OBJECT)}


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
