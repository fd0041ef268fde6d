"""Analysis of successive versions of one document, re-parsing only what an edit touched.

The document is cut into chunks at ATX headings (outside fenced code and HTML comments). A
chunk whose text and first line are unchanged keeps its parsed sections and its findings; only
the whole-note rules run again. An edit that keeps the line count and every chunk boundary and
heading (typing, mostly) goes further: only the chunks it touched are parsed and checked again,
and their sections are patched into the previous section tree. The result equals
:func:`analyze` on the same text (a property test holds it to that).
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
from .structure import (
    Chunk,
    FenceTracker,
    Note,
    Section,
    WholeParse,
    parse_chunk,
    parse_lines,
    same_blocks,
)
from .template import TemplateSet
from .text import SourceText

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


def _moved_chunk(parsed: _Parsed, lines: int) -> _Parsed | None:
    """A chunk's parse and rule results ``lines`` lines further down, or ``None`` when one of
    its results points outside the chunk (then it is parsed and checked again)."""
    chunk = parsed.chunk
    results = parsed.results
    if not all(_inside(chunk, found) for found in results.values()):
        return None
    copies: dict[int, Section] = {}
    for section in chunk.sections:
        copy = Section(
            section.title,
            section.key,
            section.level,
            section.heading_span.moved(lines),
            section.title_span.moved(lines),
            section.start_line + lines,
            section.end_line + lines,
            slots=[slot.moved(lines) for slot in section.slots],
            has_text=section.has_text,
        )
        copies[id(section)] = copy
    root = Section.new_root()
    copies[id(chunk.root)] = root
    # The tree within the chunk as its parse made it: assembling a note links its sections
    # to those of other chunks, which stay where they are.
    for section, children in parsed.own_children:
        parent = copies[id(section)]
        parent.children = [copies[id(child)] for child in children]
        for child in parent.children:
            child.parent = parent
    moved = Chunk(
        chunk.start + lines,
        chunk.end + lines,
        root,
        [copies[id(section)] for section in chunk.sections],
        chunk.open_at_end,
        chunk.starts_with_heading,
        chunk.tokens,
    )
    found = _parsed(moved, parsed.lines)
    found.results = {
        key: ([f.moved(lines) for f in findings], [state.moved(lines) for state in states])
        for key, (findings, states) in results.items()
    }
    return found


def _inside(chunk: Chunk, results: tuple[list[Finding], list[SlotState]]) -> bool:
    """Whether every position the results hold lies within the chunk's lines (an insertion may
    sit at its end, the next chunk's first line)."""
    findings, states = results
    spans = [
        *(f.span for f in findings),
        *(edit.span for f in findings for fix in f.fixes for edit in fix.edits),
        *(state.span for state in states),
        *(state.cursor for state in states if state.cursor is not None),
    ]
    return all(chunk.start <= s.start_line and s.end_line <= chunk.end for s in spans)


_Key = tuple[str, int, bool]
"""A chunk's text, first line and whether it ends the document: what its parse depends on."""

_Results = tuple[list[Finding], list[SlotState]]
"""The findings and slot states of the rules run over a chunk, or of the whole-note rules."""


def _key(lines: list[str], start: int, end: int) -> _Key:
    return "\n".join(lines[start:end]), start, end == len(lines)


