"""IN008: a list item with no text."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import BulletList

RULE = Rule(
    code="IN008",
    alias="empty-list-item",
    severity=Severity.WARNING,
    summary="A list item, such as a bare `-` bullet, has no text",
    fixes=(FixKind("Remove the empty item"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section, slot in ctx.slots_of(BulletList):
        for item in slot.items:
            if not ctx.is_empty(item.text):
                continue
            fixes = []
            if len(slot.items) > 1:
                span = item.span
                # Never applied without review: removing deletes a line of the note.
                fixes.append(
                    Fix(
                        "Remove the empty item",
                        (ctx.delete_lines(span.start_line, span.end_line),),
                    )
                )
            where = f" in '{section.display_name}'" if section.name else ""
            yield ctx.finding(
                RULE,
                item.span,
                f"Empty list item{where}: write it or remove it.",
                *fixes,
                slot=f"{section.name} item".strip(),
            )
