"""The words of a validation for people: the table's headers, the severities, the counts
of the verdict line, and the demo's closing notes."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "validate": {
        "cell": ("Ô", "Cell"),
        "severity": ("Mức", "Level"),
        "code": ("Mã", "Code"),
        "message": ("Nội dung", "Message"),
        "hint": ("Gợi ý", "Hint"),
        "error": ("lỗi", "error"),
        "warning": ("cảnh báo", "warning"),
        "info": ("thông tin", "info"),
        "file": ("Tệp", "File"),
        "sheet": ("Sheet", "Sheet"),
        "whole": ("(cả tệp)", "(whole file)"),
        "rows": ("dòng", "rows"),
        "files": ("tệp", "files"),
        "ok": ("Hợp lệ", "Valid"),
        "bad": ("Không hợp lệ", "Invalid"),
        "nothing": ("không có phát hiện nào", "no findings"),
    },
    # a count: "3 lỗi" / "1 error", "3 errors" (Vietnamese has no plural)
    "validate.count": {
        "files": ("tệp", "files"), "files_one": ("tệp", "file"),
        "rows": ("dòng", "rows"), "rows_one": ("dòng", "row"),
        "errors": ("lỗi", "errors"), "errors_one": ("lỗi", "error"),
        "warnings": ("cảnh báo", "warnings"), "warnings_one": ("cảnh báo", "warning"),
    },
    # the demo's closing notes and the findings under another command's table
    "validate.explain": {
        "title": ("Giải thích", "What was found"),
        "more": ("Chi tiết từng mã: docs/diagnostics.md. Kiểm tra tệp của bạn: "
                 "kcbudget validate TỆP.xlsx",
                 "Every code is described in docs/diagnostics.md. Check your own file: "
                 "kcbudget validate FILE.xlsx"),
        "findings": ("Phát hiện trong số liệu nguồn:", "Findings in the input figures:"),
    },
}
