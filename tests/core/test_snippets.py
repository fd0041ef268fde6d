"""The checked-in snippets are what the template generates; a stale file fails here."""

from __future__ import annotations

import json
from pathlib import Path

from interview_notes.snippets import SNIPPET_FILE, render_files, stale_files
from interview_notes.template import TemplateSet

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"
TEMPLATES = [TemplateSet.load().templates[0]]


def test_checked_in_snippets_are_current() -> None:
    assert stale_files(SNIPPETS, TEMPLATES) == []


def test_template_snippet_has_a_tab_stop_on_every_slot_and_todays_date() -> None:
    snippets = json.loads(render_files(TEMPLATES)[SNIPPET_FILE])
    body = snippets["Interview notes: System Design Interview Notes"]["body"]
    assert "_Date: ${1:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}}_" in body
    assert "- Type (SQL/NoSQL): ${" in "\n".join(body)
    assert any(line.startswith("- Strategy: ${") and "Write-through" in line for line in body)
    assert sum(line.startswith("| $") for line in body) == 4
    assert body[-1] == "$0"


def test_manifest_points_at_the_snippet_file() -> None:
    manifest = json.loads(render_files(TEMPLATES)["package.json"])
    paths = [entry["path"] for entry in manifest["contributes"]["snippets"]]
    assert paths == [f"./{SNIPPET_FILE}"]
