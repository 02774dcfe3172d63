"""A/B of the library's in-process cost on the bundled samples: two source trees, runs
alternated.

    python benchmarks/samples_ab.py OLD_SRC NEW_SRC --runs 7

What a test of the suite pays per call, and what a user of the library pays per file:
each run is a fresh process that imports kcbudget from its tree (the folder first on
``PYTHONPATH``), makes one uncounted round, then times one round of ``validate``,
``summarize --by province`` and ``inspect`` of every sample in ``sample_data/``, one
file per call, as the CPU seconds of the process (``time.process_time``). The runs of
the two sides alternate, so that the load of a shared machine falls on both alike;
the figures are the fastest and the median run of each side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "sample_data"

ROUND = """
import glob, sys, time
import kcbudget
files = sorted(glob.glob(sys.argv[1] + '/*.xlsx')) + sorted(glob.glob(sys.argv[1] + '/*.csv'))
def one():
    for f in files:
        kcbudget.validate([f]); kcbudget.summarize([f], by=["province"]); kcbudget.inspect([f])
one()
start = time.process_time()
one()
print(time.process_time() - start)
"""


def run(src: Path) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run([sys.executable, "-c", ROUND, str(SAMPLES)], env=env, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the folder holding the old kcbudget package")
    parser.add_argument("new", type=Path, help="the folder holding the new kcbudget package")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"old": [], "new": []}
    for i in range(args.runs):
        for side, src in (("old", args.old), ("new", args.new)):
            times[side].append(run(src.resolve()))
            print(f"run {i + 1}: {side} {times[side][-1]:.2f} s CPU", file=sys.stderr)
    print("| side | fastest | median |\n|---|---:|---:|")
    for side in ("old", "new"):
        print(f"| {side} | {min(times[side]):.2f} s | {statistics.median(times[side]):.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
