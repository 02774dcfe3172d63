"""The report paragraph: a summary written as the conference reports write it.

    Tổng kinh phí khuyến công thực hiện năm 2021 của 15 tỉnh, thành phố khu vực miền
    Trung – Tây Nguyên là 48.793 triệu đồng; trong đó, khuyến công quốc gia (KCQG)
    11.065 triệu đồng, chiếm 22,68%; khuyến công địa phương (KCĐP) 37.728 triệu đồng,
    chiếm 77,32% kinh phí khuyến công toàn vùng.

Every figure comes from the :class:`~kcbudget.model.results.SummaryResult` — the sums
and rates the engine computed from the detail rows — never from a figure a sheet
states; the findings of the inputs (a stated total that does not add up, a rate on
the wrong base) follow as sentences of their own.  Amounts are shown in the unit asked
for (triệu đồng by default) with every decimal they carry, or rounded half up to
``decimals`` places for a report (345.524,7 triệu → ``345,5 tỷ đồng``); trailing zeros
are dropped as reports drop them (``323 tỷ đồng``, ``đạt 40%``).  Percentages are the
engine's (half up to 2 places); with ``pct_decimals`` < 2 they are rounded again from
the exact integers where the line holds them (8.080 ÷ 8.198 → ``98,6%``), never from
the already rounded figure.

Text from a workbook (a group's name, an indicator's name, a file or sheet name, a
finding that quotes a cell) goes through :mod:`kcbudget.render.untrusted`: the paragraph
is plain text, one line per paragraph, for pasting into a report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kcbudget import reference as ref
from kcbudget.model.diagnostic import Diagnostic
from kcbudget.model.results import PhysicalLine, Scope, SummaryLine, SummaryResult
from kcbudget.model.units import Unit
from kcbudget.render import untrusted
from kcbudget.render.catalogue import in_sentence, label, section
from kcbudget.render.names import region_label
from kcbudget.render.summary import _key_label
from kcbudget.figures import format_number

PROGRAMS = ("KCQG", "KCDP")
#: the later stages of the money, in the order a report tells them, each with its
#: rate against the plan
STAGES = ("allocated", "advanced", "disbursed", "settled")
#: the most findings written out; the rest are counted in one sentence
MAX_FINDINGS = 20
#: GSO codes of the centrally governed cities (thành phố trực thuộc trung ương) by era:
#: Hà Nội, Hải Phòng, Đà Nẵng, TP. Hồ Chí Minh, Cần Thơ; Huế from 2025-07-01
_CITY_CODES = {"old": {"01", "31", "48", "79", "92"}, "new": {"01", "31", "46", "48", "79", "92"}}
@dataclass(frozen=True)
class ReportText:
    """The paragraph(s) and the findings of a summary, as plain text (already safe)."""

    paragraphs: list[str]
    findings_intro: str
    findings: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Paragraphs, a blank line, the findings: one line each, for pasting."""
        return "\n\n".join([*self.paragraphs,
                            "\n".join([self.findings_intro, *self.findings])]) + "\n"


@dataclass(frozen=True)
class Figures:
    """How the numbers of a report are written."""

    lang: str = "vi"
    unit: Unit = Unit.trieu
    decimals: int | None = None  # amounts: None = every decimal the figure carries
    pct_decimals: int = 2

    def amount(self, dong: int) -> str:
        """``48.793 triệu đồng`` / ``VND 48,793 million``."""
        value = Decimal(int(dong)) / self.unit.factor
        if self.decimals is not None:
            value = value.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)
        text = format_number(value.normalize() if value else Decimal(0), self.lang)
        return label(f"report.amount.{self.unit.value}", self.lang, n=text)

    def average(self, dong: int) -> str:
        """An average (đồng per đề án, per beneficiary): a quotient, not a sum, so written
        to the report's precision — ``decimals``, else one decimal — and in triệu đồng when
        the report counts in tỷ (``159,1 triệu đồng``, never ``0,159117647 tỷ đồng``)."""
        unit = Unit.trieu if self.unit == Unit.ty else self.unit
        decimals = self.decimals if self.decimals is not None else (
            0 if unit == Unit.dong else 1)
        return Figures(self.lang, unit, decimals, self.pct_decimals).amount(dong)

    def pct(self, value: float | None, exact: tuple[int | None, int | None] | None = None
            ) -> str:
        """``22,68%``; with fewer than 2 decimals, rounded again from ``exact``
        (numerator, denominator) when given, so that 98,549…% is 98,5%, not 98,6%."""
        if value is None:
            return "—"
        number = Decimal(str(value))
        if self.pct_decimals < 2 and exact and exact[0] is not None and exact[1]:
            number = Decimal(int(exact[0])) * 100 / Decimal(int(exact[1]))
        number = number.quantize(Decimal(1).scaleb(-self.pct_decimals), rounding=ROUND_HALF_UP)
        return format_number(number.normalize() if number else Decimal(0), self.lang) + "%"

    def count(self, n: int) -> str:
        return format_number(int(n), self.lang)

    def ratio(self, value: float) -> str:
        number = Decimal(str(value))
        return format_number(number.normalize() if number else Decimal(0), self.lang)


