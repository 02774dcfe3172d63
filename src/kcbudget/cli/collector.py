"""The cyclic garbage collector during a run of ``kcbudget``: paused while the run
imports its modules (:func:`pause_gc`, from :func:`kcbudget.cli.start.main`), resumed
before the command reads data (:func:`resume_gc`).  A module of its own, which imports
nothing of kcbudget, so that the start and every command can reach it."""

from __future__ import annotations

import gc

_PAUSED: list[bool] = []  # whether main() paused the cyclic collector (once per process)


def pause_gc() -> None:
    """Stop the cyclic garbage collector while a run imports its modules.

    A start of ``kcbudget validate`` creates a few hundred thousand objects that live
    as long as the process (the modules of typer, pydantic, pandas, pyarrow and
    kcbudget): with the collector on, its passes walk them as they age (0,12-0,13 s of
    CPU in one submission's run, for collections that free nothing), and the
    collection at the interpreter's exit walks them once more.  :func:`resume_gc`
    turns it back on once the command has imported what it needs and before it reads
    any data."""

    if not _PAUSED and gc.isenabled():
        gc.disable()
        _PAUSED.append(True)


def resume_gc() -> None:
    """Turn the collector back on after :func:`pause_gc`, with every object made so far
    (the modules, their tables) moved out of its sight (``gc.freeze``), so that the
    collections a command's data causes do not walk them again.  Harmless when the
    collector was not paused (the library, the tests): it does nothing."""

    if _PAUSED and not gc.isenabled():
        gc.freeze()
        gc.enable()
