"""The direction taxonomy: keys, labels, parents and surface forms, as data users can extend.

The default taxonomy is ``futureind/data/directions.toml`` (SPEC section 3). A user file has
the same shape; :meth:`Taxonomy.from_toml` merges it onto the default (new keys, extra
synonyms for existing keys, extra guard words)::

    [[direction]]
    key = "information.quantum"          # an existing key: these synonyms are added
    synonyms = ["qubit technology"]

    [[direction]]
    key = "energy.geothermal"            # a new leaf: a label is required
    label = "Geothermal"
    synonyms = ["geothermal energy", "hot dry rock"]

A malformed file raises :class:`~futureind.errors.VocabularyError` naming the file, the entry
and the field. The compiled matchers are built once per :class:`Taxonomy`, on first use, and
are not pickled (a taxonomy sent to a worker process rebuilds them there).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

import regex
from pydantic import Field, field_validator, model_validator

from .engine import FastSplit, Match, is_cjk
from .errors import VocabularyError
from .vocab import DataModel, load_data, load_toml

__all__ = [
    "CompiledTaxonomy",
    "DirectionEntry",
    "Gazetteer",
    "Hit",
    "Taxonomy",
    "TaxonomyFile",
    "Tokens",
    "canonical",
]

_KEY = r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?$"
_SEPARATORS = regex.compile(r"[\s\-\u2010-\u2015]+")

HitKind = Literal["synonym", "acronym", "zh", "contextual"]


def _clean_list(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if not value.strip():
            raise ValueError("empty string in list")
        if value.strip() != value:
            raise ValueError(f"{value!r} has leading or trailing spaces")
        out.append(value)
    return out


class DirectionEntry(DataModel):
    """One key of the taxonomy with its surface forms and guards."""

    key: str = Field(pattern=_KEY, description="'top' or 'top.leaf'.")
    label: str | None = Field(default=None, min_length=1, description="English label.")
    label_zh: str | None = Field(default=None, min_length=1, description="Chinese label.")
    parent: str | None = Field(default=None, description="Top-level key of a leaf.")
    synonyms: list[str] = Field(default_factory=list, description="Case-insensitive phrases.")
    acronyms: list[str] = Field(default_factory=list, description="Case-sensitive forms.")
    zh: list[str] = Field(default_factory=list, description="Chinese surface forms.")
    contextual: list[str] = Field(
        default_factory=list, description="Ambiguous terms: mentions only in a list of directions."
    )
    exclude: list[str] = Field(
        default_factory=list, description="Phrases containing a term that are not mentions."
    )
    field_words: list[str] = Field(
        default_factory=list, description="Bare field names (top-level keys) for field lists."
    )

    @field_validator("synonyms", "acronyms", "zh", "contextual", "exclude", "field_words")
    @classmethod
    def _strings(cls, values: list[str]) -> list[str]:
        return _clean_list(values)

    @model_validator(mode="after")
    def _check_parent(self) -> DirectionEntry:
        top, _, leaf = self.key.partition(".")
        if leaf:
            if self.parent is not None and self.parent != top:
                raise ValueError(f"parent {self.parent!r} does not match key {self.key!r}")
        elif self.parent is not None:
            raise ValueError(f"a top-level key ({self.key!r}) has no parent")
        if self.field_words and leaf:
            raise ValueError("field_words belong to top-level keys only")
        return self

    @property
    def top(self) -> str:
        """The top-level key (the key itself for a top-level entry)."""
        return self.key.partition(".")[0]

    @property
    def parent_key(self) -> str | None:
        """The parent key, derived from the key."""
        top, _, leaf = self.key.partition(".")
        return top if leaf else None


class Coordination(DataModel):
    """Head nouns and modifiers for expanding coordinations ("cell and gene technology")."""

    heads: list[str] = Field(default_factory=list)
    modifiers: list[str] = Field(default_factory=list)


class Names(DataModel):
    """Words that tell an organisation's name from the name of a plan or zone."""

    organization_heads: list[str] = Field(default_factory=list)
    named_heads: list[str] = Field(default_factory=list)
    connectors: list[str] = Field(default_factory=list)


