"""Direction extraction: every taxonomy key a text mentions, with every mention's span.

The vocabulary and every guard word are data (``futureind/data/directions.toml``, read by
:mod:`futureind.taxonomy`); this module is the generic procedure:

1. **phrases** — synonyms, acronyms (case-sensitive) and Chinese forms, longest first;
   a match inside an ``exclude`` phrase of the taxonomy ("quantum leap") is dropped;
2. **field lists** — a list of bare field names ("six priority fields: health,
   space, energy, materials, information and manufacturing") gives the top-level keys;
3. **contextual terms** — a term ambiguous alone ("space", "wind") counts only as an item
   of a list that holds another direction;
4. **coordination** — "cell and gene technology", "quantum computing and communication":
   an item that shares the head noun or the modifier of a coordinated term counts when the
   completed phrase is a synonym;
5. **names** — a term inside an organisation's name is not a mention: the actors stage's
   ``doc.organization_spans``, and a local check of the capitalised name around the term
   ("Key Laboratory of Quantum Information", "Metaverse Research Institute"); inside the name
   of a plan, zone, programme or initiative ("AI Plus initiative", "6G Pilot Zone") it is.

Each mention's :attr:`~futureind.models.Span.rule` is ``"<key>/<kind>"`` (kind: synonym,
acronym, zh, contextual, coordination, field_list). Directions come in taxonomy order.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import regex

from .document import Document
from .engine import REGEX_TIMEOUT, Match, is_cjk
from .models import Direction, Span
from .taxonomy import CompiledTaxonomy, Hit, Taxonomy, Tokens, canonical
from .text import segment

__all__ = ["directions_in", "find_directions", "find_directions_in_text"]

# patterns anchored at the end of a window search backwards from it (no scan from the left)
_BACKWARDS = regex.IGNORECASE | regex.REVERSE | regex.VERSION1
_LIST_SEP = r"(?:,|;|、|&|/|\band/or\b|\band\b|\bor\b|\bas\s+well\s+as\b)"
# a list separator just before / just after a term
_SEP_BEFORE = regex.compile(
    rf"(?:{_LIST_SEP}|:|\(|\bincluding\b|\bsuch\s+as\b|\blike\b)\s*(?:the\s+)?\Z",
    _BACKWARDS,
)
_LAST_COORD = regex.compile(r"\b(?:and|or)\s+\Z", _BACKWARDS)
_SEP_AFTER = regex.compile(rf"\A\s*(?:{_LIST_SEP}|[).!?]|\Z)", regex.IGNORECASE | regex.VERSION1)
# coordination separators (between two items of a coordination)
_COORD_SEP_END = regex.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and/or|and|or|as\s+well\s+as)\s+|\s*[&/]\s*)\Z",
    _BACKWARDS,
)
_COORD_SEP_START = regex.compile(
    r"\A(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and/or|and|or|as\s+well\s+as)\s+|\s*[&/]\s*)",
    regex.IGNORECASE | regex.VERSION1,
)
_COORD_HINTS = (",", "&", "/", " and ", " or ", " as well as ", "、")
_COORD_HINT = re.compile("|".join(map(re.escape, _COORD_HINTS)))  # any of them, one C call
_WORD = r"[\p{L}\p{N}][\p{L}\p{N}'\-]*"
_LAST_WORDS = regex.compile(rf"(?:({_WORD})\s+)?({_WORD})\Z", regex.REVERSE | regex.VERSION1)
_FIRST_WORDS = regex.compile(rf"\A({_WORD})(?:\s+({_WORD}))?", regex.VERSION1)
_STOP = frozenset({"and", "or", "the", "of", "a", "an", "in", "on", "for", "to", "with", "as"})
# a field name standing as a bare list item
_ITEM_BEFORE = regex.compile(
    r"(?:\A|[,;:(、–—]|\b(?:and|or|of|including|such\s+as|are|is|namely|on|in|as\s+well\s+as"
    r"|from|for|to|with|across|covers?|covering|includes?|involving|spanning))"
    r"\s*(?:the\s+)?(?:future\s+)?\Z",
    _BACKWARDS,
)
_ITEM_AFTER = regex.compile(
    r"\A\s*(?:[,;.)(、:]|\band\b|\bor\b|\Z|(?P<noun>[\p{L}]+)\b)",
    regex.IGNORECASE | regex.VERSION1,
)
# compiled once: a module-level regex.search(pattern, ...) looks its pattern up per call
_LETTERS = regex.compile(r"\p{L}+")
_ITEM_SEP = regex.compile(r"[,;、(]|\band\b|\bor\b")  # between two items of a field list
_NAME_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'.\-]*|&", regex.VERSION1)
_NAME_WINDOW = 120
_MAX_NESTING = 64
_CONTEXT_WINDOW = 150
_FIELD_GAP = 70


class _Mention(NamedTuple):  # a tuple: thousands are built per text
    start: int
    end: int
    key: str
    kind: str


def find_directions(doc: Document) -> list[Direction]:
    """One :class:`~futureind.models.Direction` per taxonomy key mentioned in ``doc``.

    Reads ``doc.taxonomy``, ``doc.segments``, ``doc.organization_spans`` and ``doc.named``.
    A regex timeout (the safety net of :data:`~futureind.engine.REGEX_TIMEOUT`) propagates;
    :func:`~futureind.extract` records it in ``Report.incomplete``.

    >>> text = "We will develop quantum computing and 6G."
    >>> doc = Document(text=text, language="en", published=None, published_inferred=False,
    ...                segments=segment(text), taxonomy=Taxonomy.default())
    >>> [d.key for d in find_directions(doc)]
    ['information.communications', 'information.quantum']
    """
    return _find(doc)


def find_directions_in_text(text: str, taxonomy: Taxonomy | None = None) -> list[Direction]:
    """Directions of a bare text (no actors stage: only the local organisation-name guard).

    >>> [(d.key, [m.text for m in d.mentions]) for d in find_directions_in_text(
    ...     "Cell and gene therapy, not a quantum leap.")]
    [('health.cell_gene', ['Cell and gene therapy'])]
    """
    doc = Document(
        text=text,
        language="zh" if is_cjk(text[:2000]) else "en",
        published=None,
        published_inferred=False,
        segments=segment(text),
        taxonomy=taxonomy or Taxonomy.default(),
    )
    return find_directions(doc)


def directions_in(doc: Document, start: int, end: int) -> list[str]:
    """Direction keys with a mention inside ``[start, end)`` of ``doc``, in taxonomy order.

    For targets and strategies: the directions their evidence mentions
    (:meth:`Document.directions_in` answers through this). The answer comes from an index
    built once per ``doc.directions`` list: O(log n) per call, not a pass over every mention.

    >>> text = "Quantum first. Then hydrogen."
    >>> doc = Document(text=text, language="en", published=None, published_inferred=False,
    ...                segments=segment(text), taxonomy=Taxonomy.default())
    >>> doc.directions = find_directions(doc)
    >>> directions_in(doc, 15, len(text))
    ['energy.hydrogen']
    """
    cached = _INDEX.get(id(doc))
    if cached is not None and cached[0]() is doc and cached[1] is doc.directions:
        index = cached[1:]
    else:
        entries = sorted(
            (m.start, m.end, rank) for rank, d in enumerate(doc.directions) for m in d.mentions
        )
        index = (doc.directions, [e[0] for e in entries], entries)
        if len(_INDEX) >= 8:
            _INDEX.clear()
        _INDEX[id(doc)] = (weakref.ref(doc), *index)
    directions, starts, entries = index
    ranks: set[int] = set()
    for i in range(bisect.bisect_left(starts, start), len(entries)):
        s, e, rank = entries[i]
        if s >= end:
            break
        if e <= end:
            ranks.add(rank)
    return [directions[r].key for r in sorted(ranks)]


# the index of the last documents asked about: id -> (document, its directions, starts, entries)
_INDEX: dict[
    int,
    tuple[weakref.ref[Document], list[Direction], list[int], list[tuple[int, int, int]]],
] = {}


# --------------------------------------------------------------------------- procedure
def _find(doc: Document) -> list[Direction]:
    text = doc.text
    if not text:
        return []
    tax = doc.taxonomy
    c = tax.compiled()
    tokens = Tokens(text)
    cands = tokens.candidates(c.firsts)
    excluded = _Intervals(c.excludes.finditer(text, tokens, cands))
    regular = [
        m for m in c.phrases.finditer(text, tokens, cands) if not excluded.contains(m.start, m.end)
    ]
    occupied = _Intervals(regular)

    mentions: list[_Mention] = []
    for m in regular:
        mentions.extend(_Mention(m.start, m.end, h.key, h.kind) for h in _hits(m.value))

    fields = _field_lists(doc, c, regular, tokens, cands)
    mentions.extend(fields)
    regular_starts = [r.start for r in regular]
    taken = _Intervals([Match(f.start, f.end, "field") for f in fields])

    for m in c.contextual.finditer(text, tokens, cands):
        if occupied.overlaps(m.start, m.end) or taken.overlaps(m.start, m.end):
            continue
        if excluded.contains(m.start, m.end) or not _in_list(doc, m, regular, regular_starts):
            continue
        mentions.extend(_Mention(m.start, m.end, h.key, "contextual") for h in _hits(m.value))

    mentions.extend(_coordinations(text, regular, c, occupied))

    guard = _NameGuard(doc, c)
    by_key: dict[str, dict[tuple[int, int], str]] = {}
    for mention in mentions:
        if mention.key not in c.order or guard.in_organization(mention.start, mention.end):
            continue
        spans = by_key.setdefault(mention.key, {})
        spans.setdefault((mention.start, mention.end), mention.kind)
    out: list[Direction] = []
    for key in sorted(by_key, key=c.order.__getitem__):
        spans = by_key[key]
        out.append(
            Direction(
                key=key,
                label=tax.label(key),
                parent=tax.parent(key),
                # validated: pydantic-core's validation is faster than model_construct
                mentions=[
                    Span(start=s, end=e, text=text[s:e], rule=f"{key}/{kind}")
                    for (s, e), kind in sorted(spans.items())
                ],
            )
        )
    return out


def _hits(value: object) -> tuple[Hit, ...]:
    return value if isinstance(value, tuple) else ()


def _top_level_only(value: object) -> bool:
    """Are all the hits of a match top-level keys?"""
    hits = _hits(value)
    if len(hits) == 1:  # the common case, without a generator
        return "." not in hits[0].key
    return all("." not in h.key for h in hits)


class _Spans:
    """Possibly nested spans; finds one that contains a range (spans are short names)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self._starts, start) - 1
        stop = max(k - _MAX_NESTING, -1)  # bounded: no quadratic walk on odd span lists
        while k > stop and self._starts[k] >= start - self._longest:
            s, e = self._spans[k]
            if e >= end:
                return s, e
            k -= 1
        return None


