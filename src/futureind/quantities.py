"""Quantities: numbers, money, percentages, multiples, counts and physical amounts.

:func:`find_quantities` reads running text, :func:`parse_quantity` a whole string. Both are
driven by the vocabulary in ``futureind/data/quantities.toml`` (number words, scale words,
currencies, units, comparator cues, counted-noun stop words, exclusions); this module only
holds the generic engine:

1. one compiled pattern finds every *number core* (digits with separators and decimals, a
   spelled-out English number, a Chinese numeral, a multiple word such as "double", or a
   fraction such as "half" before "of");
2. each core is extended with anchored, bounded matches: a scale word after it ("billion",
   "bn", "亿"), a currency or unit after it ("yuan", "%", "GW"), a currency before it
   ("US$", "RMB", "KRW"), a comparator cue before or after it ("more than", "or more"),
   and, when it has no unit, the noun phrase it counts ("100 leading enterprises");
3. two neighbouring quantities joined by "-", "to" or "between ... and" become a range;
4. years, dates, clock times, plan numbers ("14th Five-Year Plan", "20+8", "G7", "6G",
   "Industry 4.0") and numbers glued to letters are dropped.

Every step scans a bounded window, so the time is linear in the length of the text.

**The "¥" rule.** "¥" and "￥" are written for both the Chinese yuan and the Japanese yen.
They are read as ``CNY`` unless a Japanese cue ("yen", "Japan", "Japanese", "JPY", "Tokyo",
"円", "日元", "日本"; see ``[yen_sign]`` in the data) stands within 200 characters of the
amount, in which case they are ``JPY``. A bare "$" is ``USD``.

**Units.** Money gets its ISO 4217 code; "%" and "percent" ``percent``; "percentage points"
(and "个百分点") ``percentage_point``; "double", "tenfold", "2x", "3 times", "翻一番" ``times``;
physical amounts a base unit with the amount scaled (GW -> W, kWh -> Wh, tonnes -> t, km -> m,
square kilometres -> m2, cubic metres -> m3, EFLOPS -> FLOPS); durations ``year``/``month``/
``day`` (so "five years" is not a count of years); a number followed by a noun phrase
``count`` with :attr:`Quantity.noun` (up to six words, ending at its plural head noun or before
a preposition, verb, punctuation or unit word); anything else ``""``. A fraction before "of" is
a percentage ("over half of" -> 50 percent, "a third of" -> 33.3 percent).

**Fractions.** Slash fractions ("3/4", "2 1/4", "-4/5"; proper ones only, so "24/7" and
dates such as "3/4/2024" are not), scientific notation ("1e10", "12.32e+14"), a fraction joined
by "and" ("one hundred and three quarters" = 100.75, "one million and a half" = 1.5e6, "five
and a half million" = 5.5e6), "half a dozen", and a quotient of two bare numbers ("one over
three", "1 out of 20") when nothing follows the second ("over 3 years" stays a comparison).

**Not supported, on purpose.** Sub-units written after an amount ("3 dollars 50 cents"), cents
and pence as money, powers ("1.1^23", "1.3x10^6"), ordinal fractions ("three twenty-firsts",
"a trillionth"), a sign standing apart from its number ("- 10 k": at a line start it is a bullet
mark), digits mixed with scale words and "and" ("3 hundred and 21"), Indian digit grouping
("12,34,567"), decimal commas ("5,00"), digits spaced between Chinese numerals ("一 百 五 十"),
Chinese retail discounts ("九折", "七成"), and numbers glued to letters (they are names: G7, 6G,
3D, FY2021, COVID-19). A bare four-digit number between 1800 and 2199 is a year, never a
quantity, unless it has a unit, a currency or a scale word ("2025 yuan", "$2000") or is a
compared count ("more than 2000 enterprises"). The suffixes "m" and "b" mean million and billion only next to a currency
("£500m"), or, for "M" and "b", when they touch the digits ("10M", "1.2b"); otherwise "m" is
metres.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import regex
from pydantic import Field, field_validator

from .engine import REGEX_TIMEOUT, is_cjk
from .errors import VocabularyError
from .models import Comparator, Quantity, QuantityMatch, Span
from .numbers import ChineseNumerals, NumberWords, chinese_value, digits_value, words_value
from .vocab import DataModel, load_data

__all__ = ["QuantityData", "find_quantities", "parse_quantity"]

_WHERE = "futureind/data/quantities.toml"


def _rx(pattern: str, flags: int = 0, *, where: str = _WHERE, **lists: Any) -> regex.Pattern[str]:
    """Compile with the ``regex`` package (version 0 syntax, which scans fastest)."""
    try:
        return regex.compile(pattern, flags, **lists)
    except (regex.error, TypeError, ValueError) as exc:
        raise VocabularyError(f"bad regular expression: {exc}", file=where) from exc


# --- vocabulary models -------------------------------------------------------------------
class _Scale(DataModel):
    words: list[str] = Field(min_length=1)
    factor: float = Field(gt=0)
    case_sensitive: list[str] = Field(default_factory=list)
    needs_currency: bool = False
    attached_alone: bool = False


class _Currency(DataModel):
    code: str = Field(pattern=r"^[A-Z]{3}$")
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    case_sensitive: list[str] = Field(default_factory=list)


class _YenSign(DataModel):
    symbols: list[str] = Field(min_length=1)
    default: str = Field(pattern=r"^[A-Z]{3}$")
    alternative: str = Field(pattern=r"^[A-Z]{3}$")
    cues: list[str] = Field(default_factory=list)
    window: int = Field(default=200, ge=0, le=5000)


class _Unit(DataModel):
    unit: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)
    before: list[str] = Field(default_factory=list)
    factor: float = Field(default=1.0, gt=0)
    case_sensitive: list[str] = Field(default_factory=list)
    attached_only: bool = False
    # text that must not follow the unit word: "七成" is 70%, "七成本" is not a share
    not_followed_by: list[str] = Field(default_factory=list)


class _Multiples(DataModel):
    words: dict[str, float]


class _Fractions(DataModel):
    denominators: dict[str, float]
    alone: list[str] = Field(default_factory=list)
    words: dict[str, float] = Field(default_factory=dict)
    followed_by: list[str] = Field(min_length=1)
    not_after: list[str] = Field(default_factory=list)
    over: list[str] = Field(default_factory=list)


class _ComparatorCue(DataModel):
    value: Comparator
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)


class _Ranges(DataModel):
    joiners: list[str] = Field(min_length=1)
    open: list[str] = Field(default_factory=list)
    and_joiners: list[str] = Field(default_factory=list)
    # "two or three companies": two close bare numbers joined by one of these are a range
    or_joiners: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)


class _Counts(DataModel):
    max_words: int = Field(default=6, ge=1, le=12)
    stop_words: list[str] = Field(default_factory=list)
    bad_first: list[str] = Field(default_factory=list)
    # two words that may follow a "-level" word inside a counted noun ("50 provincial-level or
    # above innovation platforms"), though their first word is a stop word
    level_qualifiers: list[str] = Field(default_factory=list)


CoreKind = Literal["digits", "words", "han"]
_CORE_KINDS: tuple[CoreKind, ...] = ("digits", "words", "han")


class _Exclude(DataModel):
    name: str
    pattern: str
    ignore_case: bool = False
    cores: list[CoreKind] = Field(default_factory=lambda: list(_CORE_KINDS))

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        _rx(value, where=f"{_WHERE}, exclude")
        return value


class _ExcludeSpans(DataModel):
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            _rx(pattern, where=f"{_WHERE}, exclude_spans")
        return value


class _ExcludeBefore(DataModel):
    words: list[str] = Field(default_factory=list)
    chars: str = ""


class QuantityData(DataModel):
    """The whole of ``quantities.toml``, validated."""

    numbers: NumberWords
    chinese: ChineseNumerals
    scale: list[_Scale]
    currency: list[_Currency]
    yen_sign: _YenSign
    unit: list[_Unit]
    multiples: _Multiples
    fractions: _Fractions
    comparator: list[_ComparatorCue]
    ranges: _Ranges
    counts: _Counts
    exclude: list[_Exclude]
    exclude_before: _ExcludeBefore
    exclude_spans: _ExcludeSpans = Field(default_factory=_ExcludeSpans)


# --- phrase lists built from data ----------------------------------------------------------
_WS = regex.compile(r"\s+")
_LATIN_END = regex.compile(r"[\p{Latin}\p{N}]$")
_LATIN_START = regex.compile(r"^[\p{Latin}\p{N}]")
# after a phrase: a Latin/digit-final phrase must not run on into a letter or digit
_BOUNDARY = r"(?:(?<=[\p{Latin}\p{N}])(?![\p{Latin}\p{N}])|(?<![\p{Latin}\p{N}]))"


def _norm(s: str) -> str:
    return " ".join(s.split())


class _Lexicon:
    """Phrases with payloads; matched through the ``regex`` package's named lists."""

    def __init__(self) -> None:
        self.exact: dict[str, object] = {}
        self.folded: dict[str, object] = {}
        self.first: frozenset[str] = frozenset()
        self.last: frozenset[str] = frozenset()

    def add(self, phrase: str, payload: object, sensitive: bool = False) -> None:
        key = _norm(phrase)
        if not key:
            return
        if sensitive:
            self.exact.setdefault(key, payload)
        else:
            self.folded.setdefault(key.casefold(), payload)

    def lookup(self, matched: str) -> object | None:
        key = _norm(matched)
        if key in self.exact:
            return self.exact[key]
        return self.folded.get(key.casefold())

    def edge_chars(self, last: bool) -> frozenset[str]:
        """Every character a phrase can start (or end) with, in any case: a cheap pre-check."""
        chars: set[str] = set()
        for k in [*self.exact, *self.folded]:
            ch = k[-1] if last else k[0]
            chars.update((ch, ch.lower(), ch.upper()))
        return frozenset(chars)

    def longest(self) -> int:
        return max((len(k) for k in [*self.exact, *self.folded]), default=0)

    def _alternation(self, reverse: bool) -> str:
        def forms(keys: dict[str, object]) -> list[str]:
            return sorted({k[::-1] if reverse else k for k in keys})

        parts: list[str] = []
        if self.exact:
            parts.append(_trie(forms(self.exact)))
        if self.folded:
            parts.append("(?i:" + _trie(forms(self.folded)) + ")")
        return "(?:" + "|".join(parts) + ")" if parts else "(?!)"

    def after(self, spaces: str) -> regex.Pattern[str]:
        """Anchored pattern for a phrase right after a position (group 1: the phrase)."""
        self.first = self.edge_chars(last=False)
        return _rx(f"{spaces}({self._alternation(False)}){_BOUNDARY}")

    def before(self, spaces: str) -> regex.Pattern[str]:
        """Anchored pattern for a phrase right before a position, run on the reversed text."""
        self.last = self.edge_chars(last=True)
        return _rx(f"{spaces}({self._alternation(True)}){_BOUNDARY}")


