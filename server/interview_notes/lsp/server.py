"""The server object: the documents' analyses, the settings and the templates in force.

The event loop never analyses a document, except the next version of a small one whose last
analysis took a few milliseconds (that keeps typing fast). Everything else is analysed in a
worker thread that a request awaits, so other requests are answered meanwhile and
``$/cancelRequest`` cancels the wait. Each document has at most one analysis in flight, always
of its newest version; one finished for a version that went stale is dropped. Analyses are
kept for the most recently used documents, within a budget of characters (see documents.py).
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import unquote

from cattrs import Converter
from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..analysis import Analysis, analyze
from ..settings import Settings
from ..template import Template, TemplateSet
from ..workspace import Workspace as NotesFolder
from .convert import param
from .documents import (
    INLINE_CHARACTERS,
    CachedAnalysis,
    DocumentAnalyzer,
    DocumentState,
    NotesWorkspace,
    OpenDocuments,
    Stale,
)
from .protocol import NotesProtocol
from .pygls_internals import adopt_workspace, stop_thread_pool

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
# Two workers: a long analysis of one document does not hold back the others, and memory
# peaks with at most two analyses under way.
ANALYSIS_WORKERS = 2
SWITCH_INTERVAL = 0.001


class Listener(Protocol):
    """A TCP or WebSocket server accepting connections."""

    def close(self) -> None: ...


class JsonAnswer:
    """A result already in the protocol's JSON, which the server's converter passes on as it
    is (see :func:`json_converter`): converting thousands of symbols or diagnostics through
    LSP objects took 100-300 ms of the event loop. Only for methods whose result type is a
    union (documentSymbol, diagnostic)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def json_converter() -> Converter:
    """pygls's converter, passing :class:`JsonAnswer` results on as they are."""
    converter: Converter = default_converter()
    converter.register_unstructure_hook(JsonAnswer, lambda answer: answer.value)
    return converter


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


