"""Row kinds: which rows of a table body are đề án, sections, subtotals, totals.

* a row whose STT is a whole number (``1``, ``2.1``) is a **detail** row, unless
  its next row is one of its items (``1.1``, ``a``, ``-``): then it is a **group**, a
  subtotal of its items (:func:`groups`, once the figures are known); a row without
  STT above numbered rows (``Khuyến công quốc gia``, ``Vùng Tây Nguyên``) is one too;
* a row whose STT is a capital letter (``A``) or a Roman numeral (``I``, ``II``) is a
  **subtotal** (level 1 for letters, 2 for Roman numerals) when it has figures, a
  **section** heading when it has none;
* a row whose first text begins with ``Cộng``/``Subtotal`` is a subtotal (level 3)
  that closes the detail rows above it; ``Cộng`` alone too, unless it is the one such
  row of a table without a total row (then it is the total);
* a row whose text begins with ``Tổng cộng``/``Tổng số``/``Total`` is the **total**.

Sections may name the program of the rows under them (``A. KHUYẾN CÔNG ĐỊA
PHƯƠNG``, ``I. KHUYẾN CÔNG QUỐC GIA``); a section that names none (``I. Đào tạo
nghề`` under ``A. …``) keeps the program of the section above it.  A detail row may
stand for several đề án (``03 đề án … (7 cơ sở)``): :func:`multiplicity` reads how many.

The row tests run as Arrow kernels over whole columns: no Python loop over rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kcbudget.dtypes import BOOL, INT64, OBJECT
from kcbudget.read.layout import RowKind, kind_is
from kcbudget.read.text import map_distinct, map_distinct_values
from kcbudget.text import (
    fold,
    fold_arrow,
    fold_arrow_simple,
    joined_arrow_strings,
    to_arrow_strings,
)
from kcbudget.reference import match_program

_LETTER = r"^[A-Z]$"
_SP = r"[\s\v\x1c-\x1f\x85\p{Z}]"  # what Python's \s and str.strip() take as space
_STT_CLEAN_RE2 = r"[\s\v\x1c-\x1f\x85\p{Z}\.\-–:)]+$"
_ROMAN_RE2 = r"^X{0,3}(IX|IV|V?I{0,3})$"
_SUBTOTAL_WORDS = r"^(?:cộng|subtotal|sub-total|sub total)"
_SUBTOTAL_RE2 = _SUBTOTAL_WORDS + r"(?:" + _SP + r"|:|$)"
_SUBTOTAL_NOT_RE2 = _SUBTOTAL_WORDS + _SP + r"*đồng"
# "A. KHUYẾN CÔNG…" or "I - Đào tạo nghề" written in the label column, without an STT
_LABEL_SECTION_RE2 = (r"^(?:[A-Z]|[IVX]{2,5})" + _SP + r"*[\.\-–:)]" + _SP
                      + r"*[^\d\s\p{Z}]")
TOTAL_WORDS = ("tổng cộng", "tổng số", "total", "grand total")
_MULTIPLE = re.compile(r"(?<!\d)0*(\d{1,3})\s*(?:đề án|dự án|nhiệm vụ)(?!\s*(?:/|trên))",
                       re.IGNORECASE)
# every match of _MULTIPLE has one of these (``án`` of đề án and dự án, ``vụ`` of nhiệm
# vụ, in the cases that re.IGNORECASE matches, composed as the pattern is)
_MULTIPLE_HINT = "[áÁ][nN]|[vV][ụỤ]"
_FACILITIES = re.compile(r"\(\s*0*(\d{1,4})\s*(?:cơ sở|doanh nghiệp|hộ|đơn vị|hợp tác xã|htx)"
                         r"[^)]*\)", re.IGNORECASE)


# the words that end a table: a note, the signature block
END_WORDS = ("ghi chú", "người lập biểu", "người lập", "thủ trưởng đơn vị", "kế toán trưởng",
             "giám đốc", "phó giám đốc", "lập biểu", "xác nhận", "nơi nhận", "prepared by",
             "note:", "notes:")
DATE_LINE_RE2 = (r"(?i)ngày" + _SP + r"*[\d\.…_ ]*" + _SP + r"*tháng" + _SP
                 + r"*[\d\.…_ ]*" + _SP + r"*năm")
# a numbered row (``1``, ``2.1``)
_NUMBERED_RE2 = r"^\d+(?:[.,]\d+)*$"
# an item under a numbered row: a lower-case letter (``a``, ``b)``) or a bullet in the STT
_ITEM_STT_RE2 = r"^(?:[a-zđ]|[-+*•–])[\.\):]?$"
# ... or no STT and a label that begins with a bullet (``- KCQG``, ``+ Ngân sách tỉnh``)
_BULLET_RE2 = r"^[-+*•–]"
_INLINE_LETTER_RE2 = r"^[A-HJ-UWYZ]" + _SP + r"*[\.\-–:)]"


def starts_any_pattern(words: Iterable[str]) -> str:
    """The RE2 pattern of a text that begins with one of ``words``."""
    return "^(?:" + "|".join(re.sub(r"([\\.^$*+?()\[\]{}|])", r"\\\1", w)
                             for w in words) + ")"


_END_RE2 = starts_any_pattern(END_WORDS)


def starts_any(arr: Any, words: Iterable[str]) -> np.ndarray:
    """Cells that begin with one of ``words`` (one regex kernel, not one per word)."""
    return _mask(pc.match_substring_regex(arr, starts_any_pattern(words)))


@dataclass(frozen=True)
class RowFeatures:
    """What the row kinds read of each row's label (its first text cell) and its STT
    cell, row for row.  Every test is a cell-wise Arrow kernel, so
    :func:`row_features` runs each once over the rows of every sheet of a batch (a
    region's few dozen files) and cuts the results per sheet: on a sheet of a few
    dozen rows a kernel costs far more to call (a regex is compiled at each call)
    than to run.  The end of the table, :func:`classify` and :func:`groups` read
    them; :meth:`take` keeps the rows a sheet keeps."""
    folded_label: Any  # Arrow text: :func:`kcbudget.text.fold` of the label, "" if missing
    raw_label: Any  # Arrow text: the label, outer spaces trimmed, "" if missing
    stt_clean: Any  # Arrow text: the STT trimmed, its closing ``.``/``-``/``:``/``)`` cut
    end: np.ndarray  # the label or the STT begins with an end word (END_WORDS)
    date_line: np.ndarray  # the label is a date line ``ngày … tháng … năm``
    short: np.ndarray  # the folded label is shorter than 80 characters
    roman: np.ndarray  # the STT is a Roman numeral
    letter: np.ndarray  # the STT is one capital letter (and no Roman numeral)
    numbered: np.ndarray  # the STT is a number, ``1`` or ``2.1``
    depth: np.ndarray  # the STT's count of ``.``/``,`` (int64)
    stt_blank: np.ndarray  # the trimmed STT is empty
    stt_empty: np.ndarray  # the cleaned STT is empty
    item: np.ndarray  # the STT is an item's (``a``, ``-``), or blank and the label a bullet
    bullet: np.ndarray  # the label begins with a bullet (``-``, ``+``, ``•``)
    subtotal: np.ndarray  # the label begins with ``Cộng``/``Subtotal`` (not ``… đồng``)
    inline: np.ndarray  # the label is numbered as a section (``A.``, ``II -``), no STT
    inline_letter: np.ndarray  # … with a capital letter (``A.``): a level-1 section

    def take(self, at: np.ndarray) -> RowFeatures:
        """The features of the rows at positions ``at``, in that order."""
        indices = pa.array(np.asarray(at, dtype=np.int64), pa.int64())
        return RowFeatures(**{f.name: (getattr(self, f.name)[at]
                                       if isinstance(getattr(self, f.name), np.ndarray)
                                       else getattr(self, f.name).take(indices))
                              for f in fields(self)})


def row_features(rows: Sequence[tuple[Any, Any]]) -> list[RowFeatures]:
    """The :class:`RowFeatures` of each (label, STT) pair of ``rows`` (two columns of
    the same length, pandas Series or sequences of text, None for missing): each
    kernel once over the rows of all of them, cut back per pair, so that every
    sheet's features are exactly those it would have alone."""

    if not rows:
        return []
    sizes = [len(label) for label, _ in rows]
    labels = joined_arrow_strings([label for label, _ in rows])
    stts = joined_arrow_strings([stt for _, stt in rows])
    folded_label, folded_stt = fold_arrow(labels), fold_arrow(stts)
    raw_label = pc.fill_null(pc.utf8_trim_whitespace(labels), "")
    stt_trim = pc.fill_null(pc.utf8_trim_whitespace(stts), "")
    stt_clean = pc.replace_substring_regex(stt_trim, _STT_CLEAN_RE2, "")
    stt_empty = _mask(pc.equal(stt_clean, ""))
    roman = _mask(pc.match_substring_regex(stt_clean, _ROMAN_RE2)) & ~stt_empty
    stt_blank = _mask(pc.equal(stt_trim, ""))
    bullet = _mask(pc.match_substring_regex(raw_label, _BULLET_RE2))
    inline = _mask(pc.match_substring_regex(raw_label, _LABEL_SECTION_RE2)) & stt_empty
    whole = {
        "folded_label": folded_label, "raw_label": raw_label, "stt_clean": stt_clean,
        "end": (_mask(pc.match_substring_regex(folded_label, _END_RE2))
                | _mask(pc.match_substring_regex(folded_stt, _END_RE2))),
        "date_line": _mask(pc.match_substring_regex(folded_label, DATE_LINE_RE2)),
        "short": _mask(pc.less(pc.utf8_length(folded_label), 80)),
        "roman": roman,
        "letter": _mask(pc.match_substring_regex(stt_clean, _LETTER)) & ~roman,
        "numbered": _mask(pc.match_substring_regex(stt_clean, _NUMBERED_RE2)),
        "depth": np.asarray(pc.count_substring_regex(stt_clean, r"[.,]").to_numpy(
            zero_copy_only=False), dtype=np.int64),
        "stt_blank": stt_blank, "stt_empty": stt_empty,
        "item": _mask(pc.match_substring_regex(stt_trim, _ITEM_STT_RE2)) | (stt_blank & bullet),
        "bullet": bullet,
        "subtotal": (_mask(pc.match_substring_regex(folded_label, _SUBTOTAL_RE2))
                     & ~_mask(pc.match_substring_regex(folded_label, _SUBTOTAL_NOT_RE2))),
        "inline": inline,
        "inline_letter": inline & _mask(pc.match_substring_regex(raw_label,
                                                                 _INLINE_LETTER_RE2)),
    }
    for v in whole.values():  # slices of these are every sheet's: never written in place
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
    out: list[RowFeatures] = []
    start = 0
    for size in sizes:
        stop = start + size
        out.append(RowFeatures(**{k: v[start:stop] if isinstance(v, np.ndarray)
                                  else v.slice(start, size) for k, v in whole.items()}))
        start = stop
    return out


_FALSE = pa.scalar(False)


def _mask(arrow_bools: Any) -> np.ndarray:
    """An Arrow boolean array as a numpy one, missing → False (``coalesce`` called
    directly, and only where a cell is missing: ``pc.fill_null`` costs more to call
    than to run on a sheet's few dozen rows)."""

    if arrow_bools.null_count:
        arrow_bools = pc.call_function("coalesce", [arrow_bools, _FALSE])
    return np.asarray(arrow_bools.to_numpy(zero_copy_only=False), dtype=BOOL)


def fold_series(series: pd.Series) -> pd.Series:
    """:func:`kcbudget.text.fold` over a Series; missing → ``""`` (object Series)."""

    arr = fold_arrow(series)
    return pd.Series(arr.to_numpy(zero_copy_only=False), index=series.index, dtype=OBJECT)


# the cells turned into Arrow text at a time where a sheet's every cell is looked at: a
# large sheet's text is not held twice, as Python strings and as Arrow's (the body of a
# 1 000 000-row sheet is some 200 MB of Arrow text)
_ARROW_CELLS = 1 << 18


# (places of the cells that could be a total label, in a body's cells taken column
# after column; their text folded for the test: NFC, lower case, outer spaces trimmed)
TotalCells = tuple[np.ndarray, list[str]]


def label_positions(text: pd.DataFrame, label_columns: Iterable[int] | None) -> list[int]:
    """The positions among ``text``'s columns of those a total's label may stand in
    (all when ``label_columns`` is None)."""
    wanted = None if label_columns is None else set(label_columns)
    return [i for i, c in enumerate(text.columns) if wanted is None or c in wanted]


def total_cells(asked: list[tuple[np.ndarray, list[int]]]) -> list[TotalCells]:
    """For each (body, positions) of ``asked``: the cells of the body's columns at
    ``positions``, column after column, that could be a total label
    (:func:`_may_be_total`), as their places in that order and their folded text.

    Each body's cells are turned into Arrow text as they would be alone
    (:data:`_ARROW_CELLS` at a time: a cell that is not text is read by ``str`` as
    its own part reads it), and the regex runs once over about :data:`_ARROW_CELLS`
    cells of all of them together (an Arrow regex compiles its pattern anew at each
    call, which costs more than a small sheet's cells); the few found are folded at
    once.  Cell for cell what each body would get alone."""
    sizes: list[int] = []
    places: list[np.ndarray] = []
    texts: list[Any] = []
    group: list[Any] = []  # Arrow text not yet tested, and where it begins
    group_at, group_cells, offset = 0, 0, 0

    def test_group() -> None:
        nonlocal group, group_cells
        if not group:
            return
        part = pa.concat_arrays(group) if len(group) > 1 else group[0]
        hit = np.flatnonzero(_may_be_total(part))
        if hit.size:
            places.append(hit + group_at)
            texts.append(part.take(pa.array(hit)))
        group, group_cells = [], 0

    for body, positions in asked:
        # (column after column; references to the cells, not copies of them)
        cells = np.concatenate([body[:, p] for p in positions]) if positions \
            else np.zeros(0, dtype=OBJECT)
        sizes.append(cells.size)
        for lo in range(0, cells.size, _ARROW_CELLS):
            if not group:
                group_at = offset + lo
            piece = to_arrow_strings(cells[lo:lo + _ARROW_CELLS])
            group.append(piece)
            group_cells += len(piece)
            if group_cells >= _ARROW_CELLS:
                test_group()
        offset += cells.size
        del cells
    test_group()
    found = np.concatenate(places) if places else np.zeros(0, dtype=INT64)
    folded: list[str] = []
    if places:
        folded = pc.utf8_trim_whitespace(pc.utf8_lower(pc.utf8_normalize(
            pa.concat_arrays(texts), form="NFC"))).to_pylist()
    out: list[TotalCells] = []
    start = 0
    for size in sizes:
        lo, hi = np.searchsorted(found, [start, start + size])
        out.append((found[lo:hi] - start, folded[lo:hi]))
        start += size
    return out


def _may_be_total(cells: pd.Series) -> np.ndarray:
    """A cheap Arrow regex over a column: cells that could be a total label."""


    arr = to_arrow_strings(cells)
    hit = pc.match_substring_regex(arr, r"(?i)^\s*(tổ|to|cộ|co|grand|sub)")
    return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False))


