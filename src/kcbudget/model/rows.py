"""Row models of the contract: one đề án, or one province/region line of a summary.

These define the schema (types, constraints and the header aliases a workbook
may use); ``kcbudget schema`` writes them as JSON Schema into ``schemas/``.
Amounts are integer đồng.  The reader checks whole columns against the same
rules and builds located diagnostics only for the rows that break them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from kcbudget.model.columns import COLUMN_ALIASES
from kcbudget.model.enums import Program, Region, Status

Money = int


def _aliases(key: str) -> AliasChoices:
    return AliasChoices(key, *COLUMN_ALIASES.get(key, ()))


def _field(key: str, description: str, **kw: Any) -> Any:
    aliases = COLUMN_ALIASES.get(key, ())
    return Field(validation_alias=_aliases(key), description=description,
                 json_schema_extra={"x-headers": list(aliases)}, **kw)


# defer_build=True: the validator is built when first used, not at import
class _Row(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, populate_by_name=True,
                              extra="ignore")


class ProjectRow(_Row):
    """One đề án (project) of a plan or of an execution report."""

    project_id: str | None = _field("project_id", "Mã đề án; unique within a file and year",
                                    default=None)
    year: int | None = _field("year", "Year of the plan or execution", default=None,
                              ge=2000, le=2100)
    province: str | None = _field("province", "Province (canonical name)", default=None)
    region: Region | None = _field("region", "Conference region slug", default=None)
    program: Program = _field("program", "KCQG (national) or KCDP (local)")
    category: str | None = _field("category", "Activity content (code or name)", default=None)
    project_name: str | None = _field("project_name", "Tên đề án", default=None)
    beneficiary: str | None = _field("beneficiary", "Đơn vị thụ hưởng", default=None)
    beneficiaries: int | None = _field("beneficiaries", "Số cơ sở thụ hưởng", default=None,
                                       ge=0)
    total_cost: Money | None = _field("total_cost", "Total cost, đồng", default=None, ge=0)
    support: Money | None = _field("support", "Khuyến công support, đồng (planned in a plan "
                                              "file, executed in an actual file)",
                                   default=None, ge=0)
    counterpart: Money | None = _field("counterpart", "Counterpart funds, đồng", default=None,
                                       ge=0)
    other_funds: Money | None = _field("other_funds", "Other funds, đồng", default=None, ge=0)
    planned: Money | None = _field("planned", "Planned amount, đồng", default=None, ge=0)
    executed: Money | None = _field("executed", "Executed amount, đồng", default=None, ge=0)
    attainment_pct: Decimal | None = _field("attainment_pct", "Reported attainment %",
                                            default=None)
    status: Status | None = _field("status", "planned, in_progress, accepted, cancelled",
                                   default=None)


class SummaryRow(_Row):
    """One province (or region) line of a summary sheet, for one program."""

    year: int | None = _field("year", "Year", default=None, ge=2000, le=2100)
    province: str | None = _field("province", "Province (canonical name)", default=None)
    region: Region | None = _field("region", "Conference region slug", default=None)
    program: Program = _field("program", "KCQG, KCDP or ALL")
    planned: Money | None = _field("planned", "Planned amount, đồng", default=None, ge=0)
    executed: Money | None = _field("executed", "Executed amount, đồng", default=None, ge=0)
    projects: int | None = _field("projects", "Number of đề án", default=None, ge=0)
    attainment_pct: Decimal | None = _field("attainment_pct", "Reported attainment %",
                                            default=None)
    share_pct: Decimal | None = _field("share_pct", "Reported share %", default=None)


SCHEMAS: dict[str, type[BaseModel]] = {"project-row": ProjectRow, "summary-row": SummaryRow}
