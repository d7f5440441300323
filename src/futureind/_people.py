"""People and their roles (private helper of :mod:`futureind.actors`).

Patterns, all built from ``data/actors/rules.toml``:

* appositive: "Li Wen, a member of the National Committee of ... and president of Y, said"
* title before a name: "General Secretary Xi Jinping", "Premier Li Qiang",
  "Japan's Minister of Economy, Trade and Industry Ken Saito",
  "technology secretary Michelle Donelan"
* speech: "Zhang Qiao pointed out", "said Wu Jincheng", "According to Zhang Yi"
* honorific: "Mr. Zhang"

A role's organisation is returned as a span of the text; :mod:`futureind.actors` resolves it
to an actor.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ._actor_data import ActorData, WordStarts, _compile, actor_data, expand
from .engine import REGEX_TIMEOUT

__all__ = ["PersonFind", "RoleFind", "family_name", "find_people"]

_NONSPACE = regex.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class RoleFind:
    """A role found in the text: its title and where its organisation stands, if any."""

    title: str
    org_start: int | None = None
    org_end: int | None = None
    org_entity: int | None = None  # a gazetteer entity given by a demonym ("Chinese Premier")


@dataclass(slots=True)
class PersonFind:
    """A person mention with the roles stated at that mention."""

    start: int
    end: int
    name: str
    rule: str
    roles: list[RoleFind] = field(default_factory=list)
    short: bool = False  # a one-word later mention ("Zhang said") to merge with a full name


@dataclass(frozen=True)
class _Compiled:
    appositive: regex.Pattern[str]
    role_start: regex.Pattern[str]
    role_link: regex.Pattern[str]
    org_stop: regex.Pattern[str]
    role_next: regex.Pattern[str]
    title_name: regex.Pattern[str]
    honorific: regex.Pattern[str]
    speech_after: regex.Pattern[str]
    # what stands before the verb in a speech_after match, compiled to search in reverse:
    # does it end just before a verb (a test that leaves only those verbs to search from)
    speech_lead: regex.Pattern[str]
    speech_before: regex.Pattern[str]
    according: regex.Pattern[str]
    possessive: regex.Pattern[str]
    org_descriptor: regex.Pattern[str]
    after_name: regex.Pattern[str]
    # where title_name and speech_before can start (pre-filters; honorific and according
    # start with a few words that the regex engine's own scan finds faster)
    title_starts: WordStarts
    speech_starts: WordStarts
    # the words of both, found in one scan and then told apart (WordStarts.among)
    title_or_speech_starts: WordStarts
    # how far past the start of its verb of speaking a speech_after match (and its final
    # \b) reaches: the longest verb, a space in it standing for up to three separators, + 1
    speech_reach: int
    surnames: frozenset[str]
    stop: frozenset[str]
    not_names: frozenset[str]
    particles: frozenset[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = actor_data()
    p = data.rules.people
    frag = data.fragments
    where = "futureind/data/actors/rules.toml, people"
    lists = {
        "titles": p.titles,
        "titles_before": _cases(p.titles_before),
        "portfolios": _cases(p.portfolios),
        "honorifics": p.honorifics,
        "speech": p.speech,
    }

    def c(pattern: str, flags: int = 0) -> regex.Pattern[str]:
        return _compile(expand(pattern, frag, "people"), where, flags, **lists)

    art = r"(?:(?:a|an|the|A|An|The){sp})?"
    # the body or place whose role it is, as a possessive: "the Commission's", "China's"
    owner = r"(?:(?P<owner>{capseq})['’]s{sp})?"
    any_owner = r"(?:{capseq}['’]s{sp})?"
    title_words = [
        *lists["titles_before"],
        *(f"{w} {t}" for w in lists["portfolios"] for t in _PORTFOLIO_TITLES),
    ]
    lead = r"(?P<name>{name}){sp}(?:(?:has|had|also|further|then|once|previously|recently){sp})?"
    return _Compiled(
        appositive=c(
            r"(?P<name>{name}),{sp}(?:who{sp}(?:is|was){sp}(?:also{sp})?)?(?="
            + art
            + any_owner
            + r"(?i:\L<titles>)\b)"
        ),
        role_start=c(art + owner + r"(?P<title>(?i:\L<titles>))(?![\p{L}\-])"),
        role_link=c(r"{sp}(?P<link>of|to|at|for|in|with|from){sp}(?:the{sp})?"),
        org_stop=c(
            r"[,;:()\"“”]|\.(?=\s|\Z)|\n|{sp}(?:and|as{sp}well{sp}as){sp}(?="
            + art
            + r"(?i:\L<titles>)\b)|{sp}(?:\L<speech>)\b|{sp}(?:who|which|that|where|has|have|had|is|was|were|will|would|on|since|when){sp}"
            # "director of the Institute of X under the Chinese Academy of Sciences": the
            # parent body is an actor of its own
            r"|{sp}(?:under|at|affiliated{sp}(?:to|with)){sp}the{sp}(?=\p{Lu})"
        ),
        role_next=c(r"(?:,?{sp}and{sp}|,{sp}|{sp}as{sp}well{sp}as{sp})"),
        # "the Secretary for Innovation, Technology and Industry, Professor Sun Dong": a
        # portfolio listed with commas, then a comma before the name
        title_name=c(
            r"\b(?P<title>\L<titles_before>|\L<portfolios>{sp}(?:[Mm]inister|[Ss]ecretary))"
            r"(?:(?P<listed>{ofthe}{capseq}(?:,{sp}{capseq}){1,3}),{sp}"
            r"(?:(?:Professor|Prof\.|Dr\.?){sp})?|(?P<of>{ofthe}{capseq})?{sp})(?P<name>{name})"
        ),
        honorific=c(r"\b(?:\L<honorifics>){sp}(?P<name>{name})"),
        speech_after=c(lead + r"(?:\L<speech>)\b"),
        speech_lead=c(lead + r"\Z", regex.REVERSE),
        speech_before=c(
            r"\b(?:\L<speech>){sp}(?P<name>{name})(?=[,.;:]|{sp}(?:in|at|on|during|when)\b)"
        ),
        according=c(r"\b[Aa]ccording{sp}to{sp}(?P<name>{name})\b"),
        possessive=c(r"['’]s{sp}\Z"),
        org_descriptor=c(p.org_descriptor),
        after_name=c(r"{sp}(?:of|at|from){sp}(?:the{sp})?"),
        title_starts=WordStarts(title_words),
        speech_starts=WordStarts(p.speech),
        title_or_speech_starts=WordStarts([*title_words, *p.speech]),
        speech_reach=max((len(w) + 2 * w.count(" ") for w in p.speech), default=0) + 1,
        surnames=frozenset(p.surnames),
        stop=data.name_stopwords,
        not_names=frozenset(p.not_names),
        particles=frozenset({"von", "van", "der", "de", "da", "la", "le", "bin", "al"}),
    )


_PORTFOLIO_TITLES = ("Minister", "minister", "Secretary", "secretary")  # as in title_name


def _cases(words: Sequence[str]) -> list[str]:
    """Each word as written, in lower case, capitalised and in title case (case-sensitive
    patterns scan much faster than case-insensitive ones)."""
    return sorted({v for w in words for v in (w, w.lower(), w.capitalize(), w.title())})


def family_name(name: str) -> str:
    """The family name of a person's name: first word for Chinese/Korean order (two or
    three words: "Heng Swee Keat", "Kim Jong Un"), else last.

    >>> family_name("Zhang Qiao"), family_name("Heng Swee Keat"), family_name("Rishi Sunak")
    ('Zhang', 'Heng', 'Sunak')
    >>> family_name("Trump")
    'Trump'
    """
    words = name.split()
    if not words:
        return name
    if len(words) in (2, 3) and words[0] in _compiled().surnames:
        return words[0]
    return words[-1]


def _clean_name(
    text: str, start: int, end: int, blocked: Callable[[int, int], bool]
) -> tuple[int, int] | None:
    """Trim leading non-name words from a name match; None when it is no person's name."""
    comp = _compiled()
    words = [m.span() for m in _NONSPACE.finditer(text, start, end)]
    while words and text[words[0][0] : words[0][1]] in comp.stop:
        if text[words[0][0] : words[0][1]] in comp.surnames:
            break
        words.pop(0)
    if not words:
        return None
    s, e = words[0][0], words[-1][1]
    # a Chinese or Korean name (family name first) may share a word with a place ("Hui")
    stop = comp.not_names if text[s : words[0][1]] in comp.surnames else comp.stop
    for ws, we in words[1:] if stop is comp.not_names else words:
        w = text[ws:we]
        if w in stop and w not in comp.surnames:
            return None
    if blocked(s, e):
        return None
    return s, e