# below this many cells, folding in Python costs less than the Arrow kernels' set-up
_FOLD_IN_PYTHON = 64


def repeated_header(text: pd.DataFrame, header_text: dict[int, set[str]]) -> np.ndarray:
    """Rows that repeat the header (a second table stacked under the first, its header
    written again): at least two non-blank cells, each one of its column's header
    texts.  ``header_text``: column index → the folded texts of its header cells."""

    n = len(text.index)
    columns = [c for c in text.columns if header_text.get(c)]
    if not n or len(columns) < 2:
        return np.zeros(n, dtype=BOOL)

    # a row stays a candidate while each of its filled cells is a header text: a cell in
    # a column without one, or a filled cell that is not its column's, rules it out, so
    # only the candidates' cells are folded (the fullest column first: in a table, its
    # figures rule out nearly every row at once).  A few cells are folded by Python (an
    # Arrow kernel costs more than that); many, by Arrow kernels, and the few cells those
    # cannot fold (text beyond plain Vietnamese, old tone placement) by Python at the
    # end, for the rows still candidates: a body of đề án folds next to nothing in Python.
    body = text.to_numpy(dtype=OBJECT)
    filled: np.ndarray = ~np.asarray(pd.isna(body), dtype=BOOL)
    position = {c: i for i, c in enumerate(text.columns)}
    others = [position[c] for c in text.columns if c not in columns]
    candidate = np.ones(n, dtype=BOOL)
    if others:
        candidate &= ~filled[:, others].any(axis=1)
    present = {c: filled[:, position[c]] for c in columns}
    matched = np.zeros(n, dtype=INT64)
    later: list[tuple[int, np.ndarray]] = []
    for c in sorted(columns, key=lambda c: -int(present[c].sum())):
        look = np.flatnonzero(present[c] & candidate)
        if not look.size:
            continue
        if look.size <= _FOLD_IN_PYTHON:
            values = body[look, position[c]]
            hit = np.fromiter((fold(str(v)) in header_text[c] for v in values), dtype=BOOL,
                              count=len(values))
            matched[look[hit]] += 1
            candidate[look[~hit]] = False
            continue
        wanted = pa.array(sorted(header_text[c]), pa.string())
        for lo in range(0, look.size, _ARROW_CELLS):  # (a large sheet's in parts)
            part = look[lo:lo + _ARROW_CELLS]
            _, folded, simple = fold_arrow_simple(text[c].iloc[part])
            found = _mask(pc.is_in(folded, value_set=wanted))
            del folded
            candidate[part[simple & ~found]] = False
            matched[part[simple & found]] += 1
            later.append((c, part[~simple]))
    for c, look in later:
        look = look[candidate[look]]
        if look.size:
            found = map_distinct(text[c].iloc[look], lambda v: fold(str(v))) \
                .isin(header_text[c]).to_numpy()
            candidate[look[~found]] = False
            matched[look[found]] += 1
    out: np.ndarray = candidate & (matched >= 2)
    return out