def _phrase_before(
    pattern: regex.Pattern[str], lex: _Lexicon, text: str, pos: int, window: int
) -> tuple[object, int, int] | None:
    """The phrase of ``lex`` that ends (give or take spaces) right before ``pos``."""
    if _char_before(text, pos) not in lex.last:
        return None
    lo = max(0, pos - window)
    m = pattern.match(text[lo:pos][::-1])
    if m is None:
        return None
    start, end = pos - m.end(1), pos - m.start(1)
    if (
        start == lo
        and lo > 0
        and _LATIN_START.search(text[start:end])
        and _LATIN_END.search(text[lo - 1])
    ):
        return None  # the window cut a word: the true phrase starts earlier
    payload = lex.lookup(text[start:end])
    if payload is None:
        return None
    return payload, start, end


_SPACES = " \t\u00a0\n\r"


def _char_before(text: str, pos: int) -> str:
    """The first character before ``pos`` that is not a space (looking back 4 at most)."""
    i = pos - 1
    while i >= 0 and i > pos - 5 and text[i] in _SPACES:
        i -= 1
    return text[i] if i >= 0 else ""


def _char_after(text: str, pos: int) -> str:
    """The first character from ``pos`` on that is not a space (looking 4 ahead at most)."""
    i, n = pos, len(text)
    while i < n and i < pos + 4 and text[i] in _SPACES:
        i += 1
    return text[i] if i < n else ""


@dataclass(frozen=True, slots=True)
class _UnitInfo:
    kind: Literal["currency", "unit", "yen"]
    unit: str
    factor: float
    not_followed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Compiled:
    data: QuantityData
    digits: regex.Pattern[str]
    words: regex.Pattern[str]
    words_lower: regex.Pattern[str] | None  # ``words`` without IGNORECASE, for lowered ASCII
    han: regex.Pattern[str]
    a_before: regex.Pattern[str]
    and_frac: regex.Pattern[str]
    and_a_frac: regex.Pattern[str]
    slash: regex.Pattern[str]
    over_gap: regex.Pattern[str]
    mult_values: dict[str, float]
    word_gap: regex.Pattern[str]
    frac_follow: regex.Pattern[str]
    frac_not_after: regex.Pattern[str]
    share_gap: regex.Pattern[str]
    decimal_word: regex.Pattern[str] | None
    unit_values: dict[str, float]
    big_multipliers: dict[str, float]
    denominators: dict[str, float]
    alone: frozenset[str]
    scale: regex.Pattern[str]
    scale_lex: _Lexicon
    after: regex.Pattern[str]
    attached: regex.Pattern[str]
    after_lex: _Lexicon
    after_first: frozenset[str]
    before: regex.Pattern[str]
    before_lex: _Lexicon
    cmp_before: regex.Pattern[str]
    cmp_before_lex: _Lexicon
    cmp_after: regex.Pattern[str]
    cmp_after_lex: _Lexicon
    yen_cues: regex.Pattern[str]
    noun: regex.Pattern[str]
    zh_noun: regex.Pattern[str]
    joiner: regex.Pattern[str]
    and_joiner: regex.Pattern[str]
    or_joiner: regex.Pattern[str]
    open_before: regex.Pattern[str]
    not_after: regex.Pattern[str]
    exclude_start: dict[str, regex.Pattern[str]]
    label_before: regex.Pattern[str]
    label_lex: _Lexicon
    label_window: int
    exclude_chars: frozenset[str]
    exclude_spans: list[regex.Pattern[str]]
    unit_before: regex.Pattern[str]
    unit_before_lex: _Lexicon
    unit_before_window: int
    negative_before: regex.Pattern[str]
    negative_lex: _Lexicon
    stop_words: frozenset[str]
    level_qualifiers: frozenset[str]
    bad_first: frozenset[str]
    weak: frozenset[str]
    units: frozenset[str]
    multipliers: frozenset[str]
    multiples: dict[str, float]
    fractions: dict[str, float]
    zh_digits: frozenset[str]
    before_window: int
    cmp_window: int
    han_any: regex.Pattern[str] = field(default_factory=lambda: regex.compile(r"\p{Han}"))


