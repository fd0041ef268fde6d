"""IN004: a field ``- Name:`` or an inline field ``_Name: _`` has no value."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, placeholder
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import Field
from ..text import Span, TextEdit

RULE = Rule("IN004", "empty-field", Severity.WARNING, "A field is empty")


def check(ctx: Context) -> Iterator[Finding]:
    lines = ctx.note.source.lines
    for section, slot in ctx.slots_of(Field):
        source = ctx.template_slot(section, slot)
        if not ctx.is_empty(slot.value, placeholder(source)):
            continue
        start = slot.value_span
        line = lines[start.start_line]
        spaced = start.start_col > 0 and line[start.start_col - 1] in " \t"
        text = "N/A" if spaced or slot.inline else " N/A"
        if slot.value.strip():
            text = text + " "
        position = Span.line(start.start_line, start.start_col, start.start_col)
        fix = Fix(f"Mark '{slot.name}' N/A", (TextEdit(position, text),))
        where = f" of '{section.name}'" if section.name else ""
        yield ctx.finding(
            RULE,
            slot.item_span,
            f"Field '{slot.name}'{where} is empty: fill it in or write N/A.",
            fix,
            slot=slot.name,
        )
