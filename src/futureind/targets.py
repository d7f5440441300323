"""Target extraction: forward-looking quantitative goals (SPEC sections 2-3).

A target is a number the text states as an aim. :func:`find_targets` reads the quantities and
periods the parsers found (``doc.quantities``, ``doc.periods``) and decides, number by number:

1. **Is it an aim?** Cue phrases (data in ``futureind/data/targets.toml``) are found once over
   the text: intent ("aims to", "the goal is"), value verbs ("will exceed"), weaker goal
   language ("will", "should"), aim verbs governing counts ("build", "cultivating") and fact
   cues ("reached", "accounted for", "has"). A future deadline ("by 2030") is a goal cue, a past
   year a fact cue. The nearest cue before the number in its clause decides; else the first
   cue after it in the clause ("1-2 industries should be highlighted"); else the nearest one
   earlier in the sentence; else a deadline carried from earlier in the paragraph.
2. **Vetoes.** Numbers in brackets (conversions, definitions) or short quotations (names such
   as "Double Five"); money a measure commits ("will invest KRW 30 trillion", "a £500m plan");
   forecasts by others; counts that refer to a set named elsewhere ("the 20 parks") or only
   describe a plan's scope ("five future industry clusters", "12 strategic technologies
   including ..."); shares of such a scope ("half of the future industries"); a baseline
   ("from the current 384", "from 40 to 120"); the rate of a measure ("tax credits of up to
   40 percent", "a 30% subsidy"); the denominator of a rate ("per 10,000 workers").
3. **Fields.** ``comparator`` from the parser (else the cue before the value; a bare number
   is ``eq``, a range null); ``year`` from a period in the same clause, else the deadline that
   governs the paragraph; ``metric`` the noun phrase measured; ``issuer`` from
   :func:`futureind.actors.issuer_for`; ``directions`` the keys mentioned in the evidence.
4. **One target per statement.** A target restated (headline and body) is kept once, from
   the body.
5. **Indicator tables.** In a pipe or tab-separated table (:mod:`futureind.grids`) a column
   whose header holds a year and a target word (or a year after the publication date) gives
   one target per cell, read as the row label's metric in the row's unit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, chain, compress, count
from operator import attrgetter
from typing import Generic, Literal, NamedTuple, TypeVar

import regex
from pydantic import Field

from .actors import issuer_for
from .document import Document
from .engine import REGEX_TIMEOUT, FastSplit, compile_pattern, is_cjk
from .grids import Cell, Grid, find_grids
from .models import Comparator, Period, Quantity, QuantityMatch, Span, Target
from .numbers import number_value
from .quantities import parse_quantity
from .text import Segment
from .vocab import DataModel, load_data

__all__ = ["find_targets"]

CueClass = Literal[
    "intent", "value", "goal", "aim", "fact", "participle", "deadline", "past", "neutral"
]
_GOAL_CLASSES = frozenset({"intent", "value", "goal", "aim", "deadline"})
_MONEY_EXCLUDED_UNITS = frozenset(
    {"percent", "percentage_point", "times", "count", "", "W", "Wh", "t", "m", "m2", "m3"}
)


_TOKEN = regex.compile(r"[\p{L}\p{N}]+")
P = TypeVar("P")


class _Hit(NamedTuple, Generic[P]):  # a tuple: thousands are built per text
    start: int
    end: int
    value: P
    word: int = -1  # index of the first word, for Latin-script hits


class _Gazetteer(Generic[P]):
    """Phrases found word by word: one tokenising pass and dictionary look-ups.

    Phrases and text are cut into letter/digit runs and compared case-insensitively; the
    words of a phrase must be separated in the text by spaces or hyphens only, and a match
    is whole words. The longest phrase starting at a word wins, then scanning resumes after
    it (leftmost-longest). Linear in the text, whatever the size of the vocabulary.
    """

    def __init__(self, phrases: dict[str, P]) -> None:
        self._table: dict[tuple[str, ...], P] = {}
        self._lengths: dict[str, list[int]] = {}
        self._cjk: dict[str, P] = {}
        for phrase, value in phrases.items():
            if is_cjk(phrase):  # Chinese phrases: substring search, no word boundaries
                self._cjk[phrase.strip()] = value
                continue
            key = tuple(w.casefold() for w in _TOKEN.findall(phrase))
            if key:
                self._table[key] = value
        self._cjk_pattern = (
            compile_pattern(r"\L<terms>", terms=sorted(self._cjk, key=lambda p: (-len(p), p)))
            if self._cjk
            else None
        )
        self._single: dict[str, P] = {}  # one-word phrases
        self._seconds: dict[str, set[str]] = {}  # the second words of longer phrases
        for key, value in self._table.items():
            self._lengths.setdefault(key[0], []).append(len(key))
            if len(key) == 1:
                self._single[key[0]] = value
            else:
                self._seconds.setdefault(key[0], set()).add(key[1])
        for first in self._lengths:
            self._lengths[first] = sorted(set(self._lengths[first]), reverse=True)
        self.firsts = frozenset(self._lengths)  # the first words of the Latin-script phrases

    def finditer(self, tokens: _Tokens) -> list[_Hit[P]]:
        """Every phrase in the tokenised text, leftmost-longest, in text order."""
        hits = self._latin(tokens)
        if self._cjk_pattern is not None and tokens.cjk is not None:
            hits += [
                _Hit(m.start(), m.end(), self._cjk[m.group()])
                for m in self._cjk_pattern.finditer(tokens.cjk, timeout=REGEX_TIMEOUT)
            ]
            hits.sort(key=lambda h: (h.start, h.end))
        return hits

    def _latin(self, tokens: _Tokens) -> list[_Hit[P]]:
        words = tokens.words
        lengths_of = self._lengths
        hits: list[_Hit[P]] = []
        n = len(words)
        resume = 0
        single, seconds_of = self._single, self._seconds
        offsets = tokens.offsets
        for i in tokens.positions(self.firsts):
            if i < resume:
                continue
            word = words[i]
            seconds = seconds_of.get(word)
            if seconds is None or i + 1 >= n or words[i + 1] not in seconds:
                # no longer phrase can start here: only a one-word phrase
                if word in single:
                    hits.append(_Hit(offsets[2 * i + 1], offsets[2 * i + 2], single[word], i))
                    resume = i + 1
                continue
            for size in lengths_of[word]:
                if i + size > n:
                    continue
                key = tuple(words[i : i + size])
                if key in self._table and all(tokens.soft_gap(k) for k in range(i + 1, i + size)):
                    hits.append(
                        _Hit(tokens.start(i), tokens.end(i + size - 1), self._table[key], i)
                    )
                    resume = i + size
                    break
        return hits


_HAN = regex.compile(r"\p{Han}")
_TOKEN_SPLIT = regex.compile(r"([\p{L}\p{N}]+)")
_SOFT_CHARS = " \t\r\n\u00a0-\u2010\u2011\u2012\u2013\u2014\u2015&/"


# the same split with the standard library where it gives the same answer (faster)
_split_words = FastSplit(
    word_split=_TOKEN_SPLIT,
    ascii_split=re.compile(r"([a-zA-Z0-9]+)"),
    fast_split=re.compile(r"([^\W_]+)"),
    word_char=regex.compile(r"[\p{L}\p{N}]"),
    gap_char=regex.compile(r"[^\p{L}\p{N}]"),
).split


class _Tokens:
    """The words of a text, lower-cased, with their offsets (computed at C speed)."""

    __slots__ = ("_last", "_last_set", "_parts", "_where", "cjk", "offsets", "words")

    def __init__(self, text: str, vocabulary: frozenset[str] = frozenset()) -> None:
        """Tokenise ``text``; the occurrences of the words of ``vocabulary`` (the first words
        of every gazetteer that will read these tokens) are indexed in one pass."""
        # the text itself, for substring search of Chinese phrases, when it has any Han
        self.cjk: str | None = None if text.isascii() or not _HAN.search(text) else text
        lowered = text.lower()
        if len(lowered) != len(text):  # a character whose lower case is longer: keep offsets
            lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        self._parts: list[str] = _split_words(lowered)
        self.words: list[str] = self._parts[1::2]
        # where each gap and word begins: word i runs from offsets[2i + 1] to offsets[2i + 2]
        self.offsets = list(accumulate(map(len, self._parts), initial=0))
        self._last_set: frozenset[str] | None = None
        self._last: list[int] = []
        words = self.words
        self._where: dict[str, list[int]] = {w: [] for w in vocabulary}
        for i in compress(count(), map(vocabulary.__contains__, words)):
            self._where[words[i]].append(i)

    def positions(self, words: frozenset[str]) -> list[int]:
        """Indices of every occurrence of any of ``words``, in order."""
        if words is not self._last_set:
            self._last_set = words
            where = self._where
            if words <= where.keys():  # indexed: merge the occurrences of each word
                self._last = sorted(chain.from_iterable(where[w] for w in words))
            else:
                self._last = list(compress(count(), map(words.__contains__, self.words)))
        return self._last

    def start(self, i: int) -> int:
        return self.offsets[2 * i + 1]

    def starts(self) -> list[int]:
        """Offsets of every word, in order."""
        return self.offsets[1::2]

    def end(self, i: int) -> int:
        return self.offsets[2 * i + 2]

    def soft_gap(self, i: int) -> bool:
        """Do only spaces or hyphens separate word ``i`` from the word before it?"""
        gap = self._parts[2 * i]
        return bool(gap) and not gap.strip(_SOFT_CHARS)


class _Comparators(DataModel):
    gt: list[str]
    ge: list[str]
    eq: list[str]
    approx: list[str]
    le: list[str]
    lt: list[str]


class _Tables(DataModel):
    """How indicator tables are read (see :mod:`futureind.grids`)."""

    target_words: list[str] = Field(default_factory=list)
    baseline_words: list[str] = Field(default_factory=list)
    unit_headers: list[str] = Field(default_factory=list)
    cell_comparators: dict[str, Comparator] = Field(default_factory=dict)


class _TargetData(DataModel):
    intent: list[str]
    value_verbs: list[str]
    goal: list[str]
    aim_verbs: list[str]
    fact: list[str]
    participles: list[str]
    neutral: list[str]
    future_markers: list[str]
    forecast: list[str]
    definition: list[str]
    survey: list[str]
    committed_before: list[str]
    committed_after: list[str]
    committed_sentence: list[str]
    committed_window_before: int = Field(ge=0, le=30)
    committed_window_after: int = Field(ge=0, le=30)
    measure_rate_before: list[str] = Field(default_factory=list)
    measure_rate_window: int = Field(default=4, ge=0, le=30)
    measure_rate_after: list[str] = Field(default_factory=list)
    scope_nouns: list[str]
    determiners: list[str]
    members_before: list[str] = Field(default_factory=list)
    enumeration_markers: list[str]
    restating: list[str]
    comparators: _Comparators
    metric_verbs: list[str]
    metric_to_verbs: list[str]
    metric_drop: list[str]
    metric_stops: list[str]
    metric_baseline: list[str] = Field(default_factory=list)
    tables: _Tables = Field(default_factory=_Tables)
    coordinated_facts: list[str] = Field(default_factory=list)
    denominator_before: list[str] = Field(default_factory=list)
    qualifiers: list[str] = Field(default_factory=list)
    generic_count_nouns: list[str] = Field(default_factory=list)
    empty_metrics: list[str] = Field(default_factory=list)
    metric_pairs: list[str] = Field(default_factory=list)
    noun_stops: list[str]
    noun_markers: list[str]
    excluded_units: list[str]


@dataclass(frozen=True)
class _Rules:
    cues: _Gazetteer[CueClass]
    forecast: _Gazetteer[bool]
    survey: _Gazetteer[bool]
    committed_sentence: _Gazetteer[bool]
    committed_before: _Gazetteer[bool]
    committed_window_before: int
    measure_rate_before: _Gazetteer[bool]
    measure_rate_window: int
    measure_rate_after: regex.Pattern[str]
    committed_after: regex.Pattern[str]
    comparator_before: regex.Pattern[str]
    comparator_of: dict[str, Comparator]
    future_markers: frozenset[str]
    determiners: frozenset[str]
    members_before: frozenset[str]
    enumeration: regex.Pattern[str]
    restating: regex.Pattern[str]
    scope_nouns: tuple[tuple[str, ...], ...]
    scope_by_head: dict[str, list[tuple[str, ...]]]
    cjk_scope_nouns: tuple[str, ...]
    cjk_metric_verbs: tuple[str, ...]
    cjk_metric_lead: tuple[str, ...]
    cjk_determiners: tuple[str, ...]
    metric_verb_end: regex.Pattern[str]
    metric_to_verb: regex.Pattern[str]
    metric_drop: frozenset[str]
    metric_stops: frozenset[str]
    metric_trailing: frozenset[str]
    metric_baseline: frozenset[str]
    coordinated_facts: frozenset[str]
    denominator_before: regex.Pattern[str]
    qualifier: regex.Pattern[str]
    generic_count_nouns: frozenset[str]
    empty_metrics: frozenset[str]
    metric_pairs: frozenset[str]
    tables: _Tables
    baseline_before: regex.Pattern[str]
    noun_stops: frozenset[str]
    noun_markers: frozenset[str]
    excluded_units: frozenset[str]

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The first words of every gazetteer's phrases (indexed once per text)."""
        gazetteers = (self.cues, self.forecast, self.survey, self.committed_sentence)
        more = (self.committed_before, self.measure_rate_before)
        return frozenset().union(*(g.firsts for g in (*gazetteers, *more)))


