"""IN014: a heading stands for a template section under another name."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..text import TextEdit

RULE = Rule(
    code="IN014",
    alias="renamed-section",
    severity=Severity.INFORMATION,
    summary="A heading stands for a template section under another name",
    fixes=(FixKind("Rename to the template's title"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        match = ctx.layout.match(section)
        if match is None or not match.loose:
            continue
        source = match.section
        rename = Fix(
            f"Rename to the template's '{source.name}'",
            (TextEdit(section.title_span, source.title),),
        )
        yield ctx.finding(
            RULE,
            section.heading_span,
            f"This heading stands for the template's section '{source.display_name}'.",
            rename,
            slot=section.title,
        )
