"""IN010: a guiding question ``- [ ]`` not yet checked."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import Checklist
from ..text import TextEdit

RULE = Rule("IN010", "unchecked-item", Severity.HINT, "A checklist item is unchecked")


def check(ctx: Context) -> Iterator[Finding]:
    for _, slot in ctx.slots_of(Checklist):
        for item in slot.items:
            if item.checked:
                continue
            fix = Fix("Check the item", (TextEdit(item.box_span, "[x]"),))
            question = item.text.splitlines()[0] if item.text else "this item"
            yield ctx.finding(
                RULE,
                item.span,
                f"Unchecked: {question} Answer it in the notes and check it.",
                fix,
                slot=question,
            )
