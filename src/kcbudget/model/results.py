"""Result models that engines return and renderers read."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from kcbudget.model.diagnostic import Diagnostic, Severity


# defer_build=True everywhere: a model's validator is built when the model is first used,
# not at import (a validate run never builds the summary and reconcile models)
class FileResult(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    file: str
    ok: bool
    rows: int
    sheets: list[str] = []
    errors: int = 0
    warnings: int = 0


class ValidationResult(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    files: list[FileResult]
    diagnostics: list[Diagnostic]
    unreadable: list[str] = []  # one line per file that could not be read at all

    def worst(self) -> Severity | None:
        ranks = [d.severity for d in self.diagnostics]
        return max(ranks, key=lambda s: s.rank) if ranks else None

    def fails(self, fail_on: str = "error") -> bool:
        threshold = Severity(fail_on).rank
        return any(d.severity.rank >= threshold for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        """Every file was read and nothing is at error level (``validate`` exits 0)."""
        return not self.unreadable and not self.fails("error")


class SummaryLine(BaseModel):
    """One group and program of a summary; amounts in đồng, percentages rounded half-up."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    group: dict[str, str | int | None]  # the grouping keys of this line, e.g. {"year": 2021}
    program: str
    planned: int
    executed: int
    attainment_pct: float | None
    share_planned_pct: float | None
    share_executed_pct: float | None
    projects_planned: int
    projects_executed: int
    projects_accepted: int
    accepted: int | None = None
    accepted_pct: float | None = None
    total_cost: int | None
    counterpart: int | None
    leverage: float | None = None  # counterpart ÷ support (of the rows that have both)
    # the later stages of the money, each with its rate against the plan (planned)
    months: int | None = None  # the line's figures other than the plan cover N months
    allocated: int | None = None
    allocated_pct: float | None = None
    advanced: int | None = None
    advanced_pct: float | None = None
    disbursed: int | None = None
    disbursed_pct: float | None = None
    settled: int | None = None
    settled_pct: float | None = None
    beneficiaries: int | None = None
    other_funds: int | None = None
    support_cost_pct: float | None = None  # support ÷ total cost (same rows)
    support_per_project: int | None = None  # đồng per đề án (the stage the line counts)
    support_per_beneficiary: int | None = None  # đồng per beneficiary
    # "planned" when the total cost, counterpart and beneficiaries are the plan's records'
    # alone (a period's targets beside its years' execution), for the report's words
    cost_phase: str | None = Field(default=None, exclude=True)


class PhysicalLine(BaseModel):
    """A physical indicator of a group (people trained, models, facilities, …): what was
    done and, where a targets sheet gives it, the target and how much of it was reached."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    group: dict[str, str | int | None]
    name: str  # as the sheet writes it (Số lao động được đào tạo nghề)
    unit: str  # người, mô hình, cơ sở, sản phẩm, doanh nghiệp, …
    executed: int | None = None
    target: int | None = None
    attainment_pct: float | None = None


class Scope(BaseModel):
    """What a summary covers: the filters given and what the data holds."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    region: str | None = None  # the slug of --region
    province: str | None = None  # the canonical name of --province
    years: list[int] = []  # the years the records hold (after the filters)
    provinces: list[str] = []  # the provinces the records hold
    regions: list[str] = []
    programs: list[str] = []