class FieldLists(DataModel):
    """Nouns after which a list of field names counts ("the information and health fields")."""

    nouns: list[str] = Field(default_factory=list)


class Spelling(DataModel):
    """British / American word pairs applied to every synonym."""

    pairs: list[tuple[str, str]] = Field(default_factory=list)


class TaxonomyFile(DataModel):
    """The shape of a taxonomy file (the default one or a user's)."""

    coordination: Coordination = Field(default_factory=Coordination)
    names: Names = Field(default_factory=Names)
    field_lists: FieldLists = Field(default_factory=FieldLists)
    spelling: Spelling = Field(default_factory=Spelling)
    direction: list[DirectionEntry] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a matched phrase means: a key and the kind of surface form."""

    key: str
    kind: HitKind


def canonical(phrase: str, *, fold: bool = True) -> str:
    """The form phrases are compared in: separators squashed to one space, case folded.

    >>> canonical("Bio-Manufacturing")
    'bio manufacturing'
    """
    squashed = _SEPARATORS.sub(" ", phrase).strip()
    return squashed.casefold() if fold else squashed


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _number_variants(phrase: str) -> list[str]:
    """Singular / plural of the last word of a phrase (a simple English rule)."""
    head, _, last = phrase.rpartition(" ")
    if " " not in phrase:
        head, last = "", phrase
    if len(last) < 4 or not last.isalpha() or not last.islower():
        return []
    prefix = f"{head} " if head else ""
    if last.endswith("ies"):
        return [prefix + last[:-3] + "y"]
    if last.endswith(("ss", "us", "is", "ics", "ing", "ed")):
        return []
    if last.endswith("s"):
        return [prefix + last[:-1]]
    if last.endswith("y") and last[-2] not in "aeiou":
        return [prefix + last[:-1] + "ies"]
    if last.endswith(("x", "ch", "sh")):
        return [prefix + last + "es"]
    return [prefix + last + "s"]


def _spelling_variants(phrase: str, pairs: list[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    words = phrase.split(" ")
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if x in words:
                out.append(" ".join(y if w == x else w for w in words))
    return out


# --------------------------------------------------------------------------- gazetteer
# Tokens are runs of letters and digits; what stands between two tokens is their gap. A gap
# of whitespace and hyphens only is "a space" (so "bio-manufacturing", "bio manufacturing"
# and "bio\nmanufacturing" are alike); any other gap is compared without its spaces
# ("5.5G", "A.I.", "micro/nano", "capture, utilization").
_WORD = regex.compile(r"[^\W_]+", regex.VERSION1)
_WORD_SPLIT = regex.compile(r"([^\W_]+)", regex.VERSION1)
_SEPARATOR_RUN = regex.compile(r"[\s\-\u2010-\u2015]+", regex.VERSION1)
# the same split with the standard library where it gives the same answer (faster)
_split_words = FastSplit(
    word_split=_WORD_SPLIT,
    ascii_split=re.compile(r"([a-zA-Z0-9]+)"),
    fast_split=re.compile(r"([^\W_]+)"),
    word_char=regex.compile(r"[^\W_]", regex.VERSION1),
    gap_char=regex.compile(r"[\W_]", regex.VERSION1),
).split


def _gap(text: str) -> str:
    if not text or text == " ":
        return text
    rest = _SEPARATOR_RUN.sub("", text)
    return rest if rest else " "


class Tokens:
    """The word tokens of a text with their offsets (computed once, shared by gazetteers).

    >>> t = Tokens("Deep-sea, AI.")
    >>> t.folded, t.starts, t.ends
    (['deep', 'sea', 'ai'], [0, 5, 10], [4, 8, 12])
    """

    __slots__ = ("ends", "folded", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        if len(lowered) != len(text):  # a character whose lower case is longer
            spans = [m.span() for m in _WORD.finditer(text)]
            self.starts = [s for s, _ in spans]
            self.ends = [e for _, e in spans]
            self.folded = [text[s:e].lower() for s, e in spans]
            return
        parts = _split_words(lowered)  # gap, word, gap, word, ..., gap
        offsets = list(accumulate(map(len, parts)))
        self.starts = offsets[0:-1:2]
        self.ends = offsets[1::2]
        self.folded = parts[1::2]

    def __len__(self) -> int:
        return len(self.starts)

    def gap(self, i: int) -> str:
        """The normalised gap before token ``i`` (i >= 1)."""
        return _gap(self.text[self.ends[i - 1] : self.starts[i]])

    def candidates(self, firsts: Container[str]) -> list[int]:
        """Indices of the tokens that may start a phrase (their folded form in ``firsts``)."""
        return [i for i, t in enumerate(self.folded) if t in firsts]


def _phrase_tokens(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Words, the gap before each word, and the punctuation after the last ("A.I." -> ".")."""
    found = list(_WORD.finditer(phrase))
    words = tuple(m.group() for m in found)
    gaps = tuple(
        _gap(phrase[found[i - 1].end() : found[i].start()]) if i else "" for i in range(len(found))
    )
    tail = phrase[found[-1].end() :].strip() if found else ""
    return words, gaps, tail


