"""Money units: the factor from a unit to integer đồng (their names are words of the
catalogue, ``kcbudget.render.catalogue.unit_name``)."""

from __future__ import annotations

from enum import Enum


class Unit(str, Enum):
    dong = "dong"
    nghin = "nghin"
    trieu = "trieu"
    ty = "ty"

    @property
    def factor(self) -> int:
        return _FACTORS[self]


_FACTORS = {Unit.dong: 1, Unit.nghin: 1_000, Unit.trieu: 1_000_000, Unit.ty: 1_000_000_000}
