"""The pygls internals the server relies on are still there, as pygls_internals.py was written
against: each private method with its parameters, each private attribute, and what each
override depends on. A failure names the internal; read the module again before upgrading."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from interview_notes.lsp import pygls_internals
from interview_notes.lsp.documents import NotesDocument, NotesWorkspace
from interview_notes.lsp.pygls_internals import (
    CHECKED_AGAINST,
    CancellableCommands,
    adopt_workspace,
    send_encoded,
    send_error,
    stop_thread_pool,
    take_request_future,
)
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol
from pygls.workspace import TextDocument, Workspace

LSP = Path(pygls_internals.__file__).parent
MODULE = "server/interview_notes/lsp/pygls_internals.py"
INSTALLED = metadata.version("pygls")
URI = "file:///notes/note.md"
POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
KEYWORD = inspect.Parameter.KEYWORD_ONLY
EMPTY = inspect.Parameter.empty


def changed(internal: str, what: str, module: str = MODULE) -> str:
    return (
        f"pygls {INSTALLED} changed {internal}: {what}. {module} relies on it as pygls "
        f"{CHECKED_AGAINST} had it; read its comments and adapt it."
    )


# Private methods, with the parameters pygls_internals.py calls or overrides them with.
METHODS: list[tuple[type, str, list[tuple[str, Any, Any]]]] = [
    (
        TextDocument,
        "_apply_incremental_change",
        [("self", POSITIONAL, EMPTY), ("change", POSITIONAL, EMPTY)],
    ),
    (
        Workspace,
        "_create_text_document",
        [
            ("self", POSITIONAL, EMPTY),
            ("doc_uri", POSITIONAL, EMPTY),
            ("source", POSITIONAL, None),
            ("version", POSITIONAL, None),
            ("language_id", POSITIONAL, None),
        ],
    ),
    (JsonRPCProtocol, "_send_data", [("self", POSITIONAL, EMPTY), ("data", POSITIONAL, EMPTY)]),
    (
        JsonRPCProtocol,
        "_send_response",
        [
            ("self", POSITIONAL, EMPTY),
            ("msg_id", POSITIONAL, EMPTY),
            ("result", POSITIONAL, None),
            ("error", POSITIONAL, None),
        ],
    ),
    (
        JsonRPCProtocol,
        "_run_generator",
        [
            ("self", POSITIONAL, EMPTY),
            ("future", POSITIONAL, EMPTY),
            ("gen", KEYWORD, EMPTY),
            ("result_future", KEYWORD, EMPTY),
        ],
    ),
]


@pytest.mark.parametrize(
    ("owner", "name", "expected"), METHODS, ids=[f"{m[0].__name__}.{m[1]}" for m in METHODS]
)
def test_private_method_keeps_its_signature(
    owner: type, name: str, expected: list[tuple[str, Any, Any]]
) -> None:
    internal = f"{owner.__name__}.{name}"
    method = getattr(owner, name, None)
    assert callable(method), changed(internal, "it is gone")
    found = [
        (each.name, each.kind, each.default)
        for each in inspect.signature(method).parameters.values()
    ]
    assert found == expected, changed(internal, f"its parameters are now {found}")


def _server() -> LanguageServer:
    return LanguageServer("internals", "0")


# Private attributes, read or written by pygls_internals.py, on fresh pygls objects.
ATTRIBUTES: list[tuple[str, Callable[[], object], str, type | None]] = [
    ("TextDocument._source", lambda: TextDocument(URI, "text"), "_source", str),
    ("Workspace._sync_kind", lambda: Workspace(None), "_sync_kind", types.TextDocumentSyncKind),
    (
        "JsonRPCProtocol._request_futures",
        lambda: _server().protocol,
        "_request_futures",
        dict,
    ),
    ("JsonRPCServer._thread_pool", _server, "_thread_pool", None),
]


@pytest.mark.parametrize(
    ("internal", "make", "name", "kind"), ATTRIBUTES, ids=[a[0] for a in ATTRIBUTES]
)
def test_private_attribute_is_there(
    internal: str, make: Callable[[], object], name: str, kind: type | None
) -> None:
    made = make()
    assert name in vars(made), changed(internal, "a new object no longer has it")
    value = getattr(made, name)
    if kind is None:
        assert value is None, changed(internal, f"it starts as {value!r}, not None")
    else:
        assert isinstance(value, kind), changed(internal, f"it is a {type(value).__name__}")


def test_no_other_module_names_a_pygls_private() -> None:
    """Every private name of pygls's server, protocol, workspace and document classes is
    used in pygls_internals.py only."""
    server = _server()
    made = [server, server.protocol, TextDocument(URI, "text"), Workspace(None)]
    private = {
        name
        for each in made
        for owner in [*type(each).__mro__, each]
        for name in vars(owner)
        if re.fullmatch(r"_[a-z]\w*", name)
    }
    for path in sorted(LSP.glob("*.py")):
        if path.name == "pygls_internals.py":
            continue
        used = {a or b for a, b in re.findall(r"\.(_[a-z]\w*)|def (_[a-z]\w*)", path.read_text())}
        assert not used & private, (
            f"{path.name} uses pygls's private {sorted(used & private)}: move that use to "
            f"{MODULE} (or rename a name of ours that happens to match)"
        )


# behaviour ---------------------------------------------------------------------------------
def test_an_incremental_change_reaches_the_override() -> None:
    """pygls's own line splitting would break at U+2028 and edit the wrong line."""
    doc = NotesDocument(URI, "a\u2028b\nc", version=1)
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(1, 0), types.Position(1, 1)), text="C"
    )
    doc.apply_change(change)
    assert doc.source == "a\u2028b\nC", changed(
        "TextDocument.apply_change / _apply_incremental_change / _source",
        f"the change gave {doc.source!r}",
    )


