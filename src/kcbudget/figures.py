"""Numbers for people: ``48.793`` and ``22,68%`` in Vietnamese, ``48,793`` and ``22.68%`` in English.

Exact: amounts are integer đồng and every division is done in ``Decimal``;
rounding is half-up, as Vietnamese reports round.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kcbudget.model.units import Unit

#: how each locale writes numbers: (thousands group, decimal mark)
MARKS = {"vi": (".", ","), "en": (",", ".")}
_MARKS = MARKS


def other_locale(locale: str) -> str:
    """The other way of writing numbers: ``vi`` ↔ ``en``."""
    return "en" if locale == "vi" else "vi"


def format_number(value: Decimal | int | float, lang: str = "vi",
                  decimals: int | None = None) -> str:
    """Group thousands and place the decimal mark the way ``lang`` writes them.

    ``decimals=None`` keeps every significant decimal (no trailing zeros);
    an integer rounds half-up to that many places.
    """
    group, mark = _MARKS.get(lang, _MARKS["vi"])
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, frac = text.partition(".")
    grouped = ""
    while len(whole) > 3:
        grouped = group + whole[-3:] + grouped
        whole = whole[:-3]
    grouped = whole + grouped
    return sign + grouped + (mark + frac if frac else "")


def format_amount(dong: int, lang: str = "vi", unit: Unit | str = Unit.trieu,
                  decimals: int | None = None) -> str:
    """An amount in đồng shown in ``unit`` (triệu đồng by default), exactly."""
    unit = Unit(unit)
    return format_number(Decimal(int(dong)) / unit.factor, lang, decimals)


def format_percent(value: Decimal | float | int, lang: str = "vi", decimals: int = 2) -> str:
    """``Decimal('22.68')`` → ``22,68%`` (vi) or ``22.68%`` (en)."""
    return format_number(Decimal(str(value)), lang, decimals) + "%"


def round_pct(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator × 100`` from integers, half-up to 2 places; None if ÷ 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)
