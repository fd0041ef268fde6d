"""Analysis of successive versions of one document, re-parsing only what an edit touched.

The document is cut into chunks at ATX headings (outside fenced code and HTML comments). A
chunk whose text and first line are unchanged keeps its parsed sections and its findings; only
the whole-note rules run again. The result equals :func:`analyze` on the same text (a property
test holds it to that).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import itemgetter
from typing import TYPE_CHECKING

from .analysis import (
    Analysis,
    SlotState,
    finish,
    note_wide_states,
    ordered_states,
    recognize,
    run_rules,
    slot_states,
)
from .context import Context
from .findings import Finding
from .matching import Layout
from .settings import Settings
from .structure import Chunk, FenceTracker, Note, Section, parse_chunk, parse_lines, same_blocks
from .template import TemplateSet
from .text import SourceText, Span

if TYPE_CHECKING:
    from markdown_it.token import Token


def split_points(lines: list[str], body_start: int) -> list[int]:
    """Lines where a chunk may start: ATX headings at column 0."""
    points, _ = _scan(lines, body_start, len(lines))
    return [0, *(point for point in points if point > 0)]


def _scan(lines: list[str], start: int, end: int) -> tuple[list[int], bool]:
    """Headings at column 0 in ``[start, end)`` outside fenced code and HTML comments, and
    whether the scan ends outside both (so what follows splits as it did before)."""
    points = []
    code = FenceTracker()
    in_comment = False
    for number in range(start, end):
        line = lines[number]
        if not line:
            continue
        first = line[0]
        if first == " ":
            first = line.lstrip(" ")[:1]
        if first in "`~":
            code.in_code(line)
            continue
        if code.fence:
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if first == "<":
            stripped = line.lstrip(" ")
            in_comment = stripped.startswith("<!--") and "-->" not in stripped[4:]
            continue
        if line[0] == "#" and _is_heading(line):
            points.append(number)
    return points, not (code.fence or in_comment)


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
    results: dict[tuple[object, ...], tuple[list[Finding], list[SlotState]]] = field(
        default_factory=dict
    )


def _parsed(chunk: Chunk, lines: list[str]) -> _Parsed:
    everything = [chunk.root, *chunk.sections]
    tops = frozenset(id(s) for s in chunk.sections if s.parent is chunk.root)
    return _Parsed(chunk, lines, [(s, tuple(s.children)) for s in everything], tops)


@dataclass(eq=False)
class _Version:
    """What the latest analysis leaves for the next one."""

    source: SourceText
    front_matter: dict[str, str]
    body_start: int
    lines: list[str]
    chunks: list[_Parsed]
    starts: list[int]
    offsets: list[int]
    note: Note
    layout: Layout
    note_wide: tuple[list[Finding], list[SlotState]]
    results: list[tuple[list[Finding], list[SlotState]]]
    analysis: Analysis


def _changed_lines(old: list[str], new: list[str]) -> tuple[int, int] | None:
    """The first and last differing line of two lists of the same length (list slices
    compare in C, so this costs far less than a loop over the lines)."""
    if old == new:
        return None
    low, high = 0, len(new)
    while low < high:
        middle = (low + high) // 2
        if old[low : middle + 1] == new[low : middle + 1]:
            low = middle + 1
        else:
            high = middle
    first = low
    low, high = first + 1, len(new)
    while low < high:
        middle = (low + high) // 2
        if old[middle:] == new[middle:]:
            high = middle
        else:
            low = middle + 1
    return first, low - 1


class IncrementalAnalyzer:
    """Keeps the chunks of the latest version of one document."""

    def __init__(self, templates: TemplateSet, settings: Settings) -> None:
        self.templates = templates
        self.settings = settings
        self._chunks: dict[tuple[str, int, bool], _Parsed] = {}
        self._by_start: dict[int, _Parsed] = {}
        self._version: _Version | None = None

    @property
    def warm(self) -> bool:
        """Whether an earlier version left parsed chunks to reuse."""
        return bool(self._chunks)

    def analyze(self, text: str) -> Analysis:
        source = SourceText(text)
        front_matter, body_start, lines = parse_lines(source)
        quick = self._edit_within_chunks(source, front_matter, body_start, lines)
        if quick is not None:
            return quick
        self._version = None
        chunks = self._chunks_of(lines, body_start)
        note = _assemble(source, front_matter, body_start, lines, chunks)
        layout = recognize(note, self.templates, self.settings)
        if layout is None:
            return Analysis(note, None)
        note_wide = self._note_wide(note, layout)
        results = [
            self._chunk_results(parsed, index == 0, note, layout)
            for index, parsed in enumerate(chunks)
        ]
        analysis = _combine(source, note, layout, note_wide, results, self.settings)
        offsets = list(accumulate((len(p.chunk.sections) for p in chunks), initial=0))
        self._version = _Version(
            source,
            front_matter,
            body_start,
            lines,
            chunks,
            [p.chunk.start for p in chunks],
            offsets,
            note,
            layout,
            note_wide,
            results,
            analysis,
        )
        return analysis

    def _note_wide(self, note: Note, layout: Layout) -> tuple[list[Finding], list[SlotState]]:
        ctx = Context(note, layout.template, self.settings, layout)
        return run_rules(ctx, note_wide=True), note_wide_states(ctx)

    def _edit_within_chunks(
        self, source: SourceText, front_matter: dict[str, str], body_start: int, lines: list[str]
    ) -> Analysis | None:
        """The analysis of an edit that keeps every line count, chunk boundary and heading:
        only the touched chunks are parsed and checked again, and the section tree is patched
        in place of being rebuilt. ``None`` when the edit does more; then all is redone."""
        before = self._version
        if (
            before is None
            or len(before.lines) != len(lines)
            or (before.body_start, before.front_matter) != (body_start, front_matter)
            or before.source.eol != source.eol
        ):
            return None
        changed = _changed_lines(before.lines, lines)
        if changed is None:
            return before.analysis if before.source.text == source.text else None
        first = bisect_right(before.starts, changed[0]) - 1
        last = bisect_right(before.starts, changed[1]) - 1
        start, end = before.starts[first], before.chunks[last].chunk.end
        points, settled = _scan(lines, max(start, body_start), end)
        if not settled or [start, *points[start == 0 or points[:1] == [start] :]] != [
            *before.starts[first : last + 1]
        ]:
            return None
        region = []
        for index in range(first, last + 1):
            chunk_start, chunk_end = before.starts[index], before.chunks[index].chunk.end
            parsed = self._reparse(lines, chunk_start, chunk_end)
            chunk = parsed.chunk
            if (chunk.open_at_end and chunk_end < len(lines)) or (
                index and not chunk.starts_with_heading
            ):
                return None
            region.append(parsed)
        old = [s for parsed in before.chunks[first : last + 1] for s in parsed.chunk.sections]
        new = [s for parsed in region for s in parsed.chunk.sections]
        if [(s.level, s.start_line) for s in old] != [(s.level, s.start_line) for s in new]:
            return None
        root = region[0].chunk.root if first == 0 else before.note.root
        _patch(before.chunks[first].chunk.root if first == 0 else None, root, old, new, len(lines))
        sections = before.note.sections[:]
        sections[before.offsets[first] : before.offsets[last + 1]] = new
        note = Note(source, front_matter, body_start, root, sections)
        layout = before.layout
        renamed = any(o.title != n.title for o, n in zip(old, new, strict=True))
        if renamed:
            found = recognize(note, self.templates, self.settings)
            if found is None or found.template is not layout.template:
                return None
            layout = found
        note_wide = before.note_wide
        # Whole-note findings point at headings and at the end of the note, and depend on
        # which sections are empty.
        moved = any(o.heading_span != n.heading_span for o, n in zip(old, new, strict=True))
        emptied = any(o.is_empty != n.is_empty for o, n in zip(old, new, strict=True))
        if renamed or moved or emptied or last == len(before.chunks) - 1:
            note_wide = self._note_wide(note, layout)
        chunks = before.chunks[:]
        chunks[first : last + 1] = region
        results = before.results[:]
        for index in range(first, last + 1):
            results[index] = self._chunk_results(chunks[index], index == 0, note, layout)
        for parsed in region:
            key = ("\n".join(parsed.lines), parsed.chunk.start, parsed.chunk.end == len(lines))
            self._chunks[key] = parsed
            self._by_start[parsed.chunk.start] = parsed
        analysis = _combine(source, note, layout, note_wide, results, self.settings)
        self._version = _Version(
            source,
            front_matter,
            body_start,
            lines,
            chunks,
            before.starts,
            before.offsets,
            note,
            layout,
            note_wide,
            results,
            analysis,
        )
        return analysis

    def _reparse(self, lines: list[str], start: int, end: int) -> _Parsed:
        own = lines[start:end]
        key = ("\n".join(own), start, end == len(lines))
        found = self._chunks.get(key)
        if found is not None:
            return found
        return _parsed(parse_chunk(lines, start, end, self._reusable_tokens(start, own)), own)

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
        self, parsed: _Parsed, first: bool, note: Note, layout: Layout
    ) -> tuple[list[Finding], list[SlotState]]:
        chunk = parsed.chunk
        # A section open at the chunk's end may gain subsections from later chunks.
        spans = tuple(s.is_empty for s in chunk.sections if s.end_line > chunk.end)
        key = (id(layout.template), spans, layout.signature(chunk.sections))
        found = parsed.results.get(key)
        if found is None:
            root = note.root if first else _EMPTY_ROOT
            view = Note(note.source, note.front_matter, note.body_start, root, chunk.sections)
            ctx = Context(view, layout.template, self.settings, layout)
            found = (run_rules(ctx, note_wide=False), slot_states(ctx))
            parsed.results.clear()
            parsed.results[key] = found
        return found


_EMPTY_ROOT = Section("", "", 0, Span(0, 0, 0, 0), Span(0, 0, 0, 0), 0)


def _combine(
    source: SourceText,
    note: Note,
    layout: Layout,
    note_wide: tuple[list[Finding], list[SlotState]],
    results: list[tuple[list[Finding], list[SlotState]]],
    settings: Settings,
) -> Analysis:
    raw = [*note_wide[0], *chain.from_iterable(map(itemgetter(0), results))]
    states = ordered_states([*note_wide[1], *chain.from_iterable(map(itemgetter(1), results))])
    return Analysis(note, layout.template, finish(raw, settings, source), states, layout)


def _patch(
    old_root: Section | None, root: Section, old: list[Section], new: list[Section], count: int
) -> None:
    """Put ``new`` sections in the places of ``old`` ones of the same levels and lines."""
    mapping = {id(o): n for o, n in zip(old, new, strict=True)}
    if old_root is not None:
        mapping[id(old_root)] = root
        root.children = [mapping.get(id(child), child) for child in old_root.children]
        for child in root.children:
            child.parent = root
        root.end_line = count
    for o, n in zip(old, new, strict=True):
        n.end_line = o.end_line
        n.children = [mapping.get(id(child), child) for child in o.children]
        for child in n.children:
            child.parent = n
        parent = o.parent if o.parent is None else mapping.get(id(o.parent), o.parent)
        n.parent = parent
        if parent is not None and id(o.parent) not in mapping:
            siblings = parent.children
            siblings[next(i for i, s in enumerate(siblings) if s is o)] = n


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