@dataclass
class _Where:
    full: str  # "của 15 tỉnh, thành phố khu vực miền Trung – Tây Nguyên"
    tail: str  # "toàn vùng": how later sentences name the same scope


@dataclass
class _Block:
    """The lines (KCQG, KCĐP, ALL) of one group and months value."""

    group: dict
    months: int | None
    lines: dict[str, SummaryLine]

    @property
    def all(self) -> SummaryLine:
        return self.lines["ALL"]

    def part(self, program: str) -> SummaryLine | None:
        return self.lines.get(program)


def _blocks(lines: Iterable[SummaryLine]) -> list[_Block]:
    """Lines gathered by (group, months), in the order they come."""
    out: list[_Block] = []
    index: dict[tuple, _Block] = {}
    for line in lines:
        key = (tuple(sorted((k, str(v)) for k, v in line.group.items())), line.months)
        block = index.get(key)
        if block is None:
            block = index[key] = _Block(dict(line.group), line.months, {})
            out.append(block)
        block.lines[line.program] = line
    return [b for b in out if "ALL" in b.lines]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _join(*pieces: str) -> str:
    return " ".join(p for p in pieces if p)


class _Writer:
    """Sentences in one language; programs are named in full the first time
    (``khuyến công quốc gia (KCQG)``), by their short name after, and so is a scope
    (``của 15 tỉnh, thành phố khu vực …`` first, ``toàn vùng`` after)."""

    def __init__(self, figures: Figures) -> None:
        self.f = figures
        self.w = section("report", figures.lang)
        self.named: set[str] = set()
        self.accepted_of_planned = True  # "11/35": the accepted of the planned đề án
        self.places_by_year: dict[int, tuple[list[str], list[str]]] = {}

    def program(self, code: str) -> str:
        short = self.w[f"{code}_short"]
        if code in self.named:
            return short
        self.named.add(code)
        return f"{self.w[code]} ({short})"

    def where(self, where: _Where) -> str:
        if where.full in self.named and where.tail:
            return where.tail
        self.named.add(where.full)
        return where.full

    def say(self, key: str, **params: str) -> str:
        return self.w[key].format(**params)

    def projects(self, n: int, total: int | None = None) -> str:
        """``35 đề án``, ``11/35 đề án``; ``1 project``, ``11/35 projects``."""
        count = self.f.count(n) if total is None else f"{self.f.count(n)}/{self.f.count(total)}"
        word = self.w["project"] if (total or n) == 1 else self.w["project_plural"]
        return f"{count} {word}"


# ---- scope words ------------------------------------------------------------------


def _region_label(slug: str, lang: str) -> str:

    try:
        name = region_label(slug, lang)
    except (KeyError, ValueError):
        name = slug
    return in_sentence(name, lang)


def _province_where(name: str, lang: str) -> _Where:

    w = section("report", lang)
    shown = untrusted.plain_line(name)
    match = ref.match_province(name)
    if match is None:
        return _Where(w["named"].format(name=shown), "")
    if match.name.startswith("TP"):  # "TP. Hồ Chí Minh" says what it is
        return _Where(w["named"].format(name=match.name), w["city_tail"])
    if match.code in _CITY_CODES.get(match.era, set()):
        return _Where(w["city"].format(name=match.name), w["city_tail"])
    return _Where(w["province"].format(name=match.name), w["province_tail"])


