"""The names of reference entries in a language: the reference holds both (a region's
``label_vi`` and ``label_en``, an activity's ``name_vi`` and ``name_en``), and the renderer
picks one (:func:`kcbudget.render.catalogue.choose`)."""

from __future__ import annotations

from kcbudget.reference import Activity, region_info
from kcbudget.render.catalogue import choose

__all__ = ["activity_name", "region_label"]


def region_label(slug: str, lang: str = "vi") -> str:
    """The display label of a region (any accepted spelling) in ``lang`` ("vi" or "en");
    ``ValueError`` if ``slug`` names none."""
    info = region_info(slug)
    return choose(info.label_vi, info.label_en, lang)


def activity_name(activity: Activity, lang: str = "vi") -> str:
    """An activity's name in ``lang``."""
    return choose(activity.name_vi, activity.name_en, lang)
