"""Quick fixes for findings, a fix-all source action, and inserting the template."""

from __future__ import annotations

from datetime import date
from typing import Any

from lsprotocol import types

from ..analysis import fix_all
from ..template import render_template
from ..text import Span, TextEdit
from .convert import edit_from_json, text_edits, workspace_edit
from .diagnostics import diagnostics
from .server import SOURCE, NotesServer

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
INSERT_TEMPLATE = f"{types.CodeActionKind.Source.value}.insertTemplate.{SOURCE}"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL, INSERT_TEMPLATE]


def wanted(only: list[str] | None, kind: str) -> bool:
    return only is None or any(kind == base or kind.startswith(f"{base}.") for base in only)


def code_actions(ls: NotesServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    doc = ls.document(uri)
    analysis = ls.analysis(uri)
    if doc is None or analysis is None:
        return []
    only = (
        [
            str(kind.value if isinstance(kind, types.CodeActionKind) else kind)
            for kind in params.context.only
        ]
        if params.context.only
        else None
    )
    actions: list[types.CodeAction] = []
    if wanted(only, types.CodeActionKind.QuickFix.value):
        fresh: list[types.Diagnostic] | None = None
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE:
                continue
            data = diagnostic.data
            if not isinstance(data, dict) or data.get("version") != doc.version:
                fresh = fresh if fresh is not None else diagnostics(ls, analysis, doc.version)
                data = next(
                    (
                        d.data
                        for d in fresh
                        if d.code == diagnostic.code and d.range == diagnostic.range
                    ),
                    None,
                )
            if isinstance(data, dict):
                actions.extend(quick_fixes(ls, uri, doc.version, diagnostic, data))
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    if analysis.is_note and wanted(only, FIX_ALL) and (fix := fix_all(analysis)) is not None:
        edit = workspace_edit(ls, uri, doc.version, text_edits(codec, lines, fix.edits))
        actions.append(types.CodeAction(fix.title, kind=FIX_ALL, edit=edit))
    template = ls.template()
    if not analysis.is_note and template is not None and wanted(only, INSERT_TEMPLATE):
        insert = TextEdit(Span(0, 0, 0, 0), render_template(template, date.today()))
        edit = workspace_edit(ls, uri, doc.version, text_edits(codec, lines, [insert]))
        title = "Insert interview template"
        actions.append(types.CodeAction(title, kind=INSERT_TEMPLATE, edit=edit))
    return actions


def quick_fixes(
    ls: NotesServer,
    uri: str,
    version: int | None,
    diagnostic: types.Diagnostic,
    data: dict[str, Any],
) -> list[types.CodeAction]:
    """One action per fix the diagnostic's data carries (edits already in client units)."""
    actions = []
    for fix in data.get("fixes", []):
        edits = [edit_from_json(edit) for edit in fix["edits"]]
        actions.append(
            types.CodeAction(
                fix["title"],
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=bool(fix.get("preferred")),
                edit=workspace_edit(ls, uri, version, edits),
            )
        )
    return actions


def register(ls: NotesServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=KINDS)
    ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)
