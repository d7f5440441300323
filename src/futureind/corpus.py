"""Example corpora: phrasings that must match and negatives that must not, as data.

Each extractor ships a corpus file in ``futureind/corpora/NAME.toml`` beside its rules::

    extractor = "quantities"      # what runs the text (see RUNNERS)

    [[match]]                     # must give a result matching every `expect` item
    text = "about 500 billion yuan"
    expect = [{ quantity = { amount = 5e11, unit = "CNY" }, span = { text = "500 billion yuan" } }]
    exact = false                 # true: exactly len(expect) results
    published = "2024-03-09"      # optional reference date
    xfail = ""                    # a known failure: the reason (run as strict xfail)

    [[negative]]                  # must give no result at all
    text = "in 2025"

An expected item matches a result when every key it gives is equal in the result's JSON
(recursively; floats within 1e-6 relative; a list matches when each expected element matches
some element of the result's list). One parametrised test runs every corpus.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib import resources
from typing import Any

from pydantic import Field

from .vocab import DataModel, load_toml

__all__ = [
    "RUNNERS",
    "Corpus",
    "CorpusCase",
    "corpus_names",
    "load_corpus",
    "run_case",
    "subset_match",
]


class CorpusCase(DataModel):
    text: str
    expect: list[dict[str, Any]] = Field(default_factory=list)
    exact: bool = False
    published: str | None = None
    xfail: str = ""
    note: str = ""


class Corpus(DataModel):
    extractor: str
    description: str = ""
    match: list[CorpusCase] = Field(default_factory=list)
    negative: list[CorpusCase] = Field(default_factory=list)


def _report_runner(kind: str) -> Callable[[str, str | None], list[dict[str, Any]]]:
    def run(text: str, published: str | None) -> list[dict[str, Any]]:
        from .pipeline import extract

        report = extract(text, published=published)
        return [r.model_dump(mode="json") for r in report.records(kind)]  # type: ignore[arg-type]

    return run


def _quantities(text: str, published: str | None) -> list[dict[str, Any]]:
    from .quantities import find_quantities

    return [m.model_dump(mode="json") for m in find_quantities(text)]


def _parse_quantity(text: str, published: str | None) -> list[dict[str, Any]]:
    from .quantities import parse_quantity

    q = parse_quantity(text)
    return [] if q is None else [q.model_dump(mode="json")]


def _periods(text: str, published: str | None) -> list[dict[str, Any]]:
    from .periods import find_periods
    from .pipeline import parse_published

    return [
        p.model_dump(mode="json") for p in find_periods(text, published=parse_published(published))
    ]


def _parse_period(text: str, published: str | None) -> list[dict[str, Any]]:
    from .periods import parse_period
    from .pipeline import parse_published

    p = parse_period(text, published=parse_published(published))
    return [] if p is None else [p.model_dump(mode="json")]


def _segments(text: str, published: str | None) -> list[dict[str, Any]]:
    from .text import segment

    return [
        {"kind": s.kind, "text": text[s.start : s.end], "paragraph": s.paragraph}
        for s in segment(text)
    ]


RUNNERS: dict[str, Callable[[str, str | None], list[dict[str, Any]]]] = {
    "segments": _segments,
    "quantities": _quantities,
    "parse_quantity": _parse_quantity,
    "periods": _periods,
    "parse_period": _parse_period,
    "directions": _report_runner("directions"),
    "targets": _report_runner("targets"),
    "actors": _report_runner("actors"),
    "strategies": _report_runner("strategies"),
}


def corpus_names() -> list[str]:
    """Names of the corpus files shipped with the package."""
    folder = resources.files("futureind.corpora")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))


def load_corpus(name: str) -> Corpus:
    """Load and validate one corpus file of the package."""
    path = resources.files("futureind.corpora").joinpath(name)
    with resources.as_file(path) as real:
        corpus = load_toml(real, Corpus)
    if corpus.extractor not in RUNNERS:
        from .errors import VocabularyError

        raise VocabularyError(
            f"unknown extractor {corpus.extractor!r}; one of {', '.join(sorted(RUNNERS))}",
            file=f"futureind/corpora/{name}",
            field="extractor",
        )
    return corpus


def subset_match(expected: Any, actual: Any) -> bool:
    """Does ``actual`` contain everything ``expected`` gives (recursively)?"""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and subset_match(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and all(
            any(subset_match(e, a) for a in actual) for e in expected
        )
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        if not isinstance(actual, float | int) or isinstance(actual, bool):
            return False
        return math.isclose(float(expected), float(actual), rel_tol=1e-6, abs_tol=1e-9)
    return bool(expected == actual)


def run_case(extractor: str, case: CorpusCase, negative: bool) -> str | None:
    """Run one case; None when it passes, else a message saying what went wrong."""
    results = RUNNERS[extractor](case.text, case.published)
    if negative:
        return None if not results else f"expected nothing, got {results}"
    if case.exact and len(results) != len(case.expect):
        return f"expected {len(case.expect)} results, got {len(results)}: {results}"
    for item in case.expect:
        if not any(subset_match(item, r) for r in results):
            return f"no result matches {item}; got {results}"
    return None
