"""Malformed framing closes the connection cleanly; out-of-range positions are answered."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from .support import USER_SERVER
from .test_transports import INITIALIZE, TOKEN, Peer, connect, serving

INVALID_PARAMS = -32602
ABSURD = {
    "huge": b"Content-Length: 100000000000\r\n\r\n{}",
    "not-a-number": b"Content-Length: 12ab\r\n\r\n{}",
    "5000-digits": b"Content-Length: " + b"9" * 5000 + b"\r\n\r\n{}",
    "endless-header-line": b"Content-Type: " + b"x" * 100_000,
}


@contextmanager
def stdio_server(log: Path) -> Iterator[tuple[subprocess.Popen[bytes], Peer]]:
    with log.open("wb") as errors:
        server = subprocess.Popen(
            USER_SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
        )
    try:
        yield server, Peer.over_pipes(server)
    finally:
        server.kill()
        server.wait(timeout=10)


def initialize(peer: Peer, root: Path) -> None:
    params: dict[str, Any] = {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
    assert "result" in peer.initialize(params)


@pytest.mark.parametrize("header", ABSURD.values(), ids=ABSURD.keys())
def test_an_absurd_header_on_stdio_ends_the_server_cleanly(tmp_path: Path, header: bytes) -> None:
    log = tmp_path / "server.log"
    with stdio_server(log) as (server, peer):
        initialize(peer, tmp_path)
        started = time.monotonic()
        with suppress(BrokenPipeError):  # the server may stop reading mid-line
            peer.send_raw(header)
        server.wait(timeout=5)
        assert time.monotonic() - started < 5
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "closing the connection: " in text
    assert "Content-Length" in text or "header line is longer" in text
    assert "Traceback" not in text


def test_an_absurd_content_length_over_tcp_closes_that_connection(tmp_path: Path) -> None:
    with serving("--tcp") as served:
        with connect(served.port) as sock:
            stranger = Peer.over_socket(sock)
            stranger.send_raw(b"Content-Length: 100000000000\r\n\r\n")
            assert stranger.closed()
        assert served.process.poll() is None, "a stranger's bad frame must not stop the server"
        with connect(served.port) as sock:
            editor = Peer.over_socket(sock)
            assert "result" in editor.request("initialize", INITIALIZE["params"])
            editor.send_raw(b"Content-Length: 100000000000\r\n\r\n")
            assert editor.closed()
        served.process.wait(timeout=10)
        text = served.stderr()
    assert text.count("closing the connection: Content-Length") == 1
    assert "Traceback" not in text
    assert TOKEN not in text


def hover(line: int, character: int, uri: str) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def test_positions_outside_the_protocols_range_get_an_error_answer(tmp_path: Path) -> None:
    uri = (tmp_path / "note.md").as_uri()
    with stdio_server(tmp_path / "server.log") as (server, peer):
        initialize(peer, tmp_path)
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": "# Notes\n"}
        peer.notify("textDocument/didOpen", {"textDocument": item})
        for line, character in ((-1, 0), (0, 2**31), (2**31, 0), (0, -1)):
            started = time.monotonic()
            answer = peer.request("textDocument/hover", hover(line, character, uri), timeout=1)
            assert answer["error"]["code"] == INVALID_PARAMS, answer
            assert "position" in answer["error"]["message"].lower()
            assert time.monotonic() - started < 1
        start, end = {"line": -1, "character": 0}, {"line": 0, "character": 0}
        bad_change = {"range": {"start": start, "end": end}, "text": "x"}
        peer.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [bad_change]},
        )
        answer = peer.request("textDocument/hover", hover(0, 2, uri), timeout=5)
        assert "result" in answer, "the server goes on after malformed messages"
        assert server.poll() is None
