"""SARIF 2.1.0 for code scanning (GitHub's ``upload-sarif``, Azure DevOps, any SARIF
viewer): one run of the ``kcbudget`` driver, a rule per code found, with its title,
message and hint in the run's language as help, and a result per finding located at
the file (``physicalLocation``: the workbook, its row as the line and its column as
the column) and at the cell (``logicalLocations``: ``'Sheet'!C24``).  A file that could
not be read is an error result of KC100 and a tool execution notification."""

from __future__ import annotations

from typing import Any

import hashlib
import json
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from kcbudget import __version__
from kcbudget.model.codes import SEVERITIES
from kcbudget.render.catalogue import CODES, shown
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.model.results import ValidationResult
from kcbudget.render import untrusted

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(file: str) -> str:
    """A workbook path as a SARIF ``uri``: relative paths stay relative (code scanning
    resolves them from the repository's root), with ``/`` separators and every
    character that is not allowed in a URI percent-encoded; absolute ones are
    ``file://`` URIs."""
    path = PureWindowsPath(file).as_posix() if "\\" in file else file
    posix = PurePosixPath(path)
    text = quote(posix.as_posix(), safe="/")
    if posix.is_absolute():
        return "file://" + text
    return text[2:] if text.startswith("./") else text


def cell_column(cell: str | None) -> int | None:
    """``C24`` → 3 (1-based), ``None`` for no cell."""
    if not cell:
        return None
    letters = "".join(ch for ch in cell if ch.isalpha()).upper()
    if not letters or not letters.isascii():
        return None
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _where(d: Diagnostic) -> str:
    if d.sheet and d.cell:
        return f"'{d.sheet}'!{d.cell}"
    return d.sheet or ""


def _rule(code: str, lang: str) -> dict:

    entry = CODES[code]
    message, hint = shown(entry.message[lang]), shown(entry.hint[lang])
    help_text = message
    if hint and hint not in ("{hint}", "{suggestion}"):
        help_text += " " + hint
    return {"id": code, "name": code,
            "shortDescription": {"text": untrusted.visible(entry.title[lang])},
            "fullDescription": {"text": untrusted.visible(message)},
            "help": {"text": untrusted.visible(help_text),
                     "markdown": untrusted.markdown_cell(help_text)},
            "defaultConfiguration": {"level": _LEVEL[SEVERITIES[code].value]},
            "properties": {"tags": ["khuyến công", f"KC{code[2]}xx"]}}


def _location(d: Diagnostic) -> dict:
    location: dict = {}
    if d.file:
        physical: dict = {"artifactLocation": {"uri": artifact_uri(d.file)}}
        if d.row:
            region = {"startLine": int(d.row)}
            column = cell_column(d.cell)
            if column:
                region["startColumn"] = column
            physical["region"] = region
        location["physicalLocation"] = physical
    where = _where(d)
    if where:
        logical = {"name": untrusted.visible(d.cell or d.sheet),
                   "fullyQualifiedName": untrusted.visible(where),
                   "kind": "element" if d.cell else "module"}
        location["logicalLocations"] = [logical]
    return location


def _fingerprint(d: Diagnostic) -> str:
    key = "\x1f".join([d.code, d.file or "", d.sheet or "", d.cell or "", d.column or ""])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def to_dict(result: ValidationResult, lang: str = "vi") -> dict:

    codes = sorted({d.code for d in result.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in result.diagnostics:
        message = (d.message or "") + (f" — {d.hint}" if d.hint else "")
        where = _where(d)
        item: dict[str, Any] = {"ruleId": d.code, "ruleIndex": index[d.code],
                                "level": _LEVEL[d.severity.value],
                "message": {"text": untrusted.visible(f"{where}: {message}" if where
                                                      else message)},
                "fingerprints": {"kcbudget/v1": _fingerprint(d)}}
        location = _location(d)
        if location:
            item["locations"] = [location]
        results.append(item)
    notifications = [{"level": "error", "message": {"text": untrusted.visible(line)}}
                     for line in result.unreadable]
    run = {"tool": {"driver": {"name": "kcbudget", "version": __version__,
                               "semanticVersion": __version__,
                               "rules": [_rule(code, lang) for code in codes]}},
           "invocations": [{"executionSuccessful": not result.unreadable,
                            "toolExecutionNotifications": notifications}],
           "columnKind": "unicodeCodePoints",
           "results": results}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def to_sarif(result: ValidationResult, lang: str = "vi") -> str:
    return untrusted.json_safe(json.dumps(to_dict(result, lang), ensure_ascii=False, indent=2))
