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

from collections.abc import Callable
from typing import Any

import pandas as pd

from kcbudget import reference as ref
from kcbudget.read.layout import Column, RowKind
from kcbudget.read.table import Table
from kcbudget.read.text import map_distinct

RECORD_COLUMNS = [
    "file", "sheet", "row", "source", "region", "province", "year", "months", "program",
    "category", "category_group", "status", "project_id", "project_name", "planned",
    "executed", "support", "total_cost", "counterpart", "other_funds", "beneficiaries",
    "projects_planned", "projects_executed", "projects_accepted", "accepted",
]
AMOUNTS = ["planned", "executed", "support", "total_cost", "counterpart", "other_funds",
           "accepted"]
COUNTS = ["projects_planned", "projects_executed", "projects_accepted"]


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


def _pick(columns: list[Column], phase: str | None = None) -> Column | None:
    """Of several columns of one measure, the one of ``phase`` (or of no phase)."""
    if not columns:
        return None
    for want in (phase, None):
        for c in columns:
            if c.phase == want:
                return c
    return columns[0]


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


    frame = table.frame
    data = (table.kind == RowKind.detail).to_numpy()
    sub = frame.loc[data]
    index = sub.index
    n = len(sub)

    def col(key: str) -> pd.Series:
        return sub[key] if key in sub else pd.Series([None] * n, index=index, dtype=object)

    province_text = col("province")
    if table.title_province and province_text.isna().all():
        province_text = pd.Series(table.title_province, index=index, dtype=object)
    province = _map(province_text, ref.match_province, "name")
    region = _map(province_text, ref.match_province, "region")
    if "region" in sub:
        given = _map(sub["region"], ref.match_region)
        region = region.where(region.notna(), given)
    if "year" in sub:
        year = sub["year"].astype("Int64")
        if table.year is not None:
            year = year.fillna(table.year)
    else:
        year = pd.Series(table.year if table.year is not None else pd.NA, index=index,
                         dtype="Int64")
    category = _map(col("category"), ref.match_activity, "code")
    group = _map(col("category"), ref.match_activity, "group")
    status = _map(col("status"), ref.match_status)
    per_row = table.projects_per_row.reindex(index).fillna(1).astype("int64") \
        if table.projects_per_row is not None else pd.Series(1, index=index, dtype="int64")
    base = {
        "file": table.file, "sheet": table.sheet,
        "row": [table.sheet_row(r) for r in index] if table.transposed else index.to_numpy(),
        "region": region.to_numpy(), "province": province.to_numpy(),
        "category": category.to_numpy(),
        "category_group": group.astype("Int64").to_numpy() if len(group) else group,
        "status": status.to_numpy(), "project_id": col("project_id").to_numpy(),
        "project_name": col("project_name").to_numpy(),
    }
    if table.shape == "project":
        parts = [_project_records(table, sub, index, base, year, status, per_row)]
    else:
        parts = _summary_records(table, sub, index, base, year)
    parts = [p for p in parts if p is not None and len(p)]
    if not parts:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out[RECORD_COLUMNS]


def _amount(sub: pd.DataFrame, column: Column | None, index: pd.Index) -> pd.Series:

    if column is None or column.id not in sub:
        return pd.Series(pd.NA, index=index, dtype="Int64")
    return sub[column.id].astype("Int64")


def _project_records(table: Table, sub: pd.DataFrame, index: pd.Index, base: dict[str, Any],
                     year: pd.Series, status: pd.Series, per_row: pd.Series) -> pd.DataFrame:
    """Records of a project sheet.  Money columns of one program (``Kinh phí KCQG đề nghị
    hỗ trợ``) give that program to the rows that name none; with columns of both
    programs each row gives a record per program it has money in."""

    tagged = sorted({c.program for c in table.columns if c.is_amount and
                     c.program in ("KCQG", "KCDP")})
    if not tagged:
        return _project_records_of(table, sub, index, base, year, status, per_row, None)
    parts = []
    for program in tagged:
        mine = [c for c in table.columns if c.is_amount and c.program == program]
        has = pd.concat([sub[c.id].notna() for c in mine if c.id in sub], axis=1).any(axis=1) \
            if any(c.id in sub for c in mine) else pd.Series(False, index=index)
        if len(tagged) == 1:
            has = pd.Series(True, index=index)
        keep = has.to_numpy()
        rows = index[keep]
        part_base = {k: (v[keep] if hasattr(v, "__len__") and not isinstance(v, str) and
                         len(v) == len(index) else v) for k, v in base.items()}
        parts.append(_project_records_of(table, sub.loc[rows], rows, part_base, year[keep],
                                         status[keep], per_row[keep], program))
    return pd.concat(parts) if parts else None


