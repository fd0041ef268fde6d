"""Outline, folding, hover and completeness: what an editor shows around the text."""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import Analysis, SlotState
from .catalog import load_catalog
from .structure import (
    BulletList,
    Checklist,
    CodeBlock,
    Field,
    LabelledParagraph,
    Note,
    Section,
    Table,
    normalize_key,
    slot_span,
    strip_comments,
)
from .text import Span


@dataclass
class Symbol:
    name: str
    detail: str
    kind: str
    span: Span
    selection_span: Span
    children: list[Symbol] = field(default_factory=list)


@dataclass(frozen=True)
class Fold:
    start_line: int
    end_line: int
    kind: str = "region"


def outline(analysis: Analysis) -> list[Symbol]:
    """Sections as a tree, with their components and fields; details say filled or empty."""
    note = analysis.note
    filled = {(s.span.start_line, s.span.start_col): s.filled for s in analysis.slots}
    catalog = load_catalog()

    def build(section: Section) -> Symbol:
        last = max(section.start_line, _last_line(note, section))
        span = Span(section.start_line, 0, last, len(note.source.lines[last]))
        kind = "component" if catalog.component(section.key) else "section"
        symbol = Symbol(section.name or "(untitled)", "", kind, span, section.title_span)
        states = []
        for slot in section.slots:
            child = _slot_symbol(slot, filled)
            if child is not None:
                symbol.children.append(child)
                states.append(child.detail)
        symbol.children.extend(build(child) for child in section.children)
        if states:
            symbol.detail = f"{states.count('filled')}/{len(states)} filled"
        return symbol

    roots = note.root.children
    layout = analysis.layout
    titles = [
        section
        for part in (layout.parts if layout is not None else [])
        for section in note.sections
        if section.start_line == part.title_line
    ]
    if any(title.parent is not note.root for title in titles):
        # Each interview is a root of its own, even under a heading of the file.
        inside = {id(s) for title in titles for s in title.walk()}
        others = [s for s in roots if not any(id(d) in inside for d in s.walk())]
        roots = sorted([*titles, *others], key=lambda section: section.start_line)
    return [build(section) for section in roots]


def _slot_symbol(slot: object, filled: dict[tuple[int, int], bool]) -> Symbol | None:
    if isinstance(slot, Field):
        state = filled.get((slot.item_span.start_line, slot.item_span.start_col), True)
        return Symbol(
            slot.name, "filled" if state else "empty", "field", slot.item_span, slot.name_span
        )
    if isinstance(slot, LabelledParagraph):
        state = filled.get((slot.label_span.start_line, slot.label_span.start_col), True)
        return Symbol(
            slot.label, "filled" if state else "empty", "field", slot_span(slot), slot.label_span
        )
    if isinstance(slot, Table):
        rows = [filled.get((row.span.start_line, 0), True) for row in slot.rows]
        detail = "filled" if rows and all(rows) else "empty"
        name = "Table: " + ", ".join(slot.columns)
        return Symbol(name, detail, "table", slot.span, Span.line(slot.span.start_line, 0, 0))
    if isinstance(slot, BulletList):
        items = [
            filled.get((item.span.start_line, item.span.start_col), True) for item in slot.items
        ]
        detail = "filled" if items and all(items) else "empty"
        return Symbol(
            f"List ({len(items)} items)", detail, "list", slot.span, slot.items[0].marker_span
        )
    if isinstance(slot, Checklist):
        done = sum(item.checked for item in slot.items)
        return Symbol(
            f"Checklist ({done}/{len(slot.items)} checked)",
            "checklist",
            "checklist",
            slot.span,
            slot.items[0].box_span,
        )
    if isinstance(slot, CodeBlock):
        return Symbol(
            "Diagram" if not slot.info else f"Code ({slot.info})",
            "code",
            "code",
            slot.span,
            Span.line(slot.span.start_line, 0, 0),
        )
    return None


def _last_line(note: Note, section: Section) -> int:
    """The last line with text in a section (ignoring trailing blank lines)."""
    lines = note.source.lines
    last = min(section.end_line, len(lines)) - 1
    while last > section.start_line and not lines[last].strip():
        last -= 1
    return last


