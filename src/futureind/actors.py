"""Actors: jurisdictions, government bodies, organisations and people with their roles.

How :func:`find_actors` reads a document (rules and vocabularies in ``data/actors/``):

1. Page furniture is set aside: bylines, source lines and datelines (the text layer's
   segment kinds) and lines ``rules.toml`` names (``By NAME (Outlet)``, ``Updated: ...``).
2. Candidates: gazetteer names (countries from pycountry, places, bodies — with the names
   nested inside them), organisation shapes ("X University", "Key Laboratory of X of the
   Y", "Ministry of X", "X Co., Ltd."), governments of places ("the Beijing municipal
   government"), governments named by demonym ("the British government"), coordinated
   lists ("the Haidian, Chaoyang and Tongzhou Economic Development Zones") and blocks
   (venues, regions, plan names) that hide what they contain.
3. Overlaps resolve longest-first; inside an organisation's name the organisations it names
   are kept ("Chinese Academy of Sciences" in "Key Laboratory of ... of the Chinese Academy
   of Sciences"), places are not ("Beijing" in "Beijing University of ...").
4. A place right after a venue or an event held there, or inside a quoted title, is no
   actor. Short forms ("the Commission") count once the full name was given; an
   abbreviation in brackets after a name ("(PCAST)") becomes an alias found everywhere.
5. People come from appositives, titles before names and verbs of speaking
   (:mod:`futureind._people`); their roles' organisations resolve to actors; later short
   mentions ("Zhang said") merge with the full name.

:func:`issuer_for` names the actor that sets what a sentence states.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ._actor_data import (
    ActorData,
    Entity,
    WordStarts,
    _compile,
    actor_data,
    expand,
    leading_words,
    squash,
    word_starts,
)
from ._people import PersonFind, family_name, find_people
from ._zh_actors import zh_names
from .document import Document
from .engine import REGEX_TIMEOUT, Match, resolve_overlaps
from .models import Actor, ActorKind, Role, Span

__all__ = ["ActorResult", "find_actors", "issuer_for"]

_EXCLUDED_KINDS = frozenset({"byline", "source", "dateline"})
_ORG_KINDS = frozenset({"organization", "government_body"})
_PAREN = regex.compile(r"[ \t]{0,2}[(（][ \t]{0,2}(?P<abbr>[^()（）\n]{1,60}?)[ \t]{0,2}[)）]")
_QUOTED = regex.compile(r"[\"“](?P<q>[^\"“”\n]{3,200})[\"”]")
_ACRONYM = regex.compile(r"[\p{Lu}\p{N}.&\-]{2,8}\Z")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")
_PLACE_SUFFIX = regex.compile(
    r"[ \t]{1,2}(?:City|city|Municipality|municipality|Province|province)(?![\p{L}\p{N}])"
)
_STATE_AFTER = regex.compile(r"[ \t]+[Ss]tate\b")
_CURRENCY_AFTER = regex.compile(r"(?:\$|[ \t]?(?:dollars?|cents?)\b)")
_SPACES = regex.compile(r"[\s\-]+")
_WS = regex.compile(r"\s+")
_BLANKS = regex.compile(r"[ \t\u00a0]+")
_DESCRIBED = regex.compile(r"[\p{L}\p{N}]+-(?:based|headquartered)")
_THE = regex.compile(r"^(?:the|The)\s+")
_ARTICLE = regex.compile(r"^(?:a|an|the|A|An|The)\s+")
_OF_CUT = regex.compile(r"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?")
_POSSESSIVE_CUT = regex.compile(r"(?<!\bPeople)['’]s[ \t]")  # "People's" belongs to the name
_SENTENCE_STOP = regex.compile(r"[.!?]\s")
_NUMERIC = regex.compile(r"[\d\s,.\-]+")
_LAST_WORD = regex.compile(r"[\p{L}\-]+\Z")


@dataclass
class ActorResult:
    """What :func:`find_actors` returns: the actors and where organisation names stand."""

    actors: list[Actor] = field(default_factory=list)
    organization_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    key: str  # "g<index>" gazetteer entity, "s:<name>" shape or list name
    kind: ActorKind | None  # None: a block (venue, region, plan name)
    rule: str
    type: str | None = None
    name: str | None = None
    aliases: tuple[str, ...] = ()
    keep_inside: bool = False
    priority: int = 1


@dataclass
class _Ent:
    key: str
    name: str
    kind: ActorKind
    type: str | None
    aliases: list[str]
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    media: bool = False
    gazetteer: bool = False


# --------------------------------------------------------------------------- candidates
_CHUNK = 20_000


def _chunks(text: str, size: int = _CHUNK) -> list[tuple[int, int]]:
    """Pieces of at most about ``size`` characters, cut at a line break or a space where
    possible, so that every pattern runs on a bounded piece (names do not cross lines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos < n:
        end = min(n, pos + size)
        if end < n:
            cut = text.rfind("\n", pos + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", pos + size // 2, end)
            if cut > pos:
                end = cut
        out.append((pos, end))
        pos = end
    return out


def _norm(name: str) -> str:
    text = name.replace("’", "'").casefold()
    text = _SPACES.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def _shape_key(name: str) -> str:
    return "s:" + _norm(name)


def _gazetteer_cands(
    text: str, data: ActorData, pos: int, end: int, starts: list[tuple[int, str, str]]
) -> list[_Cand]:
    out: list[_Cand] = []
    surnames = _surnames(data)

    def add(m: Match) -> None:
        ent: Entity = data.entities[m.value]
        first = text[m.start : m.start + 1]
        if first.islower() and not ent.allow_lower:
            return
        if _CURRENCY_AFTER.match(text, m.end):
            return
        if ent.type == "city" and _STATE_AFTER.match(text, m.end):
            return  # "Washington state", "New York State": the state, not the city
        surface = text[m.start : m.end]
        if _ACRONYM.match(surface) and _shouting(text, m.start, m.end):
            return
        if ent.type in ("city", "district") and " " not in surface:
            # "Zhang Yulin": a given name that is also a city's name
            prev = _PREV_WORD.search(text, max(0, m.start - 24), m.start)
            if prev and prev.group(1) in surnames:
                return
        end = m.end
        if ent.kind == "jurisdiction" and ent.type not in ("country", "bloc"):
            suffix = _PLACE_SUFFIX.match(text, end)
            if suffix:
                end = suffix.end()
        out.append(_Cand(m.start, end, f"g{ent.index}", ent.kind, "gazetteer", ent.type))

    for m in data.phrases.finditer(text, pos, end, starts):
        add(m)
    return out


_PREV_WORD = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}{0,8})[ \t]\Z")


