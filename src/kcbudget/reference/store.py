"""Where the reference files come from, and the caches built from them.

The package ships its tables in ``reference/data/``.  :func:`set_reference_dir`
points at a user folder: a file there with the same name replaces the packaged
one (files it lacks keep coming from the package).  Every table is read once,
lazily, and the indexes built from it are cached until the folder changes.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from kcbudget.errors import KcbudgetError

__all__ = [
    "cached",
    "clear_caches",
    "memo",
    "read_csv_text",
    "read_table",
    "reference_dir",
    "set_reference_dir",
    "split_aliases",
]

FILES = ("provinces.csv", "regions.csv", "activity_groups.csv", "activities.csv",
         "programs.csv", "statuses.csv", "caps.csv")

_PACKAGE_DIR = Path(__file__).with_name("data")
_user_dir: Path | None = None
_caches: list[Callable[[], None]] = []

F = TypeVar("F", bound=Callable[..., Any])


def cached(fn: F) -> F:
    """``functools.cache`` whose cache is dropped when the reference folder changes."""
    wrapped = functools.cache(fn)
    _caches.append(wrapped.cache_clear)
    return wrapped  # type: ignore[return-value]


#: Distinct texts a matcher remembers (a few MB at most, whatever a workbook holds).
MEMO_SIZE = 1 << 15


def memo(fn: F) -> F:
    """A matcher remembered per (argument, its type): the same province, activity or
    status text in every file of a region is folded and looked up once.  Bounded
    (:data:`MEMO_SIZE` distinct calls, least recently used first out) and dropped with
    the other caches when the reference folder changes; an argument that cannot be
    hashed is looked up as before."""
    remembered = functools.lru_cache(maxsize=MEMO_SIZE, typed=True)(fn)
    _caches.append(remembered.cache_clear)

    @functools.wraps(fn)
    def lookup(*args: Any, **kwargs: Any) -> Any:
        try:
            return remembered(*args, **kwargs)
        except TypeError:
            if any(not isinstance(a, Hashable) for a in (*args, *kwargs.values())):
                return fn(*args, **kwargs)
            raise

    return lookup  # type: ignore[return-value]


def clear_caches() -> None:
    for clear in _caches:
        clear()


def set_reference_dir(path: str | Path | None) -> None:
    """Use the tables in ``path`` where it has them (``None``: the packaged tables only)."""
    global _user_dir
    if path is not None:
        p = Path(path)
        if not p.is_dir():
            raise KcbudgetError("reference_folder_not_found", path=p)
        _user_dir = p
    else:
        _user_dir = None
    clear_caches()


def reference_dir() -> Path | None:
    """The user folder in use, if any."""
    return _user_dir


def _source(name: str) -> tuple[str, str]:
    """(text, label) of the table ``name``."""
    if _user_dir is not None and (_user_dir / name).is_file():
        path = _user_dir / name
        try:
            return path.read_text(encoding="utf-8-sig"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise KcbudgetError("cannot_read_reference", path=path, reason=exc) from exc
    return (_PACKAGE_DIR / name).read_text(encoding="utf-8-sig"), f"kcbudget/reference/data/{name}"


def read_csv_text(text: str, label: str, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a reference CSV as (line number, {column: stripped value}).

    Lines starting with ``#`` and blank lines are comments.
    """
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise KcbudgetError("ref_empty", label=label)
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)))
    rows = list(reader)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise KcbudgetError("ref_missing_columns", label=label, columns=", ".join(missing))
    out = []
    for (lineno, _), values in zip(lines[1:], rows[1:]):
        if len(values) > len(header):
            raise KcbudgetError("ref_too_many_values", label=label, line=lineno,
                                count=len(values), width=len(header))
        values = values + [""] * (len(header) - len(values))
        out.append((lineno, {h: v.strip() for h, v in zip(header, values)}))
    return out


def read_table(name: str, required: Iterable[str]) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(label, rows) of the reference table ``name`` (user folder first, then package)."""
    text, label = _source(name)
    return label, read_csv_text(text, label, required)


def split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())
