"""Actor extraction (placeholder interface; built out by the actors issue)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .models import Actor

__all__ = ["ActorResult", "find_actors", "issuer_for"]


@dataclass
class ActorResult:
    actors: list[Actor] = field(default_factory=list)
    organization_spans: list[tuple[int, int]] = field(default_factory=list)


def find_actors(doc: Document) -> ActorResult:
    """Actors of ``doc`` and the spans of organisation / body names."""
    return ActorResult()


def issuer_for(doc: Document, start: int, end: int) -> str | None:
    """Name of the actor that issues what ``doc.text[start:end]`` states, or None.

    Used by targets and strategies: the acting subject of the sentence ("Shanghai has
    proposed ..."), else the nearest governing actor before it, else the document's main
    issuing actor when the text makes it clear.
    """
    return None
