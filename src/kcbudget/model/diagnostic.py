"""A diagnostic is data: where, what, and what to do about it."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Diagnostic(BaseModel):
    """One finding, located at a cell where there is one.

    ``row`` is the sheet's own (1-based) row number; ``cell`` the A1
    reference; both are ``None`` for a whole-file or whole-sheet finding.
    ``message`` and ``hint`` are rendered from the code registry in one
    language; :func:`kcbudget.model.codes.localize` re-renders them.
    """

    # defer_build: the validator is built at the first Diagnostic, not at import
    model_config = ConfigDict(defer_build=True, frozen=True)

    code: str
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    message: str
    hint: str | None = None
    params: dict[str, Any] = Field(default_factory=dict, exclude=True)

    def sort_key(self) -> tuple:
        return (self.file or "", self.sheet or "", self.row or 0, self.cell or "", self.code)


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col_index: int) -> str:
    """1-based sheet row and 0-based column index → ``D12``."""
    return f"{column_letter(col_index)}{row}"
