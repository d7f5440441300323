"""Adversarial inputs: each finishes in time linear in its size and gives a valid Report.

Every input is timed against a normal policy text of the same size; it must take at most
``FACTOR`` times as long (plus a small constant for timer noise). Each input is run at 1/16,
1/4 and the full size, stopping at the first size over the limit, so a quadratic stage fails
fast with the growth visible in the message instead of hanging the suite. The report must
validate and every span in it must slice back to its text.

Growth is checked too: 4x the text may take at most 10x the time (quadratic work shows
as 16x). The ``slow`` ones (the 10 MB text) still run in CI; the whole file takes well under two
minutes on two cores when extraction runs at its 1 MB/s goal.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable, Iterator
from functools import cache

import pytest

from futureind import Report, Span, extract

FACTOR = 10.0  # an adversarial input may take this many times a normal text of its size
SLACK = 0.25  # seconds, for timer noise on small inputs
GROWTH = 10.0  # 4x the text may take at most this many times as long (linear: 4x)
MEASURABLE = 0.2  # seconds; shorter runs are too noisy to judge growth by
PUBLISHED = "2024-06-18"

_SENTENCES = [
    "By 2027, the output value of future industries in Jiangnan Province will exceed {n} billion yuan.",
    "The first is to support leading enterprises in building innovation consortia on quantum computing.",
    "Li Wenhua, deputy mayor of Hefei, said the city has gathered more than {n} robotics enterprises.",
    "The province will set up a special fund of {n} billion yuan for hydrogen energy and fuel cells.",
    "In 2023, the added value of the digital economy reached {n} billion yuan, up {p} percent.",
    "By the end of 2025, research and development spending will account for no less than {p}% of GDP.",
    "Build {n} pilot zones for 6G, satellite internet and the low-altitude economy.",
    "According to the Action Plan for Cultivating Future Industries (2024-2027) from the "
    "Ministry of Industry and Information Technology, humanoid robots will be mass-produced.",
    "Introduce and cultivate leading scientists in synthetic biology and brain-computer interfaces.",
    "Shanghai aims to double the scale of its advanced materials and new-type energy storage sectors.",
]


def normal_text(size: int) -> str:
    """A policy-style text of exactly ``size`` characters (paragraphs of template sentences)."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        sentence = _SENTENCES[i % len(_SENTENCES)].format(n=12 + i % 488, p=1 + i % 9)
        sep = "\n\n" if i % 4 == 3 else " "
        parts.append(sentence + sep)
        total += len(sentence) + len(sep)
        i += 1
    return "".join(parts)[:size]


_SOUP = [
    *[
        "develop",
        "support",
        "build",
        "lack",
        "of",
        "more",
        "than",
        "by",
        "2030",
        "billion",
        "yuan",
        "percent",
        "Ministry",
        "University",
        "Plan",
        "said",
        "deputy",
        "mayor",
        "of",
        "quantum",
        "AI",
        "6G",
        "the",
        "first",
        "is",
        "to",
    ],
    *["-", "'", "&", ",", "(", ")", '"', "“", "”", ".", "  ", "\n", "\n\n", "•", "%", "$"],
]


def _soup(size: int) -> str:
    """Trigger words and punctuation in a fixed pseudo-random order."""
    rng = random.Random(size)
    out: list[str] = []
    total = 0
    while total < size:
        token = rng.choice(_SOUP) + rng.choice(["", " ", " ", " "])
        out.append(token)
        total += len(token)
    return "".join(out)[:size]


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    # name: (make an input of a given size, full size)
    "1 MB without a full stop": (
        _repeat("future industries quantum computing more than 300 billion yuan by 2030 and "),
        1_000_000,
    ),
    "100,000 digits": (_repeat("9"), 100_000),
    "'more than ' x 50,000": (_repeat("more than "), 500_000),
    "digits with commas": (_repeat("1,"), 200_000),
    "digits with dots": (_repeat("1."), 200_000),
    "digits with spaces": (_repeat("1 000 "), 200_000),
    "number words": (_repeat("billion million trillion thousand "), 200_000),
    "percent signs": (_repeat("5%"), 200_000),
    "commas": (_repeat(","), 200_000),
    "ascii quotes": (_repeat('"'), 200_000),
    "mixed quotes": (_repeat("\"“”'‘’「」"), 200_000),
    "opening brackets": (_repeat("("), 200_000),
    "mixed brackets": (_repeat("([{（【"), 200_000),
    "closing brackets": (_repeat(")]}）】"), 200_000),
    "hyphens": (_repeat("-"), 200_000),
    "dashes": (_repeat("–—-‐"), 200_000),
    "spaces": (_repeat(" "), 200_000),
    "newlines": (_repeat("\n"), 200_000),
    "crlf": (_repeat("\r\n"), 200_000),
    "tabs and spaces": (_repeat(" \t \u3000\u00a0"), 200_000),
    "full stops": (_repeat("."), 200_000),
    "ellipses and bangs": (_repeat("…!?"), 200_000),
    "capitalised words": (_repeat("The Quantum Research Institute Of "), 300_000),
    "initials": (_repeat("A. B. C. "), 200_000),
    "one long word": (_repeat("a"), 200_000),
    "bullets": (_repeat("• 1. (2) - "), 200_000),
    "one line per char": (_repeat("a\n"), 200_000),
    "mixed scripts": (_repeat("量子信息 quantum Ωμέγα مرحبا ১২৩ Ж "), 200_000),
    "chinese without stops": (
        _repeat("到2030年未来产业规模超过5000亿元量子信息人形机器人"),
        200_000,
    ),
    "emoji": (_repeat("🚀🤖🧬👩‍🔬🇨🇳 "), 200_000),
    "control characters": (_repeat("".join(chr(c) for c in range(32)) + "\x7f\x85"), 200_000),
    "lone surrogates": (_repeat("\ud800a\udfff\udbff"), 100_000),
    "nul": (_repeat("\x00"), 100_000),
    "nul between words": (_repeat("quantum\x00computing\x00300\x00billion\x00"), 100_000),
    "combining marks": (_repeat("e\u0301\u0302\u0303"), 100_000),
    "zero-width and bidi": (_repeat("\u200b\u200d\u202e\ufeff2030"), 100_000),
    "years": (_repeat("2030 "), 200_000),
    "dates": (_repeat("June 18, 2024 "), 200_000),
    "by the end of": (_repeat("by the end of "), 200_000),
    "no less than": (_repeat("no less than "), 200_000),
    "money symbols": (_repeat("$€¥£₩ "), 200_000),
    "organisation words": (_repeat("Ministry of Institute of University of "), 200_000),
    "verb then dashes": (_repeat("develop " + "- " * 40 + "industries. "), 200_000),
    "verb then apostrophes": (_repeat("support " + "' & " * 40 + "talent; "), 200_000),
    "lack of then commas": (_repeat("lack of " + ", " * 40 + "funds "), 200_000),
    "token soup": (lambda size: _soup(size), 300_000),
    # "the city" with no city named before: resolving it must not walk back over every mention
    "anaphors without an antecedent": (
        _repeat("The city will build new incubators for humanoid robots. MIIT issued it.\n\n"),
        400_000,
    ),
}


