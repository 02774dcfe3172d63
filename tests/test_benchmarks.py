"""The benchmark pipeline on small sizes, so that it cannot rot (not timed).

Every command the script would time is run, in this process (a kcbudget command
through typer's runner, a floor script with ``exec``), so that the test costs what
the commands cost rather than a Python start-up each; ``run_once`` itself, the one
part that starts processes, is run once for real.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

ROOT = Path(__file__).resolve().parents[1]


def _import_script(name: str):
    """A script of ``benchmarks/`` as a module (its folder on the path while it imports
    its neighbours)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def _import_run():
    return _import_script("run")


def _import_ab():
    return _import_script("ab")  # (it imports run and generate from the same folder)


def _side(env: dict | None) -> str:
    """Which side of an A/B a fake run is: the floor runs without its own env."""
    return "floor" if env is None else Path(env["PYTHONPATH"].split(os.pathsep)[0]).name


def _in_process(cmd: list[str], timeout: float) -> tuple[float, float, int]:
    """What run_once does, without a new process: the command must succeed."""
    assert cmd[0] == sys.executable
    if cmd[1:3] == ["-m", "kcbudget"]:
        result = CliRunner().invoke(app, cmd[3:])
        assert result.exit_code in (0, 1), (cmd, result.output)
        assert "Traceback" not in result.output
    else:
        assert cmd[1] == "-c"
        argv, out = sys.argv, io.StringIO()
        sys.argv = ["-c", *cmd[3:]]
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(cmd[2], "<floor>", "exec"), {"__name__": "__main__"})
        finally:
            sys.argv = argv
    return 0.5, 0.25, 1 << 20


@pytest.fixture(scope="module")
def bench_data(tmp_path_factory):
    """One data folder for the pipeline tests: run.py writes each workbook only where it
    is missing, so the second test reads the 1 000-row pairs the first one wrote (no test
    changes them)."""
    return tmp_path_factory.mktemp("bench-data")


def test_run_once_measures_a_process():
    run = _import_run()
    wall, cpu, peak = run.run_once([sys.executable, "-c", "sum(range(10**6))"], 60)
    assert wall > 0 and cpu > 0 and peak > 1 << 20


