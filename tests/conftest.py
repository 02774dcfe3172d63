"""Fixtures that build workbooks in code, so each test shows the sheet it reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# every finding made while the tests run has only the params PARAMS declares for its
# code, each of its kind (kcbudget.model.codes.diagnose checks; CLI subprocesses too)
os.environ["KCBUDGET_CHECK_PARAMS"] = "1"
# the children the tests start (helper scripts that import numpy, as well as the
# command line, which asks this itself): no OpenBLAS worker spinning at each import
# (kcbudget.cli.start.QUIET_THREADS; test_startup.py holds the command line to it)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def write_book(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
               fonts: dict[str, dict[str, str]] | None = None,
               hidden: tuple[str, ...] = (), formats: dict[str, dict[str, str]] | None = None) -> Path:
    """``sheets``: name → rows (lists of cell values, from A1).  ``merges``: name → ranges.
    ``fonts``: name → {cell: font name}.  ``formats``: name → {cell: number format}."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for cell, font in (fonts or {}).get(name, {}).items():
            ws[cell].font = Font(name=font)
        for cell, fmt in (formats or {}).get(name, {}).items():
            ws[cell].number_format = fmt
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def rewrite_members(path: Path, name: str, edit) -> Path:
    """A copy of the workbook beside it, named ``name``, with
    ``edit(member name, bytes) -> bytes`` applied to each zip member."""
    import zipfile

    out = path.with_name(name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, edit(item.filename, src.read(item.filename)))
    return out


@pytest.fixture
def book(tmp_path):
    counter = {"n": 0}

    def make(sheets, **kw) -> Path:
        counter["n"] += 1
        if isinstance(sheets, list):
            sheets = {"Sheet1": sheets}
        return write_book(tmp_path / f"book{counter['n']}.xlsx", sheets, **kw)

    return make


def run_kcbudget(*args, env: dict[str, str | None] | None = None):
    """``python -m kcbudget ARGS`` in this process: the same ``main()`` (usage errors,
    exit codes, one-line failures), with stdout and stderr captured and ``env``
    applied for the run (a value of None removes the variable).  Far cheaper than a new
    Python per call; an exception that escapes is printed as the interpreter would, so
    a "no traceback" assertion still sees it.  What is decided when the CLI is first
    imported (the language of --help) still needs a real process."""
    import contextlib
    import io
    import os
    import subprocess
    import sys
    import traceback

    from kcbudget.cli.app import main

    argv = ["kcbudget", *map(str, args)]
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    out, err = io.StringIO(), io.StringIO()
    old_argv = sys.argv
    code = 0
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        sys.argv = argv
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                traceback.print_exc()
                code = 1
    finally:
        sys.argv = old_argv
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


# ------------------------------------------------------------------ cost of the suite
#
# Two things every test would otherwise pay again and again, made once per session:
#
# * typer's click command.  ``CliRunner().invoke(app)`` and ``main()`` rebuild it from
#   the Typer app at every call (about 20 ms); it depends on nothing but the app, so it
#   is built once per app.
# * reading the same bytes again.  ``read_workbook`` is deterministic in the file's
#   bytes, its name as given, the options and the ``kcbudget.toml`` beside it; a second
#   read of the same (name, bytes, options, layout file) gets a deep copy of the first
#   read's Workbook, so every later step (checks, records, summaries, renderers, --out)
#   still runs on its own objects; a ``read_workbooks`` call (``validate`` and
#   ``summarize`` read through it) whose every file was read before gets copies, any
#   other is read live in the library's own batches.  Every name the library reads
#   through is patched (each module bound its own at import).  The reader itself still
#   runs on every distinct input (the fuzzer's every mutation included).  Modules that test the reader
#   (limits, hostile and damaged files, threads, layouts) set ``LIVE_READS = True``
#   and read every time;
#   ``test_repeated_reads_in_one_process_agree`` (test_reader.py) checks that a second
#   live read in the same process is the first, which is what this relies on.

_COMMANDS: dict = {}
_READS: dict = {}
MEMO_MAX_BYTES = 8 << 20  # larger files are read every time (and not hashed)


def _cached_get_command(original):
    def get_command(typer_instance):
        key = id(typer_instance)
        hit = _COMMANDS.get(key)
        if hit is None or hit[0] is not typer_instance:
            hit = _COMMANDS[key] = (typer_instance, original(typer_instance))
        return hit[1]

    get_command.__wrapped__ = original
    return get_command


