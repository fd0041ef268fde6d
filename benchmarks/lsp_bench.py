"""One editing session against a language server: start, open, type, measure."""

from __future__ import annotations

import math
import os
import random
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
    """The client's copy of the document, kept in step with the edits it sends."""

    uri: str
    lines: list[str]
    version: int = 1
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def typing_positions(self) -> list[int]:
        """Lines that hold text: typing there changes words, not the Markdown structure."""
        return [i for i, line in enumerate(self.lines) if any(c.isalnum() for c in line)]

    def type_one(self, candidates: list[int]) -> Message:
        """Insert one character at a random place in the text; return the didChange range event."""
        line_number = self.rng.choice(candidates)
        line = self.lines[line_number]
        first_text = next(i for i, c in enumerate(line) if c.isalnum())
        column = self.rng.randint(first_text, len(line))
        character = self.rng.choice(TYPED_CHARACTERS)
        self.lines[line_number] = line[:column] + character + line[column:]
        self.version += 1
        utf16_column = len(line[:column].encode("utf-16-le")) // 2
        position = {"line": line_number, "character": utf16_column}
        return {"range": {"start": position, "end": position}, "text": character}

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def run_session(
    server: ServerSpec,
    document: Document,
    workload: Workload,
    seed: int,
    on_ready: Callable[[int], None] | None = None,
) -> Session:
    """Start the server, open the document, type into it and measure every answer.

    `on_ready` gets the server's process id once it is initialized, before the document opens.
    """
    with tempfile.TemporaryDirectory(prefix="bench-ws-") as workspace:
        root = Path(workspace)
        path = root / "note.md"
        path.write_text(document.text, encoding="utf-8")
        typed = TypedDocument(path.as_uri(), document.text.splitlines(), rng=random.Random(seed))
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
        self.candidates = document.typing_positions()
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
        change = self.document.type_one(self.candidates)
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
