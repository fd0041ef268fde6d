"""IN010: a guiding question ``- [ ]`` not yet checked, while its section's notes are empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import BulletList, Checklist, Field, LabelledParagraph, Section, Table
from ..text import TextEdit

RULE = Rule(
    code="IN010",
    alias="unchecked-item",
    severity=Severity.HINT,
    summary="A `- [ ]` guiding question is not yet checked while its section has no notes",
    fixes=(FixKind("Check the item"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    mode = ctx.settings.unchecked_items
    if mode == "never":
        return
    for section, slot in ctx.slots_of(Checklist):
        if mode == "while-empty" and _has_notes(ctx, section):
            continue
        for item in slot.items:
            if item.checked:
                continue
            fix = Fix("Check the item", (TextEdit(item.box_span, "[x]"),))
            question = item.text.splitlines()[0] if item.text else ""
            yield ctx.finding(
                RULE,
                item.span,
                "Guiding question not yet answered: answer it in the notes, then check it.",
                fix,
                slot=question,
            )


def _has_notes(ctx: Context, section: Section) -> bool:
    """Whether anything besides the checklist is written in the section: a filled label or
    field, text, or a subsection with content."""
    if section.has_text or any(not child.is_empty for child in section.children):
        return True
    for slot in section.slots:
        if isinstance(slot, LabelledParagraph) and not ctx.is_empty(slot.value):
            return True
        if isinstance(slot, Field) and not ctx.is_empty(slot.value):
            return True
        if isinstance(slot, Table) and any(
            not ctx.is_empty(cell.text) for row in slot.rows for cell in row.cells
        ):
            return True
        if isinstance(slot, BulletList) and any(not ctx.is_empty(i.text) for i in slot.items):
            return True
    return False
