"""Typed settings, parsed once from editor settings, ``.interview-notes.toml`` or pyproject.

A bad value never stops the analysis: it is reported with its key and the key keeps its
default. Unknown keys are ignored. Keys may be written camelCase, snake_case or kebab-case.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .severity import Severity

CONFIG_FILE = ".interview-notes.toml"
# When guiding questions left unchecked are reported: while their section has no notes, always
# or never.
UNCHECKED_ITEMS = ("while-empty", "always", "never")
# How a numeric date such as 04/11/2025 is read when both orders are possible.
DATE_ORDERS = ("month-first", "day-first")
SEVERITY_WORDS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "information": Severity.INFORMATION,
    "info": Severity.INFORMATION,
    "hint": Severity.HINT,
    "off": None,
}


@dataclass(frozen=True)
class Settings:
    """Everything a user can configure; the defaults are the documented ones."""

    rules: dict[str, str] = field(default_factory=dict)
    recognition: bool = True
    templates_folder: str = ".interview-notes/templates"
    templates: list[str] = field(default_factory=list)
    default_template: str = "system-design"
    required_sections: list[str] | None = None
    na_words: list[str] = field(default_factory=lambda: ["N/A", "n/a", "none", "-"])
    max_document_size: int = 1_000_000
    unchecked_items: str = "while-empty"
    date_order: str = "month-first"

    def severity_for(self, code: str, alias: str, default: Severity) -> Severity | None:
        """The configured severity of a rule, ``None`` when it is off."""
        for key in (code.casefold(), alias.casefold()):
            if key in self._rule_severities:
                return self._rule_severities[key]
        return default

    @cached_property
    def _rule_severities(self) -> dict[str, Severity | None]:
        """Rule names compared ignoring case, as codes and aliases are everywhere else."""
        return {name.casefold(): SEVERITY_WORDS[word.lower()] for name, word in self.rules.items()}

    @property
    def na_set(self) -> frozenset[str]:
        return frozenset(word.strip().casefold() for word in self.na_words)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def defaults_json() -> dict[str, Any]:
    """The defaults with their wire (camelCase) names, as editor clients declare them."""
    defaults = Settings()
    return {camel(f.name): getattr(defaults, f.name) for f in dataclasses.fields(Settings)}


def _flat(key: str) -> str:
    return key.replace("_", "").replace("-", "").lower()


_FIELDS = {_flat(f.name): f for f in dataclasses.fields(Settings)}


def _check(name: str, value: Any) -> str | None:
    """Why ``value`` is not valid for the setting ``name``; ``None`` when it is."""
    if name == "rules":
        if not isinstance(value, Mapping):
            return "expected a table of rule -> severity"
        for rule, severity in value.items():
            if not isinstance(severity, str) or severity.lower() not in SEVERITY_WORDS:
                words = ", ".join(sorted(set(SEVERITY_WORDS)))
                return f"rule {rule!r}: expected one of {words}"
        return None
    if name == "recognition":
        return None if isinstance(value, bool) else "expected true or false"
    if name in ("templates_folder", "default_template"):
        return None if isinstance(value, str) and value.strip() else "expected a non-empty string"
    if name in ("templates", "na_words"):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "expected a list of strings"
    if name == "required_sections":
        if value is None:
            return None
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "expected a list of section titles or null"
    if name == "unchecked_items":
        ok = isinstance(value, str) and value in UNCHECKED_ITEMS
        return None if ok else f"expected one of {', '.join(UNCHECKED_ITEMS)}"
    if name == "date_order":
        ok = isinstance(value, str) and value in DATE_ORDERS
        return None if ok else f"expected one of {', '.join(DATE_ORDERS)}"
    if name == "max_document_size":
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return None if ok else "expected a positive integer"
    return None


def parse_settings(
    raw: Mapping[str, Any] | None, base: Settings | None = None, source: str = "settings"
) -> tuple[Settings, list[str]]:
    """Settings from a mapping over ``base``; returns them with one message per bad key."""
    settings = base or Settings()
    if raw is None:
        return settings, []
    if not isinstance(raw, Mapping):
        return settings, [f"{source}: expected a table of settings, got {type(raw).__name__}"]
    changes: dict[str, Any] = {}
    errors: list[str] = []
    for key, value in raw.items():
        found = _FIELDS.get(_flat(str(key)))
        if found is None:
            continue
        problem = _check(found.name, value)
        if problem:
            errors.append(f"{source}: {camel(found.name)}: {problem}; using the default")
            continue
        if found.name == "rules":
            value = {**settings.rules, **{str(k): str(v) for k, v in value.items()}}
        changes[found.name] = list(value) if isinstance(value, list) else value
    return dataclasses.replace(settings, **changes), errors


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_workspace_settings(root: Path) -> tuple[Settings, list[str]]:
    """Settings from ``.interview-notes.toml`` or ``[tool.interview-notes]`` under ``root``."""
    config = root / CONFIG_FILE
    pyproject = root / "pyproject.toml"
    try:
        if config.is_file():
            return parse_settings(_load_toml(config), source=str(config))
        if pyproject.is_file():
            table = _load_toml(pyproject).get("tool", {}).get("interview-notes")
            return parse_settings(table, source=f"{pyproject} [tool.interview-notes]")
    except (OSError, ValueError) as error:
        return Settings(), [f"{config if config.is_file() else pyproject}: {error}"]
    return Settings(), []


def find_workspace_root(start: Path) -> Path:
    """The nearest folder above ``start`` holding a settings file or ``.git``."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file() or (folder / ".git").exists():
            return folder
        if (folder / "pyproject.toml").is_file():
            return folder
    return start
