"""The root help page (``kcbudget``, ``kcbudget --help``, ``-h``) without typer.

Importing typer (its click copy, its pydantic-based option types, its completion) and
building every command's options cost about half of typer's root page.  This module
prints the same page with Rich alone, from the words of the catalogue and the table of
commands (:mod:`kcbudget.cli.commands`): the same renderables as typer's help formatter
(``typer.rich_utils``) builds for the root group, on a console set up as typer sets up
its own, so that the page is the same on a terminal, in a pipe, at any width and with
colours forced or off.  :mod:`kcbudget.cli.start` decides when it is printed.

``tests/test_startup.py`` holds the two pages identical (Vietnamese and English, several
widths, colours forced and disabled, no arguments, ``-h``) and the table of commands
and :data:`ROOT_OPTIONS` equal to what the typer app registers.
"""

from __future__ import annotations

import inspect
import os
import re

from rich.align import Align
from rich.columns import Columns
from rich.console import Console, Group
from rich.highlighter import RegexHighlighter
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from kcbudget.cli.commands import COMMANDS
from kcbudget.render.catalogue import label, section

VERSION_HELP = "Show the version and exit."
# typer's and click's own options of the root group, their help as they write it
ROOT_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--version", "", VERSION_HELP),
    ("--install-completion", "", "Install completion for the current shell."),
    ("--show-completion", "",
     "Show completion for the current shell, to copy it or customize the installation."),
    ("--help", "-h", "Show this message and exit."),
)
USAGE = "Usage: kcbudget [OPTIONS] COMMAND [ARGS]..."

# rich's emoji codes (``:smile:``): text without one renders the same with emoji off,
# which spares loading rich's table of every emoji
_EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")


# typer's highlighters of a help page: options and switches, negative ones, types
class _Options(RegexHighlighter):
    highlights = (r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
                  r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
                  r"(?P<types>\<[^\>]+\>)", r"(?P<usage>Usage: )")


class _Negative(RegexHighlighter):
    highlights = (r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
                  r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])")


class _Types(RegexHighlighter):
    highlights = (r"^(?P<types_sep>(\[|<))", r"(?P<types_sep>\|)",
                  r"(?P<types_sep>(\]|>))(\.\.\.)?$")


_HIGHLIGHT, _NEGATIVE, _TYPES = _Options(), _Negative(), _Types()
_THEME = {"option": "bold cyan", "switch": "bold green", "negative_option": "bold magenta",
          "negative_switch": "bold red", "types": "bold yellow", "types_sep": "dim",
          "usage": "yellow"}


class _PageConsole(Console):
    def on_broken_pipe(self) -> None:  # Rich would exit 1: start.main ends it as a shell does
        self.quiet = True
        raise BrokenPipeError


def _console() -> Console:
    """The console typer prints its help on, from the same environment variables."""
    force = True if any(os.environ.get(name) for name in
                        ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS")) else None
    if os.environ.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        force = False
    width = os.environ.get("TERMINAL_WIDTH")
    return _PageConsole(theme=Theme(_THEME), highlighter=_HIGHLIGHT, color_system="auto",
                        force_terminal=force, width=int(width) if width else None)


def _title(text: str) -> Text:
    """A panel title as Rich makes one of a string (markup, emoji codes replaced)."""
    return Text.from_markup(text, emoji=_EMOJI_CODE.search(text) is not None)


def _markup(text: str, style: str = "") -> Text:
    """A help text as typer renders one (dedented, Rich markup, highlighted)."""
    text = inspect.cleandoc(text)
    if "\033[" in text:
        return _HIGHLIGHT(Text.from_ansi(text, style=style))
    emoji = _EMOJI_CODE.search(text) is not None
    return _HIGHLIGHT(Text.from_markup(text, style=style, emoji=emoji))


def _table(**settings) -> Table:
    return Table(show_header=False, expand=True, box=None, show_lines=False, leading=0,
                 border_style=None, row_styles=None, pad_edge=False, padding=(0, 1),
                 **settings)


def print_root_help(lang: str) -> None:
    """The root help page in ``lang`` on stdout, as typer prints it."""

    helps = section("help", lang)
    labels = section("help.typer", lang)
    console = _console()

    console.print(Padding(_HIGHLIGHT(USAGE), 1), style="bold")

    first, *rest = inspect.cleandoc(label("help.root.help", lang)).split("\n\n")
    parts = [_markup(first.replace("\n", " ").strip())]
    if rest:
        parts += [Text(""), _markup("\n\n".join(rest), style="dim")]
    console.print(Padding(Align(Group(*parts), pad=False), (0, 1, 1, 1)))

    options = _table(highlight=True)
    for long, short, text in ROOT_OPTIONS:
        said = helps.get(text, text) if text == VERSION_HELP else text
        help_text = "\n".join(p.replace("\n", " ").strip() for p in said.split("\n\n"))
        options.add_row(_HIGHLIGHT(long), _HIGHLIGHT(short), _NEGATIVE(""), _NEGATIVE(""),
                        _TYPES(Text("<bool>", style="bold yellow", overflow="fold")),
                        Columns([_markup(help_text.strip())]))
    console.print(Panel(options, border_style="dim",
                        title=_title(labels["OPTIONS_PANEL_TITLE"]), title_align="left"))

    commands = _table(highlight=False)
    commands.add_column(style="bold cyan", no_wrap=True,
                        width=max(len(name) for name, _, _ in COMMANDS))
    commands.add_column("Description", justify="left", no_wrap=False, ratio=10)
    for name, _, text in COMMANDS:
        said = inspect.cleandoc(helps.get(text, text)).split("\n\n")[0]
        commands.add_row(Text(name), _markup(said.strip()))
    console.print(Panel(commands, border_style="dim",
                        title=_title(labels["COMMANDS_PANEL_TITLE"]), title_align="left"))
