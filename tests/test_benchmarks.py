"""The benchmark pipeline on 1 000 rows, so that it cannot rot (not timed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_pipeline_runs_on_1000_rows(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    out = tmp_path / "figures.json"
    assert run.main(["--rows", "1000", "--runs", "1", "--warmup", "0", "--data", str(tmp_path),
                     "--no-peers",
                     "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    cases = figures["sizes"]["1000"]
    assert "baseline: calamine reads every cell of both files" in cases
    for name in ("kcbudget validate (both files)", "kcbudget reconcile --format json",
                 "kcbudget summarize --by province,year"):
        assert cases[name]["median_s"] > 0 and cases[name]["peak_mb"] > 0
    assert (tmp_path / "plan-1000.xlsx").exists()
