"""Unit tests of the target extractor: fields, nulls, deadlines, dedup, vetoes, data file."""

from __future__ import annotations

from pathlib import Path

import pytest

import futureind.targets as targets_module
from futureind import extract
from futureind.corpus import load_corpus
from futureind.document import Document
from futureind.errors import VocabularyError
from futureind.models import Direction, Span, Target
from futureind.periods import find_periods
from futureind.pipeline import parse_published
from futureind.quantities import find_quantities
from futureind.targets import _TargetData, find_targets
from futureind.taxonomy import Taxonomy
from futureind.text import segment
from futureind.vocab import load_toml, read_toml

PUBLISHED = "2024-01-15"


def targets_of(text: str, published: str | None = PUBLISHED) -> list[Target]:
    return extract(text, published=published).targets


def test_level_target_has_every_field() -> None:
    text = "The province has proposed that by 2030 the output value of future industries will exceed 800 billion yuan."
    (t,) = targets_of(text)
    assert t.comparator == "gt"
    assert t.value.amount == pytest.approx(8e11)
    assert t.value.unit == "CNY"
    assert t.year == 2030
    assert t.metric == "output value of future industries"
    assert t.evidence.text == text
    assert t.value_span is not None
    assert t.value_span.text == "800 billion yuan"
    assert t.rule.startswith("target.")


def test_spans_slice_back() -> None:
    text = (
        "Title line\n\nBy 2026, the city will build 12 pilot zones, train 50,000 engineers and "
        "add 400 new high-tech enterprises; annual output will reach roughly 90 billion yuan (US$12.5 billion)."
    )
    found = targets_of(text)
    assert len(found) == 4
    for t in found:
        assert text[t.evidence.start : t.evidence.end] == t.evidence.text
        assert t.value_span is not None
        assert text[t.value_span.start : t.value_span.end] == t.value_span.text
        assert t.evidence.start <= t.value_span.start < t.value_span.end <= t.evidence.end


def test_no_deadline_gives_null_year() -> None:
    (t,) = targets_of("The district will set up about eight future technology institutes.")
    assert t.year is None
    assert t.comparator == "approx"


def test_range_has_null_comparator() -> None:
    (t,) = targets_of("Every innovation cluster should pick out 2-3 key cultivation industries.")
    assert t.comparator is None
    assert (t.value.min, t.value.max, t.value.amount) == (2, 3, None)
    assert t.metric == "key cultivation industries"


def test_bare_count_in_an_aim_is_eq() -> None:
    (t,) = targets_of("The county will build 15 dedicated industrial pilot areas.")
    assert t.comparator == "eq"
    assert t.value.unit == "count"
    assert t.metric == "dedicated industrial pilot areas"


def test_deadline_is_carried_across_sentences_of_a_paragraph_only() -> None:
    text = (
        "By 2026, the industry will take shape. The number of demonstration projects will "
        "exceed 200.\n\nThe city will also build 10 incubators."
    )
    found = targets_of(text)
    assert [(t.value.amount, t.year) for t in found] == [(200, 2026), (10, None)]


def test_later_deadline_replaces_the_carried_one() -> None:
    text = (
        "By 2026, 30 pilot zones will be built. By 2030, output should reach 1 trillion yuan, "
        "and 80 leading enterprises will be fostered."
    )
    found = targets_of(text)
    assert [(t.value.amount, t.year) for t in found] == [(30, 2026), (1e12, 2030), (80, 2030)]


def test_past_deadline_is_no_deadline_and_past_results_are_not_targets() -> None:
    text = "By 2023, output reached 1.2 trillion yuan."
    assert targets_of(text, published="2024-06-01") == []


def test_one_target_per_number_with_its_own_metric() -> None:
    text = (
        "The city aims to make breakthroughs in 50 core technologies, roll out 50 flagship "
        "products and nurture 30 leading enterprises."
    )
    found = targets_of(text)
    assert [(t.value.amount, t.metric) for t in found] == [
        (50, "core technologies"),
        (50, "flagship products"),
        (30, "leading enterprises"),
    ]
    # each number gets the clause it stands in as evidence
    assert (
        found[1].evidence.text == "roll out 50 flagship products and nurture 30 leading enterprises"
    )


