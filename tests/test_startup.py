"""What a start of ``kcbudget`` costs, held by what it imports, and the root help page
that is printed without typer (``kcbudget.cli.start``, ``kcbudget.cli.roothelp``) held
to typer's own page."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kcbudget.cli import roothelp, start
from kcbudget.cli.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "mien-trung-2021.xlsx"

# the page as typer prints it: the app's own main, which has no fast path
TYPER = ("import sys; sys.argv[0] = 'kcbudget'\n"
         "from kcbudget.cli.app import main\nmain()")
# the environment a child starts from: none of the knobs that change a help page
_KNOBS = ("KCBUDGET_LANG", "COLUMNS", "LINES", "TERMINAL_WIDTH", "FORCE_COLOR", "NO_COLOR",
          "PY_COLORS", "GITHUB_ACTIONS", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
          "_TYPER_FORCE_DISABLE_TERMINAL", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _KNOBS}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed package runs
    return {**env, **extra}


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *argv], capture_output=True, env=env,
                          timeout=120, check=False)


@pytest.mark.parametrize("args, extra", [
    ([], {}),
    (["--help"], {}),
    (["-h"], {"KCBUDGET_LANG": "en"}),
    (["--help"], {"KCBUDGET_LANG": "en_US.UTF-8", "COLUMNS": "52"}),
    (["--help"], {"COLUMNS": "160", "FORCE_COLOR": "1"}),
    (["--help"], {"KCBUDGET_LANG": "en", "TERMINAL_WIDTH": "70", "GITHUB_ACTIONS": "true"}),
    (["--help"], {"FORCE_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1", "COLUMNS": "90"}),
    (["--version"], {}),
    # a shell asking for completions runs kcbudget with no arguments: typer answers
    ([], {"_KCBUDGET_COMPLETE": "complete_bash", "COMP_WORDS": "kcbudget val",
          "COMP_CWORD": "1"}),
])
def test_root_page_is_typers_page(args, extra):
    """Byte for byte, stdout, stderr and exit status, in both languages, at several
    widths and with colours forced (Rich's ANSI styles included)."""
    env = _env(**extra)
    fast = _run(["-m", "kcbudget", *args], env)
    typer_page = _run(["-c", TYPER, *args], env)
    assert fast.returncode == typer_page.returncode == 0
    assert fast.stderr == typer_page.stderr == b""
    assert fast.stdout == typer_page.stdout
    if "_KCBUDGET_COMPLETE" in extra:
        assert fast.stdout.strip() == b"validate"
    elif args != ["--version"]:
        lang_word = "Commands" if extra.get("KCBUDGET_LANG", "").startswith("en") else "Lệnh"
        assert lang_word in fast.stdout.decode()
        if "FORCE_COLOR" in extra and "_TYPER_FORCE_DISABLE_TERMINAL" not in extra:
            assert b"\x1b[" in fast.stdout  # the styles were compared too


def test_the_fast_page_knows_every_command():
    """:data:`kcbudget.cli.commands.COMMANDS` is the app's commands, in its order, with the first
    paragraph of each one's help; the root options' helps are the app's."""
    from typer.main import get_command

    from kcbudget.cli.app import app
    from kcbudget.cli.common import env_lang
    from kcbudget.render.catalogue import section

    registered = [(c.name, (inspect.getdoc(c.callback) or "").split("\n\n")[0])
                  for c in app.registered_commands]
    # translate_help put the Vietnamese on the commands whose words differ: the
    # English is the docstring's, which COMMANDS must hold
    assert [(name, text) for name, _, text in COMMANDS] == registered
    group = get_command(app)
    ctx = group.make_context("kcbudget", [], resilient_parsing=True)
    lang = env_lang()  # the app put its help texts in this language at import
    helps = section("help", lang)
    options = []
    for param in group.get_params(ctx):
        long = [o for o in param.opts if o.startswith("--")]
        short = [o for o in param.opts if not o.startswith("--")]
        options.append((",".join(long), ",".join(short), param.help))
    assert options == [(long, short, helps.get(text, text) if text == roothelp.VERSION_HELP
                        else text) for long, short, text in roothelp.ROOT_OPTIONS]


def test_fast_path_is_only_the_bare_root_page():
    assert start.wants([]) == "help"
    assert start.wants(["--help"]) == start.wants(["-h"]) == "help"
    assert start.wants(["--version"]) == "version"
    for args in (["validate", "--help"], ["--help", "--version"], ["--version", "x"],
                 ["--lang", "en"], ["-h", "validate"], ["--hel"]):
        assert start.wants(args) is None


def _run_in_child(args: list[str]) -> tuple[set[str], dict]:
    """The modules a run of ``kcbudget ARGS`` imported, and the state of the cyclic
    collector at its end (its stderr's last two lines)."""
    # os._exit (the root page's and the version's way out) is recorded, to look after it
    code = (f"import atexit, gc, os, sys, runpy; sys.argv = ['kcbudget', *{args!r}]\n"
            "left = []\n"
            "def record(status):\n    left.append(status)\n    raise SystemExit(status)\n"
            "os._exit = record\n"
            "try:\n    runpy.run_module('kcbudget', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules), file=sys.stderr)\n"
            "print({'enabled': gc.isenabled(), 'frozen': gc.get_freeze_count(), "
            "'os_exit': left, 'atexit': atexit._ncallbacks()}, file=sys.stderr)")
    proc = _run(["-c", code], _env(COLUMNS="100"))
    modules, state = proc.stderr.decode().strip().splitlines()[-2:]
    return set(ast.literal_eval(modules)), ast.literal_eval(state)


def _imports(args: list[str]) -> set[str]:
    """The modules a run of ``kcbudget ARGS`` imported."""
    return _run_in_child(args)[0]


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"]])
def test_root_page_and_version_import_no_typer(args):
    """No typer, click copy, pydantic or data library for the root page and the
    version; the version not even Rich."""
    modules, gc_state = _run_in_child(args)
    # no collection for the page, and no teardown of the interpreter after it, which
    # skips nothing: the page registered nothing to run at exit
    assert gc_state == {"enabled": False, "frozen": 0, "os_exit": [0], "atexit": 0}
    tops = {m.split(".")[0] for m in modules}
    assert not tops & {"typer", "click", "pydantic", "pydantic_core", "numpy", "pandas",
                       "pyarrow", "shellingham"}
    assert "rich._emoji_codes" not in modules  # the page has no emoji code to look up
    if args == ["--version"]:  # kcbudget.cli's stand-ins for two Rich modules aside
        assert not {m for m in modules if m.split(".")[0] == "rich"} - {"rich.markdown",
                                                                         "rich.traceback"}


def test_validate_json_imports_no_rich():
    """A JSON report of a clean file is written without Rich (its console, tables and
    text are for people) and without typer's help formatter; the cyclic collector,
    paused while the run imported its modules, was on again for the data, with the
    modules frozen out of its sight."""
    modules, gc_state = _run_in_child(["validate", str(SAMPLE), "--format", "json"])
    assert gc_state["enabled"] and gc_state["frozen"] > 100_000
    assert gc_state["os_exit"] == []  # a command ends as Python ends, files and all
    # no kcbudget.toml beside the file: the layout file's models and TOML are not loaded
    assert not modules & {"kcbudget.read.declared_models", "tomllib"}
    assert "kcbudget.checks.validate" in modules  # the command ran
    assert not {m for m in modules if m.startswith("rich.")} - {"rich.markdown",
                                                                 "rich.traceback"}
    assert "typer.rich_utils" not in modules
    # and of kcbudget's command modules only the one that ran
    others = {"kcbudget.cli." + n for n in ("demo", "inspect", "reconcile", "schema",
                                            "summarize", "template", "reference_cmds")}
    assert not modules & others


@pytest.mark.parametrize("args", [["provinces", "--help"], ["summarize", "--help"]])
def test_a_command_loads_alone(args):
    """A command's help loads its own module (reference_cmds holds two commands)."""
    modules = _imports(args)
    loaded = {m.rsplit(".", 1)[1] for m in modules if m.startswith("kcbudget.cli.")}
    expected = "reference_cmds" if args[0] == "provinces" else args[0]
    assert expected in loaded
    assert not loaded & ({"validate", "demo", "inspect", "reconcile", "schema", "summarize",
                          "template", "reference_cmds"} - {expected})


def test_typo_suggests_among_every_command():
    """typer suggests among the commands it has built; the run's group has built none."""
    proc = _run(["-m", "kcbudget", "valdate", "x"], _env(KCBUDGET_LANG="en"))
    assert proc.returncode == 2
    assert "'validate'?" in proc.stderr.decode()


def test_every_command_resumes_the_collector():
    """``kcbudget.cli.start.main`` pauses the cyclic collector for the imports; every
    command's body turns it back on (``kcbudget.cli.collector.resume_gc``, or ``read_options``, which every
    command that reads workbooks calls before it reads) before its work, so that no
    command makes its data with the collector off."""
    bodies = 0
    for path in sorted((ROOT / "src" / "kcbudget" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "body":
                bodies += 1
                called = [n.func.id for n in ast.walk(node) if isinstance(n, ast.Call)
                          and isinstance(n.func, ast.Name)]
                assert {"resume_gc", "read_options"} & set(called), (path.name, node.lineno)
    assert bodies >= 9  # validate, inspect, summarize, reconcile, demo, schema, two, template
    common = (ROOT / "src" / "kcbudget" / "cli" / "common.py").read_text(encoding="utf-8")
    tree = ast.parse(common)
    read_options = next(n for n in tree.body
                        if isinstance(n, ast.FunctionDef) and n.name == "read_options")
    assert any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "resume_gc"
               for n in ast.walk(read_options))


def test_resume_gc_is_harmless_without_a_pause():
    """The library and the tests never pause the collector: resuming changes nothing."""
    import gc

    from kcbudget.cli.collector import resume_gc

    frozen = gc.get_freeze_count()
    resume_gc()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_layout_models_still_answer_where_they_were():
    """The layout file's pydantic models moved to ``kcbudget.read.declared_models``
    (loaded when a kcbudget.toml is read); ``kcbudget.read.declared`` still gives them."""
    from kcbudget.read import declared, declared_models

    for name in ("ColumnSpec", "SheetSpec", "LayoutFile", "Measure"):
        assert getattr(declared, name) is getattr(declared_models, name)
    with pytest.raises(AttributeError):
        declared.NoSuchModel  # noqa: B018


FULL = Path("/dev/full")  # Linux's device that takes no byte: every write, ENOSPC


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args, lang, words", [
    (["--help"], "vi", "không ghi được ra đầu ra chuẩn"),
    (["--version"], "en", "cannot write to standard output"),
    (["validate", str(SAMPLE)], "vi", "không ghi được ra đầu ra chuẩn"),
    (["validate", str(SAMPLE), "--format", "json"], "en", "cannot write to standard output"),
])
def test_output_that_cannot_be_written_is_one_line_and_status_2(args, lang, words):
    """stdout on a full disk: one line on stderr, status 2, never a traceback."""
    with FULL.open("w") as full:
        run = subprocess.run([sys.executable, "-m", "kcbudget", *args], stdout=full,
                             stderr=subprocess.PIPE, env=_env(KCBUDGET_LANG=lang),
                             timeout=120, check=False)
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert "Traceback" not in err
    assert err.splitlines() == [f"kcbudget: {words} (No space left on device)"]


