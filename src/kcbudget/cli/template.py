"""``kcbudget template OUT.xlsx --kind plan|actual|summary``: a blank workbook in the
contract's shape, ready to fill in Excel."""

from __future__ import annotations

import datetime
from enum import Enum
from pathlib import Path

import typer

from kcbudget.cli.common import Lang, err_line, run
from kcbudget.cli.collector import resume_gc
from kcbudget.errors import KcbudgetError
from kcbudget.render.catalogue import label
from kcbudget.render.files import write_bytes_atomic


class TemplateKind(str, Enum):
    plan = "plan"
    actual = "actual"
    summary = "summary"


def register(app: typer.Typer) -> None:
    @app.command("template")
    def template_cmd(
        out: Path = typer.Argument(..., help="The workbook to write (.xlsx).",
                                   show_default=False),
        kind: TemplateKind = typer.Option(..., "--kind", "-k",
                                          help="plan (kế hoạch: one đề án per row), actual "
                                               "(kết quả thực hiện: one đề án per row) or "
                                               "summary (tổng hợp: one province per row, "
                                               "KCQG/KCĐP × Kế hoạch/Thực hiện).",
                                          show_default=False),
        year: int | None = typer.Option(None, "--year", min=2000, max=2100,
                                        help="Year in the title (default: this year). Up to "
                                             "2025 the province list holds the 63 provinces; "
                                             "from 2026 the 34 units of 2025-07-01.",
                                        show_default=False),
        province: str | None = typer.Option(None, "--province",
                                            help="Province in the title (any spelling); for "
                                                 "--kind summary also the first row."),
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG",
                                  help="Language of the instructions sheet and the "
                                       "drop-down prompts (vi|en); headers stay "
                                       "Vietnamese."),
        force: bool = typer.Option(False, "--force", help="Replace an existing file."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
    ) -> None:
        """Write a blank workbook to fill in: title block, unit line, Vietnamese headers,
        drop-down lists, number formats and an instructions sheet.

        The headers and title are always Vietnamese (they are the reporting contract);
        --lang en writes the instructions in English. A filled template validates clean.

        Example: kcbudget template KH-2026.xlsx --kind plan --province "Bình Định" --year 2026
        """

        def body() -> int:

            # lazy: the template writer, kept out of --help
            from kcbudget.render.template import template_province, template_xlsx

            resume_gc()  # the modules are in: the collector paused for them resumes
            if out.suffix.lower() != ".xlsx":
                raise KcbudgetError("template_not_xlsx", path=out)
            the_year = year if year is not None else datetime.date.today().year
            found = None
            if province is not None:
                found, note = template_province(province, the_year, lang.value)
                if note:
                    err_line(note)
            data = template_xlsx(kind.value, the_year, found, lang.value, file_name=out.name)
            write_bytes_atomic(out, data, force)
            where = f", {found.name}" if found is not None else ""
            err_line(label("cli.template.done", lang.value, out=out, year=the_year, where=where,
                           kind=label(f"cli.template.kind.{kind.value}", lang.value)))
            return 0

        run(body, debug, lang)