class _ChunkStore:
    """The parsed chunks of the latest version: by text and place, for any later version that
    holds the same chunk, and by first line, for the token reuse of the next keystroke."""

    def __init__(self) -> None:
        self._by_key: dict[_Key, _Parsed] = {}
        self._by_start: dict[int, _Parsed] = {}
        self._by_text: dict[tuple[str, bool], _Parsed] = {}
        self._line_count = 0  # of the version the chunks belong to
        self._whole: WholeParse | None = None  # while splitting a first version

    def __bool__(self) -> bool:
        """Whether the store holds any chunk."""
        return bool(self._by_key)

    def split(self, lines: list[str], body_start: int) -> list[_Parsed]:
        """Parse the chunks, merging where one block would run across a boundary."""
        points = split_points(lines, body_start)
        bounds = [*points, len(lines)]
        # With nothing to reuse, one parse of the whole text serves every chunk it can.
        self._whole = WholeParse(lines) if not self._by_key and len(points) > 1 else None
        kept: dict[_Key, _Parsed] = {}
        chunks: list[_Parsed] = []
        index = 0
        while index < len(points):
            parsed, index = self._take(lines, bounds, bounds[index], index + 1, kept)
            while len(chunks) and not parsed.chunk.starts_with_heading:
                start = chunks.pop().chunk.start
                parsed, index = self._take(lines, bounds, start, index, kept)
            chunks.append(parsed)
        self._by_key = kept
        self._by_start = {parsed.chunk.start: parsed for parsed in chunks}
        self._by_text = {(text, last): parsed for (text, _, last), parsed in kept.items()}
        self._line_count = len(lines)
        self._whole = None
        return chunks

    def _take(
        self,
        lines: list[str],
        bounds: list[int],
        start: int,
        stop: int,
        kept: dict[_Key, _Parsed],
    ) -> tuple[_Parsed, int]:
        """The chunk from ``start`` to ``bounds[stop]``, extended while a block stays open."""
        while True:
            end = bounds[stop]
            key = _key(lines, start, end)
            parsed = kept.get(key) or self._by_key.get(key) or self._moved(key, len(lines))
            if parsed is None:
                parsed = self._parse(lines, start, end)
            if parsed.chunk.open_at_end and stop < len(bounds) - 1:
                stop += 1
                continue
            kept[key] = parsed
            return parsed, stop

    def reparse(self, lines: list[str], start: int, end: int) -> _Parsed:
        """The chunk of lines ``[start, end)``: an earlier parse of the same text at the same
        place, else a new one."""
        found = self._by_key.get(_key(lines, start, end))
        return found if found is not None else self._parse(lines, start, end)

    def remember(self, region: list[_Parsed], lines: list[str]) -> None:
        """Keep the reparsed chunks: by text, for an edit that is undone or a later full
        analysis, and by first line, for the token reuse of the next keystroke."""
        for parsed in region:
            chunk = parsed.chunk
            text, start, last = key = _key(lines, chunk.start, chunk.end)
            self._by_key[key] = parsed
            self._by_start[start] = parsed
            self._by_text[text, last] = parsed
        self._line_count = len(lines)

    def _moved(self, key: _Key, line_count: int) -> _Parsed | None:
        """The chunk of the same text parsed elsewhere, moved to this key's first line: a line
        added or removed above a chunk moves it, and its parse and results move with it. The
        chunk as many lines up as the document grew is preferred: the same one, whose results
        hold (another of the same text may sit in another interview)."""
        text, start, last = key
        grown = line_count - self._line_count
        found = self._by_key.get((text, start - grown, last)) or self._by_text.get((text, last))
        if found is None or found.chunk.start == start:
            return None
        return _moved_chunk(found, start - found.chunk.start)

    def _parse(self, lines: list[str], start: int, end: int) -> _Parsed:
        """Lines ``[start, end)`` parsed, with the previous tokens when they still hold."""
        own = lines[start:end]
        whole = self._whole.chunk_tokens(start, end) if self._whole is not None else None
        tokens = whole if whole is not None else self._reusable_tokens(start, own)
        return _parsed(parse_chunk(lines, start, end, tokens), own)

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


@dataclass(frozen=True, eq=False)
class _Version:
    """What the latest analysis leaves for the next one."""

    note: Note  # also holds the source, the front matter and the first body line
    lines: list[str]  # as the Markdown parser sees them (see ``parse_lines``)
    chunks: list[_Parsed]
    starts: list[int]  # the chunks' first lines, for bisection
    offsets: list[int]  # where each chunk's sections begin in ``note.sections``, and the end
    layout: Layout
    note_wide: _Results
    results: list[_Results]  # one for each chunk
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


