"""Quick fixes for findings, a fix-all source action, and inserting the template."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from lsprotocol import types

from ..analysis import Analysis
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


async def code_actions(ls: NotesServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Awaits the analysis (off the event loop, cancellable). Fix-all analyses the text
    again after each round of fixes, so it runs in a worker thread; when the document
    changed meanwhile, everything is computed again for the newest version."""
    uri = params.text_document.uri
    while True:
        analysis = await ls.analysed(uri)
        doc = ls.document(uri)
        if doc is None or analysis is None:
            return []
        version, text, generation = doc.version, doc.source, ls.documents.generation
        only = (
            [
                str(kind.value if isinstance(kind, types.CodeActionKind) else kind)
                for kind in params.context.only
            ]
            if params.context.only
            else None
        )
        actions = _quick_fixes(ls, uri, version, analysis, params.context.diagnostics, only)
        everything = None
        if analysis.is_note and wanted(only, FIX_ALL):
            fix = partial(fix_all, text, ls.templates, ls.settings, analysis)
            everything = await ls.off_loop(fix)
            current, now = ls.document(uri), ls.documents.generation
            if current is not doc or (current.version, now) != (version, generation):
                continue
        lines = analysis.note.source.lines
        codec = ls.workspace.position_codec
        if everything is not None:
            edit = workspace_edit(ls, uri, version, text_edits(codec, lines, everything.edits))
            actions.append(types.CodeAction(everything.title, kind=FIX_ALL, edit=edit))
        template = ls.template()
        if not analysis.is_note and template is not None and wanted(only, INSERT_TEMPLATE):
            inserted = insert_template_fix(template)
            edit = workspace_edit(ls, uri, version, text_edits(codec, lines, inserted.edits))
            actions.append(types.CodeAction(inserted.title, kind=INSERT_TEMPLATE, edit=edit))
        return actions


def _quick_fixes(
    ls: NotesServer,
    uri: str,
    version: int | None,
    analysis: Analysis,
    diagnostics: Sequence[types.Diagnostic],
    only: list[str] | None,
) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    if not wanted(only, types.CodeActionKind.QuickFix.value):
        return actions
    lines = analysis.note.source.lines
    codec = ls.workspace.position_codec
    # Fixes come from the analysis of the text as it is now, never from what a diagnostic
    # carries: a diagnostic is matched to its finding by the identity in its data (or, from
    # a client that drops data, by code and range), and one with no twin gets no fix.
    by_key = {finding.key: finding for finding in analysis.findings}
    by_range: dict[tuple[object, tuple[int, ...]], list[Finding]] | None = None
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE:
            continue
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        key = data.get("id")
        if isinstance(key, str):
            matched = [by_key[key]] if key in by_key else []
        else:
            if by_range is None:
                # Converting every finding's range costs: only for clients that drop data.
                by_range = {}
                for finding in analysis.findings:
                    found = range_to_client_units(codec, lines, finding.span)
                    by_range.setdefault((finding.rule.code, _range_key(found)), []).append(finding)
            matched = by_range.get((diagnostic.code, _range_key(diagnostic.range)), [])
        for finding in matched:
            for quick in finding.fixes:
                edit = workspace_edit(ls, uri, version, text_edits(codec, lines, quick.edits))
                actions.append(
                    types.CodeAction(
                        quick.title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=quick.preferred,
                        edit=edit,
                    )
                )
    return actions


def _range_key(found: types.Range) -> tuple[int, ...]:
    return found.start.line, found.start.character, found.end.line, found.end.character


def register(ls: NotesServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=KINDS)
    ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)
