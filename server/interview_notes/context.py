"""What every rule sees: the note, its template, the settings and shared judgements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from .findings import Finding, Fix, Rule, disable_title
from .matching import Layout, words
from .settings import Settings
from .structure import (
    BulletList,
    Checklist,
    CodeBlock,
    Field,
    LabelledParagraph,
    Note,
    Section,
    Slot,
    Table,
    TableRow,
    fence_marker,
    normalize_key,
    slot_span,
    strip_comments,
)
from .template import Template
from .text import Span, TextEdit

_PLACEHOLDER = re.compile(r"^(?:\{\{.*\}\}|TODO|TBD|\.\.\.|…)$", re.I | re.S)
SlotT = TypeVar("SlotT", bound=Slot)
# A table's delimiter row (``| --- | :-: |``). The closing pipe takes the spaces after it, so no
# two runs of spaces meet and the pattern runs in linear time.
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?$")


def placeholder(source: Field | None) -> str:
    """The template's text for a field that still counts as empty; an inline field's value
    (the example date) is an example to replace, reported as template content instead."""
    return source.value if source is not None and not source.inline else ""


LABELLED = (Field, LabelledParagraph)
_LABEL_THRESHOLD = 0.6


def label_similarity(template_label: str, label: str) -> float:
    """How well a field or label name stands for a template's (``Tech choice`` for
    ``Technology choice``, ``Type`` for ``Type (SQL/NoSQL)``), from 0 to 1."""
    wanted, have = set(words(template_label)), set(words(label))
    common = wanted & have
    if not common:
        return 0.0
    recall, precision = len(common) / len(wanted), len(common) / len(have)
    return 0.7 * max(recall, precision) + 0.3 * min(recall, precision)


def label_of(slot: Slot) -> str:
    return (
        slot.name
        if isinstance(slot, Field)
        else slot.label
        if isinstance(slot, LabelledParagraph)
        else ""
    )


@dataclass(frozen=True)
class RowFill:
    """How much of a table row is written, over the header's columns (a cell past them is
    not rendered, so it fills nothing): the indexes of its empty cells and of the columns it
    has no cell for. The unfilled-row and half-filled-row rules and the completeness count
    all judge a row by it, so they never disagree."""

    width: int
    empty: tuple[int, ...]
    missing: tuple[int, ...]

    @property
    def filled(self) -> bool:
        return not self.empty and not self.missing

    @property
    def unfilled(self) -> bool:
        """Nothing is written in any column."""
        return len(self.empty) + len(self.missing) >= self.width

    @property
    def half_filled(self) -> bool:
        return not self.filled and not self.unfilled

    @property
    def blank_columns(self) -> tuple[int, ...]:
        """The columns still to fill, whether their cell is empty or absent."""
        return self.empty + self.missing


@dataclass(eq=False)
class Context:
    note: Note
    template: Template
    settings: Settings
    layout: Layout
    _slot_matches: dict[int, dict[int, Slot]] = field(default_factory=dict)
    # What a note-wide judgement computes once for both its findings and the completeness.
    memo: dict[str, object] = field(default_factory=dict)

    @property
    def eol(self) -> str:
        return self.note.source.eol

    @cached_property
    def section_by_line(self) -> dict[int, Section]:
        return {section.start_line: section for section in self.note.sections}

    @cached_property
    def required_keys(self) -> frozenset[str] | None:
        wanted = self.settings.required_sections
        return None if wanted is None else frozenset(normalize_key(t) for t in wanted)

    def is_required(self, source: Section) -> bool:
        """Whether a template section must be written (all are, unless settings say)."""
        if source is self.template.title_section:
            return False
        keys = self.required_keys
        return keys is None or source.key in keys

    def template_section(self, section: Section) -> Section | None:
        """The template section a note section stands for, under any matched name."""
        return self.layout.template_section(section)

    def template_slot(self, section: Section, slot: SlotT) -> SlotT | None:
        """The slot of the template that ``slot`` fills, matched by label or by position."""
        found = self.slot_matches(section).get(id(slot))
        return found if isinstance(found, type(slot)) else None

    def slot_matches(self, section: Section) -> dict[int, Slot]:
        """The note slots of a section (by id) and the template slots they fill: fields and
        labels by name, written either way; tables, lists and the rest by position."""
        key = id(section)
        found = self._slot_matches.get(key)
        if found is None:
            found = self._slot_matches[key] = self._match_slots(section)
        return found

    def _match_slots(self, section: Section) -> dict[int, Slot]:
        source = self.template_section(section)
        if source is None:
            return {}
        matches: dict[int, Slot] = {}
        labelled = [slot for slot in section.slots if isinstance(slot, LABELLED)]
        wanted = [slot for slot in source.slots if isinstance(slot, LABELLED)]
        taken: set[int] = set()
        for slot in labelled:
            same = next(
                (w for w in wanted if id(w) not in taken and w.key == slot.key and w.key), None
            )
            if same is not None:
                matches[id(slot)] = same
                taken.add(id(same))
        scored = sorted(
            (
                (-label_similarity(label_of(w), label_of(slot)), index, w_index, slot, w)
                for index, slot in enumerate(labelled)
                if id(slot) not in matches
                for w_index, w in enumerate(wanted)
                if id(w) not in taken
            ),
            key=lambda item: item[:3],
        )
        for negative, _, _, slot, w in scored:
            if -negative < _LABEL_THRESHOLD or id(slot) in matches or id(w) in taken:
                continue
            matches[id(slot)] = w
            taken.add(id(w))
        for kind in (Table, BulletList, Checklist, CodeBlock):
            mine = [one for one in section.slots if type(one) is kind]
            theirs = [one for one in source.slots if type(one) is kind]
            for one, other in zip(mine, theirs, strict=False):
                matches[id(one)] = other
        return matches

    def missing_labelled(self, section: Section) -> list[Slot]:
        """Fields and labels of the template deleted from a written section that otherwise
        keeps the template's fields or labels (a section written as prose is left alone)."""
        source = self.template_section(section)
        if source is None or section.is_empty:
            return []
        matches = self.slot_matches(section)
        present = {id(w) for slot in section.slots if (w := matches.get(id(slot))) is not None}
        if not any(isinstance(slot, LABELLED) and id(slot) in matches for slot in section.slots):
            return []
        return [w for w in source.slots if isinstance(w, LABELLED) and id(w) not in present]

    def is_empty(self, value: str, template_value: str = "") -> bool:
        """Whether ``value`` still needs writing: blank, a comment or placeholder text."""
        text = strip_comments(value).strip()
        if not text:
            return True
        if text.casefold() in self.settings.na_set:
            return False
        if template_value and text == strip_comments(template_value).strip():
            return True
        return bool(_PLACEHOLDER.match(text))

    def row_fill(self, table: Table, row: TableRow) -> RowFill:
        """Which columns of ``row`` are written (see :class:`RowFill`)."""
        width = len(table.header)
        cells = row.cells[:width]
        empty = tuple(index for index, cell in enumerate(cells) if self.is_empty(cell.text))
        return RowFill(width, empty, tuple(range(len(cells), width)))

    def in_interview(self, line: int) -> bool:
        """Whether ``line`` belongs to an interview (text before the first title does not)."""
        return self.layout.part_at(line) is not None

    def sections(self) -> Iterator[Section]:
        """The sections of the interviews in the file."""
        return iter(self._sections)

    def slots(self) -> Iterator[tuple[Section, Slot]]:
        """The slots of the interviews in the file, each with its section."""
        return iter(self._slots)

    # Every rule walks them: found once per analysis (the note never changes under it).
    @cached_property
    def _sections(self) -> list[Section]:
        return [section for section in self.note.sections if self.in_interview(section.start_line)]

    @cached_property
    def _slots(self) -> list[tuple[Section, Slot]]:
        return [
            (section, slot)
            for section, slot in self.note.slots()
            if self.in_interview(slot_span(slot).start_line)
        ]

    def slots_of(self, kind: type[SlotT]) -> Iterator[tuple[Section, SlotT]]:
        """The slots of one kind, each with its section."""
        for section, slot in self.slots():
            if isinstance(slot, kind):
                yield section, slot

    def missing_template_slot(self, section: Section, kind: type[SlotT]) -> SlotT | None:
        """The template's slot of ``kind`` for a written section that has none of that kind."""
        source = self.template_section(section)
        if source is None or section.is_empty:
            return None
        if any(isinstance(slot, kind) for slot in section.slots):
            return None
        return next((slot for slot in source.slots if isinstance(slot, kind)), None)

    def insert_after_heading(self, section: Section, text: str) -> TextEdit:
        """An edit putting ``text`` (lines ending in ``\n``) after a blank line under a heading,
        and a blank line after it when text follows, so a table or list does not run on."""
        line = section.heading_span.end_line + 1
        lines = self.note.source.lines
        after = "\n" if line < len(lines) and lines[line].strip() else ""
        return self.insert_lines(line, "\n" + text + after)

    def finding(
        self,
        rule: Rule,
        span: Span,
        message: str,
        *fixes: Fix,
        slot: str = "",
        interview: int | None = None,
    ) -> Finding:
        """A finding with its fixes, and a last one that turns the rule off for its line.
        ``interview`` is the ordinal of the interview it belongs to, when its place does not
        say (a section missing at the end of one interview sits on the next one's title)."""
        disable = self.disable_fix(rule, span.start_line)
        extra = (disable,) if disable is not None else ()
        if interview is None:
            interview = self.layout.ordinal(span.start_line) or 0
        return Finding(
            rule,
            rule.severity,
            message,
            span,
            (*fixes, *extra),
            slot,
            {"interview": str(interview)},
        )

    def disable_fix(self, rule: Rule, line: int) -> Fix | None:
        """A comment at the end of ``line`` that turns ``rule`` off there; none on a blank or
        fence line, where a comment would change what the line is."""
        lines = self.note.source.lines
        text = lines[line] if line < len(lines) else ""
        if not text.strip():
            return None
        title = disable_title(rule)
        nxt = lines[line + 1] if line + 1 < len(lines) else ""
        if fence_marker(text) or ("|" in text and _DELIMITER_ROW.match(nxt)):
            # A fence or a table header must stay as it is: the comment goes on its own line.
            if text[:1].isspace():
                return None
            comment = f"<!-- interview-notes-disable-next-line {rule.alias} -->\n"
            return Fix(title, (self.insert_lines(line, comment),))
        comment = f" <!-- interview-notes-disable-line {rule.alias} -->"
        return Fix(title, (TextEdit(Span.line(line, len(text), len(text)), comment),))

    def delete_lines(self, start: int, end: int) -> TextEdit:
        """An edit removing whole lines ``start`` to ``end`` (inclusive) and their break."""
        lines = self.note.source.lines
        if end + 1 < len(lines):
            return TextEdit(Span(start, 0, end + 1, 0), "")
        if start == 0:
            return TextEdit(Span(0, 0, end, len(lines[end])), "")
        return TextEdit(Span(start - 1, len(lines[start - 1]), end, len(lines[end])), "")

    def insert_lines(self, line: int, text: str) -> TextEdit:
        """An edit inserting ``text`` (lines ending in ``\\n``) before ``line``."""
        lines = self.note.source.lines
        body = text.replace("\n", self.eol)
        if line < len(lines):
            return TextEdit(Span(line, 0, line, 0), body)
        last = len(lines) - 1
        prefix = self.eol if lines[last] else ""
        return TextEdit(Span(last, len(lines[last]), last, len(lines[last])), prefix + body)
