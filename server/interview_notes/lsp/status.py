"""``interviewNotes/workspaceStatus``: how complete every note of the workspace is, for an
editor's overview; the rows and totals of ``interview-notes status --format json``.

Open documents count with the editor's text, unsaved edits included; closed notes are read
from disk and analysed in a worker thread, a few at a time, so the event loop keeps answering
(and a cancelled request stops within a few files).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Analysis
from ..status import SORTS, NoteStatus, note_status, sort_statuses, totals
from .convert import client_column, param
from .diagnostics import note_files, read_closed_note
from .server import NotesServer

WORKSPACE_STATUS = "interviewNotes/workspaceStatus"
JSON = dict[str, Any]
# Closed files read and analysed per call to a worker thread: a few milliseconds each, so a
# call takes some tens of milliseconds and a cancelled request stops soon.
CLOSED_PER_CALL = 8


@dataclass(frozen=True)
class Row:
    """One file's status (``None`` when it is not a note) and its first empty slot's range
    in the client's units, converted where the file's lines are at hand."""

    uri: str
    status: NoteStatus | None
    next: JSON | None


def _row(
    codec: PositionCodec, uri: str, name: str, modified: float | None, analysis: Analysis
) -> Row:
    status = note_status(name, analysis, modified)
    empty = status.first_empty if status is not None else None
    if empty is None:
        return Row(uri, status, None)
    lines = analysis.note.source.lines
    character = client_column(codec.encoding, lines, empty.line, empty.column)
    at = {"line": empty.line, "character": character}
    found = {"label": empty.label, "section": empty.section, "range": {"start": at, "end": at}}
    return Row(uri, status, found)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _closed_row(
    codec: PositionCodec,
    uri: str,
    name: str,
    path: Path,
    analyze: Callable[[str], Analysis],
    limit: int,
) -> Row | None:
    """A closed file read from disk and analysed (in a worker thread); ``None`` when it
    cannot be read or is too large to check, as in ``workspace/diagnostic``."""
    modified = _mtime(path)
    text = read_closed_note(path, limit)
    if text is None:
        return None
    return _row(codec, uri, name, modified, analyze(text))


def _closed_rows(
    codec: PositionCodec,
    files: Sequence[tuple[str, str, Path]],
    analyze: Callable[[str], Analysis],
    limit: int,
) -> list[Row | None]:
    return [_closed_row(codec, uri, name, path, analyze, limit) for uri, name, path in files]


async def _open_row(
    ls: NotesServer, codec: PositionCodec, uri: str, name: str, path: Path
) -> Row | None:
    """An open document's row from its current analysis (the editor's text); the date is
    the file's on disk."""
    modified = await asyncio.to_thread(_mtime, path)
    return await ls.with_analysis(uri, partial(_row, codec, uri, name, modified))


def _shown(path: Path, roots: Sequence[Path]) -> str:
    """The path relative to its workspace folder; with several folders, under the folder's
    name, as editors show it."""
    for root in roots:
        try:
            relative = path.relative_to(root).as_posix()
        except ValueError:
            continue
        return f"{root.name}/{relative}" if len(roots) > 1 else relative
    return str(path)


def _sort(params: Any) -> str:
    chosen = param(params, "sort")
    return chosen if chosen in SORTS else "completeness"


async def workspace_status(ls: NotesServer, params: Any = None) -> JSON:
    """``{notes: [...], totals: {...}}``, sorted by ``params.sort`` (``completeness``,
    ``date`` or ``path``); files that are not notes are counted in ``totals.files`` only."""
    order = _sort(params)
    paths = await asyncio.to_thread(note_files, ls)
    roots = ls.roots()
    codec = ls.workspace.position_codec
    analyze = ls.analyzer()
    limit = ls.settings.max_document_size
    rows: list[Row] = []
    closed: list[tuple[str, str, Path]] = []

    async def read_closed() -> None:
        """Closed files in one worker-thread call per few files: each call costs the event
        loop a wake-up, which one file alone does not pay for."""
        if closed:
            found = await ls.off_loop(_closed_rows, codec, list(closed), analyze, limit)
            rows.extend(row for row in found if row is not None)
            closed.clear()

    for path in paths:
        uri = from_fs_path(str(path))
        if uri is None:
            continue
        name = _shown(path, roots)
        if ls.document(uri) is None:
            closed.append((uri, name, path))
            if len(closed) >= CLOSED_PER_CALL:
                await read_closed()
            continue
        await read_closed()
        row = await _open_row(ls, codec, uri, name, path)
        if row is not None:
            rows.append(row)
    await read_closed()
    notes = {id(row.status): row for row in rows if row.status is not None}
    ordered = sort_statuses([row.status for row in rows if row.status is not None], order)
    summed = totals(ordered, len(rows))
    return {
        "notes": [_json(notes[id(status)], status) for status in ordered],
        "totals": summed.as_json(),
    }


def _json(row: Row, status: NoteStatus) -> JSON:
    return {"uri": row.uri, **status.as_json(0, next=row.next)}


def register(ls: NotesServer) -> None:
    # No document is named, so the feature wrapper awaits no analysis before the handler;
    # open documents are awaited one by one inside it.
    ls.feature(WORKSPACE_STATUS)(workspace_status)
