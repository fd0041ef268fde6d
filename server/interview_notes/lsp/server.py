"""The server object: the documents' analyses, the settings and the templates in force."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument, Workspace

from .. import __version__
from ..analysis import Analysis, analyze
from ..findings import Finding
from ..incremental import IncrementalAnalyzer
from ..settings import Settings
from ..template import Template, TemplateSet
from ..text import LINE_BREAK

if TYPE_CHECKING:
    from pygls.server import ServerErrors

logger = logging.getLogger(__name__)
SOURCE = "interview-notes"
# Below this size even a first analysis takes a few milliseconds.
INLINE_CHARACTERS = 50_000


class NotesDocument(TextDocument):
    """pygls's document with the protocol's lines: only CRLF, CR and LF break a line.

    ``str.splitlines`` also breaks at U+2028, U+0085, form feeds and more, so a change sent
    for a line after one of those would land on the wrong line. A position past the end of
    a line means the end of that line, as the protocol says.
    """

    @property
    def lines(self) -> tuple[str, ...]:
        parts = LINE_BREAK.split(self.source)
        ends = [match.group(0) for match in LINE_BREAK.finditer(self.source)]
        found = [part + end for part, end in zip(parts[:-1], ends, strict=True)]
        if parts[-1]:
            found.append(parts[-1])
        return tuple(found)

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        text = self.source
        starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]
        start = self._offset(text, starts, change.range.start)
        end = self._offset(text, starts, change.range.end)
        if end < start:
            start, end = end, start
        self._source = text[:start] + change.text + text[end:]

    def _offset(self, text: str, starts: list[int], position: types.Position) -> int:
        """The code-point offset of a client position, clamped to its line."""
        if position.line >= len(starts):
            return len(text)
        begin = starts[position.line]
        stop = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
        line = text[begin:stop].rstrip("\r\n")
        codec = self.position_codec
        if line.isascii() or codec.encoding == types.PositionEncodingKind.Utf32:
            return begin + min(max(position.character, 0), len(line))
        units = 0
        for col, char in enumerate(line):
            if units >= position.character:
                return begin + col
            units += codec.client_num_units(char)
        return begin + len(line)


class NotesWorkspace(Workspace):
    """Creates :class:`NotesDocument` documents; ignores changes to documents not open."""

    def update_text_document(
        self,
        text_doc: types.VersionedTextDocumentIdentifier,
        change: types.TextDocumentContentChangeEvent,
    ) -> None:
        if unquote(text_doc.uri) not in self.text_documents:
            logger.warning("change to %s, which is not open: ignored", text_doc.uri)
            return
        super().update_text_document(text_doc, change)

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return NotesDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self.position_codec,
        )


class DocumentAnalyzer:
    """One document's incremental analyzer; analyses run on the loop and in worker threads."""

    def __init__(self, templates: TemplateSet, settings: Settings) -> None:
        self._analyzer = IncrementalAnalyzer(templates, settings)
        self._lock = threading.Lock()

    def analyze(self, text: str) -> Analysis:
        with self._lock:
            return self._analyzer.analyze(text)

    def is_quick(self, text: str) -> bool:
        """Whether analysing ``text`` is cheap enough to do on the event loop: a short
        document, or one whose earlier version left parsed parts to reuse."""
        return self._analyzer.warm or len(text) < INLINE_CHARACTERS


