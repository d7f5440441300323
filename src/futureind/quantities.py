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
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import regex
from pydantic import Field, field_validator

from .engine import REGEX_TIMEOUT, compile_pattern, is_cjk
from .models import Comparator, Quantity, QuantityMatch, Span
from .numbers import ChineseNumerals, NumberWords, chinese_value, digits_value, words_value
from .vocab import DataModel, load_data

__all__ = ["QuantityData", "find_quantities", "parse_quantity"]

_WHERE = "futureind/data/quantities.toml"


# --- vocabulary models -------------------------------------------------------------------
class _Scale(DataModel):
    words: list[str] = Field(min_length=1)
    factor: float = Field(gt=0)
    case_sensitive: list[str] = Field(default_factory=list)
    needs_currency: bool = False


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
    factor: float = Field(default=1.0, gt=0)
    case_sensitive: list[str] = Field(default_factory=list)
    attached_only: bool = False


class _Multiples(DataModel):
    words: dict[str, float]


class _Fractions(DataModel):
    words: dict[str, float]
    followed_by: list[str] = Field(min_length=1)


class _ComparatorCue(DataModel):
    value: Comparator
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)


class _Ranges(DataModel):
    joiners: list[str] = Field(min_length=1)
    open: list[str] = Field(default_factory=list)
    and_joiners: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)


class _Counts(DataModel):
    max_words: int = Field(default=6, ge=1, le=12)
    stop_words: list[str] = Field(default_factory=list)
    bad_first: list[str] = Field(default_factory=list)


class _Exclude(DataModel):
    name: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compile_pattern(value, where=_WHERE)
        return value


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


# --- phrase alternations built from data ------------------------------------------------
_LATIN_END = regex.compile(r"[\p{Latin}\p{N}]$")
_LATIN_START = regex.compile(r"^[\p{Latin}\p{N}]")
_WS = regex.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS.sub(" ", s.strip())


class _Lexicon:
    """Phrases with payloads, as one regex alternation plus a lookup of the matched text."""

    def __init__(self) -> None:
        self.exact: dict[str, object] = {}
        self.folded: dict[str, object] = {}
        self.forms: dict[str, str] = {}  # folded key -> the phrase as written

    def add(self, phrase: str, payload: object, sensitive: bool) -> None:
        key = _norm(phrase)
        if not key:
            return
        if sensitive:
            self.exact.setdefault(key, payload)
        else:
            self.folded.setdefault(key.casefold(), payload)
            self.forms.setdefault(key.casefold(), key)

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded)

    def pattern(self, *, left: bool = True, right: bool = True) -> str:
        items = [(p, True) for p in self.exact] + [(p, False) for p in self.forms.values()]
        items.sort(key=lambda it: (-len(it[0]), it[0]))
        parts: list[str] = []
        for phrase, sensitive in items:
            body = r"\s+".join(regex.escape(w) for w in phrase.split(" "))
            if not sensitive:
                body = f"(?i:{body})"
            if left and _LATIN_START.search(phrase):
                body = r"(?<![\p{L}\p{N}])" + body
            if right and _LATIN_END.search(phrase):
                body += r"(?![\p{L}\p{N}])"
            parts.append(body)
        return "(?:" + "|".join(parts) + ")" if parts else "(?!)"

    def lookup(self, matched: str) -> object | None:
        key = _norm(matched)
        if key in self.exact:
            return self.exact[key]
        return self.folded.get(key.casefold())


@dataclass(frozen=True, slots=True)
class _UnitInfo:
    kind: Literal["currency", "unit", "yen"]
    unit: str
    factor: float


@dataclass(frozen=True)
class _Compiled:
    data: QuantityData
    core: regex.Pattern[str]
    scale: regex.Pattern[str]
    scale_lex: _Lexicon
    after: regex.Pattern[str]
    after_lex: _Lexicon
    before: regex.Pattern[str]
    before_lex: _Lexicon
    cmp_before: regex.Pattern[str]
    cmp_before_lex: _Lexicon
    cmp_after: regex.Pattern[str]
    cmp_after_lex: _Lexicon
    yen_cues: regex.Pattern[str]
    noun_word: regex.Pattern[str]
    zh_noun: regex.Pattern[str]
    joiner: regex.Pattern[str]
    and_joiner: regex.Pattern[str]
    open_before: regex.Pattern[str]
    not_after: regex.Pattern[str]
    excludes: list[tuple[str, regex.Pattern[str]]]
    stop_words: frozenset[str]
    bad_first: frozenset[str]
    weak: frozenset[str]
    multiples: dict[str, float]
    fractions: dict[str, float]
    before_window: int
    cmp_window: int


