"""``docs/cli.md`` generated from the commands' own help texts (a test keeps it current)."""

from __future__ import annotations

from kcbudget.cli.common import env_lang
from kcbudget.cli.help_vi import localize_labels


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner  # lazy: only the docs generator runs the CLI in-process

    from kcbudget.cli.app import app  # lazy: the app imports every command module; docs are made after

    if env_lang() == "vi":
        localize_labels()
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100",
                                                            "NO_COLOR": "1",
                                                            "TERM": "dumb"},
                                terminal_width=100)
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()).strip("\n")


def cli_markdown() -> str:
    from kcbudget.cli.app import app  # lazy: the app imports every command module; docs are made after

    commands = [c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands]
    parts = [
        "# Command line reference",
        "",
        "Generated from `kcbudget --help` and each command's `--help` — do not edit by "
        "hand; regenerate with `KCBUDGET_REGEN=1 python -m pytest tests/test_docs.py`.",
        "",
        "Help texts are Vietnamese by default, as below; `KCBUDGET_LANG=en kcbudget --help` "
        "gives them in English. Every command answers in Vietnamese by default and in "
        "English with `--lang en` (or `KCBUDGET_LANG=en`), its one-line failure messages "
        "too; a usage error, and a command without `--lang`, follow `KCBUDGET_LANG`. "
        "Exit status 0 (done, nothing at or above `--fail-on`), "
        "1 (findings), 2 (the command could not do its job: one line on stderr).",
        "",
        "## kcbudget",
        "",
        "```text",
        help_text([]),
        "```",
        "",
    ]
    for name in commands:
        parts += [f"## kcbudget {name}", "", "```text", help_text([name]), "```", ""]
    return "\n".join(parts)