def _where(provinces: Sequence[str], regions: Sequence[str], lang: str,
           national: bool) -> _Where:
    w = section("report", lang)
    if len(provinces) == 1:
        return _province_where(provinces[0], lang)
    if len(regions) == 1:
        region = _region_label(regions[0], lang)
        if len(provinces) > 1:
            return _Where(w["provinces_region"].format(n=format_number(len(provinces), lang),
                                                       region=region), w["region_tail"])
        return _Where(w["region"].format(region=region), w["region_tail"])
    if national:
        return _Where(w["country"], w["country_tail"])
    if len(provinces) > 1:
        return _Where(w["provinces"].format(n=format_number(len(provinces), lang)), "")
    return _Where("", "")


def _years_text(years: Sequence[int], lang: str) -> str:
    w = section("report", lang)
    found = sorted(set(years))
    if not found:
        return ""
    if len(found) == 1:
        return w["year"].format(year=found[0])
    if found == list(range(found[0], found[-1] + 1)):
        return w["years"].format(first=found[0], last=found[-1])
    return w["some_years"].format(years=", ".join(str(y) for y in found))


def _filter_years(year: object) -> list[int]:
    """The years of a ``--year`` filter (``2022`` or ``2021-2025``)."""
    if year is None:
        return []
    text = str(year).strip()
    try:
        if "-" in text or "–" in text:
            first, last = (int(p) for p in text.replace("–", "-").split("-", 1))
            return list(range(first, last + 1)) if first <= last else []
        return [int(text)]
    except ValueError:
        return []


@dataclass
class _Scope:
    years: list[int]
    provinces: list[str]
    regions: list[str]
    national: bool
    from_records: bool = False  # provinces and regions are those the records hold


def _overall_scope(result: SummaryResult, filters: dict | None) -> _Scope:
    """What the whole summary covers: the engine's :class:`Scope` where it was
    filled, else what the filters and the groups tell."""
    filters = filters or {}
    scope: Scope = result.scope
    lines = result.rows or result.totals
    years = list(scope.years) or _filter_years(filters.get("year")) or sorted(
        {v for line in lines if isinstance(v := line.group.get("year"), int)})
    if scope.province:
        provinces = [scope.province]
    elif scope.provinces:
        provinces = list(scope.provinces)
    elif filters.get("province"):
        provinces = [str(filters["province"])]
    else:
        provinces = sorted({str(v) for line in lines if (v := line.group.get("province"))})
    if scope.region:
        regions = [scope.region]
    elif scope.regions:
        regions = list(scope.regions)
    elif filters.get("region"):
        regions = [_region_slug(str(filters["region"]))]
    else:
        regions = sorted({str(v) for line in lines if (v := line.group.get("region"))})
    national = len(regions) >= 3 and not scope.region and not scope.province \
        and not filters.get("region") and not filters.get("province")
    from_records = not scope.province and not scope.region and bool(
        scope.provinces or scope.regions)
    return _Scope(years, provinces, regions, national, from_records)


def _region_slug(text: str) -> str:

    try:
        return ref.match_region(text) or text
    except (KeyError, ValueError):
        return text


def _group_label(key: str, value: object, lang: str) -> str:

    statuses = section("summary.status", lang)
    if key == "status" and str(value) in statuses:
        return statuses[str(value)]
    return untrusted.plain_line(_key_label(key, value, lang))


def scope_words(result: SummaryResult, lang: str = "vi",
                filters: dict | None = None) -> tuple[str, str]:
    """(where, which years) of a whole summary for a title block:
    ``("15 tỉnh, thành phố khu vực miền Trung – Tây Nguyên", "2021")``; an empty
    string for what is not known."""
    scope = _overall_scope(result, filters)
    where = _where(scope.provinces, scope.regions, lang, scope.national).full
    for word in ("của ", "of the ", "of "):
        if where.startswith(word):
            where = where[len(word):]
            break
    years = sorted(set(scope.years))
    when = "" if not years else str(years[0]) if len(years) == 1 else (
        f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1))
        else ", ".join(str(y) for y in years))
    return untrusted.plain_line(where), when