def _words_alt(words: list[str], *, sensitive: bool = False) -> str:
    lex = _Lexicon()
    for w in words:
        lex.add(w, w, sensitive)
    return lex.pattern()


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = load_data("quantities.toml", QuantityData)

    # number words
    num_words = list(data.numbers.units) + list(data.numbers.multipliers)
    mult_words = list(data.numbers.multipliers)
    word = "(?:" + _words_alt(num_words) + ")"
    half = _words_alt([data.numbers.and_a_half])
    spelled = (
        r"(?<![\p{L}\p{N}])(?:(?i:an?)\s+(?="
        + _words_alt(mult_words)
        + r"))?"
        + word
        + r"(?:(?:\s*+[-–]\s*+|[ \t]++)(?:(?<=(?i:hundred|thousand|million|billion|trillion)\s{1,3})"
        r"(?i:and)\s++)?" + word + r")*+(?:\s+" + half + ")?"
    )
    zh = data.chinese
    zh_chars = "".join(
        regex.escape(c)
        for c in list(zh.digits) + list(zh.small_units) + list(zh.big_units)
        if len(c) == 1
    )
    zh_digits = "".join(regex.escape(c) for c in zh.digits if len(c) == 1)
    han = f"[{zh_chars}]++(?:{regex.escape(zh.decimal_point)}[{zh_digits}]++)?"
    digits = (
        r"(?<![\p{N}_])(?<![\p{N}][.,])"
        r"(?:(?:\d{1,3}(?:,\d{3})++(?!\d)|\d{1,3}(?:[\u00a0\u202f ]\d{3})++(?!\d)|\d++)"
        r"(?:\.\d++)?|\.\d++)(?![\p{N}])"
    )
    mult_lex = _Lexicon()
    for w, v in data.multiples.words.items():
        mult_lex.add(w, v, True)
    frac_lex = _Lexicon()
    for w, v in data.fractions.words.items():
        frac_lex.add(w, v, False)
    frac_follow = _words_alt(data.fractions.followed_by)
    frac = frac_lex.pattern() + r"(?=\s+" + frac_follow + "|(?<=\\p{Han}))"
    core = compile_pattern(
        f"(?P<digits>{digits})|(?P<words>{spelled})|(?P<mult>{mult_lex.pattern()})"
        f"|(?P<frac>{frac})|(?P<han>{han})",
        where=_WHERE,
    )

    scale_lex = _Lexicon()
    for sc in data.scale:
        for w in sc.words:
            scale_lex.add(w, sc, w in sc.case_sensitive)
    scale = compile_pattern(r"[ \u00a0]{0,2}(" + scale_lex.pattern(left=False) + ")", where=_WHERE)

    after_lex = _Lexicon()
    before_lex = _Lexicon()
    attached_lex = _Lexicon()
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
    for u in data.unit:
        info = _UnitInfo("unit", u.unit, u.factor)
        for w in u.words:
            (attached_lex if u.attached_only else after_lex).add(w, info, w in u.case_sensitive)
    for k, payload in attached_lex.exact.items():
        after_lex.exact.setdefault(k, payload)
    after = compile_pattern(
        r"(?:[ \u00a0]{0,2}(" + _without(after_lex, attached_lex).pattern(left=False) + ")"
        r"|(" + attached_lex.pattern(left=False) + "))",
        where=_WHERE,
    )
    before_window = max((len(k) for k in [*before_lex.exact, *before_lex.folded]), default=0) + 3
    before = compile_pattern(
        "(" + before_lex.pattern(right=False) + r")[ \u00a0]{0,2}\Z", where=_WHERE
    )

    cmp_before_lex = _Lexicon()
    cmp_after_lex = _Lexicon()
    for cue in data.comparator:
        for w in cue.before:
            cmp_before_lex.add(w, cue.value, False)
        for w in cue.after:
            cmp_after_lex.add(w, cue.value, False)
    cmp_window = max((len(k) for k in cmp_before_lex.folded), default=0) + 4
    cmp_before = compile_pattern("(" + cmp_before_lex.pattern() + r")\s{0,3}\Z", where=_WHERE)
    cmp_after = compile_pattern(r"\s{0,2}(" + cmp_after_lex.pattern(left=False) + ")", where=_WHERE)

    yen_cues = compile_pattern(_words_alt(data.yen_sign.cues), where=_WHERE)
    noun_word = compile_pattern(
        r"[ \t\u00a0]{1,3}(?:\r?\n[ \t]{0,3})?([\"“‘'«]?)(\p{L}[\p{L}\p{N}&'’\-]{0,40})([\"”’'»]?)",
        where=_WHERE,
    )
    classifiers = "|".join(regex.escape(c) for c in sorted(zh.classifiers, key=len, reverse=True))
    stops = "".join(regex.escape(c) for c in zh.noun_stops)
    zh_noun = compile_pattern(
        rf"\s{{0,2}}(?:{classifiers})([^{stops}\p{{N}}\p{{Latin}}]{{0,{zh.max_noun_chars}}})"
        if classifiers
        else r"(?!)",
        where=_WHERE,
    )
    joiner = compile_pattern(
        r"\s{0,2}" + _words_alt(data.ranges.joiners) + r"\s{0,2}", where=_WHERE
    )
    and_joiner = compile_pattern(
        r"\s{1,2}" + _words_alt(data.ranges.and_joiners) + r"\s{1,2}", where=_WHERE
    )
    open_before = compile_pattern(_words_alt(data.ranges.open) + r"\s{1,3}\Z", where=_WHERE)
    not_after = compile_pattern(_words_alt(data.ranges.not_after) + r"\s{1,3}\Z", where=_WHERE)
    excludes = [
        (e.name, compile_pattern(e.pattern, where=f"{_WHERE}, exclude {e.name!r}"))
        for e in data.exclude
    ]
    return _Compiled(
        data=data,
        core=core,
        scale=scale,
        scale_lex=scale_lex,
        after=after,
        after_lex=after_lex,
        before=before,
        before_lex=before_lex,
        cmp_before=cmp_before,
        cmp_before_lex=cmp_before_lex,
        cmp_after=cmp_after,
        cmp_after_lex=cmp_after_lex,
        yen_cues=yen_cues,
        noun_word=noun_word,
        zh_noun=zh_noun,
        joiner=joiner,
        and_joiner=and_joiner,
        open_before=open_before,
        not_after=not_after,
        excludes=excludes,
        stop_words=frozenset(w.casefold() for w in data.counts.stop_words),
        bad_first=frozenset(w.casefold() for w in data.counts.bad_first),
        weak=frozenset(w.casefold() for w in data.numbers.weak),
        multiples=dict(data.multiples.words),
        fractions={k.casefold(): v for k, v in data.fractions.words.items()},
        before_window=before_window,
        cmp_window=cmp_window,
    )


