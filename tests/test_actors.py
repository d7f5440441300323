"""Unit tests of the actor extractor: gazetteers, shapes, people, exclusions, issuer_for."""

from __future__ import annotations

from pathlib import Path

import pytest

import futureind
from futureind._actor_data import GazetteerFile, TrieMatcher, actor_data
from futureind._people import family_name
from futureind.actors import ActorResult, find_actors, issuer_for
from futureind.document import Document
from futureind.errors import VocabularyError
from futureind.models import Actor
from futureind.taxonomy import Taxonomy
from futureind.text import segment
from futureind.vocab import load_toml
from tests.property.test_extract import assert_spans_slice_back


def doc_of(text: str) -> Document:
    doc = Document(text, "en", None, False, segment(text), Taxonomy.default())
    found = find_actors(doc)
    doc.actors, doc.organization_spans = found.actors, found.organization_spans
    return doc


def actors(text: str) -> dict[str, Actor]:
    return {a.name: a for a in doc_of(text).actors}


# --------------------------------------------------------------------------- gazetteers
def test_countries_come_from_pycountry_with_the_names_texts_use() -> None:
    found = actors("Mongolia, Peru, Viet Nam and the Republic of Korea signed with Iran.")
    assert {"Mongolia", "Peru", "Vietnam", "South Korea", "Iran"} <= set(found)
    assert all(a.kind == "jurisdiction" for a in found.values())
    # ISO's inverted names are no aliases
    assert "Korea, Republic of" not in found["South Korea"].aliases


def test_every_chinese_province_level_division_is_known() -> None:
    names = {
        e.name
        for e in actor_data().entities
        if e.type in ("province", "municipality", "region", "sar")
    }
    assert len({"Beijing", "Tianjin", "Shanghai", "Chongqing", "Hong Kong", "Macao"} & names) == 6
    provinces = [
        e
        for e in actor_data().entities
        if e.type == "province"
        and e.name
        in {
            "Hebei",
            "Shanxi",
            "Liaoning",
            "Jilin",
            "Heilongjiang",
            "Jiangsu",
            "Zhejiang",
            "Anhui",
            "Fujian",
            "Jiangxi",
            "Shandong",
            "Henan",
            "Hubei",
            "Hunan",
            "Guangdong",
            "Hainan",
            "Sichuan",
            "Guizhou",
            "Yunnan",
            "Shaanxi",
            "Gansu",
            "Qinghai",
            "Taiwan",
        }
    ]
    regions = [e for e in actor_data().entities if e.type == "region"]
    assert len(provinces) == 23
    assert {r.name for r in regions} == {
        "Inner Mongolia",
        "Guangxi",
        "Tibet",
        "Ningxia",
        "Xinjiang",
    }


def test_abbreviations_are_case_sensitive_and_merge_with_the_full_name() -> None:
    found = actors("The Ministry of Science and Technology said MOST will fund most projects.")
    most = found["Ministry of Science and Technology"]
    assert [m.text for m in most.mentions] == ["Ministry of Science and Technology", "MOST"]
    assert "MOST" in most.aliases


def test_acronyms_in_an_upper_case_headline_are_not_read() -> None:
    assert actors("THE MOST ADVANCED LABS WILL OPEN AS CAS RESEARCHERS WATCH") == {}


def test_chinese_names() -> None:
    found = actors("工业和信息化部等七部门联合印发实施意见，上海市和合肥高新区积极响应。")
    assert (
        found["Ministry of Industry and Information Technology"].mentions[0].text
        == "工业和信息化部"
    )
    assert "Shanghai" in found
    assert found["Hefei National High-tech Industry Development Zone"].kind == "jurisdiction"


def test_trie_matcher_is_longest_first_and_respects_case() -> None:
    m = TrieMatcher({"China": 1, "China Daily": 2, "CAS": 3}, sensitive=["CAS"])
    text = "China Daily and China; cas and CAS."
    assert [(text[x.start : x.end], x.value) for x in m.finditer(text)] == [
        ("China Daily", 2),
        ("China", 1),
        ("CAS", 3),
    ]


