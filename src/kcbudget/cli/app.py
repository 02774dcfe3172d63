"""The ``kcbudget`` command.  Commands live one per module; this module only wires them.

Heavy libraries (pandas, pydantic, openpyxl) are imported inside the commands,
so that ``kcbudget --help`` and ``--version`` stay fast.  A run imports the module of
the command it runs and no other (:class:`_Commands` loads a command when it is asked
for); :data:`app`, the typer app with every command, is built when something asks for
it (the tests, the docs generator).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup
from typer.main import get_command, get_group

from kcbudget.cli import VERSION_LINE
from kcbudget.cli.common import SIGPIPE_STATUS, _silence_stdout, env_lang, err_line, say
from kcbudget.cli.help_vi import localize_labels, translate_help
from kcbudget.cli.commands import COMMANDS
from kcbudget.render.catalogue import label, lang_of, usage_message

# every command, in the order of the help page, and the module that registers it
COMMAND_MODULES: tuple[tuple[str, str], ...] = tuple((name, module)
                                                     for name, module, _ in COMMANDS)


def _typer(**settings) -> typer.Typer:
    """The root typer app, without its commands."""
    root = typer.Typer(
        name="kcbudget",
        help="Kiểm tra và đối chiếu số liệu kinh phí khuyến công. "
             "Check and reconcile khuyến công (industrial promotion) funding workbooks.\n\n"
             "Example: kcbudget validate sample_data/*.xlsx",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        **settings,
    )
    root.callback()(_root)
    return root


def _version(value: bool) -> None:
    if value:
        print(VERSION_LINE)
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """kcbudget: khuyến công funding workbooks, checked to the đồng."""


    # the commands' --lang reads KCBUDGET_LANG; a locale-style value (en_US.UTF-8,
    # vi_VN) means its language rather than a usage error
    if os.environ.get("KCBUDGET_LANG", "").strip():
        os.environ["KCBUDGET_LANG"] = env_lang()


def _register(target: typer.Typer, module: str) -> None:
    importlib.import_module(f"kcbudget.cli.{module}").register(target)


def _help_language(root: typer.Typer) -> None:
    """Help in Vietnamese unless KCBUDGET_LANG says English (help is printed before
    any --lang option is read, so the environment decides)."""

    lang = env_lang()
    translate_help(root, lang)
    if len(sys.argv) <= 1 or {"--help", "-h"} & set(sys.argv[1:]):
        localize_labels(lang)
    root.info.help = label("help.root.help", lang)


class _Commands(TyperGroup):
    """The root group of a run: a command's module is imported, and its options built,
    when the command is asked for (to run it, for its help, for completion)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # typer suggests among the commands made so far: here among every command
        self._suggest, self.suggest_commands = self.suggest_commands, False

    def list_commands(self, ctx) -> list[str]:
        return [name for name, _ in COMMAND_MODULES]

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:  # typer's click copy's UsageError, as typer words it
            if type(exc).__name__ == "UsageError" and self._suggest and args:
                from difflib import get_close_matches  # lazy: only a mistyped command

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    exc.message = (f"{exc.message.rstrip('.')}. Did you mean "
                                   f"{', '.join(repr(m) for m in matches)}?")
            raise

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands:
            module = dict(COMMAND_MODULES).get(cmd_name)
            if module is not None:
                loaded = typer.Typer(pretty_exceptions_enable=False)
                _register(loaded, module)
                translate_help(loaded, env_lang())
                self.commands.update(get_group(loaded).commands)
        return self.commands.get(cmd_name)


def _full_app() -> typer.Typer:
    full = _typer()
    for module in dict.fromkeys(module for _, module in COMMAND_MODULES):
        _register(full, module)
    _help_language(full)
    return full


def __getattr__(name: str):
    if name == "app":  # the typer app with every command, made once
        made = globals()["app"] = _full_app()
        return made
    raise AttributeError(name)


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


_HELP_PIPE = {"quiet": False}  # whether _help_pipe_ends_quietly has been installed


def _help_pipe_ends_quietly() -> None:
    """Typer prints a command's help on a plain Rich console, which exits with status 1
    when the reader of a pipe has left (and click, handed a ``BrokenPipeError``, would
    exit 1 too): that console ends as every command ends there instead, quietly with
    the shell's status (:data:`~kcbudget.cli.common.SIGPIPE_STATUS`).  Installed once,
    by :func:`main` only, when a help page is asked for."""
    if _HELP_PIPE["quiet"]:
        return
    import typer.rich_utils as rich_utils  # lazy: only a help page needs it (and Rich)

    make = rich_utils._get_rich_console

    def console(stderr: bool = False) -> Any:
        made = make(stderr=stderr)

        def on_broken_pipe() -> None:
            made.quiet = True
            _silence_stdout()
            raise SystemExit(SIGPIPE_STATUS)

        made.on_broken_pipe = on_broken_pipe  # type: ignore[method-assign]
        return made

    rich_utils._get_rich_console = console
    _HELP_PIPE["quiet"] = True


def main() -> None:
    """Run the app; a usage error is one line on stderr and exit 2, like any failure."""
    # kcbudget uses no pydantic plugins, and looking for them reads the metadata of
    # every installed distribution (tens of ms per run); an explicit setting wins
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    root = _typer(cls=_Commands)
    _help_language(root)
    command = get_command(root)
    args = sys.argv[1:]
    if len(sys.argv) <= 1 or {"--help", "-h"} & set(sys.argv[1:]):
        _help_pipe_ends_quietly()
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
