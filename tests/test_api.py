"""The public surface: argument checking, clear errors, the flat ``__all__``.

Extraction over any ``str`` never raises; everything else that is wrong says what is wrong:
a non-``str`` text is a ``TypeError`` naming the type, a bad ``published`` is a
``PublishedDateError`` (a ``ValueError``), a bad language an ``InputError``, a bad user
taxonomy file a ``VocabularyError`` naming file, entry and field.
"""

from __future__ import annotations

import importlib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import futureind
from futureind import (
    FutureindError,
    InputError,
    PublishedDateError,
    Report,
    VocabularyError,
    extract,
)
from futureind.cli import main as cli_main

TEXT = "By 2027, the output value of future industries in Jiangnan will exceed 300 billion yuan."


# --------------------------------------------------------------------------- text argument


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        (b"By 2027, quantum computing.", "bytes"),
        (None, "NoneType"),
        (42, "int"),
        (3.5, "float"),
        (["a text"], "list"),
        (bytearray(b"text"), "bytearray"),
    ],
)
def test_non_str_text_is_a_type_error_naming_the_type(value: Any, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"\b{type_name}\b"):
        extract(value)


class _StrLike:
    def __str__(self) -> str:
        return TEXT


def test_objects_with_str_are_not_silently_converted() -> None:
    with pytest.raises(TypeError, match="_StrLike"):
        extract(_StrLike())  # type: ignore[arg-type]


def test_str_subclass_is_accepted() -> None:
    class Text(str):
        pass

    report = extract(Text(TEXT), published="2024-01-01")
    assert report == extract(TEXT, published="2024-01-01")


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \r\n", "\u3000\u00a0"])
def test_empty_or_blank_text_gives_an_empty_report(text: str) -> None:
    report = extract(text)
    assert isinstance(report, Report)
    assert report.directions == []
    assert report.targets == []
    assert report.actors == []
    assert report.strategies == []
    assert report.published is None


def test_empty_text_keeps_given_published_and_language() -> None:
    report = extract("", published="2024-03-09", language="zh")
    assert report.published == date(2024, 3, 9)
    assert report.language == "zh"


# --------------------------------------------------------------------------- published


@pytest.mark.parametrize(
    "published",
    [
        date(2024, 3, 9),
        datetime(2024, 3, 9, 15, 30),
        "2024-03-09",
        "2024-03-09T08:00:00+08:00",
        "March 9, 2024",
        "9 March 2024",
        " 2024-03-09 ",
    ],
)
def test_published_accepts_date_datetime_and_str(published: date | datetime | str) -> None:
    report = extract(TEXT, published=published)
    assert report.published == date(2024, 3, 9)
    assert report.published_inferred is False


@pytest.mark.parametrize("published", [None, ""])
def test_published_none_or_empty_means_unknown(published: str | None) -> None:
    report = extract("Quantum computing.", published=published)
    assert report.published is None or report.published_inferred is True


@pytest.mark.parametrize("bad", ["not a date", "2024-13-45", "yesterday-ish", "\x00"])
def test_bad_published_is_a_published_date_error(bad: str) -> None:
    with pytest.raises(PublishedDateError, match="not a date") as info:
        extract(TEXT, published=bad)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, InputError)
    assert isinstance(info.value, FutureindError)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize(("bad", "type_name"), [(20240309, "int"), (b"2024-03-09", "bytes")])
def test_published_of_the_wrong_type_is_a_type_error(bad: Any, type_name: str) -> None:
    with pytest.raises(TypeError, match=type_name):
        extract(TEXT, published=bad)


def test_published_is_checked_even_for_empty_text() -> None:
    with pytest.raises(PublishedDateError):
        extract("", published="not a date")


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize("language", ["en", "zh"])
def test_language_given_is_used(language: str) -> None:
    assert extract(TEXT, language=language).language == language


@pytest.mark.parametrize("bad", ["fr", "EN", "english", "", "zh-CN"])
def test_bad_language_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError, match=repr(bad).replace("\\", "\\\\")):
        extract(TEXT, language=bad)


def test_language_is_detected() -> None:
    assert extract(TEXT).language == "en"
    assert extract("到2027年，未来产业产值超过3000亿元，量子信息等方向取得突破。").language == "zh"


# --------------------------------------------------------------------------- public surface


def test_all_is_sorted_and_unique() -> None:
    names = futureind.__all__
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_every_name_in_all_is_importable() -> None:
    module = importlib.import_module("futureind")
    for name in futureind.__all__:
        assert getattr(module, name) is not None, name
    namespace: dict[str, Any] = {}
    exec("from futureind import *", namespace)
    assert set(futureind.__all__) <= set(namespace)


@pytest.mark.parametrize(
    "name",
    [
        "extract",
        "extract_many",
        "parse_quantity",
        "parse_period",
        "find_quantities",
        "Report",
        "VocabularyError",
        "Taxonomy",
    ],
)
def test_spec_names_are_exported(name: str) -> None:
    assert name in futureind.__all__


