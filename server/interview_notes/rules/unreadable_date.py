"""IN012: a date or duration that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..severity import Severity
from ..structure import Field, strip_comments

RULE = Rule(
    code="IN012",
    alias="unreadable-date",
    severity=Severity.WARNING,
    summary="A date or duration cannot be read",
)


def check(ctx: Context) -> Iterator[Finding]:
    # Imported here: the date parser is needed only by notes that have a date.
    from ..dates import readable_date, readable_duration

    day_first = True if ctx.settings.date_order == "day-first" else None
    for _, slot in ctx.slots_of(Field):
        words = slot.key.split()
        if "date" in words:
            what, example = "date", "2025-11-04 or November 4, 2025"
        elif "duration" in words:
            what, example = "duration", "45 minutes or 1h30m"
        else:
            continue
        value = strip_comments(slot.value).strip()
        if ctx.is_empty(slot.value) or value.casefold() in ctx.settings.na_set:
            continue
        readable = readable_date(value, day_first) if what == "date" else readable_duration(value)
        if readable:
            continue
        yield ctx.finding(
            RULE,
            slot.value_span,
            f"This {what} cannot be read: write it as {example}.",
            slot=slot.name,
        )
