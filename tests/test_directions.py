"""Directions: the taxonomy as data (loading, user extension, bad files) and the extractor
(guards, coordination, field lists, organisation names, order, pickling)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import futureind
from futureind import VocabularyError
from futureind.corpus import load_corpus
from futureind.directions import directions_in, find_directions, find_directions_in_text
from futureind.document import Document
from futureind.models import Span
from futureind.strategies import NamedStrategy
from futureind.taxonomy import DirectionEntry, Taxonomy, TaxonomyFile
from futureind.text import segment

# The keys of SPEC section 3, in the order of its table.
SPEC_KEYS = [
    "manufacturing",
    "manufacturing.intelligent",
    "manufacturing.biomanufacturing",
    "manufacturing.nanomanufacturing",
    "manufacturing.laser",
    "manufacturing.circular",
    "manufacturing.additive",
    "manufacturing.robotics",
    "manufacturing.humanoid_robots",
    "information",
    "information.communications",
    "information.satellite_internet",
    "information.quantum",
    "information.ai",
    "information.brain_inspired",
    "information.computing",
    "information.semiconductors",
    "information.blockchain",
    "information.big_data",
    "information.cybersecurity",
    "information.metaverse",
    "information.intelligent_vehicles",
    "materials",
    "materials.advanced",
    "materials.superconducting",
    "materials.nano_2d",
    "materials.critical_raw",
    "energy",
    "energy.nuclear_fusion",
    "energy.nuclear",
    "energy.hydrogen",
    "energy.storage",
    "energy.solar",
    "energy.wind",
    "energy.biomass",
    "energy.clean",
    "energy.green_transport",
    "space",
    "space.aerospace",
    "space.low_altitude",
    "space.deep_sea",
    "space.deep_earth",
    "health",
    "health.biotech",
    "health.cell_gene",
    "health.synthetic_biology",
    "health.bio_breeding",
    "health.digital_medicine",
    "health.brain_science",
    "health.medical_devices",
]


def keys_of(text: str, taxonomy: Taxonomy | None = None) -> list[str]:
    return [d.key for d in find_directions_in_text(text, taxonomy)]


def mentions_of(text: str, key: str) -> list[str]:
    for d in find_directions_in_text(text):
        if d.key == key:
            return [m.text for m in d.mentions]
    return []


def make_doc(text: str, taxonomy: Taxonomy | None = None) -> Document:
    return Document(text, "en", None, False, segment(text), taxonomy or Taxonomy.default())


# --------------------------------------------------------------------------- taxonomy data
def test_default_taxonomy_has_the_spec_keys_in_order() -> None:
    assert Taxonomy.default().keys == SPEC_KEYS


def test_labels_parents_and_chinese_labels() -> None:
    tax = Taxonomy.default()
    for entry in tax.entries:
        assert tax.label(entry.key)
        assert entry.label_zh, entry.key
        assert entry.zh, f"{entry.key} has no Chinese surface form"
        parent = tax.parent(entry.key)
        if "." in entry.key:
            assert parent == entry.key.split(".")[0]
            assert parent in tax
        else:
            assert parent is None
    assert tax.label("information.quantum") == "Quantum information"
    assert tax.entry("information.quantum").label_zh == "量子信息"


def test_every_key_has_many_surface_forms() -> None:
    for entry in Taxonomy.default().entries:
        forms = entry.synonyms + entry.acronyms
        assert len(forms) >= 3, entry.key


def test_unknown_key_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="no direction key 'nope'"):
        Taxonomy.default().label("nope")


def test_default_is_shared_and_compiled_once() -> None:
    tax = Taxonomy.default()
    assert Taxonomy.default() is tax
    assert tax.compiled() is tax.compiled()


def test_taxonomy_pickles_without_its_compiled_matchers() -> None:
    tax = Taxonomy.default()
    tax.compiled()
    clone = pickle.loads(pickle.dumps(tax))
    assert clone._compiled is None
    assert clone.keys == tax.keys
    assert keys_of("Quantum sensing and 6G.", clone) == [
        "information.communications",
        "information.quantum",
    ]


# --------------------------------------------------------------------------- user files
USER_FILE = """
[[direction]]
key = "information.photonics"
label = "Photonics"
synonyms = ["silicon photonics", "photonic chips"]
acronyms = ["PIC"]

