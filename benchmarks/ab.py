"""A/B: the same commands on two source trees of kcbudget, runs alternated.

    python benchmarks/ab.py OLD_SRC NEW_SRC                 # reconcile of the 100 000-row pairs
    python benchmarks/ab.py OLD_SRC NEW_SRC --runs 5 --rows 100000
    python benchmarks/ab.py OLD_SRC NEW_SRC --small --runs 5   # one submission, the 64, --help
    python benchmarks/ab.py OLD_SRC NEW_SRC --small --no-region --runs 10  # --help, one

OLD_SRC and NEW_SRC are folders holding the ``kcbudget`` package (a checkout's
``src``, or ``git archive <commit> src`` unpacked); each command runs as
``python -m kcbudget`` with that folder first on ``PYTHONPATH``, in the same
Python (the same pandas, pyarrow, fastexcel).  Each round runs the floor (python-
calamine reading every cell of both files, as ``run.py`` does), the old code and
the new code, one after the other, so that the load of a shared machine falls on
all three alike; the figures are medians over the rounds of the CPU seconds (user +
system) of each whole process, and the largest peak memory.  Before the rounds,
each side runs once uncounted, and the two outputs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, pair_paths  # noqa: E402
from run import (BASELINE, FASTEXCEL_FLOOR, IMPORT_FLOOR, _child_env, python,  # noqa: E402
                 run_once, submission_files)


def _with_src(cmd: list[str], src: Path) -> tuple[list[str], dict]:
    env = _child_env()
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    return cmd, env


def _run(cmd: list[str], env: dict | None, timeout: float) -> tuple[float, int]:
    """(CPU seconds, peak bytes) of one run of ``cmd`` with ``env``."""
    _, cpu, peak = run_once(cmd, timeout, env)
    return cpu, peak


def _output(cmd: list[str], env: dict, timeout: float) -> bytes:
    return subprocess.run(cmd, env=env, capture_output=True, timeout=timeout,
                          check=False).stdout


def ab(old: Path, new: Path, rows: int, runs: int, data: Path, timeout: float,
       strings_kinds: tuple[str, ...] = ("shared", "inline")) -> dict:
    results: dict = {}
    for strings in strings_kinds:
        plan, actual = pair_paths(rows, data, strings)
        if not (plan.exists() and actual.exists()):
            generate(rows, data, strings)
        args = [sys.executable, "-m", "kcbudget", "reconcile", str(plan), str(actual),
                "--format", "json"]
        sides = {"old": _with_src(args, old), "new": _with_src(args, new)}
        floor = python(BASELINE, str(plan), str(actual))
        same = _output(*sides["old"], timeout) == _output(*sides["new"], timeout)
        figures: dict = {"floor": [], "old": [], "new": []}
        peaks: dict = {"floor": [], "old": [], "new": []}
        for round_ in range(runs):
            for name, (cmd, env) in (("floor", (floor, None)), *sides.items()):
                cpu, peak = _run(cmd, env, timeout)
                figures[name].append(cpu)
                peaks[name].append(peak)
                print(f"{strings:>6} round {round_ + 1}: {name:5s} {cpu:6.2f} s CPU "
                      f"{peak / 1e6:6.0f} MB", file=sys.stderr, flush=True)
        med = {k: statistics.median(v) for k, v in figures.items()}
        results[strings] = {
            "rows": rows, "runs": runs, "same_output": same,
            "cpu_s": med, "all_cpu_s": figures,
            "peak_mb": {k: max(v) / 1e6 for k, v in peaks.items()},
            "ratio_old": med["old"] / med["floor"], "ratio_new": med["new"] / med["floor"]}
    return results


def ab_small(old: Path, new: Path, runs: int, data: Path, timeout: float,
             submissions: tuple[int, int] = (64, 40), region: bool = True) -> dict:
    """The start-up and small cases of ``run.py`` (``--help``, one submission, a
    region's submissions), each against its floor, old and new alternated; without
    ``region``, the start-up and the one submission only."""
    folder, names = submission_files(*submissions, data)
    floors = {"import": python(IMPORT_FLOOR), "read": python(FASTEXCEL_FLOOR, *names)}
    cases = {
        "kcbudget --help": (["--help"], "import"),
        "kcbudget --version": (["--version"], "import"),
        "validate (one submission)": (["validate", names[0], "--format", "json"], "import"),
        "validate (the submissions)": (["validate", str(folder), "--format", "json"], "read"),
        "summarize --by province (the submissions)":
            (["summarize", str(folder), "--by", "province", "--format", "json"], "read"),
    }
    if not region:
        cases = {k: v for k, v in cases.items() if not k.endswith("(the submissions)")}
    results: dict = {}
    for name, (args, floor_name) in cases.items():
        cmd = [sys.executable, "-m", "kcbudget", *args]
        sides = {"old": _with_src(cmd, old), "new": _with_src(cmd, new)}
        same = _output(*sides["old"], timeout) == _output(*sides["new"], timeout)
        figures: dict = {"floor": [], "old": [], "new": []}
        for round_ in range(runs):
            for side, (c, env) in (("floor", (floors[floor_name], None)), *sides.items()):
                cpu, _ = _run(c, env, timeout)
                figures[side].append(cpu)
                print(f"{name}: round {round_ + 1}: {side:5s} {cpu:6.2f} s CPU",
                      file=sys.stderr, flush=True)
        med = {k: statistics.median(v) for k, v in figures.items()}
        results[name] = {"runs": runs, "same_output": same, "cpu_s": med,
                         "all_cpu_s": figures, "floor": floor_name,
                         "ratio_old": med["old"] / med["floor"],
                         "ratio_new": med["new"] / med["floor"]}
    return results


def table_small(results: dict) -> str:
    lines = ["| work | floor | before | after | before × floor | after × floor | output |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for name, r in results.items():
        c = r["cpu_s"]
        lines.append(f"| {name} | {c['floor']:.2f} s ({r['floor']}) | {c['old']:.2f} s | "
                     f"{c['new']:.2f} s | {r['ratio_old']:.2f} | {r['ratio_new']:.2f} | "
                     f"{'identical' if r['same_output'] else 'DIFFERENT'} |")
    return "\n".join(lines)


def table(results: dict) -> str:
    lines = ["| pair | floor (calamine) | before | after | before × floor | after × floor "
             "| peak before → after | output |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for strings, r in results.items():
        c, p = r["cpu_s"], r["peak_mb"]
        rows = f"{r['rows']:,}".replace(",", " ")
        lines.append(f"| {rows} rows, {strings} strings | {c['floor']:.2f} s | "
                     f"{c['old']:.2f} s | {c['new']:.2f} s | {r['ratio_old']:.2f} | "
                     f"{r['ratio_new']:.2f} | {p['old']:.0f} → {p['new']:.0f} MB | "
                     f"{'identical' if r['same_output'] else 'DIFFERENT'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the folder holding the old kcbudget package")
    parser.add_argument("new", type=Path, help="the folder holding the new kcbudget package")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strings", choices=("shared", "inline", "both"), default="both")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--small", action="store_true",
                        help="the start-up and small cases instead of the pairs")
    parser.add_argument("--no-region", action="store_true",
                        help="with --small: leave out the region's 64 submissions")
    args = parser.parse_args(argv)
    kinds = ("shared", "inline") if args.strings == "both" else (args.strings,)
    for src in (args.old, args.new):
        if not (src / "kcbudget" / "__init__.py").is_file():
            parser.error(f"{src} holds no kcbudget package")
    if args.small:
        results = ab_small(args.old.resolve(), args.new.resolve(), args.runs, args.data,
                           args.timeout, region=not args.no_region)
        print(table_small(results))
    else:
        results = ab(args.old.resolve(), args.new.resolve(), args.rows, args.runs,
                     args.data, args.timeout, kinds)
        print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if all(r["same_output"] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
