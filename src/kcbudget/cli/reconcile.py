"""``kcbudget reconcile PLAN ACTUAL``: every đề án matched, every difference explained."""

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
    FailOn,
    Lang,
    Locale,
    UnitOpt,
    emit,
    read_options,
    run,
)
from kcbudget.cli.common import console as make_console
from kcbudget.errors import KcbudgetError
from kcbudget.render.catalogue import localize_result
from kcbudget.model.units import Unit


class ReconcileFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class MatchBy(str, Enum):
    id = "id"
    name = "name"


def register(app: typer.Typer) -> None:
    @app.command("reconcile")
    def reconcile_cmd(
        ctx: typer.Context,
        plan: Path = typer.Argument(
            ..., readable=False, help="The plan workbook (kế hoạch).",
            show_default=False),
        actual: Path = typer.Argument(
            ..., readable=False, help="The execution workbook (thực hiện).",
            show_default=False),
        match_by: MatchBy = typer.Option(MatchBy.id, "--match-by",
                                         help="Match by project ID (rows without one by "
                                              "name) or by name only."),
        tolerance: int = typer.Option(0, "--tolerance", min=0,
                                      help="Variance in đồng still counted as matched."),
        rel_tolerance: float = typer.Option(0.0, "--rel-tolerance", min=0.0,
                                            help="Variance as a fraction of the plan "
                                                 "(0.01 = 1 %) still counted as matched."),
        threshold: float = typer.Option(0.8, "--similarity", min=0.0, max=1.0,
                                        help="Name similarity (0–1) needed to match by name."),
        fmt: ReconcileFormat = typer.Option(ReconcileFormat.table, "--format", "-f",
                                            help="table, json, csv, markdown or xlsx."),
        out: Path | None = OUT_OPTION,
        force: bool = FORCE_OUT_OPTION,
        fail_on: FailOn = typer.Option(FailOn.error, "--fail-on",
                                       help="Exit 1 at this level: warning = any outcome but "
                                            "matched; error = a conflict or an over-execution."),
        unit: UnitOpt = typer.Option(UnitOpt.trieu, "--unit", help="Display unit."),
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG",
                                  help="Language (vi|en)."),
        locale: Locale | None = typer.Option(None, "--locale",
                                             help="Read text numbers as vi or en."),
        max_rows: int | None = MAX_ROWS_OPTION,
        max_uncompressed: int | None = MAX_UNCOMPRESSED_OPTION,
        max_ratio: int | None = MAX_RATIO_OPTION,
        layout: Path | None = LAYOUT_OPTION,
        quiet: bool = QUIET_WRITE_OPTION,
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Match the đề án of a plan against what was executed.

        Example: kcbudget reconcile sample_data/binh-dinh-2022-ke-hoach.xlsx
        sample_data/binh-dinh-2022-thuc-hien.xlsx
        """

        def body() -> int:
            nonlocal fmt
            fmt = out_format(ctx, fmt, out)
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.engine.reconcile import reconcile
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.render import reconcile as render

            if fmt == ReconcileFormat.xlsx and out is None:
                raise KcbudgetError("xlsx_needs_out")
            opts = read_options(lang, locale, None, None, None, None, max_rows,
                                max_uncompressed, max_ratio, layout)
            result = reconcile(plan, actual, match_by=match_by.value, tolerance=tolerance,
                               rel_tolerance=rel_tolerance, threshold=threshold, options=opts)
            result = localize_result(result, lang.value)
            display = Unit(unit.value)
            inputs = (plan, actual)
            if fmt == ReconcileFormat.table and out is None:
                # lazy: pandas; --help and `import kcbudget` stay fast
                from kcbudget.render.diagnostics import print_findings

                console = make_console()
                render.print_view(result, lang.value, display, console)
                print_findings(result.diagnostics, lang.value, console)
            else:

                emit({"json": lambda: render.json_pieces(result),
                      "csv": lambda: render.to_csv(result),
                      "markdown": lambda: render.to_markdown(result, lang.value, display),
                      "table": lambda: render.to_markdown(result, lang.value, display)},
                     fmt, lambda: render.to_xlsx(result, lang.value, display), out, force,
                     inputs, lang.value, quiet, findings=result.diagnostics)
            return 1 if result.fails(fail_on.value) else 0

        run(body, debug, lang)