[[direction]]
key = "health.medical_devices"
synonyms = ["rehabilitation exoskeletons"]

[[direction]]
key = "oceans"
label = "Future oceans"
synonyms = ["blue economy"]
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_keys_and_synonyms(tmp_path: Path) -> None:
    tax = Taxonomy.from_toml(write(tmp_path, USER_FILE))
    assert "information.photonics" in tax.keys
    # a new leaf goes after its top-level key's other leaves, a new top-level key at the end
    assert (
        tax.keys.index("information.photonics")
        == tax.keys.index("information.intelligent_vehicles") + 1
    )
    assert tax.keys[-1] == "oceans"
    assert tax.parent("information.photonics") == "information"
    assert "medical devices" in tax.entry("health.medical_devices").synonyms
    assert "rehabilitation exoskeletons" in tax.entry("health.medical_devices").synonyms
    text = "Silicon photonics, PIC design, rehabilitation exoskeletons and the blue economy."
    assert keys_of(text, tax) == ["information.photonics", "health.medical_devices", "oceans"]
    assert keys_of(text) == []
    # the default taxonomy is not changed by merging
    assert "information.photonics" not in Taxonomy.default()


def test_extract_takes_a_taxonomy_or_a_path(tmp_path: Path) -> None:
    path = write(tmp_path, USER_FILE)
    text = "The province will build a silicon photonics pilot line."
    by_path = futureind.extract(text, taxonomy=path)
    by_str = futureind.extract(text, taxonomy=str(path))
    by_object = futureind.extract(text, taxonomy=Taxonomy.from_toml(path))
    assert [d.key for d in by_path.directions] == ["information.photonics"]
    assert by_path.directions == by_str.directions == by_object.directions


def test_merge_of_a_taxonomy_and_of_a_file() -> None:
    extra = TaxonomyFile(direction=[DirectionEntry(key="energy.wind", synonyms=["windmills"])])
    merged = Taxonomy.default().merge(extra)
    assert keys_of("Windmills turn.", merged) == ["energy.wind"]
    other = Taxonomy.from_file(
        TaxonomyFile(direction=[DirectionEntry(key="health", label="Health", synonyms=["spa"])])
    )
    merged2 = Taxonomy.default().merge(other)
    assert merged2.label("health") == "Health"
    assert keys_of("A spa opens.", merged2) == ["health"]


def test_a_file_alone_with_extend_false(tmp_path: Path) -> None:
    path = write(tmp_path, '[[direction]]\nkey = "x"\nlabel = "X"\nsynonyms = ["xylophones"]\n')
    tax = Taxonomy.from_toml(path, extend=False)
    assert tax.keys == ["x"]
    assert keys_of("Xylophones and quantum computing.", tax) == ["x"]


@pytest.mark.parametrize(
    ("content", "entry", "field"),
    [
        (
            '[[direction]]\nkey = "information.photonics"\nsynonyms = ["photonics"]\n',
            "direction[0] (key='information.photonics')",
            "label",
        ),
        ('[[direction]]\nkey = "Not A Key"\nlabel = "Oops"\n', "direction[0]", "key"),
        (
            '[[direction]]\nkey = "energy.wind"\nsynonyms = "wind power"\n',
            "direction[0]",
            "synonyms",
        ),
        ('[[direction]]\nkey = "energy.wind"\ncolour = "blue"\n', "direction[0]", "colour"),
        (
            '[[direction]]\nkey = "energy.wind"\nsynonyms = ["ok", " padded"]\n',
            "direction[0]",
            "synonyms",
        ),
        (
            '[[direction]]\nkey = "oceans.deep"\nlabel = "Deep"\n',
            "direction[0] (key='oceans.deep')",
            "key",
        ),
    ],
)
def test_bad_user_files_name_file_entry_and_field(
    tmp_path: Path, content: str, entry: str, field: str
) -> None:
    path = write(tmp_path, content, "bad.toml")
    with pytest.raises(VocabularyError) as info:
        Taxonomy.from_toml(path)
    message = str(info.value)
    assert "bad.toml" in message
    assert entry in message
    assert info.value.field == field, message


