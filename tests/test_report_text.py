"""``summarize --format text``: the report paragraph.

Through the CLI on the sample workbooks, the paragraph reproduces the figures of the
seed articles' sentences (facts.md) exactly, and every number in it, parsed back out
of the text, is a figure of the JSON of the same run.  The renderer is also run on
summaries built here, for the stages the samples do not yet carry (months to date, an
allocation, physical indicators), for rounding, for the findings and for hostile text.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.cli.summarize import report_grouping
from kcbudget.model.diagnostic import Diagnostic, Severity
from kcbudget.model.results import (
    Indicators,
    PhysicalLine,
    Scope,
    SummaryLine,
    SummaryResult,
)
from kcbudget.model.units import Unit
from kcbudget.render.report_text import build, to_text
from tests.conftest import run_kcbudget

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
MIEN_TRUNG = SAMPLES / "mien-trung-2021.xlsx"
TOAN_QUOC = SAMPLES / "toan-quoc-2022.xlsx"
PHIA_NAM = SAMPLES / "phia-nam-2024.xlsx"
PLAN = SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"
ACTUAL = SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"
DAK_LAK = SAMPLES / "dak-lak-2016-2020.xlsx"


def report(*args, status: int = 0) -> tuple[list[str], list[str]]:
    """(paragraphs, findings lines) of ``summarize ARGS --format text``."""
    result = run_kcbudget("summarize", *args, "--format", "text")
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    blocks = result.stdout.rstrip("\n").split("\n\n")
    return blocks[:-1], blocks[-1].split("\n")


def summary_json(*args, by: str | None = None, status: int = 0) -> dict:
    """The JSON of the same run: the grouping the text format uses (year added)."""
    result = run_kcbudget("summarize", *args, "--by", report_grouping(by), "--format", "json")
    assert result.returncode == status, result.stderr
    return json.loads(result.stdout)


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.) (?=[A-ZĐ])", paragraph) if s]


# ---- the seeds' sentences ------------------------------------------------------------


def test_mien_trung_2021_is_the_model_sentence():
    paragraphs, findings = report(MIEN_TRUNG, "--region", "mien-trung", "--year", "2021",
                                  "--by", "region,year")
    assert paragraphs == [
        "Tổng kinh phí khuyến công thực hiện năm 2021 của 15 tỉnh, thành phố khu vực miền "
        "Trung – Tây Nguyên là 48.793 triệu đồng; trong đó, khuyến công quốc gia (KCQG) "
        "11.065 triệu đồng, chiếm 22,68%; khuyến công địa phương (KCĐP) 37.728 triệu đồng, "
        "chiếm 77,32% kinh phí khuyến công toàn vùng."]
    assert findings == ["Số liệu nguồn không có lỗi hay cảnh báo nào."]


def test_the_article_as_printed_gives_the_computed_11_065_and_says_why():
    """The article's own KCQG total is the text 11,065 (C24): the paragraph uses the
    sum of the provinces and says, cell by cell, that the stated figure does not add up."""
    paragraphs, findings = report(SAMPLES / "mien-trung-2021-bao-cao.xlsx", "--year", "2021",
                                  status=1)
    assert "(KCQG) 11.065 triệu đồng, chiếm 22,68%" in paragraphs[0]
    assert "11,065" not in paragraphs[0]
    assert findings[0].startswith("Lưu ý về số liệu nguồn (3 lỗi;")
    cells = [re.search(r"ô (\w+) \((KC\d+)\)", line).groups() for line in findings[1:]]
    assert cells == [("C24", "KC305"), ("D24", "KC304"), ("G24", "KC309")]
    assert all("mien-trung-2021-bao-cao.xlsx" in line and "'TH 2021'" in line
               for line in findings[1:])


def test_mien_trung_2022_plan_and_seven_months():
    paragraphs, _ = report(MIEN_TRUNG, "--year", "2022")
    (text,) = paragraphs
    plan, executed = sentences(text)
    assert plan.startswith("Kế hoạch năm 2022, kinh phí khuyến công của 15 tỉnh, thành phố "
                           "khu vực miền Trung – Tây Nguyên là 72.795 triệu đồng; trong đó, "
                           "khuyến công quốc gia (KCQG) 29.207 triệu đồng")
    assert "khuyến công địa phương (KCĐP) 43.588 triệu đồng" in plan
    assert "đã thực hiện 20.704 triệu đồng" in executed
    assert "KCQG 3.538 triệu đồng" in executed and "KCĐP 17.166 triệu đồng" in executed
    months = summary_json(MIEN_TRUNG, "--year", "2022")["totals"][-1].get("months")
    if months:  # the figures of the first 7 months are said to be so, never as the year's
        assert executed.startswith(f"Trong {months} tháng đầu năm 2022, kinh phí khuyến "
                                   "công toàn vùng đã thực hiện")
        assert "kế hoạch năm" in executed
    else:
        assert "tháng" not in text


def test_mien_trung_both_years_one_sentence_each_and_no_sum_of_the_two():
    paragraphs, _ = report(MIEN_TRUNG)
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Tổng kinh phí khuyến công thực hiện năm 2021 của 15 tỉnh")
    assert paragraphs[1].startswith("Kế hoạch năm 2022, kinh phí khuyến công toàn vùng là "
                                    "72.795 triệu đồng")
    assert "69.497" not in " ".join(paragraphs)  # 48.793 + 20.704: a sum of two stages


def test_national_2022_in_ty_to_one_decimal():
    paragraphs, _ = report(TOAN_QUOC, "--year", "2022", "--unit", "ty", "--decimals", "1")
    plan, executed = sentences(paragraphs[0])
    assert plan == ("Kế hoạch năm 2022, kinh phí khuyến công toàn quốc là 345,5 tỷ đồng; "
                    "trong đó, khuyến công quốc gia (KCQG) 140 tỷ đồng, chiếm 40,52%; khuyến "
                    "công địa phương (KCĐP) 205,5 tỷ đồng, chiếm 59,48%.")
    assert executed == ("Kinh phí khuyến công cả nước đã thực hiện 323 tỷ đồng, đạt 93,48% "
                        "kế hoạch; trong đó, KCQG 136 tỷ đồng, đạt 97,14%; KCĐP 187 tỷ đồng, "
                        "đạt 90,99%.")


def test_national_2022_exact_in_trieu():
    paragraphs, _ = report(TOAN_QUOC, "--year", "2022")
    assert "toàn quốc là 345.524,7 triệu đồng" in paragraphs[0]
    assert "đã thực hiện 323.006,9 triệu đồng, đạt 93,48% kế hoạch" in paragraphs[0]
    assert "KCĐP 186.995 triệu đồng, đạt 90,99%" in paragraphs[0]


def test_ninh_binh_as_the_article_rounds_it():
    paragraphs, _ = report(TOAN_QUOC, "--province", "ninh binh", "--by", "province",
                           "--unit", "ty", "--pct-decimals", "1")
    (text,) = paragraphs
    assert text.startswith("Kế hoạch năm 2022, kinh phí khuyến công của tỉnh Ninh Bình là "
                           "8,198 tỷ đồng;")
    assert "Kinh phí khuyến công toàn tỉnh đã thực hiện 8,08 tỷ đồng, đạt 98,6% kế hoạch" in text


def test_phia_nam_2024_computed_rates_and_the_wrong_base_named():
    paragraphs, findings = report(PHIA_NAM, "--year", "2024", "--unit", "ty", status=1)
    (text,) = paragraphs
    assert text.startswith("Kế hoạch năm 2024, kinh phí khuyến công của khu vực phía Nam là "
                           "91,3 tỷ đồng; trong đó, khuyến công quốc gia (KCQG) 32,3 tỷ đồng")
    assert "khuyến công địa phương (KCĐP) 59 tỷ đồng" in text
    assert re.search(r"KCQG (đã phân bổ )?13 tỷ đồng, (chiếm|đạt) 40,25%", text)
    assert "KCĐP 25,3 tỷ đồng, đạt 42,88%" in text
    # the stated 40 and 27,7 are not the paragraph's: it says what the figures give
    assert "27,7%" not in text and not re.search(r"\b40%", text)
    (finding,) = findings[1:]
    assert finding.startswith("Tệp phia-nam-2024.xlsx, sheet 'Năm 2024', ô F9 (KC304): "
                              "Tỷ lệ ghi 27,70%")
    assert "25,3 ÷ 91,3 = 27,71%" in finding


def test_phia_nam_2023_attainment():
    paragraphs, _ = report(PHIA_NAM, "--year", "2023", "--unit", "ty", status=1)
    assert "Kinh phí khuyến công toàn vùng đã thực hiện 81,725 tỷ đồng, đạt 82,26% kế hoạch" \
        in paragraphs[0]


def test_binh_dinh_35_de_an_and_11_of_35_accepted_at_40_percent():
    paragraphs, _ = report(PLAN, ACTUAL, "--province", "Bình Định", "--year", "2022",
                           "--unit", "ty")
    (text,) = paragraphs
    assert text.startswith("Kế hoạch năm 2022, kinh phí khuyến công của tỉnh Bình Định là "
                           "5,2 tỷ đồng cho 35 đề án;")
    assert re.search(r"(Đã|đã) nghiệm thu 11/35 đề án với kinh phí 2,08 tỷ đồng, đạt 40% kế "
                     r"hoạch kinh phí; trong đó, KCQG 2/4 đề án, đạt 41,38%; KCĐP 9/31 đề án, "
                     r"đạt 39,47%\.", text), text


def test_dak_lak_programme_period():
    paragraphs, _ = report(DAK_LAK, "--unit", "ty", "--decimals", "1")
    text = paragraphs[0]  # the period; a paragraph for each year follows
    assert len(paragraphs) == 6
    assert text.startswith("Tổng kinh phí khuyến công thực hiện giai đoạn 2016–2020 của tỉnh "
                           "Đắk Lắk là 9,1 tỷ đồng (86 đề án); trong đó, khuyến công quốc gia "
                           "(KCQG) 0,5 tỷ đồng (4 đề án), chiếm 5,32%; khuyến công địa phương "
                           "(KCĐP) 8,6 tỷ đồng (82 đề án)")
    # 22.386,5 → 22,4 ("gần 22,4 tỷ"); 13.284,2 → 13,3 half up (the article's "hơn 13,2"
    # cuts it down); 13.284,2 ÷ 9.102,3 = 1,46
    assert re.search(r"Tổng kinh phí của các đề án là 22,4 tỷ đồng(, trong đó kinh phí khuyến "
                     r"công hỗ trợ chiếm 40,66%)?; vốn đối ứng của đơn vị thụ hưởng 13,3 tỷ đồng, "
                     r"bằng 1,46 lần kinh phí hỗ trợ\.", text), text
    assert [p.split(" toàn tỉnh")[0] for p in paragraphs[1:]] == [
        f"Tổng kinh phí {'KCĐP' if y == 2016 else 'khuyến công'} thực hiện năm {y}"
        for y in range(2016, 2021)]


def test_in_english():
    paragraphs, findings = report(MIEN_TRUNG, "--region", "mien-trung", "--year", "2021",
                                  "--lang", "en")
    assert paragraphs == [
        "Total khuyến công funds executed in 2021 of the 15 provinces and cities of the "
        "Central and Central Highlands region were VND 48,793 million; of which national "
        "khuyến công (KCQG) VND 11,065 million, 22.68%; local khuyến công (KCĐP) VND 37,728 "
        "million, 77.32% of the total."]
    assert findings == ["The input figures have no errors or warnings."]


# ---- the numbers, parsed back ----------------------------------------------------------

NUMBER = r"\d{1,3}(?:\.\d{3})*(?:,\d+)?"
AMOUNT = re.compile(rf"({NUMBER}) (triệu đồng|tỷ đồng|nghìn đồng|đồng)")
PERCENT = re.compile(rf"({NUMBER})%")
COUNT = re.compile(r"(\d{1,3}(?:\.\d{3})*)(?:/(\d{1,3}(?:\.\d{3})*))? đề án")
RATIO = re.compile(rf"bằng ({NUMBER}) lần")
UNITS = {"đồng": Unit.dong, "nghìn đồng": Unit.nghin, "triệu đồng": Unit.trieu,
         "tỷ đồng": Unit.ty}
MONEY = ("planned", "executed", "accepted", "total_cost", "counterpart", "allocated", "advanced",
         "disbursed", "settled", "other_funds")
AVERAGES = ("support_per_project", "support_per_beneficiary")
COUNTS = ("projects_planned", "projects_executed", "projects_accepted", "beneficiaries")


def vi_number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def half_up(value, places: int | None) -> Decimal:
    value = Decimal(str(value))
    if places is None:
        return value.normalize()
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()


RUNS = [
    ([MIEN_TRUNG, "--region", "mien-trung", "--year", "2021", "--by", "region,year"], 0),
    ([MIEN_TRUNG], 0),
    ([MIEN_TRUNG, "--year", "2021", "--by", "province"], 0),
    ([TOAN_QUOC, "--year", "2022", "--unit", "ty", "--decimals", "1"], 0),
    ([TOAN_QUOC, "--by", "region", "--decimals", "0"], 0),
    ([TOAN_QUOC, "--province", "ninh binh", "--by", "province", "--unit", "ty",
      "--pct-decimals", "1"], 0),
    ([PHIA_NAM, "--unit", "ty"], 1),
    ([PLAN, ACTUAL, "--province", "Bình Định", "--year", "2022"], 0),
    ([PLAN, ACTUAL, "--by", "status", "--unit", "ty", "--decimals", "2"], 0),
    ([DAK_LAK, "--unit", "ty", "--decimals", "1"], 0),
    ([DAK_LAK, "--by", "category"], 0),
    ([SAMPLES / "hoa-binh-2023.xlsx", "--unit", "nghin"], 0),
    ([SAMPLES / "dang-theo-ky.xlsx"], 1),
    ([SAMPLES / "dang-doi-ung-chung.xlsx"], 1),
]


def _option(args: list, name: str, default=None):
    return args[args.index(name) + 1] if name in args else default


@pytest.mark.parametrize("args,status", RUNS, ids=lambda v: " ".join(
    Path(a).name if isinstance(a, Path) else str(a) for a in v) if isinstance(v, list) else None)
def test_every_number_of_the_paragraph_is_a_figure_of_the_json(args, status):
    paragraphs, _ = report(*args, status=status)
    assert paragraphs
    by = _option(args, "--by")
    rest = [a for i, a in enumerate(args) if a != "--by" and (i == 0 or args[i - 1] != "--by")]
    data = summary_json(*rest, by=by, status=status)
    decimals = _option(args, "--decimals")
    decimals = int(decimals) if decimals is not None else None
    pct_decimals = int(_option(args, "--pct-decimals", 2))
    unit = Unit(_option(args, "--unit", "trieu"))
    lines = data["rows"] + data["totals"]
    amounts = {half_up(Decimal(v) / unit.factor, decimals)
               for line in lines for f in MONEY if (v := line.get(f))}
    # averages: to the report's precision, in triệu đồng when the report counts in tỷ
    average_unit = Unit.trieu if unit == Unit.ty else unit
    averages = {half_up(Decimal(v) / average_unit.factor, decimals if decimals is not None
                        else 0 if average_unit == Unit.dong else 1)
                for line in lines for f in AVERAGES if (v := line.get(f))}
    rates = {half_up(v, pct_decimals) for line in lines for f, v in line.items()
             if f.endswith("_pct") and v is not None}
    counts = {v for line in lines for f in COUNTS if (v := line.get(f))}
    ratios = {half_up(line["leverage"], 2) for line in lines if line.get("leverage")}
    text = " ".join(paragraphs)
    found = 0
    for number, word in AMOUNT.findall(text):
        value = vi_number(number).normalize()
        assert (UNITS[word] == unit and value in amounts) or (
            UNITS[word] == average_unit and value in averages), (number, word)
        found += 1
    for number in PERCENT.findall(text):
        assert vi_number(number).normalize() in rates, number
        found += 1
    for done, of in COUNT.findall(text):
        assert int(vi_number(done)) in counts, done
        if of:
            assert any(line["projects_accepted"] == int(vi_number(done))
                       and line["projects_planned"] == int(vi_number(of)) for line in lines)
        found += 1
    for number in RATIO.findall(text):
        assert vi_number(number) in ratios, number
        found += 1
    assert found
    # and the other way: the total's plan and execution, and their rate, are said
    said = {vi_number(n).normalize() for n, _ in AMOUNT.findall(text)}
    said_rates = {vi_number(n).normalize() for n in PERCENT.findall(text)}
    for line in data["totals"] if not data["group_by"] or len(data["rows"]) <= 3 else []:
        if line["program"] != "ALL":
            continue
        for field in ("planned", "executed"):
            if line[field]:
                assert half_up(Decimal(line[field]) / unit.factor, decimals) in said, field
        if line["attainment_pct"] is not None:
            assert half_up(line["attainment_pct"], pct_decimals) in said_rates


def test_the_first_sentence_maps_program_by_program_to_the_json():
    args = [TOAN_QUOC, "--by", "region"]
    paragraphs, _ = report(*args)
    data = summary_json(TOAN_QUOC, by="region")
    regions = [r["region"] for r in data["rows"] if r["program"] == "ALL"]
    assert len(regions) == 3 and len(paragraphs) == 4
    for paragraph, region in zip(paragraphs[1:], regions):
        first = sentences(paragraph)[0]
        lines = {r["program"]: r for r in data["rows"] if r["region"] == region}
        total = re.search(rf"là ({NUMBER}) triệu đồng", first).group(1)
        assert vi_number(total) * 1_000_000 == lines["ALL"]["planned"]
        for code, label in (("KCQG", "KCQG"), ("KCDP", "KCĐP")):
            amount, share = re.search(rf"{label}\)? ({NUMBER}) triệu đồng, chiếm ({NUMBER})%",
                                      first).groups()
            assert vi_number(amount) * 1_000_000 == lines[code]["planned"]
            assert float(vi_number(share)) == lines[code]["share_planned_pct"]


# ---- the renderer on summaries built here ----------------------------------------------

TY = 1_000_000_000
TRIEU = 1_000_000


def line(program: str, group: dict | None = None, **fields) -> SummaryLine:
    base: dict[str, object] = {
        "planned": 0, "executed": 0, "attainment_pct": None, "share_planned_pct": None,
        "share_executed_pct": None, "projects_planned": 0, "projects_executed": 0,
        "projects_accepted": 0, "total_cost": None, "counterpart": None}
    base.update(fields)
    return SummaryLine(group=group or {}, program=program, **base)


def result(lines: list[SummaryLine], scope: Scope | None = None, group_by=(), rows=(),
           diagnostics=(), physical=()) -> SummaryResult:
    return SummaryResult(group_by=list(group_by), rows=list(rows), totals=lines,
                         indicators=Indicators(aggregate_outturn_pct=None,
                                               composition_variance_pct=None,
                                               composition_by=None, lines=0),
                         diagnostics=list(diagnostics), physical=list(physical),
                         scope=scope or Scope())


def phia_nam_2024(months: int | None = 9) -> SummaryResult:
    """The Phía Nam 2024 figures as the engine gives them once it reads the allocation
    as a stage of its own."""
    return result([
        line("KCQG", planned=32_300 * TRIEU, allocated=13 * TY, allocated_pct=40.25,
             share_planned_pct=35.38, months=months),
        line("KCDP", planned=59 * TY, executed=25_300 * TRIEU, attainment_pct=42.88,
             share_planned_pct=64.62, share_executed_pct=100.0, months=months),
        line("ALL", planned=91_300 * TRIEU, executed=25_300 * TRIEU, attainment_pct=27.71,
             allocated=13 * TY, allocated_pct=14.24, share_planned_pct=100.0,
             share_executed_pct=100.0, months=months),
    ], Scope(years=[2024], regions=["mien-nam"], provinces=[]))


def test_months_to_date_and_an_allocation_of_one_program():
    text = build(phia_nam_2024(), unit=Unit.ty).paragraphs[0]
    assert sentences(text) == [
        "Kế hoạch năm 2024, kinh phí khuyến công của khu vực phía Nam là 91,3 tỷ đồng; trong "
        "đó, khuyến công quốc gia (KCQG) 32,3 tỷ đồng, chiếm 35,38%; khuyến công địa phương "
        "(KCĐP) 59 tỷ đồng, chiếm 64,62%.",
        # KCĐP alone has executed figures: its rate is against its own plan, never the
        # 27,71% on both programs' plan that the conference stated and KC304 flags
        "Trong 9 tháng đầu năm 2024, kinh phí KCĐP toàn vùng đã thực hiện 25,3 tỷ "
        "đồng, đạt 42,88% kế hoạch KCĐP.",
        "Kinh phí KCQG đã phân bổ 13 tỷ đồng, chiếm 40,25% kế hoạch KCQG."]
    english = build(phia_nam_2024(), "en", Unit.ty).paragraphs[0]
    assert "In the first 9 months of 2024, KCĐP funds executed in the region were " \
        "VND 25.3 billion, 42.88% of the KCĐP plan." in english
    assert "27.71" not in english and "27,71" not in text
    assert "KCQG funds allocated: VND 13 billion, 40.25% of the KCQG plan." in english


def test_a_whole_year_is_never_called_months():
    for months in (None, 12):
        text = build(phia_nam_2024(months), unit=Unit.ty).paragraphs[0]
        assert "tháng" not in text and "kế hoạch năm" not in text
        assert "Kinh phí KCĐP toàn vùng đã thực hiện 25,3 tỷ đồng, đạt 42,88% kế " \
            "hoạch KCĐP." in text


def test_later_stages_of_both_programs():
    made = result([
        line("KCQG", planned=100 * TRIEU, advanced=30 * TRIEU, advanced_pct=30.0,
             disbursed=20 * TRIEU, disbursed_pct=20.0, settled=10 * TRIEU, settled_pct=10.0),
        line("KCDP", planned=300 * TRIEU, advanced=60 * TRIEU, advanced_pct=20.0,
             disbursed=90 * TRIEU, disbursed_pct=30.0),
        line("ALL", planned=400 * TRIEU, advanced=90 * TRIEU, advanced_pct=22.5,
             disbursed=110 * TRIEU, disbursed_pct=27.5, settled=10 * TRIEU, settled_pct=2.5),
    ], Scope(years=[2023], provinces=["Quảng Ngãi"], regions=["mien-trung"]))
    text = build(made).paragraphs[0]
    assert "Kinh phí đã tạm ứng 90 triệu đồng, chiếm 22,5% kế hoạch; trong đó, KCQG 30 " \
        "triệu đồng, đạt 30%; KCĐP 60 triệu đồng, đạt 20%." in text
    assert "Kinh phí đã giải ngân 110 triệu đồng, chiếm 27,5% kế hoạch; trong đó, KCQG 20 " \
        "triệu đồng, đạt 20%; KCĐP 90 triệu đồng, đạt 30%." in text
    assert "Kinh phí KCQG đã quyết toán 10 triệu đồng, chiếm 10% kế hoạch KCQG." in text
    assert text.startswith("Kế hoạch năm 2023, kinh phí khuyến công của tỉnh Quảng Ngãi")


def test_accepted_after_seven_months_as_binh_dinh_says_it():
    made = result([
        line("KCQG", planned=1_450 * TRIEU, projects_planned=4, projects_accepted=2,
             accepted=600 * TRIEU, accepted_pct=41.38, months=7),
        line("KCDP", planned=3_750 * TRIEU, projects_planned=31, projects_accepted=9,
             accepted=1_480 * TRIEU, accepted_pct=39.47, months=7),
        line("ALL", planned=5_200 * TRIEU, projects_planned=35, projects_accepted=11,
             accepted=2_080 * TRIEU, accepted_pct=40.0, months=7),
    ], Scope(years=[2022], provinces=["Bình Định"], regions=["mien-trung"]))
    text = build(made, unit=Unit.ty).paragraphs[0]
    assert "Kết quả 7 tháng đầu năm 2022, đã nghiệm thu 11/35 đề án với kinh phí 2,08 tỷ " \
        "đồng, đạt 40% kế hoạch kinh phí; trong đó, KCQG 2/4 đề án, đạt 41,38%; KCĐP 9/31 " \
        "đề án, đạt 39,47%." in text
    assert "In the first 7 months of 2022, 11/35 projects accepted with funds of VND 2.08 " \
        "billion, 40% of the planned funds" in build(made, "en", Unit.ty).paragraphs[0]


def test_counterpart_beneficiaries_and_physical_indicators():
    made = result(
        [line("KCDP", executed=9_102_300_000, projects_executed=86),
         line("ALL", executed=9_102_300_000, projects_executed=86, total_cost=22_386_500_000,
              counterpart=13_284_200_000, leverage=1.46, support_cost_pct=40.66,
              beneficiaries=120, support_per_project=105_840_698,
              support_per_beneficiary=75_852_500, other_funds=0)],
        Scope(years=list(range(2016, 2021)), provinces=["Đắk Lắk"], regions=["mien-trung"]),
        physical=[PhysicalLine(group={}, name="Số người được đào tạo", unit="người",
                               executed=1_020, target=1_000, attainment_pct=102.0),
                  PhysicalLine(group={}, name="Mô hình trình diễn", unit="mô hình", target=5)])
    text = build(made, unit=Unit.ty, decimals=1).paragraphs[0]
    assert "Tổng kinh phí khuyến công địa phương (KCĐP) thực hiện giai đoạn 2016–2020 của " \
        "tỉnh Đắk Lắk là 9,1 tỷ đồng (86 đề án)." in text
    assert "Tổng kinh phí của các đề án là 22,4 tỷ đồng, trong đó kinh phí khuyến công hỗ trợ " \
        "chiếm 40,66%; vốn đối ứng của đơn vị thụ hưởng 13,3 tỷ đồng, bằng 1,46 lần kinh " \
        "phí hỗ trợ." in text
    assert "Các đề án hỗ trợ 120 cơ sở thụ hưởng; kinh phí hỗ trợ bình quân 105,8 triệu " \
        "đồng một đề án, 75,9 triệu đồng một cơ sở." in text
    assert text.endswith("Kết quả: Số người được đào tạo 1.020 người (mục tiêu 1.000 người, "
                         "đạt 102%). Mục tiêu: Mô hình trình diễn 5 mô hình.")


def test_percentages_are_rounded_again_from_the_integers_not_from_the_rounded_figure():
    # 98.549 % rounds to 98,55 then 98,6 if taken from the rounded figure; exactly: 98,5
    made = result([line("ALL", planned=100_000 * TRIEU, executed=98_549 * TRIEU,
                        attainment_pct=98.55)], Scope(years=[2022]))
    assert "đạt 98,5% kế hoạch" in build(made, pct_decimals=1).paragraphs[0]
    assert "đạt 99% kế hoạch" in build(made, pct_decimals=0).paragraphs[0]
    assert "đạt 98,55% kế hoạch" in build(made).paragraphs[0]


def test_decimals_round_half_up_and_drop_trailing_zeros():
    made = result([line("ALL", executed=345_524_700_000)], Scope(years=[2022]))
    for decimals, shown in ((None, "345,5247"), (3, "345,525"), (2, "345,52"), (1, "345,5"),
                            (0, "346")):
        assert f"là {shown} tỷ đồng" in build(made, unit=Unit.ty, decimals=decimals).paragraphs[0]
    made = result([line("ALL", executed=323_006_900_000)], Scope(years=[2022]))
    assert "là 323 tỷ đồng" in build(made, unit=Unit.ty, decimals=1).paragraphs[0]
    assert "là 323.006.900.000 đồng" in build(made, unit=Unit.dong).paragraphs[0]
    assert "VND 323,006,900,000." in build(made, "en", Unit.dong).paragraphs[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**14), min_size=2, max_size=2),
       st.sampled_from(list(Unit)))
def test_amounts_parse_back_to_the_dong(parts, unit):
    """Every amount the paragraph writes, read back the Vietnamese way, is the figure to
    the đồng (no decimals asked: every decimal the figure carries is written)."""
    q, d = parts
    made = result([line("KCQG", executed=q), line("KCDP", executed=d),
                   line("ALL", executed=q + d)], Scope(years=[2024]))
    text = build(made, unit=unit).paragraphs[0] if q + d else ""
    found = sorted(vi_number(n) * UNITS[w].factor for n, w in AMOUNT.findall(text))
    # both programs: the total and each part; one program: it is the total, said once
    assert found == (sorted([q + d, q, d]) if q and d else [q + d] if q + d else [])


def test_findings_are_sentences_and_info_is_left_out():
    made = result([line("ALL", executed=TRIEU)], Scope(years=[2022]), diagnostics=[
        Diagnostic(code="KC305", severity=Severity.error, file="a/b/x.xlsx", sheet="TH",
                   cell="C24", row=24, message="Dòng 'Tổng cộng' ghi 1 nhưng tổng là 2",
                   hint="Kiểm tra ô C24"),
        Diagnostic(code="KC104", severity=Severity.info, file="x.xlsx", message="thông tin"),
        Diagnostic(code="KC116", severity=Severity.warning, file="x.xlsx", sheet="Ghi chú",
                   message="Sheet có số liệu nhưng không có bảng."),
        Diagnostic(code="KC100", severity=Severity.error, file="y.xlsx", message="Không đọc được"),
    ])
    made_text = build(made)
    assert made_text.findings_intro.startswith("Lưu ý về số liệu nguồn (2 lỗi, 1 cảnh báo;")
    assert made_text.findings == [
        "Tệp x.xlsx, sheet 'TH', ô C24 (KC305): Dòng 'Tổng cộng' ghi 1 nhưng tổng là 2. "
        "Kiểm tra ô C24.",
        "Tệp x.xlsx, sheet 'Ghi chú' (KC116): Sheet có số liệu nhưng không có bảng.",
        "Tệp y.xlsx (KC100): Không đọc được."]
    assert build(made, "en").findings_intro.startswith("Notes on the input figures (2 errors, "
                                                       "1 warning;")


def test_many_findings_are_counted_not_all_written():
    diagnostics = [Diagnostic(code="KC202", severity=Severity.error, file="x.xlsx", sheet="S",
                              cell=f"D{i}", row=i, message=f"Số âm ở dòng {i}")
                   for i in range(1, 26)]
    made = build(result([line("ALL", executed=TRIEU)], Scope(), diagnostics=diagnostics))
    assert len(made.findings) == 21
    assert made.findings[-1] == "Còn 5 phát hiện khác (lệnh kcbudget validate liệt kê đủ)."


RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "Bình\x1b[2JĐịnh [bold red]x[/]\n::add-mask::y \u202eevil\x00"


def hostile_result() -> SummaryResult:
    group = {"category": HOSTILE}
    rows = [line(p, group, executed=v * TRIEU) for p, v in (("KCQG", 1), ("KCDP", 2), ("ALL", 3))]
    rows += [line(p, {"category": "khác"}, executed=v * TRIEU)
             for p, v in (("KCQG", 1), ("KCDP", 1), ("ALL", 2))]
    return result([line(p, executed=v * TRIEU) for p, v in (("KCQG", 2), ("KCDP", 3), ("ALL", 5))],
                  Scope(years=[2022], provinces=[HOSTILE]), group_by=["category"], rows=rows,
                  diagnostics=[Diagnostic(code="KC501", severity=Severity.error,
                                          file=f"d/{HOSTILE}.xlsx", sheet=HOSTILE, cell="B2",
                                          message=f"'{HOSTILE}' không phải là tỉnh",
                                          hint=HOSTILE)],
                  physical=[PhysicalLine(group={}, name=HOSTILE, unit=HOSTILE, executed=1)])


def test_hostile_text_is_shown_never_sent():
    for lang in ("vi", "en"):
        text = to_text(hostile_result(), lang)
        assert RAW_CONTROL.search(text) is None, text
        assert not any(line.lstrip().startswith("::") for line in text.splitlines())
        assert "[bold red]x[/]" in text  # the characters, as they are
        assert "␛[2J" in text and "\\u202e" in text
        assert len(text.strip().split("\n\n")) == 4  # total, 2 groups, findings: no new line


def test_cli_options_refused_and_text_to_a_file(tmp_path):
    bad = run_kcbudget("summarize", MIEN_TRUNG, "--format", "text", "--decimals", "-1")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    bad = run_kcbudget("summarize", MIEN_TRUNG, "--format", "text", "--pct-decimals", "3")
    assert bad.returncode == 2
    out = tmp_path / "doan-van.txt"
    written = run_kcbudget("summarize", MIEN_TRUNG, "--year", "2021", "--format", "text",
                           "--out", out)
    assert written.returncode == 0 and written.stdout == ""
    assert written.stderr.strip() == f"kcbudget: đã ghi {out}"
    assert out.read_text(encoding="utf-8").startswith("Tổng kinh phí khuyến công thực hiện "
                                                      "năm 2021")
    again = run_kcbudget("summarize", MIEN_TRUNG, "--format", "text", "--out", out)
    assert again.returncode == 2 and "--force" in again.stderr


def test_by_period_says_each_period_and_never_a_sum_across_periods():
    """Đắk Lắk 2016–2020 (five years done) beside 2021–2025 (three years done and the
    period's targets): a sentence per period, progress against the 2021–2025 targets,
    and no total over 2016–2023 of one period's target and both periods' execution."""
    paragraphs, _ = report(DAK_LAK, SAMPLES / "dak-lak-2021-2025.xlsx", "--by", "period",
                           "--unit", "ty")
    text = "\n".join(paragraphs)
    assert "2016–2023" not in text and "89,03" not in text
    assert paragraphs[0].startswith("Tổng kinh phí khuyến công thực hiện giai đoạn 2016–2020 "
                                    "của tỉnh Đắk Lắk là 9,1023 tỷ đồng (86 đề án)")
    assert "Kế hoạch giai đoạn 2021–2025, kinh phí khuyến công" in paragraphs[1]
    assert "đã thực hiện 16,7162 tỷ đồng, đạt 57,64% kế hoạch." in paragraphs[1]
    assert len(paragraphs) == 2


def test_by_period_of_years_with_different_stages_is_said_year_by_year():
    """Miền Trung: 2021 executed, the 2022 plan and its first 7 months — one period,
    but "the period's plan" would be 2022's, and its execution 2021's."""
    paragraphs, _ = report(SAMPLES / "mien-trung-2021.xlsx", "--by", "period")
    text = "\n".join(paragraphs)
    assert "giai đoạn" not in text
    assert "thực hiện năm 2021 của 15 tỉnh" in paragraphs[0]
    assert paragraphs[1].startswith("Kế hoạch năm 2022, kinh phí khuyến công toàn vùng là "
                                    "72.795 triệu đồng")
    assert "Trong 7 tháng đầu năm 2022," in paragraphs[1]


def test_a_years_paragraph_names_the_provinces_of_that_year(tmp_path):
    """Bình Định has 2021 and 2022, Phú Yên only 2022: 2021 is Bình Định's alone (it was
    said of the whole region), 2022 is both provinces'."""
    from tests.conftest import write_book

    head = [["KẾ HOẠCH KHUYẾN CÔNG"], ["Đơn vị tính: triệu đồng"], [],
            ["STT", "Tên đề án", "Tỉnh", "Nguồn kinh phí", "Năm", "Kinh phí"]]
    bd = write_book(tmp_path / "bd.xlsx", {"KH": head + [
        [1, "Hỗ trợ máy sấy", "Bình Định", "KCĐP", 2021, 300],
        [2, "Hỗ trợ máy dệt", "Bình Định", "KCĐP", 2022, 200]]})
    py = write_book(tmp_path / "py.xlsx", {"KH": head + [
        [1, "Hỗ trợ máy cơ khí", "Phú Yên", "KCQG", 2022, 400]]})
    paragraphs, _ = report(bd, py, "--by", "year")
    by_year = {y: p for p in paragraphs for y in (2021, 2022) if f"năm {y}" in p}
    assert "của tỉnh Bình Định là 300 triệu đồng" in by_year[2021]
    assert "toàn vùng" not in by_year[2021] and "2 tỉnh" not in by_year[2021]
    assert "Bình Định" not in by_year[2022]  # both provinces: the region's words
    english, _ = report(bd, py, "--by", "year", "--lang", "en")
    assert any("2021" in p and "Bình Định" in p for p in english)


def test_a_periods_target_cost_is_said_to_be_the_plans():
    """Đắk Lắk 2021–2025: its targets give the total cost (55.000) and the facilities
    (100), its years the execution; the cost and facilities are said to be the plan's,
    so that 52,73% is not read as the execution's share."""
    paragraphs, _ = report(SAMPLES / "dak-lak-2021-2025.xlsx", "--by", "period")
    text = paragraphs[0]
    assert "Theo kế hoạch, tổng kinh phí của các đề án là 55.000 triệu đồng, trong đó kinh " \
           "phí khuyến công hỗ trợ chiếm 52,73%." in text
    assert "Theo kế hoạch, các đề án hỗ trợ 100 cơ sở thụ hưởng; kinh phí hỗ trợ bình quân " \
           "290 triệu đồng một cơ sở." in text
    english, _ = report(SAMPLES / "dak-lak-2021-2025.xlsx", "--by", "period", "--lang", "en")
    assert "In the plan, the projects' total cost is" in english[0]
    # a plan alone is said as before, with no "in the plan" (the whole paragraph is one)
    plan_only, _ = report(PLAN)
    assert "Theo kế hoạch" not in plan_only[0]