# ---- the paragraph ------------------------------------------------------------------


def build(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu,
          decimals: int | None = None, pct_decimals: int = 2,
          filters: dict | None = None) -> ReportText:
    """The report paragraph of ``result`` and a sentence for each of its findings.

    ``filters`` are the filters the summary was made with (``region``, ``province``,
    ``year``), used for the scope words where the result's own :class:`Scope` is empty.
    """
    figures = Figures(lang, Unit(unit), decimals, pct_decimals)
    writer = _Writer(figures)
    writer.accepted_of_planned = result.accepted_of_planned
    writer.places_by_year = result.places_by_year
    scope = _overall_scope(result, filters)
    paragraphs: list[str] = []
    keys = list(result.group_by)
    total_blocks = _blocks(result.totals)
    group_blocks = _blocks(result.rows) if keys else []
    total_group: dict = {}
    if len({_group_key(b.group) for b in group_blocks}) <= 1:
        # one group (a year, a programme period): its sentences are the total's, in its words
        total_group = group_blocks[0].group if group_blocks else {}
        group_blocks = []
    said_groups = {_group_key(b.group) for b in group_blocks}
    # physical indicators go with their group's paragraph; any other, with the total's
    others = [p.model_copy(update={"group": total_group}) for p in result.physical
              if _group_key(p.group) not in said_groups]
    if not group_blocks or _years_agree(group_blocks, keys):
        sentences = _block_sentences(total_blocks, writer, scope, total_group, others)
        if sentences:
            paragraphs.append(" ".join(sentences))
    elif others:
        paragraphs.append(_physical(others, writer))
    for block in group_blocks:
        sentences = _block_sentences([block], writer, scope, block.group, result.physical)
        if sentences:
            paragraphs.append(" ".join(sentences))
    intro, findings = _findings(result.diagnostics, lang)
    return ReportText([untrusted.plain_line(p) for p in paragraphs], intro, findings)


def _group_key(group: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in group.items()))


def periods_said_whole(result: SummaryResult) -> bool:
    """Whether a summary grouped by programme period *and* year may be said period by
    period: only when, within each period, every year carries the same stages (five
    years of execution), never a 2021 execution with a 2022 plan as "the period's"."""
    blocks = _blocks(result.rows)
    by_period: dict[object, list[_Block]] = {}
    for block in blocks:
        if isinstance(block.group.get("year"), int):  # a period's targets have no year
            by_period.setdefault(block.group.get("period"), []).append(block)
    return all(_years_agree(found, ["year"]) for found in by_period.values())


def total_is_said(result: SummaryResult) -> bool:
    """Whether the report states a total over all groups: not when the groups are years
    that carry different stages (a 2021 execution beside a 2022 plan and its first 7
    months), whose sum no report would print."""
    keys = list(result.group_by)
    blocks = _blocks(result.rows) if keys else []
    return not blocks or _years_agree(blocks, keys)


def to_text(result: SummaryResult, lang: str = "vi", unit: Unit = Unit.trieu,
            decimals: int | None = None, pct_decimals: int = 2,
            filters: dict | None = None) -> str:
    """``summarize --format text``: the paragraph, then the findings."""
    return build(result, lang, unit, decimals, pct_decimals, filters).text()


def _stages_of(block: _Block) -> tuple:
    a = block.all
    return (bool(a.planned), bool(a.executed), block.months,
            *(bool(getattr(a, s)) for s in STAGES))


def _years_agree(blocks: list[_Block], keys: list[str]) -> bool:
    """A total over several years is said only when every year carries the same
    stages (a programme period of executed figures), never a 2021 execution added to
    a 2022 plan."""
    key = next((k for k in ("year", "period") if k in keys), None)
    if key is None:
        return True
    by_year: dict[object, list[tuple]] = {}
    for block in blocks:  # a period is a year here: its stages must agree with the others'
        by_year.setdefault(block.group.get(key), []).append(_stages_of(block))
    # a year has a stage when any of its groups has it
    signatures = {(tuple(any(flags) for flags in zip(*(s[:2] + s[3:] for s in found))),
                   frozenset(s[2] for s in found)) for found in by_year.values()}
    return len(signatures) <= 1