@cache
def _normal_time(size: int) -> float:
    text = normal_text(size)
    extract(text[: min(size, 2000)], published=PUBLISHED)  # load data outside the timing
    return _timed(text)[0]


def _timed(text: str) -> tuple[float, Report]:
    gc.collect()
    t0 = time.perf_counter()
    report = extract(text, published=PUBLISHED)
    return time.perf_counter() - t0, report


def spans(report: Report) -> Iterator[Span]:
    """Every span of a report: mentions, evidence and value spans."""
    for d in report.directions:
        yield from d.mentions
    for a in report.actors:
        yield from a.mentions
    for t in report.targets:
        yield t.evidence
        if t.value_span is not None:
            yield t.value_span
    for s in report.strategies:
        yield s.evidence


def check_valid(text: str, report: Report) -> None:
    """The report validates and every span slices back to its text."""
    assert isinstance(report, Report)
    Report.model_validate(report.model_dump())
    for span in spans(report):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


def check_linear(name: str, make: Callable[[int], str], size: int) -> None:
    """Run ``make`` at 1/16, 1/4 and full ``size``; fail at the first size over the limit,
    or when four times the text takes more than ``GROWTH`` times as long (quadratic work
    shows as 16x)."""
    seen: list[str] = []
    previous = 0.0
    for part in (16, 4, 1):
        n = size // part
        text = make(n)
        assert len(text) == n
        limit = FACTOR * _normal_time(n) + SLACK
        seconds, report = _timed(text)
        seen.append(f"{n:,} chars: {seconds:.3f} s (normal text {_normal_time(n):.3f} s)")
        if seconds > limit:
            pytest.fail(f"{name}: over {FACTOR:g}x a normal text of its size; " + "; ".join(seen))
        if previous > MEASURABLE and seconds > GROWTH * previous:
            pytest.fail(f"{name}: 4x the text took over {GROWTH:g}x the time; " + "; ".join(seen))
        previous = seconds
        check_valid(text, report)


@pytest.mark.parametrize("name", list(INPUTS))
def test_adversarial_input_is_linear_and_valid(name: str) -> None:
    make, size = INPUTS[name]
    check_linear(name, make, size)


def test_normal_text_generator() -> None:
    text = normal_text(5000)
    assert len(text) == 5000
    report = extract(text, published=PUBLISHED)
    check_valid(text, report)


def test_mixed_adversarial_paragraphs_in_a_normal_text() -> None:
    """Adversarial runs between normal paragraphs must not disturb the normal ones' spans."""
    pieces = [normal_text(3000)]
    for make, _ in INPUTS.values():
        pieces.append(make(2000))
        pieces.append("\n\n" + normal_text(1500) + "\n\n")
    text = "".join(pieces)
    seconds, report = _timed(text)
    assert seconds <= FACTOR * _normal_time(len(text)) + SLACK
    check_valid(text, report)


@pytest.mark.slow
def test_ten_megabytes() -> None:
    """A 10 MB text: normal paragraphs with long adversarial stretches between them."""
    block = normal_text(400_000) + "\n\n" + "more than " * 5_000 + "9" * 20_000 + " " * 20_000
    text = (block * (10_000_000 // len(block) + 1))[:10_000_000]
    # Compare with ten times a 1 MB normal text (linear scaling, same factor).
    limit = FACTOR * 10 * _normal_time(1_000_000) + SLACK
    seconds, report = _timed(text)
    assert seconds <= limit, f"10 MB took {seconds:.1f} s; limit {limit:.1f} s"
    check_valid(text, report)


@pytest.mark.slow
def test_ten_megabytes_without_a_full_stop() -> None:
    make, _ = INPUTS["1 MB without a full stop"]
    # Fail fast on quadratic work (growth from 25,000 to 400,000 characters) instead of
    # running 10 MB for hours.
    check_linear("10 MB without a full stop (pre-check)", make, 400_000)
    text = make(10_000_000)
    limit = FACTOR * 10 * _normal_time(1_000_000) + SLACK
    seconds, report = _timed(text)
    assert seconds <= limit, f"10 MB took {seconds:.1f} s; limit {limit:.1f} s"
    check_valid(text, report)
