"""Result models that engines return and renderers read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kcbudget.model.diagnostic import Diagnostic, Severity


class FileResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    ok: bool
    rows: int
    sheets: list[str] = []
    errors: int = 0
    warnings: int = 0


class ValidationResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    files: list[FileResult]
    diagnostics: list[Diagnostic]

    def worst(self) -> Severity | None:
        ranks = [d.severity for d in self.diagnostics]
        return max(ranks, key=lambda s: s.rank) if ranks else None

    def fails(self, fail_on: str = "error") -> bool:
        threshold = Severity(fail_on).rank
        return any(d.severity.rank >= threshold for d in self.diagnostics)


class SummaryLine(BaseModel):
    """One group and program of a summary; amounts in đồng, percentages rounded half-up."""

    model_config = ConfigDict(frozen=True)

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
    leverage: float | None = None


class Indicators(BaseModel):
    """PEFA-style budget credibility indicators (see docs/indicators.md)."""

    model_config = ConfigDict(frozen=True)

    aggregate_outturn_pct: float | None  # PI-1: executed ÷ planned, all lines
    composition_variance_pct: float | None  # PI-2: Σ|e_i − p_i·E/P| ÷ E
    composition_by: str | None
    lines: int


class SummaryResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: str = "VND"
    group_by: list[str]
    rows: list[SummaryLine]
    totals: list[SummaryLine] = []  # the same figures over all groups (KCQG, KCDP, ALL)
    indicators: Indicators
    diagnostics: list[Diagnostic]
    files: list[str] = []

    def fails(self, fail_on: str = "error") -> bool:
        threshold = Severity(fail_on).rank
        return any(d.severity.rank >= threshold for d in self.diagnostics)
