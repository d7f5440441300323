"""Compare regions: which future-industry directions do several regional plans name?

    python examples/compare_regions.py                       # examples/texts -> heatmap.png
    python examples/compare_regions.py plans/*.txt -o out.png --level top

Each text is labelled with the jurisdiction it is about: the jurisdiction actor mentioned most
often in it, or the file name when the text names none. The heatmap has one row per direction
and one column per jurisdiction; a cell counts the mentions of the direction in that text.
Needs matplotlib: ``pip install 'futureind[plot]'``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import futureind

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "output" / "heatmap.png"


def jurisdiction_of(report: futureind.Report, fallback: str) -> str:
    """The jurisdiction a report is mostly about: its most-mentioned jurisdiction actor.

    Ties go to the jurisdiction mentioned first; ``fallback`` when the text names none.
    """
    best: tuple[int, int, str] | None = None
    for actor in report.actors:
        if actor.kind != "jurisdiction" or not actor.mentions:
            continue
        rank = (-len(actor.mentions), actor.mentions[0].start, actor.name)
        if best is None or rank < best:
            best = rank
    return best[2] if best is not None else fallback


def direction_counts(report: futureind.Report, level: str) -> dict[str, int]:
    """Mentions per direction key; with ``level="top"`` leaves count for their top-level key."""
    counts: dict[str, int] = {}
    for direction in report.directions:
        key = direction.key
        if level == "top":
            key = direction.parent or direction.key
        counts[key] = counts.get(key, 0) + len(direction.mentions)
    return counts


def draw_heatmap(
    matrix: list[list[int]], rows: list[str], columns: list[str], output: Path, title: str
) -> None:
    """Draw ``matrix`` (rows x columns of counts) as an annotated heatmap PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    height = max(2.5, 0.32 * len(rows) + 1.6)
    width = max(4.0, 1.5 * len(columns) + 3.4)
    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    if rows:
        image = ax.imshow(matrix, cmap="YlGnBu", aspect="auto", vmin=0)
        ax.set_yticks(range(len(rows)), labels=rows, fontsize=8)
        peak = max(max(row) for row in matrix) or 1
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value:
                    colour = "white" if value > peak / 2 else "black"
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=7, color=colour)
        colorbar = fig.colorbar(image, ax=ax, label="mentions", shrink=0.8)
        colorbar.locator = MaxNLocator(integer=True)
        colorbar.update_ticks()
    else:
        ax.text(0.5, 0.5, "no directions found", ha="center", va="center")
        ax.set_yticks([])
    ax.set_xticks(range(len(columns)), labels=columns, rotation=30, ha="right", fontsize=9)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="text files (default: examples/texts)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="PNG to write")
    parser.add_argument("--level", choices=("leaf", "top"), default="leaf")
    args = parser.parse_args(argv)

    files = args.files or sorted((HERE / "texts").glob("*.txt"))
    columns: list[str] = []
    counts: list[dict[str, int]] = []
    for path in files:
        report = futureind.extract(path.read_text(encoding="utf-8-sig"))
        fallback = path.stem.replace("_", " ").title()
        columns.append(jurisdiction_of(report, fallback))
        counts.append(direction_counts(report, args.level))

    rows = sorted({key for column in counts for key in column})
    matrix = [[column.get(key, 0) for column in counts] for key in rows]
    for key, row in zip(rows, matrix, strict=True):
        print(f"{key:<36} " + " ".join(f"{value:>4}" for value in row))
    draw_heatmap(matrix, rows, columns, args.output, "Future-industry directions by jurisdiction")
    print(f"wrote {args.output} ({len(rows)} directions x {len(columns)} jurisdictions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
