"""Unit tests of futureind.quantities and futureind.numbers (the corpus holds most phrasings)."""

from __future__ import annotations

import time

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
    found = find_quantities("420 billion yuan (US$58.16 billion)")
    assert [(m.quantity.amount, m.quantity.unit) for m in found] == [
        (4.2e11, "CNY"),
        (5.816e10, "USD"),
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
    (m,) = find_quantities("form 5 groups of regional open licensing alliances")
    assert m.quantity.noun == "groups"
    (m,) = find_quantities("10 leading enterprises will expand abroad")
    assert m.quantity.noun == "leading enterprises"


@pytest.mark.parametrize("bad", [None, 5, b"500 yuan"])
def test_non_str_input_gives_nothing(bad: object) -> None:
    assert find_quantities(bad) == []  # type: ignore[arg-type]
    assert parse_quantity(bad) is None  # type: ignore[arg-type]


_POLICY = (
    "By 2027, the province will nurture roughly 12 frontier technology hubs and "
    "more than 100 leading enterprises, and the output value of future industries will "
    "pass RMB 380 billion (US$52.6 billion), up 11% a year. The plan was issued on "
    "March 9 under the 14th Five-Year Plan, with pilot zones for 6G and humanoid robots. "
    "Local governments shall set up special funds, improve the talent system and open "
    "application scenarios in manufacturing, energy, health and the low-altitude economy. "
    "Enterprises, universities and research institutes are encouraged to form innovation "
    "consortia, share large scientific facilities and jointly tackle key core technologies, "
    "while financial institutions should provide long-term, patient capital for start-ups. "
    "Cities with the right conditions may explore new regulatory approaches, build public "
    "service platforms and test beds, and strengthen international cooperation on standards. "
)


@pytest.mark.slow
def test_one_megabyte_of_policy_text_is_fast() -> None:
    text = _POLICY * (1_000_000 // len(_POLICY))
    find_quantities(_POLICY)  # load the vocabulary first
    t0 = time.perf_counter()
    found = find_quantities(text)
    elapsed = time.perf_counter() - t0
    assert len(found) == 5 * (1_000_000 // len(_POLICY))
    # well under a second on an idle core; the bound leaves room for a loaded machine
    assert elapsed < 3.0, elapsed


def _linear(text: str) -> None:
    find_quantities("warm up 5%")
    t0 = time.perf_counter()
    find_quantities(text[: len(text) // 10])
    tenth = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_quantities(text)
    full = time.perf_counter() - t0
    assert full < 5.0, full
    assert full < 30 * tenth + 0.5, (full, tenth)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "more than " * 50_000 + "5%",
        "9" * 100_000,
        "1," * 100_000,
        ",,,," * 50_000 + "1",
        "$" * 100_000 + "5",
        "十" * 100_000,
        "one " * 50_000,
        "a" * 100_000,
        "- " * 100_000,
        "1 " * 10_000,
        "5-" * 10_000,
        "between 1 and " * 5_000,
        "a hundred " * 5_000,
        "https://x.org/" + "1%" * 50_000,
        "one and a " * 20_000,
        "one hundred and " * 10_000 + "fifths",
        "1/2/" * 5_000,
        "1 1/2 " * 5_000,
        "one over " * 20_000,
        "2e5e" * 10_000,
    ],
    ids=[
        "more-than",
        "digits",
        "digit-commas",
        "commas",
        "dollars",
        "han",
        "one",
        "letters",
        "dashes",
        "spaced-numbers",
        "hyphened-numbers",
        "between",
        "a-hundred",
        "url",
        "and-a",
        "hundred-and",
        "slashes",
        "mixed-fractions",
        "over",
        "exponents",
    ],
)
def test_pathological_inputs_stay_linear(text: str) -> None:
    _linear(text)


def test_every_quantity_rule_is_exercised_by_the_corpus() -> None:
    from futureind.corpus import load_corpus

    used = {
        m.rule for case in load_corpus("quantities.toml").match for m in find_quantities(case.text)
    }
    expected = {
        "money",
        "percent",
        "percentage_point",
        "times",
        "multiple",
        "fraction",
        "count",
        "physical",
        "duration",
        "range",
    }
    assert expected - used == set()


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("one hundred and three quarters", 100.75),
        ("three hundred and two dozens", 324),
        ("half a dozen", 6),
        ("3 dozens", 36),
        ("hundred thousand dollars", 1e5),
        ("1.2b", 1.2e9),
        ("3/4", 0.75),
        ("2 1/4", 2.25),
        ("-4/5", -0.8),
        ("five and a quarter", 5.25),
        ("one and a fourth", 1.25),
        ("three and a fifth", 3.2),
        ("two and fifty-four hundredths", 2.54),
        ("one million and a half", 1.5e6),
        ("five billion and three quarters", 5.75e9),
        ("five and a half million", 5.5e6),
        ("one over three", 1 / 3),
        ("1 over 20", 0.05),
        ("1e10", 1e10),
        ("12.32e+14", 1.232e15),
        ("-12e-1", -1.2),
    ],
)
def test_spelled_and_written_fractions(text: str, amount: float) -> None:
    q = parse_quantity(text)
    assert q is not None, text
    assert q.amount == pytest.approx(amount, rel=1e-9), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/4/2024", []),
        ("open 24/7", []),
        ("see https://portal.example.cn/3/4 now", []),
        ("it grew over 3 years", [(3.0, "year")]),
        ("1 over 3 firms", [(1.0, ""), (3.0, "count")]),
    ],
)
def test_dates_urls_and_comparisons_are_not_fractions(
    text: str, expected: list[tuple[float, str]]
) -> None:
    assert [(m.quantity.amount, m.quantity.unit) for m in find_quantities(text)] == expected


def test_with_cmp_is_replace() -> None:
    from dataclasses import fields, replace

    from futureind.quantities import _Item, _with_cmp

    values: dict[str, object] = {f.name: f"v{i}" for i, f in enumerate(fields(_Item))}
    item = _Item(**values)  # type: ignore[arg-type]
    assert _with_cmp(item, "gt", 1, 2) == replace(item, comparator="gt", cmp_start=1, cmp_end=2)


def test_lowered_word_scan_finds_what_the_case_insensitive_scan_finds() -> None:
    from futureind.quantities import _compiled

    c = _compiled()
    assert c.words_lower is not None
    text = (
        "Two HUNDRED and Fifty-Five, a Third, half a Million, THREE-FOLD, a dozen, "
        "twoscore, Twenty-first, one-THIRD, 5 Billion, tenfold, quarter-Million."
    )
    want = [(m.start(), m.end(), m.group().casefold()) for m in c.words.finditer(text)]
    got = [(m.start(), m.end(), m.group()) for m in c.words_lower.finditer(text.lower())]
    assert got == want
    assert len(want) > 10
