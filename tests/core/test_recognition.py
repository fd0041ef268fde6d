"""Which documents are interview notes; every other Markdown file gets no findings at all."""

from __future__ import annotations

import pytest
from interview_notes.settings import Settings

from .expectations import NOTES, analyze_text, read_fixture

FOUR_HEADINGS = (
    "## Interview Date\n\n## Trade-offs Discussed\n\n## Follow-up Questions from Interviewer\n\n"
    "## Feedback Received\n"
)
FILLED = read_fixture(NOTES / "filled-note.md")


def is_note(text: str, settings: Settings | None = None) -> bool:
    return analyze_text(text, settings).is_note


@pytest.mark.parametrize(
    "text",
    [
        "# System Design Interview Notes\n",
        "# system design interview notes\n",
        "# **System Design** Interview _Notes_\n",
        "#   System   Design Interview Notes   #\n",
        "System Design Interview Notes\n=============================\n",
        "\ufeff# System Design Interview Notes\n",
        "# System Design Interview Notes\r\n\r\nSome text\r\n",
    ],
    ids=["exact", "lower-case", "emphasis", "spacing-and-closing-hashes", "setext", "bom", "crlf"],
)
def test_recognised_by_its_title(text: str) -> None:
    assert is_note(text)


@pytest.mark.parametrize(
    "front_matter",
    [
        "---\ntemplate: system-design\n---\n",
        "---\ntemplate: 'system-design'\n---\n",
        '---\ntitle: Loop at Acme\nTemplate: "system-design"\n---\n',
        "---\ntemplate: System Design Interview Notes\n---\n",
        '+++\ntemplate = "system-design"\n+++\n',
        "---\r\ntemplate: system-design\r\n---\r\n",
        "\ufeff---\ntemplate: system-design\n---\n",
    ],
    ids=["yaml", "quoted", "with-other-keys", "by-title", "toml", "crlf", "bom"],
)
def test_recognised_by_front_matter(front_matter: str) -> None:
    assert is_note(front_matter + "# Design Twitter\n\nSome prose.\n")


def test_front_matter_recognises_even_with_recognition_off() -> None:
    off = Settings(recognition=False)
    assert is_note("---\ntemplate: system-design\n---\n# Design Twitter\n", off)
    assert not is_note("# System Design Interview Notes\n", off)
    assert not is_note(FOUR_HEADINGS, off)


def test_recognised_by_four_template_headings() -> None:
    assert is_note("# Design Twitter\n\n" + FOUR_HEADINGS)


def test_three_interview_sections_of_another_template_are_not_enough() -> None:
    """A behavioural interview note shares the generic interview sections, not the design."""
    assert not is_note(
        "# Behavioral Interview Notes\n\n## Interview Date\n\n## Feedback Received\n\n"
        "## Post-Interview Reflection\n"
    )


def test_headings_compare_ignoring_case_emphasis_and_numbering() -> None:
    assert is_note(
        "## interview DATE\n## 1. trade-offs DISCUSSED\n"
        "## 9) Follow-up questions from interviewer\n## **Feedback** received\n"
    )


def test_three_template_headings_are_not_enough() -> None:
    assert not is_note(
        "## Trade-offs Discussed\n\n| a | b |\n|---|---|\n| | |\n\n"
        "## Follow-up Questions from Interviewer\n\n## Feedback Received\n**Strengths:**\n"
    )


def test_the_same_heading_twice_is_not_two_headings() -> None:
    assert not is_note(
        "## Interview Date\n## Trade-offs Discussed\n## Feedback Received\n"
        "## trade-offs discussed\n"
    )


def test_a_title_heading_starts_a_note_after_other_text() -> None:
    """The lines before the title are not part of the note: only the interview is checked."""
    text = "# Project notes\n\n## Interview Date\n\n# System Design Interview Notes\n"
    found = analyze_text(text)
    assert found.is_note
    assert {f.span.start_line for f in found.findings} == {4}


def test_sections_out_of_the_template_order_are_not_enough() -> None:
    assert not is_note(
        "# Notes\n\n## Feedback Received\n\n## Follow-up Questions from Interviewer\n\n"
        "## Trade-offs Discussed\n"
    )


@pytest.mark.parametrize(
    "wrapper",
    [
        "```markdown\n{}```\n",
        "<!--\n{}-->\n",
        "> {}",
    ],
    ids=["code-fence", "html-comment", "blockquote"],
)
def test_headings_that_are_not_headings_do_not_count(wrapper: str) -> None:
    text = wrapper.format(
        FOUR_HEADINGS if not wrapper.startswith(">") else FOUR_HEADINGS.replace("\n", "\n> ")
    )
    assert not is_note("# README\n\n" + text)


def test_unknown_template_in_front_matter_is_not_a_note() -> None:
    assert not is_note("---\ntemplate: behavioral\n---\n# Design Twitter\n\n## Feedback Received\n")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "\ufeff",
        "# README\n\n- [ ] todo\n-\n| a | b |\n|---|---|\n| | |\n\n**Notes:**\n\n- Name:\n",
        "---\ntitle: x\n---\n",
        "```\nunclosed fence\n## Trade-offs Discussed\n",
    ],
    ids=[
        "empty",
        "blank-lines",
        "bom-only",
        "readme-with-empty-slots",
        "front-matter-only",
        "unclosed-fence",
    ],
)
def test_other_markdown_gets_no_findings(text: str) -> None:
    analysis = analyze_text(text)
    assert not analysis.is_note
    assert analysis.findings == []


def test_heading_with_a_trailing_html_comment_still_matches_its_section() -> None:
    """HTML comments carry no meaning (docs/templates.md), also on a heading line."""
    text = FILLED.replace("### Frontend\n", "### Frontend <!-- web and mobile -->\n")
    assert analyze_text(text).findings == []
