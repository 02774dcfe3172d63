"""Reference data: provinces, regions, activity contents, programmes, statuses, support caps.

Everything here is a pure lookup over small tables that ship as package data in
``kcbudget/reference/data/``.  Each table is read once, lazily, on first use.
:func:`set_reference_dir` points at a folder whose files of the same names
replace the packaged ones (a file the folder lacks keeps coming from the
package); :func:`load_caps` adds a user's own caps (e.g. a province's KCĐP
levels) to the packaged ones.

Matching: every ``match_*`` function compares :func:`match_key` forms (NFC,
case-folded, white space incl. non-breaking collapsed, punctuation as spaces,
``Hoà``/``Hòa`` and ``Thuỷ``/``Thủy`` equal).  Input written entirely without
diacritics is also accepted when exactly one entry folds to it; input that has
diacritics must have the right ones.  No match gives ``None``; ``suggest_*``
gives the closest name for a hint.

File formats
============
All files are CSV, UTF-8 (a BOM is allowed), one header line; lines starting
with ``#`` are comments; ``aliases`` hold alternative spellings separated by
``|``.

``provinces.csv`` — ``era,code,name,region,successor,aliases``
    ``era`` ``old`` (the 63 provinces until 2025-06-30) or ``new`` (the 34 units
    from 2025-07-01); ``code`` the GSO 2-digit code (unique within an era);
    ``name`` the canonical name; ``region`` a slug of ``regions.csv`` (for a new
    unit, the region of the old province that gave it its name); ``successor``
    (old rows only) the code of the new unit it became part of.
``regions.csv`` — ``slug,label_vi,label_en,aliases``
``activity_groups.csv`` — ``group,name_vi,name_en,aliases``
    ``group`` 1-9, the groups of Article 4, Decree 45/2012/NĐ-CP.
``activities.csv`` — ``code,group,name_vi,name_en,aliases``
    ``code`` lower-case snake case, the key used in output; ``group`` 1-9.
``programs.csv``, ``statuses.csv`` — ``value,aliases``
    ``value`` a value of :class:`kcbudget.model.enums.Program` (KCQG, KCDP) or
    :class:`kcbudget.model.enums.Status`.
``caps.csv`` (and user caps files) —
    ``regime,program,activity,per,year_from,year_to,max_share_pct,max_amount,province,source``
    ``program`` KCQG or KCĐP; ``activity`` an activity code; ``per`` what one cap
    covers (``facility``, ``production_line``, ``model``); years inclusive
    (``year_to`` 2100: no known end); ``max_share_pct`` a percentage of the cost
    (``50``), ``max_amount`` integer đồng (``300000000``), either may be blank
    but not both; ``province`` blank for nationwide caps, else a province name
    or code; ``source`` the citation shown in messages.
"""

from __future__ import annotations

from kcbudget.reference.activity import (
    Activity,
    ActivityGroup,
    activities,
    activity_by_code,
    activity_groups,
    match_activity,
    match_activity_group,
    suggest_activity,
)
from kcbudget.reference.cap import Cap, caps, caps_for, clear_user_caps, load_caps
from kcbudget.reference.province import (
    MERGER_YEAR,
    Province,
    match_province,
    predecessors,
    province_by_code,
    provinces,
    provinces_in_region,
    successor,
    suggest_province,
)
from kcbudget.reference.region import RegionInfo, match_region, region_info, regions
from kcbudget.reference.store import reference_dir, set_reference_dir
from kcbudget.text import ascii_key, fold, match_key, strip_diacritics
from kcbudget.reference.vocab import match_program, match_status

__all__ = [
    "MERGER_YEAR",
    "Activity",
    "ActivityGroup",
    "Cap",
    "Province",
    "RegionInfo",
    "activities",
    "activity_by_code",
    "activity_groups",
    "ascii_key",
    "caps",
    "caps_for",
    "clear_user_caps",
    "fold",
    "load_caps",
    "match_activity",
    "match_activity_group",
    "match_key",
    "match_program",
    "match_province",
    "match_region",
    "match_status",
    "predecessors",
    "province_by_code",
    "provinces",
    "provinces_in_region",
    "reference_dir",
    "region_info",
    "regions",
    "reset_reference",
    "set_reference_dir",
    "strip_diacritics",
    "successor",
    "suggest_activity",
    "suggest_province",
]


def reset_reference() -> None:
    """Back to the packaged tables only: no reference folder, no user caps."""
    set_reference_dir(None)
    clear_user_caps()
