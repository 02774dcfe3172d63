"""The CI formats as their consumers read them: JUnit XML valid against Jenkins'
junit-10.xsd and read back by junitparser with one case per finding; SARIF 2.1.0 valid
against its JSON schema; Markdown for a job summary; ``col`` in annotations; ``--out``;
CSV with a BOM for Excel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "sample_data"
runner = CliRunner()


@pytest.fixture
def submissions(tmp_path):
    """A folder as a CI job sees it: a broken report (three errors), a workbook with a
    formula without a value (an error and a warning), a clean one, and a Word file
    someone saved as .xlsx."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(SAMPLES / "mien-trung-2021-bao-cao.xlsx", folder / "bao-cao.xlsx")
    shutil.copy(SAMPLES / "loi-cong-thuc.xlsx", folder / "loi-cong-thuc.xlsx")
    shutil.copy(SAMPLES / "hoa-binh-2023.xlsx", folder / "hoa-binh.xlsx")
    from tests.conftest import write_book
    from tests.test_failures import docx

    docx(folder / "nham.xlsx")
    write_book(folder / "khong-don-vi.xlsx", {"TH 2021": [  # no unit line: KC105, a warning
        ["THỰC HIỆN NĂM 2021"], ["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"],
        [1, "Bình Định", "KCQG", 1000], [2, "Gia Lai", "KCĐP", 2000]]})
    return folder


def validate(*args):
    return runner.invoke(app, ["validate", *map(str, args)])


def findings(folder):
    data = json.loads(validate(folder, "--format", "json").stdout)
    return [d for d in data["diagnostics"] if d["severity"] != "info"]


def test_junit_is_valid_against_the_jenkins_schema_and_has_a_case_per_finding(submissions):
    import xmlschema
    from junitparser import Error, Failure, JUnitXml

    result = validate(submissions, "--format", "junit")
    assert result.exit_code == 2  # the Word file could not be read
    schema = xmlschema.XMLSchema(str(DATA / "junit-10.xsd"))
    schema.validate(result.stdout.encode("utf-8"))
    expected = findings(submissions)
    xml = JUnitXml.fromstring(result.stdout.encode("utf-8"))
    cases = [case for suite in xml for case in suite]
    flagged = [case for case in cases if case.result]
    errors = [d for d in expected if d["severity"] == "error"]
    assert len(flagged) == len(errors) >= 5  # none is lost behind another
    assert len([c for c in cases if c.name != "validate"]) == len(expected)
    kinds = {case.name: type(case.result[0]) for case in flagged}
    assert kinds["KC100"] is Error
    assert kinds["'TH 2021'!C24 KC305"] is Failure
    by_name = {case.name: case for case in cases}
    kc305 = by_name["'TH 2021'!C24 KC305"]
    assert kc305.classname == str(submissions / "bao-cao.xlsx").replace(".", "_")
    assert "." not in kc305.classname  # Jenkins would split it into package and class
    assert kc305._elem.get("file") == str(submissions / "bao-cao.xlsx")
    assert kc305._elem.get("line") == "24"
    assert "11.065" in kc305.result[0].message
    clean = next(s for s in xml if s.name.endswith("hoa-binh.xlsx"))
    assert [(c.name, c.result) for c in clean] == [("validate", [])]
    assert (xml.tests, xml.failures, xml.errors) == (len(cases), len(flagged) - 1, 1)


def test_junit_below_the_gate_passes_with_its_text(submissions):
    from junitparser import JUnitXml

    out = validate(submissions, "--format", "junit").stdout
    xml = JUnitXml.fromstring(out.encode("utf-8"))
    warnings = [c for s in xml for c in s if not c.result and c.name != "validate"]
    assert warnings and all("[warning]" in (c.system_out or "") for c in warnings)
    strict = JUnitXml.fromstring(validate(submissions, "--format", "junit", "--fail-on",
                                          "warning").stdout.encode("utf-8"))
    assert not [c for s in strict for c in s if not c.result and c.name != "validate"]


def test_sarif_is_valid_against_the_sarif_schema(submissions):
    import jsonschema

    result = validate(submissions, "--format", "sarif")
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    schema = json.loads((DATA / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({d["code"] for d in
                                               json.loads(validate(submissions, "--format",
                                                                   "json").stdout)["diagnostics"]})
    kc305 = next(r for r in rules if r["id"] == "KC305")
    assert kc305["help"]["text"] and kc305["defaultConfiguration"]["level"] == "error"
    result_305 = next(r for r in run["results"] if r["ruleId"] == "KC305")
    location = result_305["locations"][0]
    assert location["physicalLocation"]["region"] == {"startLine": 24, "startColumn": 3}
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "submissions/bao-cao.xlsx")
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "'TH 2021'!C24"
    assert rules[result_305["ruleIndex"]]["id"] == "KC305"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert {r["level"] for r in run["results"]} <= {"error", "warning", "note"}


def test_sarif_uris_are_relative_and_encoded(tmp_path, monkeypatch):
    from kcbudget.render.sarif import artifact_uri

    assert artifact_uri("nộp/bao cáo #1.xlsx") == "n%E1%BB%99p/bao%20c%C3%A1o%20%231.xlsx"
    assert artifact_uri("./a/b.xlsx") == "a/b.xlsx"
    assert artifact_uri("/srv/a.xlsx") == "file:///srv/a.xlsx"
    assert artifact_uri("a\\b.xlsx") == "a/b.xlsx"


def test_annotations_carry_line_and_col(submissions):
    out = validate(submissions, "--format", "github").stdout
    line = next(ln for ln in out.splitlines() if "KC305" in ln)
    assert ",line=24,col=3," in line


def test_markdown_for_the_step_summary(submissions):
    result = validate(submissions, "--format", "markdown")
    text = result.stdout
    assert text.startswith("## kcbudget validate\n")
    assert "**✗ Không hợp lệ: 5 tệp" in text
    row = next(ln for ln in text.splitlines() if "KC305" in ln)
    assert row.startswith("| TH 2021 | C24 | lỗi | KC305 |")
    assert row.count(" | ") == 5  # six cells: nothing in the message broke the row


def test_validate_out_writes_the_report_and_keeps_the_findings_on_stderr(submissions,
                                                                         tmp_path):
    out = tmp_path / "ket-qua.xml"
    result = validate(submissions, "--format", "junit", "--out", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0"')
    err = result.stderr
    assert "KC305" in err and "Không hợp lệ: 5 tệp" in err
    assert err.index("KC305") < err.index("đã ghi") < err.index("nham.xlsx: là tài liệu Word")
    again = validate(submissions, "--format", "junit", "--out", out)
    assert again.exit_code == 2 and "đã tồn tại" in again.stderr  # never over a file
    forced = validate(submissions, "--out", out.with_suffix(".md"))
    assert out.with_suffix(".md").read_text(encoding="utf-8").startswith("## kcbudget")
    assert forced.exit_code == 2


def test_csv_has_a_bom_for_excel(tmp_path):
    out = tmp_path / "tong-hop.csv"
    runner.invoke(app, ["summarize", str(SAMPLES / "toan-quoc-2022.xlsx"), "--by", "region",
                        "--format", "csv", "--out", str(out)])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfregion,program,")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["region"] for r in rows} == {"mien-bac", "mien-trung", "mien-nam"}
    out2 = tmp_path / "doi-chieu.csv"
    runner.invoke(app, ["reconcile", str(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"),
                        str(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"), "--format", "csv",
                        "--out", str(out2)])
    assert out2.read_bytes().startswith(b"\xef\xbb\xbfproject_id,")
