"""Findings are data; their words are the catalogue's.

A diagnostic carries its code, severity, location and params; ``render/catalogue/``
says it in Vietnamese or English from those alone.  The JSON carries the params, so a
finding read back from ``--format json`` is said again word for word.
"""

from __future__ import annotations

import ast
import json
import re
import string
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


# ---- the labels: every other word of the renderers and the command line ----------------

from kcbudget.render.catalogue import HOLDERS, label, labels, section, sections  # noqa: E402

#: labels that are empty on purpose, each with its reason
EMPTY_ON_PURPOSE = {"program.": "a figure of no program is said with no program word"}


def _fields(template: str) -> list[str]:
    """The name of every placeholder, positional ones (``{}``) as ``""``."""
    return sorted(field or "" for _, field, _, _ in string.Formatter().parse(template)
                  if field is not None)


def test_every_label_has_both_languages_with_the_same_placeholders():
    """Every entry of the catalogue's labels (the renderers' headers, sentences and
    words, the command line's lines, the help texts, typer's labels) is a (vi, en) pair
    of non-empty texts that name the same placeholders."""
    table = labels()
    assert len(table) > 400  # every section is in the one table
    assert {key.split(".")[0] for key in table} >= set(HOLDERS)
    for key, pair in table.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        vi, en = pair
        assert isinstance(vi, str) and isinstance(en, str), key
        if key not in EMPTY_ON_PURPOSE:
            assert vi.strip() and en.strip(), key
        assert _fields(vi) == _fields(en), (key, vi, en)


@pytest.mark.parametrize("name", sorted(sections()))
def test_every_label_renders_in_both_languages(name):
    """A label with placeholders fills them (a value for each), in both languages; one
    without is its own text; the help texts are keyed by their English."""
    for key, (vi, en) in sections()[name].items():
        names = {field for field in _fields(vi) if field}
        positional = "" in _fields(vi)
        params = {n: f"<{n}>" for n in names}
        for lang, text in (("vi", vi), ("en", en)):
            assert section(name, lang)[key] == text == label(f"{name}.{key}", lang)
            if names and not positional:
                said = label(f"{name}.{key}", lang, **params)
                unsaid = {n for n in names if f"{{{n}:.0}}" in text}  # left unsaid on purpose
                assert all(f"<{n}>" in said for n in names - unsaid), (name, key, lang, said)
                assert "{" not in said.replace("{}", ""), (name, key, lang, said)
        if name == "help":
            assert en == key, key  # a help label's key is the English typer shows


def test_a_label_is_looked_up_one_way():
    assert label("summary.header.province", "vi") == "Tỉnh/TP"
    assert label("summary.header.province", "en") == "Province"
    assert label("summary.header.unit", "en", unit="million VND") == "Unit: million VND"
    assert section("summary.header", "vi")["province"] == label("summary.header.province", "vi")
    assert label("unit.trieu", "vi") == "triệu đồng" and label("phase.executed", "en") == "executed"
    with pytest.raises(KeyError):
        label("summary.header.no_such_word", "vi")
    with pytest.raises(TypeError):  # a section is read-only: a renderer cannot change a word
        section("summary.header", "vi")["province"] = "x"  # type: ignore[index]


