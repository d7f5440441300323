"""Griffe extension: make futureind's plain docstrings read well as Markdown.

The package's docstrings are written for ``help()`` and doctest: bare ``>>>`` examples and
reST roles (``:func:`extract```). Rendered as Markdown, ``>>>`` would become nested block
quotes. This extension, loaded by mkdocstrings, wraps each doctest block in a ``pycon`` code
fence and turns reST roles and double-backtick literals into Markdown code spans.
"""

from __future__ import annotations

from typing import Any

import regex

try:
    import griffe
except ModuleNotFoundError:  # pragma: no cover - the tests use markdown_docstring without the docs extra
    griffe = None

_ROLE = regex.compile(r":(?:func|class|meth|mod|attr|data|exc|obj|const):`~?([^`]+)`")
_DOUBLE = regex.compile(r"``([^`]+)``")


def _role(match: regex.Match[str]) -> str:
    target = match.group(1)
    whole = match.group(0)
    shown = target.rsplit(".", 1)[-1] if "`~" in whole else target
    return f"`{shown}`"


def markdown_docstring(text: str) -> str:
    """The docstring ``text`` with doctest blocks fenced and reST literals as code spans."""
    out: list[str] = []
    in_block = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(">>>"):
            if not in_block:
                indent = line[: len(line) - len(line.lstrip())]
                out.append(f"{indent}```pycon")
                in_block = True
            out.append(line)
            continue
        if in_block:
            if stripped:
                out.append(line)  # continuation (...) or expected output
                continue
            out.append(f"{indent}```")
            in_block = False
        out.append(_DOUBLE.sub(r"`\1`", _ROLE.sub(_role, line)))
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out)


if griffe is not None:

    class DoctestFences(griffe.Extension):
        """Rewrite every docstring with :func:`markdown_docstring`."""

        def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
            if obj.docstring is not None:
                obj.docstring.value = markdown_docstring(obj.docstring.value)
