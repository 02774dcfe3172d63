"""Inputs are only ever read: every command, on copies of ``sample_data/``, leaves every
input file byte-identical (sha256) with the same mtime; ``--out`` never lands on an input
and never replaces an existing file without ``--force``."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()

PLAN = "binh-dinh-2022-ke-hoach.xlsx"
ACTUAL = "binh-dinh-2022-thuc-hien.xlsx"
SUMMARY = "mien-trung-2021.xlsx"


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    """name → (sha256, mtime in ns, mode) of every file under ``folder``."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_mode)
    return out


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """A copy of sample_data (mtimes kept old, so a rewrite would show) and a separate
    folder for outputs; the current folder is the copy's parent, as for ``demo``."""
    folder = tmp_path / "work" / "sample_data"
    shutil.copytree(SAMPLE, folder)
    for path in folder.iterdir():
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(folder.parent)
    monkeypatch.setenv("KCBUDGET_LANG", "en")
    return folder, out


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in (result.output or ""), result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), repr(result.exception)
    return result


def commands(folder: Path, out: Path) -> list[tuple[str, list]]:
    data = sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".csv"))
    plan, actual, summary = folder / PLAN, folder / ACTUAL, folder / SUMMARY
    # every input is read by `validate` and by `demo`; the other formats and commands,
    # whose writers never see an input, run on one file of each kind
    some = [plan, actual, summary, next(p for p in data if p.suffix == ".csv")]
    cmds = [("validate", ["validate", *data]),
            ("validate-json", ["validate", *some, "--format", "json"]),
            ("validate-github", ["validate", *some, "--format", "github"])]
    for fmt in ("table", "json", "csv", "markdown"):
        cmds.append((f"summarize-{fmt}", ["summarize", summary, plan, "--format", fmt]))
        cmds.append((f"summarize-{fmt}-out", ["summarize", summary, "--format", fmt,
                                              "--out", out / f"summary-{fmt}.out"]))
        cmds.append((f"reconcile-{fmt}", ["reconcile", plan, actual, "--format", fmt]))
        cmds.append((f"reconcile-{fmt}-out", ["reconcile", plan, actual, "--format", fmt,
                                              "--out", out / f"reconcile-{fmt}.out"]))
    cmds += [("summarize-xlsx", ["summarize", *some, "--format", "xlsx",
                                 "--out", out / "summary.xlsx"]),
             ("summarize-by", ["summarize", *some, "--by", "region,province,year,category",
                               "--format", "json"]),
             ("reconcile-xlsx", ["reconcile", plan, actual, "--format", "xlsx",
                                 "--out", out / "reconcile.xlsx"]),
             ("schema", ["schema", "--out", out / "schemas"]),
             ("demo", ["demo"])]
    return cmds


def test_every_command_leaves_inputs_untouched(inputs):
    folder, out = inputs
    before = fingerprint(folder)
    original = fingerprint(SAMPLE)
    assert before and {k: v[0] for k, v in before.items()} == {k: v[0] for k, v in original.items()}
    ran = []
    for name, args in commands(folder, out):
        result = invoke(*args)
        assert result.exit_code in (0, 1), (name, result.exit_code, result.output[-500:])
        after = fingerprint(folder)
        assert after == before, (name, {k for k in before if before[k] != after.get(k)}
                                 | (set(after) - set(before)))
        ran.append(name)
    assert (out / "summary.xlsx").stat().st_size > 0
    assert (out / "reconcile.xlsx").stat().st_size > 0
    assert any((out / "schemas").iterdir())
    assert fingerprint(SAMPLE) == original  # and the checkout's own files too
    assert len(ran) >= 20


@pytest.mark.parametrize("cmd", ["summarize", "reconcile"])
@pytest.mark.parametrize("fmt", ["csv", "json", "markdown", "xlsx"])
def test_out_onto_an_input_is_refused(inputs, cmd, fmt):
    """Onto every input, refused with exit 2; where the input's name suits the format
    the refusal says it is an input (a text format into a .xlsx name is refused for
    that reason first, so the text formats take the CSV plan)."""
    folder, _ = inputs
    before = fingerprint(folder)
    plan, actual = folder / PLAN, folder / ACTUAL
    files = [plan, actual] if cmd == "reconcile" else [plan]
    if fmt != "xlsx":
        files = [folder / "ke-hoach.csv", *files[1:]]
    for target in files:
        suits = target.suffix == ".csv" if fmt != "xlsx" else target.suffix == ".xlsx"
        for force in ([], ["--force"]):
            result = invoke(cmd, *files, "--format", fmt, "--out", target, *force)
            assert result.exit_code == 2, (cmd, fmt, force, result.output)
            if suits:
                assert "input" in result.output.lower() or "exists" in \
                    result.output.lower(), result.output
    assert fingerprint(folder) == before


def test_out_onto_an_input_by_another_name_is_refused(inputs):
    """A relative path or a symlink that resolves to an input is that input."""
    folder, out = inputs
    before = fingerprint(folder)
    link = out / "alias.csv"
    link.symlink_to(folder / "ke-hoach.csv")
    for target in (link, Path("sample_data") / ".." / "sample_data" / "ke-hoach.csv"):
        result = invoke("summarize", folder / "ke-hoach.csv", "--format", "csv",
                        "--out", target, "--force")
        assert result.exit_code == 2, result.output
    assert fingerprint(folder) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_existing_out_needs_force(inputs, fmt):
    folder, out = inputs
    target = out / f"report.{fmt}"
    target.write_bytes(b"precious")
    result = invoke("summarize", folder / SUMMARY, "--format", fmt, "--out", target)
    assert result.exit_code == 2, result.output
    assert "--force" in result.output
    assert target.read_bytes() == b"precious"
    result = invoke("reconcile", folder / PLAN, folder / ACTUAL, "--format", fmt,
                    "--out", target)
    assert result.exit_code == 2, result.output
    assert target.read_bytes() == b"precious"
    result = invoke("summarize", folder / SUMMARY, "--format", fmt, "--out", target, "--force")
    assert result.exit_code in (0, 1), result.output
    assert target.read_bytes() != b"precious"
    # written through a temporary file renamed into place: nothing left beside it
    assert sorted(p.name for p in out.iterdir()) == [target.name]
