"""Custom taxonomy: add your own direction key and synonyms with a TOML file.

    python examples/custom_taxonomy.py                         # examples/my_directions.toml
    python examples/custom_taxonomy.py my_vocabulary.toml

The file (see ``examples/my_directions.toml``) adds a new leaf, ``information.photonics``, and
extra synonyms for an existing key. The same text is extracted with the default taxonomy
and with the extended one, and the directions that only the extended one finds are printed.
A malformed file raises ``futureind.VocabularyError`` naming the file, the entry and the field.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import futureind

HERE = Path(__file__).resolve().parent

TEXT = """\
The province will build a silicon photonics pilot line and support enterprises to develop
optoelectronic chips for data centres. Hospitals will trial rehabilitation exoskeletons and
surgical navigation systems, and research institutes will tackle quantum computing.
"""


def keys_and_forms(report: futureind.Report) -> dict[str, list[str]]:
    """Direction key -> the texts of its mentions."""
    return {d.key: [m.text for m in d.mentions] for d in report.directions}


def show_bad_file_error() -> None:
    """A user file with a mistake: the error names the file, the entry and the field."""
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / "bad.toml"
        bad.write_text('[[direction]]\nkey = "Not A Key"\nlabel = "Oops"\n', encoding="utf-8")
        try:
            futureind.Taxonomy.from_toml(bad)
        except futureind.VocabularyError as exc:
            print(f"\na bad file is reported clearly:\n  {exc}")
        else:
            raise AssertionError("a malformed taxonomy file was accepted")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=HERE / "my_directions.toml")
    args = parser.parse_args(argv)

    default = keys_and_forms(futureind.extract(TEXT))
    # Pass the path directly ...
    extended = keys_and_forms(futureind.extract(TEXT, taxonomy=args.file))
    # ... or load the taxonomy once and reuse it for many texts (faster).
    taxonomy = futureind.Taxonomy.from_toml(args.file)
    assert keys_and_forms(futureind.extract(TEXT, taxonomy=taxonomy)) == extended

    print(f"taxonomy from {args.file.name}: {len(taxonomy)} keys")
    print("\nwith the default taxonomy:")
    for key, forms in default.items():
        print(f"  {key:<32} {forms}")
    print("\nwith the extended taxonomy:")
    for key, forms in extended.items():
        new = "" if default.get(key) == forms else "   <- new"
        print(f"  {key:<32} {forms}{new}")

    added = sorted(set(extended) - set(default))
    if not added:
        print("the extended taxonomy found no new direction", file=sys.stderr)
        return 1
    print(f"\nfound only with {args.file.name}: {', '.join(added)}")
    show_bad_file_error()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
