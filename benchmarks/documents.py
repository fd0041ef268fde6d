"""The documents the benchmark types into, and the notes the command line checks.

The template the server bundles, a long filled note (one interview loop in one file), many
interviews in one file of which half are left empty, and a folder of generated notes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_PATHS = (
    REPO / "server" / "interview_notes" / "templates" / "system-design.md",
    REPO.parent / "shared" / "seed" / "system-design-interview-notes.md",
)
LONG_NOTE_LINES = 5000
MANY_INTERVIEWS = 38
GENERATED_NOTES = 1000
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell")

PROBLEMS = (
    "URL shortener",
    "news feed",
    "chat service",
    "rate limiter",
    "distributed cache",
    "ride-sharing dispatch",
    "video upload pipeline",
    "payment ledger",
    "search autocomplete",
    "notification fan-out",
    "metrics ingestion",
    "hotel booking",
)
SENTENCES = (
    "Clarified read/write ratio: roughly 100:1, reads dominate, so caching pays off early.",
    "Estimated 50M daily active users, 2k writes/s at peak and about 200k reads/s.",
    "Chose PostgreSQL for the source of truth; sharded by user id with consistent hashing.",
    "Interviewer pushed on hot keys; proposed request coalescing plus a small local LRU.",
    "Kafka between ingest and processing absorbs bursts and lets consumers replay after bugs.",
    "Latency budget: p99 under 200 ms end to end, 50 ms of it for the storage round trip.",
    "Discussed idempotency keys so that client retries never double-charge or double-post.",
    "Multi-region active-passive first; active-active only if the RPO target demands it.",
    "Redis cluster as a write-through cache with a 10 minute TTL and jittered expiry.",
    "Back-of-envelope storage: 500 bytes per record, 1B records, about 0.5 TB before replication.",
    "Dead-letter queue for poison messages, with an alert when its depth grows for 5 minutes.",
    "Ran out of time before covering the analytics path; mentioned batch jobs on the object store.",
)
ANSWERS = {
    "technology choice": (
        "React SPA served from a CDN",
        "server-rendered pages with htmx",
        "native apps plus a web client",
    ),
    "key features": (
        "shorten, redirect, per-link analytics",
        "timeline, likes, follow graph",
        "1:1 and group chat, receipts",
    ),
    "performance considerations": (
        "edge caching of redirects",
        "lazy-load media, prefetch next page",
    ),
    "architecture pattern": (
        "stateless services behind an L7 load balancer",
        "a modular monolith, split later",
    ),
    "technology stack": (
        "Go services, gRPC inside, REST at the edge",
        "Kotlin on the JVM with Spring Boot",
    ),
    "scaling strategy": (
        "horizontal, autoscaling on CPU and queue depth",
        "shard by tenant, add cells per region",
    ),
    "type (sql/nosql)": (
        "PostgreSQL for the ledger, Cassandra for timelines",
        "DynamoDB, single-table design",
    ),
    "schema design": (
        "links(id, long_url, owner, created_at), index on owner",
        "messages keyed by (chat_id, ts)",
    ),
    "replication & backup": (
        "async replicas in two zones, nightly snapshots",
        "point-in-time recovery for 7 days",
    ),
    "database/technology": ("PostgreSQL 16",),
    "caching layer/technology": ("Redis cluster, 6 shards", "Memcached with a local LRU in front"),
    "strategy": ("cache-aside, 10 minute TTL with jitter", "write-through for hot profiles"),
    "invalidation approach": (
        "delete on write, versioned keys",
        "TTL only; staleness of a minute is fine",
    ),
    "message queue/async processing/technology": (
        "Kafka, 64 partitions",
        "SQS with a dead-letter queue",
    ),
    "use cases": ("fan-out of new posts, email notifications", "thumbnailing and transcoding"),
    "tools": ("Prometheus, Grafana, OpenTelemetry traces", "Datadog APM and structured logs"),
    "metrics to track": (
        "p99 latency, error rate, saturation, consumer lag",
        "cache hit ratio, queue depth",
    ),
    "alerting strategy": (
        "page on fast SLO burn, ticket on slow burn",
        "alert on symptoms, not causes",
    ),
}
GENERIC_ANSWERS = (
    "discussed briefly, see notes below",
    "agreed with the interviewer to skip",
    "sized for 10x growth",
)
QUESTIONS = (
    "How would you handle a region outage mid-write?",
    "What changes if traffic grows 10x in a month?",
    "How do you migrate the schema without downtime?",
    "Where would you add rate limiting, and keyed by what?",
    "How do you test the failover path regularly?",
)
ROWS = {
    "decision": (
        ("SQL over NoSQL", "transactions, joins", "harder to shard"),
        ("push fan-out", "fast reads", "write amplification for celebrities"),
        ("Kafka over a task queue", "replay, ordering per key", "more to operate"),
    ),
    "issue": (
        ("cache stampede", "synchronised TTL expiry", "jittered TTL, request coalescing"),
        ("consumer lag", "one slow partition", "rebalance, more partitions"),
        ("hot shard", "celebrity user ids", "split hot keys, read replicas"),
    ),
}
GENERIC_CELLS = ("see notes", "to revisit", "agreed")

FIELD = re.compile(r"^_(?P<key>[^:_]+):\s*.*_$")
LABEL = re.compile(r"^\*\*[^*]+:\*\*\s*$")
EMPTY_BULLET = re.compile(r"^\s*-\s*$")
LABELLED_BULLET = re.compile(r"^(?P<head>\s*- (?P<label>[^:]+):)\s*$")
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*)$")
EMPTY_ROW = re.compile(r"^\|(\s*\|)+\s*$")
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}")


@dataclass(frozen=True)
class Document:
    name: str
    text: str

    @property
    def line_count(self) -> int:
        return len(self.text.splitlines())


def load_template() -> Document:
    """The template the server bundles, or the seed it was made from."""
    path = next((p for p in TEMPLATE_PATHS if p.is_file()), None)
    if path is None:
        raise FileNotFoundError("no template found at " + ", ".join(str(p) for p in TEMPLATE_PATHS))
    return Document("template", path.read_text(encoding="utf-8"))


def long_note(template: Document, seed: int = 7) -> Document:
    """A whole interview loop in one file: the template filled once per round, then padded."""
    rng = random.Random(seed)
    front_matter, body = split_front_matter(template.text.splitlines())
    lines = list(front_matter)
    for round_number in range(1, 1000):
        round_lines = fill_round(body, round_number, rng)
        if len(lines) + len(round_lines) > LONG_NOTE_LINES:
            break
        lines += round_lines
    while len(lines) < LONG_NOTE_LINES:
        lines.append("- " + rng.choice(SENTENCES))
    return Document(f"{LONG_NOTE_LINES}-line note", "\n".join(lines) + "\n")


def many_interviews(template: Document, rounds: int = MANY_INTERVIEWS, seed: int = 11) -> Document:
    """The template repeated `rounds` times in one file; every other round filled, the rest empty.

    Each round carries its own title line (the template's first line), as in the long note.
    """
    rng = random.Random(seed)
    front_matter, body = split_front_matter(template.text.splitlines())
    lines = list(front_matter)
    for round_number in range(1, rounds + 1):
        lines += fill_round(body, round_number, rng) if round_number % 2 else [*body, ""]
    return Document("many interviews, half empty", "\n".join(lines) + "\n")


def generate_notes(
    template: Document, into: Path, count: int = GENERATED_NOTES, seed: int = 3
) -> Path:
    """`count` note files under `into`: filled, half filled and untouched template copies.

    A third of each kind (chosen at random), each with a title of its own, in folders of 100.
    """
    rng = random.Random(seed)
    front_matter, body = split_front_matter(template.text.splitlines())
    kinds = ("filled", "half filled", "empty")
    for index in range(count):
        round_number = index + 1
        problem = PROBLEMS[rng.randrange(len(PROBLEMS))]
        company = rng.choice(COMPANIES)
        kind = rng.choice(kinds)
        share = {"filled": 1.0, "half filled": 0.5, "empty": 0.0}[kind]
        lines = fill_round(body, round_number, rng, share)
        lines = retitle(lines, f"{problem} at {company}")
        folder = into / f"batch-{index // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{company} {problem}".lower()).strip("-")
        text = "\n".join([*front_matter, *lines]).rstrip("\n") + "\n"
        (folder / f"{index + 1:04d}-{slug}.md").write_text(text, encoding="utf-8")
    return into


def retitle(lines: list[str], subject: str) -> list[str]:
    """The first level-1 heading gets the subject appended, so that every note has its own."""
    for number, line in enumerate(lines):
        if line.startswith("# "):
            return [*lines[:number], f"{line}: {subject}", *lines[number + 1 :]]
    return [f"# {subject}", "", *lines]


def split_front_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    if lines and lines[0] == "---" and "---" in lines[1:]:
        end = lines.index("---", 1) + 1
        return lines[:end], lines[end:]
    return [], lines


def fill_round(
    body: list[str], round_number: int, rng: random.Random, share: float = 1.0
) -> list[str]:
    """One round of the template, its second-level sections filled with probability `share`."""
    filler = RoundFiller(round_number, rng)
    filled: list[str] = []
    keep = share >= 1.0
    for line in body:
        if share < 1.0 and line.startswith("## "):
            keep = rng.random() < share
        answer = filler.fill(line)
        filled += answer if keep else [line]
    return [*filled, ""]


class RoundFiller:
    """Fills one round of the template line by line, remembering the section and table it is in."""

    def __init__(self, round_number: int, rng: random.Random) -> None:
        self.round_number = round_number
        self.problem = PROBLEMS[(round_number - 1) % len(PROBLEMS)]
        self.rng = rng
        self.section = ""
        self.table = ""

    def fill(self, line: str) -> list[str]:
        if heading := HEADING.match(line):
            self.section = heading["title"].strip().lower()
        if line.startswith("|") and not self.table:
            self.table = line.strip("| ").split("|")[0].strip().lower()
        elif not line.startswith("|"):
            self.table = ""
        return self.fill_value(line)

    def fill_value(self, line: str) -> list[str]:
        if field := FIELD.match(line):
            return [f"_{field['key']}: {field_value(field['key'], self.round_number)}_"]
        if LABEL.match(line):
            opening = f"Round {self.round_number}, {self.problem}: {self.rng.choice(SENTENCES)}"
            return [line, "", opening, self.rng.choice(SENTENCES)]
        if line.lstrip().startswith("- [ ] "):
            return [line.replace("- [ ] ", "- [x] ", 1)]
        if EMPTY_BULLET.match(line):
            return [line.rstrip() + " " + self.rng.choice(QUESTIONS)]
        if bullet := LABELLED_BULLET.match(line):
            return [f"{bullet['head']} {self.answer(bullet['label'])}"]
        if EMPTY_ROW.match(line):
            return [self.row(line.count("|") - 1)]
        return [PLACEHOLDER.sub(lambda _: self.rng.choice(GENERIC_ANSWERS), line)]

    def answer(self, label: str) -> str:
        label = label.strip().lower()
        options = ANSWERS.get(f"{self.section}/{label}") or ANSWERS.get(label) or GENERIC_ANSWERS
        return self.rng.choice(options)

    def row(self, cells: int) -> str:
        rows = ROWS.get(self.table)
        values = self.rng.choice(rows) if rows else ()
        padded = [
            values[i] if i < len(values) else self.rng.choice(GENERIC_CELLS) for i in range(cells)
        ]
        return "| " + " | ".join(padded) + " |"


def field_value(key: str, round_number: int) -> str:
    lowered = key.lower()
    if "date" in lowered:
        return f"November {round_number % 28 + 1}, 2025"
    if "duration" in lowered:
        return f"{40 + round_number % 4 * 5} minutes"
    return PROBLEMS[(round_number - 1) % len(PROBLEMS)]
