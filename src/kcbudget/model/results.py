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
