"""The structure of a Markdown note: sections and the slots a writer fills in them.

Templates and notes go through the same parser, so a Markdown file written in the template's
style is itself a schema. Block boundaries come from markdown-it-py's ``token.map``; columns
come from the source lines, so every span is exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING
from weakref import ReferenceType, ref

from .text import BOM, SourceText, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Every pattern here runs in linear time on any text: no two unbounded quantifiers next to each
# other take the same characters, and what a pattern cannot say without such a pair (the spaces
# before a closing ``#`` or ``_``, the text of a link) is done in Python instead.
_EMPHASIS = re.compile(r"[*_`~]+")
_NON_WORD = re.compile(r"[\W_]+")
# Numbering words (``2``, ``iv``, ``b``); the three alternatives take disjoint words, so a word
# is read one way only.
_LEADING_NUMBER = re.compile(r"^(?:(?:\d+|[ivx]+|[a-hj-uwyz]) )+(?=\D)")
_NUMBERING = re.compile(r"^\d{1,3}[.)][ \t]+")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)

# The opening of an ATX heading; its title and closing sequence are read by :func:`atx_title`.
_ATX_OPEN = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_LABEL = re.compile(r"^( {0,3})(\*\*|__)(?P<label>[^*_\n]+?)(?P<inner>:?)\2(?P<outer>:?)")
# The head of an inline field (``_Name:``); its value is read by :func:`_inline_field_match`.
_INLINE_HEAD = re.compile(r"^(?P<indent>\s*)(?P<mark>[_*])(?P<name>[^_*:\n]{1,40}):")
_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+|$)")
_TASK = re.compile(r"^\[(?P<mark>[ xX])\](?:[ \t]+|$)")
_FIELD = re.compile(r"^(?P<name>(?:\*\*|__)?[^:`<>\[\]\n]{1,60}?(?:\*\*|__)?):(?P<after>[ \t]+|$)")
_BOLD_FIELD = re.compile(
    r"^(?P<open>\*\*|__)(?P<name>[^*_:`<>\[\]\n]{1,60}):(?P<close>(?P=open))(?:[ \t]+|$)"
)
_BARE_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*$")
_PIPE_OR_ESCAPE = re.compile(r"\\.|\|")
# ``key:`` or ``key =``; the value after it is the rest of the line, stripped in Python.
FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*[:=]")


def normalize_key(title: str) -> str:
    """A heading or label compared ignoring case, spacing, emphasis and numbering."""
    text = _link_text(title)
    text = _EMPHASIS.sub("", text).casefold().replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_NUMBER.sub("", text).strip()


def fence_marker(line: str) -> str:
    """The opening run of a fence line (```` ``` ```` or ``~~~``), or ``""``."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or stripped[:3] not in ("```", "~~~"):
        return ""
    return stripped[: len(stripped) - len(stripped.lstrip(stripped[0]))]


class FenceTracker:
    """Follows fenced code line by line, for scans that must not read inside code."""

    def __init__(self) -> None:
        self.fence = ""

    def in_code(self, line: str) -> bool:
        """Whether ``line`` is a fence or inside fenced code."""
        marker = fence_marker(line)
        if self.fence:
            rest = line.lstrip(" ")[len(marker) :]
            if marker.startswith(self.fence) and not rest.strip():
                self.fence = ""
            return True
        if marker:
            self.fence = marker
            return True
        return False


def plain(title: str) -> str:
    """A heading or label as a reader sees it, without Markdown emphasis or link syntax."""
    return " ".join(_EMPHASIS.sub("", _link_text(title)).split())


def _link_text(text: str) -> str:
    r"""``text`` with each ``[label](target)`` and ``![alt](target)`` replaced by its label.

    The label runs to the first ``]`` and the target to the first ``)``, as the pattern
    ``!?\[([^\]]*)\]\([^)]*\)`` reads them; but a pattern rereads the rest of the text from
    every ``[`` (quadratic time on ``[[[[...``), where this scan looks each ``]`` and ``)`` up
    once.
    """
    if "](" not in text:
        return text
    parts: list[str] = []
    done = 0
    close = paren = -1
    start = text.find("[")
    while start >= 0:
        if close < start:
            close = text.find("]", start)
            if close < 0:
                break
        if text.startswith("(", close + 1):
            if paren < close + 2:
                paren = text.find(")", close + 2)
                if paren < 0:
                    break
            begin = start - 1 if start > done and text[start - 1] == "!" else start
            parts += [text[done:begin], text[start + 1 : close]]
            done = paren + 1
            start = text.find("[", done)
        else:
            start = text.find("[", start + 1)
    return "".join([*parts, text[done:]]) if parts else text


def strip_comments(text: str) -> str:
    return _HTML_COMMENT.sub("", text)


@dataclass(slots=True)
class LabelledParagraph:
    """``**Notes:**`` and the text that follows it up to the next label, heading or rule."""

    label: str
    key: str
    label_span: Span
    value: str = ""
    value_span: Span | None = None
    end_line: int = 0

    def moved(self, lines: int) -> LabelledParagraph:
        value_span = self.value_span.moved(lines) if self.value_span is not None else None
        return LabelledParagraph(
            self.label,
            self.key,
            self.label_span.moved(lines),
            self.value,
            value_span,
            self.end_line + lines,
        )


@dataclass(slots=True)
class Field:
    """``- Name: value`` (a list item) or ``_Name: value_`` (an inline field)."""

    name: str
    key: str
    name_span: Span
    value: str
    value_span: Span
    item_span: Span
    inline: bool = False

    def moved(self, lines: int) -> Field:
        return Field(
            self.name,
            self.key,
            self.name_span.moved(lines),
            self.value,
            self.value_span.moved(lines),
            self.item_span.moved(lines),
            self.inline,
        )


@dataclass(slots=True)
class Cell:
    text: str
    span: Span

    def moved(self, lines: int) -> Cell:
        return Cell(self.text, self.span.moved(lines))


@dataclass(slots=True)
class TableRow:
    cells: list[Cell]
    span: Span

    def moved(self, lines: int) -> TableRow:
        return TableRow([cell.moved(lines) for cell in self.cells], self.span.moved(lines))

    @property
    def line(self) -> int:
        return self.span.start_line


@dataclass(slots=True)
class Table:
    header: list[Cell]
    rows: list[TableRow]
    span: Span

    def moved(self, lines: int) -> Table:
        return Table(
            [cell.moved(lines) for cell in self.header],
            [row.moved(lines) for row in self.rows],
            self.span.moved(lines),
        )

    @property
    def columns(self) -> list[str]:
        return [cell.text for cell in self.header]


@dataclass(slots=True)
class ListItem:
    text: str
    span: Span
    marker_span: Span

    def moved(self, lines: int) -> ListItem:
        return ListItem(self.text, self.span.moved(lines), self.marker_span.moved(lines))


@dataclass(slots=True)
class BulletList:
    items: list[ListItem]
    span: Span

    def moved(self, lines: int) -> BulletList:
        return BulletList([item.moved(lines) for item in self.items], self.span.moved(lines))


@dataclass(slots=True)
class CheckItem:
    checked: bool
    text: str
    span: Span
    box_span: Span

    def moved(self, lines: int) -> CheckItem:
        return CheckItem(
            self.checked, self.text, self.span.moved(lines), self.box_span.moved(lines)
        )


@dataclass(slots=True)
class Checklist:
    items: list[CheckItem]
    span: Span

    def moved(self, lines: int) -> Checklist:
        return Checklist([item.moved(lines) for item in self.items], self.span.moved(lines))


@dataclass(slots=True)
class CodeBlock:
    info: str
    content: str
    span: Span

    def moved(self, lines: int) -> CodeBlock:
        return CodeBlock(self.info, self.content, self.span.moved(lines))


Slot = LabelledParagraph | Field | Table | BulletList | Checklist | CodeBlock


def slot_span(slot: Slot) -> Span:
    """The whole extent of a slot in the source."""
    if isinstance(slot, LabelledParagraph):
        end = slot.value_span or slot.label_span
        return Span(
            slot.label_span.start_line, slot.label_span.start_col, end.end_line, end.end_col
        )
    if isinstance(slot, Field):
        return slot.item_span
    return slot.span


@dataclass(eq=False)
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    title: str
    key: str
    level: int
    heading_span: Span
    title_span: Span
    start_line: int
    end_line: int = 0
    children: list[Section] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    has_text: bool = False
    _parent: ReferenceType[Section] | None = field(default=None, init=False, repr=False)

    @classmethod
    def new_root(cls) -> Section:
        """The section above every heading: what a document holds before its first one."""
        return cls("", "", 0, Span(0, 0, 0, 0), Span(0, 0, 0, 0), 0)

    @property
    def parent(self) -> Section | None:
        """The section this one is under (the root for a top-level one). Held weakly: a tree
        is then no reference cycle and goes as soon as nothing holds it, where a cycle would
        wait for a full garbage collection, which stops every thread for tens of milliseconds
        on a long note (and each version of an edited note leaves one)."""
        found = self._parent
        return found() if found is not None else None

    @parent.setter
    def parent(self, section: Section | None) -> None:
        self._parent = ref(section) if section is not None else None

    def __getstate__(self) -> dict[str, object]:
        """A copy for another process (a pool that cannot fork) holds its parent strongly."""
        state = dict(self.__dict__)
        state["_parent"] = self.parent
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        parent = state.pop("_parent")
        self.__dict__.update(state)
        self.parent = parent if isinstance(parent, Section) else None

    @property
    def is_empty(self) -> bool:
        """Nothing written under the heading: no text, no slot, no subsection."""
        return not (self.has_text or self.slots or self.children)

    @property
    def name(self) -> str:
        return plain(self.title)

    @property
    def display_name(self) -> str:
        """The name messages use: without the heading's numbering (``1. WHAT`` is ``WHAT``)."""
        return _NUMBERING.sub("", self.name) or self.name

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def fields(self) -> list[Field]:
        return [slot for slot in self.slots if isinstance(slot, Field)]


@dataclass(eq=False)
class Note:
    """A parsed Markdown document: its front matter and its sections."""

    source: SourceText
    front_matter: dict[str, str]
    body_start: int
    root: Section
    sections: list[Section]

    @property
    def first_heading(self) -> Section | None:
        return self.sections[0] if self.sections else None

    def slots(self) -> Iterator[tuple[Section, Slot]]:
        for section in [self.root, *self.sections]:
            for slot in section.slots:
                yield section, slot

    def section_at(self, line: int) -> Section:
        """The innermost section holding ``line``."""
        found = self.root
        for section in self.sections:
            if section.start_line > line:
                break
            if line < section.end_line:
                found = section
        return found


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The block parser every note and template goes through."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")
    # Only block structure is read; inline parsing would cost a third of the time for nothing.
    parser.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    return parser


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Top-level ``key: value`` pairs of YAML (``---``) or TOML (``+++``) front matter.

    Only flat string values are read, with no YAML or TOML loader: nothing in a note can run
    code or make the parser fail.
    """
    if not lines:
        return {}, 0
    fence = lines[0].lstrip(BOM).rstrip()
    if fence not in ("---", "+++"):
        return {}, 0
    closers = ("---", "...") if fence == "---" else ("+++",)
    for index in range(1, min(len(lines), 500)):
        if lines[index].rstrip() in closers:
            values: dict[str, str] = {}
            for line in lines[1:index]:
                match = FRONT_MATTER_KEY.match(line)
                if match:
                    values[match.group(1).lower()] = line[match.end() :].strip().strip("'\"")
            return values, index + 1
    return {}, 0


def parse_lines(source: SourceText) -> tuple[dict[str, str], int, list[str]]:
    """Front matter, the first body line, and the lines as the Markdown parser sees them.

    Front matter lines become blank and a BOM becomes a space, so line numbers and columns
    stay those of the source.
    """
    lines = source.lines
    front_matter, body_start = parse_front_matter(lines)
    visible = [""] * body_start + lines[body_start:] if body_start else lines[:]
    if visible and visible[0].startswith(BOM):
        visible[0] = " " + visible[0][1:]
    return front_matter, body_start, visible


@dataclass(eq=False)
class Chunk:
    """The sections and slots of lines ``[start, end)`` parsed on their own."""

    start: int
    end: int
    root: Section
    sections: list[Section]
    open_at_end: bool
    starts_with_heading: bool
    tokens: list[Token]


def parse_chunk(lines: list[str], start: int, end: int, tokens: list[Token] | None = None) -> Chunk:
    """Parse lines ``[start, end)``; spans are absolute line numbers. ``tokens`` are those of
    text with the same blocks (see :func:`same_blocks`), to skip the Markdown parser."""
    if tokens is None:
        # Joined, the lines would lose a blank last line to the final line break; but a list
        # before the next chunk's heading takes in the blank lines under it, as it does in
        # the parse of the whole text, so a chunk followed by others keeps that line.
        text = "\n".join(lines[start:end]) + ("\n" if end < len(lines) else "")
        tokens = markdown_parser().parse(text)
    builder = _Builder(lines, start, end)
    builder.run(tokens)
    first = next((t for t in tokens if t.level == 0 and t.map), None)
    starts_with_heading = first is not None and first.type == "heading_open" and first.map == [0, 1]
    last = next((t for t in reversed(tokens) if t.level == 0 and t.map), None)
    open_at_end = (
        last is not None
        and last.type in ("fence", "html_block", "code_block")
        and last.map is not None
        and last.map[1] + start > _last_nonblank(lines, start, end)
    )
    return Chunk(
        start, end, builder.root, builder.sections, open_at_end, starts_with_heading, tokens
    )


# Anchored: it is only ever matched at the start of a line's text, and unanchored it would try
# nine digits of ``\d{1,9}`` at every digit of a long number.
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,9}[.)]|\[[ xX]\])(?=[ \t]|$)")
# Lines whose every character may decide the blocks: HTML, fences, quotes, link definitions.
_WHOLE_LINE_HEADS = "<`~>['\"("
_CONTENT_BLOCKS = ("fence", "code_block", "html_block")
_MAX_MARKERS = 8


def _shape(line: str) -> tuple[object, ...]:
    """What of a line decides Markdown's block structure, ignoring the text it carries:
    indentation, list markers and task boxes, and the start of what follows them."""
    shape: list[object] = []
    rest = line
    for _ in range(_MAX_MARKERS):
        stripped = rest.lstrip(" \t")
        if not stripped:
            return (*shape, "")
        shape.append(rest[: len(rest) - len(stripped)])
        head = stripped[0]
        pipes = (stripped.count("|"), stripped.count("\\|"), stripped.rstrip().endswith("|"))
        if head in _WHOLE_LINE_HEADS and not _LIST_MARKER.match(stripped):
            return (*shape, stripped)
        if pipes[0] and not stripped.strip("|-: \t"):
            return (*shape, stripped)
        if head in "-*_=" and not stripped.strip(head + " \t"):
            return (*shape, stripped)
        if head == "#":
            run = len(stripped) - len(stripped.lstrip("#"))
            return (*shape, head, run, stripped[run : run + 1], pipes)
        marker = _LIST_MARKER.match(stripped)
        if marker is None:
            return (*shape, "|" if head == "|" else "text", pipes)
        shape.append(marker.group(0))
        rest = stripped[marker.end() :]
    return (*shape, rest)


def same_blocks(tokens: list[Token], line: int, old: str, new: str) -> bool:
    """Whether replacing line ``line`` (relative to the tokens' text) ``old`` by ``new``
    leaves every block as it is, so the tokens still describe the text."""
    if _shape(old) != _shape(new):
        return False
    return not any(
        token.type in _CONTENT_BLOCKS and token.map and token.map[0] <= line < token.map[1]
        for token in tokens
    )


class WholeParse:
    """One parse of a whole text, cut into the tokens of chunks of it: the first analysis of a
    note with thousands of headings would otherwise call the parser once for each chunk, and
    each call has a cost of its own. The tokens of a chunk are those the parser makes of its
    lines alone when no block runs across its bounds (a heading at column 0 ends every block
    but an unclosed fence or an HTML block, which then run across)."""

    def __init__(self, lines: list[str]) -> None:
        self.tokens = markdown_parser().parse("\n".join(lines))
        # The level-0 blocks: first line, end line, first token, end token.
        self.blocks: list[tuple[int, int, int, int]] = []
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.level or token.map is None:
                index += 1
                continue
            after = _skip_block(self.tokens, index) if token.nesting == 1 else index + 1
            self.blocks.append((token.map[0], token.map[1], index, after))
            index = after
        self.starts = [block[0] for block in self.blocks]
        self._taken = 0  # blocks before this one were given out (each token goes once)

    def chunk_tokens(self, start: int, end: int) -> list[Token] | None:
        """The tokens of lines ``[start, end)`` with lines counted from ``start``, or ``None``
        when a block runs across a bound (or the lines were asked for before)."""
        low, high = bisect_left(self.starts, start), bisect_left(self.starts, end)
        if low < self._taken or (low and self.blocks[low - 1][1] > start):
            return None
        if high > low and self.blocks[high - 1][1] > end:
            return None
        self._taken = high
        if high == low:
            return []
        tokens = self.tokens[self.blocks[low][2] : self.blocks[high - 1][3]]
        for token in tokens:
            if token.map is not None:
                token.map = [token.map[0] - start, token.map[1] - start]
        return tokens


def parse_note(text: str | SourceText) -> Note:
    """Parse ``text`` into sections and slots."""
    source = text if isinstance(text, SourceText) else SourceText(text)
    front_matter, body_start, lines = parse_lines(source)
    chunk = parse_chunk(lines, 0, len(lines))
    chunk.root.end_line = len(lines)
    return Note(source, front_matter, body_start, chunk.root, chunk.sections)


class _Builder:
    """Walks the block tokens once, opening sections and collecting slots."""

    def __init__(self, lines: list[str], offset: int = 0, end: int | None = None) -> None:
        self.lines = lines
        self.offset = offset
        self.end = len(lines) if end is None else end
        self.root = Section.new_root()
        self.sections: list[Section] = []
        self.current = self.root
        self.label: LabelledParagraph | None = None

    def run(self, tokens: list[Token]) -> None:
        index = 0
        count = len(tokens)
        offset = self.offset
        while index < count:
            token = tokens[index]
            if token.level != 0 or token.map is None:
                index += 1
                continue
            start, end = token.map[0] + offset, token.map[1] + offset
            kind = token.type
            if kind == "heading_open":
                self._heading(int(token.tag[1]), start, end)
            elif kind == "hr":
                self._close_label()
            elif kind == "paragraph_open":
                self._paragraph(start, end)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._list(tokens, index, start, end)
            elif kind == "table_open":
                self._table(start, end)
            elif kind in ("fence", "code_block"):
                self._code(token, start, end)
            elif kind == "html_block":
                if strip_comments(token.content).strip():
                    self._content(start, end)
            elif kind == "blockquote_open":
                self._content(start, end)
            index = _skip_block(tokens, index) if kind.endswith("_open") else index + 1
        self._close_label()
        for section in self.sections:
            if not section.end_line:
                section.end_line = self.end

    # sections -------------------------------------------------------------------------
    def _heading(self, level: int, start: int, end: int) -> None:
        self._close_label()
        written, col = heading_text(self.lines[start], atx=end - start == 1)
        title_span = Span.line(start, col, col + len(written))
        title = heading_title(written)
        heading_span = Span(start, 0, end - 1, len(self.lines[end - 1]))
        parent = self.current
        while parent is not self.root and parent.level >= level:
            parent.end_line = start
            parent = parent.parent or self.root
        section = Section(title, normalize_key(title), level, heading_span, title_span, start)
        section.parent = parent
        parent.children.append(section)
        self.sections.append(section)
        self.current = section

    def _content(self, start: int, end: int) -> None:
        """Free text: counts as writing in the open label or the section."""
        if self.label is not None:
            self._extend_label(start, end)
        else:
            self.current.has_text = True

    # labelled paragraphs --------------------------------------------------------------
    def _close_label(self) -> None:
        self.label = None

    def _extend_label(self, start: int, end: int) -> None:
        label = self.label
        assert label is not None
        last = _last_nonblank(self.lines, start, end)
        if last < start:
            return
        if label.value_span is None:
            label.value_span = Span(start, _indent(self.lines[start]), last, len(self.lines[last]))
        else:
            span = label.value_span
            label.value_span = Span(span.start_line, span.start_col, last, len(self.lines[last]))
        added = "\n".join(self.lines[start : last + 1])
        label.value = f"{label.value}\n{added}".strip() if label.value else added.strip()
        label.end_line = end

    def _paragraph(self, start: int, end: int) -> None:
        lines = self.lines
        if _label_match(lines[start]):
            # Labels on consecutive lines (``**Strengths:**`` then ``**Areas...:**``) are one
            # paragraph to Markdown but separate slots to the writer.
            heads = [line for line in range(start, end) if _label_match(lines[line])]
            for index, head in enumerate(heads):
                stop = heads[index + 1] if index + 1 < len(heads) else end
                self._label(head, stop, end)
            return
        fields = [
            _inline_field_match(_without_end_comments(lines[line])) for line in range(start, end)
        ]
        if all(fields):
            for line, found in zip(range(start, end), fields, strict=True):
                assert found is not None
                self.current.slots.append(_inline_field(found, line))
            return
        self._content(start, end)

    def _label(self, start: int, stop: int, end: int) -> None:
        """A labelled paragraph from line ``start``, its value up to line ``stop``."""
        lines = self.lines
        match = _label_match(lines[start])
        assert match is not None
        self._close_label()
        label_text = match.group("label").strip()
        label_span = Span.line(start, match.start(2), match.end())
        rest = lines[start][match.end() :]
        label = LabelledParagraph(label_text, normalize_key(label_text), label_span)
        label.end_line = stop if stop < end else end
        self.current.slots.append(label)
        value_lines = [rest, *lines[start + 1 : stop]]
        if "".join(value_lines).strip():
            last = _last_nonblank(lines, start, stop)
            if rest.strip():
                value_start = (start, match.end() + len(rest) - len(rest.lstrip()))
            else:
                value_start = (start + 1, _indent(lines[start + 1]))
            label.value_span = Span(*value_start, last, len(lines[last]))
            label.value = "\n".join(value_lines).strip()
        self.label = label

    # lists ----------------------------------------------------------------------------
    def _list(self, tokens: list[Token], index: int, start: int, end: int) -> None:
        items: list[ListItem] = []
        checks: list[CheckItem] = []
        depth = tokens[index].level + 1
        position = index + 1
        while position < len(tokens):
            token = tokens[position]
            if token.level < depth:
                break
            if token.type == "list_item_open" and token.level == depth and token.map:
                self._item(token.map[0] + self.offset, token.map[1] + self.offset, items, checks)
            position += 1
        if checks:
            first, last = checks[0].span, checks[-1].span
            self.current.slots.append(
                Checklist(checks, Span(first.start_line, 0, last.end_line, last.end_col))
            )
        if self.label is not None:
            self._extend_label(start, end)
        elif items:
            first, last = items[0].span, items[-1].span
            self.current.slots.append(
                BulletList(items, Span(first.start_line, 0, last.end_line, last.end_col))
            )

    def _item(self, start: int, end: int, items: list[ListItem], checks: list[CheckItem]) -> None:
        lines = self.lines
        line = lines[start]
        marker = _ITEM.match(line)
        if marker is None:
            return
        body_col = marker.end()
        body = line[body_col:]
        last = _last_nonblank(lines, start, end)
        task = _TASK.match(body)
        if task:
            text_col = body_col + task.end()
            box = Span.line(start, body_col, body_col + 3)
            checks.append(
                CheckItem(
                    task.group("mark") != " ",
                    _joined(lines, start, text_col, last),
                    Span(start, marker.start("marker"), last, len(lines[last])),
                    box,
                )
            )
            return
        if self.label is not None:
            return
        marker_span = Span.line(start, marker.start("marker"), marker.end("marker"))
        head = _field_head(body)
        if head is not None:
            name, after, value_start = head
            value_col = body_col + value_start
            value = _joined(lines, start, value_col, last)
            if not lines[start][value_col:].strip() and all(
                _BARE_MARKER.match(line) or not line.strip() for line in lines[start + 1 : last + 1]
            ):
                value = ""  # only an empty sub-item under the field: nothing written yet
            name_span = Span.line(start, body_col, body_col + after)
            if value.strip():
                value_span = _value_span(lines, start, value_col, last)
            else:
                value_span = Span.line(start, value_col, value_col)
            item_span = Span(start, marker.start("marker"), last, len(lines[last]))
            self.current.slots.append(
                Field(name, normalize_key(name), name_span, value, value_span, item_span)
            )
            return
        text = _joined(lines, start, body_col, last)
        items.append(
            ListItem(text, Span(start, marker.start("marker"), last, len(lines[last])), marker_span)
        )

    # tables and code ------------------------------------------------------------------
    def _table(self, start: int, end: int) -> None:
        lines = self.lines
        last = _last_nonblank(lines, start, end)
        header = _cells(lines[start], start)
        rows = [
            TableRow(_cells(lines[line], line), Span.line(line, 0, len(lines[line])))
            for line in range(start + 2, last + 1)
            if lines[line].strip()
        ]
        span = Span(start, 0, last, len(lines[last]))
        if self.label is not None:
            self._extend_label(start, end)
        self.current.slots.append(Table(header, rows, span))

    def _code(self, token: Token, start: int, end: int) -> None:
        last = max(start, end - 1)
        span = Span(start, 0, last, len(self.lines[last]))
        if self.label is not None:
            self._extend_label(start, end)
            return
        self.current.slots.append(CodeBlock(token.info.strip(), token.content, span))


def _skip_block(tokens: list[Token], index: int) -> int:
    """The index after the closing token of the block opened at ``index``."""
    level = tokens[index].level
    index += 1
    while index < len(tokens) and tokens[index].level > level:
        index += 1
    return index + 1


def heading_text(line: str, atx: bool) -> tuple[str, int]:
    """A heading's text as written on its first line, and its column: an ATX heading's text
    between its hashes, a setext heading's first line."""
    found = atx_title(line) if atx else None
    if found:
        return found
    title = line.strip()
    return title, len(line) - len(line.lstrip())


def heading_title(written: str) -> str:
    """The title sections are known by: the written text without HTML comments."""
    return strip_comments(written).strip() if "<!--" in written else written


def atx_title(line: str) -> tuple[str, int] | None:
    """The title of a one-line ATX heading and its column, without the closing hashes.

    The title is the text after the opening hashes and spaces, less the trailing spaces and a
    closing run of ``#`` preceded by a space or tab. Stripped in Python: a pattern that leaves
    the title's end to a lazy group between optional spaces takes quadratic time on a heading
    padded with spaces.
    """
    head = _ATX_OPEN.match(line)
    if head is None:
        return None
    col = head.end()
    title = line[col:].rstrip(" \t")
    bare = title.rstrip("#")
    if len(bare) < len(title) and bare[-1:] in (" ", "\t"):
        title = bare.rstrip(" \t")
    return title, col


def _label_match(line: str) -> re.Match[str] | None:
    """``**Label:**`` or ``**Label**:`` at the start of a line."""
    match = _LABEL.match(line)
    return match if match and (match.group("inner") or match.group("outer")) else None


def _field_head(body: str) -> tuple[str, int, int] | None:
    """A field's name, the column after its colon (and closing emphasis), and the column its
    value starts at, in a list item's text: ``Name: v``, ``**Name:** v``, ``__Name__: v``."""
    found = _BOLD_FIELD.match(body)
    if found is not None:
        name, after = found.group("name"), found.end("close")
    else:
        found = _FIELD.match(body)
        if found is None:
            return None
        name, after = found.group("name"), found.end("name") + 1
    name = _EMPHASIS.sub("", name).strip()
    if not name:
        return None
    return name, after, found.end()


def _without_end_comments(line: str) -> str:
    """A line without the HTML comments that end it (such as an inline disable comment).

    The end moves left by index, without copying the line for each comment, which on a line
    of many comments would take quadratic time.
    """
    text = line.rstrip()
    end = len(text)
    while text.endswith("-->", 0, end):
        start = text.rfind("<!--", 0, end)
        if start < 0 or text.find("-->", start + 4, end - 3) >= 0:
            break
        end = start
        while end and text[end - 1].isspace():
            end -= 1
    return text[:end]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _last_nonblank(lines: list[str], start: int, end: int) -> int:
    """The last line in ``[start, end)`` with text, or ``start - 1`` when all are blank."""
    for line in range(min(end, len(lines)) - 1, start - 1, -1):
        if lines[line].strip():
            return line
    return start - 1


def _joined(lines: list[str], start: int, col: int, last: int) -> str:
    parts = [lines[start][col:], *lines[start + 1 : last + 1]]
    return "\n".join(parts).strip()


def _value_span(lines: list[str], start: int, col: int, last: int) -> Span:
    first = lines[start][col:]
    if first.strip():
        begin = (start, col + _indent(first))
    else:
        begin = (start + 1, _indent(lines[start + 1]))
    return Span(*begin, last, len(lines[last].rstrip()))


@dataclass(frozen=True, slots=True)
class _InlineMatch:
    """The parts of ``_Name: value_`` and where they are in its line."""

    name: str
    name_span: tuple[int, int]
    value: str
    value_span: tuple[int, int]
    span: tuple[int, int]


def _inline_field_match(line: str) -> _InlineMatch | None:
    """``_Name: value_`` (or ``*Name: value*``) filling a whole line but for spaces.

    The value is what lies between the spaces after the colon and those before the closing
    mark, which ends the line. One regular expression with three runs of optional spaces (after
    the colon, at the end of the value, before the mark) takes cubic time on a line of spaces,
    so only the head is a pattern and the rest is found by stripping.
    """
    head = _INLINE_HEAD.match(line)
    if head is None:
        return None
    text = line.rstrip()
    close = len(text) - 1
    if close < head.end() or text[close] != head.group("mark"):
        return None
    rest = line[head.end() : close]
    value_start = close - len(rest.lstrip(" \t"))
    value_end = max(value_start, len(text[:close].rstrip(" \t")))
    value = line[value_start:value_end]
    if "\n" in value:
        return None
    return _InlineMatch(
        head.group("name"),
        head.span("name"),
        value,
        (value_start, value_end),
        (head.start("mark"), close + 1),
    )


def _inline_field(match: _InlineMatch, line: int) -> Field:
    name = match.name.strip()
    name_span = Span.line(line, match.name_span[0], match.name_span[1] + 1)
    value_span = Span.line(line, *match.value_span)
    item_span = Span.line(line, *match.span)
    return Field(
        name, normalize_key(name), name_span, match.value, value_span, item_span, inline=True
    )


def _cells(line: str, line_number: int) -> list[Cell]:
    """Split a table row at unescaped pipes, keeping each cell's exact columns."""
    bounds = [match.start() for match in _PIPE_OR_ESCAPE.finditer(line) if match.group() == "|"]
    stripped = line.strip()
    edges = [-1, *bounds, len(line)]
    segments = list(pairwise(edges))
    if stripped.startswith("|"):
        segments = segments[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|") and len(segments) > 1:
        segments = segments[:-1]
    cells = []
    for left, right in segments:
        raw = line[left + 1 : right]
        text = raw.strip()
        if text:
            begin = left + 1 + raw.index(text[0])
            cells.append(Cell(text, Span.line(line_number, begin, begin + len(text))))
        else:
            cells.append(Cell("", Span.line(line_number, left + 1, right)))
    return cells
