"""The sheet scan's quick tests of a block (seventh round): a literal found by ``re``
rather than ``in``, the rows counted by one ``<row`` count, the cells' ``<c`` count
skipped where every ``<c`` opens a ``<c r="``.  Each gives what the two counts or the
``in`` it replaces gave, on random blocks of sheet XML pieces cut anywhere."""

from __future__ import annotations

import random

import pytest

from kcbudget.read import xlsxmeta
from kcbudget.read.xlsxmeta import GridProbe

PIECES = [b"<row ", b"<row>", b"<row", b"<rowBreaks count=\"1\">", b"</row>", b'<c r="A1"',
          b'<c r="K12" t="s"><v>3</v></c>', b"<c>", b"<c t=\"n\">", b"<col min=\"1\"/>",
          b"<cols>", b"<cfRule/>", b"<customSheetView/>", b'<x:c r="B2"', b"<f>SUM(A1)</f>",
          b'<c r="C3" t="e"><v>#N/A</v></c>', b't="str"', b"<is><t>1</t></is>", b"<is>",
          b"<mergeCell ref=\"A1:B2\"/>", b"<v>12</v>", b" ", b"r", b"o", b"w", b"<", b">",
          b'c r="', b"<c  r=\"D4\"", b"\t", b"<ro", b"<rowx"]


def blocks(seed: int, n: int = 400) -> list[bytes]:
    rng = random.Random(seed)
    out = [b"", b"<row", b"<c", b"<ro", b"<row>", b"<row ", b"<rowB"]
    for _ in range(n):
        data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        cut = rng.randint(0, len(data))
        out += [data, data[:cut], data[cut:]]
    return out


@pytest.mark.parametrize("seed", range(3))
def test_row_starts_is_the_two_counts(seed: int) -> None:
    for chunk in blocks(seed):
        assert xlsxmeta._row_starts(chunk) == chunk.count(b"<row ") + chunk.count(b"<row>"), \
            chunk


def test_row_starts_at_a_chunk_end() -> None:
    # a <row at the very end is counted by neither of the two counts (its next byte is
    # in the next chunk): the one count must not count it either
    assert xlsxmeta._row_starts(b'<row r="1"></row><row') == 1
    assert xlsxmeta._row_starts(b"<row><row") == 1
    assert xlsxmeta._row_starts(b"<row") == 0


@pytest.mark.parametrize("seed", range(3))
def test_literal_searches_are_in(seed: int) -> None:
    for data in blocks(seed):
        assert (xlsxmeta._HAS_FORMULA.search(data) is not None) == (b"<f" in data)
        assert (xlsxmeta._HAS_ERROR.search(data) is not None) == (b't="e"' in data)
        assert (xlsxmeta._HAS_STR.search(data) is not None) == (b't="str"' in data)
        assert (xlsxmeta._HAS_INLINE.search(data) is not None) == (b"<is>" in data)


class _OldProbe(GridProbe):
    """GridProbe's block as it was before the ``<c`` count could be skipped."""

    def _block(self, block: bytes) -> None:
        if not block:
            return
        cells = block.count(b'c r="')
        if b"mergeCell" in block:
            self.merges += block.count(b"mergeCell")
        if cells:
            self._references(block)
        others = block.count(b"<c") - cells
        if others > 0:
            others -= block.count(b"<co") + block.count(b"<cf") + block.count(b"<cu")
        if others > 0:
            self._positions(block)
            cells += others
        self.cells += cells


def _state(probe: GridProbe) -> tuple[int, ...]:
    return (probe.max_row, probe.max_col, probe.cells, probe.merges, probe.rows,
            probe._open_row)


@pytest.mark.parametrize("seed", range(3))
def test_probe_block_as_before(seed: int) -> None:
    rng = random.Random(seed)
    many = blocks(seed)
    for _ in range(200):
        new, old = GridProbe(), _OldProbe()
        for block in rng.sample(many, rng.randint(1, 6)):
            new.feed(block)
            old.feed(block)
            assert _state(new) == _state(old), block
        new.finish()
        old.finish()
        assert _state(new) == _state(old)


@pytest.mark.parametrize("seed", range(3))
def test_last_cut_is_the_last_of_three(seed: int) -> None:
    # _SheetPass._pull looks for :row and <mergeCell only after the last <row
    extra = [b":row", b"<x:row ", b"<mergeCell ref=\"A1:B1\"/>", b"<mergeCell", b":ro"]
    rng = random.Random(seed)
    for chunk in blocks(seed):
        chunk = chunk + b"".join(rng.choice(extra + PIECES) for _ in range(rng.randint(0, 4)))
        assert xlsxmeta._last_cut(chunk) == max(chunk.rfind(b"<row"), chunk.rfind(b":row"),
                                                chunk.rfind(b"<mergeCell")), chunk


@pytest.mark.parametrize("seed", range(3))
def test_error_or_str_is_either(seed: int) -> None:
    for data in blocks(seed):
        either = xlsxmeta._HAS_ERROR_OR_STR.search(data) is not None
        assert either == (b't="e"' in data or b't="str"' in data), data


def test_scan_finds_errors_and_str_numbers() -> None:
    # a block with an error cell and a formula's text result that reads as a number:
    # both found through the one search that tells whether either is there
    data = (b'<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c>'
            b'<c r="B1" t="str"><f>A2&amp;""</f><v>12</v></c></row>')
    meta = xlsxmeta.SheetMeta()
    meta.text_numbers = {}
    collector = xlsxmeta._TextNumbers([])
    xlsxmeta.XlsxPackage._scan_block(data, meta, None, None, False, collector)
    assert meta.error_cells == {(1, 0): "#DIV/0!"}
    assert meta.text_numbers == {1: [1]}
    plain = xlsxmeta.SheetMeta()
    plain.text_numbers = {}
    xlsxmeta.XlsxPackage._scan_block(data.replace(b't="e"', b't="n"').replace(
        b't="str"', b't="n"'), plain, None, None, False, collector)
    assert plain.error_cells == {} and plain.text_numbers == {}