def _block_sentences(blocks: list[_Block], writer: _Writer, scope: _Scope, group: dict,
                     physical: list[PhysicalLine]) -> list[str]:
    lang = writer.f.lang
    years = scope.years
    if "year" in group:  # a group of no year (a period's targets) is not given the years
        years = [group["year"]] if isinstance(group["year"], int) else []
    when = _years_text(years, lang)
    if group.get("period") is not None and not isinstance(group.get("year"), int):
        # a period's own figures (its targets, or its years said together); a year of
        # a period is said as that year.  2021-2025 written as a range: 2021–2025
        name = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "–", _group_label("period", group["period"], lang))
        when = writer.say("period", name=name)
    where = _group_where(group, _year_scope(scope, group, writer.places_by_year), writer)
    out: list[str] = []
    said_plan: int | None = None
    for block in blocks:
        out += _one_block(block, writer, when, years, where,
                          plan_said=bool(block.all.planned) and block.all.planned == said_plan)
        said_plan = block.all.planned or said_plan
    shown = [p for p in physical if dict(p.group) == dict(group)]
    if shown:
        out.append(_physical(shown, writer))
    return out


def _year_scope(scope: _Scope, group: dict,
                places: dict[int, tuple[list[str], list[str]]]) -> _Scope:
    """The scope of a year's group: the provinces and regions that year's records hold
    (one of the two provinces had 2016: "của 1 tỉnh"), where the summary's provinces
    came from its records; a filter's scope stays the summary's."""
    year = group.get("year")
    if not isinstance(year, int) or year not in places or not scope.from_records:
        return scope
    provinces, regions = places[year]
    return _Scope(scope.years, provinces, regions, scope.national and len(regions) >= 3,
                  scope.from_records)


def _provinces_of(provinces: Sequence[str], region: str) -> list[str]:

    return [p for p in provinces if (m := ref.match_province(p)) is not None
            and m.region == region]


def _group_where(group: dict, scope: _Scope, writer: _Writer) -> _Where:
    """The scope words of a group: its province or region, else the summary's; then
    its content or status."""
    lang = writer.f.lang
    w = section("report", lang)
    if group.get("province"):
        base = _province_where(str(group["province"]), lang)
    elif group.get("region"):  # with the summary's provinces of that region
        region = str(group["region"])
        base = _where(_provinces_of(scope.provinces, region), [region], lang, False)
    else:
        base = _where(scope.provinces, scope.regions, lang, scope.national)
    extra = [w[key].format(name=_group_label(key, group[key], lang))
             for key in ("category", "category_group", "status") if group.get(key) is not None]
    if extra:
        text = _join(writer.where(base) if base.full else "", *extra)
        return _Where(text, text)
    return base


def _parts(block: _Block, value: Callable[[SummaryLine], int | None],
           rate: Callable[[SummaryLine], str], writer: _Writer,
           with_projects: Callable[[SummaryLine], int] | None = None) -> list[str]:
    """``khuyến công quốc gia (KCQG) 11.065 triệu đồng, chiếm 22,68%`` for each program
    that has the figure."""
    out = []
    for code in PROGRAMS:
        line = block.part(code)
        if line is None or not value(line):
            continue
        amount = writer.f.amount(int(value(line) or 0))
        projects = ""
        if with_projects is not None and with_projects(line):
            projects = writer.say("projects", n=writer.projects(with_projects(line)))
        out.append(f"{writer.program(code)} {amount}{projects}{rate(line)}")
    return out


def _single(block: _Block, value: Callable[[SummaryLine], int | None]) -> str | None:
    """The one program that holds all of a figure (the other has none of it)."""
    had = [(code, line) for code in PROGRAMS
           if (line := block.part(code)) is not None and value(line)]
    if len(had) == 1 and value(had[0][1]) == value(block.all):
        return had[0][0]
    return None


