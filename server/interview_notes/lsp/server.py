"""The server object: the documents' analyses, the settings and the templates in force.

The event loop never analyses a document, except the next version of a small one whose last
analysis took a few milliseconds (that keeps typing fast). Everything else is analysed in a
worker thread that a request awaits, so other requests are answered meanwhile and
``$/cancelRequest`` cancels the wait. Each document has at most one analysis in flight, always
of its newest version; one finished for a version that went stale is dropped. Analyses are
kept for the most recently used documents, within a budget of characters.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
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
from ..workspace import Workspace as NotesFolder

if TYPE_CHECKING:
    from pygls.server import ServerErrors

logger = logging.getLogger(__name__)
SOURCE = "interview-notes"
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# Above this many characters a document is not checked, only outlined and folded: measured
# on 250,000 characters, a first analysis takes 0.3 s for a filled note, 0.6 s for the
# template repeated, and 4 s with 200 MB kept for one heading per line; at 900,000 they are
# 1.5 s, 5.5 s and 19 s with 800 MB. (maxDocumentSize still says what is not read at all.)
FULL_ANALYSIS_CHARACTERS = 250_000
# Analyses kept, counted in characters of their documents: a full analysis keeps 60 to 150
# bytes a character for real notes (the incremental analyzer's parsed chunks), so this is
# a few hundred MB at most.
CACHE_CHARACTERS = 4_000_000
# The event loop analyses the next version of a document itself only when it is at most
# this long, has as many lines as the version before (an edit within lines reuses nearly
# all parsed chunks) and its last analysis took at most QUICK_SECONDS.
INLINE_CHARACTERS = 100_000
QUICK_SECONDS = 0.005
# Two workers: a long analysis of one document does not hold back the others, and memory
# peaks with at most two analyses under way.
ANALYSIS_WORKERS = 2
SWITCH_INTERVAL = 0.001


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
        start = self._offset(text, change.range.start)
        end = self._offset(text, change.range.end)
        if end < start:
            start, end = end, start
        self._source = text[:start] + change.text + text[end:]

    def _offset(self, text: str, position: types.Position) -> int:
        """The code-point offset of a client position, clamped to its line."""
        bounds = _line_bounds(text, position.line)
        if bounds is None:
            return len(text)
        begin, stop = bounds
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


def _line_bounds(text: str, number: int) -> tuple[int, int] | None:
    """Where a line starts and where the next one does; ``None`` past the last line. Only
    the lines up to ``number`` are split, in C when LF is the only break: a keystroke in a
    long document costs a fraction of scanning every line."""
    if "\r" not in text:
        parts = text.split("\n", number + 1)
        if len(parts) <= number:
            return None
        stop = len(text) - len(parts[-1]) if len(parts) == number + 2 else len(text)
        line = parts[number]
        return stop - len(line) - (len(parts) == number + 2), stop
    starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]
    if number >= len(starts):
        return None
    return starts[number], starts[number + 1] if number + 1 < len(starts) else len(text)


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


class Stale(Exception):
    """A newer version was analysed before a worker thread could read this analysis."""


class JsonAnswer:
    """A result already in the protocol's JSON, which pygls's converter passes on as it is
    (see :meth:`NotesServer.pass_json_answers`): converting thousands of symbols or
    diagnostics through LSP objects took 100-300 ms of the event loop. Only for methods
    whose result type is a union (documentSymbol, diagnostic)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class DocumentAnalyzer:
    """One document's incremental analyzer, used by one thread at a time, and how long its
    last analysis took (which says whether the next may run on the event loop)."""

    def __init__(self, templates: TemplateSet, settings: Settings) -> None:
        self._analyzer = IncrementalAnalyzer(templates, settings)
        self._lock = threading.Lock()
        self._seconds = float("inf")
        self._breaks = -1
        self._latest: Analysis | None = None

    def analyze(self, text: str) -> Analysis:
        with self._lock:
            return self._timed(text)

    def analyze_if_free(self, text: str) -> Analysis | None:
        """The analysis, or ``None`` when a worker thread is busy with this document: the
        event loop never waits for one."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return self._timed(text)
        finally:
            self._lock.release()

    def _timed(self, text: str) -> Analysis:
        started = time.perf_counter()
        found = self._latest = self._analyzer.analyze(text)
        self._seconds = time.perf_counter() - started
        self._breaks = _breaks(text)
        return found

    def read(self, analysis: Analysis, function: Callable[[Analysis], T]) -> T:
        """``function(analysis)`` while no other version is analysed: the next analysis
        rewires sections it shares with this one. Raises :class:`Stale` when one already
        was."""
        with self._lock:
            if analysis is not self._latest:
                raise Stale
            return function(analysis)

    def is_quick(self, text: str) -> bool:
        """Whether analysing ``text`` is cheap enough to do on the event loop: a short
        document whose previous version has as many lines and took a few milliseconds.
        A first analysis never is (even the template takes about 10 ms)."""
        return (
            self._analyzer.warm
            and len(text) <= INLINE_CHARACTERS
            and self._seconds <= QUICK_SECONDS
            and _breaks(text) == self._breaks
        )


def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r")


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large structure is built: each full collection
    scans every object and holds the GIL meanwhile, so the ones a growing heap of a
    million objects sets off stalled the event loop for up to half a second each. What is
    built must not be garbage in cycles (the builder breaks them), or it waits for the
    next collection."""
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def _paused(build: Callable[[str], T], text: str) -> T:
    with collection_paused():
        return build(text)


