"""IN012: a date or duration that cannot be read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from ..context import Context
from ..findings import Finding, Rule
from ..severity import Severity
from ..structure import Field, strip_comments

RULE = Rule("IN012", "unreadable-date", Severity.WARNING, "A date or duration cannot be read")

DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
)
_UNIT = r"(?:h|hrs?|hours?|m|mins?|minutes?)"
_DURATION = re.compile(
    rf"^(?:~|about |approx\.? |around )?(?:\d+(?:\.\d+)?\s*{_UNIT}\.?\s*)+$|^\d{{1,2}}:\d{{2}}$",
    re.I,
)


def readable_date(text: str) -> bool:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    cleaned = re.sub(r"^[A-Za-z]+day,?\s+", "", cleaned)
    for pattern in DATE_FORMATS:
        try:
            datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return True
    return False


def readable_duration(text: str) -> bool:
    return bool(_DURATION.match(text.strip()))


def check(ctx: Context) -> Iterator[Finding]:
    for _, slot in ctx.slots_of(Field):
        words = slot.key.split()
        if "date" in words:
            readable, what, example = readable_date, "date", "2025-11-04 or November 4, 2025"
        elif "duration" in words:
            readable, what, example = readable_duration, "duration", "45 minutes or 1h30m"
        else:
            continue
        value = strip_comments(slot.value).strip()
        if ctx.is_empty(slot.value) or value.casefold() in ctx.settings.na_set or readable(value):
            continue
        yield ctx.finding(
            RULE,
            slot.value_span,
            f"'{value}' is not a {what} this tool can read: write it as {example}.",
            slot=slot.name,
        )