def _char(ch: str) -> str:
    return r"\s+" if ch == " " else regex.escape(ch)


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by prefix (scans much faster than a list)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [_char(k) + emit(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 or "" in node else alts[0]
        return body + "?" if "" in node else body

    return emit(root) or "(?!)"


def _alt(words: list[str]) -> str:
    parts = sorted({_norm(w) for w in words if _norm(w)}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(r"\s+".join(regex.escape(x) for x in w.split(" ")) for w in parts) + ")"


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = load_data("quantities.toml", QuantityData)
    zh = data.chinese

    # number cores
    digits = _rx(
        r"(?<![\p{N}_])(?<![\p{N}][.,])"
        r"(?:(?:\d{1,3}(?:,\d{3})++(?!\d)|\d{1,3}(?:[\u00a0\u202f ]\d{3})++(?!\d)|\d++)"
        r"(?:\.\d++)?|(?<![.])\.\d++)(?:[eE][+-]?\d{1,3}(?![\p{L}\p{N}]))?(?![\p{N}])"
    )
    # "3/4", "2 1/4", "-4/5"; not dates ("3/4/2024") nor paths ("a/3/4")
    slash = _rx(
        r"(?<![\p{N}\p{L}/.,_])(?:(\d{1,3})[ \t]{1,2})?(\d{1,3})/(\d{1,3})"
        r"(?![\p{N}\p{L}/]|[.,]\p{N})"
    )
    token_words = sorted(
        {w.casefold() for w in [*data.numbers.units, *data.numbers.multipliers]}
        | {w.casefold() for w in data.multiples.words if not is_cjk(w)}
        | {w.casefold() for w in data.fractions.denominators},
        key=lambda w: (-len(w), w),
    )
    words = _rx(r"\b" + _trie(token_words) + r"\b", regex.IGNORECASE)
    # On an ASCII text, ``words`` finds what its case-sensitive twin finds in the lowered
    # text (the same offsets, and the tokens come out case-folded), and the latter scans faster.
    words_lower = (
        _rx(r"\b" + _trie(token_words) + r"\b")
        if all(w.isascii() and w == w.lower() for w in token_words)
        else None
    )
    cjk_words = [w for w in [*data.multiples.words, *data.fractions.words] if is_cjk(w)]
    single = [c for c in [*zh.digits, *zh.small_units, *zh.big_units] if len(c) == 1]
    zh_digit_chars = "".join(regex.escape(c) for c in zh.digits if len(c) == 1)
    han_core = f"[{''.join(regex.escape(c) for c in single)}]++"
    points = "".join(regex.escape(p) for p in [zh.decimal_point, *zh.decimal_points])
    han_core += f"(?:[{points}][{zh_digit_chars}]++)?"
    han = _rx(f"(?P<cjkword>{_alt(cjk_words)})|(?P<han>{han_core})" if cjk_words else han_core)
    mults = list(data.numbers.multipliers)
    a_before = _rx(r"(?<![\p{L}])(?i:an?)\s{1,2}\Z")
    and_frac = _rx(r"\s{1,3}(?i:and)\s{1,3}(?:((?i:an?))\s{1,3})?")
    over_gap = _rx(r"\s{1,3}(?i:" + _alt(data.fractions.over or ["(?!)"]) + r")\s{1,3}")
    word_gap = _rx(r"(?:[ \t\u00a0]{1,3}|\s{0,2}[-–]\s{0,2}|\s{1,3}(?i:and)\s{1,3})")
    frac_follow = _rx(r"\s{1,3}(?i:" + _alt(data.fractions.followed_by) + r")(?![\p{L}])")
    frac_not_after = _rx(
        r"(?<![\p{L}])(?i:" + _alt(data.fractions.not_after or ["(?!)"]) + r")\s{1,3}\Z"
    )

    # scale words, units and currencies after the number
    scale_lex = _Lexicon()
    for sc in data.scale:
        for w in sc.words:
            scale_lex.add(w, sc, w in sc.case_sensitive)
    after_lex = _Lexicon()
    attached_lex = _Lexicon()
    before_lex = _Lexicon()
    for cur in data.currency:
        info = _UnitInfo("currency", cur.code, 1.0)
        for w in cur.after:
            after_lex.add(w, info, w in cur.case_sensitive)
        for w in cur.before:
            before_lex.add(w, info, w in cur.case_sensitive)
    yen = _UnitInfo("yen", data.yen_sign.default, 1.0)
    for sym in data.yen_sign.symbols:
        before_lex.add(sym, yen, True)
        after_lex.add(sym, yen, True)
    unit_before_lex = _Lexicon()
    for u in data.unit:
        uinfo = _UnitInfo("unit", u.unit, u.factor, tuple(u.not_followed_by))
        for w in u.words:
            (attached_lex if u.attached_only else after_lex).add(w, uinfo, w in u.case_sensitive)
        for w in u.before:
            unit_before_lex.add(w, uinfo, w in u.case_sensitive)
    negative_lex = _Lexicon()
    for w in data.numbers.negative:
        negative_lex.add(w, -1.0)

    # comparators
    cmp_before_lex = _Lexicon()
    cmp_after_lex = _Lexicon()
    for cue in data.comparator:
        for w in cue.before:
            cmp_before_lex.add(w, cue.value)
        for w in cue.after:
            cmp_after_lex.add(w, cue.value)

    # counted nouns
    n = data.counts.max_words
    noun = _rx(
        r"(?:[ \t\u00a0]{1,3}(?:\r?\n[ \t]{0,3})?"
        # a word, or a compound led by a number ("100-billion-yuan-level", "5G")
        r"([\"“‘'«]?(?:\p{L}|\p{N}{1,6}-(?=\p{L})|\p{N}{1,3}(?=\p{Lu}))[\p{L}\p{N}&'’\-]{0,40}[\"”’'»]?)"
        r"(?![\p{L}\p{N}]))"
        f"{{1,{n}}}"
    )
    classifiers = _alt(zh.classifiers) if zh.classifiers else "(?!)"
    stops = "".join(regex.escape(ch) for ch in zh.noun_stops)
    han_run = rf"[^{stops}\p{{N}}\p{{Latin}}]{{0,{zh.max_noun_chars}}}"
    joiner_chars = "".join(regex.escape(ch) for ch in zh.noun_joiners)
    # "2家有全球影响力的生态型企业": a modifier joined by 的 belongs to the counted noun
    tail = rf"(?:[{joiner_chars}]{han_run})?" if joiner_chars else ""
    # "100家以上企业", "10个左右": a bound (a CJK comparator cue written after a number) may
    # stand between the measure word and its noun
    zh_bounds = sorted(
        (w for cue in data.comparator for w in cue.after if is_cjk(w)), key=len, reverse=True
    )
    bound = rf"(?P<bound>{_alt(zh_bounds)})?" if zh_bounds else ""
    zh_noun = _rx(rf"\s{{0,2}}{classifiers}{bound}(?P<noun>{han_run}{tail})")

    # ranges
    rg = data.ranges
    joiner = _rx(r"\s{0,2}(?i:" + _alt(rg.joiners) + r")\s{0,2}")
    and_joiner = _rx(r"\s{1,2}(?i:" + _alt(rg.and_joiners) + r")\s{1,2}")
    or_joiner = _rx(r"\s{0,2}(?i:" + _alt(rg.or_joiners) + r")\s{0,2}" if rg.or_joiners else "(?!)")
    open_before = _rx(r"(?<![\p{L}])(?i:" + _alt(rg.open) + r")\s{1,3}\Z")
    not_after = _rx(r"(?<![\p{L}])(?i:" + _alt(rg.not_after) + r")\s{1,3}\Z")

    # exclusions
    def group(e: _Exclude) -> str:
        return f"(?i:{e.pattern})" if e.ignore_case else f"(?:{e.pattern})"

    exclude_start = {
        kind: _rx(
            "|".join(group(e) for e in data.exclude if kind in e.cores) or "(?!)",
            where=f"{_WHERE}, exclude",
        )
        for kind in ("digits", "words", "han")
    }
    label_lex = _Lexicon()
    for w in data.exclude_before.words:
        label_lex.add(w, w, True)

    return _Compiled(
        data=data,
        digits=digits,
        words=words,
        words_lower=words_lower,
        han=han,
        a_before=a_before,
        and_frac=and_frac,
        and_a_frac=_rx(
            r"\s{1,3}(?i:and)\s{1,3}(?i:an?|one)\s{1,3}((?i:"
            + _alt(list(data.fractions.denominators))
            + r"))(?![\p{L}])"
        ),
        slash=slash,
        over_gap=over_gap,
        mult_values={k.casefold(): v for k, v in data.numbers.multipliers.items()},
        word_gap=word_gap,
        frac_follow=frac_follow,
        frac_not_after=frac_not_after,
        share_gap=_rx(r"\s{1,3}(?:(?i:an?)\s{1,3})?"),
        decimal_word=(
            _rx(r"\s{1,2}(?i:" + _alt([data.numbers.decimal_word]) + r")\s{1,2}")
            if data.numbers.decimal_word
            else None
        ),
        unit_values={k.casefold(): v for k, v in data.numbers.units.items()},
        big_multipliers={k.casefold(): v for k, v in data.numbers.multipliers.items() if v >= 1000},
        denominators={k.casefold(): v for k, v in data.fractions.denominators.items()},
        alone=frozenset(w.casefold() for w in data.fractions.alone),
        scale=scale_lex.after(r"[ \u00a0]{0,2}"),
        scale_lex=scale_lex,
        after=after_lex.after(r"[ \u00a0]{0,2}"),
        attached=attached_lex.after(""),
        after_lex=_merged(after_lex, attached_lex),
        after_first=after_lex.first | attached_lex.first,
        before=before_lex.before(r"[ \u00a0]{0,2}"),
        before_lex=before_lex,
        cmp_before=cmp_before_lex.before(r"\s{0,3}"),
        cmp_before_lex=cmp_before_lex,
        cmp_after=cmp_after_lex.after(r"\s{0,2}"),
        cmp_after_lex=cmp_after_lex,
        yen_cues=_rx(_alt(data.yen_sign.cues)),
        noun=noun,
        zh_noun=zh_noun,
        joiner=joiner,
        and_joiner=and_joiner,
        or_joiner=or_joiner,
        open_before=open_before,
        not_after=not_after,
        exclude_start=exclude_start,
        label_before=label_lex.before(r"[ \u00a0]{0,2}"),
        label_lex=label_lex,
        label_window=label_lex.longest() + 3,
        exclude_chars=frozenset(data.exclude_before.chars),
        exclude_spans=[
            _rx(p, where=f"{_WHERE}, exclude_spans") for p in data.exclude_spans.patterns
        ],
        unit_before=unit_before_lex.before(r"\s{0,2}"),
        unit_before_lex=unit_before_lex,
        unit_before_window=unit_before_lex.longest() + 3,
        negative_before=negative_lex.before(r"[ \u00a0]?"),
        negative_lex=negative_lex,
        stop_words=frozenset(w.casefold() for w in data.counts.stop_words),
        level_qualifiers=frozenset(
            " ".join(w.casefold().split()) for w in data.counts.level_qualifiers
        ),
        bad_first=frozenset(w.casefold() for w in data.counts.bad_first),
        weak=frozenset(w.casefold() for w in data.numbers.weak),
        units=frozenset(w.casefold() for w in data.numbers.units),
        multipliers=frozenset(w.casefold() for w in mults),
        multiples=dict(data.multiples.words),
        fractions={_norm(k).casefold(): v for k, v in data.fractions.words.items()},
        zh_digits=frozenset(zh.digits),
        before_window=before_lex.longest() + 3,
        cmp_window=cmp_before_lex.longest() + 4,
    )


def _merged(a: _Lexicon, b: _Lexicon) -> _Lexicon:
    out = _Lexicon()
    for lex in (a, b):
        for k, v in lex.exact.items():
            out.exact.setdefault(k, v)
        for k, v in lex.folded.items():
            out.folded.setdefault(k, v)
    return out


# --- the engine ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Core:
    start: int
    end: int
    kind: str  # digits, words, han, mult, frac
    value: float


@dataclass(frozen=True, slots=True)
class _Item:
    start: int  # start of the quantity (currency symbol included)
    end: int  # end of the quantity (unit or counted noun included)
    number: float  # the number as written, before scale
    scale: float | None
    unit: str
    factor: float  # unit factor (GW -> 1e9)
    kind: str  # core kind
    rule: str
    noun: str | None = None
    comparator: Comparator | None = None
    cmp_start: int = -1
    cmp_end: int = -1
    year_like: bool = False
    lo: float | None = None  # range bounds (already scaled)
    hi: float | None = None

    @property
    def amount(self) -> float:
        return _clean(self.number * (self.scale or 1.0) * self.factor)


def _clean(x: float) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.12g}")


_LATIN_LETTER = regex.compile(r"\p{Latin}")
_SIGN = "-−+"
_QUOTES = "\"“”‘’'«»"


def _cores(c: _Compiled, text: str) -> list[_Core]:
    """Every number core in text order: digits, spelled numbers, Chinese numerals, words."""
    cores: list[_Core] = []
    for m in list(c.digits.finditer(text, timeout=REGEX_TIMEOUT)):
        v = digits_value(m.group())
        if v is not None:
            cores.append(_Core(m.start(), m.end(), "digits", v))
    if "/" in text:
        for m in list(c.slash.finditer(text, timeout=REGEX_TIMEOUT)):
            num, den = float(m.group(2)), float(m.group(3))
            if 0 < num < den:  # a proper fraction: "24/7" and "9/11" are not
                whole = float(m.group(1)) if m.group(1) else 0.0
                cores.append(_Core(m.start(), m.end(), "slash", _clean(whole + num / den)))
    cores.extend(_word_cores(c, text))
    if not text.isascii() and c.han_any.search(text) is not None:
        for m in list(c.han.finditer(text, timeout=REGEX_TIMEOUT)):
            raw = m.group()
            if m.lastgroup == "cjkword":
                if raw in c.multiples:
                    cores.append(_Core(m.start(), m.end(), "mult", c.multiples[raw]))
                elif raw in c.fractions:
                    cores.append(_Core(m.start(), m.end(), "frac", c.fractions[raw]))
                continue
            if not (any(ch in c.zh_digits for ch in raw) or raw[0] in "十拾"):
                continue  # 万, 千亿 alone are not numbers
            hv = chinese_value(raw)
            if hv is not None:
                cores.append(_Core(m.start(), m.end(), "han", hv))
    cores.sort(key=lambda k: (k.start, -k.end))
    return _quotients(c, text, cores) if c.data.fractions.over else cores


def _quotients(c: _Compiled, text: str, cores: list[_Core]) -> list[_Core]:
    """Join "one over three", "1 over 20", "one out of three" into one core (a quotient).

    Only bare numbers: the second one must end the phrase (no unit, noun or further number
    after it, so "over 3 years" stays a comparison) and neither may be a year.
    """
    out: list[_Core] = []
    i = 0
    while i < len(cores):
        a = cores[i]
        if i + 1 < len(cores):
            b = cores[i + 1]
            if (
                a.kind in ("digits", "words")
                and b.kind in ("digits", "words")
                and b.value != 0
                and a.end < b.start
                and c.over_gap.fullmatch(text, a.end, b.start) is not None
                and not _is_year(text[a.start : a.end], a.value)
                and not _is_year(text[b.start : b.end], b.value)
                and not _char_after(text, b.end).isalnum()
                and _char_after(text, b.end) not in ("%", "％", "-", "–")
            ):
                out.append(_Core(a.start, b.end, a.kind, _clean(a.value / b.value)))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _word_cores(c: _Compiled, text: str) -> list[_Core]:
    if c.words_lower is not None and text.isascii():
        tokens = [(m.start(), m.end(), m.group()) for m in c.words_lower.finditer(text.lower())]
    else:
        tokens = [(m.start(), m.end(), m.group().casefold()) for m in c.words.finditer(text)]
    out: list[_Core] = []
    i = 0
    while i < len(tokens):
        s, e, w = tokens[i]
        raw = text[s:e]
        if raw in c.multiples:  # lower case only: "Double Five" is a name
            out.append(_Core(s, e, "mult", c.multiples[raw]))
            i += 1
            continue
        if w in c.denominators:
            am = c.a_before.search(text, max(0, s - 4), s)
            if i + 1 < len(tokens) and tokens[i + 1][2] in c.multipliers:
                # "half a million", "a quarter million": a share of a large number
                ms, me, mw = tokens[i + 1]
                if c.share_gap.fullmatch(text, e, ms) is not None and mw in c.mult_values:
                    begin = am.start() if am is not None else s
                    share = 1 / c.denominators[w] * c.mult_values[mw]
                    out.append(_Core(begin, me, "words", share))
                    i += 2
                    continue
            # "a third", "a quarter", or "half" alone before "of"
            if am is not None:
                out.append(_Core(am.start(), e, "frac", 1 / c.denominators[w]))
            elif (
                w in c.alone
                and c.frac_follow.match(text, e) is not None
                and c.frac_not_after.search(text, max(0, s - 12), s) is None
            ):
                out.append(_Core(s, e, "frac", 1 / c.denominators[w]))
            i += 1
            continue
        if w not in c.units and w not in c.multipliers:
            i += 1
            continue
        j, end = i, e
        while j + 1 < len(tokens):
            ns, ne, nw = tokens[j + 1]
            if nw not in c.units and nw not in c.multipliers:
                break
            gap = c.word_gap.fullmatch(text, end, ns)
            if gap is None:
                break
            if "and" in gap.group().casefold() and tokens[j][2] not in c.multipliers:
                break
            j, end = j + 1, ne
        start = s
        if w in c.multipliers:
            am = c.a_before.search(text, max(0, s - 4), s)
            if am is not None:
                start = am.start()
            elif j == i or not text[s:end].islower() or text[s:end].casefold().endswith("s"):
                i = j + 1
                continue  # "dozens of", "Thousand Talents"; but "hundred thousand dollars"
        v = words_value(text[start:end])
        if v is not None and j + 1 < len(tokens) and tokens[j + 1][2] in c.denominators:
            ds, de, dw = tokens[j + 1]
            gap_ok = c.word_gap.fullmatch(text, end, ds) is not None
            if gap_ok and "and" not in text[end:ds].casefold():
                split = _whole_and_fraction(c, text, tokens, i, j, start)
                if split is not None:
                    # "one hundred and three quarters" = 100 + 3/4
                    whole, part, k = split
                    got = _fraction_scale(c, text, tokens, i, k - 1, j + 1, whole, part)
                    out.append(_Core(start, got[1], "words", got[0]))
                    i = got[2]
                    continue
                den = c.denominators[dw]
                tens = c.unit_values.get(tokens[j][2], 0.0)
                if "-" in text[end:ds] and tens >= 20 and den < 10:
                    # "one twenty-fifth" = 1/25: the tens word belongs to the denominator
                    if j == i and start == s:
                        i = j + 2
                        continue  # "twenty-fifth" alone is an ordinal, not a fraction
                    head = 1.0 if j == i else words_value(text[start : tokens[j - 1][1]])
                    if head is None:
                        i = j + 2
                        continue
                    v, den = head, tens + den
                out.append(_Core(start, de, "frac", v / den))
                i = j + 2
                continue
        hm = _and_fraction(c, text, tokens, j, end, v) if v is not None else None
        if hm is not None:
            # "five and a quarter", "one million and a half", "two and fifty-four hundredths"
            out.append(_Core(start, hm[1], "words", hm[0]))
            i = hm[2]
            continue
        if v is not None and c.decimal_word is not None:
            # "five point five", "nought point nought three": spelled decimals, digit by digit
            pm = c.decimal_word.match(text, end)
            k, digits = j + 1, ""
            pos = pm.end() if pm is not None else -1
            while pm is not None and k < len(tokens) and tokens[k][0] == pos:
                tv = c.unit_values.get(tokens[k][2])
                if tv is None or tv >= 100:
                    break
                nxt = c.unit_values.get(tokens[k + 1][2]) if k + 1 < len(tokens) else None
                tens_then_unit = tv >= 20 and nxt is not None and 0 < nxt < 10
                digits += str(int(tv) // 10) if tens_then_unit else str(int(tv))
                pos, k = tokens[k][1], k + 1
                gap = c.word_gap.match(text, pos)
                if gap is None or "and" in gap.group().casefold() or k >= len(tokens):
                    break
                if tokens[k][0] != gap.end():
                    break
                pos = gap.end()
            if digits:
                out.append(_Core(start, pos, "words", v + float("0." + digits)))
                i = k
                continue
        if v is not None:
            out.append(_Core(start, end, "words", v))
        i = j + 1
    return out


_Token = tuple[int, int, str]


def _scale_of(c: _Compiled, word: str) -> float:
    """The factor a fraction after a number ending in ``word`` is taken of (1 unless big)."""
    f = c.mult_values.get(word, 1.0)
    return f if f >= 1000 else 1.0


def _whole_and_fraction(
    c: _Compiled, text: str, tokens: list[_Token], i: int, j: int, start: int
) -> tuple[float, float, int] | None:
    """Split tokens i..j (then a denominator) at their last "and".

    Gives (whole, fraction, index of the first numerator token) for a proper fraction
    ("one hundred and three quarters"); None for "one hundred and thirty fifths" (130/5).
    """
    den = c.denominators[tokens[j + 1][2]]
    for k in range(j, i, -1):
        gap = text[tokens[k - 1][1] : tokens[k][0]]
        if "and" in gap.casefold():
            whole = words_value(text[start : tokens[k - 1][1]])
            num = words_value(text[tokens[k][0] : tokens[j][1]])
            if whole is None or num is None or num >= den:
                return None
            return whole, num / den, k
    return None


def _fraction_scale(
    c: _Compiled,
    text: str,
    tokens: list[_Token],
    i: int,
    last: int,
    den: int,
    whole: float,
    part: float,
) -> tuple[float, int, int]:
    """``whole`` (tokens i..last) and ``part`` (ending with the denominator at ``den``).

    A scale word right after the fraction scales both, unless the whole ends in a big
    scale word of its own ("five and a half million" = 5.5e6, "one billion and a half
    million" = 1.0005e9); otherwise the fraction is taken of the whole's last big scale
    word ("one million and a half" = 1.5e6). Gives (value, end, next token index).
    """
    fend, nxt = tokens[den][1], den + 1
    own = _scale_of(c, tokens[last][2])
    if nxt < len(tokens) and tokens[nxt][2] in c.big_multipliers:
        ms, me, mw = tokens[nxt]
        if c.share_gap.fullmatch(text, fend, ms) is not None:
            mult = c.big_multipliers[mw]
            value = whole + part * mult if own > 1 else (whole + part) * mult
            return _clean(value), me, nxt + 1
    return _clean(whole + part * own), fend, nxt


def _and_fraction(
    c: _Compiled, text: str, tokens: list[_Token], j: int, end: int, whole: float
) -> tuple[float, int, int] | None:
    """``whole`` (tokens ..j, ending at ``end``), "and", a fraction: (value, end, next).

    "and a half", "and three quarters", "and fifty-four hundredths"; taken of the last
    scale word ("one million and a half" = 1,500,000) or of a scale word after it ("one
    billion and a half million").
    """
    am = c.and_frac.match(text, end)
    if am is None or j + 1 >= len(tokens) or tokens[j + 1][0] != am.end():
        return None
    k = j + 1
    if am.group(1):
        num = 1.0
    else:
        while k < len(tokens) and tokens[k][2] in c.unit_values:
            k += 1
            if k >= len(tokens):
                return None
            gap = c.word_gap.fullmatch(text, tokens[k - 1][1], tokens[k][0])
            if gap is None or "and" in gap.group().casefold():
                return None
        if k == j + 1:
            return None
        got = words_value(text[tokens[j + 1][0] : tokens[k - 1][1]])
        if got is None:
            return None
        num = got
    if k >= len(tokens) or tokens[k][2] not in c.denominators:
        return None
    return _fraction_scale(c, text, tokens, j, j, k, whole, num / c.denominators[tokens[k][2]])


def _labelled(c: _Compiled, text: str, pos: int) -> bool:
    """Is the number at ``pos`` a label, ordinal or name ("No. 1", "第一", "COVID-19", "20+8")?"""
    if pos == 0:
        return False
    prev = text[pos - 1]
    if prev in c.exclude_chars:
        return True
    if prev in "-–" and pos >= 2 and text[pos - 2].isalpha():
        return True
    back = pos - 1
    while back > 0 and back > pos - 4 and text[back] == " ":
        back -= 1
    if text[back] == "+" and back > 0:
        before = text[back - 1 : back].strip() or text[back - 2 : back - 1]
        if before.isdigit() or before.isupper():
            return True
    return _phrase_before(c.label_before, c.label_lex, text, pos, c.label_window) is not None


def _is_year(raw: str, value: float) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2199


def _unit_after(c: _Compiled, text: str, pos: int) -> tuple[_UnitInfo, int] | None:
    if _char_after(text, pos) not in c.after_first:
        return None
    m = c.attached.match(text, pos) or c.after.match(text, pos)
    if m is None:
        return None
    info = c.after_lex.lookup(m.group(1))
    if not isinstance(info, _UnitInfo):
        return None
    if info.not_followed_by and text.startswith(info.not_followed_by, m.end()):
        return None
    return info, m.end()


def _scale_after(c: _Compiled, text: str, pos: int) -> tuple[_Scale, int] | None:
    if _char_after(text, pos) not in c.scale_lex.first:
        return None
    m = c.scale.match(text, pos)
    if m is None:
        return None
    info = c.scale_lex.lookup(m.group(1))
    return (info, m.end()) if isinstance(info, _Scale) else None


_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}]+)\s+\Z")


