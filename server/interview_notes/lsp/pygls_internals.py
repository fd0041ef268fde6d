"""Every use of a private name of pygls, in one place, each checked against pygls 2.1.1.

pygls offers no public way to do a few things the server needs: apply a document change as
the protocol counts lines, build documents of our own class, send JSON encoded in pieces, answer a
request it could not read, cancel a command along with its request, and stop without joining
its threads. Each is done here, next to why; nothing else in the server names a private
attribute of pygls. ``tests/lsp/test_pygls_internals.py`` fails, naming the internal, when a
pygls release changes one of them: read this module again before raising the pinned version.
"""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import Future
from typing import Any, ClassVar

from lsprotocol import types
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol
from pygls.server import JsonRPCServer
from pygls.workspace import TextDocument, Workspace

# The pygls release every use below was read against.
CHECKED_AGAINST = "2.1.1"


# documents -------------------------------------------------------------------------------
class EditableDocument(TextDocument):
    """A pygls document whose incremental changes :meth:`changed_text` applies."""

    def changed_text(self, change: types.TextDocumentContentChangePartial) -> str:
        """The document's text with ``change`` applied."""
        raise NotImplementedError

    # pygls 2.1.1: ``TextDocument.apply_change`` hands a ranged change, under incremental
    # sync, to ``_apply_incremental_change(change)``, whose own line splitting
    # (``str.splitlines``) breaks at more than the protocol's CRLF, CR and LF. The text is
    # kept in ``_source`` (``source`` is a read-only property), with no public setter.
    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        self._source = self.changed_text(change)


class DocumentWorkspace(Workspace):
    """A pygls workspace whose documents are of :attr:`document_class`."""

    document_class: ClassVar[type[TextDocument]] = TextDocument

    # pygls 2.1.1: ``put_text_document`` and ``get_text_document`` build every document
    # through ``_create_text_document(doc_uri, source, version, language_id)``; the sync
    # kind the document needs is kept in ``_sync_kind`` only.
    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return self.document_class(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self.position_codec,
        )


def adopt_workspace(workspace: Workspace, cls: type[DocumentWorkspace]) -> None:
    """Make the workspace pygls built a ``cls``, its state kept.

    pygls 2.1.1 builds a plain ``Workspace`` in ``LanguageServerProtocol.lsp_initialize``,
    just before the server's initialize handler runs, and takes no factory for it; only
    its class can be changed, before any document is opened."""
    if type(workspace) is Workspace:
        workspace.__class__ = cls


# messages --------------------------------------------------------------------------------
def send_encoded(protocol: JsonRPCProtocol, body: str) -> None:
    """Send a message already encoded as JSON text.

    pygls 2.1.1: ``JsonRPCProtocol._send_data`` frames a message with a ``Content-Length``
    and ``Content-Type`` header when ``protocol._include_headers`` is set (not over
    WebSocket), encodes it in ``protocol.CHARSET`` and writes it to ``protocol.writer``,
    scheduling the write when it is awaitable; this does the same for a body built from
    pieces encoded once (the diagnostics of unchanged findings), which ``_send_data`` would
    encode again from objects."""
    writer = protocol.writer
    if writer is None:
        return
    payload = body.encode(protocol.CHARSET)
    if protocol._include_headers:
        header = (
            f"Content-Length: {len(payload)}\r\n"
            f"Content-Type: {protocol.CONTENT_TYPE}; charset={protocol.CHARSET}\r\n\r\n"
        )
        payload = header.encode(protocol.CHARSET) + payload
    written = writer.write(payload)
    if inspect.isawaitable(written):
        task = asyncio.ensure_future(written)
        _writing.add(task)
        task.add_done_callback(_writing.discard)


# Writes scheduled on the loop, kept until done (the loop holds only weak references).
_writing: set[asyncio.Future[Any]] = set()


def send_error(protocol: JsonRPCProtocol, msg_id: str | int, error: types.ResponseError) -> None:
    """Answer request ``msg_id`` with ``error``.

    pygls 2.1.1: ``JsonRPCProtocol._send_response(msg_id, result, error)`` is how pygls
    answers; a request it could not read has no handler whose failure would answer it."""
    protocol._send_response(msg_id, None, error)


def take_request_future(protocol: JsonRPCProtocol, msg_id: str | int) -> Future[Any] | None:
    """The future waiting for the response to our request ``msg_id``, no longer waited on.

    pygls 2.1.1: ``JsonRPCProtocol._request_futures`` maps the id of every request in
    flight, the client's and ours, to its future; a response pygls cannot read would leave
    the wait for it hanging."""
    return protocol._request_futures.pop(msg_id, None)


class CancellableCommands(LanguageServerProtocol):
    """Cancelling a ``workspace/executeCommand`` request cancels the command's handler."""

    # pygls 2.1.1: ``lsp_workspace__execute_command`` is a generator that yields the
    # command's handler; ``_run_generator(future, *, gen, result_future)`` runs it through
    # ``_execute_handler`` as a request of its own, under a new id in ``_request_futures``,
    # which ``$/cancelRequest`` for the executeCommand request never reaches. The handler's
    # task is the one entry that call adds.
    def _run_generator(
        self, future: Future[Any] | None, *, gen: Any, result_future: Future[Any]
    ) -> None:
        before = set(self._request_futures)
        super()._run_generator(future, gen=gen, result_future=result_future)
        started = [found for key, found in self._request_futures.items() if key not in before]
        if started:
            inner = started[-1]
            result_future.add_done_callback(lambda done: done.cancelled() and inner.cancel())


# stopping --------------------------------------------------------------------------------
def stop_thread_pool(server: JsonRPCServer) -> None:
    """Shut down pygls's thread pool, if it was made, without joining its threads.

    pygls 2.1.1: ``JsonRPCServer.shutdown`` waits for the pool (the stdin reader blocks
    there until the client's EOF), and the public ``thread_pool`` property would make a pool
    only to stop it; the pool is kept in ``_thread_pool``."""
    pool = server._thread_pool
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