def _split_title_name(
    text: str, of_start: int, name_end: int, blocked: Callable[[int, int], bool]
) -> int | None:
    """Where the name starts in "Minister of Science and ICT Lee Jong-ho"."""
    comp = _compiled()
    words = [m.span() for m in _NONSPACE.finditer(text, of_start, name_end)]
    if len(words) < 2:
        return None
    last_two = words[-2:]
    tokens = [text[s:e] for s, e in last_two]
    if tokens[0] in comp.surnames or not any(t in comp.stop for t in tokens):
        start = last_two[0][0]
    elif tokens[1] not in comp.stop:
        start = last_two[1][0]
    else:
        return None
    return None if blocked(start, name_end) else start


def parse_roles(
    text: str,
    pos: int,
    limit: int,
    spans: Sequence[tuple[int, int]],
    starts: Sequence[int] | None = None,
) -> tuple[list[RoleFind], int]:
    """Roles written from ``pos`` on: "a member of X and president of Y". Returns the roles
    and where they end. ``spans`` (sorted) are names an organisation may not be cut inside.
    """
    comp = _compiled()
    if starts is None:
        starts = [s for s, _ in spans]
    roles: list[RoleFind] = []
    end = pos
    for _ in range(8):
        m = comp.role_start.match(text, pos, limit, timeout=REGEX_TIMEOUT)
        if not m:
            break
        title = m.group("title")
        p = m.end()
        link = comp.role_link.match(text, p, limit, timeout=REGEX_TIMEOUT)
        owner = (m.start("owner"), m.end("owner")) if m.group("owner") else (None, None)
        role = RoleFind(title, *owner)
        if link:
            org_start = link.end()
            q = org_start
            org_end = limit
            while True:
                stop = comp.org_stop.search(text, q, limit, timeout=REGEX_TIMEOUT)
                if not stop:
                    break
                i = bisect.bisect_right(starts, stop.start()) - 1
                if i >= 0 and spans[i][0] < stop.start() < spans[i][1] and spans[i][1] > q:
                    q = spans[i][1]
                    continue
                org_end = stop.start()
                break
            while org_end > org_start and text[org_end - 1] in " \t.":
                org_end -= 1
            described = comp.org_descriptor.match(text, org_start, org_end)
            if described is not None:
                org_start = described.end()  # "Hangzhou-based drone maker Feiyun Technology"
            first = text[org_start:org_end][:1]
            if org_end - org_start > 150 or not first:
                break
            i = bisect.bisect_right(starts, org_start) - 1
            known = i >= 0 and spans[i][0] == org_start
            if link.group("link") == "for" and not known:
                # "Commissioner for Internal Market": a portfolio, part of the title
                role = RoleFind(text[m.start("title") : org_end], *owner)
            elif first.isupper() or first.isdigit():
                role = RoleFind(title=title, org_start=org_start, org_end=org_end)
            else:
                words = text[org_start:org_end].split()
                if len(words) > 4:
                    break
                role = RoleFind(text[m.start("title") : org_end], *owner)
            p = org_end
        roles.append(role)
        end = p
        nxt = comp.role_next.match(text, p, limit, timeout=REGEX_TIMEOUT)
        if not nxt or not comp.role_start.match(text, nxt.end(), limit, timeout=REGEX_TIMEOUT):
            break
        pos = nxt.end()
    return roles, end


