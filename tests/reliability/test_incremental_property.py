"""The incremental analysis of successive versions equals a fresh analysis of each version:
the same findings, slots and section tree, whatever edits led there."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_notes.analysis import Analysis, analyze
from interview_notes.incremental import IncrementalAnalyzer
from interview_notes.settings import Settings
from interview_notes.structure import Section
from interview_notes.template import TemplateSet

from .support import example_text, seed_text

TEMPLATES = TemplateSet.load()
TOKENS = (
    "#",
    "## X\n",
    "# Title\n",
    "### Sub\n",
    "```",
    "```\n",
    "~~~\n",
    "<!--",
    "-->",
    "|",
    "| a | b |\n",
    "\r\n",
    "\n",
    "\r",
    "**N:**",
    "**Notes:**",
    "- ",
    "- Field: ",
    "- [ ] ",
    "    ",
    "> ",
    "---\n",
    "😀",
    "\x00",
    "\u2028",
    "N/A",
    "<!-- interview-notes-disable -->",
)
BASES = {
    "seed": seed_text(),
    "example x3": example_text() * 3,
    "seed with CRLF": seed_text().replace("\n", "\r\n"),
}
EXAMPLES = int(os.environ.get("INTERVIEW_NOTES_PROPERTY_EXAMPLES", "100"))

edit = st.tuples(
    st.floats(min_value=0, max_value=1),
    st.one_of(st.sampled_from(TOKENS), st.integers(min_value=1, max_value=300)),
)


def tree(section: Section) -> tuple[Any, ...]:
    return (
        section.title,
        section.level,
        section.start_line,
        section.end_line,
        section.heading_span,
        section.has_text,
        repr(section.slots),
        tuple(tree(child) for child in section.children),
    )


def summary(analysis: Analysis) -> tuple[Any, ...]:
    note = analysis.note
    return (
        analysis.template.name if analysis.template else None,
        analysis.findings,
        analysis.slots,
        tree(note.root),
        [tree(section) for section in note.sections],
    )


def apply(text: str, at: float, what: str | int) -> str:
    offset = int(at * len(text))
    if isinstance(what, int):
        return text[:offset] + text[offset + what :]
    return text[:offset] + what + text[offset:]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(
    base=st.sampled_from(sorted(BASES)),
    edits=st.lists(edit, min_size=1, max_size=12),
)
def test_incremental_analysis_equals_a_fresh_one(base: str, edits: list[Any]) -> None:
    analyzer = IncrementalAnalyzer(TEMPLATES, Settings())
    text = BASES[base]
    assert summary(analyzer.analyze(text)) == summary(analyze(text, TEMPLATES))
    for at, what in edits:
        text = apply(text, at, what)
        assert summary(analyzer.analyze(text)) == summary(analyze(text, TEMPLATES)), repr(text)