def _one_block(block: _Block, writer: _Writer, when: str, years: list[int], where: _Where,
               plan_said: bool = False) -> list[str]:
    """The sentences of one group and months value: the plan, the execution, the later
    stages, the accepted đề án, the cost and counterpart."""
    f, w = writer.f, writer.w
    a = block.all
    out: list[str] = []
    months = block.months if block.months and block.months < 12 else None
    year = years[0] if len(years) == 1 else None
    period = ""
    if months:
        period = w["months"].format(months=months, year=year) if year else \
            w["months_no_year"].format(months=months)

    def share(attr: str) -> Callable[[SummaryLine], str]:
        def text(line: SummaryLine) -> str:
            value = getattr(line, attr)
            if value is None:
                return ""
            base = a.planned if attr == "share_planned_pct" else a.executed
            own = line.planned if attr == "share_planned_pct" else line.executed
            return w["share"].format(pct=f.pct(value, (own, base)))
        return text

    def attained(line: SummaryLine) -> str:
        if line.attainment_pct is None:
            return ""
        return w["part_rate"].format(pct=f.pct(line.attainment_pct,
                                               (line.executed, line.planned)))

    # the plan
    if a.planned and not plan_said:
        single = _single(block, lambda line: line.planned)
        projects = w["projects_for"].format(n=writer.projects(a.projects_planned)) \
            if a.projects_planned else ""
        params = {"when": when, "where": writer.where(where), "amount": f.amount(a.planned),
                  "projects": projects}
        if single:
            key = "plan_single" if when else "plan_single_no_when"
            text = w[key].format(program=writer.program(single), **params)
        else:
            text = w["plan" if when else "plan_no_when"].format(**params)
            parts = _parts(block, lambda line: line.planned, share("share_planned_pct"),
                           writer, lambda line: line.projects_planned)
            if parts:
                text += w["of_which"] + w["part_sep"].join(parts)
        out.append(_sentence(text))

    # the execution
    if a.executed:
        projects = w["projects"].format(n=writer.projects(a.projects_executed)) \
            if a.projects_executed else ""
        single = _single(block, lambda line: line.executed)
        if a.planned and single and (part := block.part(single)) is not None \
                and part.planned and part.planned != a.planned:
            # one program holds all the execution while the other has a plan too: its
            # rate is against its own plan, never the whole plan (Phía Nam 2024: KCĐP's
            # 25,3 tỷ is 42,88% of its 59 tỷ, not 27,71% of both programs' 91,3 tỷ)
            rate = ""
            if part.attainment_pct is not None:
                rate = w["attained_one"].format(
                    pct=f.pct(part.attainment_pct, (part.executed, part.planned)),
                    program=w[f"{single}_short"])
            moment = period or ("" if out else when)
            key = "exec_single_after_plan" if moment else "exec_single_after_plan_no_when"
            text = w[key].format(when=_cap(moment), where=writer.where(where),
                                 program=writer.program(single), amount=f.amount(a.executed),
                                 projects=projects, rate=rate)
            parts = []
        elif a.planned:
            rate = ""
            if a.attainment_pct is not None:
                rate = w["attained_year" if months else "attained"].format(
                    pct=f.pct(a.attainment_pct, (a.executed, a.planned)))
            moment = period or ("" if out else when)
            key = "exec_after_plan" if moment else "exec_after_plan_no_when"
            text = w[key].format(when=_cap(moment), where=writer.where(where),
                                 amount=f.amount(a.executed), projects=projects, rate=rate)
            parts = _parts(block, lambda line: line.executed, attained, writer,
                           lambda line: line.projects_executed)
        else:
            single = _single(block, lambda line: line.executed)
            params = {"when": period or when, "where": writer.where(where),
                      "amount": f.amount(a.executed), "projects": projects}
            if single:
                text = w["exec_single"].format(program=writer.program(single), **params)
                parts = []
            else:
                text = w["exec_only"].format(**params)
                parts = _parts(block, lambda line: line.executed, share("share_executed_pct"),
                               writer, lambda line: line.projects_executed)
        text = " ".join(text.split())
        if parts:
            text += w["of_which"] + w["part_sep"].join(parts)
            if not a.planned and where.tail:
                text += w["share_tail"].format(tail=where.tail)
        out.append(_sentence(text))

    for stage in STAGES:  # allocated, advanced, disbursed, settled
        out += _stage(block, stage, writer)
    if a.projects_accepted and a.projects_accepted == a.projects_executed \
            and a.accepted == a.executed and not a.planned:
        out.append(_sentence(w["one_accepted"] if a.projects_accepted == 1 else
                             w["all_accepted"].format(n=writer.projects(a.projects_accepted))))
    elif a.projects_accepted or a.accepted:
        out.append(_accepted(block, writer, months, year))
    out += _cost(block, writer)
    return out