class _Taken:
    """Spans already read as people (sorted), to give each name to one pattern only."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)
        return not (i > 0 and self.ends[i - 1] > s)

    def append(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


def find_people(
    text: str,
    ranges: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int]],
    blocked: Callable[[int, int], bool],
    org_before: Callable[[int], tuple[int, int] | None],
    data: ActorData | None = None,
    limit_at: Callable[[int], int] | None = None,
    org_after: Callable[[int], tuple[int, int] | None] = lambda i: None,
) -> list[PersonFind]:
    """People mentioned in ``text[start:end]`` for each of ``ranges`` (pieces of the text).

    ``spans``: sorted names of organisations and places (a role's organisation is never cut
    inside one); ``blocked(s, e)``: does ``[s, e)`` overlap such a name; ``org_before(i)``:
    the name (or demonym) that ends just before offset ``i`` ("China's", "Chinese"), if any,
    and ``org_after(i)`` the name that starts at ``i``;
    ``limit_at(i)``: where the sentence holding offset ``i`` ends (roles stop there).
    """
    comp = _compiled()
    dem = (data or actor_data()).demonyms
    span_starts = [s for s, _ in spans]
    found: list[PersonFind] = []
    for r_start, r_end in ranges:
        taken = _Taken()
        free = taken.free
        by_span: dict[tuple[int, int], PersonFind] = {}

        # appositives: "Xu Kun, a member of ... and president of Y"
        for m in comp.appositive.finditer(text, r_start, r_end, timeout=REGEX_TIMEOUT):
            span = _clean_name(text, m.start("name"), m.end("name"), blocked)
            if span is None:
                continue
            limit = min(r_end, limit_at(m.end())) if limit_at is not None else r_end
            roles, roles_end = parse_roles(text, m.end(), limit, spans, span_starts)
            if roles:
                name = text[span[0] : span[1]]
                find = PersonFind(span[0], span[1], name, "person_appositive", roles)
                found.append(find)
                by_span[span] = find
                taken.append(span)
                if roles_end > m.end():
                    # no other name inside the roles just read ("... for Tech Sovereignty")
                    taken.append((m.end(), roles_end))
        # titles before names: "Premier Li Qiang"
        shared_hits = comp.title_or_speech_starts.hits(text, r_start, r_end)
        title_hits = comp.title_starts.among(text, shared_hits)
        for m in comp.title_starts.finditer(comp.title_name, text, r_start, r_end, title_hits):
            n_start, n_end = m.start("name"), m.end("name")
            title_end = m.end("title")
            if m.group("listed"):
                title_end = m.end("listed")
            elif m.group("of"):
                split = _split_title_name(text, m.start("of"), n_end, blocked)
                if split is None:
                    continue
                n_start = split
                title_end = split
                while title_end > m.start("title") and text[title_end - 1].isspace():
                    title_end -= 1
            span = _clean_name(text, n_start, n_end, blocked)
            if span is None:
                continue
            earlier = by_span.get(span)
            if earlier is None and not free(*span):
                continue
            title = text[m.start("title") : title_end]
            before = org_before(m.start("title"))
            role = RoleFind(title=title)
            if before is not None:
                word = text[before[0] : before[1]]
                if word in dem:
                    role = RoleFind(title=title, org_entity=dem[word])
                else:
                    role = RoleFind(title=title, org_start=before[0], org_end=before[1])
            else:
                # "Professor Pan Jianwei of the University of ..."
                link = comp.after_name.match(text, span[1], r_end, timeout=REGEX_TIMEOUT)
                after = org_after(link.end()) if link else None
                if after is not None:
                    role = RoleFind(title=title, org_start=after[0], org_end=after[1])
            if earlier is not None:
                # "CPPCC member Zhou Li, who is also vice president of ..."
                earlier.roles.insert(0, role)
                continue
            name = text[span[0] : span[1]]
            found.append(PersonFind(span[0], span[1], name, "person_title", [role]))
            taken.append(span)
        # honorifics and speech: "Mr. Zhang", "Zhang Qiao pointed out", "said Wu Jincheng"
        speech_hits = comp.speech_starts.among(text, shared_hits)
        for pattern, rule in (
            (comp.honorific, "person_honorific"),
            (comp.speech_after, "person_speech"),
            (comp.speech_before, "person_speech"),
            (comp.according, "person_speech"),
        ):
            if pattern is comp.speech_after:
                # a name, then a verb of speaking on the same line: only the verbs with
                # what a match holds before them just before them
                after_hits = (
                    None
                    if speech_hits is None
                    else [
                        i
                        for i in speech_hits
                        if comp.speech_lead.search(text, r_start, i, timeout=REGEX_TIMEOUT)
                    ]
                )
                matches = comp.speech_starts.finditer_before(
                    pattern, comp.speech_reach, text, r_start, r_end, after_hits
                )
            elif pattern is comp.speech_before:
                matches = comp.speech_starts.finditer(pattern, text, r_start, r_end, speech_hits)
            else:
                matches = pattern.finditer(text, r_start, r_end, timeout=REGEX_TIMEOUT)
            for m in matches:
                span = _clean_name(text, m.start("name"), m.end("name"), blocked)
                if span is None or not free(*span):
                    continue
                name = text[span[0] : span[1]]
                short = " " not in name
                found.append(PersonFind(span[0], span[1], name, rule, [], short=short))
                taken.append(span)
    found.sort(key=lambda f: (f.start, f.end))
    return found
