"""``.gitignore``-style patterns: which files ``.gitignore``, ``exclude`` and ``include`` name.

Patterns come from files anyone can commit, so matching must stay cheap whatever they say.
Compiling a whole pattern into one regular expression (as gitignore libraries do) backtracks:
``*a*a*a*b`` took 3.7 s against one path with long names. Here a path is matched segment by
segment: each segment with :func:`fnmatch.fnmatchcase`, whose expressions never backtrack
(each ``*`` is atomic), and ``**`` by a table over (pattern segment, path segment), so a
match costs at most patterns x segments small matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

# A bounded number of bounded patterns: a hostile file costs little.
MAX_PATTERNS = 1000
MAX_PATTERN_CHARS = 500
ANY_DEPTH = "**"


@dataclass(frozen=True)
class Glob:
    """One pattern: its segments (``**`` for any number of folders), whether it re-includes
    (``!``) and whether it names folders only (a trailing ``/``)."""

    segments: tuple[str, ...]
    negated: bool = False
    folders_only: bool = False


def _segment(text: str) -> str:
    """A pattern segment in :mod:`fnmatch`'s syntax: ``\\x`` is the character x, ``[^`` is
    ``[!``, and ``**`` inside a name is ``*``."""
    if text == ANY_DEPTH:
        return text
    found: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            escaped = text[index + 1]
            found.append(f"[{escaped}]" if escaped in "*?[" else escaped)
            index += 2
            continue
        if char == "[" and text.startswith("[^", index):
            found.append("[!")
            index += 2
            continue
        if char == "*" and found and found[-1] == "*":
            index += 1
            continue
        found.append(char)
        index += 1
    return "".join(found)


def parse(line: str) -> Glob | None:
    """A pattern from one line of a ``.gitignore``; ``None`` for blanks and comments."""
    if len(line) > MAX_PATTERN_CHARS:
        return None
    text = line.rstrip("\r\n")
    stripped = text.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(text):
        stripped += " "  # an escaped trailing space is kept
    text = stripped
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated or text.startswith(("\\!", "\\#")):
        text = text[1:]
    folders_only = text.endswith("/")
    text = text.rstrip("/")
    if not text:
        return None
    # A pattern with a slash before its end is relative to its file's folder; one without
    # matches at any depth.
    anchored = "/" in text
    segments = tuple(_segment(part) for part in text.lstrip("/").split("/") if part)
    if not segments:
        return None
    if not anchored:
        segments = (ANY_DEPTH, *segments)
    return Glob(segments, negated, folders_only)


def _matches(segments: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether the pattern's segments match the path's. ``reach[j]``: the segments seen so
    far match the first ``j`` parts. A ``**`` matches any number of parts, at least one at
    the end of a pattern (``logs/**`` is what is inside ``logs``)."""
    reach = [True] + [False] * len(parts)
    last = len(segments) - 1
    for position, segment in enumerate(segments):
        if segment == ANY_DEPTH:
            least = 1 if position == last and position > 0 else 0
            seen = False
            following = [False] * len(reach)
            for j in range(len(reach)):
                if j - least >= 0 and reach[j - least]:
                    seen = True
                following[j] = seen
            reach = following
        else:
            reach = [False] + [
                reach[j] and fnmatchcase(parts[j], segment) for j in range(len(parts))
            ]
        if not any(reach):
            return False
    return reach[-1]


class PatternSet:
    """Patterns in file order; the last one that matches decides, as in git."""

    def __init__(self, lines: Iterable[str]) -> None:
        found = (parse(line) for line in lines)
        self.globs = [glob for glob in found if glob is not None][:MAX_PATTERNS]

    def __bool__(self) -> bool:
        return bool(self.globs)

    def decide(self, parts: Sequence[str], is_folder: bool) -> bool | None:
        """``True`` when the last matching pattern names the path, ``False`` when it
        re-includes it, ``None`` when no pattern matches."""
        verdict: bool | None = None
        for glob in self.globs:
            if glob.folders_only and not is_folder:
                continue
            if _matches(glob.segments, parts):
                verdict = not glob.negated
        return verdict

    def names(self, relative: str, is_folder: bool = False) -> bool:
        """Whether the patterns name the path (``a/b.md``, from their root) or a folder it
        is in: ``drafts/`` names every file under ``drafts``."""
        parts = [part for part in relative.split("/") if part]
        for depth in range(1, len(parts)):
            if self.decide(parts[:depth], True):
                return True
        return bool(parts) and bool(self.decide(parts, is_folder))
