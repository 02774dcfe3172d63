"""Summaries for people and programs: Rich table, JSON, CSV, Markdown, xlsx."""

from __future__ import annotations

import csv
import io
import json

from kcbudget.model.results import SummaryLine, SummaryResult
from kcbudget.model.units import Unit
from kcbudget.render.diagnostics import diagnostic_dict, dump_json
from kcbudget.render import untrusted
from kcbudget.render.numbers import format_amount, format_number

FIELDS = ["program", "planned", "executed", "attainment_pct", "share_planned_pct",
          "share_executed_pct", "projects_planned", "projects_executed", "projects_accepted",
          "accepted", "accepted_pct", "total_cost", "counterpart", "leverage"]

HEADERS = {
    "vi": {"region": "Vùng", "province": "Tỉnh/TP", "year": "Năm", "category": "Nội dung",
           "category_group": "Nhóm", "status": "Trạng thái", "program": "Nguồn",
           "planned": "Kế hoạch", "executed": "Thực hiện", "attainment_pct": "TH/KH (%)",
           "share_planned_pct": "Tỷ trọng KH (%)", "share_executed_pct": "Tỷ trọng TH (%)",
           "projects_planned": "Đề án KH", "projects_executed": "Đề án TH",
           "projects_accepted": "Nghiệm thu", "accepted": "KP nghiệm thu",
           "accepted_pct": "NT/KH (%)", "total_cost": "Tổng vốn", "counterpart": "Đối ứng",
           "leverage": "Đối ứng/Hỗ trợ", "total": "Tổng cộng", "unit": "Đơn vị: {unit}",
           "pi1": "Thực hiện so với kế hoạch ban đầu (PI-1)",
           "pi2": "Chênh lệch cơ cấu theo {by} (PI-2)", "ALL": "Cộng", "KCDP": "KCĐP"},
    "en": {"region": "Region", "province": "Province", "year": "Year", "category": "Activity",
           "category_group": "Group", "status": "Status", "program": "Program",
           "planned": "Planned", "executed": "Executed", "attainment_pct": "Attainment %",
           "share_planned_pct": "Share of plan %", "share_executed_pct": "Share executed %",
           "projects_planned": "Projects planned", "projects_executed": "Projects executed",
           "projects_accepted": "Accepted", "accepted": "Accepted funds",
           "accepted_pct": "Accepted/plan %", "total_cost": "Total cost",
           "counterpart": "Counterpart", "leverage": "Counterpart/support",
           "total": "Total", "unit": "Unit: {unit}",
           "pi1": "Aggregate outturn vs original plan (PI-1)",
           "pi2": "Composition variance by {by} (PI-2)", "ALL": "All", "KCDP": "KCĐP"},
}


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
    return HEADERS[lang].get(program, program) if program in ("ALL", "KCDP") else program


def _key_label(key: str, value, lang: str) -> str:
    if value is None:
        return "—"
    if key == "region":
        from kcbudget import reference as ref

        try:
            return ref.region_label(value, lang)
        except (ValueError, KeyError):
            return str(value)
    if key == "category":
        from kcbudget import reference as ref

        activity = ref.activity_by_code(value)
        if activity is not None:
            return activity.name_vi if lang == "vi" else activity.name_en
    return str(value)


def _fmt_pct(value, lang):
    return "—" if value is None else format_number(value, lang, 2)


def _display_columns(result: SummaryResult) -> list[str]:
    lines = result.rows + result.totals
    cols = ["planned", "executed", "attainment_pct", "share_planned_pct", "share_executed_pct"]
    if any(l.projects_planned or l.projects_executed for l in lines):
        cols += ["projects_planned", "projects_executed"]
    if any(l.projects_accepted for l in lines):
        cols += ["projects_accepted", "accepted_pct"]
    if any(l.total_cost is not None for l in lines):
        cols.append("total_cost")
    if any(l.counterpart is not None for l in lines):
        cols += ["counterpart", "leverage"]
    return cols


def _cell(line: SummaryLine, col: str, lang: str, unit: Unit) -> str:
    value = getattr(line, col)
    if col in ("planned", "executed", "total_cost", "counterpart", "accepted"):
        return "—" if value is None else format_amount(value, lang, unit, 1 if unit != Unit.dong
                                                      else 0)
    if col.endswith("_pct") or col == "leverage":
        return _fmt_pct(value, lang)
    return format_number(value, lang)


