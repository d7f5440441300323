"""Strategies: policy measures classified by instrument, named plans, committed amounts.

Two stages of the pipeline live here:

* :func:`find_named_strategies` (before directions) finds plans, programmes, strategies,
  reports and acts named in the text — title-cased names with a head noun ("Future
  Investment Strategy 2017", "the 14th Five-Year Plan"), quoted titles ("the report "Leading
  the Industries of Tomorrow""), and known lowercase names ("a government
  work report") — with the year in the name and the actor that issued it. The rules are data
  in ``futureind/data/named.toml``.
* :func:`find_strategies` (last) cuts the text into measure clauses (sentences and bullet
  items, split at semicolons), keeps the clauses that state a measure (a modal or intention
  — "will", "plans to", "called for" —, an action verb — "establish", "released" — or an
  enumeration lead — "The first is to" — and no background pattern such as "has become"),
  classifies each by the instrument cues in it (``futureind/data/instruments.toml``), and
  adds the committed money, the directions mentioned, the issuer, and the named plan it names.

>>> from futureind import extract
>>> report = extract("The ministry will set up an innovation consortium and offer tax incentives.")
>>> [(s.instruments, s.evidence.text[:25]) for s in report.strategies]
[(['supply.collaboration', 'environment.tax'], 'The ministry will set up ')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import add
from typing import Literal, NamedTuple

import regex
from pydantic import Field

from .actors import issuer_for
from .document import Document
from .engine import REGEX_TIMEOUT, Match, compile_pattern, resolve_overlaps
from .instruments import Instruments, _required_literals
from .models import Quantity, QuantityMatch, Span, Strategy
from .text import Segment
from .vocab import DataModel, load_data

__all__ = ["NamedStrategy", "find_named_strategies", "find_strategies", "measure_units"]

NamedKind = Literal["plan", "report", "act", "zone"]
PLANNING = "environment.planning"
FUNDING = "supply.funding"
COLLABORATION = "supply.collaboration"
INTERNATIONAL = "demand.international"
# between a cooperation word and the country it is with: "cooperate with the"
_WITH_PLACE = re.compile(r"(?:\s+\w+){0,3}?\s+with\s+(?:the\s+)?", re.IGNORECASE)
# instruments that say what committed money is, so that it is not also public funding
_MONEY_INSTRUMENTS = frozenset(
    {FUNDING, "environment.subsidy", "environment.tax", "environment.finance"}
)


@dataclass(frozen=True)
class NamedStrategy:
    """A named plan, programme, strategy, report or act found in the text.

    ``span`` is where the name stands (for a quoted name, the quoted words, and a head noun
    after the closing quote); ``name`` is the name without quotes or a leading "the";
    ``kind`` is 'plan', 'report', 'act' or 'zone' (a named pilot zone: not a strategy).
    """

    name: str
    span: Span
    issuer: str | None
    year: int | None
    kind: NamedKind = "plan"
    released: bool = False


# --------------------------------------------------------------------------- named data


class _Head(DataModel):
    kind: NamedKind
    words: list[str] = Field(min_length=1)
    lowercase: list[str] = Field(default_factory=list)


class _Known(DataModel):
    kind: NamedKind
    pattern: str


class _NamedFile(DataModel):
    head: list[_Head] = Field(min_length=1)
    introducers: list[str] = Field(default_factory=list)
    release_verbs: list[str] = Field(default_factory=list)
    # Chinese release verbs (印发, 发布): matched without word boundaries
    release_verbs_zh: list[str] = Field(default_factory=list)
    stop_words: list[str] = Field(default_factory=list)
    # stop words that still start a name right after "the" ("the New Generation ... Plan")
    after_the: list[str] = Field(default_factory=list)
    connectors: list[str] = Field(default_factory=list)
    known: list[_Known] = Field(default_factory=list)
    organization_words: list[str] = Field(default_factory=list)
    min_title_words: int = Field(default=2, ge=1)


@dataclass(frozen=True)
class _NamedRules:
    heads: dict[tuple[str, ...], NamedKind]  # capitalised head word sequences
    lower_heads: dict[str, NamedKind]
    introducers: dict[str, NamedKind]
    stop_words: frozenset[str]
    after_the: frozenset[str]
    connectors: frozenset[str]
    organization_words: frozenset[str]
    min_title_words: int
    max_head: int
    head_firsts: frozenset[str]  # first words of head nouns (capitalised and lower-case)
    head_re: re.Pattern[str]
    release: regex.Pattern[str]
    introducer_before: regex.Pattern[str]
    known: list[tuple[NamedKind, regex.Pattern[str]]]
    # for each known pattern, the strings its matches contain (see _ascii_required)
    known_required: list[tuple[frozenset[str], ...] | None]


_KIND_OF_INTRODUCER: dict[str, NamedKind] = {
    "act": "act", "law": "act", "bill": "act", "regulation": "act", "directive": "act",
    "report": "report", "notice": "report", "document": "report", "white paper": "report",
    "budget": "report",
}  # fmt: skip


@lru_cache(maxsize=1)
def _named_rules() -> _NamedRules:
    data = load_data("named.toml", _NamedFile)
    heads: dict[tuple[str, ...], NamedKind] = {}
    lower: dict[str, NamedKind] = {}
    for h in data.head:
        for w in h.words:
            heads.setdefault(tuple(w.split()), h.kind)
        for w in h.lowercase:
            lower.setdefault(w, h.kind)
    intro = {w.casefold(): _KIND_OF_INTRODUCER.get(w.casefold(), "plan") for w in data.introducers}
    verbs = sorted(set(data.release_verbs), key=lambda s: (-len(s), s))
    intro_words = sorted(intro, key=lambda s: (-len(s), s))
    zh_verbs = sorted(set(data.release_verbs_zh), key=lambda s: (-len(s), s))
    return _NamedRules(
        heads=heads,
        lower_heads=lower,
        introducers=intro,
        stop_words=frozenset(data.stop_words),
        after_the=frozenset(data.after_the),
        connectors=frozenset(data.connectors),
        organization_words=frozenset(data.organization_words),
        min_title_words=data.min_title_words,
        max_head=max(len(k) for k in heads),
        head_firsts=frozenset({w[0] for w in heads} | set(lower)),
        head_re=re.compile(
            r"(?<!\w)(?:"
            + "|".join(
                sorted({re.escape(w[0]) for w in heads} | {re.escape(w) for w in lower}, key=len)[
                    ::-1
                ]
            )
            + r")(?!\w)"
        ),
        release=compile_pattern(
            r"(?<![\p{L}])\L<verbs>(?![\p{L}])" + (r"|\L<zh>" if zh_verbs else ""),
            flags=regex.IGNORECASE,
            where="futureind/data/named.toml, release_verbs",
            verbs=verbs,
            zh=zh_verbs,
        ),
        # the words just before an opening quote: a head noun ("the report"), a release verb
        # ("released the"), or a head noun with "on the" / "entitled" ("a notice on the")
        introducer_before=compile_pattern(
            r"(?:(?<![\p{L}])(?:\L<intro>)(?:\s+(?:on|of|entitled|titled|called|named|dubbed))?"
            r"(?:\s+the)?|(?<![\p{L}])\L<verbs>(?:\s+(?:the|a|an|its|their|his|her))?)"
            r"\s*[,:]?\s*$",
            flags=regex.IGNORECASE,
            where="futureind/data/named.toml, introducers",
            intro=intro_words,
            verbs=verbs,
        ),
        known=[
            (
                k.kind,
                compile_pattern(
                    rf"(?<![\p{{L}}\p{{N}}])(?:{k.pattern})(?![\p{{L}}\p{{N}}])",
                    flags=regex.IGNORECASE,
                    where=f"futureind/data/named.toml, known[{i}]",
                ),
            )
            for i, k in enumerate(data.known)
        ],
        known_required=[_ascii_required(k.pattern) for k in data.known],
    )


def _ascii_required(pattern: str) -> tuple[frozenset[str], ...] | None:
    """Sets of lower-case ASCII strings such that every case-insensitive match of
    ``pattern`` in ASCII text contains one string of each set (None if there are none).

    In ASCII text a case-insensitive match of an ASCII string is that string in the
    lower-cased text; a set with a non-ASCII string is left out (case-insensitive matching
    pairs some non-ASCII characters with ASCII ones: "K" (Kelvin) with "k").
    """
    required = _required_literals(pattern)
    if required is None:
        return None
    ascii_sets = tuple(
        frozenset(s.lower() for s in alts) for alts in required if all(s.isascii() for s in alts)
    )
    return ascii_sets or None


def _contains(lowered: str, required: tuple[frozenset[str], ...], start: int, end: int) -> bool:
    """Does ``lowered[start:end]`` hold one string of each set of ``required``?"""
    return all(any(lowered.find(s, start, end) >= 0 for s in alts) for alts in required)


def _holding_segments(
    lowered: str,
    segments: Sequence[Segment],
    requireds: Sequence[tuple[frozenset[str], ...] | None],
) -> list[set[int]] | None:
    """For each of ``requireds``, the indexes of the segments that hold a string of its
    first set (in the lower-cased text): only they can pass :func:`_contains`. Found by
    looking for each string once in the whole text rather than in every segment; None when
    the segments are not in order and apart."""
    starts = [seg.start for seg in segments]
    ends = [seg.end for seg in segments]
    for k in range(len(segments)):
        if ends[k] < starts[k] or (k + 1 < len(segments) and ends[k] > starts[k + 1]):
            return None
    out: list[set[int]] = []
    for required in requireds:
        held: set[int] = set()
        for literal in required[0] if required else ():
            p = lowered.find(literal)
            while p >= 0:
                i = bisect.bisect_right(starts, p) - 1
                if i >= 0 and p + len(literal) <= ends[i]:
                    held.add(i)  # the rest of this segment need not be searched
                    p = lowered.find(literal, max(p + 1, ends[i]))
                else:
                    p = lowered.find(literal, p + 1)
        out.append(held)
    return out


# --------------------------------------------------------------------------- tokens

_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’&.\-]*(?<![.\-])|&")
_YEAR = regex.compile(r"(?:19|20)\d{2}")
# a year, a version or an order's number after a head noun still belongs to the name
# ("Chips Act 2.0", "Executive Order 2025-07", "Executive Order 14110")
_YEAR_OR_VERSION = regex.compile(r"(?:19|20)\d{2}(?:-\d{1,3})?|\d{1,2}\.\d{1,2}|\d{5}")
_ORDINAL = regex.compile(r"\d{1,3}(?:st|nd|rd|th)|\d{1,2}\p{Lu}[\p{L}\p{N}]*")
_POSSESSIVE = regex.compile(r"(?:['’]s|s['’])$")
_QUOTED = regex.compile(r"“([^“”\n]{2,200})”|\"([^\"\n]{2,200})\"|《([^《》\n]{1,100})》")
_NAME_YEAR = regex.compile(
    r"(?<!\b(?:for|to|by|until|towards?|through|vision)\s+)(?<![\d\-–])((?:19|20)\d{2})(?![\d\-–])",
    regex.IGNORECASE,
)
# the opening marks of _QUOTED: a segment without any has no quoted name
_QUOTE_MARK = re.compile(r'[“"《]')
_TITLE_WORDS = regex.compile(r"[\p{L}][\p{L}'’\-]*|\d+\p{L}*")


class _Tok(NamedTuple):  # a tuple: much cheaper to build than a dataclass
    start: int
    end: int
    text: str


# _TOKEN for ASCII text, as one capturing group: ``split`` with it gives gaps and tokens
# alternately (the standard ``re`` splits several times faster than ``regex`` finds)
_SPLIT_ASCII = re.compile(r"([A-Za-z0-9][A-Za-z0-9'&.\-]*(?<![.\-])|&)")


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    chunk = text[start:end]
    if chunk.isascii():
        # gap, token, gap, ..., token, gap: the running sum of their lengths gives each
        # token's start (odd entries) and end (even entries)
        parts = _SPLIT_ASCII.split(chunk)
        offsets = list(accumulate(map(len, parts), initial=start))
        return list(map(_Tok, offsets[1:-1:2], offsets[2::2], parts[1::2]))
    return [
        _Tok(*m.span(), m.group()) for m in _TOKEN.finditer(text, start, end, timeout=REGEX_TIMEOUT)
    ]


def _is_title(tok: str) -> bool:
    first = tok[0]
    if first.isdigit():
        return bool(_YEAR.fullmatch(tok) or _ORDINAL.fullmatch(tok))
    return first.isupper() or tok in ("FY",)


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """Are tokens ``a`` and ``b`` separated only by spaces (no punctuation, no line break)?"""
    gap = text[a.end : b.start]
    return gap == "" or (gap.isspace() and "\n" not in gap and len(gap) <= 3)


def _title_cased(words: Sequence[str], connectors: frozenset[str]) -> bool:
    significant = [w for w in words if w.casefold() not in connectors]
    if not significant:
        return False
    capital = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capital / len(significant) >= 0.75 and (words[0][0].isupper() or words[0][0].isdigit())


_YEAR_AFTER = regex.compile(
    r"\s*(?:[(（]\s*((?:19|20)\d{2})\s*(?:[-–—~至]\s*(?:19|20)?\d{2,4}\s*)?[)）]|,?\s*(?:(?:first\s+)?(?:launched|adopted|released|"
    r"issued|enacted|passed|introduced|published|unveiled|signed)\s+)?in\s+((?:19|20)\d{2})"
    r"(?![\d\-–]))",
    regex.IGNORECASE,
)


def _year_of(name: str, text: str = "", end: int = 0) -> int | None:
    """The year in a plan's name ("Strategy 2017"), else the year stated right after it
    ("the Chips Act, adopted in 2023", "the Plan (2021)")."""
    m = _NAME_YEAR.search(name, timeout=REGEX_TIMEOUT)
    if m:
        return int(m.group(1))
    after = _YEAR_AFTER.match(text, end, min(len(text), end + 40), timeout=REGEX_TIMEOUT)
    if after:
        return int(after.group(1) or after.group(2))
    return None


_SPACES = re.compile(r"\s+")


def _clean(name: str) -> str:
    """A name without surrounding quotes, trailing punctuation or a leading "the"."""
    name = name.strip().strip("\"“”‘’'《》").strip().rstrip(" \t\r\n.,;:!?")
    if name[:4].casefold() == "the ":
        name = name[4:]
    return _SPACES.sub(" ", name)


# --------------------------------------------------------------------------- named strategies


@dataclass
class _Candidate:
    start: int
    end: int
    name: str
    kind: NamedKind
    possessor: tuple[int, int] | None
    priority: int


_MAX_NAME_WORDS = 16
# what may stand around a plan's name that is a whole heading: "the", a period in brackets
_HEADLINE_REST = re.compile(
    r"(?i)\bthe\b|[(（]\s*(?:19|20)\d{2}[^)）]{0,12}[)）]|[\s\W]"
)  # words a name may take on each side of its head noun


def _title_names(text: str, toks: list[_Tok], rules: _NamedRules, out: list[_Candidate]) -> None:
    """Title-cased names around each head noun in one segment."""
    n = len(toks)
    i = 0
    floor = 0  # names do not overlap: a name starts after the previous one ends
    firsts = rules.head_firsts
    while i < n:
        if toks[i].text not in firsts:
            i += 1
            continue
        kind: NamedKind | None = None
        j = i
        for size in range(min(rules.max_head, n - i), 0, -1):
            words = tuple(t.text for t in toks[i : i + size])
            if words in rules.heads and all(
                _joined(text, toks[k], toks[k + 1]) for k in range(i, i + size - 1)
            ):
                kind, j = rules.heads[words], i + size - 1
                break
        lower = False
        if kind is None and toks[i].text in rules.lower_heads:
            kind, lower = rules.lower_heads[toks[i].text], True
        if kind is None:
            i += 1
            continue
        # left: title-cased words, connectors between them; a possessive ends the name
        left = i
        possessor: tuple[int, int] | None = None
        k = i - 1
        titles = 0
        while k >= floor and i - k <= _MAX_NAME_WORDS and _joined(text, toks[k], toks[k + 1]):
            word = toks[k].text
            if _POSSESSIVE.search(word):
                possessor = (toks[k].start, toks[k].end)
                break
            if word in rules.stop_words and not (
                word in rules.after_the
                and k > floor
                and toks[k - 1].text.casefold() == "the"
                and _joined(text, toks[k - 1], toks[k])
            ):
                break
            if _is_title(word):
                left, titles = k, titles + 1
                k -= 1
                continue
            if word.casefold() in rules.connectors and word != "the" and k > 0:
                k -= 1
                continue
            break
        # right: a year, then "on / for / of ..." followed by title-cased words
        right = j
        if (
            right + 1 < n
            and _joined(text, toks[right], toks[right + 1])
            and _YEAR_OR_VERSION.fullmatch(toks[right + 1].text)
        ):
            right += 1
        nxt = right + 1
        if (
            not lower
            and nxt < n
            and _joined(text, toks[right], toks[nxt])
            and toks[nxt].text[0].isupper()
            and toks[nxt].text not in rules.stop_words
        ):
            # the head noun modifies the title-cased noun after it ("Mission Hubs")
            i = j + 1
            continue
        extended = False
        k = right + 1
        if k < n and toks[k].text in ("on", "for", "of", "to") and not lower:
            while (
                k < n and k - right <= 2 * _MAX_NAME_WORDS and _joined(text, toks[k - 1], toks[k])
            ):
                word = toks[k].text
                if (_is_title(word) and word not in rules.stop_words) or (
                    word[0].isupper() and _POSSESSIVE.search(word)
                ):
                    right, extended = k, True
                elif word.casefold() not in rules.connectors:
                    break
                k += 1
        if lower and titles < rules.min_title_words:
            i = j + 1
            continue
        if titles == 0 and not extended and right == j:
            i = j + 1
            continue
        if any(
            toks[k].text in rules.organization_words
            and (k in (left, right) or toks[k + 1].text in ("of", "for", "on"))
            for k in range(left, right + 1)
        ):
            # an organisation's name ("Institute of Development Strategy of ..."); an
            # organisation word inside a plan's name is a modifier ("Hydrogen Society
            # Promotion Act")
            i = right + 1
            continue
        start, end = toks[left].start, toks[right].end
        name = _clean(text[start:end])
        if name:
            out.append(_Candidate(start, end, name, kind, possessor, 1))
            floor = right + 1
        i = right + 1


def _quoted_names(
    text: str, seg_start: int, seg_end: int, rules: _NamedRules, out: list[_Candidate]
) -> None:
    for m in _QUOTED.finditer(text, seg_start, seg_end, timeout=REGEX_TIMEOUT):
        group = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        c_start, c_end = m.start(group), m.end(group)
        content = m.group(group)
        if group == 3:  # 《...》 always names a document
            out.append(_Candidate(c_start, c_end, _clean(content), _zh_kind(content), None, 2))
            continue
        stripped = _clean(content)
        words = _TITLE_WORDS.findall(stripped)
        if not words or not _title_cased(words, rules.connectors):
            continue
        last = next((w for w in reversed(words) if w.casefold() not in rules.connectors), "")
        if not (last[:1].isupper() or last[:1].isdigit()):
            continue  # a title does not end in a lower-case word
        toks = _tokens(text, c_start, c_end)
        kind: NamedKind | None = None
        end = c_end
        name = stripped
        # (b) a capitalised head noun right after the closing quote ("Incentive Measures" Act)
        after = _tokens(text, m.end(), min(seg_end, m.end() + 30))
        follows = bool(after) and text[m.end() : after[0].start].strip() == ""
        if follows:
            pair = tuple(t.text for t in after[:2])
            # a two-word head only when two words follow ("Plan" alone is a pair of one)
            size = (
                2
                if len(pair) == 2 and pair in rules.heads
                else 1
                if (after[0].text,) in rules.heads
                else 0
            )
            if size:
                kind = rules.heads[pair[:size]]
                end = after[size - 1].end
                name = f"{stripped} {' '.join(pair[:size])}"
        # (a) the quoted words end in a head noun (and perhaps a year)
        if kind is None:
            tail = [t.text for t in toks if not _YEAR_OR_VERSION.fullmatch(t.text)]
            for size in range(min(rules.max_head, len(tail)), 0, -1):
                if tuple(tail[-size:]) in rules.heads:
                    kind = rules.heads[tuple(tail[-size:])]
                    break
        # (b') a lower-case head noun after the quote (the "..." report)
        if kind is None and follows and after[0].text.casefold() in rules.introducers:
            kind = rules.introducers[after[0].text.casefold()]
        # (c) a head noun or a release verb just before the opening quote
        if kind is None:
            before = text[max(seg_start, m.start() - 60) : m.start()]
            hit = rules.introducer_before.search(before, timeout=REGEX_TIMEOUT)
            if hit is not None:
                word = hit.group().strip().split()[0].casefold() if hit.group().strip() else ""
                kind = rules.introducers.get(word, "report")
        if kind is None:
            continue
        out.append(_Candidate(c_start, end, name, kind, None, 2))


def _zh_kind(content: str) -> NamedKind:
    if content.endswith(("报告",)):
        return "report"
    if content.endswith(("法",)):
        return "act"
    return "plan"


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: quoted names first, then title-cased, then known ones;
    among equals the longer, then the leftmost (the engine's overlap policy)."""
    matches = [Match(c.start, c.end, "named", i, c.priority) for i, c in enumerate(cands)]
    return [cands[m.value] for m in resolve_overlaps(matches)]


