"""The policy-instrument vocabulary: fifteen instruments with their cues, as data.

The vocabulary lives in ``futureind/data/instruments.toml`` (validated by :class:`InstrumentFile`):
each instrument has cue phrases, verb-object pairs, optional regular expressions and
exclusions; a ``[measure]`` table holds the signals that make a clause a measure statement
(modal and intention phrases, action verbs, enumeration leads) and the patterns of background
statements that are not measures. :meth:`Instruments.from_toml` merges a user's file into the
default vocabulary.

>>> vocab = Instruments.default()
>>> vocab.classify("The city will offer tax incentives and build incubators.")
['supply.infrastructure', 'environment.tax']
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, count
from operator import add, itemgetter
from pathlib import Path
from typing import Any

import regex
from pydantic import Field, ValidationError, field_validator, model_validator

from .engine import REGEX_TIMEOUT, Match, compile_pattern
from .vocab import DataModel, read_toml, validation_error

__all__ = [
    "AmountSpec",
    "InstrumentFile",
    "InstrumentScan",
    "InstrumentSpec",
    "Instruments",
    "MeasureSpec",
    "PairSpec",
    "inflections",
]

_KEY = r"^[a-z][a-z_]*\.[a-z][a-z_]*$"


class PairSpec(DataModel):
    """A verb-object pair: one of ``verbs`` (any inflection) then, within ``gap`` words,
    one of ``objects``."""

    verbs: list[str] = Field(min_length=1)
    objects: list[str] = Field(min_length=1)
    gap: int = Field(default=5, ge=0, le=12)


class InstrumentSpec(DataModel):
    """One policy instrument and the cues that show a measure uses it."""

    key: str = Field(pattern=_KEY, description="Instrument key, e.g. 'supply.funding'.")
    label: str = ""
    description: str = ""
    cues: list[str] = Field(default_factory=list)
    pairs: list[PairSpec] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    exclude_patterns: list[str] = Field(default_factory=list)

    @field_validator("cues", "exclude")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not phrase.strip():
                raise ValueError("a phrase is empty")
        return value

    @field_validator("patterns", "exclude_patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                regex.compile(pattern, regex.IGNORECASE | regex.VERSION1)
            except regex.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        return value


class MeasureSpec(DataModel):
    """Signals of a measure statement and patterns of background statements."""

    modals: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    enumerations: list[str] = Field(default_factory=list)
    background: list[str] = Field(default_factory=list)
    weak_actions: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)

    @field_validator("enumerations", "background", "problems")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                regex.compile(pattern, regex.IGNORECASE | regex.VERSION1)
            except regex.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        return value


class AmountSpec(DataModel):
    """What makes money in a measure a committed amount (see ``[amounts]``)."""

    commit: list[str] = Field(default_factory=list)
    past: list[str] = Field(default_factory=list)
    metric: list[str] = Field(default_factory=list)

    @field_validator("past")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                regex.compile(pattern, regex.IGNORECASE | regex.VERSION1)
            except regex.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        return value


class InstrumentFile(DataModel):
    """The shape of ``instruments.toml`` and of a user instrument file."""

    instrument: list[InstrumentSpec] = Field(default_factory=list)
    measure: MeasureSpec = Field(default_factory=MeasureSpec)
    amounts: AmountSpec = Field(default_factory=AmountSpec)

    @model_validator(mode="after")
    def _unique_keys(self) -> InstrumentFile:
        seen: set[str] = set()
        for spec in self.instrument:
            if spec.key in seen:
                raise ValueError(f"instrument {spec.key!r} is defined twice")
            seen.add(spec.key)
        return self


def inflections(verb: str) -> list[str]:
    """The forms of a verb (or of the first word of a phrasal verb) that the rules accept.

    >>> inflections("plan")
    ['plan', 'planned', 'planning', 'plans']
    >>> inflections("step up")[:3]
    ['step up', 'stepped up', 'stepping up']
    """
    head, _, rest = verb.strip().partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if not head or not head.isascii() or not head.isalpha():
        return sorted(f + tail for f in forms)
    low = head.lower()
    if low.endswith("e"):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif low.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {head + "es", head + "ed", head + "ing"}
    elif (
        (len(low) == 3 or (len(low) == 4 and low[0] not in "aeiou" and low[1] not in "aeiou"))
        and low[-1] not in "aeiouwxy"
        and low[-2] in "aeiou"
        and low[-3] not in "aeiou"
    ):  # plan -> planned, step -> stepping
        forms |= {head + "s", head + head[-1] + "ed", head + head[-1] + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
    return sorted(f + tail for f in forms)


# --------------------------------------------------------------------------- token matching
# Phrases are matched on word tokens, not with one big regular expression: the text is cut
# into tokens once (a Latin/digit run, or one CJK character), and each vocabulary is a table
# from a first word to its phrases. This is linear in the text and much faster than a regex
# alternation of hundreds of phrases. Phrase words may be separated in the text by spaces,
# line breaks, hyphens or apostrophes; a verb-object pair may have up to `gap` words between,
# but no clause stop.

_CJK_CLASS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
# a word: a run of letters and digits (with "&" inside: "R&D"); a CJK character on its own
_TOKEN_CJK = regex.compile(
    rf"[{_CJK_CLASS}]|[[\p{{L}}\p{{N}}]--[{_CJK_CLASS}]]+(?:&[[\p{{L}}\p{{N}}]--[{_CJK_CLASS}]]+)*",
    regex.VERSION1,
)
_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TOKEN_LATIN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
# the same, as one capturing group: ``split`` with them gives gaps and words alternately
_SPLIT_CJK = regex.compile(f"({_TOKEN_CJK.pattern})", regex.VERSION1)
_SPLIT_LATIN = re.compile(f"({_TOKEN_LATIN.pattern})")
# characters a phrase may not span (anything but letters, digits, spaces, hyphens, quotes)
_BREAK = re.compile(r"[^\w\s\-\u2010-\u2015'’\"“”&]")
# characters that end a clause: a verb-object pair may not span them
_STOP = re.compile(r"[.;!?。；！？:\n]")


@dataclass(slots=True)
class _Tokens:
    """The word tokens of ``text[pos:endpos]``: offsets, lower-cased words, an index from
    word to positions, and where the characters that break a phrase or a clause stand."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    index: defaultdict[str, list[int]]
    breaks: list[int]
    stops: list[int]
    lowered: str  # text[pos:endpos], lower-cased when that keeps every offset
    pos: int
    vocabulary: str | None = None  # the distinct words, one a line (see `contains`)

    @classmethod
    def of(cls, text: str, pos: int = 0, endpos: int | None = None) -> _Tokens:
        end = len(text) if endpos is None else endpos
        chunk = text[pos:end]
        lowered = chunk.lower()
        if len(lowered) != len(chunk):  # a character whose lower case is longer: keep case
            lowered = chunk
        if chunk.isascii():
            starts, ends, words, breaks, stops = _ascii_tokens(chunk, lowered, pos)
        else:
            splitter: Any = _SPLIT_CJK if _HAS_CJK.search(chunk) else _SPLIT_LATIN
            # gap, word, gap, ..., word, gap: the running sum of their lengths gives each
            # word's start (odd entries) and end (even entries); much faster than finditer
            parts: list[str] = splitter.split(lowered)
            offsets = list(accumulate(map(len, parts), initial=pos))
            starts = offsets[1:-1:2]
            ends = offsets[2::2]
            words = parts[1::2]
            if lowered is chunk:
                words = [w.lower() for w in words]
            breaks = _char_offsets(_BREAK, chunk, pos)
            stops = _char_offsets(_STOP, chunk, pos)
        index: defaultdict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(words):
            index[w].append(i)
        return cls(starts, ends, words, index, breaks, stops, lowered, pos)

    def contains(self, literal: str) -> bool:
        """Does ``literal`` (lower-case) occur in the text?

        A literal of ASCII letters and digits can only stand inside one word (a word is a
        whole run of letters and digits), so in a long text it is looked for among the
        distinct words, joined by line breaks: a far shorter string than the text.
        """
        if not (literal.isascii() and literal.isalnum()) or len(self.lowered) < _SHORT_TEXT:
            return literal in self.lowered
        if self.vocabulary is None:
            self.vocabulary = "\n".join(self.index)
        return literal in self.vocabulary

    def joined(self, i: int, j: int) -> bool:
        """May a phrase run from token ``i`` to token ``j`` (inclusive)?"""
        a, b = self.ends[i], self.starts[j]
        return bisect.bisect_left(self.breaks, a) == bisect.bisect_left(self.breaks, b)

    def unbroken(self, i: int, j: int) -> bool:
        """Is there no clause stop between token ``i`` and token ``j``?"""
        a, b = self.ends[i], self.starts[j]
        return bisect.bisect_left(self.stops, a) == bisect.bisect_left(self.stops, b)