def classify(text: pd.DataFrame, label: pd.Series, stt: pd.Series,
             numeric_columns: Iterable[int], label_columns: Iterable[int] | None = None,
             header_text: dict[int, set[str]] | None = None, *,
             features: RowFeatures | None = None,
             totals: TotalCells | None = None) -> tuple[pd.Series, pd.Series]:
    """(kind, level) per row, as pandas Series over ``text.index``.

    ``text``: the body's text frame keyed by column index; ``label``: each row's first
    text cell; ``stt``: the STT column (or all missing); ``numeric_columns``: the
    indices of figure columns, whose cells are cleared where they hold the total's
    label (``Tổng cộng`` written in an amount column); ``label_columns``: the columns
    a total's label may stand in (STT, name, province, content and the figure columns;
    never a note: ``Ghi chú`` "Tổng số 3 đề án chuyển tiếp" is no total), all when
    None; ``header_text``: column index → the folded texts of its header cells, for
    the rows that repeat the header (notes, their cells cleared); ``features``: the
    :func:`row_features` of (``label``, ``stt``), where the caller has them;
    ``totals``: the :func:`total_cells` of (the body's cells, :func:`label_positions`),
    where the caller has them."""

    if features is None:
        features = row_features([(label, stt)])[0]
    n = len(text.index)
    roman, letter = features.roman, features.letter
    # a numbered row is a đề án
    detail = features.numbered.copy()
    total = np.zeros(n, dtype=BOOL)
    cong = np.zeros(n, dtype=BOOL)  # rows with a bare "Cộng" cell
    # the label may stand in any column, even a numeric one: every cell of the body in
    # one Arrow array (column after column), the few that could be a total folded
    positions = label_positions(text, label_columns)
    columns = [text.columns[i] for i in positions]
    if n and columns:
        if totals is None:
            # (one block of text: no copy of the cells)
            totals = total_cells([(text.to_numpy(dtype=OBJECT), positions)])[0]
        maybe, folded = totals
        if maybe.size:
            bare = np.array([f.rstrip(" :.") == "cộng" for f in folded], dtype=BOOL)
            hit = np.array([f.startswith(TOTAL_WORDS) or f.rstrip(" :.") == "tổng"
                            for f in folded], dtype=BOOL)
            total[maybe[hit] % n] = True
            cong[maybe[bare] % n] = True
            hit |= bare
            rows, cols = maybe[hit] % n, maybe[hit] // n
            for position in np.unique(cols):
                col = columns[int(position)]
                if col in numeric_columns:
                    text.loc[text.index[rows[cols == position]], col] = None
    total &= ~detail
    # a bare "Cộng" closes the section above it; it is the grand total only when it is
    # the one such row of a table that has no total row
    cong &= ~detail & ~total
    if cong.sum() == 1 and not total.any():
        total |= cong
        cong[:] = False
    subtotal = features.subtotal & ~detail & ~total
    # no STT column, but the label itself numbered "A." / "II." (sections written inline)
    inline = features.inline & ~total & ~subtotal
    inline_letter = inline & features.inline_letter
    inline_roman = inline & ~inline_letter
    letter = letter | inline_letter
    roman = roman | inline_roman
    kind = np.empty(n, dtype=OBJECT)
    kind.fill(RowKind.detail)  # (np.full would store the str of a str enum)
    level = np.zeros(n, dtype=INT64)
    header = repeated_header(text, header_text) if header_text else np.zeros(n, dtype=BOOL)
    if header.any():
        text.loc[text.index[header], :] = None
        letter, roman, subtotal, total = (m & ~header for m in (letter, roman, subtotal,
                                                                total))
        detail &= ~header
    closing = (subtotal | cong) & ~roman & ~letter
    for mask, row_kind, row_level in ((letter, RowKind.subtotal, 1),
                                      (roman, RowKind.subtotal, 2),
                                      (closing, RowKind.subtotal, 3),
                                      (total, RowKind.total, 9)):
        kind[mask] = row_kind
        level[mask] = row_level
    kind[header] = RowKind.note
    return (pd.Series(kind, index=text.index, dtype=OBJECT),
            pd.Series(level, index=text.index, dtype=INT64))


