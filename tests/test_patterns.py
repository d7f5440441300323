"""No regular expression of the package has a catastrophic-backtracking shape.

Three sources are checked: every ``pattern`` / ``regex`` field of the package's TOML data,
every regex literal in the package's modules (``regex.compile``, ``compile_pattern``,
``PatternRule`` and friends, with module-level string constants and f-strings resolved), and
every pattern the package actually compiles while importing and extracting a sample (captured
in a subprocess). Each is parsed into a small syntax tree and rejected if

* **nested quantifier**: a repeated group (``*``, ``+``, ``{n,}`` or ``{n,m}`` with m > 1)
  contains a variable-length repeat whose siblings can all match empty — ``(x+)+``,
  ``(x*)*``, ``(\\w+\\s?)*``, ``(\\d{1,3})+``: the inner run can be split between outer
  iterations in exponentially many ways;
* **overlapping alternation**: a repeated group contains an alternation two of whose branches
  can match the same character — ``(a|a)*``, ``(\\w|\\d)+``, ``(\\s|\\n)*``.

Atomic groups ``(?>...)`` and possessive quantifiers (``x++``) cannot backtrack and are
exempt. The regex ``timeout`` (``engine.REGEX_TIMEOUT``) remains the last safety net.
"""

from __future__ import annotations

import ast
import itertools
import json
import string
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import regex

import futureind

PACKAGE = Path(futureind.__file__ or ".").parent

# --------------------------------------------------------------------------- a tiny regex parser


@dataclass
class Node:
    """A regex syntax node: seq, alt, group, atomic, look, repeat, atom or empty."""

    kind: str
    children: list[Node] = field(default_factory=list)
    src: str = ""
    min: int = 1
    max: int | None = 1
    possessive: bool = False


