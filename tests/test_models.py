"""The typed records: the JSON contract, validation, and a snapshot of the JSON Schema."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from futureind import models
from futureind.models import Direction, Quantity, Report, Span, Target

SNAPSHOT = Path(__file__).parent / "snapshots" / "report_schema.json"


def test_report_schema_matches_snapshot() -> None:
    """Schema changes must be deliberate: regenerate with FUTUREIND_UPDATE_SNAPSHOTS=1."""
    schema = Report.model_json_schema()
    rendered = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    if os.environ.get("FUTUREIND_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == rendered


def _all_models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(models).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == models.__name__
        and not obj.__name__.startswith("_")
    ]


@pytest.mark.parametrize("model", _all_models(), ids=lambda m: m.__name__)
def test_every_field_is_described_and_models_are_frozen_and_strict(model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no description"
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "forbid"


def test_contract_field_names() -> None:
    """SPEC section 2's field names are all present in the JSON."""
    required: dict[type[BaseModel], set[str]] = {
        models.Report: {"language", "published", "directions", "targets", "actors", "strategies"},
        models.Span: {"start", "end", "text"},
        models.Direction: {"key", "label", "parent", "mentions"},
        models.Quantity: {"amount", "min", "max", "unit", "raw"},
        models.Target: {
            "metric",
            "comparator",
            "value",
            "year",
            "issuer",
            "directions",
            "evidence",
        },
        models.Role: {"title", "organization"},
        models.Actor: {"name", "kind", "aliases", "roles", "mentions"},
        models.Strategy: {
            "instruments",
            "name",
            "issuer",
            "year",
            "amounts",
            "directions",
            "evidence",
        },
    }
    for model, names in required.items():
        assert names <= set(model.model_fields), model.__name__


def test_span_must_slice_consistently() -> None:
    text = "Quantum information"
    span = Span.of(text, 0, 7, rule="demo")
    assert span.text == "Quantum"
    assert span.rule == "demo"
    assert span.shifted(3).start == 3
    with pytest.raises(ValidationError):
        Span(start=5, end=2, text="")
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="ab")


def test_models_are_frozen_and_forbid_extra() -> None:
    q = Quantity(amount=5e11, unit="CNY", raw="500 billion yuan")
    with pytest.raises(ValidationError):
        q.amount = 1.0  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Quantity(amount=1.0, unit="CNY", raw="1 yuan", colour="red")  # type: ignore[call-arg]


def _report() -> Report:
    text = "Shanghai aims to exceed 500 billion yuan by 2030 in quantum technology."
    ev = Span.of(text, 0, len(text))
    return Report(
        language="en",
        published="2024-03-09",  # type: ignore[arg-type]
        directions=[
            Direction(
                key="information.quantum",
                label="Quantum information",
                parent="information",
                mentions=[Span.of(text, 52, 70)],
            )
        ],
        targets=[
            Target(
                metric="output value",
                comparator="gt",
                value=Quantity(amount=5e11, unit="CNY", raw="500 billion yuan"),
                year=2030,
                issuer="Shanghai",
                directions=["information.quantum"],
                evidence=ev,
            )
        ],
        text=text,
    )


def test_json_round_trip_and_text_not_serialised() -> None:
    report = _report()
    data: dict[str, Any] = report.model_dump(mode="json")
    assert "text" not in data
    assert data["published"] == "2024-03-09"
    assert data["targets"][0]["value"] == {
        "amount": 5e11,
        "min": None,
        "max": None,
        "unit": "CNY",
        "raw": "500 billion yuan",
        "noun": None,
    }
    again = Report.model_validate_json(report.model_dump_json())
    assert again.model_dump() == report.model_dump()


@pytest.mark.parametrize("indent", [None, 2])
def test_json_keeps_lone_surrogates_as_escapes(indent: int | None) -> None:
    """UTF-8 cannot encode a lone surrogate; the JSON escapes it and reads back unchanged."""
    text = "Quantum computing \ud800 will grow \udfff."
    report = Report(
        language="en",
        text=text,
        directions=[
            Direction(
                key="information.quantum",
                label="Quantum information",
                parent="information",
                mentions=[Span.of(text, 18, 25)],
            )
        ],
    )
    data = report.model_dump_json(indent=indent)
    data.encode("utf-8")  # no surrogate left raw
    assert "\\ud800" in data
    again = Report.model_validate(json.loads(data))
    assert again.directions[0].mentions[0].text == "\ud800 will "
    assert again.model_dump(exclude={"text"}) == report.model_dump(exclude={"text"})
    # a report without surrogates is written by pydantic itself, byte for byte
    plain = _report()
    assert plain.model_dump_json(indent=indent) == BaseModel.model_dump_json(plain, indent=indent)


def test_records_by_kind() -> None:
    report = _report()
    assert [d.key for d in report.records("directions")] == ["information.quantum"]
    with pytest.raises(ValueError, match="unknown record kind"):
        report.records("widgets")  # type: ignore[arg-type]