_WHERE = "futureind/data/targets.toml"


def _words_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace run."""
    uniq = sorted({p.strip().casefold() for p in phrases if p.strip()}, key=lambda s: (-len(s), s))
    parts = [r"\s+".join(regex.escape(w) for w in p.split()) for p in uniq]
    return "|".join(parts) if parts else "(?!)"


def _words_at_end(words: list[str], tail: str, where: str) -> regex.Pattern[str]:
    """One of ``words`` then ``tail``, ending where the search ends (searched backwards, as a
    test of what stands right before a position); never matches when ``words`` is empty."""
    if not words:
        return compile_pattern(r"(?!)", where=where)
    return compile_pattern(
        rf"(?<![\p{{L}}\p{{N}}_])(?:{_words_alternation(words)}){tail}$",
        flags=regex.IGNORECASE | regex.REVERSE,
        where=where,
    )


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("targets.toml", _TargetData)
    table: dict[str, CueClass] = {}
    # later lists win where a phrase is listed twice
    lists: tuple[tuple[CueClass, list[str]], ...] = (
        ("aim", data.aim_verbs),
        ("goal", data.goal),
        ("fact", data.fact),
        ("participle", data.participles),
        ("value", data.value_verbs),
        ("intent", data.intent),
        ("neutral", data.neutral),
    )
    for cls, phrases in lists:
        for p in phrases:
            table[p] = cls
    comparator_of: dict[str, Comparator] = {}
    comps: tuple[tuple[Comparator, list[str]], ...] = (
        ("gt", data.comparators.gt),
        ("ge", data.comparators.ge),
        ("eq", data.comparators.eq),
        ("approx", data.comparators.approx),
        ("le", data.comparators.le),
        ("lt", data.comparators.lt),
    )
    for comp, phrases in comps:
        for p in phrases:
            comparator_of.setdefault(" ".join(p.casefold().split()), comp)
    words = r"[\p{L}\p{N}&'’.-]+"
    wa = max(data.committed_window_after, 0)
    committed_after = compile_pattern(
        rf"\s*(?:\([^()]{{0,80}}\)\s*)?(?:{words}\s+){{0,{wa}}}?"
        rf"(?:{_words_alternation(data.committed_after)})(?![\p{{L}}\p{{N}}_])",
        flags=regex.IGNORECASE,
        where=f"{_WHERE}, committed_after",
    )
    measure_rate_after = compile_pattern(
        rf"\s*(?:{_words_alternation(data.measure_rate_after)})(?![\p{{L}}\p{{N}}_])"
        if data.measure_rate_after
        else r"(?!)",
        flags=regex.IGNORECASE,
        where=f"{_WHERE}, measure_rate_after",
    )
    comparator_before = compile_pattern(
        rf"(?<![\p{{L}}\p{{N}}_])(?P<cue>{_words_alternation(comparator_of)})\s*$",
        flags=regex.IGNORECASE | regex.REVERSE,  # anchored at the end: search backwards
        where=f"{_WHERE}, comparators",
    )
    enum_words = [m for m in data.enumeration_markers if m[:1].isalpha()]
    enum_marks = [m for m in data.enumeration_markers if not m[:1].isalpha()]
    enumeration = compile_pattern(
        r"[\s\"'”’]*(?:(?:"
        + _words_alternation(enum_words)
        + r")(?![\p{L}\p{N}_])"
        + ("|" + "|".join(regex.escape(m) for m in enum_marks) if enum_marks else "")
        + ")",
        flags=regex.IGNORECASE,
        where=f"{_WHERE}, enumeration_markers",
    )
    metric_verb_end = compile_pattern(
        rf"(?<![\p{{L}}\p{{N}}_])(?:{_words_alternation(data.metric_verbs)})\s*$",
        flags=regex.IGNORECASE | regex.REVERSE,  # anchored at the end: search backwards
        where=f"{_WHERE}, metric_verbs",
    )
    metric_to_verb = compile_pattern(
        rf"(?<![\p{{L}}\p{{N}}_])(?:{_words_alternation(data.metric_to_verbs)})\s+"
        r"(?P<np>(?:[^\s,;:()]+\s+){0,8}?[^\s,;:()]+)\s+(?:to|by)\s*$",
        flags=regex.IGNORECASE | regex.REVERSE,  # anchored at the end: search backwards
        where=f"{_WHERE}, metric_to_verbs",
    )
    scopes = tuple(tuple(_norm_word(w) for w in p.split()) for p in data.scope_nouns if p.split())
    scope_by_head: dict[str, list[tuple[str, ...]]] = {}
    for scope in scopes:
        scope_by_head.setdefault(scope[-1], []).append(scope)
    return _Rules(
        cues=_Gazetteer(table),
        forecast=_Gazetteer(dict.fromkeys([*data.forecast, *data.definition], True)),
        survey=_Gazetteer(dict.fromkeys(data.survey, True)),
        committed_sentence=_Gazetteer(dict.fromkeys(data.committed_sentence, True)),
        committed_before=_Gazetteer(dict.fromkeys(data.committed_before, True)),
        committed_window_before=data.committed_window_before,
        measure_rate_before=_Gazetteer(dict.fromkeys(data.measure_rate_before, True)),
        measure_rate_window=data.measure_rate_window,
        measure_rate_after=measure_rate_after,
        committed_after=committed_after,
        comparator_before=comparator_before,
        comparator_of=comparator_of,
        future_markers=frozenset(w.casefold() for w in data.future_markers),
        determiners=frozenset(w.casefold() for w in data.determiners),
        members_before=frozenset(w.casefold() for w in data.members_before),
        enumeration=enumeration,
        restating=compile_pattern(
            rf"\s*(?:{_words_alternation(data.restating)})(?![\p{{L}}\p{{N}}_])",
            flags=regex.IGNORECASE,
            where=f"{_WHERE}, restating",
        ),
        scope_nouns=scopes,
        scope_by_head=scope_by_head,
        cjk_scope_nouns=tuple(p for p in data.scope_nouns if is_cjk(p)),
        cjk_metric_verbs=tuple(
            p for p in [*data.metric_verbs, *data.goal, *data.value_verbs] if is_cjk(p)
        ),
        cjk_metric_lead=tuple(p for p in data.metric_drop if is_cjk(p)),
        cjk_determiners=tuple(p for p in data.determiners if is_cjk(p)),
        metric_verb_end=metric_verb_end,
        metric_to_verb=metric_to_verb,
        metric_drop=frozenset(w.casefold() for w in data.metric_drop),
        metric_stops=frozenset(
            [*(w.casefold() for w in data.metric_stops), *(w.casefold() for w in data.aim_verbs)]
        ),
        metric_trailing=frozenset(
            w.casefold() for w in [*data.metric_drop, *data.participles, "put"] if " " not in w
        ),
        metric_baseline=frozenset(w.casefold() for w in data.metric_baseline),
        coordinated_facts=frozenset(w.casefold() for w in data.coordinated_facts),
        denominator_before=_words_at_end(
            data.denominator_before, r"\s*", f"{_WHERE}, denominator_before"
        ),
        qualifier=compile_pattern(
            "|".join(f"(?:{q})" for q in data.qualifiers) + r"\s*$" if data.qualifiers else "(?!)",
            flags=regex.IGNORECASE | regex.REVERSE,
            where=f"{_WHERE}, qualifiers",
        ),
        generic_count_nouns=frozenset(w.casefold() for w in data.generic_count_nouns),
        empty_metrics=frozenset(w.casefold() for w in data.empty_metrics),
        metric_pairs=frozenset(" ".join(w.casefold().split()) for w in data.metric_pairs),
        tables=data.tables,
        baseline_before=_words_at_end(
            data.metric_baseline,
            r"\s+(?:(?:the\s+)?(?:current|present|existing)\s+)?",
            f"{_WHERE}, metric_baseline",
        ),
        noun_stops=frozenset(w.casefold() for w in data.noun_stops),
        noun_markers=frozenset(w.casefold() for w in data.noun_markers),
        excluded_units=frozenset(data.excluded_units),
    )


# ------------------------------------------------------------------ text helpers

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}&'’.\-/+]*")
_QUOTES = "\"'“”‘’「」『』"
_CLAUSE_MARKS = ";；"  # and a colon before a space (see _breaks)
_CHUNK_MARKS = ",，;；"
_NOUN_STOP = regex.compile(r"[,.;:!?()\[\]，。；：！？（）\n—–]|\s-\s")
_SHORT_QUOTE = 60
_BRACKET_CHARS = "()（）[]"
_LEADING_CONJUNCTION = regex.compile(r"(?i)(?:and|or|while|whereas|as well as|but)\s+")
_DIGIT_COMMA = regex.compile(r"(?<=\d),(?=\d{3})")
_NOUN_WORD = regex.compile(r"[\"“”‘’']?[\p{L}\p{N}][\p{L}\p{N}&'’\-/+.]*[\"“”‘’']?")
_OF = regex.compile(r"\s*of\s+")


_NORM_STRIP = _QUOTES + ".,;:"


def _norm_word(w: str) -> str:
    return w.strip(_NORM_STRIP).casefold()


def _char_positions(text: str, chars: str) -> list[int]:
    """Offsets of every occurrence of any of ``chars`` in ``text``, in order (str.find)."""
    out: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _bracket_regions(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each bracketed stretch (outermost), at most 400 characters."""
    regions: list[tuple[int, int]] = []
    opens = {"(": ")", "（": "）", "[": "]"}
    stack: list[tuple[int, str]] = []
    last = 0  # the bracket before: a line break since then ends every open bracket
    for pos in _char_positions(text, _BRACKET_CHARS):
        if stack and text.find("\n", last, pos) >= 0:
            stack.clear()
        last = pos
        ch = text[pos]
        if ch in opens:
            stack.append((pos, opens[ch]))
            if len(stack) > 8:
                stack.pop(0)
        elif stack and stack[-1][1] == ch:
            start, _ = stack.pop()
            if not stack and pos + 1 - start <= 400:
                regions.append((start, pos + 1))
        else:
            stack.clear()
    return regions


