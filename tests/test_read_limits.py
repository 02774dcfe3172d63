"""The pieces of the issue-13 limits on their own: the used-grid probe over sheet XML fed
in chunks, and the zip member inflated from its raw stream with its real size counted."""

from __future__ import annotations

import random
import zipfile

import pytest

from kcbudget.errors import KcbudgetError
from kcbudget.read.limits import CountedMember, Limits
from kcbudget.read.xlsxmeta import GridProbe, _greater_letters, _greater_number, col_index
from tests.test_hostile import base_parts, far_cell, sheet_xml, write_zip

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)


def probe(xml: bytes, chunk: int = 1 << 30) -> GridProbe:
    found = GridProbe()
    for i in range(0, len(xml), chunk):
        found.feed(xml[i:i + chunk])
    found.finish()
    return found


def cells(refs) -> bytes:
    return b"<sheetData>" + b"".join(b'<row r="%s"><c r="%s%s"><v>1</v></c></row>'
                                     % (r.encode(), c.encode(), r.encode())
                                     for c, r in refs) + b"</sheetData>"


def test_greater_patterns_match_exactly_the_greater_values():
    import re

    for n in (0, 1, 9, 10, 99, 1234, 1999, 1048576):
        pattern = re.compile(b"(?:" + _greater_number(n) + b")$")
        for m in list(range(2100)) + [1048575, 1048576, 1048577, 99999999]:
            assert bool(pattern.match(str(m).encode())) == (m > n), (n, m)
    names = ["A", "J", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFC", "XFD"]
    for letters in names:
        pattern = re.compile(b"(?:" + _greater_letters(letters) + b")$")
        for other in names + ["B", "K", "AB", "ZY", "ABC", "XFE", "ZZZ", "AAAA"]:
            assert bool(pattern.match(other.encode())) == (
                col_index(other) > col_index(letters)), (letters, other)


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_probe_finds_the_far_cell_wherever_it_hides(chunk):
    rnd = random.Random(chunk)
    refs = [("A", str(r)) for r in range(1, 300)]
    refs.insert(rnd.randrange(len(refs)), ("XFD", "1048576"))  # out of order, mid-sheet
    found = probe(cells(refs), chunk)
    assert (found.max_row, found.max_col) == (1048576, 16383)
    assert found.cells == 300


def test_probe_on_an_ordered_sheet_and_its_merges():
    refs = [(c, str(r)) for r in range(1, 50) for c in "ABCDEFGHIJ"]
    xml = cells(refs) + b'<mergeCells count="2"><mergeCell ref="A1:B2"/>' \
        b'<mergeCell ref="C1:D1"/></mergeCells>'
    found = probe(xml, 100)
    assert (found.max_row, found.max_col, found.cells) == (49, 9, 490)
    assert found.merges >= 2


def test_probe_places_cells_without_references_by_position():
    row = b"<row>" + b"<c><v>1</v></c>" * 40 + b"</row>"
    found = probe(b"<sheetData>" + row * 3 + b"</sheetData>", 50)
    assert found.max_col >= 39 and found.max_row >= 3


def test_check_sheet_refuses_a_sparse_grid_and_accepts_a_dense_one(tmp_path):
    from kcbudget.read.xlsxmeta import XlsxPackage

    sparse = XlsxPackage(str(far_cell(tmp_path / "sparse.xlsx", b"Z1048576")))
    with pytest.raises(KcbudgetError, match="spans 1,048,576 rows"):
        sparse.check_sheet("Sheet1")
    # the same span, dense enough: read (a small limit stands in for the real one)
    refs = [(c, str(r)) for r in range(1, 201) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(rows=cells(refs)[11:-12])
    dense = XlsxPackage(str(write_zip(tmp_path / "dense.xlsx", parts)),
                        Limits(max_grid=1000))
    dense.check_sheet("Sheet1")
    narrow = XlsxPackage(str(write_zip(tmp_path / "dense2.xlsx", parts)),
                         Limits(max_columns=20))
    with pytest.raises(KcbudgetError, match="26 columns"):
        narrow.check_sheet("Sheet1")


def _member(path, name="xl/worksheets/sheet1.xml"):
    with zipfile.ZipFile(path) as z:
        return z.getinfo(name), z.read(name)


def test_counted_member_reads_what_zipfile_reads(tmp_path):
    from tests.test_hostile import SAMPLE

    path = SAMPLE / "binh-dinh-2022-ke-hoach.xlsx"
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            with CountedMember(path, info) as member:
                data = b""
                while True:
                    piece = member.read(1000)
                    if not piece:
                        break
                    data += piece
            assert data == z.read(info), info.filename


def test_counted_member_refuses_a_directory_that_lies(tmp_path):
    from tests.test_hostile import lying_directory

    path = lying_directory(tmp_path / "lying.xlsx", mib=32, declared=200_000)
    info, prefix = _member(path)  # zipfile stops at the declared size, CRC and all
    assert len(prefix) == 200_000
    with CountedMember(path, info) as member, pytest.raises(KcbudgetError, match="does not"):
        member.drain()


def test_counted_member_refuses_other_compression(tmp_path):
    path = tmp_path / "bz.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml())
    info, _ = _member(path)
    with pytest.raises(KcbudgetError, match="compression method 12"):
        CountedMember(path, info)


def test_stored_members_are_counted_too(tmp_path):
    path = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.xml", b"<a/>" * 1000)
    info, data = _member(path, "a.xml")
    with CountedMember(path, info) as member:
        assert member.drain() == len(data)