_Entry = tuple[bool, tuple[str, ...], tuple[str, ...], str, Any]


def _merge(a: list[Match], b: list[Match]) -> list[Match]:
    """Two lists of non-overlapping matches in text order as one (longer first on a clash).

    Linear after the sort, unlike a general overlap resolution (which inserts into a list).
    """
    out: list[Match] = []
    last_end = -1
    for m in sorted([*a, *b], key=lambda m: (m.start, -m.end)):
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out


class CjkGazetteer:
    """Phrases with CJK characters: no word boundaries, found from their first character.

    Candidate positions come from one character-class scan; at each, the longest phrase
    that starts there wins (leftmost-longest). Latin letters in a phrase match either case.

    >>> g = CjkGazetteer({"量子信息": 1, "量子": 2, "3d打印": 3})
    >>> [(m.start, m.end, m.value) for m in g.finditer("发展量子信息和3D打印、量子")]
    [(2, 6, 1), (7, 11, 3), (12, 14, 2)]
    """

    def __init__(self, phrases: dict[str, Any], *, rule: str = "phrase") -> None:
        self.rule = rule
        self._index: dict[str, list[tuple[str, Any]]] = {}
        for phrase, payload in phrases.items():
            folded = phrase.lower()
            if folded:
                self._index.setdefault(folded[0], []).append((folded, payload))
        for bucket in self._index.values():
            bucket.sort(key=lambda e: -len(e[0]))
        chars = "".join(sorted(self._index))
        self._firsts = (
            regex.compile("[" + regex.escape(chars, special_only=False) + "]", regex.VERSION1)
            if chars
            else None
        )

    def finditer(self, text: str) -> list[Match]:
        """All matches in ``text``, leftmost-longest, in text order."""
        if self._firsts is None:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found: list[Match] = []
        next_free = 0
        for m in self._firsts.finditer(lowered):
            i = m.start()
            if i < next_free:
                continue
            for phrase, payload in self._index[lowered[i]]:
                if lowered.startswith(phrase, i):
                    found.append(Match(i, i + len(phrase), self.rule, payload))
                    next_free = i + len(phrase)
                    break
        return found


