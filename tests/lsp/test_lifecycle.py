"""The process: version, serverInfo, and leaving promptly however the client goes away."""

from __future__ import annotations

import json
import subprocess
import time
from typing import IO, Any

from .support import USER_SERVER

INITIALIZE: dict[str, Any] = {"processId": None, "rootUri": None, "capabilities": {}}


def frame(method: str, params: object, request_id: int | None = None) -> bytes:
    message: dict[str, object] = {"jsonrpc": "2.0", "method": method, "params": params}
    if request_id is not None:
        message["id"] = request_id
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_message(stream: IO[bytes]) -> dict[str, Any]:
    length = 0
    while (line := stream.readline().strip()) != b"":
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def spawn() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        USER_SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )


def initialized(server: subprocess.Popen[bytes]) -> dict[str, Any]:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(frame("initialize", INITIALIZE, 1))
    server.stdin.flush()
    answer = read_message(server.stdout)
    server.stdin.write(frame("initialized", {}))
    server.stdin.flush()
    return answer


def test_version_is_instant() -> None:
    started = time.monotonic()
    done = subprocess.run([*USER_SERVER, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("interview-notes ")
    assert time.monotonic() - started < 2


def test_server_info_and_exit_after_shutdown() -> None:
    server = spawn()
    answer = initialized(server)
    result = answer["result"]
    assert isinstance(result, dict)
    assert result["serverInfo"]["name"] == "interview-notes"
    commands = result["capabilities"]["executeCommandProvider"]["commands"]
    assert set(commands) == {
        "interviewNotes.checkWorkspace",
        "interviewNotes.insertTemplate",
        "interviewNotes.newNote",
        "interviewNotes.nextEmptySlot",
    }
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(frame("shutdown", None, 2))
    server.stdin.flush()
    read_message(server.stdout)
    server.stdin.write(frame("exit", None))
    server.stdin.flush()
    assert server.wait(timeout=5) == 0


def test_exit_without_shutdown_leaves_at_once_with_an_error_code() -> None:
    server = spawn()
    initialized(server)
    assert server.stdin is not None
    server.stdin.write(frame("exit", None))
    server.stdin.flush()
    assert server.wait(timeout=5) == 1
    server.stdin.close()


def test_end_of_input_stops_the_server() -> None:
    server = spawn()
    initialized(server)
    assert server.stdin is not None
    server.stdin.close()
    assert server.wait(timeout=5) == 1