class NotesServer(LanguageServer):
    """Holds one analysis per open document version, shared by every feature."""

    def __init__(self, test_commands: bool = False) -> None:
        super().__init__(SOURCE, __version__, types.TextDocumentSyncKind.Incremental)
        self.test_commands = test_commands
        self.settings = Settings()
        self.templates = TemplateSet.load()
        self.client_settings: Mapping[str, Any] | None = None
        self.generation = 0
        self.shut_down = False
        self.exit_code = 1
        self.reported: set[str] = set()
        self._cache: dict[str, tuple[int | None, int, Analysis]] = {}
        self._too_large: set[str] = set()
        self._analyzers: dict[str, DocumentAnalyzer] = {}
        self.converted: dict[str, dict[int, tuple[Finding, dict[str, Any]]]] = {}
        self.analysing: dict[str, asyncio.Task[None]] = {}

    # client capabilities ---------------------------------------------------------------
    def capability(self, *path: str) -> Any:
        """A nested client capability, ``None`` when any part is missing."""
        found: Any = self.client_capabilities
        for name in path:
            found = getattr(found, name, None)
            if found is None:
                return None
        return found

    @property
    def pull_diagnostics(self) -> bool:
        """Clients that can pull diagnostics get no pushed ones."""
        return self.capability("text_document", "diagnostic") is not None

    @property
    def root(self) -> Path | None:
        folders = list(self.workspace.folders.values())
        uri = folders[0].uri if folders else self.workspace.root_uri
        path = to_fs_path(uri) if uri else None
        return Path(path) if path else None

    def roots(self) -> list[Path]:
        paths = [to_fs_path(folder.uri) for folder in self.workspace.folders.values()]
        if not paths and self.workspace.root_uri:
            paths = [to_fs_path(self.workspace.root_uri)]
        return [Path(path) for path in paths if path]

    def template(self, name: object = None) -> Template | None:
        """A template by name, the configured default when no name is given; ``None`` for
        a name that is not a string (command arguments come from anywhere)."""
        if name is not None and not isinstance(name, str):
            return None
        return self.templates.get(name or self.settings.default_template)

    # documents and analyses ------------------------------------------------------------
    def adopt_workspace(self) -> None:
        """Documents opened from now on follow the protocol's lines (see NotesDocument)."""
        workspace = self.workspace
        if type(workspace) is Workspace:
            workspace.__class__ = NotesWorkspace

    def document(self, uri: str) -> TextDocument | None:
        """An open document; ``None`` for closed or unknown ones (never read from disk).
        pygls keys documents by their unquoted URI: ``my%20notes`` is ``my notes``."""
        return self.workspace.text_documents.get(unquote(uri))

    def analyzer(self, uri: str | None = None) -> Callable[[str], Analysis]:
        """Open documents keep their parsed chunks between versions; others start afresh.
        Taken on the event loop, the result may run in a worker thread."""
        found = self.document_analyzer(uri)
        if found is None:
            return partial(analyze, templates=self.templates, settings=self.settings)
        return found.analyze

    def document_analyzer(self, uri: str | None) -> DocumentAnalyzer | None:
        if uri is None or self.document(uri) is None:
            return None
        found = self._analyzers.get(uri)
        if found is None:
            found = self._analyzers[uri] = DocumentAnalyzer(self.templates, self.settings)
        return found

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the open document's current version, computed once."""
        doc = self.document(uri)
        if doc is None or not self.within_size(uri, doc.source):
            return None
        cached = self._cache.get(uri)
        if cached is not None and cached[:2] == (doc.version, self.generation):
            return cached[2]
        result = self.analyzer(uri)(doc.source)
        self.remember(uri, doc.version, result)
        return result

    def remember(self, uri: str, version: int | None, analysis: Analysis) -> None:
        self._cache[uri] = (version, self.generation, analysis)

    def cached(self, uri: str, version: int | None) -> Analysis | None:
        found = self._cache.get(uri)
        if found is not None and found[:2] == (version, self.generation):
            return found[2]
        return None

    def within_size(self, uri: str, text: str) -> bool:
        """Whether a document is small enough to analyse; says so once when it is not."""
        limit = self.settings.max_document_size
        if len(text) <= limit:
            self._too_large.discard(uri)
            return True
        if uri not in self._too_large:
            self._too_large.add(uri)
            self.show(
                f"{Path(to_fs_path(uri) or uri).name} has {len(text)} characters, more than "
                f"maxDocumentSize ({limit}): it is not checked.",
                types.MessageType.Info,
            )
        return False

    def forget(self, uri: str) -> None:
        self._cache.pop(uri, None)
        self.converted.pop(uri, None)
        self._analyzers.pop(uri, None)
        self._too_large.discard(uri)

    def invalidate(self) -> None:
        """Settings or templates changed: every analysis is stale."""
        self.generation += 1
        self._cache.clear()
        self.converted.clear()
        self._analyzers.clear()

    def shutdown(self) -> None:
        """Stop without joining the stdin reader thread, which blocks until the client's EOF."""
        if self._stop_event is not None:
            self._stop_event.set()
        if self._thread_pool is not None:
            self._thread_pool.shutdown(wait=False, cancel_futures=True)
        if self._server is not None:
            self._server.close()

    # messages ---------------------------------------------------------------------------
    def notify_json(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification built as plain JSON. Diagnostics go out on every keystroke;
        building them as JSON skips a conversion of each one through LSP objects."""
        self.protocol._send_data({"jsonrpc": "2.0", "method": method, "params": params})

    def show(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        logger.info("%s", message)
        self.window_show_message(types.ShowMessageParams(kind, f"interview-notes: {message}"))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        logger.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, message)
        self.window_log_message(types.LogMessageParams(kind, message))

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """A failing handler is logged (stderr and the client's log); the server goes on."""
        self.log(f"{source.__name__}: {error}")
