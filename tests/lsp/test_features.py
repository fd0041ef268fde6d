"""Each LSP feature once per client: code actions, completion, navigation, commands."""

from __future__ import annotations

from datetime import date

import pytest
from interview_notes.template import TemplateSet, render_template
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .support import (
    SEED,
    NotesClient,
    apply_workspace_edit,
    diagnostics,
    doc,
    execute,
    message,
    open_document,
    position,
    session,
    split,
    units,
    uri_for,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEED_TEXT = SEED.read_text(encoding="utf-8")
EXOTIC = "- 技术选择 😀 Technology choice:"
EXOTIC_TEXT = SEED_TEXT.replace("- Technology choice:", EXOTIC, 1)
EXOTIC_LINE = split(EXOTIC_TEXT).index(EXOTIC)
TODAY = render_template(TemplateSet.load().templates[0], date.today())


def shows_documents(client: NotesClient) -> bool:
    capabilities = client.capabilities
    window = capabilities.window if capabilities else None
    return bool(window and window.show_document and window.show_document.support)


def expect_versioned(client: NotesClient, edit: types.WorkspaceEdit, version: int) -> None:
    """Clients that take documentChanges get them with the version the edit was made for."""
    if session(client).name == "neovim":
        assert edit.changes is not None and edit.document_changes is None
    else:
        change = edit.document_changes[0] if edit.document_changes else None
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.version == version


async def test_quick_fix_tied_to_its_diagnostic(client: NotesClient) -> None:
    uri = uri_for(client, "quickfix.md")
    open_document(client, uri, EXOTIC_TEXT)
    found = next(d for d in await diagnostics(client, uri) if d.range.start.line == EXOTIC_LINE)
    context = types.CodeActionContext(diagnostics=[found], only=[types.CodeActionKind.QuickFix])
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), found.range, context)
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    assert titles == [
        "Mark '技术选择 😀 Technology choice' N/A",
        "Mark the 3 empty fields of this section N/A",
        "Disable empty-field for this line",
    ]
    action = actions[0]
    assert isinstance(action, types.CodeAction)
    assert list(action.diagnostics or []) == [found]
    assert action.edit is not None
    expect_versioned(client, action.edit, 1)
    after = apply_workspace_edit(action.edit, {uri: EXOTIC_TEXT}, session(client).encoding)[uri]
    assert split(after)[EXOTIC_LINE] == f"{EXOTIC} N/A"


async def test_fix_all_inserts_missing_sections(client: NotesClient) -> None:
    start = SEED_TEXT.index("## Trade-offs Discussed")
    end = SEED_TEXT.index("## Potential Issues")
    text = SEED_TEXT[:start] + SEED_TEXT[end:]
    uri = uri_for(client, "fixall.md")
    open_document(client, uri, text)
    assert any(d.code == "IN001" for d in await diagnostics(client, uri))
    context = types.CodeActionContext(diagnostics=[], only=["source.fixAll"])
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), whole, context)
    )
    assert actions is not None
    assert [a.kind for a in actions if isinstance(a, types.CodeAction)] == [
        "source.fixAll.interview-notes"
    ]
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit is not None
    after = apply_workspace_edit(action.edit, {uri: text}, session(client).encoding)[uri]
    assert "## Trade-offs Discussed\n\n| Decision | Pros | Cons |" in after


async def test_insert_template_action_in_an_empty_document(client: NotesClient) -> None:
    uri = uri_for(client, "empty-action.md")
    open_document(client, uri, "")
    context = types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.Source])
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(doc(uri), whole, context)
    )
    assert actions is not None
    titles = [a.title for a in actions]
    assert titles == ["Insert interview template"]
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit is not None
    assert apply_workspace_edit(action.edit, {uri: ""}, session(client).encoding)[uri] == TODAY


async def test_completion_replaces_what_was_typed(client: NotesClient) -> None:
    typed = "- Type (SQL/NoSQL): 中文, Po"
    text = SEED_TEXT.replace("- Type (SQL/NoSQL):", typed, 1)
    line = split(text).index(typed)
    uri = uri_for(client, "complete.md")
    open_document(client, uri, text)
    encoding = session(client).encoding
    result = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), position(text, line, len(typed), encoding))
    )
    assert isinstance(result, types.CompletionList)
    labels = [item.label for item in result.items]
    assert "Document" in labels
    edit = result.items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.range.start == types.Position(line, units(typed[:-2], encoding))
    assert edit.range.end == types.Position(line, units(typed, encoding))


