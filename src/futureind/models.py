"""The typed records futureind returns (the JSON contract of SPEC section 2).

Every model is a frozen pydantic v2 model with ``extra="forbid"``; every field carries a
description so that :meth:`Report.model_json_schema` documents itself. Offsets are Python
``str`` indices into the exact text given to :func:`futureind.extract`, half-open
``[start, end)``, and ``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticSerializationError

__all__ = [
    "Actor",
    "ActorKind",
    "Comparator",
    "Direction",
    "Period",
    "Quantity",
    "QuantityMatch",
    "Report",
    "Role",
    "Span",
    "Strategy",
    "Target",
]

Comparator = Literal["gt", "ge", "eq", "approx", "le", "lt"]
ActorKind = Literal["person", "organization", "government_body", "jurisdiction"]
RecordKind = Literal["directions", "targets", "actors", "strategies"]


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def model_dump_json(self, **kwargs: Any) -> str:
        """JSON as pydantic writes it; text with lone surrogates is kept as ``\\uXXXX`` escapes.

        A lone surrogate (from a badly decoded file, say) cannot be encoded as UTF-8, so
        pydantic refuses it. Rather than fail or replace characters (which would break
        ``text[start:end] == span.text``), such reports fall back to :mod:`json` and write each
        surrogate as a JSON escape. :func:`json.loads` reads it back to the same string
        (``Report.model_validate(json.loads(data))``); pydantic's own JSON parser rejects it.
        """
        try:
            return super().model_dump_json(**kwargs)
        except PydanticSerializationError:
            indent = kwargs.pop("indent", None)
            kwargs.pop("ensure_ascii", None)
            data = self.model_dump(mode="json", **kwargs)
            separators = (",", ":") if indent is None else (",", ": ")
            raw = json.dumps(data, indent=indent, ensure_ascii=False, separators=separators)
            if not _SURROGATE.search(raw):
                raise
            return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)


class Span(_Model):
    """A half-open character range ``[start, end)`` of the original text, with its text."""

    start: int = Field(ge=0, description="Offset of the first character (a Python str index).")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="Exactly text[start:end] of the original text.")
    rule: str | None = Field(
        default=None, description="Name of the rule or vocabulary entry that produced the span."
    )

    @model_validator(mode="after")
    def _check_length(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"span [{self.start}, {self.end}) has length {self.end - self.start} "
                f"but its text has length {len(self.text)}"
            )
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int, rule: str | None = None) -> Span:
        """The span ``[start, end)`` of ``text``."""
        return cls(start=start, end=end, text=text[start:end], rule=rule)

    def shifted(self, offset: int) -> Span:
        """The same span moved ``offset`` characters to the right."""
        return self.model_copy(update={"start": self.start + offset, "end": self.end + offset})


class Quantity(_Model):
    """A normalised amount: money, a percentage, a multiple, a count or a physical quantity."""

    amount: float | None = Field(
        default=None,
        description="The value scaled by its words (500 billion -> 5e11); null for a range.",
    )
    min: float | None = Field(default=None, description="Lower bound of a range, else null.")
    max: float | None = Field(default=None, description="Upper bound of a range, else null.")
    unit: str = Field(
        description=(
            "ISO 4217 code for money (CNY, USD, EUR, ...), 'percent', 'percentage_point', "
            "'times' for multiples, 'count' for counted things, or an SI base unit "
            "(W, Wh, t, m, m2, m3, ...); '' for a bare number."
        )
    )
    raw: str = Field(description="The text the quantity was read from.")
    noun: str | None = Field(
        default=None, description="For counts: the counted noun ('leading enterprises')."
    )


class QuantityMatch(_Model):
    """A quantity found in running text, with where it was found."""

    quantity: Quantity = Field(description="The normalised value.")
    span: Span = Field(description="Where the quantity (number and unit) stands in the text.")
    comparator: Comparator | None = Field(
        default=None,
        description="Comparator from a preceding or following cue ('more than' -> gt), if any.",
    )
    comparator_span: Span | None = Field(
        default=None, description="Where the comparator cue stands, if any."
    )
    rule: str = Field(description="Name of the rule that produced the match.")


class Period(_Model):
    """A time expression resolved to years."""

    start: int | None = Field(default=None, description="First year of the period, if known.")
    end: int | None = Field(default=None, description="Last year / deadline year, if known.")
    kind: Literal["deadline", "range", "point", "relative", "date"] = Field(
        description=(
            "deadline ('by 2030'), range ('2023-2025', a five-year plan), point ('in 2027'), "
            "relative ('next year', resolved against the published date) or date (a full date)."
        )
    )
    raw: str = Field(description="The text the period was read from.")
    date: dt.date | None = Field(default=None, description="The full date, for kind 'date'.")
    span: Span | None = Field(default=None, description="Where the period stands, when found.")
    rule: str | None = Field(default=None, description="Name of the rule that produced it.")


class Direction(_Model):
    """An industry or technology direction of the taxonomy, with every mention in the text."""

    key: str = Field(description="Taxonomy key, e.g. 'information.quantum'.")
    label: str = Field(description="Human-readable label, e.g. 'Quantum information'.")
    parent: str | None = Field(description="Top-level key of a leaf; null for a top-level key.")
    mentions: list[Span] = Field(description="Every mention, in text order.")


class Target(_Model):
    """A quantitative, forward-looking goal."""

    metric: str | None = Field(description="What is measured ('future industrial output value').")
    comparator: Comparator | None = Field(description="gt/ge/eq/approx/le/lt; null for a range.")
    value: Quantity = Field(description="The value to reach.")
    year: int | None = Field(description="The deadline year, or null when none is stated.")
    issuer: str | None = Field(description="Name of the actor that sets the target, or null.")
    directions: list[str] = Field(description="Direction keys mentioned in the evidence.")
    evidence: Span = Field(description="The clause or sentence stating the target.")
    value_span: Span | None = Field(default=None, description="Where the value stands.")
    rule: str = Field(default="", description="Name of the rule that produced the target.")


class Role(_Model):
    """A role a person holds."""

    title: str = Field(description="The title as written ('deputy mayor').")
    organization: str | None = Field(
        description="The body or place the role belongs to, by actor name where possible."
    )


class Actor(_Model):
    """A person, organisation, government body or jurisdiction that acts or speaks."""

    name: str = Field(description="The fullest form of the name in the text.")
    kind: ActorKind = Field(description="person, organization, government_body or jurisdiction.")
    aliases: list[str] = Field(description="Other forms and abbreviations of the name.")
    roles: list[Role] = Field(description="Roles a person holds (empty for non-persons).")
    mentions: list[Span] = Field(description="Every mention, in text order.")


class Strategy(_Model):
    """A policy measure or named plan, classified by policy instrument."""

    instruments: list[str] = Field(description="Policy-instrument keys, e.g. 'supply.funding'.")
    name: str | None = Field(description="Name of a named plan/programme/act, without quotes.")
    issuer: str | None = Field(description="Name of the actor that issues the measure, or null.")
    year: int | None = Field(description="Year of a named strategy where stated.")
    amounts: list[Quantity] = Field(
        description=(
            "Money or quantities the measure commits, in text order: a fund's size, and the "
            "rate of a subsidy, rebate or tax credit ('a rebate of 20%' -> 20 percent)."
        )
    )
    directions: list[str] = Field(description="Direction keys mentioned in the evidence.")
    evidence: Span = Field(description="The statement of the measure.")
    rule: str = Field(default="", description="Name of the rule that produced the strategy.")


class Report(_Model):
    """Everything futureind extracted from one text."""

    language: Literal["en", "zh"] = Field(description="Language of the text.")
    published: dt.date | None = Field(
        default=None, description="Publication date used to anchor relative expressions."
    )
    published_inferred: bool = Field(
        default=False,
        description="True when `published` was inferred from the text, not given by the caller.",
    )
    directions: list[Direction] = Field(default_factory=list, description="Directions found.")
    targets: list[Target] = Field(default_factory=list, description="Targets found.")
    actors: list[Actor] = Field(default_factory=list, description="Actors found.")
    strategies: list[Strategy] = Field(default_factory=list, description="Strategies found.")
    incomplete: list[str] = Field(
        default_factory=list,
        description=(
            "Pipeline stages that gave up on this text (a pattern hit the regex timeout, a safety "
            "net that audited linear patterns should never reach); their records are missing. "
            "Empty on a complete report."
        ),
    )
    text: str | None = Field(
        default=None,
        exclude=True,
        repr=False,
        description="The text the report was made from (kept for rendering; not serialised).",
    )

    def records(self, kind: RecordKind) -> list[Any]:
        """The records of one kind: 'directions', 'targets', 'actors' or 'strategies'."""
        if kind not in ("directions", "targets", "actors", "strategies"):
            raise ValueError(
                f"unknown record kind {kind!r}; one of directions, targets, actors, strategies"
            )
        return list(getattr(self, kind))

    def to_rows(self, kind: RecordKind, *, doc_id: str | int | None = None) -> list[dict[str, Any]]:
        """One flat dict per record of ``kind`` (see :func:`futureind.tables.to_rows`).

        >>> Report(language="en").to_rows("targets")
        []
        """
        from .tables import to_rows  # tables imports this module

        return to_rows(self, kind, doc_id=doc_id)

    def _repr_html_(self) -> str:
        """The text with every record highlighted, for notebooks (see ``render_html``)."""
        from .render import render_html  # render imports this module

        if self.text is None:
            return f"<pre>{html.escape(repr(self))}</pre>"
        return render_html(self, page=False)
