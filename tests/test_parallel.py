"""Files read side by side: results in input order, each failure at its own file,
and the same findings as reading one file after the other."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app
from kcbudget.read.parallel import ordered_map, workers
from tests.test_reconcile import pair

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

runner = CliRunner()


def test_results_come_back_in_input_order_with_failures_in_place(monkeypatch):
    monkeypatch.setenv("KCBUDGET_THREADS", "3")

    def slow_first(n):
        time.sleep(0.05 if n == 0 else 0)
        if n == 2:
            raise ValueError("two")
        return n * 10

    got = list(ordered_map(slow_first, range(5)))
    assert [item for item, _ in got] == [0, 1, 2, 3, 4]
    assert [result for _, result in got if not isinstance(result, Exception)] == [0, 10, 30, 40]
    assert isinstance(got[2][1], ValueError) and str(got[2][1]) == "two"


@pytest.mark.parametrize("given, n_items, expected", [("1", 5, 1), ("3", 2, 2), ("", 0, 1),
                                                      ("x", 1, 1)])
def test_thread_count(monkeypatch, given, n_items, expected):
    monkeypatch.setenv("KCBUDGET_THREADS", given)
    assert workers(n_items) == expected


def test_threads_change_nothing_in_what_is_found(tmp_path, monkeypatch):
    p, a = pair(tmp_path)
    missing = tmp_path / "khong-co.xlsx"
    outputs = []
    for threads in ("1", "4"):
        monkeypatch.setenv("KCBUDGET_THREADS", threads)
        runs = [runner.invoke(app, ["reconcile", str(p), str(a), "--format", "json"]),
                runner.invoke(app, ["validate", str(p), str(missing), str(a),
                                    "--format", "json"]),
                runner.invoke(app, ["summarize", str(p), str(a), "--format", "json"])]
        outputs.append([(r.exit_code, json.loads(r.stdout)) for r in runs])
    assert outputs[0] == outputs[1]
    files = [f["file"] for f in outputs[1][1][1]["files"]]
    assert files == [str(p), str(missing), str(a)]  # input order, the unreadable in place


def test_large_inputs_are_read_one_after_the_other(tmp_path, monkeypatch):
    """Above the byte budget the files are read in order in this thread (memory stays
    that of one workbook)."""
    import threading

    import kcbudget.read.parallel as parallel

    monkeypatch.setenv("KCBUDGET_THREADS", "4")
    files = []
    for i in range(3):
        path = tmp_path / f"f{i}.csv"
        path.write_bytes(b"x" * 1000)
        files.append(path)
    seen = []
    list(ordered_map(lambda p: seen.append(threading.current_thread().name), files))
    assert all(name.startswith("kcbudget-read") for name in seen)
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 2500)
    seen.clear()
    list(ordered_map(lambda p: seen.append(threading.current_thread().name), files))
    assert seen == [threading.current_thread().name] * 3


def test_small_files_are_read_in_this_thread_unless_threads_are_asked_for(tmp_path,
                                                                          monkeypatch):
    """Files that average less than PARALLEL_MIN_BYTES are read one after the other
    (their reading is Python's, under the GIL); larger ones, or any when
    KCBUDGET_THREADS is set, side by side."""
    import threading

    import kcbudget.read.parallel as parallel

    monkeypatch.delenv("KCBUDGET_THREADS", raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    files = []
    for i in range(3):
        path = tmp_path / f"f{i}.csv"
        path.write_bytes(b"x" * 1000)
        files.append(path)
    here = threading.current_thread().name

    def names(items, **kw):
        seen = []
        list(ordered_map(lambda p: seen.append(threading.current_thread().name), items, **kw))
        return seen

    assert names(files) == [here] * 3
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1000)
    assert all(name.startswith("kcbudget-read") for name in names(files))
    # items that are not paths are sized by the given function
    assert names(["a", "b"]) == [here] * 2
    assert all(name.startswith("kcbudget-read")
               for name in names(["a", "b"], size=lambda item: 1000))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1001)
    assert names(files) == [here] * 3
    monkeypatch.setenv("KCBUDGET_THREADS", "2")
    assert all(name.startswith("kcbudget-read") for name in names(files))
