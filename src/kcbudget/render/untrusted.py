"""The one rule for untrusted text: cells, sheet names, file names, anything a
workbook's author chose, on its way to any output.

Every renderer passes such text through the function for its destination; none
escapes by hand.  The rule, whatever the destination:

* **markup is never interpreted**: Rich markup (``[bold red]…[/]``, ``[link=…]``),
  emoji codes, HTML and Markdown syntax stay the characters they are;
* **control and escape characters are shown, never sent**: C0 controls become
  their Unicode control pictures (``\\x1b`` → ``␛``, ``\\x00`` → ``␀``, tab → ``␉``),
  DEL → ``␡``, C1 controls (``\\x9b``, a one-byte CSI) and the bidirectional
  overrides and isolates (``\\u202e``, "Trojan source") become their escape text
  (``\\x9b``, ``\\u202e``), a lone surrogate becomes ``\\ufffd``;
* **line breaks are visible in one-line contexts** (``\\n``, ``\\r\\n``, ``\\r``,
  ``\\v``, ``\\f``, NEL, U+2028/2029 → ``␤``), so workbook text never starts a line
  of its own;
* **no output line of any text format begins with ``::``** (a GitHub workflow
  command: ``::add-mask::``, ``::stop-commands::``) except kcbudget's real
  annotations, and no ``##[`` or ``##vso[`` (Azure Pipelines logging commands,
  recognised anywhere in a line) survives: such a line gets an apostrophe before
  it, the sequence a word joiner inside it.

Functions, by destination:

========================  ==============================================================
:func:`visible`           the base of the others: control characters shown, line breaks
                          shown (``keep_breaks=False``) or normalised to ``\\n``
:func:`rich_text`         a Rich renderable (table cell, title, printed line): a
                          ``rich.text.Text``, never parsed as markup; one line unless
                          ``one_line=False`` (then each line guarded)
:func:`rich_escape`       the same text escaped for a Rich *markup string* (prefer
                          :func:`rich_text`; this is for an f-string that must stay one)
:func:`plain_line`        one line of plain text or a log: stderr messages, progress
                          labels, any text a CI log may show
:func:`guard_lines`       a whole multi-line text document kcbudget wrote (Markdown, CSV,
                          XML) made safe for a CI log: ``::`` and ``##[`` lines defused
:func:`csv_field`         one CSV field (``csv.writer`` quotes it): line breaks made
                          ``\\n`` (so the writer quotes them), a formula start
                          (``= + - @``, tab, CR) or ``::`` neutralised with ``'`` at
                          the start *and after every line break*, controls shown
:func:`formula_safe`      a cell value for a spreadsheet (xlsx ``write_string``): the
                          OWASP rule, ``'`` before a formula start; non-text unchanged
:func:`markdown_cell`     one Markdown table cell: one line (breaks → ``<br>``), ``|``
                          escaped, HTML as entities, Markdown syntax backslash-escaped,
                          controls shown
:func:`xml_text`          text or attribute of an XML document (JUnit): characters that
                          XML 1.0 forbids replaced (shown), one line by default, guarded
:func:`json_safe`         a JSON document already encoded (``ensure_ascii=False``): raw
                          C1, bidi and U+2028/2029 characters written as ``\\uXXXX``
                          escapes (lossless: the same data, nothing raw on a terminal)
:func:`annotation_property`  a GitHub workflow-command property (``file=``, ``title=``)
:func:`annotation_message`   a GitHub workflow-command message (after ``::``)
:func:`github_escape`     the workflow-command escaping itself (``%``, CR, LF; with
                          ``prop=True`` also ``:`` and ``,``); the two above call it
========================  ==============================================================

Names here are stable: a renamed function keeps its old name as an alias.
Nothing in this module imports Rich except :func:`rich_text` and
:func:`rich_escape`, at call time.
"""

from __future__ import annotations

import re
from typing import Any



__all__ = [
    "FORMULA_STARTS",
    "NEWLINE_MARK",
    "annotation_message",
    "annotation_property",
    "csv_field",
    "formula_safe",
    "github_escape",
    "guard_lines",
    "json_safe",
    "markdown_cell",
    "plain_line",
    "rich_escape",
    "rich_text",
    "visible",
    "xml_text",
]

