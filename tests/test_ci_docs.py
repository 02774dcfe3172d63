"""The commands docs/ci.md gives, run on the sample workbooks: exit codes and outputs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"


def commands() -> dict[str, str]:
    """marker → the command on the line after ``<!-- ci:marker -->``."""
    lines = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8").splitlines()
    out = {}
    for i, line in enumerate(lines):
        match = re.search(r"<!-- ci:([\w-]+) -->", line)
        if match:
            command = lines[i + 1].strip()
            command = re.sub(r"^(run:|-)\s*", "", command)
            out[match.group(1)] = command
    return out


def run(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    assert command.startswith("kcbudget ")
    command = f'"{sys.executable}" -m kcbudget ' + command[len("kcbudget "):]
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx", folder / "ke-hoach.xlsx")
    shutil.copy(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx", folder / "thuc-hien.xlsx")
    shutil.copy(SAMPLES / "toan-quoc-2022.xlsx", folder / "toan-quoc-2022.xlsx")
    return folder


def test_every_documented_command_is_tested():
    assert set(commands()) == {"github-validate", "github-reconcile", "gitlab-validate",
                               "gitlab-reconcile"}


def test_github_actions_steps(tmp_path):
    submissions(tmp_path)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    cmds = commands()
    validate = run(cmds["github-validate"], tmp_path, env)
    assert validate.returncode == 0, validate.stderr
    assert not [l for l in validate.stdout.splitlines() if l.startswith("::error")]
    reconcile = run(cmds["github-reconcile"], tmp_path, env)
    assert reconcile.returncode == 1  # the sample pair holds a conflict and an over-execution
    assert "mâu thuẫn" in summary.read_text(encoding="utf-8")


def test_github_annotations_on_a_broken_submission(tmp_path):
    folder = submissions(tmp_path)
    shutil.copy(SAMPLES / "mien-trung-2021-bao-cao.xlsx", folder / "bao-cao.xlsx")
    result = run(commands()["github-validate"], tmp_path, dict(os.environ))
    assert result.returncode == 1
    errors = [l for l in result.stdout.splitlines() if l.startswith("::error")]
    assert any("KC305" in l and "'TH 2021'!C24" in l and "line=24" in l for l in errors)


def test_gitlab_job(tmp_path):
    folder = submissions(tmp_path)
    shutil.copy(SAMPLES / "loi-cong-thuc.xlsx", folder / "loi-cong-thuc.xlsx")
    cmds = commands()
    validate = run(cmds["gitlab-validate"], tmp_path, dict(os.environ))
    assert validate.returncode == 1
    root = ET.parse(tmp_path / "kcbudget-junit.xml").getroot()
    assert root.tag == "testsuites" and int(root.get("tests")) >= 4
    failures = root.findall(".//failure")
    assert [f.get("type") for f in failures] == ["KC204"]
    assert "E10" in failures[0].get("message")
    reconcile = run(cmds["gitlab-reconcile"], tmp_path, dict(os.environ))
    assert reconcile.returncode == 1
    assert (tmp_path / "doi-chieu.json").read_text(encoding="utf-8").startswith("{")


def test_pre_commit_hook_definition():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: kcbudget-validate" in text
    entry = re.search(r"entry: (.+)", text).group(1)
    result = subprocess.run([sys.executable, "-m", "kcbudget", *entry.split()[1:],
                             str(SAMPLES / "hoa-binh-2023.xlsx")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
