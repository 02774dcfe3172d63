"""``docs/cli.md`` generated from the commands' own help texts (a test keeps it current)."""

from __future__ import annotations

from kcbudget.cli.common import env_lang
from kcbudget.cli.help_vi import localize_labels
from kcbudget.errors import KcbudgetError


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner  # lazy: only the docs generator runs the CLI in-process

    from kcbudget.cli.app import app  # lazy: the app imports every command module; docs are made after

    localize_labels(env_lang())
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


def api_markdown() -> str:
    """``docs/api.md``: the library's functions, their signatures and docstrings."""
    import inspect  # lazy: only the docs generator reads signatures

    from kcbudget import api  # lazy: pandas; --help and `import kcbudget` stay fast

    def block(text: str) -> list[str]:
        """A docstring as Markdown: its examples (``>>>`` lines) in a pycon block."""
        out: list[str] = []
        in_example = False
        for line in inspect.cleandoc(text).splitlines():
            example = line.startswith((">>>", "...")) or (in_example and line.strip())
            if example and not in_example:
                out.append("```pycon")
            if in_example and not example:
                out.append("```")
            in_example = bool(example)
            out.append(line)
        if in_example:
            out.append("```")
        return out

    parts = [
        "# Library reference",
        "",
        "Generated from the docstrings of `src/kcbudget/api.py` — do not edit by hand; "
        "regenerate with `KCBUDGET_REGEN=1 python -m pytest tests/test_docs.py`. "
        "`tests/test_api.py` runs every example below.",
        "",
        *block(api.__doc__ or ""),
        "",
        "```python",
        "import kcbudget",
        "",
        'result = kcbudget.validate(["plan.xlsx"], lang="en")',
        "```",
        "",
    ]
    def signature(name: str) -> list[str]:
        """``name(`` and one parameter a line, annotations as written in the source."""
        sig = inspect.signature(getattr(api, name))
        lines = [f"kcbudget.{name}("]
        star = False
        for p in sig.parameters.values():
            if p.kind is p.KEYWORD_ONLY and not star:
                lines.append("    *,")
                star = True
            default = "" if p.default is p.empty else f" = {p.default!r}"
            lines.append(f"    {p.name}: {p.annotation}{default},")
        lines.append(f") -> {sig.return_annotation}")
        return lines

    for name in api.__all__:
        fn = getattr(api, name)
        parts += [f"## `kcbudget.{name}`", "", "```python", *signature(name), "```", "",
                  *block(fn.__doc__ or ""), ""]
    parts += ["## `kcbudget.KcbudgetError`", "", *block(KcbudgetError.__doc__ or ""), ""]
    return "\n".join(parts).rstrip() + "\n"
