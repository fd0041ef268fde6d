"""Inline comments turn rules off, as markdownlint's ``markdownlint-disable`` comments do."""

from __future__ import annotations

import pytest

from .expectations import NOTES, analyze_text, read_fixture

FILLED = read_fixture(NOTES / "filled-note.md")
EMPTY_FIELD = FILLED.replace("- Technology choice: React Native\n", "- Technology choice:\n")
FIELD_LINE = "- Technology choice:\n"


def codes(text: str) -> list[str]:
    return [f.rule.code for f in analyze_text(text).findings]


def before_field(comment: str) -> str:
    return EMPTY_FIELD.replace(FIELD_LINE, f"{comment}\n{FIELD_LINE}")


def test_the_field_is_reported_without_a_comment() -> None:
    assert codes(EMPTY_FIELD) == ["IN004"]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- interview-notes-disable-next-line -->",
        "<!-- interview-notes-disable-next-line empty-field -->",
        "<!-- interview-notes-disable-next-line IN004 -->",
        "<!-- interview-notes-disable-next-line in004 EMPTY-FIELD -->",
        "<!-- interview-notes-disable-next-line IN003 IN004 -->",
        "<!--interview-notes-disable-next-line-->",
        "<!-- interview-notes-disable empty-field -->",
        "<!-- interview-notes-disable -->",
        "<!-- interview-notes-disable-file empty-field -->",
    ],
)
def test_comment_before_the_field_turns_it_off(comment: str) -> None:
    assert codes(before_field(comment)) == []


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- interview-notes-disable-next-line empty-paragraph -->",
        "<!-- interview-notes-disable IN003 -->",
        "<!-- interview-notes-disable-file unchecked-item -->",
        "<!-- markdownlint-disable -->",
        "<!-- interview-notes-disable-next-lines empty-field -->",
    ],
    ids=["next-line-other-rule", "disable-other-rule", "file-other-rule", "other-tool", "misspelt"],
)
def test_comment_that_does_not_name_the_rule_keeps_it(comment: str) -> None:
    assert codes(before_field(comment)) == ["IN004"]


def test_disable_next_line_covers_only_the_next_line() -> None:
    text = EMPTY_FIELD.replace(
        "- Key features: infinite scroll, optimistic posting\n", "- Key features:\n"
    )
    text = text.replace(
        FIELD_LINE, f"<!-- interview-notes-disable-next-line empty-field -->\n{FIELD_LINE}"
    )
    assert [f.slot for f in analyze_text(text).findings] == ["Key features"]


def test_enable_ends_a_disable() -> None:
    text = (
        before_field("<!-- interview-notes-disable IN004 -->")
        .replace("### Backend/API\n", "<!-- interview-notes-enable IN004 -->\n\n### Backend/API\n")
        .replace("- Architecture pattern: microservices\n", "- Architecture pattern:\n")
    )
    assert [f.slot for f in analyze_text(text).findings] == ["Architecture pattern"]


def test_disable_after_the_finding_does_not_reach_back() -> None:
    assert codes(EMPTY_FIELD + "\n<!-- interview-notes-disable -->\n") == ["IN004"]


def test_disable_file_anywhere_in_the_file() -> None:
    assert codes(EMPTY_FIELD + "\n<!-- interview-notes-disable-file IN004 -->\n") == []


def test_disable_line_on_the_finding_line() -> None:
    text = EMPTY_FIELD.replace(
        FIELD_LINE, "- Technology choice: <!-- interview-notes-disable-line -->\n"
    )
    assert codes(text) == []


def test_disable_line_on_a_table_row() -> None:
    text = FILLED.replace(
        "| No joins |\n",
        "| No joins |\n| | | | <!-- interview-notes-disable-line unfilled-row -->\n",
    )
    assert codes(text) == []


def test_disable_only_silences_the_named_rules() -> None:
    text = before_field("<!-- interview-notes-disable-file empty-field -->").replace(
        "| Fan-out on write | Fast reads | Slow for celebrities |",
        "| Fan-out on write | Fast reads | |",
    )
    text = text.replace("| Cache | Fast reads | Stale data |", "| Cache | | Stale data |")
    assert codes(text) == ["IN006"]


def test_comment_shown_in_a_code_block_is_not_a_directive() -> None:
    """As in markdownlint, only real HTML comments are directives, not text in code."""
    text = EMPTY_FIELD.replace(
        "## Follow-up Questions from Interviewer\n",
        "## Follow-up Questions from Interviewer\n\n"
        "```markdown\n<!-- interview-notes-disable-file -->\n```\n",
    )
    assert codes(text) == ["IN004"]
