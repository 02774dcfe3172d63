#!/usr/bin/env python3
"""Build the real-shaped sample workbooks of ``sample_data/``.

Run from the repository root::

    python sample_data/build.py            # writes next to this script
    python sample_data/build.py --out DIR  # writes into DIR instead

Plain openpyxl, no kcbudget import: these files are input *for* kcbudget, so they
must not be shaped by its reader. Every amount is a ``Decimal`` until it is written;
every total is computed here and asserted against the figure that ``facts.md``
quotes from the conference reports. The output is deterministic: fixed document
properties and fixed zip timestamps, so a re-run gives byte-identical files with
the same openpyxl/zlib versions and identical cell contents everywhere.

What is a published figure and what is invented detail is listed in README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

D = Decimal
HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2022, 8, 18, 8, 0, 0)
ZIP_TIME = (2022, 8, 18, 8, 0, 0)
FONT = "Times New Roman"

# --------------------------------------------------------------------------- helpers


def pct(num: Decimal, den: Decimal, places: int = 2) -> Decimal:
    """``num / den`` as a percentage, rounded half-up (the reports' convention)."""
    q = D(1).scaleb(-places)
    return (D(num) * 100 / D(den)).quantize(q, rounding=ROUND_HALF_UP)


def cellnum(d: Decimal | int | None):
    """A Decimal as the cell value a clerk would type: int when whole, else float."""
    if d is None:
        return None
    d = D(d)
    if d == d.to_integral_value():
        return int(d)
    return float(str(d))


def vi_number(d: Decimal, dash_zero: bool = False) -> str:
    """Vietnamese number text: ``.`` groups thousands, ``,`` is the decimal mark."""
    d = D(d)
    if dash_zero and d == 0:
        return "-"
    sign = "-" if d < 0 else ""
    d = abs(d).normalize()
    text = f"{d:f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    return sign + out


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class Sheet:
    """A worksheet with the styling a clerk's sheet has (font, borders, merges)."""

    def __init__(self, ws, ncols: int, font: str = FONT):
        self.ws = ws
        self.ncols = ncols
        self.font = font
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4

    def put(self, r, c, v, *, bold=False, italic=False, size=12, h=None, v_align="center",
            fmt=None, border=False, wrap=False, underline=None, font=None):
        cell = self.ws.cell(row=r, column=c, value=v)
        cell.font = Font(name=font or self.font, size=size, bold=bold, italic=italic,
                         underline=underline)
        cell.alignment = Alignment(horizontal=h, vertical=v_align, wrap_text=wrap)
        if fmt:
            cell.number_format = fmt
        if border:
            cell.border = BOX
        return cell

    def merge(self, r1, c1, r2, c2, v, **style):
        self.put(r1, c1, v, **style)
        if style.get("border"):
            for rr in range(r1, r2 + 1):
                for cc in range(c1, c2 + 1):
                    self.ws.cell(row=rr, column=cc).border = BOX
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def widths(self, *ws_):
        for i, w in enumerate(ws_, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    # -- the parts of a Vietnamese administrative sheet --------------------------

    def title_block(self, agency: str, unit: str, title: str, subtitle: str | None,
                    unit_line: str, *, title_font: str | None = None,
                    encode=lambda s: s, encode_h=None) -> int:
        """Rows 1-6: agency / national motto, title, subtitle, unit. Returns the next row."""
        enc_h = encode_h or encode
        n = self.ncols
        left = max(2, n // 2 - (1 if n > 6 else 0))
        right0 = left + 1
        self.merge(1, 1, 1, left, enc_h(agency), h="center", font=title_font)
        self.merge(2, 1, 2, left, enc_h(unit), bold=True, h="center", underline="single",
                   font=title_font)
        self.merge(1, right0, 1, n, enc_h("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True,
                   h="center", font=title_font)
        self.merge(2, right0, 2, n, encode("Độc lập - Tự do - Hạnh phúc"), bold=True,
                   h="center", underline="single")
        self.merge(4, 1, 4, n, enc_h(title), bold=True, size=14, h="center", wrap=True,
                   font=title_font)
        self.ws.row_dimensions[4].height = 38
        if subtitle:
            self.merge(5, 1, 5, n, encode(subtitle), italic=True, h="center")
        self.merge(6, 1, 6, n, encode(unit_line), italic=True, h="right")
        return 7

    def header(self, row: int, cols: list[tuple[str, str | None]], encode=lambda s: s) -> int:
        """One- or two-level header. ``cols`` is (top, sub); sub None = one cell over both
        rows (two-level) or the only row (one-level). Returns the first data row."""
        two = any(sub is not None for _, sub in cols)
        style = dict(bold=True, h="center", wrap=True, border=True)
        if not two:
            for c, (top, _) in enumerate(cols, start=1):
                self.put(row, c, encode(top), **style)
            self.ws.row_dimensions[row].height = 48
            return row + 1
        c = 1
        while c <= len(cols):
            top, sub = cols[c - 1]
            if sub is None:
                self.merge(row, c, row + 1, c, encode(top), **style)
                c += 1
                continue
            end = c
            while end < len(cols) and cols[end][0] == top and cols[end][1] is not None:
                end += 1
            self.merge(row, c, row, end, encode(top), **style)
            for cc in range(c, end + 1):
                self.put(row + 1, cc, encode(cols[cc - 1][1]), **style)
            c = end + 1
        self.ws.row_dimensions[row].height = 30
        self.ws.row_dimensions[row + 1].height = 36
        return row + 2

    def row(self, r: int, values: list, fmts: list[str | None], *, bold=False, italic=False,
            aligns: list[str | None] | None = None):
        for c, (v, f) in enumerate(zip(values, fmts), start=1):
            h = aligns[c - 1] if aligns else None
            if h is None:
                h = "right" if isinstance(v, (int, float)) or v == "-" else "left"
                if c == 1:
                    h = "center"
            self.put(r, c, v, bold=bold, italic=italic, fmt=f if isinstance(v, (int, float))
                     else None, h=h, border=True, wrap=isinstance(v, str) and len(v) > 18)

    def signature(self, r: int, note: str, place_date: str, left: str, right: str,
                  encode=lambda s: s, note_font: str | None = None) -> int:
        """A blank row, then Ghi chú, the date line and the two signatures."""
        n = self.ncols
        half = max(2, n // 2)
        r += 1  # the blank row under the table
        self.merge(r, 1, r, n, note if note_font else encode(note), italic=True, h="left",
                   wrap=True, font=note_font)
        self.ws.row_dimensions[r].height = 32
        self.merge(r + 1, half + 1, r + 1, n, encode(place_date), italic=True, h="center")
        self.merge(r + 2, 1, r + 2, half, encode(left), bold=True, h="center")
        self.merge(r + 2, half + 1, r + 2, n, encode(right), bold=True, h="center")
        self.merge(r + 3, 1, r + 3, half, encode("(Ký, ghi rõ họ tên)"), italic=True, h="center")
        self.merge(r + 3, half + 1, r + 3, n, encode("(Ký tên, đóng dấu)"), italic=True,
                   h="center")
        return r + 4


def new_workbook() -> Workbook:
    wb = Workbook()
    p = wb.properties
    p.creator = "kcbudget sample_data/build.py"
    p.lastModifiedBy = "kcbudget sample_data/build.py"
    p.title = None
    p.created = FIXED_TIME
    p.modified = FIXED_TIME
    return wb


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed zip timestamps and a fixed ``dcterms:modified`` (openpyxl stamps
    the current time on every save), so that re-running the build changes nothing."""
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2022-08-18T08:00:00Z\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- reference

MIEN_BAC = ["Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Quảng Ninh", "Hải Dương", "Hải Phòng",
            "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Hà Giang", "Cao Bằng",
            "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Yên Bái", "Thái Nguyên", "Lạng Sơn",
            "Bắc Giang", "Phú Thọ", "Điện Biên", "Lai Châu", "Sơn La", "Hòa Bình",
            "Thanh Hóa", "Nghệ An", "Hà Tĩnh"]
MIEN_TRUNG = ["Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam",
              "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Kon Tum",
              "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"]
MIEN_NAM = ["Bình Thuận", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai",
            "Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre",
            "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ",
            "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau"]
assert (len(MIEN_BAC), len(MIEN_TRUNG), len(MIEN_NAM)) == (28, 15, 20)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# --------------------------------------------------------------------------- 1. Miền Trung

# 2021 executed (triệu đồng). Published: region totals KCQG 11.065, KCĐP 37.728, total
# 48.793 and Bình Định 1.000 / 3.500. Every other province's split is illustrative;
# Lâm Đồng is the balancing row.
MT_2021 = {  # province: (KCQG, KCĐP)
    "Quảng Bình": (720, 1850), "Quảng Trị": (650, 1620), "Thừa Thiên Huế": (880, 3200),
    "Đà Nẵng": (430, 6450), "Quảng Nam": (1050, 2900), "Quảng Ngãi": (760, 2150),
    "Bình Định": (1000, 3500), "Phú Yên": (690, 1780), "Khánh Hòa": (540, 4120),
    "Ninh Thuận": (820, 1350), "Kon Tum": (610, 1060), "Gia Lai": (900, 2480),
    "Đắk Lắk": (835, 1918), "Đắk Nông": (560, 950),
}
MT_2021_KCQG, MT_2021_KCDP, MT_2021_TOTAL = D(11065), D(37728), D(48793)
MT_2021["Lâm Đồng"] = (
    MT_2021_KCQG - sum(D(a) for a, _ in MT_2021.values()),
    MT_2021_KCDP - sum(D(b) for _, b in MT_2021.values()),
)
MT_2021 = {p: (D(a), D(b)) for p, (a, b) in MT_2021.items()}
assert list(MT_2021) == MIEN_TRUNG
assert sum(a for a, _ in MT_2021.values()) == MT_2021_KCQG
assert sum(b for _, b in MT_2021.values()) == MT_2021_KCDP
assert MT_2021_KCQG + MT_2021_KCDP == MT_2021_TOTAL
assert pct(MT_2021_KCQG, MT_2021_TOTAL) == D("22.68")
assert pct(MT_2021_KCDP, MT_2021_TOTAL) == D("77.32")
assert all(a > 0 and b > 0 for a, b in MT_2021.values())

# --------------------------------------------------------------------------- 5/6. Bình Định


@dataclass(frozen=True)
class Project:
    pid: str
    name: str
    content: str
    program: str  # "KCQG" / "KCĐP"
    beneficiary: str
    total: Decimal
    support: Decimal
    status: str = "Kế hoạch"

    @property
    def counterpart(self) -> Decimal:
        return self.total - self.support


def _bd(n, name, content, program, beneficiary, total, support):
    return Project(f"BDI-2022-{n:03d}", name, content, program, beneficiary, D(str(total)),
                   D(str(support)))


MMTB = "Máy móc thiết bị tiên tiến"
BD_PLAN = [
    # --- KCQG (4 đề án, 1.450 triệu)
    _bd(1, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hạt điều xuất khẩu",
        MMTB, "KCQG", "Cơ sở chế biến hạt điều (TX Hoài Nhơn)", 1084, 300),
    _bd(2, "Xây dựng mô hình trình diễn kỹ thuật sản xuất gạch không nung",
        "Mô hình trình diễn kỹ thuật", "KCQG", "Cơ sở sản xuất vật liệu xây dựng (huyện Phù Cát)",
        2450, 600),
    _bd(3, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất bún, bánh tráng",
        MMTB, "KCQG", "Cơ sở sản xuất bún, bánh tráng (TX An Nhơn)", 682, 300),
    _bd(4, "Hỗ trợ cơ sở công nghiệp nông thôn tham gia Hội chợ triển lãm hàng CNNT khu vực",
        "Hội chợ triển lãm", "KCQG", "Các cơ sở CNNT tiêu biểu của tỉnh", 250, 250),
    # --- KCĐP (31 đề án, 3.750 triệu)
    _bd(5, "Đào tạo nghề mây tre đan xuất khẩu", "Đào tạo nghề", "KCĐP",
        "Lao động nông thôn xã Bình Thành (huyện Tây Sơn)", "85.5", "85.5"),
    _bd(6, "Đào tạo nghề thêu ren", "Đào tạo nghề", "KCĐP",
        "Lao động nông thôn xã Phước Hòa (huyện Tuy Phước)", 72, 72),
    _bd(7, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hải sản khô",
        MMTB, "KCĐP", "Cơ sở chế biến hải sản khô (huyện Phù Mỹ)", "541.9", 200),
    _bd(8, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất nước mắm",
        MMTB, "KCĐP", "Cơ sở sản xuất nước mắm (huyện Phù Cát)", 620, 250),
    _bd(9, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong gia công cơ khí",
        MMTB, "KCĐP", "Cơ sở cơ khí (TX An Nhơn)", 780, 200),
    _bd(10, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến gỗ rừng trồng",
        MMTB, "KCĐP", "Cơ sở chế biến gỗ (huyện Vân Canh)", "455.6", 180),
    _bd(11, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất bánh tráng",
        MMTB, "KCĐP", "Cơ sở sản xuất bánh tráng (huyện Tuy Phước)", 310, 120),
    _bd(12, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất rượu",
        MMTB, "KCĐP", "Cơ sở sản xuất rượu (TX An Nhơn)", 265, 110),
    _bd(13, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất nón lá",
        MMTB, "KCĐP", "Cơ sở sản xuất nón lá (huyện Phù Cát)", "148.4", 70),
    _bd(14, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất gốm",
        MMTB, "KCĐP", "Cơ sở sản xuất gốm (TX An Nhơn)", 396, 100),
    _bd(15, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến tinh bột sắn",
        MMTB, "KCĐP", "Cơ sở chế biến tinh bột (huyện Hoài Ân)", "1455.6", 180),
    _bd(16, "Xây dựng mô hình trình diễn kỹ thuật chế biến đá granite",
        "Mô hình trình diễn kỹ thuật", "KCĐP", "Cơ sở chế biến đá (huyện Phù Cát)", 1200, 250),
    _bd(17, "Tư vấn đánh giá sản xuất sạch hơn trong chế biến thủy sản",
        "Sản xuất sạch hơn", "KCĐP", "Cơ sở chế biến thủy sản (TP Quy Nhơn)", 130, 95),
    _bd(18, "Tư vấn đánh giá sản xuất sạch hơn trong chế biến tinh bột",
        "Sản xuất sạch hơn", "KCĐP", "Cơ sở chế biến tinh bột (huyện Tây Sơn)", 120, 90),
    _bd(19, "Tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh năm 2022",
        "Sản phẩm CNNT tiêu biểu", "KCĐP", "Các cơ sở có sản phẩm tham gia bình chọn", 120, 120),
    _bd(20, "Tổ chức Hội chợ triển lãm hàng công nghiệp nông thôn tỉnh Bình Định",
        "Hội chợ triển lãm", "KCĐP", "Các cơ sở CNNT trong tỉnh", 200, 200),
    _bd(21, "Hỗ trợ cơ sở CNNT tham gia hội chợ triển lãm ngoài tỉnh",
        "Hội chợ triển lãm", "KCĐP", "Các cơ sở CNNT trong tỉnh", 80, 80),
    _bd(22, "Xây dựng bản tin khuyến công", "Thông tin tuyên truyền", "KCĐP",
        "Trung tâm Khuyến công và XTTM", 60, 60),
    _bd(23, "Xây dựng phóng sự truyền hình về hoạt động khuyến công", "Thông tin tuyên truyền",
        "KCĐP", "Trung tâm Khuyến công và XTTM", 75, 75),
    _bd(24, "Tập huấn nâng cao năng lực quản lý cho cơ sở CNNT", "Nâng cao năng lực quản lý",
        "KCĐP", "Chủ cơ sở CNNT trong tỉnh", 45, 45),
    _bd(25, "Tổ chức tham quan, học tập kinh nghiệm quản lý sản xuất",
        "Nâng cao năng lực quản lý", "KCĐP", "Chủ cơ sở CNNT trong tỉnh", 60, 60),
    _bd(26, "Tư vấn lập dự án đầu tư, tiếp thị cho cơ sở CNNT", "Tư vấn", "KCĐP",
        "Các cơ sở CNNT trong tỉnh", 40, 40),
    _bd(27, "Hỗ trợ lập quy hoạch chi tiết cụm công nghiệp", "Cụm công nghiệp", "KCĐP",
        "UBND huyện Hoài Ân", 100, 100),
    _bd(28, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến nông sản",
        MMTB, "KCĐP", "Cơ sở chế biến nông sản (huyện Hoài Ân)", 520, 238),
    _bd(29, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến sản xuất hộp giấy thay thế hộp xốp",
        MMTB, "KCĐP", "Cơ sở sản xuất bao bì giấy (TP Quy Nhơn)", 720, 200),
    _bd(30, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong may mặc",
        MMTB, "KCĐP", "Cơ sở may mặc (huyện Tuy Phước)", 360, 140),
    _bd(31, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất đồ gỗ mỹ nghệ",
        MMTB, "KCĐP", "Cơ sở đồ gỗ mỹ nghệ (huyện Tuy Phước)", 280, 110),
    _bd(32, "Đào tạo nghề chế biến thực phẩm", "Đào tạo nghề", "KCĐP",
        "Lao động nông thôn xã Cát Hanh (huyện Phù Cát)", "64.5", "64.5"),
    _bd(33, "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất nước đá",
        MMTB, "KCĐP", "Cơ sở sản xuất nước đá (huyện Phù Mỹ)", 210, 80),
    _bd(34, "Hỗ trợ sửa chữa hệ thống xử lý nước thải làng nghề bún",
        "Xử lý ô nhiễm môi trường", "KCĐP", "Làng nghề bún Song Thằn (TX An Nhơn)", 300, 87),
    _bd(35, "Đào tạo nghề đan lưới", "Đào tạo nghề", "KCĐP",
        "Lao động nông thôn xã Cát Tiến (huyện Phù Cát)", 48, 48),
]
BD_PLAN_TOTAL = D(5200)
assert len(BD_PLAN) == 35
assert sum(p.support for p in BD_PLAN) == BD_PLAN_TOTAL
BD_PLAN_KCQG = sum(p.support for p in BD_PLAN if p.program == "KCQG")
BD_PLAN_KCDP = sum(p.support for p in BD_PLAN if p.program == "KCĐP")
assert (BD_PLAN_KCQG, BD_PLAN_KCDP) == (D(1450), D(3750))
assert all(D(0) <= p.support <= p.total for p in BD_PLAN)
assert len({p.pid for p in BD_PLAN}) == 35

# The actual file (by end of July 2022). Per đề án: (executed support, executed counterpart,
# status, name override, program override). Amounts in triệu; written in đồng.
ACCEPTED = "Đã nghiệm thu"
IN_PROGRESS = "Đang thực hiện"
BD_ACCEPTED = [1, 3, 5, 6, 7, 8, 11, 16, 28, 29, 32]
BD_ACTUAL_SPEC: dict[int, dict] = {
    1: {}, 3: {}, 5: {}, 7: {}, 11: {}, 16: {}, 28: {}, 32: {},
    # under: the packaging machine came in cheaper; accepted at 187,5 of 200 planned
    29: {"support": D("187.5"), "counterpart": D("487.5")},
    # over: a larger class than planned, 84,5 against 72 planned
    6: {"support": D("84.5")},
    # same id, the name typed differently (abbreviation "MMTB", other wording)
    8: {"name": "Hỗ trợ ứng dụng MMTB tiên tiến vào sản xuất nước mắm truyền thống"},
    # in progress: partly executed (advances) -> under
    2: {"support": D(180), "counterpart": D(560), "status": IN_PROGRESS},
    9: {"support": D(100), "counterpart": D(280), "status": IN_PROGRESS},
    19: {"support": D(60), "status": IN_PROGRESS},
    20: {"support": D(150), "status": IN_PROGRESS},
    # conflict: planned as KCQG, reported under KCĐP
    4: {"support": D(100), "status": IN_PROGRESS, "program": "KCĐP"},
}
BD_UNPLANNED = Project(
    "BDI-2022-036", "Tư vấn khôi phục sản xuất cho cơ sở CNNT sau dịch Covid-19", "Tư vấn",
    "KCĐP", "Các cơ sở CNNT bị ảnh hưởng bởi dịch Covid-19", D(35), D(35), IN_PROGRESS)
BD_ACCEPT_DATES = {1: "22/6/2022", 3: "15/7/2022", 5: "28/4/2022", 6: "12/5/2022",
                   7: "30/6/2022", 8: "08/7/2022", 11: "24/6/2022", 16: "27/7/2022",
                   28: "19/7/2022", 29: "26/7/2022", 32: "20/5/2022"}


def bd_actual() -> list[Project]:
    rows = []
    plan = {int(p.pid[-3:]): p for p in BD_PLAN}
    for n, spec in sorted(BD_ACTUAL_SPEC.items()):
        p = plan[n]
        support = spec.get("support", p.support)
        cp = spec.get("counterpart", p.counterpart if "support" not in spec else D(0))
        rows.append(replace(p, name=spec.get("name", p.name), program=spec.get("program",
                    p.program), support=support, total=support + cp,
                    status=spec.get("status", ACCEPTED)))
    rows.append(BD_UNPLANNED)
    return rows


BD_ACTUAL = bd_actual()
_acc = [p for p in BD_ACTUAL if p.status == ACCEPTED]
assert sorted(int(p.pid[-3:]) for p in _acc) == BD_ACCEPTED and len(_acc) == 11
_plan_by_id = {p.pid: p for p in BD_PLAN}
BD_ACCEPTED_PLANNED = sum(_plan_by_id[p.pid].support for p in _acc)
assert BD_ACCEPTED_PLANNED == D(2080) == BD_PLAN_TOTAL * D("0.40")
assert sum(p.support for p in _acc) == D(2080)  # the under and the over cancel out
BD_7M_KCQG = sum(p.support for p in BD_ACTUAL if p.program == "KCQG")
BD_7M_KCDP = sum(p.support for p in BD_ACTUAL if p.program == "KCĐP")

# --------------------------------------------------------------------------- 1b. KH 2022

# Miền Trung 2022: plan (published totals KCQG 29.207, KCĐP 43.588), 7 months executed
# (published 3.538 / 17.166) and, for toan-quoc-2022, the full year executed (invented).
# Bình Định's plan is the 35-đề-án plan above and its 7 months the actual file above.
# Lâm Đồng balances every column.
MT_2022 = {  # province: (plan KCQG, plan KCĐP, 7m KCQG, 7m KCĐP, year KCQG, year KCĐP)
    "Quảng Bình": (1950, 2400, 180, 960, 1890, 2150),
    "Quảng Trị": (1720, 2050, 140, 820, 1650, 1800),
    "Thừa Thiên Huế": (2300, 3600, 220, 1540, 2240, 3250),
    "Đà Nẵng": (1100, 7000, 120, 2650, 1060, 6450),
    "Quảng Nam": (2650, 3600, 240, 1380, 2560, 3150),
    "Quảng Ngãi": (2050, 2700, 230, 1050, 1980, 2380),
    "Bình Định": (BD_PLAN_KCQG, BD_PLAN_KCDP, BD_7M_KCQG, BD_7M_KCDP, 1420, 3690),
    "Phú Yên": (1800, 2250, 200, 880, 1720, 1960),
    "Khánh Hòa": (1450, 4300, 160, 1600, 1400, 3950),
    "Ninh Thuận": (2100, 1900, 260, 760, 2050, 1700),
    "Kon Tum": (1600, 1450, 170, 540, 1530, 1250),
    "Gia Lai": (2350, 3100, 220, 1200, 2270, 2750),
    "Đắk Lắk": (2207, 2350, 240, 900, 2130, 2050),
    "Đắk Nông": (1500, 1250, 160, 470, 1430, 1080),
}
MT_2022_TOTALS = (D(29207), D(43588), D(3538), D(17166), D(28150), D(38900))
MT_2022["Lâm Đồng"] = tuple(t - sum(D(v[i]) for v in MT_2022.values())
                            for i, t in enumerate(MT_2022_TOTALS))
MT_2022 = {p: tuple(D(x) for x in v) for p, v in MT_2022.items()}
assert list(MT_2022) == MIEN_TRUNG
for _i, _t in enumerate(MT_2022_TOTALS):
    assert sum(v[_i] for v in MT_2022.values()) == _t
assert MT_2022_TOTALS[0] + MT_2022_TOTALS[1] == D(72795)
assert MT_2022_TOTALS[2] + MT_2022_TOTALS[3] == D(20704)
for _v in MT_2022.values():
    assert 0 < _v[2] <= _v[4] <= _v[0] and 0 < _v[3] <= _v[5] <= _v[1], _v

# --------------------------------------------------------------------------- 3. whole country

# National 2022 (triệu đồng), chosen so that the rounded tỷ figures and the percentages of
# the report both come out: 140 / 136 / 97,14%; 205,5 / 187 / 90,99%; 345,5 / 323 / 93,48%.
VN22_KCQG_PLAN, VN22_KCQG_EXEC = D("140012.3"), D("136011.9")
VN22_KCDP_PLAN, VN22_KCDP_EXEC = D("205512.4"), D("186995.0")
VN22_PLAN = VN22_KCQG_PLAN + VN22_KCDP_PLAN
VN22_EXEC = VN22_KCQG_EXEC + VN22_KCDP_EXEC


def _ty(x: Decimal, places: int) -> Decimal:
    return (x / 1000).quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


assert (_ty(VN22_KCQG_PLAN, 0), _ty(VN22_KCQG_EXEC, 0)) == (D(140), D(136))
assert (_ty(VN22_KCDP_PLAN, 1), _ty(VN22_KCDP_EXEC, 0)) == (D("205.5"), D(187))
assert (_ty(VN22_PLAN, 1), _ty(VN22_EXEC, 0)) == (D("345.5"), D(323))
assert pct(VN22_KCQG_EXEC, VN22_KCQG_PLAN) == D("97.14")
assert pct(VN22_KCDP_EXEC, VN22_KCDP_PLAN) == D("90.99")
assert pct(VN22_EXEC, VN22_PLAN) == D("93.48")

# Region totals (invented split of the national figures; Miền Trung from MT_2022).
VN22_REGION = {  # region: (plan KCQG, exec KCQG, plan KCĐP, exec KCĐP)
    "Phía Bắc": (D("62405.3"), D("61120.4"), D("92824.4"), D("85495.0")),
    "Miền Trung – Tây Nguyên": (MT_2022_TOTALS[0], MT_2022_TOTALS[4], MT_2022_TOTALS[1],
                                MT_2022_TOTALS[5]),
    "Phía Nam": (D("48400.0"), D("46741.5"), D("69100.0"), D("62600.0")),
}
for _i, _t in enumerate((VN22_KCQG_PLAN, VN22_KCQG_EXEC, VN22_KCDP_PLAN, VN22_KCDP_EXEC)):
    assert sum(v[_i] for v in VN22_REGION.values()) == _t
NINH_BINH_2022 = (D(3100), D(3060), D(5098), D(5020))  # plan 8.198, executed 8.080
assert NINH_BINH_2022[0] + NINH_BINH_2022[2] == D(8198)
assert NINH_BINH_2022[1] + NINH_BINH_2022[3] == D(8080)
assert pct(D(8080), D(8198)) == D("98.56")

TENTH = D("0.1")


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` at 0,1 precision; the remainder goes
    to the largest part so that the parts add up exactly."""
    s = sum(weights)
    parts = [(total * w / s).quantize(TENTH, rounding=ROUND_HALF_UP) for w in weights]
    parts[weights.index(max(weights))] += total - sum(parts)
    assert sum(parts) == total
    return parts


def vn22_rows() -> dict[str, list[tuple[str, tuple[Decimal, Decimal, Decimal, Decimal]]]]:
    rng = random.Random(2022)
    out = {}
    for region, provinces in (("Phía Bắc", MIEN_BAC), ("Miền Trung – Tây Nguyên", MIEN_TRUNG),
                              ("Phía Nam", MIEN_NAM)):
        tot = VN22_REGION[region]
        if region == "Miền Trung – Tây Nguyên":
            out[region] = [(p, (v[0], v[4], v[1], v[5])) for p, v in MT_2022.items()]
            continue
        fixed = {"Ninh Bình": NINH_BINH_2022} if region == "Phía Bắc" else {}
        free = [p for p in provinces if p not in fixed]
        rest = [tot[i] - sum(f[i] for f in fixed.values()) for i in range(4)]
        w_qg = [rng.randint(60, 140) for _ in free]
        w_dp = [rng.randint(40, 200) for _ in free]
        big = {"Hà Nội": 3, "TP. Hồ Chí Minh": 3, "Hải Phòng": 2, "Bình Dương": 2, "Đồng Nai": 2}
        w_dp = [w * big.get(p, 1) for p, w in zip(free, w_dp)]
        plan_qg, plan_dp = _split(rest[0], w_qg), _split(rest[2], w_dp)
        # executed = plan minus a shortfall; the region's shortfall is split over the
        # provinces with random weights, so that executed <= plan everywhere
        short_qg = _split(rest[0] - rest[1], [int(x) * rng.randint(1, 10) for x in plan_qg])
        short_dp = _split(rest[2] - rest[3], [int(x) * rng.randint(1, 10) for x in plan_dp])
        exec_qg = [a - b for a, b in zip(plan_qg, short_qg)]
        exec_dp = [a - b for a, b in zip(plan_dp, short_dp)]
        rows = []
        it = iter(range(len(free)))
        for p in provinces:
            if p in fixed:
                rows.append((p, fixed[p]))
            else:
                i = next(it)
                rows.append((p, (plan_qg[i], exec_qg[i], plan_dp[i], exec_dp[i])))
        for _, v in rows:
            assert 0 < v[1] <= v[0] and 0 < v[3] <= v[2], v
        out[region] = rows
    for region, rows in out.items():
        for i in range(4):
            assert sum(v[i] for _, v in rows) == VN22_REGION[region][i]
    return out


VN22 = vn22_rows()

# --------------------------------------------------------------------------- 4. Phía Nam

PN24 = {"KCQG": (D("32.3"), D("13.0"), D(40)), "KCĐP": (D("59.0"), D("25.3"), D("27.7"))}
PN24_PLAN, PN24_EXEC = D("91.3"), D("38.3")
assert PN24["KCQG"][0] + PN24["KCĐP"][0] == PN24_PLAN
assert PN24["KCQG"][1] + PN24["KCĐP"][1] == PN24_EXEC
assert pct(D("13"), D("32.3"), 0) == D(40)                  # stated 40% (whole percent)
assert pct(D("25.3"), D("59"), 2) == D("42.88")            # against its own plan
assert pct(D("25.3"), D("91.3"), 1) == D("27.7")           # what the report stated
PN24_TOTAL_PCT = pct(PN24_EXEC, PN24_PLAN, 1)              # 41,9
PN23_PLAN, PN23_EXEC = D("99.35"), D("81.725")             # plan invented to fit 82,26%
assert pct(PN23_EXEC, PN23_PLAN) == D("82.26")

# --------------------------------------------------------------------------- 7. Đắk Lắk

DL_TOTAL, DL_SUPPORT, DL_COUNTERPART = D("22386.5"), D("9102.3"), D("13284.2")
assert DL_SUPPORT + DL_COUNTERPART == DL_TOTAL


def dak_lak_projects() -> list[tuple[str, list[dict]]]:
    """86 đề án grouped by content. Group figures follow the review; the rows are
    generated (seeded) and add up exactly to the group figures."""
    rng = random.Random(2016)
    years = [2016, 2017, 2018, 2019, 2020]
    huyen = ["TP Buôn Ma Thuột", "TX Buôn Hồ", "huyện Cư M'gar", "huyện Ea H'leo",
             "huyện Ea Súp", "huyện Krông Pắc", "huyện Krông Năng", "huyện Krông Búk",
             "huyện Krông Ana", "huyện Lắk", "huyện M'Đrắk", "huyện Ea Kar",
             "huyện Buôn Đôn", "huyện Cư Kuin", "huyện Krông Bông"]
    mm_products = ["chế biến cà phê bột", "xay xát lúa gạo", "chế biến hạt điều",
                   "sản xuất đồ gỗ", "chế biến tiêu", "sản xuất gạch không nung",
                   "cơ khí nông cụ", "chế biến thức ăn chăn nuôi", "sấy nông sản",
                   "sản xuất nước uống đóng chai", "chế biến mắc ca", "sản xuất bao bì",
                   "chế biến sắn lát", "sản xuất đá lạnh"]
    groups: list[tuple[str, list[dict]]] = []

    def rows_for(content, n, total, support, label, *, name_fn, ben_fn, qg=()):
        sup = _split(support, [rng.randint(60, 140) for _ in range(n)])
        if total == support:
            cps = [D(0)] * n
        else:
            cps = _split(total - support, [int(s * rng.randint(130, 290)) for s in sup])
        ys = sorted(years[i % 5] for i in range(n))
        rows = []
        for i in range(n):
            rows.append(dict(content=content, year=ys[i], name=name_fn(i), beneficiary=ben_fn(i),
                             support=sup[i], counterpart=cps[i], total=sup[i] + cps[i],
                             program="KCQG" if i in qg else "KCĐP"))
        groups.append((label, rows))

    rows_for("Sản xuất sạch hơn", 15, D("1342.0"), D("905.5"),
             "Áp dụng sản xuất sạch hơn trong công nghiệp",
             name_fn=lambda i: "Tư vấn đánh giá sản xuất sạch hơn cơ sở "
             + mm_products[(i * 5) % len(mm_products)],
             ben_fn=lambda i: f"Cơ sở {mm_products[(i * 5) % len(mm_products)]} "
             f"({huyen[(i * 7) % len(huyen)]})")
    rows_for(MMTB, 42, D("16958.6"), D("5662.8"),
             "Xây dựng mô hình ứng dụng máy móc thiết bị tiên tiến",
             name_fn=lambda i: "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
             + mm_products[i % len(mm_products)],
             ben_fn=lambda i: f"Cơ sở {mm_products[i % len(mm_products)]} "
             f"({huyen[(i * 4 + 1) % len(huyen)]})",
             qg=(9, 19, 29, 39))
    fairs = ["Hội chợ triển lãm hàng CNNT khu vực Tây Nguyên", "Hội chợ Cà phê Buôn Ma Thuột",
             "Hội chợ triển lãm hàng CNNT tiêu biểu khu vực miền Trung – Tây Nguyên",
             "Hội chợ thương mại tỉnh Đắk Lắk"]
    rows_for("Hội chợ triển lãm", 11, D(768), D(768),
             "Hỗ trợ cơ sở CNNT tham gia hội chợ, triển lãm",
             name_fn=lambda i: "Hỗ trợ cơ sở CNNT tham gia " + fairs[i % len(fairs)],
             ben_fn=lambda i: "Các cơ sở CNNT của tỉnh")
    mgmt = ["Tập huấn nghiệp vụ khuyến công cho cán bộ cấp huyện",
            "Kiểm tra, giám sát thực hiện đề án khuyến công",
            "Tham quan học tập kinh nghiệm công tác khuyến công"]
    rows_for("Nâng cao năng lực quản lý và tổ chức thực hiện hoạt động khuyến công", 7,
             D(292), D(292),
             "Nâng cao năng lực quản lý về tổ chức thực hiện các hoạt động khuyến công",
             name_fn=lambda i: mgmt[i % len(mgmt)],
             ben_fn=lambda i: "Cán bộ làm công tác khuyến công")
    # The other 11 đề án: contents and amounts are not in the review (invented).
    other = [
        ("Mô hình trình diễn kỹ thuật", 2018, "Xây dựng mô hình trình diễn kỹ thuật sơ chế, "
         "bảo quản cà phê sau thu hoạch", "Cơ sở chế biến cà phê (huyện Cư M'gar)",
         D("1250.0"), D("368.1")),
        ("Mô hình trình diễn kỹ thuật", 2020, "Xây dựng mô hình trình diễn kỹ thuật sấy "
         "nông sản bằng năng lượng mặt trời", "Cơ sở sấy nông sản (huyện Krông Pắc)",
         D("950.0"), D("280.0")),
        ("Đào tạo nghề", 2016, "Đào tạo nghề dệt thổ cẩm", "Lao động nông thôn huyện Lắk",
         D("95.4"), D("95.4")),
        ("Đào tạo nghề", 2017, "Đào tạo nghề đan lát mây tre",
         "Lao động nông thôn huyện Krông Ana", D("88.0"), D("88.0")),
        ("Đào tạo nghề", 2019, "Đào tạo nghề chế biến cà phê bột",
         "Lao động nông thôn TX Buôn Hồ", D("102.5"), D("102.5")),
        ("Đào tạo nghề", 2020, "Đào tạo nghề sửa chữa máy nông nghiệp",
         "Lao động nông thôn huyện Ea Kar", D("110.0"), D("110.0")),
        ("Thông tin tuyên truyền", 2017, "Xây dựng chuyên mục khuyến công trên Đài PT-TH tỉnh",
         "Trung tâm Khuyến công tỉnh", D("96.0"), D("96.0")),
        ("Thông tin tuyên truyền", 2019, "Xây dựng bản tin, tờ rơi khuyến công",
         "Trung tâm Khuyến công tỉnh", D("65.0"), D("65.0")),
        ("Sản phẩm CNNT tiêu biểu", 2017, "Tổ chức bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh "
         "năm 2017", "Các cơ sở có sản phẩm tham gia bình chọn", D("120.0"), D("120.0")),
        ("Sản phẩm CNNT tiêu biểu", 2019, "Tổ chức bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh "
         "năm 2019", "Các cơ sở có sản phẩm tham gia bình chọn", D("125.0"), D("125.0")),
        ("Tư vấn", 2018, "Tư vấn lập dự án đầu tư cho cơ sở CNNT", "Các cơ sở CNNT của tỉnh",
         D("24.0"), D("24.0")),
    ]
    groups.append(("Các nội dung khác", [
        dict(content=c, year=y, name=n, beneficiary=b, total=t, support=s, counterpart=t - s,
             program="KCĐP") for c, y, n, b, t, s in sorted(other, key=lambda o: o[1])]))
    # ids: DLK-<year>-<nn>, numbered per year in the order of the list
    seq: dict[int, int] = {}
    for _, rows in groups:
        for r in rows:
            seq[r["year"]] = seq.get(r["year"], 0) + 1
            r["pid"] = f"DLK-{r['year']}-{seq[r['year']]:02d}"
    return groups


DL_GROUPS = dak_lak_projects()
_dl_rows = [r for _, rows in DL_GROUPS for r in rows]
assert len(_dl_rows) == 86
assert sum(r["program"] == "KCQG" for r in _dl_rows) == 4
assert sum(r["total"] for r in _dl_rows) == DL_TOTAL
assert sum(r["support"] for r in _dl_rows) == DL_SUPPORT
assert sum(r["counterpart"] for r in _dl_rows) == DL_COUNTERPART
assert [len(rows) for _, rows in DL_GROUPS] == [15, 42, 11, 7, 11]
for _r in _dl_rows:
    assert 0 < _r["support"] <= _r["total"]
    if _r["content"] == MMTB:  # Circular 28/2018 cap for KCQG, kept for all of them
        assert _r["support"] <= 300 and _r["support"] * 2 <= _r["total"], _r
    if _r["content"] == "Mô hình trình diễn kỹ thuật":
        assert _r["support"] * 10 <= _r["total"] * 3

# --------------------------------------------------------------------------- 8. Hòa Bình

HB_ROWS = [  # (group, pid, name, content, beneficiaries, beneficiary, host, total, support)
    ("KCĐP", "HBH-2023-01", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất chế "
     "biến cá", MMTB, 1, "Cơ sở chế biến cá (TP Hòa Bình)", "Trung tâm KC&TVPTCN tỉnh",
     D(616), D(290)),
    ("KCĐP", "HBH-2023-02", "Đề án nhóm: Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
     "sản xuất tấm lợp tôn", MMTB, 1, "Hộ kinh doanh sản xuất tấm lợp (huyện Tân Lạc)",
     "Trung tâm KC&TVPTCN tỉnh", D("541.9"), D(260)),
    ("KCĐP", "HBH-2023-03", "Thông tin tuyên truyền hoạt động khuyến công",
     "Thông tin tuyên truyền", None, "Trung tâm KC&TVPTCN tỉnh", "Trung tâm KC&TVPTCN tỉnh",
     D(80), D(80)),
    ("KCQG", "HBH-2023-04", "Đề án nhóm: Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
     "sản xuất cơ khí", MMTB, 2, "02 cơ sở cơ khí (TP Hòa Bình, huyện Lương Sơn)",
     "Trung tâm KC&TVPTCN tỉnh", D(1756), D(500)),
    ("KCQG", "HBH-2023-05", "Đề án nhóm: Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
     "sản xuất dược liệu", MMTB, 2, "02 cơ sở dược liệu (TP Hòa Bình, huyện Lương Sơn)",
     "Trung tâm KC&TVPTCN tỉnh", D(1270), D(600)),
    ("KCQG", "HBH-2023-06", "Đề án nhóm: Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
     "chế biến nông sản", MMTB, 3, "03 cơ sở chế biến nông sản (huyện Cao Phong, Lạc Sơn, "
     "Kim Bôi)", "Trung tâm KC&TVPTCN khu vực 1", D(2150), D(900)),
    ("KCQG", "HBH-2023-07", "Đề án nhóm: Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
     "sản xuất vật liệu xây dựng", MMTB, 2, "02 cơ sở vật liệu xây dựng (huyện Lương Sơn, "
     "Kỳ Sơn)", "Trung tâm KC&TVPTCN khu vực 1", D("1380.5"), D(600)),
    ("KCQG", "HBH-2023-08", "Đề án nhóm: Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong "
     "chế biến gỗ", MMTB, 2, "02 cơ sở chế biến gỗ (huyện Lạc Thủy, Yên Thủy)",
     "Trung tâm KC&TVPTCN khu vực 1", D(1290), D(600)),
]
assert sum(r[8] for r in HB_ROWS if r[0] == "KCĐP") == D(630)
assert sum(r[8] for r in HB_ROWS if r[6].endswith("khu vực 1")) == D(2100)
assert sum(r[4] for r in HB_ROWS if r[6].endswith("khu vực 1")) == 7
for _r in HB_ROWS:
    assert 0 < _r[8] <= _r[7]
    if _r[3] == MMTB and _r[0] == "KCQG":
        assert _r[8] / _r[4] <= 300 and _r[8] * 2 <= _r[7]

# =========================================================================== writers

AMT1 = "#,##0.0"  # triệu đồng, one decimal
AMT0 = "#,##0"    # đồng
PCT = "0.00"
CUC = ("BỘ CÔNG THƯƠNG", "CỤC CÔNG THƯƠNG ĐỊA PHƯƠNG")
SCT_BD = ("SỞ CÔNG THƯƠNG TỈNH BÌNH ĐỊNH", "TRUNG TÂM KHUYẾN CÔNG VÀ XTTM")


def _mien_trung_2021_sheet(ws, *, kcqg_total_cell=None, encode=lambda s: s, font=FONT,
                           title_font=None, encode_h=None, note_font=None):
    """The 2021 regional table. ``kcqg_total_cell`` overrides the Tổng cộng KCQG cell."""
    sh = Sheet(ws, 7, font=font)
    sh.widths(6, 22, 14, 11, 14, 11, 14)
    r = sh.title_block(*CUC, "TỔNG HỢP KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2021 CÁC "
                       "TỈNH, THÀNH PHỐ KHU VỰC MIỀN TRUNG – TÂY NGUYÊN",
                       "(Kèm theo Báo cáo tại Hội nghị khuyến công khu vực miền Trung – "
                       "Tây Nguyên năm 2022)", "Đơn vị tính: triệu đồng", encode=encode,
                       encode_h=encode_h, title_font=title_font)
    r = sh.header(r, [("STT", None), ("Tỉnh/Thành phố", None),
                      ("KCQG", "Thực hiện"), ("KCQG", "Tỷ trọng (%)"),
                      ("KCĐP", "Thực hiện"), ("KCĐP", "Tỷ trọng (%)"),
                      ("Tổng số", "Thực hiện")], encode=encode)
    fmts = [None, None, AMT1, PCT, AMT1, PCT, AMT1]
    for i, (prov, (qg, dp)) in enumerate(MT_2021.items(), start=1):
        tot = qg + dp
        sh.row(r, [i, encode(prov), cellnum(qg), cellnum(pct(qg, tot)), cellnum(dp),
                   cellnum(pct(dp, tot)), cellnum(tot)], fmts)
        r += 1
    total_row = r
    qg_cell = cellnum(MT_2021_KCQG) if kcqg_total_cell is None else kcqg_total_cell
    sh.row(r, [None, encode("Tổng cộng"), qg_cell, cellnum(pct(MT_2021_KCQG, MT_2021_TOTAL)),
               cellnum(MT_2021_KCDP), cellnum(pct(MT_2021_KCDP, MT_2021_TOTAL)),
               cellnum(MT_2021_TOTAL)], fmts, bold=True)
    if isinstance(qg_cell, str):
        ws.cell(row=r, column=3).alignment = Alignment(horizontal="right", vertical="center")
    r += 1
    sh.signature(r, "Ghi chú: Số liệu do Sở Công Thương 15 tỉnh, thành phố báo cáo; tỷ trọng "
                 "tính trên tổng kinh phí khuyến công thực hiện của từng tỉnh.",
                 "Ninh Thuận, ngày 18 tháng 8 năm 2022", "Người lập biểu", "Cục trưởng",
                 encode=encode, note_font=note_font)
    ws.freeze_panes = "C9"
    return total_row


def _kh2022_sheet(ws):
    sh = Sheet(ws, 9)
    sh.widths(6, 22, 13, 13, 13, 13, 13, 13, 11)
    r = sh.title_block(*CUC, "KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2022 VÀ KẾT QUẢ THỰC HIỆN 7 "
                       "THÁNG ĐẦU NĂM 2022 CÁC TỈNH, THÀNH PHỐ KHU VỰC MIỀN TRUNG – TÂY NGUYÊN",
                       "(Thực hiện: số liệu đến hết tháng 7 năm 2022)",
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [("STT", None), ("Tỉnh/Thành phố", None),
                      ("KCQG", "Kế hoạch"), ("KCQG", "Thực hiện"),
                      ("KCĐP", "Kế hoạch"), ("KCĐP", "Thực hiện"),
                      ("Tổng số", "Kế hoạch"), ("Tổng số", "Thực hiện"),
                      ("Tổng số", "Tỷ lệ (%)")])
    fmts = [None, None, AMT1, AMT1, AMT1, AMT1, AMT1, AMT1, PCT]
    for i, (prov, v) in enumerate(MT_2022.items(), start=1):
        plan, ex = v[0] + v[1], v[2] + v[3]
        sh.row(r, [i, prov, cellnum(v[0]), cellnum(v[2]), cellnum(v[1]), cellnum(v[3]),
                   cellnum(plan), cellnum(ex), cellnum(pct(ex, plan))], fmts)
        r += 1
    t = MT_2022_TOTALS
    sh.row(r, [None, "Tổng cộng", cellnum(t[0]), cellnum(t[2]), cellnum(t[1]), cellnum(t[3]),
               cellnum(t[0] + t[1]), cellnum(t[2] + t[3]),
               cellnum(pct(t[2] + t[3], t[0] + t[1]))], fmts, bold=True)
    sh.signature(r + 1, "Ghi chú: Kế hoạch là kinh phí được giao năm 2022; thực hiện là số liệu "
                 "7 tháng đầu năm 2022.", "Ninh Thuận, ngày 18 tháng 8 năm 2022",
                 "Người lập biểu", "Cục trưởng")
    ws.freeze_panes = "C9"


def build_mien_trung(out: Path, broken: bool = False) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "TH 2021"
    _mien_trung_2021_sheet(ws, kcqg_total_cell="11,065" if broken else None)
    _kh2022_sheet(wb.create_sheet("KH 2022"))
    save(wb, out / ("mien-trung-2021-bao-cao.xlsx" if broken else "mien-trung-2021.xlsx"))


def build_toan_quoc(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Toàn quốc 2022"
    sh = Sheet(ws, 11)
    sh.widths(6, 24, 13, 13, 9, 13, 13, 9, 13, 13, 9)
    r = sh.title_block(*CUC, "TỔNG HỢP KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG "
                       "NĂM 2022 CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
                       "(Kèm theo Báo cáo tại Hội nghị khuyến công khu vực phía Bắc lần thứ "
                       "XVII năm 2023)", "Đơn vị tính: triệu đồng")
    r = sh.header(r, [("STT", None), ("Tỉnh/Thành phố", None),
                      ("KCQG", "Kế hoạch"), ("KCQG", "Thực hiện"), ("KCQG", "Tỷ lệ (%)"),
                      ("KCĐP", "Kế hoạch"), ("KCĐP", "Thực hiện"), ("KCĐP", "Tỷ lệ (%)"),
                      ("Tổng số", "Kế hoạch"), ("Tổng số", "Thực hiện"),
                      ("Tổng số", "Tỷ lệ (%)")])
    fmts = [None, None, AMT1, AMT1, PCT, AMT1, AMT1, PCT, AMT1, AMT1, PCT]

    def line(label, v):
        pq, eq, pd, ed = v
        return [label, cellnum(pq), cellnum(eq), cellnum(pct(eq, pq)), cellnum(pd), cellnum(ed),
                cellnum(pct(ed, pd)), cellnum(pq + pd), cellnum(eq + ed),
                cellnum(pct(eq + ed, pq + pd))]

    for g, (region, rows) in enumerate(VN22.items()):
        sub = tuple(sum(v[i] for _, v in rows) for i in range(4))
        sh.row(r, [ROMAN[g]] + line(region, sub), fmts, bold=True)
        r += 1
        for i, (prov, v) in enumerate(rows, start=1):
            sh.row(r, [i] + line(prov, v), fmts)
            r += 1
    sh.row(r, [None] + line("Tổng cộng", (VN22_KCQG_PLAN, VN22_KCQG_EXEC, VN22_KCDP_PLAN,
                                          VN22_KCDP_EXEC)), fmts, bold=True)
    sh.signature(r + 1, "Ghi chú: Tỷ lệ (%) = Thực hiện / Kế hoạch, tính từ số liệu chưa làm "
                 "tròn; KCQG: khuyến công quốc gia; KCĐP: khuyến công địa phương.",
                 "Quảng Ninh, ngày 27 tháng 7 năm 2023", "Người lập biểu", "Cục trưởng")
    ws.freeze_panes = "C9"
    save(wb, out / "toan-quoc-2022.xlsx")


def build_phia_nam(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Năm 2024"
    sh = Sheet(ws, 6)
    sh.widths(6, 16, 20, 13, 13, 12)
    r = sh.title_block(*CUC, "TỔNG HỢP KINH PHÍ KHUYẾN CÔNG KHU VỰC PHÍA NAM NĂM 2024 (TÍNH ĐẾN "
                       "THÁNG 9 NĂM 2024)", "(Hội nghị khuyến công các tỉnh, thành phố khu vực "
                       "phía Nam lần thứ XIV)", "Đơn vị tính: tỷ đồng")
    r = sh.header(r, [("STT", None), ("Khu vực", None), ("Nguồn kinh phí", None),
                      ("Kế hoạch", None), ("Thực hiện", None), ("Tỷ lệ (%)", None)])
    fmts = [None, None, None, "#,##0.0", "#,##0.0", "General"]
    for i, (prog, (plan, ex, stated)) in enumerate(PN24.items(), start=1):
        sh.row(r, [i, "Phía Nam", prog, cellnum(plan), float(ex), cellnum(stated)], fmts,
               aligns=["center", "left", "center", "right", "right", "right"])
        r += 1
    sh.row(r, [None, "Tổng cộng", None, cellnum(PN24_PLAN), cellnum(PN24_EXEC),
               cellnum(PN24_TOTAL_PCT)], fmts, bold=True)
    sh.signature(r + 1, "Ghi chú: KCQG: số kinh phí đã phân bổ; KCĐP: số thực hiện. Tỷ lệ ghi "
                 "theo báo cáo tại Hội nghị.", "Kiên Giang, ngày 10 tháng 10 năm 2024",
                 "Người lập biểu", "Cục trưởng")

    ws2 = wb.create_sheet("Năm 2023")
    sh = Sheet(ws2, 5)
    sh.widths(6, 18, 14, 14, 12)
    r = sh.title_block(*CUC, "KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG KHU VỰC PHÍA NAM NĂM 2023",
                       None, "Đơn vị tính: tỷ đồng")
    r = sh.header(r, [("STT", None), ("Khu vực", None), ("Tổng số", "Kế hoạch"),
                      ("Tổng số", "Thực hiện"), ("Tổng số", "Tỷ lệ (%)")])
    sh.row(r, [1, "Phía Nam", cellnum(PN23_PLAN), cellnum(PN23_EXEC),
               cellnum(pct(PN23_EXEC, PN23_PLAN))], [None, None, "#,##0.00", "#,##0.000", PCT])
    sh.signature(r + 1, "Ghi chú: Kế hoạch năm 2023 suy ra từ tỷ lệ 82,26% đã báo cáo.",
                 "Kiên Giang, ngày 10 tháng 10 năm 2024", "Người lập biểu", "Cục trưởng")
    save(wb, out / "phia-nam-2024.xlsx")


# -- project sheets -------------------------------------------------------------------


PLAN_COLS = ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Đơn vị thụ hưởng",
             "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng", "Trạng thái"]
BD_GROUPS = [("KCQG", "KHUYẾN CÔNG QUỐC GIA"), ("KCĐP", "KHUYẾN CÔNG ĐỊA PHƯƠNG")]
BD_PLAN_TITLE = "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"
BD_PLAN_SUB = "(Kèm theo Quyết định số …/QĐ-SCT năm 2022 của Sở Công Thương)"
BD_PLAN_NOTE = ("Ghi chú: KCQG: khuyến công quốc gia; KCĐP: khuyến công địa phương; vốn đối "
                "ứng do đơn vị thụ hưởng đóng góp.")


def bd_plan_table() -> list[list]:
    """The plan as rows of Decimal/str values (None = empty): groups, đề án, total."""
    rows = []
    for g, (prog, label) in enumerate(BD_GROUPS):
        ps = [p for p in BD_PLAN if p.program == prog]
        rows.append([ROMAN[g], None, label, None, None, None, sum(p.total for p in ps),
                     sum(p.support for p in ps), sum(p.counterpart for p in ps), None])
        for i, p in enumerate(ps, start=1):
            rows.append([i, p.pid, p.name, p.content, p.program, p.beneficiary, p.total,
                         p.support, p.counterpart, p.status])
    rows.append([None, None, "Tổng cộng", None, None, None, sum(p.total for p in BD_PLAN),
                 BD_PLAN_TOTAL, sum(p.counterpart for p in BD_PLAN), None])
    return rows


def _amount_cells(row: list, amount_idx: tuple[int, ...], dash_idx: tuple[int, ...] = ()):
    out = []
    for j, v in enumerate(row):
        if j in amount_idx and isinstance(v, Decimal):
            out.append("-" if (j in dash_idx and v == 0) else cellnum(v))
        else:
            out.append(v)
    return out


def build_bd_plan(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KH 2022"
    sh = Sheet(ws, len(PLAN_COLS))
    sh.widths(6, 15, 46, 22, 10, 34, 12, 12, 12, 12)
    r = sh.title_block(*SCT_BD, BD_PLAN_TITLE, BD_PLAN_SUB, "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in PLAN_COLS])
    fmts = [None] * 6 + [AMT1] * 3 + [None]
    for row in bd_plan_table():
        bold = row[1] is None
        sh.row(r, _amount_cells(row, (6, 7, 8), dash_idx=(8,)), fmts, bold=bold,
               aligns=["center", "left", "left", "left", "center", "left", "right", "right",
                       "right", "left"])
        r += 1
    sh.signature(r, BD_PLAN_NOTE, "Bình Định, ngày 15 tháng 3 năm 2022", "Người lập biểu",
                 "Giám đốc")
    ws.freeze_panes = "D8"
    save(wb, out / "binh-dinh-2022-ke-hoach.xlsx")


ACTUAL_COLS = ["STT", "Tên đề án", "Mã đề án", "Nguồn kinh phí", "Nội dung",
               "Đơn vị thụ hưởng", "Trạng thái", "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng",
               "Tổng kinh phí thực hiện", "Ngày nghiệm thu"]
MILLION = D(1_000_000)


def build_bd_actual(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "TH 7 thang"
    sh = Sheet(ws, len(ACTUAL_COLS))
    sh.widths(6, 46, 15, 10, 22, 34, 15, 17, 17, 17, 12)
    r = sh.title_block(*SCT_BD, "KẾT QUẢ THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2022 (ĐẾN HẾT "
                       "THÁNG 7 NĂM 2022)", "(Báo cáo tại Hội nghị khuyến công khu vực miền "
                       "Trung – Tây Nguyên, ngày 18/8/2022)", "ĐVT: đồng")
    r = sh.header(r, [(c, None) for c in ACTUAL_COLS])
    fmts = [None] * 7 + [AMT0] * 3 + [None]
    aligns = ["center", "left", "left", "center", "left", "left", "left", "right", "right",
              "right", "center"]

    def dong(x: Decimal) -> Decimal:
        return x * MILLION

    for g, (prog, label) in enumerate(BD_GROUPS):
        ps = [p for p in BD_ACTUAL if p.program == prog]
        sh.row(r, [ROMAN[g], label, None, None, None, None, None,
                   cellnum(dong(sum(p.support for p in ps))),
                   cellnum(dong(sum(p.counterpart for p in ps))),
                   cellnum(dong(sum(p.total for p in ps))), None], fmts, bold=True,
               aligns=aligns)
        r += 1
        for i, p in enumerate(ps, start=1):
            n = int(p.pid[-3:])
            cp = dong(p.counterpart)
            sh.row(r, [i, p.name, p.pid, p.program, p.content, p.beneficiary, p.status,
                       cellnum(dong(p.support)), "-" if cp == 0 else cellnum(cp),
                       cellnum(dong(p.total)), BD_ACCEPT_DATES.get(n) if p.status == ACCEPTED
                       else None], fmts, aligns=aligns)
            r += 1
    sh.row(r, [None, "Tổng cộng", None, None, None, None, None,
               cellnum(dong(sum(p.support for p in BD_ACTUAL))),
               cellnum(dong(sum(p.counterpart for p in BD_ACTUAL))),
               cellnum(dong(sum(p.total for p in BD_ACTUAL))), None], fmts, bold=True,
           aligns=aligns)
    sh.signature(r + 1, "Ghi chú: Đã nghiệm thu 11/35 đề án, đạt 40% kế hoạch kinh phí; đề án "
                 "BDI-2022-036 phát sinh ngoài kế hoạch.", "Bình Định, ngày 05 tháng 8 năm 2022",
                 "Người lập biểu", "Giám đốc")
    ws.freeze_panes = "C8"
    save(wb, out / "binh-dinh-2022-thuc-hien.xlsx")


def build_dak_lak(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "2016-2020"
    cols = ["STT", "Năm", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí",
            "Đơn vị thụ hưởng", "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng",
            "Trạng thái"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 7, 13, 46, 26, 10, 34, 12, 12, 12, 13)
    r = sh.title_block("UBND TỈNH ĐẮK LẮK", "SỞ CÔNG THƯƠNG", "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH "
                       "KHUYẾN CÔNG TỈNH ĐẮK LẮK GIAI ĐOẠN 2016 – 2020",
                       "(Kèm theo Báo cáo tổng kết chương trình khuyến công giai đoạn 2016 – 2020)",
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 7 + [AMT1] * 3 + [None]
    aligns = ["center", "center", "left", "left", "left", "center", "left", "right", "right",
              "right", "left"]
    for g, (label, rows) in enumerate(DL_GROUPS):
        sh.row(r, [ROMAN[g], None, None, label, None, None, None,
                   cellnum(sum(x["total"] for x in rows)),
                   cellnum(sum(x["support"] for x in rows)),
                   cellnum(sum(x["counterpart"] for x in rows)), None], fmts, bold=True,
               aligns=aligns)
        r += 1
        for i, x in enumerate(rows, start=1):
            sh.row(r, [i, x["year"], x["pid"], x["name"], x["content"], x["program"],
                       x["beneficiary"], cellnum(x["total"]), cellnum(x["support"]),
                       "-" if x["counterpart"] == 0 else cellnum(x["counterpart"]),
                       "Đã nghiệm thu"], fmts, aligns=aligns)
            r += 1
    sh.row(r, [None, None, None, "Tổng cộng", None, None, None, cellnum(DL_TOTAL),
               cellnum(DL_SUPPORT), cellnum(DL_COUNTERPART), None], fmts, bold=True,
           aligns=aligns)
    sh.signature(r + 1, "Ghi chú: 82 đề án khuyến công địa phương và 4 đề án khuyến công quốc "
                 "gia; vốn đối ứng do đơn vị thụ hưởng đóng góp.",
                 "Đắk Lắk, ngày 20 tháng 01 năm 2021", "Người lập biểu", "Giám đốc")
    ws.freeze_panes = "E8"
    save(wb, out / "dak-lak-2016-2020.xlsx")


def build_hoa_binh(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KH 2023"
    cols = ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Cơ quan chủ trì",
            "Đơn vị thụ hưởng", "Số cơ sở thụ hưởng", "Tổng kinh phí", "Kinh phí khuyến công",
            "Vốn đối ứng", "Trạng thái"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 13, 44, 24, 10, 22, 32, 10, 12, 12, 12, 14)
    r = sh.title_block("SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH",
                       "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP",
                       "KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2023 – DANH MỤC ĐỀ ÁN",
                       "(Kinh phí được giao năm 2023)", "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 8 + [AMT1] * 3 + [None]
    aligns = ["center", "left", "left", "left", "center", "left", "left", "center", "right",
              "right", "right", "left"]
    for g, (prog, label) in enumerate(BD_GROUPS[::-1]):
        rows = [x for x in HB_ROWS if x[0] == prog]
        tot, sup = sum(x[7] for x in rows), sum(x[8] for x in rows)
        sh.row(r, [ROMAN[g], None, label, None, None, None, None,
                   sum(x[4] or 0 for x in rows), cellnum(tot), cellnum(sup),
                   cellnum(tot - sup), None], fmts, bold=True, aligns=aligns)
        r += 1
        for i, x in enumerate(rows, start=1):
            cp = x[7] - x[8]
            sh.row(r, [i, x[1], x[2], x[3], x[0], x[6], x[5], x[4], cellnum(x[7]),
                       cellnum(x[8]), "-" if cp == 0 else cellnum(cp), "Đang thực hiện"],
                   fmts, aligns=aligns)
            r += 1
    tot, sup = sum(x[7] for x in HB_ROWS), sum(x[8] for x in HB_ROWS)
    sh.row(r, [None, None, "Tổng cộng", None, None, None, None, sum(x[4] or 0 for x in HB_ROWS),
               cellnum(tot), cellnum(sup), cellnum(tot - sup), None], fmts, bold=True,
           aligns=aligns)
    sh.signature(r + 1, "Ghi chú: 03 đề án KCQG do Trung tâm KC&TVPTCN khu vực 1 (Cục Công "
                 "Thương địa phương) chủ trì, thực hiện trên địa bàn tỉnh.",
                 "Hòa Bình, ngày 15 tháng 12 năm 2023", "Người lập biểu", "Giám đốc")
    ws.freeze_panes = "D8"
    save(wb, out / "hoa-binh-2023.xlsx")


# -- broken files ---------------------------------------------------------------------

LOI_ROWS = [  # (group label, [(pid, name, province, content, total, support, counterpart)])
    ("Quảng Nam", [
        ("QNA-2022-01", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến gỗ",
         "Quảng Nam", MMTB, D(860), D(300), D(560)),
        ("QNA-2022-02", "Xây dựng mô hình trình diễn kỹ thuật sản xuất gạch không nung",
         "Quảng Nam", "Mô hình trình diễn kỹ thuật", D(2400), D(700), D(1700)),
        ("QNA-2022-02", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong dệt thổ cẩm",
         "Quảng Nam", MMTB, D(520), D(250), D(270)),
    ]),
    ("Bình Định", [
        ("BDI-2022-101", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hạt điều",
         "Bình Định", MMTB, D(1084), D(300), D(784)),
        ("BDI-2022-102", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất nước mắm",
         "Bình Đinh", MMTB, D(620), D(250), D(370)),
        ("BDI-2022-103", "Hỗ trợ cơ sở CNNT tham gia hội chợ triển lãm khu vực",
         "Bình Định", "Hội chợ triển lãm", D(250), D(300), None),
    ]),
    ("Phú Yên", [
        ("PYE-2022-01", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến cá ngừ",
         "Phú Yên", MMTB, D(700), D(-250), D(950)),
        ("PYE-2022-02", "Đào tạo nghề đan lát", "Phú Yên", "Đào tạo nghề", D(95), D(95), D(0)),
    ]),
]
LOI_WRONG_SUBTOTAL = D(1150)  # group II Kinh phí khuyến công; the rows add up to 850


def build_loi_tong_hop(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Đề án"
    cols = ["STT", "Mã đề án", "Tên đề án", "Tỉnh/Thành phố", "Nội dung", "Nguồn kinh phí",
            "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 14, 46, 15, 24, 10, 12, 12, 12)
    r = sh.title_block(*CUC, "KẾ HOẠCH KHUYẾN CÔNG QUỐC GIA NĂM 2022 – DANH MỤC ĐỀ ÁN MỘT SỐ "
                       "TỈNH KHU VỰC MIỀN TRUNG – TÂY NGUYÊN", None, "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 6 + [AMT1] * 3
    aligns = ["center", "left", "left", "left", "left", "center", "right", "right", "right"]
    all_rows = []
    for g, (label, rows) in enumerate(LOI_ROWS):
        sup = sum(x[5] for x in rows)
        if label == "Bình Định":
            assert sup == D(850)
            sup = LOI_WRONG_SUBTOTAL
        sh.row(r, [ROMAN[g], None, label, None, None, None, cellnum(sum(x[4] for x in rows)),
                   cellnum(sup), cellnum(sum(x[6] or 0 for x in rows))], fmts, bold=True,
               aligns=aligns)
        r += 1
        for i, x in enumerate(rows, start=1):
            cp = x[6]
            sh.row(r, [i, x[0], x[1], x[2], x[3], "KCQG", cellnum(x[4]), cellnum(x[5]),
                       None if cp is None else ("-" if cp == 0 else cellnum(cp))], fmts,
                   aligns=aligns)
            r += 1
        all_rows += rows
    sh.row(r, [None, None, "Tổng cộng", None, None, None, cellnum(sum(x[4] for x in all_rows)),
               cellnum(sum(x[5] for x in all_rows)), cellnum(sum(x[6] or 0 for x in all_rows))],
           fmts, bold=True, aligns=aligns)
    sh.signature(r + 1, "Ghi chú: Biểu mẫu minh họa các lỗi thường gặp (xem sample_data/README.md).",
                 "Hà Nội, ngày 10 tháng 3 năm 2022", "Người lập biểu", "Cục trưởng")

    ws2 = wb.create_sheet("Tổng hợp")
    sh = Sheet(ws2, 11)
    sh.widths(6, 18, 12, 12, 9, 12, 12, 9, 12, 12, 9)
    r = sh.title_block(*CUC, "TỔNG HỢP KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2022 MỘT SỐ "
                       "TỈNH KHU VỰC MIỀN TRUNG – TÂY NGUYÊN", None, "Đơn vị tính: triệu đồng")
    r = sh.header(r, [("STT", None), ("Tỉnh/Thành phố", None),
                      ("KCQG", "Kế hoạch"), ("KCQG", "Thực hiện"), ("KCQG", "Tỷ lệ (%)"),
                      ("KCĐP", "Kế hoạch"), ("KCĐP", "Thực hiện"), ("KCĐP", "Tỷ lệ (%)"),
                      ("Tổng số", "Kế hoạch"), ("Tổng số", "Thực hiện"),
                      ("Tổng số", "Tỷ lệ (%)")])
    fmts = [None, None, AMT1, AMT1, PCT, AMT1, AMT1, PCT, AMT1, AMT1, PCT]
    summary = [(p, MT_2022[p]) for p in ("Quảng Nam", "Bình Định", "Phú Yên")]
    tot = [sum(v[i] for _, v in summary) for i in range(6)]
    for i, (prov, v) in enumerate(summary + [("Tổng cộng", tot)], start=1):
        pq, pd, eq, ed = v[0], v[1], v[4], v[5]
        dp_pct = pct(ed, pd)
        if prov == "Phú Yên":
            dp_pct = pct(ed, pq + pd)  # the defect: KCĐP executed over the whole plan
        sh.row(r, [None if prov == "Tổng cộng" else i, prov, cellnum(pq), cellnum(eq),
                   cellnum(pct(eq, pq)), cellnum(pd), cellnum(ed), cellnum(dp_pct),
                   cellnum(pq + pd), cellnum(eq + ed), cellnum(pct(eq + ed, pq + pd))], fmts,
               bold=prov == "Tổng cộng")
        r += 1
    sh.signature(r, "Ghi chú: Tỷ lệ (%) = Thực hiện / Kế hoạch.",
                 "Hà Nội, ngày 10 tháng 3 năm 2023", "Người lập biểu", "Cục trưởng")
    save(wb, out / "loi-tong-hop.xlsx")


def build_loi_cong_thuc(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "BD 2021"
    cols = ["STT", "Tỉnh/Thành phố", "Nguồn kinh phí", "Số đề án", "Thực hiện", "Tỷ trọng (%)"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 18, 22, 10, 14, 12)
    r = sh.title_block(*SCT_BD, "KẾT QUẢ THỰC HIỆN KINH PHÍ KHUYẾN CÔNG NĂM 2021",
                       None, "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None, None, None, "0", AMT1, PCT]
    first = r
    data = [("KCQG", 3, D(1000)), ("KCĐP", 25, D(3500))]
    for i, (prog, n, amt) in enumerate(data, start=1):
        sh.row(r, [i, "Bình Định", prog, n, cellnum(amt), cellnum(pct(amt, D(4500)))], fmts,
               aligns=["center", "left", "left", "center", "right", "right"])
        r += 1
    formula = f"=SUM(E{first}:E{r - 1})"
    sh.row(r, [None, "Tổng cộng", None, 28, formula, None], fmts, bold=True,
           aligns=["center", "left", "left", "center", "right", "right"])
    ws.cell(row=r, column=5).number_format = AMT1
    sh.signature(r + 1, "Ghi chú: Dòng Tổng cộng dùng công thức; tệp do phần mềm xuất ra, chưa "
                 "được Excel tính lại.", "Bình Định, ngày 18 tháng 8 năm 2022",
                 "Người lập biểu", "Giám đốc")
    save(wb, out / "loi-cong-thuc.xlsx")


def tcvn3_encoder():
    """Unicode -> TCVN3 surface characters, inverting viparse's TCVN3 table."""
    from viparse.normalize.encodings import get_charmap

    inverse = {uni: legacy for legacy, uni in get_charmap("tcvn3").pairs}

    def enc(text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        out = []
        for ch in text:
            if ch in inverse:
                out.append(inverse[ch])
            elif ord(ch) < 128 or ch in "–":
                out.append("-" if ch == "–" else ch)
            else:
                raise ValueError(f"{ch!r} has no TCVN3 (.VnTime) form")
        return "".join(out)

    def enc_h(text: str) -> str:
        """.VnTimeH headings: TCVN3 has no accented capitals, so a capital with a tone mark
        is typed as its lowercase code and the H font draws it upright."""
        out = []
        for ch in unicodedata.normalize("NFC", text):
            try:
                out.append(enc(ch))
            except ValueError:
                out.append(enc(ch.lower()))
        return "".join(out)

    return enc, enc_h


def build_tcvn3(out: Path) -> None:
    enc, enc_h = tcvn3_encoder()
    wb = new_workbook()
    ws = wb.active
    ws.title = "Bieu 01"
    _mien_trung_2021_sheet(ws, encode=enc, font=".VnTime", title_font=".VnTimeH",
                           encode_h=enc_h, note_font=FONT)
    save(wb, out / "tcvn3.xlsx")


# -- CSV ------------------------------------------------------------------------------


def bd_plan_csv_rows() -> list[list[str]]:
    n = len(PLAN_COLS)

    def line(first: str, col: int = 0) -> list[str]:
        row = [""] * n
        row[col] = first
        return row

    rows = [line(SCT_BD[0]) [:6] + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] + [""] * (n - 7),
            line(SCT_BD[1])[:6] + ["Độc lập - Tự do - Hạnh phúc"] + [""] * (n - 7),
            line(""), line(BD_PLAN_TITLE), line(BD_PLAN_SUB), line("Đơn vị tính: triệu đồng"),
            list(PLAN_COLS)]
    for row in bd_plan_table():
        rows.append(["" if v is None else (vi_number(v, dash_zero=(j == 8))
                                           if isinstance(v, Decimal) else str(v))
                     for j, v in enumerate(row)])
    rows += [line(""), line(BD_PLAN_NOTE), line("Bình Định, ngày 15 tháng 3 năm 2022", 6),
             line("Người lập biểu")[:6] + ["Giám đốc"] + [""] * (n - 7)]
    return rows


def csv_text() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(bd_plan_csv_rows())
    return buf.getvalue()


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 holds base letters (â, ê, ô, ơ, ư, ă, đ, some toned vowels) but most
    toned vowels only as base + combining tone mark: decompose what it lacks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONE_MARKS))
        tones = "".join(c for c in nfd if c in TONE_MARKS)
        out += (base + tones).encode("cp1258")
    return bytes(out)


def build_csv(out: Path) -> None:
    text = csv_text()
    (out / "ke-hoach.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    encoded = to_cp1258(text)
    assert unicodedata.normalize("NFC", encoded.decode("cp1258")) == text
    (out / "windows-1258.csv").write_bytes(encoded)


# --------------------------------------------------------------------------- main

# =========================================================================== 12. real forms
#
# The layouts provincial reports really use (issue "read the forms offices really send"):
# each workbook below holds one layout, numbers that add up exactly and one planted
# error where the layout has a total row. tests/test_forms.py asserts every figure.


def tree_header(sh: Sheet, row: int, nodes: list) -> int:
    """A header of any depth: ``nodes`` are ``(text, children)`` (children None for a
    leaf); a group is merged over its children, a leaf down to the last header row.
    Returns the first data row."""

    def height(node):
        return 1 if not node[1] else 1 + max(height(c) for c in node[1])

    def width(node):
        return 1 if not node[1] else sum(width(c) for c in node[1])

    depth = max(height(n) for n in nodes)
    style = dict(bold=True, h="center", wrap=True, border=True)

    def place(level, r, c):
        for node in level:
            text, kids = node
            w = width(node)
            if kids:
                sh.merge(r, c, r, c + w - 1, text, **style)
                place(kids, r + 1, c)
            else:
                sh.merge(r, c, row + depth - 1, c, text, **style)
            c += w

    place(nodes, row, 1)
    for r in range(row, row + depth):
        sh.ws.row_dimensions[r].height = 30
    return row + depth


def _leaves(nodes: list) -> int:
    return sum(1 if not kids else _leaves(kids) for _, kids in nodes)


SCT = "SỞ CÔNG THƯƠNG TỈNH {}"
TT_KC = "TRUNG TÂM KHUYẾN CÔNG VÀ XÚC TIẾN THƯƠNG MẠI"
PLACE_DATE = "{}, ngày 20 tháng 12 năm {}"

# -- 12.1 three-level header with "Trong đó" (Quảng Ngãi 2023, executed) ----------------
QNG_ROWS = [  # program, name, unit, total, support, counterpart, other (None: blank)
    ("KCQG", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất đá xây dựng",
     D(1250), D(300), D(950), None),
    ("KCQG", "Xây dựng mô hình trình diễn kỹ thuật sản xuất nước mắm truyền thống",
     D(2800), D(800), D(1900), D(100)),
    ("KCĐP", "Đào tạo nghề mây tre đan", D(180), D(150), D(30), None),
    ("KCĐP", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến gỗ", D(620), D(200),
     D(420), None),
    ("KCĐP", "Hỗ trợ cơ sở CNNT tham gia hội chợ triển lãm khu vực", D(250), D(250), None,
     None),
    ("KCĐP", "Thông tin tuyên truyền hoạt động khuyến công", D("95.5"), D("95.5"), D(0), None),
]
for _r in QNG_ROWS:
    assert _r[2] == _r[3] + (_r[4] or 0) + (_r[5] or 0)
QNG_SUPPORT = sum(r[3] for r in QNG_ROWS)
QNG_WRONG_SUPPORT = D("1759.5")  # Tổng cộng F18 as written; the rows add up to 1.795,5
assert QNG_SUPPORT == D("1795.5")


def build_form_trong_do(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "TH 2023"
    nodes = [("STT", None), ("Tên đề án", None), ("Đơn vị thực hiện", None),
             ("Nguồn kinh phí", None),
             ("Kinh phí thực hiện", [("Tổng kinh phí", None),
                                     ("Trong đó", [("Kinh phí khuyến công hỗ trợ", None),
                                                   ("Vốn đối ứng của cơ sở", None),
                                                   ("Nguồn khác", None)])])]
    sh = Sheet(ws, _leaves(nodes))
    sh.widths(6, 48, 30, 10, 12, 14, 12, 10)
    r = sh.title_block(SCT.format("QUẢNG NGÃI"), TT_KC,
                       "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2023", None,
                       "Đơn vị tính: triệu đồng")
    r = tree_header(sh, r, nodes)
    fmts = [None] * 4 + [AMT1] * 4
    unit = "Trung tâm Khuyến công và Xúc tiến thương mại Quảng Ngãi"
    for g, (prog, label) in enumerate(BD_GROUPS):
        rows = [x for x in QNG_ROWS if x[0] == prog]
        sums = [sum((x[k] or 0) for x in rows) for k in (2, 3, 4, 5)]
        sh.row(r, [ROMAN[g], label, None, None, *map(cellnum, sums)], fmts, bold=True)
        r += 1
        for i, x in enumerate(rows, start=1):
            sh.row(r, [i, x[1], unit, prog, *map(cellnum, x[2:])], fmts)
            r += 1
    sums = [sum((x[k] or 0) for x in QNG_ROWS) for k in (2, 3, 4, 5)]
    sums[1] = QNG_WRONG_SUPPORT
    sh.row(r, [None, "Tổng cộng", None, None, *map(cellnum, sums)], fmts, bold=True)
    assert r == 18
    sh.signature(r, "Ghi chú: Nguồn khác để trống khi không có.",
                 PLACE_DATE.format("Quảng Ngãi", 2023), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-trong-do.xlsx")


# -- 12.2 a money group cell over the measures (Gia Lai 2022) -------------------------
GLA_ROWS = [  # name, content, program, total (as written), support, counterpart, other
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến cà phê", MMTB, "KCQG",
     D(1500), D(300), D(1200), D(0)),
    ("Xây dựng mô hình trình diễn kỹ thuật sản xuất phân bón hữu cơ vi sinh",
     "Mô hình trình diễn kỹ thuật", "KCQG", D(3200), D(900), D(2100), D(200)),
    ("Đào tạo nghề dệt thổ cẩm", "Đào tạo nghề", "KCĐP", D(210), D(180), D(30), D(0)),
    ("Áp dụng sản xuất sạch hơn trong chế biến tinh bột sắn", "Sản xuất sạch hơn", "KCĐP",
     D(460), D(135), D(315), D(0)),  # planted: 460 ≠ 135 + 315 + 0 (E12)
    ("Hỗ trợ cơ sở CNNT tham gia hội chợ triển lãm", "Hội chợ triển lãm", "KCĐP", D(300),
     D(300), D(0), D(0)),
]


def build_form_nhom_kinh_phi(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Năm 2022"
    nodes = [("STT", None), ("Tên đề án", None), ("Nội dung", None), ("Nguồn kinh phí", None),
             ("Kinh phí thực hiện (triệu đồng)", [("Tổng kinh phí", None),
                                                 ("Kinh phí khuyến công hỗ trợ", None),
                                                 ("Vốn đối ứng", None), ("Nguồn khác", None)])]
    sh = Sheet(ws, _leaves(nodes))
    sh.widths(6, 50, 26, 10, 12, 14, 12, 10)
    r = sh.title_block(SCT.format("GIA LAI"), TT_KC,
                       "DANH SÁCH CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2022", None, "Biểu số 02")
    r = tree_header(sh, r, nodes)
    fmts = [None] * 4 + [AMT1] * 4
    for i, x in enumerate(GLA_ROWS, start=1):
        sh.row(r, [i, x[0], x[1], x[2], *map(cellnum, x[3:])], fmts)
        r += 1
    sums = [sum(x[k] for x in GLA_ROWS) for k in (3, 4, 5, 6)]
    sh.row(r, [None, "Tổng cộng", None, None, *map(cellnum, sums)], fmts, bold=True)
    sh.signature(r, "Ghi chú: kinh phí thực hiện đến ngày 31/12/2022.",
                 PLACE_DATE.format("Gia Lai", 2022), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-nhom-kinh-phi.xlsx")


# -- 12.3 period column groups, the program in the rows (Bình Định 2021–2022) -----------
# Published: 2021 28 đề án, 4,5 tỷ (KCQG 3 / 1 tỷ, KCĐP 25 / 3,5 tỷ); 2022 35 đề án,
# 5,2 tỷ; 7 months 11/35 accepted. The split of 2022 and of the 7 months is the reconcile
# pair's (plan 1.450 + 3.750; executed 780 + 1.925; accepted 2 + 9).
BDK = {"KCQG": (3, D(1000), 4, D(1450), 2, D(780)), "KCĐP": (25, D(3500), 31, D(3750), 9,
                                                             D(1925))}
BDK_WRONG_COUNT = 29  # Tổng cộng C11 as written; 3 + 25 = 28


def build_form_theo_ky(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    nodes = [("STT", None), ("Nguồn kinh phí", None),
             ("Thực hiện năm 2021", [("Số đề án", None), ("Kinh phí", None),
                                     ("Tỷ trọng (%)", None)]),
             ("Kế hoạch năm 2022", [("Số đề án", None), ("Kinh phí", None)]),
             ("Thực hiện 7 tháng năm 2022", [("Số đề án đã nghiệm thu", None),
                                             ("Kinh phí", None),
                                             ("Tỷ lệ so với kế hoạch (%)", None)])]
    sh = Sheet(ws, _leaves(nodes))
    sh.widths(6, 26, 10, 12, 10, 10, 12, 12, 12, 12)
    r = sh.title_block(*SCT_BD, "KẾT QUẢ CÔNG TÁC KHUYẾN CÔNG NĂM 2021, KẾ HOẠCH VÀ KẾT QUẢ "
                       "7 THÁNG ĐẦU NĂM 2022", None, "Đơn vị tính: triệu đồng")
    r = tree_header(sh, r, nodes)
    fmts = [None, None, "0", AMT1, PCT, "0", AMT1, "0", AMT1, PCT]
    t21 = sum(v[1] for v in BDK.values())
    t22 = sum(v[3] for v in BDK.values())
    for i, (prog, (n21, e21, n22, p22, acc, e7)) in enumerate(BDK.items(), start=1):
        sh.row(r, [i, prog, n21, cellnum(e21), cellnum(pct(e21, t21)), n22, cellnum(p22), acc,
                   cellnum(e7), cellnum(pct(e7, p22))], fmts)
        r += 1
    e7_total = sum(v[5] for v in BDK.values())
    sh.row(r, [None, "Tổng cộng", BDK_WRONG_COUNT, cellnum(t21), 100, sum(v[2] for v in
                                                                          BDK.values()),
               cellnum(t22), sum(v[4] for v in BDK.values()), cellnum(e7_total),
               cellnum(pct(e7_total, t22))], fmts, bold=True)
    assert r == 11 and t21 == D(4500) and t22 == D(5200)
    assert pct(D(1000), t21) == D("22.22") and pct(e7_total, t22) == D("52.02")
    sh.signature(r, "Ghi chú: kết quả 7 tháng tính đến ngày 31/7/2022.",
                 PLACE_DATE.format("Bình Định", 2022), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-theo-ky.xlsx")


# -- 12.4 years as columns (Đắk Lắk 2016–2020), from the đề án of dak-lak-2016-2020 ------
DLK_YEARS = [2016, 2017, 2018, 2019, 2020]
DLK_TRAINED = [120, 150, 135, 160, 145]  # người (invented)
DLK_MODELS = [0, 0, 1, 0, 1]  # mô hình trình diễn: the two of the đề án list (2018, 2020)
DLK_WRONG_COUNTERPART = D("13285.2")  # the period cell of Vốn đối ứng; the years give 13.284,2


def dak_lak_by_year() -> dict[str, list]:
    by = {}
    for y in DLK_YEARS:
        rows = [r for r in _dl_rows if r["year"] == y]
        by.setdefault("projects", []).append(len(rows))
        by.setdefault("projects_qg", []).append(sum(r["program"] == "KCQG" for r in rows))
        by.setdefault("projects_dp", []).append(sum(r["program"] == "KCĐP" for r in rows))
        by.setdefault("total", []).append(sum(r["total"] for r in rows))
        by.setdefault("support", []).append(sum(r["support"] for r in rows))
        by.setdefault("support_qg", []).append(sum(r["support"] for r in rows
                                                   if r["program"] == "KCQG"))
        by.setdefault("support_dp", []).append(sum(r["support"] for r in rows
                                                   if r["program"] == "KCĐP"))
        by.setdefault("counterpart", []).append(sum(r["counterpart"] for r in rows))
    assert sum(by["projects"]) == 86 and sum(by["projects_qg"]) == 4
    assert sum(by["support"]) == DL_SUPPORT and sum(by["counterpart"]) == DL_COUNTERPART
    assert DLK_MODELS == [sum(r["content"] == "Mô hình trình diễn kỹ thuật" for r in _dl_rows
                              if r["year"] == y) for y in DLK_YEARS]
    return by


def build_form_nam_theo_cot(out: Path) -> None:
    by = dak_lak_by_year()
    wb = new_workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu 2016-2020"
    cols = ["STT", "Chỉ tiêu", "ĐVT"] + [f"Năm {y}" for y in DLK_YEARS] + \
        ["Giai đoạn 2016–2020"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 40, 12, 11, 11, 11, 11, 11, 14)
    r = sh.title_block("UBND TỈNH ĐẮK LẮK", "SỞ CÔNG THƯƠNG",
                       "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH KHUYẾN CÔNG GIAI ĐOẠN 2016–2020", None,
                       "Biểu 01")
    r = sh.header(r, [(c, None) for c in cols])
    lines = [
        ("1", "Số đề án", "đề án", by["projects"], "0"),
        (None, "- Khuyến công quốc gia", "đề án", by["projects_qg"], "0"),
        (None, "- Khuyến công địa phương", "đề án", by["projects_dp"], "0"),
        ("2", "Tổng kinh phí", "triệu đồng", by["total"], AMT1),
        ("3", "Kinh phí khuyến công hỗ trợ", "triệu đồng", by["support"], AMT1),
        (None, "- KCQG", "triệu đồng", by["support_qg"], AMT1),
        (None, "- KCĐP", "triệu đồng", by["support_dp"], AMT1),
        ("4", "Vốn đối ứng của cơ sở", "triệu đồng", by["counterpart"], AMT1),
        ("5", "Số lao động được đào tạo nghề", "người", DLK_TRAINED, "0"),
        ("6", "Số mô hình trình diễn kỹ thuật", "mô hình", DLK_MODELS, "0"),
    ]
    for stt, label, unit, values, fmt in lines:
        period = sum(values)
        if label.startswith("Vốn đối ứng"):
            assert period == D("13284.2")
            period = DLK_WRONG_COUNTERPART  # planted: I15
        sh.row(r, [stt, label, unit, *map(cellnum, values), cellnum(period)],
               [None, None, None] + [fmt] * 6)
        r += 1
    sh.signature(r - 1, "Ghi chú: số liệu tổng hợp từ các đề án đã thực hiện.",
                 PLACE_DATE.format("Đắk Lắk", 2020), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-nam-theo-cot.xlsx")


# -- 12.5 counts split by program (five provinces of Miền Trung, 2021) -----------------
NTB = [  # province, đề án KCQG, đề án KCĐP, KCQG, KCĐP (the MT_2021 figures)
    ("Quảng Ngãi", 4, 20), ("Bình Định", 3, 25), ("Phú Yên", 3, 18), ("Khánh Hòa", 2, 30),
    ("Ninh Thuận", 4, 15),
]
NTB_WRONG_TOTAL = D(2407)  # Phú Yên Tổng số (H11) as written; 690 + 1.780 = 2.470


def build_form_so_de_an(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "TH 2021"
    nodes = [("STT", None), ("Tỉnh/Thành phố", None),
             ("Số đề án", [("KCQG", None), ("KCĐP", None)]),
             ("Kinh phí thực hiện", [("KCQG", None), ("KCĐP", None), ("Tổng số", None)])]
    sh = Sheet(ws, _leaves(nodes))
    sh.widths(6, 22, 8, 8, 12, 12, 12)
    r = sh.title_block(*CUC, "TỔNG HỢP KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2021 CÁC TỈNH NAM "
                       "TRUNG BỘ", None, "Đơn vị tính: triệu đồng")
    r = tree_header(sh, r, nodes)
    fmts = [None, None, "0", "0", AMT1, AMT1, AMT1]
    for i, (prov, nq, nd) in enumerate(NTB, start=1):
        qg, dp = MT_2021[prov]
        total = qg + dp if prov != "Phú Yên" else NTB_WRONG_TOTAL
        sh.row(r, [i, prov, nq, nd, cellnum(qg), cellnum(dp), cellnum(total)], fmts)
        r += 1
    qg = sum(MT_2021[p][0] for p, _, _ in NTB)
    dp = sum(MT_2021[p][1] for p, _, _ in NTB)
    sh.row(r, [None, "Tổng cộng", sum(n for _, n, _ in NTB), sum(n for _, _, n in NTB),
               cellnum(qg), cellnum(dp), cellnum(qg + dp)], fmts, bold=True)
    assert (qg, dp) == (D(3810), D(12900))
    sh.signature(r, "Ghi chú: số đề án đã thực hiện trong năm.",
                 PLACE_DATE.format("Hà Nội", 2022), "Người lập biểu", "Cục trưởng")
    save(wb, out / "dang-so-de-an.xlsx")


# -- 12.6 the words real forms use (Phú Yên) ------------------------------------------
PYE_KH = [  # name, content, total, support (KCQG requested), counterpart
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến cá ngừ đại dương", MMTB,
     D(1280), D(300), D(980)),
    ("Xây dựng mô hình trình diễn kỹ thuật sản xuất muối sạch",
     "Mô hình trình diễn kỹ thuật", D(3000), D(900), D(2100)),
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất bánh tráng", MMTB, D(540),
     D(250), D(290)),
]
PYE_TH = [  # name, content, program, total, support (state budget), counterpart
    ("Đào tạo nghề đan lát mây tre", "Đào tạo nghề", "KCĐP", D(150), D(150), D(0)),
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hạt điều", MMTB, "KCĐP",
     D(700), D(250), D(450)),
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến cá ngừ", MMTB, "KCQG",
     D(1250), D(300), D(950)),
]
PYE_WRONG_SUPPORT = D(750)  # the TH 2024 Tổng cộng F12 as written; the rows give 700


def build_form_tu_ngu(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KH 2025"
    cols = ["STT", "Tên đề án", "Nội dung hoạt động khuyến công", "Đơn vị chủ trì",
            "Tổng kinh phí", "Kinh phí KCQG đề nghị hỗ trợ", "Vốn đối ứng của đơn vị thụ hưởng"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 50, 26, 28, 12, 14, 14)
    r = sh.title_block(SCT.format("PHÚ YÊN"), TT_KC,
                       "DANH MỤC ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA ĐĂNG KÝ NĂM 2025", None,
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 4 + [AMT1] * 3
    for i, x in enumerate(PYE_KH, start=1):
        sh.row(r, [i, x[0], x[1], "Sở Công Thương Phú Yên", *map(cellnum, x[2:])], fmts)
        r += 1
    sh.row(r, [None, "Tổng cộng", None, None,
               *[cellnum(sum(x[k] for x in PYE_KH)) for k in (2, 3, 4)]], fmts, bold=True)
    sh.signature(r, "Ghi chú: kinh phí KCQG đề nghị Bộ Công Thương hỗ trợ.",
                 PLACE_DATE.format("Phú Yên", 2024), "Người lập biểu", "Giám đốc")

    ws = wb.create_sheet("TH 2024")
    cols = ["STT", "Tên đề án", "Nội dung hoạt động khuyến công", "Nguồn kinh phí",
            "Tổng kinh phí", "Ngân sách nhà nước hỗ trợ", "Vốn đối ứng của đơn vị thụ hưởng",
            "Đơn vị thực hiện"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 50, 26, 10, 12, 14, 14, 34)
    r = sh.title_block(SCT.format("PHÚ YÊN"), TT_KC,
                       "KẾT QUẢ THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2024", None,
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 4 + [AMT1] * 3 + [None]
    unit = "Trung tâm Khuyến công và Xúc tiến thương mại Phú Yên"
    for i, x in enumerate(PYE_TH, start=1):
        sh.row(r, [i, x[0], x[1], x[2], *map(cellnum, x[3:]), unit], fmts)
        r += 1
    sh.row(r, [None, "Tổng cộng", None, None, cellnum(sum(x[3] for x in PYE_TH)),
               cellnum(PYE_WRONG_SUPPORT), cellnum(sum(x[5] for x in PYE_TH)), None], fmts,
           bold=True)
    assert r == 11 and sum(x[4] for x in PYE_TH) == D(700)
    sh.signature(r, "Ghi chú: KCQG: khuyến công quốc gia; KCĐP: khuyến công địa phương.",
                 PLACE_DATE.format("Phú Yên", 2024), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-tu-ngu.xlsx")


# -- 12.7 the program given once: by the title, and by section rows (Lâm Đồng, Khánh Hòa) -
LDG_ROWS = [  # name, content, total, support
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến chè", MMTB, D(1400), D(300)),
    ("Xây dựng mô hình trình diễn kỹ thuật sấy rau củ quả", "Mô hình trình diễn kỹ thuật",
     D(2500), D(750)),
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất cà phê chồn", MMTB, D(900),
     D(270)),
]
LDG_WRONG_TOTAL = D(4700)  # Tổng cộng E11 as written; the rows give 4.800


def build_form_chuong_trinh_tieu_de(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KCQG 2024"
    cols = ["STT", "Tên đề án", "Nội dung", "Đơn vị thụ hưởng", "Tổng kinh phí",
            "Kinh phí hỗ trợ", "Vốn đối ứng"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 50, 26, 28, 12, 12, 12)
    r = sh.title_block(SCT.format("LÂM ĐỒNG"), TT_KC,
                       "KẾ HOẠCH THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG QUỐC GIA NĂM 2024", None,
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 4 + [AMT1] * 3
    for i, (name, content, total, support) in enumerate(LDG_ROWS, start=1):
        sh.row(r, [i, name, content, "Cơ sở sản xuất (TP Bảo Lộc)", cellnum(total),
                   cellnum(support), cellnum(total - support)], fmts)
        r += 1
    support = sum(x[3] for x in LDG_ROWS)
    sh.row(r, [None, "Tổng cộng", None, None, cellnum(LDG_WRONG_TOTAL), cellnum(support),
               cellnum(sum(x[2] for x in LDG_ROWS) - support)], fmts, bold=True)
    assert r == 11
    sh.signature(r, "Ghi chú: các đề án khuyến công quốc gia do Bộ Công Thương giao.",
                 PLACE_DATE.format("Lâm Đồng", 2023), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-chuong-trinh-tieu-de.xlsx")


KHA_SECTIONS = [  # (section label, [(sub-section label, [(name, total, support)])])
    ("A. KHUYẾN CÔNG ĐỊA PHƯƠNG", [
        ("I. Đào tạo nghề", [("Đào tạo nghề chế biến hải sản", D(160), D(160)),
                             ("Đào tạo nghề thêu ren", D(120), D(120))]),
        ("II. Máy móc thiết bị tiên tiến", [
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất nước mắm",
             D(800), D(250)),
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến yến sào",
             D(1100), D(300))]),
    ]),
    ("B. KHUYẾN CÔNG QUỐC GIA", [
        ("I. Mô hình trình diễn kỹ thuật", [
            ("Xây dựng mô hình trình diễn kỹ thuật chế biến rong biển", D(3100), D(900))]),
        ("II. Máy móc thiết bị tiên tiến", [
            ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất gốm", D(950),
             D(300))]),
    ]),
]
KHA_WRONG_SUBTOTAL = D(3000)  # B / I support (F16) as written; its one đề án has 900


def build_form_chuong_trinh_muc(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KH 2023"
    cols = ["STT", "Tên đề án", "Nội dung", "Đơn vị thụ hưởng", "Tổng kinh phí",
            "Kinh phí khuyến công", "Vốn đối ứng"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 56, 26, 28, 12, 14, 12)
    r = sh.title_block(SCT.format("KHÁNH HÒA"), TT_KC, "KẾ HOẠCH KHUYẾN CÔNG NĂM 2023", None,
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 4 + [AMT1] * 3

    def sums(items):
        return sum(x[1] for x in items), sum(x[2] for x in items)

    n = 0
    for section, subs in KHA_SECTIONS:
        every = [x for _, items in subs for x in items]
        t, s_ = sums(every)
        sh.row(r, [None, section, None, None, cellnum(t), cellnum(s_), cellnum(t - s_)], fmts,
               bold=True)
        r += 1
        for sub, items in subs:
            t, s_ = sums(items)
            if section.startswith("B") and sub.startswith("I."):
                s_ = KHA_WRONG_SUBTOTAL
                assert r == 16
            content = sub.split(". ", 1)[1]
            sh.row(r, [None, sub, None, None, cellnum(t), cellnum(s_), cellnum(t - sums(
                items)[1])], fmts, bold=True, italic=True)
            r += 1
            for name, total, support in items:
                n += 1
                sh.row(r, [n, name, content, "Cơ sở sản xuất (TP Nha Trang)", cellnum(total),
                           cellnum(support), cellnum(total - support)], fmts)
                r += 1
    every = [x for _, subs in KHA_SECTIONS for _, items in subs for x in items]
    t, s_ = sums(every)
    sh.row(r, [None, "Tổng cộng", None, None, cellnum(t), cellnum(s_), cellnum(t - s_)], fmts,
           bold=True)
    sh.signature(r, "Ghi chú: A, B: nguồn kinh phí; I, II: nội dung hoạt động.",
                 PLACE_DATE.format("Khánh Hòa", 2022), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-chuong-trinh-muc.xlsx")


# -- 12.8 a row that stands for several đề án (Hòa Bình 2023) ---------------------------
HB_CENTRE = [x for x in HB_ROWS if x[6].endswith("khu vực 1")]
HB_WRONG_SUPPORT = D(3380)  # Tổng cộng H16 as written; the rows give 3.830


def build_form_nhieu_de_an(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KH 2023"
    cols = ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Đơn vị thụ hưởng",
            "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 13, 56, 24, 10, 36, 12, 12, 12)
    r = sh.title_block("SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH",
                       "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP",
                       "KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG NĂM 2023", None,
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 6 + [AMT1] * 3
    own = [x for x in HB_ROWS if x not in HB_CENTRE]
    n = 0
    for g, (prog, label) in enumerate(BD_GROUPS[::-1]):
        rows = [x for x in own if x[0] == prog]
        lines = [(x[1], x[2], x[3], x[5], x[7], x[8]) for x in rows]
        if prog == "KCQG":
            lines.append((None, "Trung tâm KC&TVPTCN khu vực 1 (Cục Công Thương địa phương) "
                          "thực hiện 03 đề án hỗ trợ ứng dụng máy móc thiết bị tiên tiến "
                          f"({sum(x[4] for x in HB_CENTRE)} cơ sở)", MMTB,
                          "Các cơ sở trên địa bàn tỉnh", sum(x[7] for x in HB_CENTRE),
                          sum(x[8] for x in HB_CENTRE)))
        t, s_ = sum(x[4] for x in lines), sum(x[5] for x in lines)
        sh.row(r, [ROMAN[g], None, label, None, None, None, cellnum(t), cellnum(s_),
                   cellnum(t - s_)], fmts, bold=True)
        r += 1
        for pid, name, content, ben, total, support in lines:
            n += 1
            sh.row(r, [n, pid, name, content, prog, ben, cellnum(total), cellnum(support),
                       cellnum(total - support)], fmts)
            r += 1
    t, s_ = sum(x[7] for x in HB_ROWS), sum(x[8] for x in HB_ROWS)
    assert s_ == D(3830) and r == 16
    sh.row(r, [None, None, "Tổng cộng", None, None, None, cellnum(t), cellnum(HB_WRONG_SUPPORT),
               cellnum(t - s_)], fmts, bold=True)
    sh.signature(r, "Ghi chú: 03 đề án KCQG do Trung tâm khu vực chủ trì ghi chung một dòng.",
                 "Hòa Bình, ngày 15 tháng 12 năm 2023", "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-nhieu-de-an.xlsx")


# -- 12.9 one counterpart column for both programs (four provinces of Phía Nam, 2023) ---
PN_ROWS = [  # province, KCQG, KCĐP, counterpart
    ("Cần Thơ", D(1200), D(2600), D(5400)), ("Hậu Giang", D(850), D(1900), D(3100)),
    ("Sóc Trăng", D(990), D(2350), D(4250)), ("Bạc Liêu", D(700), D(1650), D(2800)),
]
PN_WRONG_COUNTERPART = D(15500)  # Tổng cộng F13 as written; the rows give 15.550


def build_form_doi_ung_chung(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "TH 2023"
    nodes = [("STT", None), ("Tỉnh/Thành phố", None),
             ("Kinh phí khuyến công thực hiện", [("KCQG", None), ("KCĐP", None),
                                                 ("Tổng số", None)]),
             ("Vốn đối ứng", None), ("Tổng kinh phí", None)]
    sh = Sheet(ws, _leaves(nodes))
    sh.widths(6, 20, 12, 12, 12, 12, 12)
    r = sh.title_block(*CUC, "TỔNG HỢP KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2023", None,
                       "Đơn vị tính: triệu đồng")
    r = tree_header(sh, r, nodes)
    fmts = [None, None] + [AMT1] * 5
    for i, (prov, qg, dp, cp) in enumerate(PN_ROWS, start=1):
        sh.row(r, [i, prov, cellnum(qg), cellnum(dp), cellnum(qg + dp), cellnum(cp),
                   cellnum(qg + dp + cp)], fmts)
        r += 1
    qg, dp = sum(x[1] for x in PN_ROWS), sum(x[2] for x in PN_ROWS)
    cp = sum(x[3] for x in PN_ROWS)
    assert cp == D(15550) and r == 13
    sh.row(r, [None, "Tổng cộng", cellnum(qg), cellnum(dp), cellnum(qg + dp),
               cellnum(PN_WRONG_COUNTERPART), cellnum(qg + dp + cp)], fmts, bold=True)
    sh.signature(r, "Ghi chú: vốn đối ứng của các cơ sở thụ hưởng, chung cho hai nguồn.",
                 PLACE_DATE.format("Hà Nội", 2023), "Người lập biểu", "Cục trưởng")
    save(wb, out / "dang-doi-ung-chung.xlsx")


# -- 12.10 Nguồn khác left blank (Quảng Trị 2024 plan) ---------------------------------
QTR_ROWS = [  # id, name, program, total, support, counterpart, other (None: blank)
    ("QTR-2024-01", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến hồ tiêu",
     "KCĐP", D(760), D(250), D(510), None),
    ("QTR-2024-02", "Đào tạo nghề làm hương truyền thống", "KCĐP", D(140), D(140), D(0), None),
    ("QTR-2024-03", "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất nước mắm",
     "KCQG", D(1050), D(300), D(700), None),  # planted: 300 + 700 = 1.000 ≠ 1.050 (E10)
    ("QTR-2024-04", "Xây dựng mô hình trình diễn kỹ thuật chế biến gỗ rừng trồng", "KCQG",
     D(3200), D(950), D(2000), D(250)),
]


def build_form_nguon_khac(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "KH 2024"
    cols = ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí",
            "Kinh phí khuyến công", "Vốn đối ứng", "Nguồn khác"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 13, 56, 10, 12, 14, 12, 10)
    r = sh.title_block(SCT.format("QUẢNG TRỊ"), TT_KC, "KẾ HOẠCH KHUYẾN CÔNG NĂM 2024", None,
                       "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 4 + [AMT1] * 4
    for i, x in enumerate(QTR_ROWS, start=1):
        sh.row(r, [i, x[0], x[1], x[2], *map(cellnum, x[3:])], fmts)
        r += 1
    sh.row(r, [None, None, "Tổng cộng", None,
               *[cellnum(sum((x[k] or 0) for x in QTR_ROWS)) for k in (3, 4, 5, 6)]], fmts,
           bold=True)
    sh.signature(r, "Ghi chú: Nguồn khác để trống khi không có.",
                 PLACE_DATE.format("Quảng Trị", 2023), "Người lập biểu", "Giám đốc")
    save(wb, out / "dang-nguon-khac-trong.xlsx")


# -- 12.12 a sheet written with a namespace prefix (<x:row>), one uncached formula ------
def _prefix_part(data: bytes, prefix: bytes = b"x") -> bytes:
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    if main not in data:
        return data
    data = data.replace(main, b"xmlns:" + prefix + main[5:], 1)
    return re.sub(rb"<(/?)([A-Za-z][\w]*)(?=[\s/>])",
                  lambda m: b"<" + m.group(1) + prefix + b":" + m.group(2), data)


def prefixed_copy(path: Path, target: Path) -> None:
    """``path`` with its sheets and shared strings written as ``<x:worksheet>``."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/") or \
                    info.filename == "xl/sharedStrings.xml":
                data = _prefix_part(data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    target.write_bytes(out.getvalue())


def build_form_tien_to(out: Path) -> None:
    """The Bình Định 2021 table of loi-cong-thuc.xlsx (E10 a formula nothing calculated),
    with every element of its XML prefixed, as some generators write it."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        build_loi_cong_thuc(Path(tmp))
        prefixed_copy(Path(tmp) / "loi-cong-thuc.xlsx", out / "dang-tien-to.xlsx")


FORM_BUILDERS = [
    build_form_trong_do, build_form_nhom_kinh_phi, build_form_theo_ky, build_form_nam_theo_cot,
    build_form_so_de_an, build_form_tu_ngu, build_form_chuong_trinh_tieu_de,
    build_form_chuong_trinh_muc, build_form_nhieu_de_an, build_form_doi_ung_chung,
    build_form_nguon_khac, build_form_tien_to,
]

# =========================================================================== 13. stages
#
# The whole life of the money (issue 15): allocation, advances, acceptance and
# disbursement beside the plan, figures to date, counts, and a programme's targets.

# -- 13.1 Phía Nam 2024 to September: the plan, what was allocated, what was executed --
# Published (14th Phía Nam conference, 10/10/2024): KCQG plan 32,3 tỷ, allocated 13 tỷ
# ("40%"); KCĐP plan 59 tỷ, executed 25,3 tỷ, "27,7% of the year's plan" (25,3 ÷ 91,3).
PN24_STAGES = {"KCQG": (D("32.3"), D(13), None, D(40)),
               "KCĐP": (D(59), None, D("25.3"), D("27.7"))}


def build_pn_tien_do(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "9 tháng 2024"
    cols = ["STT", "Nguồn kinh phí", "Kế hoạch", "Phân bổ", "Tỷ lệ phân bổ (%)", "Thực hiện",
            "Tỷ lệ so với kế hoạch (%)"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 30, 12, 12, 12, 12, 14)
    r = sh.title_block(*CUC, "TÌNH HÌNH THỰC HIỆN KINH PHÍ KHUYẾN CÔNG 9 THÁNG ĐẦU NĂM 2024 "
                       "KHU VỰC PHÍA NAM", "(Số liệu báo cáo tại Hội nghị khuyến công khu vực "
                       "phía Nam lần thứ 14)", "Đơn vị tính: tỷ đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None, None, "0.0", "0.0", "0.0", "0.0", "0.0"]
    for i, (prog, (plan, alloc, done, stated)) in enumerate(PN24_STAGES.items(), start=1):
        label = "Khuyến công quốc gia" if prog == "KCQG" else "Khuyến công địa phương"
        sh.row(r, [i, label, cellnum(plan), cellnum(alloc), cellnum(stated) if alloc else None,
                   cellnum(done), cellnum(stated) if done else None], fmts)
        r += 1
    plan = sum(v[0] for v in PN24_STAGES.values())
    assert plan == D("91.3") and pct(D(13), D("32.3")) == D("40.25")
    assert pct(D("25.3"), D(59)) == D("42.88") and pct(D("25.3"), plan) == D("27.71")
    sh.row(r, [None, "Tổng cộng", cellnum(plan), 13, cellnum(pct(D(13), plan, 1)), 25.3,
               cellnum(pct(D("25.3"), plan, 1))], fmts, bold=True)
    sh.signature(r, "Ghi chú: tỷ lệ so với kế hoạch năm như báo cáo đã nêu.",
                 "Kiên Giang, ngày 10 tháng 10 năm 2024", "Người lập biểu", "Cục trưởng")
    save(wb, out / "phia-nam-2024-tien-do.xlsx")


# -- 13.2 Bình Định 2022: each đề án's money through its stages, to the end of July ------
def bd_stages() -> list[tuple]:
    """(plan project, advanced, accepted, disbursed) for the 35 đề án of the plan: the 11
    accepted đề án were accepted at their executed support (2.080 in all) and paid it;
    the đề án still in progress were advanced what they have executed so far."""
    actual = {p.pid: p for p in BD_ACTUAL}
    out = []
    for p in BD_PLAN:
        a = actual.get(p.pid)
        advanced = accepted = disbursed = None
        if a is not None and a.status == ACCEPTED:
            accepted = disbursed = a.support
        elif a is not None:
            advanced = disbursed = a.support
        out.append((p, advanced, accepted, disbursed))
    assert sum(x[2] or 0 for x in out) == D(2080)
    return out


def build_bd_giai_doan(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Tiến độ 7 tháng"
    cols = ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí kế hoạch", "Tạm ứng",
            "Nghiệm thu", "Giải ngân", "Trạng thái"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 14, 56, 10, 12, 11, 11, 11, 16)
    r = sh.title_block(*SCT_BD, "TÌNH HÌNH THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2022 (ĐẾN HẾT "
                       "THÁNG 7 NĂM 2022)", None, "Đơn vị tính: triệu đồng")
    r = sh.header(r, [(c, None) for c in cols])
    fmts = [None] * 4 + [AMT1] * 4 + [None]
    rows = bd_stages()
    for i, (p, adv, acc, dis) in enumerate(rows, start=1):
        actual = next((a for a in BD_ACTUAL if a.pid == p.pid), None)
        status = actual.status if actual is not None else "Chưa thực hiện"
        sh.row(r, [i, p.pid, p.name, p.program, cellnum(p.support), cellnum(adv), cellnum(acc),
                   cellnum(dis), status], fmts)
        r += 1
    sums = [sum((x[k] or 0) for x in rows) for k in (1, 2, 3)]
    sh.row(r, [None, None, "Tổng cộng", None, cellnum(BD_PLAN_TOTAL), *map(cellnum, sums),
               None], fmts, bold=True)
    sh.signature(r, "Ghi chú: giải ngân gồm tạm ứng và thanh toán sau nghiệm thu.",
                 "Bình Định, ngày 05 tháng 8 năm 2022", "Người lập biểu", "Giám đốc")
    save(wb, out / "binh-dinh-2022-giai-doan.xlsx")


# -- 13.3 Đắk Lắk 2021–2025: three years done against the programme's targets ----------
# Published targets (provincial review): train about 1.000 people, 5 demonstration
# models, machinery for 100 facilities, 10 new rural-industry facilities, 100 businesses
# at fairs; programme 55 tỷ, of which khuyến công support 29 tỷ. The yearly figures
# 2021–2023 are invented.
DLK_TARGETS = [  # label, ĐVT, 2021, 2022, 2023, target
    ("Số lao động được đào tạo nghề", "người", 210, 230, 190, 1000),
    ("Số mô hình trình diễn kỹ thuật", "mô hình", 1, 1, 1, 5),
    ("Số cơ sở được hỗ trợ máy móc thiết bị", "cơ sở", 18, 22, 20, 100),
    ("Số cơ sở công nghiệp nông thôn thành lập mới", "cơ sở", 2, 3, 2, 10),
    ("Số doanh nghiệp tham gia hội chợ triển lãm", "doanh nghiệp", 20, 25, 24, 100),
    ("Tổng kinh phí", "triệu đồng", D("10150.5"), D("11240"), D("10860.2"), D(55000)),
    ("Kinh phí khuyến công hỗ trợ", "triệu đồng", D("5320.4"), D("5785"), D("5610.8"),
     D(29000)),
]


def build_dak_lak_targets(out: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "2021-2025"
    cols = ["STT", "Chỉ tiêu", "ĐVT", "Năm 2021", "Năm 2022", "Năm 2023",
            "Kế hoạch giai đoạn 2021–2025"]
    sh = Sheet(ws, len(cols))
    sh.widths(6, 46, 14, 11, 11, 11, 16)
    r = sh.title_block("UBND TỈNH ĐẮK LẮK", "SỞ CÔNG THƯƠNG",
                       "KẾT QUẢ THỰC HIỆN 2021–2023 VÀ MỤC TIÊU CHƯƠNG TRÌNH KHUYẾN CÔNG GIAI "
                       "ĐOẠN 2021–2025", None, "Biểu 02")
    r = sh.header(r, [(c, None) for c in cols])
    for i, (label, unit, a, b, c, target) in enumerate(DLK_TARGETS, start=1):
        fmt = AMT1 if unit == "triệu đồng" else "0"
        sh.row(r, [i, label, unit, cellnum(a), cellnum(b), cellnum(c), cellnum(target)],
               [None, None, None, fmt, fmt, fmt, fmt])
        r += 1
    sh.signature(r - 1, "Ghi chú: mục tiêu theo Chương trình khuyến công tỉnh giai đoạn "
                 "2021–2025.", PLACE_DATE.format("Đắk Lắk", 2023), "Người lập biểu",
                 "Giám đốc")
    save(wb, out / "dak-lak-2021-2025.xlsx")


STAGE_BUILDERS = [build_pn_tien_do, build_bd_giai_doan, build_dak_lak_targets]

BUILDERS = [
    lambda o: build_mien_trung(o),
    lambda o: build_mien_trung(o, broken=True),
    build_toan_quoc, build_phia_nam, build_bd_plan, build_bd_actual, build_dak_lak,
    build_hoa_binh, build_loi_tong_hop, build_loi_cong_thuc, build_tcvn3, build_csv,
    *FORM_BUILDERS, *STAGE_BUILDERS,
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="output directory (default: here)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        build(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
