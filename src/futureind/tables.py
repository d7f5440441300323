"""Flat rows of reports, for CSV files and data frames: one row per record.

Each record kind has a fixed list of columns (:data:`COLUMNS`), so that a table over many
documents has the same columns whether or not a document has records of that kind. List
fields are joined with ``"; "``; spans give ``start``, ``end`` and ``text`` (for directions
and actors, of the first mention).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .models import RecordKind, Report

if TYPE_CHECKING:
    import pandas

__all__ = ["COLUMNS", "KINDS", "to_frame", "to_rows"]

KINDS: tuple[RecordKind, ...] = ("directions", "targets", "actors", "strategies")

COLUMNS: dict[RecordKind, tuple[str, ...]] = {
    "directions": ("key", "label", "parent", "mentions", "start", "end", "text"),
    "targets": (
        "metric",
        "comparator",
        "amount",
        "min",
        "max",
        "unit",
        "year",
        "issuer",
        "directions",
        "start",
        "end",
        "text",
    ),
    "actors": ("name", "kind", "aliases", "roles", "mentions", "start", "end", "text"),
    "strategies": (
        "instruments",
        "name",
        "issuer",
        "year",
        "amounts",
        "directions",
        "start",
        "end",
        "text",
    ),
}
"""The columns of each kind's rows, in order (after ``doc_id`` when one is given)."""


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def _amount(amount: float | None, low: float | None, high: float | None, unit: str) -> str:
    if amount is not None:
        return f"{amount:g} {unit}"
    if low is not None or high is not None:
        return f"{'' if low is None else f'{low:g}'}-{'' if high is None else f'{high:g}'} {unit}"
    return unit


def _row(record: Any, kind: RecordKind) -> dict[str, Any]:
    if kind == "directions":
        first = record.mentions[0] if record.mentions else None
        return {
            "key": record.key,
            "label": record.label,
            "parent": record.parent,
            "mentions": len(record.mentions),
            "start": first.start if first else None,
            "end": first.end if first else None,
            "text": first.text if first else None,
        }
    if kind == "targets":
        v = record.value
        return {
            "metric": record.metric,
            "comparator": record.comparator,
            "amount": v.amount,
            "min": v.min,
            "max": v.max,
            "unit": v.unit,
            "year": record.year,
            "issuer": record.issuer,
            "directions": _join(record.directions),
            "start": record.evidence.start,
            "end": record.evidence.end,
            "text": record.evidence.text,
        }
    if kind == "actors":
        first = record.mentions[0] if record.mentions else None
        return {
            "name": record.name,
            "kind": record.kind,
            "aliases": _join(record.aliases),
            "roles": _join(
                f"{r.title} ({r.organization})" if r.organization else r.title for r in record.roles
            ),
            "mentions": len(record.mentions),
            "start": first.start if first else None,
            "end": first.end if first else None,
            "text": first.text if first else None,
        }
    return {
        "instruments": _join(record.instruments),
        "name": record.name,
        "issuer": record.issuer,
        "year": record.year,
        "amounts": _join(_amount(q.amount, q.min, q.max, q.unit) for q in record.amounts),
        "directions": _join(record.directions),
        "start": record.evidence.start,
        "end": record.evidence.end,
        "text": record.evidence.text,
    }


def to_rows(
    report: Report, kind: RecordKind, *, doc_id: str | int | None = None
) -> list[dict[str, Any]]:
    """One flat ``dict`` per record of ``kind``, JSON-scalar values, columns :data:`COLUMNS`.

    With ``doc_id`` every row starts with a ``doc_id`` column.

    >>> from futureind import Report, Target, Quantity, Span
    >>> target = Target(metric="output value", comparator="gt", year=2030, issuer=None,
    ...                 value=Quantity(amount=5e11, unit="CNY", raw="500 billion yuan"),
    ...                 directions=[], evidence=Span(start=0, end=4, text="Goal"))
    >>> rows = to_rows(Report(language="en", targets=[target]), "targets", doc_id="plan.txt")
    >>> rows[0]["doc_id"], rows[0]["amount"], rows[0]["unit"], rows[0]["year"]
    ('plan.txt', 500000000000.0, 'CNY', 2030)
    """
    rows: list[dict[str, Any]] = []
    for record in report.records(kind):
        row: dict[str, Any] = {"doc_id": doc_id} if doc_id is not None else {}
        row.update(_row(record, kind))
        rows.append(row)
    return rows


def to_frame(
    reports: Report | Iterable[Report] | Iterable[tuple[str | int, Report]],
    kind: RecordKind,
) -> pandas.DataFrame:
    """A pandas DataFrame with one row per record of ``kind`` over all ``reports``.

    ``reports`` is one report, an iterable of reports (the ``doc_id`` column then holds each
    report's position) or of ``(doc_id, report)`` pairs. The columns are ``doc_id`` and
    :data:`COLUMNS` ``[kind]``, also when there are no rows. Needs pandas:
    ``pip install 'futureind[pandas]'``.

    >>> import futureind
    >>> frame = futureind.to_frame([futureind.extract("Plans for 2030.")], "targets")
    >>> list(frame.columns[:4])
    ['doc_id', 'metric', 'comparator', 'amount']
    """
    try:
        import pandas as pd  # an optional dependency
    except ImportError:
        raise ImportError(
            "futureind.to_frame needs pandas: pip install 'futureind[pandas]'"
        ) from None
    if kind not in COLUMNS:
        raise ValueError(
            f"unknown record kind {kind!r}; one of directions, targets, actors, strategies"
        )
    if isinstance(reports, Report):
        reports = [reports]
    rows: list[dict[str, Any]] = []
    for position, item in enumerate(reports):
        if isinstance(item, Report):
            doc_id, report = position, item
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Report):
            doc_id, report = item
        else:
            raise TypeError(
                f"to_frame takes Reports or (doc_id, Report) pairs, not {type(item).__name__}"
            )
        rows.extend(to_rows(report, kind, doc_id=doc_id))
    return pd.DataFrame(rows, columns=["doc_id", *COLUMNS[kind]])
