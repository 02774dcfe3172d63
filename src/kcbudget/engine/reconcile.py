"""``reconcile``: match the đề án of a plan against what was executed, to the đồng.

Matching is by normalised ``project_id`` (case, spaces, dashes); rows without an
id, or every row with ``match_by="name"``, are matched by (province, year,
normalised name) with a similarity threshold.  Duplicate keys are paired in row
order and reported.  Every input row becomes exactly one outcome, so that
Σ planned over the outcomes is the plan's total and Σ executed the actual's
total; the engine asserts it (a broken invariant is a bug).
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget.checks.rows import id_keys
from kcbudget.checks.validate import check_table
from kcbudget.engine.records import records
from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.model.results import ProgramTotal, ReconcileResult
from kcbudget.figures import round_pct
from kcbudget.read.layout import LATER_STAGES
from kcbudget.read.parallel import ordered_map
from kcbudget.read.table import ReadOptions
from kcbudget.text import name_key
from kcbudget.read.workbook import read_workbook

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]

OUTCOMES = ("matched", "under", "over", "not_executed", "unplanned", "conflict")
COMPARED = ("program", "province", "year")


@dataclass(frozen=True)
class ReconcileOptions:
    match_by: str = "id"  # id | name
    tolerance: int = 0  # đồng
    rel_tolerance: float = 0.0  # fraction of the planned amount
    threshold: float = 0.8  # name similarity, 0–1


def normalize_name(name: str | None) -> str:
    """Folded, without diacritics or punctuation: for comparing names typed differently
    (:func:`kcbudget.text.name_key`)."""
    return name_key(name)


def _side_records(paths: Paths, phase: str, opts: ReadOptions, side: str
                  ) -> tuple[pd.DataFrame, list[Diagnostic], str, set[str]]:
    """The records of one side, with only what reconcile reads: ``file`` and ``sheet``
    (categorical), ``row``, ``province``, ``year``, ``program``, ``status``,
    ``project_id``, ``project_name`` and text in Arrow, ``amount`` (int64 đồng) and the
    id ``key`` (Arrow text); a record's reference (``'Sheet'!12``) is made from its
    sheet and row only where it is reported (:func:`_refs`).  A side of a million đề
    án is held in about a third of the memory of its whole records while the other
    side is read."""

    tables, diags = [], []
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = []
    for path in paths:
        book = read_workbook(path, ReadOptions(locale=opts.locale, unit=opts.unit,
                                               phase=phase, year=opts.year, sheets=opts.sheets,
                                               limits=opts.limits, layout=opts.layout))
        names.append(book.file)
        diags.extend(book.diagnostics)
        for table in book.tables:
            diags.extend(check_table(table))
            table.drop_cells()  # the checks were the last to read them
            if table.shape != "project":
                diags.append(diagnose("KC404", file=table.file, sheet=table.sheet))
                continue
            tables.append(table)
        del book
    amount = "planned" if phase == "planned" else "executed"
    # (a plan's status is never reported: the outcome's status is the actual's)
    columns = [c for c in _SIDE_COLUMNS if c != "status" or side == "actual"] + [amount]
    # each table's records of the columns reconcile reads, then its file and sheet as
    # categories (a text column of a million copies of the file's name is 50 MB)
    parts, where = [], []
    for table in tables:
        part = records([table], columns)
        if len(part):
            parts.append(part)
            where.append((table.file, table.sheet, len(part)))
    recs = (parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)) if parts \
        else records([], columns)
    del parts
    files, sheets, lengths = zip(*where) if where else ((), (), ())
    recs.insert(0, "sheet", _categories(list(sheets), list(lengths)))
    recs.insert(0, "file", _categories(list(files), list(lengths)))
    # the part of a đề án of both programs that belongs to neither is no đề án of its own
    shared = (recs["source"] == "project-shared").to_numpy()
    if shared.any():
        recs = recs[~shared]
    recs = recs.drop(columns=["source", amount]) \
        .assign(amount=recs[amount].fillna(0).astype("int64"))
    if len(recs) and not int(recs["amount"].abs().sum()):
        given = sum(int(t.frame[c.id].fillna(0).abs().sum()) for t in tables
                    for c in t.columns if c.is_amount and c.id in t.frame)
        counted = any(c.is_amount and c.measure == "support" for t in tables for c in t.columns)
        if given or not counted:
            diags.append(diagnose("KC406", file=", ".join(names), rows=len(recs),
                                  side=side))
    title_phases = {t.title_phase for t in tables if t.title_phase}
    del tables  # the frames as read go before the keys are made
    recs = recs.reset_index(drop=True)
    recs["key"] = pd.Series(pd.array(id_keys(recs["project_id"]), dtype=_TEXT_DTYPE),
                            index=recs.index)
    for name in _REPEATED:  # held as categories while the other side is read
        if _is_text(recs[name]):
            recs[name] = recs[name].astype("category")
    return recs, diags, ", ".join(names), title_phases


#: text columns of a few distinct values: categorical while a side is held, text again
#: (:func:`_as_text`) once both sides are read
_REPEATED = ("province", "program")


def _as_text(recs: pd.DataFrame) -> None:
    """The columns of :data:`_REPEATED` back to the text they were read as."""
    for name in _REPEATED:
        if isinstance(recs[name].dtype, pd.CategoricalDtype):
            recs[name] = recs[name].astype(_TEXT_DTYPE)


_SIDE_COLUMNS = ["row", "source", "province", "year", "program", "status", "project_id",
                 "project_name"]


def _categories(values: list[str], lengths: list[int]) -> pd.Categorical:
    """``values[i]`` repeated ``lengths[i]`` times, as a categorical column."""

    kinds = list(dict.fromkeys(values))
    code = {v: i for i, v in enumerate(kinds)}
    codes = np.repeat(np.array([code[v] for v in values], dtype="int32"),
                      np.array(lengths, dtype="int64"))
    return pd.Categorical.from_codes(codes, categories=pd.Index(kinds, dtype=object))


def _refs(recs: pd.DataFrame, positions: np.ndarray) -> pa.Array:
    """The references (``'Sheet'!12``) of the records at ``positions``, in Arrow: the
    text the records once held for every row, made for the rows reported only."""

    L = pa.large_string()
    sheet = recs["sheet"].array
    names = pa.array(list(sheet.categories), L)
    codes = np.asarray(sheet.codes)[positions]
    rows = pa.array(recs["row"].to_numpy()[positions]).cast(L)
    return pc.binary_join_element_wise(pa.scalar("'", L), names.take(pa.array(codes)),
                                       pa.scalar("'!", L), rows, pa.scalar("", L))


def _pair_by_id(plan: pd.DataFrame, actual: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(plan positions, actual positions) of the pairs of equal keys, duplicates paired
    in row order (the n-th HB-02 of the plan with the n-th of the actual), in plan
    order: two int64 arrays of the same length."""

    p_keys = plan["key"].dropna()
    a_keys = actual["key"].dropna()
    if not len(p_keys) or not len(a_keys):
        return np.zeros(0, "int64"), np.zeros(0, "int64")
    codes, _ = pd.factorize(pd.concat([p_keys, a_keys], ignore_index=True))
    p_codes, a_codes = codes[:len(p_keys)], codes[len(p_keys):]
    span = max(_occurrences(p_codes).max(), _occurrences(a_codes).max()) + 1
    p_pos = p_codes.astype("int64") * span + _occurrences(p_codes)
    a_pos = a_codes.astype("int64") * span + _occurrences(a_codes)
    found = pd.Index(a_pos).get_indexer(p_pos)  # (key, n) is unique on each side
    hit = found >= 0
    return (np.asarray(p_keys.index[hit], dtype="int64"),
            np.asarray(a_keys.index[found[hit]], dtype="int64"))