_SHORT_TEXT = 4096  # in a text this short, looking through it costs less than the words


def _char_offsets(pattern: re.Pattern[str], chunk: str, pos: int) -> list[int]:
    """``pos`` + the offset of every match of ``pattern`` (one character wide) in ``chunk``."""
    parts = pattern.split(chunk)
    # the k-th match stands after the first k parts and the k - 1 matches between them
    return list(map(add, accumulate(map(len, parts[:-1])), range(pos, pos + len(parts) - 1)))


def _word_table() -> bytes:
    """A ``bytes.translate`` table for ASCII: a word character stays, any other becomes a
    space (built from the regex itself, character by character, so the two agree)."""
    return bytes(c if _TOKEN_LATIN.fullmatch(chr(c)) else 32 for c in range(256))


def _nul_table(pattern: re.Pattern[str]) -> bytes:
    """A ``bytes.translate`` table for ASCII: a character ``pattern`` matches becomes a NUL,
    any other stays (a NUL it does not match becomes 1)."""
    return bytes(0 if pattern.fullmatch(chr(c)) else (c or 1) for c in range(256))


# for an ASCII text, the regexes above as translate tables
_WORD_MASK = _word_table()
_BREAK_MASK = _nul_table(_BREAK)
_STOP_MASK = _nul_table(_STOP)


def _ascii_tokens(
    chunk: str, lowered: str, pos: int
) -> tuple[list[int], list[int], list[str], list[int], list[int]]:
    """What :meth:`_Tokens.of` finds in an ASCII ``chunk`` (``lowered`` its lower case):
    word starts, ends and words, break and stop offsets. Translating and splitting on
    one character is much faster than a regex split; a text with "&" (which may join
    words: "R&D") takes the regex."""
    raw = chunk.encode("ascii")
    if "&" in chunk:
        parts: list[str] = _SPLIT_LATIN.split(lowered)
        offsets = list(accumulate(map(len, parts), initial=pos))
        starts = offsets[1:-1:2]
        ends = offsets[2::2]
        words = parts[1::2]
    else:
        # every character that is no word character becomes a space: split on a space,
        # a part starts at the lengths of the parts before it plus one per part
        pieces = lowered.encode("ascii").translate(_WORD_MASK).decode("ascii").split(" ")
        lengths = list(map(len, pieces))
        starts = list(compress(map(add, accumulate(lengths, initial=0), count(pos)), lengths))
        words = list(filter(None, pieces))
        ends = list(map(add, starts, map(len, words)))
    return (
        starts,
        ends,
        words,
        _nul_offsets(raw.translate(_BREAK_MASK), pos),
        _nul_offsets(raw.translate(_STOP_MASK), pos),
    )


