"""The ``futureind`` command line.

    futureind extract FILE... [--format json|jsonl|csv|table] [--published DATE] [--table KIND]
    futureind demo        # extraction on a bundled sample plan, as readable tables
    futureind schema      # the JSON Schema of a Report

``-`` reads standard input. A file that is missing or not UTF-8 is reported on stderr by
name; the others are still processed and the exit code is 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any

from . import __version__
from .errors import FutureindError
from .models import Report
from .pipeline import extract
from .tables import KINDS, to_rows

__all__ = ["main"]

FORMATS = ("json", "jsonl", "csv", "table")


def _read(path: str) -> str:
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return data.decode("utf-8-sig")


def _inputs(paths: Sequence[str], errors: list[str]) -> Iterator[tuple[str, str]]:
    for path in paths:
        try:
            yield path, _read(path)
        except FileNotFoundError:
            errors.append(f"{path}: no such file")
        except IsADirectoryError:
            errors.append(f"{path}: is a directory")
        except PermissionError:
            errors.append(f"{path}: permission denied")
        except UnicodeDecodeError as exc:
            errors.append(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        except OSError as exc:
            errors.append(f"{path}: cannot read ({exc.strerror or exc})")


def _csv_rows(report: Report, doc_id: str, table: str) -> list[dict[str, Any]]:
    kinds = KINDS if table == "all" else (table,)
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        for row in to_rows(report, kind, doc_id=doc_id):  # type: ignore[arg-type]
            rows.append({"record": kind, **row} if table == "all" else row)
    return rows


def _write_csv(rows: list[dict[str, Any]], out: IO[str]) -> None:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    writer = csv.DictWriter(out, fieldnames=list(columns) or ["doc_id"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _console(out: IO[str]) -> Any:
    try:
        from rich.console import Console
    except ImportError:
        raise FutureindError(
            "table output needs the 'rich' package: pip install 'futureind[cli]'"
        ) from None
    return Console(file=out, width=120)


def print_tables(report: Report, title: str, out: IO[str]) -> None:
    """A readable summary of ``report`` as tables (needs the ``cli`` extra, for rich)."""
    from rich.table import Table

    console = _console(out)
    published = report.published.isoformat() if report.published else "unknown"
    console.rule(f"[bold]{title}[/] — language {report.language}, published {published}")
    table = Table(title="Directions", title_justify="left")
    for col in ("key", "label", "mentions"):
        table.add_column(col)
    for d in report.directions:
        table.add_row(d.key, d.label, str(len(d.mentions)))
    console.print(table)
    table = Table(title="Targets", title_justify="left")
    for col in ("metric", "comparator", "value", "year", "issuer"):
        table.add_column(col)
    for t in report.targets:
        v = t.value
        value = (
            f"{v.amount:g} {v.unit}" if v.amount is not None else f"{v.min:g}–{v.max:g} {v.unit}"
        )
        table.add_row(t.metric or "", t.comparator or "", value, str(t.year or ""), t.issuer or "")
    console.print(table)
    table = Table(title="Actors", title_justify="left")
    for col in ("name", "kind", "roles", "mentions"):
        table.add_column(col)
    for a in report.actors:
        roles = "; ".join(
            f"{r.title}, {r.organization}" if r.organization else r.title for r in a.roles
        )
        table.add_row(a.name, a.kind, roles, str(len(a.mentions)))
    console.print(table)
    table = Table(title="Strategies", title_justify="left")
    for col in ("instruments", "name", "evidence"):
        table.add_column(col)
    for s in report.strategies:
        evidence = s.evidence.text if len(s.evidence.text) <= 90 else s.evidence.text[:87] + "..."
        table.add_row(", ".join(s.instruments), s.name or "", evidence)
    console.print(table)


def _cmd_extract(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    errors: list[str] = []
    reports: list[tuple[str, Report]] = []
    csv_rows: list[dict[str, Any]] = []
    for doc_id, text in _inputs(args.files, errors):
        report = extract(text, published=args.published)
        if args.format == "jsonl":
            line = {"id": doc_id, **report.model_dump(mode="json")}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            csv_rows.extend(_csv_rows(report, doc_id, args.table))
        elif args.format == "table":
            print_tables(report, doc_id, out)
        else:
            reports.append((doc_id, report))
    if args.format == "json":
        if len(args.files) == 1 and len(reports) == 1:
            payload: Any = reports[0][1].model_dump(mode="json")
        else:
            payload = [{"id": i, **r.model_dump(mode="json")} for i, r in reports]
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        _write_csv(csv_rows, out)
    for message in errors:
        err.write(f"futureind: {message}\n")
    return 1 if errors else 0


def sample_text() -> str:
    """The bundled sample: a provincial future-industries plan written for the demo."""
    return resources.files("futureind.data").joinpath("sample_plan.txt").read_text("utf-8")


def _cmd_demo(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    report = extract(sample_text(), published="2024-06-18")
    if args.format == "json":
        out.write(report.model_dump_json(indent=2) + "\n")
    else:
        print_tables(report, "bundled sample: a provincial future-industries plan", out)
    return 0


def _cmd_schema(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    out.write(json.dumps(Report.model_json_schema(), indent=2) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="futureind",
        description="Extract directions, targets, actors and strategies from future-industry texts.",
    )
    parser.add_argument("--version", action="version", version=f"futureind {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract from files ('-' for standard input)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--published", default=None, help="publication date (YYYY-MM-DD)")
    p.add_argument(
        "--table",
        choices=("all", *KINDS),
        default="all",
        help="with --format csv: which records to write (default: all, with a 'record' column)",
    )
    p.set_defaults(run=_cmd_extract)
    p = sub.add_parser("demo", help="run on the bundled sample plan and print tables")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_demo)
    p = sub.add_parser("schema", help="print the JSON Schema of a Report")
    p.set_defaults(run=_cmd_schema)
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: IO[str] | None = None, err: IO[str] | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args, out, err)
    except FutureindError as exc:
        err.write(f"futureind: {exc}\n")
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
    return code
