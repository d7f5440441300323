"""Mutation fuzzing of ``futureind.extract`` with sentences of the project's own corpora.

Stdlib only (no atheris). It takes the texts of every example corpus
(``src/futureind/corpora/*.toml``), the bundled examples and the held-out texts (and, when
present, the shared gold texts beside the repository), cuts them into sentences, and builds
documents of one to five sentences, some of them mutated: a space turned into a hyphen, a
newline or a dash, quotes, brackets and CJK punctuation inserted, characters deleted, pieces
of other sentences spliced in. Such inputs reach the rules far more often than random
bytes do: its first run, on 2026-12-04, found a crash the other harnesses had missed (a
quoted name before a lone head word).

For every document, ``extract`` must not raise and every evidence and mention span must slice
back to its text. A failure prints the document (as a Python literal) and its traceback.

    .venv/bin/python fuzz/mutate_corpus.py --seconds 300 --seed 1
    .venv/bin/python fuzz/mutate_corpus.py --count 1500 --seed 0   # what the test suite runs

Exit status: 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tomllib
import traceback
from pathlib import Path

import futureind

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by a test
from _checks import check_spans

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "gold"
_INSERTS = ["“", "”", "(", ")", '"', "%", "$", "·", "\u00a0", "、", "，", "'s ", "-", "\n"]
_SPACE_SWAPS = ["-", "\n", "\u2013", "  ", "\t", "'s "]


def sentences() -> list[str]:
    """Sentences of the corpora, examples, held-out texts and (if present) shared gold."""
    texts: list[str] = []
    for path in sorted((ROOT / "src" / "futureind" / "corpora").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key in ("match", "negative"):
            texts += [case["text"] for case in data.get(key, [])]
    folders = [ROOT / "examples" / "texts", ROOT / "tests" / "heldout"]
    folders += sorted(p for p in SHARED_GOLD.glob("*") if p.is_dir())
    for folder in folders:
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    out = [s for t in texts for s in t.replace("\n", " \n ").split(". ") if s.strip()]
    return out


def mutate(rng: random.Random, text: str, pieces: list[str]) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        r = rng.random()
        if r < 0.3 and chars[i] == " ":
            chars[i] = rng.choice(_SPACE_SWAPS)
        elif r < 0.5:
            chars.insert(i, rng.choice(_INSERTS))
        elif r < 0.6:
            del chars[i]
        elif r < 0.8:
            chars[i:i] = list(rng.choice(pieces)[:40])
    return "".join(chars)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to run")
    parser.add_argument("--seed", type=int, default=0, help="random seed (runs are repeatable)")
    parser.add_argument("--count", type=int, default=0, help="stop after N documents (0: no limit)")
    parser.add_argument("--max-failures", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    pieces = sentences()
    futureind.extract(pieces[0])  # load the vocabularies before the clock starts
    end = time.monotonic() + args.seconds
    runs = failures = 0
    while time.monotonic() < end and failures < args.max_failures:
        if args.count and runs >= args.count:
            break
        k = rng.randrange(1, 6)
        text = ". ".join(
            mutate(rng, rng.choice(pieces), pieces) if rng.random() < 0.6 else rng.choice(pieces)
            for _ in range(k)
        )
        try:
            check_spans(text, futureind.extract(text))
        except Exception:  # report every failure, whatever it is
            failures += 1
            print(f"FAILED on {text!r}")
            traceback.print_exc()
        runs += 1
    print(f"{runs} documents from {len(pieces)} sentences, {failures} failures (seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