def _nul_offsets(masked: bytes, pos: int) -> list[int]:
    """``pos`` + the offset of every NUL in ``masked``."""
    parts = masked.split(b"\0")
    return list(map(add, accumulate(map(len, parts[:-1])), range(pos, pos + len(parts) - 1)))


def _phrase_words(phrase: str) -> tuple[str, ...]:
    pattern: Any = _TOKEN_CJK if _HAS_CJK.search(phrase) else _TOKEN_LATIN
    return tuple(w.lower() for w in pattern.findall(phrase))


_Span = tuple[int, int, object]  # (start, end, payload): much cheaper to build than a Match


class _PhraseTable:
    """Phrases (as word tuples) indexed by their first word (and second word), each with a
    payload."""

    def __init__(self, phrases: Iterable[tuple[str, object]]) -> None:
        single: dict[str, object] = {}
        multi: dict[str, dict[str, dict[tuple[str, ...], tuple[object, bool]]]] = {}
        for phrase, payload in phrases:
            words = _phrase_words(phrase)
            if len(words) == 1:
                single.setdefault(words[0], payload)
            elif words:
                # a phrase written with punctuation ("industry, academia and research") may
                # span that punctuation in the text
                loose = _BREAK.search(phrase) is not None
                by_second = multi.setdefault(words[0], {}).setdefault(words[1], {})
                by_second.setdefault(words, (payload, loose))
        self._single = single
        self._multi = {
            first: {
                second: sorted(((w, p, lo) for w, (p, lo) in v.items()), key=lambda t: -len(t[0]))
                for second, v in seconds.items()
            }
            for first, seconds in multi.items()
        }
        self._firsts = set(single) | set(self._multi)

    @property
    def firsts(self) -> set[str]:
        """The words a phrase of the table may start with."""
        return self._firsts

    def __len__(self) -> int:
        return len(self._single) + sum(
            len(v) for seconds in self._multi.values() for v in seconds.values()
        )

    def at(self, toks: _Tokens, i: int) -> tuple[int, object] | None:
        """The longest phrase starting at token ``i``: (index of its last token, payload)."""
        words = toks.words
        word = words[i]
        seconds = self._multi.get(word)
        if seconds is not None and i + 1 < len(words):
            cands = seconds.get(words[i + 1])
            if cands:
                n = len(words)
                for phrase, payload, loose in cands:
                    j = i + len(phrase) - 1
                    if (
                        j < n
                        and (len(phrase) == 2 or tuple(words[i : j + 1]) == phrase)
                        and (loose or toks.joined(i, j))
                    ):
                        return j, payload
        if word in self._single:
            return i, self._single[word]
        return None

    def positions(self, toks: _Tokens) -> list[int]:
        """Token positions where a phrase of the table may start, in text order."""
        index = toks.index
        keys = (
            [k for k in self._firsts if k in index]
            if len(self._firsts) < len(index)
            else [k for k in index if k in self._firsts]
        )
        if len(keys) == 1:
            return index[keys[0]]
        return sorted(chain.from_iterable(map(index.__getitem__, keys)))

    def find(self, toks: _Tokens, rule: str) -> list[Match]:
        """Every occurrence, overlaps resolved in one pass (the longer wins, then the
        leftmost)."""
        return [Match(s, e, rule, payload) for s, e, payload in self.spans(toks)]

    def spans(self, toks: _Tokens) -> list[_Span]:
        """What :meth:`find` finds, as ``(start, end, payload)`` tuples."""
        kept: list[_Span] = []
        starts, ends, words = toks.starts, toks.ends, toks.words
        single, multi = self._single, self._multi
        last_start = last_end = -1
        last = len(words) - 1
        for i in self.positions(toks):
            word = words[i]
            seconds = multi.get(word)
            if seconds is not None and i < last and words[i + 1] in seconds:
                hit = self.at(toks, i)
                if hit is None:
                    continue
                start, end, payload = starts[i], ends[hit[0]], hit[1]
            elif word in single:  # no longer phrase can start here (as in `at`)
                start, end, payload = starts[i], ends[i], single[word]
            else:
                continue
            if start < last_end:
                if end - start > last_end - last_start:
                    kept[-1] = (start, end, payload)
                    last_start, last_end = start, end
                continue
            kept.append((start, end, payload))
            last_start, last_end = start, end
        return kept


@dataclass(frozen=True, slots=True)
class _Pair:
    key: str
    verbs: _PhraseTable
    objects: _PhraseTable
    gap: int

    def spans(self, toks: _Tokens) -> list[tuple[int, int]]:
        """``(start, end)`` of every verb followed by an object in its clause."""
        out: list[tuple[int, int]] = []
        words, starts, stops = toks.words, toks.starts, toks.stops
        n = len(words)
        objects = self.objects
        first_objects = objects.firsts
        for i in self.verbs.positions(toks):
            verb = self.verbs.at(toks, i)
            if verb is None:
                continue
            v_end = verb[0]
            # the object must start before the first clause stop after the verb
            s = bisect.bisect_left(stops, toks.ends[v_end])
            limit = stops[s] if s < len(stops) else toks.ends[-1]
            for k in range(v_end + 1, min(n, v_end + 2 + self.gap)):
                if starts[k] > limit:
                    break
                if words[k] not in first_objects:
                    continue
                obj = objects.at(toks, k)
                if obj is not None:
                    out.append((starts[i], toks.ends[obj[0]]))
                    break
        return out