def _occurrences(codes: np.ndarray) -> np.ndarray:
    """For each position, how many earlier positions hold the same code (0, 1, …)."""

    order = np.argsort(codes, kind="stable")
    ranked = codes[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    lengths = np.diff(np.r_[starts, len(codes)])
    out = np.empty(len(codes), dtype="int64")
    out[order] = np.arange(len(codes)) - np.repeat(starts, lengths)
    return out


def _pair_by_name(plan: pd.DataFrame, actual: pd.DataFrame, plan_left: list[int],
                  actual_left: list[int], threshold: float, both_ids_allowed: bool
                  ) -> list[tuple[int, int, float]]:
    """Greedy best-first pairs of similar names within the same province and year.
    Matching by id, a pair needs at least one side without an id (two different ids
    are two đề án).  Candidates are blocked by (province, year) so the work grows
    with the size of each block, not with the product of the two files."""

    def block_key(recs: pd.DataFrame, i: int) -> tuple[Any, Any]:
        return (_value(recs.at[i, "province"]), _value(recs.at[i, "year"]))

    def has_id(recs: pd.DataFrame, i: int) -> bool:
        return _present(recs.at[i, "key"])

    actual_blocks: defaultdict[tuple[Any, Any], list[int]] = defaultdict(list)
    for ai in actual_left:
        if actual.at[ai, "name_key"]:
            actual_blocks[block_key(actual, ai)].append(ai)
    wildcard = [ai for ai in actual_left if actual.at[ai, "name_key"]
                and None in block_key(actual, ai)]
    candidates: list[tuple[float, int, int]] = []
    for pi in plan_left:
        pname = plan.at[pi, "name_key"]
        if not pname:
            continue
        p_id = has_id(plan, pi)
        key = block_key(plan, pi)
        pool = actual_blocks.get(key, []) if None not in key else actual_left
        for ai in set(pool) | set(wildcard):
            if not both_ids_allowed and p_id and has_id(actual, ai):
                continue
            aname = actual.at[ai, "name_key"]
            if not aname or not _compatible(plan, pi, actual, ai):
                continue
            ratio = 1.0 if pname == aname else difflib.SequenceMatcher(
                None, pname, aname, autojunk=False).ratio()
            if ratio >= threshold:
                candidates.append((-ratio, pi, ai))
    candidates.sort()
    used_p: set[int] = set()
    used_a: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for neg, pi, ai in candidates:
        if pi in used_p or ai in used_a:
            continue
        used_p.add(pi)
        used_a.add(ai)
        pairs.append((pi, ai, -neg))
    return pairs


def _compatible(plan: pd.DataFrame, pi: int, actual: pd.DataFrame, ai: int) -> bool:
    for field in ("province", "year"):
        a, b = plan.at[pi, field], actual.at[ai, field]
        if _present(a) and _present(b) and a != b:
            return False
    return True


def _present(value: object) -> bool:

    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def _value(value: Any) -> Any:
    if not _present(value):
        return None
    return value.item() if hasattr(value, "item") else value


def reconcile(plan: Paths, actual: Paths, *, match_by: str = "id", tolerance: int = 0,
              rel_tolerance: float = 0.0, threshold: float = 0.8,
              options: ReadOptions | None = None) -> ReconcileResult:
    """Reconcile a plan (file or files) against an actual; returns the result model."""

    if match_by not in ("id", "name"):
        raise KcbudgetError("bad_match_by", value=match_by)
    if tolerance < 0 or rel_tolerance < 0:
        raise KcbudgetError("negative_tolerance")
    opts = options or ReadOptions()

    sides = []
    for _, side in ordered_map(lambda a: _side_records(a[0], a[1], opts, a[2]),
                               [(plan, "planned", "plan"), (actual, "executed", "actual")]):
        if isinstance(side, Exception):
            raise side
        sides.append(side)
    (plan_recs, plan_diags, plan_name, plan_titles), \
        (actual_recs, actual_diags, actual_name, actual_titles) = sides
    _as_text(plan_recs)
    _as_text(actual_recs)
    diagnostics: list[Diagnostic] = plan_diags + actual_diags
    if plan_titles and plan_titles <= set(LATER_STAGES) and actual_titles == {"planned"}:
        diagnostics.append(diagnose("KC405", file=plan_name, plan=plan_name,
                                    actual=actual_name))
    for recs, side_name in ((plan_recs, "plan"), (actual_recs, "actual")):
        diagnostics.extend(_duplicate_diagnostics(recs, side_name))


    # the pairs as columns: plan and actual positions, how each was made, its similarity
    id_p, id_a = _pair_by_id(plan_recs, actual_recs) if match_by == "id" else \
        (np.zeros(0, "int64"), np.zeros(0, "int64"))
    by_name: list[tuple[int, int, float]] = []
    plan_paired = np.zeros(len(plan_recs), bool)
    actual_paired = np.zeros(len(actual_recs), bool)
    plan_paired[id_p] = True
    actual_paired[id_a] = True
    plan_keyed = plan_recs["key"].notna().to_numpy()
    actual_keyed = actual_recs["key"].notna().to_numpy()
    plan_free = ~plan_paired
    actual_free = ~actual_paired
    if match_by == "id":  # a name pair needs one side without an id
        if not (actual_free & ~actual_keyed).any():
            plan_free &= ~plan_keyed
        if not (plan_free & ~plan_keyed).any():
            actual_free &= ~actual_keyed
    plan_left = np.flatnonzero(plan_free).tolist()
    actual_left = np.flatnonzero(actual_free).tolist()
    for recs, left in ((plan_recs, plan_left), (actual_recs, actual_left)):
        if left:  # (the names of the rows to match by name only)
            recs["name_key"] = None
            recs.loc[left, "name_key"] = recs.loc[left, "project_name"].map(normalize_name)
    for pi, ai, ratio in _pair_by_name(plan_recs, actual_recs, plan_left, actual_left,
                                       threshold, both_ids_allowed=match_by == "name"):
        by_name.append((pi, ai, ratio))
        plan_paired[pi] = actual_paired[ai] = True
        diagnostics.append(diagnose(
            "KC402", file=actual_name, sheet=actual_recs.at[ai, "sheet"],
            row=int(actual_recs.at[ai, "row"]), column="project_name",
            plan_name=plan_recs.at[pi, "project_name"],
            actual_name=actual_recs.at[ai, "project_name"], similarity=round(ratio * 100, 1)))
    for recs, name in ((plan_recs, plan_name), (actual_recs, actual_name)):
        unmatchable = recs["key"].isna() & recs["project_name"].isna()
        for i in recs.index[unmatchable.to_numpy()]:
            diagnostics.append(diagnose("KC403", file=name,
                                        sheet=recs.at[i, "sheet"], row=int(recs.at[i, "row"])))

    pairs = _Pairs(
        plan=np.concatenate([id_p, np.array([p for p, _, _ in by_name], dtype="int64")]),
        actual=np.concatenate([id_a, np.array([a for _, a, _ in by_name], dtype="int64")]),
        how=np.array(["id"] * len(id_p) + ["name"] * len(by_name), dtype=object),
        similarity=np.concatenate([np.full(len(id_p), np.nan),
                                   np.array([round(r * 100, 1) for _, _, r in by_name],
                                            dtype=float)]))
    plan_total = int(plan_recs["amount"].sum())
    actual_total = int(actual_recs["amount"].sum())
    by_program = {}
    for program in ("KCQG", "KCDP"):
        planned = int(plan_recs.loc[plan_recs["program"] == program, "amount"].sum())
        executed = int(actual_recs.loc[actual_recs["program"] == program, "amount"].sum())
        by_program[program] = (planned, executed)
    by_program["ALL"] = (plan_total, actual_total)
    rows = len(plan_recs) + len(actual_recs) - len(pairs.plan)
    table = _outcomes(plan_recs, actual_recs, pairs, plan_paired, actual_paired,
                      tolerance, rel_tolerance)
    # the outcomes hold what is reported: the two sides' records go before the sort
    del sides, plan_recs, actual_recs

    # conservation: every row once, every đồng once
    assert int(table["planned"].sum()) == plan_total, "reconcile lost planned đồng"
    assert int(table["executed"].sum()) == actual_total, "reconcile lost executed đồng"
    assert len(table) == rows

    totals = []
    for program, (planned, executed) in by_program.items():
        totals.append(ProgramTotal(
            program=program, planned=planned, executed=executed, variance=executed - planned,
            attainment_pct=_f(round_pct(executed, planned)),
            share_planned_pct=_f(round_pct(planned, plan_total)),
            share_executed_pct=_f(round_pct(executed, actual_total))))
    table = _sorted(table)
    found = table["outcome"].value_counts()
    counts = {o: int(found.get(o, 0)) for o in OUTCOMES}
    diagnostics.sort(key=Diagnostic.sort_key)
    return ReconcileResult.of(table, plan=plan_name, actual=actual_name, totals=totals,
                              counts=counts, diagnostics=diagnostics, tolerance=tolerance,
                              rel_tolerance=rel_tolerance)


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    """Outcome order, then the largest variance first, then id, then row (stable)."""

    order = {o: i for i, o in enumerate(OUTCOMES)}
    keys = pd.DataFrame({
        "_o": table["outcome"].map(order), "_v": -np.abs(table["variance"].to_numpy()),
        "_id": table["project_id"].fillna(""),
        "_row": table["plan_row"].fillna(table["actual_row"]).fillna("")}, index=table.index)
    at = keys.reset_index(drop=True).sort_values(["_o", "_v", "_id", "_row"],
                                                 kind="stable").index.to_numpy()  # positions
    del keys
    # column by column, so that only one column is held twice at a time
    return pd.DataFrame({c: table[c].take(at).reset_index(drop=True) for c in table.columns})


def _f(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _duplicate_diagnostics(recs: pd.DataFrame, side: str) -> list[Diagnostic]:
    out = []
    keyed = recs[recs["key"].notna()]
    dup = keyed[keyed["key"].duplicated(keep=False)]
    for _key, group in dup.groupby("key", sort=True):
        rows = ", ".join(_refs(recs, group.index.to_numpy()).to_pylist())
        first = group.iloc[1]
        out.append(diagnose("KC401", file=first["file"], sheet=first["sheet"],
                            row=int(first["row"]), column="project_id",
                            value=group.iloc[0]["project_id"], count=len(group),
                            side=side, rows=rows))
    return out


_SAFE = 2**62  # below this, integer arithmetic on int64 cannot overflow here


@dataclass(frozen=True)
class _Pairs:
    """The pairs made, as columns: positions in the plan's and the actual's records,
    how each pair was made (``id``, ``name``) and its name similarity (NaN by id)."""

    plan: np.ndarray
    actual: np.ndarray
    how: np.ndarray
    similarity: np.ndarray


def _objects(series: Any) -> np.ndarray:
    """A column as a numpy object array of plain Python values, ``None`` for missing."""

    values = series.to_numpy(dtype=object, na_value=None) if hasattr(series, "to_numpy") \
        else series
    return np.asarray(values, dtype=object)


def _gather(column: pd.Series, index: np.ndarray) -> np.ndarray:
    """The column's values at these positions, as :func:`_objects` gives them: taken
    first (in Arrow for a text column), so that only the rows taken are converted."""

    if not len(index):
        return np.empty(0, dtype=object)
    return _objects(column.iloc[index])


def _nones(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


_TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own text columns


def _is_text(column: pd.Series) -> bool:
    return bool(column.dtype == _TEXT_DTYPE)


Part = tuple[pd.Series | None, np.ndarray]  # a column and positions in it (None: missing)


def _joined(parts: list[Part]) -> Any:
    """The values at the positions of each part in turn, for one output column.  When
    every column taken from is a text column, the values are taken in Arrow and stay
    there (a text column, or ``None`` objects when none is present, as pandas makes of
    objects); otherwise as the Python objects :func:`_objects` gives."""
    if all(column is None or _is_text(column) for column, _ in parts):
        chunks = [pa.nulls(len(index), pa.large_string()) if column is None else
                  pa.array(column.array).take(pa.array(index, pa.int64()))
                  for column, index in parts]
        taken = pa.chunked_array(chunks, type=pa.large_string())
        if taken.null_count == len(taken):
            return _nones(len(taken))
        return pd.array(taken, dtype=_TEXT_DTYPE)
    return np.concatenate([_nones(len(index)) if column is None else _gather(column, index)
                           for column, index in parts])


def _ref_column(parts: list[tuple[pd.DataFrame | None, np.ndarray]]) -> Any:
    """The references of the records at the positions of each part in turn (``None``:
    no record), as :func:`_joined` gives a text column."""

    taken = pa.chunked_array([pa.nulls(len(index), pa.large_string()) if recs is None
                              else _refs(recs, index) for recs, index in parts],
                             type=pa.large_string())
    if taken.null_count == len(taken):
        return _nones(len(taken))
    return pd.array(taken, dtype=_TEXT_DTYPE)


def _differ(plan: pd.Series, actual: pd.Series, pi: np.ndarray, ai: np.ndarray
            ) -> np.ndarray:
    """Where the pairs' two values are both present and differ as text (``str(a) !=
    str(b)``).  Two columns of text, or two of integers, hold values of one type, for
    which equal text is equal value: compared as values (text in Arrow), without
    writing each one as text."""
    if _is_text(plan) and _is_text(actual):
        a_val = pa.array(plan.array).take(pa.array(pi, pa.int64()))
        b_val = pa.array(actual.array).take(pa.array(ai, pa.int64()))
        return np.asarray(pc.fill_null(pc.not_equal(a_val, b_val), False)
                          .to_numpy(zero_copy_only=False), dtype=bool)
    a_val, b_val = _gather(plan, pi), _gather(actual, ai)
    given = np.flatnonzero(pd.notna(a_val) & pd.notna(b_val))
    out = np.zeros(len(pi), bool)
    if len(given):
        if plan.dtype == actual.dtype == "Int64":
            out[given] = a_val[given] != b_val[given]
        else:
            out[given] = a_val[given].astype(str) != b_val[given].astype(str)
    return out


def _outcomes(plan: pd.DataFrame, actual: pd.DataFrame, pairs: _Pairs,
              plan_paired: np.ndarray, actual_paired: np.ndarray, tolerance: int,
              rel_tolerance: float) -> pd.DataFrame:
    """One outcome per đề án, computed over whole columns: a pandas DataFrame with the
    columns of :data:`kcbudget.model.results.PROJECT_FIELDS`, in input order (pairs,
    then plan only, then actual only).  No Python loop over the rows, except over the
    conflicting ones to spell out their differences."""

    pi, ai = pairs.plan, pairs.actual
    p_only = np.flatnonzero(~plan_paired)
    a_only = np.flatnonzero(~actual_paired)
    k, n_p, n_a = len(pi), len(p_only), len(a_only)
    n = k + n_p + n_a
    none_p, none_a = np.zeros(n_p, "int64"), np.zeros(n_a, "int64")
    has_p = np.r_[np.ones(k + n_p, bool), np.zeros(n_a, bool)]
    both = np.r_[np.ones(k, bool), np.zeros(n_p + n_a, bool)]

    def pick(field: str) -> Any:  # the plan's value, the actual's where there is no plan
        return _joined([(plan[field], pi), (plan[field], p_only), (actual[field], a_only)])

    def amounts(recs: pd.DataFrame, parts: list[np.ndarray], where: list[int]
                ) -> np.ndarray:
        values = recs["amount"].to_numpy(dtype="int64")
        out = np.zeros(n, "int64")
        for part, start in zip(parts, where):
            out[start:start + len(part)] = values[part]
        return out

    planned = amounts(plan, [pi, p_only], [0, k])
    executed = amounts(actual, [ai, a_only], [0, k + n_p])
    variance = executed - planned
    conflict = np.zeros(n, bool)
    differs = {}
    for field in COMPARED:
        diff = np.zeros(n, bool)
        diff[:k] = _differ(plan[field], actual[field], pi, ai)
        differs[field] = diff
        conflict |= diff

    rel = Fraction(str(rel_tolerance)).limit_denominator(10**6) if rel_tolerance else 0
    if rel:  # (a tolerance below 5e-7 rounds to none at all)
        if np.abs(planned).max(initial=0) < _SAFE // rel.numerator:
            allowed = np.sign(planned) * (np.abs(planned) * rel.numerator // rel.denominator)
        else:  # amounts too large for int64 arithmetic: exact, row by row
            allowed = np.array([int(p * rel) for p in planned.tolist()], dtype=object)
        allowed = np.maximum(tolerance, allowed)
    else:
        allowed = tolerance
    outcome = np.select(
        [conflict, both & (np.abs(variance) <= allowed), both & (variance < 0), both,
         has_p], ["conflict", "matched", "under", "over", "not_executed"], "unplanned")
    how = np.concatenate([pairs.how, _nones(n_p + n_a)])
    similarity = np.concatenate([pairs.similarity, np.full(n_p + n_a, np.nan)])
    differences = np.empty(n, dtype=object)
    differences[:] = [{}] * n if n else []
    rows = np.flatnonzero(conflict)  # all among the pairs
    if len(rows):
        sides = {f: (_gather(plan[f], pi[rows]), _gather(actual[f], ai[rows]))
                 for f in COMPARED}
        for j, i in enumerate(rows):
            differences[i] = {f: [_value(sides[f][0][j]), _value(sides[f][1][j])]
                              for f in COMPARED if differs[f][i]}
    # a pair's id is the plan's, or the actual's when only it has one
    project_id = pick("project_id")
    missing = np.flatnonzero(plan["project_id"].isna().to_numpy()[pi])
    if len(missing):
        values = project_id if isinstance(project_id, np.ndarray) else \
            project_id.to_numpy(dtype=object, na_value=None)
        values[missing] = _gather(actual["project_id"], ai[missing])
        project_id = values

    year = pd.array(pick("year"), dtype="Int64")
    frame = pd.DataFrame({
        "project_id": project_id, "project_name": pick("project_name"),
        "province": pick("province"), "year": year, "program": pick("program"),
        "outcome": outcome.astype(object), "planned": planned, "executed": executed,
        "variance": variance, "attainment_pct": _pcts(executed, planned),
        "matched_by": how, "similarity": similarity, "differences": differences,
        "status": _joined([(actual["status"], ai), (None, none_p), (actual["status"], a_only)]),
        "plan_row": _ref_column([(plan, pi), (plan, p_only), (None, none_a)]),
        "actual_row": _ref_column([(actual, ai), (None, none_p), (actual, a_only)])})
    return frame


def _pcts(executed: np.ndarray, planned: np.ndarray) -> np.ndarray:
    """executed ÷ planned × 100, half-up to 2 places, from integers, over columns
    (``NaN`` where nothing was planned); the same figures as :func:`_pct`.  The
    quotient is exact in int64 and its division by 100 is exact in float64 while
    it stays under 2**53; larger rows are computed one by one with Python ints."""

    big = (np.abs(executed) >= _SAFE // 20000) | (np.abs(planned) >= _SAFE // 4)
    num = np.where(big, 0, executed) * 10000
    den = np.where(big, 1, planned)
    safe = np.where(den == 0, 1, den)
    q = (2 * np.abs(num) + np.abs(safe)) // (2 * np.abs(safe))
    sign = np.where((num < 0) != (safe < 0), -1, 1)
    out = np.where(den == 0, np.nan, sign * q / 100)
    for i in np.flatnonzero(big | (q >= 2**53)):
        value = _pct(int(executed[i]), int(planned[i]))
        out[i] = np.nan if value is None else value
    return out


def _pct(executed: int, planned: int) -> float | None:
    """executed ÷ planned × 100, half-up to 2 places, from integers."""
    if not planned:
        return None
    num, den = executed * 10000, planned
    sign = -1 if (num < 0) != (den < 0) else 1
    q = (2 * abs(num) + abs(den)) // (2 * abs(den))
    return sign * q / 100
