"""Quick fixes for findings, a fix-all source action, and inserting the template."""

from __future__ import annotations

from lsprotocol import types

from ..findings import Finding
from ..fixes import fix_all
from ..template import insert_template_fix
from .convert import range_to_client_units, text_edits, workspace_edit
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
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    if wanted(only, types.CodeActionKind.QuickFix.value):
        # Fixes come from the analysis of the text as it is now, never from what a diagnostic
        # carries: a diagnostic is matched to its finding by the identity in its data (or, from
        # a client that drops data, by code and range), and one with no twin gets no fix.
        by_key = {finding.key: finding for finding in analysis.findings}
        by_range: dict[tuple[object, tuple[int, ...]], list[Finding]] = {}
        for finding in analysis.findings:
            found = range_to_client_units(codec, lines, finding.span)
            by_range.setdefault((finding.rule.code, _range_key(found)), []).append(finding)
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE:
                continue
            data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            key = data.get("id")
            if isinstance(key, str):
                matched = [by_key[key]] if key in by_key else []
            else:
                matched = by_range.get((diagnostic.code, _range_key(diagnostic.range)), [])
            for finding in matched:
                for quick in finding.fixes:
                    edit = workspace_edit(
                        ls, uri, doc.version, text_edits(codec, lines, quick.edits)
                    )
                    actions.append(
                        types.CodeAction(
                            quick.title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic],
                            is_preferred=quick.preferred,
                            edit=edit,
                        )
                    )
    everything = (
        fix_all(doc.source, ls.templates, ls.settings, analysis)
        if analysis.is_note and wanted(only, FIX_ALL)
        else None
    )
    if everything is not None:
        edit = workspace_edit(ls, uri, doc.version, text_edits(codec, lines, everything.edits))
        actions.append(types.CodeAction(everything.title, kind=FIX_ALL, edit=edit))
    template = ls.template()
    if not analysis.is_note and template is not None and wanted(only, INSERT_TEMPLATE):
        fix = insert_template_fix(template)
        edit = workspace_edit(ls, uri, doc.version, text_edits(codec, lines, fix.edits))
        actions.append(types.CodeAction(fix.title, kind=INSERT_TEMPLATE, edit=edit))
    return actions


def _range_key(found: types.Range) -> tuple[int, ...]:
    return found.start.line, found.start.character, found.end.line, found.end.character


def register(ls: NotesServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=KINDS)
    ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)
