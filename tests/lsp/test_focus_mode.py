"""Focus mode: the slot being edited shows no diagnostic until the edit moves on or the
document is saved; everything else is reported as usual."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .support import (
    SEED,
    NotesClient,
    diagnostics,
    doc,
    open_document,
    pushed,
    session,
    split,
    uri_for,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEED_TEXT = SEED.read_text(encoding="utf-8")
LINES = split(SEED_TEXT)
FIRST = LINES.index("- Technology choice:")
SECOND = LINES.index("- Architecture pattern:")


async def lines_reported(client: NotesClient, uri: str, version: int) -> set[int]:
    """The lines with a diagnostic once the server has seen ``version``."""
    if session(client).pull:
        found = await diagnostics(client, uri)
    else:
        found = await pushed(client, uri, version)
    return {d.range.start.line for d in found}


def type_space(client: NotesClient, uri: str, line: int, version: int) -> None:
    """A space typed at the end of an empty field, which leaves it empty."""
    end = types.Position(line, len(LINES[line]))
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri),
            [types.TextDocumentContentChangePartial(types.Range(end, end), " ")],
        )
    )


async def test_the_slot_being_edited_is_quiet_until_the_edit_moves_on(
    client: NotesClient,
) -> None:
    uri = uri_for(client, "focus.md")
    open_document(client, uri, SEED_TEXT)
    before = await lines_reported(client, uri, 1)
    assert {FIRST, SECOND} <= before

    type_space(client, uri, FIRST, 2)
    assert await lines_reported(client, uri, 2) == before - {FIRST}

    type_space(client, uri, SECOND, 3)
    assert await lines_reported(client, uri, 3) == before - {SECOND}


async def test_saving_shows_what_focus_hid(client: NotesClient) -> None:
    uri = uri_for(client, "saved.md")
    open_document(client, uri, SEED_TEXT)
    before = await lines_reported(client, uri, 1)
    type_space(client, uri, FIRST, 2)
    assert FIRST not in await lines_reported(client, uri, 2)
    client.diagnostics.pop(uri, None)
    client.text_document_did_save(types.DidSaveTextDocumentParams(doc(uri)))
    assert await lines_reported(client, uri, 2) == before


async def test_an_edit_outside_any_slot_hides_nothing(client: NotesClient) -> None:
    uri = uri_for(client, "outside.md")
    open_document(client, uri, SEED_TEXT)
    before = await lines_reported(client, uri, 1)
    blank = LINES.index("", FIRST - 3)
    start = types.Position(blank, 0)
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(2, uri),
            [types.TextDocumentContentChangePartial(types.Range(start, start), "")],
        )
    )
    assert await lines_reported(client, uri, 2) == before


async def test_focus_mode_off_reports_everything(client: NotesClient) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams({"interviewNotes": {"focusMode": False}})
    )
    uri = uri_for(client, "unfocused.md")
    open_document(client, uri, SEED_TEXT)
    before = await lines_reported(client, uri, 1)
    type_space(client, uri, FIRST, 2)
    assert await lines_reported(client, uri, 2) == before
