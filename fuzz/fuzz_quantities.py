"""Fuzz the number and time parsers: :func:`futureind.find_quantities`,
:func:`futureind.parse_quantity`, :func:`futureind.find_periods` and
:func:`futureind.parse_period` never raise on a ``str``; spans slice back; a quantity found
in running text is a valid :class:`~futureind.Quantity`. See fuzz/README.md::

    .venv/bin/python fuzz/fuzz_quantities.py -max_total_time=300 -dict=fuzz/policy.dict fuzz/seeds
"""

from __future__ import annotations

import math
import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    import futureind

NUMBER_PARTS = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "9",
    "12",
    "300",
    "1,200",
    "1.5",
    "0.05",
    ".",
    ",",
    " ",
    "-",
    "–",
    "~",
    "to",
    "between ",
    " and ",
    "more than ",
    "at least ",
    "about ",
    "up to ",
    "nearly ",
    "billion",
    "million",
    "trillion",
    "thousand",
    "hundred",
    "bn",
    "mn",
    "k",
    "yuan",
    "RMB",
    "US$",
    "$",
    "€",
    "EUR",
    "¥",
    "₩",
    "KRW",
    "%",
    " percent",
    " percentage points",
    " times",
    "double",
    "triple",
    "tenfold",
    "GW",
    "MW",
    "kWh",
    "tonnes",
    "square kilometres",
    "km",
    "enterprises",
    "亿",
    "万",
    "元",
    "千瓦",
    "倍",
    "%",
    "two",
    "twenty",
    "one hundred",
    "by 2030",
    "in 2025",
    "2023-2025",
    "the 15th Five-Year Plan",
    "next year",
    "this year",
    "by the end of",
    "June 18, 2024",
    "\x00",
    "\ud800",
    "\n",
]


def _text(data: bytes) -> str:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        return str(fdp.ConsumeUnicode(fdp.remaining_bytes()))
    parts = []
    while fdp.remaining_bytes():
        parts.append(NUMBER_PARTS[fdp.ConsumeIntInRange(0, len(NUMBER_PARTS) - 1)])
    return "".join(parts)


def _finite(x: float | None) -> bool:
    return x is None or math.isfinite(x)


def TestOneInput(data: bytes) -> None:
    text = _text(data)
    for match in futureind.find_quantities(text):
        span = match.span
        if text[span.start : span.end] != span.text:
            raise AssertionError(f"quantity span does not slice back: {match!r}")
        q = match.quantity
        if not (_finite(q.amount) and _finite(q.min) and _finite(q.max)):
            raise AssertionError(f"non-finite quantity: {match!r}")
        futureind.parse_quantity(span.text)
    futureind.parse_quantity(text)
    for period in futureind.find_periods(text, published=date(2024, 6, 18)):
        if (
            period.span is not None
            and text[period.span.start : period.span.end] != period.span.text
        ):
            raise AssertionError(f"period span does not slice back: {period!r}")
    futureind.parse_period(text, published=date(2024, 6, 18))
    futureind.parse_period(text)


def main() -> None:
    # Load and compile the vocabularies before fuzzing, so the first input is not a "timeout".
    futureind.find_quantities("more than 300 billion yuan by 2030, 5000亿元")
    futureind.find_periods("by the end of 2025")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
