"""HTML rendering: the text comes back exactly, every span is highlighted, all is escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

import futureind
from futureind import InputError, Report, Span, render_html
from futureind.cli import sample_text
from futureind.render import KIND_LABELS
from tests.test_tables import TEXT, sample_report


class Pieces(HTMLParser):
    """Reads rendered HTML back: the text of the document part and, per character, the
    classes and tooltip of the highlight around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.marks: list[tuple[set[str], str]] = []
        self.stack: list[tuple[set[str], str] | None] = []
        self.in_text = False
        self.legend: list[str] = []
        self.in_legend = False
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "div" and "fi-text" in classes:
            self.in_text, self.depth = True, 0
        elif tag == "div" and "fi-legend" in classes:
            self.in_legend = True
        elif self.in_text and tag == "span":
            self.depth += 1
            self.stack.append((classes, a.get("title") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self.in_text and tag == "span":
            self.stack.pop()
        elif self.in_text and tag == "div":
            self.in_text = False
        elif self.in_legend and tag == "div":
            self.in_legend = False

    def handle_data(self, data: str) -> None:
        if self.in_legend:
            self.legend.append(data)
        if not self.in_text:
            return
        mark = self.stack[-1] if self.stack else (set(), "")
        assert mark is not None
        self.text.append(data)
        self.marks.extend([mark] * len(data))


def read(html_text: str) -> Pieces:
    parser = Pieces()
    parser.feed(html_text)
    parser.close()
    return parser


def test_the_text_comes_back_exactly() -> None:
    report = sample_report()
    parsed = read(render_html(report))
    assert "".join(parsed.text) == TEXT


def test_every_span_is_highlighted_by_kind_with_its_tooltip() -> None:
    report = sample_report()
    parsed = read(render_html(report))
    expected: list[tuple[str, Span, str]] = []
    for d in report.directions:
        expected += [("direction", m, d.key) for m in d.mentions]
    for a in report.actors:
        expected += [("actor", m, f"{a.name} [{a.kind}]") for m in a.mentions]
    for t in report.targets:
        expected.append(("target", t.evidence, "gt 1e+11 CNY, by 2030"))
    for s in report.strategies:
        expected.append(("strategy", s.evidence, "supply.funding, environment.finance"))
    for kind, span, tip in expected:
        for offset in range(span.start, span.end):
            classes, title = parsed.marks[offset]
            assert f"fi-{kind}" in classes, (kind, span, offset)
            assert tip in title, (kind, span, title)
    # and nothing outside the spans is marked
    covered = {o for _, s, _ in expected for o in range(s.start, s.end)}
    assert all(not parsed.marks[o][0] for o in range(len(TEXT)) if o not in covered)


def test_nested_spans_are_split_at_their_boundaries() -> None:
    report = sample_report()
    parsed = read(render_html(report))
    ai = TEXT.index("AI")  # a direction inside a strategy's evidence
    assert parsed.marks[ai][0] >= {"fi-direction", "fi-strategy"}
    assert "fi-direction" not in parsed.marks[ai - 1][0]
    assert "fi-strategy" in parsed.marks[ai - 1][0]
    assert "Artificial intelligence" in parsed.marks[ai][1]
    assert "Strategy:" in parsed.marks[ai][1]  # the tooltip lists every record covering it


def test_tooltips_give_roles_names_and_amounts() -> None:
    page = render_html(sample_report())
    parsed = read(page)
    li = TEXT.index("Li Wei")
    assert "deputy mayor, Suzhou" in parsed.marks[li][1]
    fund = TEXT.index("fund")
    assert "amounts: 5e+09 CNY; 1–2 percent" in parsed.marks[fund][1]


def test_everything_is_escaped() -> None:
    text = 'Quantum <script>alert("x")</script> & <b onclick="evil()">AI</b> computing'
    start = text.index("<script>")
    report = Report(
        language="en",
        directions=[
            futureind.Direction(
                key="information.ai",
                label='<img src=x onerror="alert(1)">',
                parent="information",
                mentions=[Span.of(text, start, start + 8)],
            )
        ],
        text=text,
    )
    page = render_html(report, title="<title>&")
    assert "<script>" not in page
    assert "<b " not in page
    assert "<img" not in page
    assert "&lt;script&gt;" in page
    assert "<title>&lt;title&gt;&amp;</title>" in page
    assert "".join(read(page).text) == text


def test_legend_lists_every_kind_with_counts() -> None:
    parsed = read(render_html(sample_report()))
    legend = " ".join(parsed.legend)
    for label in KIND_LABELS.values():
        assert label in legend
    assert "Direction (2)" in legend
    assert "Actor (2)" in legend
    assert "Target (1)" in legend
    assert "Strategy (1)" in legend


def test_page_and_fragment() -> None:
    report = sample_report()
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert page.rstrip().endswith("</html>")
    fragment = render_html(report, page=False)
    assert "<html" not in fragment
    assert "<style>" in fragment  # a notebook cell needs its own styles
    assert report._repr_html_() == fragment


def test_text_must_be_given_or_kept() -> None:
    report = sample_report().model_copy(update={"text": None})
    with pytest.raises(InputError, match="keeps no text"):
        render_html(report)
    assert "".join(read(render_html(report, TEXT)).text) == TEXT
    assert report._repr_html_().startswith("<pre>")


def test_a_report_of_another_text_is_refused() -> None:
    with pytest.raises(InputError, match="another text"):
        render_html(sample_report(), "a different text entirely, " * 10)


def test_renders_what_extract_finds_and_empty_text() -> None:
    text = sample_text()
    report = futureind.extract(text, published="2024-06-18")
    parsed = read(render_html(report))
    assert "".join(parsed.text) == text
    for d in report.directions:
        for m in d.mentions:
            assert "fi-direction" in parsed.marks[m.start][0]
    assert "".join(read(render_html(futureind.extract(""))).text) == ""


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int]]]:
    text = draw(st.text(min_size=1, max_size=80))
    kinds = st.sampled_from(list(KIND_LABELS))
    offsets = st.integers(min_value=0, max_value=len(text))
    spans = draw(st.lists(st.tuples(kinds, offsets, offsets), max_size=8))
    return text, [(k, min(a, b), max(a, b)) for k, a, b in spans if a != b]


