"""How complete each note is: the rows of ``interview-notes status`` and of the server's
``interviewNotes/workspaceStatus``, their totals and their orders.

Both front ends build the same rows here, so a folder gives the same counts in the terminal,
in CI and in the editor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .analysis import Analysis, SlotState
from .navigation import completeness, completeness_by_interview

SORTS = ("completeness", "date", "path")


def percent_of(filled: int, total: int) -> int:
    """Whole percent, rounded down so a note is never shown as 100% while a slot is empty;
    a note without slots has nothing left to fill."""
    return filled * 100 // total if total else 100


@dataclass(frozen=True)
class FirstEmpty:
    """Where writing should go on: the caret position of the first empty slot (0-based line
    and code-point column), the slot's label and the section it is in."""

    line: int
    column: int
    label: str
    section: str


@dataclass(frozen=True)
class InterviewStatus:
    """One interview of a file that holds several (its title and 0-based line)."""

    title: str
    line: int
    filled: int
    total: int

    @property
    def percent(self) -> int:
        return percent_of(self.filled, self.total)

    def as_json(self, line_base: int) -> dict[str, Any]:
        """As ``status --format json`` (lines from 1) and ``interviewNotes/workspaceStatus``
        (lines from 0, as the protocol counts) give it."""
        return {
            "title": self.title,
            "line": self.line + line_base,
            "filled": self.filled,
            "total": self.total,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class NoteStatus:
    """One note's row. ``modified`` is the file's mtime (``None`` when it has no file)."""

    path: str
    template: str
    filled: int
    total: int
    first_empty: FirstEmpty | None
    modified: float | None
    interviews: tuple[InterviewStatus, ...] = ()

    @property
    def percent(self) -> int:
        return percent_of(self.filled, self.total)

    @property
    def complete(self) -> bool:
        return self.filled >= self.total

    def as_json(self, line_base: int, **where: Any) -> dict[str, Any]:
        """The row as both front ends give it (see :meth:`InterviewStatus.as_json`);
        ``where`` (where to go on writing, as each says it) follows the counts."""
        return {
            "path": self.path,
            "template": self.template,
            "filled": self.filled,
            "total": self.total,
            "percent": self.percent,
            **where,
            "modified": modified_iso(self.modified),
            "interviews": [part.as_json(line_base) for part in self.interviews],
        }


def note_status(path_name: str, analysis: Analysis, modified: float | None) -> NoteStatus | None:
    """The row of one analysed file; ``None`` when it is not a note (not listed)."""
    if analysis.template is None:
        return None
    filled, total, first = completeness(analysis)
    empty = None
    if first is not None:
        caret = first.caret
        section = analysis.note.section_at(first.span.start_line)
        empty = FirstEmpty(caret.start_line, caret.start_col, first.label, section.name)
    interviews = tuple(
        InterviewStatus(part.title, part.line, part.filled, part.total)
        for part in completeness_by_interview(analysis)
    )
    return NoteStatus(path_name, analysis.template.name, filled, total, empty, modified, interviews)


@dataclass(frozen=True)
class SectionSlots:
    """One section of a note and how far it is filled: its name as messages give it, its
    0-based line (for a section the note lacks, where it would go), its empty slots in
    document order, and the title of its interview when the file holds several."""

    name: str
    line: int
    filled: int
    total: int
    empty: tuple[SlotState, ...]
    missing: bool = False
    interview: str | None = None

    @property
    def percent(self) -> int:
        return percent_of(self.filled, self.total)


def slots_by_section(analysis: Analysis) -> list[SectionSlots]:
    """The note's sections that hold slots, in document order, each with its slots counted:
    filled sections too, so a list of them shows the note's shape, and the sections the
    note lacks, under their template names, with their slots empty. Sections with nothing
    to fill (a heading over subsections) are left out; so is every section of a file that
    is not a note."""
    template, layout = analysis.template, analysis.layout
    if template is None:
        return []
    note = analysis.note
    groups: dict[tuple[object, ...], tuple[str, int, bool, list[SlotState]]] = {}
    for state in analysis.slots:
        line = state.span.start_line
        if state.missing_section is not None:
            key: tuple[object, ...] = ("missing", state.missing_section, line)
            name, missing = state.missing_section, True
        else:
            section = note.section_at(line)
            key = ("section", id(section))
            name = section.display_name or template.title
            line, missing = section.start_line, False
        groups.setdefault(key, (name, line, missing, []))[3].append(state)
    titles: list[tuple[int, int, str]] = []
    if layout is not None and len(layout.parts) > 1:
        titles = [
            (part.start, part.end, found.title)
            for part, found in zip(layout.parts, completeness_by_interview(analysis), strict=True)
        ]
    ordered = sorted(
        enumerate(groups.values()), key=lambda item: (item[1][1], not item[1][2], item[0])
    )
    return [
        SectionSlots(
            name,
            line,
            sum(state.filled for state in states),
            len(states),
            tuple(state for state in states if not state.filled),
            missing,
            next((title for start, end, title in titles if start <= line < end), None),
        )
        for _, (name, line, missing, states) in ordered
    ]


@dataclass(frozen=True)
class Totals:
    """The whole set: files read, notes among them, slots filled of all slots, and how many
    notes are complete."""

    files: int
    notes: int
    filled: int
    total: int
    complete: int

    @property
    def percent(self) -> int:
        return percent_of(self.filled, self.total)

    def as_json(self) -> dict[str, int]:
        """The same keys in ``status --format json`` and ``interviewNotes/workspaceStatus``."""
        return {
            "files": self.files,
            "notes": self.notes,
            "filled": self.filled,
            "total": self.total,
            "percent": self.percent,
            "complete": self.complete,
        }


def totals(statuses: Sequence[NoteStatus], files: int) -> Totals:
    """Totals over the notes; ``files`` counts every file read, notes or not."""
    return Totals(
        files,
        len(statuses),
        sum(status.filled for status in statuses),
        sum(status.total for status in statuses),
        sum(status.complete for status in statuses),
    )


def sort_statuses(statuses: Iterable[NoteStatus], by: str = "completeness") -> list[NoteStatus]:
    """``completeness``: least complete first (what needs work on top); ``date``: most
    recently modified first (notes without a file last); ``path``: by path. Ties go by
    path, so the order never depends on how the files were found."""
    if by not in SORTS:
        raise ValueError(f"unknown order {by!r}; expected one of {', '.join(SORTS)}")
    by_path = sorted(statuses, key=lambda status: status.path)
    if by == "completeness":
        return sorted(
            by_path,
            key=lambda status: status.filled / status.total if status.total else 1.0,
        )
    if by == "date":
        return sorted(
            by_path,
            key=lambda status: (status.modified is None, -(status.modified or 0.0)),
        )
    return by_path


def below(statuses: Iterable[NoteStatus], minimum: int) -> list[NoteStatus]:
    """The notes under ``minimum`` percent (the CI gate of ``--min-completeness``)."""
    return [status for status in statuses if status.percent < minimum]


def modified_iso(modified: float | None) -> str | None:
    """A modification time as ISO 8601 in local time with its offset, to the second."""
    if modified is None:
        return None
    return datetime.fromtimestamp(modified).astimezone().isoformat(timespec="seconds")


def modified_day(modified: float | None) -> str:
    """A modification time as the local date, ``-`` when there is none."""
    if modified is None:
        return "-"
    return datetime.fromtimestamp(modified).date().isoformat()
