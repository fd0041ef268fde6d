"""IN015: an inline comment names a rule that does not exist, so it turns nothing off."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, FixKind, Rule, Scope
from ..severity import Severity
from ..text import Span, TextEdit
from . import empty_field

RULE = Rule(
    code="IN015",
    alias="unknown-rule",
    severity=Severity.INFORMATION,
    summary=(
        "An inline `<!-- interview-notes-disable ... -->` comment names a rule that does not exist"
    ),
    scope=Scope.NOTE,
    fixes=(FixKind("Replace with the closest rule's name"),),
)


def check(ctx: Context) -> Iterator[Finding]:
    """Nothing here: the comments are read from the whole text of every version in
    ``analysis.finish``, which the full and the incremental analysis both run, and
    :func:`finding` reports each unknown name. A note-wide check would be skipped by an
    incremental edit that leaves the headings alone."""
    return iter(())


def finding(line: int, col: int, name: str, suggestion: str | None) -> Finding:
    """The finding for ``name``, written at ``col`` of ``line`` in a directive comment, with
    a fix writing ``suggestion`` (the nearest code or alias) in its place.

    It offers no "disable for this line" fix as others do: the comment that holds the name
    is the thing to put right."""
    span = Span.line(line, col, col + len(name))
    if suggestion is None:
        example = empty_field.RULE
        message = (
            f"Unknown rule {name!r} in this comment: name rules by code or alias, such as "
            f"{example.code!r} or {example.alias!r}, or none for every rule."
        )
        fixes: tuple[Fix, ...] = ()
    else:
        message = f"Unknown rule {name!r} in this comment: write {suggestion!r}, the closest rule."
        replace = TextEdit(span, suggestion)
        fixes = (Fix(f"Replace with '{suggestion}'", (replace,), preferred=True),)
    return Finding(RULE, RULE.severity, message, span, fixes, name)
