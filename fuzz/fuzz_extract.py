"""Fuzz :func:`futureind.extract`: it must never raise on a ``str`` and every span must
slice back to its text. Run with atheris (see fuzz/README.md)::

    .venv/bin/python fuzz/fuzz_extract.py -max_total_time=300 -dict=fuzz/policy.dict fuzz/seeds

Inputs are decoded three ways, picked by the first byte: arbitrary code points (lone
surrogates included), UTF-8 with replacement, and a sequence of policy-phrase fragments so
that the extractors actually fire.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import futureind
    from futureind.models import Report

from _checks import check_spans  # fuzz/ is on sys.path when a harness runs as a script

PUBLISHED = [None, "2024-06-18", "2021-01-01", "2030-12-31"]
FRAGMENTS = [
    "By 2027, ",
    "By the end of 2025, ",
    "in 2030",
    "the 14th Five-Year Plan",
    "over the next five years",
    "the output value of future industries",
    "the number of high-tech enterprises",
    " will exceed ",
    " will reach ",
    " more than ",
    " no less than ",
    " about ",
    " up to ",
    " between ",
    " and ",
    "300 billion yuan",
    "RMB 1.2 trillion",
    "US$5 billion",
    "3.2%",
    "15 percent",
    "1,200 enterprises",
    "30 GW",
    "double",
    "tenfold",
    "1-2",
    "quantum computing",
    "humanoid robots",
    "6G",
    "AI",
    "hydrogen energy",
    "the low-altitude economy",
    "synthetic biology",
    "Jiangnan Province",
    "Shanghai",
    "the State Council",
    "the Ministry of Industry and Information Technology",
    "Li Wenhua, deputy mayor of Hefei, said",
    "the European Union (EU)",
    "Action Plan for Cultivating Future Industries (2024-2027)",
    "The first is to ",
    "Second, ",
    "support leading enterprises in building innovation consortia",
    "set up a special fund of ",
    "guide venture capital",
    "preferential tax policies",
    "open up application scenarios",
    "BEIJING, Jan. 29 (Xinhua) -- ",
    "Source: Xinhua",
    "By Kim Hyelin",
    "到2025年，",
    "未来产业产值超过5000亿元",
    "量子信息",
    "人形机器人",
    "。",
    ". ",
    ", ",
    "\n",
    "\n\n",
    "• ",
    "(1) ",
    "“",
    "”",
    '"',
    "(",
    ")",
    "-",
    " ",
    "\x00",
    "\ud800",
]


def _text(data: bytes) -> str:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    if mode == 0:
        return str(fdp.ConsumeUnicode(fdp.remaining_bytes()))
    if mode == 1:
        return bytes(fdp.ConsumeBytes(fdp.remaining_bytes())).decode("utf-8", "replace")
    parts = []
    while fdp.remaining_bytes():
        parts.append(FRAGMENTS[fdp.ConsumeIntInRange(0, len(FRAGMENTS) - 1)])
    return "".join(parts)


def TestOneInput(data: bytes) -> None:
    text = _text(data)
    published = PUBLISHED[len(data) % len(PUBLISHED)]
    report = futureind.extract(text, published=published)
    check_spans(text, report)
    Report.model_validate(report.model_dump())


def main() -> None:
    # Load and compile the vocabularies before fuzzing, so the first input is not a "timeout".
    futureind.extract("By 2027, Shanghai will exceed 300 billion yuan. 到2025年，量子信息。")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
