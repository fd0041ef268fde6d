"""The server answers over TCP and WebSocket as well as stdio.

The helpers here (a raw JSON-RPC peer over a socket or pipes, a server subprocess on a free
port) are shared with test_auth and test_protocol_limits: every read has a deadline, so a
server that never answers fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from .support import USER_SERVER

TOKEN = "token-for-the-tests"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "processId": None,
        "rootUri": None,
        "capabilities": {},
        "initializationOptions": {"token": TOKEN},
    },
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A server subprocess listening on ``port``; its stderr goes to ``log``."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.stderr():
            assert time.monotonic() < deadline, f"{text!r} never logged:\n{self.stderr()}"
            time.sleep(0.05)
        return self.stderr()


@contextmanager
def serving(*flags: str, token: str | None = TOKEN, log: Path | None = None) -> Iterator[Served]:
    """The server on a free 127.0.0.1 port with ``INTERVIEW_NOTES_TOKEN`` (unset if ``None``)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "INTERVIEW_NOTES_TOKEN"}
    if token is not None:
        env["INTERVIEW_NOTES_TOKEN"] = token
    with tempfile.TemporaryDirectory() as folder:
        log = log or Path(folder) / "server.log"
        with log.open("wb") as errors:
            server = subprocess.Popen(
                [*USER_SERVER, *flags, "--host", "127.0.0.1", "--port", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=env,
            )
        try:
            yield Served(server, port, log)
        finally:
            server.kill()
            server.wait(timeout=10)


def connect(port: int) -> socket.socket:
    """A connection once the server listens."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class Peer:
    """A raw JSON-RPC client: answers the server's requests, keeps its notifications."""

    def __init__(self, write: Callable[[bytes], None], recv: Callable[[float], bytes]) -> None:
        self._write = write
        self._recv = recv
        self._buffer = b""
        self._next_id = 100
        self.notifications: list[dict[str, Any]] = []
        self.edits: list[dict[str, Any]] = []

    @classmethod
    def over_socket(cls, sock: socket.socket) -> Peer:
        def recv(timeout: float) -> bytes:
            sock.settimeout(max(timeout, 0.001))
            try:
                return sock.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                return b""

        return cls(sock.sendall, recv)

    @classmethod
    def over_pipes(cls, process: subprocess.Popen[bytes]) -> Peer:
        stdin: IO[bytes] | None = process.stdin
        stdout: IO[bytes] | None = process.stdout
        assert stdin is not None and stdout is not None

        def write(data: bytes) -> None:
            stdin.write(data)
            stdin.flush()

        def recv(timeout: float) -> bytes:
            ready, _, _ = select.select([stdout], [], [], max(timeout, 0))
            if not ready:
                raise TimeoutError
            return os.read(stdout.fileno(), 65536)

        return cls(write, recv)

    def send(self, message: dict[str, Any]) -> None:
        self._write(frame(message))

    def send_raw(self, data: bytes) -> None:
        self._write(data)

    def receive(self, timeout: float = 10) -> dict[str, Any] | None:
        """The next message; ``None`` when the server closed the connection."""
        deadline = time.monotonic() + timeout
        while True:
            head, found, rest = self._buffer.partition(b"\r\n\r\n")
            if found:
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                if len(rest) >= length:
                    self._buffer = rest[length:]
                    return dict(json.loads(rest[:length]))
            chunk = self._recv(deadline - time.monotonic())
            if not chunk:
                return None
            self._buffer += chunk

    def request(self, method: str, params: Any, timeout: float = 10) -> dict[str, Any]:
        """The server's response (result or error) to one request."""
        self._next_id += 1
        msg_id = self._next_id
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self.receive(deadline - time.monotonic())
            assert message is not None, f"the server closed the connection; asked {method}"
            if message.get("id") == msg_id and "method" not in message:
                return message
            self._take(message)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def initialize(self, params: dict[str, Any], timeout: float = 10) -> dict[str, Any]:
        answer = self.request("initialize", params, timeout)
        if "result" in answer:
            self.notify("initialized", {})
        return answer

    def wait_for(
        self, method: str, matches: Callable[[Any], bool] = bool, timeout: float = 10
    ) -> Any:
        """The params of the first ``method`` notification whose params match."""
        deadline = time.monotonic() + timeout
        while True:
            for note in self.notifications:
                if note["method"] == method and matches(note["params"]):
                    return note["params"]
            message = self.receive(deadline - time.monotonic())
            assert message is not None, f"the server closed the connection; waited for {method}"
            self._take(message)

    def closed(self, timeout: float = 5) -> bool:
        """Whether the server closes the connection within ``timeout`` (reading what comes)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.receive(deadline - time.monotonic())
            except (TimeoutError, OSError):
                return False
            if message is None:
                return True
            self._take(message)
        return False

    def _take(self, message: dict[str, Any]) -> None:
        if "method" not in message:
            return
        if "id" not in message:
            self.notifications.append(message)
            return
        params = message.get("params") or {}
        result: Any = None
        if message["method"] == "workspace/applyEdit":
            self.edits.append(params["edit"])
            result = {"applied": True}
        elif message["method"] == "workspace/configuration":
            result = [None for _ in params.get("items", [])]
        with suppress(OSError):
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})


def ws_connect(port: int, query: str = "", **options: Any) -> Any:
    """A WebSocket connection once the server listens; refusals raise at once."""
    client = pytest.importorskip("websockets.sync.client")
    deadline = time.monotonic() + 20
    while True:
        try:
            return client.connect(f"ws://127.0.0.1:{port}/{query}", open_timeout=5, **options)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_tcp_answers_initialize() -> None:
    with serving("--tcp") as served, connect(served.port) as sock:
        answer = Peer.over_socket(sock).request("initialize", INITIALIZE["params"])
    assert answer["result"]["serverInfo"]["name"] == "interview-notes"


def test_websocket_answers_initialize() -> None:
    with serving("--ws") as served, ws_connect(served.port) as connection:
        connection.send(json.dumps(INITIALIZE))
        answer = json.loads(connection.recv(timeout=10))
    assert answer["result"]["serverInfo"]["name"] == "interview-notes"
