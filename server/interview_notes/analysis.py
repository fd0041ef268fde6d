"""The analysis of one document: recognise its template, run the rules, apply settings."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .context import Context, label_of, placeholder
from .findings import Finding, Scope
from .matching import Layout, layout
from .precheck import could_be_note
from .rules import RULES, Check, closest_rule, find_rule
from .rules.unknown_rule import finding as unknown_rule_finding
from .settings import Settings
from .structure import (
    BulletList,
    Cell,
    FenceTracker,
    Field,
    LabelledParagraph,
    Note,
    Section,
    Slot,
    Table,
    parse_note,
)
from .template import Template, TemplateSet
from .text import SourceText, Span

# The head of an inline comment that turns rules off or on; the rule names after it, up to
# ``-->``, are found by :func:`_directives`.
_DIRECTIVE = re.compile(
    r"<!--\s*interview-notes-(disable-next-line|disable-line|disable-file|enable-file|disable|enable)"
    r"(?=\s|-->)"
)
# Rule names in a directive, codes or aliases separated by commas, spaces or both:
# ``empty-field, empty-section``.
_RULE_NAME = re.compile(r"[^\s,]+")
# Unknown rule names per document given a "did you mean": finding the closest rule costs
# some 50 µs a name, and a document of a megabyte can hold a hundred thousand names.
MAX_SUGGESTED = 100
_NUMBERED = re.compile(r"^\d+\.\s*")


@dataclass(frozen=True)
class SlotState:
    """One place a writer fills, in document order, and whether it is filled. ``cursor`` is
    where typing the value starts (after ``Label:``, inside an empty cell). A slot of a
    section the note lacks names that section in ``missing_section`` (its span is where the
    section would go)."""

    label: str
    span: Span
    filled: bool
    cursor: Span | None = None
    missing_section: str | None = None

    def moved(self, lines: int) -> SlotState:
        cursor = self.cursor.moved(lines) if self.cursor is not None else None
        span = self.span.moved(lines)
        return SlotState(self.label, span, self.filled, cursor, self.missing_section)

    @property
    def caret(self) -> Span:
        found = self.cursor or self.span
        return Span.line(found.start_line, found.start_col, found.start_col)


class Analysis:
    """What the analysis of one document found. A text the pre-check rules out as a note
    keeps its source and is parsed only if its structure is asked for (outline, folding)."""

    def __init__(
        self,
        note: Note | SourceText,
        template: Template | None,
        findings: list[Finding] | None = None,
        slots: list[SlotState] | None = None,
        layout: Layout | None = None,
    ) -> None:
        self._note = note
        self.template = template
        self.findings = findings if findings is not None else []
        self.slots = slots if slots is not None else []
        self.layout = layout

    @property
    def note(self) -> Note:
        if isinstance(self._note, SourceText):
            self._note = parse_note(self._note)
        return self._note

    @property
    def source(self) -> SourceText:
        return self._note if isinstance(self._note, SourceText) else self._note.source

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


def recognize(note: Note, templates: TemplateSet, settings: Settings) -> Layout | None:
    """How a document follows a template, or ``None`` when it is not an interview note."""
    named = note.front_matter.get("template")
    if named:
        found = templates.get(named)
        if found is not None:
            return layout(note, found, named=True)
    if not settings.recognition:
        return None
    best: Layout | None = None
    for template in templates.templates:
        candidate = layout(note, template, named=False)
        if candidate is not None and (best is None or _size(candidate) > _size(best)):
            best = candidate
    return best


def _size(found: Layout) -> int:
    return sum(len(part.by_line) for part in found.parts)


def analyze(
    text: str | SourceText | Note, templates: TemplateSet, settings: Settings | None = None
) -> Analysis:
    """Findings for a document; none at all when it is not an interview note."""
    settings = settings or Settings()
    if isinstance(text, Note):
        note = text
    else:
        source = text if isinstance(text, SourceText) else SourceText(text)
        if not could_be_note(source, templates, settings):
            return Analysis(source, None)
        note = parse_note(source)
    found = recognize(note, templates, settings)
    if found is None:
        return Analysis(note, None)
    ctx = Context(note, found.template, settings, found)
    raw = run_rules(ctx, note_wide=True) + run_rules(ctx, note_wide=False)
    states = ordered_states(note_wide_states(ctx) + slot_states(ctx))
    return Analysis(note, found.template, finish(raw, settings, note.source), states, found)


def run_rules(ctx: Context, *, note_wide: bool) -> list[Finding]:
    """Findings of the enabled rules of one scope, at their default severity."""
    found: list[Finding] = []
    for check in _enabled(ctx.settings, Scope.NOTE if note_wide else Scope.SECTION):
        found.extend(check(ctx))
    return found


# The checks each settings enable, by scope: rules run once a chunk on every keystroke.
_ENABLED: dict[int, tuple[Settings, dict[Scope, list[Check]]]] = {}


def _enabled(settings: Settings, scope: Scope) -> list[Check]:
    known = _ENABLED.get(id(settings))
    if known is None or known[0] is not settings:
        if len(_ENABLED) > 16:
            _ENABLED.clear()
        by_scope: dict[Scope, list[Check]] = {Scope.NOTE: [], Scope.SECTION: []}
        for rule, check in RULES:
            if settings.severity_for(rule.code, rule.alias, rule.severity) is not None:
                by_scope[rule.scope].append(check)
        known = _ENABLED[id(settings)] = (settings, by_scope)
    return known[1][scope]


def finish(raw: list[Finding], settings: Settings, source: SourceText) -> list[Finding]:
    """Apply configured severities and inline comments; sort by position. Unknown rule names
    in the comments are reported here (unknown-rule), from the whole text of every version, so the
    incremental analysis reports them as a fresh one does."""
    directives = _directives(source) if "interview-notes-" in source.text else []
    if directives:
        raw = [*raw, *_unknown_names(directives)]
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
    """Every slot of the sections in ``ctx`` that counts toward completeness, filled or not;
    the slots of an empty section, and of fields, tables and lists the template has and a
    written section lacks, count as empty."""
    states: list[SlotState] = []
    for section, slot in ctx.slots():
        if isinstance(slot, LabelledParagraph):
            source = ctx.template_slot(section, slot)
            filled = not ctx.is_empty(slot.value, source.value if source else "")
            end = slot.label_span
            at_label = Span.line(end.end_line, end.end_col, end.end_col)
            states.append(SlotState(_label(section, slot.label), slot.label_span, filled, at_label))
        elif isinstance(slot, Field):
            source_field = ctx.template_slot(section, slot)
            filled = not ctx.is_empty(slot.value, placeholder(source_field))
            at_value = slot.value_span if not slot.value.strip() else None
            states.append(SlotState(_label(section, slot.name), slot.item_span, filled, at_value))
        elif isinstance(slot, Table):
            for row in slot.rows:
                fill = ctx.row_fill(slot, row)
                in_cell = _cell_cursor(row.cells[fill.empty[0]]) if fill.empty else None
                states.append(SlotState(_label(section, "row"), row.span, fill.filled, in_cell))
        elif isinstance(slot, BulletList):
            for item in slot.items:
                filled = not ctx.is_empty(item.text)
                marker = item.marker_span
                cursor = Span.line(marker.end_line, marker.end_col + 1, marker.end_col + 1)
                line = ctx.note.source.lines[marker.end_line]
                if cursor.start_col > len(line):
                    cursor = Span.line(marker.end_line, len(line), len(line))
                states.append(
                    SlotState(
                        _label(section, "item"), item.span, filled, None if filled else cursor
                    )
                )
    for section in ctx.sections():
        template_section = ctx.template_section(section)
        if template_section is None:
            continue
        if section.is_empty:
            if ctx.is_required(template_section):
                where = section.heading_span
                states += _template_states(template_section.walk(), where, section.name)
            continue
        absent: list[Slot] = list(ctx.missing_labelled(section))
        for kind in (Table, BulletList):
            wanted = ctx.missing_template_slot(section, kind)
            if wanted is not None:
                absent.append(wanted)
        states += _slot_states_of(absent, section.heading_span, section.name)
    return states


def note_wide_states(ctx: Context) -> list[SlotState]:
    """The slots of missing sections, as empty, where each section would go."""
    from .rules.missing_section import missing_sections

    states: list[SlotState] = []
    for missing in missing_sections(ctx):
        where = Span.line(missing.span.start_line, 0, 0) if not missing.at_end else missing.span
        found = _template_states(missing.inserted, where, missing.source.name)
        name = missing.source.display_name
        states += [dataclasses.replace(state, missing_section=name) for state in found]
    return states


def ordered_states(states: list[SlotState]) -> list[SlotState]:
    return sorted(states, key=lambda state: (state.span.start_line, state.span.start_col))


def _template_states(sections: Iterable[Section], where: Span, name: str) -> list[SlotState]:
    slots = [slot for section in sections for slot in section.slots]
    return _slot_states_of(slots, where, name)


def _slot_states_of(slots: Iterable[Slot], where: Span, name: str) -> list[SlotState]:
    """Template slots absent from the note, each counted as one empty slot (a table's rows and
    a list's items one each) at ``where``."""
    states = []
    short = name.split(" - ")[0].strip()
    for slot in slots:
        if isinstance(slot, (Field, LabelledParagraph)):
            count = 1
        elif isinstance(slot, Table):
            count = max(1, len(slot.rows))
        elif isinstance(slot, BulletList):
            count = len(slot.items)
        else:
            continue
        label = label_of(slot) or ("row" if isinstance(slot, Table) else "item")
        states += [SlotState(f"{short} {label.lower()}", where, False)] * count
    return states


def _cell_cursor(cell: Cell) -> Span:
    span = cell.span
    col = span.start_col + (1 if span.end_col > span.start_col else 0)
    return Span.line(span.start_line, col, col)


def _label(section: Section, what: str) -> str:
    short = _NUMBERED.sub("", section.name).split(" - ")[0].strip()
    return f"{short} {what.lower()}" if short else what


@dataclass(frozen=True)
class Directive:
    """An inline comment that turns rules off or on: its line, its action, the rule names
    it gives (lower case; none means every rule) and where each name is written."""

    line: int
    action: str
    rules: frozenset[str]
    names: tuple[tuple[int, str], ...]


def _directives(source: SourceText) -> list[Directive]:
    """Inline comments that turn rules off or on; text shown in fenced code is not one."""
    found = []
    code = FenceTracker()
    for number, line in enumerate(source.lines):
        if code.in_code(line) or "interview-notes-" not in line:
            continue
        found += _line_directives(line, number)
    return found


def _line_directives(line: str, number: int) -> list[Directive]:
    """The directives of one line, such as
    ``<!-- interview-notes-disable missing-section, empty-field -->``.

    The rule names run from the action to the first ``-->``, separated by commas or spaces,
    and a ``>`` before it means there is no directive there. Found with ``str.find`` rather
    than a lazy group followed by optional spaces, which rescans the spaces for every
    character of an unclosed comment; each ``-->`` and ``>`` is looked up once however many
    directives precede it.
    """
    found = []
    position = 0
    end = greater = -1
    while match := _DIRECTIVE.search(line, position):
        position = match.end()
        if end < position:
            end = line.find("-->", position)
            if end < 0:
                break
        if greater < position:
            greater = line.find(">", position)
        if greater < end:
            continue
        names = tuple((m.start(), m.group()) for m in _RULE_NAME.finditer(line, position, end))
        rules = frozenset(name.lower() for _, name in names)
        found.append(Directive(number, match.group(1), rules, names))
        position = end + 3
    return found


def _unknown_names(directives: list[Directive]) -> list[Finding]:
    """An unknown-rule finding for every name in a comment that is no rule's code or alias; the
    first :data:`MAX_SUGGESTED` of them with the closest rule."""
    found: list[Finding] = []
    for directive in directives:
        for col, name in directive.names:
            if find_rule(name) is not None:
                continue
            near = closest_rule(name) if len(found) < MAX_SUGGESTED else None
            found.append(unknown_rule_finding(directive.line, col, name, near))
    return found


def _suppressed(directives: list[Directive], code: str, alias: str, line: int) -> bool:
    """Whether inline comments turn a rule off at ``line``, as markdownlint's comments do."""
    names = {code.lower(), alias.lower()}

    def applies(rules: frozenset[str]) -> bool:
        return not rules or bool(rules & names)

    disabled = False
    for directive in directives:
        number, action, rules = directive.line, directive.action, directive.rules
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


def unknown_rule_messages(settings: Settings) -> list[str]:
    """One message per rule name in the settings that matches no rule, with the closest."""
    messages = []
    for name in unknown_rules(settings):
        closest = closest_rule(name)
        hint = f"; did you mean {closest!r}?" if closest else ""
        messages.append(f"rules: unknown rule {name!r}, ignored{hint}")
    return messages
