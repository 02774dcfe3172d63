"""A Rich table written without colour, as Rich writes it, at a small part of its cost.

Rich lays a table out cell by cell (each measured, wrapped, justified, padded and cut
into segments): some 45 µs a cell, so a region's summary of 64 provinces (about 3 500
cells over its column groups) took 0,16 s of CPU to print, more than a tenth of the
whole ``summarize`` of the 64 submissions.  Where the output has no colour or style
(a pipe, a file, a CI log: ``console.color_system`` is ``None``) and the table is of
the plain kind kcbudget prints (one line per cell, every cell fitting its column, the
default padding and box, a caption that fits), :func:`print_table` writes the same
characters from the cells' texts and Rich's own measures (``rich.cells.cell_len``,
the box's own lines); any other table, and every table on a terminal, Rich prints.
The tests hold the two to each other, character for character.

The cells are what the renderers made them (``render/untrusted.py`` is the rule for
workbook text); this module changes none of it.
"""

from __future__ import annotations

from typing import Any

from rich.box import Box
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

# the Table settings the plain writer follows: anything else is Rich's to lay out
_PADDING = (0, 1, 0, 1)
_NOTE_JUSTIFY = ("left", "center", "right")  # a title's or caption's ("default" pads none)
# variation selectors: Rich measures one with the character before it, and a style's
# span between the two changes the measure (the writer leaves such text to Rich)
_SELECTORS = frozenset("\ufe0e\ufe0f")


def print_table(console: Console, table: Table) -> None:
    """``console.print(table)``, the same characters, written directly when the output
    has no style and the table is plain (:func:`plain_lines`)."""

    lines = plain_lines(console, table) if console.color_system is None else None
    if lines is None:
        console.print(table)
        return
    segments: list[Segment] = []
    for line in lines:
        segments.append(Segment(line))
        segments.append(Segment.line())
    console.print(Segments(segments))


def plain_lines(console: Console, table: Table) -> list[str] | None:
    """The lines ``console.print(table)`` writes without colour, or ``None`` when the
    table is not of the plain kind this writer follows."""

    options = console.options
    box = table.box
    if (not isinstance(box, Box) or options.legacy_windows or (options.ascii_only and not box.ascii)
            or not table.show_header or table.show_footer or not table.show_edge
            or table.show_lines or table.leading or not table.pad_edge
            or table.collapse_padding or tuple(table.padding) != _PADDING or table.expand
            or table.width is not None or table.min_width is not None or not table.columns
            or console.record or console.soft_wrap or options.no_wrap
            or options.overflow is not None
            or table.title_justify not in _NOTE_JUSTIFY
            or table.caption_justify not in _NOTE_JUSTIFY or not _styles_resolve(console, table)):
        return None  # (a recording console keeps the styles; a soft-wrapping one pads no note)
    columns = table.columns
    n_rows = len(table.rows)
    texts: list[list[str]] = []  # per column: its header, then its cells
    for column in columns:
        if column.width is not None or column.ratio is not None or \
                column.justify not in ("left", "right", "center", "default"):
            return None
        given = list(column.cells)
        if len(given) != n_rows:
            return None
        got: list[str] = []
        for cell in (column.header, *given):
            text = _plain(console, cell)
            if text is None:
                return None
            got.append(text)
        texts.append(got)
    extra = 2 + len(columns) - 1  # the edges and the dividers
    max_width = options.max_width - extra
    if max_width < 1:
        return None
    widths: list[int] = []
    lengths: list[list[int]] = []  # per column: each text's cells, as Rich counts them
    for column, column_texts in zip(columns, texts):
        counted = [cell_len(t) for t in column_texts]
        # Rich sets a column to its widest measure: a padded cell's line, at most
        # max_width, within the column's own least and most (its least measure only
        # matters when the table must shrink, and then Rich lays it out)
        width = max(min(n + 2, max_width) for n in counted)
        if column.min_width is not None:
            width = max(width, column.min_width + 2)
        if column.max_width is not None:
            width = min(width, column.max_width + 2)
        width = width or 1
        if width - 2 < 1 or any(n > width - 2 for n in counted):
            return None  # a cell Rich would wrap or cut, or a column Rich renders empty
        widths.append(width)
        lengths.append(counted)
    table_width = sum(widths) + extra
    if sum(widths) > max_width:
        return None
    notes = []  # the title above, the caption below: each a line of the table's width
    for note, justify in ((table.title, table.title_justify),
                          (table.caption, table.caption_justify)):
        text = _plain(console, note) if note else ""
        if text is None or cell_len(text) > table_width:
            return None
        notes.append(_justified(text, table_width - cell_len(text), justify or "center")
                     if note else None)
    title, caption = notes
    out = [] if title is None else [title]
    out.append(box.get_top(widths))
    for row in range(n_rows + 1):  # the header, then each row
        first, last = row == 0, row == n_rows
        left, divider, right = (
            (box.head_left, box.head_vertical, box.head_right) if first else
            (box.foot_left, box.foot_vertical, box.foot_right) if last else
            (box.mid_left, box.mid_vertical, box.mid_right))
        shown = [" " + _justified(texts[i][row], widths[i] - 2 - lengths[i][row],
                                  column.justify) + " " for i, column in enumerate(columns)]
        out.append(left + divider.join(shown) + right)
        if first:
            out.append(box.get_row(widths, "head", edge=True))
        elif not last and table.rows[row - 1].end_section:
            out.append(box.get_row(widths, "row", edge=True))
    out.append(box.get_bottom(widths))
    if caption is not None:
        out.append(caption)
    return out


def _plain(console: Console, cell: Any) -> str | None:
    """The text a cell shows, as Rich renders it, or ``None`` when Rich would do more
    than write it on one line (a line break, a tab, a justification of its own)."""

    if type(cell) is str:  # (a subclass may render otherwise: Rich's)
        if "[" in cell or ":" in cell or not cell.isprintable():  # markup, an emoji
            # code, a control character: Rich's reading of it (or its error, Rich's)
            try:
                cell = console.render_str(cell, highlight=False)
            except Exception:
                return None
        else:
            text = cell
    if type(cell) is Text:
        if cell.justify is not None or cell.end != "\n":
            return None
        if not _known(console, [cell.style, *(span.style for span in cell.spans)]):
            return None  # a style Rich does not know: its error, Rich's
        text = cell.plain
    elif type(cell) is not str:
        return None
    if not text.isprintable() or text != text.strip() or "  " in text or \
            not _SELECTORS.isdisjoint(text):
        return None  # (a line break, a tab, a control or format character; outer spaces)
    return text


def _styles_resolve(console: Console, table: Table) -> bool:
    """Whether every style the table names is one the console knows (Rich resolves
    them even where it writes no colour, and raises for one it does not know)."""

    named: list[Any] = [table.style, table.border_style, table.header_style,
                        *table.row_styles]
    for column in table.columns:
        named += [column.style, column.header_style]
    named += [row.style for row in table.rows]
    return _known(console, named)


def _known(console: Console, styles: list[Any]) -> bool:
    """Whether the console knows every style named (by text) in ``styles``."""

    try:
        for style in styles:
            if isinstance(style, str) and style:
                console.get_style(style)
    except Exception:
        return False
    return True


def _justified(text: str, gap: int, justify: str) -> str:
    """``text`` with ``gap`` cells of space: left (and Rich's default), right or centred."""

    if justify == "right":
        return " " * gap + text
    if justify == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap
