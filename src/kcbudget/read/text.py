"""Text as the workbooks hold it: NFC, white space, and the legacy TCVN3 and VNI encodings.

Normalisation
-------------

Every comparison (headers, provinces, labels) is made on :func:`normalize_text`:
Unicode **NFC** (files from some systems carry decomposed diacritics), zero-width
characters removed, every kind of white space (no-break, narrow no-break, thin,
ideographic, line breaks, tabs) turned into one plain space, ends stripped.

Legacy encodings
----------------

Government workbooks are still typed in ``.VnTime`` fonts (TCVN3, also called
ABC) and ``VNI-Times`` fonts (VNI).  Such a cell stores the font's byte values
as Latin-1 characters: TCVN3 ``Bình Định`` is stored as ``B×nh §Þnh``, VNI
``khuyến công`` as ``khuyeán coâng``.  Conversion tables come from the
``viparse`` package (imported lazily); this module decides **cell by cell**
whether to use them, because converting text that is already Unicode corrupts it
(``Bình`` read as TCVN3 is ``Bỡnh``).

How a cell is decided (:func:`detect_legacy`):

1. Pure ASCII: nothing to convert, never flagged.
2. **Proper Unicode Vietnamese is never converted**: a cell holding any
   Vietnamese letter outside Latin-1 (``ă đ ơ ư ạ ế ỹ`` …) or a combining
   diacritic cannot be TCVN3 or VNI, whose letters are all Latin-1 characters.
3. **Font evidence first**: a ``.Vn*`` font (``.VnTime``, ``.VnArialH``) means
   TCVN3, a ``VNI*`` font (``VNI-Times``) means VNI.  The cell is converted
   unless the conversion reads *worse* as Vietnamese than the text as it stands
   (a cell typed in Unicode whose font was later set to ``.VnTime``: ``Bình``
   stays ``Bình``, because ``Bỡnh`` is not a Vietnamese syllable).  When both
   readings are equally good (``lín`` is TCVN3 ``lớn`` and also a possible
   Unicode syllable), the font wins.
4. **Content otherwise**: the text is scored as it stands and as TCVN3 and VNI.
   The score counts Latin-1 characters that are not Vietnamese letters
   (``× § Þ ¬ « µ`` …), words in which a capital follows a small letter
   (``phÝ``), and words with a diacritic that are not a Vietnamese syllable
   (checked against the syllable structure: initial consonant, vowel cluster,
   final consonant, at most one tone mark).  A conversion is chosen only when
   it removes every alien character, leaves (almost) every word a Vietnamese
   syllable, yields at least one accented word of two letters or more, and is
   unambiguous between TCVN3 and VNI.  A Spanish ``Señor`` or a ``2 × 3`` is
   therefore left alone.

TCVN3 has no code points for capital letters carrying a tone (``À Ấ Ệ Ữ`` …):
headings are typed with the *small* letters in a capitals font (``.VnTimeH``)
that draws them as capitals.  :func:`convert_legacy` takes ``capitals=True`` for
such a font (see :func:`is_capitals_font`) and upper-cases the result, which
recovers all 134 letters.  The VNI table of ``viparse`` lacks ``ẳ``/``Ẳ``
(unobserved in its corpus); they are added here from the VNI layout
(``a``/``A`` followed by ``ú``/``Ú``, the breve-and-hook mark).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget.dtypes import BOOL, OBJECT
from kcbudget.text import (
    is_missing,
    joined_arrow_strings,
    nfc_arrow,
    only_where,
    to_arrow_strings,
)

if TYPE_CHECKING:

    from kcbudget.read.sources import SheetSource

__all__ = [
    "LEGACY_HINT_PATTERN",
    "UNICODE_VIETNAMESE_PATTERN",
    "VIETNAMESE_LETTERS",
    "any_looks_legacy",
    "columns_sample",
    "convert_legacy",
    "detect_legacy",
    "encoding_for_font",
    "fix_legacy",
    "fix_legacy_frame",
    "is_capitals_font",
    "legacy_candidates",
    "looks_legacy",
    "looks_legacy_series",
    "normalize_series",
    "normalize_text",
]

LegacyEncoding = Literal["tcvn3", "vni"]

# --- normalisation ----------------------------------------------------------------------
# Explicit character classes (no \s): pandas' Arrow-backed strings use RE2, whose \s is
# ASCII-only, and the scalar and vectorised functions must agree.
_ZERO_WIDTH = "[\u200b\u200c\u200d\u2060\ufeff]"
_WHITE = "[\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
# the cells that _WHITE → " " changes: a run of two spaces, or a blank that is no space
_WHITE_TO_FOLD = ("[\t\n\u000b\u000c\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f"
                  "\u205f\u3000]|  ")
_ZERO_WIDTH_RE = re.compile(_ZERO_WIDTH)
_WHITE_RE = re.compile(_WHITE)


def normalize_text(s: object) -> str:
    """NFC, zero-width characters removed, white space collapsed to single spaces, stripped.

    ``None`` (and NaN) give ``""``; other non-strings are converted with ``str``.
    ``"Bi\\u0300nh  \\u0110i\\u0323nh\\u00a0"`` → ``"Bình Định"``.
    """
    if is_missing(s):
        return ""
    text = s if isinstance(s, str) else str(s)
    text = _ZERO_WIDTH_RE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _WHITE_RE.sub(" ", text).strip(" ")


def normalize_series(series: pd.Series) -> pd.Series:
    """:func:`normalize_text` over a Series, vectorised with Arrow compute kernels;
    missing values stay missing (``None``); the result holds Python strings.  A
    column of few distinct values (provinces, programs) is normalised once per value."""

    codes, uniques = _distinct(series)
    if codes is not None:
        done = _normalize_arrow_strings(pd.Series(uniques, dtype=OBJECT))
        return pd.Series(_spread(done, codes), index=series.index, dtype=OBJECT)
    return pd.Series(_normalize_arrow_strings(series), index=series.index, dtype=OBJECT)


def _normalize_arrow_strings(series: pd.Series) -> np.ndarray:

    arr = series if isinstance(series, (pa.Array, pa.ChunkedArray)) else \
        to_arrow_strings(series)
    if pc.any(pc.match_substring_regex(arr, _ZERO_WIDTH)).as_py():
        arr = pc.replace_substring_regex(arr, _ZERO_WIDTH, "")
    arr = nfc_arrow(arr)
    arr = only_where(arr, _WHITE_TO_FOLD, lambda a: pc.replace_substring_regex(a, _WHITE, " "))
    arr = pc.utf8_trim(arr, " ")
    return np.asarray(arr.to_numpy(zero_copy_only=False))


def _distinct(series: pd.Series) -> tuple[np.ndarray, Any] | tuple[None, None]:
    """(codes, distinct values) when a long column repeats its values enough for
    per-value work to pay; (None, None) otherwise.  Missing values get code -1."""

    if len(series) < 1000:
        return None, None
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) * 4 > len(series):
        return None, None
    return codes, uniques


def _spread(values: Sequence[Any] | np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``values[codes]`` as an object array, ``None`` where the code is -1."""

    table = np.empty(len(values) + 1, dtype=OBJECT)
    for i, v in enumerate(values):
        table[i] = v
    table[-1] = None
    return np.asarray(table[codes])


