"""Template variables: what a new note asks for, and how the answers land in its front matter,
its title and its placeholders, from the command line as from the editor."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from interview_notes.analysis import analyze
from interview_notes.structure import parse_note
from interview_notes.template import Template, TemplateSet, bundled_template, render_template
from interview_notes.variables import (
    AssignmentError,
    Variable,
    parse_assignments,
    template_variables,
)
from interview_notes.workspace import new_note_text

from .test_cli import run

TODAY = date(2026, 3, 9)
SEED = bundled_template()
ANSWERS = {
    "company": "Acme",
    "role": "Backend Engineer",
    "interviewer": "Dana Smith",
    "question": "Design a URL shortener",
}
BEHAVIORAL = """---
variables: company, role, team-size
prompt-team-size: How large is the team?
default-role: Senior Engineer
tags: interview
---
# {{company}} — Behavioral Interview Notes — {{role}}

## Interview Date
_Date: 2025-01-01_
_Company: {{company}}_

## Team
- Size: {{team-size}} people
- Manager:

## Reflection
**What went well:**
"""


def behavioral() -> Template:
    return Template("behavioral", BEHAVIORAL)


def body(text: str) -> str:
    """A note's text after its front matter."""
    note = parse_note(text)
    return "\n".join(note.source.lines[note.body_start :])


def findings(text: str, templates: TemplateSet) -> Counter[tuple[str, str]]:
    """What a user is told about a note, wherever its lines are."""
    analysis = analyze(text, templates)
    assert analysis.template is not None
    return Counter((finding.code, finding.message) for finding in analysis.findings)


# declaring variables -------------------------------------------------------------------
def test_a_template_without_declarations_asks_the_four_usual_questions() -> None:
    assert template_variables(SEED) == [
        Variable("company", "Company", ""),
        Variable("role", "Role", ""),
        Variable("interviewer", "Interviewer", ""),
        Variable("question", "The question, e.g. Design a URL shortener", ""),
    ]


def test_declared_variables_with_prompts_and_defaults_in_order() -> None:
    assert template_variables(behavioral()) == [
        Variable("company", "Company", ""),
        Variable("role", "Role", "Senior Engineer"),
        Variable("team-size", "How large is the team?", ""),
    ]


def test_declarations_are_read_leniently_and_an_empty_one_asks_nothing() -> None:
    text = "---\nvariables: [Team, team, 'level', no good, template]\n---\n# T\n\n## A\n\n## B\n"
    assert [v.name for v in template_variables(Template("t", text))] == ["team", "level"]
    assert template_variables(Template("t", "---\nvariables:\n---\n# T\n")) == []


# command-line assignments --------------------------------------------------------------
def test_assignments_are_name_value_pairs() -> None:
    assert parse_assignments(["company=Acme", "Question=Design a=b", "role="]) == {
        "company": "Acme",
        "question": "Design a=b",
        "role": "",
    }


@pytest.mark.parametrize("bad", ["company", "=Acme", "two words=x", "9lives=x"])
def test_a_malformed_assignment_is_named(bad: str) -> None:
    with pytest.raises(AssignmentError, match="expected NAME=VALUE") as raised:
        parse_assignments(["role=x", bad])
    assert repr(bad) in str(raised.value)


# new notes -----------------------------------------------------------------------------
def test_without_values_a_new_note_is_the_dated_template() -> None:
    assert new_note_text(SEED, TODAY) == render_template(SEED, TODAY)


def test_values_go_into_the_front_matter_and_the_title() -> None:
    text = new_note_text(SEED, TODAY, ANSWERS)
    assert text.startswith(
        "---\n"
        "template: system-design\n"
        "company: Acme\n"
        "role: Backend Engineer\n"
        "interviewer: Dana Smith\n"
        "question: Design a URL shortener\n"
        "---\n"
        "# System Design Interview Notes — Acme: Design a URL shortener\n"
    )
    assert parse_note(text).front_matter["company"] == "Acme"
    assert text.endswith("**Key learnings:**\n")


def test_skipped_values_are_left_out() -> None:
    text = new_note_text(SEED, TODAY, {"question": "Design Twitter", "role": "  ", "company": ""})
    assert text.startswith(
        "---\ntemplate: system-design\nquestion: Design Twitter\n---\n"
        "# System Design Interview Notes — Design Twitter\n"
    )
    only_company = new_note_text(SEED, TODAY, {"company": "Acme", "interviewer": "Jo"})
    assert "\n# System Design Interview Notes — Acme\n" in only_company
    assert "interviewer: Jo\n" in only_company
    everything_skipped = new_note_text(SEED, TODAY, {})
    assert everything_skipped.startswith("---\ntemplate: system-design\n---\n# System Design")
    assert body(everything_skipped) == body(new_note_text(SEED, TODAY))


