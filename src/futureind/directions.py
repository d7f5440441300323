"""Direction extraction (placeholder interface; built out by the directions issue)."""

from __future__ import annotations

from .document import Document
from .models import Direction

__all__ = ["find_directions"]


def find_directions(doc: Document) -> list[Direction]:
    """One Direction per taxonomy key mentioned in ``doc`` (reads ``doc.taxonomy``)."""
    return []
