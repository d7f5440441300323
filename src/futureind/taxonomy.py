"""The direction taxonomy (placeholder interface; built out by the directions issue)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["Taxonomy"]


class Taxonomy:
    """The direction vocabulary: keys, labels, parents and synonyms."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    @classmethod
    def default(cls) -> Taxonomy:
        return cls()

    @classmethod
    def from_toml(cls, path: str | Path) -> Taxonomy:
        return cls()
