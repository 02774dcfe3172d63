"""The one rule for untrusted text (``kcbudget.render.untrusted``), function by function,
on the attacks of issue 13 and on any text Hypothesis makes."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.render import untrusted as u

ATTACKS = ["[/]", "[bold red]ĐÃ DUYỆT[/]", "[link=http://evil.example]bấm[/link]",
           "\x1b[2J\x1b[H", "\x1b]0;title\x07", "\x1b]8;;http://evil.example\x1b\\x\x1b]8;;\x1b\\",
           "\x9b31m", "x\n::add-mask::x", "…\n::stop-commands::pwn", "a\r=cmd|' /C calc'!A0",
           "a|b\nc", "<script>alert(1)</script>", "\x01\x02\x1b", "##vso[task.setvariable]x",
           "##[error]spoof", "  ::error::spoof", "\u202eevil\u202c", "a\u2028::x", "a\x85::x",
           ":smile: :thumbs_up:", "\ud800", "=HYPERLINK(\"http://e\")", "\t=1", "@SUM(A1)"]
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
ANY_TEXT = st.one_of(st.text(max_size=40), st.sampled_from(ATTACKS),
                     st.lists(st.sampled_from(ATTACKS + ["\n", "\r", "::", "=", " ", "x"]),
                              max_size=8).map("".join))
FAST = settings(max_examples=300, deadline=None)


def starts_command(line: str) -> bool:
    return line.lstrip(" \t\u00a0\u3000").startswith("::") or "##[" in line \
        or "##vso[" in line.lower()


def test_visible_shows_controls_and_breaks():
    assert u.visible("\x1b[2J") == "␛[2J"
    assert u.visible("a\x00b\x7f") == "a␀b␡"
    assert u.visible("\x9b31m") == "\\x9b31m"
    assert u.visible("\u202eabc") == "\\u202eabc"
    assert u.visible("a\r\nb\nc\rd") == "a␤b␤c␤d"
    assert u.visible("a\r\nb\rc", keep_breaks=True) == "a\nb\nc"
    assert u.visible("\ud800") == "\ufffd"
    assert u.visible(None) == "" and u.visible(12) == "12"
    plain = "Tỉnh Bình Định — 48.793 (22,68%)"
    assert u.visible(plain) is plain  # the common case costs one regex search


@FAST
@given(ANY_TEXT)
def test_plain_line_is_one_safe_line(text):
    line = u.plain_line(text)
    assert not CONTROL.search(line)
    assert len(line.splitlines()) <= 1
    assert not starts_command(line)
    line.encode("utf-8")  # no lone surrogate left to crash a writer


def test_plain_line_examples():
    assert u.plain_line("x\n::add-mask::x") == "x␤::add-mask::x"
    assert u.plain_line("::stop-commands::pwn") == "'::stop-commands::pwn"
    assert u.plain_line("  ::error::x") == "  '::error::x"
    assert "##[" not in u.plain_line("##[error]spoof")
    assert "##vso[" not in u.plain_line("##vso[task.setvariable variable=x]1")


def test_rich_text_never_markup():
    from rich.console import Console

    for attack in ATTACKS:
        console = Console(record=True, width=200, color_system="truecolor",
                          force_terminal=True, emoji=True)
        console.print(u.rich_text(attack))
        console.print(u.rich_text(attack, style="bold"))
        plain = console.export_text(styles=False)
        assert "\x1b" not in plain and "\x9b" not in plain
        styled = console.export_text(styles=True)
        # the only escapes are the console's own style codes (a bold); no link, no clear
        assert "\x1b]8" not in styled and "\x1b[2J" not in styled
        assert "\x1b[31m" not in styled and "\x1b[1;31m" not in styled  # no red from a cell
    console = Console(record=True, width=200, emoji=True)
    console.print(u.rich_text("[bold red]ĐÃ DUYỆT[/] :smile:"))
    assert console.export_text().strip() == "[bold red]ĐÃ DUYỆT[/] :smile:"
    assert u.rich_text("a\nb").plain == "a␤b"
    assert u.rich_text("a\n::x", one_line=False).plain == "a\n'::x"


def test_rich_escape_for_markup_strings():
    from rich.console import Console

    console = Console(record=True, width=200)
    console.print(f"[bold]{u.rich_escape('[/] [red]x[/red]')}[/]")
    assert console.export_text().strip() == "[/] [red]x[/red]"


def _csv_rows(fields) -> tuple[str, list[list[str]]]:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([u.csv_field(f) for f in fields])
    text = out.getvalue()
    return text, list(csv.reader(io.StringIO(text, newline="")))


@FAST
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_csv_field_keeps_one_record_and_nothing_live(fields):
    text, rows = _csv_rows(fields + ["end"])
    assert len(rows) == 1 and rows[0][-1] == "end"
    assert len(rows[0]) == len(fields) + 1
    for cell in rows[0]:
        for line in cell.split("\n"):
            assert line[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    for line in text.splitlines():
        assert not starts_command(line), text
    assert not CONTROL.search(text.replace("\n", "").replace("\t", "")), text


def test_csv_field_examples():
    assert u.csv_field("=1+1") == "'=1+1"
    assert u.csv_field("a\r=cmd|' /C calc'!A0") == "a\n'=cmd|' /C calc'!A0"
    assert u.csv_field("x\n::add-mask::x") == "x\n'::add-mask::x"
    assert u.csv_field("\t=1") == "'\t=1"
    assert u.csv_field("a\x1bb") == "a␛b"
    assert u.csv_field(5) == 5 and u.csv_field(None) is None
    assert u.csv_field("-") == "'-"  # the OWASP rule: a dash too
    _text, rows = _csv_rows(["a\rb", "c"])
    assert rows == [["a\nb", "c"]]


def test_formula_safe_is_the_spreadsheet_rule():
    for text in ["=1", "+", "-2", "@x", "\tx", "\rx"]:
        assert u.formula_safe(text) == "'" + text
    for value in ["text", "", 5, None, 1.5, "'=already"]:
        assert u.formula_safe(value) == value


@FAST
@given(ANY_TEXT)
def test_markdown_cell_stays_one_cell(text):
    cell = u.markdown_cell(text)
    row = f"| {cell} | end |"
    assert "\n" not in row and "\r" not in row
    assert not CONTROL.search(cell)
    # every pipe of the cell is escaped: splitting on unescaped pipes gives 2 cells
    assert len(re.split(r"(?<!\\)\|", row)) == 4
    assert "<" not in cell.replace("<br>", "")
    assert not starts_command(cell)


def test_markdown_cell_examples():
    assert u.markdown_cell("a|b") == "a\\|b"
    assert u.markdown_cell("a\nb") == "a<br>b"
    assert u.markdown_cell("<img src=x>") == "&lt;img src=x&gt;"
    assert u.markdown_cell("**ĐÃ DUYỆT**") == "\\*\\*ĐÃ DUYỆT\\*\\*"
    assert u.markdown_cell("[x](http://e)") == "\\[x\\](http://e)"
    assert u.markdown_cell("Bình Định 48.793") == "Bình Định 48.793"


@FAST
@given(ANY_TEXT)
def test_xml_text_is_well_formed(text):
    root = ET.Element("testsuite", name=u.xml_text(text))
    ET.SubElement(root, "failure", message=u.xml_text(text)).text = u.xml_text(text)
    ET.SubElement(root, "system-out").text = u.xml_text(text, one_line=False)
    document = ET.tostring(root, encoding="unicode")
    ET.fromstring(document)  # well-formed XML 1.0
    assert "\x1b" not in document
    for line in document.splitlines():
        assert not starts_command(line)


@FAST
@given(st.lists(ANY_TEXT, max_size=4))
def test_json_safe_is_lossless(texts):
    document = json.dumps({"t": texts}, ensure_ascii=False)
    safe = u.json_safe(document)
    assert json.loads(safe) == json.loads(document)
    assert not CONTROL.search(safe.replace("\n", ""))


def test_annotation_escaping():
    assert u.github_escape("50%\r\n", ) == "50%25%0D%0A"
    assert u.github_escape("a:b,c", prop=True) == "a%3Ab%2Cc"
    assert u.annotation_property("x\n::add-mask::x") == "x␤%3A%3Aadd-mask%3A%3Ax"
    assert u.annotation_message("a\n::stop-commands::x\x1b") == "a%0A::stop-commands::x␛"
    from kcbudget.render.diagnostics import _escape  # the old name still works

    assert _escape("a:b", True) == "a%3Ab"


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_function_on_every_attack(attack):
    for fn in (u.plain_line, u.markdown_cell, u.xml_text, u.annotation_property,
               u.annotation_message):
        out = fn(attack)
        assert "\x1b" not in out and "\x9b" not in out and "\n" not in out
        assert not starts_command(out) or fn is u.annotation_message


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["::", "##[", "##vso[", "#", ":", "\n", "\r\n", " ", "\t",
                                 "\u00a0", "\u3000", "'", "\u2060", "x", "error "]),
                max_size=30).map("".join))
def test_guarded_text_is_guarded_once(text):
    """``emit`` guards a command's output once and writes it as it is (the writer
    of stdout does not guard it again): a second guard would change nothing."""
    from kcbudget.render.untrusted import guard_lines
    once = guard_lines(text)
    assert guard_lines(once) == once
    assert not any(line.lstrip(" \t\u00a0\u3000").startswith("::")
                   for line in once.split("\n"))