@dataclass(frozen=True, slots=True)
class InstrumentScan:
    """What :meth:`Instruments.scan` finds in a text, each list in text order: instrument
    cues (``Match.value`` is the key), modal and action signals, commitment and metric cues,
    and the spans that name a problem."""

    cues: list[Match]
    modals: list[Match]
    actions: list[Match]
    commits: list[Match]
    metrics: list[Match]
    problems: list[tuple[int, int]]
    background: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class ScanSpans:
    """What :meth:`Instruments.scan_spans` finds: :class:`InstrumentScan` as tuples, each
    list in text order. ``cues`` holds ``(start, end, key, rule)``; ``modals``, ``actions``,
    ``commits`` and ``metrics`` hold ``(start, end, value)``."""

    cues: list[tuple[int, int, str, str]]
    modals: list[tuple[int, int, object]]
    actions: list[tuple[int, int, object]]
    commits: list[tuple[int, int, object]]
    metrics: list[tuple[int, int, object]]
    problems: list[tuple[int, int]]
    background: list[tuple[int, int]]


def _merge(base: InstrumentFile, extra: InstrumentFile) -> InstrumentFile:
    specs = {s.key: s for s in base.instrument}
    order = [s.key for s in base.instrument]
    for spec in extra.instrument:
        if spec.key in specs:
            old = specs[spec.key]
            specs[spec.key] = InstrumentSpec(
                key=old.key,
                label=spec.label or old.label,
                description=spec.description or old.description,
                cues=[*old.cues, *spec.cues],
                pairs=[*old.pairs, *spec.pairs],
                patterns=[*old.patterns, *spec.patterns],
                exclude=[*old.exclude, *spec.exclude],
                exclude_patterns=[*old.exclude_patterns, *spec.exclude_patterns],
            )
        else:
            specs[spec.key] = spec
            order.append(spec.key)
    m, e = base.measure, extra.measure
    measure = MeasureSpec(
        modals=[*m.modals, *e.modals],
        actions=[*m.actions, *e.actions],
        enumerations=[*m.enumerations, *e.enumerations],
        background=[*m.background, *e.background],
        weak_actions=[*m.weak_actions, *e.weak_actions],
        problems=[*m.problems, *e.problems],
    )
    a, b = base.amounts, extra.amounts
    amounts = AmountSpec(
        commit=[*a.commit, *b.commit], past=[*a.past, *b.past], metric=[*a.metric, *b.metric]
    )
    return InstrumentFile(instrument=[specs[k] for k in order], measure=measure, amounts=amounts)


def _read(source: str | Path) -> InstrumentFile:
    data, name = read_toml(source)
    try:
        return InstrumentFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, name) from None