def report_of(text: str, spans: list[tuple[str, int, int]]) -> Report:
    directions, actors, targets, strategies = [], [], [], []
    for i, (kind, start, end) in enumerate(spans):
        span = Span.of(text, start, end)
        if kind == "direction":
            directions.append(
                futureind.Direction(key=f"k{i}", label=f"<L{i}>", parent=None, mentions=[span])
            )
        elif kind == "actor":
            actors.append(
                futureind.Actor(
                    name=f"A{i}&", kind="organization", aliases=[], roles=[], mentions=[span]
                )
            )
        elif kind == "target":
            targets.append(
                futureind.Target(
                    metric=None,
                    comparator="ge",
                    year=None,
                    issuer=None,
                    value=futureind.Quantity(amount=float(i), unit="count", raw="x"),
                    directions=[],
                    evidence=span,
                )
            )
        else:
            strategies.append(
                futureind.Strategy(
                    instruments=[f"s{i}"],
                    name=None,
                    issuer=None,
                    year=None,
                    amounts=[],
                    directions=[],
                    evidence=span,
                )
            )
    return Report(
        language="en",
        directions=directions,
        actors=actors,
        targets=targets,
        strategies=strategies,
        text=text,
    )


@given(text_and_spans())
def test_any_text_and_spans_render_back_exactly(
    case: tuple[str, list[tuple[str, int, int]]],
) -> None:
    text, spans = case
    parsed = read(render_html(report_of(text, spans)))
    assert "".join(parsed.text) == text
    for offset in range(len(text)):
        expected = {f"fi-{k}" for k, s, e in spans if s <= offset < e}
        classes = parsed.marks[offset][0] - {"fi"}
        assert classes == expected, (offset, spans)
