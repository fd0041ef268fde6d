"""Commands that change text run here, so every client shares them; plus the status request."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import from_fs_path, to_fs_path

from ..analysis import Analysis, SlotState
from ..fixes import fix_all
from ..navigation import completeness, completeness_by_interview
from ..rules import missing_section
from ..template import insert_template_fix
from ..workspace import new_note_text, note_file_name, write_new_note
from .convert import (
    param,
    parse_position,
    position_from_client_units,
    range_json,
    range_to_client_units,
    text_edits,
    workspace_edit,
)
from .server import NotesServer

INSERT_TEMPLATE = "interviewNotes.insertTemplate"
NEW_NOTE = "interviewNotes.newNote"
NEXT_EMPTY_SLOT = "interviewNotes.nextEmptySlot"
COMPLETENESS = "interviewNotes/completeness"
DEBUG_DIGEST = "interviewNotes.debug.digest"
DEBUG_FAIL = "interviewNotes.debug.fail"
INFO = types.MessageType.Info


def _argument(args: tuple[Any, ...]) -> dict[str, Any]:
    """The one object argument; tolerates a missing or malformed one."""
    return args[0] if args and isinstance(args[0], dict) else {}


async def insert_template(ls: NotesServer, *args: Any) -> dict[str, Any] | None:
    options = _argument(args)
    uri = options.get("uri")
    doc = ls.document(uri) if isinstance(uri, str) else None
    analysis = ls.analysis(uri) if doc is not None and isinstance(uri, str) else None
    if doc is None or analysis is None or not isinstance(uri, str):
        ls.show("Insert template: open a Markdown document first.", INFO)
        return None
    version = options.get("version")
    if isinstance(version, int) and version != doc.version:
        ls.show("The document changed since the command was asked for: nothing inserted.", INFO)
        return None
    if analysis.is_note:
        return await _insert_missing_sections(ls, uri, doc.version, analysis)
    template = ls.template(options.get("template"))
    if template is None:
        ls.show(f"No template named {options.get('template')!r}.")
        return None
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    position = parse_position(options.get("position"))
    line, col = position_from_client_units(codec, lines, position) if position else (0, 0)
    fix = insert_template_fix(template, line, col)
    edit = workspace_edit(ls, uri, doc.version, text_edits(codec, lines, fix.edits))
    result = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit, label="Insert interview template")
    )
    return {"applied": result.applied}


async def _insert_missing_sections(
    ls: NotesServer, uri: str, version: int | None, analysis: Analysis
) -> dict[str, Any] | None:
    """In a note, the template is what is missing from it: the missing sections' safe fixes
    (fix-all's, for that one rule), as one edit."""
    text = analysis.note.source.text
    only = (missing_section.RULE,)
    job = partial(fix_all, text, ls.templates, ls.settings, analysis, rules=only)
    filled = await ls.off_loop(job)
    doc = ls.document(uri)
    if doc is None or doc.version != version:
        ls.show("The document changed while the sections were computed: nothing inserted.", INFO)
        return None
    if filled is None:
        ls.show("This note has every section of its template: nothing inserted.", INFO)
        return {"applied": False}
    codec = ls.workspace.position_codec
    lines = analysis.note.source.lines
    edits = text_edits(codec, lines, filled.edits)
    result = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(
            workspace_edit(ls, uri, version, edits), label="Insert missing sections"
        )
    )
    return {"applied": result.applied}


async def new_note(ls: NotesServer, *args: Any) -> dict[str, Any] | None:
    """Create a note from the template; an existing file is never overwritten. A local server
    writes the file itself, so it is on disk with its content and the editor opens it saved;
    over a network the editor creates it through an edit."""
    options = _argument(args)
    template = ls.template(options.get("template"))
    folder_uri = options.get("folderUri")
    folder = Path(to_fs_path(folder_uri) or "") if isinstance(folder_uri, str) else ls.root
    if template is None or folder is None:
        ls.show("New note: no template or no folder to create the note in.")
        return None
    name = options.get("name")
    asked = folder / note_file_name(name if isinstance(name, str) else None)
    path = _inside_workspace(ls, asked)
    if path is None:
        ls.show(f"New note: {asked.parent} is outside the workspace folders: nothing created.")
        return None
    uri = from_fs_path(str(path))
    if path.exists() or path.is_symlink() or uri is None:
        ls.show(f"{path} already exists: choose another name.")
        return None
    text = new_note_text(template, values=_values(options.get("values")) or None)
    if not _remote(ls):
        return await _write_note(ls, path, uri, text)
    operations = get_capability(
        ls.client_capabilities, "workspace.workspace_edit.resource_operations", []
    )
    if types.ResourceOperationKind.Create not in operations:
        ls.show(
            "New note: over a network connection notes are created by the editor, "
            "which cannot create files through an edit: nothing created."
        )
        return None
    insert = types.TextEdit(types.Range(types.Position(0, 0), types.Position(0, 0)), text)
    never_overwrite = types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
    create = types.CreateFile(uri, options=never_overwrite)
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None)
    fill = types.TextDocumentEdit(document, [insert])
    edit = types.WorkspaceEdit(document_changes=[create, fill])
    result = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit, label="New interview note")
    )
    if result.applied and _shows_documents(ls):
        await ls.window_show_document_async(types.ShowDocumentParams(uri, take_focus=True))
    return {"uri": uri, "applied": result.applied}


