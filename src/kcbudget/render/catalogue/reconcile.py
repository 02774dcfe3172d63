"""The words of a reconciliation: its headers and outcomes, a đề án status in the xlsx
report, and the report's title block."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "reconcile": {
        "program": ("Nguồn", "Program"),
        "planned": ("Kế hoạch", "Planned"),
        "executed": ("Thực hiện", "Executed"),
        "variance": ("Chênh lệch", "Variance"),
        "attainment_pct": ("TH/KH (%)", "Attainment %"),
        "share_planned_pct": ("Tỷ trọng KH (%)", "Share of plan %"),
        "share_executed_pct": ("Tỷ trọng TH (%)", "Share executed %"),
        "project_id": ("Mã đề án", "Project ID"),
        "project_name": ("Tên đề án", "Project"),
        "province": ("Tỉnh", "Province"),
        "year": ("Năm", "Year"),
        "outcome": ("Kết quả", "Outcome"),
        "differences": ("Khác nhau", "Differences"),
        "status": ("Trạng thái", "Status"),
        "matched_by": ("Ghép theo", "Matched by"),
        "similarity": ("Giống (%)", "Similarity %"),
        "plan_row": ("Dòng KH", "Plan row"),
        "actual_row": ("Dòng TH", "Actual row"),
        "matched": ("khớp", "matched"),
        "under": ("thực hiện thiếu", "under"),
        "over": ("vượt kế hoạch", "over"),
        "not_executed": ("chưa thực hiện", "not executed"),
        "unplanned": ("ngoài kế hoạch", "unplanned"),
        "conflict": ("mâu thuẫn", "conflict"),
        "ALL": ("Cộng", "All"),
        "KCDP": ("KCĐP", "KCĐP"),
        "totals": ("Tổng hợp theo nguồn", "Totals by program"),
        "attention": ("Cần xem lại", "Needs a look"),
        "counts": ("Số đề án", "Projects"),
        "all_matched": ("Mọi đề án đều khớp.", "Every đề án matched."),
        "summary": ("Tong hop", "Summary"),
        "unit": ("Đơn vị: {unit}", "Unit: {unit}"),
        "chart": ("Kế hoạch và thực hiện", "Planned and executed"),
    },
    "reconcile.status": {
        "planned": ("Kế hoạch", "planned"),
        "in_progress": ("Đang thực hiện", "in progress"),
        "accepted": ("Đã nghiệm thu", "accepted"),
        "cancelled": ("Hủy", "cancelled"),
    },
    "reconcile.report": {
        "title": (
            "BÁO CÁO ĐỐI CHIẾU KẾ HOẠCH VÀ THỰC HIỆN KHUYẾN CÔNG",
            "KHUYẾN CÔNG PLAN AND EXECUTION RECONCILIATION"),
        "files": ("Kế hoạch: {plan}; thực hiện: {actual}", "Plan: {plan}; execution: {actual}"),
        "where": (
            "Tỉnh/thành phố: {provinces}; năm: {years}",
            "Province: {provinces}; year: {years}"),
        "unknown": ("không ghi", "not stated"),
        "unit": ("Đơn vị tính: {unit}", "Unit: {unit}"),
        "made": ("Lập ngày {date} bằng kcbudget {version}", "Made on {date} by kcbudget {version}"),
        "sheet_head": ("{outcome}: {n} đề án", "{outcome}: {n} projects"),
        "page": ("Trang &P/&N", "Page &P of &N"),
    },
}
