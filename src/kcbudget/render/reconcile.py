"""Reconciliation for people (totals first, then what needs a human), for programs
(JSON, CSV, Markdown) and for the accountant who hands it on (xlsx)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterator

import numpy as np
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kcbudget import __version__
from kcbudget.model.results import PROJECT_FIELDS, ProjectOutcome, ReconcileResult
from kcbudget.model.units import Unit
from kcbudget.figures import format_amount, format_number
from kcbudget.render import untrusted
from kcbudget.render.catalogue import section, unit_name
from kcbudget.render.diagnostics import diagnostic_dict, dump_json
from kcbudget.render.plaintable import print_table as print_plain_or_rich
from kcbudget.render.summary import (
    CSV_BOM,
    Path_name,
    made_on,
    page_setup,
    report_formats,
    write_title_block,
)

_OUTCOME_STYLE = {"matched": "green", "under": "yellow", "over": "red",
                  "not_executed": "yellow", "unplanned": "magenta", "conflict": "bold red"}


def project_dict(p: ProjectOutcome) -> dict:
    values = p.__dict__
    return {f: values[f] for f in PROJECT_FIELDS}


def to_dict(result: ReconcileResult) -> dict:
    return {**_head(result),
            "projects": [project_dict(p) for p in result.projects],
            "diagnostics": [diagnostic_dict(d) for d in result.diagnostics]}


def _head(result: ReconcileResult) -> dict:
    return {"plan": result.plan, "actual": result.actual, "unit": "VND",
            "tolerance": result.tolerance, "rel_tolerance": result.rel_tolerance,
            "counts": result.counts, "totals": [t.model_dump() for t in result.totals]}


LARGE = 2000  # outcomes: above this, JSON is written from the columns, compact


PIECE = 20_000  # outcomes per piece of a streamed JSON document


def to_json(result: ReconcileResult) -> str:
    return "".join(json_pieces(result))


def json_pieces(result: ReconcileResult) -> Iterator[str]:
    """The JSON document of :func:`to_json` in pieces, to be written as they come: a
    large reconciliation is never one string (at 1 000 000 đề án that string, its
    copies and its encoding would take more memory than the outcomes).  The pieces
    split the document between outcomes, never inside a line's start or a string."""
    table = result.table
    if table is None or len(table) <= LARGE or _huge_floats(table):
        yield dump_json(to_dict(result))
        return
    yield from columnar_pieces(result)


def _huge_floats(table) -> bool:
    """pandas' encoder writes 10 decimals: exact for these 2-decimal figures below
    1e15, not above (an attainment of 10^14 % from a 1-đồng plan); those go the
    model path."""

    values = table[["attainment_pct", "similarity"]].to_numpy(dtype=float)
    return bool((np.abs(np.nan_to_num(values)) >= 1e15).any())


def columnar_json(result: ReconcileResult) -> str:
    """The same document as :func:`to_dict`, compact, with the outcomes written by
    pandas' C encoder straight from the columns (no Python object per đề án)."""
    return "".join(columnar_pieces(result))


def columnar_pieces(result: ReconcileResult) -> Iterator[str]:
    """:func:`columnar_json` in pieces of :data:`PIECE` outcomes.  Each piece is made
    safe on its own (:func:`untrusted.json_safe`), which is the whole document made
    safe: what it escapes lies within one string, and a piece ends between outcomes."""
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    head = compact(_head(result))[:-1]
    yield untrusted.json_safe(f'{head},"projects":[')
    table = result.table[PROJECT_FIELDS]
    for start in range(0, len(table), PIECE):
        records = table.iloc[start:start + PIECE].to_json(
            orient="records", force_ascii=False, double_precision=10)
        yield ("," if start else "") + untrusted.json_safe(records[1:-1])
    diagnostics = compact([diagnostic_dict(d) for d in result.diagnostics])
    yield untrusted.json_safe(f'],"diagnostics":{diagnostics}}}')


def _differences_text(p: ProjectOutcome, lang: str) -> str:
    names = section("reconcile", lang)
    def show(value):
        return _program(value, lang) if value in ("KCQG", "KCDP") else value

    return "; ".join(f"{names.get(k, k)}: {show(a)} → {show(b)}"
                     for k, (a, b) in p.differences.items())