def _inside_workspace(ls: NotesServer, path: Path) -> Path | None:
    """The note's path with ``..`` and symlinks in its folder resolved, when that is inside a
    workspace folder the client declared; ``None`` otherwise (arguments come from the client)."""
    try:
        target = path.parent.resolve() / path.name
        roots = [root.resolve() for root in ls.roots()]
    except (OSError, RuntimeError):
        return None
    inside = any(target != root and target.is_relative_to(root) for root in roots)
    return target if inside else None


def _remote(ls: NotesServer) -> bool:
    """Over TCP or WebSocket the server never writes files itself; the client does."""
    return bool(getattr(ls.protocol, "remote", True))


def _shows_documents(ls: NotesServer) -> bool:
    return get_capability(ls.client_capabilities, "window.show_document.support", False)


def _values(raw: object) -> dict[str, str]:
    """The template values of a newNote argument: string keys, values given as text (numbers
    too); anything else is left out, as arguments come from anywhere."""
    if not isinstance(raw, Mapping):
        return {}
    found: dict[str, str] = {}
    for key, value in raw.items():
        text = isinstance(value, str | int | float) and not isinstance(value, bool)
        if isinstance(key, str) and text:
            found[key] = str(value)
    return found


async def _write_note(ls: NotesServer, path: Path, uri: str, text: str) -> dict[str, Any] | None:
    """Write the new note, then open it with the cursor where its first empty slot's value
    goes."""
    try:
        write_new_note(path, text)
    except FileExistsError:
        ls.show(f"{path} already exists: choose another name.")
        return None
    except OSError as error:
        ls.show(f"Cannot create {path}: {error}")
        return None
    analysis = await ls.off_loop(ls.analyzer(), text)
    slot = analysis.next_empty(-1, -1)
    codec = ls.workspace.position_codec
    lines = analysis.note.source.lines
    selection = range_to_client_units(codec, lines, slot.caret) if slot is not None else None
    if _shows_documents(ls):
        await ls.window_show_document_async(
            types.ShowDocumentParams(uri, take_focus=True, selection=selection)
        )
    found: dict[str, Any] = {"uri": uri, "applied": True}
    if selection is not None:
        found["range"] = range_json(selection)
    return found


async def next_empty_slot(ls: NotesServer, *args: Any) -> dict[str, Any] | None:
    """Select the next empty slot after the position, wrapping around to the top."""
    options = _argument(args)
    uri = options.get("uri")
    analysis = ls.analysis(uri) if isinstance(uri, str) else None
    if analysis is None or not isinstance(uri, str):
        return None
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    position = parse_position(options.get("position"))
    line, col = position_from_client_units(codec, lines, position) if position else (0, 0)
    slot = analysis.next_empty(line, col)
    if slot is None:
        ls.show("Every slot is filled.", INFO)
        return None
    # The cursor goes where the value is typed, never selecting the label.
    found = range_to_client_units(codec, lines, slot.caret)
    if _shows_documents(ls):
        await ls.window_show_document_async(
            types.ShowDocumentParams(uri, take_focus=True, selection=found)
        )
    return {"uri": uri, "label": slot.label, "range": range_json(found)}


def completeness_status(ls: NotesServer, params: Any) -> dict[str, Any]:
    """``interviewNotes/completeness``: what a status bar shows, for the whole file and for
    each interview in it."""
    uri = param(params, "uri")
    analysis = ls.analysis(uri) if isinstance(uri, str) else None
    if analysis is None or analysis.template is None:
        return {
            "isNote": False,
            "template": None,
            "filled": 0,
            "total": 0,
            "next": None,
            "interviews": [],
        }
    codec = ls.workspace.position_codec
    lines = analysis.note.source.lines

    def upcoming(state: SlotState | None) -> dict[str, Any] | None:
        if state is None:
            return None
        return {
            "label": state.label,
            "range": range_json(range_to_client_units(codec, lines, state.caret)),
        }

    filled, total, first = completeness(analysis)
    interviews = [
        {
            "title": part.title,
            "line": part.line,
            "filled": part.filled,
            "total": part.total,
            "next": upcoming(part.first_empty),
        }
        for part in completeness_by_interview(analysis)
    ]
    return {
        "isNote": True,
        "template": analysis.template.name,
        "filled": filled,
        "total": total,
        "next": upcoming(first),
        "interviews": interviews,
    }


def debug_digest(ls: NotesServer, *args: Any) -> dict[str, Any] | None:
    """Test-only (``--test-commands``): the server's copy of an open document, as a digest."""
    uri = _argument(args).get("uri")
    doc = ls.document(uri) if isinstance(uri, str) else None
    if doc is None:
        return None
    text = doc.source
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return {"version": doc.version, "length": len(text), "sha256": digest}


def debug_fail(ls: NotesServer, *args: Any) -> None:
    """Test-only (``--test-commands``): a handler that fails, to show the server goes on."""
    raise RuntimeError("interviewNotes.debug.fail was called")


def register(ls: NotesServer) -> None:
    if ls.test_commands:
        ls.command(DEBUG_DIGEST)(debug_digest)
        ls.command(DEBUG_FAIL)(debug_fail)
    ls.command(INSERT_TEMPLATE)(insert_template)
    ls.command(NEW_NOTE)(new_note)
    ls.command(NEXT_EMPTY_SLOT)(next_empty_slot)
    ls.feature(COMPLETENESS)(completeness_status)