def _count_before(c: _Compiled, text: str, pos: int) -> bool:
    """Does a number (digits or a number word: "three") stand right before ``pos``?"""
    m = _WORD_BEFORE.search(text, max(0, pos - 16), pos)
    if m is None:
        return False
    word = m.group(1)
    return word.isdigit() or word.casefold() in c.unit_values


def _hyphenated_money(
    c: _Compiled, text: str, e: int
) -> tuple[tuple[_Scale, int], tuple[_UnitInfo, int]] | None:
    """A scale word and a currency joined to the number by hyphens ("10-billion-yuan"),
    as in "a 10-billion-yuan fund": the scale and where it ends (before the second hyphen),
    the currency and where it ends.
    """
    if text[e : e + 1] != "-":
        return None
    sc = _scale_after(c, text, e + 1)
    if sc is None or sc[0].needs_currency or text[sc[1] : sc[1] + 1] != "-":
        return None
    ua = _unit_after(c, text, sc[1] + 1)
    if ua is None or ua[0].kind not in ("currency", "yen"):
        return None
    return sc, ua


def _read(c: _Compiled, text: str, core: _Core, floor: int) -> _Item | int | None:
    """The quantity around ``core``; an int is the end of an excluded stretch to skip.

    Nothing before ``floor`` (the end of the previous quantity) may be taken.
    """
    s, e, kind, value = core.start, core.end, core.kind, core.value
    ex = c.exclude_start[kind].match(text, s) if kind in c.exclude_start else None
    if ex is not None:
        return max(ex.end(), e)
    if kind == "mult":
        return _Item(s, e, value, None, "times", 1.0, kind, "multiple")
    if kind == "frac":
        # a share before "of" (or a CJK fraction word) is a percentage, else a plain number
        if is_cjk(text[s:e]) or c.frac_follow.match(text, e) is not None:
            return _Item(s, e, _clean(value * 100), None, "percent", 1.0, kind, "fraction")
        return _Item(s, e, value, None, "", 1.0, kind, "fraction")
    if kind == "slash":
        # "1/3 of the funds" is a share like "a third of"; otherwise a number like any other
        if (
            " " not in text[s:e]
            and (s == 0 or text[s - 1] not in _SIGN)
            and c.frac_follow.match(text, e)
        ):
            return _Item(s, e, _clean(value * 100), None, "percent", 1.0, kind, "fraction")
        kind = "digits"
    raw = text[s:e]
    if (
        kind == "digits"
        and _is_year(raw, value)
        and _scale_after(c, text, e) is None
        and _unit_after(c, text, e) is None
        and _phrase_before(c.cmp_before, c.cmp_before_lex, text, s, c.cmp_window) is None
        and not (e < len(text) and text[e] in c.data.chinese.approx_markers)
        and _phrase_before(c.before, c.before_lex, text, s, c.before_window) is None
    ):
        return None  # a year (the common case, decided early): "by 2030", "in 2025"
    start = s
    if (
        kind == "digits"
        and s > 0
        and text[s - 1] in _SIGN
        and (s == 1 or text[s - 2].isspace() or text[s - 2] in "([（")
    ):
        start = s - 1
        if text[s - 1] != "+":
            value = -value
    elif start > floor:
        neg = _phrase_before(c.negative_before, c.negative_lex, text, start, 12)
        if neg is not None and neg[1] >= floor:
            start, value = neg[1], -value
    # "1000余家", "十多万": a marker of approximation between the number and what follows
    marker: Comparator | None = None
    cmp_span = (-1, -1)
    if kind in ("digits", "han") and e < len(text) and text[e] in c.data.chinese.approx_markers:
        marker = c.data.chinese.approx_markers[text[e]]
        cmp_span = (e, e + 1)
        e += 1
    # scale word, then unit or currency
    scale: float | None = None
    needs_currency = False
    pos = e
    sc = _scale_after(c, text, e)
    hyphenated = _hyphenated_money(c, text, e) if sc is None and kind == "digits" else None
    if hyphenated is not None:
        after = hyphenated[1][1]
        if text[after : after + 1] == "-" or _count_before(c, text, s):
            # "100-billion-yuan-level clusters", "five 10-billion-yuan enterprises": the amount
            # describes the kind of thing counted; it is no quantity of its own
            return after
        sc = hyphenated[0]  # "a 10-billion-yuan fund"
    if sc is not None:
        scale, needs_currency, pos = sc[0].factor, sc[0].needs_currency, sc[1]
        if needs_currency and sc[0].attached_alone and not text[e : e + 1].isspace():
            needs_currency = False  # "10M", "1.2b": touching the digits it is a scale
    if kind == "digits" and not needs_currency:
        fm = c.and_a_frac.match(text, pos)
        if fm is not None:
            # "3 million and a half", "2 and a quarter years"
            value, pos = value + 1 / c.denominators[fm.group(1).casefold()], fm.end()
            if scale is None:
                sc = _scale_after(c, text, pos)
                if sc is not None and not sc[0].needs_currency:
                    scale, pos = sc[0].factor, sc[1]
    unit, factor, unit_kind, end = "", 1.0, "", pos
    ua = hyphenated[1] if hyphenated is not None else _unit_after(c, text, pos)
    if ua is None and scale is not None and text[pos : pos + 1] == "-":
        # "a 500 billion-won fund": the currency joined to the scale word by a hyphen
        joined = _unit_after(c, text, pos + 1)
        if joined is not None and joined[0].kind in ("currency", "yen"):
            if text[joined[1] : joined[1] + 1] == "-":
                return joined[1]  # "100 billion-yuan-level clusters": a kind, no quantity
            ua = joined
    if ua is not None:
        unit, factor, unit_kind, end = ua[0].unit, ua[0].factor, ua[0].kind, ua[1]
    # currency before
    cur_start = start
    got = _phrase_before(c.before, c.before_lex, text, start, c.before_window)
    if got is not None and got[1] < floor:
        got = None  # "50 dollar 40 rmb": that "dollar" belongs to the first amount
    if got is not None and unit_kind in ("", "currency", "yen"):
        info, bstart, _bend = got
        assert isinstance(info, _UnitInfo)
        if unit and unit != info.unit:
            # "rmb 10 usd 20": the symbol before wins, the code after starts the next amount
            factor, end = 1.0, pos
        unit, unit_kind = info.unit, info.kind
        cur_start = bstart
    elif start > 0 and _LATIN_LETTER.match(text[start - 1]):
        return None  # glued to letters: FY2021, G7, H1N1
    if not unit:
        ub = _phrase_before(c.unit_before, c.unit_before_lex, text, start, c.unit_before_window)
        if ub is not None and ub[1] >= floor:
            uinfo, cur_start, _e = ub
            assert isinstance(uinfo, _UnitInfo)
            unit, factor, unit_kind = uinfo.unit, uinfo.factor, uinfo.kind
    money = unit_kind in ("currency", "yen")
    if needs_currency and not money:
        # "100 m" is metres, not millions
        scale, pos = None, e
        unit, factor, unit_kind, end = "", 1.0, "", e
        ua = _unit_after(c, text, e)
        if ua is not None and ua[0].kind == "unit":
            unit, factor, unit_kind, end = ua[0].unit, ua[0].factor, ua[0].kind, ua[1]
    if money and scale is None:
        sc2 = _scale_after(c, text, end)  # "75 USD million"
        if sc2 is not None:
            scale, end = sc2[0].factor, sc2[1]
    # glued to letters after: 6G, 3D, 14th, the 2020s
    if end < len(text) and _LATIN_LETTER.match(text[end]) and _LATIN_END.search(text[end - 1]):
        return None
    if _labelled(c, text, cur_start):
        return None
    if unit_kind == "yen":
        w = c.data.yen_sign.window
        if c.yen_cues.search(text, max(0, cur_start - w), min(len(text), end + w)):
            unit = c.data.yen_sign.alternative
    year_like = kind == "digits" and scale is None and not unit and _is_year(raw, value)
    weak = (
        kind == "words"
        and not unit
        and scale is None
        and value >= 0
        and _norm(raw).casefold() in c.weak
    )
    noun: str | None = None
    if unit:
        rule = "money" if money else _unit_rule(unit)
    else:
        rule = "number"
        noun_end, noun, bound = _noun(c, text, end)
        if noun is not None:
            if bound is not None and marker is None:
                # "100家以上": the bound after the measure word is the comparator
                found = c.cmp_after_lex.lookup(text[bound[0] : bound[1]])
                if isinstance(found, str):
                    marker, cmp_span = found, bound  # type: ignore[assignment]
            end, unit, rule = noun_end, "count", "count"
            noun = noun or None
    if weak and unit != "count":
        return None
    if marker is not None and end == e and not noun:
        end -= 1  # a marker with nothing after it ("三十多") stays outside
        marker = None
    return _Item(
        start=cur_start,
        end=end,
        number=value,
        scale=scale,
        unit=unit,
        factor=factor,
        kind=kind,
        rule=rule,
        noun=noun,
        year_like=year_like,
        comparator=marker,
        cmp_start=cmp_span[0] if marker else -1,
        cmp_end=cmp_span[1] if marker else -1,
    )


