"""The shape of a ``kcbudget.toml`` (:mod:`kcbudget.read.declared`) as pydantic models.

Imported only when a layout file is read or its JSON Schema written, so that a run
without one builds none of these models."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Measure = Literal["support", "total_cost", "counterpart", "other_funds", "projects",
                  "beneficiaries", "attainment_pct", "share_pct"]
AttributeKey = Literal["stt", "project_id", "year", "province", "region", "program",
                       "category", "project_name", "beneficiary", "status",
                       "implementing_unit"]
PhaseName = Literal["planned", "allocated", "advanced", "executed", "accepted", "disbursed",
                    "settled"]
ProgramName = Literal["KCQG", "KCDP", "ALL"]
UnitName = Literal["dong", "nghin", "trieu", "ty"]


# defer_build=True: the validators are built only when a kcbudget.toml is read
class ColumnSpec(BaseModel):
    """What one declared column means."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    measure: Measure | None = Field(None, description="a figure: money, a count or a percentage")
    key: AttributeKey | None = Field(None, description="an attribute of the row")
    program: ProgramName | None = None
    phase: PhaseName | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    months: int | None = Field(None, ge=1, le=12)
    unit: UnitName | None = None

    @model_validator(mode="after")
    def _one_meaning(self) -> ColumnSpec:
        if (self.measure is None) == (self.key is None):
            raise ValueError("give exactly one of 'measure' or 'key'")
        return self


class SheetSpec(BaseModel):
    """The declared layout of the sheets whose name matches ``name``."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    name: str | None = Field(None, description="sheet name or shell pattern; all sheets when "
                                               "left out")
    header_row: int | None = Field(None, ge=1, le=1000)
    phase: PhaseName | None = None
    unit: UnitName | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    months: int | None = Field(None, ge=1, le=12)
    program: Literal["KCQG", "KCDP"] | None = None
    province: str | None = None
    columns: dict[str, ColumnSpec | Literal["ignore"]] = Field(default_factory=dict)

    @field_validator("columns")
    @classmethod
    def _non_empty_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            if not str(key).strip():
                raise ValueError("a column key must not be empty")
        return value


class LayoutFile(BaseModel):
    """A ``kcbudget.toml``: one or more sheet layouts."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    version: Literal[1] = 1
    sheet: list[SheetSpec] = Field(default_factory=list)
