"""The whole life of the money (issue 15): stages, figures to date, counts, periods,
targets and counterpart, through the CLI's JSON, exact in đồng; the seeds' figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app
from kcbudget.read.headers import read_header
from tests.conftest import write_book

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()
TY = 1_000_000_000
M = 1_000_000


def summarize(*args):
    result = runner.invoke(app, ["summarize", *map(str, args), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def line(data, program, where="totals", **group):
    found = [r for r in data[where] if r["program"] == program
             and all(r.get(k) == v for k, v in group.items())]
    assert len(found) == 1, (program, group, found)
    return found[0]


@pytest.mark.parametrize(("header", "stage"), [
    ("Phân bổ", "allocated"), ("Kinh phí phân bổ", "allocated"), ("Tạm ứng", "advanced"),
    ("Kinh phí tạm ứng", "advanced"), ("Nghiệm thu", "accepted"), ("Giải ngân", "disbursed"),
    ("Đã giải ngân", "disbursed"), ("Quyết toán", "settled"), ("Kinh phí quyết toán", "settled"),
    ("Thực hiện", "executed"), ("Kế hoạch", "planned"), ("Kế hoạch giao", "planned"),
])
def test_stage_words(header, stage):
    assert read_header(header).phase == stage


def test_allocated_against_the_plan_and_the_rate_on_the_wrong_base():
    """Phía Nam 2024: 13 tỷ allocated of the 32,3 tỷ KCQG plan is 40,25% (the article
    rounds to 40%); 25,3 tỷ executed of the 59 tỷ KCĐP plan is 42,88%, and the stated 27,7%
    is against the whole plan of 91,3 tỷ."""
    data = summarize(SAMPLES / "phia-nam-2024-tien-do.xlsx")
    kcqg, kcdp, total = (line(data, p) for p in ("KCQG", "KCDP", "ALL"))
    assert (kcqg["planned"], kcqg["allocated"], kcqg["allocated_pct"]) == (
        32_300_000_000, 13 * TY, 40.25)
    assert (kcdp["planned"], kcdp["executed"], kcdp["attainment_pct"]) == (
        59 * TY, 25_300_000_000, 42.88)
    assert (total["planned"], total["attainment_pct"]) == (91_300_000_000, 27.71)
    assert kcqg["months"] == kcdp["months"] == 9  # to the end of September, not the year
    found = [d for d in data["diagnostics"] if d["code"] == "KC304"]
    assert [(d["sheet"], d["cell"]) for d in found] == [("9 tháng 2024", "G9")]
    assert "91,3" in found[0]["hint"] and "27,71" in found[0]["hint"]


def test_accepted_and_the_other_stages_of_binh_dinh():
    """Bình Định 2022 after 7 months: 11/35 đề án accepted, 40% of the planned funds."""
    data = summarize(SAMPLES / "binh-dinh-2022-giai-doan.xlsx")
    total = line(data, "ALL")
    assert (total["projects_accepted"], total["projects_planned"]) == (11, 35)
    assert (total["accepted"], total["planned"], total["accepted_pct"]) == (
        2_080 * M, 5_200 * M, 40.0)
    assert (total["advanced"], total["disbursed"]) == (590 * M, 2_670 * M)
    assert total["disbursed"] == total["accepted"] + total["advanced"]
    assert (total["advanced_pct"], total["disbursed_pct"]) == (11.35, 51.35)
    assert total["months"] == 7
    kcqg = line(data, "KCQG")
    assert (kcqg["projects_accepted"], kcqg["projects_planned"]) == (2, 4)


def test_the_reconcile_pair_summarized_gives_11_of_35():
    data = summarize(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx",
                     SAMPLES / "binh-dinh-2022-thuc-hien.xlsx", "--province", "Bình Định")
    total = line(data, "ALL")
    assert (total["projects_accepted"], total["projects_planned"], total["accepted_pct"]) == (
        11, 35, 40.0)
    assert total["months"] == 7  # the actual's title: "đến hết tháng 7"


def test_figures_to_date_are_never_added_to_whole_years():
    data = summarize(SAMPLES / "mien-trung-2021.xlsx", "--by", "year")
    y2021 = line(data, "ALL", "rows", year=2021)
    y2022 = line(data, "ALL", "rows", year=2022)
    assert (y2021["executed"], y2021["months"]) == (48_793 * M, None)
    assert (y2022["planned"], y2022["executed"], y2022["months"]) == (72_795 * M, 20_704 * M, 7)
    assert y2022["attainment_pct"] == 28.44
    whole = [r for r in data["totals"] if r["program"] == "ALL"]
    assert sorted((r["months"] or 0, r["executed"]) for r in whole) == [
        (0, 48_793 * M), (7, 20_704 * M)]  # never 69.497
    assert data["indicators"]["aggregate_outturn_pct"] is None  # no whole year with a plan


def test_counterpart_and_leverage_of_the_dak_lak_programme():
    """Đắk Lắk 2016–2020: 86 đề án, 22,4 tỷ, 9,1 tỷ support and 13,2 tỷ counterpart; the
    review's ratio of its rounded figures is 13,2 ÷ 9,1 = 1,45, the exact one 1,46."""
    data = summarize(SAMPLES / "dak-lak-2016-2020.xlsx", "--by", "period")
    total = line(data, "ALL", "rows", period="2016-2020")
    assert (total["projects_planned"] or total["projects_executed"]) == 86
    assert (total["counterpart"], total["total_cost"]) == (13_284_200_000, 22_386_500_000)
    support = total["planned"] or total["executed"]
    assert support == 9_102_300_000
    assert total["leverage"] == 1.46 and round(13.2 / 9.1, 2) == 1.45
    assert total["support_cost_pct"] == 40.66  # 9.102,3 ÷ 22.386,5
    assert total["support_per_project"] == 105_840_698  # 9.102,3 triệu ÷ 86, half up


