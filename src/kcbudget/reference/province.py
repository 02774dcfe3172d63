"""Provinces: the 63 in force until 2025-06-30, the 34 units from 2025-07-01, the mapping.

``as_of`` is a year: below 2025 means the 63 provinces, 2025 and later the 34
units formed on 2025-07-01 (a 2025 report written before July is rare enough
that the whole year counts as "after the merger"; pass 2024 to get the old list).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kcbudget.errors import KcbudgetError
from kcbudget.reference.region import _index as region_index
from kcbudget.reference.region import region_info
from kcbudget.reference.store import cached, memo, read_table, split_aliases
from kcbudget.text import ADMIN_PREFIXES, ascii_key, fold, has_diacritics, match_key, strip_admin

__all__ = [
    "MERGER_YEAR",
    "Province",
    "match_province",
    "predecessors",
    "province_by_code",
    "provinces",
    "provinces_in_region",
    "successor",
    "suggest_province",
]

MERGER_YEAR = 2025  #: the 34 units exist from 2025-07-01
OLD, NEW = "old", "new"

_SUFFIXES = (" province", " city")
_CODE = re.compile(r"\d{1,2}(?:\.0+)?")


@dataclass(frozen=True)
class Province:
    """A province (era ``old``) or a post-2025 provincial unit (era ``new``)."""

    name: str  #: canonical name, used in every output
    code: str  #: GSO 2-digit code (unique within an era)
    region: str  #: conference region slug
    era: str  #: "old" (until 2025-06-30) or "new" (from 2025-07-01)
    successor: str | None = None  #: old provinces: canonical name of the new unit
    successor_code: str | None = None
    #: new units: canonical names of the old provinces, the one that gave the name first
    predecessors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def key(self) -> str:
        """A key unique over both eras, e.g. ``old:52``."""
        return f"{self.era}:{self.code}"


@dataclass(frozen=True)
class _ProvinceIndex:
    by_era: dict[str, tuple[Province, ...]]
    by_code: dict[str, dict[str, Province]]
    exact: dict[str, dict[str, Province]]
    ascii: dict[str, dict[str, tuple[Province, ...]]]
    suggestions: dict[str, str]  # ascii key of every spelling → canonical name


@cached
def _index() -> _ProvinceIndex:

    slugs = region_index().by_slug
    label, rows = read_table("provinces.csv", ("era", "code", "name", "region", "successor", "aliases"))
    raw: dict[str, list[tuple[int, dict[str, str]]]] = {OLD: [], NEW: []}
    for lineno, row in rows:
        era = row["era"].lower()
        if era not in raw:
            raise KcbudgetError("ref_bad_era", label=label, line=lineno, value=row["era"])
        if not re.fullmatch(r"\d{2}", row["code"]):
            raise KcbudgetError("ref_bad_code", label=label, line=lineno, value=row["code"])
        if row["region"] not in slugs:
            raise KcbudgetError("ref_unknown_region", label=label, line=lineno,
                                value=row["region"])
        if not row["name"]:
            raise KcbudgetError("ref_name_required", label=label, line=lineno)
        raw[era].append((lineno, row))

    new_rows = {row["code"]: row for _, row in raw[NEW]}
    preds: dict[str, list[str]] = {code: [] for code in new_rows}
    for lineno, row in raw[OLD]:
        succ = row["successor"]
        if succ not in new_rows:
            raise KcbudgetError("ref_bad_successor", label=label, line=lineno, value=succ)
        preds[succ].append(row["name"])

    by_era: dict[str, list[Province]] = {OLD: [], NEW: []}
    for _, row in raw[OLD]:
        new = new_rows[row["successor"]]
        by_era[OLD].append(Province(row["name"], row["code"], row["region"], OLD, new["name"],
                                    new["code"], (), split_aliases(row["aliases"])))
    for lineno, row in raw[NEW]:
        if not preds[row["code"]]:
            raise KcbudgetError("ref_no_predecessor", label=label, line=lineno,
                                code=row["code"])
        names = preds[row["code"]]
        # the predecessor that gave the unit its name (same name, else same code) comes first
        giver = next((n for n in names if n == row["name"]), None) or next(
            (r["name"] for _, r in raw[OLD] if r["code"] == row["code"] and r["name"] in names), None)
        ordered = ([giver] if giver else []) + [n for n in names if n != giver]
        by_era[NEW].append(Province(row["name"], row["code"], row["region"], NEW, None, None,
                                    tuple(ordered), split_aliases(row["aliases"])))

    by_code: dict[str, dict[str, Province]] = {}
    exact: dict[str, dict[str, Province]] = {}
    ascii_: dict[str, dict[str, tuple[Province, ...]]] = {}
    suggestions: dict[str, str] = {}
    for era in (NEW, OLD):  # old last, so old names win among suggestions
        folded: dict[str, list[Province]] = {}
        by_code[era], exact[era] = {}, {}
        for p in by_era[era]:
            if p.code in by_code[era]:
                raise KcbudgetError("ref_code_twice", label=label, code=p.code, era=era)
            by_code[era][p.code] = p
            for spelling in (p.name, *p.aliases):
                k = match_key(spelling)
                other = exact[era].get(k)
                if other is not None and other != p:
                    raise KcbudgetError("ref_spelling_two_names", label=label, spelling=spelling,
                                        first=other.name, second=p.name)
                exact[era][k] = p
                a = ascii_key(spelling)
                if p not in folded.setdefault(a, []):
                    folded[a].append(p)
                suggestions[a] = p.name
        ascii_[era] = {k: tuple(v) for k, v in folded.items()}
    return _ProvinceIndex({e: tuple(v) for e, v in by_era.items()}, by_code, exact, ascii_, suggestions)


def _eras(as_of: int | None) -> tuple[str, str]:
    return (NEW, OLD) if as_of is not None and as_of >= MERGER_YEAR else (OLD, NEW)


def _strip(k: str) -> str:
    return strip_admin(k, ADMIN_PREFIXES, _SUFFIXES)


def _keys(text: str) -> list[str]:
    k = match_key(text)
    keys = [k] if k else []
    s = _strip(k)
    if s and s != k:
        keys.append(s)
    return keys


@memo
def match_province(text: object, as_of: int | None = None) -> Province | None:
    """The province that ``text`` names, or ``None``.

    ``text`` may be a canonical name, an alias, a name with the prefix ``Tỉnh``,
    ``Thành phố``, ``TP.`` or ``TP``, in any case, NFC or NFD, either tone
    placement, or a GSO code (``"37"``, ``37``).  Input written entirely without
    diacritics (``Binh Dinh``) matches only when exactly one province folds to it;
    input that has diacritics must have the right ones (``Bình Đinh`` is refused:
    see :func:`suggest_province`).

    Where old and new eras share a name or a code, the old province wins
    (``Phú Thọ`` is the old province, whose :attr:`Province.successor` is the new
    unit), unless ``as_of`` is 2025 or later, in which case the new unit wins.
    """
    if text is None or isinstance(text, bool):
        return None
    idx = _index()
    eras = _eras(as_of)
    raw = str(text).strip()
    if not _CODE.fullmatch(raw):
        folded = fold(raw)  # a code with an invisible character (``\u200b70``) is that code
        raw = folded if _CODE.fullmatch(folded) else raw
    if _CODE.fullmatch(raw):
        code = raw.split(".")[0].zfill(2)
        for era in eras:
            if code in idx.by_code[era]:
                return idx.by_code[era][code]
        return None
    keys = _keys(raw)
    for era in eras:
        for k in keys:
            p = idx.exact[era].get(k)
            if p is not None:
                return p
    if keys and not has_diacritics(keys[0]):
        for era in eras:
            for k in keys:
                hits = idx.ascii[era].get(k, ())
                if len(hits) == 1:
                    return hits[0]
                if len(hits) > 1:
                    return None  # ambiguous without diacritics: refuse
    return None


@memo
def suggest_province(text: object) -> str | None:
    """The canonical name closest to ``text``, for a "did you mean" hint (or ``None``)."""
    if text is None:
        return None

    idx = _index()
    keys = [ascii_key(k) for k in _keys(str(text))]
    for k in keys:
        if k in idx.suggestions:
            return idx.suggestions[k]
    for k in reversed(keys):
        close = difflib.get_close_matches(k, list(idx.suggestions), n=1, cutoff=0.6)
        if close:
            return idx.suggestions[close[0]]
    return None


def provinces(as_of: int = 2024) -> list[Province]:
    """The 63 provinces (``as_of`` < 2025) or the 34 units (``as_of`` ≥ 2025), in GSO code order."""
    return sorted(_index().by_era[_eras(as_of)[0]], key=lambda p: p.code)


def province_by_code(code: str | int, era: str = OLD) -> Province | None:
    """The province of ``era`` ("old" or "new") with GSO ``code``."""
    return _index().by_code[era].get(str(code).zfill(2))


def _resolve(province: Province | str) -> Province:
    if isinstance(province, Province):
        return province
    p = match_province(province)
    if p is None:
        raise ValueError(f"unknown province: {province!r}")
    return p


def successor(province: Province | str) -> Province:
    """The post-2025 unit a province became part of (a new unit is its own successor)."""
    p = _resolve(province)
    if p.era == NEW:
        return p
    return _index().by_code[NEW][p.successor_code]  # type: ignore[index]


def predecessors(unit: Province | str) -> list[Province]:
    """The old provinces that formed a new unit (for an old province: the old provinces
    that share its successor)."""
    new = successor(unit)
    return [p for p in _index().by_era[OLD] if p.successor_code == new.code]


def provinces_in_region(region: str, as_of: int = 2024) -> list[Province]:
    """The provinces (or, for ``as_of`` ≥ 2025, the new units) of a conference region."""

    slug = region_info(region).slug
    return [p for p in provinces(as_of) if p.region == slug]
