"""Diagnostics for people (a Rich table per file and sheet), for scripts (JSON)
and for CI (GitHub workflow-command annotations)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from xml.etree import ElementTree as ET

from kcbudget.model.codes import SEVERITIES
from kcbudget.render.catalogue import CODES, label, section
from kcbudget.model.diagnostic import Diagnostic, Severity
from kcbudget.model.results import ValidationResult
from kcbudget.figures import format_number
from kcbudget.render import untrusted
from kcbudget.render.sarif import cell_column
from kcbudget.render.untrusted import github_escape

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def to_dict(result: ValidationResult) -> dict:
    return {
        "files": [{"file": f.file, "ok": f.ok, "rows": f.rows} for f in result.files],
        "diagnostics": [diagnostic_dict(d) for d in result.diagnostics],
    }


def diagnostic_dict(d: Diagnostic) -> dict:
    return {"code": d.code, "severity": d.severity.value, "file": d.file, "sheet": d.sheet,
            "cell": d.cell, "row": d.row, "column": d.column, "header": d.header,
            "message": d.message, "hint": d.hint, "params": d.params}


def dump_json(data: dict) -> str:
    """Pretty for small results; compact (the C encoder) for large ones, where
    indentation would cost more than the work itself."""
    size = sum(len(v) for v in data.values() if isinstance(v, list))
    if size > 2000:
        return untrusted.json_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return untrusted.json_safe(json.dumps(data, ensure_ascii=False, indent=2))


def to_json(result: ValidationResult) -> str:
    return dump_json(to_dict(result))


_escape = github_escape  # the old name, kept for callers


def to_github(result: ValidationResult) -> str:
    """``::error file=…,title=…::message`` lines, one per warning or error."""
    lines = []
    for d in result.diagnostics:
        level = {"error": "error", "warning": "warning", "info": "notice"}[d.severity.value]
        where = f"'{d.sheet}'!{d.cell}" if d.sheet and d.cell else (d.sheet or "")
        title = f"{d.code} {where}".strip()
        props = [f"file={untrusted.annotation_property(d.file or '')}"]
        if d.row:
            props.append(f"line={d.row}")
            column = cell_column(d.cell)
            if column:
                props.append(f"col={column}")
        props.append(f"title={untrusted.annotation_property(title)}")
        message = (d.message or "") + (f" — {d.hint}" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{untrusted.annotation_message(message)}")
    return "\n".join(lines)


def verdict(result: ValidationResult, lang: str) -> tuple[str, bool]:
    t = section("validate", lang)
    errors = sum(f.errors for f in result.files)
    warnings = sum(f.warnings for f in result.files)
    rows = sum(f.rows for f in result.files)

    ok = errors == 0
    text = (f"{t['ok'] if ok else t['bad']}: {count(len(result.files), 'files', lang)}, "
            f"{count(rows, 'rows', lang)}, {count(errors, 'error', lang)}, "
            f"{count(warnings, 'warning', lang)}")
    return text, ok


def count(n: int, word: str, lang: str) -> str:
    """``3 lỗi`` / ``1 error`` / ``3 errors``: Vietnamese has no plural."""

    key = {"error": "errors", "warning": "warnings"}.get(word, word) + ("_one" if n == 1 else "")
    return f"{format_number(n, lang)} {label(f'validate.count.{key}', lang)}"


def print_table(result: ValidationResult, lang: str = "vi", console=None,
                quiet: bool = False) -> None:

    from rich.console import Console  # lazy: Rich only for the table, not for JSON
    from rich.table import Table  # lazy: Rich only for the table
    from rich.text import Text  # lazy: Rich only for the table

    # lazy: the plain writer of Rich's tables imports Rich, only for the table
    from kcbudget.render.plaintable import print_table as print_plain_or_rich

    show = untrusted.rich_text
    console = console or Console()
    t = section("validate", lang)
    grouped: dict[str, dict[str, list[Diagnostic]]] = defaultdict(lambda: defaultdict(list))
    for d in result.diagnostics:
        grouped[d.file or ""][d.sheet or ""].append(d)
    for f in result.files:
        line = Text("✓" if f.ok else "✗", style="green" if f.ok else "red")
        line.append(" ").append(show(f.file, style="bold"))
        line.append(f" — {count(f.rows, 'rows', lang)}, {count(f.errors, 'error', lang)}, "
                    f"{count(f.warnings, 'warning', lang)}")
        console.print(line, soft_wrap=True)  # a log or a terminal wraps it, never Rich
        if quiet:
            continue
        for sheet, diags in grouped.get(f.file, {}).items():
            table = Table(title=show(f"{t['sheet']}: {sheet}" if sheet else t["whole"]),
                          title_justify="left", show_lines=False, expand=False)
            table.add_column(t["cell"], no_wrap=True)
            table.add_column(t["severity"], no_wrap=True)
            table.add_column(t["code"], no_wrap=True)
            table.add_column(t["message"])
            table.add_column(t["hint"], style="dim")
            for d in diags:
                table.add_row(show(d.cell), Text(t[d.severity.value],
                                                 style=_STYLE[d.severity.value]),
                              show(d.code), show(d.message), show(d.hint))
            print_plain_or_rich(console, table)
    text, ok = verdict(result, lang)
    console.print(Text(text, style="bold green" if ok else "bold red"))


def print_explanation(result: ValidationResult, lang: str = "vi", console=None) -> None:
    """What the codes found mean, most serious first: the demo's closing notes."""
    from rich.console import Console  # lazy: Rich only for human output
    from rich.text import Text  # lazy: Rich only for human output

    console = console or Console()
    counts = Counter(d.code for d in result.diagnostics)
    if not counts:
        return
    console.print()
    console.print("[bold]" + label("validate.explain.title", lang) + "[/]")
    order = sorted(counts, key=lambda c: (-SEVERITIES[c].rank, c))
    for code in order:
        entry = CODES[code]
        where = sorted({f"{d.file.rsplit('/', 1)[-1]}" for d in result.diagnostics
                        if d.code == code and d.file})
        line = Text("  ").append(code, style=_STYLE[SEVERITIES[code].value])
        line.append(untrusted.plain_line(f" {entry.title[lang]} × {counts[code]} — "
                                         f"{', '.join(where)}"))
        console.print(line, soft_wrap=True)  # a log or a terminal wraps it, never Rich
    console.print(label("validate.explain.more", lang))


