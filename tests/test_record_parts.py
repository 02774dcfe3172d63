"""Records made a file at a time and joined at the end are the records of all the
tables made at once: what ``summarize`` keeps of a file once its tables go."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kcbudget.engine.records import (
    join_physical,
    join_records,
    physical_parts,
    physical_records,
    record_parts,
    records,
)
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
BOOKS = sorted(SAMPLES.glob("*.xlsx")) + sorted(SAMPLES.glob("*.csv"))


@pytest.fixture(scope="module")
def books():
    return {(p.name, phase): read_workbook(p, ReadOptions(phase=phase)).tables
            for p in BOOKS for phase in (None, "executed")}


@pytest.mark.parametrize("columns", [None, ["file", "province", "year", "project_id",
                                            "planned", "executed", "projects_planned"]])
def test_parts_a_file_at_a_time_join_to_the_records_of_all(books, columns):
    every = [t for tables in books.values() for t in tables]
    whole = records(every, columns)
    assert len(whole) > 100
    made = [record_parts(tables, columns) for tables in books.values()]
    pd.testing.assert_frame_equal(join_records(made, columns), whole, check_exact=True)
    # and each file alone, and nothing at all
    for tables in books.values():
        pd.testing.assert_frame_equal(join_records(record_parts(tables, columns), columns),
                                      records(tables, columns), check_exact=True)
    pd.testing.assert_frame_equal(join_records([], columns), records([], columns))


def test_physical_parts_a_file_at_a_time_join_to_those_of_all(books):
    every = [t for tables in books.values() for t in tables]
    whole = physical_records(every)
    assert len(whole) > 0
    parts = [p for tables in books.values() for p in physical_parts(tables)]
    pd.testing.assert_frame_equal(join_physical(parts), whole, check_exact=True)
    pd.testing.assert_frame_equal(join_physical([]), physical_records([]))


def test_a_joined_column_is_let_go_from_the_parts(books):
    made = record_parts([t for tables in books.values() for t in tables])
    assert any(part.columns for part in made.parts)
    join_records(made)
    assert all(not part.columns for part in made.parts)


@pytest.mark.parametrize("columns", [None, ["file", "sheet", "province", "project_id",
                                            "project_name", "planned", "projects_accepted"]])
def test_parts_held_without_their_empty_columns_join_as_parts_held_whole(books, monkeypatch, columns):
    """A part held with its empty whole-number columns left out joins to the same
    records as the part held as made."""
    from kcbudget.engine import records as engine

    every = [t for tables in books.values() for t in tables]
    monkeypatch.setattr(engine, "_compact", lambda part: part)
    as_made = [record_parts(tables, columns) for tables in books.values()]
    held_as_made = sum(len(p.columns) for m in as_made for p in m.parts)
    whole = join_records(as_made, columns)
    monkeypatch.undo()
    made = [record_parts(tables, columns) for tables in books.values()]
    assert sum(len(p.columns) for m in made for p in m.parts) < held_as_made  # and some
    # empty columns are left out
    pd.testing.assert_frame_equal(join_records(made, columns), whole, check_exact=True)
    pd.testing.assert_frame_equal(records(every, columns), whole, check_exact=True)
