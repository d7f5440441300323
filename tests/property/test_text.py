"""Property tests of the text layer: never raises, spans slice back, prefix shifts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from futureind.text import segment

FRAGMENTS = [
    "The U.S. plan",
    " grew 1.5 times.",
    " By 2025, ",
    "Shanghai will build 15 pilot zones.",
    "\n",
    "\n\n",
    '"',
    "“Quoted. Text.”",
    "• ",
    "1. ",
    "WUHAN, May 6 (Xinhua) -- ",
    "Source: news 01-30-2024",
    "到2025年。",
    "e.g. ",
    "...",
    "?!",
    "  ",
    "Co., Ltd.",
]
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
)


@given(texts)
def test_segments_never_raise_and_are_well_formed(text: str) -> None:
    segs = segment(text)
    last_end = 0
    for s in segs:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last_end
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        last_end = s.end
    # nothing but whitespace is dropped
    covered = "".join(text[s.start : s.end] for s in segs)
    assert "".join(covered.split()) == "".join(text.split())


@given(texts, st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join))
def test_prefixing_a_paragraph_shifts_every_segment(text: str, prefix_body: str) -> None:
    prefix = prefix_body + "\n\n"
    base = segment(text)
    shifted = segment(prefix + text)
    tail = [s for s in shifted if s.start >= len(prefix)]
    assert [(s.start - len(prefix), s.end - len(prefix), s.kind) for s in tail] == [
        (s.start, s.end, s.kind) for s in base
    ]
