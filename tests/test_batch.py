"""extract_many: input forms, order, worker processes, failures by id, laziness."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import futureind
from futureind import BatchError, BatchFailure, Report, extract, extract_many
from futureind import batch as batch_module

SENTENCES = [
    "By 2027, the province will build {n} future industry pilot zones in quantum information.",
    "The output value of humanoid robots will exceed {n} billion yuan by 2030.",
    "Support leading enterprises to set up {n} innovation consortia in hydrogen energy.",
    "The municipal government will invest {n} billion yuan in a fund for biomanufacturing.",
    "Shanghai will open {n} application scenarios for the low-altitude economy by 2026.",
]


def make_texts(count: int) -> list[str]:
    """Distinct policy-style texts, so that a report shows which text it came from."""
    return [
        " ".join(SENTENCES[(i + k) % len(SENTENCES)].format(n=i + k + 1) for k in range(3))
        for i in range(count)
    ]


class Counting:
    """An iterator over texts that counts how many items have been taken from it."""

    def __init__(self, texts: list[str]) -> None:
        self.taken = 0
        self._it = iter(texts)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        item = next(self._it)
        self.taken += 1
        return item


def test_plain_texts_give_reports_in_input_order_equal_to_extract() -> None:
    texts = make_texts(12)
    reports = list(extract_many(texts))
    assert [r.text for r in reports] == texts
    assert reports == [extract(t) for t in texts]


def test_returns_an_iterator_not_a_list() -> None:
    result = extract_many(make_texts(2))
    assert iter(result) is result


def test_pairs_and_mappings_with_published_and_language() -> None:
    items: list[Any] = [
        ("a", "Quantum computing by 2030."),
        {"id": "b", "text": "Hydrogen energy this year.", "published": "2024-03-09"},
        {"id": "c", "text": "Robots.", "language": "zh", "source": "ignored metadata"},
        {"text": "No id here."},
        ["e", "A list pair."],
    ]
    reports = list(extract_many(items, published="2020-01-01"))
    assert [r.text for r in reports] == [
        "Quantum computing by 2030.",
        "Hydrogen energy this year.",
        "Robots.",
        "No id here.",
        "A list pair.",
    ]
    assert reports[0].published == dt.date(2020, 1, 1)  # the default date
    assert reports[1].published == dt.date(2024, 3, 9)  # the item's own date wins
    assert reports[2].language == "zh"
    assert reports == [
        extract("Quantum computing by 2030.", published="2020-01-01"),
        extract("Hydrogen energy this year.", published="2024-03-09"),
        extract("Robots.", published="2020-01-01", language="zh"),
        extract("No id here.", published="2020-01-01"),
        extract("A list pair.", published="2020-01-01"),
    ]


def test_empty_input_gives_nothing() -> None:
    assert list(extract_many([])) == []
    assert list(extract_many([], workers=2)) == []


@pytest.mark.slow
def test_two_workers_give_the_sequential_reports_in_order() -> None:
    texts = make_texts(60)
    expected = [extract(t, published="2024-01-01") for t in texts]
    for chunksize in (1, 7):
        got = list(extract_many(texts, workers=2, chunksize=chunksize, published="2024-01-01"))
        assert got == expected
        assert [r.text for r in got] == texts


@pytest.mark.slow
def test_a_taxonomy_object_is_sent_to_the_workers() -> None:
    taxonomy = futureind.Taxonomy.default()
    texts = make_texts(6)
    got = list(extract_many(texts, workers=2, taxonomy=taxonomy))
    assert got == [extract(t, taxonomy=taxonomy) for t in texts]


BAD_ITEMS: list[Any] = [
    ("good-1", "Quantum computing by 2030."),
    ("not-a-str", 42),
    {"id": "bad-date", "text": "Robots.", "published": "not a date at all"},
    {"id": "no-text"},
    3.5,
    ("good-2", "Hydrogen energy."),
]


@pytest.mark.parametrize("workers", [1, 2])
def test_failures_are_reported_by_id_and_the_others_kept(workers: int) -> None:
    results = list(extract_many(BAD_ITEMS, workers=workers, on_error="report"))
    assert len(results) == len(BAD_ITEMS)
    assert isinstance(results[0], Report)
    assert results[0].text == "Quantum computing by 2030."
    assert isinstance(results[5], Report)
    assert results[5].text == "Hydrogen energy."
    failures = results[1:5]
    assert all(isinstance(f, BatchFailure) for f in failures)
    assert [(f.id, f.index) for f in failures] == [  # type: ignore[union-attr]
        ("not-a-str", 1),
        ("bad-date", 2),
        ("no-text", 3),
        (4, 4),  # no id: the position
    ]
    assert [f.error for f in failures] == [  # type: ignore[union-attr]
        "TypeError",
        "PublishedDateError",
        "TypeError",
        "TypeError",
    ]
    assert "int" in failures[0].message  # type: ignore[union-attr]
    assert "'text'" in failures[2].message  # type: ignore[union-attr]


@pytest.mark.parametrize("workers", [1, 2])
def test_skip_leaves_failures_out(workers: int) -> None:
    reports = list(extract_many(BAD_ITEMS, workers=workers, on_error="skip"))
    assert [r.text for r in reports] == ["Quantum computing by 2030.", "Hydrogen energy."]


@pytest.mark.parametrize("workers", [1, 2])
def test_raise_names_the_failing_document_after_the_earlier_reports(workers: int) -> None:
    seen: list[Report] = []
    results = extract_many(BAD_ITEMS, workers=workers)
    seen.append(next(results))
    with pytest.raises(BatchError, match=r"document 'not-a-str' \(item 1\): TypeError") as info:
        next(results)
    assert [r.text for r in seen] == ["Quantum computing by 2030."]
    assert info.value.id == "not-a-str"
    assert info.value.index == 1
    assert info.value.error == "TypeError"
    if workers == 1:  # extracted here: the original exception is the cause
        assert isinstance(info.value.__cause__, TypeError)
    assert isinstance(info.value, futureind.FutureindError)


def test_bad_arguments_fail_at_the_call_not_at_the_first_report() -> None:
    with pytest.raises(ValueError, match="workers"):
        extract_many(["x"], workers=0)
    with pytest.raises(ValueError, match="chunksize"):
        extract_many(["x"], chunksize=0)
    with pytest.raises(ValueError, match="on_error"):
        extract_many(["x"], on_error="ignore")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="single str"):
        extract_many("just one text")
    with pytest.raises(futureind.PublishedDateError):
        extract_many(["x"], published="not a date at all")


def test_sequential_reads_one_item_ahead_at_most() -> None:
    source = Counting(make_texts(50))
    reports = extract_many(source)
    for done in range(1, 6):
        next(reports)
        assert source.taken == done
    assert source.taken == 5


@pytest.mark.slow
@pytest.mark.parametrize(("workers", "chunksize"), [(2, 1), (2, 4)])
def test_workers_read_a_bounded_window_ahead(workers: int, chunksize: int) -> None:
    source = Counting(make_texts(200))
    window = 2 * workers * chunksize
    yielded = 0
    for yielded, _ in enumerate(extract_many(source, workers=workers, chunksize=chunksize), 1):
        assert source.taken - yielded <= window
        if yielded == 20:
            break
    assert source.taken <= 20 + window < 200


@pytest.mark.slow
def test_closing_early_stops_the_workers() -> None:
    results = extract_many(iter(make_texts(500)), workers=2)
    next(results)
    results.close()  # shuts the pool down; must not hang or raise
    assert list(results) == []


def _crash_on_marker(text: Any, **kwargs: Any) -> Report:
    if text == "CRASH":
        os._exit(3)  # the worker process dies without a Python exception
    return extract(text, **kwargs)


@pytest.mark.slow
@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the patched extract reaches the workers only when they are forked",
)
def test_a_document_that_kills_its_worker_is_reported_and_the_others_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch_module, "extract", _crash_on_marker)
    texts = make_texts(30)
    items = [(f"doc-{i}", t) for i, t in enumerate(texts)]
    items[11] = ("poison", "CRASH")
    results = list(extract_many(items, workers=2, chunksize=4, on_error="report"))
    assert len(results) == 30
    failure = results[11]
    assert isinstance(failure, BatchFailure)
    assert (failure.id, failure.index, failure.error) == ("poison", 11, "WorkerDied")
    others = [r for i, r in enumerate(results) if i != 11]
    assert all(isinstance(r, Report) for r in others)
    assert [r.text for r in others] == [t for i, t in enumerate(texts) if i != 11]  # type: ignore[union-attr]


def _bad_vocabulary(text: Any, **kwargs: Any) -> Report:
    raise futureind.VocabularyError("not a list", file="user.toml", entry="x", field="synonyms")


@pytest.mark.parametrize(
    "workers",
    [
        1,
        pytest.param(
            2,
            marks=pytest.mark.skipif(
                multiprocessing.get_start_method() != "fork",
                reason="the patched extract reaches the workers only when they are forked",
            ),
        ),
    ],
)
def test_a_bad_vocabulary_file_is_raised_as_it_is_whatever_on_error(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(batch_module, "extract", _bad_vocabulary)
    with pytest.raises(futureind.VocabularyError, match=r"user\.toml") as info:
        list(extract_many(make_texts(5), workers=workers, on_error="report"))
    assert (info.value.file, info.value.entry, info.value.field) == ("user.toml", "x", "synonyms")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_text_that_is_not_a_str_and_would_not_pickle(workers: int) -> None:
    items: list[Any] = [("a", "Quantum computing."), ("fn", lambda: "text"), ("c", "Robots.")]
    results = list(extract_many(items, workers=workers, chunksize=2, on_error="report"))
    assert [type(r).__name__ for r in results] == ["Report", "BatchFailure", "Report"]
    failure = results[1]
    assert isinstance(failure, BatchFailure)
    assert (failure.id, failure.error) == ("fn", "TypeError")
    assert "text must be str, not function" in failure.message


def test_worker_processes_tune_the_garbage_collector() -> None:
    # in a fresh interpreter, as an extract_many worker would: vocabularies frozen out of the
    # collector's reach, collections rarer; extraction still right afterwards
    code = (
        "import gc, futureind\n"
        "from futureind.batch import GC_THRESHOLD, tune_gc_for_extraction\n"
        "tune_gc_for_extraction()\n"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold() == GC_THRESHOLD\n"
        "r = futureind.extract('By 2030, output will exceed 5 billion yuan.')\n"
        "assert r.targets[0].value.amount == 5e9\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
