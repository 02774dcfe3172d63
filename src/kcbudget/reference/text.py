"""Text folding used by every reference lookup.

``fold`` is the comparison form of a string: Unicode NFC, case-folded, zero-width
characters and soft hyphens removed, every run of white space (including the
non-breaking spaces that Excel users type) collapsed to one space, and the tone
mark of the open syllables ``oa``, ``oe``, ``uy`` moved to the first vowel
(``Hoà`` → ``hòa``, ``Thuỷ`` → ``thủy``, ``Huỷ`` → ``hủy``), so that both tone
placements in use compare equal.

``match_key`` also turns punctuation (``.``, ``-``, ``–``, ``/``, ``_``, brackets,
quotes) into spaces, so ``Bà Rịa–Vũng Tàu`` and ``Bà Rịa - Vũng Tàu`` give the
same key.  ``strip_diacritics`` removes every Vietnamese mark (``đ`` → ``d``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ascii_key", "fold", "has_diacritics", "match_key", "strip_diacritics"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WS = re.compile(r"\s+")
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


def fold(text: str) -> str:
    """NFC, casefold, invisible characters removed, white space collapsed, tone placement unified."""
    s = unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE)
    s = unicodedata.normalize("NFC", s.casefold())
    s = _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], s)
    return _WS.sub(" ", s).strip()


def match_key(text: str) -> str:
    """``fold`` with punctuation turned into single spaces."""
    return _PUNCT.sub(" ", fold(text)).strip()


def strip_diacritics(text: str) -> str:
    """Remove all Vietnamese diacritics (``Đắk Lắk`` → ``Dak Lak``); case is kept."""
    s = unicodedata.normalize("NFD", str(text))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", s.replace("đ", "d").replace("Đ", "D"))


def ascii_key(text: str) -> str:
    """``match_key`` without diacritics: the key of a match written without marks."""
    return strip_diacritics(match_key(text))


def has_diacritics(text: str) -> bool:
    """True when ``text`` has any character that ``strip_diacritics`` would change."""
    return strip_diacritics(text) != unicodedata.normalize("NFC", str(text))
