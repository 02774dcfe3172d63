"""The command line's own words: the demo's lines, the line ``template`` ends with, and
the headers of the ``provinces`` and ``regions`` tables."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "cli.demo": {
        "intro": ("Kiểm tra {n} tệp mẫu trong {folder}/ (các tệp loi-*, dang-*, *-bao-cao có "
                  "lỗi cố ý để minh họa).",
                  "Validating {n} sample files in {folder}/ (loi-*, dang-* and *-bao-cao hold "
                  "deliberate mistakes)."),
        "inspect": ("kcbudget đã hiểu một biểu thật thế nào (kcbudget inspect {path}):",
                    "What kcbudget understood of a real form (kcbudget inspect {path}):"),
    },
    "cli.template": {
        "done": ("đã tạo {out} (mẫu {kind}, năm {year}{where})",
                 "wrote {out} ({kind} template, {year}{where})"),
    },
    # a template's kind, as the line above names it
    "cli.template.kind": {
        "plan": ("kế hoạch", "plan"),
        "actual": ("kết quả thực hiện", "actual"),
        "summary": ("tổng hợp", "summary"),
    },
    "cli.provinces": {
        "code": ("Mã", "Code"),
        "province": ("Tỉnh/thành phố", "Province"),
        "region": ("Vùng", "Region"),
        "successor": ("Sau 2025-07-01", "From 2025-07-01"),
        "predecessors": ("Hợp nhất từ", "Merged from"),
    },
    "cli.regions": {
        "slug": ("Mã", "Slug"),
        "region": ("Vùng", "Region"),
        "count": ("Số tỉnh", "Provinces"),
        "members": ("Tỉnh", "Members"),
    },
}
