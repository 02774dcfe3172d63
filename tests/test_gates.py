"""The gates CI keeps: ruff under the rules chosen in pyproject.toml, mypy (strict on
model/, read/ and engine/, see ``[tool.mypy]``) and the layer contract of
import-linter (``[tool.importlinter]``).  Each runs once, as CI would run it by hand;
mypy keeps its cache in ``.mypy_cache`` so a second run costs a second or two."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_ruff_is_clean():
    result = _run("ruff", "check", "--no-fix", "src", "tests", "scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = _run("mypy")  # files and options from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_layer_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_import_cycle():
    """No module of kcbudget imports, directly or not, a module that imports it (lazy
    imports inside functions count: grimp reads every import statement)."""
    import grimp

    graph = grimp.build_graph("kcbudget", include_external_packages=False)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if module == imported or module.startswith(imported + "."):
                continue  # a package's own __init__ importing a child is no cycle
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain is not None and not imported.startswith(module + "."):
                cycles.append((module, *chain))
    assert not cycles, cycles


def _lazy_imports(path: Path) -> list[tuple[int, str]]:
    """The imports inside functions (outside ``if TYPE_CHECKING:``), as (line, text)."""
    import ast

    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    out: list[tuple[int, str]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)) and in_function:
                text = "\n".join(lines[child.lineno - 2:child.end_lineno])
                out.append((child.lineno, text))
            walk(child, in_function or isinstance(child, (ast.FunctionDef,
                                                          ast.AsyncFunctionDef)))

    walk(ast.parse(source), False)
    return out


def test_every_lazy_import_says_why():
    """Imports are at module level; the few inside functions (pandas kept out of
    ``--help``, a library only a rare path needs) each carry a ``# lazy:`` reason on
    their line or the line above."""
    unexplained = []
    for path in sorted((ROOT / "src" / "kcbudget").rglob("*.py")):
        for line, text in _lazy_imports(path):
            if "# lazy:" not in text:
                unexplained.append(f"{path.relative_to(ROOT)}:{line}: {text.strip()}")
    assert not unexplained, "\n".join(unexplained)


def test_only_the_cli_boundary_and_rare_libraries_import_lazily():
    """Below cli/, a lazy import is only of a library that a rare path needs."""
    rare = ("openpyxl", "viparse", "xlsxwriter", "olefile")
    # one module, one library: the rule for untrusted text is imported by every --help
    # (which must not load pyarrow, tests/test_cli.py), and only a long JSON document
    # is searched by Arrow's RE2
    # and Rich in the two modules every report imports, whose Rich part only the output
    # for people needs: a JSON, SARIF, JUnit or GitHub report imports no Rich
    # (tests/test_startup.py; its console and text cost about 45 ms of every such run)
    # and the layout file's pydantic models, TOML and pydantic's error in the module that
    # reads a kcbudget.toml: a run without one makes none of them (tests/test_startup.py)
    # (with the writer of Rich's tables without colour, which imports Rich)
    allowed = {"render/untrusted.py": ("pyarrow", "rich"),
               "render/diagnostics.py": ("rich", "kcbudget.render.plaintable"),
               "read/declared.py": ("tomllib", "pydantic", "kcbudget.read.declared_models")}
    src = ROOT / "src" / "kcbudget"
    core = [p for p in sorted(src.rglob("*.py"))
            if "cli" not in p.relative_to(src).parts and p != src / "__init__.py"]
    found = [f"{p.relative_to(ROOT)}:{line}: {text.strip()}" for p in core
             for line, text in _lazy_imports(p)
             if not any(f"import {lib}" in text or f"from {lib}" in text
                        for lib in (*rare, *allowed.get(p.relative_to(src).as_posix(), ())))]
    assert not found, "\n".join(found)