class _Intervals:
    """Non-overlapping intervals in text order, with containment / overlap lookups."""

    def __init__(self, matches: Sequence[Match]) -> None:
        ordered = sorted((m.start, m.end) for m in matches)
        self._starts = [s for s, _ in ordered]
        self._spans = ordered

    def _near(self, start: int, end: int) -> range:
        """Indices of the intervals that may hold or overlap ``[start, end)`` (no list copy)."""
        i = bisect.bisect_right(self._starts, start)
        return range(max(i - 1, 0), bisect.bisect_left(self._starts, end, lo=i))

    def contains(self, start: int, end: int) -> bool:
        spans = self._spans
        for k in self._near(start, end):
            s, e = spans[k]
            if s <= start and end <= e:
                return True
        return False

    def overlaps(self, start: int, end: int) -> bool:
        spans = self._spans
        for k in self._near(start, end):
            s, e = spans[k]
            if s < end and start < e:
                return True
        return False


# --------------------------------------------------------------------------- field lists
def _field_lists(
    doc: Document, c: CompiledTaxonomy, regular: list[Match], tokens: Tokens, cands: list[int]
) -> list[_Mention]:
    """Top-level keys from lists of bare field names ("manufacturing, energy and health")."""
    text = doc.text
    # a field word inside a top-level synonym ("health" in "health fields") helps make a list
    occupied = _Intervals(regular)
    own = _Intervals([m for m in regular if _top_level_only(m.value)])
    # start, end, key, segment start, followed by a field noun, inside a synonym already
    items: list[tuple[int, int, str, int, bool, bool]] = []
    for m in c.fields.finditer(text, tokens, cands):
        covered = occupied.overlaps(m.start, m.end)
        if covered and not own.overlaps(m.start, m.end):
            continue
        seg = doc.segment_at(m.start)
        lo = seg.start if seg is not None else 0
        hi = seg.end if seg is not None else len(text)
        after = _ITEM_AFTER.match(text[m.end : min(hi, m.end + 30)], timeout=REGEX_TIMEOUT)
        if after is None:
            continue
        noun = after.group("noun")  # letters only: its canonical form is its casefold
        if noun is not None and noun.casefold() not in c.field_nouns:
            continue
        if not _ITEM_BEFORE.search(text[max(lo, m.start - 40) : m.start], timeout=REGEX_TIMEOUT):
            continue
        items.append((m.start, m.end, str(m.value), lo, noun is not None, covered))
    out: list[_Mention] = []
    group: list[tuple[int, int, str, int, bool, bool]] = []

    def close() -> None:
        keys = {g[2] for g in group}
        if not group:
            return
        before = text[max(group[0][3], group[0][0] - 50) : group[0][0]]
        led = any(canonical(w) in c.field_nouns for w in _LETTERS.findall(before))
        if len(keys) >= 3 or (len(keys) >= 2 and (group[-1][4] or led)):
            out.extend(_Mention(s, e, k, "field_list") for s, e, k, _, _, cov in group if not cov)

    for item in items:
        if group:
            prev = group[-1]
            gap = text[prev[1] : item[0]]
            if item[3] == prev[3] and len(gap) <= _FIELD_GAP and _ITEM_SEP.search(gap):
                group.append(item)
                continue
            close()
        group = [item]
    close()
    return out