def test_a_bad_gazetteer_file_names_file_entry_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "places.toml"
    bad.write_text(
        'kind = "jurisdiction"\n[[entry]]\nname = "X"\ntype = "galaxy"\n', encoding="utf-8"
    )
    with pytest.raises(VocabularyError) as info:
        load_toml(bad, GazetteerFile)
    message = str(info.value)
    assert "places.toml" in message
    assert "entry[0]" in message
    assert "type" in message


# --------------------------------------------------------------------------- shapes and nesting
def test_organization_spans_cover_organisations_not_places() -> None:
    text = "Researchers at the Key Laboratory of Quantum Sensing of the Chinese Academy of Sciences and in Anhui agree."
    doc = doc_of(text)
    spans = {text[s:e] for s, e in doc.organization_spans}
    assert "Key Laboratory of Quantum Sensing of the Chinese Academy of Sciences" in spans
    assert "Chinese Academy of Sciences" in spans
    assert "Anhui" not in spans
    assert doc.inside_organization(text.index("Quantum"), text.index("Quantum") + 7)


def test_a_place_inside_a_name_is_no_actor_but_the_name_is() -> None:
    found = actors("Nanjing University of Aeronautics and the Suzhou Industrial Park cooperate.")
    assert set(found) == {"Nanjing University of Aeronautics", "Suzhou Industrial Park"}


def test_a_planned_name_is_no_actor() -> None:
    assert actors('Shenzhen will build a "Global Robotics Center" by 2030.').keys() == {"Shenzhen"}


# --------------------------------------------------------------------------- people
def test_several_roles_with_organisations_resolved_to_actor_names() -> None:
    found = actors(
        "Tang Lin, deputy to the NPC and deputy director of the Institute of Physics of the "
        "Chinese Academy of Sciences, expects the field to grow."
    )
    person = found["Tang Lin"]
    assert [(r.title, r.organization) for r in person.roles] == [
        ("deputy", "National People's Congress"),
        ("deputy director", "Institute of Physics of the Chinese Academy of Sciences"),
    ]
    assert {"National People's Congress", "Chinese Academy of Sciences"} <= set(found)


def test_a_short_later_mention_goes_to_the_nearest_person_of_that_family() -> None:
    found = actors(
        "Zhang Qiao, deputy mayor of Suzhou, spoke first. Zhang Yi, director of Nanhai "
        "University, spoke next. Zhang said costs fall."
    )
    assert [m.text for m in found["Zhang Yi"].mentions] == ["Zhang Yi", "Zhang"]
    assert [m.text for m in found["Zhang Qiao"].mentions] == ["Zhang Qiao"]
    assert family_name("Zhang Yi") == "Zhang"


def test_journalists_in_bylines_and_photo_credits_are_no_actors() -> None:
    text = (
        "By Wang Fei\nPhoto by Li Ming / Xinhua\n"
        "China News Service, Beijing, May 2 (Sun Yu) Li Qiang, Premier of the State Council, spoke."
    )
    found = actors(text)
    assert "Wang Fei" not in found
    assert "Li Ming" not in found
    assert "Sun Yu" not in found
    assert "Beijing" not in found
    assert "Xinhua News Agency" not in found
    assert found["Li Qiang"].roles[0].title == "Premier"


def test_generic_groups_are_no_actors() -> None:
    assert actors("Local governments, enterprises and universities will work together.") == {}


# --------------------------------------------------------------------------- issuer_for
def issuer(text: str, part: str) -> str | None:
    doc = doc_of(text)
    start = text.index(part)
    return issuer_for(doc, start, start + len(part))


def test_issuer_is_the_subject_of_the_clause() -> None:
    text = (
        "Jiangsu has proposed that output will exceed 700 billion yuan by 2030; Anhui aims for 12%."
    )
    assert issuer(text, "700 billion yuan") == "Jiangsu"
    assert issuer(text, "12%") == "Anhui"


