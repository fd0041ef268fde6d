"""Over --tcp and --ws only the client with the token is served, one at a time; browsers'
pages are refused; newNote never writes outside the workspace nor, over a network, by itself."""

from __future__ import annotations

import json
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from .support import SEED
from .test_transports import TOKEN, Peer, connect, serving, ws_connect

SERVER_NOT_INITIALIZED = -32002
INVALID_REQUEST = -32600
CREATE_FILES = {
    "workspace": {"workspaceEdit": {"documentChanges": True, "resourceOperations": ["create"]}}
}


def params(
    token: str | None = TOKEN, root: Path | None = None, capabilities: dict[str, Any] | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "processId": None,
        "rootUri": root.as_uri() if root else None,
        "capabilities": capabilities or {},
    }
    if root is not None:
        found["workspaceFolders"] = [{"uri": root.as_uri(), "name": root.name}]
    if token is not None:
        found["initializationOptions"] = {"token": token}
    return found


def refused(peer: Peer, answer: dict[str, Any], code: int) -> None:
    assert answer["error"]["code"] == code, answer
    assert peer.closed(), "a refused connection must be closed"


def test_tcp_refuses_clients_without_the_token_and_serves_the_one_with_it() -> None:
    with serving("--tcp") as served:
        with connect(served.port) as sock:
            peer = Peer.over_socket(sock)
            refused(peer, peer.request("initialize", params(token=None)), INVALID_REQUEST)
        with connect(served.port) as sock:
            peer = Peer.over_socket(sock)
            refused(peer, peer.request("initialize", params(token="not-it")), INVALID_REQUEST)
        with connect(served.port) as sock:
            peer = Peer.over_socket(sock)
            hover = {
                "textDocument": {"uri": "file:///x.md"},
                "position": {"line": 0, "character": 0},
            }
            answer = peer.request("textDocument/hover", hover)
            refused(peer, answer, SERVER_NOT_INITIALIZED)
        with connect(served.port) as sock:
            peer = Peer.over_socket(sock)
            peer.notify("initialized", {})
            assert peer.closed()
        assert served.process.poll() is None, "refused clients must not stop the server"
        log = served.wait_for_log("token is missing or wrong")
        assert TOKEN not in log
        with connect(served.port) as sock:
            answer = Peer.over_socket(sock).initialize(params())
        assert answer["result"]["serverInfo"]["name"] == "interview-notes"


def test_tcp_with_the_token_publishes_diagnostics(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    with serving("--tcp") as served, connect(served.port) as sock:
        peer = Peer.over_socket(sock)
        assert "result" in peer.initialize(params(root=tmp_path))
        item = {
            "uri": note.as_uri(),
            "languageId": "markdown",
            "version": 1,
            "text": SEED.read_text(encoding="utf-8"),
        }
        peer.notify("textDocument/didOpen", {"textDocument": item})
        found = peer.wait_for(
            "textDocument/publishDiagnostics",
            lambda sent: sent["uri"] == note.as_uri() and sent["diagnostics"],
        )
    assert all(d["source"] == "interview-notes" for d in found["diagnostics"])


def test_a_generated_token_is_printed_once_and_required() -> None:
    with serving("--tcp", token=None) as served:
        log = served.wait_for_log("interview-notes-lsp: token: ")
        (token,) = re.findall(r"interview-notes-lsp: token: (\S+)", log)
        assert len(token) >= 40
        with connect(served.port) as sock:
            peer = Peer.over_socket(sock)
            refused(peer, peer.request("initialize", params()), INVALID_REQUEST)
        with connect(served.port) as sock:
            answer = Peer.over_socket(sock).initialize(params(token=token))
        assert "result" in answer
        assert served.stderr().count(token) == 1


def test_a_second_tcp_connection_is_refused_and_its_leaving_stops_nothing(tmp_path: Path) -> None:
    with serving("--tcp") as served, connect(served.port) as first:
        editor = Peer.over_socket(first)
        assert "result" in editor.initialize(params(root=tmp_path))
        with connect(served.port) as second:
            assert Peer.over_socket(second).closed(), "a second client must be closed at once"
        with connect(served.port) as third:
            intruder = Peer.over_socket(third)
            with suppress(OSError):
                intruder.send(
                    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params()}
                )
            assert intruder.closed()
        served.wait_for_log("another client is connected")
        status = editor.request("interviewNotes/completeness", {"uri": "file:///none.md"})
        assert status["result"]["isNote"] is False
        assert editor.request("shutdown", None)["result"] is None
        editor.notify("exit", None)
        assert served.process.wait(timeout=10) == 0
        assert "Traceback" not in served.stderr()


