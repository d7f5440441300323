"""The rule engine and the vocabulary loader."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from futureind.engine import Match, PatternRule, PhraseMatcher, RuleSet, resolve_overlaps
from futureind.errors import VocabularyError
from futureind.vocab import DataModel, load_toml


def test_phrase_matcher_longest_first_and_offsets() -> None:
    text = "Quantum  computing and quantum sensing; AI-driven bio-\nmanufacturing."
    pm = PhraseMatcher(
        {"quantum": "q", "quantum computing": "qc", "AI": "ai", "bio manufacturing": "bio"},
        case_sensitive=["AI"],
        rule="demo",
    )
    found = [(text[m.start : m.end], m.value, m.rule) for m in pm.finditer(text)]
    assert found == [
        ("Quantum  computing", "qc", "demo"),
        ("quantum", "q", "demo"),
        ("AI", "ai", "demo"),
        ("bio-\nmanufacturing", "bio", "demo"),
    ]


def test_phrase_matcher_case_sensitive_acronym_and_word_boundaries() -> None:
    pm = PhraseMatcher({"AI": 1}, case_sensitive=["AI"])
    assert [m.start for m in pm.finditer("said AI, ai, MAIN, AIs")] == [5]


def test_phrase_matcher_cjk_needs_no_boundary() -> None:
    pm = PhraseMatcher({"量子信息": "q", "量子": "x"})
    text = "发展量子信息产业"
    assert [(text[m.start : m.end], m.value) for m in pm.finditer(text)] == [("量子信息", "q")]


def test_phrase_matcher_window() -> None:
    pm = PhraseMatcher({"robots": 1})
    text = "robots here, robots there"
    assert [m.start for m in pm.finditer(text, 5, len(text))] == [13]


def test_resolve_overlaps_policy() -> None:
    a = Match(0, 10, "long")
    b = Match(2, 5, "short-high", priority=5)
    c = Match(6, 12, "late")
    d = Match(20, 25, "far")
    kept = resolve_overlaps([a, b, c, d])
    assert [m.rule for m in kept] == ["short-high", "late", "far"]
    # equal priority: the longer, then the leftmost wins
    assert [m.rule for m in resolve_overlaps([Match(0, 4, "x"), Match(2, 8, "y")])] == ["y"]
    assert [m.rule for m in resolve_overlaps([Match(0, 4, "x"), Match(2, 6, "y")])] == ["x"]


def test_ruleset_scans_named_rules_with_groups() -> None:
    rules = RuleSet(
        [
            PatternRule("year", r"\b(?P<year>(?:19|20)\d\d)\b", priority=1),
            PatternRule("number", r"\b\d+\b"),
            PatternRule("fruit", r"\b\L<fruits>\b"),
        ],
        named_lists={"fruits": ["apple", "apple pie"]},
    )
    text = "In 2025 eat 3 apple pie"
    got = [(text[m.start : m.end], m.rule) for m in rules.finditer(text)]
    assert got == [("2025", "year"), ("3", "number"), ("apple pie", "fruit")]
    assert rules.finditer(text)[0].groups["year"] == "2025"


def test_bad_pattern_names_the_rule() -> None:
    with pytest.raises(VocabularyError, match="rule 'broken'"):
        RuleSet([PatternRule("broken", r"(unclosed")], where="demo.toml")


class _Entry(DataModel):
    key: str
    synonyms: list[str]


class _File(DataModel):
    entries: list[_Entry]


def test_load_toml_error_names_file_entry_and_field(tmp_path: Path) -> None:
    path = tmp_path / "vocab.toml"
    path.write_text(
        '[[entries]]\nkey = "a"\nsynonyms = ["x"]\n\n[[entries]]\nkey = "b"\nsynonyms = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError) as info:
        load_toml(path, _File)
    err = info.value
    assert err.file == str(path)
    assert err.entry is not None
    assert "entries[1]" in err.entry
    assert "'b'" in err.entry
    assert err.field == "synonyms"
    assert str(path) in str(err)
    assert "synonyms" in str(err)
    # it crosses process boundaries (extract_many workers) with its facts intact
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, VocabularyError)
    assert (again.file, again.entry, again.field, str(again)) == (
        err.file,
        err.entry,
        err.field,
        str(err),
    )


def test_load_toml_unknown_field_and_bad_syntax(tmp_path: Path) -> None:
    path = tmp_path / "vocab.toml"
    path.write_text('[[entries]]\nkey = "a"\nsynonyms = []\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match="colour"):
        load_toml(path, _File)
    path.write_text("entries = [", encoding="utf-8")
    with pytest.raises(VocabularyError, match="not valid TOML"):
        load_toml(path, _File)
    with pytest.raises(VocabularyError, match="cannot read"):
        load_toml(tmp_path / "missing.toml", _File)
