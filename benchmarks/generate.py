"""Real-shaped workbooks for benchmarks: plan/actual pairs and a region's submissions.

    python benchmarks/generate.py 100000 --out benchmarks/data
    python benchmarks/generate.py --submissions 64 --submission-rows 40

A pair of ``rows`` đề án is written twice, with the same cells:
``plan-100000-shared.xlsx``/``actual-100000-shared.xlsx`` with a shared-strings
table (xlsxwriter's default, as Excel writes) and ``…-inline.xlsx`` with inline
strings (xlsxwriter's constant-memory mode, as many exporting systems write).
Each plan has a title block, the unit line, Vietnamese headers, đề án across all
63 provinces (the 34 units of 2025-07-01 for the year 2025), five years, both
programs and every activity of the reference data (by its name or one of its
short forms), project names made from those activities, one row in fifty with
amounts typed as Vietnamese number text (``1.234,5``); the actual is in đồng, in
another column order, with about 95 % of the đề án executed (half exactly, the
rest 80–105 %) and 2 % unplanned rows.

``--submissions N`` writes ``submissions-R/`` with N one-province workbooks of
R rows each (a province's yearly plan, as a regional office receives them).
Everything is deterministic for a given size.
"""

from __future__ import annotations

import argparse
import csv
import random
from functools import cache
from importlib import resources
from pathlib import Path

STRINGS = ("shared", "inline")
PRODUCTS = ["gỗ", "hạt điều", "nước mắm", "gạch không nung", "mây tre", "thổ cẩm", "cà phê",
            "gốm", "dệt may", "cơ khí", "chè", "nón lá", "bánh tráng", "muối", "tiêu"]
HEADERS_PLAN = ["STT", "Mã đề án", "Tên đề án", "Tỉnh/Thành phố", "Nội dung",
                "Nguồn kinh phí", "Năm", "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng"]


def _rows(name: str) -> list[dict]:
    text = resources.files("kcbudget.reference").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@cache
def reference() -> dict:
    """Provinces (63 old, 34 new), activities with their Vietnamese short forms, and
    the Vietnamese status words, from kcbudget's reference data."""
    provinces = _rows("provinces.csv")
    activities = []
    for row in _rows("activities.csv"):
        forms = [row["name_vi"]] + [a for a in row["aliases"].split("|")
                                    if a and not a.isascii()]
        activities.append((row["code"], forms))
    statuses = {row["value"]: [a for a in row["aliases"].split("|") if a and not a.isascii()]
                for row in _rows("statuses.csv")}
    return {"old": [p["name"] for p in provinces if p["era"] == "old"],
            "new": [p["name"] for p in provinces if p["era"] == "new"],
            "activities": activities, "statuses": statuses}


def vi_number(value_trieu: float) -> str:
    """``1234.5`` → ``1.234,5`` (Vietnamese number text)."""
    whole, _, frac = f"{value_trieu:.1f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + frac if frac and frac != "0" else "")


def _projects(rows: int, rng: random.Random, province: str | None = None,
              year: int | None = None, prefix: str = "DA") -> list[tuple]:
    ref = reference()
    projects = []
    for i in range(rows):
        y = year or 2021 + rng.randrange(5)
        p = province or rng.choice(ref["new"] if y == 2025 else ref["old"])
        program = "KCQG" if rng.random() < 0.35 else "KCĐP"
        _, forms = rng.choice(ref["activities"])
        category = forms[0] if rng.random() < 0.6 else rng.choice(forms)
        name = f"{rng.choice(forms)} {rng.choice(PRODUCTS)}"
        if rng.random() < 0.3:
            name += f" tại {p}"
        # triệu đồng, one decimal, within every support cap of Circular 28/2018
        planned = rng.randrange(200, 3000) / 10
        projects.append((f"{prefix}-{y}-{i:07d}", name, p, category, program, y, planned))
    return projects


def _book(path: Path, strings: str):
    import xlsxwriter

    if strings not in STRINGS:
        raise ValueError(f"strings must be one of {STRINGS}, not {strings!r}")
    return xlsxwriter.Workbook(path, {"constant_memory": strings == "inline"})


