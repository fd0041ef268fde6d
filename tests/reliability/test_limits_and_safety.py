"""Limits instead of freezes, edits tied to the text they were computed from, and nothing
run or reached outside the workspace."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from interview_notes.analysis import analyze
from interview_notes.lsp.diagnostics import MAX_WORKSPACE_FILES
from interview_notes.settings import Settings
from interview_notes.template import MAX_TEMPLATE_FILES, TemplateSet, find_template_files
from interview_notes.workspace import Workspaces, discover
from lsp.support import (
    NotesClient,
    apply_workspace_edit,
    doc,
    make_client,
    message,
    open_document,
    pushed,
    session,
    start,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .inputs import HOSTILE, hostile_text
from .support import REPO, seed_text, server_command

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")
SEED = seed_text()
LIMIT = 50_000
TEMPLATES = TemplateSet.load()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("limits")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=server_command(), client_factory=make_client),
    scope="module",
    params=["visual_studio_code"],
)
async def client(
    lsp_client: NotesClient, request: pytest.FixtureRequest, root: Path
) -> AsyncIterator[None]:
    await start(lsp_client, request.param, root, {"maxDocumentSize": LIMIT})
    yield
    await lsp_client.shutdown_session()


def change(client: NotesClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


# limits ----------------------------------------------------------------------------------
@MODULE_LOOP
async def test_too_large_a_document_is_not_checked_and_said_once(client: NotesClient) -> None:
    uri = (session(client).root / "huge.md").as_uri()
    big = SEED + "x" * LIMIT
    open_document(client, uri, big)
    assert await pushed(client, uri, 1) == []
    shown = await message(client, "huge.md has")
    assert f"more than maxDocumentSize ({LIMIT}): it is not checked" in shown
    for version in range(2, 6):
        change(client, uri, version, big + "y" * version)
    assert await pushed(client, uri, 5) == []
    assert [m.message for m in client.messages].count(shown) == 1
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    assert not symbols
    change(client, uri, 6, SEED)
    assert len(await pushed(client, uri, 6)) > 10


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_analysis_time_is_bounded(name: str) -> None:
    text = hostile_text(name)
    started = time.monotonic()
    analyze(text, TEMPLATES)
    assert time.monotonic() - started < 2.5


@pytest.mark.slow
def test_a_document_just_under_the_default_limit_is_analysed_in_two_seconds() -> None:
    limit = Settings().max_document_size
    text = SEED + ("| a | b | c |\n" * ((limit - len(SEED)) // 14))
    assert limit - 14 < len(text) <= limit
    started = time.monotonic()
    analyze(text, TEMPLATES)
    assert time.monotonic() - started < 2


# text safety ----------------------------------------------------------------------------
@MODULE_LOOP
async def test_a_quick_fix_for_an_older_version_is_computed_on_the_current_text(
    client: NotesClient,
) -> None:
    uri = (session(client).root / "stale-fix.md").as_uri()
    open_document(client, uri, SEED)
    old = await pushed(client, uri, 1)
    target = next(d for d in old if d.code == "IN004")
    newer = "Two lines typed\nabove the title.\n" + SEED
    change(client, uri, 2, newer)
    await pushed(client, uri, 2)
    context = types.CodeActionContext(diagnostics=[target], only=[types.CodeActionKind.QuickFix])
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), target.range, context)
    )
    for action in actions or []:
        assert isinstance(action, types.CodeAction) and action.edit is not None
        (edit,) = action.edit.document_changes or []
        assert isinstance(edit, types.TextDocumentEdit)
        assert edit.text_document.version == 2
        after = apply_workspace_edit(action.edit, {uri: newer}, "utf-16")[uri]
        assert after.startswith("Two lines typed\nabove the title.\n# ")
        assert len(after.splitlines()) == len(newer.splitlines())


@MODULE_LOOP
async def test_fix_all_is_versioned_with_the_text_it_was_computed_from(
    client: NotesClient,
) -> None:
    uri = (session(client).root / "fix-all.md").as_uri()
    text = SEED.replace("## Trade-offs Discussed", "## Renamed", 1)
    open_document(client, uri, text)
    await pushed(client, uri, 1)
    for version in (2, 3):
        text += "\nmore"
        change(client, uri, version, text)
    await pushed(client, uri, 3)
    context = types.CodeActionContext(diagnostics=[], only=["source.fixAll"])
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), whole, context)
    )
    assert actions is not None
    (action,) = actions
    assert isinstance(action, types.CodeAction) and action.edit is not None
    (edit,) = action.edit.document_changes or []
    assert isinstance(edit, types.TextDocumentEdit)
    assert edit.text_document.version == 3


@MODULE_LOOP
async def test_insert_template_for_a_stale_version_changes_nothing(client: NotesClient) -> None:
    uri = (session(client).root / "stale-insert.md").as_uri()
    open_document(client, uri, "draft\n")
    change(client, uri, 2, "draft, edited\n")
    before = len(session(client).edits)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.insertTemplate", [{"uri": uri, "version": 1}])
    )
    assert result is None
    assert len(session(client).edits) == before
    await message(client, "changed since the command was asked for")
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.insertTemplate", [{"uri": uri, "version": 2}])
    )
    assert result == {"applied": True}
    (edit,) = session(client).edits[before].document_changes or []
    assert isinstance(edit, types.TextDocumentEdit)
    assert edit.text_document.version == 2


@MODULE_LOOP
async def test_new_note_never_overwrites(client: NotesClient) -> None:
    folder = session(client).root / "notes"
    folder.mkdir()
    (folder / "mine.md").write_text("my words\n", encoding="utf-8")
    before = len(session(client).edits)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            "interviewNotes.newNote", [{"folderUri": folder.as_uri(), "name": "mine"}]
        )
    )
    assert result is None
    assert len(session(client).edits) == before
    assert (folder / "mine.md").read_text(encoding="utf-8") == "my words\n"
    await message(client, "already exists: choose another name")


# security --------------------------------------------------------------------------------
FORBIDDEN = re.compile(
    r"\beval\(|\bexec\(|\bsubprocess\b|\bos\.system\b|\bos\.popen\b|\byaml\.(unsafe_)?load\b"
    r"|\bpickle\b|\bmarshal\b|\b__import__\(|(?<![\w.])compile\(|shell=True"
)


def test_no_code_runs_from_notes_templates_or_settings() -> None:
    package = REPO / "server" / "interview_notes"
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert found == []


def test_front_matter_is_never_loaded_as_yaml() -> None:
    text = "---\ntemplate: !!python/object/apply:os.system ['touch pwned']\n---\n" + SEED
    analysis = analyze(text, TEMPLATES)
    assert analysis.note.front_matter["template"].startswith("!!python")
    assert not Path("pwned").exists()


def test_template_folder_does_not_follow_links_out_of_the_workspace(tmp_path: Path) -> None:
    workspace, outside = tmp_path / "workspace", tmp_path / "outside"
    folder = workspace / ".interview-notes" / "templates"
    folder.mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\n## Section\n", encoding="utf-8")
    (folder / "secret.md").symlink_to(outside / "secret.md")
    (folder / "linked-folder.md").symlink_to(outside)
    (folder / "own.md").write_text("# Own\n\n## Section\n", encoding="utf-8")
    for index in range(MAX_TEMPLATE_FILES + 20):
        (folder / f"extra-{index:03}.md").write_text("# T\n\n## S\n", encoding="utf-8")
    found = find_template_files(folder, workspace)
    assert len(found) == MAX_TEMPLATE_FILES
    assert folder / "secret.md" not in found
    assert all(path.resolve().is_relative_to(workspace.resolve()) for path in found)
    templates = TemplateSet.load(folder, [], workspace)
    assert "secret" not in [template.name for template in templates.templates]


def test_workspace_scan_does_not_follow_links_out_and_is_bounded(tmp_path: Path) -> None:
    workspace, outside = tmp_path / "workspace", tmp_path / "outside"
    (workspace / "notes").mkdir(parents=True)
    outside.mkdir()
    (outside / "private.md").write_text(SEED, encoding="utf-8")
    (workspace / "notes" / "link.md").symlink_to(outside / "private.md")
    (workspace / "linked").symlink_to(outside, target_is_directory=True)
    (workspace / "loop").symlink_to(workspace, target_is_directory=True)
    for index in range(MAX_WORKSPACE_FILES + 50):
        (workspace / "notes" / f"n{index:04}.md").write_text("x\n", encoding="utf-8")
    started = time.monotonic()
    found = discover([workspace], Workspaces(), limit=MAX_WORKSPACE_FILES).paths
    assert time.monotonic() - started < 5
    assert len(found) == MAX_WORKSPACE_FILES
    assert all(outside not in path.resolve().parents for path in found)
