"""The text layer: paragraphs and sentences with exact offsets.

:func:`segment` cuts a text into :class:`Segment` s — sentences, headings, bullet items,
source lines, bylines and datelines — each a half-open ``[start, end)`` range of the original
text with surrounding whitespace trimmed. Nothing is normalised, so offsets never drift.

Rules (data in ``futureind/data/text.toml``):

* A paragraph is a line, or several lines when a line without closing punctuation is
  followed by one starting in lower case (a hard wrap). Blank lines always separate.
* A sentence ends at ``. ! ? …`` (with closing quotes and brackets) followed by space and
  a capital, digit, quote or bracket, unless the word before the stop is an abbreviation
  (``U.S.``, ``No.``, ``Co.``, ``e.g.``, ``a.m.``, month names, single initials), and never
  inside a quotation. Chinese ``。！？；`` end a sentence with no space after them.
* Source lines ("Source: ...", "Pub Date: ..."), bylines ("By Kim Hyelin") and headings
  (a short paragraph without closing punctuation) are segments of their own; so is a
  dateline ("WUHAN, May 6 (Xinhua) --") at the start of a paragraph. Bullet and
  numbered lines ("•", "-", "1.", "(2)", "一、") start a new paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from .engine import REGEX_TIMEOUT, compile_pattern
from .vocab import DataModel, load_data

__all__ = ["Segment", "SegmentKind", "paragraphs", "segment", "sentences"]

SegmentKind = Literal["sentence", "heading", "bullet", "source", "byline", "dateline"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the text: ``text[start:end]``, its kind and its paragraph number."""

    start: int
    end: int
    kind: SegmentKind
    paragraph: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


class _LineKind(DataModel):
    kind: Literal["source", "byline", "heading"]
    pattern: str


class _Dateline(DataModel):
    name: str
    pattern: str


class _TextData(DataModel):
    abbreviations: list[str]
    sentence_final_abbreviations: list[str]
    line_kinds: list[_LineKind]
    datelines: list[_Dateline]


@dataclass(frozen=True)
class _Compiled:
    abbreviations: frozenset[str]
    final_abbreviations: frozenset[str]
    line_kinds: list[tuple[SegmentKind, regex.Pattern[str]]]
    datelines: list[regex.Pattern[str]]
    # The line kinds, then the datelines, joined into one pattern (one call per paragraph, not
    # one per pattern), or None when some pattern cannot be joined safely.
    heads_joined: regex.Pattern[str] | None = None


# Backreferences, subroutine calls and conditionals by number or name, and multi-line mode:
# a pattern that holds any of them is never joined with others.
_UNJOINABLE = regex.compile(r"\\[1-9g]|\(\?(?:P[=>]|[&(R]|[+-]?\d)|\(\?[a-zA-Z]*[mx]")


def _top_level_bar(pattern: str) -> bool:
    """Does ``pattern`` hold a ``|`` outside every group and character class?"""
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


def _joined(patterns: list[str], where: str) -> regex.Pattern[str] | None:
    """``(?P<_j0>p0)|(?P<_j1>p1)|...`` when every pattern can match only at the start of the
    string (``^`` first, after at most a ``(?i)``; no multi-line mode, no top-level ``|``):
    the joined pattern then matches where the first of them that matches does, as it does.
    """
    for p in patterns:
        body = p[4:] if p.startswith("(?i)") else p
        if (
            not body.startswith("^")
            or body[1:2] in ("?", "*", "+", "{")
            or _UNJOINABLE.search(p) is not None
            or _top_level_bar(p)
        ):
            return None
    joined = "|".join(f"(?P<_j{i}>{p})" for i, p in enumerate(patterns))
    return compile_pattern(joined, where=where)


def _branch(m: regex.Match[str]) -> int:
    """Which pattern of a joined pattern matched."""
    name = m.lastgroup or ""
    return int(name[2:]) if name.startswith("_j") else -1


