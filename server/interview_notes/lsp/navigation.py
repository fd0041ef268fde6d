"""Outline, folding, hover and the completeness code lens on the title.

Every handler awaits the document's analysis (see NotesServer.analysed), so it can be
cancelled. A document too large for full analysis keeps only its outline and folds, built
in a worker thread (see NotesServer.structure). The outline goes out as JSON built here:
pygls converting 5,000 DocumentSymbol objects took 100-300 ms of the event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Analysis
from ..navigation import Symbol, completeness_by_interview, folding, hover, outline
from ..structure import Note, parse_note
from .commands import NEXT_EMPTY_SLOT
from .convert import position_from_client_units, range_to_client_units, span_json
from .documents import Stale
from .server import JsonAnswer, NotesServer

JSON = dict[str, Any]
SYMBOL_KINDS = {
    "section": types.SymbolKind.Namespace,
    "component": types.SymbolKind.Class,
    "field": types.SymbolKind.Field,
    "table": types.SymbolKind.Struct,
    "list": types.SymbolKind.Array,
    "checklist": types.SymbolKind.Array,
    "code": types.SymbolKind.Object,
}
FOLD_KINDS = {
    "region": types.FoldingRangeKind.Region,
    "imports": types.FoldingRangeKind.Imports,
    "comment": types.FoldingRangeKind.Comment,
}


@dataclass(frozen=True)
class Structure:
    """What a document too large for full analysis keeps: its answers, ready to send."""

    symbols: list[JSON]
    folds: list[types.FoldingRange]


async def document_symbols(
    ls: NotesServer, params: types.DocumentSymbolParams
) -> JsonAnswer | list[Any]:
    uri = params.text_document.uri
    tree = _tree(ls)
    codec = ls.workspace.position_codec
    while True:
        found = await ls.structure(uri, partial(_structure, codec, uri, tree))
        if found is None:
            return []
        if isinstance(found, Structure):
            return JsonAnswer(found.symbols)
        try:
            return JsonAnswer(await ls.read(uri, found, partial(_symbols, codec, uri, tree=tree)))
        except Stale:
            continue


async def folding_ranges(
    ls: NotesServer, params: types.FoldingRangeParams
) -> list[types.FoldingRange]:
    uri = params.text_document.uri
    codec = ls.workspace.position_codec
    while True:
        found = await ls.structure(uri, partial(_structure, codec, uri, _tree(ls)))
        if found is None:
            return []
        if isinstance(found, Structure):
            return found.folds
        try:
            return await ls.read(uri, found, _folds)
        except Stale:
            continue


def _tree(ls: NotesServer) -> bool:
    return get_capability(
        ls.client_capabilities,
        "text_document.document_symbol.hierarchical_document_symbol_support",
        False,
    )


def _structure(codec: PositionCodec, uri: str, tree: bool, text: str) -> Structure:
    """The outline and folds of a document too large for full analysis, built in a worker
    thread with collection paused. The parse is dropped at once: unlinking its sections
    (its only reference cycles) frees it without a collection."""
    note = parse_note(text)
    analysis = Analysis(note, None)
    found = Structure(_symbols(codec, uri, analysis, tree), _folds(analysis))
    _release(note)
    return found


def _release(note: Note) -> None:
    for section in [note.root, *note.sections]:
        section.parent = None
        section.children = []


def _symbols(codec: PositionCodec, uri: str, analysis: Analysis, tree: bool) -> list[JSON]:
    """DocumentSymbols for clients that take a tree, SymbolInformation for the others."""
    lines = analysis.note.source.lines
    symbols = outline(analysis)
    if tree:
        return [_symbol(codec, lines, symbol) for symbol in symbols]
    flat: list[JSON] = []
    _flatten(codec, lines, uri, symbols, None, flat)
    return flat


def _symbol(codec: PositionCodec, lines: Sequence[str], symbol: Symbol) -> JSON:
    found: JSON = {
        "name": symbol.name,
        "kind": int(SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.String)),
        "range": span_json(codec, lines, symbol.span),
        "selectionRange": span_json(codec, lines, symbol.selection_span),
        "children": [_symbol(codec, lines, child) for child in symbol.children],
    }
    if symbol.detail:
        found["detail"] = symbol.detail
    return found


def _flatten(
    codec: PositionCodec,
    lines: Sequence[str],
    uri: str,
    symbols: list[Symbol],
    container: str | None,
    into: list[JSON],
) -> None:
    """Clients without hierarchical symbols get a flat list naming each container."""
    for symbol in symbols:
        found: JSON = {
            "name": symbol.name,
            "kind": int(SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.String)),
            "location": {"uri": uri, "range": span_json(codec, lines, symbol.span)},
        }
        if container is not None:
            found["containerName"] = container
        into.append(found)
        _flatten(codec, lines, uri, symbol.children, symbol.name, into)


def _folds(analysis: Analysis) -> list[types.FoldingRange]:
    return [
        types.FoldingRange(fold.start_line, fold.end_line, kind=FOLD_KINDS.get(fold.kind))
        for fold in folding(analysis.note)
    ]


async def hover_text(ls: NotesServer, params: types.HoverParams) -> types.Hover | None:
    analysis = await ls.analysed(params.text_document.uri)
    if analysis is None:
        return None
    lines = analysis.note.source.lines
    line, col = position_from_client_units(ls.workspace.position_codec, lines, params.position)
    day_first = True if ls.settings.date_order == "day-first" else None
    text = hover(analysis, line, col, day_first)
    if text is None:
        return None
    formats = get_capability(ls.client_capabilities, "text_document.hover.content_format", [])
    if formats and types.MarkupKind.Markdown not in formats:
        return types.Hover(types.MarkupContent(types.MarkupKind.PlainText, text))
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


async def code_lenses(ls: NotesServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    """ "19/33 filled, next: WHAT notes" above each interview's title; running it moves the
    cursor to that slot."""
    uri = params.text_document.uri
    found = await ls.with_analysis(uri, partial(_lenses, ls.workspace.position_codec, uri))
    return found or []


def _lenses(codec: PositionCodec, uri: str, analysis: Analysis) -> list[types.CodeLens]:
    lenses = []
    lines = analysis.note.source.lines
    for interview in completeness_by_interview(analysis):
        line = min(interview.line, len(lines) - 1)
        found = range_to_client_units(codec, lines, analysis.note.source.line_span(line))
        upcoming = interview.first_empty
        label = f"{interview.filled}/{interview.total} filled" + (
            f", next: {upcoming.label}" if upcoming else ""
        )
        argument = {"uri": uri, "position": {"line": line, "character": 0}}
        command = types.Command(label, NEXT_EMPTY_SLOT, arguments=[argument])
        lenses.append(types.CodeLens(found, command=command))
    return lenses


def register(ls: NotesServer) -> None:
    ls.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(document_symbols)
    ls.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)(folding_ranges)
    ls.feature(types.TEXT_DOCUMENT_HOVER)(hover_text)
    ls.feature(types.TEXT_DOCUMENT_CODE_LENS)(code_lenses)
