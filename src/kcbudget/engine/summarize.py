"""``summarize``: roll records up by region, province, year, category, status, split
by program (KCQG, KCDP, ALL), with shares, attainment and budget credibility
indicators.  Integers all the way; percentages rounded half-up at the end."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget import reference as ref
from kcbudget.checks.validate import check_books, read_in_batches
from kcbudget.engine.records import (
    RECORD_COLUMNS,
    RecordParts,
    join_physical,
    join_records,
    physical_parts,
    record_parts,
)
from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.model.results import Indicators, PhysicalLine, Scope, SummaryLine, SummaryResult
from kcbudget.figures import round_pct
from kcbudget.read.layout import STAGES
from kcbudget.read.table import ReadOptions, frame_array, int_values
from kcbudget.read.workbook import Workbook

GROUP_KEYS = ("region", "province", "year", "period", "category", "category_group", "status")
LATER = ("allocated", "advanced", "executed", "accepted", "disbursed", "settled")
PROGRAMS = ("KCQG", "KCDP", "ALL")


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    province: str | None = None
    year: str | int | None = None
    program: str | None = None
    as_of: int | None = None


def parse_years(value: str | int | None) -> tuple[int, int] | None:
    """``2022`` → (2022, 2022); ``2021-2025`` → (2021, 2025)."""
    if value is None or value == "":
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4}))?\s*", str(value))
    if not match:
        raise KcbudgetError("bad_year", value=value)
    lo = int(match.group(1))
    hi = int(match.group(2) or lo)
    if hi < lo:
        raise KcbudgetError("year_range_backwards", value=value)
    return lo, hi


def parse_group_by(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    keys = [k.strip() for k in items if k.strip()]
    for key in keys:
        if key not in GROUP_KEYS:
            raise KcbudgetError("unknown_group_key", key=key, choices=", ".join(GROUP_KEYS))
    return list(dict.fromkeys(keys))


def pct(numerator: int, denominator: int) -> float | None:

    value = round_pct(int(numerator), int(denominator))
    return float(value) if value is not None else None


def apply_as_of(recs: pd.DataFrame, as_of: int | None) -> pd.DataFrame:
    """``as_of >= 2025``: provinces become the 34 units of 2025-07-01, with their regions."""
    if not as_of or as_of < 2025 or not len(recs):
        return recs

    cache: dict[str, Any] = {}

    def unit(name: Any) -> Any:
        if name is None or name != name:
            return None
        if name not in cache:
            found = ref.match_province(name)
            cache[name] = ref.successor(found) if found is not None else None
        return cache[name]

    units = recs["province"].map(unit)
    recs = recs.copy()
    recs["province"] = units.map(lambda u: u.name if u is not None else None).where(
        units.notna(), recs["province"])
    recs["region"] = units.map(lambda u: u.region if u is not None else None).where(
        units.notna(), recs["region"])
    return recs


def filter_records(recs: pd.DataFrame, filters: Filters, programs: bool = True) -> pd.DataFrame:

    mask = None

    def both(m: pd.Series) -> None:
        nonlocal mask
        mask = m if mask is None else (mask & m)

    if filters.region:
        slug = ref.match_region(filters.region)
        if slug is None:
            raise KcbudgetError("unknown_region", value=filters.region)
        both(recs["region"] == slug)
    if filters.province:
        found = ref.match_province(filters.province, as_of=filters.as_of)
        if found is None:
            guess = ref.suggest_province(filters.province)
            raise KcbudgetError("unknown_province_guess" if guess else "unknown_province",
                                value=filters.province, guess=guess)
        merged = bool(filters.as_of and filters.as_of >= 2025)
        if found.era == "new" and not merged:
            names = {p.name for p in ref.predecessors(found)} | {found.name}
            both(recs["province"].isin(names))
        elif found.era == "old" and merged:
            both(recs["province"] == ref.successor(found).name)  # Bình Định → Gia Lai
        else:
            both(recs["province"] == found.name)
    years = parse_years(filters.year)
    if years:
        year = recs["year"]
        both(year.notna() & (year >= years[0]) & (year <= years[1]))
    if filters.program and programs:
        program = ref.match_program(filters.program)
        if program is None:
            raise KcbudgetError("unknown_program", value=filters.program)
        both(recs["program"] == getattr(program, "value", program))
    if mask is None:
        return recs
    return recs[mask.fillna(False).astype(bool)]


def _values(frame: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(int64 values, given mask) of an amount or count column, for :func:`_sums`,
    which reads a value only where it is given: a whole-number column's own values,
    not a copy (about 40 of them, of 16 MB each at 2 000 000 records), whatever it
    holds where a value is missing."""
    array = frame_array(frame, name)  # (from the frame's blocks: no Series made)
    data = getattr(array, "_data", None)  # (pandas' masked arrays: values and mask)
    mask = getattr(array, "_mask", None)
    if isinstance(data, np.ndarray) and data.dtype == np.int64 and isinstance(mask, np.ndarray):
        return data, ~mask
    return int_values(frame[name])


