"""The library: what the CLI does, as calls that return data.

Each function takes the CLI's options as explicit keyword parameters with the same
names (``lang``, ``locale``, ``unit``, ``phase``, ``year``, ``sheet``, ``layout``, and
each command's own), goes on past a file that cannot be read as the CLI does (the
file becomes a KC100 finding and a line in ``unreadable``), and returns a result
whose ``ok`` says what the CLI's exit status would (0 at the default
``--fail-on error``).  Diagnostics come back with their ``message`` and ``hint`` in
``lang`` and their ``params`` as data.  ``options`` (a
:class:`kcbudget.read.table.ReadOptions`) is there for what no option names (limits).

The examples run from the root of a checkout, on ``sample_data/``; a test runs them
(``tests/test_api.py``) and ``docs/api.md`` is generated from these docstrings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Literal

from kcbudget.checks.validate import validate as _validate
from kcbudget.engine.reconcile import reconcile as _reconcile
from kcbudget.engine.summarize import summarize as _summarize
from kcbudget.model.results import ReconcileResult, SummaryResult, ValidationResult
from kcbudget.model.units import Unit
from kcbudget.read.declared import DeclaredLayout, load_layout
from kcbudget.read.inspect import InspectResult
from kcbudget.read.inspect import inspect as _inspect
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import Workbook
from kcbudget.read.workbook import read_workbook as _read_workbook
from kcbudget.render.catalogue import localize_result

__all__ = ["inspect", "read_workbook", "reconcile", "summarize", "validate"]

Lang = Literal["vi", "en"]
LocaleName = Literal["vi", "en"]
UnitName = Literal["dong", "nghin", "trieu", "ty"]
PhaseName = Literal["planned", "executed"]
PathArg = str | os.PathLike[str]
Paths = PathArg | Iterable[PathArg]

_LANGS = ("vi", "en")


def _options(options: ReadOptions | None, *, lang: str, locale: str | None = None,
             unit: str | Unit | None = None, phase: str | None = None,
             year: int | None = None, sheet: str | Iterable[str] | None = None,
             layout: PathArg | DeclaredLayout | None = None) -> ReadOptions:
    """The reading options: ``options`` (or the defaults) with each option given."""
    if lang not in _LANGS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    if locale is not None and locale not in _LANGS:
        raise ValueError(f"locale must be 'vi' or 'en', not {locale!r}")
    if phase is not None and phase not in ("planned", "executed"):
        raise ValueError(f"phase must be 'planned' or 'executed', not {phase!r}")
    out = options or ReadOptions()
    if locale is not None:
        out = replace(out, locale=locale)
    if unit is not None:
        out = replace(out, unit=Unit(unit))
    if phase is not None:
        out = replace(out, phase=phase)
    if year is not None:
        out = replace(out, year=int(year))
    if sheet is not None:
        out = replace(out, sheets=(sheet,) if isinstance(sheet, str) else tuple(sheet))
    if layout is not None:
        out = replace(out, layout=layout if isinstance(layout, DeclaredLayout)
                      else load_layout(layout))
    return out


def read_workbook(path: PathArg, *, lang: Lang = "vi", locale: LocaleName | None = None,
                  unit: UnitName | Unit | None = None, phase: PhaseName | None = None,
                  year: int | None = None, sheet: str | Iterable[str] | None = None,
                  layout: PathArg | DeclaredLayout | None = None,
                  options: ReadOptions | None = None) -> Workbook:
    """Read every table of one workbook: its layout, its cells as integer đồng, and
    the findings of reading it.  A file that cannot be read at all raises
    :class:`kcbudget.KcbudgetError` (one line, ``err.render(lang)``).

    >>> book = kcbudget.read_workbook("sample_data/mien-trung-2021-bao-cao.xlsx")
    >>> [table.sheet for table in book.tables]
    ['TH 2021', 'KH 2022']
    >>> str(book.tables[0].unit.value), book.tables[0].locale
    ('trieu', 'vi')
    """
    return localize_result(_read_workbook(path, _options(
        options, lang=lang, locale=locale, unit=unit, phase=phase, year=year, sheet=sheet,
        layout=layout)), lang)


def validate(paths: Paths, *, lang: Lang = "vi", locale: LocaleName | None = None,
             unit: UnitName | Unit | None = None, phase: PhaseName | None = None,
             year: int | None = None, sheet: str | Iterable[str] | None = None,
             layout: PathArg | DeclaredLayout | None = None, keep_going: bool = True,
             on_file: Callable[[PathArg], None] | None = None,
             options: ReadOptions | None = None) -> ValidationResult:
    """Check workbooks against the spreadsheet contract: ``kcbudget validate``.

    A file that cannot be read is a KC100 finding and a line of ``unreadable``, and
    the other files are still checked (``keep_going=False`` raises instead).
    ``result.ok`` is True when nothing is at error level and every file was read.

    >>> result = kcbudget.validate(["sample_data/mien-trung-2021-bao-cao.xlsx"], lang="en")
    >>> result.ok
    False
    >>> [(d.code, d.sheet, d.cell) for d in result.diagnostics]
    [('KC305', 'TH 2021', 'C24'), ('KC304', 'TH 2021', 'D24'), ('KC309', 'TH 2021', 'G24')]
    >>> kcbudget.validate(["sample_data/khong-co.xlsx"]).unreadable
    ['sample_data/khong-co.xlsx: không tìm thấy tệp']
    """
    opts = _options(options, lang=lang, locale=locale, unit=unit, phase=phase, year=year,
                    sheet=sheet, layout=layout)
    return localize_result(_validate(paths, opts, keep_going=keep_going, on_file=on_file),
                           lang)


def summarize(paths: Paths, *, by: str | Iterable[str] | None = None,
              region: str | None = None, province: str | None = None,
              year: str | int | None = None, program: str | None = None,
              as_of: int | None = None, lang: Lang = "vi", locale: LocaleName | None = None,
              phase: PhaseName | None = None, sheet: str | Iterable[str] | None = None,
              layout: PathArg | DeclaredLayout | None = None,
              options: ReadOptions | None = None) -> SummaryResult:
    """Roll the files up by ``by`` (``region``, ``province``, ``year``, ``category``,
    ``category_group``, ``status``, ``period``), each group split by program (KCQG,
    KCDP, ALL): ``kcbudget summarize``.  ``year`` (``2022`` or ``2021-2025``),
    ``region``, ``province`` and ``program`` filter; ``as_of=2025`` groups by the
    provinces after the 2025 merger.  Amounts are integer đồng; the percentages the
    sheets state are checked on the way (``result.diagnostics``).

    >>> result = kcbudget.summarize(["sample_data/mien-trung-2021.xlsx"], by="region")
    >>> [(line.program, line.executed, line.share_executed_pct) for line in result.rows][:3]
    [('KCQG', 11065000000, 22.68), ('KCDP', 37728000000, 77.32), ('ALL', 48793000000, 100.0)]
    >>> [(line.months, line.program, line.executed) for line in result.rows][3:4]
    [(7, 'KCQG', 3538000000)]
    >>> result.ok
    True
    """
    opts = _options(options, lang=lang, locale=locale, phase=phase, sheet=sheet,
                    layout=layout)
    return localize_result(_summarize(paths, by=by, region=region, province=province,
                                      year=year, program=program, as_of=as_of, options=opts),
                           lang)


def reconcile(plan: Paths, actual: Paths, *, match_by: Literal["id", "name"] = "id",
              tolerance: int = 0, rel_tolerance: float = 0.0, similarity: float = 0.8,
              lang: Lang = "vi", locale: LocaleName | None = None,
              sheet: str | Iterable[str] | None = None,
              layout: PathArg | DeclaredLayout | None = None,
              options: ReadOptions | None = None) -> ReconcileResult:
    """Match the đề án of a plan against what was executed, to the đồng:
    ``kcbudget reconcile``.  ``tolerance`` (đồng) and ``rel_tolerance`` (a fraction
    of the plan) widen ``matched``; ``similarity`` (0–1) is what a match by name needs.
    ``result.ok`` is False when a finding is at error level or an outcome is
    ``over`` or ``conflict`` (``reconcile --fail-on error``).

    >>> result = kcbudget.reconcile("sample_data/binh-dinh-2022-ke-hoach.xlsx",
    ...                             "sample_data/binh-dinh-2022-thuc-hien.xlsx")
    >>> result.counts["matched"], result.counts["not_executed"], result.ok
    (9, 19, False)
    >>> [(t.program, t.planned) for t in result.totals][-1]
    ('ALL', 5200000000)
    """
    opts = _options(options, lang=lang, locale=locale, sheet=sheet, layout=layout)
    return localize_result(_reconcile(plan, actual, match_by=match_by, tolerance=tolerance,
                                      rel_tolerance=rel_tolerance, threshold=similarity,
                                      options=opts), lang)


def inspect(paths: Paths, *, lang: Lang = "vi", locale: LocaleName | None = None,
            unit: UnitName | Unit | None = None, phase: PhaseName | None = None,
            year: int | None = None, sheet: str | Iterable[str] | None = None,
            layout: PathArg | DeclaredLayout | None = None, keep_going: bool = True,
            options: ReadOptions | None = None) -> InspectResult:
    """What kcbudget understood of each sheet: every column's header path, meaning
    and why, the row kinds, the sheet's facts: ``kcbudget inspect``.

    >>> result = kcbudget.inspect(["sample_data/mien-trung-2021.xlsx"])
    >>> layout = result.files[0].layouts[0]
    >>> [c.id for c in layout.columns][:3]
    ['stt', 'province', 'executed.KCQG']
    >>> result.ok
    True
    """
    opts = _options(options, lang=lang, locale=locale, unit=unit, phase=phase, year=year,
                    sheet=sheet, layout=layout)
    return localize_result(_inspect(paths, opts, keep_going=keep_going), lang)