def test_websocket_refuses_foreign_origins_and_wrong_tokens() -> None:
    exceptions = pytest.importorskip("websockets.exceptions")
    with serving("--ws", "--allow-origin", "https://good.example") as served:
        with pytest.raises(exceptions.InvalidStatus) as evil:
            ws_connect(served.port, f"?token={TOKEN}", origin="https://evil.example")
        assert evil.value.response.status_code == 403
        with pytest.raises(exceptions.InvalidStatus) as wrong:
            ws_connect(served.port, "?token=not-it")
        assert wrong.value.response.status_code == 401
        with ws_connect(served.port) as anonymous:
            anonymous.send(
                json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "id": 1,
                        "method": "initialize",
                        "params": params(token=None),
                    }
                )
            )
            answer = json.loads(anonymous.recv(timeout=10))
            assert answer["error"]["code"] == INVALID_REQUEST
            with pytest.raises(exceptions.ConnectionClosed):
                anonymous.recv(timeout=10)
        assert served.process.poll() is None
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with ws_connect(
            served.port, origin="https://good.example", additional_headers=headers
        ) as editor:
            editor.send(
                json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "id": 1,
                        "method": "initialize",
                        "params": params(token=None),
                    }
                )
            )
            answer = json.loads(editor.recv(timeout=10))
            assert answer["result"]["serverInfo"]["name"] == "interview-notes"
            with pytest.raises(exceptions.InvalidStatus) as second:
                ws_connect(served.port, f"?token={TOKEN}")
            assert second.value.response.status_code == 409
            editor.send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
            assert json.loads(editor.recv(timeout=10))["id"] == 2


def test_websocket_takes_the_token_as_a_query_parameter() -> None:
    with serving("--ws") as served, ws_connect(served.port, f"?token={TOKEN}") as editor:
        editor.send(
            json.dumps(
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params(token=None)}
            )
        )
        answer = json.loads(editor.recv(timeout=10))
    assert answer["result"]["serverInfo"]["name"] == "interview-notes"


def new_note(peer: Peer, arguments: dict[str, Any]) -> Any:
    command = {"command": "interviewNotes.newNote", "arguments": [arguments]}
    return peer.request("workspace/executeCommand", command)["result"]


def shown(peer: Peer, text: str) -> str:
    found = peer.wait_for("window/showMessage", lambda sent: text in sent["message"])
    return str(found["message"])


def test_new_note_outside_the_workspace_writes_nothing(tmp_path: Path) -> None:
    workspace, outside = tmp_path / "workspace", tmp_path / "outside"
    workspace.mkdir()
    outside.mkdir()
    (workspace / "link").symlink_to(outside, target_is_directory=True)
    with serving("--tcp") as served, connect(served.port) as sock:
        peer = Peer.over_socket(sock)
        assert "result" in peer.initialize(params(root=workspace, capabilities=CREATE_FILES))
        for arguments in (
            {"folderUri": outside.as_uri(), "name": "evil"},
            {"name": "../outside/evil"},
            {"folderUri": (workspace / "link").as_uri(), "name": "evil"},
            {"folderUri": "file:///etc", "name": "evil"},
        ):
            assert new_note(peer, arguments) is None
            shown(peer, "is outside the workspace folders: nothing created")
            peer.notifications.clear()
        assert peer.edits == []
    assert list(outside.iterdir()) == []
    assert [p.name for p in workspace.iterdir()] == ["link"]


def test_new_note_over_tcp_is_created_only_by_the_client(tmp_path: Path) -> None:
    with serving("--tcp") as served, connect(served.port) as sock:
        peer = Peer.over_socket(sock)
        assert "result" in peer.initialize(params(root=tmp_path, capabilities=CREATE_FILES))
        result = new_note(peer, {"name": "through-the-client"})
    target = tmp_path / "through-the-client.md"
    assert result == {"uri": target.as_uri(), "applied": True}
    (edit,) = peer.edits
    assert edit["documentChanges"][0] == {
        "kind": "create",
        "uri": target.as_uri(),
        "options": {"overwrite": False, "ignoreIfExists": False},
    }
    assert not target.exists(), "the server must not write the file itself"
    with serving("--tcp") as served, connect(served.port) as sock:
        peer = Peer.over_socket(sock)
        assert "result" in peer.initialize(params(root=tmp_path))
        assert new_note(peer, {"name": "by-the-server"}) is None
        shown(peer, "cannot create files through an edit: nothing created")
    assert list(tmp_path.iterdir()) == []