@lru_cache(maxsize=1)
def _data() -> _Compiled:
    data = load_data("text.toml", _TextData)
    where = "futureind/data/text.toml"
    return _Compiled(
        abbreviations=frozenset(a.casefold() for a in data.abbreviations),
        final_abbreviations=frozenset(a.casefold() for a in data.sentence_final_abbreviations),
        line_kinds=[
            (lk.kind, compile_pattern(lk.pattern, where=f"{where}, line_kinds[{i}]"))
            for i, lk in enumerate(data.line_kinds)
        ],
        datelines=[
            compile_pattern(d.pattern, where=f"{where}, datelines {d.name!r}")
            for d in data.datelines
        ],
        heads_joined=_joined(
            [lk.pattern for lk in data.line_kinds] + [d.pattern for d in data.datelines],
            f"{where}, line_kinds and datelines",
        ),
    )


_LINE = regex.compile(r"[^\n\r\u2028\u2029]*(?:\r\n|[\n\r\u2028\u2029]|$)")
_BULLET = regex.compile(
    r"(?:[•·▪●◦■□►▶✓✔*]|[-–—](?=\s)|\(?\d{1,2}[.)](?=\s)|\(?[a-zA-Z]\)(?=\s)"
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}、)"
)
_TERMINAL_END = regex.compile(r"[.!?…。！？；:：;][\"'”’)\]）」』]*\s*$")
_TERMINALS = ".!?…。！？；:：;"
_CLOSERS = "\"'”’)]）」』"


def _ends_terminal(s: str) -> bool:
    """``_TERMINAL_END.search(s)``, by string methods when ``s`` ends in a non-space."""
    if s[-1:].isspace():
        return _TERMINAL_END.search(s) is not None
    r = s.rstrip(_CLOSERS)
    return bool(r) and r[-1] in _TERMINALS


# A sentence stop (with closing quotes/brackets) or a quote character.
_EVENTS = regex.compile(
    r"(?P<stop>[.!?…]+[\"'”’)\]）]*(?=\s)|[。！？；]+[\"'”’)\]）」』]*|[.!?…]+[\"'”’)\]）]*$)"
    r"|(?P<quote>[\"“”])"
)
_WORD_BEFORE = regex.compile(r"([\p{L}.]{1,12})\.*[.!?…]*$")
_NEXT = regex.compile(r"\s*(\S?)(\p{L}*)")
_STARTERS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "he",
        "she",
        "we",
        "our",
        "in",
        "on",
        "at",
        "a",
        "an",
        "but",
        "however",
        "meanwhile",
        "according",
        "as",
        "for",
        "to",
        "by",
        "with",
        "from",
        "there",
        "such",
        "according",
        "also",
    ]
)
_QUOTE_RESET = 600  # an unclosed quote stops counting after this many characters


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, whitespace trimmed, in text order."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    units: list[list[int]] = []
    prev_open = False  # the previous line may continue (no closing punctuation)
    for m in _LINE.finditer(text, timeout=REGEX_TIMEOUT):
        if m.start() == m.end():
            break
        body = m.group().rstrip("\r\n\u2028\u2029")
        stripped = body.strip()
        if not stripped:
            prev_open = False
            continue
        lead = len(body) - len(body.lstrip())
        start = m.start() + lead
        end = m.start() + len(body.rstrip())
        first = stripped[0]
        wraps = (
            prev_open
            and units
            and (first.islower() or (first.isdigit() and not _BULLET.match(stripped)))
        )
        if wraps:
            units[-1][1] = end
        else:
            units.append([start, end])
        prev_open = not _ends_terminal(stripped) and not _BULLET.match(stripped)
    return [(s, e) for s, e in units]


def _is_abbreviation(paragraph: str, stop_start: int, data: _Compiled) -> tuple[bool, bool]:
    """(is the word before a '.' at ``stop_start`` an abbreviation, may it end a sentence)."""
    if paragraph[stop_start] != ".":
        return False, False
    m = _WORD_BEFORE.search(paragraph, max(0, stop_start - 14), stop_start + 1)
    if not m:
        return False, False
    word = m.group(1).strip(".").casefold()
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "U." of "U.S."
        return True, False
    if word in data.abbreviations:
        return True, word in data.final_abbreviations
    return False, False