class Gazetteer:
    """Phrases found by token lookup: linear in the text, whatever the number of phrases.

    Matching is whole-word and case-insensitive unless the phrase is in ``case_sensitive``;
    a space in a phrase matches any run of whitespace and hyphens. At each token the
    longest phrase starting there wins and scanning goes on after it (leftmost-longest, like
    a regular-expression alternation). Phrases with CJK characters go to a
    :class:`CjkGazetteer` (no word boundaries), run only on texts that contain CJK.

    >>> g = Gazetteer({"bio manufacturing": 1, "AI": 2}, case_sensitive=["AI"])
    >>> [(m.start, m.end, m.value) for m in g.finditer("Bio-manufacturing, AI, ai.")]
    [(0, 17, 1), (19, 21, 2)]
    """

    def __init__(
        self,
        phrases: dict[str, Any],
        *,
        case_sensitive: Iterable[str] = (),
        rule: str = "phrase",
    ) -> None:
        self.rule = rule
        sensitive = set(case_sensitive)
        # first word -> {second word or "" -> entries, longest first}
        self._index: dict[str, dict[str, list[_Entry]]] = {}
        cjk: dict[str, Any] = {}
        for phrase, payload in phrases.items():
            if is_cjk(phrase):
                cjk[phrase] = payload
                continue
            exact = phrase in sensitive
            words, gaps, tail = _phrase_tokens(phrase)
            if not words:
                continue
            if not exact:
                words = tuple(w.lower() for w in words)
            second = words[1].lower() if len(words) > 1 else ""
            by_second = self._index.setdefault(words[0].lower(), {})
            by_second.setdefault(second, []).append((exact, words, gaps, tail, payload))
        for by_second in self._index.values():
            for bucket in by_second.values():
                bucket.sort(key=lambda e: (-len(e[1]), -sum(map(len, e[1])), e[0]))
        # first word -> its one-word phrase when that matches wherever the word stands (case
        # folded, nothing after it): what _first_fit would return, without trying it
        self._plain: dict[str, _Entry] = {}
        for first, by_second in self._index.items():
            single = by_second.get("")
            if single and not single[0][0] and not single[0][3]:
                self._plain[first] = single[0]
        self._cjk = CjkGazetteer(cjk, rule=rule) if cjk else None

    @property
    def firsts(self) -> frozenset[str]:
        """The folded first words of the phrases (for :meth:`Tokens.candidates`)."""
        return frozenset(self._index)

    def scan(self, tokens: Tokens, candidates: Iterable[int] | None = None) -> list[Match]:
        """Matches over pre-computed tokens, in text order.

        ``candidates`` (token indices, ascending) may narrow the tokens tried; by default
        every token whose folded form starts a phrase.
        """
        found: list[Match] = []
        index, plain = self._index, self._plain
        folded, starts, ends = tokens.folded, tokens.starts, tokens.ends
        n = len(folded)
        next_free = 0
        for i in tokens.candidates(index) if candidates is None else candidates:
            if i < next_free:
                continue
            word = folded[i]
            by_second = index.get(word)
            if by_second is None:
                continue
            hit: _Entry | None = None
            if i + 1 < n and (longer := by_second.get(folded[i + 1])) is not None:
                hit = self._first_fit(longer, tokens, i)
            if hit is None:
                hit = plain.get(word)
            if hit is None and (single := by_second.get("")) is not None:
                hit = self._first_fit(single, tokens, i)
            if hit is not None:
                size = len(hit[1])
                end = ends[i + size - 1] + len(hit[3])
                found.append(Match(starts[i], end, self.rule, hit[4]))
                next_free = i + size
        return found

    @staticmethod
    def _first_fit(entries: list[_Entry], tokens: Tokens, i: int) -> _Entry | None:
        """The first (longest) entry that matches the tokens from ``i`` on."""
        folded, starts, ends, text = tokens.folded, tokens.starts, tokens.ends, tokens.text
        n = len(folded)
        for entry in entries:
            exact, words, gaps, tail, _ = entry
            size = len(words)
            if i + size > n:
                continue
            if exact and text[starts[i] : ends[i]] != words[0]:
                continue
            ok = True
            for j in range(1, size):
                k = i + j
                got = text[starts[k] : ends[k]] if exact else folded[k]
                if got != words[j]:
                    ok = False
                    break
                gap = text[ends[k - 1] : starts[k]]
                if gap != gaps[j] and _gap(gap) != gaps[j]:
                    ok = False
                    break
            if ok and (not tail or text.startswith(tail, ends[i + size - 1])):
                return entry
        return None

    def finditer(
        self, text: str, tokens: Tokens | None = None, candidates: Iterable[int] | None = None
    ) -> list[Match]:
        """All matches in ``text``, overlaps resolved (longest, then leftmost)."""
        if tokens is None or tokens.text is not text:
            tokens, candidates = Tokens(text), None
        found = self.scan(tokens, candidates)
        if self._cjk is not None and not text.isascii() and is_cjk(text):  # isascii: O(1)
            found = _merge(found, self._cjk.finditer(text))
        return found


