"""The header grammar: the vocabulary of the contract and how one header cell is read.

A header cell is folded (:func:`kcbudget.text.fold`: NFC, case, white
space, tone placement), its trailing unit bracket removed and read
(``Kinh phí (triệu đồng)``), and then read as a phrase made of parts:

* a column key, looked up among the aliases of the canonical keys of
  ``spec/spreadsheets.md`` (``Tên đề án``, ``Kinh phí khuyến công``, ``Vốn đối ứng``);
* a program word (``Khuyến công quốc gia``, ``KCQG``, ``KCĐP``, ``Tổng số``);
* a phase word (``Kế hoạch``, ``Thực hiện``, ``Nghiệm thu``, ``Đề nghị hỗ trợ``);
* a time: a year (``năm 2021``), months to date (``7 tháng``, ``6 tháng đầu năm``,
  ``đến hết tháng 9``) or a programme period (``Giai đoạn 2016–2020``);
* the "of which" marker ``Trong đó`` that introduces the parts of a whole.

``Kế hoạch KCQG năm 2022``, ``Kinh phí KCQG đề nghị hỗ trợ`` and ``Số đề án đã
nghiệm thu`` are read part by part; whatever is left must be a column key or a
word that adds nothing (``kinh phí``, ``của``); otherwise the cell is not
understood.  A match without diacritics is accepted only when it is unambiguous.
Each part that was recognised is kept as evidence (the words and what they gave),
so that ``kcbudget inspect`` can say why a column means what it means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kcbudget.model.columns import COLUMN_ALIASES
from kcbudget.model.units import Unit
from kcbudget.read.layout import STAGES
from kcbudget.read.units import split_header_unit
from kcbudget.text import fold, strip_diacritics

AMOUNT_KEYS = frozenset({"total_cost", "support", "counterpart", "other_funds", "amount",
                         *STAGES})
PERCENT_KEYS = frozenset({"attainment_pct", "share_pct"})
COUNT_KEYS = frozenset({"beneficiaries", "projects", "indicator"})
TEXT_KEYS = frozenset({"project_id", "province", "region", "program", "category",
                       "project_name", "beneficiary", "status", "implementing_unit", "item",
                       "unit"})
PHASE_KEYS = STAGES

# group words of multi-level headers
PROGRAM_WORDS: dict[str, tuple[str, ...]] = {
    "KCQG": ("Khuyến công quốc gia", "KCQG", "Quốc gia", "KC quốc gia", "Ngân sách trung ương",
             "National", "National program", "Kinh phí khuyến công quốc gia",
             "Khuyến công quốc gia (KCQG)", "KC QG", "Chương trình khuyến công quốc gia",
             "Ngân sách TW", "Trung ương"),
    "KCDP": ("Khuyến công địa phương", "KCĐP", "KCDP", "Địa phương", "KC địa phương",
             "Ngân sách địa phương", "Local", "Local program", "Kinh phí khuyến công địa phương",
             "Khuyến công địa phương (KCĐP)", "KC ĐP", "Ngân sách tỉnh",
             "Chương trình khuyến công địa phương"),
    "ALL": ("Tổng số", "Tổng cộng", "Tổng", "Cộng", "Total", "All"),
}
PHASE_WORDS: dict[str, tuple[str, ...]] = {
    "planned": ("Kế hoạch", "Dự toán", "Kế hoạch giao", "Kinh phí kế hoạch", "Planned", "Plan",
                "Đề nghị", "Đề nghị hỗ trợ", "Được giao", "Giao", "Kinh phí giao",
                "Kế hoạch năm", "KH", "Dự toán giao", "Dự toán được giao", "Kế hoạch được giao"),
    "allocated": ("Phân bổ", "Đã phân bổ", "Được phân bổ", "Kinh phí phân bổ", "Allocated"),
    "advanced": ("Tạm ứng", "Đã tạm ứng", "Kinh phí tạm ứng", "Advanced"),
    "executed": ("Thực hiện", "Ước thực hiện", "Kinh phí thực hiện",
                 "Kết quả thực hiện", "Đã thực hiện", "Executed", "Actual",
                 "Ước TH", "TH", "Thực hiện đến nay"),
    "accepted": ("Nghiệm thu", "Đã nghiệm thu", "Được nghiệm thu", "Kinh phí nghiệm thu",
                 "Accepted"),
    "disbursed": ("Giải ngân", "Đã giải ngân", "Kinh phí giải ngân", "Disbursed"),
    "settled": ("Quyết toán", "Đã quyết toán", "Kinh phí quyết toán", "Settled"),
}
# "of which": the columns or rows below/after are parts of the one before
OF_WHICH = ("trong đó", "of which", "in which", "chia ra", "bao gồm", "gồm")
# words that add nothing once a key, program or phase is found
_FILLER = ("kinh phí", "vốn", "nguồn", "số tiền", "ngân sách", "của", "đã", "được", "lũy kế",
           "luỹ kế", "đến nay", "khuyến công", "kc", "hỗ trợ", "số", "năm", "kinh phí khuyến công",
           "cả năm", "đầu năm")
_GENERIC_MONEY = ("kinh phí", "vốn", "nguồn", "số tiền", "ngân sách", "kinh phí khuyến công",
                  "ngân sách khuyến công", "tiền", "amount", "funds", "")

# aliases that alone are no evidence of a khuyến công table: generic English words
# that any spreadsheet may carry (a US loan sheet has "Total", "Other", "Year")
WEAK_ALIASES = frozenset({
    "total", "other", "year", "plan", "planned", "actual", "code", "id", "source", "category",
    "status", "no", "no.", "#", "project", "activity", "support", "executed", "disbursed",
    "share", "all", "local", "national", "region", "attainment", "tt", "stt", "số thứ tự",
    "năm", "nguồn", "mã", "mã số", "đơn vị", "tỷ lệ", "tỉ lệ", "nội dung", "chương trình",
    "kinh phí", "đạt", "chiếm", "cơ cấu", "tổng", "cộng", "tổng số", "tổng cộng", "giao", "kh",
    "th", "đề án", "unit of measure", "indicator", "item",
})

_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^(?:[-–+•*·]+|[a-zđ]\)|\d{1,2}[.)])\s*")
_PERIOD = re.compile(r"(?:(?:giai đoạn|gđ|thời kỳ|period|năm|nam)\s*)?((?:19|20)\d\d)\s*[-–—/]\s*"
                     r"((?:19|20)\d\d)")
_MONTHS = re.compile(r"(?:(?:đến|tới)\s*(?:hết\s*)?tháng\s*(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})\s*tháng"
                     r"(?:\s*đầu)?(?:\s*năm)?(?!\s*\d))")
# a date the figures run to: "đến 30/9/2024", "tính đến ngày 30/6" → months to date
_TO_DATE = re.compile(r"(?:tính\s*)?(?:đến|tới)\s*(?:hết\s*)?(?:ngày\s*)?(\d{1,2})\s*/\s*"
                      r"(\d{1,2})(?:\s*/\s*((?:19|20)\d\d))?(?!\d)")
_YEAR = re.compile(r"(?:(?:năm|year|nam)\s*)?(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class HeaderMeaning:
    """What one header cell (or a row label) says, and the words that said it."""

    key: str | None = None  # canonical column key
    program: str | None = None  # KCQG | KCDP | ALL
    phase: str | None = None  # planned | executed | accepted
    unit: Unit | None = None
    percent: bool = False  # the header carries "(%)"
    year: int | None = None
    months: int | None = None
    period: tuple[int, int] | None = None
    of_which: bool = False  # "Trong đó": what follows are parts
    weak: bool = False  # matched only a generic word (see WEAK_ALIASES)
    evidence: tuple[tuple[str, str], ...] = ()  # (words, "slot=value")

    @property
    def known(self) -> bool:
        return self.key is not None or self.program is not None or self.phase is not None

    @property
    def timed(self) -> bool:
        return self.year is not None or self.months is not None or self.period is not None


_Index = tuple[dict[str, str], dict[str, set[str]]]


def _index(table: dict[str, tuple[str, ...]]) -> _Index:
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for key, aliases in table.items():
        for alias in (key, *aliases):
            folded = fold(alias)
            exact.setdefault(folded, key)
            loose.setdefault(strip_diacritics(folded), set()).add(key)
    return exact, loose


@lru_cache(maxsize=1)
def _indexes() -> tuple[_Index, _Index, _Index]:
    return _index(COLUMN_ALIASES), _index(PROGRAM_WORDS), _index(PHASE_WORDS)


@lru_cache(maxsize=1)
def _word_patterns() -> list[tuple[str, list[tuple[str, str]]]]:
    """Program and phase words, longest first (found by :func:`_find_word`)."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for slot, words in (("program", PROGRAM_WORDS), ("phase", PHASE_WORDS)):
        # "Kinh phí thực hiện" is a phase alias only as a whole cell; inside a phrase
        # ("Tổng kinh phí thực hiện") the phase word is "thực hiện"
        aliases = sorted({(fold(a), value) for value, ws in words.items() for a in ws
                          if slot == "program" or not fold(a).startswith("kinh phí ")},
                         key=lambda p: len(p[0]), reverse=True)
        out.append((slot, aliases))
    return out


