"""The Rust reader kept from taking kcbudget down.

calamine (through fastexcel) can fail in three ways that Python's ``except
Exception`` does not see:

* a Rust **panic** becomes ``pyo3_runtime.PanicException``, a ``BaseException``
  (a truncated or byte-flipped ``.xls``: "range end index 124 out of range");
* a runaway **allocation** aborts the whole process (SIGABRT, "memory allocation of
  1715260640800 bytes failed"): a 1–2 KiB ``.xls`` that declares a huge sheet;
* its own **messages** go straight to file descriptor 2 (the panic text and its
  backtrace, "ods row repeat count capped", "Invalid ifmt value").

So:

* ``.xls``, ``.xlsb`` and ``.ods`` — formats that no byte-level check of ours
  covers — are parsed by :func:`read_contained` in a **child process** whose
  address space is capped (``Limits.reader_memory``) and whose time is capped
  (``Limits.reader_seconds``).  The child loads every sheet as text once (and, for
  the columns that hold ``48.793``-like text, which cells were numbers) and hands
  them back as Arrow IPC files; its stderr goes to a file that is read only to tell
  a failed allocation from another crash.  A crash, an abort, the memory cap or the
  time cap is one :class:`~kcbudget.errors.KcbudgetError` (exit 2).  Measured: the
  child costs about 0.4 s per file (starting Python, pyarrow and fastexcel), and
  these formats are small (an ``.xls`` holds at most 65 536 rows).
* ``.xlsx`` stays in-process (it is the benchmarked path; its zip, XML, grid and
  size limits are checked before calamine sees a part): every call into the
  reader runs inside :func:`quiet_stderr` and catches a panic with
  :func:`is_panic`.

:class:`ContainedReader` offers the few calls of fastexcel's reader that
:class:`~kcbudget.read.sources.ExcelSheet` makes, over the child's results.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.ipc as ipc

from kcbudget.errors import KcbudgetError

if TYPE_CHECKING:
    from kcbudget.read.limits import Limits

# the child: cap its own address space first, then read; one Arrow file per sheet
_CHILD = r"""
import json, os, re, resource, sys
cap = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
path, out = sys.argv[1], sys.argv[2]
AMBIGUOUS = re.compile(r"^-?[0-9]{1,3}\.[0-9]{2}[1-9]$")

def panic(exc):
    return type(exc).__name__ == "PanicException"

def short(exc):
    return (" ".join(str(exc).split())[:200] or type(exc).__name__)

try:
    import logging
    logging.disable(logging.CRITICAL)
    import fastexcel
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.ipc as ipc
    reader = fastexcel.read_excel(path)
    names = list(reader.sheet_names)
except MemoryError:
    sys.exit(5)
except BaseException as exc:
    if not isinstance(exc, Exception) and not panic(exc):
        raise
    with open(os.path.join(out, "error.json"), "w") as fh:
        json.dump({"reason": short(exc), "panic": panic(exc)}, fh)
    sys.exit(3)
sheets = []
for i, name in enumerate(names):
    entry = {"name": name, "visible": True, "error": None, "abs": [], "bools": []}
    sheets.append(entry)
    try:
        sheet = reader.load_sheet(i, header_row=None, dtypes="string")
        entry["visible"] = str(sheet.visible).lower() == "visible"
        batch = sheet.to_arrow()
        entry["abs"] = [c.absolute_index for c in sheet.available_columns()]
        ambiguous = [j for j in range(batch.num_columns) if pc.any(pc.fill_null(
            pc.match_substring_regex(batch.column(j), AMBIGUOUS.pattern), False)).as_py()]
        columns = list(batch.columns)
        if ambiguous:
            loaded = reader.load_sheet(i, header_row=None, use_columns=ambiguous,
                                       dtypes={j: "boolean" for j in ambiguous})
            bools = loaded.to_arrow()
            entry["bools"] = [c.absolute_index for c in loaded.selected_columns]
            for j in range(bools.num_columns):
                column = bools.column(j)
                if len(column) < batch.num_rows:
                    column = pa.concat_arrays([column, pa.nulls(batch.num_rows - len(column),
                                                                pa.bool_())])
                columns.append(column.slice(0, batch.num_rows))
        names_out = [f"c{k}" for k in range(len(columns))]
        table = pa.RecordBatch.from_arrays(columns, names=names_out) if columns else \
            pa.RecordBatch.from_pydict({})
        with ipc.new_file(os.path.join(out, f"sheet{i}.arrow"), table.schema) as writer:
            writer.write_batch(table)
        entry["rows"] = batch.num_rows
    except MemoryError:
        sys.exit(5)
    except BaseException as exc:
        if not isinstance(exc, Exception) and not panic(exc):
            raise
        entry["error"] = short(exc)
# merged ranges, 0-based inclusive [r0, c0, r1, c1] per sheet (None: not known):
# python-calamine gives them for .xls/.xlsx/.xlsb; for .ods they are read from
# content.xml (table:number-columns-spanned / number-rows-spanned), streamed by expat
# with no DTD or entity accepted
MAX_MERGES = 100000

