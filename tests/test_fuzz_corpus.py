"""A short, repeatable run of the mutation fuzzer (``fuzz/mutate_corpus.py``): 1,500 documents
built from mutated corpus sentences, seed 0. Longer runs are for the release checklist."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "fuzz" / "mutate_corpus.py"


@pytest.mark.slow
def test_mutated_corpus_sentences_never_break_extract(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("mutate_corpus", HARNESS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    status = module.main(["--count", "1500", "--seed", "0", "--seconds", "600"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "1500 documents" in out
