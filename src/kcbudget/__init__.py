"""kcbudget: check and reconcile Vietnamese khuyến công funding workbooks.

The public API; the CLI is a thin layer over these calls.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["KcbudgetError", "__version__", "read_workbook", "reconcile", "summarize", "validate"]

from kcbudget.errors import KcbudgetError


def __getattr__(name: str):  # lazy: keep `import kcbudget` (and --help) free of pandas
    if name == "read_workbook":
        # lazy: pandas; --help and `import kcbudget` stay fast
        from kcbudget.read.workbook import read_workbook

        return read_workbook
    if name == "validate":
        # lazy: pandas; --help and `import kcbudget` stay fast
        from kcbudget.checks.validate import validate

        return validate
    if name == "summarize":
        # lazy: pandas; --help and `import kcbudget` stay fast
        from kcbudget.engine.summarize import summarize

        return summarize
    if name == "reconcile":
        # lazy: pandas; --help and `import kcbudget` stay fast
        from kcbudget.engine.reconcile import reconcile

        return reconcile
    raise AttributeError(name)