CLOSING = 3  # level of a ``Cộng`` row, which closes the rows above it
GROUP = 4  # level of a row without STT carrying the sum of the numbered rows below it
NUMBERED = 5  # level of a numbered row ``1``; ``1.1`` is 6, ``1.1.1`` 7 …
BREAKDOWN = 50  # level of a ``- KCQG`` row splitting the total above it (``Trong đó:``)


def program_item(label: object) -> str | None:
    """The program a row's label names and nothing else (``- KCQG``, ``+ Khuyến công
    địa phương``), or None."""
    if label is None or label != label:
        return None

    text = re.sub(r"^[-+*•–]\s*", "", str(label).strip()).rstrip(" :.")
    found = match_program(text) if text else None
    return getattr(found, "value", found)


def groups(kind: pd.Series, level: pd.Series, stt: pd.Series, label: pd.Series,
           has_values: Any, features: RowFeatures | None = None,
           ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Rows that carry the sum of the rows under them, made subtotals.

    * a numbered row (``1``) whose next row with figures is one of its items (``1.1``
      under ``1``; a lower-case letter ``a``, a bullet ``-``/``+`` in the STT; or no
      STT and a label beginning with a bullet) is a **group**: a subtotal at level
      :data:`NUMBERED` + its depth that covers its items, never a đề án itself;
    * a row without STT, with figures, whose next row with figures is numbered (a
      section ``Khuyến công quốc gia`` or a region ``Vùng Tây Nguyên`` written above
      its numbered rows) is a subtotal at level :data:`GROUP`.

    Every numbered row gets its level (a detail row too), so that a group's cover ends
    at the next row numbered at its depth or above.  Only blank-STT rows without figures
    (``Trong đó:``) may stand between a row and its first item.  Returns (kind, level,
    parent): ``parent`` is, for each item of a group, the sheet row of the group.
    ``features``: the :func:`row_features` of (``label``, ``stt``), where the caller
    has them."""


    n = len(kind)
    values = np.asarray(has_values, dtype=BOOL)
    if not n or not values.any():
        return kind, level, pd.Series(None, index=kind.index, dtype=OBJECT)
    parents = np.full(n, None, dtype=OBJECT)
    if features is None:
        features = row_features([(label, stt)])[0]
    numbered, depth, blank = features.numbered, features.depth, features.stt_blank
    raw_label, bullet, item = features.raw_label, features.bullet, features.item
    stt_clean = features.stt_clean
    given = kind.to_numpy(dtype=OBJECT)
    kinds = given.copy()
    levels = level.to_numpy().copy()
    detail = kind_is(given, RowKind.detail) & values
    levels[numbered] = NUMBERED + depth[numbered]
    # the next row with figures, and whether only blank-STT rows stand before it
    with_values = np.flatnonzero(values)
    at = np.searchsorted(with_values, np.arange(n), side="right")
    nxt = np.where(at < len(with_values), with_values[np.minimum(at, len(with_values) - 1)], -1)
    gap_ok = np.zeros(n, dtype=BOOL)
    filler = np.cumsum(~blank | values)  # rows that may not stand between
    ok = nxt >= 0
    gap_ok[ok] = (filler[nxt[ok] - 1] - filler[np.flatnonzero(ok)]) == 0
    ok &= gap_ok
    nxt_safe = np.where(ok, nxt, 0)
    stt_text = stt_clean.to_numpy(zero_copy_only=False)
    # numbered groups: the next row is an item, or numbered deeper below this number
    candidate = np.flatnonzero(detail & numbered & ok)
    group = np.zeros(n, dtype=BOOL)
    for i in candidate:
        j = nxt_safe[i]
        if item[j] or (numbered[j] and depth[j] > depth[i] and
                       str(stt_text[j]).startswith(str(stt_text[i]) + ".")):
            group[i] = True
    kinds[group] = RowKind.subtotal
    # rows without STT above numbered rows
    heading = detail & blank & ~bullet & ok & numbered[nxt_safe] & ~group
    kinds[heading] = RowKind.subtotal
    levels[heading] = GROUP
    # the split of a total (``Trong đó:`` then ``- KCQG``, ``- KCĐP``): blank-STT rows
    # with figures right under it, each a bullet item or a program's name
    rows = kind.index.to_numpy()
    total_at = np.flatnonzero(kind_is(given, RowKind.total))
    for i in total_at:
        j = i + 1
        while j < n and blank[j] and not values[j]:
            j += 1
        while j < n and (blank[j] or item[j]) and values[j] and kinds[j] == RowKind.detail \
                and (item[j] or program_item(raw_label[j].as_py()) is not None):
            kinds[j], levels[j] = RowKind.subtotal, BREAKDOWN
            parents[j] = int(rows[i])
            j += 1
    # the items of each group: the rows after it up to the next numbered row
    for i in np.flatnonzero(group):
        j = i + 1
        while j < n and not numbered[j] and kinds[j] != RowKind.total and not heading[j]:
            if kinds[j] == RowKind.detail and item[j]:
                parents[j] = int(rows[i])
            j += 1
    return (pd.Series(kinds, index=kind.index, dtype=OBJECT),
            pd.Series(levels, index=kind.index, dtype=INT64),
            pd.Series(parents, index=kind.index, dtype=OBJECT))


def sections(kind: pd.Series, level: pd.Series, label: pd.Series,
             parent: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """(program, section row) per row: the program named by the section rows above a
    row, carried down (a lower section that names none keeps the program of the one
    above it, and a new section at the same or a higher level replaces it), and the
    sheet row of the nearest section or subtotal row above.  An item of a group
    (``parent`` given) whose label is a program's name (``- KCQG`` under a province)
    is of that program."""


    kinds = kind.to_numpy(dtype=OBJECT)
    labels = (label if label.index.equals(kind.index) else label.reindex(kind.index)) \
        .to_numpy(dtype=OBJECT)
    levels = level.to_numpy()
    is_detail = kind_is(kinds, RowKind.detail)
    is_head = ~is_detail & ~kind_is(kinds, RowKind.total)
    # a numbered đề án ends the sections numbered at its depth or deeper above it
    closes = is_detail & (levels > 0)
    named_values = np.full(len(kind), None, dtype=OBJECT)
    if is_head.any():
        named_values[is_head] = map_distinct_values(
            labels[is_head], lambda v: _program_of(v, match_program))
    rows = kind.index.to_numpy()
    stack: list[tuple[int, str | None, int]] = []  # (level, program, row)
    head_rows = np.flatnonzero(is_head | closes)
    # walk only the heading rows; detail rows take the state of the heading above them
    state_program: list[str | None] = [None] * (len(head_rows) + 1)
    state_row: list[int | None] = [None] * (len(head_rows) + 1)
    for n, i in enumerate(head_rows):
        lvl = int(levels[i]) or 3
        while stack and stack[-1][0] >= lvl:
            stack.pop()
        if closes[i]:  # a numbered đề án: it closes, opens nothing, keeps the section row
            state_program[n + 1] = stack[-1][1] if stack else None
            state_row[n + 1] = state_row[n]
            continue
        program = named_values[i]
        if program is None and stack:
            program = stack[-1][1]
        if lvl != 3:  # a "Cộng" row closes rows; it opens no section
            stack.append((lvl, program, int(rows[i])))
        state_program[n + 1] = program if lvl != 3 else (stack[-1][1] if stack else None)
        state_row[n + 1] = int(rows[i])
    position = np.searchsorted(head_rows, np.arange(len(kind)), side="right")
    programs = np.array(state_program, dtype=OBJECT)[position]
    section_rows = np.array(state_row, dtype=OBJECT)[position]
    has_parent = ~np.asarray(pd.isna(parent.to_numpy(dtype=OBJECT)), dtype=BOOL) \
        if parent is not None else None
    if has_parent is not None and has_parent.any():
        items = has_parent & is_detail
        named_items = map_distinct_values(labels[items], program_item)
        programs = programs.copy()
        programs[np.flatnonzero(items)] = np.where(pd.isna(named_items), programs[items],
                                                   named_items)
    # a heading row itself sits under its own section
    return (pd.Series(programs, index=kind.index, dtype=OBJECT),
            pd.Series(section_rows, index=kind.index, dtype=OBJECT))


def _program_of(label: object, match_program: Callable[[str], Any]) -> str | None:
    if label is None or label != label:
        return None
    found = match_program(str(label))
    if found is None:

        text = fold(str(label))
        text = re.sub(r"^(?:[a-z]|[ivx]+)\s*[\.\-–:)]\s*", "", text)
        found = match_program(text)
        if found is None:
            if re.search(r"khuyến công quốc gia|kcqg", text) and not re.search(
                    r"khuyến công địa phương|kcđp|kcdp", text):
                return "KCQG"
            if re.search(r"khuyến công địa phương|kcđp|kcdp", text) and not re.search(
                    r"khuyến công quốc gia|kcqg", text):
                return "KCDP"
            return None
    return str(getattr(found, "value", found))


def inherit(frame: pd.DataFrame, label: pd.Series, parent: pd.Series,
            keys: tuple[str, ...] = ("province", "project_name")) -> bool:
    """An item of a group that is only a program's name (``- KCQG`` under ``1 Thanh
    Hóa``) is that group's province or đề án: the cells of ``keys`` that hold the
    program's name (or nothing) take the group row's value.  ``frame`` is changed;
    whether any cell was is returned."""

    if parent is None or not parent.notna().any():
        return False
    items = parent.dropna()
    named = items[label.reindex(items.index).map(program_item).notna()]
    if named.empty:
        return False
    changed = False
    for key in keys:
        if key not in frame:
            continue
        own = frame.loc[named.index, key]
        fill = own.isna() | (own.astype(str).str.strip() == label.reindex(named.index)
                             .astype(str).str.strip())
        if fill.any():
            source = frame[key].reindex(pd.Index(named[fill].astype(INT64)))
            frame.loc[named.index[fill.to_numpy()], key] = source.to_numpy()
            changed = True
    return changed


_COUNTED_BENEFICIARY = re.compile(r"^\s*0*(\d{1,4})\s+(?:cơ sở|doanh nghiệp|hộ|đơn vị|hợp tác "
                                  r"xã|htx)\b", re.IGNORECASE)


def _projects(value: object) -> int:
    if value is None or value != value:
        return 1
    match = _MULTIPLE.search(str(value))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else 1


def _facilities(value: object) -> int | None:
    if value is None or value != value:
        return None
    match = _FACILITIES.search(str(value))
    return int(match.group(1)) if match else None


def _counted(value: object) -> int | None:
    if value is None or value != value:
        return None
    match = _COUNTED_BENEFICIARY.match(str(value))
    return int(match.group(1)) if match else None


def multiplicity(names: pd.Series, beneficiary: pd.Series | None = None
                 ) -> tuple[pd.Series, pd.Series]:
    """(đề án, beneficiaries) a row stands for, from its text: ``03 đề án … (7 cơ sở)``
    gives (3, 7); a beneficiary written ``02 cơ sở cơ khí (…)`` gives 2 beneficiaries;
    a row that says nothing gives (1, missing)."""
    return multiplicities([(names, beneficiary)])[0]


def _mapped(parts: list[np.ndarray], fn: Callable[[Any], Any]) -> list[np.ndarray]:
    """:func:`map_distinct_values` of each of ``parts``: ``fn`` once per distinct text of
    them all (each part alone where a value is no text: ``1`` and ``True`` are one key
    to a hash table)."""
    joined = parts[0] if len(parts) == 1 else np.concatenate(parts)
    codes, uniques = pd.factorize(joined, use_na_sentinel=True)
    if len(parts) > 1 and not all(type(u) is str for u in uniques):
        return [map_distinct_values(p, fn) for p in parts]
    table = np.empty(len(uniques) + 1, dtype=OBJECT)
    for i, u in enumerate(uniques):
        table[i] = fn(u)
    table[-1] = None
    mapped = np.asarray(table[codes])
    cuts = np.cumsum([0] + [len(p) for p in parts])
    return [mapped[cuts[i]:cuts[i + 1]] for i in range(len(parts))]


def multiplicities(items: Sequence[tuple[pd.Series, pd.Series | None]]
                   ) -> list[tuple[pd.Series, pd.Series]]:
    """:func:`multiplicity` of each (names, beneficiary) of ``items``: the kernels and
    the patterns run once over the cells of them all, each distinct text read once."""
    if not items:
        return []
    cells = [names.to_numpy(dtype=OBJECT) for names, _ in items]
    cuts = np.cumsum([0] + [len(c) for c in cells])
    joined = cells[0] if len(cells) == 1 else np.concatenate(cells)
    count = np.ones(len(joined), dtype=INT64)
    values = np.full(len(joined), None, dtype=OBJECT)
    if len(joined):
        # only the cells that could match are searched: ``án``/``vụ`` for a count of
        # đề án, both parentheses for the beneficiaries (exact supersets of the
        # patterns, Arrow kernels over the column)
        arr = joined_arrow_strings(cells)
        could = _mask(pc.match_substring_regex(arr, _MULTIPLE_HINT))
        if could.any():
            at = np.flatnonzero(could)
            said = np.concatenate(_mapped(_cut(joined, at, cuts), _projects))
            said[pd.isna(said)] = 1
            count[at] = said.astype(INT64)
        could = _mask(pc.match_substring(arr, "(")) & _mask(pc.match_substring(arr, ")"))
        if could.any():
            at = np.flatnonzero(could)
            values[at] = np.concatenate(_mapped(_cut(joined, at, cuts), _facilities))
    written = [beneficiary.reindex(names.index).to_numpy(dtype=OBJECT)
               for names, beneficiary in items if beneficiary is not None]
    written_of = iter(_mapped(written, _counted) if written else [])
    out = []
    for i, (names, beneficiary) in enumerate(items):
        part_count, part = count[cuts[i]:cuts[i + 1]], values[cuts[i]:cuts[i + 1]]
        if beneficiary is not None:
            part = np.where(pd.isna(part), next(written_of), part)
        missing = pd.isna(part)
        if len(part) and not missing.all():
            beneficiaries = pd.Series(pd.arrays.IntegerArray(
                np.where(missing, 0, part).astype(INT64), missing), index=names.index)
        else:
            beneficiaries = pd.Series(pd.arrays.IntegerArray(  # all missing (a scalar costs more)
                np.zeros(len(names), dtype=INT64), np.ones(len(names), dtype=BOOL)),
                index=names.index)
        out.append((pd.Series(part_count.copy(), index=names.index, dtype=INT64),
                    beneficiaries))
    return out


def _cut(joined: np.ndarray, at: np.ndarray, cuts: np.ndarray) -> list[np.ndarray]:
    """The cells ``joined[at]``, cut where each part of ``cuts`` ends."""
    ends = np.searchsorted(at, cuts[1:-1])
    return np.split(joined[at], ends) if len(cuts) > 2 else [joined[at]]
