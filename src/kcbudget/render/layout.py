"""``kcbudget inspect`` output: each sheet's layout as a Rich table, as JSON, and as a
``kcbudget.toml`` to start a declared layout from."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kcbudget.read.inspect import InspectResult
from kcbudget.read.layout import Column, Layout, Role, RowKind
from kcbudget.render import untrusted
from kcbudget.render.catalogue import section
from kcbudget.render.diagnostics import diagnostic_dict, print_findings
from kcbudget.render.plaintable import print_table as print_plain_or_rich

def _w(lang: str, key) -> str:
    return section("layout", lang).get(getattr(key, "value", key), str(key))


def meaning_text(column: Column, lang: str = "vi") -> str:
    """``kinh phí khuyến công hỗ trợ · KCQG · thực hiện · năm 2021 · triệu đồng``."""
    parts = [_w(lang, column.measure if column.role == Role.figure else column.key)]
    if column.program:
        parts.append(_w(lang, column.program))
    if column.phase:
        parts.append(_w(lang, column.phase))
    if column.year is not None:
        parts.append(f"{_w(lang, 'year_of')} {column.year}")
    if column.period is not None:
        parts.append(f"{_w(lang, 'period_of')} {column.period[0]}–{column.period[1]}")
    if column.months is not None:
        parts.append(f"{column.months} {_w(lang, 'months')}")
    if column.unit is not None:
        parts.append(_w(lang, column.unit.value))
    if column.count_unit is not None:
        parts.append(column.count_unit)
    if column.whole:
        parts.append(_w(lang, "whole"))
    return " · ".join(parts)


def _means_text(means: str, lang: str) -> str:
    if "=" not in means:
        return _w(lang, means)
    out = []
    for part in means.split(", "):
        slot, _, value = part.partition("=")
        if slot in ("key", "measure", "phase", "program", "unit"):
            out.append(_w(lang, value))
        elif slot == "year":
            out.append(f"{_w(lang, 'year_of')} {value}")
        elif slot == "months":
            out.append(f"{value} {_w(lang, 'months')}")
        elif slot == "period":
            out.append(f"{_w(lang, 'period_of')} {value}")
        else:
            out.append(part)
    return ", ".join(out)


def why_text(column: Column, lang: str = "vi") -> str:
    """``D7 'kinh phí thực hiện' → thực hiện; E9 'vốn đối ứng' → vốn đối ứng``."""
    items = []
    for reason in column.reasons:
        source = _w(lang, reason.source)
        words = f" '{reason.words}'" if reason.words else ""
        items.append(f"{source}{words} → {_means_text(reason.means, lang)}")
    return "; ".join(items)


def _fact_line(layout: Layout, lang: str) -> str:
    parts = []
    for name in ("unit", "phase", "year", "months", "period", "program", "province", "locale"):
        fact = layout.facts.get(name)
        if fact is None:
            continue
        value = fact.value
        value = getattr(value, "value", value)
        shown = _w(lang, value) if isinstance(value, str) else str(value)
        parts.append(f"{_w(lang, name + '_of')}: {shown} ({_w(lang, fact.source)})")
    return " · ".join(parts)


def _rows_line(layout: Layout, lang: str) -> str:
    by_kind: dict = {}
    for span in layout.rows:
        text = str(span.first) if span.first == span.last else f"{span.first}–{span.last}"
        if span.program:
            text += f" ({_w(lang, span.program)})"
        by_kind.setdefault(span.kind, []).append((text, span.count))
    parts = []
    for kind in (RowKind.detail, RowKind.section, RowKind.subtotal, RowKind.total, RowKind.note):
        if kind in by_kind:
            spans = by_kind[kind]
            count = sum(c for _, c in spans)
            shown = ", ".join(t for t, _ in spans[:8]) + (", …" if len(spans) > 8 else "")
            parts.append(f"{_w(lang, kind)} {count}: {shown}")
    return "; ".join(parts)


def print_layouts(result: InspectResult, lang: str = "vi", console=None) -> None:

    show = untrusted.rich_text
    console = console or Console()
    for item in result.files:
        console.print(show(item.file, style="bold"))
        if item.declared:
            console.print(Text(f"  {_w(lang, 'declared')}: ").append(show(item.declared)))
        if not item.layouts:
            console.print(Text("  " + _w(lang, "nothing"), style="yellow"))
        for layout in item.layouts:
            rows = layout.header_rows
            head = f"{rows[0]}–{rows[-1]}" if len(rows) > 1 else str(rows[0])
            title = Text(f"{_w(lang, 'sheet')} ").append(show(layout.sheet, style="bold"))
            title.append(f" — {_w(lang, 'header_rows')} {head}")
            table = Table(title=title, title_justify="left", show_lines=False, expand=False)
            table.add_column(_w(lang, "col"), no_wrap=True)
            table.add_column(_w(lang, "path"))
            table.add_column(_w(lang, "meaning"))
            table.add_column(_w(lang, "why"), style="dim")
            for column in layout.columns:
                where = column.path[0].ref if layout.orientation == "columns" and column.path \
                    else column.letter
                if layout.orientation == "columns" and column.key == "year":
                    where = "—"
                table.add_row(show(where), show(" › ".join(h.text for h in column.path)
                                                or column.header),
                              show(meaning_text(column, lang)), show(why_text(column, lang)))
            for ignored in layout.ignored:
                table.add_row(show(ignored.letter), show(ignored.header),
                              Text(untrusted.plain_line(_w(lang, ignored.reason)),
                                   style="yellow"), show(""))
            print_plain_or_rich(console, table)
            if layout.orientation == "columns":
                console.print(Text("  " + _w(lang, "transposed"), style="italic"))
            facts = _fact_line(layout, lang)
            if facts:
                console.print(show("  " + facts))
            console.print(show(f"  {_w(lang, 'rows')}: {_rows_line(layout, lang)}"))
        for skipped in item.skipped:
            line = Text(f"  {_w(lang, 'sheet')} ").append(show(skipped.sheet, style="bold"))
            line.append(f": {_w(lang, skipped.reason)} ({skipped.code})",
                        style="yellow" if skipped.code == "KC116" else "dim")
            console.print(line)

    print_findings(result.diagnostics, lang, console)


def to_dict(result: InspectResult) -> dict:

    return {"files": [f.to_dict() for f in result.files],
            "diagnostics": [diagnostic_dict(d) for d in result.diagnostics]}


def to_json(result: InspectResult) -> str:
    return untrusted.json_safe(json.dumps(to_dict(result), ensure_ascii=False, indent=2))


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's)."""
    return json.dumps(str(text), ensure_ascii=False)


