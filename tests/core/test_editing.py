"""What a writer sees while editing: where Next Empty Slot puts the cursor, what completion
inserts, how completeness counts, and messages that read as one sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from interview_notes.completion import Candidate, complete
from interview_notes.fixes import fix_all
from interview_notes.navigation import completeness, completeness_by_interview, hover, outline
from interview_notes.settings import Settings
from interview_notes.text import TextEdit, apply_edits

from .expectations import NOTES, analyze_text, bundled_templates, note_fixtures, read_fixture

FILLED = read_fixture(NOTES / "filled-note.md")
SEED = bundled_templates().templates[0].text


def caret(text: str, line_text: str) -> tuple[int, int]:
    """Where Next Empty Slot puts the cursor when started at the top of ``text``."""
    analysis = analyze_text(text)
    slot = analysis.next_empty(0, 0)
    assert slot is not None
    lines = text.split("\n")
    assert lines[slot.caret.start_line] == line_text
    assert slot.caret.start_col == slot.caret.end_col  # nothing is selected
    return slot.caret.start_line, slot.caret.start_col


@pytest.mark.parametrize(
    ("filled", "empty", "column"),
    [
        ("- Technology choice: React Native", "- Technology choice: ", 21),
        ("- Technology choice: React Native", "- Technology choice:", 20),
        ("- Technology choice: React Native", "- **Technology choice:** ", 25),
        ("| Fan-out on write | Fast reads | Slow for celebrities |", "| | | |", 2),
    ],
)
def test_next_empty_slot_puts_the_cursor_where_the_value_goes(
    filled: str, empty: str, column: int
) -> None:
    text = FILLED.replace(filled, empty)
    assert caret(text, empty)[1] == column


def test_next_empty_slot_after_a_label_never_selects_it() -> None:
    text = FILLED.replace("**Strengths:** Clear capacity estimates", "**Strengths:**")
    if text == FILLED:  # the fixture writes the value on the next line
        text = re.sub(r"\*\*Strengths:\*\*[^\n]*\n[^\n]+\n", "**Strengths:**\n", FILLED, count=1)
    _, col = caret(text, "**Strengths:**")
    assert col == len("**Strengths:**")


def test_value_completion_right_after_the_colon_adds_a_space() -> None:
    text = FILLED.replace("- Strategy: cache-aside", "- Strategy:")
    assert text != FILLED
    lines = text.split("\n")
    line = lines.index("- Strategy:")
    candidates = complete(
        analyze_text(text), bundled_templates(), line, len(lines[line]), snippets=False
    )
    assert candidates
    fixed = apply_edits(text, [_edit(candidates[0])])
    assert f"- Strategy: {candidates[0].label}" in fixed.split("\n")
    # Still a field: the value is read, so the field is not reported empty.
    assert not [f for f in analyze_text(fixed).findings if f.slot == "Strategy"]


def _edit(candidate: Candidate) -> TextEdit:
    return TextEdit(candidate.replace, candidate.new_text)


def test_row_completion_on_an_existing_empty_row_replaces_it() -> None:
    row = "| Fan-out on write | Fast reads | Slow for celebrities |"
    text = FILLED.replace(row, "| | | |")
    lines = text.split("\n")
    line = lines.index("| | | |")
    candidates = complete(analyze_text(text), bundled_templates(), line, 1, snippets=False)
    assert [c.kind for c in candidates] == ["row"]
    fixed = apply_edits(text, [_edit(candidates[0])])
    new_row = fixed.split("\n")[line]
    assert new_row.count("|") == 4, new_row  # three cells, not a broken five-cell row


def test_completeness_counts_a_deleted_section_as_empty() -> None:
    start = SEED.index("## Feedback Received")
    end = SEED.index("## Post-Interview Reflection")
    without = SEED[:start] + SEED[end:]
    filled, total, _ = completeness(analyze_text(SEED))
    filled_after, total_after, _ = completeness(analyze_text(without))
    assert (filled_after, total_after) == (filled, total)


def test_on_the_template_the_counter_and_the_warnings_agree() -> None:
    analysis = analyze_text(SEED)
    filled, total, _ = completeness(analysis)
    warnings = [f for f in analysis.findings if f.severity.label == "warning"]
    assert total - filled == len(warnings) == 33


def test_each_interview_of_a_file_has_its_own_completeness() -> None:
    text = SEED + "\n" + SEED.replace("- Technology choice:", "- Technology choice: React")
    parts = completeness_by_interview(analyze_text(text))
    assert [(p.filled, p.total) for p in parts] == [(2, 35), (3, 35)]
    assert parts[1].line == SEED.count("\n") + 1


@pytest.mark.parametrize("fixture", note_fixtures(), ids=lambda p: p.stem)
def test_messages_are_one_sentence_and_never_repeat_their_line(fixture: Path) -> None:
    text = read_fixture(fixture)
    analysis = analyze_text(text, Settings(unchecked_items="always"))
    lines = analysis.note.source.lines
    for finding in analysis.findings:
        message = finding.message
        assert message.endswith("."), message
        assert ". " not in message[:-1], message
        line = re.sub(r"^[\s#>*_|\-\d.)\[\]x]+|[\s*_:|]+$", "", lines[finding.span.start_line])
        # IN001 and IN014 name a template section, which may share words with the line.
        if len(line) >= 6 and finding.code not in ("IN001", "IN014"):
            assert line not in message, (line, message)


def test_fix_all_fixes_each_interview_of_a_file_once() -> None:
    text = (
        "# System Design Interview Notes — A\n## 3Ws Framework\n### What\nNotes.\n"
        "# System Design Interview Notes — B\n## Interview Date\n_Date: 2025-11-04_\n"
        "_Duration: 45 min_\n"
    )
    result = fix_all(text, bundled_templates())
    assert result is not None
    assert fix_all(result.text, bundled_templates()) is None
    assert result.text.count("## Trade-offs Discussed") == 2


def test_text_before_the_first_interview_is_not_checked() -> None:
    text = "# Log\n- Field:\n| a | b |\n|---|---|\n| | |\n\n" + SEED
    found = analyze_text(text)
    assert found.is_note
    assert min(f.span.start_line for f in found.findings) >= 6
    assert completeness(found)[1] == completeness(analyze_text(SEED))[1]


@pytest.mark.parametrize(
    ("day_first", "read"), [(None, "11 April 2025"), (True, "04 November 2025")]
)
def test_hover_on_a_date_says_how_it_is_read(day_first: bool | None, read: str) -> None:
    text = SEED.replace("_Date: November 4, 2025_", "_Date: 04/11/2025_")
    line = text.split("\n").index("_Date: 04/11/2025_")
    shown = hover(analyze_text(text), line, 2, day_first)
    assert shown is not None and read in shown


def test_each_interview_is_a_root_of_the_outline() -> None:
    body = SEED.split("\n", 1)[1].replace("\n## ", "\n### ").replace("\n### ", "\n#### ")
    text = (
        "# Interview log\n\n## System Design Interview Notes — A\n"
        + body
        + "\n## System Design Interview Notes — B\n"
        + body
    )
    roots = outline(analyze_text(text))
    assert [root.name for root in roots] == [
        "System Design Interview Notes — A",
        "System Design Interview Notes — B",
    ]
