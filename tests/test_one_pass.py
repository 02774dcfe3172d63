"""The safety check and the metadata scan of a sheet in one pass over its XML
(``XlsxPackage._check_sheet`` with ``_SheetPass``): the XML is inflated once, the
scan finds what it found alone, and every limit is still refused, the check's
refusal before the scan's as when the two passes ran one after the other."""

from __future__ import annotations

import random
import re
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from kcbudget.errors import KcbudgetError
from kcbudget.read import limits as limits_module
from kcbudget.read import xlsxmeta
from kcbudget.read.limits import Limits
from kcbudget.read.xlsxmeta import (
    _REF_HERE,
    GridProbe,
    XlsxPackage,
    _matches,
    col_index,
    digits_tree,
    largest_reference,
)
from tests.test_hostile import base_parts, sheet_xml, write_zip

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "sample_data").glob("*.xlsx"))
LIVE_READS = True  # counts what the reader inflates: every read is made (tests/conftest.py)


def _inflated(monkeypatch) -> dict[str, int]:
    """Bytes inflated per zip member by kcbudget's own readers (the Rust reader's
    are its own), counted from CountedMember and from zipfile's member streams."""
    counts: dict[str, int] = {}
    counted_read = limits_module.CountedMember.read
    ext_read = zipfile.ZipExtFile.read

    def counted(self, n=1 << 20):
        out = counted_read(self, n)
        counts[self.info.filename] = counts.get(self.info.filename, 0) + len(out)
        return out

    def ext(self, n=-1):
        out = ext_read(self, n)
        counts[self.name] = counts.get(self.name, 0) + len(out)
        return out

    monkeypatch.setattr(limits_module.CountedMember, "read", counted)
    monkeypatch.setattr(zipfile.ZipExtFile, "read", ext)
    return counts


def _sheet_members(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: i.file_size for i in archive.infolist()
                if i.filename.startswith("xl/worksheets/")}


@pytest.mark.parametrize("path", SAMPLES[:4], ids=lambda p: p.name)
def test_a_sheet_xml_is_inflated_once_for_the_check_and_the_scan(path, monkeypatch):
    from kcbudget.read.table import ReadOptions
    from kcbudget.read.workbook import read_workbook

    sheets = _sheet_members(path)
    counts = _inflated(monkeypatch)
    read_workbook(path, ReadOptions())
    read = {name: counts.get(name, 0) for name in sheets}
    # the package check reads the first 64 KiB of every part for a DTD (check_package);
    # then each sheet that is read: its whole XML once, for the check and the scan (it
    # was twice, and the first 64 KiB a third time to tell a namespace prefix)
    prolog = {name: min(size, limits_module._PROLOG_BYTES) for name, size in sheets.items()}
    for name, size in sheets.items():
        assert read[name] in (prolog[name], prolog[name] + size), (name, read[name], size)
    assert any(read[name] == prolog[name] + size for name, size in sheets.items())


def test_the_one_pass_finds_what_the_scan_alone_finds():
    for path in SAMPLES:
        package = XlsxPackage(str(path))
        alone = XlsxPackage(str(path))
        for name in package.sheet_parts():
            together = package.check_and_scan(name, numbers=True)
            scanned = alone.scan_sheet(name, numbers=True)
            assert together == scanned, (path.name, name)
            # asked again, the sheet is scanned again, as before
            assert package.check_and_scan(name, numbers=True) == scanned
            styled = package.check_and_scan(name, style_rows=range(1, 30))
            assert styled == alone.scan_sheet(name, style_rows=range(1, 30))


def _package(tmp_path: Path, xml: bytes, name: str = "s.xlsx", **limits) -> XlsxPackage:
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = xml
    return XlsxPackage(str(write_zip(tmp_path / name, parts)), Limits(**limits))


def _refusal(package: XlsxPackage, via: str) -> str:
    with pytest.raises(KcbudgetError) as refused:
        if via == "check":
            package.check_sheet("Sheet1")
            package.check_and_scan("Sheet1", numbers=True)
        else:
            package.check_and_scan("Sheet1", numbers=True)
    return refused.value.key


@pytest.mark.parametrize("via", ["check", "scan"])
def test_a_refusal_of_the_scan_waits_for_the_check(tmp_path, via):
    wide = b'<row r="1"><c r="A1" t="s"><v>0</v></c>' + b'<c r="XFD1"><v>1</v></c></row>'
    # the scan alone refuses the declared rows at its first chunk; the check, reading
    # on, finds the sheet too wide: the check's refusal is the one raised
    both = _package(tmp_path, sheet_xml(rows=wide, dimension=b"A1:K5000000"), "both.xlsx")
    assert _refusal(both, via) == "too_many_columns"
    only_rows = _package(tmp_path, sheet_xml(dimension=b"A1:K5000000"), "rows.xlsx")
    assert _refusal(only_rows, via) == "too_many_rows"
    many = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1, 40))
    counted = _package(tmp_path, sheet_xml(rows=many), "counted.xlsx", max_rows=10)
    assert _refusal(counted, via) == "too_many_rows"
    merges = b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 20 + b"</mergeCells>"
    merged = _package(tmp_path, sheet_xml() + merges, "merged.xlsx", max_merges=5)
    assert _refusal(merged, via) == "too_many_merges"


