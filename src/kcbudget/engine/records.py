"""From tables to records: one long-form row per (input row, program, slice), amounts
in đồng.

A project sheet gives one record per đề án; a summary sheet one record per line,
program and *slice* (the year, months to date or period that a group of columns
covers: ``Thực hiện năm 2021``, ``Kế hoạch năm 2022``, ``Thực hiện 7 tháng năm
2022``).  The program of a record comes from its columns (``KCQG | KCĐP``), else
from the row (a program column, the section it sits under, the title).  A figure
that belongs to no program — a ``Tổng số`` figure with no KCQG/KCĐP split, or one
counterpart column for both programs — gives a record whose program is missing: it
counts in ``ALL`` only, once.  Subtotal and total rows are never records (they are
checked, not summed).  Every record is built from the layout's columns, never from
a column's position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget import reference as ref
from kcbudget.read.layout import STAGES, Column, RowKind, kind_is
from kcbudget.read.slices import pick, project_choice, project_slices
from kcbudget.read.table import Table, frame_of, int_values
from kcbudget.read.text import map_distinct, map_distinct_values

RECORD_COLUMNS = [
    "file", "sheet", "row", "source", "region", "province", "year", "period", "months",
    "program", "category", "category_group", "status", "project_id", "project_name",
    *STAGES, "support", "total_cost", "counterpart", "other_funds", "beneficiaries",
    *(f"projects_{s}" for s in STAGES),
]
AMOUNTS = [*STAGES, "support", "total_cost", "counterpart", "other_funds"]
COUNTS = [f"projects_{s}" for s in STAGES]
# the programme periods a year belongs to (Decision 1881/QĐ-TTg, 2646/QĐ-BCT, …)
PERIODS = ((2011, 2015), (2016, 2020), (2021, 2025), (2026, 2030), (2031, 2035))


def period_of(year: Any) -> str | None:
    """``2022`` → ``2021-2025``: the programme period of a year."""

    if year is None or pd.isna(year):
        return None
    for lo, hi in PERIODS:
        if lo <= int(year) <= hi:
            return f"{lo}-{hi}"
    return None


def periods_of(years: Any, period: tuple[int, int] | None = None) -> list[str | None]:
    """:func:`period_of` of each year of a column (``period`` for all when given),
    computed once per distinct year: a list as long as ``years``."""

    n = len(years)
    if period is not None:
        return [f"{period[0]}-{period[1]}"] * n
    if not n:
        return []
    codes, uniques = pd.factorize(pd.Series(years, dtype=object), use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = [period_of(y) for y in uniques]
    table[-1] = None
    out: list[str | None] = table[codes].tolist()
    return out


def _mapper(match: Callable[[str], Any], attr: str | None = None) -> Callable[[object], Any]:
    """A lookup of one value through a reference matcher (for :func:`_map`)."""

    def lookup(value: object) -> Any:
        if value is None or value != value:
            return None
        found = match(str(value))
        if found is not None and attr:
            found = getattr(found, attr)
        return getattr(found, "value", found)

    return lookup


def _map(series: pd.Series, match: Callable[[str], Any], attr: str | None = None
         ) -> pd.Series:
    """A column through a reference matcher, called once per distinct value."""

    return map_distinct(series, _mapper(match, attr))




def _row_program(table: Table, sub: pd.DataFrame, index: pd.Index) -> pd.Series:
    """The program of each detail row: its program cell, else its section, else the
    title's."""


    if "program" in sub:
        program = _map(sub["program"], ref.match_program)
    else:
        program = pd.Series(None, index=index, dtype=object)
    if program.isna().any() and table.section_program is not None:
        program = program.where(program.notna(), table.section_program.reindex(index))
    if program.isna().any() and table.program is not None:
        program = program.fillna(table.program)
    return program


def table_records(table: Table) -> pd.DataFrame:
    """The records of one table, as a pandas DataFrame with :data:`RECORD_COLUMNS`."""
    return records([table])


Wanted = frozenset[str] | None  # the record columns asked for (None: all of them)


def _kept(part: pd.DataFrame, wanted: Wanted) -> pd.DataFrame:
    """The columns of ``wanted`` of a part (all of it when ``wanted`` is None)."""
    if wanted is None:
        return part
    return part[[c for c in part.columns if c in wanted]]


# ------------------------------------------------------------------ records as columns
#
# A table's records are made as columns (numpy arrays, a value for a whole column) and
# the columns of every table are joined once in :func:`records`: no frame per table,
# slice or program, and no concatenation of frames.  Each column of a part is what the
# frame of old was made from, and :func:`_joined` gives the column pandas made of it,
# dtype and missing values alike: an object array of text is ``str`` where pandas infers
# strings, a part of another dtype joins as ``pd.concat`` joins it.

class _Ints:
    """A column of whole numbers that may be missing: int64 values (0 where missing) and
    the mask of the missing ones (a pandas ``Int64`` column, made when joined)."""

    __slots__ = ("missing", "values")

    def __init__(self, values: np.ndarray, missing: np.ndarray) -> None:
        self.values = values
        self.missing = missing

    def given(self) -> np.ndarray:
        return ~self.missing


class _Typed:
    """A column of a frame made the old way: its dtype is its own, nothing is inferred."""

    __slots__ = ("array",)

    def __init__(self, array: Any) -> None:
        self.array = array


class _Part:
    """The records of one table (or one slice of it) as columns: name → an array of
    ``n`` values, an :class:`_Ints`, a :class:`_Typed`, or one value for every record."""

    __slots__ = ("columns", "n")

    def __init__(self, n: int, columns: dict[str, Any]) -> None:
        self.n = n
        self.columns = columns


def _typed_part(frame: pd.DataFrame) -> _Part:
    """A part of a frame made the old way (a sheet of several slices or of both
    programs' columns, a summary sheet)."""
    return _Part(len(frame), {name: _Typed(frame[name].array if isinstance(
        frame[name].dtype, pd.api.extensions.ExtensionDtype) else frame[name].to_numpy())
        for name in frame.columns})


