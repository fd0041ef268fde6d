"""What the reliability tests share: the client's own copy of a document, random edits to
it in a session's position units, and checks that ranges from the server fit the text."""

from __future__ import annotations

import bisect
import hashlib
import os
import random
from dataclasses import dataclass
from pathlib import Path

from interview_notes.text import LINE_BREAK
from lsprotocol import types

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED_NOTE = REPO / "server" / "interview_notes" / "templates" / "system-design.md"
EXAMPLE = REPO / "examples" / "url-shortener.md"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
LOCAL_CORPUS = REPO / "tests" / "fixtures" / "corpus"

FUZZ_SEED = os.environ.get("INTERVIEW_NOTES_FUZZ_SEED", "20250601")
FUZZ_EDITS = int(os.environ.get("INTERVIEW_NOTES_FUZZ_EDITS", "10500"))

# Pieces of text an editor can produce: line breaks of every kind, characters outside the
# Basic Multilingual Plane (surrogate pairs in UTF-16), combining marks, NUL, separators
# that str.splitlines breaks at but the protocol does not, and the Markdown that moves
# section and block boundaries.
FRAGMENTS = (
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "😀",
    "👩‍👩‍👧",
    "\U0001d518\U0001d52b\U0001d526",
    "e\u0301",
    "\u0301",
    "\x00",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0c",
    "\x0b",
    "\ufeff",
    "\t",
    "中文",
    "## X\n",
    "# T\n",
    "### Y\r\n",
    "```\n",
    "~~~",
    "<!--",
    "-->",
    "| a | b |\n",
    "|---|---|\n",
    "|",
    "- ",
    "- Field: value\n",
    "**Notes:**",
    "**N:**",
    "- [ ] ",
    "- [x] ",
    "> ",
    "---\n",
    "template: system-design\n",
    "N/A",
    "word ",
    "_Date: 2024-01-01_\n",
    "<!-- interview-notes-disable -->",
)


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the session's position units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def lsp_lines(text: str) -> list[str]:
    """Lines as the protocol counts them: broken at CRLF, CR and LF only."""
    return LINE_BREAK.split(text)


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def position_at(
    text: str, offset: int, encoding: str, starts: list[int] | None = None
) -> types.Position:
    """The client position of a code-point offset (never between CR and LF)."""
    starts = starts if starts is not None else line_starts(text)
    line = bisect.bisect_right(starts, offset) - 1
    return types.Position(line, units(text[starts[line] : offset], encoding))


def addressable(text: str, offset: int) -> int:
    """An offset a client can name: the gap inside a CRLF pair has no position."""
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset - 1
    return offset


def random_insert(rng: random.Random) -> str:
    count = rng.choice((1, 1, 1, 2, 3, 4))
    return "".join(rng.choice(FRAGMENTS) for _ in range(count))


@dataclass(frozen=True)
class Change:
    """One content change as both sides see it: offsets for the client's copy, the event
    as the wire carries it."""

    start: int
    end: int
    text: str
    event: types.TextDocumentContentChangeEvent


def random_change(
    rng: random.Random,
    text: str,
    encoding: str,
    low: int = 3_000,
    high: int = 12_000,
    keep: int = 0,
    pool: str = "",
) -> Change:
    """An insert, delete or replace at a random place, sometimes across many lines, or a
    paste of a piece of the text itself; the length stays roughly between ``low`` and
    ``high`` characters; now and then the whole text is sent. The first ``keep``
    characters are edited only once in twenty changes, so a note mostly stays a note;
    pastes come from ``pool`` (whole lines) when given."""
    if rng.random() < 0.005:
        new = text[: rng.randrange(len(text) + 1)] + random_insert(rng)
        return Change(0, len(text), new, types.TextDocumentContentChangeWholeDocument(new))
    first = 0 if rng.random() < 0.05 else min(keep, len(text))
    start = rng.randrange(first, len(text) + 1)
    roll = rng.random()
    if len(text) > high:
        roll = 0.9
    elif len(text) < low:
        roll = min(roll, 0.6)
    if roll < 0.45:
        length = 0
    elif roll < 0.85:
        length = rng.choice((1, 1, 2, 3, 5, 8))
    else:
        length = rng.randrange(20, 400)
    end = addressable(text, min(len(text), start + length))
    start = addressable(text, start)
    if roll >= 0.85 or (roll >= 0.45 and rng.random() < 0.5):
        inserted = ""
    elif rng.random() < 0.15 and (pool or text):
        source = pool or text
        at = rng.randrange(len(source))
        inserted = source[at : at + rng.randrange(20, 600)]
        if pool:
            inserted = "\n" + inserted[inserted.find("\n") + 1 :]
    else:
        inserted = random_insert(rng)
    starts = line_starts(text)
    found = types.Range(
        position_at(text, start, encoding, starts), position_at(text, end, encoding, starts)
    )
    event = types.TextDocumentContentChangePartial(range=found, text=inserted)
    return Change(start, end, inserted, event)


def apply_change(text: str, change: Change) -> str:
    return text[: change.start] + change.text + text[change.end :]


class RangeChecker:
    """Checks that positions name places in one version of the text, in client units, on
    character boundaries (never inside a surrogate pair or a UTF-8 sequence)."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.encoding = encoding
        self.lines = lsp_lines(text)
        self._bounds: dict[int, frozenset[int]] = {}

    def bounds(self, line: int) -> frozenset[int]:
        found = self._bounds.get(line)
        if found is None:
            total = 0
            stops = [0]
            for char in self.lines[line]:
                total += units(char, self.encoding)
                stops.append(total)
            found = self._bounds[line] = frozenset(stops)
        return found

    def position(self, where: types.Position, what: str) -> None:
        assert 0 <= where.line < len(self.lines), f"{what}: line {where.line} past the end"
        assert where.character in self.bounds(where.line), (
            f"{what}: character {where.character} is not a boundary of line {where.line} "
            f"({self.lines[where.line]!r})"
        )

    def range(self, found: types.Range, what: str) -> None:
        self.position(found.start, what)
        self.position(found.end, what)
        start, end = found.start, found.end
        assert (start.line, start.character) <= (end.line, end.character), f"{what}: reversed"

    def line(self, line: int, what: str) -> None:
        assert 0 <= line < len(self.lines), f"{what}: line {line} past the end"


def server_command(*extra: str) -> list[str]:
    import sysconfig

    return [str(Path(sysconfig.get_path("scripts")) / "interview-notes-lsp"), *extra]


def seed_text() -> str:
    return SEED_NOTE.read_text(encoding="utf-8")


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")