def test_a_refusal_of_the_check_comes_first_however_late(tmp_path):
    # the far cell comes after 12 000 rows (more than one chunk of XML): the scan has
    # already refused the row count by then
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>'
                    % (r, r, b"x" * 400) for r in range(1, 12_000))
    late = rows + b'<row r="12000"><c r="XFD12000"><v>1</v></c></row>'
    package = _package(tmp_path, sheet_xml(rows=late), "late.xlsx", max_rows=100)
    assert package.part_size("Sheet1") > xlsxmeta._CHUNK
    assert _refusal(package, "scan") == "too_many_columns"


def test_a_wrong_crc_is_a_damaged_sheet_as_zipfile_said(tmp_path):
    xml = sheet_xml()
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = (co.compress(xml) + co.flush(),
                                         zlib.crc32(xml) ^ 1, len(xml))
    package = XlsxPackage(str(write_zip(tmp_path / "crc.xlsx", parts)))
    package.check_sheet("Sheet1")  # the check itself counts sizes, not the CRC
    with pytest.raises(KcbudgetError) as refused:
        package.check_and_scan("Sheet1", numbers=True)
    assert refused.value.key == "damaged_sheet"
    assert "Bad CRC-32" in str(refused.value)


def test_a_prefixed_sheet_is_scanned_in_the_one_pass(tmp_path):
    xml = sheet_xml(rows=b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>').replace(
        b"</sheetData>", b'</sheetData><mergeCells><mergeCell ref="A1:C1"/></mergeCells>')
    prefixed = re.sub(rb"<(/?)(?![?/])(?=[a-zA-Z])", rb"<\1x:", xml).replace(
        b'xmlns="http://schemas', b'xmlns:x="http://schemas')
    assert xlsxmeta.main_prefix(prefixed) == b"x"
    package = _package(tmp_path, prefixed, "prefixed.xlsx")
    found = package.check_and_scan("Sheet1", numbers=True)
    assert found.merges == [xlsxmeta.Merge(1, 0, 1, 2)]
    assert found == XlsxPackage(package.path).scan_sheet("Sheet1", numbers=True)


def test_a_reference_that_is_not_one_does_not_stop_the_probe():
    """``r="K1x"`` looks like a reference to a search but is none: the probe of the
    used grid once searched for it again and again, for ever."""
    done: list[GridProbe] = []

    def run() -> None:
        found = GridProbe()
        found.feed(b'<row r="1"><c r="A1"><v>1</v></c><c r="K1x"><v>1</v></c>'
                   b'<c r="B12345678901"><v>1</v></c></row>')
        found.finish()
        done.append(found)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert done, "the probe did not end"
    assert (done[0].max_row, done[0].max_col) == (1, 0)


def _every_reference(block: bytes) -> tuple[int, int] | None:
    best = None
    for at in re.finditer(rb'r="', block):
        found = _REF_HERE.match(block, at.start())
        if found:
            col, row = col_index(found.group(1).decode()), int(found.group(2))
            best = (col, row) if best is None else (max(best[0], col), max(best[1], row))
    return best


def test_largest_reference_is_the_largest_of_every_reference():
    rnd = random.Random(16)
    noise = b'ABCXZ019"r=<> x:'
    for _ in range(4000):
        parts = []
        for _ in range(rnd.randint(0, 8)):
            if rnd.random() < 0.5:
                letters = bytes(rnd.choice(b"ABZXQ") for _ in range(rnd.randint(0, 6)))
                number = str(rnd.randint(0, 10 ** rnd.randint(0, 12))).encode()
                parts.append(b'<c r="' + letters + number +
                             rnd.choice([b'"', b'x"', b"", b'" s="1"', b'0"']))
            else:
                parts.append(bytes(rnd.choice(noise) for _ in range(rnd.randint(0, 24))))
        block = b"".join(parts)
        assert largest_reference(block) == _every_reference(block), block
        # the same block as one too large for the regex path (the array path)
        large = block + b" " * (xlsxmeta._SMALL_BLOCK - len(block))
        assert largest_reference(large) == _every_reference(block), block


def test_the_digit_tree_matches_exactly_its_numbers():
    rnd = random.Random(3)
    for _ in range(200):
        numbers = sorted({str(rnd.randint(0, rnd.choice([9, 99, 999, 99999]))).encode()
                          for _ in range(rnd.randint(1, 40))})
        pattern = re.compile(b"(?:" + digits_tree(numbers) + b")$")
        for value in [str(v).encode() for v in range(1000)] + numbers:
            assert bool(pattern.match(value)) == (value in numbers), (numbers, value)


def test_the_fast_patterns_find_the_cells_the_exact_ones_find():
    exact = re.compile(rb'\bt="s"[^>]*><v>(?:7|12)</v>')
    fast = re.compile(rb't="s"[^>]*><v>' + digits_tree([b"7", b"12"]) + rb"</v>")
    plain = b'<c r="A1" t="s"><v>7</v></c><c r="A2" t="s"><v>8</v></c><c r="A3" t="s"><v>12</v>'
    # a word byte before t="s": not a match of the exact pattern, so it runs itself
    odd = b'<c r="A1" xt="s"><v>7</v></c><c r="A2" t="s"><v>12</v></c>'
    for data in (plain, odd, b"", plain + odd):
        assert [m.span() for m in _matches(data, exact, fast)] == \
            [m.span() for m in exact.finditer(data)]
    assert [m.span() for m in _matches(plain, xlsxmeta._STR_NUMBER,
                                       xlsxmeta._STR_NUMBER_FAST)] == []