def test_parent_that_contradicts_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[[direction]]\nkey = "energy.x"\nlabel = "X"\nparent = "space"\n')
    with pytest.raises(VocabularyError, match=r"mine\.toml, entry direction\[0\]"):
        Taxonomy.from_toml(path)


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="not valid TOML"):
        Taxonomy.from_toml(write(tmp_path, "[[direction]\nkey = 1"))
    with pytest.raises(VocabularyError, match="cannot read"):
        Taxonomy.from_toml(tmp_path / "absent.toml")


def test_duplicate_key_in_a_whole_taxonomy(tmp_path: Path) -> None:
    text = '[[direction]]\nkey = "x"\nlabel = "X"\n[[direction]]\nkey = "x"\nlabel = "Y"\n'
    with pytest.raises(VocabularyError, match="duplicate key") as info:
        Taxonomy.from_toml(write(tmp_path, text), extend=False)
    assert info.value.field == "key"


# --------------------------------------------------------------------------- extraction
def test_one_direction_per_key_in_taxonomy_order_with_every_mention() -> None:
    text = "Quantum computing first. Then hydrogen energy, and again quantum sensing."
    directions = find_directions_in_text(text)
    assert [d.key for d in directions] == ["information.quantum", "energy.hydrogen"]
    quantum = directions[0]
    assert quantum.label == "Quantum information"
    assert quantum.parent == "information"
    assert [m.text for m in quantum.mentions] == ["Quantum computing", "quantum sensing"]
    for d in directions:
        for m in d.mentions:
            assert text[m.start : m.end] == m.text
            assert m.rule == f"{d.key}/synonym"


def test_output_is_deterministic() -> None:
    text = "AI, 6G, hydrogen, biomanufacturing, drones and satellites; AI again."
    first = find_directions_in_text(text)
    assert all(find_directions_in_text(text) == first for _ in range(3))


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("AI will spread; AI-driven design and AI Plus pilots follow.", ["information.ai"]),
        ("Ai Weiwei met the minister; the word 'ai' means love.", []),
        ("Exports took a quantum leap.", []),
        ("Quantum leaps aside, quantum sensing matured.", ["information.quantum"]),
        ("The hydrogen bomb is history; hydrogen energy is not.", ["energy.hydrogen"]),
        ("Blue-chip firms bought chips.", ["information.semiconductors"]),
        ("A network of suppliers; a 6G network.", ["information.communications"]),
        ("There is market space and development space for firms.", []),
        ("Outer space and space technology draw investors.", ["space.aerospace"]),
        ("The fusion of AI and industry deepens.", ["information.ai"]),
        ("Nuclear fusion and fusion energy are far off.", ["energy.nuclear_fusion"]),
        ("Solar eclipse watchers met solar panel makers.", ["energy.solar"]),
        ("The strategic emerging industries and the digital economy grow.", []),
    ],
)
def test_guards(text: str, keys: list[str]) -> None:
    assert keys_of(text) == keys


@pytest.mark.parametrize(
    ("text", "key", "mentions"),
    [
        ("Cell and gene technology matters.", "health.cell_gene", ["Cell and gene technology"]),
        (
            "Cell and gene therapies will be trialled.",
            "health.cell_gene",
            ["Cell and gene therapies"],
        ),
        (
            "Quantum computing and communication.",
            "information.quantum",
            ["Quantum computing", "communication"],
        ),
        (
            "Quantum computing, communication and sensing.",
            "information.quantum",
            ["Quantum computing", "communication", "sensing"],
        ),
        (
            "Virtual and augmented reality headsets.",
            "information.metaverse",
            ["Virtual", "augmented reality"],
        ),
        (
            "Brain-computer and brain-machine interfaces.",
            "health.brain_science",
            ["Brain-computer", "brain-machine interfaces"],
        ),
        ("Advanced materials and computing.", "information.computing", ["computing"]),
    ],
)
def test_coordination_expansion(text: str, key: str, mentions: list[str]) -> None:
    found = {d.key: d for d in find_directions_in_text(text)}
    assert [m.text for m in found[key].mentions] == mentions
    assert all(m.rule is not None for m in found[key].mentions)


