"""Benchmark futureind: throughput per pipeline stage, linearity, memory, adversarial inputs.

Usage::

    .venv/bin/python benchmarks/bench.py                # 256 KB base corpus, 10,000 documents
    .venv/bin/python benchmarks/bench.py --quick        # 32 KB base corpus, 1,000 documents
    .venv/bin/python benchmarks/bench.py --size 512 --docs 20000 --adversarial

The corpus is generated from template sentences written for this benchmark in the style of
provincial plans and news reports (targets, measures, actors, named plans, directions); no
real document is used. Every stage is called the way :func:`futureind.pipeline.extract`
calls it on a :class:`~futureind.document.Document`, on 1x, 4x and 16x the base corpus (one
document each). Linearity: 16x the text must take at most 17.6x the time. Speed goal
(SPEC section 5): the whole ``extract`` at >= 1 MB/s of English text on one core.

Only the standard library (``time.perf_counter``, ``tracemalloc``) and futureind are used.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import futureind
from futureind.actors import find_actors
from futureind.batch import tune_gc_for_extraction
from futureind.directions import find_directions
from futureind.document import Document
from futureind.periods import find_periods
from futureind.quantities import find_quantities
from futureind.strategies import find_named_strategies, find_strategies
from futureind.targets import find_targets
from futureind.taxonomy import Taxonomy
from futureind.text import segment

PUBLISHED = date(2024, 6, 18)
SCALES = (1, 4, 16)
LINEARITY_LIMIT = 17.6  # 16x the text, at most 17.6x the time
SPEED_GOAL = 1_000_000  # characters per second for the whole extract

# --------------------------------------------------------------------------- corpus

PLACES = [
    "Jiangnan Province",
    "Zhejiang",
    "Anhui",
    "Guangdong",
    "Hefei",
    "Suzhou",
    "Shenzhen",
    "Chengdu",
    "Wuhan",
    "Xi'an",
    "Hangzhou",
    "Shanghai",
    "Beijing",
    "Jiangsu",
    "Hubei",
    "the Lingang Special Area",
    "the provincial capital",
    "the Pearl River Delta",
]
BODIES = [
    "the Provincial Department of Industry and Information Technology",
    "the Municipal Development and Reform Commission",
    "the Provincial Department of Science and Technology",
    "the State Council",
    "the National Development and Reform Commission",
    "the municipal government",
    "the provincial government",
    "the Ministry of Industry and Information Technology",
]
ORGS = [
    "Jiangnan University of Science and Technology",
    "the Institute of Advanced Materials",
    "the Provincial Academy of Sciences",
    "Eastlake Robotics Co., Ltd.",
    "the Future Industry Research Institute",
    "Huaxin Semiconductor Group",
]
PEOPLE = [
    ("Li Wenhua", "deputy mayor of {place}"),
    ("Zhang Qiming", "director of {body}"),
    ("Wang Lixin", "president of {org}"),
    ("Chen Yuhang", "a deputy to the National People's Congress"),
    ("Zhou Jianping", "party secretary of {place}"),
    ("Liu Xiaoyan", "chief scientist at {org}"),
]
DIRECTIONS = [
    "humanoid robots",
    "embodied intelligence",
    "quantum computing",
    "quantum communication",
    "6G",
    "satellite internet",
    "artificial intelligence",
    "large models",
    "brain-computer interfaces",
    "synthetic biology",
    "biomanufacturing",
    "hydrogen energy",
    "new-type energy storage",
    "solid-state batteries",
    "nuclear fusion",
    "the low-altitude economy",
    "commercial space",
    "deep-sea equipment",
    "graphene",
    "advanced materials",
    "integrated circuits",
    "intelligent connected vehicles",
    "the metaverse",
    "cell and gene therapy",
    "additive manufacturing",
    "future manufacturing",
    "future information",
    "future energy",
]
METRICS = [
    "the output value of future industries",
    "the scale of the core industry",
    "the number of high-tech enterprises",
    "research and development spending",
    "the added value of the digital economy",
    "the installed capacity of new energy",
    "the revenue of the {dir} industry",
    "the number of specialized and sophisticated enterprises",
]
AMOUNTS = [
    "{n} billion yuan",
    "{n} trillion yuan",
    "RMB {n} billion",
    "{n} percent",
    "{n}%",
    "{n} gigawatts",
    "{n} enterprises",
    "{n} million square meters",
    "US${n} billion",
]
COMPARATORS = ["exceed", "reach", "be more than", "be no less than", "be about", "surpass"]
YEARS = ["2025", "2026", "2027", "2030", "2035"]
PLANS = [
    "Action Plan for Cultivating Future Industries ({y0}-{y1})",
    "Implementation Plan for the Innovative Development of {dir_title}",
    "14th Five-Year Plan for the Digital Economy",
    "Guiding Opinions on Promoting the Innovation and Development of Future Industries",
    "Three-Year Action Plan for {dir_title}",
]
MEASURES = [
    "Support leading enterprises in building innovation consortia with universities and research institutes on {dir}.",
    "Set up a special fund of {n} billion yuan for {dir} and guide venture capital into early-stage projects.",
    "Build a public service platform for {dir} and open up application scenarios in ports and industrial parks.",
    "Introduce and cultivate leading scientists and young engineers in {dir}.",
    "Implement the additional deduction of research and development expenses for enterprises engaged in {dir}.",
    "Improve standards, intellectual property protection and safety supervision for {dir}.",
    "Expand international cooperation and support enterprises in {dir} to take part in formulating international standards.",
    "Carry out first-purchase procurement of innovative products in {dir}.",
    "Build {n} future industry pilot zones and demonstration projects for {dir}.",
    "Strengthen the supply of key raw materials and components so that the {dir} industrial chain is secure and controllable.",
]
NEWS = [
    "{place}, {month} {day} (Xinhua) -- {place} will accelerate the development of {dir} and {dir2}, according to a plan released on Tuesday.",
    '"We will make {dir} a new engine of growth," said {person}, {title}, at a press conference on {month} {day}.',
    "{person}, {title}, said that {place} has gathered more than {n} enterprises in {dir}.",
    "In {past}, the output value of the {dir} industry in {place} reached {n} billion yuan, up {m} percent year on year.",
    "Analysts at {org} expect the market for {dir} to grow rapidly over the next five years.",
    "According to {body}, {place} issued the {plan} last month.",
]
TARGETS = [
    "By {year}, {metric} will {cmp} {amount}.",
    "By the end of {year}, {place} aims to have {metric} {cmp} {amount}.",
    "The plan sets the goal that {metric} in {place} should {cmp} {amount} by {year}.",
    "By {year}, {place} will build {n} innovation platforms in {dir}, and {metric} will {cmp} {amount}.",
]
HEADINGS = ["I. Overall goals", "II. Key directions", "III. Key tasks", "IV. Safeguard measures"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept."]
ORDINALS = ["The first is to", "The second is to", "The third is to", "Fourth,", "Fifth,"]


def _fill(rng: random.Random, template: str) -> str:
    d = rng.choice(DIRECTIONS)
    person, title = rng.choice(PEOPLE)
    y0 = rng.choice(["2023", "2024", "2025"])
    values = {
        "place": rng.choice(PLACES),
        "body": rng.choice(BODIES),
        "org": rng.choice(ORGS),
        "dir": d,
        "dir2": rng.choice(DIRECTIONS),
        "dir_title": d.removeprefix("the ").title(),
        "n": str(rng.choice([3, 5, 10, 12, 30, 50, 100, 120, 300, 500, 1200])),
        "m": f"{rng.randint(2, 40)}.{rng.randint(0, 9)}",
        "year": rng.choice(YEARS),
        "past": rng.choice(["2022", "2023"]),
        "month": rng.choice(MONTHS),
        "day": str(rng.randint(1, 28)),
        "cmp": rng.choice(COMPARATORS),
        "person": person,
        "y0": y0,
        "y1": str(int(y0) + 3),
    }
    values["title"] = title.format(**values)
    values["metric"] = rng.choice(METRICS).format(**values)
    values["amount"] = rng.choice(AMOUNTS).format(**values)
    values["plan"] = rng.choice(PLANS).format(**values)
    return template.format(**values)


def make_paragraph(rng: random.Random) -> str:
    """One paragraph of plan or news text (a few sentences)."""
    kind = rng.random()
    if kind < 0.08:
        return rng.choice(HEADINGS)
    if kind < 0.35:
        return " ".join(_fill(rng, rng.choice(TARGETS)) for _ in range(rng.randint(1, 3)))
    if kind < 0.65:
        lead = rng.choice(ORDINALS)
        first = _fill(rng, rng.choice(MEASURES))
        body = " ".join(_fill(rng, rng.choice(MEASURES)) for _ in range(rng.randint(1, 3)))
        return f"{lead} {first[0].lower()}{first[1:]} {body}"
    return " ".join(_fill(rng, rng.choice(NEWS)) for _ in range(rng.randint(1, 4)))


def make_text(size: int, seed: int = 0) -> str:
    """A text of at least ``size`` characters (paragraphs separated by blank lines)."""
    rng = random.Random(seed)
    title = _fill(rng, "{plan}")
    parts = [title, f"Issued by {_fill(rng, '{body}')}, June 18, 2024"]
    total = sum(len(p) + 2 for p in parts)
    while total < size:
        p = make_paragraph(rng)
        parts.append(p)
        total += len(p) + 2
    return "\n\n".join(parts)


def make_documents(count: int, size: int = 1500, seed: int = 1) -> Iterator[str]:
    """``count`` documents of about ``size`` characters, generated lazily."""
    for i in range(count):
        yield make_text(size, seed=seed * 1_000_003 + i)


# --------------------------------------------------------------------------- adversarial


def adversarial_inputs(size: int) -> dict[str, str]:
    """Inputs that break naive patterns, each about ``size`` characters."""
    word = "innovation quantum robots enterprises billion yuan percent "
    return {
        "no_full_stop": (word * (size // len(word) + 1))[:size],
        "digits": "7" * size,
        "more_than": ("more than " * (size // 10 + 1))[:size],
        "commas": "," * size,
        "quotes": ("\"“”'" * (size // 4 + 1))[:size],
        "brackets": ("([{（" * (size // 4 + 1))[:size],
        "hyphens": "-" * size,
        "spaces": " " * size,
        "newlines": "\n" * size,
        "digits_and_dots": ("1." * (size // 2 + 1))[:size],
        "numbers_spaced": ("1 000 " * (size // 6 + 1))[:size],
        "mixed_scripts": ("量子信息 quantum Ωμέγα مرحبا 🚀🤖 ১২৩ " * (size // 30 + 1))[:size],
        "control_chars": ("".join(chr(c) for c in range(32)) * (size // 32 + 1))[:size],
        "surrogates_nul": ("\ud800a\x00\udfff " * (size // 6 + 1))[:size],
        "capitals": ("The Quantum Research Institute Of " * (size // 34 + 1))[:size],
    }


# --------------------------------------------------------------------------- timing

_CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock_name = "wall"


def _clock() -> float:
    """The clock in use: wall time (``time.perf_counter``) or, with ``--cpu``, process CPU
    time (``time.process_time``, steadier on a busy machine)."""
    return _CLOCKS[_clock_name]()


@dataclass
class Timing:
    name: str
    seconds: dict[int, float]  # scale -> best time


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = _clock()
        fn()
        best = min(best, _clock() - t0)
    return best


def time_stages(text: str, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds per stage, calling the stages as ``pipeline.extract`` does."""
    times: dict[str, float] = {}

    def run_all() -> dict[str, float]:
        out: dict[str, float] = {}
        t = _clock()
        segments = segment(text)
        out["segment"] = _clock() - t
        doc = Document(
            text=text,
            language="en",
            published=PUBLISHED,
            published_inferred=False,
            segments=segments,
            taxonomy=Taxonomy.default(),
        )
        t = _clock()
        doc.quantities = find_quantities(text)
        out["find_quantities"] = _clock() - t
        t = _clock()
        doc.periods = find_periods(text, published=PUBLISHED)
        out["find_periods"] = _clock() - t
        t = _clock()
        found = find_actors(doc)
        doc.actors, doc.organization_spans = found.actors, found.organization_spans
        out["actors"] = _clock() - t
        t = _clock()
        doc.named = find_named_strategies(doc)
        out["named strategies"] = _clock() - t
        t = _clock()
        doc.directions = find_directions(doc)
        out["directions"] = _clock() - t
        t = _clock()
        doc.targets = find_targets(doc)
        out["targets"] = _clock() - t
        t = _clock()
        doc.strategies = find_strategies(doc)
        out["strategies"] = _clock() - t
        return out

    for _ in range(repeat):
        gc.collect()
        for name, secs in run_all().items():
            times[name] = min(times.get(name, float("inf")), secs)
    times["extract (whole)"] = _best(lambda: futureind.extract(text, published=PUBLISHED), repeat)
    return times


