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

from kcbudget.errors import KcbudgetError
from kcbudget.model.codes import KINDS, PARAMS, SEVERITIES, check_params, diagnose, phrase
from kcbudget.model.diagnostic import Diagnostic, DiagnosticCode
from kcbudget.render.catalogue import CODES, LANGS, PHRASES, WORDS, localize, placeholders, specs

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


# a value of each kind of param (kcbudget.model.codes.KINDS); text names its param
_OF_KIND: dict[str, object] = {
    "amount": 48_793_000_000, "number": Decimal("4.5"), "int": 1000, "pct": Decimal("22.68"),
    "phase": "executed", "program": "KCDP", "side": "plan", "locale": "en", "unit": "trieu",
}


def _example(name: str, kind: str) -> object:
    kind = kind.split("|")[0]
    if kind in ("text", "cell"):
        return f"<{name}>"
    if kind == "phrase":
        return phrase("did_you_mean", guess=f"<{name}>")
    if kind == "failure":
        return KcbudgetError("file_not_found", path=f"<{name}>")
    return _OF_KIND[kind]


def test_the_registry_the_literal_and_the_catalogue_name_the_same_codes():
    assert set(typing.get_args(DiagnosticCode)) == set(SEVERITIES) == set(CODES) == set(PARAMS)


_GIVEN = ("file", "sheet", "header", "column", "row")  # the diagnostic's own fields


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_renders_in_both_languages_from_params_alone(code):
    """A finding made in the core has no words; the catalogue says it in vi and in en
    from its code, location and params (one of each declared kind), every placeholder
    filled and every text param said where its template names it."""
    entry = CODES[code]
    params = {name: _example(name, kind) for name, kind in PARAMS[code].items()}
    diag = diagnose(code, file="a.xlsx", sheet="TH 2021", cell="C24", row=24, column="support",
                    header="Kinh phí", **params)
    assert not diag.said  # the core says nothing
    assert json.loads(json.dumps(diag.params)) == diag.params  # JSON-native data
    check_params(code, diag.params)
    said = {lang: localize(diag, lang) for lang in LANGS}
    for lang, d in said.items():
        assert d.said and d.message, (code, lang)
        assert d.params == diag.params and d.code == code
        for text in (d.message, d.hint or ""):
            assert not re.search(r"{\w", text), (code, lang, text)  # nothing left unfilled
        for template, text in ((entry.message[lang], d.message), (entry.hint[lang], d.hint)):
            for name in set(re.findall(r"{(\w+)", template)) & set(params):
                if PARAMS[code][name].split("|")[0] in ("text", "cell", "phrase", "failure"):
                    assert f"<{name}>" in (text or ""), (code, lang, name, text)
        for field, value in (("file", "a.xlsx"), ("sheet", "TH 2021"), ("header", "Kinh phí")):
            if field in placeholders(entry.message[lang]):  # the location is said too
                assert value in d.message, (code, lang, field, d.message)
    if entry.message["vi"] != entry.message["en"]:
        assert said["vi"].message != said["en"].message, code
    assert diag.message == said["vi"].message  # asked unsaid, a finding speaks Vietnamese


@pytest.mark.parametrize("code", sorted(CODES))
def test_params_declare_every_value_the_words_name(code):
    """What a code's message and hint name is its location or a declared param, so that
    docs/diagnostics.md, generated from PARAMS, lists every value a finding carries."""
    entry = CODES[code]
    named = set().union(*(placeholders(t) for t in (*entry.message.values(),
                                                    *entry.hint.values())))
    assert named - {"sheet", "header", "column", "row", "file"} <= set(PARAMS[code]), code
    for kind in PARAMS[code].values():
        assert set(kind.split("|")) <= set(KINDS), (code, kind)


def test_a_param_of_another_kind_is_refused_while_testing():
    with pytest.raises(TypeError, match="reported"):
        diagnose("KC304", reported="48,4%")
    with pytest.raises(TypeError, match="not declared"):
        diagnose("KC301", support=1, total=2, ratio=0.5)


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


