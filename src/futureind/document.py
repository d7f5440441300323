"""The document being extracted: the text, its segments, and what each stage found.

The pipeline (:mod:`futureind.pipeline`) fills a :class:`Document` stage by stage, in the
order the fields are listed; a stage may read every field filled before it and nothing after.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from .models import Actor, Direction, Period, QuantityMatch, Strategy, Target
from .text import Segment

if TYPE_CHECKING:
    from .strategies import NamedStrategy
    from .taxonomy import Taxonomy

__all__ = ["Document"]


@dataclass
class Document:
    """Working state of one extraction (not part of the public JSON contract)."""

    text: str
    language: Literal["en", "zh"]
    published: date | None
    published_inferred: bool
    segments: list[Segment]
    taxonomy: Taxonomy
    # stage 1: numbers and time
    quantities: list[QuantityMatch] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    # stage 2: actors, and where organisation / body names stand (direction terms inside
    # them are not mentions)
    actors: list[Actor] = field(default_factory=list)
    organization_spans: list[tuple[int, int]] = field(default_factory=list)
    # stage 3: named plans, programmes, zones (direction terms inside them are mentions)
    named: list[NamedStrategy] = field(default_factory=list)
    # stage 4-6
    directions: list[Direction] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    # percentages that targets read as the rate of a measure ("a subsidy of 20% of the
    # price"): a strategy's committed amounts
    measure_rates: list[QuantityMatch] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._seg_starts = [s.start for s in self.segments]

    # ----------------------------------------------------------------- lookups
    def segment_at(self, pos: int) -> Segment | None:
        """The segment containing offset ``pos``, if any."""
        i = bisect.bisect_right(self._seg_starts, pos) - 1
        if i >= 0 and self.segments[i].start <= pos < self.segments[i].end:
            return self.segments[i]
        return None

    def segments_in(self, start: int, end: int) -> list[Segment]:
        """Segments overlapping ``[start, end)``."""
        i = max(bisect.bisect_right(self._seg_starts, start) - 1, 0)
        out = []
        for k in range(i, len(self.segments)):  # an index, not a slice: no copy of the rest
            seg = self.segments[k]
            if seg.start >= end:
                break
            if seg.end > start:
                out.append(seg)
        return out

    def quantities_in(self, start: int, end: int) -> list[QuantityMatch]:
        """Quantities whose span lies inside ``[start, end)``."""
        return [q for q in self.quantities if start <= q.span.start and q.span.end <= end]

    def periods_in(self, start: int, end: int) -> list[Period]:
        """Periods whose span lies inside ``[start, end)``."""
        return [
            p
            for p in self.periods
            if p.span is not None and start <= p.span.start and p.span.end <= end
        ]

    def directions_in(self, start: int, end: int) -> list[str]:
        """Direction keys with a mention inside ``[start, end)``, in taxonomy order.

        Answered from an index of the mentions (see :func:`futureind.directions.directions_in`),
        so asking for every target and strategy stays linear in the text.
        """
        from .directions import directions_in

        return directions_in(self, start, end)

    def inside_organization(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` lie inside the name of an organisation or body?"""
        return _inside(self.organization_spans, start, end)


def _inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
