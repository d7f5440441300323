"""Unit tests of futureind.quantities and futureind.numbers (the corpus holds most phrasings)."""

from __future__ import annotations

import pytest

from futureind.numbers import chinese_value, digits_value, number_value, words_value
from futureind.quantities import find_quantities, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234.0),
        ("1 234 567", 1234567.0),
        ("0.5", 0.5),
        (".25", 0.25),
        ("-3", -3.0),
        ("", None),
        ("abc", None),
    ],
)
def test_digits_value(text: str, value: float | None) -> None:
    assert digits_value(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty-one", 21.0),
        ("a hundred", 100.0),
        ("a dozen", 12.0),
        ("one and a half", 1.5),
        ("two hundred and two thousand", 202000.0),
        ("twenty-one trillion three hundred", 21e12 + 300),
        ("banana", None),
    ],
)
def test_words_value(text: str, value: float | None) -> None:
    assert words_value(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十五", 15.0),
        ("三千五百", 3500.0),
        ("两亿三千万", 2.3e8),
        ("一万亿", 1e12),
        ("一点五", 1.5),
    ],
)
def test_chinese_value(text: str, value: float) -> None:
    assert chinese_value(text) == value


def test_number_value_dispatches() -> None:
    assert number_value("five") == 5.0
    assert number_value("12") == 12.0
    assert number_value("十") == 10.0


def test_spans_slice_back_and_rules_named() -> None:
    text = (
        "Shanghai will invest RMB 20 billion, about 15% more, in 100 leading enterprises by 2030."
    )
    found = find_quantities(text)
    assert [m.quantity.unit for m in found] == ["CNY", "percent", "count"]
    for m in found:
        assert text[m.span.start : m.span.end] == m.span.text == m.quantity.raw
        assert m.rule == m.span.rule
        if m.comparator_span is not None:
            cs = m.comparator_span
            assert text[cs.start : cs.end] == cs.text
    assert found[1].comparator == "approx"


def test_comparator_mapping() -> None:
    cases = {
        "more than 5%": "gt",
        "exceeding 5%": "gt",
        "at least 5%": "ge",
        "no less than 5%": "ge",
        "reach 5%": "eq",
        "nearly 5%": "approx",
        "up to 5%": "le",
        "within 5%": "le",
        "less than 5%": "lt",
        "5% or more": "ge",
    }
    for text, cmp in cases.items():
        (m,) = find_quantities(text)
        assert m.comparator == cmp, text


def test_conversion_gives_both_amounts() -> None:
    found = find_quantities("500 billion yuan (US$69.79 billion)")
    assert [(m.quantity.amount, m.quantity.unit) for m in found] == [
        (5e11, "CNY"),
        (6.979e10, "USD"),
    ]


def test_range_leaves_amount_null() -> None:
    q = parse_quantity("10-15 billion yuan")
    assert q is not None
    assert q.amount is None
    assert q.min == 1e10
    assert q.max == 1.5e10


def test_metres_are_not_millions_without_currency() -> None:
    assert parse_quantity("100 m") == parse_quantity("100 m")
    q = parse_quantity("100 m")
    assert q is not None
    assert q.unit == "m"
    assert q.amount == 100
    q2 = parse_quantity("$100m")
    assert q2 is not None
    assert q2.unit == "USD"
    assert q2.amount == 1e8


def test_count_noun_stops_at_prepositions_and_verbs() -> None:
    (m,) = find_quantities("build 5 groups of international public patent pools")
    assert m.quantity.noun == "groups"
    (m,) = find_quantities("10 leading enterprises will expand abroad")
    assert m.quantity.noun == "leading enterprises"


@pytest.mark.parametrize("bad", [None, 5, b"500 yuan"])
def test_non_str_input_gives_nothing(bad: object) -> None:
    assert find_quantities(bad) == []  # type: ignore[arg-type]
    assert parse_quantity(bad) is None  # type: ignore[arg-type]