def _unit_rule(unit: str) -> str:
    if unit in ("percent", "percentage_point", "times"):
        return unit
    if unit in ("year", "month", "day"):
        return "duration"
    return "physical"


def _looks_plural(word: str) -> bool:
    """A plural English noun ("enterprises", "parks"), not "process", "status", "basis"."""
    w = word.casefold()
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def _noun(c: _Compiled, text: str, pos: int) -> tuple[int, str | None, tuple[int, int] | None]:
    """The counted noun phrase after ``pos``: (its end, the noun, the span of a Chinese bound
    such as 以上 between measure word and noun) or (pos, None, None).

    A Chinese measure word gives ``""`` when no noun follows it ("15个").
    """
    zm = c.zh_noun.match(text, pos) if _char_after(text, pos) >= "\u2e80" else None
    if zm is not None:
        bound = zm.span("bound") if "bound" in zm.re.groupindex and zm.group("bound") else None
        return zm.end(), zm.group("noun").strip(), bound
    m = c.noun.match(text, pos)
    if m is None:
        return pos, None, None
    first = -1
    end = pos
    captured = list(zip(m.captures(1), m.starts(1), strict=True))
    skip = 0
    for i, (word_raw, ws) in enumerate(captured):
        if skip:
            skip -= 1
            continue
        word = word_raw.strip(_QUOTES).rstrip("-'’")
        folded = word.casefold()
        if (
            first >= 0
            and i + 2 < len(captured)
            and captured[i - 1][0].casefold().endswith("level")
            and f"{folded} {captured[i + 1][0].casefold()}" in c.level_qualifiers
        ):
            skip = 1  # "provincial-level or above": read on
            continue
        if not word or folded in c.stop_words or (first < 0 and folded in c.bad_first):
            break
        if c.after_lex.lookup(word) is not None or c.scale_lex.lookup(word) is not None:
            break
        if word.islower() and (folded in c.unit_values or folded in c.multipliers):
            break  # another number ("three plus zero"); capitalised it is a name ("Double Five")
        if first < 0:
            first = ws
        end = ws + len(word_raw)
        if word_raw.endswith("-"):
            break
        if _looks_plural(word):
            # the head noun: what follows is a verb or another phrase ("clusters reached")
            if word_raw.endswith(("'", "’")) and not word_raw.startswith(("'", "‘")):
                end -= 1
            break
    if first < 0:
        return pos, None, None
    noun = _norm(text[first:end])
    if noun.count('"') % 2 or noun.count("“") != noun.count("”"):
        noun = noun.strip(_QUOTES)
    return end, noun or None, None


