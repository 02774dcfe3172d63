"""summarize reproduces the conference figures of facts.md from sample_data/, through
the CLI with --format json, and keeps its sums honest (Hypothesis)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kcbudget.cli.app import app

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()


def summarize_json(*args, status=0):
    result = runner.invoke(app, ["summarize", *map(str, args), "--format", "json"])
    assert result.exit_code == status, result.output
    return json.loads(result.stdout)


def row(data, program, **group):
    rows = [r for r in data["rows"] + data["totals"] if r["program"] == program
            and all(r.get(k) == v for k, v in group.items())]
    assert rows, (program, group)
    return rows[0]


def test_mien_trung_2021_shares():
    data = summarize_json(SAMPLES / "mien-trung-2021.xlsx", "--region", "mien-trung",
                          "--year", "2021", "--by", "region,year")
    assert data["unit"] == "VND" and data["group_by"] == ["region", "year"]
    kcqg = row(data, "KCQG", region="mien-trung", year=2021)
    kcdp = row(data, "KCDP", region="mien-trung", year=2021)
    total = row(data, "ALL", region="mien-trung", year=2021)
    assert (kcqg["executed"], kcdp["executed"], total["executed"]) == (
        11_065_000_000, 37_728_000_000, 48_793_000_000)
    assert (kcqg["share_executed_pct"], kcdp["share_executed_pct"]) == (22.68, 77.32)
    assert kcqg["planned"] == 0 and kcqg["attainment_pct"] is None
    assert kcqg["share_planned_pct"] is None and kcqg["total_cost"] is None


def test_mien_trung_2022_plan():
    data = summarize_json(SAMPLES / "mien-trung-2021.xlsx", "--year", "2022")
    assert [r["planned"] for r in data["totals"]] == [29_207_000_000, 43_588_000_000,
                                                      72_795_000_000]
    assert [r["executed"] for r in data["totals"]] == [3_538_000_000, 17_166_000_000,
                                                       20_704_000_000]


def test_national_2022_attainment_from_unrounded_amounts():
    data = summarize_json(SAMPLES / "toan-quoc-2022.xlsx", "--year", "2022")
    kcqg, kcdp, total = data["totals"]
    assert (kcqg["planned"], kcqg["executed"]) == (140_012_300_000, 136_011_900_000)
    assert (kcdp["planned"], kcdp["executed"]) == (205_512_400_000, 186_995_000_000)
    assert (total["planned"], total["executed"]) == (345_524_700_000, 323_006_900_000)
    assert (kcqg["attainment_pct"], kcdp["attainment_pct"], total["attainment_pct"]) == (
        97.14, 90.99, 93.48)
    assert data["indicators"]["aggregate_outturn_pct"] == 93.48


def test_ninh_binh_2022():
    data = summarize_json(SAMPLES / "toan-quoc-2022.xlsx", "--province", "ninh binh",
                          "--by", "province")
    total = row(data, "ALL", province="Ninh Bình")
    assert (total["planned"], total["executed"], total["attainment_pct"]) == (
        8_198_000_000, 8_080_000_000, 98.56)


def test_binh_dinh_2022_accepted():
    data = summarize_json(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                          SAMPLES / "binh-dinh-2022-thuc-hien.xlsx", "--province", "Bình Định",
                          "--year", "2022")
    total = data["totals"][2]
    assert total["program"] == "ALL"
    assert (total["projects_planned"], total["projects_accepted"]) == (35, 11)
    assert total["planned"] == 5_200_000_000
    assert total["accepted"] == 2_080_000_000 and total["accepted_pct"] == 40.0


def test_dak_lak_counts_by_activity():
    data = summarize_json(SAMPLES / "dak-lak-2016-2020.xlsx", "--by", "category")
    counts = {r["category"]: r["projects_executed"] for r in data["rows"] if r["program"] == "ALL"}
    assert (counts["cleaner_production"], counts["advanced_machinery"], counts["trade_fair"],
            counts["system_capacity"]) == (15, 42, 11, 7)
    by_program = {r["program"]: r["projects_executed"] for r in data["totals"]}
    assert by_program == {"KCQG": 4, "KCDP": 82, "ALL": 86}
    trade = row(data, "ALL", category="trade_fair")
    assert trade["executed"] == 768_000_000


def test_the_27_7_and_the_11_065_are_caught_in_summarize():
    # errors in the inputs: exit 1 under the default --fail-on error, as in validate
    data = summarize_json(SAMPLES / "phia-nam-2024.xlsx", "--year", "2024", status=1)
    diag = next(d for d in data["diagnostics"] if d["code"] == "KC304")
    assert diag["cell"] == "F9" and "91,3" in diag["hint"]
    data = summarize_json(SAMPLES / "mien-trung-2021-bao-cao.xlsx", "--year", "2021", status=1)
    assert {d["cell"] for d in data["diagnostics"] if d["code"] in ("KC305", "KC309")} >= {"C24"}


def test_as_of_2025_keeps_the_total():
    before = summarize_json(SAMPLES / "toan-quoc-2022.xlsx", "--by", "province")
    after = summarize_json(SAMPLES / "toan-quoc-2022.xlsx", "--by", "province",
                           "--as-of", "2025")
    assert len({r["province"] for r in before["rows"]}) == 63
    assert len({r["province"] for r in after["rows"]}) == 34
    assert before["totals"] == after["totals"]
    nb = row(after, "ALL", province="Ninh Bình")  # Ninh Bình + Hà Nam + Nam Định
    parts = [row(before, "ALL", province=p)["planned"] for p in ("Ninh Bình", "Hà Nam",
                                                                 "Nam Định")]
    assert nb["planned"] == sum(parts)


def test_other_formats(tmp_path):
    args = [str(SAMPLES / "toan-quoc-2022.xlsx"), "--by", "region"]
    csv_out = runner.invoke(app, ["summarize", *args, "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.stdout.startswith("\ufeffregion,program,planned")
    md = runner.invoke(app, ["summarize", *args, "--format", "markdown"])
    assert "| Vùng |" in md.stdout and "345.524,7" in md.stdout
    out = tmp_path / "tong-hop.xlsx"
    xl = runner.invoke(app, ["summarize", *args, "--format", "xlsx", "--out", str(out)])
    assert xl.exit_code == 0, xl.output
    import openpyxl

    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    # a title block of four lines, a blank, then the header (frozen, with its filter)
    assert ws["A1"].value == "BÁO CÁO TỔNG HỢP KINH PHÍ KHUYẾN CÔNG"
    assert ws.freeze_panes == "C7" and ws["A6"].value == "Vùng"
    assert wb.worksheets[1]._charts
    again = runner.invoke(app, ["summarize", *args, "--format", "xlsx", "--out", str(out)])
    assert again.exit_code == 2  # never over an existing file without --force


def test_usage_errors():
    for extra in (["--region", "mars"], ["--year", "20x2"], ["--by", "colour"],
                  ["--province", "Bình Đinh"]):
        result = runner.invoke(app, ["summarize", str(SAMPLES / "toan-quoc-2022.xlsx"), *extra])
        assert result.exit_code == 2, extra


# ----------------------------------------------------------------------- properties

PROVINCES = ["Bình Định", "Gia Lai", "Hà Nội", "Cà Mau", "Huế"]


def _write_project_file(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG"])
    ws.append(["Đơn vị tính: đồng"])
    ws.append(["Mã đề án", "Năm", "Tỉnh", "Nguồn kinh phí", "Kế hoạch", "Thực hiện"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)


rows_strategy = st.lists(
    st.tuples(st.sampled_from(PROVINCES), st.integers(2021, 2023),
              st.sampled_from(["KCQG", "KCĐP"]), st.integers(0, 10**12),
              st.integers(0, 10**12)),
    min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, seed=st.integers(0, 1000), split=st.integers(1, 3))
def test_sums_are_conserved(tmp_path_factory, rows, seed, split):
    from kcbudget.engine.summarize import summarize

    rows = [(f"P{i}", y, p, prog, a, b) for i, (p, y, prog, a, b) in enumerate(rows)]
    folder = tmp_path_factory.mktemp("prop")
    one = folder / "one.xlsx"
    _write_project_file(one, rows)
    base = summarize([one], by="province,year")
    # ALL = KCQG + KCDP in every group
    lines = {(tuple(sorted(ln.group.items())), ln.program): ln for ln in base.rows}
    for (group, program), line in lines.items():
        if program == "ALL":
            parts = [lines.get((group, p)) for p in ("KCQG", "KCDP")]
            for field in ("planned", "executed", "projects_planned"):
                assert getattr(line, field) == sum(getattr(p, field) for p in parts if p)
    # the sum over any grouping equals the ungrouped total
    for by in ("province", "year", "province,year", None):
        # base is this very call (same file, same by): not made again
        grouped = base if by == "province,year" else summarize([one], by=by)
        for program in ("KCQG", "KCDP", "ALL"):
            total = next(ln for ln in grouped.totals if ln.program == program)
            assert sum(ln.planned for ln in grouped.rows if ln.program == program) == (
                total.planned)
            assert total.planned == sum(r[4] for r in rows
                                        if program == "ALL" or r[3].replace("Đ", "D") == program)
    # shuffling rows and splitting the input over files changes nothing
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    parts = [shuffled[i::split] for i in range(split)]
    paths = []
    for i, part in enumerate(parts):
        if part:
            path = folder / f"part{i}.xlsx"
            _write_project_file(path, part)
            paths.append(path)
    again = summarize(paths, by="province,year")
    assert [ln.model_dump() for ln in again.rows] == [ln.model_dump() for ln in base.rows]


def test_averages_of_a_line_come_from_one_stage(tmp_path):
    """A plan list and its execution list: support per đề án is the execution's
    (900 ÷ 2), and so is support per beneficiary (900 ÷ 3 facilities of the executed
    đề án), never the plan's money over its own facilities (1 500 ÷ 10)."""
    from tests.conftest import write_book

    head = ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Số cơ sở", "Kinh phí"]
    # the plan gives the total cost, so the line's cost figures are the plan's
    plan = write_book(tmp_path / "kh.xlsx", {"KH 2024": [
        ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], [],
        [*head[:5], "Tổng kinh phí", "Kinh phí khuyến công"],
        [1, "DA-1", "Hỗ trợ máy sấy", "KCĐP", 4, 2000, 600],
        [2, "DA-2", "Hỗ trợ máy dệt", "KCĐP", 6, 3000, 900]]})
    actual = write_book(tmp_path / "th.xlsx", {"TH 2024": [
        ["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2024"], ["Đơn vị tính: triệu đồng"], [], head,
        [1, "DA-1", "Hỗ trợ máy sấy", "KCĐP", 1, 400],
        [2, "DA-2", "Hỗ trợ máy dệt", "KCĐP", 2, 500]]})
    result = runner.invoke(app, ["summarize", str(plan), str(actual), "--format", "json"])
    assert result.exit_code == 0, result.output
    total = next(t for t in json.loads(result.stdout)["totals"] if t["program"] == "ALL")
    assert (total["planned"], total["executed"]) == (1500 * 10**6, 900 * 10**6)
    assert total["support_per_project"] == 450 * 10**6
    assert total["support_per_beneficiary"] == 300 * 10**6
    assert total["total_cost"] == 5000 * 10**6  # the plan's, as before