def _rate(chars: int, seconds: float) -> str:
    if seconds <= 0:
        return "inf"
    r = chars / seconds
    return f"{r / 1e6:8.2f} MB/s" if r >= 1e6 else f"{r / 1e3:8.1f} KB/s"


def bench_scaling(base: int, repeat: int) -> bool:
    """Print chars/s per stage at 1x, 4x, 16x and the 16x/1x time ratio; True if all linear."""
    print(f"\n== Throughput per stage (base corpus {base:,} chars; best of {repeat}) ==")
    futureind.extract(make_text(5000, seed=12345), published=PUBLISHED)  # load and compile data
    results: dict[int, dict[str, float]] = {}
    sizes: dict[int, int] = {}
    for scale in SCALES:
        text = make_text(base * scale, seed=scale)
        sizes[scale] = len(text)
        reps = repeat if scale < 16 else max(1, repeat - 1)
        results[scale] = time_stages(text, reps)
    names = list(results[1])
    header = f"{'stage':<18}" + "".join(f"{f'{s}x ({sizes[s] / 1e6:.2f} MB)':>18}" for s in SCALES)
    print(header + f"{'16x/1x time':>14}")
    ok = True
    for name in names:
        row = f"{name:<18}"
        for s in SCALES:
            row += f"{_rate(sizes[s], results[s][name]):>18}"
        t1, t16 = results[1][name], results[16][name]
        # Normalise by the real size ratio (generated texts overshoot by < 1 paragraph).
        ratio = (t16 / t1) * (16 * sizes[1] / sizes[16]) if t1 > 0 else 0.0
        flag = ""
        # Stages under a millisecond at 1x are timer noise; judge them by absolute time.
        if ratio > LINEARITY_LIMIT and t16 > 0.05:
            flag = "  NON-LINEAR"
            ok = False
        row += f"{ratio:>13.1f}x{flag}"
        print(row)
    rate = sizes[16] / results[16]["extract (whole)"]
    verdict = "meets" if rate >= SPEED_GOAL else "BELOW"
    print(f"whole extract at 16x: {rate / 1e6:.2f} MB/s — {verdict} the 1 MB/s goal")
    print(f"linearity (16x text <= {LINEARITY_LIMIT}x time): {'ok' if ok else 'FAILED'}")
    return ok and rate >= SPEED_GOAL


