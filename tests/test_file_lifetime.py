"""What ``validate`` holds of a file while the next is read: nothing of its tables.

The check runs in a fresh interpreter because what held them was the first use of a
pydantic model built on first use (``defer_build``): pydantic then takes a snapshot of
its caller's local names, and before Python 3.13 that snapshot stays on the caller's
frame, so ``validate``'s would have kept the first file's tables (some 700 MB at a
million rows) while the second was read.  The garbage collector is off in the child:
a table in a reference cycle (a check's helper holding a bound method of itself) lives
until a collection runs, which a large file's few large objects seldom trigger, and
counts as held.  In this test process the models are long
built, so only a new one shows it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"

CHILD = r"""
import gc, json, sys
gc.disable()  # what a reference cycle holds counts too: it lives until a collection runs
import kcbudget.read.parallel as parallel
import kcbudget.read.workbook as workbook
from kcbudget.read.table import Table

import kcbudget.checks.validate as checks

# each file a batch of its own, read and checked (a region's small files are read and
# checked in batches: within a batch, their tables are alive together by design)
workbook.PARALLEL_BYTES = parallel.PARALLEL_BYTES = checks.CHECK_BYTES = 0
alive = []
begin = workbook.begin_workbook

def counting(path, options=None):
    alive.append(sum(1 for o in gc.get_objects() if type(o) is Table))
    return begin(path, options)

workbook.begin_workbook = counting
from kcbudget.checks.validate import validate

result = validate(sys.argv[1:])
print(json.dumps({"alive": alive, "files": len(result.files),
                  "rows": [f.rows for f in result.files]}))
"""


def test_validate_holds_no_table_of_a_file_while_the_next_is_read():
    books = sorted(str(p) for p in SAMPLES.glob("*.xlsx"))[:4]
    assert len(books) >= 3
    done = subprocess.run([sys.executable, "-c", CHILD, *books], capture_output=True,
                          text=True, timeout=120, check=True)
    seen = json.loads(done.stdout)
    assert seen["files"] == len(books)
    assert all(n > 0 for n in seen["rows"])  # the files were read, and have tables
    assert seen["alive"] == [0] * len(books)


SUMMARIZE_CHILD = CHILD.replace(
    "from kcbudget.checks.validate import validate\n\nresult = validate(sys.argv[1:])\n"
    "print(json.dumps({\"alive\": alive, \"files\": len(result.files),\n"
    "                  \"rows\": [f.rows for f in result.files]}))",
    "from kcbudget.engine.summarize import summarize\n\nresult = summarize(sys.argv[1:])\n"
    "print(json.dumps({\"alive\": alive, \"files\": len(result.files),\n"
    "                  \"rows\": [result.totals[0].projects_planned]}))")


def test_summarize_keeps_a_files_records_not_its_tables_while_the_next_is_read():
    """``summarize`` keeps each file's records (made as columns, joined at the end),
    not its tables: none is alive when the next file is begun."""
    assert SUMMARIZE_CHILD != CHILD
    books = sorted(str(p) for p in SAMPLES.glob("*ke-hoach*.xlsx")) + sorted(
        str(p) for p in SAMPLES.glob("phia-nam*.xlsx"))
    assert len(books) >= 3
    done = subprocess.run([sys.executable, "-c", SUMMARIZE_CHILD, *books],
                          capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout)
    assert seen["files"] == len(books)
    assert seen["rows"][0] > 0
    assert seen["alive"] == [0] * len(books)