def test_coordinated_full_terms_each_give_their_key() -> None:
    assert keys_of("Hydrogen and energy storage.") == ["energy.hydrogen", "energy.storage"]
    assert keys_of("The deep sea, aerospace and polar regions.") == [
        "space.aerospace",
        "space.deep_sea",
    ]
    assert keys_of("Solar and wind power.") == ["energy.solar", "energy.wind"]
    # "new energy" is a term of its own: "new energy and energy storage" gives no extra span
    assert mentions_of("New energy and energy storage.", "energy.storage") == ["energy storage"]


def test_contextual_terms_count_only_in_lists() -> None:
    listed = (
        "Items on the list: nuclear energy, space and propulsion, cyber security, advanced sensing."
    )
    assert "space.aerospace" in keys_of(listed)
    assert "space.aerospace" not in keys_of("They need more space.")
    assert keys_of("Solar, wind and hydropower plants.") == [
        "energy.solar",
        "energy.wind",
        "energy.clean",
    ]
    assert keys_of("The wind was strong.") == []
    # a contextual term must be a whole item: "bio" in "bio-based" is not
    assert keys_of("The park makes bio-based plastics and new energy parts.") == ["energy.clean"]
    assert keys_of("Approved: hydrogen, nuclear and wind projects.") == [
        "energy.nuclear",
        "energy.hydrogen",
        "energy.wind",
    ]


def test_field_lists_give_top_level_keys() -> None:
    six = (
        "The guideline names six priority fields: health, space, energy, materials, "
        "information and manufacturing."
    )
    assert keys_of(six) == [
        "manufacturing",
        "information",
        "materials",
        "energy",
        "space",
        "health",
    ]
    two = "Roughly half of them belong to the information and health fields."
    assert keys_of(two) == ["information", "health"]
    # one bare field name in a list of technologies is not a field list
    one = "Projects include cybersecurity, hydrogen, manufacturing and advanced robots."
    assert "manufacturing" not in keys_of(one)
    # two bare field names without a field noun are not either
    assert keys_of("Energy prices and health costs rose.") == []
    # "industries" / "sectors" are not field nouns: these are traditional industries
    assert keys_of("Output of the energy and manufacturing industries rose.") == []
    rule = find_directions_in_text(six)[0].mentions[0].rule
    assert rule == "manufacturing/field_list"


def test_chinese_forms() -> None:
    assert keys_of("加快发展量子信息和人形机器人，布局未来制造。") == [
        "manufacturing",
        "manufacturing.humanoid_robots",
        "information.quantum",
    ]


# --------------------------------------------------------------------------- names
def test_local_guard_skips_organisation_names() -> None:
    text = (
        "The deputy head of the Provincial Key Laboratory of Quantum Information and the head of "
        "the Metaverse Research Institute of Ganjiang University spoke at Beijing University of "
        "Posts and Telecommunications."
    )
    assert keys_of(text) == []


def test_names_of_plans_zones_and_initiatives_are_mentions() -> None:
    text = "An AI Plus initiative and a 6G Future Industry Pilot Zone were announced."
    assert keys_of(text) == ["information.communications", "information.ai"]


def test_lower_case_descriptions_are_mentions() -> None:
    text = "Washington funded a quantum research center as well as an artificial intelligence institute."
    assert keys_of(text) == ["information.quantum", "information.ai"]


def test_organization_spans_from_the_actors_stage() -> None:
    text = "Hydrogen Ventures backs solid-state batteries; Quantum Motion builds qubits."
    doc = make_doc(text)
    assert [d.key for d in find_directions(doc)] == [
        "information.quantum",
        "energy.hydrogen",
        "energy.storage",
    ]
    doc.organization_spans = [(0, 17), (47, 61)]
    assert [d.key for d in find_directions(doc)] == ["energy.storage"]