def print_findings(diagnostics: list[Diagnostic], lang: str = "vi", console=None) -> None:
    """A compact list of the findings under another command's table."""

    shown = [d for d in diagnostics if d.severity.value != "info"]
    if not shown:
        return
    from rich.console import Console  # lazy: Rich only for human output
    from rich.text import Text  # lazy: Rich only for human output

    console = console or Console()
    console.print(Text(label("validate.explain.findings", lang), style="bold"))
    for d in shown:
        name = d.file.rsplit("/", 1)[-1] if d.file else ""
        where = f"{name} '{d.sheet}'!{d.cell}" if d.cell else name
        line = Text(f"  {untrusted.plain_line(d.code)} ", style=_STYLE[d.severity.value])
        line.append(untrusted.plain_line(f"{where}: {d.message}" if where else d.message))
        if d.hint:
            line.append(untrusted.plain_line(f" — {d.hint}"), style="dim")
        # a finding is one line of a log (grep finds it whole); on a terminal or at the
        # COLUMNS asked for it wraps at the width
        console.print(line, soft_wrap=bool(getattr(console, "kcbudget_log", False)))


def junit_classname(file: str) -> str:
    """The JUnit ``classname`` of a workbook: its path with dots made ``_``, since
    Jenkins splits a classname at its last dot into package and class (``x.xlsx``
    would show as class ``xlsx`` of package ``x``); the ``file`` attribute keeps the
    real path."""
    return file.replace(".", "_")


