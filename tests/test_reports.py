"""xlsx reports to hand to a director: a title block, A4 landscape fitted to the width
with the header repeated, one heading per sheet, numbers as numbers (years and counts
too), ratios rounded half up as Excel's ROUND, a chart without the total bar with every
label and its axis from zero; rendered with LibreOffice where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app
from tests.conftest import write_book

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()


def summary_report(tmp_path, *args) -> Path:
    out = tmp_path / "tong-hop.xlsx"
    result = runner.invoke(app, ["summarize", *map(str, args), "--format", "xlsx", "--out",
                                 str(out)])
    assert out.exists(), result.output
    return out


def reconcile_report(tmp_path) -> Path:
    out = tmp_path / "doi-chieu.xlsx"
    runner.invoke(app, ["reconcile", str(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"),
                        str(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"), "--format", "xlsx",
                        "--out", str(out)])
    assert out.exists()
    return out


def chart_xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode("utf-8") for n in sorted(z.namelist())
                if n.startswith("xl/charts/chart")]


def assert_a4_landscape_fit_to_width(ws, header_row: int | None):
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1  # 1 is the default, which xlsx may omit
    assert ws.page_setup.fitToHeight == 0  # as many pages down as it takes
    if header_row is not None:
        assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"


def test_summary_report_title_block_page_setup_and_numbers(tmp_path):
    out = summary_report(tmp_path, SAMPLES / "mien-trung-2021.xlsx", "--region", "mien-trung",
                         "--year", "2021", "--by", "province,year")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    block = [ws.cell(r, 1).value for r in range(1, 5)]
    assert block[0] == "BÁO CÁO TỔNG HỢP KINH PHÍ KHUYẾN CÔNG"
    assert "Miền Trung – Tây Nguyên" in block[1] and "năm: 2021" in block[1]
    assert block[2] == "Đơn vị tính: triệu đồng"
    assert re.match(r"Lập ngày \d\d/\d\d/\d{4} bằng kcbudget .+, từ: mien-trung-2021.xlsx$",
                    block[3])
    assert [ws.cell(6, c).value for c in (1, 2, 3)] == ["Tỉnh/TP", "Năm", "Nguồn"]
    assert_a4_landscape_fit_to_width(ws, 6)
    years = [ws.cell(r, 2).value for r in range(7, ws.max_row + 1) if ws.cell(r, 2).value]
    assert years and all(isinstance(y, int) and y == 2021 for y in years)


def test_counts_have_thousands_separators_and_leverage_rounds_half_up(tmp_path):
    plan = write_book(tmp_path / "ke-hoach.xlsx", {"KH 2023": [
        ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2023"], ["Đơn vị tính: triệu đồng"],
        ["STT", "Mã đề án", "Tên đề án", "Tỉnh", "Nguồn kinh phí", "Tổng kinh phí",
         "Kinh phí khuyến công", "Vốn đối ứng"],
        [1, "HB-01", "Máy chế biến", "Hòa Bình", "KCĐP", 2900, 800, 2100]]})
    out = summary_report(tmp_path, plan, "--by", "province")
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [ws.cell(6, c).value for c in range(1, ws.max_column + 1)]
    col = header.index("Đối ứng/Hỗ trợ") + 1
    values = [ws.cell(r, col).value for r in range(7, ws.max_row + 1)]
    assert 2.63 in values  # 2100 ÷ 800 = 2,625: Excel's ROUND gives 2,63, round() 2,62
    counts = header.index("Đề án KH") + 1
    assert ws.cell(7, counts).number_format == "#,##0"


def test_summary_chart_leaves_the_total_out_shows_every_label_from_zero(tmp_path):
    out = summary_report(tmp_path, SAMPLES / "toan-quoc-2022.xlsx", "--by", "province")
    wb = openpyxl.load_workbook(out)
    chart_sheet = wb.worksheets[1]
    assert chart_sheet["A1"].value.startswith("Tỷ lệ thực hiện so với kế hoạch (%)")
    labels = [chart_sheet.cell(r, 1).value for r in range(4, chart_sheet.max_row + 1)]
    assert len(labels) == 63 and "Tổng cộng" not in labels
    assert chart_sheet.sheet_properties.pageSetUpPr.fitToPage
    setup = chart_sheet.page_setup
    assert (setup.fitToWidth or 1, 1 if setup.fitToHeight is None else setup.fitToHeight) \
        == (1, 1)
    (xml,) = chart_xml(out)
    assert "<c:min val=\"0\"/>" in xml  # the value axis from zero
    assert "<c:tickLblSkip val=\"1\"/>" in xml  # every province's label
    assert "$A$4:$A$66" in xml  # the 63 provinces, not the total line


def test_reconcile_report_headings_numbers_and_chart(tmp_path):
    out = reconcile_report(tmp_path)
    wb = openpyxl.load_workbook(out)
    summary = wb["Tong hop"]
    assert summary["A1"].value == "BÁO CÁO ĐỐI CHIẾU KẾ HOẠCH VÀ THỰC HIỆN KHUYẾN CÔNG"
    assert summary["A3"].value == "Tỉnh/thành phố: Bình Định; năm: 2022"
    assert summary["A4"].value == "Đơn vị tính: triệu đồng"
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    (xml,) = chart_xml(out)
    assert "<c:min val=\"0\"/>" in xml
    assert xml.count("<c:showVal val=\"1\"/>") == 2  # every bar labelled, both series
    refs = set(re.findall(r"<c:f>'?Tong hop'?!(\$A\$\d+:\$A\$\d+)</c:f>", xml))
    (categories,) = refs
    first, last = (int(n) for n in re.findall(r"\d+", categories))
    names = [summary.cell(r, 1).value for r in range(first, last + 1)]
    assert names == ["KCQG", "KCĐP"]  # no "Cộng" bar
    counts = {summary.cell(r, 1).value: summary.cell(r, 2) for r in range(1, summary.max_row + 1)}
    assert counts["chưa thực hiện"].value == 19 and counts["khớp"].number_format == "#,##0"
    for name in ("mâu thuẫn", "vượt kế hoạch", "thực hiện thiếu", "chưa thực hiện",
                 "ngoài kế hoạch", "khớp"):
        ws = wb[name]
        assert ws["A1"].value.lower().startswith(name) and " đề án" in ws["A1"].value
        assert ws["A3"].value == "Mã đề án"
        assert_a4_landscape_fit_to_width(ws, 3)
        years = [ws.cell(r, 4).value for r in range(4, ws.max_row + 1)]
        assert all(isinstance(y, int) for y in years if y is not None)
        assert ws.column_dimensions["B"].width >= 30  # names are wrapped, not cut
        assert ws.cell(4, 2).alignment.wrap_text or ws.max_row < 4
    assert wb["khớp"]["A1"].value == "Khớp: 9 đề án"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are not installed "
                           "(apt-get install libreoffice-calc poppler-utils)")
def test_reports_render_with_libreoffice_and_the_chart_sheet_is_one_page(tmp_path):
    script = Path(__file__).resolve().parents[1] / "scripts" / "report-to-pdf.sh"
    out = summary_report(tmp_path, SAMPLES / "toan-quoc-2022.xlsx", "--by", "province")
    for report in (out, reconcile_report(tmp_path)):
        proc = subprocess.run(["bash", str(script), str(report), str(tmp_path)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    pages = _pages(tmp_path / "tong-hop.pdf")
    chart = [i for i, text in enumerate(pages) if "Tỷ lệ thực hiện so với kế hoạch" in text]
    assert chart == [len(pages) - 1]  # the chart sheet, the last, is one page
    assert pages[0].startswith("BÁO CÁO TỔNG HỢP KINH PHÍ KHUYẾN CÔNG")
    assert all("Tỉnh/TP" in text for text in pages[:-1])  # the header on every page
    assert "An Giang" in pages[-1] and "Đồng Tháp" in pages[-1]  # the first and last label
    pages = _pages(tmp_path / "doi-chieu.pdf")
    assert len([p for p in pages if "BÁO CÁO ĐỐI CHIẾU" in p]) == 1
    assert pages[0].count("Kế hoạch và thực hiện") == 1  # summary and chart on page one
    assert any(p.startswith("Chưa thực hiện: 19 đề án") for p in pages)
    assert "2.682" not in "".join(pages)  # nothing of another report


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60).stdout
    return [page.strip() for page in text.split("\f") if page.strip()]
