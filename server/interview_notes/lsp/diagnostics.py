"""Findings as diagnostics: pushed with versions, or pulled per document and per workspace.

A client that declares pull support gets no pushed diagnostics for open documents, so no
document is reported twice; closed notes are pushed to every client, and only when
interviewNotes.checkWorkspace asks (see check.py). Bursts of edits are coalesced: each document
has one publisher awaiting the analysis of its newest version (see NotesServer.analysed), so a
version that went stale meanwhile is never published.

Focus mode leaves out the findings of the slot holding the most recent edit, until an edit lands
elsewhere or the document is saved: a warning does not flicker under the cursor while a value is
typed. It filters converted diagnostics, so the conversion cache stays valid.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..analysis import Analysis
from ..files import ReadError, read_note
from ..findings import Finding
from ..text import LINE_BREAK
from ..workspace import Workspaces, discover
from .convert import span_json
from .documents import Converted, DocumentState
from .pygls_internals import send_encoded
from .server import FULL_ANALYSIS_CHARACTERS, SOURCE, JsonAnswer, NotesServer

MAX_WORKSPACE_FILES = 1000
# Converting this many findings takes a few milliseconds; more go to a worker thread.
INLINE_FINDINGS = 300
DEBUG_CACHE = "interviewNotes.debug.cache"
JSON = dict[str, Any]


class DiagnosticJson(dict[str, Any]):
    """A diagnostic as JSON that keeps its encoding once made. The diagnostic of a finding an
    edit left alone is the same object in the next version (see :func:`convert`), so it is
    encoded once, not on every keystroke. Never changed once made."""

    __slots__ = ("_encoded",)

    def encoded(self) -> str:
        try:
            return self._encoded
        except AttributeError:
            self._encoded: str = json.dumps(self)
            return self._encoded


def diagnostic_json(codec: PositionCodec, lines: Sequence[str], finding: Finding) -> JSON:
    """A finding as a JSON diagnostic. Its data names the rule and the fixes on offer; the
    fixes' edits are computed from the document's current text when the client asks."""
    rule = finding.rule
    return DiagnosticJson(
        {
            "range": span_json(codec, lines, finding.span),
            "message": finding.message,
            "severity": int(finding.severity),
            "code": rule.code,
            "codeDescription": {"href": rule.doc_url},
            "source": SOURCE,
            "data": {
                "id": finding.key,
                "rule": rule.alias,
                "fixes": [fix.title for fix in finding.fixes],
            },
        }
    )


def convert(
    codec: PositionCodec, analysis: Analysis, previous: Converted
) -> tuple[list[JSON], Converted]:
    """The analysis's diagnostics, and what the next conversion may reuse. A finding from
    a part of the note the last edit did not touch is the same object as before, so its
    conversion is reused. Findings and lines are never changed once made, so this may run
    in a worker thread."""
    lines = analysis.note.source.lines
    current: Converted = {}
    found = []
    for finding in analysis.findings:
        hit = previous.get(id(finding))
        item = hit[1] if hit is not None and hit[0] is finding else None
        if item is None:
            item = diagnostic_json(codec, lines, finding)
        current[id(finding)] = (finding, item)
        found.append(item)
    return found, current


def diagnostics_json(ls: NotesServer, uri: str | None, analysis: Analysis | None) -> list[JSON]:
    """The analysis's diagnostics, converted on the event loop; an open document's without
    those focus mode hides."""
    if analysis is None:
        return []
    previous = ls.documents.converted(uri) if uri else {}
    found, current = convert(ls.workspace.position_codec, analysis, previous)
    if uri:
        ls.documents.keep_converted(uri, current)
        return in_focus(ls, uri, analysis, found)
    return found


def closed_json(
    analyze: Callable[[str], Analysis], codec: PositionCodec, path: Path, limit: int
) -> Checked | None:
    """A closed note read from disk, its analysis and its diagnostics, all in one worker
    thread call; ``None`` when the file is not read (see :func:`read_closed_note`)."""
    text = read_closed_note(path, limit)
    if text is None:
        return None
    analysis = analyze(text)
    return analysis, convert(codec, analysis, {})[0]


Checked = tuple[Analysis, list[JSON]]


# focus mode ------------------------------------------------------------------------------
def focused_lines(ls: NotesServer, uri: str, analysis: Analysis) -> tuple[int, int] | None:
    """The first and last line of the slot holding the document's most recent edit; ``None``
    when focus mode is off, the document was saved since, or the edit is in no slot."""
    if not ls.settings.focus_mode:
        return None
    state = ls.documents.get(uri)
    line = state.last_edit if state is not None else None
    if line is None:
        return None
    for slot in analysis.slots:
        if slot.span.start_line <= line <= slot.span.end_line:
            return slot.span.start_line, slot.span.end_line
    return None


def in_focus(ls: NotesServer, uri: str, analysis: Analysis, found: list[JSON]) -> list[JSON]:
    """``found`` (the analysis's diagnostics, in the order of its findings) without those of
    the slot being edited."""
    lines = focused_lines(ls, uri, analysis)
    kept = found
    if lines is not None:
        first, last = lines
        kept = [
            item
            for finding, item in zip(analysis.findings, found, strict=True)
            if finding.span.end_line < first or finding.span.start_line > last
        ]
    hiding = len(kept) < len(found)
    state = ls.documents.state(uri) if hiding else ls.documents.get(uri)
    if state is not None:
        state.hiding = hiding
    return kept


def edit_line(change: types.TextDocumentContentChangeEvent) -> int | None:
    """The line where a change's inserted text ends, in the changed document; ``None`` for a
    whole new text, which is no edit in one place."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return None
    return change.range.start.line + len(LINE_BREAK.findall(change.text))


async def current_json(ls: NotesServer, uri: str) -> tuple[int | None, list[JSON]] | None:
    """The newest version of an open document and its diagnostics; ``None`` once it is
    closed. Thousands of findings are converted in a worker thread; when the document
    changes meanwhile, its newer version is converted instead."""
    while True:
        analysis = await ls.analysed(uri)
        doc = ls.document(uri)
        if doc is None or ls.shut_down:
            return None
        version = doc.version
        if analysis is None or len(analysis.findings) <= INLINE_FINDINGS:
            return version, diagnostics_json(ls, uri, analysis)
        previous = ls.documents.converted(uri)
        found, converted = await ls.off_loop(
            convert, ls.workspace.position_codec, analysis, previous
        )
        if ls.document(uri) is doc and doc.version == version:
            ls.documents.keep_converted(uri, converted)
            return version, in_focus(ls, uri, analysis, found)


def diagnostics(
    ls: NotesServer, uri: str | None, analysis: Analysis | None
) -> list[types.Diagnostic]:
    """The same diagnostics as LSP objects, for answers to requests."""
    structure = ls.converter.structure
    return [structure(item, types.Diagnostic) for item in diagnostics_json(ls, uri, analysis)]


# push ------------------------------------------------------------------------------------
def publish(ls: NotesServer, uri: str, version: int | None, found: list[JSON]) -> None:
    """Push diagnostics, as one text built from each diagnostic's own encoding."""
    items = ",".join(
        item.encoded() if isinstance(item, DiagnosticJson) else json.dumps(item) for item in found
    )
    send_encoded(
        ls.protocol,
        f'{{"jsonrpc":"2.0","method":"{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}",'
        f'"params":{{"uri":{json.dumps(uri)},"version":{json.dumps(version)},'
        f'"diagnostics":[{items}]}}}}',
    )


def schedule(ls: NotesServer, uri: str) -> None:
    """Publish once the newest version is analysed; one publisher per document, which
    waits for whatever version is newest when the analysis ends. A document not open has
    nothing to publish (and no state to keep)."""
    if ls.document(uri) is None:
        return
    state = ls.documents.state(uri)
    if state.publishing is None:
        task = asyncio.get_running_loop().create_task(_publish_newest(ls, uri, state))
        state.publishing = task
        task.add_done_callback(lambda done: _report(ls, done))


async def _publish_newest(ls: NotesServer, uri: str, state: DocumentState) -> None:
    try:
        found = await current_json(ls, uri)
        if found is not None:
            publish(ls, uri, *found)
    finally:
        state.publishing = None


def _report(ls: NotesServer, task: asyncio.Task[None]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        ls.log(f"diagnostics failed: {error!r}")


def did_open(ls: NotesServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.opened(uri)
    checked = ls.checked.get(unquote(uri))
    # A pulling client keeps pushed and pulled diagnostics apart: the closed note's would
    # stay beside the open document's.
    if checked is not None and (ls.pull_diagnostics or checked != uri):
        publish(ls, checked, None, [])
    if not ls.pull_diagnostics:
        schedule(ls, uri)


def did_change(ls: NotesServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    if params.content_changes and ls.document(uri) is not None:
        ls.documents.state(uri).last_edit = edit_line(params.content_changes[-1])
    if not ls.pull_diagnostics:
        schedule(ls, uri)


def did_save(ls: NotesServer, params: types.DidSaveTextDocumentParams) -> None:
    """Saving ends focus: what it hid is reported (pushed again, or pulled after a refresh)."""
    uri = params.text_document.uri
    state = ls.documents.get(uri)
    if state is None or state.last_edit is None:
        return
    state.last_edit = None
    state.saves += 1
    if not state.hiding:
        return
    if not ls.pull_diagnostics:
        schedule(ls, uri)
    elif get_capability(ls.client_capabilities, "workspace.diagnostics.refresh_support", False):
        ls.workspace_diagnostic_refresh(None)


def did_close(ls: NotesServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.forget(uri)
    checked = ls.checked.get(unquote(uri))
    if checked is not None:
        task = asyncio.get_running_loop().create_task(republish_closed(ls, uri, checked))
        task.add_done_callback(lambda done: _report(ls, done))
    elif not ls.pull_diagnostics:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


async def republish_closed(ls: NotesServer, uri: str, checked: str) -> None:
    """A checked note closed again: its diagnostics from the file on disk (none when it is
    gone or unreadable), unless it was opened again meanwhile."""
    path = to_fs_path(checked)
    limit = ls.settings.max_document_size
    codec = ls.workspace.position_codec
    read = await ls.off_loop(closed_json, ls.analyzer(), codec, Path(path), limit) if path else None
    if ls.document(uri) is not None:
        return
    if read is None:
        ls.checked.pop(unquote(uri), None)
    publish(ls, checked, None, [] if read is None else read[1])


def refresh(ls: NotesServer) -> None:
    """Settings or templates changed: report every open document again."""
    if ls.pull_diagnostics:
        if get_capability(ls.client_capabilities, "workspace.diagnostics.refresh_support", False):
            ls.workspace_diagnostic_refresh(None)
        return
    for doc in list(ls.workspace.text_documents.values()):
        schedule(ls, doc.uri)


# pull ------------------------------------------------------------------------------------
def result_id(ls: NotesServer, version: int | None, text: str | None = None, uri: str = "") -> str:
    """Changes with the settings' generation and the document's version (or content), and
    with each save of an open document (which shows what focus mode hid)."""
    generation = ls.documents.generation
    if text is not None:
        return f"{generation}:{hashlib.sha1(text.encode()).hexdigest()[:16]}"
    state = ls.documents.get(uri)
    saves = state.saves if state is not None else 0
    return f"{generation}:v{version}" + (f":s{saves}" if saves else "")


async def document_diagnostic(
    ls: NotesServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport | JsonAnswer:
    """Answered in JSON, as thousands of diagnostics would take long to convert into LSP
    objects and back; for the version current when the answer is ready."""
    uri = params.text_document.uri
    doc = ls.document(uri)
    if doc is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    if params.previous_result_id == result_id(ls, doc.version, uri=uri):
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=params.previous_result_id)
    found = await current_json(ls, uri)
    if found is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    version, items = found
    answer = {"kind": "full", "resultId": result_id(ls, version, uri=uri), "items": items}
    return JsonAnswer(answer)


async def workspace_diagnostic(
    ls: NotesServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    """The notes of the workspace; only the open ones unless ``workspaceDiagnostics`` is on
    (closed notes would fill the Problems panel: Check Workspace reports them on demand)."""
    every_note = ls.settings.workspace_diagnostics
    previous = {item.uri: item.value for item in params.previous_result_ids}
    paths = await asyncio.to_thread(note_files, ls)
    items: list[types.WorkspaceDocumentDiagnosticReport] = []
    for path in paths:
        uri = from_fs_path(str(path))
        if uri is None:
            continue
        doc = ls.document(uri)
        if doc is not None:
            current = result_id(ls, doc.version, uri=uri)
            analysis = None if previous.get(uri) == current else await ls.analysed(uri)
            doc = ls.document(uri)
            if doc is None:
                continue
            version: int | None = doc.version
            current = result_id(ls, version, uri=uri)
        elif not every_note:
            continue
        else:
            version = None
            text = await asyncio.to_thread(read_closed_note, path, ls.settings.max_document_size)
            if text is None:
                continue
            current = result_id(ls, None, text)
            fresh = previous.get(uri) != current
            analysis = await ls.off_loop(ls.analyzer(), text) if fresh else None
        if previous.get(uri) == current:
            items.append(
                types.WorkspaceUnchangedDocumentDiagnosticReport(
                    result_id=current, uri=uri, version=version
                )
            )
        else:
            found = diagnostics(ls, uri if doc is not None else None, analysis)
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    items=found, uri=uri, version=version, result_id=current
                )
            )
    return types.WorkspaceDiagnosticReport(items=items)


def read_closed_note(path: Path, limit: int) -> str | None:
    """A closed note's text, when it can be read, fits ``limit`` (maxDocumentSize) and is
    small enough for a full analysis; ``None`` leaves the file out."""
    try:
        return read_note(path, min(limit, FULL_ANALYSIS_CHARACTERS))
    except (OSError, ReadError):
        return None


def note_files(ls: NotesServer) -> list[Path]:
    """The notes of the workspace folders, as the command line finds them (the core's
    discovery, with this server's settings); at most MAX_WORKSPACE_FILES."""
    loaded = Workspaces(ls.client_settings)
    if ls.notes_workspace is not None:
        loaded.loaded[ls.notes_workspace.root] = ls.notes_workspace
    return discover(ls.roots(), loaded, limit=MAX_WORKSPACE_FILES).paths


def debug_cache(ls: NotesServer, *args: Any) -> dict[str, Any]:
    """Test-only (``--test-commands``): what the analysis cache holds. ``{"budget": n}``
    sets its budget first, so a test can fill it with a few documents."""
    options = args[0] if args and isinstance(args[0], dict) else {}
    budget = options.get("budget")
    if isinstance(budget, int) and budget > 0:
        ls.documents.budget = budget
        ls.documents.trim()
    return ls.documents.cache_state()


def register(ls: NotesServer) -> None:
    if ls.test_commands:
        ls.command(DEBUG_CACHE)(debug_cache)
    ls.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(did_save)
    ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    options = types.DiagnosticOptions(
        identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=True
    )
    ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)(document_diagnostic)
    ls.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostic)
