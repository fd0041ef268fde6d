"""``interviewNotes/emptySlots``: one note's sections, how far each is filled, and where its
empty slots are, for an editor's tree of the notes (expanded one note at a time).

An open document answers with the editor's text, unsaved edits included; a closed note is
read from disk and analysed in a worker thread, as ``interviewNotes/workspaceStatus`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pygls.uris import to_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Analysis
from ..status import percent_of, slots_by_section
from .convert import param, range_json, range_to_client_units
from .diagnostics import read_closed_note
from .server import NotesServer

EMPTY_SLOTS = "interviewNotes/emptySlots"
JSON = dict[str, Any]


def _answer(codec: PositionCodec, uri: str, analysis: Analysis | None) -> JSON:
    """``{uri, sections: [{name, line, filled, total, percent, missing, interview, slots}]}``;
    the slots are the empty ones, each with its label and its caret in the client's units."""
    if analysis is None:
        return {"uri": uri, "sections": []}
    lines = analysis.note.source.lines
    return {
        "uri": uri,
        "sections": [
            {
                "name": section.name,
                "line": section.line,
                "filled": section.filled,
                "total": section.total,
                "percent": percent_of(section.filled, section.total),
                "missing": section.missing,
                "interview": section.interview,
                "slots": [
                    {
                        "label": slot.label,
                        "range": range_json(range_to_client_units(codec, lines, slot.caret)),
                    }
                    for slot in section.empty
                ],
            }
            for section in slots_by_section(analysis)
        ],
    }


def _closed(
    codec: PositionCodec, uri: str, path: Path, analyze: Callable[[str], Analysis], limit: int
) -> JSON:
    """A closed note read from disk and analysed (in a worker thread); no section when it
    cannot be read or is too large to check."""
    text = read_closed_note(path, limit)
    if text is None:
        return _answer(codec, uri, None)
    return _answer(codec, uri, analyze(text))


def _uri(params: Any) -> str | None:
    uri = param(params, "uri")
    return uri if isinstance(uri, str) else None


async def empty_slots(ls: NotesServer, params: Any = None) -> JSON:
    """``{uri}`` -> the note's sections with their empty slots; none for a file that is not
    a note, cannot be read, or is too large for a full analysis."""
    uri = _uri(params)
    if uri is None:
        return {"uri": None, "sections": []}
    codec = ls.workspace.position_codec
    if ls.document(uri) is None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path is None:
            return _answer(codec, uri, None)
        analyze = ls.analyzer()
        limit = ls.settings.max_document_size
        return await ls.off_loop(_closed, codec, uri, Path(path), analyze, limit)
    found = await ls.with_analysis(uri, partial(_answer, codec, uri))
    return found if found is not None else _answer(codec, uri, None)


def register(ls: NotesServer) -> None:
    ls.feature(EMPTY_SLOTS)(empty_slots)
