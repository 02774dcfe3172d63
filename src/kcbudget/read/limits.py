"""Limits checked before any sheet is parsed.

An xlsx is a zip of XML, so a hostile file can be small on disk and enormous
once inflated (a zip bomb), or carry XML entity declarations that expand to
gigabytes (billion laughs).  Before the Rust reader or any XML parser sees a
workbook, :func:`check_package` reads the zip's central directory and the first
bytes of every XML member, and refuses:

* more than ``max_members`` members;
* more than ``max_uncompressed`` bytes declared in all;
* a member larger than 1 MiB whose declared compression ratio passes
  ``max_ratio`` (real spreadsheet XML compresses 5–50 times), and an archive of
  more than 8 MiB whose members inflate, all together, more than ``max_ratio``
  times (many small members each under 1 MiB are a zip bomb too);
* a part that a parser loads whole (the shared strings, workbook.xml, styles.xml,
  the relationships and content types) larger than ``max_shared_strings`` or
  ``max_part``: these are held in memory at once by calamine or defusedxml;
* a single text in the shared strings longer than ``max_text`` bytes (Excel
  holds at most 32 767 characters in a cell; one huge string costs about three
  times its size in the Rust reader);
* a DTD or entity declaration (``<!DOCTYPE``, ``<!ENTITY``) before the root
  element of any XML member, in UTF-8 or UTF-16, however much of a prolog
  (comments, processing instructions, white space) comes before it — so no
  parser in the path, ours or calamine's, ever expands an entity.

Rows are counted while the sheet XML is streamed (see
:meth:`kcbudget.read.xlsxmeta.XlsxPackage.scan_sheet`, made in the same pass as
the sheet's check below), before the sheet's cells are loaded, and a sheet over
``max_rows`` is refused.

What the zip directory *declares* is not trusted for what is allocated: before
the Rust reader opens the workbook (:meth:`~kcbudget.read.xlsxmeta.XlsxPackage.
check_workbook`) and before it loads each sheet (:meth:`~kcbudget.read.xlsxmeta.
XlsxPackage.check_sheet`), every part it will read is inflated once by
:class:`CountedMember`, which counts the bytes that really come out and refuses a
part that inflates past its declared size; the sheet's **used grid** is measured
from its real cell references (calamine allocates rows × columns of it at once:
one cell at ``XFD1048576`` is 549 GB), and its merged ranges are counted.  The
workbook's sheets are counted too (``max_sheets``), and every part that a
relationship points at is checked for a DTD whatever its name.

``.xls``, ``.xlsb`` and ``.ods`` are read in a child process whose address space
is ``reader_memory`` and whose time is ``reader_seconds``
(:mod:`kcbudget.read.contained`).
"""

from __future__ import annotations

import contextlib
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Protocol, Self

import numpy as np

from kcbudget.errors import KcbudgetError

PathArg = str | os.PathLike[str]


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class Limits:
    max_rows: int = 1_048_576  # the most rows an Excel sheet can have
    max_uncompressed: int = 2 * GiB
    max_ratio: int = 200
    max_members: int = 10_000
    # parts a parser holds whole in memory
    max_shared_strings: int = 256 * MiB
    max_part: int = 32 * MiB
    max_text: int = 1 * MiB
    # what the reader allocates and does, measured from the real content
    max_sheets: int = 256  # sheets per workbook (each costs ~27 ms even when empty)
    max_columns: int = 1024  # the widest used column of a sheet (Excel's own: 16 384)
    max_grid: int = 16_000_000  # rows × columns of the used range (~32 bytes each) ...
    grid_density: int = 8  # ... unless the sheet holds at least 1/8 of them as cells
    max_merges: int = 65_536  # merged ranges per sheet
    reader_memory: int = 1 * GiB  # address space of the child that reads .xls/.xlsb/.ods
    reader_seconds: int = 60  # its time


DEFAULT_LIMITS = Limits()
_PROLOG_BYTES = 64 * 1024
_PROLOG_MAX = 16 * MiB  # a root element must start within this much of a part
_CHUNK = 4 * MiB
_ARCHIVE_RATIO_FLOOR = 8 * MiB


