"""The registry of diagnostic codes: each code and its severity, and :func:`diagnose`.

A diagnostic is data: its code, severity, where it is, and its ``params`` (the stated
and the computed value, the other reading, the base that fits, …).  Its words are
not here: :mod:`kcbudget.render.catalogue` holds the title, message and hint of
every code in Vietnamese and English and renders them from the params alone
(``docs/diagnostics.md`` is generated from it, with the params of each code).  A
test fails when a code is used without an entry in both.
"""

from __future__ import annotations

import os
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
    "KC114": Severity.warning,
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
    "KC315": Severity.warning,
    "KC316": Severity.warning,
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


#: what a param holds, as JSON (``docs/diagnostics.md`` gives this table); a kind
#: written ``a|b`` is either
KINDS: dict[str, str] = {
    "amount": "integer đồng (the message shows it in the unit of the table)",
    "number": "a number (a figure that is not money, or an amount in the table's unit)",
    "int": "an integer (a count, a row of the sheet, a year)",
    "pct": "a percentage as a number (`48.4` is 48,40%)",
    "text": "text, often a cell's, a header's or a file's own (untrusted)",
    "cell": "a cell's value as the sheet holds it: text, a number or a boolean (untrusted)",
    "phase": "a stage of the money: `planned`, `allocated`, `advanced`, `executed`, "
             "`accepted`, `disbursed` or `settled`",
    "program": "`KCQG`, `KCDP` or `ALL` (both)",
    "side": "`plan` or `actual`",
    "locale": "a way of writing numbers: `vi` (48.793,5) or `en` (48,793.5)",
    "unit": "a unit key: `dong`, `nghin`, `trieu` or `ty`",
    "phrase": "a phrase of the catalogue: `{\"phrase\": key, …its own params}`",
    "failure": "why the file cannot be read: `{\"failure\": key, \"params\": {…}}` "
               "(a message of the catalogue)",
}

#: the params of each code, by name, with their kind (:data:`KINDS`); the location
#: (file, sheet, cell, row, column, header) is the diagnostic's own and never a param
PARAMS: dict[str, dict[str, str]] = {
    "KC100": {"reason": "failure|text"},
    "KC101": {}, "KC102": {}, "KC103": {}, "KC104": {}, "KC105": {}, "KC106": {},
    "KC107": {"count": "int", "encoding": "text", "example": "text"},
    "KC108": {"other": "text"},
    "KC109": {"vi_example": "text", "en_example": "text", "locale": "locale"},
    "KC110": {"header_unit": "unit", "title_unit": "unit"},
    "KC112": {},
    "KC113": {"end": "int"},
    "KC114": {"filters": "text"},
    "KC115": {}, "KC116": {},
    "KC117": {"amount": "amount"},
    "KC118": {},
    "KC201": {"value": "cell", "unit": "unit"},
    "KC202": {"value": "number", "raw": "cell"},
    "KC203": {"value": "cell", "unit": "unit"},
    "KC204": {"formula": "text"},
    "KC205": {"value": "cell"},
    "KC206": {"value": "cell"},
    "KC207": {"value": "cell"},
    "KC208": {"value": "cell"},
    "KC209": {"value": "cell"},
    "KC210": {"hint": "text"},
    "KC211": {},
    "KC212": {"value": "cell", "unit": "unit"},
    "KC213": {"value": "text"},
    "KC301": {"support": "amount", "total": "amount"},
    "KC302": {"total": "amount", "parts": "amount", "diff": "amount", "hint": "text"},
    "KC303": {"executed": "amount", "planned": "amount"},
    "KC304": {"reported": "pct", "computed": "phrase", "formula": "phrase", "hint": "phrase",
              "base": "text"},
    "KC305": {"label": "text", "stated": "amount", "computed": "amount", "diff": "amount",
              "first": "int", "last": "int", "hint": "phrase"},
    "KC306": {"value": "cell", "other_row": "int", "year": "int|text"},
    "KC307": {"per_unit": "amount", "cap": "amount", "cap_name": "text", "source": "text"},
    "KC308": {"value": "cell", "province": "text", "expected": "text"},
    "KC309": {"phase": "phase", "stated": "amount", "computed": "amount", "diff": "amount",
              "hint": "phrase"},
    "KC310": {"place": "text", "year": "int|text", "program": "program", "phase": "phase",
              "count": "int", "files": "text"},
    "KC311": {"label": "text", "stated": "number", "computed": "number", "diff": "number",
              "first": "int", "last": "int"},
    "KC312": {"stated": "amount", "computed": "amount", "diff": "amount"},
    "KC313": {"label": "text", "stated": "amount", "computed": "amount", "diff": "amount",
              "first": "text", "last": "text"},
    "KC314": {"label": "text", "stated": "number", "computed": "number", "diff": "number",
              "first": "text", "last": "text"},
    "KC315": {"phase": "phase", "stated": "amount"},
    "KC316": {"place": "text", "year": "int|text", "program": "program", "phase": "phase",
              "summary_sheet": "text", "summary": "amount", "sheets": "text", "others": "amount"},
    "KC401": {"value": "cell", "count": "int", "side": "side", "rows": "text"},
    "KC402": {"plan_name": "text", "actual_name": "text", "similarity": "pct"},
    "KC403": {}, "KC404": {},
    "KC405": {"plan": "text", "actual": "text"},
    "KC406": {"side": "side", "rows": "int"},
    "KC501": {"value": "cell", "suggestion": "phrase|text"},
    "KC502": {"value": "cell", "suggestion": "phrase|text"},
    "KC503": {"value": "cell"},
}

