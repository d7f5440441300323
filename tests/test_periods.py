"""Unit tests of futureind.periods (the corpora hold most phrasings)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from futureind.periods import find_periods, infer_published, parse_period
from futureind.text import segment


def test_relative_needs_published() -> None:
    assert parse_period("in the next five years") is None
    p = parse_period("in the next five years", published=date(2024, 3, 9))
    assert p is not None
    assert (p.start, p.end, p.kind) == (2024, 2029, "relative")


def test_five_year_plans() -> None:
    for ordinal, (start, end) in {
        "13th": (2016, 2020),
        "14th": (2021, 2025),
        "15th": (2026, 2030),
    }.items():
        p = parse_period(f"during the {ordinal} Five-Year Plan period")
        assert p is not None
        assert (p.start, p.end) == (start, end)
        d = parse_period(f"by the end of the {ordinal} Five-Year Plan")
        assert d is not None
        assert d.end == end
        assert d.kind == "deadline"


def test_spans_and_rules() -> None:
    text = "By 2025, 100 firms; in 2027 more; from 2021 to 2025 overall."
    found = find_periods(text)
    assert [(p.kind, p.end) for p in found] == [
        ("deadline", 2025),
        ("point", 2027),
        ("range", 2025),
    ]
    for p in found:
        assert p.span is not None
        assert text[p.span.start : p.span.end] == p.span.text == p.raw
        assert p.rule
        assert p.span.rule == p.rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nSource:Provincial Daily 01-30-2024 12:30:00\n\nBody.", date(2024, 1, 30)),
        ("Title\n\nPub Date:23-11-14 08:45 Source:citynews\n\nBody.", date(2023, 11, 14)),
        ("Title\nPublished: Aug 14, 2025 10:17 PM\nBody.", date(2025, 8, 14)),
        ("portal.gov.cn| Updated: November 17, 2025\n\nBody.", date(2025, 11, 17)),
        ("By A WRITER (Daily) Update:2024-10-23\n\nBody.", date(2024, 10, 23)),
        ("October 3, 2023\n\nHeadline\n\nBody.", date(2023, 10, 3)),
        ("SHENZHEN, Oct. 12 (Xinhua) -- The city will act.", None),
        ("Headline\n\nNanshan, 2 July 2025 — The district adopted a plan.", date(2025, 7, 2)),
        ("XILING, Jan. 29, 2024 (Xinhua) -- The city will act.", date(2024, 1, 29)),
        ("Hello, 2 July 2025 was a fine day for the council.", None),
        ("The plan was adopted on March 9, 2024 by the council.", None),
        ("", None),
    ],
)
def test_infer_published(text: str, expected: date | None) -> None:
    assert infer_published(text, segment(text)) == expected


def test_non_str_input() -> None:
    assert find_periods(None) == []  # type: ignore[arg-type]
    assert parse_period(3) is None  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "by " * 100_000,
        "2025-" * 50_000,
        "9" * 200_000,
        "by the end of the " * 20_000,
        "十四五" * 30_000,
    ],
    ids=["by", "year-hyphens", "digits", "end-of", "plans"],
)
def test_pathological_inputs_stay_linear(text: str) -> None:
    t0 = time.perf_counter()
    find_periods(text)
    full = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_periods(text[: len(text) // 10])
    tenth = time.perf_counter() - t0
    assert full < 5.0
    assert full < 30 * tenth + 0.5


def test_every_period_rule_is_exercised_by_a_corpus() -> None:
    from futureind.corpus import load_corpus
    from futureind.periods import PeriodData
    from futureind.pipeline import parse_published
    from futureind.vocab import load_data

    used: set[str] = set()
    for name in ("periods.toml", "parse_period.toml"):
        for case in load_corpus(name).match:
            found = find_periods(case.text, published=parse_published(case.published))
            used.update(p.rule for p in found if p.rule)
    rules = {r.name for r in load_data("periods.toml", PeriodData).rule}
    assert rules - used == set(), f"rules no corpus case exercises: {sorted(rules - used)}"


def test_precheck_words_name_real_rules_and_skip_nothing_that_matches() -> None:
    from futureind.periods import _compiled, _runnable

    assert any(rule.needs for rule, _ in _compiled().rules)
    assert all(rule.needs_han == rule.name.startswith("zh_") for rule, _ in _compiled().rules)
    texts = [
        "By the END of the 14th FIVE-year plan period, and in the next five years, by 2030.",
        "From 2020 to 2025, since 2019, the 2010s, FY2024, by the close of 2026.",
        "Over the past three years, this year, next year, last year, by mid-century.",
        "by the end of this year; by the end of next year; in the coming decade.",
        "到2025年，“十四五”期间，今年和明年，未来五年，本世纪中叶。",
        "Until the end of 2025 – naïve since 2019, in the 2020s, over the next 5 years.",
        "ſince 2019, by the ſame token; the FIVE-YEAR PLAN; Between 2020 and 2025",
    ]
    for text in texts:
        run = {rule.name for rule, _, _ in _runnable(text)}
        for rule, pattern in _compiled().rules:
            if rule.name not in run:
                assert pattern.search(text) is None, rule.name
