"""What every command shares: language, the one place errors become exit codes."""

from __future__ import annotations

import contextlib
import glob
import errno
import os
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from kcbudget.cli.collector import resume_gc
from kcbudget.errors import KcbudgetError
from kcbudget.render.catalogue import lang_of, render_message
from kcbudget.model.units import Unit
from kcbudget.render.files import write_bytes_atomic, write_text_atomic
from kcbudget.render.untrusted import guard_lines, plain_line


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Locale(str, Enum):
    vi = "vi"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


class PhaseOpt(str, Enum):
    planned = "planned"
    allocated = "allocated"
    advanced = "advanced"
    executed = "executed"
    accepted = "accepted"
    disbursed = "disbursed"
    settled = "settled"


class UnitOpt(str, Enum):
    dong = "dong"
    nghin = "nghin"
    trieu = "trieu"
    ty = "ty"


def env_lang() -> str:
    """The language the environment asks for: ``en`` when KCBUDGET_LANG starts with
    "en", else Vietnamese (the tool's language)."""


    return lang_of(os.environ.get("KCBUDGET_LANG"))


def err_line(text: str) -> None:
    """One ``kcbudget: …`` line on stderr.  Its text may name a file or a sheet, or
    quote a cell: it goes through the plain-text rule (one line, controls shown, no
    ``::`` workflow command)."""

    print(f"kcbudget: {plain_line(text)}", file=sys.stderr)


def say(key: str, lang: str, **params: Any) -> None:
    """One ``kcbudget: …`` line of the message catalogue on stderr."""

    err_line(render_message(key, lang, params))


def run(body: Callable[[], int | None], debug: bool = False,
        lang: Lang | str | None = None) -> None:
    """Run a command body; a KcbudgetError is one line on stderr and its exit code.

    The line is in ``lang`` (the command's ``--lang``); a command without one
    follows KCBUDGET_LANG, else Vietnamese.  A reader that closed the pipe
    (``… | head``) ends the command quietly with the shell's status for SIGPIPE."""

    language = lang_of(getattr(lang, "value", lang)) if lang else env_lang()
    try:
        code = body()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(SIGPIPE_STATUS) from None
    except KcbudgetError as exc:
        if debug:
            raise
        err_line(exc.render(language))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        say("interrupted", language)
        raise typer.Exit(130) from None
    except MemoryError:
        say("out_of_memory", language)
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug: still one line, never a traceback without --debug
        if debug:
            raise
        if isinstance(exc, OSError) and (stdout_fails() or exc.errno in _FULL):
            cannot_write_stdout(exc, language)
            raise typer.Exit(2) from None
        text = " ".join(str(exc).split())[:200]
        say("internal_error", language, kind=type(exc).__name__, text=text)
        raise typer.Exit(2) from None
    raise typer.Exit(code or 0)


SIGPIPE_STATUS = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left


# a medium that takes no more (a full disk, a file over its limit, a quota): only output
# meets these, since what reading meets is a KcbudgetError about the file before here
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def cannot_write_stdout(exc: OSError, lang: str) -> None:
    """The line for output that stdout does not take; stdout is let go first, so that
    the interpreter's last flush says nothing more."""
    _silence_stdout()
    say("stdout_failed", lang, reason=exc.strerror or exc)


