"""Batch extraction (placeholder interface; built out by the scale issue)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .models import Report
from .pipeline import extract

__all__ = ["extract_many"]


def extract_many(texts: Iterable[str], *, workers: int = 1) -> Iterator[Report]:
    """Extract every text, in input order."""
    for text in texts:
        yield extract(text)
