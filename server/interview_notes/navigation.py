"""Outline, folding, hover and completeness: what an editor shows around the text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .analysis import Analysis, SlotState
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

# What an editor can show of a note with thousands of headings, tables or fields, and what
# its answer can carry without taking seconds to build and send.
SYMBOL_BUDGET = 5_000
FOLD_BUDGET = 5_000
OUTLINED = (Field, LabelledParagraph, Table, BulletList, Checklist, CodeBlock)


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


def outline(analysis: Analysis, budget: int = SYMBOL_BUDGET) -> list[Symbol]:
    """Sections as a tree, with their components and fields; details say filled or empty.

    At most ``budget`` symbols, so a note with thousands of headings gives an outline an
    editor can show: beyond it the deepest levels are dropped first, and the deepest level
    kept may stop short (in document order)."""
    roots = _roots(analysis)
    builder = _OutlineBuilder(analysis, *_levels(roots, budget))
    return [builder.build(section, 0) for section in roots if builder.take(0)]


class _OutlineBuilder:
    """Builds symbols level by level within the budget. A class rather than a recursive
    closure, which would hold the note in a reference cycle until the next collection."""

    def __init__(self, analysis: Analysis, whole: int, room: int) -> None:
        self.note = analysis.note
        self.filled = {(s.span.start_line, s.span.start_col): s.filled for s in analysis.slots}
        from .catalog import load_catalog  # read for the outline and hover only, not `status`

        self.catalog = load_catalog()
        self.whole = whole
        self.room = room

    def take(self, level: int) -> bool:
        """Whether a symbol at ``level`` fits: every level above ``whole`` does, the
        symbols of ``whole`` itself while there is room."""
        if level < self.whole:
            return True
        if level > self.whole or self.room <= 0:
            return False
        self.room -= 1
        return True

    def build(self, section: Section, level: int) -> Symbol:
        note = self.note
        last = max(section.start_line, _last_line(note, section))
        span = Span(section.start_line, 0, last, len(note.source.lines[last]))
        kind = "component" if self.catalog.component(section.key) else "section"
        symbol = Symbol(section.name or "(untitled)", "", kind, span, section.title_span)
        states = []
        for slot in section.slots:
            detail = _slot_detail(slot, self.filled)
            if detail is None:
                continue
            states.append(detail)
            if self.take(level + 1):
                symbol.children.append(_slot_symbol(slot, detail))
        for child in section.children:
            if self.take(level + 1):
                symbol.children.append(self.build(child, level + 1))
        if states:
            symbol.detail = f"{states.count('filled')}/{len(states)} filled"
        return symbol


def _roots(analysis: Analysis) -> list[Section]:
    """The outline's top level: the file's top sections, and each interview's title."""
    note = analysis.note
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
    return roots


def _levels(roots: list[Section], budget: int) -> tuple[int, int]:
    """How many whole levels of the outline fit in ``budget`` symbols, and how many symbols
    of the next level still fit. Counting needs no symbol built."""
    sections, leaves, kept, level = roots, 0, 0, 0
    while sections or leaves:
        size = len(sections) + leaves
        if kept + size > budget:
            return level, budget - kept
        kept += size
        leaves = sum(isinstance(slot, OUTLINED) for s in sections for slot in s.slots)
        sections = [child for s in sections for child in s.children]
        level += 1
    return level, 0


def _slot_detail(slot: object, filled: dict[tuple[int, int], bool]) -> str | None:
    """What the outline says of a slot; ``None`` for slots it does not show."""
    if isinstance(slot, Field):
        state = filled.get((slot.item_span.start_line, slot.item_span.start_col), True)
        return "filled" if state else "empty"
    if isinstance(slot, LabelledParagraph):
        state = filled.get((slot.label_span.start_line, slot.label_span.start_col), True)
        return "filled" if state else "empty"
    if isinstance(slot, Table):
        rows = [filled.get((row.span.start_line, 0), True) for row in slot.rows]
        return "filled" if rows and all(rows) else "empty"
    if isinstance(slot, BulletList):
        items = [
            filled.get((item.span.start_line, item.span.start_col), True) for item in slot.items
        ]
        return "filled" if items and all(items) else "empty"
    if isinstance(slot, Checklist):
        return "checklist"
    if isinstance(slot, CodeBlock):
        return "code"
    return None


def _slot_symbol(slot: object, detail: str) -> Symbol:
    if isinstance(slot, Field):
        return Symbol(slot.name, detail, "field", slot.item_span, slot.name_span)
    if isinstance(slot, LabelledParagraph):
        return Symbol(slot.label, detail, "field", slot_span(slot), slot.label_span)
    if isinstance(slot, Table):
        name = "Table: " + ", ".join(slot.columns)
        return Symbol(name, detail, "table", slot.span, Span.line(slot.span.start_line, 0, 0))
    if isinstance(slot, BulletList):
        return Symbol(
            f"List ({len(slot.items)} items)", detail, "list", slot.span, slot.items[0].marker_span
        )
    if isinstance(slot, Checklist):
        done = sum(item.checked for item in slot.items)
        return Symbol(
            f"Checklist ({done}/{len(slot.items)} checked)",
            detail,
            "checklist",
            slot.span,
            slot.items[0].box_span,
        )
    assert isinstance(slot, CodeBlock)
    return Symbol(
        "Diagram" if not slot.info else f"Code ({slot.info})",
        detail,
        "code",
        slot.span,
        Span.line(slot.span.start_line, 0, 0),
    )


def _last_line(note: Note, section: Section) -> int:
    """The last line with text in a section (ignoring trailing blank lines)."""
    lines = note.source.lines
    last = min(section.end_line, len(lines)) - 1
    while last > section.start_line and not lines[last].strip():
        last -= 1
    return last


def folding(note: Note, budget: int = FOLD_BUDGET) -> list[Fold]:
    """Sections, tables, code blocks and checklists, each as one fold; at most ``budget``,
    the most deeply nested dropped first."""
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
    folds.sort(key=lambda fold: (fold.start_line, -fold.end_line))
    return folds if len(folds) <= budget else _outermost(folds, budget)


def _outermost(folds: list[Fold], budget: int) -> list[Fold]:
    """The ``budget`` folds nested least deep: whole levels while they fit, then the next
    level in document order. ``folds`` are sorted by start, the longest first."""
    depths: list[int] = []
    around: list[Fold] = []
    for fold in folds:
        while around and around[-1].end_line < fold.end_line:
            around.pop()
        depths.append(len(around))
        around.append(fold)
    counts = Counter(depths)
    whole, kept = 0, 0
    while whole in counts and kept + counts[whole] <= budget:
        kept += counts[whole]
        whole += 1
    room = budget - kept
    found = []
    for fold, depth in zip(folds, depths, strict=True):
        if depth < whole:
            found.append(fold)
        elif depth == whole and room > 0:
            found.append(fold)
            room -= 1
    return found


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
    from .catalog import load_catalog  # read for the outline and hover only, not `status`

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
