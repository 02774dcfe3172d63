"""From tables to records: one long-form row per (input row, program), amounts in đồng.

A project sheet gives one record per đề án; a summary sheet one record per
line and program (``KCQG`` and ``KCDP`` columns, or a program column).  A
summary line that carries only a ``Tổng số`` figure, with no KCQG/KCĐP split,
gives one record whose program is missing: it counts in ``ALL`` only.
Subtotal and total rows are never records (they are checked, not summed).
"""

from __future__ import annotations

from kcbudget.read.table import Table

RECORD_COLUMNS = [
    "file", "sheet", "row", "source", "region", "province", "year", "program", "category",
    "category_group", "status", "project_id", "project_name", "planned", "executed",
    "support", "total_cost", "counterpart", "projects_planned", "projects_executed",
    "projects_accepted", "accepted",
]
AMOUNTS = ["planned", "executed", "support", "total_cost", "counterpart", "accepted"]
COUNTS = ["projects_planned", "projects_executed", "projects_accepted"]


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


def _program_from_sections(table: Table):
    """Program named by section rows (``I. KHUYẾN CÔNG QUỐC GIA``), carried down."""
    import pandas as pd

    from kcbudget.reference import match_program

    labels = table.label.where(table.kind != "data")
    found = _map(labels, match_program)
    # a section row that names no program ends the previous section only at its level
    return pd.Series(found, index=table.frame.index, dtype=object).ffill()


def table_records(table: Table):
    """The records of one table, as a pandas DataFrame with :data:`RECORD_COLUMNS`."""
    import pandas as pd

    from kcbudget import reference as ref

    frame = table.frame
    data = (table.kind == "data").to_numpy()
    sub = frame.loc[data]
    index = sub.index
    n = len(sub)

    def col(key):
        return sub[key] if key in sub else pd.Series([None] * n, index=index, dtype=object)

    def amount(key):
        if key in sub:
            return sub[key].astype("Int64")
        return pd.Series(pd.NA, index=index, dtype="Int64")

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
    base = {
        "file": table.file, "sheet": table.sheet, "row": index.to_numpy(),
        "region": region.to_numpy(), "province": province.to_numpy(),
        "year": year.to_numpy(), "category": category.to_numpy(),
        "category_group": group.astype("Int64").to_numpy() if len(group) else group,
        "status": status.to_numpy(), "project_id": col("project_id").to_numpy(),
        "project_name": col("project_name").to_numpy(),
    }
    parts = []
    if table.shape == "project":
        program = _map(col("program"), ref.match_program)
        if program.isna().any():
            program = program.where(program.notna(), _program_from_sections(table).loc[index])
        support = amount("support")
        planned = amount("planned")
        executed = amount("executed")
        if "support" in sub and table.phase == "planned" and "planned" not in sub:
            planned = support
        if "support" in sub and table.phase == "executed" and "executed" not in sub:
            executed = support
        if "support" not in sub:
            support = executed.where(executed.notna(), planned)
        accepted_mask = status == "accepted"
        record = pd.DataFrame({**base, "source": "project", "program": program.to_numpy()},
                              index=index)
        record["planned"] = planned
        record["executed"] = executed
        record["support"] = support
        record["total_cost"] = amount("total_cost")
        record["counterpart"] = amount("counterpart")
        record["projects_planned"] = planned.notna().astype("int64")
        record["projects_executed"] = (executed.fillna(0) > 0).astype("int64")
        record["projects_accepted"] = accepted_mask.astype("int64")
        record["accepted"] = executed.where(accepted_mask.to_numpy(), pd.NA).astype("Int64")
        parts.append(record)
    else:
        programs = sorted({c.program for c in table.columns if c.program in ("KCQG", "KCDP")})
        if "program" in sub or not programs:
            if "program" in sub:
                program = _map(sub["program"], ref.match_program)
            else:
                program = pd.Series(None, index=index, dtype=object)
            suffix = "" if "program" in sub or not any(c.program == "ALL" for c in
                                                       table.columns) else ".ALL"
            parts.append(_summary_record(base, index, program, sub, suffix, table))
        else:
            for p in programs:
                program = pd.Series(p, index=index, dtype=object)
                parts.append(_summary_record(base, index, program, sub, f".{p}", table))
    if not parts:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out[RECORD_COLUMNS]


def _summary_record(base, index, program, sub, suffix, table):
    import pandas as pd

    def amount(key):
        for name in (key + suffix, key):
            if name in sub:
                return sub[name].astype("Int64")
        return pd.Series(pd.NA, index=index, dtype="Int64")

    planned, executed = amount("planned"), amount("executed")
    if table.phase in ("planned", "executed"):
        for name in ("support" + suffix, "support"):
            if name in sub:
                if table.phase == "planned" and planned.isna().all():
                    planned = sub[name].astype("Int64")
                if table.phase == "executed" and executed.isna().all():
                    executed = sub[name].astype("Int64")
    projects = amount("projects")
    record = pd.DataFrame({**base, "source": "summary", "program": program.to_numpy()},
                          index=index)
    record["planned"] = planned
    record["executed"] = executed
    record["support"] = executed.where(executed.notna(), planned)
    record["total_cost"] = amount("total_cost")
    record["counterpart"] = amount("counterpart")
    record["projects_planned"] = projects.fillna(0).astype("int64") if planned.notna().any() \
        else 0
    record["projects_executed"] = projects.fillna(0).astype("int64") if not planned.notna(
    ).any() else 0
    record["projects_accepted"] = 0
    record["accepted"] = pd.Series(pd.NA, index=index, dtype="Int64")
    return record


def records(tables: list[Table]):
    import pandas as pd

    frames = [table_records(t) for t in tables]
    frames = [f for f in frames if len(f)]
    if not frames:
        empty = pd.DataFrame(columns=RECORD_COLUMNS)
        for c in AMOUNTS:
            empty[c] = empty[c].astype("Int64")
        for c in COUNTS:
            empty[c] = empty[c].astype("int64")
        return empty
    out = pd.concat(frames, ignore_index=True)
    for c in AMOUNTS:
        out[c] = out[c].astype("Int64")
    for c in COUNTS:
        out[c] = out[c].astype("int64")
    out["year"] = out["year"].astype("Int64")
    return out
