"""IN005: a table row with nothing written in any column."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import Table

RULE = Rule(
    code="IN005",
    alias="unfilled-row",
    severity=Severity.WARNING,
    summary="A table row has every cell empty",
    fixes=(FixKind("Remove the unfilled row"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section, slot in ctx.slots_of(Table):
        for row in slot.rows:
            if not ctx.row_fill(slot, row).unfilled:
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
