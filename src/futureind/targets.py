"""Target extraction (placeholder interface; built out by the targets issue)."""

from __future__ import annotations

from .document import Document
from .models import Target

__all__ = ["find_targets"]


def find_targets(doc: Document) -> list[Target]:
    """Forward-looking quantitative goals in ``doc``."""
    return []