_WORD_KINDS = {
    "phase": {"planned", "allocated", "advanced", "executed", "accepted", "disbursed",
              "settled"},
    "program": {"KCQG", "KCDP", "ALL"}, "side": {"plan", "actual"}, "locale": {"vi", "en"},
    "unit": {"dong", "nghin", "trieu", "ty"},
}


def fits(kind: str, value: Any) -> bool:
    """Whether a JSON-native param value is of ``kind`` (``a|b``: either)."""
    if "|" in kind:
        return any(fits(k, value) for k in kind.split("|"))
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in ("amount", "int"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("number", "pct"):
        return number
    if kind == "text":
        return isinstance(value, str)
    if kind == "cell":
        return isinstance(value, (str, int, float, bool))
    if kind in _WORD_KINDS:
        return value in _WORD_KINDS[kind]
    if kind == "phrase":
        return isinstance(value, dict) and isinstance(value.get("phrase"), str)
    if kind == "failure":
        return isinstance(value, dict) and isinstance(value.get("failure"), str)
    raise ValueError(f"unknown kind {kind!r}")


def plain(value: Any) -> Any:
    """A param value as JSON-native data: numpy scalars as Python numbers, a ``Decimal``
    as an ``int`` or a ``float`` where that is exact (else as its digits, text), enums by
    value, paths as text, an error as its failure key and values (``{"failure": key,
    "params": {…}}``)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):  # a number where JSON's is exact, else its digits
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value() and abs(value) < 1 << 53:
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
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
    """A diagnostic of ``code`` with its params as data; unknown codes are a bug.

    With ``KCBUDGET_CHECK_PARAMS=1`` (the test suite sets it) a param that
    :data:`PARAMS` does not declare for the code, or of another kind, is a ``TypeError``.
    """
    data = {k: plain(v) for k, v in params.items()}
    if os.environ.get("KCBUDGET_CHECK_PARAMS") == "1":
        check_params(code, data)
    return Diagnostic(
        code=code, severity=Severity(severity) if severity else SEVERITIES[code], file=file,
        sheet=sheet, cell=cell, row=int(row) if row is not None else None, column=column,
        header=header, params=data)


def check_params(code: str, params: dict[str, Any]) -> None:
    """A ``TypeError`` naming the first param of ``params`` that :data:`PARAMS` does not
    declare for ``code`` or whose value is not of its kind."""
    declared = PARAMS[code]
    for name, value in params.items():
        if name not in declared:
            raise TypeError(f"{code}: param {name!r} is not declared in PARAMS")
        if not fits(declared[name], value):
            raise TypeError(f"{code}: param {name!r} = {value!r} is not {declared[name]}")
