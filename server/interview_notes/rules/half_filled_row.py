"""IN006: a table row with some cells filled and others left empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import Table
from ..text import TextEdit

RULE = Rule("IN006", "half-filled-row", Severity.WARNING, "A table row is half filled")


def check(ctx: Context) -> Iterator[Finding]:
    for section, slot in ctx.slots_of(Table):
        width = len(slot.header)
        for row in slot.rows:
            cells = row.cells[:width]
            empty = [index for index, cell in enumerate(cells) if ctx.is_empty(cell.text)]
            missing = list(range(len(cells), width))
            if len(empty) == len(cells) or not (empty or missing):
                continue
            names = [slot.header[index].text or f"column {index + 1}" for index in empty + missing]
            fixes = []
            if not missing:
                edits = tuple(
                    TextEdit(cells[index].span, " N/A " if not cells[index].text else "N/A")
                    for index in empty
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