def _sentence_ends(paragraph: str, data: _Compiled, skip: int = 0) -> list[int]:
    """Offsets (within the paragraph) just after each sentence stop at or after ``skip``."""
    ends: list[int] = []
    inside = False
    opened = 0
    for m in _EVENTS.finditer(paragraph, timeout=REGEX_TIMEOUT):
        # each group of _EVENTS is the whole match (numbered access: names cost more)
        if m.lastgroup == "quote":
            q = m.group()
            if q == "“":
                inside, opened = True, m.start()
            elif q == "”":
                inside = False
            else:
                inside = not inside
                opened = m.start()
            continue
        stop = m.group()
        if m.start() < skip:  # the "1." of a numbered item
            continue
        for ch in stop:
            if ch == "”" or (ch == '"' and inside):
                inside = False
        if inside and m.start() - opened > _QUOTE_RESET:
            inside = False
        if inside:
            continue
        if stop[0] in "。！？；":
            ends.append(m.end())
            continue
        nxt = _NEXT.match(paragraph, m.end())
        first = nxt.group(1) if nxt else ""
        if not first:
            ends.append(m.end())
            continue
        if first.islower():
            continue
        abbr, may_end = _is_abbreviation(paragraph, m.start(), data)
        if abbr:
            word = nxt.group(0).strip().casefold() if nxt else ""
            if not (may_end and word in _STARTERS):
                continue
        ends.append(m.end())
    return ends


def _line_kind(line: str, data: _Compiled) -> SegmentKind | None:
    for kind, pattern in data.line_kinds:
        if pattern.search(line, timeout=REGEX_TIMEOUT):
            return kind
    return None


def segment(text: str) -> list[Segment]:
    """Cut ``text`` into segments (sentences, headings, bullets, source lines, bylines,
    datelines), in text order, with exact offsets.

    >>> text = "WUHAN, May 6 (Xinhua) -- The U.S. plan grew 1.5 times. It ends."
    >>> [(s.kind, text[s.start:s.end]) for s in segment(text)]
    [('dateline', 'WUHAN, May 6 (Xinhua) --'), ('sentence', 'The U.S. plan grew 1.5 times.'), ('sentence', 'It ends.')]
    """
    data = _data()
    out: list[Segment] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        para = text[p_start:p_end]
        # one call tries the line kinds, then the datelines: the first branch that matches is
        # the first line kind that matches, or else the first dateline that matches
        joined = data.heads_joined
        hm = joined.match(para, timeout=REGEX_TIMEOUT) if joined is not None else None
        branch = _branch(hm) if hm is not None else -1
        lines = len(data.line_kinds)
        exact = joined is not None and (hm is None or branch >= 0)
        if not exact:
            kind = _line_kind(para, data)
        else:
            kind = data.line_kinds[branch][0] if 0 <= branch < lines else None
        if kind is not None:
            out.append(Segment(p_start, p_end, kind, number))
            continue
        offset = 0
        dm = hm if exact and branch >= lines else None
        # a dateline that takes the whole paragraph does not count: then (and without the
        # joined pattern) each dateline is tried in turn
        datelines: list[regex.Pattern[str]] = data.datelines
        if exact and (dm is None or dm.end() < len(para)):
            datelines = []
            if dm is not None:
                head = dm.group().rstrip()
                out.append(Segment(p_start, p_start + len(head), "dateline", number))
                offset = dm.end()
        for pattern in datelines:
            m = pattern.match(para, timeout=REGEX_TIMEOUT)
            if m and m.end() < len(para):
                head = m.group().rstrip()
                out.append(Segment(p_start, p_start + len(head), "dateline", number))
                offset = m.end()
                break
        body = para[offset:]
        marker = _BULLET.match(body)
        ends = _sentence_ends(body, data, marker.end() if marker else 0)
        if not ends and not _ends_terminal(body) and len(body) <= 200 and offset == 0:
            out.append(Segment(p_start, p_end, "heading", number))
            continue
        bullet = marker is not None
        last = 0
        for end in [*ends, len(body)]:
            piece = body[last:end]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                s = p_start + offset + last + lead
                k: SegmentKind = "bullet" if bullet and last == 0 else "sentence"
                out.append(Segment(s, s + len(stripped), k, number))
            last = end
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every segment, in text order (a shortcut over :func:`segment`)."""
    return [(s.start, s.end) for s in segment(text)]
