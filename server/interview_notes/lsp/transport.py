"""The serving loops: stdio, and TCP and WebSocket for one client that presents the token.

pygls's ``start_tcp`` and ``start_ws`` accept anyone and stop the server when any connection
closes. Here a network client must first send ``initialize`` with the token (or, over
WebSocket, present it in the handshake); browsers' origins are refused unless allowed; one
client is served at a time and only its leaving stops the server. Every transport reads
frames through :func:`~.protocol.read_frame`, so an absurd ``Content-Length`` closes the
connection instead of allocating it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import sys
import threading
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter, WebSocketWriter

from .protocol import MAX_CONTENT_LENGTH, MAX_HEADER_LINE, FramingError, NotesProtocol, read_frame

if TYPE_CHECKING:
    from websockets.asyncio.server import ServerConnection
    from websockets.http11 import Request, Response

    from .server import NotesServer

logger = logging.getLogger(__name__)
# A client connects to send initialize at once; a silent connection is not kept waiting for.
FIRST_MESSAGE_TIMEOUT = 30.0
SERVER_NOT_INITIALIZED = -32002
INVALID_REQUEST = -32600


@dataclass
class Admission:
    """What the first message of a network connection decides: the ``initialize`` to pass
    on (token removed), or why not and the error answer to send before closing."""

    message: dict[str, Any] | None
    reason: str = ""
    reply: dict[str, Any] | None = None


class Gate:
    """Who may talk to the server: the token, the allowed origins, and the one client."""

    def __init__(self, token: str, origins: Sequence[str] = ()) -> None:
        self._token = token.encode("utf-8")
        self._origins = {origin.rstrip("/").lower() for origin in origins}
        self.active = False

    def token_matches(self, presented: object) -> bool:
        """Constant-time, so the token cannot be guessed a character at a time."""
        if not isinstance(presented, str):
            return False
        return hmac.compare_digest(presented.encode("utf-8", "surrogatepass"), self._token)

    def origin_allowed(self, origin: str) -> bool:
        return origin.rstrip("/").lower() in self._origins

    def admit(self, body: bytes | str, authorized: bool = False) -> Admission:
        """Only an ``initialize`` request carrying the token (unless the WebSocket handshake
        carried it) opens a session; the token is taken out so it is neither logged nor read
        as a setting."""
        try:
            message = json.loads(body)
        except ValueError:
            return Admission(None, "the first message is not JSON")
        if not isinstance(message, dict):
            return Admission(None, "the first message is not a JSON-RPC message")
        msg_id = message.get("id")
        request = "method" in message and isinstance(msg_id, (str, int))
        if message.get("method") != "initialize" or not request:
            refusal = "the first message must be initialize, with initializationOptions.token"
            reply = _error(msg_id, SERVER_NOT_INITIALIZED, refusal) if request else None
            return Admission(None, f"first message {message.get('method')!r}", reply)
        params = message.get("params")
        options = params.get("initializationOptions") if isinstance(params, dict) else None
        presented = options.pop("token", None) if isinstance(options, dict) else None
        if not authorized and not self.token_matches(presented):
            refusal = "initializationOptions.token is missing or wrong"
            return Admission(None, refusal, _error(msg_id, INVALID_REQUEST, refusal))
        if isinstance(params, dict) and options == {}:
            params["initializationOptions"] = None
        return Admission(message)


def _error(msg_id: Any, code: int, text: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": text}}


def _framed(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def dispatch(server: NotesServer, message: bytes | dict[str, Any]) -> None:
    """Hand one message to the protocol, as pygls's own loops do."""
    protocol = server.protocol
    try:
        if isinstance(message, dict):
            structured = protocol.structure_message(message)
        else:
            structured = json.loads(message, object_hook=protocol.structure_message)
        protocol.handle_message(structured)
    except json.JSONDecodeError as error:
        logger.warning("a message that is not JSON was ignored: %s", error)
    except Exception as error:
        logger.exception("Unable to handle message")
        with contextlib.suppress(Exception):
            server.report_server_error(error, JsonRpcException)


async def serve_stream(
    server: NotesServer,
    readline: Callable[[], Awaitable[bytes]],
    readexactly: Callable[[int], Awaitable[bytes]],
    stop: threading.Event | None = None,
) -> None:
    """Read and dispatch framed messages until the end of the input or a bad header."""
    while stop is None or not stop.is_set():
        try:
            body = await read_frame(readline, readexactly)
        except FramingError as error:
            logger.error("closing the connection: %s", error)
            return
        if body is None:
            return
        dispatch(server, body)


