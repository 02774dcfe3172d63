"""reconcile: one đề án of each outcome across different units and layouts, names typed
differently, duplicate ids, exact variances; conservation under Hypothesis."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kcbudget import reconcile
from kcbudget.cli.app import app
from tests.conftest import write_book

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()

PLAN = [
    ["SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH"],
    ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2023"],
    ["Đơn vị tính: triệu đồng"],
    ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
    ["I", None, "KHUYẾN CÔNG ĐỊA PHƯƠNG", None, 1171.9],
    [1, "HB-01", "Máy chế biến cá", "KCĐP", 290],
    [2, "HB-02", "Máy cán tôn (nhóm hộ)", "KCĐP", 541.9],
    [3, "HB-03", "Thông tin tuyên truyền", "KCĐP", 80],
    [4, "HB-04", "Đào tạo nghề mây tre", "KCĐP", 260],
    ["II", None, "KHUYẾN CÔNG QUỐC GIA", None, 1100],
    [1, "HB-05", "Máy gia công cơ khí", "KCQG", 500],
    [2, "HB-06", "Máy chế biến dược liệu", "KCQG", 600],
    [None, None, "Tổng cộng", None, 2271.9],
]

ACTUAL = [
    ["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2023 - TỈNH HÒA BÌNH"],
    ["ĐVT: đồng"],
    ["Tên đề án", "Nguồn", "Kinh phí thực hiện", "Mã số", "Trạng thái"],
    ["Máy chế biến cá", "KCĐP", 290_000_000, "hb 01", "Đã nghiệm thu"],
    ["Máy cán tôn nhóm hộ", "KCĐP", 500_000_000, "HB-02", "Đang thực hiện"],
    ["Máy gia công cơ khí", "KCQG", 520_000_000, "HB-05", "Đã nghiệm thu"],
    ["Máy chế biến dược liệu", "KCĐP", 600_000_000, "HB-06", "Đã nghiệm thu"],
    ["Đào tạo nghề mây tre đan", "KCĐP", 260_000_000, None, "Đã nghiệm thu"],
    ["Hội chợ hàng thủ công", "KCĐP", 45_500_000, "HB-99", "Đang thực hiện"],
]


def pair(tmp_path, plan=PLAN, actual=ACTUAL):
    p = write_book(tmp_path / "ke-hoach.xlsx", {"KH 2023": plan})
    a = write_book(tmp_path / "thuc-hien.xlsx", {"TH": actual})
    return p, a


def test_one_of_each_outcome_in_different_units_and_layouts(tmp_path):
    p, a = pair(tmp_path)
    result = reconcile(p, a)
    by_id = {x.project_id: x for x in result.projects}
    assert by_id["HB-01"].outcome == "matched"  # 'hb 01' is HB-01
    assert by_id["HB-02"].outcome == "under"
    assert by_id["HB-02"].variance == 500_000_000 - 541_900_000 == -41_900_000
    assert by_id["HB-03"].outcome == "not_executed"
    assert by_id["HB-05"].outcome == "over" and by_id["HB-05"].variance == 20_000_000
    assert by_id["HB-06"].outcome == "conflict"
    assert by_id["HB-06"].differences == {"program": ["KCQG", "KCDP"]}
    assert by_id["HB-99"].outcome == "unplanned"
    named = by_id["HB-04"]  # no id in the actual: matched by name, typed differently
    assert named.outcome == "matched" and named.matched_by == "name"
    assert 80 <= named.similarity < 100
    assert named.status == "accepted"
    assert result.counts == {"matched": 2, "under": 1, "over": 1, "not_executed": 1,
                             "unplanned": 1, "conflict": 1}
    total = {t.program: t for t in result.totals}
    assert total["ALL"].planned == 2_271_900_000
    assert total["ALL"].executed == 2_215_500_000
    assert total["KCQG"].planned == 1_100_000_000 and total["KCQG"].executed == 520_000_000
    assert any(d.code == "KC402" for d in result.diagnostics)


def test_duplicate_ids_are_reported_with_both_rows_and_nothing_is_lost(tmp_path):
    actual = ACTUAL + [["Máy cán tôn, đợt 2", "KCĐP", 41_900_000, "HB-02", "Đang thực hiện"]]
    p, a = pair(tmp_path, actual=actual)
    result = reconcile(p, a)
    dup = [d for d in result.diagnostics if d.code == "KC401"]
    assert len(dup) == 1 and "'TH'!5" in dup[0].message and "'TH'!10" in dup[0].message
    assert sum(x.executed for x in result.projects) == 2_215_500_000 + 41_900_000
    hb02 = [x for x in result.projects if x.project_id == "HB-02"]
    assert sorted(x.outcome for x in hb02) == ["under", "unplanned"]


def test_cli_json_and_exit_codes(tmp_path):
    p, a = pair(tmp_path)
    result = runner.invoke(app, ["reconcile", str(p), str(a), "--format", "json"])
    assert result.exit_code == 1  # a conflict and an over-execution are errors
    data = json.loads(result.stdout)
    assert set(data) >= {"totals", "projects", "diagnostics"}
    assert sum(x["planned"] for x in data["projects"]) == 2_271_900_000
    assert {x["outcome"] for x in data["projects"]} == {"matched", "under", "over",
                                                        "not_executed", "unplanned", "conflict"}
    same = runner.invoke(app, ["reconcile", str(p), str(p), "--format", "json",
                               "--fail-on", "warning"])
    assert same.exit_code == 0
    assert {x["outcome"] for x in json.loads(same.stdout)["projects"]} == {"matched"}
    loose = runner.invoke(app, ["reconcile", str(p), str(a), "--tolerance", "50000000",
                                "--format", "json"])
    outcomes = {x["project_id"]: x["outcome"] for x in json.loads(loose.stdout)["projects"]}
    assert outcomes["HB-02"] == "matched" and outcomes["HB-05"] == "matched"


def test_sample_pair_reconciles_as_documented():
    result = reconcile(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                       SAMPLES / "binh-dinh-2022-thuc-hien.xlsx")
    assert result.counts == {"matched": 9, "under": 5, "over": 1, "not_executed": 19,
                             "unplanned": 1, "conflict": 1}
    conflict = next(p for p in result.projects if p.outcome == "conflict")
    assert conflict.project_id == "BDI-2022-004"


def test_xlsx_report_and_no_formula_from_user_text(tmp_path):
    import openpyxl

    actual = ACTUAL + [['=HYPERLINK("http://x","y")', "KCĐP", 1_000_000, "@SUM(A1)",
                        "Đang thực hiện"]]
    p, a = pair(tmp_path, actual=actual)
    book = openpyxl.load_workbook(a)
    for ref in ("A10", "D10"):  # typed text, not formulas
        book["TH"][ref].data_type = "s"
    book.save(a)
    out = tmp_path / "doi-chieu.xlsx"
    result = runner.invoke(app, ["reconcile", str(p), str(a), "--format", "xlsx", "--out",
                                 str(out)])
    assert result.exit_code == 1, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Tong hop" and len(wb.sheetnames) == 7
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in texts
    csv_out = runner.invoke(app, ["reconcile", str(p), str(a), "--format", "csv"]).stdout
    assert "'=HYPERLINK" in csv_out and "'@SUM(A1)" in csv_out
    assert ",=HYPERLINK" not in csv_out


def test_columnar_json_is_the_same_document_as_the_models(tmp_path):
    """Large reports are written from the columns; the document must be the one the
    models give, field for field (conflict differences, name matches, nulls)."""
    from kcbudget.render.reconcile import columnar_json, to_dict

    actual = ACTUAL + [["Máy chế biến dược liệu", "KCQG", 1, None, "Hủy"]]
    p, a = pair(tmp_path, actual=actual)
    for kwargs in ({}, {"rel_tolerance": 0.05}, {"match_by": "name"}):
        result = reconcile(p, a, **kwargs)
        assert {x.outcome for x in result.projects} >= {"matched", "under", "unplanned"}
        doc = json.loads(columnar_json(result))
        assert doc == json.loads(json.dumps(to_dict(result)))
        assert any(x["matched_by"] == "name" and x["similarity"] for x in doc["projects"])
    conflict = reconcile(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                         SAMPLES / "binh-dinh-2022-thuc-hien.xlsx")
    doc = json.loads(columnar_json(conflict))
    assert doc == json.loads(json.dumps(to_dict(conflict)))
    assert any(x["differences"] for x in doc["projects"])


def test_relative_tolerance_is_exact_in_integers(tmp_path):
    """5 % of 541 900 000 đồng is 27 095 000: a shortfall of exactly that is matched,
    one đồng more is under."""
    plan = PLAN[:6] + [[2, "HB-02", "Máy cán tôn", "KCĐP", 541.9]]
    base = [["ĐVT: đồng"], ["Tên đề án", "Nguồn", "Kinh phí thực hiện", "Mã số"]]
    for short, expect in ((27_095_000, "matched"), (27_095_001, "under")):
        a = write_book(tmp_path / f"a{short}.xlsx", {"TH": base + [
            ["Máy cán tôn", "KCĐP", 541_900_000 - short, "HB-02"]]})
        p = write_book(tmp_path / "p.xlsx", {"KH": plan})
        result = reconcile(p, a, rel_tolerance=0.05)
        assert {x.project_id: x.outcome for x in result.projects}["HB-02"] == expect


@given(st.lists(st.tuples(st.integers(-10**15, 10**15), st.integers(-10**15, 10**15)),
                max_size=30))
def test_column_percentages_equal_the_integer_ones(values):
    import numpy as np

    from kcbudget.engine.reconcile import _pct, _pcts

    executed = np.array([e for e, _ in values], dtype="int64")
    planned = np.array([p for _, p in values], dtype="int64")
    got = _pcts(executed, planned)
    for (e, p), g in zip(values, got.tolist()):
        want = _pct(e, p)
        assert (want is None and g != g) or g == want


# --------------------------------------------------------------------- properties

ids = st.sampled_from([f"P-{i}" for i in range(12)])
row = st.tuples(ids, st.sampled_from(["KCQG", "KCĐP"]), st.integers(0, 10**11))


def _file(path, rows, phase_title):
    sheet = [[phase_title], ["Đơn vị tính: đồng"],
             ["Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công", "Năm"]]
    sheet += [[i, f"Đề án {i}", prog, amount, 2023] for i, prog, amount in rows]
    return write_book(path, {"S": sheet})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(row, max_size=10), actual=st.lists(row, max_size=10))
def test_conservation_and_symmetry(tmp_path_factory, plan, actual):
    folder = tmp_path_factory.mktemp("rec")
    p = _file(folder / "p.xlsx", plan, "KẾ HOẠCH NĂM 2023")
    a = _file(folder / "a.xlsx", actual, "KẾ HOẠCH NĂM 2023")
    forward = reconcile(p, a)
    assert sum(x.planned for x in forward.projects) == sum(r[2] for r in plan)
    assert sum(x.executed for x in forward.projects) == sum(r[2] for r in actual)
    backward = reconcile(a, p)
    swap = {"under": "over", "over": "under", "not_executed": "unplanned",
            "unplanned": "not_executed", "matched": "matched", "conflict": "conflict"}
    assert {o: backward.counts[swap[o]] for o in forward.counts} == forward.counts
    same = reconcile(p, p)
    assert set(same.counts) and all(n == 0 for o, n in same.counts.items() if o != "matched")


def test_xlsx_report_renders_in_libreoffice(tmp_path):
    """Converts the report to PDF with scripts/report-to-pdf.sh (LibreOffice headless).
    Machines without LibreOffice skip this one; the openpyxl test above always runs."""
    import shutil
    import subprocess

    import pytest

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    out = tmp_path / "doi-chieu.xlsx"
    result = runner.invoke(app, ["reconcile", str(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"),
                                 str(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"), "--format",
                                 "xlsx", "--out", str(out)])
    assert out.exists(), result.output
    script = Path(__file__).resolve().parents[1] / "scripts" / "report-to-pdf.sh"
    proc = subprocess.run(["bash", str(script), str(out), str(tmp_path)], capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "doi-chieu.pdf"
    assert pdf.stat().st_size > 5000 and pdf.read_bytes().startswith(b"%PDF")


def test_the_count_line_wraps_between_outcomes_only():
    from rich.console import Console

    from kcbudget.render.catalogue import label
    from kcbudget.render.reconcile import print_view

    result = reconcile(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                       SAMPLES / "binh-dinh-2022-thuc-hien.xlsx")
    for width in (50, 70, 100, 200):
        console = Console(width=width, record=True, color_system=None)
        print_view(result, "vi", console=console)
        lines = console.export_text().splitlines()
        for outcome, n in result.counts.items():
            if n:
                assert any(f"{label(f'reconcile.{outcome}', 'vi')} {n}" in line for line in lines), width


def test_a_side_the_project_is_not_on_shows_a_dash_not_zero(tmp_path):
    from kcbudget.render.reconcile import to_markdown

    p, a = pair(tmp_path)
    text = to_markdown(reconcile(p, a), "vi")
    unplanned = next(line for line in text.splitlines() if "HB-99" in line)
    not_executed = next(line for line in text.splitlines() if "HB-03" in line)
    assert unplanned.split(" | ")[3] == "—" and not_executed.split(" | ")[4] == "—"


def test_swapped_files_are_warned_about(tmp_path):
    p, a = pair(tmp_path)
    swapped = reconcile(a, p)
    assert [d.code for d in swapped.diagnostics if d.code == "KC405"] == ["KC405"]
    assert swapped.fails("warning")
    assert not [d for d in reconcile(p, a).diagnostics if d.code == "KC405"]
    assert not [d for d in reconcile(p, p).diagnostics if d.code == "KC405"]


def test_a_tiny_relative_tolerance_is_no_tolerance(tmp_path):
    p, a = pair(tmp_path)
    assert reconcile(p, a, rel_tolerance=1e-7).counts == reconcile(p, a).counts


def test_huge_percentages_take_the_exact_json_path():
    import numpy as np
    import pandas as pd

    from kcbudget.render.reconcile import _huge_floats

    table = pd.DataFrame({"attainment_pct": [91.73, np.nan], "similarity": [np.nan, 80.0]})
    assert not _huge_floats(table)
    table.loc[0, "attainment_pct"] = 1.00000000000003e16
    assert _huge_floats(table)