def test_issuer_is_the_agent_of_a_release() -> None:
    text = "Breakthroughs are expected by 2026, as set out in the guideline issued by the Ministry of Industry and Information Technology."
    assert issuer(text, "Breakthroughs") == "Ministry of Industry and Information Technology"


def test_issuer_follows_the_city_and_the_president() -> None:
    text = "Shenzhen unveiled a plan. The city will build 20 parks. President Trump spoke. The President's budget doubles AI funding."
    assert issuer(text, "20 parks") == "Shenzhen"
    assert issuer(text, "doubles AI funding") == "Trump"


def test_places_after_a_preposition_are_no_subject() -> None:
    text = "Zhejiang released guidelines.\n\nThe sites will take up 250 square kilometers in the districts of Futian, Longhua and Pingshan, officials said."
    assert issuer(text, "250 square kilometers") == "Zhejiang"


def test_issuer_falls_back_to_the_main_actor_of_the_headline() -> None:
    text = (
        "Hefei High-tech Zone to build quantum center\n\nMore than 60 firms will be listed by 2035."
    )
    assert issuer(text, "60 firms") == "Hefei National High-tech Industry Development Zone"


def test_no_issuer_without_actors() -> None:
    assert issuer("Output will double by 2030.", "double") is None


def test_empty_text_gives_nothing() -> None:
    doc = Document("", "en", None, False, [], Taxonomy.default())
    assert find_actors(doc) == ActorResult()
    assert issuer_for(doc, 0, 0) is None


# --------------------------------------------------------------------------- fast paths
def test_separator_chars_agree_with_regex() -> None:
    """The gazetteer walk's ``re`` token and gap classes are ``regex``'s separators."""
    import re

    import regex

    from futureind._actor_data import SEPARATOR_CHARS

    ours = re.compile(f"[{SEPARATOR_CHARS}]")
    theirs = regex.compile(r"[\s\-\u2010-\u2015]")
    differ = [c for c in range(0x110000) if bool(ours.match(chr(c))) != bool(theirs.match(chr(c)))]
    assert differ == []


def test_word_starts_prefilter_gives_the_same_matches() -> None:
    """A pattern tried only where its words stand finds what a full scan finds."""
    import regex

    from futureind._actor_data import WordStarts

    words = ["Premier", "Vice Premier", "said", "pointed out"]
    starts = WordStarts(words)
    text = (
        "Vice Premier Ding Xuexiang and Premier Li Qiang met. Xi Premier Wang; éPremier Zhao,\n"
        "Zhang Qiao pointed\nout that; said Wu Jincheng. Li Wen said, and Mr. Ma said so.\n"
    )
    title = regex.compile(r"\b(?:Premier|Vice[\s\-]{1,3}Premier) (?P<n>\p{Lu}\p{Ll}+)")
    assert [m.span() for m in starts.finditer(title, text)] == [
        m.span() for m in title.finditer(text)
    ]
    # one scan for two word lists: each list's hits told apart from the shared ones
    shared = WordStarts([*words, "Mr.", "Li"])
    for part in (starts, WordStarts(["Li", "said"]), WordStarts(["Mr."]), WordStarts([])):
        assert part.among(text, shared.hits(text)) == part.hits(text)
    after = regex.compile(r"\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)? (?:said|pointed[\s\-]{1,3}out)\b")
    reach = len("pointed out") + 2 + 1  # the longest word, its separator up to 3, and \b
    assert [m.span() for m in starts.finditer_before(after, reach, text)] == [
        m.span() for m in after.finditer(text)
    ]