async def test_completion_snippets_only_where_supported(client: NotesClient) -> None:
    text = SEED_TEXT.replace("- Technology choice:\n", "- \n", 1)
    line = split(text).index("- ")
    uri = uri_for(client, "fields.md")
    open_document(client, uri, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), types.Position(line, 2))
    )
    assert isinstance(result, types.CompletionList)
    item = next(i for i in result.items if i.label == "Technology choice")
    assert isinstance(item.text_edit, types.TextEdit)
    if session(client).name == "emacs":
        assert item.insert_text_format == types.InsertTextFormat.PlainText
        assert item.text_edit.new_text == "Technology choice: "
    else:
        assert item.insert_text_format == types.InsertTextFormat.Snippet
        assert "$" in item.text_edit.new_text


async def test_completion_offers_the_template_in_an_empty_document(client: NotesClient) -> None:
    uri = uri_for(client, "empty-complete.md")
    open_document(client, uri, "")
    result = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), types.Position(0, 0))
    )
    assert isinstance(result, types.CompletionList)
    assert len(result.items) == 1
    edit = result.items[0].text_edit
    assert isinstance(edit, types.TextEdit) and edit.new_text == TODAY


async def test_document_symbols_are_hierarchical(client: NotesClient) -> None:
    uri = uri_for(client, "symbols.md")
    open_document(client, uri, EXOTIC_TEXT)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    assert symbols is not None
    title = symbols[0]
    assert isinstance(title, types.DocumentSymbol) and title.children
    assert title.name == "System Design Interview Notes"
    components = next(c for c in title.children if c.name == "Key Components to Consider")
    frontend = next(c for c in components.children or [] if c.name == "Frontend")
    field = (frontend.children or [])[0]
    assert (field.name, field.detail, field.kind) == (
        "技术选择 😀 Technology choice",
        "empty",
        types.SymbolKind.Field,
    )
    assert field.range.end.character == units(EXOTIC, session(client).encoding)


async def test_folding_ranges(client: NotesClient) -> None:
    uri = uri_for(client, "folding.md")
    open_document(client, uri, SEED_TEXT)
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(doc(uri)))
    assert folds is not None
    fence = split(SEED_TEXT).index("```")
    assert (fence, fence + 10) in {(f.start_line, f.end_line) for f in folds}


async def test_hover_on_a_field(client: NotesClient) -> None:
    uri = uri_for(client, "hover.md")
    open_document(client, uri, SEED_TEXT)
    line = split(SEED_TEXT).index("- Type (SQL/NoSQL):")
    hover = await client.text_document_hover_async(
        types.HoverParams(doc(uri), types.Position(line, 4))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**Type (SQL/NoSQL)** (Database)")


async def test_code_lens_runs_next_empty_slot(client: NotesClient) -> None:
    uri = uri_for(client, "lens.md")
    open_document(client, uri, EXOTIC_TEXT)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(doc(uri)))
    assert lenses is not None and len(lenses) == 1
    command = lenses[0].command
    assert command is not None
    assert command.title == "2/35 filled, next: WHAT notes"
    client.shown_documents.clear()
    result = await execute(client, command.command, *(command.arguments or []))
    notes = split(EXOTIC_TEXT).index("**Notes:**")
    # The cursor goes after the label, where the notes are typed, and selects nothing.
    after = {"line": notes, "character": len("**Notes:**")}
    assert result["range"] == {"start": after, "end": after}
    shown = [(each.uri, each.selection and each.selection.start) for each in client.shown_documents]
    assert shown == (
        [(uri, types.Position(notes, len("**Notes:**")))] if shows_documents(client) else []
    )


async def test_next_empty_slot_wraps_around(client: NotesClient) -> None:
    uri = uri_for(client, "wrap.md")
    open_document(client, uri, EXOTIC_TEXT)
    encoding = session(client).encoding
    after_last = types.Position(len(split(EXOTIC_TEXT)) - 1, 0)
    client.shown_documents.clear()
    result = await execute(
        client, "interviewNotes.nextEmptySlot", {"uri": uri, "position": after_last}
    )
    assert result["label"] == "WHAT notes"
    before_exotic = position(EXOTIC_TEXT, EXOTIC_LINE - 1, 0, encoding)
    result = await execute(
        client, "interviewNotes.nextEmptySlot", {"uri": uri, "position": before_exotic}
    )
    end = {"line": EXOTIC_LINE, "character": units(EXOTIC, encoding)}
    assert result["range"]["end"] == end
    if shows_documents(client):
        shown = client.shown_documents[-1].selection
        assert shown is not None and shown.end == types.Position(**end)


