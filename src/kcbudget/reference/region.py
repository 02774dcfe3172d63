"""The regions of the khuyến công regional conferences."""

from __future__ import annotations

from dataclasses import dataclass, field

from kcbudget.errors import KcbudgetError
from kcbudget.reference.store import cached, memo, read_table, split_aliases
from kcbudget.text import ascii_key, has_diacritics, match_key

__all__ = ["RegionInfo", "match_region", "region_info", "regions"]


@dataclass(frozen=True)
class RegionInfo:
    slug: str
    label_vi: str
    label_en: str
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class _RegionIndex:
    items: tuple[RegionInfo, ...]
    by_slug: dict[str, RegionInfo]
    exact: dict[str, str]
    ascii: dict[str, frozenset[str]]


@cached
def _index() -> _RegionIndex:
    label, rows = read_table("regions.csv", ("slug", "label_vi", "label_en", "aliases"))
    items: list[RegionInfo] = []
    exact: dict[str, str] = {}
    ascii_: dict[str, set[str]] = {}
    for lineno, row in rows:
        r = RegionInfo(row["slug"], row["label_vi"], row["label_en"], split_aliases(row["aliases"]))
        if not r.slug or not r.label_vi:
            raise KcbudgetError("ref_region_required", label=label, line=lineno)
        items.append(r)
        for spelling in (r.slug, r.label_vi, r.label_en, *r.aliases):
            k = match_key(spelling)
            if not k:
                continue
            if exact.get(k, r.slug) != r.slug:
                raise KcbudgetError("ref_region_spelling_twice", label=label, line=lineno,
                                    spelling=spelling, region=exact[k])
            exact[k] = r.slug
            ascii_.setdefault(ascii_key(spelling), set()).add(r.slug)
    by_slug = {r.slug: r for r in items}
    if len(by_slug) != len(items):
        raise KcbudgetError("ref_duplicate_region", label=label)
    return _RegionIndex(tuple(items), by_slug, exact, {k: frozenset(v) for k, v in ascii_.items()})


def regions() -> list[RegionInfo]:
    """The regions, in table order (``mien-bac``, ``mien-trung``, ``mien-nam``)."""
    return list(_index().items)


@memo
def match_region(text: object) -> str | None:
    """The region slug that ``text`` names (slug, alias or label, vi or en), else ``None``.

    Input written without any diacritics matches only when it names one region.
    """
    if text is None:
        return None
    idx = _index()
    k = match_key(str(text))
    if not k:
        return None
    if k in idx.exact:
        return idx.exact[k]
    if not has_diacritics(k):
        hits = idx.ascii.get(k, frozenset())
        if len(hits) == 1:
            return next(iter(hits))
    return None


def region_info(slug: str) -> RegionInfo:
    """The region ``slug`` names (any accepted spelling); ``ValueError`` if none."""
    resolved = match_region(slug)
    if resolved is None:
        raise ValueError(f"unknown region: {slug!r}")
    return _index().by_slug[resolved]