@dataclass(eq=False)
class CachedAnalysis:
    """One open document's analysis for one version under one generation of settings: a
    full :class:`Analysis`, or what a document too large for it gets (``full`` false; see
    :meth:`NotesServer.structure`)."""

    document: TextDocument
    version: int | None
    generation: int
    analysis: Any
    characters: int
    full: bool


class NotesServer(LanguageServer):
    """Holds one analysis per open document version, shared by every feature."""

    def __init__(self, test_commands: bool = False) -> None:
        super().__init__(SOURCE, __version__, types.TextDocumentSyncKind.Incremental)
        self.test_commands = test_commands
        self.settings = Settings()
        self.templates = TemplateSet.load()
        self.client_settings: Mapping[str, Any] | None = None
        # The workspace of the first folder (None without one): root, settings, templates.
        self.notes_workspace: NotesFolder | None = None
        self.generation = 0
        self.shut_down = False
        self.exit_code = 1
        self.reported: set[str] = set()
        self.cache_budget = CACHE_CHARACTERS
        # Least recently used first.
        self._cache: OrderedDict[str, CachedAnalysis] = OrderedDict()
        self._too_large: set[str] = set()
        self._partial: set[str] = set()
        self._analyzers: dict[str, DocumentAnalyzer] = {}
        self.converted: dict[str, dict[int, tuple[Finding, dict[str, Any]]]] = {}
        # The analysis in flight for each document (see _analyse_newest).
        self.analysing: dict[str, asyncio.Task[CachedAnalysis | None]] = {}
        # The diagnostics publisher of each document (see diagnostics.schedule).
        self.publishing: dict[str, asyncio.Task[None]] = {}
        # Focus mode: the line, in the current text, where each open document's most recent
        # edit ends; dropped when the document is saved (see diagnostics.focus).
        self.last_edit: dict[str, int] = {}
        # Saves of each open document, part of its result ids: a save shows what focus hid.
        self.saves: dict[str, int] = {}
        # Open documents whose last diagnostics left out findings under the edit.
        self.hiding: set[str] = set()
        # Closed notes whose diagnostics interviewNotes.checkWorkspace published, by unquoted
        # URI (as documents are keyed) to the URI they were published for.
        self.checked: dict[str, str] = {}
        # The workspace check under way (see check.py).
        self.checking: asyncio.Task[Any] | None = None
        self._workers = ThreadPoolExecutor(ANALYSIS_WORKERS, thread_name_prefix="analysis")
        # While a worker runs Python code, the event loop waits up to the switch interval
        # for the GIL each time it wakes, and a request takes several wakes: with Python's
        # 5 ms a hover waited up to 140 ms behind an analysis, with 1 ms up to 45 ms.
        sys.setswitchinterval(SWITCH_INTERVAL)

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

    # handlers ---------------------------------------------------------------------------
    def command(self, command_name: str) -> Callable[[F], F]:
        """Registers a command that first awaits the analysis of the document its argument
        names (``{"uri": ...}``): computed off the event loop, so the command, which reads
        it with :meth:`analysis`, finds it ready, and the wait can be cancelled."""
        register = super().command(command_name)

        def decorator(handler: F) -> F:
            register(_after_analysis(handler))
            return handler

        return decorator

    def feature(self, feature_name: str, options: Any | None = None) -> Callable[[F], F]:
        """As :meth:`command` for our own requests (``interviewNotes/...``); the protocol's
        methods are registered as they are, their handlers await :meth:`analysed`."""
        register = super().feature(feature_name, options)
        if feature_name in types.METHOD_TO_TYPES:
            return register

        def decorator(handler: F) -> F:
            register(_after_analysis(handler))
            return handler

        return decorator

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

    async def analysed(self, uri: str) -> Analysis | None:
        """The full analysis of the open document's current version; ``None`` for closed
        documents and those too large for it.

        Computed in a worker thread unless quick; when the document changes meanwhile, the
        newest version's analysis is awaited in its turn. Cancelling the caller cancels only
        its wait: the analysis goes on for whoever else needs it.
        """
        found = await self._current(uri, None)
        return found.analysis if found is not None and found.full else None

    async def structure(self, uri: str, build: Callable[[str], T]) -> Analysis | T | None:
        """As :meth:`analysed`; but a document too large for full analysis gives
        ``build(text)`` instead (its outline and folds), built in a worker thread with
        collection paused and kept as its analysis would be."""
        found = await self._current(uri, build)
        return None if found is None else found.analysis

    async def _current(self, uri: str, build: Callable[[str], Any] | None) -> CachedAnalysis | None:
        """The cached analysis of the document's current version, computed first if need be:
        on the event loop when quick, else by the one task analysing the document."""
        while not self.shut_down:
            doc = self.document(uri)
            if doc is None or not self.within_size(uri, doc.source):
                return None
            full = self.full_analysis(uri, doc.source)
            if not full and build is None:
                return None
            found = self._fresh(uri, doc)
            if found is not None:
                return found
            quick = self._quick(uri, doc) if full else None
            if quick is not None:
                return quick
            task = self.analysing.get(uri)
            if task is None or task.done():
                task = asyncio.get_running_loop().create_task(self._analyse_newest(uri, build))
                self.analysing[uri] = task
                task.add_done_callback(partial(self._finished, uri))
            # Unlike awaiting the task, wait() leaves it running when the caller is
            # cancelled, and does not raise when the task is (the document was closed).
            await asyncio.wait({task})
            if task.cancelled():
                continue
            if (error := task.exception()) is not None:
                raise error
            # Taken from the task, not the cache: other documents' analyses may already
            # have pushed it out.
            done, doc = task.result(), self.document(uri)
            if done is not None and doc is not None and self._valid(done, doc):
                return done
        return None

    def analysis(self, uri: str) -> Analysis | None:
        """The full analysis of the open document's current version, for code that cannot
        await (commands: see :meth:`command`). Found ready in practice; computing it here
        would block the event loop."""
        doc = self.document(uri)
        if doc is None or not self.within_size(uri, doc.source):
            return None
        if not self.full_analysis(uri, doc.source):
            return None
        found = self._fresh(uri, doc)
        if found is not None:
            return found.analysis
        logger.info("analysing %s on the event loop", uri)
        analyzer = self.document_analyzer(uri)
        assert analyzer is not None
        result = analyzer.analyze(doc.source)
        self.remember(uri, doc, result)
        return result

    async def off_loop(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in an analysis worker thread."""
        return await asyncio.get_running_loop().run_in_executor(self._workers, function, *args)

    async def with_analysis(self, uri: str, function: Callable[[Analysis], T]) -> T | None:
        """``function`` of the open document's current analysis (see :meth:`read`), asked
        again when a newer version overtook it; ``None`` when there is no analysis."""
        while True:
            analysis = await self.analysed(uri)
            if analysis is None:
                return None
            try:
                return await self.read(uri, analysis, function)
            except Stale:
                continue

    async def read(self, uri: str, analysis: Analysis, function: Callable[[Analysis], T]) -> T:
        """``function(analysis)`` for an analysis :meth:`analysed` gave, in a worker thread
        when the document is long. Raises :class:`Stale` when the document's next version
        was analysed first: ask for the analysis again."""
        analyzer = self._analyzers.get(uri)
        if analyzer is None or len(analysis.note.source.text) <= INLINE_CHARACTERS:
            return function(analysis)
        return await self.off_loop(analyzer.read, analysis, function)

    def pass_json_answers(self) -> None:
        """Let handlers answer with :class:`JsonAnswer` (once the protocol is in place)."""
        converter = self.protocol._converter
        converter.register_unstructure_hook(JsonAnswer, lambda answer: answer.value)

    def _fresh(self, uri: str, doc: TextDocument) -> CachedAnalysis | None:
        """The cached analysis of ``doc``'s current version, now the most recently used."""
        found = self._cache.get(uri)
        if found is None or not self._valid(found, doc):
            return None
        self._cache.move_to_end(uri)
        return found

    def _valid(self, found: CachedAnalysis, doc: TextDocument) -> bool:
        """Whether an analysis is of this document as it is now (a document closed and
        opened again starts over at some version)."""
        return (
            found.document is doc
            and found.version == doc.version
            and found.generation == self.generation
        )

    def _quick(self, uri: str, doc: TextDocument) -> CachedAnalysis | None:
        analyzer = self.document_analyzer(uri)
        text = doc.source
        if analyzer is None or not analyzer.is_quick(text):
            return None
        found = analyzer.analyze_if_free(text)
        return None if found is None else self.remember(uri, doc, found)

    async def _analyse_newest(
        self, uri: str, build: Callable[[str], Any] | None
    ) -> CachedAnalysis | None:
        """Analyse the document's newest version in a worker thread until one is cached;
        what finished for a version that went stale meanwhile is dropped. A document too
        large for full analysis gets ``build`` (``None`` when the caller wants none)."""
        while not self.shut_down and (doc := self.document(uri)) is not None:
            text, version, generation = doc.source, doc.version, self.generation
            if not self.within_size(uri, text):
                return None
            if (found := self._fresh(uri, doc)) is not None:
                return found
            full = self.full_analysis(uri, text)
            if full:
                analyzer = self.document_analyzer(uri)
                assert analyzer is not None
                job: Callable[[str], Any] = analyzer.analyze
            elif build is None:
                return None
            else:
                self._analyzers.pop(uri, None)
                job = partial(_paused, build)
            result = await self.off_loop(job, text)
            current = self.document(uri) is doc and doc.version == version
            if current and generation == self.generation:
                return self.remember(uri, doc, result, full, len(text))
        return None

    def _finished(self, uri: str, task: asyncio.Task[CachedAnalysis | None]) -> None:
        if self.analysing.get(uri) is task:
            del self.analysing[uri]

    def remember(
        self,
        uri: str,
        doc: TextDocument,
        analysis: Any,
        full: bool = True,
        characters: int | None = None,
    ) -> CachedAnalysis:
        """Keep an analysis of ``doc``'s current version as the most recently used; it
        counts as many characters as the document has."""
        size = len(doc.source) if characters is None else characters
        found = CachedAnalysis(doc, doc.version, self.generation, analysis, size, full)
        self._cache[uri] = found
        self._cache.move_to_end(uri)
        self.trim()
        return found

    def trim(self) -> None:
        """Drop the least recently used documents' analyses, with their analyzers and
        converted diagnostics, beyond the budget; the most recent stays even when it alone
        is over. A document dropped is analysed again when asked for."""
        total = sum(found.characters for found in self._cache.values())
        while total > self.cache_budget and len(self._cache) > 1:
            oldest, dropped = next(iter(self._cache.items()))
            total -= dropped.characters
            self._drop(oldest)

    def _drop(self, uri: str) -> None:
        self._cache.pop(uri, None)
        self.converted.pop(uri, None)
        self._analyzers.pop(uri, None)

    def keep_converted(
        self, uri: str, converted: dict[int, tuple[Finding, dict[str, Any]]]
    ) -> None:
        """Keep a document's converted diagnostics as long as its analysis is cached."""
        if uri in self._cache:
            self.converted[uri] = converted

    def cache_state(self) -> dict[str, Any]:
        """What the cache holds, for tests: documents least recently used first."""
        return {
            "budget": self.cache_budget,
            "characters": sum(found.characters for found in self._cache.values()),
            "documents": [
                {"uri": uri, "characters": found.characters, "full": found.full}
                for uri, found in self._cache.items()
            ],
            "analyzers": sorted(self._analyzers),
            "converted": sorted(self.converted),
        }

    def within_size(self, uri: str, text: str) -> bool:
        """Whether a document is small enough to analyse; says so once when it is not."""
        limit = self.settings.max_document_size
        if len(text) <= limit:
            self._too_large.discard(uri)
            return True
        if uri not in self._too_large:
            self._too_large.add(uri)
            self.show(
                f"{_name(uri)} has {len(text)} characters, more than "
                f"maxDocumentSize ({limit}): it is not checked.",
                types.MessageType.Info,
            )
        return False

    def full_analysis(self, uri: str, text: str) -> bool:
        """Whether a document is small enough to check; says once when it is too large."""
        if len(text) <= FULL_ANALYSIS_CHARACTERS:
            self._partial.discard(uri)
            return True
        if uri not in self._partial:
            self._partial.add(uri)
            self.show(
                f"{_name(uri)} is too large for full analysis ({len(text)} characters, more "
                f"than {FULL_ANALYSIS_CHARACTERS}): it is not checked; its outline and "
                "folding are still given.",
                types.MessageType.Info,
            )
        return False

    def forget(self, uri: str) -> None:
        self._drop(uri)
        self.last_edit.pop(uri, None)
        self.saves.pop(uri, None)
        self.hiding.discard(uri)
        self._too_large.discard(uri)
        self._partial.discard(uri)
        task = self.analysing.pop(uri, None)
        if task is not None:
            task.cancel()

    def invalidate(self) -> None:
        """Settings or templates changed: every analysis is stale, and those under way are
        given up (their threads finish, unused)."""
        self.generation += 1
        self._cache.clear()
        self.converted.clear()
        self._analyzers.clear()
        for task in self.analysing.values():
            task.cancel()
        self.analysing.clear()

    def shutdown(self) -> None:
        """Stop without joining the stdin reader thread, which blocks until the client's EOF,
        or an analysis under way."""
        if self._stop_event is not None:
            self._stop_event.set()
        if self._thread_pool is not None:
            self._thread_pool.shutdown(wait=False, cancel_futures=True)
        self._workers.shutdown(wait=False, cancel_futures=True)
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


def _name(uri: str) -> str:
    return Path(to_fs_path(uri) or uri).name


def _document_of(argument: object) -> str | None:
    """The document a command's or request's argument names, if any."""
    uri = argument.get("uri") if isinstance(argument, dict) else getattr(argument, "uri", None)
    return uri if isinstance(uri, str) else None


def _after_analysis(handler: Callable[..., Any]) -> Callable[..., Any]:
    """``handler`` (which takes the server first) run once the analysis of the document its
    first argument names is current."""

    async def run(ls: NotesServer, *args: Any) -> Any:
        uri = _document_of(args[0]) if args else None
        if uri is not None:
            await ls.analysed(uri)
        result = handler(ls, *args)
        return await result if inspect.isawaitable(result) else result

    run.__name__ = run.__qualname__ = getattr(handler, "__name__", "handler")
    run.__doc__ = handler.__doc__
    return run