def ods_merges(path):
    import zipfile
    import xml.parsers.expat as expat
    T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
    found, state = [], {"depth": 0, "row": 0, "col": 0, "rrep": 1}
    def refuse(*args):
        raise ValueError("a DTD in content.xml")
    def start(name, attrs):
        if name == T + "table":
            state["depth"] += 1
            if state["depth"] == 1:
                found.append([])
                state["row"] = 0
            return
        if state["depth"] != 1:
            return
        if name == T + "table-row":
            state["rrep"] = int(attrs.get(T + "number-rows-repeated", "1"))
            state["col"] = 0
        elif name in (T + "table-cell", T + "covered-table-cell"):
            cols = int(attrs.get(T + "number-columns-spanned", "1"))
            rows = int(attrs.get(T + "number-rows-spanned", "1"))
            if (cols > 1 or rows > 1) and len(found[-1]) < MAX_MERGES:
                r, c = state["row"], state["col"]
                found[-1].append([r, c, r + rows - 1, c + cols - 1])
            state["col"] += int(attrs.get(T + "number-columns-repeated", "1"))
    def end(name):
        if name == T + "table":
            state["depth"] -= 1
        elif name == T + "table-row" and state["depth"] == 1:
            state["row"] += state["rrep"]
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with zipfile.ZipFile(path) as book, book.open("content.xml") as fh:
        parser.ParseFile(fh)
    return found

# calamine starts a sheet of these formats at its first non-empty row: where that is
# (python-calamine's "start") lets the parent put every row back at its own number
try:
    import zipfile
    import python_calamine
    ods = zipfile.is_zipfile(path) and "content.xml" in zipfile.ZipFile(path).namelist()
    book = python_calamine.CalamineWorkbook.from_path(path)
    merges, starts = [], []
    for i in range(len(names)):
        if sheets[i]["error"] is not None:
            merges.append(None)
            starts.append(None)
            continue
        sheet = book.get_sheet_by_index(i)
        starts.append(sheet.start[0] if sheet.start is not None else 0)
        ranges = sheet.merged_cell_ranges
        merges.append(None if ranges is None else
                      [[a[0], a[1], b[0], b[1]] for a, b in ranges[:MAX_MERGES]])
    if ods:
        merges = ods_merges(path)
except MemoryError:
    sys.exit(5)
except BaseException as exc:
    if not isinstance(exc, Exception) and not panic(exc):
        raise
    merges, starts = [], []
for i, entry in enumerate(sheets):
    entry["merges"] = merges[i] if i < len(merges) else None
    entry["start"] = starts[i] if i < len(starts) else None
with open(os.path.join(out, "book.json"), "w") as fh:
    json.dump(sheets, fh)
