"""What every rule sees: the note, its template, the settings and shared judgements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from .findings import Finding, Fix, Rule
from .settings import Settings
from .structure import Field, Note, Section, Slot, normalize_key, strip_comments
from .template import Template
from .text import Span, TextEdit

_PLACEHOLDER = re.compile(r"^(?:\{\{.*\}\}|TODO|TBD|\.\.\.|…)$", re.I | re.S)
SlotT = TypeVar("SlotT", bound=Slot)


def placeholder(source: Field | None) -> str:
    """The template's text for a field that still counts as empty; an inline field's value
    (the example date) is an example to replace, reported as template content instead."""
    return source.value if source is not None and not source.inline else ""


@dataclass(eq=False)
class Context:
    note: Note
    template: Template
    settings: Settings
    _slot_matches: dict[int, Slot | None] = field(default_factory=dict)

    @property
    def eol(self) -> str:
        return self.note.source.eol

    @cached_property
    def note_keys(self) -> dict[str, Section]:
        """The first section of the note under each normalized heading."""
        found: dict[str, Section] = {}
        for section in self.note.sections:
            found.setdefault(section.key, section)
        return found

    @cached_property
    def required_keys(self) -> frozenset[str]:
        wanted = self.settings.required_sections
        if wanted is None:
            return self.template.section_keys
        return frozenset(normalize_key(title) for title in wanted)

    def template_section(self, section: Section) -> Section | None:
        return self.template.by_key.get(section.key) if section.key else None

    def template_slot(self, section: Section, slot: SlotT) -> SlotT | None:
        """The slot of the template that ``slot`` fills, matched by label or by position."""
        key = id(slot)
        if key not in self._slot_matches:
            self._slot_matches[key] = self._match_slot(section, slot)
        found = self._slot_matches[key]
        return found if isinstance(found, type(slot)) else None

    def _match_slot(self, section: Section, slot: Slot) -> Slot | None:
        source = self.template_section(section)
        if source is None:
            return None
        label = getattr(slot, "key", None)
        if label is not None:
            for candidate in source.slots:
                if type(candidate) is type(slot) and getattr(candidate, "key", None) == label:
                    return candidate
            return None
        same_kind = [candidate for candidate in source.slots if type(candidate) is type(slot)]
        index = [s for s in section.slots if type(s) is type(slot)].index(slot)
        return same_kind[index] if index < len(same_kind) else None

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

    def sections(self) -> Iterator[Section]:
        return iter(self.note.sections)

    def slots_of(self, kind: type[SlotT]) -> Iterator[tuple[Section, SlotT]]:
        """The note's slots of one kind, each with its section."""
        for section, slot in self.note.slots():
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

    def finding(self, rule: Rule, span: Span, message: str, *fixes: Fix, slot: str = "") -> Finding:
        return Finding(rule, rule.severity, message, span, tuple(fixes), slot)

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