# stdio -------------------------------------------------------------------------------------
class _Stdin:
    """stdin read in a worker thread, with the header line length bounded."""

    def __init__(self, stream: IO[bytes], executor: ThreadPoolExecutor) -> None:
        self._stream = stream
        self._executor = executor

    def readline(self) -> Awaitable[bytes]:
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._executor, self._stream.readline, MAX_HEADER_LINE)

    def readexactly(self, count: int) -> Awaitable[bytes]:
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._executor, self._stream.read, count)


def serve_stdio(server: NotesServer) -> None:
    """pygls's ``start_io``, reading frames through :func:`read_frame`."""
    server.stop_event = stop = threading.Event()
    stdin = _Stdin(sys.stdin.buffer, server.thread_pool)
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    try:
        asyncio.run(serve_stream(server, stdin.readline, stdin.readexactly, stop))
    except BrokenPipeError:
        logger.error("The connection to the client is lost: stopping.")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


# TCP ---------------------------------------------------------------------------------------
def serve_tcp(server: NotesServer, host: str, port: int, gate: Gate) -> None:
    """Serve one authenticated client over TCP; return when it leaves."""
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        asyncio.run(_serve_tcp(server, host, port, gate))
    server.shutdown()


async def _serve_tcp(server: NotesServer, host: str, port: int, gate: Gate) -> None:
    finished = asyncio.Event()
    writers: set[asyncio.StreamWriter] = set()

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.add(writer)
        try:
            await _tcp_client(server, gate, reader, writer, finished)
        finally:
            writers.discard(writer)
            writer.close()

    listener = await asyncio.start_server(connection, host, port)
    _listening(server, listener, "TCP")
    try:
        await finished.wait()
    finally:
        listener.close()
        for writer in list(writers):
            writer.close()


async def _read_tcp_frame(reader: asyncio.StreamReader) -> bytes | None:
    async def readline() -> bytes:
        try:
            return await reader.readline()
        except ValueError as error:  # a line over the reader's limit
            raise FramingError("a header line is too long") from error

    async def readexactly(count: int) -> bytes:
        try:
            return await reader.readexactly(count)
        except asyncio.IncompleteReadError as error:
            return error.partial

    return await read_frame(readline, readexactly)


async def _tcp_client(
    server: NotesServer,
    gate: Gate,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    finished: asyncio.Event,
) -> None:
    peer = writer.get_extra_info("peername")
    if gate.active:
        logger.warning("connection from %s refused: another client is connected", peer)
        return
    try:
        first = await asyncio.wait_for(_read_tcp_frame(reader), FIRST_MESSAGE_TIMEOUT)
    except (FramingError, asyncio.TimeoutError, ConnectionError) as error:
        logger.warning("connection from %s closed before initialize: %r", peer, error)
        return
    if first is None:
        return
    admission = gate.admit(first)
    if admission.message is None or gate.active:
        reason = admission.reason or "another client is connected"
        logger.warning("connection from %s refused: %s", peer, reason)
        if admission.reply is not None:
            with contextlib.suppress(ConnectionError):
                writer.write(_framed(admission.reply))
                await asyncio.wait_for(writer.drain(), 5)
        return
    gate.active = True
    logger.info("client %s connected", peer)
    _bind(server, writer)
    try:
        dispatch(server, admission.message)
        while True:
            try:
                body = await _read_tcp_frame(reader)
            except FramingError as error:
                logger.error("closing the connection: %s", error)
                break
            except ConnectionError:
                break
            if body is None:
                break
            dispatch(server, body)
    except SystemExit:
        pass  # the client's `exit`: the session ends here rather than in asyncio's callback
    finally:
        logger.info("client %s left", peer)
        finished.set()


def _bind(server: NotesServer, writer: Any, include_headers: bool = True) -> None:
    """Messages go to this connection; files are created only by the client from now on."""
    protocol = server.protocol
    if isinstance(protocol, NotesProtocol):
        protocol.remote = True
    protocol.set_writer(writer, include_headers=include_headers)


