"""Files read side by side.

Most of the time of reading a workbook is spent where Python's GIL is released:
calamine parsing the sheet (Rust), zlib inflating the XML, Arrow kernels.  So
two files read in two threads take less wall time than one after the other —
about a third less for the benchmark pair on two cores.  Each file is still read
in its own safe order (limits, row count, then cells); only different files
overlap.  Results come back in input order, exceptions at their own item.

Reading side by side holds several workbooks in memory at once, so it is done
only while the files add up to at most :data:`PARALLEL_BYTES` on disk (a pair of
about 300 000 đề án rows: a 1 000 000-row plan of the benchmarks is 58 MB on disk
and takes some 1,6 GB to read); larger inputs are read one after the other, and
peak memory stays that of the largest file.

Small files are read one after the other too, unless ``KCBUDGET_THREADS`` asks for
threads: a region's submissions of some 10 KB each spend their reading in Python, under
the GIL, and two threads then took about a tenth more CPU for the same wall time
(``docs/performance.md``).  Side by side is for files of at least
:data:`PARALLEL_MIN_BYTES` on average.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

PARALLEL_BYTES = 32 << 20
PARALLEL_MIN_BYTES = 1 << 20

T = TypeVar("T")
R = TypeVar("R")


def workers(n_items: int) -> int:
    """Threads for ``n_items`` files: one per core, at most 4, at least 1;
    ``KCBUDGET_THREADS`` overrides (1 reads the files one after the other)."""
    given = _threads_asked()
    wanted = given if given is not None else min(os.cpu_count() or 1, 4)
    return max(1, min(wanted, n_items))


def _threads_asked() -> int | None:
    """The threads ``KCBUDGET_THREADS`` asks for, if it is a positive whole number."""
    given = os.environ.get("KCBUDGET_THREADS", "").strip()
    return int(given) if given.isdigit() and int(given) > 0 else None


def input_bytes(item: object) -> int:
    """The size on disk of a path, or of the paths in a list or tuple (0 if unknown)."""
    if isinstance(item, (str, os.PathLike)):
        try:
            return os.stat(item).st_size
        except (OSError, ValueError):
            return 0
    if isinstance(item, (list, tuple)):
        return sum(input_bytes(x) for x in item)
    return 0


def batches(items: Iterable[T], size: Callable[[T], int], limit: int) -> Iterator[list[T]]:
    """``items`` in order, cut where the next would take a batch's ``size`` above
    ``limit`` (an item larger than that is a batch of its own)."""
    batch: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if batch and total + n > limit:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += n
    if batch:
        yield batch


def ordered_map(fn: Callable[[T], R], items: Iterable[T],
                size: Callable[[object], int] = input_bytes,
                ) -> Iterator[tuple[T, R | Exception]]:
    """(item, result) or (item, the exception it raised) for each item, in order; items
    that are paths (or hold paths; ``size`` gives another item's bytes on disk) are read
    side by side only while they add up to at most :data:`PARALLEL_BYTES` and, unless
    ``KCBUDGET_THREADS`` is set, average at least :data:`PARALLEL_MIN_BYTES`."""
    items = list(items)
    n = workers(len(items))
    if n > 1:
        total = sum(size(item) for item in items)
        if total > PARALLEL_BYTES or (
                _threads_asked() is None and total < PARALLEL_MIN_BYTES * len(items)):
            n = 1
    if n <= 1:
        for item in items:
            try:
                yield item, fn(item)
            except Exception as exc:  # handed to the caller, who decides
                yield item, exc
        return

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="kcbudget-read") as pool:
        futures = [pool.submit(fn, item) for item in items]
        try:
            for item, future in zip(items, futures):
                error = future.exception()
                if error is None:
                    yield item, future.result()
                elif isinstance(error, Exception):
                    yield item, error
                else:  # KeyboardInterrupt, SystemExit: not a result of the item
                    raise error
        finally:
            for future in futures:
                future.cancel()