class Instruments:
    """The instrument vocabulary, compiled: finds instrument cues and measure signals.

    Build it with :meth:`default` or :meth:`from_toml` (a user file merged into the
    default one); a bad file raises :class:`~futureind.errors.VocabularyError` naming the
    file, the entry and the field.
    """

    def __init__(self, spec: InstrumentFile, *, where: str = "instruments") -> None:
        self.spec = spec
        self.keys: list[str] = [s.key for s in spec.instrument]
        self.labels: dict[str, str] = {s.key: s.label or s.key for s in spec.instrument}
        self._order = {k: i for i, k in enumerate(self.keys)}
        cue_table: dict[str, list[str]] = {}
        excl_table: dict[str, list[str]] = {}
        self._pairs: list[_Pair] = []
        self._rules: list[tuple[str, _Patterns]] = []
        self._excl_rules: list[tuple[str, _Patterns]] = []
        for n, inst in enumerate(spec.instrument):
            entry = f"{where}, entry instrument[{n}] (key={inst.key!r})"
            for cue in inst.cues:
                keys = cue_table.setdefault(cue.casefold(), [])
                if inst.key not in keys:
                    keys.append(inst.key)
            for phrase in inst.exclude:
                keys = excl_table.setdefault(phrase.casefold(), [])
                if inst.key not in keys:
                    keys.append(inst.key)
            for pair in inst.pairs:
                self._pairs.append(
                    _Pair(
                        inst.key,
                        _PhraseTable((form, True) for v in pair.verbs for form in inflections(v)),
                        _PhraseTable((o, True) for o in pair.objects),
                        pair.gap,
                    )
                )
            if inst.patterns:
                self._rules.append((inst.key, _Patterns(inst.patterns, f"{entry}, patterns")))
            if inst.exclude_patterns:
                self._excl_rules.append(
                    (inst.key, _Patterns(inst.exclude_patterns, f"{entry}, exclude_patterns"))
                )
        self._cues = _PhraseTable((k, tuple(v)) for k, v in cue_table.items())
        self._excludes = _PhraseTable((k, tuple(v)) for k, v in excl_table.items())
        ms = spec.measure
        self._modals = _PhraseTable((p, "modal") for p in ms.modals)
        weak = {f.casefold() for w in ms.weak_actions for f in inflections(w)}
        self._actions = _PhraseTable(
            (form, "weak" if form.casefold() in weak else "action")
            for verb in ms.actions
            for form in inflections(verb)
        )
        self._enumerations = [
            compile_pattern(p, flags=regex.IGNORECASE, where=f"{where}, measure.enumerations[{i}]")
            for i, p in enumerate(ms.enumerations)
        ]
        self._any_enumeration = _either(ms.enumerations)
        self._problems = _Patterns(ms.problems, f"{where}, measure.problems")
        self._background = _Patterns(ms.background, f"{where}, measure.background")
        am = spec.amounts
        self._commit = _PhraseTable((p, "commit") for p in am.commit)
        self._metric = _PhraseTable((p, "metric") for p in am.metric)
        self._past = _alternation(am.past, f"{where}, amounts.past")

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls) -> Instruments:
        """The vocabulary shipped with the package (compiled once)."""
        return _default()

    @classmethod
    def from_toml(cls, path: str | Path, *, merge: bool = True) -> Instruments:
        """A user instrument file, merged into the default vocabulary (unless ``merge=False``).

        >>> Instruments.from_toml("/no/such/file.toml")
        Traceback (most recent call last):
        ...
        futureind.errors.VocabularyError: /no/such/file.toml: cannot read the file: ...
        """
        user = _read(Path(path))
        spec = _merge(_base_spec(), user) if merge else user
        return cls(spec, where=str(path))

    # ------------------------------------------------------------------ matching
    def scan(self, text: str, pos: int = 0, endpos: int | None = None) -> InstrumentScan:
        """Everything the strategy stage needs from ``text[pos:endpos]``, in one pass.

        >>> found = Instruments.default().scan("We will offer tax credits.")
        >>> [m.value for m in found.cues], [m.value for m in found.modals]
        (['environment.tax'], ['modal'])
        """
        raw = self.scan_spans(text, pos, endpos)
        return InstrumentScan(
            cues=[Match(s, e, rule, key) for s, e, key, rule in raw.cues],
            modals=[Match(s, e, "measure_modal", v) for s, e, v in raw.modals],
            actions=[Match(s, e, "measure_action", v) for s, e, v in raw.actions],
            commits=[Match(s, e, "amount_commit", v) for s, e, v in raw.commits],
            metrics=[Match(s, e, "amount_metric", v) for s, e, v in raw.metrics],
            problems=raw.problems,
            background=raw.background,
        )

    def scan_spans(self, text: str, pos: int = 0, endpos: int | None = None) -> ScanSpans:
        """What :meth:`scan` finds, as plain tuples (the strategy stage uses this: tuples
        cost much less to build than :class:`~futureind.engine.Match` objects)."""
        end = len(text) if endpos is None else endpos
        toks = _Tokens.of(text, pos, end)
        return ScanSpans(
            cues=self._cue_spans(text, toks),
            modals=self._modals.spans(toks),
            actions=self._actions.spans(toks),
            commits=self._commit.spans(toks),
            metrics=self._metric.spans(toks),
            problems=self._problems.spans(text, toks),
            background=self._background.spans(text, toks),
        )

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Every instrument cue in ``text[pos:endpos]`` (``Match.value`` is the key), in text
        order; cues overlapping an exclusion of their instrument are dropped.

        >>> text = "attract top scientists with grants"
        >>> [(m.value, text[m.start : m.end]) for m in Instruments.default().find(text)]
        [('supply.talent', 'attract top scientists'), ('environment.subsidy', 'grants')]
        """
        end = len(text) if endpos is None else endpos
        toks = _Tokens.of(text, pos, end)
        return [Match(s, e, rule, key) for s, e, key, rule in self._cue_spans(text, toks)]

    def _cue_spans(self, text: str, toks: _Tokens) -> list[tuple[int, int, str, str]]:
        """``(start, end, key, rule)`` of every instrument cue, in text order."""
        excluded: list[_Span] = self._excludes.spans(toks)
        extra: list[_Span] = [
            (s, e, (key,))
            for key, patterns in self._excl_rules
            for s, e in patterns.spans(text, toks)
        ]
        if extra:
            excluded = _non_overlapping(excluded, extra)
        found: list[tuple[int, int, str, str]] = []
        for start, end, keys in self._cues.spans(toks):
            for key in keys:  # type: ignore[attr-defined]
                if not _blocked(excluded, start, end, key):
                    found.append((start, end, key, "cue"))
        for pair in self._pairs:
            for start, end in pair.spans(toks):
                if not _blocked(excluded, start, end, pair.key):
                    found.append((start, end, pair.key, "pair"))
        for key, patterns in self._rules:
            for start, end in patterns.spans(text, toks):
                if end > start and not _blocked(excluded, start, end, key):
                    found.append((start, end, key, "pattern"))
        order = self._order
        found.sort(key=lambda m: (m[0], m[1], order.get(m[2], 99)))
        return found

    def classify(self, text: str) -> list[str]:
        """The instrument keys whose cues occur in ``text``, in vocabulary order.

        >>> Instruments.default().classify("set up an innovation consortium")
        ['supply.collaboration']
        """
        return self.order({str(m.value) for m in self.find(text)})

    def order(self, keys: Iterable[str]) -> list[str]:
        """``keys`` in vocabulary order."""
        return sorted(set(keys), key=lambda k: (self._order.get(k, len(self._order)), k))

    def modals(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Modal and intention phrases ("will", "plans to", "called for")."""
        return self._modals.find(_Tokens.of(text, pos, endpos), "measure_modal")

    def actions(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Action verbs (value 'action', or 'weak' for verbs that also describe)."""
        return self._actions.find(_Tokens.of(text, pos, endpos), "measure_action")

    def enumeration_at(self, text: str, pos: int, endpos: int) -> regex.Match[str] | None:
        """An enumeration lead ("The first is to", "Second,", "(1)", a bullet) at ``pos``."""
        for pattern in self._enumerations:
            m = pattern.match(text, pos, endpos, timeout=REGEX_TIMEOUT)
            if m is not None:
                return m
        return None

    def has_enumeration_at(self, text: str, pos: int, endpos: int) -> bool:
        """Does an enumeration lead stand at ``pos``? (``enumeration_at`` is not None; one
        regex call instead of one per pattern when the patterns join into one.)"""
        if self._any_enumeration is not None:
            return self._any_enumeration.match(text, pos, endpos, timeout=REGEX_TIMEOUT) is not None
        return self.enumeration_at(text, pos, endpos) is not None

    def background(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> list[tuple[int, int]]:
        """Spans of background / importance statements ("has become", "is a strategic
        choice") in ``text[pos:endpos]``."""
        return self._background.spans(text, _Tokens.of(text, pos, endpos))

    def problems(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """Spans that name a problem or lack ("the lack of platforms and talents"): cues in
        them are not measures."""
        return self._problems.spans(text, _Tokens.of(text, pos, endpos))

    def commits(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Cues that money in a clause is committed ("invest", "fund", "worth", "go to")."""
        return self._commit.find(_Tokens.of(text, pos, endpos), "amount_commit")

    def metrics(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Metric words whose value money may be ("output value", "revenue", "scale")."""
        return self._metric.find(_Tokens.of(text, pos, endpos), "amount_metric")

    def is_past_figure(self, text: str, pos: int, endpos: int) -> bool:
        """Does ``text[pos:endpos]`` (the words just before an amount) make it a past or
        comparison figure ("up from", "compared with")?"""
        if self._past is None:
            return False
        return self._past.search(text, pos, endpos, timeout=REGEX_TIMEOUT) is not None


class _Patterns:
    """Case-insensitive regular expressions, run fast.

    The ``regex`` package finds a literal start quickly only without IGNORECASE, so a
    pattern without upper-case letters is compiled case-sensitively and run on the
    lower-cased text; any other pattern is compiled with IGNORECASE and run on the text.
    A lower-case pattern is not run at all when the lower-cased text lacks a literal string
    that every match of it contains (see :func:`_required_literals`): most patterns are
    rare, and a substring test costs much less than a regex scan.
    """

    def __init__(self, patterns: Sequence[str], where: str) -> None:
        self._compiled: list[
            tuple[
                regex.Pattern[str], bool, tuple[frozenset[str], ...] | None, frozenset[str] | None
            ]
        ] = []
        for i, p in enumerate(patterns):
            lower = _UPPER.search(p) is None
            flags = 0 if lower else regex.IGNORECASE
            compiled = compile_pattern(p, flags=flags, where=f"{where}[{i}]")
            self._compiled.append(
                (
                    compiled,
                    lower,
                    _required_literals(p) if lower else None,
                    _alternative_starts(p) if lower else None,
                )
            )

    def __bool__(self) -> bool:
        return bool(self._compiled)

    def spans(self, text: str, toks: _Tokens) -> list[tuple[int, int]]:
        """Every match in the tokenised part of ``text``, sorted."""
        out: list[tuple[int, int]] = []
        lowered = toks.lowered
        pos, end = toks.pos, toks.pos + len(lowered)
        present = lowered.__contains__ if len(lowered) < _SHORT_TEXT else toks.contains
        for pattern, lower, required, prefixes in self._compiled:
            if lower:
                if required is not None and not _all_present(required, present):
                    continue  # no match can stand without one string of each set
                starts = None if prefixes is None else _starts(lowered, prefixes)
                if starts is not None:
                    # every match starts with a prefix: try only where one stands, as
                    # finditer would (the next try after a match's end)
                    last = 0
                    for at in starts:
                        if at >= last:
                            m = pattern.match(lowered, at, timeout=REGEX_TIMEOUT)
                            if m is not None:
                                out.append((m.start() + pos, m.end() + pos))
                                last = m.end()
                    continue
                out.extend(
                    (m.start() + pos, m.end() + pos)
                    for m in pattern.finditer(lowered, timeout=REGEX_TIMEOUT)
                )
            else:
                out.extend(
                    m.span() for m in pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
                )
        return sorted(out)


# ----------------------------------------------------------------- required literals
# A small reader of the regular-expression syntax the vocabulary uses, enough to find the
# literal strings a match must contain ("become" in ``\b(?:has|have)\s+become\b``). It is
# conservative: any construct it does not know for sure (case-insensitive or verbose flags,
# \p{..}, nested sets, backreferences, conditionals ...) makes it give up, and then the
# pattern always runs.


class _Unsure(Exception):
    """The pattern uses syntax the literal reader does not handle."""


_NON_LITERAL_ESCAPES = frozenset("bBdDsSwWAZGmMntrfv")  # classes, anchors, control characters
_QUANTIFIER = re.compile(r"[*+?]|\{(\d+)(,\d*)?\}|\{,\d+\}")
_GROUP_FLAGS = re.compile(r"\(\?([a-zA-Z]*)(?:(\))|(:))")


def _required_literals(pattern: str) -> tuple[frozenset[str], ...] | None:
    r"""Sets of strings such that every match of ``pattern`` (compiled without IGNORECASE)
    contains one string of each set, rarest-looking (longest) first; None when there are
    none or the pattern is beyond the reader.

    >>> [sorted(s) for s in _required_literals(r"\b(?:has|have)\s+become\b")]
    [['become'], ['has', 'have']]
    >>> [sorted(s) for s in _required_literals(r"\bis\s+(?:the|a)\s+(?:key|core)\b")]
    [['core', 'key'], ['is'], ['a', 'the']]
    >>> _required_literals(r"(?i)\bbecome\b") is None
    True
    """
    try:
        required, end = _alternatives(pattern, 0)
    except _Unsure:
        return None
    if end != len(pattern) or not required:
        return None
    return tuple(sorted(set(required), key=lambda s: (-min(map(len, s)), len(s), sorted(s))))


def _alternatives(p: str, i: int) -> tuple[list[frozenset[str]], int]:
    """Branches separated by ``|`` from ``p[i]`` to the closing ``)`` or the end: what a
    match requires, and the index where the branches end. One branch requires all that its
    sequence requires; of several, each contributes its longest requirement to one set."""
    branches: list[list[frozenset[str]]] = []
    while True:
        required, i = _sequence(p, i)
        branches.append(required)
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        break
    if len(branches) == 1:
        return branches[0], i
    if not all(branches):
        return [], i  # a branch that requires nothing
    best = [max(b, key=lambda s: (min(map(len, s)), -len(s))) for b in branches]
    return [frozenset().union(*best)], i


def _sequence(p: str, i: int) -> tuple[list[frozenset[str]], int]:
    """One branch: everything it requires (runs of literal characters, groups that
    require something), and the index where it ends."""
    required: list[frozenset[str]] = []
    run = ""  # literal characters in a row, each exactly once
    while i < len(p) and p[i] not in "|)":
        char: str | None = None  # the atom is this literal character ...
        group: list[frozenset[str]] = []  # ... or a group that requires these
        c = p[i]
        if c == "\\":
            if i + 1 >= len(p):
                raise _Unsure
            e = p[i + 1]
            if not e.isalnum():
                char = e
            elif e not in _NON_LITERAL_ESCAPES:
                raise _Unsure  # \p{..}, \N{..}, \x.., a backreference ...
            i += 2
        elif c == "[":
            i = _set_end(p, i)
        elif c == "(":
            group, i = _group(p, i)
        elif c in ".^$":
            i += 1
        elif c in "*+?{":
            raise _Unsure  # a quantifier on nothing (or a literal brace)
        else:
            char = c
            i += 1
        q = _QUANTIFIER.match(p, i)
        if q is None:
            if char is not None:
                run += char
                continue
            least = 1
        else:
            least = int(q.group(1) or 0) if q.group().startswith("{") else int(q.group() == "+")
            i = q.end()
            if i < len(p) and p[i] in "?+":  # lazy or possessive
                i += 1
        if run:
            required.append(frozenset({run}))
            run = ""
        if least >= 1:
            if char is not None:
                required.append(frozenset({char}))
            required.extend(group)
    if run:
        required.append(frozenset({run}))
    return required, i


def _set_end(p: str, i: int) -> int:
    """The index after the character set opened at ``p[i]``."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
        elif p[j] == "[":
            raise _Unsure  # a nested set (VERSION1) or [:class:]
        elif p[j] == "]":
            return j + 1
        else:
            j += 1
    raise _Unsure


def _group(p: str, i: int) -> tuple[list[frozenset[str]], int]:
    """The group opened at ``p[i]``: what it requires (nothing for a lookaround, which
    consumes nothing, or an inline flag) and the index after it."""
    lookaround = False
    if not p.startswith("(?", i):
        j = i + 1  # a capturing group
    elif p.startswith(("(?:", "(?>", "(?=", "(?!"), i):
        lookaround = p[i + 2] in "=!"
        j = i + 3
    elif p.startswith(("(?<=", "(?<!"), i):
        lookaround, j = True, i + 4
    else:
        flags = _GROUP_FLAGS.match(p, i)
        if flags is None or set(flags.group(1)) - set("ms"):
            raise _Unsure  # named groups, comments, case-insensitive or verbose flags ...
        if flags.group(2):  # (?m): applies to the rest, requires nothing
            return [], flags.end()
        j = flags.end()
    required, j = _alternatives(p, j)
    if j >= len(p) or p[j] != ")":
        raise _Unsure
    return ([] if lookaround else required), j + 1


# a regex try at one place (with its timeout) costs about as much as a scan of 500
# characters by a pattern that starts with an alternation
_TRIES_PER_CHAR = 1 / 512


def _alternative_starts(pattern: str) -> frozenset[str] | None:
    """:func:`_prefixes` when there are several, without those that start with another
    one (a pattern that starts with one string ``regex`` finds quickly itself)."""
    found = _prefixes(pattern)
    if found is None:
        return None
    shortest = frozenset(p for p in found if not any(p.startswith(q) and p != q for q in found))
    return shortest if len(shortest) > 1 else None


def _starts(lowered: str, prefixes: frozenset[str]) -> list[int] | None:
    """Where the strings ``prefixes`` stand in ``lowered``, in order; None when there are
    so many that a scan of the text costs less."""
    limit = int(len(lowered) * _TRIES_PER_CHAR)
    found: list[int] = []
    for prefix in prefixes:
        at = lowered.find(prefix)
        while at >= 0:
            found.append(at)
            if len(found) > limit:
                return None
            at = lowered.find(prefix, at + 1)
    return sorted(set(found))


def _prefixes(pattern: str) -> frozenset[str] | None:
    r"""Strings one of which every match of ``pattern`` (compiled without IGNORECASE)
    starts with; None when there are none or the pattern is beyond the reader (see
    :func:`_required_literals`).

    >>> sorted(_prefixes(r"\b(?:reached|ranks?\s+first|(?<!\bbe\s)increased\s+by)\b"))
    ['increased', 'rank', 'reached']
    >>> sorted(_prefixes(r"(?:plan|plans)(?<=x)\s+to"))
    ['plan', 'plans']
    >>> _prefixes(r"\bs?plan") is None, _prefixes(r"(?:a|\w)b") is None
    (True, True)
    """
    try:
        found, end = _branch_prefixes(pattern, 0)
    except _Unsure:
        return None
    return found if end == len(pattern) else None


def _branch_prefixes(p: str, i: int) -> tuple[frozenset[str], int]:
    """Branches separated by ``|`` from ``p[i]``: the prefixes of all of them, and the
    index where they end."""
    found: set[str] = set()
    while True:
        prefixes, i = _sequence_prefixes(p, i)
        found |= prefixes
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        return frozenset(found), i


def _sequence_prefixes(p: str, i: int) -> tuple[frozenset[str], int]:
    """One branch: the strings one of which its matches start with (zero-width assertions
    first are passed over; then a run of literal characters, or a group), and the index
    where the branch ends."""
    while True:  # \b, ^, \A and lookarounds consume nothing
        if p.startswith(("\\b", "\\B", "\\A"), i):
            i += 2
        elif p.startswith("^", i):
            i += 1
        elif p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group(p, i)[1]
        else:
            break
        if _QUANTIFIER.match(p, i):
            raise _Unsure
    run = ""
    j = i
    while j < len(p):
        c = p[j]
        if c == "\\" and j + 1 < len(p) and not p[j + 1].isalnum():
            char, after = p[j + 1], j + 2
        elif c not in "\\[](){}.^$|?*+":
            char, after = c, j + 1
        else:
            break
        q = _QUANTIFIER.match(p, after)
        if q is not None:
            if q.group() == "+":
                run += char  # at least once
            break
        run += char
        j = after
    if run:
        return frozenset({run}), _sequence(p, j)[1]
    if p.startswith("(?:", i) or (p.startswith("(", i) and not p.startswith("(?", i)):
        inner, j = _branch_prefixes(p, i + 3 if p.startswith("(?:", i) else i + 1)
        if j >= len(p) or p[j] != ")":
            raise _Unsure
        q = _QUANTIFIER.match(p, j + 1)
        if q is not None and q.group() != "+":
            raise _Unsure  # the group may be left out
        return inner, _sequence(p, j + 1)[1]
    raise _Unsure  # a set, a class, a dot ...: no literal start


def _all_present(required: tuple[frozenset[str], ...], present: Callable[[str], bool]) -> bool:
    """Is one string of each set of ``required`` present? (Plain loops: this runs for
    every pattern of every text, and generator expressions cost more.)"""
    for alternatives in required:
        for literal in alternatives:
            if present(literal):
                break
        else:
            return False
    return True


_UPPER = regex.compile(r"(?<!\\)[A-Z]|\\[pP]\{|\\N")


# what may make a pattern mean something else inside a larger one: a group other than
# (?: and lookarounds (inline flags, named groups ...), a backreference
_NOT_JOINABLE = re.compile(r"\(\?(?![:=!]|<[=!])|\\[1-9gk]")


def _either(patterns: Sequence[str]) -> regex.Pattern[str] | None:
    """The case-insensitive ``patterns`` as one alternation that matches where one of them
    matches (a regex call costs a few microseconds more with a timeout, one call instead
    of several saves that); None when a pattern may not join one or there are none."""
    if not patterns or any(_NOT_JOINABLE.search(p) for p in patterns):
        return None
    try:
        return regex.compile(
            "|".join(f"(?:{p})" for p in patterns), regex.IGNORECASE | regex.VERSION1
        )
    except (regex.error, TypeError, ValueError):
        return None


def _alternation(patterns: Sequence[str], where: str) -> regex.Pattern[str] | None:
    if not patterns:
        return None
    return compile_pattern(
        "|".join(f"(?:{p})" for p in patterns), flags=regex.IGNORECASE, where=where
    )


def _non_overlapping(a: list[_Span], b: list[_Span]) -> list[_Span]:
    """Merge two lists of exclusions ``(start, end, keys)`` into one in text order with no
    overlaps (overlapping ones are joined, their keys pooled), so that :func:`_blocked` can
    search it."""
    merged: list[_Span] = []
    for m in sorted([*a, *b], key=lambda m: (m[0], m[1])):
        if merged and m[0] < merged[-1][1]:
            start, end, keys = merged[-1]
            pooled = tuple(dict.fromkeys([*keys, *m[2]]))  # type: ignore[misc]
            merged[-1] = (start, max(end, m[1]), pooled)
        else:
            merged.append(m)
    return merged


def _blocked(excluded: Sequence[_Span], start: int, end: int, key: str) -> bool:
    """Does an exclusion ``(start, end, keys)`` of ``key`` overlap ``[start, end)``?
    (``excluded`` is in text order and non-overlapping, so a binary search finds the
    candidates.)"""
    i = bisect.bisect_left(excluded, end, key=_start)
    while i > 0:
        e = excluded[i - 1]
        if e[1] <= start:
            break
        if key in e[2]:  # type: ignore[operator]
            return True
        i -= 1
    return False


_start = itemgetter(0)


@lru_cache(maxsize=1)
def _base_spec() -> InstrumentFile:
    return _read("instruments.toml")


@lru_cache(maxsize=1)
def _default() -> Instruments:
    return Instruments(_base_spec(), where="futureind/data/instruments.toml")
