"""Fix-all over thousands of generated notes: renamed, reordered, deleted and duplicated
sections, filled and emptied lines, unclosed comments, ``<pre>`` and fences at the end.

For every note, fix-all must be idempotent (twice is once), never add a second copy of a
heading, keep every line the user wrote that has text, and leave no safe fix behind: the
result re-checks clean of everything it fixed.
"""

from __future__ import annotations

import csv
import os
import random
from collections import Counter

import pytest
from interview_notes.analysis import analyze
from interview_notes.findings import Applicability, Finding
from interview_notes.fixes import fix_all
from interview_notes.template import TemplateSet
from interview_notes.text import LINE_BREAK, apply_edits

from .support import REPO, seed_text

TEMPLATES = TemplateSet.load()
SEED = seed_text()
NOTES = int(os.environ.get("INTERVIEW_NOTES_FIX_ALL_NOTES", "2000"))
FILLERS = ("Redis", "N/A", "😀 中文", "two words", "TODO", "<!-- later -->", "x")
ENDINGS = (
    "",
    "\n```\nleft open\n",
    "\n<!-- unclosed\n",
    "\n<pre>\nraw\n",
    "\n- item\n  ```\n  code\n",
)


def renames() -> dict[str, list[tuple[str, int]]]:
    """Headings people write for each template section (fixtures/renames.tsv)."""
    found: dict[str, list[tuple[str, int]]] = {}
    with (REPO / "tests" / "fixtures" / "renames.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["expected"] != "-":
                found.setdefault(row["expected"], []).append((row["heading"], int(row["level"])))
    return found


RENAMES = renames()


def blocks(text: str) -> list[list[str]]:
    """The seed cut at every heading: the title, then one block per section."""
    out: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.startswith("#") and out[-1]:
            out.append([])
        out[-1].append(line)
    return out


BLOCKS = blocks(SEED)


def generate(rng: random.Random) -> str:
    """One note from the template, changed the ways people change it."""
    title, *sections = [list(block) for block in BLOCKS]
    kept = [block for block in sections if rng.random() > 0.15]
    if len(kept) > 2 and rng.random() < 0.3:
        i, j = rng.sample(range(len(kept)), 2)
        kept[i], kept[j] = kept[j], kept[i]
    if kept and rng.random() < 0.15:
        kept.insert(rng.randrange(len(kept) + 1), list(rng.choice(kept)))
    lines: list[str] = title[:] if rng.random() < 0.8 else []
    for block in kept:
        heading, *body = block
        name = heading.lstrip("#").strip()
        options = [
            (h, lvl)
            for h, lvl in RENAMES.get(name, [])
            if lvl == len(heading) - len(heading.lstrip("#"))
        ]
        if options and rng.random() < 0.3:
            new, level = rng.choice(options)
            heading = "#" * level + " " + new
        lines.append(heading)
        for line in body:
            roll = rng.random()
            if roll < 0.1 and line.strip() and not line.startswith(("```", "|-", "---")):
                continue
            if roll < 0.3 and line.rstrip().endswith(":"):
                line = f"{line} {rng.choice(FILLERS)}"
            elif roll < 0.35 and line.startswith("| |"):
                line = f"| {rng.choice(FILLERS)} | | |"
            lines.append(line)
    text = "\n".join(lines)
    if not lines or not lines[0].startswith("# "):
        text = "---\ntemplate: system-design\n---\n" + text
    text += rng.choice(ENDINGS)
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text


def heading_counts(text: str) -> list[Counter[str]]:
    """How often each heading occurs, per interview of the file."""
    found = analyze(text, TEMPLATES)
    parts = found.layout.parts if found.layout is not None else []
    return [
        Counter(s.key for s in found.note.sections if part.contains(s.start_line)) for part in parts
    ]


def written(text: str) -> list[str]:
    """Lines with text a writer typed (a blank row or bullet carries none)."""
    return [line for line in LINE_BREAK.split(text) if line.strip(" \t|-*+")]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    rest = iter(big)
    return all(line in rest for line in small)


def has_safe_fix(finding: Finding) -> bool:
    return any(fix.applicability is Applicability.SAFE for fix in finding.fixes)


def check(text: str) -> None:
    result = fix_all(text, TEMPLATES)
    if result is None:
        found = analyze(text, TEMPLATES)
        assert not [f for f in found.findings if has_safe_fix(f)]
        return
    assert apply_edits(text, list(result.edits)) == result.text
    assert fix_all(result.text, TEMPLATES) is None, "fix-all twice differs from once"
    before, after = heading_counts(text), heading_counts(result.text)
    assert len(before) == len(after)
    # Each interview may gain its own copy of a section it lacks, never a second one.
    grown = [
        key
        for part, counts in enumerate(after)
        for key, count in counts.items()
        if count > max(1, before[part][key])
    ]
    assert not grown, f"headings duplicated: {grown}"
    assert is_subsequence(written(text), LINE_BREAK.split(result.text)), "a written line is gone"
    again = analyze(result.text, TEMPLATES)
    assert not [f for f in again.findings if has_safe_fix(f)]


@pytest.mark.parametrize("batch", range(10))
def test_fix_all_is_safe_on_generated_notes(batch: int) -> None:
    rng = random.Random(f"fix-all-{batch}")
    for _ in range(NOTES // 10):
        text = generate(rng)
        if rng.random() < 0.1:  # two interviews in one file
            second = generate(rng)
            if second.startswith("# "):
                text = f"{text}\n\n{second}"
        try:
            check(text)
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- note ---\n{text}") from None