class _Rows:
    """The detail rows of a table: its frame's columns as numpy arrays of those rows.
    A column is taken from the frame's blocks, not as a Series (a Series of a column
    costs some 60 µs, as much as the rest of what a record column takes)."""

    def __init__(self, table: Table) -> None:
        frame = table.frame
        data = kind_is(table.kind.to_numpy(), RowKind.detail)
        self.table = table
        self.frame = frame
        self.data = data
        self.every = bool(data.all())
        self.index = frame.index if self.every else frame.index[data]
        self.n = len(self.index)
        self._sub: pd.DataFrame | None = None
        self._names: frozenset[Any] | None = None
        self.found: dict[str, np.ndarray] = {}  # the lookups (:func:`_look_up`)

    def text(self, key: str) -> np.ndarray | None:
        """The cells a lookup reads: a column's (None: no such column); a province
        column of no value gives way to the title's province."""
        values = self.objects(key) if key in self else None
        province = self.table.title_province
        if key == "province" and province and (values is None or _missing(values).all()):
            values = np.full(self.n, province, dtype=object)
        return values

    def __contains__(self, key: str) -> bool:
        if self._names is None:
            self._names = frozenset(self.frame.columns.tolist())
        return key in self._names

    def sub(self) -> pd.DataFrame:
        """The rows as a frame (for the sheets made the old way)."""
        if self._sub is None:
            self._sub = self.frame if self.every else self.frame.loc[self.data]
        return self._sub

    def _take(self, values: np.ndarray) -> np.ndarray:
        return values if self.every else values[self.data]

    def _array(self, key: str) -> Any:
        """A column's array (numpy or pandas' own) as the frame holds it."""
        frame = self.frame
        at = frame.columns.get_loc(key)
        values = getattr(frame._mgr, "iget_values", None)
        if isinstance(at, (int, np.integer)) and values is not None:
            return values(int(at))
        return frame[key].array  # (a name given twice; a pandas without the blocks' API)

    def objects(self, key: str) -> np.ndarray:
        """A column's cells as numpy takes them (``Series.to_numpy``)."""
        array = self._array(key)
        return self._take(array if isinstance(array, np.ndarray) else array.to_numpy())

    def ints(self, key: str) -> _Ints:
        """A whole-number column (``astype("Int64")``)."""
        array = self._array(key)
        if array.dtype != "Int64":
            array = pd.array(array).astype("Int64")
        data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
        if isinstance(data, np.ndarray) and isinstance(mask, np.ndarray):
            # (pandas' masked arrays hold their values and mask as numpy arrays;
            # ``to_numpy(na_value=0)`` costs ten times as much on a small column)
            data, mask = self._take(data), self._take(mask)
            return _Ints(np.where(mask, 0, data).astype(np.int64, copy=False), mask.copy())
        values = np.asarray(array.to_numpy(dtype=np.int64, na_value=0))
        return _Ints(self._take(values), self._take(np.asarray(array.isna(), dtype=bool)))

    def aligned(self, series: pd.Series) -> pd.Series | np.ndarray:
        """A Series of the frame's rows at the detail rows (``reindex``): a numpy array
        where it is on the frame's own index."""
        if series.index.equals(self.frame.index):
            return self._take(series.to_numpy())
        return series.reindex(self.index)

    def aligned_ints(self, series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`aligned` of a whole-number Series: (values, given) at the detail rows."""
        if series.index.equals(self.frame.index):
            values, given = int_values(series if series.dtype == "Int64"
                                       else series.astype("Int64"))
            return self._take(values), self._take(given)
        return int_values(series.reindex(self.index).astype("Int64"))


def _none(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def _lookup(values: np.ndarray | None, n: int, match: Callable[[str], Any],
            attr: str | None = None) -> np.ndarray:
    """:func:`_map` of a column's cells (no column: every value missing)."""
    if values is None:
        return _none(n)
    return map_distinct_values(values, _mapper(match, attr))


def _missing(values: np.ndarray) -> np.ndarray:
    return np.asarray(pd.isna(values), dtype=bool)


def _fill(values: np.ndarray, other: Any) -> np.ndarray:
    """``Series.fillna`` / ``where(notna, other)`` of an object array."""
    missing = _missing(values)
    if not missing.any():
        return values
    return np.where(missing, other, values)


#: the record columns looked up in the reference data: the rows' text each is read
#: from, the matcher (a name in :mod:`kcbudget.reference`) and what of the match it is
_FOUND = {
    "province": ("province", "match_province", "name"),
    "region_of_province": ("province", "match_province", "region"),
    "region": ("region", "match_region", None),
    "category": ("category", "match_activity", "code"),
    "category_group": ("category", "match_activity", "group"),
    "status": ("status", "match_status", None),
    "program": ("program", "match_program", None),
}


def _look_up(every: list[_Rows], wanted: Wanted) -> None:
    """The reference lookups of every table at once: each column of text of all the
    tables (where it is text) joined and each distinct value looked up once, then cut
    back into each table's rows (:attr:`_Rows.found`)."""
    asked = {"region_of_province": "region"}
    names = [name for name in _FOUND if wanted is None or name in ("province", "status", "program")
             or asked.get(name, name) in wanted]
    texts: dict[str, list[str]] = {}
    for name in names:
        texts.setdefault(_FOUND[name][0], []).append(name)
    for text, found in texts.items():
        columns = [rows.text(text) for rows in every]
        together = [(i, c) for i, c in enumerate(columns) if c is not None and len(c)
                    and pd.api.types.infer_dtype(c, skipna=True) in ("string", "empty")]
        if together:
            codes, uniques = pd.factorize(np.concatenate([c for _, c in together]),
                                          use_na_sentinel=True)
            cuts = np.cumsum([len(c) for _, c in together])[:-1]
            for name in found:
                _, match, attr = _FOUND[name]
                lookup = _mapper(getattr(ref, match), attr)
                values = _spread_of([lookup(u) for u in uniques], codes)
                for (i, _), piece in zip(together, np.split(values, cuts)):
                    every[i].found[name] = piece
        for i, rows in enumerate(every):
            for name in found:
                if name not in rows.found:  # no such column, or not only text
                    _, match, attr = _FOUND[name]
                    rows.found[name] = _lookup(columns[i], rows.n, getattr(ref, match), attr)


def _spread_of(values: list[Any], codes: np.ndarray) -> np.ndarray:
    """``values[codes]`` as an object array, ``None`` where the code is -1."""
    table = np.empty(len(values) + 1, dtype=object)
    for i, v in enumerate(values):
        table[i] = v
    table[-1] = None
    out: np.ndarray = table[codes]
    return out


def _groups(group: np.ndarray) -> np.ndarray:
    """``pd.array(group, dtype="Int64").to_numpy()`` of the activity groups: int64, or
    float64 with NaN where one is missing."""
    missing = _missing(group)
    if all(type(g) is int for g in group[~missing].tolist()):
        if not missing.any():
            return group.astype(np.int64)
        out = np.full(len(group), np.nan)
        out[~missing] = group[~missing].astype(np.float64)
        return out
    made: np.ndarray = pd.array(group, dtype="Int64").to_numpy()
    return made


#: whether a đề án list of one slice and at most one program's columns is made as
#: columns (:func:`_project_columns`); the tests turn it off to make every table's
#: records in frames, as before, and hold the two to each other
_AS_COLUMNS = True


def _table_parts(rows: _Rows, wanted: Wanted) -> list[_Part]:
    """The records of one table in the parts they are made in (none empty), with the
    columns of ``wanted`` only (every column when it is None); its lookups made
    (:func:`_look_up`)."""

    def want(*names: str) -> bool:
        return wanted is None or any(n in wanted for n in names)

    table = rows.table
    n = rows.n
    found = rows.found
    base: dict[str, Any] = {}
    if want("file"):
        base["file"] = table.file
    if want("sheet"):
        base["sheet"] = table.sheet
    if want("row"):
        base["row"] = np.asarray([table.sheet_row(r) for r in rows.index]) \
            if table.transposed else rows.index.to_numpy()
    if want("region"):
        region = found["region_of_province"]
        if "region" in rows:
            region = _fill(region, found["region"])
        base["region"] = region
    base["province"] = found["province"]
    if want("category"):
        base["category"] = found["category"]
    if want("category_group"):
        group = found["category_group"]
        base["category_group"] = _groups(group) if n else group
    status = found["status"]
    base["status"] = status
    for name in ("project_id", "project_name"):
        if want(name):
            base[name] = rows.objects(name) if name in rows else _none(n)
    if "year" in rows:
        year = rows.ints("year")
        if table.year is not None and year.missing.any():
            year = _Ints(np.where(year.missing, table.year, year.values),
                         np.zeros(n, dtype=bool))
    else:
        year = _Ints(np.full(n, table.year if table.year is not None else 0, dtype=np.int64),
                     np.full(n, table.year is None, dtype=bool))
    if table.projects_per_row is not None:
        per = rows.aligned(table.projects_per_row)
        per_row = np.asarray(per, dtype=np.int64) if isinstance(per, np.ndarray) \
            else per.fillna(1).astype("int64").to_numpy()
    else:
        per_row = np.ones(n, dtype=np.int64)
    if table.shape == "project" and _AS_COLUMNS:
        slices = project_slices(table)
        if len(slices) == 1:
            (y, months, period), money = slices[0]
            tagged = sorted({c.program for c in money if c.program in ("KCQG", "KCDP")})
            if len(tagged) < 2:  # the records of most sheets: made as columns
                tag = tagged[0] if tagged else None
                if y is not None:
                    year = _Ints(np.full(n, y, dtype=np.int64), np.zeros(n, dtype=bool))
                part = _project_columns(
                    table, rows, base, year, status, per_row, tag,
                    [c for c in money if c.program in (None, "ALL", tag)], months, period,
                    wanted)
                return [part] if n else []
    if table.shape != "project" and _AS_COLUMNS:  # a summary sheet: made as columns
        return _summary_columns(table, rows, base, year, wanted) if n else []
    # the rest the old way, in frames: a sheet of several slices or of both programs'
    # columns (and, with ``_AS_COLUMNS`` off, a summary sheet)
    base = {k: base[k] for k in _BASE_ORDER if k in base}  # the columns' order of old
    index = rows.index
    sub = rows.sub()
    year_series = pd.Series(pd.arrays.IntegerArray(year.values, year.missing), index=index)
    if table.shape == "project":
        frames = [_project_records(table, sub, index, base, year_series,
                                   pd.Series(status, index=index, dtype=object),
                                   pd.Series(per_row, index=index, dtype="int64"), wanted)]
    else:
        frames = [_kept(p, wanted) for p in _summary_records(table, sub, index, base,
                                                             year_series)]
    return [_typed_part(p) for p in frames if p is not None and len(p)]


def _project_columns(table: Table, rows: _Rows, base: dict[str, Any], year: _Ints,
                     status: np.ndarray, per: np.ndarray, tag: str | None,
                     money: list[Column], months: int | None,
                     period: tuple[int, int] | None, wanted: Wanted) -> _Part:
    """:func:`_project_records_of` of a whole table as columns: the records of the
    columns ``money`` of one slice, for one program tag (or none)."""

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    n = rows.n
    nothing = _Ints(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))

    def amount(column: Column | None) -> _Ints:
        if column is None or column.id not in rows:
            return nothing
        return rows.ints(column.id)

    # the program of each row: its program cell, else its section, else the title's
    program = rows.found["program"]
    if table.section_program is not None and _missing(program).any():
        section = rows.aligned(table.section_program)
        program = np.where(_missing(program), np.asarray(section, dtype=object), program)
    if table.program is not None:
        program = _fill(program, table.program)
    if tag is not None:
        program = _fill(program, tag)
    chosen = project_choice(table, money, tag)
    phase = table.phase
    support_col = chosen["support"]
    support = amount(support_col)
    stage_cols = {stage: chosen[stage] for stage in STAGES}
    stage_values = {stage: amount(col) for stage, col in stage_cols.items()}
    # a support column whose phase the sheet decides is that stage's money
    if support_col is not None and phase in STAGES and stage_cols[phase] is None:
        stage_values[phase] = support
    if support_col is None:
        executed, planned = stage_values["executed"], stage_values["planned"]
        support = _Ints(np.where(executed.missing, planned.values, executed.values),
                        executed.missing & planned.missing)
    accepted_mask = np.asarray(status == "accepted", dtype=bool)
    by_status = stage_cols["accepted"] is None and phase != "accepted"
    if by_status:
        # the money of the đề án whose status says accepted
        executed = stage_values["executed"]
        stage_values["accepted"] = _Ints(np.where(accepted_mask, executed.values, 0),
                                         executed.missing | ~accepted_mask)
    record: dict[str, Any] = {**base, "source": "project", "program": program, "year": year}
    if want("period"):
        record["period"] = _periods(year, period)
    if want("months"):
        to_date = months or (table.months and any(not stage_values[s].missing.all()
                                                  for s in STAGES[1:]))
        record["months"] = (months or table.months) if to_date else None
    for stage in STAGES:
        record[stage] = stage_values[stage]
    record["support"] = support
    for key in ("total_cost", "counterpart", "other_funds"):
        if want(key):
            record[key] = amount(chosen[key])
    if want("beneficiaries"):
        beneficiaries = amount(next((c for c in table.columns if c.key == "beneficiaries"),
                                    None))
        if table.beneficiaries_per_row is not None and beneficiaries.missing.any():
            values, known = rows.aligned_ints(table.beneficiaries_per_row)
            beneficiaries = _Ints(np.where(beneficiaries.missing, values,
                                           beneficiaries.values),
                                  beneficiaries.missing & ~known)
        record["beneficiaries"] = beneficiaries
    if want("projects_planned"):
        record["projects_planned"] = stage_values["planned"].given() * per
    for stage in STAGES[1:]:
        if not want(f"projects_{stage}"):
            continue
        if stage == "accepted" and by_status:
            counted = accepted_mask
        else:
            counted = stage_values[stage].values > 0
        record[f"projects_{stage}"] = counted * per
    if wanted is not None:
        record = {k: v for k, v in record.items() if k in wanted}
    return _Part(n, record)


