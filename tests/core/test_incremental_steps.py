"""An editor's findings after each kind of one-line edit, and after its undo, are those of
opening the file afresh, whether the edit stays within its section or makes the analysis start
over (a heading deepened, a fence opened, a line ending or the front matter changed)."""

from __future__ import annotations

from typing import Any

import pytest
from interview_notes.analysis import Analysis
from interview_notes.incremental import IncrementalAnalyzer
from interview_notes.settings import Settings
from interview_notes.structure import Section

from .expectations import analyze_text, bundled_templates

SEED = bundled_templates().templates[0].text
LAST_LINE = next(line for line in reversed(SEED.split("\n")) if line.strip())
WITH_FRONT_MATTER = "---\ntitle: Design a URL shortener\n---\n" + SEED
SHORT = "# System Design Interview Notes\n\n## Interview Date\n_Date: November 4, 2025_\n"
# An empty heading closes "Key Components to Consider": it is empty, and the fix that fills it
# brings the subsections the interview lacks, wherever they are.
EMPTIED = SEED.replace("## Key Components to Consider\n", "## Key Components to Consider\n#\n", 1)
# "Feedback Received" is missing: its fix inserts it before the next heading, with a blank line
# first when the line above that heading holds text.
FEEDBACK = SEED[SEED.index("## Feedback Received") : SEED.index("## Post-Interview Reflection")]
WITHOUT_FEEDBACK = SEED.replace(FEEDBACK, "")


def tree(section: Section) -> tuple[Any, ...]:
    children = tuple(tree(child) for child in section.children)
    slots = repr(section.slots)
    return section.title, section.level, section.start_line, section.end_line, slots, children


def seen(analysis: Analysis) -> tuple[Any, ...]:
    """What an editor shows: the findings, the slots and the outline."""
    template = analysis.template.name if analysis.template else None
    return template, analysis.findings, analysis.slots, tree(analysis.note.root)


EDITS = {
    "a box ticked": (SEED, "- [ ] What are we building?", "- [x] What are we building?"),
    "a heading renamed": (SEED, "Understanding the Problem", "Understanding the Problems"),
    "a heading deepened": (SEED, "### 2. **WHY**", "#### 2. **WHY**"),
    "a block left open": (SEED, "---\n\n### 2. **WHY**", "---\n<div>\n### 2. **WHY**"),
    "a note no longer recognised": (SHORT, "Interview Notes", "Interview Notez"),
    "a fence opened": (SEED, "- [ ] Why these trade-offs?", "```"),
    "a heading typed": (SEED, "- [ ] Why these trade-offs?", "## Trade-offs"),
    "the last line edited": (SEED, LAST_LINE, LAST_LINE + " and more"),
    "a line ending changed": (SEED, "_Duration: 31 minutes_\n", "_Duration: 31 minutes_\r\n"),
    "the first line ending changed": (SEED, "Interview Notes\n", "Interview Notes\r\n"),
    "front matter edited": (WITH_FRONT_MATTER, "URL shortener", "chat service"),
    "a label over a list before a blank line": (
        SEED,
        "- Technology choice:",
        "**N:**- Technology choice:",
    ),
    "the line above a missing section's place written": (
        WITHOUT_FEEDBACK,
        "---\n\n## Post-Interview Reflection",
        "---\n|\n## Post-Interview Reflection",
    ),
    "a subsection of an empty section renamed": (
        EMPTIED,
        "### Message Queue/Async Processing",
        "### Message Queue/A",
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_and_its_undo_read_as_a_fresh_analysis(name: str) -> None:
    text, old, new = EDITS[name]
    edited = text.replace(old, new, 1)
    assert edited != text
    analyzer = IncrementalAnalyzer(bundled_templates(), Settings())
    for version in (text, edited, text):
        assert seen(analyzer.analyze(version)) == seen(analyze_text(version))


TWO_INTERVIEWS = SEED + "\n" + SEED.replace("Key Components", "Main Components")


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("Enter near the top", lambda lines: lines.insert(5, "")),
        ("a line removed", lambda lines: lines.pop(6)),
        ("a heading added", lambda lines: lines.insert(8, "## Trade-offs Discussed")),
        ("Enter in the second interview", lambda lines: lines.insert(len(lines) // 2 + 20, "")),
    ],
)
def test_a_line_added_or_removed_moves_the_chunks_below_without_parsing_them(
    name: str, edit: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunks below a line added or removed keep their parse and their findings, moved:
    only the touched chunk is parsed again, and what the editor shows is a fresh analysis's."""
    import interview_notes.incremental as incremental

    analyzer = IncrementalAnalyzer(bundled_templates(), Settings())
    analyzer.analyze(TWO_INTERVIEWS)
    lines = TWO_INTERVIEWS.split("\n")
    edit(lines)
    text = "\n".join(lines)
    parsed: list[int] = []
    real = incremental.parse_chunk

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(incremental, "parse_chunk", counting)
    assert seen(analyzer.analyze(text)) == seen(analyze_text(text))
    assert len(parsed) <= 2, f"{name}: chunks parsed again at lines {parsed}"
