"""Generated documentation: ``docs/diagnostics.md`` from the code registry."""

from __future__ import annotations

from kcbudget.model.codes import KINDS, PARAMS, SEVERITIES
from kcbudget.render.catalogue import CODES, PHRASES, shown

_FAMILIES = {
    "1": ("Tệp và cấu trúc", "File and structure"),
    "2": ("Giá trị ô", "Cell values"),
    "3": ("Giữa các dòng và dòng tổng", "Across rows and totals"),
    "4": ("Đối chiếu", "Reconciliation"),
    "5": ("Dữ liệu tham chiếu", "Reference data"),
}


def _params(code: str) -> str:
    """The params of a code, each with its kind."""
    return ", ".join(f"`{name}` ({kind.replace('|', ' or ')})"
                     for name, kind in PARAMS[code].items()) or "none"


def diagnostics_markdown() -> str:
    lines = [
        "# Diagnostics / Mã chẩn đoán",
        "",
        "Generated from `src/kcbudget/render/catalogue/` (the words) and "
        "`src/kcbudget/model/codes.py` (the severities and the params) — do not edit by hand; "
        "regenerate with `KCBUDGET_REGEN=1 python -m pytest tests/test_docs.py`.",
        "",
        "Every finding carries a stable code, a severity, the file, sheet, cell (A1), the "
        "sheet's own row number, the column key and the header as written. Messages and "
        "hints are in Vietnamese by default and in English with `--lang en`. "
        "`{…}` marks a value filled in from the workbook: the finding's location or one "
        "of its params.",
        "",
        "## Params",
        "",
        "A finding is data: `--format json` (and the library's `Diagnostic.params`) gives "
        "the values its message is said from under `params`, so that a script reads the "
        "stated and the computed figure, the other reading or the base that fits "
        "without parsing words. Each code below lists its params and their kinds; the "
        "location (`file`, `sheet`, `cell`, `row`, `column`, `header`) is the finding's "
        "own. A param may be absent where the finding has nothing to say for it.",
        "",
        "| kind | JSON |",
        "|---|---|",
        *(f"| {kind} | {text} |" for kind, text in KINDS.items()),
        "",
        "A phrase is said from the phrases at the end of this page, with its own params "
        "(which may be phrases too).",
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
            f"- vi: {shown(entry.message['vi'])}",
            f"- en: {shown(entry.message['en'])}",
        ]
        if entry.hint["vi"] and entry.hint["vi"] != "{hint}" and entry.hint["vi"] != "{suggestion}":
            lines += [f"- gợi ý: {shown(entry.hint['vi'])}", f"- hint: {shown(entry.hint['en'])}"]
        lines += ["", f"Params: {_params(code)}", ""]
    lines += ["## Phrases", "", "Params whose value is a phrase (`{\"phrase\": key, …}`) are "
              "said with these templates, from the phrase's own params.", ""]
    for key, (vi, en) in PHRASES.items():
        lines += [f"- `{key}`: {vi} / {en}"]
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"
