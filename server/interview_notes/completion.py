"""Completion candidates: text and a position in, plain candidates out.

Offers what a writer types next in a note: the fields a component section still lacks, common
values for a field, further components, the missing section headings, a table row with the
table's columns, and the whole template in an empty document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .analysis import Analysis, analyze
from .catalog import Component, FieldSpec, load_catalog
from .structure import Field, Note, Section, Table, normalize_key
from .template import Template, TemplateSet, render_template
from .text import Span

# Each pattern reads one line up to the cursor, in linear time whatever the line: no two
# unbounded quantifiers next to each other take the same characters.
# A list item's marker, before the spaces after it (``- Name: value`` is read by
# :func:`_field_value`).
_MARKER = re.compile(r"^\s*[-*+](?=\s)")
# ``- Name`` still without a colon; the name cannot start with a space, so the spaces after
# the marker are read one way only.
_NAME = re.compile(r"^(?P<lead>\s*[-*+]\s+)(?!\s)(?P<typed>[^:]*)$")
# A heading's hashes, then a space or the end of the line.
_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:\s|$)")
_ROW = re.compile(r"^\s*\|[^|]*$")
_EMPHASIS_MARKS = ("**", "__")
_MAX_NAME = 60


@dataclass(frozen=True)
class Candidate:
    label: str
    kind: str
    detail: str
    documentation: str
    new_text: str
    replace: Span
    snippet: bool = False
    sort_text: str = ""
    filter_text: str = ""


def escape_snippet(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def complete(
    source: Analysis | Note, templates: TemplateSet, line: int, col: int, *, snippets: bool
) -> list[Candidate]:
    """Candidates at ``(line, col)`` (code points) of a note."""
    analysis = source if isinstance(source, Analysis) else analyze(source, templates)
    note = analysis.note
    lines = note.source.lines
    if line >= len(lines):
        return []
    col = min(col, len(lines[line]))
    if not note.source.text.strip():
        return _templates(templates, line, col)
    template = analysis.template
    if template is None:
        return []
    prefix = lines[line][:col]
    section = note.section_at(line)
    if match := _HEADING.match(prefix):
        return _headings(analysis, template, line, col, len(match.group("hashes")), snippets)
    stands_for = analysis.layout.template_section(section) if analysis.layout else None
    if _ROW.match(prefix):
        return _rows(note, line, col, snippets)
    if found := _field_value(prefix):
        name, typed = found
        start = col - len(typed.split(",")[-1].lstrip())
        # Right after the colon the value needs a space, or the line is no longer a field.
        lead = " " if start > 0 and lines[line][start - 1] == ":" else ""
        spec_key = stands_for.key if stands_for is not None else section.key
        return _values(spec_key, normalize_key(name), line, start, col, lead)
    if match := _NAME.match(prefix):
        start = match.end("lead")
        return _fields(stands_for, section, line, start, col, snippets, "")
    if not prefix.strip():
        return _fields(stands_for, section, line, col, col, snippets, "- ")
    return []


def _field_value(prefix: str) -> tuple[str, str] | None:
    """The name and the value typed so far in ``- Name: value`` (or ``- **Name:** value``,
    ``- __Name__: value``), or None when ``prefix`` is no such item.

    The name ends at the first colon (before emphasis closing there) and starts after the
    marker and at least one space, or later in those spaces when that is what keeps it within
    60 characters. A single pattern (``\\s+`` then a name of up to 60 characters, lazily)
    tries 60 names for every way to split the spaces; here each split is tried once, and only
    the last 64 splits can give a name short enough.
    """
    marker = _MARKER.match(prefix)
    if marker is None:
        return None
    colon = prefix.find(":", marker.end())
    if colon < 0:
        return None
    gap = prefix[marker.end() : colon]
    spaces_end = colon - len(gap.lstrip())
    closed = prefix[colon - 2 : colon] in _EMPHASIS_MARKS
    lowest = max(marker.end() + 1, colon - _MAX_NAME - 4)
    for split in range(spaces_end, lowest - 1, -1):
        starts = [split + 2, split] if prefix[split : split + 2] in _EMPHASIS_MARKS else [split]
        for name_start in starts:
            if closed and 1 <= colon - 2 - name_start <= _MAX_NAME:
                return prefix[name_start : colon - 2], prefix[colon + 1 :].lstrip()
            if 1 <= colon - name_start <= _MAX_NAME:
                return prefix[name_start:colon], prefix[colon + 1 :].lstrip()
    return None


def _templates(templates: TemplateSet, line: int, col: int) -> list[Candidate]:
    replace = Span(0, 0, line, col)
    return [
        Candidate(
            f"Interview notes: {template.title}",
            "template",
            f"Insert the {template.name} template",
            f"The whole '{template.title}' template, dated today.",
            render_template(template, date.today()),
            replace,
            sort_text=f"0{index:02d}",
            filter_text=f"interview notes {template.title}",
        )
        for index, template in enumerate(templates.templates)
    ]


def _component_for(section: Section) -> Component | None:
    return load_catalog().component(section.key) if section.key else None


def _values(
    component_key: str, field_key: str, line: int, start: int, col: int, lead: str
) -> list[Candidate]:
    spec = load_catalog().field(component_key, field_key)
    if spec is None:
        return []
    replace = Span.line(line, start, col)
    return [
        Candidate(
            value.value,
            "value",
            spec.name,
            value.description,
            lead + value.value,
            replace,
            sort_text=f"{index:03d}",
            filter_text=lead + value.value,
        )
        for index, value in enumerate(spec.values)
    ]


def _field_text(name: str, spec: FieldSpec | None, snippets: bool, lead: str) -> str:
    if not snippets:
        return f"{lead}{name}: "
    if spec is not None and spec.closed and spec.values:
        choices = ",".join(v.value.replace(",", "\\,").replace("|", "\\|") for v in spec.values)
        return f"{lead}{escape_snippet(name)}: ${{1|{choices}|}}"
    return f"{lead}{escape_snippet(name)}: $1"


def _fields(
    source: Section | None,
    section: Section,
    line: int,
    start: int,
    col: int,
    snippets: bool,
    lead: str,
) -> list[Candidate]:
    present = {slot.key for slot in section.slots if isinstance(slot, Field)}
    component = _component_for(section) or (_component_for(source) if source else None)
    names: list[tuple[str, FieldSpec | None]] = []
    if source is not None:
        names += [
            (slot.name, None)
            for slot in source.slots
            if isinstance(slot, Field) and not slot.inline
        ]
    if component is not None:
        names += [(spec.name, spec) for spec in component.fields]
    if not names:
        return []
    catalog = load_catalog()
    seen: set[str] = set()
    candidates: list[Candidate] = []
    replace = Span.line(line, start, col)
    for name, spec in names:
        key = normalize_key(name)
        if key in present or key in seen:
            continue
        seen.add(key)
        spec = spec or catalog.field(section.key, key)
        doc = spec.description if spec else ""
        if spec and spec.example:
            doc += f"\n\nExample: {spec.example}"
        candidates.append(
            Candidate(
                name,
                "field",
                f"{section.name} field",
                doc.strip(),
                _field_text(name, spec, snippets, lead),
                replace,
                snippet=snippets,
                sort_text=f"{len(candidates):03d}",
                filter_text=f"{lead}{name}",
            )
        )
    return candidates


def _headings(
    analysis: Analysis, template: Template, line: int, col: int, level: int, snippets: bool
) -> list[Candidate]:
    note = analysis.note
    part = analysis.layout.part_at(line) if analysis.layout else None
    replace = Span.line(line, 0, col)
    candidates: list[Candidate] = []
    for index, wanted in enumerate(template.sections):
        if part is not None and part.note_line(wanted) is not None:
            continue
        text = template.section_text(wanted)
        candidates.append(
            Candidate(
                "#" * wanted.level + " " + wanted.title,
                "section",
                "Missing section",
                f"Insert the template's section:\n\n{text}",
                text.rstrip("\n"),
                replace,
                sort_text=f"0{index:03d}",
                filter_text="#" * wanted.level + " " + wanted.title,
            )
        )
    if level >= 3:
        candidates += _components(note, line, col, level, snippets)
    return candidates


def _components(note: Note, line: int, col: int, level: int, snippets: bool) -> list[Candidate]:
    present = {s.key for s in note.sections}
    replace = Span.line(line, 0, col)
    candidates = []
    hashes = "#" * level
    for index, component in enumerate(load_catalog().components):
        if component.keys & present:
            continue
        body = [f"{hashes} {component.name}"]
        for number, spec in enumerate(component.fields, start=1):
            text = _field_text(spec.name, spec, snippets, "- ")
            body.append(text.replace("$1", f"${number}").replace("${1|", f"${{{number}|"))
        fields = ", ".join(spec.name for spec in component.fields)
        candidates.append(
            Candidate(
                f"{hashes} {component.name}",
                "component",
                "Component",
                f"{component.description}\n\nFields: {fields}",
                "\n".join(body),
                replace,
                snippet=snippets,
                sort_text=f"1{index:03d}",
                filter_text=f"{hashes} {component.name}",
            )
        )
    return candidates


def _rows(note: Note, line: int, col: int, snippets: bool) -> list[Candidate]:
    table = next(
        (
            slot
            for _, slot in note.slots()
            if isinstance(slot, Table) and slot.span.start_line <= line <= slot.span.end_line + 1
        ),
        None,
    )
    if table is None or line <= table.span.start_line + 1:
        return []
    columns = table.columns
    if snippets:
        text = "| " + " | ".join(f"${i}" for i in range(1, len(columns) + 1)) + " |"
    else:
        text = "| " + " | ".join(" " for _ in columns) + " |"
    current = note.source.lines[line]
    start = current.index("|")
    # On a row that is already there (``| | | |``), the new row takes its place.
    end = len(current.rstrip()) if current[col:].strip() else col
    return [
        Candidate(
            "| " + " | ".join(columns) + " |",
            "row",
            "Table row",
            "A new row with the table's columns.",
            text,
            Span.line(line, start, max(end, col)),
            snippet=snippets,
            filter_text="|",
        )
    ]
