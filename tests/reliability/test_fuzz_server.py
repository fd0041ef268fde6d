"""Random incremental edits through the real server, once per position encoding.

The client keeps its own copy of the text and applies every edit in the session's units.
After each batch the server must still answer, its copy must equal the client's (a
digest from the test-only ``interviewNotes.debug.digest`` command), and every range it
sends must name a place inside the text on a character boundary. At the end, the edited
document's diagnostics must equal those of the same text opened afresh.

``INTERVIEW_NOTES_FUZZ_EDITS`` (all encodings together; default 10,500) and
``INTERVIEW_NOTES_FUZZ_SEED`` choose the run; see docs/reliability.md.
"""

from __future__ import annotations

import random
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsp.support import (
    CLIENTS,
    NotesClient,
    doc,
    make_client,
    open_document,
    pushed,
    session,
    start,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .support import (
    FUZZ_EDITS,
    FUZZ_SEED,
    RangeChecker,
    apply_change,
    digest,
    example_text,
    lsp_lines,
    position_at,
    random_change,
    seed_text,
    server_command,
)

BATCH = 30
FRONT_MATTER = "---\ntemplate: system-design\n---\n"
EXOTIC = "\n## Notes 😀 中文 e\u0301\r\n- Owner: \U0001d518\U0001d52b\U0001d526 \x00 value\n"
RESULTS: dict[str, dict[str, Any]] = {}


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=server_command("--test-commands"), client_factory=make_client
    ),
    params=list(CLIENTS),
)
async def client(
    lsp_client: NotesClient, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[None]:
    await start(lsp_client, request.param, tmp_path)
    yield
    await lsp_client.shutdown_session()


async def server_digest(client: NotesClient, uri: str) -> dict[str, Any]:
    found = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.debug.digest", [{"uri": uri}])
    )
    assert isinstance(found, dict), f"no digest for {uri}: {found!r}"
    return found


async def current_diagnostics(
    client: NotesClient, uri: str, version: int
) -> list[types.Diagnostic]:
    if session(client).pull:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(doc(uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)
    return await pushed(client, uri, version, timeout=30)


async def check_answers(
    client: NotesClient, uri: str, text: str, version: int, rng: random.Random
) -> int:
    """Ask for everything a client asks for while typing; returns how many ranges came."""
    encoding = session(client).encoding
    check = RangeChecker(text, encoding)
    count = 0
    found = await current_diagnostics(client, uri, version)
    for item in found:
        check.range(item.range, f"diagnostic {item.code}")
    count += len(found)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    stack: list[Any] = list(symbols or [])
    while stack:
        symbol = stack.pop()
        if isinstance(symbol, types.DocumentSymbol):
            check.range(symbol.range, f"symbol {symbol.name!r}")
            check.range(symbol.selection_range, f"symbol {symbol.name!r} selection")
            stack.extend(symbol.children or [])
        else:
            check.range(symbol.location.range, f"symbol {symbol.name!r}")
        count += 1
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(doc(uri)))
    for fold in folds or []:
        check.line(fold.start_line, "folding start")
        check.line(fold.end_line, "folding end")
        count += 1
    status = await client.protocol.send_request_async("interviewNotes/completeness", {"uri": uri})
    upcoming = getattr(status, "next", None)
    if upcoming is not None:
        raw = upcoming.range
        where = types.Range(
            types.Position(raw.start.line, raw.start.character),
            types.Position(raw.end.line, raw.end.character),
        )
        check.range(where, "completeness next")
        count += 1
    for lens in await client.text_document_code_lens_async(types.CodeLensParams(doc(uri))) or []:
        check.range(lens.range, "code lens")
        count += 1
    cursor = position_at(text, rng.randrange(len(text) + 1), encoding)
    completion = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), cursor)
    )
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    for entry in items or []:
        if isinstance(entry.text_edit, types.TextEdit):
            check.range(entry.text_edit.range, f"completion {entry.label!r}")
        for extra in entry.additional_text_edits or []:
            check.range(extra.range, f"completion {entry.label!r} extra edit")
        count += 1
    hover = await client.text_document_hover_async(types.HoverParams(doc(uri), cursor))
    if hover is not None and hover.range is not None:
        check.range(hover.range, "hover")
    span = types.Range(cursor, cursor)
    context = types.CodeActionContext(diagnostics=found[:5])
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), span, context)
    )
    for action in actions or []:
        edit = action.edit if isinstance(action, types.CodeAction) else None
        for change in (edit.document_changes or []) if edit else []:
            assert isinstance(change, types.TextDocumentEdit)
            assert change.text_document.version == version, "edit for another version"
            for text_edit in change.edits:
                check.range(text_edit.range, f"action {action.title!r}")
                count += 1
        for edits in (edit.changes or {}).values() if edit else []:
            for text_edit in edits:
                check.range(text_edit.range, f"action {action.title!r}")
                count += 1
    return count


def comparable(items: list[types.Diagnostic]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            item.range.start.line,
            item.range.start.character,
            item.range.end.line,
            item.range.end.character,
            str(item.code),
            item.message,
            item.severity,
        )
        for item in items
    )


async def test_random_edits_keep_the_server_in_sync(client: NotesClient) -> None:
    state = session(client)
    encoding = state.encoding
    rng = random.Random(f"{FUZZ_SEED}:{encoding}")
    total = -(-FUZZ_EDITS // len(CLIENTS))
    pool = seed_text() + EXOTIC + example_text()
    text = FRONT_MATTER + pool
    uri = (state.root / "fuzzed notes.md").as_uri()
    open_document(client, uri, text)
    version, done, ranges, findings = 1, 0, 0, 0
    started = time.monotonic()
    while done < total:
        for _ in range(min(BATCH, total - done)):
            changes = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                change = random_change(
                    rng, text, encoding, low=6_000, keep=len(FRONT_MATTER), pool=pool
                )
                text = apply_change(text, change)
                changes.append(change.event)
                done += 1
            version += 1
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    content_changes=changes,
                )
            )
        answer = await server_digest(client, uri)
        where = f"seed {FUZZ_SEED}, {encoding}, version {version}"
        assert answer["version"] == version, where
        assert answer["length"] == len(text), f"{where}: the server's copy drifted"
        assert answer["sha256"] == digest(text), f"{where}: the server's copy drifted"
        ranges += await check_answers(client, uri, text, version, rng)
        findings += len(await current_diagnostics(client, uri, version))

    final = await current_diagnostics(client, uri, version)
    fresh_uri = (state.root / "fresh.md").as_uri()
    open_document(client, fresh_uri, text)
    fresh = await current_diagnostics(client, fresh_uri, 1)
    assert comparable(final) == comparable(fresh)
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]
    RESULTS[encoding] = {
        "edits": done,
        "versions": version,
        "ranges": ranges,
        "findings": findings,
        "length": len(text),
        "lines": len(lsp_lines(text)),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"\nfuzz {encoding}: {RESULTS[encoding]}")
