"""IN007: a table with no rows, or the template's table missing from its section."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Applicability, Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import Table

RULE = Rule(
    code="IN007",
    alias="empty-table",
    severity=Severity.WARNING,
    summary="A table has no rows, or the template's table is missing from its section",
    fixes=(
        FixKind("Insert the template's table", Applicability.SAFE),
        FixKind("Add a row to fill"),
    ),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section, table in ctx.slots_of(Table):
        if table.rows:
            continue
        row = "|" + "|".join("  " for _ in table.header) + "|\n"
        fix = Fix("Add a row to fill", (ctx.insert_lines(table.span.end_line + 1, row),))
        where = f" in '{section.display_name}'" if section.name else ""
        yield ctx.finding(
            RULE,
            table.span,
            f"Table{where} has no rows: add a row and fill it in.",
            fix,
            slot=f"{section.name} table".strip(),
        )
    for section in ctx.sections():
        wanted = ctx.missing_template_slot(section, Table)
        if wanted is None:
            continue
        edit = ctx.insert_after_heading(section, ctx.template.slot_text(wanted))
        yield ctx.finding(
            RULE,
            section.heading_span,
            f"This section has no table: add the table of {', '.join(wanted.columns)}.",
            Fix("Insert the template's table", (edit,), applicability=Applicability.SAFE),
            slot=f"{section.name} table",
        )
