"""PI-1 and PI-2 as docs/indicators.md defines them, on the worked example and by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd

from kcbudget.engine.summarize import indicators, summarize

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"


def test_worked_example_of_the_docs():
    result = summarize(SAMPLES / "toan-quoc-2022.xlsx", by="region")
    ind = result.indicators
    assert (ind.aggregate_outturn_pct, ind.composition_variance_pct) == (93.48, 0.93)
    assert (ind.composition_by, ind.lines) == ("region", 3)


def test_equal_shares_give_zero_variance_and_a_shift_gives_the_formula():
    recs = pd.DataFrame({"province": ["A", "B"], "region": [None, None], "category": [None, None],
                         "planned": pd.array([100, 300], dtype="Int64"),
                         "executed": pd.array([90, 270], dtype="Int64")})
    assert indicators(recs, ["province"]).composition_variance_pct == 0.0
    recs["executed"] = pd.array([150, 210], dtype="Int64")  # same total, other mix
    P, E = 400, 360
    expected = Fraction(abs(150 * P - 100 * E) + abs(210 * P - 300 * E), P * E) * 100
    assert indicators(recs, ["province"]).composition_variance_pct == round(float(expected), 2)
    assert indicators(recs, ["province"]).aggregate_outturn_pct == 90.0
