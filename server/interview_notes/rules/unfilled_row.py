"""IN005: a table row whose cells are all empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import Table

RULE = Rule("IN005", "unfilled-row", Severity.WARNING, "A table row is unfilled")


def check(ctx: Context) -> Iterator[Finding]:
    for section, slot in ctx.slots_of(Table):
        for row in slot.rows:
            if not all(ctx.is_empty(cell.text) for cell in row.cells):
                continue
            fixes = []
            if len(slot.rows) > 1:
                # Never applied without review: removing deletes a line of the note.
                fixes.append(
                    Fix("Remove the unfilled row", (ctx.delete_lines(row.line, row.line),))
                )
            columns = ", ".join(name for name in slot.columns if name)
            where = f" in '{section.display_name}'" if section.name else ""
            yield ctx.finding(
                RULE,
                row.span,
                f"Table row{where} is unfilled: fill in {columns or 'its cells'} or remove it.",
                *fixes,
                slot=f"{section.name} row".strip(),
            )
