"""Generated documentation: ``docs/diagnostics.md`` from the code registry."""

from __future__ import annotations

from kcbudget.model.codes import SEVERITIES
from kcbudget.render.catalogue import CODES, PHRASES, placeholders, specs

_FAMILIES = {
    "1": ("Tệp và cấu trúc", "File and structure"),
    "2": ("Giá trị ô", "Cell values"),
    "3": ("Giữa các dòng và dòng tổng", "Across rows and totals"),
    "4": ("Đối chiếu", "Reconciliation"),
    "5": ("Dữ liệu tham chiếu", "Reference data"),
}


_KINDS = {"amount": "integer đồng", "in_unit": "integer đồng (shown in `unit`)",
          "num": "number", "int": "integer", "pct": "percent", "pct_bare": "percent",
          "size": "bytes", "phase": "phase key", "side": "`plan` or `actual`",
          "way": "locale (`vi`/`en`)", "locale": "locale (`vi`/`en`)", "program": "program key",
          "unit": "unit key"}
_GIVEN = ("sheet", "header", "column", "row")  # the diagnostic's own fields


def _params(templates: str) -> str:
    """The params a code's templates name, each with its kind (text by default)."""
    found = {name: _KINDS.get(spec, "text") for name, spec in specs(templates).items()
             if name not in _GIVEN}
    names = sorted(placeholders(templates) - set(_GIVEN))
    return ", ".join(f"`{n}` ({found.get(n, 'text')})" for n in names) or "none"


def diagnostics_markdown() -> str:
    lines = [
        "# Diagnostics / Mã chẩn đoán",
        "",
        "Generated from `src/kcbudget/render/catalogue.py` (the words) and "
        "`src/kcbudget/model/codes.py` (the severities) — do not edit by hand; "
        "regenerate with `KCBUDGET_REGEN=1 python -m pytest tests/test_docs.py`.",
        "",
        "Every finding carries a stable code, a severity, the file, sheet, cell (A1), the "
        "sheet's own row number, the column key and the header as written. Messages and "
        "hints are in Vietnamese by default and in English with `--lang en`. "
        "`{…}` marks a value filled in from the workbook: the finding's params, which "
        "`--format json` gives as data under `params` (a phrase param is "
        "`{\"phrase\": key, …}`, rendered from the phrases at the end of this page).",
        "",
    ]
    family = None
    for code in sorted(CODES):
        entry = CODES[code]
        if code[2] != family:
            family = code[2]
            vi, en = _FAMILIES.get(family, ("", ""))
            lines += [f"## {family}xx — {vi} / {en}", ""]
        lines += [
            f"### {code} — {entry.title['vi']} / {entry.title['en']}",
            "",
            f"Severity: **{SEVERITIES[code].value}**",
            "",
            f"- vi: {entry.message['vi']}",
            f"- en: {entry.message['en']}",
        ]
        if entry.hint["vi"] and entry.hint["vi"] != "{hint}" and entry.hint["vi"] != "{suggestion}":
            lines += [f"- gợi ý: {entry.hint['vi']}", f"- hint: {entry.hint['en']}"]
        lines += ["", f"Params: {_params(entry.message['en'] + ' ' + entry.hint['en'])}", ""]
    lines += ["## Phrases", "", "Params whose value is a phrase (`{\"phrase\": key, …}`) are "
              "said with these templates, from the phrase's own params.", ""]
    for key, (vi, en) in PHRASES.items():
        lines += [f"- `{key}`: {vi} / {en}"]
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"
