"""One editing session against a language server: start, open, type, measure."""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from documents import Document
from lsp_client import CLIENT_CAPABILITIES, LspClient, Message, ServerError

INCREMENTAL_SYNC = 2
TYPED_CHARACTERS = "etaoinshrdlucmfwypvbgk"
IN_WORDS = "in words"
ANYWHERE = "anywhere"
TYPING_MODELS = (IN_WORDS, ANYWHERE)
LETTER, ENTER, JOIN = "letter", "enter", "backspace at line start"
HEADING, PIPE, LIST_MARKER = "heading", "pipe", "list marker"
ANYWHERE_MIX = (
    (LETTER, 40),
    (ENTER, 15),
    (JOIN, 15),
    (HEADING, 10),
    (PIPE, 10),
    (LIST_MARKER, 10),
)
# Structural inserts not yet undone, at most, per kind: beyond, the next one is a delete.
MAX_PENDING = 6
# What each toggled edit types ("" for a random letter), and the lines it types into.
TYPED_MARKS = {HEADING: "", PIPE: "|", LIST_MARKER: "- "}
TARGET_LINES = {
    HEADING: re.compile(r"^#{1,6}\s+\S"),
    PIPE: re.compile(r"^\s*\|"),
    LIST_MARKER: re.compile(r"^[A-Za-z0-9*_\[]"),
}
# Lines that are markup only (fences, thematic breaks, table delimiter rows): a letter or a line
# break in them would change the structure of everything after them, for good.
MARKUP_ONLY = re.compile(r"^\s*(`{3,}|~{3,}|([-*_]\s*){3,}$|\|?(\s*:?-+:?\s*\|)+\s*(:?-+:?\s*)?$)")
MARKUP = re.compile(r"^\s*(#{1,6}\s+|[-*+](\s+(\[[ xX]\]\s+)?|$)|\d+[.)]\s+|>\s*|\|)?")
START_TIMEOUT = 60.0
ANSWER_TIMEOUT = 30.0


@dataclass(frozen=True)
class Workload:
    edits: int
    bursts: int
    burst_size: int


@dataclass(frozen=True)
class ServerSpec:
    name: str
    argv: list[str]


@dataclass
class Session:
    """The raw figures of one session: one server, one document, one run."""

    cold_start_ms: float
    first_diagnostics_ms: float
    spawn_to_first_diagnostics_ms: float
    keystroke_ms: list[float]
    cpu_ms_per_edit: float
    burst_ms: list[float]
    publishes_per_burst: list[int]
    peak_rss_mib: float
    sync_kind: int
    echoes_version: bool
    findings_on_open: int
    findings_at_end: int
    typing: str = IN_WORDS
    lines_at_end: int = 0

    def summary(self) -> dict[str, float]:
        p50, p90, p99 = percentiles(self.keystroke_ms)
        return {
            "cold_start_ms": self.cold_start_ms,
            "first_diagnostics_ms": self.first_diagnostics_ms,
            "spawn_to_first_diagnostics_ms": self.spawn_to_first_diagnostics_ms,
            "keystroke_p50_ms": p50,
            "keystroke_p90_ms": p90,
            "keystroke_p99_ms": p99,
            "cpu_ms_per_edit": self.cpu_ms_per_edit,
            "burst_p50_ms": median_or_nan(self.burst_ms),
            "publishes_per_burst": median_or_nan(self.publishes_per_burst),
            "peak_rss_mib": self.peak_rss_mib,
        }

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary()}