def test_the_cells_as_read_are_let_go_before_the_records(monkeypatch):
    """At 1 000 000 rows the text of every cell is the largest thing held: once the
    checks have read it, summarize keeps only what the records need."""
    from pathlib import Path

    import kcbudget.engine.summarize as engine

    seen = []
    real = engine.record_parts

    def watching(tables, *columns, **options):
        seen.extend((t.raw, t.numeric, t.other, t.bad) for t in tables)
        return real(tables, *columns, **options)

    monkeypatch.setattr(engine, "record_parts", watching)
    path = Path(__file__).resolve().parents[1] / "sample_data" / "binh-dinh-2022-ke-hoach.xlsx"
    result = engine.summarize([path])
    assert seen and all(held == (None, None, {}, {}) for held in seen)
    assert result.totals  # and the summary is still made


def test_amounts_summed_in_one_pass_or_a_few_at_a_time_agree(monkeypatch):
    """A small summary adds up every amount in one pass; a large one a few at a time
    (no array of a million rows times forty amounts): the lines are the same."""
    from pathlib import Path

    import kcbudget.engine.summarize as engine
    from kcbudget.engine.records import records
    from kcbudget.read.workbook import read_workbook

    samples = sorted((Path(__file__).resolve().parents[1] / "sample_data").glob("*.xlsx"))
    recs = [records(read_workbook(p).tables) for p in samples]
    groupings = ([], ["province"], ["province", "year"], ["program"])
    one_pass = [[line.model_dump() for line in engine.summarize_records(r, by)]
                for r in recs for by in groupings]
    for stacked in (1, 7):  # one amount, then a few, at a time
        monkeypatch.setattr(engine, "_STACKED", stacked)
        assert [[line.model_dump() for line in engine.summarize_records(r, by)]
                for r in recs for by in groupings] == one_pass
    assert any(lines for lines in one_pass)


def test_no_stack_of_amounts_is_larger_than_a_million_entries(monkeypatch):
    from pathlib import Path

    import numpy as np

    import kcbudget.engine.summarize as engine
    from kcbudget.engine.records import records
    from kcbudget.read.workbook import read_workbook

    path = Path(__file__).resolve().parents[1] / "sample_data" / "binh-dinh-2022-ke-hoach.xlsx"
    recs = records(read_workbook(path).tables)
    times = 300_000 // len(recs) + 1
    many = recs.loc[recs.index.repeat(times)].reset_index(drop=True)
    once = engine.summarize_records(recs, ["province"])
    sizes = []
    real = np.stack

    def stack(arrays, *a, **kw):
        out = real(arrays, *a, **kw)
        sizes.append(out.size)
        return out

    monkeypatch.setattr(engine.np, "stack", stack)
    lines = engine.summarize_records(many, ["province"])
    assert sizes and max(sizes) <= engine._STACKED
    assert len(lines) == len(once) and once[0].planned
    assert [line.planned for line in lines] == [line.planned * times for line in once]
