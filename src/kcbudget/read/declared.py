"""Declared layouts: a ``kcbudget.toml`` that tells, once, what the words of a form
cannot.

An office whose form uses headers kcbudget does not know (``Kinh phí NS tỉnh``,
``Cột 7``) declares them in a TOML file, given with ``--layout FILE`` or found as
``kcbudget.toml`` beside the workbooks::

    version = 1

    [[sheet]]
    name = "KH 2022"            # which sheets (shell patterns: "KH *"); all when left out
    header_row = 7              # the header row, when it cannot be found
    phase = "executed"          # facts of the sheet: phase, unit, year, months, program
    unit = "trieu"

    [sheet.columns]             # header text (or a column letter) → its meaning
    "Kinh phí NS tỉnh" = { measure = "support", program = "KCDP" }
    "H" = { measure = "counterpart" }
    "Ghi chú số" = "ignore"

A column's meaning is a ``measure`` (a figure: ``support``, ``total_cost``,
``counterpart``, ``other_funds``, ``projects``, ``beneficiaries``,
``attainment_pct``, ``share_pct``) or a ``key`` (an attribute such as ``province``,
``project_id``, ``project_name``), with an optional ``program``, ``phase``,
``year``, ``months`` and ``unit``; or ``"ignore"``.  Header text is compared folded
(case, white space, tone placement), against the whole header path (``Kinh phí /
KCQG``) or its last level.  A file that does not follow this shape is refused with
the key that is wrong (exit 2).  ``kcbudget inspect FILE --write-layout kcbudget.toml``
writes what kcbudget understood as a starting point.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kcbudget.errors import KcbudgetError
from kcbudget.model.diagnostic import column_letter
from kcbudget.model.units import Unit
from kcbudget.read.columns import HEADER_SCAN_ROWS, meanings, qualifies
from kcbudget.text import fold
from kcbudget.read.layout import Column, HeaderCell, Reason, Role, make_id

if TYPE_CHECKING:
    from kcbudget.read.columns import Unknown
    from kcbudget.read.declared_models import ColumnSpec, LayoutFile, SheetSpec
    from kcbudget.read.sources import Grid

LAYOUT_FILE = "kcbudget.toml"
MAX_LAYOUT_BYTES = 1 << 20

_LETTERS = re.compile(r"^[A-Z]{1,3}$")


@dataclass(frozen=True)
class DeclaredSheet:
    """The declared layout for one sheet, ready to apply."""

    spec: SheetSpec
    source: str  # the layout file's name, for the "why" of each column

    @property
    def header_row(self) -> int | None:
        return self.spec.header_row

    def find_header(self, grid: Grid) -> int | None:
        """The first row within the first 30 whose cells, with the headers this layout
        declares, make a header (≥ 3 known cells, one of them declared or money)."""

        declared = {fold(k) for k in self.spec.columns if not _LETTERS.match(k.strip())}
        last = min(grid.first_row + grid.height - 1, HEADER_SCAN_ROWS)
        for row in range(grid.first_row, last + 1):
            found = meanings(grid, row)
            if qualifies(found):
                return row
            texts = [fold(str(v)) for _, v in grid.row_values(row)]
            hits = sum(1 for t in texts if t in declared)
            known = sum(1 for m in found.values() if m.known)
            if hits and hits + known >= 3:
                return row
        return None

    def facts(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("phase", "year", "months", "program", "province"):
            value = getattr(self.spec, name)
            if value is not None:
                out[name] = value
        if self.spec.unit is not None:
            out["unit"] = Unit(self.spec.unit)
        return out

    def apply(self, grid: Grid, header_rows: tuple[int, ...], columns: list[Column],
              unknown: list[Unknown]) -> tuple[tuple[int, ...], list[Column], list[Unknown]]:
        """Columns with the declared meanings put over the inferred ones."""
        if not self.spec.columns:
            return header_rows, columns, unknown
        by_index: dict[int, Column] = {c.index: c for c in columns}
        headers: dict[int, str] = {c.index: c.header for c in columns}
        paths: dict[int, tuple[HeaderCell, ...]] = {c.index: c.path for c in columns}
        for u in unknown:
            headers.setdefault(u.index, u.header)

        matched: dict[int, tuple[str, ColumnSpec | Literal['ignore']]] = {}
        for written, spec in self.spec.columns.items():
            wanted = fold(written)
            hits = [i for i, header in headers.items()
                    if (_LETTERS.match(written.strip()) and column_letter(i) == written.strip())
                    or fold(header) == wanted or fold(header.split(" / ")[-1]) == wanted]
            for i in hits:
                matched[i] = (written, spec)
        kept_unknown = []
        for u in unknown:
            if u.index not in matched:
                kept_unknown.append(u)
        out: list[Column] = []
        for index in sorted(set(by_index) | set(matched)):
            if index not in matched:
                out.append(by_index[index])
                continue
            written, spec = matched[index]
            if spec == "ignore":
                continue
            reason = Reason("layout", f"{self.source}: {written}", _means(spec))
            role = Role.figure if spec.measure else (
                Role.order if spec.key == "stt" else Role.attribute)
            key: str | None = spec.measure or spec.key
            if spec.measure == "support" and spec.phase is not None:
                key = spec.phase
            header = headers.get(index, written)
            assert key is not None  # ColumnSpec gives a measure or a key
            new = Column(id="", key=key, index=index, header=header, program=spec.program,
                         phase=spec.phase, unit=Unit(spec.unit) if spec.unit else None,
                         percent=spec.measure in ("attainment_pct", "share_pct"),
                         year=spec.year, months=spec.months, path=paths.get(index, ()),
                         reasons=(reason,), role=role)
            out.append(replace(new, id=make_id(new.key, new.program, new.phase, new.year,
                                               new.months)))
        return header_rows, out, kept_unknown


def _means(spec: ColumnSpec) -> str:
    parts = [f"measure={spec.measure}" if spec.measure else f"key={spec.key}"]
    for name in ("program", "phase", "year", "months", "unit"):
        value = getattr(spec, name)
        if value is not None:
            parts.append(f"{name}={value}")
    return ", ".join(parts)


@dataclass
class DeclaredLayout:
    """A loaded layout file."""

    path: str
    model: LayoutFile
    sheets: list[SheetSpec] = field(default_factory=list)

    def for_sheet(self, name: str) -> DeclaredSheet | None:
        for spec in self.model.sheet:
            if spec.name is None or spec.name == name or fnmatch.fnmatchcase(name, spec.name):
                return DeclaredSheet(spec, os.path.basename(self.path))
        return None


def _where(loc: tuple[int | str, ...]) -> str:
    """``sheet[0].columns."Kinh phí NS tỉnh".measure`` from a pydantic error location."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(part)):
            out += ("." if out else "") + str(part)
        else:
            out += ("." if out else "") + '"' + str(part).replace('"', '\\"') + '"'
    return out or "(top)"


