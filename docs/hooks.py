"""MkDocs hook: pages generated from the package itself, so the docs never drift.

A page asks for generated content with a marker comment on a line of its own:

``<!-- generated: models -->``
    one section per pydantic model exported by :mod:`futureind` (every field, its type,
    default and description, read from the models' ``Field(description=...)``);
``<!-- generated: directions -->``
    the direction taxonomy, read from the package's own ``directions.toml``;
``<!-- generated: instruments -->``
    the policy-instrument table, read from the package's own ``instruments.toml``;
``<!-- generated: cli -->``
    the ``--help`` text of the command line and of each subcommand;
``<!-- generated: columns -->``
    the columns of the flat rows (CSV, data frames) of each record kind;
``<!-- generated: model package.module.Model -->``
    the field table of one pydantic model (e.g. the entry of a vocabulary file).

Vocabulary files are read with the package's loaders (the same code ``extract`` uses), so a
table shows exactly what the extractor knows. When a vocabulary file is missing or invalid the
hook logs a warning naming the file: ``mkdocs build --strict`` then fails with that message.
"""

from __future__ import annotations

import importlib
import logging
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

log = logging.getLogger("mkdocs.plugins.futureind")

MODEL_ORDER = (
    "Report",
    "Direction",
    "Target",
    "Quantity",
    "Actor",
    "Role",
    "Strategy",
    "Span",
    "QuantityMatch",
    "Period",
)

#: Fields of a vocabulary entry holding its surface forms (synonyms / cue phrases).
FORM_FIELDS = ("synonyms", "terms", "phrases", "cues", "aliases", "forms")
#: Fields holding case-sensitive acronyms.
ACRONYM_FIELDS = ("acronyms", "abbreviations")
#: Fields holding Chinese surface forms.
ZH_FORM_FIELDS = ("zh", "zh_synonyms", "synonyms_zh", "cues_zh")
#: Fields holding terms that count only in context (e.g. inside a list of directions).
CONTEXT_FIELDS = ("contextual",)
#: Fields holding bare field names, which count only in a list of fields.
FIELD_WORD_FIELDS = ("field_words",)
#: Fields holding phrases that are not mentions.
EXCLUDE_FIELDS = ("exclude", "exclusions", "negatives")
#: The package class whose ``default()`` loads (and so validates) each vocabulary file.
PACKAGE_LOADERS = {
    "directions.toml": ("futureind.taxonomy", "Taxonomy"),
    "instruments.toml": ("futureind.instruments", "Instruments"),
}
#: Fields shown as the Chinese label when present.
ZH_LABEL_FIELDS = ("label_zh", "zh_label", "chinese")
#: Fields of an entry describing what it means.
DESCRIPTION_FIELDS = ("description", "definition", "doc", "meaning")


# --------------------------------------------------------------------------- helpers


def _cell(value: object) -> str:
    """A value made safe for a Markdown table cell."""
    text = str(value).replace("\n", " ").replace("|", "\\|")
    return text.strip()


def _code(value: object) -> str:
    text = str(value)
    tick = "``" if "`" in text else "`"
    pad = " " if tick == "``" else ""
    return f"{tick}{pad}{text}{pad}{tick}".replace("|", "\\|")


def _anchor(name: str) -> str:
    return name.lower()


# --------------------------------------------------------------------------- the data model


