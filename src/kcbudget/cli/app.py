"""The ``kcbudget`` command.  Commands live one per module; this module only wires them.

Heavy libraries (pandas, pydantic, openpyxl) are imported inside the commands,
so that ``kcbudget --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.main import get_command

from kcbudget import __version__
from kcbudget.cli import (
    demo,
    inspect,
    reconcile,
    reference_cmds,
    schema,
    summarize,
    template,
    validate,
)
from kcbudget.cli.common import env_lang, err_line, say
from kcbudget.cli.help_vi import localize_labels, translate_help
from kcbudget.render.catalogue import label, lang_of, usage_message

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


    # the commands' --lang reads KCBUDGET_LANG; a locale-style value (en_US.UTF-8,
    # vi_VN) means its language rather than a usage error
    if os.environ.get("KCBUDGET_LANG", "").strip():
        os.environ["KCBUDGET_LANG"] = env_lang()


validate.register(app)
inspect.register(app)
summarize.register(app)
reconcile.register(app)
demo.register(app)
schema.register(app)
reference_cmds.register(app)
template.register(app)


def _help_language() -> None:
    """Help in Vietnamese unless KCBUDGET_LANG says English (help is printed before
    any --lang option is read, so the environment decides)."""

    lang = env_lang()
    translate_help(app, lang)
    if len(sys.argv) <= 1 or {"--help", "-h"} & set(sys.argv[1:]):
        localize_labels(lang)
    app.info.help = label("help.root.help", lang)


_help_language()


def _usage_lang(args: list[str]) -> str:
    """The language of a usage error: ``--lang`` when the command line has one before
    the error, else KCBUDGET_LANG, else Vietnamese."""

    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return lang_of(args[i + 1])
        if arg.startswith("--lang="):
            return lang_of(arg.split("=", 1)[1])
    return env_lang()


def main() -> None:
    """Run the app; a usage error is one line on stderr and exit 2, like any failure."""
    # kcbudget uses no pydantic plugins, and looking for them reads the metadata of
    # every installed distribution (tens of ms per run); an explicit setting wins
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    command = get_command(app)
    args = sys.argv[1:]
    try:
        code = command.main(args=args, prog_name="kcbudget", standalone_mode=False)
    except Exception as exc:  # typer's own click: usage errors and aborts, by duck type
        name = type(exc).__name__
        if name == "NoArgsIsHelpError" or (name == "Abort" and not str(exc)):
            if name == "NoArgsIsHelpError":  # the help has been printed already
                sys.exit(0)
            say("aborted", _usage_lang(args))
            sys.exit(130)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            lang = _usage_lang(args)
            message = usage_message(" ".join(str(exc.format_message()).split()), lang)
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                say("usage", lang, message=message, command=ctx.command_path)
            else:
                err_line(message)
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)
