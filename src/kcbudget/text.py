"""Vietnamese text folding: the one place where text is made comparable.

Every lookup of kcbudget compares folded text: header cells, row labels, unit
words, reference names (provinces, activities, programs), đề án names matched by
``reconcile``.  The column form (:func:`fold_arrow`) gives the same strings as
:func:`fold`, cell for cell (a property test holds them to it), and
:func:`to_arrow_strings` is the one conversion of a column of text to Arrow.

``fold`` is the comparison form of a string: Unicode NFC, case-folded, zero-width
characters and soft hyphens removed, every run of white space (including the
non-breaking spaces that Excel users type) collapsed to one space, and the tone
mark of the open syllables ``oa``, ``oe``, ``uy`` moved to the first vowel
(``Hoà`` → ``hòa``, ``Thuỷ`` → ``thủy``, ``Huỷ`` → ``hủy``), so that both tone
placements in use compare equal.

``match_key`` also turns punctuation (``.``, ``-``, ``–``, ``/``, ``_``, brackets,
quotes) into spaces, so ``Bà Rịa–Vũng Tàu`` and ``Bà Rịa - Vũng Tàu`` give the
same key.  ``strip_diacritics`` removes every Vietnamese mark (``đ`` → ``d``);
``strip_admin`` the administrative prefixes of a place name (``Tỉnh``, ``TP``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "ADMIN_PREFIXES",
    "ascii_key",
    "fold",
    "fold_arrow",
    "fold_arrow_simple",
    "has_diacritics",
    "is_missing",
    "match_key",
    "name_key",
    "nfc_arrow",
    "only_where",
    "safe_str",
    "strip_admin",
    "strip_diacritics",
    "to_arrow_strings",
]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_PUNCT = re.compile(r"[\s.,;:!?\-‐‑‒–—―_/\\()\[\]{}'\"’‘“”«»·•*…]+")

# old tone placement on open syllables → the placement used in canonical names
_TONE_FIX = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# not after "q" (quý keeps its mark on y), and only at the end of a syllable
# (hoàng, thuyền keep theirs): the next character must not be a letter.
_TONE_RE = re.compile(r"(?<!q)(" + "|".join(_TONE_FIX) + r")(?![^\W\d_])")
# the same syllables as an RE2 pattern without look-around: any cell that has one is
# folded by Python (a superset of the cells _TONE_RE changes)
_TONE_CANDIDATES = "|".join(_TONE_FIX)
_NON_WORD = re.compile(r"[^\w]+")


# the marked vowels of _TONE_FIX's syllables: text without any of them has none to move
_TONE_MARKED = frozenset(key[1] for key in _TONE_FIX)


def fold(text: str) -> str:
    """NFC, casefold, invisible characters removed, white space collapsed, tone placement unified."""
    s = str(text)
    if s.isascii():  # already NFC, nothing invisible, no tone mark; casefold is lower
        return " ".join(s.lower().split())
    s = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    s = unicodedata.normalize("NFC", s.casefold())
    if not _TONE_MARKED.isdisjoint(s):
        s = _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], s)
    return " ".join(s.split())  # white space as \s sees it, collapsed and trimmed


def match_key(text: str) -> str:
    """``fold`` with punctuation turned into single spaces."""
    return _PUNCT.sub(" ", fold(text)).strip()


class _NonSpacingMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops every non-spacing mark (category Mn): each
    character is looked up in the Unicode database once, the first time it is seen."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = value
        return value


_DROP_MARKS = _NonSpacingMarks({ord("đ"): ord("d"), ord("Đ"): ord("D")})


def strip_diacritics(text: str) -> str:
    """Remove all Vietnamese diacritics (``Đắk Lắk`` → ``Dak Lak``); case is kept."""
    s = str(text)
    if s.isascii():
        return s
    s = unicodedata.normalize("NFD", s).translate(_DROP_MARKS)
    return unicodedata.normalize("NFC", s)


def ascii_key(text: str) -> str:
    """``match_key`` without diacritics: the key of a match written without marks."""
    return strip_diacritics(match_key(text))


def has_diacritics(text: str) -> bool:
    """True when ``text`` has any character that ``strip_diacritics`` would change."""
    return strip_diacritics(text) != unicodedata.normalize("NFC", str(text))


# ---- administrative names --------------------------------------------------------------

ADMIN_PREFIXES = ("tỉnh ", "thành phố ", "tp ", "t p ", "tinh ", "thanh pho ")


def strip_admin(key: str, prefixes: tuple[str, ...] = ADMIN_PREFIXES,
                suffixes: tuple[str, ...] = ()) -> str:
    """A :func:`match_key` without its administrative prefixes (``tỉnh bình định`` →
    ``bình định``, ``tp hồ chí minh`` → ``hồ chí minh``) and the given suffixes,
    repeatedly; a key that is nothing but a prefix is kept."""
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if key.startswith(p) and len(key) > len(p):
                key, changed = key[len(p):], True
        for s in suffixes:
            if key.endswith(s) and len(key) > len(s):
                key, changed = key[: -len(s)], True
    return key


def name_key(text: object) -> str:
    """Folded, without diacritics or punctuation (any non-word character is a space):
    the form in which đề án names typed differently are compared."""
    if is_missing(text):
        return ""
    return " ".join(_NON_WORD.sub(" ", strip_diacritics(fold(str(text)))).split())


def is_missing(value: object) -> bool:
    """``None`` or a float NaN (pandas' missing value in an object column)."""
    return value is None or (isinstance(value, float) and value != value)


# ---- the same over Arrow columns ------------------------------------------------------

def safe_str(value: object) -> str:
    """``str(value)`` with lone surrogates replaced: Arrow takes only valid UTF-8."""
    text = value if isinstance(value, str) else str(value)
    return text.encode("utf-8", "replace").decode("utf-8")


_OBJECT = np.dtype(object)


def to_arrow_strings(series: Any) -> Any:
    """A pandas Series (or any sequence) of text, None/NaN for missing, as one Arrow
    string array (chunks combined); other values through ``str``, lone surrogates
    replaced.  The one conversion every column kernel starts from."""
    data = series
    if getattr(series, "dtype", None) == _OBJECT and hasattr(series, "index"):
        data = series.values  # a Series' own object array: pyarrow reads it 6 × faster
    try:
        arr = pa.array(data, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, UnicodeEncodeError):
        values = series.tolist() if hasattr(series, "tolist") else list(series)
        arr = pa.array([None if is_missing(v) else safe_str(v) for v in values],
                       type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr


def joined_arrow_strings(parts: list[Any]) -> Any:
    """The text of ``parts`` (Series or sequences) end to end as one Arrow string array,
    each cell exactly as :func:`to_arrow_strings` gives it in its own part: one
    conversion of them all, or, when some part needs the careful conversion (a value
    that is no text), each part converted on its own and joined."""
    arrays = [p.to_numpy(dtype=_OBJECT) if hasattr(p, "to_numpy") and hasattr(p, "index")
              else np.asarray(p, dtype=_OBJECT).reshape(-1) for p in parts]
    if not arrays:
        return pa.array([], type=pa.string())
    joined = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
    try:
        arr = pa.array(joined, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, UnicodeEncodeError):
        pieces = [to_arrow_strings(a) for a in arrays]
        return pa.concat_arrays([p.combine_chunks() if isinstance(p, pa.ChunkedArray) else p
                                 for p in pieces])
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


# letters and marks whose lower case is their case fold, and nothing that fold changes
# otherwise (no invisible character, no open syllable with its tone on the second vowel)
_VIETNAMESE = ("ăâđêôơư"
               "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_SIMPLE = ("^[ -~\t\n\r\u000b\u000c" + "".join(sorted(set(_VIETNAMESE + _VIETNAMESE.upper())))
           + "]*$")
_ARROW_WS = "[ \t\n\r\u000b\u000c]+"
# the cells that _ARROW_WS → " " changes: a run of two blanks or a blank that is no space
_ARROW_WS_TO_FOLD = "[\t\n\r\u000b\u000c]|  "
# a character outside _SIMPLE
_NOT_SIMPLE = "[^" + _SIMPLE[2:-3] + "]"


def fold_arrow_simple(series: Any) -> tuple[Any, Any, np.ndarray]:
    """The Arrow part of :func:`fold_arrow`: (the column NFC with missing → ``""``, its
    fold by Arrow kernels, a numpy mask of the cells that fold is right for).  The
    other cells' fold is :func:`fold` of their text."""
    arr = nfc_arrow(pc.fill_null(to_arrow_strings(series), ""))
    lowered = pc.utf8_lower(arr)
    simple = pc.and_(pc.match_substring_regex(arr, _SIMPLE),
                     pc.invert(pc.match_substring_regex(lowered, _TONE_CANDIDATES)))
    spaced = only_where(lowered, _ARROW_WS_TO_FOLD,
                         lambda a: pc.replace_substring_regex(a, _ARROW_WS, " "))
    out = pc.utf8_trim(spaced, " ")
    return arr, out, np.asarray(simple.to_numpy(zero_copy_only=False), dtype=bool)


def only_where(arr: Any, pattern: str, fn: Callable[[Any], Any]) -> Any:
    """``fn(arr)`` for a cell-wise Arrow kernel that leaves alone every cell without a
    match of ``pattern``: run on the cells with one only (a regex test costs a
    tenth of a regex replacement or of a normalisation)."""
    need = pc.fill_null(pc.match_substring_regex(arr, pattern), False)
    count = pc.sum(need).as_py() or 0
    if not count:
        return arr
    if count * 2 > len(arr):
        return fn(arr)
    return pc.replace_with_mask(arr, need, fn(pc.filter(arr, need)))


def nfc_arrow(arr: Any) -> Any:
    """``utf8_normalize(arr, "NFC")``, normalising only the cells that could change:
    a text of ASCII and precomposed Vietnamese letters only (almost every cell) is
    already NFC, since nothing composes with a character that is not a mark."""
    return only_where(arr, _NOT_SIMPLE, lambda a: pc.utf8_normalize(a, form="NFC"))


def fold_arrow(series: Any) -> Any:
    """:func:`fold` over a column, missing → ``""``: an Arrow string array.  Text of
    ASCII and Vietnamese letters only (almost every cell) is folded by Arrow kernels
    (NFC, lower case, spaces); the rest, and the open syllables whose tone mark moves,
    by :func:`fold` once per distinct value, so the two always agree."""
    arr, out, simple = fold_arrow_simple(series)
    rest = np.flatnonzero(~simple)
    if rest.size:
        values = arr.take(pa.array(rest)).to_pylist()
        cache: dict[str, str] = {}
        folded = [cache[v] if v in cache else cache.setdefault(v, fold(v)) for v in values]
        mask = np.zeros(len(arr), dtype=bool)
        mask[rest] = True
        out = pc.replace_with_mask(out, pa.array(mask), pa.array(folded, pa.string()))
    return out

