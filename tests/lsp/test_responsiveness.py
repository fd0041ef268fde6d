"""A server that keeps answering: large documents are analysed off the event loop, requests
waiting for them can be cancelled, outlines and folds have budgets, and the analysis cache
stays within its budget of characters."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from interview_notes.lsp.server import CACHE_CHARACTERS, FULL_ANALYSIS_CHARACTERS
from interview_notes.navigation import FOLD_BUDGET, SYMBOL_BUDGET
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled

from .support import (
    FILLED,
    SEED,
    NotesClient,
    diagnostics,
    doc,
    message,
    open_document,
    session,
    split,
    uri_for,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEED_TEXT = SEED.read_text(encoding="utf-8")
FILLED_TEXT = FILLED.read_text(encoding="utf-8")
FIELD = "- Type (SQL/NoSQL):"
LARGE = 900_000
HOVER_BUDGET = 0.2
TOO_LARGE = "is too large for full analysis"


def large_note(tag: str) -> str:
    """A 900 KB note of many filled interviews, different for each ``tag``."""
    text = f"<!-- {tag} -->\n" + FILLED_TEXT * (LARGE // len(FILLED_TEXT) + 1)
    return text[:LARGE]


def change(client: NotesClient, uri: str, version: int, line: int) -> None:
    where = types.Position(line, 0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangePartial(range=types.Range(where, where), text="x")],
        )
    )


def close(client: NotesClient, *uris: str) -> None:
    for uri in uris:
        client.text_document_did_close(types.DidCloseTextDocumentParams(doc(uri)))


async def timed_hover(client: NotesClient, uri: str, text: str = SEED_TEXT) -> float:
    """How long a hover on a field of ``text`` takes to answer."""
    line = next(number for number, found in enumerate(split(text)) if found.startswith(FIELD))
    started = time.monotonic()
    hover = await client.text_document_hover_async(
        types.HoverParams(doc(uri), types.Position(line, 4))
    )
    took = time.monotonic() - started
    assert hover is not None
    return took


async def cache(client: NotesClient, **options: Any) -> dict[str, Any]:
    found = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.debug.cache", [options])
    )
    assert isinstance(found, dict)
    return found


def symbol_count(symbols: Any) -> int:
    total, stack = 0, list(symbols or [])
    while stack:
        symbol = stack.pop()
        total += 1
        if isinstance(symbol, types.DocumentSymbol):
            stack.extend(symbol.children or [])
    return total


def symbols_request(client: NotesClient, uri: str) -> asyncio.Future[Any]:
    """documentSymbol sent now, as editors send it on opening and after edits."""
    return asyncio.ensure_future(
        client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    )


async def test_hover_answers_while_a_large_document_opens_and_changes(
    client: NotesClient,
) -> None:
    small = uri_for(client, "small.md")
    open_document(client, small, SEED_TEXT)
    await diagnostics(client, small)
    # A session that has seen an edit and a hover: pygls builds each message type's
    # converter on first use, which is not what is measured here.
    change(client, small, 2, 0)
    await diagnostics(client, small)
    await timed_hover(client, small, "x" + SEED_TEXT)
    big = uri_for(client, "big.md")
    open_document(client, big, large_note("big"))
    outline = symbols_request(client, big)
    waits = [await timed_hover(client, small, "x" + SEED_TEXT)]
    for version in range(2, 12):
        change(client, big, version, version * 500)
    later = symbols_request(client, big)
    waits.append(await timed_hover(client, small, "x" + SEED_TEXT))
    assert max(waits) < HOVER_BUDGET, waits
    assert symbol_count(await outline) > 0
    assert symbol_count(await later) > 0
    shown = await message(client, f"{session(client).name}-big.md {TOO_LARGE}")
    assert f"more than {FULL_ANALYSIS_CHARACTERS}" in shown
    assert [m.message for m in client.messages].count(shown) == 1
    assert await diagnostics(client, big) == []
    close(client, small, big)


async def test_a_cancelled_request_gets_request_cancelled(client: NotesClient) -> None:
    uri = uri_for(client, "cancelled.md")
    open_document(client, uri, large_note("cancelled"))
    request_id = f"outline-{session(client).name}"
    # pytest-lsp sends a request once its coroutine runs.
    pending = asyncio.ensure_future(
        client.protocol.send_request_async(
            types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
            types.DocumentSymbolParams(doc(uri)),
            msg_id=request_id,
        )
    )
    await asyncio.sleep(0.05)
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))
    with pytest.raises(JsonRpcRequestCancelled):
        await pending
    # The outline was built all the same, for the next request.
    started = time.monotonic()
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    assert symbol_count(symbols) > 0
    assert time.monotonic() - started < 10
    close(client, uri)


async def test_outline_and_folding_of_20000_headings_keep_to_their_budgets(
    client: NotesClient,
) -> None:
    uri = uri_for(client, "headings.md")
    text = SEED_TEXT + "## H\ntext\n" * 20_000
    assert len(text) <= FULL_ANALYSIS_CHARACTERS
    open_document(client, uri, text)
    started = time.monotonic()
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    assert time.monotonic() - started < 15
    assert symbol_count(symbols) == SYMBOL_BUDGET
    if symbols and isinstance(symbols[0], types.DocumentSymbol):
        # The deepest levels go first: the title and the first of its sections stay, the
        # sections' own fields and subsections do not.
        (title,) = [s for s in symbols if isinstance(s, types.DocumentSymbol)]
        assert title.name == "System Design Interview Notes"
        assert not any(child.children for child in title.children or [])
    started = time.monotonic()
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(doc(uri)))
    assert time.monotonic() - started < 15
    assert folds is not None and len(folds) == FOLD_BUDGET
    # The title's fold, around everything, is kept; so are the sections next to it.
    assert (0, len(split(text)) - 2) in {(fold.start_line, fold.end_line) for fold in folds}
    assert split(text)[max(fold.start_line for fold in folds)] == "## H"
    close(client, uri)


async def test_three_large_documents_keep_the_cache_within_its_budget(
    client: NotesClient,
) -> None:
    assert (await cache(client))["budget"] == CACHE_CHARACTERS
    checked = uri_for(client, "checked.md")
    checked_text = FILLED_TEXT * 40
    open_document(client, checked, checked_text)
    await diagnostics(client, checked)
    assert checked in (await cache(client))["analyzers"]
    large = [uri_for(client, f"large-{index}.md") for index in range(3)]
    for index, uri in enumerate(large):
        open_document(client, uri, large_note(f"large {index}"))
        assert symbol_count(await symbols_request(client, uri)) > 0
        state = await cache(client)
        assert state["characters"] <= state["budget"]
    kept = [item["uri"] for item in state["documents"]]
    assert kept[-3:] == large

    # A smaller budget drops the least recently used first, with everything kept for them.
    state = await cache(client, budget=2 * LARGE)
    kept = [item["uri"] for item in state["documents"]]
    assert state["characters"] <= 2 * LARGE
    assert kept == large[1:]
    assert checked not in state["analyzers"] and checked not in state["converted"]

    # Documents dropped are analysed again when asked for.
    assert await timed_hover(client, checked, checked_text) < 10
    assert symbol_count(await symbols_request(client, large[0])) > 0
    state = await cache(client, budget=CACHE_CHARACTERS)
    assert [item["uri"] for item in state["documents"]][-1] == large[0]
    assert state["characters"] <= state["budget"]
    close(client, checked, *large)