def _stage(block: _Block, stage: str, writer: _Writer) -> list[str]:
    f, w = writer.f, writer.w
    a = block.all
    total = getattr(a, stage)
    if not total:
        return []
    name = w[f"stage_{stage}"]

    def rate_of(line: SummaryLine) -> str:
        value = getattr(line, f"{stage}_pct")
        if value is None:
            return ""
        return w["part_rate"].format(pct=f.pct(value, (getattr(line, stage), line.planned)))

    single = _single(block, lambda line: getattr(line, stage))
    if single:
        line = block.part(single)
        assert line is not None
        pct = getattr(line, f"{stage}_pct")
        short = w[f"{single}_short"]
        rate = w["stage_rate_one"].format(pct=f.pct(pct, (getattr(line, stage), line.planned)),
                                          program=short) if pct is not None else ""
        return [_sentence(w["stage_one"].format(program=writer.program(single), stage=name,
                                                amount=f.amount(total), rate=rate))]
    pct = getattr(a, f"{stage}_pct")
    rate = w["stage_rate"].format(pct=f.pct(pct, (total, a.planned))) if pct is not None else ""
    text = w["stage"].format(stage=name, amount=f.amount(total), rate=rate)
    parts = _parts(block, lambda line: getattr(line, stage), rate_of, writer)
    if parts:
        text += w["of_which"] + w["part_sep"].join(parts)
    return [_sentence(text)]


def _accepted(block: _Block, writer: _Writer, months: int | None, year: int | None) -> str:
    f, w = writer.f, writer.w
    a = block.all

    def count(line: SummaryLine) -> str:
        of = line.projects_planned or None if writer.accepted_of_planned else None
        return writer.projects(line.projects_accepted, of)

    def rate(line: SummaryLine) -> str:
        if line.accepted_pct is None:
            return ""
        return w["accepted_rate"].format(pct=f.pct(line.accepted_pct, (line.accepted,
                                                                      line.planned)))

    since = ""
    if months:
        since = (w["months_since"].format(months=months, year=year) if year else
                 w["months_since_no_year"].format(months=months))
        since = since if since.endswith(" ") else since + ", "
    amount = w["accepted_amount"].format(amount=f.amount(a.accepted)) if a.accepted else ""
    text = _cap(w["accepted"].format(since=since, count=count(a), amount=amount, rate=rate(a)))
    parts = []
    for code in PROGRAMS:
        line = block.part(code)
        if line is None or not line.projects_accepted:
            continue
        part_rate = ""
        if line.accepted_pct is not None:
            part_rate = w["part_rate"].format(pct=f.pct(line.accepted_pct,
                                                        (line.accepted, line.planned)))
        parts.append(w["accepted_part"].format(program=writer.program(code),
                                               count=count(line), rate=part_rate))
    if len(parts) > 1:  # one program alone is the total again
        text += w["of_which"] + w["part_sep"].join(parts)
    return _sentence(text)


