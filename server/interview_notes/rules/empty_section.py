"""IN002: a template section is present but nothing is written under it."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..text import Span, TextEdit

RULE = Rule("IN002", "empty-section", Severity.WARNING, "A section is empty")


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        if not section.is_empty or section.key not in ctx.required_keys:
            continue
        source = ctx.template_section(section)
        if source is None:
            continue
        fixes = []
        body = ctx.template.body_text(source)
        if body:
            fixes.append(
                Fix(
                    "Fill the section from the template",
                    (_insert_body(ctx, section.heading_span, body),),
                    preferred=True,
                )
            )
        yield ctx.finding(
            RULE,
            section.heading_span,
            f"Section '{section.name}' is empty: write your notes under it.",
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