_WORD_EDGE = "-–/:,;()"


def _is_edge(ch: str) -> bool:
    return ch.isspace() or ch in _WORD_EDGE


def _find_word(text: str, word: str) -> tuple[int, int] | None:
    """The span of the first ``word`` in ``text`` bounded by the start, the end, white
    space or ``- – / : , ; ( )``, with the one bounding character on each side that is
    not the start or the end: the match of ``(^|[sep])word($|[sep])``, found with
    ``str.find`` (a regular expression per word cost more to compile than the whole
    read of a small sheet)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or _is_edge(text[at - 1])) and (end == len(text) or _is_edge(text[end])):
            return (at - 1 if at else 0), (end + 1 if end < len(text) else end)
        at = text.find(word, at + 1)
    return None


def _lookup(folded: str, index: _Index) -> str | None:
    exact, loose = index
    if folded in exact:
        return exact[folded]
    keys = loose.get(strip_diacritics(folded))
    if keys and len(keys) == 1:
        return next(iter(keys))
    return None


def split_unit(header: str) -> tuple[str, Unit | None, bool]:
    """``Kinh phí (triệu đồng)`` → (``Kinh phí``, Unit.trieu, False); ``Tỷ lệ (%)`` → percent.
    See :func:`kcbudget.read.units.split_header_unit`."""

    return split_header_unit(header)


def _take_times(folded: str) -> tuple[str, int | None, int | None, tuple[int, int] | None,
                                      list[tuple[str, str]]]:
    """Remove the year, months-to-date and period phrases from ``folded``."""
    evidence: list[tuple[str, str]] = []
    year = months = None
    period = None
    # "cả năm" (the whole year) is the default span of a year's figures: it adds nothing
    folded = _SPACE.sub(" ", re.sub(r"(^|\s)cả năm(?=\s|$)", " ", folded)).strip()
    match = _TO_DATE.search(folded)
    if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(1)) <= 31:
        months = int(match.group(2))
        evidence.append((match.group(0).strip(), f"months={months}"))
        if match.group(3):
            year = int(match.group(3))
            evidence.append((match.group(3), f"year={year}"))
        folded = (folded[:match.start()] + " " + folded[match.end():]).strip()
    match = _PERIOD.search(folded)
    if match:
        a, b = int(match.group(1)), int(match.group(2))
        if a < b:
            period = (a, b)
            evidence.append((match.group(0).strip(), f"period={a}-{b}"))
            folded = (folded[:match.start()] + " " + folded[match.end():]).strip()
    match = _MONTHS.search(folded) if months is None else None
    if match:
        value = int(match.group(1) or match.group(2))
        if 1 <= value <= 12:
            months = value
            evidence.append((match.group(0).strip(), f"months={value}"))
            folded = (folded[:match.start()] + " " + folded[match.end():]).strip()
    match = _YEAR.search(folded) if year is None else None
    if match:
        year = int(match.group(1))
        evidence.append((match.group(0).strip(), f"year={year}"))
        folded = (folded[:match.start()] + " " + folded[match.end():]).strip()
    folded = _SPACE.sub(" ", folded).strip(" -–:,;()")
    if months is not None and folded.endswith(" đầu năm"):
        folded = folded[:-len(" đầu năm")].strip()
    return folded, year, months, period, evidence


@lru_cache(maxsize=1 << 14, typed=True)
def read_header(text: str | None) -> HeaderMeaning:
    """Interpret one header cell (or row label) on its own.  Remembered per text (a
    :class:`HeaderMeaning` is frozen): a region's files repeat the same headers."""
    if text is None:
        return HeaderMeaning()
    raw = str(text)
    if not raw.strip():
        return HeaderMeaning()
    stripped = raw.strip()
    if stripped in ("%", "(%)", "[%]"):
        return HeaderMeaning(key="attainment_pct", percent=True,
                             evidence=((stripped, "measure=attainment_pct"),))
    base, unit, percent = split_unit(raw)
    if not percent and base.rstrip().endswith("%"):  # "Tỷ lệ%"
        base, percent = base.rstrip()[:-1], True
    evidence: list[tuple[str, str]] = []
    if unit is not None:
        evidence.append((raw[len(base):].strip() or unit.value, f"unit={unit.value}"))
    if percent:
        evidence.append(("%", "percent"))
    folded = fold(base)
    of_which = False
    for word in OF_WHICH:
        if folded == word or re.match(rf"^{re.escape(word)}\s*[:,]", folded) or \
                folded.startswith(word + " "):
            of_which = True
            evidence.append((word, "of_which"))
            folded = folded[len(word):].strip(" :,-–")
            break
    folded = _BULLET.sub("", folded).strip()
    if not folded:
        return HeaderMeaning(key="attainment_pct" if percent else None, percent=percent,
                             unit=unit, of_which=of_which, evidence=tuple(evidence))
    columns, programs, phases = _indexes()
    key = _lookup(folded, columns)
    program = _lookup(folded, programs) if key is None or key == "program" else None
    phase = _lookup(folded, phases) if key is None or key in PHASE_KEYS else None
    year = months = None
    period = None
    weak = False
    if key is not None or program is not None or phase is not None:
        weak = folded in WEAK_ALIASES
        what = key or ("program" if program else "phase")
        if key is not None:
            evidence.append((folded, f"key={key}"))
        if program is not None and key is None:
            evidence.append((folded, f"program={program}"))
        if phase is not None and key not in PHASE_KEYS:
            evidence.append((folded, f"phase={phase}"))
        del what
    else:
        rest, year, months, period, time_evidence = _take_times(folded)
        evidence.extend(time_evidence)
        if rest:
            key, program, phase, parts = _compound(rest)
            evidence.extend(parts)
            weak = _all_weak(parts, "")
            if key is None and program is None and phase is None:
                if not (year or months or period):
                    return HeaderMeaning()
                if rest not in _FILLER and rest not in _GENERIC_MONEY:
                    return HeaderMeaning()
    if key in PHASE_KEYS:
        phase = key
    if key is None and program is None and phase is None and percent:
        key = "attainment_pct"
    return HeaderMeaning(key=key, program=program, phase=phase, unit=unit, percent=percent,
                         year=year, months=months, period=period, of_which=of_which, weak=weak,
                         evidence=tuple(evidence))