def load_layout(path: str | os.PathLike[str]) -> DeclaredLayout:
    """Read and check a layout file; a KcbudgetError (exit 2) at the wrong key."""

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_LAYOUT_BYTES:
            raise KcbudgetError("layout_too_large", path=p, limit=MAX_LAYOUT_BYTES)
        data = p.read_bytes()
    except FileNotFoundError:
        raise KcbudgetError("layout_not_found", path=p) from None
    except OSError as exc:
        raise KcbudgetError("cannot_read", path=p, reason=exc.strerror or exc) from None
    import tomllib  # lazy: a run without a layout file reads no TOML

    from pydantic import ValidationError  # lazy: as the models

    from kcbudget.read.declared_models import LayoutFile  # lazy: pydantic models, built here

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise KcbudgetError("layout_not_toml", path=p, reason="not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise KcbudgetError("layout_not_toml", path=p, reason=str(exc)) from None
    try:
        model = LayoutFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first.get("loc", ()))
        # a union's branch names (ColumnSpec, literal['ignore']) are not keys of the file
        loc = tuple(part for part in loc if not (isinstance(part, str) and (
            part in ("ColumnSpec",) or part.startswith(("literal[", "function-")))))
        key = _where(loc)
        kind = first.get("type", "")
        if kind == "literal_error":
            expected = str(first.get("ctx", {}).get("expected", "")).replace("'", "").replace(
                " or ", ", ")
            raise KcbudgetError("layout_bad_value", path=p, key=key,
                                value=first.get("input"), expected=expected) from None
        if kind == "extra_forbidden":
            raise KcbudgetError("layout_unknown_key", path=p, key=key) from None
        message = first.get("msg", "")
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        raise KcbudgetError("layout_invalid", path=p, key=key, reason=message) from None
    return DeclaredLayout(str(p), model)


LayoutCache = dict[tuple[Path, int, int], 'DeclaredLayout | None']


def layout_beside(file: str | os.PathLike[str], cache: LayoutCache | None = None
                  ) -> DeclaredLayout | None:
    """The ``kcbudget.toml`` in the folder of ``file``, if there is one."""
    folder = Path(file).resolve().parent
    candidate = folder / LAYOUT_FILE
    try:
        st = candidate.stat()
        key = (candidate, st.st_mtime_ns, st.st_size)
    except OSError:
        return None
    if cache is not None and key in cache:
        return cache[key]
    found = load_layout(candidate) if candidate.is_file() else None
    if cache is not None:
        cache[key] = found
    return found


def layout_schema() -> dict[str, Any]:
    """The JSON Schema of a layout file (``schemas/layout.json``)."""
    from kcbudget.read.declared_models import LayoutFile  # lazy: pydantic models

    schema = LayoutFile.model_json_schema()
    schema["title"] = "kcbudget layout file (kcbudget.toml)"
    return schema


def __getattr__(name: str) -> Any:
    """The models of the file's shape, where they were before they moved out
    (:mod:`kcbudget.read.declared_models`), loaded when first asked for."""
    if name in ("ColumnSpec", "SheetSpec", "LayoutFile", "Measure", "AttributeKey",
                "PhaseName", "ProgramName", "UnitName"):
        import kcbudget.read.declared_models as models  # lazy: pydantic models, when asked

        return getattr(models, name)
    raise AttributeError(name)
