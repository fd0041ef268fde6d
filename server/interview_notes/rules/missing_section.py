"""IN001: a section of the template is absent from the note (under every name it may have)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..context import Context
from ..findings import Applicability, Finding, Fix, FixKind, Rule, Scope
from ..matching import Part, profile
from ..severity import Severity
from ..structure import Section, markdown_parser
from ..text import Span, TextEdit

RULE = Rule(
    code="IN001",
    alias="missing-section",
    severity=Severity.WARNING,
    summary="A section of the template is absent from the note, under any name",
    scope=Scope.NOTE,
    fixes=(FixKind("Insert '## Section' from the template", Applicability.SAFE),),
)

_ATX_HASHES = re.compile(r"^#{1,6}")
# What may keep a block open at the end of a note, so that text appended after it would not
# render as a heading: the closers tried, in order, before the section is appended.
_HTML_CLOSERS = ("-->", "</pre>", "</script>", "</style>", "</textarea>", "]]>", "?>", ">")


@dataclass(frozen=True)
class MissingSection:
    """A template section absent from one interview: where it would go and what to insert."""

    interview: int
    source: Section
    heading: str
    span: Span
    at_end: bool
    edit: TextEdit | None
    inserted: tuple[Section, ...]


def check(ctx: Context) -> Iterator[Finding]:
    for missing in missing_sections(ctx):
        heading = missing.heading
        fixes = []
        if missing.edit is not None:
            fixes.append(
                Fix(
                    f"Insert '{heading}' from the template",
                    (missing.edit,),
                    preferred=True,
                    applicability=Applicability.SAFE,
                )
            )
        where = "at the end of the note" if missing.at_end else "before this heading"
        name = missing.source.display_name
        yield ctx.finding(
            RULE,
            missing.span,
            f"Section '{name}' is missing {where}: insert it from the template.",
            *fixes,
            slot=missing.source.title,
            interview=missing.interview,
        )


def missing_sections(ctx: Context) -> list[MissingSection]:
    """Every required template section no heading of an interview stands for, except those
    whose parent is already reported missing or empty."""
    known = ctx.memo.get(RULE.code)
    if isinstance(known, list):
        return known
    found: list[MissingSection] = []
    ctx.memo[RULE.code] = found
    for index, part in enumerate(ctx.layout.parts):
        for source in ctx.template.sections:
            if part.note_line(source) is not None or not ctx.is_required(source):
                continue
            if any(part.note_line(below) is not None for below in source.walk()):
                continue  # its subsections are written: the heading was dropped, not the text
            if _covered(ctx, part, source):
                continue
            found.append(_missing(ctx, index, part, source))
    return found


def _covered(ctx: Context, part: Part, source: Section) -> bool:
    """A missing or empty parent already covers its subsections."""
    parent = source.parent
    while parent is not None and parent.level and parent is not ctx.template.title_section:
        line = part.note_line(parent)
        if line is None and ctx.is_required(parent):
            return True
        if line is not None and ctx.section_by_line[line].is_empty:
            return True
        parent = parent.parent
    return False


def absent_subtree(part: Part, source: Section) -> list[Section]:
    """``source`` and its subsections that are absent too, in template order: the fix never
    inserts a subsection the note already has under any name."""
    found = [source]
    for child in source.children:
        if part.note_line(child) is None:
            found.extend(absent_subtree(part, child))
    return found


def template_text(ctx: Context, part: Part, source: Section, heading: bool = True) -> str:
    """The template's text for ``source`` and its subsections the note lacks under every
    name, at the note's heading levels; without the heading of ``source`` when asked."""
    template = ctx.template
    title = template.title_section
    base = title.level if title is not None else profile(template).entries[0].section.level - 1
    shift = part.base_level - base
    pieces = [_own_text(ctx, section, shift) for section in absent_subtree(part, source)]
    if not heading:
        pieces[0] = "\n".join(pieces[0].split("\n")[1:]).strip("\n")
    return "\n\n".join(piece for piece in pieces if piece) + "\n"