def _same_frame(
    before: _Version,
    source: SourceText,
    front_matter: dict[str, str],
    body_start: int,
    lines: list[str],
) -> bool:
    """Whether the edit keeps the line count, the front matter and the line ending: spans
    hold line numbers, and text the core inserts uses the document's line ending, so findings
    of untouched chunks stay true only then."""
    note = before.note
    return (
        len(before.lines) == len(lines)
        and (note.body_start, note.front_matter) == (body_start, front_matter)
        and note.source.eol == source.eol
    )


def _touched_chunks(before: _Version, lines: list[str], changed: tuple[int, int]) -> range | None:
    """The chunks holding the changed lines, or ``None`` when the edit moves a boundary: the
    headings that start chunks must be the ones there were, and the chunks must not end in an
    open fence or comment, which would hide the headings after them."""
    first = bisect_right(before.starts, changed[0]) - 1
    last = bisect_right(before.starts, changed[1]) - 1
    start, end = before.starts[first], before.chunks[last].chunk.end
    points, settled = _scan(lines, max(start, before.note.body_start), end)
    inner = points[1:] if start == 0 or points[:1] == [start] else points
    if not settled or [start, *inner] != before.starts[first : last + 1]:
        return None
    return range(first, last + 1)


@dataclass(frozen=True, eq=False)
class _Edit:
    """An edit within some chunks of the previous version, and their parses before and after."""

    before: _Version
    lines: list[str]
    changed: tuple[int, int]  # the first and last changed line
    touched: range  # the indexes of the chunks that hold changed lines
    region: list[_Parsed]  # those chunks parsed again
    old: list[Section]  # their sections before the edit
    new: list[Section]  # and after it

    @classmethod
    def of(
        cls,
        before: _Version,
        lines: list[str],
        changed: tuple[int, int],
        touched: range,
        region: list[_Parsed],
    ) -> _Edit:
        old = [
            s
            for parsed in before.chunks[touched.start : touched.stop]
            for s in parsed.chunk.sections
        ]
        new = [s for parsed in region for s in parsed.chunk.sections]
        return cls(before, lines, changed, touched, region, old, new)

    def keeps_headings(self) -> bool:
        """Whether the new sections stand where the old ones stood, with the same levels: then
        each takes the place of one old section in the tree, with its parent and children."""
        old, new = self.old, self.new
        return [(s.level, s.start_line) for s in old] == [(s.level, s.start_line) for s in new]

    def patched_note(self, source: SourceText) -> Note:
        """The new note: the previous section tree with the touched chunks' sections swapped
        for their new parses, which costs less than linking every chunk again."""
        before, first = self.before, self.touched.start
        root = self.region[0].chunk.root if first == 0 else before.note.root
        old_root = before.chunks[0].chunk.root if first == 0 else None
        _patch(old_root, root, self.old, self.new, len(self.lines))
        sections = before.note.sections[:]
        sections[before.offsets[first] : before.offsets[self.touched.stop]] = self.new
        return Note(source, before.note.front_matter, before.note.body_start, root, sections)

    def renamed(self) -> bool:
        """Whether a heading's title changed, which may change how the note follows its
        template."""
        return any(o.title != n.title for o, n in zip(self.old, self.new, strict=True))

    def whole_note_changed(self) -> bool:
        """Whether the whole-note findings may differ once the tree is patched: they point at
        headings and at the end of the note (in the last chunk), depend on which sections
        are empty, and their fixes read the line above where they insert."""
        return (
            self.touched.stop == len(self.before.chunks)
            or any(
                o.title != n.title or o.heading_span != n.heading_span or o.is_empty != n.is_empty
                for o, n in zip(self.old, self.new, strict=True)
            )
            or self._near_note_wide_edits()
        )

    def _near_note_wide_edits(self) -> bool:
        first, last = self.changed
        return any(
            first - 1 <= line <= last + 1
            for finding in self.before.note_wide[0]
            for fix in finding.fixes
            for edit in fix.edits
            for line in (edit.span.start_line, edit.span.end_line)
        )


