"""``kcbudget inspect FILE…``: what kcbudget understood of each sheet."""

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
        lang: Lang = MESSAGE_LANG_OPTION,
        locale: Locale | None = LOCALE_OPTION,
        unit: UnitOpt | None = UNIT_FALLBACK_OPTION,
        phase: PhaseOpt | None = PHASE_FALLBACK_OPTION,
        sheet: list[str] | None = SHEET_OPTION,
        year: int | None = YEAR_FALLBACK_OPTION,
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