def test_organization_span_that_is_a_zone_keeps_its_terms() -> None:
    text = "The Hefei Quantum Industry Zone opened."
    doc = make_doc(text)
    doc.organization_spans = [(4, 31)]
    assert [d.key for d in find_directions(doc)] == ["information.quantum"]


def test_named_strategies_keep_their_terms() -> None:
    text = "The Quantum Computing Research Center Act was passed."
    assert keys_of(text) == []  # looks like an organisation's name ...
    doc = make_doc(text)
    name = "Quantum Computing Research Center Act"
    doc.named = [NamedStrategy(name, Span.of(text, 4, 4 + len(name)), None, None)]
    assert [d.key for d in find_directions(doc)] == ["information.quantum"]  # ... but is a plan


# --------------------------------------------------------------------------- helpers
def test_directions_in_a_range() -> None:
    text = "Quantum first. Then hydrogen and drones."
    doc = make_doc(text)
    doc.directions = find_directions(doc)
    assert directions_in(doc, 0, 14) == ["information.quantum"]
    assert directions_in(doc, 15, len(text)) == ["energy.hydrogen", "space.low_altitude"]
    assert directions_in(doc, 0, 3) == []


def test_directions_in_agrees_with_a_scan_of_every_mention() -> None:
    text = "AI and quantum sensing. Hydrogen, 6G and drones; AI again, then biotech and 5G."
    doc = make_doc(text)
    doc.directions = find_directions(doc)
    for start in range(0, len(text), 3):
        for end in range(start, len(text) + 1, 4):
            expected = [
                d.key
                for d in doc.directions
                if any(start <= m.start and m.end <= end for m in d.mentions)
            ]
            assert directions_in(doc, start, end) == expected
            assert doc.directions_in(start, end) == expected
    doc.directions = []  # a new list: the index is rebuilt
    assert directions_in(doc, 0, len(text)) == []


def test_every_listed_surface_form_is_found_in_a_sentence() -> None:
    tax = Taxonomy.default()
    problems = []
    for entry in tax.entries:
        for form in entry.synonyms + entry.acronyms:
            text = f"The plan supports {form} and related work."
            start = text.index(form)
            found = {
                d.key
                for d in find_directions_in_text(text)
                for m in d.mentions
                if (m.start, m.end) == (start, start + len(form))
            }
            if entry.key not in found:
                problems.append((entry.key, form))
        for form in entry.zh:
            text = f"我们将发展{form}。"
            found = {
                d.key for d in find_directions_in_text(text) for m in d.mentions if m.text == form
            }
            if entry.key not in found:
                problems.append((entry.key, form))
    assert problems == []


def test_never_raises_on_odd_text() -> None:
    for text in ["", " ", "\x00AI\x00", "-" * 1000, "AI" * 500, "İstanbul AI ß quantum", "量子"]:
        for d in find_directions_in_text(text):
            for m in d.mentions:
                assert text[m.start : m.end] == m.text


def test_the_corpus_has_a_phrasing_for_every_key() -> None:
    corpus = load_corpus("directions.toml")
    covered = {item["key"] for case in corpus.match for item in case.expect}
    assert set(SPEC_KEYS) <= covered, sorted(set(SPEC_KEYS) - covered)
    assert corpus.negative


@pytest.mark.slow
def test_a_user_taxonomy_travels_to_worker_processes(tmp_path: Path) -> None:
    tax = Taxonomy.from_toml(write(tmp_path, USER_FILE))
    tax.compiled()  # compiled matchers stay behind; the workers rebuild them
    texts = ["Silicon photonics lines.", "The blue economy grows.", "Quantum sensing."]
    reports = list(futureind.extract_many(texts, workers=2, taxonomy=tax))
    assert [[d.key for d in r.directions] for r in reports] == [
        ["information.photonics"],
        ["oceans"],
        ["information.quantum"],
    ]