def bench_memory(count: int, doc_size: int) -> None:
    """Peak traced memory of ``extract_many`` over ``count`` generated documents."""
    print(f"\n== Memory: extract_many over {count:,} documents of ~{doc_size:,} chars ==")
    futureind.extract(make_text(doc_size), published=PUBLISHED)  # load data before tracing
    gc.collect()
    tracemalloc.start()
    checkpoints = {count // 10, count}
    peaks: list[tuple[int, int]] = []
    t0 = _clock()
    chars = 0

    def docs() -> Iterator[str]:
        nonlocal chars
        for d in make_documents(count, doc_size):
            chars += len(d)
            yield d

    for done, _report in enumerate(futureind.extract_many(docs()), start=1):
        if done in checkpoints:
            peaks.append((done, tracemalloc.get_traced_memory()[1]))
    elapsed = _clock() - t0
    tracemalloc.stop()
    for n, peak in peaks:
        print(f"peak traced memory after {n:>7,} documents: {peak / 2**20:8.2f} MiB")
    if len(peaks) == 2 and peaks[0][1] > 0:
        print(
            f"growth from {peaks[0][0]:,} to {peaks[1][0]:,} documents: {peaks[1][1] / peaks[0][1]:.2f}x"
        )
    print(
        f"{chars / 1e6:.1f} MB in {elapsed:.1f} s under tracemalloc ({_rate(chars, elapsed).strip()})"
    )


def bench_adversarial(size: int, factor: float) -> bool:
    """Time each adversarial input against a normal text of the same size."""
    print(f"\n== Adversarial inputs ({size:,} chars each; limit {factor:g}x the normal text) ==")
    normal = make_text(size, seed=99)[:size]
    t_normal = max(_best(lambda: futureind.extract(normal, published=PUBLISHED), 2), 1e-3)
    print(f"{'normal text':<18}{t_normal * 1e3:10.1f} ms")
    ok = True
    for name, text in adversarial_inputs(size).items():
        t = _best(lambda text=text: futureind.extract(text, published=PUBLISHED), 1)  # type: ignore[misc]
        flag = "" if t <= factor * t_normal else "  TOO SLOW"
        ok = ok and not flag
        print(f"{name:<18}{t * 1e3:10.1f} ms {t / t_normal:8.2f}x{flag}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--size", type=int, default=256, help="base corpus size in KB (default 256)"
    )
    parser.add_argument("--docs", type=int, default=10_000, help="documents for the memory run")
    parser.add_argument("--doc-size", type=int, default=1500, help="characters per document")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument(
        "--quick", action="store_true", help="32 KB base, 1,000 documents, best of 2"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the extract_many memory run")
    parser.add_argument("--adversarial", action="store_true", help="also time adversarial inputs")
    parser.add_argument("--adversarial-size", type=int, default=200_000, help="chars per input")
    parser.add_argument("--factor", type=float, default=10.0, help="adversarial time limit factor")
    parser.add_argument(
        "--cpu", action="store_true", help="time with process CPU time instead of wall time"
    )
    parser.add_argument(
        "--tuned-gc",
        action="store_true",
        help="tune the garbage collector as extract_many workers do (gc.freeze, higher threshold)",
    )
    args = parser.parse_args(argv)
    global _clock_name
    _clock_name = "cpu" if args.cpu else "wall"
    if args.quick:
        args.size, args.docs, args.repeat = 32, 1000, 2
        args.adversarial_size = min(args.adversarial_size, 50_000)
    if args.tuned_gc:
        tune_gc_for_extraction()
    print(
        f"futureind {futureind.__version__}, Python {sys.version.split()[0]}, "
        f"{'CPU' if args.cpu else 'wall'} time"
        + (", garbage collector tuned as in extract_many workers" if args.tuned_gc else "")
    )
    ok = bench_scaling(args.size * 1000, args.repeat)
    if args.adversarial:
        ok = bench_adversarial(args.adversarial_size, args.factor) and ok
    if not args.no_memory:
        bench_memory(args.docs, args.doc_size)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
