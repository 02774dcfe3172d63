"""Reading numbers as Vietnamese and English workbooks write them, exactly.

Amounts become **integer đồng** here and stay integers from then on; ``Decimal``
is used only while a single value is being parsed, and binary floating point
never touches a text cell.  Two layers do the same job:

* scalar functions (:func:`parse_number`, :func:`parse_amount`,
  :func:`parse_percent`, :func:`to_dong`) for a title block, a header, a single
  cell, and as the executable definition of the rules;
* column functions (:func:`parse_amount_column`, :func:`parse_percent_column`,
  :func:`detect_locale`) that apply the same rules to a whole column at once
  with pyarrow string kernels and numpy integer arithmetic.  Only cells the
  vectorised path cannot decide alone (non-ASCII text, results of 19 digits or
  more) take a per-cell Python path.  The two layers agree cell for cell; a
  property test holds them to it.

Bad data is not an exception to the caller of a column function: every cell
gets either a value or a short machine *reason* (below), which the caller turns
into a diagnostic at that cell.  The scalar functions raise a
:class:`NumberError` carrying the same reason.

Text-cell rules
---------------

Before parsing, a text is normalised: zero-width characters (U+200B–U+200D,
U+2060, U+FEFF) are removed; it is brought to NFC; every run of white space,
including no-break (U+00A0), narrow no-break (U+202F), figure (U+2007), thin
and other typographic spaces (U+2000–U+200A) and the ideographic space
(U+3000), becomes one plain space; leading and trailing spaces are stripped.
Then:

1. **Blank** (nothing left): *missing*, never zero.  ``parse_number`` raises
   with reason ``"empty"``; ``parse_amount`` and the column functions return
   ``None`` / ``<NA>`` with no error.
2. **A dash alone** (``-``, ``–``, ``—``, ``−``) is **zero**, as Vietnamese tables
   write it (for percentages it is *missing*: "no percentage").
3. **Sign**: one leading ``+``, ``-`` or ``−`` (U+2212), optionally followed by a
   space; or **accounting brackets** around the number, ``(1.234)`` → −1234.
   Both at once, a lone bracket, a trailing minus: ``not_a_number``.
4. **Suffix**: a unit written after the number (``đ``, ``đồng``, ``₫``, ``VND``,
   ``VNĐ``, ``tr``, ``trđ``, ``tr.đ``, ``triệu (đồng)``, ``tỷ (đồng)``, ``nghìn
   (đồng)``, ``ngàn``; see :data:`kcbudget.read.units.UNIT_SUFFIX_PATTERN`),
   with or without a space, case-insensitive.  :func:`parse_number` ignores it
   (the unit is *not* applied); :func:`parse_amount` and
   :func:`parse_amount_column` refuse a suffix whose unit is not the column's
   with reason ``"unit_mismatch"`` (``1.000 tỷ`` in a triệu column must not be
   read as 1.000 triệu).  A ``%`` suffix is accepted only by the percentage
   functions.
5. **The digits** may contain only digits, ``.``, ``,`` and single spaces.  In
   locale ``vi`` the decimal mark is ``,`` and ``.`` groups thousands; in ``en``
   the reverse; a **space groups thousands in both**.  A reading in a locale is
   valid when the text is:

   * digits only (``12345``, ``007``), or
   * grouped digits: a first group of 1–3 digits not starting with ``0``,
     then groups of exactly 3 digits, all separated by the *same* separator
     (the locale's group mark, or all spaces): ``1.234.567`` / ``1 234 567``;
   * either of those, or nothing, followed by the decimal mark and at least one
     digit (``4,5``, ``1.234.567,89``, ``,5``); the fraction is never grouped.

   Anything else (``1.23.456``, ``1.234 567``, ``1234.567.890``, ``0.500`` as a
   grouping, a trailing ``12,``) is not a valid reading in that locale.

6. **Choosing the reading** in locale *L*:

   * valid in *L*: that is the value.  If the text is also valid in the other
     locale with a *different* value (``48.793``, ``11,065``: one separator and
     exactly three digits after it, first group 1–3 digits), the cell is
     **ambiguous**; the other value is what :func:`other_reading` and
     ``AmountColumn.other_dong`` report, for the diagnostic that shows both.
   * not valid in *L* but valid in the other locale (``12.5``, ``1,234.5``,
     ``1.2345``, ``0.793`` in a ``vi`` sheet): a single separator followed by
     1–2 or 4+ digits, or by 3 digits after a first group that cannot be a
     thousands group, can only be a decimal mark, and two different marks say
     which is which.  The text has exactly one reading, so it is read that way
     and marked **foreign** (``AmountColumn.foreign``) for a warning, unless
     ``strict=True``, which refuses it with reason ``"wrong_locale"``.
   * valid in neither: ``"bad_grouping"`` (the text has only digits and
     separators) or ``"not_a_number"`` (anything else).

Numeric cells
-------------

A cell the workbook stores as a number reaches the column function as the
shortest round-trip ``repr`` of its float (``541.9``, ``48793``, ``1e-05``),
which is **Python syntax whatever the sheet's locale**: ``48.793`` in a numeric
cell is forty-eight point seven nine three.  It is converted exactly from that
text (``Decimal("541.9")``), never by multiplying the float, so a numeric 541.9
triệu is 541 900 000 đồng.  ``nan`` and ``inf`` are ``"not_a_number"``.

Amounts
-------

The value times the unit factor must be a whole number of đồng
(``"not_whole_dong"`` otherwise) and fit in int64, |x| ≤ 2⁶³−1
(``"overflow"`` otherwise).

Reasons: ``"empty"`` (scalar only), ``"not_a_number"``, ``"bad_grouping"``,
``"wrong_locale"`` (strict only), ``"unit_mismatch"``, ``"not_whole_dong"``,
``"overflow"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget.dtypes import BOOL, INT64, OBJECT
from kcbudget.figures import MARKS, other_locale
from kcbudget.read.parallel import batches
from kcbudget.read.units import UNIT_SUFFIX_PATTERN, unit_from_suffix
from kcbudget.text import is_missing, safe_str, to_arrow_strings

__all__ = [
    "REASONS",
    "AmountColumn",
    "LocaleDecision",
    "NotWholeDongError",
    "NumberError",
    "NumberParseError",
    "detect_locale",
    "detect_locales",
    "number_locale_hint",
    "other_reading",
    "parse_amount",
    "parse_amount_column",
    "parse_number",
    "parse_percent",
    "parse_percent_column",
    "to_dong",
]

Locale = Literal["vi", "en"]
INT64_MAX = 2**63 - 1

#: Every reason a cell can carry, in the order of the internal codes.
REASONS: tuple[str, ...] = (
    "not_a_number", "bad_grouping", "wrong_locale", "unit_mismatch",
    "not_whole_dong", "overflow",
)
_NAN, _GROUPING, _WRONG_LOCALE, _UNIT, _NOT_WHOLE, _OVERFLOW = range(1, 7)


class NumberError(ValueError):
    """A text is not a usable number; ``reason`` is one of :data:`REASONS` (or ``"empty"``)."""

    def __init__(self, reason: str, text: object = None) -> None:
        super().__init__(reason if text is None else f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


class NumberParseError(NumberError):
    """The text cannot be read as a number (``not_a_number``, ``bad_grouping``, …)."""


class NotWholeDongError(NumberError):
    """Scaled to đồng, the value has a fraction of a đồng (reason ``not_whole_dong``)."""

    def __init__(self, text: object = None) -> None:
        super().__init__("not_whole_dong", text)


# --- the patterns: one set of strings for Python ``re`` and for RE2 (pyarrow) ------------
# Plain syntax only (no \d, \s, \w, no case-insensitive flag, no look-arounds) so the two
# engines cannot disagree.

_ZERO_WIDTH = "[\u200b\u200c\u200d\u2060\ufeff]"
_SPACES = "[\t\n\u000b\u000c\r \u00a0\u2000-\u200a\u202f\u205f\u3000]+"
_ASCII_SPACES = "[\t\n\u000b\u000c\r ]+"
_DASH = "^[-\u2013\u2014\u2212]$"
_BODY = "[0-9.,]|[0-9.,][0-9., ]*[0-9.,]"
_TEXT = (
    "^(?P<sign>[-+\u2212]?) ?(?P<open>[(]?) ?(?P<body>" + _BODY + ") ?(?P<close>[)]?)"
    "(?: ?(?:(?P<unit>" + UNIT_SUFFIX_PATTERN + ")|(?P<pct>%)))?$"
)
_NUMERIC = (
    "^(?P<sign>[-+]?)(?P<int>[0-9]+)(?:[.](?P<frac>[0-9]*))?"
    "(?:[eE](?P<esign>[-+]?)(?P<exp>[0-9]{1,4}))?$"
)


def _body_pattern(group: str, mark: str) -> str:
    g, m = re.escape(group), re.escape(mark)
    return (
        "^(?P<int>[0-9]+|[1-9][0-9]{0,2}(?:" + g + "[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+)?"
        "(?:" + m + "(?P<frac>[0-9]+))?$"
    )


_BODIES: dict[str, str] = {locale: _body_pattern(group, mark)
                           for locale, (group, mark) in MARKS.items()}

_ZERO_WIDTH_RE = re.compile(_ZERO_WIDTH)
_SPACES_RE = re.compile(_SPACES)
_DASH_RE = re.compile(_DASH)
_TEXT_RE = re.compile(_TEXT)
_NUMERIC_RE = re.compile(_NUMERIC)
_BODY_RE = {loc: re.compile(p) for loc, p in _BODIES.items()}


def _check_locale(locale: str) -> str:
    if locale not in _BODIES:
        raise ValueError(f"locale must be 'vi' or 'en', not {locale!r}")
    return locale


def _normalize(text: str) -> str:
    """The normalisation every text goes through before parsing (see the module doc)."""
    text = _ZERO_WIDTH_RE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _SPACES_RE.sub(" ", text).strip(" ")


# --- the scalar path ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Parsed:
    """One number as read: sign, significant digits and a power of ten, plus flags."""

    negative: bool
    digits: str  # decimal digits, may have leading zeros; "" or zeros for 0
    exp10: int
    foreign: bool = False
    other: tuple[str, int] | None = None  # (digits, exp10) of a differing other reading
    unit: str = ""  # the unit suffix as written
    percent: bool = False

    def decimal(self) -> Decimal:
        return _to_decimal(self.negative, self.digits, self.exp10)


def _to_decimal(negative: bool, digits: str, exp10: int) -> Decimal:
    value = Decimal(f"{'-' if negative else ''}{digits or '0'}E{exp10}")
    return value if value else Decimal(0)


def _read_body(body: str, locale: str) -> tuple[str, int] | None:
    match = _BODY_RE[locale].match(body)
    if match is None:
        return None
    whole = (match.group("int") or "").replace(".", "").replace(",", "").replace(" ", "")
    frac = match.group("frac") or ""
    if not whole and not frac:
        return None
    return whole + frac, -len(frac)


def _same_value(a: tuple[str, int], b: tuple[str, int]) -> bool:
    return _to_decimal(False, *a) == _to_decimal(False, *b)


def _parse_text(text: str, locale: str, *, strict: bool) -> _Parsed | None:
    """Parse a normalised, non-blank text cell; None for a dash (zero)."""
    if _DASH_RE.match(text):
        return None
    match = _TEXT_RE.match(text)
    if match is None:
        raise NumberParseError("not_a_number", text)
    sign, opened, closed = match.group("sign"), match.group("open"), match.group("close")
    if bool(opened) != bool(closed) or (sign and opened):
        raise NumberParseError("not_a_number", text)
    body = match.group("body")
    own = _read_body(body, locale)
    other = _read_body(body, other_locale(locale))
    foreign = False
    if own is None:
        if other is None:
            raise NumberParseError("bad_grouping", text)
        if strict:
            raise NumberParseError("wrong_locale", text)
        own, other, foreign = other, None, True
    elif other is not None and _same_value(own, other):
        other = None
    return _Parsed(
        negative=sign in ("-", "\u2212") or bool(opened),
        digits=own[0], exp10=own[1], foreign=foreign, other=other,
        unit=match.group("unit") or "", percent=bool(match.group("pct")),
    )


def _parse_numeric_text(text: str) -> _Parsed:
    match = _NUMERIC_RE.match(text.strip(" "))
    if match is None:
        raise NumberParseError("not_a_number", text)
    frac = match.group("frac") or ""
    exp = int(match.group("exp") or 0) * (-1 if match.group("esign") == "-" else 1)
    return _Parsed(negative=match.group("sign") == "-", digits=match.group("int") + frac,
                   exp10=exp - len(frac))


def parse_number(text: str, locale: str, *, strict: bool = False) -> Decimal:
    """Parse a text cell written in ``locale`` (``"vi"`` or ``"en"``) to an exact Decimal.

    ``48.793`` (vi) → 48793; ``4,5`` → 4.5; ``1 234 567`` → 1234567; ``(1.234)`` →
    −1234; ``-`` → 0; ``541,9 tr`` → 541.9 (a unit suffix is tolerated and *not*
    applied).  A text that is only valid the other locale's way (``12.5`` in vi) is
    read that way unless ``strict``.  The full rules are in the module docstring.

    Raises :class:`NumberParseError` with ``reason`` ``"empty"``, ``"not_a_number"``,
    ``"bad_grouping"`` or ``"wrong_locale"``.  A ``%`` suffix is ``not_a_number``
    here: use :func:`parse_percent`.
    """
    _check_locale(locale)
    norm = _normalize(text)
    if not norm:
        raise NumberParseError("empty", text)
    parsed = _parse_text(norm, locale, strict=strict)
    if parsed is None:
        return Decimal(0)
    if parsed.percent:
        raise NumberParseError("not_a_number", text)
    return parsed.decimal()


def other_reading(text: str, locale: str) -> Decimal | None:
    """The value ``text`` has in the *other* locale, when it parses there and differs.

    ``other_reading("11,065", "vi")`` → ``Decimal("11065")`` (in vi it is 11.065);
    ``other_reading("12,5", "vi")`` → None (not a valid English number);
    ``other_reading("12345", "vi")`` → None (the same either way).
    """
    _check_locale(locale)
    norm = _normalize(text)
    if not norm:
        return None
    try:
        parsed = _parse_text(norm, locale, strict=False)
    except NumberError:
        return None
    if parsed is None or parsed.other is None:
        return None
    return _to_decimal(parsed.negative, *parsed.other)


def number_locale_hint(text: str) -> Literal["vi", "en", "ambiguous"] | None:
    """Which locale a single text number proves.

    ``1.234.567``, ``12,5``, ``1.234,5`` → ``"vi"``; ``1,234,567``, ``12.5``,
    ``1,234.5`` → ``"en"``; ``48.793`` or ``11,065`` (valid both ways, different
    values) → ``"ambiguous"``; ``12345``, ``1 234``, ``-`` and non-numbers → None.
    A sign, brackets, a unit suffix or ``%`` do not change the answer.
    """
    norm = _normalize(text) if isinstance(text, str) else ""
    if not norm:
        return None
    try:
        parsed = _parse_text(norm, "vi", strict=False)
    except NumberError:
        return None
    if parsed is None:
        return None
    if parsed.foreign:
        return "en"
    if parsed.other is not None:
        return "ambiguous"
    if _read_body(_TEXT_RE.match(norm).group("body"), "en") is None:  # type: ignore[union-attr]
        return "vi"
    return None


def to_dong(value: Decimal, factor: int) -> int:
    """``value`` in a unit of ``factor`` đồng, as an exact integer number of đồng.

    ``to_dong(Decimal("541.9"), 1_000_000)`` → 541_900_000.  Raises
    :class:`NotWholeDongError` when the result has a fraction of a đồng, and
    :class:`NumberParseError` (``not_a_number``) for NaN or infinity.  No range
    check: see :func:`parse_amount` for int64.
    """
    if not isinstance(value, Decimal):
        value = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    if not value.is_finite():
        raise NumberParseError("not_a_number", value)
    if factor <= 0:
        raise ValueError(f"factor must be a positive integer, not {factor!r}")
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    # exact integer arithmetic: digits × 10^exponent × factor
    number = int("".join(map(str, digits)) or "0") * factor
    if exponent >= 0:
        result = number * 10**exponent
    else:
        result, remainder = divmod(number, 10**-exponent)
        if remainder:
            raise NotWholeDongError(value)
    return int(-result if sign else result)


def _parsed_to_dong(parsed: _Parsed, factor: int) -> int:
    """digits × 10^exp10 × factor in exact integers, in int64 or an error.

    The order of the checks is the vectorised path's: zero; then, for a power-of-ten
    factor, a fraction of a đồng before a result of 20 or more digits (overflow, decided
    without building the integer).
    """
    digits = parsed.digits.lstrip("0")
    if not digits:
        return 0
    odd, zeros = _split_factor(factor)
    stripped = digits.rstrip("0")
    exp10 = parsed.exp10 + zeros + len(digits) - len(stripped)
    if odd == 1 and exp10 < 0:  # the last digit is not 0: never whole
        raise NotWholeDongError(parsed.decimal())
    if len(stripped) + exp10 > 20:  # at least 10^20 đồng
        raise NumberError("overflow", parsed.decimal())
    try:
        number = int(stripped) * odd
    except ValueError as err:  # more digits than Python converts
        raise NumberError("overflow", parsed.decimal()) from err
    if exp10 >= 0:
        result = number * 10**exp10
    else:
        result, remainder = divmod(number, 10**-exp10)
        if remainder:
            raise NotWholeDongError(parsed.decimal())
    if result > INT64_MAX:
        raise NumberError("overflow", parsed.decimal())
    return int(-result if parsed.negative else result)


def parse_amount(text: str | None, locale: str, factor: int, *, numeric: bool = False,
                 strict: bool = False) -> int | None:
    """One amount cell to integer đồng: the scalar twin of :func:`parse_amount_column`.

    ``text`` is the cell text, or for a numeric cell (``numeric=True``) the ``repr``
    of its float.  Returns None for a blank cell (missing, not zero), 0 for a dash.
    Raises :class:`NumberError` with ``reason`` ``not_a_number``, ``bad_grouping``,
    ``wrong_locale`` (``strict`` only), ``unit_mismatch``, ``not_whole_dong`` or
    ``overflow``.
    """
    _check_locale(locale)
    if is_missing(text):
        return None
    norm = _normalize(text if isinstance(text, str) else safe_str(text))
    if not norm:
        return None
    if numeric:
        return _parsed_to_dong(_parse_numeric_text(norm), factor)
    parsed = _parse_text(norm, locale, strict=strict)
    if parsed is None:
        return 0
    if parsed.percent:
        raise NumberParseError("not_a_number", text)
    if parsed.unit:
        unit = unit_from_suffix(parsed.unit)
        if unit is None or unit.factor != factor:
            raise NumberError("unit_mismatch", text)
    return _parsed_to_dong(parsed, factor)


def parse_percent(text_or_number: str | int | float | Decimal, locale: str, *,
                  percent_formatted: bool = False) -> Decimal:
    """A percentage as the number of per cent: ``22,68%``, ``22,68``, ``22.68 %`` → 22.68.

    A text is read with the :func:`parse_number` rules plus an optional trailing
    ``%`` (which does not scale: ``22,68%`` is 22.68, not 0.2268).  A number
    (int, float, Decimal) is taken as it is; ``percent_formatted=True`` says the
    workbook formats it as a percentage, so the stored fraction is scaled by 100
    (0.2268 → 22.68).  A float goes through its shortest ``repr``, never binary
    arithmetic.  ``percent_formatted`` does not apply to text.  A unit suffix is
    ``not_a_number``.  A dash alone raises with reason ``"empty"``: in a
    percentage column it means "no percentage", not 0 %.
    """
    _check_locale(locale)
    if isinstance(text_or_number, bool):
        raise TypeError("a percentage cannot be a bool")
    if isinstance(text_or_number, (int, float, Decimal)):
        try:
            value = (Decimal(repr(text_or_number)) if isinstance(text_or_number, float)
                     else Decimal(text_or_number))
        except InvalidOperation as err:  # pragma: no cover - repr of a float always parses
            raise NumberParseError("not_a_number", text_or_number) from err
        if not value.is_finite():
            raise NumberParseError("not_a_number", text_or_number)
        return value.scaleb(2) if percent_formatted else value
    norm = _normalize(text_or_number)
    if not norm:
        raise NumberParseError("empty", text_or_number)
    parsed = _parse_text(norm, locale, strict=False)
    if parsed is None:
        raise NumberParseError("empty", text_or_number)
    if parsed.unit:
        raise NumberParseError("not_a_number", text_or_number)
    return parsed.decimal()


# --- locale detection -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocaleDecision:
    """What the unambiguous numbers of a sheet say about its locale.

    ``locale`` is ``"vi"`` or ``"en"`` when one kind outnumbers the other, None when
    there is no evidence or a tie (the caller then falls back: Vietnamese headers or
    title → ``"vi"``; ``--locale`` overrides everything).  ``vi_example`` and
    ``en_example`` are the first text of each kind (both set when the sheet mixes
    them, for a diagnostic that shows one of each); the counts are of texts proving
    ``vi``, proving ``en``, and valid both ways with different values.
    """

    locale: Locale | None
    vi_example: str | None = None
    en_example: str | None = None
    vi_count: int = 0
    en_count: int = 0
    ambiguous_count: int = 0

    @property
    def mixed(self) -> bool:
        """Both kinds occur."""
        return self.vi_count > 0 and self.en_count > 0


def detect_locale(texts: Iterable[str | None]) -> LocaleDecision:
    """Decide a sheet's number locale from its text cells (see :func:`number_locale_hint`).

    Pass the texts of *text* cells only: numeric cells carry no locale.  Vectorised;
    a pandas Series or any iterable of str/None.
    """
    return detect_locales([texts.tolist() if isinstance(texts, pd.Series) else list(texts)])[0]


def detect_locales(groups: Sequence[Sequence[str | None] | np.ndarray]) -> list[LocaleDecision]:
    """:func:`detect_locale` of each list of texts in ``groups`` (a sheet's each), with
    one pass of the grammar over all their cells together."""

    sizes = np.asarray([len(g) for g in groups], dtype=np.int64)
    if not sizes.sum():
        return [LocaleDecision(None) for _ in groups]
    series = pd.Series(np.concatenate([np.asarray(g, dtype=OBJECT).reshape(-1)
                                       for g in groups]), dtype=OBJECT)
    parts = _decompose(series, None, "vi", strict=False)
    ok = parts.error == 0
    vi = ok & parts.has_number & ~parts.foreign & parts.own_only
    en = ok & parts.has_number & parts.foreign
    amb = ok & parts.ambiguous
    owner = np.repeat(np.arange(len(groups)), sizes)
    values = series.to_numpy(dtype=OBJECT)

    def per_group(mask: np.ndarray) -> tuple[np.ndarray, dict[int, Any]]:
        at = np.flatnonzero(mask)
        counts = np.bincount(owner[at], minlength=len(groups))
        groups_with, first = np.unique(owner[at], return_index=True)
        return counts, {int(g): values[at[i]] for g, i in zip(groups_with, first)}

    vi_counts, vi_first = per_group(vi)
    en_counts, en_first = per_group(en)
    amb_counts = np.bincount(owner[np.flatnonzero(amb)], minlength=len(groups))
    out = []
    for g, size in enumerate(sizes):
        if not size:
            out.append(LocaleDecision(None))
            continue
        vi_count, en_count = int(vi_counts[g]), int(en_counts[g])
        locale: Locale | None = "vi" if vi_count > en_count else \
            "en" if en_count > vi_count else None
        out.append(LocaleDecision(locale, vi_first.get(g), en_first.get(g), vi_count,
                                  en_count, int(amb_counts[g])))
    return out


# --- the vectorised path --------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AmountColumn:
    """An amount column read to integer đồng, one entry per input cell, same index.

    * ``dong`` (``Int64``): the amount; ``<NA>`` where the cell is blank (missing)
      or has an error.  A dash is 0.
    * ``error`` (object): None, or the reason the cell could not be read
      (``not_a_number``, ``bad_grouping``, ``wrong_locale``, ``unit_mismatch``,
      ``not_whole_dong``, ``overflow``).
    * ``missing`` (bool): blank cells (no value and no error).
    * ``ambiguous`` (bool): text cells that read differently in the two locales
      (``48.793``); ``other_dong`` (``Int64``) holds the other reading in đồng
      where it is ambiguous and that reading is a whole, representable amount.
    * ``foreign`` (bool): text cells only valid the other locale's way (``12.5`` in
      vi), read that way.
    """

    # the fields as arrays, each Series made when it is first asked for (a sheet's
    # reader asks for two of the six; a Series costs more than a few dozen cells)
    index: pd.Index
    values: np.ndarray  # int64 (what dong holds where valid)
    valid: np.ndarray  # bool
    errors: np.ndarray  # object: None or a reason
    blank: np.ndarray  # bool
    two_ways: np.ndarray  # bool
    other_values: np.ndarray  # int64
    other_valid: np.ndarray  # bool
    foreign_only: np.ndarray  # bool

    @cached_property
    def dong(self) -> pd.Series:
        return pd.Series(pd.arrays.IntegerArray(self.values, ~self.valid), index=self.index)

    @cached_property
    def error(self) -> pd.Series:
        return pd.Series(self.errors, index=self.index, dtype=OBJECT)

    @cached_property
    def missing(self) -> pd.Series:
        return pd.Series(self.blank, index=self.index, dtype=BOOL)

    @cached_property
    def ambiguous(self) -> pd.Series:
        return pd.Series(self.two_ways, index=self.index, dtype=BOOL)

    @cached_property
    def other_dong(self) -> pd.Series:
        return pd.Series(pd.arrays.IntegerArray(self.other_values, ~self.other_valid),
                         index=self.index)

    @cached_property
    def foreign(self) -> pd.Series:
        return pd.Series(self.foreign_only, index=self.index, dtype=BOOL)

    @property
    def has_errors(self) -> bool:
        return bool(pd.notna(self.errors).any())


@dataclass
class _Parts:
    """The per-cell decomposition of a column (numpy arrays, positional)."""

    missing: np.ndarray  # bool
    error: np.ndarray  # int8: 0 or an index into REASONS + 1
    negative: np.ndarray
    digits: Any  # pa.StringArray ("" where not a number)
    exp10: np.ndarray  # int64
    has_number: np.ndarray  # bool: parsed to digits (not missing, not a dash, no error)
    dash: np.ndarray
    foreign: np.ndarray
    ambiguous: np.ndarray
    own_only: np.ndarray  # text cell whose own reading is valid and the other is not
    other_digits: Any
    other_exp10: np.ndarray
    unit: Any  # pa.StringArray: the unit suffix ("" if none)
    percent: np.ndarray  # bool


def _normalize_arrow(arr: Any) -> Any:  # pa.StringArray, same normalisation as _normalize

    ascii_mask = pc.fill_null(pc.string_is_ascii(arr), True).to_numpy(zero_copy_only=False)
    out = pc.replace_substring_regex(arr, _ASCII_SPACES, " ")
    out = pc.utf8_trim(out, " ")
    rest = np.flatnonzero(~ascii_mask)
    if rest.size:  # non-ASCII cells: NFC and Unicode spaces the Python way (few)
        values = arr.take(pa.array(rest)).to_pylist()
        mask = np.zeros(len(arr), dtype=BOOL)
        mask[rest] = True
        out = pc.replace_with_mask(out, pa.array(mask),
                                   pa.array([_normalize(v) for v in values], pa.string()))
    return out


def _field(struct: Any, name: str) -> Any:

    return pc.fill_null(pc.struct_field(struct, name), "")


def _np(arr: Any, dtype: Any = None) -> np.ndarray:

    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=dtype)


def _nonempty(arr: Any) -> np.ndarray:

    return _np(pc.fill_null(pc.not_equal(pc.utf8_length(arr), 0), False), bool)


def _read_bodies(body: Any, locale: str) -> tuple[np.ndarray, Any, np.ndarray]:
    """(valid mask, digits, exp10) of the body strings read in ``locale``."""

    match = pc.extract_regex(body, _BODIES[locale])
    whole = pc.replace_substring_regex(_field(match, "int"), "[., ]", "")
    frac = _field(match, "frac")
    valid = _np(pc.fill_null(pc.is_valid(match), False), bool)
    valid &= _nonempty(whole) | _nonempty(frac)
    digits = pc.binary_join_element_wise(whole, frac, "")
    exp10 = -_np(pc.utf8_length(frac), "int64")
    return valid, digits, exp10


def _equal_values(d1: Any, e1: np.ndarray, d2: Any, e2: np.ndarray) -> np.ndarray:
    """Whether digits×10^e are the same numbers (element-wise)."""

    s1, t1 = _strip_zeros(d1, e1)
    s2, t2 = _strip_zeros(d2, e2)
    same = _np(pc.fill_null(pc.equal(s1, s2), False), bool) & ((t1 == t2) | (_np(
        pc.utf8_length(s1), "int64") == 0))
    return np.asarray(same, dtype=BOOL)


def _strip_zeros(digits: Any, exp10: np.ndarray) -> tuple[Any, np.ndarray]:
    """Digits without leading/trailing zeros, and the exponent adjusted for the latter."""

    lead = pc.utf8_ltrim(digits, "0")
    core = pc.utf8_rtrim(lead, "0")
    trailing = _np(pc.utf8_length(lead), "int64") - _np(pc.utf8_length(core), "int64")
    return core, exp10 + trailing


def _decompose(series: pd.Series, numeric: pd.Series | None, locale: str, *,
               strict: bool) -> _Parts:

    n = len(series)
    raw = series if isinstance(series, pa.Array) else to_arrow_strings(series)
    is_null = _np(pc.is_null(raw), bool)
    text = _normalize_arrow(pc.replace_substring_regex(raw, _ZERO_WIDTH, ""))
    missing = is_null | ~_nonempty(pc.fill_null(text, ""))
    text = pc.fill_null(text, "")
    if numeric is None:
        num = np.zeros(n, dtype=BOOL)
    else:
        num = numeric if isinstance(numeric, np.ndarray) else \
            np.asarray(numeric.fillna(False).to_numpy(dtype=BOOL), dtype=BOOL)
        if num.shape != (n,):
            raise ValueError("numeric must have the same length as texts")
    present = ~missing
    error = np.zeros(n, dtype=np.int8)

    dash = _np(pc.fill_null(pc.match_substring_regex(text, _DASH), False), bool) & ~num
    is_text = present & ~num & ~dash
    is_num = present & num
    zeros, int_zeros = np.zeros(n, dtype=BOOL), np.zeros(n, dtype=np.int64)

    def blank() -> Any:  # "" in every cell: what a kind's kernels give where it has none
        return pa.repeat(pa.scalar("", text.type), n)

    # --- text cells (each regex sees only its own kind of cell: "" costs nothing); a
    # column with none (all numbers, or a sample of text cells only) skips the other
    # kind's kernels, whose outcome there is "", 0 and False in every cell
    num_arr = pa.array(num)
    if is_text.any():
        tmatch = pc.extract_regex(pc.if_else(num_arr, "", text), _TEXT)
        t_ok = _np(pc.fill_null(pc.is_valid(tmatch), False), bool)
        sign, opened, closed = (_field(tmatch, "sign"), _field(tmatch, "open"),
                                _field(tmatch, "close"))
        has_sign, has_open, has_close = _nonempty(sign), _nonempty(opened), _nonempty(closed)
        t_ok &= (has_open == has_close) & ~(has_sign & has_open)
        body = _field(tmatch, "body")
        own_ok, own_digits, own_exp = _read_bodies(body, locale)
        oth_ok, oth_digits, oth_exp = _read_bodies(body, other_locale(locale))
        error[is_text & ~t_ok] = _NAN
        readable = is_text & t_ok
        error[readable & ~own_ok & ~oth_ok] = _GROUPING
        foreign = readable & ~own_ok & oth_ok
        if strict:
            error[foreign] = _WRONG_LOCALE
            foreign = np.zeros(n, dtype=BOOL)
        both = readable & own_ok & oth_ok
        differs = both & ~_equal_values(own_digits, own_exp, oth_digits, oth_exp)
        text_neg = (_np(pc.fill_null(pc.is_in(sign, pa.array(["-", "\u2212"])), False), bool)
                    | has_open)
        unit = pc.if_else(pa.array(readable), _field(tmatch, "unit"), "")
        percent = readable & _nonempty(_field(tmatch, "pct"))
    else:
        own_ok = oth_ok = readable = foreign = differs = text_neg = zeros
        percent = np.zeros(n, dtype=BOOL)
        own_digits, oth_digits, unit = blank(), blank(), blank()
        own_exp, oth_exp = int_zeros, np.zeros(n, dtype=np.int64)

    # --- numeric cells
    if is_num.any():
        nmatch = pc.extract_regex(pc.if_else(num_arr, text, ""), _NUMERIC)
        n_ok = _np(pc.fill_null(pc.is_valid(nmatch), False), bool)
        error[is_num & ~n_ok] = _NAN
        nfrac = _field(nmatch, "frac")
        ndigits = pc.binary_join_element_wise(_field(nmatch, "int"), nfrac, "")
        nexp_text = _field(nmatch, "exp")
        nexp = _np(pc.cast(pc.if_else(pc.equal(nexp_text, ""), "0", nexp_text), pa.int64()),
                   "int64")
        nexp = np.where(_np(pc.equal(_field(nmatch, "esign"), "-"), bool), -nexp, nexp)
        nexp = nexp - _np(pc.utf8_length(nfrac), "int64")
        num_neg = _np(pc.equal(_field(nmatch, "sign"), "-"), bool)
    else:
        ndigits, nexp, num_neg = blank(), int_zeros, zeros

    # --- combine
    use_own = readable & own_ok
    digits = pc.if_else(pa.array(is_num), ndigits,
                        pc.if_else(pa.array(use_own), own_digits,
                                   pc.if_else(pa.array(foreign), oth_digits, "")))
    exp10 = np.where(is_num, nexp, np.where(use_own, own_exp, np.where(foreign, oth_exp, 0)))
    negative = np.where(is_num, num_neg, text_neg)
    has_number = present & ~dash & (error == 0)
    has_number &= is_num | use_own | foreign
    return _Parts(
        missing=missing, error=error, negative=negative & has_number, digits=digits,
        exp10=exp10.astype(np.int64), has_number=has_number, dash=present & ~num & dash,
        foreign=foreign & (error == 0), ambiguous=differs & (error == 0),
        own_only=readable & own_ok & ~oth_ok,
        other_digits=oth_digits, other_exp10=oth_exp,
        unit=unit, percent=percent,
    )


def _split_factor(factor: int) -> tuple[int, int]:
    zeros = 0
    while factor % 10 == 0:
        factor //= 10
        zeros += 1
    return factor, zeros


def _scale(digits: Any, exp10: np.ndarray, negative: np.ndarray, mask: np.ndarray,
           factors: _Factors) -> tuple[np.ndarray, np.ndarray]:
    """digits × 10^exp10 × factor as int64 for the cells in ``mask``.

    Returns (values int64, error codes int8).  ``factors``: each cell's unit factor.
    The common case (a power-of-ten factor, at most 18
    digits in the result) is numpy; the rest goes through Python ints.
    """

    n = len(mask)
    values = np.zeros(n, dtype=np.int64)
    errors = np.zeros(n, dtype=np.int8)
    core, power = _strip_zeros(digits, exp10 + factors.zeros)
    length = _np(pc.utf8_length(core), "int64")
    is_zero = mask & (length == 0)
    work = mask & ~is_zero
    tens = factors.tens
    errors[work & tens & (power < 0)] = _NOT_WHOLE
    fast = work & tens & (power >= 0) & (length + power <= 18)
    slow = work & ~fast & (errors == 0)
    if fast.any():
        fast_core = pc.if_else(pa.array(fast), core, "0")
        ints = _np(pc.cast(fast_core, pa.int64()), "int64")
        pw = np.where(fast, power, 0)
        values = np.where(fast, ints * (10 ** pw.clip(0, 18)).astype(np.int64), values)
    if slow.any():
        core_list = core.to_pylist()
        for i in np.flatnonzero(slow):
            parsed = _Parsed(False, core_list[i], int(power[i]))
            try:
                values[i] = _parsed_to_dong(parsed, factors.odd_at(int(i)))
            except NotWholeDongError:
                errors[i] = _NOT_WHOLE
            except NumberError:
                errors[i] = _OVERFLOW
    values = np.where(negative, -values, values)
    return values, errors


@dataclass(frozen=True)
class _Factors:
    """The unit factor of each cell of several columns: ``factor = odd × 10^zeros``.
    ``zeros`` (int64) and ``tens`` (odd is 1) per cell; the odd parts and factors per
    column, ``column`` the column of each cell."""

    zeros: np.ndarray
    tens: np.ndarray
    column: np.ndarray
    odds: tuple[int, ...]
    factors: tuple[int, ...]

    @classmethod
    def of(cls, factor: int, n: int) -> _Factors:
        return cls.per_column([factor], np.zeros(n, dtype=np.int64))

    @classmethod
    def per_column(cls, factors: Sequence[int], column: np.ndarray) -> _Factors:
        split = [_split_factor(f) for f in factors]
        zeros = np.array([z for _, z in split], dtype=np.int64)
        tens = np.array([o == 1 for o, _ in split], dtype=BOOL)
        return cls(zeros[column], tens[column], column, tuple(o for o, _ in split),
                   tuple(factors))

    def odd_at(self, i: int) -> int:
        return self.odds[int(self.column[i])]

    def factor_at(self, i: int) -> int:
        return self.factors[int(self.column[i])]

    def take(self, positions: np.ndarray) -> _Factors:
        return _Factors(self.zeros[positions], self.tens[positions], self.column[positions],
                        self.odds, self.factors)


def parse_amount_column(texts: pd.Series, *, numeric: pd.Series | None = None,
                        locale: str, factor: int, strict: bool = False) -> AmountColumn:
    """Read a column of amount cells to integer đồng, all at once.

    ``texts`` holds each cell's text (None/NaN/blank for an empty cell); for a cell the
    workbook stores as a number, the shortest ``repr`` of its float, marked True in
    ``numeric`` (so ``48.793`` there is 48.793, not 48 793).  ``locale`` is the sheet's
    (see :func:`detect_locale`), ``factor`` the column's unit in đồng
    (``Unit.trieu.factor``).  Cell for cell the result is what :func:`parse_amount`
    gives; see :class:`AmountColumn` for the fields and the module doc for the rules.
    """
    return parse_amount_columns([(texts, numeric, factor)], locale=locale, strict=strict)[0]


def parse_amount_columns(columns: list[tuple[pd.Series, pd.Series | None, int]], *,
                         locale: str, strict: bool = False) -> list[AmountColumn]:
    """:func:`parse_amount_column` of several columns, ``columns`` a list of
    ``(texts, numeric, factor)``; cell for cell the same as one call per column.

    Every kernel runs once over the cells of all the columns together (the Arrow
    kernels cost per call far more than per cell on a sheet of a few dozen rows, and a
    region's files are read in one call): the fast path of plain numeric cells
    (:func:`_plain_numbers`), then the whole grammar for the cells it leaves."""
    _check_locale(locale)
    for _, _, factor in columns:
        if factor <= 0:
            raise ValueError(f"factor must be a positive integer, not {factor!r}")
    out: list[AmountColumn] = []
    for chunk in _chunks(columns):
        out.extend(_parse_together(chunk, locale, strict))
    return out


# the cells read in one pass at most (a longer column is a pass of its own): a pass holds
# a dozen temporaries of 8 bytes a cell, so the columns of a 1 000 000-row sheet are
# read one by one, those of many small sheets together
_TOGETHER = 1 << 20


def _chunks(columns: list[Any]) -> Iterator[list[Any]]:
    return batches(columns, lambda item: len(item[0]), _TOGETHER)


def _joined_flags(columns: Sequence[tuple[Any, pd.Series | np.ndarray | None]]) -> np.ndarray:
    """The numeric flags of several columns of cells, ``(texts, numeric)`` each, as one
    bool array (a column without flags: none of its cells numeric; missing flags
    False); flags as a Series or a numpy array."""
    for texts, given in columns:
        if given is not None and len(given) != len(texts):
            raise ValueError("numeric must have the same length as texts")
    return np.concatenate([
        np.zeros(len(texts), dtype=BOOL) if given is None else
        np.asarray(given, dtype=BOOL) if isinstance(given, np.ndarray) else
        np.asarray(given.fillna(False).to_numpy(dtype=BOOL), dtype=BOOL)
        for texts, given in columns]) if columns else np.zeros(0, dtype=BOOL)


def _parse_together(columns: list[tuple[pd.Series, pd.Series | None, int]], locale: str,
                    strict: bool) -> list[AmountColumn]:
    """:func:`parse_amount_columns` of columns read in one pass."""
    lengths = np.array([len(texts) for texts, _, _ in columns], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    column = np.repeat(np.arange(len(columns)), lengths)
    arr = pa.concat_arrays([to_arrow_strings(texts) for texts, _, _ in columns])
    num = _joined_flags([(texts, given) for texts, given, _ in columns])
    factors = _Factors.per_column([f for _, _, f in columns], column)
    null = _np(pc.is_null(arr), bool)
    with_flags = np.array([given is not None for _, given, _ in columns], dtype=BOOL)
    done, plain_values = _plain_numbers(arr, num, null, factors, lengths, with_flags)

    n = len(arr)
    dong = plain_values
    valid = done & ~null
    error = np.full(n, None, dtype=OBJECT)
    missing = done & null
    ambiguous, foreign = np.zeros(n, bool), np.zeros(n, bool)
    other = np.zeros(n, "int64")
    other_valid = np.zeros(n, bool)
    rest = np.flatnonzero(~done)
    if rest.size:
        parts = _decompose(arr.take(pa.array(rest)), num[rest], locale, strict=strict)
        read = _amount_arrays(parts, factors.take(rest))
        dong[rest], valid[rest], error[rest], missing[rest] = read[:4]
        ambiguous[rest], other[rest], other_valid[rest], foreign[rest] = read[4:]
    out = []
    for i, (texts, _, _) in enumerate(columns):
        cut = slice(int(offsets[i]), int(offsets[i + 1]))
        out.append(AmountColumn(texts.index, *(a[cut] for a in (
            dong, valid, error, missing, ambiguous, other, other_valid, foreign))))
    return out


# a workbook number as calamine writes it: no exponent, no leading or trailing zeros
_PLAIN_NUMBER = r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"


def _plain_numbers(arr: Any, num: np.ndarray, null: np.ndarray, factors: _Factors,
                   lengths: np.ndarray, with_flags: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The fast path of :func:`parse_amount_columns`: blank cells, and numeric cells
    written as plain decimals whose value in đồng is whole and fits in 18 digits,
    read with a few Arrow kernels.  (mask of the cells done, their đồng as int64).  A
    column takes it only where there is something to gain: it has numeric flags and
    numeric cells, a power-of-ten unit, and is not a short column with text cells
    (which would pay for both paths)."""
    n_columns = len(lengths)
    column = factors.column
    numeric_cells = np.bincount(column, weights=num, minlength=n_columns)
    text_cells = np.bincount(column, weights=~null & ~num, minlength=n_columns)
    odd_one = np.array([o == 1 for o in factors.odds], dtype=BOOL)
    takes = with_flags & odd_one & (numeric_cells > 0) & ~((lengths < 64) & (text_cells > 0))
    taken = takes[column]
    values = np.zeros(len(num), "int64")
    if not taken.any():
        return np.zeros(len(num), dtype=BOOL), values
    text = pc.if_else(pa.array(num & taken), pc.fill_null(arr, ""), "")
    plain = _np(pc.fill_null(pc.match_substring_regex(text, _PLAIN_NUMBER), False), bool)
    negative = _np(pc.starts_with(text, "-"), bool)
    point = _np(pc.find_substring(text, "."), "int64")
    length = _np(pc.utf8_length(text), "int64")
    frac = np.where(point >= 0, length - point - 1, 0)
    digits = pc.replace_substring(pc.replace_substring(text, "-", ""), ".", "")
    n_digits = length - negative - (point >= 0)
    shift = factors.zeros - frac
    ok = plain & (shift >= 0) & (n_digits + shift <= 18)
    if ok.any():
        ints = _np(pc.cast(pc.if_else(pa.array(ok), digits, "0"), pa.int64()), "int64")
        values = np.where(ok, ints * (10 ** np.where(ok, shift, 0)).astype(INT64), 0)
        values = np.where(negative, -values, values)
    return (ok | null) & taken, values


def _parse_amount_column(texts: pd.Series, numeric: pd.Series | None, locale: str, factor: int,
                         strict: bool) -> AmountColumn:
    """:func:`parse_amount_column` for any cells: every rule of the module."""
    return _finish_amounts(_decompose(texts, numeric, locale, strict=strict), texts.index,
                           factor)


def _amount_arrays(parts: _Parts, factors: _Factors) -> tuple[np.ndarray, ...]:
    """The amounts of decomposed cells, each with its unit factor: (đồng, valid, error
    reason, missing, ambiguous, other reading in đồng, other valid, foreign)."""

    error = parts.error.copy()
    has_number = parts.has_number.copy()
    # a unit suffix must be the column's unit
    units = _np(parts.unit, object)
    with_unit = np.flatnonzero(has_number & (units != ""))
    if with_unit.size:
        wrong: dict[tuple[str, int], bool] = {}
        bad = np.zeros(with_unit.size, dtype=np.bool_)
        for k, i in enumerate(with_unit.tolist()):
            key = (units[i], factors.factor_at(i))
            if key not in wrong:
                unit = unit_from_suffix(key[0])
                wrong[key] = unit is None or unit.factor != key[1]
            bad[k] = wrong[key]
        error[with_unit[bad]] = _UNIT
    error[has_number & parts.percent] = _NAN
    has_number &= error == 0
    values, scale_err = _scale(parts.digits, parts.exp10, parts.negative, has_number, factors)
    error = np.where(has_number & (scale_err != 0), scale_err, error).astype(np.int8)
    good = (has_number & (scale_err == 0)) | (parts.dash & (error == 0))
    values = np.where(parts.dash, 0, values)

    amb = parts.ambiguous & (error == 0)
    other_values, other_err = _scale(parts.other_digits, parts.other_exp10, parts.negative,
                                     amb, factors)
    other_good = amb & (other_err == 0)

    reasons = np.array([None, *REASONS], dtype=OBJECT)
    return (values.astype(np.int64), good, reasons[error], parts.missing, amb,
            other_values.astype(np.int64), other_good, parts.foreign & (error == 0))


def _finish_amounts(parts: _Parts, index: pd.Index, factor: int) -> AmountColumn:
    """The amounts of decomposed cells in a column of unit ``factor``."""
    return AmountColumn(index, *_amount_arrays(parts, _Factors.of(factor, len(index))))


def parse_percent_column(texts: pd.Series, *, numeric: pd.Series | None = None,
                         percent_formatted: pd.Series | None = None,
                         locale: str) -> tuple[pd.Series, pd.Series]:
    """Read a column of percentages: (values, errors), both object Series, same index.

    ``values`` holds a ``Decimal`` number of per cent (22.68 for ``22,68%``) or None
    (blank, a dash, or an error); ``errors`` None or a reason (``not_a_number``,
    ``bad_grouping``).  A numeric cell marked in ``percent_formatted`` holds a
    fraction and is scaled by 100; text is read as written, with or without ``%``.
    Cell for cell the same as :func:`parse_percent`.
    """
    read = read_percent_columns([(texts, numeric)], locale=locale)[0]
    return percent_values(read, numeric=numeric, percent_formatted=percent_formatted)


@dataclass(frozen=True)
class PercentCells:
    """A column of percentages as the grammar reads it before the cells' number
    formats are known (:func:`read_percent_columns`): per cell its error code (0 or
    an index into :data:`REASONS` + 1), whether it holds a number, its sign, digits
    and power of ten."""

    index: pd.Index
    error: np.ndarray  # int8
    good: np.ndarray  # bool
    negative: np.ndarray  # bool
    digits: list[str]
    exp10: np.ndarray  # int64


def read_percent_columns(columns: list[tuple[pd.Series, pd.Series | np.ndarray | None]], *,
                         locale: str) -> list[PercentCells]:
    """The grammar of :func:`parse_percent_column` over several columns, ``columns`` a
    list of ``(texts, numeric)``: each kernel once over the cells of all of them
    (as :func:`parse_amount_columns`), cell for cell what one call per column reads."""
    _check_locale(locale)
    out: list[PercentCells] = []
    for chunk in _chunks(columns):
        lengths = np.array([len(texts) for texts, _ in chunk], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        arr = pa.concat_arrays([to_arrow_strings(texts) for texts, _ in chunk]) \
            if len(chunk) > 1 else chunk[0][0]
        num = _joined_flags(chunk)
        parts = _decompose(arr, num, locale, strict=False)
        error = parts.error.copy()
        units = _np(parts.unit, object)
        error[parts.has_number & (units != "")] = _NAN
        good = parts.has_number & (error == 0)
        digits = parts.digits.to_pylist()
        for i, (texts, _) in enumerate(chunk):
            a, b = int(offsets[i]), int(offsets[i + 1])
            out.append(PercentCells(texts.index, error[a:b], good[a:b], parts.negative[a:b],
                                    digits[a:b], parts.exp10[a:b]))
    return out


def percent_values(read: PercentCells, *, numeric: pd.Series | None = None,
                   percent_formatted: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_percent_column`'s (values, errors) of a column the grammar has read
    (:func:`read_percent_columns`), with the numeric cells marked in
    ``percent_formatted`` scaled by 100."""
    exp10 = read.exp10
    if percent_formatted is not None and numeric is not None:
        scaled = (np.asarray(percent_formatted.fillna(False).to_numpy(dtype=BOOL), dtype=BOOL)
                  & np.asarray(numeric.fillna(False).to_numpy(dtype=BOOL), dtype=BOOL))
        exp10 = np.where(scaled, exp10 + 2, exp10)
    values = np.full(len(read.index), None, dtype=OBJECT)
    negative, digits = read.negative, read.digits
    for i in np.flatnonzero(read.good):
        values[i] = _to_decimal(bool(negative[i]), digits[i], int(exp10[i]))
    reasons = np.array([None, *REASONS], dtype=OBJECT)
    return (pd.Series(values, index=read.index, dtype=OBJECT),
            pd.Series(reasons[read.error], index=read.index, dtype=OBJECT))
