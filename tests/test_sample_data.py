"""The committed sample workbooks: present, reproducible, and adding up.

Reads the files with openpyxl and csv only (not kcbudget's reader), so that these tests
say what the files hold independently of the code that reads them. Every figure of
facts.md that a sample file reproduces is asserted here, with Decimal arithmetic.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
SD = ROOT / "sample_data"

XLSX = [
    "mien-trung-2021.xlsx", "mien-trung-2021-bao-cao.xlsx", "toan-quoc-2022.xlsx",
    "phia-nam-2024.xlsx", "binh-dinh-2022-ke-hoach.xlsx", "binh-dinh-2022-thuc-hien.xlsx",
    "dak-lak-2016-2020.xlsx", "hoa-binh-2023.xlsx", "loi-tong-hop.xlsx", "loi-cong-thuc.xlsx",
    "tcvn3.xlsx",
]
CSV = ["ke-hoach.csv", "windows-1258.csv"]

MIEN_TRUNG = ["Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam",
              "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Kon Tum",
              "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"]


# --------------------------------------------------------------------------- helpers


def pct(num, den, places: int = 2) -> Decimal:
    return (D(num) * 100 / D(den)).quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def num(v) -> Decimal:
    """A numeric cell as Decimal (541.9 is 541.9); ``-`` is zero, as the sheets write it."""
    if v == "-":
        return D(0)
    assert isinstance(v, (int, float)) and not isinstance(v, bool), v
    return D(str(v))


def vi_num(text: str) -> Decimal:
    """Vietnamese number text: ``.`` groups thousands, ``,`` is the decimal mark."""
    if text == "-":
        return D(0)
    return D(text.replace(".", "").replace(",", "."))


def load(name: str, **kw):
    return openpyxl.load_workbook(SD / name, **kw)


def col(letter: str) -> int:
    return openpyxl.utils.column_index_from_string(letter)


def body(ws, first: int) -> list[tuple[int, tuple]]:
    """Rows from ``first`` to the first empty row: the table under its header."""
    out = []
    r = first
    while True:
        vals = tuple(c.value for c in ws[r])
        if all(v is None for v in vals):
            return out
        out.append((r, vals))
        r += 1


def is_roman(v) -> bool:
    return isinstance(v, str) and v and set(v) <= set("IVX")


def check_subtotals(rows, amount_cols: list[int], label_col: int):
    """Roman rows = sum of the rows under them; the Tổng cộng row = sum of all detail rows."""
    detail = [v for _, v in rows if not is_roman(v[0]) and v[label_col] != "Tổng cộng"]
    groups: list[tuple[tuple, list[tuple]]] = []
    for _, v in rows:
        if is_roman(v[0]):
            groups.append((v, []))
        elif v[label_col] == "Tổng cộng":
            for c in amount_cols:
                assert num(v[c]) == sum(num(d[c]) for d in detail if d[c] is not None), c
        elif groups:
            groups[-1][1].append(v)
    for head, members in groups:
        for c in amount_cols:
            assert num(head[c]) == sum(num(m[c]) for m in members if m[c] is not None), (head, c)
    return detail


def snapshot(path: Path) -> dict:
    """Everything a reader sees: per sheet, cell values, fonts of text cells, merges."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = {c.coordinate: (c.value, c.font.name if isinstance(c.value, str) else None,
                                c.number_format)
                 for row in ws.iter_rows() for c in row if c.value is not None}
        out[ws.title] = (cells, sorted(str(m) for m in ws.merged_cells.ranges),
                         ws.sheet_state)
    return out


# --------------------------------------------------------------------------- presence


def test_every_file_is_there_and_documented():
    readme = (SD / "README.md").read_text(encoding="utf-8")
    for name in XLSX + CSV + ["build.py"]:
        assert (SD / name).is_file(), name
        assert f"`{name}`" in readme, f"{name} not described in README.md"


