"""Activity contents: the nine groups of Article 4, Decree 45/2012/NĐ-CP, and the finer
activities that reports count separately."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kcbudget.errors import KcbudgetError
from kcbudget.reference.store import cached, memo, read_table, split_aliases
from kcbudget.text import ascii_key, has_diacritics, match_key

__all__ = [
    "Activity",
    "ActivityGroup",
    "activities",
    "activity_by_code",
    "activity_groups",
    "match_activity",
    "match_activity_group",
    "suggest_activity",
]

GROUP_PREFIX = "group_"

_LIST_MARKER = re.compile(r"^\s*(?:[-–•+*]+|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[ivx]{1,4}[.)])\s+", re.I)
_PARENS = re.compile(r"\([^()]*\)")
_LEADING = ("hỗ trợ ", "chương trình ", "đề án ", "nhiệm vụ ", "hoạt động ", "nội dung ",
            "tổ chức ", "ho tro ", "chuong trinh ", "de an ", "hoat dong ")
_GROUP = re.compile(r"(?:nhóm nội dung|nhom noi dung|nhóm|nhom|group)?\s*0?([1-9])")


@dataclass(frozen=True)
class ActivityGroup:
    number: int  #: 1-9, as in Article 4
    name_vi: str
    name_en: str
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def code(self) -> str:
        return f"{GROUP_PREFIX}{self.number}"


@dataclass(frozen=True)
class Activity:
    """A finer activity, or (``is_group``) a whole Article 4 group named without detail."""

    code: str
    name_vi: str
    name_en: str
    group: int  #: Article 4 group, 1-9
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_group(self) -> bool:
        return self.code.startswith(GROUP_PREFIX)


@dataclass(frozen=True)
class _ActivityIndex:
    groups: tuple[ActivityGroup, ...]
    items: tuple[Activity, ...]
    by_code: dict[str, Activity]
    group_activity: dict[int, Activity]  # "Nhóm N" → the group's only activity, or the group itself
    exact: dict[str, Activity]
    ascii: dict[str, tuple[Activity, ...]]
    suggestions: dict[str, Activity]


@cached
def _index() -> _ActivityIndex:
    glabel, grows = read_table("activity_groups.csv", ("group", "name_vi", "name_en", "aliases"))
    groups: dict[int, ActivityGroup] = {}
    for lineno, row in grows:
        try:
            n = int(row["group"])
        except ValueError:
            n = 0
        if not 1 <= n <= 9 or n in groups:
            raise KcbudgetError("ref_bad_group", label=glabel, line=lineno, value=row["group"])
        groups[n] = ActivityGroup(n, row["name_vi"], row["name_en"], split_aliases(row["aliases"]))

    label, rows = read_table("activities.csv", ("code", "group", "name_vi", "name_en", "aliases"))
    items: list[Activity] = []
    for lineno, row in rows:
        try:
            g = int(row["group"])
        except ValueError:
            g = 0
        if g not in groups:
            raise KcbudgetError("ref_unknown_group", label=label, line=lineno, value=row["group"])
        if not re.fullmatch(r"[a-z][a-z0-9_]*", row["code"]) or row["code"].startswith(GROUP_PREFIX):
            raise KcbudgetError("ref_bad_activity_code", label=label, line=lineno,
                                value=row["code"])
        items.append(Activity(row["code"], row["name_vi"], row["name_en"], g, split_aliases(row["aliases"])))

    by_code = {a.code: a for a in items}
    if len(by_code) != len(items):
        raise KcbudgetError("ref_duplicate_activity", label=label)
    group_activity: dict[int, Activity] = {}
    for n, grp in groups.items():
        members = [a for a in items if a.group == n]
        group_activity[n] = members[0] if len(members) == 1 else Activity(
            grp.code, grp.name_vi, grp.name_en, n, grp.aliases)
        by_code.setdefault(grp.code, group_activity[n])

    exact: dict[str, Activity] = {}
    folded: dict[str, list[Activity]] = {}
    suggestions: dict[str, Activity] = {}
    for a in items:
        for spelling in (a.code, a.name_vi, a.name_en, *a.aliases):
            k = match_key(spelling)
            if exact.get(k, a) != a:
                raise KcbudgetError("ref_spelling_two_names", label=label, spelling=spelling,
                                    first=exact[k].code, second=a.code)
            exact[k] = a
    for n, grp in groups.items():  # group names: only where no finer activity has the spelling
        for spelling in (grp.code, grp.name_vi, grp.name_en, *grp.aliases):
            exact.setdefault(match_key(spelling), group_activity[n])
    for k, a in exact.items():
        a_key = ascii_key(k)
        if a not in folded.setdefault(a_key, []):
            folded[a_key].append(a)
        suggestions.setdefault(a_key, a)
    return _ActivityIndex(tuple(groups.values()), tuple(items), by_code, group_activity, exact,
                          {k: tuple(v) for k, v in folded.items()}, suggestions)


def activities(include_groups: bool = False) -> list[Activity]:
    """The finer activities in table order (with ``include_groups``: also one entry per
    group that has several finer activities, for contents named only by group)."""
    idx = _index()
    out = list(idx.items)
    if include_groups:
        out += [a for a in idx.group_activity.values() if a.is_group]
    return out


def activity_groups() -> list[ActivityGroup]:
    """The nine Article 4 groups, in order."""
    return list(_index().groups)


def activity_by_code(code: str) -> Activity | None:
    """The activity with this exact code (``group_N`` for a whole group)."""
    return _index().by_code.get(code)


def _keys(text: str) -> list[str]:
    keys: list[str] = []

    def add(s: str) -> None:
        k = match_key(s)
        if k and k not in keys:
            keys.append(k)

    s = str(text)
    add(s)
    s = _LIST_MARKER.sub("", s, count=1)
    add(s)
    no_parens = _PARENS.sub(" ", s)
    add(no_parens)
    for base in list(keys):
        k = base
        stripped = True
        while stripped:
            stripped = False
            for p in _LEADING:
                if k.startswith(p) and len(k) > len(p):
                    k, stripped = k[len(p):], True
                    add(k)
    return keys


@memo
def match_activity(text: object) -> Activity | None:
    """The activity ``text`` names: its code, Vietnamese or English name, a short form used
    in reports, or a group (``Nhóm 3``, ``3``; a group with one finer activity gives that
    activity, otherwise an entry with ``is_group`` and code ``group_N``).

    Leading list numbering (``1.``, ``a)``, ``-``), words such as ``Hỗ trợ`` and bracketed
    notes are ignored.  Input without any diacritics matches only when unambiguous.
    """
    if text is None or isinstance(text, bool):
        return None
    idx = _index()
    keys = _keys(str(text))
    for k in keys:
        m = _GROUP.fullmatch(k)
        if m:
            return idx.group_activity.get(int(m.group(1)))
    for k in keys:
        if k in idx.exact:
            return idx.exact[k]
    if keys and not has_diacritics(keys[0]):
        for k in keys:
            hits = idx.ascii.get(k, ())
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                return None
    return None


def match_activity_group(text: object) -> ActivityGroup | None:
    """The Article 4 group of whatever :func:`match_activity` finds."""
    a = match_activity(text)
    if a is None:
        return None
    return next(g for g in _index().groups if g.number == a.group)


@memo
def suggest_activity(text: object) -> str | None:
    """The Vietnamese name of the activity closest to ``text`` (for a hint), or ``None``."""
    if text is None:
        return None

    idx = _index()
    keys = [ascii_key(k) for k in _keys(str(text))]
    for k in keys:
        if k in idx.suggestions:
            return idx.suggestions[k].name_vi
    best: tuple[float, Activity] | None = None
    for k in keys:
        for cand in difflib.get_close_matches(k, list(idx.suggestions), n=1, cutoff=0.6):
            ratio = difflib.SequenceMatcher(None, k, cand).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, idx.suggestions[cand])
    return best[1].name_vi if best else None
