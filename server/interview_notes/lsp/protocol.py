"""pygls's protocol with limits: every request gets an answer, and no frame is unbounded.

pygls reads a ``Content-Length`` header as any number of digits and allocates that much, and a
request whose params fail validation (a position of -1 or 2**31) raises inside ``json.loads``,
so it is logged and never answered. Both are handled here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from .pygls_internals import CancellableCommands, send_error, take_request_future

logger = logging.getLogger(__name__)

# Notes are text: a message over 64 MiB is a mistake or an attack, not a document.
MAX_CONTENT_LENGTH = 64 * 1024 * 1024
MAX_HEADER_LINE = 8 * 1024


class FramingError(Exception):
    """A header that cannot be trusted: the connection is closed rather than read on."""


class _Refused:
    """Stands for a message that could not be read; it was answered if it was a request."""

    jsonrpc = "refused"


REFUSED = _Refused()


async def read_frame(
    readline: Callable[[], Awaitable[bytes]], readexactly: Callable[[int], Awaitable[bytes]]
) -> bytes | None:
    """The next message body; ``None`` at the end of the input.

    Raises :class:`FramingError` for a ``Content-Length`` that is not a number or is over
    :data:`MAX_CONTENT_LENGTH`, and for a header line longer than :data:`MAX_HEADER_LINE`,
    before anything of that size is allocated.
    """
    length: int | None = None
    while True:
        line = await readline()
        if not line:
            return None
        if len(line) >= MAX_HEADER_LINE:
            raise FramingError(f"a header line is longer than {MAX_HEADER_LINE} bytes")
        if not line.endswith(b"\n"):
            return None
        text = line.strip()
        if not text:
            if length is None:
                continue
            body = await readexactly(length)
            return body if len(body) == length else None
        name, _, value = text.partition(b":")
        if name.strip().lower() != b"content-length":
            continue
        digits = value.strip()
        shown = digits[:32].decode("ascii", "replace")
        if not digits.isdigit():
            raise FramingError(f"Content-Length {shown!r} is not a number")
        if len(digits) > len(str(MAX_CONTENT_LENGTH)) or int(digits) > MAX_CONTENT_LENGTH:
            raise FramingError(f"Content-Length {shown} is over the {MAX_CONTENT_LENGTH} cap")
        length = int(digits)


def _reasons(error: BaseException) -> list[str]:
    """The innermost messages of a (cattrs) exception group: what was actually wrong."""
    inner = getattr(error, "exceptions", None)
    if inner:
        return [reason for each in inner for reason in _reasons(each)]
    return [str(error)]


def _message_id(data: dict[str, Any]) -> str | int | None:
    found = data.get("id")
    return found if isinstance(found, (str, int)) and not isinstance(found, bool) else None


class _NoDeserializeTraceback(logging.Filter):
    """pygls logs a full traceback for each message it cannot read; ``_refuse`` logs one line
    (or the traceback of an unexpected failure) instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unable to deserialize message")


_QUIET = _NoDeserializeTraceback()


class NotesProtocol(CancellableCommands):
    """Answers requests pygls cannot read instead of dropping them; cancelling a command's
    request cancels the command (see :class:`~.pygls_internals.CancellableCommands`)."""

    # Set by the TCP and WebSocket transports: then files are created only by the client.
    remote = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        logging.getLogger("pygls.protocol.json_rpc").addFilter(_QUIET)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            self._refuse(data, error)
            return REFUSED

    def _refuse(self, data: dict[str, Any], error: JsonRpcException) -> None:
        """Answer a request with the error; fail the wait on a response we cannot read."""
        method = data.get("method")
        msg_id = _message_id(data)
        cause = error.__cause__
        if isinstance(error, JsonRpcInvalidParams) and cause is not None:
            reasons = "; ".join(_reasons(cause))[:1000]
            error = JsonRpcInvalidParams(f"Invalid params for {method}: {reasons}")
        elif cause is not None:
            logger.error("cannot read a %r message", method, exc_info=cause)
        if method is not None and msg_id is not None:
            logger.warning("request %r (id %r) answered with: %s", method, msg_id, error.message)
            send_error(self, msg_id, error.to_response_error())
        elif method is None and msg_id is not None:
            future = take_request_future(self, msg_id)
            if future is not None and not future.done():
                future.set_exception(error)
        else:
            logger.warning("notification %r ignored: %s", method, error.message)

    def handle_message(self, message: Any) -> None:
        if message is REFUSED:
            return
        super().handle_message(message)
