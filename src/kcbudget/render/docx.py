"""``summarize --format docx``: a Word report ready to paste into the conference report.

A title block (what, where, which years, unit, date made, from which files), the report
paragraph of :mod:`kcbudget.render.report_text`, the summary table with its numbers
written the Vietnamese way (``48.793,0``, ``22,68``) and its unit stated, the physical
indicators where the inputs have them, and the findings of the inputs, each a sentence.
Times New Roman 13 pt as Vietnamese administrative documents use it, A4 (landscape when
the table is wide), the table's header row repeated on every page, page numbers in the
footer.

Every text that came from a workbook (group names, indicator names, file names, the
findings that quote cells) goes through :func:`kcbudget.render.untrusted.xml_text`:
nothing of it is markup, and the characters XML cannot hold are shown, not dropped.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from kcbudget import __version__
from kcbudget.model.results import SummaryLine, SummaryResult
from kcbudget.model.units import Unit
from kcbudget.render import untrusted
from kcbudget.render.report_text import build, scope_words, total_is_said
from kcbudget.render import catalogue
from kcbudget.render.summary import (
    MONEY,
    Path_name,
    _display_columns,
    _indicator_lines,
    _key_label,
    _program_label,
    _scope_text,
    made_on,
)
from kcbudget.figures import format_amount, format_number

FONT = "Times New Roman"
WIDE = 9  # more columns than this: the page is turned

def _safe(text: Any) -> str:
    return untrusted.xml_text(text)


def to_docx(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu,
            scope: dict | None = None, decimals: int | None = None,
            pct_decimals: int = 2) -> bytes:
    """The Word report of ``result`` as the bytes of a .docx file."""


    unit = Unit(unit)
    w, r = catalogue.section("summary.docx", lang), catalogue.section("summary.report", lang)
    report = build(result, lang, unit, decimals, pct_decimals, scope)
    columns = _columns(result)
    keys = list(result.group_by)
    doc = Document()
    _styles(doc, Pt)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if len(keys) + 1 + len(columns) > WIDE:

        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    _page_numbers(section, w)

    where, years = scope_words(result, lang, scope)
    if not where or not years:  # what the filters say, as the xlsx report says it
        fallback = _scope_text(result, lang, scope)
        where, years = where or fallback[0], years or fallback[1]
    files = ", ".join(Path_name(f) for f in result.files) or "—"
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(r["title"])
    run.bold, run.font.size = True, Pt(14)
    for text in (f"{r['scope']}: {where}; {r['year']}: {years}",
                 f"{r['unit']}: {catalogue.unit_name(unit, lang)}",
                 r["made"].format(date=made_on(lang), version=__version__, files=files)):
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(_safe(text)).italic = True

    doc.add_heading(f"1. {w['report']}", level=1)
    for text in report.paragraphs:
        paragraph = doc.add_paragraph(_safe(text))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)

    doc.add_heading(f"2. {w['table']}", level=1)
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    note.add_run(_safe(f"{r['unit']}: {catalogue.unit_name(unit, lang)}")).italic = True
    _summary_table(doc, result, columns, lang, unit, decimals)


    if total_is_said(result):  # the indicators are of the total
        for text in _indicator_lines(result, lang):
            doc.add_paragraph(_safe(text))
    number = 3
    if result.physical:
        doc.add_heading(f"{number}. {w['physical']}", level=1)
        _physical_table(doc, result, lang)
        number += 1

    doc.add_heading(f"{number}. {w['findings']}", level=1)
    doc.add_paragraph(_safe(report.findings_intro))
    for text in report.findings:
        doc.add_paragraph(_safe(text), style="List Bullet")

    props = doc.core_properties
    props.title = r["title"]
    props.subject = f"{where}; {years}"
    props.author = props.last_modified_by = "kcbudget"
    props.comments = "kcbudget report"
    props.keywords = "khuyến công"

    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _styles(doc: Any, Pt: Any) -> None:
    """Times New Roman everywhere (headings too, in black), 13 pt text."""

    for name in ("Normal", "Heading 1", "List Bullet", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            continue
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    doc.styles["Normal"].font.size = Pt(13)
    heading = doc.styles["Heading 1"]
    heading.font.size = Pt(13)
    heading.font.bold = True
    heading.font.color.rgb = RGBColor(0, 0, 0)


def _page_numbers(section: Any, w: Mapping[str, str]) -> None:
    """``Trang 2/5`` centred in the footer (PAGE and NUMPAGES fields)."""

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{w['page']} ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(w["of"])
    _field(paragraph, "NUMPAGES", "1")


def _field(paragraph: Any, code: str, shown: str) -> None:

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _columns(result: SummaryResult) -> list[str]:
    """The columns of the summary's table and xlsx report, the same choice."""

    return _display_columns(result)