async def test_completeness_request(client: NotesClient) -> None:
    uri = uri_for(client, "status.md")
    open_document(client, uri, SEED_TEXT)
    status = await client.protocol.send_request_async("interviewNotes/completeness", {"uri": uri})
    assert (status.isNote, status.template, status.filled, status.total) == (
        True,
        "system-design",
        2,
        35,
    )
    assert status.next.label == "WHAT notes"
    missing = await client.protocol.send_request_async(
        "interviewNotes/completeness", {"uri": uri_for(client, "never-opened.md")}
    )
    assert missing.isNote is False


async def test_insert_template_command(client: NotesClient) -> None:
    uri = uri_for(client, "insert.md")
    open_document(client, uri, "")
    state = session(client)
    state.edits.clear()
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.insertTemplate", [{"uri": uri}])
    )
    assert len(state.edits) == 1
    expect_versioned(client, state.edits[0], 1)
    assert apply_workspace_edit(state.edits[0], {uri: ""}, state.encoding)[uri] == TODAY


async def test_insert_template_in_a_note_inserts_only_missing_sections(
    client: NotesClient,
) -> None:
    lines = SEED_TEXT.splitlines(keepends=True)
    start = lines.index("## Trade-offs Discussed\n")
    end = lines.index("## Potential Issues & Solutions\n")
    missing = "".join(lines[:start] + lines[end:])
    uri = uri_for(client, "missing-section.md")
    open_document(client, uri, missing)
    state = session(client)
    state.edits.clear()
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.insertTemplate", [{"uri": uri}])
    )
    assert result == {"applied": True}
    (edit,) = state.edits
    expect_versioned(client, edit, 1)
    assert apply_workspace_edit(edit, {uri: missing}, state.encoding)[uri] == SEED_TEXT


async def test_insert_template_in_a_complete_note_inserts_nothing(client: NotesClient) -> None:
    uri = uri_for(client, "already.md")
    open_document(client, uri, SEED_TEXT)
    state = session(client)
    state.edits.clear()
    client.messages.clear()
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.insertTemplate", [{"uri": uri}])
    )
    assert state.edits == []
    await message(client, "has every section of its template: nothing inserted")


async def test_new_note_creates_and_fills_without_overwriting(client: NotesClient) -> None:
    state = session(client)
    state.edits.clear()
    name = f"{state.name}-new-note"
    result = await execute(client, "interviewNotes.newNote", {"name": name})
    path = state.root / f"{name}.md"
    if state.edits:
        assert apply_workspace_edit(state.edits[0], {}, state.encoding) == {path.as_uri(): TODAY}
        path.write_text(TODAY, encoding="utf-8")
    else:
        assert path.read_text(encoding="utf-8") == TODAY
    assert result["uri"] == path.as_uri()
    # Written with its content, and opened with the cursor where the first empty slot's
    # value goes.
    assert state.edits == []
    # The answer holds that empty range too, for clients that do not show documents.
    assert result["range"]["start"] == result["range"]["end"]
    assert result["range"]["start"]["line"] > 0
    if shows_documents(client):
        shown = client.shown_documents[-1]
        assert shown.uri == path.as_uri() and shown.selection is not None
        assert shown.selection.start == shown.selection.end
        assert shown.selection.start.line > 0
        assert result["range"]["start"] == {
            "line": shown.selection.start.line,
            "character": shown.selection.start.character,
        }
    client.messages.clear()
    state.edits.clear()
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams("interviewNotes.newNote", [{"name": name}])
    )
    assert state.edits == []
    await message(client, "already exists")


async def test_closed_documents_answer_empty(client: NotesClient) -> None:
    uri = uri_for(client, "unknown.md")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    hover = await client.text_document_hover_async(
        types.HoverParams(doc(uri), types.Position(0, 0))
    )
    assert (symbols, hover) == ([], None)


async def test_a_failing_handler_answers_an_error_and_the_server_goes_on(
    client: NotesClient,
) -> None:
    uri = uri_for(client, "broken.md")
    open_document(client, uri, SEED_TEXT)
    with pytest.raises(JsonRpcException):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams("interviewNotes.debug.fail", [{}])
        )
    await message(client, "interviewNotes.debug.fail was called", log=True)
    assert (
        await client.text_document_hover_async(types.HoverParams(doc(uri), types.Position(0, 2)))
        is not None
    )
