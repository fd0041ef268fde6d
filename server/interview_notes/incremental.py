"""Analysis of successive versions of one document, re-parsing only what an edit touched.

The document is cut into chunks at ATX headings (outside fenced code and HTML comments). A
chunk whose text and first line are unchanged keeps its parsed sections and its findings; only
the whole-note rules run again. The result equals :func:`analyze` on the same text (a property
test holds it to that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .analysis import Analysis, SlotState, finish, recognize, run_rules, slot_states
from .context import Context
from .findings import Finding
from .settings import Settings
from .structure import Chunk, FenceTracker, Note, Section, parse_chunk, parse_lines, same_blocks
from .template import Template, TemplateSet
from .text import SourceText, Span

if TYPE_CHECKING:
    from markdown_it.token import Token


def split_points(lines: list[str], body_start: int) -> list[int]:
    """Lines where a chunk may start: ATX headings at column 0."""
    points = [0]
    code = FenceTracker()
    in_comment = False
    for number in range(body_start, len(lines)):
        line = lines[number]
        if not line:
            continue
        first = line[0]
        if first not in "#`~< ":
            if in_comment and "-->" in line:
                in_comment = False
            continue
        if code.in_code(line):
            continue
        stripped = line.lstrip(" ")
        if in_comment:
            in_comment = "-->" not in line
            continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped[4:]
            continue
        if first == "#" and number > 0 and _is_heading(line):
            points.append(number)
    return points


def _is_heading(line: str) -> bool:
    rest = line.lstrip("#")
    return len(line) - len(rest) <= 6 and (not rest or rest[0] in " \t")


@dataclass(eq=False)
class _Parsed:
    """A chunk with what its assembly into a note must restore on every version."""

    chunk: Chunk
    lines: list[str]
    own_children: list[tuple[Section, tuple[Section, ...]]]
    chunk_tops: frozenset[int]
    results: dict[tuple[int, tuple[bool, ...]], tuple[list[Finding], list[SlotState]]] = field(
        default_factory=dict
    )


def _parsed(chunk: Chunk, lines: list[str]) -> _Parsed:
    everything = [chunk.root, *chunk.sections]
    tops = frozenset(id(s) for s in chunk.sections if s.parent is chunk.root)
    return _Parsed(chunk, lines, [(s, tuple(s.children)) for s in everything], tops)


class IncrementalAnalyzer:
    """Keeps the chunks of the latest version of one document."""

    def __init__(self, templates: TemplateSet, settings: Settings) -> None:
        self.templates = templates
        self.settings = settings
        self._chunks: dict[tuple[str, int, bool], _Parsed] = {}
        self._by_start: dict[int, _Parsed] = {}

    @property
    def warm(self) -> bool:
        """Whether an earlier version left parsed chunks to reuse."""
        return bool(self._chunks)

    def analyze(self, text: str) -> Analysis:
        source = SourceText(text)
        front_matter, body_start, lines = parse_lines(source)
        chunks = self._chunks_of(lines, body_start)
        note = _assemble(source, front_matter, body_start, lines, chunks)
        template = recognize(note, self.templates, self.settings)
        if template is None:
            return Analysis(note, None)
        raw = run_rules(Context(note, template, self.settings), note_wide=True)
        states: list[SlotState] = []
        for index, parsed in enumerate(chunks):
            findings, slots = self._chunk_results(parsed, index == 0, note, template)
            raw.extend(findings)
            states.extend(slots)
        return Analysis(note, template, finish(raw, self.settings, source), states)

    def _chunks_of(self, lines: list[str], body_start: int) -> list[_Parsed]:
        """Parse the chunks, merging where one block would run across a boundary."""
        points = split_points(lines, body_start)
        bounds = [*points, len(lines)]
        kept: dict[tuple[str, int, bool], _Parsed] = {}
        chunks: list[_Parsed] = []
        index = 0
        while index < len(points):
            parsed, index = self._take(lines, bounds, bounds[index], index + 1, kept)
            while len(chunks) and not parsed.chunk.starts_with_heading:
                start = chunks.pop().chunk.start
                parsed, index = self._take(lines, bounds, start, index, kept)
            chunks.append(parsed)
        self._chunks = kept
        self._by_start = {parsed.chunk.start: parsed for parsed in chunks}
        return chunks

    def _take(
        self,
        lines: list[str],
        bounds: list[int],
        start: int,
        stop: int,
        kept: dict[tuple[str, int, bool], _Parsed],
    ) -> tuple[_Parsed, int]:
        """The chunk from ``start`` to ``bounds[stop]``, extended while a block stays open."""
        while True:
            end = bounds[stop]
            key = ("\n".join(lines[start:end]), start, end == len(lines))
            parsed = kept.get(key) or self._chunks.get(key)
            if parsed is None:
                own = lines[start:end]
                tokens = self._reusable_tokens(start, own)
                parsed = _parsed(parse_chunk(lines, start, end, tokens), own)
            if parsed.chunk.open_at_end and stop < len(bounds) - 1:
                stop += 1
                continue
            kept[key] = parsed
            return parsed, stop

    def _reusable_tokens(self, start: int, own: list[str]) -> list[Token] | None:
        """The previous version's tokens for a chunk where one line changed but no block did:
        the common case of typing, which then skips the Markdown parser."""
        before = self._by_start.get(start)
        if before is None or len(before.lines) != len(own):
            return None
        changed = [
            index
            for index, (old, new) in enumerate(zip(before.lines, own, strict=True))
            if old != new
        ]
        if len(changed) != 1 or any(line.lstrip(" ")[:1] == "[" for line in own):
            return None
        index = changed[0]
        tokens = before.chunk.tokens
        return tokens if same_blocks(tokens, index, before.lines[index], own[index]) else None

    def _chunk_results(
        self, parsed: _Parsed, first: bool, note: Note, template: Template
    ) -> tuple[list[Finding], list[SlotState]]:
        chunk = parsed.chunk
        # A section open at the chunk's end may gain subsections from later chunks.
        spans = tuple(s.is_empty for s in chunk.sections if s.end_line > chunk.end)
        key = (id(template), spans)
        found = parsed.results.get(key)
        if found is None:
            root = note.root if first else _EMPTY_ROOT
            view = Note(note.source, note.front_matter, note.body_start, root, chunk.sections)
            ctx = Context(view, template, self.settings)
            found = (run_rules(ctx, note_wide=False), slot_states(ctx))
            parsed.results.clear()
            parsed.results[key] = found
        return found


_EMPTY_ROOT = Section("", "", 0, Span(0, 0, 0, 0), Span(0, 0, 0, 0), 0)


def _assemble(
    source: SourceText,
    front_matter: dict[str, str],
    body_start: int,
    lines: list[str],
    chunks: list[_Parsed],
) -> Note:
    """Link the chunks' sections into one tree, as one parse of the whole text would."""
    root = chunks[0].chunk.root
    root.end_line = len(lines)
    sections: list[Section] = []
    stack: list[Section] = []
    for index, parsed in enumerate(chunks):
        for section, children in parsed.own_children:
            section.children = list(children)
        for section in parsed.chunk.sections:
            while stack and stack[-1].level >= section.level:
                stack.pop().end_line = section.start_line
            if index and id(section) in parsed.chunk_tops:
                parent = stack[-1] if stack else root
                section.parent = parent
                parent.children.append(section)
            stack.append(section)
        sections.extend(parsed.chunk.sections)
    for section in stack:
        section.end_line = len(lines)
    return Note(source, front_matter, body_start, root, sections)