# A child that runs the command line, then (at its exit) says on stderr how much CPU
# each of its threads still alive used (OpenBLAS's workers live until the end; the
# reader's own threads are gone by then) and what OPENBLAS_NUM_THREADS it ended with.
_THREADS_CHILD = """
import atexit, os, sys
def report():
    tick = os.sysconf("SC_CLK_TCK")
    for t in os.listdir("/proc/self/task"):
        fields = open(f"/proc/self/task/{t}/stat").read().rsplit(")", 1)[1].split()
        sys.stderr.write(f"thread {t} {(int(fields[11]) + int(fields[12])) / tick}\\n")
    sys.stderr.write(f"main {os.getpid()} {os.environ.get('OPENBLAS_NUM_THREADS')}\\n")
atexit.register(report)
sys.argv = ["kcbudget", *sys.argv[1:]]
from kcbudget.cli.start import main
main()
"""


def _threads_cpu(env: dict[str, str]) -> tuple[float, str, int]:
    """(CPU seconds of the threads other than the main one, OPENBLAS_NUM_THREADS at the
    end, the threads alive at the end) of ``kcbudget validate --format json`` of a
    sample in a child."""
    run = subprocess.run([sys.executable, "-c", _THREADS_CHILD, "validate", "--format", "json",
                          str(SAMPLE)], capture_output=True, text=True, env=env, timeout=120,
                         check=False)
    assert run.returncode in (0, 1), run.stderr
    lines = [line.split() for line in run.stderr.splitlines()]
    main_pid, value = next((w[1], w[2]) for w in lines if w[:1] == ["main"])
    threads = [w for w in lines if w[:1] == ["thread"]]
    others = sum(float(w[2]) for w in threads if w[1] != main_pid)
    return others, value, len(threads)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
                    reason="per-thread CPU from /proc (Linux, 2 cores or more)")
def test_no_library_thread_spins_while_a_command_runs():
    """numpy's OpenBLAS worker threads spin for some hundredths of a second of CPU each
    after numpy is imported; the command line asks for none (``OPENBLAS_NUM_THREADS=1``)
    unless the user set the variable, whose value is then kept: with 2, one worker more
    is alive at the end (a count, which no load on the machine changes)."""
    env = _env()
    env.pop("OPENBLAS_NUM_THREADS", None)
    others, value, threads = _threads_cpu(env)
    assert value == "1"
    assert others < 0.02, f"threads other than the main one used {others:.2f} s of CPU"
    _, kept, with_worker = _threads_cpu({**env, "OPENBLAS_NUM_THREADS": "2"})
    assert kept == "2"
    assert with_worker == threads + 1
    assert _threads_cpu({**env, "OPENBLAS_NUM_THREADS": ""})[1:] == ("1", threads)
