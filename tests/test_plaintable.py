"""``render/plaintable.py``: a table written without colour is, character for character,
what Rich writes for it; a table it does not follow, and every table on a terminal,
Rich writes itself.  Held to Rich over drawn tables (cells of every width Rich
measures: Vietnamese, wide, combining, emoji, markup, spaces, line breaks) and over
the tables of every sample's summary, reconciliation, validation and layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

import kcbudget
from kcbudget.model.units import Unit
from kcbudget.render import diagnostics, plaintable, summary

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_data").glob("*.xlsx"))

WORDS = ["Kiên Giang", "KCQG", "KCĐP", "48.793", "22,68", "—", "", "Bà Rịa - Vũng Tàu",
         "漢字", "e\u0301", "💥", "[bold]x[/]", ":smile:", "a  b", " x", "y ", "a\tb",
         "dòng\nhai", "Thừa Thiên Huế", "Tổng cộng", "x" * 25, "\x1b[31m", "[", "a:b"]
TAME = [w for w in WORDS if w == w.strip() and w.isprintable() and "  " not in w]
CELL = st.one_of(st.sampled_from(WORDS), st.text(max_size=12),
                 st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join))
# cells of the kinds kcbudget's tables hold, which the plain writer takes (most drawn
# tables are of these, so that the writer's own path is the one most often compared)
TAME_CELL = st.one_of(st.sampled_from(TAME), st.lists(st.sampled_from(TAME), min_size=1,
                                                       max_size=3).map(" ".join))


@st.composite
def _cell(draw, cells=CELL):
    text = draw(cells)
    kind = draw(st.sampled_from(["str", "str", "text", "styled", "none"]
                                + ([] if cells is TAME_CELL else ["justified"])))
    if kind == "text":
        return Text(text)
    if kind == "styled":
        return Text(text, style="bold red")
    if kind == "justified":
        return Text(text, justify=draw(st.sampled_from(["left", "right", "center"])))
    if kind == "none":
        return None
    return text


@st.composite
def _table(draw):
    n_columns = draw(st.integers(1, 5))
    tame = draw(st.integers(0, 7)) > 0  # seven tables in eight of tame cells
    cells = TAME_CELL if tame else CELL
    note = st.one_of(st.none(), cells, cells.map(Text))
    table = Table(title=draw(note), caption=draw(note),
                  title_justify=draw(st.sampled_from(["left", "center", "right"])),
                  caption_justify=draw(st.sampled_from(["left", "center", "right"])),
                  show_lines=draw(st.sampled_from([False] * (9 if tame else 3) + [True])))
    for _ in range(n_columns):
        table.add_column(draw(cells), justify=draw(st.sampled_from(
            ["left", "right", "center", "default"] + ([] if tame else ["full"]))),
            min_width=draw(st.one_of(st.none(), st.integers(0, 12))),
            max_width=draw(st.one_of(st.none(), st.none(), st.integers(10 if tame else 1, 30))),
            no_wrap=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 6))):
        table.add_row(*[draw(_cell(cells)) for _ in range(n_columns)],
                      style=draw(st.sampled_from([None, "bold"])),
                      end_section=draw(st.booleans()))
    return table


def _both(table: Table, width: int, **console) -> tuple[str, str]:
    rich, plain = io.StringIO(), io.StringIO()
    Console(file=rich, width=width, **console).print(table)
    plaintable.print_table(Console(file=plain, width=width, **console), table)
    return rich.getvalue(), plain.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_table(), st.one_of(st.integers(8, 130), st.integers(60, 130)))
def test_a_drawn_table_is_written_as_rich_writes_it(table, width):
    if plaintable.plain_lines(Console(file=io.StringIO(), width=width), table) is None:
        return  # Rich's to print: print_table calls it as it is (one code path)
    rich, plain = _both(table, width)
    assert plain == rich


def test_the_plain_writer_takes_the_tables_it_follows():
    """Not a writer that always gives up: a table of the summary's kind is written
    here, and is Rich's to the character."""
    table = Table(caption=Text("Đơn vị: triệu đồng"), caption_justify="left")
    table.add_column("Tỉnh/TP", max_width=18)
    table.add_column("Nguồn", no_wrap=True)
    table.add_column("Kế hoạch", justify="right", no_wrap=True, min_width=9)
    table.add_row(Text("Kiên Giang"), Text("KCQG"), "2.815,2")
    table.add_row(Text(""), Text("Cộng"), "6.807,2", style="bold", end_section=True)
    table.add_row(Text("Thừa Thiên Huế"), Text("KCĐP"), "—")
    console = Console(file=io.StringIO(), width=80)
    assert plaintable.plain_lines(console, table) is not None
    rich, plain = _both(table, 80)
    assert plain == rich


@pytest.mark.parametrize("console", [
    {"force_terminal": True, "color_system": "truecolor"},
    {"force_terminal": True, "color_system": "standard"}], ids=["truecolor", "standard"])
def test_a_terminal_gets_richs_own_table(console):
    table = Table(title="Tổng")
    table.add_column("Tỉnh", style="cyan")
    table.add_row(Text("Kiên Giang", style="bold"))
    rich, plain = _both(table, 60, **console)
    assert plain == rich and "\x1b[" in plain


class _Unprinted(Console):
    """A console that lays nothing out (its ``print`` does nothing): what the tables
    are, not what they cost to print."""

    def print(self, *objects, **kwargs):
        return None


