"""The columns of the spreadsheet contract (``spec/spreadsheets.md``): each canonical key
and the headers that name it.

The row models (:mod:`kcbudget.model.rows`) take these as their aliases and JSON
Schema ``x-headers``; the header grammar (:mod:`kcbudget.read.headers`) folds them to
read header cells.
"""

from __future__ import annotations

# canonical key → aliases (Vietnamese and English), written naturally; folded at load
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "Số thứ tự", "TT", "No.", "No", "#"),
    "project_id": ("Mã đề án", "Mã số", "Mã", "Mã đề án/nhiệm vụ", "Project ID", "Code", "ID"),
    "year": ("Năm", "Năm thực hiện", "Year"),
    "province": ("Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh/thành phố", "Tỉnh", "Tỉnh/TP",
                 "Địa phương", "Đơn vị", "Tên tỉnh", "Province"),
    "region": ("Vùng", "Khu vực", "Region"),
    "program": ("Nguồn kinh phí", "Chương trình", "Nguồn", "Nguồn vốn", "Program", "Source"),
    "category": ("Nội dung", "Nội dung hoạt động", "Lĩnh vực", "Nội dung hỗ trợ", "Category",
                 "Activity", "Nội dung hoạt động khuyến công", "Nội dung khuyến công",
                 "Nội dung đề án", "Nhóm nội dung"),
    "project_name": ("Tên đề án", "Tên đề án/nhiệm vụ", "Tên đề án, nhiệm vụ", "Tên nhiệm vụ",
                     "Project name", "Project"),
    "beneficiary": ("Đơn vị thụ hưởng", "Cơ sở thụ hưởng", "Beneficiary",
                    "Tên cơ sở thụ hưởng", "Tên đơn vị thụ hưởng"),
    "implementing_unit": ("Đơn vị thực hiện", "Đơn vị chủ trì", "Đơn vị chủ trì thực hiện",
                          "Đơn vị thực hiện đề án", "Implementing unit"),
    "item": ("Chỉ tiêu", "Nội dung chỉ tiêu", "Tên chỉ tiêu", "Indicator"),
    "unit": ("ĐVT", "Đơn vị tính", "Đvt", "Unit of measure"),
    "beneficiaries": ("Số cơ sở thụ hưởng", "Số cơ sở", "Beneficiaries",
                      "Number of beneficiaries", "Số cơ sở được hỗ trợ", "Số lượng cơ sở",
                      "Số cơ sở, doanh nghiệp thụ hưởng", "Số đơn vị thụ hưởng"),
    "total_cost": ("Tổng kinh phí", "Tổng vốn", "Tổng kinh phí thực hiện", "Tổng vốn đầu tư",
                   "Total cost", "Tổng mức đầu tư", "Tổng kinh phí đề án"),
    "support": ("Kinh phí khuyến công", "Kinh phí hỗ trợ", "Kinh phí khuyến công hỗ trợ",
                "Kinh phí KC hỗ trợ", "Kinh phí", "Support", "Support amount",
                "Ngân sách nhà nước hỗ trợ", "Kinh phí ngân sách nhà nước hỗ trợ",
                "Kinh phí nhà nước hỗ trợ", "Ngân sách hỗ trợ", "Kinh phí ngân sách hỗ trợ",
                "Kinh phí hỗ trợ từ ngân sách", "Kinh phí khuyến công hỗ trợ từ ngân sách",
                "Hỗ trợ từ ngân sách", "Ngân sách khuyến công"),
    "counterpart": ("Vốn đối ứng", "Kinh phí đối ứng", "Đối ứng", "Counterpart",
                    "Counterpart funds", "Vốn đối ứng của cơ sở", "Vốn đối ứng của doanh nghiệp",
                    "Vốn đối ứng của đơn vị thụ hưởng", "Vốn đối ứng của cơ sở thụ hưởng",
                    "Kinh phí đối ứng của cơ sở", "Vốn đối ứng của đơn vị", "Vốn tự có",
                    "Vốn của cơ sở", "Đối ứng của cơ sở", "Vốn đối ứng của cơ sở, doanh nghiệp"),
    "other_funds": ("Nguồn khác", "Xã hội hóa", "Xã hội hoá", "Other funds", "Other",
                    "Nguồn vốn khác", "Kinh phí khác", "Vốn khác", "Huy động khác"),
    "planned": ("Kế hoạch", "Kinh phí kế hoạch", "Dự toán", "Kế hoạch giao", "Planned", "Plan"),
    "allocated": ("Phân bổ", "Kinh phí phân bổ", "Đã phân bổ", "Được phân bổ", "Allocated"),
    "advanced": ("Tạm ứng", "Kinh phí tạm ứng", "Đã tạm ứng", "Advanced", "Advance"),
    "executed": ("Thực hiện", "Kinh phí thực hiện", "Ước thực hiện",
                 "Kết quả thực hiện", "Đã thực hiện", "Executed", "Actual"),
    "accepted": ("Kinh phí nghiệm thu", "Giá trị nghiệm thu"),
    "disbursed": ("Giải ngân", "Kinh phí giải ngân", "Đã giải ngân", "Giá trị giải ngân",
                  "Disbursed"),
    "settled": ("Quyết toán", "Kinh phí quyết toán", "Đã quyết toán", "Giá trị quyết toán",
                "Settled"),
    "attainment_pct": ("Tỷ lệ", "Tỉ lệ", "Tỷ lệ thực hiện", "Tỉ lệ thực hiện", "% đạt",
                       "So với kế hoạch", "Tỷ lệ đạt", "TH/KH", "Attainment", "Attainment %",
                       "% of plan", "Tỷ lệ so với kế hoạch", "Tỉ lệ so với kế hoạch",
                       "So với kế hoạch năm", "Tỷ lệ so với kế hoạch năm", "Đạt",
                       "Tỷ lệ hoàn thành", "% so với kế hoạch", "% kế hoạch"),
    "share_pct": ("Tỷ trọng", "Tỉ trọng", "Chiếm", "Share", "Share %", "Cơ cấu"),
    "projects": ("Số đề án", "Số lượng đề án", "Số đề án/nhiệm vụ", "Projects",
                 "Number of projects", "Đề án", "Số đề án, nhiệm vụ"),
    "status": ("Trạng thái", "Tình trạng", "Status"),
}
