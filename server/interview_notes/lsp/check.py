"""``interviewNotes.checkWorkspace``: every note of the workspace checked, for every client.

Most clients never pull ``workspace/diagnostic``, so closed notes would stay invisible to them.
The check pushes the diagnostics of closed notes (to pulling clients too: open documents keep
their own); diagnostics.py clears a note's when it is opened and pushes them again from disk
when it is closed. Progress goes out as work-done progress, which the user can cancel.
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import Future
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import from_fs_path

from ..status import percent_of
from .diagnostics import closed_json, note_files, publish
from .server import NotesServer

CHECK_WORKSPACE = "interviewNotes.checkWorkspace"
TITLE = "Checking interview notes"


class Progress:
    """Work-done progress when the client shows it; nothing otherwise. ``cancelled`` says
    whether the user asked to stop."""

    def __init__(self, ls: NotesServer) -> None:
        self._ls = ls
        self._token: str | None = None
        self._stop: Future[Any] | None = None
        self._percent = -1

    async def begin(self, total: int) -> None:
        if not get_capability(self._ls.client_capabilities, "window.work_done_progress", False):
            return
        token = f"interview-notes-check-{uuid.uuid4()}"
        progress = self._ls.work_done_progress
        try:
            await progress.create_async(token)
        except Exception as error:
            self._ls.log(f"no progress for the workspace check: {error!r}", types.MessageType.Info)
            return
        self._token = token
        self._stop = progress.tokens.get(token)
        progress.begin(
            token,
            types.WorkDoneProgressBegin(
                title=TITLE, cancellable=True, message=f"0/{total} notes", percentage=0
            ),
        )

    @property
    def cancelled(self) -> bool:
        return self._stop is not None and self._stop.cancelled()

    def report(self, done: int, total: int) -> None:
        """Said at most once per percent: 1,000 notes make 100 messages, not 1,000."""
        percent = percent_of(done, total)
        if self._token is None or percent == self._percent:
            return
        self._percent = percent
        self._ls.work_done_progress.report(
            self._token,
            types.WorkDoneProgressReport(message=f"{done}/{total} notes", percentage=percent),
        )

    def end(self, message: str) -> None:
        if self._token is None:
            return
        progress = self._ls.work_done_progress
        progress.end(self._token, types.WorkDoneProgressEnd(message=message))
        progress.tokens.pop(self._token, None)
        self._token = None


async def check_workspace(ls: NotesServer, *args: Any) -> dict[str, Any]:
    """Check every note of the workspace folders; one check at a time, a new one replacing
    the one under way. Returns ``{"notes": n, "findings": m, "cancelled": bool}``."""
    previous = ls.checking
    if previous is not None and not previous.done():
        previous.cancel()
        await asyncio.wait({previous})
    task = asyncio.get_running_loop().create_task(_check(ls))
    ls.checking = task
    # Awaited through wait(): a cancelled request cancels the check, which then ends its
    # progress and answers with what it did.
    try:
        await asyncio.wait({task})
    except asyncio.CancelledError:
        task.cancel()
        raise
    finally:
        if ls.checking is task and task.done():
            ls.checking = None
    return task.result()


async def _check(ls: NotesServer) -> dict[str, Any]:
    progress = Progress(ls)
    notes = findings = 0
    published: set[str] = set()
    cancelled = False
    try:
        paths = await asyncio.to_thread(note_files, ls)
        total = len(paths)
        await progress.begin(total)
        codec = ls.workspace.position_codec
        limit = ls.settings.max_document_size
        for done, path in enumerate(paths, start=1):
            if progress.cancelled or ls.shut_down:
                cancelled = True
                break
            uri = from_fs_path(str(path))
            if uri is not None:
                found = await _one(ls, uri, path, codec, limit)
                if found is not None:
                    notes += 1
                    findings += found
                    if ls.document(uri) is None:
                        published.add(unquote(uri))
            progress.report(done, total)
    except asyncio.CancelledError:
        cancelled = True
    if not cancelled:
        # Notes checked before and gone since (deleted, renamed, excluded): nothing left.
        for key in set(ls.checked) - published:
            if ls.document(key) is None:
                publish(ls, ls.checked.pop(key), None, [])
    summary = f"{notes} notes, {findings} findings"
    progress.end(f"Cancelled after {summary}" if cancelled else summary)
    return {"notes": notes, "findings": findings, "cancelled": cancelled}


async def _one(ls: NotesServer, uri: str, path: Any, codec: Any, limit: int) -> int | None:
    """The number of findings of one note, its diagnostics pushed when it is closed; ``None``
    for what is not checked (unreadable, too large)."""
    if ls.document(uri) is not None:
        analysis = await ls.analysed(uri)
        return None if analysis is None else len(analysis.findings)
    read = await ls.off_loop(closed_json, ls.analyzer(), codec, path, limit)
    if read is None:
        return None
    checked, items = read
    if ls.document(uri) is None:
        publish(ls, uri, None, items)
        ls.checked[unquote(uri)] = uri
    return len(checked.findings)


def on_startup(ls: NotesServer) -> None:
    """Run the check in the background when ``checkWorkspaceOnStartup`` asks for it."""
    if not ls.settings.check_workspace_on_startup or ls.root is None:
        return
    task = asyncio.get_running_loop().create_task(check_workspace(ls))
    task.add_done_callback(lambda done: _report(ls, done))


def _report(ls: NotesServer, task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        ls.log(f"workspace check failed: {error!r}")


def register(ls: NotesServer) -> None:
    ls.command(CHECK_WORKSPACE)(check_workspace)