class CompiledTaxonomy:
    """Matchers built from a taxonomy (built once per :class:`Taxonomy`)."""

    def __init__(self, tax: Taxonomy) -> None:
        self.order = {k: i for i, k in enumerate(tax.keys)}
        folded: dict[str, list[Hit]] = {}
        exact: dict[str, list[Hit]] = {}
        contextual: dict[str, list[Hit]] = {}
        excludes: set[str] = set()
        explicit: set[str] = set()
        for entry in tax.entries:
            for phrase in entry.synonyms:
                folded.setdefault(canonical(phrase), []).append(Hit(entry.key, "synonym"))
            for phrase in entry.zh:
                folded.setdefault(canonical(phrase), []).append(Hit(entry.key, "zh"))
            for phrase in entry.acronyms:
                exact.setdefault(canonical(phrase, fold=False), []).append(
                    Hit(entry.key, "acronym")
                )
            for phrase in entry.contextual:
                contextual.setdefault(canonical(phrase), []).append(Hit(entry.key, "contextual"))
            excludes.update(canonical(p) for p in entry.exclude)
        explicit = set(folded)
        blocked = explicit | set(contextual) | excludes
        pairs = [(a.casefold(), b.casefold()) for a, b in tax.spelling]
        variants: dict[str, list[Hit]] = {}
        for phrase, hits in folded.items():
            if is_cjk(phrase):
                continue
            forms = _spelling_variants(phrase, pairs)
            forms += [v for f in [phrase, *forms] for v in _number_variants(f)]
            for form in forms:
                if form not in blocked:
                    bucket = variants.setdefault(form, [])
                    bucket.extend(h for h in hits if h not in bucket)
        folded.update(variants)
        #: canonical folded phrase -> hits (synonyms, zh, variants), for coordination lookups
        self.table: dict[str, tuple[Hit, ...]] = {k: tuple(v) for k, v in folded.items()}
        phrases: dict[str, tuple[Hit, ...]] = dict(self.table)
        for phrase, hits in exact.items():
            phrases[phrase] = phrases.get(phrase, ()) + tuple(hits)
        self.phrases = Gazetteer(
            phrases, case_sensitive=[p for p in exact if p not in folded], rule="direction"
        )
        self.contextual = Gazetteer({k: tuple(v) for k, v in contextual.items()}, rule="contextual")
        self.excludes = Gazetteer(dict.fromkeys(excludes, True), rule="exclude")
        self.field_words: dict[str, str] = {}
        for entry in tax.entries:
            for word in entry.field_words:
                self.field_words.setdefault(canonical(word), entry.key)
        self.heads = frozenset(canonical(h) for h in tax.coordination.heads)
        self.modifiers = frozenset(canonical(m) for m in tax.coordination.modifiers)
        self.organization_heads = frozenset(tax.names.organization_heads)
        self.named_heads = frozenset(tax.names.named_heads)
        self.connectors = frozenset(c.casefold() for c in tax.names.connectors)
        self.field_nouns = frozenset(canonical(n) for n in tax.field_lists.nouns)
        self.fields = Gazetteer(dict(self.field_words), rule="field_list")
        #: first words of every gazetteer's phrases: tokens worth looking at
        self.firsts = (
            self.phrases.firsts | self.contextual.firsts | self.excludes.firsts | self.fields.firsts
        )