def _project_records_of(table: Table, sub: pd.DataFrame, index: pd.Index, base: dict[str, Any],
                        year: pd.Series, status: pd.Series, per_row: pd.Series,
                        tag: str | None) -> pd.DataFrame:

    program = _row_program(table, sub, index)
    if tag is not None:
        program = program.fillna(tag)
    money = [c for c in table.columns if c.is_amount and c.program in (None, "ALL", tag)]

    def of(key: str, phase: str | None = None) -> Column | None:
        return _pick([c for c in money if c.key == key], phase)

    phase = table.phase
    support_col = of("support")
    planned_col, executed_col = of("planned"), of("executed")
    planned, executed = _amount(sub, planned_col, index), _amount(sub, executed_col, index)
    support = _amount(sub, support_col, index)
    if support_col is not None and phase == "planned" and planned_col is None:
        planned = support
    if support_col is not None and phase == "executed" and executed_col is None:
        executed = support
    if support_col is None:
        support = executed.where(executed.notna(), planned)
    cost_phase = phase if phase in ("planned", "executed") else None
    accepted_mask = status == "accepted"
    accepted_col = of("accepted")
    accepted = _amount(sub, accepted_col, index) if accepted_col is not None else \
        executed.where(accepted_mask.to_numpy(), pd.NA).astype("Int64")
    record = pd.DataFrame({**base, "source": "project", "program": program.to_numpy()},
                          index=index)
    record["year"] = year.to_numpy()
    record["months"] = pd.array([table.months if executed_col is not None or phase ==
                                 "executed" else None] * len(index), dtype="Int64") \
        if table.months else pd.array([pd.NA] * len(index), dtype="Int64")
    record["planned"] = planned
    record["executed"] = executed
    record["support"] = support
    record["total_cost"] = _amount(sub, of("total_cost", cost_phase), index)
    record["counterpart"] = _amount(sub, of("counterpart", cost_phase), index)
    record["other_funds"] = _amount(sub, of("other_funds", cost_phase), index)
    beneficiaries = _amount(sub, next((c for c in table.columns if c.key == "beneficiaries"),
                                      None), index)
    if table.beneficiaries_per_row is not None:
        beneficiaries = beneficiaries.fillna(table.beneficiaries_per_row.reindex(index))
    record["beneficiaries"] = beneficiaries.astype("Int64")
    record["projects_planned"] = planned.notna().astype("int64") * per_row
    record["projects_executed"] = (executed.fillna(0) > 0).astype("int64") * per_row
    accepted_count = accepted_mask if accepted_col is None else accepted.fillna(0) > 0
    record["projects_accepted"] = accepted_count.astype("int64") * per_row
    record["accepted"] = accepted.astype("Int64")
    return record


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
        if split:
            for p in split:
                groups.append((p, [c for c in in_slice if c.program == p]))
            unsplit = [c for c in in_slice if c.program is None]
            if unsplit:
                groups.append((None, unsplit))
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
            record = _summary_record(table, base, index, program, cols, sub, slice_year,
                                     months, bool(split) and program is None)
            out.append(record)
    return out


def _summary_record(table: Table, base: dict[str, Any], index: pd.Index, program: object,
                    cols: list[Column], sub: pd.DataFrame, year: object, months: int | None,
                    shared: bool) -> pd.DataFrame:
    """One record per row of ``cols`` (the columns of one program and slice)."""

    def of(key: str, phase: str | None = None) -> Column | None:
        return _pick([c for c in cols if c.key == key], phase)

    planned = _amount(sub, of("planned"), index)
    executed = _amount(sub, of("executed"), index)
    accepted = _amount(sub, of("accepted"), index)
    if table.phase in ("planned", "executed"):
        for column in (of("support"), of("amount")):
            if column is None:
                continue
            values = _amount(sub, column, index)
            if table.phase == "planned" and planned.isna().all():
                planned = values
            if table.phase == "executed" and executed.isna().all():
                executed = values
    counts = [c for c in cols if c.key == "projects"]
    projects = {"planned": None, "executed": None, "accepted": None}
    for c in counts:
        phase = c.phase or ("planned" if planned.notna().any() else "executed")
        if projects.get(phase) is None:
            projects[phase] = _amount(sub, c, index).fillna(0).astype("int64")
    if isinstance(program, str) or program is None:
        program_values = pd.Series(program, index=index, dtype=object)
    else:
        program_values = program
    record = pd.DataFrame({**base, "source": "summary", "program": program_values.to_numpy()},
                          index=index)
    record["year"] = year.to_numpy() if hasattr(year, "to_numpy") else year
    month_value = months if months is not None else (
        table.months if (executed.notna().any() or accepted.notna().any()) else None)
    record["months"] = pd.array([month_value] * len(index), dtype="Int64")
    record["planned"] = planned
    record["executed"] = executed
    support = executed.where(executed.notna(), planned)
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
    for phase, name in (("planned", "projects_planned"), ("executed", "projects_executed"),
                        ("accepted", "projects_accepted")):
        values = projects.get(phase)
        record[name] = values if values is not None else 0
    record["accepted"] = accepted
    return record


def _shared_support(table: Table, sub: pd.DataFrame, index: pd.Index, year: object,
                    months: int | None) -> pd.Series:
    """The support of both programs in each row (for a column shared by both)."""

    total = pd.Series(0, index=index, dtype="Int64")
    seen = False
    for keys in (("executed",), ("planned", "support", "amount")):
        for c in table.columns:
            if c.is_amount and c.key in keys and c.program in ("KCQG", "KCDP") and \
                    c.months == months:
                total = total + sub[c.id].astype("Int64").fillna(0)
                seen = True
        if seen:
            break
    return total if seen else pd.Series(pd.NA, index=index, dtype="Int64")


def records(tables: list[Table]) -> pd.DataFrame:

    frames = [table_records(t) for t in tables]
    frames = [f for f in frames if len(f)]
    if not frames:
        empty = pd.DataFrame(columns=RECORD_COLUMNS)
        for c in AMOUNTS + ["beneficiaries", "months"]:
            empty[c] = empty[c].astype("Int64")
        for c in COUNTS:
            empty[c] = empty[c].astype("int64")
        return empty
    out = pd.concat(frames, ignore_index=True)
    for c in AMOUNTS + ["beneficiaries", "months"]:
        out[c] = out[c].astype("Int64")
    for c in COUNTS:
        out[c] = out[c].astype("int64")
    out["year"] = out["year"].astype("Int64")
    return out
