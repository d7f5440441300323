"""Property tests of the target extractor.

Targets rendered from templates (issuer, verb, comparator cue, value, unit, year) come back
with every field right; texts assembled from the cue vocabulary never raise, their spans
slice back, and a prefix shifts every span by its length.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from futureind import extract
from futureind.targets import _TargetData
from futureind.vocab import load_data

PUBLISHED = "2024-01-01"

ISSUERS = ["Shanghai", "Henan", "Zhejiang", "Guangdong", "Jiangsu", "Beijing", "Anhui"]
METRICS = [
    "output value of future industries",
    "added value of the digital economy",
    "scale of the hydrogen energy industry",
    "revenue of the robotics sector",
    "installed capacity of energy storage",
]
COUNT_NOUNS = [
    "leading enterprises",
    "pilot zones",
    "innovation centres",
    "incubators",
    "high-tech enterprises",
    "demonstration projects",
]
COUNT_VERBS = ["build", "cultivate", "establish", "foster", "set up", "launch", "nurture"]
# comparator cue before the value -> SPEC comparator
CUES = {
    "": "eq",
    "more than ": "gt",
    "over ": "gt",
    "at least ": "ge",
    "no less than ": "ge",
    "about ": "approx",
    "around ": "approx",
    "nearly ": "approx",
    "no more than ": "le",
    "less than ": "lt",
}


@dataclass(frozen=True)
class Value:
    text: str
    amount: float
    unit: str


@st.composite
def values(draw: st.DrawFn) -> Value:
    n = draw(st.integers(min_value=2, max_value=999))
    half = draw(st.booleans())
    number = f"{n}.5" if half else str(n)
    amount = n + 0.5 if half else float(n)
    kind = draw(st.sampled_from(["yuan", "percent", "GW"]))
    if kind == "yuan":
        return Value(f"{number} billion yuan", amount * 1e9, "CNY")
    if kind == "percent":
        return Value(f"{number}%", amount, "percent")
    return Value(f"{number} GW", amount * 1e9, "W")


years = st.integers(min_value=2025, max_value=2060)


def only_target(text: str) -> object:
    report = extract(text, published=PUBLISHED)
    assert len(report.targets) == 1, (text, report.targets)
    t = report.targets[0]
    assert text[t.evidence.start : t.evidence.end] == t.evidence.text
    return t


@given(
    issuer=st.sampled_from(ISSUERS),
    metric=st.sampled_from(METRICS),
    cue=st.sampled_from(sorted(CUES)),
    value=values(),
    year=years,
)
def test_level_targets_come_back(
    issuer: str, metric: str, cue: str, value: Value, year: int
) -> None:
    text = f"{issuer} has proposed that the {metric} will reach {cue}{value.text} by {year}."
    t = only_target(text)
    assert t.comparator == CUES[cue]  # type: ignore[attr-defined]
    assert t.value.unit == value.unit  # type: ignore[attr-defined]
    assert t.value.amount == pytest.approx(value.amount)  # type: ignore[attr-defined]
    assert t.year == year  # type: ignore[attr-defined]
    assert t.issuer == issuer  # type: ignore[attr-defined]
    assert t.metric == metric  # type: ignore[attr-defined]


@given(
    issuer=st.sampled_from(ISSUERS),
    metric=st.sampled_from(METRICS),
    value=values(),
    year=years,
)
def test_exceed_and_raise_to(issuer: str, metric: str, value: Value, year: int) -> None:
    t = only_target(f"By {year}, the {metric} in {issuer} will exceed {value.text}.")
    assert (t.comparator, t.year) == ("gt", year)  # type: ignore[attr-defined]
    assert t.metric == f"{metric} in {issuer}"  # type: ignore[attr-defined]
    assert t.value.amount == pytest.approx(value.amount)  # type: ignore[attr-defined]
    t = only_target(f"{issuer} aims to raise the {metric} to {value.text} by {year}.")
    assert (t.comparator, t.year, t.metric, t.issuer) == ("eq", year, metric, issuer)  # type: ignore[attr-defined]


@given(
    issuer=st.sampled_from(ISSUERS),
    verb=st.sampled_from(COUNT_VERBS),
    cue=st.sampled_from(sorted(CUES)),
    n=st.integers(min_value=2, max_value=5000),
    noun=st.sampled_from(COUNT_NOUNS),
    year=st.one_of(st.none(), years),
)
def test_count_targets_come_back(
    issuer: str, verb: str, cue: str, n: int, noun: str, year: int | None
) -> None:
    number = f"{n:,}"
    lead = f"By {year}, " if year is not None else ""
    text = f"{lead}{issuer} will {verb} {cue}{number} {noun}."
    t = only_target(text)
    assert t.comparator == CUES[cue]  # type: ignore[attr-defined]
    assert (t.value.unit, t.value.amount) == ("count", n)  # type: ignore[attr-defined]
    assert t.metric == noun  # type: ignore[attr-defined]
    assert t.year == year  # type: ignore[attr-defined]
    assert t.issuer == issuer  # type: ignore[attr-defined]


@given(
    issuer=st.sampled_from(ISSUERS),
    value=values(),
    year=st.integers(min_value=2015, max_value=2023),
    verb=st.sampled_from(["reached", "grew to", "totalled", "stood at", "accounted for"]),
)
def test_results_are_not_targets(issuer: str, value: Value, year: int, verb: str) -> None:
    text = f"In {year}, the output of future industries in {issuer} {verb} {value.text}."
    assert extract(text, published=PUBLISHED).targets == []


def _fragments() -> list[str]:
    data = load_data("targets.toml", _TargetData)
    words = [*data.intent, *data.value_verbs, *data.goal, *data.aim_verbs, *data.fact]
    words += [*data.committed_before[:10], *data.scope_nouns[:10], *data.determiners[:5]]
    return [
        *words,
        "By 2030, ",
        "in 2023",
        "500 billion yuan",
        "(US$70 billion)",
        "about 15",
        "more than 1,000",
        "1-2",
        "15%",
        "double",
        '"Double Five"',
        "Shanghai",
        ", ",
        ". ",
        "; ",
        "\n\n",
        " and ",
        "enterprises",
        "pilot zones",
    ]


FRAGMENTS = _fragments()
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)


@given(text=st.one_of(texts, st.text(max_size=300)))
def test_never_raises_and_spans_slice_back(text: str) -> None:
    report = extract(text, published=PUBLISHED)
    for t in report.targets:
        assert text[t.evidence.start : t.evidence.end] == t.evidence.text
        assert t.value_span is not None
        assert text[t.value_span.start : t.value_span.end] == t.value_span.text


@given(text=texts, prefix=st.sampled_from(["Background\n\n", "Note.\n\n", "\n\n\n"]))
def test_prefix_shifts_spans(text: str, prefix: str) -> None:
    plain = extract(text, published=PUBLISHED).targets
    shifted = extract(prefix + text, published=PUBLISHED).targets
    assert [(t.evidence.start + len(prefix), t.evidence.end + len(prefix)) for t in plain] == [
        (t.evidence.start, t.evidence.end) for t in shifted
    ]
    assert [t.value for t in plain] == [t.value for t in shifted]