class Indicators(BaseModel):
    """PEFA-style budget credibility indicators (see docs/indicators.md)."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    aggregate_outturn_pct: float | None  # PI-1: executed ÷ planned, all lines
    composition_variance_pct: float | None  # PI-2: Σ|e_i − p_i·E/P| ÷ E
    composition_by: str | None
    lines: int


class SummaryResult(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    unit: str = "VND"
    group_by: list[str]
    rows: list[SummaryLine]
    totals: list[SummaryLine] = []  # the same figures over all groups (KCQG, KCDP, ALL)
    indicators: Indicators
    diagnostics: list[Diagnostic]
    files: list[str] = []
    physical: list[PhysicalLine] = []
    # a factory, not a Scope() made at import: that built Scope's validator in every run
    scope: Scope = Field(default_factory=Scope)
    # whether the accepted đề án were counted in the files that count the planned ones
    # (one summary sheet: 11/35); not when a plan list and an actual list are summed
    # together, where an accepted đề án may be one the plan does not hold
    accepted_of_planned: bool = Field(default=True, exclude=True)
    # the provinces and regions each year's records hold, for a year's own scope words
    # (a year that one province of two reported is "của 1 tỉnh")
    places_by_year: dict[int, tuple[list[str], list[str]]] = Field(default_factory=dict,
                                                                   exclude=True)

    def fails(self, fail_on: str = "error") -> bool:
        threshold = Severity(fail_on).rank
        return any(d.severity.rank >= threshold for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        """Nothing the inputs state is at error level (``summarize`` exits 0)."""
        return not self.fails("error")


class ProgramTotal(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    program: str
    planned: int
    executed: int
    variance: int
    attainment_pct: float | None
    share_planned_pct: float | None
    share_executed_pct: float | None


class ProjectOutcome(BaseModel):
    """One đề án: what was planned, what was executed, and what that means."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    project_id: str | None
    project_name: str | None
    province: str | None
    year: int | None
    program: str | None
    outcome: str  # matched | under | over | not_executed | unplanned | conflict
    planned: int
    executed: int
    variance: int
    attainment_pct: float | None
    matched_by: str | None = None  # id | name
    similarity: float | None = None  # name similarity 0–100 when matched by name
    differences: dict[str, list[Any]] = {}
    status: str | None = None
    plan_row: str | None = None  # 'sheet'!row in the plan file
    actual_row: str | None = None


PROJECT_FIELDS = ["project_id", "project_name", "province", "year", "program", "outcome",
                  "planned", "executed", "variance", "attainment_pct", "matched_by",
                  "similarity", "differences", "status", "plan_row", "actual_row"]


class ReconcileResult(BaseModel):
    """What a reconciliation found.  The outcomes are kept as columns (``table``, a
    pandas DataFrame with :data:`PROJECT_FIELDS`, sorted for reading); ``projects``
    gives them as :class:`ProjectOutcome` models, built on first use only, so a
    100 000-row JSON report never builds 100 000 Python objects."""

    model_config = ConfigDict(defer_build=True, frozen=True)

    plan: str
    actual: str
    totals: list[ProgramTotal]
    counts: dict[str, int]
    diagnostics: list[Diagnostic]
    tolerance: int = 0
    rel_tolerance: float = 0.0
    _table: Any = PrivateAttr(default=None)

    @classmethod
    def of(cls, table: Any, **fields: Any) -> ReconcileResult:
        result = cls(**fields)
        result._table = table
        return result

    @property
    def table(self) -> Any:
        return self._table

    @cached_property
    def projects(self) -> list[ProjectOutcome]:
        if self._table is None or not len(self._table):
            return []
        frame = self._table.astype(object)
        frame = frame.where(frame.notna(), None)
        out = []
        for row in frame.itertuples(index=False, name=None):
            values = dict(zip(PROJECT_FIELDS, row))
            values["differences"] = dict(values["differences"] or {})
            out.append(ProjectOutcome(**values))
        return out

    def fails(self, fail_on: str = "error") -> bool:
        threshold = Severity(fail_on).rank
        if any(d.severity.rank >= threshold for d in self.diagnostics):
            return True
        levels = {"matched": -1, "under": 1, "not_executed": 1, "unplanned": 1,
                  "over": 2, "conflict": 2}
        present = [o for o, n in self.counts.items() if n]
        return any(levels[o] >= threshold for o in present)

    @property
    def ok(self) -> bool:
        """No finding at error level and no đề án over its plan or in conflict
        (``reconcile --fail-on error`` exits 0)."""
        return not self.fails("error")