class IncrementalAnalyzer:
    """Keeps the chunks of the latest version of one document."""

    def __init__(self, templates: TemplateSet, settings: Settings) -> None:
        self.templates = templates
        self.settings = settings
        self._chunks = _ChunkStore()
        self._version: _Version | None = None

    @property
    def warm(self) -> bool:
        """Whether an earlier version left parsed chunks to reuse."""
        return bool(self._chunks)

    def analyze(self, text: str) -> Analysis:
        """The analysis of the document's next version, equal to :func:`analyze` of ``text``."""
        source = SourceText(text)
        front_matter, body_start, lines = parse_lines(source)
        quick = self._edit_within_chunks(source, front_matter, body_start, lines)
        if quick is not None:
            return quick
        return self._analyze_all(source, front_matter, body_start, lines)

    def _analyze_all(
        self, source: SourceText, front_matter: dict[str, str], body_start: int, lines: list[str]
    ) -> Analysis:
        """Split the text into chunks again, reusing those an earlier version parsed, and run
        every rule whose results a chunk does not hold for the note's layout."""
        before, self._version = self._version, None
        chunks = self._chunks.split(lines, body_start)
        note = _assemble(source, front_matter, body_start, lines, chunks)
        layout = _same_headings(before, note) or recognize(note, self.templates, self.settings)
        if layout is None:
            return Analysis(note, None)
        note_wide = self._note_wide(note, layout)
        results = [
            self._chunk_results(parsed, index == 0, note, layout)
            for index, parsed in enumerate(chunks)
        ]
        analysis = _combine(note, layout, note_wide, results, self.settings)
        self._version = _Version(
            note=note,
            lines=lines,
            chunks=chunks,
            starts=[parsed.chunk.start for parsed in chunks],
            offsets=list(accumulate((len(p.chunk.sections) for p in chunks), initial=0)),
            layout=layout,
            note_wide=note_wide,
            results=results,
            analysis=analysis,
        )
        return analysis

    def _edit_within_chunks(
        self, source: SourceText, front_matter: dict[str, str], body_start: int, lines: list[str]
    ) -> Analysis | None:
        """The analysis of an edit that keeps every line count, chunk boundary and heading:
        only the touched chunks are parsed and checked again, and the section tree is patched
        in place of being rebuilt. Each ``return None`` is an edit that does more; then
        :meth:`_analyze_all` redoes all."""
        before = self._version
        if before is None or not _same_frame(before, source, front_matter, body_start, lines):
            return None
        changed = _changed_lines(before.lines, lines)
        if changed is None:
            # The same lines from another text: line endings or front matter the parser skips.
            return before.analysis if before.note.source.text == source.text else None
        touched = _touched_chunks(before, lines, changed)
        if touched is None:
            return None
        region = self._reparse_touched(before, lines, touched)
        if region is None:
            return None
        edit = _Edit.of(before, lines, changed, touched, region)
        if not edit.keeps_headings():
            return None
        note = edit.patched_note(source)
        layout = self._same_template(note, before.layout) if edit.renamed() else before.layout
        if layout is None:
            return None
        return self._recheck(edit, note, layout)

    def _reparse_touched(
        self, before: _Version, lines: list[str], touched: range
    ) -> list[_Parsed] | None:
        """The touched chunks parsed again within their old bounds, or ``None`` when one no
        longer stands alone: a block left open at its end would run into the next chunk, and
        every chunk but the first must open with its heading."""
        region = []
        for index in touched:
            end = before.chunks[index].chunk.end
            parsed = self._chunks.reparse(lines, before.starts[index], end)
            chunk = parsed.chunk
            if (chunk.open_at_end and end < len(lines)) or (
                index and not chunk.starts_with_heading
            ):
                return None
            region.append(parsed)
        return region

    def _same_template(self, note: Note, layout: Layout) -> Layout | None:
        """The layout of a note whose headings were renamed: recognised again, since a title
        decides which template part a section matches, or ``None`` when the note now follows
        another template or none."""
        found = recognize(note, self.templates, self.settings)
        if found is None or found.template is not layout.template:
            return None
        return found

    def _recheck(self, edit: _Edit, note: Note, layout: Layout) -> Analysis:
        """Run the rules again over the touched chunks, and the whole-note rules when their
        findings may change; then keep the new version."""
        before, touched = edit.before, edit.touched
        note_wide = before.note_wide
        if edit.whole_note_changed():
            note_wide = self._note_wide(note, layout)
        chunks = before.chunks[:]
        chunks[touched.start : touched.stop] = edit.region
        results = before.results[:]
        # A renamed heading may change how sections far from it match the template (a title
        # that no longer starts an interview): every chunk's results are looked up again,
        # found in its cache when what it sees is unchanged.
        again = touched if layout is before.layout else range(len(chunks))
        for index in again:
            results[index] = self._chunk_results(chunks[index], index == 0, note, layout)
        self._chunks.remember(edit.region, edit.lines)
        analysis = _combine(note, layout, note_wide, results, self.settings)
        self._version = _Version(
            note=note,
            lines=edit.lines,
            chunks=chunks,
            starts=before.starts,
            offsets=before.offsets,
            layout=layout,
            note_wide=note_wide,
            results=results,
            analysis=analysis,
        )
        return analysis

    def _note_wide(self, note: Note, layout: Layout) -> _Results:
        ctx = Context(note, layout.template, self.settings, layout)
        return run_rules(ctx, note_wide=True), note_wide_states(ctx)

    def _chunk_results(self, parsed: _Parsed, first: bool, note: Note, layout: Layout) -> _Results:
        """The per-section rules over one chunk, run again only when what they see changed:
        the template, the line ending their fixes insert, how sections match the template, the
        emptiness of sections that later chunks extend, and what the interview of an empty
        section holds elsewhere."""
        chunk = parsed.chunk
        # A section open at the chunk's end may gain subsections from later chunks.
        spans = tuple(s.is_empty for s in chunk.sections if s.end_line > chunk.end)
        key = (
            id(layout.template),
            note.source.eol,
            spans,
            layout.signature(chunk.sections),
            _interviews_filled(layout, chunk.sections),
        )
        found = parsed.results.get(key)
        if found is None:
            root = note.root if first else _EMPTY_ROOT
            view = Note(note.source, note.front_matter, note.body_start, root, chunk.sections)
            ctx = Context(view, layout.template, self.settings, layout)
            found = (run_rules(ctx, note_wide=False), slot_states(ctx))
            parsed.results.clear()
            parsed.results[key] = found
        return found


