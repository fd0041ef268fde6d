"""Every quick fix, applied to generated notes, fixes its finding and nothing else: the
finding is gone, no new finding appears outside the inserted text, and the text outside
the fixed place is unchanged."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_notes.analysis import analyze
from interview_notes.findings import Finding
from interview_notes.template import TemplateSet
from interview_notes.text import BOM, LINE_BREAK, Span, TextEdit, apply_edits

from .support import seed_text

TEMPLATES = TemplateSet.load()
SEED = seed_text()
SEED_LINES = SEED.split("\n")
EXAMPLES = int(os.environ.get("INTERVIEW_NOTES_PROPERTY_EXAMPLES", "100"))
HEADINGS = [index for index, line in enumerate(SEED_LINES) if line.startswith("## ")]
FILLERS = ("", "x", "Redis", "N/A", "😀 中文", "two words", "- a", "`code`")


@st.composite
def notes(draw: st.DrawFn) -> str:
    """The template with lines filled, emptied or deleted, sections removed, and CRLF or a
    BOM now and then."""
    lines = list(SEED_LINES)
    removed = draw(st.sets(st.sampled_from(HEADINGS), max_size=3))
    for start in sorted(removed, reverse=True):
        end = next((h for h in HEADINGS if h > start), len(lines))
        del lines[start:end]
    out = []
    for line in lines:
        action = draw(st.sampled_from(("keep", "keep", "keep", "fill", "empty", "delete")))
        if line.startswith(("#", "```")):
            out.append(line)
            continue
        if action == "delete":
            continue
        if action == "fill":
            line = f"{line} {draw(st.sampled_from(FILLERS))}".rstrip()
        elif action == "empty" and ":" in line:
            line = line[: line.index(":") + 1]
        out.append(line)
    text = "\n".join(out)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 4)) == 0:
        text = BOM + text
    return text


def offsets(text: str) -> list[int]:
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def offset(starts: list[int], lines: list[str], line: int, col: int) -> int:
    line = min(line, len(starts) - 1)
    return starts[line] + min(col, len(lines[line]))


def key(finding: Finding) -> tuple[str, str, str]:
    return (finding.rule.code, finding.slot, finding.message)


def inside(span: Span, start: int, end: int, text: str) -> bool:
    starts, lines = offsets(text), LINE_BREAK.split(text)
    first = offset(starts, lines, span.start_line, span.start_col)
    last = offset(starts, lines, span.end_line, span.end_col)
    return start <= first and last <= end


def check_fix(text: str, finding: Finding, edits: tuple[TextEdit, ...], before: Any) -> None:
    fixed = apply_edits(text, list(edits))
    after = analyze(fixed, TEMPLATES)
    starts, lines = offsets(text), LINE_BREAK.split(text)
    (edit,) = edits
    start = offset(starts, lines, edit.span.start_line, edit.span.start_col)
    end = offset(starts, lines, edit.span.end_line, edit.span.end_col)
    assert fixed[:start] == text[:start]
    assert fixed[start + len(edit.new_text) :] == text[end:]
    if finding.rule.code not in ("IN001", "IN013"):  # these insert where the text goes
        line_start = offset(starts, lines, finding.span.start_line, 0)
        line_end = offset(starts, lines, finding.span.end_line, len(lines[finding.span.end_line]))
        eol = LINE_BREAK.match(text, line_end)
        line_end = eol.end() if eol else line_end
        # Removing the last line takes the line break before it.
        assert line_start - 2 <= start and end <= line_end, "edit outside the finding's lines"
    inserted_end = start + len(edit.new_text)
    outside = [f for f in after.findings if not inside(f.span, start, inserted_end, fixed)]
    old = Counter(key(f) for f in before.findings)
    new = Counter(key(f) for f in outside)
    assert new[key(finding)] < old[key(finding)], f"{finding.message!r} is still reported"
    appeared = new - old
    assert not appeared, f"fixing {finding.message!r} made new findings: {list(appeared)}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(text=notes(), data=st.data())
def test_each_quick_fix_fixes_its_finding_and_nothing_else(text: str, data: st.DataObject) -> None:
    before = analyze(text, TEMPLATES)
    assert before.is_note
    fixes = [(finding, fix) for finding in before.findings for fix in finding.fixes]
    if not fixes:
        return
    chosen = data.draw(st.lists(st.sampled_from(fixes), min_size=1, max_size=4, unique=True))
    for finding, fix in chosen:
        if len(fix.edits) == 1:  # fixes of several fields are checked in tests/core
            check_fix(text, finding, fix.edits, before)


def test_missing_section_fix_after_an_unclosed_fence_adds_the_section() -> None:
    start = SEED.index("## Post-Interview Reflection")
    text = SEED[:start] + "```\nleft open\n"
    before = analyze(text, TEMPLATES)
    (finding,) = [f for f in before.findings if f.rule.code == "IN001"]
    fixed = apply_edits(text, list(finding.fixes[0].edits))
    after = analyze(fixed, TEMPLATES)
    assert not [f for f in after.findings if f.rule.code == "IN001"]


def test_inserted_table_does_not_run_into_the_text_under_the_heading() -> None:
    start = SEED.index("| Decision | Pros | Cons |")
    end = SEED.index("---", SEED.index("| | | |", start))
    text = SEED[:start] + "We chose Redis over Memcached.\n\n" + SEED[end:]
    before = analyze(text, TEMPLATES)
    (finding,) = [f for f in before.findings if f.slot == "Trade-offs Discussed table"]
    fixed = apply_edits(text, list(finding.fixes[0].edits))
    assert "| | | |\n\nWe chose Redis over Memcached.\n" in fixed
    after = analyze(fixed, TEMPLATES)
    assert not [f for f in after.findings if "Redis" in f.message]
    assert [f.slot for f in after.findings].count("Trade-offs Discussed row") == 2
