"""Generated documents stay current; every code used in the source is registered."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kcbudget.render.catalogue import CODES, LANGS
from kcbudget.render.docs import diagnostics_markdown

ROOT = Path(__file__).resolve().parents[1]


def _current(path: Path, text: str) -> None:
    if os.environ.get("KCBUDGET_REGEN"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.relative_to(ROOT)} is stale: regenerate with "
        "KCBUDGET_REGEN=1 python -m pytest tests/test_docs.py")


def test_diagnostics_doc_is_current():
    _current(ROOT / "docs" / "diagnostics.md", diagnostics_markdown())


def test_every_code_used_in_the_source_is_registered():
    used = set()
    for path in (ROOT / "src" / "kcbudget").rglob("*.py"):
        used |= set(re.findall(r'["\'](KC\d{3})["\']', path.read_text(encoding="utf-8")))
    missing = used - set(CODES)
    assert not missing, f"codes used without a registry entry: {sorted(missing)}"


def test_every_code_has_both_languages():
    for code, entry in CODES.items():
        for lang in LANGS:
            assert entry.title[lang] and entry.message[lang], (code, lang)
            assert bool(entry.hint["vi"]) == bool(entry.hint["en"]), code


def test_schemas_are_current():
    from kcbudget.cli.schema import schema_texts

    for name, text in schema_texts().items():
        _current(ROOT / "schemas" / name, text)


def test_cli_doc_is_current():
    from kcbudget.cli.docs import cli_markdown

    _current(ROOT / "docs" / "cli.md", cli_markdown())


def test_every_label_exists_in_both_languages():
    """The renderers' labels are the catalogue's (tests/test_catalogue.py checks each one's
    placeholders); the tables of the summary, the reconciliation and the validation are
    there, every key in both languages."""
    from kcbudget.render.catalogue import sections

    for name in ("validate", "reconcile", "summary.header"):
        for key, pair in sections()[name].items():
            assert len(pair) == 2 and all(pair), (name, key)


def test_every_command_help_has_an_example():
    from kcbudget.cli.app import app
    from kcbudget.cli.docs import help_text

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        text = help_text([name])
        assert "Ví dụ" in text or "Example" in text, name


def test_every_help_text_has_a_vietnamese_translation():
    import subprocess
    import sys

    code = ("from kcbudget.cli.app import app; from kcbudget.cli.help_vi import missing; "
            "print(missing(app))")
    import os

    env = {**os.environ, "KCBUDGET_LANG": "en"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_help_in_both_languages():
    import os
    import subprocess
    import sys

    def helps(lang):
        env = {**os.environ, "KCBUDGET_LANG": lang}
        return subprocess.run([sys.executable, "-m", "kcbudget", "validate", "--help"],
                              capture_output=True, text=True, env=env, timeout=60).stdout

    assert "Kiểm tra tệp bảng tính" in helps("vi")
    assert "Check workbooks against the spreadsheet contract" in helps("en")


def test_api_doc_is_current():
    from kcbudget.cli.docs import api_markdown

    _current(ROOT / "docs" / "api.md", api_markdown())
