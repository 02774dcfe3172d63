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

from kcbudget.read.layout import STAGES, Column, RowKind
from kcbudget.read.table import Table

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


def period_of(year) -> str | None:
    """``2022`` → ``2021-2025``: the programme period of a year."""
    import pandas as pd

    if year is None or pd.isna(year):
        return None
    for lo, hi in PERIODS:
        if lo <= int(year) <= hi:
            return f"{lo}-{hi}"
    return None


def _mapper(match, attr=None):
    """A lookup of one value through a reference matcher (for :func:`_map`)."""

    def lookup(value):
        if value is None or value != value:
            return None
        found = match(str(value))
        if found is not None and attr:
            found = getattr(found, attr)
        return getattr(found, "value", found)

    return lookup


def _map(series, match, attr=None):
    """A column through a reference matcher, called once per distinct value."""
    from kcbudget.read.text import map_distinct

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


def _row_program(table: Table, sub, index):
    """The program of each detail row: its program cell, else its section, else the
    title's."""
    import pandas as pd

    from kcbudget import reference as ref

    if "program" in sub:
        program = _map(sub["program"], ref.match_program)
    else:
        program = pd.Series(None, index=index, dtype=object)
    if program.isna().any() and table.section_program is not None:
        program = program.where(program.notna(), table.section_program.reindex(index))
    if program.isna().any() and table.program is not None:
        program = program.fillna(table.program)
    return program


def table_records(table: Table):
    """The records of one table, as a pandas DataFrame with :data:`RECORD_COLUMNS`."""
    import pandas as pd

    from kcbudget import reference as ref

    frame = table.frame
    data = (table.kind == RowKind.detail).to_numpy()
    sub = frame.loc[data]
    index = sub.index
    n = len(sub)

    def col(key):
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


def _amount(sub, column: Column | None, index):
    import pandas as pd

    if column is None or column.id not in sub:
        return pd.Series(pd.NA, index=index, dtype="Int64")
    return sub[column.id].astype("Int64")


def _project_records(table: Table, sub, index, base, year, status, per_row):
    """Records of a project sheet.  Money columns of one program (``Kinh phí KCQG đề nghị
    hỗ trợ``) give that program to the rows that name none; with columns of both
    programs each row gives a record per program it has money in."""
    import pandas as pd

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


def _project_records_of(table: Table, sub, index, base, year, status, per_row, tag):
    import pandas as pd

    program = _row_program(table, sub, index)
    if tag is not None:
        program = program.fillna(tag)
    money = [c for c in table.columns if c.is_amount and c.program in (None, "ALL", tag)]

    def of(key, phase=None):
        return _pick([c for c in money if c.key == key], phase)

    phase = table.phase
    support_col = of("support")
    support = _amount(sub, support_col, index)
    stage_cols = {stage: of(stage) for stage in STAGES}
    stage_values = {stage: _amount(sub, col, index) for stage, col in stage_cols.items()}
    # a support column whose phase the sheet decides is that stage's money
    if support_col is not None and phase in STAGES and stage_cols[phase] is None:
        stage_values[phase] = support
    if support_col is None:
        support = stage_values["executed"].where(stage_values["executed"].notna(),
                                                 stage_values["planned"])
    cost_phase = phase if phase in STAGES else None
    accepted_mask = status == "accepted"
    if stage_cols["accepted"] is None and phase != "accepted":
        # the money of the đề án whose status says accepted
        stage_values["accepted"] = stage_values["executed"].where(
            accepted_mask.to_numpy(), pd.NA).astype("Int64")
    # the columns gathered first and the frame built once (a column inserted at a time
    # costs more than the rest of a small table's records)
    record = {**base, "source": "project", "program": program.to_numpy()}
    record["year"] = year.to_numpy()
    record["period"] = [period_of(y) for y in year.tolist()]
    to_date = table.months and any(stage_values[s].notna().any() for s in STAGES[1:])
    record["months"] = pd.array([table.months if to_date else pd.NA] * len(index),
                                dtype="Int64")
    for stage in STAGES:
        record[stage] = stage_values[stage]
    record["support"] = support
    record["total_cost"] = _amount(sub, of("total_cost", cost_phase), index)
    record["counterpart"] = _amount(sub, of("counterpart", cost_phase), index)
    record["other_funds"] = _amount(sub, of("other_funds", cost_phase), index)
    beneficiaries = _amount(sub, next((c for c in table.columns if c.key == "beneficiaries"),
                                      None), index)
    if table.beneficiaries_per_row is not None:
        beneficiaries = beneficiaries.fillna(table.beneficiaries_per_row.reindex(index))
    record["beneficiaries"] = beneficiaries.astype("Int64")
    record["projects_planned"] = stage_values["planned"].notna().astype("int64") * per_row
    for stage in STAGES[1:]:
        counted = stage_values[stage].fillna(0) > 0
        if stage == "accepted" and stage_cols["accepted"] is None and phase != "accepted":
            counted = accepted_mask
        record[f"projects_{stage}"] = counted.astype("int64") * per_row
    return pd.DataFrame(record, index=index)


