"""Source text split into lines, with exact code-point positions.

Lines break at CRLF, lone CR and LF, as the Language Server Protocol counts them, so a
position found here is the position an editor shows. Columns are code points; the server
converts them to the client's encoding.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Span:
    """A range of source text: 0-based lines, code-point columns, end exclusive."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    @classmethod
    def line(cls, line: int, start: int, end: int) -> Span:
        return cls(line, start, line, end)

    def contains(self, line: int, col: int) -> bool:
        after_start = (line, col) >= (self.start_line, self.start_col)
        return after_start and (line, col) <= (self.end_line, self.end_col)

    def moved(self, lines: int) -> Span:
        """The same span ``lines`` lines further down (up when negative)."""
        return Span(self.start_line + lines, self.start_col, self.end_line + lines, self.end_col)


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the text of ``span`` with ``new_text``."""

    span: Span
    new_text: str

    def moved(self, lines: int) -> TextEdit:
        return TextEdit(self.span.moved(lines), self.new_text)


class SourceText:
    """A document's text with its lines; the basis of every position in the core."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Without a carriage return the only break is LF, and str.split is many times faster.
        self.lines: list[str] = text.split("\n") if "\r" not in text else LINE_BREAK.split(text)

    @cached_property
    def eol(self) -> str:
        """The document's first line ending (LF when it has none), for text the core inserts."""
        match = LINE_BREAK.search(self.text)
        return match.group(0) if match else "\n"

    def end(self) -> tuple[int, int]:
        return len(self.lines) - 1, len(self.lines[-1])

    def line_span(self, line: int) -> Span:
        return Span.line(line, 0, len(self.lines[line]))


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply non-overlapping edits given against ``text`` (used by tests and ``--fix``)."""
    source = SourceText(text)
    offsets = line_starts(text)

    def offset(line: int, col: int) -> int:
        line = min(line, len(offsets) - 1)
        return offsets[line] + min(col, len(source.lines[line]))

    ordered = sorted(
        enumerate(edits),
        key=lambda item: (offset(item[1].span.start_line, item[1].span.start_col), item[0]),
    )
    out: list[str] = []
    cursor = 0
    for _, edit in ordered:
        start = offset(edit.span.start_line, edit.span.start_col)
        end = offset(edit.span.end_line, edit.span.end_col)
        if start < cursor:
            raise ValueError("overlapping edits")
        out.append(text[cursor:start])
        out.append(edit.new_text)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def line_starts(text: str) -> list[int]:
    """The code-point offset where each line of ``text`` starts (CRLF, CR and LF break)."""
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def position_at(starts: list[int], offset: int) -> tuple[int, int]:
    """The (line, column) of a code-point offset, given the offsets where lines start."""
    line = bisect_right(starts, offset) - 1
    return line, offset - starts[line]


def edits_between(old: str, new: str) -> list[TextEdit]:
    """Line edits that turn ``old`` into ``new``: unchanged lines are left out, so an editor
    keeps its cursor, marks and folds on them."""
    old_lines = _lines_with_breaks(old)
    new_lines = _lines_with_breaks(new)
    starts = line_starts(old)
    offsets = [0]
    for line in old_lines:
        offsets.append(offsets[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start = position_at(starts, offsets[i1])
        end = position_at(starts, offsets[i2])
        edits.append(TextEdit(Span(*start, *end), "".join(new_lines[j1:j2])))
    return edits


def _lines_with_breaks(text: str) -> list[str]:
    """Lines with their line breaks (CRLF, CR or LF), the last one without when it has none."""
    parts = []
    position = 0
    for match in LINE_BREAK.finditer(text):
        parts.append(text[position : match.end()])
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts
