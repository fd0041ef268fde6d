"""The JSON Schema TOML editors check settings with: shipped fresh, and agreeing with the tool
on what a settings file may hold."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from interview_notes import schema
from interview_notes.rules import RULES
from interview_notes.settings import Settings, camel, defaults_json, loads_toml, parse_settings

SHIPPED = Path(__file__).resolve().parents[2] / "schema"
ROOT = Path(__file__).resolve().parents[2]
JSON_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def is_a(value: Any, kind: str) -> bool:
    if kind == "integer":  # in Python a bool is an int; in JSON it is not
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, JSON_TYPES[kind])


def problems(value: Any, rule: dict[str, Any], root: dict[str, Any], at: str = "") -> list[str]:
    """Why ``value`` does not match ``rule``: the keywords the shipped schemas use, checked
    as a JSON Schema validator checks them (no validator is a dependency)."""
    if "$ref" in rule:
        target: Any = root
        for part in rule["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return problems(value, target, root, at)
    kinds = rule.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not any(is_a(value, kind) for kind in kinds):
            return [f"{at or '/'}: not {kinds}"]
    found = []
    if "enum" in rule and value not in rule["enum"]:
        found.append(f"{at}: {value!r} not in {rule['enum']}")
    if "minimum" in rule and isinstance(value, int) and value < rule["minimum"]:
        found.append(f"{at}: below {rule['minimum']}")
    if "pattern" in rule and isinstance(value, str) and not re.search(rule["pattern"], value):
        found.append(f"{at}: {value!r} does not match {rule['pattern']}")
    if isinstance(value, list) and "items" in rule:
        for index, item in enumerate(value):
            found += problems(item, rule["items"], root, f"{at}/{index}")
    if isinstance(value, dict):
        properties = rule.get("properties", {})
        extra = rule.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], root, f"{at}/{key}")
            elif extra is False:
                found.append(f"{at}/{key}: not allowed")
            elif isinstance(extra, dict):
                found += problems(item, extra, root, f"{at}/{key}")
    return found


def file_problems(text: str) -> list[str]:
    return problems(loads_toml(text), schema.settings_schema(), schema.settings_schema())


def pyproject_problems(text: str) -> list[str]:
    whole = schema.pyproject_schema()
    return problems(loads_toml(text), whole, whole)


def test_shipped_schemas_are_fresh() -> None:
    """Fails when Settings changed without ``python -m interview_notes.schema --write``."""
    assert schema.stale_files(SHIPPED) == []


def test_check_says_which_file_is_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schema.main(["--write", "--output", str(tmp_path)]) == 0
    assert schema.main(["--check", "--output", str(tmp_path)]) == 0
    (tmp_path / schema.SETTINGS_FILE).write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    assert schema.main(["--check", "--output", str(tmp_path)]) == 1
    assert "interview-notes.schema.json: stale" in capsys.readouterr().err


def test_every_setting_is_in_the_schema_with_its_default() -> None:
    properties = schema.settings_schema()["properties"]
    for name, default in defaults_json().items():
        assert properties[name]["default"] == default, name
        assert properties[name]["description"], name
    documented = {camel(f.name) for f in dataclasses.fields(Settings)}
    shown = {name for name, rule in properties.items() if "x-taplo" not in rule}
    assert shown == documented | {"$schema"}


def test_the_defaults_are_valid() -> None:
    root = schema.settings_schema()
    assert problems(defaults_json(), root, root) == []


def test_every_rule_is_offered_under_its_code_and_alias() -> None:
    rules = schema.settings_schema()["properties"]["rules"]["properties"]
    assert set(rules) == {name for rule, _ in RULES for name in (rule.code, rule.alias)}
    assert rules["IN004"]["enum"] == [
        "error",
        "warning",
        "warn",
        "information",
        "info",
        "hint",
        "off",
    ]


def test_choices_are_enums() -> None:
    properties = schema.settings_schema()["properties"]
    assert properties["uncheckedItems"]["enum"] == ["while-empty", "always", "never"]
    assert properties["dateOrder"]["enum"] == ["month-first", "day-first"]
    assert properties["requiredSections"]["type"] == ["array", "null"]


EXAMPLES = {
    "README": (
        'recognition = true\nnaWords = ["N/A", "n/a", "none", "-"]\n'
        'uncheckedItems = "while-empty"\ndateOrder = "month-first"\n\n'
        '[rules]\nunchecked-item = "off"\nIN011 = "hint"\n'
    ),
    "kebab and snake case": (
        'na-words = ["skip"]\nmax_document_size = 10\nrespect-gitignore = false\n'
    ),
    "every key": (
        '"$schema" = "./interview-notes.schema.json"\ntemplatesFolder = "tpl"\n'
        'templates = ["a.md"]\ndefaultTemplate = "mine"\nrequiredSections = ["Interview Date"]\n'
        'maxDocumentSize = 5\nexclude = ["drafts/"]\ninclude = ["notes/**"]\n'
        'respectGitignore = true\n[rules]\nempty-field = "warn"\nin004 = "info"\n'
    ),
}


@pytest.mark.parametrize("text", EXAMPLES.values(), ids=list(EXAMPLES))
def test_valid_files_pass_the_schema_and_the_tool(text: str) -> None:
    assert file_problems(text) == []
    assert parse_settings(loads_toml(text), report_unknown=True)[1] == []


MISTAKES = {
    "misspelt key": 'requiredSectons = ["Interview Date"]\n',
    "misspelt table": '[rulez]\nempty-field = "off"\n',
    "bad severity": '[rules]\nempty-field = "loud"\n',
    "bad choice": 'uncheckedItems = "sometimes"\n',
    "not a boolean": 'recognition = "yes"\n',
    "empty folder": 'templatesFolder = " "\n',
    "zero size": "maxDocumentSize = 0\n",
    "not a list": 'exclude = "drafts/"\n',
}


@pytest.mark.parametrize("text", MISTAKES.values(), ids=list(MISTAKES))
def test_mistakes_are_flagged_by_the_schema_and_the_tool(text: str) -> None:
    assert file_problems(text) != []
    assert parse_settings(loads_toml(text), report_unknown=True)[1] != []


def test_pyproject_schema_checks_only_the_tool_table() -> None:
    good = (
        '[project]\nname = "notes"\n[tool.ruff]\nline-length = 100\n'
        '[tool.interview-notes]\nrequiredSections = ["Feedback Received"]\n'
        '[tool.interview-notes.rules]\nIN010 = "off"\n'
    )
    assert pyproject_problems(good) == []
    bad = '[tool.interview-notes]\nrequiredSectons = ["Feedback Received"]\n'
    assert pyproject_problems(bad) == ["/tool/interview-notes/requiredSectons: not allowed"]


def test_printing_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert schema.main([]) == 0
    assert capsys.readouterr().out == (SHIPPED / schema.SETTINGS_FILE).read_text(encoding="utf-8")
    assert schema.main(["--pyproject"]) == 0
    assert capsys.readouterr().out == (SHIPPED / schema.PYPROJECT_FILE).read_text(encoding="utf-8")


def test_the_docs_name_the_shipped_files() -> None:
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name in schema.schema_files():
        assert f"schema/{name}" in docs
