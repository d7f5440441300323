"""Time expressions: deadlines, ranges, years, five-year plans, relative years and dates.

:func:`find_periods` reads running text, :func:`parse_period` a whole string, and
:func:`infer_published` looks for a stated publication date. The phrases live in
``futureind/data/periods.toml``: each rule is a pattern plus a recipe for its years
("by 2030" → ``end = year``; "during the 14th Five-Year Plan period" → ``plan.start`` to
``plan.end``; "in the next five years" → ``pub`` to ``pub+n``). Relative expressions are
resolved against the ``published`` date with :class:`dateutil.relativedelta.relativedelta`
and give nothing when no date is known — there is no hidden ``date.today()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import regex
from dateutil.relativedelta import relativedelta
from pydantic import Field, model_validator

from .engine import REGEX_TIMEOUT, Match, resolve_overlaps
from .errors import VocabularyError
from .models import Period, Span
from .numbers import number_value
from .text import Segment
from .vocab import DataModel, load_data

__all__ = ["PeriodData", "find_periods", "infer_published", "parse_period"]

_WHERE = "futureind/data/periods.toml"
_RECIPE = r"^(?:(?:year|year2|plan\.start|plan\.end|pub)(?:[+-](?:\d{1,3}|n))?|\d{4})?$"
PeriodKind = Literal["deadline", "range", "point", "relative", "date"]


class _Plan(DataModel):
    ordinal: int = Field(ge=1, le=30)
    start: int
    end: int
    names: list[str] = Field(min_length=1)


class _Rule(DataModel):
    name: str
    pattern: str
    kind: PeriodKind
    start: str = Field(default="", pattern=_RECIPE)
    end: str = Field(default="", pattern=_RECIPE)
    priority: int = 0
    # words every match holds one of, per group (lower case): the rule is skipped on an
    # ASCII text without them; needs_han: every match holds a Han character
    needs: list[list[str]] = Field(default_factory=list)
    needs_han: bool = False


class _Published(DataModel):
    name: str
    pattern: str


class PeriodData(DataModel):
    """The whole of ``periods.toml``, validated."""

    plan: list[_Plan]
    months: dict[str, int]
    rule: list[_Rule]
    published_window: int = Field(default=3000, ge=100)
    published: list[_Published]

    @model_validator(mode="after")
    def _unique(self) -> PeriodData:
        names = [r.name for r in self.rule]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"duplicate rule names: {sorted(dup)}")
        return self


_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty"
    "|一|二|两|三|四|五|六|七|八|九|十|十五|二十|三十"
)


@dataclass(frozen=True)
class _Compiled:
    data: PeriodData
    rules: list[tuple[_Rule, regex.Pattern[str]]]
    published: list[tuple[str, regex.Pattern[str]]]
    plans: dict[str, _Plan]


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by prefix (fast to scan)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [regex.escape(k) + emit(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 or "" in node else alts[0]
        return body + "?" if "" in node else body

    return emit(root) or "(?!)"


def _expand(pattern: str, data: PeriodData) -> str:
    names = [n for p in data.plan for n in p.names]
    plans = sorted({f for n in names if n.isascii() for f in (n, n.capitalize(), n.upper())})
    zh_plans = [n for n in names if not n.isascii()]
    months = sorted({f for m in data.months for f in (m.capitalize(), m.upper())})
    subs = {
        "@YEAR@": r"(?<![\p{N}])(?P<year>(?:18|19|20|21)\d{2})(?![\p{N}\p{Latin}])",
        "@YEAR2@": r"(?<![\p{N}])(?P<year2>(?:18|19|20|21)\d{2})(?![\p{N}\p{Latin}])",
        "@PLAN@": f"(?P<plan>{_trie(plans)})",
        "@ZHPLAN@": f"(?P<plan>{_trie(zh_plans)})",
        "@N@": rf"(?P<n>\d{{1,2}}|(?i:{_trie(_NUMBER_WORDS.split('|'))}))",
        "@MONTH@": f"(?P<month>{_trie(months)})(?![\\p{{L}}])",
    }
    for key, value in subs.items():
        pattern = pattern.replace(key, value)
    return pattern


def _rx(pattern: str, *, where: str) -> regex.Pattern[str]:
    """Compile with the ``regex`` package (version 0 syntax, which scans fastest)."""
    try:
        return regex.compile(pattern)
    except (regex.error, TypeError, ValueError) as exc:
        raise VocabularyError(f"bad regular expression: {exc}", file=where) from exc


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = load_data("periods.toml", PeriodData)
    rules = [
        (r, _rx(_expand(r.pattern, data), where=f"{_WHERE}, rule {r.name!r}")) for r in data.rule
    ]
    published = [
        (p.name, _rx(_expand(p.pattern, data), where=f"{_WHERE}, published {p.name!r}"))
        for p in data.published
    ]
    plans = {n.casefold(): p for p in data.plan for n in p.names}
    return _Compiled(data=data, rules=rules, published=published, plans=plans)


@lru_cache(maxsize=256)
def _recipe_parts(recipe: str) -> tuple[str, str | None, str | None]:
    m = _RECIPE_PARTS.match(recipe)
    if m is None:  # impossible: recipes are validated at load
        return recipe, None, None
    return m.group(1), m.group(2), m.group(3)


_RECIPE_PARTS = regex.compile(r"^([a-z0-9.]+)(?:([+-])(\w+))?$")


def _year_of(
    recipe: str, m: regex.Match[str], plans: dict[str, _Plan], published: dt.date | None
) -> tuple[bool, int | None]:
    """Evaluate a start/end recipe: (ok, year). ok is False when the rule cannot apply."""
    if not recipe:
        return True, None
    if recipe.isdigit():
        return True, int(recipe)
    base, sign, off = _recipe_parts(recipe)
    offset = 0
    if off is not None:
        if off == "n":
            n = number_value(m.group("n") or "")
            if n is None or n != int(n) or n <= 0 or n > 100:
                return False, None
            offset = int(n)
        else:
            offset = int(off)
        if sign == "-":
            offset = -offset
    index = m.re.groupindex
    if base in ("year", "year2"):
        raw = m.group(index[base]) if base in index else None  # by number: names cost more
        if not raw:
            return False, None
        year = int(raw)
        if base == "year2" and year < 100:
            first = int((m.group(index["year"]) if "year" in index else None) or 0)
            year = first // 100 * 100 + year
        return True, year + offset
    if base.startswith("plan."):
        plan = plans.get(((m.group(index["plan"]) if "plan" in index else None) or "").casefold())
        if plan is None:
            return False, None
        return True, (plan.start if base == "plan.start" else plan.end) + offset
    if base == "pub":
        if published is None:
            return False, None
        return True, (published + relativedelta(years=offset)).year
    return False, None


def _date_of(m: regex.Match[str], months: dict[str, int]) -> dt.date | None:
    g = m.groupdict()
    try:
        year = int(g.get("year") or "")
        month_raw = g.get("month") or ""
        month = int(month_raw) if month_raw.isdigit() else months.get(month_raw.casefold(), 0)
        day = int(g.get("day") or "")
    except ValueError:
        return None
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# Words a rule cannot match without (every group needs one of its words), checked in
# the lowered text before the rule's pattern runs. Only for ASCII texts: there lowering
# is exact and a case-insensitive pattern meets no letter outside ASCII.
_HAN = regex.compile(r"\p{Han}")


_RulePlan = tuple[_Rule, regex.Pattern[str], int, bool, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def _rules() -> list[_RulePlan]:
    """Each rule with its pattern, the number of its ``pre`` group (0: none), whether it
    needs a Han character and the words it needs (both from periods.toml)."""
    return [
        (
            r,
            p,
            p.groupindex.get("pre", 0),
            r.needs_han,
            tuple(tuple(w.casefold() for w in group) for group in r.needs),
        )
        for r, p in _compiled().rules
    ]


def _has_words(low: str, groups: tuple[tuple[str, ...], ...], seen: dict[str, bool]) -> bool:
    """Does ``low`` hold a word of every group? (``seen`` remembers each word's answer.)"""
    for words in groups:
        for w in words:
            hit = seen.get(w)
            if hit is None:
                hit = seen[w] = w in low
            if hit:
                break
        else:
            return False
    return True


def _runnable(text: str) -> list[tuple[_Rule, regex.Pattern[str], int]]:
    """The rules that may match ``text`` (cheap tests before the scans), with patterns and
    the numbers of their ``pre`` groups (0: none)."""
    rules = _rules()
    if text.isascii():
        low = text.lower()
        seen: dict[str, bool] = {}
        return [
            (r, p, pre)
            for r, p, pre, zh, needs in rules
            if not zh and (not needs or _has_words(low, needs, seen))
        ]
    han = _HAN.search(text) is not None
    return [(r, p, pre) for r, p, pre, zh, _needs in rules if han or not zh]


def _scan(text: str, published: dt.date | None) -> list[Period]:
    c = _compiled()
    found: list[Match] = []
    for rule, pattern, pre in _runnable(text):
        for m in list(pattern.finditer(text, timeout=REGEX_TIMEOUT)):
            s, e = m.span()
            if pre and m.start(pre) >= 0:
                s = min(s, m.start(pre))
            while e > s and text[e - 1].isspace():
                e -= 1
            while s < e and text[s].isspace():
                s += 1
            if e <= s:
                continue
            ok1, start = _year_of(rule.start, m, c.plans, published)
            ok2, end = _year_of(rule.end, m, c.plans, published)
            if not (ok1 and ok2) or (start is None and end is None):
                continue
            if start is not None and end is not None and start > end:
                continue
            date = None
            if rule.kind == "date":
                date = _date_of(m, c.data.months)
                if date is None:
                    continue
            found.append(Match(s, e, rule.name, (rule.kind, start, end, date), rule.priority))
    periods: list[Period] = []
    for match in resolve_overlaps(found):
        kind, start, end, date = match.value
        raw = text[match.start : match.end]
        span = Span(start=match.start, end=match.end, text=raw, rule=match.rule)
        periods.append(
            Period(start=start, end=end, kind=kind, raw=raw, date=date, span=span, rule=match.rule)
        )
    return periods


def find_periods(text: str, *, published: dt.date | None = None) -> list[Period]:
    """Every time expression in running text, in text order, with spans and rule names.

    >>> [(p.kind, p.end, p.span.text) for p in find_periods("Output will double by 2030.")]
    [('deadline', 2030, 'by 2030')]
    """
    if not isinstance(text, str) or not text:
        return []
    return _scan(text, published)


_TRIM = " \t\r\n.,;:!?。，；：！？"


def parse_period(text: str, *, published: dt.date | None = None) -> Period | None:
    """Parse a whole string as one time expression, or None.

    >>> parse_period("by the end of 2025").end
    2025
    >>> parse_period("during the 14th Five-Year Plan period").start
    2021
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip(_TRIM)
    if not stripped:
        return None
    lead = text.find(stripped)
    found = _scan(text, published)
    if len(found) != 1 or found[0].span is None:
        return None
    p = found[0]
    assert p.span is not None
    if p.span.start != lead or p.span.end != lead + len(stripped):
        return None
    return p


def infer_published(text: str, segments: list[Segment]) -> dt.date | None:
    """The publication date the text states near its top (source line, "Published:" line).

    Conservative: only a full date (year, month and day) counts; a dateline such as
    "BEIJING, Jan. 29 (Xinhua) --" has no year and gives None.

    >>> infer_published("Title\\nSource: Daily News 01-30-2024 12:30\\nBody.", [])
    datetime.date(2024, 1, 30)
    """
    if not isinstance(text, str) or not text:
        return None
    c = _compiled()
    head = text[: c.data.published_window]
    for _name, pattern in c.published:
        for m in pattern.finditer(head, timeout=REGEX_TIMEOUT):
            date = _date_of(m, c.data.months)
            if date is not None and 1900 <= date.year <= 2199:
                return date
    return None
