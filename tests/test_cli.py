"""The command line: files, folders, globs, stdin, -o, CSV tables, bad files, exit codes, render."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import futureind
from futureind.cli import PROGRESS_MIN_FILES, main
from futureind.tables import COLUMNS

TEXTS = {
    "a.txt": "By 2030, Shanghai will make the output value of quantum computing exceed "
    "500 billion yuan.",
    "b.txt": "The province will set up a special fund of 10 billion yuan for hydrogen energy.",
    "sub/c.txt": "Support leading enterprises to build innovation consortia in humanoid robots.",
    "sub/deeper/d.txt": "Suzhou will open 50 application scenarios for the low-altitude economy.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name, text in TEXTS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "notes.md").write_text("not a .txt file", encoding="utf-8")
    return root


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def jsonl_ids(output: str) -> list[str]:
    return [json.loads(line)["id"] for line in output.splitlines()]


def test_one_file_gives_the_report_itself(corpus: Path) -> None:
    code, out, err = run("extract", str(corpus / "a.txt"), "--published", "2024-03-09")
    assert (code, err) == (0, "")
    expected = futureind.extract(TEXTS["a.txt"], published="2024-03-09")
    assert json.loads(out) == expected.model_dump(mode="json")


def test_several_files_give_a_json_list_with_ids(corpus: Path) -> None:
    a, b = str(corpus / "a.txt"), str(corpus / "b.txt")
    code, out, _ = run("extract", a, b)
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == [a, b]
    assert data[1] == {"id": b, **futureind.extract(TEXTS["b.txt"]).model_dump(mode="json")}


def test_a_folder_is_read_recursively_in_sorted_order(corpus: Path) -> None:
    code, out, err = run("extract", str(corpus), "--format", "jsonl")
    assert (code, err) == (0, "")
    assert jsonl_ids(out) == [str(corpus / name) for name in sorted(TEXTS)]
    for line in out.splitlines():
        record = json.loads(line)
        name = str(Path(record.pop("id")).relative_to(corpus))
        assert record == futureind.extract(TEXTS[name]).model_dump(mode="json")


def test_a_folder_of_one_file_still_gives_a_list(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_text("Quantum computing.", encoding="utf-8")
    code, out, _ = run("extract", str(tmp_path))
    assert code == 0
    assert [d["id"] for d in json.loads(out)] == [str(tmp_path / "only.txt")]


def test_glob_patterns(corpus: Path) -> None:
    code, out, _ = run("extract", str(corpus / "**" / "*.txt"), "--format", "jsonl")
    assert code == 0
    assert jsonl_ids(out) == [str(corpus / name) for name in sorted(TEXTS)]
    code, out, _ = run("extract", str(corpus / "[ab].txt"), "--format", "jsonl")
    assert jsonl_ids(out) == [str(corpus / "a.txt"), str(corpus / "b.txt")]
    code, out, err = run("extract", str(corpus / "*.pdf"), "--format", "jsonl")
    assert code == 1
    assert "no files match" in err
    assert out == ""


def test_stdin_with_a_byte_order_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Quantum computing and hydrogen energy by 2030."
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run("extract", "-", "--format", "jsonl")
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record.pop("id") == "-"
    assert record == futureind.extract(text).model_dump(mode="json")


def test_output_file(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = run("extract", str(corpus), "--format", "jsonl", "-o", str(target))
    assert (code, out) == (0, "")
    assert jsonl_ids(target.read_text(encoding="utf-8")) == [
        str(corpus / name) for name in sorted(TEXTS)
    ]
    code, _, err = run("extract", str(corpus), "-o", str(tmp_path / "missing" / "dir" / "x"))
    assert code == 2
    assert "cannot write" in err


def read_csv(text: str) -> tuple[list[str], list[dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.mark.parametrize("table", ["targets", "actors", "directions", "strategies"])
def test_csv_table_of_one_kind(corpus: Path, table: str) -> None:
    code, out, _ = run("extract", str(corpus), "--format", "csv", "--table", table)
    assert code == 0
    columns, rows = read_csv(out)
    assert columns == ["doc_id", *COLUMNS[table]]  # type: ignore[index]
    expected = [
        row
        for name in sorted(TEXTS)
        for row in futureind.extract(TEXTS[name]).to_rows(table, doc_id=str(corpus / name))  # type: ignore[arg-type]
    ]
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert got["doc_id"] == want["doc_id"]
        assert got["start"] == str(want["start"] if want["start"] is not None else "")


def test_csv_all_tables_has_a_record_column(corpus: Path) -> None:
    code, out, _ = run("extract", str(corpus), "--format", "csv")
    assert code == 0
    columns, rows = read_csv(out)
    assert columns[:2] == ["doc_id", "record"]
    for kind in ("directions", "targets", "actors", "strategies"):
        assert set(COLUMNS[kind]) <= set(columns)
    total = sum(
        len(futureind.extract(TEXTS[name]).records(kind))
        for name in TEXTS
        for kind in ("directions", "targets", "actors", "strategies")
    )
    assert len(rows) == total


def test_undecodable_and_missing_files_are_named_and_the_others_go_on(
    corpus: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 quantum".encode("latin-1"))
    missing = tmp_path / "nowhere.txt"
    a, b = str(corpus / "a.txt"), str(corpus / "b.txt")
    code, out, err = run("extract", a, str(bad), str(missing), b, "--format", "jsonl")
    assert code == 1
    assert jsonl_ids(out) == [a, b]
    assert f"{bad}: not UTF-8 text" in err
    assert f"{missing}: no such file" in err
    assert "2 of 4 inputs could not be processed" in err


def test_a_folder_with_an_undecodable_file(corpus: Path) -> None:
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    code, out, err = run("extract", str(corpus), "--format", "jsonl")
    assert code == 1
    assert jsonl_ids(out) == [str(corpus / name) for name in sorted(TEXTS)]
    assert str(corpus / "bad.txt") in err


def test_an_empty_folder(tmp_path: Path) -> None:
    code, out, err = run("extract", str(tmp_path), "--format", "jsonl")
    assert code == 1
    assert out == ""
    assert "no *.txt files" in err


@pytest.mark.slow
def test_two_workers_give_the_same_output(corpus: Path) -> None:
    one = run("extract", str(corpus), "--format", "jsonl")
    two = run("extract", str(corpus), "--format", "jsonl", "--workers", "2")
    assert one == two
    assert one[0] == 0


def test_bad_arguments_exit_2(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["extract", str(corpus), "--workers", "0"])
    assert info.value.code == 2
    assert "at least 1" in capsys.readouterr().err
    code, _, err = run("extract", str(corpus), "--published", "someday maybe")
    assert code == 2
    assert "not a date" in err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_for_many_files(tmp_path: Path) -> None:
    pytest.importorskip("rich")
    for i in range(PROGRESS_MIN_FILES):
        (tmp_path / f"doc{i:03}.txt").write_text(f"Quantum computing, item {i}.", encoding="utf-8")
    out, err = io.StringIO(), FakeTerminal()
    code = main(["extract", str(tmp_path), "--format", "jsonl"], out=out, err=err)
    assert code == 0
    assert f"{PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES}" in err.getvalue()
    assert len(out.getvalue().splitlines()) == PROGRESS_MIN_FILES
    # not on a terminal, or with --no-progress: nothing on stderr
    assert run("extract", str(tmp_path), "--format", "jsonl")[2] == ""
    err = FakeTerminal()
    main(["extract", str(tmp_path), "--format", "jsonl", "--no-progress"], out=out, err=err)
    assert err.getvalue() == ""


def test_render_writes_a_page(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    code, out, err = run("render", str(corpus / "a.txt"), "-o", str(target))
    assert (code, out, err) == (0, "", "")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    report = futureind.extract(TEXTS["a.txt"])
    assert page == futureind.render_html(report, title=f"futureind: {corpus / 'a.txt'}")
    code, out, _ = run("render", str(corpus / "b.txt"), "--title", "B")
    assert code == 0
    assert "<title>B</title>" in out


def test_render_of_a_missing_file(tmp_path: Path) -> None:
    code, out, err = run("render", str(tmp_path / "none.txt"))
    assert (code, out) == (1, "")
    assert "no such file" in err


def test_demo_and_schema_still_work() -> None:
    pytest.importorskip("rich")
    code, out, _ = run("demo")
    assert code == 0
    assert "Directions" in out
    code, out, _ = run("schema")
    assert json.loads(out)["title"] == "Report"


@pytest.mark.slow
def test_the_installed_command_runs(corpus: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "futureind", "extract", str(corpus), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert jsonl_ids(done.stdout) == [str(corpus / name) for name in sorted(TEXTS)]


def test_user_vocabularies_on_the_command_line(tmp_path: Path) -> None:
    """--taxonomy and --instruments reach extraction, in one process and in workers."""
    text = tmp_path / "plan.txt"
    text.write_text("The city will open new test labs for tidal kites.", encoding="utf-8")
    tax = tmp_path / "tax.toml"
    tax.write_text(
        '[[direction]]\nkey = "energy.tidal_kites"\nparent = "energy"\nlabel = "Tidal kites"\n'
        'synonyms = ["tidal kites"]\n',
        encoding="utf-8",
    )
    inst = tmp_path / "inst.toml"
    inst.write_text('[[instrument]]\nkey = "demand.testing"\ncues = ["test labs"]\n', "utf-8")
    plain = json.loads(run("extract", str(text))[1])
    assert "energy.tidal_kites" not in [d["key"] for d in plain["directions"]]
    for workers in ("1", "2"):
        code, out, err = run(
            "extract", str(text), "--taxonomy", str(tax), "--instruments", str(inst),
            "--workers", workers,
        )  # fmt: skip
        assert code == 0, err
        report = json.loads(out)
        assert "energy.tidal_kites" in [d["key"] for d in report["directions"]]
        assert ["demand.testing"] in [s["instruments"] for s in report["strategies"]]
    page = tmp_path / "page.html"
    code, _, err = run("render", str(text), "--instruments", str(inst), "-o", str(page))
    assert code == 0, err
    assert "demand.testing" in page.read_text(encoding="utf-8")


def test_a_bad_vocabulary_file_is_named(tmp_path: Path) -> None:
    text = tmp_path / "plan.txt"
    text.write_text("Quantum computing.", encoding="utf-8")
    inst = tmp_path / "inst.toml"
    inst.write_text('[[instrument]]\nkey = "Funding"\n', encoding="utf-8")
    code, out, err = run("extract", str(text), "--instruments", str(inst))
    assert code == 2
    assert out == ""
    assert str(inst) in err
    assert "key" in err
