"""Property tests of the direction extractor, with inputs built from the taxonomy itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from futureind.directions import find_directions_in_text
from futureind.models import Direction
from futureind.taxonomy import Taxonomy

TAX = Taxonomy.default()
# (key, surface form) for every synonym and acronym of the default taxonomy
FORMS = sorted(
    (entry.key, form) for entry in TAX.entries for form in [*entry.synonyms, *entry.acronyms]
)
ZH_FORMS = sorted((entry.key, form) for entry in TAX.entries for form in entry.zh)
# the generated singular / plural and spelling variants (canonical: spaces, lower case)
VARIANTS = sorted(
    (hit.key, phrase) for phrase, hits in TAX.compiled().table.items() for hit in hits
)

TEMPLATES = [
    "The plan supports {} and related work.",
    "{} will get more funding next year.",
    "Officials said that {}, among others, will grow.",
    "By 2030 the city aims to lead in {}.",
    "Key tasks: {}; talent; finance.",
    "(1) Develop {} with partners.",
    "The province will \u201c{}\u201d as a priority.",
]
ZH_TEMPLATES = ["我们将发展{}。", "重点布局{}，加快突破。", "推动{}产业集群"]

# prefixes of neutral words: they can form no direction term and end their own paragraph
PREFIXES = st.text(alphabet="xyz .,", max_size=40).map(lambda s: s + ".\n\n")


def keys_at(directions: list[Direction], start: int, end: int) -> set[str]:
    return {d.key for d in directions for m in d.mentions if (m.start, m.end) == (start, end)}


def check_found(key: str, form: str, template: str) -> None:
    text = template.format(form)
    start = text.index(form)
    directions = find_directions_in_text(text)
    assert key in keys_at(directions, start, start + len(form)), (text, directions)


@given(st.sampled_from(FORMS), st.sampled_from(TEMPLATES))
def test_every_form_is_found_with_its_key_and_span(pair: tuple[str, str], template: str) -> None:
    key, form = pair
    check_found(key, form, template)


@given(st.sampled_from(VARIANTS), st.sampled_from(TEMPLATES))
def test_generated_variants_are_found(pair: tuple[str, str], template: str) -> None:
    key, form = pair
    check_found(key, form, template)


@given(st.sampled_from(ZH_FORMS), st.sampled_from(ZH_TEMPLATES))
def test_chinese_forms_are_found(pair: tuple[str, str], template: str) -> None:
    key, form = pair
    text = template.format(form)
    directions = find_directions_in_text(text)
    assert key in {d.key for d in directions for m in d.mentions if m.text == form}


@given(st.sampled_from(FORMS), st.sampled_from(TEMPLATES), PREFIXES)
def test_prefix_shifts_every_span(pair: tuple[str, str], template: str, prefix: str) -> None:
    text = template.format(pair[1])
    plain = find_directions_in_text(text)
    shifted = find_directions_in_text(prefix + text)
    assert [d.key for d in shifted] == [d.key for d in plain]
    for a, b in zip(plain, shifted, strict=True):
        assert [m.shifted(len(prefix)) for m in a.mentions] == b.mentions


@given(st.text(max_size=300))
def test_never_raises_and_spans_slice_back(text: str) -> None:
    for d in find_directions_in_text(text):
        assert d.key in TAX
        assert d.mentions
        for m in d.mentions:
            assert text[m.start : m.end] == m.text


@given(st.lists(st.sampled_from(FORMS), min_size=1, max_size=6), st.sampled_from([", ", "; "]))
def test_lists_of_forms_find_every_key(pairs: list[tuple[str, str]], sep: str) -> None:
    text = "The plan covers " + sep.join(form for _, form in pairs) + "."
    found = {d.key for d in find_directions_in_text(text)}
    # a form may be swallowed by a longer neighbour only across the separator, which the
    # separator prevents: every key is found
    assert {key for key, _ in pairs} <= found, text
