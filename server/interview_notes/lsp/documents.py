"""Open documents: their text as the protocol counts lines, and what the server keeps for each.

Each open document has one :class:`DocumentState`: its incremental analyzer, its last analysis,
its converted diagnostics, the analysis and the diagnostics publisher under way, and focus
mode's memory of its last edit. :class:`OpenDocuments` holds them, least recently analysed
first, and keeps analyses within a budget of characters.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import TextDocument

from ..analysis import Analysis
from ..findings import Finding
from ..incremental import IncrementalAnalyzer
from ..settings import Settings
from ..template import TemplateSet
from ..text import LINE_BREAK
from .convert import offset_from_client_units
from .pygls_internals import DocumentWorkspace, EditableDocument

logger = logging.getLogger(__name__)
T = TypeVar("T")

# The event loop analyses the next version of a document itself only when it is at most
# this long, has as many lines as the version before (an edit within lines reuses nearly
# all parsed chunks) and its last analysis took at most QUICK_SECONDS.
INLINE_CHARACTERS = 100_000
QUICK_SECONDS = 0.005

# A finding's diagnostic as JSON, by the finding's id, with the finding (which keeps the id
# from being reused).
Converted = dict[int, tuple[Finding, dict[str, Any]]]


# pygls's documents -----------------------------------------------------------------------
class NotesDocument(EditableDocument):
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

    def changed_text(self, change: types.TextDocumentContentChangePartial) -> str:
        text, codec = self.source, self.position_codec
        start = offset_from_client_units(codec, text, change.range.start)
        end = offset_from_client_units(codec, text, change.range.end)
        if end < start:
            start, end = end, start
        return text[:start] + change.text + text[end:]


class NotesWorkspace(DocumentWorkspace):
    """Creates :class:`NotesDocument` documents; ignores changes to documents not open."""

    document_class = NotesDocument

    def update_text_document(
        self,
        text_doc: types.VersionedTextDocumentIdentifier,
        change: types.TextDocumentContentChangeEvent,
    ) -> None:
        if unquote(text_doc.uri) not in self.text_documents:
            logger.warning("change to %s, which is not open: ignored", text_doc.uri)
            return
        super().update_text_document(text_doc, change)


# analyses --------------------------------------------------------------------------------
class Stale(Exception):
    """A newer version was analysed before a worker thread could read this analysis."""


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


@dataclass(eq=False)
class CachedAnalysis:
    """One open document's analysis for one version under one generation of settings: a
    full :class:`Analysis`, or what a document too large for it gets (``full`` false; see
    :meth:`~.server.NotesServer.structure`)."""

    document: TextDocument
    version: int | None
    generation: int
    analysis: Any
    characters: int
    full: bool


# one document ----------------------------------------------------------------------------
@dataclass(eq=False)
class DocumentState:
    """What the server keeps for one open document.

    The analyzer, the analysis and the converted diagnostics go together: the cache drops
    them when the document is no longer among the most recently used, and they are made
    again when asked for. The rest lasts until the document is closed.
    """

    analyzer: DocumentAnalyzer | None = None
    cached: CachedAnalysis | None = None
    # The diagnostics of ``cached``'s findings, reused by the next conversion.
    converted: Converted | None = None
    # Whether the user was told the document is over maxDocumentSize, or too large for a
    # full analysis (said once until that changes).
    said_too_large: bool = False
    said_partial: bool = False
    # The analysis of its newest version under way (see NotesServer._analyse_newest), and
    # the diagnostics publisher awaiting it (see diagnostics.schedule).
    analysing: asyncio.Task[CachedAnalysis | None] | None = None
    publishing: asyncio.Task[None] | None = None
    # Focus mode: the line, in the current text, where the most recent edit ends (``None``
    # once saved); how many saves there were, part of its result ids (a save shows what
    # focus hid); whether its last diagnostics left out findings under the edit.
    last_edit: int | None = None
    saves: int = 0
    hiding: bool = False

    def drop_analysis(self) -> None:
        self.analyzer = self.cached = self.converted = None

    def stop_analysis(self) -> None:
        """Give up the analysis under way (its thread finishes, unused)."""
        if self.analysing is not None:
            self.analysing.cancel()
            self.analysing = None


# every document --------------------------------------------------------------------------
class OpenDocuments:
    """Each open document's state, by URI as the client sent it, least recently analysed
    first; analyses are kept within :attr:`budget` characters."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        # Settings or templates changed this many times: an older analysis is stale.
        self.generation = 0
        self._states: OrderedDict[str, DocumentState] = OrderedDict()

    def get(self, uri: str) -> DocumentState | None:
        return self._states.get(uri)

    def state(self, uri: str) -> DocumentState:
        """The document's state, made when there is none yet."""
        found = self._states.get(uri)
        if found is None:
            found = self._states[uri] = DocumentState()
        return found

    def __iter__(self) -> Iterator[DocumentState]:
        return iter(list(self._states.values()))

    def opened(self, uri: str) -> None:
        """A document was opened: focus mode starts afresh."""
        self.state(uri).last_edit = None

    def forget(self, uri: str) -> None:
        """A document was closed: all its state goes, and its tasks are given up."""
        found = self._states.pop(uri, None)
        if found is None:
            return
        found.stop_analysis()
        if found.publishing is not None:
            found.publishing.cancel()

    def invalidate(self) -> None:
        """Settings or templates changed: every analysis is stale, and those under way are
        given up (their threads finish, unused)."""
        self.generation += 1
        for found in self:
            found.drop_analysis()
            found.stop_analysis()

    def stop_analyses(self) -> None:
        for found in self:
            found.stop_analysis()

    # the cache -----------------------------------------------------------------------------
    def is_current(self, found: CachedAnalysis, doc: TextDocument) -> bool:
        """Whether an analysis is of this document as it is now (a document closed and
        opened again starts over at some version)."""
        return (
            found.document is doc
            and found.version == doc.version
            and found.generation == self.generation
        )

    def fresh(self, uri: str, doc: TextDocument) -> CachedAnalysis | None:
        """The cached analysis of ``doc``'s current version, now the most recently used."""
        state = self._states.get(uri)
        found = state.cached if state is not None else None
        if found is None or not self.is_current(found, doc):
            return None
        self._states.move_to_end(uri)
        return found

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
        self.state(uri).cached = found
        self._states.move_to_end(uri)
        self.trim()
        return found

    def converted(self, uri: str) -> Converted:
        """The document's converted diagnostics, for the next conversion to reuse."""
        state = self._states.get(uri)
        return state.converted if state is not None and state.converted is not None else {}

    def keep_converted(self, uri: str, converted: Converted) -> None:
        """Keep a document's converted diagnostics as long as its analysis is cached."""
        state = self._states.get(uri)
        if state is not None and state.cached is not None:
            state.converted = converted

    def trim(self) -> None:
        """Drop the least recently used documents' analyses, with their analyzers and
        converted diagnostics, beyond the budget; the most recent stays even when it alone
        is over. A document dropped is analysed again when asked for; its other state is
        kept."""
        cached = self._cached()
        total = sum(found.characters for _, found in cached)
        for uri, found in cached[:-1]:
            if total <= self.budget:
                break
            total -= found.characters
            self._states[uri].drop_analysis()

    def _cached(self) -> list[tuple[str, CachedAnalysis]]:
        """The documents' analyses, least recently used first."""
        return [
            (uri, state.cached) for uri, state in self._states.items() if state.cached is not None
        ]

    def cache_state(self) -> dict[str, Any]:
        """What the cache holds, for tests: documents least recently used first."""
        cached = self._cached()
        states = self._states.items()
        return {
            "budget": self.budget,
            "characters": sum(found.characters for _, found in cached),
            "documents": [
                {"uri": uri, "characters": found.characters, "full": found.full}
                for uri, found in cached
            ],
            "analyzers": sorted(uri for uri, state in states if state.analyzer is not None),
            "converted": sorted(uri for uri, state in states if state.converted is not None),
        }
