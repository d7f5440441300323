"""Gazetteers and rules of the actor extractor, read from ``futureind/data/actors/*.toml``.

Private module: :func:`actor_data` loads and compiles everything once per process.

* Countries come from the ``pycountry`` package (ISO 3166-1: official and common names, and
  the ISO 3166-2 subdivisions a data file asks for), completed by ``countries.toml`` (short
  forms, abbreviations, demonyms, Chinese names).
* ``places.toml`` (blocs, Chinese provinces, cities, districts, zones) and ``bodies.toml``
  (government bodies and organisations) are gazetteers of named entries.
* ``rules.toml`` holds the shape patterns, the word lists for people and roles, the filters
  (venues, bylines, planned names) and the issuer cues.

A form without lower-case letters ("US", "MOST") matches case-sensitively; every other form
ignores case but must start as written (a capital stays a capital). Apostrophes and "and"/"&"
variants of a form are added automatically.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from re import _parser as _re_parser  # type: ignore[attr-defined]
from typing import Any, Literal

import pycountry
import regex
from pydantic import Field

from .engine import REGEX_TIMEOUT, Match, compile_pattern, resolve_overlaps
from .errors import VocabularyError
from .models import ActorKind
from .vocab import DataModel, load_data

__all__ = [
    "ActorData",
    "Entity",
    "TrieMatcher",
    "WordStarts",
    "actor_data",
    "squash",
    "trie_pattern",
    "word_starts",
]

JurisdictionType = Literal[
    "country",
    "bloc",
    "province",
    "municipality",
    "region",
    "sar",
    "state",
    "city",
    "district",
    "zone",
    "place",
]


# --------------------------------------------------------------------------- file models
class CountryEntry(DataModel):
    code: str = Field(min_length=2, max_length=2)
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    drop: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class SubdivisionSource(DataModel):
    country: str
    types: list[str]
    skip_names: list[str] = Field(default_factory=list)
    # more names of each subdivision, "{name}" standing for its name ("State of {name}")
    alias_forms: list[str] = Field(default_factory=list)


class CountriesFile(DataModel):
    skip: list[str] = Field(default_factory=list)
    subdivisions: list[SubdivisionSource] = Field(default_factory=list)
    country: list[CountryEntry] = Field(default_factory=list)


class GazetteerEntry(DataModel):
    name: str = Field(min_length=1)
    kind: ActorKind | None = None
    type: JurisdictionType | None = None
    aliases: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    country: str | None = None
    media: bool = False


class GazetteerFile(DataModel):
    kind: ActorKind
    entry: list[GazetteerEntry]


class ShapeHead(DataModel):
    pattern: str
    kind: ActorKind
    type: JurisdictionType | None = None
    need: Literal["before", "after", "either", "both"] = "either"


class Shapes(DataModel):
    pattern: str
    head: list[ShapeHead]
    # a person's title at the start of a match, trimmed from the name
    title_lead: str = r"(?!)"
    # what after a match makes it part of a plan's name
    plan_after: str = r"(?!)"


class GovernmentRule(DataModel):
    name: str
    pattern: str
    cue: str
    # the type of a place the gazetteer does not know, by the word its match holds in group
    # "level" ("Qinghe Municipal People's Government" -> a city); empty: known places only
    unknown_types: dict[str, str] = Field(default_factory=dict)


class ListRule(DataModel):
    name: str
    pattern: str
    cue: str
    type: JurisdictionType
    alias_suffix: dict[str, str] = Field(default_factory=dict)
    types: dict[str, JurisdictionType] = Field(default_factory=dict)
    singular: bool = False


class Filters(DataModel):
    blocks: list[str]
    venue_tail: str
    venue_before: str
    # "Hangzhou-based", "Michigan-led": a place that only describes an organisation
    descriptor_after: str = r"(?!)"
    # "told the Global Times": a news outlet that only carries the words is no source
    media_before: str = r"(?!)"
    planned: str
    excluded_lines: list[str]
    excluded_prefixes: list[str]
    leading_stopwords: list[str]


class DemonymRules(DataModel):
    govnouns: list[str]
    pattern: str


class PeopleRules(DataModel):
    titles: list[str]
    titles_before: list[str]
    portfolios: list[str]
    honorifics: list[str]
    speech: list[str]
    surnames: list[str]
    not_names: list[str]
    # words before a role's organisation that only describe it ("Hangzhou-based drone maker")
    org_descriptor: str = r"(?!)"


class IssuerRules(DataModel):
    not_subject_before: list[str]
    agent_before: list[str]
    release_verbs: list[str]
    anaphor_not_company: list[str] = Field(default_factory=list)


class Anaphor(DataModel):
    phrases: list[str]
    types: list[str]


class ZhShapes(DataModel):
    """Chinese names of bodies and organisations read by their shape (``[zh_shape]``)."""

    place_suffixes: list[str] = Field(default_factory=list)
    level_prefixes: list[str] = Field(default_factory=list)
    department_stems: list[str] = Field(default_factory=list)
    body_suffixes: list[str] = Field(default_factory=list)
    org_suffixes: list[str] = Field(default_factory=list)
    max_org_chars: int = Field(default=8, ge=0, le=20)


class RulesFile(DataModel):
    fragments: dict[str, str]
    shape: Shapes
    government: list[GovernmentRule]
    coordination: list[ListRule]
    filters: Filters
    demonym: DemonymRules
    people: PeopleRules
    issuer: IssuerRules
    anaphor: list[Anaphor]
    zh_shape: ZhShapes = Field(default_factory=ZhShapes)


# --------------------------------------------------------------------------- compiled data
@dataclass(frozen=True, slots=True)
class Entity:
    """A gazetteer entry: one real-world actor with every form it is written in."""

    index: int
    name: str
    kind: ActorKind
    type: str | None
    aliases: tuple[str, ...]
    media: bool = False
    allow_lower: bool = False


@dataclass
class ActorData:
    """Everything the actor extractor needs, compiled once."""

    entities: list[Entity]
    phrases: TrieMatcher
    context: TrieMatcher | None
    blocks: TrieMatcher
    form_index: dict[str, int]  # casefolded form -> entity index
    demonyms: dict[str, int]  # demonym -> entity index
    shape: regex.Pattern[str]
    heads: list[tuple[ShapeHead, regex.Pattern[str]]]
    head_finder: regex.Pattern[str]
    governments: list[tuple[GovernmentRule, regex.Pattern[str], regex.Pattern[str]]]
    lists: list[tuple[ListRule, regex.Pattern[str], regex.Pattern[str]]]
    demonym_pattern: regex.Pattern[str] | None
    venue_tail: regex.Pattern[str]
    descriptor_after: regex.Pattern[str]
    media_before: regex.Pattern[str]  # compiled to search in reverse (used as a test)
    venue_before: regex.Pattern[str]  # compiled to search in reverse (used as a test)
    planned: regex.Pattern[str]  # compiled to search in reverse (used as a test)
    title_lead: regex.Pattern[str]  # matched at the start of a shape match
    plan_after: regex.Pattern[str]  # matched at the end of a shape match
    excluded_lines: list[regex.Pattern[str]]
    excluded_prefixes: list[regex.Pattern[str]]
    leading_stopwords: frozenset[str]
    fragments: dict[str, str]
    rules: RulesFile
    name_stopwords: frozenset[str] = field(default_factory=frozenset)
    zh_places: list[str] = field(default_factory=list)  # Chinese names of jurisdictions
    _head_rules: dict[str, ShapeHead | None] = field(default_factory=dict, repr=False)

    def head_rule(self, head: str) -> ShapeHead | None:
        """The first shape head rule whose pattern matches all of ``head`` (remembered)."""
        if head not in self._head_rules:
            self._head_rules[head] = next(
                (r for r, p in self.heads if p.fullmatch(head, timeout=REGEX_TIMEOUT)), None
            )
        return self._head_rules[head]


_SEPARATORS = regex.compile(r"[\s\-\u2010-\u2015]+")
_SEP_PATTERN = r"[\s\-\u2010-\u2015]{1,3}"
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_WORD_START = regex.compile(r"\b[\p{Lu}\p{N}][^\s\-\u2010-\u2015]{0,59}")


def squash(text: str) -> str:
    """A form's matching key: separators (spaces, hyphens) as one space, one apostrophe.

    >>> squash("Xi’an  High-tech Zone")
    "Xi'an High tech Zone"
    """
    return _SEPARATORS.sub(" ", text.replace("’", "'")).strip()


def trie_pattern(keys: Iterable[str], sep: str = _SEP_PATTERN) -> str:
    """One regular expression matching any of ``keys``, longest first, as a character trie
    (far faster than a plain alternation or a named list for thousands of phrases). A space
    in a key becomes ``sep``.

    >>> trie_pattern(["EU", "EUR"])
    '(?:EU(?:R)?)'
    """
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def piece(ch: str) -> str:
        if ch == " ":
            return sep
        if ch == "'":
            return "['’]"
        return str(regex.escape(ch))

    def build(node: dict[str, Any]) -> str:
        alts = [piece(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return body + "?" if body.startswith("(?:") else "(?:" + body + ")?"
        return body

    return "(?:" + build(root) + ")"


# The separators of ``_SEPARATORS`` (``regex``'s ``\s``, hyphens and dashes) spelt out for
# the standard library's ``re`` (whose ``\s`` also holds U+001C..U+001F), which matches the
# short tokens of a gazetteer walk with less overhead per call; tests check the two agree.
SEPARATOR_CHARS = (
    r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\-\u2010-\u2015"
)
_TOKEN = re.compile(f"[^{SEPARATOR_CHARS}]{{1,60}}")
_GAP = re.compile(f"[{SEPARATOR_CHARS}]{{1,3}}")
_PUNCT = ",.;:!?)]\"”'»"
# the last characters of a word whose bare form (see ``TrieMatcher._walk``) may differ
_BARE_ENDS = frozenset(_PUNCT + "s")


# what ``word.rstrip(_PUNCT)`` then dropping one final "'s" leave of each line: an "'s"
# with the punctuation after it, else the final punctuation
_BARE_TAIL = re.compile(f"'s[{re.escape(_PUNCT)}]*$|[{re.escape(_PUNCT)}]+$", re.MULTILINE)


def word_starts(text: str, pos: int, end: int) -> list[tuple[int, str, str]]:
    """The words of ``text[pos:end]`` that start with a capital or a digit: (offset, the
    word case-folded, and without trailing punctuation or possessive)."""
    found = list(_WORD_START.finditer(text, pos, end, timeout=REGEX_TIMEOUT))
    if not found:
        return []
    # all the words at once, one a line (a word holds no line break, and case folding,
    # which maps each character on its own, makes none): a few calls instead of a few per
    # word
    joined = "\n".join([m.group() for m in found]).replace("’", "'").casefold()
    words = joined.split("\n")
    bares = _BARE_TAIL.sub("", joined).split("\n")
    return list(zip([m.start() for m in found], words, bares, strict=True))


_ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")
_LETTER_OR_NUMBER = regex.compile(r"[\p{L}\p{N}]")
_ASCII_ALNUM_CHARS = frozenset(string.ascii_letters + string.digits)
_ASCII_LETTERS = frozenset(string.ascii_letters)


class WordStarts:
    """A cheap pre-filter for a pattern that can only start where one of ``words`` stands
    ("\\b(?:President|Premier ...)"): :meth:`finditer` gives what ``pattern.finditer`` gives,
    but tries the pattern only where one of the words is written.

    The candidates come from the standard library's ``re``, which scans a trie of plain words
    several times faster than ``regex``. They are a superset of the real starts: a space in
    a word stands for one to three characters other than ASCII letters and digits (the
    patterns' separators are among them), nothing is asked after a word, only an ASCII letter
    or digit before it rules a start out (for every definition of ``\\b`` such a character
    is a word character, as is the word's first), and no start is passed over (words of
    letters and digits only are found by a consuming trie, which passes over nothing that
    could start a word; other words by a zero-width lookahead). The pattern itself decides
    at each. A word that does not start with an ASCII letter or digit turns the pre-filter
    off (every position is tried, as ``regex`` does).

    >>> w = WordStarts(["Premier", "Vice Premier"])
    >>> p = regex.compile(r"\\b(?:Premier|Vice Premier) (?P<n>\\p{Lu}\\p{Ll}+)")
    >>> [m.group("n") for m in w.finditer(p, "Vice Premier Ding and Premier Li; Premiers")]
    ['Ding', 'Li']
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.finder: re.Pattern[str] | None = None
        keys = sorted(set(words))
        # plain words: a trie that consumes them is fastest (what it passes over within a
        # find follows a letter or digit, so starts nothing), the left boundary is checked
        # after; other words: a lookahead, so that no start is passed over
        self.plain = all(w.isascii() and w.isalnum() for w in keys)
        if keys and self.plain:
            self.finder = re.compile(trie_pattern(keys))
        elif keys and all(_ASCII_ALNUM.match(w) for w in keys):
            body = trie_pattern(keys, sep=r"[^A-Za-z0-9]{1,3}")
            self.finder = re.compile(r"(?<![A-Za-z0-9])(?=" + body + ")")

    def hits(self, text: str, pos: int = 0, end: int | None = None) -> list[int] | None:
        """Where the words may stand in ``text[pos:end]`` (None: anywhere), to share
        between the patterns that start at or hold the same words."""
        if self.finder is None:
            return None
        end = len(text) if end is None else end
        found = [c.start() for c in self.finder.finditer(text, pos, end)]
        if self.plain:
            return [i for i in found if i == 0 or text[i - 1] not in _ASCII_ALNUM_CHARS]
        return found

    def among(self, text: str, hits: list[int] | None) -> list[int] | None:
        """Which of ``hits`` are :meth:`hits` of these words, ``hits`` being those of a
        :class:`WordStarts` holding these words and others (one scan for both); None when
        not known (:meth:`finditer` then finds them itself)."""
        if hits is None or self.finder is None:
            return None
        match = self.finder.match
        return [i for i in hits if match(text, i)]

    def _places(
        self, text: str, pos: int, end: int | None, hits: list[int] | None
    ) -> tuple[int, list[int] | None]:
        """``end`` resolved, and ``hits`` computed unless given (None: try everywhere)."""
        end = len(text) if end is None else end
        return end, (self.hits(text, pos, end) if hits is None else hits)

    def finditer(
        self,
        pattern: regex.Pattern[str],
        text: str,
        pos: int = 0,
        end: int | None = None,
        hits: list[int] | None = None,
    ) -> Iterator[regex.Match[str]]:
        """The matches of ``pattern.finditer(text, pos, end)`` (none of which is empty);
        ``hits``: :meth:`hits` of the same piece, if known."""
        end, hits = self._places(text, pos, end, hits)
        if hits is None:
            yield from pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
            return
        last = pos
        for i in hits:
            if i < last:
                continue
            m = pattern.match(text, i, end, timeout=REGEX_TIMEOUT)
            if m is not None:
                yield m
                last = m.end()

    def finditer_before(
        self,
        pattern: regex.Pattern[str],
        reach: int,
        text: str,
        pos: int = 0,
        end: int | None = None,
        hits: list[int] | None = None,
    ) -> Iterator[regex.Match[str]]:
        """The matches of ``pattern.finditer(text, pos, end)`` for a pattern whose matches
        hold one of the words after their start, on the same line, and end (with what they
        look at after themselves) less than ``reach`` characters after that word's start
        ("Zhang Qiao pointed out": a name before a verb of speaking). Only those lines are
        searched, each up to its last word. ``hits``: as for :meth:`finditer`.

        >>> w = WordStarts(["said"])
        >>> p = regex.compile(r"\\p{Lu}\\p{Ll}+ said\\b")
        >>> [m.group() for m in w.finditer_before(p, 5, "Li said.\\nXu said; Wu, Ma said")]
        ['Li said', 'Xu said', 'Ma said']
        """
        end, hits = self._places(text, pos, end, hits)
        if hits is None:
            yield from pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
            return
        # per line, from its start to the last of the words in it
        regions: list[list[int]] = []
        prev = pos
        for i in hits:
            brk = text.rfind("\n", prev, i)
            if brk < 0 and regions:
                regions[-1][1] = i
            else:
                regions.append([max(pos, brk + 1), i])
            prev = i
        last = pos
        for lo, hi in regions:
            # a match starting in [lo, hi] holds a word at or before hi (the line's last), so
            # it ends before ``stop``: a search cut there finds what an uncut one finds, and
            # one that finds a match starting after hi found one of a later line (or none)
            stop = min(end, hi + reach)
            while True:
                m = pattern.search(text, max(lo, last), stop, timeout=REGEX_TIMEOUT)
                if m is None or m.start() > hi:
                    break
                yield m
                last = m.end()


# the flags under which a pattern's letters are read as Python's ``re`` reads them
_LEAD_BAD_FLAGS = regex.IGNORECASE | regex.VERBOSE | regex.REVERSE
_LEAD_MAX = 200  # more leading words than this: no pre-filter
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def leading_words(pattern: regex.Pattern[str]) -> list[str] | None:
    """Words of ASCII letters one of which starts every match of ``pattern`` (a pre-filter
    for :class:`WordStarts`), or None when that cannot be told. The pattern must start with
    ``\\b``: :class:`WordStarts` finds words only where a word starts.

    The pattern is read by Python's ``re`` parser, and only what both packages read alike is
    trusted: literal letters, sets of literal letters, groups without flags, alternatives,
    repeats and zero-width assertions. Anything else ends the word read so far (a shorter
    word is a weaker but still sound pre-filter); a match that may start with something
    else, flags that change how letters match, or syntax ``re`` does not know give None.

    >>> leading_words(regex.compile(r"\\b(?:[Pp]rovincial |Research )?(?:Institute|Co\\.)"))
    ['Co', 'Institute', 'Provincial', 'Research', 'provincial']
    """
    if pattern.flags & _LEAD_BAD_FLAGS or regex.search(r"\{(?![\d,])|\[[\[:]", pattern.pattern):
        return None  # fuzzy matching, POSIX classes, nested sets: read differently by ``re``
    try:
        parsed = _re_parser.parse(pattern.pattern)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    items = list(parsed)
    if not items or str(items[0][0]) != "AT" or str(items[0][1]) != "AT_BOUNDARY":
        return None  # what :class:`WordStarts` finds must start a word: ``\b`` first
    words = _leads(items[1:])
    if "" in words or len(words) > _LEAD_MAX:
        return None
    return sorted(words)


def _leads(items: list[tuple[Any, Any]]) -> set[str]:
    """The letters that every match of the sequence ``items`` starts with (one string per
    way it may start; "" when it may start otherwise)."""
    if not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    kind = str(op)
    if kind == "LITERAL":
        ch = chr(av)
        return {ch + s for s in _leads(rest)} if ch in _ASCII_LETTERS else {""}
    if kind == "IN":
        if not all(str(o) == "LITERAL" and chr(a) in _ASCII_LETTERS for o, a in av):
            return {""}
        tails = _leads(rest)
        return {chr(a) + s for _, a in av for s in tails}
    if kind == "BRANCH":
        return set().union(*(_leads(list(alt) + rest) for alt in av[1]))
    if kind == "SUBPATTERN":
        _group, add_flags, del_flags, sub = av
        return {""} if add_flags or del_flags else _leads(list(sub) + rest)
    if kind in _REPEATS:
        low, high, sub = av
        # at most once: what follows counts; else what one repeat starts with
        once = _leads(list(sub) + rest) if high == 1 else _leads(list(sub))
        return once if low >= 1 else once | _leads(rest)
    if kind in ("AT", "ASSERT", "ASSERT_NOT"):
        return _leads(rest)  # consumes nothing
    return {""}


class TrieMatcher:
    """A gazetteer: phrases found longest-first, as whole words (CJK phrases anywhere),
    spaces and hyphens interchangeable, either apostrophe. A phrase without lower-case
    letters ("MOST") matches only as written; other phrases ignore case.

    Latin phrases are looked up word by word in a dictionary trie from each word that
    starts with a capital or a digit (or with the first word of a phrase written in lower
    case), which keeps the cost per word of text constant whatever the number of phrases.

    >>> m = TrieMatcher({"United States": 1, "US": 2}, sensitive=["US"])
    >>> [(x.start, x.end, x.value) for x in m.finditer("The UNITED STATES and us; US$ no, US.")]
    [(4, 17, 1), (34, 36, 2)]
    """

    def __init__(self, phrases: Mapping[str, int], sensitive: Iterable[str] = ()) -> None:
        exact = set(sensitive)
        self.table: dict[str, list[tuple[str, int, bool]]] = {}
        for phrase, payload in phrases.items():
            form = squash(phrase)
            if form:
                self.table.setdefault(form.casefold(), []).append((form, payload, phrase in exact))
        self.root: dict[str, Any] = {}
        lower_first: set[str] = set()
        cjk = [k for k in self.table if _CJK.search(k)]
        for key in self.table:
            if _CJK.search(key):
                continue
            node = self.root
            for word in key.split(" "):
                node = node.setdefault(word, {})
            node[""] = key
            if any(f[:1].islower() for f, _, _ in self.table[key]):
                lower_first.add(key.split(" ")[0])
        self.lower_starts = (
            compile_pattern(r"(?<![\p{L}\p{N}])(?:" + trie_pattern(sorted(lower_first)) + ")")
            if lower_first
            else None
        )
        self.lower_finder = WordStarts(lower_first)
        self.cjk = compile_pattern(trie_pattern(cjk)) if cjk else None

    def __len__(self) -> int:
        return len(self.table)

    def _walk(self, text: str, i: int, end: int) -> tuple[int, str] | None:
        """The longest phrase starting at ``i``: (its end, its key)."""
        node = self.root
        best: tuple[int, str] | None = None
        j = i
        for _ in range(40):
            tok = _TOKEN.match(text, j, end)
            if not tok:
                break
            word = tok.group().replace("’", "'").casefold()
            child = node.get(word)
            # the word without trailing punctuation or a possessive ends a phrase there (a
            # word ending otherwise is its own bare form)
            if word[-1] in _BARE_ENDS:
                bare = word.rstrip(_PUNCT)
                if bare.endswith("'s"):
                    bare = bare[:-2]
                if bare and bare != word:
                    short = node.get(bare)
                    if short is not None and "" in short:
                        best = (j + len(bare), short[""])
            if child is None:
                break
            tok_end = tok.end()
            if "" in child:
                best = (tok_end, child[""])
            gap = _GAP.match(text, tok_end, end)
            if not gap:
                break
            node, j = child, gap.end()
        return best

    def _lower_starts(
        self, lower_starts: regex.Pattern[str], text: str, pos: int, end: int
    ) -> list[int]:
        """Where a phrase written in lower case may start in ``text[pos:end]``."""
        finder = self.lower_finder
        if not finder.plain:
            return [m.start() for m in finder.finditer(lower_starts, text, pos, end)]
        # plain words: the finder's hits are where the words of ``lower_starts`` stand with
        # no ASCII letter or digit before; what is left of its left boundary (no other letter
        # or number before) is checked here, without a call of the pattern per hit
        return [
            i
            for i in finder.hits(text, pos, end) or ()
            if i == 0 or text[i - 1].isascii() or not _LETTER_OR_NUMBER.match(text, i - 1)
        ]

    def finditer(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        starts: list[tuple[int, str, str]] | None = None,
    ) -> list[Match]:
        """Matches in ``text[pos:endpos]`` (payload in ``value``), overlaps resolved.
        ``starts``: :func:`word_starts` of the same piece, if known."""
        end = len(text) if endpos is None else endpos
        hits: list[tuple[int, int]] = []
        if starts is None:
            starts = word_starts(text, pos, end)
        root = self.root
        # a phrase can start only at a word that is (the bare form of) a first word
        todo = [i for i, word, bare in starts if word in root or bare in root]
        if self.lower_starts is not None:
            todo += self._lower_starts(self.lower_starts, text, pos, end)
        for i in todo:
            found = self._walk(text, i, end)
            if found is not None:
                hits.append((i, found[0]))
        if (
            self.cjk is not None
            and not text[pos:end].isascii()
            and _CJK.search(text, pos, end, timeout=REGEX_TIMEOUT)
        ):
            hits += [m.span() for m in self.cjk.finditer(text, pos, end, timeout=REGEX_TIMEOUT)]
        out: list[Match] = []
        for s, e in hits:
            surface = squash(text[s:e])
            for form, payload, case in self.table.get(surface.casefold(), ()):
                if not case or form == surface:
                    out.append(Match(s, e, "gazetteer", payload))
                    break
        return resolve_overlaps(out)


_FRAGMENT = regex.compile(r"\{([a-z_]+)\}")
_LOWER = regex.compile(r"\p{Ll}")


def expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    """Insert the ``{name}`` fragments into ``pattern`` (fragments may nest)."""
    for _ in range(8):
        if not _FRAGMENT.search(pattern):
            return pattern

        def sub(m: regex.Match[str]) -> str:
            key = m.group(1)
            if key not in fragments:
                raise VocabularyError(
                    f"unknown fragment {{{key}}}",
                    file="futureind/data/actors/rules.toml",
                    entry=where,
                )
            return fragments[key]

        pattern = _FRAGMENT.sub(sub, pattern)
    raise VocabularyError(
        "fragments nest too deeply", file="futureind/data/actors/rules.toml", entry=where
    )


def variants(form: str) -> list[str]:
    """A form and its spelling variants: both apostrophes, "and" and "&"."""
    out = [form]
    for a, b in ((" and ", " & "), (" & ", " and ")):
        for f in list(out):
            if a in f:
                out.append(f.replace(a, b))
    seen: dict[str, None] = {}
    for f in out:
        seen.setdefault(f, None)
    return list(seen)


def _country_entries(data: CountriesFile) -> list[GazetteerEntry]:
    overrides = {c.code.upper(): c for c in data.country}
    skip = {c.upper() for c in data.skip}
    out: list[GazetteerEntry] = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in skip:
            continue
        iso_name: str = country.name
        common: str | None = getattr(country, "common_name", None)
        official: str | None = getattr(country, "official_name", None)
        extra = overrides.get(code)
        name = (extra.name if extra and extra.name else None) or common or iso_name
        drop = set(extra.drop) if extra else set()
        forms = [f for f in (iso_name, common, official) if f]
        aliases = [
            f for f in forms if f != name and f not in drop and "," not in f and "(" not in f
        ]
        if extra:
            aliases += extra.aliases
        out.append(
            GazetteerEntry(
                name=name,
                kind="jurisdiction",
                type="country",
                aliases=list(dict.fromkeys(aliases)),
                demonyms=extra.demonyms if extra else [],
                zh=extra.zh if extra else [],
                country=code,
            )
        )
    for source in data.subdivisions:
        skip_names = set(source.skip_names)
        subs = pycountry.subdivisions.get(country_code=source.country)  # type: ignore[no-untyped-call]
        for sub in subs or []:
            if sub.type in source.types and sub.name not in skip_names:
                # "Tamil Nādu" is written "Tamil Nadu" in English texts
                plain = _strip_marks(sub.name)
                aliases = [sub.name] if plain != sub.name else []
                aliases += [form.replace("{name}", plain) for form in source.alias_forms]
                out.append(
                    GazetteerEntry(
                        name=plain,
                        kind="jurisdiction",
                        type="state",
                        country=source.country,
                        aliases=aliases,
                    )
                )
    return out


def _strip_marks(name: str) -> str:
    """``name`` without combining marks ("Tamil Nādu" -> "Tamil Nadu")."""
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _compile(pattern: str, where: str, flags: int = 0, **lists: list[str]) -> regex.Pattern[str]:
    """Compile ``pattern``; each ``\\L<name>`` becomes a trie of the list ``name`` (the
    ``regex`` package's named lists are slow to scan)."""
    for name, words in lists.items():
        marker = f"\\L<{name}>"
        if marker in pattern:
            pattern = pattern.replace(marker, trie_pattern(sorted(set(words))))
    return compile_pattern(pattern, flags=flags, where=where)


def _looking_ahead(finder: regex.Pattern[str], body: str) -> str:
    """``body`` (an alternation, ``finder`` being ``\\b`` and it) behind a lookahead for the
    words each of its matches starts with, when they can be told: the same matches, but a
    place where none of the words stands is rejected at once instead of by trying the
    alternatives one by one."""
    words = leading_words(finder)
    return f"(?={trie_pattern(words)}){body}" if words else body


@lru_cache(maxsize=1)
def actor_data() -> ActorData:
    """Load and compile the actor gazetteers and rules (once per process)."""
    countries = load_data("actors/countries.toml", CountriesFile)
    places = load_data("actors/places.toml", GazetteerFile)
    bodies = load_data("actors/bodies.toml", GazetteerFile)
    rules = load_data("actors/rules.toml", RulesFile)
    where = "futureind/data/actors/rules.toml"

    raw: list[GazetteerEntry] = []
    for e in places.entry:
        raw.append(e if e.kind else e.model_copy(update={"kind": places.kind}))
    for e in _country_entries(countries):
        raw.append(e)
    for e in bodies.entry:
        raw.append(e if e.kind else e.model_copy(update={"kind": bodies.kind}))

    entities: list[Entity] = []
    phrases: dict[str, int] = {}
    sensitive: set[str] = set()
    context: dict[str, int] = {}
    demonyms: dict[str, int] = {}
    form_index: dict[str, int] = {}
    name_words: set[str] = set()
    zh_places: list[str] = []
    for entry in raw:
        idx = len(entities)
        forms = [entry.name, *entry.aliases]
        if any(f.casefold() in form_index for f in forms[:1]) and entry.type == "state":
            continue  # an ISO subdivision that a gazetteer entry already names
        kind: ActorKind = entry.kind or "jurisdiction"
        entities.append(
            Entity(
                index=idx,
                name=entry.name,
                kind=kind,
                type=entry.type if kind == "jurisdiction" else None,
                aliases=tuple(a for a in entry.aliases if a != entry.name),
                media=entry.media,
                allow_lower=any(f[:1].islower() for f in forms),
            )
        )
        if kind == "jurisdiction":
            zh_places.extend(entry.zh)
        for form in [*forms, *entry.zh]:
            for v in variants(form):
                phrases.setdefault(v, idx)
                form_index.setdefault(squash(v).casefold(), idx)
                if not _LOWER.search(v):
                    sensitive.add(v)
        for form in entry.context:
            for v in variants(form):
                context.setdefault(v, idx)
        for dem in entry.demonyms:
            demonyms.setdefault(dem, idx)
        for form in forms:
            name_words.update(w for w in regex.split(r"[\s\-]+", form) if w[:1].isupper())

    people = rules.people
    surnames = set(people.surnames)
    stop = {w for w in name_words if w not in surnames} | set(people.not_names)
    fragments = dict(rules.fragments)
    # "May" is no name's first word: asked at every capitalised word of a shape
    month = fragments["month"]
    fragments["month"] = _looking_ahead(_compile(r"\b" + month, f"{where}, month"), month)

    head_patterns = [expand(h.pattern, fragments, "shape.head") for h in rules.shape.head]
    heads = [
        (h, _compile(p, f"{where}, shape.head"))
        for h, p in zip(rules.shape.head, head_patterns, strict=True)
    ]
    any_head = "(?:" + "|".join(head_patterns) + ")"
    head_finder = _compile(r"\b" + any_head, f"{where}, shape.head")
    fragments["heads"] = _looking_ahead(head_finder, any_head)
    shape = _compile(expand(rules.shape.pattern, fragments, "shape"), f"{where}, shape")
    governments = [
        (
            r,
            _compile(expand(r.pattern, fragments, r.name), f"{where}, {r.name}"),
            _compile(expand(r.cue, fragments, r.name), f"{where}, {r.name}"),
        )
        for r in rules.government
    ]
    lists = [
        (
            r,
            _compile(expand(r.pattern, fragments, r.name), f"{where}, {r.name}"),
            _compile(expand(r.cue, fragments, r.name), f"{where}, {r.name}"),
        )
        for r in rules.coordination
    ]
    dem_pattern = None
    if demonyms:
        dem_pattern = _compile(
            expand(rules.demonym.pattern, fragments, "demonym"),
            f"{where}, demonym",
            demonyms=list(demonyms),
            govnouns=rules.demonym.govnouns,
        )
    f = rules.filters
    return ActorData(
        entities=entities,
        phrases=TrieMatcher(phrases, sensitive),
        context=TrieMatcher(context, set(context)) if context else None,
        blocks=TrieMatcher({v: -1 for b in f.blocks for v in variants(b)}),
        form_index=form_index,
        demonyms=demonyms,
        shape=shape,
        heads=heads,
        head_finder=head_finder,
        governments=governments,
        lists=lists,
        demonym_pattern=dem_pattern,
        venue_tail=_compile(expand(f.venue_tail, fragments, "venue_tail"), where),
        descriptor_after=_compile(expand(f.descriptor_after, fragments, "descriptor"), where),
        media_before=_compile(
            expand(f.media_before, fragments, "media_before"), where, flags=regex.REVERSE
        ),
        # both end in \Z and are only asked whether they match just before a position: a
        # reverse search tries that end first and answers the same question several times
        # faster than a forward search trying every start in the window
        venue_before=_compile(
            expand(f.venue_before, fragments, "venue_before"), where, flags=regex.REVERSE
        ),
        planned=_compile(expand(f.planned, fragments, "planned"), where, flags=regex.REVERSE),
        plan_after=_compile(
            expand(rules.shape.plan_after, fragments, "shape.plan_after"),
            f"{where}, shape.plan_after",
        ),
        title_lead=_compile(
            expand(rules.shape.title_lead, fragments, "shape.title_lead"),
            f"{where}, shape.title_lead",
            titles=rules.people.titles,
        ),
        excluded_lines=[
            _compile(expand(p, fragments, "excluded_lines"), where, flags=regex.MULTILINE)
            for p in f.excluded_lines
        ],
        excluded_prefixes=[
            _compile(expand(p, fragments, "excluded_prefixes"), where, flags=regex.MULTILINE)
            for p in f.excluded_prefixes
        ],
        leading_stopwords=frozenset(f.leading_stopwords),
        fragments=fragments,
        rules=rules,
        name_stopwords=frozenset(stop),
        zh_places=zh_places,
    )
