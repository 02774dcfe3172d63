"""``kcbudget provinces`` and ``kcbudget regions``: the reference data."""

from __future__ import annotations

import typer

from kcbudget.cli.common import Lang, console, run
from kcbudget.cli.collector import resume_gc
from kcbudget.render.catalogue import section


def register(app: typer.Typer) -> None:
    @app.command("provinces")
    def provinces_cmd(
        as_of: int = typer.Option(2024, "--as-of",
                                  help="2024: the 63 provinces; 2025: the 34 units formed "
                                       "on 2025-07-01, with their predecessors."),
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG", help="Language (vi|en)."),
    ) -> None:
        """List provinces with GSO codes and regions, and the 2025 merger.

        Example: kcbudget provinces --as-of 2025
        """

        def body() -> int:

            # lazy: the reference tables are the commands' business, not --help's
            from kcbudget import reference as ref
            # lazy: the reference tables are the commands' business, not --help's
            from kcbudget.render.names import region_label

            resume_gc()  # the modules are in: the collector paused for them resumes

            h = section("cli.provinces", lang.value)
            from rich.table import Table  # lazy: --help and the JSON need no Rich table

            table = Table()
            table.add_column(h["code"])
            table.add_column(h["province"])
            table.add_column(h["region"])
            table.add_column(h["predecessors"] if as_of >= 2025 else h["successor"])
            for p in ref.provinces(as_of):
                extra = ", ".join(p.predecessors) if as_of >= 2025 else (p.successor or "")
                table.add_row(p.code, p.name, region_label(p.region, lang.value), extra)
            console().print(table)
            return 0

        run(body, lang=lang)

    @app.command("regions")
    def regions_cmd(
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG", help="Language (vi|en)."),
    ) -> None:
        """List the conference regions with their slugs, aliases and provinces.

        Example: kcbudget regions
        """

        def body() -> int:

            # lazy: the reference tables are the commands' business, not --help's
            from kcbudget import reference as ref
            # lazy: the reference tables are the commands' business, not --help's
            from kcbudget.render.names import region_label

            resume_gc()  # the modules are in: the collector paused for them resumes

            from rich.table import Table  # lazy: --help and the JSON need no Rich table

            table = Table()
            for title in section("cli.regions", lang.value).values():
                table.add_column(title)
            for info in ref.regions():
                slug = info.slug
                members = ref.provinces_in_region(slug, 2024)
                table.add_row(slug, region_label(slug, lang.value), str(len(members)),
                              ", ".join(p.name for p in members))
            console().print(table)
            return 0

        run(body, lang=lang)