# --------------------------------------------------------------------------- contextual
def _in_list(doc: Document, m: Match, regular: Sequence[Match], starts: Sequence[int]) -> bool:
    """Is the ambiguous term a whole item of a list that holds another direction mention?

    A list separator (or a list opener such as "including") must stand before it and a
    separator or the end of the sentence after it ("bio" in "bio-based" is not an item),
    unless it is the last item of a coordination with a shared head ("nuclear and wind
    projects")."""
    text = doc.text
    seg = doc.segment_at(m.start)
    lo = seg.start if seg is not None else 0
    hi = seg.end if seg is not None else len(text)
    before = text[max(lo, m.start - 25) : m.start]
    after = text[m.end : min(hi, m.end + 10)]
    opener = _SEP_BEFORE.search(before, timeout=REGEX_TIMEOUT)
    if opener is None:
        return False
    if not _SEP_AFTER.match(after, timeout=REGEX_TIMEOUT):
        # the last item of a coordination sharing a head noun: "nuclear and wind projects"
        last_item = _LAST_COORD.search(before, timeout=REGEX_TIMEOUT) is not None
        if not (last_item and after[:1] == " " and after[1:2].isalpha()):
            return False
    i = bisect.bisect_left(starts, max(lo, m.start - _CONTEXT_WINDOW))
    for k in range(i, len(regular)):  # an index, not a slice: no copy of the rest
        r = regular[k]
        if r.start > min(hi, m.end + _CONTEXT_WINDOW):
            break
        if r.end <= hi and r.start >= lo:
            return True
    return False