@dataclass
class TypedDocument:
    """The client's copy of the document, kept in step with the edits it sends.

    Two typing models choose the edits (both from the seeded `rng`, so every server of a run
    receives the same ones). "in words" inserts one letter into a line that holds text, at or
    after its first letter or digit: words change, the Markdown structure does not. "anywhere"
    types at any line and column and also changes the structure: it presses Enter (a line
    more), backspace at a line start (a line less), types in headings, types and deletes table
    pipes and list markers. Every structural insert is remembered (its place follows later
    edits) and is what the matching delete removes, so the document changes but does not drift.
    """

    uri: str
    lines: list[str]
    typing: str = IN_WORDS
    version: int = 1
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    candidates: list[int] = field(default_factory=list)
    splits: list[int] = field(default_factory=list)
    typed: dict[str, list[list[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.typing not in TYPING_MODELS:
            raise ValueError(f"unknown typing model {self.typing!r}")
        self.candidates = [i for i, line in enumerate(self.lines) if any(c.isalnum() for c in line)]
        self.typed = {kind: [] for kind in TYPED_MARKS}

    def type_one(self) -> Message:
        """The next keystroke of the typing model, applied here; return its didChange event."""
        return self.in_words() if self.typing == IN_WORDS else self.anywhere()

    def in_words(self) -> Message:
        """Insert one letter into a line that holds text, at or after its first letter or digit."""
        line_number = self.rng.choice(self.candidates)
        line = self.lines[line_number]
        first_text = next(i for i, c in enumerate(line) if c.isalnum())
        column = self.rng.randint(first_text, len(line))
        return self.insert(line_number, column, self.rng.choice(TYPED_CHARACTERS))

    def anywhere(self) -> Message:
        """One keystroke of the mix in ANYWHERE_MIX at a random line and column."""
        roll = self.rng.random() * sum(weight for _, weight in ANYWHERE_MIX)
        kind = ANYWHERE_MIX[-1][0]
        for name, weight in ANYWHERE_MIX:
            if roll < weight:
                kind = name
                break
            roll -= weight
        if kind == ENTER and len(self.splits) >= MAX_PENDING:
            kind = JOIN
        if kind == JOIN and self.splits:
            return self.join(self.rng.choice(self.splits))
        if kind in (ENTER, JOIN):
            line_number, column = self.anywhere_position()
            change = self.insert(line_number, column, "\n")
            self.splits.append(line_number + 1)
            return change
        if kind in TYPED_MARKS:
            return self.toggle(kind)
        line_number, column = self.anywhere_position()
        return self.insert(line_number, column, self.rng.choice(TYPED_CHARACTERS))

    def anywhere_position(self) -> tuple[int, int]:
        """A random line and a column after its markup.

        The line holds text, or was made by Enter (typing there starts a new line of text);
        letters typed into the blank lines between blocks, or into lines of markup only, would
        pile up into structure (setext headings, merged paragraphs, broken fences) that nothing
        undoes.
        """
        for _ in range(1000):
            line_number = self.rng.randrange(len(self.lines))
            line = self.lines[line_number]
            usable = line.strip() or line_number in self.splits
            if usable and not MARKUP_ONLY.match(line):
                return line_number, self.rng.randint(markup_end(line), len(line))
        return len(self.lines) - 1, len(self.lines[-1])

    def toggle(self, kind: str) -> Message:
        """Delete a heading letter, pipe or list marker typed before, or type a new one."""
        marks = self.typed[kind]
        while marks and (len(marks) >= MAX_PENDING or self.rng.random() < 0.5):
            mark = marks.pop(self.rng.randrange(len(marks)))
            text = TYPED_MARKS[kind] or self.lines[mark[0]][mark[1] : mark[1] + 1]
            if self.lines[mark[0]][mark[1] : mark[1] + len(text)] == text:
                return self.delete(mark[0], mark[1], len(text))
        wanted = TARGET_LINES[kind]
        lines = [i for i, line in enumerate(self.lines) if wanted.match(line)]
        if not lines:
            line_number, column = self.anywhere_position()
            return self.insert(line_number, column, self.rng.choice(TYPED_CHARACTERS))
        line_number = self.rng.choice(lines)
        line = self.lines[line_number]
        column = 0 if kind == LIST_MARKER else self.rng.randint(markup_end(line), len(line))
        text = TYPED_MARKS[kind] or self.rng.choice(TYPED_CHARACTERS)
        change = self.insert(line_number, column, text)
        marks.append([line_number, column])
        return change

    def insert(self, line_number: int, column: int, text: str) -> Message:
        """Insert `text` (one line's worth, or a single line break) at a place of the text."""
        position = self.position(line_number, column)
        line = self.lines[line_number]
        if text == "\n":
            self.lines[line_number : line_number + 1] = [line[:column], line[column:]]
            self.splits = [s + 1 if s > line_number else s for s in self.splits]
            for mark in self.marks():
                if mark[0] > line_number:
                    mark[0] += 1
                elif mark[0] == line_number and mark[1] >= column:
                    mark[0], mark[1] = line_number + 1, mark[1] - column
        else:
            self.lines[line_number] = line[:column] + text + line[column:]
            for mark in self.marks():
                if mark[0] == line_number and mark[1] >= column:
                    mark[1] += len(text)
        self.version += 1
        return {"range": {"start": position, "end": position}, "text": text}

    def delete(self, line_number: int, column: int, length: int) -> Message:
        """Delete `length` characters of one line from `column` on."""
        start, end = self.position(line_number, column), self.position(line_number, column + length)
        line = self.lines[line_number]
        self.lines[line_number] = line[:column] + line[column + length :]
        for marks in self.typed.values():
            marks[:] = [
                [m[0], m[1] - length if m[0] == line_number and m[1] >= column + length else m[1]]
                for m in marks
                if not (m[0] == line_number and column <= m[1] < column + length)
            ]
        self.version += 1
        return {"range": {"start": start, "end": end}, "text": ""}

    def join(self, line_number: int) -> Message:
        """Backspace at the start of a line: join it to the line before."""
        previous = self.lines[line_number - 1]
        start = self.position(line_number - 1, len(previous))
        end = {"line": line_number, "character": 0}
        self.lines[line_number - 1 : line_number + 1] = [previous + self.lines[line_number]]
        self.splits = [s - 1 if s > line_number else s for s in self.splits if s != line_number]
        for mark in self.marks():
            if mark[0] == line_number:
                mark[0], mark[1] = line_number - 1, mark[1] + len(previous)
            elif mark[0] > line_number:
                mark[0] -= 1
        self.version += 1
        return {"range": {"start": start, "end": end}, "text": ""}

    def marks(self) -> list[list[int]]:
        return [mark for marks in self.typed.values() for mark in marks]

    def position(self, line_number: int, column: int) -> Message:
        """An LSP position: the column counted in UTF-16 code units."""
        utf16_column = len(self.lines[line_number][:column].encode("utf-16-le")) // 2
        return {"line": line_number, "character": utf16_column}

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def markup_end(line: str) -> int:
    """Where the line's Markdown markup (heading hashes, list marker, quote, first pipe) ends."""
    found = MARKUP.match(line)
    return found.end() if found else 0


def run_session(
    server: ServerSpec,
    document: Document,
    workload: Workload,
    seed: int,
    on_ready: Callable[[int], None] | None = None,
    typing: str = IN_WORDS,
) -> Session:
    """Start the server, open the document, type into it (`typing` model) and measure.

    `on_ready` gets the server's process id once it is initialized, before the document opens.
    """
    with tempfile.TemporaryDirectory(prefix="bench-ws-") as workspace:
        root = Path(workspace)
        path = root / "note.md"
        path.write_text(document.text, encoding="utf-8")
        typed = TypedDocument(
            path.as_uri(), document.text.splitlines(), typing, rng=random.Random(seed)
        )
        log = root / "server-stderr.log"
        with log.open("wb") as stderr:
            client = LspClient(server.argv, root, stderr)
            try:
                return Editor(client, typed).measure(root, workload, on_ready)
            except ServerError as error:
                raise ServerError(
                    f"{server.name} on the {document.name}: {error}\n{tail(log)}"
                ) from error
            finally:
                client.close()


class Editor:
    """Drives one server the way an editor does while someone types."""

    def __init__(self, client: LspClient, document: TypedDocument) -> None:
        self.client = client
        self.document = document
        self.sync_kind = INCREMENTAL_SYNC
        self.echoes_version = True

    def measure(
        self, root: Path, workload: Workload, on_ready: Callable[[int], None] | None
    ) -> Session:
        client = self.client
        result, initialized_at = client.request(
            "initialize", initialize_params(root), START_TIMEOUT
        )
        self.sync_kind = sync_kind_of(result.get("capabilities", {}))
        client.notify("initialized", {})
        if on_ready is not None:
            on_ready(client.pid)
        opened_at, first, first_at = self.open()
        cpu_before = client.cpu_seconds()
        latencies: list[float] = []
        last = first
        for _ in range(workload.edits):
            latency, last = self.keystroke()
            latencies.append(latency)
        cpu_after = client.cpu_seconds()
        bursts = [self.burst(workload.burst_size) for _ in range(workload.bursts)]
        return Session(
            cold_start_ms=(initialized_at - client.spawned_ns) / 1e6,
            first_diagnostics_ms=(first_at - opened_at) / 1e6,
            spawn_to_first_diagnostics_ms=(first_at - client.spawned_ns) / 1e6,
            keystroke_ms=latencies,
            cpu_ms_per_edit=(cpu_after - cpu_before) * 1000 / max(workload.edits, 1),
            burst_ms=[latency for latency, _ in bursts if self.echoes_version],
            publishes_per_burst=[count for _, count in bursts if self.echoes_version],
            peak_rss_mib=client.peak_rss_kib() / 1024,
            sync_kind=self.sync_kind,
            echoes_version=self.echoes_version,
            findings_on_open=len(first["params"]["diagnostics"]),
            findings_at_end=len(last["params"]["diagnostics"]),
            typing=self.document.typing,
            lines_at_end=len(self.document.lines),
        )

    def open(self) -> tuple[int, Message, int]:
        """Send didOpen; return when it was written, the first publish and when that arrived."""
        document = self.document
        item = {"uri": document.uri, "languageId": "markdown", "version": 1, "text": document.text}
        opened_at = self.client.notify("textDocument/didOpen", {"textDocument": item})
        first, first_at = self.wait_for_publish(1, opened_at, START_TIMEOUT)
        self.echoes_version = first["params"].get("version") == 1
        return opened_at, first, first_at

    def keystroke(self) -> tuple[float, Message]:
        """Type one character and wait for the diagnostics of the new version."""
        written_at = self.type_one()
        version = self.document.version if self.echoes_version else None
        published, arrived_at = self.wait_for_publish(version, written_at, ANSWER_TIMEOUT)
        return (arrived_at - written_at) / 1e6, published

    def burst(self, size: int) -> tuple[float, int]:
        """Type `size` characters at once; time to the last version's diagnostics, publishes seen.

        Without versions in the server's publishes the last one cannot be told apart: the
        burst is typed (the document must stay in step) and its figures are dropped.
        """
        started_at = min(self.type_one() for _ in range(size))
        if not self.echoes_version:
            return math.nan, 0
        publishes = 0

        def last_version(message: Message) -> bool:
            nonlocal publishes
            if not is_publish(message, self.document.uri):
                return False
            publishes += 1
            return bool(message["params"].get("version") == self.document.version)

        _, arrived_at = self.client.wait_for(last_version, ANSWER_TIMEOUT)
        return (arrived_at - started_at) / 1e6, publishes

    def type_one(self) -> int:
        """Send one keystroke as didChange (the whole text to full-sync servers); return when."""
        change = self.document.type_one()
        if self.sync_kind != INCREMENTAL_SYNC:
            change = {"text": self.document.text}
        identifier = {"uri": self.document.uri, "version": self.document.version}
        return self.client.notify(
            "textDocument/didChange", {"textDocument": identifier, "contentChanges": [change]}
        )

    def wait_for_publish(
        self, version: int | None, sent_at: int, timeout: float
    ) -> tuple[Message, int]:
        """The first publishDiagnostics read after `sent_at`, of `version` if given.

        A publish without a version matches any version: some servers do not echo it.
        """
        uri = self.document.uri

        def wanted(message: Message) -> bool:
            if not is_publish(message, uri):
                return False
            return version is None or message["params"].get("version") in (None, version)

        while True:
            message, arrived_at = self.client.wait_for(wanted, timeout)
            if arrived_at >= sent_at:
                return message, arrived_at


def is_publish(message: Message, uri: str) -> bool:
    return bool(
        message.get("method") == "textDocument/publishDiagnostics"
        and message["params"]["uri"] == uri
    )


def executable(name: str) -> str | None:
    """A console script next to this interpreter, else one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else shutil.which(name)


def tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def initialize_params(root: Path) -> Message:
    return {
        "processId": None,
        "clientInfo": {"name": "interview-notes-bench"},
        "rootUri": root.as_uri(),
        "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
        "capabilities": CLIENT_CAPABILITIES,
    }


def sync_kind_of(capabilities: Message) -> int:
    sync = capabilities.get("textDocumentSync", 0)
    return int(sync["change"] if isinstance(sync, dict) else sync)


def median_or_nan(samples: list[float] | list[int]) -> float:
    return float(statistics.median(samples)) if samples else math.nan


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p90 and p99 of the samples (inclusive method, interpolated)."""
    if len(samples) < 2:
        value = samples[0] if samples else math.nan
        return value, value, value
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[89], cuts[98]
