"""``kcbudget inspect FILE…``: what kcbudget understood of each sheet."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kcbudget.render.catalogue import localize_result
from kcbudget.cli.common import (
    LAYOUT_OPTION,
    MAX_RATIO_OPTION,
    MAX_ROWS_OPTION,
    MAX_UNCOMPRESSED_OPTION,
    Lang,
    Locale,
    PhaseOpt,
    UnitOpt,
    err_line,
    expand_inputs,
    read_options,
    run,
    say,
    stdout_write,
)
from kcbudget.render.files import write_text_atomic


class InspectFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("inspect")
    def inspect_cmd(
        files: list[Path] = typer.Argument(..., help="Workbooks (.xlsx, .xlsm, .csv; also "
                                                     ".xls, .ods), folders or glob patterns.",
                                           show_default=False),
        fmt: InspectFormat = typer.Option(InspectFormat.table, "--format", "-f",
                                          help="Output: table or json."),
        write_layout: Path | None = typer.Option(
            None, "--write-layout",
            help="Also write what was understood as a layout file (kcbudget.toml) to edit."),
        force: bool = typer.Option(False, "--force", help="Replace an existing file."),
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG",
                                  help="Message language (vi|en)."),
        locale: Locale | None = typer.Option(None, "--locale",
                                             help="Read text numbers as vi (48.793,5) or en."),
        unit: UnitOpt | None = typer.Option(None, "--unit",
                                            help="Unit of amounts where the file declares none."),
        phase: PhaseOpt | None = typer.Option(None, "--phase",
                                              help="Phase of project sheets whose title "
                                                   "does not say."),
        sheet: list[str] | None = typer.Option(None, "--sheet",
                                               help="Read only this sheet (repeatable; also "
                                                    "reads hidden sheets)."),
        year: int | None = typer.Option(None, "--year", help="Year where the file has none."),
        layout: Path | None = LAYOUT_OPTION,
        max_rows: int | None = MAX_ROWS_OPTION,
        max_uncompressed: int | None = MAX_UNCOMPRESSED_OPTION,
        max_ratio: int | None = MAX_RATIO_OPTION,
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Show, sheet by sheet, what kcbudget understood: each column's header path and
        meaning, and why; the row kinds; what was not read.

        Example: kcbudget inspect sample_data/mien-trung-2021.xlsx
        """

        def body() -> int:
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.read.inspect import inspect
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.render import layout as render

            opts = read_options(lang, locale, unit, phase, sheet, year, max_rows,
                                max_uncompressed, max_ratio, layout)
            paths = expand_inputs(files)
            result = localize_result(inspect(paths, opts, keep_going=True), lang.value)
            if fmt == InspectFormat.json:
                stdout_write(render.to_json(result))
            else:
                render.print_layouts(result, lang.value)
            if write_layout is not None and result.files:

                write_text_atomic(write_layout, render.to_toml(result), force,
                                  tuple(paths))
                say("written", lang.value, path=write_layout)
            if result.unreadable:

                for _, exc in result.unreadable:
                    err_line(exc.render(lang.value))
                return 2
            return 0

        run(body, debug, lang)