def _periods(year: _Ints, period: tuple[int, int] | None) -> np.ndarray:
    """:func:`periods_of` of a column of years, as an object array."""
    n = len(year.values)
    if period is not None:
        return np.full(n, f"{period[0]}-{period[1]}", dtype=object)
    out = _none(n)
    given = year.given()
    if given.any():
        years, where = np.unique(year.values[given], return_inverse=True)
        named = np.empty(len(years), dtype=object)
        named[:] = [period_of(int(y)) for y in years.tolist()]
        out[given] = named[where]
    return out

_BASE_ORDER = ["file", "sheet", "row", "region", "province", "category", "category_group",
               "status", "project_id", "project_name"]


def _amount(sub: pd.DataFrame, column: Column | None, index: pd.Index) -> pd.Series:

    if column is None or column.id not in sub:
        return pd.Series(pd.NA, index=index, dtype="Int64")
    return sub[column.id].astype("Int64")






def _project_records(table: Table, sub: pd.DataFrame, index: pd.Index, base: dict[str, Any],
                     year: pd.Series, status: pd.Series, per_row: pd.Series,
                     wanted: Wanted = None) -> pd.DataFrame | None:
    """Records of a project sheet: per slice (:func:`project_slices`), per program.  A
    đề án counts once per stage: in the first slice where it has money of that stage."""

    slices = project_slices(table)
    if len(slices) == 1:  # one slice: its records, with no slice to tell apart
        (y, months, period), money = slices[0]
        slice_year = year if y is None else pd.Series(y, index=index, dtype="Int64")
        part = _project_slice(table, sub, index, base, slice_year, status, per_row, money,
                              months, period, wanted)
        return part if part is not None and len(part) else None
    parts = []
    for n, ((y, months, period), money) in enumerate(slices):
        slice_year = year if y is None else pd.Series(y, index=index, dtype="Int64")
        part = _project_slice(table, sub, index, base, slice_year, status, per_row, money,
                              months, period)
        if part is not None and len(part):
            parts.append(part.assign(_slice=n))
    if not parts:
        return None
    out = pd.concat(parts)
    if len(slices) > 1:
        order = out["_slice"].to_numpy()
        rows = out.index.to_numpy()
        for name in COUNTS:
            counted = out[name].to_numpy() != 0
            first = pd.Series(order[counted], index=rows[counted]).groupby(level=0).min()
            earliest = pd.Series(order, index=rows) <= \
                first.reindex(rows).fillna(order.max() + 1)
            out[name] = out[name].where(earliest.to_numpy(), 0)
    return _kept(out.drop(columns="_slice"), wanted)