NEWLINE_MARK = "\u2424"  # ␤
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"
_JOINER = "\u2060"  # word joiner: ##[ → #⁠#[, invisible, no longer a command

# one line break: CRLF first, then any single break character
_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# what visible() changes: C0, DEL, C1, bidi embeddings/overrides/isolates, the
# Arabic letter mark, surrogates, and the line breaks above
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029"
                     "\u2066-\u2069\ud800-\udfff]")


def _picture(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


_SHOWN = {c: _picture(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0), 0x61C, 0x200E,
                                        0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
_SHOWN[0x2028] = _SHOWN[0x2029] = NEWLINE_MARK


def _show(match: re.Match) -> str:
    ch = match.group(0)
    return _SHOWN.get(ord(ch)) or _picture(ch)


def visible(text: Any, keep_breaks: bool = False) -> str:
    """``text`` (any value: ``None`` is ``""``) with every control, escape and
    bidi character shown as a visible stand-in; line breaks shown as ``␤``, or with
    ``keep_breaks`` normalised to ``\\n`` and kept."""
    return _visible(text, keep_breaks, False)


def _visible(text: Any, keep_breaks: bool, keep_tabs: bool) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if not _UNSAFE.search(text):
        return text
    text = _BREAK.sub("\n" if keep_breaks else NEWLINE_MARK, text)
    kept = ("\n" if keep_breaks else "") + ("\t" if keep_tabs else "")
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in kept else _show(m), text)


# a line that begins (after blanks) with "::" is a GitHub workflow command; "##[" and
# "##vso[" anywhere in a line are Azure Pipelines commands (and old-style GitHub ones)
_LINE_COMMAND = re.compile(r"^([ \t\u00a0\u3000]*)(?=::)", re.M)
_HASH_COMMAND = re.compile(r"#(?=#(?:vso)?\[)", re.I)


def _defuse(text: str) -> str:
    if "::" in text:
        text = _LINE_COMMAND.sub(lambda m: m.group(1) + _GUARD, text)
    if "##" in text:
        text = _HASH_COMMAND.sub("#" + _JOINER, text)
    return text


def guard_lines(text: str) -> str:
    """A multi-line text kcbudget wrote, safe for a CI log: a line that would begin
    with ``::`` begins with ``'::`` instead; ``##[`` and ``##vso[`` are broken.
    Not for ``--format github``, whose ``::`` lines are the point."""
    return _defuse(text)


def plain_line(text: Any) -> str:
    """One line of plain text or of a log (stderr, a progress label, a report line)."""
    return _defuse(visible(text))


def rich_text(text: Any, style: str | None = None, one_line: bool = True):
    """A ``rich.text.Text`` of ``text``: never markup, never an emoji code, no
    control character; one line unless ``one_line=False``."""

    from rich.text import Text  # lazy: Rich only for human output, not for JSON

    shown = visible(text, keep_breaks=not one_line)
    return Text(_defuse(shown), style=style or "")


def rich_escape(text: Any, one_line: bool = True) -> str:
    """``text`` for a Rich markup string: controls shown, ``[`` escaped.  Emoji codes
    (``:smile:``) would still be replaced where the console has emoji on: prefer
    :func:`rich_text`."""

    from rich.markup import escape  # lazy: Rich only for human output

    return escape(_defuse(visible(text, keep_breaks=not one_line)))


def formula_safe(value: Any) -> Any:
    """A spreadsheet cell value: text that a spreadsheet would run as a formula
    (starting with ``= + - @``, tab or CR) gets ``'`` before it (OWASP); any
    other value is returned as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return _GUARD + value
    return value


_CSV_LINE_START = re.compile("(^|\n)(?=[=+\\-@\t]|[ \t]*::)")


def csv_field(value: Any) -> Any:
    """One CSV field: non-text values unchanged; text with its line breaks as
    ``\\n`` (``csv.writer`` then quotes the field, where a lone CR would have split
    the record), a formula start or a ``::`` at the start of the field or of any
    line in it neutralised with ``'``, other controls shown, ``##[`` broken."""
    if not isinstance(value, str):
        return value
    text = _visible(value, True, True)
    if text[:1] in FORMULA_STARTS or "\n" in text or "::" in text:
        text = _CSV_LINE_START.sub(lambda m: m.group(1) + _GUARD, text)
    if "##" in text:
        text = _HASH_COMMAND.sub("#" + _JOINER, text)
    return text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|#!])")
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_cell(text: Any) -> str:
    """One cell of a Markdown (GFM) table: the row stays one row and the cell shows
    its characters, never markup: ``|`` and Markdown syntax backslash-escaped,
    ``< > &`` as entities, line breaks as ``<br>``, controls shown."""
    shown = visible(text, keep_breaks=True)
    shown = _MD_SPECIAL.sub(r"\\\1", shown)
    shown = re.sub("[&<>]", lambda m: _MD_HTML[m.group(0)], shown)
    if "\n" in shown:
        shown = shown.replace("\n", "<br>")
    return _defuse(shown)


# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: Any, one_line: bool = True) -> str:
    """Text for an XML 1.0 document (element text or attribute): every character
    XML forbids replaced by its visible stand-in, other controls shown too; one
    line unless ``one_line=False`` (then each line guarded against ``::``)."""
    shown = visible(text, keep_breaks=not one_line)
    if _XML_ILLEGAL.search(shown):  # visible() leaves none; kept as the contract
        shown = _XML_ILLEGAL.sub(lambda m: _picture(m.group(0)), shown)
    return _defuse(shown)


_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
                       "\ud800-\udfff]")


