"""The text layer: segments with exact offsets."""

from __future__ import annotations

import itertools

import pytest

from futureind.text import paragraphs, segment


def _pieces(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in segment(text)]


def test_segments_slice_back_and_are_ordered() -> None:
    text = "  Heading line\n\nFirst one. Second one!  Third?\n  • bullet item.\n"
    segs = segment(text)
    assert [text[s.start : s.end] for s in segs] == [
        "Heading line",
        "First one.",
        "Second one!",
        "Third?",
        "• bullet item.",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(segs))


@pytest.mark.parametrize(
    "text",
    [
        "Output rose 1.5 times to 3.2 billion yuan.",
        "It covers 1-2 key areas in each district.",
        "Washington, D.C. hosts the U.S. Congress and the U.K. embassy.",
        "Sinopec Co., Ltd. and Huawei Technologies Co. Ltd. signed.",
        "Meet at 9 a.m. sharp, e.g. in Room No. 4, i.e. upstairs.",
        "Dr. Wang and Prof. Li met Gen. Zhao on Jan. 5.",
    ],
)
def test_no_split_inside_abbreviations_decimals_ranges(text: str) -> None:
    assert _pieces(text) == [("sentence", text)]


def test_quotes_are_not_split_inside() -> None:
    text = '"Future industries matter. They lead." Zhao said so.'
    assert _pieces(text) == [
        ("sentence", '"Future industries matter. They lead."'),
        ("sentence", "Zhao said so."),
    ]


def test_unmatched_quote_does_not_swallow_the_text() -> None:
    text = 'He said "this. ' + "Filler sentence here. " * 80
    # the quote stops counting after a few hundred characters; the rest splits normally
    assert len(segment(text)) >= 50


def test_datelines_source_lines_and_bylines() -> None:
    text = (
        "Provinces unveil plans for future industries\n"
        "WUHAN, April 3 (Xinhua) -- Hubei will open pilot zones.\n"
        "Source: Ministry website 01-30-2024\n"
        "By Kim Hyelin\n"
        "Pub Date:23-05-14 09:30 Source:provincial news\n"
        "Photo by Provincial Daily reporter Li Wen\n"
    )
    assert _pieces(text) == [
        ("heading", "Provinces unveil plans for future industries"),
        ("dateline", "WUHAN, April 3 (Xinhua) --"),
        ("sentence", "Hubei will open pilot zones."),
        ("source", "Source: Ministry website 01-30-2024"),
        ("byline", "By Kim Hyelin"),
        ("source", "Pub Date:23-05-14 09:30 Source:provincial news"),
        ("byline", "Photo by Provincial Daily reporter Li Wen"),
    ]


def test_chinese_punctuation() -> None:
    text = "到2027年，产值超过3000亿元；培育100家企业。加快布局！"
    assert [t for _, t in _pieces(text)] == [
        "到2027年，产值超过3000亿元；",
        "培育100家企业。",
        "加快布局！",
    ]


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    text = "The province will build\nfive pilot zones by 2025.\nIt will also attract talent."
    assert len(paragraphs(text)) == 2
    assert [t for _, t in _pieces(text)] == [
        "The province will build\nfive pilot zones by 2025.",
        "It will also attract talent.",
    ]


def test_paragraph_numbers() -> None:
    text = "One. Two.\n\nThree."
    assert [s.paragraph for s in segment(text)] == [0, 0, 1]


def test_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bytes"):
        paragraphs(b"abc")  # type: ignore[arg-type]


_JOIN_LINES = [
    "Source: Xinhua",
    "SOURCES : y",
    "ſource: x",
    "pub date: 1",
    "Editor：Li",
    "By John Smith",
    "bY John Smith",
    "BY JOHN SMITH",
    "by John and Mary Lee",
    "Photo by X",
    "pHOTO TAKEN BY x",
    "The end.",
    "WUHAN, May 6 (Xinhua) -- The plan grew.",
    "WUHAN, May 6 (Xinhua) --",
    "Xinhua, Beijing, May 6 -- The plan grew.",
    "China Daily, Jan. 3, 2024: Output rose.",
    "中新社北京5月6日电 计划发布。",
    "BEIJING (Reuters) -- Output rose.",
    "BEIJING -- Output rose.",
    "beijing, May 6 -- output rose.",
    "",
]


@pytest.mark.parametrize("line", _JOIN_LINES)
def test_joined_patterns_agree_with_each_pattern(line: str) -> None:
    from futureind.text import _branch, _data

    data = _data()
    joined = data.heads_joined
    assert joined is not None
    lines = len(data.line_kinds)
    m = joined.match(line)
    branch = _branch(m) if m is not None else -1
    first = next((k for k, p in data.line_kinds if p.search(line)), None)
    assert (data.line_kinds[branch][0] if 0 <= branch < lines else None) == first
    if first is None:
        hit = next((x for x in (p.match(line) for p in data.datelines) if x is not None), None)
        assert (m is None) == (hit is None)
        if m is not None and hit is not None:
            assert branch >= lines
            assert m.span() == hit.span()


def test_patterns_that_cannot_be_joined() -> None:
    from futureind.text import _joined

    assert _joined(["^a", "(?i)^b"], "t") is not None
    assert _joined(["^a", "a|^b"], "t") is None
    assert _joined(["^a", "b"], "t") is None
    assert _joined(["^(a)\\1"], "t") is None
    assert _joined(["(?m)^a"], "t") is None
    assert _joined(["^?a"], "t") is None


@pytest.mark.parametrize(
    "s",
    [
        "",
        ".",
        "a",
        "a.",
        "a.)",
        "a. )",
        "a.” ",
        "a.\x1c",
        "a;",
        "a：」",
        "a)",
        "a.b",
        "”",
        ".\n",
        "a?!\t",
    ],
)
def test_ends_terminal_is_the_pattern(s: str) -> None:
    from futureind.text import _TERMINAL_END, _ends_terminal

    assert _ends_terminal(s) == (_TERMINAL_END.search(s) is not None)
