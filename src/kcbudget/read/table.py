"""Finding the table in a sheet: title block, header (one or two levels), columns,
data rows, subtotal rows and the end of the table; then parsing every column.

The result is a :class:`Table`: parsed columns as a pandas frame indexed by the
sheet's own row numbers, amounts as nullable ``Int64`` đồng, and the
diagnostics found while reading.  Nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kcbudget.model.codes import diagnose
from kcbudget.model.diagnostic import Diagnostic, a1
from kcbudget.model.units import Unit
from kcbudget.read.headers import (
    AMOUNT_KEYS,
    COUNT_KEYS,
    PERCENT_KEYS,
    HeaderMeaning,
    fold,
    read_header,
)

HEADER_SCAN_ROWS = 30
HEAD_ROWS = 40

FILL_DOWN_KEYS = ("province", "region", "program", "year", "category", "status")

_FIGURE = re.compile(r"^[-+(]?\d[\d.,\s]*\)?%?$")
_LETTER = re.compile(r"^[A-Z]$")
_END_WORDS = ("ghi chú", "người lập biểu", "người lập", "thủ trưởng đơn vị", "kế toán trưởng",
              "giám đốc", "phó giám đốc", "lập biểu", "xác nhận", "nơi nhận", "prepared by",
              "note:", "notes:")
_DATE_LINE = re.compile(r"ngày\s*[\d\.…_ ]*\s*tháng\s*[\d\.…_ ]*\s*năm\s*[\d\.…_ ]*",
                        re.IGNORECASE)
_COL_TOKEN = r"\(?\s*(?:\d{1,2}|[A-Z])\s*\)?"
_COLUMN_NUMBERS = re.compile(rf"^{_COL_TOKEN}(?:\s*[=+\-x\*/:]\s*{_COL_TOKEN})*$")
_YEAR_IN_TEXT = re.compile(r"(?:năm|year|nam)\s*(20\d\d)", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(20\d\d)\s*[-–]\s*(20\d\d)")
_PLANNED_TITLE = ("kế hoạch", "dự toán", "plan")
_EXECUTED_TITLE = ("thực hiện", "kết quả thực hiện", "nghiệm thu", "giải ngân", "executed",
                   "actual", "quyết toán")
# the same patterns for Arrow's RE2 kernels (no look-around; Unicode spaces spelled out)
_SP = r"[\s\v\x1c-\x1f\x85\p{Z}]"  # what Python's \s and str.strip() take as space
_DATE_LINE_RE2 = (r"(?i)ngày" + _SP + r"*[\d\.…_ ]*" + _SP + r"*tháng" + _SP
                  + r"*[\d\.…_ ]*" + _SP + r"*năm")
_STT_CLEAN_RE2 = r"[\s\v\x1c-\x1f\x85\p{Z}\.\-–:)]+$"
_ROMAN_RE2 = r"^X{0,3}(IX|IV|V?I{0,3})$"
_SUBTOTAL_WORDS = r"^(?:cộng|subtotal|sub-total|sub total)"
_SUBTOTAL_RE2 = _SUBTOTAL_WORDS + r"(?:" + _SP + r"|:|$)"
_SUBTOTAL_NOT_RE2 = _SUBTOTAL_WORDS + _SP + r"*đồng"
_VI_LETTERS = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]")


@dataclass
class Column:
    """One column of the table as the contract reads it."""

    id: str
    key: str
    index: int  # absolute 0-based column index
    header: str  # as written ("Khuyến công quốc gia / Kế hoạch" for two levels)
    program: str | None = None
    phase: str | None = None
    unit: Unit | None = None
    percent: bool = False

    @property
    def letter(self) -> str:
        from kcbudget.model.diagnostic import column_letter

        return column_letter(self.index)

    @property
    def is_amount(self) -> bool:
        return self.key in AMOUNT_KEYS

    @property
    def is_percent(self) -> bool:
        return self.key in PERCENT_KEYS


@dataclass
class ReadOptions:
    lang: str = "vi"
    locale: str | None = None
    unit: Unit | None = None
    phase: str | None = None
    year: int | None = None
    sheets: tuple[str, ...] = ()
    limits: Any = None  # kcbudget.read.limits.Limits; None: the defaults


@dataclass
class Table:
    file: str
    sheet: str
    header_rows: tuple[int, ...]
    columns: list[Column]
    frame: Any  # pandas DataFrame, index = sheet row numbers
    kind: Any  # pandas Series: "data" | "subtotal" | "total" | "group"
    level: Any  # pandas Series: subtotal level (1 letters, 2 Roman, 9 total)
    label: Any  # pandas Series: first text cell of the row
    title: list[str] = field(default_factory=list)
    unit: Unit = Unit.trieu
    unit_source: str = "assumed"
    locale: str = "vi"
    locale_source: str = "default"
    phase: str | None = None
    phase_source: str | None = None
    year: int | None = None
    year_source: str | None = None
    title_province: str | None = None
    title_phase: str | None = None  # what the title says (kế hoạch / thực hiện), if anything
    other: dict[str, Any] = field(default_factory=dict)  # col id → Int64 other-locale reading
    bad: dict[str, Any] = field(default_factory=dict)  # col id → bool Series: unreadable cell
    raw: Any = None  # text as read, keyed by absolute column index (same index as frame)
    numeric: Any = None  # bool frame: the cell was a number in the workbook
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def shape(self) -> str:
        """``project`` (one row per đề án) or ``summary`` (one row per province/region)."""
        keys = {c.key for c in self.columns}
        if "project_id" in keys or "project_name" in keys:
            return "project"
        if any(c.program for c in self.columns):
            return "summary"
        return "project" if "support" in keys or "total_cost" in keys else "summary"

    def column(self, col_id: str) -> Column | None:
        return next((c for c in self.columns if c.id == col_id), None)

    def by_key(self, key: str) -> list[Column]:
        return [c for c in self.columns if c.key == key]

    def cell(self, row: int, col_id: str) -> str:
        column = self.column(col_id)
        return a1(row, column.index) if column else f"?{row}"

    @property
    def data_rows(self):
        return self.frame.index[(self.kind == "data").to_numpy()]


# ------------------------------------------------------------------ header finding

def _meanings(grid, row: int) -> dict[int, HeaderMeaning]:
    out = {}
    for col, value in grid.row_values(row):
        meaning = read_header(str(value))
        out[col] = meaning
    return out


def _qualifies(meanings: dict[int, HeaderMeaning]) -> bool:
    known = [m for m in meanings.values() if m.known]
    amount = any(m.key in AMOUNT_KEYS or m.program or m.phase for m in known)
    return len(known) >= 3 and amount


def find_header(grid) -> int | None:
    """The first row (1-based) within the first 30 with ≥ 3 known headers, one an amount."""
    last = min(grid.first_row + grid.height - 1, HEADER_SCAN_ROWS)
    for row in range(grid.first_row, last + 1):
        if _qualifies(_meanings(grid, row)):
            return row
    return None


def _merged_value(merges, row: int, col: int):
    for m in merges:
        if m.min_row <= row <= m.max_row and m.min_col <= col <= m.max_col:
            return m
    return None


def _is_group(meaning: HeaderMeaning, under: HeaderMeaning | None = None) -> bool:
    """A group word: names a program or a phase and nothing finer; or an amount (or the
    program column's own header) standing over program/phase words, as in
    ``Kinh phí khuyến công`` over ``KCQG | KCĐP | Tổng số``."""
    if meaning.known and (meaning.program is not None or (
            meaning.phase is not None and meaning.key in (None, "planned", "executed"))):
        return True
    return (under is not None and meaning.key in _GROUPABLE
            and (under.program is not None or under.phase is not None)
            and under.key in (None, "planned", "executed"))


_GROUPABLE = AMOUNT_KEYS | {"program"}


def build_columns(grid, header_row: int, merges) -> tuple[tuple[int, ...], list[Column],
                                                          list[tuple[int, str]]]:
    """Columns from one header row, or from two when the row above or below
    holds the other level of a merged two-level header."""
    top_row, sub_row = header_row, None
    above = header_row - 1
    if above >= grid.first_row and _has_groups_over(grid, above, header_row, merges):
        top_row, sub_row = above, header_row
    elif _has_groups_over(grid, header_row, header_row + 1, merges):
        sub_row = header_row + 1
    columns: list[Column] = []
    unknown: list[tuple[int, str]] = []
    cols = sorted(set(grid.columns))
    group_text: str | None = None
    group: HeaderMeaning | None = None
    group_span_end = -1
    for col in cols:
        top_text = grid.cell(top_row, col)
        top_text = str(top_text).strip() if top_text is not None else ""
        sub_text = ""
        if sub_row is not None:
            value = grid.cell(sub_row, col)
            sub_text = str(value).strip() if value is not None else ""
        if top_text:
            top = read_header(top_text)
            merge = _merged_value(merges, top_row, col)
            under = read_header(sub_text) if sub_text else None
            if sub_row is not None and _is_group(top, under):
                group, group_text = top, top_text
                group_span_end = merge.max_col if merge else col
            else:
                group, group_text, group_span_end = None, None, -1
        elif merges and group is not None and col > group_span_end:
            group, group_text = None, None
        if not top_text and not sub_text:
            continue
        if sub_row is not None and sub_text and group is not None:
            sub = read_header(sub_text)
            meaning = _combine(group, sub)
            written = f"{group_text} / {sub_text}"
        elif top_text:
            meaning = read_header(top_text)
            written = top_text
            if sub_row is not None and sub_text and not meaning.known:
                meaning = read_header(sub_text)
                written = sub_text
        else:
            meaning = read_header(sub_text)
            written = sub_text
        if meaning.key is None and meaning.phase is not None:
            meaning = HeaderMeaning(key=meaning.phase, program=meaning.program,
                                    phase=meaning.phase, unit=meaning.unit,
                                    percent=meaning.percent)
        if meaning.key is None and meaning.program is not None:
            # a program alone over no phase: a summary's amount of that program
            meaning = HeaderMeaning(key="amount", program=meaning.program, unit=meaning.unit,
                                    percent=meaning.percent)
        if meaning.key is None:
            unknown.append((col, written))
            continue
        columns.append(Column(id="", key=meaning.key, index=col, header=written,
                              program=meaning.program, phase=meaning.phase, unit=meaning.unit,
                              percent=meaning.percent))
    rows = (top_row,) if sub_row is None else (top_row, sub_row)
    return rows, columns, unknown


def _has_groups_over(grid, top: int, sub: int, merges) -> bool:
    """Does row ``top`` hold group words with ≥ 2 known sub-headers under them in ``sub``?"""
    if sub >= grid.first_row + grid.height:
        return False
    # a row with figures in it, or a numbered row, is data, never a sub-header
    for _, value in grid.row_values(sub):
        if _FIGURE.match(str(value).strip()):
            return False
    top_m = _meanings(grid, top)
    sub_m = _meanings(grid, sub)
    groups = [c for c, m in top_m.items() if _is_group(m, sub_m.get(c))]
    if not groups:
        return False
    under = [c for c, m in sub_m.items() if m.known and c >= min(groups)]
    return len(under) >= 2


def _combine(group: HeaderMeaning, sub: HeaderMeaning) -> HeaderMeaning:
    program = sub.program or group.program
    phase = sub.phase or group.phase
    key = sub.key
    if key in (None, "amount") and group.key in AMOUNT_KEYS - {"planned", "executed"}:
        key = group.key  # Kinh phí khuyến công / KCQG → support of KCQG
    if key in (None, "planned", "executed", "amount"):
        key = phase or key
    if key is None and program is not None:
        key = "amount"
    return HeaderMeaning(key=key, program=program, phase=phase, unit=sub.unit or group.unit,
                         percent=sub.percent or group.percent)


def assign_ids(columns: list[Column]) -> list[tuple[Column, Column]]:
    """Give every column a stable id; return (duplicate, first) pairs."""
    seen: dict[str, Column] = {}
    duplicates = []
    kept = []
    for column in columns:
        parts = [column.key]
        if column.program:
            parts.append(column.program)
        col_id = ".".join(parts)
        if column.phase and column.key not in ("planned", "executed"):
            col_id += "@" + column.phase
        column.id = col_id
        if col_id in seen:
            duplicates.append((column, seen[col_id]))
            continue
        seen[col_id] = column
        kept.append(column)
    columns[:] = kept
    return duplicates


# ------------------------------------------------------------------ title block

@dataclass
class TitleFacts:
    lines: list[str]
    unit: Unit | None = None
    phase: str | None = None
    year: int | None = None
    years: tuple[int, int] | None = None
    province: str | None = None
    vietnamese: bool = False


def read_title(grid, header_row: int) -> TitleFacts:
    from kcbudget.read.units import find_unit, unit_from_phrase

    lines = []
    for row in range(grid.first_row, header_row):
        texts = [str(v).strip() for _, v in grid.row_values(row)]
        lines.extend(t for t in texts if t)
    facts = TitleFacts(lines=lines)
    for line in lines:
        folded = fold(line)
        if facts.unit is None and re.search(r"(đơn vị|đvt|dvt|don vi|unit)", folded):
            facts.unit = find_unit(line)
        if facts.unit is None and len(folded) <= 20:
            facts.unit = unit_from_phrase(folded.strip("()[]: "))
        if _VI_LETTERS.search(folded):
            facts.vietnamese = True
        date_line = bool(_DATE_LINE.search(folded))
        if facts.year is None and not date_line:
            match = _YEAR_IN_TEXT.search(line)
            if match:
                facts.year = int(match.group(1))
        if facts.years is None:
            match = _YEAR_RANGE.search(line)
            if match:
                facts.years = (int(match.group(1)), int(match.group(2)))
        if facts.phase is None and not date_line and not re.search(r"(đơn vị|đvt|unit)",
                                                                    folded):
            # the word that comes first decides: "Kế hoạch thực hiện …" is a plan,
            # "Kết quả thực hiện kế hoạch …" a report
            found = [(folded.find(w), phase) for phase, words in
                     (("executed", _EXECUTED_TITLE), ("planned", _PLANNED_TITLE))
                     for w in words if w in folded]
            if found:
                facts.phase = min(found)[1]
        if facts.province is None:
            facts.province = _province_in_title(line)
    return facts


def _province_in_title(line: str) -> str | None:
    from kcbudget.reference import match_province

    folded = fold(line)
    match = re.search(r"(?:tỉnh|thành phố|tp\.?)\s+(.+)$", folded)
    if not match:
        return None
    words = match.group(1).split()
    for n in range(min(4, len(words)), 0, -1):
        found = match_province(" ".join(words[:n]))
        if found is not None:
            return found.name
    return None


# ------------------------------------------------------------------ row classes

# ------------------------------------------------------------------ reading a sheet

_FREE_TEXT = ("project_name", "beneficiary")
NUMERIC_KEYS = AMOUNT_KEYS | PERCENT_KEYS | COUNT_KEYS | {"year", "amount"}


def _convert_head_legacy(source, grid) -> tuple[list, str | None, str | None]:
    """Convert TCVN3/VNI cells of the title block and header in place."""
    from kcbudget.read.text import looks_legacy

    cells = [(grid.first_row + i, col) for col, values in grid.columns.items()
             for i, value in enumerate(values) if value is not None]
    if not any(looks_legacy(str(grid.cell(r, c))) for r, c in cells):
        return [], None, None
    return _convert_cells(source, cells, lambda r, c: grid.cell(r, c),
                          lambda r, c, v: grid.columns[c].__setitem__(r - grid.first_row, v))


def _convert_cells(source, cells, get, put) -> tuple[list, str | None, str | None]:
    """Decide cell by cell: the cell's font first (``.Vn*`` → TCVN3, ``VNI*`` → VNI),
    its content otherwise; text that is already Unicode is never touched.  Called
    only for sheets where some cell looks legacy, so the font scan is rare."""
    from kcbudget.read.text import convert_legacy, detect_legacy, is_capitals_font

    meta = source.meta(style_cells=set(cells))
    styles = source.styles()
    converted_cells, example, encoding_seen = [], None, None
    for row, col in cells:
        text = get(row, col)
        if text is None:
            continue
        font = styles.font_of(meta.styles.get((row, col), 0)) if styles is not None else None
        encoding = detect_legacy(str(text), font)
        if encoding is None:
            continue
        converted = convert_legacy(str(text), encoding, capitals=is_capitals_font(font))
        if converted != text:
            put(row, col, converted)
            converted_cells.append((row, col))
            example = example or f"'{text}' → '{converted}'"
            encoding_seen = encoding_seen or encoding
    return converted_cells, example, encoding_seen


def read_sheet(source, file: str, opts: ReadOptions) -> tuple[Table | None, list[Diagnostic]]:
    import pandas as pd
    import pyarrow.compute as pc

    from kcbudget.read.text import to_arrow_strings

    lang = opts.lang
    diags: list[Diagnostic] = []
    sheet = source.name

    def d(code: str, **kw) -> None:
        diags.append(diagnose(code, lang=lang, file=file, sheet=sheet, **kw))

    meta, grid = _meta_and_head(source)
    head_cells, head_example, head_encoding = _convert_head_legacy(source, grid)
    header = find_header(grid)
    if header is None:
        d("KC102")
        return None, diags
    header_rows, columns, unknown = build_columns(grid, header, meta.merges)
    head_count = sum(1 for row, _ in head_cells if row <= header_rows[-1])
    for dup, first in assign_ids(columns):
        d("KC108", cell=a1(header_rows[-1], dup.index), row=header_rows[-1], column=dup.id,
          header=dup.header, other=first.letter)
    for col, written in unknown:
        d("KC104", cell=a1(header_rows[0], col), row=header_rows[0], header=written)
    title = read_title(grid, header_rows[0])

    first_data = header_rows[-1] + 1
    all_cols = sorted(set(grid.columns) | {c.index for c in columns})
    numeric_cols = [c.index for c in columns if c.key in NUMERIC_KEYS]
    text, numeric = source.data(first_data, all_cols, numeric_cols)  # trimmed, None if empty

    by_index = {c.index: c for c in columns}
    stt_col = next((c.index for c in columns if c.key == "stt"), None)
    label_cols = [c for c in all_cols if c != stt_col and
                  (c not in by_index or by_index[c].key not in NUMERIC_KEYS)]
    label = _first_valid(text, label_cols)
    stt = text[stt_col] if stt_col is not None else pd.Series(None, index=text.index,
                                                              dtype=object)
    # a row of column numbers under the header: (1) (2) (3) or 1 2 3=1+2
    if len(text):
        first = text.iloc[0].dropna().astype(str)
        if len(first) >= 3 and _is_column_numbers(first.tolist()):
            text, numeric = text.iloc[1:], numeric.iloc[1:]
            label, stt = label.iloc[1:], stt.iloc[1:]

    # end of table
    blank = text.isna().all(axis=1)
    folded_label, stt_folded = _fold_arrow(label), _fold_arrow(stt)
    end_words = _starts_any(folded_label, _END_WORDS) | _starts_any(stt_folded, _END_WORDS)
    date_line = _mask(pc.match_substring_regex(folded_label, _DATE_LINE_RE2))
    short = _mask(pc.less(pc.utf8_length(folded_label), 80))
    signature = end_words | date_line
    end_mask = pd.Series(end_words | (date_line & short), index=text.index)
    end_mask |= blank & blank.shift(-1, fill_value=True)
    if end_mask.any():
        cut = end_mask.to_numpy().argmax()
        _figures_below(text, end_mask, signature, cut, by_index, d)
        text, numeric, label, stt, blank = (x.iloc[:cut] for x in
                                            (text, numeric, label, stt, blank))
    keep = ~blank
    text, numeric, label, stt = text[keep], numeric[keep], label[keep], stt[keep]

    # merged data cells fill down (text columns only: amounts are never copied)
    rows_index = text.index
    if len(rows_index):
        lo, hi = rows_index.min(), rows_index.max()
        for m in meta.merges:
            if m.max_row <= m.min_row or m.min_row < lo or m.min_row > hi:
                continue
            column = by_index.get(m.min_col)
            if column is None or column.key not in FILL_DOWN_KEYS:
                continue
            value = text.at[m.min_row, m.min_col] if m.min_row in text.index else None
            covered = text.index[(text.index > m.min_row) & (text.index <= m.max_row)]
            if value is not None and len(covered):
                text.loc[covered, m.min_col] = value

    # legacy encodings in data cells: each distinct (text, font) once (read/text.py)
    from kcbudget.read.text import fix_legacy_frame

    text_cols = [c for c in all_cols if c not in by_index or by_index[c].key not in NUMERIC_KEYS]
    count, example, encoding = fix_legacy_frame(text, text_cols, source, suspect=head_count > 0)
    if count:
        label = _first_valid(text, label_cols)
    if count or head_count:
        d("KC107", count=count + head_count, example=example or head_example,
          encoding=(encoding or head_encoding or "").upper())

    # row kinds
    stt_clean = pc.replace_substring_regex(
        pc.fill_null(pc.utf8_trim_whitespace(to_arrow_strings(stt)), ""), _STT_CLEAN_RE2, "")
    kind = pd.Series("data", index=text.index, dtype=object)
    level = pd.Series(0, index=text.index, dtype="int64")
    roman = _mask(pc.match_substring_regex(stt_clean, _ROMAN_RE2)) \
        & _mask(pc.not_equal(stt_clean, ""))
    letter = _mask(pc.match_substring_regex(stt_clean, _LETTER.pattern)) & ~roman
    # a numbered row is a đề án
    detail = _mask(pc.match_substring_regex(stt_clean, r"^\d+(?:[.,]\d+)*$"))
    total_words = ("tổng cộng", "tổng số", "total", "grand total")
    total = pd.Series(False, index=text.index)
    for col in text.columns:  # the label may stand in any column, even a numeric one
        cells = text[col].dropna()
        if not len(cells):
            continue
        maybe = _may_be_total(cells)
        if not maybe.any():
            continue
        cells = fold_series(cells[maybe])
        hit = cells.str.startswith(total_words) | cells.str.rstrip(" :.").isin(("tổng", "cộng"))
        if hit.any():
            total |= hit.reindex(text.index, fill_value=False)
            if col in by_index and by_index[col].key in NUMERIC_KEYS:
                text.loc[hit[hit].index, col] = None
    total &= ~detail
    folded_label = _fold_arrow(label)
    subtotal = (_mask(pc.match_substring_regex(folded_label, _SUBTOTAL_RE2))
                & ~_mask(pc.match_substring_regex(folded_label, _SUBTOTAL_NOT_RE2))
                & ~detail & ~total)
    kind[letter] = "subtotal"
    level[letter] = 1
    kind[roman] = "subtotal"
    level[roman] = 2
    kind[subtotal & ~roman & ~letter] = "subtotal"
    level[subtotal & ~roman & ~letter] = 3
    kind[total] = "total"
    level[total] = 9

    table = Table(file=file, sheet=sheet, header_rows=header_rows, columns=columns,
                  frame=None, kind=kind, level=level, label=label, title=title.lines,
                  title_province=title.province, title_phase=title.phase)
    table.diagnostics = diags

    # uncached formulas and error values are errors at their cells, never 0 or blank
    uncached = {}
    for (row, col), formula in meta.uncached_formulas.items():
        if row in text.index and col in by_index:
            column = by_index[col]
            uncached.setdefault(column.index, set()).add(row)
            d("KC204", cell=a1(row, col), row=row, column=column.id, header=column.header,
              formula=formula)
    for (row, col), value in meta.error_cells.items():
        if row in text.index and col in by_index and (row, col) not in \
                meta.uncached_formulas:
            column = by_index[col]
            uncached.setdefault(column.index, set()).add(row)
            text.at[row, col] = None
            d("KC213", cell=a1(row, col), row=row, column=column.id, header=column.header,
              value=value)

    _decide_unit_locale_phase(table, title, text, numeric, opts, d)
    table.frame = _parse_columns(table, text, numeric, source, meta, uncached, opts, d)
    table.raw, table.numeric = text, numeric

    # rows with nothing to read (section headings without numbers) are groups
    value_cols = [c.id for c in columns if c.key in AMOUNT_KEYS or c.key in PERCENT_KEYS]
    if value_cols:
        no_values = table.frame[value_cols].isna().all(axis=1)
        ids = [c.id for c in columns if c.key in ("project_id",)]
        if ids:
            no_values &= table.frame[ids].isna().all(axis=1)
        heading = no_values & (table.kind != "data")
        table.kind[heading] = "group"
        table.kind[no_values & (table.kind == "data")] = "group"
    return table, diags


def _meta_and_head(source):
    """The sheet's metadata (one stream of its XML: rows counted, merges, formulas)
    and its first rows (calamine loads the whole sheet).  The two run side by side
    where the sheet allows it (see ``can_overlap``); the scan's refusal, if any,
    is the one raised."""
    if not source.can_overlap():
        meta = source.meta()
        return meta, source.head(HEAD_ROWS)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kcbudget-scan") as pool:
        scan = pool.submit(source.meta)
        try:
            grid = source.head(HEAD_ROWS)
        except BaseException:
            scan.result()  # a refusal of the scan comes first
            raise
        return scan.result(), grid


def _figures_below(text, end_mask, signature, cut, by_index, d) -> None:
    """Warn when the table ended at two blank rows but figures follow below."""
    import pandas as pd

    below = text.iloc[cut:]
    if not len(below):
        return
    signature = pd.Series(signature[cut:], index=below.index)
    # once a signature block starts, everything below it belongs to it
    after_signature = signature.cumsum() > 0
    amount_cols = [c for c in below.columns if c in by_index and
                   by_index[c].key in AMOUNT_KEYS]
    if not amount_cols or bool(end_mask.iloc[cut] and signature.iloc[0]):
        return
    has_figure = below[amount_cols].apply(
        lambda col: col.astype(str).str.contains(r"\d", regex=True) & col.notna()).any(axis=1)
    found = has_figure & ~after_signature
    if found.any():
        end = int(text.index[cut - 1]) if cut else int(text.index[0])
        row = int(found[found].index[0])
        d("KC113", row=row, end=end)


def _is_column_numbers(cells: list[str]) -> bool:
    """``(1) (2) (3) (4)=(2)+(3)`` or ``A B 1 2 3``: the numbering row under a header.
    Plain numbers must run 1, 2, 3, … so that a real first row (``2016 1000 900``) is
    never taken for one."""
    if not all(_COLUMN_NUMBERS.match(c.strip()) for c in cells):
        return False
    if any("(" in c or "=" in c for c in cells):
        return True
    numbers = [int(c) for c in (x.strip() for x in cells) if c.isdigit()]
    if not numbers:  # letters alone: A B C D …
        letters = [c.strip() for c in cells]
        return letters == [chr(ord("A") + i) for i in range(len(letters))]
    return bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers))) \
        and numbers[0] <= 2


def fold_series(series):
    """NFC, lower case, trimmed; missing → ``""`` (object Series), with Arrow kernels."""
    import pandas as pd
    import pyarrow.compute as pc

    from kcbudget.read.text import to_arrow_strings

    arr = to_arrow_strings(series)
    arr = pc.utf8_trim_whitespace(pc.utf8_lower(pc.utf8_normalize(arr, form="NFC")))
    arr = pc.fill_null(arr, "")
    return pd.Series(arr.to_numpy(zero_copy_only=False), index=series.index, dtype=object)


def _may_be_total(cells):
    """A cheap Arrow regex over a column: cells that could be a total label."""
    import pyarrow.compute as pc

    from kcbudget.read.text import to_arrow_strings

    arr = to_arrow_strings(cells)
    hit = pc.match_substring_regex(arr, r"(?i)^\s*(tổ|to|cộ|co|grand|sub)")
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def _first_valid(text, cols):
    """Per row, the first cell with text among ``cols`` (Arrow ``coalesce``)."""
    import pandas as pd
    import pyarrow.compute as pc

    from kcbudget.read.text import to_arrow_strings

    if not cols:
        return pd.Series(None, index=text.index, dtype=object)
    arrays = [to_arrow_strings(text[c]) for c in cols]
    first = pc.coalesce(*arrays) if len(arrays) > 1 else arrays[0]
    return pd.Series(first.to_numpy(zero_copy_only=False), index=text.index, dtype=object)


def _fold_arrow(series):
    """NFC, lower case, trimmed, missing → ``""``: an Arrow string array."""
    import pyarrow.compute as pc

    from kcbudget.read.text import to_arrow_strings

    arr = to_arrow_strings(series)
    arr = pc.utf8_trim_whitespace(pc.utf8_lower(pc.utf8_normalize(arr, form="NFC")))
    return pc.fill_null(arr, "")


def _mask(arrow_bools):
    """An Arrow boolean array as a numpy one, missing → False."""
    import pyarrow.compute as pc

    return pc.fill_null(arrow_bools, False).to_numpy(zero_copy_only=False)


def _starts_any(arr, words):
    import numpy as np
    import pyarrow.compute as pc

    out = np.zeros(len(arr), bool)
    for word in words:
        out |= _mask(pc.starts_with(arr, word))
    return out


def _decide_unit_locale_phase(table: Table, title: TitleFacts, text, numeric, opts, d) -> None:
    from kcbudget.read.numbers import detect_locale

    # unit
    header_units = list(dict.fromkeys(c.unit for c in table.columns if c.unit is not None))
    amount_columns = [c for c in table.columns if c.key in AMOUNT_KEYS or c.key == "amount"]
    if title.unit is not None:
        table.unit, table.unit_source = title.unit, "title"
    elif len(header_units) == 1:
        table.unit, table.unit_source = header_units[0], "header"
    elif opts.unit is not None:
        table.unit, table.unit_source = opts.unit, "option"
    else:
        # no unit line, and the headers name none or several: columns without their
        # own bracket get the reporting convention, and the user is told
        table.unit, table.unit_source = Unit.trieu, "assumed"
        if any(c.unit is None for c in amount_columns):
            d("KC105")
    if title.unit is not None:
        for column in table.columns:
            if column.unit is not None and column.unit != title.unit:
                d("KC110", cell=a1(table.header_rows[-1], column.index),
                  row=table.header_rows[-1], column=column.id, header=column.header,
                  header_unit=column.unit.label(opts.lang), title_unit=title.unit.label(opts.lang))
                break

    # locale
    if opts.locale:
        table.locale, table.locale_source = opts.locale, "option"
    else:
        samples = []
        for column in table.columns:
            if column.key in NUMERIC_KEYS and column.index in text:
                series = text[column.index]
                mask = ~numeric[column.index] if column.index in numeric else None
                values = series[mask] if mask is not None else series
                samples.extend(values.dropna().astype(str).head(5000).tolist())
        decision = detect_locale(samples)
        if decision.locale is not None:
            table.locale, table.locale_source = decision.locale, "numbers"
        else:
            vietnamese_headers = title.vietnamese or any(
                _VI_LETTERS.search(fold(c.header)) for c in table.columns)
            table.locale = "vi" if vietnamese_headers else "en"
            table.locale_source = "headers"
        if decision.vi_example and decision.en_example:
            d("KC109", vi_example=decision.vi_example, en_example=decision.en_example,
              locale={"vi": "Việt Nam" if table.locale == "vi" else "Anh",
                      "en": "Vietnamese" if table.locale == "vi" else "English"})

    # year: --year, else the title (a year column, where there is one, wins per row)
    if opts.year is not None:
        table.year, table.year_source = opts.year, "option"
    elif title.year is not None:
        table.year, table.year_source = title.year, "title"

    # phase: planned/executed columns, else --phase, else the title
    col_phases = {c.phase for c in table.columns if c.phase}
    if len(col_phases) == 1:
        table.phase, table.phase_source = next(iter(col_phases)), "columns"
    elif opts.phase is not None:
        table.phase, table.phase_source = opts.phase, "option"
    elif not col_phases and title.phase is not None:
        table.phase, table.phase_source = title.phase, "title"
    needs_phase = any(c.key in ("support", "amount") for c in table.columns) and not col_phases
    if needs_phase and table.phase is None:
        d("KC106")
    if table.year is None and not any(c.key == "year" for c in table.columns):
        d("KC211")
    if table.phase is not None:
        for column in table.columns:
            if column.key == "amount" or (column.key == "support" and column.program):
                column.key = table.phase
                column.phase = table.phase
                column.id = ".".join(p for p in (column.key, column.program) if p)


def _parse_columns(table: Table, text, numeric, source, meta, uncached, opts, d):
    import pandas as pd

    from kcbudget.read.numbers import parse_amount_column, parse_percent_column
    from kcbudget.read.text import normalize_series

    out = {}
    lang = opts.lang
    for column in table.columns:
        series = text[column.index] if column.index in text else pd.Series(
            None, index=text.index, dtype=object)
        is_num = numeric[column.index] if column.index in numeric else pd.Series(
            False, index=text.index)
        bad_rows = uncached.get(column.index, set())
        if column.key in AMOUNT_KEYS or column.key == "amount":
            unit = column.unit or table.unit
            parsed = parse_amount_column(series, numeric=is_num, locale=table.locale,
                                         factor=unit.factor)
            values = parsed.dong.copy()
            errors = parsed.error
            bad = errors.notna()
            for row in errors[bad].index:
                reason = errors[row]
                code = {"not_whole_dong": "KC203", "unit_mismatch": "KC212"}.get(reason,
                                                                                 "KC201")
                d(code, cell=a1(row, column.index), row=row, column=column.id,
                  header=column.header, value=series[row], unit=unit.label(lang))
            values[bad] = pd.NA
            for row in bad_rows:
                values[row] = pd.NA
            bad = bad.copy()
            for row in bad_rows:
                bad[row] = True
            other = getattr(parsed, "other_dong", None)
            if other is not None:
                table.other[column.id] = other
            table.bad[column.id] = bad
            out[column.id] = values
        elif column.key in PERCENT_KEYS:
            formatted = None
            if is_num.any():
                cells = {(row, column.index) for row in is_num[is_num].index}
                styled = source.meta(style_cells=cells)
                styles = source.styles()
                if styles is not None:
                    formatted = pd.Series(
                        [styles.is_percent(styled.styles.get((row, column.index), -1))
                         for row in series.index], index=series.index)
            values, errors = parse_percent_column(series, numeric=is_num,
                                                  percent_formatted=formatted,
                                                  locale=table.locale)
            bad = errors.notna()
            for row in errors[bad].index:
                d("KC209", cell=a1(row, column.index), row=row, column=column.id,
                  header=column.header, value=series[row])
            values = values.where(~bad, None)
            table.bad[column.id] = bad
            out[column.id] = values
        elif column.key in COUNT_KEYS or column.key == "year":
            parsed = parse_amount_column(series, numeric=is_num, locale=table.locale, factor=1)
            values = parsed.dong.copy()
            bad = parsed.error.notna()
            code = "KC205" if column.key == "year" else "KC208"
            if column.key == "year":
                bad |= values.notna() & ((values < 2000) | (values > 2100))
            else:
                bad |= values.notna() & (values < 0)
            for row in bad[bad].index:
                d(code, cell=a1(row, column.index), row=row, column=column.id,
                  header=column.header, value=series[row])
            values[bad] = pd.NA
            table.bad[column.id] = bad
            out[column.id] = values
        else:
            # free text (names) is only compared after normalizing; keys are NFC now
            out[column.id] = series if column.key in _FREE_TEXT else normalize_series(series)
    frame = pd.DataFrame(out, index=text.index)
    return frame