@pytest.mark.parametrize(
    ("sync", "expected"),
    [(types.TextDocumentSyncKind.Incremental, "xbc"), (types.TextDocumentSyncKind.Full, "x")],
)
def test_the_workspace_builds_our_documents(
    sync: types.TextDocumentSyncKind, expected: str
) -> None:
    """Opened documents are NotesDocuments with the workspace's sync kind and codec."""
    workspace = Workspace(None, sync)
    adopt_workspace(workspace, NotesWorkspace)
    workspace.put_text_document(types.TextDocumentItem(URI, "markdown", 1, "abc"))
    doc = workspace.get_text_document(URI)
    internal = "Workspace.put_text_document / _create_text_document / _sync_kind"
    assert type(doc) is NotesDocument, changed(internal, f"it built a {type(doc).__name__}")
    assert doc.position_codec is workspace.position_codec, changed(internal, "another codec")
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, 0), types.Position(0, 1)), text="x"
    )
    doc.apply_change(change)
    assert doc.source == expected, changed(internal, f"{sync!r} sync gave {doc.source!r}")


def test_initialize_builds_a_plain_workspace() -> None:
    """adopt_workspace changes the class of the Workspace pygls builds in initialize."""
    server = _server()
    params = types.InitializeParams(capabilities=types.ClientCapabilities())
    for _ in server.protocol.lsp_initialize(params):
        pass
    internal = "LanguageServerProtocol.lsp_initialize"
    built = type(server.workspace)
    assert built is Workspace, changed(internal, f"it builds a {built.__name__}")
    adopt_workspace(server.workspace, NotesWorkspace)
    assert type(server.workspace) is NotesWorkspace


