"""Property tests of the table reader and of targets read from indicator tables.

Any text: ``find_grids`` never raises, every cell slices back to its text, no cell holds a
separator, and a prefix shifts every cell. Tables rendered from random indicators come back
as one target per cell of each target column, with value, unit, year and metric right.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from futureind import extract
from futureind.grids import find_grids

FRAGMENTS = ["|", " | ", "\t", "\n", "---", " ", "2025", "target", "Output", "(%)", "12", "｜"]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
)


@given(texts)
def test_cells_slice_back(text: str) -> None:
    for grid in find_grids(text):
        assert 0 <= grid.start <= grid.end <= len(text)
        for cell in [*grid.header, *(c for row in grid.rows for c in row)]:
            assert text[cell.start : cell.end] == cell.text
            assert "|" not in cell.text
            assert "\t" not in cell.text
            assert cell.text == cell.text.strip()
        for (s, e), row in zip(grid.row_spans, grid.rows, strict=True):
            assert all(s <= c.start <= c.end <= e for c in row)


@given(texts, st.text(max_size=20).filter(lambda p: p.isprintable() and not set(p) & set("|\t")))
def test_prefix_shifts_cells(text: str, prefix: str) -> None:
    prefix += "\n"
    plain = find_grids(text)
    shifted = find_grids(prefix + text)
    n = len(prefix)
    assert [(c.start + n, c.text) for g in plain for c in g.header] == [
        (c.start, c.text) for g in shifted for c in g.header
    ]


UNITS = {
    "billion yuan": ("CNY", 1e9),
    "%": ("percent", 1.0),
    "GW": ("W", 1e9),
    "": ("count", 1.0),
}
LABELS = ["Output value of future industries", "R&D intensity", "Leading enterprises", "Parks"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(LABELS),
            st.sampled_from(sorted(UNITS)),
            st.integers(min_value=1, max_value=9000),
            st.integers(min_value=1, max_value=9000),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    st.sampled_from(["|", "\t"]),
)
def test_table_targets_come_back(rows: list[tuple[str, str, int, int]], sep: str) -> None:
    lines = [sep.join(["Indicator", "2023 actual", "2025 target", "2027 target"])]
    if sep == "|":
        lines.append("|---|---|---|---|")
    for label, unit, a, b in rows:
        name = f"{label} ({unit})" if unit else label
        lines.append(sep.join([name, "1", str(a), str(b)]))
    text = "Main indicators\n\n" + "\n".join(lines) + "\n"
    report = extract(text, published="2024-01-01")
    got = [(t.metric, t.value.amount, t.value.unit, t.year) for t in report.targets]
    want = []
    for label, unit, a, b in rows:
        code, factor = UNITS[unit]
        want += [(label, a * factor, code, 2025), (label, b * factor, code, 2027)]
    assert got == want
    for t in report.targets:
        assert t.value_span is not None
        assert text[t.value_span.start : t.value_span.end] == t.value_span.text == t.value.raw
        assert t.rule == "target.table"


def test_a_line_with_both_separators_is_no_table_row() -> None:
    # found by hypothesis: "0\t0" became a cell of a pipe table, a tab inside a cell
    assert find_grids("0\t0||\r||") == []
