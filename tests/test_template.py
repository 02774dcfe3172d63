"""``kcbudget template``: the round trip (make, fill as a clerk would, validate clean),
the drop-down lists, the layout, and the command's refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import openpyxl
import pytest
from typer.testing import CliRunner

import kcbudget
from kcbudget import reference as ref
from kcbudget.cli.app import app

runner = CliRunner()

PROJECT_HEADERS = ["STT", "Mã đề án", "Tên đề án", "Tỉnh/Thành phố", "Nội dung",
                   "Nguồn kinh phí", "Đơn vị thụ hưởng", "Số cơ sở thụ hưởng", "Tổng kinh phí",
                   "Kinh phí khuyến công", "Vốn đối ứng", "Nguồn khác", "Trạng thái"]

# id, name, activity (a name of the list), program, beneficiary, count, support,
# counterpart, other: Tổng kinh phí is always support + counterpart + other
PLAN = [
    ("BDI-2024-001", "Ứng dụng máy chế biến hạt điều", "Ứng dụng máy móc thiết bị tiên tiến",
     "KCQG", "Công ty TNHH Hạt điều An Nhơn", 1, 300, 784, 0),
    ("BDI-2024-002", "Mô hình trình diễn sản xuất nước mắm",
     "Xây dựng mô hình trình diễn kỹ thuật", "KCQG", "Cơ sở nước mắm Tam Quan", 1, 400, 1000,
     100),
    ("BDI-2024-003", "Đào tạo nghề mây tre đan", "Đào tạo nghề, truyền nghề", "KCĐP",
     "HTX mây tre Hoài Nhơn", 30, 80, 0, 0),
    ("BDI-2024-004", "Tham gia hội chợ hàng công nghiệp nông thôn", "Hội chợ, triển lãm",
     "KCĐP", "Các cơ sở CNNT tiêu biểu", 12, 260, 281.9, 0),
    ("BDI-2024-005", "Bản tin khuyến công", "Thông tin, tuyên truyền", "KCĐP",
     "Trung tâm Khuyến công", 0, 120.5, 0, 0),
]
# executed support by id (None: not in the report); 006 was not planned
ACTUAL = {"BDI-2024-001": (300, "Đã nghiệm thu"), "BDI-2024-002": (250, "Đang thực hiện"),
          "BDI-2024-003": (85, "Đã nghiệm thu"), "BDI-2024-005": (120.5, "Đã nghiệm thu")}
UNPLANNED = ("BDI-2024-006", "Tư vấn lập dự án đầu tư", "Tư vấn, trợ giúp", "KCĐP",
             "Cơ sở gốm Vân Canh", 1, 50, 0, 0)

# province: (KCQG plan, KCQG executed, KCĐP plan, KCĐP executed)
SUMMARY = {"Gia Lai": (1450, 780, 3750, 1925), "Đắk Lắk": (2000, 1800, 4500.5, 4000),
           "Huế": (900, 900, 1200, 1100.4)}


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def make(path, *args):
    result = invoke("template", path, *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return path


def total(*values) -> float:
    return float(sum(Decimal(str(v)) for v in values))


def project_row(stt, item, province, status, support=None):
    pid, name, activity, program, beneficiary, count, plan_support, counterpart, other = item
    support = plan_support if support is None else support
    return [stt, pid, name, province, activity, program, beneficiary, count,
            total(support, counterpart, other), support, counterpart, other, status]


def fill(path, sheet, first_row, rows, total_row=None):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    if total_row is not None:
        for c, value in enumerate(total_row, start=1):
            if value is not None:
                ws.cell(first_row + len(rows), c, value)
    wb.save(path)
    return path


def lists(path) -> dict[str, list[str]]:
    ws = openpyxl.load_workbook(path)["Danh mục"]
    out = {}
    for col in ws.iter_cols(values_only=True):
        out[col[0]] = [v for v in col[1:] if v is not None]
    return out


def findings(result):
    return [d for d in result.diagnostics if d.severity.value != "info"]


def assert_clean(path, rows):
    result = kcbudget.validate(path)
    assert findings(result) == [], [(d.code, d.cell, d.message) for d in findings(result)]
    assert {d.code for d in result.diagnostics} <= {"KC101", "KC102"}
    assert result.files[0].ok and result.files[0].rows == rows
    return result


def filled_plan(tmp_path, name="KH-2024.xlsx"):
    path = make(tmp_path / name, "--kind", "plan", "--year", "2024", "--province",
                "binh dinh")
    rows = [project_row(i, item, "Bình Định", "Kế hoạch") for i, item in enumerate(PLAN, 1)]
    sums = [total(*(row[c] for row in rows)) for c in range(8, 12)]
    return fill(path, "KH 2024", 8, rows, [None, None, "Tổng cộng", *[None] * 5, *sums, None])


def filled_actual(tmp_path, name="TH-2024.xlsx"):
    path = make(tmp_path / name, "--kind", "actual", "--year", "2024", "--province",
                "Bình Định")
    rows = []
    for item in PLAN:
        if item[0] in ACTUAL:
            support, status = ACTUAL[item[0]]
            # the province column left blank: the title's province applies
            rows.append(project_row(len(rows) + 1, item, None, status, support))
    rows.append(project_row(len(rows) + 1, UNPLANNED, None, "Đang thực hiện"))
    return fill(path, "TH 2024", 8, rows)


# ---------------------------------------------------------------- round trips

def test_plan_template_filled_validates_clean(tmp_path):
    path = filled_plan(tmp_path)
    result = assert_clean(path, len(PLAN))
    # the template's own hidden lists and instructions are known, neither read nor reported
    assert {d.code for d in result.diagnostics} == set()
    named = kcbudget.validate([path], sheet="Hướng dẫn")  # read when asked for by name
    assert {d.code for d in named.diagnostics} == {"KC102", "KC103"}
    table = kcbudget.read_workbook(path).tables[0]
    assert (table.sheet, table.phase, table.year, table.title_province) == (
        "KH 2024", "planned", 2024, "Bình Định")
    assert list(table.frame.columns) == [
        "stt", "project_id", "project_name", "province", "category", "program", "beneficiary",
        "beneficiaries", "total_cost", "support", "counterpart", "other_funds", "status"]


def test_actual_template_filled_validates_clean(tmp_path):
    path = filled_actual(tmp_path)
    assert_clean(path, len(ACTUAL) + 1)
    table = kcbudget.read_workbook(path).tables[0]
    assert (table.phase, table.year, table.title_province) == ("executed", 2024, "Bình Định")


def test_summary_template_filled_validates_clean(tmp_path):
    path = make(tmp_path / "tong-hop.xlsx", "--kind", "summary", "--year", "2026")
    names = lists(path)["Danh sách tỉnh/thành phố (2026)"]
    rows = []
    for i, (province, (qg_p, qg_e, dp_p, dp_e)) in enumerate(SUMMARY.items(), start=1):
        assert province in names
        rows.append([i, province, qg_p, qg_e, dp_p, dp_e, total(qg_p, dp_p), total(qg_e, dp_e)])
    sums = [total(*(row[c] for row in rows)) for c in range(2, 8)]
    fill(path, "Tổng hợp 2026", 9, rows, [None, "Tổng cộng", *sums])
    assert_clean(path, len(SUMMARY))
    table = kcbudget.read_workbook(path).tables[0]
    assert table.shape == "summary"
    assert list(table.frame.columns) == ["stt", "province", "planned.KCQG", "executed.KCQG",
                                         "planned.KCDP", "executed.KCDP", "planned.ALL",
                                         "executed.ALL"]
    summary = kcbudget.summarize([path], year="2026")
    by_program = {line.program: line for line in summary.totals or summary.rows}
    assert by_program["ALL"].planned == int(total(*(sum(v[0::2]) for v in SUMMARY.values()))
                                            * 1_000_000)
    assert by_program["ALL"].executed == round(
        Decimal(str(total(*(v[1] for v in SUMMARY.values()), *(v[3] for v in SUMMARY.values()))))
        * 1_000_000)


def test_blank_templates_validate_clean(tmp_path):
    for kind in ("plan", "actual", "summary"):
        path = make(tmp_path / f"{kind}.xlsx", "--kind", kind, "--year", "2023")
        assert_clean(path, 0)


def test_reconcile_filled_plan_against_filled_actual(tmp_path):
    plan, actual = filled_plan(tmp_path), filled_actual(tmp_path)
    result = kcbudget.reconcile(plan, actual)
    outcome = {p.project_id: p.outcome for p in result.projects}
    assert outcome == {"BDI-2024-001": "matched", "BDI-2024-005": "matched",
                       "BDI-2024-002": "under", "BDI-2024-003": "over",
                       "BDI-2024-004": "not_executed", "BDI-2024-006": "unplanned"}
    assert all(p.province == "Bình Định" for p in result.projects)
    all_ = next(t for t in result.totals if t.program == "ALL")
    assert all_.planned == 1_160_500_000
    assert all_.executed == 805_500_000
    cli = invoke("reconcile", plan, actual, "--format", "json")
    assert cli.exit_code in (0, 1), cli.output
    assert "Traceback" not in cli.output


# ---------------------------------------------------------------- layout

def test_title_block_headers_and_formats(tmp_path):
    path = make(tmp_path / "kh.xlsx", "--kind", "plan", "--year", "2022", "--province", "BR-VT")
    ws = openpyxl.load_workbook(path)["KH 2022"]
    assert ws["A1"].value == "SỞ CÔNG THƯƠNG TỈNH BÀ RỊA - VŨNG TÀU"
    assert ws["A2"].value == "TRUNG TÂM KHUYẾN CÔNG"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in ws[1]]
    assert ws["A4"].value == "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022" and ws["A4"].font.b
    assert ws["A4"].alignment.horizontal == "center"
    assert ws["A5"].value == "Đơn vị tính: triệu đồng"
    assert [c.value for c in ws[6]] == PROJECT_HEADERS
    assert [c.value for c in ws[7]] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)",
                                        "(9)=(10)+(11)+(12)", "(10)", "(11)", "(12)", "(13)"]
    assert ws.freeze_panes == "D8"
    assert ws["I8"].number_format == "#,##0.0" and ws["L8"].number_format == "#,##0.0"
    assert ws["H8"].number_format == "0" and ws["B8"].number_format == "@"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width


@pytest.mark.parametrize(("kind", "title"), [
    ("actual", "KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2025"),
    ("summary", "TỔNG HỢP KINH PHÍ KHUYẾN CÔNG NĂM 2025"),
])
def test_titles(tmp_path, kind, title):
    path = make(tmp_path / "t.xlsx", "--kind", kind, "--year", "2025")
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets[0]["A4"].value == title


def test_summary_two_level_header_merged(tmp_path):
    path = make(tmp_path / "th.xlsx", "--kind", "summary", "--year", "2022", "--province",
                "Ha Noi")
    ws = openpyxl.load_workbook(path)["Tổng hợp 2022"]
    assert ws["A1"].value == "SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A6:A7", "B6:B7", "C6:D6", "E6:F6", "G6:H6"} <= merged
    assert [ws.cell(6, c).value for c in (1, 2, 3, 5, 7)] == [
        "STT", "Tỉnh/Thành phố", "Khuyến công quốc gia", "Khuyến công địa phương", "Tổng số"]
    assert [c.value for c in ws[7]][2:8] == ["Kế hoạch", "Thực hiện"] * 3
    assert [c.value for c in ws[8]][6:8] == ["(7)=(3)+(5)", "(8)=(4)+(6)"]
    assert ws["B9"].value == "Hà Nội"  # --province prefills the first row
    assert ws.freeze_panes == "C9"
    assert ws["C9"].number_format == "#,##0.0"


def test_data_validations_and_lists(tmp_path):
    path = make(tmp_path / "kh.xlsx", "--kind", "actual", "--year", "2024")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["TH 2024", "Hướng dẫn", "Danh mục"]
    assert wb["Danh mục"].sheet_state == "hidden"
    assert wb["TH 2024"].sheet_state == "visible"
    found = lists(path)
    assert found["Danh sách nguồn kinh phí"] == ["KCQG", "KCĐP"]
    assert found["Danh sách tỉnh/thành phố (2024)"] == [p.name for p in ref.provinces(2024)]
    assert len(found["Danh sách tỉnh/thành phố (2024)"]) == 63
    assert found["Danh sách nội dung hoạt động"] == [a.name_vi for a in ref.activities()
                                                     if not a.is_group]
    assert found["Danh sách trạng thái"] == ["Kế hoạch", "Đang thực hiện", "Đã nghiệm thu",
                                             "Hủy"]
    dvs = {str(dv.sqref).split(":")[0]: dv
           for dv in wb["TH 2024"].data_validations.dataValidation}
    assert dvs["F8"].type == "list" and dvs["F8"].formula1 == '"KCQG,KCĐP"'
    assert dvs["D8"].type == "list" and dvs["D8"].formula1 == "'Danh mục'!$B$2:$B$64"
    assert dvs["E8"].type == "list" and dvs["E8"].formula1 == (
        f"'Danh mục'!$C$2:$C${len(found['Danh sách nội dung hoạt động']) + 1}")
    assert dvs["M8"].type == "list" and "Đã nghiệm thu" in dvs["M8"].formula1
    assert dvs["I8"].type == "decimal" and dvs["H8"].type == "whole"
    assert str(dvs["F8"].sqref) == "F8:F1007"
    for cell in ("D8", "E8", "F8", "M8"):
        assert dvs[cell].showDropDown in (None, False)  # False shows the arrow in Excel
    # every status of the list, every program and every activity is read as the contract says
    assert all(ref.match_status(s) is not None for s in found["Danh sách trạng thái"])
    assert all(ref.match_program(p) is not None for p in found["Danh sách nguồn kinh phí"])
    assert all(ref.match_activity(a) is not None
               for a in found["Danh sách nội dung hoạt động"])


def test_province_list_after_the_merger(tmp_path):
    path = make(tmp_path / "th.xlsx", "--kind", "summary", "--year", "2026")
    names = lists(path)["Danh sách tỉnh/thành phố (2026)"]
    assert names == [p.name for p in ref.provinces(2026)] and len(names) == 34
    ws = openpyxl.load_workbook(path)["Tổng hợp 2026"]
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert dvs["B9"].formula1 == "'Danh mục'!$B$2:$B$35"


def test_old_province_after_the_merger_becomes_its_unit(tmp_path):
    path = tmp_path / "kh.xlsx"
    result = invoke("template", path, "--kind", "plan", "--year", "2026", "--province",
                    "Bình Định")
    assert result.exit_code == 0, result.output
    assert "Gia Lai" in result.stderr
    ws = openpyxl.load_workbook(path)["KH 2026"]
    assert ws["A1"].value == "SỞ CÔNG THƯƠNG TỈNH GIA LAI"


def test_default_year_is_this_year(tmp_path):
    path = make(tmp_path / "kh.xlsx", "--kind", "plan")
    year = datetime.date.today().year
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets[0]["A4"].value == f"KẾ HOẠCH KHUYẾN CÔNG NĂM {year}"
    assert wb.sheetnames[0] == f"KH {year}"


# ---------------------------------------------------------------- instructions

def test_vietnamese_instructions(tmp_path):
    path = make(tmp_path / "kh.xlsx", "--kind", "plan", "--year", "2024")
    ws = openpyxl.load_workbook(path)["Hướng dẫn"]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    # the commands name the file as it was saved, and the example id has the year
    for phrase in ("triệu đồng", "1.234,5", "KCQG", "KCĐP", "kcbudget validate kh.xlsx",
                   "Tổng kinh phí = Kinh phí khuyến công + Vốn đối ứng + Nguồn khác",
                   "kcbudget reconcile kh.xlsx thuc-hien.xlsx", "63 tỉnh", "BDI-2024-001"):
        assert phrase in text, phrase


def test_english_instructions(tmp_path):
    path = make(tmp_path / "kh.xlsx", "--kind", "plan", "--year", "2024", "--lang", "en")
    wb = openpyxl.load_workbook(path)
    assert "Instructions" in wb.sheetnames and "Hướng dẫn" not in wb.sheetnames
    text = "\n".join(str(v) for row in wb["Instructions"].iter_rows(values_only=True)
                     for v in row if v)
    for phrase in ("million VND", "1.234,5", "KCQG = national", "kcbudget validate",
                   "Project ID"):
        assert phrase in text, phrase
    # the contract's headers stay Vietnamese
    assert [c.value for c in wb["KH 2024"][6]] == PROJECT_HEADERS
    dv = next(dv for dv in wb["KH 2024"].data_validations.dataValidation
              if str(dv.sqref).startswith("F8"))
    assert "national" in dv.prompt
    assert_clean(path, 0)


def test_english_from_the_environment(tmp_path):
    result = invoke("template", tmp_path / "kh.xlsx", "--kind", "summary", "--year", "2024",
                    env={"KCBUDGET_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert "Instructions" in openpyxl.load_workbook(tmp_path / "kh.xlsx").sheetnames


# ---------------------------------------------------------------- refusals

def test_no_overwrite_without_force(tmp_path):
    path = make(tmp_path / "kh.xlsx", "--kind", "plan", "--year", "2024")
    before = path.read_bytes()
    result = invoke("template", path, "--kind", "actual", "--year", "2024")
    assert result.exit_code == 2
    assert "đã tồn tại" in result.stderr and "--force" in result.stderr
    english = invoke("template", path, "--kind", "actual", "--year", "2024", "--lang", "en")
    assert english.exit_code == 2 and "already exists" in english.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    make(path, "--kind", "actual", "--year", "2024", "--force")
    assert openpyxl.load_workbook(path).sheetnames[0] == "TH 2024"


def test_unknown_province_exits_2_with_a_suggestion(tmp_path):
    path = tmp_path / "kh.xlsx"
    result = invoke("template", path, "--kind", "plan", "--province", "Bình Đinh")
    assert result.exit_code == 2
    assert "Bình Định" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not path.exists()
    english = invoke("template", path, "--kind", "plan", "--province", "Atlantis", "--lang",
                     "en")
    assert english.exit_code == 2 and "unknown province 'Atlantis'" in english.stderr


def test_refusals(tmp_path):
    assert invoke("template", tmp_path / "kh.xlsx").exit_code == 2  # --kind is required
    bad_kind = invoke("template", tmp_path / "kh.xlsx", "--kind", "budget")
    assert bad_kind.exit_code == 2
    wrong_suffix = invoke("template", tmp_path / "kh.xls", "--kind", "plan")
    assert wrong_suffix.exit_code == 2 and ".xlsx" in wrong_suffix.stderr
    assert not (tmp_path / "kh.xls").exists()
    folder = invoke("template", tmp_path, "--kind", "plan")
    assert folder.exit_code == 2


def test_help_has_an_example():
    result = invoke("template", "--help")
    assert result.exit_code == 0
    assert "Ví dụ: kcbudget template" in result.output or \
        "Example: kcbudget template" in result.output


@pytest.mark.parametrize(("year", "line"), [
    (2025, "SỞ CÔNG THƯƠNG TỈNH THỪA THIÊN HUẾ"),
    (2026, "SỞ CÔNG THƯƠNG THÀNH PHỐ HUẾ"),
])
def test_province_of_the_year(tmp_path, year, line):
    path = make(tmp_path / "kh.xlsx", "--kind", "actual", "--year", year, "--province", "Hue")
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value == line
    table = kcbudget.read_workbook(path).tables[0]
    assert table.title_province is not None
