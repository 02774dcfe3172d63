"""Time kcbudget against the limit (python-calamine reading the cells) and its peers.

    python benchmarks/run.py                  # 10 000 and 100 000 rows, 5 runs each
    python benchmarks/run.py --rows 1000000   # add sizes
    python benchmarks/run.py --write          # also put the table into docs/performance.md

Every figure is the median of whole-process runs (a fresh Python each time, as a
user runs the command), with the peak resident memory of that process, and every
ratio is against the baseline measured in the same run, because this machine is
shared and noisy.  The peers need the ``bench`` extra (datacompy, frictionless).
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


def kcbudget(*args: str) -> list[str]:
    return [sys.executable, "-m", "kcbudget", *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def run_once(cmd: list[str], timeout: float) -> tuple[float, int]:
    """(seconds, peak resident memory in bytes) of one whole-process run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
    return elapsed, usage.ru_maxrss * 1024


def measure(cmd: list[str], runs: int, timeout: float, warmup: int = 1) -> dict:
    """Median and min of ``runs`` whole-process runs, after ``warmup`` runs that are
    not counted (cold disk caches and compiling .pyc files are not the command)."""
    for _ in range(warmup):
        run_once(cmd, timeout)
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak = run_once(cmd, timeout)
        times.append(elapsed)
        peaks.append(peak)
    return {"median_s": statistics.median(times), "min_s": min(times),
            "peak_mb": max(peaks) / 1e6, "runs": runs, "warmup": warmup}


def versions() -> dict:
    out = {}
    for name in ("kcbudget", "python-calamine", "fastexcel", "pandas", "pyarrow", "pydantic",
                 "openpyxl", "datacompy", "frictionless"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def bench(rows_list: list[int], runs: int, data: Path, peers: bool, peer_limit: int,
          timeout: float, warmup: int = 1) -> dict:
    sys.path.insert(0, str(HERE))
    from generate import generate

    results: dict = {"sizes": {}, "startup": {}}
    results["startup"]["kcbudget --help"] = measure(kcbudget("--help"), runs, timeout, warmup)
    results["startup"]["kcbudget --version"] = measure(kcbudget("--version"), runs, timeout,
                                                       warmup)
    for rows in rows_list:
        plan, actual = data / f"plan-{rows}.xlsx", data / f"actual-{rows}.xlsx"
        if not (plan.exists() and actual.exists()):
            generate(rows, data)
        plan_s, actual_s = str(plan), str(actual)
        cases = {
            "baseline: calamine reads every cell of both files":
                python(BASELINE, plan_s, actual_s),
            "baseline: calamine reads every cell of the plan": python(BASELINE, plan_s),
            "kcbudget validate (both files)":
                kcbudget("validate", plan_s, actual_s, "--format", "json"),
            "kcbudget validate (the plan)": kcbudget("validate", plan_s, "--format", "json"),
            "kcbudget reconcile --format json":
                kcbudget("reconcile", plan_s, actual_s, "--format", "json"),
            "kcbudget summarize --by province,year":
                kcbudget("summarize", plan_s, actual_s, "--by", "province,year",
                         "--format", "json"),
        }
        if peers and rows <= peer_limit:
            cases["peer: pandas.read_excel(openpyxl) + per-row pydantic"] = python(
                OPENPYXL_PYDANTIC, plan_s, actual_s)
            cases["peer: pandas.read_excel + datacompy"] = python(DATACOMPY, plan_s, actual_s)
            cases["peer: frictionless validate (the plan)"] = python(FRICTIONLESS, plan_s)
        size = {}
        for name, cmd in cases.items():
            print(f"{rows:>9} rows  {name} …", file=sys.stderr, flush=True)
            try:
                size[name] = measure(cmd, runs, timeout, warmup)
            except TimeoutError:
                size[name] = {"timeout_s": timeout}
        results["sizes"][str(rows)] = size
    return results


def table(results: dict) -> str:
    lines = []
    for rows, cases in results["sizes"].items():
        both = cases["baseline: calamine reads every cell of both files"]["median_s"]
        plan = cases["baseline: calamine reads every cell of the plan"]["median_s"]
        lines += [f"#### {int(rows):,} đề án rows (plan) + actual".replace(",", " "), "",
                  "| command | median (s) | × baseline | peak memory (MB) |",
                  "|---|---:|---:|---:|"]
        for name, m in cases.items():
            if "timeout_s" in m:
                lines.append(f"| {name} | > {m['timeout_s']:.0f} | — | — |")
                continue
            base = plan if "(the plan)" in name or name.endswith("of the plan") else both
            lines.append(f"| {name} | {m['median_s']:.2f} | {m['median_s'] / base:.2f} | "
                         f"{m['peak_mb']:.0f} |")
        lines.append("")
    lines += ["#### Start-up", "", "| command | median (s) |", "|---|---:|"]
    for name, m in results["startup"].items():
        lines.append(f"| `{name}` | {m['median_s']:.3f} |")
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
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    results = bench(args.rows, args.runs, args.data, not args.no_peers, args.peer_limit,
                    args.timeout, args.warmup)
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
