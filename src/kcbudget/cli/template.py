"""``kcbudget template``: a blank workbook in the contract's shape (being built)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:  # replaced by the template command
    return None
