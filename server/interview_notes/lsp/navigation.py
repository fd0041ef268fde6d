"""Outline, folding, hover and the completeness code lens on the title."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..navigation import Symbol, completeness_by_interview, folding, hover, outline
from .commands import NEXT_EMPTY_SLOT
from .convert import position_from_client_units, range_to_client_units
from .server import NotesServer

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


def document_symbols(
    ls: NotesServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    uri = params.text_document.uri
    analysis = ls.analysis(uri)
    if analysis is None:
        return []
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    symbols = outline(analysis)
    if ls.capability("text_document", "document_symbol", "hierarchical_document_symbol_support"):
        return [_symbol(codec, lines, symbol) for symbol in symbols]
    flat: list[types.SymbolInformation] = []
    _flatten(codec, lines, uri, symbols, None, flat)
    return flat


def _symbol(codec: PositionCodec, lines: Sequence[str], symbol: Symbol) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        detail=symbol.detail or None,
        kind=SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.String),
        range=range_to_client_units(codec, lines, symbol.span),
        selection_range=range_to_client_units(codec, lines, symbol.selection_span),
        children=[_symbol(codec, lines, child) for child in symbol.children],
    )


def _flatten(
    codec: PositionCodec,
    lines: Sequence[str],
    uri: str,
    symbols: list[Symbol],
    container: str | None,
    into: list[types.SymbolInformation],
) -> None:
    """Clients without hierarchical symbols get a flat list naming each container."""
    for symbol in symbols:
        location = types.Location(uri, range_to_client_units(codec, lines, symbol.span))
        kind = SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.String)
        into.append(
            types.SymbolInformation(
                name=symbol.name, kind=kind, location=location, container_name=container
            )
        )
        _flatten(codec, lines, uri, symbol.children, symbol.name, into)


def folding_ranges(ls: NotesServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return []
    return [
        types.FoldingRange(fold.start_line, fold.end_line, kind=FOLD_KINDS.get(fold.kind))
        for fold in folding(analysis.note)
    ]


def hover_text(ls: NotesServer, params: types.HoverParams) -> types.Hover | None:
    analysis = ls.analysis(params.text_document.uri)
    if analysis is None:
        return None
    lines = analysis.note.source.lines
    line, col = position_from_client_units(ls.workspace.position_codec, lines, params.position)
    day_first = True if ls.settings.date_order == "day-first" else None
    text = hover(analysis, line, col, day_first)
    if text is None:
        return None
    formats = ls.capability("text_document", "hover", "content_format") or []
    if formats and types.MarkupKind.Markdown not in formats:
        return types.Hover(types.MarkupContent(types.MarkupKind.PlainText, text))
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


def code_lenses(ls: NotesServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    """ "19/33 filled, next: WHAT notes" above each interview's title; running it moves the
    cursor to that slot."""
    uri = params.text_document.uri
    analysis = ls.analysis(uri)
    if analysis is None or not analysis.is_note:
        return []
    lenses = []
    codec = ls.workspace.position_codec
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
