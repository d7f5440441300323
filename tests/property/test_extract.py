"""Property tests of the whole extraction: never raises, spans slice back, determinism,
prefix shifts every span, JSON round-trip.

Inputs are arbitrary strings (lone surrogates, NUL and control characters included) and
texts assembled from policy-phrase fragments — hand-written ones and every short phrase of
the package's vocabulary files — so that the extractors actually fire.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from futureind import Report, Span, extract, find_periods, find_quantities

PUBLISHED = "2024-06-18"

HAND_FRAGMENTS = [
    "By 2027, ",
    "By the end of 2025, ",
    "in 2030",
    "during the 14th Five-Year Plan period",
    "over the next five years",
    "the output value of future industries",
    "the number of high-tech enterprises",
    "research and development spending",
    " will exceed ",
    " will reach ",
    " more than ",
    " no less than ",
    " about ",
    " up to ",
    "300 billion yuan",
    "RMB 1.2 trillion",
    "US$5 billion",
    "3.2%",
    "15 percent",
    "1,200 enterprises",
    "30 GW",
    "double",
    "tenfold",
    "1-2",
    "between 3 and 5",
    "quantum computing",
    "humanoid robots",
    "embodied intelligence",
    "6G",
    "AI",
    "hydrogen energy",
    "the low-altitude economy",
    "synthetic biology",
    "Jiangnan Province",
    "Shanghai",
    "the State Council",
    "the Ministry of Industry and Information Technology",
    "Li Wenhua, deputy mayor of Hefei, said",
    "Professor Zhang Qiming of Jiangnan University",
    "the European Union (EU)",
    "Action Plan for Cultivating Future Industries (2024-2027)",
    "the 14th Five-Year Plan",
    '"Future Industry Pilot Zone"',
    "The first is to ",
    "Second, ",
    "support leading enterprises in building innovation consortia",
    "set up a special fund of 10 billion yuan",
    "guide venture capital",
    "preferential tax policies",
    "open up application scenarios",
    "international cooperation",
    "BEIJING, Jan. 29 (Xinhua) -- ",
    "Source: Xinhua",
    "By Kim Hyelin",
    "到2025年，",
    "未来产业产值超过5000亿元",
    "量子信息",
    "人形机器人",
    "。",
    ". ",
    ", ",
    "; ",
    " and ",
    "\n",
    "\n\n",
    "• ",
    "(1) ",
    "“",
    "”",
    '"',
    "(",
    ")",
    "-",
    " ",
]


def _vocabulary_phrases() -> list[str]:
    """Short plain phrases from every TOML data file of the package (not regex patterns)."""
    found: set[str] = set()

    def walk(node: Any, key: str = "") -> Iterator[str]:
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                yield from walk(v, key)
        elif isinstance(node, str) and "pattern" not in key and "regex" not in key:
            yield node

    data = resources.files("futureind.data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            table = tomllib.loads(entry.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # a broken data file is the loader tests' business
        for s in walk(table):
            if 2 <= len(s) <= 40 and not any(c in s for c in "\\[](){}|^$*+?"):
                found.add(s)
    return sorted(found)


FRAGMENTS = HAND_FRAGMENTS + _vocabulary_phrases()
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "; ", ""]

any_text = st.one_of(
    st.text(),
    st.text(st.characters(codec=None, exclude_categories=())),
    st.text(
        st.one_of(
            st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Zl", "Zp"]),
            st.sampled_from(list("a1.,-\"'()。0 \n")),
        )
    ),
)
policy_text = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=40
).map(lambda parts: "".join(a + b for a, b in parts))
texts = st.one_of(any_text, policy_text, st.tuples(policy_text, any_text).map("".join))
json_safe_texts = st.one_of(st.text(), policy_text)  # no lone surrogates: JSON cannot hold them


def spans(report: Report) -> Iterator[tuple[str, Span]]:
    """Every span of a report, with where it came from."""
    for d in report.directions:
        for m in d.mentions:
            yield f"direction {d.key}", m
    for a in report.actors:
        for m in a.mentions:
            yield f"actor {a.name}", m
    for t in report.targets:
        yield "target evidence", t.evidence
        if t.value_span is not None:
            yield "target value", t.value_span
    for s in report.strategies:
        yield "strategy evidence", s.evidence


def assert_spans_slice_back(text: str, report: Report) -> None:
    for where, span in spans(report):
        assert 0 <= span.start <= span.end <= len(text), where
        assert text[span.start : span.end] == span.text, where


def _shift(node: Any, offset: int) -> Any:
    """A model dump with every span (a dict with start, end and text) moved right."""
    if isinstance(node, dict):
        out = {k: _shift(v, offset) for k, v in node.items()}
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            out["start"] = node["start"] + offset
            out["end"] = node["end"] + offset
        return out
    if isinstance(node, list):
        return [_shift(v, offset) for v in node]
    return node


@given(texts)
def test_extract_never_raises_and_spans_slice_back(text: str) -> None:
    report = extract(text, published=PUBLISHED)
    assert isinstance(report, Report)
    assert_spans_slice_back(text, report)
    for d in report.directions:
        assert d.mentions == sorted(d.mentions, key=lambda s: (s.start, s.end))


@given(texts)
def test_extract_without_published_never_raises(text: str) -> None:
    report = extract(text)
    assert_spans_slice_back(text, report)


@given(texts)
def test_extract_is_deterministic(text: str) -> None:
    first = extract(text, published=PUBLISHED).model_dump()
    second = extract(text, published=PUBLISHED).model_dump()
    assert first == second


@given(
    texts,
    st.sampled_from(["\n\n", "  \n\n", "\t\n\n\n", "\u3000\n\n", "\r\n\r\n", "* * *\n\n"]),
)
def test_prefixing_a_paragraph_shifts_every_span(text: str, prefix: str) -> None:
    base = extract(text, published=PUBLISHED, language="en")
    moved = extract(prefix + text, published=PUBLISHED, language="en")
    assert moved.model_dump() == _shift(base.model_dump(), len(prefix))


@given(json_safe_texts)
def test_json_round_trip(text: str) -> None:
    report = extract(text, published=PUBLISHED)
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report.model_copy(update={"text": None})


@given(texts)
def test_find_quantities_never_raises_and_spans_slice_back(text: str) -> None:
    for match in find_quantities(text):
        assert text[match.span.start : match.span.end] == match.span.text
        if match.comparator_span is not None:
            span = match.comparator_span
            assert text[span.start : span.end] == span.text


@given(texts)
def test_find_periods_never_raises_and_spans_slice_back(text: str) -> None:
    for period in find_periods(text):
        if period.span is not None:
            assert text[period.span.start : period.span.end] == period.span.text
