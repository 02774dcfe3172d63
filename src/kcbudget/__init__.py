"""kcbudget: check and reconcile Vietnamese khuyến công funding workbooks.

The public API (:mod:`kcbudget.api`, documented in ``docs/api.md``); the CLI is a
thin layer over the same engines::

    import kcbudget

    result = kcbudget.validate(["plan.xlsx"], lang="en")
    for d in result.diagnostics:
        print(d.code, d.sheet, d.cell, d.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kcbudget.errors import KcbudgetError
from kcbudget.render import catalogue as catalogue  # the words; it gives errors their renderer

if TYPE_CHECKING:
    from kcbudget.api import inspect, read_workbook, reconcile, summarize, validate

__version__ = "0.1.0"

__all__ = ["KcbudgetError", "__version__", "inspect", "read_workbook", "reconcile",
           "summarize", "validate"]

_API = ("inspect", "read_workbook", "reconcile", "summarize", "validate")


def __getattr__(name: str) -> Any:
    if name in _API:
        from kcbudget import api  # lazy: pandas; `import kcbudget` and --help stay fast

        return getattr(api, name)
    raise AttributeError(name)
