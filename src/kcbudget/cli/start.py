"""Where ``kcbudget`` starts (the console script and ``python -m kcbudget``): the root
help page and the version without typer, every other command line by typer.

Importing typer (its click copy, its pydantic-based option types, its completion) and
building every command's options cost about half of typer's root page; Rich alone
prints the same page (:mod:`kcbudget.cli.roothelp`), and ``--version`` needs neither.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from kcbudget.cli import VERSION_LINE
from kcbudget.cli.collector import pause_gc
from kcbudget.render.catalogue import lang_of

# environment variables that change typer's root page in ways roothelp does not copy,
# and the one a shell sets to ask typer for completions (with no arguments at all)
_TYPER_ONLY = ("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "_KCBUDGET_COMPLETE")

# numpy's OpenBLAS starts a worker thread per further core when numpy is imported, and
# each spins waiting for work before it sleeps: 0,03-0,10 s of CPU on the benchmarks'
# two cores, depending on the load, up to a fifth of a 40-row submission's run
# (docs/performance.md).  kcbudget does no linear algebra, so it asks for no worker.
# A value of OPENBLAS_NUM_THREADS the user set is kept (it takes precedence over
# OMP_NUM_THREADS for OpenBLAS, so a user's OMP_NUM_THREADS does not reach it).
QUIET_THREADS = {"OPENBLAS_NUM_THREADS": "1"}


def quiet_library_threads(env: dict[str, str] | os._Environ[str]) -> None:
    """Ask numpy's OpenBLAS for no idle worker threads (before numpy is imported:
    OpenBLAS reads the variable once, when it loads)."""
    for name, value in QUIET_THREADS.items():
        if not env.get(name, "").strip():  # (set but empty: OpenBLAS takes it as unset)
            env[name] = value


def _cannot_write(exc: OSError) -> NoReturn:
    """One line on stderr, status 2 (a reader that left the pipe: the shell's SIGPIPE
    status, quietly, as for every command)."""
    # lazy: typer's module of the commands' own lines, only when stdout fails
    from kcbudget.cli.common import SIGPIPE_STATUS, _silence_stdout, cannot_write_stdout

    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        os._exit(SIGPIPE_STATUS)
    cannot_write_stdout(exc, lang_of(os.environ.get("KCBUDGET_LANG")))
    sys.stderr.flush()
    os._exit(2)


def leave() -> NoReturn:
    """End the root page or the version, status 0, without the interpreter's teardown.

    Tearing the interpreter down (clearing every module Rich brought, the collection
    at exit) cost the root page about a quarter of its run.  These two paths hold no
    file but stdout and stderr, start no thread and register nothing to run at exit,
    so once both are flushed there is nothing left to do.  A flush that fails (a
    closed pipe) ends as it did before, by the interpreter's own exit."""

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError as exc:
        _cannot_write(exc)
    except ValueError:
        sys.exit(0)
    os._exit(0)


def wants(args: list[str]) -> str | None:
    """``"help"`` or ``"version"`` when ``args`` ask for the root page or the version
    and nothing else, else ``None``."""

    if not args or args in (["--help"], ["-h"]):
        if any(os.environ.get(name) for name in _TYPER_ONLY):
            return None
        return "help"
    if args == ["--version"]:
        return "version"
    return None


def main() -> None:
    """The ``kcbudget`` command: the root page and the version here, the rest by typer."""

    pause_gc()
    quiet_library_threads(os.environ)
    asked = wants(sys.argv[1:])
    try:
        if asked == "version":
            print(VERSION_LINE)
            leave()
        if asked == "help":
            # lazy: Rich, only for the page
            from kcbudget.cli.roothelp import print_root_help

            print_root_help(lang_of(os.environ.get("KCBUDGET_LANG")))
            if sys.argv[1:]:  # click echoes the (empty) rest of the page after --help
                sys.stdout.write("\n")
                sys.stdout.flush()
            leave()
    except OSError as exc:  # stdout takes nothing (a full disk): one line, never a traceback
        _cannot_write(exc)
    # lazy: typer and the command, only for a command line that is not the two above
    from kcbudget.cli.app import main as typer_main

    typer_main()