_N = _SHORT_QUOTE
_QUOTE_SPAN = regex.compile(
    rf"\"[^\"\n]{{1,{_N}}}\"|“[^“”\n]{{1,{_N}}}”|‘[^‘’\n]{{1,{_N}}}’|「[^」\n]{{1,{_N}}}」"
)


def _short_quotes(text: str) -> list[tuple[int, int]]:
    """Short quotations: names and titles (``"Double Five"``), not reported speech."""
    return [
        (m.start(), m.end())
        for m in _QUOTE_SPAN.finditer(text, timeout=REGEX_TIMEOUT)
        if len(m.group().split()) <= 5
        and not _SPEECH_PUNCT.search(m.group(), 1, len(m.group()) - 1)
    ]


_SPEECH_PUNCT = regex.compile(r"[,.!?;:，。！？；：]")


class _Regions:
    """Sorted, non-overlapping regions with an O(log n) containment test."""

    def __init__(self, regions: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(regions):
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self.regions = merged
        self.starts = [s for s, _ in merged]

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0:
            s, e = self.regions[i]
            if s <= start and end <= e and not (s == start and e == end):
                return s, e
        return None

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.regions[i][1] > start

    def mask(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` with every region replaced by spaces (offsets kept)."""
        out: list[str] = []
        pos = start  # copied up to here
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        for j in range(i, len(self.regions)):  # an index, not a slice: no copy of the rest
            s, e = self.regions[j]
            if s >= end:
                break
            s, e = max(s, start), min(e, end)
            if s < e:
                out += (text[pos:s], " " * (e - s))
                pos = e
        out.append(text[pos:end])
        return "".join(out)


_SPACE = regex.compile(r"\s")


def _breaks(text: str, marks: str) -> list[int]:
    """Offsets of the characters of ``marks`` in ``text``, and of each colon before a space:
    the matches of ``[marks]|[:：](?=\\s)``, found with ``str.find``."""
    colons = [i for i in _char_positions(text, ":：") if _SPACE.match(text, i + 1)]
    return sorted(_char_positions(text, marks) + colons)


def _between(breaks: Sequence[int], pos: int, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``[start, end)`` between the breaks around ``pos``."""
    i = bisect.bisect_right(breaks, pos - 1)
    lo = max(breaks[i - 1] + 1, start) if i > 0 else start
    hi = min(breaks[i], end) if i < len(breaks) else end
    return lo, hi


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, leading conjunctions and trailing stops from ``text[start:end]``."""
    while start < end and (text[start].isspace() or text[start] in ",;:，；："):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:。，；：!?"):
        end -= 1
    m = _LEADING_CONJUNCTION.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    return start, end


# ------------------------------------------------------------------ the extractor


class _Cue(NamedTuple):  # a tuple: thousands are built per text
    start: int
    end: int
    cls: CueClass


@dataclass
class _Candidate:
    target: Target
    segment: Segment
    key: tuple[object, ...]


def find_targets(doc: Document) -> list[Target]:
    """Forward-looking quantitative goals in ``doc``, in text order.

    >>> from futureind import extract
    >>> text = "By 2030, output from the city's future industries will exceed 500 billion yuan."
    >>> [(t.comparator, t.value.amount, t.value.unit, t.year) for t in extract(text).targets]
    [('gt', 500000000000.0, 'CNY', 2030)]
    """
    try:
        return _find_targets(doc)
    except regex.error:  # a pattern timeout on pathological input: give up cleanly
        return []


def _forecast_before(forecast_at: list[int], cues: _CueIndex, start: int, pos: int) -> bool:
    """Does a forecast cue start in ``[start, pos)`` with no intent cue between it and
    ``pos``? (An intent elsewhere in the sentence does not make a forecast a goal.)"""
    i = bisect.bisect_left(forecast_at, pos) - 1
    return i >= 0 and forecast_at[i] >= start and not cues.any_in(forecast_at[i], pos, "intent")


def _find_targets(doc: Document) -> list[Target]:
    doc.measure_rates = []
    if not doc.quantities or not doc.segments:
        return []
    rules = _rules()
    text = doc.text
    brackets = _Regions(_bracket_regions(text))
    quotes = _Regions(_short_quotes(text))
    masked_text = brackets.mask(text, 0, len(text))
    tokens = _Tokens(masked_text, rules.first_words)
    cues = _CueIndex(_scan_cues(doc, rules, tokens, brackets, quotes))
    committed_at = [m.start for m in rules.committed_sentence.finditer(tokens)]
    directions = _DirectionIndex(doc)
    clause_breaks = _breaks(masked_text, _CLAUSE_MARKS)
    chunk_breaks = _breaks(_mask_digit_commas(masked_text), _CHUNK_MARKS)
    committed_before = _Committed(rules.committed_before.finditer(tokens), tokens)
    measure_rates = _Committed(rules.measure_rate_before.finditer(tokens), tokens)
    forecast_at = [m.start for m in rules.forecast.finditer(tokens)]
    survey_at = [m.start for m in rules.survey.finditer(tokens)]
    named = _Regions(
        [(n.span.start, n.span.end) for n in doc.named]
        + [(s, e) for s, e in doc.organization_spans]
    )
    periods = [p for p in doc.periods if p.span is not None]
    period_regions = _Regions([(p.span.start, p.span.end) for p in periods if p.span])
    period_starts = [p.span.start for p in periods if p.span]

    by_segment: dict[int, list[QuantityMatch]] = {}
    seg_starts = [s.start for s in doc.segments]
    for q in doc.quantities:
        i = bisect.bisect_right(seg_starts, q.span.start) - 1
        if i >= 0 and q.span.end <= doc.segments[i].end:
            by_segment.setdefault(i, []).append(q)

    candidates: list[_Candidate] = []
    carried: int | None = None  # deadline governing the paragraph so far
    carried_paragraph = -1
    intro_deadline: int | None = None  # a deadline introducing a following list
    for i, seg in enumerate(doc.segments):
        if seg.paragraph != carried_paragraph:
            if seg.kind == "bullet" and intro_deadline is not None:
                carried = intro_deadline
            else:
                carried = None
                intro_deadline = None
            carried_paragraph = seg.paragraph
        if seg.kind in ("source", "byline", "dateline"):
            continue
        seg_periods = _periods_in(periods, period_starts, seg.start, seg.end)
        deadlines = [p for p in seg_periods if _deadline_year(p, doc) is not None]
        quantities = by_segment.get(i, [])
        if quantities:
            candidates.extend(
                _segment_targets(
                    doc,
                    rules,
                    seg,
                    quantities,
                    masked_text,
                    cues,
                    committed_at,
                    committed_before,
                    measure_rates,
                    forecast_at,
                    survey_at,
                    (clause_breaks, chunk_breaks),
                    directions,
                    brackets,
                    quotes,
                    named,
                    period_regions,
                    deadlines,
                    carried,
                )
            )
        if deadlines:
            carried = _deadline_year(deadlines[-1], doc)
        if text[seg.start : seg.end].rstrip().endswith((":", "：")):
            intro_deadline = carried
    table_targets, table_regions = _table_targets(doc, rules, directions)
    if table_regions:
        # a row of an indicator table is read by its columns, not as a sentence
        tables = _Regions(table_regions)
        candidates = [c for c in candidates if not tables.overlaps(c.segment.start, c.segment.end)]
        candidates += table_targets
    return _deduplicate(candidates)


# --------------------------------------------------------------------------- tables
_YEAR_IN_HEADER = regex.compile(r"(?<![\p{N}])(?:19|20|21)\d{2}(?![\p{N}])")
_LABEL_UNIT = regex.compile(r"\s*[(（]([^()（）]{1,30})[)）]\s*$")


def _table_targets(
    doc: Document, rules: _Rules, directions: _DirectionIndex
) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    """Targets of the indicator tables of ``doc``, and the spans of those tables."""
    out: list[_Candidate] = []
    regions: list[tuple[int, int]] = []
    for grid in find_grids(doc.text):
        columns = _target_columns(grid, rules.tables, doc)
        if not columns:
            continue
        regions.append((grid.start, grid.end))
        units = {w.casefold() for w in rules.tables.unit_headers}
        unit_col = next((i for i, c in enumerate(grid.header) if c.text.casefold() in units), None)
        for row, (rs, re_) in zip(grid.rows, grid.row_spans, strict=True):
            if len(row) < 2 or not row[0].text:
                continue
            label = row[0].text
            unit_phrase = ""
            m = _LABEL_UNIT.search(label)
            if m is not None:
                unit_phrase, label = m.group(1).strip(), label[: m.start()].strip()
            if unit_col is not None and unit_col < len(row) and row[unit_col].text:
                unit_phrase = row[unit_col].text
            for col, year in columns:
                if col >= len(row) or col == unit_col:
                    continue
                target = _cell_target(doc, rules.tables, row[col], unit_phrase, year)
                if target is None:
                    continue
                target = target.model_copy(
                    update={
                        "metric": label or None,
                        "issuer": issuer_for(doc, rs, re_),
                        "directions": directions.keys_in(rs, re_),
                        "evidence": Span.of(doc.text, rs, re_, rule="target.table"),
                    }
                )
                seg = Segment(rs, re_, "sentence", -1)
                out.append(_Candidate(target, seg, _dedup_key(target)))
    return out, regions


def _target_columns(grid: Grid, tables: _Tables, doc: Document) -> list[tuple[int, int]]:
    """``(column, year)`` of every column of targets: a year in the header, and a target word
    there or a year after the publication date; never a baseline ("2023 actual")."""
    out: list[tuple[int, int]] = []
    for i, cell in enumerate(grid.header):
        if i == 0:
            continue  # the labels
        m = _YEAR_IN_HEADER.search(cell.text)
        if m is None:
            continue
        year = int(m.group())
        head = cell.text.casefold()
        if any(w.casefold() in head for w in tables.baseline_words):
            continue
        if any(w.casefold() in head for w in tables.target_words) or (
            doc.published is not None and year > doc.published.year
        ):
            out.append((i, year))
    return out


def _cell_target(
    doc: Document, tables: _Tables, cell: Cell, unit_phrase: str, year: int
) -> Target | None:
    """The target a cell states (metric, issuer, directions and evidence are filled later)."""
    raw = cell.text
    comparator: Comparator | None = "eq"
    body = raw
    for sign in sorted(tables.cell_comparators, key=len, reverse=True):
        if body.startswith(sign):
            comparator, body = tables.cell_comparators[sign], body[len(sign) :].strip()
            break
    if not body:
        return None
    value: Quantity | None = None
    number = number_value(body)
    if number is not None and unit_phrase:
        value = parse_quantity(f"{body} {unit_phrase}")
    if value is None and number is None:
        value = parse_quantity(body)  # the unit in the cell itself: "60 billion yuan", "4.5%"
        if value is None:
            return None
    if value is None:
        value = Quantity(amount=number, unit="count", raw=raw)
    elif value.unit == "":
        value = value.model_copy(update={"unit": "count"})
    if value.amount is None:
        comparator = None  # a range
    value = value.model_copy(update={"raw": raw})
    return Target(
        metric=None,
        comparator=comparator,
        value=value,
        year=year,
        issuer=None,
        directions=[],
        evidence=Span.of(doc.text, cell.start, cell.end, rule="target.table"),
        value_span=Span.of(doc.text, cell.start, cell.end, rule="target.table"),
        rule="target.table",
    )


def _periods_in(periods: list[Period], starts: list[int], start: int, end: int) -> list[Period]:
    i = bisect.bisect_left(starts, start)
    out = []
    for k in range(i, len(periods)):  # an index, not a slice: no copy of the rest
        p = periods[k]
        assert p.span is not None
        if p.span.start >= end:
            break
        if p.span.end <= end:
            out.append(p)
    return out


def _deadline_year(p: Period, doc: Document) -> int | None:
    """The year ``p`` sets as a deadline, or None (a date, or a year already past)."""
    if p.kind == "date" or p.end is None:
        return None
    if doc.published is not None and p.end < doc.published.year:
        return None
    return p.end


def _scan_cues(
    doc: Document, rules: _Rules, tokens: _Tokens, brackets: _Regions, quotes: _Regions
) -> list[_Cue]:
    text = doc.text
    found: list[_Cue] = []
    for m in rules.cues.finditer(tokens):
        cls: CueClass = m.value
        if cls == "neutral" or quotes.containing(m.start, m.end) is not None:
            continue
        if cls in ("fact", "participle") and _after_word(text, tokens, m, rules.future_markers, 2):
            continue
        if cls == "aim" and _after_word(text, tokens, m, rules.noun_markers, 1):
            continue  # a noun, not a verb: "a year-on-year increase of 5%"
        found.append(_Cue(m.start, m.end, cls))
    for p in doc.periods:
        if p.span is None or brackets.overlaps(p.span.start, p.span.end):
            continue
        if p.kind == "date" or p.end is None:
            continue
        if doc.published is not None and p.end < doc.published.year:
            found.append(_Cue(p.span.start, p.span.end, "past"))
        elif p.kind in ("deadline", "range") or doc.published is not None:
            found.append(_Cue(p.span.start, p.span.end, "deadline"))
    found.sort(key=attrgetter("start", "end"))
    return found


def _after_word(
    text: str, tokens: _Tokens, hit: _Hit[CueClass], vocabulary: frozenset[str], n: int
) -> bool:
    """Is one of the ``n`` words before the cue ``hit`` in ``vocabulary``?"""
    if hit.word >= 0:
        return not vocabulary.isdisjoint(tokens.words[max(0, hit.word - n) : hit.word])
    before = text[max(0, hit.start - 40) : hit.start]
    words = [w.casefold() for w in _WORD.findall(before)[-n:]]
    return any(w in vocabulary for w in words)


def _segment_targets(
    doc: Document,
    rules: _Rules,
    seg: Segment,
    quantities: list[QuantityMatch],
    masked_text: str,
    cues: _CueIndex,
    committed_at: list[int],
    committed_before: _Committed,
    measure_rates: _Committed,
    forecast_at: list[int],
    survey_at: list[int],
    breaks: tuple[list[int], list[int]],
    directions: _DirectionIndex,
    brackets: _Regions,
    quotes: _Regions,
    named: _Regions,
    period_regions: _Regions,
    deadlines: list[Period],
    carried: int | None,
) -> list[_Candidate]:
    text = doc.text
    has_intent = cues.any_in(seg.start, seg.end, "intent")
    i = bisect.bisect_left(forecast_at, seg.start)
    forecast = i < len(forecast_at) and forecast_at[i] < seg.end
    i = bisect.bisect_left(survey_at, seg.start)
    if i < len(survey_at) and survey_at[i] < seg.end:
        return []  # survey results and their respondents' plans are not targets

    kept: list[tuple[QuantityMatch, tuple[int, int], tuple[int, int], str]] = []
    q_starts = [q.span.start for q in quantities]
    deadline_starts = [p.span.start if p.span else 0 for p in deadlines]
    for q in quantities:
        s, e = q.span.start, q.span.end
        if brackets.containing(s, e) or quotes.containing(s, e) or named.containing(s, e):
            continue
        # a year is no target; a count whose noun runs into a period ("robots next year") is
        if period_regions.overlaps(s, s + 1) or _in_name(text, s, seg.start):
            continue
        clause = _between(breaks[0], s, seg.start, seg.end)
        chunk = _between(breaks[1], s, seg.start, seg.end)
        decision = _decide(cues, clause, seg, s, e, carried)
        if decision is not None and decision.cls == "fact":
            decision = _coordinated_have(text, rules, cues, seg, decision)
        if decision is None or decision.cls not in _GOAL_CLASSES:
            continue
        if forecast and not has_intent:
            continue
        if forecast and _forecast_before(forecast_at, cues, max(chunk[0], s - 60), s):
            continue  # "is likely to reach only 11.7%, well below the 20% target": a forecast
        if _past_clause(cues, clause):
            continue
        unit = q.quantity.unit
        if unit in rules.excluded_units:
            continue
        if unit == "":
            counted = _number_of(text, q, clause)
            if counted is None:
                continue
            q, unit = counted, counted.quantity.unit
        if unit not in _MONEY_EXCLUDED_UNITS and _committed(
            rules, masked_text, cues, committed_at, committed_before, clause, s, e
        ):
            continue
        if unit == "count" and _scope_count(text, rules, q):
            continue
        if unit == "percent" and (
            measure_rates.before(s, clause[0], rules.measure_rate_window)
            or rules.measure_rate_after.match(masked_text, e, clause[1])
        ):
            # the rate of a measure: "tax credits of up to 40 percent", "a 30% subsidy"
            doc.measure_rates.append(q)
            continue
        if _baseline(text, rules, q, q_starts, clause):
            continue
        if rules.qualifier.search(masked_text, max(clause[0], s - 80), s):
            continue  # "50 enterprises with annual revenue above 100 million yuan"
        if rules.denominator_before.search(text, max(clause[0], s - 16), s):
            continue  # "500 robots per 10,000 workers": the second number is a denominator
        if unit == "times" and (
            _level_follows(text, q, quantities, q_starts, chunk)
            or rules.restating.match(text, e, min(len(text), e + 30))
        ):
            continue
        if unit in ("percent", "") and _scope_share(text, rules, q, cues, clause):
            continue
        rule = f"target.{decision.cls}"
        kept.append((q, clause, chunk, rule))

    out: list[_Candidate] = []
    chunk_counts: dict[tuple[int, int], int] = {}
    clause_counts: dict[tuple[int, int], int] = {}
    for _, clause, chunk, _ in kept:
        chunk_counts[chunk] = chunk_counts.get(chunk, 0) + 1
        clause_counts[clause] = clause_counts.get(clause, 0) + 1
    issuer_cache: dict[tuple[tuple[int, int], tuple[int, int]], str | None] = {}
    for q, clause, chunk, rule in kept:
        if len(kept) == 1:
            ev = (seg.start, seg.end)
        elif clause_counts[clause] == 1:
            ev = clause
        else:
            ev = chunk
        if ev != (seg.start, seg.end):
            ev = _trim(text, *ev)
            if ev[1] <= ev[0]:
                ev = (seg.start, seg.end)
        if ev[1] - ev[0] > _MAX_EVIDENCE:
            ev = _window(text, ev, q.span.start, q.span.end)
        year = _year_for(doc, deadlines, deadline_starts, clause, chunk, q, carried)
        comparator = _comparator(rules, text, q, seg.start)
        value, metric = _value_and_metric(doc, rules, q, clause, chunk)
        key = (ev, chunk)
        if key not in issuer_cache:
            # the chunk of the value first: "Shanghai launched a fund, and Shenzhen plans to
            # cultivate 10 companies" sets Shenzhen's target
            who = issuer_for(doc, chunk[0], chunk[1]) if chunk != ev else None
            if who is None:
                who = issuer_for(doc, ev[0], ev[1])
            if who is None and ev != (seg.start, seg.end):
                who = issuer_for(doc, seg.start, seg.end)
            issuer_cache[key] = who
        target = Target(
            metric=metric,
            comparator=comparator,
            value=value,
            year=year,
            issuer=issuer_cache[key],
            directions=directions.keys_in(ev[0], ev[1]),
            evidence=Span.of(text, ev[0], ev[1], rule=rule),
            value_span=Span.of(text, q.span.start, q.span.end, rule=q.rule),
            rule=rule,
        )
        out.append(_Candidate(target, seg, _dedup_key(target)))
    return out


_METRIC_REACH = 300

_NUMBERISH = regex.compile(r"[\d.,\-–%]+")
_TO_END = regex.compile(r"(?<![\p{L}])to\s+(?:[\p{L}]+\s+){0,3}$")


def _level_follows(
    text: str,
    q: QuantityMatch,
    quantities: list[QuantityMatch],
    starts: list[int],
    chunk: tuple[int, int],
) -> bool:
    """ "double its share to 20%": the level states the target, the multiple does not."""
    i = bisect.bisect_right(starts, q.span.end)
    for other in quantities[i : i + 4]:
        if other.span.start < chunk[1] and other.quantity.unit != "times":
            return bool(_TO_END.search(text, q.span.end, other.span.start))
    return False


def _in_name(text: str, start: int, floor: int) -> bool:
    """A capitalised number word after a capitalised word is part of a name ("Double Ten")."""
    if not text[start : start + 1].isupper() or start <= floor:
        return False
    prev = _WORD.findall(text[max(floor, start - 30) : start])
    return bool(prev) and prev[-1][:1].isupper() and text[start - 1 : start].isspace()


_MAX_EVIDENCE = 600


def _window(text: str, ev: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """A stretch of whole words around ``[start, end)`` inside ``ev``, for run-on text."""
    lo = max(ev[0], start - _MAX_EVIDENCE // 2)
    hi = min(ev[1], end + _MAX_EVIDENCE // 2)
    if lo > ev[0]:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < ev[1]:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def _mask_digit_commas(s: str) -> str:
    """Thousands separators are not clause breaks: '1,000' keeps its comma hidden."""
    return _DIGIT_COMMA.sub(" ", s)


class _CueIndex:
    """Cues in text order with O(log n) lookups around a position."""

    def __init__(self, cues: list[_Cue]) -> None:
        self.cues = cues
        self.starts = [c.start for c in cues]
        self.by_class: dict[str, list[int]] = {}
        for c in cues:
            self.by_class.setdefault(c.cls, []).append(c.start)

    def last_before(self, pos: int, floor: int) -> _Cue | None:
        """The last cue ending at or before ``pos`` and starting at or after ``floor``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        steps = 0
        while i >= 0 and self.cues[i].start >= floor and steps < 16:
            if self.cues[i].end <= pos:
                return self.cues[i]
            i -= 1
            steps += 1
        return None

    def first_after(self, pos: int, ceiling: int) -> _Cue | None:
        """The first cue starting at or after ``pos`` and ending by ``ceiling``."""
        i = bisect.bisect_left(self.starts, pos)
        if i < len(self.cues) and self.cues[i].end <= ceiling:
            return self.cues[i]
        return None

    def any_in(self, start: int, end: int, cls: CueClass) -> bool:
        """Is there a cue of class ``cls`` inside ``[start, end)``?"""
        starts = self.by_class.get(cls, [])
        i = bisect.bisect_left(starts, start)
        return i < len(starts) and starts[i] < end


_AND_BEFORE = regex.compile(r"(?<![\p{L}])and\s+$", regex.IGNORECASE | regex.REVERSE)


def _coordinated_have(text: str, rules: _Rules, cues: _CueIndex, seg: Segment, cue: _Cue) -> _Cue:
    """ "will build 8 zones, and have 50 platforms": a "have" joined by "and" to a goal
    shares the goal's frame; any other fact cue stands."""
    if text[cue.start : cue.end].casefold() not in rules.coordinated_facts:
        return cue
    if not _AND_BEFORE.search(text, max(seg.start, cue.start - 12), cue.start):
        return cue
    frame = cues.last_before(cue.start, seg.start)
    return frame if frame is not None and frame.cls in _GOAL_CLASSES else cue


def _decide(
    cues: _CueIndex,
    clause: tuple[int, int],
    seg: Segment,
    start: int,
    end: int,
    carried: int | None,
) -> _Cue | None:
    """The cue that decides whether the number at ``[start, end)`` is an aim."""
    found = cues.last_before(start, clause[0])
    if found is None:
        found = cues.first_after(end, clause[1])
    if found is None:
        found = cues.last_before(clause[0], seg.start)
    if found is not None and found.cls == "participle":
        # a participle inside a sentence framed by a goal ("will ..., with 50 routes opened")
        frame = cues.last_before(found.start, seg.start)
        for _ in range(8):
            if frame is None or frame.cls != "participle":
                break
            frame = cues.last_before(frame.start, seg.start)
        if frame is not None and frame.cls in _GOAL_CLASSES:
            return frame
    if found is not None:
        return found
    if carried is not None:
        return _Cue(start, start, "deadline")
    return None


class _DirectionIndex:
    """Direction mentions sorted by offset, for the keys inside a span in O(log n + k)."""

    def __init__(self, doc: Document) -> None:
        rank = {d.key: i for i, d in enumerate(doc.directions)}
        self.mentions = sorted(
            (m.start, m.end, rank[d.key], d.key) for d in doc.directions for m in d.mentions
        )
        self.starts = [m[0] for m in self.mentions]

    def keys_in(self, start: int, end: int) -> list[str]:
        """Keys with a mention inside ``[start, end)``, in the order of ``doc.directions``."""
        i = bisect.bisect_left(self.starts, start)
        found: dict[str, int] = {}
        while i < len(self.mentions) and self.mentions[i][0] < end:
            _, e, rank, key = self.mentions[i]
            if e <= end:
                found[key] = rank
            i += 1
        return sorted(found, key=found.__getitem__)


class _Committed:
    """Where committed-money cues end, and how many words lie between a cue and a value."""

    def __init__(self, hits: list[_Hit[bool]], tokens: _Tokens) -> None:
        self.ends = sorted(h.end for h in hits)
        self.tokens = tokens
        self.token_starts = tokens.starts()

    def before(self, start: int, floor: int, window: int) -> bool:
        """Does a cue end within ``window`` words before ``start`` (and after ``floor``)?"""
        i = bisect.bisect_right(self.ends, start) - 1
        if i < 0 or self.ends[i] < floor:
            return False
        lo = bisect.bisect_left(self.token_starts, self.ends[i])
        hi = bisect.bisect_left(self.token_starts, start)
        return hi - lo <= window


_TO_NEXT = regex.compile(r"\s{1,3}(?:to|up\s+to)\s{1,3}", regex.IGNORECASE)


def _baseline(
    text: str, rules: _Rules, q: QuantityMatch, q_starts: list[int], clause: tuple[int, int]
) -> bool:
    """Is ``q`` the starting level of a change to another number ("from 40 to 120")?"""
    s, e = q.span.start, q.span.end
    if not rules.baseline_before.search(text, max(clause[0], s - 40), s):
        return False
    to = _TO_NEXT.match(text, e, clause[1])
    if to is None:
        return False
    i = bisect.bisect_left(q_starts, to.end())
    return i < len(q_starts) and q_starts[i] == to.end()


def _committed(
    rules: _Rules,
    masked_text: str,
    cues: _CueIndex,
    committed_at: list[int],
    committed_before: _Committed,
    clause: tuple[int, int],
    start: int,
    end: int,
) -> bool:
    """Is the amount at ``[start, end)`` money a measure commits?"""
    if committed_before.before(start, clause[0], rules.committed_window_before):
        return True
    if rules.committed_after.match(masked_text, end, min(clause[1], end + 160)):
        return True
    i = bisect.bisect_left(committed_at, clause[0])
    if i < len(committed_at) and committed_at[i] < clause[1]:
        before = cues.last_before(start, clause[0])
        return not (before is not None and before.cls in ("intent", "value"))
    return False


def _noun_phrase(text: str, start: int, limit: int = 80) -> tuple[str, int]:
    """The words after ``start`` up to punctuation or a preposition; and where they end."""
    window = text[start : start + limit]
    stop = _NOUN_STOP.search(window)
    if stop:
        window = window[: stop.start()]
    words: list[str] = []
    end = start
    stops = _rules().noun_stops
    for m in _NOUN_WORD.finditer(window, timeout=REGEX_TIMEOUT):
        core = _norm_word(m.group())
        if core in stops:
            break
        words.append(m.group().strip(".,"))
        end = start + m.end()
        if len(words) >= 8:
            break
    return " ".join(words), end


def _scope_count(text: str, rules: _Rules, q: QuantityMatch) -> bool:
    """Does the count at ``q`` refer to a known set or describe a plan's scope?"""
    s, e = q.span.start, q.span.end
    prev = _WORD.findall(text[max(0, s - 40) : s])
    if prev:
        last = prev[-1].casefold()
        if last in rules.determiners or last.endswith(("'s", "’s", "s'", "s’")):
            return True
        if is_cjk(last) and last.endswith(rules.cjk_determiners):
            return True
        if last == "of" and len(prev) >= 2 and prev[-2].casefold() in rules.members_before:
            return True  # "a consortium of 15 companies": the members of a body
    before = text[max(0, s - 3) : s]
    if before.rstrip().endswith(("'s", "’s", "s'", "s’")):
        return True
    if q.quantity.min is not None or q.quantity.max is not None:
        return False
    if q.comparator not in (None, "eq"):
        return False
    noun = q.quantity.noun or ""
    if noun and text[s:e].rstrip(_QUOTES + " ").endswith(noun.rstrip(_QUOTES + " ")):
        phrase, phrase_end = noun, e  # the parser's span already holds the counted noun
    else:
        phrase, phrase_end = _noun_phrase(text, e)
        phrase = phrase or noun
    if _has_scope_head(phrase, rules):
        return True
    return bool(rules.enumeration.match(text, phrase_end, min(len(text), phrase_end + 20)))


def _has_scope_head(phrase: str, rules: _Rules) -> bool:
    if is_cjk(phrase):
        return phrase.strip(_QUOTES + " ").endswith(rules.cjk_scope_nouns)
    words = [_norm_word(w) for w in phrase.split()]
    words = [w for w in words if w]
    if not words:
        return False
    return any(
        len(words) >= len(scope) and tuple(words[-len(scope) :]) == scope
        for scope in rules.scope_by_head.get(words[-1], ())
    )


def _scope_share(
    text: str, rules: _Rules, q: QuantityMatch, cues: _CueIndex, clause: tuple[int, int]
) -> bool:
    """A share of a plan's scope in subject position ("half of the future industries")."""
    if cues.last_before(q.span.start, clause[0]) is not None:
        return False
    m = _OF.match(text[q.span.end : q.span.end + 10])
    if not m:
        return False
    phrase, _ = _noun_phrase(text, q.span.end + m.end())
    words = phrase.split()
    if words and _norm_word(words[0]) in rules.determiners:
        phrase = " ".join(words[1:])
    return _has_scope_word(phrase, rules)


def _has_scope_word(phrase: str, rules: _Rules) -> bool:
    words = [w for w in (_norm_word(w) for w in phrase.split()) if w]
    return any(
        tuple(words[i : i + len(scope)]) == scope
        for scope in rules.scope_nouns
        for i in range(len(words) - len(scope) + 1)
    )


_NUMBER_OF = regex.compile(
    r"(?i)(?<![\p{L}])number\s+of\s+(?P<noun>[^,;:()]{1,60}?)\s+(?:will|should|is|to|shall|must)\b"
)


def _number_of(text: str, q: QuantityMatch, clause: tuple[int, int]) -> QuantityMatch | None:
    """A bare number whose clause says what it counts ("the number of X will exceed 1,000")."""
    found = list(_NUMBER_OF.finditer(text, max(clause[0], q.span.start - 120), q.span.start))
    if not found:
        return None
    value = q.quantity.model_copy(update={"unit": "count", "noun": found[-1].group("noun")})
    return q.model_copy(update={"quantity": value})


def _past_clause(cues: _CueIndex, clause: tuple[int, int]) -> bool:
    """A clause dated in the past and to no future deadline states a result."""
    past = cues.any_in(clause[0], clause[1], "past")
    return past and not cues.any_in(clause[0], clause[1], "deadline")


def _year_for(
    doc: Document,
    deadlines: list[Period],
    starts: list[int],
    clause: tuple[int, int],
    chunk: tuple[int, int],
    q: QuantityMatch,
    carried: int | None,
) -> int | None:
    """The deadline of the target at ``q``: in its chunk after it, else before it in the
    sentence, else a "by ..." later in its clause, else the one governing the paragraph."""
    s = q.span.start
    i = bisect.bisect_right(starts, s)
    if i < len(deadlines):
        nxt = deadlines[i]
        assert nxt.span is not None
        if nxt.span.end <= chunk[1]:
            return _deadline_year(nxt, doc)
    j = bisect.bisect_right(starts, s) - 1
    while j >= 0:
        span = deadlines[j].span
        if span is not None and span.end <= s:
            return _deadline_year(deadlines[j], doc)
        j -= 1
    while i < len(deadlines):
        p = deadlines[i]
        if p.span is None or p.span.end > clause[1]:
            break
        if p.kind == "deadline":
            return _deadline_year(p, doc)
        i += 1
    return carried


def _comparator(rules: _Rules, text: str, q: QuantityMatch, floor: int) -> Comparator | None:
    value = q.quantity
    if value.amount is None and (value.min is not None or value.max is not None):
        return None
    if q.comparator is not None:
        return q.comparator
    m = rules.comparator_before.search(text, max(floor, q.span.start - 40), q.span.start)
    if m:
        return rules.comparator_of.get(" ".join(m.group("cue").casefold().split()), "eq")
    return "eq"


def _value_and_metric(
    doc: Document,
    rules: _Rules,
    q: QuantityMatch,
    clause: tuple[int, int],
    chunk: tuple[int, int],
) -> tuple[Quantity, str | None]:
    text = doc.text
    value = q.quantity
    if value.unit == "count":
        noun = value.noun or _noun_phrase(text, q.span.end)[0] or None
        if noun is not None and noun.casefold() in rules.generic_count_nouns:
            # "the density of industrial robots will reach 500 units": the subject
            return value, _metric(text, rules, q, clause) or noun
        if noun is None and is_cjk(text[max(clause[0], q.span.start - 8) : q.span.start]):
            return value, _metric(text, rules, q, clause)  # "领军企业100家": the noun before
        return value, _clean_metric(noun, rules)
    metric = _metric(text, rules, q, clause)
    if metric is None or metric.split()[-1].casefold() in rules.empty_metrics:
        # "targets 1 trillion yuan in output", "a target of 30% renewable power"
        after = _IN_AFTER.match(text, q.span.end, clause[1])
        start = after.end() if after is not None else q.span.end
        noun = _clean_metric(_noun_phrase(text, start)[0], rules)
        metric = noun or None
    return value, metric


_IN_AFTER = regex.compile(r"\s*in\s+(?=\p{L})")


def _clean_metric(phrase: str | None, rules: _Rules) -> str | None:
    if not phrase:
        return None
    words = phrase.split()
    while words and _norm_word(words[0]) in rules.metric_drop:
        words.pop(0)
    for k in range(len(words) - 1):
        # "quantum specialists from 384 (to 2,500)": the baseline is not part of the metric
        if _norm_word(words[k]) in rules.metric_baseline and _NUMBERISH.fullmatch(
            _norm_word(words[k + 1])
        ):
            del words[k:]
            break
    while len(words) > 1 and _norm_word(words[-1]) in rules.metric_trailing:
        words.pop()
    out = " ".join(words).strip(" ,;:")
    return out or None


def _phrase_back(text: str, rules: _Rules, start: int, end: int) -> str:
    """Words read back from ``end`` to a stop word or punctuation (at most 10 words)."""
    piece = text[start:end]
    cut = max(map(piece.rfind, ",;:，；：()"))
    if cut >= 0:
        piece = piece[cut + 1 :]
    words = piece.split()
    while words and _norm_word(words[-1]) in rules.metric_stops:
        words.pop()  # auxiliaries between subject and verb: "output will (reach)"
    out: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if len(out) >= 10:
            break
        norm = _norm_word(w)
        if norm in rules.metric_stops:
            # "output value in Shanghai": a place after "in" belongs to the metric
            place = w == "in" and out and all(x[:1].isupper() for x in out)
            # "research and development spending": a fixed pair joined by "and" is one noun
            pair = (
                k > 0
                and out
                and f"{_norm_word(words[k - 1])} {w.casefold()} {_norm_word(out[-1])}"
                in rules.metric_pairs
            )
            if not place and not pair:
                break
        if _NUMBERISH.fullmatch(norm):
            break
        out.append(w)
    return " ".join(reversed(out))


def _metric(text: str, rules: _Rules, q: QuantityMatch, clause: tuple[int, int]) -> str | None:
    s, e = q.span.start, q.span.end
    lead = s
    cs = q.comparator_span
    if cs is not None and cs.end <= s and not rules.metric_verb_end.search(cs.text):
        lead = min(lead, cs.start)
    m = rules.comparator_before.search(text, max(clause[0], lead - 40), lead)
    if m and m.group("cue").casefold() != "of" and not rules.metric_verb_end.search(m.group()):
        lead = m.start()
    floor = max(clause[0], lead - _METRIC_REACH)  # read at most this far back
    pre = text[floor:lead].rstrip()
    if is_cjk(pre[-8:]):
        return _cjk_metric(pre, rules)
    of_after = _OF.match(text, e, min(clause[1], e + 12))
    of_end = of_after.end() if of_after else e
    if pre.casefold().endswith(" of") or pre.casefold() == "of":
        np = _phrase_back(text, rules, floor, floor + len(pre) - 2)
        return _clean_metric(np, rules)
    # anchored at the end of ``pre`` (stripped, so ``$`` is its end): match, not search,
    # spares a failed attempt at every earlier position
    to_verb = rules.metric_to_verb.match(pre)
    if to_verb and not any(_norm_word(w) in rules.metric_stops for w in to_verb["np"].split()):
        metric = _clean_metric(to_verb.group("np"), rules)
        if metric:
            return metric
        # "output will grow from 10 to 20 percent": the subject before the verb
        pre = pre[: to_verb.start()].rstrip()
        return _clean_metric(_phrase_back(text, rules, floor, floor + len(pre)), rules)
    verb = rules.metric_verb_end.search(pre)
    if verb:
        subject = _clean_metric(_phrase_back(text, rules, floor, floor + verb.start()), rules)
        share = "account" in verb.group().casefold() or q.quantity.unit == "percent"
        if share and of_after and subject:
            whole = _clean_metric(_noun_phrase(text, of_end)[0], rules)
            if whole:
                return f"{subject} as a share of {whole}"
        return subject
    if q.quantity.unit in ("percent", "percentage_point") and of_after:
        whole = _clean_metric(_noun_phrase(text, of_end)[0], rules)
        return f"share of {whole}" if whole else None
    if q.quantity.unit == "times":
        after_np = _clean_metric(_noun_phrase(text, e, limit=120)[0], rules)
        return after_np or _clean_metric(_phrase_back(text, rules, clause[0], lead), rules)
    if of_after and q.quantity.unit not in ("percent", "percentage_point"):
        return _clean_metric(_noun_phrase(text, of_end)[0], rules)
    return None


_CJK_SUBJECT = regex.compile(
    r"(?:^|[，,、：:；;。\s]|\d{4}年|\d{4}年底|年前)(?P<np>[^，,、：:；;。\s\d]{2,24})$"
)


def _cjk_metric(pre: str, rules: _Rules) -> str | None:
    """Chinese: the words between the last comma or year and the value verb."""
    stripped = pre
    for _ in range(3):  # value verb, then modal: "规模将达到" -> "规模"
        cut = next(
            (
                w
                for w in sorted(rules.cjk_metric_verbs, key=len, reverse=True)
                if stripped.endswith(w)
            ),
            None,
        )
        if cut is None:
            break
        stripped = stripped[: -len(cut)]
    m = _CJK_SUBJECT.search(stripped)
    if not m:
        return None
    np = m.group("np")
    for lead in rules.cjk_metric_lead:
        if np.startswith(lead) and len(np) > len(lead) + 1:
            np = np[len(lead) :]
    return np or None


def _dedup_key(t: Target) -> tuple[object, ...]:
    v = t.value
    return (v.unit, v.amount, v.min, v.max, t.year)


def _metric_words(t: Target) -> set[str]:
    return {_norm_word(w) for w in (t.metric or "").split()} - {""}


def _same_target(a: Target, b: Target) -> bool:
    if _dedup_key(a) != _dedup_key(b):
        return False
    wa, wb = _metric_words(a), _metric_words(b)
    if not wa or not wb:
        return a.value.unit != "count"
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def _deduplicate(candidates: list[_Candidate]) -> list[Target]:
    """Keep one target per statement restated (headline and body): the body's."""
    by_key: dict[tuple[object, ...], list[list[_Candidate]]] = {}
    order: list[list[_Candidate]] = []
    for c in candidates:
        groups = by_key.setdefault(c.key, [])
        for g in groups[:8]:
            if _same_target(g[0].target, c.target):
                g.append(c)
                break
        else:
            group = [c]
            groups.append(group)
            order.append(group)
    chosen = [min(g, key=_body_rank) for g in order]
    chosen.sort(key=lambda c: (c.target.evidence.start, _value_start(c.target)))
    return [c.target for c in chosen]


def _value_start(t: Target) -> int:
    return t.value_span.start if t.value_span is not None else t.evidence.start


def _body_rank(c: _Candidate) -> tuple[int, int]:
    """Prefer a sentence of the body to a heading; then the first statement."""
    return (1 if c.segment.kind == "heading" else 0, c.target.evidence.start)
