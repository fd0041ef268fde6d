"""Core spans (code points) to LSP ranges in the session's position encoding, and back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability

from ..text import Span, TextEdit, line_starts

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


def column_from_client_units(codec: PositionCodec, line: str, character: int) -> int:
    """A column in the client's units on ``line`` (without its line break) as a code-point
    column, clamped to the line. An ASCII line, or UTF-32, needs no counting."""
    if line.isascii() or codec.encoding == types.PositionEncodingKind.Utf32:
        return min(max(character, 0), len(line))
    units = 0
    for col, char in enumerate(line):
        if units >= character:
            return col
        units += codec.client_num_units(char)
    return len(line)


def position_from_client_units(
    codec: PositionCodec, lines: Sequence[str], position: types.Position
) -> tuple[int, int]:
    """A client position as (line, code-point column), clamped to the text: a column past
    the end of its line is the end of the line, a line past the end is the end of the text."""
    if not lines:
        return 0, 0
    if position.line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    return position.line, column_from_client_units(codec, lines[position.line], position.character)


def offset_from_client_units(codec: PositionCodec, text: str, position: types.Position) -> int:
    """A client position as a code-point offset into ``text``, clamped to its line; past the
    last line, the end of the text. Lines break only at CRLF, CR and LF, as the protocol
    says."""
    bounds = _line_bounds(text, position.line)
    if bounds is None:
        return len(text)
    begin, stop = bounds
    line = text[begin:stop].rstrip("\r\n")
    return begin + column_from_client_units(codec, line, position.character)


def _line_bounds(text: str, number: int) -> tuple[int, int] | None:
    """Where a line starts and where the next one does; ``None`` past the last line. Only
    the lines up to ``number`` are split, in C when LF is the only break: a keystroke in a
    long document costs a fraction of scanning every line."""
    if "\r" not in text:
        parts = text.split("\n", number + 1)
        if len(parts) <= number:
            return None
        stop = len(text) - len(parts[-1]) if len(parts) == number + 2 else len(text)
        line = parts[number]
        return stop - len(line) - (len(parts) == number + 2), stop
    starts = line_starts(text)
    if number >= len(starts):
        return None
    return starts[number], starts[number + 1] if number + 1 < len(starts) else len(text)


def param(params: object, name: str) -> object:
    """One field of a request's or command's argument: pygls hands custom requests their
    params as objects with attributes, and commands their arguments as decoded JSON."""
    if isinstance(params, dict):
        return params.get(name)
    return getattr(params, name, None)


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
    if get_capability(ls.client_capabilities, "workspace.workspace_edit.document_changes", False):
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def range_json(found: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": found.start.line, "character": found.start.character},
        "end": {"line": found.end.line, "character": found.end.character},
    }


def parse_position(value: object) -> types.Position | None:
    """A ``{line, character}`` object from command arguments."""
    if isinstance(value, dict):
        line, character = value.get("line"), value.get("character")
        if isinstance(line, int) and isinstance(character, int) and min(line, character) >= 0:
            return types.Position(line, character)
    return None
