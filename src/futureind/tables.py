"""Flat rows of a report, for CSV files and data frames: one row per record."""

from __future__ import annotations

from typing import Any

from .models import RecordKind, Report

__all__ = ["KINDS", "to_rows"]

KINDS: tuple[RecordKind, ...] = ("directions", "targets", "actors", "strategies")


def _join(values: list[str]) -> str:
    return "; ".join(values)


def to_rows(report: Report, kind: RecordKind, *, doc_id: str | None = None) -> list[dict[str, Any]]:
    """One flat ``dict`` per record of ``kind``, JSON-scalar values only.

    >>> from futureind import Report
    >>> to_rows(Report(language="en"), "targets")
    []
    """
    rows: list[dict[str, Any]] = []
    for record in report.records(kind):
        row: dict[str, Any] = {"doc_id": doc_id} if doc_id is not None else {}
        if kind == "directions":
            first = record.mentions[0] if record.mentions else None
            row.update(
                key=record.key,
                label=record.label,
                parent=record.parent,
                mentions=len(record.mentions),
                start=first.start if first else None,
                end=first.end if first else None,
                text=first.text if first else None,
            )
        elif kind == "targets":
            v = record.value
            row.update(
                metric=record.metric,
                comparator=record.comparator,
                amount=v.amount,
                min=v.min,
                max=v.max,
                unit=v.unit,
                year=record.year,
                issuer=record.issuer,
                directions=_join(record.directions),
                start=record.evidence.start,
                end=record.evidence.end,
                text=record.evidence.text,
            )
        elif kind == "actors":
            first = record.mentions[0] if record.mentions else None
            row.update(
                name=record.name,
                kind=record.kind,
                aliases=_join(record.aliases),
                roles=_join(
                    [
                        f"{r.title} ({r.organization})" if r.organization else r.title
                        for r in record.roles
                    ]
                ),
                mentions=len(record.mentions),
                start=first.start if first else None,
                end=first.end if first else None,
            )
        else:
            row.update(
                instruments=_join(record.instruments),
                name=record.name,
                issuer=record.issuer,
                year=record.year,
                amounts=_join(
                    [f"{q.amount:g} {q.unit}" for q in record.amounts if q.amount is not None]
                ),
                directions=_join(record.directions),
                start=record.evidence.start,
                end=record.evidence.end,
                text=record.evidence.text,
            )
        rows.append(row)
    return rows
