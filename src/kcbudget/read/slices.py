"""Which money columns of a đề án list each record reads: the (year, months, period)
slices of its columns, the column chosen for each figure of one slice and program, and
the columns no record reads (KC118).  Shared by the records (engine/) and the checks."""

from __future__ import annotations

from typing import Any

from kcbudget.read.layout import STAGES, Column
from kcbudget.read.table import Table


def pick(columns: list[Column], phase: str | None = None) -> Column | None:
    """Of several columns of one measure, the one of ``phase`` (or of no phase)."""
    if not columns:
        return None
    for want in (phase, None):
        for c in columns:
            if c.phase == want:
                return c
    return columns[0]


def _sheet_phase(column: Column) -> bool:
    """The column's phase is the sheet's (the title's), not its own header's."""
    return column.key == "support" or any(r.means.startswith("phase=") for r in column.reasons)


def project_slices(table: Table) -> list[tuple[tuple[Any, ...], list[Column]]]:
    """The (year, months, period) slices of a đề án list and the money columns of each.

    Columns that name no year, months or period go with the slice of the sheet's year
    (or the one timed slice there is), else make a slice of their own.  A column whose
    phase is the title's and whose year is not the title's (``Kinh phí năm 2023`` in a
    2024 plan) is in no slice: the title does not say what it is (see
    :func:`project_columns_left_out`)."""
    found: dict[tuple[Any, ...], list[Column]] = {}
    for c in table.columns:
        if not c.is_amount:
            continue
        if table.year is not None and c.year is not None and c.year != table.year and \
                _sheet_phase(c):
            continue
        found.setdefault((c.year, c.months, c.period), []).append(c)
    untimed = found.pop((None, None, None), [])
    timed = list(found)
    target = next((k for k in timed if table.year is not None and k[0] == table.year
                   and k[1] is None), timed[0] if len(timed) == 1 else None)
    if target is not None:
        found[target] = found[target] + untimed
    elif untimed:
        found = {(None, None, None): untimed, **found}
    return list(found.items()) or [((None, None, None), [])]


def project_choice(table: Table, money: list[Column], tag: str | None
                    ) -> dict[str, Column | None]:
    """The column each figure of a record is read from, of the columns ``money`` of one
    slice and program: of several of one measure, the program's own, then one of no
    program, then the Tổng số of both; of one phase, the phase's."""
    rank = {tag: 0, None: 1, "ALL": 2}
    money = sorted(money, key=lambda c: rank.get(c.program, 3))

    def of(key: str, phase: str | None = None) -> Column | None:
        return pick([c for c in money if c.key == key], phase)

    cost_phase = table.phase if table.phase in STAGES else None
    return {"support": of("support"), **{stage: of(stage) for stage in STAGES},
            **{key: of(key, cost_phase) for key in ("total_cost", "counterpart",
                                                    "other_funds")}}


def project_columns_left_out(table: Table) -> list[Column]:
    """The money columns of a đề án list that no record reads: a second column of one
    measure, program and slice, or a column no slice holds."""
    used: set[str] = set()
    for _, money in project_slices(table):
        tags = sorted({c.program for c in money if c.program in ("KCQG", "KCDP")})
        if len(tags) < 2:
            choices = [project_choice(table, [c for c in money if c.program in
                                               (None, "ALL", tags[0] if tags else None)],
                                       tags[0] if tags else None)]
        else:
            choices = [project_choice(table, [c for c in money if c.program == t], t)
                       for t in tags]
            choices.append(project_choice(table, [c for c in money if c.program in
                                                   (None, "ALL")], None))
        used.update(c.id for choice in choices for c in choice.values() if c is not None)
    return [c for c in table.columns if c.is_amount and c.id not in used]