def to_junit(result: ValidationResult, fail_on: str = "error") -> str:
    """JUnit XML as Jenkins (junit-10.xsd), GitLab and Azure DevOps read it: a test
    suite per file, a test case per finding (classname the file, name ``'Sheet'!cell
    code``, ``file`` and ``line`` attributes); findings at or above ``fail_on`` are a
    ``<failure>``, the others pass with their text in ``<system-out>``; a file that
    could not be read is an ``<error>``; a file without findings is one passing case.
    Info findings go to the suite's ``<system-out>``."""


    xml = untrusted.xml_text
    threshold = Severity(fail_on).rank
    root = ET.Element("testsuites", name="kcbudget validate")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        by_file[d.file or ""].append(d)
    for f in result.files:
        suite = ET.SubElement(root, "testsuite", name=xml(f.file), file=xml(f.file))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        notes = []
        classname = xml(junit_classname(f.file))
        for d in by_file.get(f.file, []):
            where = f"'{d.sheet}'!{d.cell}" if d.sheet and d.cell else (d.sheet or "")
            text = f"{d.code} {where}: {d.message}".replace(" : ", ": ") + (
                f" — {d.hint}" if d.hint else "")
            if d.severity.value == "info":
                notes.append(f"[info] {xml(text)}")
                continue
            attrs = {"classname": classname, "name": xml(f"{where} {d.code}".strip()),
                     "file": xml(f.file)}
            if d.row:
                attrs["line"] = str(d.row)
            case = ET.SubElement(suite, "testcase", attrs)
            counts["tests"] += 1
            if d.code == "KC100":
                problem = ET.SubElement(case, "error", type="KC100", message=xml(d.message))
                problem.text = xml(text)
                counts["errors"] += 1
            elif d.severity.rank >= threshold:
                problem = ET.SubElement(case, "failure", type=xml(d.code),
                                        message=xml(f"{where} {d.message}".strip()))
                problem.text = xml(text)
                counts["failures"] += 1
            else:
                ET.SubElement(case, "system-out").text = f"[{d.severity.value}] {xml(text)}"
        if not counts["tests"]:
            ET.SubElement(suite, "testcase", classname=classname, name="validate",
                          file=xml(f.file))
            counts["tests"] = 1
        if notes:
            ET.SubElement(suite, "system-out").text = "\n".join(notes)
        for key, n in counts.items():
            suite.set(key, str(n))
            totals[key] += n
    for key, n in totals.items():
        root.set(key, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_markdown(result: ValidationResult, lang: str = "vi") -> str:
    """The validation as GitHub-flavoured Markdown, for ``$GITHUB_STEP_SUMMARY``, a merge
    request comment or a report: the verdict, a line per file, and a table of the
    warnings and errors of each file that has any."""
    t = section("validate", lang)
    cell = untrusted.markdown_cell
    text, ok = verdict(result, lang)
    lines = ["## kcbudget validate", "", f"**{'✓' if ok else '✗'} {text}**", ""]
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        if d.severity.value != "info":
            grouped[d.file or ""].append(d)
    for f in result.files:
        lines.append(f"- {'✓' if f.ok else '✗'} {cell(f.file)} — "
                     f"{count(f.rows, 'rows', lang)}, {count(f.errors, 'error', lang)}, "
                     f"{count(f.warnings, 'warning', lang)}")
    for f in result.files:
        found = grouped.get(f.file)
        if not found:
            continue
        lines += ["", f"### {cell(f.file)}", "",
                  f"| {t['sheet']} | {t['cell']} | {t['severity']} | {t['code']} | "
                  f"{t['message']} | {t['hint']} |", "|---|---|---|---|---|---|"]
        for d in found:
            lines.append("| " + " | ".join([cell(d.sheet), cell(d.cell), t[d.severity.value],
                                            d.code, cell(d.message), cell(d.hint)]) + " |")
    return "\n".join(lines) + "\n"
