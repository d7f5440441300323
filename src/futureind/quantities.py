"""Quantity parsing (placeholder interface; built out by the parsers issue)."""

from __future__ import annotations

from .models import Quantity, QuantityMatch

__all__ = ["find_quantities", "parse_quantity"]


def parse_quantity(text: str) -> Quantity | None:
    """Parse a whole string as one quantity, or None."""
    return None


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every number, amount of money, percentage and multiple in running text."""
    return []
