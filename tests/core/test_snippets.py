"""The checked-in snippets are what the template generates; a stale file fails here."""

from __future__ import annotations

import json
from pathlib import Path

from interview_notes.snippets import SNIPPET_FILE, render_files, stale_files, template_body
from interview_notes.template import Template, TemplateSet

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"
TEMPLATES = [TemplateSet.load().templates[0]]


def test_checked_in_snippets_are_current() -> None:
    assert stale_files(SNIPPETS, TEMPLATES) == []


def test_template_snippet_has_a_tab_stop_on_every_slot_and_todays_date() -> None:
    snippets = json.loads(render_files(TEMPLATES)[SNIPPET_FILE])
    body = snippets["Interview notes: System Design Interview Notes"]["body"]
    assert "_Date: ${5:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}}_" in body
    assert "- Type (SQL/NoSQL): ${" in "\n".join(body)
    assert any(line.startswith("- Strategy: ${") and "Write-through" in line for line in body)
    assert sum(line.startswith("| $") for line in body) == 4
    assert body[-1] == "$0"


def test_template_snippet_asks_for_the_variables_first() -> None:
    snippets = json.loads(render_files(TEMPLATES)[SNIPPET_FILE])
    body = snippets["Interview notes: System Design Interview Notes"]["body"]
    assert body[:8] == [
        "---",
        "template: system-design",
        "company: ${1:Company}",
        "role: ${2:Role}",
        "interviewer: ${3:Interviewer}",
        "question: ${4:Question}",
        "---",
        "# System Design Interview Notes — ${1:Company}: ${4:Question}",
    ]


def test_placeholders_become_the_variables_tab_stops() -> None:
    template = Template(
        "behavioral",
        "---\nvariables: company, team\ndefault-team: Payments\ntags: x\n---\n"
        "# {{company}} — Behavioral Notes\n\n## Team\n_Company: {{company}}_\n"
        "- Name: {{team}}\n- Size:\n",
    )
    body = template_body(template)
    assert body == [
        "---",
        "template: behavioral",
        "company: ${1:Company}",
        "team: ${2:Payments}",
        "tags: x",
        "---",
        "# ${1:Company} — Behavioral Notes",
        "",
        "## Team",
        "_Company: ${1:Company}_",
        "- Name: ${2:Payments}",
        "- Size: $3",
        "$0",
    ]


def test_a_template_declaring_no_variables_gets_no_front_matter() -> None:
    template = Template("t", "---\nvariables:\n---\n# Notes\n\n## A\n- Field:\n")
    assert template_body(template) == ["# Notes", "", "## A", "- Field: $1", "$0"]


def test_manifest_points_at_the_snippet_file() -> None:
    manifest = json.loads(render_files(TEMPLATES)["package.json"])
    paths = [entry["path"] for entry in manifest["contributes"]["snippets"]]
    assert paths == [f"./{SNIPPET_FILE}"]