def _write_plan(path: Path, projects: list[tuple], strings: str, title: str,
                sheet_name: str = "KH") -> Path:
    book = _book(path, strings)
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0.0"})
    sheet.write_row(0, 0, ["SỞ CÔNG THƯƠNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                    bold)
    sheet.write_row(1, 0, ["TRUNG TÂM KHUYẾN CÔNG"], bold)
    sheet.write_row(3, 0, [title], bold)
    sheet.write_row(4, 0, ["Đơn vị tính: triệu đồng"])
    sheet.write_row(5, 0, HEADERS_PLAN, bold)
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
    return path


def _write_actual(path: Path, projects: list[tuple], strings: str, rng: random.Random) -> Path:
    ref = reference()
    book = _book(path, strings)
    sheet = book.add_worksheet("TH")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["SỞ CÔNG THƯƠNG"], bold)
    sheet.write_row(2, 0, ["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG GIAI ĐOẠN 2021-2025"], bold)
    sheet.write_row(3, 0, ["ĐVT: đồng"])
    sheet.write_row(4, 0, ["Tên đề án", "Mã số", "Nguồn kinh phí", "Tỉnh", "Năm",
                           "Kinh phí thực hiện", "Trạng thái"], bold)
    r = 5
    for pid, name, province, _activity, program, year, planned in projects:
        roll = rng.random()
        if roll < 0.05:
            continue  # not executed
        share = 1.0 if roll < 0.55 else rng.choice([0.9, 0.8, 0.95, 1.05])
        executed = round(planned * share * 10) * 100_000  # đồng
        status = rng.choice(ref["statuses"]["accepted" if share >= 1 else "in_progress"])
        sheet.write_row(r, 0, [name, pid, program, province, year, executed, status])
        r += 1
    for j in range(max(len(projects) // 50, 1)):  # unplanned
        sheet.write_row(r, 0, [f"Đề án phát sinh {j}", f"PS-{j:06d}", "KCĐP",
                               rng.choice(ref["old"]), 2023,
                               rng.randrange(10, 500) * 1_000_000, "Đang thực hiện"])
        r += 1
    book.close()
    return path


def pair_paths(rows: int, out: Path, strings: str = "shared") -> tuple[Path, Path]:
    return out / f"plan-{rows}-{strings}.xlsx", out / f"actual-{rows}-{strings}.xlsx"


def generate(rows: int, out: Path, strings: str = "shared") -> tuple[Path, Path]:
    """The plan/actual pair of ``rows`` đề án with ``strings`` = ``"shared"`` or
    ``"inline"``; the cells are the same for both."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(rows)
    projects = _projects(rows, rng)
    plan_path, actual_path = pair_paths(rows, out, strings)
    _write_plan(plan_path, projects, strings,
                "KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG GIAI ĐOẠN 2021-2025")
    _write_actual(actual_path, projects, strings, rng)
    return plan_path, actual_path


def submissions_dir(count: int, rows: int, out: Path) -> Path:
    return out / f"submissions-{count}x{rows}"


def generate_submissions(count: int, rows: int, out: Path) -> list[Path]:
    """``count`` one-province plans of ``rows`` đề án each (the 63 provinces in turn),
    shared strings, in ``out/submissions-COUNTxROWS/``."""
    folder = submissions_dir(count, rows, out)
    folder.mkdir(parents=True, exist_ok=True)
    old = reference()["old"]
    paths = []
    for k in range(count):
        rng = random.Random(1000 * count + k)
        province = old[k % len(old)]
        projects = _projects(rows, rng, province=province, year=2024, prefix=f"P{k:02d}")
        path = folder / f"ke-hoach-{k + 1:02d}.xlsx"
        _write_plan(path, projects, "shared",
                    f"KẾ HOẠCH KHUYẾN CÔNG NĂM 2024: {province.upper()}", "KH 2024")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="*")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--strings", choices=(*STRINGS, "both"), default="both")
    parser.add_argument("--submissions", type=int, default=0,
                        help="also write this many one-province workbooks")
    parser.add_argument("--submission-rows", type=int, default=40)
    args = parser.parse_args()
    for rows in args.rows:
        for strings in STRINGS if args.strings == "both" else (args.strings,):
            for path in generate(rows, args.out, strings):
                print(path)
    if args.submissions:
        for path in generate_submissions(args.submissions, args.submission_rows, args.out):
            print(path)


if __name__ == "__main__":
    main()