def test_cue_windows_pre_filtered_by_leading_words_find_what_a_full_scan_finds() -> None:
    """The head words and list cues are looked for only where a word they start with
    stands: the same matches as a full scan, and no pre-filter where one cannot be told."""
    import regex

    from futureind._actor_data import WordStarts, _compile, expand, leading_words

    data = actor_data()
    text = (
        "The Beijing Municipal Commission of Science and xUniversity, Co., Ltd. and Hi-tech Zone;"
        " éCenter, Lingnan Provincial People’s Congress, the General office of the State Council"
        "\nHigh tech park, Economic-Technological Development Area; Zones, zones and 2Districts. "
        "Research  Institute of Tsinghua University; a tech\u00a0zone of the Research Academy."
        " On Monday Peking University and May Fourth Institute; in March Lingnan Province."
    )
    cues = [data.head_finder, *(cue for _rule, _pattern, cue in data.lists)]
    for cue in cues:
        starts = WordStarts(leading_words(cue) or ())
        for pos in range(0, len(text), 7):
            assert [m.span() for m in starts.finditer(cue, text, pos)] == [
                m.span() for m in cue.finditer(text, pos)
            ]
    assert leading_words(data.head_finder) is not None
    # the shape pattern looks ahead for those words before its heads and its months: the
    # same matches
    fragments = {
        **data.fragments,
        "heads": data.head_finder.pattern[2:],
        "month": data.rules.fragments["month"],
    }
    assert data.fragments["heads"].startswith("(?=")
    assert data.fragments["month"].startswith("(?=")
    unguarded = _compile(expand(data.rules.shape.pattern, fragments, "shape"), "shape")
    for pos in range(0, len(text), 5):
        assert [m.groupdict() for m in data.shape.finditer(text, pos)] == [
            m.groupdict() for m in unguarded.finditer(text, pos)
        ]
    for source in (
        r"\b(?i:state) council",
        r"\b(?i)state",
        r"\b\p{Lu}\w+",
        r"a?b",
        r"\b(?:x{e<=1})",
        r"\b[[:alpha:]]",
    ):
        assert leading_words(regex.compile(source)) is None
    assert leading_words(regex.compile("(?i)\\bstate")) is None
    assert leading_words(regex.compile(r"\ba?b")) == ["ab", "b"]
    assert leading_words(regex.compile(r"\b(?:Co(?i:mpany)|Ltd\.)")) == ["Co", "Ltd"]


def test_speech_after_searched_only_after_a_name_finds_what_a_full_scan_finds() -> None:
    """Names before a verb of speaking are searched for only before the verbs that
    ``speech_lead`` says have a name (and an adverb) just before them."""
    from futureind._people import _compiled

    comp = _compiled()
    text = (
        "Li Wen said. Zhang Qiao has said; Xu Kun also\u00a0pointed out that, said Wu Jincheng."
        "\nthe minister said\nMa  Li-Na further stressed; Anne van der Berg said so; Wang\nsaid."
        " Zhou Jun, who said, and Mr. Ma said it; Lin Tao has also said; LI WEN said; Liu said"
    )
    hits = comp.speech_starts.hits(text)
    assert hits is not None
    lead_hits = [i for i in hits if comp.speech_lead.search(text, 0, i)]
    assert len(lead_hits) < len(hits)
    found = comp.speech_starts.finditer_before(
        comp.speech_after, comp.speech_reach, text, 0, len(text), lead_hits
    )
    expected = [m.span() for m in comp.speech_after.finditer(text)]
    assert [m.span() for m in found] == expected
    assert len(expected) >= 5


def test_reverse_compiled_filters_answer_like_forward_ones() -> None:
    """``venue_before``, ``planned``, ``speech_lead`` and the issuer's ``agent`` and
    ``not_subject`` search in reverse: whether they match before a position is what a
    forward search says."""
    import regex

    from futureind._people import _compiled
    from futureind.actors import _issuer_rules

    data = actor_data()
    _anaphor, _types, not_subject, agent, _release = _issuer_rules()
    text = (
        'A forum was held in Beijing. The ceremony at the Shanghai venue; plans to build a "World '
        'Quantum Center" and to establish the new Anhui Lab. Meeting in\tthe Hefei hall. Developing '
        "several\n named places, a summit convened at  the Great Hall of the People in Beijing."
        " Issued by the Ministry; according to  Li Wen said, in, Shanghai and Xu Kun also said;"
        " BY THE Council, Within Hefei, released by\tthe Office; Zhang  Qiao-Lin has pointed out"
    )
    for pattern, reach in (
        (data.venue_before, 90),
        (data.planned, 60),
        (_compiled().speech_lead, 200),
        (agent, 30),
        (not_subject, 40),
    ):
        assert pattern.flags & regex.REVERSE
        forward = regex.compile(pattern.pattern, pattern.flags & ~regex.REVERSE)
        for end in range(len(text) + 1):
            start = max(0, end - reach)
            assert bool(pattern.search(text, start, end)) == bool(forward.search(text, start, end))
            window = text[start:end]
            assert bool(pattern.search(window)) == bool(forward.search(window))


