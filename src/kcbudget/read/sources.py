"""Opening files: what kind of file it is, its sheets, and their cells as columns.

Cell values come from the Rust reader (fastexcel over calamine) as Arrow
columns of text; a second, cheap load of the amount columns as ``boolean``
marks which cells were numeric in the workbook (calamine gives every numeric
cell a non-null boolean and every text cell a null), so that the text ``48.793``
(Vietnamese: forty-eight thousand) is never confused with the number 48.793.
CSV files are decoded (UTF-8, UTF-8 with BOM, Windows-1258) into the same shape:
every CSV cell is text.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget.errors import KcbudgetError
from kcbudget.read.contained import is_panic, quiet_stderr, read_contained
from kcbudget.read.limits import DEFAULT_LIMITS, check_package, open_archive
from kcbudget.read.xlsxmeta import MAX_ROW_BYTES, Merge, SheetMeta, XlsxPackage

if TYPE_CHECKING:

    from kcbudget.read.limits import Limits
    from kcbudget.read.xlsxmeta import SheetMeta, Styles, XlsxPackage

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_MAX_BYTES = 512 << 20  # a CSV is read whole: about 30× its size in memory
CSV_SUFFIXES = {".csv", ".txt"}
# a sheet XML from this size is scanned in a thread beside the cell load (about 10 000 rows)
OVERLAP_BYTES = 1 << 20


@dataclass
class Grid:
    """Cells of a sheet region as text columns keyed by absolute column index.

    ``rows`` are the sheet's 1-based row numbers of the region; ``numeric``
    holds, for the columns asked for, a list of booleans: the cell was a number.
    """

    first_row: int
    height: int
    columns: dict[int, list[str | None]]
    numeric: dict[int, list[bool]] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> str | None:
        values = self.columns.get(col)
        i = row - self.first_row
        if values is None or not 0 <= i < len(values):
            return None
        return values[i]

    def row_values(self, row: int) -> list[tuple[int, str]]:
        """Non-blank cells of a sheet row, in column order."""
        out: list[tuple[int, str]] = []
        i = row - self.first_row
        if i < 0:
            return out
        for col in sorted(self.columns):
            values = self.columns[col]
            if values is None or i >= len(values):
                continue
            value = values[i]
            if value is not None and str(value).strip():
                out.append((col, value))
        return out


class SheetSource:
    """One sheet of a file: its name, visibility, and a way to load cells."""

    name: str
    visible: bool
    is_csv: bool = False

    def head(self, n_rows: int) -> Grid:  # pragma: no cover - interface
        raise NotImplementedError

    def data(self, first_row: int, columns: list[int], numeric_cols: list[int]
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(pandas DataFrame of text keyed by column index, index = sheet rows,
        DataFrame of bool for ``numeric_cols``)."""
        raise NotImplementedError  # pragma: no cover - interface

    def data_begin(self, first_row: int, columns: list[int], numeric_cols: list[int]
                   ) -> DataCall:
        """:meth:`data` in two parts, so that many sheets' cells can be asked about at
        once between them: this part takes the cells, and says in ``asks`` what it
        asks (None: nothing); :meth:`data_end` makes the frames with the answer.  A
        source that asks nothing reads all of it in :meth:`data_end`."""
        return DataCall(first_row, columns, numeric_cols)

    def data_end(self, call: DataCall, answer: Any = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The frames of :meth:`data`, from what :meth:`data_begin` took and the
        answer to what it asked (None: not asked, or not answered)."""
        return self.data(call.first_row, call.columns, call.numeric_cols)

    def meta(self, style_cells: set[tuple[int, int]] | None = None,
             style_rows: range | None = None) -> SheetMeta:

        return SheetMeta()

    def can_overlap(self) -> bool:
        """Whether the metadata scan may run while the cells are loaded."""
        return False

    def overlap_pays(self) -> bool:
        """Whether it is worth a thread to (see ``ExcelSheet.overlap_pays``)."""
        return False

    def holds_figures(self) -> bool:
        """Whether the sheet holds figures: a cell that reads as a number other than a
        small whole number or a year (numbered steps and dates do not count)."""
        return False

    def styles(self) -> Styles | None:
        return None


def _as_text(array: Any) -> Any:
    """An Arrow column as plain (not large) strings, one chunk."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array if pa.types.is_string(array.type) else array.cast(pa.string())


@dataclass
class DataCall:
    """A call of :meth:`SheetSource.data` between its two parts: its arguments, and
    what an Excel sheet took of its cells (``state``); ``asks``: the cells of its
    figure columns in one Arrow text array, for :func:`plain_number_flags` to answer
    with every sheet of a batch (None: the sheet asks nothing)."""
    first_row: int
    columns: list[int]
    numeric_cols: list[int]
    state: dict[str, Any] = field(default_factory=dict)
    asks: Any = None


def _plain_flags(cells: Any) -> tuple[np.ndarray, np.ndarray]:
    """(cells whose text is a plain decimal, as calamine writes a number; cells of the
    ambiguous form ``48.793``) of an Arrow text array, as numpy bool arrays."""
    looks = np.asarray(pc.fill_null(pc.match_substring_regex(cells, _PLAIN_DECIMAL),
                                    False).to_numpy(zero_copy_only=False))
    vague = np.asarray(pc.fill_null(pc.match_substring_regex(cells, _AMBIGUOUS),
                                    False).to_numpy(zero_copy_only=False))
    return looks, vague


# at most this many bytes of text in one array of :func:`plain_number_flags` (Arrow's
# plain strings take 2 GiB at most; a batch of small sheets is far below)
_JOINED_BYTES = 1 << 30


def plain_number_flags(asked: list[Any]) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`_plain_flags` of each Arrow text array of ``asked``, both regexes run
    once over them all (an Arrow regex compiles its pattern at each call, which costs
    more than a small sheet's cells): cell for cell what each would get alone."""
    if len(asked) == 1 or sum(a.nbytes for a in asked) > _JOINED_BYTES:
        return [_plain_flags(a) for a in asked]
    looks, vague = _plain_flags(pa.concat_arrays(asked))
    ends = np.cumsum([len(a) for a in asked])[:-1]
    return list(zip(np.split(looks, ends), np.split(vague, ends)))


def _flags_frame(columns: list[int], flags: dict[int, np.ndarray], index: pd.Index
                 ) -> pd.DataFrame:
    """The numeric flags of ``columns`` (all False where ``flags`` has none) as one
    block of bool: the frame a dict of them makes, for a fifth of its cost on a small
    sheet (one array stacked, not a block per column)."""
    names = list(dict.fromkeys(columns))
    if not names:
        return pd.DataFrame({}, index=index)
    # a row per column, as pandas holds a block: the frame takes its transpose as it is
    block = np.zeros((len(names), len(index)), dtype=bool)
    for i, col in enumerate(names):
        given = flags.get(col)
        if given is not None:
            block[i] = given
    return pd.DataFrame(block.T, index=index,
                        columns=pd.Index(np.asarray(names, dtype=np.int64)))


def clean_text(array: Any) -> np.ndarray:
    """Arrow text → numpy object array: white space trimmed, empty cells ``None``."""

    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    trimmed = pc.utf8_trim_whitespace(array)
    trimmed = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)
    if len(trimmed) >= _SHARED_TEXT_ROWS:
        # a column that repeats its texts (province, program, year, status) holds one
        # Python string per distinct text, shared by its cells, not one per cell
        if isinstance(trimmed, pa.ChunkedArray):
            trimmed = trimmed.combine_chunks()
        encoded = pc.dictionary_encode(trimmed)
        if len(encoded.dictionary) * 4 <= len(trimmed):
            values = np.empty(len(encoded.dictionary) + 1, dtype=object)
            values[:-1] = encoded.dictionary.to_numpy(zero_copy_only=False)
            values[-1] = None
            codes = pc.fill_null(encoded.indices, len(encoded.dictionary))
            return np.asarray(values[codes.to_numpy(zero_copy_only=False)])
    return np.asarray(trimmed.to_numpy(zero_copy_only=False))


_SHARED_TEXT_ROWS = 1000


def check_path(path: str | os.PathLike[str]) -> Path:
    """A readable regular file, or a KcbudgetError saying why not."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise KcbudgetError("file_not_found", path=p) from None
    except PermissionError:
        raise KcbudgetError("permission_denied", path=p) from None
    except OSError as exc:
        raise KcbudgetError("cannot_open", path=p, reason=exc.strerror or exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise KcbudgetError("is_directory", path=p)
    if not stat.S_ISREG(st.st_mode):
        raise KcbudgetError("not_regular_file", path=p)
    if not os.access(p, os.R_OK):
        raise KcbudgetError("permission_denied", path=p)
    return p


_KIND_SUFFIXES = {"xlsx": {".xlsx", ".xlsm"}, "xls": {".xls"}, "ods": {".ods"}}
_BIFF2_4 = (b"\x09\x00", b"\x09\x02", b"\x09\x04")  # BOF records of Excel 2.x, 3.0, 4.0
_MEMBER_PEEK = 256 << 10  # bytes of a small package member read to tell what it is


def sniff(path: Path) -> str:
    """``xlsx``, ``xls``, ``ods`` or ``csv`` from the file's first bytes and its name.

    What is not a workbook kcbudget reads — a Word or PowerPoint file, a PDF, a zip of
    other files, a password-protected workbook, an Excel 2.x–4.0 or ``.xlsb`` file, a
    workbook saved under another kind's name — is a :class:`KcbudgetError` whose one
    line says which it is and what to do, in the user's language."""
    return _sniff(path)


def _sniff(path: Path, opened: list[zipfile.ZipFile] | None = None) -> str:
    """:func:`sniff`; with ``opened``, the zip of an ``xlsx`` or ``ods`` (when it could
    be read) is put there open, so that its directory is read once per file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise KcbudgetError("permission_denied", path=path) from None
    except OSError as exc:
        raise KcbudgetError("cannot_read", path=path, reason=exc.strerror or exc) from None
    suffix = path.suffix.lower()
    if not head:
        raise KcbudgetError("empty_file", path=path)
    if head.startswith(ZIP_MAGIC):
        kind = _zip_kind(path, opened)
    elif head.startswith(OLE_MAGIC):
        kind = _ole_kind(path)
    elif head.startswith(b"%PDF"):
        raise KcbudgetError("pdf_not_workbook", path=path)
    elif head[:2] in _BIFF2_4 and suffix not in CSV_SUFFIXES:
        raise KcbudgetError("excel_2_4", path=path)
    elif suffix in CSV_SUFFIXES:
        return "csv"
    elif suffix in XLSX_SUFFIXES | {".xls", ".ods", ".xlsb"}:
        raise KcbudgetError("content_not_suffix", path=path, suffix=suffix)
    else:
        raise KcbudgetError("unsupported_type" if suffix else "unsupported_no_extension",
                            path=path, suffix=suffix)
    if suffix not in _KIND_SUFFIXES[kind]:
        actual = ".xlsx" if kind == "xlsx" else f".{kind}"
        raise KcbudgetError("content_is_other_workbook", path=path, suffix=suffix or "''",
                            actual=actual)
    return kind


def _zip_kind(path: Path, opened: list[zipfile.ZipFile] | None = None) -> str:
    """What a zip archive holds: an xlsx (``xlsx``), an OpenDocument spreadsheet
    (``ods``), or one of the things that are not a workbook (raised).  With
    ``opened``, the archive of an xlsx or ods is handed over there, open."""

    archive: zipfile.ZipFile | None = None
    try:
        archive = zipfile.ZipFile(path)
        kind = _zip_content(path, archive)
        if kind is not None and opened is not None:
            opened.append(archive)
            archive = None  # handed over: not closed here
        if kind is not None:
            return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, OSError,
            NotImplementedError, ValueError):
        if path.suffix.lower() in XLSX_SUFFIXES | {".ods"}:
            return "ods" if path.suffix.lower() == ".ods" else "xlsx"  # damaged: say so later
        raise KcbudgetError("damaged_zip", path=path) from None
    finally:
        if archive is not None:
            archive.close()
    if path.suffix.lower() in XLSX_SUFFIXES | {".ods"}:
        raise KcbudgetError("content_not_suffix", path=path, suffix=path.suffix.lower())
    raise KcbudgetError("zip_not_workbook", path=path)


def _zip_content(path: Path, archive: zipfile.ZipFile) -> str | None:
    """``xlsx`` or ``ods`` from an archive's members, None for a zip of other files;
    what is not a workbook but says what it is is raised."""
    names = {n.lower() for n in archive.namelist()}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise KcbudgetError("xlsb_not_supported", path=path)
    if "word/document.xml" in names:
        raise KcbudgetError("word_not_workbook", path=path)
    if "ppt/presentation.xml" in names:
        raise KcbudgetError("powerpoint_not_workbook", path=path)
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            mimetype = member.read(100).decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            if "meta-inf/manifest.xml" in names:
                with archive.open("META-INF/manifest.xml") as member:
                    if b"encryption-data" in member.read(_MEMBER_PEEK):
                        raise KcbudgetError("encrypted_workbook", path=path)
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            raise KcbudgetError("odf_not_spreadsheet", path=path)
    return None


def _ole_kind(path: Path) -> str:
    """What an OLE2 compound file (the container of old Office files, and of every
    password-protected Office file) holds: an ``.xls`` workbook, or raised."""
    import olefile  # lazy: only OLE2 files (.xls, encrypted workbooks) need olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True,
                                                                         storages=False)}
            if {"encryptedpackage", "encryptioninfo"} & streams:
                raise KcbudgetError("encrypted_workbook", path=path)
            book = next((name for name in ("workbook", "book") if name in streams), None)
            if book is None:
                if "worddocument" in streams:
                    raise KcbudgetError("word_not_workbook", path=path)
                if "powerpoint document" in streams:
                    raise KcbudgetError("powerpoint_not_workbook", path=path)
                raise KcbudgetError("ole_not_workbook", path=path)
            with ole.openstream(book) as stream:
                if _biff_filepass(stream.read(4096)):
                    raise KcbudgetError("encrypted_workbook", path=path)
    except KcbudgetError:
        raise
    except Exception:  # olefile's own errors for a damaged container
        raise KcbudgetError("damaged_ole", path=path) from None
    return "xls"


def _biff_filepass(data: bytes) -> bool:
    """Whether the first records of a BIFF workbook stream hold FILEPASS (0x002F): the
    workbook is encrypted with a password (it comes right after the first BOF)."""
    pos = 0
    for _ in range(32):
        if pos + 4 > len(data):
            return False
        kind = int.from_bytes(data[pos:pos + 2], "little")
        size = int.from_bytes(data[pos + 2:pos + 4], "little")
        if kind == 0x002F:
            return True
        if kind in (0x0085, 0x00FC, 0x003C):  # BOUNDSHEET, SST, CONTINUE: past the header
            return False
        pos += 4 + size
    return False


def open_sources(path: str | os.PathLike[str], limits: Limits | None = None) -> list[SheetSource]:
    """The sheets of a file, in workbook order; the archive's limits are checked first."""

    limits = limits or DEFAULT_LIMITS
    p = check_path(path)
    opened: list[zipfile.ZipFile] = []
    try:
        kind = _sniff(p, opened)
        if kind == "csv":
            return [CsvSheet(p, limits)]
        # the zip's directory read once for the file: by sniff, the package check and
        # the metadata reader (a damaged zip that sniff could not open is opened, and
        # refused, by the check)
        archive = opened.pop() if opened else None
        if kind in ("xlsx", "ods"):
            if archive is None:
                archive = open_archive(p)
            opened.append(archive)
            check_package(p, limits, archive)
            opened.clear()
        if archive is not None and (kind != "xlsx" or _contained(p, kind)):
            archive.close()
            archive = None
        return _excel_sheets(p, kind, limits, archive)
    finally:
        for archive in opened:
            archive.close()


# ---------------------------------------------------------------------------- excel

def _quiet_rust_logs() -> None:
    """fastexcel logs dtype guesses as warnings; they are not the user's business."""

    logger = logging.getLogger("fastexcel")
    logger.setLevel(logging.CRITICAL)
    logger.propagate = False


CONTAINED_SUFFIXES = {".xls", ".xlsb", ".ods"}


def _contained(path: Path, kind: str) -> bool:
    """Formats read in a capped child process (see :mod:`kcbudget.read.contained`)."""
    return kind in ("xls", "ods") or path.suffix.lower() in CONTAINED_SUFFIXES


def _excel_sheets(path: Path, kind: str, limits: Limits,
                  archive: zipfile.ZipFile | None = None) -> list[SheetSource]:

    _quiet_rust_logs()

    package = None
    reader: Any
    if _contained(path, kind):
        reader = read_contained(path, limits)
        names = list(reader.sheet_names)
    else:


        package = XlsxPackage(str(path), limits, archive)
        package.sheet_parts()  # refuses DTD/entities in workbook.xml early
        package.check_workbook()  # sheets per workbook, before the reader opens it
        try:
            with quiet_stderr():
                reader = fastexcel.read_excel(str(path))
                names = list(reader.sheet_names)
        except Exception as exc:  # the Rust reader raises its own exception types
            raise KcbudgetError("cannot_read_workbook", path=path, reason=_short(exc)) from exc
        except BaseException as exc:  # a Rust panic is a BaseException
            if not is_panic(exc):
                raise
            raise KcbudgetError("reader_failed", path=path, reason=_short(exc)) from None
    if not names:
        raise KcbudgetError("no_sheets", path=path)
    return [ExcelSheet(path, reader, i, name, package) for i, name in enumerate(names)]


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


# calamine's text for a number: no leading zeros, no trailing zeros after the point
_PLAIN_DECIMAL = r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"
_AMBIGUOUS = r"^-?[0-9]{1,3}\.[0-9]{2}[1-9]$"


class ExcelSheet(SheetSource):
    def __init__(self, path: Path, reader: Any, index: int, name: str,
                 package: XlsxPackage | None) -> None:
        self.path = path
        self.reader = reader
        self.index = index
        self.name = name
        self.package = package
        self._visible: bool | None = None
        self._batch: Any = None
        self._meta: SheetMeta | None = None
        self._abs: dict[int, int] = {}

    @property
    def visible(self) -> bool:  # read lazily, from the workbook
        if self._visible is None and self.package is not None:
            state = self.package.sheet_states().get(self.name)
            if state is not None:
                self._visible = state == "visible"
        if self._visible is None:

            try:
                with quiet_stderr():
                    state = self.reader.load_sheet(self.index, header_row=None, n_rows=1,
                                                   dtypes="string").visible
            except Exception:
                state = "visible"
            except BaseException as exc:
                if not is_panic(exc):
                    raise
                state = "visible"
            self._visible = str(state).lower() == "visible"
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        self._visible = value

    def _load(self, **kwargs: Any) -> tuple[Any, Any]:
        """(the loaded sheet, its Arrow batch), the reader's failures as KcbudgetError."""

        if self.package is not None:
            self.package.check_sheet(self.name)  # grid, real size, merges: before calamine
        try:
            with quiet_stderr():
                sheet = self.reader.load_sheet(self.index, header_row=None, **kwargs)
                return sheet, sheet.to_arrow()  # the conversion runs Rust code too
        except Exception as exc:
            raise KcbudgetError("cannot_read_sheet", path=self.path, sheet=self.name,
                                reason=_short(exc)) from exc
        except BaseException as exc:  # a Rust panic is a BaseException
            if not is_panic(exc):
                raise
            raise KcbudgetError("cannot_read_sheet", path=self.path, sheet=self.name,
                                reason=_short(exc)) from None

    def _all(self) -> tuple[Any, dict[int, int]]:
        """The whole sheet, parsed once, as Arrow text columns from row 1."""
        if self._batch is None:
            sheet, self._batch = self._load(skip_rows=0, dtypes="string")
            self._abs = {info.absolute_index: i
                         for i, info in enumerate(sheet.available_columns())}
        return self._batch, self._abs

    def head(self, n_rows: int) -> Grid:
        batch, by_abs = self._all()
        head = batch.slice(0, n_rows)
        columns = {col: head.column(i).to_pylist() for col, i in by_abs.items()}
        return Grid(first_row=1, height=head.num_rows, columns=columns)

    def data(self, first_row: int, columns: list[int], numeric_cols: list[int]
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Text of the rows from ``first_row``, and which cells were numbers.

        Calamine writes a numeric cell as its shortest decimal text (``541.9``,
        ``48``), so a cell whose text is a plain decimal is taken as numeric.  The
        one case where that guess could change a value — ``48.793``, three
        decimals, which a Vietnamese clerk may have typed as text meaning 48 793 —
        is settled exactly from the cell types in the sheet XML: the metadata scan
        notes the text cells whose text reads as a number (inline strings, formula
        strings, and shared strings among the few that read as numbers); where it
        could not, one more regex pass stops only at the text cells of those
        columns; a sheet whose cells do not start with their reference falls back
        to loading those columns once more as booleans, which calamine gives only
        to numeric cells."""

        return self.data_end(self.data_begin(first_row, columns, numeric_cols))

    def data_begin(self, first_row: int, columns: list[int], numeric_cols: list[int]
                   ) -> DataCall:
        """The cells of :meth:`data` taken from the sheet's Arrow batch (which is let
        go); a sheet of fewer than :data:`_SHARED_TEXT_ROWS` rows asks which cells of
        its figure columns read as numbers (:func:`plain_number_flags`), with the other
        sheets of its batch."""
        call = DataCall(first_row, columns, numeric_cols)
        batch, by_abs = self._all()
        start = first_row - 1
        body = batch.slice(start)
        n = body.num_rows
        columns = list(dict.fromkeys(columns))
        arrays: dict[int, Any] = {col: _as_text(body.column(by_abs[col]))
                                  for col in columns if col in by_abs}
        # one copy of the cells at a time: the number flags are read from Arrow first,
        # then Arrow's cells are let go as the frame's Python strings are made
        self._batch = None
        del batch, body
        given = [col for col in numeric_cols if col in arrays]
        joined = pa.concat_arrays([arrays[col] for col in given]) if given and n else None
        call.state = {"start": start, "n": n, "columns": columns, "arrays": arrays,
                      "given": given, "by_abs": by_abs, "joined": joined}
        if joined is not None and n < _SHARED_TEXT_ROWS:
            call.asks = joined
        return call

    def data_end(self, call: DataCall, answer: Any = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The frames of :meth:`data` from what :meth:`data_begin` took, and the flags
        :func:`plain_number_flags` gave (made here when not asked)."""
        first_row, numeric_cols = call.first_row, call.numeric_cols
        state, call.state, call.asks = call.state, {}, None
        start, n, columns, arrays = state["start"], state["n"], state["columns"], \
            state["arrays"]
        given, by_abs, joined = state["given"], state["by_abs"], state.pop("joined")
        index = pd.RangeIndex(first_row, first_row + n)
        numeric_data: dict[int, Any] = {}
        exact: list[int] = []
        if joined is not None:
            looks, vague = answer if answer is not None else _plain_flags(joined)
            del joined
            for i, col in enumerate(given):
                numeric_data[col] = looks[i * n:(i + 1) * n]
                if vague[i * n:(i + 1) * n].any():
                    exact.append(col)
        # every column's cells in one Arrow array, so that each kernel runs once per sheet
        # rather than once per column; the frame is then one block of text
        cells = np.full((len(columns), n), None, dtype=object)
        present = [i for i, col in enumerate(columns) if col in arrays]
        if present and n >= _SHARED_TEXT_ROWS:
            # a large sheet column by column: a column that repeats its texts (province,
            # program, year) then holds one Python string per distinct text
            for i in present:
                cells[i] = clean_text(arrays.pop(columns[i]))
        elif present and n:
            joined = clean_text(pa.concat_arrays([arrays.pop(columns[i]) for i in present]))
            cells[present] = joined.reshape(len(present), n)
            del joined
        arrays.clear()
        frame = pd.DataFrame(cells.T, index=index, columns=pd.Index(np.asarray(columns, dtype=np.int64)),
                             dtype=object)
        del cells
        numeric = _flags_frame(numeric_cols, numeric_data, index)
        typed = None
        known = self._meta.text_numbers if self._meta is not None else None
        if exact and known is not None:  # found by the metadata scan
            typed = {col: known.get(col, []) for col in exact}
        elif exact and self.package is not None:  # a second pass over the sheet XML
            typed = self.package.text_cells(self.name, exact)
        if typed is not None:
            for col in exact:
                rows = np.asarray(typed[col], dtype="int64") - first_row
                rows = rows[(rows >= 0) & (rows < n)]
                mask = numeric[col].to_numpy(copy=True)
                mask[rows] = False
                numeric[col] = mask
        elif exact:
            rel = [by_abs[c] for c in exact]
            bools, bbatch = self._load(skip_rows=start, use_columns=rel,
                                       dtypes=dict.fromkeys(rel, "boolean"))
            babs = {info.absolute_index: i for i, info in enumerate(bools.selected_columns)}
            for col in exact:
                arr = bbatch.column(babs[col]).is_valid().to_numpy(zero_copy_only=False)
                if len(arr) < n:  # trailing rows without this column
                    arr = np.concatenate([arr, np.zeros(n - len(arr), bool)])
                numeric[col] = arr[:n]
        self._batch = None  # the cells now live in the frame: let Arrow's copy go
        return frame, numeric

    def holds_figures(self) -> bool:
        batch, _ = self._all()
        return any(_figures_in(batch.column(i)) for i in range(batch.num_columns))

    def meta(self, style_cells: set[tuple[int, int]] | None = None,
             style_rows: range | None = None) -> SheetMeta:
        if self.package is None:
            found = super().meta()
            ranges = getattr(self.reader, "merges", None)
            ranges = ranges(self.index) if ranges is not None else None
            if ranges:  # .xls / .ods: the merges the child read (read/contained.py)

                found.merges = [Merge(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in ranges
                                if 0 <= r0 <= r1 and 0 <= c0 <= c1]
            return found
        plain = style_cells is None and style_rows is None
        # a sheet over a limit is refused before its scan; the first check makes the
        # plain scan in the same pass over the XML
        found = self.package.check_and_scan(self.name, style_cells, style_rows, numbers=plain)
        if plain:
            self._meta = found
        return found

    def can_overlap(self) -> bool:
        """The scan and the cell load may run side by side when the sheet's XML is
        no larger than the largest row the scan accepts (64 MiB) and it declares a size
        within the row limit: nothing the scan would refuse can then reach the Rust
        reader.  Otherwise the scan runs first, and a sheet over a limit is refused
        before its cells are loaded."""

        if self.package is None:
            return False
        size = self.package.part_size(self.name)
        if size is None or size > MAX_ROW_BYTES:
            return False
        declared = self.package.declared_rows(self.name)
        return declared is not None and declared <= self.package.limits.max_rows

    def overlap_pays(self) -> bool:
        """Whether running the scan beside the cell load is worth its thread: the sheet
        may overlap (:meth:`can_overlap`) and its XML is at least
        :data:`OVERLAP_BYTES`.  A small sheet loads in less time than a thread costs,
        and a region's small files are read side by side already."""
        if self.package is None:
            return False
        size = self.package.part_size(self.name)
        return size is not None and size >= OVERLAP_BYTES and self.can_overlap()


    def styles(self) -> Styles | None:
        return self.package.styles() if self.package is not None else None


# ---------------------------------------------------------------------------- csv

def decode_csv(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding it was read in: UTF-8 (with or without BOM), else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise KcbudgetError("csv_bad_utf8", path=path, offset=exc.start + 3) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise KcbudgetError("csv_bad_utf16", path=path) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise KcbudgetError("csv_binary", path=path)
        try:
            return unicodedata.normalize("NFC", data.decode(encoding)), encoding
        except UnicodeDecodeError:
            raise KcbudgetError("csv_bad_utf16", path=path) from None
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise KcbudgetError("csv_unknown_encoding", path=path) from None
    return unicodedata.normalize("NFC", text), "cp1258"


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for text saved as UTF-16 without a byte-order mark
    (Vietnamese and Latin text then has a zero in most high bytes: the odd bytes in
    little-endian, the even ones in big-endian), else None."""
    sample = data[:8192]
    if len(sample) < 4 or (len(sample) % 2 and len(data) == len(sample)):
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd >= 0.3 and zeros_even <= 0.05:
        return "utf-16-le"
    if zeros_even >= 0.3 and zeros_odd <= 0.05:
        return "utf-16-be"
    return None


def _delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one that splits the most of the first lines (outside
    quotes) into the same number of fields; Excel in a Vietnamese locale writes ``;``."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for candidate in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        except csv.Error:
            continue
        if not widths:
            continue
        widest = max(widths)
        score = sum(1 for w in widths if w == widest and w > 1) * widest
        if score > best_score:
            best, best_score = candidate, score
    return best


def _figures_in(array: Any) -> bool:
    """Any cell of ``array`` (Arrow text) that is a figure: a number with a decimal part,
    or a whole number above 31 that is not a year."""

    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    text = pc.utf8_trim_whitespace(array)
    number = pc.fill_null(pc.match_substring_regex(
        text, r"^-?[0-9]([0-9.,\s]*[0-9])?$"), False)
    small = pc.fill_null(pc.match_substring_regex(text, r"^([0-9]|[12][0-9]|3[01])$"), False)
    year = pc.fill_null(pc.match_substring_regex(text, r"^(19|20)[0-9][0-9]$"), False)
    return bool(pc.any(pc.and_(number, pc.invert(pc.or_(small, year)))).as_py() or False)


class CsvSheet(SheetSource):
    is_csv = True
    visible = True

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.name = path.stem
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > min(limits.max_uncompressed, CSV_MAX_BYTES):
            raise KcbudgetError("csv_too_large", path=path, size=size,
                                limit=min(limits.max_uncompressed, CSV_MAX_BYTES))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KcbudgetError("cannot_read", path=path, reason=exc.strerror or exc) from None
        text, self.encoding = decode_csv(data, path)
        delimiter = _delimiter(text)
        try:
            rows: list[list[str]] = []
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                rows.append(row)
                if len(rows) > limits.max_rows:
                    raise KcbudgetError("csv_too_many_rows", path=path, limit=limits.max_rows)
        except csv.Error as exc:
            raise KcbudgetError("not_csv", path=path, reason=exc) from None
        width = max((len(r) for r in rows), default=0)
        self._columns = {c: [(r[c] if c < len(r) and r[c] != "" else None) for r in rows]
                         for c in range(width)}
        self._height = len(rows)

    def holds_figures(self) -> bool:

        return any(_figures_in(pa.array(values, type=pa.string()))
                   for values in self._columns.values())

    def head(self, n_rows: int) -> Grid:
        return Grid(1, min(n_rows, self._height),
                    {c: v[:n_rows] for c, v in self._columns.items()})

    def data(self, first_row: int, columns: list[int], numeric_cols: list[int]
             ) -> tuple[pd.DataFrame, pd.DataFrame]:

        n = max(self._height - (first_row - 1), 0)
        index = pd.RangeIndex(first_row, first_row + n)

        frame = pd.DataFrame(
            {c: pd.Series(clean_text(pa.array(
                self._columns.get(c, [None] * self._height)[first_row - 1:],
                type=pa.string())), index=index, dtype=object) for c in columns},
            index=index)
        numeric = pd.DataFrame(dict.fromkeys(numeric_cols, False), index=index)
        return frame, numeric