# --------------------------------------------------------------------------- coordination
def _coordinations(
    text: str, regular: Sequence[Match], c: CompiledTaxonomy, occupied: _Intervals
) -> list[_Mention]:
    """Items completed by the head or modifier of a coordinated term."""
    out: list[_Mention] = []
    for m in regular:
        if ord(text[m.start]) >= 0x2E80:  # CJK: no coordination rule
            continue
        words = text[m.start : m.end].lower().replace("-", " ").split()
        if words[-1] in c.heads and _coordinated(text[max(0, m.start - 12) : m.start]):
            out.extend(_expand_left(text, m.start, words[-1], c, occupied))
        if len(words) > 1 and words[0] in c.modifiers and _coordinated(text[m.end : m.end + 12]):
            out.extend(_expand_right(text, m.end, words[0], c, occupied))
    return out


def _coordinated(window: str) -> bool:
    """A cheap test: might ``window`` hold a coordination separator?"""
    return _COORD_HINT.search(window) is not None


def _lookup(c: CompiledTaxonomy, phrase: str) -> tuple[Hit, ...]:
    return c.table.get(canonical(phrase), ())


def _expand_left(
    text: str, pos: int, head: str, c: CompiledTaxonomy, occupied: _Intervals
) -> list[_Mention]:
    out: list[_Mention] = []
    for _ in range(6):
        sep = _COORD_SEP_END.search(text[max(0, pos - 20) : pos], timeout=REGEX_TIMEOUT)
        if sep is None:
            break
        item_end = max(0, pos - 20) + sep.start()
        lo = max(0, item_end - 60)
        words = _LAST_WORDS.search(text[lo:item_end], timeout=REGEX_TIMEOUT)
        if words is None:
            break
        found: tuple[int, tuple[Hit, ...]] | None = None
        if words.group(1) and words.group(1).casefold() not in _STOP:
            hits = _lookup(c, f"{words.group(1)} {words.group(2)} {head}")
            if hits:
                found = (lo + words.start(1), hits)
        if found is None:
            hits = _lookup(c, f"{words.group(2)} {head}")
            if hits:
                found = (lo + words.start(2), hits)
        if found is None or occupied.overlaps(found[0], item_end):
            break
        out.extend(_Mention(found[0], item_end, h.key, "coordination") for h in found[1])
        pos = found[0]
    return out