def _project_slice(table: Table, sub: pd.DataFrame, index: pd.Index, base: dict[str, Any],
                   year: pd.Series, status: pd.Series, per_row: pd.Series,
                   money: list[Column], months: int | None,
                   period: tuple[int, int] | None, wanted: Wanted = None) -> pd.DataFrame | None:
    """The records of the columns ``money`` of one slice.  Money columns of one program
    (``Kinh phí KCQG đề nghị hỗ trợ``) give that program to the rows that name none; with
    columns of both programs each row gives a record per program it has money in, and one
    record of no program (it counts in ``ALL`` only) for what belongs to neither: the
    columns of no program (one ``Vốn đối ứng`` for both), the ``Tổng số`` of a row that
    states no split, and the count that makes a đề án of both programs one đề án in
    ``ALL``.  With ``wanted``, only those columns are made (of both programs' columns,
    all are made and the others dropped at the end: the split reads them)."""

    when: dict[str, Any] = {"months": months, "period": period}
    tagged = sorted({c.program for c in money if c.program in ("KCQG", "KCDP")})
    if len(tagged) < 2:
        tag = tagged[0] if tagged else None
        return _project_records_of(table, sub, index, base, year, status, per_row, tag,
                                   [c for c in money if c.program in (None, "ALL", tag)],
                                   wanted=wanted, **when)
    split = [c for c in money if c.program in tagged and c.id in sub]
    split_given = pd.concat([sub[c.id].notna() for c in split], axis=1).any(axis=1) \
        if split else pd.Series(False, index=index)
    parts = []
    for program in tagged:
        mine = [c for c in split if c.program == program]
        keep = pd.concat([sub[c.id].notna() for c in mine], axis=1).any(axis=1).to_numpy() \
            if mine else pd.Series(False, index=index).to_numpy()
        parts.append(_project_records_of(
            table, sub.loc[index[keep]], index[keep], _subset(base, keep, len(index)),
            year[keep], status[keep], per_row[keep], program, mine, **when))
    # the figures of no program: the whole (Tổng số) only where the row gives no split
    unsplit = sub.copy()
    for c in money:
        if c.program == "ALL" and c.id in unsplit:
            unsplit[c.id] = unsplit[c.id].where(~split_given)
    shared = _project_records_of(table, unsplit, index, base, year, status, per_row, None,
                                 [c for c in money if c.program in (None, "ALL")], **when)
    shared["program"] = shared["program"].where(~split_given, None)
    own = shared[[*STAGES, "total_cost", "counterpart", "other_funds", "beneficiaries"]] \
        .notna().any(axis=1)
    for part in parts:  # the đề án's beneficiaries are of the đề án, not of each program
        part["beneficiaries"] = pd.array([pd.NA] * len(part), dtype="Int64")
    # its support is the rows' own (for counterpart ÷ support); it adds no money
    support = sum((p["support"].reindex(index).fillna(0) for p in parts),
                  pd.Series(0, index=index, dtype="Int64"))
    shared["support"] = shared["support"].where(~split_given, support.where(split_given))
    # the plan's cost figures stay on the plan's side where the row is a plan
    planned_split = pd.concat([p["planned"].reindex(index).notna() for p in parts], axis=1) \
        .any(axis=1)
    shared["planned"] = shared["planned"].mask(shared["planned"].isna() & planned_split, 0)
    # a đề án with money of both programs is one đề án of ALL, not two
    for name in COUNTS:
        counts = pd.concat([p[name].reindex(index).fillna(0) for p in parts], axis=1)
        want = pd.concat([counts.max(axis=1), shared[name].astype("int64")], axis=1).max(axis=1)
        shared[name] = (want - counts.sum(axis=1)).astype("int64")
    # a row of both programs is already a đề án of each: this record is its shared part
    shared["source"] = shared["source"].where(~split_given, "project-shared")
    carries = own | (shared[COUNTS] != 0).any(axis=1)
    parts.append(shared[carries.to_numpy()])
    return _kept(pd.concat(parts), wanted)


def _subset(base: dict[str, Any], keep: Any, n: int) -> dict[str, Any]:
    """The base fields of the rows ``keep`` selects."""
    return {k: (v[keep] if hasattr(v, "__len__") and not isinstance(v, str) and len(v) == n
                else v) for k, v in base.items()}






def _project_records_of(table: Table, sub: pd.DataFrame, index: pd.Index, base: dict[str, Any],
                        year: pd.Series, status: pd.Series, per_row: pd.Series,
                        tag: str | None, money: list[Column], months: int | None = None,
                        period: tuple[int, int] | None = None, wanted: Wanted = None
                        ) -> pd.DataFrame:
    """The records of ``money`` for one program tag; with ``wanted``, only those columns
    are made (a large side of ``reconcile`` holds a dozen of the thirty)."""

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    program = _row_program(table, sub, index)
    if tag is not None:
        program = program.fillna(tag)
    chosen = project_choice(table, money, tag)
    phase = table.phase
    support_col = chosen["support"]
    support = _amount(sub, support_col, index)
    stage_cols = {stage: chosen[stage] for stage in STAGES}
    stage_values = {stage: _amount(sub, col, index) for stage, col in stage_cols.items()}
    # a support column whose phase the sheet decides is that stage's money
    if support_col is not None and phase in STAGES and stage_cols[phase] is None:
        stage_values[phase] = support
    if support_col is None:
        support = stage_values["executed"].where(stage_values["executed"].notna(),
                                                 stage_values["planned"])
    accepted_mask = status == "accepted"
    if stage_cols["accepted"] is None and phase != "accepted":
        # the money of the đề án whose status says accepted
        stage_values["accepted"] = stage_values["executed"].where(
            accepted_mask.to_numpy(), pd.NA).astype("Int64")
    # the columns gathered first and the frame built once (a column inserted at a time
    # costs more than the rest of a small table's records)
    record = {**base, "source": "project", "program": program.to_numpy()}
    record["year"] = year.to_numpy()
    if want("period"):
        record["period"] = periods_of(year.tolist(), period)
    if want("months"):
        to_date = months or (table.months and any(stage_values[s].notna().any()
                                                  for s in STAGES[1:]))
        record["months"] = pd.array([(months or table.months) if to_date else pd.NA]
                                    * len(index), dtype="Int64")
    for stage in STAGES:
        record[stage] = stage_values[stage]
    record["support"] = support
    for key in ("total_cost", "counterpart", "other_funds"):
        if want(key):
            record[key] = _amount(sub, chosen[key], index)
    if want("beneficiaries"):
        beneficiaries = _amount(sub, next((c for c in table.columns
                                           if c.key == "beneficiaries"), None), index)
        if table.beneficiaries_per_row is not None:
            beneficiaries = beneficiaries.fillna(table.beneficiaries_per_row.reindex(index))
        record["beneficiaries"] = beneficiaries.astype("Int64")
    per = np.asarray(per_row.to_numpy(), dtype="int64")
    if want("projects_planned"):
        record["projects_planned"] = stage_values["planned"].notna().to_numpy() * per
    for stage in STAGES[1:]:
        if not want(f"projects_{stage}"):
            continue
        if stage == "accepted" and stage_cols["accepted"] is None and phase != "accepted":
            counted = np.asarray(accepted_mask.to_numpy(), dtype=bool)
        else:
            counted = stage_values[stage].to_numpy(dtype="int64", na_value=0) > 0
        record[f"projects_{stage}"] = counted * per
    if wanted is not None:
        record = {k: v for k, v in record.items() if k in wanted}
    return frame_of(record, index)


