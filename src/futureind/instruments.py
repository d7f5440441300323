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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
from pydantic import Field, ValidationError, field_validator, model_validator

from .engine import REGEX_TIMEOUT, Match, PhraseMatcher, compile_pattern
from .vocab import DataModel, read_toml, validation_error

__all__ = [
    "AmountSpec",
    "InstrumentFile",
    "InstrumentSpec",
    "Instruments",
    "MeasureSpec",
    "PairSpec",
    "inflections",
]

_KEY = r"^[a-z][a-z_]*\.[a-z][a-z_]*$"
_LEFT = r"(?<![\p{L}\p{N}_])"
_RIGHT = r"(?![\p{L}\p{N}_])"
# between the verb and the object of a pair: words, not crossing a sentence or clause stop;
# possessive, since both classes hold "-" (else "develop - - - ..." backtracks exponentially)
_GAP_SEP = r"[^\w.;!?。；！？\n]++"
_GAP_WORD = r"[\w'’&\-]++"


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


@dataclass(frozen=True, slots=True)
class _Compiled:
    cues: PhraseMatcher
    excludes: PhraseMatcher
    rules: list[tuple[str, regex.Pattern[str]]]
    excl_rules: list[tuple[str, regex.Pattern[str]]]


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
        rules: list[tuple[str, regex.Pattern[str]]] = []
        excl_rules: list[tuple[str, regex.Pattern[str]]] = []
        for n, inst in enumerate(spec.instrument):
            for i, pattern in enumerate(inst.exclude_patterns):
                excl_rules.append(
                    (
                        inst.key,
                        compile_pattern(
                            pattern,
                            flags=regex.IGNORECASE,
                            where=f"{where}, entry instrument[{n}] (key={inst.key!r}), "
                            f"exclude_patterns[{i}]",
                        ),
                    )
                )
            for cue in inst.cues:
                keys = cue_table.setdefault(cue.casefold(), [])
                if inst.key not in keys:
                    keys.append(inst.key)
            for phrase in inst.exclude:
                keys = excl_table.setdefault(phrase.casefold(), [])
                if inst.key not in keys:
                    keys.append(inst.key)
            for i, pair in enumerate(inst.pairs):
                verbs = sorted({f for v in pair.verbs for f in inflections(v)})
                pattern = (
                    rf"{_LEFT}\L<verbs>{_RIGHT}(?:{_GAP_SEP}{_GAP_WORD}){{0,{pair.gap}}}?"
                    rf"{_GAP_SEP}\L<objects>{_RIGHT}"
                )
                where_rule = f"{where}, entry instrument[{n}] (key={inst.key!r}), pairs[{i}]"
                rules.append(
                    (
                        inst.key,
                        compile_pattern(
                            pattern,
                            flags=regex.IGNORECASE,
                            where=where_rule,
                            verbs=verbs,
                            objects=sorted(set(pair.objects), key=lambda s: (-len(s), s)),
                        ),
                    )
                )
            for i, pattern in enumerate(inst.patterns):
                rules.append(
                    (
                        inst.key,
                        compile_pattern(
                            pattern,
                            flags=regex.IGNORECASE,
                            where=f"{where}, entry instrument[{n}] (key={inst.key!r}), patterns[{i}]",
                        ),
                    )
                )
        self._compiled = _Compiled(
            cues=PhraseMatcher({k: tuple(v) for k, v in cue_table.items()}, rule="instrument_cue"),
            excludes=PhraseMatcher(
                {k: tuple(v) for k, v in excl_table.items()}, rule="instrument_exclude"
            ),
            rules=rules,
            excl_rules=excl_rules,
        )
        ms = spec.measure
        self._modals = PhraseMatcher(dict.fromkeys(ms.modals, "modal"), rule="measure_modal")
        weak = {f.casefold() for w in ms.weak_actions for f in inflections(w)}
        actions: dict[str, str] = {}
        for verb in ms.actions:
            for form in inflections(verb):
                actions[form] = "weak" if form.casefold() in weak else "action"
        self._actions = PhraseMatcher(actions, rule="measure_action")
        self._enumerations = [
            compile_pattern(p, flags=regex.IGNORECASE, where=f"{where}, measure.enumerations[{i}]")
            for i, p in enumerate(ms.enumerations)
        ]
        self._problems = (
            compile_pattern(
                "|".join(f"(?:{p})" for p in ms.problems),
                flags=regex.IGNORECASE,
                where=f"{where}, measure.problems",
            )
            if ms.problems
            else None
        )
        self._background = (
            compile_pattern(
                "|".join(f"(?:{p})" for p in ms.background),
                flags=regex.IGNORECASE,
                where=f"{where}, measure.background",
            )
            if ms.background
            else None
        )

        am = spec.amounts
        self._commit = PhraseMatcher(dict.fromkeys(am.commit, "commit"), rule="amount_commit")
        self._metric = PhraseMatcher(dict.fromkeys(am.metric, "metric"), rule="amount_metric")
        self._past = (
            compile_pattern(
                "|".join(f"(?:{p})" for p in am.past),
                flags=regex.IGNORECASE,
                where=f"{where}, amounts.past",
            )
            if am.past
            else None
        )

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
    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Every instrument cue in ``text[pos:endpos]`` (``Match.value`` is the key), in text
        order; cues overlapping an exclusion of their instrument are dropped.

        >>> text = "attract top scientists"
        >>> [(m.value, text[m.start : m.end]) for m in Instruments.default().find(text)]
        [('supply.talent', 'attract top scientists'), ('supply.talent', 'scientists')]
        """
        end = len(text) if endpos is None else endpos
        c = self._compiled
        excluded = c.excludes.finditer(text, pos, end)
        extra = [
            Match(m.start(), m.end(), "exclude_pattern", (key,))
            for key, pattern in c.excl_rules
            for m in pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
        ]
        if extra:
            excluded = _non_overlapping(excluded, extra)
        found: list[Match] = []
        for m in c.cues.finditer(text, pos, end):
            for key in m.value:
                if not _blocked(excluded, m.start, m.end, key):
                    found.append(Match(m.start, m.end, "cue", key))
        for key, pattern in c.rules:
            for rm in pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT):
                if rm.end() > rm.start() and not _blocked(excluded, rm.start(), rm.end(), key):
                    found.append(Match(rm.start(), rm.end(), "pair", key))
        found.sort(key=lambda m: (m.start, m.end, self._order.get(str(m.value), 99)))
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
        return self._modals.finditer(text, pos, endpos)

    def actions(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Action verbs (value 'action', or 'weak' for verbs that also describe)."""
        return self._actions.finditer(text, pos, endpos)

    def enumeration_at(self, text: str, pos: int, endpos: int) -> regex.Match[str] | None:
        """An enumeration lead ("The first is to", "Second,", "(1)", a bullet) at ``pos``."""
        for pattern in self._enumerations:
            m = pattern.match(text, pos, endpos, timeout=REGEX_TIMEOUT)
            if m is not None:
                return m
        return None

    def background(self, text: str, pos: int, endpos: int) -> regex.Match[str] | None:
        """A background / importance pattern in ``text[pos:endpos]``, if any."""
        if self._background is None:
            return None
        return self._background.search(text, pos, endpos, timeout=REGEX_TIMEOUT)

    def problems(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """Spans that name a problem or lack ("the lack of platforms and talents"): cues in
        them are not measures."""
        if self._problems is None:
            return []
        end = len(text) if endpos is None else endpos
        return [
            (m.start(), m.end())
            for m in self._problems.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
        ]

    def commits(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Cues that money in a clause is committed ("invest", "fund", "worth", "go to")."""
        return self._commit.finditer(text, pos, endpos)

    def metrics(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Match]:
        """Metric words whose value money may be ("output value", "revenue", "scale")."""
        return self._metric.finditer(text, pos, endpos)

    def is_past_figure(self, text: str, pos: int, endpos: int) -> bool:
        """Does ``text[pos:endpos]`` (the words just before an amount) make it a past or
        comparison figure ("up from", "compared with")?"""
        if self._past is None:
            return False
        return self._past.search(text, pos, endpos, timeout=REGEX_TIMEOUT) is not None


def _non_overlapping(a: list[Match], b: list[Match]) -> list[Match]:
    """Merge two lists of exclusions into one in text order with no overlaps (overlapping
    ones are joined, their keys pooled), so that :func:`_blocked` can search it."""
    merged: list[Match] = []
    for m in sorted([*a, *b], key=lambda m: (m.start, m.end)):
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            keys = tuple(dict.fromkeys([*last.value, *m.value]))
            merged[-1] = Match(last.start, max(last.end, m.end), last.rule, keys)
        else:
            merged.append(m)
    return merged


def _blocked(excluded: Sequence[Match], start: int, end: int, key: str) -> bool:
    """Does an exclusion of ``key`` overlap ``[start, end)``? (``excluded`` is in text order
    and non-overlapping, so a binary search finds the candidates.)"""
    i = _bisect_starts(excluded, end)
    while i > 0:
        e = excluded[i - 1]
        if e.end <= start:
            break
        if key in e.value:
            return True
        i -= 1
    return False


def _bisect_starts(excluded: Sequence[Match], end: int) -> int:
    lo, hi = 0, len(excluded)
    while lo < hi:
        mid = (lo + hi) // 2
        if excluded[mid].start < end:
            lo = mid + 1
        else:
            hi = mid
    return lo


@lru_cache(maxsize=1)
def _base_spec() -> InstrumentFile:
    return _read("instruments.toml")


@lru_cache(maxsize=1)
def _default() -> Instruments:
    return Instruments(_base_spec(), where="futureind/data/instruments.toml")