@lru_cache(maxsize=2)
def _surnames_of(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def _surnames(data: ActorData) -> frozenset[str]:
    return _surnames_of(tuple(data.rules.people.surnames))


def _shouting(text: str, start: int, end: int) -> bool:
    """Is the text around an acronym written in capitals (a headline in upper case)?"""
    lo = max(0, start - 40)
    hi = end + 40
    lo = max(lo, text.rfind("\n", lo, start) + 1, text.rfind("\r", lo, start) + 1)
    for brk in ("\n", "\r"):
        cut = text.find(brk, end, hi)
        if cut >= 0:
            hi = cut
    window = text[lo:hi]
    letters = [c for c in window if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _trim(text: str, start: int, end: int, data: ActorData) -> int:
    """Skip leading function words ("The", "According") and a place that only describes
    the name ("Beijing-based") of a shape match."""
    while True:
        m = _WORD.match(text, start, end)
        if m is None:
            return start
        if text.startswith(("-based", "-headquartered"), m.end()):
            m = _DESCRIBED.match(text, start, end) or m  # "Beijing-based": skipped
        elif m.group() not in data.leading_stopwords:
            return start
        nxt = _BLANKS.match(text, m.end(), end)
        if not nxt:
            return start
        start = nxt.end()


def _classify(
    data: ActorData, m: regex.Match[str], start: int
) -> tuple[ActorKind, str | None] | None:
    """Kind and type of a shape match (``start``: after trimming), or None when the head
    word lacks the name it needs ("University" alone, "Center of X")."""
    head = m.group("head")
    has_pre = m.start("head") > start and m.group("pre") is not None
    has_post = m.group("post") is not None
    rule = data.head_rule(head)
    if rule is None:
        return None
    ok = {
        "before": has_pre,
        "after": has_post,
        "either": has_pre or has_post,
        "both": has_pre and has_post,
    }[rule.need]
    return (rule.kind, rule.type) if ok else None


_WINDOW = 200  # a name before or after its head word is shorter than this


def _windows(text: str, cue: regex.Pattern[str], pos: int, end: int) -> list[tuple[int, int]]:
    """Pieces of ``text[pos:end]`` around each ``cue`` (a head word, "government"): the only
    places where a pattern that contains the cue can match."""
    windows: list[tuple[int, int]] = []
    for h in _cue_starts(cue).finditer(cue, text, pos, end):
        start = max(pos, h.start() - _WINDOW)
        line = text.rfind("\n", start, h.start())
        if line >= 0:
            start = line + 1
        stop = min(end, h.end() + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(stop, windows[-1][1]))
        else:
            windows.append((start, stop))
    return windows


@lru_cache(maxsize=16)
def _cue_starts(cue: regex.Pattern[str]) -> WordStarts:
    """Where ``cue`` can start: a word its matches start with (everywhere when not told)."""
    return WordStarts(leading_words(cue) or ())


def _shape_cands(text: str, data: ActorData, pos: int, end: int) -> list[_Cand]:
    out: list[_Cand] = []
    matches = (
        m
        for w_start, w_end in _windows(text, data.head_finder, pos, end)
        for m in data.shape.finditer(text, w_start, w_end, timeout=REGEX_TIMEOUT)
    )
    for m in matches:
        start = _trim(text, m.start(), m.end(), data)
        lead = data.title_lead.match(text, start, m.start("head"), timeout=REGEX_TIMEOUT)
        if lead is not None:
            start = lead.end()  # "Executive Chair of the Biotechnology ... Council"
        found = _classify(data, m, start)
        if found is None:
            continue
        if data.planned.search(
            text, max(0, start - 60), start, timeout=REGEX_TIMEOUT
        ) or data.plan_after.match(text, m.end(), timeout=REGEX_TIMEOUT):
            # a name being made is part of a plan: it hides the places it names
            out.append(_Cand(start, m.end(), "block", None, "planned"))
            continue
        name = text[start : m.end()]
        out.append(_Cand(start, m.end(), _shape_key(name), found[0], "shape", found[1], name=name))
    return out


def _inner_names(text: str, outer: _Cand, data: ActorData) -> list[_Cand]:
    """Organisations named inside a longer name: the shortest name after "of (the)" ("Chinese
    Academy of Sciences" in "Key Laboratory of ... of the Chinese Academy of Sciences") and
    the name before "'s" ("Department of Energy" in "Department of Energy's Office of
    Science")."""
    out: list[_Cand] = []
    inner = text[outer.start : outer.end]
    tails = [outer.start + m.end() for m in _OF_CUT.finditer(inner)]
    heads = [outer.start + m.start() for m in _POSSESSIVE_CUT.finditer(inner)]
    for s, e in [*((t, outer.end) for t in reversed(tails)), *((outer.start, h) for h in heads)]:
        found = _known_name(text, s, e, data)
        if found is not None:
            out.append(found)
            if e == outer.end:
                break
    return out


def _known_name(text: str, s: int, e: int, data: ActorData) -> _Cand | None:
    """``text[s:e]`` as an organisation's name: a gazetteer form or a whole shape."""
    if e - s < 4:
        return None
    idx = data.form_index.get(squash(text[s:e]).casefold())
    if idx is not None:
        ent = data.entities[idx]
        return _Cand(s, e, f"g{idx}", ent.kind, "nested") if ent.kind in _ORG_KINDS else None
    m = data.shape.fullmatch(text, s, e, timeout=REGEX_TIMEOUT)
    found = _classify(data, m, s) if m else None
    if m and found and found[0] in _ORG_KINDS:
        name = text[s:e]
        return _Cand(s, e, _shape_key(name), found[0], "nested", name=name)
    return None


def _place_entity(text: str, start: int, end: int, data: ActorData) -> int | None:
    idx = data.form_index.get(squash(text[start:end]).casefold())
    if idx is None or data.entities[idx].kind != "jurisdiction":
        return None
    return idx


def _government_cands(text: str, data: ActorData, pos: int, end: int) -> list[_Cand]:
    out: list[_Cand] = []
    # the rules share their cue ("government"): its windows are found once
    windows: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for _rule, _pattern, cue in data.governments:
        if (cue.pattern, cue.flags) not in windows:
            windows[cue.pattern, cue.flags] = _windows(text, cue, pos, end)
    found = (
        (rule, m)
        for rule, pattern, cue in data.governments
        for w_start, w_end in windows[cue.pattern, cue.flags]
        for m in pattern.finditer(text, w_start, w_end, timeout=REGEX_TIMEOUT)
    )
    for rule, m in found:
        if m.group("place") is None:
            continue
        s, e = m.span("place")
        s = _trim(text, s, e, data)
        idx = _place_entity(text, s, e, data)
        if idx is None:
            level = m.groupdict().get("level")
            jtype = rule.unknown_types.get(level.casefold()) if level else None
            if jtype is not None and s < e:
                name = text[s:e]
                out.append(
                    _Cand(s, e, _shape_key(name), "jurisdiction", rule.name, jtype, name=name)
                )
            continue
        ent = data.entities[idx]
        out.append(_Cand(s, e, f"g{idx}", "jurisdiction", rule.name, ent.type, keep_inside=True))
    return out


def _demonym_cands(text: str, data: ActorData, pos: int, end: int) -> list[_Cand]:
    out: list[_Cand] = []
    if data.demonym_pattern is None:
        return out
    for m in data.demonym_pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT):
        idx = data.demonyms.get(m.group("demonym"))
        if idx is None:
            continue
        ent = data.entities[idx]
        out.append(
            _Cand(m.start("demonym"), m.end("demonym"), f"g{idx}", ent.kind, "demonym", ent.type)
        )
    return out


def _block_cands(
    text: str, data: ActorData, pos: int, end: int, starts: list[tuple[int, str, str]]
) -> list[_Cand]:
    return [
        _Cand(m.start, m.end, "block", None, "block")
        for m in data.blocks.finditer(text, pos, end, starts)
    ]


def _list_cands(
    text: str, data: ActorData, pos: int, end: int
) -> tuple[list[_Cand], list[tuple[int, int]]]:
    out: list[_Cand] = []
    spans: list[tuple[int, int]] = []
    item = _item_pattern(expand("{item}", data.fragments, "item"))
    found = (
        (rule, m)
        for rule, pattern, cue in data.lists
        for w_start, w_end in _windows(text, cue, pos, end)
        for m in pattern.finditer(text, w_start, w_end, timeout=REGEX_TIMEOUT)
    )
    for rule, m in found:
        if True:
            kind_word = _WS.sub(" ", m.group("kind"))
            low = kind_word.casefold()
            jtype = rule.types.get(low, rule.type)
            items = [
                (i.start(), i.end())
                for i in item.finditer(text, m.start("items"), m.end("items"))
                if i.group() not in ("and",)
            ]
            items = [(s, e) for s, e in items if text[s:e] not in data.leading_stopwords]
            if len(items) < 2:
                continue
            spans.append((m.start(), m.end()))
            for s, e in items:
                word = text[s:e]
                idx = _place_entity(text, s, e, data)
                if rule.singular:
                    suffix = kind_word[:-1] if kind_word.endswith("s") else kind_word
                    name = f"{word} {suffix}"
                    aliases: tuple[str, ...] = ()
                else:
                    name = word
                    extra = rule.alias_suffix.get(low)
                    aliases = (f"{word} {extra}",) if extra else ()
                if idx is not None:
                    out.append(
                        _Cand(
                            s,
                            e,
                            f"g{idx}",
                            "jurisdiction",
                            rule.name,
                            data.entities[idx].type,
                            aliases=(name, *aliases) if name != word else aliases,
                            priority=3,
                        )
                    )
                else:
                    out.append(
                        _Cand(
                            s,
                            e,
                            _shape_key(name),
                            "jurisdiction",
                            rule.name,
                            jtype,
                            name=name,
                            aliases=aliases,
                            priority=3,
                        )
                    )
    return out, spans


@lru_cache(maxsize=4)
def _item_pattern(item: str) -> regex.Pattern[str]:
    return regex.compile(item)


_OF_BEFORE = regex.compile(r"(?:of|for)[ \t]+(?:the[ \t]+)?\Z")
_POSSESSIVE_AFTER = regex.compile(r"['’]s\b")


def _split_runs(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Drop shape names that run over a gazetteer organisation other than as its parent
    ("Beijing University of Posts and Telecommunications and Peking University" is two
    names; "Key Laboratory of ... of the Chinese Academy of Sciences" keeps its parent)."""
    known = sorted(
        (c.start, c.end) for c in cands if c.rule == "gazetteer" and c.kind in _ORG_KINDS
    )
    if not known:
        return cands
    starts = [s for s, _ in known]
    out: list[_Cand] = []
    for c in cands:
        if c.rule == "shape" and c.kind in _ORG_KINDS:
            i = bisect.bisect_left(starts, c.start)
            crossing = False
            while i < len(known) and known[i][0] < c.end:
                s, e = known[i]
                i += 1
                if (s, e) == (c.start, c.end) or e > c.end:
                    continue
                tail = e == c.end and _OF_BEFORE.search(text, c.start, s)
                head = s == c.start and _POSSESSIVE_AFTER.match(text, e)
                # one word at the end is the shape's own head word ("... People's Congress")
                own_head = e == c.end and " " not in text[s:e]
                # a known name that the shape continues with "and ..." (the connector
                # allowed it: no other head follows): "Department of Commerce and Economic
                # Opportunity" is one name
                joined = s == c.start and text.startswith((" and ", " & "), e)
                if not (tail or head or own_head or joined):
                    crossing = True
                    break
            if crossing:
                continue
        out.append(c)
    return out


def _excluded_ranges(doc: Document, data: ActorData) -> list[tuple[int, int]]:
    ranges = [(s.start, s.end) for s in doc.segments if s.kind in _EXCLUDED_KINDS]
    for pattern in data.excluded_lines:
        for m in (
            m
            for pos, end in _chunks(doc.text)
            for m in pattern.finditer(doc.text, pos, end, timeout=REGEX_TIMEOUT)
        ):
            line_start = doc.text.rfind("\n", 0, m.start()) + 1
            line_end = doc.text.find("\n", m.end())
            ranges.append((line_start, len(doc.text) if line_end < 0 else line_end))
    for pattern in data.excluded_prefixes:
        for pos, end in _chunks(doc.text):
            for m in pattern.finditer(doc.text, pos, end, timeout=REGEX_TIMEOUT):
                ranges.append((m.start(), m.end()))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for s, e in ranges:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


class _Ranges:
    """Sorted, non-overlapping ranges with fast overlap / containment tests."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [s for s, _ in self.ranges]
        self.max_end: list[int] = []
        best = -1
        for _, e in self.ranges:
            best = max(best, e)
            self.max_end.append(best)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0 and self.max_end[i] > start:
            s, e = self.ranges[i]
            if s < end and start < e:
                return True
            i -= 1
        return False

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        while i >= 0 and self.max_end[i] >= end:
            s, e = self.ranges[i]
            if s <= start and end <= e:
                return True
            i -= 1
        return False


_SMALL_WORDS = frozenset(
    {"of", "the", "and", "for", "on", "in", "to", "a", "an", "with", "by", "at", "as", "or"}
)


_ISSUED_BY_LINE = regex.compile(
    r"\W{0,3}(?:(?:jointly|officially)[ \t]+)?(?:(?:issued|released|published|promulgated|"
    r"compiled|prepared|formulated)[ \t]+by|(?:delivered|adopted|approved|presented)[ \t]+"
    r"(?:at|by|to))\b",
    regex.IGNORECASE,
)


def _title_case_headings(doc: Document) -> list[tuple[int, int]]:
    """A headline written in title case ("Shanghai Plans Tech Center For Future Industries"):
    every word is capitalised there, so names cannot be told by their shape. A line that
    says who issued or heard the document ("Issued by the General Office of ...", "Delivered at
    the Second Session of ...") is no headline: its capitals are names."""
    out: list[tuple[int, int]] = []
    # the headline: among the first headings (counted as headings, so that a lead sentence
    # before them does not change what is a headline)
    headings = [seg for seg in doc.segments if seg.kind == "heading"][:3]
    for seg in headings:
        if seg.end - seg.start > 300 or _ISSUED_BY_LINE.match(doc.text, seg.start, seg.end):
            continue
        words = [w for w in doc.text[seg.start : seg.end].split() if w[:1].isalpha()]
        content = [w for w in words if w.casefold() not in _SMALL_WORDS]
        if len(content) >= 4 and sum(w[:1].isupper() for w in content) >= 0.8 * len(content):
            out.append((seg.start, seg.end))
    return out


def _title_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted titles ("The United States Will Dominate Future Industries"): places in them
    are part of a name."""
    out: list[tuple[int, int]] = []
    for m in (
        m
        for pos, end in _chunks(text)
        for m in _QUOTED.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
    ):
        q = m.group("q").strip()
        words = [w for w in q.split() if w[:1].isalpha()]
        if not words or len(words) > 24 or not q[:1].isupper():
            continue
        body = q.rstrip(".")
        if _SENTENCE_STOP.search(body):
            continue
        small = {"of", "the", "and", "for", "on", "in", "to", "a", "an", "with", "by", "at"}
        content = [w for w in words if w.casefold() not in small]
        if content and sum(w[:1].isupper() for w in content) >= 0.6 * len(content):
            out.append((m.start("q"), m.end("q")))
    return out


# --------------------------------------------------------------------------- find_actors
def find_actors(doc: Document) -> ActorResult:
    """Actors of ``doc`` (one per real-world entity, in order of first mention) and the
    spans of every organisation / government-body name.

    >>> from futureind.pipeline import extract
    >>> text = "Guo Ming, deputy director of the Chinese Academy of Sciences, said the EU acts."
    >>> [(a.name, a.kind) for a in extract(text).actors]
    [('Guo Ming', 'person'), ('Chinese Academy of Sciences', 'organization'), ('European Union', 'jurisdiction')]
    """
    text = doc.text
    if not text.strip():
        return ActorResult()
    data = actor_data()
    excluded = _Ranges(_excluded_ranges(doc, data))

    chunks = _chunks(text)
    lists: list[_Cand] = []
    list_spans: list[tuple[int, int]] = []
    raw: list[_Cand] = []
    chunk_starts: list[list[tuple[int, str, str]]] = []
    for pos, end in chunks:
        starts = word_starts(text, pos, end)
        chunk_starts.append(starts)
        found, spans = _list_cands(text, data, pos, end)
        lists += found
        list_spans += spans
        raw += _gazetteer_cands(text, data, pos, end, starts)
        raw += _shape_cands(text, data, pos, end)
        raw += _government_cands(text, data, pos, end)
        raw += _demonym_cands(text, data, pos, end)
        raw += _block_cands(text, data, pos, end, starts)
        raw += [
            _Cand(n.start, n.end, _shape_key(text[n.start : n.end]), n.kind, "zh_shape")
            for n in zh_names(text, pos, end, data)
        ]
    listed = _Ranges(list_spans)
    raw = _split_runs(text, raw)
    titled = _Ranges(_title_case_headings(doc))
    untrusted = [c for c in raw if c.rule == "shape" and titled.overlaps(c.start, c.end)]
    if untrusted:
        # a shape in a title-case heading is no evidence, and neither is its own head word
        # read alone ("... People's Congress" is not the US "Congress")
        heads = {(c.end, text.rfind(" ", c.start, c.end) + 1) for c in untrusted}
        raw = [
            c
            for c in raw
            if not (c.rule == "shape" and titled.overlaps(c.start, c.end))
            and not (c.rule == "gazetteer" and (c.end, c.start) in heads)
        ]
    cands = [c for c in raw if not listed.overlaps(c.start, c.end)] + lists
    cands = [c for c in cands if not excluded.overlaps(c.start, c.end)]

    # overlaps: longest first; organisations keep the organisations named inside them
    matches = [Match(c.start, c.end, c.rule, i, c.priority) for i, c in enumerate(cands)]
    top = [cands[m.value] for m in resolve_overlaps(matches)]
    kept: list[_Cand] = []
    for c in top:
        if c.kind is None:
            continue
        kept.append(c)
    inner: list[_Cand] = []
    top_ranges = _Ranges((c.start, c.end) for c in kept if c.kind in _ORG_KINDS or c.type == "zone")
    kept_ids = {id(c) for c in kept}
    nested_pool = [
        c
        for c in cands
        if c.kind is not None
        and id(c) not in kept_ids
        and c.keep_inside
        and top_ranges.contains(c.start, c.end)
    ]
    redirect: dict[str, str] = {}  # short form of a nested name -> the full name
    for c in kept:
        if c.kind in _ORG_KINDS:
            nested = _inner_names(text, c, data)
            nested_pool.extend(nested)
            for t in nested:
                cut = _OF_BEFORE.search(text, c.start, t.start) if t.end == c.end else None
                if cut is not None and c.rule == "shape":
                    # "Key Laboratory of Quantum Information" for "... of the Chinese Academy"
                    head = text[c.start : cut.start()].rstrip()
                    if " " in head:
                        c.aliases = (*c.aliases, _WS.sub(" ", head))
                        redirect.setdefault(_shape_key(head), c.key)
    if nested_pool:
        im = [Match(c.start, c.end, c.rule, i, c.priority) for i, c in enumerate(nested_pool)]
        inner = [nested_pool[m.value] for m in resolve_overlaps(im)]
        kept_spans = {(k.start, k.end) for k in kept}
        inner = [c for c in inner if (c.start, c.end) not in kept_spans]

    # venues: "the Great Hall of the People in Beijing", "a meeting held in Beijing"
    venue_after = {
        tail.end()
        for c in top
        if c.kind is None and (tail := data.venue_tail.match(text, c.end, timeout=REGEX_TIMEOUT))
    }
    quotes = _Ranges(_title_quotes(text))

    def is_venue(c: _Cand) -> bool:
        if c.key.startswith("g") and data.entities[int(c.key[1:])].media:
            # "told the Global Times": the outlet carries the words, it is no source
            window_start = max(0, c.start - 40)
            told = data.media_before.search(text, window_start, c.start, timeout=REGEX_TIMEOUT)
            return told is not None
        if c.kind != "jurisdiction" or c.rule == "demonym":
            return False
        if c.start in venue_after:
            return True
        if data.descriptor_after.match(text, c.end, timeout=REGEX_TIMEOUT):
            return True  # "Beijing-based", "the Colorado institute", "a Hangzhou forum"
        window_start = max(0, c.start - 90)
        return bool(data.venue_before.search(text, window_start, c.start, timeout=REGEX_TIMEOUT))

    mentions = [
        c
        for c in kept + inner
        if not is_venue(c) and not (c.kind == "jurisdiction" and quotes.contains(c.start, c.end))
    ]
    mentions.sort(key=lambda c: (c.start, c.end))

    # short forms that count once the full name was given ("the Commission")
    named_at: dict[str, int] = {}
    for c in mentions:
        named_at.setdefault(c.key, c.start)
    if data.context is not None:
        occupied = _Ranges((c.start, c.end) for c in cands)
        context_hits = (
            m
            for (pos, end), starts in zip(chunks, chunk_starts, strict=True)
            for m in data.context.finditer(text, pos, end, starts)
        )
        for m in context_hits:
            key = f"g{m.value}"
            if (
                key in named_at
                and named_at[key] < m.start
                and not occupied.overlaps(m.start, m.end)
                and not excluded.overlaps(m.start, m.end)
            ):
                ent = data.entities[m.value]
                mentions.append(_Cand(m.start, m.end, key, ent.kind, "context", ent.type))
    mentions.sort(key=lambda c: (c.start, c.end))

    entities: dict[str, _Ent] = {}

    def entity_for(c: _Cand) -> _Ent:
        ent = entities.get(c.key)
        if ent is None:
            if c.key.startswith("g"):
                g = data.entities[int(c.key[1:])]
                ent = _Ent(
                    c.key, g.name, g.kind, g.type, list(g.aliases), media=g.media, gazetteer=True
                )
            else:
                name = c.name or text[c.start : c.end]
                ent = _Ent(c.key, name, c.kind or "organization", c.type, [])
            entities[c.key] = ent
        return ent

    for c in mentions:
        if c.key in redirect and redirect[c.key] != c.key:
            c.key = redirect[c.key]
        ent = entity_for(c)
        ent.mentions.append((c.start, c.end, c.rule))
        for alias in c.aliases:
            if alias not in ent.aliases:
                ent.aliases.append(alias)

    # abbreviations in brackets after a name: "(PCAST)", "(Hefei High-tech Zone)"
    dynamic: dict[str, str] = {}
    for c in list(mentions):
        if c.kind is None or c.rule == "demonym":
            continue
        pm = _PAREN.match(text, c.end)
        if not pm:
            continue
        abbr = pm.group("abbr").strip()
        s = pm.start("abbr")
        e = s + len(abbr)
        if not abbr[:1].isupper() or len(abbr.split()) > 8 or _NUMERIC.fullmatch(abbr):
            continue
        others = [o for o in mentions if o.start < e and s < o.end]
        if any(o.key != c.key for o in others):
            continue
        ent = entities[c.key]
        if abbr != ent.name and abbr not in ent.aliases:
            ent.aliases.append(abbr)
        if not others:
            ent.mentions.append((s, e, "abbreviation"))
        if " " not in abbr or len(abbr) >= 6:
            dynamic.setdefault(abbr, c.key)
    if dynamic:
        seen_spans = _Ranges(
            [(c.start, c.end) for c in mentions]
            + [(s, e) for ent in entities.values() for s, e, _ in ent.mentions]
        )
        pattern = _compile(
            r"(?<![\p{L}\p{N}])\L<abbrs>(?![\p{L}\p{N}])", "abbreviations", abbrs=list(dynamic)
        )
        abbrs = WordStarts(dynamic)
        # the pattern lets any separator stand between words ("Li Wenhua" finds "Li-Wenhua")
        dynamic_by_form = {squash(k): v for k, v in dynamic.items()}
        for dm in (dm for pos, end in chunks for dm in abbrs.finditer(pattern, text, pos, end)):
            if seen_spans.overlaps(dm.start(), dm.end()) or excluded.overlaps(dm.start(), dm.end()):
                continue
            abbr_key = dynamic.get(dm.group()) or dynamic_by_form.get(squash(dm.group()))
            if abbr_key is None:
                continue
            entities[abbr_key].mentions.append((dm.start(), dm.end(), "abbreviation"))

    # people
    name_spans = sorted({(c.start, c.end) for c in mentions} | {(c.start, c.end) for c in kept})
    name_ranges = _Ranges(name_spans)
    block_ranges = _Ranges((c.start, c.end) for c in top)
    by_end: dict[int, _Cand] = {}
    for c in mentions:
        by_end.setdefault(c.end, c)

    def org_before(i: int) -> tuple[int, int] | None:
        j = i
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j >= 2 and text[j - 2 : j] in ("'s", "’s"):
            c = by_end.get(j - 2)
            return (c.start, c.end) if c else None
        c = by_end.get(j)
        if c is not None:
            return (c.start, c.end)
        w = _LAST_WORD.search(text, max(0, j - 30), j)
        if w and w.group() in data.demonyms:
            return (j - len(w.group()), j)
        return None

    seg_starts = [sg.start for sg in doc.segments]

    def limit_at(i: int) -> int:
        k = bisect.bisect_right(seg_starts, i) - 1
        return doc.segments[k].end if k >= 0 and doc.segments[k].end > i else i

    by_start: dict[int, _Cand] = {}
    for c in mentions:
        if c.kind in _ORG_KINDS or c.kind == "jurisdiction":
            by_start.setdefault(c.start, c)

    def org_after(i: int) -> tuple[int, int] | None:
        c = by_start.get(i)
        return (c.start, c.end) if c else None

    people = find_people(
        text, chunks, name_spans, block_ranges.overlaps, org_before, data, limit_at, org_after
    )
    _add_people(text, people, entities, mentions, name_ranges, excluded, data)

    actors: list[Actor] = []
    org_spans: list[tuple[int, int]] = []
    ordered = sorted(entities.values(), key=lambda e: min(m[0] for m in e.mentions))
    for ent in ordered:
        unique: dict[tuple[int, int], str] = {}
        for s, e, rule in sorted(ent.mentions):
            unique.setdefault((s, e), rule)
        ment = [(s, e, rule) for (s, e), rule in unique.items()]
        forms: list[str] = []
        for s, e, _rule in ment:
            form = text[s:e]
            if ent.kind != "person" and _rule == "demonym":
                continue
            form = _WS.sub(" ", form).strip()
            if form and form != ent.name and form not in forms:
                forms.append(form)
        aliases = [a for a in [*ent.aliases, *forms] if a != ent.name]
        aliases = list(dict.fromkeys(aliases))
        actors.append(
            Actor(
                name=ent.name,
                kind=ent.kind,
                aliases=aliases,
                roles=ent.roles if ent.kind == "person" else [],
                mentions=[Span.of(text, s, e, rule) for s, e, rule in ment],
            )
        )
        if ent.kind in _ORG_KINDS:
            org_spans.extend((s, e) for s, e, _ in ment)
    return ActorResult(actors=actors, organization_spans=sorted(set(org_spans)))


def _add_people(
    text: str,
    people: list[PersonFind],
    entities: dict[str, _Ent],
    mentions: list[_Cand],
    name_ranges: _Ranges,
    excluded: _Ranges,
    data: ActorData,
) -> None:
    """Merge person finds into entities (full names first) and resolve role organisations."""
    persons: dict[str, _Ent] = {}
    last_of_family: dict[str, str] = {}  # family name -> key of the person seen last

    starts = [c.start for c in mentions]

    role_mentions: set[tuple[int, str]] = set()

    def resolve_org(s: int, e: int) -> str | None:
        i = bisect.bisect_left(starts, s)
        inside = []
        while i < len(mentions) and mentions[i].start < e:
            c = mentions[i]
            if c.end <= e + 2 and c.kind is not None:
                inside.append(c)
            i += 1
        if inside:
            best = max(inside, key=lambda c: c.end - c.start)
            if (min(best.end, e) - best.start) * 2 >= (e - s):
                return entities[best.key].name
        org = _THE.sub("", _WS.sub(" ", text[s:e]).strip())
        if not org:
            return None
        key = _shape_key(org)
        ent = entities.get(key)
        if ent is None:
            # its kind from its head word when it has the shape of a name ("Lingnan Province")
            shaped = data.shape.fullmatch(org, timeout=REGEX_TIMEOUT)
            found = _classify(data, shaped, 0) if shaped is not None else None
            if found is None and data.head_rule(org) is not None:
                return None  # a head word alone ("the Commission's ...") that names nobody
            kind, jtype = found if found is not None else ("organization", None)
            ent = _Ent(key, org, kind, jtype, [])
            entities[key] = ent
        if (s, key) not in role_mentions:
            role_mentions.add((s, key))
            ent.mentions.append((s, e, "role_organization"))
        return ent.name

    def roles_of(p: PersonFind) -> list[Role]:
        out: list[Role] = []
        for r in p.roles:
            title = _ARTICLE.sub("", _WS.sub(" ", r.title).strip())
            org: str | None = None
            if r.org_entity is not None:
                g = data.entities[r.org_entity]
                org = g.name
                key = f"g{r.org_entity}"
                ent = entities.get(key)
                if ent is None:
                    ent = _Ent(
                        key, g.name, g.kind, g.type, list(g.aliases), media=g.media, gazetteer=True
                    )
                    entities[key] = ent
                    ent.mentions.append((p.start, p.start, "demonym"))
            elif r.org_start is not None and r.org_end is not None:
                org = resolve_org(r.org_start, r.org_end)
            out.append(Role(title=title, organization=org))
        return out

    def nearest(family: str, before: int) -> _Ent | None:
        # people are read in text order: the last one seen of that family is the nearest
        key = last_of_family.get(family)
        if key is not None and key in persons:
            return persons[key]
        for ent in persons.values():
            if family_name(ent.name) == family or ent.name == family:
                return ent
        return None

    for p in people:
        if excluded.overlaps(p.start, p.end):
            continue
        if p.short:
            ent = nearest(p.name, p.start)
            if ent is None:
                if p.rule not in ("person_title", "person_honorific"):
                    continue
                key = "p:" + p.name
                ent = persons.setdefault(key, _Ent(key, p.name, "person", None, []))
        else:
            key = "p:" + p.name
            ent = persons.get(key)
            if ent is None:
                short = persons.get("p:" + family_name(p.name))
                surname_first = p.name.split()[0] in data.rules.people.surnames
                if p.rule == "person_speech" and not surname_first and short is None:
                    # "According to Official Data": a verb of speaking alone does not make
                    # an unknown Western-order name a person
                    continue
                if short is not None and " " not in short.name:
                    # "President Trump" before "Donald Trump": one person, the fuller name
                    del persons[short.key]
                    short.aliases.append(short.name)
                    short.name, short.key = p.name, key
                    ent = short
                else:
                    ent = _Ent(key, p.name, "person", None, [])
                persons[key] = ent
        ent.mentions.append((p.start, p.end, p.rule))
        last_of_family[family_name(ent.name)] = ent.key
        last_of_family[ent.name] = ent.key
        for role in roles_of(p):
            if role not in ent.roles:
                ent.roles.append(role)

    # later mentions of full names anywhere ("Zhang Qiao pointed out" without a cue)
    full = {ent.name: ent for ent in persons.values() if " " in ent.name}
    person_starts = {(s, ent.key) for ent in persons.values() for s, _, _ in ent.mentions}
    if full:
        pattern = _compile(
            r"(?<![\p{L}\p{N}])\L<names>(?![\p{L}\p{N}])", "people", names=list(full)
        )
        names = WordStarts(full)
        # the pattern lets any separator stand between words ("Li Wenhua" finds "Li-Wenhua")
        full_by_form = {squash(name): ent for name, ent in full.items()}
        for m in (m for pos, end in _chunks(text) for m in names.finditer(pattern, text, pos, end)):
            found = full.get(m.group()) or full_by_form.get(squash(m.group()))
            if found is None:
                continue
            ent = found
            if (m.start(), ent.key) in person_starts:
                continue
            if name_ranges.overlaps(m.start(), m.end()) or excluded.overlaps(m.start(), m.end()):
                continue
            ent.mentions.append((m.start(), m.end(), "person_repeat"))
    for ent in persons.values():
        if ent.mentions:
            ent.mentions = [(s, e, r) for s, e, r in ent.mentions if e > s]
            entities[ent.key] = ent
    # demonym placeholders have empty spans: give them none
    for ent in entities.values():
        ent.mentions = [(s, e, r) for s, e, r in ent.mentions if e > s] or ent.mentions


# --------------------------------------------------------------------------- issuer_for
@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    name: str
    kind: ActorKind
    type: str | None
    titles: tuple[str, ...]
    governing: bool


@dataclass
class _Index:
    mentions: list[_Mention]
    starts: list[int]
    ends: list[int]
    by_end: list[int]  # start of the mention ending at ends[i]
    seg_starts: list[int]
    main: str | None
    anaphor: regex.Pattern[str] | None
    anaphor_types: dict[str, list[str]]
    not_subject: regex.Pattern[str]
    agent: regex.Pattern[str]
    # per anaphor type, the starts and names of the governing mentions it can stand for
    by_type: dict[str, tuple[list[int], list[str]]] = field(default_factory=dict)
    # what _pick found for (start, end, floor): targets and strategies ask about the same
    # clauses and sentences again and again
    picks: dict[tuple[int, int, int], str | None] = field(default_factory=dict)


_CACHE: dict[int, tuple[Document, int, _Index]] = {}
_MAIN_SEGMENTS = 2  # the headline and first sentence name the document's main issuer
_REACH = 600  # characters around a statement searched for its issuer


def _actor_type(actor: Actor, data: ActorData) -> str | None:
    if actor.kind != "jurisdiction":
        return None
    idx = data.form_index.get(actor.name.casefold())
    if idx is not None and data.entities[idx].type:
        return data.entities[idx].type
    low = actor.name.casefold()
    if low.endswith(("zone", "area", "park", "port", "city")):
        return "zone"
    if low.endswith(("district", "county")):
        return "district"
    return "city"


@lru_cache(maxsize=1)
def _issuer_rules() -> tuple[
    regex.Pattern[str] | None,
    dict[str, list[str]],
    regex.Pattern[str],
    regex.Pattern[str],
    regex.Pattern[str],
]:
    """Compiled issuer cues: anaphors (and their types), non-subject and agent words, verbs
    of releasing."""
    data = actor_data()
    issuer = data.rules.issuer
    types: dict[str, list[str]] = {}
    for a in data.rules.anaphor:
        for phrase in a.phrases:
            types.setdefault(phrase.casefold(), a.types)
    anaphor = (
        _compile(
            r"(?<![\p{L}\p{N}])(?i:\L<phrases>)(?![\p{L}\p{N}])", "anaphors", phrases=list(types)
        )
        if types
        else None
    )
    # both end in \Z and are only asked whether they match at the end of a window: compiled
    # to search in reverse, they try that end first (as ``venue_before`` does)
    not_subject = _compile(
        r"(?i:(?<![\p{L}\p{N}])(?:\L<words>))[ \t,]*(?i:(?:the|a|an)[ \t]+)?\Z",
        "issuer",
        regex.REVERSE,
        words=issuer.not_subject_before,
    )
    agent = _compile(
        r"(?i:(?<![\p{L}\p{N}])(?:\L<words>))[ \t]+(?:the[ \t]+)?\Z",
        "issuer",
        regex.REVERSE,
        words=issuer.agent_before,
    )
    release = _compile(
        r"(?i:(?<![\p{L}\p{N}])(?:\L<verbs>)(?![\p{L}\p{N}]))", "issuer", verbs=issuer.release_verbs
    )
    return anaphor, types, not_subject, agent, release


def _index(doc: Document) -> _Index:
    cached = _CACHE.get(id(doc))
    if cached is not None and cached[0] is doc and cached[1] == len(doc.actors):
        return cached[2]
    data = actor_data()
    media = {e.name for e in data.entities if e.media}
    mentions: list[_Mention] = []
    for actor in doc.actors:
        titles = tuple(r.title.casefold() for r in actor.roles)
        jtype = _actor_type(actor, data)
        governing = actor.name not in media
        for m in actor.mentions:
            mentions.append(
                _Mention(m.start, m.end, actor.name, actor.kind, jtype, titles, governing)
            )
    mentions.sort(key=lambda m: (m.start, m.end))
    anaphor, types, not_subject, agent, _release = _issuer_rules()
    pairs = sorted((m.end, m.start) for m in mentions)
    index = _Index(
        mentions,
        [m.start for m in mentions],
        [e for e, _ in pairs],
        [s for _, s in pairs],
        [sg.start for sg in doc.segments],
        None,
        anaphor,
        types,
        not_subject,
        agent,
    )
    index.main = _main_issuer(doc, index, data)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(doc)] = (doc, len(doc.actors), index)
    return index


def _in(index: _Index, start: int, end: int) -> list[_Mention]:
    i = bisect.bisect_left(index.starts, start)
    out = []
    while i < len(index.mentions) and index.mentions[i].start < end:
        if index.mentions[i].end <= end:
            out.append(index.mentions[i])
        i += 1
    return out


_CLAUSE_AND = regex.compile(r",[ \t]+(?:and|but|while)[ \t]+\Z")
_LIST_GLUE = regex.compile(r"(?:[ \t]*,)?[ \t]*(?:(?:and|or)[ \t]+)?(?:the[ \t]+)?\Z")


def _is_subject(text: str, start: int, index: _Index, floor: int) -> bool:
    """Is the name at ``start`` a subject, not the object of a preposition? A name in a list
    ("the districts of A, B and C") is what the list's first name is; a name in brackets
    ("... Opportunity (DCEO)") is another name's abbreviation."""
    if text[start - 1 : start] in ("(", "（"):
        return False
    for _ in range(20):
        window = text[max(floor, start - 40) : start]
        if index.not_subject.search(window, timeout=REGEX_TIMEOUT):
            conj = _CLAUSE_AND.search(window)
            if conj is None:
                return False
            # ", and X plans ...": after a word that ends no name, "and" starts a clause
            comma = start - (len(window) - conj.start())
            i = bisect.bisect_left(index.ends, comma)
            return not (i < len(index.ends) and index.ends[i] == comma)
        glue = _LIST_GLUE.search(window, timeout=REGEX_TIMEOUT)
        if glue is None or glue.start() == len(window):
            return True
        prev_end = start - (len(window) - glue.start())
        i = bisect.bisect_left(index.ends, prev_end)
        if i >= len(index.ends) or index.ends[i] != prev_end:
            return True
        start = index.by_end[i]
    return True


def _stands_for(t: str, m: _Mention) -> bool:
    """Can an anaphor of type ``t`` ("title:mayor", "government_body", "city") stand for ``m``?"""
    if not m.governing:
        return False
    if t.startswith("title:"):
        word = t[6:]
        return m.kind == "person" and any(word in title.split() for title in m.titles)
    if t == "government_body":
        return m.kind == "government_body"
    if t.startswith("named:"):
        return m.kind == "organization" and t[6:] in m.name.casefold().split()
    if t == "company":
        words = set(m.name.casefold().split())
        return m.kind == "organization" and words.isdisjoint(_not_company())
    return m.kind == "jurisdiction" and m.type == t


@lru_cache(maxsize=1)
def _not_company() -> frozenset[str]:
    return frozenset(w.casefold() for w in actor_data().rules.issuer.anaphor_not_company)


def _resolve_anaphor(index: _Index, phrase: str, before: int) -> str | None:
    """The nearest mention before ``before`` that the anaphor ``phrase`` can stand for
    (a bisection per type, so long documents do not walk back over every mention)."""
    best: tuple[int, str] | None = None
    for t in index.anaphor_types.get(phrase.casefold(), []):
        if t == "main":
            return index.main  # "we": the voice of the document, its main issuer
        table = index.by_type.get(t)
        if table is None:
            hits = [m for m in index.mentions if _stands_for(t, m)]
            table = index.by_type[t] = ([m.start for m in hits], [m.name for m in hits])
        i = bisect.bisect_left(table[0], before) - 1
        if i >= 0 and (best is None or table[0][i] > best[0]):
            best = (table[0][i], table[1][i])
    return best[1] if best is not None else None


def _pick(doc: Document, index: _Index, start: int, end: int, floor: int) -> str | None:
    """The issuing actor within ``[start, end)``: agent, subject, then anaphor (remembered
    per document)."""
    key = (start, end, floor)
    if key in index.picks:
        return index.picks[key]
    found = index.picks[key] = _pick_new(doc, index, start, end, floor)
    return found


def _pick_new(doc: Document, index: _Index, start: int, end: int, floor: int) -> str | None:
    text = doc.text
    found = [m for m in _in(index, start, end) if m.governing]
    for m in found:
        window = text[max(floor, m.start - 30) : m.start]
        if index.agent.search(window, timeout=REGEX_TIMEOUT) and m.kind != "person":
            return m.name
    subject = next((m for m in found if _is_subject(text, m.start, index, floor)), None)
    if index.anaphor is not None:
        # an anaphor before the first named subject is the subject ("We will support X ...")
        stop = subject.start if subject is not None else end
        for a in index.anaphor.finditer(text, start, stop, timeout=REGEX_TIMEOUT):
            if not _is_subject(text, a.start(), index, floor):
                continue
            if "main" in index.anaphor_types.get(a.group().casefold(), ()) and _quoted(
                text, floor, a.start()
            ):
                continue  # a quoted "we" speaks for the speaker, not for the document
            name = _resolve_anaphor(index, a.group(), a.start())
            if name:
                return name
    return subject.name if subject is not None else None


def _quoted(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened between ``start`` and ``pos``?"""
    before = text[start:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _main_issuer(doc: Document, index: _Index, data: ActorData) -> str | None:
    """The actor of the headline / first sentences that releases or plans something."""
    release = _issuer_rules()[4]
    seen = 0
    headline: str | None = None  # "Implementation Plan of Anhui Province for ..."
    for seg in doc.segments:
        if seg.kind in _EXCLUDED_KINDS:
            continue
        seg_end = min(seg.end, seg.start + 2 * _REACH)
        found = [m for m in _in(index, seg.start, seg_end) if m.governing]
        seen += 1
        verb = (
            release.search(doc.text, seg.start, seg_end, timeout=REGEX_TIMEOUT) if found else None
        )
        if verb is not None:
            agents = [
                m
                for m in found
                if m.kind != "person"
                and index.agent.search(
                    doc.text, max(seg.start, m.start - 30), m.start, timeout=REGEX_TIMEOUT
                )
            ]
            if agents:
                return agents[0].name  # "Issued by the Provincial Health Commission"
            subjects = [m for m in found if _is_subject(doc.text, m.start, index, seg.start)]
            if headline is not None and all(m.start > verb.start() for m in subjects):
                return headline  # "we will support X University": X is no issuer of the text
            first = (subjects or found)[0]
            return _on_behalf(doc, first.name) if first.kind == "person" else first.name
        if found and headline is None and seg.kind == "heading":
            # the first heading that names an actor: a government rather than its head, and a
            # place before a body ("Delivered at the ... People's Congress by X, Governor of
            # Lingnan Province": the congress hears the report, the province issues it)
            headline = next(
                (m.name for m in found if m.kind == "jurisdiction"),
                next((m.name for m in found if m.kind != "person"), found[0].name),
            )
        if seen >= _MAIN_SEGMENTS:
            break
    return headline


def _on_behalf(doc: Document, name: str) -> str:
    """The government or body a person issues a document for: the organisation of their
    first role when it is an actor of the text ("I, Daniel Reyes, Governor of the State of
    Illinois, hereby order" -> Illinois), else the person."""
    actors = {a.name: a for a in doc.actors}
    person = actors.get(name)
    for role in person.roles if person is not None else ():
        org = actors.get(role.organization or "")
        if org is not None and org.kind in ("jurisdiction", "government_body"):
            return org.name
    return name


def issuer_for(doc: Document, start: int, end: int) -> str | None:
    """Name of the actor that issues what ``doc.text[start:end]`` states, or None.

    Used by targets and strategies: the acting subject of the clause ("Shanghai has
    proposed ...", "the notice issued by the Ministry of ..."), else a phrase that
    stands for an actor named before ("the city", "the President"), else the nearest
    governing actor earlier in the paragraph, else the document's main issuing actor (the
    one of the headline or first sentence that releases a plan).

    >>> from futureind.document import Document
    >>> from futureind.taxonomy import Taxonomy
    >>> from futureind.text import segment
    >>> text = "Jiangxi expects that by 2027 the sector will grow by at least 12%."
    >>> doc = Document(text, "en", None, False, segment(text), Taxonomy.default())
    >>> doc.actors = find_actors(doc).actors
    >>> issuer_for(doc, text.index("the sector"), len(text))
    'Jiangxi'
    """
    if not doc.actors or not doc.text:
        return None
    index = _index(doc)
    text = doc.text
    seg = doc.segment_at(start)
    s_start, s_end = (seg.start, seg.end) if seg is not None else (start, max(start, end))
    end = max(end, start)
    # the clause: between semicolons of the sentence
    c_start = max(text.rfind(";", s_start, start), text.rfind("；", s_start, start)) + 1
    c_start = max(c_start, s_start)
    semi = [p for p in (text.find(";", end, s_end), text.find("；", end, s_end)) if p >= 0]
    c_end = min(semi) if semi else s_end
    # an issuer stands near what it issues: look at most _REACH characters around it
    c_start = max(c_start, start - _REACH)
    c_end = min(c_end, end + _REACH)
    if start > c_start:
        # a subject inside the statement itself first ("Shanghai launched a fund, and Shenzhen
        # plans to cultivate 10 companies": the target's issuer is Shenzhen)
        name = _pick(doc, index, start, end, c_start)
        if name:
            return name
    name = _pick(doc, index, c_start, max(c_end, end), c_start)
    if name:
        return name
    if c_start > s_start:
        name = _pick(doc, index, max(s_start, c_start - _REACH), c_start, s_start)
        if name:
            return name
    # earlier sentences of the same paragraph, nearest first
    if seg is not None:
        i = bisect.bisect_right(index.seg_starts, seg.start) - 1
        j = i - 1
        while j >= max(0, i - 8) and doc.segments[j].paragraph == seg.paragraph:
            prev = doc.segments[j]
            if prev.kind not in _EXCLUDED_KINDS:
                lo = max(prev.start, prev.end - _REACH)
                name = _pick(doc, index, lo, prev.end, lo)
                if name:
                    return name
            j -= 1
    return index.main
