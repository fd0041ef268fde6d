"""IN009: the template's list is missing from its section."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import BulletList

RULE = Rule("IN009", "empty-list", Severity.WARNING, "A list has no items")


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        source = ctx.template_section(section)
        if source is None or section.is_empty:
            continue
        if any(isinstance(slot, BulletList) for slot in section.slots):
            continue
        wanted = [slot for slot in source.slots if isinstance(slot, BulletList)]
        if not wanted:
            continue
        text = "\n" + ctx.template.slot_text(wanted[0])
        fix = Fix(
            "Insert the template's list",
            (ctx.insert_lines(section.heading_span.end_line + 1, text),),
        )
        yield ctx.finding(
            RULE,
            section.heading_span,
            f"Section '{section.name}' has no list items: add them as '- ' items.",
            fix,
            slot=f"{section.name} list",
        )