def _cost(block: _Block, writer: _Writer) -> list[str]:
    f, w = writer.f, writer.w
    a = block.all
    out = []
    leverage = w["leverage"].format(ratio=f.ratio(a.leverage)) if a.leverage is not None else ""
    # the plan's cost figures beside an execution the paragraph states: said to be the
    # plan's (a period's targets give its total cost; its years, the execution)
    plan = "_plan" if a.cost_phase == "planned" and a.executed else ""
    pieces = []
    if a.total_cost:
        support = w["cost_support"].format(pct=f.pct(a.support_cost_pct)) \
            if a.support_cost_pct is not None else ""
        pieces.append(w["cost" + plan].format(amount=f.amount(a.total_cost), support=support))
        if a.counterpart:
            pieces.append(w["counterpart"].format(amount=f.amount(a.counterpart),
                                                  leverage=leverage))
    elif a.counterpart:
        pieces.append(w["counterpart_only" + plan].format(amount=f.amount(a.counterpart),
                                                          leverage=leverage))
    if pieces and a.other_funds:
        pieces.append(w["other_funds"].format(amount=f.amount(a.other_funds)))
    if pieces:
        out.append(_sentence("; ".join(pieces)))
    per = []
    if a.support_per_project:
        per.append(w["per_project"].format(amount=f.average(a.support_per_project)))
    if a.support_per_beneficiary:
        key = "per_beneficiary_too" if per else "per_beneficiary"
        per.append(w[key].format(amount=f.average(a.support_per_beneficiary)))
    # the averages are of the execution where it counts đề án, else of the plan
    averages_of_plan = not (a.projects_executed and a.executed)
    if a.beneficiaries:
        text = w["beneficiaries" + plan].format(n=f.count(a.beneficiaries))
        if per and (not plan or averages_of_plan):
            text += "; " + ", ".join(per)
            per = []
        out.append(_sentence(text))
        if per:
            out.append(_sentence(_cap(", ".join(per))))
    elif a.support_per_project and (a.projects_executed or a.projects_planned):
        out.append(_sentence(_cap(w["per_project"].format(
            amount=f.average(a.support_per_project)))))
    return out


def _physical(lines: list[PhysicalLine], writer: _Writer) -> str:
    f, w = writer.f, writer.w
    done = [p for p in lines if p.executed is not None]
    targets = [p for p in lines if p.executed is None and p.target is not None]
    sentences = []
    if done:
        items = []
        for p in done:
            text = w["physical_item"].format(name=untrusted.plain_line(p.name),
                                             value=f.count(p.executed or 0),
                                             unit=untrusted.plain_line(p.unit))
            if p.target is not None:
                text += w["physical_target"].format(
                    value=f.count(p.target), unit=untrusted.plain_line(p.unit),
                    pct=f.pct(p.attainment_pct, (p.executed, p.target)))
            items.append(text)
        sentences.append(_sentence(w["physical"] + "; ".join(items)))
    if targets:
        items = [w["physical_target_only"].format(name=untrusted.plain_line(p.name),
                                                  value=f.count(p.target or 0),
                                                  unit=untrusted.plain_line(p.unit))
                 for p in targets]
        sentences.append(_sentence(w["physical_targets"] + "; ".join(items)))
    return " ".join(sentences)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    text = _cap(text)
    return text if text.endswith((".", "!", "?")) else text + "."


# ---- the findings ---------------------------------------------------------------------


def _findings(diagnostics: Sequence[Diagnostic], lang: str) -> tuple[str, list[str]]:
    """The intro line and a sentence per error and warning (info is left out)."""
    w = section("report", lang)
    shown = [d for d in diagnostics if d.severity.value != "info"]
    if not shown:
        return w["no_findings"], []
    errors = sum(1 for d in shown if d.severity.value == "error")
    warnings = len(shown) - errors
    counts = ", ".join(
        f"{format_number(n, lang)} {w[word if n == 1 else word + 's']}"
        for n, word in ((errors, "error"), (warnings, "warning")) if n)
    out = [finding_sentence(d, lang) for d in shown[:MAX_FINDINGS]]
    if len(shown) > MAX_FINDINGS:
        out.append(w["more_findings"].format(n=format_number(len(shown) - MAX_FINDINGS, lang)))
    return w["findings"].format(counts=counts), out


def finding_sentence(d: Diagnostic, lang: str = "vi") -> str:
    """``Tệp phia-nam-2024.xlsx, sheet 'Năm 2024', ô F9: Tỷ lệ ghi 27,70% … (KC304)``:
    one line, safe for any text output."""
    w = section("report", lang)
    name = (d.file or "").replace("\\", "/").rsplit("/", 1)[-1]
    if name and d.sheet and d.cell:
        where = w["finding_at"].format(file=name, sheet=d.sheet, cell=d.cell, code=d.code)
    elif name and d.sheet:
        where = w["finding_sheet"].format(file=name, sheet=d.sheet, code=d.code)
    elif name:
        where = w["finding_file"].format(file=name, code=d.code)
    else:
        where = w["finding"].format(code=d.code)
    text = _sentence(d.message or "")
    if d.hint:
        text += " " + _sentence(d.hint)
    return untrusted.plain_line(where + text)
