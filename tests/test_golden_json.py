"""Machine output stays what it was: the JSON of validate, summarize and reconcile on
every sample workbook and on benchmark workbooks, against files in tests/golden/json/.

The golden files were generated from the code as it stood before the speed work of
issue 16, so that making things faster cannot change a figure, a diagnostic or its
order.  Regenerate them only for an intended change of output:
``KCBUDGET_REGEN=1 python -m pytest tests/test_golden_json.py``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "json"
SAMPLES = sorted(p.name for p in (ROOT / "sample_data").iterdir()
                 if p.suffix in (".xlsx", ".csv"))
PAIR_ROWS = 1000
SUBMISSIONS = (8, 40)


def _cases() -> list[tuple[str, str, list[str]]]:
    """(golden name, where the files are: "samples" or "bench", arguments)."""
    cases = []
    for name in SAMPLES:
        stem = name.replace(".", "_")
        cases.append((f"sample-{stem}-validate", "samples",
                      ["validate", name, "--format", "json"]))
        cases.append((f"sample-{stem}-validate-en", "samples",
                      ["validate", name, "--format", "json", "--lang", "en"]))
        cases.append((f"sample-{stem}-summarize", "samples",
                      ["summarize", name, "--format", "json"]))
    cases.append(("sample-all-summarize-province-year", "samples",
                  ["summarize", *SAMPLES, "--by", "province,year", "--format", "json"]))
    cases.append(("sample-binh-dinh-reconcile", "samples",
                  ["reconcile", "binh-dinh-2022-ke-hoach.xlsx", "binh-dinh-2022-thuc-hien.xlsx",
                   "--format", "json"]))
    for strings in ("shared", "inline"):
        plan, actual = f"plan-{PAIR_ROWS}-{strings}.xlsx", f"actual-{PAIR_ROWS}-{strings}.xlsx"
        cases += [
            (f"bench-{PAIR_ROWS}-{strings}-reconcile", "bench",
             ["reconcile", plan, actual, "--format", "json"]),
            (f"bench-{PAIR_ROWS}-{strings}-summarize", "bench",
             ["summarize", plan, actual, "--by", "province,year", "--format", "json"]),
            (f"bench-{PAIR_ROWS}-{strings}-validate", "bench",
             ["validate", plan, actual, "--format", "json"]),
        ]
    folder = f"submissions-{SUBMISSIONS[0]}x{SUBMISSIONS[1]}"
    cases += [
        ("bench-submissions-summarize", "bench",
         ["summarize", folder, "--by", "province", "--format", "json"]),
        ("bench-submissions-validate", "bench", ["validate", folder, "--format", "json"]),
    ]
    return cases


@pytest.fixture(scope="module")
def bench_data(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    out = tmp_path_factory.mktemp("bench")
    for strings in ("shared", "inline"):
        generate.generate(PAIR_ROWS, out, strings)
    generate.generate_submissions(*SUBMISSIONS, out)
    return out


def _output(args: list[str], where: Path, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(where)
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100", "KCBUDGET_LANG": None})
    assert "Traceback" not in result.stderr, result.stderr
    if result.stdout.strip():
        json.loads(result.stdout)  # it is JSON
    return result.exit_code, result.stdout


@pytest.mark.parametrize(("name", "where", "args"), _cases(), ids=[c[0] for c in _cases()])
def test_json_output_is_unchanged(name, where, args, bench_data, monkeypatch):
    """Byte for byte: the same figures, diagnostics, order, keys and number formatting."""
    folder = ROOT / "sample_data" if where == "samples" else bench_data
    code, stdout = _output(args, folder, monkeypatch)
    path = GOLDEN / f"{name}.json"
    codes_path = GOLDEN / "exit-codes.json"
    if os.environ.get("KCBUDGET_REGEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(stdout, encoding="utf-8")
        codes = json.loads(codes_path.read_text()) if codes_path.exists() else {}
        codes[name] = code
        codes_path.write_text(json.dumps(dict(sorted(codes.items())), indent=1) + "\n")
    assert code == json.loads(codes_path.read_text())[name], f"{' '.join(args)}: exit code"
    assert stdout == path.read_text(encoding="utf-8"), \
        f"{' '.join(args)}: output differs from {path.name}"
