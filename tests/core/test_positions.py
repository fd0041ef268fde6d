"""Spans are exact: 0-based lines, code-point columns, on any line ending, BOM or script."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_notes.findings import Finding
from interview_notes.text import LINE_BREAK, Span, apply_edits

from .expectations import NOTES, analyze_text, bundled_templates, read_fixture

FILLED = read_fixture(NOTES / "filled-note.md")
SEED = bundled_templates().get("system-design").text  # type: ignore[union-attr]


def spans(text: str) -> list[tuple[str, Span, str]]:
    return [(f.rule.code, f.span, f.message) for f in analyze_text(text).findings]


def only(text: str, code: str) -> Finding:
    found = [f for f in analyze_text(text).findings if f.rule.code == code]
    assert len(found) == 1, found
    return found[0]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(LINE_BREAK.split(text)) if needle in line)


def test_seed_spans_are_the_same_with_crlf_lone_cr_and_lf() -> None:
    lf = spans(SEED)
    assert len(lf) == 49
    assert spans(SEED.replace("\n", "\r\n")) == lf
    assert spans(SEED.replace("\n", "\r")) == lf


def test_mixed_line_endings_count_each_break_once() -> None:
    lines = SEED.split("\n")
    endings = ["\r\n", "\n", "\r"]
    mixed = "".join(line + endings[n % 3] for n, line in enumerate(lines[:-1])) + lines[-1]
    assert spans(mixed) == spans(SEED)


def test_spans_exclude_the_carriage_return() -> None:
    text = FILLED.replace("- Technology choice: React Native\n", "- Technology choice:\n").replace(
        "\n", "\r\n"
    )
    finding = only(text, "IN004")
    assert finding.span == Span(58, 0, 58, len("- Technology choice:"))


def test_field_span_covers_the_item_and_label_span_the_label() -> None:
    text = FILLED.replace("- Technology choice: React Native\n", "- Technology choice:\n").replace(
        "**Strengths:**\nClear capacity estimates.\n", "**Strengths:**\n"
    )
    assert only(text, "IN004").span == Span(58, 0, 58, 20)
    assert only(text, "IN003").span == Span(116, 0, 116, len("**Strengths:**"))


def test_row_span_covers_the_row() -> None:
    text = FILLED.replace("| No joins |\n", "| No joins |\n|  |  |  |\n")
    assert only(text, "IN005").span == Span(94, 0, 94, len("|  |  |  |"))


def test_missing_section_span_is_the_next_present_heading() -> None:
    start = FILLED.index("## Trade-offs Discussed")
    text = FILLED[:start] + FILLED[FILLED.index("## Potential Issues") :]
    heading = line_of(text, "## Potential Issues & Solutions")
    assert only(text, "IN001").span == Span(
        heading, 0, heading, len("## Potential Issues & Solutions")
    )


def test_bom_is_a_code_point_of_the_first_line() -> None:
    body = (
        "**Notes:**\n\n## Trade-offs Discussed\n\n## Follow-up Questions from Interviewer\n\n"
        "## Feedback Received\n\n## Post-Interview Reflection\n"
    )
    with_bom = [f for f in analyze_text("\ufeff" + body).findings if f.rule.code == "IN003"]
    without = [f for f in analyze_text(body).findings if f.rule.code == "IN003"]
    assert [f.span for f in with_bom] == [Span(0, 1, 0, 11)]
    assert [f.span for f in without] == [Span(0, 0, 0, 10)]


def test_bom_does_not_move_later_lines() -> None:
    text = FILLED.replace("- Technology choice: React Native\n", "- Technology choice:\n")
    assert spans("\ufeff" + text) == spans(text)


def test_emoji_before_a_value_counts_as_one_column() -> None:
    line = "_📅 Date: next Tuesday_"
    text = FILLED.replace("_Date: 2025-11-11_", line)
    start = line.index("next")
    assert start == 9  # code points; UTF-16 would say 10, UTF-8 bytes 12
    assert only(text, "IN012").span == Span(3, start, 3, start + len("next Tuesday"))


def test_cjk_before_a_value_counts_one_column_per_character() -> None:
    line = "_面试日期 Date: 下周二_"
    text = FILLED.replace("_Date: 2025-11-11_", line)
    assert only(text, "IN012").span == Span(3, 12, 3, 15)


def test_cell_edits_after_emoji_use_code_point_columns() -> None:
    row = "| 🔥🔥 Hot keys | | |"
    text = FILLED.replace("| No joins |\n", f"| No joins |\n{row}\n")
    finding = only(text, "IN006")
    cells = [edit.span for edit in finding.fixes[0].edits]
    assert cells == [
        Span(94, row.index("| |") + 1, 94, row.index("| |") + 2),
        Span(94, row.rindex(" |"), 94, row.rindex("|")),
    ]
    assert "| 🔥🔥 Hot keys | N/A | N/A |" in apply_edits(text, list(finding.fixes[0].edits))


def test_inline_date_span_on_crlf_with_bom() -> None:
    text = "\ufeff" + FILLED.replace("_Date: 2025-11-11_", "_Date: next Tuesday_").replace(
        "\n", "\r\n"
    )
    assert only(text, "IN012").span == Span(3, 7, 3, 19)


LINES = [
    *SEED.split("\n"),
    "",
    "-",
    "- [ ] q",
    "| a |",
    "|---|",
    "| | |",
    "**X:**",
    "_Date: x_",
    "```",
    "<!--",
    "-->",
    "> quote",
    "    code",
    "1.",
    "\ufeff",
    "📅 emoji",
    "面试",
    "- Date: 32/13/2025",
    "| 🚀 | |",
    "<!-- interview-notes-disable -->",
    "---",
    "+++",
]


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(LINES), max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_mix_of_template_lines_gives_spans_and_fixes_inside_the_text(
    lines: list[str], eol: str
) -> None:
    text = eol.join(lines)
    source = LINE_BREAK.split(text)
    findings = analyze_text(text).findings
    for finding in findings:
        for span in [finding.span, *(e.span for fix in finding.fixes for e in fix.edits)]:
            assert 0 <= span.start_line <= span.end_line < len(source)
            assert span.start_col <= len(source[span.start_line])
            assert span.end_col <= len(source[span.end_line])
            assert (span.start_line, span.start_col) <= (span.end_line, span.end_col)
        for fix in finding.fixes:
            apply_edits(text, list(fix.edits))
    assert spans(text) == spans("\n".join(lines))