def _listening(server: NotesServer, listener: Any, kind: str) -> None:
    """Keep the listener for the server's shutdown to close, and say where it listens."""
    server.listener = listener
    where = ", ".join(str(sock.getsockname()) for sock in listener.sockets)
    logger.info("serving on %s (%s)", where, kind)


# WebSocket ---------------------------------------------------------------------------------
def serve_ws(server: NotesServer, host: str, port: int, gate: Gate) -> None:
    """Serve one authenticated client over WebSocket; return when it leaves."""
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        asyncio.run(_serve_ws(server, host, port, gate))
    server.shutdown()


def _presented_token(request: Request) -> str | None:
    """The token from a ``token`` query parameter or an ``Authorization: Bearer`` header."""
    query = parse_qs(urlsplit(request.path).query)
    if query.get("token"):
        return query["token"][0]
    for value in request.headers.get_all("Authorization"):
        scheme, _, credentials = value.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
    return None


async def _serve_ws(server: NotesServer, host: str, port: int, gate: Gate) -> None:
    from websockets.asyncio.server import serve

    finished = asyncio.Event()
    authorized: set[ServerConnection] = set()
    listener = await serve(
        partial(_ws_session, server, gate, authorized, finished),
        host,
        port,
        process_request=partial(_check_handshake, gate, authorized),
        max_size=MAX_CONTENT_LENGTH,
    )
    _listening(server, listener, "WebSocket")
    try:
        await finished.wait()
    finally:
        listener.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(listener.wait_closed(), 2)


def _check_handshake(
    gate: Gate, authorized: set[ServerConnection], connection: ServerConnection, request: Request
) -> Response | None:
    """Refuse foreign browser pages, a second client and a wrong token before upgrading; a
    connection that presented the right token is remembered in ``authorized``."""
    peer = connection.remote_address
    for origin in request.headers.get_all("Origin"):
        if not gate.origin_allowed(origin):
            logger.warning("WebSocket from %s refused: Origin %r is not allowed", peer, origin)
            return connection.respond(HTTPStatus.FORBIDDEN, "Origin not allowed\n")
    if gate.active:
        logger.warning("WebSocket from %s refused: another client is connected", peer)
        return connection.respond(HTTPStatus.CONFLICT, "Another client is connected\n")
    presented = _presented_token(request)
    if presented is not None:
        if not gate.token_matches(presented):
            logger.warning("WebSocket from %s refused: wrong token", peer)
            return connection.respond(HTTPStatus.UNAUTHORIZED, "Wrong token\n")
        authorized.add(connection)
    return None


async def _ws_session(
    server: NotesServer,
    gate: Gate,
    authorized: set[ServerConnection],
    finished: asyncio.Event,
    websocket: ServerConnection,
) -> None:
    """One client: admitted by its first message, then served until it leaves."""
    from websockets.exceptions import ConnectionClosed

    try:
        first = await _ws_admission(gate, websocket, websocket in authorized)
    finally:
        authorized.discard(websocket)
    if first is None:
        return
    gate.active = True
    peer = websocket.remote_address
    logger.info("WebSocket client %s connected", peer)
    _bind(server, WebSocketWriter(websocket), include_headers=False)
    try:
        dispatch(server, first)
        while True:
            try:
                data = await websocket.recv(decode=False)
            except ConnectionClosed:
                break
            dispatch(server, data)
    finally:
        logger.info("WebSocket client %s left", peer)
        finished.set()


async def _ws_admission(
    gate: Gate, websocket: ServerConnection, authorized: bool
) -> dict[str, Any] | None:
    """The client's first message when the gate admits it; ``None`` when the connection was
    refused (and closed, with the reason)."""
    from websockets.exceptions import ConnectionClosed

    peer = websocket.remote_address
    if gate.active:
        await websocket.close(1013, "another client is connected")
        return None
    try:
        first = await asyncio.wait_for(websocket.recv(decode=False), FIRST_MESSAGE_TIMEOUT)
    except (asyncio.TimeoutError, ConnectionClosed):
        await websocket.close(1008, "no initialize")
        return None
    admission = gate.admit(first, authorized)
    if admission.message is None or gate.active:
        reason = admission.reason or "another client is connected"
        logger.warning("WebSocket from %s refused: %s", peer, reason)
        if admission.reply is not None:
            with contextlib.suppress(ConnectionClosed):
                await websocket.send(json.dumps(admission.reply))
        await websocket.close(1008, reason[:100])
        return None
    return admission.message