Slice = tuple[int | None, int | None, tuple[int, int] | None]


def _slices(table: Table) -> list[Slice]:
    """The (year, months, period) slices of a summary's figure columns."""
    found: list[Slice] = []
    for c in table.columns:
        if c.is_figure and not c.is_percent:
            key = (c.year, c.months, c.period)
            if key not in found:
                found.append(key)
    return found or [(None, None, None)]


def _summary_records(table: Table, sub: pd.DataFrame, index: pd.Index, base: dict[str, Any],
                     year_col: pd.Series) -> list[pd.DataFrame]:


    out = []
    figures = [c for c in table.columns if c.is_figure and not c.is_percent]
    split = sorted({c.program for c in figures if c.program in ("KCQG", "KCDP")})
    has_all = any(c.program == "ALL" for c in figures)
    for year, months, period in _slices(table):
        in_slice = [c for c in figures if (c.year, c.months, c.period) == (year, months, period)]
        if year is not None:
            slice_year = pd.Series(year, index=index, dtype="Int64")
        else:
            slice_year = year_col
        groups: list[tuple[object, list[Column]]] = []
        whole_sub = None
        if split:
            for p in split:
                groups.append((p, [c for c in in_slice if c.program == p]))
            unsplit = [c for c in in_slice if c.program is None]
            if unsplit:
                groups.append((None, unsplit))
            # the Tổng số of a row that gives no KCQG/KCĐP split counts in ALL only
            whole = [c for c in in_slice if c.program == "ALL" and c.id in sub]
            parts = [c.id for c in in_slice if c.program in split and c.id in sub]
            if whole:
                given = sub[parts].notna().any(axis=1) if parts else \
                    pd.Series(False, index=index)
                whole_sub = sub.copy()
                for c in whole:
                    whole_sub[c.id] = whole_sub[c.id].where(~given)
                groups.append(("whole", whole))
        else:
            if "program" in sub:
                program = _map(sub["program"], ref.match_program)
            else:
                program = _row_program(table, sub, index)
            cols = [c for c in in_slice if c.program in (None, "ALL")]
            if has_all and "program" not in sub:
                # only a Tổng số figure: it counts in ALL, with no program
                cols = [c for c in in_slice if c.program == "ALL"] + \
                    [c for c in in_slice if c.program is None]
            groups.append((program, cols))
        for program, cols in groups:
            if not cols:
                continue
            if isinstance(program, str) and program == "whole":
                record = _summary_record(table, base, index, None, cols, whole_sub,
                                         slice_year, months, False, period)
            else:
                record = _summary_record(table, base, index, program, cols, sub, slice_year,
                                         months, bool(split) and program is None, period)
            # a line of the sheet that holds no figure of this slice (the target row of
            # a years-as-columns sheet, in the slice of the years) is no record of it
            carries = record[[*AMOUNTS, "beneficiaries"]].notna().to_numpy().any(axis=1) | \
                (record[COUNTS].to_numpy(dtype="int64") != 0).any(axis=1)
            out.append(record if carries.all() else record[carries])
    return out


def _summary_record(table: Table, base: dict[str, Any], index: pd.Index, program: object,
                    cols: list[Column], sub: pd.DataFrame, year: object, months: int | None,
                    shared: bool, period: tuple[int, int] | None = None) -> pd.DataFrame:
    """One record per row of ``cols`` (the columns of one program and slice)."""

    def of(key: str, phase: str | None = None) -> Column | None:
        return pick([c for c in cols if c.key == key], phase)

    values = {stage: _amount(sub, of(stage), index) for stage in STAGES}
    if table.phase in STAGES:
        for column in (of("support"), of("amount")):
            if column is not None and values[table.phase].isna().all():
                values[table.phase] = _amount(sub, column, index)
    counts = [c for c in cols if c.key == "projects"]
    projects: dict[str, object] = {}
    for c in counts:
        phase = c.phase or ("planned" if values["planned"].notna().any() else "executed")
        if projects.get(phase) is None:
            projects[phase] = _amount(sub, c, index).fillna(0).astype("int64")
    if isinstance(program, str) or program is None:
        program_values = pd.Series(program, index=index, dtype=object)
    else:
        program_values = program
    # the columns gathered first and made one frame at the end: a column set on a frame
    # costs more than the rest of a record of a small sheet (a sheet of year or period
    # columns makes one record per slice and program)
    record: dict[str, Any] = {**base, "source": "summary", "program": program_values.to_numpy()}
    record["year"] = year.to_numpy() if hasattr(year, "to_numpy") else year
    later = any(values[s].notna().any() for s in STAGES[1:])
    month_value = months if months is not None else (table.months if later else None)
    record["months"] = pd.array([month_value] * len(index), dtype="Int64")
    for stage in STAGES:
        record[stage] = values[stage]
    support = _first_given([values[s] for s in ("executed", "planned", "disbursed", "settled",
                                                "accepted", "advanced", "allocated")], index)
    if shared:
        # one column for both programs (Vốn đối ứng): its record carries the rows'
        # support only so that counterpart ÷ support can be taken; it adds no money
        support = _shared_support(table, sub, index, year, months)
    record["support"] = support
    cost_phase = table.phase if table.phase in ("planned", "executed") else None
    record["total_cost"] = _amount(sub, of("total_cost", cost_phase), index)
    record["counterpart"] = _amount(sub, of("counterpart", cost_phase), index)
    record["other_funds"] = _amount(sub, of("other_funds", cost_phase), index)
    record["beneficiaries"] = _amount(sub, of("beneficiaries"), index)
    for stage in STAGES:
        counted = projects.get(stage)
        record[f"projects_{stage}"] = counted if counted is not None else 0
    years = pd.Series(record["year"], index=index).tolist() \
        if hasattr(record["year"], "__len__") else [record["year"]] * len(index)
    record["period"] = periods_of(years, period) if len(index) else []
    return frame_of(record, index)


def _first_given(columns: list[pd.Series], index: pd.Index) -> pd.Series:
    """Row by row, the first of ``columns`` (Int64, on ``index``) that is given."""

    data = np.zeros(len(index), dtype="int64")
    given = np.zeros(len(index), dtype=bool)
    for column in columns:
        take = column.notna().to_numpy() & ~given
        if take.any():
            data[take] = column.to_numpy(dtype="int64", na_value=0)[take]
            given |= take
    return pd.Series(pd.arrays.IntegerArray(data, ~given), index=index)


def _shared_support(table: Table, sub: pd.DataFrame, index: pd.Index, year: object,
                    months: int | None) -> pd.Series:
    """The support of both programs in each row (for a column shared by both)."""

    total = pd.Series(0, index=index, dtype="Int64")
    shared = _shared_columns(table, months)
    for c in shared:
        total = total + sub[c.id].astype("Int64").fillna(0)
    return total if shared else pd.Series(pd.NA, index=index, dtype="Int64")


