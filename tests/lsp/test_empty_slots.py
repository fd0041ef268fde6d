"""``interviewNotes/emptySlots``: one note's sections with how far each is filled and where its
empty slots are, read from disk for a closed note and from the editor's unsaved text for an
open one, with ranges in the client's position encoding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from .support import FILLED, NotesClient, open_document, plain, session, units, uri_for

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMPTY_SLOTS = "interviewNotes/emptySlots"
FILLED_TEXT = FILLED.read_text(encoding="utf-8")
CHOICE = "- Technology choice: React single-page app for the dashboard"
EXOTIC = "- 技术选择 😀 Technology choice:"
# One field emptied, with characters that count differently in UTF-8, UTF-16 and UTF-32.
HALF = FILLED_TEXT.replace(CHOICE, EXOTIC)
EXOTIC_LINE = HALF.splitlines().index(EXOTIC)
TRADE_OFFS = "## Trade-offs Discussed"
NEXT_HEADING = "## Potential Issues & Solutions"


def without_trade_offs(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[: lines.index(TRADE_OFFS)] + lines[lines.index(NEXT_HEADING) :]) + "\n"


# The emptied field, and a section the note lacks.
CLOSED = without_trade_offs(HALF)
CLOSED_EXOTIC_LINE = CLOSED.splitlines().index(EXOTIC)
MISSING_LINE = CLOSED.splitlines().index(NEXT_HEADING)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("slots")
    (folder / ".interview-notes.toml").write_text("", encoding="utf-8")
    (folder / "closed.md").write_text(CLOSED, encoding="utf-8")
    (folder / "README.md").write_text("# My notes\n\nNothing to fill in.\n", encoding="utf-8")
    return folder


async def empty_slots(client: NotesClient, uri: str) -> dict[str, Any]:
    found: dict[str, Any] = plain(
        await client.protocol.send_request_async(EMPTY_SLOTS, {"uri": uri})
    )
    assert found["uri"] == uri
    return found


def at(line: int, character: int) -> dict[str, Any]:
    position = {"line": line, "character": character}
    return {"start": position, "end": position}


async def test_a_closed_note_from_disk(client: NotesClient, root: Path) -> None:
    encoding = session(client).encoding
    found = await empty_slots(client, (root / "closed.md").as_uri())
    sections = {section["name"]: section for section in found["sections"]}
    # Every section with slots is listed, filled or not, in document order.
    assert [section["line"] for section in found["sections"]] == sorted(
        section["line"] for section in found["sections"]
    )
    assert sum(section["total"] for section in found["sections"]) == 35
    assert sum(section["filled"] for section in found["sections"]) == 32
    assert sections["Interview Date"]["filled"] == sections["Interview Date"]["total"] == 2
    assert sections["Interview Date"]["percent"] == 100
    assert sections["Interview Date"]["slots"] == []
    assert all(section["interview"] is None for section in found["sections"])
    # The emptied field's caret is after its label, counted in the client's units.
    frontend = sections["Frontend"]
    assert (frontend["filled"], frontend["total"], frontend["missing"]) == (2, 3, False)
    assert frontend["percent"] == 66
    assert frontend["slots"] == [
        {
            "label": "Frontend 技术选择 😀 technology choice",
            "range": at(CLOSED_EXOTIC_LINE, units(EXOTIC, encoding)),
        }
    ]
    # The missing section comes under its template name, before the heading it would precede.
    names = [section["name"] for section in found["sections"]]
    assert names.index("Trade-offs Discussed") + 1 == names.index("Potential Issues & Solutions")
    missing = sections["Trade-offs Discussed"]
    assert (missing["filled"], missing["total"], missing["missing"]) == (0, 2, True)
    assert missing["percent"] == 0
    assert missing["line"] == MISSING_LINE
    assert [slot["range"] for slot in missing["slots"]] == [at(MISSING_LINE, 0)] * 2


async def test_an_open_note_answers_with_its_unsaved_text(client: NotesClient, root: Path) -> None:
    encoding = session(client).encoding
    uri = uri_for(client, "open.md")
    path = root / f"{session(client).name}-open.md"
    path.write_text(FILLED_TEXT, encoding="utf-8")
    open_document(client, uri, FILLED_TEXT)
    try:
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=2, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(HALF)],
            )
        )
        found = await empty_slots(client, uri)
        empty = [slot for section in found["sections"] for slot in section["slots"]]
        assert empty == [
            {
                "label": "Frontend 技术选择 😀 technology choice",
                "range": at(EXOTIC_LINE, units(EXOTIC, encoding)),
            }
        ]
        assert sum(section["filled"] for section in found["sections"]) == 34
    finally:
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
    # Closed without saving: the file on disk counts again.
    found = await empty_slots(client, uri)
    assert all(section["slots"] == [] for section in found["sections"])
    assert sum(section["filled"] for section in found["sections"]) == 35


async def test_files_that_are_no_notes_have_no_sections(client: NotesClient, root: Path) -> None:
    assert (await empty_slots(client, (root / "README.md").as_uri()))["sections"] == []
    assert (await empty_slots(client, (root / "absent.md").as_uri()))["sections"] == []
    scratch = uri_for(client, "scratch.md")
    open_document(client, scratch, "# Just a heading\n")
    try:
        assert (await empty_slots(client, scratch))["sections"] == []
    finally:
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(scratch))
        )
