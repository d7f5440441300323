"""The extraction pipeline: one function, stages in a visible order.

    text ─► segments ─► quantities, periods ─► actors ─► named strategies ─► directions
         ─► targets ─► strategies ─► Report

Each stage reads what the stages before it put on the :class:`~futureind.document.Document`
(a target's issuer is an actor; a direction term inside an organisation's name is not a
mention); nothing flows backwards. :func:`extract` never raises on a ``str``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeVar

import regex
from dateutil import parser as date_parser

from .actors import find_actors
from .directions import find_directions
from .document import Document
from .errors import InputError, PublishedDateError
from .instruments import Instruments
from .models import Report
from .periods import find_periods, infer_published
from .quantities import find_quantities
from .strategies import find_named_strategies, find_strategies
from .targets import find_targets
from .taxonomy import Taxonomy
from .text import Segment, segment

__all__ = [
    "detect_language",
    "extract",
    "parse_published",
    "resolve_instruments",
    "resolve_taxonomy",
]

_T = TypeVar("_T")

_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"\p{Latin}")


def detect_language(text: str) -> Literal["en", "zh"]:
    """'zh' when Chinese characters outnumber Latin letters in the first 20,000 characters."""
    sample = text[:20000]
    han = len(_HAN.findall(sample))
    latin = len(_LATIN.findall(sample))
    return "zh" if han > latin / 4 and han > 0 else "en"


def parse_published(value: date | datetime | str | None) -> date | None:
    """Read a ``published`` argument: a date, a datetime, or a string python-dateutil reads.

    >>> parse_published("2024-03-09")
    datetime.date(2024, 3, 9)
    >>> parse_published("March 9, 2024")
    datetime.date(2024, 3, 9)
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return None
        try:
            return date_parser.isoparse(stripped).date()
        except ValueError:
            pass
        try:
            return date_parser.parse(stripped, default=datetime(2000, 1, 1)).date()
        except (ValueError, OverflowError) as exc:
            raise PublishedDateError(f"published={value!r} is not a date: {exc}") from None
    raise TypeError(f"published must be a date, datetime, str or None, not {type(value).__name__}")


_V = TypeVar("_V", Taxonomy, Instruments)


def _resolve(value: object, kind: type[_V], name: str) -> _V:
    """A vocabulary argument: None (the package's), an object of ``kind``, or a TOML path."""
    if value is None:
        return kind.default()
    if isinstance(value, kind):
        return value
    if isinstance(value, str | Path):
        return kind.from_toml(Path(value))
    raise TypeError(
        f"{name} must be a{'n' if kind.__name__[0] in 'AEIOU' else ''} {kind.__name__}, "
        f"a path or None, not {type(value).__name__}"
    )


def resolve_taxonomy(value: Taxonomy | str | Path | None) -> Taxonomy:
    """A ``taxonomy=`` argument: None (the default), a Taxonomy, or the path of a TOML file."""
    return _resolve(value, Taxonomy, "taxonomy")


def resolve_instruments(value: Instruments | str | Path | None) -> Instruments:
    """An ``instruments=`` argument: None (the default), an Instruments, or a TOML file's path."""
    return _resolve(value, Instruments, "instruments")


def _stage(incomplete: list[str], name: str, run: Callable[[], _T], empty: _T) -> _T:
    """Run one stage; if a pattern hits the regex timeout, record the stage and go on."""
    try:
        return run()
    except (TimeoutError, RecursionError):
        incomplete.append(name)
        return empty


def extract(
    text: str,
    *,
    published: date | datetime | str | None = None,
    language: str | None = None,
    taxonomy: Taxonomy | str | Path | None = None,
    instruments: Instruments | str | Path | None = None,
) -> Report:
    """Extract directions, targets, actors and strategies from ``text``.

    ``published`` anchors relative expressions ("this year"); when absent it is inferred
    from the text where the text states it (``Report.published_inferred`` says so).
    ``taxonomy`` is a :class:`~futureind.taxonomy.Taxonomy` or the path of a TOML file
    extending the default one; ``instruments`` likewise an
    :class:`~futureind.instruments.Instruments` vocabulary or the path of a TOML file
    extending the default policy-instrument cues.

    Never raises on a ``str``. Every pattern runs under a regex timeout as a last safety net;
    a stage that hits it is named in ``Report.incomplete`` and the other stages still run.

    >>> report = extract("Wuxi targets 60 billion yuan of chip sales by 2029.", published="2024-01-01")
    >>> report.published
    datetime.date(2024, 1, 1)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    when = parse_published(published)
    if language is not None and language not in ("en", "zh"):
        raise InputError(f"language must be 'en', 'zh' or None, not {language!r}")
    lang: Literal["en", "zh"] = language if language is not None else detect_language(text)  # type: ignore[assignment]
    tax = resolve_taxonomy(taxonomy)
    vocab = resolve_instruments(instruments)
    if not text.strip():
        return Report(language=lang, published=when, text=text)

    incomplete: list[str] = []
    segments: list[Segment] = _stage(incomplete, "segments", lambda: segment(text), [])
    inferred = False
    if when is None:
        when = _stage(incomplete, "published", lambda: infer_published(text, segments), None)
        inferred = when is not None
    doc = Document(
        text=text,
        language=lang,
        published=when,
        published_inferred=inferred,
        segments=segments,
        taxonomy=tax,
    )
    doc.quantities = _stage(incomplete, "quantities", lambda: find_quantities(text), [])
    doc.periods = _stage(incomplete, "periods", lambda: find_periods(text, published=when), [])
    found = _stage(incomplete, "actors", lambda: find_actors(doc), None)
    if found is not None:
        doc.actors, doc.organization_spans = found.actors, found.organization_spans
    doc.named = _stage(incomplete, "named strategies", lambda: find_named_strategies(doc), [])
    doc.directions = _stage(incomplete, "directions", lambda: find_directions(doc), [])
    doc.targets = _stage(incomplete, "targets", lambda: find_targets(doc), [])
    doc.strategies = _stage(incomplete, "strategies", lambda: find_strategies(doc, vocab), [])
    return Report(
        language=lang,
        published=when,
        published_inferred=inferred,
        directions=doc.directions,
        targets=doc.targets,
        actors=doc.actors,
        strategies=doc.strategies,
        incomplete=incomplete,
        text=text,
    )
