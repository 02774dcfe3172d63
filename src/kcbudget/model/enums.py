"""The closed vocabularies of the contract."""

from __future__ import annotations

from enum import Enum


class Program(str, Enum):
    """Funding source. ``ALL`` appears only in results (KCQG + KCDP)."""

    KCQG = "KCQG"
    KCDP = "KCDP"
    ALL = "ALL"


class Phase(str, Enum):
    planned = "planned"
    executed = "executed"


class Status(str, Enum):
    planned = "planned"
    in_progress = "in_progress"
    accepted = "accepted"
    cancelled = "cancelled"


class Region(str, Enum):
    mien_bac = "mien-bac"
    mien_trung = "mien-trung"
    mien_nam = "mien-nam"