def test_package_ships_py_typed() -> None:
    assert (Path(futureind.__file__).parent / "py.typed").is_file()


def test_error_tree() -> None:
    assert issubclass(VocabularyError, FutureindError)
    assert issubclass(PublishedDateError, InputError)
    assert issubclass(InputError, ValueError)


# --------------------------------------------------------------------------- extract_many


def test_extract_many_keeps_order_and_matches_extract() -> None:
    texts = [TEXT, "", "Quantum computing and 6G.", TEXT + " Hydrogen energy."]
    reports = list(futureind.extract_many(iter(texts)))
    assert reports == [extract(t) for t in texts]


# --------------------------------------------------------------------------- user taxonomy


def test_missing_taxonomy_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "my_directions.toml"
    with pytest.raises(VocabularyError, match=r"my_directions\.toml") as info:
        futureind.Taxonomy.from_toml(path)
    assert info.value.file.endswith("my_directions.toml")
    with pytest.raises(VocabularyError, match=r"my_directions\.toml"):
        extract(TEXT, taxonomy=path)


def test_taxonomy_file_that_is_not_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[[directions]\nkey = 'x'\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"broken\.toml.*TOML"):
        futureind.Taxonomy.from_toml(path)
    with pytest.raises(VocabularyError, match=r"broken\.toml"):
        extract(TEXT, taxonomy=str(path))


def test_taxonomy_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("label = 'caf\xe9'\n".encode("latin-1"))
    with pytest.raises(VocabularyError, match=r"latin1\.toml.*UTF-8"):
        futureind.Taxonomy.from_toml(path)


def test_taxonomy_argument_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="int"):
        extract(TEXT, taxonomy=42)  # type: ignore[arg-type]


_GOOD_ENTRY = (
    '[[direction]]\nkey = "information.photonics"\nlabel = "Photonics"\nsynonyms = ["photonics"]\n'
)


@pytest.mark.parametrize(
    ("body", "entry", "field"),
    [
        (_GOOD_ENTRY + 'colour = "red"\n', "direction[0] (key='information.photonics')", "colour"),
        (
            _GOOD_ENTRY + '\n[[direction]]\nkey = "energy.geothermal"\nsynonyms = "geothermal"\n',
            "direction[1] (key='energy.geothermal')",
            "synonyms",
        ),
        (
            '[[direction]]\nkey = "Not A Key!"\nlabel = "x"\n',
            "direction[0] (key='Not A Key!')",
            "key",
        ),
        ('[[direction]]\nlabel = "no key"\n', "direction[0]", "key"),
    ],
)
def test_bad_taxonomy_entry_names_file_entry_and_field(
    tmp_path: Path, body: str, entry: str, field: str
) -> None:
    path = tmp_path / "user_directions.toml"
    path.write_text(body, encoding="utf-8")
    for load in (lambda: futureind.Taxonomy.from_toml(path), lambda: extract(TEXT, taxonomy=path)):
        with pytest.raises(VocabularyError) as info:
            load()
        error = info.value
        assert error.file == str(path)
        assert error.entry == entry
        assert error.field == field
        assert str(path) in str(error)
        assert entry in str(error)
        assert repr(field) in str(error)


def test_good_user_taxonomy_is_used(tmp_path: Path) -> None:
    path = tmp_path / "user_directions.toml"
    path.write_text(_GOOD_ENTRY, encoding="utf-8")
    report = extract("The city will support integrated photonics and photonics.", taxonomy=path)
    assert "information.photonics" in [d.key for d in report.directions]


# --------------------------------------------------------------------------- command line


def test_cli_reports_bad_files_by_name_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    undecodable = tmp_path / "undecodable.txt"
    undecodable.write_bytes(b"\xff\xfe\x00 caf\xe9 \x80\x81")
    missing = tmp_path / "missing.txt"
    directory = tmp_path / "a_directory"
    directory.mkdir()
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(
        ["extract", str(missing), str(undecodable), str(directory), str(good), "--format", "jsonl"],
        out=out,
        err=err,
    )
    assert code != 0
    messages = err.getvalue()
    for path in (missing, undecodable, directory):
        assert str(path) in messages
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert str(good) in lines[0]


def test_a_stage_that_times_out_is_named_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The regex timeout is a safety net: a stage hitting it is reported, never raised."""
    from futureind import pipeline

    text = (
        "Shanghai will build quantum computing centres and aims to exceed 500 billion yuan by 2030."
    )
    whole = futureind.extract(text)
    assert whole.incomplete == []
    assert whole.targets
    assert whole.strategies

    def times_out(*args: object, **kwargs: object) -> None:
        raise TimeoutError("regex timed out")

    monkeypatch.setattr(pipeline, "find_targets", times_out)
    report = futureind.extract(text)
    assert report.incomplete == ["targets"]
    assert report.targets == []
    assert report.directions == whole.directions
    assert report.actors == whole.actors
    assert report.strategies == whole.strategies
    assert "incomplete" in report.model_dump(mode="json")