# parts that calamine or defusedxml parse whole, by lower-case name
_WHOLE_PARTS = ("[content_types].xml", "xl/workbook.xml", "xl/styles.xml",
                "xl/_rels/workbook.xml.rels", "_rels/.rels")
_SHARED_STRINGS = "xl/sharedstrings.xml"


def _prolog_text(data: bytes) -> str:
    """The start of an XML part as text, in its encoding (UTF-8 or UTF-16)."""
    if data.startswith((b"\xff\xfe", b"<\x00")):
        return data.decode("utf-16-le", "replace")
    if data.startswith((b"\xfe\xff", b"\x00<")):
        return data.decode("utf-16-be", "replace")
    return data.decode("latin-1")


def _has_dtd(text: str) -> bool | None:
    """True: a DTD or entity declaration before the root element; False: the root
    element starts with none before it; None: the root element is not in ``text``."""
    pos = 0
    n = len(text)
    while True:
        pos = text.find("<", pos)
        if pos < 0 or pos + 1 >= n:
            return None
        nxt = text[pos + 1]
        if nxt == "?":  # XML declaration or processing instruction
            end = text.find("?>", pos + 2)
            if end < 0:
                return None
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif nxt == "!":  # <!DOCTYPE, <!ENTITY, or anything else no workbook needs
            return True
        else:
            return False


def _dtd_in(member: Readable, first: bytes) -> bool:
    """Read as much of the part as it takes to reach the root element."""
    head = first.upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<\x00!\x00D\x00O\x00C" in head:
        return True
    data = first
    while True:
        found = _has_dtd(_prolog_text(data))
        if found is not None:
            return found
        upper = data.upper()
        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper or b"<\x00!\x00" in data \
                or b"\x00<\x00!" in data:
            return True
        more = member.read(len(data)) if len(data) < _PROLOG_MAX else b""
        if not more:
            return len(data) >= _PROLOG_MAX  # no root element in 16 MiB: refuse too
        data += more


def _longest_text(member: Readable, limit: int) -> bool:
    """True when the part holds a run of more than ``limit`` bytes without a ``<``."""

    run = 0  # bytes since the last "<", carried over chunk boundaries
    while True:
        chunk = member.read(_CHUNK)
        if not chunk:
            return False
        marks = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 0x3C)
        if marks.size == 0:
            run += len(chunk)
            if run > limit:
                return True
            continue
        if run + int(marks[0]) > limit:
            return True
        if marks.size > 1 and int(np.diff(marks).max()) > limit:
            return True
        run = len(chunk) - int(marks[-1]) - 1


def open_archive(path: PathArg) -> zipfile.ZipFile:
    """The zip of a workbook, its directory read; what :func:`check_package` says
    (``not_xlsx``) when it cannot be read."""
    try:
        return zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise KcbudgetError("not_xlsx", path=path, reason=exc) from None


def check_package(path: PathArg, limits: Limits = DEFAULT_LIMITS,
                  archive: zipfile.ZipFile | None = None) -> None:
    """Refuse (KcbudgetError, exit 2) a workbook archive that passes a limit.
    ``archive``: the zip already opened (:func:`open_archive`), left open."""
    try:
        with contextlib.nullcontext(archive) if archive is not None else \
                zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_members:
                raise KcbudgetError("too_many_parts", path=path, count=len(infos),
                                    limit=limits.max_members)
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed:
                raise KcbudgetError("too_large_uncompressed", path=path, size=total,
                                    limit=limits.max_uncompressed)
            for info in infos:
                if info.file_size > MiB:
                    ratio = info.file_size / max(info.compress_size, 1)
                    if ratio > limits.max_ratio:
                        raise KcbudgetError("part_ratio", path=path, part=info.filename,
                                            ratio=ratio, limit=limits.max_ratio)
            packed = sum(i.compress_size for i in infos)
            if total > _ARCHIVE_RATIO_FLOOR and total / max(packed, 1) > limits.max_ratio:
                raise KcbudgetError("archive_ratio", path=path, ratio=total / max(packed, 1),
                                    limit=limits.max_ratio)
            for info in infos:
                name = info.filename.lower()
                cap = (limits.max_shared_strings if name == _SHARED_STRINGS
                       else limits.max_part if name in _WHOLE_PARTS else None)
                if cap is not None and info.file_size > cap:
                    raise KcbudgetError("part_too_large", path=path, part=info.filename,
                                        size=info.file_size, limit=cap)
            for info in infos:
                name = info.filename.lower()
                if not name.endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as member:
                    if _dtd_in(member, member.read(_PROLOG_BYTES)):
                        raise KcbudgetError("part_dtd", path=path, part=info.filename)
                if name == _SHARED_STRINGS and info.file_size > limits.max_text:
                    with archive.open(info) as member:
                        if _longest_text(member, limits.max_text):
                            raise KcbudgetError("text_too_long", path=path,
                                                part=info.filename, limit=limits.max_text)
    except KcbudgetError:
        raise
    except _ZIP_ERRORS as exc:
        raise KcbudgetError("not_xlsx", path=path, reason=exc) from None


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
               NotImplementedError, RuntimeError, zlib.error)