_ZERO_WIDTH_ESCAPES = set("bBAZzGmMK")
_QUANT = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = False

    def parse(self) -> Node:
        node = self.alt()
        if self.i < len(self.p):  # an unbalanced ')': the regex compiler reports it
            raise ValueError(f"unbalanced ')' at {self.i}")
        return node

    def alt(self) -> Node:
        branches = [self.seq()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.seq())
        return branches[0] if len(branches) == 1 else Node("alt", branches)

    def seq(self) -> Node:
        first = self.i
        items: list[Node] = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            start = self.i
            atom = self.atom()
            if atom is None:
                continue
            atom = self.quantifier(atom)
            atom.src = atom.src or self.p[start : self.i]
            items.append(atom)
        return Node("seq", items, src=self.p[first : self.i])

    def quantifier(self, atom: Node) -> Node:
        p = self.p
        lo: int
        hi: int | None
        while self.verbose and self.i < len(p) and p[self.i] in string.whitespace:
            self.i += 1
        if self.i >= len(p):
            return atom
        c = p[self.i]
        if c in "*+?":
            lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            self.i += 1
        elif c == "{" and (m := _QUANT.match(p, self.i)) and (m.group(1) or m.group(3)):
            lo = int(m.group(1) or 0)
            hi = (int(m.group(3)) if m.group(3) else None) if m.group(2) else lo
            self.i = m.end()
        else:
            return atom
        possessive = False
        if self.i < len(p) and p[self.i] in "?+":
            possessive = p[self.i] == "+"
            self.i += 1
        return self.quantifier(Node("repeat", [atom], min=lo, max=hi, possessive=possessive))

    def atom(self) -> Node | None:
        p = self.p
        c = p[self.i]
        if self.verbose and c in string.whitespace:
            self.i += 1
            return None
        if self.verbose and c == "#":
            end = p.find("\n", self.i)
            self.i = len(p) if end < 0 else end
            return None
        if c == "(":
            return self.group()
        if c == "[":
            start = self.i
            self.char_class()
            return Node("atom", src=p[start : self.i])
        if c == "\\":
            return self.escape()
        self.i += 1
        if c in "^$":
            return Node("empty", src=c)
        return Node("atom", src=c)

    def escape(self) -> Node:
        p = self.p
        start = self.i
        self.i += 1
        if self.i >= len(p):
            return Node("atom", src="\\")
        c = p[self.i]
        self.i += 1
        if c in _ZERO_WIDTH_ESCAPES:
            return Node("empty", src=p[start : self.i])
        if c in "pPNx" and self.i < len(p) and p[self.i] == "{":
            self.i = p.index("}", self.i) + 1
        elif c in "Lgk" and self.i < len(p) and p[self.i] == "<":
            self.i = p.index(">", self.i) + 1
            if c == "L":
                return Node("atom", src=p[start : self.i])  # a named list: literal phrases
        elif c == "x":
            self.i += 2
        elif c == "u":
            self.i += 4
        elif c == "U":
            self.i += 8
        elif c.isdigit():
            while self.i < len(p) and p[self.i].isdigit():
                self.i += 1
        return Node("atom", src=p[start : self.i])

    def char_class(self) -> None:
        p = self.p
        self.i += 1
        if self.i < len(p) and p[self.i] == "^":
            self.i += 1
        if self.i < len(p) and p[self.i] == "]":
            self.i += 1
        while self.i < len(p) and p[self.i] != "]":
            if p[self.i] == "\\":
                self.i += 2
            elif p.startswith("[:", self.i) and ":]" in p[self.i :]:
                self.i = p.index(":]", self.i) + 2
            elif p[self.i] == "[":  # a nested set (regex VERSION1)
                self.char_class()
            else:
                self.i += 1
        self.i += 1

    def group(self) -> Node | None:
        p = self.p
        start = self.i
        self.i += 1
        kind = "group"
        if p.startswith("?", self.i):
            self.i += 1
            rest = p[self.i :]
            if rest.startswith("#"):
                self.i = p.index(")", self.i) + 1
                return None
            if rest[:1] in ("=", "!") or rest[:2] in ("<=", "<!"):
                kind = "look"
                self.i += 1 if rest[:1] in "=!" else 2
            elif rest.startswith(">"):
                kind = "atomic"
                self.i += 1
            elif rest[:1] in (":", "|"):
                self.i += 1
            elif rest.startswith(("P<", "<")):
                self.i = p.index(">", self.i) + 1
            elif rest.startswith(("P=", "P>", "&", "R")) or rest[:1].isdigit():
                self.i = p.index(")", self.i) + 1
                return Node("atom", src=p[start : self.i])  # back-reference / recursion
            elif rest.startswith("("):  # conditional (?(name)yes|no)
                self.i = p.index(")", self.i) + 1
            else:  # inline flags: (?i) or (?i:...)
                m = regex.match(r"[a-zA-Z\-^]*", rest)
                flags = m.group() if m else ""
                self.i += len(flags)
                if "x" in flags.split("-")[0]:
                    self.verbose = True
                if p.startswith(")", self.i):
                    self.i += 1
                    return None
                self.i += 1  # the ':'
        body = self.alt()
        if self.i >= len(p) or p[self.i] != ")":
            raise ValueError(f"unbalanced '(' at {start}")
        self.i += 1
        return Node(kind, [body], src=p[start : self.i])


def parse(pattern: str) -> Node:
    """Parse ``pattern`` into a :class:`Node` tree (verbose mode when the pattern sets it)."""
    return _Parser(pattern).parse()


# --------------------------------------------------------------------------- analysis

ALPHABET = (
    string.printable
    + "\x00\x85\xa0\u3000\u2028\u200b\ufeff"
    + "éÉßΩωЖж中文量子。、，；：“”‘’「」（）—–‐•·€¥£₩٣１Ⅻ😀"
)


@cache
def _chars(src: str) -> frozenset[str] | None:
    """The characters of ALPHABET a single-character atom matches, or None if unknown."""
    if src.startswith("\\L<"):
        return None
    try:
        compiled = regex.compile(src, regex.IGNORECASE | regex.DOTALL | regex.VERSION1)
    except regex.error:
        return None
    return frozenset(c for c in ALPHABET if compiled.fullmatch(c))


