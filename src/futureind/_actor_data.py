"""Gazetteers and rules of the actor extractor, read from ``futureind/data/actors/*.toml``.

Private module: :func:`actor_data` loads and compiles everything once per process.

* Countries come from the ``pycountry`` package (ISO 3166-1: official and common names, and
  the ISO 3166-2 subdivisions a data file asks for), completed by ``countries.toml`` (short
  forms, abbreviations, demonyms, Chinese names).
* ``places.toml`` (blocs, Chinese provinces, cities, districts, zones) and ``bodies.toml``
  (government bodies and organisations) are gazetteers of named entries.
* ``rules.toml`` holds the shape patterns, the word lists for people and roles, the filters
  (venues, bylines, planned names) and the issuer cues.

A form without lower-case letters ("US", "MOST") matches case-sensitively; every other form
ignores case but must start as written (a capital stays a capital). Apostrophes and "and"/"&"
variants of a form are added automatically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import pycountry
import regex
from pydantic import Field

from .engine import PatternRule, PhraseMatcher, RuleSet, compile_pattern
from .errors import VocabularyError
from .models import ActorKind
from .vocab import DataModel, load_data

__all__ = ["ActorData", "Entity", "actor_data"]

JurisdictionType = Literal[
    "country",
    "bloc",
    "province",
    "municipality",
    "region",
    "sar",
    "state",
    "city",
    "district",
    "zone",
    "place",
]


# --------------------------------------------------------------------------- file models
class CountryEntry(DataModel):
    code: str = Field(min_length=2, max_length=2)
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    drop: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class SubdivisionSource(DataModel):
    country: str
    types: list[str]
    skip_names: list[str] = Field(default_factory=list)


class CountriesFile(DataModel):
    skip: list[str] = Field(default_factory=list)
    subdivisions: list[SubdivisionSource] = Field(default_factory=list)
    country: list[CountryEntry] = Field(default_factory=list)


class GazetteerEntry(DataModel):
    name: str = Field(min_length=1)
    kind: ActorKind | None = None
    type: JurisdictionType | None = None
    aliases: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    country: str | None = None
    media: bool = False


class GazetteerFile(DataModel):
    kind: ActorKind
    entry: list[GazetteerEntry]


class ShapeRule(DataModel):
    name: str
    pattern: str
    kind: ActorKind
    type: JurisdictionType | None = None


class GovernmentRule(DataModel):
    name: str
    pattern: str


class ListRule(DataModel):
    name: str
    pattern: str
    type: JurisdictionType
    alias_suffix: dict[str, str] = Field(default_factory=dict)
    types: dict[str, JurisdictionType] = Field(default_factory=dict)
    singular: bool = False


class Filters(DataModel):
    blocks: list[str]
    venue_tail: str
    venue_before: str
    planned: str
    excluded_lines: list[str]
    leading_stopwords: list[str]


class DemonymRules(DataModel):
    govnouns: list[str]
    pattern: str


class PeopleRules(DataModel):
    titles: list[str]
    titles_before: list[str]
    portfolios: list[str]
    honorifics: list[str]
    speech: list[str]
    surnames: list[str]
    not_names: list[str]


class IssuerRules(DataModel):
    not_subject_before: list[str]
    agent_before: list[str]
    release_verbs: list[str]


class Anaphor(DataModel):
    phrases: list[str]
    types: list[str]


class RulesFile(DataModel):
    fragments: dict[str, str]
    shape: list[ShapeRule]
    government: list[GovernmentRule]
    coordination: list[ListRule]
    filters: Filters
    demonym: DemonymRules
    people: PeopleRules
    issuer: IssuerRules
    anaphor: list[Anaphor]


# --------------------------------------------------------------------------- compiled data
@dataclass(frozen=True, slots=True)
class Entity:
    """A gazetteer entry: one real-world actor with every form it is written in."""

    index: int
    name: str
    kind: ActorKind
    type: str | None
    aliases: tuple[str, ...]
    media: bool = False
    allow_lower: bool = False


@dataclass
class ActorData:
    """Everything the actor extractor needs, compiled once."""

    entities: list[Entity]
    phrases: PhraseMatcher
    context: PhraseMatcher | None
    blocks: PhraseMatcher
    form_index: dict[str, int]  # casefolded form -> entity index
    demonyms: dict[str, int]  # demonym -> entity index
    shapes: list[tuple[ShapeRule, regex.Pattern[str]]]
    governments: RuleSet
    lists: list[tuple[ListRule, regex.Pattern[str]]]
    demonym_pattern: regex.Pattern[str] | None
    venue_tail: regex.Pattern[str]
    venue_before: regex.Pattern[str]
    planned: regex.Pattern[str]
    excluded_lines: list[regex.Pattern[str]]
    leading_stopwords: frozenset[str]
    fragments: dict[str, str]
    rules: RulesFile
    name_stopwords: frozenset[str] = field(default_factory=frozenset)


_FRAGMENT = regex.compile(r"\{([a-z_]+)\}")
_LOWER = regex.compile(r"\p{Ll}")


def expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    """Insert the ``{name}`` fragments into ``pattern`` (fragments may nest)."""
    for _ in range(8):
        if not _FRAGMENT.search(pattern):
            return pattern

        def sub(m: regex.Match[str]) -> str:
            key = m.group(1)
            if key not in fragments:
                raise VocabularyError(
                    f"unknown fragment {{{key}}}",
                    file="futureind/data/actors/rules.toml",
                    entry=where,
                )
            return fragments[key]

        pattern = _FRAGMENT.sub(sub, pattern)
    raise VocabularyError(
        "fragments nest too deeply", file="futureind/data/actors/rules.toml", entry=where
    )


def variants(form: str) -> list[str]:
    """A form and its spelling variants: both apostrophes, "and" and "&"."""
    out = [form]
    for a, b in (("'", "’"), ("’", "'"), (" and ", " & "), (" & ", " and ")):
        for f in list(out):
            if a in f:
                out.append(f.replace(a, b))
    seen: dict[str, None] = {}
    for f in out:
        seen.setdefault(f, None)
    return list(seen)


def _country_entries(data: CountriesFile) -> list[GazetteerEntry]:
    overrides = {c.code.upper(): c for c in data.country}
    skip = {c.upper() for c in data.skip}
    out: list[GazetteerEntry] = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in skip:
            continue
        iso_name: str = country.name
        common: str | None = getattr(country, "common_name", None)
        official: str | None = getattr(country, "official_name", None)
        extra = overrides.get(code)
        name = (extra.name if extra and extra.name else None) or common or iso_name
        drop = set(extra.drop) if extra else set()
        forms = [f for f in (iso_name, common, official) if f]
        aliases = [
            f for f in forms if f != name and f not in drop and "," not in f and "(" not in f
        ]
        if extra:
            aliases += extra.aliases
        out.append(
            GazetteerEntry(
                name=name,
                kind="jurisdiction",
                type="country",
                aliases=list(dict.fromkeys(aliases)),
                demonyms=extra.demonyms if extra else [],
                zh=extra.zh if extra else [],
                country=code,
            )
        )
    for source in data.subdivisions:
        skip_names = set(source.skip_names)
        subs = pycountry.subdivisions.get(country_code=source.country)  # type: ignore[no-untyped-call]
        for sub in subs or []:
            if sub.type in source.types and sub.name not in skip_names:
                out.append(
                    GazetteerEntry(
                        name=sub.name, kind="jurisdiction", type="state", country=source.country
                    )
                )
    return out


def _compile(pattern: str, where: str, flags: int = 0, **lists: list[str]) -> regex.Pattern[str]:
    used = {
        k: sorted(set(v), key=lambda s: (-len(s), s))
        for k, v in lists.items()
        if f"\\L<{k}>" in pattern
    }
    return compile_pattern(pattern, flags=flags, where=where, **used)


@lru_cache(maxsize=1)
def actor_data() -> ActorData:
    """Load and compile the actor gazetteers and rules (once per process)."""
    countries = load_data("actors/countries.toml", CountriesFile)
    places = load_data("actors/places.toml", GazetteerFile)
    bodies = load_data("actors/bodies.toml", GazetteerFile)
    rules = load_data("actors/rules.toml", RulesFile)
    where = "futureind/data/actors/rules.toml"

    raw: list[GazetteerEntry] = []
    for e in places.entry:
        raw.append(e if e.kind else e.model_copy(update={"kind": places.kind}))
    for e in _country_entries(countries):
        raw.append(e)
    for e in bodies.entry:
        raw.append(e if e.kind else e.model_copy(update={"kind": bodies.kind}))

    entities: list[Entity] = []
    phrases: dict[str, int] = {}
    sensitive: set[str] = set()
    context: dict[str, int] = {}
    demonyms: dict[str, int] = {}
    form_index: dict[str, int] = {}
    name_words: set[str] = set()
    for entry in raw:
        idx = len(entities)
        forms = [entry.name, *entry.aliases]
        if any(f.casefold() in form_index for f in forms[:1]) and entry.type == "state":
            continue  # an ISO subdivision that a gazetteer entry already names
        kind: ActorKind = entry.kind or "jurisdiction"
        entities.append(
            Entity(
                index=idx,
                name=entry.name,
                kind=kind,
                type=entry.type if kind == "jurisdiction" else None,
                aliases=tuple(a for a in entry.aliases if a != entry.name),
                media=entry.media,
                allow_lower=any(f[:1].islower() for f in forms),
            )
        )
        for form in [*forms, *entry.zh]:
            for v in variants(form):
                phrases.setdefault(v, idx)
                form_index.setdefault(v.casefold(), idx)
                if not _LOWER.search(v):
                    sensitive.add(v)
        for form in entry.context:
            for v in variants(form):
                context.setdefault(v, idx)
        for dem in entry.demonyms:
            demonyms.setdefault(dem, idx)
        for form in forms:
            name_words.update(w for w in regex.split(r"[\s\-]+", form) if w[:1].isupper())

    people = rules.people
    surnames = set(people.surnames)
    stop = {w for w in name_words if w not in surnames} | set(people.not_names)
    fragments = dict(rules.fragments)

    shapes = [
        (
            r,
            _compile(
                expand(r.pattern, fragments, r.name) + r"(?![\p{L}\p{N}])", f"{where}, {r.name}"
            ),
        )
        for r in rules.shape
    ]
    governments = RuleSet(
        [
            PatternRule(r.name, expand(r.pattern, fragments, r.name), flags=0)
            for r in rules.government
        ],
        where=where,
    )
    lists = [
        (r, _compile(expand(r.pattern, fragments, r.name), f"{where}, {r.name}"))
        for r in rules.coordination
    ]
    dem_pattern = None
    if demonyms:
        dem_pattern = _compile(
            expand(rules.demonym.pattern, fragments, "demonym"),
            f"{where}, demonym",
            demonyms=list(demonyms),
            govnouns=rules.demonym.govnouns,
        )
    f = rules.filters
    return ActorData(
        entities=entities,
        phrases=PhraseMatcher(phrases, case_sensitive=sensitive, rule="gazetteer"),
        context=PhraseMatcher(context, case_sensitive=set(context), rule="context")
        if context
        else None,
        blocks=PhraseMatcher(dict.fromkeys(v for b in f.blocks for v in variants(b)), rule="block"),
        form_index=form_index,
        demonyms=demonyms,
        shapes=shapes,
        governments=governments,
        lists=lists,
        demonym_pattern=dem_pattern,
        venue_tail=_compile(expand(f.venue_tail, fragments, "venue_tail"), where),
        venue_before=_compile(expand(f.venue_before, fragments, "venue_before"), where),
        planned=_compile(expand(f.planned, fragments, "planned"), where),
        excluded_lines=[
            _compile(expand(p, fragments, "excluded_lines"), where, flags=regex.MULTILINE)
            for p in f.excluded_lines
        ],
        leading_stopwords=frozenset(f.leading_stopwords),
        fragments=fragments,
        rules=rules,
        name_stopwords=frozenset(stop),
    )