def _shared_columns(table: Table, months: int | None) -> list[Column]:
    """The columns :func:`_shared_support` adds: both programs' money of the first stage
    (executed, then the later stages, then planned) that has any, of ``months``."""
    for keys in (("executed",), ("disbursed", "settled", "accepted", "advanced", "allocated"),
                 ("planned", "support", "amount")):
        found = [c for c in table.columns if c.is_amount and c.key in keys and
                 c.program in ("KCQG", "KCDP") and c.months == months]
        if found:
            return found
    return []


# ------------------------------------------------------- a summary sheet as columns
#
# :func:`_summary_records` and :func:`_summary_record` of old, made of the rows' numpy
# columns (:class:`_Rows`) into parts (:class:`_Part`): no Series per column, no frame
# per slice and program.  The tests hold the two to each other (``_AS_COLUMNS`` off).

def _summary_columns(table: Table, rows: _Rows, base: dict[str, Any], year: _Ints,
                     wanted: Wanted) -> list[_Part]:
    """:func:`_summary_records` of a summary sheet's detail rows (``rows.n`` > 0)."""
    n = rows.n
    figures = [c for c in table.columns if c.is_figure and not c.is_percent]
    split = sorted({c.program for c in figures if c.program in ("KCQG", "KCDP")})
    has_all = any(c.program == "ALL" for c in figures)
    row_program: np.ndarray | None = None
    out: list[_Part] = []
    for y, months, period in _slices(table):
        in_slice = [c for c in figures if (c.year, c.months, c.period) == (y, months, period)]
        slice_year = year if y is None else \
            _Ints(np.full(n, y, dtype=np.int64), np.zeros(n, dtype=bool))
        # (program, columns, shared, the rows whose figures are not this group's)
        groups: list[tuple[Any, list[Column], bool, np.ndarray | None]] = []
        if split:
            for p in split:
                groups.append((p, [c for c in in_slice if c.program == p], False, None))
            unsplit = [c for c in in_slice if c.program is None]
            if unsplit:
                groups.append((_nans(n), unsplit, True, None))
            # the Tổng số of a row that gives no KCQG/KCĐP split counts in ALL only
            whole = [c for c in in_slice if c.program == "ALL" and c.id in rows]
            if whole:
                given = np.zeros(n, dtype=bool)
                for c in in_slice:
                    if c.program in split and c.id in rows:
                        given |= ~_missing(rows.objects(c.id))
                groups.append((_nans(n), whole, False, given))
        else:
            if row_program is None:
                row_program = _summary_program(table, rows)
            cols = [c for c in in_slice if c.program in (None, "ALL")]
            if has_all and "program" not in rows:
                # only a Tổng số figure: it counts in ALL, with no program
                cols = [c for c in in_slice if c.program == "ALL"] + \
                    [c for c in in_slice if c.program is None]
            groups.append((row_program, cols, False, None))
        for program, cols, shared, hidden in groups:
            if not cols:
                continue
            part = _summary_part(table, rows, base, program, cols, slice_year, months,
                                 shared, period, hidden, wanted)
            if part is not None:
                out.append(part)
    return out


def _nans(n: int) -> np.ndarray:
    """A program of no value, as the frames of old held it (``pd.Series(None,
    dtype=object)`` is NaN)."""
    return np.full(n, np.nan, dtype=object)


def _summary_program(table: Table, rows: _Rows) -> np.ndarray:
    """The program of each row of a summary sheet without KCQG/KCĐP columns: its
    program cell (only that, where there is a program column), else its section, else
    the title's (:func:`_row_program`)."""
    program = rows.found["program"]
    if "program" in rows:
        return program
    program = _nans(rows.n)  # (``pd.Series(None, dtype=object)`` holds NaN)
    if table.section_program is not None:
        section = rows.aligned(table.section_program)
        program = np.where(_missing(program), np.asarray(section, dtype=object), program)
    if table.program is not None:
        program = _fill(program, table.program)
    return program


def _summary_part(table: Table, rows: _Rows, base: dict[str, Any], program: Any,
                  cols: list[Column], year: _Ints, months: int | None, shared: bool,
                  period: tuple[int, int] | None, hidden: np.ndarray | None,
                  wanted: Wanted) -> _Part | None:
    """:func:`_summary_record` as a part: one record per row of ``cols`` (the columns of
    one program and slice) that carries a figure of them; the figures of the rows
    ``hidden`` are missing.  None when no row carries one."""
    n = rows.n
    nothing = _Ints(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))

    def amount(column: Column | None) -> _Ints:
        if column is None or column.id not in rows:
            return nothing
        got = rows.ints(column.id)
        if hidden is not None:
            got = _Ints(np.where(hidden, 0, got.values), got.missing | hidden)
        return got

    def of(key: str, phase: str | None = None) -> Column | None:
        return pick([c for c in cols if c.key == key], phase)

    values = {stage: amount(of(stage)) for stage in STAGES}
    if table.phase in STAGES:
        for column in (of("support"), of("amount")):
            if column is not None and values[table.phase].missing.all():
                values[table.phase] = amount(column)
    projects: dict[str, np.ndarray] = {}
    for c in cols:
        if c.key != "projects":
            continue
        phase = c.phase or ("planned" if not values["planned"].missing.all() else "executed")
        if projects.get(phase) is None:
            projects[phase] = amount(c).values  # (0 where missing)
    support = _first_given_ints([values[s] for s in (
        "executed", "planned", "disbursed", "settled", "accepted", "advanced", "allocated")])
    if shared:
        # one column for both programs (Vốn đối ứng): its record carries the rows'
        # support only so that counterpart ÷ support can be taken; it adds no money
        support = _shared_support_ints(table, rows, months)
    cost_phase = table.phase if table.phase in ("planned", "executed") else None
    money: dict[str, _Ints] = {stage: values[stage] for stage in STAGES}
    money["support"] = support
    for key in ("total_cost", "counterpart", "other_funds"):
        money[key] = amount(of(key, cost_phase))
    money["beneficiaries"] = amount(of("beneficiaries"))
    # a line of the sheet that holds no figure of this slice (the target row of a
    # years-as-columns sheet, in the slice of the years) is no record of it
    carries = np.zeros(n, dtype=bool)
    for value in money.values():
        carries |= ~value.missing
    for stage in STAGES:
        if projects.get(stage) is not None:
            carries |= projects[stage] != 0
    keep = None if carries.all() else carries
    if keep is not None and not keep.any():
        return None
    later = any(not values[s].missing.all() for s in STAGES[1:])
    record: dict[str, Any] = {**base, "source": "summary", "program": program, "year": year,
                              "months": months if months is not None else
                              (table.months if later else None)}
    record.update(money)
    for stage in STAGES:
        counted = projects.get(stage)
        record[f"projects_{stage}"] = counted if counted is not None else 0
    if wanted is not None:
        record = {k: v for k, v in record.items() if k in wanted}
    if wanted is None or "period" in wanted:
        record["period"] = _periods(year, period)
    if keep is None:
        return _Part(n, record)
    return _Part(int(keep.sum()), {k: _kept_rows(v, keep) for k, v in record.items()})