def to_csv(result: ReconcileResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PROJECT_FIELDS)
    for p in result.projects:
        row = project_dict(p)
        row["differences"] = json.dumps(p.differences, ensure_ascii=False) if p.differences \
            else ""
        writer.writerow([untrusted.csv_field(row[f]) for f in PROJECT_FIELDS])
    return CSV_BOM + out.getvalue()


def _amount(value, lang, unit):
    return format_amount(value, lang, unit, 1 if unit != Unit.dong else 0)


def _side(value, row, lang, unit):
    """An amount of one side, or a dash when the đề án is not on that side at all
    (unplanned: no plan; not executed: no actual row), rather than a 0 never typed."""
    return "—" if row is None else _amount(value, lang, unit)


def _pct(value, lang):
    return "—" if value is None else format_number(value, lang, 2)


def _program(program, lang):
    return section("reconcile", lang).get(program, program) if program in ("ALL", "KCDP") else (program or "")


def to_markdown(result: ReconcileResult, lang: str = "vi", unit: Unit = Unit.trieu) -> str:
    t = section("reconcile", lang)
    lines = [f"### {t['totals']}", "", t["unit"].format(unit=unit_name(unit, lang)), "",
             f"| {t['program']} | {t['planned']} | {t['executed']} | {t['variance']} | "
             f"{t['attainment_pct']} |", "|---|---:|---:|---:|---:|"]
    for tot in result.totals:
        lines.append(f"| {untrusted.markdown_cell(_program(tot.program, lang))} | "
                     f"{_amount(tot.planned, lang, unit)} | "
                     f"{_amount(tot.executed, lang, unit)} | "
                     f"{_amount(tot.variance, lang, unit)} | {_pct(tot.attainment_pct, lang)} |")
    lines += ["", f"### {t['attention']}", ""]
    attention = _attention(result)
    if not attention:
        lines.append(t["all_matched"])
    else:
        lines += [f"| {t['outcome']} | {t['project_id']} | {t['project_name']} | "
                  f"{t['planned']} | {t['executed']} | {t['variance']} | {t['differences']} |",
                  "|---|---|---|---:|---:|---:|---|"]
        for p in attention:
            cells = [t[p.outcome], p.project_id or "", p.project_name or "",
                     _side(p.planned, p.plan_row, lang, unit),
                     _side(p.executed, p.actual_row, lang, unit),
                     _amount(p.variance, lang, unit), _differences_text(p, lang)]
            lines.append("| " + " | ".join(untrusted.markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _attention(result: ReconcileResult) -> list[ProjectOutcome]:
    return sorted((p for p in result.projects if p.outcome != "matched"),
                  key=lambda p: (-abs(p.variance), p.project_id or ""))


def _table_width(widths) -> int:
    """The width of a Rich table (heavy head, default padding) with these column widths."""
    return sum(widths) + 3 * len(widths) + 1


def _header_floor(text: str) -> int:
    """The narrowest a header may wrap to: its longest word."""
    return max((len(word) for word in text.split()), default=1)


def _fit_widths(headers: dict[str, str], values: dict[str, list[str]], fixed: list[int],
                room: int) -> dict[str, int]:
    """Column widths that keep every value whole: headers on one line where the table
    then fits ``room`` beside the ``fixed`` columns, else wrapped to their longest word."""
    whole = {k: max([len(headers[k]), *map(len, values[k])]) for k in headers}
    if _table_width([*fixed, *whole.values()]) <= room:
        return whole
    return {k: max([_header_floor(headers[k]), *map(len, values[k])]) for k in headers}


def _chunks(widths: dict[str, int], fixed: int, room: int) -> list[list[str]]:
    """Columns split into runs that each fit ``room`` beside a ``fixed``-wide first column."""
    chunks: list[list[str]] = [[]]
    for key, w in widths.items():
        if chunks[-1] and _table_width([fixed, *(widths[k] for k in chunks[-1]), w]) > room:
            chunks.append([])
        chunks[-1].append(key)
    return chunks


def _wrap_pieces(pieces: list[str], width: int, lead: str, indent: str,
                 sep: str = " ") -> list[str]:
    """Lines of ``pieces`` joined by ``sep``, broken only between pieces (a piece — an
    outcome and its number, a label and its amount — is never split)."""
    lines, line = [], lead
    for piece in pieces:
        gap = sep if line.strip() else ""
        if line.strip() and len(line) + len(gap) + len(piece) > width:
            lines.append(line.rstrip())
            line, gap = indent, ""
        line += gap + piece
    lines.append(line)
    return lines


def print_view(result: ReconcileResult, lang: str = "vi", unit: Unit = Unit.trieu,
               console=None) -> None:
    """Totals by program, the count of each outcome, and every đề án that needs a look.

    No amount is ever cut, at any width: every column is given the width of its longest
    value; the totals split over two tables when their columns do not fit, and the đề
    án are stacked (outcome and ID, the name, then the amounts) when the terminal is too
    narrow for the table with a readable name."""

    console = console or Console()
    t = section("reconcile", lang)
    _print_totals(result, lang, unit, console)
    # wrapped between outcomes, never between an outcome and its number
    parts = [f"{t[o]} {format_number(n, lang)}" for o, n in result.counts.items() if n]
    parts = [p + ("," if k < len(parts) - 1 else "") for k, p in enumerate(parts)]
    for line in _wrap_pieces(parts, console.width, f"{t['counts']}:", "  "):
        console.print(Text(line), soft_wrap=True, highlight=False)
    attention = _attention(result)
    if not attention:
        console.print(Text(t["all_matched"], style="green"))
        return
    rows = [(p, _side(p.planned, p.plan_row, lang, unit),
             _side(p.executed, p.actual_row, lang, unit), _amount(p.variance, lang, unit))
            for p in attention]
    outcome_w = max(max(len(t[p.outcome]), len(_differences_text(p, lang)))
                    for p in attention)
    outcome_w = max(outcome_w, _header_floor(t["outcome"]))
    id_w = max([len(t["project_id"])] + [len(p.project_id or "") for p in attention])
    amounts = _fit_widths({k: t[k] for k in ("planned", "executed", "variance")},
                          {"planned": [r[1] for r in rows], "executed": [r[2] for r in rows],
                           "variance": [r[3] for r in rows]},
                          [outcome_w, id_w, NAME_MIN], console.width)
    name_room = console.width - _table_width([outcome_w, id_w, 0, *amounts.values()])
    if name_room >= NAME_MIN:
        _attention_table(rows, lang, console, outcome_w, id_w, min(NAME_MAX, name_room),
                         list(amounts.values()))
    else:
        _attention_stack(rows, lang, console)


NAME_MIN = 24  # below this a name column wraps a few characters a line: stack instead
NAME_MAX = 34


def _print_totals(result: ReconcileResult, lang: str, unit: Unit, console) -> None:

    t = section("reconcile", lang)
    keys = ["planned", "executed", "variance", "attainment_pct", "share_planned_pct",
            "share_executed_pct"]
    cells: dict[str, list[str]] = {k: [] for k in keys}
    for tot in result.totals:
        cells["planned"].append(_amount(tot.planned, lang, unit))
        cells["executed"].append(_amount(tot.executed, lang, unit))
        cells["variance"].append(_amount(tot.variance, lang, unit))
        for k in keys[3:]:
            cells[k].append(_pct(getattr(tot, k), lang))
    first = max([len(t["program"])] + [len(_program(tot.program, lang)) for tot in result.totals])
    widths = _fit_widths({k: t[k] for k in keys}, cells, [first], console.width)
    chunks = _chunks(widths, first, console.width)
    for i, chunk in enumerate(chunks):
        table = Table(title=t["totals"] if i == 0 else None, title_justify="left",
                      caption=t["unit"].format(unit=unit_name(unit, lang))
                      if i == len(chunks) - 1 else None, caption_justify="left")
        table.add_column(t["program"], no_wrap=True, width=first)
        for key in chunk:
            table.add_column(t[key], justify="right", width=widths[key])
        for r, tot in enumerate(result.totals):
            table.add_row(untrusted.rich_text(_program(tot.program, lang)),
                          *[cells[k][r] for k in chunk],
                          style="bold" if tot.program == "ALL" else None)
        print_plain_or_rich(console, table)


def _attention_table(rows, lang: str, console, outcome_w: int, id_w: int, name_w: int,
                     amount_w: list[int]) -> None:

    t = section("reconcile", lang)
    table = Table(title=t["attention"], title_justify="left")
    table.add_column(t["outcome"], width=outcome_w)
    table.add_column(t["project_id"], no_wrap=True, width=id_w)
    table.add_column(t["project_name"], overflow="fold", width=name_w)
    for key, w in zip(("planned", "executed", "variance"), amount_w):
        table.add_column(t[key], justify="right", width=w)
    for p, planned, executed, variance in rows:
        outcome = Text(t[p.outcome], style=_OUTCOME_STYLE[p.outcome])
        if p.differences:
            outcome.append("\n" + untrusted.plain_line(_differences_text(p, lang)), style="dim")
        table.add_row(outcome, untrusted.rich_text(p.project_id),
                      untrusted.rich_text(p.project_name), planned, executed, variance)
    print_plain_or_rich(console, table)


def _attention_stack(rows, lang: str, console) -> None:
    """One block per đề án for a narrow terminal: outcome and ID, the name, the amounts
    (broken only between one label and amount and the next), and what differs."""


    t = section("reconcile", lang)
    width = max(console.width, 20)
    console.print(Text(t["attention"], style="italic"))
    for p, planned, executed, variance in rows:
        head = Text(t[p.outcome], style=_OUTCOME_STYLE[p.outcome])
        if p.project_id:
            head.append("  " + untrusted.plain_line(p.project_id), style="bold")
        console.print(head, soft_wrap=True)
        if p.project_name:
            console.print(Text(textwrap.fill(untrusted.plain_line(p.project_name), width,
                                             initial_indent="  ",
                                             subsequent_indent="  ")), soft_wrap=True)
        pieces = [f"{t['planned']} {planned}", f"{t['executed']} {executed}",
                  f"{t['variance']} {variance}"]
        for line in _wrap_pieces(pieces, width, "  ", "  ", sep=" · "):
            console.print(Text(line), soft_wrap=True, highlight=False)
        if p.differences:
            console.print(Text(textwrap.fill(untrusted.plain_line(_differences_text(p, lang)),
                                             width,
                                             initial_indent="  ", subsequent_indent="  "),
                               style="dim"), soft_wrap=True)


def _span(values, unknown: str) -> str:
    found = sorted({v for v in values if v not in (None, "")}, key=str)
    if not found:
        return unknown
    if all(isinstance(v, int) for v in found) and len(found) > 1:
        return f"{found[0]}–{found[-1]}"
    return ", ".join(map(str, found[:6])) + (" …" if len(found) > 6 else "")


def to_xlsx(result: ReconcileResult, lang: str = "vi", unit: Unit = Unit.trieu) -> bytes:
    """A report to hand on.  The summary sheet: a title block (what, which files, which
    provinces and years, unit, when made), the totals by program, the count of each
    outcome and a chart of planned against executed by program (the total left out,
    every value labelled, the axis from zero), on one A4 page.  Then one sheet per
    outcome with its heading, names and differences wrapped, years and amounts as
    numbers, filters, coloured variances, the header repeated on every A4 landscape
    page.  Every cell is a value: no formula is ever built from text in the inputs."""
    import xlsxwriter  # lazy: only an xlsx report needs xlsxwriter


    t = section("reconcile", lang)
    r = section("reconcile.report", lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": r["title"], "comments": "kcbudget report"})
    fmt = report_formats(book, unit)
    money, pct, head = fmt["money"], fmt["pct"], fmt["head"]
    red = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    green = book.add_format({"font_color": "#006100", "bg_color": "#C6EFCE"})
    projects = result.projects
    summary = book.add_worksheet(t["summary"])
    cols = ["program", "planned", "executed", "variance", "attainment_pct",
            "share_planned_pct", "share_executed_pct"]
    block = [r["title"],
             r["files"].format(plan=Path_name(result.plan), actual=Path_name(result.actual)),
             r["where"].format(provinces=_span((p.province for p in projects), r["unknown"]),
                               years=_span((p.year for p in projects), r["unknown"])),
             r["unit"].format(unit=unit_name(unit, lang)),
             r["made"].format(date=made_on(lang), version=__version__)]
    top = write_title_block(summary, fmt, block, len(cols))
    summary.write_string(top, 0, t["totals"], fmt["heading"])
    summary.write_row(top + 1, 0, [t[c] for c in cols], head)
    first = top + 2
    for i, tot in enumerate(result.totals):
        row = first + i
        style = fmt["bold_money"] if tot.program == "ALL" else money
        summary.write_string(row, 0, untrusted.formula_safe(_program(tot.program, lang)))
        for c, key in enumerate(cols[1:], start=1):
            value = getattr(tot, key)
            if value is None:
                summary.write_blank(row, c, None)
            elif key in ("planned", "executed", "variance"):
                summary.write_number(row, c, value / unit.factor, style)
            else:
                summary.write_number(row, c, value, pct)
    last = first + len(result.totals) - 1
    summary.conditional_format(first, 3, last, 3, {"type": "cell", "criteria": "<",
                                                   "value": 0, "format": red})
    summary.conditional_format(first, 3, last, 3, {"type": "cell", "criteria": ">=",
                                                   "value": 0, "format": green})
    summary.set_column(0, 0, 18)
    summary.set_column(1, len(cols) - 1, 15)
    row = last + 2
    summary.write_string(row, 0, t["counts"], fmt["heading"])
    summary.write_row(row + 1, 0, [t["outcome"], t["counts"]], head)
    for i, (outcome, n) in enumerate(result.counts.items(), start=2):
        summary.write_string(row + i, 0, t[outcome])
        summary.write_number(row + i, 1, n, fmt["count"])
    programs = [i for i, tot in enumerate(result.totals) if tot.program != "ALL"]
    if programs:
        chart = book.add_chart({"type": "column"})
        lo, hi = first + programs[0], first + programs[-1]
        for c, key in ((1, "planned"), (2, "executed")):
            chart.add_series({"name": t[key], "categories": [summary.name, lo, 0, hi, 0],
                              "values": [summary.name, lo, c, hi, c],
                              "data_labels": {"value": True,
                                              "num_format": money.num_format}})
        chart.set_title({"name": f"{t['chart']} ({unit_name(unit, lang)})"})
        chart.set_x_axis({"interval_unit": 1})
        chart.set_y_axis({"min": 0, "num_format": "#,##0", "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 300})
        summary.insert_chart(row + len(result.counts) + 3, 0, chart)
    summary.freeze_panes(top + 2, 1)
    page_setup(summary, None, lang, r["page"])
    summary.fit_to_pages(1, 1)

    fields = ["project_id", "project_name", "province", "year", "program", "planned",
              "executed", "variance", "attainment_pct", "status", "differences", "matched_by",
              "similarity", "plan_row", "actual_row"]
    widths = {"project_id": 16, "project_name": 34, "province": 12, "year": 6, "program": 7,
              "differences": 24, "status": 13, "matched_by": 8, "attainment_pct": 9,
              "similarity": 9, "plan_row": 12, "actual_row": 12}
    for outcome in ("conflict", "over", "under", "not_executed", "unplanned", "matched"):
        items = [p for p in projects if p.outcome == outcome]
        sheet = book.add_worksheet(t[outcome][:31])
        sheet.write_string(0, 0, r["sheet_head"].format(
            outcome=t[outcome][:1].upper() + t[outcome][1:],
            n=format_number(len(items), lang)), fmt["title"])
        sheet.write_string(1, 0, r["unit"].format(unit=unit_name(unit, lang)), fmt["line"])
        sheet.write_row(2, 0, [t[f] for f in fields], head)
        sheet.freeze_panes(3, 2)
        for i, p in enumerate(items, start=3):
            for c, key in enumerate(fields):
                value = getattr(p, key)
                if key == "differences":
                    value = _differences_text(p, lang)
                if value is None or value == "":
                    sheet.write_blank(i, c, None)
                elif key in ("planned", "executed", "variance"):
                    sheet.write_number(i, c, value / unit.factor, money)
                elif key in ("attainment_pct", "similarity"):
                    sheet.write_number(i, c, value, pct)
                elif key == "year":
                    sheet.write_number(i, c, value, fmt["year"])
                elif key == "program":
                    sheet.write_string(i, c, untrusted.formula_safe(_program(value, lang)))
                elif key == "status":
                    sheet.write_string(i, c, untrusted.formula_safe(
                        section("reconcile.status", lang).get(value, untrusted.plain_line(value))))
                elif key in ("project_name", "differences"):
                    sheet.write_string(i, c, untrusted.formula_safe(
                        untrusted.plain_line(value)), fmt["text"])
                else:
                    sheet.write_string(i, c, untrusted.formula_safe(untrusted.plain_line(value)))
        if items:
            sheet.autofilter(2, 0, 2 + len(items), len(fields) - 1)
            v = fields.index("variance")
            sheet.conditional_format(3, v, 2 + len(items), v, {
                "type": "cell", "criteria": "<", "value": 0, "format": red})
            sheet.conditional_format(3, v, 2 + len(items), v, {
                "type": "cell", "criteria": ">", "value": 0, "format": green})
        page_setup(sheet, 2, lang, r["page"])
        for c, key in enumerate(fields):
            sheet.set_column(c, c, widths.get(key, 11))
    book.close()
    return buffer.getvalue()
