"""Batch: extract every ``*.txt`` file of a folder, write JSON Lines and one CSV per record kind.

    python examples/batch_folder.py                          # examples/texts -> examples/output
    python examples/batch_folder.py corpus/ out/ --workers 4

``futureind.extract_many`` streams: it reads ``(id, text)`` pairs one at a time from the
generator below and yields reports in input order, so the folder can be of any size. The CSV
files have one row per record, a ``doc_id`` column and the same columns for every document
(``futureind.tables.COLUMNS``), ready for pandas or a spreadsheet.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import futureind
from futureind.tables import COLUMNS, KINDS

HERE = Path(__file__).resolve().parent


def read_documents(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """``(id, text)`` for each path, read lazily one at a time (UTF-8, a BOM is dropped)."""
    for path in paths:
        yield path.stem, path.read_text(encoding="utf-8-sig")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=HERE / "texts")
    parser.add_argument("output", nargs="?", type=Path, default=HERE / "output")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    args = parser.parse_args(argv)

    paths = sorted(args.folder.glob("*.txt"))
    if not paths:
        parser.error(f"no *.txt files in {args.folder}")
    args.output.mkdir(parents=True, exist_ok=True)

    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    jsonl = args.output / "reports.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        reports = futureind.extract_many(read_documents(paths), workers=args.workers)
        for path, report in zip(paths, reports, strict=True):
            doc_id = path.stem
            line = {"id": doc_id, **report.model_dump(mode="json")}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            for kind in KINDS:
                rows[kind].extend(report.to_rows(kind, doc_id=doc_id))
            counts = ", ".join(f"{len(report.records(kind))} {kind}" for kind in KINDS)
            print(f"{doc_id}: {counts}")

    for kind in KINDS:
        target = args.output / f"{kind}.csv"
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["doc_id", *COLUMNS[kind]])
            writer.writeheader()
            writer.writerows(rows[kind])
    print(f"wrote {jsonl} and {', '.join(f'{kind}.csv' for kind in KINDS)} in {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