def _type_name(tp: Any, models: Mapping[str, type[BaseModel]]) -> str:
    """Render a field annotation: ``list[Span]``, ``int | None``, ``'gt' | 'ge'``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return "None"
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_type_name(arg, models) for arg in args)
    if origin is typing.Literal:
        return " | ".join(repr(arg) for arg in args)
    if origin in (list, tuple, set, frozenset, dict):
        inner = ", ".join(_type_name(arg, models) for arg in args)
        return f"{origin.__name__}[{inner}]"
    if isinstance(tp, type):
        if tp.__name__ in models and models[tp.__name__] is tp:
            return f"[{tp.__name__}](#{_anchor(tp.__name__)})"
        if tp.__module__ == "datetime":
            return f"{tp.__name__} (ISO string in JSON)"
        return tp.__name__
    return str(tp).replace("typing.", "")


def exported_models() -> dict[str, type[BaseModel]]:
    """Every pydantic model :mod:`futureind` exports, in reading order."""
    import futureind

    found: dict[str, type[BaseModel]] = {}
    for name in getattr(futureind, "__all__", []):
        obj = getattr(futureind, name, None)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            found[name] = obj
    ordered = [name for name in MODEL_ORDER if name in found]
    ordered += sorted(name for name in found if name not in MODEL_ORDER)
    return {name: found[name] for name in ordered}


def _default(field: Any) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        try:
            return _code(repr(field.default_factory()))
        except TypeError:
            return "computed"
    return _code(repr(field.default))


def _summary(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ") if doc else ""


def _field_table(
    model: type[BaseModel], models: Mapping[str, type[BaseModel]], *, required: bool
) -> list[str]:
    """The Markdown table of ``model``'s fields; warn on a missing description if required."""
    out = ["| field | type | default | description |", "|---|---|---|---|"]
    for field_name, field in model.model_fields.items():
        description = field.description or ""
        if not description and required:
            log.warning(f"docs: {model.__name__}.{field_name} has no description")
        if field.exclude:
            description += " *Not part of the JSON output.*"
        out.append(
            f"| `{field_name}` | {_cell(_type_name(field.annotation, models))} "
            f"| {_default(field)} | {_cell(description)} |"
        )
    return out


def render_models() -> str:
    """One section per exported model: a table of its fields from their descriptions."""
    models = exported_models()
    if not models:
        log.warning("docs: futureind exports no pydantic models; the data model is empty")
        return ""
    out: list[str] = []
    for name, model in models.items():
        out.append(f"## {name}\n")
        summary = _summary(model)
        if summary:
            out.append(f"{summary}\n")
        out.extend(_field_table(model, models, required=True))
        out.append("")
    return "\n".join(out)


def render_model(path: str) -> str:
    """The field table of one model named by its dotted path (``futureind.taxonomy.X``)."""
    module_name, _, name = path.rpartition(".")
    try:
        model = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as exc:
        log.warning(f"docs: cannot document the model {path}: {exc}")
        return f"!!! failure\n    The model `{path}` could not be found (see the build log).\n"
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        log.warning(f"docs: {path} is not a pydantic model")
        return ""
    return "\n".join(_field_table(model, {}, required=False)) + "\n"


# --------------------------------------------------------------------------- vocabularies