def _read_key(path, options, kwargs):
    import hashlib
    import os

    try:
        st = os.stat(path)
        if not os.path.isfile(path) or st.st_size > MEMO_MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        beside = os.path.join(os.path.dirname(os.path.realpath(path)), "kcbudget.toml")
        layout = None
        if os.path.exists(beside):
            with open(beside, "rb") as handle:
                layout = hashlib.sha256(handle.read()).hexdigest()
    except (OSError, TypeError, ValueError):
        return None
    return (str(path), os.path.realpath(path), digest, repr(options),
            repr(sorted(kwargs.items())), layout)


def _memo_read_workbook(original):
    import copy

    def read_workbook(path, options=None, **kwargs):
        key = _read_key(path, options, kwargs)
        if key is None:
            return original(path, options, **kwargs)
        hit = _READS.get(key)
        if hit is None:
            book = original(path, options, **kwargs)  # a refusal raises and is not kept
            _READS[key] = copy.deepcopy(book)
            return book
        return copy.deepcopy(hit)

    read_workbook.__wrapped__ = original
    return read_workbook


def _memo_read_workbooks(original):
    """:func:`read_workbooks` (what ``validate`` and ``summarize`` read with) under the
    same rule: when every file of the call was read before, under the same key, each
    gets a deep copy of its first reading; otherwise the whole call is read live (in
    the batches the library makes, so a batch's shared kernels still run as they
    would) and each file read is kept for the next call."""
    import copy

    from kcbudget.read.workbook import Workbook

    def read_workbooks(paths, options=None):
        items = list(paths)
        keys = [_read_key(path, options, {}) for path in items]
        if items and all(key is not None and key in _READS for key in keys):
            for path, key in zip(items, keys):
                yield path, copy.deepcopy(_READS[key])
            return
        for (path, result), key in zip(original(items, options), keys):
            if key is not None and key not in _READS and isinstance(result, Workbook):
                _READS[key] = copy.deepcopy(result)
            yield path, result
            result = None  # not held here while the next file is read

    read_workbooks.__wrapped__ = original
    return read_workbooks


def pytest_collection_finish(session):
    """Python's cyclic garbage collector, tuned for a test run: the modules, fixtures
    and collected items that live for the whole session are moved out of its sight
    (``gc.freeze``), and it runs less often (a young generation of 20 000 objects, not
    700): a full collection walks every object of the process, and the suite's many
    small DataFrames made it run some thousands of times (about 5 % of the suite's
    CPU).  Garbage is still collected, only in larger batches."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


@pytest.fixture(scope="session", autouse=True)
def _children_keep_bytecode():
    """A ``python`` started by a test (the CLI in a real process, the CI snippets, the
    hostile child) runs with its bytecode cache on, as an installed package runs,
    whatever ``PYTHONDONTWRITEBYTECODE`` says in the shell (as benchmarks/run.py does):
    otherwise each one compiles kcbudget from source again (about 0.3 s of CPU).  This
    process keeps the setting it was started with."""
    import os

    saved = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    yield
    if saved is not None:
        os.environ["PYTHONDONTWRITEBYTECODE"] = saved


@pytest.fixture(scope="session")
def kcbudget_server():
    """A ``kcbudget`` command for shell snippets: put ``kcbudget_server.bin`` first on
    ``PATH``.  Each run is a process of its own forked from one Python that has
    imported the data stack already (tests/forked_cli.py), about a fifth of the CPU of
    a fresh ``python -m kcbudget``."""
    from tests.forked_cli import KcbudgetServer

    server = KcbudgetServer()
    yield server
    server.close()


@pytest.fixture(scope="session", autouse=True)
def _one_click_command():
    import typer.main
    import typer.testing

    original = typer.main.get_command
    cached = _cached_get_command(original)
    typer.main.get_command = cached
    typer.testing._get_command = cached
    yield
    typer.main.get_command = original
    typer.testing._get_command = original


@pytest.fixture(autouse=True)
def _reads_once(request, monkeypatch):
    if getattr(request.module, "LIVE_READS", False):
        yield
        return
    import kcbudget.api as api
    import kcbudget.checks.validate as checks
    import kcbudget.engine.reconcile as reconcile
    import kcbudget.read.inspect as inspect
    import kcbudget.read.workbook as workbook

    # every name the library reads through (each module bound its own at import)
    one = _memo_read_workbook(workbook.read_workbook)
    many = _memo_read_workbooks(workbook.read_workbooks)
    monkeypatch.setattr(workbook, "read_workbook", one)
    monkeypatch.setattr(workbook, "read_workbooks", many)
    monkeypatch.setattr(checks, "read_workbooks", many)
    monkeypatch.setattr(reconcile, "read_workbook", one)
    monkeypatch.setattr(inspect, "read_workbook", one)
    monkeypatch.setattr(api, "_read_workbook", one)
    yield