def _with_cmp(item: _Item, comparator: Comparator, cmp_start: int, cmp_end: int) -> _Item:
    """``replace(item, comparator=..., cmp_start=..., cmp_end=...)``, without its overhead."""
    i = item
    return _Item(
        i.start, i.end, i.number, i.scale, i.unit, i.factor, i.kind, i.rule, i.noun,
        comparator, cmp_start, cmp_end, i.year_like, i.lo, i.hi,
    )  # fmt: skip


def _with_comparators(c: _Compiled, text: str, item: _Item) -> _Item:
    if item.comparator is not None:
        return item  # set by a marker inside the quantity ("1000余家")
    before: _Item | None = None
    got = _phrase_before(c.cmp_before, c.cmp_before_lex, text, item.start, c.cmp_window)
    if got is not None:
        value, cs, ce = got
        if not (_LATIN_END.search(text[cs:ce]) and ce == item.start):
            before = _with_cmp(item, value, cs, ce)  # type: ignore[arg-type]
            if value != "eq":
                return before
    # a bound after the number is more precise than a verb of reaching before it:
    # "reach 70% or more", "达到1000亿元以上"
    m = (
        c.cmp_after.match(text, item.end)
        if _char_after(text, item.end) in c.cmp_after_lex.first
        else None
    )
    if m is not None:
        after = c.cmp_after_lex.lookup(m.group(1))
        if after is not None:
            return _with_cmp(item, after, m.start(1), m.end(1))  # type: ignore[arg-type]
    return before or item


