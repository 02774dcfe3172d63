"""The one exception type of kcbudget.

Bad *data* is never an exception: it comes back as diagnostics.  A
``KcbudgetError`` means the command could not do its job at all (a file that
cannot be opened, a limit exceeded, a usage error).  The CLI catches it in
one place, prints its one-line message and exits with ``exit_code``.

An error is made from a key of the message catalogue
(:data:`kcbudget.render.catalogue.MESSAGES`) and the values of its placeholders::

    raise KcbudgetError("file_not_found", path=p)

``err.render("vi")`` and ``err.render("en")`` give the line in either language;
the CLI uses the command's ``--lang`` (else ``KCBUDGET_LANG``, else Vietnamese).
``str(err)`` and ``err.message`` are the English line, the same wherever the code
runs (logs, ``pytest.raises(match=...)``).  A text that is not a key is kept as the
message in both languages, so ``KcbudgetError("some text")`` still works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The words are in the catalogue (kcbudget.render.catalogue), which sits above every
# module that raises; it hands its renderer over when the package is imported
# (kcbudget/__init__.py imports it), so an error only ever holds data.
Renderer = Callable[[str, str, dict[str, Any]], str]
_renderer: list[Renderer] = []


def set_renderer(render: Renderer) -> None:
    """How errors are put into words: ``render(key, lang, params)``."""
    _renderer[:] = [render]


def render_message(key: str, lang: str, params: dict[str, Any]) -> str:
    if _renderer:
        return _renderer[0](key, lang, params)
    return " ".join([key, *(f"{k}={v}" for k, v in params.items())])  # before the catalogue


class KcbudgetError(Exception):
    """A failure the user can act on; ``str(err)`` is one line (English)."""

    def __init__(self, key: str, exit_code: int = 2, /, **params: Any) -> None:
        # key and exit_code are positional only: a placeholder of any name (even
        # ``exit_code``) is a placeholder
        self.key = key
        self.params = params
        self.exit_code = exit_code
        super().__init__(self.render("en"))

    @classmethod
    def of(cls, key: str, /, **params: Any) -> KcbudgetError:
        """``KcbudgetError.of("file_not_found", path=p)``: the same as calling the class."""
        return cls(key, **params)

    def render(self, lang: str = "en") -> str:
        """The one-line message in ``lang`` (``vi`` or ``en``)."""
        return render_message(self.key, lang, self.params)

    @property
    def message(self) -> str:
        """The English one-line message (kept for code that read ``.message``)."""
        return self.render("en")

    def __str__(self) -> str:  # one line, always
        return self.render("en")

    def __reduce__(self) -> tuple[Any, ...]:  # pickles with its key and values (e.g. across processes)
        return (_rebuild, (type(self), self.key, self.exit_code, self.params))


def _rebuild(cls: type[KcbudgetError], key: str, exit_code: int, params: dict[str, Any]
             ) -> KcbudgetError:
    return cls(key, exit_code, **params)
