"""The workbooks of docs/huong-dan.md, made as the guide makes them: `kcbudget template`,
then the rows of its two example tables typed in (openpyxl stands in for Excel)."""

from __future__ import annotations

import os
from pathlib import Path

PLAN_ROWS = [  # A STT, B Mã, C Tên, D Tỉnh, E Nội dung, F Nguồn, G, H Số cơ sở, I, J, K, L, M
    [1, "BDI-2025-001", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hạt điều",
     "Bình Định", "Ứng dụng máy móc thiết bị tiên tiến", "KCQG", None, 1, 900, 300, 600, None,
     "Kế hoạch"],
    [2, "BDI-2025-002", "Xây dựng mô hình trình diễn kỹ thuật sản xuất gạch không nung",
     "Bình Định", "Xây dựng mô hình trình diễn kỹ thuật", "KCQG", None, 1, 2000, 500, 1500,
     None, "Kế hoạch"],
    [3, "BDI-2025-003", "Đào tạo nghề mây tre đan", "Bình Định", "Đào tạo nghề, truyền nghề",
     "KCĐP", None, None, 80, 80, "-", None, "Kế hoạch"],
    [4, "BDI-2025-004", "Hỗ trợ ứng dụng máy cán tôn", "Bình Định",
     "Ứng dụng máy móc thiết bị tiên tiến", "KCĐP", None, 1, 541.9, 260, 281.9, None,
     "Kế hoạch"],
    [5, "BDI-2025-005", "Tham gia Hội chợ triển lãm hàng công nghiệp nông thôn khu vực",
     "Bình Định", "Hội chợ, triển lãm", "KCĐP", None, 5, 150, 150, 0, None, "Kế hoạch"],
    [6, "BDI-2025-006", "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh",
     "Bình Định", "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu", "KCĐP", None, None,
     120, 120, 0, None, "Kế hoạch"],
    [None, None, "Tổng cộng", None, None, None, None, None, 3791.9, 1410, 2381.9, None, None],
]

ACTUAL_ROWS = [  # the guide's table gives B, C, F, I, J, K and M
    [1, "BDI-2025-001", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hạt điều",
     "KCQG", 900, 300, 600, "Đã nghiệm thu"],
    [2, "BDI-2025-002", "Xây dựng mô hình trình diễn kỹ thuật sản xuất gạch không nung",
     "KCQG", 1400, 350, 1050, "Đang thực hiện"],
    [3, "BDI-2025-003", "Đào tạo nghề mây tre đan", "KCĐP", 84.5, 84.5, 0, "Đã nghiệm thu"],
    [4, "BDI-2025-004", "Hỗ trợ ứng dụng máy cán tôn", "KCQG", 541.9, 260, 281.9,
     "Đã nghiệm thu"],
    [5, "BDI-2025-006", "Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm 2025", "KCĐP", 120,
     120, 0, "Đã nghiệm thu"],
    [6, "BDI-2025-007",
     "Tuyên truyền hoạt động khuyến công trên Đài Phát thanh - Truyền hình tỉnh", "KCĐP", 45,
     45, 0, "Đã nghiệm thu"],
    [None, None, "Tổng cộng", None, 2991.4, 1159.5, 1931.9, None],
]


def make_guide_books(folder: Path) -> tuple[Path, Path]:
    """ke-hoach.xlsx and thuc-hien.xlsx in ``folder``, as after step 3 of the guide."""
    import openpyxl

    from tests.conftest import run_kcbudget

    here = os.getcwd()
    os.chdir(folder)  # the guide's commands run in the folder of the workbooks
    try:
        for kind, name in (("plan", "ke-hoach.xlsx"), ("actual", "thuc-hien.xlsx")):
            made = run_kcbudget("template", name, "--kind", kind, "--year", "2025",
                                "--province", "Bình Định")
            assert made.returncode == 0, made.stderr
    finally:
        os.chdir(here)
    plan, actual = folder / "ke-hoach.xlsx", folder / "thuc-hien.xlsx"
    book = openpyxl.load_workbook(plan)
    sheet = book["KH 2025"]
    for r, row in enumerate(PLAN_ROWS, start=8):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    book.save(plan)
    book = openpyxl.load_workbook(actual)
    sheet = book["TH 2025"]
    columns = [1, 2, 3, 6, 9, 10, 11, 13]
    for r, row in enumerate(ACTUAL_ROWS, start=8):
        for c, value in zip(columns, row):
            if value is not None:
                sheet.cell(r, c, value)
    book.save(actual)
    return plan, actual