def _merge_ranges(c: _Compiled, text: str, items: list[_Item]) -> list[_Item]:
    out: list[_Item] = []
    i = 0
    while i < len(items):
        a = items[i]
        if i + 1 < len(items):
            merged = _range(c, text, a, items[i + 1])
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _range(c: _Compiled, text: str, a: _Item, b: _Item) -> _Item | None:
    if a.noun or a.year_like or b.year_like or a.lo is not None or b.lo is not None:
        return None
    if a.kind in ("mult", "frac") or b.kind in ("mult", "frac") or b.start - a.end > 12:
        return None
    range_start = a.start
    jm = c.joiner.fullmatch(text, a.end, b.start)
    if jm is not None:
        joined = jm.group().strip()
        # "from 10% to 15%" is a change, not a range
        if (joined.isalpha() or is_cjk(joined)) and c.not_after.search(
            text, max(0, a.start - 12), a.start
        ):
            return None
    elif c.or_joiner.fullmatch(text, a.end, b.start) is not None:
        # "two or three", "5 or 6": bare numbers close to each other, the second the larger
        close = a.number < b.number <= 2 * a.number + 1
        if a.unit or a.scale is not None or b.scale is not None or not close:
            return None
    else:
        if c.and_joiner.fullmatch(text, a.end, b.start) is None:
            return None
        start = a.cmp_start if a.cmp_start >= 0 else a.start
        om = c.open_before.search(text, max(0, start - 12), start)
        if om is None:
            return None
        range_start = om.start()
    if a.unit and b.unit and a.unit != b.unit:
        return None
    if a.unit and not b.unit:
        if b.noun is not None:
            return None
        unit, factor = a.unit, a.factor
    else:
        unit, factor = b.unit, b.factor
    a_scale = a.scale if a.scale is not None else b.scale
    lo = _clean(a.number * (a_scale or 1.0) * (a.factor if a.unit else factor))
    hi = _clean(b.number * (b.scale or 1.0) * (b.factor if b.unit else factor))
    if lo >= hi:
        return None
    return replace(
        b,
        start=min(range_start, a.start),
        unit=unit,
        factor=factor,
        lo=lo,
        hi=hi,
        rule="range",
        comparator=a.comparator or b.comparator,
        cmp_start=a.cmp_start if a.comparator else b.cmp_start,
        cmp_end=a.cmp_end if a.comparator else b.cmp_end,
        year_like=False,
    )


