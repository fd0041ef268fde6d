"""The JSON Schema of the settings, generated from :class:`Settings`, for TOML editors.

taplo and Even Better TOML complete, document and check ``.interview-notes.toml`` and
``[tool.interview-notes]`` with it. It is generated rather than written so that it cannot
drift from what :func:`parse_settings` accepts: the shipped files under ``schema/`` are
rewritten with ``python -m interview_notes.schema --write`` and a test fails when they are
stale (``--check`` says the same).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import typing
from pathlib import Path
from typing import Any

from .rules import RULES
from .settings import SCHEMA_KEY, SEVERITY_WORDS, TOOL_TABLE, Settings, camel

DRAFT = "http://json-schema.org/draft-07/schema#"
SETTINGS_FILE = "interview-notes.schema.json"
PYPROJECT_FILE = "pyproject-tool.schema.json"
# Where the shipped schemas live: ``schema/`` at the root of a checkout of the repository.
REPO_SCHEMA_FOLDER = Path(__file__).resolve().parents[2] / "schema"

_SEVERITY = {
    "type": "string",
    # Documented words first; ``warn`` and ``info`` are accepted too.
    "enum": list(SEVERITY_WORDS),
    "description": "error, warning, information or hint; off turns the rule off.",
}


def _value_schema(kind: Any) -> dict[str, Any]:
    """The schema of one Python type of a settings field."""
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return {"type": "integer"}
    if kind is str:
        return {"type": "string"}
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is list:
        return {"type": "array", "items": _value_schema(args[0])}
    if type(None) in args:  # ``X | None``
        (inner,) = [arg for arg in args if arg is not type(None)]
        found = _value_schema(inner)
        return {**found, "type": [found["type"], "null"]}
    raise TypeError(f"no JSON Schema for the settings type {kind!r}")


def _rules_schema() -> dict[str, Any]:
    """``rules``: every code and alias with its summary, for completion and hover; any other
    name (any case) is allowed by the schema and reported by the tool with a suggestion."""
    properties: dict[str, Any] = {}
    for rule, _ in RULES:
        for name in (rule.code, rule.alias):
            properties[name] = {
                **_SEVERITY,
                "description": f"{rule.code} {rule.alias}: {rule.summary}.",
                "x-taplo": {"links": {"key": rule.doc_url}},
            }
    return {"type": "object", "properties": properties, "additionalProperties": _SEVERITY}


def _field_schema(item: dataclasses.Field[Any], kind: Any, default: Any) -> dict[str, Any]:
    about = item.metadata
    found = _rules_schema() if item.name == "rules" else _value_schema(kind)
    if "choices" in about:
        found["enum"] = list(about["choices"])
    if "minimum" in about:
        found["minimum"] = about["minimum"]
    if about.get("nonEmpty"):
        found["pattern"] = "\\S"
    return {"description": about["description"], **found, "default": default}


def _table_schema() -> dict[str, Any]:
    """The schema of a table of settings, under its documented camelCase names. The
    snake_case and kebab-case spellings the tool also accepts are there too, hidden from
    completion, so that a file written that way is not flagged."""
    hints = typing.get_type_hints(Settings)
    defaults = Settings()
    properties: dict[str, Any] = {}
    hidden: dict[str, Any] = {}
    for item in dataclasses.fields(Settings):
        name = camel(item.name)
        found = _field_schema(item, hints[item.name], getattr(defaults, item.name))
        properties[name] = found
        for other in (item.name, item.name.replace("_", "-")):
            if other != name:
                same = {**found, "description": f"Same as `{name}`."}
                hidden[other] = {**same, "x-taplo": {"hidden": True}}
    return {
        "type": "object",
        "properties": {**properties, **hidden},
        "additionalProperties": False,
    }


def settings_schema() -> dict[str, Any]:
    """The schema of ``.interview-notes.toml``: the settings at the top level, and the
    ``$schema`` key by which a TOML editor may find this schema."""
    table = _table_schema()
    table["properties"][SCHEMA_KEY] = {
        "type": "string",
        "description": "The JSON Schema of this file, for TOML editors.",
    }
    return {
        "$schema": DRAFT,
        "title": "interview-notes settings",
        "description": "Settings of interview-notes, in .interview-notes.toml at the workspace "
        "root (or [tool.interview-notes] in pyproject.toml).",
        **table,
    }


def pyproject_schema() -> dict[str, Any]:
    """The schema of a ``pyproject.toml`` that checks ``[tool.interview-notes]`` and leaves
    every other table to its own tool."""
    return {
        "$schema": DRAFT,
        "title": "pyproject.toml with [tool.interview-notes]",
        "description": "Checks [tool.interview-notes] only; every other table is allowed.",
        "type": "object",
        "properties": {
            "tool": {
                "type": "object",
                "properties": {TOOL_TABLE: {"$ref": "#/definitions/settings"}},
            }
        },
        "definitions": {
            "settings": {
                "description": "Settings of interview-notes (the same keys as in "
                ".interview-notes.toml).",
                **_table_schema(),
            }
        },
    }


def _dump(value: Any, indent: str = "") -> str:
    """JSON indented by two spaces, with a list of plain values (an enum) on one line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k)}: {_dump(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        items = [f"{inner}{_dump(item, inner)}" for item in value]
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


def schema_files() -> dict[str, str]:
    """The text of each shipped schema file, by name."""
    schemas = {SETTINGS_FILE: settings_schema(), PYPROJECT_FILE: pyproject_schema()}
    return {name: _dump(schema) + "\n" for name, schema in schemas.items()}


def stale_files(folder: Path) -> list[str]:
    """The schema files under ``folder`` that are missing or differ from the generated ones."""
    stale = []
    for name, text in schema_files().items():
        try:
            current = (folder / name).read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m interview_notes.schema",
        description="Print, write or check the JSON Schema of the settings.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write the schema files")
    action.add_argument("--check", action="store_true", help="exit 1 when they are stale")
    action.add_argument(
        "--pyproject", action="store_true", help="print the schema of a pyproject.toml"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_SCHEMA_FOLDER,
        help="folder of the schema files (default: schema/ of this checkout)",
    )
    args = parser.parse_args(argv)
    files = schema_files()
    if args.write:
        args.output.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (args.output / name).write_text(text, encoding="utf-8")
            print(args.output / name)
        return 0
    if args.check:
        stale = stale_files(args.output)
        for name in stale:
            print(
                f"{args.output / name}: stale; run python -m interview_notes.schema --write",
                file=sys.stderr,
            )
        return 1 if stale else 0
    sys.stdout.write(files[PYPROJECT_FILE if args.pyproject else SETTINGS_FILE])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