def test_values_stay_on_their_line_and_are_quoted_when_yaml_would_misread_them() -> None:
    text = new_note_text(
        SEED,
        TODAY,
        {
            "company": "Acme\n---\nevil: yes",
            "role": "yes",
            "interviewer": 'Jo "JJ" O\'Neil: lead',
            "question": "2024",
        },
    )
    front = text.split("\n---\n# ")[0].splitlines()
    assert front == [
        "---",
        "template: system-design",
        'company: "Acme --- evil: yes"',
        'role: "yes"',
        'interviewer: "Jo \\"JJ\\" O\'Neil: lead"',
        'question: "2024"',
    ]
    assert "# System Design Interview Notes — Acme --- evil: yes: 2024\n" in text
    assert "evil" not in parse_note(text).front_matter


def test_names_the_template_does_not_declare_are_ignored() -> None:
    text = new_note_text(SEED, TODAY, {"company": "Acme", "salary": "lots"})
    assert "salary" not in text and "lots" not in text


def test_placeholders_are_filled_and_the_title_keeps_its_own_words() -> None:
    text = new_note_text(behavioral(), TODAY, {"company": "Acme", "team-size": "8"})
    assert text == (
        "---\n"
        "template: behavioral\n"
        "company: Acme\n"
        'team-size: "8"\n'
        "tags: interview\n"
        "---\n"
        "# Acme — Behavioral Interview Notes\n"
        "\n"
        "## Interview Date\n"
        "_Date: 2026-03-09_\n"
        "_Company: Acme_\n"
        "\n"
        "## Team\n"
        "- Size: 8 people\n"
        "- Manager:\n"
        "\n"
        "## Reflection\n"
        "**What went well:**\n"
    )


def test_without_values_placeholders_and_declarations_are_emptied() -> None:
    text = new_note_text(behavioral(), TODAY)
    assert text.startswith(
        "---\ntags: interview\n---\n# Behavioral Interview Notes\n\n## Interview Date\n"
    )
    assert "_Company: _\n" in text
    assert "- Size: people\n" in text
    assert "{{" not in text and "variables" not in text and "prompt-" not in text


def test_a_template_whose_front_matter_only_declares_variables_gives_none() -> None:
    template = Template("t", "---\nvariables: company\n---\n# Notes — {{company}}\n\n## A\n")
    assert new_note_text(template, TODAY) == "# Notes\n\n## A\n"
    assert new_note_text(template, TODAY, {"company": "Acme"}) == (
        "---\ntemplate: t\ncompany: Acme\n---\n# Notes — Acme\n\n## A\n"
    )


def test_a_note_with_values_is_its_templates_note_with_the_same_findings() -> None:
    templates = TemplateSet.load()
    bare = new_note_text(SEED, TODAY)
    filled = new_note_text(SEED, TODAY, ANSWERS)
    analysis = analyze(filled, templates)
    assert analysis.template is not None and analysis.template.name == "system-design"
    assert findings(filled, templates) == findings(bare, templates)
    # Recognised by the title alone too, when front matter is taken away.
    assert analyze(body(filled), templates).template is not None


# the command line ----------------------------------------------------------------------
def test_new_with_set_fills_the_note(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys,
        "new",
        "acme.md",
        "--date",
        "2026-03-09",
        "--set",
        "company=Acme",
        "--set",
        "question=Design a URL shortener",
    )
    assert code == 0
    text = (folder / "acme.md").read_text(encoding="utf-8")
    assert text == new_note_text(
        SEED, TODAY, {"company": "Acme", "question": "Design a URL shortener"}
    )
    assert "# System Design Interview Notes — Acme: Design a URL shortener\n" in text


def test_new_without_set_writes_what_it_always_wrote(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", "-", "--date", "2026-03-09")
    assert code == 0 and out == render_template(SEED, TODAY)


def test_new_takes_the_templates_defaults_for_what_is_not_set(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = folder / ".interview-notes" / "templates"
    templates.mkdir(parents=True)
    (templates / "behavioral.md").write_text(BEHAVIORAL, encoding="utf-8")
    code, out, _ = run(capsys, "new", "-", "--template", "behavioral", "--set", "company=Acme")
    assert code == 0
    assert out.startswith("---\ntemplate: behavioral\ncompany: Acme\nrole: Senior Engineer\n")
    assert "# Acme — Behavioral Interview Notes — Senior Engineer\n" in out
    code, out, _ = run(capsys, "new", "-", "--template", "behavioral", "--set", "role=")
    assert code == 0 and "role:" not in out


def test_new_refuses_an_unknown_variable_and_names_the_known_ones(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", "note.md", "--set", "compnay=Acme")
    assert code == 2
    assert "compnay" in err and "company, role, interviewer, question" in err
    assert not (folder / "note.md").exists()


def test_new_refuses_a_malformed_assignment(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", "note.md", "--set", "company")
    assert code == 2 and "expected NAME=VALUE" in err
    assert not (folder / "note.md").exists()