def _missing(ctx: Context, index: int, part: Part, source: Section) -> MissingSection:
    inserted = absent_subtree(part, source)
    text = template_text(ctx, part, source)
    first_line = text.split("\n", 1)[0]
    line = _place(ctx, part, source)
    lines = ctx.note.source.lines
    if line < len(lines) and _is_heading_line(ctx, line):
        before = "\n" if line > 0 and lines[line - 1].strip() else ""
        inserted_here = ctx.insert_lines(line, before + text + "\n")
        heading = ctx.section_by_line[line].heading_span
        return MissingSection(
            index, source, first_line, heading, False, inserted_here, tuple(inserted)
        )
    appended = _append(ctx, text, first_line)
    return MissingSection(
        index, source, first_line, _last_line_span(ctx), True, appended, tuple(inserted)
    )


def _own_text(ctx: Context, section: Section, shift: int) -> str:
    """A template section's heading (at the note's level) and its text up to its first
    subsection, without trailing blank lines."""
    lines = ctx.template.note.source.lines
    stop = section.children[0].start_line if section.children else section.end_line
    own = lines[section.start_line : stop]
    while own and not own[-1].strip():
        own.pop()
    level = min(6, max(1, section.level + shift))
    own[0] = _ATX_HASHES.sub("#" * level, own[0], count=1)
    return "\n".join(own)


def _place(ctx: Context, part: Part, source: Section) -> int:
    """The line to insert before: the heading of the next sibling the note has, else the end
    of the last earlier sibling's subtree, else the end of the parent's, else the part's end;
    so a section never lands inside another section's subtree."""
    siblings = [s for s in ctx.template.sections if s.parent is source.parent]
    index = siblings.index(source)
    for later in siblings[index + 1 :]:
        line = part.note_line(later)
        if line is not None:
            return line
    for earlier in reversed(siblings[:index]):
        line = part.note_line(earlier)
        if line is not None:
            return min(ctx.section_by_line[line].end_line, part.end)
    parent = source.parent
    if parent is not None and parent.level and parent is not ctx.template.title_section:
        line = part.note_line(parent)
        if line is not None:
            return min(ctx.section_by_line[line].end_line, part.end)
    return part.end


def _is_heading_line(ctx: Context, line: int) -> bool:
    return line in ctx.section_by_line


def _last_line_span(ctx: Context) -> Span:
    lines = ctx.note.source.lines
    last = len(lines) - 1
    while last > 0 and not lines[last].strip():
        last -= 1
    return ctx.note.source.line_span(last)


def _append(ctx: Context, text: str, heading: str) -> TextEdit | None:
    """An edit appending ``text`` at the end of the note, closing first whatever block would
    otherwise swallow it (a code fence, an HTML comment, a ``<pre>``); ``None`` when no closer
    makes the heading render, so no fix is offered rather than a wrong one."""
    source = ctx.note.source
    lines = source.lines
    tail_start = ctx.note.sections[-1].start_line if ctx.note.sections else ctx.note.body_start
    tail = lines[tail_start:]
    for closer in _closers(tail):
        if not closer:
            if not source.text.strip():
                prefix = ""
            elif lines[-1].strip():
                prefix = "\n\n"
            elif len(lines) >= 2 and lines[-2].strip():
                prefix = "\n"
            else:
                prefix = ""
        else:
            prefix = ("\n" if lines[-1] else "") + closer + "\n\n"
        candidate = "\n".join(tail) + prefix + text
        expected = len(tail) - 1 + prefix.count("\n")
        if _renders_heading(candidate, expected, heading):
            last = len(lines) - 1
            end = Span(last, len(lines[last]), last, len(lines[last]))
            return TextEdit(end, (prefix + text).replace("\n", source.eol))
    return None


def _closers(tail: list[str]) -> list[str]:
    closers = [""]
    for line in reversed(tail):
        stripped = line.lstrip()
        marker = stripped[:1]
        if marker in ("`", "~") and stripped.startswith(marker * 3):
            run = stripped[: len(stripped) - len(stripped.lstrip(marker))]
            indent = line[: len(line) - len(stripped)]
            closers += [run, indent + run] if indent else [run]
            break
    closers.extend(_HTML_CLOSERS)
    return closers


def _renders_heading(text: str, line: int, heading: str) -> bool:
    """Whether ``heading`` renders as a top-level heading at ``line`` of ``text``."""
    tokens = markdown_parser().parse(text)
    return any(
        token.type == "heading_open"
        and token.level == 0
        and token.map is not None
        and token.map[0] == line
        and text.split("\n")[line].strip() == heading.strip()
        for token in tokens
    )