class Taxonomy:
    """The direction vocabulary: keys in order, labels, parents and surface forms.

    >>> tax = Taxonomy.default()
    >>> tax.label("information.quantum"), tax.parent("information.quantum")
    ('Quantum information', 'information')
    >>> "space.deep_sea" in tax.keys
    True
    """

    def __init__(
        self,
        entries: Iterable[DirectionEntry] = (),
        *,
        coordination: Coordination | None = None,
        names: Names | None = None,
        field_lists: FieldLists | None = None,
        spelling: Iterable[tuple[str, str]] = (),
        source: str = "<taxonomy>",
    ) -> None:
        self._entries: tuple[DirectionEntry, ...] = ()
        self._by_key: dict[str, DirectionEntry] = {}
        self.coordination = coordination or Coordination()
        self.names = names or Names()
        self.field_lists = field_lists or FieldLists()
        self.spelling: list[tuple[str, str]] = list(spelling)
        self._compiled: CompiledTaxonomy | None = None
        self._add_entries(list(entries), source)

    # ----------------------------------------------------------------- construction
    @classmethod
    def default(cls) -> Taxonomy:
        """The taxonomy shipped with futureind (one shared instance, compiled once).

        >>> len(Taxonomy.default().keys)
        50
        """
        return _default()

    @classmethod
    def from_file(cls, data: TaxonomyFile, *, source: str = "<taxonomy>") -> Taxonomy:
        """A taxonomy made of a validated :class:`TaxonomyFile` alone.

        >>> Taxonomy.from_file(TaxonomyFile(direction=[DirectionEntry(key="x", label="X")])).keys
        ['x']
        """
        return cls(
            data.direction,
            coordination=data.coordination,
            names=data.names,
            field_lists=data.field_lists,
            spelling=data.spelling.pairs,
            source=source,
        )

    @classmethod
    def from_toml(cls, path: str | Path, *, extend: bool = True) -> Taxonomy:
        """Read a user taxonomy file; by default it is merged onto the default taxonomy.

        With ``extend=False`` the file is the whole taxonomy. A bad file raises
        :class:`~futureind.errors.VocabularyError` naming the file, the entry and the field.

        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = pathlib.Path(d, "mine.toml")
        ...     _ = p.write_text('[[direction]]\\nkey = "energy.geothermal"\\nlabel = "Geothermal"\\n')
        ...     Taxonomy.from_toml(p).label("energy.geothermal")
        'Geothermal'
        """
        source = Path(path)
        data = load_toml(source, TaxonomyFile)
        if not extend:
            return cls.from_file(data, source=str(source))
        return cls.default().merge(data, source=str(source))

    def merge(self, other: Taxonomy | TaxonomyFile, *, source: str | None = None) -> Taxonomy:
        """A new taxonomy: this one plus ``other``'s new keys, synonyms and guard words.

        For a key both have, the lists are joined (this one's first) and ``other``'s label,
        if it gives one, replaces this one's. New leaves go after the last entry of their
        top-level key; new top-level keys at the end.

        >>> extra = TaxonomyFile(direction=[DirectionEntry(key="health", synonyms=["wellness"])])
        >>> "wellness" in Taxonomy.default().merge(extra).entry("health").synonyms
        True
        """
        if isinstance(other, Taxonomy):
            file = TaxonomyFile(
                coordination=other.coordination,
                names=other.names,
                field_lists=other.field_lists,
                spelling=Spelling(pairs=other.spelling),
                direction=list(other.entries),
            )
            where = source or "<taxonomy>"
        else:
            file = other
            where = source or "<taxonomy file>"

        def join(a: list[str], b: list[str]) -> list[str]:
            return _unique([*a, *b])

        merged = Taxonomy(
            (),
            coordination=Coordination(
                heads=join(self.coordination.heads, file.coordination.heads),
                modifiers=join(self.coordination.modifiers, file.coordination.modifiers),
            ),
            names=Names(
                organization_heads=join(
                    self.names.organization_heads, file.names.organization_heads
                ),
                named_heads=join(self.names.named_heads, file.names.named_heads),
                connectors=join(self.names.connectors, file.names.connectors),
            ),
            field_lists=FieldLists(nouns=join(self.field_lists.nouns, file.field_lists.nouns)),
            spelling=list(dict.fromkeys([*self.spelling, *file.spelling.pairs])),
        )
        entries = list(self._entries)
        index = {e.key: i for i, e in enumerate(entries)}
        new: list[tuple[int, DirectionEntry]] = []
        for i, entry in enumerate(file.direction):
            if entry.key in index:
                old = entries[index[entry.key]]
                entries[index[entry.key]] = old.model_copy(
                    update={
                        "label": entry.label or old.label,
                        "label_zh": entry.label_zh or old.label_zh,
                        "synonyms": join(old.synonyms, entry.synonyms),
                        "acronyms": join(old.acronyms, entry.acronyms),
                        "zh": join(old.zh, entry.zh),
                        "contextual": join(old.contextual, entry.contextual),
                        "exclude": join(old.exclude, entry.exclude),
                        "field_words": join(old.field_words, entry.field_words),
                    }
                )
            else:
                new.append((i, entry))
                index[entry.key] = -1
        for _, entry in new:
            position = len(entries)
            for j, existing in enumerate(entries):
                if existing.top == entry.top:
                    position = j + 1
            entries.insert(position, entry)
        merged._add_entries(entries, where, numbering={e.key: i for i, e in new})
        return merged

    def _add_entries(
        self,
        entries: list[DirectionEntry],
        source: str,
        numbering: dict[str, int] | None = None,
    ) -> None:
        by_key: dict[str, DirectionEntry] = {}
        for i, entry in enumerate(entries):
            n = numbering.get(entry.key, i) if numbering is not None else i
            where = f"direction[{n}] (key={entry.key!r})"
            if entry.key in by_key:
                raise VocabularyError("duplicate key", file=source, entry=where, field="key")
            if entry.label is None:
                raise VocabularyError(
                    "a new key needs a label", file=source, entry=where, field="label"
                )
            by_key[entry.key] = entry
        for i, entry in enumerate(entries):
            n = numbering.get(entry.key, i) if numbering is not None else i
            parent = entry.parent_key
            if parent is not None and parent not in by_key:
                raise VocabularyError(
                    f"the top-level key {parent!r} is not in the taxonomy",
                    file=source,
                    entry=f"direction[{n}] (key={entry.key!r})",
                    field="parent" if entry.parent else "key",
                )
        self._entries = tuple(entries)
        self._by_key = by_key
        self._compiled = None

    # ----------------------------------------------------------------- access
    @property
    def entries(self) -> tuple[DirectionEntry, ...]:
        """The entries, in taxonomy order."""
        return self._entries

    @property
    def keys(self) -> list[str]:
        """The keys, in taxonomy order."""
        return [e.key for e in self._entries]

    def entry(self, key: str) -> DirectionEntry:
        """The entry of ``key`` (KeyError naming the key when there is none)."""
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"no direction key {key!r} in the taxonomy") from None

    def label(self, key: str) -> str:
        """The English label of ``key``."""
        label = self.entry(key).label
        assert label is not None  # checked when the taxonomy was built
        return label

    def parent(self, key: str) -> str | None:
        """The top-level key of a leaf, None for a top-level key."""
        return self.entry(key).parent_key

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[DirectionEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Taxonomy({len(self._entries)} keys)"

    def compiled(self) -> CompiledTaxonomy:
        """The compiled matchers (built on first use, then cached on this instance)."""
        if self._compiled is None:
            self._compiled = CompiledTaxonomy(self)
        return self._compiled

    # ----------------------------------------------------------------- pickling
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_compiled"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


@lru_cache(maxsize=1)
def _default() -> Taxonomy:
    data = load_data("directions.toml", TaxonomyFile)
    return Taxonomy.from_file(data, source="futureind/data/directions.toml")