def _header(col: str, lang: str, unit: Unit) -> str:

    label = catalogue.section("summary.header", lang)[col]
    return f"{label} ({catalogue.unit_name(unit, lang)})" if col in MONEY else label


def _cell(line: SummaryLine, col: str, lang: str, unit: Unit, decimals: int | None) -> str:

    value = getattr(line, col)
    if value is None:
        return "—"
    if col in MONEY:
        places = decimals if decimals is not None else (0 if unit == Unit.dong else 1)
        return format_amount(value, lang, unit, places)
    if col.endswith("_pct") or col == "leverage":
        return format_number(value, lang, 2)
    return format_number(value, lang)


def _summary_table(doc: Any, result: SummaryResult, columns: list[str], lang: str,
                   unit: Unit, decimals: int | None) -> None:

    h = catalogue.section("summary.header", lang)
    keys = list(result.group_by)
    groups = {tuple(sorted(line.group.items(), key=str)) for line in result.rows}
    lines: list[tuple[SummaryLine, bool]] = [(line, False) for line in
                                             (result.rows if keys else result.totals)]
    if keys and len(groups) > 1 and total_is_said(result):
        lines += [(line, True) for line in result.totals]
    head = [h[k] for k in keys] + [h["program"]] + [_header(c, lang, unit) for c in columns]
    widths = [1.4 if k == "year" else 3.2 for k in keys] + [2.0]
    table = _table(doc, head, widths)
    previous: object = None
    for line, is_total in lines:
        group = tuple(line.group.get(k) for k in keys)
        if is_total:
            labels = [h["total"] if previous != "total" and i == 0 else ""
                      for i in range(len(keys))]
            previous = "total"
        else:
            labels = [_key_label(k, v, lang) if group != previous else ""
                      for k, v in zip(keys, group)]
            previous = group
        cells = labels + [_program_label(line.program, lang)] + [
            _cell(line, c, lang, unit, decimals) for c in columns]
        _row(table, cells, bold=line.program == "ALL" or is_total)


def _physical_table(doc: Any, result: SummaryResult, lang: str) -> None:

    w = catalogue.section("summary.docx", lang)
    keys = [k for k in result.group_by if any(p.group.get(k) is not None
                                              for p in result.physical)]
    h = catalogue.section("summary.header", lang)
    head = [h[k] for k in keys] + [w["indicator"], w["unit_col"], w["done"], w["target"],
                                   w["reached"]]
    table = _table(doc, head, [1.4 if k == "year" else 3.2 for k in keys] + [5.0, 2.2])
    for p in result.physical:
        cells = [_key_label(k, p.group.get(k), lang) for k in keys] + [
            p.name, p.unit,
            "—" if p.executed is None else format_number(p.executed, lang),
            "—" if p.target is None else format_number(p.target, lang),
            "—" if p.attainment_pct is None else format_number(p.attainment_pct, lang, 2)]
        _row(table, cells)


def _table(doc: Any, head: list[str], text_widths: list[float]) -> Any:
    """A grid table as wide as the page, whose first row (bold, shaded) repeats on every
    page: the text columns (groups, program) ``text_widths`` cm wide, the figures
    sharing the rest."""

    section = doc.sections[-1]
    page = (section.page_width - section.left_margin - section.right_margin) / Cm(1)
    rest = len(head) - len(text_widths)
    figure = max((page - sum(text_widths)) / rest, 1.4) if rest else 0
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table._kcbudget_widths = [Cm(w) for w in [*text_widths, *([figure] * rest)]]
    table._kcbudget_text = len(text_widths)
    for column, width in zip(table.columns, table._kcbudget_widths):
        column.width = width
    row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)
    for i, (cell, text) in enumerate(zip(row.cells, head)):
        cell.width = table._kcbudget_widths[i]
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(_safe(text))
        run.bold, run.font.size = True, Pt(10)
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), "DDEBF7")
        cell._tc.get_or_add_tcPr().append(shade)
    return table


def _row(table: Any, cells: list[str], bold: bool = False) -> None:

    row = table.add_row()
    for i, (cell, text) in enumerate(zip(row.cells, cells)):
        cell.width = table._kcbudget_widths[i]
        paragraph = cell.paragraphs[0]
        if i >= table._kcbudget_text:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(_safe(text))
        run.font.size = Pt(10)
        run.bold = bold or None
