"""Quick fixes: applying one resolves its finding and touches nothing outside its slot."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pytest
from interview_notes.analysis import Analysis
from interview_notes.findings import Applicability, Finding, Fix
from interview_notes.fixes import fix_all
from interview_notes.rules import missing_field, missing_section
from interview_notes.settings import Settings
from interview_notes.severity import Severity
from interview_notes.template import insert_template_fix
from interview_notes.text import LINE_BREAK, Span, TextEdit, apply_edits

from .expectations import NOTES, analyze_text, bundled_templates, note_fixtures, read_fixture

IN_PLACE = ("IN003", "IN004", "IN005", "IN006", "IN008", "IN010", "IN014")
# Fixes that rewrite the finding's own lines. A corrected rule name in a comment also turns
# off what the comment names, so its fix may quiet other findings.
EDITS_IN_PLACE = (*IN_PLACE, "IN015")
FILLED = read_fixture(NOTES / "filled-note.md")
SEED = bundled_templates().get("system-design").text  # type: ignore[union-attr]


@dataclass(frozen=True)
class FixCase:
    fixture: str
    finding: int
    fix: int

    def __str__(self) -> str:
        return f"{self.fixture}#{self.finding}.{self.fix}"


def fix_cases() -> list[FixCase]:
    cases: list[FixCase] = []
    for path in note_fixtures():
        analysis = analyze_text(read_fixture(path))
        for index, finding in enumerate(analysis.findings):
            cases.extend(FixCase(path.name, index, n) for n in range(len(finding.fixes)))
    return cases


CASES = fix_cases()


def apply(text: str, fix: Fix) -> str:
    return apply_edits(text, list(fix.edits))


def is_disable(fix: Fix) -> bool:
    return any("interview-notes-disable-line" in edit.new_text for edit in fix.edits)


def own_fixes(finding: Finding) -> list[Fix]:
    """The fixes a rule offers, without the "disable for this line" every finding has."""
    assert is_disable(finding.fixes[-1]) or not finding.fixes[-1].edits
    return [fix for fix in finding.fixes if not is_disable(fix)]


def only_fix(finding: Finding) -> Fix:
    fixes = own_fixes(finding)
    assert len(fixes) == 1, finding
    return fixes[0]


def findings_of(analysis: Analysis, code: str) -> list[Finding]:
    return [f for f in analysis.findings if f.rule.code == code]


def first(text: str, code: str) -> Finding:
    found = findings_of(analyze_text(text), code)
    assert found, f"no {code} finding"
    return found[0]


def fixed(text: str, code: str) -> str:
    """``text`` after applying the only fix of its first ``code`` finding."""
    return apply(text, only_fix(first(text, code)))


def non_blank_lines(text: str) -> list[str]:
    return [line for line in LINE_BREAK.split(text) if line.strip()]


def codes(analysis: Analysis) -> Counter[str]:
    return Counter(f.rule.code for f in analysis.findings)


def section_keys(text: str) -> list[str]:
    return [section.key for section in analyze_text(text).note.sections]


# every fix of every fixture -------------------------------------------------------------
def test_fixtures_offer_fixes() -> None:
    assert len(CASES) > 100


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fix_resolves_its_finding(case: FixCase) -> None:
    text = read_fixture(NOTES / case.fixture)
    before = analyze_text(text)
    finding = before.findings[case.finding]
    fix = finding.fixes[case.fix]
    after = analyze_text(apply(text, fix))
    code = finding.rule.code
    if is_disable(fix):  # every finding of the rule on that line, and no other
        line = finding.span.start_line
        on_line = [f for f in before.findings if f.code == code and f.span.start_line == line]
        assert codes(after)[code] == codes(before)[code] - len(on_line)
        assert codes(after) + Counter({code: len(on_line)}) == codes(before)
        return
    lines = {edit.span.start_line for edit in fix.edits}
    marked = [f for f in before.findings if f.code == code and f.span.start_line in lines]
    resolved = len(marked) if fix.title.startswith("Mark the ") else 1
    assert codes(after)[code] == codes(before)[code] - resolved
    if code in IN_PLACE or is_disable(fix):
        # Writing a section's notes also quiets its guiding questions (IN010).
        kept = (code, "IN010")
        others = {k: v for k, v in codes(before).items() if k not in kept}
        assert {k: v for k, v in codes(after).items() if k not in kept} == others


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fix_keeps_text_outside_its_slot(case: FixCase) -> None:
    text = read_fixture(NOTES / case.fixture)
    finding = analyze_text(text).findings[case.finding]
    fix = finding.fixes[case.fix]
    new = apply(text, fix)
    old_lines, new_lines = LINE_BREAK.split(text), LINE_BREAK.split(new)
    start, end = finding.span.start_line, finding.span.end_line
    if is_disable(fix):  # a comment at the end of the finding's line, nothing else
        assert len(new_lines) == len(old_lines)
        assert [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b] == [
            start
        ]
        assert new_lines[start].startswith(old_lines[start])
    elif fix.title.startswith("Mark the "):  # N/A after each empty field of the section
        assert len(new_lines) == len(old_lines)
        assert all(b.startswith(a) or "N/A" in b for a, b in zip(old_lines, new_lines, strict=True))
    elif finding.rule.code in EDITS_IN_PLACE:
        after = len(old_lines) - end - 1
        assert new_lines[:start] == old_lines[:start]
        assert new_lines[len(new_lines) - after :] == old_lines[end + 1 :]
    else:  # insertions: the old text is still there, in order, around the inserted lines
        kept = iter(new_lines)
        assert all(line in kept for line in old_lines)
    breaks = set(LINE_BREAK.findall(text))
    if len(breaks) == 1:
        assert set(LINE_BREAK.findall(new)) <= breaks, "the fix must use the note's line ending"


# what each fix writes -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Technology choice:", "- Technology choice: N/A"),
        ("- Technology choice: ", "- Technology choice: N/A"),
        (
            "- Technology choice: <!-- decide later -->",
            "- Technology choice: N/A <!-- decide later -->",
        ),
        ("- 🚀 Technology choice:", "- 🚀 Technology choice: N/A"),
    ],
)
def test_mark_field_na(line: str, expected: str) -> None:
    text = FILLED.replace("- Technology choice: React Native", line)
    assert fixed(text, "IN004") == FILLED.replace("- Technology choice: React Native", expected)


def test_mark_inline_field_na() -> None:
    text = FILLED.replace("_Date: 2025-11-11_", "_Date: _")
    assert fixed(text, "IN004") == FILLED.replace("_Date: 2025-11-11_", "_Date: N/A_")


def test_write_na_after_empty_label() -> None:
    text = FILLED.replace("**Strengths:**\nClear capacity estimates.\n", "**Strengths:**\n")
    assert fixed(text, "IN003") == FILLED.replace(
        "**Strengths:**\nClear capacity estimates.\n", "**Strengths:** N/A\n"
    )


def test_remove_unfilled_row() -> None:
    text = FILLED.replace("| No joins |\n", "| No joins |\n| | | |\n")
    assert fixed(text, "IN005") == FILLED


def test_remove_unfilled_row_crlf() -> None:
    crlf = FILLED.replace("\n", "\r\n")
    text = crlf.replace("| No joins |\r\n", "| No joins |\r\n| | | |\r\n")
    assert fixed(text, "IN005") == crlf


def test_a_lone_unfilled_row_is_not_offered_for_removal() -> None:
    rows = (
        "| Fan-out on write | Fast reads | Slow for celebrities |\n"
        "| Cassandra for tweets | Write throughput | No joins |\n"
    )
    text = FILLED.replace(rows, "| | | |\n")
    assert own_fixes(first(text, "IN005")) == []


def test_half_filled_row_gets_na_in_empty_cells() -> None:
    text = FILLED.replace("| No joins |\n", "| No joins |\n| 🔥🔥 Hot keys | | |\n")
    expected = FILLED.replace("| No joins |\n", "| No joins |\n| 🔥🔥 Hot keys | N/A | N/A |\n")
    assert fixed(text, "IN006") == expected


def test_half_filled_row_with_cjk_gets_na() -> None:
    text = FILLED.replace("| No joins |\n", "| No joins |\n| 缓存 | 读取快 |  |\n")
    expected = FILLED.replace("| No joins |\n", "| No joins |\n| 缓存 | 读取快 | N/A |\n")
    assert fixed(text, "IN006") == expected


def test_remove_empty_list_item() -> None:
    text = FILLED.replace(
        "- How do you rank the timeline?\n", "- How do you rank the timeline?\n-\n"
    )
    assert fixed(text, "IN008") == FILLED


def test_a_lone_empty_list_item_is_not_offered_for_removal() -> None:
    follow = (
        "- How would you shard the timeline store?\n"
        "- What happens when a Redis node fails?\n"
        "- How do you rank the timeline?\n"
    )
    text = FILLED.replace(follow, "-\n")
    assert own_fixes(first(text, "IN008")) == []


def test_check_item() -> None:
    text = FILLED.replace("- [x] Why these trade-offs?", "- [ ] Why these trade-offs?")
    always = Settings(unchecked_items="always")
    found = [f for f in analyze_text(text, always).findings if f.code == "IN010"]
    assert apply(text, own_fixes(found[0])[0]) == FILLED
    # The section's notes are written, so by default the question is not reported.
    assert codes(analyze_text(text))["IN010"] == 0


def test_fill_empty_section_from_template() -> None:
    fields = "- Technology choice:\n- Key features:\n- Performance considerations:\n"
    frontend = (
        "- Technology choice: React Native\n"
        "- Key features: infinite scroll, optimistic posting\n"
        "- Performance considerations: prefetch the next page\n"
    )
    text = FILLED.replace(frontend, "")
    result = fixed(text, "IN002")
    assert non_blank_lines(result) == non_blank_lines(FILLED.replace(frontend, fields))
    assert [f.slot for f in findings_of(analyze_text(result), "IN004")] == [
        "Technology choice",
        "Key features",
        "Performance considerations",
    ]


def test_insert_template_table() -> None:
    rows = (
        "| Decision | Pros | Cons |\n"
        "|----------|------|------|\n"
        "| Fan-out on write | Fast reads | Slow for celebrities |\n"
        "| Cassandra for tweets | Write throughput | No joins |\n"
    )
    text = FILLED.replace(rows, "We compared fan-out on write and on read.\n")
    result = fixed(text, "IN007")
    assert "| Decision | Pros | Cons |\n|----------|------|------|\n| | | |\n| | | |\n" in result
    assert "We compared fan-out on write and on read.\n" in result
    assert findings_of(analyze_text(result), "IN007") == []


def test_insert_template_list() -> None:
    follow = (
        "- How would you shard the timeline store?\n"
        "- What happens when a Redis node fails?\n"
        "- How do you rank the timeline?\n"
    )
    text = FILLED.replace(follow, "The interviewer asked about sharding.\n")
    result = fixed(text, "IN009")
    assert "-\n-\n-\n" in result
    assert findings_of(analyze_text(result), "IN009") == []


# missing sections -----------------------------------------------------------------------
TEMPLATE_ORDER = [s.key for s in bundled_templates().get("system-design").note.sections]  # type: ignore[union-attr]


def cut(text: str, heading: str, next_heading: str) -> str:
    start = text.index(heading)
    return text[:start] + text[text.index(next_heading, start) :]


def test_missing_section_is_inserted_in_template_order() -> None:
    text = cut(FILLED, "## Trade-offs Discussed", "## Potential Issues")
    result = fixed(text, "IN001")
    assert section_keys(result) == TEMPLATE_ORDER
    inserted = result[result.index("## Trade-offs Discussed") : result.index("## Potential Issues")]
    assert inserted == (
        "## Trade-offs Discussed\n"
        "\n"
        "| Decision | Pros | Cons |\n"
        "|----------|------|------|\n"
        "| | | |\n"
        "| | | |\n"
        "\n"
        "---\n"
        "\n"
    )


def test_missing_subsection_is_inserted_under_its_parent() -> None:
    text = cut(FILLED, "### Database", "### Caching Layer")
    result = fixed(text, "IN001")
    assert section_keys(result) == TEMPLATE_ORDER
    assert (
        "### Database\n"
        "- Type (SQL/NoSQL):\n"
        "- Schema design:\n"
        "- Replication & backup:\n"
        "\n"
        "### Caching Layer" in result
    )


def test_missing_last_section_is_appended() -> None:
    text = FILLED[: FILLED.index("---\n\n## Post-Interview Reflection")]
    result = fixed(text, "IN001")
    assert section_keys(result) == TEMPLATE_ORDER
    assert result.endswith(
        "## Post-Interview Reflection\n"
        "\n"
        "**What went well:**\n"
        "\n"
        "**What could be improved:**\n"
        "\n"
        "**Key learnings:**\n"
    )


def test_two_adjacent_missing_sections_are_inserted_in_template_order_one_by_one() -> None:
    text = cut(FILLED, "## Trade-offs Discussed", "## Follow-up Questions")
    result = fixed(text, "IN001")
    result = fixed(result, "IN001")
    assert section_keys(result) == TEMPLATE_ORDER


def test_missing_section_fix_uses_crlf_in_a_crlf_note() -> None:
    text = cut(FILLED, "## Trade-offs Discussed", "## Potential Issues").replace("\n", "\r\n")
    result = fixed(text, "IN001")
    assert "\n" not in result.replace("\r\n", "")
    assert section_keys(result) == TEMPLATE_ORDER


# fix all --------------------------------------------------------------------------------
def fix_all_text(text: str) -> str:
    fix = fix_all(text, bundled_templates())
    assert fix is not None
    assert apply_edits(text, list(fix.edits)) == fix.text
    return fix.text


def test_fix_all_has_nothing_to_do_on_a_filled_note() -> None:
    assert fix_all(FILLED, bundled_templates()) is None


def test_fix_all_leaves_the_seed_rows_alone() -> None:
    # No table of the seed has a filled row, so no row is removed; nothing is missing.
    assert fix_all(SEED, bundled_templates()) is None


def test_fix_all_inserts_missing_sections_and_never_removes_a_row() -> None:
    text = cut(FILLED, "## Trade-offs Discussed", "## Follow-up Questions")
    text = cut(text, "### Database", "### Caching Layer")
    # Removing a blank row deletes a line of the note: offered, never applied unasked.
    broken_rows = FILLED.replace("| No joins |\n", "| No joins |\n| | | |\n")
    assert fix_all(broken_rows, bundled_templates()) is None
    result = fix_all_text(text)
    assert section_keys(result) == TEMPLATE_ORDER
    after = codes(analyze_text(result))
    assert after["IN001"] == 0
    # The inserted tables are the template's, whose rows are all unfilled: they stay.
    assert after["IN005"] == 4


def test_fix_all_on_a_title_only_note_writes_the_template() -> None:
    assert fix_all_text("# System Design Interview Notes\n") == SEED


def test_fix_all_on_a_title_only_crlf_note_writes_the_template_in_crlf() -> None:
    assert fix_all_text("# System Design Interview Notes\r\n") == SEED.replace("\n", "\r\n")


def test_fix_all_on_a_note_without_final_newline_separates_sections_by_one_blank_line() -> None:
    result = fix_all_text("# System Design Interview Notes")
    assert "\n\n\n" not in result
    assert result == SEED


def test_fix_all_does_not_touch_a_not_a_note() -> None:
    text = "# README\n\n| a | b |\n|---|---|\n| | |\n| x | y |\n"
    assert fix_all(text, bundled_templates()) is None


def test_fix_all_of_one_rule_applies_only_that_rules_fixes() -> None:
    # A deleted section and a deleted field: inserting the missing sections (the server's
    # Insert Template in a note) leaves the field to fix-all.
    text = cut(FILLED, "## Trade-offs Discussed", "## Follow-up Questions")
    text = text.replace("- Key features: infinite scroll, optimistic posting\n", "")
    result = fix_all(text, bundled_templates(), rules=(missing_section.RULE,))
    assert result is not None and result.applied == 2
    assert result.title == "Apply 2 safe fixes (2 missing-section)"
    assert section_keys(result.text) == TEMPLATE_ORDER
    after = codes(analyze_text(result.text))
    assert after[missing_section.RULE.code] == 0
    assert after[missing_field.RULE.code] == 1
    assert fix_all(result.text, bundled_templates(), rules=(missing_section.RULE,)) is None


def test_a_safe_fix_cannot_delete_or_replace() -> None:
    insert = TextEdit(Span.line(0, 3, 3), "text")
    assert Fix("Insert", (insert,), applicability=Applicability.SAFE).edits == (insert,)
    replace = TextEdit(Span.line(0, 0, 3), "text")
    assert Fix("Replace", (replace,)).applicability is Applicability.UNSAFE
    with pytest.raises(ValueError, match="a safe fix only inserts"):
        Fix("Replace", (replace,), applicability=Applicability.SAFE)


def test_insert_template_fix_turns_an_empty_document_into_a_dated_note() -> None:
    template = bundled_templates().templates[0]
    fix = insert_template_fix(template, today=date(2026, 1, 2))
    text = apply_edits("", list(fix.edits))
    result = analyze_text(text)
    assert result.is_note
    assert "_Date: 2026-01-02_" in text
    # The template's 33 empty slots, and the duration, which a new note leaves to fill.
    warnings = [f for f in result.findings if f.severity == Severity.WARNING]
    assert len(warnings) == 34
    assert next(f.slot for f in warnings if f.rule.code == "IN004") == "Duration"
