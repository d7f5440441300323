"""Actor extraction (placeholder interface; built out by the actors issue)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .models import Actor

__all__ = ["ActorResult", "find_actors"]


@dataclass
class ActorResult:
    actors: list[Actor] = field(default_factory=list)
    organization_spans: list[tuple[int, int]] = field(default_factory=list)


def find_actors(doc: Document) -> ActorResult:
    """Actors of ``doc`` and the spans of organisation / body names."""
    return ActorResult()