class NotesServer(LanguageServer):
    """Holds one analysis per open document version, shared by every feature."""

    def __init__(self, test_commands: bool = False) -> None:
        converter = json_converter()
        super().__init__(
            SOURCE,
            __version__,
            types.TextDocumentSyncKind.Incremental,
            protocol_cls=NotesProtocol,
            converter_factory=lambda: converter,
        )
        # The protocol's converter: it structures what the server builds as JSON.
        self.converter = converter
        self.test_commands = test_commands
        self.settings = Settings()
        self.templates = TemplateSet.load()
        self.client_settings: Mapping[str, Any] | None = None
        # The workspace of the first folder (None without one): root, settings, templates.
        self.notes_workspace: NotesFolder | None = None
        self.shut_down = False
        self.exit_code = 1
        self.reported: set[str] = set()
        self.documents = OpenDocuments(CACHE_CHARACTERS)
        # Closed notes whose diagnostics interviewNotes.checkWorkspace published, by unquoted
        # URI (as documents are keyed) to the URI they were published for.
        self.checked: dict[str, str] = {}
        # The workspace check under way (see check.py).
        self.checking: asyncio.Task[Any] | None = None
        # Set by the transport (see transport.py): what stops its loop, and its listener.
        self.stop_event: threading.Event | None = None
        self.listener: Listener | None = None
        self._workers = ThreadPoolExecutor(ANALYSIS_WORKERS, thread_name_prefix="analysis")
        # While a worker runs Python code, the event loop waits up to the switch interval
        # for the GIL each time it wakes, and a request takes several wakes: with Python's
        # 5 ms a hover waited up to 140 ms behind an analysis, with 1 ms up to 45 ms.
        sys.setswitchinterval(SWITCH_INTERVAL)

    @property
    def pull_diagnostics(self) -> bool:
        """Clients that can pull diagnostics get no pushed ones."""
        return get_capability(self.client_capabilities, "text_document.diagnostic") is not None

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
        adopt_workspace(self.workspace, NotesWorkspace)

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
        state = self.documents.state(uri)
        if state.analyzer is None:
            state.analyzer = DocumentAnalyzer(self.templates, self.settings)
        return state.analyzer

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
            found = self.documents.fresh(uri, doc)
            if found is None and full:
                found = self._quick(uri, doc)
            if found is not None:
                return found
            task = self._analysis_task(uri, build)
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
            if done is not None and doc is not None and self.documents.is_current(done, doc):
                return done
        return None

    def _analysis_task(
        self, uri: str, build: Callable[[str], Any] | None
    ) -> asyncio.Task[CachedAnalysis | None]:
        """The one task analysing the document's newest version, started if none is."""
        state = self.documents.state(uri)
        task = state.analysing
        if task is None or task.done():
            task = asyncio.get_running_loop().create_task(self._analyse_newest(uri, build))
            state.analysing = task
            task.add_done_callback(partial(_finished, state))
        return task

    def analysis(self, uri: str) -> Analysis | None:
        """The full analysis of the open document's current version, for code that cannot
        await (commands: see :meth:`command`). Found ready in practice; computing it here
        would block the event loop."""
        doc = self.document(uri)
        if doc is None or not self.within_size(uri, doc.source):
            return None
        if not self.full_analysis(uri, doc.source):
            return None
        found = self.documents.fresh(uri, doc)
        if found is not None:
            return found.analysis
        logger.info("analysing %s on the event loop", uri)
        analyzer = self.document_analyzer(uri)
        assert analyzer is not None
        result = analyzer.analyze(doc.source)
        self.documents.remember(uri, doc, result)
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
        state = self.documents.get(uri)
        analyzer = state.analyzer if state is not None else None
        if analyzer is None or len(analysis.note.source.text) <= INLINE_CHARACTERS:
            return function(analysis)
        return await self.off_loop(analyzer.read, analysis, function)

    def _quick(self, uri: str, doc: TextDocument) -> CachedAnalysis | None:
        analyzer = self.document_analyzer(uri)
        text = doc.source
        if analyzer is None or not analyzer.is_quick(text):
            return None
        found = analyzer.analyze_if_free(text)
        return None if found is None else self.documents.remember(uri, doc, found)

    async def _analyse_newest(
        self, uri: str, build: Callable[[str], Any] | None
    ) -> CachedAnalysis | None:
        """Analyse the document's newest version in a worker thread until one is cached;
        what finished for a version that went stale meanwhile is dropped. A document too
        large for full analysis gets ``build`` (``None`` when the caller wants none)."""
        documents = self.documents
        while not self.shut_down and (doc := self.document(uri)) is not None:
            text, version, generation = doc.source, doc.version, documents.generation
            if not self.within_size(uri, text):
                return None
            if (found := documents.fresh(uri, doc)) is not None:
                return found
            full = self.full_analysis(uri, text)
            if full:
                analyzer = self.document_analyzer(uri)
                assert analyzer is not None
                job: Callable[[str], Any] = analyzer.analyze
            elif build is None:
                return None
            else:
                documents.state(uri).analyzer = None
                job = partial(_paused, build)
            result = await self.off_loop(job, text)
            current = self.document(uri) is doc and doc.version == version
            if current and generation == documents.generation:
                return documents.remember(uri, doc, result, full, len(text))
        return None

    def within_size(self, uri: str, text: str) -> bool:
        """Whether a document is small enough to analyse; says so once when it is not."""
        limit = self.settings.max_document_size
        state = self.documents.state(uri)
        if len(text) > limit and not state.said_too_large:
            self.show(
                f"{_name(uri)} has {len(text)} characters, more than "
                f"maxDocumentSize ({limit}): it is not checked.",
                types.MessageType.Info,
            )
        state.said_too_large = len(text) > limit
        return not state.said_too_large

    def full_analysis(self, uri: str, text: str) -> bool:
        """Whether a document is small enough to check; says once when it is too large."""
        state = self.documents.state(uri)
        if len(text) > FULL_ANALYSIS_CHARACTERS and not state.said_partial:
            self.show(
                f"{_name(uri)} is too large for full analysis ({len(text)} characters, more "
                f"than {FULL_ANALYSIS_CHARACTERS}): it is not checked; its outline and "
                "folding are still given.",
                types.MessageType.Info,
            )
        state.said_partial = len(text) > FULL_ANALYSIS_CHARACTERS
        return not state.said_partial

    def invalidate(self) -> None:
        """Settings or templates changed: every analysis is stale (see
        :meth:`~.documents.OpenDocuments.invalidate`)."""
        self.documents.invalidate()

    def shutdown(self) -> None:
        """Stop without joining the stdin reader thread, which blocks until the client's EOF,
        or an analysis under way."""
        if self.stop_event is not None:
            self.stop_event.set()
        stop_thread_pool(self)
        self._workers.shutdown(wait=False, cancel_futures=True)
        if self.listener is not None:
            self.listener.close()

    # messages ---------------------------------------------------------------------------
    def show(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        logger.info("%s", message)
        self.window_show_message(types.ShowMessageParams(kind, f"interview-notes: {message}"))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        logger.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, message)
        self.window_log_message(types.LogMessageParams(kind, message))

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """A failing handler is logged (stderr and the client's log); the server goes on."""
        self.log(f"{source.__name__}: {error}")


def _finished(state: DocumentState, task: asyncio.Task[CachedAnalysis | None]) -> None:
    if state.analysing is task:
        state.analysing = None


def _name(uri: str) -> str:
    return Path(to_fs_path(uri) or uri).name


def _document_of(argument: object) -> str | None:
    """The document a command's or request's argument names, if any."""
    uri = param(argument, "uri")
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
