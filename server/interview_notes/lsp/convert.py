"""Core spans (code points) to LSP ranges in the session's position encoding, and back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..text import Span, TextEdit

if TYPE_CHECKING:
    from pygls.workspace.position_codec import PositionCodec

    from .server import NotesServer


def client_column(encoding: object, lines: Sequence[str], line: int, col: int) -> int:
    """A code-point column in the client's units: UTF-16 counts astral characters twice,
    UTF-8 counts bytes. ``lines`` are the core's lines of the analysed text."""
    if col == 0 or encoding == types.PositionEncodingKind.Utf32 or line >= len(lines):
        return col
    head = lines[line][:col]
    if head.isascii():
        return col
    if encoding == types.PositionEncodingKind.Utf8:
        return len(head.encode("utf-8", "surrogatepass"))
    return col + sum(1 for char in head if ord(char) > 0xFFFF)


def span_json(codec: PositionCodec, lines: Sequence[str], span: Span) -> dict[str, Any]:
    """A span as a JSON range in the client's units."""
    encoding = codec.encoding
    return {
        "start": {
            "line": span.start_line,
            "character": client_column(encoding, lines, span.start_line, span.start_col),
        },
        "end": {
            "line": span.end_line,
            "character": client_column(encoding, lines, span.end_line, span.end_col),
        },
    }


def range_to_client_units(codec: PositionCodec, lines: Sequence[str], span: Span) -> types.Range:
    encoding = codec.encoding
    return types.Range(
        types.Position(
            span.start_line, client_column(encoding, lines, span.start_line, span.start_col)
        ),
        types.Position(span.end_line, client_column(encoding, lines, span.end_line, span.end_col)),
    )


def position_from_client_units(
    codec: PositionCodec, lines: Sequence[str], position: types.Position
) -> tuple[int, int]:
    """A client position as (line, code-point column), clamped to the text: a column past
    the end of its line is the end of the line, a line past the end is the end of the text."""
    if not lines:
        return 0, 0
    if position.line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    line = lines[position.line]
    if line.isascii() or codec.encoding == types.PositionEncodingKind.Utf32:
        return position.line, min(position.character, len(line))
    units = 0
    for col, char in enumerate(line):
        if units >= position.character:
            return position.line, col
        units += codec.client_num_units(char)
    return position.line, len(line)


def text_edits(
    codec: PositionCodec, lines: Sequence[str], edits: Iterable[TextEdit]
) -> list[types.TextEdit]:
    return [
        types.TextEdit(range_to_client_units(codec, lines, edit.span), edit.new_text)
        for edit in edits
    ]


def workspace_edit(
    ls: NotesServer, uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    """Versioned ``documentChanges`` where the client takes them, plain ``changes`` otherwise."""
    if ls.capability("workspace", "workspace_edit", "document_changes"):
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def range_json(found: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": found.start.line, "character": found.start.character},
        "end": {"line": found.end.line, "character": found.end.character},
    }


def edit_from_json(raw: dict[str, Any]) -> types.TextEdit:
    """A text edit stored in a diagnostic's data by :func:`range_json`."""
    start, end = raw["range"]["start"], raw["range"]["end"]
    found = types.Range(
        types.Position(start["line"], start["character"]),
        types.Position(end["line"], end["character"]),
    )
    return types.TextEdit(found, raw["newText"])


def parse_position(value: object) -> types.Position | None:
    """A ``{line, character}`` object from command arguments."""
    if isinstance(value, dict):
        line, character = value.get("line"), value.get("character")
        if isinstance(line, int) and isinstance(character, int) and min(line, character) >= 0:
            return types.Position(line, character)
    return None
