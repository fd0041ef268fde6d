"""IN013: a field or label of the template was deleted from a section that keeps the others."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import LABELLED, Context, label_of
from ..findings import Applicability, Finding, Fix, FixKind, Rule
from ..severity import Severity
from ..structure import Field, Section, Slot, normalize_key, parse_note, slot_span
from ..text import Span, TextEdit, apply_edits

RULE = Rule(
    code="IN013",
    alias="missing-field",
    severity=Severity.WARNING,
    summary="A field or label of the template is deleted from a section that keeps the others",
    fixes=(FixKind("Insert 'Field' from the template", Applicability.SAFE),),
)

_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")


def check(ctx: Context) -> Iterator[Finding]:
    for section in ctx.sections():
        for wanted in ctx.missing_labelled(section):
            name = label_of(wanted)
            kind = "Field" if isinstance(wanted, Field) else "Label"
            edit = _insert(ctx, section, wanted)
            fixes = []
            if _lands(ctx, section, edit, wanted):
                title = f"Insert '{name}' from the template"
                fixes.append(Fix(title, (edit,), applicability=Applicability.SAFE))
            yield ctx.finding(
                RULE,
                section.heading_span,
                f"{kind} '{name}' is missing from this section: insert it from the template.",
                *fixes,
                slot=name,
            )


def _lands(ctx: Context, section: Section, edit: TextEdit, wanted: Slot) -> bool:
    """Whether the inserted line is read as that field or label, not swallowed by a code
    block or comment the section leaves open: a fix that would not hold is not offered."""
    lines = ctx.note.source.lines
    start, end = section.start_line, min(section.end_line, len(lines))
    if not start <= edit.span.start_line <= end:
        return False
    text = "\n".join(lines[start:end]) + "\n"
    span = edit.span
    shifted = TextEdit(
        Span(span.start_line - start, span.start_col, span.end_line - start, span.end_col),
        edit.new_text,
    )
    inserted = parse_note(apply_edits(text, [shifted]))
    key = normalize_key(label_of(wanted))
    return any(getattr(slot, "key", None) == key for _, slot in inserted.slots())


def _template_line(ctx: Context, wanted: Slot) -> str:
    """The template's text for ``wanted``; an inline field without its example value."""
    text = ctx.template.slot_text(wanted)
    if isinstance(wanted, Field) and wanted.inline:
        span = wanted.value_span
        line = ctx.template.note.source.lines[span.start_line]
        return line[: span.start_col] + line[span.end_col :] + "\n"
    return text


def _insert(ctx: Context, section: Section, wanted: Slot) -> TextEdit:
    """The template's line for ``wanted`` after the slot holding the template's previous field
    or label (in the note's list style), else before the next one, else under the heading."""
    source = ctx.template_section(section)
    assert source is not None
    matches = ctx.slot_matches(section)
    order: list[Slot] = [slot for slot in source.slots if isinstance(slot, LABELLED)]
    index = order.index(wanted)
    placed = {id(w): slot for slot in section.slots if (w := matches.get(id(slot))) is not None}
    text = _template_line(ctx, wanted)
    neighbours = [(slot, True) for w in reversed(order[:index]) if (slot := placed.get(id(w)))]
    neighbours += [(slot, False) for w in order[index + 1 :] if (slot := placed.get(id(w)))]
    if not neighbours:
        return ctx.insert_after_heading(section, text)
    slot, after = neighbours[0]
    span = slot_span(slot)
    line = span.end_line + 1 if after else span.start_line
    if isinstance(slot, Field) and isinstance(wanted, Field) and slot.inline == wanted.inline:
        if slot.inline:
            return ctx.insert_lines(line, text)
        lead = ctx.note.source.lines[slot.item_span.start_line][: slot.name_span.start_col]
        return ctx.insert_lines(line, lead + _MARKER.sub("", text, count=1))
    if isinstance(slot, Field) and not slot.inline and after:
        # After a list, past the list's last item, so the label does not join the item.
        line = max(line, _list_end(ctx, section, slot))
    return _as_paragraph(ctx, line, text)


def _list_end(ctx: Context, section: Section, slot: Field) -> int:
    """The line after the last field of the run of fields ``slot`` belongs to."""
    fields = [s for s in section.slots if isinstance(s, Field) and not s.inline]
    end = slot.item_span.end_line + 1
    for other in fields:
        if other.item_span.start_line == end:
            end = other.item_span.end_line + 1
    return end


def _as_paragraph(ctx: Context, line: int, text: str) -> TextEdit:
    """A label on its own, with blank lines around it so it neither joins the paragraph before
    it nor turns the line after it into a heading underline."""
    lines = ctx.note.source.lines
    before = "\n" if line > 0 and lines[line - 1].strip() else ""
    after = "\n" if line < len(lines) and lines[line].strip() else ""
    return ctx.insert_lines(line, before + text + after)
