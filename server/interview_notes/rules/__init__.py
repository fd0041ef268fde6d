"""The rules, found here and run in the order of their codes. A code is stable and never
reused.

Every public module of this package is a rule: it defines ``RULE`` (a :class:`Rule`, which
holds everything the documentation says about it) and ``check``. Modules are discovered, so
adding a rule touches its module, its page under ``docs/rules`` and a fixture, and no list;
a helper module that is no rule is named with a leading underscore.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from functools import lru_cache
from types import ModuleType

from ..context import Context
from ..findings import Finding, Rule
from ..settings import closest

Check = Callable[[Context], Iterable[Finding]]


def _rule_modules() -> tuple[ModuleType, ...]:
    """The rule modules of this package, ordered by code."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if not isinstance(getattr(module, "RULE", None), Rule) or not callable(
            getattr(module, "check", None)
        ):
            raise TypeError(
                f"{module.__name__} defines no RULE = Rule(...) and check(ctx): a module that "
                "is no rule is named with a leading underscore"
            )
        found.append(module)
    return tuple(sorted(found, key=lambda module: module.RULE.code))


MODULES: tuple[ModuleType, ...] = _rule_modules()
RULES: tuple[tuple[Rule, Check], ...] = tuple((m.RULE, m.check) for m in MODULES)
BY_NAME: dict[str, Rule] = {
    name.lower(): rule for rule, _ in RULES for name in (rule.code, rule.alias)
}


def find_rule(name: str) -> Rule | None:
    """A rule by code or alias, case-insensitive."""
    return BY_NAME.get(name.strip().lower())


@lru_cache(maxsize=256)
def closest_rule(name: str) -> str | None:
    """The code or alias nearest to a misspelt rule name, for a "did you mean"; written as
    the rule writes it (its code in capitals, its alias in lower case). ``None`` when
    nothing is near."""
    found = closest(name.strip().lower(), BY_NAME, normalize=str)
    if found is None:
        return None
    rule = BY_NAME[found]
    return rule.code if found == rule.code.lower() else rule.alias
