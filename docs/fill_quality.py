"""Fill the figures table of docs/quality.md from the scorer.

    python docs/fill_quality.py                          # ../shared/tools/score.py on ../shared/gold/dev
    python docs/fill_quality.py --score PATH --gold DIR

Runs the scorer with ``--json`` (in this interpreter, so on the installed futureind) and
replaces everything between the ``<!-- QUALITY TABLE`` and ``<!-- END QUALITY TABLE -->``
markers of docs/quality.md with the table, the commit and the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "quality.md"
BEGIN = "<!-- QUALITY TABLE"
END = "<!-- END QUALITY TABLE -->"
FIELD_FIGURES = ("target_comparator", "target_issuer", "actor_kind")


def render(result: dict[str, Any], commit: str, today: str) -> str:
    """The Markdown block (markers included) for a ``score.py --json`` result."""
    figures: dict[str, dict[str, Any]] = result["figures"]
    lines = [
        f"{BEGIN}: filled by `python docs/fill_quality.py` from `score.py --json`",
        "     on the development documents. Run it again when the figures change. -->",
        "",
        "| figure | P | R | F1 | gold | predicted |",
        "|---|---|---|---|---|---|",
    ]
    for name, figure in figures.items():
        if name in FIELD_FIGURES or "f1" not in figure:
            continue
        lines.append(
            f"| {name} | {figure['precision']:.3f} | {figure['recall']:.3f} "
            f"| **{figure['f1']:.3f}** | {figure['gold']} | {figure['predicted']} |"
        )
    lines += ["", "| field figure | accuracy | of |", "|---|---|---|"]
    for name, figure in figures.items():
        if "accuracy" in figure:
            lines.append(f"| {name} | {figure['accuracy']:.3f} | {figure['n']} |")
    lines += [
        "",
        f"Measured on {result['documents']} development documents at commit `{commit}`, {today}.",
        "",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--score", type=Path, default=ROOT.parent / "shared/tools/score.py")
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared/gold/dev")
    args = parser.parse_args(argv)

    run = subprocess.run(
        [sys.executable, str(args.score), str(args.gold), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    page = PAGE.read_text(encoding="utf-8")
    start, end = page.index(BEGIN), page.index(END) + len(END)
    block = render(result, commit or "unknown", dt.date.today().isoformat())
    PAGE.write_text(page[:start] + block + page[end:], encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
