"""Loading vocabulary and rule files: TOML read with :mod:`tomllib`, validated by pydantic.

Every data file of the package lives in ``futureind/data`` and is read once (the loaders
are cached). A user file is read from a path. Either way a malformed file raises
:class:`~futureind.errors.VocabularyError` naming the file, the entry and the field.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import VocabularyError

__all__ = ["DataModel", "load_data", "load_toml", "read_toml", "validation_error"]

M = TypeVar("M", bound=BaseModel)


class DataModel(BaseModel):
    """Base of every vocabulary model: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def read_toml(source: str | Path) -> tuple[dict[str, Any], str]:
    """Read a TOML file: a package data file by name (``"directions.toml"``) or a path.

    Returns the parsed table and the display name of the file.
    """
    if isinstance(source, Path):
        name = str(source)
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise VocabularyError(
                f"cannot read the file: {exc.strerror or exc}", file=name
            ) from exc
    else:
        name = f"futureind/data/{source}"
        try:
            raw = resources.files("futureind.data").joinpath(source).read_bytes()
        except (OSError, FileNotFoundError) as exc:
            raise VocabularyError("no such package data file", file=name) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise VocabularyError(f"not UTF-8 ({exc.reason} at byte {exc.start})", file=name) from exc
    try:
        return tomllib.loads(text), name
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"not valid TOML: {exc}", file=name) from exc


def _describe_entry(data: Any, loc: tuple[int | str, ...]) -> str:
    """Render the location of an entry: ``directions[3] (key='information.quantum')``."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        else:
            parts.append(f".{step}" if parts else str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    label = "".join(parts)
    if isinstance(node, dict):
        for ident in ("key", "name", "id", "text"):
            if isinstance(node.get(ident), str):
                label += f" ({ident}={node[ident]!r})"
                break
    return label


def validation_error(exc: ValidationError, data: Any, file: str) -> VocabularyError:
    """Turn pydantic's error into a :class:`VocabularyError` naming file, entry and field."""
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    field: str | None = None
    entry_loc = loc
    if loc and isinstance(loc[-1], str):
        field = loc[-1]
        entry_loc = loc[:-1]
    entry = _describe_entry(data, entry_loc) if entry_loc else "(top level)"
    more = len(exc.errors()) - 1
    message = first["msg"]
    if more:
        message += f" (and {more} more error{'s' if more > 1 else ''})"
    return VocabularyError(message, file=file, entry=entry, field=field)


def load_toml(source: str | Path, model: type[M]) -> M:
    """Read ``source`` and validate it as ``model``; errors name file, entry and field."""
    data, name = read_toml(source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, name) from None


@cache
def _load_cached(source: str, model: type[BaseModel]) -> BaseModel:
    return load_toml(source, model)


def load_data(source: str, model: type[M]) -> M:
    """Load a package data file once per process (cached)."""
    result = _load_cached(source, model)
    assert isinstance(result, model)
    return result
