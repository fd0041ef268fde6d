"""The analysis of one document: recognise its template, run the rules, apply settings."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from .context import Context, placeholder
from .findings import Finding, Fix
from .rules import NOTE_WIDE, RULES, find_rule
from .settings import Settings
from .structure import (
    BulletList,
    FenceTracker,
    Field,
    LabelledParagraph,
    Note,
    Section,
    Table,
    parse_note,
)
from .template import Template, TemplateSet
from .text import SourceText, Span, TextEdit

MIN_MATCHING_SECTIONS = 3
_DIRECTIVE = re.compile(
    r"<!--\s*interview-notes-(disable-next-line|disable-line|disable-file|enable-file|disable|enable)"
    r"(?=\s|-->)([^>]*?)\s*-->"
)


@dataclass(frozen=True)
class SlotState:
    """One place a writer fills, in document order, and whether it is filled."""

    label: str
    span: Span
    filled: bool


@dataclass(eq=False)
class Analysis:
    note: Note
    template: Template | None
    findings: list[Finding] = field(default_factory=list)
    slots: list[SlotState] = field(default_factory=list)

    @property
    def is_note(self) -> bool:
        return self.template is not None

    @property
    def filled(self) -> int:
        return sum(1 for slot in self.slots if slot.filled)

    def next_empty(self, line: int, col: int) -> SlotState | None:
        """The first empty slot after the position, wrapping around to the top."""
        empty = [slot for slot in self.slots if not slot.filled]
        for slot in empty:
            if (slot.span.start_line, slot.span.start_col) > (line, col):
                return slot
        return empty[0] if empty else None


def recognize(note: Note, templates: TemplateSet, settings: Settings) -> Template | None:
    """The template a document follows, or ``None`` when it is not an interview note."""
    named = note.front_matter.get("template")
    if named:
        found = templates.get(named)
        if found is not None:
            return found
    if not settings.recognition:
        return None
    first = note.first_heading
    if first is not None:
        for template in templates.templates:
            if first.key and first.key == template.title_key:
                return template
    keys = {section.key for section in note.sections}
    best, count = None, 0
    for template in templates.templates:
        matching = len(template.section_keys & keys)
        if matching > count:
            best, count = template, matching
    return best if count >= MIN_MATCHING_SECTIONS else None


def analyze(
    text: str | SourceText | Note, templates: TemplateSet, settings: Settings | None = None
) -> Analysis:
    """Findings for a document; none at all when it is not an interview note."""
    settings = settings or Settings()
    note = text if isinstance(text, Note) else parse_note(text)
    template = recognize(note, templates, settings)
    if template is None:
        return Analysis(note, None)
    ctx = Context(note, template, settings)
    raw = run_rules(ctx, note_wide=True) + run_rules(ctx, note_wide=False)
    return Analysis(note, template, finish(raw, settings, note.source), slot_states(ctx))


def run_rules(ctx: Context, *, note_wide: bool) -> list[Finding]:
    """Findings of the enabled rules of one scope, at their default severity."""
    found: list[Finding] = []
    for rule, check in RULES:
        if (rule.code in NOTE_WIDE) != note_wide:
            continue
        if ctx.settings.severity_for(rule.code, rule.alias, rule.severity) is None:
            continue
        found.extend(check(ctx))
    return found


def finish(raw: list[Finding], settings: Settings, source: SourceText) -> list[Finding]:
    """Apply configured severities and inline comments; sort by position."""
    directives = _directives(source) if "interview-notes-" in source.text else []
    findings = []
    for finding in raw:
        rule = finding.rule
        if directives and _suppressed(directives, rule.code, rule.alias, finding.span.start_line):
            continue
        severity = settings.severity_for(rule.code, rule.alias, rule.severity)
        if severity is None:
            continue
        if severity != finding.severity:
            finding = dataclasses.replace(finding, severity=severity)
        findings.append(finding)
    findings.sort(key=lambda f: (f.span.start_line, f.span.start_col, f.rule.code))
    return findings


def slot_states(ctx: Context) -> list[SlotState]:
    """Every slot that counts toward completeness, filled or not."""
    states: list[SlotState] = []
    for section, slot in ctx.note.slots():
        if isinstance(slot, LabelledParagraph):
            source = ctx.template_slot(section, slot)
            filled = not ctx.is_empty(slot.value, source.value if source else "")
            states.append(SlotState(_label(section, slot.label), slot.label_span, filled))
        elif isinstance(slot, Field):
            source_field = ctx.template_slot(section, slot)
            filled = not ctx.is_empty(slot.value, placeholder(source_field))
            states.append(SlotState(_label(section, slot.name), slot.item_span, filled))
        elif isinstance(slot, Table):
            for row in slot.rows:
                filled = all(not ctx.is_empty(cell.text) for cell in row.cells[: len(slot.header)])
                states.append(SlotState(_label(section, "row"), row.span, filled))
        elif isinstance(slot, BulletList):
            for item in slot.items:
                states.append(
                    SlotState(_label(section, "item"), item.span, not ctx.is_empty(item.text))
                )
    return states


def _label(section: Section, what: str) -> str:
    short = re.sub(r"^\d+\.\s*", "", section.name).split(" - ")[0].strip()
    return f"{short} {what.lower()}" if short else what


def _directives(source: SourceText) -> list[tuple[int, str, frozenset[str]]]:
    """Inline comments that turn rules off or on; text shown in fenced code is not one."""
    found = []
    code = FenceTracker()
    for number, line in enumerate(source.lines):
        if code.in_code(line) or "interview-notes-" not in line:
            continue
        for match in _DIRECTIVE.finditer(line):
            names = frozenset(name.lower() for name in match.group(2).split())
            found.append((number, match.group(1), names))
    return found


def _suppressed(
    directives: list[tuple[int, str, frozenset[str]]], code: str, alias: str, line: int
) -> bool:
    """Whether inline comments turn a rule off at ``line``, as markdownlint's comments do."""
    names = {code.lower(), alias.lower()}

    def applies(rules: frozenset[str]) -> bool:
        return not rules or bool(rules & names)

    disabled = False
    for number, action, rules in directives:
        if action == "disable-file" and applies(rules):
            return True
        if action == "disable-next-line" and number + 1 == line and applies(rules):
            return True
        if action == "disable-line" and number == line and applies(rules):
            return True
        if number > line:
            continue
        if action == "disable" and applies(rules):
            disabled = True
        elif action in ("enable", "enable-file") and applies(rules):
            disabled = False
    return disabled