def map_distinct(series: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``fn`` applied to each distinct non-missing value once (missing → ``None``):
    an object Series on the same index.  For reference lookups over long columns."""

    return pd.Series(map_distinct_values(series, fn), index=series.index, dtype=OBJECT)


def map_distinct_values(values: Any, fn: Callable[[Any], Any]) -> np.ndarray:
    """:func:`map_distinct` of an array (or Series): an object array of the results."""

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return _spread([fn(u) for u in uniques], codes)


# --- the Vietnamese alphabet ------------------------------------------------------------
_BASES = "aăâeêioôơuưy"
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
_LOWER = ["ă", "â", "ê", "ô", "ơ", "ư", "đ"] + [
    unicodedata.normalize("NFC", base + tone) for base in _BASES for tone in _TONES
]
#: The 134 Vietnamese letters that are not ASCII: 67 small and 67 capital, NFC.
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(_LOWER + [c.upper() for c in _LOWER])
_VI_SET = frozenset(VIETNAMESE_LETTERS)
_ALIEN = frozenset(
    chr(code) for code in range(0xA1, 0x100) if chr(code) not in _VI_SET
)  # Latin-1 characters that no Vietnamese text uses: TCVN3 and VNI letters in disguise

#: A regex (Python ``re`` and RE2 alike) for text worth checking for TCVN3/VNI: a Latin-1
#: character that is not a Vietnamese letter; a base vowel followed by a VNI mark that
#: Unicode Vietnamese never writes after it (``aâ eâ oâ`` for â ê ô, ``aê aè aé aú`` for
#: the breve, ``eá eà eã aá aà aã`` for a hat with a tone, a vowel or ``ô``/``ö`` before
#: ``ù``/``õ``); or a small letter followed by an accented capital (TCVN3 ``phÝ``).
#: Left out on purpose: ``oà oá oã``, which VNI writes for ồ ố ỗ but which are also the
#: Unicode of ``hoà``, ``hoá``, ``hoãn``, and every pair that only Unicode writes (``iê``
#: of Kiên, ``yê`` of Yên, ``uâ`` of Xuân, ``uô`` of buôn, ``uá`` of quá).  A VNI text of
#: some words has one of the marks above or an alien character; a cell whose font is a
#: VNI font is decided by its font whatever this says.
LEGACY_HINT_PATTERN = (
    "[" + "".join(sorted(_ALIEN)).replace("\\", "\\\\").replace("]", "\\]").replace("^", "\\^")
    .replace("-", "\\-") + "]"
    "|[aeoAEO][âÂ]|[aeAE][áàãÁÀÃ]|[aA][êèéúÊÈÉÚ]|[aeiouyAEIOUYôÔöÖ][ùõÙÕ]"
    "|[a-z][ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]"
)
#: Text that no legacy font can produce: a Vietnamese letter beyond Latin-1, or a
#: combining mark (Python ``re`` and RE2 alike).
UNICODE_VIETNAMESE_PATTERN = (
    "[" + "".join(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF) + "\u0300-\u036f]")
_LEGACY_HINT_RE = re.compile(LEGACY_HINT_PATTERN)


def _has_unicode_vietnamese(text: str) -> bool:
    """A letter beyond Latin-1 or a combining mark: text no legacy font produces."""
    for char in text:
        code = ord(char)
        if 0x100 <= code <= 0x1EFF and (char in _VI_SET or 0x300 <= code <= 0x36F):
            return True
    return False


def looks_legacy(text: str) -> bool:
    """Cheap test: could this text be TCVN3 or VNI (worth looking at the cell's font)?

    True when it has a Latin-1 character that is not a Vietnamese letter (``§ × Þ ¬
    ­ ª ®`` …), a vowel followed by a VNI mark (``eá``, ``oâ``), or a small letter
    followed by an accented capital (TCVN3 ``phÝ``, ``cÊp``); False for ASCII and
    for text that holds a Vietnamese letter outside Latin-1 (proper Unicode).  A True
    is a hint, not a verdict: :func:`detect_legacy` decides.  A cell whose font is a
    legacy font should be passed to :func:`detect_legacy` whatever this says (TCVN3
    ``lín``, for ``lớn``, looks like Unicode).
    """
    if not text or text.isascii():
        return False
    return bool(_LEGACY_HINT_RE.search(text)) and not _has_unicode_vietnamese(text)


def looks_legacy_series(series: pd.Series) -> pd.Series:
    """:func:`looks_legacy` over a Series (bool), vectorised with Arrow's RE2 kernels; a
    pre-filter for a sheet.  Numbers are never flagged (their text is ASCII)."""

    text = to_arrow_strings(series)
    flagged = pc.and_kleene(pc.match_substring_regex(text, LEGACY_HINT_PATTERN),
                            pc.invert(_unicode_vietnamese(text)))
    return pd.Series(pc.fill_null(flagged, False).to_numpy(zero_copy_only=False),
                     index=series.index, dtype=BOOL)


# up to this many cells, the distinct texts are checked by :func:`looks_legacy`: the
# kernels' two large patterns cost more to compile than a small sheet's texts to check
_FEW_CELLS = 4096


def columns_sample(columns: list[Any]) -> np.ndarray:
    """The cells of ``columns`` (Series or lists), column after column, as one object
    array: a sample :func:`legacy_suspects` takes (the title block and header of a
    sheet, asked with the other sheets of a batch)."""
    if not columns:
        return np.empty(0, dtype=OBJECT)
    return np.concatenate([np.asarray(c, dtype=OBJECT).reshape(-1) for c in columns])


def any_looks_legacy(columns: list[Any]) -> bool:
    """Whether any cell of ``columns`` (Series or lists) :func:`looks_legacy`
    (:func:`legacy_suspects` of their cells together)."""
    if not columns:
        return False
    return legacy_suspects([columns_sample(columns)])[0]


LEGACY_SAMPLE_ROWS = 5000  # a legacy sheet is legacy throughout: its first rows tell


def legacy_sample(frame: pd.DataFrame, columns: list[Any],
                  sample_rows: int = LEGACY_SAMPLE_ROWS) -> np.ndarray:
    """The cells of the first ``sample_rows`` rows of ``frame``'s ``columns``, column
    after column, as one object array: what :func:`fix_legacy_frame` looks at to
    decide whether a sheet is suspect (:func:`legacy_suspects`)."""
    position = {c: i for i, c in enumerate(frame.columns)}
    at = [position[c] for c in columns]
    if not at:
        return np.empty(0, dtype=OBJECT)
    return np.asarray(frame.to_numpy(dtype=OBJECT)[:sample_rows, at]).ravel(order="F")


def legacy_suspects(samples: list[Any]) -> list[bool]:
    """Whether any cell of each of ``samples`` (sequences of cells) :func:`looks_legacy`,
    all of them in one pass: each distinct text once for a few cells, else the kernels
    once over every cell (they cost per call, not per cell), so a region's sheets are
    looked at together."""
    if not samples:
        return []
    sizes = [len(sample) for sample in samples]
    cells = np.concatenate([np.asarray(sample, dtype=OBJECT).reshape(-1)
                            for sample in samples])
    if len(cells) <= _FEW_CELLS:  # (each distinct value as its own cell: no batch effect)
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        seen = np.array([looks_legacy(v if isinstance(v, str) else str(v)) for v in uniques]
                        + [False], dtype=BOOL)  # (the sentinel -1: a missing cell)
        flags = seen[codes]
    else:
        text = joined_arrow_strings(samples)
        flagged = pc.and_kleene(pc.match_substring_regex(text, LEGACY_HINT_PATTERN),
                                pc.invert(_unicode_vietnamese(text)))
        flags = np.asarray(pc.fill_null(flagged, False).to_numpy(zero_copy_only=False),
                           dtype=BOOL)
    out: list[bool] = []
    start = 0
    for size in sizes:
        out.append(bool(flags[start:start + size].any()))
        start += size
    return out


def normalize_columns(columns: list[pd.Series]) -> list[pd.Series]:
    """:func:`normalize_series` of each Series in ``columns``; the short ones (those
    :func:`normalize_series` would not read per distinct value) in one pass of the
    kernels over their cells together.  Cell for cell the same as one call each."""
    out: list[Any] = [None] * len(columns)
    short = [i for i, c in enumerate(columns) if len(c) < 1000]
    for i, column in enumerate(columns):
        if i not in short or len(short) == 1:
            out[i] = normalize_series(column)
    if len(short) > 1:
        arr = joined_arrow_strings([columns[i] for i in short])
        done = _normalize_arrow_strings(arr)
        ends = np.cumsum([len(columns[i]) for i in short])
        for i, piece in zip(short, np.split(done, ends[:-1])):
            out[i] = pd.Series(piece, index=columns[i].index, dtype=OBJECT)
    return out


def _unicode_vietnamese(arr: Any) -> Any:

    return pc.match_substring_regex(arr, UNICODE_VIETNAMESE_PATTERN)


def legacy_candidates(arr: Any) -> np.ndarray:
    """Which cells of an Arrow text array :func:`detect_legacy` could convert at all,
    whatever their font: not missing, not ASCII, no letter beyond Latin-1 (bool array)."""

    maybe = pc.and_kleene(pc.invert(pc.string_is_ascii(arr)),
                          pc.invert(_unicode_vietnamese(arr)))
    return np.asarray(pc.fill_null(maybe, False).to_numpy(zero_copy_only=False))


def fix_legacy_frame(frame: pd.DataFrame, columns: list[Any], source: SheetSource, *,
                     suspect: bool | None = None, sample_rows: int = LEGACY_SAMPLE_ROWS
                     ) -> tuple[int, str | None, LegacyEncoding | None]:
    """Convert the TCVN3/VNI cells of ``frame``'s text ``columns`` in place, each
    distinct (text, font) once: ``(cells converted, "'old' → 'new'" of the first one,
    its encoding)``.

    A sheet is looked at only when it is suspect: ``suspect`` says whether it is,
    when the caller has decided (its title block or header was legacy, or
    :func:`legacy_suspects` of its :func:`legacy_sample`, which a batch of sheets
    decides at once); ``None`` decides here, from whether some cell of its first
    ``sample_rows`` rows :func:`looks_legacy` (a legacy sheet is legacy throughout).
    Then only the cells that could be legacy at all
    (:func:`legacy_candidates`) are decided, with their fonts, which ``source`` gives
    (``source.meta(style_cells=…)`` and ``source.styles()``, the sheet's style scan);
    each distinct (text, font) is decided and converted once (:func:`detect_legacy`,
    :func:`convert_legacy`) and the results are put back column by column.  The cells
    are visited column by column, rows in order, for the count and the example.
    """

    if suspect is None:
        suspect = legacy_suspects([legacy_sample(frame, columns, sample_rows)])[0]
    if not suspect:
        return 0, None, None
    picked = []  # (column, row labels, texts)
    for col in columns:
        series = frame[col]
        mask = legacy_candidates(to_arrow_strings(series))
        if mask.any():
            picked.append((col, series.index[mask],
                           series.to_numpy(dtype=OBJECT, na_value=None)[mask]))
    if not picked:
        return 0, None, None
    fonts = _cell_fonts(source, [(int(row), col) for col, rows, _ in picked for row in rows])
    texts = np.concatenate([values for _, _, values in picked])
    codes, uniques = pd.MultiIndex.from_arrays(
        [pd.Index(texts, dtype=OBJECT), pd.Index(fonts, dtype=OBJECT)]).factorize()
    fixed = np.empty(len(uniques), dtype=OBJECT)
    encodings = np.empty(len(uniques), dtype=OBJECT)
    for i, (text, font) in enumerate(uniques):  # once per distinct (text, font)
        font = None if font == "" else font
        encoding = detect_legacy(str(text), font)
        encodings[i] = encoding
        fixed[i] = text if encoding is None else convert_legacy(
            str(text), encoding, capitals=is_capitals_font(font))
    out = fixed[codes]
    changed = out != texts
    count, example, encoding, start = int(changed.sum()), None, None, 0
    for col, rows, values in picked:
        part = changed[start:start + len(values)]
        if part.any():
            if example is None:
                first = start + int(part.argmax())
                example = f"'{texts[first]}' → '{out[first]}'"
                encoding = encodings[codes[first]]
            frame.loc[rows[part], col] = out[start:start + len(values)][part]
        start += len(values)
    return count, example, encoding


def _cell_fonts(source: SheetSource, cells: list[tuple[int, int]]) -> list[str]:
    """The font name of each cell ("" for none), from one style scan of the sheet."""
    meta = source.meta(style_cells=set(cells))
    styles = source.styles()
    if styles is None:
        return [""] * len(cells)
    by_style: dict[int, str] = {}
    out = []
    for cell in cells:  # dictionary look-ups: the scan itself visited every cell
        style = meta.styles.get(cell, 0)
        font = by_style.get(style)
        if font is None:
            font = by_style[style] = styles.font_of(style) or ""
        out.append(font)
    return out


# --- fonts ------------------------------------------------------------------------------
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def encoding_for_font(font_name: str | None) -> LegacyEncoding | None:
    """The legacy encoding a font name implies: ``.Vn*`` → ``"tcvn3"``, ``VNI*`` → ``"vni"``.

    ``.VnTime``, ``.VnTimeH``, ``.vnarial`` → tcvn3; ``VNI-Times``, ``VNI-Helve`` → vni;
    ``Times New Roman``, ``Arial``, None → None.  Same rule as viparse's detector.
    """
    if not font_name:
        return None
    name = _SUBSET_TAG.sub("", font_name.strip()).upper()
    if name.startswith(".VN"):
        return "tcvn3"
    if name.startswith("VNI"):
        return "vni"
    return None


def is_capitals_font(font_name: str | None) -> bool:
    """A TCVN3 capitals font (``.VnTimeH``, ``.VnArialH``): small letters drawn as capitals."""
    if encoding_for_font(font_name) != "tcvn3":
        return False
    return font_name.strip().endswith("H")  # type: ignore[union-attr]


# --- conversion -------------------------------------------------------------------------
# VNI letters missing from viparse's table, from the VNI layout (a + ú = ẳ).
_VNI_EXTRA = (("aú", "ẳ"), ("AÚ", "Ẳ"))


@cache
def _charmap(encoding: str) -> Any:
    # lazy: only legacy-encoded (TCVN3/VNI) text needs viparse
    from viparse.normalize.encodings import get_charmap

    # lazy: only legacy-encoded (TCVN3/VNI) text needs viparse
    from viparse.normalize.tables import build_charmap

    charmap = get_charmap(encoding)
    if charmap is None:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    if encoding == "vni":
        known = {legacy for legacy, _ in charmap.pairs}
        extra = [pair for pair in _VNI_EXTRA if pair[0] not in known]
        if extra:
            charmap = build_charmap("vni", [*charmap.pairs, *extra])
    return charmap


def convert_legacy(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Convert TCVN3 (``"tcvn3"``) or VNI (``"vni"``) text to Unicode, NFC.

    ``B×nh §Þnh`` (tcvn3) → ``Bình Định``; ``Tænh Bình Ñònh`` (vni) → ``Tỉnh Bình
    Định``.  ``capitals=True`` for a TCVN3 capitals font (``.VnTimeH``): the result
    is upper-cased, as the font draws it.  Characters outside the table pass
    through unchanged.  Only call this on text :func:`detect_legacy` flagged.
    """
    from viparse.normalize.tables import convert  # lazy: only legacy-encoded (TCVN3/VNI) text needs viparse

    out = convert(text, _charmap(encoding), "NFC")
    return unicodedata.normalize("NFC", out.upper()) if capitals else out


# --- the Vietnamese plausibility score ----------------------------------------------------
_WORD_RE = re.compile(r"[^\W\d_]+")
_TONE_MARKS = frozenset(_TONES)
_INITIALS = ("ngh", "ng", "gh", "gi", "kh", "ph", "th", "tr", "ch", "nh", "qu",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
# vowel clusters that end the syllable (no final consonant)
_OPEN = frozenset("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay oao "
                  "oeo uây uôi ươi ươu uyu uya".split())
# clusters that need a final consonant, and those that take one or not
_CLOSED_ONLY = frozenset("iê yê uô ươ uyê oă".split())
_EITHER = frozenset("a ă â e ê i o ô ơ u ư y oa oe oo uâ uê uơ uy".split())
_FINALS = ("ng", "nh", "ch", "c", "k", "m", "n", "p", "t")
_PALATAL_OK = frozenset("a ê i y oa uê uy".split())  # may take -nh / -ch
_QUALITY = frozenset("ăâêôơư")
_RHYME = re.compile(r"^(?P<cluster>[aăâeêioôơuưy]+)(?P<final>ng|nh|ch|c|k|m|n|p|t)?$")


def _rhyme_ok(cluster: str, final: str, tone_at: int | None) -> bool:
    """Whether cluster + final is a Vietnamese rhyme with the tone where it may go."""
    if final:
        if cluster not in _CLOSED_ONLY and cluster not in _EITHER:
            return False
        if final in ("nh", "ch") and cluster not in _PALATAL_OK:
            return False
    elif cluster not in _OPEN and cluster not in _EITHER:
        return False
    if tone_at is None:
        return True
    if any(char in _QUALITY for char in cluster):  # the tone sits on ă â ê ô ơ ư
        return cluster[tone_at] in _QUALITY
    if not final and len(cluster) > 1 and cluster not in ("oa", "oe", "uy"):
        return tone_at < len(cluster) - 1  # mía, múa, hái, not miá, muá, haí
    return True


def _is_syllable(word: str) -> bool:
    """Whether ``word`` (letters only) is a Vietnamese syllable.

    Structure: an optional initial consonant, a vowel cluster, an optional final
    consonant (``k`` included, for ``Đắk Lắk``); at most one tone mark, on a vowel where
    Vietnamese puts it (on ``ă â ê ô ơ ư`` when the cluster has one; not on the glide
    that ends an open cluster: ``mía`` yes, ``miá`` no; ``hoà`` and ``hòa`` both yes).
    """
    letters = unicodedata.normalize("NFC", word.lower())
    bases, tone_at = [], None
    for index, char in enumerate(letters):
        decomposed = unicodedata.normalize("NFD", char)
        marks = [m for m in decomposed if m in _TONE_MARKS]
        if len(marks) > 1 or (marks and tone_at is not None):
            return False
        if marks:
            tone_at = index
        bases.append(unicodedata.normalize(
            "NFC", "".join(m for m in decomposed if m not in _TONE_MARKS)))
    toneless = "".join(bases)
    if len(toneless) != len(letters):
        return False
    for initial in _INITIALS:
        if not toneless.startswith(initial):
            continue
        match = _RHYME.match(toneless[len(initial):])
        if match is None:
            continue
        at = None if tone_at is None else tone_at - len(initial)
        if at is not None and not 0 <= at < len(match.group("cluster")):
            continue
        if _rhyme_ok(match.group("cluster"), match.group("final") or "", at):
            return True
    return False


def _badness(text: str) -> tuple[int, int, int]:
    """(alien characters, non-Vietnamese words, words with a diacritic) of ``text``."""
    alien = sum(1 for char in text if char in _ALIEN)
    invalid = accented = 0
    for word in _WORD_RE.findall(text):
        if word.isascii():
            continue
        accented += 1
        # an accented capital inside a word that has small letters: TCVN3 phÝ, BÕn
        mixed = any(char.isupper() and not char.isascii() for char in word[1:]) and any(
            char.islower() for char in word)
        if mixed or not _is_syllable(word):
            invalid += 1
    return alien, invalid, accented


def _score(badness: tuple[int, int, int]) -> int:
    return 2 * badness[0] + badness[1]


def detect_legacy(text: str, font_name: str | None = None) -> LegacyEncoding | None:
    """Whether this cell's text is TCVN3 or VNI (the encoding to convert with), or None.

    The rules are in the module docstring: ASCII and proper Unicode Vietnamese are never
    flagged (``Bình Định`` stays); a ``.Vn*``/``VNI*`` font decides unless converting
    makes the text read worse; otherwise the content must clearly read as one encoding.
    """
    if not text or text.isascii() or _has_unicode_vietnamese(text):
        return None
    as_is = _badness(text)
    font_encoding = encoding_for_font(font_name)
    if font_encoding is not None:
        converted = convert_legacy(text, font_encoding)
        if converted == unicodedata.normalize("NFC", text):
            return None
        return font_encoding if _score(_badness(converted)) <= _score(as_is) else None
    if _score(as_is) == 0:
        return None
    eligible: list[tuple[int, LegacyEncoding]] = []
    for encoding in ("tcvn3", "vni"):
        converted = convert_legacy(text, encoding)
        if converted == text:
            continue
        alien, invalid, accented = _badness(converted)
        # at least one word of two letters or more with a diacritic: ``2 × 3`` is
        # not TCVN3 ``2 ì 3``
        if not any(len(word) > 1 and not word.isascii()
                   for word in _WORD_RE.findall(converted)):
            continue
        if alien == 0 and invalid <= accented // 10:
            eligible.append((_score((alien, invalid, accented)), encoding))
    if not eligible:
        return None
    eligible.sort()
    if len(eligible) > 1 and eligible[0][0] == eligible[1][0]:
        return None  # both read as Vietnamese: not enough to tell
    return eligible[0][1]


def fix_legacy(text: str, font_name: str | None = None) -> tuple[str, LegacyEncoding | None]:
    """Detect and convert one cell: ``(text, None)`` unchanged, or ``(unicode, encoding)``.

    The caller reports each converted cell (or sheet) as info.  A TCVN3 capitals font
    (``.VnTimeH``) gives capitals.
    """
    encoding = detect_legacy(text, font_name)
    if encoding is None:
        return text, None
    capitals = encoding == "tcvn3" and is_capitals_font(font_name)
    return convert_legacy(text, encoding, capitals=capitals), encoding