def _compound(folded: str) -> tuple[str | None, str | None, str | None, list[tuple[str, str]]]:
    """``Kế hoạch KCQG`` / ``KCĐP thực hiện`` / ``Kinh phí KCQG đề nghị hỗ trợ`` /
    ``Số đề án đã nghiệm thu``: program and phase words together with a key (or a
    word that adds nothing) in one cell.  ``Tổng`` inside such a phrase is first
    read as part of a key (``Tổng kinh phí kế hoạch``); only when that fails as a
    word for the whole (``Tổng thực hiện``), which names no program."""
    found = _compound_once(folded, total_word=False)
    if found[0] is None and found[1] is None and found[2] is None:
        found = _compound_once(folded, total_word=True)
    return found


def _compound_once(folded: str, total_word: bool
                   ) -> tuple[str | None, str | None, str | None, list[tuple[str, str]]]:
    columns, _programs, _phases = _indexes()
    exact = _lookup(folded, columns)
    if exact is not None:
        return exact, None, None, [(folded, f"key={exact}")]
    program = phase = key = None
    evidence: list[tuple[str, str]] = []
    rest = folded
    for slot, patterns in _word_patterns():
        for alias, value in patterns:
            span = _find_word(rest, alias)
            if span is not None:
                if slot == "program":
                    if value == "ALL" and not total_word:
                        continue
                    if value != "ALL":
                        program = value
                else:
                    phase = value
                evidence.append((alias, f"{slot}={value}"))
                rest = _SPACE.sub(" ", rest[:span[0]] + " " + rest[span[1]:]).strip(" -–/:,;()")
                break
    if program is None and phase is None:
        return None, None, None, []
    if rest:
        key = _lookup(rest, columns)
        if key is None:
            cleaned = _drop_filler(rest)
            key = _lookup(cleaned, columns) if cleaned else None
            if key is None and cleaned and cleaned not in _GENERIC_MONEY:
                return None, None, None, []
        if key is not None:
            evidence.append((rest, f"key={key}"))
        if key in PHASE_KEYS:
            phase = phase or key
            key = None
    return key, program, phase, evidence


def _all_weak(evidence: list[tuple[str, str]], rest: str) -> bool:
    words = [w for w, means in evidence if not means.startswith(("year=", "months=", "period=",
                                                                 "unit="))]
    return bool(words) and all(w in WEAK_ALIASES for w in words) and (
        not rest or rest in WEAK_ALIASES)


def _drop_filler(text: str) -> str:
    """``kinh phí của cơ sở`` → ``cơ sở``…: words that add nothing removed, longest first."""
    out = f" {text} "
    for word in sorted(_FILLER, key=len, reverse=True):
        out = out.replace(f" {word} ", " ")
    return _SPACE.sub(" ", out).strip()
