"""Every script in examples/ runs to completion, on the example texts, writing into tmp_path.

The generators of the documentation site (docs/hooks.py) are checked here too: the pages they
build from the package's models and vocabularies must cover every model field and every key.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import runpy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

import futureind

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TEXTS = sorted((EXAMPLES / "texts").glob("*.txt"))


def run(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``examples/SCRIPT`` with this interpreter; fail with its output if it fails."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"
    return result


def example_main(script: str) -> Callable[[list[str]], int]:
    """The ``main`` of ``examples/SCRIPT``, loaded in this process (faster than a subprocess:
    the vocabularies are compiled once). Each script also runs as a script in a test above."""
    namespace = runpy.run_path(str(EXAMPLES / script), run_name="example")
    main = namespace["main"]
    assert callable(main)
    return main  # type: ignore[no-any-return]


def test_example_texts_exist_and_are_plans() -> None:
    assert len(TEXTS) >= 3
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        assert "Plan" in text.splitlines()[0], path.name


def test_quickstart_writes_a_valid_report(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("quickstart.py", "--json", out)
    assert "Directions" in result.stdout
    report = futureind.Report.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert report.language == "en"
    assert report.published is not None
    assert report.published.isoformat() == "2024-03-09"


def test_quickstart_reads_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    main = example_main("quickstart.py")
    assert main([str(TEXTS[0]), "--json", str(out), "--published", "2024-03-12"]) == 0
    assert str(out) in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == futureind.extract(
        TEXTS[0].read_text(encoding="utf-8"), published="2024-03-12"
    ).model_dump(mode="json")


def test_batch_folder_writes_jsonl_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch_folder.py", EXAMPLES / "texts", out)
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [p.stem for p in TEXTS]
    for line, path in zip(lines, TEXTS, strict=True):
        record = json.loads(line)
        del record["id"]
        expected = futureind.extract(path.read_text(encoding="utf-8")).model_dump(mode="json")
        assert record == expected, path.name
    for kind in ("directions", "targets", "actors", "strategies"):
        with (out / f"{kind}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames is not None
            assert reader.fieldnames[0] == "doc_id"
            rows = list(reader)
        expected_rows = sum(len(json.loads(line)[kind]) for line in lines)
        assert len(rows) == expected_rows, kind
    assert str(out) in result.stdout


def test_batch_folder_rejects_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main = example_main("batch_folder.py")
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path), str(tmp_path / "o")])
    assert exit_info.value.code == 2
    assert "no *.txt files" in capsys.readouterr().err


def test_custom_taxonomy_finds_the_new_key() -> None:
    result = run("custom_taxonomy.py", EXAMPLES / "my_directions.toml")
    assert "found only with my_directions.toml:" in result.stdout
    assert "information.photonics" in result.stdout.split("found only with")[1]
    assert "field 'key'" in result.stdout  # the bad file's error names the field


def test_custom_taxonomy_file_extends_extract() -> None:
    text = "Support enterprises to develop silicon photonics and optoelectronic chips."
    default = {d.key for d in futureind.extract(text).directions}
    extended = futureind.extract(text, taxonomy=EXAMPLES / "my_directions.toml")
    assert "information.photonics" not in default
    photonics = next(d for d in extended.directions if d.key == "information.photonics")
    assert photonics.label == "Photonics and optoelectronics"
    assert photonics.parent == "information"
    assert [m.text for m in photonics.mentions] == ["silicon photonics", "optoelectronic chips"]


def test_compare_regions_draws_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "nested" / "heatmap.png"
    result = run("compare_regions.py", *TEXTS, "--output", out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 5000
    assert "jurisdictions" in result.stdout


def test_compare_regions_top_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "top.png"
    assert example_main("compare_regions.py")(["--level", "top", "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    printed = capsys.readouterr().out
    rows = [line.split()[0] for line in printed.splitlines() if not line.startswith("wrote")]
    assert rows, "no direction found in the example plans"
    assert all("." not in key for key in rows), rows  # top-level keys only


# --------------------------------------------------------------------------- docs generators


def _docs_module(name: str) -> ModuleType:
    """Import ``docs/NAME.py`` (the MkDocs hook and the griffe extension are not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"futureind_docs_{name}", ROOT / "docs" / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_taxonomy_page_lists_every_key() -> None:
    hooks = _docs_module("hooks")
    page = hooks.render_directions()
    for key in futureind.Taxonomy.default().keys:
        assert f"`{key}`" in page, key


def test_docs_instrument_page_lists_every_instrument() -> None:
    from futureind.instruments import Instruments

    page = _docs_module("hooks").render_instruments()
    for key in Instruments.default().keys:
        assert f"`{key}`" in page, key


def test_docs_data_model_documents_every_field() -> None:
    page = _docs_module("hooks").render_models()
    for name in ("Report", "Direction", "Target", "Quantity", "Actor", "Role", "Strategy", "Span"):
        model = getattr(futureind, name)
        assert f"## {name}\n" in page
        for field_name, field in model.model_fields.items():
            assert field.description, f"{name}.{field_name} has no description"
            assert f"| `{field_name}` |" in page


def test_docs_markers_are_replaced() -> None:
    hooks = _docs_module("hooks")
    page = hooks.on_page_markdown("# CLI\n\n<!-- generated: cli -->\n")
    assert "<!-- generated" not in page
    assert "futureind extract --help" in page


def test_docs_doctest_blocks_become_code_fences() -> None:
    fences = _docs_module("griffe_doctest")
    doc = "Parse it with :func:`~futureind.parse_quantity`.\n\n>>> 1 + 1\n2\n\nMore ``text``."
    assert fences.markdown_docstring(doc) == (
        "Parse it with `parse_quantity`.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nMore `text`."
    )


def test_docs_python_blocks_compile() -> None:
    """Every ```python block of the documentation is valid Python (the pages are not doctested)."""
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for number, block in enumerate(re.findall(r"```python\n(.*?)```", text, re.S)):
            if "--8<--" not in block:  # a snippet include of an example file
                compile(block, f"{page.name} block {number}", "exec")


def test_getting_started_runs() -> None:
    """The getting-started page, run block after block, works on the current package."""
    text = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        block = block.replace(
            "model_validate_json(s)", "model_validate_json(report.model_dump_json())"
        )
        exec(compile(block, "getting-started.md", "exec"), namespace)
    report = namespace["report"]
    assert isinstance(report, futureind.Report)
    assert report.published is not None


def test_quality_table_filler_renders_between_markers() -> None:
    fill = _docs_module("fill_quality")
    result = {
        "documents": 2,
        "figures": {
            "targets": {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "gold": 2, "predicted": 4},
            "actor_kind": {"accuracy": 0.75, "n": 4},
        },
    }
    block = fill.render(result, "abc1234", "2026-01-01")
    assert block.startswith(fill.BEGIN)
    assert block.endswith(fill.END)
    assert "| targets | 0.500 | 1.000 | **0.667** | 2 | 4 |" in block
    assert "| actor_kind | 0.750 | 4 |" in block
    page = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    assert page.count(fill.BEGIN) == 1
    assert page.count(fill.END) == 1
