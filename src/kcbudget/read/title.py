"""The title block: the lines above a table's header, and what they say of it.

A title block names the agency, the report (``KẾ HOẠCH KHUYẾN CÔNG NĂM 2022``,
``KẾT QUẢ THỰC HIỆN … ĐẾN HẾT THÁNG 7 NĂM 2022``), the unit (``Đơn vị tính: triệu
đồng``) and often the province (``SỞ CÔNG THƯƠNG TỈNH BÌNH ĐỊNH``) or the program
(``… các đề án khuyến công quốc gia năm 2024``).  Each fact is kept with the words
that gave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kcbudget.model.units import Unit
from kcbudget.text import fold
from kcbudget.read.units import find_unit, unit_from_phrase
from kcbudget.reference import match_province

if TYPE_CHECKING:
    from kcbudget.read.sources import Grid

_YEAR_IN_TEXT = re.compile(r"(?:năm|year|nam)\s*(20\d\d)", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(20\d\d)\s*[-–]\s*(20\d\d)")
_MONTHS = re.compile(r"(?:(?:đến|tới)\s*(?:hết\s*)?tháng\s*(\d{1,2})(?!\d)|(?<![\d/])(\d{1,2})\s*tháng"
                     r"(?:\s*đầu)?\s*năm)")
_DATE_LINE = re.compile(r"ngày\s*[\d\.…_ ]*\s*tháng\s*[\d\.…_ ]*\s*năm\s*[\d\.…_ ]*",
                        re.IGNORECASE)
# the title's word for the stage of a đề án sheet's money; the word that comes first
# decides ("Kế hoạch thực hiện …" is a plan, "Kết quả thực hiện kế hoạch …" a report)
_STAGE_TITLE = (
    ("planned", ("kế hoạch", "dự toán", "plan")),
    ("allocated", ("phân bổ",)),
    ("advanced", ("tạm ứng",)),
    ("executed", ("thực hiện", "kết quả thực hiện", "executed", "actual")),
    ("accepted", ("nghiệm thu",)),
    ("disbursed", ("giải ngân",)),
    ("settled", ("quyết toán",)),
)
_PROGRAM_TITLE = {
    "KCQG": ("khuyến công quốc gia", "kcqg", "kc quốc gia"),
    "KCDP": ("khuyến công địa phương", "kcđp", "kcdp", "kc địa phương"),
}
_KHUYEN_CONG = ("khuyến công", "khuyen cong", "kcqg", "kcđp", "industrial promotion")
VI_LETTERS = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]")


@dataclass
class TitleFacts:
    """What the title block says; each ``*_words`` holds the line that said it."""

    lines: list[str]
    unit: Unit | None = None
    phase: str | None = None
    year: int | None = None
    years: tuple[int, int] | None = None
    months: int | None = None
    province: str | None = None
    program: str | None = None
    vietnamese: bool = False
    khuyen_cong: bool = False  # the title speaks of khuyến công
    words: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # fact → "layout" when declared


def title_lines(grid: Grid, header_row: int) -> list[str]:
    lines: list[str] = []
    for row in range(grid.first_row, header_row):
        texts = [str(v).strip() for _, v in grid.row_values(row)]
        lines.extend(t for t in texts if t)
    return lines


def read_title(grid: Grid, header_row: int) -> TitleFacts:

    facts = TitleFacts(lines=title_lines(grid, header_row))
    for line in facts.lines:
        folded = fold(line)
        if facts.unit is None and re.search(r"(đơn vị|đvt|dvt|don vi|unit)", folded):
            facts.unit = find_unit(line)
            if facts.unit is not None:
                facts.words["unit"] = line
        if facts.unit is None and len(folded) <= 20:
            facts.unit = unit_from_phrase(folded.strip("()[]: "))
            if facts.unit is not None:
                facts.words["unit"] = line
        if VI_LETTERS.search(folded):
            facts.vietnamese = True
        if any(w in folded for w in _KHUYEN_CONG):
            facts.khuyen_cong = True
        date_line = bool(_DATE_LINE.search(folded))
        if facts.year is None and not date_line:
            match = _YEAR_IN_TEXT.search(line)
            if match:
                facts.year = int(match.group(1))
                facts.words["year"] = line
        if facts.years is None:
            match = _YEAR_RANGE.search(line)
            if match and int(match.group(1)) < int(match.group(2)):
                facts.years = (int(match.group(1)), int(match.group(2)))
                facts.words["years"] = line
        if facts.months is None and not date_line:
            match = _MONTHS.search(folded)
            if match:
                value = int(match.group(1) or match.group(2))
                if 1 <= value <= 11:  # "đến hết tháng 12" is the whole year
                    facts.months = value
                    facts.words["months"] = line
        unit_line = bool(re.search(r"(đơn vị|đvt|unit)", folded))
        if facts.phase is None and not date_line and not unit_line:
            # the word that comes first decides: "Kế hoạch thực hiện …" is a plan,
            # "Kết quả thực hiện kế hoạch …" a report
            found = [(folded.find(w), -len(w), phase) for phase, words in _STAGE_TITLE
                     for w in words if w in folded]
            if found:
                facts.phase = min(found)[2]
                facts.words["phase"] = line
        if facts.program is None and not date_line and not unit_line:
            named = {program for program, words in _PROGRAM_TITLE.items()
                     if any(re.search(rf"(^|\W){re.escape(w)}($|\W)", folded) for w in words)}
            if len(named) == 1:
                facts.program = named.pop()
                facts.words["program"] = line
            elif len(named) > 1:
                facts.program = "both"  # the title names both: it decides nothing
        if facts.province is None:
            facts.province = _province_in_title(line)
            if facts.province is not None:
                facts.words["province"] = line
    if facts.program == "both":
        facts.program = None
        facts.words.pop("program", None)
    return facts


def _province_in_title(line: str) -> str | None:

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
