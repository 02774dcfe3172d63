"""Where the suite's CPU goes, per test and per file: a pytest plugin, not loaded by default.

    python -m pytest -p tests.cpu_plugin            # writes .cpu-per-test.tsv
    KCBUDGET_CPU_LOG=cpu.tsv python -m pytest -p tests.cpu_plugin
    python -m tests.cpu_plugin cpu.tsv              # rank files and tests

Each test's setup, call and teardown are measured as CPU, not wall: the process's own
user + system time (``resource.getrusage(RUSAGE_SELF)``) plus that of the children it
waited for (``RUSAGE_CHILDREN``).  Collection and session-scoped fixtures are charged
to the test that first needed them (setup), so a file's sum is what it costs to run.
The log is one line per test: nodeid, self seconds, children seconds.
"""

from __future__ import annotations

import os
import resource
import sys
from collections import defaultdict

import pytest

_rows: list[tuple[str, float, float]] = []
_start: dict[str, tuple[float, float]] = {}


def _cpu() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


_session_start = _cpu()
_collected: list[float] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    before = _cpu()
    yield
    after = _cpu()
    _rows.append((item.nodeid, after[0] - before[0], after[1] - before[1]))


def pytest_collection_finish(session):
    _collected.append(sum(_cpu()) - sum(_session_start))


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("KCBUDGET_CPU_LOG", ".cpu-per-test.tsv")
    total = _cpu()
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"#collection\t{_collected[0] if _collected else 0:.3f}\t0\n")
        for nodeid, own, kids in _rows:
            out.write(f"{nodeid}\t{own:.3f}\t{kids:.3f}\n")
        out.write(f"#session\t{total[0] - _session_start[0]:.3f}\t{total[1] - _session_start[1]:.3f}\n")


def rank(path: str, top: int = 40) -> str:
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    tests: list[tuple[float, str]] = []
    lines = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            nodeid, own, kids = line.rstrip("\n").split("\t")
            if nodeid.startswith("#"):
                lines.append(f"{nodeid[1:]}: {float(own):.1f} s own, {float(kids):.1f} s children")
                continue
            name = nodeid.split("::")[0]
            files[name][0] += float(own)
            files[name][1] += float(kids)
            files[name][2] += 1
            tests.append((float(own) + float(kids), nodeid))
    lines.append("per file (CPU s: own + children, tests):")
    for name, (own, kids, n) in sorted(files.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        lines.append(f"{own + kids:8.1f} {own:8.1f} {kids:7.1f} {int(n):5d}  {name}")
    lines.append(f"per test, top {top}:")
    for cost, nodeid in sorted(tests, reverse=True)[:top]:
        lines.append(f"{cost:8.2f}  {nodeid}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(rank(sys.argv[1] if len(sys.argv) > 1 else ".cpu-per-test.tsv",
               int(sys.argv[2]) if len(sys.argv) > 2 else 40))
