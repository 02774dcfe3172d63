"""``kcbudget demo``: the main job on the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import typer

from kcbudget.cli.common import Lang, run
from kcbudget.cli.collector import resume_gc
from kcbudget.cli.common import console as make_console
from kcbudget.errors import KcbudgetError
from kcbudget.render.catalogue import label, localize_result
from kcbudget.render.untrusted import rich_text


def sample_dir() -> Path:
    """The ``sample_data/`` folder of a source checkout (the current folder first)."""
    here = Path(__file__).resolve()
    for parent in (Path.cwd(), *here.parents):
        candidate = parent / "sample_data"
        if candidate.is_dir():
            return candidate

    raise KcbudgetError("demo_no_samples")


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_cmd(
        lang: Lang = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG", help="Language (vi|en)."),
    ) -> None:
        """Validate the sample workbooks of a checkout (sample_data/) and explain the findings.

        Example: kcbudget demo --lang en
        """

        def body() -> int:
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.checks.validate import validate
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.read.table import ReadOptions
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.render import diagnostics as render

            resume_gc()  # the modules are in: the collector paused for them resumes
            console = make_console()
            folder = sample_dir()
            files = sorted(p for p in folder.iterdir()
                           if p.suffix.lower() in (".xlsx", ".csv"))
            intro = label("cli.demo.intro", lang.value, n=len(files), folder=folder.name)
            console.print(f"[bold]{intro}[/]")
            result = localize_result(validate(files, ReadOptions()), lang.value)
            render.print_table(result, lang.value, console)
            render.print_explanation(result, lang.value, console)
            form = folder / "dang-theo-ky.xlsx"
            if form.is_file():
                # lazy: pandas; --help and `import kcbudget` stay fast
                from kcbudget.read.inspect import inspect
                # lazy: pandas; --help and `import kcbudget` stay fast
                from kcbudget.render.layout import print_layouts

                console.print()
                console.print(rich_text(label("cli.demo.inspect", lang.value,
                                              path=f"{folder.name}/{form.name}"), style="bold"))
                print_layouts(localize_result(inspect([form], ReadOptions()), lang.value),
                              lang.value,
                              console)
            return 0

        run(body, lang=lang)
