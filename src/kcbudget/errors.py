"""The one exception type of kcbudget.

Bad *data* is never an exception: it comes back as diagnostics.  A
``KcbudgetError`` means the command could not do its job at all (a file that
cannot be opened, a limit exceeded, a usage error).  The CLI catches it in
one place, prints its one-line message and exits with ``exit_code``.
"""

from __future__ import annotations


class KcbudgetError(Exception):
    """A failure the user can act on; ``str(err)`` is one line."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())