_STACKED = 1 << 20  # the entries of the amounts _sums adds up in one pass


def _sums(frame: pd.DataFrame, keys: list[str],
          amounts: dict[str, tuple[np.ndarray, np.ndarray]] | None = None
          ) -> dict[Any, dict[str, Any]]:
    """Sums per group: group key (a tuple for several keys) → {column: int or None},
    groups in the order they first appear; an amount missing everywhere in a group
    stays missing (None).  Exact int64 sums with numpy over group codes: no Python per
    group, and none of a grouped frame's fixed cost, which is most of the work on the
    small files that most files are.  ``amounts``: :func:`_amounts` of ``frame``, when
    the caller sums the same frame by several keys."""

    labels: list[Any]
    if not keys:
        codes, labels = np.zeros(len(frame), dtype=np.intp), [0]
    else:
        parts = [pd.factorize(frame[k], use_na_sentinel=False) for k in keys]
        codes = np.zeros(len(frame), dtype=np.int64)
        for key_codes, uniques in parts:  # relabelled at each step: never overflows
            codes = pd.factorize(codes * len(uniques) + key_codes)[0]
        # groups are numbered in the order they first appear; the key values of each
        # group come from its first row
        _, first_row = np.unique(codes, return_index=True)
        columns = [np.asarray(uniques, dtype=object)[key_codes[first_row]]
                   for key_codes, uniques in parts]
        labels = list(zip(*columns)) if len(keys) > 1 else list(columns[0])
    groups = len(labels)
    if amounts is None:
        amounts = _amounts(frame)
    # the amounts summed a few at a time: in one pass (slot a·groups + code of each
    # amount's given rows) where the rows are few, one amount at a time where they are
    # many, so that no array is larger than about a million entries
    names = list(amounts)
    step = max(1, _STACKED // max(len(frame), 1))
    out: dict[str, list[Any]] = {}
    for start in range(0, len(names), step):
        part = names[start:start + step]
        values = np.stack([amounts[name][0] for name in part])
        given = np.stack([amounts[name][1] for name in part])
        slot = np.arange(len(part), dtype=np.int64)[:, None] * groups + codes[None, :]
        total = np.zeros(len(part) * groups, dtype=np.int64)
        np.add.at(total, slot[given], values[given])
        seen = np.bincount(slot[given], minlength=len(part) * groups)
        for a, name in enumerate(part):
            row = slice(a * groups, (a + 1) * groups)
            if name.startswith("projects_"):  # counts: 0 where nothing is counted
                out[name] = total[row].tolist()
            else:
                out[name] = [int(t) if n else None for t, n in
                             zip(total[row].tolist(), seen[row].tolist())]
    names = list(out)
    return {label: dict(zip(names, row)) for label, row in zip(labels, zip(*out.values()))}


def _amounts(frame: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What :func:`_sums` adds up: name → (int64 values, the rows that give one)."""
    planned, planned_given = _values(frame, "planned")
    total_cost, cost_given = _values(frame, "total_cost")
    counterpart, counterpart_given = _values(frame, "counterpart")
    other, other_given = _values(frame, "other_funds")
    support, support_given = _values(frame, "support")
    beneficiaries, beneficiaries_given = _values(frame, "beneficiaries")
    # total cost and counterpart belong to one phase: the plan's figures where the
    # group has them, else the execution's; never the two added together
    planned_side = planned_given
    cp_given = support_given & counterpart_given
    tc_given = support_given & cost_given
    bn_given = support_given & beneficiaries_given
    amounts = {"planned": (planned, planned_given)}
    for stage in LATER:
        amounts[stage] = _values(frame, stage)
    for side, mask in (("_p", planned_side), ("_e", ~planned_side)):
        amounts["total_cost" + side] = (total_cost, cost_given & mask)
        amounts["counterpart" + side] = (counterpart, counterpart_given & mask)
        amounts["other_funds" + side] = (other, other_given & mask)
        amounts["support_cp" + side] = (support, cp_given & mask)
        amounts["support_tc" + side] = (support, tc_given & mask)
        amounts["cost_tc" + side] = (total_cost, tc_given & mask)
        amounts["beneficiaries" + side] = (beneficiaries, beneficiaries_given & mask)
        amounts["support_bn" + side] = (support, bn_given & mask)
    # the plan side's cost figures that come from records with an execution too (one
    # row giving both): then the plan side is no plan of its own
    amounts["cost_with_execution_p"] = (np.ones(len(frame), dtype=np.int64),
                                        planned_side & (cost_given | counterpart_given
                                                        | beneficiaries_given)
                                        & amounts["executed"][1])
    # support per beneficiary of one stage, to go with the support per đề án of that stage
    executed, executed_given = amounts["executed"]
    for stage, (values, given) in (("planned", (planned, planned_given)),
                                   ("executed", (executed, executed_given))):
        both = given & beneficiaries_given
        amounts["stage_bn_money_" + stage] = (values, both)
        amounts["stage_bn_count_" + stage] = (beneficiaries, both)
    every = np.ones(len(frame), dtype=bool)
    for name in [f"projects_{stage}" for stage in ("planned", *LATER)]:
        amounts[name] = (_values(frame, name)[0], every)
    return amounts


def _int_or_none(value: Any) -> int | None:

    if value is None or type(value) is int:  # what _sums gives: no pandas call
        return value
    if pd.isna(value):
        return None
    return int(value)


def summarize_records(recs: pd.DataFrame, group_by: list[str]) -> list[SummaryLine]:
    """Lines per group and program.  Figures of a part of the year (``months``: the
    first 7 months) are never added to whole-year figures: a group whose later-stage
    figures cover different months gets one line per months value, each with the
    group's plan as its base."""

    if not len(recs):
        return []
    recs = recs.copy(deep=False)  # (columns are replaced below, never written into)
    recs["_program"] = recs["program"].where(recs["program"].notna(), "_UNSPLIT")
    for key in group_by:  # a missing key is a group of its own, still split by program
        recs[key] = recs[key].astype(object).where(recs[key].notna(), _NONE)
    assigned = assigned_months(recs, group_by)
    found = sorted(set(assigned.tolist()))
    if len(found) == 1:
        return _lines(recs, group_by, found[0] or None)
    out: list[tuple[list[tuple[bool, str]], int, SummaryLine]] = []
    for m in sorted(set(assigned.tolist())):
        for line in _lines(recs[assigned == m], group_by, m or None):
            out.append((_sort_key(tuple(line.group.get(k) for k in group_by)), m, line))
    out.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, line in out]


def assigned_months(recs: pd.DataFrame, group_by: list[str]) -> np.ndarray:
    """The months value of the line each record goes into (0: a whole year, or a plan
    with no later figures to go with).  A record with later-stage figures keeps its
    own; a plan goes with the later figures of its own group and year when they cover
    one months value (the plan of 2022 is the base of 2022's 7-month figures), else
    into a line of its own."""
    later = np.zeros(len(recs), dtype=bool)
    for stage in LATER:  # (each column's array from the frame's blocks: no Series made)
        later |= ~np.asarray(pd.isna(frame_array(recs, stage)), dtype=bool)
    if not later.any():
        return np.zeros(len(recs), dtype=np.int64)
    months = recs["months"].astype("Int64").fillna(0).to_numpy(dtype=np.int64)
    found = sorted(set(months[later].tolist()))
    if len(found) == 1:
        return np.full(len(recs), found[0], dtype=np.int64)
    keys = [*group_by, *([] if "year" in group_by else ["year"])]
    frame = recs[keys].astype(object).where(recs[keys].notna(), _NONE)
    frame["_m"] = months
    seen = frame[later].drop_duplicates()
    per_key: dict[tuple[Any, ...], Any] = {}
    for row in seen.itertuples(index=False):  # one per distinct group, year and months
        group_key, m = tuple(row[:-1]), row[-1]
        per_key[group_key] = m if per_key.get(group_key, m) == m else 0
    assigned: np.ndarray = np.array(months, dtype=np.int64)
    plan_rows = np.flatnonzero(~later)
    if len(plan_rows):
        plan_keys = frame.iloc[plan_rows][keys].itertuples(index=False, name=None)
        assigned[plan_rows] = [per_key.get(tuple(k), 0) for k in plan_keys]
    return assigned


def _group_key(recs: pd.DataFrame, i: int, group_by: list[str]) -> tuple[Any, ...]:
    return tuple(_clean_key(recs[k].iat[i]) for k in group_by)


def _lines(recs: pd.DataFrame, group_by: list[str], months: int | None) -> list[SummaryLine]:
    lines: list[SummaryLine] = []
    amounts = _amounts(recs)
    by_program = _sums(recs, [*group_by, "_program"], amounts)
    totals = _sums(recs, group_by, amounts)

    def key_values(key: object) -> dict[str, Any]:
        if not group_by:
            return {}
        key = key if isinstance(key, tuple) else (key,)
        return {k: _clean_key(v) for k, v in zip(group_by, key)}

    ordered = sorted(totals, key=lambda k: _sort_key(k if isinstance(k, tuple) else (k,)))
    for key in ordered:
        total = totals[key]
        group = key_values(key)
        for program in PROGRAMS:
            row: dict[str, Any] | None
            if program == "ALL":
                row = total
            else:
                lookup = (*(key if isinstance(key, tuple) else (key,)), program) \
                    if group_by else program
                row = by_program.get(lookup)
            lines.append(_line(group, program, row, total, months))
    return lines


def _line(group: dict[str, Any], program: str, row: dict[str, Any] | None,
          total: dict[str, Any], months: int | None = None) -> SummaryLine:
    def get(name: str, source: dict[str, Any] | None) -> int | None:
        return _int_or_none(source[name]) if source is not None else None

    planned_given, executed_given = get("planned", row), get("executed", row)
    planned = planned_given or 0
    executed = executed_given or 0
    all_planned = get("planned", total) or 0
    all_executed = get("executed", total) or 0
    side = "_p" if get("total_cost_p", row) is not None or get("counterpart_p", row) \
        is not None else "_e"
    total_cost = get("total_cost" + side, row)
    counterpart = get("counterpart" + side, row)
    support_cp = get("support_cp" + side, row)
    support_tc, cost_tc = get("support_tc" + side, row), get("cost_tc" + side, row)
    beneficiaries = get("beneficiaries" + side, row)
    support_bn = get("support_bn" + side, row)
    stage = {name: get(name, row) for name in LATER}

    def rate(value: int | None) -> float | None:
        return pct(value, planned) if value is not None and planned_given is not None else None

    # support per đề án: the money of the stage the line counts (executed, else the plan)
    counted = get("projects_executed", row) or 0
    money, average_stage = executed, "executed"
    if not counted or not executed_given:
        counted, money = get("projects_planned", row) or 0, planned
        average_stage = "planned"
    # support per beneficiary: of the same stage as per đề án where the rows of that stage
    # give beneficiaries, else as the line's other figures (total cost, counterpart)
    stage_money = get("stage_bn_money_" + average_stage, row)
    stage_count = get("stage_bn_count_" + average_stage, row)
    beneficiaries_bn = beneficiaries
    if stage_money is not None and stage_count:
        support_bn, beneficiaries_bn = stage_money, stage_count
    return SummaryLine(
        group=group, program=program, planned=planned, executed=executed,
        # attainment only where the group has both a plan and an execution
        attainment_pct=pct(executed, planned) if executed_given is not None and
        planned_given is not None else None,
        share_planned_pct=pct(planned, all_planned),
        share_executed_pct=pct(executed, all_executed),
        projects_planned=get("projects_planned", row) or 0,
        projects_executed=get("projects_executed", row) or 0,
        projects_accepted=get("projects_accepted", row) or 0,
        accepted=stage["accepted"], accepted_pct=pct(stage["accepted"], planned)
        if stage["accepted"] is not None else None,
        total_cost=total_cost, counterpart=counterpart,
        leverage=(ratio_half_up(int(counterpart), int(support_cp))
                  if counterpart is not None and support_cp else None),
        # a line with no figure at all (a program the sheet does not split) covers no months
        months=months if _has_figures(row) else None,
        allocated=stage["allocated"], allocated_pct=rate(stage["allocated"]),
        advanced=stage["advanced"], advanced_pct=rate(stage["advanced"]),
        disbursed=stage["disbursed"], disbursed_pct=rate(stage["disbursed"]),
        settled=stage["settled"], settled_pct=rate(stage["settled"]),
        beneficiaries=beneficiaries, other_funds=get("other_funds" + side, row),
        support_cost_pct=pct(support_tc, cost_tc) if support_tc is not None and cost_tc
        else None,
        support_per_project=_per(money, counted) if money else None,
        support_per_beneficiary=_per(support_bn, beneficiaries_bn)
        if support_bn is not None and beneficiaries_bn else None,
        cost_phase="planned" if side == "_p" and not get("cost_with_execution_p", row)
        else None,
    )


def _has_figures(row: dict[str, Any] | None) -> bool:
    return row is not None and any(v not in (None, 0) for v in row.values())


def _per(amount: int | None, count: int | None) -> int | None:
    """``amount ÷ count`` in whole đồng, half up."""
    if not count or amount is None:
        return None
    quotient, rest = divmod(int(amount), int(count))
    return quotient + (1 if rest * 2 >= int(count) else 0)


_NONE = "\x00none"


def _clean_key(value: object) -> Any:

    if isinstance(value, str) and value == _NONE:
        return None
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _sort_key(key: tuple[Any, ...]) -> list[tuple[bool, str]]:
    out = []
    for value in key:
        value = _clean_key(value)
        out.append((value is None, str(value) if not isinstance(value, int) else f"{value:08d}"))
    return out


def whole_years(recs: pd.DataFrame) -> pd.DataFrame:
    """The records of whole years: figures to date (``months``) and the plans of the
    years they cover left out, so that an outturn is never a part of a year over its
    whole plan; and the targets of a programme period (a plan of no year, as a
    ``Kế hoạch giai đoạn`` column gives), which are no year's budget."""
    if len(recs) and "period" in recs:
        recs = recs[~(recs["year"].isna() & recs["period"].notna())]
    if not len(recs) or "months" not in recs or not recs["months"].notna().any():
        return recs
    partial = recs["months"].notna()
    years = set(recs.loc[partial, "year"].dropna().tolist())
    return recs[~partial & ~recs["year"].isin(years)]


def indicators(recs: pd.DataFrame, group_by: list[str]) -> Indicators:
    """PI-1 aggregate outturn and PI-2 composition variance (docs/indicators.md), over
    whole years only (:func:`whole_years`)."""
    recs = whole_years(recs)
    if not len(recs):
        return Indicators(aggregate_outturn_pct=None, composition_variance_pct=None,
                          composition_by=None, lines=0)
    planned_total = int(recs["planned"].fillna(0).sum())
    executed_total = int(recs["executed"].fillna(0).sum())
    if not (recs["planned"].notna().any() and recs["executed"].notna().any()):
        return Indicators(aggregate_outturn_pct=None, composition_variance_pct=None,
                          composition_by=None, lines=0)
    by = next((k for k in group_by if k not in ("year", "status")), None)
    if by is None:
        for candidate in ("province", "region", "category"):
            if recs[candidate].notna().any() and recs[candidate].nunique() > 1:
                by = candidate
                break
    variance = None
    lines = 0
    if by is not None and planned_total and executed_total and recs[by].nunique() > 1:
        grouped = recs.groupby(by, dropna=False)[["planned", "executed"]].sum(min_count=1)
        grouped = grouped.fillna(0)
        lines = len(grouped)
        deviation = sum(abs(int(e) * planned_total - int(p) * executed_total)
                        for p, e in zip(grouped["planned"], grouped["executed"]))
        variance = pct_fraction(Fraction(deviation, planned_total * executed_total))
    return Indicators(aggregate_outturn_pct=pct(executed_total, planned_total),
                      composition_variance_pct=variance, composition_by=by, lines=lines)


def _codes(values: Any) -> np.ndarray:
    """An integer code per value (missing values one code of their own)."""
    codes: np.ndarray = pd.factorize(values, use_na_sentinel=False)[0].astype(np.int64)
    return codes


def _in_several_files(recs: pd.DataFrame, place: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The records among ``rows`` whose place, year and program (a missing program as
    ``ALL``) are given by more than one file: numpy over integer codes, no groupby."""
    out = np.zeros(len(recs), dtype=bool)
    if not rows.any():
        return out
    program = recs["program"].to_numpy(dtype=object)[rows]
    program = np.where(pd.isna(program), "ALL", program)
    key = np.zeros(int(rows.sum()), dtype=np.int64)
    for codes in (_codes(place)[rows], _codes(recs["year"])[rows], _codes(program)):
        key = _codes(key * (int(codes.max()) + 1) + codes)  # relabelled: never overflows
    files = _codes(recs["file"])[rows]
    pairs = np.unique(key * (int(files.max()) + 1) + files)
    several = np.bincount(pairs // (int(files.max()) + 1), minlength=int(key.max()) + 1) > 1
    out[rows] = several[key]
    return out


def overlaps(recs: pd.DataFrame, limit: int = 20) -> list[Diagnostic]:
    """The same place, year and program with figures of one phase from several files."""
    out: list[Diagnostic] = []
    if not len(recs) or recs["file"].nunique() < 2:
        return out
    place = recs["province"].where(recs["province"].notna(), recs["region"])
    for phase in ("planned", "executed"):
        has = recs[phase].notna() & place.notna()
        if not has.any():
            continue
        rows = has.to_numpy() & _in_several_files(recs, place, has.to_numpy())
        if not rows.any():
            continue
        # only the rows of a place, year and program that several files give: the
        # groups below, in the order they come, are those that would be said
        frame = recs.loc[rows, ["file", "year", "program"]].assign(place=place[rows])
        frame["program"] = frame["program"].fillna("ALL")
        frame["year"] = frame["year"].astype(object).where(frame["year"].notna(), "—")
        files = frame.groupby(["place", "year", "program"], dropna=False)["file"].unique()
        for (where, year, program), found in files.items():
            if len(found) < 2:
                continue
            out.append(diagnose("KC310", place=where, year=year,
                                program=program, phase=phase, count=len(found),
                                files=", ".join(os.path.basename(f) for f in found)))
            if len(out) >= limit:
                return out
    return out


def sheet_overlaps(recs: pd.DataFrame, limit: int = 20) -> list[Diagnostic]:
    """KC316: a summary sheet and other sheets of the same file give figures of one stage
    for the same place, year and program (a ``Tổng hợp`` sheet over the file's đề án
    lists): the totals add both, so they are said, with each side's amount."""
    out: list[Diagnostic] = []
    if not len(recs) or not (recs["source"] == "summary").any():
        return out
    # only the files with a summary sheet and another sheet can repeat themselves
    sheets = recs[["file", "sheet", "source"]].drop_duplicates()
    several = sheets["file"].value_counts()
    with_summary = set(sheets.loc[sheets["source"] == "summary", "file"])
    files = [f for f in several.index[several.to_numpy() > 1] if f in with_summary]
    if not files:
        return out
    # the months of the total's line each record goes into: figures of different months
    # are never added together, a plan goes with the months of its year's figures
    line_months = pd.Series(assigned_months(recs, []), index=recs.index)
    keep = recs["file"].isin(files).to_numpy()
    recs, line_months = recs[keep], line_months[keep]
    place = recs["province"].where(recs["province"].notna(), recs["region"])
    place = place.astype(object).where(place.notna(), "—")
    for phase in STAGES:
        has = recs[phase].notna().to_numpy()
        if not has.any():
            continue
        frame = recs.loc[has, ["file", "sheet", "source", "year", "program", phase]]
        frame = frame.assign(place=place[has], summary=(frame["source"] == "summary"),
                             months=line_months[has])
        frame["program"] = frame["program"].fillna("ALL")
        frame["year"] = frame["year"].astype(object).where(frame["year"].notna(), "—")
        keys = ["file", "place", "year", "months", "program"]
        if not _summary_shares_keys(frame, keys):
            continue
        # the few groups with a summary sheet among several sheets, found in one pass
        kinds = frame.groupby(keys, sort=True, dropna=False).agg(
            sheets=("sheet", "nunique"), summary=("summary", "any"))
        flagged = kinds[(kinds["sheets"] > 1) & kinds["summary"]]
        if flagged.empty:
            continue
        frame = frame.merge(flagged.index.to_frame(index=False), on=keys)
        for (file, where, year, _, program), group in frame.groupby(keys, sort=True,
                                                                    dropna=False):
            summary = group[group["summary"]]
            first = str(summary["sheet"].iloc[0])
            others = group[group["sheet"] != first]
            names = ", ".join(f"'{name}'" for name in dict.fromkeys(others["sheet"].astype(str)))
            out.append(diagnose(
                "KC316", file=str(file), sheet=first, place=where, year=year, program=program,
                phase=phase, summary_sheet=first,
                summary=int(summary.loc[summary["sheet"] == first, phase].sum()),
                sheets=names, others=int(others[phase].sum())))
            if len(out) >= limit:
                return out
    return out


def _summary_shares_keys(frame: pd.DataFrame, keys: list[str]) -> bool:
    """Whether a summary row shares its ``keys`` with another row: a group with a summary
    sheet among several sheets has one, so without one there is no such group (one hash
    pass, where the groupby that finds the groups costs a few milliseconds a stage)."""
    shared = frame.duplicated(keys, keep=False).to_numpy(dtype=bool)
    summary = frame["summary"].fillna(False).to_numpy(dtype=bool)  # (a source missing: no)
    return bool((shared & summary).any())


def ratio_half_up(numerator: int, denominator: int) -> float:
    """``numerator ÷ denominator`` rounded half-up to 2 places from the integers, as
    Excel's ROUND does (2100 ÷ 800 = 2,625 → 2,63; Python's round() would give 2,62)."""

    return float((Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP))


def pct_fraction(value: Fraction) -> float:

    exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def summarize(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
              by: str | Iterable[str] | None = None,
              region: str | None = None, province: str | None = None, year: str | int | None = None,
              program: str | None = None, as_of: int | None = None,
              options: ReadOptions | None = None) -> SummaryResult:
    """Read the files, check what they state, and roll them up."""

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    opts = options or ReadOptions()
    group_by = parse_group_by(by)
    filters = Filters(region=region, province=province, year=year, program=program,
                      as_of=as_of)
    parse_years(year)  # usage errors before any reading
    made: list[RecordParts] = []  # each file's records, its tables let go once made
    physical_made: list[pd.DataFrame] = []
    read_tables = False
    diagnostics: list[Diagnostic] = []
    files: list[str] = []
    seen = set()
    unique = []
    for path in paths:
        key = os.path.realpath(path)
        if key in seen:
            diagnostics.append(diagnose("KC112", file=str(path)))
            continue
        seen.add(key)
        unique.append(path)

    for batch in read_in_batches(unique, opts):
        # the tables of the files of a batch checked together (up to a file that fails)
        stop = next((i for i, (_, book) in enumerate(batch) if isinstance(book, Exception)),
                    len(batch))
        books = [book for _, book in batch[:stop] if isinstance(book, Workbook)]
        diagnostics.extend(_batch_records(books, files, made, physical_made))
        read_tables = read_tables or any(book.tables for book in books)
        if stop < len(batch):
            failed = batch[stop][1]
            assert isinstance(failed, Exception)
            raise failed
        # (a batch's tables go before the next batch is read: its records are kept)
        del batch, books
    recs = apply_as_of(join_records(made, SUMMARY_COLUMNS), as_of)
    del made
    recs = filter_records(recs, filters)
    diagnostics.extend(overlaps(recs))
    diagnostics.extend(sheet_overlaps(recs))
    if not len(recs) and read_tables:
        shown = ", ".join(f"--{k.replace('_', '-')} {v}" for k, v in
                          (("region", region), ("province", province), ("year", year),
                           ("program", program)) if v) or "—"
        diagnostics.append(diagnose("KC114", filters=shown))
    diagnostics.sort(key=Diagnostic.sort_key)
    physical = filter_records(apply_as_of(join_physical(physical_made), as_of), filters,
                              programs=False)
    return SummaryResult(group_by=group_by, rows=summarize_records(recs, group_by),
                         totals=summarize_records(recs, []),
                         indicators=indicators(recs, group_by), diagnostics=diagnostics,
                         files=files, scope=scope_of(recs, filters),
                         physical=physical_lines(physical, group_by),
                         accepted_of_planned=_accepted_of_planned(recs),
                         places_by_year=_places_by_year(recs))


# the record columns a summary reads: a đề án's name is in none of its figures, and at a
# million rows it is the most of what a file's records hold while the next is read
SUMMARY_COLUMNS = [c for c in RECORD_COLUMNS if c != "project_name"]


def _batch_records(books: list[Workbook], files: list[str], made: list[RecordParts],
                   physical_made: list[pd.DataFrame]) -> list[Diagnostic]:
    """The findings of ``books``, their tables checked together; each book's name
    appended to ``files`` and its records as :func:`_book_records` appends them."""
    found = []
    for book, checked in zip(books, check_books(books)):
        files.append(book.file)
        found.extend(_book_records(book, checked, made, physical_made))
    return found


def _book_records(book: Workbook, checked: list[list[Diagnostic]], made: list[RecordParts],
                  physical_made: list[pd.DataFrame]) -> list[Diagnostic]:
    """A workbook's findings (read, and ``checked``: each table's, from
    :func:`~kcbudget.checks.validate.check_books`), its records and physical records
    appended to ``made`` and ``physical_made``.  In a frame of its own, so that no
    name of ``summarize`` holds the tables (a snapshot of a frame's names taken by a
    model built on first use outlives them on Python before 3.13)."""
    found = list(book.diagnostics)
    for table, its in zip(book.tables, checked):
        found.extend(its)
        table.drop_cells()  # the checks were the last to read them
    made.append(record_parts(book.tables, SUMMARY_COLUMNS, pack=True))
    physical_made.extend(physical_parts(book.tables))
    return found


def _places_by_year(recs: pd.DataFrame) -> dict[int, tuple[list[str], list[str]]]:
    """Each year's provinces and regions, as :func:`scope_of` gives the whole's."""
    if not len(recs) or "year" not in recs:
        return {}
    out: dict[int, tuple[list[str], list[str]]] = {}
    years = recs["year"]
    places = recs[["province", "region"]]  # (a year's rows of these only, not every column)
    for year in sorted({int(y) for y in years.dropna().unique().tolist()}):
        of_year = places[(years == year).fillna(False).to_numpy()]
        out[year] = (sorted(str(v) for v in of_year["province"].dropna().unique().tolist()),
                     sorted(str(v) for v in of_year["region"].dropna().unique().tolist()))
    return out


def _accepted_of_planned(recs: pd.DataFrame) -> bool:
    """Whether the accepted đề án are among the planned ones, so that "11/35" is 11 of
    those 35: counted in the same files (a summary sheet's two columns), or, from a
    plan list and an actual list, every accepted đề án's code is in the plan under the
    same program.  Not when one was accepted outside the plan, or under the other
    program, or has no code to tell."""
    if not len(recs):
        return True
    planned = (recs["projects_planned"] > 0).to_numpy()
    accepted = (recs["projects_accepted"] > 0).to_numpy()
    if not planned.any() or not accepted.any():
        return True
    files = _text_codes(recs["file"])
    if np.isin(files[accepted], files[planned]).all():
        return True
    if recs["project_id"][accepted].isna().any():
        return False
    # (project code, program) of every accepted đề án among the planned ones', each
    # compared as its text (as str() gives it), by codes of the distinct texts
    ids, programs = _text_codes(recs["project_id"]), _text_codes(recs["program"])
    keys = ids * (int(programs.max()) + 1) + programs
    return bool(np.isin(keys[accepted], keys[planned]).all())


def _text_codes(column: pd.Series) -> np.ndarray:
    """A code per row of ``column``, equal where ``astype(str)`` gives equal values (a
    missing value stays missing there: code 0, the code of every missing one): the
    values' UTF-8 bytes coded by Arrow (pandas' factorize takes strings that hold a
    lone surrogate for one value), their texts' where they are not all text.  A column
    of Arrow-backed text (the records' ``file`` and ``program``) is coded from its own
    Arrow array: no Python string per row (at 2 000 000 rows the copy was the peak of a
    summary)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        text = column.array.__arrow_array__()
        if isinstance(text, pa.ChunkedArray):  # (one dictionary for every chunk)
            text = text.combine_chunks()
    else:
        text = _arrow_text(column)
    codes = pc.fill_null(pc.add(text.dictionary_encode().indices.cast(pa.int64()), 1), 0)
    return np.asarray(codes.to_numpy(), dtype=np.int64)


def _arrow_text(column: pd.Series) -> Any:
    """``column``'s values as Arrow text (``astype(str)`` where they are not all
    text; missing values null), or as their exact UTF-8 bytes where one holds a lone
    surrogate."""
    if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):
        column = column.astype(str)
    values = column.to_numpy(dtype=object)
    missing = np.asarray(pd.isna(values), dtype=bool)
    if missing.any():
        values = values.copy()
        values[missing] = None
    try:
        return pa.array(values, type=pa.large_string())
    except (pa.ArrowException, UnicodeError):  # a lone surrogate (no reader gives one,
        # since Arrow holds every cell; a frame made by hand may): exact bytes that keep it
        return pa.array([None if v is None else v.encode("utf-8", "surrogatepass")
                         for v in values.tolist()], type=pa.large_binary())


def physical_lines(frame: pd.DataFrame, group_by: list[str]) -> list[PhysicalLine]:
    """Physical indicators per group: what was done, the target of a period where a
    targets column gives one, and the share of the target reached."""
    if not len(frame):
        return []
    keys = [k for k in group_by if k in frame.columns]
    frame = frame.copy()
    for key in keys:
        frame[key] = frame[key].astype(object).where(frame[key].notna(), _NONE)
    frame["_target"] = frame["phase"] == "planned"
    order = {name: i for i, name in enumerate(dict.fromkeys(frame["name"].tolist()))}
    groups = frame.groupby([*keys, "name", "unit"], dropna=False, sort=False)
    found = []
    for values, part in groups:
        values = values if isinstance(values, tuple) else (values,)
        group = {k: _clean_key(v) for k, v in zip(keys, values[:len(keys)])}
        done = part.loc[~part["_target"], "value"]
        target = part.loc[part["_target"], "value"]
        executed = int(done.sum()) if done.notna().any() else None
        goal = int(target.sum()) if target.notna().any() else None
        found.append((_sort_key(tuple(group.get(k) for k in keys)), order[values[-2]],
                      PhysicalLine(group=group, name=values[-2], unit=values[-1],
                                   executed=executed, target=goal,
                                   attainment_pct=pct(executed, goal)
                                   if executed is not None and goal else None)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, line in found]


def scope_of(recs: pd.DataFrame, filters: Filters) -> Scope:
    """What the summary covers: its filters, and the years, provinces, regions and
    programs its records hold."""

    region = ref.match_region(filters.region) if filters.region else None
    province = None
    if filters.province:
        found = ref.match_province(filters.province, as_of=filters.as_of)
        province = found.name if found is not None else None

    def distinct(column: str) -> list[Any]:
        if not len(recs) or column not in recs:
            return []
        values = recs[column].dropna().unique().tolist()
        return sorted(int(v) if column == "year" else str(v) for v in values)

    return Scope(region=region, province=province, years=distinct("year"),
                 provinces=distinct("province"), regions=distinct("region"),
                 programs=distinct("program"))
