"""The rules, in the order they run. A code is stable and never reused."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from functools import lru_cache
from types import ModuleType

from ..context import Context
from ..findings import Finding, Rule
from . import (
    empty_field,
    empty_list,
    empty_list_item,
    empty_paragraph,
    empty_section,
    empty_table,
    half_filled_row,
    missing_field,
    missing_section,
    renamed_section,
    template_content,
    unchecked_item,
    unfilled_row,
    unknown_rule,
    unreadable_date,
)

_MODULES: tuple[ModuleType, ...] = (
    missing_section,
    empty_section,
    empty_paragraph,
    empty_field,
    unfilled_row,
    half_filled_row,
    empty_table,
    empty_list_item,
    empty_list,
    unchecked_item,
    template_content,
    unreadable_date,
    missing_field,
    renamed_section,
    unknown_rule,
)

Check = Callable[[Context], Iterable[Finding]]
RULES: tuple[tuple[Rule, Check], ...] = tuple((m.RULE, m.check) for m in _MODULES)
# Rules that look across the whole note; every other rule sees one section at a time, which
# lets an editor re-check only the sections an edit touched.
NOTE_WIDE: frozenset[str] = frozenset(
    m.RULE.code for m in _MODULES if getattr(m, "NOTE_WIDE", False)
)
BY_NAME: dict[str, Rule] = {
    name.lower(): rule for rule, _ in RULES for name in (rule.code, rule.alias)
}


def find_rule(name: str) -> Rule | None:
    """A rule by code or alias, case-insensitive."""
    return BY_NAME.get(name.strip().lower())


@lru_cache(maxsize=256)
def closest_rule(name: str) -> str | None:
    """The code or alias nearest to a misspelt rule name, for a "did you mean"; written as
    the rule writes it (``IN004``, ``empty-field``). ``None`` when nothing is near."""
    found = difflib.get_close_matches(name.strip().lower(), list(BY_NAME), n=1, cutoff=0.6)
    if not found:
        return None
    rule = BY_NAME[found[0]]
    return rule.code if found[0] == rule.code.lower() else rule.alias
