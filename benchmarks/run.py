"""Time kcbudget against floors measured in the same run, and against its peers.

    python benchmarks/run.py                  # 10 000 and 100 000 rows, 5 runs each
    python benchmarks/run.py --rows 1000000   # add sizes
    python benchmarks/run.py --write          # also put the tables into docs/performance.md

Every figure is the median of whole-process runs (a fresh Python each time, as a
user runs the command): the CPU seconds of the process (user + system, the
figure the ratios use, since the machine is shared and wall time depends on the
other work on it), its wall seconds and its peak resident memory.  Every ratio
is against a floor measured in the same run:

- one province's submission (40 rows) and ``kcbudget --help``: starting Python
  and importing pandas, pyarrow and fastexcel;
- a region's 64 submissions: that import plus fastexcel reading every sheet of
  the 64 files into Arrow;
- the plan/actual pairs (shared strings and inline strings): python-calamine
  reading every cell of the same files.

Child processes run with Python's bytecode cache on (as an installed package
runs), whatever ``PYTHONDONTWRITEBYTECODE`` says here; the uncounted warm-up run
writes it.  The peers need the ``bench`` extra (datacompy, frictionless).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- benchmark:begin -->", "<!-- benchmark:end -->"

BASELINE = """
import sys
from python_calamine import CalamineWorkbook
cells = 0
for path in sys.argv[1:]:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            cells += len(row)
print(cells)
"""

OPENPYXL_PYDANTIC = """
import sys
import pandas as pd
from pydantic import BaseModel, field_validator

class Row(BaseModel):
    project_id: str
    province: str
    program: str
    year: int
    amount: float

    @field_validator("amount")
    @classmethod
    def non_negative(cls, v):
        assert v >= 0
        return v

plan = pd.read_excel(sys.argv[1], header=5, engine="openpyxl")
actual = pd.read_excel(sys.argv[2], header=4, engine="openpyxl")
rows = 0
for rec in plan.to_dict("records"):
    try:
        Row(project_id=str(rec["Mã đề án"]), province=rec["Tỉnh/Thành phố"],
            program=rec["Nguồn kinh phí"], year=rec["Năm"], amount=float(rec["Kinh phí khuyến công"]))
    except Exception:
        pass
    rows += 1
for rec in actual.to_dict("records"):
    try:
        Row(project_id=str(rec["Mã số"]), province=rec["Tỉnh"], program=rec["Nguồn kinh phí"],
            year=rec["Năm"], amount=float(rec["Kinh phí thực hiện"]))
    except Exception:
        pass
    rows += 1
print(rows)
"""

DATACOMPY = """
import sys
import pandas as pd
import datacompy

plan = pd.read_excel(sys.argv[1], header=5)
actual = pd.read_excel(sys.argv[2], header=4)
plan = plan.rename(columns={"Mã đề án": "id", "Kinh phí khuyến công": "amount"})[["id", "amount"]]
actual = actual.rename(columns={"Mã số": "id", "Kinh phí thực hiện": "amount"})[["id", "amount"]]
plan["amount"] = pd.to_numeric(plan["amount"], errors="coerce") * 1_000_000
compare = datacompy.Compare(plan, actual, join_columns="id", df1_name="plan", df2_name="actual")
print(len(compare.report()))
"""

FRICTIONLESS = """
import sys
from frictionless import Dialect, Resource, Schema, fields, system

schema = Schema(fields=[
    fields.IntegerField(name="STT"), fields.StringField(name="Mã đề án"),
    fields.StringField(name="Tên đề án"), fields.StringField(name="Tỉnh/Thành phố"),
    fields.StringField(name="Nội dung"), fields.StringField(name="Nguồn kinh phí"),
    fields.IntegerField(name="Năm"), fields.NumberField(name="Tổng kinh phí"),
    fields.NumberField(name="Kinh phí khuyến công"), fields.NumberField(name="Vốn đối ứng")])
resource = Resource(path=sys.argv[1], schema=schema, dialect=Dialect(header_rows=[6]))
with system.use_context(trusted=True):  # absolute paths are refused otherwise
    # every row is read and checked: no stop after the default 1 000 errors
    report = resource.validate(limit_errors=10**9)
print(report.stats["errors"], report.tasks[0].stats["rows"])
"""


IMPORT_FLOOR = "import pandas, pyarrow, fastexcel"

FASTEXCEL_FLOOR = """
import sys
import pandas, pyarrow, fastexcel
cells = 0
for path in sys.argv[1:]:
    reader = fastexcel.read_excel(path)
    for name in reader.sheet_names:
        batch = reader.load_sheet(name, header_row=None).to_arrow()
        cells += batch.num_rows * batch.num_columns
