"""The rule engine: compile rules and vocabularies, scan text, resolve overlaps.

Two kinds of matcher, both built from data:

* :class:`PhraseMatcher` finds vocabulary phrases (a gazetteer) with one compiled
  alternation (the ``regex`` package's named lists, which match longest-first), with word
  boundaries for Latin-script phrases and none for CJK ones; each phrase carries a payload.
* :class:`RuleSet` holds named regular-expression rules (:class:`PatternRule`) with a priority
  and a payload; patterns are compiled once, a bad pattern fails at load time naming the rule.

Every :class:`Match` keeps its half-open span and the name of the rule that made it.
:func:`resolve_overlaps` is the one overlap policy: higher priority first, then longer, then
leftmost, then rule name (so the result is deterministic).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from .errors import VocabularyError

__all__ = [
    "Match",
    "PatternRule",
    "PhraseMatcher",
    "RuleSet",
    "compile_pattern",
    "is_cjk",
    "resolve_overlaps",
]

# Patterns run with a timeout as a last safety net; rules are written without nested
# unbounded quantifiers, so the timeout is never expected to fire on real input.
REGEX_TIMEOUT = 5.0

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_LEFT = r"(?<![\p{L}\p{N}_])"
_RIGHT = r"(?![\p{L}\p{N}_])"


def is_cjk(text: str) -> bool:
    """True when ``text`` contains a Chinese, Japanese or Korean character."""
    return _CJK.search(text) is not None


@dataclass(frozen=True, slots=True)
class Match:
    """One raw match: the span ``[start, end)``, the rule that made it and its payload."""

    start: int
    end: int
    rule: str
    value: Any = None
    priority: int = 0
    groups: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Match) -> bool:
        return self.start < other.end and other.start < self.end


def resolve_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Keep a set of non-overlapping matches, returned in text order.

    Policy: higher ``priority`` wins, then the longer match, then the leftmost, then the
    rule name. Runs in O(n log n).
    """
    ordered = sorted(matches, key=lambda m: (-m.priority, -m.length, m.start, m.rule))
    starts: list[int] = []
    kept: list[Match] = []
    for m in ordered:
        if m.end <= m.start:
            continue
        i = bisect.bisect_right(starts, m.start)
        if i > 0 and kept[i - 1].end > m.start:
            continue
        if i < len(kept) and kept[i].start < m.end:
            continue
        starts.insert(i, m.start)
        kept.insert(i, m)
    return kept


def compile_pattern(
    pattern: str, *, flags: int = 0, where: str = "pattern", **named_lists: Any
) -> regex.Pattern[str]:
    """Compile ``pattern`` with the ``regex`` package, naming ``where`` on failure."""
    try:
        return regex.compile(pattern, flags | regex.VERSION1, **named_lists)
    except (regex.error, TypeError, ValueError) as exc:
        raise VocabularyError(f"bad regular expression: {exc}", file=where) from exc


class PhraseMatcher:
    """Find the phrases of a vocabulary in text, longest first, each with its payload.

    ``phrases`` maps a phrase to its payload. Matching ignores case unless the phrase is in
    ``case_sensitive`` (used for short acronyms such as "AI"); Latin-script phrases must
    stand as whole words, CJK phrases need no boundary. Internal whitespace and hyphens in a
    phrase match any run of whitespace ("quantum  computing" across a line break).
    """

    def __init__(
        self,
        phrases: Mapping[str, Any],
        *,
        case_sensitive: Iterable[str] = (),
        rule: str = "phrase",
        priority: int = 0,
    ) -> None:
        self.rule = rule
        self.priority = priority
        sensitive = set(case_sensitive)
        self._folded: dict[str, Any] = {}
        self._exact: dict[str, Any] = {}
        for phrase, payload in phrases.items():
            key = _squash(phrase)
            if not key:
                continue
            if phrase in sensitive:
                self._exact.setdefault(key, payload)
            else:
                self._folded.setdefault(key.casefold(), payload)
        self._patterns: list[tuple[regex.Pattern[str], dict[str, Any], bool]] = []
        for table, fold in ((self._folded, True), (self._exact, False)):
            latin = [p for p in table if not is_cjk(p)]
            cjk = [p for p in table if is_cjk(p)]
            flags = regex.IGNORECASE if fold else 0
            if latin:
                self._patterns.append(
                    (
                        compile_pattern(rf"{_LEFT}\L<terms>{_RIGHT}", flags=flags, terms=latin),
                        table,
                        fold,
                    )
                )
            if cjk:
                self._patterns.append(
                    (compile_pattern(r"\L<terms>", flags=flags, terms=cjk), table, fold)
                )

    def __len__(self) -> int:
        return len(self._folded) + len(self._exact)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """All matches in ``text[pos:endpos]``, overlaps resolved (longest, leftmost)."""
        found: list[Match] = []
        end = len(text) if endpos is None else endpos
        squashed, back = _squash_with_map(text, pos, end)
        for pattern, table, fold in self._patterns:
            for m in pattern.finditer(squashed, timeout=REGEX_TIMEOUT):
                key = m.group().casefold() if fold else m.group()
                found.append(
                    Match(
                        start=back(m.start()),
                        end=back(m.end() - 1) + 1,
                        rule=self.rule,
                        value=table[key],
                        priority=self.priority,
                    )
                )
        return resolve_overlaps(found)