def _kept_rows(value: Any, keep: np.ndarray) -> Any:
    """A part's column at the rows ``keep`` (one value for every record stays one).  An
    object column keeps the dtype pandas gave the column of every row, as the frame of
    old was made first and cut after: ``[None, "2021-2025"]`` is text, its ``None`` a
    NaN, also where only that row is kept."""
    if isinstance(value, _Ints):
        return _Ints(value.values[keep], value.missing[keep])
    if isinstance(value, np.ndarray):
        if value.dtype != object:
            return value[keep]
        if _infers_text(value):
            return _Typed(pd.array(value[keep], dtype=_TEXT))
        return _Typed(value[keep])
    return value


def _first_given_ints(columns: list[_Ints]) -> _Ints:
    """:func:`_first_given` of columns of whole numbers."""
    data = columns[0].values.copy()
    missing = columns[0].missing.copy()
    for column in columns[1:]:
        take = missing & ~column.missing
        if take.any():
            data[take] = column.values[take]
            missing &= ~take
    return _Ints(np.where(missing, 0, data), missing)


def _shared_support_ints(table: Table, rows: _Rows, months: int | None) -> _Ints:
    """:func:`_shared_support` of the rows, as whole numbers."""
    n = rows.n
    total = np.zeros(n, dtype=np.int64)
    shared = _shared_columns(table, months)
    for c in shared:
        total = total + rows.ints(c.id).values
    return _Ints(total, np.zeros(n, dtype=bool)) if shared else \
        _Ints(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))


# the text dtype pandas gives a column of strings (``str`` from pandas 3; object before)
_TEXT = pd.Series(["-"]).dtype
_INFERS_TEXT = _TEXT != np.dtype(object)
_INT_COLUMNS = frozenset([*AMOUNTS, "beneficiaries", "months", "year"])


def _infers_text(values: np.ndarray) -> bool:
    """Whether pandas makes an object array a column of text (``str``): every value a
    string or missing, and one at least (as ``pd.DataFrame`` infers it)."""
    return bool(_INFERS_TEXT and pd.api.types.infer_dtype(values, skipna=True) == "string")


def _kind(value: Any, n: int) -> tuple[Any, Any]:
    """A part's column as (array, the dtype its frame of old had)."""
    if isinstance(value, _PackedText):
        value = value.array()
    if isinstance(value, _Typed):
        return value.array, value.array.dtype
    if isinstance(value, _Ints):
        return value, "Int64"
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return value, (_TEXT if _infers_text(value) else value.dtype)
        return value, value.dtype
    if isinstance(value, str):
        return np.full(n, value, dtype=object), (_TEXT if _INFERS_TEXT else np.dtype(object))
    if value is None:
        return _none(n), np.dtype(object)
    array = np.full(n, value)
    return (array, array.dtype) if array.dtype != object else _kind(array, n)


