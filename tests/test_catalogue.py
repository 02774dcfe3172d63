"""Findings are data; their words are the catalogue's.

A diagnostic carries its code, severity, location and params; ``render/catalogue.py``
says it in Vietnamese or English from those alone.  The JSON carries the params, so a
finding read back from ``--format json`` is said again word for word.
"""

from __future__ import annotations

import json
import re
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app
from kcbudget.model.codes import SEVERITIES, diagnose, phrase
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode
from kcbudget.render.catalogue import CODES, LANGS, PHRASES, WORDS, localize, specs

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"

# a value for a placeholder, by its format spec (text where it has none)
_EXAMPLES: dict[str, object] = {
    "amount": 48_793_000_000, "in_unit": 11_065_000_000, "num": Decimal("4.5"), "int": 1000,
    "pct": Decimal("22.68"), "pct_bare": Decimal("22.68"), "size": 3 << 30,
    "phase": "executed", "side": "plan", "way": "en", "locale": "en", "program": "KCDP",
    "unit": "trieu",
}


def _example_params(*templates: str) -> dict[str, object]:
    params: dict[str, object] = {}
    for template in templates:
        for name, spec in specs(template).items():
            params.setdefault(name, _EXAMPLES.get(spec, f"<{name}>"))
    return params


def test_the_registry_the_literal_and_the_catalogue_name_the_same_codes():
    assert set(typing.get_args(DiagnosticCode)) == set(SEVERITIES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_renders_in_both_languages_from_params_alone(code):
    entry = CODES[code]
    params = _example_params(*entry.message.values(), *entry.hint.values())
    params.pop("sheet", None)
    diag = diagnose(code, file="a.xlsx", sheet="TH 2021", cell="C24", row=24, column="support",
                    header="Kinh phí", **params)
    assert diag.message is None  # the core says nothing
    said = {lang: localize(diag, lang) for lang in LANGS}
    for lang, d in said.items():
        assert d.message and "{" not in d.message and "<" not in d.message.replace(
            "<" + "", "") or "<" in d.message, (code, lang, d.message)
        for name, value in params.items():
            if isinstance(value, str) and value.startswith("<") and \
                    name in re.findall(r"{(\w+)", entry.message[lang]):
                assert value in d.message, (code, lang, name)
        assert json.loads(json.dumps(d.params)) == d.params  # JSON-native
    assert said["vi"].message != said["en"].message or entry.message["vi"] == entry.message["en"]


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_renders_in_both_languages(key):
    vi, en = PHRASES[key]
    params = _example_params(vi, en)
    diag = diagnose("KC304", reported=Decimal("48.4"), computed=phrase("pct", value=87.07),
                    formula=phrase("no_pct"), hint=phrase(key, **params))
    for lang in LANGS:
        hint = localize(diag, lang).hint
        assert hint is not None and "{" not in hint, (key, lang, hint)


def test_words_have_both_languages():
    for kind, table in WORDS.items():
        for value, pair in table.items():
            assert len(pair) == 2 and all(isinstance(w, str) for w in pair), (kind, value)


def _json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def reported() -> list[tuple[str, dict]]:
    """Every finding the CLI reports on the bundled samples, as JSON, in both languages."""
    samples = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv"))
    out = []
    for lang in LANGS:
        runs = [_json("validate", *samples, "--lang", lang),
                _json("summarize", *samples, "--lang", lang),
                _json("reconcile", str(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"),
                      str(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx"), "--lang", lang)]
        out += [(lang, d) for run in runs for d in run["diagnostics"]]
    return out


def test_every_finding_in_json_is_said_again_from_its_params(reported):
    """What --format json prints is enough to say the finding again, in either language:
    code, location and params, nothing of the words."""
    assert len({d["code"] for _, d in reported}) >= 10
    for lang, found in reported:
        assert "params" in found
        data = {k: v for k, v in found.items() if k not in ("message", "hint")}
        again = localize(Diagnostic.model_validate(data), lang)
        assert (again.message, again.hint) == (found["message"], found["hint"]), found


def test_the_core_holds_no_words():
    """No read/, checks/ or engine/ module writes a word of Vietnamese or English for a
    user: no {"vi": …} dict, no lang parameter."""
    for layer in ("read", "checks", "engine"):
        for path in sorted((ROOT / "src" / "kcbudget" / layer).glob("*.py")):
            text = path.read_text(encoding="utf-8")
            assert '"vi":' not in text, path.name
            assert not re.search(r"\blang\b", text), path.name