def _slices(table: Table) -> list[tuple]:
    """The (year, months, period) slices of a summary's figure columns."""
    found = []
    for c in table.columns:
        if c.is_figure and not c.is_percent:
            key = (c.year, c.months, c.period)
            if key not in found:
                found.append(key)
    return found or [(None, None, None)]


def _summary_records(table: Table, sub, index, base, year_col):
    import pandas as pd

    from kcbudget import reference as ref

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
                                     months, split and program is None, period)
            # a line of the sheet that holds no figure of this slice (the target row of
            # a years-as-columns sheet, in the slice of the years) is no record of it
            carries = record[[*AMOUNTS, "beneficiaries"]].notna().any(axis=1) | \
                (record[COUNTS] != 0).any(axis=1)
            out.append(record[carries.to_numpy()])
    return out


def _summary_record(table: Table, base, index, program, cols: list[Column], sub, year,
                    months, shared: bool, period=None):
    """One record per row of ``cols`` (the columns of one program and slice)."""
    import pandas as pd

    def of(key, phase=None):
        return _pick([c for c in cols if c.key == key], phase)

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
    record = pd.DataFrame({**base, "source": "summary", "program": program_values.to_numpy()},
                          index=index)
    record["year"] = year.to_numpy() if hasattr(year, "to_numpy") else year
    later = any(values[s].notna().any() for s in STAGES[1:])
    month_value = months if months is not None else (table.months if later else None)
    record["months"] = pd.array([month_value] * len(index), dtype="Int64")
    for stage in STAGES:
        record[stage] = values[stage]
    executed, planned = values["executed"], values["planned"]
    support = executed.where(executed.notna(), planned)
    for stage in ("disbursed", "settled", "accepted", "advanced", "allocated"):
        support = support.where(support.notna(), values[stage])
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
    years = record["year"].tolist()
    record["period"] = [f"{period[0]}-{period[1]}" if period is not None else period_of(y)
                        for y in years] if len(index) else []
    return record


def _shared_support(table: Table, sub, index, year, months):
    """The support of both programs in each row (for a column shared by both)."""
    import pandas as pd

    total = pd.Series(0, index=index, dtype="Int64")
    seen = False
    for keys in (("executed",), ("disbursed", "settled", "accepted", "advanced", "allocated"),
                 ("planned", "support", "amount")):
        for c in table.columns:
            if c.is_amount and c.key in keys and c.program in ("KCQG", "KCDP") and \
                    c.months == months:
                total = total + sub[c.id].astype("Int64").fillna(0)
                seen = True
        if seen:
            break
    return total if seen else pd.Series(pd.NA, index=index, dtype="Int64")


def records(tables: list[Table]):
    import pandas as pd

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


PHYSICAL_COLUMNS = ["file", "sheet", "row", "region", "province", "year", "period", "program",
                    "phase", "name", "unit", "value"]


def physical_records(tables: list[Table]):
    """Physical indicators (people trained, models, facilities, products, businesses):
    one record per figure of a count column that carries its own unit (the ĐVT of a
    years-as-columns sheet), đề án counts aside."""
    import pandas as pd

    from kcbudget import reference as ref

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
            period = [f"{column.period[0]}-{column.period[1]}" if column.period else
                      period_of(y) for y in years.tolist()]
            parts.append(pd.DataFrame({
                "file": table.file, "sheet": table.sheet,
                "row": [table.sheet_row(r, column) for r in rows],
                "region": province.region if province else None,
                "province": province.name if province else None,
                "year": years.to_numpy(), "period": period, "program": column.program,
                "phase": column.phase or table.phase, "name": _indicator_name(column.header),
                "unit": column.count_unit, "value": values[given].to_numpy(),
            }))
    if not parts:
        return pd.DataFrame(columns=PHYSICAL_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("Int64")
    out["value"] = out["value"].astype("Int64")
    return out[PHYSICAL_COLUMNS]


def _indicator_name(header: str) -> str:
    import re

    return re.sub(r"^\s*[-–+•*]\s*", "", str(header)).strip()