def nullable(n: Node) -> bool:
    """Can ``n`` match the empty string?"""
    if n.kind in ("empty", "look"):
        return True
    if n.kind == "atom":
        return False
    if n.kind == "seq":
        return all(nullable(c) for c in n.children)
    if n.kind == "alt":
        return any(nullable(c) for c in n.children)
    if n.kind == "repeat":
        return n.min == 0 or nullable(n.children[0])
    return nullable(n.children[0])  # group, atomic


def single_chars(n: Node) -> frozenset[str] | None:
    """Characters ``c`` such that ``n`` can match exactly the string ``c`` (None: unknown)."""
    if n.kind == "atom":
        return _chars(n.src)
    if n.kind in ("empty", "look"):
        return frozenset()
    if n.kind in ("group", "atomic"):
        return single_chars(n.children[0])
    if n.kind == "repeat":
        return single_chars(n.children[0]) if n.min <= 1 and n.max != 0 else frozenset()
    parts = [single_chars(c) for c in n.children]
    if any(p is None for p in parts):
        return None
    if n.kind == "alt":
        return frozenset().union(*[p for p in parts if p is not None])
    # seq: one item matches the character, the others match empty
    out: set[str] = set()
    for k, (child, chars) in enumerate(zip(n.children, parts, strict=True)):
        if chars and all(nullable(o) for j, o in enumerate(n.children) if j != k):
            out |= chars
        del child
    return frozenset(out)


def _repeats_many(n: Node) -> bool:
    return n.kind == "repeat" and not n.possessive and (n.max is None or n.max >= 2)


def _free_inner_repeat(n: Node) -> Node | None:
    """A variable-length repeat in ``n`` that can take up all of ``n`` (siblings nullable)."""
    if n.kind == "repeat":
        if n.possessive:
            return None
        if n.max is None or n.max > n.min:
            return n
        return _free_inner_repeat(n.children[0])
    if n.kind == "group":
        return _free_inner_repeat(n.children[0])
    if n.kind == "alt":
        for c in n.children:
            if (found := _free_inner_repeat(c)) is not None:
                return found
        return None
    if n.kind == "seq":
        for k, c in enumerate(n.children):
            found = _free_inner_repeat(c)
            others = (o for j, o in enumerate(n.children) if j != k)
            if found is not None and all(nullable(o) for o in others):
                return found
    return None  # atom, empty, look, atomic


def _class_run(n: Node) -> frozenset[str] | None:
    """The characters of an unbounded run of one character class (``[a-z]+``), else None."""
    if n.kind == "group" and len(n.children) == 1:
        return _class_run(n.children[0])
    if n.kind == "seq" and len(n.children) == 1:
        return _class_run(n.children[0])
    if n.kind != "repeat" or n.possessive or n.max is not None:
        return None  # bounded runs ({1,80}) only multiply the work by their bound
    body = n.children[0]
    return _chars(body.src) if body.kind == "atom" else None


def _adjacent_runs(body: Node) -> Iterator[tuple[Node, Node]]:
    """Neighbouring class runs of a repeated body (the last one neighbours the first again,
    in the next iteration) that share a character: the run between them can be split in
    many ways, ``(?:[^\\w]+[\\w-]+){0,6}`` on ``- - - -``."""
    items = body.children if body.kind == "seq" else [body]
    if body.kind == "group" and body.children[0].kind == "seq":
        items = body.children[0].children
    runs = [(item, _class_run(item)) for item in items if not nullable(item) or _class_run(item)]
    pairs = list(itertools.pairwise(runs))
    if len(runs) >= 2:
        pairs.append((runs[-1], runs[0]))
    for (a, sa), (b, sb) in pairs:
        if sa and sb and sa & sb:
            yield a, b


def _alternations(n: Node) -> Iterator[Node]:
    """Alternations inside ``n`` that backtracking can revisit (not in atomic/look groups)."""
    if n.kind == "alt":
        yield n
    if n.kind in ("atomic", "look") or (n.kind == "repeat" and n.possessive):
        return
    for c in n.children:
        yield from _alternations(c)