def _column_toml(column: Column) -> str:
    fields = []
    if column.role == Role.figure:
        fields.append(("measure", column.measure))
    else:
        fields.append(("key", column.key))
    for name in ("program", "phase", "year", "months"):
        value = getattr(column, name)
        if value is not None:
            fields.append((name, value))
    if column.unit is not None:
        fields.append(("unit", column.unit.value))
    inner = ", ".join(f"{k} = {_toml_string(v) if isinstance(v, str) else v}" for k, v in fields)
    return "{ " + inner + " }"


_DECLARABLE = {"stt", "project_id", "year", "province", "region", "program", "category",
               "project_name", "beneficiary", "status", "implementing_unit"}


def to_toml(result: InspectResult) -> str:
    """A ``kcbudget.toml`` holding what was understood, to edit and keep beside the files."""
    lines = ["# kcbudget.toml: the layout kcbudget inferred (kcbudget inspect --write-layout).",
             "# Correct what is wrong, then keep this file beside the workbooks or pass it",
             "# with --layout. The keys are described in schemas/layout.json.",
             "version = 1", ""]
    seen: set[str] = set()
    for item in result.files:
        lines.append(f"# from {_toml_string(item.file)}")
        for layout in item.layouts:
            if layout.sheet in seen:
                continue
            seen.add(layout.sheet)
            lines.append("[[sheet]]")
            lines.append(f"name = {_toml_string(layout.sheet)}")
            lines.append(f"header_row = {layout.header_rows[-1]}")
            for name in ("phase", "unit", "year", "months", "program"):
                fact = layout.facts.get(name)
                if fact is None or fact.source in ("assumed", "default"):
                    continue
                value = getattr(fact.value, "value", fact.value)
                if name == "phase" and fact.source == "columns":
                    continue
                shown = _toml_string(value) if isinstance(value, str) else value
                lines.append(f"{name} = {shown}  # {fact.source}")
            if layout.orientation == "columns":
                lines.append("# years as columns: the meaning of each row comes from its label")
                lines.append("")
                continue
            lines.append("")
            lines.append("[sheet.columns]")
            for column in layout.columns:
                if column.role == Role.figure or column.key in _DECLARABLE:
                    if column.key in ("by_row", "amount", "item", "unit"):
                        continue
                    lines.append(f"{_toml_string(column.header)} = {_column_toml(column)}")
            for ignored in layout.ignored:
                if ignored.reason == "unknown":
                    lines.append(f"{_toml_string(ignored.header)} = \"ignore\"  # not understood"
                                 f"{': it holds figures, declare them' if ignored.numeric else ''}")
            lines.append("")
    return untrusted.guard_lines("\n".join(lines) + "\n")