def test_no_machine_paths_in_sample_data():
    for path in list(SD.glob("*.py")) + list(SD.glob("*.md")) + list(SD.glob("*.csv")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        for machine_dir in ("/" + "work/", "/" + "tmp/"):
            assert machine_dir not in text, path


def test_build_regenerates_the_same_content(tmp_path):
    """build.py's main, run in this process (its own module namespace, its own seeded
    random generators): every workbook and CSV it writes is the committed one."""
    import runpy

    build = runpy.run_path(str(SD / "build.py"), run_name="sample_data_build")
    assert build["main"](["--out", str(tmp_path)]) == 0
    for name in XLSX:
        assert snapshot(tmp_path / name) == snapshot(SD / name), name
    for name in CSV:
        assert (tmp_path / name).read_bytes() == (SD / name).read_bytes(), name


# --------------------------------------------------------------------------- Miền Trung


def test_mien_trung_2021_adds_up_to_the_conference_figures():
    ws = load("mien-trung-2021.xlsx")["TH 2021"]
    assert ws["A6"].value == "Đơn vị tính: triệu đồng"
    assert [ws.cell(8, c).value for c in range(3, 8)] == [
        "Thực hiện", "Tỷ trọng (%)", "Thực hiện", "Tỷ trọng (%)", "Thực hiện"]
    assert (ws["C7"].value, ws["E7"].value, ws["G7"].value) == ("KCQG", "KCĐP", "Tổng số")
    rows = body(ws, 9)
    assert [v[1] for _, v in rows[:15]] == MIEN_TRUNG
    detail = check_subtotals(rows, [2, 4, 6], label_col=1)
    assert len(detail) == 15
    for v in detail:
        assert num(v[2]) + num(v[4]) == num(v[6])
        assert num(v[3]) == pct(num(v[2]), num(v[6]))
        assert num(v[5]) == pct(num(v[4]), num(v[6]))
    bd = next(v for v in detail if v[1] == "Bình Định")
    assert (num(bd[2]), num(bd[4])) == (D(1000), D(3500))
    assert rows[15][0] == 24 and ws["B24"].value == "Tổng cộng"
    assert (num(ws["C24"].value), num(ws["E24"].value), num(ws["G24"].value)) == (
        D(11065), D(37728), D(48793))
    assert (num(ws["D24"].value), num(ws["F24"].value)) == (D("22.68"), D("77.32"))
    assert ws["A26"].value.startswith("Ghi chú")


def test_mien_trung_2022_plan_and_seven_months():
    ws = load("mien-trung-2021.xlsx")["KH 2022"]
    rows = body(ws, 9)
    detail = check_subtotals(rows, list(range(2, 8)), label_col=1)
    assert [v[1] for v in detail] == MIEN_TRUNG
    for v in detail:
        assert num(v[2]) + num(v[4]) == num(v[6]) and num(v[3]) + num(v[5]) == num(v[7])
        assert num(v[8]) == pct(num(v[7]), num(v[6]))
    assert [num(ws.cell(24, c).value) for c in range(3, 9)] == [
        D(29207), D(3538), D(43588), D(17166), D(72795), D(20704)]


def test_bao_cao_copy_has_only_the_printed_comma():
    good, bad = load("mien-trung-2021.xlsx"), load("mien-trung-2021-bao-cao.xlsx")
    assert bad["TH 2021"]["C24"].value == "11,065"
    assert bad["TH 2021"]["C24"].data_type == "s"
    # read the Vietnamese way it is eleven-point-something and the total breaks
    kcdp = num(bad["TH 2021"]["E24"].value)
    assert vi_num("11,065") == D("11.065")
    assert vi_num("11,065") + kcdp != num(bad["TH 2021"]["G24"].value)
    assert D("11,065".replace(",", "")) + kcdp == D(48793)  # the other reading fits
    diff = [(ws.title, c.coordinate) for ws in bad.worksheets for row in ws.iter_rows()
            for c in row if c.value != good[ws.title][c.coordinate].value]
    assert diff == [("TH 2021", "C24")]


# --------------------------------------------------------------------------- whole country


def test_toan_quoc_2022_reproduces_the_national_figures():
    ws = load("toan-quoc-2022.xlsx")["Toàn quốc 2022"]
    rows = body(ws, 9)
    amount_cols = [2, 3, 5, 6, 8, 9]
    detail = check_subtotals(rows, amount_cols, label_col=1)
    assert len(detail) == 63
    assert [v[1] for _, v in rows if is_roman(v[0])] == [
        "Phía Bắc", "Miền Trung – Tây Nguyên", "Phía Nam"]
    for _, v in rows:
        assert num(v[2]) + num(v[5]) == num(v[8]) and num(v[3]) + num(v[6]) == num(v[9])
        for p, e, r in ((2, 3, 4), (5, 6, 7), (8, 9, 10)):
            assert num(v[r]) == pct(num(v[e]), num(v[p])), (v[1], r)
    total = next(v for _, v in rows if v[1] == "Tổng cộng")
    qg_p, qg_e, dp_p, dp_e, all_p, all_e = (num(total[c]) for c in amount_cols)
    ty = lambda x, n: (x / 1000).quantize(D(1).scaleb(-n), rounding=ROUND_HALF_UP)  # noqa: E731
    assert (qg_p, qg_e, dp_p, dp_e) == (D("140012.3"), D("136011.9"), D("205512.4"),
                                        D("186995.0"))
    assert (ty(qg_p, 0), ty(qg_e, 0), ty(dp_p, 1), ty(dp_e, 0)) == (140, 136, D("205.5"), 187)
    assert (ty(all_p, 1), ty(all_e, 0)) == (D("345.5"), 323)
    assert (pct(qg_e, qg_p), pct(dp_e, dp_p), pct(all_e, all_p)) == (
        D("97.14"), D("90.99"), D("93.48"))
    assert (num(total[4]), num(total[7]), num(total[10])) == (D("97.14"), D("90.99"),
                                                              D("93.48"))
    # from the rounded figures the percentages would not come out: the report used unrounded
    assert pct(323, D("345.5")) == D("93.49") and pct(187, D("205.5")) == D("91.00")
    nb = next(v for v in detail if v[1] == "Ninh Bình")
    assert (num(nb[8]), num(nb[9]), num(nb[10])) == (D(8198), D(8080), D("98.56"))
    # Miền Trung plan = the KH 2022 sheet of mien-trung-2021.xlsx
    kh = {v[1]: v for _, v in body(load("mien-trung-2021.xlsx")["KH 2022"], 9)}
    for v in detail:
        if v[1] in kh:
            assert (num(v[2]), num(v[5])) == (num(kh[v[1]][2]), num(kh[v[1]][4]))
            assert num(v[3]) >= num(kh[v[1]][3]) and num(v[6]) >= num(kh[v[1]][5])
        assert num(v[3]) <= num(v[2]) and num(v[6]) <= num(v[5])


# --------------------------------------------------------------------------- Phía Nam


def test_phia_nam_2024_keeps_the_reported_wrong_base():
    wb = load("phia-nam-2024.xlsx")
    ws = wb["Năm 2024"]
    assert ws["A6"].value == "Đơn vị tính: tỷ đồng"
    assert [ws.cell(7, c).value for c in range(1, 7)] == [
        "STT", "Khu vực", "Nguồn kinh phí", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"]
    qg = [ws.cell(8, c).value for c in range(2, 7)]
    dp = [ws.cell(9, c).value for c in range(2, 7)]
    assert qg[:2] == ["Phía Nam", "KCQG"] and dp[:2] == ["Phía Nam", "KCĐP"]
    assert [num(x) for x in qg[2:]] == [D("32.3"), D(13), D(40)]
    assert [num(x) for x in dp[2:]] == [D("59"), D("25.3"), D("27.7")]
    assert pct(13, D("32.3"), 0) == 40
    assert pct(D("25.3"), 59) == D("42.88")              # against its own plan
    assert pct(D("25.3"), D("91.3"), 1) == D("27.7")     # what was reported
    assert ws["B10"].value == "Tổng cộng"
    assert (num(ws["D10"].value), num(ws["E10"].value), num(ws["F10"].value)) == (
        D("91.3"), D("38.3"), D("41.9"))
    assert pct(D("38.3"), D("91.3"), 1) == D("41.9")
    ws = wb["Năm 2023"]
    assert (ws["C7"].value, ws["C8"].value, ws["D8"].value, ws["E8"].value) == (
        "Tổng số", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)")
    plan, done, stated = (num(ws[c].value) for c in ("C9", "D9", "E9"))
    assert (done, stated) == (D("81.725"), D("82.26")) and pct(done, plan) == stated
    assert abs(plan - D("99.35")) < D("0.01")


# --------------------------------------------------------------------------- Bình Định


def bd_plan_rows():
    ws = load("binh-dinh-2022-ke-hoach.xlsx")["KH 2022"]
    assert [c.value for c in ws[7]] == [
        "STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Đơn vị thụ hưởng",
        "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng", "Trạng thái"]
    return ws, body(ws, 8)


def test_binh_dinh_plan_is_35_de_an_for_5200():
    ws, rows = bd_plan_rows()
    assert ws["A4"].value == "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"
    detail = check_subtotals(rows, [6, 7, 8], label_col=2)
    assert len(detail) == 35
    assert [v[2] for _, v in rows if is_roman(v[0])] == [
        "KHUYẾN CÔNG QUỐC GIA", "KHUYẾN CÔNG ĐỊA PHƯƠNG"]
    assert [v[1] for v in detail] == [f"BDI-2022-{i:03d}" for i in range(1, 36)]
    assert sum(num(v[7]) for v in detail) == D(5200)
    assert sum(num(v[7]) for v in detail if v[4] == "KCQG") == D(1450)
    assert sum(num(v[7]) for v in detail if v[4] == "KCĐP") == D(3750)
    for v in detail:
        assert num(v[6]) == num(v[7]) + num(v[8]) and num(v[7]) <= num(v[6])
    assert any(num(v[6]) == D("541.9") for v in detail)


def bd_actual_rows():
    ws = load("binh-dinh-2022-thuc-hien.xlsx")["TH 7 thang"]
    assert ws["A6"].value == "ĐVT: đồng"
    assert [c.value for c in ws[7]][:10] == [
        "STT", "Tên đề án", "Mã đề án", "Nguồn kinh phí", "Nội dung", "Đơn vị thụ hưởng",
        "Trạng thái", "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng", "Tổng kinh phí thực hiện"]
    rows = body(ws, 8)
    return check_subtotals(rows, [7, 8, 9], label_col=1)


def test_binh_dinh_actual_eleven_of_35_accepted_is_40_percent():
    plan = {v[1]: v for v in (v for _, v in bd_plan_rows()[1]) if str(v[1]).startswith("BDI")}
    actual = {v[2]: v for v in bd_actual_rows()}
    million = D(1_000_000)
    for v in actual.values():
        assert num(v[9]) == num(v[7]) + num(v[8])
        assert num(v[7]) % 100_000 == 0  # whole hundred-thousands of đồng
    accepted = [pid for pid, v in actual.items() if v[6] == "Đã nghiệm thu"]
    assert len(accepted) == 11
    planned_accepted = sum(num(plan[pid][7]) for pid in accepted)
    assert planned_accepted == D(2080) == D(5200) * D("0.4")
    assert sum(num(actual[pid][7]) for pid in accepted) == D(2080) * million

    outcome = {}
    for pid in plan.keys() | actual.keys():
        if pid not in actual:
            outcome[pid] = "not_executed"
        elif pid not in plan:
            outcome[pid] = "unplanned"
        elif plan[pid][4] != actual[pid][3]:
            outcome[pid] = "conflict"
        else:
            p, e = num(plan[pid][7]) * million, num(actual[pid][7])
            outcome[pid] = "matched" if p == e else ("under" if e < p else "over")
    by = lambda o: sorted(k for k, v in outcome.items() if v == o)  # noqa: E731
    ids = lambda *ns: [f"BDI-2022-{n:03d}" for n in ns]  # noqa: E731
    assert by("matched") == ids(1, 3, 5, 7, 8, 11, 16, 28, 32)
    assert by("under") == ids(2, 9, 19, 20, 29)
    assert by("over") == ids(6)
    assert by("conflict") == ids(4)
    assert by("unplanned") == ids(36)
    assert len(by("not_executed")) == 19
    assert plan["BDI-2022-004"][4] == "KCQG" and actual["BDI-2022-004"][3] == "KCĐP"
    assert plan["BDI-2022-008"][2] != actual["BDI-2022-008"][2]  # same id, name retyped
    # the 7-month column of the regional sheet is this file, by program
    kh = {v[1]: v for _, v in body(load("mien-trung-2021.xlsx")["KH 2022"], 9)}
    for prog, c in (("KCQG", 3), ("KCĐP", 5)):
        assert sum(num(v[7]) for v in actual.values() if v[3] == prog) == \
            num(kh["Bình Định"][c]) * million


def read_csv(name: str, encoding: str) -> list[list[str]]:
    text = (SD / name).read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(unicodedata.normalize("NFC", text))))


