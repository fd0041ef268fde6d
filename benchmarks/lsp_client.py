"""A minimal JSON-RPC-over-stdio client that sees a language server as an editor does."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

Message = dict[str, Any]

CLIENT_CAPABILITIES: Message = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {
            "versionSupport": True,
            "relatedInformation": True,
            "codeDescriptionSupport": True,
            "tagSupport": {"valueSet": [1, 2]},
        },
    },
    "workspace": {"configuration": True, "workspaceFolders": True},
    "window": {"workDoneProgress": True},
}

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerError(RuntimeError):
    """The server exited, timed out or answered with an error."""


class LspClient:
    """Speaks LSP with one server process over its stdin and stdout."""

    def __init__(self, argv: list[str], cwd: Path, stderr: IO[bytes]) -> None:
        self.spawned_ns = time.perf_counter_ns()
        self.process = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in = self.process.stdin.fileno()
        self._out = self.process.stdout.fileno()
        self._buffer = bytearray()
        self._buffer_read_ns = 0
        self._next_id = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, message: Message) -> int:
        """Write one message; return the time just before the write, in ns."""
        body = json.dumps({"jsonrpc": "2.0", **message}, separators=(",", ":")).encode()
        data = b"Content-Length: %d\r\n\r\n%b" % (len(body), body)
        started = time.perf_counter_ns()
        view = memoryview(data)
        while view:
            view = view[os.write(self._in, view) :]
        return started

    def notify(self, method: str, params: Message) -> int:
        return self.send({"method": method, "params": params})

    def request(self, method: str, params: Message | None, timeout: float) -> tuple[Any, int]:
        """Send a request; return its result and the time its response was read."""
        self._next_id += 1
        request_id = self._next_id
        self.send({"id": request_id, "method": method, "params": params})
        response, arrived = self.wait_for(
            lambda m: m.get("id") == request_id and "method" not in m, timeout
        )
        if "error" in response:
            raise ServerError(f"{method}: {response['error']}")
        return response.get("result"), arrived

    def wait_for(self, wanted: Callable[[Message], bool], timeout: float) -> tuple[Message, int]:
        """Read until a message satisfies `wanted`, answering the server's requests meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            message, arrived = self._read(deadline)
            if "method" in message and "id" in message:
                self._answer(message)
            elif wanted(message):
                return message, arrived

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server has used so far."""
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_kib(self) -> int:
        """The server's peak resident set size (VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise ServerError("no VmHWM in /proc status")

    def close(self, timeout: float = 5.0) -> None:
        """Shut the server down politely, then by force if it does not exit."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout)
                self.notify("exit", {})
                self.process.wait(timeout)
        except (ServerError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            for pipe in (self.process.stdin, self.process.stdout):
                if pipe is not None:
                    pipe.close()

    def _answer(self, request: Message) -> None:
        method = request["method"]
        result: Any = None
        if method == "workspace/configuration":
            result = [None for _ in request["params"]["items"]]
        elif method == "workspace/applyEdit":
            result = {"applied": True}
        self.send({"id": request["id"], "result": result})

    def _read(self, deadline: float) -> tuple[Message, int]:
        while True:
            message = self._parse_buffered()
            if message is not None:
                return message, self._buffer_read_ns
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ServerError("timed out waiting for the server")
            ready, _, _ = select.select([self._out], [], [], remaining)
            if ready:
                chunk = os.read(self._out, 1 << 20)
                if not chunk:
                    raise ServerError(f"server exited with code {self.process.wait()}")
                self._buffer += chunk
                self._buffer_read_ns = time.perf_counter_ns()

    def _parse_buffered(self) -> Message | None:
        header_end = self._buffer.find(b"\r\n\r\n")
        if header_end < 0:
            return None
        length = content_length(bytes(self._buffer[:header_end]))
        body_start = header_end + 4
        if len(self._buffer) < body_start + length:
            return None
        body = bytes(self._buffer[body_start : body_start + length])
        del self._buffer[: body_start + length]
        message: Message = json.loads(body)
        return message


def content_length(header: bytes) -> int:
    for line in header.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise ServerError(f"not an LSP header on the server's stdout: {header[:200]!r}")
