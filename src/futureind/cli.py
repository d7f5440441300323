"""The ``futureind`` command line.

    futureind extract PATH... [--format json|jsonl|csv|table] [--table KIND] [-o FILE]
                              [--workers N] [--published DATE] [--progress | --no-progress]
    futureind render FILE [-o out.html]   # the text with every record highlighted, as HTML
    futureind demo        # extraction on a bundled sample plan, as readable tables
    futureind schema      # the JSON Schema of a Report

A PATH is a file, a folder (every ``*.txt`` file under it, recursively, in sorted order), a
glob pattern (``'corpus/**/*.txt'``, quoted so that the shell leaves it alone) or ``-`` for
standard input. Files are read as UTF-8 (a byte-order mark is dropped). A file that is
missing or not UTF-8 is reported on stderr by name; the others are still processed and the
exit code is 1. On a terminal, a run over many files shows a progress bar on stderr.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from . import __version__
from .batch import extract_many
from .errors import FutureindError
from .models import Report
from .pipeline import extract
from .render import render_html
from .tables import COLUMNS, KINDS, to_rows

__all__ = ["main"]

FORMATS = ("json", "jsonl", "csv", "table")
PROGRESS_MIN_FILES = 20
"""On a terminal, a progress bar is shown for runs over at least this many files."""

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class _Source:
    path: str  # as given or as found; '-' is standard input
    explicit: bool  # named on the command line, not found in a folder or by a pattern


def _expand(args: Sequence[str], errors: list[str]) -> list[_Source]:
    """The files to read: files as given, folders and glob patterns expanded and sorted."""
    sources: list[_Source] = []
    for arg in args:
        path = Path(arg)
        if arg == "-":
            sources.append(_Source(arg, True))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not found:
                errors.append(f"{arg}: no *.txt files in this folder")
            sources.extend(_Source(str(p), False) for p in found)
        elif not path.exists() and _GLOB_CHARS & set(arg):
            matches = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not matches:
                errors.append(f"{arg}: no files match this pattern")
            sources.extend(_Source(m, False) for m in matches)
        else:
            sources.append(_Source(arg, True))  # a missing file is reported when it is read
    return sources


def _read(path: str) -> str:
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return data.decode("utf-8-sig")


def _try_read(path: str) -> tuple[str | None, str | None]:
    """``(text, None)``, or ``(None, message)`` naming the file and why it cannot be read."""
    try:
        return _read(path), None
    except FileNotFoundError:
        return None, f"{path}: no such file"
    except IsADirectoryError:
        return None, f"{path}: is a directory"
    except PermissionError:
        return None, f"{path}: permission denied"
    except UnicodeDecodeError as exc:
        return None, f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        return None, f"{path}: cannot read ({exc.strerror or exc})"


def _csv_columns(table: str) -> list[str]:
    if table != "all":
        return ["doc_id", *COLUMNS[table]]  # type: ignore[index]
    columns: dict[str, None] = dict.fromkeys(("doc_id", "record"))
    for kind in KINDS:
        columns.update(dict.fromkeys(COLUMNS[kind]))
    return list(columns)


def _csv_rows(report: Report, doc_id: str, table: str) -> list[dict[str, Any]]:
    kinds = KINDS if table == "all" else (table,)
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        for row in to_rows(report, kind, doc_id=doc_id):  # type: ignore[arg-type]
            rows.append({"doc_id": doc_id, "record": kind, **row} if table == "all" else row)
    return rows


def _console(out: IO[str]) -> Any:
    try:
        from rich.console import Console
    except ImportError:
        raise FutureindError(
            "table output needs the 'rich' package: pip install 'futureind[cli]'"
        ) from None
    return Console(file=out, width=120)


def print_tables(report: Report, title: str, out: IO[str]) -> None:
    """A readable summary of ``report`` as tables (needs the ``cli`` extra, for rich).

    >>> import io
    >>> out = io.StringIO()
    >>> print_tables(extract("Quantum computing."), "example", out)
    >>> "Directions" in out.getvalue()
    True
    """
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
        if v.amount is not None:
            value = f"{v.amount:g} {v.unit}"
        else:
            low = "" if v.min is None else f"{v.min:g}"
            high = "" if v.max is None else f"{v.max:g}"
            value = f"{low}–{high} {v.unit}"
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


class _Progress:
    """A rich progress bar on stderr, or nothing; messages are printed above the bar."""

    def __init__(self, total: int, err: IO[str], enabled: bool | None) -> None:
        self.err = err
        self.bar: Any = None
        self.task: Any = None
        if enabled is None:
            enabled = total >= PROGRESS_MIN_FILES and _isatty(err)
        if not enabled:
            return
        try:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
        except ImportError:  # the cli extra is not installed: no bar
            return
        self.bar = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=err),
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task("extract", total=total)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def message(self, text: str) -> None:
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False)
        else:
            self.err.write(text + "\n")
            self.err.flush()


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Writer:
    """Writes the reports in the chosen format as they come (JSON arrays too)."""

    def __init__(self, args: argparse.Namespace, out: IO[str], single: bool) -> None:
        self.format, self.table, self.out, self.single = args.format, args.table, out, single
        self.count = 0
        self.csv: Any = None
        if self.format == "csv":
            self.csv = csv.DictWriter(out, fieldnames=_csv_columns(self.table), lineterminator="\n")
            self.csv.writeheader()

    def write(self, doc_id: str, report: Report) -> None:
        if self.format == "jsonl":
            line = {"id": doc_id, **report.model_dump(mode="json")}
            self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        elif self.format == "csv":
            self.csv.writerows(_csv_rows(report, doc_id, self.table))
        elif self.format == "table":
            print_tables(report, doc_id, self.out)
        elif self.single:  # one file named: the report itself, as before
            self.out.write(report.model_dump_json(indent=2) + "\n")
        else:
            item = json.dumps({"id": doc_id, **report.model_dump(mode="json")}, indent=2)
            item = "\n".join("  " + line for line in item.splitlines())
            self.out.write(("[\n" if self.count == 0 else ",\n") + item)
        self.count += 1

    def close(self) -> None:
        if self.format == "json" and not (self.single and self.count == 1):
            self.out.write("[]\n" if self.count == 0 else "\n]\n")


def _open_output(path: str | None, stack: ExitStack, out: IO[str]) -> IO[str]:
    if path is None or path == "-":
        return out
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8", newline=""))
    except OSError as exc:
        raise FutureindError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _cmd_extract(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    failed = 0
    problems: list[str] = []
    sources = _expand(args.files, problems)
    single = len(args.files) == 1 and len(sources) == 1 and sources[0].explicit
    ids: deque[str] = deque()  # ids of the texts handed to extract_many, in order

    with ExitStack() as stack:
        target = _open_output(args.output, stack, out)
        progress = stack.enter_context(_Progress(len(sources), err, args.progress))
        for message in problems:
            progress.message(f"futureind: {message}")
        failed += len(problems)

        def texts() -> Iterator[tuple[str, str]]:
            nonlocal failed
            for source in sources:
                text, problem = _try_read(source.path)
                if problem is not None:
                    failed += 1
                    progress.message(f"futureind: {problem}")
                    progress.advance()
                    continue
                assert text is not None
                ids.append(source.path)
                yield source.path, text

        writer = _Writer(args, target, single)
        results = extract_many(
            texts(),
            workers=args.workers,
            published=args.published,
            taxonomy=args.taxonomy,
            instruments=args.instruments,
            on_error="report",
        )
        for result in results:
            doc_id = ids.popleft()
            if isinstance(result, Report):
                writer.write(doc_id, result)
            else:
                failed += 1
                progress.message(f"futureind: {doc_id}: extraction failed: {result.message}")
            progress.advance()
        writer.close()
    if failed:
        err.write(f"futureind: {failed} of {len(sources)} inputs could not be processed\n")
    return 1 if failed else 0


def _cmd_render(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    text, problem = _try_read(args.file)
    if problem is not None:
        err.write(f"futureind: {problem}\n")
        return 1
    assert text is not None
    report = extract(
        text, published=args.published, taxonomy=args.taxonomy, instruments=args.instruments
    )
    title = args.title if args.title is not None else f"futureind: {args.file}"
    page = render_html(report, text, title=title)
    with ExitStack() as stack:
        _open_output(args.output, stack, out).write(page)
    return 0


def sample_text() -> str:
    """The bundled sample: a provincial future-industries plan written for the demo.

    >>> sample_text().strip() != ""
    True
    """
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


def _workers(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _vocabulary_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--taxonomy",
        metavar="FILE",
        default=None,
        help="a TOML file of directions merged into the default taxonomy",
    )
    p.add_argument(
        "--instruments",
        metavar="FILE",
        default=None,
        help="a TOML file of policy-instrument cues merged into the default ones",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line.

    >>> build_parser().parse_args(["extract", "a.txt", "--workers", "2"]).workers
    2
    """
    parser = argparse.ArgumentParser(
        prog="futureind",
        description="Extract directions, targets, actors and strategies from future-industry texts.",
    )
    parser.add_argument("--version", action="version", version=f"futureind {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "extract",
        help="extract from files, folders (*.txt, recursively) and glob patterns ('-': stdin)",
    )
    p.add_argument("files", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--published", default=None, help="publication date (YYYY-MM-DD)")
    p.add_argument(
        "--table",
        choices=("all", *KINDS),
        default="all",
        help="with --format csv: which records to write (default: all, with a 'record' column)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--workers", type=_workers, default=1, metavar="N", help="worker processes (default 1)"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"progress bar on stderr (default: on a terminal, for {PROGRESS_MIN_FILES}+ files)",
    )
    _vocabulary_options(p)
    p.set_defaults(run=_cmd_extract)
    p = sub.add_parser("render", help="the text with every record highlighted, as an HTML page")
    p.add_argument("file", metavar="FILE", help="a text file ('-': stdin)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--published", default=None, help="publication date (YYYY-MM-DD)")
    p.add_argument("--title", default=None, help="title of the page")
    _vocabulary_options(p)
    p.set_defaults(run=_cmd_render)
    p = sub.add_parser("demo", help="run on the bundled sample plan and print tables")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=_cmd_demo)
    p = sub.add_parser("schema", help="print the JSON Schema of a Report")
    p.set_defaults(run=_cmd_schema)
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: IO[str] | None = None, err: IO[str] | None = None
) -> int:
    """Run the command line; returns the exit code.

    >>> import io
    >>> out = io.StringIO()
    >>> main(["schema"], out=out)
    0
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace, IO[str], IO[str]], int] = args.run
    try:
        code = run(args, out, err)
    except FutureindError as exc:
        err.write(f"futureind: {exc}\n")
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
    return code
