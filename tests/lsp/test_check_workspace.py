"""interviewNotes.checkWorkspace: closed notes reported to every client, with progress and
cancellation; cleared when a note is opened, reported again when it is closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .support import (
    FILLED,
    SEED,
    SERVER,
    NotesClient,
    make_client,
    open_document,
    pushed,
    session,
    start,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CHECK = "interviewNotes.checkWorkspace"
TITLE = "Checking interview notes"
SEED_TEXT = SEED.read_text(encoding="utf-8")
BULK = 60
NOTES = 3 + 1 + 1 + BULK  # seed notes, a filled note, a README, the bulk


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("checked")
    for name in ("alpha", "beta", "gamma"):
        (folder / f"{name}.md").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "done.md").write_text(FILLED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "README.md").write_text("# Project\n", encoding="utf-8")
    (folder / "bulk").mkdir()
    for number in range(BULK):
        (folder / "bulk" / f"note-{number:02}.md").write_text(SEED_TEXT, encoding="utf-8")
    return folder


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
    scope="module",
    params=["neovim"],
)
async def at_startup(
    lsp_client: NotesClient, request: pytest.FixtureRequest, root: Path
) -> AsyncIterator[NotesClient]:
    """A client whose settings ask for the check at start-up."""
    await start(lsp_client, request.param, root, {"checkWorkspaceOnStartup": True})
    yield lsp_client
    await lsp_client.shutdown_session()


def progress_of(client: NotesClient) -> list[Any]:
    """What the one check's progress said, begin to end."""
    (values,) = [
        values
        for values in client.progress_reports.values()
        if values and isinstance(values[0], types.WorkDoneProgressBegin)
    ]
    return values


async def ended(client: NotesClient, timeout: float = 20) -> list[Any]:
    async def wait() -> list[Any]:
        while True:
            found = [v for v in client.progress_reports.values() if v]
            if found and isinstance(found[-1][-1], types.WorkDoneProgressEnd):
                return found[-1]
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), timeout)


async def check(client: NotesClient) -> Any:
    client.progress_reports.clear()
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(CHECK, [{}]))


async def test_closed_notes_are_reported_with_progress(client: NotesClient) -> None:
    root = session(client).root
    client.diagnostics.clear()
    result = await check(client)
    assert result["notes"] == NOTES and result["cancelled"] is False
    alpha = client.diagnostics[(root / "alpha.md").as_uri()]
    assert len(alpha) > 20 and {d.source for d in alpha} == {"interview-notes"}
    assert client.versions[(root / "alpha.md").as_uri()] is None
    assert len(client.diagnostics) == NOTES
    assert result["findings"] == sum(len(found) for found in client.diagnostics.values())

    begin, *reports, end = progress_of(client)
    assert (begin.title, begin.cancellable) == (TITLE, True)
    assert reports and all(isinstance(report, types.WorkDoneProgressReport) for report in reports)
    assert reports[-1].message == f"{NOTES}/{NOTES} notes" and reports[-1].percentage == 100
    assert [r.percentage for r in reports] == sorted(r.percentage for r in reports)
    assert end.message == f"{NOTES} notes, {result['findings']} findings"


async def test_opening_a_checked_note_clears_it_and_closing_reports_it_again(
    client: NotesClient,
) -> None:
    await check(client)
    uri = (session(client).root / "beta.md").as_uri()
    open_document(client, uri, SEED_TEXT)
    if session(client).pull:
        # Pulled diagnostics stand for the open document; the pushed ones are cleared.
        assert await pushed(client, uri) == []
    else:
        assert len(await pushed(client, uri, version=1)) > 20
    client.diagnostics.pop(uri, None)
    client.versions.pop(uri, None)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    again = await pushed(client, uri)
    assert len(again) > 20 and client.versions[uri] is None


async def test_open_notes_keep_their_own_diagnostics(client: NotesClient) -> None:
    uri = (session(client).root / "gamma.md").as_uri()
    open_document(client, uri, SEED_TEXT.replace("- Strategy:", "- Strategy: sharding", 1))
    # Checked before: a pulling client gets the closed note's diagnostics cleared.
    await pushed(client, uri, version=None if session(client).pull else 1)
    client.diagnostics.pop(uri, None)
    result = await check(client)
    assert result["cancelled"] is False
    assert uri not in client.diagnostics, "an open note is not pushed by the check"
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )


async def test_cancelling_the_progress_stops_the_check(client: NotesClient) -> None:
    client.progress_reports.clear()
    running = asyncio.ensure_future(
        client.workspace_execute_command_async(types.ExecuteCommandParams(CHECK, [{}]))
    )

    async def begun() -> types.ProgressToken:
        while True:
            for token, values in client.progress_reports.items():
                if values:
                    return token
            await asyncio.sleep(0.001)

    token = await asyncio.wait_for(begun(), 10)
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token))
    result = await running
    assert result is not None
    assert result["cancelled"] is True and result["notes"] < NOTES
    end = progress_of(client)[-1]
    assert isinstance(end, types.WorkDoneProgressEnd) and end.message is not None
    assert end.message.startswith("Cancelled after ")


async def test_cancelling_the_request_ends_the_progress(client: NotesClient) -> None:
    client.progress_reports.clear()
    params = types.ExecuteCommandParams(CHECK, [{}])
    answer = asyncio.ensure_future(
        client.protocol.send_request_async(
            types.WORKSPACE_EXECUTE_COMMAND, params, msg_id="check-to-cancel"
        )
    )

    async def begun() -> None:
        while not any(client.progress_reports.values()):
            await asyncio.sleep(0.001)

    await asyncio.wait_for(begun(), 10)
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="check-to-cancel"))
    with pytest.raises(Exception, match="cancel"):
        await answer
    end = (await ended(client))[-1]
    assert end.message.startswith("Cancelled after ")


async def test_the_setting_checks_at_startup(at_startup: NotesClient) -> None:
    root = session(at_startup).root
    end = (await ended(at_startup))[-1]
    assert end.message.startswith(f"{NOTES} notes, ")
    assert len(at_startup.diagnostics[(root / "done.md").as_uri()]) < len(
        at_startup.diagnostics[(root / "alpha.md").as_uri()]
    )
