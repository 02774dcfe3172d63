"""Time and peak memory of ``kcbudget validate`` at each limit, for docs/limits.md.

    python benchmarks/limits.py                 # everything (about 3 minutes)
    python benchmarks/limits.py --rows 50000    # a smaller real-shaped workbook
    python benchmarks/limits.py --only bomb,laughs

Each file is built in a temporary folder (the hostile ones with the builders of
``tests/test_hostile.py``), then ``python -m kcbudget validate FILE`` runs in a child
process; its wall time and its own peak RSS (through a small launcher, see ``run_cli``) are
printed as a Markdown table.  Run one benchmark at a time on a quiet machine: the figures are wall-clock.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import test_hostile as h  # noqa: E402  (the builders of the hostile files)

MiB = 1 << 20


def real_workbook(path: Path, rows: int, seed: int = 0) -> Path:
    """A project-list workbook shaped like the sample plan (title block, header, one row
    per đề án with mostly unique names and beneficiaries, a total row), written as Excel
    writes it: shared strings, numbers as numbers.  xlsxwriter, constant memory."""
    import xlsxwriter

    rnd = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": False,
                                           "strings_to_numbers": False})
    ws = book.add_worksheet("KH 2022")
    ws.write_row(0, 0, ["SỞ CÔNG THƯƠNG TỈNH BÌNH ĐỊNH", None, None, None,
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.write_row(1, 0, ["TRUNG TÂM KHUYẾN CÔNG VÀ XTTM", None, None, None,
                        "Độc lập - Tự do - Hạnh phúc"])
    ws.write(3, 0, "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022")
    ws.write(4, 0, "Đơn vị tính: triệu đồng")
    ws.write_row(5, 0, ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí",
                        "Đơn vị thụ hưởng", "Tổng kinh phí", "Kinh phí khuyến công",
                        "Vốn đối ứng", "Trạng thái"])
    works = ["chế biến hạt điều", "sản xuất gạch không nung", "sản xuất bún, bánh tráng",
             "mây tre đan", "sản xuất nước đá", "chế biến cá", "dệt thổ cẩm", "gốm sứ",
             "mộc mỹ nghệ", "chế biến chè"]
    contents = ["Máy móc thiết bị tiên tiến", "Mô hình trình diễn kỹ thuật", "Đào tạo nghề",
                "Hội chợ triển lãm", "Xử lý ô nhiễm môi trường"]
    places = ["huyện Phù Cát", "TX An Nhơn", "TX Hoài Nhơn", "huyện Tây Sơn", "huyện Phù Mỹ",
              "TP Quy Nhơn"]
    total = [0, 0, 0]
    for i in range(1, rows + 1):
        cost = rnd.randint(50, 5000)
        kc = rnd.randint(10, cost)
        total = [total[0] + cost, total[1] + kc, total[2] + cost - kc]
        ws.write_row(5 + i, 0, [
            i, f"BDI-2022-{i:07d}",
            f"Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong {rnd.choice(works)} số {i}",
            rnd.choice(contents), rnd.choice(["KCQG", "KCĐP"]),
            f"Cơ sở {rnd.choice(works)} {rnd.randint(1, 99999)} ({rnd.choice(places)})",
            cost, kc, cost - kc, "Kế hoạch"])
    ws.write_row(6 + rows, 2, ["Tổng cộng", None, None, None, *total])
    book.close()
    return path


def csv_file(path: Path, rows: int) -> Path:
    rnd = random.Random(1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("STT,Mã đề án,Tên đề án,Nội dung,Nguồn kinh phí,Tỉnh,Kinh phí khuyến công\n")
        for i in range(1, rows + 1):
            fh.write(f"{i},CSV-{i:07d},Đào tạo nghề mây tre đan số {i},Đào tạo nghề,"
                     f"{rnd.choice(['KCQG', 'KCĐP'])},Bình Định,{rnd.randint(10, 900)}\n")
    return path


def archive_facts(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    size = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    return (f"{path.stat().st_size / MiB:.1f} MiB on disk, {size / MiB:.0f} MiB inflated, "
            f"ratio {size / max(packed, 1):.0f}, {len(infos)} members")


def cases(folder: Path, rows: int):
    """(key, limit, what, builder, extra CLI args)."""
    def parts_with_members(n):
        def build(p):
            parts = h.base_parts()
            for i in range(n):
                parts[f"xl/media/m{i}.xml"] = b"<a/>"
            return h.write_zip(p, parts)
        return build

    def rows_book(p):
        return real_workbook(p, rows)

    yield ("bomb", "max_ratio 200", "zip bomb: one sheet of 1.1 GiB of zeros",
           lambda p: h.zip_bomb(p, 1100), [])
    yield ("total", "max_uncompressed 2 GiB", "2.1 GiB sheet at ratio ~150 (14 MiB file)",
           lambda p: h.sheet_text_bomb(p, 2150), [])
    yield ("members", "max_members 10 000", "10 001 tiny members",
           parts_with_members(10_001), [])
    yield ("members-ok", "max_members 10 000", "9 990 tiny XML members (accepted; each prolog read)",
           parts_with_members(9_990), [])
    yield ("many-small", "archive ratio 200", "1 500 members of 1 MiB of zeros each",
           lambda p: h.many_members_bomb(p, 1500), [])
    yield ("laughs", "DTD/entities", "billion laughs in sharedStrings.xml",
           lambda p: h.billion_laughs(p), [])
    yield ("laughs-padded", "DTD/entities", "billion laughs behind 200 KiB of comment",
           lambda p: h.billion_laughs(p, pad=200_000), [])
    yield ("sst", "max_shared_strings 256 MiB", "1.5 GiB sharedStrings.xml at ratio ~150",
           lambda p: h.shared_strings_bomb(p, 1500, one_string=False), [])
    yield ("sst-text", "max_text 1 MiB", "one 200 MiB shared string",
           lambda p: h.shared_strings_bomb(p, 200), [])
    yield ("sst-ok", "max_shared_strings 256 MiB", "250 MiB of 1 MiB shared strings (accepted)",
           lambda p: h.shared_strings_bomb(p, 250, one_string=False), ["--format", "json"])
    yield ("dimension", "max_rows 1 000 000", "<dimension> declaring 5 000 000 rows",
           lambda p: h.write_zip(p, {**h.base_parts(), "xl/worksheets/sheet1.xml":
                                     h.sheet_xml(dimension=b"A1:K5000000")}), [])
    yield ("rows", "max_rows", f"real-shaped {rows:,}-row workbook, --max-rows {rows // 2:,}",
           rows_book, ["--max-rows", str(rows // 2)])
    yield ("real", "(all defaults)", f"real-shaped {rows:,}-row workbook (accepted)",
           rows_book, ["--format", "json"])
    # issue 13: what the reader allocates and does, measured from the real content
    yield ("far-cell", "max_columns 1 024", "A1 and one cell at XFD1048576",
           lambda p: h.far_cell(p, b"XFD1048576"), [])
    yield ("xfd5000", "max_columns 1 024", "A1 and one cell at XFD5000",
           lambda p: h.far_cell(p, b"XFD5000"), [])
    yield ("grid", "max_grid 16 M cells", "A1 and one cell at Z1048576",
           lambda p: h.far_cell(p, b"Z1048576"), [])
    yield ("wide", "max_columns 1 024", "one row of 16 384 cells", h.wide_sheet, [])
    yield ("wide-ok", "max_columns 1 024", "one row of 1 024 cells (accepted)",
           lambda p: h.wide_sheet(p, 1024), [])
    yield ("lying", "real inflated size", "directory says 200 KB, the sheet inflates to 1.5 GiB",
           h.lying_directory, [])
    yield ("merges", "max_merges 65 536", "1 000 000 merged ranges", h.many_merges, [])
    yield ("merges-ok", "max_merges 65 536", "60 000 merged ranges (accepted)",
           lambda p: h.many_merges(p, 60_000), [])
    yield ("sheets", "max_sheets 256", "5 000 one-cell sheets", h.many_sheets, [])
    yield ("sheets-ok", "max_sheets 256", "256 one-cell sheets (accepted)",
           lambda p: h.many_sheets(p, 256), [])
    yield ("bin-dtd", "DTD in every parsed part", "billion laughs in a sheet named sheet1.bin",
           h.dtd_in_a_bin_sheet, [])
    yield ("xls-dims", "reader_memory 1 GiB", ".xls declaring 1 048 576 × 16 384",
           h.xls_declaring, [])
    yield ("xls-cut", "child process", ".xls cut 264 bytes short (a Rust panic)",
           lambda p: p.write_bytes((h.FIXTURES / "ke-hoach.xls").read_bytes()[:-264]) and p, [])
    yield ("xls-ok", "child process", "the sample plan as .xls (accepted)",
           lambda p: p.write_bytes((h.FIXTURES / "ke-hoach.xls").read_bytes()) and p, [])
    yield ("csv", "max_rows (CSV)", f"{rows:,}-row CSV, --max-rows {rows // 2:,}",
           lambda p: csv_file(p, rows), ["--max-rows", str(rows // 2)])
    yield ("csv-ok", "max_uncompressed (CSV size)", f"{rows:,}-row CSV (accepted)",
           lambda p: csv_file(p, rows), ["--format", "json"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    only = {k for k in args.only.split(",") if k}
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}")
    print()
    print("| case | limit | file | build | exit | wall | peak RSS | message |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built: dict[str, Path] = {}
        for key, limit, what, build, extra in cases(folder, args.rows):
            if only and key not in only:
                continue
            suffix = ".csv" if key.startswith("csv") else ".xls" if key.startswith("xls") \
                else ".xlsx"
            path = folder / f"{key}{suffix}"
            start = time.monotonic()
            reuse = "rows" if key == "real" else None
            if reuse and reuse in built:
                path = built[reuse]
            else:
                build(path)
            built[key] = path
            build_s = time.monotonic() - start
            facts = (archive_facts(path) if suffix == ".xlsx" and key != "members"
                     else f"{path.stat().st_size / MiB:.1f} MiB")
            run = h.run_cli(["validate", path, *extra], timeout=900)
            message = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
            message = message.replace(str(path), path.name)[:110]
            print(f"| {key}: {what} | {limit} | {facts} | {build_s:.1f} s | {run.code} | "
                  f"{run.wall:.2f} s | {run.peak_mib:.0f} MiB | {message} |", flush=True)


if __name__ == "__main__":
    main()
