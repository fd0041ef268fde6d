"""``interviewNotes/templateVariables``: what an editor asks before New Note, for the default
template and a workspace template that declares its own variables; ``interviewNotes/templates``:
the templates an editor offers as the default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import NotesClient, plain

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEMPLATE_VARIABLES = "interviewNotes/templateVariables"
TEMPLATES = "interviewNotes/templates"
BEHAVIORAL = """---
variables: company, team
prompt-team: Which team would you join?
default-team: Payments
---
# Behavioral Interview Notes — {{company}}

## Interview Date
_Date: 2025-01-01_

## Reflection
**What went well:**
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("variables")
    (folder / ".interview-notes.toml").write_text("", encoding="utf-8")
    templates = folder / ".interview-notes" / "templates"
    templates.mkdir(parents=True)
    (templates / "behavioral.md").write_text(BEHAVIORAL, encoding="utf-8")
    return folder


async def ask(client: NotesClient, params: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = plain(
        await client.protocol.send_request_async(TEMPLATE_VARIABLES, params)
    )
    return found


async def test_the_default_template_asks_the_four_usual_questions(client: NotesClient) -> None:
    expected = {
        "template": "system-design",
        "variables": [
            {"name": "company", "prompt": "Company", "default": ""},
            {"name": "role", "prompt": "Role", "default": ""},
            {"name": "interviewer", "prompt": "Interviewer", "default": ""},
            {
                "name": "question",
                "prompt": "The question, e.g. Design a URL shortener",
                "default": "",
            },
        ],
    }
    assert await ask(client, {}) == expected
    assert await ask(client, {"template": "system-design"}) == expected


async def test_a_workspace_template_asks_its_own_questions(client: NotesClient) -> None:
    assert await ask(client, {"template": "behavioral"}) == {
        "template": "behavioral",
        "variables": [
            {"name": "company", "prompt": "Company", "default": ""},
            {"name": "team", "prompt": "Which team would you join?", "default": "Payments"},
        ],
    }


async def test_an_unknown_template_asks_nothing(client: NotesClient) -> None:
    assert await ask(client, {"template": "no-such-template"}) == {
        "template": None,
        "variables": [],
    }
    assert await ask(client, {"template": 7}) == {"template": None, "variables": []}


async def test_the_templates_in_force_for_choosing_the_default(
    client: NotesClient, root: Path
) -> None:
    found = plain(await client.protocol.send_request_async(TEMPLATES, {}))
    assert found["default"] == "system-design"
    by_name = {template["name"]: template for template in found["templates"]}
    assert set(by_name) == {"system-design", "behavioral"}
    # The bundled template has no file of the workspace; a workspace template names its own.
    assert by_name["system-design"] == {
        "name": "system-design",
        "title": "System Design Interview Notes",
        "path": None,
    }
    behavioral = by_name["behavioral"]
    assert behavioral["title"].startswith("Behavioral Interview Notes")
    assert (
        Path(behavioral["path"]).resolve()
        == (root / ".interview-notes" / "templates" / "behavioral.md").resolve()
    )
