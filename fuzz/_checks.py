"""What every fuzz harness checks on a report: each span slices back to its text."""

from __future__ import annotations

from futureind.models import Report, Span


def report_spans(report: Report) -> list[Span]:
    """Every span of a report: direction and actor mentions, target evidence and values,
    strategy evidence."""
    out: list[Span] = []
    for d in report.directions:
        out.extend(d.mentions)
    for a in report.actors:
        out.extend(a.mentions)
    for t in report.targets:
        out.append(t.evidence)
        if t.value_span is not None:
            out.append(t.value_span)
    out.extend(s.evidence for s in report.strategies)
    return out


def check_spans(text: str, report: Report) -> None:
    """Raise AssertionError naming the first span that does not slice back to its text."""
    for span in report_spans(report):
        if text[span.start : span.end] != span.text:
            raise AssertionError(f"span {span.start}-{span.end} does not slice back: {span!r}")
