"""The ``kcbudget`` command.  Commands live one per module; this module only wires them.

Heavy libraries (pandas, pydantic, openpyxl) are imported inside the commands,
so that ``kcbudget --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import typer

from kcbudget import __version__
from kcbudget.cli import demo, reconcile, reference_cmds, schema, summarize, validate

app = typer.Typer(
    name="kcbudget",
    help="Kiểm tra và đối chiếu số liệu kinh phí khuyến công. "
         "Check and reconcile khuyến công (industrial promotion) funding workbooks.\n\n"
         "Example: kcbudget validate sample_data/*.xlsx",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"kcbudget {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """kcbudget: khuyến công funding workbooks, checked to the đồng."""


validate.register(app)
summarize.register(app)
reconcile.register(app)
demo.register(app)
schema.register(app)
reference_cmds.register(app)


def main() -> None:
    app()
