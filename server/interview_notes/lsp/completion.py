"""Completion from the core's candidates, in snippet format only for clients that take it."""

from __future__ import annotations

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.workspace.position_codec import PositionCodec

from ..completion import Candidate, complete
from ..text import Span
from .convert import position_from_client_units, range_to_client_units
from .server import NotesServer

TRIGGERS = [":", " ", "#", "|", "-"]
KINDS = {
    "field": types.CompletionItemKind.Field,
    "value": types.CompletionItemKind.Value,
    "section": types.CompletionItemKind.Module,
    "component": types.CompletionItemKind.Class,
    "row": types.CompletionItemKind.Struct,
    "template": types.CompletionItemKind.File,
}


async def completion(ls: NotesServer, params: types.CompletionParams) -> types.CompletionList:
    """Awaits the analysis (computed off the event loop, cancellable), then completes."""
    uri = params.text_document.uri
    analysis = await ls.analysed(uri)
    if analysis is None:
        return types.CompletionList(is_incomplete=False, items=[])
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    line, col = position_from_client_units(codec, lines, params.position)
    capabilities = ls.client_capabilities
    snippets = get_capability(
        capabilities, "text_document.completion.completion_item.snippet_support", False
    )
    candidates = complete(analysis, ls.templates, line, col, snippets=snippets)
    markdown = types.MarkupKind.Markdown in get_capability(
        capabilities, "text_document.completion.completion_item.documentation_format", []
    )
    items = [_item(codec, lines, candidate, line, snippets, markdown) for candidate in candidates]
    return types.CompletionList(is_incomplete=False, items=items)


def _item(
    codec: PositionCodec,
    lines: list[str],
    candidate: Candidate,
    line: int,
    snippets: bool,
    markdown: bool,
) -> types.CompletionItem:
    """The edit replaces what was typed; lines above the cursor go to an additional edit,
    as a completion's main edit must stay on the cursor's line."""
    replace = candidate.replace
    extra: list[types.TextEdit] | None = None
    if replace.start_line < line:
        above = Span(replace.start_line, replace.start_col, line, 0)
        extra = [types.TextEdit(range_to_client_units(codec, lines, above), "")]
        replace = Span(line, 0, replace.end_line, replace.end_col)
    edit = types.TextEdit(range_to_client_units(codec, lines, replace), candidate.new_text)
    documentation: str | types.MarkupContent | None = None
    if candidate.documentation:
        documentation = (
            types.MarkupContent(types.MarkupKind.Markdown, candidate.documentation)
            if markdown
            else candidate.documentation
        )
    return types.CompletionItem(
        label=candidate.label,
        kind=KINDS.get(candidate.kind, types.CompletionItemKind.Text),
        detail=candidate.detail or None,
        documentation=documentation,
        text_edit=edit,
        additional_text_edits=extra,
        insert_text_format=(
            types.InsertTextFormat.Snippet
            if candidate.snippet and snippets
            else types.InsertTextFormat.PlainText
        ),
        sort_text=candidate.sort_text or None,
        filter_text=candidate.filter_text or None,
    )


def register(ls: NotesServer) -> None:
    options = types.CompletionOptions(trigger_characters=TRIGGERS, resolve_provider=False)
    ls.feature(types.TEXT_DOCUMENT_COMPLETION, options)(completion)
