"""Limits checked before any sheet is parsed.

An xlsx is a zip of XML, so a hostile file can be small on disk and enormous
once inflated (a zip bomb), or carry XML entity declarations that expand to
gigabytes (billion laughs).  Before the Rust reader or any XML parser sees a
workbook, :func:`check_package` reads the zip's central directory and the first
bytes of every XML member, and refuses:

* more than ``max_members`` members;
* more than ``max_uncompressed`` bytes declared in all;
* a member larger than 1 MiB whose declared compression ratio passes
  ``max_ratio`` (real spreadsheet XML compresses 5–50 times);
* a DTD or entity declaration (``<!DOCTYPE``, ``<!ENTITY``) in any XML member —
  so no parser in the path, ours or calamine's, ever expands an entity.

Rows are counted while the sheet XML is streamed (see
:meth:`kcbudget.read.xlsxmeta.XlsxPackage.scan_sheet`), before the sheet's
cells are loaded, and a sheet over ``max_rows`` is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from kcbudget.errors import KcbudgetError

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class Limits:
    max_rows: int = 1_000_000
    max_uncompressed: int = 2 * GiB
    max_ratio: int = 200
    max_members: int = 10_000


DEFAULT_LIMITS = Limits()
_PROLOG_BYTES = 64 * 1024


def _size(n: int) -> str:
    if n >= GiB:
        return f"{n / GiB:.1f} GiB"
    return f"{n / MiB:.0f} MiB"


def check_package(path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse (KcbudgetError, exit 2) a workbook archive that passes a limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_members:
                raise KcbudgetError(
                    f"{path}: {len(infos)} parts in the archive, over the limit of "
                    f"{limits.max_members} (--max-members)")
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed:
                raise KcbudgetError(
                    f"{path}: {_size(total)} once uncompressed, over the limit of "
                    f"{_size(limits.max_uncompressed)} (--max-uncompressed); "
                    "refused as a possible zip bomb")
            for info in infos:
                if info.file_size > MiB:
                    ratio = info.file_size / max(info.compress_size, 1)
                    if ratio > limits.max_ratio:
                        raise KcbudgetError(
                            f"{path}: part {info.filename} inflates {ratio:.0f} times, "
                            f"over the limit of {limits.max_ratio} (--max-ratio); "
                            "refused as a possible zip bomb")
            for info in infos:
                name = info.filename.lower()
                if not (name.endswith(".xml") or name.endswith(".rels")):
                    continue
                with archive.open(info) as member:
                    prolog = member.read(_PROLOG_BYTES)
                if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or \
                        b"<\x00!\x00D\x00O\x00C" in prolog:
                    raise KcbudgetError(
                        f"{path}: part {info.filename} declares a DTD or XML entities; "
                        "refused (workbooks never need them)")
    except KcbudgetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise KcbudgetError(f"{path}: not a readable xlsx workbook ({exc})") from None


def too_many_rows(path, sheet: str, rows: int, limits: Limits) -> KcbudgetError:
    return KcbudgetError(f"{path}: sheet {sheet!r} has more than {limits.max_rows:,} rows "
                         "(--max-rows)")