def test_lower_case_phrase_starts_agree_with_their_pattern() -> None:
    """Where a phrase written in lower case may start: the plain finder's hits with the
    left boundary checked by hand are where the compiled pattern says."""
    import random

    from futureind._actor_data import actor_data

    pieces = ["the", "The", "é", "1", "_", " ", "\n", "national", "state", "ª", "Ⅻ", "²", "-"]
    rnd = random.Random(0)
    texts = ["".join(rnd.choice(pieces) for _ in range(120)) for _ in range(300)]
    matcher = actor_data().phrases
    assert matcher.lower_starts is not None
    assert matcher.lower_finder.plain
    for text in texts:
        for pos in (0, 1, 3):
            want = [
                m.start()
                for m in matcher.lower_finder.finditer(matcher.lower_starts, text, pos, len(text))
            ]
            assert matcher._lower_starts(matcher.lower_starts, text, pos, len(text)) == want


def test_speech_after_searched_per_line_finds_what_a_full_scan_finds() -> None:
    """Speech after a name ("Zhang Qiao pointed out") is searched only on lines with a verb
    of speaking, each up to its last verb (and that verb's reach): it finds what a scan of
    the whole text finds."""
    import random

    from futureind._people import _compiled

    comp = _compiled()
    pieces = [
        "Zhang Wei", " said", " says", " pointed out", " pointed\nout", ",", ".", "\n", " ",
        "Li", " has", " also", "Mr", "Ma Yun said", "saidx", "-", "’s", "  ", "\t", "Wang-Li",
        "Anna B. van der Berg", " called for", " put  forward",
    ]  # fmt: skip
    rnd = random.Random(1)
    found = 0
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(60))
        for pos in (0, 2):
            want = [m.span() for m in comp.speech_after.finditer(text, pos, len(text))]
            got = comp.speech_starts.finditer_before(
                comp.speech_after, comp.speech_reach, text, pos, len(text)
            )
            assert [m.span() for m in got] == want
            found += len(want)
    assert found > 100


@pytest.mark.parametrize(
    "text",
    [
        "Li Wenhua, deputy mayor of Shenzhen, said the plan works. Later Li-Wenhua spoke.",
        "Li Wenhua, deputy mayor of Shenzhen, said so. Later Li\nWenhua spoke.",
        "The Hefei High-tech Zone (Hefei HTZ) grew, and Hefei-HTZ grew again.",
    ],
)
def test_repeated_name_with_other_separators_is_the_same_actor(text: str) -> None:
    # the repeat patterns allow any separator between words; the lookup must too (this
    # raised KeyError before)
    report = futureind.extract(text)
    names = [a.name for a in report.actors]
    assert len(names) == len(set(names))
    assert_spans_slice_back(text, report)


def test_a_work_report_is_issued_by_the_province_not_the_congress_that_hears_it() -> None:
    text = (
        "Delivered at the Third Session of the 14th Anling Provincial People's Congress on "
        "January 20, 2026 by Wu Hao, Governor of Anling Province\n\n"
        "By 2027, we will cultivate 30 leading enterprises."
    )
    report = futureind.extract(text)
    assert [t.issuer for t in report.targets] == ["Anling Province"]
    assert "Anling Provincial People's Congress" in [a.name for a in report.actors]


def test_a_name_after_including_the_or_of_the_is_no_subject() -> None:
    text = (
        "The United Kingdom will invest more in biology. Of this, £100 million will fund six "
        "new hubs, led by universities including the University of Leeds."
    )
    assert [t.issuer for t in futureind.extract(text).targets] == ["United Kingdom"]
