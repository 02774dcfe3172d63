"""Closed vocabularies read from cells: funding programme and project status."""

from __future__ import annotations

from kcbudget.errors import KcbudgetError
from kcbudget.model.enums import Program, Status
from kcbudget.reference.store import cached, memo, read_table, split_aliases
from kcbudget.text import ascii_key, has_diacritics, match_key

__all__ = ["match_program", "match_status"]

_PROGRAM_PREFIXES = ("nguồn vốn ", "nguồn kinh phí ", "nguồn ", "kinh phí ", "vốn ", "chương trình ",
                     "nguon von ", "nguon ", "kinh phi ")


def _build(name: str, values: dict[str, object]) -> tuple[dict[str, object], dict[str, set]]:
    label, rows = read_table(name, ("value", "aliases"))
    exact: dict[str, object] = {}
    folded: dict[str, set] = {}
    for lineno, row in rows:
        if row["value"] not in values:
            raise KcbudgetError("ref_value_not_allowed", label=label, line=lineno,
                                choices=", ".join(values))
        v = values[row["value"]]
        for spelling in (row["value"], *split_aliases(row["aliases"])):
            k = match_key(spelling)
            if exact.get(k, v) != v:
                raise KcbudgetError("ref_spelling_twice", label=label, line=lineno,
                                    spelling=spelling)
            exact[k] = v
            folded.setdefault(ascii_key(spelling), set()).add(v)
    return exact, folded


@cached
def _programs() -> tuple[dict[str, object], dict[str, set]]:
    return _build("programs.csv", {p.value: p for p in (Program.KCQG, Program.KCDP)})


@cached
def _statuses() -> tuple[dict[str, object], dict[str, set]]:
    return _build("statuses.csv", {s.value: s for s in Status})


def _lookup(text: object, index: tuple[dict[str, object], dict[str, set]],
            prefixes: tuple[str, ...] = ()) -> object | None:
    if text is None or isinstance(text, bool):
        return None
    exact, folded = index
    k = match_key(str(text))
    keys = [k]
    for p in prefixes:
        if k.startswith(p) and len(k) > len(p):
            keys.append(k[len(p):])
    for key in keys:
        if key in exact:
            return exact[key]
    if k and not has_diacritics(k):
        for key in keys:
            hits = folded.get(key, set())
            if len(hits) == 1:
                return next(iter(hits))
    return None


@memo
def match_program(text: object) -> Program | None:
    """``Program.KCQG`` or ``Program.KCDP`` (str values ``"KCQG"``, ``"KCDP"``), or ``None``.

    Accepts the codes (``KCĐP``/``KCDP``), ``Quốc gia``, ``Khuyến công địa phương``,
    ``Ngân sách địa phương``, ``national``, ``local`` and the like, with or without a
    leading ``Nguồn``/``Kinh phí``.
    """
    return _lookup(text, _programs(), _PROGRAM_PREFIXES)  # type: ignore[return-value]


@memo
def match_status(text: object) -> Status | None:
    """The :class:`Status` a cell names (``Đã nghiệm thu``, ``Huỷ``, ``in progress`` …), or ``None``."""
    return _lookup(text, _statuses())  # type: ignore[return-value]
