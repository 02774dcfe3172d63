"""``kcbudget``, ``kcbudget --help`` and ``--version`` without typer.

Importing typer (its click copy, its pydantic-based option types, its completion) and
building every command's options costs about half of a root help page.  This module
prints the same page with Rich alone, from the words of the catalogue and the list of
commands below: the same renderables as typer's help formatter (``typer.rich_utils``)
builds for the root group, on a console set up as typer sets up its own, so that the
page is the same on a terminal, in a pipe, at any width and with colours forced or off.

``tests/test_startup.py`` holds the two pages identical (Vietnamese and English, several
widths, colours forced, no arguments, ``-h``) and :data:`COMMANDS` equal to the
commands the typer app registers.  Anything this module does not know how to print
the same way (a typer setting that changes the page) falls back to typer.
"""

from __future__ import annotations

import os
import re
import sys

# The commands in the order of the help page, the module of kcbudget.cli that registers
# each one, and the first paragraph of its help in English as its docstring writes it
# (the catalogue's "help" section gives the Vietnamese by that text)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("validate", "validate", "Check workbooks against the spreadsheet contract."),
    ("inspect", "inspect", "Show, sheet by sheet, what kcbudget understood: each column's "
                           "header path and\nmeaning, and why; the row kinds; what was "
                           "not read."),
    ("summarize", "summarize", "Roll up planned and executed funds by group and program "
                               "(KCQG, KCĐP, ALL)."),
    ("reconcile", "reconcile", "Match the đề án of a plan against what was executed."),
    ("demo", "demo", "Validate the sample workbooks of a checkout (sample_data/) and "
                     "explain the findings."),
    ("schema", "schema", "Write the JSON Schema of the row models and of the layout file."),
    ("provinces", "reference_cmds", "List provinces with GSO codes and regions, and the "
                                    "2025 merger."),
    ("regions", "reference_cmds", "List the conference regions with their slugs, aliases "
                                  "and provinces."),
    ("template", "template", "Write a blank workbook to fill in: title block, unit line, "
                             "Vietnamese headers,\ndrop-down lists, number formats and an "
                             "instructions sheet."),
)

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

