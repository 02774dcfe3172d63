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
import re
import unicodedata
from dataclasses import dataclass

from kcbudget.checks.rows import normalize_id
from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.model.results import ProgramTotal, ProjectOutcome, ReconcileResult
from kcbudget.read.table import ReadOptions

OUTCOMES = ("matched", "under", "over", "not_executed", "unplanned", "conflict")
COMPARED = ("program", "province", "year")


@dataclass(frozen=True)
class ReconcileOptions:
    match_by: str = "id"  # id | name
    tolerance: int = 0  # đồng
    rel_tolerance: float = 0.0  # fraction of the planned amount
    threshold: float = 0.8  # name similarity, 0–1


def normalize_name(name: str | None) -> str:
    """Folded, without diacritics or punctuation: for comparing names typed differently."""
    if not _present(name):
        return ""
    text = unicodedata.normalize("NFD", str(name).casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _side_records(paths, phase: str, opts: ReadOptions, side: str, lang: str):
    from kcbudget.checks.validate import check_table
    from kcbudget.engine.records import records
    from kcbudget.read.workbook import read_workbook

    tables, diags = [], []
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = []
    for path in paths:
        book = read_workbook(path, ReadOptions(lang=lang, locale=opts.locale, unit=opts.unit,
                                               phase=phase, year=opts.year, sheets=opts.sheets,
                                               limits=opts.limits))
        names.append(book.file)
        diags.extend(book.diagnostics)
        for table in book.tables:
            diags.extend(check_table(table, lang))
            if table.shape != "project":
                diags.append(diagnose("KC404", lang=lang, file=table.file, sheet=table.sheet))
                continue
            tables.append(table)
    recs = records(tables)
    amount = "planned" if phase == "planned" else "executed"
    recs = recs.assign(amount=recs[amount].fillna(0).astype("int64"))
    recs["key"] = recs["project_id"].map(lambda v: (normalize_id(v) or None)
                                         if _present(v) else None).astype(object)
    recs["name_key"] = recs["project_name"].map(normalize_name)
    recs["ref"] = [f"'{sheet}'!{row}" for sheet, row in zip(recs["sheet"], recs["row"])]
    recs["side"] = side
    return recs.reset_index(drop=True), diags, ", ".join(names)


def _pair_by_id(plan, actual):
    """(plan index, actual index) pairs of equal keys, duplicates paired in row order."""
    import pandas as pd

    p = plan[plan["key"].notna()][["key"]].copy()
    a = actual[actual["key"].notna()][["key"]].copy()
    p["n"] = p.groupby("key").cumcount()
    a["n"] = a.groupby("key").cumcount()
    p["pi"] = p.index
    a["ai"] = a.index
    merged = pd.merge(p, a, on=["key", "n"], how="inner")
    return list(zip(merged["pi"], merged["ai"]))


def _pair_by_name(plan, actual, plan_left, actual_left, threshold, both_ids_allowed):
    """Greedy best-first pairs of similar names within the same province and year.
    Matching by id, a pair needs at least one side without an id (two different ids
    are two đề án)."""
    candidates = []
    for pi in plan_left:
        pname = plan.at[pi, "name_key"]
        if not pname:
            continue
        for ai in actual_left:
            aname = actual.at[ai, "name_key"]
            if not aname:
                continue
            if not both_ids_allowed and _present(plan.at[pi, "key"]) and \
                    _present(actual.at[ai, "key"]):
                continue
            if not _compatible(plan, pi, actual, ai):
                continue
            ratio = 1.0 if pname == aname else difflib.SequenceMatcher(
                None, pname, aname, autojunk=False).ratio()
            if ratio >= threshold:
                candidates.append((-ratio, pi, ai))
    candidates.sort()
    used_p, used_a, pairs = set(), set(), []
    for neg, pi, ai in candidates:
        if pi in used_p or ai in used_a:
            continue
        used_p.add(pi)
        used_a.add(ai)
        pairs.append((pi, ai, -neg))
    return pairs


def _compatible(plan, pi, actual, ai) -> bool:
    for field in ("province", "year"):
        a, b = plan.at[pi, field], actual.at[ai, field]
        if _present(a) and _present(b) and a != b:
            return False
    return True


def _present(value) -> bool:
    import pandas as pd

    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def _value(value):
    if not _present(value):
        return None
    return value.item() if hasattr(value, "item") else value


def reconcile(plan, actual, *, match_by: str = "id", tolerance: int = 0,
              rel_tolerance: float = 0.0, threshold: float = 0.8,
              options: ReadOptions | None = None, lang: str | None = None,
              **read_kwargs) -> ReconcileResult:
    """Reconcile a plan (file or files) against an actual; returns the result model."""
    from kcbudget.render.numbers import round_pct

    if match_by not in ("id", "name"):
        raise KcbudgetError(f"--match-by: '{match_by}' is neither id nor name")
    if tolerance < 0 or rel_tolerance < 0:
        raise KcbudgetError("--tolerance and --rel-tolerance must be zero or more")
    opts = options or ReadOptions(**read_kwargs)
    lang = lang or opts.lang
    plan_recs, plan_diags, plan_name = _side_records(plan, "planned", opts, "plan", lang)
    actual_recs, actual_diags, actual_name = _side_records(actual, "executed", opts, "actual",
                                                           lang)
    diagnostics: list[Diagnostic] = plan_diags + actual_diags
    for recs, side in ((plan_recs, "plan"), (actual_recs, "actual")):
        diagnostics.extend(_duplicate_diagnostics(recs, side, lang))

    pairs: list[tuple[int, int, str, float | None]] = []
    if match_by == "id":
        pairs = [(pi, ai, "id", None) for pi, ai in _pair_by_id(plan_recs, actual_recs)]
    used_p = {p for p, _, _, _ in pairs}
    used_a = {a for _, a, _, _ in pairs}
    plan_left = [i for i in plan_recs.index if i not in used_p]
    actual_left = [i for i in actual_recs.index if i not in used_a]
    for pi, ai, ratio in _pair_by_name(plan_recs, actual_recs, plan_left, actual_left,
                                       threshold, both_ids_allowed=match_by == "name"):
        pairs.append((pi, ai, "name", ratio))
        diagnostics.append(diagnose(
            "KC402", lang=lang, file=actual_name, sheet=actual_recs.at[ai, "sheet"],
            row=int(actual_recs.at[ai, "row"]), column="project_name",
            plan_name=plan_recs.at[pi, "project_name"],
            actual_name=actual_recs.at[ai, "project_name"], similarity=round(ratio * 100, 1)))
    for recs, name in ((plan_recs, plan_name), (actual_recs, actual_name)):
        for i in recs.index:
            if not _present(recs.at[i, "key"]) and not recs.at[i, "name_key"]:
                diagnostics.append(diagnose("KC403", lang=lang, file=name,
                                            sheet=recs.at[i, "sheet"],
                                            row=int(recs.at[i, "row"])))

    projects: list[ProjectOutcome] = []
    paired_p = {p for p, _, _, _ in pairs}
    paired_a = {a for _, a, _, _ in pairs}
    for pi, ai, how, ratio in pairs:
        projects.append(_outcome(plan_recs.loc[pi], actual_recs.loc[ai], how, ratio,
                                 tolerance, rel_tolerance))
    for pi in plan_recs.index:
        if pi not in paired_p:
            projects.append(_outcome(plan_recs.loc[pi], None, None, None, tolerance,
                                     rel_tolerance))
    for ai in actual_recs.index:
        if ai not in paired_a:
            projects.append(_outcome(None, actual_recs.loc[ai], None, None, tolerance,
                                     rel_tolerance))

    # conservation: every row once, every đồng once
    plan_total = int(plan_recs["amount"].sum())
    actual_total = int(actual_recs["amount"].sum())
    assert sum(p.planned for p in projects) == plan_total, "reconcile lost planned đồng"
    assert sum(p.executed for p in projects) == actual_total, "reconcile lost executed đồng"
    assert len(projects) == len(plan_recs) + len(actual_recs) - len(pairs)

    totals = []
    by_program = {}
    for program in ("KCQG", "KCDP"):
        planned = int(plan_recs.loc[plan_recs["program"] == program, "amount"].sum())
        executed = int(actual_recs.loc[actual_recs["program"] == program, "amount"].sum())
        by_program[program] = (planned, executed)
    by_program["ALL"] = (plan_total, actual_total)
    for program, (planned, executed) in by_program.items():
        totals.append(ProgramTotal(
            program=program, planned=planned, executed=executed, variance=executed - planned,
            attainment_pct=_f(round_pct(executed, planned)),
            share_planned_pct=_f(round_pct(planned, plan_total)),
            share_executed_pct=_f(round_pct(executed, actual_total))))
    order = {o: i for i, o in enumerate(OUTCOMES)}
    projects.sort(key=lambda p: (order[p.outcome], -abs(p.variance), p.project_id or "",
                                 p.plan_row or p.actual_row or ""))
    counts = {o: sum(1 for p in projects if p.outcome == o) for o in OUTCOMES}
    diagnostics.sort(key=Diagnostic.sort_key)
    return ReconcileResult(plan=plan_name, actual=actual_name, totals=totals,
                           projects=projects, counts=counts, diagnostics=diagnostics,
                           tolerance=tolerance, rel_tolerance=rel_tolerance)


def _f(value):
    return float(value) if value is not None else None


def _duplicate_diagnostics(recs, side: str, lang: str) -> list[Diagnostic]:
    out = []
    keyed = recs[recs["key"].notna()]
    dup = keyed[keyed["key"].duplicated(keep=False)]
    side_name = {"plan": {"vi": "kế hoạch", "en": "plan"},
                 "actual": {"vi": "thực hiện", "en": "actual"}}[side]
    for key, group in dup.groupby("key", sort=True):
        rows = ", ".join(group["ref"])
        first = group.iloc[1]
        out.append(diagnose("KC401", lang=lang, file=first["file"], sheet=first["sheet"],
                            row=int(first["row"]), column="project_id",
                            value=group.iloc[0]["project_id"], count=len(group),
                            side=side_name, rows=rows))
    return out


def _outcome(plan, actual, how, ratio, tolerance, rel_tolerance) -> ProjectOutcome:
    from decimal import Decimal

    from kcbudget.render.numbers import round_pct

    planned = int(plan["amount"]) if plan is not None else 0
    executed = int(actual["amount"]) if actual is not None else 0
    source = plan if plan is not None else actual
    variance = executed - planned
    differences: dict[str, list] = {}
    if plan is not None and actual is not None:
        for field in COMPARED:
            a, b = _value(plan[field]), _value(actual[field])
            if a is not None and b is not None and a != b:
                differences[field] = [a, b]
        allowed = max(tolerance, int(Decimal(str(rel_tolerance)) * planned))
        if differences:
            outcome = "conflict"
        elif abs(variance) <= allowed:
            outcome = "matched"
        else:
            outcome = "under" if variance < 0 else "over"
    else:
        outcome = "not_executed" if actual is None else "unplanned"
    status = _value(actual["status"]) if actual is not None else None
    return ProjectOutcome(
        project_id=_value(source["project_id"]) or (_value(actual["project_id"])
                                                    if actual is not None else None),
        project_name=_value(source["project_name"]), province=_value(source["province"]),
        year=_value(source["year"]), program=_value(source["program"]), outcome=outcome,
        planned=planned, executed=executed, variance=variance,
        attainment_pct=_f(round_pct(executed, planned)), matched_by=how,
        similarity=round(ratio * 100, 1) if ratio is not None else None,
        differences=differences, status=status,
        plan_row=plan["ref"] if plan is not None else None,
        actual_row=actual["ref"] if actual is not None else None)
