"""IN009: the template's list is missing from its section."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Applicability, Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import BulletList

RULE = Rule(
    code="IN009",
    alias="empty-list",
    severity=Severity.WARNING,
    summary="The template's list is missing from its section",
    fixes=(FixKind("Insert the template's list", Applicability.SAFE),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        wanted = ctx.missing_template_slot(section, BulletList)
        if wanted is None:
            continue
        edit = ctx.insert_after_heading(section, ctx.template.slot_text(wanted))
        yield ctx.finding(
            RULE,
            section.heading_span,
            "This section has no list: add its items as '- ' lines.",
            Fix("Insert the template's list", (edit,), applicability=Applicability.SAFE),
            slot=f"{section.name} list",
        )