def test_benchmark_pipeline_runs_on_1000_rows(tmp_path, monkeypatch, bench_data):
    run = _import_run()
    monkeypatch.setattr(run, "run_once", _in_process)
    out = tmp_path / "figures.json"
    assert run.main(["--rows", "1000", "--runs", "1", "--warmup", "0", "--data", str(bench_data),
                     "--no-peers", "--submissions", "3", "40", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    cases = figures["sizes"]["1000"]
    for strings in ("shared", "inline"):
        assert f"baseline: calamine reads every cell of both files ({strings} strings)" in cases
        assert cases[f"kcbudget reconcile --format json ({strings} strings)"]["cpu_s"] > 0
        assert (bench_data / f"plan-1000-{strings}.xlsx").exists()
    for name in ("kcbudget validate (both files)", "kcbudget validate (the plan)",
                 "kcbudget summarize --by province,year"):
        assert cases[name]["median_s"] > 0 and cases[name]["peak_mb"] > 0
        assert cases[name]["cpu_s"] > 0
    small = figures["small"]
    assert set(small) == {"floor: import pandas, pyarrow, fastexcel",
                          "small: kcbudget validate (one submission)",
                          "floor: import + fastexcel reads every sheet of the submissions",
                          "small: kcbudget validate (the submissions)",
                          "small: kcbudget summarize --by province (the submissions)",
                          "floor: import pandas, pyarrow, fastexcel" + run.LIKE_FOR_LIKE,
                          "floor: import + fastexcel reads every sheet of the submissions"
                          + run.LIKE_FOR_LIKE}
    # the like-for-like floors run the floors with OpenBLAS on one thread, and
    # are readings beside the targets, never targets themselves
    alike = [t for t in figures["targets"] if t.get("floor", "").endswith(run.LIKE_FOR_LIKE)]
    assert len(alike) == 3 and all(t["met"] is None for t in alike)
    assert all(not t["floor"].endswith(run.LIKE_FOR_LIKE) for t in figures["targets"]
               if t.get("met") is not None and "floor" in t)
    assert "OPENBLAS_NUM_THREADS" not in run._child_env()
    assert len(list((bench_data / "submissions-3x40").glob("*.xlsx"))) == 3
    assert figures["startup"]["kcbudget --help"]["cpu_s"] > 0
    # every target whose case ran has a ratio against a floor of the same run
    names = {t["case"] for t in figures["targets"]}
    assert "small: kcbudget validate (one submission)" in names
    assert all(t["ratio"] == 1.0 for t in figures["targets"] if "ratio" in t)
    text = run.table(figures)
    assert "| `validate` of one 40-row submission ≤ 1.3 × its floor |" in text
    assert "| (a reading) |" in text


def test_only_the_reconcile_cases(tmp_path, monkeypatch, bench_data):
    run = _import_run()
    monkeypatch.setattr(run, "run_once", _in_process)
    out = tmp_path / "figures.json"
    assert run.main(["--rows", "1000", "--runs", "1", "--warmup", "0", "--data", str(bench_data),
                     "--no-peers", "--only", "reconcile", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["startup"] == {} and figures["small"] == {}
    assert set(figures["sizes"]["1000"]) == {
        f"{kind} ({strings} strings)" for strings in ("shared", "inline") for kind in (
            "baseline: calamine reads every cell of both files",
            "kcbudget reconcile --format json")}


def test_the_ab_script_alternates_and_compares_the_outputs(tmp_path, monkeypatch):
    ab = _import_ab()
    order = []

    def fake_run(cmd, timeout, env=None):
        side = _side(env)
        order.append(side)
        return 1.0, {"floor": 1.0, "old": 4.0, "new": 2.0}[side], 1 << 20

    monkeypatch.setattr(ab, "run_once", fake_run)
    monkeypatch.setattr(ab, "_output", lambda cmd, env, timeout: b"{}")
    old, new = tmp_path / "old", tmp_path / "new"
    results = ab.ab(old, new, 1000, 3, tmp_path, 60, ("shared",))
    assert order == ["floor", "old", "new"] * 3
    shared = results["shared"]
    assert shared["same_output"] and shared["ratio_old"] == 4.0 and shared["ratio_new"] == 2.0
    assert "| 1 000 rows, shared strings | 1.00 s | 4.00 s | 2.00 s | 4.00 | 2.00 |" in \
        ab.table(results)


def test_the_ab_script_times_the_small_cases_against_their_floors(tmp_path, monkeypatch):
    ab = _import_ab()
    seen = []

    def fake_run(cmd, timeout, env=None):
        side = _side(env)
        seen.append((side, cmd))
        return 1.0, {"floor": 0.5, "old": 2.0, "new": 1.0}[side], 1 << 20

    monkeypatch.setattr(ab, "run_once", fake_run)
    monkeypatch.setattr(ab, "_output", lambda cmd, env, timeout: b"{}")
    results = ab.ab_small(tmp_path / "old", tmp_path / "new", 2, tmp_path, 60,
                          submissions=(3, 5))
    assert set(results) == {"kcbudget --help", "kcbudget --version", "validate (one submission)",
                            "validate (the submissions)",
                            "summarize --by province (the submissions)"}
    assert [s for s, _ in seen[:3]] == ["floor", "old", "new"]
    assert all(r["ratio_old"] == 4.0 and r["ratio_new"] == 2.0 for r in results.values())
    assert results["validate (the submissions)"]["floor"] == "read"
    assert "| validate (one submission) | 0.50 s (import) | 2.00 s | 1.00 s | 4.00 | 2.00 |" \
        in ab.table_small(results)
    seen.clear()
    alone = ab.ab_small(tmp_path / "old", tmp_path / "new", 1, tmp_path, 60,
                        submissions=(3, 5), region=False)
    assert set(alone) == {"kcbudget --help", "kcbudget --version", "validate (one submission)"}
    assert len(seen) == 3 * 3  # three cases, each round the floor, old and new


def _import_samples_ab():
    return _import_script("samples_ab")


def test_the_samples_ab_script_alternates_the_trees_and_gives_fastest_and_median(
        tmp_path, monkeypatch, capsys):
    samples_ab = _import_samples_ab()
    order = []
    times = {"old": iter([3.0, 2.0, 4.0]), "new": iter([1.5, 1.0, 2.5])}

    def fake_run(src):
        order.append(src.name)
        return next(times[src.name])

    monkeypatch.setattr(samples_ab, "run", fake_run)
    assert samples_ab.main([str(tmp_path / "old"), str(tmp_path / "new"), "--runs", "3"]) == 0
    assert order == ["old", "new"] * 3
    out = capsys.readouterr().out
    assert "| old | 2.00 s | 3.00 s |" in out and "| new | 1.00 s | 1.50 s |" in out


def test_the_samples_ab_round_runs_on_a_sample(tmp_path, monkeypatch, capsys):
    """The round each process of samples_ab.py runs, in this process on one sample."""
    samples_ab = _import_samples_ab()
    (tmp_path / "one.csv").write_bytes((ROOT / "sample_data" / "ke-hoach.csv").read_bytes())
    monkeypatch.setattr(sys, "argv", ["-c", str(tmp_path)])
    exec(compile(samples_ab.ROUND, "<round>", "exec"), {})
    assert float(capsys.readouterr().out.strip()) >= 0