def test_headline_restated_in_body_is_one_target_from_the_body() -> None:
    text = (
        "Coastal city sets out 12 new factory parks\n\n"
        "The coastal city is to build 12 factory parks. Together the 12 sites will cover a "
        "total area of 120 square kilometres."
    )
    found = targets_of(text)
    assert [(t.value.unit, t.value.amount) for t in found] == [("count", 12), ("m2", 1.2e8)]
    assert found[0].evidence.text == "The coastal city is to build 12 factory parks."
    assert found[1].metric == "total area"


def test_same_value_with_different_counted_nouns_is_kept() -> None:
    text = "By 2025, the city will launch 100 products, 100 standards and 100 enterprises."
    assert len(targets_of(text)) == 3


def test_conversion_in_brackets_is_one_target_in_the_first_currency() -> None:
    text = "By 2030, the new industries should reach a total output value of about 450 billion yuan (US$62.8 billion)."
    (t,) = targets_of(text)
    assert t.value.unit == "CNY"
    assert t.metric == "total output value"


def test_share_metric() -> None:
    text = "By 2027, the added value of future industries should account for over 18% of strategic emerging industries."
    (t,) = targets_of(text)
    assert (
        t.metric == "added value of future industries as a share of strategic emerging industries"
    )


@pytest.mark.parametrize(
    "text",
    [
        "The government is to put KRW 25 trillion into strategic technologies across five years.",
        "A fund of 10 billion yuan will be set up for future industries.",
        "The ministry will set up a 20 billion yuan guidance fund for quantum technology.",
        "A further $40 million is earmarked for training an AI workforce.",
    ],
)
def test_committed_money_is_not_a_target(text: str) -> None:
    assert targets_of(text) == []


def test_committed_money_beside_a_real_target() -> None:
    text = "The city will invest 5 billion yuan; output will exceed 100 billion yuan by 2027."
    found = targets_of(text)
    assert [(t.value.amount, t.year) for t in found] == [(1e11, 2027)]


def test_directions_come_from_the_evidence() -> None:
    text = "By 2027, the city will cultivate 20 quantum computing enterprises."
    doc = _document(text)
    start = text.index("quantum computing")
    doc.directions = [
        Direction(
            key="information.quantum",
            label="Quantum information",
            parent="information",
            mentions=[Span.of(text, start, start + len("quantum computing"))],
        )
    ]
    (t,) = find_targets(doc)
    assert t.directions == ["information.quantum"]


def test_issuer_comes_from_issuer_for(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Hubei has proposed that its output will exceed 100 billion yuan by 2026."
    calls: list[tuple[int, int]] = []

    def fake_issuer(doc: Document, start: int, end: int) -> str | None:
        calls.append((start, end))
        return "Hubei" if doc.text[start:end].startswith("Hubei") else None

    monkeypatch.setattr(targets_module, "issuer_for", fake_issuer)
    (t,) = find_targets(_document(text))
    assert t.issuer == "Hubei"
    assert calls
    assert calls[0] == (t.evidence.start, t.evidence.end)


def test_every_decision_rule_is_exercised_by_the_corpus() -> None:
    corpus = load_corpus("targets.toml")
    rules = set()
    for case in corpus.match:
        for t in extract(case.text, published=case.published).targets:
            rules.add(t.rule)
    assert {
        "target.intent",
        "target.value",
        "target.goal",
        "target.aim",
        "target.deadline",
    } <= rules


def test_empty_and_number_free_texts() -> None:
    assert targets_of("") == []
    assert targets_of("Future industries will shape the next decade of growth.") == []


def test_long_text_without_stops_does_not_raise() -> None:
    text = "the city will build 15 pilot zones and " * 3000
    found = targets_of(text)
    assert all(text[t.evidence.start : t.evidence.end] == t.evidence.text for t in found)


def test_data_file_is_validated(tmp_path: Path) -> None:
    data, _ = read_toml("targets.toml")
    assert _TargetData.model_validate(data).intent
    bad = tmp_path / "targets.toml"
    bad.write_text('intent = ["aims to"]\nunknown_field = 1\n', encoding="utf-8")
    with pytest.raises(VocabularyError) as info:
        load_toml(bad, _TargetData)
    assert "targets.toml" in str(info.value)


def _document(text: str) -> Document:
    published = parse_published(PUBLISHED)
    return Document(
        text=text,
        language="en",
        published=published,
        published_inferred=False,
        segments=segment(text),
        taxonomy=Taxonomy.default(),
        quantities=find_quantities(text),
        periods=find_periods(text, published=published),
    )
