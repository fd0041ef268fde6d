"""IN004: a field ``- Name:`` or an inline field ``_Name: _`` has no value."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, placeholder
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import Field, Section
from ..text import Span, TextEdit

RULE = Rule(
    code="IN004",
    alias="empty-field",
    severity=Severity.WARNING,
    summary="A field such as `- Technology choice:` or `_Duration: _` has no value",
    fixes=(
        FixKind("Mark the field N/A"),
        FixKind("Mark the N empty fields of this section N/A"),
    ),
)


def check(ctx: Context) -> Iterator[Finding]:
    empty: dict[int, list[Field]] = {}
    order: list[tuple[Section, Field]] = []
    for section, slot in ctx.slots_of(Field):
        if ctx.is_empty(slot.value, placeholder(ctx.template_slot(section, slot))):
            empty.setdefault(id(section), []).append(slot)
            order.append((section, slot))
    for section, slot in order:
        fixes = [Fix(f"Mark '{slot.name}' N/A", (_mark_na(ctx, slot),))]
        siblings = empty[id(section)]
        if len(siblings) > 1:
            edits = tuple(_mark_na(ctx, field) for field in siblings)
            fixes.append(Fix(f"Mark the {len(siblings)} empty fields of this section N/A", edits))
        where = f" in '{section.display_name}'" if section.name else ""
        yield ctx.finding(
            RULE,
            slot.item_span,
            f"Empty field{where}: fill it in or write N/A.",
            *fixes,
            slot=slot.name,
        )


def _mark_na(ctx: Context, slot: Field) -> TextEdit:
    """``N/A`` where the value goes, spaced from the colon, before any comment or placeholder."""
    start = slot.value_span
    line = ctx.note.source.lines[start.start_line]
    spaced = start.start_col > 0 and line[start.start_col - 1] in " \t"
    text = "N/A" if spaced or slot.inline else " N/A"
    if slot.value.strip():
        text = text + " "
    return TextEdit(Span.line(start.start_line, start.start_col, start.start_col), text)
