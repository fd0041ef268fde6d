"""IN003: a labelled paragraph such as ``**Notes:**`` has nothing after its label."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import LabelledParagraph
from ..text import Span, TextEdit

RULE = Rule(
    code="IN003",
    alias="empty-paragraph",
    severity=Severity.WARNING,
    summary="A label such as `**Notes:**` or `**Strengths:**` has nothing after it",
    fixes=(FixKind("Write N/A after the label"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section, slot in ctx.slots_of(LabelledParagraph):
        source = ctx.template_slot(section, slot)
        if not ctx.is_empty(slot.value, source.value if source else ""):
            continue
        end = slot.label_span
        fix = Fix(
            f"Write N/A after '{slot.label}'",
            (TextEdit(Span.line(end.end_line, end.end_col, end.end_col), " N/A"),),
        )
        where = f" in '{section.display_name}'" if section.name else ""
        yield ctx.finding(
            RULE,
            slot.label_span,
            f"Nothing is written after this label{where}: write your notes or N/A.",
            fix,
            slot=slot.label,
        )
