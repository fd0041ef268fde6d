"""Inline comments turn rules off, as markdownlint's ``markdownlint-disable`` comments do; a
rule name they give that is no rule is reported (IN015)."""

from __future__ import annotations

import time

import pytest
from interview_notes.findings import Finding
from interview_notes.incremental import IncrementalAnalyzer
from interview_notes.settings import Settings, parse_settings
from interview_notes.severity import Severity
from interview_notes.text import Span, apply_edits

from .expectations import NOTES, analyze_text, bundled_templates, read_fixture

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


# rule lists and unknown names ----------------------------------------------------------------
@pytest.mark.parametrize(
    "comment",
    [
        "<!-- interview-notes-disable-next-line empty-field, IN002 -->",
        "<!-- interview-notes-disable-next-line IN003,IN004 -->",
        "<!-- interview-notes-disable-next-line IN003,IN004-->",
        "<!-- interview-notes-disable-next-line IN003 , empty-field -->",
        "<!-- interview-notes-disable empty-paragraph,empty-field -->",
        "<!-- interview-notes-disable-file unchecked-item,\tIN004 -->",
    ],
)
def test_comma_separated_rule_lists(comment: str) -> None:
    assert codes(before_field(comment)) == []


def test_a_comma_list_names_only_its_rules() -> None:
    comment = "<!-- interview-notes-disable-next-line empty-paragraph, unchecked-item -->"
    assert codes(before_field(comment)) == ["IN004"]


def unknown(text: str) -> list[Finding]:
    return [f for f in analyze_text(text).findings if f.rule.code == "IN015"]


def test_unknown_rule_name_is_reported_at_its_place_in_the_comment() -> None:
    comment = "<!-- interview-notes-disable-next-line IN002, emtpy-field -->"
    text = before_field(comment)
    line = text.split("\n").index(comment)
    (finding,) = unknown(text)
    start = comment.index("emtpy-field")
    assert finding.span == Span.line(line, start, start + len("emtpy-field"))
    assert finding.severity is Severity.INFORMATION
    assert finding.message == (
        "Unknown rule 'emtpy-field' in this comment: write 'empty-field', the closest rule."
    )
    # The misspelt name turns nothing off: the field is still reported.
    assert codes(text) == ["IN015", "IN004"]


def test_the_fix_writes_the_closest_rule_and_the_comment_then_works() -> None:
    text = before_field("<!-- interview-notes-disable-next-line emtpy-field -->")
    (finding,) = unknown(text)
    (fix,) = finding.fixes
    assert fix.title == "Replace with 'empty-field'"
    assert codes(apply_edits(text, list(fix.edits))) == []


def test_unknown_name_far_from_every_rule_says_how_to_name_one() -> None:
    text = before_field("<!-- interview-notes-disable-next-line line-length -->")
    (finding,) = unknown(text)
    assert finding.message == (
        "Unknown rule 'line-length' in this comment: name rules by code or alias, such as "
        "'IN004' or 'empty-field', or none for every rule."
    )
    assert finding.fixes == ()


def test_every_unknown_name_of_every_directive_is_reported() -> None:
    text = before_field(
        "<!-- interview-notes-disable foo --> <!-- interview-notes-enable bar, IN004 baz -->"
    )
    assert [f.slot for f in unknown(text)] == ["foo", "bar", "baz"]


def test_unknown_rule_can_be_turned_off() -> None:
    text = before_field("<!-- interview-notes-disable-next-line emtpy-field -->")
    settings, errors = parse_settings({"rules": {"unknown-rule": "off"}})
    assert errors == []
    assert [f.rule.code for f in analyze_text(text, settings).findings] == ["IN004"]
    silenced = text + "\n<!-- interview-notes-disable-file IN015 -->\n"
    assert codes(silenced) == ["IN004"]


def test_names_in_a_comment_shown_in_code_are_not_checked() -> None:
    text = EMPTY_FIELD.replace(
        "## Follow-up Questions from Interviewer\n",
        "## Follow-up Questions from Interviewer\n\n"
        "```markdown\n<!-- interview-notes-disable-file emtpy-field -->\n```\n",
    )
    assert codes(text) == ["IN004"]


def test_documents_that_are_not_notes_stay_silent() -> None:
    text = "# Project README\n\n<!-- interview-notes-disable emtpy-field, nonsense -->\n\nText.\n"
    assert analyze_text(text).findings == []


def test_the_disable_line_fix_names_a_known_rule() -> None:
    (finding,) = analyze_text(EMPTY_FIELD).findings
    disable = finding.fixes[-1]
    assert disable.title == "Disable empty-field for this line"
    assert analyze_text(apply_edits(EMPTY_FIELD, list(disable.edits))).findings == []


def test_an_editor_reports_unknown_names_as_a_fresh_analysis_does() -> None:
    """An edit inside one section re-checks only that section; the names in comments are
    still read from the whole text."""
    analyzer = IncrementalAnalyzer(bundled_templates(), Settings())
    text = before_field("<!-- interview-notes-disable-next-line empty-field -->")
    assert analyzer.analyze(text).findings == analyze_text(text).findings == []
    edited = text.replace("disable-next-line empty-field", "disable-next-line emtpy-field")
    assert analyzer.analyze(edited).findings == analyze_text(edited).findings
    assert [f.rule.code for f in analyzer.analyze(edited).findings] == ["IN015", "IN004"]


def test_a_comment_of_many_unknown_names_is_checked_quickly() -> None:
    """Each name is reported; only the first ones are matched against every rule's name, which
    costs tens of microseconds a name."""
    names = " ".join(f"rule{index}" for index in range(20_000))
    text = EMPTY_FIELD + f"\n<!-- interview-notes-disable {names} -->\n"
    start = time.perf_counter()
    found = unknown(text)
    assert time.perf_counter() - start < 1.0
    assert len(found) == 20_000
