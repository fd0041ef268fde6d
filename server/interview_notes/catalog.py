"""The completion catalog: components, their fields and common values (data in JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .structure import normalize_key


@dataclass(frozen=True)
class Value:
    value: str
    description: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    keys: frozenset[str]
    description: str
    example: str
    closed: bool
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Component:
    name: str
    keys: frozenset[str]
    description: str
    fields: tuple[FieldSpec, ...]

    def field(self, key: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if key in spec.keys), None)


@dataclass(frozen=True)
class Catalog:
    components: tuple[Component, ...]
    generic_fields: tuple[FieldSpec, ...]

    def component(self, key: str) -> Component | None:
        return next((c for c in self.components if key in c.keys), None)

    def field(self, component_key: str, field_key: str) -> FieldSpec | None:
        """A field by component and name; else a generic field; else any component's."""
        component = self.component(component_key)
        found = component.field(field_key) if component else None
        if found is None:
            found = next((f for f in self.generic_fields if field_key in f.keys), None)
        if found is None:
            found = next((c.field(field_key) for c in self.components if c.field(field_key)), None)
        return found


def _keys(entry: dict[str, object]) -> frozenset[str]:
    names = [str(entry["name"]), *(str(alias) for alias in entry.get("aliases", []))]  # type: ignore[attr-defined]
    return frozenset(normalize_key(name) for name in names)


def _field(entry: dict[str, object]) -> FieldSpec:
    values = tuple(
        Value(str(item["value"]), str(item.get("description", "")))
        for item in entry.get("values", [])  # type: ignore[attr-defined]
    )
    return FieldSpec(
        str(entry["name"]),
        _keys(entry),
        str(entry.get("description", "")),
        str(entry.get("example", "")),
        bool(entry.get("closed", False)),
        values,
    )


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The bundled catalog, read once per process on first use."""
    # Beside this module in every install, as the bundled template is (see template.py).
    raw = json.loads((Path(__file__).with_name("data") / "catalog.json").read_text("utf-8"))
    components = tuple(
        Component(
            str(c["name"]),
            _keys(c),
            str(c.get("description", "")),
            tuple(_field(f) for f in c.get("fields", [])),
        )
        for c in raw["components"]
    )
    return Catalog(components, tuple(_field(f) for f in raw.get("fields", [])))
