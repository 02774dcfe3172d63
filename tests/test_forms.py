"""The layouts provincial reports really use (sample_data/dang-*.xlsx): through the
CLI's JSON, the exact totals in đồng per program and phase, the đề án counts, the
shares, and the one planted error at its cell.  See sample_data/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()
M = 1_000_000  # triệu đồng in đồng


def cli_json(*args):
    result = runner.invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout)


def findings(name: str) -> list[tuple[str, str, str | None]]:
    data = cli_json("validate", SAMPLES / name)
    return sorted((d["code"], d["sheet"], d["cell"]) for d in data["diagnostics"]
                  if d["severity"] != "info")


def totals(name: str, *extra) -> dict[str, dict]:
    data = cli_json("summarize", SAMPLES / name, *extra)
    return {r["program"]: r for r in data["totals"]}


def lines(name: str, by: str) -> dict[tuple, dict]:
    data = cli_json("summarize", SAMPLES / name, "--by", by)
    return {(r[by], r["program"]): r for r in data["rows"]}


def test_three_level_header_with_trong_do():
    assert findings("dang-trong-do.xlsx") == [("KC305", "TH 2023", "F18")]
    t = totals("dang-trong-do.xlsx")
    assert (t["KCQG"]["executed"], t["KCDP"]["executed"], t["ALL"]["executed"]) == (
        1_100 * M, 695_500_000, 1_795_500_000)
    assert t["ALL"]["planned"] == 0  # the total cost is not summed as executed
    assert (t["ALL"]["total_cost"], t["ALL"]["counterpart"]) == (5_195_500_000, 3_300 * M)
    assert (t["KCQG"]["projects_executed"], t["KCDP"]["projects_executed"]) == (2, 4)
    assert (t["KCQG"]["share_executed_pct"], t["KCDP"]["share_executed_pct"]) == (61.26, 38.74)


def test_three_level_header_layout():
    data = cli_json("inspect", SAMPLES / "dang-trong-do.xlsx")
    sheet = data["files"][0]["sheets"][0]
    assert sheet["header_rows"] == [7, 8, 9]
    by_col = {c["column"]: c for c in sheet["columns"]}
    assert by_col["E"]["header"] == ["Kinh phí thực hiện", "Tổng kinh phí"]
    assert (by_col["E"]["measure"], by_col["E"]["phase"], by_col["E"].get("whole")) == (
        "total_cost", "executed", True)
    assert by_col["F"]["header"] == ["Kinh phí thực hiện", "Trong đó",
                                     "Kinh phí khuyến công hỗ trợ"]
    assert (by_col["F"]["measure"], by_col["F"]["phase"]) == ("support", "executed")
    assert by_col["G"]["measure"] == "counterpart" and by_col["H"]["measure"] == "other_funds"
    assert by_col["C"]["key"] == "implementing_unit"  # never a province, never a phase
    assert any(w["source"] == "F8" and w["means"] == "of_which" for w in by_col["F"]["why"])


def test_money_group_over_the_measures():
    assert findings("dang-nhom-kinh-phi.xlsx") == [("KC302", "Năm 2022", "E12")]
    t = totals("dang-nhom-kinh-phi.xlsx")
    assert (t["KCQG"]["executed"], t["KCDP"]["executed"], t["ALL"]["executed"]) == (
        1_200 * M, 615 * M, 1_815 * M)
    assert (t["ALL"]["total_cost"], t["ALL"]["counterpart"]) == (5_670 * M, 3_645 * M)
    assert t["ALL"]["projects_executed"] == 5
    assert (t["KCQG"]["share_executed_pct"], t["KCDP"]["share_executed_pct"]) == (66.12, 33.88)
    data = cli_json("inspect", SAMPLES / "dang-nhom-kinh-phi.xlsx")
    facts = data["files"][0]["sheets"][0]["facts"]
    assert facts["unit"] == {"value": "trieu", "source": "header"}  # from the group cell
    assert facts["phase"]["value"] == "executed"


def test_period_column_groups():
    assert findings("dang-theo-ky.xlsx") == [("KC311", "Tổng hợp", "C11")]
    by_year = lines("dang-theo-ky.xlsx", "year")
    assert by_year[(2021, "KCQG")]["executed"] == 1_000 * M
    assert by_year[(2021, "KCDP")]["executed"] == 3_500 * M
    assert by_year[(2021, "ALL")]["projects_executed"] == 28  # the rows, not the 29 stated
    assert (by_year[(2021, "KCQG")]["share_executed_pct"],
            by_year[(2021, "KCDP")]["share_executed_pct"]) == (22.22, 77.78)
    assert by_year[(2022, "ALL")]["planned"] == 5_200 * M
    assert by_year[(2022, "ALL")]["projects_planned"] == 35
    assert by_year[(2022, "ALL")]["executed"] == 2_705 * M
    assert by_year[(2022, "ALL")]["projects_accepted"] == 11  # 11/35
    assert (by_year[(2022, "KCQG")]["attainment_pct"], by_year[(2022, "KCDP")]["attainment_pct"],
            by_year[(2022, "ALL")]["attainment_pct"]) == (53.79, 51.33, 52.02)
    sheet = cli_json("inspect", SAMPLES / "dang-theo-ky.xlsx")["files"][0]["sheets"][0]
    by_col = {c["column"]: c for c in sheet["columns"]}
    assert (by_col["I"]["phase"], by_col["I"]["year"], by_col["I"]["months"]) == (
        "executed", 2022, 7)
    assert (by_col["H"]["measure"], by_col["H"]["phase"]) == ("projects", "accepted")
    assert (by_col["G"]["phase"], by_col["G"]["year"]) == ("planned", 2022)


def test_years_as_columns():
    assert findings("dang-nam-theo-cot.xlsx") == [("KC313", "Chỉ tiêu 2016-2020", "I15")]
    t = totals("dang-nam-theo-cot.xlsx")
    assert t["ALL"]["executed"] == 9_102_300_000
    assert (t["KCQG"]["projects_executed"], t["KCDP"]["projects_executed"]) == (4, 82)
    assert t["ALL"]["counterpart"] == 13_284_200_000  # the years, not the period cell
    assert t["ALL"]["total_cost"] == 22_386_500_000
    assert (t["KCQG"]["share_executed_pct"], t["KCDP"]["share_executed_pct"]) == (5.32, 94.68)
    by_year = lines("dang-nam-theo-cot.xlsx", "year")
    assert sorted({y for y, _ in by_year}) == [2016, 2017, 2018, 2019, 2020]
    assert sum(by_year[(y, "ALL")]["projects_executed"] for y in range(2016, 2021)) == 86
    sheet = cli_json("inspect", SAMPLES / "dang-nam-theo-cot.xlsx")["files"][0]["sheets"][0]
    assert sheet["orientation"] == "columns"


def test_years_as_columns_agree_with_the_project_list():
    """The same programme read from its đề án list and from its indicators sheet."""
    listed = lines("dak-lak-2016-2020.xlsx", "year")
    table = lines("dang-nam-theo-cot.xlsx", "year")
    for key, line in table.items():
        assert line["executed"] == listed[key]["executed"], key
        assert line["projects_executed"] == listed[key]["projects_executed"], key


def test_counts_split_by_program():
    assert findings("dang-so-de-an.xlsx") == [("KC305", "TH 2021", "G14"),
                                              ("KC309", "TH 2021", "G11")]
    t = totals("dang-so-de-an.xlsx")
    assert (t["KCQG"]["projects_executed"], t["KCDP"]["projects_executed"]) == (16, 108)
    assert (t["KCQG"]["executed"], t["KCDP"]["executed"]) == (3_810 * M, 12_900 * M)
    assert t["ALL"]["executed"] == 16_710 * M  # the Tổng số column is checked, not summed
    assert (t["KCQG"]["share_executed_pct"], t["KCDP"]["share_executed_pct"]) == (22.8, 77.2)
    by_province = lines("dang-so-de-an.xlsx", "province")
    assert by_province[("Bình Định", "KCQG")]["projects_executed"] == 3
    assert by_province[("Bình Định", "KCDP")]["projects_executed"] == 25


def test_the_words_real_forms_use():
    assert findings("dang-tu-ngu.xlsx") == [("KC305", "TH 2024", "F11")]
    by_year = lines("dang-tu-ngu.xlsx", "year")
    assert by_year[(2025, "KCQG")]["planned"] == 1_450 * M  # Kinh phí KCQG đề nghị hỗ trợ
    assert by_year[(2025, "ALL")]["projects_planned"] == 3
    assert by_year[(2025, "ALL")]["counterpart"] == 3_370 * M
    assert by_year[(2024, "KCQG")]["share_executed_pct"] == 42.86
    assert (by_year[(2024, "KCQG")]["executed"], by_year[(2024, "KCDP")]["executed"]) == (
        300 * M, 400 * M)  # Ngân sách nhà nước hỗ trợ
    data = cli_json("summarize", SAMPLES / "dang-tu-ngu.xlsx", "--by", "province")
    assert {r["province"] for r in data["rows"]} == {"Phú Yên"}  # the title, not the unit
    sheets = cli_json("inspect", SAMPLES / "dang-tu-ngu.xlsx")["files"][0]["sheets"]
    keys = {c["header"][-1]: c["key"] for s in sheets for c in s["columns"]}
    assert keys["Đơn vị chủ trì"] == keys["Đơn vị thực hiện"] == "implementing_unit"
    assert keys["Nội dung hoạt động khuyến công"] == "category"


def test_program_from_the_title():
    assert findings("dang-chuong-trinh-tieu-de.xlsx") == [("KC305", "KCQG 2024", "E11")]
    t = totals("dang-chuong-trinh-tieu-de.xlsx")
    assert (t["KCQG"]["planned"], t["KCDP"]["planned"]) == (1_320 * M, 0)
    assert t["KCQG"]["projects_planned"] == 3
    assert (t["KCQG"]["share_planned_pct"], t["KCDP"]["share_planned_pct"]) == (100.0, 0.0)


def test_program_from_section_rows():
    assert findings("dang-chuong-trinh-muc.xlsx") == [("KC305", "KH 2023", "F16")]
    t = totals("dang-chuong-trinh-muc.xlsx")
    assert (t["KCDP"]["planned"], t["KCQG"]["planned"]) == (830 * M, 1_200 * M)
    assert (t["KCDP"]["projects_planned"], t["KCQG"]["projects_planned"]) == (4, 2)
    assert t["ALL"]["share_planned_pct"] == 100.0
    assert (t["KCQG"]["share_planned_pct"], t["KCDP"]["share_planned_pct"]) == (59.11, 40.89)


def test_a_row_that_stands_for_several_de_an():
    assert findings("dang-nhieu-de-an.xlsx") == [("KC305", "KH 2023", "H16")]
    t = totals("dang-nhieu-de-an.xlsx")
    assert (t["KCQG"]["projects_planned"], t["KCDP"]["projects_planned"]) == (5, 3)
    assert (t["KCQG"]["planned"], t["KCDP"]["planned"]) == (3_200 * M, 630 * M)
    assert (t["KCQG"]["share_planned_pct"], t["KCDP"]["share_planned_pct"]) == (83.55, 16.45)
    # the same plan written one đề án per row gives the same counts and money
    listed = totals("hoa-binh-2023.xlsx")
    for program in ("KCQG", "KCDP", "ALL"):
        assert t[program]["projects_planned"] == listed[program]["projects_planned"]
        assert t[program]["planned"] == listed[program]["planned"]


def test_one_counterpart_column_for_both_programs():
    assert findings("dang-doi-ung-chung.xlsx") == [("KC305", "TH 2023", "F13")]
    t = totals("dang-doi-ung-chung.xlsx")
    assert t["ALL"]["counterpart"] == 15_550 * M  # once, not once per program
    assert t["KCQG"]["counterpart"] is None and t["KCDP"]["counterpart"] is None
    assert (t["KCQG"]["executed"], t["KCDP"]["executed"]) == (3_740 * M, 8_500 * M)
    assert (t["KCQG"]["share_executed_pct"], t["KCDP"]["share_executed_pct"]) == (30.56, 69.44)
    assert t["ALL"]["leverage"] == 1.27  # 15.550 ÷ 12.240


def test_blank_nguon_khac_is_zero_for_the_row_rule():
    assert findings("dang-nguon-khac-trong.xlsx") == [("KC302", "KH 2024", "E10")]
    t = totals("dang-nguon-khac-trong.xlsx")
    assert (t["KCQG"]["planned"], t["KCDP"]["planned"]) == (1_250 * M, 390 * M)
    assert (t["KCQG"]["share_planned_pct"], t["KCDP"]["share_planned_pct"]) == (76.22, 23.78)


def test_prefixed_xml_reads_as_its_twin():
    assert findings("dang-tien-to.xlsx") == [("KC204", "BD 2021", "E10")]
    twin = cli_json("validate", SAMPLES / "loi-cong-thuc.xlsx")
    prefixed = cli_json("validate", SAMPLES / "dang-tien-to.xlsx")
    strip = [{k: v for k, v in d.items() if k != "file"} for d in twin["diagnostics"]]
    assert strip == [{k: v for k, v in d.items() if k != "file"}
                     for d in prefixed["diagnostics"]]
    assert totals("dang-tien-to.xlsx") == totals("loi-cong-thuc.xlsx")
    assert totals("dang-tien-to.xlsx")["KCQG"]["share_executed_pct"] == 22.22


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("dang-*.xlsx")))
def test_every_form_has_exactly_one_planted_defect_source(name):
    """Each form's findings come from one wrong cell (it may break two rules)."""
    found = findings(name)
    assert 1 <= len(found) <= 2, found
