"""The data package's descriptor, data/datapackage.yaml: reading it, finding a table's schema, and
checking the descriptor itself (only known keys; every package, table and field described by a
sentence, as the data dictionary publishes it)."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

from .paths import project_root
from .problems import Problem

DESCRIPTOR = "data/datapackage.yaml"
# libyaml's parser when PyYAML has it (its wheels do): the descriptor parses in a tenth of the time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_descriptor(root: Path | None = None) -> dict:
    """The descriptor, as a dict of its own for the caller."""
    return copy.deepcopy(_parsed(_text(root)))


def table_resource(name: str, root: Path | None = None) -> dict:
    """The resource of table `name` (its path and schema), as a dict of its own for the caller.
    `load_table` asks for one table: copying the whole descriptor each time took longer than
    reading the table's CSV."""
    return copy.deepcopy(resource(_parsed(_text(root)), name))


def primary_key(table: str, root: Path | None = None) -> list[str]:
    """The primary key of `table`. The data pages ask once per row, so the descriptor is parsed
    once per text (0.15 s each time would be minutes per build)."""
    return list(resource(_parsed(_text(root)), table)["schema"]["primaryKey"])


def _text(root: Path | None) -> bytes:
    return ((root or project_root()) / DESCRIPTOR).read_bytes()


@functools.lru_cache(maxsize=4)
def _parsed(text: bytes) -> dict:
    """The parsed descriptor, cached by its text (never by a timestamp); only read, never returned."""
    return yaml.load(text.decode("utf-8"), Loader=_LOADER)


def resource(descriptor: dict, name: str) -> dict:
    for item in descriptor["resources"]:
        if item["name"] == name:
            return item
    raise KeyError(f"{DESCRIPTOR} has no table named {name!r}")


def field_names(res: dict) -> list[str]:
    return [field["name"] for field in res["schema"]["fields"]]


# The keys each part of the descriptor may hold; anything else is a typo or a leftover (inline
# YAML cut at a comma leaves keys such as `blinding and structure.: null`).
_KEYS = {
    "package": {"name", "title", "description", "licenses", "resources"},
    "license": {"name", "title", "path"},
    "resource": {"name", "path", "encoding", "description", "schema"},
    "schema": {"fields", "primaryKey", "foreignKeys"},
    "field": {"name", "type", "description", "constraints", "x-unit"},
    "constraints": {"required", "unique", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                    "minLength", "maxLength", "pattern", "enum"},
    "foreign_key": {"fields", "reference"},
    "reference": {"resource", "fields"},
}
_PARTS = {("package", "licenses"): "license", ("package", "resources"): "resource",
          ("resource", "schema"): "schema", ("schema", "fields"): "field",
          ("field", "constraints"): "constraints", ("schema", "foreignKeys"): "foreign_key",
          ("foreign_key", "reference"): "reference"}
_DESCRIBED = {"package", "resource", "field"}


def description_problem(text) -> str | None:
    """What is wrong with a description, or None: it must be a sentence, not a fragment."""
    if not isinstance(text, str) or not text.strip():
        return "a description is missing"
    text = text.strip()
    if not (text[0].isupper() or text[0].isdigit()):
        return f"a description begins with a capital letter: {text!r}"
    if not text.endswith(".") or text.endswith("..."):
        return f"a description ends with a full stop (is it cut short?): {text!r}"
    if text.count("(") != text.count(")"):
        return f"a description closes its parentheses (is it cut short?): {text!r}"
    return None


def _descriptor_node_problems(node, part: str, where: str) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(node, yaml.MappingNode):
        return [Problem(DESCRIPTOR, node.start_mark.line + 1, where, f"expected a mapping of {part} keys")]
    values = {key.value: value for key, value in node.value}
    for key, value in node.value:
        if key.value not in _KEYS[part]:
            problems.append(Problem(DESCRIPTOR, key.start_mark.line + 1, f"{where}.{key.value}".lstrip("."),
                                    f"unknown key in a {part} (known: {', '.join(sorted(_KEYS[part]))})"))
            continue
        child = _PARTS.get((part, key.value))
        if child is None:
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for index, item in enumerate(items):
            name = next((v.value for k, v in item.value if k.value == "name"), index) \
                if isinstance(item, yaml.MappingNode) else index
            label = where if key.value == "schema" else f"{where}.{key.value}".lstrip(".")
            label += f"[{name}]" if isinstance(value, yaml.SequenceNode) else ""
            problems += _descriptor_node_problems(item, child, label)
    if part in _DESCRIBED:
        text = values["description"].value if isinstance(values.get("description"), yaml.ScalarNode) else None
        message = description_problem(text)
        if message:
            line = (values.get("description") or node).start_mark.line + 1
            problems.append(Problem(DESCRIPTOR, line, f"{where}.description".lstrip("."), message))
    return problems


def descriptor_problems(root: Path | None = None) -> list[Problem]:
    """Problems of data/datapackage.yaml itself: YAML syntax, unknown keys, missing or
    truncated descriptions. The row is the line of the descriptor."""
    root = root or project_root()
    try:
        node = yaml.compose((root / DESCRIPTOR).read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else 1
        return [Problem(DESCRIPTOR, line, "(yaml)", f"not valid YAML: {getattr(error, 'problem', error)}")]
    if node is None:
        return [Problem(DESCRIPTOR, 1, "(yaml)", "the descriptor is empty")]
    return _descriptor_node_problems(node, "package", "")
