"""How a finding is put into words, registered from above.

The words live in :mod:`kcbudget.render.catalogue`, above the model.  It registers its
renderer here when kcbudget is imported (``kcbudget/__init__.py`` imports it), so that a
:class:`kcbudget.model.diagnostic.Diagnostic` asked for its message before a renderer
said it in a language (one straight from the reader) is said in Vietnamese, the tool's
language, while the model holds no words and imports nothing above it.  This module
imports nothing, so that registering costs ``kcbudget --help`` no pydantic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: ``say(diagnostic)`` → (message, hint) in the tool's language (the model takes no language)
Sayer = Callable[[Any], "tuple[str, str | None]"]
_sayer: list[Sayer] = []


def set_sayer(say: Sayer) -> None:
    """Register how a diagnostic is said."""
    _sayer[:] = [say]


def say(diagnostic: Any) -> tuple[str, str | None] | None:
    """(message, hint) of ``diagnostic`` in the tool's language (Vietnamese); ``None``
    before a renderer is registered."""
    return _sayer[0](diagnostic) if _sayer else None