def _ints_of(value: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A part's whole-number column as (int64 values, missing mask)."""
    if isinstance(value, _Ints):
        return value.values, value.missing
    if value is None or value is pd.NA:
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    if isinstance(value, (int, np.integer)):
        return np.full(n, value, dtype=np.int64), np.zeros(n, dtype=bool)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iub":
        return value.astype(np.int64, copy=False), np.zeros(n, dtype=bool)
    array = value.array if isinstance(value, _Typed) else value
    values, given = int_values(pd.Series(array, copy=False).astype("Int64"))
    return values, ~given


def _text_array(array: Any) -> np.ndarray:
    """A text column's values as objects, missing ones NaN (as ``str`` gives them)."""
    values = np.asarray(array, dtype=object)
    missing = _missing(values)
    if missing.any():
        values = values.copy()
        values[missing] = np.nan
    return values


def _joined(name: str, parts: list[_Part]) -> Any:
    """One record column of ``parts``, joined as ``pd.concat`` joined their frames (and
    as :func:`records` cast it)."""
    if name in _INT_COLUMNS:
        pairs = [_ints_of(p.columns.get(name), p.n) for p in parts]
        values = np.concatenate([v for v, _ in pairs]).astype(np.int64, copy=False)
        return pd.arrays.IntegerArray(values, np.concatenate([m for _, m in pairs]))
    if name in COUNTS:
        return np.concatenate([_ints_of(p.columns.get(name), p.n)[0] for p in parts]) \
            .astype(np.int64, copy=False)
    kinds = [_kind(p.columns.get(name), p.n) for p in parts]
    dtypes = {str(d) for _, d in kinds}
    first = kinds[0][1]
    if len(dtypes) == 1:
        if _INFERS_TEXT and first == _TEXT:
            return pd.array(np.concatenate([np.asarray(a, dtype=object) for a, _ in kinds]),
                            dtype=_TEXT)
        if isinstance(first, str) and first == "Int64":
            pairs = [_ints_of(a, len(a.values) if isinstance(a, _Ints) else len(a))
                     for a, _ in kinds]
            return pd.arrays.IntegerArray(np.concatenate([v for v, _ in pairs]),
                                          np.concatenate([m for _, m in pairs]))
        if isinstance(first, np.dtype):
            return np.concatenate([np.asarray(a) for a, _ in kinds])
        return type(kinds[0][0])._concat_same_type([a for a, _ in kinds])
    if all(isinstance(d, np.dtype) and d.kind in "iuf" for _, d in kinds):
        return np.concatenate([np.asarray(a) for a, _ in kinds])  # numpy's promotion
    if dtypes == {str(_TEXT), "object"} and _INFERS_TEXT:
        # text and objects: objects, the text's missing values NaN
        return np.concatenate([_text_array(a) if d == _TEXT else np.asarray(a, dtype=object)
                               for a, d in kinds])
    series = []
    for array, dtype in kinds:  # anything else as pandas joins it
        if isinstance(array, _Ints):
            array = pd.arrays.IntegerArray(array.values, array.missing)
        elif dtype == _TEXT and isinstance(array, np.ndarray):
            array = pd.array(array, dtype=_TEXT)
        series.append(pd.Series(array, dtype=dtype, copy=False))
    return pd.concat(series, ignore_index=True).array


def records(tables: list[Table], columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The records of ``tables``: a frame of :data:`RECORD_COLUMNS`, or of ``columns``
    only (in that order of :data:`RECORD_COLUMNS`), which are then the only ones made:
    the same rows and values as the whole frame's columns, at a fraction of its memory.
    Every table's records are made as columns and joined once, column by column."""
    return join_records(record_parts(tables, columns), columns)


class RecordParts:
    """The records of some tables, made as columns and not yet joined
    (:func:`record_parts`): what a caller keeps of a file's tables once they are let
    go, to join with the other files' in :func:`join_records`."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[_Part]) -> None:
        self.parts = parts


def _wanted(columns: Iterable[str] | None) -> frozenset[str] | None:
    wanted = None if columns is None else frozenset(columns)
    if wanted is not None and not wanted <= set(RECORD_COLUMNS):
        raise ValueError(f"no such record columns: {sorted(wanted - set(RECORD_COLUMNS))}")
    return wanted


def record_parts(tables: list[Table], columns: Iterable[str] | None = None, *,
                 pack: bool = False) -> RecordParts:
    """The records of ``tables`` as :func:`records` makes them, before they are joined;
    :func:`join_records` of the parts of several calls, in order, is :func:`records` of
    all their tables.  With ``pack``, a large part's text columns are held packed
    (:class:`_PackedText`) until they are joined: for a caller that keeps the parts
    while it reads other files."""
    wanted = _wanted(columns)
    every = [_Rows(t) for t in tables]
    _look_up(every, wanted)
    parts = [_compact(part) for rows in every for part in _table_parts(rows, wanted)]
    if pack:
        for part in parts:
            _pack(part)
    return RecordParts(parts)


# a part of fewer records keeps its text as it is: packing pays only where the text's
# Python strings are what a file's records hold while the next file is read
_PACK_ROWS = 4096


class _PackedText:
    """A column of text (Python strings and missing values) held without its Python
    objects: as codes into its distinct values where few are distinct, else as UTF-8
    bytes and offsets; the missing values' own objects (``None``, ``NaN``) kept at
    their places.  :meth:`array` gives back an object array of equal values.  A
    million đề án codes take some 72 MB as strings (and as much again in the small
    object pools they leave part used once the next file's cells are freed beside
    them), about 25 MB packed."""

    __slots__ = ("codes", "data", "missing", "missing_values", "n", "offsets", "uniques")

    def __init__(self, values: np.ndarray, missing: np.ndarray) -> None:
        self.n = len(values)
        self.missing = np.flatnonzero(missing)
        self.missing_values = values[self.missing]
        self.codes: np.ndarray | None = None
        self.uniques: np.ndarray | None = None
        self.offsets: np.ndarray | None = None
        self.data: np.ndarray | None = None
        # (Arrow's hash of the UTF-8 bytes: pandas' factorize takes strings that hold
        # a lone surrogate for one value; Arrow refuses them, and they stay unpacked)
        text = pa.array(values, type=pa.large_string(), from_pandas=True)
        coded = text.dictionary_encode()
        if len(coded.dictionary) <= self.n // 4:
            dtype = np.int8 if len(coded.dictionary) < 127 else \
                np.int16 if len(coded.dictionary) < 32767 else np.int32
            self.codes = np.asarray(pc.fill_null(coded.indices, 0).to_numpy(), dtype=dtype)
            self.uniques = np.asarray(coded.dictionary.to_numpy(zero_copy_only=False),
                                      dtype=object)
        else:
            _, offsets, data = text.buffers()
            self.offsets = np.frombuffer(offsets, dtype=np.int64)[:self.n + 1].copy()
            self.data = np.frombuffer(data, dtype=np.uint8)[:int(self.offsets[-1])].copy() \
                if data is not None else np.zeros(0, dtype=np.uint8)

    def array(self) -> np.ndarray:
        if self.codes is not None:
            assert self.uniques is not None
            out = self.uniques.take(np.maximum(self.codes, 0)) if len(self.uniques) \
                else np.empty(self.n, dtype=object)
        else:
            assert self.offsets is not None and self.data is not None
            text = pa.Array.from_buffers(pa.large_string(), self.n,
                                         [None, pa.py_buffer(self.offsets), pa.py_buffer(self.data)])
            out = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
        out[self.missing] = self.missing_values
        return out


def _pack(part: _Part) -> None:
    """``part``'s text columns packed (:class:`_PackedText`), where it is large."""
    if part.n < _PACK_ROWS:
        return
    for name, value in part.columns.items():
        if not (isinstance(value, np.ndarray) and value.dtype == object and len(value) == part.n):
            continue
        if pd.api.types.infer_dtype(value, skipna=True) != "string":
            continue  # (1, 1.0 and True are one value to a hash table: kept as they are)
        try:
            part.columns[name] = _PackedText(value, _missing(value))
        except (pa.ArrowException, UnicodeError):
            continue  # (text Arrow cannot hold, such as a lone surrogate: kept as it is)


def _compact(part: _Part) -> _Part:
    """``part`` as it is held while the next file is read: without the whole-number
    columns it has no figure in (every value missing, or every đề án count 0), which
    :func:`_joined` makes the same of nothing.  (Its text is left as Python strings:
    held in Arrow instead, the 1 000 000-row pair's peak grew from 1 696 to 1 933 MB,
    Arrow's pool not giving back to the reader of the next file what it held.)"""
    for name, value in list(part.columns.items()):
        if name in _INT_COLUMNS and isinstance(value, _Ints):
            if value.missing.all() and not value.values.any():
                del part.columns[name]
        elif name in COUNTS and isinstance(value, np.ndarray) and value.dtype.kind in "iub":
            if not value.any():
                del part.columns[name]
    return part


def join_records(made: RecordParts | list[RecordParts], columns: Iterable[str] | None = None,
                 ) -> pd.DataFrame:
    """The records frame of ``made`` (made with the same ``columns``), joined column by
    column; each column of the parts is let go once it is joined."""
    wanted = _wanted(columns)
    names = RECORD_COLUMNS if wanted is None else [c for c in RECORD_COLUMNS if c in wanted]
    parts = [p for m in ([made] if isinstance(made, RecordParts) else made) for p in m.parts]
    if not parts:
        out = pd.DataFrame(columns=names)
        for c in AMOUNTS + ["beneficiaries", "months"]:
            if c in out:
                out[c] = out[c].astype("Int64")
        for c in COUNTS:
            if c in out:
                out[c] = out[c].astype("int64")
        return out
    index = pd.RangeIndex(sum(p.n for p in parts))
    joined = {}
    for name in names:
        array = _joined(name, parts)
        joined[name] = pd.Series(array, index=index, dtype=array.dtype, copy=False)
        for part in parts:
            part.columns.pop(name, None)
    return pd.DataFrame(joined, index=index, copy=False)

PHYSICAL_COLUMNS = ["file", "sheet", "row", "region", "province", "year", "period", "program",
                    "phase", "name", "unit", "value"]


def physical_records(tables: list[Table]) -> pd.DataFrame:
    """Physical indicators (people trained, models, facilities, products, businesses):
    one record per figure of a count column that carries its own unit (the ĐVT of a
    years-as-columns sheet), đề án counts aside."""
    return join_physical(physical_parts(tables))


def physical_parts(tables: list[Table]) -> list[pd.DataFrame]:
    """The physical records of ``tables`` before they are joined: :func:`join_physical`
    of the parts of several calls, in order, is :func:`physical_records` of all."""
    parts = []
    for table in tables:
        columns = [c for c in table.columns if c.is_count and c.count_unit is not None
                   and c.key != "projects" and c.id in table.frame]
        if not columns:
            continue
        detail = (table.kind == RowKind.detail).to_numpy()
        sub = table.frame.loc[detail]
        if not len(sub):
            continue
        year = sub["year"].astype("Int64") if "year" in sub else pd.Series(
            table.year if table.year is not None else pd.NA, index=sub.index, dtype="Int64")
        province = ref.match_province(table.title_province) if table.title_province else None
        for column in columns:
            values = sub[column.id].astype("Int64")
            given = values.notna().to_numpy()
            if not given.any():
                continue
            rows = sub.index[given]
            years = year[given]
            period = periods_of(years.tolist(), column.period or None)
            parts.append(pd.DataFrame({
                "file": table.file, "sheet": table.sheet,
                "row": [table.sheet_row(r, column) for r in rows],
                "region": province.region if province else None,
                "province": province.name if province else None,
                "year": years.to_numpy(), "period": period, "program": column.program,
                "phase": column.phase or table.phase, "name": _indicator_name(column.header),
                "unit": column.count_unit, "value": values[given].to_numpy(),
            }))
    return parts


def join_physical(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The physical records frame of :func:`physical_parts`' parts."""
    if not parts:
        return pd.DataFrame(columns=PHYSICAL_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("Int64")
    out["value"] = out["value"].astype("Int64")
    return out[PHYSICAL_COLUMNS]


def _indicator_name(header: str) -> str:

    return re.sub(r"^\s*[-–+•*]\s*", "", str(header)).strip()
