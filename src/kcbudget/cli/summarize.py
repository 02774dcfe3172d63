"""``kcbudget summarize FILE…``: the conference tables, and a check of what they claim."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kcbudget.cli.common import (
    out_format,
    FORCE_OUT_OPTION,
    LAYOUT_OPTION,
    MAX_RATIO_OPTION,
    MAX_ROWS_OPTION,
    MAX_UNCOMPRESSED_OPTION,
    OUT_OPTION,
    QUIET_WRITE_OPTION,
    SHEET_OPTION,
    FailOn,
    Lang,
    Locale,
    PhaseOpt,
    UnitOpt,
    emit,
    expand_inputs,
    read_options,
    run,
)
from kcbudget.cli.common import console as make_console
from kcbudget.errors import KcbudgetError
from kcbudget.render.catalogue import localize_result
from kcbudget.model.units import Unit


class SummaryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"
    text = "text"
    docx = "docx"


#: the formats that write the report paragraph
REPORT_FORMATS = (SummaryFormat.text, SummaryFormat.docx)


def report_grouping(by: str | None) -> str:
    """The grouping of a report paragraph: the one asked for, and always the year (or
    the programme period), so that no sentence adds one year's plan to another year's
    execution; one year gives one group, and the paragraph is the same."""
    keys = [k.strip() for k in (by or "").split(",") if k.strip()]
    if "year" not in keys and "period" not in keys:
        keys.append("year")
    return ",".join(keys)


def register(app: typer.Typer) -> None:
    @app.command("summarize")
    def summarize_cmd(
        ctx: typer.Context,
        files: list[Path] = typer.Argument(
            ..., readable=False, help="Workbooks (summary or project sheets), "
            "folders or glob patterns.",
            show_default=False),
        by: str | None = typer.Option(None, "--by",
                                      help="Group by: region, province, year, category, "
                                           "category_group, status (comma separated)."),
        region: str | None = typer.Option(None, "--region",
                                          help="mien-bac | mien-trung | mien-nam (or alias)."),
        province: str | None = typer.Option(None, "--province",
                                            help="A province, any spelling, old or new name."),
        year: str | None = typer.Option(None, "--year", help="A year (2022) or range (2021-2025)."),
        program: str | None = typer.Option(None, "--program", help="KCQG or KCDP."),
        as_of: int | None = typer.Option(None, "--as-of",
                                         help="2025: roll provinces up into the 34 units of "
                                              "2025-07-01."),
        fmt: SummaryFormat = typer.Option(SummaryFormat.table, "--format", "-f",
                                          help="table, json, csv, markdown, xlsx, text (the "
                                               "report paragraph) or docx (a Word report)."),
        out: Path | None = OUT_OPTION,
        force: bool = FORCE_OUT_OPTION,
        unit: UnitOpt = typer.Option(UnitOpt.trieu, "--unit", help="Display unit."),
        decimals: int | None = typer.Option(
            None, "--decimals", min=0, max=6,
            help="text and docx: round amounts half up to this many decimals (default: "
                 "every decimal the figures carry)."),
        pct_decimals: int = typer.Option(
            2, "--pct-decimals", min=0, max=2,
            help="text and docx: decimals of percentages (rounded half up from the exact "
                 "figures)."),
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG",
                                  help="Language (vi|en)."),
        locale: Locale | None = typer.Option(None, "--locale",
                                             help="Read text numbers as vi or en."),
        phase: PhaseOpt | None = typer.Option(None, "--phase",
                                              help="Phase of project sheets whose title "
                                                   "does not say."),
        sheet: list[str] | None = SHEET_OPTION,
        fail_on: FailOn = typer.Option(FailOn.error, "--fail-on",
                                       help="Exit 1 when the inputs have findings at or "
                                            "above this level."),
        max_rows: int | None = MAX_ROWS_OPTION,
        max_uncompressed: int | None = MAX_UNCOMPRESSED_OPTION,
        max_ratio: int | None = MAX_RATIO_OPTION,
        layout: Path | None = LAYOUT_OPTION,
        quiet: bool = QUIET_WRITE_OPTION,
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Roll up planned and executed funds by group and program (KCQG, KCĐP, ALL).

        --format text writes the report paragraph as the conference reports word it, from
        the computed figures only, with a sentence for each finding; --format docx --out
        FILE.docx a Word report (title block, paragraph, tables, findings). Both group by
        year as well.

        Example: kcbudget summarize sample_data/mien-trung-2021.xlsx --by region,year
        """

        def body() -> int:
            nonlocal fmt
            fmt = out_format(ctx, fmt, out)
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.engine.summarize import summarize

            opts = read_options(lang, locale, None, phase, sheet, None, max_rows,
                                max_uncompressed, max_ratio, layout)
            if fmt in (SummaryFormat.xlsx, SummaryFormat.docx) and out is None:
                raise KcbudgetError("xlsx_needs_out" if fmt == SummaryFormat.xlsx
                                    else "docx_needs_out")
            grouping = report_grouping(by) if fmt in REPORT_FORMATS else by
            paths = expand_inputs(files, lang.value)

            def run_summary(keys):
                return summarize(paths, by=keys, region=region, province=province,
                                 year=year, program=program, as_of=as_of, options=opts)

            result = run_summary(grouping)
            if fmt in REPORT_FORMATS and "year" not in (grouping or "").split(","):
                # --by period: said period by period only where each period's years
                # carry the same stages; else year by year within the periods
                # lazy: the report's words import pandas; --help stays fast
                from kcbudget.render.report_text import periods_said_whole

                detailed = run_summary(f"{grouping},year")
                if not periods_said_whole(detailed):
                    result = detailed
            result = localize_result(result, lang.value)
            display = Unit(unit.value)
            scope = {"region": region, "province": province, "year": year,
                     "program": program, "as_of": as_of}
            emit_summary(fmt, result, lang.value, display, out, force, files, quiet, scope,
                         decimals=decimals, pct_decimals=pct_decimals)
            return 1 if result.fails(fail_on.value) else 0

        run(body, debug, lang)


def emit_summary(fmt, result, lang, display, out, force, inputs, quiet: bool = False,
                 scope: dict | None = None, decimals: int | None = None,
                 pct_decimals: int = 2) -> None:
    from kcbudget.render import summary as render  # lazy: pandas; --help and `import kcbudget` stay fast

    def text() -> str:
        from kcbudget.render.report_text import to_text  # lazy: only --format text/docx say it

        return to_text(result, lang, display, decimals, pct_decimals, scope)

    def file_bytes() -> bytes:
        if fmt == SummaryFormat.docx:
            from kcbudget.render.docx import to_docx  # lazy: python-docx, for --format docx only

            return to_docx(result, lang, display, scope, decimals, pct_decimals)
        return render.to_xlsx(result, lang, display, scope)

    if fmt == SummaryFormat.table and out is None:
        # lazy: pandas; --help and `import kcbudget` stay fast
        from kcbudget.render.diagnostics import print_findings

        console = make_console()
        render.print_table(result, lang, display, console)
        print_findings(result.diagnostics, lang, console)
        return
    emit({"json": lambda: render.to_json(result), "csv": lambda: render.to_csv(result),
          "markdown": lambda: render.to_markdown(result, lang, display),
          "table": lambda: render.to_markdown(result, lang, display), "text": text},
         fmt, file_bytes, out, force, inputs, lang, quiet, findings=result.diagnostics)
