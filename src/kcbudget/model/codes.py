"""The registry of diagnostic codes: each code and its severity, and :func:`diagnose`.

A diagnostic is data: its code, severity, where it is, and its ``params`` (the stated
and the computed value, the other reading, the base that fits, …).  Its words are
not here: :mod:`kcbudget.render.catalogue` holds the title, message and hint of
every code in Vietnamese and English and renders them from the params alone
(``docs/diagnostics.md`` is generated from it, with the params of each code).  A
test fails when a code is used without an entry in both.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from kcbudget.errors import KcbudgetError
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode, Severity

SEVERITIES: dict[str, Severity] = {
    "KC100": Severity.error,
    "KC101": Severity.info,
    "KC102": Severity.info,
    "KC103": Severity.error,
    "KC104": Severity.info,
    "KC105": Severity.warning,
    "KC106": Severity.error,
    "KC107": Severity.info,
    "KC108": Severity.warning,
    "KC109": Severity.warning,
    "KC110": Severity.warning,
    "KC112": Severity.warning,
    "KC113": Severity.warning,
    "KC114": Severity.info,
    "KC115": Severity.warning,
    "KC116": Severity.warning,
    "KC117": Severity.error,
    "KC118": Severity.error,
    "KC201": Severity.error,
    "KC202": Severity.error,
    "KC203": Severity.error,
    "KC204": Severity.error,
    "KC213": Severity.error,
    "KC205": Severity.error,
    "KC206": Severity.error,
    "KC207": Severity.warning,
    "KC208": Severity.error,
    "KC209": Severity.error,
    "KC210": Severity.error,
    "KC211": Severity.info,
    "KC212": Severity.error,
    "KC301": Severity.error,
    "KC302": Severity.error,
    "KC303": Severity.warning,
    "KC304": Severity.error,
    "KC305": Severity.error,
    "KC306": Severity.error,
    "KC307": Severity.warning,
    "KC308": Severity.warning,
    "KC310": Severity.warning,
    "KC309": Severity.error,
    "KC311": Severity.error,
    "KC312": Severity.error,
    "KC313": Severity.error,
    "KC314": Severity.error,
    "KC401": Severity.warning,
    "KC402": Severity.info,
    "KC403": Severity.warning,
    "KC404": Severity.warning,
    "KC405": Severity.warning,
    "KC406": Severity.error,
    "KC501": Severity.error,
    "KC502": Severity.warning,
    "KC503": Severity.warning,
}


def plain(value: Any) -> Any:
    """A param value as JSON-native data: numpy scalars as Python numbers, ``Decimal``
    as ``float`` (every figure here round-trips), enums by value, paths as text, an
    error as its failure key and values (``{"failure": key, "params": {…}}``)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, KcbudgetError):
        return {"failure": value.key,
                "params": {k: plain(v) for k, v in value.params.items()}}
    if isinstance(value, BaseException):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    item = getattr(value, "item", None)  # a numpy scalar
    if callable(item):
        return plain(item())
    return str(value)


def phrase(key: str, **params: Any) -> dict[str, Any]:
    """A param that is a phrase of the catalogue (``phrase("did_you_mean", guess=…)``):
    its key and its own params, as data; the renderer says it in the run's language."""
    return {"phrase": key, **{k: plain(v) for k, v in params.items()}}


def diagnose(code: DiagnosticCode, *, file: str | None = None, sheet: str | None = None,
             cell: str | None = None, row: int | None = None, column: str | None = None,
             header: str | None = None, severity: Severity | str | None = None,
             **params: Any) -> Diagnostic:
    """A diagnostic of ``code`` with its params as data; unknown codes are a bug."""
    return Diagnostic(
        code=code, severity=Severity(severity) if severity else SEVERITIES[code], file=file,
        sheet=sheet, cell=cell, row=int(row) if row is not None else None, column=column,
        header=header, params={k: plain(v) for k, v in params.items()})
