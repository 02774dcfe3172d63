"""The ``kcbudget`` command.  Commands live one per module; this module only wires them.

Heavy libraries (pandas, pydantic, openpyxl) are imported inside the commands,
so that ``kcbudget --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import typer

from kcbudget import __version__
from kcbudget.cli import (
    demo,
    reconcile,
    reference_cmds,
    schema,
    summarize,
    template,
    validate,
)

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
template.register(app)


def _help_language() -> None:
    """Help in Vietnamese unless KCBUDGET_LANG says English (help is printed before
    any --lang option is read, so the environment decides)."""
    import os

    if not os.environ.get("KCBUDGET_LANG", "vi").strip().lower().startswith("en"):
        from kcbudget.cli.help_vi import translate_help

        translate_help(app)
        app.info.help = ("Kiểm tra và đối chiếu số liệu kinh phí khuyến công.\n\n"
                         "Ví dụ: kcbudget validate sample_data/*.xlsx")
    else:
        app.info.help = ("Check and reconcile khuyến công (industrial promotion) funding "
                         "workbooks.\n\nExample: kcbudget validate sample_data/*.xlsx")


_help_language()


def main() -> None:
    """Run the app; a usage error is one line on stderr and exit 2, like any failure."""
    import sys

    from typer.main import get_command

    command = get_command(app)
    try:
        code = command.main(args=sys.argv[1:], prog_name="kcbudget", standalone_mode=False)
    except Exception as exc:  # typer's own click: usage errors and aborts, by duck type
        name = type(exc).__name__
        if name == "NoArgsIsHelpError" or (name == "Abort" and not str(exc)):
            if name == "NoArgsIsHelpError":
                command.main(args=["--help"], prog_name="kcbudget", standalone_mode=False)
                sys.exit(0)
            print("kcbudget: aborted", file=sys.stderr)
            sys.exit(130)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            message = " ".join(str(exc.format_message()).split())
            ctx = getattr(exc, "ctx", None)
            where = f" (see {ctx.command_path} --help)" if ctx is not None else ""
            print(f"kcbudget: {message}{where}", file=sys.stderr)
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)
