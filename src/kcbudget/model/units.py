"""Money units: the factor from a unit to integer đồng, and their names."""

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

    def label(self, lang: str = "vi") -> str:
        return _LABELS[lang][self]


_FACTORS = {Unit.dong: 1, Unit.nghin: 1_000, Unit.trieu: 1_000_000, Unit.ty: 1_000_000_000}
_LABELS = {
    "vi": {Unit.dong: "đồng", Unit.nghin: "nghìn đồng", Unit.trieu: "triệu đồng",
           Unit.ty: "tỷ đồng"},
    "en": {Unit.dong: "VND", Unit.nghin: "thousand VND", Unit.trieu: "million VND",
           Unit.ty: "billion VND"},
}
