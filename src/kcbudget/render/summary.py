"""Summaries for people and programs: Rich table, JSON, CSV, Markdown, xlsx."""

from __future__ import annotations

import csv
import datetime
import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kcbudget import __version__
from kcbudget import reference as ref
from kcbudget.model.results import SummaryLine, SummaryResult
from kcbudget.model.units import Unit
from kcbudget.figures import format_amount, format_number
from kcbudget.render import untrusted
from kcbudget.render.catalogue import section, unit_name
from kcbudget.render.diagnostics import diagnostic_dict, dump_json
from kcbudget.render.names import activity_name, region_label
from kcbudget.render.plaintable import print_table as print_plain_or_rich

FIELDS = ["program", "planned", "executed", "attainment_pct", "share_planned_pct",
          "share_executed_pct", "projects_planned", "projects_executed", "projects_accepted",
          "accepted", "accepted_pct", "total_cost", "counterpart", "leverage", "months",
          "allocated", "allocated_pct", "advanced", "advanced_pct", "disbursed",
          "disbursed_pct", "settled", "settled_pct", "beneficiaries", "other_funds",
          "support_cost_pct", "support_per_project", "support_per_beneficiary"]
MONEY = ("planned", "executed", "total_cost", "counterpart", "accepted", "allocated", "advanced",
         "disbursed", "settled", "other_funds", "support_per_project", "support_per_beneficiary")

def line_dict(line: SummaryLine) -> dict:
    data = dict(line.group)
    data.update({f: getattr(line, f) for f in FIELDS})
    return data


def to_dict(result: SummaryResult) -> dict:
    return {
        "unit": result.unit,
        "group_by": result.group_by,
        "rows": [line_dict(line) for line in result.rows],
        "totals": [line_dict(line) for line in result.totals],
        "indicators": result.indicators.model_dump(),
        "physical": [{**p.group, **p.model_dump(exclude={"group"})} for p in result.physical],
        "scope": result.scope.model_dump(),
        "diagnostics": [diagnostic_dict(d) for d in result.diagnostics],
    }


def to_json(result: SummaryResult) -> str:
    return dump_json(to_dict(result))


def _lines(result: SummaryResult) -> list[SummaryLine]:
    return result.rows if result.group_by else result.totals


safe_cell = untrusted.formula_safe  # the old name, kept for callers
CSV_BOM = "\ufeff"  # UTF-8 with a BOM: what Excel needs to open Vietnamese text right