def _expand_right(
    text: str, pos: int, modifier: str, c: CompiledTaxonomy, occupied: _Intervals
) -> list[_Mention]:
    out: list[_Mention] = []
    for _ in range(6):
        sep = _COORD_SEP_START.search(text[pos : pos + 20], timeout=REGEX_TIMEOUT)
        if sep is None:
            break
        item_start = pos + sep.end()
        words = _FIRST_WORDS.search(text[item_start : item_start + 60], timeout=REGEX_TIMEOUT)
        if words is None or words.group(1).casefold() in _STOP:
            break
        found: tuple[int, tuple[Hit, ...]] | None = None
        if words.group(2) and words.group(2).casefold() not in _STOP:
            hits = _lookup(c, f"{modifier} {words.group(1)} {words.group(2)}")
            if hits:
                found = (item_start + words.end(2), hits)
        if found is None:
            hits = _lookup(c, f"{modifier} {words.group(1)}")
            if hits:
                found = (item_start + words.end(1), hits)
        if found is None or occupied.overlaps(item_start, found[0]):
            break
        out.extend(_Mention(item_start, found[0], h.key, "coordination") for h in found[1])
        pos = found[0]
    return out


# --------------------------------------------------------------------------- names
class _NameGuard:
    """Is a span part of an organisation's name (not a mention)?"""

    def __init__(self, doc: Document, c: CompiledTaxonomy) -> None:
        self.doc = doc
        self.c = c
        self.named = _Spans((n.span.start, n.span.end) for n in doc.named)
        self.organizations = _Spans(doc.organization_spans)

    def in_organization(self, start: int, end: int) -> bool:
        text = self.doc.text
        if self.named.containing(start, end) is not None:
            return False
        org = self.organizations.containing(start, end)
        if org is not None:
            last = _NAME_TOKEN.findall(text[org[0] : org[1]])
            return not (last and last[-1].rstrip(".") in self.c.named_heads)
        first = text[start]
        if not (first.isupper() or first.isdigit()):
            return False
        if self._may_continue(text, end):
            right = self._scan(text, end, min(len(text), end + _NAME_WINDOW), forward=True)
            if right is not None:
                return right
        if text[start - 1 : start] != " ":
            return False
        left = self._scan(text, max(0, start - _NAME_WINDOW), start, forward=False)
        return bool(left)

    def _may_continue(self, text: str, end: int) -> bool:
        """Cheap test: can a capitalised name go on after ``end``?"""
        if text[end : end + 1] != " ":
            return False
        word = text[end + 1 : end + 16].split(" ", 1)[0]
        return bool(word) and (
            word[0].isupper() or word[0].isdigit() or word.casefold() in self.c.connectors
        )

    def _scan(self, text: str, lo: int, hi: int, *, forward: bool) -> bool | None:
        """Walk the capitalised name from the term outwards: True at an organisation head,
        False at a plan/zone head, None when the name ends first."""
        tokens = list(_NAME_TOKEN.finditer(text, lo, hi, timeout=REGEX_TIMEOUT))
        if not forward:
            tokens.reverse()
        edge = lo if forward else hi
        connector_seen = forward
        for tok in tokens[:8]:
            gap = text[edge : tok.start()] if forward else text[tok.end() : edge]
            if gap.strip(" "):
                return None
            word = tok.group().rstrip(".")
            if word.endswith(("'s", "’s")):
                return None
            if word in self.c.named_heads:
                return False
            if word in self.c.organization_heads:
                return True if connector_seen else None
            if word.casefold() in self.c.connectors:
                connector_seen = True
            elif not (word[:1].isupper() or word[:1].isdigit()):
                return None
            edge = tok.end() if forward else tok.start()
        return None