_SPACES = regex.compile(r"[\s\-\u2010-\u2015]+")
# What squashing changes: runs of two or more separators, or one separator that is not " ".
_SQUASHABLE = regex.compile(r"[\s\-\u2010-\u2015]{2,}|[^\S ]|[\-\u2010-\u2015]")


def _squash(phrase: str) -> str:
    """Canonical form of a phrase: runs of spaces and hyphens become one space."""
    return _SPACES.sub(" ", phrase).strip()


class _OffsetMap:
    """Maps offsets of a squashed string back to the original (sparse breakpoints)."""

    __slots__ = ("_deltas", "_points")

    def __init__(self, points: list[int], deltas: list[int]) -> None:
        self._points = points  # squashed offsets where the delta changes
        self._deltas = deltas  # original = squashed + delta from that point on

    def __call__(self, i: int) -> int:
        k = bisect.bisect_right(self._points, i) - 1
        return i + self._deltas[k]


def _squash_with_map(text: str, pos: int, end: int) -> tuple[str, _OffsetMap]:
    """``text[pos:end]`` with space/hyphen runs squashed to one space, and an offset map.

    Spans found in the squashed text map back exactly to the original: a match
    ``[s, e)`` there is ``[back(s), back(e - 1) + 1)`` in ``text``.
    """
    out: list[str] = []
    points, deltas = [0], [pos]
    last = pos
    size = 0  # length of the squashed string so far
    for m in _SQUASHABLE.finditer(text, pos, end):
        out.append(text[last : m.start()])
        size += m.start() - last + 1
        out.append(" ")
        last = m.end()
        if m.end() - m.start() > 1:
            points.append(size)
            deltas.append(m.end() - size)
    out.append(text[last:end])
    return "".join(out), _OffsetMap(points, deltas)


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A named regular-expression rule with a priority and a payload."""

    name: str
    pattern: str
    priority: int = 0
    value: Any = None
    flags: int = regex.IGNORECASE


class RuleSet:
    """A compiled set of :class:`PatternRule` s, scanned together and resolved."""

    def __init__(
        self,
        rules: Sequence[PatternRule],
        *,
        where: str = "rules",
        named_lists: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        lists = {
            k: sorted(set(v), key=lambda s: (-len(s), s)) for k, v in (named_lists or {}).items()
        }
        self.rules = list(rules)
        self._compiled: list[tuple[PatternRule, regex.Pattern[str]]] = []
        for rule in self.rules:
            used = {k: v for k, v in lists.items() if f"\\L<{k}>" in rule.pattern}
            self._compiled.append(
                (
                    rule,
                    compile_pattern(
                        rule.pattern, flags=rule.flags, where=f"{where}, rule {rule.name!r}", **used
                    ),
                )
            )

    def scan(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        *,
        accept: Callable[[PatternRule, regex.Match[str]], bool] | None = None,
    ) -> list[Match]:
        """Every match of every rule in ``text[pos:endpos]``, before overlap resolution."""
        end = len(text) if endpos is None else endpos
        found: list[Match] = []
        for rule, pattern in self._compiled:
            for m in pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT):
                if m.end() == m.start() or (accept is not None and not accept(rule, m)):
                    continue
                found.append(
                    Match(m.start(), m.end(), rule.name, rule.value, rule.priority, m.groupdict())
                )
        return found

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Non-overlapping matches of all rules, in text order."""
        return resolve_overlaps(self.scan(text, pos, endpos))


@dataclass(frozen=True)
class FastSplit:
    """``word_split.split(text)`` (gaps and words, alternately), computed with the standard
    ``re`` where that gives the same answer: ``ascii_split`` on ASCII text, else
    ``fast_split``, whose result is kept only when ``regex`` classifies every character alike
    (no word character in a gap, no gap character in a word: the two engines' Unicode tables
    may differ, for marks say).
    """

    word_split: regex.Pattern[str]
    ascii_split: re.Pattern[str]
    fast_split: re.Pattern[str]
    word_char: regex.Pattern[str]
    gap_char: regex.Pattern[str]

    def split(self, text: str) -> list[str]:
        if text.isascii():
            return self.ascii_split.split(text)
        parts = self.fast_split.split(text)
        if (
            self.word_char.search("".join(parts[0::2])) is None
            and self.gap_char.search("".join(parts[1::2])) is None
        ):
            return parts
        return self.word_split.split(text)
