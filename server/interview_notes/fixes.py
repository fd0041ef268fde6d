"""Fix-all: every safe fix of a document, applied round after round until none is left.

Each round takes one safe fix per finding (never two edits touching one place), applies them
and analyses the result again, so every fix is computed on the text it edits, as ruff's
``--fix`` loop does. A finding fixed once and found again is not fixed twice: a fix that does
not hold is never repeated into duplicates.

Only fixes whose applicability is ``SAFE`` are applied, and :class:`Fix` refuses to be built
as safe unless it only inserts; so nothing a writer typed is deleted unasked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import Analysis, analyze
from .findings import Applicability, Finding, Fix, Rule
from .settings import Settings
from .template import TemplateSet
from .text import TextEdit, apply_edits, edits_between, line_starts

MAX_ROUNDS = 40


@dataclass(frozen=True)
class FixAll:
    """What fix-all does to a document: a title saying so, the new text and the edits."""

    title: str
    text: str
    edits: tuple[TextEdit, ...]
    applied: int


def fix_all(
    text: str,
    templates: TemplateSet,
    settings: Settings | None = None,
    analysis: Analysis | None = None,
    *,
    rules: Iterable[Rule] | None = None,
) -> FixAll | None:
    """Apply every safe fix of ``text``, or only those of ``rules`` when given (inserting the
    missing sections is fix-all for one rule); ``None`` when there is none. ``analysis``
    may be the analysis of ``text`` already at hand."""
    codes = None if rules is None else frozenset(rule.code for rule in rules)
    current = text
    done: Counter[str] = Counter()
    fixed: set[tuple[str, str, str]] = set()
    found = analysis if analysis is not None and analysis.source.text == text else None
    for _ in range(MAX_ROUNDS):
        found = found or analyze(current, templates, settings)
        if not found.is_note:
            break
        findings = found.findings
        if codes is not None:
            findings = [finding for finding in findings if finding.code in codes]
        chosen = _choose(current, findings, fixed)
        if not chosen:
            break
        for finding, _ in chosen:
            fixed.add(_identity(finding))
            done[finding.rule.alias] += 1
        current = apply_edits(current, [edit for _, fix in chosen for edit in fix.edits])
        found = None
    if current == text:
        return None
    return FixAll(_title(done), current, tuple(edits_between(text, current)), sum(done.values()))


def _identity(finding: Finding) -> tuple[str, str, str]:
    """A finding across rounds, whose spans move: its rule, its slot and its interview."""
    return finding.code, finding.slot, finding.data.get("interview", "")


def _choose(
    text: str, findings: list[Finding], fixed: set[tuple[str, str, str]]
) -> list[tuple[Finding, Fix]]:
    """One safe fix per finding not fixed before, leaving out any whose edits touch a place
    another chosen fix edits."""
    starts = line_starts(text)

    def offset(line: int, col: int) -> int:
        line = min(line, len(starts) - 1)
        return starts[line] + col

    taken: list[tuple[int, int]] = []
    chosen = []
    for finding in findings:
        if _identity(finding) in fixed:
            continue
        fix = next((fix for fix in finding.fixes if fix.applicability is Applicability.SAFE), None)
        if fix is None:
            continue
        ranges = [
            (offset(e.span.start_line, e.span.start_col), offset(e.span.end_line, e.span.end_col))
            for e in fix.edits
        ]
        if any(a <= d and c <= b for a, b in ranges for c, d in taken):
            continue
        taken.extend(ranges)
        chosen.append((finding, fix))
    return chosen


def _title(done: Counter[str]) -> str:
    total = sum(done.values())
    parts = ", ".join(f"{count} {alias}" for alias, count in done.most_common())
    return f"Apply {total} safe fix{'' if total == 1 else 'es'} ({parts})"