def _same_headings(before: _Version | None, note: Note) -> Layout | None:
    """The previous layout at the new lines when the note has the same headings in the same
    order and the same front matter (lines added or removed elsewhere): recognising it again
    would find the same."""
    if before is None or before.note.front_matter != note.front_matter:
        return None
    old, new = before.note.sections, note.sections
    if len(old) != len(new) or any(
        o.level != n.level or o.title != n.title for o, n in zip(old, new, strict=True)
    ):
        return None
    lines = {o.start_line: n.start_line for o, n in zip(old, new, strict=True)}
    lines[len(before.lines)] = len(note.source.lines)
    return before.layout.moved(lines)


def _interviews_filled(layout: Layout, sections: list[Section]) -> tuple[object, ...]:
    """What an empty section's fix reads of its interview beyond the chunk: the template
    sections the interview holds anywhere (the fix fills in only those it lacks) and its heading
    level. Empty only when no section of the chunk is empty and matched."""
    ordinals = {
        layout.ordinal(s.start_line) for s in sections if s.is_empty and layout.match(s) is not None
    }
    return tuple(
        (index, part.base_level, frozenset(part.by_template))
        for index, part in enumerate(layout.parts)
        if index in ordinals
    )


_EMPTY_ROOT = Section.new_root()


def _combine(
    note: Note, layout: Layout, note_wide: _Results, results: list[_Results], settings: Settings
) -> Analysis:
    """One analysis from the whole-note results and those of every chunk."""
    raw = [*note_wide[0], *chain.from_iterable(map(itemgetter(0), results))]
    states = ordered_states([*note_wide[1], *chain.from_iterable(map(itemgetter(1), results))])
    return Analysis(note, layout.template, finish(raw, settings, note.source), states, layout)


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