def test_progress_against_a_periods_targets():
    """Đắk Lắk 2021–2025: three years done against the programme's targets."""
    data = summarize(SAMPLES / "dak-lak-2021-2025.xlsx", "--by", "period")
    total = line(data, "ALL", "rows", period="2021-2025")
    assert (total["planned"], total["executed"]) == (29_000 * M, 16_716_200_000)
    assert total["attainment_pct"] == 57.64
    # the targets of a period are no year's budget: no PI-1 over three years done
    # against five years' targets
    assert data["indicators"]["aggregate_outturn_pct"] is None
    physical = {p["name"]: p for p in data["physical"]}
    assert {n: (p["unit"], p["executed"], p["target"], p["attainment_pct"])
            for n, p in physical.items()} == {
        "Số lao động được đào tạo nghề": ("người", 630, 1000, 63.0),
        "Số mô hình trình diễn kỹ thuật": ("mô hình", 3, 5, 60.0),
        "Số cơ sở được hỗ trợ máy móc thiết bị": ("cơ sở", 60, 100, 60.0),
        "Số cơ sở công nghiệp nông thôn thành lập mới": ("cơ sở", 7, 10, 70.0),
        "Số doanh nghiệp tham gia hội chợ triển lãm": ("doanh nghiệp", 69, 100, 69.0),
    }


def test_by_period_groups_years_into_programme_periods():
    data = summarize(SAMPLES / "toan-quoc-2022.xlsx", "--by", "period")
    assert {r["period"] for r in data["rows"]} == {"2021-2025"}
    assert line(data, "ALL", "rows", period="2021-2025")["attainment_pct"] == 93.48


def test_a_project_sheet_titled_disbursed(tmp_path):
    path = write_book(tmp_path / "gn.xlsx", {"GN 2023": [
        ["BÁO CÁO GIẢI NGÂN KINH PHÍ KHUYẾN CÔNG NĂM 2023"], ["Đơn vị tính: triệu đồng"],
        ["Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
        ["A-1", "Đào tạo nghề", "KCĐP", 120], ["A-2", "Hội chợ", "KCQG", 80]]})
    total = line(summarize(path), "ALL")
    assert (total["disbursed"], total["executed"]) == (200 * M, 0)
