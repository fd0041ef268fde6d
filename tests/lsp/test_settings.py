"""Settings from every source, their errors, and re-checking when they or templates change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .support import (
    CLIENTS,
    SEED,
    SERVER,
    NotesClient,
    diagnostics,
    make_client,
    message,
    open_document,
    pushed,
    session,
    start,
    uri_for,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEED_TEXT = SEED.read_text(encoding="utf-8")
OPTIONS = {"rules": {"IN004": "error"}, "naWords": "oops"}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("configured")
    (folder / ".interview-notes.toml").write_text('[rules]\nunchecked-item = "off"\n')
    return folder


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
    scope="module",
    params=list(CLIENTS),
)
async def client(
    lsp_client: NotesClient, request: pytest.FixtureRequest, root: Path
) -> AsyncIterator[None]:
    await start(lsp_client, request.param, root, OPTIONS)
    yield
    await lsp_client.shutdown_session()


async def settle(client: NotesClient) -> None:
    """A round trip: every notification sent before it has been handled."""
    await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier("file:///nowhere.md"), types.Position(0, 0))
    )


async def rechecked(client: NotesClient, uri: str) -> list[types.Diagnostic]:
    """The diagnostics after a change of settings or templates, pushed or pulled."""
    if session(client).pull:
        await settle(client)
        return await diagnostics(client, uri)
    return await pushed(client, uri)


def configure(client: NotesClient, settings: object) -> None:
    client.diagnostics.clear()
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings))


async def test_sources_combine_and_a_bad_value_is_named(client: NotesClient) -> None:
    assert "naWords: expected a list of strings" in await message(client, "naWords")
    uri = uri_for(client, "configured.md")
    open_document(client, uri, SEED_TEXT)
    found = await diagnostics(client, uri)
    assert not any(d.code == "IN010" for d in found)
    assert {d.severity for d in found if d.code == "IN004"} == {types.DiagnosticSeverity.Error}


async def test_a_settings_change_republishes(client: NotesClient) -> None:
    uri = uri_for(client, "configured.md")
    before = await diagnostics(client, uri)
    configure(client, {"interviewNotes": {"rules": {"empty-field": "off"}}})
    after = await rechecked(client, uri)
    assert any(d.code == "IN004" for d in before)
    assert not any(d.code == "IN004" for d in after)


async def test_pulled_configuration_and_unchanged_reports(client: NotesClient) -> None:
    uri = uri_for(client, "configured.md")
    client.set_configuration(
        {"rules": {"IN004": "hint", "nonsense": "off"}}, section="interviewNotes"
    )
    configure(client, None)
    found = await rechecked(client, uri)
    assert {d.severity for d in found if d.code == "IN004"} == {types.DiagnosticSeverity.Hint}
    await message(client, "unknown rule 'nonsense'")
    first = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
    )
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            types.TextDocumentIdentifier(uri), previous_result_id=first.result_id
        )
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)


async def test_editing_a_workspace_template_rechecks(client: NotesClient) -> None:
    state = session(client)
    title = f"# Custom {state.name} Notes"
    uri = uri_for(client, "custom.md")
    open_document(client, uri, f"{title}\n\n## Alpha\n- Owner:\n")
    assert await diagnostics(client, uri) == []
    watched = [
        r for r in state.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    ]
    capabilities = client.capabilities
    assert capabilities is not None
    watching = capabilities.workspace and capabilities.workspace.did_change_watched_files
    dynamic = watching and watching.dynamic_registration
    assert len(watched) == (1 if dynamic else 0)
    folder = state.root / ".interview-notes" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / f"custom-{state.name}.md"
    template.write_text(f"{title}\n\n## Alpha\n- Owner:\n\n## Beta\n- Budget:\n")
    client.diagnostics.clear()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(template.as_uri(), types.FileChangeType.Created)]
        )
    )
    found = await rechecked(client, uri)
    assert sorted(str(d.code) for d in found) == ["IN001", "IN004"]


async def test_workspace_diagnostics_cover_notes_on_disk(client: NotesClient) -> None:
    configure(client, {"interviewNotes": {"workspaceDiagnostics": True}})
    state = session(client)
    (state.root / f"{state.name}-on-disk.md").write_text(SEED_TEXT, encoding="utf-8")
    (state.root / f"{state.name}-readme.md").write_text("# Project\n", encoding="utf-8")
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams([]))
    by_name = {Path(item.uri).name: item for item in report.items}
    on_disk = by_name[f"{state.name}-on-disk.md"]
    assert isinstance(on_disk, types.WorkspaceFullDocumentDiagnosticReport)
    assert on_disk.version is None and len(on_disk.items) > 20
    readme = by_name[f"{state.name}-readme.md"]
    assert isinstance(readme, types.WorkspaceFullDocumentDiagnosticReport)
    assert list(readme.items) == []
    previous = [types.PreviousResultId(item.uri, item.result_id or "") for item in report.items]
    again = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous))
    assert all(
        isinstance(item, types.WorkspaceUnchangedDocumentDiagnosticReport) for item in again.items
    )
    configure(client, None)


async def test_workspace_diagnostics_leave_out_closed_notes_by_default(
    client: NotesClient,
) -> None:
    state = session(client)
    (state.root / f"{state.name}-closed.md").write_text(SEED_TEXT, encoding="utf-8")
    uri = uri_for(client, "open-note.md")
    open_document(client, uri, SEED_TEXT)
    await diagnostics(client, uri)
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams([]))
    names = {Path(item.uri).name for item in report.items}
    assert f"{state.name}-closed.md" not in names


async def test_large_documents_are_not_analysed(client: NotesClient) -> None:
    configure(client, {"interviewNotes": {"maxDocumentSize": 1000}})
    uri = uri_for(client, "large.md")
    client.messages.clear()
    open_document(client, uri, SEED_TEXT)
    assert await diagnostics(client, uri) == []
    await diagnostics(client, uri)
    await message(client, "large.md")
    assert len([m for m in client.messages if "large.md" in m.message]) == 1
