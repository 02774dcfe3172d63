"""The commands docs/ci.md gives, run on the sample workbooks: exit codes, and the
outputs the page shows, as the tool prints them; the action and the pre-commit hook."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def commands() -> dict[str, str]:
    """marker → the command on the line after ``<!-- ci:marker -->``."""
    lines = DOC.splitlines()
    out = {}
    for i, line in enumerate(lines):
        match = re.search(r"<!-- ci:([\w-]+) -->", line)
        if match and not lines[i + 1].startswith("```"):
            command = lines[i + 1].strip()
            command = re.sub(r"^(run:|-)\s*", "", command)
            out[match.group(1)] = command
    return out


def block(marker: str) -> str:
    """The fenced block after ``<!-- ci:MARKER -->`` or ``<!-- ci:output MARKER -->``."""
    match = re.search(rf"<!-- ci:(?:output )?{re.escape(marker)} -->\n```\w*\n(.*?)\n```",
                      DOC, re.S)
    assert match, marker
    return match.group(1)


def run(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """``command`` as the page gives it, run by bash with ``env`` (whose ``PATH`` finds
    the ``kcbudget`` of tests/forked_cli.py: a process of its own per run)."""
    assert command.startswith("kcbudget ")
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def clean_env(kcbudget_server):
    """The environment of a CI job: no COLUMNS, no KCBUDGET_LANG, ``kcbudget`` on PATH."""

    def make(**extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "KCBUDGET_LANG")}
        env["PATH"] = kcbudget_server.path_with_bin()
        env.update(extra)
        return env

    return make


def submissions(tmp_path: Path, broken: bool = True) -> Path:
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx", folder / "ke-hoach.xlsx")
    shutil.copy(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx", folder / "thuc-hien.xlsx")
    shutil.copy(SAMPLES / "toan-quoc-2022.xlsx", folder / "toan-quoc-2022.xlsx")
    if broken:
        shutil.copy(SAMPLES / "mien-trung-2021-bao-cao.xlsx", folder / "bao-cao.xlsx")
    return folder


def test_the_forked_kcbudget_is_python_m_kcbudget(tmp_path, clean_env):
    """The ``kcbudget`` these tests run (tests/forked_cli.py) is ``python -m kcbudget``
    in what a fork could get wrong: ``--help`` in the language the environment asks
    for, decided when the command line is imported (byte for byte the real one's, the
    one real interpreter here), a file that cannot be read (one line, exit 2), and
    output into a pipe whose reader has gone (141 and nothing on stderr, what
    tests/test_outputs.py asserts of the real one)."""
    submissions(tmp_path)

    def sh(command: str, **kw) -> subprocess.CompletedProcess:
        kw.setdefault("capture_output", True)
        return subprocess.run(["bash", "-c", command], cwd=tmp_path, env=clean_env(),
                              text=True, timeout=300, **kw)

    help_en = "KCBUDGET_LANG=en kcbudget reconcile --help"
    forked = sh(help_en)
    direct = sh(help_en.replace("kcbudget ", f'"{sys.executable}" -m kcbudget ', 1))
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        direct.returncode, direct.stdout, direct.stderr)
    assert "Usage:" in forked.stdout and sh("kcbudget reconcile --help").stdout != forked.stdout
    missing = sh("kcbudget validate submissions/none.xlsx")
    assert missing.returncode == 2 and missing.stdout == ""
    assert len(missing.stderr.splitlines()) == 1 and "none.xlsx" in missing.stderr
    read, write = os.pipe()
    os.close(read)
    try:
        closed = sh("kcbudget validate submissions --format json", capture_output=False,
                    stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert (closed.returncode, closed.stderr) == (141, "")


def test_every_documented_command_is_tested():
    assert set(commands()) == {"github-validate", "github-summary", "github-sarif",
                               "github-reconcile", "gitlab-validate", "gitlab-reconcile"}


def test_github_actions_steps_and_their_output(tmp_path, clean_env):
    submissions(tmp_path)
    summary = tmp_path / "summary.md"
    env = clean_env(GITHUB_STEP_SUMMARY=str(summary))
    cmds = commands()
    validate = run(cmds["github-validate"], tmp_path, env)
    assert validate.returncode == 1, validate.stderr
    assert block("github-validate") in validate.stdout.splitlines()
    run(cmds["github-summary"], tmp_path, env)
    assert summary.read_text(encoding="utf-8").startswith(block("github-summary") + "\n")
    sarif = run(cmds["github-sarif"], tmp_path, env)
    assert sarif.returncode == 1
    log = json.loads((tmp_path / "kcbudget.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) >= 3
    reconcile = run(cmds["github-reconcile"], tmp_path, env)
    assert reconcile.returncode == 1  # the sample pair holds a conflict and an over-execution
    assert "mâu thuẫn" in summary.read_text(encoding="utf-8")


def test_a_clean_submission_passes(tmp_path, clean_env):
    submissions(tmp_path, broken=False)
    result = run(commands()["github-validate"], tmp_path, clean_env())
    assert result.returncode == 0, result.stderr
    assert not [ln for ln in result.stdout.splitlines() if ln.startswith("::error")]


def test_gitlab_job_and_its_output(tmp_path, clean_env):
    submissions(tmp_path)
    cmds = commands()
    validate = run(cmds["gitlab-validate"], tmp_path, clean_env())
    assert validate.returncode == 1
    report = (tmp_path / "kcbudget-junit.xml").read_text(encoding="utf-8")
    assert block("gitlab-validate") in report
    assert validate.stderr == block("gitlab-validate-log") + "\n"
    import xml.etree.ElementTree as ET

    root = ET.fromstring(report)
    assert root.tag == "testsuites" and int(root.get("tests")) == 6
    assert [f.get("type") for f in root.iter("failure")] == ["KC305", "KC304", "KC309"]
    reconcile = run(cmds["gitlab-reconcile"], tmp_path, clean_env())
    assert reconcile.returncode == 1
    assert (tmp_path / "doi-chieu.json").read_text(encoding="utf-8").startswith("{")


def test_pre_commit_hook_definition():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: kcbudget-validate" in text
    assert "id: kcbudget-validate" in block("pre-commit")
    assert "v0.1.0" not in DOC  # no such tag
    entry = re.search(r"entry: (.+)", text).group(1)
    result = subprocess.run([sys.executable, "-m", "kcbudget", *entry.split()[1:],
                             str(SAMPLES / "hoa-binh-2023.xlsx")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="pre-commit is not installed (pip install pre-commit)")
def test_pre_commit_try_repo(tmp_path):
    """The hook as a user runs it, with pre-commit itself: installs kcbudget from this
    checkout into pre-commit's own environment (slow the first time, cached after)."""
    repo = tmp_path / "nop-bao-cao"
    repo.mkdir()
    shutil.copy(SAMPLES / "hoa-binh-2023.xlsx", repo / "hoa-binh.xlsx")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)

    def try_repo():
        return subprocess.run(["pre-commit", "try-repo", str(ROOT), "kcbudget-validate",
                               "--all-files"], cwd=repo, capture_output=True, text=True,
                              timeout=1200)

    ok = try_repo()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    shutil.copy(SAMPLES / "mien-trung-2021-bao-cao.xlsx", repo / "bao-cao.xlsx")
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    bad = try_repo()
    assert bad.returncode == 1
    assert "bao-cao.xlsx" in bad.stdout and "Không hợp lệ" in bad.stdout


def test_the_action_runs_its_validate_step(tmp_path, clean_env):
    """action.yml is a composite action; its validate step, run as the runner runs it
    (bash, the step's env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), writes the
    annotations, the summary and the SARIF log, and the exit code for the last step."""
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all("shell" in s for s in steps if "run" in s)
    step = next(s for s in steps if s.get("id") == "validate")
    inputs = {k: v.get("default", "") for k, v in action["inputs"].items()}
    inputs["files"] = "submissions"
    env = clean_env(GITHUB_OUTPUT=str(tmp_path / "output"),
                    GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))
    for name, value in step["env"].items():
        env[name] = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m.group(1)], value)
    submissions(tmp_path)
    script = step["run"]
    assert "kcbudget " in script
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr  # the step itself passes; the last one fails
    assert "exit-code=1" in (tmp_path / "output").read_text()
    assert any(ln.startswith("::error file=submissions/bao-cao.xlsx,line=24,col=3,")
               for ln in proc.stdout.splitlines())
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith(
        "## kcbudget validate")
    assert json.loads((tmp_path / "kcbudget.sarif").read_text())["version"] == "2.1.0"
    last = steps[-1]
    assert last["if"] == "steps.validate.outputs.exit-code != '0'"
