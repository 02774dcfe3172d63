"""Support caps (mức hỗ trợ tối đa), as data keyed by regime, programme, activity and years."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from kcbudget.errors import KcbudgetError
from kcbudget.reference.activity import Activity, activity_by_code
from kcbudget.reference.province import Province, match_province
from kcbudget.reference.store import cached, read_csv_text, read_table
from kcbudget.reference.vocab import match_program

__all__ = ["Cap", "caps", "caps_for", "clear_user_caps", "load_caps"]

CAP_COLUMNS = ("regime", "program", "activity", "per", "year_from", "year_to",
               "max_share_pct", "max_amount", "province", "source")

_user_caps: list[Cap] = []


@dataclass(frozen=True)
class Cap:
    """One cap: support ≤ ``max_share_pct`` % of the cost and ≤ ``max_amount`` đồng, per ``per``."""

    regime: str  #: legal basis, e.g. "TT28/2018"
    program: str  #: "KCQG" or "KCDP"
    activity: str  #: activity code
    per: str  #: what one cap covers: "facility", "production_line", "model", …
    year_from: int
    year_to: int  #: inclusive
    max_share_pct: Decimal | None  #: e.g. Decimal("50"); None: no share limit
    max_amount: int | None  #: integer đồng; None: no amount limit
    province: str | None  #: canonical province name, None: nationwide
    source: str  #: citation for messages

    def applies(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to

    def limit(self, total_cost: int | None = None) -> int | None:
        """The largest support allowed, in đồng (share of ``total_cost`` rounded down)."""
        bounds = [] if self.max_amount is None else [self.max_amount]
        if self.max_share_pct is not None and total_cost is not None:
            bounds.append(int(Fraction(self.max_share_pct) * total_cost // 100))
        return min(bounds) if bounds else None

    def excess(self, support: int, total_cost: int | None = None) -> int:
        """How many đồng ``support`` is over the cap (0 when within it)."""
        lim = self.limit(total_cost)
        return 0 if lim is None else max(0, support - lim)


def _parse(rows: list[tuple[int, dict[str, str]]], label: str) -> list[Cap]:
    out = []
    for lineno, row in rows:
        where = {"label": label, "line": lineno}
        program = match_program(row["program"])
        if program is None:
            raise KcbudgetError("cap_bad_program", value=row["program"], **where)
        act = activity_by_code(row["activity"])
        if act is None:
            raise KcbudgetError("cap_unknown_activity", value=row["activity"], **where)
        try:
            y0, y1 = int(row["year_from"]), int(row["year_to"] or 2100)
        except ValueError:
            raise KcbudgetError("cap_bad_years", **where) from None
        if not 2000 <= y0 <= y1 <= 2100:
            raise KcbudgetError("cap_year_range", **where)
        share: Decimal | None = None
        if row["max_share_pct"]:
            try:
                share = Decimal(row["max_share_pct"].replace(",", ".").rstrip("%").strip())
            except InvalidOperation:
                raise KcbudgetError("cap_share_not_number", **where) from None
            if not 0 < share <= 100:
                raise KcbudgetError("cap_share_range", **where)
        amount: int | None = None
        if row["max_amount"]:
            digits = row["max_amount"].replace(" ", "").replace("_", "").replace("\u00a0", "")
            if not digits.isdigit():
                raise KcbudgetError("cap_bad_amount", value=row["max_amount"], **where)
            amount = int(digits)
        if share is None and amount is None:
            raise KcbudgetError("cap_no_limit", **where)
        province: str | None = None
        if row["province"]:
            p = match_province(row["province"])
            if p is None:
                raise KcbudgetError("cap_unknown_province", value=row["province"], **where)
            province = p.name
        out.append(Cap(row["regime"], program.value, act.code, row["per"] or "facility", y0, y1,
                       share, amount, province, row["source"]))
    return out


@cached
def _packaged() -> tuple[Cap, ...]:
    label, rows = read_table("caps.csv", CAP_COLUMNS)
    return tuple(_parse(rows, label))


def load_caps(path: str | Path) -> list[Cap]:
    """Read a caps file (same columns as the packaged ``caps.csv``) and use its caps too."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KcbudgetError("cannot_read_caps", path=p, reason=exc) from exc
    loaded = _parse(read_csv_text(text, str(p), CAP_COLUMNS), str(p))
    _user_caps.extend(loaded)
    return loaded


def clear_user_caps() -> None:
    """Forget the caps added by :func:`load_caps`."""
    _user_caps.clear()


def caps() -> list[Cap]:
    """Every cap in use: the packaged (or reference-folder) table, then user files."""
    return [*_packaged(), *_user_caps]


def caps_for(activity: str | Activity, program: str, year: int,
             province: Province | str | None = None, per: str | None = None) -> list[Cap]:
    """The caps for an activity code, programme (``KCQG``/``KCĐP``/…), year and, optionally,
    province (nationwide caps always apply; a province's own caps only to it) and unit ``per``.
    """
    code = activity.code if isinstance(activity, Activity) else activity
    prog = match_program(program)
    if prog is None:
        return []
    pname: str | None = None
    if province is not None:
        p = province if isinstance(province, Province) else match_province(province)
        pname = p.name if p is not None else None
    return [c for c in caps()
            if c.activity == code and c.program == prog.value and c.applies(year)
            and (c.province is None or c.province == pname)
            and (per is None or c.per == per)]
