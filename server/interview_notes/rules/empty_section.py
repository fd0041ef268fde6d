"""IN002: a template section is present but nothing is written under it."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Applicability, Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..text import Span, TextEdit
from .missing_section import template_text

RULE = Rule(
    code="IN002",
    alias="empty-section",
    severity=Severity.WARNING,
    summary="A section of the template is present but nothing is written under its heading",
    fixes=(FixKind("Fill the section from the template", Applicability.SAFE),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        if not section.is_empty:
            continue
        source = ctx.template_section(section)
        if source is None or not ctx.is_required(source):
            continue
        fixes = []
        part = ctx.layout.part_at(section.start_line)
        body = template_text(ctx, part, source, heading=False) if part is not None else ""
        body = body if body.strip() else ""
        if body:
            fixes.append(
                Fix(
                    "Fill the section from the template",
                    (_insert_body(ctx, section.heading_span, body),),
                    preferred=True,
                    applicability=Applicability.SAFE,
                )
            )
        yield ctx.finding(
            RULE,
            section.heading_span,
            "Nothing is written under this heading: write your notes here.",
            *fixes,
            slot=section.title,
        )


def _insert_body(ctx: Context, heading: Span, body: str) -> TextEdit:
    lines = ctx.note.source.lines
    after = heading.end_line + 1
    if after >= len(lines):
        return ctx.insert_lines(after, "\n" + body)
    if not lines[after].strip():
        return ctx.insert_lines(after, "\n" + body)
    return ctx.insert_lines(after, "\n" + body + "\n")
