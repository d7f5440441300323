"""Strategy extraction (placeholder interface; built out by the strategies issue)."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .models import Span, Strategy

__all__ = ["NamedStrategy", "find_named_strategies", "find_strategies"]


@dataclass(frozen=True)
class NamedStrategy:
    """A named plan, programme, strategy, report or act found in the text."""

    name: str
    span: Span
    issuer: str | None
    year: int | None


def find_named_strategies(doc: Document) -> list[NamedStrategy]:
    """Named plans/programmes/acts (run before directions: terms inside them count)."""
    return []


def find_strategies(doc: Document) -> list[Strategy]:
    """Measure statements classified by instrument, plus named strategies."""
    return []
