"""Quickstart: extract the four records from one text and look at them.

    python examples/quickstart.py                 # the built-in example paragraph
    python examples/quickstart.py plan.txt        # your own file
    python examples/quickstart.py plan.txt --json out.json

Every record carries a span into the text: ``text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import futureind

EXAMPLE = """\
Action Plan of Jiangbei City for Future Industries, issued on 9 March 2024

By 2027, the output value of future industries in Jiangbei will exceed 150 billion yuan,
and the city will build 6 pilot zones for humanoid robots, quantum information and
hydrogen energy. The municipal government will set up a future industry fund of
5 billion yuan and guide venture capital to invest in early-stage projects.
"Embodied intelligence is where we must lead," said Zhao Wei, mayor of Jiangbei.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", help="a UTF-8 text file (default: an example)")
    parser.add_argument("--published", default="2024-03-09", help="publication date")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)

    text = Path(args.file).read_text(encoding="utf-8") if args.file else EXAMPLE
    report = futureind.extract(text, published=args.published)
    print(f"language={report.language} published={report.published}")

    print("\nDirections")
    for direction in report.directions:
        first = direction.mentions[0]
        print(f"  {direction.key:<36} {len(direction.mentions)} mention(s), first {first.text!r}")

    print("\nTargets")
    for target in report.targets:
        value = target.value
        shown = f"{value.amount:g}" if value.amount is not None else f"{value.min:g}-{value.max:g}"
        print(
            f"  {target.comparator or '':<6} {shown} {value.unit} by {target.year}: {target.metric}"
        )
        print(f"         evidence [{target.evidence.start}:{target.evidence.end}]")

    print("\nActors")
    for actor in report.actors:
        roles = "; ".join(role.title for role in actor.roles)
        print(f"  {actor.kind:<16} {actor.name}" + (f" ({roles})" if roles else ""))

    print("\nStrategies")
    for strategy in report.strategies:
        instruments = ", ".join(strategy.instruments) or "-"
        label = strategy.name or strategy.evidence.text[:60]
        print(f"  {instruments:<40} {label}")

    # Offsets always slice back to the text they claim.
    for direction in report.directions:
        for span in direction.mentions:
            assert text[span.start : span.end] == span.text

    # The parsers work on their own too.
    print("\nParsers")
    print(" ", futureind.parse_quantity("500 billion yuan"))
    print(" ", futureind.parse_period("by the end of 2025"))
    for match in futureind.find_quantities("Invest 3 billion yuan and grow 20% by 2027."):
        print(f"  found {match.span.text!r} -> {match.quantity.amount} {match.quantity.unit}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
