"""What only the workbook's XML can tell: merged ranges, formulas without a cached
value, and the font and number format of chosen cells.

The Rust reader (calamine) gives cell values but not this metadata, and loading
a whole sheet with openpyxl would cost ten times the read.  So the sheet XML is
streamed once with byte-level regular expressions (no XML parser, hence no
entity expansion); the small parts that need a real parser (workbook.xml, its
relationships, styles.xml) go through ``defusedxml``, which refuses DTDs and
entity declarations.
"""

from __future__ import annotations

import posixpath
import re
import threading
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Self

import numpy as np
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from kcbudget.errors import KcbudgetError
from kcbudget.model.diagnostic import column_letter
from kcbudget.read.limits import (
    _PROLOG_BYTES,
    DEFAULT_LIMITS,
    CountedMember,
    _dtd_in,
    too_many_rows,
)

if TYPE_CHECKING:
    from kcbudget.read.limits import Limits

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_DOC = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_CHUNK = 4 << 20
MAX_ROW_BYTES = _MAX_ROW_BYTES = 64 << 20  # no real row comes near; a text bomb in one cell does

# a cell element, with or without a body
_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>[^<]+</v>")
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE_TEXT = re.compile(rb"<v>([^<]*)</v>")
_CELL_WITHOUT_REF = re.compile(rb'<c(?:>| (?!r="))')
# Whether a block holds a literal: ``re`` searches for a pattern's literal prefix about
# twice as fast as ``bytes.__contains__`` finds these short needles in sheet XML (where
# ``<`` and ``t="`` come every few bytes); each pattern is only ever asked ``search``
_HAS_FORMULA = re.compile(rb"<f")
_HAS_ERROR = re.compile(rb't="e"')
_HAS_STR = re.compile(rb't="str"')
_HAS_ERROR_OR_STR = re.compile(rb't="(?:e|str)"')  # one pass where neither is (the usual)
_HAS_INLINE = re.compile(rb"<is>")
# a ``<row`` that is not ``<row `` nor ``<row>`` (``<rowBreaks``): only where there is
# one are the two counted apart
_ROW_OTHER = re.compile(rb"<row[^ >]")
# a ``<c`` that does not open ``<c r="``: only where there is one can a block hold more
# ``<c`` than cell references (a ``<col``, a cell without a reference, ...)
_C_OTHER = re.compile(rb'<c(?! r=")')
_NUMBER = rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?"  # a number as calamine writes it
_PLAIN_NUMBER_TEXT = re.compile(_NUMBER)
_SI_NUMBER = re.compile(rb"<si><t(?:\s[^>]*)?>(" + _NUMBER + rb")</t></si>")
_SI_RICH = re.compile(rb"<si>(<r[ >].*?)</si>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_RUN_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_INLINE_NUMBER = re.compile(rb"<is><t(?:\s[^>]*)?>" + _NUMBER + rb"</t></is>")
_STR_NUMBER = re.compile(rb'\bt="str"[^>]*>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?<v>' + _NUMBER
                         + rb"</v>")
# the same without the leading \b: a pattern that starts with a literal is searched for
# by that literal, one that starts with \b is tried at every byte (about 10 times slower)
_STR_NUMBER_FAST = re.compile(_STR_NUMBER.pattern[2:])
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_MAX_NUMBER_STRINGS = 256  # shared strings that read as numbers, looked for by index
_MAX_TEXT_NUMBERS = 200_000  # text cells that read as numbers, collected in one scan


class _TextNumbers:
    """Finds, during the metadata scan, the cells typed as text whose text is a
    plain decimal: inline strings, formula string results and shared strings whose
    index is among the (few) number strings.  Each hit is located by the ``<c r=…``
    that opens its cell; a cell without that reference makes the answer unknown."""

    def __init__(self, number_strings: list[int] | None) -> None:
        self.possible = number_strings is not None
        self.shared = None
        self.shared_fast = None
        if number_strings:
            alternatives = b"|".join(str(i).encode() for i in number_strings)
            self.shared = re.compile(rb'\bt="s"[^>]*><v>(?:' + alternatives + rb")</v>")
            # the same cells: a literal first, and the indices as a tree of their digits
            # rather than a list of alternatives tried one after the other
            self.shared_fast = re.compile(rb't="s"[^>]*><v>' + digits_tree(
                [str(i).encode() for i in number_strings]) + rb"</v>")
        self.count = 0

    def collect(self, data: bytes, meta: SheetMeta, str_cells: bool = True) -> None:
        """The text numbers of ``data`` into ``meta``; ``str_cells`` False: ``data``
        holds no ``t="str"`` (the caller has looked)."""
        patterns: list[tuple[re.Pattern[bytes], re.Pattern[bytes] | None]] = \
            [(_INLINE_NUMBER, None)] if _HAS_INLINE.search(data) else []
        if str_cells and _HAS_STR.search(data):
            patterns.append((_STR_NUMBER, _STR_NUMBER_FAST))
        if self.shared is not None:
            patterns.append((self.shared, self.shared_fast))
        found = meta.text_numbers
        if found is None:
            return
        for exact, fast in patterns:
            for match in _matches(data, exact, fast):
                start = data.rfind(b"<c", 0, match.start())
                ref = _REF_AT.match(data, start) if start >= 0 else None
                self.count += 1
                if ref is None or self.count > _MAX_TEXT_NUMBERS:
                    meta.text_numbers = None
                    return
                found.setdefault(col_index(ref.group(1).decode()), []).append(
                    int(ref.group(2)))


def _matches(data: bytes, exact: re.Pattern[bytes], fast: re.Pattern[bytes] | None
             ) -> list[re.Match[bytes]] | Iterator[re.Match[bytes]]:
    """The matches of ``exact`` (a pattern that starts with ``\\b`` before a word
    byte) in ``data``, found with ``fast`` (the same pattern without the ``\\b``):
    where every match of ``fast`` has no word byte before it, they are the matches of
    ``exact``, one for one; otherwise ``exact`` is run itself."""
    if fast is None:
        return exact.finditer(data)
    found = list(fast.finditer(data))
    if any(m.start() and data[m.start() - 1] in _WORD_BYTES for m in found):
        return exact.finditer(data)
    return found


def digits_tree(numbers: list[bytes]) -> bytes:
    """A regular expression that matches exactly the given strings of digits, as a
    tree of their common prefixes: ``2(?:06|5(?:7|8))`` for 206, 257 and 258."""
    tree: dict[Any, Any] = {}
    for number in numbers:
        node = tree
        for byte in number:
            node = node.setdefault(byte, {})
        node[None] = {}

    def emit(node: dict[Any, Any]) -> bytes:
        branches = [bytes([byte]) + emit(child) for byte, child in sorted(
            (k, v) for k, v in node.items() if k is not None)]
        if not branches:
            return b""
        body = branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"
        return b"(?:" + body + b")?" if None in node else body

    return emit(tree)


_DIMENSION = re.compile(rb'<dimension\b[^>]*\bref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_REF_AT = re.compile(rb'<c r="([A-Z]+)(\d+)"')


def col_index(letters: str) -> int:
    """``A`` → 0, ``AA`` → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based rows and 0-based columns, inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class SheetMeta:
    merges: list[Merge] = field(default_factory=list)
    # (row, col) → formula text, for formula cells with no cached value
    uncached_formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, col) → the error value (#DIV/0!, #REF!, …) of error cells
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, col) → style index, only for the cells asked for
    styles: dict[tuple[int, int], int] = field(default_factory=dict)
    # column → rows of the cells typed as text whose text is a plain decimal
    # ("48.793" typed as text, which calamine shows as it would show a number);
    # None when not collected or when there were too many to collect
    text_numbers: dict[int, list[int]] | None = None


@dataclass
class Styles:
    fonts: list[str]  # font name per font id
    xf_font: list[int]  # font id per cell style (cellXfs) index
    xf_numfmt: list[int]  # numFmtId per cell style index
    numfmts: dict[int, str]  # custom number formats

    def font_of(self, style: int) -> str | None:
        if 0 <= style < len(self.xf_font):
            font = self.xf_font[style]
            if 0 <= font < len(self.fonts):
                return self.fonts[font]
        return None

    def is_percent(self, style: int) -> bool:
        if not 0 <= style < len(self.xf_numfmt):
            return False
        fmt_id = self.xf_numfmt[style]
        if fmt_id in (9, 10):  # built-in 0% and 0.00%
            return True
        return "%" in self.numfmts.get(fmt_id, "")


def _parse_xml(data: bytes) -> Any:

    try:
        return ElementTree.fromstring(data)
    except DefusedXmlException as exc:
        raise KcbudgetError("xml_dtd", reason=exc) from exc
    except ElementTree.ParseError as exc:
        raise KcbudgetError("damaged_xml", reason=exc) from None


_CHECK_LOCK = threading.Lock()


class XlsxPackage:
    """The zip of an xlsx/xlsm workbook, opened for metadata only."""

    def __init__(self, path: str, limits: Limits | None = None,
                 archive: zipfile.ZipFile | None = None) -> None:
        """``archive``: the workbook's zip already opened (its directory read once per
        file, see :func:`kcbudget.read.sources.open_sources`); the package keeps it."""

        self.path = path
        self.limits = limits or DEFAULT_LIMITS
        self._number_strings: list[int] | None = None
        self._number_strings_read = False
        if archive is not None:
            self.zip = archive
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise KcbudgetError("not_xlsx", path=path, reason=exc) from exc
        self._sheet_parts: dict[str, str] | None = None
        self._styles: Styles | None = None
        # the small parts read more than once (workbook.xml, its relationships): their
        # bytes and their parse, made once per file
        self._parts: dict[str, bytes] = {}
        self._roots: dict[str, Any] = {}
        self._rels: list[tuple[str | None, str, str]] | None = None

    def close(self) -> None:
        self.zip.close()

    def _read(self, member: str) -> bytes:
        try:
            return self.zip.read(member)
        except KeyError:
            return b""
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise KcbudgetError("damaged_part", path=self.path, part=member, reason=exc) from exc

    def _part(self, member: str) -> bytes:
        """:meth:`_read`, once per member (only for small parts: workbook.xml, the
        relationships)."""
        data = self._parts.get(member)
        if data is None:
            data = self._parts[member] = self._read(member)
        return data

    def _root(self, member: str) -> Any:
        """The parse of a small part, made once; a part that does not parse raises
        each time it is asked for, as before."""
        root = self._roots.get(member)
        if root is None:
            root = self._roots[member] = _parse_xml(self._part(member))
        return root

    def number_strings(self) -> list[int] | None:
        """Indices of the shared strings whose text is a plain decimal (``12``,
        ``48.793``); ``None`` when there are more than :data:`_MAX_NUMBER_STRINGS`."""
        if self._number_strings_read:
            return self._number_strings
        self._number_strings_read = True
        data = unprefixed(self._read(self._shared_strings_member()))
        n_strings = data.count(b"<si>")
        if data.count(b"<si") != n_strings or n_strings != (
                data.count(b"</t></si>") + data.count(b"</r></si>")):
            # a string with attributes, or with children besides its text (phonetic
            # runs, <phoneticPr/>): told apart only by parsing, so not told here
            self._number_strings = None
            return None
        found: list[int] = []
        index, pos = 0, 0
        candidates = sorted([(m.start(), m.group(1)) for m in _SI_NUMBER.finditer(data)]
                            + [(m.start(), m.group(1)) for m in _SI_RICH.finditer(data)])
        for start, body in candidates:
            index += data.count(b"<si>", pos, start)
            pos = start
            if body.startswith((b"<r>", b"<r ")):
                body = _PHONETIC.sub(b"", body)
                body = b"".join(_RUN_TEXT.findall(body))
            if _PLAIN_NUMBER_TEXT.fullmatch(body):
                found.append(index)
        self._number_strings = found if len(found) <= _MAX_NUMBER_STRINGS else None
        return self._number_strings

    def _shared_strings_member(self) -> str:
        for _, kind, member in self._relationships():
            if kind.endswith("/sharedStrings"):
                return member
        return "xl/sharedStrings.xml"

    def _relationships(self) -> list[tuple[str | None, str, str]]:
        """(id, type, zip member) of each relationship of ``workbook.xml``."""
        if self._rels is not None:
            return self._rels
        rels = self._part("xl/_rels/workbook.xml.rels")
        out = []
        if rels:
            for rel in self._root("xl/_rels/workbook.xml.rels").iter(
                    f"{_NS_PKG_REL}Relationship"):
                target = rel.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join("xl", target))
                out.append((rel.get("Id"), rel.get("Type", ""), member))
        self._rels = out
        return out

    def sheet_states(self) -> dict[str, str]:
        """Sheet name → ``visible``, ``hidden`` or ``veryHidden`` (workbook.xml)."""
        workbook = self._part("xl/workbook.xml")
        if not workbook:
            return {}
        return {sheet.get("name", ""): sheet.get("state", "visible")
                for sheet in self._root("xl/workbook.xml").iter(f"{_NS_MAIN}sheet")}

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name → zip member of its XML."""
        if self._sheet_parts is None:
            parts: dict[str, str] = {}
            workbook = self._part("xl/workbook.xml")
            targets = {rid: member for rid, _, member in self._relationships()}
            if workbook and targets:
                for sheet in self._root("xl/workbook.xml").iter(f"{_NS_MAIN}sheet"):
                    rid = sheet.get(f"{_NS_REL_DOC}id")
                    if rid in targets:
                        parts[sheet.get("name", "")] = targets[rid]
            self._sheet_parts = parts
        return self._sheet_parts

    def styles(self) -> Styles:
        if self._styles is None:
            data = self._read("xl/styles.xml")
            fonts: list[str] = []
            xf_font: list[int] = []
            xf_numfmt: list[int] = []
            numfmts: dict[int, str] = {}
            if data:
                root = _parse_xml(data)
                for fmt in root.iter(f"{_NS_MAIN}numFmt"):
                    try:
                        numfmts[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
                    except ValueError:
                        pass
                fonts_el = root.find(f"{_NS_MAIN}fonts")
                if fonts_el is not None:
                    for font in fonts_el.findall(f"{_NS_MAIN}font"):
                        name = font.find(f"{_NS_MAIN}name")
                        fonts.append(name.get("val", "") if name is not None else "")
                xfs = root.find(f"{_NS_MAIN}cellXfs")
                if xfs is not None:
                    for xf in xfs.findall(f"{_NS_MAIN}xf"):
                        xf_font.append(_int(xf.get("fontId")))
                        xf_numfmt.append(_int(xf.get("numFmtId")))
            self._styles = Styles(fonts, xf_font, xf_numfmt, numfmts)
        return self._styles

    def scan_sheet(self, name: str, style_cells: set[tuple[int, int]] | None = None,
                   style_rows: range | None = None, numbers: bool = False) -> SheetMeta:
        """The sheet's metadata from the byte scan (:meth:`_scan_bytes`), or, where the
        sheet's XML binds namespaces in a way the scan does not follow, from openpyxl
        (:func:`meta_from_openpyxl`)."""
        try:
            return self._scan_bytes(name, style_cells, style_rows, numbers)
        except PrefixError:
            return meta_from_openpyxl(self.path, name, style_cells, style_rows, numbers,
                                      self.limits)

    def check_and_scan(self, name: str, style_cells: set[tuple[int, int]] | None = None,
                       style_rows: range | None = None, numbers: bool = False) -> SheetMeta:
        """:meth:`check_sheet`, then :meth:`scan_sheet`.  The first check of a sheet
        also makes its plain scan (with ``numbers``) in the same pass over its XML (see
        :meth:`_check_sheet`); that scan's outcome, kept from the pass, is given here
        once, so a sheet's XML is inflated once for both."""
        self.check_sheet(name)
        if style_cells is None and style_rows is None and numbers:
            kept = self.__dict__.setdefault("_kept_scans", {}).pop(name, None)
            if isinstance(kept, BaseException):
                raise kept
            if isinstance(kept, SheetMeta):
                return kept
        return self.scan_sheet(name, style_cells, style_rows, numbers)

    def _scan_bytes(self, name: str, style_cells: set[tuple[int, int]] | None = None,
                    style_rows: range | None = None, numbers: bool = False,
                    opener: Callable[[], IO[bytes] | _Unprefixed | _SheetPass] | None = None
                    ) -> SheetMeta:
        """Stream a sheet's XML once; collect merges, uncached formulas and the
        style index of the cells in ``style_cells`` or rows in ``style_rows``; with
        ``numbers``, the text cells whose text is a plain decimal (``text_numbers``).
        ``opener`` gives the stream (by default the zip member, through
        :func:`open_unprefixed`)."""
        meta = SheetMeta()
        collector = _TextNumbers(self.number_strings()) if numbers else None
        if collector is not None and collector.possible:
            meta.text_numbers = {}
        member = self.sheet_parts().get(name)
        if member is None:
            return meta
        want_styles = bool(style_cells) or style_rows is not None
        try:
            stream = opener() if opener is not None else open_unprefixed(self.zip, member)
        except (KeyError, zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
            raise KcbudgetError("damaged_sheet", path=self.path, sheet=name, reason=exc) from exc
        carry = b""
        rows = 0
        first = True
        try:
            with stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if first:
                        first = False
                        self._check_dimension(name, chunk)
                    rows += _row_starts(chunk)
                    if rows > self.limits.max_rows:
                        raise too_many_rows(self.path, name, rows, self.limits)
                    data = carry + chunk
                    if not chunk:
                        self._scan_block(data, meta, style_cells, style_rows, want_styles,
                                         collector)
                        break
                    # cut at the last row start so no element is split
                    cut = data.rfind(b"<row")
                    if cut <= 0:
                        cut = data.rfind(b"<mergeCell")
                    if cut <= 0:
                        if len(data) > _MAX_ROW_BYTES:
                            raise KcbudgetError("row_too_large", path=self.path, sheet=name,
                                                limit=_MAX_ROW_BYTES >> 20)
                        carry = data
                        continue
                    self._scan_block(data[:cut], meta, style_cells, style_rows, want_styles,
                                     collector)
                    carry = data[cut:]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise KcbudgetError("damaged_sheet", path=self.path, sheet=name, reason=exc) from exc
        return meta

    def text_cells(self, name: str, columns: list[int]) -> dict[int, list[int]] | None:
        """The rows of the cells typed as text (shared, inline or formula strings) in
        ``columns`` (0-based), from a second stream of the sheet XML with one regex
        that only stops at such cells.  ``None`` when some cell does not begin with
        its ``r`` reference, so positions cannot be told this way."""

        member = self.sheet_parts().get(name)
        found: dict[int, list[int]] = {c: [] for c in columns}
        if member is None or not columns:
            return found
        by_letter = {column_letter(c).encode(): c for c in columns}
        try:
            return self._text_cells(member, name, columns, found, by_letter)
        except PrefixError:
            return None

    def _text_cells(self, member: str, name: str, columns: list[int], found: dict[int, list[int]],
                    by_letter: dict[bytes, int]) -> dict[int, list[int]] | None:
        pattern = re.compile(rb'<c r="(' + b"|".join(sorted(by_letter)) +
                             rb')(\d+)"[^>]*?\bt="(?:s|str|inlineStr)"')
        carry = b""
        try:
            with open_unprefixed(self.zip, member) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    data = carry + chunk
                    if not chunk and not data:
                        break
                    cut = data.rfind(b"<c ") if chunk else len(data)
                    if cut <= 0:
                        carry = data
                        if len(carry) > _MAX_ROW_BYTES:
                            return None
                        continue
                    block, carry = data[:cut], data[cut:]
                    if _CELL_WITHOUT_REF.search(block):
                        return None
                    for match in pattern.finditer(block):
                        found[by_letter[match.group(1)]].append(int(match.group(2)))
                    if not chunk:
                        break
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise KcbudgetError("damaged_sheet", path=self.path, sheet=name, reason=exc) from exc
        return found

    def part_size(self, name: str) -> int | None:
        """The uncompressed size of the sheet's XML, from the zip directory."""
        member = self.sheet_parts().get(name)
        try:
            return self.zip.getinfo(member).file_size if member else None
        except KeyError:
            return None

    def declared_rows(self, name: str) -> int | None:
        """The last row the sheet's ``<dimension>`` declares (first 4 KiB of its XML),
        or ``None`` when it declares none."""
        member = self.sheet_parts().get(name)
        if member is None:
            return None
        try:
            with open_unprefixed(self.zip, member) as stream:
                head = stream.read(4096)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError,
                NotImplementedError, PrefixError):
            return None  # the scan will say what is wrong
        match = _DIMENSION.search(head)
        return int(match.group(1)) if match else None

    # ------------------------------------------------------------ limits (issue 13)

    def check_workbook(self) -> None:
        """Before the Rust reader opens the workbook: at most ``max_sheets`` sheets;
        every part that is not a sheet (the sheets are checked one by one, see
        :meth:`check_sheet`) inflates to no more than its declared size; every part
        a relationship points at holds no DTD, whatever its name."""

        limits = self.limits
        workbook = self._part("xl/workbook.xml")
        count = workbook.count(b"<sheet ") + len(re.findall(rb"<\w+:sheet ", workbook))
        if count > limits.max_sheets:
            raise KcbudgetError("too_many_sheets", path=self.path, count=count,
                                limit=limits.max_sheets)
        sheets = set(self.sheet_parts().values())
        targets = self._all_targets()
        with open(self.path, "rb") as fh:  # one handle for the parts, one after the other
            for info in self.zip.infolist():
                if info.is_dir():
                    continue
                name = info.filename
                parsed = name in targets and not name.lower().endswith((".xml", ".rels"))
                if name in sheets and not parsed:
                    continue
                with CountedMember(self.path, info, fh) as member:
                    if parsed and _dtd_in(member, member.read(_PROLOG_BYTES)):
                        raise KcbudgetError("part_dtd", path=self.path, part=name)
                    if name not in sheets:
                        member.drain()

    def _all_targets(self) -> set[str]:
        """Every zip member that some relationship part points at."""
        out: set[str] = set()
        for info in self.zip.infolist():
            name = info.filename
            if not name.lower().endswith(".rels") or info.file_size > self.limits.max_part:
                continue
            folder = posixpath.dirname(posixpath.dirname(name))  # x/_rels/y.rels → x
            try:
                root = self._root(name) if name == "xl/_rels/workbook.xml.rels" else \
                    _parse_xml(self._read(name))
            except KcbudgetError:
                continue  # a damaged relationship part is the reader's to report
            for rel in root.iter(f"{_NS_PKG_REL}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                out.add(target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target)))
        return out

    def check_sheet(self, name: str) -> None:
        """Before the Rust reader loads a sheet (once per sheet): its XML inflated
        from the raw stream, counting the real bytes (:class:`CountedMember`), and
        its used grid measured from the real cell references (:class:`GridProbe`):
        no more than ``max_columns`` columns, no grid of more than ``max_grid``
        cells unless the sheet really holds a ``1/grid_density`` share of them,
        at most ``max_merges`` merged ranges."""
        with _CHECK_LOCK:  # the scan and the load may ask at once: one pass, the other waits
            lock = self.__dict__.setdefault("_check_locks", {}).setdefault(name,
                                                                           threading.Lock())
        with lock:
            self._check_sheet(name)

    def _check_sheet(self, name: str) -> None:
        """The check of :meth:`check_sheet`, and in the same pass over the sheet's XML
        (inflated once, by :class:`_SheetPass`) the plain scan (:meth:`scan_sheet`
        with ``numbers``), whose outcome — its :class:`SheetMeta`, or what it raised —
        is kept for :meth:`check_and_scan`.  What the check refuses is raised first,
        as when the check ran to the end before the scan began: a refusal of the scan
        is kept until the check has read the rest of the XML and passed."""
        checked = self.__dict__.setdefault("_checked_sheets", set())
        if name in checked:
            return

        member = self.sheet_parts().get(name)
        if member is None:
            checked.add(name)
            return
        try:
            info = self.zip.getinfo(member)
        except KeyError:
            checked.add(name)
            return
        kept = self.__dict__.setdefault("_kept_scans", {})
        one = _SheetPass(self, name, info)
        try:
            outcome: SheetMeta | BaseException
            try:
                outcome = self._scan_bytes(name, numbers=True, opener=one.open)
            except _Refused as refused:  # the check's own refusal, from inside the scan
                raise refused.error from None
            except Exception as exc:  # the scan's own: raised by meta(), after the check
                outcome = exc
            one.finish()
        finally:
            one.release()
        if isinstance(outcome, PrefixError):  # a scan only a real XML parser can make
            try:
                outcome = meta_from_openpyxl(self.path, name, None, None, True, self.limits)
            except KcbudgetError as exc:
                outcome = exc
        kept[name] = outcome
        checked.add(name)

    def _check_grid(self, name: str, probe: GridProbe) -> None:
        limits = self.limits
        columns = probe.max_col + 1
        if columns > limits.max_columns:
            raise KcbudgetError("too_many_columns", path=self.path, sheet=name, count=columns,
                                limit=limits.max_columns)
        if probe.merges > limits.max_merges:
            raise KcbudgetError("too_many_merges", path=self.path, sheet=name,
                                count=probe.merges, limit=limits.max_merges)
        grid = probe.max_row * columns
        if grid > limits.max_grid and grid > probe.cells * limits.grid_density \
                and (probe.done or grid > limits.max_grid * 64):
            raise KcbudgetError("grid_too_large", path=self.path, sheet=name,
                                rows=probe.max_row, columns=columns, cells=probe.cells)

    def _check_dimension(self, name: str, head: bytes) -> None:
        """``<dimension ref="A1:K2000000"/>`` declares the size: refuse early."""
        match = _DIMENSION.search(head[:4096])
        if match and int(match.group(1)) > self.limits.max_rows + 100:

            raise too_many_rows(self.path, name, int(match.group(1)), self.limits)

    @staticmethod
    def _scan_block(data: bytes, meta: SheetMeta, style_cells: set[tuple[int, int]] | None,
                    style_rows: range | None, want_styles: bool,
                    collector: _TextNumbers | None = None) -> None:
        error_or_str = _HAS_ERROR_OR_STR.search(data) is not None
        if collector is not None and meta.text_numbers is not None:
            collector.collect(data, meta, error_or_str)
        if _HAS_FORMULA.search(data):
            for match in _CELL.finditer(data):
                body = match.group(3)
                if body is None or b"<f" not in body or _VALUE.search(body):
                    continue
                ref = _REF.search(match.group(1))
                if ref is None:
                    continue
                formula = _FORMULA.search(body)
                text = (formula.group(1) or b"").decode("utf-8", "replace") if formula else ""
                key = (int(ref.group(2)), col_index(ref.group(1).decode()))
                meta.uncached_formulas[key] = "=" + text if text else "(shared formula)"
        if error_or_str and _HAS_ERROR.search(data):
            for match in _CELL.finditer(data):
                attrs = match.group(1)
                if not _ERROR_TYPE.search(attrs):
                    continue
                ref = _REF.search(attrs)
                if ref is None:
                    continue
                value = _VALUE_TEXT.search(match.group(3) or b"")
                key = (int(ref.group(2)), col_index(ref.group(1).decode()))
                meta.error_cells[key] = (value.group(1).decode("utf-8", "replace")
                                         if value else "#ERROR")
        if want_styles:
            for match in _CELL.finditer(data):
                attrs = match.group(1)
                style = _STYLE.search(attrs)
                ref = _REF.search(attrs)
                if style is None or ref is None:
                    continue
                key = (int(ref.group(2)), col_index(ref.group(1).decode()))
                if (style_cells and key in style_cells) or (
                        style_rows is not None and key[0] in style_rows):
                    meta.styles[key] = int(style.group(1))
        if b"<mergeCell" in data:
            for m in _MERGE.finditer(data):
                c1, r1, c2, r2 = m.groups()
                c2 = c2 or c1
                r2 = r2 or r1
                meta.merges.append(Merge(int(r1), col_index(c1.decode()), int(r2),
                                         col_index(c2.decode())))


def _last_cut(chunk: bytes) -> int:
    """``max(chunk.rfind(b"<row"), chunk.rfind(b":row"), chunk.rfind(b"<mergeCell"))``,
    the other two looked for only after the last ``<row`` (each would search the whole
    chunk, else: a sheet seldom holds either)."""
    last = chunk.rfind(b"<row")
    after = max(last, 0)
    return max(last, chunk.rfind(b":row", after), chunk.rfind(b"<mergeCell", after))


def _row_starts(chunk: bytes) -> int:
    """``chunk.count(b"<row ") + chunk.count(b"<row>")`` in one count where it can:
    every ``<row`` is one of them unless one is followed by another byte
    (:data:`_ROW_OTHER`) or ends the chunk."""
    if _ROW_OTHER.search(chunk) or chunk.endswith(b"<row"):
        return chunk.count(b"<row ") + chunk.count(b"<row>")
    return chunk.count(b"<row")


class _Refused(BaseException):
    """A refusal of the check, carried out of the scan that was reading through it
    (so that no ``except`` of the scan takes it for its own)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(error)
        self.error = error


class _SheetPass:
    """One sheet's XML inflated once, for the check and the scan together.

    The check reads the member as :class:`CountedMember` gives it — the chunks it
    inflates, each fed to the :class:`GridProbe` and held to the one-row limit, as
    the check alone did — and the scan reads the same bytes through :meth:`read`,
    in pieces of exactly the size it asks for, as ``zipfile`` gave them; the CRC of
    the member is checked as ``zipfile`` checks it (``Bad CRC-32``, in the read that
    reaches the end).  :meth:`finish` reads what the scan left and makes the check's
    last test."""

    def __init__(self, package: XlsxPackage, name: str, info: zipfile.ZipInfo) -> None:
        self.package = package
        self.name = name
        self.info = info
        self.probe = GridProbe()
        self.since_row = 0  # bytes since the last row start: the scan's one-row limit, early
        self.crc = 0
        self.ended = False
        self.delivered = 0
        self.crc_checked = False
        self._buffer = bytearray()
        self._member = CountedMember(package.path, info)

    def __enter__(self) -> Self:  # the scan's ``with``: the member stays open for finish
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def release(self) -> None:
        self._member.close()

    def _pull(self) -> bytes:
        """The next chunk of the member, checked."""
        chunk = self._member.read(_CHUNK)
        if not chunk:
            self.ended = True
            return chunk
        last = _last_cut(chunk)  # where the scan may cut, too
        self.since_row = len(chunk) - last if last >= 0 else self.since_row + len(chunk)
        if self.since_row > _MAX_ROW_BYTES:
            raise KcbudgetError("row_too_large", path=self.package.path, sheet=self.name,
                                limit=_MAX_ROW_BYTES >> 20)
        self.probe.feed(chunk)
        self.package._check_grid(self.name, self.probe)
        self.crc = zlib.crc32(chunk, self.crc)
        return chunk

    def _fill(self, size: int) -> None:
        try:
            while len(self._buffer) < size and not self.ended:
                self._buffer += self._pull()
        except BaseException as exc:
            raise _Refused(exc) from None

    def open(self) -> Self | _Unprefixed:
        """The stream for the scan, as :func:`open_unprefixed` opens it."""
        self.package.zip.open(self.info.filename).close()  # the local header, as zipfile reads it
        self._fill(65536)
        prefix = main_prefix(bytes(self._buffer[:65536]))
        return self if prefix is None else _Unprefixed(self, prefix)

    def read(self, size: int = -1) -> bytes:
        """The next ``size`` bytes of the XML (fewer only at its end)."""
        self._fill(size if size >= 0 else 1 << 62)
        out = bytes(self._buffer[:size]) if size >= 0 else bytes(self._buffer)
        del self._buffer[:len(out)]
        self.delivered += len(out)
        whole = self.ended or self._member.total >= self.info.file_size
        if whole and not self.crc_checked and not self._buffer:
            self.crc_checked = True
            if self.crc != self.info.CRC:
                raise zipfile.BadZipFile(f"Bad CRC-32 for file {self.info.filename!r}")
        return out

    def close(self) -> None:
        """The scan is done with the stream; the member stays open for :meth:`finish`."""

    def finish(self) -> None:
        """The check to the end: the rest of the XML read, the used grid's last test."""
        self._buffer.clear()
        while not self.ended:
            self._pull()
        self.probe.finish()
        self.package._check_grid(self.name, self.probe)


# ---------------------------------------------------------------------------- prefixes

_MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*):(?:worksheet|sst|chartsheet|dialogsheet)\b([^>]*)>",
                   re.S)
_XMLNS = re.compile(rb"\bxmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*[\"']([^\"']*)[\"']")


class PrefixError(Exception):
    """The XML binds the main namespace in a way the byte scan does not follow."""


def main_prefix(head: bytes) -> bytes | None:
    """The prefix the root element binds to the SpreadsheetML main namespace
    (``x`` for ``<x:worksheet xmlns:x="…/main">``), or None when the root uses it as
    the default namespace, as Excel writes it."""
    match = _ROOT.search(head[:65536])
    if not match:
        return None
    prefix = match.group(1)
    bound = {p or b"": uri for p, uri in _XMLNS.findall(match.group(2))}
    if bound.get(prefix) != _MAIN_NS:
        return None
    return prefix


class _Unprefixed:
    """A binary stream with ``<x:`` and ``</x:`` (the main namespace's prefix) removed
    from every element name, so the byte scan sees what Excel writes.  A namespace
    declaration after the root (a rebinding the scan cannot follow) raises
    :class:`PrefixError`; the caller then asks a real XML parser."""

    def __init__(self, raw: IO[bytes] | _SheetPass, prefix: bytes) -> None:
        self.raw = raw
        self.open_tag = b"<" + prefix + b":"
        self.close_tag = b"</" + prefix + b":"
        self.pending = b""
        self.root_seen = False
        self.keep = len(self.close_tag)

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        data = self.pending + chunk
        if chunk:
            cut = max(0, len(data) - self.keep)
            lt = data.rfind(b"<", cut)
            if lt >= 0:
                cut = lt
            data, self.pending = data[:cut], data[cut:]
        else:
            self.pending = b""
        if not self.root_seen:
            end = data.find(b">")
            if end >= 0:
                self.root_seen = True
                if b"xmlns" in data[end:]:
                    raise PrefixError
        elif b"xmlns" in data:
            raise PrefixError
        out = data.replace(self.close_tag, b"</").replace(self.open_tag, b"<")
        if chunk and not out:
            return self.read(size)  # never an empty read before the end
        return bytes(out)

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_unprefixed(zf: zipfile.ZipFile, member: str) -> IO[bytes] | _Unprefixed:
    """Open ``member`` for the byte scan: as it is, or through :class:`_Unprefixed`
    when its root binds the main namespace to a prefix."""
    with zf.open(member) as probe:
        head = probe.read(65536)
    prefix = main_prefix(head)
    stream = zf.open(member)
    return stream if prefix is None else _Unprefixed(stream, prefix)


def meta_from_openpyxl(path: str, name: str, style_cells: set[tuple[int, int]] | None = None,
                       style_rows: range | None = None, numbers: bool = False,
                       limits: Limits | None = None) -> SheetMeta:
    """What the byte scan finds (merges, formulas without a cached value, error cells,
    text cells that read as numbers, styles of chosen cells), from openpyxl: a real
    XML parser, for the sheets whose namespaces the scan does not follow.  Two loads
    (formulas, then cached values); slow, and needed only for such sheets."""

    import openpyxl  # lazy: only sheets the byte scan cannot follow need openpyxl (0,2 s to import)

    meta = SheetMeta(text_numbers={} if numbers else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            formulas = openpyxl.load_workbook(path, data_only=False)
            values = openpyxl.load_workbook(path, data_only=True)
        except Exception as exc:  # openpyxl raises many types on a damaged file
            raise KcbudgetError("damaged_sheet", path=path, sheet=name, reason=exc) from exc
    if name not in formulas.sheetnames:
        return meta
    ws, wv = formulas[name], values[name]
    for rng in ws.merged_cells.ranges:
        meta.merges.append(Merge(rng.min_row, rng.min_col - 1, rng.max_row, rng.max_col - 1))
    number = re.compile(_NUMBER.decode())
    for row in ws.iter_rows():
        for cell in row:
            if cell.row is None or cell.column is None:  # typed so; iter_rows gives neither
                continue
            key = (cell.row, cell.column - 1)
            cached = wv.cell(row=cell.row, column=cell.column)
            if cell.data_type == "f" and cached.value is None:
                meta.uncached_formulas[key] = str(cell.value)
            if cached.data_type == "e":
                meta.error_cells[key] = str(cached.value)
            if numbers and cached.data_type == "s" and isinstance(cached.value, str) and \
                    number.fullmatch(cached.value) and meta.text_numbers is not None:
                meta.text_numbers.setdefault(key[1], []).append(key[0])
            if (style_cells and key in style_cells) or (style_rows is not None and
                                                        key[0] in style_rows):
                meta.styles[key] = cell.style_id
    return meta


def unprefixed(data: bytes) -> bytes:
    """A whole small part (shared strings) with the main namespace's prefix removed."""
    prefix = main_prefix(data)
    if prefix is None:
        return data
    body = data.replace(b"</" + prefix + b":", b"</").replace(b"<" + prefix + b":", b"<")
    return body


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


# ---------------------------------------------------------------------------- used grid

_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_REF_HERE = re.compile(rb'r="([A-Z]{1,4})([1-9][0-9]{0,9})"')


def _greater_number(n: int) -> bytes:
    """A regex alternation matching the decimal numbers greater than ``n`` (no
    leading zero)."""
    text = str(n)
    alts = [rb"[1-9][0-9]{%d,}" % len(text)]
    for i, ch in enumerate(text):
        if ch != "9":
            rest = len(text) - i - 1
            alts.append(text[:i].encode() + b"[%c-9]" % (ord(ch) + 1) +
                        (rb"[0-9]{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(alts) + b")"


def _greater_letters(letters: str) -> bytes:
    """A regex alternation matching the column letters after ``letters``."""
    alts = [rb"[A-Z]{%d,4}" % (len(letters) + 1)]
    for i, ch in enumerate(letters):
        if ch != "Z":
            rest = len(letters) - i - 1
            alts.append(letters[:i].encode() + b"[%c-Z]" % (ord(ch) + 1) +
                        (rb"[A-Z]{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(alts) + b")"


class GridProbe:
    """The used range of a sheet from its real XML, fed in chunks: the largest row
    and column of any cell reference, the number of cell elements and of merged
    ranges (not the ``<dimension>``: it is not trusted, and calamine does not
    allocate from it).

    It costs a few byte counts and about one regex scan per chunk: the last
    reference of a chunk is taken first, then only a reference *greater* than the
    largest so far is searched for (a pattern built for that number), so a sheet
    in the usual order never matches twice.  A cell without a reference takes the
    next column of its row (as calamine places it): only then are the cells of
    each row counted one by one (cells without a namespace prefix; a prefixed
    cell is counted by its reference only)."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = -1
        self.cells = 0
        self.merges = 0
        self.rows = 0
        self.done = False
        self._carry = b""
        self._open_row = 0  # cells so far in the row the last block ended in

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        cut = data.rfind(b"<")
        if cut < 0 or len(data) - cut > 4096:  # no element can be split here
            cut = len(data)
        block, self._carry = data[:cut], data[cut:]
        self._block(block)

    def finish(self) -> None:
        self._block(self._carry)
        self._carry = b""
        self.done = True

    def _block(self, block: bytes) -> None:
        if not block:
            return
        cells = block.count(b'c r="')  # <c r="…" and <x:c r="…": every cell in the usual form
        if b"mergeCell" in block:
            self.merges += block.count(b"mergeCell")
        if cells:
            self._references(block)
        # every <c opens a <c r="… where _C_OTHER finds none: no more of them than cells
        others = block.count(b"<c") - cells if _C_OTHER.search(block) else 0
        if others > 0:  # <col>, <cfRule>, <customSheetView>, or a cell without a reference
            others -= block.count(b"<co") + block.count(b"<cf") + block.count(b"<cu")
        if others > 0:
            self._positions(block)
            cells += others
        self.cells += cells

    def _references(self, block: bytes) -> None:
        """The largest column and row of the block's cell references: every ``r="…"``
        that :data:`_REF_HERE` matches (one to four letters, a row number of one to ten
        digits), read at once as arrays (:func:`largest_reference`)."""
        found = largest_reference(block)
        if found is not None:
            self.max_col = max(self.max_col, found[0])
            self.max_row = max(self.max_row, found[1])

    def _take(self, found: re.Match[bytes] | None) -> None:
        if found is None:
            return
        self.max_col = max(self.max_col, col_index(found.group(1).decode()))
        self.max_row = max(self.max_row, int(found.group(2)))

    def _positions(self, block: bytes) -> None:
        """Cells placed by position: the widest row in cells, the rows by count."""
        pieces = _ROW_START.split(block)
        for i, piece in enumerate(pieces):
            if i:  # a new row begins
                self.rows += 1
                self._open_row = 0
            self._open_row += len(_ANY_CELL.findall(piece))  # the row may go on in the next block
            self.max_col = max(self.max_col, self._open_row - 1)
        self.max_row = max(self.max_row, self.rows)


_REF_WINDOW = 15  # after r=": four letters, ten digits and the closing quote at most
_SMALL_BLOCK = 256 << 10


def largest_reference(block: bytes) -> tuple[int, int] | None:
    """(largest 0-based column, largest row) of the references ``r="A1"`` in
    ``block`` that :data:`_REF_HERE` matches, or None when there is none; what a
    search for each greater reference in turn finds, without a regex pass per search."""
    if len(block) < _SMALL_BLOCK:  # a few hundred references: fewer calls by regex
        found = _REF_HERE.findall(block)
        if not found:
            return None
        # a sheet's columns and rows repeat: the longest, then the greatest, of the few
        letters = max({f[0] for f in found}, key=lambda t: (len(t), t))
        digits = max({f[1] for f in found}, key=lambda t: (len(t), t))
        return col_index(letters.decode()), int(digits)
    a = np.frombuffer(block, dtype=np.uint8)
    starts = np.flatnonzero(a[:-2] == 0x72)  # each r, then the =" after it
    starts = starts[a[starts + 1] == 0x3D]
    starts = starts[a[starts + 2] == 0x22] + 3
    if not starts.size:
        return None
    padded = np.concatenate([a, np.zeros(_REF_WINDOW, dtype=np.uint8)])
    window = np.lib.stride_tricks.sliding_window_view(padded, _REF_WINDOW)[starts]
    upper = (window - np.uint8(0x41)) < 26
    digit = (window - np.uint8(0x30)) < 10
    # letters before the first byte that is none (15 letters: argmin 0, not a reference)
    letters = np.argmin(upper, axis=1)
    groups = []  # (number of letters, the references' rows of window, their digits)
    for n_letters in range(1, 5):
        rows = np.flatnonzero(letters == n_letters)
        if not rows.size:
            continue
        # digits before the first byte that is none (more than ten: not a reference)
        n_digits = np.argmin(digit[rows, n_letters:], axis=1)
        ok = (n_digits >= 1) & (n_digits <= 10) & (window[rows, n_letters] != 0x30)
        ok &= window[rows, n_letters + np.minimum(n_digits, 10)] == 0x22
        if ok.any():
            groups.append((n_letters, rows[ok], n_digits[ok]))
    if not groups:
        return None
    # more letters is a later column, more digits (no leading zero) a larger row: only
    # the longest are read as numbers
    n_letters, rows, _ = groups[-1]
    col = np.zeros(len(rows), dtype=np.int64)
    for j in range(n_letters):
        col = col * 26 + (window[rows, j].astype(np.int64) - 64)
    best_col = int(col.max()) - 1
    most = max(int(n_digits.max()) for _, _, n_digits in groups)
    best_row = 0
    for n_letters, rows, n_digits in groups:
        rows = rows[n_digits == most]
        if rows.size:
            row = np.zeros(len(rows), dtype=np.int64)
            for j in range(most):
                row = row * 10 + (window[rows, n_letters + j].astype(np.int64) - 48)
            best_row = max(best_row, int(row.max()))
    return None if best_col < 0 else (best_col, best_row)


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
