"""``kcbudget validate FILE…``: the CI command."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kcbudget.render.catalogue import localize_result
from kcbudget.cli.common import (
    LOCALE_OPTION,
    MESSAGE_LANG_OPTION,
    PHASE_FALLBACK_OPTION,
    SHEET_OPTION,
    UNIT_FALLBACK_OPTION,
    YEAR_FALLBACK_OPTION,
    out_format,
    FORCE_OUT_OPTION,
    LAYOUT_OPTION,
    MAX_RATIO_OPTION,
    MAX_ROWS_OPTION,
    MAX_UNCOMPRESSED_OPTION,
    FailOn,
    Lang,
    Locale,
    PhaseOpt,
    UnitOpt,
    console,
    err_line,
    expand_inputs,
    progress,
    read_options,
    run,
    say,
    stdout_write,
)
from kcbudget.render.files import write_text_atomic
from kcbudget.render.untrusted import guard_lines


class ValidateFormat(str, Enum):
    table = "table"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_cmd(
        ctx: typer.Context,
        files: list[Path] = typer.Argument(
            ..., readable=False, help="Workbooks (.xlsx, .xlsm, .csv; also "
            ".xls, .ods), folders or glob patterns.",
            show_default=False),
        fmt: ValidateFormat = typer.Option(ValidateFormat.table, "--format", "-f",
                                           help="Output: table, json, github annotations, "
                                                "junit XML, sarif (code scanning) or "
                                                "markdown (a job summary)."),
        out: Path | None = typer.Option(None, "--out", "-o",
                                        help="Write the output to this file (the table as "
                                             "Markdown); the findings still appear on stderr."),
        force: bool = FORCE_OUT_OPTION,
        fail_on: FailOn = typer.Option(FailOn.error, "--fail-on",
                                       help="Exit 1 on findings at or above this level."),
        lang: Lang = MESSAGE_LANG_OPTION,
        locale: Locale | None = LOCALE_OPTION,
        unit: UnitOpt | None = UNIT_FALLBACK_OPTION,
        phase: PhaseOpt | None = PHASE_FALLBACK_OPTION,
        sheet: list[str] | None = SHEET_OPTION,
        year: int | None = YEAR_FALLBACK_OPTION,
        max_rows: int | None = MAX_ROWS_OPTION,
        max_uncompressed: int | None = MAX_UNCOMPRESSED_OPTION,
        max_ratio: int | None = MAX_RATIO_OPTION,
        layout: Path | None = LAYOUT_OPTION,
        caps: list[Path] | None = typer.Option(None, "--caps",
                                               help="A CSV of your province's own support "
                                                    "caps (the columns of the packaged caps.csv: regime, "
                                                    "program, activity, per, year_from, year_to, "
                                                    "max_share_pct, max_amount, province, source), added "
                                                    "to the national ones."),
        quiet: bool = typer.Option(False, "--quiet", "-q",
                                   help="No progress bar; with the table, only a line per file."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Check workbooks against the spreadsheet contract.

        Example: kcbudget validate sample_data/mien-trung-2021-bao-cao.xlsx --format json
        """

        def body() -> int:
            nonlocal fmt
            fmt = out_format(ctx, fmt, out)
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.checks.validate import validate

            opts = read_options(lang, locale, unit, phase, sheet, year, max_rows,
                                max_uncompressed, max_ratio, layout)
            if caps:
                # lazy: the reference tables are the commands' business, not --help's
                from kcbudget.reference import load_caps

                for path in caps:
                    load_caps(path)
            paths = expand_inputs(files, lang.value)
            # a report (not the table) says so of a file it could not read, even alone
            keep_going = len(paths) > 1 or fmt != ValidateFormat.table or out is not None
            with progress(len(paths), quiet, "validate") as step:
                result = validate(paths, opts, keep_going=keep_going, on_file=step)
            result = localize_result(result, lang.value)
            emit_validation(result, fmt, out, force, paths, lang.value, fail_on.value, quiet)
            if result.unreadable:

                for line in result.unreadable:
                    err_line(line)
                return 2
            return 1 if result.fails(fail_on.value) else 0

        run(body, debug, lang)


def emit_validation(result, fmt: ValidateFormat, out: Path | None, force: bool, inputs,
                    lang: str, fail_on: str, quiet: bool) -> None:
    """The validation in ``fmt``, on stdout or in ``--out``.  Written to a file, the
    verdict and the findings are printed on stderr first, so a CI log still shows them."""
    # lazy: pandas; --help and `import kcbudget` stay fast
    from kcbudget.render import diagnostics as render

    if fmt == ValidateFormat.table and out is None:

        render.print_table(result, lang, console(), quiet=quiet)
        return
    renderers = {
        "json": lambda: render.to_json(result),
        "github": lambda: render.to_github(result),
        "junit": lambda: render.to_junit(result, fail_on),
        "sarif": lambda: __import__("kcbudget.render.sarif", fromlist=["to_sarif"])
        .to_sarif(result, lang),
        "markdown": lambda: render.to_markdown(result, lang),
        "table": lambda: render.to_markdown(result, lang),
    }
    text = renderers[fmt.value]()
    if out is None:
        stdout_write(text, annotations=fmt == ValidateFormat.github)
        return

    from rich.text import Text  # lazy: Rich only where a verdict is printed

    err = console(stderr=True)
    # an unreadable file (KC100) gets its own line after this, as on every path
    render.print_findings([d for d in result.diagnostics if d.code != "KC100"], lang, err)
    verdict, ok = render.verdict(result, lang)

    err.print(Text(verdict, style="bold green" if ok else "bold red"))
    if fmt != ValidateFormat.github:
        text = guard_lines(text)
    write_text_atomic(out, text if text.endswith("\n") else text + "\n", force, tuple(inputs))
    if not quiet:
        say("written", lang, path=out)