def folding(note: Note) -> list[Fold]:
    """Sections, tables, code blocks and checklists, each as one fold."""
    folds = []
    for section in note.sections:
        last = _last_line(note, section)
        if last > section.start_line:
            folds.append(Fold(section.start_line, last))
    for _, slot in note.slots():
        if isinstance(slot, (Table, CodeBlock, Checklist)):
            span = slot.span
            if span.end_line > span.start_line:
                folds.append(Fold(span.start_line, span.end_line))
    if note.body_start > 1:
        folds.append(Fold(0, note.body_start - 1, "imports"))
    return sorted(folds, key=lambda fold: (fold.start_line, -fold.end_line))


def completeness(analysis: Analysis) -> tuple[int, int, SlotState | None]:
    """Filled slots, all slots, and the first empty one."""
    first = next((slot for slot in analysis.slots if not slot.filled), None)
    return analysis.filled, len(analysis.slots), first


@dataclass(frozen=True)
class InterviewCompleteness:
    """How far one interview of a file is filled, for a code lens on its title."""

    title: str
    line: int
    filled: int
    total: int
    first_empty: SlotState | None


def completeness_by_interview(analysis: Analysis) -> list[InterviewCompleteness]:
    """Completeness of each interview in the file, in order."""
    layout = analysis.layout
    if layout is None:
        return []
    note = analysis.note
    found = []
    for part in layout.parts:
        states = [s for s in analysis.slots if part.contains(s.span.start_line)]
        title = next((s for s in note.sections if s.start_line == part.title_line), None)
        line = title.start_line if title is not None else note.body_start
        first = next((state for state in states if not state.filled), None)
        name = (
            title.name
            if title is not None
            else analysis.template.title
            if analysis.template
            else ""
        )
        found.append(
            InterviewCompleteness(
                name, line, sum(state.filled for state in states), len(states), first
            )
        )
    return found


def _date_read(slot: Field, day_first: bool | None) -> str:
    """How a date field's value is read (``04/11/2025`` is April or November by settings)."""
    if "date" not in slot.key.split() or not slot.value.strip():
        return ""
    from .dates import parse_date

    found = parse_date(strip_comments(slot.value).strip(), day_first)
    return f"Read as {found:%A, %d %B %Y}." if found is not None else ""


def hover(analysis: Analysis, line: int, col: int, day_first: bool | None = None) -> str | None:
    """What belongs at a heading or field, an example, and how much of the section is filled."""
    if analysis.template is None:
        return None
    note = analysis.note
    section = note.section_at(line)
    catalog = load_catalog()
    for slot in section.slots:
        if isinstance(slot, Field) and slot.item_span.start_line == line:
            spec = catalog.field(section.key, slot.key)
            parts = [f"**{slot.name}** ({section.name})"]
            read = _date_read(slot, day_first)
            if read:
                parts.append(read)
            if spec is not None:
                parts.append(spec.description)
                if spec.example:
                    parts.append(f"Example: {spec.example}")
                if spec.values:
                    parts.append("Common values: " + ", ".join(v.value for v in spec.values[:8]))
            return "\n\n".join(parts)
    if section is note.root or not section.heading_span.contains(line, col):
        return None
    inside = [
        state
        for state in analysis.slots
        if section.start_line <= state.span.start_line < section.end_line
    ]
    parts = [f"**{section.name}**"]
    component = catalog.component(section.key)
    if component is not None:
        parts.append(component.description)
        parts.append("Fields: " + ", ".join(spec.name for spec in component.fields))
    source = analysis.layout.template_section(section) if analysis.layout else None
    if source is not None and component is None:
        if normalize_key(source.title) != section.key:
            parts.append(f"Stands for the template's section '{source.name}'.")
        parts.append(f"From the template '{analysis.template.title}'.")
    if inside:
        filled = sum(state.filled for state in inside)
        parts.append(f"{filled}/{len(inside)} filled")
    return "\n\n".join(parts)
