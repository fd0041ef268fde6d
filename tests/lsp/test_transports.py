"""The server answers over TCP and WebSocket as well as stdio."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from .support import USER_SERVER

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"processId": None, "rootUri": None, "capabilities": {}},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(*flags: str) -> Iterator[int]:
    port = free_port()
    server = subprocess.Popen([*USER_SERVER, *flags, "--host", "127.0.0.1", "--port", str(port)])
    try:
        yield port
    finally:
        server.kill()
        server.wait(timeout=10)


def connect(port: int) -> socket.socket:
    """The first connection once the server listens (it serves one client)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_tcp_answers_initialize() -> None:
    with serving("--tcp") as port, connect(port) as sock:
        body = json.dumps(INITIALIZE).encode()
        sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        received = b""
        while b"serverInfo" not in received:
            chunk = sock.recv(65536)
            assert chunk, "the server closed the connection"
            received += chunk
    assert b'"name": "interview-notes"' in received or b'"name":"interview-notes"' in received


def test_websocket_answers_initialize() -> None:
    client = pytest.importorskip("websockets.sync.client")
    with serving("--ws") as port:
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = client.connect(f"ws://127.0.0.1:{port}", open_timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with connection:
            connection.send(json.dumps(INITIALIZE))
            answer = json.loads(connection.recv(timeout=10))
    assert answer["result"]["serverInfo"]["name"] == "interview-notes"
