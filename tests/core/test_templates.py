"""A Markdown file in the templates folder becomes a schema with no code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from interview_notes.analysis import analyze
from interview_notes.template import TemplateSet

BEHAVIORAL = """# Behavioral Interview Notes

## Interview Date
_Date: 2025-01-01_
_Company: Example Corp_

## Questions Asked

| Question | Story used | How it went |
|----------|-----------|-------------|
| | | |

## STAR Story
- Situation:
- Task:
- Action:
- Result:

## Checklist
- [ ] Did I quantify the impact?
- [ ] Did I say what I did, not what the team did?

## Reflection
**What I would change:**
"""

NOTE = """# Behavioral Interview Notes

## Interview Date
_Date: 2026-01-12_
_Company: Acme_

## Questions Asked

| Question | Story used | How it went |
|----------|-----------|-------------|
| Tell me about a conflict | Migration story | Well |

## STAR Story
- Situation: legacy billing
- Task:
- Action: led the rewrite
- Result: TBD

## Checklist
- [x] Did I quantify the impact?
- [ ] Did I say what I did, not what the team did?
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / ".interview-notes" / "templates"
    folder.mkdir(parents=True)
    (folder / "behavioral.md").write_text(BEHAVIORAL, encoding="utf-8")
    return tmp_path


def load(root: Path) -> TemplateSet:
    return TemplateSet.load(root / ".interview-notes" / "templates", root=root)


def findings(text: str, templates: TemplateSet) -> list[tuple[int, str, str]]:
    return [(f.span.start_line + 1, f.rule.code, f.slot) for f in analyze(text, templates).findings]


def test_custom_template_is_installed_next_to_the_bundled_one(workspace: Path) -> None:
    templates = load(workspace)
    assert [t.name for t in templates.templates] == ["system-design", "behavioral"]
    assert templates.errors == []


def test_custom_template_becomes_the_schema(workspace: Path) -> None:
    templates = load(workspace)
    analysis = analyze(NOTE, templates)
    assert analysis.template is not None and analysis.template.name == "behavioral"
    assert findings(NOTE, templates) == [
        (15, "IN004", "Task"),
        (17, "IN004", "Result"),
        (21, "IN001", "Reflection"),
        (21, "IN010", "Did I say what I did, not what the team did?"),
    ]


def test_custom_template_missing_section_fix_inserts_its_text(workspace: Path) -> None:
    templates = load(workspace)
    [missing] = [f for f in analyze(NOTE, templates).findings if f.rule.code == "IN001"]
    assert missing.fixes[0].edits[0].new_text.endswith("## Reflection\n**What I would change:**\n")


def test_custom_template_by_front_matter(workspace: Path) -> None:
    text = "---\ntemplate: behavioral\n---\n# Loop at Acme\n\n## STAR Story\n- Situation:\n"
    analysis = analyze(text, load(workspace))
    assert analysis.template is not None and analysis.template.name == "behavioral"
    assert analyze(text, TemplateSet.load()).is_note is False


def test_placeholder_text_of_a_template_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "design.md").write_text(
        "# Design Notes\n\n## Stack\n- Technology choice: e.g. React, Vue\n- Hosting:\n\n"
        "## Risks\n**Notes:** describe the risks\n",
        encoding="utf-8",
    )
    templates = TemplateSet.load(tmp_path)
    note = (
        "# Design Notes\n\n## Stack\n- Technology choice: e.g. React, Vue\n- Hosting: AWS\n\n"
        "## Risks\n**Notes:** describe the risks\n"
    )
    assert findings(note, templates) == [(4, "IN004", "Technology choice"), (8, "IN003", "Notes")]
    written = note.replace("e.g. React, Vue", "Svelte").replace(
        "describe the risks", "Vendor lock-in"
    )
    assert findings(written, templates) == []


def test_a_template_of_the_bundled_name_replaces_it(tmp_path: Path) -> None:
    text = "# System Design Interview Notes\n\n## Only Section\n- Field:\n\n## Last\nDone.\n"
    (tmp_path / "system-design.md").write_text(text, encoding="utf-8")
    templates = TemplateSet.load(tmp_path)
    assert len(templates.templates) == 1
    assert findings(text, templates) == [(4, "IN004", "Field")]


def test_unreadable_templates_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes(
        "# Notes de l'entretien\n\n## Préparation\n".encode("latin-1")
    )
    (tmp_path / "no-headings.md").write_text("Just text.\n", encoding="utf-8")
    (tmp_path / "readme.txt").write_text("# Not a template\n\n## Section\n", encoding="utf-8")
    templates = TemplateSet.load(tmp_path)
    assert [t.name for t in templates.templates] == ["system-design"]
    assert len(templates.errors) == 2
    assert any("latin1.md" in e for e in templates.errors)
    assert any("no-headings.md" in e and "section heading" in e for e in templates.errors)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_links_out_of_the_workspace_are_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    folder = root / ".interview-notes" / "templates"
    folder.mkdir(parents=True)
    outside = tmp_path / "elsewhere" / "secret.md"
    outside.parent.mkdir()
    outside.write_text("# Secret Notes\n\n## Section\n\n## Other\n", encoding="utf-8")
    inside = root / "shared.md"
    inside.write_text("# Shared Notes\n\n## Section\n\n## Other\n", encoding="utf-8")
    (folder / "secret.md").symlink_to(outside)
    (folder / "shared.md").symlink_to(inside)
    templates = TemplateSet.load(folder, root=root)
    assert [t.name for t in templates.templates] == ["system-design", "shared"]


def test_an_absent_folder_gives_the_bundled_template(tmp_path: Path) -> None:
    templates = TemplateSet.load(tmp_path / "missing")
    assert [t.name for t in templates.templates] == ["system-design"]
    assert templates.errors == []
