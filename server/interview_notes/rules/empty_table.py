"""IN007: a table with no rows, or the template's table missing from its section."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import Table

RULE = Rule("IN007", "empty-table", Severity.WARNING, "A table has no rows")


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        tables = [slot for slot in section.slots if isinstance(slot, Table)]
        for table in tables:
            if table.rows:
                continue
            row = "|" + "|".join("  " for _ in table.header) + "|\n"
            fix = Fix("Add a row to fill", (ctx.insert_lines(table.span.end_line + 1, row),))
            yield ctx.finding(
                RULE,
                table.span,
                "Table has no rows: add a row and fill it in.",
                fix,
                slot=f"{section.name} table".strip(),
            )
        source = ctx.template_section(section)
        if tables or section.is_empty or source is None:
            continue
        wanted = [slot for slot in source.slots if isinstance(slot, Table)]
        if not wanted:
            continue
        text = "\n" + ctx.template.slot_text(wanted[0])
        fix = Fix(
            "Insert the template's table",
            (ctx.insert_lines(section.heading_span.end_line + 1, text),),
        )
        yield ctx.finding(
            RULE,
            section.heading_span,
            f"Section '{section.name}' has no table: add the table of "
            f"{', '.join(wanted[0].columns)}.",
            fix,
            slot=f"{section.name} table",
        )