def _excluded_spans(c: _Compiled, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in c.exclude_spans:
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, len(spans) + 10**12)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _scan(text: str) -> list[_Item]:
    c = _compiled()
    items: list[_Item] = []
    consumed = 0
    spans = _excluded_spans(c, text)
    for core in _cores(c, text):
        if core.start < consumed:
            continue
        if spans and _inside(spans, core.start):
            continue
        got = _read(c, text, core, items[-1].end if items else 0)
        if got is None:
            continue
        if isinstance(got, int):
            consumed = got
            continue
        if items and got.start < items[-1].end:
            continue
        items.append(_with_comparators(c, text, got))
        consumed = got.end
    kept: list[_Item] = []
    for it in _merge_ranges(c, text, items):
        if it.year_like and not (
            it.comparator in ("gt", "ge", "lt", "le", "approx") and it.unit == "count"
        ):
            continue
        kept.append(it)
    return kept


def _to_match(text: str, it: _Item) -> QuantityMatch:
    raw = text[it.start : it.end]
    amount = None if it.lo is not None else it.amount
    q = Quantity(amount=amount, min=it.lo, max=it.hi, unit=it.unit, raw=raw, noun=it.noun)
    cmp_span = (
        Span(
            start=it.cmp_start,
            end=it.cmp_end,
            text=text[it.cmp_start : it.cmp_end],
            rule="comparator",
        )
        if it.comparator
        else None
    )
    span = Span(start=it.start, end=it.end, text=raw, rule=it.rule)
    return QuantityMatch(
        quantity=q, span=span, comparator=it.comparator, comparator_span=cmp_span, rule=it.rule
    )


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every number, amount of money, percentage, multiple and count in running text.

    Results are in text order, never overlap, and carry the span of the quantity (currency
    symbol, number, scale word, unit or counted noun) and, when a cue stands next to it,
    the comparator and the cue's span. Years, dates, clock times and plan numbers are not
    quantities.

    >>> [(m.quantity.amount, m.quantity.unit, m.comparator)
    ...  for m in find_quantities("Revenue should exceed 320 billion yuan by 2028.")]
    [(320000000000.0, 'CNY', 'gt')]
    """
    if not isinstance(text, str) or not text:
        return []
    return [_to_match(text, it) for it in _scan(text)]


_TRIM = " \t\r\n.,;:!?。，；：！？"


def parse_quantity(text: str) -> Quantity | None:
    """Parse a whole string as one quantity, or None.

    A comparator cue may stand before or after it ("more than 500 billion yuan"); anything
    else around the quantity makes the result None.

    >>> parse_quantity("RMB1.5tn")
    Quantity(amount=1500000000000.0, min=None, max=None, unit='CNY', raw='RMB1.5tn', noun=None)
    >>> parse_quantity("in 2025") is None
    True
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip(_TRIM)
    if not stripped:
        return None
    lead = text.find(stripped)
    found = find_quantities(text)
    if len(found) != 1:
        return None
    m = found[0]
    start, end = m.span.start, m.span.end
    if m.comparator_span is not None:
        start = min(start, m.comparator_span.start)
        end = max(end, m.comparator_span.end)
    if start != lead or end != lead + len(stripped):
        return None
    return m.quantity
