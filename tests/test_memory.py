"""extract_many streams: its peak memory does not grow with the length of the corpus.

The peak is measured with tracemalloc (allocations of this process), not timed. A corpus ten
times longer must not raise the peak by much; holding the reports instead of streaming them
does, which shows the measurement can see growth.
"""

from __future__ import annotations

import multiprocessing
import tracemalloc
from collections.abc import Callable, Iterable, Iterator

import pytest

from futureind import Report, extract, extract_many

SENTENCES = (
    "By {year}, the output value of future industries in {city} will exceed {n} billion yuan.",
    "The {city} municipal government will set up a {n} billion yuan fund for quantum computing.",
    "Support leading enterprises to build {n} innovation consortia in humanoid robots.",
    "{city} will open {n} application scenarios for hydrogen energy and new-type energy storage.",
    "Professor {name}, president of {city} University, said basic research would double.",
)
CITIES = ("Shanghai", "Suzhou", "Hefei", "Shenzhen", "Wuhan", "Chengdu", "Xi'an")
NAMES = ("Li Wei", "Zhang Min", "Wang Fang", "Chen Jie", "Liu Yang")


def corpus(count: int) -> Iterator[str]:
    """A generator of distinct policy-style documents of about 200 characters."""
    for i in range(count):
        yield " ".join(
            SENTENCES[(i + k) % len(SENTENCES)].format(
                year=2025 + (i + k) % 10,
                city=CITIES[(i * 3 + k) % len(CITIES)],
                n=(i * 7 + k) % 997 + 1,
                name=NAMES[(i + 2 * k) % len(NAMES)],
            )
            for k in range(2)
        )


def peak_bytes(run: Callable[[Iterable[str]], object], count: int) -> int:
    tracemalloc.start()
    try:
        run(corpus(count))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def stream(texts: Iterable[str]) -> None:
    total = 0
    for report in extract_many(texts):
        total += len(report.directions) + len(report.targets)


def hold(texts: Iterable[str]) -> list[Report]:
    return list(extract_many(texts))


@pytest.mark.slow
def test_peak_memory_is_flat_over_a_ten_times_longer_corpus() -> None:
    for text in corpus(20):  # load the vocabularies and fill fixed-size caches first
        extract(text)
    short = peak_bytes(stream, 200)
    long = peak_bytes(stream, 2000)
    assert long <= short * 1.25 + 256 * 1024, (short, long)


@pytest.mark.slow
def test_the_measurement_sees_reports_that_are_held() -> None:
    for text in corpus(20):
        extract(text)
    short = peak_bytes(hold, 100)
    long = peak_bytes(hold, 1000)
    assert long > short * 3, (short, long)


def stream_two_workers(texts: Iterable[str]) -> None:
    # workers started from a fresh process do not inherit tracemalloc (and its slowness)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    for _ in extract_many(texts, workers=2, chunksize=4, mp_context=context):
        pass


@pytest.mark.slow
def test_the_parent_of_two_workers_stays_flat_too() -> None:
    short = peak_bytes(stream_two_workers, 200)
    long = peak_bytes(stream_two_workers, 2000)
    assert long <= short * 1.25 + 256 * 1024, (short, long)
