"""Flat rows and data frames: one row per record, fixed columns, a doc_id column."""

from __future__ import annotations

import sys

import pytest

import futureind
from futureind import (
    Actor,
    Direction,
    Quantity,
    Report,
    Role,
    Span,
    Strategy,
    Target,
    to_frame,
)
from futureind.tables import COLUMNS, KINDS, to_rows

TEXT = (
    "Suzhou will build an AI fund of 5 billion yuan. "
    "By 2030 the output value of quantum computing will exceed 100 billion yuan, "
    "said Li Wei, deputy mayor of Suzhou."
)


def span(needle: str, text: str = TEXT) -> Span:
    start = text.index(needle)
    return Span.of(text, start, start + len(needle))


def sample_report() -> Report:
    return Report(
        language="en",
        directions=[
            Direction(
                key="information.ai",
                label="Artificial intelligence",
                parent="information",
                mentions=[span("AI")],
            ),
            Direction(
                key="information.quantum",
                label="Quantum information",
                parent="information",
                mentions=[span("quantum computing")],
            ),
        ],
        targets=[
            Target(
                metric="output value",
                comparator="gt",
                value=Quantity(amount=1e11, unit="CNY", raw="100 billion yuan"),
                year=2030,
                issuer="Suzhou",
                directions=["information.quantum"],
                evidence=span(
                    "By 2030 the output value of quantum computing will exceed 100 billion yuan"
                ),
            )
        ],
        actors=[
            Actor(
                name="Suzhou",
                kind="jurisdiction",
                aliases=[],
                roles=[],
                mentions=[
                    span("Suzhou"),
                    Span.of(TEXT, TEXT.rindex("Suzhou"), TEXT.rindex("Suzhou") + 6),
                ],
            ),
            Actor(
                name="Li Wei",
                kind="person",
                aliases=["Li"],
                roles=[Role(title="deputy mayor", organization="Suzhou")],
                mentions=[span("Li Wei")],
            ),
        ],
        strategies=[
            Strategy(
                instruments=["supply.funding", "environment.finance"],
                name=None,
                issuer="Suzhou",
                year=None,
                amounts=[
                    Quantity(amount=5e9, unit="CNY", raw="5 billion yuan"),
                    Quantity(min=1.0, max=2.0, unit="percent", raw="1-2%"),
                ],
                directions=["information.ai"],
                evidence=span("Suzhou will build an AI fund of 5 billion yuan."),
            )
        ],
        text=TEXT,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_rows_have_the_fixed_columns_and_one_row_per_record(kind: str) -> None:
    report = sample_report()
    rows = to_rows(report, kind)  # type: ignore[arg-type]
    assert len(rows) == len(report.records(kind))  # type: ignore[arg-type]
    for row in rows:
        assert tuple(row) == COLUMNS[kind]  # type: ignore[index]
        assert all(v is None or isinstance(v, str | int | float) for v in row.values())
        assert TEXT[row["start"] : row["end"]] == row["text"]
    with_id = to_rows(report, kind, doc_id="plan.txt")  # type: ignore[arg-type]
    assert [next(iter(r)) for r in with_id] == ["doc_id"] * len(rows)
    assert [{k: v for k, v in r.items() if k != "doc_id"} for r in with_id] == rows


def test_row_values() -> None:
    report = sample_report()
    (target,) = to_rows(report, "targets")
    assert (target["comparator"], target["amount"], target["unit"], target["year"]) == (
        "gt",
        1e11,
        "CNY",
        2030,
    )
    assert target["directions"] == "information.quantum"
    suzhou, li = to_rows(report, "actors")
    assert (suzhou["mentions"], suzhou["kind"]) == (2, "jurisdiction")
    assert li["roles"] == "deputy mayor (Suzhou)"
    assert li["aliases"] == "Li"
    (strategy,) = to_rows(report, "strategies")
    assert strategy["instruments"] == "supply.funding; environment.finance"
    assert strategy["amounts"] == "5e+09 CNY; 1-2 percent"


def test_report_to_rows_is_tables_to_rows() -> None:
    report = sample_report()
    for kind in KINDS:
        assert report.to_rows(kind) == to_rows(report, kind)
        assert report.to_rows(kind, doc_id=7) == to_rows(report, kind, doc_id=7)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown record kind"):
        to_rows(sample_report(), "quantities")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown record kind"):
        to_frame([sample_report()], "quantities")  # type: ignore[arg-type]


def test_to_frame_one_row_per_record_with_doc_ids() -> None:
    pytest.importorskip("pandas")
    report, empty = sample_report(), Report(language="en")
    frame = to_frame([report, empty, report], "actors")
    assert list(frame.columns) == ["doc_id", *COLUMNS["actors"]]
    assert list(frame["doc_id"]) == [0, 0, 2, 2]  # positions when no ids are given
    assert list(frame["name"]) == ["Suzhou", "Li Wei", "Suzhou", "Li Wei"]
    pairs = to_frame([("a.txt", report), ("b.txt", report)], "targets")
    assert list(pairs["doc_id"]) == ["a.txt", "b.txt"]
    assert pairs["amount"].tolist() == [1e11, 1e11]
    single = to_frame(report, "strategies")
    assert len(single) == 1


def test_to_frame_of_no_records_keeps_the_columns() -> None:
    pytest.importorskip("pandas")
    frame = to_frame([Report(language="en")], "targets")
    assert len(frame) == 0
    assert list(frame.columns) == ["doc_id", *COLUMNS["targets"]]


def test_to_frame_takes_extract_many_output() -> None:
    pytest.importorskip("pandas")
    texts = ["Quantum computing in Shanghai.", "Hydrogen energy by 2030."]
    reports = futureind.extract_many(texts)
    frame = to_frame(reports, "directions")
    expected = sum(len(futureind.extract(t).directions) for t in texts)
    assert len(frame) == expected


def test_to_frame_rejects_other_items() -> None:
    pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="Reports or"):
        to_frame(["not a report"], "targets")  # type: ignore[arg-type]


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match=r"pip install 'futureind\[pandas\]'"):
        to_frame([sample_report()], "targets")