GOLDEN = ROOT / "tests" / "golden" / "json"


def _findings(data: object) -> list[dict]:
    if isinstance(data, dict):
        own = [data] if "code" in data and "severity" in data else []
        return own + [f for v in data.values() for f in _findings(v)]
    if isinstance(data, list):
        return [f for v in data for f in _findings(v)]
    return []


def test_every_finding_in_json_is_said_again_from_its_params():
    """What --format json prints is enough to say the finding again, word for word: the
    golden files (the CLI's own output, which test_golden_json checks) read back and
    rendered from code, location and params alone, in the language they were made in."""
    seen = set()
    for path in sorted(GOLDEN.glob("*.json")):
        lang = "en" if path.stem.endswith("-en") else "vi"
        for found in _findings(json.loads(path.read_text(encoding="utf-8"))):
            assert isinstance(found.get("params"), dict), (path.name, found["code"])
            check_params(found["code"], found["params"])  # declared, each of its kind
            data = {k: v for k, v in found.items() if k not in ("message", "hint")}
            again = localize(Diagnostic.model_validate(data), lang)
            assert (again.message, again.hint) == (found["message"], found["hint"]), found
            other = localize(Diagnostic.model_validate(data), "en" if lang == "vi" else "vi")
            assert other.message and other.message != found["message"], found
            seen.add(found["code"])
    assert len(seen) >= 10, seen


def test_the_core_holds_no_words():
    """No read/, checks/ or engine/ module writes a word of Vietnamese or English for a
    user: no {"vi": …} dict, no lang parameter."""
    for layer in ("read", "checks", "engine"):
        for path in sorted((ROOT / "src" / "kcbudget" / layer).glob("*.py")):
            text = path.read_text(encoding="utf-8")
            assert '"vi":' not in text, path.name
            assert not re.search(r"\blang\b", text), path.name


def test_the_library_says_every_finding_in_its_language_tables_too(book):
    """kcbudget.read_workbook(lang="en") hands over the book's and each table's findings
    said in English; the core's own (kcbudget.read.workbook) are not said yet, and say
    themselves in Vietnamese when asked."""
    import kcbudget
    from kcbudget.read.table import ReadOptions
    from kcbudget.read.workbook import read_workbook

    path = book([["Tỉnh", "Nguồn kinh phí", "Kinh phí thực hiện"],  # no unit line: KC105
                 ["Quảng Ngãi", "KCQG", 1000]])
    said = kcbudget.read_workbook(path, lang="en")
    found = [d for t in said.tables for d in t.diagnostics]
    assert "KC105" in {d.code for d in found} and found == [
        d for d in said.diagnostics if d.sheet == "Sheet1" and d.code in {f.code for f in found}]
    for d in [*found, *said.diagnostics]:
        assert d.said and d.message == localize(d, "en").message
    core = read_workbook(path, ReadOptions())
    kc105 = [d for d in core.diagnostics if d.code == "KC105"]
    assert kc105 and not kc105[0].said
    in_english = next(d for d in found if d.code == "KC105")
    assert kc105[0].message == localize(kc105[0], "vi").message != in_english.message
    assert "unit" in in_english.message.lower()


def test_a_spec_that_picks_a_word_is_never_shown():
    """SARIF's rules and docs/diagnostics.md show a template as {phase}, never with the
    spec that picks its word ({phase:phase}); the number specs are kept ({x:amount})."""
    from kcbudget.render.catalogue import shown
    from kcbudget.render.sarif import _rule

    assert shown("Tổng số {phase:phase} ghi {stated:amount}") == "Tổng số {phase} ghi {stated:amount}"
    for code, entry in CODES.items():
        for lang in LANGS:
            rule = _rule(code, lang)
            text = rule["fullDescription"]["text"] + " " + rule["help"]["text"]
            assert not re.search(r"{\w+:(?:" + "|".join(WORDS) + r")}", text), (code, text)
            assert rule["fullDescription"]["text"] == shown(entry.message[lang]).replace(
                "\n", " ") or "\n" in entry.message[lang]