def test_importing_the_catalogue_stays_cheap():
    """``kcbudget --help`` imports the catalogue: it must not bring pydantic, pandas,
    numpy, rich or the reference data with it, nor the words of the renderers; a help
    page reads only the help's words."""
    import os
    import subprocess
    import sys

    code = ("import sys, kcbudget.render.catalogue; print(sorted(m for m in sys.modules if "
            "m.split('.')[0] in ('pydantic', 'pandas', 'numpy', 'rich', 'typer', 'pyarrow') "
            "or m.startswith(('kcbudget.reference', 'kcbudget.render.catalogue.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout
    page = ("import runpy, sys; sys.argv = ['kcbudget', 'validate', '--help']\n"
            "try:\n    runpy.run_module('kcbudget', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('READ', sorted(m.rsplit('.', 1)[1] for m in sys.modules "
            "if m.startswith('kcbudget.render.catalogue.')), file=sys.stderr)")
    for lang in LANGS:
        shown = subprocess.run([sys.executable, "-c", page], capture_output=True, text=True,
                               timeout=60, env={**os.environ, "KCBUDGET_LANG": lang})
        assert "--lang" in shown.stdout, shown.stderr
        assert "READ ['help']" in shown.stderr, (lang, shown.stderr)


# ---- the gate: no word of a user outside the catalogue ------------------------------------

SRC = ROOT / "src" / "kcbudget"
CATALOGUE = SRC / "render" / "catalogue"
_LANG_CODES = {"vi", "en"}

#: (file, function) → why a comparison with "vi"/"en" there picks no word
NOT_WORDS = {
    ("render/summary.py", "made_on"): "the date is written 01/12/2026 in Vietnamese, ISO in "
                                      "English: a format, like the numbers'",
}
#: (file, name the dict is bound to) → why a dict keyed "vi" and "en" there holds no words
NOT_WORD_TABLES = {
    ("figures.py", "MARKS"): "the thousands group and decimal mark of each locale",
}


def _is_lang(node: ast.AST) -> bool:
    return "lang" in ast.unparse(node).lower()


def _lang_code(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in _LANG_CODES


def _word_choices(source: str, rel: str, not_words: dict = NOT_WORDS,
                  not_word_tables: dict = NOT_WORD_TABLES) -> list[str]:
    """A dict keyed by both "vi" and "en", and a comparison of a language with "vi" or
    "en" (``lang == "vi"``, ``lang.value != "en"``, ``….startswith("en")``), in the
    source of file ``rel`` (relative to src/kcbudget), each as ``file:line: what``; the
    allow-lists left out."""
    tree = ast.parse(source)
    found: list[str] = []

    def visit(node: ast.AST, function: str, bound: str) -> None:
        for child in ast.iter_child_nodes(node):
            fn = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                else function
            name = bound
            if isinstance(child, (ast.Assign, ast.AnnAssign)):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                name = ",".join(ast.unparse(t) for t in targets)
            if isinstance(child, ast.Dict):
                keys = {k.value for k in child.keys if isinstance(k, ast.Constant)}
                keys |= {k.attr for k in child.keys if isinstance(k, ast.Attribute)
                         and k.attr in _LANG_CODES and _is_lang(k.value)}
                if _LANG_CODES <= keys and (rel, name) not in not_word_tables:
                    found.append(f"{rel}:{child.lineno}: a dict keyed vi and en ({name})")
            if isinstance(child, ast.Compare):
                sides = [child.left, *child.comparators]
                if any(_lang_code(s) for s in sides) and any(
                        _is_lang(s) for s in sides if not _lang_code(s)) \
                        and (rel, fn) not in not_words:
                    found.append(f"{rel}:{child.lineno}: {ast.unparse(child)} (in {fn})")
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) \
                    and child.func.attr in ("startswith", "endswith") \
                    and any(_lang_code(a) for a in child.args) and _is_lang(child.func.value) \
                    and (rel, fn) not in not_words:
                found.append(f"{rel}:{child.lineno}: {ast.unparse(child)} (in {fn})")
            visit(child, fn, name)

    visit(tree, "<module>", "")
    return found


def test_no_word_table_and_no_language_branch_outside_the_catalogue():
    """Words are said only from the catalogue: outside ``render/catalogue/`` no source
    file of kcbudget holds a ``{"vi": …, "en": …}`` table or picks between two texts by
    comparing a language with "vi" or "en" (the allow-lists above say why each of their
    few entries picks no word)."""
    files = [p for p in sorted(SRC.rglob("*.py")) if CATALOGUE not in p.parents]
    assert len(files) > 50
    found = [hit for path in files for hit in _word_choices(
        path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix())]
    assert not found, "\n".join(found)


def test_the_gate_finds_a_word_table_and_a_language_branch():
    """The scan above is not blind: it finds each kind of word choice it is meant to, and
    each entry of its allow-lists says why it picks no word."""
    text = ('WORDS = {"vi": {"a": "một"}, "en": {"a": "one"}}\n'
            'def f(lang):\n'
            '    x = "Giải thích" if lang == "vi" else "What was found"\n'
            '    y = {Lang.vi: "Mã", Lang.en: "Code"}\n'
            '    return x if lang.value != "en" else y\n'
            'def g(language):\n'
            '    return language.lower().startswith("en")\n'
            'MARKS = {"vi": (".", ","), "en": (",", ".")}\n')
    found = _word_choices(text, "render/probe.py")
    assert [hit.split(":")[1] for hit in found] == ["1", "3", "4", "5", "7", "8"], found
    assert len(_word_choices(text, "figures.py")) == 5  # MARKS is allowed there, only there
    assert all(len(why) > 20 for why in [*NOT_WORDS.values(), *NOT_WORD_TABLES.values()])


def test_every_allowed_exception_is_still_there():
    """An allow-list entry that no longer matches anything is removed, not kept: each one
    is found when the scan runs without the allow-lists."""
    for (rel, where), shown in [*((k, f"(in {k[1]})") for k in NOT_WORDS),
                                *((k, f"({k[1]})") for k in NOT_WORD_TABLES)]:
        found = _word_choices((SRC / rel).read_text(encoding="utf-8"), rel, {}, {})
        assert any(hit.endswith(shown) for hit in found), (rel, where, found)


_CORE = ("model", "reference", "read", "checks", "engine")


def test_the_core_takes_no_language():
    """No function of model/, reference/, read/, checks/ or engine/ has a ``lang`` (or
    ``language``) parameter: the core's results are data, and the renderer chooses the
    language."""
    found = []
    for layer in _CORE:
        for path in sorted((SRC / layer).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    args = node.args
                    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
                    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
                    for name in names:
                        if name in ("lang", "language"):
                            where = getattr(node, "name", "<lambda>")
                            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {where}({name})")
    assert not found, "\n".join(found)
