"""One parametrised test runs every example corpus shipped beside the rules."""

from __future__ import annotations

import pytest

from futureind.corpus import corpus_names, load_corpus, run_case


def _cases() -> list[object]:
    params: list[object] = []
    for name in corpus_names():
        corpus = load_corpus(name)
        for negative, cases in ((False, corpus.match), (True, corpus.negative)):
            for case in cases:
                marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
                tag = "neg" if negative else "pos"
                params.append(
                    pytest.param(
                        corpus.extractor,
                        case,
                        negative,
                        marks=marks,
                        id=f"{name[:-5]}:{tag}:{case.text[:60]}",
                    )
                )
    return params


@pytest.mark.parametrize(("extractor", "case", "negative"), _cases())
def test_corpus_case(extractor: str, case: object, negative: bool) -> None:
    problem = run_case(extractor, case, negative)  # type: ignore[arg-type]
    assert problem is None, problem


def test_every_corpus_loads_and_has_cases() -> None:
    names = corpus_names()
    assert "segments.toml" in names
    for name in names:
        corpus = load_corpus(name)
        assert corpus.match, f"{name} has no positive cases"