class Capture:
    """A writer keeping what the protocol sends."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    def close(self) -> None:
        pass

    def messages(self) -> list[dict[str, Any]]:
        return [json.loads(each.split(b"\r\n\r\n", 1)[-1]) for each in self.sent]


def _capturing(protocol: JsonRPCProtocol) -> Capture:
    capture = Capture()
    protocol.set_writer(capture)
    return capture


def test_send_encoded_frames_the_text_as_pygls_frames_a_message() -> None:
    protocol = _server().protocol
    capture = _capturing(protocol)
    message = {"jsonrpc": "2.0", "method": "test/raw", "params": {"items": [{"a": "é😀"}]}}
    protocol._send_data(message)
    send_encoded(protocol, json.dumps(message))
    internal = "JsonRPCProtocol._send_data"
    assert capture.messages() == [message, message], changed(internal, "not sent")
    assert capture.sent[1] == capture.sent[0], changed(
        internal, f"framed as {capture.sent[0]!r}, not as {capture.sent[1]!r}"
    )


def test_send_encoded_counts_the_length_in_bytes() -> None:
    protocol = _server().protocol
    capture = _capturing(protocol)
    body = '{"jsonrpc":"2.0","method":"test/raw","params":"é😀"}'
    send_encoded(protocol, body)
    header, _, sent = capture.sent[0].partition(b"\r\n\r\n")
    assert sent.decode("utf-8") == body
    assert f"Content-Length: {len(body.encode())}".encode() in header


def test_send_error_answers_the_request() -> None:
    protocol = _server().protocol
    capture = _capturing(protocol)
    send_error(protocol, 7, types.ResponseError(code=-32602, message="bad params"))
    assert capture.messages() == [
        {"jsonrpc": "2.0", "id": 7, "error": {"code": -32602, "message": "bad params"}}
    ], changed("JsonRPCProtocol._send_response", f"it sent {capture.messages()}")


def test_take_request_future_ends_the_wait_for_our_request() -> None:
    protocol = _server().protocol
    _capturing(protocol)
    future = protocol.send_request("test/ping", None, msg_id="ping-1")
    internal = "JsonRPCProtocol._request_futures"
    assert take_request_future(protocol, "ping-1") is future, changed(internal, "not kept by id")
    assert take_request_future(protocol, "ping-1") is None, changed(internal, "not taken out")


async def test_cancelling_a_command_request_cancels_its_handler() -> None:
    """The command's handler runs as a request of its own; $/cancelRequest for the
    workspace/executeCommand request reaches it through CancellableCommands."""
    server = LanguageServer("internals", "0", protocol_cls=CancellableCommands)
    protocol = server.protocol
    _capturing(protocol)
    started, stopped = asyncio.Event(), asyncio.Event()

    @server.command("test.wait")
    async def wait(ls: LanguageServer, *args: Any) -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            stopped.set()
            raise

    request = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": types.WORKSPACE_EXECUTE_COMMAND,
        "params": {"command": "test.wait", "arguments": []},
    }
    protocol.handle_message(protocol.structure_message(request))
    await asyncio.wait_for(started.wait(), 5)
    cancel = {"jsonrpc": "2.0", "method": types.CANCEL_REQUEST, "params": {"id": 1}}
    protocol.handle_message(protocol.structure_message(cancel))
    internal = "JsonRPCProtocol._run_generator / _execute_handler / _request_futures"
    try:
        await asyncio.wait_for(stopped.wait(), 5)
    except asyncio.TimeoutError:
        pytest.fail(
            changed(internal, "the command's handler went on after its request was cancelled")
        )


def test_stop_thread_pool_neither_makes_nor_joins_a_pool() -> None:
    server = _server()
    stop_thread_pool(server)
    assert vars(server)["_thread_pool"] is None, changed("JsonRPCServer._thread_pool", "made")
    pool = server.thread_pool
    stop_thread_pool(server)
    with pytest.raises(RuntimeError):
        pool.submit(print)


def test_unreadable_messages_are_logged_where_protocol_py_filters_them(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """protocol.py's log filter expects this logger and message for a message pygls cannot
    read (and logs one line instead of the traceback)."""
    source = logging.getLogger("pygls.protocol.json_rpc")
    monkeypatch.setattr(source, "filters", [])
    protocol: LanguageServerProtocol = _server().protocol
    bad = {"jsonrpc": "2.0", "id": 1, "method": types.TEXT_DOCUMENT_HOVER, "params": {"x": 1}}
    with caplog.at_level(logging.ERROR, logger=source.name), pytest.raises(JsonRpcInvalidParams):
        protocol.structure_message(bad)
    logged = [r for r in caplog.records if r.name == source.name]
    assert any(str(r.msg).startswith("Unable to deserialize message") for r in logged), changed(
        "the log of an unreadable message",
        f"it logged {[r.msg[:40] for r in logged]}",
        "server/interview_notes/lsp/protocol.py",
    )


def test_pygls_is_a_2_x_release() -> None:
    """The internals above were read in pygls 2.1; another major release is read again."""
    assert INSTALLED.split(".")[0] == CHECKED_AGAINST.split(".")[0], changed(
        "its major version", f"{INSTALLED} is installed"
    )
