"""Hostile documents and requests through the real server: it answers, keeps working, and
never sends a range outside the text."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from interview_notes.files import ReadError, read_note
from lsp.support import (
    CLIENTS,
    NotesClient,
    doc,
    make_client,
    message,
    open_document,
    pushed,
    session,
    start,
)
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig

from .inputs import HOSTILE, hostile_text
from .support import RangeChecker, seed_text, server_command
from .test_hostile_cli import corpus_files

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")
SEED = seed_text()
FAR = types.Position(1_000_000, 1_000_000)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile workspace")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=server_command(), client_factory=make_client),
    scope="module",
    params=list(CLIENTS),
)
async def client(
    lsp_client: NotesClient, request: pytest.FixtureRequest, root: Path
) -> AsyncIterator[None]:
    await start(lsp_client, request.param, root)
    yield
    await lsp_client.shutdown_session()


async def current(client: NotesClient, uri: str, version: int = 1) -> list[types.Diagnostic]:
    if session(client).pull:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(doc(uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)
    return await pushed(client, uri, version, timeout=30)


async def everything(client: NotesClient, uri: str, text: str, where: types.Position) -> None:
    """Every request a client makes, at ``where``; every range must fit ``text``."""
    check = RangeChecker(text, session(client).encoding)
    for item in await current(client, uri):
        check.range(item.range, f"diagnostic {item.code}")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    for symbol in symbols or []:
        assert isinstance(symbol, types.DocumentSymbol)
        check.range(symbol.range, symbol.name)
    for fold in (
        await client.text_document_folding_range_async(types.FoldingRangeParams(doc(uri))) or []
    ):
        check.line(fold.end_line, "fold")
    await client.text_document_hover_async(types.HoverParams(doc(uri), where))
    completion = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), where)
    )
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    for entry in items or []:
        if isinstance(entry.text_edit, types.TextEdit):
            check.range(entry.text_edit.range, entry.label)
    context = types.CodeActionContext(diagnostics=[])
    await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), types.Range(where, where), context)
    )
    for lens in await client.text_document_code_lens_async(types.CodeLensParams(doc(uri))) or []:
        check.range(lens.range, "lens")
    await client.protocol.send_request_async("interviewNotes/completeness", {"uri": uri})


def errors(client: NotesClient) -> list[str]:
    return [m.message for m in client.log_messages if m.type == types.MessageType.Error]


@MODULE_LOOP
async def test_every_corpus_file(client: NotesClient) -> None:
    for index, path in enumerate(corpus_files()):
        try:
            text = read_note(path)
        except ReadError:
            continue
        uri = (session(client).root / f"{session(client).name}-corpus-{index}.md").as_uri()
        open_document(client, uri, text)
        await everything(client, uri, text, FAR)
        client.text_document_did_close(types.DidCloseTextDocumentParams(doc(uri)))
    assert errors(client) == []


@pytest.mark.parametrize("name", sorted(HOSTILE))
@MODULE_LOOP
async def test_hostile_document(client: NotesClient, name: str) -> None:
    text = hostile_text(name)
    uri = (session(client).root / f"{session(client).name}-{name}.md").as_uri()
    started = time.monotonic()
    open_document(client, uri, text)
    await everything(client, uri, text, FAR)
    await everything(client, uri, text, types.Position(5, 3))
    assert time.monotonic() - started < 15
    client.text_document_did_close(types.DidCloseTextDocumentParams(doc(uri)))
    assert errors(client) == []


@MODULE_LOOP
async def test_a_folder_with_a_space_in_its_name(client: NotesClient) -> None:
    uri = (session(client).root / "my notes" / f"{session(client).name}.md").as_uri()
    assert "%20" in uri
    open_document(client, uri, SEED)
    assert len(await current(client, uri)) > 10


@MODULE_LOOP
async def test_documents_never_opened_or_already_closed(client: NotesClient) -> None:
    closed = (session(client).root / f"{session(client).name}-closed.md").as_uri()
    open_document(client, closed, SEED)
    await current(client, closed)
    client.text_document_did_close(types.DidCloseTextDocumentParams(doc(closed)))
    never = (session(client).root / "never-opened.md").as_uri()
    for uri in (closed, never, "untitled:Untitled-1", "file:///", "not a uri"):
        if session(client).pull:
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(doc(uri))
            )
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            assert list(report.items) == []
        assert not await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(doc(uri))
        )
        assert await client.text_document_hover_async(types.HoverParams(doc(uri), FAR)) is None
        assert not await client.text_document_code_action_async(
            types.CodeActionParams(
                doc(uri), types.Range(FAR, FAR), types.CodeActionContext(diagnostics=[])
            )
        )
        status = await client.protocol.send_request_async(
            "interviewNotes/completeness", {"uri": uri}
        )
        assert status.isNote is False
        for command in ("interviewNotes.insertTemplate", "interviewNotes.nextEmptySlot"):
            await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command, [{"uri": uri}])
            )
    client.text_document_did_close(types.DidCloseTextDocumentParams(doc(never)))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=never),
            [types.TextDocumentContentChangeWholeDocument("x")],
        )
    )
    alive = (session(client).root / f"{session(client).name}-alive.md").as_uri()
    open_document(client, alive, SEED)
    assert len(await current(client, alive)) > 10


@pytest.mark.parametrize(
    "arguments",
    [
        None,
        [],
        [42],
        ["file:///x.md"],
        [{"uri": 5}],
        [{"uri": None, "position": "top"}],
        [{"uri": "{uri}", "position": {"line": -1, "character": -1}}],
        [{"uri": "{uri}", "position": {"line": 10**9, "character": 10**9}}],
        [{"uri": "{uri}", "position": {"line": "1", "character": None}}],
        [{"uri": "{uri}", "template": "no such template"}],
        [{"uri": "{uri}", "template": ["a"]}],
        [{"uri": "{uri}"}, {"extra": True}],
    ],
    ids=repr,
)
@MODULE_LOOP
async def test_bad_command_arguments(client: NotesClient, arguments: Any) -> None:
    uri = (session(client).root / f"{session(client).name}-args.md").as_uri()
    open_document(client, uri, "plain text\n")
    raw = json.loads(json.dumps(arguments).replace("{uri}", uri))
    for command in (
        "interviewNotes.insertTemplate",
        "interviewNotes.nextEmptySlot",
        "interviewNotes.newNote",
    ):
        if command == "interviewNotes.newNote" and raw and isinstance(raw[0], dict):
            raw = [{**raw[0], "folderUri": (session(client).root / "new").as_uri()}]
        with contextlib.suppress(JsonRpcException):
            await client.workspace_execute_command_async(types.ExecuteCommandParams(command, raw))
    assert errors(client) == []
    await everything(client, uri, "plain text\n", FAR)


@MODULE_LOOP
async def test_unknown_command_is_an_error_answer(client: NotesClient) -> None:
    with pytest.raises(JsonRpcException):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams("interviewNotes.noSuchCommand", [{}])
        )
    with pytest.raises(JsonRpcException):
        await client.protocol.send_request_async("interviewNotes/noSuchRequest", {})
    await message(client, "noSuchCommand", log=True)
    await message(client, "noSuchRequest", log=True)
    answered = [m for m in client.log_messages if "noSuch" in m.message]
    assert len(answered) == 2
    client.log_messages[:] = [m for m in client.log_messages if m not in answered]
    uri = (session(client).root / f"{session(client).name}-after-unknown.md").as_uri()
    open_document(client, uri, SEED)
    assert len(await current(client, uri)) > 10


@pytest.mark.parametrize(
    "settings",
    [
        {"maxDocumentSize": "big", "rules": 3, "recognition": "yes"},
        {"rules": {"IN004": "loud", "nope": "off"}, "naWords": [1, None]},
        {"templates": "one", "templatesFolder": 5, "requiredSections": "all"},
        {"maxDocumentSize": -1, "defaultTemplate": ""},
    ],
    ids=["types", "values", "lists", "ranges"],
)
@MODULE_LOOP
async def test_settings_of_the_wrong_type(client: NotesClient, settings: dict[str, Any]) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams({"interviewNotes": settings})
    )
    first = next(iter(settings))
    await message(client, f"interviewNotes: {first}")
    uri = (session(client).root / f"{session(client).name}-settings-{first}.md").as_uri()
    open_document(client, uri, SEED)
    assert len(await current(client, uri)) > 10
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams({"interviewNotes": {"rules": {}}})
    )


@MODULE_LOOP
async def test_positions_past_the_end(client: NotesClient) -> None:
    uri = (session(client).root / f"{session(client).name}-far.md").as_uri()
    text = SEED + "tail 😀"
    open_document(client, uri, text)
    for where in (FAR, types.Position(0, 10**6), types.Position(10**6, 0)):
        await everything(client, uri, text, where)
    assert errors(client) == []


def spawn() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        server_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def frame(method: str, params: object, request_id: int | None = None) -> bytes:
    message: dict[str, object] = {"jsonrpc": "2.0", "method": method, "params": params}
    if request_id is not None:
        message["id"] = request_id
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "while analysing"])
def test_client_gone_without_shutdown_the_server_exits(busy: bool) -> None:
    server = spawn()
    assert server.stdin is not None
    initialize: dict[str, Any] = {"processId": None, "rootUri": None, "capabilities": {}}
    server.stdin.write(frame("initialize", initialize, 1))
    server.stdin.write(frame("initialized", {}))
    if busy:
        text = SEED + ("| a | b | c |\n" * 60_000)
        item = {"uri": "file:///busy.md", "languageId": "markdown", "version": 1, "text": text}
        server.stdin.write(frame("textDocument/didOpen", {"textDocument": item}))
        change = {
            "textDocument": {"uri": "file:///busy.md", "version": 2},
            "contentChanges": [{"text": text + "x"}],
        }
        server.stdin.write(frame("textDocument/didChange", change))
    server.stdin.flush()
    time.sleep(0.5)
    server.stdin.close()
    started = time.monotonic()
    code = server.wait(10)
    assert time.monotonic() - started < 5
    assert code == 1
    assert server.stderr is not None
    assert b"Traceback" not in server.stderr.read()
