"""Numbers and units: Vietnamese and English text numbers, exact đồng, the column fast path."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kcbudget.model.units import Unit
from kcbudget.read.numbers import (
    REASONS,
    NotWholeDongError,
    NumberError,
    NumberParseError,
    detect_locale,
    number_locale_hint,
    other_reading,
    parse_amount,
    parse_amount_column,
    parse_number,
    parse_percent,
    parse_percent_column,
    to_dong,
)
from kcbudget.read.units import find_unit, split_header_unit, unit_from_suffix
from kcbudget.figures import format_amount, format_number

TRIEU = Unit.trieu.factor

# --- parse_number ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("48.793", "vi", "48793"),
    ("4,5", "vi", "4.5"),
    ("1.234.567,89", "vi", "1234567.89"),
    ("48,793", "en", "48793"),
    ("4.5", "en", "4.5"),
    ("1,234,567.89", "en", "1234567.89"),
    ("  48.793 ", "vi", "48793"),
    ("1 234 567", "vi", "1234567"),
    ("1 234 567", "en", "1234567"),
    ("1\u00a0234\u00a0567,5", "vi", "1234567.5"),
    ("1\u202f234\u202f567.5", "en", "1234567.5"),
    ("+1.234", "vi", "1234"),
    ("-1.234", "vi", "-1234"),
    ("- 1.234", "vi", "-1234"),
    ("\u22121.234", "vi", "-1234"),
    ("(1.234)", "vi", "-1234"),
    ("( 1.234,5 )", "vi", "-1234.5"),
    ("-", "vi", "0"),
    ("–", "vi", "0"),
    ("—", "en", "0"),
    ("12345", "vi", "12345"),
    ("007", "vi", "7"),
    ("0,5", "vi", "0.5"),
    (",5", "vi", "0.5"),
    (".5", "en", "0.5"),
    ("11,065", "vi", "11.065"),
    ("11,065", "en", "11065"),
    ("541,9 tr", "vi", "541.9"),
    ("541,9tr", "vi", "541.9"),
    ("1.000đ", "vi", "1000"),
    ("1.000 đồng", "vi", "1000"),
    ("48.793 VND", "vi", "48793"),
    ("541,9 Trđ", "vi", "541.9"),
    ("1,5 tỷ", "vi", "1.5"),
    ("2,5 tr.đ", "vi", "2.5"),
    ("\ufeff12", "vi", "12"),
    # only valid the other locale's way: the one possible reading ("foreign")
    ("12.5", "vi", "12.5"),
    ("1.2345", "vi", "1.2345"),
    ("1,234.5", "vi", "1234.5"),
    ("0.500", "vi", "0.5"),
    ("1234.567", "vi", "1234.567"),
    ("12,5", "en", "12.5"),
    ("1.234.567,89", "en", "1234567.89"),
])
def test_parse_number(text, locale, expected):
    assert parse_number(text, locale) == Decimal(expected)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"),
    ("   ", "empty"),
    ("\u00a0", "empty"),
    ("abc", "not_a_number"),
    ("12a", "not_a_number"),
    ("1e5", "not_a_number"),
    ("-(1)", "not_a_number"),
    ("(1", "not_a_number"),
    ("1)", "not_a_number"),
    ("1-", "not_a_number"),
    ("--", "not_a_number"),
    ("22,68%", "not_a_number"),
    ("1.2.3", "bad_grouping"),
    ("1.23.456", "bad_grouping"),
    ("12.34.567", "bad_grouping"),
    ("1.234 567", "bad_grouping"),
    ("1234.567.890", "bad_grouping"),
    ("1.234,5.6", "bad_grouping"),
    ("12,", "bad_grouping"),
    ("12 5", "bad_grouping"),
    (".", "bad_grouping"),
    (",", "bad_grouping"),
])
def test_parse_number_refuses(text, reason):
    with pytest.raises(NumberParseError) as info:
        parse_number(text, "vi")
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)


def test_strict_refuses_the_other_locale():
    with pytest.raises(NumberParseError) as info:
        parse_number("12.5", "vi", strict=True)
    assert info.value.reason == "wrong_locale"
    assert parse_number("48.793", "vi", strict=True) == 48793


def test_locale_must_be_known():
    with pytest.raises(ValueError):
        parse_number("1", "fr")


@pytest.mark.parametrize(("text", "hint"), [
    ("1.234.567", "vi"), ("12,5", "vi"), ("1.234,5", "vi"), ("-12,5", "vi"), ("(4,5)", "vi"),
    ("1,234,567", "en"), ("12.5", "en"), ("1,234.5", "en"), ("0.500", "en"),
    ("48.793", "ambiguous"), ("11,065", "ambiguous"), ("1.000", "ambiguous"),
    ("12345", None), ("1 234", None), ("-", None), ("Hà Nội", None), ("", None),
    ("1.2.3", None), ("22,68%", "vi"), ("22.68%", "en"),
])
def test_number_locale_hint(text, hint):
    assert number_locale_hint(text) == hint


def test_other_reading():
    assert other_reading("11,065", "vi") == Decimal("11065")
    assert other_reading("11,065", "en") == Decimal("11.065")
    assert other_reading("48.793", "vi") == Decimal("48.793")
    assert other_reading("(48.793)", "vi") == Decimal("-48.793")
    assert other_reading("12,5", "vi") is None  # not an English number
    assert other_reading("12.5", "vi") is None  # read that way already
    assert other_reading("12345", "vi") is None
    assert other_reading("abc", "vi") is None
    assert other_reading("", "vi") is None


def test_detect_locale():
    decision = detect_locale(["48.793", "1.234.567", "12,5", "Hà Nội", None, "12345"])
    assert decision.locale == "vi"
    assert (decision.vi_count, decision.en_count, decision.ambiguous_count) == (2, 0, 1)
    assert decision.vi_example == "1.234.567" and decision.en_example is None
    assert not decision.mixed

    mixed = detect_locale(pd.Series(["1,234.5", "12.5", "4,5", "7.25"]))
    assert mixed.locale == "en" and mixed.mixed
    assert mixed.vi_example == "4,5" and mixed.en_example == "1,234.5"

    assert detect_locale(["48.793", "11,065", "12"]).locale is None  # all ambiguous
    assert detect_locale([]).locale is None
    assert detect_locale(["12,5", "12.5"]).locale is None  # a tie: the caller decides


# --- to_dong, parse_percent -----------------------------------------------------------


def test_to_dong_is_exact():
    assert to_dong(Decimal("541.9"), TRIEU) == 541_900_000
    assert to_dong(parse_number("541,9", "vi"), TRIEU) == 541_900_000
    assert to_dong(Decimal("43735"), Unit.ty.factor) == 43_735_000_000_000
    assert to_dong(Decimal("0.000001"), TRIEU) == 1
    assert to_dong(Decimal("-1.5"), 1000) == -1500
    assert to_dong(Decimal("999999999.999999"), TRIEU) == 999_999_999_999_999
    assert to_dong(Decimal("1E+3"), 1) == 1000
    with pytest.raises(NotWholeDongError) as info:
        to_dong(Decimal("0.0000001"), TRIEU)
    assert info.value.reason == "not_whole_dong"
    with pytest.raises(NotWholeDongError):
        to_dong(Decimal("1.5"), 1)
    with pytest.raises(NumberError):
        to_dong(Decimal("NaN"), 1)


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    ("22,68%", {}, "22.68"),
    ("22,68", {}, "22.68"),
    ("22.68 %", {}, "22.68"),
    ("22,68 %", {}, "22.68"),
    ("100%", {}, "100"),
    ("-5,5%", {}, "-5.5"),
    (0.2268, {"percent_formatted": True}, "22.68"),
    (0.2268, {}, "0.2268"),
    (22.68, {}, "22.68"),
    (1, {"percent_formatted": True}, "100"),
    (Decimal("0.5"), {"percent_formatted": True}, "50"),
])
def test_parse_percent(value, kwargs, expected):
    assert parse_percent(value, "vi", **kwargs) == Decimal(expected)


def test_parse_percent_refuses():
    for bad in ("abc", "22 tr", "%"):
        with pytest.raises(NumberParseError):
            parse_percent(bad, "vi")
    with pytest.raises(NumberParseError) as info:
        parse_percent("-", "vi")
    assert info.value.reason == "empty"
    with pytest.raises(NumberParseError):
        parse_percent(float("nan"), "vi")


# --- parse_amount and the column ------------------------------------------------------


def test_parse_amount():
    assert parse_amount("48.793", "vi", TRIEU) == 48_793_000_000
    assert parse_amount("48.793", "vi", TRIEU, numeric=True) == 48_793_000
    assert parse_amount(None, "vi", TRIEU) is None
    assert parse_amount("  ", "vi", TRIEU) is None
    assert parse_amount(float("nan"), "vi", TRIEU) is None
    assert parse_amount("-", "vi", TRIEU) == 0
    assert parse_amount("541,9 tr", "vi", TRIEU) == 541_900_000
    for text, reason in [("1.000 tỷ", "unit_mismatch"), ("5 đ", "unit_mismatch"),
                         ("0,0000001", "not_whole_dong"), ("99999999999999999999", "overflow"),
                         ("22%", "not_a_number"), ("x", "not_a_number")]:
        with pytest.raises(NumberError) as info:
            parse_amount(text, "vi", TRIEU)
        assert info.value.reason == reason, text
    assert parse_amount("5 đ", "vi", 1) == 5


def test_amount_column_example():
    texts = pd.Series(
        ["48.793", "4,5", "541.9", "48793", "1e-05", None, "  ", "-", "(1.234)", "abc",
         "1.23.456", "12.5", "541,9 tr", "1.000 tỷ", "0,0000001", "99999999999999999999",
         "11,065", float("nan"), "1.5e+16", "nan", "9223372036854,775807"],
        index=range(5, 26))
    numeric = pd.Series([False, False, True, True, True] + [False] * 13 + [True, True, False],
                        index=texts.index)
    col = parse_amount_column(texts, numeric=numeric, locale="vi", factor=TRIEU)
    assert str(col.dong.dtype) == "Int64"
    assert list(col.dong.index) == list(texts.index)
    expected = [48_793_000_000, 4_500_000, 541_900_000, 48_793_000_000, 10, None, None, 0,
                -1_234_000_000, None, None, 12_500_000, 541_900_000, None, None, None,
                11_065_000, None, None, None, 9_223_372_036_854_775_807]
    assert [None if pd.isna(v) else int(v) for v in col.dong] == expected
    assert col.error.tolist() == [
        None, None, None, None, None, None, None, None, None, "not_a_number", "bad_grouping",
        None, None, "unit_mismatch", "not_whole_dong", "overflow", None, None, "overflow",
        "not_a_number", None]
    assert col.missing.tolist() == [i in (5, 6, 17) for i in range(21)]
    assert col.ambiguous.tolist() == [i in (0, 8, 16) for i in range(21)]
    assert int(col.other_dong.iloc[0]) == 48_793_000
    assert int(col.other_dong.iloc[16]) == 11_065_000_000
    assert col.other_dong.isna().sum() == 18
    assert col.foreign.tolist() == [i == 11 for i in range(21)]
    assert col.has_errors


def test_amount_column_numeric_cells_are_exact():
    # a numeric cell 541.9 triệu is 541 900 000 đồng, not 541 899 999.99…
    floats = [541.9, 0.1, 0.3, 48.793, 1234567.891, 1e-06, 999999999.999999, 43735.0]
    texts = pd.Series([repr(f) for f in floats])
    col = parse_amount_column(texts, numeric=pd.Series([True] * len(floats)), locale="vi",
                              factor=TRIEU)
    assert col.dong.tolist() == [541_900_000, 100_000, 300_000, 48_793_000, 1_234_567_891_000,
                                 1, 999_999_999_999_999, 43_735_000_000]
    assert not col.ambiguous.any()


def test_amount_column_without_numeric_and_empty():
    col = parse_amount_column(pd.Series(["1.000", None], dtype="str"), numeric=None,
                              locale="en", factor=1)
    assert col.dong.iloc[0] == 1  # 1.000 in English is one
    assert col.error.iloc[0] is None and col.missing.tolist() == [False, True]
    assert col.ambiguous.iloc[0] and pd.isna(col.dong.iloc[1])
    empty = parse_amount_column(pd.Series([], dtype=object), numeric=None, locale="vi",
                                factor=TRIEU)
    assert len(empty.dong) == 0


def test_amount_column_strict():
    col = parse_amount_column(pd.Series(["12.5", "12,5"]), numeric=None, locale="vi",
                              factor=TRIEU, strict=True)
    assert col.error.tolist() == ["wrong_locale", None]


def test_percent_column():
    texts = pd.Series(["22,68%", "0.2268", "22.68 %", "-", None, "x", "0.5", "1 tr"],
                      index=list("abcdefgh"))
    numeric = pd.Series([False, True, False, False, False, False, True, False], index=texts.index)
    formatted = pd.Series([False, True, False, False, False, False, False, False],
                          index=texts.index)
    values, errors = parse_percent_column(texts, numeric=numeric, percent_formatted=formatted,
                                          locale="vi")
    assert values.tolist() == [Decimal("22.68"), Decimal("22.68"), Decimal("22.68"), None, None,
                               None, Decimal("0.5"), None]
    assert errors.tolist() == [None] * 5 + ["not_a_number", None, "not_a_number"]
    assert list(values.index) == list("abcdefgh")


# --- property tests -------------------------------------------------------------------

UNITS = list(Unit)


@st.composite
def displayed_amounts(draw):
    """An integer amount, a display unit, a number of decimals that shows it exactly."""
    dong = draw(st.integers(min_value=0, max_value=10**15))
    unit = draw(st.sampled_from(UNITS))
    exact = Decimal(dong) / unit.factor
    needed = max(0, -exact.normalize().as_tuple().exponent)
    decimals = draw(st.one_of(st.none(), st.integers(min_value=needed, max_value=needed + 4)))
    return dong, unit, decimals


@given(displayed_amounts(), st.sampled_from(["vi", "en"]))
def test_formatted_amounts_round_trip(case, lang):
    dong, unit, decimals = case
    text = format_amount(dong, lang, unit, decimals)
    assert to_dong(parse_number(text, lang), unit.factor) == dong
    assert parse_amount(text, lang, unit.factor) == dong


@given(st.lists(displayed_amounts(), min_size=1, max_size=30), st.sampled_from(["vi", "en"]),
       st.sampled_from(UNITS))
def test_formatted_amounts_round_trip_column(cases, lang, unit):
    # one column, one unit: show each amount in the column's unit with enough decimals
    texts, expected = [], []
    for dong, _, decimals in cases:
        exact = Decimal(dong) / unit.factor
        needed = max(0, -exact.normalize().as_tuple().exponent)
        texts.append(format_number(exact, lang, None if decimals is None else needed + 1))
        expected.append(dong)
    col = parse_amount_column(pd.Series(texts), numeric=None, locale=lang, factor=unit.factor)
    assert col.error.isna().all()
    assert col.dong.tolist() == expected


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(UNITS),
       st.sampled_from(["vi", "en"]))
def test_negative_and_bracketed_amounts(dong, unit, lang):
    text = format_amount(abs(dong), lang, unit, 9)
    written = f"({text})" if dong < 0 else text
    assert parse_amount(written, lang, unit.factor) == dong


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_numeric_cells_go_through_repr(value):
    expected_decimal = Decimal(repr(value))
    col = parse_amount_column(pd.Series([repr(value)]), numeric=pd.Series([True]),
                              locale="vi", factor=TRIEU)
    try:
        expected = to_dong(expected_decimal, TRIEU)
    except NotWholeDongError:
        assert col.error.iloc[0] == "not_whole_dong"
    else:
        assert col.dong.iloc[0] == expected


NUMBERISH = st.lists(
    st.sampled_from(list("0123456789.,  -+()%–\u00a0\u202fđtrỷ e") + ["VND", "đồng", "1.234"]),
    max_size=12).map("".join)


def _scalar(text, locale, factor, numeric, strict=False):
    try:
        return parse_amount(text, locale, factor, numeric=numeric, strict=strict), None
    except NumberError as err:
        return None, err.reason


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(NUMBERISH, st.text(max_size=12), st.none()), st.booleans()),
                min_size=1, max_size=25),
       st.sampled_from(["vi", "en"]), st.sampled_from([1, 1000, 10**6, 10**9, 5, 2500]),
       st.booleans())
def test_scalar_and_column_agree(cells, locale, factor, strict):
    texts = pd.Series([t for t, _ in cells], dtype=object)
    numeric = pd.Series([n for _, n in cells])
    col = parse_amount_column(texts, numeric=numeric, locale=locale, factor=factor,
                              strict=strict)
    for i, (text, num) in enumerate(cells):
        value, reason = _scalar(text, locale, factor, num, strict)
        got = col.dong.iloc[i]
        assert (None if pd.isna(got) else int(got)) == value, (text, num)
        assert col.error.iloc[i] == reason, (text, num)
        assert reason is None or reason in REASONS
        if value is None and reason is None:
            assert col.missing.iloc[i]
        if text is not None and not num and reason is None:
            # the ambiguity flag and the other reading agree with other_reading()
            other = other_reading(text, locale)
            assert bool(col.ambiguous.iloc[i]) == (other is not None)
            if other is not None and not pd.isna(col.other_dong.iloc[i]):
                assert to_dong(other, factor) == int(col.other_dong.iloc[i])


_COLUMN = st.tuples(
    st.lists(st.tuples(st.one_of(NUMBERISH, st.sampled_from(["48.793", "1.234,5", "12", "7.5"]),
                                 st.none()), st.booleans()), max_size=70),
    st.sampled_from([1, 1000, 10**6, 5]), st.booleans(), st.integers(0, 30))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_COLUMN, max_size=4), st.sampled_from(["vi", "en"]), st.booleans())
def test_columns_read_together_are_read_alone(columns, locale, strict):
    """A sheet's number columns read in one pass give each column what it gives alone
    (short and long columns, with and without text cells, any unit, any row labels)."""
    from kcbudget.read.numbers import parse_amount_columns

    inputs = []
    for cells, factor, with_numeric, first in columns:
        index = pd.RangeIndex(first, first + len(cells))
        texts = pd.Series([t for t, _ in cells], index=index, dtype=object)
        numeric = pd.Series([n for _, n in cells], index=index, dtype=bool) \
            if with_numeric else None
        inputs.append((texts, numeric, factor))
    from kcbudget.read.numbers import _parse_amount_column

    together = parse_amount_columns(inputs, locale=locale, strict=strict)
    assert len(together) == len(inputs)
    for (texts, numeric, factor), got in zip(inputs, together):
        alone = parse_amount_column(texts, numeric=numeric, locale=locale, factor=factor,
                                    strict=strict)
        # and what the general rules give (no fast path), each column on its own
        general = _parse_amount_column(texts, numeric, locale, factor, strict)
        for name in ("dong", "error", "missing", "ambiguous", "other_dong", "foreign"):
            pd.testing.assert_series_equal(getattr(got, name), getattr(alone, name),
                                           check_names=False)
            pd.testing.assert_series_equal(getattr(got, name), getattr(general, name),
                                           check_names=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(NUMBERISH, st.none()), st.booleans(), st.booleans()),
                min_size=1, max_size=20), st.sampled_from(["vi", "en"]))
def test_percent_scalar_and_column_agree(cells, locale):
    texts = pd.Series([t for t, _, _ in cells], dtype=object)
    numeric = pd.Series([n for _, n, _ in cells])
    formatted = pd.Series([f for _, _, f in cells])
    values, errors = parse_percent_column(texts, numeric=numeric, percent_formatted=formatted,
                                          locale=locale)
    for i, (text, num, fmt) in enumerate(cells):
        if text is None or not text.strip(" \u00a0\u202f"):
            assert values.iloc[i] is None and errors.iloc[i] is None
            continue
        if num:
            stripped = text.strip(" \u00a0\u202f")
            if re.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]{1,4})?", stripped):
                value = Decimal(stripped)
                assert values.iloc[i] == (value.scaleb(2) if fmt else value)
                assert errors.iloc[i] is None
            else:
                assert values.iloc[i] is None and errors.iloc[i] == "not_a_number"
            continue
        try:
            expected = parse_percent(text, locale)
        except NumberError as err:
            assert values.iloc[i] is None
            assert errors.iloc[i] == (None if err.reason == "empty" else err.reason)
        else:
            assert values.iloc[i] == expected and errors.iloc[i] is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(NUMBERISH, st.sampled_from(["-", "–", " ", "", "12 tỷ", "7%"]),
                                    st.none()), st.booleans()), max_size=30),
       st.sampled_from(["vi", "en"]), st.booleans(), st.sampled_from(["all", "none", "drawn"]))
def test_decomposing_cells_of_one_kind_is_decomposing_them_among_both(cells, locale, strict,
                                                                      flags):
    """The grammar skips the kernels of a kind of cell (text, numbers) a column has none
    of: every field of every cell is what it is when the column also holds a text cell
    and a numeric cell (which run every kernel)."""
    from kcbudget.read.numbers import _decompose, _Parts

    texts = [t for t, _ in cells]
    num = np.array([{"all": True, "none": False}.get(flags, n) for _, n in cells], dtype=bool)
    alone = _decompose(pd.Series(texts, dtype=object), num, locale, strict=strict)
    among = _decompose(pd.Series([*texts, "1,5", "2.5"], dtype=object),
                       np.concatenate([num, [False, True]]), locale, strict=strict)
    for name in _Parts.__dataclass_fields__:
        a, b = getattr(alone, name), getattr(among, name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype, name
            assert a.tolist() == b[:len(texts)].tolist(), name
        else:
            assert a.type == b.type, name
            assert a.to_pylist() == b.slice(0, len(texts)).to_pylist(), name


_PERCENT_COLUMN = st.tuples(
    st.lists(st.tuples(st.one_of(NUMBERISH, st.sampled_from(["22,68%", "0.2268", "7.5 %", "-"]),
                                 st.none()), st.booleans(), st.booleans()), max_size=40),
    st.booleans(), st.booleans(), st.integers(0, 30))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PERCENT_COLUMN, max_size=4), st.sampled_from(["vi", "en"]))
def test_percent_columns_read_together_are_read_alone(columns, locale):
    """Percentage columns read in one pass (as a batch of sheets reads them), their
    formats applied after, give each column what :func:`parse_percent_column` gives it
    alone (with and without numeric flags and formats, any row labels)."""
    from kcbudget.read.numbers import percent_values, read_percent_columns

    inputs = []
    for cells, with_numeric, with_formats, first in columns:
        index = pd.RangeIndex(first, first + len(cells))
        texts = pd.Series([t for t, _, _ in cells], index=index, dtype=object)
        numeric = pd.Series([n for _, n, _ in cells], index=index, dtype=bool) \
            if with_numeric else None
        formatted = pd.Series([f for _, _, f in cells], index=index, dtype=bool) \
            if with_formats else None
        inputs.append((texts, numeric, formatted))
    together = read_percent_columns([(t, n) for t, n, _ in inputs], locale=locale)
    assert len(together) == len(inputs)
    for (texts, numeric, formatted), read in zip(inputs, together):
        values, errors = percent_values(read, numeric=numeric, percent_formatted=formatted)
        alone = parse_percent_column(texts, numeric=numeric, percent_formatted=formatted,
                                     locale=locale)
        pd.testing.assert_series_equal(values, alone[0])
        pd.testing.assert_series_equal(errors, alone[1])
        assert values.index.equals(texts.index)


def test_percent_column_takes_its_numeric_flags_as_an_array_too():
    """``numeric`` as a numpy array, as the column reader took it before its columns
    were read in batches (found by a second reader)."""
    texts = pd.Series(["1", "2,5", None], dtype=object)
    as_series = parse_percent_column(texts, numeric=pd.Series([True, False, False]),
                                     locale="vi")
    as_array = parse_percent_column(texts, numeric=np.array([True, False, False]),
                                    locale="vi")
    for a, b in zip(as_series, as_array):
        pd.testing.assert_series_equal(a, b)
    assert as_array[0].tolist() == [Decimal(1), Decimal("2.5"), None]


def test_percent_columns_refuse_flags_of_another_length():
    from kcbudget.read.numbers import read_percent_columns

    with pytest.raises(ValueError, match="same length"):
        read_percent_columns([(pd.Series(["1%"]), pd.Series([True, False]))], locale="vi")


@given(st.text(max_size=20), st.sampled_from(["vi", "en"]))
def test_parse_number_never_crashes(text, locale):
    try:
        value = parse_number(text, locale)
    except NumberParseError as err:
        assert err.reason in {"empty", *REASONS}
    else:
        assert value.is_finite()
    assert number_locale_hint(text) in (None, "vi", "en", "ambiguous")


@given(st.lists(st.sampled_from(["1.234.567", "12,5", "48.793", "1,234.5", "12.5", "x", "7"]),
                max_size=30))
def test_detect_locale_counts_hints(texts):
    decision = detect_locale(texts)
    hints = [number_locale_hint(t) for t in texts]
    assert decision.vi_count == hints.count("vi")
    assert decision.en_count == hints.count("en")
    assert decision.ambiguous_count == hints.count("ambiguous")
    assume(decision.vi_count != decision.en_count)
    assert decision.locale == ("vi" if decision.vi_count > decision.en_count else "en")


# --- units ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "unit"), [
    ("Đơn vị tính: triệu đồng", Unit.trieu),
    ("ĐVT: đồng", Unit.dong),
    ("Đơn vị: tỷ đồng", Unit.ty),
    ("Unit: million VND", Unit.trieu),
    ("(triệu đồng)", Unit.trieu),
    ("Kinh phí (Trđ)", Unit.trieu),
    ("tr.đ", Unit.trieu),
    ("trđ", Unit.trieu),
    ("Tr.đồng", Unit.trieu),
    ("tỷ đ", Unit.ty),
    ("nghìn đồng", Unit.nghin),
    ("ngàn đồng", Unit.nghin),
    ("1.000 đồng", Unit.nghin),
    ("Đơn vị tính: 1.000.000đ", Unit.trieu),
    ("thousand VND", Unit.nghin),
    ("billion VND", Unit.ty),
    ("VNĐ", Unit.dong),
    ("đ", Unit.dong),
    ("ĐƠN VỊ TÍNH: TRIỆU ĐỒNG", Unit.trieu),
    ("Đơn vị tính: Triệu đồng", Unit.trieu),
    ("ĐVT:Trđ.", Unit.trieu),
    ("Cost, million VND", Unit.trieu),
    ("Kế hoạch [tỷ đồng]", Unit.ty),
    ("Kinh phí (đồng)", Unit.dong),
    ("Đơn vị tính: triệu đồng; tỷ lệ: %", Unit.trieu),
])
def test_find_unit(text, unit):
    assert find_unit(text) is unit
    assert find_unit(text.replace(" ", "\u00a0")) is unit


@pytest.mark.parametrize("text", [
    "Tổng kinh phí", "Kinh phí thực hiện", "Đơn vị: Sở Công Thương", "Đồng Nai",
    "Kinh phí đ", "Đơn vị tính: %", "Tỉnh (thành phố)", "Đợt 1 (tháng 6)", "", "Đơn vị",
    "Trạng thái", "Đồng Tháp", "Tỷ lệ (%)", "Đề án", "Kết quả thực hiện năm 2022",
])
def test_find_unit_no_false_positive(text):
    assert find_unit(text) is None


@pytest.mark.parametrize(("header", "expected"), [
    ("Kinh phí (triệu đồng)", ("Kinh phí", Unit.trieu, False)),
    ("Tỷ lệ (%)", ("Tỷ lệ", None, True)),
    ("Tỷ lệ thực hiện (%)", ("Tỷ lệ thực hiện", None, True)),
    ("Tỷ lệ %", ("Tỷ lệ", None, True)),
    ("Kế hoạch [tỷ đồng]", ("Kế hoạch", Unit.ty, False)),
    ("Kinh phí  (Trđ) ", ("Kinh phí", Unit.trieu, False)),
    ("Cost, million VND", ("Cost", Unit.trieu, False)),
    ("Tỉnh (thành phố)", ("Tỉnh (thành phố)", None, False)),
    ("Tổng kinh phí", ("Tổng kinh phí", None, False)),
    ("% đạt", ("% đạt", None, False)),
    ("Kinh phi\u0301 (triê\u0323u đô\u0300ng)", ("Kinh phí", Unit.trieu, False)),
])
def test_split_header_unit(header, expected):
    assert split_header_unit(header) == expected


def test_unit_suffix():
    assert unit_from_suffix("tr") is Unit.trieu
    assert unit_from_suffix("TR.Đ") is Unit.trieu
    assert unit_from_suffix("đ.") is Unit.dong
    assert unit_from_suffix("tỷ đồng") is Unit.ty
    assert unit_from_suffix("ngàn") is Unit.nghin
    assert unit_from_suffix("kg") is None


_CELL = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: (repr(f), True)),
    st.integers(-10**20, 10**20).map(lambda i: (str(i), True)),
    st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False)
    .map(lambda d: (format(d.normalize(), "f"), True)),
    st.sampled_from(["48.793", "1.234,5", "-", "(12)", "541,9 tr", "abc", "0", "-0", "12.50"])
    .map(lambda t: (t, False)),
    st.sampled_from(["0010", "12.50", "1e5", "-0"]).map(lambda t: (t, True)),
)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.lists(_CELL, min_size=64, max_size=120),
                 st.lists(_CELL.filter(lambda c: c is None or c[1]), min_size=1, max_size=63)),
       st.sampled_from([1, 1000, 1_000_000, 1_000_000_000, 7]), st.sampled_from(["vi", "en"]))
def test_fast_path_of_amount_columns_equals_the_general_rules(cells, factor, locale):
    """Numeric cells written as plain decimals take a short Arrow path (in a short
    column only when every cell is numeric or blank); every field of the result must be
    what the general rules give, cell for cell."""
    from kcbudget.read.numbers import _parse_amount_column

    texts = pd.Series([c[0] if c else None for c in cells], index=range(3, 3 + len(cells)),
                      dtype=object)
    numeric = pd.Series([bool(c and c[1]) for c in cells], index=texts.index)
    fast = parse_amount_column(texts, numeric=numeric, locale=locale, factor=factor)
    slow = _parse_amount_column(texts, numeric, locale, factor, False)
    for field in ("dong", "error", "missing", "ambiguous", "other_dong", "foreign"):
        a, b = getattr(fast, field), getattr(slow, field)
        assert list(a.index) == list(b.index)
        assert [None if pd.isna(x) else x for x in a] == \
            [None if pd.isna(x) else x for x in b], field


def test_columns_read_in_several_passes_are_read_as_in_one(monkeypatch):
    """Many columns are read a million cells at a time at most (the temporaries of one
    pass): cut into passes of a few cells, every column reads the same."""
    import kcbudget.read.numbers as numbers

    cells = ["48.793", "1.234,5", None, "12", "(7)", "-", "541,9 tr", "abc", "3e2", "0010"]
    inputs = []
    for k, factor in enumerate([1, 1000, 10**6, 5, 10**6, 1]):
        texts = pd.Series(cells[k:] + cells[:k], index=range(10 * k, 10 * k + len(cells)),
                          dtype=object)
        numeric = pd.Series([i % 3 == 0 for i in range(len(cells))], index=texts.index) \
            if k % 2 else None
        inputs.append((texts, numeric, factor))
    one = numbers.parse_amount_columns(inputs, locale="vi")
    monkeypatch.setattr(numbers, "_TOGETHER", 7)
    assert [len(c) for c in numbers._chunks(inputs)] == [1] * len(inputs)
    monkeypatch.setattr(numbers, "_TOGETHER", 25)
    assert [len(c) for c in numbers._chunks(inputs)] == [2, 2, 2]
    passes = numbers.parse_amount_columns(inputs, locale="vi")
    for a, b in zip(one, passes):
        for name in ("dong", "error", "missing", "ambiguous", "other_dong", "foreign"):
            pd.testing.assert_series_equal(getattr(a, name), getattr(b, name))
