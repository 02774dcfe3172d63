"""A diagnostic is data: where, what, and what to do about it."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kcbudget.model.sayer import say


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


DiagnosticCode = Literal[
    "KC100", "KC101", "KC102", "KC103", "KC104", "KC105", "KC106", "KC107",
    "KC108", "KC109", "KC110", "KC112", "KC113", "KC114", "KC115", "KC116",
    "KC117", "KC118", "KC201", "KC202", "KC203", "KC204", "KC213", "KC205",
    "KC206", "KC207", "KC208", "KC209", "KC210", "KC211", "KC212", "KC301",
    "KC302", "KC303", "KC304", "KC305", "KC306", "KC307", "KC308", "KC310",
    "KC309", "KC311", "KC312", "KC313", "KC314", "KC315", "KC316", "KC401", "KC402", "KC403",
    "KC404", "KC405", "KC406", "KC501", "KC502", "KC503",
]


class Diagnostic(BaseModel):
    """One finding, located at a cell where there is one.

    ``row`` is the sheet's own (1-based) row number; ``cell`` the A1
    reference; both are ``None`` for a whole-file or whole-sheet finding.
    ``params`` are the finding as data (JSON-native values: the stated and the
    computed figure, the other reading, …): the core makes a finding from its code,
    location and params alone.  ``message`` and ``hint`` are its words in one language,
    said from those by :func:`kcbudget.render.catalogue.localize` (the library and the
    CLI do it before they hand a diagnostic over); a finding not yet said (``said`` is
    false: one straight from the reader) is said in Vietnamese, the tool's language,
    when its message is asked for.
    """

    # defer_build: the validator is built at the first Diagnostic, not at import
    model_config = ConfigDict(defer_build=True, frozen=True, populate_by_name=True)

    code: DiagnosticCode
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    said_message: str | None = Field(default=None, alias="message")
    said_hint: str | None = Field(default=None, alias="hint")
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def said(self) -> bool:
        """Whether the finding was put into words in a language (``localize``)."""
        return self.said_message is not None

    @property
    def message(self) -> str:
        return self.said_message if self.said_message is not None else self._words()[0]

    @property
    def hint(self) -> str | None:
        return self.said_hint if self.said_message is not None else self._words()[1]

    def _words(self) -> tuple[str, str | None]:
        words = say(self)  # the catalogue's, in Vietnamese (kcbudget.model.sayer)
        return words if words is not None else (self.code, None)

    def sort_key(self) -> tuple[str, str, int, str, str]:
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