def to_csv(result: SummaryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = result.group_by
    writer.writerow([*keys, *FIELDS])
    for line in _lines(result):
        writer.writerow([untrusted.csv_field(line.group.get(k)) for k in keys]
                        + [getattr(line, f) for f in FIELDS])
    return CSV_BOM + out.getvalue()


def _program_label(program: str, lang: str) -> str:
    return section("summary.header", lang).get(program, program) if program in ("ALL", "KCDP") \
        else program


def _key_label(key: str, value, lang: str) -> str:
    if value is None:
        return "—"
    statuses = section("summary.status", lang)
    if key == "status" and str(value) in statuses:  # never the code, accepted
        words = statuses[str(value)]
        return words[:1].upper() + words[1:]
    if key == "region":
        try:
            return region_label(value, lang)
        except (ValueError, KeyError):
            return str(value)
    if key == "category":
        activity = ref.activity_by_code(value)
        if activity is not None:
            return activity_name(activity, lang)
    return str(value)


def _fmt_pct(value, lang):
    return "—" if value is None else format_number(value, lang, 2)


def _display_columns(result: SummaryResult) -> list[str]:
    lines = result.rows + result.totals
    cols = ["planned", "executed", "attainment_pct", "share_planned_pct", "share_executed_pct"]
    if any(line.projects_planned or line.projects_executed for line in lines):
        cols += ["projects_planned", "projects_executed"]
    if any(line.projects_accepted for line in lines):
        cols += ["projects_accepted", "accepted_pct"]
    if any(line.total_cost is not None for line in lines):
        cols.append("total_cost")
    if any(line.counterpart is not None for line in lines):
        cols += ["counterpart", "leverage"]
    if any(line.months for line in lines):
        cols.insert(0, "months")
    for stage in ("allocated", "advanced", "disbursed", "settled"):
        if any(getattr(line, stage) is not None for line in lines):
            cols += [stage, f"{stage}_pct"]
    return cols


def _nothing(line: SummaryLine) -> bool:
    """A program's line that no figure of the inputs went into (a sheet that does not
    split KCQG and KCĐP): its amounts are unknown, never 0."""
    return line.program != "ALL" and not any(
        getattr(line, name) for name in (*MONEY, "projects_planned", "projects_executed",
                                         "projects_accepted", "beneficiaries"))


def _cell(line: SummaryLine, col: str, lang: str, unit: Unit) -> str:
    value = getattr(line, col)
    if _nothing(line) and col != "months":
        return "—"
    if col in MONEY:
        return "—" if value is None else format_amount(value, lang, unit, 1 if unit != Unit.dong
                                                      else 0)
    if col == "months":
        return "—" if value is None else str(value)
    if col.endswith("_pct") or col == "leverage":
        return _fmt_pct(value, lang)
    return format_number(value, lang)


def to_markdown(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu) -> str:
    h = section("summary.header", lang)
    cols = _display_columns(result)
    keys = result.group_by
    head = [h[k] for k in keys] + [h["program"]] + [h[c] for c in cols]
    lines = [f"{h['unit'].format(unit=unit_name(unit, lang))}", "",
             "| " + " | ".join(head) + " |",
             "|" + "|".join("---" if i < len(keys) + 1 else "---:" for i in range(len(head)))
             + "|"]
    for line in _lines(result) + (result.totals if keys else []):
        is_total = keys and line in result.totals and line not in result.rows
        group = [h["total"] if is_total and i == 0 else
                 ("" if is_total else _key_label(k, line.group.get(k), lang))
                 for i, k in enumerate(keys)]
        cells = group + [_program_label(line.program, lang)] + [
            _cell(line, c, lang, unit) for c in cols]
        lines.append("| " + " | ".join(untrusted.markdown_cell(c) for c in cells) + " |")
    lines += ["", *_indicator_lines(result, lang)]
    return "\n".join(lines) + "\n"


def _indicator_lines(result: SummaryResult, lang: str) -> list[str]:
    h = section("summary.header", lang)
    ind = result.indicators
    out = []
    if ind.aggregate_outturn_pct is not None:
        out.append(f"{h['pi1']}: {_fmt_pct(ind.aggregate_outturn_pct, lang)}%")
    if ind.composition_variance_pct is not None:
        by = h.get(ind.composition_by or "", ind.composition_by or "")
        out.append(f"{h['pi2'].format(by=by.lower())}: "
                   f"{_fmt_pct(ind.composition_variance_pct, lang)}% ({ind.lines})")
    return out


def _band(value) -> str:
    if value is None:
        return ""
    if value >= 95:
        return "green"
    if value >= 80:
        return "yellow"
    return "red"


def print_table(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu,
                console=None) -> None:
    """The summary as Rich tables; when the columns do not fit the terminal they are
    split over several tables, each repeating the group and program — a number is
    never cut."""

    console = console or Console()
    h = section("summary.header", lang)
    cols = _display_columns(result)
    keys = result.group_by
    lines = result.rows + result.totals
    widths = {c: max(len(h[c]), max((len(_cell(line, c, lang, unit))
                                                for line in lines), default=4))
              for c in cols}
    key_width = sum(min(18, max((len(_key_label(k, line.group.get(k), lang))
                                 for line in lines), default=4)) + 3 for k in keys) + 9
    chunks: list[list[str]] = [[]]
    used = key_width
    for c in cols:
        if chunks[-1] and used + widths[c] + 4 > console.width - 1:
            chunks.append([])
            used = key_width
        chunks[-1].append(c)
        used += widths[c] + 4
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        print_plain_or_rich(console, _rich_table(result, chunk, widths, lang, unit,
                                  h["unit"].format(unit=unit_name(unit, lang)) if last else None))
    if result.physical:
        print_plain_or_rich(console, _physical_table(result, lang))
    for text in _indicator_lines(result, lang):
        console.print(untrusted.rich_text(text))


def _physical_table(result: SummaryResult, lang: str):
    """Physical indicators (people trained, models, facilities, …) per group."""

    h = section("summary.header", lang)
    keys = [k for k in result.group_by if any(k in p.group for p in result.physical)]
    table = Table()
    for k in keys:
        table.add_column(h[k], max_width=18)
    w = section("summary.physical", lang)
    names = [w[k] for k in ("indicator", "unit", "done", "target", "reached")]
    table.add_column(names[0])
    table.add_column(names[1])
    for name in names[2:]:
        table.add_column(name, justify="right", no_wrap=True)
    for p in result.physical:
        cells = [_key_label(k, p.group.get(k), lang) for k in keys] + [p.name, p.unit]
        cells += ["—" if p.executed is None else format_number(p.executed, lang),
                  "—" if p.target is None else format_number(p.target, lang),
                  _fmt_pct(p.attainment_pct, lang)]
        table.add_row(*(untrusted.rich_text(c) for c in cells))
    return table


def _rich_table(result, cols, widths, lang, unit, caption):

    h = section("summary.header", lang)
    keys = result.group_by
    table = Table(caption=caption, caption_justify="left")
    for k in keys:
        table.add_column(h[k], max_width=18)
    table.add_column(h["program"], no_wrap=True)
    for c in cols:
        table.add_column(h[c], justify="right", no_wrap=True, min_width=widths[c])
    previous = None
    for line in _lines(result):
        group = tuple(line.group.get(k) for k in keys)
        shown = [untrusted.rich_text(_key_label(k, v, lang) if group != previous else "")
                 for k, v in zip(keys, group)]
        previous = group
        table.add_row(*shown, untrusted.rich_text(_program_label(line.program, lang)),
                      *[_styled(line, c, lang, unit, Text) for c in cols],
                      style="bold" if line.program == "ALL" else None,
                      end_section=line.program == "ALL" and bool(keys))
    if keys:
        for i, line in enumerate(result.totals):
            label = [h["total"] if (i == 0 and j == 0) else "" for j in range(len(keys))]
            table.add_row(*label, untrusted.rich_text(_program_label(line.program, lang)),
                          *[_styled(line, c, lang, unit, Text) for c in cols], style="bold")
    return table


def _styled(line, col, lang, unit, Text):
    text = _cell(line, col, lang, unit)
    if col == "attainment_pct":
        return Text(text, style=_band(line.attainment_pct))
    return text


def made_on(lang: str) -> str:
    """Today, as a Vietnamese (01/12/2026) or an ISO (2026-12-01) date."""

    today = datetime.date.today()
    return today.strftime("%d/%m/%Y") if lang == "vi" else today.isoformat()


def report_formats(book, unit: Unit) -> dict:
    """The formats every xlsx report shares (one look for the summary and the
    reconciliation): a title, the title block's lines, the header, numbers."""
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "heading": book.add_format({"bold": True, "font_size": 12}),
        "line": book.add_format({"italic": True}),
        "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                 "text_wrap": True, "valign": "vcenter"}),
        "money": book.add_format({"num_format": "#,##0.0" if unit != Unit.dong else "#,##0"}),
        "pct": book.add_format({"num_format": "#,##0.00"}),
        "count": book.add_format({"num_format": "#,##0"}),
        "year": book.add_format({"num_format": "0"}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        "bold_money": book.add_format({"bold": True, "num_format": "#,##0.0"
                                       if unit != Unit.dong else "#,##0"}),
    }


def page_setup(sheet, header_row: int | None, lang: str, footer: str) -> None:
    """A4 landscape, fit to the page's width, the header row repeated on every page,
    page numbers in the footer."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    sheet.set_footer(f"&C{footer}")


def write_title_block(sheet, fmt: dict, lines: list[str], width: int) -> int:
    """The title (bold, across the table's width) and its lines: what, where, which
    year, unit, when made.  Returns the first free row."""
    sheet.merge_range(0, 0, 0, max(width - 1, 0), untrusted.formula_safe(lines[0]),
                      fmt["title"]) if width > 1 else sheet.write_string(
        0, 0, untrusted.formula_safe(lines[0]), fmt["title"])
    for r, text in enumerate(lines[1:], start=1):
        sheet.write_string(r, 0, untrusted.formula_safe(untrusted.plain_line(text)),
                           fmt["line"])
    return len(lines) + 1


def _scope_text(result: SummaryResult, lang: str, scope: dict | None) -> tuple[str, str]:
    """(where, which years) of a summary, from the filters it was made with and the
    groups it holds."""
    r = section("summary.report", lang)
    scope = scope or {}
    parts = []
    if scope.get("region"):

        try:
            label = region_label(ref.match_region(scope["region"]) or "", lang)
        except Exception:  # an alias the reference knows under another name
            label = str(scope["region"])
        parts.append(f"{r['region']} {label}")
    if scope.get("province"):
        parts.append(f"{r['province']} {scope['province']}")
    if scope.get("program"):
        parts.append(f"{r['program']} {scope['program']}")
    if scope.get("as_of"):
        parts.append(r["as_of"])
    where = "; ".join(parts) if parts else r["all"]
    if scope.get("year"):
        years = str(scope["year"])
    else:
        found = sorted({year for line in result.rows
                        if isinstance(year := line.group.get("year"), int)})
        years = (str(found[0]) if len(found) == 1 else f"{found[0]}–{found[-1]}") if found \
            else r["years_all"]
    return where, years


def to_xlsx(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu,
            scope: dict | None = None) -> bytes:
    """A report to hand on: a title block (what, where, which years, unit, when made,
    from which files), the table with frozen header and filters, numbers as numbers
    (years and counts too), A4 landscape fitted to the page width with the header
    repeated; a chart sheet of attainment by group (the total left out, every label
    shown, the axis from zero) that prints on one page."""
    import xlsxwriter  # lazy: only an xlsx report needs xlsxwriter


    h = section("summary.header", lang)
    r = section("summary.report", lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"title": r["title"], "comments": "kcbudget report"})
    fmt = report_formats(book, unit)
    sheet = book.add_worksheet(r["summary"])
    keys = result.group_by
    cols = _display_columns(result)
    unit_words = unit_name(unit, lang)
    head = [h[k] for k in keys] + [h["program"]] + [
        f"{h[c]} ({unit_words})" if c in MONEY else h[c] for c in cols]
    where, years = _scope_text(result, lang, scope)
    files = ", ".join(Path_name(f) for f in result.files) or "—"
    block = [r["title"], f"{r['scope']}: {where}; {r['year']}: {years}",
             f"{r['unit']}: {unit_words}",
             r["made"].format(date=made_on(lang), version=__version__, files=files)]
    top = write_title_block(sheet, fmt, block, len(head))
    sheet.write_row(top, 0, head, fmt["head"])
    sheet.set_row(top, 32)
    sheet.freeze_panes(top + 1, len(keys) + 1)
    page_setup(sheet, top, lang, r["page"])
    lines = _lines(result) + (result.totals if keys else [])
    for i, line in enumerate(lines, start=1):
        row = top + i
        is_total = keys and i > len(result.rows)
        style = fmt["bold_money"] if line.program == "ALL" else fmt["money"]
        for c, k in enumerate(keys):
            value = line.group.get(k)
            if is_total:
                if c == 0:
                    sheet.write_string(row, c, h["total"])
            elif k == "year" and isinstance(value, int):
                sheet.write_number(row, c, value, fmt["year"])
            else:
                sheet.write_string(row, c, untrusted.formula_safe(
                    untrusted.plain_line(_key_label(k, value, lang))))
        sheet.write_string(row, len(keys), _program_label(line.program, lang))
        for j, col in enumerate(cols, start=len(keys) + 1):
            value = getattr(line, col)
            if value is None:
                sheet.write_blank(row, j, None)
            elif col in MONEY:
                sheet.write_number(row, j, value / unit.factor, style)
            elif col.endswith("_pct") or col == "leverage":
                sheet.write_number(row, j, value, fmt["pct"])
            else:
                sheet.write_number(row, j, value, fmt["count"])
    widths = [max([len(str(head[c]))] + [len(_key_label(k, line.group.get(k), lang))
                                         for line in lines]) for c, k in enumerate(keys)]
    for c, w in enumerate(widths):
        sheet.set_column(c, c, min(max(w + 2, 8), 40))
    sheet.set_column(len(keys), len(keys), 9)
    sheet.set_column(len(keys) + 1, len(keys) + len(cols), 14)
    if lines:
        sheet.autofilter(top, 0, top + len(lines), len(head) - 1)
    _chart_sheet(book, fmt, result, lang, keys, r)
    book.close()
    return buffer.getvalue()


def Path_name(file: str) -> str:
    return untrusted.plain_line(str(file).replace("\\", "/").rsplit("/", 1)[-1])


def _chart_sheet(book, fmt, result: SummaryResult, lang: str, keys, r) -> None:
    """Attainment of each group (all programs), the total left out: one bar per group,
    every group's label shown, the value axis from zero; on one A4 landscape page."""
    h = section("summary.header", lang)
    groups = [line for line in result.rows
              if line.program == "ALL" and line.attainment_pct is not None] if keys else []
    if not groups:
        return
    sheet = book.add_worksheet(r["chart_sheet"])
    by = ", ".join(h[k].lower() for k in keys)
    title = f"{r['chart']} {r['chart_by'].format(key=by)}"
    sheet.write_string(0, 0, title, fmt["title"])
    sheet.write_row(2, 0, [" / ".join(h[k] for k in keys), h["attainment_pct"]], fmt["head"])
    for i, line in enumerate(groups, start=3):
        label = " / ".join(_key_label(k, line.group.get(k), lang) for k in keys)
        sheet.write_string(i, 0, untrusted.formula_safe(untrusted.plain_line(label)))
        sheet.write_number(i, 1, line.attainment_pct, fmt["pct"])
    last = 2 + len(groups)
    width = max(len(h[k]) for k in keys)
    sheet.set_column(0, 0, min(max(width, max(len(_key_label(k, g.group.get(k), lang))
                                                for g in groups for k in keys) + 2), 40))
    sheet.set_column(1, 1, 14)
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"name": h["attainment_pct"],
                      "categories": [sheet.name, 3, 0, last, 0],
                      "values": [sheet.name, 3, 1, last, 1],
                      "data_labels": {"value": True, "num_format": "#,##0.00"},
                      "gap": 60})
    chart.set_title({"none": True})
    chart.set_legend({"none": True})
    # a bar chart's categories are its y axis: every label, the first group on top
    chart.set_y_axis({"interval_unit": 1, "interval_tick": 1, "reverse": True,
                      "num_font": {"size": 9}})
    chart.set_x_axis({"min": 0, "num_format": "#,##0", "major_gridlines": {"visible": True}})
    height = max(300, 22 * len(groups) + 90)
    chart.set_size({"width": 760, "height": height})
    sheet.insert_chart(2, 3, chart)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 1)  # the table and its chart on one page
    sheet.set_footer(f"&C{r['page']}")