print(cells)
"""

# The floors as the issue defines them are plain ``python -c`` runs, in which numpy's
# OpenBLAS starts a worker thread that spins for about 0,1 s of CPU; kcbudget's command
# line asks for none (kcbudget.cli.start.QUIET_THREADS).  The same floors run that way
# too, so that each ratio can also be read like for like.
ONE_THREAD = 'import os\nos.environ["OPENBLAS_NUM_THREADS"] = "1"\n'
LIKE_FOR_LIKE = " (OpenBLAS on one thread, as kcbudget runs)"

# (target name, case, floor case, the most the ratio may be); the floors are cases too
TARGETS = [
    ("`validate` of one 40-row submission", "small: kcbudget validate (one submission)",
     "floor: import pandas, pyarrow, fastexcel", 1.3),
    ("`summarize --by province` of 64 workbooks × 40 rows",
     "small: kcbudget summarize --by province (the submissions)",
     "floor: import + fastexcel reads every sheet of the submissions", 1.5),
    ("`validate` of 64 workbooks × 40 rows", "small: kcbudget validate (the submissions)",
     "floor: import + fastexcel reads every sheet of the submissions", 1.5),
]
PAIR_TARGET_ROWS = 100_000
PLAN_TARGET_ROWS = 1_000_000
MEMORY_TARGET_MB = 1500
HELP_TARGET_S = 0.15


def kcbudget(*args: str) -> list[str]:
    return [sys.executable, "-m", "kcbudget", *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def _child_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("OPENBLAS_NUM_THREADS", None)  # the floors as defined; ONE_THREAD asks for it
    env.setdefault("COLUMNS", "100")
    return env


def run_once(cmd: list[str], timeout: float, env: dict | None = None
             ) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident memory in bytes) of one whole-process
    run; CPU is the user + system time of the process and its threads.  ``env``: the
    child's environment (:func:`_child_env` by default)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env if env is not None else _child_env())
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            raise TimeoutError(" ".join(cmd[:4]))
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:5])} exited {code}: "
                           f"{proc.stderr.read().decode()[-500:]}")
    proc.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def measure(cmd: list[str], runs: int, timeout: float, warmup: int = 1) -> dict:
    """Medians of ``runs`` whole-process runs (wall and CPU seconds), after ``warmup``
    runs that are not counted (cold disk caches and compiling .pyc files are not the
    command), and the largest peak memory."""
    for _ in range(warmup):
        run_once(cmd, timeout)
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        elapsed, cpu, peak = run_once(cmd, timeout)
        times.append(elapsed)
        cpus.append(cpu)
        peaks.append(peak)
    return {"median_s": statistics.median(times), "min_s": min(times),
            "cpu_s": statistics.median(cpus), "peak_mb": max(peaks) / 1e6, "runs": runs,
            "warmup": warmup}


def versions() -> dict:
    out = {}
    for name in ("kcbudget", "python-calamine", "fastexcel", "pandas", "pyarrow", "pydantic",
                 "openpyxl", "datacompy", "frictionless"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _measure_all(cases: dict, label: str, runs: int, timeout: float, warmup: int,
                 out: dict | None = None, done=lambda: None) -> dict:
    """Each case into ``out`` (a new dict by default), ``done()`` after each one."""
    out = {} if out is None else out
    for name, cmd in cases.items():
        print(f"{label:>9}  {name} …", file=sys.stderr, flush=True)
        try:
            out[name] = measure(cmd, runs, timeout, warmup)
        except TimeoutError:
            out[name] = {"timeout_s": timeout}
        done()
    return out


def bench(rows_list: list[int], runs: int, data: Path, peers: bool, peer_limit: int,
          timeout: float, warmup: int = 1, inline_limit: int = 100_000,
          submissions: tuple[int, int] = (64, 40), large: tuple[int, int, int] | None = None,
          save=None, only: str | None = None) -> dict:
    """``large``: (rows, runs, warm-up runs) for the sizes of at least that many rows;
    ``save(results)`` is called after each part, so that a long run that is stopped
    keeps what it measured; ``only``: one part (``startup``, ``small``, ``pairs``, or
    ``reconcile``: the pairs' reconcile cases and their floors)."""
    sys.path.insert(0, str(HERE))

    save = save or (lambda results: None)
    results: dict = {"sizes": {}, "startup": {}, "small": {}, "submissions": list(submissions)}
    startup = {"floor: import pandas, pyarrow, fastexcel": python(IMPORT_FLOOR),
               "kcbudget --help": kcbudget("--help"),
               "kcbudget --version": kcbudget("--version")}
    if only in (None, "startup"):
        results["startup"] = _measure_all(startup, "start-up", runs, timeout, warmup)
        save(results)
    if only not in (None, "small"):
        return _pairs(results, rows_list, runs, data, peers, peer_limit, timeout, warmup,
                      inline_limit, large, save, reconcile_only=only == "reconcile") \
            if only in ("pairs", "reconcile") else results

    count, per = submissions
    folder, names = submission_files(count, per, data)
    small = {
        "floor: import pandas, pyarrow, fastexcel": python(IMPORT_FLOOR),
        "small: kcbudget validate (one submission)":
            kcbudget("validate", names[0], "--format", "json"),
        "floor: import + fastexcel reads every sheet of the submissions":
            python(FASTEXCEL_FLOOR, *names),
        "floor: import pandas, pyarrow, fastexcel" + LIKE_FOR_LIKE:
            python(ONE_THREAD + IMPORT_FLOOR),
        "floor: import + fastexcel reads every sheet of the submissions" + LIKE_FOR_LIKE:
            python(ONE_THREAD + FASTEXCEL_FLOOR, *names),
        "small: kcbudget validate (the submissions)":
            kcbudget("validate", str(folder), "--format", "json"),
        "small: kcbudget summarize --by province (the submissions)":
            kcbudget("summarize", str(folder), "--by", "province", "--format", "json"),
    }
    results["small"] = _measure_all(small, f"{count}×{per}", runs, timeout, warmup)
    save(results)
    if only == "small":
        return results
    return _pairs(results, rows_list, runs, data, peers, peer_limit, timeout, warmup,
                  inline_limit, large, save)


def submission_files(count: int, per: int, data: Path) -> tuple[Path, list[str]]:
    """The folder of the region's submissions and their paths, generated when missing."""
    from generate import generate_submissions, submissions_dir

    folder = submissions_dir(count, per, data)
    files = sorted(folder.glob("*.xlsx")) if folder.exists() else []
    if len(files) != count:
        files = generate_submissions(count, per, data)
    return folder, [str(f) for f in files]


def _pairs(results: dict, rows_list: list[int], runs: int, data: Path, peers: bool,
           peer_limit: int, timeout: float, warmup: int, inline_limit: int,
           large: tuple[int, int, int] | None, save, reconcile_only: bool = False) -> dict:
    """The plan/actual pairs of each size (generated when missing) and their floors."""
    from generate import generate, pair_paths

    for rows in rows_list:
        cases = {}
        for strings in ("shared", "inline"):
            if strings == "inline" and rows > inline_limit:
                continue
            plan, actual = pair_paths(rows, data, strings)
            if not (plan.exists() and actual.exists()):
                generate(rows, data, strings)
            plan_s, actual_s = str(plan), str(actual)
            tag = f" ({strings} strings)"
            cases[f"baseline: calamine reads every cell of both files{tag}"] = python(
                BASELINE, plan_s, actual_s)
            cases[f"kcbudget reconcile --format json{tag}"] = kcbudget(
                "reconcile", plan_s, actual_s, "--format", "json")
            if strings != "shared" or reconcile_only:
                continue
            cases["baseline: calamine reads every cell of the plan"] = python(BASELINE, plan_s)
            cases["kcbudget validate (the plan)"] = kcbudget("validate", plan_s, "--format",
                                                             "json")
            cases["kcbudget validate (both files)"] = kcbudget(
                "validate", plan_s, actual_s, "--format", "json")
            cases["kcbudget summarize --by province,year"] = kcbudget(
                "summarize", plan_s, actual_s, "--by", "province,year", "--format", "json")
            if peers and rows <= peer_limit:
                cases["peer: pandas.read_excel(openpyxl) + per-row pydantic"] = python(
                    OPENPYXL_PYDANTIC, plan_s, actual_s)
                cases["peer: pandas.read_excel + datacompy"] = python(DATACOMPY, plan_s,
                                                                      actual_s)
                cases["peer: frictionless validate (the plan)"] = python(FRICTIONLESS, plan_s)
        n, w = (large[1], large[2]) if large and rows >= large[0] else (runs, warmup)
        results["sizes"][str(rows)] = {}
        _measure_all(cases, f"{rows} rows", n, timeout, w, results["sizes"][str(rows)],
                     lambda: save(results))
    return results


def _baseline_of(name: str, cases: dict) -> str | None:
    """The floor a case of a size table is measured against."""
    if name.startswith("baseline:"):
        return None
    if "(the plan)" in name:
        return "baseline: calamine reads every cell of the plan"
    strings = "inline" if "(inline strings)" in name else "shared"
    return f"baseline: calamine reads every cell of both files ({strings} strings)"


def _ratio(case: dict, floor: dict | None, key: str) -> float | None:
    if floor is None or key not in case or key not in floor or not floor[key]:
        return None
    return case[key] / floor[key]


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def targets(results: dict) -> list[dict]:
    """Each target of issue 16 with its measured figure, ratio and verdict."""
    out = []
    small = results.get("small", {})
    for title, case, floor, most in TARGETS:
        if case in small and floor in small and "cpu_s" in small[case]:
            ratio = _ratio(small[case], small[floor], "cpu_s")
            out.append({"target": f"{title} ≤ {most} × its floor", "case": case, "floor": floor,
                        "cpu_s": small[case]["cpu_s"], "floor_cpu_s": small[floor]["cpu_s"],
                        "ratio": ratio, "met": ratio <= most})
            alike = floor + LIKE_FOR_LIKE
            if alike in small and "cpu_s" in small[alike]:  # a reading, not a target
                out.append({"target": f"{title}, against its floor{LIKE_FOR_LIKE}",
                            "case": case, "floor": alike, "cpu_s": small[case]["cpu_s"],
                            "floor_cpu_s": small[alike]["cpu_s"],
                            "ratio": _ratio(small[case], small[alike], "cpu_s"), "met": None})
    sizes = results.get("sizes", {})
    pair = sizes.get(str(PAIR_TARGET_ROWS), {})
    for strings in ("shared", "inline"):
        case = f"kcbudget reconcile --format json ({strings} strings)"
        floor = f"baseline: calamine reads every cell of both files ({strings} strings)"
        if case in pair and "cpu_s" in pair[case]:
            ratio = _ratio(pair[case], pair[floor], "cpu_s")
            out.append({"target": f"`reconcile --format json` of the {PAIR_TARGET_ROWS:,}-row "
                                  f"pair ({strings} strings) ≤ 1.5 × calamine reading both"
                        .replace(",", " "),
                        "case": case, "floor": floor, "cpu_s": pair[case]["cpu_s"],
                        "floor_cpu_s": pair[floor]["cpu_s"], "ratio": ratio,
                        "met": ratio <= 1.5})
    big = sizes.get(str(PLAN_TARGET_ROWS), {})
    case, floor = ("kcbudget validate (the plan)",
                   "baseline: calamine reads every cell of the plan")
    if case in big and "cpu_s" in big[case]:
        ratio = _ratio(big[case], big[floor], "cpu_s")
        out.append({"target": f"`validate` of the {PLAN_TARGET_ROWS:,}-row plan ≤ 1.0 × "
                              "calamine reading it".replace(",", " "),
                    "case": case, "floor": floor, "cpu_s": big[case]["cpu_s"],
                    "floor_cpu_s": big[floor]["cpu_s"], "ratio": ratio, "met": ratio <= 1.0})
    for name in ("kcbudget validate (both files)", "kcbudget summarize --by province,year",
                 "kcbudget reconcile --format json (shared strings)"):
        if name in big and "peak_mb" in big[name]:
            rows_text = f"{PLAN_TARGET_ROWS:,}".replace(",", " ")
            out.append({"target": f"peak memory of `{name[9:]}` at {rows_text} rows "
                                  "≤ 1.5 GB",
                        "case": name, "peak_mb": big[name]["peak_mb"],
                        "met": big[name]["peak_mb"] <= MEMORY_TARGET_MB})
    help_case = results.get("startup", {}).get("kcbudget --help")
    if help_case and "median_s" in help_case:
        out.append({"target": f"`kcbudget --help` ≤ {HELP_TARGET_S} s", "case": "kcbudget --help",
                    "wall_s": help_case["median_s"], "cpu_s": help_case["cpu_s"],
                    "met": help_case["median_s"] <= HELP_TARGET_S})
    return out


def _case_table(cases: dict, floor_of) -> list[str]:
    lines = ["| command | CPU (s) | × floor (CPU) | wall (s) | × floor (wall) | peak memory (MB) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, m in cases.items():
        if "timeout_s" in m:
            lines.append(f"| {name} | > {m['timeout_s']:.0f} | — | — | — | — |")
            continue
        floor_name = floor_of(name)
        floor = cases.get(floor_name) if floor_name else None
        lines.append(f"| {name} | {m['cpu_s']:.2f} | {_fmt_ratio(_ratio(m, floor, 'cpu_s'))} | "
                     f"{m['median_s']:.2f} | {_fmt_ratio(_ratio(m, floor, 'median_s'))} | "
                     f"{m['peak_mb']:.0f} |")
    return lines


def table(results: dict) -> str:
    lines = ["#### Against the targets", "",
             "| target | measured | floor | ratio | met? |", "|---|---:|---:|---:|---|"]
    for t in targets(results):
        if "peak_mb" in t:
            lines.append(f"| {t['target']} | {t['peak_mb']:.0f} MB | — | — | "
                         f"{'yes' if t['met'] else 'no'} |")
        elif "wall_s" in t:
            lines.append(f"| {t['target']} | {t['wall_s']:.3f} s wall ({t['cpu_s']:.3f} s CPU) "
                         f"| — | — | {'yes' if t['met'] else 'no'} |")
        else:
            verdict = "(a reading)" if t["met"] is None else "yes" if t["met"] else "no"
            lines.append(f"| {t['target']} | {t['cpu_s']:.2f} s CPU | {t['floor_cpu_s']:.2f} s | "
                         f"{t['ratio']:.2f} | {verdict} |")
    lines.append("")
    if results.get("startup"):
        lines += ["#### Start-up", ""]
        lines += _case_table(results["startup"], lambda name: (
            "floor: import pandas, pyarrow, fastexcel" if name.startswith("kcbudget") else None))
        lines.append("")
    if results.get("small"):
        count, per = results.get("submissions", (64, 40))
        lines += [f"#### One submission, and a region's {count} submissions ({per} rows each)",
                  ""]

        def small_floor(name: str) -> str | None:
            if name.startswith("floor"):
                return None
            if "one submission" in name:
                return "floor: import pandas, pyarrow, fastexcel"
            # (each kcbudget row against the floor; the like-for-like readings
            # are in the targets' table)
            return "floor: import + fastexcel reads every sheet of the submissions"

        lines += _case_table(results["small"], small_floor)
        lines.append("")
    for rows, cases in results["sizes"].items():
        lines += [f"#### {int(rows):,} đề án rows (plan) + actual".replace(",", " "), ""]
        lines += _case_table(cases, lambda name, cases=cases: _baseline_of(name, cases))
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs before each")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--no-peers", action="store_true", help="skip datacompy/frictionless")
    parser.add_argument("--peer-limit", type=int, default=100_000,
                        help="run the peers only up to this many rows")
    parser.add_argument("--inline-limit", type=int, default=100_000,
                        help="time the inline-string pair only up to this many rows")
    parser.add_argument("--submissions", type=int, nargs=2, default=[64, 40],
                        metavar=("FILES", "ROWS"), help="the region's submissions")
    parser.add_argument("--large", type=int, nargs=3, metavar=("ROWS", "RUNS", "WARMUP"),
                        help="fewer runs for the sizes of at least ROWS rows")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--only", choices=("startup", "small", "pairs", "reconcile"),
                        help="time one part only (reconcile: the pairs' reconcile and "
                             "their floors)")
    args = parser.parse_args(argv)
    def save(partial: dict) -> None:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(partial, indent=2))

    results = bench(args.rows, args.runs, args.data, not args.no_peers, args.peer_limit,
                    args.timeout, args.warmup, args.inline_limit, tuple(args.submissions),
                    tuple(args.large) if args.large else None, save, args.only)
    results["targets"] = targets(results)
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform(), "versions": versions(),
                          "command": "python benchmarks/run.py " + " ".join(
                              argv if argv is not None else sys.argv[1:])}
    text = table(results)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        machine = results["machine"]
        block = (f"{BEGIN}\nMeasured with `{machine['command']}` on {machine['cpus']} cores, "
                 f"Python {machine['python']}; versions: "
                 + ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
                 + f".\n\n{text}{END}")
        head, _, rest = doc.partition(BEGIN)
        _, _, tail = rest.partition(END)
        DOC.write_text(head + block + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    tempfile.tempdir = None
    raise SystemExit(main())