def _title_heading(text: str) -> bool:
    words = [w for w in _TITLE_WORDS.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(1 for w in words if w[0].isupper()) / len(words) >= 0.6


def find_named_strategies(doc: Document) -> list[NamedStrategy]:
    """Named plans, programmes, strategies, reports and acts in ``doc`` (every mention, in
    text order), with the year stated in the name and the issuer where the text says it.

    Runs before directions: direction terms inside these names count as mentions.

    >>> from futureind.pipeline import extract
    >>> from futureind.document import Document
    >>> from futureind.taxonomy import Taxonomy
    >>> from futureind.text import segment
    >>> text = "Japan adopted the Future Investment Strategy 2017 in June."
    >>> doc = Document(text, "en", None, False, segment(text), Taxonomy.default())
    >>> [(n.name, n.year, n.kind) for n in find_named_strategies(doc)]
    [('Future Investment Strategy 2017', 2017, 'plan')]
    """
    return _find_named(doc)


def _find_named(doc: Document) -> list[NamedStrategy]:
    rules = _named_rules()
    text = doc.text
    cands: list[_Candidate] = []
    # a known name is looked for only in segments that hold its words (see _ascii_required:
    # the test needs a segment in ASCII, and the lower-cased text at the same offsets)
    lowered = text.lower()
    aligned = len(lowered) == len(text)  # no character lower-cases to several
    all_ascii = text.isascii()
    may_hold = _holding_segments(lowered, doc.segments, rules.known_required) if aligned else None
    # the known patterns to try in a plain segment: those that require no string, and those
    # whose first set of strings the segment holds; in another segment every one
    every = range(len(rules.known))
    always = [k for k, required in enumerate(rules.known_required) if not required]
    to_try: dict[int, list[int]] | None = None
    if may_hold is not None:
        to_try = {}
        for k, held in enumerate(may_hold):
            for i in held:
                to_try.setdefault(i, []).append(k)
    for index, seg in enumerate(doc.segments):
        if seg.kind in ("byline", "dateline", "source"):
            continue
        if _QUOTE_MARK.search(text, seg.start, seg.end):  # no quoted name without a quote
            _quoted_names(text, seg.start, seg.end, rules, cands)
        if rules.head_re.search(text, seg.start, seg.end):
            found: list[_Candidate] = []
            _title_names(text, _tokens(text, seg.start, seg.end), rules, found)
            if seg.kind == "heading" and _title_heading(text[seg.start : seg.end]):
                # a title-cased headline names a plan only when it is the plan's name
                rest = text[seg.start : seg.end]
                found = [
                    c
                    for c in found
                    if not _HEADLINE_REST.sub(
                        "", rest[: c.start - seg.start] + rest[c.end - seg.start :]
                    ).strip()
                ]
            cands.extend(found)
        plain = aligned and (all_ascii or text[seg.start : seg.end].isascii())
        tried: Sequence[int] = every
        if plain and to_try is not None:
            tried = to_try.get(index, [])
            if always:
                tried = sorted([*always, *tried])
        for k in tried:
            (kind, pattern), required = rules.known[k], rules.known_required[k]
            if plain and required and not _contains(lowered, required, seg.start, seg.end):
                continue
            for m in pattern.finditer(text, seg.start, seg.end, timeout=REGEX_TIMEOUT):
                cands.append(_Candidate(m.start(), m.end(), _clean(m.group()), kind, None, 0))
    out: list[NamedStrategy] = []
    mentions = _actor_mentions(doc)
    for c in _resolve(cands):
        if not c.name:
            continue
        at = doc.segment_at(c.start)
        s_start, s_end = (at.start, at.end) if at else (c.start, c.end)
        # released, adopted, proposed ... near the name, in its sentence
        released = (
            rules.release.search(
                text, max(s_start, c.start - 80), min(s_end, c.end + 40), timeout=REGEX_TIMEOUT
            )
            is not None
        )
        issuer = _named_issuer(doc, mentions, c, s_start, s_end, rules)
        out.append(
            NamedStrategy(
                name=c.name,
                span=Span.of(text, c.start, c.end, rule=f"named_{c.kind}"),
                issuer=issuer,
                year=_year_of(c.name, text, c.end),
                kind=c.kind,
                released=released,
            )
        )
    return out


def _actor_mentions(doc: Document) -> list[tuple[int, int, str]]:
    return sorted((m.start, m.end, a.name) for a in doc.actors for m in a.mentions)


def _named_issuer(
    doc: Document,
    mentions: list[tuple[int, int, str]],
    c: _Candidate,
    s_start: int,
    s_end: int,
    rules: _NamedRules,
) -> str | None:
    text = doc.text
    if c.possessor is not None:
        for ms, me, name in mentions:
            if ms < c.possessor[1] and c.possessor[0] < me:
                return name
    # an actor just before the name ("the US "Competition Act"", "the EU's report")
    i = bisect.bisect_left(mentions, (c.start,))
    if i > 0:
        ms, me, name = mentions[i - 1]
        if ms >= s_start and me <= c.start and len(text[me : c.start].split()) <= 2:
            return name
    # the subject of a release verb before the name ("Japan released the ...")
    window = max(s_start, c.start - 300)
    first = bisect.bisect_left(mentions, (window,))
    before = mentions[first:i]
    verbs = list(rules.release.finditer(text, window, c.start, timeout=REGEX_TIMEOUT))
    if verbs:
        # the subject is between the verb before it (if any) and the verb; in a list of
        # issuers ("the ministries of A, B and C jointly issued") the first is the leader
        boundary = verbs[-2].end() if len(verbs) > 1 else window
        subjects = [m for m in before if boundary <= m[0] and m[1] <= verbs[-1].start()]
        if subjects:
            return subjects[0][2]
    # "... released by the Ministry of ..." after the name
    k = bisect.bisect_left(mentions, (c.end,))
    after = mentions[k : k + 1] if k < len(mentions) and mentions[k][1] <= s_end else []
    if after and regex.search(r"\bby\b", text[c.end : after[0][0]]):
        return after[0][2]
    return issuer_for(doc, s_start, s_end)


# --------------------------------------------------------------------------- measures

_SPLIT = regex.compile(r"[;；]\s*")
_MONEY_UNIT = regex.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    kind: str


def measure_units(doc: Document) -> list[tuple[int, int]]:
    """``(start, end)`` of every clause that may state a measure: sentences and bullet items
    (not headings, bylines, datelines or source lines), split at semicolons.

    >>> from futureind.document import Document
    >>> from futureind.taxonomy import Taxonomy
    >>> from futureind.text import segment
    >>> text = "Build zones; attract talent.\\n\\nA heading"
    >>> doc = Document(text, "en", None, False, segment(text), Taxonomy.default())
    >>> [text[s:e] for s, e in measure_units(doc)]
    ['Build zones;', 'attract talent.']
    """
    return [(u.start, u.end) for u in _units(doc)]


_BULLET_LEAD = regex.compile(r"\s*(?:[•·▪◦‣●○■□*\-–—]|\(?\d{1,2}[.)]|\([a-z]\))\s+")
_PROSE = regex.compile(r"\b(?:the|a|an|of|to|and|in|for|will|is|are|has|have|with|on)\b")


def _unit_kind(doc: Document, index: int, last_content: int) -> str | None:
    """The kind of clause segment ``index`` gives, or None when it states no measure.

    A bullet item without closing punctuation (which the text layer calls a heading) is a
    bullet; the last paragraph of a text cut off mid-sentence is a sentence when it reads as
    prose (lower-case function words, not title-cased) rather than a heading.
    """
    seg = doc.segments[index]
    if seg.kind in ("sentence", "bullet"):
        return seg.kind
    if seg.kind != "heading":
        return None
    body = doc.text[seg.start : seg.end]
    if _BULLET_LEAD.match(body):
        return "bullet"
    last = index >= last_content
    words = body.split()
    if (
        last
        and len(words) >= 10
        and len(_PROSE.findall(body)) >= 3
        and not _title_heading(body)
        and not body.rstrip().endswith(":")
    ):
        return "sentence"
    return None


_ITEM_HEAD_WORDS = 6


def _item_heading(doc: Document, index: int) -> bool:
    """Is segment ``index`` the short title of an enumerated item, followed by its body in
    the same paragraph ("(1) Strengthen original innovation. Support universities ...")?"""
    seg = doc.segments[index]
    body = doc.text[seg.start : seg.end]
    marker = _BULLET_LEAD.match(body)
    if marker is None or index + 1 >= len(doc.segments):
        return False
    following = doc.segments[index + 1]
    return (
        following.paragraph == seg.paragraph
        and len(body[marker.end() :].split()) <= _ITEM_HEAD_WORDS
    )


def _units(doc: Document) -> list[_Unit]:
    text = doc.text
    out: list[_Unit] = []
    last_content = max(
        (i for i, seg in enumerate(doc.segments) if seg.kind not in ("source", "byline")),
        default=-1,
    )
    heading_start: int | None = None  # an item's title joins its body's first clause
    for index, seg in enumerate(doc.segments):
        kind = _unit_kind(doc, index, last_content)
        if kind is None:
            continue
        if kind == "bullet" and _item_heading(doc, index):
            heading_start = seg.start
            continue
        last = seg.start if heading_start is None else heading_start
        heading_start = None
        # a segment without a semicolon is one clause: no need to run the split
        if text.find(";", seg.start, seg.end) >= 0 or text.find("；", seg.start, seg.end) >= 0:
            for m in _SPLIT.finditer(text, seg.start, seg.end, timeout=REGEX_TIMEOUT):
                if m.start() > last:
                    out.append(_Unit(last, m.start() + 1, kind))
                last = m.end()
        if seg.end > last:
            out.append(_Unit(last, seg.end, kind))
    return [u for u in out if text[u.start : u.end].strip()]


def _positions(text: str, chars: str) -> list[int]:
    """The offsets of every occurrence of the characters ``chars`` in ``text``, in order
    (``str.split`` on one character is much faster than a regex scan)."""
    out: list[int] = []
    for char in chars:
        if char in text:
            parts = text.split(char)
            # the k-th one stands after the first k parts and the k - 1 ones between them
            out.extend(map(add, accumulate(map(len, parts[:-1])), range(len(parts) - 1)))
    out.sort()
    return out


@dataclass(frozen=True, slots=True)
class _Brackets:
    """Where round brackets open and close in a text (for :meth:`inside`)."""

    opens: list[int]
    closes: list[int]

    @classmethod
    def of(cls, text: str) -> _Brackets:
        return cls(_positions(text, "(（"), _positions(text, ")）"))

    def inside(self, start: int, unit_start: int) -> bool:
        """Is offset ``start`` inside round brackets opened within the clause?"""
        i = bisect.bisect_left(self.opens, start) - 1
        if i < 0 or self.opens[i] < unit_start:
            return False
        opened = self.opens[i]
        k = bisect.bisect_left(self.closes, start) - 1
        return k < 0 or self.closes[k] < opened


_Signal = tuple[int, int, object]  # (start, end, value) from Instruments.scan_spans


class _ByUnit:
    """Signals in text order, read clause by clause: a signal belongs to the clause it
    starts in (the last one that starts at or before it) when it also ends inside it.

    Only the clauses that have a cue, money or a name are read, so the signals are not
    sorted into every clause beforehand.
    """

    def __init__(self, signals: list[_Signal], units: list[_Unit], starts: list[int]) -> None:
        self._signals = signals
        self._starts = [sg[0] for sg in signals]
        self._units = units
        self._unit_starts = starts

    def _range(self, i: int) -> tuple[int, int]:
        """Which signals start in clause ``i`` (or before the next one): ``signals[lo:hi]``."""
        lo = bisect.bisect_left(self._starts, self._unit_starts[i])
        if i + 1 < len(self._units):
            return lo, bisect.bisect_left(self._starts, self._unit_starts[i + 1], lo)
        return lo, len(self._starts)

    def of(self, i: int) -> list[_Signal]:
        """The signals of clause ``i``, in text order."""
        lo, hi = self._range(i)
        if lo == hi:
            return []
        end = self._units[i].end
        return [sg for sg in self._signals[lo:hi] if sg[1] <= end]

    def any(self, i: int) -> bool:
        """Has clause ``i`` a signal? (``bool(of(i))``, without the list.)"""
        lo, hi = self._range(i)
        end = self._units[i].end
        signals = self._signals
        for k in range(lo, hi):
            if signals[k][1] <= end:
                break
        else:
            return False
        return True


def _is_measure(
    doc: Document, vocab: Instruments, units: list[_Unit], i: int, modals: _ByUnit, signals: _ByUnit
) -> bool:
    """Does clause ``units[i]`` (not background) state a measure: a modal, an action verb
    (``signals`` are the actions), or an enumeration lead? (The regex test of the
    enumeration lead comes last: it costs most.)"""
    if modals.any(i):
        return True
    actions = signals.of(i)
    if any(value == "action" for _, _, value in actions):
        return True
    u = units[i]
    if actions and u.kind == "bullet":
        return True
    return vocab.has_enumeration_at(doc.text, u.start, u.end)


_COMMIT_REACH = 60  # how far before an amount its commitment cue may stand


def _committed_amounts(
    doc: Document,
    vocab: Instruments,
    u: _Unit,
    money: list[QuantityMatch],
    commits: list[_Signal],
    metrics: list[_Signal],
    targets: tuple[list[int], list[int]],
    brackets: _Brackets,
) -> list[Quantity]:
    if not money or not commits:
        return []
    text = doc.text
    c_starts = [c[0] for c in commits]
    m_ends = [m[1] for m in metrics]
    out: list[Quantity] = []
    for q in money:
        s, e = q.span.start, q.span.end
        if brackets.inside(s, u.start):
            continue
        if _overlaps_any(targets, s, e):
            continue
        window = max(u.start, s - 40)
        if vocab.is_past_figure(text, window, s):
            continue
        # a metric word just before ("output value of ...") wins unless a commitment
        # cue stands between it and the amount
        k = bisect.bisect_right(m_ends, s) - 1
        if k >= 0 and metrics[k][0] >= window:
            j = bisect.bisect_right(c_starts, metrics[k][1])
            if not (j < len(commits) and commits[j][1] <= s):
                continue
        # a commitment cue shortly before the amount ("a subsidy of 20% of the price, up to
        # 5 million yuan") or anywhere after it
        j = bisect.bisect_left(c_starts, max(u.start, s - _COMMIT_REACH))
        near = j < len(commits) and commits[j][0] <= s + 60
        if not near and not (c_starts and c_starts[-1] >= e):
            continue
        out.append(q.quantity)
    return out


def _overlaps_any(union: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap the union of spans (from :func:`_union`)?"""
    starts, ends = union
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and ends[i] > start


def find_strategies(doc: Document, instruments: Instruments | None = None) -> list[Strategy]:
    """Measure statements classified by instrument, and the named strategies, in text order.

    ``instruments`` is the vocabulary to use (default: the package's, see
    :meth:`~futureind.instruments.Instruments.from_toml` for a user's own).

    >>> from futureind import extract
    >>> text = "In the coming five years, the government will fund new incubators."
    >>> [s.instruments for s in extract(text).strategies]
    [['supply.funding', 'supply.infrastructure']]
    """
    return _find_strategies(doc, instruments or Instruments.default())


def _find_strategies(doc: Document, vocab: Instruments) -> list[Strategy]:
    text = doc.text
    units = _units(doc)
    if not units and not doc.named:
        return []
    starts = [u.start for u in units]
    scan = vocab.scan_spans(text, units[0].start if units else 0, units[-1].end if units else 0)
    brackets = _Brackets.of(text)
    named = [n for n in doc.named if n.kind != "zone"]
    name_spans = [(n.span.start, n.span.end) for n in named]
    blocked = _union([*name_spans, *scan.problems])
    # a cue that is part of an organisation's or actor's name ("Metaverse Research Institute
    # of ... University") is no measure; a cue that is the whole name ("national
    # laboratories") still is
    org_spans = [
        *doc.organization_spans,
        *((m.start, m.end) for a in doc.actors for m in a.mentions),
    ]
    inside_names = _union(org_spans)
    whole_names = set(org_spans)

    def unit_of(start: int, end: int) -> int:
        """The clause that ``[start, end)`` is in, or -1."""
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or end > units[i].end:
            return -1
        return i

    # instruments per unit (a cue inside a plan's name or in brackets does not count)
    cues: dict[int, set[str]] = {}
    for c_start, c_end, key, _rule in scan.cues:
        i = unit_of(c_start, c_end)
        if i < 0 or _covered(blocked, c_start, c_end):
            continue
        if _covered(inside_names, c_start, c_end) and (c_start, c_end) not in whole_names:
            continue
        if brackets.inside(c_start, units[i].start):
            continue
        cues.setdefault(i, set()).add(key)
    # cooperation "with" a country or bloc is international cooperation, not a domestic tie-up
    places = sorted(
        (m.start, m.end) for a in doc.actors if a.kind == "jurisdiction" for m in a.mentions
    )
    place_starts = [p[0] for p in places]
    for c_start, c_end, key, _rule in scan.cues:
        if key != COLLABORATION:
            continue
        k = bisect.bisect_left(place_starts, c_end)
        if k < len(places) and _WITH_PLACE.fullmatch(text, c_end, places[k][0]):
            i = unit_of(c_start, places[k][1])
            if i >= 0:
                keys = cues.setdefault(i, set())
                keys.discard(COLLABORATION)
                keys.add(INTERNATIONAL)
    modals = _ByUnit(scan.modals, units, starts)
    actions = _ByUnit(scan.actions, units, starts)
    commits = _ByUnit(scan.commits, units, starts)
    metrics = _ByUnit(scan.metrics, units, starts)
    background = {unit_of(b_start, b_end) for b_start, b_end in scan.background}
    money: dict[int, list[QuantityMatch]] = {}
    for q in doc.quantities:
        if _MONEY_UNIT.fullmatch(q.quantity.unit) and (q.quantity.amount or q.quantity.max):
            i = unit_of(q.span.start, q.span.end)
            if i >= 0:
                money.setdefault(i, []).append(q)
    # the rates of measures the targets stage set aside ("a subsidy of 20% of the price")
    rates: dict[int, list[QuantityMatch]] = {}
    for q in doc.measure_rates:
        i = unit_of(q.span.start, q.span.end)
        if i >= 0:
            rates.setdefault(i, []).append(q)
    mentioned: dict[int, set[int]] = {}
    for order, d in enumerate(doc.directions):
        for mention in d.mentions:
            i = unit_of(mention.start, mention.end)
            if i >= 0:
                mentioned.setdefault(i, set()).add(order)
    targets = _union(
        [(t.value_span.start, t.value_span.end) for t in doc.targets if t.value_span is not None]
    )
    # one strategy per distinct named plan: its first mention
    first_named: dict[int, list[NamedStrategy]] = {}
    seen: list[frozenset[str]] = []  # the word sets of the names kept
    for n in named:
        words = _name_words(n.name)
        if any(_jaccard(words, s) >= 0.6 for s in seen):
            continue
        seen.append(words)
        i = bisect.bisect_right(starts, n.span.start) - 1
        if i < 0 or n.span.start >= units[i].end:
            i = -1 - len(first_named)  # a name in a heading: a unit of its own
        first_named.setdefault(i, []).append(n)
    out: list[Strategy] = []
    no_keys: set[str] = set()
    for i, u in enumerate(units):
        keys = cues.get(i, no_keys)
        unit_money = money.get(i, [])
        names = first_named.get(i, [])
        if not keys and not unit_money and not names:
            continue
        measure = i not in background and _is_measure(doc, vocab, units, i, modals, actions)
        amounts = (
            _committed_amounts(
                doc, vocab, u, unit_money, commits.of(i), metrics.of(i), targets, brackets
            )
            if measure and unit_money
            else []
        )
        if amounts and not keys & _MONEY_INSTRUMENTS:
            keys = keys | {FUNDING}
        measure = measure and bool(keys)
        if measure and i in rates:
            # the committed money and the rates, in text order
            at = {id(q.quantity): q.span.start for q in unit_money}
            placed = [(at.get(id(a), 0), a) for a in amounts]
            placed += [(q.span.start, q.quantity) for q in rates[i]]
            amounts = [a for _, a in sorted(placed, key=lambda pair: pair[0])]
        if not measure and not names:
            continue
        evidence = _trim(text, u.start, u.end)
        directions = [doc.directions[k].key for k in sorted(mentioned.get(i, ()))]
        issuer = issuer_for(doc, u.start, u.end)
        base = set(keys) if measure else set()
        slots: list[NamedStrategy | None] = [*names] if names else [None]
        for k, plan in enumerate(slots):
            inst = set(base)
            name: str | None = None
            year: int | None = None
            n_issuer = issuer
            rule = "measure"
            if plan is not None:
                if plan.released:
                    inst.add(PLANNING)
                name, year, n_issuer, rule = (
                    plan.name,
                    plan.year,
                    plan.issuer or issuer,
                    f"named_{plan.kind}",
                )
            out.append(
                Strategy(
                    instruments=vocab.order(inst),
                    name=name,
                    issuer=n_issuer,
                    year=year,
                    amounts=amounts if k == 0 else [],
                    directions=directions,
                    evidence=evidence,
                    rule=rule,
                )
            )
    # names outside measure clauses (in headings): named, but a heading states no measure
    for i, ns in first_named.items():
        if i >= 0:
            continue
        for n in ns:
            out.append(
                Strategy(
                    instruments=[],
                    name=n.name,
                    issuer=n.issuer,
                    year=n.year,
                    amounts=[],
                    directions=doc.directions_in(n.span.start, n.span.end),
                    evidence=n.span,
                    rule=f"named_{n.kind}",
                )
            )
    out.sort(key=lambda s: (s.evidence.start, s.evidence.end))
    return out


def _union(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The union of ``spans`` as sorted, disjoint intervals (their starts and ends)."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(spans):
        if starts and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _covered(union: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Does the union of spans (from :func:`_union`) contain ``[start, end)``?"""
    starts, ends = union
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and end <= ends[i]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\r\n;；":
        end -= 1
    return Span.of(text, start, end, rule="measure_clause")


_WORD = regex.compile(r"\w+")


def _name_words(name: str) -> frozenset[str]:
    """The words of a plan's name, for :func:`_jaccard`."""
    return frozenset({w.casefold() for w in _WORD.findall(name)} - {"the"})


def _jaccard(sa: frozenset[str], sb: frozenset[str]) -> float:
    """How alike two names are: the Jaccard index of their word sets."""
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