"""


def is_panic(exc: BaseException) -> bool:
    """A Rust panic raised through pyo3 (``pyo3_runtime.PanicException``)."""
    return type(exc).__name__ == "PanicException"


_fd_lock = threading.Lock()
_fd_users = 0
_fd_saved: int | None = None
_py_stderr = None  # sys.stderr while fd 2 is silenced, when it wrote to fd 2


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """File descriptor 2 sent to /dev/null while the Rust reader runs (its panic
    text and warnings are written there directly, past Python).  Python's own
    ``sys.stderr`` (kcbudget's lines, a progress bar) keeps writing to the real
    stderr meanwhile, through a stream on a duplicate of it.  Nested and threaded
    uses share one redirection: the first in sets it, the last out restores it."""
    global _fd_users, _fd_saved, _py_stderr
    with _fd_lock:
        if _fd_users == 0:
            _fd_saved = _silence()
        _fd_users += 1
    try:
        yield
    finally:
        with _fd_lock:
            _fd_users -= 1
            if _fd_users == 0 and _fd_saved is not None:
                _restore(_fd_saved)
                _fd_saved = None


def _silence() -> int | None:
    global _py_stderr
    try:
        stream = sys.stderr
        stream.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        return None
    try:
        if stream.fileno() == 2:
            sys.stderr = open(os.dup(saved), "w", encoding=stream.encoding,
                              errors=stream.errors, buffering=1)
            _py_stderr = stream
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    return saved


def _restore(saved: int) -> None:
    global _py_stderr
    os.dup2(saved, 2)
    os.close(saved)
    if _py_stderr is not None:
        ours, sys.stderr, _py_stderr = sys.stderr, _py_stderr, None
        try:
            ours.close()
        except OSError:
            pass


class _Column:
    def __init__(self, absolute_index: int) -> None:
        self.absolute_index = absolute_index


class _Loaded:
    """What ``reader.load_sheet(...)`` returns, as far as ExcelSheet uses it."""

    def __init__(self, batch: Any, columns: list[int], visible: bool) -> None:
        self._batch = batch
        self.selected_columns = [_Column(c) for c in columns]
        self.visible = "visible" if visible else "hidden"

    def to_arrow(self) -> Any:
        return self._batch

    def available_columns(self) -> list[_Column]:
        return self.selected_columns


class ContainedReader:
    """The sheets a child process read: ``sheet_names`` and ``load_sheet``."""

    def __init__(self, sheets: list[dict[str, Any]], batches: dict[int, Any]) -> None:
        self._sheets = sheets
        self._batches = batches
        self.sheet_names = [s["name"] for s in sheets]

    def merges(self, index: int) -> list[list[int]] | None:
        """The sheet's merged ranges, 0-based inclusive ``[r0, c0, r1, c1]``; None when
        they could not be read."""
        return self._sheets[index].get("merges")

    def load_sheet(self, index: int, header_row: int | None = None, skip_rows: int = 0,
                   n_rows: int | None = None, dtypes: object = None,
                   use_columns: list[int] | None = None) -> _Loaded:
        entry = self._sheets[index]
        if entry["error"]:
            raise RuntimeError(entry["error"])

        batch = self._batches.get(index)
        n_text = len(entry["abs"])
        if batch is None:
            batch = pa.RecordBatch.from_pydict({})
        if isinstance(dtypes, dict):  # the boolean load of chosen (relative) columns
            chosen = [entry["abs"][r] for r in (use_columns or [])]
            where = {c: n_text + k for k, c in enumerate(entry["bools"])}
            if any(c not in where for c in chosen):
                raise RuntimeError("column not loaded as boolean")
            arrays = [batch.column(where[c]) for c in chosen]
            part = pa.RecordBatch.from_arrays(arrays, names=[f"b{c}" for c in chosen]) \
                if arrays else pa.RecordBatch.from_pydict({})
            columns = chosen
        else:
            part = batch.select(list(range(n_text))) if batch.num_columns else batch
            columns = list(entry["abs"])
        part = part.slice(skip_rows, n_rows) if n_rows is not None else part.slice(skip_rows)
        return _Loaded(part, columns, entry["visible"])


def _from_row_one(batch: pa.RecordBatch | None, start: int | None) -> pa.RecordBatch | None:
    """The sheet's batch with its first row at sheet row 1: calamine begins it at the
    first non-empty row (``start``, 0-based), so that many empty rows go on top."""
    if batch is None or not start or start < 0:
        return batch
    columns = [pa.concat_arrays([pa.nulls(start, column.type), column])
               for column in batch.columns]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def read_contained(path: Path, limits: Limits) -> ContainedReader:
    """Read every sheet of ``path`` in a capped child process (see the module)."""

    folder = tempfile.mkdtemp(prefix="kcbudget-read-")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RUST_")}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", POLARS_MAX_THREADS="1")
        with open(os.path.join(folder, "stderr"), "wb") as err:
            try:
                proc = subprocess.run(
                    [sys.executable, "-I", "-c", _CHILD, str(path), folder,
                     str(limits.reader_memory)],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                    env=env, timeout=limits.reader_seconds, check=False)
            except subprocess.TimeoutExpired:
                raise KcbudgetError("reader_timeout", path=path,
                                    limit=limits.reader_seconds) from None
            except OSError as exc:
                raise KcbudgetError("cannot_read_workbook", path=path,
                                    reason=exc.strerror or exc) from None
        code = proc.returncode
        if code == 0 and os.path.exists(os.path.join(folder, "book.json")):
            with open(os.path.join(folder, "book.json"), encoding="utf-8") as fh:
                sheets = json.load(fh)
            if len(sheets) > limits.max_sheets:
                raise KcbudgetError("too_many_sheets", path=path, count=len(sheets),
                                    limit=limits.max_sheets)
            for entry in sheets:
                width = max(entry["abs"], default=-1) + 1
                if width > limits.max_columns:
                    raise KcbudgetError("too_many_columns", path=path, sheet=entry["name"],
                                        count=width, limit=limits.max_columns)
            batches = {}
            for i, entry in enumerate(sheets):
                file = os.path.join(folder, f"sheet{i}.arrow")
                if entry["error"] is None and os.path.exists(file):
                    with ipc.open_file(file) as reader:
                        batches[i] = reader.get_batch(0) if reader.num_record_batches else None
                    batches[i] = _from_row_one(batches[i], entry.get("start"))
            return ContainedReader(sheets, batches)
        if code == 3:
            with open(os.path.join(folder, "error.json"), encoding="utf-8") as fh:
                failure = json.load(fh)
            raise KcbudgetError("reader_failed" if failure["panic"] else "cannot_read_workbook",
                                path=path, reason=failure["reason"])
        with open(os.path.join(folder, "stderr"), "rb") as fh:
            said = fh.read(1 << 16).decode("utf-8", "replace")
        if code == 5 or "memory allocation of" in said or "MemoryError" in said \
                or "Memory allocation" in said:
            raise KcbudgetError("reader_memory", path=path, limit=limits.reader_memory)
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            raise KcbudgetError("reader_crashed", path=path, signal=name)
        raise KcbudgetError("reader_crashed", path=path, signal=f"exit {code}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
