"""IN001: a section of the template is absent from the note."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Fix, Rule
from ..severity import Severity
from ..structure import FenceTracker, Section
from ..text import Span, TextEdit

RULE = Rule("IN001", "missing-section", Severity.WARNING, "A template section is missing")
NOTE_WIDE = True


def check(ctx: Context) -> Iterator[Finding]:
    template_sections = ctx.template.sections
    present = ctx.note_keys
    for index, section in enumerate(template_sections):
        if section.key in present or section.key not in ctx.required_keys:
            continue
        if _parent_reported(ctx, section):
            continue
        edit, span = _placement(ctx, template_sections, index, section)
        heading = "#" * section.level + " " + section.title
        fix = Fix(f"Insert '{heading}' from the template", (edit,), preferred=True)
        yield ctx.finding(
            RULE,
            span,
            f"Section '{section.name}' is missing: insert it from the template.",
            fix,
            slot=section.title,
        )


def _parent_reported(ctx: Context, section: Section) -> bool:
    """A missing or empty parent already covers its subsections."""
    parent = section.parent
    while parent is not None and parent.key and parent is not ctx.template.title_section:
        found = ctx.note_keys.get(parent.key)
        if found is None and parent.key in ctx.required_keys:
            return True
        if found is not None and found.is_empty:
            return True
        parent = parent.parent
    return False


def _placement(
    ctx: Context, sections: list[Section], index: int, section: Section
) -> tuple[TextEdit, Span]:
    """Insert before the next template section the note has, or at the end of the note."""
    source = ctx.note.source
    text = ctx.template.section_text(section)
    subtree_end = index + 1
    while subtree_end < len(sections) and sections[subtree_end].start_line < section.end_line:
        subtree_end += 1
    for later in sections[subtree_end:]:
        found = ctx.note_keys.get(later.key)
        if found is not None:
            return ctx.insert_lines(found.start_line, text + "\n"), found.heading_span
    lines = source.lines
    last = len(lines) - 1
    while last > 0 and not lines[last].strip():
        last -= 1
    has_blank = len(lines) >= 2 and not lines[-1].strip() and not lines[-2].strip()
    prefix = "" if has_blank or not source.text.strip() else "\n"
    code = FenceTracker()
    for line in lines:
        code.in_code(line)
    if code.fence:
        # A note that ends in an open code block: close it, or the section would be code.
        prefix = ("" if not lines[-1] else "\n") + code.fence + "\n\n"
    return ctx.insert_lines(len(lines), prefix + text), source.line_span(last)
