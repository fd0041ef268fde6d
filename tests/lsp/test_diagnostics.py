"""Diagnostics end to end: the seed template, a filled note, a README, and their lifecycle."""

from __future__ import annotations

import pytest
from lsprotocol import types

from .support import (
    FILLED,
    SEED,
    NotesClient,
    apply_workspace_edit,
    diagnostics,
    open_document,
    pushed,
    session,
    units,
    uri_for,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

EXOTIC = "- 技术选择 😀 Technology choice:"


async def test_seed_template_flags_its_33_empty_slots(client: NotesClient) -> None:
    uri = uri_for(client, "seed.md")
    open_document(client, uri, SEED.read_text(encoding="utf-8"))
    found = await diagnostics(client, uri)
    warnings = [d for d in found if d.severity == types.DiagnosticSeverity.Warning]
    assert len(warnings) == 33
    first = next(d for d in found if d.code == "IN004")
    assert first.source == "interview-notes"
    assert first.code_description is not None
    assert first.code_description.href.endswith("IN004-empty-field.md")
    assert first.data == {
        "id": "IN004|60:0:60:20|Technology choice",
        "rule": "empty-field",
        "fixes": [
            "Mark 'Technology choice' N/A",
            "Mark the 3 empty fields of this section N/A",
            "Disable empty-field for this line",
        ],
    }


async def test_filled_note_has_no_warnings(client: NotesClient) -> None:
    uri = uri_for(client, "filled.md")
    open_document(client, uri, FILLED.read_text(encoding="utf-8"))
    assert await diagnostics(client, uri) == []


async def test_readme_gets_nothing(client: NotesClient) -> None:
    uri = uri_for(client, "README.md")
    open_document(client, uri, "# My project\n\nSome words.\n\n- item:\n")
    assert await diagnostics(client, uri) == []


async def test_ranges_count_in_the_negotiated_encoding(client: NotesClient) -> None:
    text = SEED.read_text(encoding="utf-8").replace("- Technology choice:", EXOTIC, 1)
    line = text.splitlines().index(EXOTIC)
    uri = uri_for(client, "exotic.md")
    open_document(client, uri, text)
    found = [d for d in await diagnostics(client, uri) if d.range.start.line == line]
    assert [d.code for d in found] == ["IN004"]
    assert found[0].range.end.character == units(EXOTIC, session(client).encoding)
    context = types.CodeActionContext(diagnostics=[found[0]])
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(uri), found[0].range, context)
    )
    fix = next(a for a in actions or [] if isinstance(a, types.CodeAction) and a.diagnostics)
    assert fix.edit is not None
    fixed = apply_workspace_edit(fix.edit, {uri: text}, session(client).encoding)[uri]
    assert fixed.splitlines()[line] == f"{EXOTIC} N/A"


async def test_edits_are_reported_for_the_latest_version(client: NotesClient) -> None:
    uri = uri_for(client, "edited.md")
    text = SEED.read_text(encoding="utf-8")
    open_document(client, uri, text)
    await diagnostics(client, uri)
    line = text.splitlines().index("- Technology choice:")
    end = types.Position(line, len("- Technology choice:"))
    for version, word in enumerate(["R", "e", "a", "c", "t"], start=2):
        end_now = types.Position(line, end.character + version - 2)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [
                    types.TextDocumentContentChangePartial(
                        types.Range(end_now, end_now), " " * (version == 2) + word
                    )
                ],
            )
        )
    if session(client).pull:
        found = await diagnostics(client, uri)
    else:
        found = await pushed(client, uri, version=6)
    assert len([d for d in found if d.severity == types.DiagnosticSeverity.Warning]) == 32
    assert not any(d.range.start.line == line for d in found)


async def test_close_clears_pushed_diagnostics(client: NotesClient) -> None:
    if session(client).pull:
        pytest.skip("a pulling client asks again itself")
    uri = uri_for(client, "closed.md")
    open_document(client, uri, SEED.read_text(encoding="utf-8"))
    assert await pushed(client, uri)
    client.diagnostics.pop(uri)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    assert await pushed(client, uri) == []