def _walk(n: Node, exempt: bool = False) -> Iterator[tuple[Node, bool]]:
    yield n, exempt
    inner = exempt or n.kind in ("atomic", "look") or (n.kind == "repeat" and n.possessive)
    for c in n.children:
        yield from _walk(c, inner)


def problems(pattern: str) -> list[str]:
    """Catastrophic-backtracking shapes in ``pattern`` (empty when it is safe)."""
    try:
        tree = parse(pattern)
    except (ValueError, IndexError) as exc:
        return [f"cannot parse: {exc}"]
    found: list[str] = []
    for node, exempt in _walk(tree):
        if exempt or not _repeats_many(node):
            continue
        body = node.children[0]
        inner = _free_inner_repeat(body)
        if inner is not None:
            found.append(f"nested quantifier: {inner.src!r} inside repeated {node.src!r}")
        for left, right in _adjacent_runs(body):
            found.append(
                f"overlapping neighbour runs {left.src!r}, {right.src!r} inside repeated {node.src!r}"
            )
        for alt in _alternations(body):
            sets = [single_chars(b) for b in alt.children]
            for a in range(len(sets)):
                for b in range(a + 1, len(sets)):
                    sa, sb = sets[a], sets[b]
                    same = alt.children[a].src == alt.children[b].src and alt.children[a].src
                    if same or (sa is not None and sb is not None and sa & sb):
                        found.append(
                            f"overlapping alternation {alt.children[a].src!r} | "
                            f"{alt.children[b].src!r} inside repeated {node.src!r}"
                        )
    return found


# --------------------------------------------------------------------------- the checker itself

BAD = [
    r"(x+)+",
    r"(x*)*",
    r"(a|a)*",
    r"(?:\w+\s?)*$",
    r"(\d{1,3})+z",
    r"(?:\s|\n)+",
    r"(?:\w|\d)+",
    r"^(?:[a-z]+)*@",
    r"(?:(?:a|a)b)+",
    r"(?:ab|ab)+",
    r"(?x) ( \d + ) + # comment",
    r"(?:(?:\s*\p{L}+)*)",
    r"(?:x+y?){2,}",
    r"\L<verbs>(?:[^\w.;!?\n]+[\w'’&\-]+){0,6}?[^\w.;!?\n]+\L<objects>",
    r"(?:\s+[\w\s]+)*x",
]
GOOD = [
    r"\d+(?:\.\d+)?",
    r"(?:\d{1,3},)*\d{1,3}",
    r"^By\s+\p{Lu}[\p{L}.\'-]*(?:\s+\p{Lu}[\p{L}.\'-]*){0,3}\s*$",
    r"(?>x+)+",
    r"(?:x++)+",
    r"[a-z]+(?:-[a-z]+)*",
    r"(?:billion|bn|million)+",
    r"(?<![\p{L}\p{N}_])\L<terms>(?![\p{L}\p{N}_])",
    r"(?:[(\[]\d+[)\]])+",
    r"[^\n\r\u2028\u2029]*(?:\r\n|[\n\r\u2028\u2029]|$)",
    r"(?:a|b){1}",
    r"\{(\d*)(?:(,)(\d*))?\}",
    r"[[a-z]--[aeiou]]+",
    r"(?P<num>\d+)(?:\s*(?:-|to)\s*(?P=num))?",
    r"\L<verbs>(?:[^\w.;!?\n]++[\w'’&\-]++){0,6}?[^\w.;!?\n]++\L<objects>",
    r"(?:\s+\w+)*",
    r"(?:\d+[,.])+\d+",
]


LISTS: dict[str, Any] = {"terms": ["x"], "verbs": ["y"], "objects": ["z"], "ignore_unused": True}


@pytest.mark.parametrize("pattern", BAD)
def test_checker_flags_catastrophic_shapes(pattern: str) -> None:
    regex.compile(pattern, regex.VERSION1, **LISTS)
    assert problems(pattern), pattern