def _walk_entries(node: Any, path: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """Every vocabulary entry of a parsed TOML tree: a table with a ``label`` or a ``key``.

    Entries may be an array of tables (``[[directions]] key = "..."``) or nested tables
    (``[information.quantum] label = "..."``, whose key is the dotted path).
    """
    if isinstance(node, dict):
        if isinstance(node.get("label"), str) or isinstance(node.get("key"), str):
            entry = dict(node)
            entry.setdefault("key", ".".join(path))
            yield entry
            return
        for name, child in node.items():
            yield from _walk_entries(child, (*path, str(name)))
    elif isinstance(node, list):
        for child in node:
            yield from _walk_entries(child, path)


def _as_dict(value: Any) -> Any:
    """A loaded vocabulary object as plain data (pydantic models are dumped)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): _as_dict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_dict(v) for v in value]
    return value


def _load_with_package(filename: str) -> tuple[Any, list[str]]:
    """Load ``filename`` with the package's own loader (``Class.default()``).

    Returns the loaded object (None when there is no loader or it failed) and the problems.
    """
    module_name, class_name = PACKAGE_LOADERS[filename]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        return None, [f"cannot import {module_name}: {exc}"]
    default = getattr(getattr(module, class_name, None), "default", None)
    if not callable(default):
        return None, []  # no loader (yet): the raw file is documented
    try:
        return default(), []
    except Exception as exc:  # the message is what the reader of the build log needs
        return None, [f"{module_name}.{class_name}.default() failed: {exc}"]


def _loaded_entries(loaded: Any) -> list[dict[str, Any]]:
    """The entries of a loaded vocabulary object (``.entries`` or ``.spec``), as plain data."""
    for attribute in ("entries", "spec"):
        value = getattr(loaded, attribute, None)
        if value is not None and not callable(value):
            entries = list(_walk_entries(_as_dict(value)))
            if entries:
                return entries
    return []


def vocabulary_entries(filename: str) -> list[dict[str, Any]] | None:
    """The entries of a package vocabulary file, or None (with a warning) when unusable.

    The file must exist and load with the package's loader; the entries are taken from the
    loaded object where it exposes them (so derived values are shown as the extractor sees
    them), else from the file as parsed.
    """
    from futureind.errors import VocabularyError
    from futureind.vocab import read_toml

    try:
        data, _ = read_toml(filename)
    except VocabularyError as exc:
        log.warning(f"docs: cannot generate the table from futureind/data/{filename}: {exc}")
        return None
    loaded, problems = _load_with_package(filename)
    for problem in problems:
        log.warning(f"docs: futureind/data/{filename}: {problem}")
    entries = _loaded_entries(loaded) or list(_walk_entries(_as_dict(data)))
    if not entries:
        log.warning(f"docs: futureind/data/{filename} holds no entries with a key or label")
        return None
    return entries


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


def _forms(entry: Mapping[str, Any], fields: Iterable[str] = FORM_FIELDS) -> list[str]:
    """The strings of ``fields`` of ``entry``, first occurrence kept, in order."""
    forms: list[str] = []
    for name in fields:
        for form in _strings(entry.get(name)):
            if form not in forms:
                forms.append(form)
    return forms


def _all_forms(entry: Mapping[str, Any]) -> list[str]:
    fields = (*FORM_FIELDS, *ACRONYM_FIELDS, *ZH_FORM_FIELDS, *CONTEXT_FIELDS, *FIELD_WORD_FIELDS)
    return _forms(entry, fields)


def _direction_cell(entry: Mapping[str, Any]) -> str:
    """Surface forms of a direction: phrases, acronyms, contextual terms, exclusions."""
    parts = [", ".join(_cell(f) for f in _forms(entry))]
    acronyms = _forms(entry, ACRONYM_FIELDS)
    if acronyms:
        parts.append("**acronyms:** " + ", ".join(_code(f) for f in acronyms))
    contextual = _forms(entry, CONTEXT_FIELDS)
    if contextual:
        parts.append("**in a list of directions only:** " + ", ".join(_cell(f) for f in contextual))
    field_words = _forms(entry, FIELD_WORD_FIELDS)
    if field_words:
        parts.append("**in a list of fields only:** " + ", ".join(_cell(f) for f in field_words))
    excluded = _forms(entry, EXCLUDE_FIELDS)
    if excluded:
        parts.append("**not a mention:** " + ", ".join(f"*{_cell(f)}*" for f in excluded))
    return "<br>".join(part for part in parts if part)


def _first(entry: Mapping[str, Any], names: Iterable[str]) -> str:
    for name in names:
        value = entry.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


def render_directions() -> str:
    """The taxonomy: one section per top-level key, with its leaves and surface forms."""
    entries = vocabulary_entries("directions.toml")
    if entries is None:
        return (
            "!!! failure\n    The direction taxonomy could not be generated (see the build log).\n"
        )
    by_key = {str(e["key"]): e for e in entries}
    tops = [k for k in by_key if _parent(k, by_key[k]) is None]
    out = [
        f"The taxonomy has **{len(tops)} top-level keys** and "
        f"**{len(by_key) - len(tops)} leaves**, with "
        f"{sum(len(_all_forms(e)) for e in entries)} surface forms in all.\n"
    ]
    out.append("| top-level key | label | Chinese | leaves |")
    out.append("|---|---|---|---|")
    for top in tops:
        leaves = [k for k in by_key if _parent(k, by_key[k]) == top]
        entry = by_key[top]
        out.append(
            f"| [`{top}`](#{top}) | {_cell(entry.get('label', ''))} "
            f"| {_cell(_first(entry, ZH_LABEL_FIELDS))} | {len(leaves)} |"
        )
    out.append("")
    for top in tops:
        entry = by_key[top]
        out.append(f"## `{top}` — {_cell(entry.get('label', ''))} {{ #{top} }}\n")
        whole = _direction_cell(entry)
        if whole:
            out.append(f"Named as a whole: {whole}\n")
        zh = _forms(entry, ZH_FORM_FIELDS)
        if zh:
            out.append(f"Chinese: {', '.join(_cell(f) for f in zh)}\n")
        leaves = [k for k in by_key if _parent(k, by_key[k]) == top]
        if leaves:
            out.append("| key | label | surface forms | Chinese |")
            out.append("|---|---|---|---|")
            for key in leaves:
                leaf = by_key[key]
                label = _cell(leaf.get("label", ""))
                zh_label = _first(leaf, ZH_LABEL_FIELDS)
                if zh_label:
                    label += f"<br>{_cell(zh_label)}"
                zh_forms = ", ".join(_cell(f) for f in _forms(leaf, ZH_FORM_FIELDS))
                out.append(f"| `{key}` | {label} | {_direction_cell(leaf)} | {zh_forms} |")
            out.append("")
    orphans = [k for k in by_key if k not in tops and _parent(k, by_key[k]) not in by_key]
    if orphans:
        log.warning(f"docs: directions.toml keys without a known parent: {', '.join(orphans)}")
    return "\n".join(out)


def _parent(key: str, entry: Mapping[str, Any]) -> str | None:
    parent = entry.get("parent")
    if isinstance(parent, str) and parent:
        return parent
    return key.rsplit(".", 1)[0] if "." in key else None


def _pairs(entry: Mapping[str, Any]) -> str:
    """Verb-object pairs of an instrument: ``attract / train … talent / scientists``."""
    shown: list[str] = []
    for pair in entry.get("pairs") or []:
        if isinstance(pair, Mapping):
            verbs = " / ".join(_strings(pair.get("verbs")))
            objects = " / ".join(_strings(pair.get("objects")))
            if verbs and objects:
                shown.append(_cell(f"({verbs}) … ({objects})"))
    return "; ".join(shown)


def render_instruments() -> str:
    """The policy instruments: key, label, what the measure does, cue phrases."""
    entries = vocabulary_entries("instruments.toml")
    if entries is None:
        return "!!! failure\n    The instrument table could not be generated (see the build log).\n"
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(str(entry["key"]).split(".", 1)[0], []).append(entry)
    out = [
        f"**{len(entries)} instruments** in {len(groups)} groups "
        f"({', '.join(f'`{g}`' for g in groups)}).\n"
    ]
    for group, members in groups.items():
        out.append(f"## `{group}` {{ #{group} }}\n")
        out.append("| key | label | the measure … | cue phrases |")
        out.append("|---|---|---|---|")
        for entry in members:
            description = _first(entry, DESCRIPTION_FIELDS)
            cues = ", ".join(_cell(f) for f in _all_forms(entry))
            pairs = _pairs(entry)
            if pairs:
                cues += f"<br>**verb … object:** {pairs}"
            out.append(
                f"| `{entry['key']}` | {_cell(entry.get('label', ''))} "
                f"| {_cell(description)} | {cues} |"
            )
        out.append("")
    return "\n".join(out)


def render_cli() -> str:
    """The ``--help`` of ``futureind`` and of each of its subcommands."""
    import argparse
    import os

    from futureind.cli import build_parser

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # argparse wraps help to the terminal width
    try:
        parser = build_parser()
        parts = [("futureind --help", parser.format_help())]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    parts.append((f"futureind {name} --help", sub.format_help()))
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    out: list[str] = []
    for command, text in parts:
        out.append(f"### `{command}`\n")
        out.append(f"```text\n{text.rstrip()}\n```\n")
    return "\n".join(out)


def render_columns() -> str:
    """The columns of the flat rows of each record kind (``futureind.tables.COLUMNS``)."""
    from futureind.tables import COLUMNS

    out = ["| kind | columns (after `doc_id`) |", "|---|---|"]
    for kind, columns in COLUMNS.items():
        out.append(f"| `{kind}` | {', '.join(f'`{c}`' for c in columns)} |")
    return "\n".join(out) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "models": render_models,
    "directions": render_directions,
    "instruments": render_instruments,
    "cli": render_cli,
    "columns": render_columns,
}


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each ``<!-- generated: NAME -->`` line with the generated Markdown."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<!-- generated:") and stripped.endswith("-->"):
            name = stripped.removeprefix("<!-- generated:").removesuffix("-->").strip()
            if name.startswith("model "):
                lines[i] = render_model(name.removeprefix("model ").strip())
                continue
            generator = GENERATORS.get(name)
            if generator is None:
                log.warning(f"docs: unknown generated section {name!r}")
                continue
            lines[i] = generator()
    return "\n".join(lines)
