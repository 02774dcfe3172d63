"""Generated documentation: ``docs/diagnostics.md`` from the code registry."""

from __future__ import annotations

from kcbudget.model.codes import CODES

_FAMILIES = {
    "1": ("Tệp và cấu trúc", "File and structure"),
    "2": ("Giá trị ô", "Cell values"),
    "3": ("Giữa các dòng và dòng tổng", "Across rows and totals"),
    "4": ("Đối chiếu", "Reconciliation"),
    "5": ("Dữ liệu tham chiếu", "Reference data"),
}


def diagnostics_markdown() -> str:
    lines = [
        "# Diagnostics / Mã chẩn đoán",
        "",
        "Generated from `src/kcbudget/model/codes.py` — do not edit by hand; "
        "regenerate with `KCBUDGET_REGEN=1 python -m pytest tests/test_docs.py`.",
        "",
        "Every finding carries a stable code, a severity, the file, sheet, cell (A1), the "
        "sheet's own row number, the column key and the header as written. Messages and "
        "hints are in Vietnamese by default and in English with `--lang en`. "
        "`{…}` marks a value filled in from the workbook.",
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
            f"Severity: **{entry.severity.value}**",
            "",
            f"- vi: {entry.message['vi']}",
            f"- en: {entry.message['en']}",
        ]
        if entry.hint["vi"] and entry.hint["vi"] != "{hint}" and entry.hint["vi"] != "{suggestion}":
            lines += [f"- gợi ý: {entry.hint['vi']}", f"- hint: {entry.hint['en']}"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