def too_many_rows(path: PathArg, sheet: str, rows: int, limits: Limits) -> KcbudgetError:
    return KcbudgetError("too_many_rows", path=path, sheet=sheet, limit=limits.max_rows)


# ---------------------------------------------------------------------------- real sizes

_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_READ = 1 << 20


class CountedMember:
    """A zip member inflated from its raw bytes, counting what comes out.

    Python's ``zipfile`` stops at the declared size (and a CRC written for those
    bytes passes); the Rust reader inflates to the end of the stream.  So this
    reads the member as calamine does and refuses it (``part_size_lies``) as soon
    as more than the declared ``file_size`` comes out, or fewer than declared when
    the stream ends.  Stored and deflated members only: real workbooks use nothing
    else, and other methods are refused (``part_compression``)."""

    def __init__(self, path: PathArg, info: zipfile.ZipInfo,
                 fh: BinaryIO | None = None) -> None:
        """``fh``: the file already open (kept open at the end); else it is opened."""
        self.path = path
        self.info = info
        self.total = 0
        self._own = fh is None
        self._fh = open(path, "rb") if fh is None else fh
        try:
            self._fh.seek(info.header_offset)
            header = self._fh.read(_LOCAL_HEADER.size)
            if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
                raise KcbudgetError("not_xlsx", path=path,
                                    reason=f"bad local header for {info.filename}")
            fields = _LOCAL_HEADER.unpack(header)
            self._fh.seek(info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10])
        except BaseException:
            self.close()
            raise
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            self.close()
            raise KcbudgetError("part_compression", path=path, part=info.filename,
                                method=info.compress_type)
        self._left = info.compress_size
        self._inflate = zlib.decompressobj(-15) if info.compress_type else None
        self._pending = b""
        self._done = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            self._fh.close()

    def _lies(self) -> KcbudgetError:
        return KcbudgetError("part_size_lies", path=self.path, part=self.info.filename,
                             size=self.info.file_size)

    def read(self, n: int = _READ) -> bytes:
        """Up to ``n`` inflated bytes; ``b""`` at the end."""
        while not self._done:
            if self._inflate is None:  # stored: what is there is what comes out
                out = self._fh.read(min(n, self._left))
                self._left -= len(out)
                self._done = not out
            else:
                if not self._pending and self._left > 0:
                    self._pending = self._fh.read(min(_READ, self._left))
                    self._left = self._left - len(self._pending) if self._pending else 0
                try:
                    if self._pending:
                        out = self._inflate.decompress(self._pending, n)
                        self._pending = self._inflate.unconsumed_tail
                    else:
                        out = self._inflate.flush()
                        self._done = True
                except zlib.error as exc:
                    raise KcbudgetError("damaged_part", path=self.path,
                                        part=self.info.filename, reason=exc) from None
                if self._inflate.eof:
                    self._done = True
            self.total += len(out)
            if self.total > self.info.file_size:
                raise self._lies()
            if out:
                return out
        if self.total != self.info.file_size and (
                self._inflate is None or self._inflate.eof):
            raise self._lies()
        return b""

    def drain(self) -> int:
        """Inflate to the end; the real size."""
        while self.read(4 * _READ):
            pass
        return self.total
