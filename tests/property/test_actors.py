"""Property tests of the actor extractor: never raises, spans slice back, prefixing shifts
spans, gazetteer names and people placed in template sentences come back whole."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from futureind._actor_data import actor_data
from futureind.actors import ActorResult, find_actors, issuer_for
from futureind.document import Document
from futureind.taxonomy import Taxonomy
from futureind.text import segment

DATA = actor_data()
ENTITIES = [e for e in DATA.entities if e.name[:1].isupper() or e.name[:1].isdigit()]
PEOPLE = DATA.rules.people
SURNAMES = [s for s in PEOPLE.surnames if len(s) > 2]
GIVEN = ["Weidong", "Xiaoming", "Jianguo", "Lihua", "Yuqing", "Haoran", "Minjun", "Zhiwei"]
TITLES = ["deputy director", "president", "dean", "chief engineer", "member", "director"]

FRAGMENTS = [
    "Shanghai",
    " will build ",
    "the Ministry of Industry and Information Technology",
    ", said ",
    "Zhang Qiao",
    "Zhang-Qiao",
    "Zhang\nQiao",
    ", deputy mayor of Suzhou,",
    " (MIIT)",
    "President Trump",
    "University of ",
    "Key Laboratory of X of the Chinese Academy of Sciences",
    "\n",
    "\n\n",
    "By Li Ming\n",
    "BEIJING, Jan. 29 (Xinhua) -- ",
    "Co., Ltd.",
    " and ",
    "the EU",
    "“Title Of A Plan”",
    "US$",
    " in the districts of A, B and C",
    "Great Hall of the People",
    "上海市",
    "工业和信息化部",
    ".",
    " ",
    ",",
    "'s",
    "’s",
    "(",
    ")",
    "the city",
    "Commission",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
)


def run(text: str) -> tuple[Document, ActorResult]:
    doc = Document(text, "en", None, False, segment(text), Taxonomy.default())
    return doc, find_actors(doc)


@given(texts)
def test_never_raises_and_spans_slice_back(text: str) -> None:
    doc, result = run(text)
    for actor in result.actors:
        assert actor.name
        assert actor.mentions
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text
            assert m.end > m.start
        if actor.kind != "person":
            assert actor.roles == []
    for s, e in result.organization_spans:
        assert 0 <= s < e <= len(text)
    names = {a.name for a in result.actors}
    doc.actors = result.actors
    for seg in doc.segments:
        issuer = issuer_for(doc, seg.start, seg.end)
        assert issuer is None or issuer in names


@given(texts, st.sampled_from(["Overview.\n\n", "Note: none.\n\n", "\n\n\n"]))
def test_a_prefix_paragraph_shifts_every_span(text: str, prefix: str) -> None:
    assume(not text.startswith(("\n", " ")))
    _, plain = run(text)
    _, shifted = run(prefix + text)
    n = len(prefix)
    before = sorted(
        (a.name, a.kind, m.start + n, m.end + n) for a in plain.actors for m in a.mentions
    )
    after = sorted((a.name, a.kind, m.start, m.end) for a in shifted.actors for m in a.mentions)
    assert after == before


@given(
    st.sampled_from(ENTITIES),
    st.sampled_from(["In 2024, {} will expand support for AI.", "The plan names {} as a pilot."]),
)
def test_gazetteer_names_come_back_with_kind_and_span(entity: object, template: str) -> None:
    name = entity.name  # type: ignore[attr-defined]
    kind = entity.kind  # type: ignore[attr-defined]
    text = template.format(name)
    start = text.index(name)
    _, result = run(text)
    hits = [
        a
        for a in result.actors
        if any(m.start == start and m.end == start + len(name) for m in a.mentions)
    ]
    assert hits, f"{name!r} not found in {text!r}: {result.actors}"
    assert hits[0].kind == kind
    assert hits[0].name == name


@given(
    st.sampled_from(SURNAMES),
    st.sampled_from(GIVEN),
    st.sampled_from(TITLES),
    st.sampled_from(["Qingshan University", "the Ministry of Education", "Suzhou"]),
)
def test_people_with_roles_come_back(surname: str, given: str, title: str, org: str) -> None:
    name = f"{surname} {given}"
    text = f"{name}, {title} of {org}, said the plan will work. {surname} added that costs fall."
    _, result = run(text)
    people = [a for a in result.actors if a.kind == "person"]
    assert [p.name for p in people] == [name]
    person = people[0]
    assert [m.text for m in person.mentions] == [name, surname]
    assert person.roles[0].title == title
    expected = org.removeprefix("the ")
    assert person.roles[0].organization == expected
    assert any(a.name == expected for a in result.actors)
