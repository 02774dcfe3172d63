"""Money units as the workbooks write them: in the title block, in a header, after a number.

Three places declare the unit of an amount column (see the spec, "Money and numbers"):

* a **title-block line** with a label and a colon: ``Đơn vị tính: triệu đồng``,
  ``ĐVT: đồng``, ``Đơn vị: tỷ đồng``, ``Unit: million VND``;
* a **bracket in a header**: ``Kinh phí (triệu đồng)``, ``Kinh phí (Trđ)``,
  ``Kế hoạch [tỷ đồng]``, or a trailing ``, triệu đồng``;
* a **cell on its own** holding nothing but a unit: ``Triệu đồng``, ``tr.đ``.

Only a whole *unit phrase* is recognised, never a word that merely contains a
unit-like letter: ``Tổng kinh phí`` has no unit, ``Đơn vị: Sở Công Thương`` has
none either (``Đơn vị`` is also "the organisation").  Matching is done on the
NFC, case-folded text with white space collapsed.

Recognised phrases (case-insensitive; ``đ`` may also be written ``d`` where
the table says so):

============  =====================================================================
Unit          phrases
============  =====================================================================
``dong``      ``đồng``, ``đ``, ``₫``, ``VNĐ``, ``VND``, ``dong``, ``VN đồng``
``nghin``     ``nghìn đồng``, ``ngàn đồng``, ``nghìn đ``, ``nghìn``, ``ngàn``,
              ``1.000 đồng`` / ``1,000 VND`` / ``1000đ``, ``'000 VND``,
              ``thousand VND``, ``thousand dong``, ``thousands of VND``
``trieu``     ``triệu đồng``, ``triệu đ``, ``triệu``, ``trđ``, ``tr.đ``,
              ``tr. đ``, ``tr.đồng``, ``tr đồng``, ``trd``, ``tr``,
              ``1.000.000 đồng``, ``million VND``, ``million dong``, ``mil. VND``,
              ``millions of VND``, ``VND million``, ``VND mn``
``ty``        ``tỷ đồng``, ``tỉ đồng``, ``tỷ đ``, ``tỷ``, ``tỉ``,
              ``1.000.000.000 đồng``, ``billion VND``, ``billion dong``,
              ``bn VND``, ``VND billion``, ``VND bn``
============  =====================================================================
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kcbudget.model.units import Unit
from kcbudget.text import fold

__all__ = [
    "UNIT_SUFFIX_PATTERN",
    "find_unit",
    "split_header_unit",
    "unit_from_phrase",
    "unit_from_suffix",
]

# --- the phrases ------------------------------------------------------------------------
# Written for case-folded NFC text.  ``_D`` is the currency word after a multiplier.
_D = r"(?:đồng|đ|vnđ|vnd|dong|₫)"
_ONE_THOUSAND = r"1[.,  ]?000"
_PHRASES: dict[Unit, str] = {
    Unit.ty: "|".join([
        rf"(?:tỷ|tỉ)(?: ?{_D})?",
        r"(?:ty|ti) (?:dong|đồng|đ)",
        rf"1[.,  ]?000[.,  ]?000[.,  ]?000 ?{_D}",
        r"(?:billion|bn|bil\.?) ?(?:vnd|vnđ|dong|đồng)",
        r"(?:billions?) of (?:vnd|vnđ|dong)",
        r"(?:vnd|vnđ) ?(?:billion|bn)",
    ]),
    Unit.trieu: "|".join([
        rf"triệu(?: ?{_D})?",
        r"trieu(?: (?:dong|đồng|đ))?",
        r"tr ?\. ?(?:đồng|đ|d)\.?",
        r"tr ?(?:đồng|đ|d)\.?",
        r"tr\.?",
        rf"1[.,  ]?000[.,  ]?000 ?{_D}",
        r"(?:million|mn|mil\.?|m) ?(?:vnd|vnđ|dong|đồng)",
        r"millions? of (?:vnd|vnđ|dong)",
        r"(?:vnd|vnđ) ?(?:million|mn|m)",
    ]),
    Unit.nghin: "|".join([
        rf"(?:nghìn|ngàn|nghin|ngan)(?: ?{_D})?",
        rf"{_ONE_THOUSAND} ?{_D}",
        r"'?000 ?(?:vnd|vnđ|đồng|đ)",
        r"(?:thousand|thousands of) ?(?:vnd|vnđ|dong|đồng)",
        r"(?:vnd|vnđ) ?(?:thousand|'000)",
    ]),
    Unit.dong: r"đồng|đ|vnđ|vnd|dong|₫|vn ?đồng",
}
_ORDER = (Unit.ty, Unit.trieu, Unit.nghin, Unit.dong)
_ANY_PHRASE = "|".join(f"(?P<{u.value}>{_PHRASES[u]})" for u in _ORDER)
_WHOLE = re.compile(rf"^(?:{_ANY_PHRASE})$")

# A label that introduces a unit.  ``đơn vị`` and ``unit`` need a colon (without one they
# usually name an organisation); ``đơn vị tính`` and ``đvt`` do not.
_LABELLED = re.compile(
    r"(?:(?:đơn vị tính|đv tính|đvt|dvt|don vi tinh)\s*[:：]?|"
    r"(?:đơn vị|don vi|unit|currency unit|currency|unit of measure)\s*[:：])"
    rf"\s*(?:{_ANY_PHRASE})(?=$|[^\w])"
)


# Each pattern that holds every phrase costs 3 to 4 ms to compile; the two that only a
# text without a labelled unit needs (``Kinh phí (Trđ)``, ``Cost, million VND``) are
# compiled when first asked for, so that a run whose files never need them (a form's
# ``Đơn vị tính: triệu đồng``) does not pay for them.
@cache
def _bracketed() -> re.Pattern[str]:
    return re.compile(rf"[(\[]\s*(?:{_ANY_PHRASE})\s*[)\]]")


@cache
def _trailing_comma() -> re.Pattern[str]:
    return re.compile(rf",\s*(?:{_ANY_PHRASE})$")


def _any_case(word: str) -> str:
    """A regex for ``word`` in any letter case, without a case-insensitive flag.

    Explicit ``[tT]`` classes behave the same in Python ``re`` and in RE2, whose
    case-insensitive matching differs from Python's for a few letters (``ı``, ``ſ``).
    """
    out = []
    for char in word:
        if char.lower() != char.upper():
            out.append(f"[{char.lower()}{char.upper()}]")
        else:
            out.append(re.escape(char) if char != " " else " ")
    return "".join(out)


_SUFFIXES = (
    "triệu đồng", "triệu đ", "triệu", "tr. đồng", "tr.đồng", "tr. đ", "tr.đ", "tr đồng",
    "trđ", "tr", "tỷ đồng", "tỷ đ", "tỷ", "tỉ đồng", "tỉ", "nghìn đồng", "nghìn đ", "nghìn",
    "ngàn đồng", "ngàn", "đồng", "vnđ", "vnd", "đ", "₫",
)

#: A unit written right after a number (``541,9 tr``, ``1.000đ``, ``48.793 triệu đồng``),
#: any case, NFC, an optional final ``.``.  Plain syntax that Python ``re`` and RE2
#: (pyarrow) read the same way.  :func:`unit_from_suffix` maps a match to its :class:`Unit`.
UNIT_SUFFIX_PATTERN = "(?:" + "|".join(_any_case(s) for s in _SUFFIXES) + ")[.]?"


@cache
def _suffix_whole() -> re.Pattern[str]:
    """The whole of a suffix (compiled when a number first has one: 3 ms)."""
    return re.compile(rf"^(?:{UNIT_SUFFIX_PATTERN})$")


def _unit_of(match: re.Match[str]) -> Unit:
    for unit in _ORDER:
        if match.group(unit.value) is not None:
            return unit
    raise AssertionError("a unit phrase matched no unit group")  # pragma: no cover


def unit_from_phrase(phrase: str) -> Unit | None:
    """The unit that ``phrase`` *is*, as a whole (``Triệu đồng``, ``tr.đ``), or None."""
    match = _WHOLE.match(fold(phrase))
    return _unit_of(match) if match else None


def unit_from_suffix(suffix: str) -> Unit | None:
    """The unit of a suffix matched by :data:`UNIT_SUFFIX_PATTERN` (``tr``, ``đ``, ``tỷ đồng``)."""
    folded = fold(suffix)
    if not _suffix_whole().match(folded):
        return None
    return unit_from_phrase(folded.rstrip("."))


def find_unit(text: str) -> Unit | None:
    """Recognise the money unit that a title-block line, header or cell declares.

    Looked for, in this order:

    1. a label and a unit phrase: ``Đơn vị tính: triệu đồng``, ``ĐVT: đồng``,
       ``Đơn vị: tỷ đồng``, ``Unit: million VND`` (``Đơn vị tính`` and ``ĐVT`` may
       omit the colon; ``Đơn vị`` and ``Unit`` may not);
    2. a bracket holding only a unit phrase: ``(triệu đồng)``, ``Kinh phí (Trđ)``,
       ``[tỷ đồng]`` (the last such bracket wins);
    3. a trailing ``, unit``: ``Cost, million VND``;
    4. the whole text being a unit phrase: ``Tr.đồng``, ``tỷ đ``, ``VNĐ``, ``đ``.

    Returns None when no unit is declared; ``Tổng kinh phí`` is not a unit.
    """
    if not text:
        return None
    folded = fold(text)
    if not folded:
        return None
    match = _LABELLED.search(folded)
    if match:
        return _unit_of(match)
    brackets = list(_bracketed().finditer(folded))
    if brackets:
        return _unit_of(brackets[-1])
    match = _trailing_comma().search(folded) or _WHOLE.match(folded)
    return _unit_of(match) if match else None


_TRAILING_BRACKET = re.compile(r"^(?P<name>.*?)\s*[(\[](?P<inner>[^()\[\]]*)[)\]]\s*$")
_TRAILING_PERCENT = re.compile(r"^(?P<name>.*\S)\s+%$")
_TRAILING_COMMA_SPLIT = re.compile(r"^(?P<name>.*?)\s*,\s*(?P<inner>[^,]+)$")


def split_header_unit(header: str) -> tuple[str, Unit | None, bool]:
    """Split a header into its name, the unit it declares, and whether it is a percentage.

    The header is NFC-normalised and its white space collapsed; case is kept.

    * ``Kinh phí (triệu đồng)`` → ``("Kinh phí", Unit.trieu, False)``
    * ``Kế hoạch [tỷ đồng]`` → ``("Kế hoạch", Unit.ty, False)``
    * ``Cost, million VND`` → ``("Cost", Unit.trieu, False)``
    * ``Tỷ lệ (%)`` → ``("Tỷ lệ", None, True)``; also ``Tỷ lệ %``
    * ``Tỉnh (thành phố)`` → unchanged, ``(…, None, False)``: a bracket that holds
      neither a unit nor ``%`` is part of the name.

    Only a *trailing* bracket is read.  A bracket holding ``%`` together with a unit
    is not split.
    """
    text = " ".join(unicodedata.normalize("NFC", header or "").replace("\u00a0", " ").split())
    match = _TRAILING_BRACKET.match(text)
    if match and match.group("name"):
        inner = match.group("inner").strip()
        if inner == "%":
            return match.group("name"), None, True
        unit = unit_from_phrase(inner) if inner else None
        if unit is not None:
            return match.group("name"), unit, False
        return text, None, False
    match = _TRAILING_PERCENT.match(text)
    if match:
        return match.group("name"), None, True
    match = _TRAILING_COMMA_SPLIT.match(text)
    if match and match.group("name"):
        unit = unit_from_phrase(match.group("inner"))
        if unit is not None:
            return match.group("name"), unit, False
    return text, None, False
