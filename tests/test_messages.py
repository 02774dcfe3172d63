"""One-line failures in Vietnamese and English: the catalogue is complete, every
``KcbudgetError`` in the source names a key of it, and the CLI picks the language
(``--lang``, else ``KCBUDGET_LANG``, else Vietnamese).  ``--quiet`` on summarize and
reconcile."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app
from kcbudget.errors import KcbudgetError
from kcbudget.render.catalogue import LANGS, MESSAGES, placeholders, render_message

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "kcbudget"
SAMPLES = ROOT / "sample_data"
runner = CliRunner()


# ---------------------------------------------------------------- the catalogue

def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, pair in MESSAGES.items():
        assert len(pair) == len(LANGS), key
        vi, en = pair
        assert vi.strip() and en.strip(), key
        assert vi != en, f"{key}: the Vietnamese text is the English one"
        assert placeholders(vi) == placeholders(en), key


def _error_calls():
    """(file, line, call) of every ``KcbudgetError(...)`` in the source."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Name) and node.func.id == "KcbudgetError")
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == "of"
                        and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "KcbudgetError")):
                yield path.relative_to(ROOT), node.lineno, node


def _keys(node) -> list[str] | None:
    """The literal key(s) of a call's first argument (both branches of an ``if``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _keys(node.body), _keys(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def test_every_error_in_the_source_names_a_key_and_its_values():
    calls = list(_error_calls())
    assert len(calls) > 80  # the walk found them
    problems = []
    for where, line, call in calls:
        keys = _keys(call.args[0]) if call.args else None
        if keys is None:
            problems.append(f"{where}:{line}: the first argument is not a literal key")
            continue
        given = {kw.arg for kw in call.keywords if kw.arg is not None}
        spread = any(kw.arg is None for kw in call.keywords)  # **where: not checked
        for key in keys:
            if key not in MESSAGES:
                problems.append(f"{where}:{line}: {key!r} is not in the catalogue")
            elif not spread and placeholders(MESSAGES[key][1]) - given:
                problems.append(f"{where}:{line}: {key!r} lacks "
                                f"{sorted(placeholders(MESSAGES[key][1]) - given)}")
    assert not problems, "\n".join(problems)


def test_every_catalogue_key_is_used():
    text = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
                     if p.name != "messages.py")
    unused = [k for k in MESSAGES if f'"{k}"' not in text]
    assert not unused, unused


# ---------------------------------------------------------------- the error

def test_error_renders_in_both_languages_and_str_is_english():
    err = KcbudgetError("file_not_found", path=Path("khong-co.xlsx"))
    assert err.render("vi") == "khong-co.xlsx: không tìm thấy tệp"
    assert err.render("en") == "khong-co.xlsx: file not found"
    assert str(err) == err.message == "khong-co.xlsx: file not found"
    assert err.key == "file_not_found" and err.exit_code == 2
    assert KcbudgetError.of("out_exists", path="a.xlsx").render("vi") == \
        "a.xlsx: đã tồn tại; dùng --force để ghi đè"
    assert KcbudgetError("empty_file", 3, path="x").exit_code == 3


def test_a_text_that_is_not_a_key_is_the_message():
    err = KcbudgetError("something  went\nwrong")
    assert str(err) == err.render("vi") == "something went wrong"  # one line, always


def test_numbers_and_sizes_follow_the_language():
    err = KcbudgetError("csv_too_many_rows", path="a.csv", limit=1_000_000)
    assert "1.000.000 dòng" in err.render("vi") and "1,000,000 rows" in err.render("en")
    big = KcbudgetError("too_large_uncompressed", path="b.xlsx", size=3 << 30, limit=2 << 30)
    assert "3,0 GiB" in big.render("vi") and "2.0 GiB" in big.render("en")
    small = KcbudgetError("text_too_long", path="c.xlsx", part="sst.xml", limit=40_000)
    assert "40.000 byte" in small.render("vi") and "40,000 bytes" in small.render("en")


def test_nested_errors_and_os_reasons():
    inner = KcbudgetError("file_not_found", path="in.csv")
    outer = KcbudgetError("cannot_read_caps", path="caps.csv", reason=inner)
    assert outer.render("vi") == "Không đọc được tệp mức hỗ trợ caps.csv: in.csv: không tìm thấy tệp"
    assert outer.render("en") == "Cannot read caps file caps.csv: in.csv: file not found"
    os_err = KcbudgetError("cannot_write", path="o.csv", reason=PermissionError(13, "Denied"))
    assert os_err.render("vi").startswith("o.csv: không ghi được (")


def test_a_missing_value_never_hides_the_message():
    assert render_message("file_not_found", "vi", {}) == "{path}: không tìm thấy tệp"


def test_errors_pickle_with_their_key():
    err = KcbudgetError("too_many_rows", 2, path="a.xlsx", sheet="KH", limit=10)
    back = pickle.loads(pickle.dumps(err))
    assert (back.key, back.params, back.exit_code) == (err.key, err.params, 2)
    assert back.render("vi") == err.render("vi")


# ---------------------------------------------------------------- the command line

def _cli(*args, lang: str | None = None):
    """The command line in this process (``main()``, as ``python -m kcbudget`` runs it)."""
    from conftest import run_kcbudget

    return run_kcbudget(*args, env={"KCBUDGET_LANG": lang})


def test_missing_file_in_vietnamese_by_default_and_english_on_request(tmp_path):
    missing = tmp_path / "khong-co.xlsx"
    vi = _cli("validate", missing)
    assert vi.returncode == 2 and vi.stderr == f"kcbudget: {missing}: không tìm thấy tệp\n"
    en = _cli("validate", missing, "--lang", "en")
    assert en.returncode == 2 and en.stderr == f"kcbudget: {missing}: file not found\n"
    env = _cli("validate", missing, lang="en")
    assert env.returncode == 2 and env.stderr == f"kcbudget: {missing}: file not found\n"
    # --lang wins over the environment
    assert "không tìm thấy tệp" in _cli("validate", missing, "--lang", "vi", lang="en").stderr


@pytest.mark.parametrize("cmd", ["summarize", "reconcile"])
def test_summarize_and_reconcile_follow_the_language(tmp_path, cmd):
    missing = tmp_path / "khong-co.xlsx"
    args = [missing] * (2 if cmd == "reconcile" else 1)
    vi = runner.invoke(app, [cmd, *map(str, args)], env={"KCBUDGET_LANG": None})
    assert vi.exit_code == 2 and "không tìm thấy tệp" in vi.stderr
    en = runner.invoke(app, [cmd, *map(str, args), "--lang", "en"])
    assert en.exit_code == 2 and "file not found" in en.stderr


def test_a_command_without_lang_follows_the_environment(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    vi = _cli("schema", "--out", blocker)
    assert vi.returncode == 2 and "không phải là thư mục" in vi.stderr
    en = _cli("schema", "--out", blocker, lang="en_US.UTF-8")
    assert en.returncode == 2 and "is not a folder" in en.stderr


def test_an_unreadable_file_among_several_in_the_language_of_the_run(tmp_path):
    missing = tmp_path / "khong-co.xlsx"
    good = SAMPLES / "hoa-binh-2023.xlsx"
    vi = _cli("validate", good, missing, "--format", "json")
    assert vi.returncode == 2 and "không tìm thấy tệp" in vi.stderr
    assert "không tìm thấy tệp" in vi.stdout  # the KC100 finding
    en = _cli("validate", good, missing, "--format", "json", "--lang", "en")
    assert "file not found" in en.stderr and "file not found" in en.stdout


def test_usage_errors_in_both_languages():
    vi = _cli("validate", "--no-such-option")
    assert vi.returncode == 2
    assert vi.stderr.startswith("kcbudget: không có tùy chọn --no-such-option")
    assert vi.stderr.rstrip().endswith("(xem kcbudget validate --help)")
    en = _cli("validate", "--no-such-option", lang="en")
    assert en.returncode == 2 and en.stderr.startswith("kcbudget: No such option")
    assert en.stderr.rstrip().endswith("(see kcbudget validate --help)")
    missing = _cli("validate")
    assert "thiếu tham số 'files'" in missing.stderr
    bad = _cli("validate", "x.xlsx", "--format", "nope")
    assert "giá trị không hợp lệ cho '--format'" in bad.stderr
    assert "'nope' không phải là một trong" in bad.stderr
    extra = _cli("reconcile", "a.xlsx", "b.xlsx", "c.xlsx")
    assert "thừa tham số (c.xlsx)" in extra.stderr
    assert len(extra.stderr.strip().splitlines()) == 1


def test_an_output_refusal_in_both_languages(tmp_path):
    target = tmp_path / "tong-hop.csv"
    target.write_text("giữ nguyên")
    args = ["summarize", str(SAMPLES / "toan-quoc-2022.xlsx"), "--format", "csv",
            "--out", str(target)]
    vi = runner.invoke(app, args, env={"KCBUDGET_LANG": None})
    assert vi.exit_code == 2
    assert vi.stderr == f"kcbudget: {target}: đã tồn tại; dùng --force để ghi đè\n"
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert en.stderr == f"kcbudget: {target}: already exists; pass --force to replace it\n"


# ---------------------------------------------------------------- --quiet

QUIET_CASES = {
    "summarize": [str(SAMPLES / "toan-quoc-2022.xlsx"), "--by", "region"],
    "reconcile": [str(SAMPLES / "binh-dinh-2022-ke-hoach.xlsx"),
                  str(SAMPLES / "binh-dinh-2022-thuc-hien.xlsx")],
}


@pytest.mark.parametrize("cmd", ["summarize", "reconcile"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_quiet_leaves_out_the_written_line(tmp_path, cmd, fmt):
    out = tmp_path / f"report.{fmt}"
    loud = runner.invoke(app, [cmd, *QUIET_CASES[cmd], "--format", fmt, "--out", str(out)],
                         env={"KCBUDGET_LANG": None})
    assert loud.exit_code in (0, 1), loud.output
    assert loud.stderr == f"kcbudget: đã ghi {out}\n"
    english = runner.invoke(app, [cmd, *QUIET_CASES[cmd], "--format", fmt, "--out", str(out),
                                  "--force", "--lang", "en"])
    assert english.stderr == f"kcbudget: wrote {out}\n"
    out.unlink()
    for flag in ("--quiet", "-q"):
        quiet = runner.invoke(app, [cmd, *QUIET_CASES[cmd], "--format", fmt, "--out",
                                    str(out), "--force", flag])
        assert quiet.exit_code == loud.exit_code, quiet.output
        assert quiet.stderr == "" and quiet.stdout == ""
        assert out.stat().st_size > 0


@pytest.mark.parametrize("cmd", ["summarize", "reconcile"])
def test_quiet_keeps_the_result_and_the_errors(tmp_path, cmd):
    plain = runner.invoke(app, [cmd, *QUIET_CASES[cmd], "--format", "csv"])
    quiet = runner.invoke(app, [cmd, *QUIET_CASES[cmd], "--format", "csv", "--quiet"])
    assert quiet.exit_code == plain.exit_code
    assert quiet.stdout == plain.stdout and quiet.stdout.strip()
    table = runner.invoke(app, [cmd, *QUIET_CASES[cmd], "-q"])
    assert table.exit_code == plain.exit_code and table.stdout.strip()
    missing = tmp_path / "khong-co.xlsx"
    failed = runner.invoke(app, [cmd, str(missing), *([str(missing)] * (cmd == "reconcile")),
                                 "--quiet"], env={"KCBUDGET_LANG": None})
    assert failed.exit_code == 2 and "không tìm thấy tệp" in failed.stderr


def test_a_locale_style_language_variable_is_understood(monkeypatch):
    from typer.testing import CliRunner

    from kcbudget.cli.app import app

    for value, words in (("en_US.UTF-8", "file not found"), ("vi_VN", "không tìm thấy tệp")):
        monkeypatch.setenv("KCBUDGET_LANG", value)
        result = CliRunner().invoke(app, ["validate", "khong-co.xlsx"])
        assert result.exit_code == 2
        assert words in result.stderr, (value, result.stderr)