# environment variables that change typer's root page in ways this module does not copy,
# and the one a shell sets to ask typer for completions (with no arguments at all)
_TYPER_ONLY = ("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "_KCBUDGET_COMPLETE")
# rich's emoji codes (``:smile:``): text without one renders the same with emoji off,
# which spares loading rich's table of every emoji
_EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")


def wants(args: list[str]) -> str | None:
    """``"help"`` or ``"version"`` when ``args`` ask for the root page or the version
    and nothing else, else ``None``."""

    if not args or args in (["--help"], ["-h"]):
        if any(os.environ.get(name) for name in _TYPER_ONLY):
            return None
        return "help"
    if args == ["--version"]:
        return "version"
    return None


class _Style:
    """typer's console and highlighters of a help page, made as its formatter makes them."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.highlighter import RegexHighlighter
        from rich.theme import Theme

        class Options(RegexHighlighter):
            highlights = [r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
                          r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
                          r"(?P<types>\<[^\>]+\>)", r"(?P<usage>Usage: )"]

        class Negative(RegexHighlighter):
            highlights = [r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
                          r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])"]

        class Types(RegexHighlighter):
            highlights = [r"^(?P<types_sep>(\[|<))", r"(?P<types_sep>\|)",
                          r"(?P<types_sep>(\]|>))(\.\.\.)?$"]

        self.HIGHLIGHTER, self.NEGATIVE, self.TYPES = Options(), Negative(), Types()
        force = True if any(os.environ.get(name) for name in
                            ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS")) else None
        if os.environ.get("_TYPER_FORCE_DISABLE_TERMINAL"):
            force = False
        width = os.environ.get("TERMINAL_WIDTH")
        theme = Theme({"option": "bold cyan", "switch": "bold green",
                       "negative_option": "bold magenta", "negative_switch": "bold red",
                       "types": "bold yellow", "types_sep": "dim", "usage": "yellow"})
        self.console = lambda: Console(theme=theme, highlighter=self.HIGHLIGHTER,
                                       color_system="auto", force_terminal=force,
                                       width=int(width) if width else None)


_STYLE: list[_Style] = []


def _style() -> _Style:
    if not _STYLE:
        _STYLE.append(_Style())
    return _STYLE[0]


def _dedent(text: str) -> str:
    import inspect  # typer cleans every help text so

    return inspect.cleandoc(text)


def _title(text: str):
    """A panel title as Rich makes one of a string (markup, emoji codes replaced)."""
    from rich.text import Text

    return Text.from_markup(text, emoji=_EMOJI_CODE.search(text) is not None)


def _markup(text: str, style: str = ""):
    from rich.text import Text

    s = _style()
    text = _dedent(text)
    if "\033[" in text:
        return s.HIGHLIGHTER(Text.from_ansi(text, style=style))
    emoji = _EMOJI_CODE.search(text) is not None
    return s.HIGHLIGHTER(Text.from_markup(text, style=style, emoji=emoji))


def print_root_help(lang: str) -> None:
    """The root help page in ``lang`` on stdout, as typer prints it."""

    from rich.align import Align
    from rich.columns import Columns
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kcbudget.render.catalogue import label, section

    s = _style()

    helps = section("help", lang)
    labels = section("help.typer", lang)
    console = s.console()

    console.print(Padding(s.HIGHLIGHTER(USAGE), 1), style="bold")

    first, *rest = _dedent(label("help.root.help", lang)).split("\n\n")
    parts = [_markup(first.replace("\n", " ").strip())]
    if rest:
        parts += [Text(""), _markup("\n\n".join(rest), style="dim")]
    console.print(Padding(Align(Group(*parts), pad=False), (0, 1, 1, 1)))

    options = Table(highlight=True, show_header=False, expand=True, box=None,
                    show_lines=False, leading=0, border_style=None, row_styles=None,
                    pad_edge=False, padding=(0, 1))
    for long, short, text in ROOT_OPTIONS:
        said = helps.get(text, text) if text == VERSION_HELP else text
        help_text = "\n".join(p.replace("\n", " ").strip() for p in said.split("\n\n"))
        options.add_row(s.HIGHLIGHTER(long), s.HIGHLIGHTER(short), s.NEGATIVE(""),
                        s.NEGATIVE(""),
                        s.TYPES(Text("<bool>", style="bold yellow", overflow="fold")),
                        Columns([_markup(help_text.strip())]))
    console.print(Panel(options, border_style="dim", title=_title(labels["OPTIONS_PANEL_TITLE"]),
                        title_align="left"))

    commands = Table(highlight=False, show_header=False, expand=True, box=None,
                     show_lines=False, leading=0, border_style=None, row_styles=None,
                     pad_edge=False, padding=(0, 1))
    commands.add_column(style="bold cyan", no_wrap=True,
                        width=max(len(name) for name, _, _ in COMMANDS))
    commands.add_column("Description", justify="left", no_wrap=False, ratio=10)
    for name, _, text in COMMANDS:
        said = _dedent(helps.get(text, text)).split("\n\n")[0]
        commands.add_row(Text(name), _markup(said.strip()))
    console.print(Panel(commands, border_style="dim",
                        title=_title(labels["COMMANDS_PANEL_TITLE"]), title_align="left"))


def main() -> None:
    """The ``kcbudget`` command: the root page and the version here, the rest by typer."""

    asked = wants(sys.argv[1:])
    if asked == "version":
        from kcbudget import __version__

        print(f"kcbudget {__version__}")
        sys.exit(0)
    if asked == "help":
        from kcbudget.render.catalogue import lang_of

        print_root_help(lang_of(os.environ.get("KCBUDGET_LANG")))
        if sys.argv[1:]:  # click echoes the (empty) rest of the page after --help
            sys.stdout.write("\n")
            sys.stdout.flush()
        sys.exit(0)
    from kcbudget.cli.app import main as typer_main

    typer_main()
