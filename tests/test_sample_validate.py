"""``validate`` on the bundled sample workbooks finds exactly the defects that
sample_data/README.md documents, and nothing in the good files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget import validate
from kcbudget.cli.app import app

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"

GOOD = ["mien-trung-2021.xlsx", "toan-quoc-2022.xlsx", "binh-dinh-2022-ke-hoach.xlsx",
        "binh-dinh-2022-thuc-hien.xlsx", "dak-lak-2016-2020.xlsx", "hoa-binh-2023.xlsx",
        "tcvn3.xlsx", "ke-hoach.csv", "windows-1258.csv"]

DEFECTS = {
    "mien-trung-2021-bao-cao.xlsx": [("KC304", "TH 2021", "D24"), ("KC305", "TH 2021", "C24"),
                                     ("KC309", "TH 2021", "G24")],
    "loi-cong-thuc.xlsx": [("KC204", "BD 2021", "E10")],
    "phia-nam-2024.xlsx": [("KC304", "Năm 2024", "F9")],
    "loi-tong-hop.xlsx": [
        ("KC202", "Đề án", "H17"),
        ("KC301", "Đề án", "H15"),
        ("KC304", "Tổng hợp", "H11"),
        ("KC305", "Đề án", "H12"),
        ("KC306", "Đề án", "B11"),
        ("KC501", "Đề án", "D14"),
    ],
}


def errors_and_warnings(result):
    return sorted((d.code, d.sheet, d.cell) for d in result.diagnostics
                  if d.severity.value != "info")


@pytest.mark.parametrize("name", GOOD)
def test_good_samples_are_clean(name):
    result = validate(SAMPLES / name)
    assert errors_and_warnings(result) == []
    assert result.files[0].ok and result.files[0].rows > 0


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_broken_samples_show_exactly_their_defects(name):
    assert errors_and_warnings(validate(SAMPLES / name)) == sorted(DEFECTS[name])


def test_row_counts_match_the_sample_readme():
    rows = {name: validate(SAMPLES / name).files[0].rows for name in
            ("binh-dinh-2022-ke-hoach.xlsx", "dak-lak-2016-2020.xlsx", "ke-hoach.csv",
             "windows-1258.csv")}
    assert rows == {"binh-dinh-2022-ke-hoach.xlsx": 35, "dak-lak-2016-2020.xlsx": 86,
                    "ke-hoach.csv": 35, "windows-1258.csv": 35}


def test_hints_name_the_other_reading_and_the_wrong_base():
    result = validate(SAMPLES / "mien-trung-2021-bao-cao.xlsx", lang="en")
    total = next(d for d in result.diagnostics if d.code == "KC305")
    assert "11,065" in total.hint and "C24" in total.hint
    share = next(d for d in result.diagnostics if d.code == "KC304")
    assert "C24" in share.hint
    south = validate(SAMPLES / "phia-nam-2024.xlsx").diagnostics[0]
    assert south.params["base"] == "whole_plan" and "27,71%" in south.hint


def test_tcvn3_sample_is_converted_and_reported():
    result = validate(SAMPLES / "tcvn3.xlsx")
    info = [d for d in result.diagnostics if d.code == "KC107"]
    assert len(info) == 1 and "TCVN3" in info[0].message


def test_demo_runs_and_explains():
    result = CliRunner().invoke(app, ["demo", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "KC305" in result.stdout and "What was found" in result.stdout


def test_validate_json_over_all_samples_exit_1():
    files = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv"))
    result = CliRunner().invoke(app, ["validate", *files, "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data["files"]) == len(files)