# the same characters for RE2 (valid UTF-8 holds no surrogate)
_JSON_RAW_RE2 = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]"
_LONG_DOCUMENT = 1 << 20


def _has_json_raw(document: str) -> bool:
    """Whether ``document`` holds a character of :data:`_JSON_RAW`.  A long document
    (a reconciliation of 100 000 đề án is some 40 MB) is searched by Arrow's RE2, a
    few times faster than ``re`` over a character class; one that UTF-8 cannot encode
    holds a lone surrogate, which is such a character."""
    if len(document) < _LONG_DOCUMENT:
        return _JSON_RAW.search(document) is not None
    # lazy: pyarrow for long documents only; every --help imports this module
    import pyarrow as pa
    import pyarrow.compute as pc  # lazy: as pyarrow above

    try:
        text = pa.array([document], type=pa.large_string())
    except (UnicodeError, pa.ArrowException):
        return True
    return bool(pc.any(pc.match_substring_regex(text, _JSON_RAW_RE2)).as_py())


def json_safe(document: str) -> str:
    """A JSON document encoded with ``ensure_ascii=False``, with what JSON allows raw
    but a terminal or a CI log would act on written as ``\\uXXXX`` escapes: DEL, C1,
    bidi controls, U+2028/2029, lone surrogates, and the first ``#`` of ``##[`` and
    ``##vso[``.  The decoded data is unchanged."""
    if "##" in document:  # only inside strings (JSON has no # elsewhere): \u0023#[ is ##[
        document = _HASH_COMMAND.sub(r"\\u0023", document)
    if not _has_json_raw(document):
        return document
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)


def github_escape(text: str, prop: bool = False) -> str:
    """GitHub workflow-command escaping: ``%``, CR and LF always; ``:`` and ``,``
    too in a property (``prop=True``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation_property(text: Any) -> str:
    """A property value of a workflow command (``file=…``, ``title=…``): one line,
    controls shown, escaped."""
    return _HASH_COMMAND.sub("#" + _JOINER, github_escape(visible(text), prop=True))


def annotation_message(text: Any) -> str:
    """The message of a workflow command: its line breaks kept (escaped as
    ``%0A``, which GitHub shows as a new line of the annotation, never as a new
    log line), controls shown, escaped."""
    return _HASH_COMMAND.sub("#" + _JOINER, github_escape(visible(text, keep_breaks=True)))
