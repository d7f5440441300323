"""Time expressions (placeholder interface; built out by the parsers issue)."""

from __future__ import annotations

from datetime import date

from .models import Period
from .text import Segment

__all__ = ["find_periods", "infer_published", "parse_period"]


def parse_period(text: str, *, published: date | None = None) -> Period | None:
    """Parse a whole string as one time expression, or None."""
    return None


def find_periods(text: str, *, published: date | None = None) -> list[Period]:
    """Every time expression in running text, with spans."""
    return []


def infer_published(text: str, segments: list[Segment]) -> date | None:
    """The publication date stated by the text (dateline, source line), if any."""
    return None