def test_csv_plan_is_the_xlsx_plan_in_vietnamese_number_text():
    raw = (SD / "ke-hoach.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = read_csv("ke-hoach.csv", "utf-8-sig")
    assert rows[6][:3] == ["STT", "Mã đề án", "Tên đề án"]
    _, xrows = bd_plan_rows()
    xlsx = [v for _, v in xrows]
    table = rows[7:7 + len(xlsx)]
    for c_row, x_row in zip(table, xlsx):
        for j in (6, 7, 8):
            assert vi_num(c_row[j]) == num(x_row[j]), (c_row, j)
        assert c_row[1] == (x_row[1] or "")
    texts = {cell for r in table for cell in r[6:9]}
    assert "541,9" in texts and "14.328,5" in texts and "1.455,6" in texts
    # windows-1258: the same text, tone marks as combining characters where cp1258 has none
    cp = (SD / "windows-1258.csv").read_bytes()
    assert not cp.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        cp.decode("utf-8")
    assert read_csv("windows-1258.csv", "cp1258") == rows
    assert "\u0301" in cp.decode("cp1258")  # a combining acute: decomposed as cp1258 needs


# --------------------------------------------------------------------------- Đắk Lắk


def test_dak_lak_2016_2020_reproduces_the_review():
    ws = load("dak-lak-2016-2020.xlsx")["2016-2020"]
    assert [c.value for c in ws[7]][:10] == [
        "STT", "Năm", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí",
        "Đơn vị thụ hưởng", "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng"]
    rows = body(ws, 8)
    detail = check_subtotals(rows, [7, 8, 9], label_col=3)
    assert len(detail) == 86
    assert sum(v[5] == "KCĐP" for v in detail) == 82
    assert sum(v[5] == "KCQG" for v in detail) == 4
    assert {v[1] for v in detail} == {2016, 2017, 2018, 2019, 2020}
    assert len({(v[1], v[2]) for v in detail}) == 86
    tot = [sum(num(v[c]) for v in detail) for c in (7, 8, 9)]
    assert tot == [D("22386.5"), D("9102.3"), D("13284.2")]
    assert pct(tot[0], 1000, 0) / 100 == D("22.39")  # "gần 22,4 tỷ"
    by = {}
    for v in detail:
        assert num(v[7]) == num(v[8]) + num(v[9])
        n, t = by.get(v[4], (0, D(0)))
        by[v[4]] = (n + 1, t + num(v[7]))
    assert by["Sản xuất sạch hơn"][0] == 15 and by["Sản xuất sạch hơn"][1] > 1300
    assert by["Máy móc thiết bị tiên tiến"][0] == 42
    assert D(16900) < by["Máy móc thiết bị tiên tiến"][1] < D(17000)
    assert by["Hội chợ triển lãm"] == (11, D(768))
    mgmt = "Nâng cao năng lực quản lý và tổ chức thực hiện hoạt động khuyến công"
    assert by[mgmt] == (7, D(292))
    assert sum(n for n, _ in by.values()) - 15 - 42 - 11 - 7 == 11


# --------------------------------------------------------------------------- Hòa Bình


def test_hoa_binh_2023_reproduces_the_centre_report():
    ws = load("hoa-binh-2023.xlsx")["KH 2023"]
    header = [c.value for c in ws[7]]
    assert "Số cơ sở thụ hưởng" in header
    rows = body(ws, 8)
    detail = check_subtotals(rows, [7, 8, 9, 10], label_col=2)
    kcdp = [v for v in detail if v[4] == "KCĐP"]
    kcqg = [v for v in detail if v[4] == "KCQG"]
    assert sum(num(v[9]) for v in kcdp) == D(630)
    assert [(num(v[8]), num(v[9])) for v in kcdp] == [(616, 290), (D("541.9"), 260), (80, 80)]
    assert kcdp[1][7] == 1 and kcdp[1][2].startswith("Đề án nhóm")
    assert (num(kcqg[0][8]) > 1750, num(kcqg[0][9]), kcqg[0][7]) == (True, 500, 2)
    assert (num(kcqg[1][8]), num(kcqg[1][9]), kcqg[1][7]) == (1270, 600, 2)
    region = [v for v in kcqg if v[5].endswith("khu vực 1")]
    assert len(region) == 3 and sum(v[7] for v in region) == 7
    assert sum(num(v[9]) for v in region) == D(2100)
    for v in detail:
        assert num(v[8]) == num(v[9]) + num(v[10])


# --------------------------------------------------------------------------- broken files


def test_loi_tong_hop_has_exactly_its_defects():
    wb = load("loi-tong-hop.xlsx")
    ws = wb["Đề án"]
    rows = body(ws, 8)
    detail = [v for _, v in rows if not is_roman(v[0]) and v[2] != "Tổng cộng"]
    # 1. subtotal II (H12) says 1.150; its rows add up to 850
    assert ws["A12"].value == "II" and num(ws["H12"].value) == D(1150)
    assert num(ws["H13"].value) + num(ws["H14"].value) + num(ws["H15"].value) == D(850)
    # 2. a negative amount
    assert num(ws["H17"].value) == D(-250)
    # 3. total_cost < support (counterpart left blank)
    assert num(ws["G15"].value) < num(ws["H15"].value) and ws["I15"].value is None
    # 4. unknown province
    assert ws["D14"].value == "Bình Đinh"
    # 5. duplicate id
    assert ws["B10"].value == ws["B11"].value == "QNA-2022-02"
    # everything else adds up: the other subtotal cells and the Tổng cộng row
    for r, v in rows:
        if is_roman(v[0]):
            members = []
            for r2, v2 in rows:
                if r2 > r and (is_roman(v2[0]) or v2[2] == "Tổng cộng"):
                    break
                if r2 > r:
                    members.append(v2)
            for c in (6, 7, 8):
                if (r, c) == (12, 7):
                    continue
                assert num(v[c]) == sum(num(m[c]) for m in members if m[c] is not None)
    tot = next(v for _, v in rows if v[2] == "Tổng cộng")
    for c in (6, 7, 8):
        assert num(tot[c]) == sum(num(v[c]) for v in detail if v[c] is not None)
    ids = [v[1] for v in detail]
    assert len(ids) - len(set(ids)) == 1
    assert sum(num(v[7]) < 0 for v in detail) == 1
    assert sum(num(v[6]) < num(v[7]) for v in detail) == 1
    # 6. a percentage against the wrong base (Tổng hợp!H11)
    ws = wb["Tổng hợp"]
    rows = body(ws, 9)
    for r, v in rows:
        for p, e, c in ((2, 3, 4), (5, 6, 7), (8, 9, 10)):
            right = pct(num(v[e]), num(v[p]))
            if (r, c) == (11, 7):
                assert num(v[c]) != right
                assert num(v[c]) == pct(num(v[e]), num(v[8]))  # KCĐP over the whole plan
            else:
                assert num(v[c]) == right


def test_loi_cong_thuc_formula_without_cached_value():
    ws = load("loi-cong-thuc.xlsx")["BD 2021"]
    assert ws["E10"].value == "=SUM(E8:E9)"
    assert load("loi-cong-thuc.xlsx", data_only=True)["BD 2021"]["E10"].value is None
    formulas = [c.coordinate for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas == ["E10"]
    assert num(ws["E8"].value) + num(ws["E9"].value) == D(4500)
    assert (num(ws["F8"].value), num(ws["F9"].value)) == (pct(1000, 4500), pct(3500, 4500))


def test_tcvn3_sheet_decodes_to_the_regional_table():
    charmap = pytest.importorskip("viparse.normalize.encodings").get_charmap("tcvn3")
    table = dict(charmap.pairs)

    def decode(s: str) -> str:
        return "".join(table.get(ch, ch) for ch in s)

    ws = load("tcvn3.xlsx")["Bieu 01"]
    good = load("mien-trung-2021.xlsx")["TH 2021"]
    assert ws["B15"].value == "B×nh §Þnh" and ws["B15"].font.name == ".VnTime"
    assert ws["A4"].font.name == ".VnTimeH"
    assert "\xad" in ws["A28"].value  # ư is byte 0xAD, the soft hyphen
    unicode_cells = []
    for row in ws.iter_rows():
        for c in row:
            if not isinstance(c.value, str):
                if c.value is not None:
                    assert c.value == good[c.coordinate].value
                continue
            if c.font.name == FONT_UNICODE:
                unicode_cells.append(c.coordinate)
                assert c.value == good[c.coordinate].value
                continue
            assert c.font.name.startswith(".VnTime"), c.coordinate
            want = good[c.coordinate].value.replace("–", "-")
            got = decode(c.value)
            if c.font.name == ".VnTimeH":  # no accented capitals in TCVN3: case is lost
                assert got.lower() == want.lower(), c.coordinate
            else:
                assert got == want, c.coordinate
    assert unicode_cells == ["A26"]  # a Ghi chú line typed later in Unicode


FONT_UNICODE = "Times New Roman"
