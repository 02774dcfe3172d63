"""Real-shaped plan/actual workbook pairs for benchmarks.

    python benchmarks/generate.py 100000 --out benchmarks/data

writes ``plan-100000.xlsx`` and ``actual-100000.xlsx``: a title block, the unit
line, Vietnamese headers, đề án across several provinces, years and both
programs, a few amounts written as Vietnamese number text (``1.234,5``), the
actual in đồng with about 90 % of each planned amount (some under, some over,
some not executed) plus unplanned rows, in another column order.  Written
with xlsxwriter in constant-memory mode; deterministic for a given size.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PROVINCES = ["Hà Nội", "Bình Định", "Gia Lai", "Đắk Lắk", "Quảng Nam", "Cần Thơ", "Hòa Bình",
             "Ninh Bình", "Nghệ An", "Cà Mau", "Lâm Đồng", "Tây Ninh"]
ACTIVITIES = ["Máy móc thiết bị tiên tiến", "Mô hình trình diễn", "Đào tạo nghề",
              "Hội chợ triển lãm", "Sản xuất sạch hơn", "Thông tin tuyên truyền"]
NAMES = ["Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến", "Xây dựng mô hình trình "
         "diễn kỹ thuật sản xuất", "Đào tạo nghề", "Tổ chức hội chợ triển lãm hàng công nghiệp "
         "nông thôn", "Tư vấn sản xuất sạch hơn", "Xây dựng bản tin khuyến công"]
PRODUCTS = ["gỗ", "hạt điều", "nước mắm", "gạch không nung", "mây tre", "thổ cẩm", "cà phê",
            "gốm", "dệt may", "cơ khí"]


def vi_number(value_trieu: float) -> str:
    """``1234.5`` → ``1.234,5`` (Vietnamese number text)."""
    whole, _, frac = f"{value_trieu:.1f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + frac if frac and frac != "0" else "")


def generate(rows: int, out: Path) -> tuple[Path, Path]:
    import xlsxwriter

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(rows)
    projects = []
    for i in range(rows):
        province = PROVINCES[i % len(PROVINCES)]
        year = 2021 + (i // len(PROVINCES)) % 5
        program = "KCQG" if rng.random() < 0.35 else "KCĐP"
        activity = rng.randrange(len(ACTIVITIES))
        # triệu đồng, one decimal, within the support caps of Circular 28/2018
        ceiling = {0: 3000, 1: 10000}.get(activity, 8000)
        planned = rng.randrange(200, ceiling) / 10
        projects.append((f"DA-{year}-{i:07d}", f"{NAMES[activity]} {rng.choice(PRODUCTS)}",
                         province, ACTIVITIES[activity], program, year, planned))

    plan_path = out / f"plan-{rows}.xlsx"
    book = xlsxwriter.Workbook(plan_path, {"constant_memory": True})
    sheet = book.add_worksheet("KH")
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0.0"})
    sheet.write_row(0, 0, ["SỞ CÔNG THƯƠNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                    bold)
    sheet.write_row(1, 0, ["TRUNG TÂM KHUYẾN CÔNG"], bold)
    sheet.write_row(3, 0, ["KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG GIAI ĐOẠN 2021-2025"], bold)
    sheet.write_row(4, 0, ["Đơn vị tính: triệu đồng"])
    sheet.write_row(5, 0, ["STT", "Mã đề án", "Tên đề án", "Tỉnh/Thành phố", "Nội dung",
                           "Nguồn kinh phí", "Năm", "Tổng kinh phí", "Kinh phí khuyến công",
                           "Vốn đối ứng"], bold)
    for i, (pid, name, province, activity, program, year, planned) in enumerate(projects):
        r = 6 + i
        counterpart = round(planned * 2.5, 1)
        sheet.write_number(r, 0, i + 1)
        sheet.write_string(r, 1, pid)
        sheet.write_string(r, 2, name)
        sheet.write_string(r, 3, province)
        sheet.write_string(r, 4, activity)
        sheet.write_string(r, 5, program)
        sheet.write_number(r, 6, year)
        total = round(planned + counterpart, 1)
        if i % 50 == 7:  # some cells typed as Vietnamese number text
            sheet.write_string(r, 7, vi_number(total))
            sheet.write_string(r, 8, vi_number(planned))
        else:
            sheet.write_number(r, 7, total, number)
            sheet.write_number(r, 8, planned, number)
        sheet.write_number(r, 9, counterpart, number)
    book.close()

    actual_path = out / f"actual-{rows}.xlsx"
    book = xlsxwriter.Workbook(actual_path, {"constant_memory": True})
    sheet = book.add_worksheet("TH")
    sheet.write_row(0, 0, ["SỞ CÔNG THƯƠNG"], bold)
    sheet.write_row(2, 0, ["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG GIAI ĐOẠN 2021-2025"], bold)
    sheet.write_row(3, 0, ["ĐVT: đồng"])
    sheet.write_row(4, 0, ["Tên đề án", "Mã số", "Nguồn kinh phí", "Tỉnh", "Năm",
                           "Kinh phí thực hiện", "Trạng thái"], bold)
    r = 5
    for pid, name, province, activity, program, year, planned in projects:
        roll = rng.random()
        if roll < 0.05:
            continue  # not executed
        share = 1.0 if roll < 0.55 else rng.choice([0.9, 0.8, 0.95, 1.05])
        executed = int(round(planned * share * 10)) * 100_000  # đồng
        sheet.write_row(r, 0, [name, pid, program, province, year, executed,
                               "Đã nghiệm thu" if share >= 1 else "Đang thực hiện"])
        r += 1
    for j in range(max(rows // 50, 1)):  # unplanned
        sheet.write_row(r, 0, [f"Đề án phát sinh {j}", f"PS-{j:06d}", "KCĐP",
                               PROVINCES[j % len(PROVINCES)], 2023,
                               rng.randrange(10, 500) * 1_000_000, "Đang thực hiện"])
        r += 1
    book.close()
    return plan_path, actual_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="+")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    args = parser.parse_args()
    for rows in args.rows:
        for path in generate(rows, args.out):
            print(path)


if __name__ == "__main__":
    main()