def to_markdown(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu) -> str:
    h = HEADERS[lang]
    cols = _display_columns(result)
    keys = result.group_by
    head = [h[k] for k in keys] + [h["program"]] + [h[c] for c in cols]
    lines = [f"{h['unit'].format(unit=unit.label(lang))}", "",
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
    h = HEADERS[lang]
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
    from rich.console import Console

    console = console or Console()
    h = HEADERS[lang]
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
        console.print(_rich_table(result, chunk, widths, lang, unit,
                                  h["unit"].format(unit=unit.label(lang)) if last else None))
    for text in _indicator_lines(result, lang):
        console.print(untrusted.rich_text(text))


def _rich_table(result, cols, widths, lang, unit, caption):
    from rich.table import Table
    from rich.text import Text

    h = HEADERS[lang]
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


def to_xlsx(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu) -> bytes:
    """A formatted sheet: frozen header, number formats, a bar chart of attainment."""
    import xlsxwriter

    h = HEADERS[lang]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sheet = book.add_worksheet("Tong hop" if lang == "vi" else "Summary")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                            "text_wrap": True, "valign": "vcenter"})
    money = book.add_format({"num_format": "#,##0.0" if unit != Unit.dong else "#,##0"})
    pct_fmt = book.add_format({"num_format": "0.00"})
    count_fmt = book.add_format({"num_format": "0"})
    keys = result.group_by
    cols = _display_columns(result)
    unit_name = unit.label(lang)
    head = [h[k] for k in keys] + [h["program"]] + [
        f"{h[c]} ({unit_name})" if c in ("planned", "executed", "total_cost", "counterpart",
                                       "accepted") else h[c] for c in cols]
    sheet.write_row(0, 0, head, bold)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, len(keys) + 1)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    lines = _lines(result) + (result.totals if keys else [])
    for r, line in enumerate(lines, start=1):
        is_total = keys and r > len(result.rows)
        for c, k in enumerate(keys):
            value = h["total"] if is_total and c == 0 else (
                "" if is_total else _key_label(k, line.group.get(k), lang))
            sheet.write_string(r, c, untrusted.formula_safe(str(value)))
        sheet.write_string(r, len(keys),
                           untrusted.formula_safe(_program_label(line.program, lang)))
        for j, col in enumerate(cols, start=len(keys) + 1):
            value = getattr(line, col)
            if value is None:
                sheet.write_blank(r, j, None)
            elif col in ("planned", "executed", "total_cost", "counterpart", "accepted"):
                sheet.write_number(r, j, value / unit.factor, money)
            elif col.endswith("_pct") or col == "leverage":
                sheet.write_number(r, j, value, pct_fmt)
            else:
                sheet.write_number(r, j, value, count_fmt)
    sheet.set_column(0, len(keys), 18)
    sheet.set_column(len(keys) + 1, len(keys) + len(cols), 14)
    if lines:
        sheet.autofilter(0, 0, len(lines), len(head) - 1)
    # the chart: attainment of ALL by group
    att_col = len(keys) + 1 + cols.index("attainment_pct")
    all_rows = [r for r, line in enumerate(lines, start=1)
                if line.program == "ALL" and line.attainment_pct is not None]
    if all_rows:
        chart_sheet = book.add_worksheet("Bieu do" if lang == "vi" else "Chart")
        chart_sheet.write_row(0, 0, [h["program"] if not keys else h[keys[0]],
                                     h["attainment_pct"]], bold)
        for i, r in enumerate(all_rows, start=1):
            line = lines[r - 1]
            label = " / ".join(_key_label(k, line.group.get(k), lang) for k in keys) \
                if keys and r <= len(result.rows) else h["total"]
            chart_sheet.write_string(i, 0, untrusted.formula_safe(label))
            chart_sheet.write_number(i, 1, line.attainment_pct, pct_fmt)
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"name": h["attainment_pct"],
                          "categories": [chart_sheet.name, 1, 0, len(all_rows), 0],
                          "values": [chart_sheet.name, 1, 1, len(all_rows), 1],
                          "data_labels": {"value": True}})
        chart.set_title({"name": h["attainment_pct"]})
        chart.set_legend({"none": True})
        chart_sheet.insert_chart("D2", chart, {"x_scale": 1.5, "y_scale": 1.5})
        chart_sheet.set_column(0, 0, 30)
    del att_col
    book.close()
    return buffer.getvalue()
