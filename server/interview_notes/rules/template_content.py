"""IN011: content left exactly as the template has it, such as the example diagram."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..severity import Severity
from ..structure import CodeBlock, Field

RULE = Rule(
    code="IN011",
    alias="template-content",
    severity=Severity.INFORMATION,
    summary="Content is left as the template has it, such as the example diagram or date",
)


def check(ctx: Context) -> Iterator[Finding]:
    lines = ctx.note.source.lines
    for section, slot in ctx.slots():
        if isinstance(slot, CodeBlock):
            source = ctx.template_slot(section, slot)
            if source is None or not source.content.strip():
                continue
            if slot.content.strip() != source.content.strip():
                continue
            line = slot.span.start_line
            yield ctx.finding(
                RULE,
                ctx.note.source.line_span(line) if lines[line] else slot.span,
                f"This block in '{section.display_name}' is still the template's example: "
                "replace it with your own.",
                slot=f"{section.name} diagram",
            )
        elif isinstance(slot, Field) and slot.inline:
            field = ctx.template_slot(section, slot)
            if (
                field is None
                or not field.value.strip()
                or slot.value.strip() != field.value.strip()
            ):
                continue
            yield ctx.finding(
                RULE,
                slot.value_span,
                "This is still the template's example value: write your own.",
                slot=slot.name,
            )
