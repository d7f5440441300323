"""Throughput of ``futureind.extract_many`` with 1 and 2 worker processes.

Usage::

    .venv/bin/python benchmarks/batch_throughput.py               # 2,000 documents of ~1.5 KB
    .venv/bin/python benchmarks/batch_throughput.py --docs 500 --sentences 20 --workers 1 2 4

The corpus is generated from template sentences written for this benchmark in the style of
provincial plans and news reports (targets, measures, actors, named plans, directions); no
real document is used. It is produced by a generator, as a user would stream a folder, so the
numbers include reading the input lazily and sending documents to and reports from the worker
processes. Each configuration runs once after a warm-up; the table gives documents per second
and MB (10^6 bytes of UTF-8) per second, the speed-up over one worker, and the CPU time of the
run (this process and its worker processes): on a busy machine the wall-clock figures suffer
from other load, the CPU time per document much less.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time
from collections.abc import Iterator

import futureind

TEMPLATES = (
    "By {year}, the output value of future industries in {place} will exceed {n} billion yuan.",
    "{place} will build {k} future industry pilot zones for {direction} and {direction2}.",
    "The {place} municipal government will set up a special fund of {n} billion yuan to "
    "support {direction}.",
    "Support leading enterprises to form innovation consortia with universities and research "
    "institutes, and tackle key core technologies in {direction}.",
    "The number of high-tech enterprises in {direction} will reach {k} by the end of {year}.",
    "Research and development spending will account for no less than {p}% of regional GDP.",
    "{person}, deputy mayor of {place}, said that {place} would open application scenarios "
    "for {direction} in ports and industrial parks.",
    "According to the Action Plan of {place} for Cultivating Future Industries ({year0}-{year}), "
    "the province will attract {k} leading scientists in {direction}.",
    "Venture capital and insurance funds are encouraged to invest in {direction}, and eligible "
    "enterprises enjoy preferential tax policies.",
    "The province will improve standards and intellectual property protection for "
    "{direction}, and deepen international cooperation.",
)
PLACES = ("Shanghai", "Suzhou", "Hefei", "Shenzhen", "Wuhan", "Chengdu", "Jiangnan Province")
PERSONS = ("Li Wei", "Zhang Min", "Wang Fang", "Chen Jie", "Liu Yang", "Zhou Qiang")
DIRECTIONS = (
    "quantum computing",
    "humanoid robots",
    "hydrogen energy",
    "new-type energy storage",
    "biomanufacturing",
    "the low-altitude economy",
    "brain-computer interfaces",
    "6G",
    "satellite internet",
    "advanced materials",
    "artificial intelligence",
    "synthetic biology",
)


def document(rng: random.Random, sentences: int) -> str:
    """One plan-like document of ``sentences`` sentences in paragraphs of four."""
    out: list[str] = []
    for i in range(sentences):
        year = rng.choice((2025, 2026, 2027, 2030, 2035))
        out.append(
            rng.choice(TEMPLATES).format(
                year=year,
                year0=year - rng.choice((3, 5)),
                place=rng.choice(PLACES),
                person=rng.choice(PERSONS),
                direction=rng.choice(DIRECTIONS),
                direction2=rng.choice(DIRECTIONS),
                n=rng.randint(1, 999),
                k=rng.randint(2, 300),
                p=rng.choice((2.5, 3, 3.2, 4)),
            )
        )
        out.append("\n\n" if i % 4 == 3 else " ")
    return "".join(out).strip()


def corpus(docs: int, sentences: int, seed: int = 2024) -> Iterator[str]:
    """The benchmark corpus, generated lazily (the same documents for the same arguments)."""
    rng = random.Random(seed)
    for _ in range(docs):
        yield document(rng, sentences)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(
    docs: int, sentences: int, workers: int, chunksize: int
) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, documents and UTF-8 bytes of one streaming run."""
    size = 0

    def counted() -> Iterator[str]:
        nonlocal size
        for text in corpus(docs, sentences):
            size += len(text.encode("utf-8"))
            yield text

    count = 0
    cpu = cpu_seconds()
    start = time.perf_counter()
    for report in futureind.extract_many(counted(), workers=workers, chunksize=chunksize):
        count += 1 if report.language else 0
    wall = time.perf_counter() - start
    return wall, cpu_seconds() - cpu, count, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents (default 2000)")
    parser.add_argument("--sentences", type=int, default=10, help="sentences per document")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunksize", type=int, default=8)
    args = parser.parse_args(argv)

    sample = list(corpus(20, args.sentences))
    for text in sample:  # warm-up: vocabularies loaded and compiled in this process
        futureind.extract(text)
    mean = sum(len(t.encode("utf-8")) for t in sample) / len(sample)
    print(
        f"corpus: {args.docs} generated documents of {args.sentences} sentences "
        f"(~{mean / 1000:.1f} KB each); {os.cpu_count()} CPUs; chunksize {args.chunksize}"
    )
    print(
        f"{'workers':>7}  {'seconds':>8}  {'docs/s':>8}  {'MB/s':>6}  {'speed-up':>8}  "
        f"{'CPU s':>7}  {'CPU ms/doc':>10}"
    )
    base: float | None = None
    for workers in args.workers:
        seconds, cpu, count, size = measure(args.docs, args.sentences, workers, args.chunksize)
        if count != args.docs:
            raise SystemExit(f"expected {args.docs} reports, got {count}")
        rate = count / seconds
        base = base if base is not None else rate
        print(
            f"{workers:>7}  {seconds:>8.2f}  {rate:>8.1f}  {size / seconds / 1e6:>6.3f}  "
            f"{rate / base:>7.2f}x  {cpu:>7.2f}  {cpu / count * 1000:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
