"""``--help`` in the user's language: the help texts and typer's labels of a help page
come from the catalogue (``kcbudget.render.catalogue``, sections ``help`` and ``help.typer``),
keyed by the English help of the options and commands exactly as written in the command
modules; ``tests/test_docs.py`` fails when one has no translation (:func:`missing`).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from kcbudget.render.catalogue import section


def localize_labels(lang: str = "vi") -> None:
    """Typer's panel titles and option notes in ``lang``.  Called only when a help page
    is about to be shown: importing typer's rich formatter costs ~75 ms that no other run
    needs.  (Click's own "Usage:" and "Show this message and exit." stay.)"""
    import typer.rich_utils as rich_utils  # lazy: only a help page needs it (and Rich)

    for name, text in section("help.typer", lang).items():
        setattr(rich_utils, name, text)


def translate_help(app, lang: str = "vi") -> None:
    """Put the help texts in ``lang`` on the commands and their options (in place); a
    text whose words are the same in ``lang`` is left as typer has it."""

    helps = section("help", lang)
    root = app.registered_callback
    if root is not None and root.callback is not None:
        for param in inspect.signature(root.callback).parameters.values():
            _translate(param.default, helps)
    for command in app.registered_commands:
        doc = inspect.getdoc(command.callback) or ""
        said = "\n\n".join(_paragraph(p, helps) for p in doc.split("\n\n"))
        if said != doc:
            command.help = said
        for param in inspect.signature(command.callback).parameters.values():
            _translate(param.default, helps)


def _translate(info, helps: Mapping[str, str]) -> None:
    text = getattr(info, "help", None)
    if text and helps.get(text, text) != text:
        info.help = helps[text]


def _paragraph(text: str, helps: Mapping[str, str]) -> str:
    if text.startswith("Example:"):
        return helps["Example"] + text[len("Example"):]
    return helps.get(text, text)


def missing(app) -> list[str]:
    """English help texts that have no Vietnamese translation (for the test)."""

    helps = section("help", "vi")
    out = []
    done = set(helps.values())
    for command in app.registered_commands:
        doc = inspect.getdoc(command.callback) or ""
        for paragraph in doc.split("\n\n"):
            if not paragraph.startswith("Example:") and paragraph not in helps \
                    and paragraph not in done:
                out.append(paragraph)
        for param in inspect.signature(command.callback).parameters.values():
            text = getattr(param.default, "help", None)
            if text and text not in helps and text not in done:
                out.append(text)
    return out
