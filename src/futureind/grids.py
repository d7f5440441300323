"""Tables written in plain text: pipe tables ("| a | b |") and tab-separated rows.

Plans often state their targets in an indicator table::

    | Indicator                                   | 2023 | 2025 target | 2027 target |
    |---------------------------------------------|------|-------------|-------------|
    | Output value of future industries (bn yuan) | 42   | 60          | 100         |

:func:`find_grids` finds such tables with the exact offsets of every cell; the target
extractor (:mod:`futureind.targets`) reads a target from each cell of a target column.
Detection is line based and linear: a table is two or more consecutive lines that each hold
at least two cell separators of the same kind.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Cell", "Grid", "find_grids"]

_SEPARATORS = ("|", "\t")
_RULE_CHARS = frozenset("-:=+| \t")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: ``text[start:end]`` is its content, stripped of spaces."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: its header cells, its data rows and the span of each row's line."""

    start: int
    end: int
    header: list[Cell]
    rows: list[list[Cell]]
    row_spans: list[tuple[int, int]]


def _cells(text: str, start: int, end: int, sep: str) -> list[Cell]:
    """The cells of the line ``text[start:end]``, split on ``sep``; outer pipes dropped."""
    line = text[start:end]
    parts: list[Cell] = []
    pos = 0
    for piece in line.split(sep):
        lead = len(piece) - len(piece.lstrip())
        content = piece.strip()
        s = start + pos + lead
        parts.append(Cell(s, s + len(content), content))
        pos += len(piece) + 1
    if sep == "|":
        # "| a | b |": the empty pieces before the first and after the last pipe are no cells
        if parts and not parts[0].text:
            parts = parts[1:]
        if parts and not parts[-1].text:
            parts = parts[:-1]
    return parts


def _separator(line: str) -> str | None:
    """The line's cell separator; None when it has none, or both (a cell never holds the
    other separator)."""
    found = [sep for sep in _SEPARATORS if line.count(sep) >= 2]
    if len(found) != 1 or any(sep in line for sep in _SEPARATORS if sep != found[0]):
        return None
    return found[0]


def _is_rule(line: str) -> bool:
    """A line of dashes and pipes under a header ("|---|:--:|")."""
    stripped = line.strip()
    return bool(stripped) and "-" in stripped and set(stripped) <= _RULE_CHARS


def find_grids(text: str) -> list[Grid]:
    """Every table in ``text``: a header line and at least one data line.

    >>> text = "Goals\\n| Indicator | 2027 target |\\n|---|---|\\n| Parks | 20 |\\n"
    >>> grid = find_grids(text)[0]
    >>> [c.text for c in grid.header], [[c.text for c in row] for row in grid.rows]
    (['Indicator', '2027 target'], [['Parks', '20']])
    """
    if not isinstance(text, str) or ("|" not in text and "\t" not in text):
        return []
    grids: list[Grid] = []
    block: list[tuple[int, int]] = []
    block_sep: str | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        body = text[start:end]
        sep = _separator(body)
        if sep is not None and (block_sep is None or sep == block_sep):
            block.append((start, end))
            block_sep = sep
            continue
        _close(text, block, block_sep, grids)
        block, block_sep = ([(start, end)], sep) if sep is not None else ([], None)
    _close(text, block, block_sep, grids)
    return grids


def _close(text: str, block: list[tuple[int, int]], sep: str | None, out: list[Grid]) -> None:
    lines = [(s, e) for s, e in block if not _is_rule(text[s:e])]
    if sep is None or len(lines) < 2:
        return
    header = _cells(text, *lines[0], sep)
    rows = [_cells(text, s, e, sep) for s, e in lines[1:]]
    out.append(Grid(block[0][0], block[-1][1], header, rows, lines[1:]))
