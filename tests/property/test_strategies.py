"""Property tests of the strategy extractor, with inputs built from the vocabularies."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from futureind import extract
from futureind.instruments import Instruments
from futureind.strategies import find_strategies

_VOCAB = Instruments.default()

# (instrument key, cue) for every Latin-script cue of the default vocabulary
_CUES = sorted(
    (spec.key, cue) for spec in _VOCAB.spec.instrument for cue in spec.cues if cue.isascii()
)
_SUBJECTS = ["The government", "The city", "The ministry", "Each province", "We", "The agency"]
_MODALS = ["will", "should", "must", "plans to", "is to", "aims to", "needs to"]
_VERBS = ["support", "strengthen", "promote", "expand", "introduce", "establish"]
_PREFIXES = ["Note.\n\n", "Policy update\n\n", "By 2030 the city will grow.\n\n"]


@given(
    st.sampled_from(_CUES),
    st.sampled_from(_SUBJECTS),
    st.sampled_from(_MODALS),
    st.sampled_from(_VERBS),
)
def test_a_measure_built_from_a_cue_comes_back_with_its_instrument(
    cue: tuple[str, str], subject: str, modal: str, verb: str
) -> None:
    key, phrase = cue
    text = f"{subject} {modal} {verb} {phrase} in the region."
    strategies = extract(text).strategies
    assert any(key in s.instruments for s in strategies), (text, strategies)


@given(st.text(max_size=400))
def test_never_raises_and_spans_slice_back(text: str) -> None:
    for s in extract(text).strategies:
        assert text[s.evidence.start : s.evidence.end] == s.evidence.text
        assert set(s.instruments) <= set(_VOCAB.keys)


@given(
    st.lists(
        st.one_of(
            st.sampled_from([c for _, c in _CUES]),
            st.sampled_from(_MODALS + _VERBS + _SUBJECTS),
            st.sampled_from([". ", "; ", ", ", "\n", "\n\n", "• ", "(1) ", '"', "“", "”", " The "]),
            st.text(max_size=12),
        ),
        max_size=40,
    )
)
def test_vocabulary_soup_never_raises(parts: list[str]) -> None:
    text = " ".join(parts)
    for s in extract(text).strategies:
        assert text[s.evidence.start : s.evidence.end] == s.evidence.text
        if s.name is not None:
            assert s.name
            assert s.name == s.name.strip()


@given(
    st.sampled_from(_PREFIXES),
    st.sampled_from(_CUES),
    st.sampled_from(_SUBJECTS),
    st.sampled_from(_MODALS),
)
def test_prefixing_a_paragraph_shifts_spans(
    prefix: str, cue: tuple[str, str], subject: str, modal: str
) -> None:
    body = f"{subject} {modal} support {cue[1]}."
    plain = list(extract(body).strategies)
    shifted = [s for s in extract(prefix + body).strategies if s.evidence.start >= len(prefix)]
    assert [(s.evidence.start + len(prefix), s.instruments) for s in plain] == [
        (s.evidence.start, s.instruments) for s in shifted
    ]


@given(st.sampled_from(_CUES))
def test_the_same_text_gives_the_same_strategies(cue: tuple[str, str]) -> None:
    text = f"The city will support {cue[1]}; the province must build incubators."
    first = extract(text)
    from futureind.document import Document
    from futureind.taxonomy import Taxonomy
    from futureind.text import segment

    doc = Document(text, "en", None, False, segment(text), Taxonomy.default())
    assert first.strategies == extract(text).strategies
    assert find_strategies(doc) == find_strategies(doc)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200), st.data())
def test_ascii_tokens_agree_with_the_regexes(text: str, data: st.DataObject) -> None:
    """The translate-table tokeniser of ASCII texts finds what the regexes find."""
    from itertools import accumulate

    from futureind.instruments import _BREAK, _SPLIT_LATIN, _STOP, _char_offsets, _Tokens

    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    toks = _Tokens.of(text, pos, end)
    chunk = text[pos:end]
    parts = _SPLIT_LATIN.split(chunk.lower())
    offsets = list(accumulate(map(len, parts), initial=pos))
    assert toks.starts == offsets[1:-1:2]
    assert toks.ends == offsets[2::2]
    assert toks.words == parts[1::2]
    assert toks.breaks == _char_offsets(_BREAK, chunk, pos)
    assert toks.stops == _char_offsets(_STOP, chunk, pos)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200), st.data())
def test_ascii_name_tokens_agree_with_the_regex(text: str, data: st.DataObject) -> None:
    """The named-strategy tokeniser's ASCII split finds what its regex finds."""
    from futureind.strategies import _TOKEN, _Tok, _tokens

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [_Tok(*m.span(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    assert _tokens(text, start, end) == expected


_LEADS = [
    "(1)",
    "2.",
    "Firstly,",
    "the second is to",
    "• ",
    "三是",
    "And “Boosting",
    "- ",
    "x",
    " ",
]


@given(st.lists(st.sampled_from([*_LEADS, "a", " ", ",", "\n", "First"]), max_size=8), st.data())
def test_one_enumeration_regex_agrees_with_the_patterns(
    parts: list[str], data: st.DataObject
) -> None:
    """The joined enumeration patterns match where one of the patterns matches."""
    text = "".join(parts)
    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    expected = _VOCAB.enumeration_at(text, pos, end) is not None
    assert _VOCAB.has_enumeration_at(text, pos, end) == expected


_PATTERN_WORDS = [
    "plan",
    "plans",
    "the",
    "strategy",
    "is",
    "a",
    "key",
    "has",
    "have",
    "become",
    "reached",
    "rose",
    "grew",
    "increased",
    "by",
    "be",
    "rank",
    "ranks",
    "first",
    "lack",
    "of",
    "under",
    "its",
    "national",
    "program",
    "share",
    "market",
    "joint",
    "lab",
    "according",
    "to",
    "issued",
    "released",
    "list",
    "scenarios",
    "lay",
    "out",
    "pilot",
    "layout",
]


@given(
    st.lists(
        st.tuples(st.sampled_from(_PATTERN_WORDS), st.sampled_from(["", "", ".", ",", "s", "\n"])),
        max_size=200,
    )
)
def test_patterns_tried_only_at_their_prefixes_find_what_finditer_finds(
    words: list[tuple[str, str]],
) -> None:
    """A lower-case pattern tried only where one of its prefixes stands finds every match."""
    from futureind.instruments import _Tokens

    text = " ".join(w + tail for w, tail in words)
    toks = _Tokens.of(text)
    groups = [p for _, p in _VOCAB._rules] + [p for _, p in _VOCAB._excl_rules]
    for patterns in [*groups, _VOCAB._problems, _VOCAB._background]:
        expected = sorted(
            (m.start(), m.end()) if lower else m.span()
            for pattern, lower, _, _ in patterns._compiled
            for m in pattern.finditer(toks.lowered if lower else text)
        )
        assert patterns.spans(text, toks) == expected
