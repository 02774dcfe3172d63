"""``summarize --format docx --out FILE.docx``: the Word report, opened with python-docx
(its text, tables, styles and page setup), written as every --out file is, and rendered
to PDF with LibreOffice where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_kcbudget
from tests.test_report_text import RAW_CONTROL, hostile_result, report

docx = pytest.importorskip("docx")  # a dependency of kcbudget: present wherever it installs

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"


def write(tmp_path: Path, *args, name: str = "bao-cao.docx", status: int = 0):
    out = tmp_path / name
    result = run_kcbudget("summarize", *args, "--format", "docx", "--out", out)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    return out, result


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_word_report_holds_the_title_block_paragraph_table_and_findings(tmp_path):
    args = [SAMPLES / "phia-nam-2024.xlsx", "--year", "2024", "--unit", "ty"]
    out, result = write(tmp_path, *args, status=1)  # the inputs have an error: exit 1
    # the findings on stderr, before the line that names the file written
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == f"kcbudget: đã ghi {out}"
    assert any("KC304" in line and "F9" in line for line in lines[:-1])
    document = docx.Document(str(out))
    paragraphs = texts(document)
    assert paragraphs[0] == "BÁO CÁO TỔNG HỢP KINH PHÍ KHUYẾN CÔNG"
    assert paragraphs[1] == "Phạm vi: khu vực phía Nam; năm: 2024"
    assert paragraphs[2] == "Đơn vị tính: tỷ đồng"
    assert re.fullmatch(r"Lập ngày \d\d/\d\d/\d{4} bằng kcbudget \S+, từ: phia-nam-2024\.xlsx",
                        paragraphs[3])
    said, findings = report(*args, status=1)
    assert said[0] in paragraphs  # the paragraph of --format text, word for word
    assert paragraphs.index(said[0]) == paragraphs.index("1. Tình hình thực hiện") + 1
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Tình hình thực hiện", "2. Số liệu tổng hợp",
                        "3. Các điểm cần lưu ý về số liệu"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == findings[1:] and "ô F9 (KC304)" in bullets[0]
    assert findings[0] in paragraphs
    (table,) = document.tables
    grid = cells(table)
    assert grid[0][:2] == ["Năm", "Nguồn"]
    plan = grid[0].index("Kế hoạch (tỷ đồng)")
    assert grid[0][plan + 1] == "Thực hiện (tỷ đồng)"
    assert [row[plan] for row in grid[1:]] == ["32,3", "59,0", "91,3"]
    assert [row[:2] for row in grid[1:]] == [["2024", "KCQG"], ["", "KCĐP"], ["", "Cộng"]]
    if "Số tháng" in grid[0]:  # the figures of 9 months, said so in the table too
        assert {row[grid[0].index("Số tháng")] for row in grid[1:]} == {"9"}
    assert "Tổng cộng" not in {c for row in grid for c in row}  # one group: no total again
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.xpath("./w:tblHeader")  # repeats per page
    assert all(row.cells[-1].paragraphs[0].alignment == 2 for row in table.rows[1:])  # right
    props = document.core_properties
    assert props.title == "BÁO CÁO TỔNG HỢP KINH PHÍ KHUYẾN CÔNG"
    assert props.comments == "kcbudget report" and props.author == "kcbudget"
    assert document.styles["Normal"].font.name == "Times New Roman"
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_groups_have_their_totals_and_a_wide_table_turns_the_page(tmp_path):
    out, _ = write(tmp_path, SAMPLES / "toan-quoc-2022.xlsx", "--by", "province")
    document = docx.Document(str(out))
    (table,) = document.tables
    grid = cells(table)
    assert grid[0][:2] == ["Tỉnh/TP", "Năm"]
    assert len(grid) == 1 + 63 * 3 + 3
    assert grid[-3][0] == "Tổng cộng" and grid[-1][2:5] == ["Cộng", "345.524,7", "323.006,9"]
    assert all(run.bold for run in table.rows[-1].cells[3].paragraphs[0].runs)
    assert document.sections[0].orientation == 0  # 10 columns or fewer: portrait
    paragraphs = texts(document)
    assert any(p.startswith("Kế hoạch năm 2022, kinh phí khuyến công của tỉnh Ninh Bình là "
                            "8.198 triệu đồng") for p in paragraphs)
    assert "Thực hiện so với kế hoạch ban đầu (PI-1): 93,48%" in paragraphs
    out, _ = write(tmp_path, SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                   SAMPLES / "binh-dinh-2022-thuc-hien.xlsx", "--by", "status", name="bd.docx")
    document = docx.Document(str(out))
    assert len(cells(document.tables[0])[0]) > 9
    assert document.sections[0].orientation == 1  # landscape
    assert document.sections[0].page_width > document.sections[0].page_height


def test_years_with_different_stages_have_no_total_row(tmp_path):
    out, _ = write(tmp_path, SAMPLES / "mien-trung-2021.xlsx")
    document = docx.Document(str(out))
    grid = cells(document.tables[0])
    assert [row[0] for row in grid[1:] if row[0]] == ["2021", "2022"]
    assert not any("PI-1" in p for p in texts(document))
    assert texts(document)[1] == ("Phạm vi: 15 tỉnh, thành phố khu vực miền Trung – Tây "
                                  "Nguyên; năm: 2021–2022")


def test_english_and_decimals(tmp_path):
    out, _ = write(tmp_path, SAMPLES / "toan-quoc-2022.xlsx", "--year", "2022", "--unit", "ty",
                   "--decimals", "1", "--lang", "en")
    document = docx.Document(str(out))
    paragraphs = texts(document)
    assert paragraphs[0] == "KHUYẾN CÔNG FUNDING SUMMARY"
    assert "1. What was done" in paragraphs
    assert any("VND 345.5 billion" in p for p in paragraphs)
    grid = cells(document.tables[0])
    assert grid[0][2] == "Planned (billion VND)"
    assert grid[3][1:4] == ["All", "345.5", "323.0"]


def test_out_rules(tmp_path):
    args = [SAMPLES / "mien-trung-2021.xlsx", "--year", "2021"]
    missing = run_kcbudget("summarize", *args, "--format", "docx")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "kcbudget: --format docx cần có --out TỆP.docx"
    out, _ = write(tmp_path, *args)
    before = out.read_bytes()
    again = run_kcbudget("summarize", *args, "--format", "docx", "--out", out)
    assert again.returncode == 2 and "--force" in again.stderr
    assert out.read_bytes() == before
    forced = run_kcbudget("summarize", *args, "--format", "docx", "--out", out, "--force", "-q")
    assert forced.returncode == 0 and forced.stderr == ""
    docx.Document(str(out))
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
    onto_input = run_kcbudget("summarize", args[0], "--format", "docx", "--out", args[0],
                              "--force")
    assert onto_input.returncode == 2


def test_hostile_text_in_the_word_report(tmp_path):
    from kcbudget.render.docx import to_docx

    path = tmp_path / "x.docx"
    path.write_bytes(to_docx(hostile_result(), "vi"))
    document = docx.Document(str(path))
    every = texts(document) + [c for t in document.tables for row in cells(t) for c in row]
    assert every and all(RAW_CONTROL.search(t) is None for t in every)
    joined = "\n".join(every)
    assert "[bold red]x[/]" in joined and "␛[2J" in joined and "␀" in joined
    assert not any(t.lstrip().startswith("::") for t in every)


def _writer_installed() -> bool:
    """LibreOffice with its Writer module (Debian: libreoffice-writer-nogui)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    program = Path(soffice).resolve().parent
    return any(program.glob("libswlo.*")) or any(program.glob("swriter*")) \
        or any(program.glob("libsw*"))


@pytest.mark.skipif(not _writer_installed() or shutil.which("pdftotext") is None,
                    reason="LibreOffice Writer and poppler-utils are not installed "
                           "(apt-get install libreoffice-writer-nogui poppler-utils)")
def test_the_word_report_renders_to_pdf_with_libreoffice(tmp_path):
    out, _ = write(tmp_path, SAMPLES / "toan-quoc-2022.xlsx", "--by", "region", "--unit", "ty",
                   "--decimals", "1")
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "bao-cao.pdf"
    assert proc.returncode == 0 and pdf.exists() and pdf.stat().st_size > 0, proc.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    flat = " ".join(" ".join(pages).split())
    assert flat.startswith("BÁO CÁO TỔNG HỢP KINH PHÍ KHUYẾN CÔNG")
    assert "kinh phí khuyến công toàn quốc là 345,5 tỷ đồng" in flat
    assert "Tổng" in flat and "Tây Nguyên" in flat and "Phía Nam" in flat
    assert f"Trang 1/{len(pages)}" in flat
    # the table's header row on every page the table runs over
    table_pages = [p for p in pages if "KCĐP " in p and "Cộng" in p]
    assert table_pages and all("Nguồn" in p for p in table_pages)
