"""Column headers: the vocabulary of the contract and how a header cell is read.

A header cell is folded (NFC, case, white space, a trailing bracket with its
unit removed) and looked up among the aliases of the canonical keys of
``spec/spreadsheets.md``.  Group words of two-level headers name a program
(``Khuyến công quốc gia``, ``KCĐP``, ``Tổng số``) or a phase (``Kế hoạch``,
``Thực hiện``); either level may hold either.  A header that matches only once
its diacritics are removed is accepted only when that match is unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kcbudget.model.units import Unit

# canonical key → aliases (Vietnamese and English), written naturally; folded at load
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "Số thứ tự", "TT", "No.", "No", "#"),
    "project_id": ("Mã đề án", "Mã số", "Mã", "Mã đề án/nhiệm vụ", "Project ID", "Code", "ID"),
    "year": ("Năm", "Năm thực hiện", "Year"),
    "province": ("Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh/thành phố", "Tỉnh", "Tỉnh/TP",
                 "Địa phương", "Đơn vị", "Tên tỉnh", "Province"),
    "region": ("Vùng", "Khu vực", "Region"),
    "program": ("Nguồn kinh phí", "Chương trình", "Nguồn", "Nguồn vốn", "Program", "Source"),
    "category": ("Nội dung", "Nội dung hoạt động", "Lĩnh vực", "Nội dung hỗ trợ", "Category",
                 "Activity"),
    "project_name": ("Tên đề án", "Tên đề án/nhiệm vụ", "Tên đề án, nhiệm vụ", "Tên nhiệm vụ",
                     "Project name", "Project"),
    "beneficiary": ("Đơn vị thụ hưởng", "Cơ sở thụ hưởng", "Beneficiary"),
    "beneficiaries": ("Số cơ sở thụ hưởng", "Số cơ sở", "Beneficiaries",
                      "Number of beneficiaries"),
    "total_cost": ("Tổng kinh phí", "Tổng vốn", "Tổng kinh phí thực hiện", "Tổng vốn đầu tư",
                   "Total cost"),
    "support": ("Kinh phí khuyến công", "Kinh phí hỗ trợ", "Kinh phí khuyến công hỗ trợ",
                "Kinh phí KC hỗ trợ", "Kinh phí", "Support", "Support amount"),
    "counterpart": ("Vốn đối ứng", "Kinh phí đối ứng", "Đối ứng", "Counterpart",
                    "Counterpart funds"),
    "other_funds": ("Nguồn khác", "Xã hội hóa", "Xã hội hoá", "Other funds", "Other"),
    "planned": ("Kế hoạch", "Kinh phí kế hoạch", "Dự toán", "Kế hoạch giao", "Planned", "Plan"),
    "executed": ("Thực hiện", "Kinh phí thực hiện", "Giải ngân", "Ước thực hiện",
                 "Kết quả thực hiện", "Đã thực hiện", "Executed", "Actual", "Disbursed"),
    "attainment_pct": ("Tỷ lệ", "Tỉ lệ", "Tỷ lệ thực hiện", "Tỉ lệ thực hiện", "% đạt", "So với kế hoạch", "Tỷ lệ đạt",
                       "TH/KH", "Attainment", "Attainment %", "% of plan"),
    "share_pct": ("Tỷ trọng", "Tỉ trọng", "Chiếm", "Share", "Share %"),
    "projects": ("Số đề án", "Số lượng đề án", "Số đề án/nhiệm vụ", "Projects",
                 "Number of projects"),
    "status": ("Trạng thái", "Tình trạng", "Status"),
}

AMOUNT_KEYS = frozenset({"total_cost", "support", "counterpart", "other_funds", "planned",
                         "executed"})
PERCENT_KEYS = frozenset({"attainment_pct", "share_pct"})
COUNT_KEYS = frozenset({"beneficiaries", "projects"})
TEXT_KEYS = frozenset({"project_id", "province", "region", "program", "category",
                       "project_name", "beneficiary", "status"})

# group words of two-level headers
PROGRAM_WORDS: dict[str, tuple[str, ...]] = {
    "KCQG": ("Khuyến công quốc gia", "KCQG", "Quốc gia", "KC quốc gia", "Ngân sách trung ương",
             "National", "National program"),
    "KCDP": ("Khuyến công địa phương", "KCĐP", "KCDP", "Địa phương", "KC địa phương",
             "Ngân sách địa phương", "Local", "Local program"),
    "ALL": ("Tổng số", "Tổng cộng", "Tổng", "Cộng", "Total", "All"),
}
PHASE_WORDS: dict[str, tuple[str, ...]] = {
    "planned": ("Kế hoạch", "Dự toán", "Kế hoạch giao", "Kinh phí kế hoạch", "Planned", "Plan"),
    "executed": ("Thực hiện", "Ước thực hiện", "Giải ngân", "Kinh phí thực hiện",
                 "Kết quả thực hiện", "Đã thực hiện", "Executed", "Actual", "Disbursed"),
}

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFC, case folded, non-breaking spaces as spaces, runs of white space collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return _SPACE.sub(" ", text).strip().casefold()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics (đ → d) from folded text."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class HeaderMeaning:
    """What one header cell (or a group over a sub-header) says."""

    key: str | None = None  # canonical column key
    program: str | None = None  # KCQG | KCDP | ALL
    phase: str | None = None  # planned | executed
    unit: Unit | None = None
    percent: bool = False  # the header carries "(%)"

    @property
    def known(self) -> bool:
        return self.key is not None or self.program is not None or self.phase is not None


def _index(table: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], dict[str, set[str]]]:
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for key, aliases in table.items():
        for alias in (key, *aliases):
            folded = fold(alias)
            exact.setdefault(folded, key)
            loose.setdefault(strip_marks(folded), set()).add(key)
    return exact, loose


@lru_cache(maxsize=1)
def _indexes():
    return _index(COLUMN_ALIASES), _index(PROGRAM_WORDS), _index(PHASE_WORDS)


def _lookup(folded: str, index) -> str | None:
    exact, loose = index
    if folded in exact:
        return exact[folded]
    keys = loose.get(strip_marks(folded))
    if keys and len(keys) == 1:
        return next(iter(keys))
    return None


def split_unit(header: str) -> tuple[str, Unit | None, bool]:
    """``Kinh phí (triệu đồng)`` → (``Kinh phí``, Unit.trieu, False); ``Tỷ lệ (%)`` → percent.
    See :func:`kcbudget.read.units.split_header_unit`."""
    from kcbudget.read.units import split_header_unit

    return split_header_unit(header)


def read_header(text: str | None) -> HeaderMeaning:
    """Interpret one header cell on its own."""
    if text is None:
        return HeaderMeaning()
    raw = str(text)
    if not raw.strip():
        return HeaderMeaning()
    stripped = raw.strip()
    if stripped in ("%", "(%)", "[%]"):
        return HeaderMeaning(key="attainment_pct", percent=True)
    base, unit, percent = split_unit(raw)
    if not percent and base.rstrip().endswith("%"):  # "Tỷ lệ%"
        base, percent = base.rstrip()[:-1], True
    folded = fold(base)
    if not folded:
        return HeaderMeaning(key="attainment_pct" if percent else None, percent=percent)
    columns, programs, phases = _indexes()
    key = _lookup(folded, columns)
    program = _lookup(folded, programs)
    phase = _lookup(folded, phases)
    if key is None and program is None and phase is None:
        key, program, phase = _compound(folded)
    if key in ("planned", "executed"):
        phase = key
    if key is None and program is None and phase is None and percent:
        key = "attainment_pct"
    return HeaderMeaning(key=key, program=program, phase=phase, unit=unit, percent=percent)


def _compound(folded: str) -> tuple[str | None, str | None, str | None]:
    """``Kế hoạch KCQG`` / ``KCĐP thực hiện`` / ``Kinh phí KCQG``: a phase or an
    amount word together with a program word in one cell."""
    columns, programs, phases = _indexes()
    program = phase = key = None
    rest = folded
    for words, index, slot in ((PROGRAM_WORDS, programs, "program"),
                               (PHASE_WORDS, phases, "phase")):
        for alias in sorted((fold(a) for ws in words.values() for a in ws), key=len,
                            reverse=True):
            pattern = re.compile(rf"(^|[\s\-–/:]){re.escape(alias)}($|[\s\-–/:])")
            if pattern.search(rest):
                value = _lookup(alias, index)
                if slot == "program" and value != "ALL":
                    program = value
                elif slot == "phase":
                    phase = value
                rest = pattern.sub(" ", rest).strip(" -–/:")
                break
    if program is None and phase is None:
        return None, None, None
    if rest:
        key = _lookup(rest, columns)
        if key is None and rest not in ("kinh phí", "vốn", "nguồn"):
            return None, None, None
    if key is None:
        key = phase
    return key, program, phase
