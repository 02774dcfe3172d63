"""Accountability: every number of a table body is used or reported; declared layouts;
sheets that are not khuyến công tables; the XML scan with namespace prefixes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import kcbudget
from kcbudget.cli.app import app
from tests.conftest import write_book

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

runner = CliRunner()
PLAN = ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"]
UNIT = ["Đơn vị tính: triệu đồng"]


def codes(result) -> list[tuple[str, str | None]]:
    return sorted((d.code, d.cell) for d in result.diagnostics if d.severity.value != "info")


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


# ----------------------------------------------------------------- nothing is silent

def test_a_numeric_column_of_unknown_meaning_is_a_warning_at_its_header(book):
    path = book([PLAN, UNIT,
                 ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công", "Cột phụ"],
                 [1, "Đào tạo nghề", "KCĐP", 100, 7], [2, "Hội chợ", "KCĐP", 50, 9]])
    result = kcbudget.validate(path)
    assert codes(result) == [("KC115", "E3")]
    finding = next(d for d in result.diagnostics if d.code == "KC115")
    assert finding.severity.value == "warning" and finding.header == "Cột phụ"


def test_an_unknown_money_column_makes_the_file_invalid(book):
    path = book([PLAN, UNIT,
                 ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công",
                  "Kinh phí dự phòng"],
                 [1, "Đào tạo nghề", "KCĐP", 100, 20]])
    result = kcbudget.validate(path)
    assert codes(result) == [("KC118", "E3")]
    assert not result.files[0].ok


def test_a_text_column_of_unknown_meaning_stays_info(book):
    path = book([PLAN, UNIT, ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công",
                              "Ghi chú"], [1, "Đào tạo nghề", "KCĐP", 100, "xong"]])
    result = kcbudget.validate(path)
    assert codes(result) == []
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("KC104", "info")]


def test_a_skipped_sheet_that_holds_figures_is_a_warning(tmp_path):
    path = write_book(tmp_path / "two.xlsx", {
        "KH": [PLAN, UNIT, ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
               [1, "Đào tạo nghề", "KCĐP", 100]],
        "Phụ lục": [["Bảng chi tiết"], ["Hạng mục", "Giá trị"], ["Máy", 1250.5], ["Xưởng", 800]],
        "Ghi chú": [["Các bước"], ["1.", "Điền bảng"], ["2.", "Gửi Sở"]],
    })
    result = kcbudget.validate(path)
    found = {(d.code, d.sheet, d.severity.value) for d in result.diagnostics}
    assert ("KC116", "Phụ lục", "warning") in found
    assert ("KC102", "Ghi chú", "info") in found  # numbered steps are not figures


def test_money_that_counts_nowhere_is_an_error(book):
    # every row is numbered as a section: no đề án row, so every total would be 0
    path = book([PLAN, UNIT, ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 ["I", "Đào tạo nghề", "KCĐP", 100], ["II", "Hội chợ", "KCĐP", 50]])
    result = kcbudget.validate(path)
    assert ("KC117", None) in codes(result)
    summary = kcbudget.summarize(path)
    assert any(d.code == "KC117" for d in summary.diagnostics)


def test_reconcile_says_when_a_side_reads_as_zero(tmp_path):
    header = ["Mã đề án", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí", "Vốn đối ứng"]
    plan = write_book(tmp_path / "kh.xlsx", {"KH": [PLAN, UNIT, header,
                                                    ["A-1", "Đào tạo nghề", "KCĐP", 300, 100]]})
    actual = write_book(tmp_path / "th.xlsx", {"TH": [["KẾT QUẢ THỰC HIỆN NĂM 2024"], UNIT,
                                                      header,
                                                      ["A-1", "Đào tạo nghề", "KCĐP", 300, 100]]})
    result = kcbudget.reconcile(plan, actual)
    assert sorted(d.code for d in result.diagnostics if d.code == "KC406") == ["KC406", "KC406"]
    out = invoke("reconcile", plan, actual)
    assert out.exit_code == 1


# ----------------------------------------------------------------- not khuyến công tables

FOREIGN = {
    "loan": [["Loan schedule"], ["Name", "Amount", "Other", "Total", "Year"],
             ["John Doe", 1200, 30, 1230, 2021], ["Jane Roe", 900, 0, 900, 2022]],
    "fund": [["Positions report"], ["Fund", "Code", "Total", "Other", "Status"],
             ["Alpha", "A1", 10000.5, 12, "open"], ["Beta", "B2", 8000, 7, "closed"]],
    "state": [["State data"], ["State", "Year", "Total", "TOTAL PLAN", "Actual"],
              ["Ohio", 2020, 55, 60, 50], ["Iowa", 2021, 33, 40, 30]],
}


def test_sheets_that_are_not_khuyen_cong_tables_are_not_read_as_budgets(tmp_path):
    for name, rows in FOREIGN.items():
        path = write_book(tmp_path / f"{name}.xlsx", {name: rows})
        result = kcbudget.validate(path)
        got = {d.code for d in result.diagnostics}
        assert got <= {"KC116", "KC103", "KC102"}, (name, got)
        assert "KC116" in got  # it holds figures: said, not invented into findings


# ----------------------------------------------------------------- declared layouts

FORM = [PLAN, UNIT, ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí NS tỉnh", "Cột 7"],
        [1, "Đào tạo nghề", "KCĐP", 120, 40], [2, "Hội chợ", "KCĐP", 80, 0],
        [None, "Tổng cộng", None, 200, 40]]
TOML = '''version = 1

[[sheet]]
name = "KH*"

[sheet.columns]
"Kinh phí NS tỉnh" = { measure = "support", program = "KCDP" }
"G" = "ignore"
"E" = { measure = "counterpart" }
'''


def test_a_declared_layout_makes_an_unknown_form_read(tmp_path):
    path = write_book(tmp_path / "kh.xlsx", {"KH 2024": FORM})
    before = kcbudget.validate(path)
    assert codes(before) == [("KC103", None), ("KC116", None)]  # no table: said, not guessed
    (tmp_path / "kcbudget.toml").write_text(TOML, encoding="utf-8")  # found beside the file
    after = kcbudget.validate(path)
    assert codes(after) == []
    summary = kcbudget.summarize(path)
    total = next(r for r in summary.totals if r.program == "ALL")
    assert (total.planned, total.counterpart, total.projects_planned) == (
        200_000_000, 40_000_000, 2)
    data = json.loads(invoke("inspect", path, "--format", "json").stdout)
    column = next(c for c in data["files"][0]["sheets"][0]["columns"] if c["column"] == "D")
    assert column["why"][0]["source"] == "layout"


def test_a_layout_given_with_the_option(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    layout = folder / "my-form.toml"
    layout.write_text(TOML, encoding="utf-8")
    path = write_book(tmp_path / "kh.xlsx", {"KH 2024": FORM})
    out = invoke("validate", path, "--layout", layout, "--format", "json")
    assert out.exit_code == 0, out.output
    assert [d["code"] for d in json.loads(out.stdout)["diagnostics"]] == []


def test_a_bad_layout_file_is_refused_at_its_key(tmp_path):
    layout = tmp_path / "bad.toml"
    layout.write_text(TOML.replace('measure = "support"', 'measure = "suport"'),
                      encoding="utf-8")
    path = write_book(tmp_path / "kh.xlsx", {"KH 2024": FORM})
    out = invoke("validate", path, "--layout", layout)
    assert out.exit_code == 2
    line = out.stderr.strip()
    assert len(line.splitlines()) == 1
    assert 'sheet[0].columns."Kinh phí NS tỉnh".measure' in line and "'suport'" in line
    for text, key in ((TOML + "\ncolour = 3\n", "colour"),
                      ("[[sheet]]\nheader_row = -1\n", "sheet[0].header_row"),
                      ("version = 1\n[[sheet\n", None)):
        layout.write_text(text, encoding="utf-8")
        out = invoke("validate", path, "--layout", layout, "--lang", "en")
        assert out.exit_code == 2 and "Traceback" not in out.output
        if key:
            assert key in out.stderr, out.stderr


def test_write_layout_round_trips(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "dang-trong-do.xlsx"
    target = tmp_path / "kcbudget.toml"
    out = invoke("inspect", sample, "--write-layout", target)
    assert out.exit_code == 0, out.output
    text = target.read_text(encoding="utf-8")
    assert '"Kinh phí thực hiện / Trong đó / Kinh phí khuyến công hỗ trợ"' in text
    before = kcbudget.summarize(sample)
    from kcbudget.read.declared import load_layout
    from kcbudget.read.table import ReadOptions

    after = kcbudget.summarize(sample, options=ReadOptions(layout=load_layout(target)))
    assert before.totals == after.totals


# ----------------------------------------------------------------- the XML scan and prefixes

def _prefixed(data: bytes, rebind: bool = False) -> bytes:
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    if main not in data:
        return data
    data = data.replace(main, b"xmlns:x" + main[5:], 1)
    data = re.sub(rb"<(/?)([A-Za-z][\w]*)(?=[\s/>])",
                  lambda m: b"<" + m.group(1) + b"x:" + m.group(2), data)
    if rebind:  # a second prefix bound to the same namespace, inside: the scan cannot follow
        data = data.replace(b"<x:sheetData>", b'<x:sheetData xmlns:y="' + main[7:-1] + b'">', 1)
    return data


def _copy(path: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/") or \
                    item.filename == "xl/sharedStrings.xml":
                data = edit(data)
            dst.writestr(item.filename, data)
    return target


def _meta(path: Path):
    from kcbudget.read.xlsxmeta import XlsxPackage

    package = XlsxPackage(str(path))
    meta = package.scan_sheet("S")
    return (sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in meta.merges),
            sorted(meta.uncached_formulas), sorted(meta.error_cells.items()))


cells = st.lists(st.tuples(st.integers(1, 12), st.integers(1, 6),
                           st.sampled_from(["num", "text", "formula", "error"])),
                 min_size=1, max_size=25, unique_by=lambda c: c[:2])
merges = st.lists(st.tuples(st.integers(14, 20), st.integers(1, 4), st.integers(0, 2),
                            st.integers(0, 2)), max_size=4)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=cells, merges=merges)
def test_the_scan_agrees_with_openpyxl_with_and_without_prefixes(tmp_path, cells, merges):
    from openpyxl import Workbook

    from kcbudget.read.xlsxmeta import meta_from_openpyxl

    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    for row, col, kind in cells:
        ws.cell(row=row, column=col, value={"num": 12.5, "text": "48.793",
                                            "formula": "=SUM(A1:A2)",
                                            "error": "#DIV/0!"}[kind])
    used = set()
    for r, c, dr, dc in merges:
        block = {(rr, cc) for rr in range(r, r + dr + 1) for cc in range(c, c + dc + 1)}
        if block & used or (dr == 0 and dc == 0):
            continue
        used |= block
        ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    expected = meta_from_openpyxl(str(plain), "S")
    oracle = (sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in expected.merges),
              sorted(expected.uncached_formulas), sorted(expected.error_cells.items()))
    assert _meta(plain) == oracle
    assert _meta(_copy(plain, tmp_path / "x.xlsx", _prefixed)) == oracle
    assert _meta(_copy(plain, tmp_path / "y.xlsx", lambda d: _prefixed(d, True))) == oracle


def test_a_prefixed_sheet_with_a_formula_without_value_is_not_valid(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "loi-cong-thuc.xlsx"
    for rebind in (False, True):
        copy = _copy(sample, tmp_path / f"p{rebind}.xlsx", lambda d, rebind=rebind: _prefixed(d, rebind))
        result = kcbudget.validate(copy)
        assert [(d.code, d.cell) for d in result.diagnostics] == [("KC204", "E10")]


def test_row_spans_of_a_large_table_match_the_small_path():
    """Above 5 000 rows the spans are found column-wise; they must be those of the
    row-by-row path (and not fail on a read-only array from pandas)."""
    import pandas as pd

    from kcbudget.read import layout as L

    rows = [r for r in range(3, 6200) if r not in (900, 901, 4500)]
    kinds = pd.Series([L.RowKind.section.value if r % 997 == 0 else
                       L.RowKind.subtotal.value if r % 331 == 0 else L.RowKind.detail.value
                       for r in rows], index=rows)
    programs = pd.Series(["KCQG" if r < 3000 else "KCDP" for r in rows], index=rows)
    large = L.row_spans(kinds, programs, None)
    small = []
    for start in range(0, len(rows), 4000):  # each piece under the limit, then joined
        small.extend(L.row_spans(kinds.iloc[start:start + 4000],
                                 programs.iloc[start:start + 4000], None))
    joined = []
    for span in small:
        last = joined[-1] if joined else None
        if last and last.last + 1 == span.first and (last.kind, last.program) == \
                (span.kind, span.program):
            joined[-1] = L.RowSpan(last.first, span.last, last.kind, last.count + span.count,
                                   last.program, last.section)
        else:
            joined.append(span)
    assert list(large) == joined
    assert sum(s.count for s in large) == len(rows)