def _without(lex: _Lexicon, other: _Lexicon) -> _Lexicon:
    out = _Lexicon()
    for k, v in lex.exact.items():
        if k not in other.exact:
            out.add(k, v, True)
    for k, form in lex.forms.items():
        out.add(form, lex.folded[k], False)
    return out


# --- the engine ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Item:
    start: int  # start of the quantity (currency symbol included)
    end: int  # end of the quantity (unit or counted noun included)
    number: float  # the number as written, before scale
    scale: float | None
    unit: str
    factor: float  # unit factor (GW -> 1e9)
    kind: str  # core kind: digits, words, han, mult, frac
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


class _Excluded:
    """Sorted, merged character intervals where no quantity may start or end."""

    def __init__(self, text: str, patterns: list[tuple[str, regex.Pattern[str]]]) -> None:
        spans: list[tuple[int, int]] = []
        for _name, pattern in patterns:
            for m in pattern.finditer(text, timeout=REGEX_TIMEOUT):
                if m.end() > m.start():
                    spans.append((m.start(), m.end()))
        spans.sort()
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def hits(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start


def _core_value(c: _Compiled, kind: str, raw: str) -> float | None:
    if kind == "digits":
        return digits_value(raw)
    if kind == "words":
        return words_value(raw)
    if kind == "han":
        return chinese_value(raw)
    if kind == "mult":
        return c.multiples.get(raw)
    if kind == "frac":
        return c.fractions.get(_norm(raw).casefold())
    return None


def _is_year(raw: str, value: float) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2199


def _read(c: _Compiled, text: str, m: regex.Match[str], excluded: _Excluded) -> _Item | None:
    kind = m.lastgroup or ""
    s, e = m.span()
    raw = m.group()
    if excluded.hits(s, e):
        return None
    value = _core_value(c, kind, raw)
    if value is None:
        return None
    if (
        kind == "han"
        and not any(ch in c.data.chinese.digits for ch in raw)
        and not raw.startswith(("十", "拾"))
    ):
        return None
    if kind == "words" and all(
        w.casefold() in c.data.numbers.multipliers or w.casefold() in ("and",)
        for w in regex.findall(r"\p{L}+", raw)
    ):
        return None  # "thousands", "millions of"
    start, end = s, e
    if kind == "mult":
        return _Item(start, end, value, None, "times", 1.0, kind, "multiple")
    if kind == "frac":
        return _Item(start, end, value, None, "percent", 1.0, kind, "fraction")
    # sign
    if (
        kind == "digits"
        and s > 0
        and text[s - 1] in _SIGN
        and (s == 1 or text[s - 2].isspace() or text[s - 2] in "([（")
    ):
        start = s - 1
        if text[s - 1] != "+":
            value = -value
    pos = end
    scale: float | None = None
    scale_needs_currency = False
    sm = c.scale.match(text, pos, timeout=REGEX_TIMEOUT)
    if sm is not None:
        info = c.scale_lex.lookup(sm.group(1))
        if isinstance(info, _Scale):
            scale, scale_needs_currency = info.factor, info.needs_currency
            scale_end = sm.end()
        else:
            sm = None
    pos_after_scale = scale_end if sm is not None else pos
    unit, factor, unit_kind = "", 1.0, ""
    unit_end = pos_after_scale
    um = c.after.match(text, pos_after_scale, timeout=REGEX_TIMEOUT)
    if um is not None:
        info2 = c.after_lex.lookup(um.group(1) or um.group(2) or "")
        if isinstance(info2, _UnitInfo):
            unit, factor, unit_kind = info2.unit, info2.factor, info2.kind
            unit_end = um.end()
    # currency before
    cur_start = start
    bm = c.before.search(text, max(0, start - c.before_window), start, timeout=REGEX_TIMEOUT)
    before_info: _UnitInfo | None = None
    if bm is not None:
        got = c.before_lex.lookup(bm.group(1))
        if isinstance(got, _UnitInfo):
            before_info = got
    if before_info is not None and unit_kind in ("", "currency", "yen"):
        if not unit:
            unit, factor, unit_kind = before_info.unit, 1.0, before_info.kind
        cur_start = bm.start() if bm is not None else start
    elif start > 0 and _LATIN_LETTER.match(text[start - 1]):
        return None  # glued to letters: FY2021, G7, H1N1
    money = unit_kind in ("currency", "yen")
    if scale_needs_currency and not money:
        # "100 m" is metres, not millions: read the unit again without the scale
        scale = None
        pos_after_scale = pos
        unit, factor, unit_kind, unit_end = "", 1.0, "", pos
        um = c.after.match(text, pos, timeout=REGEX_TIMEOUT)
        if um is not None:
            info3 = c.after_lex.lookup(um.group(1) or um.group(2) or "")
            if isinstance(info3, _UnitInfo) and info3.kind == "unit":
                unit, factor, unit_kind = info3.unit, info3.factor, info3.kind
                unit_end = um.end()
    end = max(unit_end, pos_after_scale)
    # "75 USD million": a scale after the currency
    if money and scale is None:
        sm2 = c.scale.match(text, end, timeout=REGEX_TIMEOUT)
        if sm2 is not None:
            info4 = c.scale_lex.lookup(sm2.group(1))
            if isinstance(info4, _Scale):
                scale, end = info4.factor, sm2.end()
    # glued to letters after: 6G, 3D, 14th, the 2020s
    if end < len(text) and _LATIN_LETTER.match(text[end]) and _LATIN_END.search(text[end - 1]):
        return None
    if unit_kind == "yen":
        lo, hi = (
            max(0, cur_start - c.data.yen_sign.window),
            min(len(text), end + c.data.yen_sign.window),
        )
        if c.yen_cues.search(text, lo, hi, timeout=REGEX_TIMEOUT):
            unit = c.data.yen_sign.alternative
    year_like = kind == "digits" and scale is None and not unit and _is_year(raw, value)
    if kind in ("words", "han") and not unit and scale is None and _norm(raw).casefold() in c.weak:
        weak = True
    else:
        weak = False
    # counted noun
    noun: str | None = None
    rule = "number"
    if unit:
        rule = "money" if money else _unit_rule(unit)
    else:
        noun_end, noun = _noun(c, text, end, kind)
        if noun:
            end = noun_end
            unit = "count"
            rule = "count"
    if weak and unit != "count":
        return None
    return _Item(
        start=min(cur_start, start),
        end=end,
        number=value,
        scale=scale,
        unit=unit,
        factor=factor,
        kind=kind,
        rule=rule,
        noun=noun,
        year_like=year_like,
    )


def _unit_rule(unit: str) -> str:
    if unit in ("percent", "percentage_point", "times"):
        return unit
    if unit in ("year", "month", "day"):
        return "duration"
    return "physical"


def _noun(c: _Compiled, text: str, pos: int, kind: str) -> tuple[int, str | None]:
    """The counted noun phrase after ``pos``: (its end, the noun) or (pos, None)."""
    zm = c.zh_noun.match(text, pos, timeout=REGEX_TIMEOUT)
    if zm is not None:
        noun = zm.group(1).strip()
        return zm.end(), noun or ""
    first = -1
    end = pos
    p = pos
    for _ in range(c.data.counts.max_words):
        wm = c.noun_word.match(text, p, timeout=REGEX_TIMEOUT)
        if wm is None:
            break
        word = wm.group(2).rstrip("-'’")
        folded = word.casefold()
        if folded in c.stop_words or (first < 0 and folded in c.bad_first):
            break
        if c.after_lex.lookup(word) is not None or c.scale_lex.lookup(word) is not None:
            break
        if first < 0:
            first = wm.start(1)
        end = wm.start(2) + len(word)
        p = wm.end()
        if len(word) != len(wm.group(2)):
            break  # a trailing hyphen or apostrophe ends the phrase
        if wm.group(3):
            end = wm.end()
    if first < 0:
        return pos, None
    noun = _norm(text[first:end])
    if noun.count('"') % 2 or noun.count("“") != noun.count("”"):
        noun = noun.strip(_QUOTES)
    return end, noun or None


def _cmp_before(c: _Compiled, text: str, start: int) -> tuple[Comparator | None, int, int]:
    m = c.cmp_before.search(text, max(0, start - c.cmp_window), start, timeout=REGEX_TIMEOUT)
    if m is None:
        return None, -1, -1
    cue = m.group(1)
    if _LATIN_END.search(cue) and m.end(1) == start:
        return None, -1, -1
    value = c.cmp_before_lex.lookup(cue)
    if value is None:
        return None, -1, -1
    return value, m.start(1), m.end(1)  # type: ignore[return-value]


def _cmp_after(c: _Compiled, text: str, end: int) -> tuple[Comparator | None, int, int]:
    m = c.cmp_after.match(text, end, timeout=REGEX_TIMEOUT)
    if m is None:
        return None, -1, -1
    value = c.cmp_after_lex.lookup(m.group(1))
    if value is None:
        return None, -1, -1
    return value, m.start(1), m.end(1)  # type: ignore[return-value]


def _with_comparators(c: _Compiled, text: str, item: _Item) -> _Item:
    cmp, cs, ce = _cmp_before(c, text, item.start)
    if cmp is None and item.unit not in ("count",):
        cmp, cs, ce = _cmp_after(c, text, item.end)
    if cmp is None:
        return item
    return replace(item, comparator=cmp, cmp_start=cs, cmp_end=ce)


def _merge_ranges(c: _Compiled, text: str, items: list[_Item]) -> list[_Item]:
    out: list[_Item] = []
    i = 0
    while i < len(items):
        a = items[i]
        if i + 1 < len(items):
            b = items[i + 1]
            merged = _range(c, text, a, b)
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _range(c: _Compiled, text: str, a: _Item, b: _Item) -> _Item | None:
    if (
        a.noun
        or a.year_like
        or b.year_like
        or a.kind in ("mult", "frac")
        or b.kind in ("mult", "frac")
    ):
        return None
    if a.lo is not None or b.lo is not None:
        return None
    gap_ok = False
    range_start = a.start
    jm = c.joiner.match(text, a.end, b.start, timeout=REGEX_TIMEOUT)
    if jm is not None and jm.end() == b.start:
        gap_ok = True
        joined = text[a.end : b.start].strip()
        # "from 10% to 15%" is a change, not a range
        if (joined.isalpha() or is_cjk(joined)) and c.not_after.search(
            text, max(0, a.start - 12), a.start, timeout=REGEX_TIMEOUT
        ):
            return None
    else:
        am = c.and_joiner.match(text, a.end, b.start, timeout=REGEX_TIMEOUT)
        if am is not None and am.end() == b.start:
            start = a.cmp_start if a.cmp_start >= 0 else a.start
            om = c.open_before.search(text, max(0, start - 12), start, timeout=REGEX_TIMEOUT)
            if om is not None:
                gap_ok, range_start = True, om.start()
    if not gap_ok:
        return None
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
    if lo > hi:
        return None
    rule = "range"
    return replace(
        b,
        start=min(range_start, a.start),
        unit=unit,
        factor=factor,
        lo=lo,
        hi=hi,
        rule=rule,
        comparator=a.comparator or b.comparator,
        cmp_start=a.cmp_start if a.comparator else b.cmp_start,
        cmp_end=a.cmp_end if a.comparator else b.cmp_end,
        year_like=False,
    )


def _scan(text: str) -> list[_Item]:
    c = _compiled()
    excluded = _Excluded(text, c.excludes)
    items: list[_Item] = []
    consumed = 0
    for m in list(c.core.finditer(text, timeout=REGEX_TIMEOUT)):
        if m.start() < consumed:
            continue
        item = _read(c, text, m, excluded)
        if item is None:
            continue
        if items and item.start < items[-1].end:
            continue
        items.append(_with_comparators(c, text, item))
        consumed = item.end
    items = _merge_ranges(c, text, items)
    kept: list[_Item] = []
    for it in items:
        if it.year_like:
            strong = it.comparator in ("gt", "ge", "lt", "le", "approx") and it.unit == "count"
            if not strong:
                continue
        kept.append(it)
    return kept


def _to_match(text: str, it: _Item) -> QuantityMatch:
    raw = text[it.start : it.end]
    if it.lo is not None:
        q = Quantity(amount=None, min=it.lo, max=it.hi, unit=it.unit, raw=raw, noun=it.noun)
    else:
        q = Quantity(amount=it.amount, unit=it.unit, raw=raw, noun=it.noun)
    cmp_span = Span.of(text, it.cmp_start, it.cmp_end, rule="comparator") if it.comparator else None
    return QuantityMatch(
        quantity=q,
        span=Span.of(text, it.start, it.end, rule=it.rule),
        comparator=it.comparator,
        comparator_span=cmp_span,
        rule=it.rule,
    )


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every number, amount of money, percentage, multiple and count in running text.

    Results are in text order, never overlap, and carry the span of the quantity (currency
    symbol, number, scale word, unit or counted noun) and, when a cue stands next to it,
    the comparator and the cue's span. Years, dates, clock times and plan numbers are not
    quantities.

    >>> [(m.quantity.amount, m.quantity.unit, m.comparator)
    ...  for m in find_quantities("Output will exceed 500 billion yuan by 2030.")]
    [(500000000000.0, 'CNY', 'gt')]
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
    tail = lead + len(stripped)
    found = find_quantities(text)
    if len(found) != 1:
        return None
    m = found[0]
    start, end = m.span.start, m.span.end
    if m.comparator_span is not None:
        start = min(start, m.comparator_span.start)
        end = max(end, m.comparator_span.end)
    if start != lead or end != tail:
        return None
    return m.quantity