@pytest.mark.parametrize("pattern", GOOD)
def test_checker_passes_safe_shapes(pattern: str) -> None:
    regex.compile(pattern, regex.VERSION1, **LISTS)
    assert problems(pattern) == [], pattern


# --------------------------------------------------------------------------- the package's patterns


def toml_patterns() -> Iterator[tuple[str, str]]:
    """(where, pattern) for every pattern/regex field of the package's TOML data files."""

    def walk(node: Any, path: str, key: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            label = next((f"{k}={node[k]!r}" for k in ("name", "key", "id") if k in node), "")
            for k, v in node.items():
                yield from walk(v, f"{path}{f' ({label})' if label else ''}.{k}", str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}[{i}]", key)
        elif isinstance(node, str) and ("pattern" in key or "regex" in key):
            yield path, node

    data = resources.files("futureind.data")
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            table = tomllib.loads(entry.read_text("utf-8"))
            yield from walk(table, f"data/{entry.name}:", "")


_CALLS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}


def _const(node: ast.expr, env: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _const(node.left, env), _const(node.right, env)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                parts.append(_const(v.value, env) or "(?:X)")
            else:
                parts.append(_const(v, env) or "")
        return "".join(parts)
    return None


def module_patterns() -> Iterator[tuple[str, str]]:
    """(where, pattern) for regex literals in the package's modules."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        env: dict[str, str] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                value = _const(stmt.value, env) if stmt.value is not None else None
                for t in targets:
                    if isinstance(t, ast.Name) and value is not None:
                        env[t.id] = value
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            args: list[ast.expr] = []
            if (owner in ("regex", "re") and name in _CALLS) or name == "compile_pattern":
                args = node.args[:1]
            elif name == "PatternRule":
                args = node.args[1:2] + [k.value for k in node.keywords if k.arg == "pattern"]
            for arg in args:
                value = _const(arg, env)
                if value is not None:
                    yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", value


_CAPTURE = r"""
import json, sys, regex
seen = {}
def wrap(fn):
    def inner(pattern, *args, **kwargs):
        if isinstance(pattern, str):
            seen.setdefault(pattern, None)
        return fn(pattern, *args, **kwargs)
    return inner
for name in ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
    setattr(regex, name, wrap(getattr(regex, name)))
import futureind
from futureind.cli import sample_text
for text in (sample_text(), "到2025年，未来产业产值超过5000亿元，量子信息取得突破。"):
    try:
        futureind.extract(text, published="2024-06-18")
    except Exception as exc:  # the extraction tests report it; keep what was compiled
        print(f"extract failed: {exc!r}", file=sys.stderr)
json.dump(list(seen), sys.stdout)
"""


@cache
def runtime_patterns() -> tuple[str, ...]:
    """Every pattern string the package compiles while importing and extracting a sample."""
    out = subprocess.run(
        [sys.executable, "-c", _CAPTURE], capture_output=True, text=True, check=True, timeout=120
    )
    return tuple(json.loads(out.stdout))


def test_patterns_are_found() -> None:
    """The scanners see the package's patterns (so the checks below cannot pass vacuously)."""
    assert list(toml_patterns())
    assert len(list(module_patterns())) >= 5
    assert len(runtime_patterns()) >= 5


def test_no_catastrophic_shapes_in_toml_data() -> None:
    bad = [f"{where}: {p}" for where, pattern in toml_patterns() for p in problems(pattern)]
    assert not bad, "\n".join(bad)


def test_no_catastrophic_shapes_in_module_literals() -> None:
    bad = [f"{where}: {p}" for where, pattern in module_patterns() for p in problems(pattern)]
    assert not bad, "\n".join(bad)


def test_no_catastrophic_shapes_in_compiled_patterns() -> None:
    bad = [f"{pattern[:120]!r}: {p}" for pattern in runtime_patterns() for p in problems(pattern)]
    assert not bad, "\n".join(bad)