def unknown_rules(settings: Settings) -> list[str]:
    """Rule names in the settings that match no rule, for a clear message."""
    return [name for name in settings.rules if find_rule(name) is None]


def fix_all(analysis: Analysis) -> Fix | None:
    """Insert every missing section and remove every unfilled row that has a filled sibling."""
    edits: list[TextEdit] = []
    source = analysis.note.source
    end = source.end()
    appended = False
    for finding in analysis.findings:
        if finding.rule.code != "IN001" or not finding.fixes:
            continue
        for edit in finding.fixes[0].edits:
            at_end = (edit.span.start_line, edit.span.start_col) == end
            heading = edit.new_text.find("#")
            if at_end and appended and heading > 0:
                # What separates the note's end from a first appended section (a line break, a
                # closing fence) is needed once; later sections need a blank line only.
                edit = TextEdit(edit.span, source.eol + edit.new_text[heading:])
            appended = appended or at_end
            edits.append(edit)
    for _, slot in analysis.note.slots():
        if not isinstance(slot, Table):
            continue
        filled_rows = [row for row in slot.rows if any(cell.text.strip() for cell in row.cells)]
        if not filled_rows:
            continue
        for finding in analysis.findings:
            if (
                finding.rule.code == "IN005"
                and finding.fixes
                and slot.span.contains(finding.span.start_line, 0)
            ):
                edits.extend(finding.fixes[0].edits)
    if not edits:
        return None
    return Fix("Fix all interview-notes problems", tuple(edits))
