"""IN006: a table row with some cells filled and others left empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import Table
from ..text import TextEdit

RULE = Rule(
    code="IN006",
    alias="half-filled-row",
    severity=Severity.WARNING,
    summary="A table row has some cells filled and others empty",
    fixes=(FixKind("Write N/A in the empty cells"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    for section, slot in ctx.slots_of(Table):
        for row in slot.rows:
            fill = ctx.row_fill(slot, row)
            if not fill.half_filled:
                continue
            names = [
                slot.header[index].text or f"column {index + 1}" for index in fill.blank_columns
            ]
            fixes = []
            if not fill.missing:
                cells = row.cells
                edits = tuple(
                    TextEdit(cells[index].span, " N/A " if not cells[index].text else "N/A")
                    for index in fill.empty
                )
                fixes.append(Fix("Write N/A in the empty cells", edits))
            where = f" in '{section.display_name}'" if section.name else ""
            yield ctx.finding(
                RULE,
                row.span,
                f"Table row{where} is half filled: fill in {', '.join(names)} or write N/A.",
                *fixes,
                slot=f"{section.name} row".strip(),
            )