def stdout_fails() -> bool:
    """Whether writing to stdout fails (a full disk, a device that takes nothing): what
    a write could not put there is still buffered, so a flush fails again."""

    try:
        sys.stdout.flush()
    except OSError:
        return True
    except (ValueError, AttributeError):  # closed, or no real file
        return False
    return False


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of a closed pipe
    does not print "Exception ignored … BrokenPipeError" on the way out."""

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


LOG_WIDTH = 200  # columns for tables written to a file, a pipe or a CI log


def console(stderr: bool = False):
    """A Rich console for human output.  On a terminal it takes the terminal's width
    (or ``COLUMNS``); written to a file, a pipe or a CI log without ``COLUMNS`` it
    lays tables out :data:`LOG_WIDTH` columns wide instead of Rich's 80, so that
    nothing is squeezed for a reader who has no terminal."""


    from rich.console import Console as RichConsole  # lazy: JSON and CI output need no Rich

    class Console(RichConsole):
        def on_broken_pipe(self) -> None:  # Rich would exit 1; run() ends it as a shell does
            self.quiet = True
            raise BrokenPipeError

    class LogConsole(Console):
        kcbudget_log = True  # lines of text are not wrapped in a log (see print_findings)

    stream = sys.stderr if stderr else sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty and not os.environ.get("COLUMNS", "").strip().isdigit():
        return LogConsole(stderr=stderr, width=LOG_WIDTH)
    return Console(stderr=stderr)


def report_findings(diagnostics, lang: str) -> None:
    """The findings of the inputs (warnings and errors) on stderr, for a command whose
    output went to a file or to another program: they are never hidden behind
    "đã ghi …"."""
    # lazy: pandas; --help and `import kcbudget` stay fast
    from kcbudget.render.diagnostics import print_findings

    print_findings(diagnostics, lang, console(stderr=True))


def stdout_write(text: str, annotations: bool = False) -> None:
    """A command's whole output on stdout.  Unless it is GitHub annotations (whose
    ``::`` lines are the point), no line of it may run as a CI workflow command:
    the renderers see to that for each text from a workbook, and this once more
    for the whole text."""
    if not annotations:

        text = guard_lines(text)
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def stdout_pieces(pieces: Iterable[str]) -> None:
    """:func:`stdout_write` of a document given in pieces, each written as it comes
    (each one guarded: the pieces are split where no line starts)."""
    last = ""
    for piece in pieces:
        sys.stdout.write(guard_lines(piece))
        last = piece or last
    if not last.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


MAX_ROWS_HELP = "Refuse a sheet with more rows than this (counted while streaming)."
MAX_UNCOMPRESSED_HELP = "Refuse a workbook larger than this many MiB once uncompressed."
MAX_RATIO_HELP = "Refuse a workbook part that inflates more than this many times."


# the limit options every reading command takes (one definition, shared)
MAX_ROWS_OPTION = typer.Option(None, "--max-rows", min=1, help=MAX_ROWS_HELP,
                               show_default="1048576")
MAX_UNCOMPRESSED_OPTION = typer.Option(None, "--max-uncompressed", min=1,
                                       help=MAX_UNCOMPRESSED_HELP, show_default="2048")
MAX_RATIO_OPTION = typer.Option(None, "--max-ratio", min=1, help=MAX_RATIO_HELP,
                                show_default="200")

# the options of the commands that write a report (summarize, reconcile)
OUT_OPTION = typer.Option(None, "--out", "-o", help="Write to this file (required for xlsx).")
FORCE_OUT_OPTION = typer.Option(False, "--force", help="Replace an existing --out file.")
QUIET_WRITE_OPTION = typer.Option(False, "--quiet", "-q",
                                  help="No informational lines on stderr (such as the file "
                                       "written); the result and errors still appear.")


#: formats written as a file of bytes (never to stdout): they need --out
FILE_FORMATS = ("xlsx", "docx")

#: the format an --out file's name asks for when --format is not given
SUFFIX_FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx", ".json": "json",
                  ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".txt": "text",
                  ".xml": "junit", ".sarif": "sarif"}


def out_format(ctx: typer.Context, fmt: Enum, out) -> Any:
    """The format to write: ``--format`` when it is given; else the one ``--out``'s
    name asks for (``tong-hop.xlsx`` → xlsx, ``bao-cao.docx`` → docx), where the command
    has that format, so that a file named .xlsx is always a workbook. A given
    ``--format`` that writes a workbook or a Word file into a name of another kind, or
    a text into a .xlsx or .docx name, is refused (exit 2)."""
    if out is None:
        return fmt
    wanted = SUFFIX_FORMATS.get(Path(out).suffix.lower())
    kinds = type(fmt)
    source = ctx.get_parameter_source("fmt")  # typer's own click: by name
    given = source is not None and getattr(source, "name", "DEFAULT") != "DEFAULT"
    if not given:
        return kinds(wanted) if wanted in kinds._value2member_map_ else fmt
    value = str(fmt.value)
    if wanted is not None and wanted != value and (value in FILE_FORMATS
                                                    or wanted in FILE_FORMATS):
        raise KcbudgetError("out_format_mismatch", fmt=value, name=Path(out).name)
    return fmt


def emit(text_renderers: dict, fmt, xlsx_bytes, out, force: bool, inputs,
         lang: str = "vi", quiet: bool = False, findings=None) -> None:
    """Write a command's machine or file output: a file format (``xlsx``, ``docx``:
    :data:`FILE_FORMATS`) through ``xlsx_bytes()``, any other format through
    ``text_renderers[fmt]()``, to ``--out`` or stdout.

    ``findings`` (the diagnostics of the inputs) are printed on stderr first, whatever
    the format and destination; a file written is then named on stderr (in ``lang``)
    unless ``quiet``."""

    if findings:
        report_findings(findings, lang)
    if fmt.value in FILE_FORMATS:
        write_bytes_atomic(out, xlsx_bytes(), force, tuple(inputs))
    else:
        made = text_renderers[fmt.value]()
        # (guarded once: by the writer of stdout, or here for a file)
        if isinstance(made, str):
            if out is None:
                stdout_write(made)
                return
            write_text_atomic(out, guard_lines(made), force, tuple(inputs))
        else:  # pieces of a long document (split where no line starts), as they come
            if out is None:
                stdout_pieces(made)
                return
            write_text_atomic(out, (guard_lines(piece) for piece in made), force, tuple(inputs))
    if not quiet:
        say("written", lang, path=out)


# the reading options that validate and inspect share (one definition, one help text)
MESSAGE_LANG_OPTION = typer.Option(Lang.vi, "--lang", envvar="KCBUDGET_LANG",
                                   help="Message language (vi|en).")
LOCALE_OPTION = typer.Option(None, "--locale",
                             help="Read text numbers as vi (48.793,5) or en.")
UNIT_FALLBACK_OPTION = typer.Option(None, "--unit",
                                    help="Unit of amounts where the file declares none.")
PHASE_FALLBACK_OPTION = typer.Option(None, "--phase",
                                     help="Phase of project sheets whose title does not say.")
SHEET_OPTION = typer.Option(None, "--sheet",
                            help="Read only this sheet (repeatable; also reads hidden sheets).")
YEAR_FALLBACK_OPTION = typer.Option(None, "--year", help="Year where the file has none.")


LAYOUT_OPTION = typer.Option(None, "--layout",
                             help="A layout file (kcbudget.toml) that declares what the "
                                  "headers mean; default: a kcbudget.toml beside each "
                                  "workbook.")


def read_options(lang: Lang, locale: Locale | None, unit: UnitOpt | None,
                 phase: PhaseOpt | None, sheet: list[str] | None, year: int | None,
                 max_rows: int | None = None, max_uncompressed_mib: int | None = None,
                 max_ratio: int | None = None, layout=None) -> Any:
    # lazy: pandas; --help and `import kcbudget` stay fast
    from kcbudget.read.limits import DEFAULT_LIMITS, Limits, MiB
    from kcbudget.read.table import ReadOptions  # lazy: pandas; --help and `import kcbudget` stay fast
    # every command that reads workbooks makes its options here, once its modules are
    # imported and before it reads a cell: the collector, paused for the imports, resumes
    resume_gc()

    limits = Limits(
        max_rows=max_rows or DEFAULT_LIMITS.max_rows,
        max_uncompressed=(max_uncompressed_mib * MiB if max_uncompressed_mib
                          else DEFAULT_LIMITS.max_uncompressed),
        max_ratio=max_ratio or DEFAULT_LIMITS.max_ratio)
    declared = None
    if layout is not None:
        # lazy: pandas; --help and `import kcbudget` stay fast
        from kcbudget.read.declared import load_layout

        declared = load_layout(layout)
    return ReadOptions(locale=locale.value if locale else None,
                       unit=Unit(unit.value) if unit else None,
                       phase=phase.value if phase else None, sheets=tuple(sheet or ()),
                       year=year, limits=limits, layout=declared)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".xls", ".ods")


def expand_inputs(paths, lang: str | None = None) -> list:
    """Files, folders (every workbook under them) and glob patterns → files, in order.

    A name that does not exist is kept as it is, so that reading it gives the one
    clear "file not found" line; a folder or pattern that holds no workbook is an
    error here."""

    out = []
    for raw in paths:
        path = Path(raw)
        text = str(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
                           and not p.name.startswith(("~$", ".")))
            if not found:
                raise KcbudgetError("no_workbook_in_folder", path=path)
            # lazy: pandas; --help and `import kcbudget` stay fast
            from kcbudget.read.workbook import is_kcbudget_report

            for p in found:
                if p.suffix.lower() in (".xlsx", ".xlsm") and is_kcbudget_report(p):
                    say("skipped_own_report", lang or env_lang(), path=p)  # a report, not a submission
                else:
                    out.append(p)
        elif not path.exists() and any(ch in text for ch in "*?["):

            found = sorted(Path(p) for p in glob.glob(text, recursive=True)
                           if Path(p).is_file())
            if not found:
                raise KcbudgetError("no_file_matches", pattern=text)
            out.extend(found)
        else:
            out.append(path)
    seen = set()
    unique = []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def progress(total: int, quiet: bool, label: str):
    """A Rich progress bar on stderr for runs over several files; a no-op when quiet,
    when there is one file, or when stderr is not a terminal."""

    if quiet or total < 2 or not sys.stderr.isatty():
        return contextlib.nullcontext(lambda path: None)

    @contextlib.contextmanager
    def bar():
        # lazy: only a run that shows a progress bar needs it
        from rich.console import Console  # lazy: Rich only for a terminal's bar
        from rich.markup import escape  # lazy: Rich only for a terminal's bar
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[name]}"), console=Console(stderr=True),
                      transient=True) as prog:
            task = prog.add_task(label, total=total, name="")

            def step(path):


                prog.update(task, advance=1, name=escape(plain_line(str(path)[-50:])))

            yield step

    return bar()
