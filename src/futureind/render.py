"""HTML rendering of a report: the text with every record's span highlighted, like displaCy.

Directions and actors are marked with a background colour; targets and strategies (whose
evidence is a clause or a sentence) are underlined. Spans may nest or overlap: the text is cut
at every span boundary and each piece carries the classes of all the records covering it, and
a tooltip (``title``) listing them with their normalised values. The templates are module
constants; every fragment of text put into them goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import InputError
from .models import Actor, Direction, Report, Span, Strategy, Target

__all__ = ["KIND_LABELS", "render_html"]

KIND_LABELS: dict[str, str] = {
    "direction": "Direction",
    "actor": "Actor",
    "target": "Target",
    "strategy": "Strategy",
}
"""The kinds of highlight, in legend order, with their legend labels."""

STYLE = """
.fi-doc { font-family: system-ui, sans-serif; line-height: 2.1; max-width: 60em; }
.fi-text { white-space: pre-wrap; }
.fi-legend { margin-bottom: 1em; line-height: 2.4; }
.fi-legend .fi { margin-right: 1.2em; padding: 0.15em 0.4em; }
.fi-direction { background: #b2f2bb; border-radius: 0.25em; padding: 0.1em 0; }
.fi-actor { background: #d0bfff; border-radius: 0.25em; padding: 0.1em 0; }
.fi-target { text-decoration: underline double #f08c00 2px; text-underline-offset: 0.3em; }
.fi-strategy { border-bottom: 2px solid #4c6ef5; }
.fi[title] { cursor: help; }
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
{body}
</body>
</html>
"""

DOC = """<div class="fi-doc">{style}
{legend}
<div class="fi-text">{content}</div>
</div>"""

LEGEND = '<div class="fi-legend">{items}</div>'
LEGEND_ITEM = '<span class="fi fi-{kind}">{label} ({count})</span>'
PIECE = '<span class="fi {classes}" title="{title}">{text}</span>'
"""One piece of text covered by at least one record."""


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str
    tip: str


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _value(amount: float | None, low: float | None, high: float | None, unit: str) -> str:
    if amount is not None:
        return f"{amount:g} {unit}"
    return f"{_num(low)}–{_num(high)} {unit}"


def _direction_tip(d: Direction) -> str:
    return f"Direction: {d.key} ({d.label})"


def _actor_tip(a: Actor) -> str:
    tip = f"Actor: {a.name} [{a.kind}]"
    if a.roles:
        roles = "; ".join(
            f"{r.title}, {r.organization}" if r.organization else r.title for r in a.roles
        )
        tip += f" — {roles}"
    return tip


def _target_tip(t: Target) -> str:
    v = t.value
    parts = [
        f"Target: {t.comparator or ''} {_value(v.amount, v.min, v.max, v.unit)}".replace("  ", " ")
    ]
    if t.year is not None:
        parts.append(f"by {t.year}")
    if t.metric:
        parts.append(f"metric: {t.metric}")
    if t.issuer:
        parts.append(f"issuer: {t.issuer}")
    return ", ".join(parts)


def _strategy_tip(s: Strategy) -> str:
    parts = [f"Strategy: {', '.join(s.instruments) or 'no instrument'}"]
    if s.name:
        parts.append(f"name: {s.name}")
    if s.issuer:
        parts.append(f"issuer: {s.issuer}")
    if s.year is not None:
        parts.append(f"year: {s.year}")
    if s.amounts:
        parts.append(
            "amounts: " + "; ".join(_value(q.amount, q.min, q.max, q.unit) for q in s.amounts)
        )
    return ", ".join(parts)


def _marks(report: Report) -> Iterator[tuple[_Mark, Span]]:
    for s in report.strategies:
        yield _Mark(s.evidence.start, s.evidence.end, "strategy", _strategy_tip(s)), s.evidence
    for t in report.targets:
        yield _Mark(t.evidence.start, t.evidence.end, "target", _target_tip(t)), t.evidence
    for a in report.actors:
        tip = _actor_tip(a)
        for m in a.mentions:
            yield _Mark(m.start, m.end, "actor", tip), m
    for d in report.directions:
        tip = _direction_tip(d)
        for m in d.mentions:
            yield _Mark(m.start, m.end, "direction", tip), m


def _content(text: str, marks: list[_Mark]) -> str:
    """The escaped text, cut at every mark boundary, each covered piece wrapped in PIECE."""
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        starting.setdefault(m.start, []).append(i)
        ending.setdefault(m.end, []).append(i)
    active: dict[int, None] = {}  # indices of the marks covering the current piece, in order
    out: list[str] = []
    for left, right in itertools.pairwise(bounds):
        for i in ending.get(left, ()):
            active.pop(i, None)
        for i in starting.get(left, ()):
            active[i] = None
        piece = html.escape(text[left:right])
        if not active:
            out.append(piece)
            continue
        covering = sorted(active)  # strategies, targets, actors, directions: outer to inner
        kinds = dict.fromkeys(marks[i].kind for i in covering)
        tips = dict.fromkeys(marks[i].tip for i in covering)
        out.append(
            PIECE.format(
                classes=" ".join(f"fi-{k}" for k in kinds),
                title=html.escape("\n".join(tips)),
                text=piece,
            )
        )
    return "".join(out)


def render_html(
    report: Report, text: str | None = None, *, page: bool = True, title: str | None = None
) -> str:
    """HTML showing ``text`` with every record of ``report`` highlighted by kind.

    ``text`` defaults to the text the report was made from (``report.text``). Directions and
    actors get a background colour, targets a double and strategies a single underline; each
    highlighted piece has a tooltip with the normalised values of the records covering it, and
    a legend counts the records of each kind. ``page=True`` gives a standalone HTML page,
    ``page=False`` a fragment (what notebooks show). Raises :class:`~futureind.InputError` when
    a span of the report does not match the text.

    >>> import futureind
    >>> report = futureind.extract("<b>Quantum computing</b> & more.")
    >>> "&lt;b&gt;" in render_html(report) and "<b>" not in render_html(report)
    True
    """
    if text is None:
        text = report.text
    if text is None:
        raise InputError("the report keeps no text; pass the text: render_html(report, text)")
    marks: list[_Mark] = []
    for mark, span in _marks(report):
        if text[span.start : span.end] != span.text:
            raise InputError(
                f"the {mark.kind} span [{span.start}, {span.end}) {span.text!r} is not in the "
                "text given: was the report made from another text?"
            )
        if span.end > span.start:
            marks.append(mark)
    counts = {
        "direction": len(report.directions),
        "actor": len(report.actors),
        "target": len(report.targets),
        "strategy": len(report.strategies),
    }
    legend = LEGEND.format(
        items="".join(
            LEGEND_ITEM.format(kind=kind, label=html.escape(label), count=counts[kind])
            for kind, label in KIND_LABELS.items()
        )
    )
    body = DOC.format(
        style="" if page else f"<style>{STYLE}</style>",
        legend=legend,
        content=_content(text, marks),
    )
    if not page:
        return body
    return PAGE.format(
        lang=html.escape(report.language),
        title=html.escape(title if title is not None else "futureind report"),
        style=STYLE,
        body=body,
    )