def _tables_of(render, *args, width: int = 80) -> list[tuple[Table, int]]:
    """The tables ``render`` prints, and the console's width for each."""
    found: list[tuple[Table, int]] = []
    plain = plaintable.plain_lines

    def catching(console, table):
        found.append((table, console.width))
        return plain(console, table)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(plaintable, "plain_lines", catching)
        render(*args, console=_Unprinted(file=io.StringIO(), width=width))
    return found


def test_every_table_of_the_samples_is_written_as_rich_writes_it():
    """The tables of every sample's validation and summaries (by province, as a
    region prints it; by province, category and year) that the plain writer takes,
    each the same both ways; the rest (a category's name wrapped in its column, a
    finding's message over several lines) Rich prints itself.  A summary's money
    table by province is always the plain writer's."""
    written = 0
    for path in SAMPLES:
        by_province = _tables_of(summary.print_table, kcbudget.summarize(
            [path], by=["province"]), "vi", Unit.trieu, width=100)
        assert by_province, path.name
        money, _ = by_province[0]
        assert plaintable.plain_lines(Console(file=io.StringIO(), width=100),
                                      money) is not None, path.name
        tables = by_province + _tables_of(summary.print_table, kcbudget.summarize(
            [path], by=["province", "category", "year"]), "en", Unit.trieu, width=132)
        tables += _tables_of(diagnostics.print_table,
                             kcbudget.validate([path], keep_going=True), "vi", width=132)
        for table, width in tables:
            if plaintable.plain_lines(Console(file=io.StringIO(), width=width),
                                      table) is None:
                continue
            rich, plain = _both(table, width)
            assert plain == rich, path.name
            written += 1
    assert written > 60


def test_the_summary_of_the_benchmarks_submissions_is_written_here(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate_submissions
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    made = kcbudget.summarize(generate_submissions(12, 10, tmp_path), by=["province"])
    tables = _tables_of(summary.print_table, made, "vi", Unit.trieu)
    assert tables
    for table, width in tables:
        assert plaintable.plain_lines(Console(file=io.StringIO(), width=width),
                                      table) is not None
        rich, plain = _both(table, width)
        assert plain == rich


def _make(header="a", cells=("xxxxxxx",), **kw):
    def make():
        table = Table(**kw)
        table.add_column(header)
        for cell in cells:
            table.add_row(cell)
        return table
    return make


@pytest.mark.parametrize("make, console", [
    (_make(title="T", title_justify="default"), {}),
    (_make(caption="C", caption_justify="full"), {}),
    (_make(title=Text("T", end="")), {}),
    (_make(cells=[Text("x", end="\n\n")]), {}),
    (_make(header=Text("a", end="\n\n")), {}),
    (_make(caption=Text("C", end="")), {}),
    (_make(cells=[Text.assemble(("1", "bold"), "\ufe0f")]), {}),
    (_make(cells=["[b]1[/b]\ufe0f"]), {}),
    (_make(header="", cells=[Text("\u0301")]), {}),
    (_make(header=Text("\u11a8"), cells=[""]), {}),
    (_make(title="T", title_justify="left"), {"soft_wrap": True}),
    (_make(header="", cells=["[/b]"]), {"width": 4}),
], ids=["title-default", "caption-full", "title-end", "cell-end", "header-end", "caption-end",
        "selector-span", "selector-markup", "zero-width-column", "zero-width-header",
        "soft-wrap", "markup-unread"])
def test_a_second_readers_tables_are_written_as_rich_writes_them(make, console):
    """Tables a second reader found written otherwise than by Rich: each is now Rich's
    (or written the same)."""
    console = {"width": 80, **console}
    rich, plain = io.StringIO(), io.StringIO()
    Console(file=rich, **console).print(make())
    plaintable.print_table(Console(file=plain, **console), make())
    assert plain.getvalue() == rich.getvalue()


def test_what_rich_refuses_or_records_is_richs():
    """A table's style Rich does not know raises as it does; a recording console keeps the
    styles Rich records; a subclass of ``str`` or ``Text`` renders as it renders."""
    for kw in ({"header_style": "no_such_style"}, {"border_style": "no_such_style"}):
        with pytest.raises(Exception) as rich_error:
            Console(file=io.StringIO()).print(_make(**kw)())
        with pytest.raises(type(rich_error.value)):
            plaintable.print_table(Console(file=io.StringIO()), _make(**kw)())
    rich, plain = io.StringIO(), io.StringIO()  # (a Text's unknown style: Rich's to read)
    Console(file=rich).print(_make(cells=[Text("x", style="no_such_style")])())
    plaintable.print_table(Console(file=plain),
                           _make(cells=[Text("x", style="no_such_style")])())
    assert plain.getvalue() == rich.getvalue()
    rich, plain = Console(record=True, width=40), Console(record=True, width=40)
    rich.print(_make(header=Text("a", style="bold"))())
    plaintable.print_table(plain, _make(header=Text("a", style="bold"))())
    assert plain.export_text(styles=True) == rich.export_text(styles=True)

    class Shown(str):
        def __rich__(self):
            return "REPLACED"

    rich, plain = io.StringIO(), io.StringIO()
    Console(file=rich, width=80).print(_make(cells=[Shown("abc")])())
    plaintable.print_table(Console(file=plain, width=80), _make(cells=[Shown("abc")])())
    assert plain.getvalue() == rich.getvalue()
